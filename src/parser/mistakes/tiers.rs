//! A tier's requirement written as a condition: in parentheses, with
//! `>=`, or with a period inside it; tiers as the design brief writes
//! them (`tiers by spend over calendar_year { member 0 USD  silver 500 USD
//! ... downgrade at period_end by at_most 1 level }`).

use super::word_at;
use crate::error::Diagnostic;
use crate::span::Span;

/// A tier's requirement in parentheses (`silver when (5000 USD pqp and 15
/// flights) or 6000 USD pqp`): a condition takes them there, a requirement
/// does not, so `(` after `when`, `and` or `or` fails only in a
/// requirement. Its paths need none.
pub(super) fn requirement_parens(src: &str, pos: usize) -> Option<Diagnostic> {
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

/// `silver when nights >= 10` in a tiers block: a requirement is the
/// threshold, then the counter.
pub(super) fn requirement_as_condition(src: &str, pos: usize) -> Option<String> {
    let rest = src.get(pos..)?;
    let op = [">=", ">", "=="]
        .into_iter()
        .find(|op| rest.starts_with(op))?;
    let before = src.get(..pos)?;
    if !in_tiers_block(before) {
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
    if !in_tiers_block(before) {
        return None;
    }
    let last = before.split_whitespace().next_back()?;
    crate::keywords::PERIOD_WORDS.contains(&last).then(|| {
        "a requirement counts over the qualification period: set it in the block, such as \
         `qualify last 12 months`"
            .to_string()
    })
}

/// Whether the text before an error ends inside a tiers block: its `tiers`
/// with no `}` since.
fn in_tiers_block(before: &str) -> bool {
    super::in_block(before, "tiers")
}

/// `tiers by spend over calendar_year { silver 500 USD ... }`: the levels
/// as the language writes them, from the block's own lines.
pub(super) fn tiers_by(src: &str, pos: usize) -> Option<String> {
    let rest = src.get(pos..)?;
    if word_at(rest) != "by" || !src.get(..pos)?.trim_end().ends_with("tiers") {
        return None;
    }
    let open = rest.find('{')?;
    let header: Vec<&str> = rest.get(2..open)?.split_whitespace().collect();
    let counted = *header.first()?;
    let period = match header
        .get(2..)
        .map(|p| p.join(" ").replace('_', " "))
        .as_deref()
    {
        Some("membership year" | "membership anniversary") => "membership year",
        Some(p) if p.contains("12 months") => "last 12 months",
        _ => "calendar year",
    };
    let block = rest.get(open + 1..)?;
    let block = block.get(..block.find('}').unwrap_or(block.len()))?;
    let mut levels = Vec::new();
    for line in block.lines() {
        let words: Vec<&str> = line.split('#').next()?.split_whitespace().collect();
        match words.as_slice() {
            [name] => levels.push((*name).to_string()),
            [name, number, unit @ ..] if number.parse::<rust_decimal::Decimal>().is_ok() => {
                if number.parse::<rust_decimal::Decimal>().ok()?.is_zero() {
                    levels.push((*name).to_string());
                } else {
                    let unit = unit.first().map(|u| format!(" {u}")).unwrap_or_default();
                    levels.push(format!("{name} when {number}{unit} {counted}"));
                }
            }
            _ => {}
        }
    }
    if levels.is_empty() {
        return None;
    }
    Some(format!(
        "each level says what it needs after `when`, and the block how it qualifies: `tiers {{ {}  qualify {period} }}`",
        levels.join("  ")
    ))
}

/// `silver 500 USD` in a tiers block: the requirement after `when`, naming
/// what it counts; `member 0 USD`: the lowest level needs nothing.
pub(super) fn level_amount(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    if !in_tiers_block(before) {
        return None;
    }
    // `silver: 10 nights`, as tables of terms print it.
    if let Some(after) = src.get(pos..)?.strip_prefix(':') {
        let level = before.split_whitespace().next_back()?;
        let requirement = after
            .split_whitespace()
            .take_while(|w| !w.ends_with(':'))
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        return Some(format!(
            "a level's requirement follows `when`: `{level} when {requirement}`"
        ));
    }
    let line = before.get(before.rfind('\n').map_or(0, |i| i + 1)..)?;
    // `spend of 1000 USD`: the counter before its threshold.
    if let [.., counter, "of"] = line.split_whitespace().collect::<Vec<_>>().as_slice() {
        let threshold = threshold_at(src.get(pos..)?)?;
        return Some(format!(
            "write the threshold, then the counter: `{threshold} {counter}`"
        ));
    }
    // `select at 3500 tqp`, as terms print it (`at` read as a level).
    let on_line: Vec<&str> = line.split_whitespace().collect();
    if let [level, "at" | "needs" | "requires" | "with" | "from"] = on_line.as_slice() {
        let requirement = super::statement_rest(src.get(pos..)?).trim();
        return Some(format!(
            "a level's requirement follows `when`: `{level} when {requirement}`"
        ));
    }
    let mut on_line = line.split_whitespace();
    let (Some(level), None) = (on_line.next(), on_line.next()) else {
        return None;
    };
    let rest = super::statement_rest(src.get(pos..)?);
    let mut words = rest.split_whitespace();
    let number: rust_decimal::Decimal = words.next()?.parse().ok()?;
    if number.is_zero() {
        return Some(format!("the lowest level needs nothing: `{level}` alone"));
    }
    let unit = words
        .next()
        .filter(|u| u.len() == 3 && u.chars().all(|c| c.is_ascii_uppercase()))
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let counters = super::counters::declared_counters(src);
    let counted = match counters.as_slice() {
        [one] => one,
        _ => "COUNTER",
    };
    Some(format!(
        "a level's requirement follows `when` and names what it counts: `{level} when {number}{unit} {counted}`"
    ))
}

/// `qualify yearly`, `keep for 1 year`, `grace period 3 months`, `upgrade
/// immediately`: a tiers block's policies in the language's words.
pub(super) fn policy_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    if !in_tiers_block(before) {
        return None;
    }
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    let last = before.split_whitespace().next_back()?;
    Some(match (last, word) {
        ("qualify", "yearly" | "annually" | "year" | "annual") => {
            "write `qualify calendar year` (or `membership year`, from each member's join date)"
                .into()
        }
        ("qualify", "rolling") => {
            let period = super::one_statement(rest.get(word.len()..)?);
            format!("write `qualify last {period}`")
        }
        ("keep", "for" | "until" | "till" | "through" | "thru") => {
            let kept = if super::one_statement(rest.get(word.len()..)?).contains("next") {
                "write `keep to end of next period`: "
            } else {
                ""
            };
            format!("{kept}a level is kept `to end of period` or `to end of next period` (a level qualified in 2026 held through 2027)")
        }
        ("qualify", "per" | "each" | "every" | "by" | "over" | "on" | "in") => {
            let period = super::one_statement(rest.get(word.len()..)?);
            let known = ["calendar year", "membership year", "year from", "last "];
            if known.iter().any(|k| period.starts_with(k)) {
                format!("write `qualify {period}`")
            } else {
                "the period follows `qualify`: `qualify calendar year`, `qualify membership \
                 year`, `qualify year from 04-01` or `qualify last 12 months`"
                    .into()
            }
        }
        ("grace", "period") => {
            let period = super::one_statement(rest.get(word.len()..)?);
            format!("write `grace {period}`")
        }
        ("upgrade", "immediately" | "instantly" | "now") => "write `upgrade at once`".into(),
        _ => return None,
    })
}

/// `downgrade at period_end by at_most 1 level`: the policy in the
/// language's words.
pub(super) fn downgrade_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    if !in_tiers_block(before) || !before.trim_end().ends_with("downgrade") {
        return None;
    }
    let rest = super::statement_rest(src.get(pos..)?);
    let word = word_at(rest);
    Some(if rest.contains("1 level") || rest.contains("one level") {
        "write `downgrade one level`: at most one level down each time a level ends (at the end of its period)".into()
    } else if matches!(word, "never" | "none" | "no") {
        // A level held for life: the first earned level as the example.
        let block = before.get(before.rfind("tiers")?..)?;
        let level = block
            .split_whitespace()
            .take_while(|w| *w != "when")
            .last()
            .unwrap_or("LEVEL");
        format!(
            "a level never lost is a floor: `floor {level}`; or write `downgrade one level`, `downgrade to LEVEL` or `downgrade recompute`"
        )
    } else {
        "write `downgrade recompute` (to what the member qualifies for), `downgrade one level` or `downgrade to LEVEL`; a level ends at the end of its period".into()
    })
}

/// The threshold at the start of `rest`: a number, and the currency after
/// it (`1000 USD`).
fn threshold_at(rest: &str) -> Option<String> {
    let mut words = super::statement_rest(rest).split_whitespace();
    let number = words.next()?;
    number.parse::<rust_decimal::Decimal>().ok()?;
    Some(match words.next() {
        Some(c) if c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()) => {
            format!("{number} {c}")
        }
        _ => number.to_string(),
    })
}
