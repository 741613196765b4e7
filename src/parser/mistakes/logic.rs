//! A rule's logic as code and terms write it: `unless`, `else`, an `if`
//! inside the block, a count with its noun (`>= 3 items`), another rule
//! having applied (`when "Base" applied`), a limit per store.

use super::{in_block, last_keyword, one_statement, statement_rest, word_at};

/// The help for a rule's logic written as code writes it.
pub(super) fn logic_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    let last = before.split_whitespace().next_back().unwrap_or_default();
    match word {
        // `earn "B" on purchase unless COND { ... }`.
        "unless" if rule_header(before).is_some() => {
            let condition = condition_of(rest.get(word.len()..)?)?;
            Some(format!("write `when not ({condition})`"))
        }
        // `earn ... { ... } else { ... }`.
        "else" if before.trim_end().ends_with('}') => {
            let start = last_keyword(before, "earn")?;
            let rule = before.get(start..)?;
            let header = rule.get(..rule.find('{')?)?.trim_end();
            let (head, condition) = match header.split_once(" when ") {
                Some((head, c)) => (head, Some(c.trim())),
                None => (header, None),
            };
            let body = block_of(rest.get(word.len()..)?)?;
            let (name, after) = head.strip_prefix("earn")?.trim_start().strip_prefix('"')?.split_once('"')?;
            Some(match condition {
                Some(c) => format!(
                    "a rule has no `else`: the other case is a rule of its own, `earn \"{name} otherwise\"{after} when not ({c}) {{ {body} }}`"
                ),
                None => "a rule has no `else`: a rule without a condition always applies".into(),
            })
        }
        // `earn ... { if COND { ... } }`.
        "if" if in_block(before, "earn") && before.trim_end().ends_with('{') => {
            let start = last_keyword(before, "earn")?;
            let header = before.get(start..)?.trim_end().strip_suffix('{')?.trim_end();
            let after = rest.get(word.len()..)?;
            let condition = condition_of(after)?;
            let body = block_of(after.get(after.find('{')?..)?)?;
            Some(format!(
                "a rule's condition comes before its block: `{header} when {condition} {{ {body} }}`"
            ))
        }
        // `when "Base" applied`.
        "applied" | "applies" | "awarded" | "earned" | "fired" | "matched" | "triggered"
            if last.starts_with('"') && last.ends_with('"') && last.len() > 1 =>
        {
            Some(format!(
                "a condition reads the event and the member, not other rules: repeat the \
                 condition of {last}, or give a share of what it earned: `award 10% of earned by {last}`"
            ))
        }
        // `limit 1 per store per day`.
        "store" | "shop" | "location" | "branch" | "channel" if last == "per" => {
            let head = before.trim_end().strip_suffix("per")?.trim_end();
            let n = head.split_whitespace().rev().take(2).collect::<Vec<_>>();
            let [count, "limit"] = n.as_slice() else {
                return None;
            };
            let period = one_statement(rest.get(word.len()..)?).trim();
            let period = if period.is_empty() {
                String::new()
            } else {
                format!(" {period}")
            };
            Some(format!(
                "a limit counts a member's events: `limit {count} per member{period}` (there is \
                 no limit per {word})"
            ))
        }
        // `earn "A" on purchase except gift cards { ... }`, `count tx.amount
        // to spend on purchase except gift cards`.
        "except" | "excluding" | "excl" => except(before, rest.get(word.len()..)?),
        _ => None,
    }
}

/// The rule or count with its lines left out by category: one by one,
/// `for each line where line.category != "..."`, its amount the line's.
fn except(before: &str, after: &str) -> Option<String> {
    let said = statement_rest(after);
    let said = said.split('{').next()?.trim();
    let said = said.strip_prefix("category").map_or(said, str::trim_start);
    let category = said.trim_matches('"');
    if category.is_empty() || category.contains('"') {
        return None;
    }
    let per_line = |text: &str| text.replace("tx.amount", "line.amount");
    let line = before.rsplit('\n').next()?.trim();
    if let Some(count) = line.strip_prefix("count ") {
        return Some(format!(
            "leave lines out with a condition on each: `count {} for each line when \
             line.category != \"{category}\"`",
            per_line(count.trim_end())
        ));
    }
    let header = rule_header(before)?.trim_end();
    let header = header
        .strip_suffix("for each line")
        .map_or(header, str::trim_end);
    let body = block_of(after)?;
    Some(format!(
        "leave lines out with a condition on each: `{header} for each line where line.category \
         != \"{category}\" {{ {} }}`",
        per_line(body)
    ))
}

/// `tx.items >= 3 items`: a count is a number, the comparison without the
/// noun (after every other help of a word after a number: a currency's, a
/// clock's).
pub(super) fn count_noun(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    let word = word_at(src.get(pos..)?);
    const NOT_NOUNS: [&str; 12] = [
        "day", "days", "week", "weeks", "month", "months", "year", "years", "and", "or", "per",
        "of",
    ];
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_lowercase()) || NOT_NOUNS.contains(&word)
    {
        return None;
    }
    let words: Vec<&str> = statement_rest(before.rsplit('\n').next()?)
        .split_whitespace()
        .rev()
        .take(3)
        .collect();
    let [n, op, lhs] = words.as_slice() else {
        return None;
    };
    let comparison = matches!(*op, "<" | "<=" | ">" | ">=" | "==" | "!=");
    (comparison && n.parse::<u64>().is_ok() && lhs.contains('.'))
        .then(|| format!("a count is a number: `{lhs} {op} {n}`"))
}

/// The header of the rule `before` ends in, before its block.
fn rule_header(before: &str) -> Option<&str> {
    let start = last_keyword(before, "earn")?;
    let header = before.get(start..)?;
    (!header.contains('{')).then_some(header)
}

/// A condition up to its block's `{`.
fn condition_of(text: &str) -> Option<&str> {
    let condition = text.get(..text.find('{')?)?.trim();
    (!condition.is_empty()).then_some(condition)
}

/// What a block `{ ... }` holds (its first level), trimmed.
fn block_of(text: &str) -> Option<&str> {
    let open = text.find('{')?;
    let mut depth = 0usize;
    for (i, c) in text.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(text.get(open + 1..i)?.trim());
                }
            }
            _ => {}
        }
    }
    None
}
