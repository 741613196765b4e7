//! Syntax-tree pairs to AST nodes for awards: how many points, of what, to whom.

use crate::parser::Pair;
use rust_decimal::Decimal;

use super::build::{children, ident, span, tight_span, unit_of, Builder};
use super::Rule;
use crate::ast::*;
use crate::span::Span;

impl Builder<'_> {
    pub(super) fn award(&mut self, pair: Pair<'_>) -> AwardAst {
        let sp = tight_span(&pair);
        let mut spec = AmountSpec::Flat {
            n: Num {
                value: Decimal::ZERO,
                span: sp,
            },
        };
        let mut targets = Vec::new();
        let mut unit = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::award_target => {
                    if let Some(i) = children(p).find(|c| c.as_rule() == Rule::ident) {
                        targets.push(ident(&i));
                    }
                }
                Rule::kw_award => {}
                _ => {
                    if p.as_rule() == Rule::flat {
                        unit = unit_of(&p);
                    }
                    if let Some(s) = self.amount_spec(p, sp) {
                        spec = s;
                    }
                }
            }
        }
        AwardAst {
            spec,
            targets,
            unit,
            span: sp,
        }
    }

    pub(super) fn amount_spec(&mut self, pair: Pair<'_>, sp: Span) -> Option<AmountSpec> {
        let mut kind = pair.as_rule();
        let mut n = None;
        // A number award: its number, then the rate after `per`, if any.
        let pair = if kind == Rule::flat {
            let mut rate = None;
            for c in children(pair) {
                match c.as_rule() {
                    Rule::number => n = Some(self.num(&c)),
                    Rule::step_rate
                    | Rule::quantity_step
                    | Rule::money_rate
                    | Rule::quantity_rate => rate = Some(c),
                    _ => {}
                }
            }
            match rate {
                Some(r) => {
                    kind = r.as_rule();
                    r
                }
                None => {
                    return Some(AmountSpec::Flat {
                        n: n.unwrap_or(Num {
                            value: Decimal::ZERO,
                            span: sp,
                        }),
                    })
                }
            }
        } else {
            pair
        };
        let mut unit = None;
        let mut base = None;
        let mut by = Vec::new();
        let mut count = None;
        for c in children(pair) {
            match c.as_rule() {
                Rule::rule_targets => {
                    by = children(c)
                        .filter(|s| s.as_rule() == Rule::string)
                        .map(|s| self.string(s))
                        .collect();
                }
                Rule::number if n.is_some() => count = Some(self.num(&c)),
                Rule::number => n = Some(self.num(&c)),
                Rule::percent_lit => {
                    let num = children(c).next()?;
                    n = Some(self.num(&num));
                }
                Rule::money_unit => unit = Some(self.money_unit(c)),
                Rule::expr => base = self.expr(c),
                _ => {}
            }
        }
        let n = n.unwrap_or(Num {
            value: Decimal::ZERO,
            span: sp,
        });
        Some(match kind {
            Rule::step_rate => AmountSpec::Step {
                n,
                unit: unit?,
                base: base?,
            },
            Rule::quantity_step => AmountSpec::QuantityStep {
                n,
                unit: count?,
                base: base?,
            },
            Rule::money_rate => AmountSpec::Rate {
                n,
                unit: unit?,
                base: base?,
            },
            Rule::quantity_rate => AmountSpec::Quantity { n, per: base? },
            Rule::percent_of_earned => AmountSpec::PercentEarned { pct: n, by },
            Rule::percent_of => AmountSpec::Percent {
                pct: n,
                base: base?,
            },
            Rule::flat => AmountSpec::Flat { n },
            _ => return None,
        })
    }

    pub(super) fn money_unit(&mut self, pair: Pair<'_>) -> MoneyUnit {
        let sp = span(&pair);
        let inner = children(pair).next();
        match inner {
            Some(p) if p.as_rule() == Rule::money_lit => {
                let mut amount = Num {
                    value: Decimal::ONE,
                    span: sp,
                };
                let mut currency = Ident {
                    name: String::new(),
                    span: sp,
                };
                for c in children(p) {
                    match c.as_rule() {
                        Rule::number => amount = self.num(&c),
                        Rule::currency => currency = ident(&c),
                        _ => {}
                    }
                }
                MoneyUnit { amount, currency }
            }
            Some(p) => MoneyUnit {
                amount: Num {
                    value: Decimal::ONE,
                    span: span(&p),
                },
                currency: ident(&p),
            },
            None => MoneyUnit {
                amount: Num {
                    value: Decimal::ONE,
                    span: sp,
                },
                currency: Ident {
                    name: String::new(),
                    span: sp,
                },
            },
        }
    }
}
