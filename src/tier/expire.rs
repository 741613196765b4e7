//! What happens at the end of a review period or of a status: deductions
//! per level, upgrades held back to the next period, and statuses that end
//! (renewed by what the member still qualifies for, kept in grace, or
//! lowered as the downgrade policy allows).

use chrono::{Months, NaiveDate};

use super::plan::{Downgrade, Qualify, TierPlan};
use super::qualify::Reader;
use super::review::{level, reader, Reviewed};
use super::TierMove;
use crate::error::EvalError;
use crate::exact::Exact;
use crate::state::MemberState;

/// `upgrade next period`: at the start of a period, what the member
/// qualified for (in the period just ended, or by lifetime totals).
pub(super) fn promote(
    tp: &TierPlan,
    state: Option<&MemberState>,
    joined: Option<NaiveDate>,
    b: NaiveDate,
    r: &mut Reviewed,
) {
    let held = level(tp, &r.tier);
    let c = candidate_for(tp, state, joined, b, r);
    let Some(by) = c.by else {
        return;
    };
    if c.level > held {
        r.moves.push(TierMove {
            on: b,
            from: r.tier.level.clone(),
            to: tp.name(c.level).to_string(),
            why: format!("qualified in the period before: {by}"),
        });
        r.tier.level = tp.name(c.level).to_string();
        r.tier.since = b;
    } else if c.level < held || lasts(tp, c.until, c.grace) <= lasts(tp, r.tier.until, r.tier.grace)
    {
        // The same level replaces the status held only when it lasts
        // longer, with the grace each has still to come.
        return;
    }
    r.tier.until = c.until;
    r.tier.grace = c.grace;
    r.tier.by = by;
}

/// `deduct N COUNTER at LEVEL`, at the end of a period held at LEVEL:
/// from the lifetime total, never below zero.
pub(super) fn deduct(
    tp: &TierPlan,
    state: Option<&MemberState>,
    held: u16,
    b: NaiveDate,
    r: &mut Reviewed,
) -> Result<(), EvalError> {
    for d in tp.deductions.iter().filter(|d| d.level == held) {
        let total = state
            .and_then(|s| s.counters.get(&d.counter))
            .map_or(Exact::ZERO, |c| c.total);
        let done = r.deducted.get(&d.counter).copied().unwrap_or(Exact::ZERO);
        let left = total
            .checked_sub(done)
            .unwrap_or(Exact::ZERO)
            .max(Exact::ZERO);
        let take = Exact::from(d.amount).min(left);
        if take.is_zero() {
            continue;
        }
        let sum = done.checked_add(take).ok_or_else(|| EvalError::Overflow {
            rule: "tiers".into(),
            during: format!("the deduction from {}", d.counter),
        })?;
        r.deducted.insert(d.counter.clone(), sum);
        let on = b.pred_opt().unwrap_or(b);
        // A run of deductions with no other move between is one move.
        let last = r.moves.len().checked_sub(1);
        let run = r
            .deducting
            .take()
            .filter(|(c, l, .., at)| *c == d.counter && *l == held && Some(*at) == last);
        let (points, periods, first) = match run {
            Some((_, _, p, n, first, _)) => {
                r.moves.pop();
                (p.checked_add(take).unwrap_or(p), n.saturating_add(1), first)
            }
            None => (take, 1, on),
        };
        let why = if periods == 1 {
            format!(
                "{} {} deducted at the end of the period at {}",
                points.normalize(),
                d.counter,
                tp.name(held)
            )
        } else {
            format!(
                "{} {} deducted at the ends of {periods} periods at {}, from {first}",
                points.normalize(),
                d.counter,
                tp.name(held)
            )
        };
        r.moves.push(TierMove {
            on,
            from: r.tier.level.clone(),
            to: r.tier.level.clone(),
            why,
        });
        r.deducting = Some((
            d.counter.clone(),
            held,
            points,
            periods,
            first,
            r.moves.len().saturating_sub(1),
        ));
    }
    Ok(())
}

/// A status that ended before `b`: renewed by what the member qualifies
/// for, kept in grace, or lowered as the downgrade policy allows.
pub(super) fn expire(
    tp: &TierPlan,
    state: Option<&MemberState>,
    joined: Option<NaiveDate>,
    b: NaiveDate,
    r: &mut Reviewed,
) {
    let held = level(tp, &r.tier);
    let Candidate {
        level: candidate,
        by,
        until,
        grace,
    } = candidate_for(tp, state, joined, b, r);
    let old = r.tier.level.clone();
    let end = r.tier.until.unwrap_or(b);
    if candidate >= held && by.is_some() {
        // A grace-extended qualification of the level held: the held
        // level's own grace may run longer.
        let own = (candidate == held && grace && tp.grace_months > 0 && !r.tier.grace)
            .then(|| grace_end(tp, end))
            .flatten();
        let until = until.max(own);
        if grace && !r.tier.grace {
            r.moves.push(TierMove {
                on: b,
                from: old.clone(),
                to: old,
                why: format!(
                    "not requalified; kept for a grace period of {} months, until {}",
                    tp.grace_months,
                    until.unwrap_or(end)
                ),
            });
        }
        r.tier.until = until;
        r.tier.grace = grace;
        if let Some(by) = by {
            r.tier.by = by;
        }
        return;
    }
    if tp.grace_months > 0 && !r.tier.grace {
        r.tier.until = grace_end(tp, end).or(Some(end));
        r.tier.grace = true;
        r.moves.push(TierMove {
            on: b,
            from: old.clone(),
            to: old,
            why: format!(
                "not requalified; kept for a grace period of {} months, until {}",
                tp.grace_months,
                r.tier.until.unwrap_or(end)
            ),
        });
        return;
    }
    let landing = match tp.downgrade {
        Downgrade::Recompute => 0,
        Downgrade::OneLevel => held.saturating_sub(1),
        Downgrade::To(x) if held > x => x,
        Downgrade::To(_) => 0,
    };
    // Of a qualification and a landing on the same level, the one that
    // lasts longer (with the grace still to come) wins.
    let landed_until = tp.qualify.period_end(b, joined);
    let qualified_longer = lasts(tp, until, grace) >= lasts(tp, landed_until, false);
    let (new, until, by, grace) =
        if by.is_some() && (candidate > landing || (candidate == landing && qualified_longer)) {
            (candidate, until, by.unwrap_or_default(), grace)
        } else if landing > 0 {
            let why = match tp.downgrade {
                Downgrade::OneLevel => format!("one level down from {old}"),
                _ => format!("soft landing from {old}"),
            };
            (landing, landed_until, why, false)
        } else {
            (0, None, "the lowest level".into(), false)
        };
    let why = if new == 0 {
        format!("{old} ended on {end}, not requalified")
    } else {
        format!("{old} ended on {end}; {by}")
    };
    r.tier.level = tp.name(new).to_string();
    r.tier.since = b;
    r.tier.until = if new == 0 { None } else { until };
    r.tier.by = by;
    r.tier.grace = grace && new > 0;
    r.moves.push(TierMove {
        on: b,
        from: old,
        to: r.tier.level.clone(),
        why,
    });
}

/// The best level a member holds by qualifying, on a review day `b`.
pub(super) struct Candidate {
    pub level: u16,
    pub by: Option<String>,
    pub until: Option<NaiveDate>,
    /// Whether `until` is a grace period's end.
    pub grace: bool,
}

/// [`candidate`] on the state as a review has left it so far.
fn candidate_for(
    tp: &TierPlan,
    state: Option<&MemberState>,
    joined: Option<NaiveDate>,
    b: NaiveDate,
    r: &Reviewed,
) -> Candidate {
    let reader = reader(tp, state, joined, &[], b, &r.deducted);
    candidate(tp, state, joined, &reader, b)
}

/// What the member qualified for and still holds on `b`: a level
/// qualified on a day is held to that day's `valid_until`, and with a
/// grace period N months more. Window sums grow only on days something was
/// counted, so those days, the ends of periods and the days around `b` are
/// the only ones to try.
pub(super) fn candidate(
    tp: &TierPlan,
    state: Option<&MemberState>,
    joined: Option<NaiveDate>,
    reader: &Reader<'_>,
    b: NaiveDate,
) -> Candidate {
    let q = tp.qualify;
    let back = q.lookback_months(tp.keep_next, tp.grace_months);
    let from = b
        .checked_sub_months(Months::new(back))
        .unwrap_or(NaiveDate::MIN);
    let mut days: std::collections::BTreeSet<NaiveDate> =
        [b.pred_opt(), Some(b)].into_iter().flatten().collect();
    if let Some(s) = state {
        for c in s.counters.values() {
            days.extend(c.days.range(from..=b).map(|(d, _)| *d));
            // Over a rolling window, what a day counted also stops
            // counting: the day before it leaves the window is the last
            // that may qualify (the days around it, as months are uneven).
            if let Qualify::Months(n) = q {
                let entered = from
                    .checked_sub_months(Months::new(n))
                    .unwrap_or(NaiveDate::MIN);
                for (d, _) in c.days.range(entered..=b) {
                    let Some(out) = d.checked_add_months(Months::new(n)) else {
                        continue;
                    };
                    let near = [
                        out.pred_opt().and_then(|p| p.pred_opt()),
                        out.pred_opt(),
                        Some(out),
                    ];
                    days.extend(
                        near.into_iter()
                            .flatten()
                            .filter(|x| (from..=b).contains(x)),
                    );
                }
            }
        }
    }
    let mut end = q.period_end(from, joined);
    while let Some(e) = end.filter(|e| *e < b) {
        days.insert(e);
        end = e.succ_opt().and_then(|n| q.period_end(n, joined));
    }
    let mut best = Candidate {
        level: 0,
        by: None,
        until: None,
        grace: false,
    };
    let mut qualified = None;
    for day in days {
        let Some(until) = q.valid_until(day, tp.keep_next, joined) else {
            continue;
        };
        let (until, grace) = if until >= b {
            (until, false)
        } else {
            match grace_end(tp, until).filter(|g| tp.grace_months > 0 && *g >= b) {
                Some(g) => (g, true),
                None => continue,
            }
        };
        let (level, path) = reader.qualifying(tp, day);
        // Of the same level, the one that lasts longer with its grace.
        let better = level > best.level
            || (level == best.level
                && lasts(tp, Some(until), grace) > lasts(tp, best.until, best.grace));
        if let (Some(path), true) = (path, better) {
            best = Candidate {
                level,
                by: None,
                until: Some(until),
                grace,
            };
            // Put in words once, for the day that is kept.
            qualified = Some((path, day));
        }
    }
    best.by = qualified.map(|(path, day)| reader.describe(path, day));
    best
}

/// The last day a status that ends on `until` can last: with the grace
/// period still to come, unless it is in its grace already.
pub(super) fn lasts(tp: &TierPlan, until: Option<NaiveDate>, in_grace: bool) -> Option<NaiveDate> {
    match until {
        Some(u) if !in_grace && tp.grace_months > 0 => grace_end(tp, u),
        other => other,
    }
}

/// The last day of a grace period after a status that ends on `until`.
fn grace_end(tp: &TierPlan, until: NaiveDate) -> Option<NaiveDate> {
    until
        .succ_opt()?
        .checked_add_months(Months::new(tp.grace_months))?
        .pred_opt()
}
