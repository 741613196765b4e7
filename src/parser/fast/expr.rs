//! Awards and expressions: the grammar's rules from `award` to `list`.

use super::{seq, P};
use crate::parser::Rule;

impl P<'_> {
    pub(super) fn award(&mut self) -> bool {
        self.rule(Rule::award, |p| {
            seq!(p; p.kw(Rule::kw_award, "award"), p.amount_spec(),
                p.rep(|p| p.rule(Rule::award_target, |p| seq!(p; p.kw(Rule::kw_to, "to"), p.ident()))))
        })
    }

    fn amount_spec(&mut self) -> bool {
        self.rule(Rule::percent_of_earned, |p| {
            seq!(p; p.percent_lit(), p.kw(Rule::kw_of, "of"), p.kw(Rule::kw_earned, "earned"),
                p.opt(|p| seq!(p; p.kw(Rule::kw_by, "by"), p.rule_targets())))
        }) || self.rule(
            Rule::percent_of,
            |p| seq!(p; p.percent_lit(), p.kw(Rule::kw_of, "of"), p.expr()),
        ) || self.rule(Rule::flat, |p| {
            seq!(p; p.number(), p.opt(|p| p.point_unit()),
                p.opt(|p| seq!(p; p.kw(Rule::kw_per, "per"), p.rate())))
        })
    }

    /// What follows `per` in a flat award.
    fn rate(&mut self) -> bool {
        self.rule(Rule::step_rate, |p| {
            seq!(p; p.kw(Rule::kw_every, "every"), p.money_unit(), p.kw(Rule::kw_of, "of"), p.expr())
        }) || self.rule(Rule::quantity_step, |p| {
            seq!(p; p.kw(Rule::kw_every, "every"), p.number(), p.kw(Rule::kw_of, "of"), p.expr())
        }) || self.rule(Rule::money_rate, |p| {
            seq!(p; p.money_unit(), p.kw(Rule::kw_of, "of"), p.expr())
        }) || self.rule(Rule::quantity_rate, |p| p.expr())
    }

    fn money_unit(&mut self) -> bool {
        self.rule(Rule::money_unit, |p| p.money_lit() || p.currency())
    }

    // ------------------------------------------------------------ expressions

    pub(super) fn expr(&mut self) -> bool {
        if self.stack_low() {
            return false;
        }
        self.rule(
            Rule::expr,
            |p| seq!(p; p.operand(), p.rep(|p| seq!(p; p.infix(), p.operand()))),
        )
    }

    fn operand(&mut self) -> bool {
        self.rule(Rule::operand, |p| {
            seq!(p; p.rep(|p| p.word(Rule::op_not, &["not"]) || p.punct(Rule::op_neg, "-")),
                p.primary())
        })
    }

    fn infix(&mut self) -> bool {
        self.punct(Rule::op_eq, "==")
            || self.word(Rule::op_and, &["and"])
            || self.word(Rule::op_in, &["in"])
            || self.punct(Rule::op_ge, ">=")
            || self.word(Rule::op_or, &["or"])
            || self.punct(Rule::op_ne, "!=")
            || self.op_not_in()
            || self.punct(Rule::op_le, "<=")
            || self.punct(Rule::op_gt, ">")
            || self.punct(Rule::op_lt, "<")
            || self.punct(Rule::op_add, "+")
            || self.punct(Rule::op_sub, "-")
            || self.punct(Rule::op_mul, "*")
            || self.punct(Rule::op_div, "/")
    }

    pub(super) fn op_or(&mut self) -> bool {
        self.word(Rule::op_or, &["or"])
    }

    pub(super) fn op_and(&mut self) -> bool {
        self.word(Rule::op_and, &["and"])
    }

    /// `${ "not" ~ (WHITESPACE | COMMENT)+ ~ "in" ~ !ident_char }`, one token.
    fn op_not_in(&mut self) -> bool {
        self.token(Rule::op_not_in, |p| {
            p.lit("not")
                && {
                    let gap = p.pos;
                    p.skip();
                    p.pos > gap
                }
                && p.lit("in")
                && p.boundary()
        })
    }

    fn primary(&mut self) -> bool {
        self.path()
            || self.string()
            || self.call()
            || self.list()
            || self.rule(Rule::paren, |p| seq!(p; p.lparen(), p.expr(), p.rparen()))
            || self.money_lit()
            || self.percent_lit()
            || self.date_lit()
            || self.time_lit()
            || self.number()
            || self.word(Rule::bool_lit, &["true", "false"])
            || self.counter_read()
            || self.name()
    }

    fn call(&mut self) -> bool {
        self.rule(Rule::call, |p| {
            seq!(p; p.ident(), p.lparen(),
                p.opt(|p| seq!(p; p.expr(), p.rep(|p| seq!(p; p.comma(), p.expr())))),
                p.rparen())
        })
    }

    fn list(&mut self) -> bool {
        self.rule(Rule::list, |p| {
            seq!(p; p.punct(Rule::lbracket, "["),
                p.opt(|p| seq!(p; p.expr(), p.rep(|p| seq!(p; p.comma(), p.expr())),
                    p.opt(|p| p.comma()))),
                p.punct(Rule::rbracket, "]"))
        })
    }

    fn counter_read(&mut self) -> bool {
        self.rule(Rule::counter_read, |p| {
            seq!(p; p.name(), p.rule(Rule::read_period, |p| {
                seq!(p; p.kw(Rule::kw_this, "this"), p.calendar_period())
                    || seq!(p; p.kw(Rule::kw_last, "last"), p.rolling_period())
                    || p.kw(Rule::kw_today, "today")
                    || p.kw(Rule::kw_lifetime, "lifetime")
                    || p.kw(Rule::kw_streak, "streak")
            }))
        })
    }
}
