//! Periods over which counters, caps and limits are read: calendar ones
//! (today, this week, month, quarter, year, membership year), rolling ones (the last
//! N days or months) and the member's lifetime. Every period is a range of
//! local dates in the program's time zone that ends on the event's date.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The period a counter read, a per-member cap or a limit covers.
///
/// Calendar periods start on the first day of the day, ISO week (Monday),
/// month, quarter (January, April, July, October) or year that holds the
/// event's local date; the membership year
/// starts on the last anniversary of the member's `join_date` (a member who
/// joined on 29 February has the anniversary on 28 February in other
/// years). Rolling periods end on the event's date: `Days(30)` is that day
/// and the 29 before it, `Months(12)` starts the day after the same date 12
/// months earlier.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Period {
    /// The event's local date (`today`, `per day`).
    Day,
    /// The ISO week, Monday to Sunday.
    Week,
    /// The calendar month.
    Month,
    /// The calendar quarter: January to March, April to June, July to
    /// September, October to December.
    Quarter,
    /// The calendar year.
    Year,
    /// The year since the last anniversary of the member's `join_date`.
    MembershipYear,
    /// The last N days, the event's day included.
    Days(u32),
    /// The last N months, the event's day included.
    Months(u32),
    /// Every day since the member's first event.
    Lifetime,
}

/// The longest rolling period a program may read: ten years.
pub(crate) const MAX_ROLLING_DAYS: u32 = 3660;
/// The longest rolling period in months: ten years.
pub(crate) const MAX_ROLLING_MONTHS: u32 = 120;

impl Period {
    /// The first local date of the period that ends on `today`: `Ok(None)`
    /// for the lifetime, `Err(())` when it cannot be known (a membership year
    /// for a member without a join date, or who joined after `today`).
    pub(crate) fn start(
        self,
        today: NaiveDate,
        joined: Option<NaiveDate>,
    ) -> Result<Option<NaiveDate>, ()> {
        let start = match self {
            Period::Lifetime => return Ok(None),
            Period::Day => Some(today),
            Period::Week => {
                today.checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))
            }
            Period::Month => today.with_day(1),
            Period::Quarter => {
                NaiveDate::from_ymd_opt(today.year(), (today.month0() / 3) * 3 + 1, 1)
            }
            Period::Year => NaiveDate::from_ymd_opt(today.year(), 1, 1),
            Period::MembershipYear => {
                let joined = joined.ok_or(())?;
                if joined > today {
                    return Err(());
                }
                let this_year = anniversary(joined, today.year()).ok_or(())?;
                if this_year <= today {
                    Some(this_year)
                } else {
                    anniversary(joined, today.year() - 1)
                }
            }
            Period::Days(n) => today.checked_sub_days(Days::new(u64::from(n.saturating_sub(1)))),
            Period::Months(n) => today
                .checked_sub_months(Months::new(n))
                .and_then(|d| d.succ_opt()),
        };
        start.map(Some).ok_or(())
    }

    /// How many days before the event a state must keep to answer this
    /// period (the lifetime is kept as a running total instead).
    pub(crate) fn reach(self) -> u32 {
        match self {
            Period::Day | Period::Lifetime => 0,
            Period::Week => 6,
            Period::Month => 30,
            Period::Quarter => 91,
            Period::Year | Period::MembershipYear => 365,
            Period::Days(n) => n.saturating_sub(1),
            Period::Months(n) => n.saturating_mul(31),
        }
    }

    /// The period as it follows `per member per`: `year`, `30 days`.
    pub(crate) fn per(self) -> String {
        match self {
            Period::Day => "day".into(),
            Period::Week => "week".into(),
            Period::Month => "month".into(),
            Period::Quarter => "quarter".into(),
            Period::Year => "year".into(),
            Period::MembershipYear => "membership year".into(),
            Period::Days(n) => format!("{n} {}", if n == 1 { "day" } else { "days" }),
            Period::Months(n) => format!("{n} {}", if n == 1 { "month" } else { "months" }),
            Period::Lifetime => "lifetime".into(),
        }
    }
}

/// The anniversary of `joined` in `year`; 29 February falls on 28 February
/// in years without it.
pub(crate) fn anniversary(joined: NaiveDate, year: i32) -> Option<NaiveDate> {
    joined
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, joined.month(), joined.day().saturating_sub(1)))
}

/// Days from the last anniversary of `date` on or before `day` to `day`
/// (0 on the anniversary; 29 February's is 28 February in other years), or
/// `None` when `day` is before `date`: `days_since_anniversary`.
pub(crate) fn since_anniversary(date: NaiveDate, day: NaiveDate) -> Option<i64> {
    if day < date {
        return None;
    }
    let this_year = anniversary(date, day.year())?;
    let last = if this_year <= day {
        this_year
    } else {
        anniversary(date, day.year().checked_sub(1)?)?
    };
    Some((day - last).num_days())
}

impl fmt::Display for Period {
    /// The period as a counter read writes it: `this year`, `last 30 days`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Day => f.write_str("today"),
            Period::Lifetime => f.write_str("lifetime"),
            Period::Days(_) | Period::Months(_) => write!(f, "last {}", self.per()),
            _ => write!(f, "this {}", self.per()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn starts() {
        let today = d("2026-11-28"); // a Saturday
        assert_eq!(Period::Day.start(today, None), Ok(Some(today)));
        assert_eq!(Period::Week.start(today, None), Ok(Some(d("2026-11-23"))));
        assert_eq!(Period::Month.start(today, None), Ok(Some(d("2026-11-01"))));
        assert_eq!(Period::Year.start(today, None), Ok(Some(d("2026-01-01"))));
        assert_eq!(
            Period::Quarter.start(today, None),
            Ok(Some(d("2026-10-01")))
        );
        for (day, start) in [
            ("2026-01-01", "2026-01-01"),
            ("2026-03-31", "2026-01-01"),
            ("2026-04-01", "2026-04-01"),
            ("2026-06-30", "2026-04-01"),
            ("2026-09-30", "2026-07-01"),
            ("2026-12-31", "2026-10-01"),
        ] {
            assert_eq!(Period::Quarter.start(d(day), None), Ok(Some(d(start))));
        }
        // The longest quarter (July to September) is within its reach.
        let reach = u64::from(Period::Quarter.reach());
        assert_eq!(
            d("2026-09-30") - chrono::Duration::days(reach as i64),
            d("2026-07-01")
        );
        assert_eq!(
            Period::Days(30).start(today, None),
            Ok(Some(d("2026-10-30")))
        );
        assert_eq!(
            Period::Months(12).start(today, None),
            Ok(Some(d("2025-11-29")))
        );
        assert_eq!(Period::Lifetime.start(today, None), Ok(None));
        assert_eq!(Period::MembershipYear.start(today, None), Err(()));
    }

    #[test]
    fn membership_year_of_a_leap_day() {
        let joined = Some(d("2024-02-29"));
        let start = |t: &str| Period::MembershipYear.start(d(t), joined);
        assert_eq!(start("2024-02-29"), Ok(Some(d("2024-02-29"))));
        assert_eq!(start("2025-02-27"), Ok(Some(d("2024-02-29"))));
        assert_eq!(start("2025-02-28"), Ok(Some(d("2025-02-28"))));
        assert_eq!(start("2028-02-28"), Ok(Some(d("2027-02-28"))));
        assert_eq!(start("2028-02-29"), Ok(Some(d("2028-02-29"))));
        assert_eq!(start("2024-01-01"), Err(()));
    }
}
