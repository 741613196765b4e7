//! The explained evaluation: the run, then the outcome with every award's
//! steps, the totals, the change of state (counters, lots, receipts, tier)
//! and what a redemption or a return did.

use super::award::empty_award;
use super::scratch::{with_scratch, Scratch, BOXES};
use super::{cancel, context, history, ledger, needs_budgets, returns, run, tally, tiers, Given};
use std::collections::BTreeMap;

use crate::error::EvalError;
use crate::exact::Exact;
use crate::input::{Event, Member};
use crate::name::Name;
use crate::outcome::{LimitReached, Outcome, ProgramId};
use crate::plan::Plan;
use crate::state::MemberState;

/// Evaluates with a full explanation of every award.
pub(crate) fn evaluate(
    plan: &Plan,
    member: &Member,
    state: Option<&MemberState>,
    budgets: Option<&crate::budget::Budgets>,
    event: &Event,
) -> Result<Outcome, EvalError> {
    needs_budgets(plan, budgets, event)?;
    // Rewards issued as time passed since the member's last event (on the
    // days points vested): the event is evaluated on the state after them.
    let passed =
        crate::ledger::issue::as_time_passes(plan, state, || tiers::local_day(plan, event))?;
    let state = passed.as_ref().map(|p| &p.state).or(state);
    // What the budgets had before this event, for a receipt.
    let budgets_before = budgets;
    let mut tier = tiers::before(plan, member, state, event)?;
    let mut given = match event {
        Event::Return(r) => Some(returns::give_back(
            plan,
            member,
            state,
            r,
            tiers::local_day(plan, event),
        )?),
        _ => None,
    };
    let undone: Option<cancel::Undone> = match event {
        Event::Cancellation(c) => {
            Some(cancel::undo(plan, state, c, tiers::local_day(plan, event))?)
        }
        _ => None,
    };
    // The state the event's expiry reads: with a cancellation's points back.
    let restored = match (&undone, state) {
        (Some(u), Some(s)) => cancel::with_restored(s, u),
        _ => None,
    };
    // The tier a receipt records, only for a program that takes returns.
    let tier_name = plan
        .returns
        .and_then(|_| tier.held.as_ref().map(|h| h.tier.clone()));
    with_scratch(|s| {
        s.ids
            .extend(context::recipient_names(member, event, &mut s.names));
        let reads = Given {
            state,
            tier: tier.level,
            budgets,
        };
        let day = run(plan, member, reads, event, true, s)?;
        let totals = tally::explained(
            plan,
            member,
            event,
            &s.credits,
            &s.cap_before,
            &s.ids,
            &mut s.parts,
        )?;
        let applied = history::Applied {
            credits: &s.credits,
            uncredited: &s.uncredited,
        };
        let mut change = history::change(plan, member, day, &s.counts, applied, &totals)?;
        change.others = history::others(plan, member, &totals, &change);
        let returned = match given.take() {
            Some(g) => Some(returns::into_change(plan, event, g, &mut change)?),
            None => None,
        };
        // The tier status before a purchase, for its receipt.
        let tier_before = plan
            .returns
            .filter(|_| matches!(event, Event::Purchase(_)))
            .and(tier.reviewed.as_ref())
            .map(|r| r.tier.clone());
        let tier_moves = tiers::after(plan, member, state, tier.reviewed.take(), &mut change);
        ledger::lots(
            plan,
            member,
            restored.as_ref().or(state),
            event,
            &s.credits,
            &totals,
            &mut change,
        );
        let redemption = s.redemption.take();
        // A redemption from a ledger whose lots expire without earning or
        // redeeming is activity.
        let activity = redemption.as_ref().is_some_and(|r| {
            plan.ledgers
                .iter()
                .any(|l| l.name == r.balance && l.redeeming_is_activity())
        });
        if let Some(r) = &redemption {
            ledger::spend(r, &mut change)?;
            if activity {
                change.activity.push(r.balance.clone());
            }
        }
        if let (Some(u), Event::Cancellation(c)) = (&undone, event) {
            cancel::into_change(u, c, &mut change)?;
        }
        if let Some(policy) = plan.returns {
            if let Some(r) = &redemption {
                let receipt = cancel::receipt(r, state, day, activity);
                change.redemption = Some(Box::new((event.id().to_string(), receipt)));
            }
            if redemption.is_some() || undone.is_some() {
                change.receipts_from = receipts_past(state, day, policy.within_days);
            }
        }
        // What this event used of campaign budgets; a return gives back
        // what its purchase used (a negative use).
        let budgets: BTreeMap<Name, Exact> = match &returned {
            Some(r) => r
                .budgets
                .iter()
                .filter_map(|(c, u)| Some((Name::from(c.as_str()), u.checked_neg()?)))
                .collect(),
            None => s.budgets_used(plan),
        };
        if let (Event::Purchase(tx), Some(policy)) = (event, plan.returns) {
            let mut receipt = returns::receipt(
                plan,
                member,
                (state, budgets_before),
                tx,
                (tier_name.clone(), tier_before),
                &totals,
                &change,
            )?;
            receipt.budgets = budgets.iter().map(|(c, u)| (c.to_string(), *u)).collect();
            change.receipt = Some(Box::new((tx.id.clone(), receipt)));
            change.receipts_from = receipts_past(state, day, policy.within_days);
        }
        // Rewards issued automatically, on the state as the change leaves it;
        // before them, those issued as time passed, and what they took.
        let mut issued =
            crate::ledger::issue::issue(plan, &member.id, event.id(), state, &mut change)?;
        if let Some(p) = &passed {
            crate::ledger::issue::before_the_event(p, &mut change, &mut issued)?;
        }
        let limited = s
            .limited
            .get_mut()
            .drain(..)
            .filter_map(|(rule, used)| {
                let r = plan.rules.get(rule)?;
                let limit = r.limit.as_ref()?;
                Some(LimitReached {
                    rule: r.name.clone(),
                    limit: limit.text.clone(),
                    used,
                })
            })
            .collect();
        let mut awards = Vec::with_capacity(s.credits.len());
        for c in s.credits.drain(..) {
            if let Some(mut boxed) = c.award {
                let mut award = std::mem::replace(&mut *boxed, empty_award());
                award.points = c.points.at_places(plan.precision(c.balance));
                awards.push(award);
                if s.boxes.len() < BOXES {
                    s.boxes.push(boxed);
                }
            }
        }
        Ok(Outcome {
            program: ProgramId {
                name: plan.name.clone(),
                hash: plan.hash.clone(),
            },
            event: Name::from(event.id()),
            kind: match event.kind() {
                Ok(kind) => Name::from_static(kind.name()),
                Err(custom) => Name::from(custom),
            },
            member: s.ids.first().cloned().unwrap_or_default(),
            campaigns: campaigns(plan, s, false),
            outranked: campaigns(plan, s, true),
            awards,
            stopped: s
                .stopped
                .and_then(|i| plan.rules.get(i))
                .map(|r| r.name.clone()),
            limited,
            totals,
            ignored_attributes: if plan.lenient_attributes {
                super::validate::undeclared(plan, member, event)
                    .map(Name::from)
                    .collect()
            } else {
                Vec::new()
            },
            tier: tier.held.take(),
            budgets,
            redemption: redemption.map(Box::new),
            returned: returned.map(Box::new),
            cancelled: undone.as_ref().map(|u| Box::new(u.outcome.clone())),
            issued,
            segment: s
                .segment
                .and_then(|i| plan.segments.get(i))
                .map(|p| p.name.clone()),
            tier_moves,
            change,
        })
    })
}

/// The names of the running campaigns that were (`outranked`) or were not
/// outranked: those whose multipliers could touch an award but none did.
fn campaigns(plan: &Plan, s: &Scratch, outranked: bool) -> Vec<Name> {
    s.running
        .iter()
        .filter(|ci| {
            let lost = s
                .campaign_use
                .get(**ci as usize)
                .is_some_and(|u| u.get() == 1);
            lost == outranked
        })
        .filter_map(|ci| plan.campaigns.get(*ci as usize))
        .map(|c| c.name.clone())
        .collect()
}

/// The first day of the return window on `day`, when the state keeps a
/// receipt or a redemption from before it (applying the change drops
/// them); `None` when none is past it, so that applying costs nothing more
/// (a member's thousands of receipts within the window).
fn receipts_past(
    state: Option<&MemberState>,
    day: chrono::NaiveDate,
    within: u32,
) -> Option<chrono::NaiveDate> {
    let from = day.checked_sub_days(chrono::Days::new(u64::from(within)))?;
    let s = state?;
    // The state's last event, a purchase or a redemption dated this day or
    // later (its receipt is kept under its id), left none before its own
    // window, which starts on `from` or later: a member who buys many
    // times a day is not read through on each purchase. (A later version
    // of the program with a shorter window drops them on the member's
    // first event of a later day.)
    if let Some(last) = s.recent.iter().last() {
        let dated = s.receipts.get(last).map(|r| r.day);
        let dated = dated.or_else(|| s.redemptions.get(last).map(|r| r.day));
        if dated.is_some_and(|d| d >= day) {
            return None;
        }
    }
    let past =
        s.receipts.values().any(|r| r.day < from) || s.redemptions.values().any(|r| r.day < from);
    past.then_some(from)
}
