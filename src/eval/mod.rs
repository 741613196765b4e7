//! Evaluation of a compiled plan against one member and one event.
//!
//! One evaluator serves both results: [`evaluate`] explains every award,
//! [`points`] computes the same totals without building an explanation and
//! without allocating anything but its result (the buffers live in
//! `scratch`, reused per thread).

mod award;
mod by_balance;
mod cancel;
mod check;
mod context;
mod explained;
mod expr;
mod group;
mod history;
mod lane;
mod ledger;
mod lowered;
mod multiply;
mod read;
mod redeem;
mod returns;
mod scratch;
mod settle;
mod tally;
mod tiers;
mod validate;
mod value;
mod why_not;

use crate::error::EvalError;
use crate::exact::Exact;
use crate::input::{Event, Member};

use crate::plan::index::{month_key, set_of, Keyed, SeqIndex};
use crate::plan::{CampaignPlan, Expr, Plan, Unit};
use crate::points::Points;
use crate::state::MemberState;
use award::{Buffers, RuleRun};
pub(crate) use check::{compile_rules as compile_checks, Check};
use chrono::{NaiveDate, NaiveTime};
use context::Ctx;
pub(crate) use explained::evaluate;
use group::GroupRun;
pub(crate) use lane::{plan as lane_plan, LanePlan};
use scratch::{with_scratch, Credit, Scratch, Seen};
pub(crate) use why_not::why_not;

/// The member's segment on `day` (at noon in the program's time zone),
/// from the state: the first of the program's segments whose condition
/// holds, with no event counted.
pub(crate) fn segment_on(
    plan: &Plan,
    member: &Member,
    state: &MemberState,
    day: NaiveDate,
) -> Result<Option<String>, EvalError> {
    if plan.segments.is_empty() {
        return Ok(None);
    }
    use chrono::TimeZone;
    let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default();
    let Some(at) = plan.timezone.from_local_datetime(&noon).earliest() else {
        return Ok(None);
    };
    let event = Event::Time(crate::input::Activity::new("status", at.fixed_offset()));
    with_scratch(|s| {
        let given = Given {
            state: Some(state),
            tier: None,
            budgets: None,
        };
        run(plan, member, given, &event, false, s)?;
        Ok(s.segment
            .and_then(|i| plan.segments.get(i))
            .map(|p| p.name.to_string()))
    })
}

/// Evaluates for the totals only: the same points as [`evaluate`].
pub(crate) fn points<'a>(
    plan: &'a Plan,
    member: &'a Member,
    state: Option<&MemberState>,
    budgets: Option<&crate::budget::Budgets>,
    event: &'a Event,
) -> Result<Points<'a>, EvalError> {
    needs_budgets(plan, budgets, event)?;
    // As the explained evaluation: on the state after the rewards issued
    // as time passed (a redemption then finds fewer points).
    let passed =
        crate::ledger::issue::as_time_passes(plan, state, || tiers::local_day(plan, event))?;
    let state = passed.as_ref().map(|p| &p.state).or(state);
    let tier = computed_tier(plan, member, state, event)?;
    if let Event::Return(r) = event {
        returns::give_back(plan, member, state, r, tiers::local_day(plan, event))?;
    }
    if let Event::Cancellation(c) = event {
        cancel::undo(plan, state, c, tiers::local_day(plan, event))?;
    }
    let given = Given {
        state,
        tier,
        budgets,
    };
    if plan.lane.is_some() && matches!(event, Event::Purchase(_)) {
        if let Some(p) = with_scratch(|s| lane::points(plan, member, given, event, s)) {
            return Ok(p);
        }
    }
    with_scratch(|s| {
        run(plan, member, given, event, false, s)?;
        tally::lean(plan, member, event, &s.credits, &s.cap_before, &mut s.parts)
    })
}

/// The tier the rules read, for a program that computes tiers (else the
/// member's, read by the event's context).
#[inline]
fn computed_tier(
    plan: &Plan,
    member: &Member,
    state: Option<&MemberState>,
    event: &Event,
) -> Result<Option<u16>, EvalError> {
    Ok(match &plan.tier {
        Some(_) => tiers::before(plan, member, state, event)?.level,
        None => None,
    })
}

/// How the straight lane and the interpreter compare on one evaluation (see
/// [`crate::lane_twin`]).
pub(crate) fn lane_twin(
    plan: &Plan,
    member: &Member,
    state: Option<&MemberState>,
    budgets: Option<&crate::budget::Budgets>,
    event: &Event,
) -> crate::LaneTwin {
    use crate::LaneTwin;
    if plan.lane.is_none()
        || !matches!(event, Event::Purchase(_))
        || needs_budgets(plan, budgets, event).is_err()
    {
        return LaneTwin::NotTaken;
    }
    let Ok(tier) = computed_tier(plan, member, state, event) else {
        return LaneTwin::NotTaken;
    };
    let given = Given {
        state,
        tier,
        budgets,
    };
    let straight =
        with_scratch(|s| lane::points(plan, member, given, event, s).map(|p| format!("{p:?}")));
    let interpreted = with_scratch(|s| {
        run(plan, member, given, event, false, s)?;
        tally::lean(plan, member, event, &s.credits, &s.cap_before, &mut s.parts)
            .map(|p| format!("{p:?}"))
    });
    match (straight, interpreted) {
        (None, found) => LaneTwin::GaveUp(found.is_ok()),
        (Some(a), Ok(b)) if a == b => LaneTwin::Same,
        (Some(a), Ok(b)) => LaneTwin::Different(format!("lane {a}, interpreter {b}")),
        (Some(a), Err(e)) => LaneTwin::Different(format!("lane {a}, interpreter: {e}")),
    }
}

/// What an evaluation reads besides the member and the event.
#[derive(Clone, Copy)]
pub(crate) struct Given<'g> {
    /// The member's state before the event.
    pub state: Option<&'g MemberState>,
    /// The tier the rules read, when computed (else the member's).
    pub tier: Option<u16>,
    /// The campaign budgets' state.
    pub budgets: Option<&'g crate::budget::Budgets>,
}

/// Counts the event, then runs the candidate rules in sequence order,
/// leaving this event's counts, the running campaigns and every award
/// (after program caps) in the scratch buffers. Returns the event's local date.
fn run(
    plan: &Plan,
    member: &Member,
    given: Given<'_>,
    event: &Event,
    explain: bool,
    s: &mut Scratch,
) -> Result<NaiveDate, EvalError> {
    let Given {
        state,
        tier,
        budgets,
    } = given;
    let Scratch {
        running,
        candidates,
        credits,
        earned,
        matched,
        kept,
        amounts,
        seen,
        by_category,
        by_sku,
        campaign_use,
        counts,
        limited,
        segment,
        redemption,
        budget_used,
        ids,
        uncredited,
        stopped,
        boxes,
        names,
        cap_before,
        ..
    } = s;
    {
        let mut used = budget_used.borrow_mut();
        used.clear();
        if plan.has_budgets {
            used.resize(plan.campaigns.len(), Exact::ZERO);
        }
    }
    *segment = None;
    *redemption = None;
    campaign_use.clear();
    if explain {
        campaign_use.resize_with(plan.campaigns.len(), Default::default);
    }
    let campaign_use = campaign_use.as_slice();
    let mut ctx = Ctx::new(plan, member, state, event, amounts, (by_category, by_sku))?;
    let month = ctx.prepare(tier, counts, running)?;
    cap_before.clear();
    // A cap by membership year of a member without a join date: an error
    // only if the event credits its balance (checked once the rules ran).
    let mut undated: Vec<(usize, EvalError)> = Vec::new();
    if plan.has_member_caps {
        for (ci, cap) in plan.caps.iter().enumerate() {
            cap_before.push(match ctx.on().credited(cap) {
                Err(e @ EvalError::NoJoinDate { .. }) => {
                    undated.push((ci, e));
                    Exact::ZERO
                }
                other => other?,
            });
        }
    }
    *segment = ctx
        .segment
        .filter(|_| !plan.segments.is_empty())
        .and_then(|s| plan.segments.iter().position(|p| p.name == s));
    let limited = explain.then_some(&*limited);
    let (sequence, index) = sequence_of(plan, event);
    if let Event::Redemption(r) = event {
        *redemption = Some(ctx.redeem(r, running)?);
    }
    if let Some(index) = index {
        fill_candidates(candidates, seen, index, &ctx, month);
    }
    let mut bufs = Buffers {
        matched,
        kept,
        boxes,
        names,
    };
    let units = candidates.iter().filter_map(|p| sequence.get(*p as usize));
    let mut left = candidates.len();
    for unit in units {
        left = left.saturating_sub(1);
        let start = credits.len();
        let stop = match unit {
            Unit::Rule(i) => {
                let Some(rule) = plan.rules.get(*i) else {
                    continue;
                };
                let run = RuleRun {
                    ctx: &ctx,
                    running,
                    rule,
                    index: *i,
                    explain,
                    unit_start: start,
                    campaign_use,
                    limited,
                    ids,
                };
                let applied = run.awards(earned, &mut bufs, credits)?;
                if applied && credits.len() == start {
                    uncredited.push(*i);
                }
                (applied && rule.stop).then_some(*i)
            }
            Unit::Group {
                name,
                balance,
                rules,
            } => {
                let run = GroupRun {
                    ctx: &ctx,
                    running,
                    campaign_use,
                    explain,
                    name,
                    balance: *balance,
                    limited,
                    ids,
                };
                run.best(rules, earned, &mut bufs, credits)?
            }
        };
        for c in credits.get(start..).unwrap_or_default() {
            add_earned(earned, c, plan)?;
        }
        if let Some(rule) = stop {
            // Said only when rules after it could have run.
            if explain && left > 0 {
                *stopped = Some(rule);
            }
            break;
        }
    }
    for (ci, e) in undated {
        let balance = plan.caps.get(ci).map(|c| c.balance);
        let credited = balance.and_then(|b| earned.get(scratch::Who::Member, b));
        if credited.is_some_and(|p| !p.is_zero()) {
            return Err(e);
        }
    }
    tally::apply_program_caps(plan, credits, earned, cap_before)?;
    {
        let mut used = budget_used.borrow_mut();
        if !used.is_empty() {
            settle::budgets(plan, budgets, credits, &mut used)?;
        }
    }
    Ok(ctx.date)
}

/// The evaluation sequence and candidate index for an event's kind.
#[inline]
fn sequence_of<'p>(plan: &'p Plan, event: &Event) -> (&'p [Unit], Option<&'p SeqIndex>) {
    let (sequence, index) = match event.kind() {
        Ok(k) => (plan.sequences.get(k.index()), plan.seq_index.get(k.index())),
        Err(name) => (plan.custom_sequences.get(name), plan.custom_index.get(name)),
    };
    (sequence.map_or(&[][..], Vec::as_slice), index)
}

/// Positions in the sequence of the units that can match this event, in
/// order. The rules of one SKU or category are taken once per event, however
/// many lines have it: `seen` holds, per key, the stamp of the last event
/// that took it.
fn fill_candidates(
    out: &mut Vec<u32>,
    seen: &mut Seen,
    index: &SeqIndex,
    ctx: &Ctx<'_>,
    month: i32,
) {
    if let Some(masks) = &index.masks {
        let mut set = masks.always;
        if let Some(tx) = ctx.tx {
            for line in &tx.lines {
                set |=
                    set_of(&masks.by_sku, &line.sku) | set_of(&masks.by_category, &line.category);
            }
            set |= set_of(&masks.by_channel, &tx.channel);
        }
        if let Some(t) = ctx.tier {
            set |= masks.by_tier.get(usize::from(t)).copied().unwrap_or(0);
        }
        if let Some((_, m)) = masks.by_month.iter().find(|(k, _)| *k == month) {
            set |= m;
        }
        while set != 0 {
            out.push(set.trailing_zeros());
            set &= set - 1;
        }
        return;
    }
    out.extend_from_slice(&index.always);
    if let Some(tx) = ctx.tx {
        let stamp = seen.next(index.keys);
        let mut take = |found: Option<&Keyed>| {
            if let Some(k) = found {
                if let Some(slot) = seen.stamps.get_mut(k.id as usize) {
                    if *slot != stamp {
                        *slot = stamp;
                        out.extend_from_slice(&k.positions);
                    }
                }
            }
        };
        for line in &tx.lines {
            take(index.by_sku.get(&line.sku));
            take(index.by_category.get(&line.category));
        }
        if let Some(found) = index.by_channel.get(&tx.channel) {
            out.extend_from_slice(found);
        }
    }
    if let Some(found) = ctx.tier.and_then(|t| index.by_tier.get(usize::from(t))) {
        out.extend_from_slice(found);
    }
    if let Some(found) = index.by_month.get(&month) {
        out.extend_from_slice(found);
    }
    out.sort_unstable();
    out.dedup();
}

fn add_earned(earned: &mut award::Earned, c: &Credit, plan: &Plan) -> Result<(), EvalError> {
    let over = || tally::overflow(plan, c.rule, "the running total");
    let p = earned
        .entry(c.who, c.balance, || Exact::ZERO)
        .ok_or_else(over)?;
    *p = p.checked_add(c.points).ok_or_else(over)?;
    Ok(())
}

impl<'a> Ctx<'a> {
    /// The event as its rules see it: the tier (when the program computes
    /// it, `tier`, reviewed from the state; else the member's), this event
    /// counted, the member's segment, and the campaigns that run (into
    /// `running`); the key of the event's month, which finds candidates.
    /// Both evaluations and `why_not` take the event so.
    fn prepare(
        &mut self,
        tier: Option<u16>,
        counts: &'a mut Vec<Exact>,
        running: &mut Vec<u32>,
    ) -> Result<i32, EvalError> {
        if tier.is_some() {
            self.tier = tier;
        }
        self.count_and_segment(counts)?;
        self.campaigns_running(running)
    }

    /// This event's count for each counter, then the member's segment
    /// (the program's, which may read the counts), as rules read them.
    fn count_and_segment(&mut self, counts: &'a mut Vec<Exact>) -> Result<(), EvalError> {
        if !self.plan.counters.is_empty() {
            self.count(counts)?;
        }
        self.counts = counts;
        if !self.plan.segments.is_empty() {
            self.segment = self.segment_of()?;
        }
        Ok(())
    }

    /// The campaigns that run at this event, ascending, into `running`
    /// (only those whose window can include its month are tried); the
    /// month's key.
    fn campaigns_running(&self, running: &mut Vec<u32>) -> Result<i32, EvalError> {
        let plan = self.plan;
        let month = month_key(self.date);
        let by_month = plan.campaign_index.by_month.get(&month);
        for &ci in plan
            .campaign_index
            .always
            .iter()
            .chain(by_month.into_iter().flatten())
        {
            if let Some(c) = plan.campaigns.get(ci as usize) {
                if self.campaign_runs(c)? {
                    running.push(ci);
                }
            }
        }
        running.sort_unstable();
        Ok(month)
    }

    /// Whether a campaign runs at the event's local date and time.
    fn campaign_runs(&self, c: &CampaignPlan) -> Result<bool, EvalError> {
        Ok(self.campaign_off(c)?.is_none())
    }

    /// What keeps a campaign from running at the event's local date and
    /// time, the first thing that does (`None`: it runs). Hours that end
    /// before they start (`between 22:00 and 02:00`) run from the start on
    /// a day the campaign runs into the next morning: the small hours
    /// belong to the day before, for the window and the schedule.
    fn campaign_off<'c>(&self, c: &'c CampaignPlan) -> Result<Option<Off<'c>>, EvalError> {
        let mut day = self.date;
        if let Some((from, to)) = c.hours {
            let t = self.time;
            let off = Some(Off::Hours(from, to, t));
            if from <= to {
                if !(from <= t && t < to) {
                    return Ok(off);
                }
            } else if t < to {
                match day.pred_opt() {
                    Some(d) => day = d,
                    None => return Ok(off),
                }
            } else if t < from {
                return Ok(off);
            }
        }
        if let Some((from, to)) = c.window {
            if day < from || day > to {
                return Ok(Some(Off::Window(from, to, day)));
            }
        }
        if !c.schedule.runs_on(day) {
            return Ok(Some(Off::Schedule(day)));
        }
        match &c.condition {
            Some(cond) if !self.holds(cond, None, &c.name)? => Ok(Some(Off::Condition(cond))),
            _ => Ok(None),
        }
    }
}

/// What keeps a campaign from running (see `Ctx::campaign_off`), with
/// what it was checked against: its hours (from, to) and the event's time;
/// its dates (from, to) or its days, and the day it read; its condition.
#[derive(Debug, Clone, Copy)]
enum Off<'c> {
    Hours(NaiveTime, NaiveTime, NaiveTime),
    Window(NaiveDate, NaiveDate, NaiveDate),
    Schedule(NaiveDate),
    Condition(&'c Expr),
}

/// An event that can use a campaign budget, or give back what its purchase
/// used of one, is evaluated with the budgets' state; a `time` event, a
/// redemption, a cancellation or an event of a kind no budgeted campaign
/// earns on needs none.
#[inline]
pub(super) fn needs_budgets(
    plan: &Plan,
    budgets: Option<&crate::budget::Budgets>,
    event: &Event,
) -> Result<(), EvalError> {
    if budgets.is_some() || !plan.has_budgets {
        return Ok(());
    }
    // An event that can use a budget (a rule of a budgeted campaign runs on
    // its kind) or give back what its purchase used of one (a return).
    let budgeted = |i: &usize| {
        plan.rules
            .get(*i)
            .and_then(|r| r.campaign)
            .and_then(|c| plan.campaigns.get(c))
            .is_some_and(|c| c.budget.is_some())
    };
    let uses = matches!(event, Event::Return(_))
        || sequence_of(plan, event).0.iter().any(|u| match u {
            Unit::Rule(i) => budgeted(i),
            Unit::Group { rules, .. } => rules.iter().any(budgeted),
        });
    if uses {
        return Err(EvalError::NoBudgets);
    }
    Ok(())
}
