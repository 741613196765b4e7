//! Whether a member meets a level's requirement on a day, by which path,
//! and what is missing on each path of the next level.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::plan::{Criterion, Part, Qualify, Requirement, TierPlan};
use crate::exact::Exact;
use crate::state::MemberState;
use chrono::NaiveDate;

/// Where criterion values come from: the state's counters, the current
/// event's counts (on `today`), and deductions a review has made.
pub(crate) struct Reader<'a> {
    pub state: Option<&'a MemberState>,
    pub joined: Option<NaiveDate>,
    pub qualify: Qualify,
    /// This event's counts by counter name, on `today`.
    pub extra: &'a [(&'a str, Exact)],
    pub today: NaiveDate,
    /// What reviews deducted from lifetime totals, by counter name.
    pub deducted: &'a BTreeMap<String, Exact>,
    /// Each criterion's value as read, by counter name, lifetime or not,
    /// and day: a review of many levels reads each counter's window once,
    /// not once a level.
    pub values: RefCell<BTreeMap<String, Vec<ValueRead>>>,
}

/// A criterion's value as read: lifetime or not, the day, the value.
type ValueRead = (bool, NaiveDate, Option<Exact>);

impl Reader<'_> {
    /// A criterion's value on `at`: over the qualification window that
    /// holds `at`, or ever. `None` when the window cannot be known (a
    /// membership year without a join date) or the sum overflows.
    pub(crate) fn value(&self, c: &Criterion, at: NaiveDate) -> Option<Exact> {
        let read = self.values.borrow().get(&c.name).and_then(|seen| {
            seen.iter()
                .find(|(lifetime, day, _)| *lifetime == c.lifetime && *day == at)
                .map(|(_, _, v)| *v)
        });
        if let Some(v) = read {
            return v;
        }
        let v = self.sum(c, at);
        self.values
            .borrow_mut()
            .entry(c.name.clone())
            .or_default()
            .push((c.lifetime, at, v));
        v
    }

    /// See [`value`](Self::value).
    fn sum(&self, c: &Criterion, at: NaiveDate) -> Option<Exact> {
        let counter = self.state.and_then(|s| s.counters.get(&c.name));
        let mut sum = Exact::ZERO;
        let from = if c.lifetime {
            if let Some(counter) = counter {
                sum = counter.total;
            }
            if let Some(d) = self.deducted.get(&c.name) {
                sum = sum.checked_sub(*d)?.max(Exact::ZERO);
            }
            None
        } else {
            let from = self.qualify.start(at, self.joined)?;
            if let Some(counter) = counter {
                sum = crate::exact::checked_sum(counter.days.range(from..=at).map(|(_, v)| v))?;
            }
            Some(from)
        };
        if self.today <= at && from.is_none_or(|f| f <= self.today) {
            for (name, n) in self.extra {
                if *name == c.name {
                    sum = sum.checked_add(*n)?;
                }
            }
        }
        Some(sum)
    }

    /// The first path of `req` that holds on `at`, described (only that
    /// one: a review tries many levels).
    pub(crate) fn holds(&self, req: &Requirement, at: NaiveDate) -> Option<String> {
        self.holding(req, at).map(|path| self.describe(path, at))
    }

    /// The first path of `req` that holds on `at`.
    fn holding<'r>(&self, req: &'r Requirement, at: NaiveDate) -> Option<&'r [Part]> {
        req.paths
            .iter()
            .find(|path| self.met(path, at))
            .map(Vec::as_slice)
    }

    /// A path as it stands on `at`, in words: `25 nights (has 27)`.
    pub(crate) fn describe(&self, path: &[Part], at: NaiveDate) -> String {
        self.path(path, at).text
    }

    /// Whether a path holds on `at`, as [`path`](Self::path) says it.
    fn met(&self, path: &[super::plan::Part], at: NaiveDate) -> bool {
        path.iter().all(|part| {
            let met = part.of.iter().filter(|c| {
                self.value(c, at)
                    .is_some_and(|h| h >= Exact::from(c.amount))
            });
            met.count() >= part.need
        })
    }

    /// The highest level with a requirement that holds on `at`, and the
    /// path that qualified it, described; the lowest level (0) when none
    /// does.
    pub(crate) fn qualified(&self, tp: &TierPlan, at: NaiveDate) -> (u16, Option<String>) {
        let (level, path) = self.qualifying(tp, at);
        (level, path.map(|p| self.describe(p, at)))
    }

    /// [`qualified`](Self::qualified) with the path not yet in words: a
    /// review after each event describes it only when the tier moves.
    pub(crate) fn qualifying<'t>(
        &self,
        tp: &'t TierPlan,
        at: NaiveDate,
    ) -> (u16, Option<&'t [Part]>) {
        for (i, level) in tp.levels.iter().enumerate().rev() {
            if let Some(req) = &level.requirement {
                if let Some(path) = self.holding(req, at) {
                    return (u16::try_from(i).unwrap_or(0), Some(path));
                }
            }
        }
        (0, None)
    }

    /// A path's progress on `at`.
    pub(crate) fn path(&self, path: &[super::plan::Part], at: NaiveDate) -> PathCheck {
        let mut met = true;
        let mut texts = Vec::new();
        let mut parts = Vec::new();
        for part in path {
            let of: Vec<CriterionCheck> = part
                .of
                .iter()
                .map(|c| {
                    let have = self.value(c, at);
                    CriterionCheck {
                        criterion: c.clone(),
                        have,
                        met: have.is_some_and(|h| h >= Exact::from(c.amount)),
                    }
                })
                .collect();
            let count = of.iter().filter(|c| c.met).count();
            met &= count >= part.need;
            let shown: Vec<String> = of.iter().map(CriterionCheck::text).collect();
            texts.push(if part.of.len() == 1 && part.need == 1 {
                shown.join("")
            } else {
                format!("any {} of ({})", part.need, shown.join(", "))
            });
            parts.push((part.need, of));
        }
        PathCheck {
            met,
            text: texts.join(" and "),
            parts,
        }
    }
}

/// A path as checked on a day.
pub(crate) struct PathCheck {
    pub met: bool,
    /// `25 nights (has 27)`
    pub text: String,
    /// How many of each part's criteria are needed, and each criterion.
    pub parts: Vec<(usize, Vec<CriterionCheck>)>,
}

/// One criterion as checked on a day.
pub(crate) struct CriterionCheck {
    pub criterion: Criterion,
    pub have: Option<Exact>,
    pub met: bool,
}

impl CriterionCheck {
    /// `25 nights (has 27)`, `20000 USD spend (has 19999.99 USD)`.
    pub(crate) fn text(&self) -> String {
        let c = &self.criterion;
        let have = self
            .have
            .and_then(|h| h.as_decimal())
            .map_or_else(|| "unknown".to_string(), |h| c.show(h));
        let lifetime = if c.lifetime { "lifetime " } else { "" };
        let need = c.show(c.amount);
        format!("{need} {lifetime}{} (has {have})", c.name)
    }
}
