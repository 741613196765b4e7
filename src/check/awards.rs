//! Awards: the formula, its base, the balance and the recipient.

use rust_decimal::Decimal;

use super::{Checker, ExprScope};
use crate::ast::{self, AmountSpec};
use crate::codes::Code;
use crate::name::Name;
use crate::plan::{AwardPlan, Factor, Formula, Recipient};
use crate::types::Type;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

impl Checker<'_> {
    pub(super) fn award(&mut self, a: &ast::AwardAst, scope: ExprScope) -> Option<AwardPlan> {
        let mut balance = 0usize;
        let mut recipient = Recipient::Member;
        let (mut saw_balance, mut saw_recipient) = (false, false);
        let mut named = None;
        for t in &a.targets {
            if t.name == "referrer" || t.name == "referred" {
                if !scope.referral {
                    self.error(
                        Code::NotHere,
                        t.span,
                        format!("`to {}` is only possible in rules `on referral`", t.name),
                    );
                }
                if saw_recipient {
                    self.error(
                        Code::Duplicate,
                        t.span,
                        "this award already names who receives it",
                    );
                }
                saw_recipient = true;
                recipient = if t.name == "referrer" {
                    Recipient::Referrer
                } else {
                    Recipient::Referred
                };
            } else {
                if saw_balance {
                    self.error(
                        Code::Duplicate,
                        t.span,
                        "this award already names its balance",
                    );
                }
                saw_balance = true;
                // `to both`, `to each`: two awards, one to each member.
                let both = ["both", "each", "everyone", "all"].contains(&t.name.as_str());
                if both && !self.balance_by_name.contains_key(&t.name) {
                    let points = self.quote(a.span);
                    let points = points.split(" to ").next().unwrap_or(&points).to_string();
                    self.error_help(
                        Code::UnknownBalance,
                        t.span,
                        format!("unknown balance `{}`", t.name),
                        Some(format!(
                            "an award goes to one member: `{points} to referrer  {points} to referred` gives both"
                        )),
                    );
                    return None;
                }
                balance = self.balance_index(t)?;
                named = Some((t, balance));
            }
        }
        // `award 5 miles ...`: the unit names the balance.
        let balance = self.counted_balance(a.unit.as_ref(), named, balance)?;
        let formula = match &a.spec {
            AmountSpec::Step { n, unit, base } => {
                let n = self.non_negative(n, "a number of points");
                let unit_amount = self.money_unit(unit)?;
                let base = self.typed(base, scope, Type::Money)?;
                Formula::Step {
                    n: Factor::new(n),
                    unit: Factor::new(unit_amount),
                    base,
                }
            }
            AmountSpec::QuantityStep { n, unit, base } => {
                let n = self.non_negative(n, "a number of points");
                if unit.value <= Decimal::ZERO {
                    self.error(
                        Code::InvalidValue,
                        unit.span,
                        "a step must be more than zero",
                    );
                    return None;
                }
                let base = self.typed(base, scope, Type::Number)?;
                Formula::Step {
                    n: Factor::new(n),
                    unit: Factor::new(unit.value),
                    base,
                }
            }
            AmountSpec::Rate { n, unit, base } => {
                let n = self.non_negative(n, "a number of points");
                let unit_amount = self.money_unit(unit)?;
                let base = self.typed(base, scope, Type::Money)?;
                if unit_amount.is_zero() {
                    self.error(
                        Code::InvalidValue,
                        unit.amount.span,
                        "a rate cannot be per zero units",
                    );
                    return None;
                }
                Formula::Rate {
                    n: Factor::new(n),
                    unit: Factor::new(unit_amount),
                    base,
                }
            }
            AmountSpec::Quantity { n, per } => {
                let n = self.non_negative(n, "a number of points");
                self.per_what(a, per, scope)?;
                let per = self.typed(per, scope, Type::Number)?;
                Formula::Quantity { n, per }
            }
            AmountSpec::PercentEarned { pct, by } => {
                if scope.per_line {
                    self.error(
                        Code::NotHere,
                        a.span,
                        "`% of earned` applies to a whole transaction, not `for each line`",
                    );
                }
                let by = if by.is_empty() {
                    None
                } else {
                    let mut named = Vec::new();
                    for n in by {
                        let what = "`% of earned by`";
                        if let Some(i) = self.rule_by_name(n, what) {
                            named.push((i, n.span));
                        }
                    }
                    let user = self.current_rule;
                    self.earned_by.push((user, named.clone()));
                    Some(named.into_iter().map(|(i, _)| i).collect())
                };
                Formula::PercentEarned {
                    rate: self.percent(pct, true)?,
                    by,
                }
            }
            // A percentage of money, or of a number (`30% of
            // event.distance`: miles by distance flown).
            AmountSpec::Percent { pct, base } => {
                let (lowered, ty) = self.expr(base, scope)?;
                if ty != Type::Money && ty != Type::Number {
                    // `100% of "Invoice"`: what a rule gave.
                    let help = match &base.kind {
                        ast::ExprKind::Text(t) if self.rule_index.contains_key(t) => Some(format!(
                            "what a rule gave is `earned by`: `award {}% of earned by \"{t}\"`",
                            pct.value.normalize()
                        )),
                        _ => None,
                    };
                    self.error_help(
                        Code::TypeMismatch,
                        base.span,
                        format!("expected money or a number here, but this is {ty}"),
                        help,
                    );
                    return None;
                }
                let rate = self.percent(pct, ty == Type::Money)?;
                Formula::Percent {
                    rate,
                    base: lowered,
                }
            }
            AmountSpec::Flat { n } => Formula::Flat {
                n: self.non_negative(n, "a number of points"),
            },
        };
        let quoted = self.quote(a.span);
        Some(AwardPlan {
            formula,
            balance,
            recipient,
            text: Name::from(quoted.strip_prefix("award ").unwrap_or(&quoted)),
        })
    }

    /// A number the rule can be `per`: the first number the program
    /// declares of the line (in a rule `for each line`), of the purchase or
    /// of the event; else the line's quantity, the purchase's items, or an
    /// attribute of the event to declare.
    fn number_in_scope(&self, scope: ExprScope) -> String {
        use crate::plan::AttrOwner;
        let owners: &[AttrOwner] = if scope.per_line {
            &[AttrOwner::Line, AttrOwner::Tx, AttrOwner::Event]
        } else if scope.purchase {
            &[AttrOwner::Tx, AttrOwner::Event]
        } else {
            &[AttrOwner::Event]
        };
        owners
            .iter()
            .find_map(|owner| {
                self.attributes
                    .iter()
                    .find(|a| a.owner == *owner && matches!(a.ty, Type::Number | Type::Money))
            })
            .map_or_else(
                || {
                    if scope.per_line {
                        "line.quantity"
                    } else if scope.purchase {
                        "tx.items"
                    } else {
                        "event.NAME` of `attribute event.NAME number"
                    }
                    .to_string()
                },
                |a| a.path.clone(),
            )
    }

    /// `award 10 points per visit`, `award 1 point per 1 USD`, `award 100
    /// points per dollar`: what a rate
    /// is per, as terms word it, refused with the award to write.
    fn per_what(&mut self, a: &ast::AwardAst, per: &ast::Expr, scope: ExprScope) -> Option<()> {
        let written = self.quote(a.span);
        let base = if scope.per_line {
            "line.amount"
        } else {
            "tx.amount"
        };
        let (message, help) = match &per.kind {
            // `per dollar`: money in words.
            ast::ExprKind::Name(n)
                if crate::keywords::money_word(n.as_str(), self.currency.as_str()).is_some() =>
            {
                let award = written.split(" per ").next().unwrap_or(&written);
                let currency = if self.currency.is_empty() {
                    "USD"
                } else {
                    &self.currency
                };
                (
                    format!("unknown name `{n}`: `per` takes a number the event gives"),
                    format!(
                        "money is written with the currency's code: `{award} per {currency} of {base}`"
                    ),
                )
            }
            // `per litre`: a quantity in its unit.
            ast::ExprKind::Name(n) if crate::keywords::quantity_unit(n.as_str()) => {
                let award = written.split(" per ").next().unwrap_or(&written);
                let quantity = if scope.per_line {
                    "line.quantity"
                } else {
                    "tx.items"
                };
                (
                    format!("unknown name `{n}`: `per` takes a number the event gives"),
                    format!("a quantity is a number without its unit: `{award} per {quantity}`"),
                )
            }
            ast::ExprKind::Name(n)
                if !self.tiers.contains(n) && !crate::types::WEEKDAYS.contains(&n.as_str()) =>
            {
                let award = written.split(" per ").next().unwrap_or(&written);
                let example = self.number_in_scope(scope);
                (
                    format!("unknown name `{n}`: `per` takes a number the event gives"),
                    format!(
                        "an award on each event is a number of points: `{award}`; `per` takes a number the event gives, such as `per {example}`"
                    ),
                )
            }
            ast::ExprKind::Money(..) => (
                format!("`per {}` names no base", self.quote(per.span)),
                format!("a rate names what it is of: `{written} of {base}`"),
            ),
            _ => return Some(()),
        };
        self.error_help(Code::TypeMismatch, per.span, message, Some(help));
        None
    }

    /// Warns of an award that always comes to 0 points: a rule whose
    /// awards all come to nothing does not apply. (A rule's own award is
    /// no mistake when tiers override the rule: it earns at those tiers
    /// only.)
    pub(super) fn warn_if_nothing(&mut self, a: &ast::AwardAst, plan: &AwardPlan) {
        let nothing = match &plan.formula {
            Formula::Step { n, .. } | Formula::Rate { n, .. } => n.value.is_zero(),
            Formula::Quantity { n, .. } | Formula::Flat { n } => n.is_zero(),
            Formula::Percent { rate, .. } | Formula::PercentEarned { rate, .. } => rate.is_zero(),
        };
        if nothing {
            self.warning_help(
                Code::Suspicious,
                a.span,
                "this award always comes to 0 points, and a rule whose awards all come to nothing does not apply (no badge, no use of its limit)",
                Some("a rule that only gives a badge has no award: `earn \"Visit\" on check_in { badge \"Regular\" }`".into()),
            );
        }
    }

    pub(super) fn money_unit(&mut self, unit: &ast::MoneyUnit) -> Option<Decimal> {
        self.check_currency(&unit.currency)?;
        if unit.amount.value <= Decimal::ZERO {
            self.error(
                Code::InvalidValue,
                unit.amount.span,
                "the amount after `per` must be more than zero",
            );
            return None;
        }
        Some(unit.amount.value)
    }

    /// A percentage as a rate; above 100% of money (`150% of tx.amount`)
    /// is a warning, not of a number (`175% of event.distance`).
    pub(super) fn percent(&mut self, pct: &ast::Num, of_money: bool) -> Option<Decimal> {
        if of_money && pct.value > HUNDRED {
            self.warning(
                Code::Suspicious,
                pct.span,
                format!("{}% is more than the whole amount", pct.value),
            );
        }
        let rate = pct.value.checked_div(HUNDRED);
        if rate.is_none() {
            self.error(
                Code::InvalidValue,
                pct.span,
                "this percentage cannot be represented exactly",
            );
        }
        rate
    }
}
