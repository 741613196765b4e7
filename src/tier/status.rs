//! A member's tier status on a day: the tier, since when and until when,
//! why, and what is missing for the next level on each of its paths.

use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::expire::{candidate, lasts};
use super::plan::{Qualify, TierPlan};
use super::qualify::CriterionCheck;
use super::review::{self, Reviewed};
use super::{effective, HeldTier, TierGrant, TierMove};
use crate::error::EvalError;
use crate::input::Member;
use crate::state::MemberState;

/// A member's tier on a day, with its reasons and the way to the next
/// level. See [`Program::tier_status`](crate::Program::tier_status).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TierStatus {
    /// The member.
    pub member: String,
    /// The day of the status.
    pub as_of: NaiveDate,
    /// The tier held that day, and where it comes from.
    pub tier: HeldTier,
    /// The level earned by thresholds (lower than `tier` when a grant or
    /// floor lifts it).
    pub earned: String,
    /// Since when the earned level is held.
    pub since: NaiveDate,
    /// Its last day on the member's counts so far, with what qualified it
    /// since it was last renewed (over a rolling window, a day qualified
    /// before a count left the window): the state's
    /// [`TierState::until`](crate::TierState::until), the day it is next
    /// reviewed, or later. `None` for the lowest level.
    pub until: Option<NaiveDate>,
    /// Why it is held: the counts of `as_of` when the member qualifies
    /// for the level that day, else those of the day it was earned or
    /// last renewed on (then `qualified_earlier` when that was in a
    /// window that has ended).
    pub by: String,
    /// Whether `by` counts a qualification window that has ended: the
    /// period before `since` (`upgrade next period`), or a window that
    /// has moved on since the level was earned. The explanation then says
    /// what the member *had*.
    pub qualified_earlier: bool,
    /// Whether `until` ends a grace period.
    pub grace: bool,
    /// The floor for life, if any.
    pub floor: Option<String>,
    /// Grants that hold on `as_of`.
    pub grants: Vec<TierGrant>,
    /// The member's segment on `as_of`, for a program that declares segments.
    pub segment: Option<String>,
    /// The qualification period: `calendar year`, `last 12 months`.
    pub qualify: String,
    /// The first day of the current qualification window.
    pub window_start: Option<NaiveDate>,
    /// The next level to earn, and what is missing for it.
    pub next: Option<NextTier>,
    /// Moves made by reviewing the state up to `as_of` (the state passed
    /// in is not changed).
    pub moves: Vec<TierMove>,
}

/// The next level and each path to it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NextTier {
    /// The level.
    pub tier: String,
    /// The last day of the current qualification period (`None` for a
    /// rolling window, which has no end, and for a level asking for
    /// lifetime totals alone, which any later day can reach).
    pub by: Option<NaiveDate>,
    /// Each path (any one is enough).
    pub paths: Vec<PathProgress>,
}

/// One path to a level: all its parts are needed.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PathProgress {
    /// Whether the path already holds.
    pub met: bool,
    /// Its parts.
    pub parts: Vec<PartProgress>,
}

/// A part of a path: `need` of its criteria (1 of 1 for a plain one).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PartProgress {
    /// How many criteria must hold.
    pub need: usize,
    /// The criteria.
    pub criteria: Vec<CriterionProgress>,
}

/// One threshold and where the member stands.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CriterionProgress {
    /// The counter or balance.
    pub name: String,
    /// Whether it counts the member's lifetime (else the qualification window).
    pub lifetime: bool,
    /// The currency of a money threshold.
    pub currency: Option<String>,
    /// The threshold.
    pub need: Decimal,
    /// What the member has.
    pub have: Decimal,
    /// What is missing (zero when met).
    pub missing: Decimal,
}

impl TierStatus {
    /// The status in words, one fact a line.
    pub fn explain(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "member {} on {}: tier {}",
            self.member, self.as_of, self.tier
        );
        let until = match self.until {
            Some(u) if self.grace => format!(", in grace until {u}"),
            Some(u) => format!(", held until {u}"),
            None => String::new(),
        };
        let by = if self.qualified_earlier {
            self.by.replace("(has ", "(had ")
        } else {
            self.by.clone()
        };
        let _ = writeln!(
            out,
            "  earned {} since {}{until}: {by}",
            self.earned, self.since
        );
        if let Some(f) = &self.floor {
            let _ = writeln!(out, "  floor for life: {f}");
        }
        for g in &self.grants {
            let until = g.until.map(|u| format!(" until {u}")).unwrap_or_default();
            let note = g
                .note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  granted {} ({}) from {}{until}{note}",
                g.level, g.kind, g.from
            );
        }
        let window = self
            .window_start
            .map(|s| format!(", from {s}"))
            .unwrap_or_default();
        if let Some(s) = &self.segment {
            let _ = writeln!(out, "  segment: {s}");
        }
        let _ = writeln!(out, "  qualifying over the {}{window}", self.qualify);
        match &self.next {
            None => {
                let _ = writeln!(out, "  next: none, the highest level is held");
            }
            Some(n) => {
                let by = n.by.map(|b| format!(" by {b}")).unwrap_or_default();
                let _ = writeln!(out, "  next: {}{by}, on any one path:", n.tier);
                for p in &n.paths {
                    let parts: Vec<String> = p.parts.iter().map(part_text).collect();
                    // A single criterion says `met` itself.
                    let single =
                        p.parts.len() == 1 && p.parts.iter().all(|x| x.criteria.len() == 1);
                    let mark = if p.met && !single { " (met)" } else { "" };
                    let _ = writeln!(out, "    - {}{mark}", parts.join(" and "));
                }
            }
        }
        for m in &self.moves {
            let _ = writeln!(out, "  {m}");
        }
        out
    }
}

fn part_text(p: &PartProgress) -> String {
    let each: Vec<String> = p.criteria.iter().map(criterion_text).collect();
    if p.criteria.len() == 1 && p.need == 1 {
        each.join("")
    } else {
        format!("any {} of ({})", p.need, each.join(", "))
    }
}

fn criterion_text(c: &CriterionProgress) -> String {
    let unit = |v: Decimal| match &c.currency {
        Some(cur) => format!("{v} {cur}"),
        None => v.normalize().to_string(),
    };
    let lifetime = if c.lifetime { "lifetime " } else { "" };
    let missing = if c.missing.is_zero() {
        "met".to_string()
    } else {
        format!("{} missing", unit(c.missing))
    };
    format!(
        "{} {lifetime}{} (has {}, {missing})",
        unit(c.need),
        c.name,
        unit(c.have)
    )
}

/// The status of `member` on `as_of`, from the state reviewed up to then.
pub(crate) fn status(
    tp: &TierPlan,
    member: &Member,
    state: &MemberState,
    as_of: NaiveDate,
) -> Result<TierStatus, EvalError> {
    let mut r = review::review(tp, member, Some(state), as_of)?;
    let deducted = r.deducted.clone();
    let reader = review::reader(tp, Some(state), member.join_date, &[], as_of, &deducted);
    // As a `time` event on that day: what the member qualifies for on it
    // counts (a level qualified again is held longer, a floor reached).
    review::after_event(tp, &reader, &mut r, as_of);
    // A status is renewed when it would end: a day since its last renewal
    // on which the member still qualified may hold it longer already, and
    // the status says until when. When the member qualifies for the level
    // held on the day, why it is held is what they have that day (the
    // state keeps the counts of the day it was earned or renewed).
    let mut today = false;
    if !tp.upgrade_next {
        let c = candidate(tp, Some(state), member.join_date, &reader, as_of);
        let held = review::level(tp, &r.tier);
        if c.level == held && lasts(tp, c.until, c.grace) > lasts(tp, r.tier.until, r.tier.grace) {
            if let Some(by) = c.by {
                r.tier.until = c.until;
                r.tier.grace = c.grace;
                r.tier.by = by;
            }
        }
        if let (now, Some(by)) = reader.qualified(tp, as_of) {
            if now == held {
                r.tier.by = by;
                today = true;
            }
        }
    }
    let Reviewed { tier, moves, .. } = r;
    let (_, shown) = effective(tp, &tier, as_of);
    let earned = review::level(tp, &tier);
    let floor = tier.floor.as_deref().and_then(|f| tp.level(f)).unwrap_or(0);
    // The next level to earn: above what is earned or held for life; a
    // grant that ends does not change what is missing.
    let from = earned.max(floor);
    let next = tp
        .levels
        .iter()
        .enumerate()
        .skip(usize::from(from) + 1)
        .find_map(|(i, l)| l.requirement.as_ref().map(|r| (i, r)))
        .map(|(i, req)| NextTier {
            tier: tp.name(u16::try_from(i).unwrap_or(0)).to_string(),
            by: match tp.qualify {
                Qualify::Months(_) => None,
                _ if req.lifetime_only() => None,
                q => q.period_end(as_of, member.join_date),
            },
            paths: req
                .paths
                .iter()
                .map(|path| {
                    let check = reader.path(path, as_of);
                    PathProgress {
                        met: check.met,
                        parts: check
                            .parts
                            .into_iter()
                            .map(|(need, of)| PartProgress {
                                need,
                                criteria: of.iter().map(progress).collect(),
                            })
                            .collect(),
                    }
                })
                .collect(),
        });
    let window_start = tp.qualify.start(as_of, member.join_date);
    Ok(TierStatus {
        member: member.id.clone(),
        as_of,
        tier: shown,
        earned: tier.level.clone(),
        since: tier.since,
        until: tier.until,
        by: tier.by.clone(),
        qualified_earlier: !today
            && (tp.upgrade_next || window_start.is_some_and(|start| start > tier.since)),
        grace: tier.grace,
        floor: tier.floor.clone(),
        grants: tier
            .grants
            .iter()
            .filter(|g| g.holds_on(as_of))
            .cloned()
            .collect(),
        segment: None,
        qualify: tp.qualify.describe(),
        window_start,
        next,
        moves,
    })
}

fn progress(c: &CriterionCheck) -> CriterionProgress {
    let need = c.criterion.amount;
    let have = c.have.and_then(|h| h.as_decimal()).unwrap_or_default();
    let missing = need
        .checked_sub(have)
        .unwrap_or_default()
        .max(Decimal::ZERO);
    let shown = |v: Decimal| match &c.criterion.currency {
        Some((_, places)) => crate::rounding::at_places(v, *places),
        None => v.normalize(),
    };
    CriterionProgress {
        name: c.criterion.name.clone(),
        lifetime: c.criterion.lifetime,
        currency: c.criterion.currency.as_ref().map(|(cur, _)| cur.clone()),
        need: shown(need),
        have: shown(have),
        missing: shown(missing),
    }
}
