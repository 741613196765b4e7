//! Checks `ledger BALANCE { ... }`: a declared balance, one ledger each,
//! one expiry, a pending period in whole days.

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::Checker;
use crate::ast::{self, ExpireAst, Item, Num, ProgramAst};
use crate::codes::Code;
use crate::ledger::{Expiry, LedgerPlan};
use crate::period::{MAX_ROLLING_DAYS, MAX_ROLLING_MONTHS};

impl Checker<'_> {
    pub(super) fn ledgers(&mut self, ast: &ProgramAst) -> Vec<LedgerPlan> {
        let mut out: Vec<LedgerPlan> = Vec::new();
        for item in &ast.items {
            let Item::Ledger(decl) = item else {
                continue;
            };
            let Some(balance) = self.balance_index(&decl.balance) else {
                continue;
            };
            if out.iter().any(|l| l.balance == balance) {
                self.error(
                    Code::Duplicate,
                    decl.balance.span,
                    format!("the balance `{}` has a ledger already", decl.balance.name),
                );
                continue;
            }
            let mut expiry = Expiry::Never;
            for (i, (e, span)) in decl.expire.iter().enumerate() {
                if i > 0 {
                    self.error(Code::Duplicate, *span, "a ledger has one `expire`");
                    continue;
                }
                expiry = match e {
                    ExpireAst::Never => Expiry::Never,
                    // The period that holds the day earned: 0 months on.
                    ExpireAst::End(round) => Expiry::After {
                        n: 0,
                        months: true,
                        round: Some(*round),
                    },
                    ExpireAst::On(d) => match NaiveDate::from_ymd_opt(d.year, d.month, d.day) {
                        Some(day) => Expiry::On(day),
                        None => {
                            self.error(
                                Code::InvalidValue,
                                d.span,
                                format!("{:04}-{:02}-{:02} is not a date", d.year, d.month, d.day),
                            );
                            continue;
                        }
                    },
                    ExpireAst::After { n, months, round } => match self.span_of(n, *months) {
                        Some(n) => Expiry::After {
                            n,
                            months: *months,
                            round: *round,
                        },
                        None => continue,
                    },
                    ExpireAst::Inactive {
                        n,
                        months,
                        redeeming,
                    } => match self.span_of(n, *months) {
                        Some(n) => Expiry::Inactive {
                            n,
                            months: *months,
                            redeeming: *redeeming,
                        },
                        None => continue,
                    },
                };
            }
            let mut pending_days = 0;
            for (i, n) in decl.pending.iter().enumerate() {
                if i > 0 {
                    self.error(Code::Duplicate, n.span, "a ledger has one `pending`");
                    continue;
                }
                if let Some(days) = self.span_of(n, false) {
                    pending_days = days;
                }
            }
            let mut oldest_first = false;
            for (i, (oldest, span)) in decl.spend_oldest.iter().enumerate() {
                if i > 0 {
                    self.error(Code::Duplicate, *span, "a ledger has one `spend` order");
                } else {
                    oldest_first = *oldest;
                }
            }
            let name = decl.balance.name.clone();
            out.push(LedgerPlan {
                balance,
                name,
                expiry,
                pending_days,
                oldest_first,
            });
        }
        out
    }

    /// A whole number of days or months, 1 to ten years.
    fn span_of(&mut self, n: &Num, months: bool) -> Option<u32> {
        let max = if months {
            MAX_ROLLING_MONTHS
        } else {
            MAX_ROLLING_DAYS
        };
        let whole = (n.value.fract() == Decimal::ZERO)
            .then(|| n.value.to_u32())
            .flatten()
            .filter(|v| (1..=max).contains(v));
        if whole.is_none() {
            let unit = if months { "months" } else { "days" };
            self.error(
                Code::InvalidValue,
                n.span,
                format!(
                    "a number of {unit} is a whole number from 1 to {max}, not {}",
                    n.value
                ),
            );
        }
        whole
    }
}

impl Checker<'_> {
    /// `returns { within N days  shortfall negative | forgive }`: at most one.
    pub(super) fn returns(&mut self, ast: &ProgramAst) -> Option<crate::returns::ReturnsPlan> {
        let mut out = None;
        for item in &ast.items {
            let Item::Returns {
                within,
                negative,
                pro_rata,
                refund,
                span,
            } = item
            else {
                continue;
            };
            if out.is_some() {
                self.error(Code::Duplicate, *span, "a program has one `returns` block");
                continue;
            }
            let mut plan = crate::returns::ReturnsPlan {
                within_days: 30,
                negative: true,
                pro_rata: false,
                refund: None,
            };
            for (i, r) in refund.iter().enumerate() {
                let ast::Refund {
                    points,
                    money,
                    currency: cur,
                    to,
                    unit,
                    span,
                } = r;
                if i > 0 {
                    self.error(Code::Duplicate, *span, "`returns` has one `refund`");
                    continue;
                }
                if cur.name != self.currency {
                    self.error(
                        Code::CurrencyMismatch,
                        cur.span,
                        format!(
                            "the amount is in {}, but the program's currency is {}",
                            cur.name, self.currency
                        ),
                    );
                    continue;
                }
                if money.value <= Decimal::ZERO {
                    self.error(
                        Code::InvalidValue,
                        money.span,
                        "an amount here is above zero",
                    );
                    continue;
                }
                let Some(balance) = self.named_or_unit(to.as_ref(), unit.as_ref()) else {
                    continue;
                };
                // In the balance's decimals: cents for cash back.
                if let Some(p) = self.balance_points(points, Some(balance)) {
                    plan.refund = Some((p, money.value, balance));
                }
            }
            for (i, (pro, span)) in pro_rata.iter().enumerate() {
                if i > 0 {
                    self.error(
                        Code::Duplicate,
                        *span,
                        "`returns` is `by line` or `pro rata`, once",
                    );
                } else {
                    plan.pro_rata = *pro;
                }
            }
            for (i, n) in within.iter().enumerate() {
                if i > 0 {
                    self.error(Code::Duplicate, n.span, "`returns` has one `within`");
                } else if let Some(days) = self.span_of(n, false) {
                    plan.within_days = days;
                }
            }
            for (i, (neg, span)) in negative.iter().enumerate() {
                if i > 0 {
                    self.error(Code::Duplicate, *span, "`returns` has one `shortfall`");
                } else {
                    plan.negative = *neg;
                }
            }
            out = Some(plan);
        }
        out
    }
}
