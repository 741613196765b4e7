//! Time passing: the review of a member's tier up to a day, period end by
//! period end (see `expire.rs` for what happens at each); and after an
//! event, upgrades.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::expire::{deduct, expire, lasts, promote};
use super::plan::{Qualify, TierPlan};
use super::qualify::Reader;
use super::{TierMove, TierState};
use crate::error::EvalError;
use crate::exact::Exact;
use crate::input::Member;
use crate::state::MemberState;

/// A tier brought up to a day: the new tier state, what was deducted from
/// counters, and every move on the way.
#[derive(Debug, Clone)]
pub(crate) struct Reviewed {
    pub tier: TierState,
    pub deducted: BTreeMap<String, Exact>,
    pub moves: Vec<TierMove>,
    /// A run of deductions: (counter, level, points, periods, first day,
    /// the index of its move), so that a long run is one move.
    pub deducting: Option<(String, u16, Exact, u32, NaiveDate, usize)>,
}

/// The member's tier reviewed up to `to`: every review period that ended
/// since the state was last reviewed, in order. A day before the last
/// review changes nothing (tiers do not go back in time).
pub(crate) fn review(
    tp: &TierPlan,
    member: &Member,
    state: Option<&MemberState>,
    to: NaiveDate,
) -> Result<Reviewed, EvalError> {
    let joined = member.join_date;
    if tp.qualify == Qualify::MembershipYear && joined.is_none_or(|j| j > to) {
        return Err(EvalError::NoJoinDate {
            member: member.id.clone(),
            rule: "tiers".into(),
        });
    }
    let mut r = Reviewed {
        tier: match state.and_then(|s| s.tier.as_ref()) {
            Some(t) => t.clone(),
            None => TierState {
                level: tp.name(0).to_string(),
                since: to,
                until: None,
                by: "the lowest level".into(),
                grace: false,
                floor: None,
                grants: Vec::new(),
                reviewed: to,
            },
        },
        deducted: BTreeMap::new(),
        moves: Vec::new(),
        deducting: None,
    };
    known(tp, member, &r.tier)?;
    if state.and_then(|s| s.tier.as_ref()).is_none() && !tp.upgrade_next {
        // A state without a tier (a new member, or a state an earlier version
        // of the program wrote) starts at what its counters already qualify.
        let none = BTreeMap::new();
        let reader = reader(tp, state, joined, &[], to, &none);
        upgrade(tp, &reader, &mut r, to);
    }
    let mut cursor = r.tier.reviewed;
    loop {
        // The next end of a review period, or of a status that ends between
        // them (a grace period, a level kept to a period's end).
        let boundary = tp.qualify.next_boundary(cursor, joined);
        let ends = r
            .tier
            .until
            .and_then(|u| u.succ_opt())
            .filter(|e| *e > cursor);
        // The first day a grant no longer holds.
        let grant_ends = r
            .tier
            .grants
            .iter()
            .filter_map(|g| g.until?.succ_opt())
            .filter(|e| *e > cursor)
            .min();
        let Some(b) = [boundary, ends, grant_ends].into_iter().flatten().min() else {
            break;
        };
        if b > to {
            break;
        }
        if Some(b) == grant_ends {
            end_grants(tp, b, &mut r);
        }
        if Some(b) == boundary {
            let held = level(tp, &r.tier);
            deduct(tp, state, held, b, &mut r)?;
            if tp.upgrade_next {
                promote(tp, state, joined, b, &mut r);
            }
        }
        if r.tier.until.is_some_and(|u| u < b) {
            expire(tp, state, joined, b, &mut r);
        }
        // A bare floor is reached by holding its level, however the level
        // was reached (`upgrade next period` raises it here).
        floors(tp, &mut r, b, |_| None);
        cursor = b;
        let deducts = tp.deductions.iter().any(|d| d.level == level(tp, &r.tier));
        let grants_end = r.tier.grants.iter().any(|g| g.until.is_some());
        if r.tier.until.is_none() && !deducts && !grants_end {
            break; // nothing changes before the next event
        }
    }
    if to > r.tier.reviewed {
        r.tier.reviewed = to;
    }
    Ok(r)
}

/// Grants that no longer hold on `day` go; the move is dated that day,
/// from the tier held the day before to the one held now.
fn end_grants(tp: &TierPlan, day: NaiveDate, r: &mut Reviewed) {
    let (_, held) = super::effective(tp, &r.tier, day.pred_opt().unwrap_or(day));
    r.tier.grants.retain(|g| g.until.is_none_or(|u| u >= day));
    let (_, now) = super::effective(tp, &r.tier, day);
    r.moves.push(TierMove {
        on: day,
        from: held.tier,
        to: now.tier,
        why: "a granted tier ended; the earned tier holds".into(),
    });
}

/// Upgrades after an event (whose counts `reader` includes): a higher
/// level at once, the same level for longer, and floors reached.
pub(crate) fn after_event(tp: &TierPlan, reader: &Reader<'_>, r: &mut Reviewed, day: NaiveDate) {
    if !tp.upgrade_next {
        upgrade(tp, reader, r, day);
    }
    floors(tp, r, day, |req| reader.holds(req, day));
}

/// Floors for life reached on `day`: one with a requirement when
/// `holds` says it holds, a bare one when its level is held.
fn floors(
    tp: &TierPlan,
    r: &mut Reviewed,
    day: NaiveDate,
    holds: impl Fn(&super::plan::Requirement) -> Option<String>,
) {
    let held = level(tp, &r.tier);
    for f in &tp.floors {
        let current = r
            .tier
            .floor
            .as_deref()
            .and_then(|f| tp.level(f))
            .unwrap_or(0);
        if current >= f.level {
            continue;
        }
        let reached = match &f.requirement {
            Some(req) => holds(req),
            None => (held >= f.level).then(|| format!("{} reached", tp.name(f.level))),
        };
        if let Some(by) = reached {
            r.tier.floor = Some(tp.name(f.level).to_string());
            r.moves.push(TierMove {
                on: day,
                from: r.tier.level.clone(),
                to: r.tier.level.clone(),
                why: format!("{} for life: {by}", tp.name(f.level)),
            });
        }
    }
}

fn upgrade(tp: &TierPlan, reader: &Reader<'_>, r: &mut Reviewed, day: NaiveDate) {
    let (best, path) = reader.qualifying(tp, day);
    let Some(path) = path else {
        return;
    };
    let held = level(tp, &r.tier);
    let until = tp.qualify.valid_until(day, tp.keep_next, reader.joined);
    // In words only when the tier moves: most events leave it as it is.
    let by = || reader.describe(path, day);
    if best > held {
        let by = by();
        r.moves.push(TierMove {
            on: day,
            from: r.tier.level.clone(),
            to: tp.name(best).to_string(),
            why: format!("qualified: {by}"),
        });
        r.tier.level = tp.name(best).to_string();
        r.tier.since = day;
        r.tier.until = until;
        r.tier.by = by;
        r.tier.grace = false;
    } else if best == held && lasts(tp, until, false) > lasts(tp, r.tier.until, r.tier.grace) {
        let by = by();
        if let Some(u) = until {
            r.moves.push(TierMove {
                on: day,
                from: r.tier.level.clone(),
                to: r.tier.level.clone(),
                why: format!("qualified again, held until {u}: {by}"),
            });
        }
        r.tier.until = until;
        r.tier.by = by;
        r.tier.grace = false;
    }
}

/// A reader of the state's counters, with `extra` counted on `today`.
pub(crate) fn reader<'a>(
    tp: &TierPlan,
    state: Option<&'a MemberState>,
    joined: Option<NaiveDate>,
    extra: &'a [(&'a str, Exact)],
    today: NaiveDate,
    deducted: &'a BTreeMap<String, Exact>,
) -> Reader<'a> {
    Reader {
        state,
        joined,
        qualify: tp.qualify,
        extra,
        today,
        deducted,
        values: Default::default(),
    }
}

/// The index of the level a tier state holds (checked by [`known`]).
pub(crate) fn level(tp: &TierPlan, t: &TierState) -> u16 {
    tp.level(&t.level).unwrap_or(0)
}

/// Every level a tier state names must be the program's.
fn known(tp: &TierPlan, member: &Member, t: &TierState) -> Result<(), EvalError> {
    let names = std::iter::once(&t.level)
        .chain(t.floor.as_ref())
        .chain(t.grants.iter().map(|g| &g.level));
    for name in names {
        if tp.level(name).is_none() {
            return Err(crate::error::unknown_tier(
                &member.id,
                name,
                tp.levels.iter().map(|l| l.name.as_str()),
            ));
        }
    }
    Ok(())
}
