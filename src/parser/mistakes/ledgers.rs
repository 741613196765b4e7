//! A ledger's and a return policy's statements as terms write them:
//! `expires`, `vest`, `expire in 12 months`, `expire after 1 year`, `expire
//! on Dec 31`, `after last activity`, `of inactivity`, `at end of the
//! month`, a number of
//! days without `days`, `returns { 30 days }`, `pro-rata`.

use super::{in_block, one_statement, word_at};

/// The help for a mistake at `pos` in a `ledger` or `returns` block.
pub(super) fn ledger_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?.trim_end();
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    let block = ["ledger", "returns"]
        .into_iter()
        .find(|k| in_block(before, k))?;
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    let number = |w: &str| w.parse::<u32>().ok();
    match (words.as_slice(), word) {
        // `expires 12 months after earning`, `vest 30 days`.
        (_, "expires") => Some("write `expire`".into()),
        (_, "vest" | "vests") => {
            let days = one_statement(rest.get(word.len()..)?);
            Some(match days.split_once(" after ") {
                Some((days, _)) => {
                    format!("write `pending {days}`: each lot is pending from the day it is earned")
                }
                None => format!("write `pending {days}`"),
            })
        }
        // `pending for 3 days`.
        (["pending", ..], "for") => {
            let days = one_statement(rest.get(word.len()..)?);
            Some(format!("write `pending {days}`"))
        }
        // `expire if inactive for 12 months`.
        (["expire", ..], "if" | "when") => {
            let said: Vec<&str> = one_statement(rest).split_whitespace().collect();
            let at = said.iter().position(|w| number(w).is_some())?;
            let (n, unit) = (said.get(at)?, said.get(at + 1)?);
            let inactive = said
                .iter()
                .any(|w| w.starts_with("inactiv") || *w == "activity");
            (inactive && matches!(*unit, "months" | "days"))
                .then(|| format!("write `expire after {n} {unit} without activity`"))
        }
        // `pending 30`, `within 30`: the unit.
        ([n, keyword @ ("pending" | "within"), ..], _) if number(n).is_some() => {
            Some(format!("write `{keyword} {n} days`"))
        }
        // `returns { 30 days }`.
        (["{", ..], _) if block == "returns" && number(word).is_some() => {
            Some(format!("write `within {word} days`"))
        }
        // `within 30 days of purchase`: the window opens on the purchase.
        (["days", n, "within"], "of" | "after" | "from" | "since") if block == "returns" => Some(
            format!("write `within {n} days`: the window opens on the day of the purchase"),
        ),
        // `refund points`: what a point was worth, as the burn rules say.
        (["refund", ..], _) if block == "returns" && number(word).is_none() => Some(format!(
            "write {}: the rate at which points that paid for returned goods come back",
            refund_rate(src)
        )),
        (["pro", ..], _) if rest.starts_with('-') => Some("write `pro rata`".into()),
        (_, "prorata" | "pro_rata") => Some("write `pro rata`".into()),
        // `expire: never`: a statement has no colon.
        ([keyword, ..], _) if rest.starts_with(':') && keyword.chars().all(char::is_alphabetic) => {
            let statement = one_statement(rest.get(1..)?).trim();
            Some(format!("write it without `:`: `{keyword} {statement}`"))
        }
        // `expire in 12 months`.
        (["expire", ..], "in") => {
            let period = one_statement(rest.get(2..)?);
            Some(format!("write `expire {period} after earning`"))
        }
        // `expire 12 months`.
        ([unit @ ("months" | "days"), n, "expire"], _) => Some(format!(
            "write `expire {n} {unit} after earning`, or `expire after {n} {unit} without activity`"
        )),
        // `expire after 1 year`.
        ([n, "after", "expire"], "year" | "years") => {
            let months = number(n)?.checked_mul(12)?;
            Some(format!(
                "a year is {months} months: `expire {months} months after earning`, or `expire after {months} months without activity`"
            ))
        }
        // `expire 3 years after earning at end of year`.
        ([n, "expire", ..], "year" | "years") if number(n).is_some() => {
            let months = number(n)?.checked_mul(12)?;
            let tail = one_statement(rest.get(word.len()..)?).trim();
            let tail = if tail.is_empty() {
                "after earning"
            } else {
                tail
            };
            Some(format!(
                "a year is {months} months: `expire {months} months {tail}`"
            ))
        }
        // `expire on Dec 31`.
        (["on", "expire", ..], _) if word.len() >= 3 => {
            let (month, day) = super::schedules::month_day(word, rest)?;
            Some(format!(
                "dates are written year, month, day: `expire on 2026-{month:02}-{day:02}`"
            ))
        }
        // `expire after 18 months of inactivity`, `... since last activity`.
        ([unit @ ("months" | "days"), n, "after", ..], "of" | "since") => {
            Some(format!("write `expire after {n} {unit} without activity`"))
        }
        // `expire 18 months after last activity`.
        (["after", unit @ ("months" | "days"), n], "last") => {
            Some(format!("write `expire after {n} {unit} without activity`"))
        }
        // `expire after 12 months`: after earning, or without activity.
        ([unit @ ("months" | "days"), n, "after"], _)
            if before.ends_with(&format!("expire after {n} {unit}")) =>
        {
            Some(format!(
                "write `expire {n} {unit} after earning` (each lot from the day it was earned), \
                 or `expire after {n} {unit} without activity`"
            ))
        }
        // `pending 30 days after purchase`.
        (["days", n, "pending"], "after" | "from" | "since") if number(n).is_some() => Some(
            format!("write `pending {n} days`: each lot is pending from the day it is earned"),
        ),
        // `expire at end of next month`, `... at the end of the following
        // year`, `expire at the end of the year`, `expire end of year`,
        // `expire at year end`.
        _ if expiry_at_end(src.get(..pos)?) => {
            let said = format!("{} {}", expiry_said(src.get(..pos)?)?, one_statement(rest));
            let said = said.trim();
            let period = ["month", "quarter", "year"]
                .into_iter()
                .find(|p| said.split_whitespace().any(|w| w == *p))?;
            let next = said.contains(&format!("next {period}"))
                || said.contains(&format!("following {period}"));
            if !next {
                return Some(format!(
                    "write `expire at end of {period}` (through the end of the {period} the lot \
                     was earned in)"
                ));
            }
            let months = match period {
                "month" => "1 month",
                "quarter" => "3 months",
                _ => "12 months",
            };
            Some(format!(
                "at the end of the {period} after the one earned: `expire {months} after earning at end of {period}`"
            ))
        }
        // `at end of the month`.
        (["of", "end", "at"], "the") => {
            let unit = word_at(rest.get(3..)?.trim_start());
            Some(format!("write `at end of {unit}`"))
        }
        _ => None,
    }
}

/// A refund's rate as the program's first burn rule with a rate writes
/// it (`refund 100 points = 1 USD`), or an example in its currency.
fn refund_rate(src: &str) -> String {
    let from_burn = src.match_indices("rate ").find_map(|(i, _)| {
        let statement = one_statement(src.get(i + "rate ".len()..)?);
        let (points, money) = statement.split_once('=')?;
        let mut p = points.split_whitespace();
        let (n, unit) = (p.next()?, p.next()?);
        n.parse::<rust_decimal::Decimal>().ok()?;
        let money = money
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        Some(format!("`refund {n} {unit} = {money}`"))
    });
    from_burn.unwrap_or_else(|| {
        let currency = super::declared_currency(src).unwrap_or("USD");
        format!("`refund 100 points = 1 {currency}`")
    })
}

/// Whether `before` ends in an `expire` statement that says an end of a
/// period in words (`expire at the`, `expire end`, `expire at end of`):
/// no number, no `on`, no `after`.
fn expiry_at_end(before: &str) -> bool {
    expiry_said(before).is_some_and(|said| {
        let words: Vec<&str> = said.split_whitespace().collect();
        matches!(
            words.as_slice(),
            [] | ["at"] | ["at", "end", "of"] | ["at", "the"]
        )
    })
}

/// The words of the last `expire` statement of `before` (the text up to
/// the error, untrimmed), after `expire`.
fn expiry_said(before: &str) -> Option<&str> {
    let at = super::last_keyword(before, "expire")?;
    let said = before.get(at + "expire".len()..)?;
    (!said.contains(['}', '\n'])).then_some(said)
}
