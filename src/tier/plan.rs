//! A program's tiers as compiled: levels with their requirements, the
//! qualification period, and what happens when a status ends.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use crate::period::Period;

/// The tiers of a program that computes them from the member's state.
#[derive(Debug, Clone)]
pub(crate) struct TierPlan {
    /// One per tier, in the order of `Plan::tiers` (lowest first).
    pub levels: Vec<Level>,
    pub qualify: Qualify,
    /// `keep to end of next period` (true) or `to end of period`.
    pub keep_next: bool,
    /// `upgrade next period`: a level qualified in a period is held from
    /// the start of the next (else at once).
    pub upgrade_next: bool,
    pub downgrade: Downgrade,
    /// `grace N months` (0: none).
    pub grace_months: u32,
    pub deductions: Vec<Deduction>,
    pub floors: Vec<Floor>,
}

#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub name: String,
    /// `None`: the lowest level, or a level held only by a grant.
    pub requirement: Option<Requirement>,
}

/// Any of the paths; a path holds when all its parts do.
#[derive(Debug, Clone)]
pub(crate) struct Requirement {
    pub paths: Vec<Vec<Part>>,
}

impl Requirement {
    /// Whether every criterion is a lifetime total (`30 lifetime nights`):
    /// no qualification period bounds when it can be met.
    pub(crate) fn lifetime_only(&self) -> bool {
        self.paths
            .iter()
            .flatten()
            .flat_map(|part| &part.of)
            .all(|c| c.lifetime)
    }
}

/// `need` of the criteria (a plain criterion is 1 of 1).
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub need: usize,
    pub of: Vec<Criterion>,
}

/// At least `amount` of a counter or balance, over the qualification
/// window or (`lifetime`) ever.
#[derive(Debug, Clone)]
pub(crate) struct Criterion {
    /// The counter's name (a tracked balance is kept as a counter of the
    /// same name).
    pub name: String,
    pub amount: Decimal,
    /// The currency of a money threshold, and its decimal places.
    pub currency: Option<(String, u32)>,
    pub lifetime: bool,
}

impl Criterion {
    /// A value as the criterion shows it: money at its currency's places.
    pub(crate) fn show(&self, v: Decimal) -> String {
        match &self.currency {
            Some((cur, places)) => format!("{} {cur}", crate::rounding::at_places(v, *places)),
            None => v.normalize().to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Downgrade {
    Recompute,
    OneLevel,
    /// Soft landing: no lower than this level.
    To(u16),
}

/// `deduct N COUNTER at LEVEL`: at each period end, from the lifetime total.
#[derive(Debug, Clone)]
pub(crate) struct Deduction {
    pub counter: String,
    pub amount: Decimal,
    pub level: u16,
}

/// `floor LEVEL [when REQUIREMENT]`: once reached, never lost.
#[derive(Debug, Clone)]
pub(crate) struct Floor {
    pub level: u16,
    /// `None`: reaching the level by its own requirement is enough.
    pub requirement: Option<Requirement>,
}

/// Over which dates members qualify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Qualify {
    CalendarYear,
    MembershipYear,
    /// A year starting on this month and day.
    CycleYear {
        month: u32,
        day: u32,
    },
    /// The last N months, reviewed at each month's end.
    Months(u32),
}

impl Qualify {
    /// The first day of the qualification window that holds `day`.
    pub(crate) fn start(self, day: NaiveDate, joined: Option<NaiveDate>) -> Option<NaiveDate> {
        match self {
            Qualify::CalendarYear => Period::Year.start(day, joined).ok().flatten(),
            Qualify::MembershipYear => Period::MembershipYear.start(day, joined).ok().flatten(),
            Qualify::Months(n) => Period::Months(n).start(day, joined).ok().flatten(),
            Qualify::CycleYear { month, day: d } => {
                let this_year = cycle_day(day.year(), month, d)?;
                if this_year <= day {
                    Some(this_year)
                } else {
                    cycle_day(day.year().checked_sub(1)?, month, d)
                }
            }
        }
    }

    /// The first day of the review period after the one holding `day`:
    /// when statuses that end with that period are reviewed.
    pub(crate) fn next_boundary(
        self,
        day: NaiveDate,
        joined: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        match self {
            Qualify::Months(_) => day.with_day(1)?.checked_add_months(Months::new(1)),
            Qualify::CalendarYear => NaiveDate::from_ymd_opt(day.year().checked_add(1)?, 1, 1),
            Qualify::MembershipYear => {
                let start = self.start(day, joined)?;
                crate::period::anniversary(joined?, start.year().checked_add(1)?)
            }
            Qualify::CycleYear { month, day: d } => {
                let start = self.start(day, joined)?;
                cycle_day(start.year().checked_add(1)?, month, d)
            }
        }
    }

    /// The last day of the review period holding `day`.
    pub(crate) fn period_end(self, day: NaiveDate, joined: Option<NaiveDate>) -> Option<NaiveDate> {
        self.next_boundary(day, joined)?.pred_opt()
    }

    /// Until when a level qualified on `day` is held.
    pub(crate) fn valid_until(
        self,
        day: NaiveDate,
        keep_next: bool,
        joined: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let end = self.period_end(day, joined)?;
        if keep_next {
            self.period_end(end.succ_opt()?, joined)
        } else {
            Some(end)
        }
    }

    /// How many months before a review a qualification can have been made
    /// and still run: the review periods it is kept for, and the grace.
    pub(crate) fn lookback_months(self, keep_next: bool, grace: u32) -> u32 {
        let periods = match (self, keep_next) {
            (Qualify::Months(_), true) => 3,
            (Qualify::Months(_), false) => 2,
            (_, true) => 25,
            (_, false) => 13,
        };
        grace.saturating_add(periods)
    }

    /// How many days before a date a state must keep to read the window.
    pub(crate) fn reach(self) -> u32 {
        match self {
            Qualify::Months(n) => Period::Months(n).reach(),
            _ => 366,
        }
    }

    /// The window as the status prints it: `calendar year`, `last 12 months`.
    pub(crate) fn describe(self) -> String {
        match self {
            Qualify::CalendarYear => "calendar year".into(),
            Qualify::MembershipYear => "membership year".into(),
            Qualify::CycleYear { month, day } => format!("year from {month:02}-{day:02}"),
            Qualify::Months(n) => format!("last {n} months"),
        }
    }
}

/// The start of a cycle year in `year`; 29 February is 28 February in other
/// years.
fn cycle_day(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
        .or_else(|| NaiveDate::from_ymd_opt(year, month, day.checked_sub(1)?))
}

impl TierPlan {
    /// The level with this name.
    pub(crate) fn level(&self, name: &str) -> Option<u16> {
        self.levels
            .iter()
            .position(|l| l.name == name)
            .and_then(|i| u16::try_from(i).ok())
    }

    /// The name of a level.
    pub(crate) fn name(&self, level: u16) -> &str {
        self.levels
            .get(usize::from(level))
            .map_or("", |l| l.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn boundaries() {
        let y = Qualify::CalendarYear;
        assert_eq!(
            y.next_boundary(d("2026-06-01"), None),
            Some(d("2027-01-01"))
        );
        assert_eq!(
            y.valid_until(d("2026-06-01"), true, None),
            Some(d("2027-12-31"))
        );
        assert_eq!(
            y.valid_until(d("2026-06-01"), false, None),
            Some(d("2026-12-31"))
        );
        let m = Qualify::Months(12);
        assert_eq!(
            m.next_boundary(d("2026-01-31"), None),
            Some(d("2026-02-01"))
        );
        assert_eq!(
            m.valid_until(d("2026-01-31"), false, None),
            Some(d("2026-01-31"))
        );
        let c = Qualify::CycleYear { month: 4, day: 1 };
        assert_eq!(c.start(d("2026-03-31"), None), Some(d("2025-04-01")));
        assert_eq!(
            c.next_boundary(d("2026-03-31"), None),
            Some(d("2026-04-01"))
        );
        let leap = Some(d("2024-02-29"));
        let mem = Qualify::MembershipYear;
        assert_eq!(
            mem.next_boundary(d("2024-03-01"), leap),
            Some(d("2025-02-28"))
        );
        assert_eq!(
            mem.next_boundary(d("2027-03-01"), leap),
            Some(d("2028-02-29"))
        );
        assert_eq!(
            mem.valid_until(d("2024-03-01"), true, leap),
            Some(d("2026-02-27"))
        );
    }
}
