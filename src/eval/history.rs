//! What evaluation reads from and adds to the member's history: this
//! event's counts (taken before any earn rule runs), counter reads over
//! periods, rule usage for per-member caps and limits, and the change of
//! state an outcome carries.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::context::Ctx;
use super::scratch::{Credit, Who};
use super::value::Value;
use crate::error::EvalError;
use crate::exact::Exact;
use crate::input::Member;
use crate::outcome::Total;
use crate::period::Period;
use crate::plan::{Plan, ProgramCapPlan, RulePlan};
use crate::state::{streak_on, DayUsage, MemberState, RuleUse, StateChange};

impl<'a> Ctx<'a> {
    /// This event's count for each declared counter, in declaration order.
    pub(crate) fn count(&self, out: &mut Vec<Exact>) -> Result<(), EvalError> {
        out.clear();
        out.resize(self.plan.counters.len(), Exact::ZERO);
        let kind = self.event.kind();
        for c in &self.plan.counts {
            let same_kind = match (&c.kind, &kind) {
                (Ok(a), Ok(b)) => a == b,
                (Err(a), Err(b)) => a == b,
                _ => false,
            };
            if !same_kind {
                continue;
            }
            let name = self.plan.counters.get(c.counter).map_or("", String::as_str);
            let mut total = Exact::ZERO;
            let mut add = |v: Exact| -> Result<(), EvalError> {
                if v.is_negative() {
                    return Err(EvalError::InvalidInput {
                        message: format!(
                            "`count ... to {name}` gave {v} for event {}: counters only grow",
                            self.event.id()
                        ),
                    });
                }
                total = total.checked_add(v).ok_or_else(|| counter_overflow(name))?;
                Ok(())
            };
            if c.per_line {
                for l in self.lines() {
                    let holds = match &c.condition {
                        Some(cond) => self.holds(cond, Some(&l), name)?,
                        None => true,
                    };
                    if holds {
                        add(self.number(&c.amount, Some(&l), name)?)?;
                    }
                }
            } else {
                let holds = match &c.condition {
                    Some(cond) => self.holds(cond, None, name)?,
                    None => true,
                };
                if holds {
                    add(self.number(&c.amount, None, name)?)?;
                }
            }
            if let Some(slot) = out.get_mut(c.counter) {
                *slot = slot
                    .checked_add(total)
                    .ok_or_else(|| counter_overflow(name))?;
            }
        }
        Ok(())
    }

    /// A counter over a period ending on the event's day: what the state
    /// holds, plus this event's count when `with_event`. Unknown (`Absent`)
    /// for a membership year of a member without a join date.
    pub(crate) fn counter(
        &self,
        counter: usize,
        period: Period,
        with_event: bool,
    ) -> Result<Value<'static>, EvalError> {
        let name = self.plan.counters.get(counter).map_or("", String::as_str);
        let Ok(start) = period.start(self.date, self.member.join_date) else {
            return Ok(Value::Absent);
        };
        let before = self
            .state
            .and_then(|s| s.held(name, start, self.date))
            .unwrap_or(Exact::ZERO);
        if !with_event {
            return Ok(Value::Num(before));
        }
        let now = self.counts.get(counter).copied().unwrap_or(Exact::ZERO);
        let after = before
            .checked_add(now)
            .ok_or_else(|| counter_overflow(name))?;
        Ok(Value::Num(after))
    }

    /// Consecutive days, up to the event's, on which the counter grew.
    pub(crate) fn streak(&self, counter: usize) -> Value<'static> {
        let name = self.plan.counters.get(counter).map_or("", String::as_str);
        let streak = self
            .state
            .and_then(|s| s.counters.get(name))
            .and_then(|c| c.streak);
        let grows = self
            .counts
            .get(counter)
            .is_some_and(|n| !n.is_zero() && !n.is_negative());
        let days = match streak {
            _ if !grows => streak_on(streak, self.date),
            Some(s) if s.last == self.date => s.days,
            Some(s) if s.last.succ_opt() == Some(self.date) => s.days.saturating_add(1),
            _ => 1,
        };
        Value::Num(Exact::from(rust_decimal::Decimal::from(days)))
    }

    /// Days from the last day before this event on which the counter grew
    /// to the event's day (recency: "no purchase for 60 days" holds on the
    /// purchase that ends the gap); unknown when it never grew.
    pub(crate) fn days_since(&self, counter: usize) -> Value<'static> {
        let name = self.plan.counters.get(counter).map_or("", String::as_str);
        let last = self
            .state
            .and_then(|s| s.counters.get(name))
            .and_then(|c| c.streak)
            .map(|s| s.last);
        match last {
            Some(last) if last <= self.date => {
                let days = (self.date - last).num_days();
                Value::Num(Exact::from(rust_decimal::Decimal::from(days)))
            }
            _ => Value::Absent,
        }
    }

    /// How many marks (`first`, `first + every`, ...) this event's count
    /// carried the counter past.
    pub(crate) fn crossed(
        &self,
        counter: usize,
        period: Period,
        first: rust_decimal::Decimal,
        every: Option<rust_decimal::Decimal>,
    ) -> Result<Value<'static>, EvalError> {
        let name = self.plan.counters.get(counter).map_or("", String::as_str);
        let (Value::Num(before), Value::Num(after)) = (
            self.counter(counter, period, false)?,
            self.counter(counter, period, true)?,
        ) else {
            return Ok(Value::Absent);
        };
        let marks = |x: Exact| -> Result<Exact, EvalError> {
            let first = Exact::from(first);
            if x < first {
                return Ok(Exact::ZERO);
            }
            let Some(step) = every else {
                return Ok(Exact::from(rust_decimal::Decimal::ONE));
            };
            let steps = x
                .checked_sub(first)
                .and_then(|d| d.checked_div(Exact::from(step)))
                .and_then(Exact::floor)
                .and_then(|n| n.checked_add(rust_decimal::Decimal::ONE))
                .ok_or_else(|| counter_overflow(name))?;
            Ok(Exact::from(steps))
        };
        let n = marks(after)?
            .checked_sub(marks(before)?)
            .ok_or_else(|| counter_overflow(name))?;
        Ok(Value::Num(n))
    }

    /// The member's state on the event's day, for what rules used of it
    /// (this event not included).
    pub(crate) fn on(&self) -> On<'a> {
        On {
            plan: self.plan,
            member: self.member,
            state: self.state,
            day: self.date,
        }
    }

    /// `Some(times used)` when the rule's per-member limit is reached.
    pub(crate) fn limit_reached(&self, rule: &RulePlan) -> Result<Option<u64>, EvalError> {
        let Some(limit) = &rule.limit else {
            return Ok(None);
        };
        let (times, _) = self.on().used(rule, limit.period, None)?;
        Ok((times >= limit.times).then_some(times))
    }
}

/// A member's state on a day, for what rules used of it.
pub(crate) struct On<'a> {
    pub plan: &'a Plan,
    pub member: &'a Member,
    pub state: Option<&'a MemberState>,
    pub day: NaiveDate,
}

impl On<'_> {
    /// What all rules credited the member in `cap`'s balance in the period
    /// of its `per member [per PERIOD]` that holds the day, before this
    /// event (the balance is kept by day, like a counter).
    pub(crate) fn credited(&self, cap: &ProgramCapPlan) -> Result<Exact, EvalError> {
        let Some(period) = cap.member else {
            return Ok(Exact::ZERO);
        };
        let start = period
            .start(self.day, self.member.join_date)
            .map_err(|()| EvalError::NoJoinDate {
                member: self.member.id.clone(),
                rule: cap.cap.text.to_string(),
            })?;
        let name = self
            .plan
            .balances
            .get(cap.balance)
            .map_or("", |b| b.name.as_str());
        match self.state {
            None => Ok(Exact::ZERO),
            Some(s) => s
                .held(name, start, self.day)
                .ok_or_else(|| counter_overflow(name)),
        }
    }

    /// How often the rule applied to the member in the period that holds
    /// the day, and what it gave in `balance` (the state's record).
    pub(crate) fn used(
        &self,
        rule: &RulePlan,
        period: Period,
        balance: Option<usize>,
    ) -> Result<(u64, Exact), EvalError> {
        let start = period
            .start(self.day, self.member.join_date)
            .map_err(|()| EvalError::NoJoinDate {
                member: self.member.id.clone(),
                rule: rule.name.as_str().to_owned(),
            })?;
        let Some(usage) = self.state.and_then(|s| s.rules.get(rule.name.as_str())) else {
            return Ok((0, Exact::ZERO));
        };
        let balance = balance
            .and_then(|b| self.plan.balances.get(b))
            .map(|b| b.name.as_str());
        let points_of = |points: &BTreeMap<String, Exact>| {
            balance
                .and_then(|b| points.get(b))
                .copied()
                .unwrap_or(Exact::ZERO)
        };
        let Some(from) = start else {
            return Ok((usage.times, points_of(&usage.points)));
        };
        let mut times = 0u64;
        let mut points = Exact::ZERO;
        for (_, day) in usage.days.range(from..=self.day) {
            times = times.saturating_add(day.times);
            points = points
                .checked_add(points_of(&day.points))
                .ok_or_else(|| counter_overflow(&rule.name))?;
        }
        Ok((times, points))
    }

    /// What each rule with a per-member limit or cap had used before the
    /// day's event: times in its limit's period, points per balance in its
    /// cap's period (a receipt keeps it, for the room of a purchase's rest).
    /// A period by membership year of a member without a join date is left
    /// out: the rule did not apply (its limit or cap would have needed the
    /// date), and a rest it applies to needs the date then.
    pub(crate) fn use_before(&self) -> Result<BTreeMap<String, DayUsage>, EvalError> {
        let mut out = BTreeMap::new();
        let dated = |r: Result<(u64, Exact), EvalError>| match r {
            Err(EvalError::NoJoinDate { .. }) => Ok(None),
            other => other.map(Some),
        };
        for rule in &self.plan.rules {
            if rule.limit.is_none() && rule.cap_member.is_none() {
                continue;
            }
            let mut usage = DayUsage::default();
            if let Some(limit) = &rule.limit {
                if let Some((times, _)) = dated(self.used(rule, limit.period, None))? {
                    usage.times = times;
                }
            }
            if let Some(mc) = &rule.cap_member {
                for a in rule.every_award() {
                    let Some(b) = self.plan.balances.get(a.balance) else {
                        continue;
                    };
                    let Some((_, points)) = dated(self.used(rule, mc.period, Some(a.balance)))?
                    else {
                        continue;
                    };
                    if !points.is_zero() {
                        usage.points.insert(b.name.as_str().to_owned(), points);
                    }
                }
            }
            if usage.times > 0 || !usage.points.is_empty() {
                out.insert(rule.name.as_str().to_owned(), usage);
            }
        }
        Ok(out)
    }
}

fn counter_overflow(name: &str) -> EvalError {
    EvalError::Overflow {
        rule: name.to_string(),
        during: "a counter".into(),
    }
}

/// What applied: the credits, and the rules that applied without one.
pub(crate) struct Applied<'a> {
    pub credits: &'a [Credit],
    pub uncredited: &'a [usize],
}

/// An amount of counter number `counter` as the state records it and the
/// explanation reads it: money in the currency's decimals at least
/// (`spend +150.00`), a number (or a balance kept by day, `None`) without
/// trailing zeros.
pub(crate) fn as_counted(plan: &Plan, counter: Option<usize>, n: Exact) -> Exact {
    let n = n.normalize();
    let money = counter
        .and_then(|i| plan.money_counters.get(i))
        .copied()
        .unwrap_or(false);
    match n.as_decimal() {
        Some(mut d) if money && d.scale() < plan.currency_places => {
            d.rescale(plan.currency_places);
            Exact::from(d)
        }
        _ => n,
    }
}

/// [`as_counted`] for a counter (or a balance kept by day) by its name.
pub(crate) fn as_counted_named(plan: &Plan, name: &str, n: Exact) -> Exact {
    as_counted(plan, plan.counters.iter().position(|c| c == name), n)
}

/// The change the event makes to the evaluated member's state.
pub(crate) fn change(
    plan: &Plan,
    member: &Member,
    day: NaiveDate,
    counts: &[Exact],
    applied: Applied<'_>,
    totals: &[Total],
) -> Result<StateChange, EvalError> {
    let Applied {
        credits,
        uncredited,
    } = applied;
    let mut change = StateChange::empty(day);
    change.keep_from = day
        .checked_sub_days(Days::new(u64::from(plan.keep_days)))
        .unwrap_or(NaiveDate::MIN);
    for (i, (name, n)) in plan.counters.iter().zip(counts).enumerate() {
        if !n.is_zero() {
            change
                .counters
                .insert(name.clone(), as_counted(plan, Some(i), *n));
        }
    }
    credit(plan, &member.id, totals, &mut change);
    change.badges = badges(plan, credits, uncredited);
    change.rules = uses(plan, credits, uncredited)?;
    Ok(change)
}

/// What the totals credit member `id`: points per balance, and a balance a
/// tier threshold reads, kept by day like a counter.
pub(crate) fn credit(plan: &Plan, id: &str, totals: &[Total], change: &mut StateChange) {
    for t in totals.iter().filter(|t| t.member == id) {
        if !t.points.is_zero() {
            change
                .balances
                .insert(t.balance.as_str().to_owned(), Exact::from(t.points));
        }
    }
    for b in plan
        .tracked_balances
        .iter()
        .filter_map(|b| plan.balances.get(*b))
    {
        let earned = totals
            .iter()
            .find(|t| t.member == id && t.balance == b.name)
            .map(|t| Exact::from(t.points));
        if let Some(points) = earned.filter(|p| !p.is_zero() && !p.is_negative()) {
            change
                .counters
                .insert(b.name.as_str().to_owned(), points.normalize());
        }
    }
}

/// What the event changes in the state of each other member the totals
/// credit (a referral's): that member's points and tracked balances, on
/// the event's day; the lots are added by the ledger.
pub(crate) fn others(
    plan: &Plan,
    member: &Member,
    totals: &[Total],
    change: &StateChange,
) -> BTreeMap<String, StateChange> {
    let mut out = BTreeMap::new();
    for t in totals.iter().filter(|t| t.member != member.id) {
        out.entry(t.member.as_str().to_owned()).or_insert_with(|| {
            let mut c = StateChange::empty(change.day);
            c.keep_from = change.keep_from;
            credit(plan, &t.member, totals, &mut c);
            c
        });
    }
    out
}

/// The badges the rules that applied give, each once, in order.
pub(crate) fn badges(plan: &Plan, credits: &[Credit], uncredited: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (index, _) in applied_rules(credits, uncredited) {
        for badge in plan.rules.get(index).map_or(&[][..], |r| &r.badges[..]) {
            if !out.contains(badge) {
                out.push(badge.clone());
            }
        }
    }
    out
}

/// Each rule that applied, with its credit: a rule that only gives a
/// badge applied without one, and its badge and its use count all the same.
fn applied_rules<'c>(
    credits: &'c [Credit],
    uncredited: &'c [usize],
) -> impl Iterator<Item = (usize, Option<&'c Credit>)> {
    let bare = uncredited.iter().map(|r| (*r, None));
    credits.iter().map(|c| (c.rule, Some(c))).chain(bare)
}

/// What the rules with a per-member cap or limit that applied gave the
/// member, per rule: what the state counts against the cap or limit.
pub(crate) fn uses(
    plan: &Plan,
    credits: &[Credit],
    uncredited: &[usize],
) -> Result<BTreeMap<String, RuleUse>, EvalError> {
    let mut uses = BTreeMap::new();
    for (index, credit) in applied_rules(credits, uncredited) {
        let Some(rule) = plan.rules.get(index) else {
            continue;
        };
        if rule.limit.is_none() && rule.cap_member.is_none() {
            continue;
        }
        let used: &mut RuleUse = uses.entry(rule.name.as_str().to_owned()).or_default();
        let Some(c) = credit else {
            continue;
        };
        if c.who == Who::Member && !c.points.is_zero() {
            if let Some(b) = plan.balances.get(c.balance) {
                let slot = used
                    .points
                    .entry(b.name.as_str().to_owned())
                    .or_insert(Exact::ZERO);
                *slot = slot
                    .checked_add(c.points)
                    .ok_or_else(|| counter_overflow(&rule.name))?
                    .normalize();
            }
        }
    }
    Ok(uses)
}
