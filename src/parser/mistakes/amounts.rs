//! Amounts, units and factors: a currency's sign (`$1`), a currency or two
//! words where the unit goes, a factor written `2x` or `200%`, and several
//! factors in one `multiply`.

use super::{declared_currency, statement_rest, word_at};
use crate::error::Diagnostic;
use crate::span::Span;

/// A currency symbol where an amount goes (`per $1 of tx.amount`, `>=
/// $25.50`): an amount is a number and the currency's code.
pub(super) fn currency_symbol(src: &str, pos: usize) -> Option<Diagnostic> {
    let rest = src.get(pos..)?;
    // `currency US$` in the header: its own help says the code.
    if src.get(..pos)?.trim_end().ends_with("currency") {
        return None;
    }
    let (symbol, code) = super::currency_sign(rest)?;
    let after = rest.get(symbol.len()..)?;
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
    let end = pos + symbol.len() + number.len();
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, end),
            format!("amounts are written with the currency's code, not `{symbol}`"),
        )
        .with_help(Some(help)),
    )
}

/// `multiply "Base" by 2x`, `by 150%`: a factor is a number.
pub(super) fn factor_form(src: &str, pos: usize) -> Option<Diagnostic> {
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
    let start = pos.checked_sub(number.len())?;
    let said = |message: String, help: String| {
        Some(Diagnostic::error(src, Span::new(start, pos + 1), message).with_help(Some(help)))
    };
    if rest.starts_with('x') || rest.starts_with('X') {
        return said(
            format!("a factor is a number: `{number}x` is `by {number}`"),
            format!("write `{what} by {number}`"),
        );
    }
    if !rest.starts_with('%') {
        return None;
    }
    let pct = number.parse::<rust_decimal::Decimal>().ok()?;
    let hundred = rust_decimal::Decimal::ONE_HUNDRED;
    let factor = pct.checked_div(hundred)?.normalize();
    if pct > hundred {
        return said(
            format!("a factor is a number: `{number}%` is `by {factor}`"),
            format!("write `{what} by {factor}`"),
        );
    }
    // Up to 100%, terms mean a bonus: 10% more points, 100% double.
    let bonus = bonus_factor(pct)?;
    let left = if pct == hundred {
        "the points as they are".to_string()
    } else {
        format!("{} of the points", share(&pct))
    };
    said(
        format!("a factor is a number: a {number}% bonus is `by {bonus}`"),
        format!("write `{what} by {bonus}` (`by {factor}` would leave {left})"),
    )
}

/// The factor of a bonus of `pct`%, as terms write it: 10% more is 1.1.
pub(super) fn bonus_factor(pct: rust_decimal::Decimal) -> Option<rust_decimal::Decimal> {
    let share = pct.checked_div(rust_decimal::Decimal::ONE_HUNDRED)?;
    Some(share.checked_add(rust_decimal::Decimal::ONE)?.normalize())
}

/// What multiplying by `pct`% (below 100) leaves, in words: `a tenth`,
/// `a quarter`, `half`, else `15%`.
fn share(pct: &rust_decimal::Decimal) -> String {
    let pct = pct.normalize();
    match pct.to_string().as_str() {
        "10" => "a tenth".into(),
        "20" => "a fifth".into(),
        "25" => "a quarter".into(),
        "50" => "half".into(),
        _ => format!("{pct}%"),
    }
}

/// After `cap NUMBER`, a currency where the unit goes (`cap 50 USD per
/// transaction`): a cap counts points.
pub(super) fn cap_unit(src: &str, pos: usize) -> Option<Diagnostic> {
    let before: Vec<&str> = src.get(..pos)?.split_whitespace().rev().take(2).collect();
    let [number, "cap"] = before.as_slice() else {
        return None;
    };
    number.parse::<rust_decimal::Decimal>().ok()?;
    let word = word_at(src.get(pos..)?);
    if !(word.len() == 3 && word.chars().all(|c| c.is_ascii_uppercase())) {
        return None;
    }
    let points = if *number == "1" { "point" } else { "points" };
    // A program of a balance of its own (cash back kept in `reward`).
    let help = match super::declared(src, &["balance"]).first() {
        Some(balance) => format!(
            "write `cap {number} {balance} ...` (or `{points}`): a cap counts what the rules award in a balance, not money"
        ),
        None => format!("write `cap {number} {points} ...`: a cap counts the points a rule awards"),
    };
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, pos + word.len()),
            format!("a cap is a number of points, not an amount of {word}"),
        )
        .with_help(Some(help)),
    )
}

/// `cap reward at 1250 per member per year`, `cap points to 500`: the
/// balance before the number.
pub(super) fn cap_balance_first(src: &str, pos: usize) -> Option<String> {
    if src.get(..pos)?.split_whitespace().next_back()? != "cap" {
        return None;
    }
    let words: Vec<&str> = super::one_statement(src.get(pos..)?)
        .split_whitespace()
        .collect();
    let (balance, rest) = words.split_first()?;
    let known = matches!(*balance, "points" | "point")
        || super::declared(src, &["balance", "ledger"]).contains(balance);
    let rest = match rest {
        ["at" | "to" | "of" | "is", rest @ ..] => rest,
        rest => rest,
    };
    let (n, rest) = rest.split_first()?;
    n.parse::<rust_decimal::Decimal>().ok()?;
    let balance = if *balance == "point" {
        "points"
    } else {
        balance
    };
    let cap: Vec<&str> = ["cap", n, balance]
        .into_iter()
        .chain(rest.iter().copied())
        .collect();
    known.then(|| {
        format!(
            "the number comes first, then the balance: `{}`",
            cap.join(" ")
        )
    })
}

/// Two words where a number's unit goes (`award 100 bonus points`, `cap
/// 500 reward miles ...`): the parser took the first as the unit and
/// stopped at the second.
pub(super) fn two_units(src: &str, pos: usize) -> Option<Diagnostic> {
    let before: Vec<&str> = src.get(..pos)?.split_whitespace().rev().take(3).collect();
    let [first, number, keyword] = before.as_slice() else {
        return None;
    };
    let counts = [
        "award", "cap", "costs", "rate", "minimum", "step", "maximum", "budget", "refund",
    ];
    if !(counts.contains(keyword) || keyword.ends_with(',')) {
        return None;
    }
    number.parse::<rust_decimal::Decimal>().ok()?;
    let lower = |w: &str| w.starts_with(|c: char| c.is_ascii_lowercase());
    let word = word_at(src.get(pos..)?);
    let is_word = |w: &str| w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    // `100 points once per year`, `100 points per 1 USD`: the unit is
    // `points`, and what follows is another mistake.
    if !lower(first) || !lower(word) || !is_word(first) || first.starts_with("point") {
        return None;
    }
    // `award 50 stars limt ...`: `stars` is the program's balance, the unit.
    if super::declared(src, &["balance", "ledger"]).contains(first) {
        return None;
    }
    // The first word ends where the text before the second does.
    let start = src.get(..pos)?.trim_end().len().checked_sub(first.len())?;
    let keyword = keyword.trim_end_matches(',');
    // `award 10 percent of tx.amount`: a percentage is written with `%`.
    if matches!(*first, "percent" | "percentage" | "pct" | "per_cent") {
        let rest = super::one_statement(src.get(pos..)?);
        return Some(
            Diagnostic::error(
                src,
                Span::new(start, start + first.len()),
                format!("`{number} {first}`: a percentage is written with `%`"),
            )
            .with_help(Some(format!("write `{keyword} {number}% {rest}`"))),
        );
    }
    Some(
        Diagnostic::error(
            src,
            Span::new(start, pos + word.len()),
            format!(
                "`{first} {word}`: a number of points has one unit, `points` or the name of \
                 the balance it counts"
            ),
        )
        .with_help(Some(format!("write `{keyword} {number} {word}`"))),
    )
}

/// `per WORD of ...` where WORD is not a currency (`per litre of
/// line.quantity`): a rate is per unit of money, or per what is counted.
pub(super) fn rate_unit(src: &str, pos: usize) -> Option<Diagnostic> {
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
    // Money in words, as terms write it (`1 point per dollar`).
    if crate::keywords::money_word(word, currency).is_some() {
        let help = format!(
            "a currency is written as its code, the program's is {currency}: `per {currency} of {base}`"
        );
        return Some(Diagnostic::error(src, at, message).with_help(Some(help)));
    }
    let help = match award.map(str::trim) {
        Some(points) if !points.is_empty() && !base.is_empty() => {
            format!("to award per unit of a quantity, write `award {points} per {base}`")
        }
        _ => "to award per unit of a quantity, write `per line.quantity`".to_string(),
    };
    Some(Diagnostic::error(src, at, message).with_help(Some(help)))
}

/// After `award NUMBER`, a currency where the points' unit goes (`award 5
/// USD`), or a factor (`award 2x points`).
pub(super) fn award_unit(src: &str, pos: usize) -> Option<Diagnostic> {
    let before: Vec<&str> = src.get(..pos)?.split_whitespace().rev().take(2).collect();
    let [number, "award"] = before.as_slice() else {
        return None;
    };
    number.parse::<rust_decimal::Decimal>().ok()?;
    let rest = src.get(pos..)?;
    let word = word_at(rest);
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
                "write `award {number} {}`, or a rate such as `award 1 point per {word} of tx.amount`",
                if *number == "1" { "point" } else { "points" }
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
    } else {
        return None;
    };
    Some(Diagnostic::error(src, Span::new(pos, pos + word.len()), message).with_help(Some(help)))
}

/// A number of points in a unit that starts with a capital (`award 5 Miles`,
/// `rate 100 Miles = 1 USD`): a unit is a lowercase word, so a balance
/// declared `Miles` is named where the statement names its balance.
pub(super) fn capital_unit(src: &str, pos: usize) -> Option<Diagnostic> {
    const BEFORE_POINTS: [&str; 10] = [
        "award", "cap", "rate", "table", "minimum", "maximum", "step", "costs", "budget", "refund",
    ];
    let before: Vec<&str> = src.get(..pos)?.split_whitespace().rev().take(2).collect();
    let [number, keyword] = before.as_slice() else {
        return None;
    };
    let number = number.strip_suffix(',').unwrap_or(number);
    number.parse::<rust_decimal::Decimal>().ok()?;
    if !(BEFORE_POINTS.contains(keyword) || keyword.ends_with(',') || *keyword == "=") {
        return None;
    }
    let word = word_at(src.get(pos..)?);
    let currency = word.len() == 3 && word.chars().all(|c| c.is_ascii_uppercase());
    if currency || !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let lower = word.to_lowercase();
    let points = if number == "1" { "point" } else { "points" };
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, pos + word.len()),
            format!("`{word}`: a unit is written in lowercase"),
        )
        .with_help(Some(format!(
            "write `{number} {points}` and name the balance where the statement does (`to \
             {word}` in an award, `in {word}` in a cap, `from {word}` in a burn rule or a \
             reward); or declare it in lowercase, `balance {lower}`, to write `{number} {lower}`"
        ))),
    )
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
    let word = word_at(rest);
    (!word.is_empty() && rest.get(word.len()..)?.trim_start().starts_with('(')).then(|| {
        format!(
            "an award starts with its points; put `{word}(...)` in the base, such as \
             `award 1 point per USD of {word}(tx.amount, 500 USD)`"
        )
    })
}

/// `award 2%` without what it is a percentage of (cash back as cards
/// word it).
pub(super) fn percent_of(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?.trim_end();
    let (award, percent) = before.rsplit_once(char::is_whitespace)?;
    let number = percent.strip_suffix('%')?;
    let numeric = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.');
    let awarded = award.trim_end().ends_with("award");
    // `award 1% rebate of tx.amount`: the balance where the unit goes.
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    if numeric && awarded && super::declared(src, &["balance", "ledger"]).contains(&word) {
        let of = super::one_statement(rest.get(word.len()..)?).trim();
        return Some(format!(
            "the balance goes after `to`: `award {percent} {of} to {word}`"
        ));
    }
    (numeric && awarded && !rest.starts_with("of")).then(|| {
        format!(
            "a percentage names what it is of: `award {percent} of tx.amount` (the purchase), \
             or `of line.amount` in a rule `for each line`"
        )
    })
}

/// `visits lifetime % 10 == 0`: every tenth visit is a mark crossed.
pub(super) fn modulo_mark(src: &str, pos: usize) -> Option<String> {
    let rest = src.get(pos..)?;
    let n = rest.strip_prefix('%')?.split_whitespace().next()?;
    if !n.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let before = src.get(..pos)?.trim_end();
    let start = ["when ", "and ", "or ", "("]
        .iter()
        .filter_map(|k| before.rfind(k).map(|i| i + k.len()))
        .max()?;
    let read = before.get(start..)?.trim();
    let award = rest
        .find("award ")
        .and_then(|i| rest.get(i..))
        .map_or("award 50 points", super::one_statement)
        .trim();
    let ordinal = match n {
        "2" => "second".to_string(),
        "3" => "third".to_string(),
        _ => format!("{n}th"),
    };
    Some(format!(
        "`%` is not an operator of conditions: every {ordinal} is a mark crossed, `{award} per crossed({read}, {n}, {n})`"
    ))
}

/// `multiply "Base" by 1.25 and "Dining" by 2`: one factor a statement.
pub(super) fn multiply_and(src: &str, pos: usize) -> Option<String> {
    let rest = src.get(pos..)?;
    let rest = rest
        .strip_prefix("and")
        .or_else(|| rest.strip_prefix(','))?;
    let line = src.get(..pos)?.rsplit(['{', '\n']).next()?;
    let multiply = line.get(line.rfind("multiply ")?..)?.trim_end();
    let (_, factor) = multiply.rsplit_once(" by ")?;
    let more = statement_rest(rest).trim();
    let more = more.strip_prefix("multiply").unwrap_or(more).trim();
    // `by 1,5`: a decimal comma, not a second target.
    if more.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(if more.contains(" by ") {
        format!("one factor a statement: `{multiply}  multiply {more}`")
    } else {
        format!(
            "one factor a statement, or several rules by one factor: `{}, {more} by {factor}`",
            multiply.rsplit_once(" by ")?.0
        )
    })
}

/// `1,000 points`, `10,000`, `1,250.50 USD`: a number with separators.
pub(super) fn separators(src: &str, pos: usize) -> Option<String> {
    if !src.get(pos..)?.starts_with(',') {
        return None;
    }
    let before = src.get(..pos)?;
    let start = before
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let lead = before.get(start..)?;
    if lead.is_empty() || lead.len() > 3 {
        return None;
    }
    let rest = src.get(pos..)?;
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(rest.len());
    let written = rest.get(..end)?.trim_end_matches(['.', ',']);
    // Groups of three digits after each comma.
    let (groups, decimals) = written.split_once('.').unwrap_or((written, ""));
    let groups: Vec<&str> = groups.split(',').skip(1).collect();
    // `1,5`, `12,75`: a decimal comma, as much of Europe writes it.
    if let ([one], "") = (groups.as_slice(), decimals) {
        if (1..=2).contains(&one.len()) {
            return Some(format!("decimals are written with a point: `{lead}.{one}`"));
        }
    }
    if groups.is_empty() || groups.iter().any(|g| g.len() != 3) {
        return None;
    }
    let mut number = format!("{lead}{}", groups.concat());
    if !decimals.is_empty() {
        number = format!("{number}.{decimals}");
    }
    Some(format!(
        "numbers are written without separators: `{number}`"
    ))
}
