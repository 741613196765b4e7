//! Mistakes an author makes often, said in their words instead of as a
//! list of what the grammar expected, and help for the ones a list is
//! right for.

use crate::error::Diagnostic;
use crate::span::Span;

/// Mistakes an author makes often, said in their words instead of as a list
/// of what the grammar expected: a string not closed on its line, a block
/// never closed, `=` for `==`, an award in money.
pub(super) fn plain_mistake(src: &str, pos: usize) -> Option<Diagnostic> {
    let rest = src.get(pos..).unwrap_or("");
    // A string that runs to the end of its line (strings cannot span lines).
    if let Some(open) = unclosed_string(src, pos) {
        let line_end = src.get(open..)?.find('\n').map_or(src.len(), |e| open + e);
        return Some(
            Diagnostic::error(
                src,
                Span::new(open, line_end),
                "this string is not closed on its line",
            )
            .with_help(Some("end it with `\"` before the end of the line".into())),
        );
    }
    if rest.trim().is_empty() {
        if let Some(open) = unclosed_brace(src) {
            return Some(
                Diagnostic::error(src, Span::new(open, open + 1), "this `{` is never closed")
                    .with_help(Some("close the block with `}`".into())),
            );
        }
    }
    if rest.starts_with('=') && !rest.starts_with("==") {
        return Some(
            Diagnostic::error(src, Span::new(pos, pos + 1), "`=` is not a comparison")
                .with_help(Some("compare with `==` (and `!=` for not equal)".into())),
        );
    }
    award_unit(src, pos)
        .or_else(|| currency_symbol(src, pos))
        .or_else(|| between_range(src, pos))
        .or_else(|| factor_form(src, pos))
        .or_else(|| campaign_on(src, pos))
        .or_else(|| calendar_period(src, pos))
        .or_else(|| requirement_parens(src, pos))
        .or_else(|| rate_unit(src, pos))
        .or_else(|| burn_unit(src, pos))
        .or_else(|| cap_unit(src, pos))
        .or_else(|| without_earning(src, pos))
}

/// A currency symbol where an amount goes (`per $1 of tx.amount`, `>=
/// $25.50`): an amount is a number and the currency's code.
fn currency_symbol(src: &str, pos: usize) -> Option<Diagnostic> {
    let rest = src.get(pos..)?;
    let (symbol, code) = [('$', "USD"), ('€', "EUR"), ('£', "GBP"), ('¥', "JPY")]
        .into_iter()
        .find(|(s, _)| rest.starts_with(*s))?;
    let after = rest.get(symbol.len_utf8()..)?;
    let number = after
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map_or(after, |end| after.get(..end).unwrap_or_default())
        .trim_end_matches(['.', ',']);
    let currency = declared_currency(src).unwrap_or(code);
    let help = if number.is_empty() {
        format!("write the amount, then `{currency}`: `10 {currency}`")
    } else {
        format!("write `{} {currency}`", number.replace(',', ""))
    };
    let end = pos + symbol.len_utf8() + number.len();
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, end),
            format!("amounts are written with the currency's code, not `{symbol}`"),
        )
        .with_help(Some(help)),
    )
}

/// `X between LOW and HIGH` in a condition (`between` belongs to campaign
/// schedules' hours): a range is two comparisons.
fn between_range(src: &str, pos: usize) -> Option<Diagnostic> {
    let after = src.get(pos..)?.strip_prefix("between")?;
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let before = src.get(..pos)?.trim_end();
    // In a condition: `when` since the last block opened or closed.
    let statement = before
        .rfind(['{', '}'])
        .map_or(before, |i| before.get(i..).unwrap_or_default());
    if !statement
        .split_whitespace()
        .any(|w| w == "when" || w == "where")
    {
        return None;
    }
    let value = before.split_whitespace().next_back()?;
    let range = after
        .split(['{', '\n'])
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let help = match range.split_once(" and ") {
        Some((low, high)) => format!("write `{value} >= {low} and {value} <= {high}`"),
        None => format!("write `{value} >= LOW and {value} <= HIGH`"),
    };
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, pos + "between".len()),
            "`between` is not an operator of conditions: a range is two comparisons",
        )
        .with_help(Some(help)),
    )
}

/// `multiply "Base" by 2x`, `by 150%`: a factor is a number.
fn factor_form(src: &str, pos: usize) -> Option<Diagnostic> {
    let before = src.get(..pos)?;
    let number = before
        .rsplit(|c: char| !(c.is_ascii_digit() || c == '.'))
        .next()
        .filter(|n| !n.is_empty())?;
    let lead = before.get(..before.len() - number.len())?.trim_end();
    if !lead.ends_with(" by") {
        return None;
    }
    // `multiply TARGETS` on this line, with no other `by` since.
    let statement = lead.get(..lead.len() - 3)?;
    let line = statement.rsplit(['{', '}', '\n']).next()?;
    let what = line.get(line.rfind("multiply")?..)?.trim_end();
    if what.contains(" by ") {
        return None;
    }
    let rest = src.get(pos..)?;
    let (written, factor) = if rest.starts_with('x') || rest.starts_with('X') {
        (format!("{number}x"), number.to_string())
    } else if rest.starts_with('%') {
        let pct = number.parse::<rust_decimal::Decimal>().ok()?;
        let factor = pct
            .checked_div(rust_decimal::Decimal::ONE_HUNDRED)?
            .normalize();
        (format!("{number}%"), factor.to_string())
    } else {
        return None;
    };
    let start = pos.checked_sub(number.len())?;
    Some(
        Diagnostic::error(
            src,
            Span::new(start, pos + 1),
            format!("a factor is a number: `{written}` is `by {factor}`"),
        )
        .with_help(Some(format!("write `{what} by {factor}`"))),
    )
}

/// `campaign "Black Friday" on 2026-11-27`, `on saturdays`: a campaign
/// runs from a date to a date, or every weekday or day of the month.
fn campaign_on(src: &str, pos: usize) -> Option<Diagnostic> {
    let after = src.get(pos..)?.strip_prefix("on")?;
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let before = src.get(..pos)?.trim_end();
    let name_start = before.strip_suffix('"')?.rfind('"')?;
    if !before.get(..name_start)?.trim_end().ends_with("campaign") {
        return None;
    }
    let next: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let weekday = crate::types::WEEKDAYS
        .iter()
        .find(|d| next.to_ascii_lowercase().trim_end_matches('s') == **d);
    let help = if next.len() == 10 && next.chars().filter(|c| *c == '-').count() == 2 {
        format!("one day is `from {next} to {next}`")
    } else if let Some(day) = weekday {
        format!("write `every {day}`")
    } else {
        "write `from 2026-11-27 to 2026-11-30`, `every saturday` or `every month on day 11`".into()
    };
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, pos + 2),
            "a campaign runs `from DATE to DATE`, or `every` weekday or day of the month",
        )
        .with_help(Some(help)),
    )
}

/// `per member per calendar year`: periods are calendar periods.
fn calendar_period(src: &str, pos: usize) -> Option<Diagnostic> {
    let after = src.get(pos..)?.strip_prefix("calendar")?;
    if !src.get(..pos)?.trim_end().ends_with("per") {
        return None;
    }
    let unit: String = after
        .trim_start()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    if !matches!(unit.as_str(), "year" | "month" | "quarter" | "week" | "day") {
        return None;
    }
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, pos + "calendar".len()),
            format!("periods are calendar periods: `per {unit}` is the calendar {unit}"),
        )
        .with_help(Some(format!("write `per {unit}`"))),
    )
}

/// The currency the program's header declares (`currency USD`), if its
/// text has one.
fn declared_currency(src: &str) -> Option<&str> {
    src.split_whitespace()
        .skip_while(|w| *w != "currency")
        .nth(1)
        .filter(|c| c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()))
}

/// A ledger's `expire after 18 months without earning`: the words of a
/// program that publishes it so, but the language says `without activity`
/// for that (every credit keeps the lots), and `without earning or
/// redeeming` when a redemption keeps them too.
fn without_earning(src: &str, pos: usize) -> Option<Diagnostic> {
    let before = src.get(..pos)?.trim_end();
    let words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
    if words.as_slice() != ["earning", "without"] {
        return None;
    }
    let start = before.len().checked_sub("earning".len())?;
    Some(
        Diagnostic::error(
            src,
            Span::new(start, before.len()),
            "lots expire `without activity` or `without earning or redeeming`",
        )
        .with_help(Some(
            "`after 18 months without activity` counts from the last day the balance was \
             credited (earning); `after 18 months without earning or redeeming` counts \
             redemptions too"
                .into(),
        )),
    )
}

/// A tier's requirement in parentheses (`silver when (5000 USD pqp and 15
/// flights) or 6000 USD pqp`): a condition takes them there, a requirement
/// does not, so `(` after `when`, `and` or `or` fails only in a
/// requirement. Its paths need none.
fn requirement_parens(src: &str, pos: usize) -> Option<Diagnostic> {
    if !src.get(pos..)?.starts_with('(') {
        return None;
    }
    let before = src.get(..pos)?.split_whitespace().next_back()?;
    if !matches!(before, "when" | "and" | "or") {
        return None;
    }
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, pos + 1),
            "a tier's requirement is written without parentheses",
        )
        .with_help(Some(
            "`and` joins the parts of a path and `or` joins the paths, each path whole: \
             `5000 USD spend and 15 flights or 6000 USD spend`"
                .into(),
        )),
    )
}

/// After `cap NUMBER`, a currency or a balance's name where `points` goes
/// (`cap 500 bucks per member per quarter`, `cap 50 USD per transaction`):
/// a cap counts points of whichever balance the rule awards.
fn cap_unit(src: &str, pos: usize) -> Option<Diagnostic> {
    let before: Vec<&str> = src.get(..pos)?.split_whitespace().rev().take(2).collect();
    let [number, "cap"] = before.as_slice() else {
        return None;
    };
    number.parse::<rust_decimal::Decimal>().ok()?;
    let word: String = src
        .get(pos..)?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if word.is_empty() || word.starts_with("point") || word == "per" {
        return None;
    }
    let points = if *number == "1" { "point" } else { "points" };
    let (message, help) = if word.len() == 3 && word.chars().all(|c| c.is_ascii_uppercase()) {
        (
            format!("a cap is a number of points, not an amount of {word}"),
            format!("write `cap {number} {points} ...`: a cap counts the points a rule awards"),
        )
    } else {
        (
            format!("a cap counts points: `{word}` is not a unit"),
            format!(
                "write `cap {number} {points} ...`: a rule's cap counts what it awards, to \
                 whichever balance; a cap of the whole program names its balance at the end \
                 (`... in {word}`)"
            ),
        )
    };
    Some(Diagnostic::error(src, Span::new(pos, pos + word.len()), message).with_help(Some(help)))
}

/// In a burn rule or reward, a balance's name where the unit `points`
/// goes (`rate 1 cash = 1 USD`, `costs 150 stars`): the balance is named
/// with `from`.
fn burn_unit(src: &str, pos: usize) -> Option<Diagnostic> {
    let before: Vec<&str> = src.get(..pos)?.split_whitespace().rev().take(2).collect();
    let [number, keyword] = before.as_slice() else {
        return None;
    };
    number.parse::<rust_decimal::Decimal>().ok()?;
    let reward = *keyword == "costs";
    let burn =
        ["rate", "minimum", "step", "maximum", "table"].contains(keyword) || keyword.ends_with(',');
    if !(reward || burn) {
        return None;
    }
    let rest = src.get(pos..)?;
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if !word.starts_with(|c: char| c.is_ascii_lowercase()) || word.starts_with("point") {
        return None;
    }
    let points = if *number == "1" { "point" } else { "points" };
    let (message, help) = if reward {
        (
            format!("a reward costs points: `{word}` is not a unit"),
            format!("write `costs {number} {points} from {word}` to pay it from that balance"),
        )
    } else {
        (
            format!("a burn rule counts points: `{word}` is not a unit"),
            format!(
                "write `{number} {points}`; the balance it spends is named after `from`: `burn \"...\" from {word} {{ ... }}`"
            ),
        )
    };
    Some(Diagnostic::error(src, Span::new(pos, pos + word.len()), message).with_help(Some(help)))
}

/// `per WORD of ...` where WORD is not a currency (`per litre of
/// line.quantity`): a rate is per unit of money, or per what is counted.
fn rate_unit(src: &str, pos: usize) -> Option<Diagnostic> {
    let rest = src.get(pos..)?;
    let after_of = rest.strip_prefix("of")?;
    if after_of.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let before = src.get(..pos)?.trim_end();
    let word_start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let word = before.get(word_start..)?;
    if !word.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let lead = before.get(..word_start)?.trim_end().strip_suffix("per")?;
    let award = lead
        .rfind("award")
        .and_then(|i| lead.get(i + "award".len()..));
    let base = statement_rest(after_of).trim();
    let at = Span::new(word_start, word_start + word.len());
    if word.len() == 3 && word.chars().all(|c| c.is_ascii_lowercase()) {
        let upper = word.to_ascii_uppercase();
        return Some(
            Diagnostic::error(
                src,
                at,
                format!("`{word}` is not a currency: currencies are written in capitals"),
            )
            .with_help(Some(format!("write `per {upper} of {base}`"))),
        );
    }
    let currency = declared_currency(src).unwrap_or("USD");
    let message = format!(
        "`{word}` is not a currency: `per` takes a currency (`per {currency} of line.amount`) \
         or what is counted (`per line.quantity`)"
    );
    let help = match award.map(str::trim) {
        Some(points) if !points.is_empty() && !base.is_empty() => {
            format!("to award per unit of a quantity, write `award {points} per {base}`")
        }
        _ => "to award per unit of a quantity, write `per line.quantity`".to_string(),
    };
    Some(Diagnostic::error(src, at, message).with_help(Some(help)))
}

/// The rest of a statement from `text` on: up to the end of its block or
/// line, without a comment.
fn statement_rest(text: &str) -> &str {
    let line = text.split(['}', '\n', '#']).next().unwrap_or("");
    line.split("//").next().unwrap_or("")
}

/// `cap N points per week`, `limit 1 per day`: a period is per member.
pub(super) fn member_period(src: &str, pos: usize) -> Option<String> {
    if !src.get(..pos)?.trim_end().ends_with(" per") {
        return None;
    }
    // The words of a period (`calendar_period`, `rolling_period`).
    const WORDS: [&str; 8] = [
        "day",
        "days",
        "week",
        "month",
        "months",
        "quarter",
        "year",
        "membership",
    ];
    let mut period = Vec::new();
    for w in src.get(pos..)?.split_whitespace() {
        let number = w.chars().all(|c| c.is_ascii_digit());
        if (number && period.is_empty()) || WORDS.contains(&w) {
            period.push(w);
        } else {
            break;
        }
    }
    let first = *period.first()?;
    (period.len() > 1 || WORDS.contains(&first)).then(|| {
        format!(
            "a period is counted per member: `per member per {}`",
            period.join(" ")
        )
    })
}

/// After `award NUMBER`, a word where the points' unit goes: a currency
/// (`award 5 USD`), or a balance's name (`award 5 miles per USD ...`; the
/// balance is named with `to`).
fn award_unit(src: &str, pos: usize) -> Option<Diagnostic> {
    let before: Vec<&str> = src.get(..pos)?.split_whitespace().rev().take(2).collect();
    let [number, "award"] = before.as_slice() else {
        return None;
    };
    number.parse::<rust_decimal::Decimal>().ok()?;
    let rest = src.get(pos..)?;
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let (message, help) = if word.len() == 3 && word.chars().all(|c| c.is_ascii_uppercase()) {
        let tail = statement_rest(rest.get(word.len()..)?).trim_end();
        let help = if tail.split_whitespace().any(|w| w == "to") {
            // Money counted into a balance of its own (a qualifying spend).
            format!(
                "write `award {number}{tail}`: an award counts in its balance's own unit, \
                 which it need not name"
            )
        } else {
            format!(
                "write `award {number} points`, or a rate such as `award 1 point per {word} of tx.amount`"
            )
        };
        (
            format!("an award is a number of points, not an amount of {word}"),
            help,
        )
    } else if word == "x" && src.get(..pos)?.ends_with(|c: char| c.is_ascii_digit()) {
        // `award 2x points`: a multiplier, from terms that say "2x points".
        let start = pos.checked_sub(number.len())?;
        return Some(
            Diagnostic::error(
                src,
                Span::new(start, pos + 1),
                format!("`{number}x` is a multiplier: an award is a number of points"),
            )
            .with_help(Some(format!(
                "write `award {number} points`; to multiply what a rule earns, write \
                 `multiply \"RULE\" by {number}` in a campaign or a tier"
            ))),
        );
    } else if word.starts_with(|c: char| c.is_ascii_lowercase()) {
        let tail = statement_rest(rest.get(word.len()..)?).trim_end();
        let points = if *number == "1" { "point" } else { "points" };
        // `award 100 bonus points`: a word before the unit.
        let after_unit = tail
            .trim_start()
            .strip_prefix("points")
            .or_else(|| tail.trim_start().strip_prefix("point"))
            .filter(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'));
        let help = if let Some(after) = after_unit {
            format!("write `award {number} {points}{}`", after.trim_end())
        } else if tail.split_whitespace().any(|w| w == "to") {
            format!("an award names its balance after `to`: `award {number} {points}{tail}`")
        } else {
            format!(
                "to credit a balance, name it after the award: `award {number} {points}{tail} to {word}`"
            )
        };
        (
            format!("an award counts points: `{word}` is not a unit"),
            help,
        )
    } else {
        return None;
    };
    Some(Diagnostic::error(src, Span::new(pos, pos + word.len()), message).with_help(Some(help)))
}

/// The start of a string opened before `pos` on `pos`'s line (or at `pos`)
/// that is not closed on that line.
fn unclosed_string(src: &str, pos: usize) -> Option<usize> {
    let line_start = src.get(..pos)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = src.get(pos..)?.find('\n').map_or(src.len(), |e| pos + e);
    let line = src.get(line_start..line_end)?;
    let mut open = None;
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if open.is_some() => open = None,
            '"' => open = Some(line_start + i),
            '\\' if open.is_some() => {
                chars.next();
            }
            '#' if open.is_none() => break,
            '/' if open.is_none() && line.get(i..).is_some_and(|r| r.starts_with("//")) => break,
            _ => {}
        }
    }
    open.filter(|o| *o <= pos)
}

/// The last `{` that no `}` closes, outside strings and comments.
fn unclosed_brace(src: &str) -> Option<usize> {
    let mut open = Vec::new();
    let mut in_string = false;
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' => in_string = false,
            '"' => in_string = !in_string,
            '\\' if in_string => {
                chars.next();
            }
            '#' if !in_string => {
                while chars.peek().is_some_and(|(_, c)| *c != '\n') {
                    chars.next();
                }
            }
            '/' if !in_string && chars.peek().is_some_and(|(_, c)| *c == '/') => {
                while chars.peek().is_some_and(|(_, c)| *c != '\n') {
                    chars.next();
                }
            }
            '{' if !in_string => open.push(i),
            '}' if !in_string => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

/// Help where an award was expected to start with its number of points.
pub(super) fn award_hint(src: &str, pos: usize, message: &str) -> Option<String> {
    if !message.starts_with("expected a number") {
        return None;
    }
    let before = src.get(..pos)?.trim_end();
    if !before.ends_with("award") {
        return None;
    }
    let rest = src.get(pos..)?;
    if rest.starts_with('-') {
        return Some("an award is never negative: a rule gives zero or more points".into());
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!word.is_empty() && rest.get(word.len()..)?.trim_start().starts_with('(')).then(|| {
        format!(
            "an award starts with its points; put `{word}(...)` in the base, such as \
             `award 1 point per USD of {word}(tx.amount, 500 USD)`"
        )
    })
}

/// Help for a word of the language's plan that this version cannot run yet.
pub(super) fn not_yet(src: &str, pos: usize, found: &str) -> Option<String> {
    Some(match found {
        "`limit`" => "a per-member limit is a statement of a rule, with a number: \
                      `earn \"Annual\" on purchase { award 100 points  limit 1 per member per year }`"
            .to_string(),
        "`once`" => {
            // `limit once per member per year`: the rest as written.
            let rest = statement_rest(src.get(pos + "once".len()..).unwrap_or_default());
            let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
            if rest.is_empty() {
                "write the number: `limit 1 per member per year`".to_string()
            } else {
                format!("write the number: `limit 1 {rest}`")
            }
        }
        _ => return None,
    })
}

/// Help for everyday words where the language has its own: a time on the
/// 12-hour clock (`5pm`), rounding `down`, `up` or to the `nearest`, and
/// expiry or vesting in the program's header (a ledger's).
pub(super) fn everyday_words(src: &str, pos: usize) -> Option<String> {
    let rest = src.get(pos..)?;
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
        .collect();
    let before = src.get(..pos)?.trim_end();
    if before.ends_with("round") || before.ends_with("rounding") {
        return Some(match word.as_str() {
            "down" => "rounding down is `floor`".to_string(),
            "up" => "rounding up is `ceil`".to_string(),
            "nearest" | "half" => {
                "to the nearest is `half_up` (halves up), `half_even` (halves to even) or `half_down`"
                    .to_string()
            }
            _ => return None,
        });
    }
    if let Some(time) = twelve_hour(rest) {
        return Some(format!("times are written on the 24-hour clock: `{time}`"));
    }
    ledger_in_header(src, pos, &word)
}

/// `silver when nights >= 10` in a tiers block: a requirement is the
/// threshold, then the counter.
pub(super) fn requirement_as_condition(src: &str, pos: usize) -> Option<String> {
    let rest = src.get(pos..)?;
    let op = [">=", ">", "=="]
        .into_iter()
        .find(|op| rest.starts_with(op))?;
    let before = src.get(..pos)?;
    // In a tiers block: its `tiers {` with no `}` since.
    let block = before.rfind("tiers")?;
    if before.get(block..)?.contains('}') {
        return None;
    }
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    let [counter, "when", level] = words.as_slice() else {
        return None;
    };
    // The number, and a currency after it (`500 USD`).
    let mut tokens = rest.get(op.len()..)?.split_whitespace();
    let number = tokens
        .next()
        .map(|t| t.trim_end_matches(|c: char| !c.is_ascii_digit()))
        .filter(|t| t.parse::<rust_decimal::Decimal>().is_ok())
        .unwrap_or("10");
    let threshold = match tokens.next() {
        Some(c) if c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()) => {
            format!("{number} {c}")
        }
        _ => number.to_string(),
    };
    Some(format!(
        "a requirement is the threshold, then the counter: `{level} when {threshold} {counter}`"
    ))
}

/// `silver when 10 nights over 12 months`: a period in a requirement.
pub(super) fn period_in_requirement(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    let block = before.rfind("tiers")?;
    if before.get(block..)?.contains('}') {
        return None;
    }
    let last = before.split_whitespace().next_back()?;
    matches!(
        last,
        "over" | "in" | "within" | "per" | "last" | "during" | "every"
    )
    .then(|| {
        "a requirement counts over the qualification period: set it in the block, such as \
         `qualify last 12 months`"
            .to_string()
    })
}

/// `multiply "Base" by 1.25 and "Dining" by 2`: one factor a statement.
pub(super) fn multiply_and(src: &str, pos: usize) -> Option<String> {
    let rest = src.get(pos..)?.strip_prefix("and")?;
    let line = src.get(..pos)?.rsplit(['{', '\n']).next()?;
    let multiply = line.get(line.rfind("multiply ")?..)?.trim_end();
    let (_, factor) = multiply.rsplit_once(" by ")?;
    let more = statement_rest(rest).trim();
    let more = more.strip_prefix("multiply").unwrap_or(more).trim();
    Some(if more.contains(" by ") {
        format!("one factor a statement: `{multiply}  multiply {more}`")
    } else {
        format!(
            "one factor a statement, or several rules by one factor: `{}, {more} by {factor}`",
            multiply.rsplit_once(" by ")?.0
        )
    })
}

/// A campaign as published terms say it: `every saturday and sunday`,
/// `every 11th`, `until`, `Nov 27`, an `award` or a `cap` in its block.
pub(super) fn campaign_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    let start = before.rfind("campaign")?;
    let since = before.get(start..)?;
    let opened = since.matches('{').count();
    let closed = since.matches('}').count();
    let rest = src.get(pos..)?;
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let last = before.split_whitespace().next_back().unwrap_or_default();
    if opened == 0 {
        // Its header: the schedule.
        let ordinal = word
            .strip_suffix("th")
            .or_else(|| word.strip_suffix("st"))
            .or_else(|| word.strip_suffix("nd"))
            .or_else(|| word.strip_suffix("rd"))
            .filter(|d| d.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d)));
        return Some(match word.as_str() {
            "and" if crate::types::WEEKDAYS.contains(&last) => {
                let next: String = rest
                    .get(3..)?
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                format!("list the days with commas: `every {last}, {next}`")
            }
            "until" | "through" | "thru" => "write `to`: the last day is included".into(),
            _ if ordinal.is_some() => {
                format!("a day of the month is `every month on day {}`", ordinal?)
            }
            _ if ["from", "to"].contains(&last) && word.len() >= 3 => {
                let month = [
                    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                    "dec",
                ]
                .iter()
                .position(|m| word.to_ascii_lowercase().starts_with(m))?;
                let day: String = rest
                    .get(word.len()..)?
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let day: u32 = day.parse().unwrap_or(1);
                format!(
                    "dates are written year, month, day: `2026-{:02}-{day:02}`",
                    month + 1
                )
            }
            _ => return None,
        });
    }
    // Its block, outside its rules.
    if opened != closed + 1 {
        return None;
    }
    let name = since.split('"').nth(1).unwrap_or("Campaign");
    let statement = statement_rest(rest).trim();
    match word.as_str() {
        "award" => Some(format!(
            "a campaign's bonus is a rule inside it: `earn \"{name} bonus\" on purchase {{ {statement} }}`"
        )),
        "cap" => {
            let amount = statement.strip_prefix("cap")?.trim();
            Some(format!(
                "a cap is a rule's (`cap {amount} per transaction` in the rule), or the campaign's total is its `budget {amount}`"
            ))
        }
        _ => None,
    }
}

/// `5pm`, `7:30 pm`, `12am` on the 24-hour clock.
fn twelve_hour(rest: &str) -> Option<String> {
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let after = rest.get(digits.len()..)?.trim_start().to_ascii_lowercase();
    let pm = if after.starts_with("pm") {
        true
    } else if after.starts_with("am") {
        false
    } else {
        return None;
    };
    let (hour, minute) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (digits.parse::<u32>().ok()?, 0),
    };
    if !(1..=12).contains(&hour) || minute > 59 {
        return None;
    }
    let hour = match (hour, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    };
    Some(format!("{hour:02}:{minute:02}"))
}

/// `points expire 12 months after earning` or `points vest 30 days after
/// earning` in the program's header: a ledger says that, after it.
fn ledger_in_header(src: &str, pos: usize, word: &str) -> Option<String> {
    let line = statement_rest(src.get(pos..)?);
    let mut words = line.split_whitespace();
    let first = words.next()?;
    let (balance, verb) = match first {
        "expire" | "expires" | "vest" | "vests" | "pending" => ("points", first),
        _ => (word, words.next()?),
    };
    let rest: Vec<&str> = words.collect();
    let statement = match verb {
        "expire" | "expires" => format!("expire {}", rest.join(" ")),
        "vest" | "vests" | "pending" => {
            let amount = rest
                .iter()
                .take_while(|w| **w != "after")
                .copied()
                .collect::<Vec<_>>();
            format!("pending {}", amount.join(" "))
        }
        _ => return None,
    };
    Some(format!(
        "expiry and pending points are a ledger's, after the header: `ledger {balance} {{ {} }}`",
        statement.trim_end()
    ))
}
