//! Returns: the receipt a purchase leaves, and what a return takes back.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::scratch::with_scratch;
use crate::budget::Budgets;
use crate::error::EvalError;
use crate::exact::Exact;
use crate::input::{Event, Member, Return, Transaction};
use crate::ledger::{Forgiven, SpentLot};
use crate::outcome::Total;
use crate::plan::Plan;
use crate::returns::refund::{self, Returned};
use crate::returns::rest::{as_before, by_line, left_of, line_amount, purchase_amount, scaled};
use crate::returns::{Receipt, RestAward, ReturnLine, ReturnOutcome, ReturnRefusal, ReturnedGoods};
use crate::state::{Badge, MemberState, RuleRelease, RuleUse, StateChange};

/// The receipt of a purchase: what it earned per balance and counted per
/// counter, the tier it was made at, and what its rest would read of the
/// member's history before it (limits, caps and budgets used, streaks).
pub(crate) fn receipt(
    plan: &Plan,
    member: &Member,
    (state, budgets): (Option<&MemberState>, Option<&Budgets>),
    tx: &Transaction,
    (tier, tier_before): (Option<String>, Option<crate::tier::TierState>),
    totals: &[Total],
    change: &StateChange,
) -> Result<Receipt, EvalError> {
    let held = totals
        .iter()
        .filter(|t| t.member == member.id && t.points > Decimal::ZERO)
        .map(|t| (t.balance.to_string(), Exact::from(t.points.normalize())))
        .collect();
    let counted = change
        .counters
        .iter()
        .filter(|(name, _)| {
            plan.counters.contains(name)
                || plan
                    .tracked_balances
                    .iter()
                    .filter_map(|b| plan.balances.get(*b))
                    .any(|b| &b.name == *name)
        })
        .map(|(n, v)| (n.clone(), *v))
        .collect();
    let streaks = state
        .iter()
        .flat_map(|s| &s.counters)
        .filter_map(|(name, c)| Some((name.clone(), c.streak?)))
        .collect();
    let activity = change
        .lots
        .iter()
        .filter_map(|l| {
            let last = state?.wallets.get(&l.balance)?.last_activity?;
            Some((l.balance.clone(), last))
        })
        .collect();
    let on = super::history::On {
        plan,
        member,
        state,
        day: change.day,
    };
    let budgets_before = plan
        .campaigns
        .iter()
        .filter(|c| c.budget.is_some())
        .filter_map(|c| {
            let used = budgets?.used(&c.name);
            (!used.is_zero()).then(|| (c.name.to_string(), used))
        })
        .collect();
    let badges = change
        .badges
        .iter()
        .map(|b| (b.clone(), state.and_then(|s| s.badges.get(b)).copied()))
        .collect();
    Ok(Receipt {
        program: Some(plan.version.to_string()),
        day: change.day,
        transaction: tx.clone(),
        tier,
        tier_before,
        held,
        counted,
        used: change.rules.clone(),
        budgets: BTreeMap::new(),
        used_before: on.use_before()?,
        budgets_before,
        badges,
        activity,
        streaks,
        returned: BTreeMap::new(),
        returned_amount: Decimal::ZERO,
    })
}

/// What a return takes back, and the purchase's receipt after it.
pub(crate) struct GivenBack {
    pub outcome: ReturnOutcome,
    pub receipt: Receipt,
    /// Points off each balance (what is taken and what is owed).
    pub balances: BTreeMap<String, Exact>,
    pub owed: BTreeMap<String, Exact>,
    /// What is forgiven, kept while a redemption made before can be
    /// cancelled.
    pub forgiven: Vec<Forgiven>,
    pub uncounted: Vec<(String, NaiveDate, Exact)>,
    pub released: Vec<(String, NaiveDate, RuleRelease)>,
    pub activity_undone: Vec<(String, NaiveDate, Option<NaiveDate>)>,
    pub badges_undone: Vec<(String, NaiveDate, Option<Badge>)>,
}

/// What the rest of a purchase earns by itself: per balance, per counter,
/// and the use of rules with a per-member cap or limit.
#[derive(Default)]
struct Rest {
    earned: ByName,
    by_rule: Vec<RestAward>,
    counts: ByName,
    uses: BTreeMap<String, RuleUse>,
    budgets: ByName,
    badges: Vec<String>,
}

pub(crate) fn give_back(
    plan: &Plan,
    member: &Member,
    state: Option<&MemberState>,
    r: &Return,
    day: NaiveDate,
) -> Result<GivenBack, EvalError> {
    let refuse = |refusal: ReturnRefusal| EvalError::ReturnRefused {
        event: r.id.clone(),
        refusal,
    };
    let policy = plan
        .returns
        .ok_or_else(|| refuse(ReturnRefusal::NoReturns))?;
    let receipt = state
        .and_then(|s| s.receipts.get(&r.purchase))
        .ok_or_else(|| {
            let purchase = r.purchase.clone();
            refuse(match state {
                Some(s) if s.recent.contains(&r.purchase) => {
                    ReturnRefusal::NothingLeft { purchase }
                }
                _ => ReturnRefusal::UnknownPurchase { purchase },
            })
        })?;
    if day < receipt.day {
        return Err(refuse(ReturnRefusal::TooEarly {
            purchase: r.purchase.clone(),
            day: receipt.day,
            on: day,
        }));
    }
    if policy.is_past(receipt.day, day) {
        return Err(refuse(ReturnRefusal::TooLate {
            purchase: r.purchase.clone(),
            day: receipt.day,
            within: policy.within_days,
        }));
    }
    if let Some(version) = receipt.program.as_ref().filter(|v| **v != *plan.version) {
        return Err(refuse(ReturnRefusal::OtherVersion {
            purchase: r.purchase.clone(),
            version: version.clone(),
        }));
    }
    let tx = &receipt.transaction;
    let mut returned = receipt.returned.clone();
    let mut returned_amount = receipt.returned_amount;
    let amount = purchase_amount(tx);
    let (rest, complete, lines) = if policy.pro_rata {
        let Some(asked) = r.amount.filter(|_| r.lines.is_empty()) else {
            return Err(refuse(ReturnRefusal::WrongForm {
                mode: "pro rata".into(),
                what: "the amount returned (`amount`), not lines".into(),
            }));
        };
        let left = amount - returned_amount;
        if asked <= Decimal::ZERO || asked > left {
            return Err(refuse(ReturnRefusal::TooMuch {
                purchase: r.purchase.clone(),
                asked,
                amount,
                left,
            }));
        }
        returned_amount += asked;
        let places = plan.currency_places;
        (
            scaled(tx, amount, amount - returned_amount, places),
            returned_amount == amount,
            Vec::new(),
        )
    } else {
        if r.amount.is_some() {
            return Err(refuse(ReturnRefusal::WrongForm {
                mode: "by line".into(),
                what: "the lines returned (`lines`), not an amount".into(),
            }));
        }
        if r.lines.is_empty() {
            return Err(refuse(ReturnRefusal::NoLines));
        }
        let b = by_line(r, tx, &mut returned).map_err(refuse)?;
        (b.rest, b.complete, b.lines)
    };
    let goods = goods(&lines, tx, &receipt.returned, &returned);
    let Rest {
        earned: after,
        by_rule,
        counts,
        uses,
        budgets: rest_budgets,
        badges: rest_badges,
    } = if complete {
        Rest::default()
    } else {
        earned_as(plan, member, state, receipt, rest)?
    };
    let mut next = receipt.clone();
    next.returned = returned;
    next.returned_amount = returned_amount;
    let mut taken = split(&receipt.held, |b| after.get(b), &mut next.held);
    for (balance, points) in taken.iter_mut() {
        *points = points.at_places(plan.precision_named(balance).unwrap_or(0));
    }
    // A balance the purchase no longer credits at all: not activity either.
    let activity_undone = receipt
        .held
        .keys()
        .filter(|b| !next.held.contains_key(*b))
        .map(|b| (b.clone(), receipt.day, receipt.activity.get(b).copied()))
        .collect();
    // A counter, or a balance a tier threshold reads (kept by day).
    let lost = split(
        &receipt.counted,
        |c| counts.get(c).or_else(|| after.get(c)),
        &mut next.counted,
    );
    let lost: ByName = lost
        .into_iter()
        .map(|(c, n)| {
            let n = super::history::as_counted_named(plan, &c, n);
            (c, n)
        })
        .collect();
    let uncounted = lost
        .iter()
        .map(|(c, n)| (c.clone(), receipt.day, *n))
        .collect();
    let released = release(&receipt.used, &uses, &mut next.used);
    // Campaign budgets: what the purchase used that the rest does not.
    let budgets_back = split(&receipt.budgets, |c| rest_budgets.get(c), &mut next.budgets);
    // Badges the purchase earned that the rest does not.
    let badges_undone: Vec<(String, NaiveDate, Option<Badge>)> = receipt
        .badges
        .iter()
        .filter(|(b, _)| !rest_badges.contains(b))
        .map(|(b, before)| (b.clone(), receipt.day, *before))
        .collect();
    next.badges
        .retain(|b, _| !badges_undone.iter().any(|(gone, ..)| gone == b));
    let (lots, shortfall, balances, owed) =
        take_points(plan, state, &r.purchase, &taken, day, policy.negative);
    // What the returned goods were paid with points comes back.
    let mut refunded = BTreeMap::new();
    if let (Some((points, money, balance)), false) = (policy.refund, amount.is_zero()) {
        let (before, after) = if policy.pro_rata {
            (
                Returned::Amount(receipt.returned_amount),
                Returned::Amount(next.returned_amount),
            )
        } else {
            (
                Returned::Lines(&receipt.returned),
                Returned::Lines(&next.returned),
            )
        };
        let places = plan.precision(balance);
        let refund = refund::refund(tx, amount, (points, money), places, before, after);
        if refund > Decimal::ZERO {
            if let Some(b) = plan.balances.get(balance) {
                refunded.insert(b.name.to_string(), Exact::from(refund));
            }
        }
    }
    let forgiven = match (policy.negative, state) {
        (false, Some(s)) => forgiven(s, &r.id, &shortfall),
        _ => Vec::new(),
    };
    Ok(GivenBack {
        forgiven,
        outcome: ReturnOutcome {
            purchase: r.purchase.clone(),
            lines,
            amount: r.amount,
            goods,
            points: taken,
            rest_earns: if complete {
                BTreeMap::new()
            } else {
                receipt
                    .held
                    .keys()
                    .map(|b| (b.clone(), after.get(b).copied().unwrap_or(Exact::ZERO)))
                    .collect()
            },
            held: receipt.held.clone(),
            rest: by_rule,
            lots,
            forgiven: if policy.negative {
                BTreeMap::new()
            } else {
                shortfall.clone()
            },
            shortfall,
            uncounted: lost,
            released: released.clone(),
            budgets: budgets_back,
            refunded,
            badges: badges_undone.iter().map(|(b, ..)| b.clone()).collect(),
            complete,
        },
        receipt: next,
        balances,
        owed,
        uncounted,
        released: released
            .into_iter()
            .map(|(rule, r)| (rule, receipt.day, r))
            .collect(),
        activity_undone,
        badges_undone,
    })
}

/// What stays of each of a purchase's amounts (`had`, by name) once part
/// of it is returned: what the rest has by itself, no more than before;
/// `next` becomes that. What goes is returned, none zero, written as
/// counted (`620`, not `620.00`).
fn split<'r>(had: &ByName, rest: impl Fn(&str) -> Option<&'r Exact>, next: &mut ByName) -> ByName {
    let mut gone = BTreeMap::new();
    for (name, h) in had {
        let keep = rest(name).copied().unwrap_or(Exact::ZERO).min(*h);
        let go = h.checked_sub(keep).unwrap_or(Exact::ZERO).normalize();
        next.insert(name.clone(), keep);
        if !go.is_zero() {
            gone.insert(name.clone(), go);
        }
    }
    next.retain(|_, v| !v.is_zero());
    gone
}

/// What a return gives back of each rule's per-member use: the use itself
/// when the rest no longer applies the rule, and the points the rest no
/// longer gets from it. `kept` becomes what the rest still uses.
fn release(
    used: &BTreeMap<String, RuleUse>,
    rest: &BTreeMap<String, RuleUse>,
    kept: &mut BTreeMap<String, RuleUse>,
) -> BTreeMap<String, RuleRelease> {
    let mut released = BTreeMap::new();
    for (rule, had) in used {
        let still = rest.get(rule);
        let mut keep = RuleUse::default();
        let back = RuleRelease {
            times: u64::from(still.is_none()),
            points: split(
                &had.points,
                |b| still.and_then(|s| s.points.get(b)),
                &mut keep.points,
            ),
        };
        match still {
            Some(_) => {
                kept.insert(rule.clone(), keep);
            }
            None => {
                kept.remove(rule);
            }
        }
        if back.times > 0 || !back.points.is_empty() {
            released.insert(rule.clone(), back);
        }
    }
    released
}

/// What the rest of a purchase earns by itself, per balance, and counts,
/// per counter: evaluated as it was made (its time, its tier), against the
/// member's history as it was before the purchase ([`as_before`]).
fn earned_as(
    plan: &Plan,
    member: &Member,
    state: Option<&MemberState>,
    receipt: &Receipt,
    rest: Transaction,
) -> Result<Rest, EvalError> {
    let mut as_then = member.clone();
    let mut level = None;
    match &plan.tier {
        Some(tp) => level = receipt.tier.as_deref().and_then(|t| tp.level(t)),
        None => as_then.tier = receipt.tier.clone(),
    }
    as_then.segment = if plan.segments.is_empty() {
        member.segment.clone()
    } else {
        None
    };
    let event = Event::Purchase(rest);
    let (before, budgets) = as_before(plan, member, state, receipt);
    with_scratch(|s| {
        let given = super::Given {
            state: Some(&before),
            tier: level,
            budgets: Some(&budgets),
        };
        super::run(plan, &as_then, given, &event, false, s)?;
        let points = super::tally::lean(
            plan,
            &as_then,
            &event,
            &s.credits,
            &s.cap_before,
            &mut s.parts,
        )?;
        let earned = plan
            .balances
            .iter()
            .map(|b| {
                (
                    b.name.to_string(),
                    Exact::from(points.get(&as_then.id, &b.name)),
                )
            })
            .collect();
        let counts = plan
            .counters
            .iter()
            .zip(&s.counts)
            .map(|(n, c)| (n.clone(), *c))
            .collect();
        let by_rule = by_rule(plan, &s.credits);
        let uses = super::history::uses(plan, &s.credits, &s.uncredited)?;
        let budgets = s
            .budgets_used(plan)
            .into_iter()
            .map(|(c, u)| (c.to_string(), u))
            .collect();
        Ok(Rest {
            earned,
            by_rule,
            counts,
            uses,
            budgets,
            badges: super::history::badges(plan, &s.credits, &s.uncredited),
        })
    })
}

/// What each rule credits the member, per balance, in evaluation order
/// (a rule's credits to one balance added up), none zero.
fn by_rule(plan: &Plan, credits: &[super::scratch::Credit]) -> Vec<RestAward> {
    let mut out: Vec<(usize, usize, Exact)> = Vec::new();
    let mut at: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for c in credits
        .iter()
        .filter(|c| c.who == super::scratch::Who::Member)
    {
        match at.get(&(c.rule, c.balance)).and_then(|i| out.get_mut(*i)) {
            // The balance's total of these credits was summed without
            // overflow already: no part of it overflows.
            Some((.., points)) => *points = points.checked_add(c.points).unwrap_or(*points),
            None => {
                at.insert((c.rule, c.balance), out.len());
                out.push((c.rule, c.balance, c.points));
            }
        }
    }
    out.into_iter()
        .filter(|(.., points)| !points.is_zero())
        .filter_map(|(rule, balance, points)| {
            let b = plan.balances.get(balance)?;
            Some(RestAward {
                rule: plan.rules.get(rule)?.name.to_string(),
                balance: b.name.to_string(),
                points: points.at_places(b.precision),
            })
        })
        .collect()
}

/// The goods a return by line gives back: each line it lists, with what
/// that quantity cost (what the line's amount comes down by).
fn goods(
    lines: &[ReturnLine],
    tx: &Transaction,
    before: &BTreeMap<usize, Decimal>,
    after: &BTreeMap<usize, Decimal>,
) -> Vec<ReturnedGoods> {
    let left_amount = |line: &crate::input::Line, gone: Option<&Decimal>| {
        left_of(line, gone.copied().unwrap_or(Decimal::ZERO)).map(|l| line_amount(&l))
    };
    let mut out: Vec<ReturnedGoods> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for at in lines.iter().filter_map(|l| l.line) {
        let Some(line) = tx.lines.get(at) else {
            continue;
        };
        // A line listed twice: its goods are one entry.
        if !seen.insert(at) {
            continue;
        }
        let quantity = after.get(&at).copied().unwrap_or(Decimal::ZERO)
            - before.get(&at).copied().unwrap_or(Decimal::ZERO);
        let amount = left_amount(line, before.get(&at))
            .zip(left_amount(line, after.get(&at)))
            .and_then(|(b, a)| b.checked_sub(a))
            .map_or(Decimal::ZERO, |d| to_places_of(d, line));
        out.push(ReturnedGoods {
            line: at,
            sku: line.sku.clone(),
            category: line.category.clone(),
            quantity,
            amount,
        });
    }
    out
}

/// A returned part's amount with the decimals of the line's price (and
/// discount), or as many more as it needs: a part of a line measured in
/// decimals (10.5 of 37.482 kWh at 0.59) is 6.195, not the 6.19500 of the
/// two amounts it is the difference of.
fn to_places_of(amount: Decimal, line: &crate::input::Line) -> Decimal {
    let least = line.unit_price.scale().max(line.discount.scale());
    let mut d = crate::exact::normalized(amount);
    if d.scale() < least {
        d.rescale(least);
    }
    d
}

/// The points a return forgives, per balance, while a redemption of the
/// balance made before it can still be cancelled (none: nothing to keep).
fn forgiven(state: &MemberState, event: &str, shortfall: &ByName) -> Vec<Forgiven> {
    shortfall
        .iter()
        .filter_map(|(balance, points)| {
            let f = Forgiven {
                balance: balance.clone(),
                event: event.to_string(),
                points: *points,
                sequence: state.events,
            };
            let open = state.redemptions.values().any(|r| f.paid_by(r));
            (open && !points.is_zero() && !points.is_negative()).then_some(f)
        })
        .collect()
}

/// Amounts by balance or counter name.
type ByName = BTreeMap<String, Exact>;

type Taken = (Vec<SpentLot>, ByName, ByName, ByName);

/// Takes points back: from the purchase's own lot first, then the others
/// in the ledger's spending order (pending ones too); what is not there is
/// owed (a balance below zero) or forgiven, as the program says.
fn take_points(
    plan: &Plan,
    state: Option<&MemberState>,
    purchase: &str,
    taken: &BTreeMap<String, Exact>,
    day: NaiveDate,
    negative: bool,
) -> Taken {
    let mut lots_out = Vec::new();
    let mut shortfall = BTreeMap::new();
    let mut balances = BTreeMap::new();
    let mut owed = BTreeMap::new();
    for (balance, take) in taken {
        let ledger = plan.ledgers.iter().find(|l| &l.name == balance);
        let mut got = Exact::ZERO;
        match (ledger, state) {
            (Some(ledger), Some(s)) => {
                let lots = ledger.live_lots(s, day, Some(purchase));
                for l in lots {
                    let left = take.checked_sub(got).unwrap_or(Exact::ZERO);
                    if left.is_zero() || left.is_negative() {
                        break;
                    }
                    let part = l.points.min(left);
                    got = got.checked_add(part).unwrap_or(got);
                    let part = part.at_places(plan.precision_named(balance).unwrap_or(0));
                    lots_out.push(SpentLot {
                        balance: balance.clone(),
                        event: l.event.clone(),
                        earned_on: l.earned_on,
                        points: part,
                    });
                }
            }
            _ => {
                let has = state
                    .and_then(|s| s.balance(balance))
                    .unwrap_or(Exact::ZERO)
                    .max(Exact::ZERO);
                got = has.min(*take);
            }
        }
        let missing = take.checked_sub(got).unwrap_or(Exact::ZERO);
        let off = if negative { *take } else { got };
        balances.insert(balance.clone(), off);
        if !missing.is_zero() {
            shortfall.insert(balance.clone(), missing);
            if negative {
                owed.insert(balance.clone(), missing);
            }
        }
    }
    (lots_out, shortfall, balances, owed)
}

/// Puts what a return took back and gave back in the change of state:
/// points off the balances, refunds as new lots, lots taken from, what is
/// owed, counters, and the purchase's receipt after it.
pub(crate) fn into_change(
    plan: &Plan,
    event: &Event,
    g: GivenBack,
    change: &mut StateChange,
) -> Result<ReturnOutcome, EvalError> {
    let day = change.day;
    let ov = |during: &str| EvalError::Overflow {
        rule: "return".into(),
        during: during.into(),
    };
    for (balance, off) in &g.balances {
        let slot = change
            .balances
            .entry(balance.clone())
            .or_insert(Exact::ZERO);
        *slot = slot
            .checked_sub(*off)
            .ok_or_else(|| ov("the points taken back"))?;
    }
    for (balance, points) in &g.outcome.refunded {
        let slot = change
            .balances
            .entry(balance.clone())
            .or_insert(Exact::ZERO);
        *slot = slot
            .checked_add(*points)
            .ok_or_else(|| ov("the points refunded"))?;
        if let Some(l) = plan.ledgers.iter().find(|l| &l.name == balance) {
            change.lots.push(crate::ledger::NewLot {
                balance: balance.clone(),
                lot: crate::ledger::Lot {
                    event: event.id().to_string(),
                    rules: Vec::new(),
                    earned_on: day,
                    earned: *points,
                    points: *points,
                    vests_on: None,
                    expires_on: l.expires_on(day),
                    refund: true,
                },
                inactive: l.inactive(),
                redeeming: l.redeeming_is_activity(),
                issued: Exact::ZERO,
            });
        }
    }
    change.reversed = g.outcome.lots.clone();
    change.owed = g.owed;
    change.forgiven = g.forgiven;
    change.uncounted = g.uncounted;
    change.released = g.released;
    change.activity_undone = g.activity_undone;
    change.badges_undone = g.badges_undone;
    change.receipt = Some(Box::new((g.outcome.purchase.clone(), g.receipt)));
    Ok(g.outcome)
}
