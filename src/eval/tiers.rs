//! The member's tier around an evaluation: reviewed up to the event's day
//! before the rules run (they read the tier held that day), raised by the
//! event's counts after.

use chrono::NaiveDate;

use crate::error::EvalError;
use crate::exact::Exact;
use crate::input::{Event, Member};
use crate::plan::Plan;
use crate::state::{MemberState, StateChange};
use crate::tier::review::{self, Reviewed};
use crate::tier::{effective, HeldTier, TierMove, TierSource};

/// The tier before the rules run: for a program that computes tiers, the
/// state's reviewed up to the event's day and the tier held that day.
pub(crate) struct Before {
    pub reviewed: Option<Reviewed>,
    pub level: Option<u16>,
    pub held: Option<HeldTier>,
}

pub(crate) fn before(
    plan: &Plan,
    member: &Member,
    state: Option<&MemberState>,
    event: &Event,
) -> Result<Before, EvalError> {
    let Some(tp) = &plan.tier else {
        return Ok(Before {
            reviewed: None,
            level: None,
            held: member.tier.as_ref().map(|t| HeldTier {
                tier: t.clone(),
                source: TierSource::Member,
            }),
        });
    };
    if let Some(given) = &member.tier {
        return Err(EvalError::TierGiven {
            member: member.id.clone(),
            tier: given.clone(),
        });
    }
    let day = local_day(plan, event);
    let reviewed = review::review(tp, member, state, day)?;
    let (level, held) = effective(tp, &reviewed.tier, day);
    Ok(Before {
        reviewed: Some(reviewed),
        level: Some(level),
        held: Some(held),
    })
}

/// Raises the tier by what the event counted, and puts the tier and the
/// review's deductions in the change of state. Returns the moves.
pub(crate) fn after(
    plan: &Plan,
    member: &Member,
    state: Option<&MemberState>,
    reviewed: Option<Reviewed>,
    change: &mut StateChange,
) -> Vec<TierMove> {
    let (Some(tp), Some(mut r)) = (&plan.tier, reviewed) else {
        return Vec::new();
    };
    let extra: Vec<(&str, Exact)> = change
        .counters
        .iter()
        .map(|(name, n)| (name.as_str(), *n))
        .collect();
    let deducted = r.deducted.clone();
    let reader = review::reader(tp, state, member.join_date, &extra, change.day, &deducted);
    review::after_event(tp, &reader, &mut r, change.day);
    // A return: the level the returned purchase qualified is no longer held.
    if let (Some(s), Some(purchased)) = (state, change.uncounted.iter().map(|(_, on, _)| *on).min())
    {
        let mut after = s.clone();
        for (name, on, amount) in &change.uncounted {
            if let Some(c) = after.counters.get_mut(name) {
                c.total = c
                    .total
                    .checked_sub(*amount)
                    .unwrap_or(c.total)
                    .max(Exact::ZERO);
                if let Some(v) = c.days.get_mut(on) {
                    *v = v.checked_sub(*amount).unwrap_or(*v).max(Exact::ZERO);
                }
            }
        }
        let before = change
            .receipt
            .as_ref()
            .and_then(|b| b.1.tier_before.as_ref());
        crate::tier::revoke::revoke(tp, member, &after, (purchased, before), change.day, &mut r);
    }
    // Deducted (or given back) as the counter is counted: money in cents.
    change.deducted = r
        .deducted
        .into_iter()
        .map(|(name, n)| {
            let n = super::history::as_counted_named(plan, &name, n);
            (name, n)
        })
        .collect();
    change.tier = Some(Box::new(r.tier));
    r.moves
}

/// The event's local date in the program's time zone.
pub(crate) fn local_day(plan: &Plan, event: &Event) -> NaiveDate {
    plan.local(event.timestamp()).date()
}
