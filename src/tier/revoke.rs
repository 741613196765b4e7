//! What a return takes back of a member's tier: a level its purchase
//! reached, a longer hold of a level held before it, a floor for life it
//! reached; each as the member would hold it without the purchase.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::expire::{candidate, lasts};
use super::plan::TierPlan;
use super::qualify::Reader;
use super::review::{after_event, level, reader, review, Reviewed};
use super::{TierMove, TierState};
use crate::exact::Exact;
use crate::input::Member;
use crate::state::{Counter, MemberState};

/// After a return took back progress (`state` is the member's state with
/// the return's counts taken back): the tier is what the member would
/// hold without the purchase. With the status just before the purchase
/// (`before`, kept in its receipt), that is the status brought forward
/// from then to the return's day as the history without the purchase
/// would have (see [`without`]), with the deductions that history makes;
/// a level held longer or higher than that is brought down to it, a
/// level a deduction the purchase caused brought lower is brought back up,
/// and a floor for life the purchase reached goes. Without it (a receipt
/// written before receipts kept it), a level held since the purchase's
/// day is lowered to what the member still qualifies for.
pub(crate) fn revoke(
    tp: &TierPlan,
    member: &Member,
    state: &MemberState,
    (purchased, before): (NaiveDate, Option<&TierState>),
    day: NaiveDate,
    r: &mut Reviewed,
) {
    let joined = member.join_date;
    let Some(b) = before else {
        let deducted = r.deducted.clone();
        let reader = reader(tp, Some(state), joined, &[], day, &deducted);
        if r.tier.since >= purchased {
            let c = candidate(tp, Some(state), joined, &reader, day);
            if c.level < level(tp, &r.tier) {
                let (level, until, grace, by) = (c.level, c.until, c.grace, c.by);
                lower(tp, (tp.name(level), until, grace, by), &reader, day, r);
            }
        }
        return;
    };
    let replayed = without(tp, member, state, b, purchased, day);
    if let Some((_, d)) = &replayed {
        // What the history without the purchase deducted at the period
        // ends since, against what was deducted with it.
        r.deducted = d.clone();
    }
    let deducted = r.deducted.clone();
    let reader = reader(tp, Some(state), joined, &[], day, &deducted);
    let without = replayed.as_ref().map(|(t, _)| t);
    if let Some(without) = without {
        let (held, was) = (level(tp, &r.tier), level(tp, without));
        let now = lasts(tp, r.tier.until, r.tier.grace);
        if was < held {
            let by = Some(without.by.clone());
            lower(
                tp,
                (&without.level, without.until, without.grace, by),
                &reader,
                day,
                r,
            );
        } else if was > held {
            r.moves.push(TierMove {
                on: day,
                from: r.tier.level.clone(),
                to: without.level.clone(),
                why: "held without the returned purchase, whose period-end deduction lowered it"
                    .into(),
            });
            r.tier.level = without.level.clone();
            r.tier.since = without.since;
            r.tier.until = without.until;
            r.tier.grace = without.grace;
            r.tier.by = without.by.clone();
        } else if was == held && lasts(tp, without.until, without.grace) < now {
            r.tier.until = without.until;
            r.tier.grace = without.grace;
            r.tier.by = without.by.clone();
            r.moves.push(TierMove {
                on: day,
                from: r.tier.level.clone(),
                to: r.tier.level.clone(),
                why: match without.until {
                    Some(u) => format!(
                        "held until {u} again: the purchase that qualified it again was returned"
                    ),
                    None => "the purchase that qualified it again was returned".into(),
                },
            });
        }
    }
    refloor(tp, b, without, &reader, day, r);
}

/// The status the member would hold on `day` without the purchase: the
/// one just before it (`before`) brought forward on the state without it
/// as that history would have: on each day from the purchase's to the
/// return's on which the member's counts changed, time passing to it
/// (read on the counts of the days before) and then the day's counts; and
/// on the return's day, what the member qualifies for. Only days with
/// counts matter: a day without any changes no level (as a `time` event
/// changes none).
fn without(
    tp: &TierPlan,
    member: &Member,
    state: &MemberState,
    before: &TierState,
    purchased: NaiveDate,
    day: NaiveDate,
) -> Option<(TierState, BTreeMap<String, Exact>)> {
    if purchased > day {
        return None; // a return is never before its purchase (refused before this)
    }
    let mut days: BTreeSet<NaiveDate> = state
        .counters
        .values()
        .flat_map(|c| c.days.range(purchased..=day).map(|(d, _)| *d))
        .collect();
    days.insert(day);
    // Only the counters matter here (tiers read nothing else of a state).
    let mut work = state.counters.clone();
    // The lifetime totals as they were before the reviews since the
    // purchase deducted from them: the replay makes its own deductions.
    let since = |c: &Counter| {
        c.deducted
            .range(purchased..)
            .filter(|(d, _)| **d > purchased)
            .map(|(_, v)| *v)
            .collect::<Vec<_>>()
    };
    for c in work.values_mut() {
        for v in since(c) {
            c.total = c.total.checked_add(v)?;
        }
        c.deducted.retain(|d, _| *d <= purchased);
    }
    let mut deducted: BTreeMap<String, Exact> = BTreeMap::new();
    let mut tier = before.clone();
    for d in days {
        let mut earlier = through(state, &work, d.pred_opt()?)?;
        earlier.tier = Some(tier);
        let mut r = review(tp, member, Some(&earlier), d).ok()?;
        let now = through(state, &work, d)?;
        let so_far = r.deducted.clone();
        let reader = reader(tp, Some(&now), member.join_date, &[], d, &so_far);
        after_event(tp, &reader, &mut r, d);
        // What the review deducted from lifetime totals stays deducted.
        for (name, amount) in &r.deducted {
            if let Some(c) = work.get_mut(name) {
                c.total = c.total.checked_sub(*amount)?.max(Exact::ZERO);
            }
            let all = deducted.entry(name.clone()).or_insert(Exact::ZERO);
            *all = all.checked_add(*amount)?;
        }
        tier = r.tier;
    }
    // Less what was deducted since with the purchase counted: what the
    // return's change deducts (negative: gives back).
    for (name, c) in &state.counters {
        for v in since(c) {
            let all = deducted.entry(name.clone()).or_insert(Exact::ZERO);
            *all = all.checked_sub(v)?;
        }
    }
    deducted.retain(|_, v| !v.is_zero());
    Some((tier, deducted))
}

/// A state of `state`'s program and member with only `counters`, as they
/// stood at the end of `last` ([`Counter::as_of`]); `None` when a sum
/// overflows.
fn through(
    state: &MemberState,
    counters: &BTreeMap<String, Counter>,
    last: NaiveDate,
) -> Option<MemberState> {
    let mut s = MemberState::new(&state.program, &state.member);
    for (name, c) in counters {
        s.counters.insert(name.clone(), c.as_of(last)?);
    }
    Some(s)
}

/// Lowers the level held to `to` (its level name, end, grace and why),
/// held from the return's day and said by what qualifies it on that day
/// when it still does.
fn lower(
    tp: &TierPlan,
    (to, until, grace, by): (&str, Option<NaiveDate>, bool, Option<String>),
    reader: &Reader<'_>,
    day: NaiveDate,
    r: &mut Reviewed,
) {
    let old = r.tier.level.clone();
    let new = tp.level(to).unwrap_or(0);
    r.tier.level = to.to_string();
    r.tier.since = day;
    r.tier.grace = grace;
    let by = match reader.qualified(tp, day) {
        (level, Some(now)) if level == new => Some(now),
        _ => by,
    };
    match by {
        Some(by) if new > 0 => {
            r.tier.until = until;
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
/// purchase holds only if the member reaches it without it: as the
/// history without it does (`without`), or, when that could not be
/// computed, as the member does on the return's day.
fn refloor(
    tp: &TierPlan,
    before: &TierState,
    without: Option<&TierState>,
    reader: &Reader<'_>,
    day: NaiveDate,
    r: &mut Reviewed,
) {
    let rank = |f: Option<&str>| f.and_then(|f| tp.level(f)).unwrap_or(0);
    let was = rank(before.floor.as_deref());
    if rank(r.tier.floor.as_deref()) <= was {
        return;
    }
    let floor = match without {
        Some(w) => w.floor.clone(),
        None => {
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
            floor
        }
    };
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
