//! Rates as terms word them: `1 point for every 5 USD played`, `per USD
//! spent`, `award tx.amount / 10 points`. The help names the amount the
//! rule reads (`line.amount` in a rule `for each line`, `tx.amount` on a
//! purchase, the event's money attribute on an event of the program's own).

use super::{declared_currency, last_keyword, statement_rest, word_at};

/// Words that say an amount was spent, not which one.
const SPENT: [&str; 9] = [
    "spent",
    "spend",
    "played",
    "wagered",
    "paid",
    "purchased",
    "bought",
    "charged",
    "booked",
];

/// `award 1 point per USD spent`, `award 1 point for every 5 USD of
/// event.coin_in`, `award 1 point every 5 USD played`: a rate as terms
/// word it.
pub(super) fn rate_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    let award = before.get(before.rfind("award")?..)?.trim_end();
    if award.contains(['{', '}', '\n']) {
        return None;
    }
    let rest = src.get(pos..)?;
    let after = rest
        .strip_prefix("for every")
        .or_else(|| rest.strip_prefix("for each"))
        .or_else(|| rest.strip_prefix("every"));
    if let Some(after) = after {
        let words: Vec<&str> = statement_rest(after).split_whitespace().collect();
        let base = |words: &[&str]| match words {
            ["of", base, ..] => (*base).to_string(),
            _ => rule_amount(src, pos),
        };
        return Some(match words.as_slice() {
            [n, cur, more @ ..] if is_number(n) && is_currency(cur) => {
                format!("write `{award} per every {n} {cur} of {}`", base(more))
            }
            [cur, more @ ..] if is_currency(cur) => {
                let base = base(more);
                format!(
                    "write `{award} per every 1 {cur} of {base}` (whole dollars) or `{award} per {cur} of {base}`"
                )
            }
            _ => return None,
        });
    }
    // `per [N] USD` and then what was spent, or nothing.
    let mut back = award.split_whitespace().rev();
    let currency = back.next()?;
    let per = match back.next()? {
        n if is_number(n) => back.next()?,
        word => word,
    };
    let spent = SPENT.contains(&word_at(rest)) || rest.starts_with('}') || rest.trim().is_empty();
    (per == "per" && is_currency(currency) && spent).then(|| {
        format!(
            "a rate names what it is of: `{award} of {}`",
            rule_amount(src, pos)
        )
    })
}

/// `award 1 point per 2 litres`, `per litre`, `per every 2 litres of
/// line.quantity`: a quantity in its unit, which the language writes as a
/// number (in whole steps, or in proportion).
pub(super) fn quantity_unit(src: &str, pos: usize) -> Option<String> {
    let unit = word_at(src.get(pos..)?);
    if !crate::keywords::quantity_unit(unit) {
        return None;
    }
    let before = src.get(..pos)?;
    let award = before.get(before.rfind("award")?..)?.trim_end();
    if award.contains(['{', '}', '\n']) {
        return None;
    }
    let words: Vec<&str> = award.split_whitespace().collect();
    let (points, n, every) = match words.as_slice() {
        // `per line.quantity litres`: the field counts the unit already.
        ["award", x, pts, "per", field] if field.contains('.') => {
            let written = format!("`award {x} {pts} per {field}`");
            return Some(format!(
                "a quantity is a number without its unit: {written}"
            ));
        }
        ["award", x, pts, "per", "every", n] => ((*x, *pts), Some(*n), true),
        ["award", x, pts, "per", n] if is_number(n) => ((*x, *pts), Some(*n), false),
        ["award", x, pts, "per"] => ((*x, *pts), None, false),
        _ => return None,
    };
    let (x, pts) = points;
    let said = |text: String| format!("a quantity is a number without its unit: {text}");
    let quantity = if rule_heading(src, pos).contains("for each line") {
        "line.quantity"
    } else {
        "tx.items"
    };
    let rest = statement_rest(src.get(pos + unit.len()..)?);
    let of = match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["of", base, ..] => (*base).to_string(),
        _ => quantity.to_string(),
    };
    let n = match n {
        Some(n) if n != "1" => n,
        _ if !every => return Some(said(format!("`award {x} {pts} per {of}`"))),
        _ => "1",
    };
    let step = format!("`award {x} {pts} per every {n} of {of}` (for every {n} whole {unit})");
    if every {
        return Some(said(format!("`award {x} {pts} per every {n} of {of}`")));
    }
    // In proportion, when the points per unit are a finite decimal.
    let per_unit = x
        .parse::<rust_decimal::Decimal>()
        .ok()
        .zip(n.parse::<rust_decimal::Decimal>().ok())
        .and_then(|(x, n)| crate::exact::Exact::ratio(x, n))
        .and_then(|e| e.as_decimal());
    Some(said(match per_unit {
        Some(d) => {
            let pts = if d == rust_decimal::Decimal::ONE {
                pts
            } else {
                "points"
            };
            format!(
                "{step}, or `award {} {pts} per {of}` (in proportion)",
                d.normalize()
            )
        }
        None => step,
    }))
}

/// The heading of the rule being written at `pos` (`earn "F" on purchase
/// for each line where ...`), or nothing outside a rule.
fn rule_heading(src: &str, pos: usize) -> &str {
    let before = src.get(..pos).unwrap_or_default();
    last_keyword(before, "earn")
        .and_then(|i| before.get(i..))
        .and_then(|rule| rule.split('{').next())
        .unwrap_or_default()
}

/// `award tx.amount / 10 points`, `award event.stars * 10 points`: points
/// computed in the award's number, which is a constant; the rate that says
/// it.
pub(super) fn computed_award(src: &str, pos: usize, message: &str) -> Option<String> {
    if !message.starts_with("expected a number") || !src.get(..pos)?.trim_end().ends_with("award") {
        return None;
    }
    let words: Vec<&str> = statement_rest(src.get(pos..)?).split_whitespace().collect();
    let (field, op, n, unit) = match words.as_slice() {
        [field, op @ ("/" | "*"), n, unit, ..] if is_number(n) => (*field, *op, *n, *unit),
        [field, unit, ..] => (*field, "*", "1", *unit),
        _ => return None,
    };
    if !field.contains('.') || word_at(unit) != unit {
        return None;
    }
    let points = |n: &str| match (n, unit.strip_suffix('s')) {
        ("1", Some(one)) => format!("1 {one}"),
        _ => format!("{n} {unit}"),
    };
    let rate = match (is_money(src, field), op) {
        (true, "/") => format!("award {} per {n} {} of {field}", points("1"), currency(src)),
        (true, _) => format!("award {} per {} of {field}", points(n), currency(src)),
        (false, "/") => format!("award {} per {field} / {n}", points("1")),
        (false, _) => format!("award {} per {field}", points(n)),
    };
    Some(format!(
        "an award's number is a constant; a number of points in proportion to an amount is a rate: `{rate}`"
    ))
}

/// The amount a rule being written at `pos` reads, as its rates name it:
/// a line's in a rule `for each line`, the purchase's on a purchase, the
/// event's first money attribute on an event of the program's own (or a
/// placeholder when it declares none).
fn rule_amount(src: &str, pos: usize) -> String {
    let heading = rule_heading(src, pos);
    if heading.contains("for each line") {
        return "line.amount".into();
    }
    let words: Vec<&str> = heading.split_whitespace().collect();
    if !words.windows(2).any(|w| w == ["on", "purchase"]) {
        if let Some(attribute) = money_attributes(src)
            .into_iter()
            .find(|a| a.starts_with("event."))
        {
            return attribute.into();
        }
        if words.windows(2).any(|w| w == ["on", "event"]) {
            return "event.NAME".into();
        }
    }
    "tx.amount".into()
}

/// Whether `field` is money: a built-in field of money (`tx.amount`,
/// `line.unit_price`, `tx.paid.card`), or an attribute declared `money`.
fn is_money(src: &str, field: &str) -> bool {
    crate::types::FIELDS
        .iter()
        .any(|(path, _, ty, _)| *path == field && *ty == crate::types::Type::Money)
        || field.starts_with("tx.paid.")
        || money_attributes(src).contains(&field)
}

/// The attributes the program's text declares `money`, in order.
fn money_attributes(src: &str) -> Vec<&str> {
    let words: Vec<&str> = src.split_whitespace().collect();
    words
        .windows(3)
        .filter_map(|w| match w {
            ["attribute", name, "money"] => Some(*name),
            _ => None,
        })
        .collect()
}

/// The program's currency, `USD` when its header does not say.
fn currency(src: &str) -> &str {
    declared_currency(src).unwrap_or("USD")
}

fn is_number(word: &str) -> bool {
    !word.is_empty()
        && word.chars().all(|c| c.is_ascii_digit() || c == '.')
        && word.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn is_currency(word: &str) -> bool {
    word.len() == 3 && word.chars().all(|c| c.is_ascii_uppercase())
}
