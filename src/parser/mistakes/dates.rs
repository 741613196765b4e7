//! Date arithmetic as terms say it: `tx.date <= member.join_date + 30
//! days` ("within 30 days of joining"), `tx.date - member.join_date <= 30
//! days`. The language counts days between two dates with `days_between`.

/// The comparison with `days_between` for a date plus or minus a number of
/// days (or weeks), or a difference of dates compared with days: the
/// error is at the unit, `days`.
pub(super) fn days_added(src: &str, pos: usize) -> Option<String> {
    let unit = super::word_at(src.get(pos..)?);
    let per = match unit {
        "day" | "days" => 1,
        "week" | "weeks" => 7,
        _ => return None,
    };
    let before: Vec<&str> = condition_before(src.get(..pos)?)
        .split_whitespace()
        .collect();
    let after = super::statement_rest(src.get(pos + unit.len()..)?);
    let after: Vec<&str> = after
        .split(['{', ')'])
        .next()?
        .split(" and ")
        .next()?
        .split(" or ")
        .next()?
        .split_whitespace()
        .collect();
    let days = |n: &str| -> Option<u64> { n.parse::<u64>().ok()?.checked_mul(per) };
    let (a, op, b, sign, n) = match (before.as_slice(), after.as_slice()) {
        // `A OP B + N days`.
        ([.., a, op, b, sign, n], []) if is_sign(sign) => (*a, *op, *b, *sign, days(n)?),
        // `B + N days OP A`: `A OP' B + N`.
        ([b, sign, n], [op, a]) if is_sign(sign) => (*a, flip(op)?, *b, *sign, days(n)?),
        // `A - B OP N days`: `days_between(B, A) OP N`.
        ([.., a, "-", b, op, n], []) if is_date_value(a) && is_date_value(b) => {
            let op = comparison(op)?;
            return Some(format!("write `days_between({b}, {a}) {op} {}`", days(n)?));
        }
        _ => return None,
    };
    let op = comparison(op)?;
    if !(is_date_value(a) && is_date_value(b)) {
        return None;
    }
    // A OP B + N is days_between(B, A) OP N; A OP B - N is B - A OP' N.
    Some(if sign == "+" {
        format!("write `days_between({b}, {a}) {op} {n}`")
    } else {
        format!("write `days_between({a}, {b}) {} {n}`", flip(op)?)
    })
}

/// The condition's text up to the error: after its last `when`, `where`,
/// `and`, `or`, `not` or `(` that groups (not a call's: `hour(tx.time)`).
pub(super) fn condition_before(before: &str) -> &str {
    let line = before.rsplit('\n').next().unwrap_or(before);
    let word = [" when ", " where ", " and ", " or ", " not "]
        .iter()
        .filter_map(|w| line.rfind(w).map(|i| i + w.len()));
    let group = line.char_indices().filter_map(|(i, c)| {
        let call = line
            .get(..i)
            .and_then(|b| b.chars().next_back())
            .is_some_and(|p| p.is_ascii_alphanumeric() || p == '_');
        (c == '(' && !call).then_some(i + 1)
    });
    let cut = word.chain(group).max().unwrap_or(0);
    line.get(cut..).unwrap_or(line)
}

fn is_sign(word: &str) -> bool {
    matches!(word, "+" | "-")
}

/// A date: a field of dates (`tx.date`, `member.join_date`,
/// `member.birthday`) or a date written out.
fn is_date_value(word: &str) -> bool {
    word.ends_with(".date")
        || word.ends_with("_date")
        || word == "member.birthday"
        || super::schedules::is_date(word)
}

fn comparison(op: &str) -> Option<&str> {
    matches!(op, "<" | "<=" | ">" | ">=" | "==" | "!=").then_some(op)
}

/// The comparison with its sides swapped: `a < b` is `b > a`.
fn flip(op: &str) -> Option<&'static str> {
    Some(match op {
        "<" => ">",
        "<=" => ">=",
        ">" => "<",
        ">=" => "<=",
        "==" => "==",
        "!=" => "!=",
        _ => return None,
    })
}

/// A date written in another country's order where the grammar wants one
/// (`from 11/20/2026`, `20.11.2026`): the date as the language writes it.
pub(super) fn date_order(src: &str, pos: usize) -> Option<String> {
    let part = |c: char| c.is_ascii_digit() || c == '/' || c == '.';
    let before = src.get(..pos)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| part(*c))
        .last()
        .map_or(pos, |(i, _)| i);
    let rest = src.get(pos..)?;
    let end = rest.find(|c: char| !part(c)).map_or(src.len(), |e| pos + e);
    crate::keywords::date_in_other_order(src.get(start..end)?)
}
