//! The points ledger: a balance kept as lots, each with the day it was
//! earned, the day it vests (pending until then) and the day it expires.
//!
//! A program keeps lots for a balance with `ledger BALANCE { ... }`:
//! `expire 12 months after earning at end of month`, `expire on
//! 2027-12-31`, `expire after 18 months without activity` or `expire
//! never`, and `pending 30 days`. Each event that credits the balance adds
//! one lot (its points for the member, from the rules named in it); every
//! evaluation first expires what ended before its day, so expiry goes
//! through the same state-in, state-out route as every other change.

pub(crate) mod burn;
mod cancel;
mod expiring;
pub(crate) mod issue;
mod review;
mod wallet;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

pub use burn::{BurnDiscount, RedemptionOutcome, Refusal, SpentLot};
pub use cancel::{CancelOutcome, CancelRefusal, Forgiven, RedemptionReceipt};
pub use expiring::Expiring;
pub(crate) use expiring::{expiring, last_day};
pub use issue::Issued;
pub(crate) use review::expire;
pub(crate) use wallet::lots_add_up;
pub use wallet::{ExpiredLot, Lot, NewLot, Wallet};

/// To which end a lot's expiry is carried: `at end of month|quarter|year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum RoundTo {
    Month,
    Quarter,
    Year,
}

/// When a ledger's lots expire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expiry {
    Never,
    /// N days or months after the day earned, then to the end of a
    /// month, quarter or year.
    After {
        n: u32,
        months: bool,
        round: Option<RoundTo>,
    },
    /// On a fixed day (the lot's last day is the day before).
    On(NaiveDate),
    /// Every lot, N days or months after the last day the balance was
    /// credited (or, with `redeeming`, spent from by a redemption).
    Inactive {
        n: u32,
        months: bool,
        redeeming: bool,
    },
}

/// `ledger BALANCE { ... }` as compiled.
#[derive(Debug, Clone)]
pub(crate) struct LedgerPlan {
    /// The balance's index in the plan.
    pub balance: usize,
    pub name: String,
    pub expiry: Expiry,
    /// Days a lot is pending before it can be spent.
    pub pending_days: u32,
    /// `spend oldest first` (else soonest expiring first, then oldest).
    pub oldest_first: bool,
}

impl LedgerPlan {
    /// The last day a lot earned on `day` holds (`None`: it never expires,
    /// or it expires by inactivity): N months after earning holds for
    /// exactly N months (earned on 31 January 2026, 12 months: through 30
    /// January 2027); rounded, to the end of the month, quarter or year
    /// holding the day N months after.
    pub(crate) fn expires_on(&self, day: NaiveDate) -> Option<NaiveDate> {
        match self.expiry {
            Expiry::Never | Expiry::Inactive { .. } => None,
            Expiry::On(d) => d.pred_opt(),
            Expiry::After { n, months, round } => {
                let end = later(day, n, months)?;
                Some(match round {
                    None => end.pred_opt()?,
                    Some(RoundTo::Month) => month_end(end)?,
                    Some(RoundTo::Quarter) => {
                        let last_month = (end.month0() / 3) * 3 + 3;
                        month_end(NaiveDate::from_ymd_opt(end.year(), last_month, 1)?)?
                    }
                    Some(RoundTo::Year) => NaiveDate::from_ymd_opt(end.year(), 12, 31)?,
                })
            }
        }
    }

    /// The time without activity after which every lot expires, for a
    /// ledger that expires that way.
    pub(crate) fn inactive(&self) -> Option<crate::period::Period> {
        match self.expiry {
            Expiry::Inactive {
                n, months: true, ..
            } => Some(crate::period::Period::Months(n)),
            Expiry::Inactive {
                n, months: false, ..
            } => Some(crate::period::Period::Days(n)),
            _ => None,
        }
    }

    /// Whether a redemption from the balance is activity too (`expire
    /// after N months without earning or redeeming`).
    pub(crate) fn redeeming_is_activity(&self) -> bool {
        matches!(
            self.expiry,
            Expiry::Inactive {
                redeeming: true,
                ..
            }
        )
    }

    /// The first day a lot earned on `day` can be spent.
    pub(crate) fn vests_on(&self, day: NaiveDate) -> Option<NaiveDate> {
        match self.pending_days {
            0 => None,
            n => day.checked_add_days(Days::new(u64::from(n))),
        }
    }
}

/// `day` plus N days or months (the day it ends on).
pub(crate) fn later(day: NaiveDate, n: u32, months: bool) -> Option<NaiveDate> {
    if months {
        day.checked_add_months(Months::new(n))
    } else {
        day.checked_add_days(Days::new(u64::from(n)))
    }
}

fn month_end(day: NaiveDate) -> Option<NaiveDate> {
    day.with_day(1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    fn plan(expiry: Expiry) -> LedgerPlan {
        LedgerPlan {
            balance: 0,
            name: "points".into(),
            expiry,
            pending_days: 30,
            oldest_first: false,
        }
    }

    #[test]
    fn expiry_days() {
        let after = |round| {
            plan(Expiry::After {
                n: 12,
                months: true,
                round,
            })
        };
        assert_eq!(
            after(None).expires_on(d("2026-01-31")),
            Some(d("2027-01-30"))
        );
        assert_eq!(
            after(Some(RoundTo::Month)).expires_on(d("2026-03-01")),
            Some(d("2027-03-31"))
        );
        assert_eq!(
            after(Some(RoundTo::Month)).expires_on(d("2026-02-10")),
            Some(d("2027-02-28"))
        );
        assert_eq!(
            after(Some(RoundTo::Quarter)).expires_on(d("2026-02-10")),
            Some(d("2027-03-31"))
        );
        assert_eq!(
            after(Some(RoundTo::Quarter)).expires_on(d("2026-11-10")),
            Some(d("2027-12-31"))
        );
        assert_eq!(
            after(Some(RoundTo::Year)).expires_on(d("2026-02-10")),
            Some(d("2027-12-31"))
        );
        assert_eq!(
            plan(Expiry::On(d("2028-01-01"))).expires_on(d("2026-02-10")),
            Some(d("2027-12-31"))
        );
        assert_eq!(plan(Expiry::Never).expires_on(d("2026-02-10")), None);
        assert_eq!(
            plan(Expiry::Never).vests_on(d("2026-02-10")),
            Some(d("2026-03-12"))
        );
    }
}
