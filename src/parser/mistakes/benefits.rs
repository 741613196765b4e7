//! Multipliers and tier benefits as terms write them: `multiply "A" times
//! 2`, `double "A"`, `triple all`, a rule's name without quotes, an `earn`
//! rule inside a tier's block.

use super::{in_block, one_statement, word_at};

/// The help for a mistake at `pos` in a campaign's or a tier's block.
pub(super) fn benefit_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?.trim_end();
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    let last = before.split_whitespace().next_back()?;
    // `multiply "A" times 2`.
    if word == "times" {
        let start = before.rfind("multiply")?;
        let targets = before.get(start..)?;
        let factor = one_statement(rest.get(word.len()..)?);
        return Some(format!("write `{targets} by {factor}`"));
    }
    // `double "A"`, `triple all`: a statement of its own.
    let factor = match word {
        "double" => Some(2),
        "triple" => Some(3),
        "quadruple" => Some(4),
        _ => None,
    };
    if let (Some(n), true) = (factor, before.ends_with('{') || before.ends_with('}')) {
        let targets = one_statement(rest.get(word.len()..)?);
        return Some(format!("write `multiply {targets} by {n}`"));
    }
    // `multiply A by 1.25`: a rule's name unquoted.
    if last == "multiply" && !word.is_empty() && word != "all" && word != "category" {
        let after = one_statement(rest.get(word.len()..)?);
        return Some(format!(
            "a rule is named in quotes: `multiply \"{word}\" {after}`"
        ));
    }
    // `tier gold { earn "A" ... }`.
    if word == "earn" && in_block(before, "tier") {
        let name = rest.split('"').nth(1).unwrap_or("Base");
        return Some(format!(
            "a tier changes a rule's award with `override \"{name}\" {{ award ... }}`, or multiplies it: `multiply \"{name}\" by 1.25`"
        ));
    }
    None
}
