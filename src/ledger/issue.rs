//! Rewards issued automatically (`reward "10 USD Note" costs 1000 points
//! automatically`): after an event's own change, as many of each as the
//! member's points to spend pay for, from the lots in the ledger's
//! spending order (a balance without a ledger pays from its total).
//!
//! What the member has to spend is read on the state as the change leaves
//! it (a copy, made only when the balance could pay for one): the event's
//! own lot after what returns left owed, lots that expired or vested on
//! its day. The change then takes the points: from earlier lots as a
//! redemption does (`StateChange::spent`), from the event's own lot by
//! lowering it (`NewLot::issued`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::burn::{BurnPlan, Price};
use super::SpentLot;
use crate::error::EvalError;
use crate::exact::Exact;
use crate::plan::Plan;
use crate::state::{MemberState, StateChange};

/// Rewards issued automatically by one event: the host gives the member
/// `count` of them.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Issued {
    /// The reward.
    pub reward: String,
    /// The balance it was paid from.
    pub balance: String,
    /// The day they were issued: the event's, or for points that vested
    /// since the member's last event, the day they vested.
    pub on: NaiveDate,
    /// How many were issued.
    pub count: u64,
    /// The points they took, `count` times the reward's cost.
    pub points: Exact,
    /// The lots that paid, in the order spent (empty for a balance
    /// without a ledger).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<SpentLot>,
}

/// Issues each automatic reward that the member's points pay for once
/// `change` is applied to `state` (an empty state of `member` when there is
/// none), and takes their points in `change`.
#[inline]
pub(crate) fn issue(
    plan: &Plan,
    member: &str,
    event: &str,
    state: Option<&MemberState>,
    change: &mut StateChange,
) -> Result<Vec<Issued>, EvalError> {
    // Most programs issue nothing by themselves: no cost for them.
    if plan.automatic.is_empty() {
        return Ok(Vec::new());
    }
    issue_after(plan, member, event, state, change)
}

fn issue_after(
    plan: &Plan,
    member: &str,
    event: &str,
    state: Option<&MemberState>,
    change: &mut StateChange,
) -> Result<Vec<Issued>, EvalError> {
    let automatic = automatic(plan);
    // A copy of the state only when the balance could pay for one.
    let could = automatic.iter().any(|(r, cost)| {
        let name = balance_name(plan, r.balance);
        let delta = change.balances.get(name).copied().unwrap_or(Exact::ZERO);
        could_pay(state, name, delta, *cost)
    });
    if !could {
        return Ok(Vec::new());
    }
    let empty;
    let before = match state {
        Some(s) => s,
        None => {
            empty = MemberState::new(&plan.name, member);
            &empty
        }
    };
    // A change the state refuses (an overflow of a state written by hand)
    // issues nothing: applying the outcome is refused the same way.
    let Ok(after) = before.with_change(change) else {
        return Ok(Vec::new());
    };
    issue_on(plan, &after, change, Some(event))
}

/// Issues each automatic reward from what `after` (the state as `change`
/// leaves it) can spend on the change's day, and takes the points in
/// `change`: from the lot of `event` there by lowering it.
fn issue_on(
    plan: &Plan,
    after: &MemberState,
    change: &mut StateChange,
    event: Option<&str>,
) -> Result<Vec<Issued>, EvalError> {
    let automatic = automatic(plan);
    let overflow = |r: &BurnPlan, during: &str| EvalError::Overflow {
        rule: r.name.clone(),
        during: during.into(),
    };
    let day = change.day;
    // What each lot (by balance, event, day) has given so far.
    let mut taken: BTreeMap<(usize, String, NaiveDate), Decimal> = BTreeMap::new();
    let mut issued_total: Vec<(usize, Decimal)> = Vec::new();
    let mut out = Vec::new();
    for (r, cost) in automatic {
        let name = balance_name(plan, r.balance).to_string();
        let places = plan.precision(r.balance);
        let ledger = plan.ledgers.iter().find(|l| l.balance == r.balance);
        // The lots to spend, each with what is left of it.
        let lots: Vec<(String, NaiveDate, Decimal)> = match ledger {
            Some(l) => l
                .live_lots(after, day, None)
                .into_iter()
                .filter(|lot| lot.vests_on.is_none_or(|v| v <= day))
                .filter_map(|lot| {
                    let has = lot.points.as_decimal()?;
                    let key = (r.balance, lot.event.clone(), lot.earned_on);
                    let left = has.checked_sub(taken.get(&key).copied().unwrap_or_default())?;
                    (left > Decimal::ZERO).then(|| (lot.event.clone(), lot.earned_on, left))
                })
                .collect(),
            None => Vec::new(),
        };
        let available = match ledger {
            Some(_) => lots
                .iter()
                .try_fold(Decimal::ZERO, |a, l| a.checked_add(l.2))
                .ok_or_else(|| overflow(r, "the points to spend"))?,
            None => {
                let total = after
                    .balance(&name)
                    .and_then(|b| b.as_decimal())
                    .unwrap_or(Decimal::ZERO);
                issued_total
                    .iter()
                    .filter(|(b, _)| *b == r.balance)
                    .try_fold(total, |a, t| a.checked_sub(t.1))
                    .ok_or_else(|| overflow(r, "the points to spend"))?
            }
        };
        let count = available
            .checked_div(cost)
            .ok_or_else(|| overflow(r, "the rewards issued"))?
            .floor();
        if count <= Decimal::ZERO {
            continue;
        }
        let n = count
            .to_u64()
            .ok_or_else(|| overflow(r, "the rewards issued"))?;
        let points = count
            .checked_mul(cost)
            .ok_or_else(|| overflow(r, "the points issued"))?;
        issued_total.push((r.balance, points));
        let spent = super::burn::take_in_order(lots, points, &name, places);
        // What each lot gave, for the rewards after this one. (A lot gives
        // no more than it holds, so this fits.)
        for l in &spent {
            let slot = taken
                .entry((r.balance, l.event.clone(), l.earned_on))
                .or_default();
            let take = l.points.as_decimal().unwrap_or_default();
            *slot = slot.checked_add(take).unwrap_or(*slot);
        }
        take(change, event, &name, points, &spent, ledger)
            .ok_or_else(|| overflow(r, "the points issued"))?;
        out.push(Issued {
            reward: r.name.clone(),
            balance: name,
            on: day,
            count: n,
            points: Exact::from(crate::rounding::at_places(points, places)),
            lots: spent,
        });
    }
    Ok(out)
}

/// The member's state once time has passed to `day` before an event:
/// the rewards issued on each day since the state's last that lots vested
/// (the lots that ended before that day expired first), as a `time` event
/// on that day would have issued them. What it took, to add to the
/// event's change; `None` when nothing was issued (most events).
pub(crate) struct Passed {
    /// The state with them issued, which the event is evaluated on.
    pub state: MemberState,
    /// The rewards, by day.
    pub issued: Vec<Issued>,
    /// Lots that ended before a day rewards were issued on.
    pub expired: Vec<super::ExpiredLot>,
    /// The lots that paid.
    pub spent: Vec<SpentLot>,
    /// Per balance, the points issued (negative).
    pub balances: BTreeMap<String, Exact>,
    /// Balances whose ledger counts redeeming as activity, with the day.
    pub activity: Vec<(String, NaiveDate)>,
}

/// Issues what lots that vested since the state's last day, to `day`,
/// pay for, day by day: see [`Passed`].
#[inline]
pub(crate) fn as_time_passes(
    plan: &Plan,
    state: Option<&MemberState>,
    day: impl FnOnce() -> NaiveDate,
) -> Result<Option<Box<Passed>>, EvalError> {
    // Most programs issue nothing by themselves: no cost for them (not
    // even the event's day in the program's time zone).
    match state {
        Some(state) if !plan.automatic.is_empty() => passing(plan, state, day()),
        _ => Ok(None),
    }
}

fn passing(
    plan: &Plan,
    state: &MemberState,
    day: NaiveDate,
) -> Result<Option<Box<Passed>>, EvalError> {
    let since = super::last_day(state);
    // The days lots vested on since (each issues once: the evaluation of
    // every event issues what its own day's lots pay for), with a balance
    // that can pay for a reward.
    let mut days = std::collections::BTreeSet::new();
    for (r, cost) in automatic(plan) {
        let Some(ledger) = plan.ledgers.iter().find(|l| l.balance == r.balance) else {
            continue;
        };
        let Some(wallet) = state.wallets.get(&ledger.name) else {
            continue;
        };
        if could_pay(Some(state), &ledger.name, Exact::ZERO, cost) {
            days.extend(
                (wallet.lots.iter())
                    .filter_map(|l| l.vests_on)
                    .filter(|v| *v <= day && since.is_none_or(|s| *v > s)),
            );
        }
    }
    if days.is_empty() {
        return Ok(None);
    }
    // The state is copied on the first day a reward is issued, if any.
    let mut passed: Option<Box<Passed>> = None;
    for on in days {
        // Paid from the lots that hold on that day (those that ended before
        // it expire with the rewards issued).
        let now = passed.as_ref().map_or(state, |p| &p.state);
        let mut change = StateChange::empty(on);
        let issued = issue_on(plan, now, &mut change, None)?;
        if issued.is_empty() {
            continue;
        }
        change.expired = super::expire(&plan.ledgers, now, on);
        let p = passed.get_or_insert_with(|| {
            Box::new(Passed {
                state: state.clone(),
                issued: Vec::new(),
                expired: Vec::new(),
                spent: Vec::new(),
                balances: BTreeMap::new(),
                activity: Vec::new(),
            })
        });
        // A change the state refuses issues nothing, as after an event.
        if p.state.absorb(&change).is_err() {
            return Ok(None);
        }
        p.issued.extend(issued);
        p.expired.append(&mut change.expired);
        p.spent.append(&mut change.spent);
        for (balance, points) in &change.balances {
            add_to(&mut p.balances, balance, *points)?;
        }
        p.activity
            .extend(change.activity.into_iter().map(|b| (b, on)));
    }
    Ok(passed)
}

/// Puts what time passing issued (`p`) before what the event did: its
/// expired lots and the lots that paid first in `change`, its points off
/// the balances, its activity on its days, its rewards first in `issued`.
pub(crate) fn before_the_event(
    p: &Passed,
    change: &mut StateChange,
    issued: &mut Vec<Issued>,
) -> Result<(), EvalError> {
    change.expired.splice(0..0, p.expired.iter().cloned());
    change.spent.splice(0..0, p.spent.iter().cloned());
    for (balance, points) in &p.balances {
        add_to(&mut change.balances, balance, *points)?;
    }
    for (balance, on) in &p.activity {
        if *on != change.day {
            change.activity_on.push((balance.clone(), *on));
        } else if !change.activity.contains(balance) {
            change.activity.push(balance.clone());
        }
    }
    issued.splice(0..0, p.issued.iter().cloned());
    Ok(())
}

/// Takes `points` issued from `balance` in `change`: from the balance, and
/// from each lot, the event's own by lowering it; redeeming is activity
/// where the ledger says so.
fn take(
    change: &mut StateChange,
    event: Option<&str>,
    balance: &str,
    points: Decimal,
    spent: &[SpentLot],
    ledger: Option<&super::LedgerPlan>,
) -> Option<()> {
    add_to(
        &mut change.balances,
        balance,
        Exact::from(points).checked_neg()?,
    )
    .ok()?;
    for s in spent {
        let own = change.lots.iter_mut().find(|n| {
            n.balance == balance
                && Some(n.lot.event.as_str()) == event
                && n.lot.earned_on == s.earned_on
        });
        match own {
            Some(n) if Some(s.event.as_str()) == event => {
                n.lot.points = n.lot.points.checked_sub(s.points)?;
                n.issued = n.issued.checked_add(s.points)?;
            }
            _ => change.spent.push(s.clone()),
        }
    }
    if ledger.is_some_and(|l| l.redeeming_is_activity())
        && !change.activity.iter().any(|a| a == balance)
    {
        change.activity.push(balance.to_string());
    }
    Some(())
}

/// Whether the points of `balance` in `state`, with `delta` and what the
/// lots hold for what is owed, reach `cost`: a bound on what can be spent,
/// so that the state is read again only when a reward could be issued.
/// (The lots hold the balance and what is owed; what is owed is paid from
/// new lots, so it only shrinks.)
fn could_pay(state: Option<&MemberState>, balance: &str, delta: Exact, cost: Decimal) -> bool {
    let before = state
        .and_then(|s| s.balance(balance))
        .unwrap_or(Exact::ZERO);
    let owed = state
        .and_then(|s| s.wallet(balance))
        .map_or(Exact::ZERO, |w| w.owed);
    before
        .checked_add(delta)
        .and_then(|b| b.checked_add(owed))
        .is_some_and(|after| after >= Exact::from(cost))
}

/// Adds `points` to `balance` in a change's (or time passing's) balances.
fn add_to(
    balances: &mut BTreeMap<String, Exact>,
    balance: &str,
    points: Exact,
) -> Result<(), EvalError> {
    let slot = balances.entry(balance.to_string()).or_insert(Exact::ZERO);
    *slot = slot
        .checked_add(points)
        .ok_or_else(|| EvalError::Overflow {
            rule: "rewards issued automatically".into(),
            during: "the points issued".into(),
        })?;
    Ok(())
}

/// The rewards issued automatically, with their costs.
fn automatic(plan: &Plan) -> Vec<(&BurnPlan, Decimal)> {
    (plan.automatic.iter())
        .filter_map(|i| plan.rewards.get(*i))
        .filter_map(|r| match r.price {
            Price::Reward(cost) if cost > Decimal::ZERO => Some((r, cost)),
            _ => None,
        })
        .collect()
}

fn balance_name(plan: &Plan, balance: usize) -> &str {
    plan.balances.get(balance).map_or("", |b| b.name.as_str())
}
