//! What a return takes back of a member's tier: a level its purchase
//! reached, a longer hold of a level held before it, a floor for life it
//! reached; each as the member still qualifies without the purchase.

use chrono::NaiveDate;

use super::expire::{candidate, lasts, Candidate};
use super::plan::TierPlan;
use super::qualify::Reader;
use super::review::{level, reader, Reviewed};
use super::{TierMove, TierState};
use crate::state::MemberState;

/// After a return took back progress: a level held since the returned
/// purchase's day is lowered to what the member still qualifies for
/// (`state` is the member's state with the return's counts taken back);
/// a level held before it (`before`: the status just before the
/// purchase) is held as long as it was, or as the member still qualifies
/// for it without the purchase.
pub(crate) fn revoke(
    tp: &TierPlan,
    state: &MemberState,
    joined: Option<NaiveDate>,
    (purchased, before): (NaiveDate, Option<&TierState>),
    day: NaiveDate,
    r: &mut Reviewed,
) {
    let deducted = r.deducted.clone();
    let reader = reader(tp, Some(state), joined, &[], day, &deducted);
    lower(tp, state, joined, (purchased, before), &reader, day, r);
    if let Some(b) = before {
        refloor(tp, b, &reader, day, r);
    }
}

/// The level part of [`revoke`].
fn lower(
    tp: &TierPlan,
    state: &MemberState,
    joined: Option<NaiveDate>,
    (purchased, before): (NaiveDate, Option<&TierState>),
    reader: &Reader<'_>,
    day: NaiveDate,
    r: &mut Reviewed,
) {
    let held = level(tp, &r.tier);
    if held == 0 {
        return;
    }
    let c = candidate(tp, Some(state), joined, reader, day);
    // Held before the purchase: as the status before it says (a level
    // reached the same day before it, a landing, counts), or by its day.
    let held_before = match before {
        Some(b) => tp.level(&b.level).unwrap_or(0) >= held,
        None => r.tier.since < purchased,
    };
    if held_before {
        if let Some(b) = before.filter(|b| b.level == r.tier.level) {
            shorten(tp, b, c, day, r);
        }
        return;
    }
    if c.level >= held {
        return;
    }
    let old = r.tier.level.clone();
    // What the member held just before the purchase, while it still
    // holds, when the member qualifies for no more without it.
    let kept = before.filter(|b| {
        let level = tp.level(&b.level).unwrap_or(0);
        level < held && level > c.level && b.until.is_none_or(|u| u >= day)
    });
    if let Some(b) = kept {
        r.tier.level = b.level.clone();
        r.tier.since = day;
        r.tier.until = b.until;
        r.tier.grace = b.grace;
        r.tier.by = b.by.clone();
        r.moves.push(TierMove {
            on: day,
            from: old,
            to: r.tier.level.clone(),
            why: "the purchase that qualified it was returned".into(),
        });
        return;
    }
    r.tier.level = tp.name(c.level).to_string();
    r.tier.since = day;
    r.tier.grace = c.grace;
    // Held from the return's day: what qualifies it on that day, when it
    // still does (else what qualified it when it was reached).
    let by = match reader.qualified(tp, day) {
        (level, Some(now)) if level == c.level => Some(now),
        _ => c.by,
    };
    match by {
        Some(by) if c.level > 0 => {
            r.tier.until = c.until;
            r.tier.by = by;
        }
        _ => {
            r.tier.until = None;
            r.tier.by = "the lowest level".into();
        }
    }
    r.moves.push(TierMove {
        on: day,
        from: old,
        to: r.tier.level.clone(),
        why: "the purchase that qualified it was returned".into(),
    });
}

/// A floor for life reached since the status `before` a returned
/// purchase holds only if the member still reaches it without it.
fn refloor(
    tp: &TierPlan,
    before: &TierState,
    reader: &Reader<'_>,
    day: NaiveDate,
    r: &mut Reviewed,
) {
    let rank = |f: Option<&str>| f.and_then(|f| tp.level(f)).unwrap_or(0);
    let was = rank(before.floor.as_deref());
    if rank(r.tier.floor.as_deref()) <= was {
        return;
    }
    let held = level(tp, &r.tier);
    let mut floor = before.floor.clone();
    for f in tp.floors.iter().filter(|f| f.level > was) {
        let reached = match &f.requirement {
            Some(req) => reader.holds(req, day).is_some(),
            None => held >= f.level,
        };
        if reached && rank(floor.as_deref()) < f.level {
            floor = Some(tp.name(f.level).to_string());
        }
    }
    if floor == r.tier.floor {
        return;
    }
    let gone = r.tier.floor.clone().unwrap_or_default();
    r.tier.floor = floor;
    r.moves.push(TierMove {
        on: day,
        from: r.tier.level.clone(),
        to: r.tier.level.clone(),
        why: format!("{gone} for life taken back: the purchase that reached it was returned"),
    });
}

/// A level held before a returned purchase, held longer since: held as
/// long as before it, or as long as the member still qualifies for it
/// without the purchase (`c`), whichever lasts longer.
fn shorten(tp: &TierPlan, before: &TierState, c: Candidate, day: NaiveDate, r: &mut Reviewed) {
    let held = level(tp, &r.tier);
    let now = lasts(tp, r.tier.until, r.tier.grace);
    let was = (before.until, before.grace, before.by.clone());
    let (until, grace, by) = match c.by {
        Some(by) if c.level >= held && lasts(tp, c.until, c.grace) > lasts(tp, was.0, was.1) => {
            (c.until, c.grace, by)
        }
        _ => was,
    };
    if lasts(tp, until, grace) >= now {
        return;
    }
    r.tier.until = until;
    r.tier.grace = grace;
    r.tier.by = by;
    r.moves.push(TierMove {
        on: day,
        from: r.tier.level.clone(),
        to: r.tier.level.clone(),
        why: match until {
            Some(u) => {
                format!("held until {u} again: the purchase that qualified it again was returned")
            }
            None => "the purchase that qualified it again was returned".into(),
        },
    });
}
