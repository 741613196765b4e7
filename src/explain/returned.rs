//! A return explained: the goods given back, what the purchase held and
//! what its rest earns by itself, rule by rule, then where the points
//! were taken from and what else the return undid.

use std::fmt::{self, Write};

use super::{amount, clean, lots_taken};
use crate::exact::Exact;
use crate::returns::ReturnOutcome;

pub(super) fn render(s: &mut impl Write, r: &ReturnOutcome) -> fmt::Result {
    write!(s, "  returned from purchase {}: ", clean(&r.purchase))?;
    if r.points.is_empty() {
        s.write_str("nothing to take back")?;
    }
    for (i, (b, p)) in r.points.iter().enumerate() {
        if i > 0 {
            s.write_str(", ")?;
        }
        write!(s, "{}", amount(p, b))?;
    }
    writeln!(s)?;
    goods(s, r)?;
    for (balance, held) in &r.held {
        rest(s, r, balance, *held)?;
    }
    lots_taken(s, &r.lots)?;
    for (b, p) in &r.shortfall {
        let how = if r.forgiven.contains_key(b) {
            "forgiven, not taken back"
        } else {
            "owed, paid first from the next points earned"
        };
        writeln!(s, "    {} already spent: {how}", amount(p, b))?;
    }
    for (c, n) in &r.uncounted {
        writeln!(s, "    uncounted: {} -{n}", clean(c))?;
    }
    if !r.badges.is_empty() {
        let names: Vec<String> = r
            .badges
            .iter()
            .map(|b| format!("\"{}\"", clean(b)))
            .collect();
        writeln!(s, "    badge taken back: {}", names.join(", "))?;
    }
    released(s, r)?;
    for (c, p) in &r.budgets {
        writeln!(s, "    budget given back: \"{}\" {p} points", clean(c))?;
    }
    for (b, p) in &r.refunded {
        writeln!(s, "    refunded: {} that paid for the goods", amount(p, b))?;
    }
    Ok(())
}

/// The goods given back: each line as the purchase's explanation numbers
/// it (from 1), or the amount of a return pro rata.
fn goods(s: &mut impl Write, r: &ReturnOutcome) -> fmt::Result {
    for g in &r.goods {
        write!(
            s,
            "    line {} ({}",
            g.line.saturating_add(1),
            clean(&g.sku)
        )?;
        if !g.category.is_empty() {
            write!(s, ", {}", clean(&g.category))?;
        }
        writeln!(s, ") × {} returned: {}", g.quantity, g.amount)?;
    }
    if let Some(amount) = r.amount {
        writeln!(s, "    {amount} of the purchase returned (pro rata)")?;
    }
    Ok(())
}

/// One balance: what the purchase held, what its rest earns, and from
/// which rules; the points taken back are the difference (none where the
/// rest earns more: it keeps what the purchase held).
fn rest(s: &mut impl Write, r: &ReturnOutcome, balance: &str, held: Exact) -> fmt::Result {
    let Some(earns) = r.rest_earns.get(balance) else {
        return writeln!(
            s,
            "    {}: the purchase held {held}, and nothing of it is left",
            clean(balance)
        );
    };
    // A balance the return takes nothing from, and the rest earns no
    // more in: nothing to explain.
    if *earns == held {
        return Ok(());
    }
    if *earns > held {
        writeln!(
            s,
            "    {}: the rest earns {earns}, more than the {held} the purchase held: it keeps {held}",
            clean(balance)
        )?;
    } else {
        writeln!(
            s,
            "    {}: the rest earns {earns} of the {held} the purchase held:",
            clean(balance)
        )?;
    }
    let mut sum = Some(Exact::ZERO);
    for a in r.rest.iter().filter(|a| a.balance == balance) {
        writeln!(s, "      {} from \"{}\"", a.points, clean(&a.rule))?;
        sum = sum.and_then(|t| t.checked_add(a.points));
    }
    if sum != Some(*earns) {
        writeln!(s, "      {earns} in all, rounded per transaction")?;
    }
    Ok(())
}

/// What the rules with a per-member cap or limit get back.
fn released(s: &mut impl Write, r: &ReturnOutcome) -> fmt::Result {
    if r.released.is_empty() {
        return Ok(());
    }
    s.write_str("    rule use given back:")?;
    for (i, (rule, back)) in r.released.iter().enumerate() {
        s.write_str(if i > 0 { ";" } else { "" })?;
        write!(s, " \"{}\"", clean(rule))?;
        if back.times > 0 {
            let times = if back.times == 1 { "" } else { "s" };
            write!(s, " {} time{times}", back.times)?;
        }
        for (j, (b, p)) in back.points.iter().enumerate() {
            let sep = if j > 0 || back.times > 0 { "," } else { "" };
            write!(s, "{sep} {}", amount(p, b))?;
        }
    }
    writeln!(s)
}
