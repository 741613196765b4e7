//! Multipliers and tier benefits as terms write them: `multiply "A" times
//! 2`, `double "A"`, `triple all`, a rule's name without quotes, an `earn`
//! rule inside a tier's block, a multiplier with a condition of its own.

use super::{in_block, last_keyword, one_statement, word_at};

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
    // `multiply points by 1.25`: a balance, not a rule.
    if last == "multiply"
        && (word == "points" || super::declared(src, &["balance", "ledger"]).contains(&word))
    {
        let after = one_statement(rest.get(word.len()..)?).trim();
        return Some(format!(
            "`{word}` is a balance: `multiply all in {word} {after}` multiplies what every rule gives in it"
        ));
    }
    // `multiply all by 1.5 except "Bonus"`: `except` after the factor.
    if word == "except" {
        let start = before.rfind("multiply all by ")?;
        let factor = before.get(start + "multiply all by ".len()..)?.trim();
        let excepted = one_statement(rest.get(word.len()..)?).trim();
        return Some(match excepted_in_words(excepted) {
            Some(quoted) => format!(
                "`except` follows `all`, and names rules in quotes or categories: \
                 `multiply all except {quoted} by {factor}`"
            ),
            None => format!("`except` follows `all`: `multiply all except {excepted} by {factor}`"),
        });
    }
    // `multiply all except gift cards by 2`: what is excepted, unquoted.
    if last == "except" && !word.is_empty() && word != "category" && word != "tag" {
        let after = one_statement(rest);
        let (excepted, by) = after.split_once(" by ").unwrap_or((after, ""));
        let quoted = excepted_in_words(excepted.trim())?;
        let by = if by.is_empty() {
            String::new()
        } else {
            format!(" by {}", by.trim())
        };
        return Some(format!(
            "rules are named in quotes (`except \"Base\"`), categories with `category`: \
             `except {quoted}{by}`"
        ));
    }
    // `multiply A by 1.25`: a rule's name unquoted.
    if last == "multiply" && !word.is_empty() && word != "all" && word != "category" {
        let after = one_statement(rest.get(word.len()..)?);
        return Some(format!(
            "a rule is named in quotes: `multiply \"{word}\" {after}`"
        ));
    }
    // `multiply "A" by 2 on lines where line.category == "skincare"`.
    if matches!(word, "on" | "when" | "where" | "for" | "in" | "if") {
        if let Some(help) = multiply_where(before, rest, word) {
            return Some(help);
        }
    }
    // `stacking additive`: the policies' words.
    if last == "stacking" {
        return match word {
            "additive" | "added" | "sum" | "plus" | "adding" => {
                Some("write `stacking add`: bonuses add up (+100% and +50% make ×2.5)".into())
            }
            "multiplicative" | "compound" | "compounding" | "multiplied" => {
                Some("write `stacking multiply`: factors compound (×2 and ×1.5 make ×3)".into())
            }
            "max" | "maximum" | "highest" | "largest" | "exclusive" => Some(
                "write `stacking best`: only the largest of the `best` campaigns applies".into(),
            ),
            _ => None,
        };
    }
    // `tier gold { bonus 10% }`: a bonus multiplies.
    let block = ["tier", "campaign"]
        .into_iter()
        .find(|k| in_block(before, k));
    if let (Some(block), "bonus") = (block, word) {
        let said = one_statement(rest.get(word.len()..)?);
        let pct = said.trim().strip_suffix('%')?.trim();
        let pct = pct.parse::<rust_decimal::Decimal>().ok()?;
        let factor = super::amounts::bonus_factor(pct)?;
        return Some(format!(
            "a {block}'s bonus multiplies what rules give: `multiply all by {factor}` ({}% more), or `multiply \"RULE\" by {factor}`",
            pct.normalize()
        ));
    }
    // `tier silver { award 7 points per USD of tx.amount }`: an override.
    if word == "award" && in_block(before, "tier") {
        let award = one_statement(rest).trim();
        // `override "Fare" award ...`: the braces left out.
        if before.ends_with('"') {
            let name = before.rsplit('"').nth(1)?;
            return Some(format!(
                "the award goes in braces: `override \"{name}\" {{ {award} }}`"
            ));
        }
        let name = first_rule(src).unwrap_or("RULE");
        return Some(format!(
            "a tier changes a rule's award with `override`: `override \"{name}\" {{ {award} }}`"
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

/// `multiply TARGETS by N` followed by a condition of its own (`word`): a
/// multiplier reaches lines by their category or tags, and a campaign's condition
/// is written in its header.
fn multiply_where(before: &str, rest: &str, word: &str) -> Option<String> {
    let start = last_keyword(before, "multiply")?;
    let multiply = before.get(start..)?;
    if multiply.contains(['{', '}']) {
        return None;
    }
    let (_, factor) = multiply.rsplit_once(" by ")?;
    let condition = one_statement(rest);
    // `"eco" in line.tags`, `lines tagged "eco"`: by their tags; `line.category
    // == "skincare"`: by their category.
    let by = if condition.contains("tags") || condition.contains("tagged") {
        Some(("tag", "tags", condition))
    } else {
        condition
            .split_once("category")
            .map(|(_, after)| ("category", "category", after))
    };
    if let Some((keyword, their, said)) = by {
        // The texts named in that comparison, not in another one.
        let compared = said.split(" and ").next().unwrap_or(said);
        let compared = compared.split(" or ").next().unwrap_or(compared);
        let named: Vec<String> = compared
            .split('"')
            .skip(1)
            .step_by(2)
            .map(|t| format!("\"{t}\""))
            .collect();
        if named.is_empty() {
            return None;
        }
        return Some(format!(
            "a multiplier reaches lines by their {their}: `multiply {keyword} {} by {}` (the awards of `for each line` rules on those lines)",
            named.join(", "),
            factor.trim()
        ));
    }
    // `campaign "C" { multiply "A" by 2 when tx.channel == "app" }`.
    let campaign = last_keyword(before, "campaign")?;
    let header = before.get(campaign..)?;
    let (header, body) = header.split_once('{')?;
    let header = header.trim_end();
    if word != "when" || header.contains(" when ") || body.contains('}') {
        return None;
    }
    let condition = condition.get(word.len()..)?.trim();
    Some(format!(
        "a campaign's condition is written in its header: `{header} when {condition} {{ {} }}`",
        multiply.trim()
    ))
}

/// The name of the program's first earn rule, for a help's example.
fn first_rule(src: &str) -> Option<&str> {
    let at = src.find("earn \"")?;
    src.get(at + "earn \"".len()..)?.split('"').next()
}

/// A tier's block header as terms word it: two tiers (`tier gold,
/// platinum {`), a tier and up (`tier >= gold {`), a name in quotes.
pub(super) fn tier_header(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    let line = before.get(before.rfind('\n').map_or(0, |i| i + 1)..)?;
    let head: Vec<&str> = line.split_whitespace().collect();
    let rest = src.get(pos..)?;
    let block = |from: &str| -> Option<String> {
        let open = from.find('{')?;
        let mut depth = 0usize;
        for (i, c) in from.get(open..)?.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(from.get(open..=open + i)?.to_string());
                    }
                }
                _ => {}
            }
        }
        None
    };
    match head.as_slice() {
        // `tier gold, platinum {`, `tier gold and platinum {`.
        ["tier", first] if rest.starts_with(',') || word_at(rest) == "and" => {
            let names = rest.get(..rest.find('{')?)?;
            let mut tiers = vec![*first];
            tiers.extend(
                names
                    .split([',', ' '])
                    .filter(|w| !w.is_empty() && *w != "and"),
            );
            let body = block(rest)?;
            let blocks: Vec<String> = tiers.iter().map(|t| format!("`tier {t} {body}`")).collect();
            Some(format!(
                "each tier has a block of its own: {}",
                blocks.join(" and ")
            ))
        }
        // `tier >= gold {`.
        ["tier"] if rest.starts_with('>') => {
            let name = word_at(rest.trim_start_matches(['>', '=', ' ']));
            let body = block(rest)?;
            Some(format!(
                "a block names one tier: `tier {name} {body}`, and one more for each tier above it"
            ))
        }
        // `tier "gold" {`.
        ["tier"] if rest.starts_with('"') => {
            let name = rest.get(1..)?.split('"').next()?;
            Some(format!("a tier is named without quotes: `tier {name}`"))
        }
        _ => None,
    }
}

/// What `except` names, written in words (`gift cards`): as a category in
/// quotes; `None` when it is quoted or names a category or tag already.
fn excepted_in_words(excepted: &str) -> Option<String> {
    let first = word_at(excepted);
    let written = excepted.starts_with('"') || first == "category" || first == "tag";
    (!written && !first.is_empty()).then(|| format!("category \"{excepted}\""))
}
