//! Checks burn rules and rewards: a declared balance, one price (a rate or
//! a rising table, in the program's currency), points above zero in the
//! balance's decimals (whole, for a balance of whole points), and
//! conditions that read the member, not a transaction.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::{Checker, Counters, ExprScope};
use crate::ast::{self, BurnStmt, Item, MaxAst, Num, ProgramAst};
use crate::codes::Code;
use crate::ledger::burn::{BurnPlan, Max, Price};
use crate::span::Span;

const SCOPE: ExprScope = ExprScope {
    purchase: false,
    per_line: false,
    referral: false,
    counters: Counters::Read,
    place: "a burn rule or reward",
};

impl Checker<'_> {
    /// Burn rules and rewards, in declaration order.
    pub(super) fn burns(&mut self, ast: &ProgramAst) -> (Vec<BurnPlan>, Vec<BurnPlan>) {
        let (mut burns, mut rewards): (Vec<BurnPlan>, Vec<BurnPlan>) = (Vec::new(), Vec::new());
        // Names seen, so that a catalog of thousands is checked in linear time.
        let (mut burn_names, mut reward_names) = (BTreeSet::new(), BTreeSet::new());
        for item in &ast.items {
            match item {
                Item::Burn(b) => {
                    if !burn_names.insert(b.name.name.as_str()) {
                        self.error(
                            Code::Duplicate,
                            b.name.span,
                            format!("two burn rules are named \"{}\"", b.name.name),
                        );
                        continue;
                    }
                    if let Some(p) = self.burn(b) {
                        burns.push(p);
                    }
                }
                Item::Reward(r) => {
                    if !reward_names.insert(r.name.name.as_str()) {
                        self.error(
                            Code::Duplicate,
                            r.name.span,
                            format!("two rewards are named \"{}\"", r.name.name),
                        );
                        continue;
                    }
                    // `costs 150 stars`: the unit names the balance, as
                    // `from stars` does.
                    let balance = match (&r.balance, &r.unit) {
                        (Some(b), unit) => self
                            .spent_balance(b)
                            .and_then(|i| self.counted_balance(unit.as_ref(), Some((b, i)), i)),
                        (None, Some(u)) => self
                            .counted_balance(Some(u), None, 0)
                            .filter(|&i| self.redeemable(i, u)),
                        (None, None) => Some(0),
                    };
                    let cost = self.balance_points(&r.cost, balance);
                    // Issued to whoever has the points: a condition would
                    // be read on events of every kind, for nobody asks. (The
                    // reward is still known, to what names it.)
                    let condition = match (r.automatic, &r.condition) {
                        (Some(_), Some(c)) => {
                            self.error(
                                Code::InvalidValue,
                                c.span,
                                "a reward issued automatically has no condition: it is issued \
                                 to every member the points pay for",
                            );
                            Some(None)
                        }
                        _ => self.burn_condition(r.condition.as_ref()),
                    };
                    if let (Some(balance), Some(cost), Some(condition)) = (balance, cost, condition)
                    {
                        rewards.push(BurnPlan {
                            name: r.name.name.clone(),
                            balance,
                            condition,
                            price: Price::Reward(cost),
                            minimum: None,
                            step: None,
                            maximum: None,
                            automatic: r.automatic.is_some(),
                        });
                    }
                }
                _ => {}
            }
        }
        (burns, rewards)
    }

    fn burn(&mut self, b: &ast::BurnRule) -> Option<BurnPlan> {
        let mut balance = self.spent_balance(&b.balance);
        // `rate 100 miles = 1 USD`: each unit written is the balance spent.
        if let Some(i) = balance {
            for u in &b.units {
                if self
                    .counted_balance(Some(u), Some((&b.balance, i)), i)
                    .is_none()
                {
                    balance = None;
                }
            }
        }
        let condition = self.burn_condition(b.condition.as_ref());
        let mut price = None;
        let priced = b
            .stmts
            .iter()
            .any(|s| matches!(s, BurnStmt::Rate { .. } | BurnStmt::Table { .. }));
        let (mut minimum, mut step, mut maximum) = (None, None, None);
        for s in &b.stmts {
            match s {
                BurnStmt::Rate {
                    points,
                    money,
                    currency,
                    span,
                } => {
                    let p = self.balance_points(points, balance);
                    let m = self.burn_money(money, currency);
                    if price.is_some() {
                        self.error(
                            Code::Duplicate,
                            *span,
                            "a burn rule has one rate or one table",
                        );
                    } else if let (Some(points), Some(money)) = (p, m) {
                        price = Some(Price::Rate { points, money });
                    }
                }
                BurnStmt::Table { entries, span } => {
                    let mut table = Vec::new();
                    for (points, money, currency) in entries {
                        let (Some(p), Some(m)) = (
                            self.balance_points(points, balance),
                            self.burn_money(money, currency),
                        ) else {
                            continue;
                        };
                        if let Some((lp, lm)) = table.last().copied() {
                            if p <= lp || m <= lm {
                                self.error(
                                    Code::InvalidValue,
                                    points.span,
                                    format!(
                                        "a redemption table rises: {p} points = {m} after {lp} points = {lm}"
                                    ),
                                );
                                continue;
                            }
                        }
                        table.push((p, m));
                    }
                    if price.is_some() {
                        self.error(
                            Code::Duplicate,
                            *span,
                            "a burn rule has one rate or one table",
                        );
                    } else {
                        price = Some(Price::Table(table));
                    }
                }
                BurnStmt::Minimum(n, span) => {
                    let v = self.balance_points(n, balance);
                    self.once(&mut minimum, v, *span, "minimum");
                }
                BurnStmt::Step(n, span) => {
                    let v = self.balance_points(n, balance);
                    self.once(&mut step, v, *span, "step");
                }
                BurnStmt::Maximum(m, span) => {
                    let text = self.quote(*span);
                    let max = match m {
                        MaxAst::Points(n) => self.balance_points(n, balance).map(Max::Points),
                        MaxAst::Money(n, cur) => self.burn_money(n, cur).map(Max::Money),
                        MaxAst::PercentOfLines(p, cond) => {
                            let scope = ExprScope {
                                purchase: true,
                                per_line: true,
                                referral: false,
                                counters: Counters::Read,
                                place: "a burn rule's eligible lines",
                            };
                            let cond = self.condition(cond, scope);
                            if p.value <= Decimal::ZERO || p.value > Decimal::ONE_HUNDRED {
                                self.error(
                                    Code::InvalidValue,
                                    p.span,
                                    "a maximum share of the lines is above 0% and at most 100%",
                                );
                                None
                            } else {
                                cond.map(|c| Max::PercentOfLines(p.value, c))
                            }
                        }
                        MaxAst::PercentOfOrder(p) => {
                            if p.value <= Decimal::ZERO || p.value > Decimal::ONE_HUNDRED {
                                self.error(
                                    Code::InvalidValue,
                                    p.span,
                                    "a maximum share of the order is above 0% and at most 100%",
                                );
                                None
                            } else {
                                Some(Max::PercentOfOrder(p.value))
                            }
                        }
                    };
                    let v = max.map(|m| (m, text));
                    self.once(&mut maximum, v, *span, "maximum");
                }
            }
        }
        let Some(price) = price else {
            if priced {
                return None; // its rate or table was refused already
            }
            self.error_help(
                Code::Missing,
                b.span,
                format!(
                    "the burn rule \"{}\" does not say what points buy",
                    b.name.name
                ),
                Some("give it a rate (`rate 100 points = 1 USD`) or a table".into()),
            );
            return None;
        };
        Some(BurnPlan {
            name: b.name.name.clone(),
            balance: balance?,
            condition: condition?,
            price,
            minimum,
            step,
            maximum,
            automatic: false,
        })
    }

    /// A setting given once.
    fn once<T>(&mut self, slot: &mut Option<T>, value: Option<T>, span: Span, what: &str) {
        if slot.is_some() {
            self.error(Code::Duplicate, span, format!("a burn rule has one {what}"));
        } else {
            *slot = value;
        }
    }

    /// `Some(None)` without a condition, `None` when it does not check.
    fn burn_condition(
        &mut self,
        c: Option<&ast::Expr>,
    ) -> Option<Option<(crate::plan::Expr, String)>> {
        let Some(c) = c else {
            return Some(None);
        };
        let text = self.quote(c.span);
        self.condition(c, SCOPE).map(|e| Some((e, text)))
    }

    /// The balance a burn rule or reward spends: a declared one that is
    /// redeemable (a qualifying balance counts toward tiers and is never
    /// spent).
    fn spent_balance(&mut self, name: &ast::Ident) -> Option<usize> {
        let i = self.balance_index(name)?;
        self.redeemable(i, name).then_some(i)
    }

    /// Whether balance `i` (named by `name`) can be spent; an error when
    /// it is a qualifying balance.
    fn redeemable(&mut self, i: usize, name: &ast::Ident) -> bool {
        let Some(b) = self.balances.get(i).filter(|b| b.qualifying) else {
            return true;
        };
        let balance = b.name.to_string();
        self.error_help(
            Code::NotHere,
            name.span,
            format!("`{balance}` is a qualifying balance: it counts toward tiers and is never spent"),
            Some(format!(
                "spend a redeemable balance (`balance {balance} redeemable` in the header, or `points`)"
            )),
        );
        false
    }

    /// Points of a balance above zero, to the balance's decimals (a whole
    /// number for a balance of whole points); a balance that did not
    /// resolve is taken as whole points.
    pub(super) fn balance_points(&mut self, n: &Num, balance: Option<usize>) -> Option<Decimal> {
        let (name, places) = balance
            .and_then(|b| self.balances.get(b))
            .map_or(("points".to_string(), 0), |b| {
                (b.name.to_string(), b.precision)
            });
        if n.value <= Decimal::ZERO || crate::exact::normalized(n.value).scale() > places {
            let message = if places == 0 {
                format!("{name} here are a whole number above zero, not {}", n.value)
            } else {
                format!(
                    "an amount of {name} here is above zero, with at most {places} decimals, not {}",
                    n.value
                )
            };
            self.error(Code::InvalidValue, n.span, message);
            return None;
        }
        Some(crate::rounding::at_places(n.value, places))
    }

    /// An amount above zero in the program's currency.
    fn burn_money(&mut self, n: &Num, currency: &ast::Ident) -> Option<Decimal> {
        if currency.name != self.currency {
            self.error(
                Code::CurrencyMismatch,
                currency.span,
                format!(
                    "the amount is in {}, but the program's currency is {}",
                    currency.name, self.currency
                ),
            );
            return None;
        }
        if n.value <= Decimal::ZERO {
            self.error(Code::InvalidValue, n.span, "an amount here is above zero");
            return None;
        }
        Some(n.value)
    }
}
