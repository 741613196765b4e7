//! What an event does to balances kept as lots: the lots that expired
//! before its day, and the lot it adds to each balance it credits.

use chrono::NaiveDate;

use super::scratch::Credit;
use crate::error::EvalError;
use crate::exact::Exact;
use crate::input::{Event, Member};
use crate::ledger::RedemptionOutcome;
use crate::ledger::{expire, Lot, NewLot};
use crate::outcome::Total;
use crate::plan::Plan;
use crate::state::{MemberState, StateChange};

/// Takes a redemption's points from the balance and its lots.
pub(crate) fn spend(r: &RedemptionOutcome, change: &mut StateChange) -> Result<(), EvalError> {
    let slot = change
        .balances
        .entry(r.balance.clone())
        .or_insert(Exact::ZERO);
    *slot = slot
        .checked_sub(r.points)
        .ok_or_else(|| EvalError::Overflow {
            rule: r.name.clone(),
            during: "the points spent".into(),
        })?;
    change.spent = r.lots.clone();
    Ok(())
}

/// Fills the change's expired lots and new lots, and the lots of the
/// other members it credits.
pub(crate) fn lots(
    plan: &Plan,
    member: &Member,
    state: Option<&MemberState>,
    event: &Event,
    credits: &[Credit],
    totals: &[Total],
    change: &mut StateChange,
) {
    if plan.ledgers.is_empty() {
        return;
    }
    let day: NaiveDate = change.day;
    if let Some(s) = state {
        change.expired = expire(&plan.ledgers, s, day);
    }
    let own = new_lots(plan, &member.id, (member, event), credits, totals, day);
    change.lots.extend(own);
    for (id, other) in &mut change.others {
        other.lots = new_lots(plan, id, (member, event), credits, totals, day);
    }
}

/// The lot the event adds to each ledger balance it credits member `id`.
fn new_lots(
    plan: &Plan,
    id: &str,
    (member, event): (&Member, &Event),
    credits: &[Credit],
    totals: &[Total],
    day: NaiveDate,
) -> Vec<NewLot> {
    let mut out = Vec::new();
    for ledger in &plan.ledgers {
        let earned = totals
            .iter()
            .find(|t| t.member == id && t.balance == ledger.name)
            .map(|t| Exact::from(t.points));
        let Some(points) = earned.filter(|p| !p.is_zero() && !p.is_negative()) else {
            continue;
        };
        // Each rule once, in evaluation order (a set of those seen: a
        // program may credit thousands of rules on one event).
        let mut rules: Vec<String> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for c in credits.iter().filter(|c| {
            c.balance == ledger.balance && super::context::id_of(c.who, member, event) == id
        }) {
            if let Some(r) = plan.rules.get(c.rule) {
                if seen.insert(c.rule) {
                    rules.push(r.name.as_str().to_owned());
                }
            }
        }
        // A lot earned on or after a fixed expiry day holds for its day.
        let expires_on = ledger.expires_on(day).map(|e| e.max(day));
        out.push(NewLot {
            balance: ledger.name.clone(),
            lot: Lot {
                event: event.id().to_string(),
                rules,
                earned_on: day,
                earned: points.at_places(plan.precision(ledger.balance)),
                points: points.at_places(plan.precision(ledger.balance)),
                vests_on: ledger.vests_on(day),
                expires_on,
                refund: false,
            },
            inactive: ledger.inactive(),
            redeeming: ledger.redeeming_is_activity(),
            issued: Exact::ZERO,
        });
    }
    out
}
