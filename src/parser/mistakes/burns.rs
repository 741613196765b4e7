//! A burn rule as a design brief or published terms write it: no balance
//! named, `min` and `max`, `minimum 500` without its unit, `rate 100
//! points per 1 USD`, `rate 1 USD = 100 points`, `maximum 50% of the
//! order`, a table with semicolons, entries without `table` or `rate`.

use super::{in_block, one_statement, word_at};
use crate::error::Diagnostic;
use crate::span::Span;

/// The help for a mistake at `pos` in a burn rule's header or block.
pub(super) fn burn_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?.trim_end();
    let rest = src.get(pos..)?;
    // `burn "NAME" {`: the balance it spends is named.
    if rest.starts_with('{') {
        let name = declared_name(before, "burn")?;
        return Some(format!(
            "name the balance it spends: `burn \"{name}\" from points {{ ... }}`"
        ));
    }
    // `reward "Coffee" for 150 points`: a reward costs its points.
    if let Some(name) = declared_name(before, "reward") {
        let word = word_at(rest);
        if word != "costs" && !word.is_empty() {
            let cost = one_statement(rest.get(word.len()..)?).trim();
            let cost = if cost.is_empty() { "150 points" } else { cost };
            return Some(format!("write `reward \"{name}\" costs {cost}`"));
        }
    }
    if let Some(help) = automatic(before, rest) {
        return Some(help);
    }
    // `reward "Free day" costs 550 points per day`: the cost is each
    // redemption's.
    let line = before.get(before.rfind('\n').map_or(0, |i| i + 1)..)?;
    if let (Some(start), true) = (line.find("reward \""), line.contains(" costs ")) {
        let reward = line.get(start..)?.trim_end();
        // `costs 150 points automatically every quarter`: a schedule.
        if let Some(manual) = reward.strip_suffix(" automatically") {
            let period = match statement_words(rest).as_slice() {
                ["every" | "each", period, ..] => super::period_word(period)?,
                [ly, ..] if ly.ends_with("ly") => super::period_word(ly)?,
                _ => return None,
            };
            return Some(format!(
                "a reward issued `automatically` is issued as soon as the points pay for it; \
                 rewards issued on a schedule (each {period}) are redemption events the host \
                 sends on that day: `{}`",
                manual.trim_end()
            ));
        }
        if matches!(word_at(rest), "per" | "each" | "a" | "every") {
            return Some(format!(
                "a reward costs a number of points, each time it is redeemed: `{reward}`"
            ));
        }
    }
    if !in_block(before, "burn") {
        return None;
    }
    let word = word_at(rest);
    let words: Vec<&str> = before.split_whitespace().rev().take(4).collect();
    // `min 500 points`, `max 50% of order`: the words in full.
    let full = match word {
        "min" => Some("minimum"),
        "max" => Some("maximum"),
        _ => None,
    };
    if let Some(full) = full {
        let said = one_statement(rest.get(word.len()..)?);
        // `max 50% of tx.amount`: a share of the redemption's order.
        let said = match said.split_once(" of ") {
            Some((share, of)) if share.ends_with('%') && !of.starts_with("lines") => {
                format!("{share} of order")
            }
            // `max 50%`: of the order.
            None if said.trim_end().ends_with('%') => format!("{} of order", said.trim_end()),
            _ => said.to_string(),
        };
        // `max 20 USD per order`: a maximum is one redemption's.
        let per = [" per order", " per redemption", " per transaction"]
            .into_iter()
            .find_map(|p| said.trim_end().strip_suffix(p));
        if let Some(amount) = per {
            return Some(format!(
                "write `{full} {amount}`: what one redemption takes at most"
            ));
        }
        return Some(format!("write `{full} {said}`"));
    }
    // `minimum redemption 500 points`, `step of 100 points`, `maximum of
    // 50% of order`: a word between the statement and its amount.
    if let [statement @ ("minimum" | "maximum" | "step"), ..] = words.as_slice() {
        if matches!(word, "of" | "redemption" | "redeem" | "spend" | "is" | "at") {
            let said = one_statement(rest.get(word.len()..)?)
                .trim()
                .trim_start_matches("of ");
            return Some(format!("write `{statement} {said}`"));
        }
    }
    // `not on alcohol`, `excluding alcohol`: goods points cannot pay for.
    let goods = match word {
        "not" => rest
            .get(word.len()..)?
            .trim_start()
            .strip_prefix("on ")
            .or_else(|| rest.get(word.len()..)?.trim_start().strip_prefix("for ")),
        "excluding" | "except" | "excl" | "exclude" => rest.get(word.len()..),
        _ => None,
    };
    if let Some(goods) = goods {
        let goods = goods.trim_start();
        let category = match goods.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next()?,
            None => word_at(goods),
        };
        if !category.is_empty() {
            return Some(format!(
                "points pay for the lines a condition keeps: `maximum 100% of lines when line.category != \"{category}\"`"
            ));
        }
    }
    // `in increments of 100 points`: a step.
    if word == "in" {
        let said = one_statement(rest.get(word.len()..)?).trim();
        if let Some(step) = said
            .strip_prefix("increments of")
            .or_else(|| said.strip_prefix("multiples of"))
        {
            return Some(format!("write `step {}`", step.trim()));
        }
    }
    // `value 2.9 cents per point`, `worth 0.01 USD per point`.
    if matches!(word, "value" | "worth") {
        return value_per_point(src, one_statement(rest.get(word.len()..)?));
    }
    // `{ 500 points = 10 USD, 1000 points = 20 USD }`: a table or a rate
    // without the word that says which.
    if word.parse::<rust_decimal::Decimal>().is_ok() {
        let entries = one_statement(rest);
        if entries.contains('=') {
            return Some(if entries.contains(',') {
                let first = entries.split(',').next().unwrap_or(entries).trim();
                format!(
                    "write `table {entries}` (fixed redemptions), or `rate {first}` (any multiple)"
                )
            } else {
                format!("write `rate {entries}` (any multiple), or `table {entries}` (fixed redemptions)")
            });
        }
    }
    match words.as_slice() {
        // `minimum 500`, `step 100`, `maximum 2000`: the unit left out.
        [number, keyword @ ("minimum" | "step" | "maximum"), ..]
            if number.parse::<rust_decimal::Decimal>().is_ok() =>
        {
            let points = if *number == "1" { "point" } else { "points" };
            Some(match *keyword {
                "maximum" => {
                    let currency = super::declared_currency(src).unwrap_or("USD");
                    format!("write `maximum {number} {points}`, or an amount: `maximum {number} {currency}`")
                }
                k => format!("write `{k} {number} {points}`"),
            })
        }
        // `maximum 50% of the order`, `maximum 50% of tx.amount`, `maximum 50%`.
        ["of", percent, "maximum", ..] | [percent, "maximum", ..] if percent.ends_with('%') => Some(format!(
            "write `maximum {percent} of order` (the redemption's order), or of its lines: `maximum {percent} of lines when CONDITION`"
        )),
        // `rate 500 points for 5 USD`.
        [unit, number, "rate", ..] if unit.starts_with("point") && word == "for" => {
            let money = one_statement(rest.get(word.len()..)?).trim();
            Some(format!("write `rate {number} {unit} = {money}`"))
        }
        // `rate 1 USD = 100 points`: the money first.
        [number, "rate", ..] if word.chars().all(|c| c.is_ascii_uppercase()) => {
            let after = rest.get(word.len()..)?.trim_start().strip_prefix('=')?;
            let points = one_statement(after);
            Some(format!(
                "the points come first: `rate {points} = {number} {word}`"
            ))
        }
        _ => table_separator(before, rest),
    }
}

/// `value 2.9 cents per point` as a rate: the fewest points (1, 10, 100,
/// ...) worth a whole number of the currency, or for another currency
/// the amount as written.
fn value_per_point(src: &str, said: &str) -> Option<String> {
    let words: Vec<&str> = said.split_whitespace().collect();
    let [amount, unit, "per" | "a" | "each", "point"] = words.as_slice() else {
        return None;
    };
    let amount: rust_decimal::Decimal = amount.parse().ok()?;
    let currency = super::declared_currency(src).unwrap_or("USD");
    let rate = if matches!(*unit, "cent" | "cents") {
        let money = amount.checked_div(rust_decimal::Decimal::ONE_HUNDRED)?;
        let (points, value) = std::iter::successors(Some(1u64), |n| n.checked_mul(10))
            .take(7)
            .map_while(|n| Some((n, money.checked_mul(rust_decimal::Decimal::from(n))?)))
            .find(|(_, value)| value.fract().is_zero())?;
        let points = if points == 1 {
            "1 point".to_string()
        } else {
            format!("{points} points")
        };
        format!(
            "`rate {points} = {} {currency}` ({} cent{} a point)",
            value.normalize(),
            amount.normalize(),
            if amount == rust_decimal::Decimal::ONE {
                ""
            } else {
                "s"
            }
        )
    } else if *unit == currency {
        format!("`rate 1 point = {amount} {currency}`")
    } else {
        return None;
    };
    Some(format!("what points buy is a rate: {rate}"))
}

/// `table 500 points = 5 USD; 1000 points = 10 USD`: entries are separated
/// by commas.
fn table_separator(before: &str, rest: &str) -> Option<String> {
    if !rest.starts_with(';') {
        return None;
    }
    let start = before.rfind("table")?;
    let table = before.get(start..)?;
    let tail = one_statement(rest);
    let written = format!("{table}{tail}").replace(';', ",");
    Some(format!("entries are separated by commas: `{written}`"))
}

/// The name of the declaration `before` ends with: `NAME` of `KEYWORD "NAME"`.
fn declared_name<'a>(before: &'a str, keyword: &str) -> Option<&'a str> {
    let quoted = before.strip_suffix('"')?;
    let open = quoted.rfind('"')?;
    quoted
        .get(..open)?
        .trim_end()
        .ends_with(keyword)
        .then(|| quoted.get(open + 1..))
        .flatten()
}

/// `reward "Ride cash" costs 500 points = 5 USD`: a reward is bought with
/// points, and points worth money are a burn rule.
pub(super) fn priced_reward(src: &str, pos: usize) -> Option<Diagnostic> {
    let before = src.get(..pos)?.trim_end();
    let line = before
        .get(before.rfind('\n').map_or(0, |i| i + 1)..)?
        .trim_start();
    let (head, cost) = line.strip_prefix("reward ")?.split_once(" costs ")?;
    let name = head.trim();
    let cost = cost.trim();
    let value = one_statement(src.get(pos + 1..)?).trim();
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, pos + 1),
            "a reward has a cost in points, not a value",
        )
        .with_help(Some(format!(
            "write `reward {name} costs {cost}`; points that are worth money are a burn rule: \
             `burn {name} from points {{ table {cost} = {value} }}`"
        ))),
    )
}

/// A reward issued automatically in other words (`costs 1000 points
/// issued automatically`, `auto`, `convert 1000 points to "Note"`), as
/// department stores publish their notes: the help writes `automatically`.
fn automatic(before: &str, rest: &str) -> Option<String> {
    let line = before
        .get(before.rfind('\n').map_or(0, |i| i + 1)..)?
        .trim_start();
    let word = word_at(rest);
    // `costs 500 points automatically from stars`: the balance first.
    if let (Some(head), "from") = (line.strip_suffix(" automatically"), word) {
        let from = one_statement(rest).trim();
        return Some(format!("write `{head} {from} automatically`"));
    }
    let (name, cost) = if word == "convert" {
        // `convert 1000 points to "Note"`.
        let said = one_statement(rest.get(word.len()..)?);
        let (cost, name) = said.split_once('"')?;
        let cost = cost
            .trim()
            .trim_end_matches(" to")
            .trim_end_matches(" into");
        (name.split('"').next()?.to_string(), cost.trim().to_string())
    } else if matches!(word, "automatic" | "auto" | "issued" | "converted") {
        let after = line.strip_prefix("reward \"")?;
        let (name, cost) = after.split_once("\" costs ")?;
        (name.to_string(), cost.trim().to_string())
    } else {
        return None;
    };
    cost.split_once(' ')?;
    Some(format!(
        "a reward issued as soon as a member has the points is written `reward \"{name}\" costs \
         {cost} automatically`"
    ))
}

/// A reward of the catalog as menus and spreadsheets write it: its name
/// unquoted, its cost after `=` or `:` or without its unit, who can have
/// it (`for gold members`), two rewards in one statement.
pub(super) fn reward_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?.trim_end();
    let line = before
        .get(before.rfind('\n').map_or(0, |i| i + 1)..)?
        .trim_start();
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    // `reward Coffee costs 150 points`.
    if line == "reward" && !word.is_empty() {
        let statement = one_statement(rest.get(word.len()..)?).trim();
        return Some(format!(
            "a reward is named in quotes: `reward \"{word}\" {statement}`"
        ));
    }
    let after = line.strip_prefix("reward ")?;
    let named = after.starts_with('"') && after.ends_with('"') && after.len() > 1;
    // `reward "Coffee" = 150 points`, `reward "Coffee": 150 points`.
    if named && (rest.starts_with('=') || rest.starts_with(':')) {
        let cost = one_statement(rest.get(1..)?).trim();
        return Some(format!("write `{line} costs {cost}`"));
    }
    let (_, cost) = after.split_once(" costs ")?;
    let cost = cost.trim();
    // `costs 150`: the unit left out.
    if cost.parse::<rust_decimal::Decimal>().is_ok() && word.is_empty() {
        return Some(format!("write `costs {cost} points`"));
    }
    // `for gold members`, `only for gold`.
    if matches!(word, "for" | "only") {
        let tier = one_statement(rest)
            .split_whitespace()
            .find(|w| !matches!(*w, "for" | "only" | "the" | "members" | "member"))?;
        return Some(format!(
            "who can have it is a condition: `{line} when member.tier >= {tier}`"
        ));
    }
    // `reward "Coffee" costs 150 points, "Muffin" costs 200 points`.
    if let Some(next) = rest.strip_prefix(',') {
        let next = one_statement(next).trim();
        return Some(format!(
            "one reward a statement: `{line}`, then `reward {next}`"
        ));
    }
    None
}

/// The words of one statement from `text` on.
fn statement_words(text: &str) -> Vec<&str> {
    one_statement(text).split_whitespace().collect()
}
