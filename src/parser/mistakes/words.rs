//! Everyday words where the language has its own: rounding `down`,
//! expiry `without earning`, expiry or vesting in the header, `limit
//! once`, a time zone without quotes, `priority high`, and operators as
//! other languages write them (`&&`, `||`, `!`, `is`, a list in
//! parentheses, a comparison without its left side).

use super::schedules::twelve_hour;
use super::{declared_currency, one_statement, statement_rest, word_at};
use crate::error::Diagnostic;
use crate::span::Span;

/// A ledger's `expire after 18 months without earning`: the words of a
/// program that publishes it so, but the language says `without activity`
/// for that (every credit keeps the lots), and `without earning or
/// redeeming` when a redemption keeps them too.
pub(super) fn without_earning(src: &str, pos: usize) -> Option<Diagnostic> {
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

/// Help for a word of the language's plan that this version cannot run yet.
pub(super) fn not_yet(src: &str, pos: usize, found: &str) -> Option<String> {
    Some(match found {
        "`limit`" => "a per-member limit is a statement of a rule, with a number: \
                      `earn \"Annual\" on purchase { award 100 points  limit 1 per member per year }`"
            .to_string(),
        "`once`" => {
            // `award 100 points once per year`: the rest as written, per
            // member.
            let rest = statement_rest(src.get(pos + "once".len()..).unwrap_or_default());
            let words: Vec<&str> = rest.split_whitespace().collect();
            let scope = super::member_scope(&words);
            format!("a limit is a statement of its own: `limit once {scope}`")
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
    let rounding = before.ends_with("rounding");
    if before.ends_with("round") || rounding {
        let next = word_at(rest.get(word.len()..)?.trim_start());
        let nearest =
            "to the nearest is `half_up` (halves up), `half_even` (halves to even) or `half_down`";
        return Some(match word.as_str() {
            "down" => "rounding down is `floor`".to_string(),
            "up" => "rounding up is `ceil`".to_string(),
            // `half up`, `round_half_up`, `ROUND_HALF_EVEN`.
            "half" if matches!(next, "up" | "down" | "even") => format!("write `half_{next}`"),
            w if w
                .to_ascii_lowercase()
                .strip_prefix("round_")
                .is_some_and(|m| {
                    matches!(m, "half_up" | "half_down" | "half_even" | "floor" | "ceil")
                }) =>
            {
                format!(
                    "write `{}`",
                    w.to_ascii_lowercase().trim_start_matches("round_")
                )
            }
            "bankers" | "banker" | "banker_s" => "banker's rounding is `half_even`".to_string(),
            "nearest" | "half" => nearest.to_string(),
            "to" if next == "nearest" => nearest.to_string(),
            // `rounding per line floor`: the mode first.
            "per" if rounding => {
                let said = one_statement(rest.get(word.len()..)?);
                let mut parts = said.split_whitespace();
                let (level, mode) = (parts.next()?, parts.next()?);
                format!("the mode comes first: `rounding {mode} per {level}`")
            }
            _ => return None,
        });
    }
    // `per item`, `per order`: a rounding's level.
    if before.ends_with(" per") && before.contains("round") {
        let line = before.get(before.rfind('\n').map_or(0, |i| i + 1)..)?;
        if line.contains("rounding ") || line.contains("round ") {
            match word.as_str() {
                "item" | "items" | "product" => return Some("write `per line`".into()),
                "order" | "purchase" | "basket" | "receipt" | "tx" => {
                    return Some("write `per transaction`".into())
                }
                _ => {}
            }
        }
    }
    if before.ends_with("timezone") && !rest.starts_with('"') {
        let zone: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
            .collect();
        // `timezone PST`: the place's zone at once.
        let zone = crate::check::zone_word(&zone).map_or(zone, str::to_string);
        return Some(format!("write the zone in quotes: `timezone \"{zone}\"`"));
    }
    if word == "if" && !super::in_block(before, "ledger") {
        return Some("write `when`".into());
    }
    if let Some(help) = list_of_text(before, rest, &word) {
        return Some(help);
    }
    // `attribute member.vip boolean`: a type as other languages name it.
    let attribute = before.split_whitespace().nth_back(1) == Some("attribute");
    if attribute {
        // `attribute event.rating: number`: the type without `:`.
        if let Some(typed) = rest.strip_prefix(':') {
            let path = before.split_whitespace().next_back()?;
            let ty = word_at(typed.trim_start());
            let ty = language_type(ty).map_or(ty, |(t, _)| t);
            return Some(format!(
                "the type follows the name, without `:`: `attribute {path} {ty}`"
            ));
        }
        if let Some((ty, more)) = language_type(&word) {
            return Some(format!("write `{ty}`{more}"));
        }
    }
    // `earn Base on ...`; not `earn on ...`, which leaves the name out.
    if before.split_whitespace().next_back() == Some("earn") && !word.is_empty() && word != "on" {
        return Some(format!("a rule's name is in quotes: `earn \"{word}\"`"));
    }
    if before.ends_with("priority") {
        return Some("a priority is a whole number, the highest first: `priority 10`".into());
    }
    if let Some(help) = declaration_words(before, rest, &word) {
        return Some(help);
    }
    if let Some(time) = twelve_hour(rest) {
        return Some(format!("times are written on the 24-hour clock: `{time}`"));
    }
    ledger_in_header(src, pos, &word).or_else(|| item_in_header(src, pos, &word))
}

/// A block or declaration of the program's own written inside the header
/// (`program "x" { currency USD  returns { within 30 days } }`).
fn item_in_header(src: &str, pos: usize, word: &str) -> Option<String> {
    const ITEMS: [&str; 13] = [
        "returns",
        "ledger",
        "tiers",
        "tier",
        "counter",
        "count",
        "cap",
        "earn",
        "campaign",
        "attribute",
        "segment",
        "burn",
        "reward",
    ];
    let before = src.get(..pos)?;
    let header = before.get(before.rfind("program")?..)?;
    // The header's keyword, not the word in a rule's name ("Our program").
    let keyword = header.strip_prefix("program").is_some_and(|after| {
        after.starts_with(char::is_whitespace) && after.trim_start().starts_with('"')
    });
    let open = keyword && header.matches('{').count() == 1 && !header.contains('}');
    (open && ITEMS.contains(&word)).then(|| {
        format!("`{word}` is written after the header, not in it: close the header with `}}` first")
    })
}

/// `points expire 12 months after earning` or `points vest 30 days after
/// earning` in the program's header: a ledger says that, after it.
pub(super) fn ledger_in_header(src: &str, pos: usize, word: &str) -> Option<String> {
    // In a ledger's own block, the ledger's words are said there.
    let before = src.get(..pos)?;
    if super::in_block(before, "ledger") {
        return None;
    }
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

/// Operators as other languages or English write them: `&&`, `||`, `!`,
/// `is`, a list in parentheses, and a comparison whose left side is left
/// out (`tx.amount >= 50 USD and < 100 USD`).
pub(super) fn operator_words(src: &str, pos: usize) -> Option<String> {
    let rest = src.get(pos..)?;
    if rest.starts_with("&&") {
        return Some("write `and`".into());
    }
    if rest.starts_with("||") {
        return Some("write `or`".into());
    }
    if rest.starts_with('!') && !rest.starts_with("!=") {
        return Some("write `not`".into());
    }
    if rest.starts_with("is ") || rest.starts_with("is\t") {
        // `member.tier is gold or higher`.
        let said = statement_rest(rest.get(3..)?);
        let at_least = [
            "or higher",
            "or above",
            "and up",
            "and above",
            "or more",
            "at least",
        ]
        .into_iter()
        .any(|w| said.contains(w));
        if at_least {
            let field = src.get(..pos)?.split_whitespace().next_back()?;
            let value = said
                .split_whitespace()
                .find(|w| !matches!(*w, "at" | "least"))?;
            return Some(format!("write `{field} >= {value}`"));
        }
        // `tx.date is weekend`, `event.date is a saturday`: its weekday.
        let field = src.get(..pos)?.split_whitespace().next_back()?;
        let day = said
            .split_whitespace()
            .find(|w| !matches!(*w, "a" | "an" | "on" | "the"))
            .and_then(|w| super::schedules::plural_day(&w.to_ascii_lowercase()));
        if let (true, Some(day)) = (field.ends_with(".date"), day) {
            return Some(match day {
                "weekend" => format!("write `weekday({field}) in [saturday, sunday]`"),
                "weekday" => format!("write `weekday({field}) not in [saturday, sunday]`"),
                day => format!("write `weekday({field}) == {day}`"),
            });
        }
        return Some("compare with `==`".into());
    }
    // `tx.amount over 100 USD`, `tx.items at least 3`: comparisons in words.
    if let Some(help) = comparison_in_words(src, pos, rest) {
        return Some(help);
    }
    // `tx.channel contains "app"`: text is compared whole.
    let word = super::word_at(rest);
    if [
        "contains",
        "like",
        "startswith",
        "endswith",
        "matches",
        "includes",
        "starts",
        "ends",
    ]
    .contains(&word)
    {
        let field = src.get(..pos)?.split_whitespace().next_back()?;
        let value = rest.get(word.len()..)?.trim_start();
        // `starts with "ABC"`.
        let value = value.strip_prefix("with").map_or(value, str::trim_start);
        let value = value.get(..value.find(char::is_whitespace).unwrap_or(value.len()))?;
        return Some(holds_help(src, field, value));
    }
    // `member.coupons.contains("X")`: a method call.
    if rest.starts_with('(') {
        let before = src.get(..pos)?.split_whitespace().next_back()?;
        let field = [".contains", ".includes", ".has"]
            .into_iter()
            .find_map(|m| before.strip_suffix(m))?;
        let value = rest.get(1..)?;
        let value = value.get(..value.find(')')?)?.trim();
        return Some(holds_help(src, field, value));
    }
    let before = src.get(..pos)?.trim_end();
    // `in ("a", "b")`: read as parentheses, so the comma is where it fails.
    if rest.starts_with(',') {
        let open = before.rfind("in (")?;
        let list = src.get(open + 4..)?;
        let items = list.get(..list.find(')')?)?;
        return Some(format!("a list is written in brackets: `[{items}]`"));
    }
    // `X >= 50 USD and < 100 USD`: the left side of a comparison left out.
    ["<", ">", "=="]
        .into_iter()
        .find(|op| rest.starts_with(op))?;
    let joined = before
        .strip_suffix("and")
        .or_else(|| before.strip_suffix("or"))?
        .trim_end();
    let start = ["when ", "where ", "and ", "or ", "("]
        .iter()
        .filter_map(|w| joined.rfind(w).map(|i| i + w.len()))
        .max()?;
    let earlier = joined.get(start..)?;
    // What is compared: all of the left side (`tx.amount - tx.tax`).
    let field = ["==", "!=", ">", "<"]
        .iter()
        .filter_map(|op| earlier.find(op))
        .min()
        .and_then(|i| earlier.get(..i))
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .or_else(|| earlier.split_whitespace().next())?;
    let tail = statement_rest(rest);
    let tail = tail.split('{').next().unwrap_or(tail).trim();
    let word = if before.ends_with("and") { "and" } else { "or" };
    Some(format!(
        "repeat what is compared: `{earlier} {word} {field} {tail}`"
    ))
}

/// `counter spend money`, `10 cents`, `returns within 30 days`.
fn declaration_words(before: &str, rest: &str, word: &str) -> Option<String> {
    let mut back = before.split_whitespace().rev();
    let last = back.next()?;
    if back.next() == Some("counter") {
        // `counter visits, spend`.
        if let Some(more) = rest.strip_prefix(',') {
            let names: Vec<String> = std::iter::once(last)
                .chain(
                    statement_rest(more)
                        .split([',', ' '])
                        .filter(|w| !w.is_empty()),
                )
                .map(|n| format!("counter {n}"))
                .collect();
            return Some(format!("one counter a statement: `{}`", names.join("  ")));
        }
        return Some(format!(
            "a counter holds what its `count` rules add (money here if they add `tx.amount`): write `counter {last}`"
        ));
    }
    if matches!(word, "cent" | "cents") {
        let cents: u32 = last.parse().ok()?;
        return Some(format!(
            "a cent is a hundredth: `{}.{:02} {}`",
            cents / 100,
            cents % 100,
            declared_currency(before).unwrap_or("USD")
        ));
    }
    if last == "returns" && word == "within" {
        let days = statement_rest(rest).trim();
        return Some(format!("a block: `returns {{ {days} }}`"));
    }
    None
}

/// The language's type for a type as other languages name it, and what
/// more to say of it.
/// A list of text as other languages write its type: `text list`, `list
/// of text`, `string[]`, `list<string>`.
fn list_of_text(before: &str, rest: &str, word: &str) -> Option<String> {
    const TEXT_OR_LIST: [&str; 5] = ["text", "string", "str", "list", "array"];
    let mut back = before.split_whitespace().rev();
    let (last, path) = (back.next()?, back.next()?);
    let (path, listed) = if path == "attribute" {
        // The error is at the type: `string[]`.
        let bracket = rest.get(word.len()..).is_some_and(|r| r.starts_with('['));
        (last, TEXT_OR_LIST.contains(&word) && bracket)
    } else {
        // The error is after it: `text list`, `list of text`, `list<string>`.
        let after = matches!(word, "list" | "array" | "of") || rest.starts_with(['<', '[']);
        let attribute = back.next() == Some("attribute");
        (path, attribute && TEXT_OR_LIST.contains(&last) && after)
    };
    listed.then(|| format!("a list of text is `list`: `attribute {path} list`"))
}

fn language_type(ty: &str) -> Option<(&'static str, &'static str)> {
    Some(match ty {
        "boolean" => ("bool", ""),
        "string" | "str" => ("text", ""),
        "int" | "integer" => ("number", ""),
        "decimal" | "float" | "double" => ("number", " (or `money` for an amount)"),
        "datetime" | "timestamp" => ("date", ""),
        "array" | "set" => ("list", " (a list of text)"),
        _ => return None,
    })
}

/// The help for `FIELD contains VALUE`: a list holds a text with `in`, and
/// text is compared whole. A list is a purchase's `tx.categories`,
/// `tx.skus` or a line's `line.tags`, or an attribute declared `list`.
fn holds_help(src: &str, field: &str, value: &str) -> String {
    let declared = format!("attribute {field} list");
    let list = matches!(field, "tx.categories" | "tx.skus" | "line.tags")
        || src.lines().any(|l| l.trim_start().starts_with(&declared));
    if list {
        format!("a list holds a text with `in`: `{value} in {field}`")
    } else {
        format!(
            "text is compared whole: `{field} == {value}`, or with a list: `{field} in [{value}, \"...\"]`"
        )
    }
}

/// A comparison written in words (`over`, `at least`, `less than`): the
/// operator to write, with the comparison's two sides.
fn comparison_in_words(src: &str, pos: usize, rest: &str) -> Option<String> {
    const IN_WORDS: [(&str, &str); 13] = [
        ("more than", ">"),
        ("greater than", ">"),
        ("over", ">"),
        ("above", ">"),
        ("exceeds", ">"),
        ("at least", ">="),
        ("less than", "<"),
        ("fewer than", "<"),
        ("under", "<"),
        ("below", "<"),
        ("at most", "<="),
        ("equals", "=="),
        ("equal to", "=="),
    ];
    let (words, op) = IN_WORDS.into_iter().find(|(words, _)| {
        rest.strip_prefix(words)
            .is_some_and(|after| after.starts_with(char::is_whitespace))
    })?;
    let field = src.get(..pos)?.split_whitespace().next_back()?;
    let after = statement_rest(rest.get(words.len()..)?);
    let value = after
        .split(['{', '('])
        .next()?
        .split(" and ")
        .next()?
        .split(" or ")
        .next()?
        .trim();
    // A value: a number, a text, a field or one word (a tier); not a
    // period (`spend over the last 3 months >= 200 USD`).
    let first = value.chars().next()?;
    let is_value = !value.contains(['<', '>', '='])
        && (first.is_ascii_digit()
            || first == '"'
            || first == '-'
            || value.contains('.')
            || !value.contains(char::is_whitespace));
    is_value.then(|| format!("write `{field} {op} {value}`"))
}
