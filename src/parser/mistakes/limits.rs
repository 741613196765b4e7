//! How often a rule applies, and how much it may give, as terms say it
//! after an award: `max 3 per month`, `up to 3 times per month`, `at most
//! once a day` (a limit), `max 500 points per month`, `up to 100 points per
//! order` (a cap).

use super::{member_scope, statement_rest, word_at};

/// The help for a limit or cap in words inside a rule: `limit N per member
/// per PERIOD`, or `cap N UNIT per ...` when the number counts points.
pub(super) fn limit_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    if !super::in_block(before, "earn") {
        return None;
    }
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    let said = statement_rest(rest.get(word.len()..)?);
    let mut words: Vec<&str> = said.split_whitespace().collect();
    // The words that say "at most".
    match (word, words.first().copied()) {
        ("max" | "maximum", _) => {}
        ("up", Some("to")) | ("at", Some("most")) => {
            words.remove(0);
        }
        _ => return None,
    }
    let count = *words.first()?;
    let n = match count {
        "once" => "1",
        "twice" => "2",
        n if n.parse::<u32>().is_ok() => n,
        // A cap of decimal points (`max 2.5 points`).
        n if n.parse::<rust_decimal::Decimal>().is_ok() => n,
        _ => return None,
    };
    let after: Vec<&str> = words
        .get(1..)?
        .iter()
        .copied()
        .take_while(|w| !matches!(*w, "award" | "limit" | "cap" | "round" | "stop" | "badge"))
        .collect();
    match after.as_slice() {
        // A count of times: a limit.
        ["time" | "times", scope @ ..] => limit(n, scope),
        [first, ..] if first.starts_with("per") || matches!(*first, "a" | "an" | "each") => {
            limit(n, &after)
        }
        [] => limit(n, &[]),
        // A number of points: a cap.
        [unit, scope @ ..] => {
            let scope = match scope {
                [] => {
                    return Some(format!(
                        "a cap is a statement of the rule: `cap {n} {unit} per transaction` (or \
                         `per line`, `per member per month`)"
                    ))
                }
                ["per" | "a" | "an" | "each", "order" | "purchase" | "transaction" | "visit", ..] => {
                    "per transaction".to_string()
                }
                ["per" | "a" | "an" | "each", "line" | "item", ..] => "per line".to_string(),
                _ => member_scope(scope),
            };
            Some(format!(
                "a cap is a statement of the rule: `cap {n} {unit} {scope}`"
            ))
        }
    }
}

/// `limit N per member per PERIOD` for the words of a scope (`per month`,
/// `a day`, `per member per week`).
fn limit(n: &str, scope: &[&str]) -> Option<String> {
    n.parse::<u32>().ok()?;
    let scope = member_scope(scope);
    Some(format!(
        "how often a rule applies is its `limit`: `limit {n} {scope}` (a cap on its points is \
         `cap N points {scope}`)"
    ))
}

/// Once in a member's life (`per member per lifetime`, `per member ever`,
/// `only once`) and for the first members (`limit first 100 members`), as
/// terms say them in a rule.
pub(super) fn lifetime_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    if !super::in_block(before, "earn") {
        return None;
    }
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    // The statement so far: on its line, after the two spaces that set
    // statements apart on one line.
    let line = before.rsplit(['\n', '{']).next()?;
    let statement = line.trim().rsplit("  ").next()?.trim();
    let words: Vec<&str> = statement.split_whitespace().collect();
    match (words.as_slice(), word) {
        (["limit", n, "per", "member", ..], "lifetime" | "ever" | "life") => Some(format!(
            "once in a member's life is `per member` alone: `limit {n} per member`"
        )),
        (_, "only" | "one") => {
            let said = statement_rest(rest).trim();
            matches!(
                said,
                "only once" | "one time only" | "one time" | "once only"
            )
            .then(|| {
                "a limit is a statement of its own: `limit once per member` (once in the \
                     member's life; `limit once per member per year` for once a year)"
                    .to_string()
            })
        }
        (["limit", ..], "first") => Some(
            "a limit counts one member's events; what all members together may get is a \
             campaign's `budget N points` (its rules inside it)"
                .to_string(),
        ),
        _ => None,
    }
}
