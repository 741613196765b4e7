//! Syntax-tree pairs to AST nodes for what reads or feeds a member's history:
//! counters, `count` rules, periods, per-member caps and limits.

use crate::parser::Pair;

use super::build::{children, ident, span, Builder};
use super::Rule;
use crate::ast::*;

impl Builder<'_> {
    /// `count AMOUNT to COUNTER on KIND [for each line] [when CONDITION]`
    pub(super) fn count_rule(&mut self, pair: Pair<'_>) -> Option<CountRule> {
        let sp = span(&pair);
        let mut amount = None;
        let mut counter = None;
        let mut event = None;
        let mut per_line = false;
        let mut condition = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::expr => amount = self.expr(p),
                Rule::ident => counter = Some(ident(&p)),
                Rule::event_kind => event = Some(self.event_kind(p, sp)),
                Rule::for_each_line => per_line = true,
                Rule::condition => condition = self.condition(p),
                _ => {}
            }
        }
        Some(CountRule {
            amount: amount?,
            counter: counter?,
            event: event?,
            per_line,
            condition,
            span: sp,
        })
    }

    /// `year`, `membership year`, `30 days`, `12 months`.
    pub(super) fn period(&mut self, pair: Pair<'_>) -> Option<PeriodAst> {
        let inner = children(pair).next()?;
        match inner.as_rule() {
            Rule::calendar_period => Some(calendar(inner)),
            Rule::rolling_period => self.rolling(inner),
            _ => None,
        }
    }

    fn rolling(&mut self, pair: Pair<'_>) -> Option<PeriodAst> {
        let mut n = None;
        let mut months = false;
        for c in children(pair) {
            match c.as_rule() {
                Rule::number => n = Some(self.num(&c)),
                Rule::kw_months => months = true,
                _ => {}
            }
        }
        let n = n?;
        Some(if months {
            PeriodAst::Months(n)
        } else {
            PeriodAst::Days(n)
        })
    }

    /// `member [per PERIOD]`
    pub(super) fn member_scope(&mut self, pair: Pair<'_>) -> CapScope {
        let period = children(pair)
            .find(|c| c.as_rule() == Rule::period)
            .and_then(|p| self.period(p));
        CapScope::Member(period)
    }

    /// `limit N [times] | once | twice per member [per PERIOD]`
    pub(super) fn limit_stmt(&mut self, pair: Pair<'_>, sp: crate::span::Span) -> Option<RuleStmt> {
        let mut times = None;
        let mut period = None;
        for c in children(pair) {
            match c.as_rule() {
                Rule::number => times = Some(self.num(&c)),
                Rule::kw_once | Rule::kw_twice => {
                    let value = match c.as_rule() {
                        Rule::kw_once => rust_decimal::Decimal::ONE,
                        _ => rust_decimal::Decimal::TWO,
                    };
                    times = Some(crate::ast::Num {
                        value,
                        span: span(&c),
                    });
                }
                Rule::member_scope => {
                    if let CapScope::Member(p) = self.member_scope(c) {
                        period = p;
                    }
                }
                _ => {}
            }
        }
        Some(RuleStmt::Limit {
            times: times?,
            period,
            span: sp,
        })
    }

    /// `nights this year`, `purchases last 30 days`, `check_ins streak`.
    pub(super) fn counter_read(&mut self, pair: Pair<'_>) -> Option<ExprKind> {
        let mut name = None;
        let mut read = None;
        for c in children(pair) {
            match c.as_rule() {
                Rule::name => name = Some(ident(&c)),
                Rule::read_period => read = self.read_period(c),
                _ => {}
            }
        }
        Some(ExprKind::Counter(name?, read?))
    }

    fn read_period(&mut self, pair: Pair<'_>) -> Option<ReadAst> {
        let mut out = None;
        for c in children(pair) {
            out = match c.as_rule() {
                Rule::kw_today => Some(ReadAst::Period(PeriodAst::Day)),
                Rule::kw_lifetime => Some(ReadAst::Lifetime),
                Rule::kw_streak => Some(ReadAst::Streak),
                Rule::calendar_period => Some(ReadAst::Period(calendar(c))),
                Rule::rolling_period => self.rolling(c).map(ReadAst::Period),
                _ => continue,
            };
        }
        out
    }
}

/// `day`, `week`, `month`, `year` or `membership year`.
fn calendar(pair: Pair<'_>) -> PeriodAst {
    let words: Vec<Rule> = children(pair).map(|k| k.as_rule()).collect();
    match words.as_slice() {
        [Rule::kw_day] => PeriodAst::Day,
        [Rule::kw_week] => PeriodAst::Week,
        [Rule::kw_month] => PeriodAst::Month,
        [Rule::kw_quarter] => PeriodAst::Quarter,
        [Rule::kw_year] => PeriodAst::Year,
        _ => PeriodAst::MembershipYear,
    }
}
