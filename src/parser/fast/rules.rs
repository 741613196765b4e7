//! Rules and what they read: segments, counters and `count` rules, earn
//! rules and their statements, campaigns and program caps, in the
//! grammar's order of alternatives.

use super::{seq, P};
use crate::parser::Rule;

impl P<'_> {
    // ------------------------------------------------------------ segments, counters

    pub(super) fn segment_decl(&mut self) -> bool {
        self.rule(
            Rule::segment_decl,
            |p| seq!(p; p.kw(Rule::kw_segment, "segment"), p.ident(), p.kw_when(), p.expr()),
        )
    }

    pub(super) fn counter_decl(&mut self) -> bool {
        self.rule(
            Rule::counter_decl,
            |p| seq!(p; p.kw(Rule::kw_counter, "counter"), p.ident()),
        )
    }

    pub(super) fn count_rule(&mut self) -> bool {
        self.rule(Rule::count_rule, |p| {
            seq!(p; p.kw(Rule::kw_count, "count"), p.expr(), p.kw(Rule::kw_to, "to"), p.ident(),
                p.kw(Rule::kw_on, "on"), p.event_kind(), p.opt(|p| p.for_each_line()),
                p.opt(|p| p.condition()))
        })
    }

    pub(super) fn calendar_period(&mut self) -> bool {
        self.rule(Rule::calendar_period, |p| {
            p.kw(Rule::kw_day, "day")
                || p.kw(Rule::kw_week, "week")
                || p.kw(Rule::kw_month, "month")
                || p.kw(Rule::kw_quarter, "quarter")
                || p.kw(Rule::kw_year, "year")
                || seq!(p; p.kw(Rule::kw_membership, "membership"), p.kw(Rule::kw_year, "year"))
        })
    }

    pub(super) fn rolling_period(&mut self) -> bool {
        self.rule(
            Rule::rolling_period,
            |p| seq!(p; p.number(), p.kw_days() || p.kw_months()),
        )
    }

    pub(super) fn member_scope(&mut self) -> bool {
        self.rule(Rule::member_scope, |p| {
            seq!(p; p.kw(Rule::kw_member, "member"), p.opt(|p| seq!(p; p.kw(Rule::kw_per, "per"),
                p.rule(Rule::period, |p| p.calendar_period() || p.rolling_period()))))
        })
    }

    // ------------------------------------------------------------ earn rules

    pub(super) fn earn_rule(&mut self) -> bool {
        self.rule(Rule::earn_rule, |p| {
            seq!(p; p.kw(Rule::kw_earn, "earn"), p.string(), p.kw(Rule::kw_on, "on"), p.event_kind(),
                p.opt(|p| p.for_each_line()), p.opt(|p| p.condition()), p.lbrace(),
                p.rep(|p| p.rule_stmt()), p.rbrace())
        })
    }

    pub(super) fn event_kind(&mut self) -> bool {
        self.rule(Rule::event_kind, |p| {
            p.rule(
                Rule::custom_kind,
                |p| seq!(p; p.kw(Rule::kw_event, "event"), p.string()),
            ) || p.ident()
        })
    }

    pub(super) fn for_each_line(&mut self) -> bool {
        self.rule(Rule::for_each_line, |p| {
            seq!(p; p.kw(Rule::kw_for, "for"), p.kw(Rule::kw_each, "each"), p.kw(Rule::kw_line, "line"))
        })
    }

    pub(super) fn condition(&mut self) -> bool {
        self.rule(Rule::condition, |p| seq!(p; p.kw_when(), p.expr()))
    }

    pub(super) fn rule_stmt(&mut self) -> bool {
        self.award()
            || self.rule(Rule::round_stmt, |p| {
                seq!(p; p.kw(Rule::kw_round, "round"), p.round_steps(), p.opt(|p| p.granularity()))
            })
            || self.rule(Rule::rule_cap, |p| {
                seq!(p; p.kw(Rule::kw_cap, "cap"), p.number(), p.opt(|p| p.point_unit()),
                    p.kw(Rule::kw_per, "per"),
                    p.kw(Rule::kw_line, "line") || p.kw(Rule::kw_transaction, "transaction")
                        || p.member_scope())
            })
            || self.rule(Rule::limit_stmt, |p| {
                seq!(p; p.kw(Rule::kw_limit, "limit"),
                    p.kw(Rule::kw_once, "once") || p.kw(Rule::kw_twice, "twice")
                        || seq!(p; p.number(),
                            p.opt(|p| p.word(Rule::kw_times, &["times", "time"]))),
                    p.kw(Rule::kw_per, "per"), p.member_scope())
            })
            || self.priority_stmt()
            || self.rule(Rule::group_stmt, |p| {
                seq!(p; p.kw(Rule::kw_group, "group"), p.string(),
                    p.opt(|p| seq!(p; p.kw(Rule::kw_by, "by"), p.ident())))
            })
            || self.rule(Rule::stop_stmt, |p| p.kw(Rule::kw_stop, "stop"))
            || self.rule(Rule::badge_stmt, |p| {
                seq!(p; p.kw(Rule::kw_badge, "badge"), p.string())
            })
    }

    pub(super) fn priority_stmt(&mut self) -> bool {
        self.rule(
            Rule::priority_stmt,
            |p| seq!(p; p.kw(Rule::kw_priority, "priority"), p.integer()),
        )
    }

    // ------------------------------------------------------------ campaigns

    pub(super) fn campaign(&mut self) -> bool {
        self.rule(Rule::campaign, |p| {
            seq!(p; p.kw(Rule::kw_campaign, "campaign"), p.string(),
                p.opt(|p| p.rule(Rule::window, |p| seq!(p; p.kw(Rule::kw_from, "from"), p.date_lit(),
                    p.kw(Rule::kw_to, "to"), p.date_lit()))),
                p.opt(|p| p.recurrence()),
                p.opt(|p| p.rule(Rule::hours, |p| seq!(p; p.kw(Rule::kw_between, "between"),
                    p.time_lit(), p.kw(Rule::kw_and_sched, "and"), p.time_lit()))),
                p.opt(|p| p.condition()), p.lbrace(), p.rep(|p| p.campaign_stmt()), p.rbrace())
        })
    }

    pub(super) fn recurrence(&mut self) -> bool {
        self.rule(Rule::recurrence, |p| {
            seq!(p; p.kw(Rule::kw_every, "every"),
                p.rule(Rule::month_days, |p| seq!(p; p.kw(Rule::kw_month, "month"),
                    p.kw(Rule::kw_on, "on"), p.kw(Rule::kw_day, "day"),
                    p.integer() || p.kw(Rule::kw_last, "last"),
                    p.rep(|p| seq!(p; p.comma(), p.integer() || p.kw(Rule::kw_last, "last")))))
                || p.rule(Rule::weekend, |p| p.kw(Rule::kw_weekend, "weekend"))
                || p.rule(Rule::weekday_list, |p| seq!(p; p.ident(),
                    p.rep(|p| seq!(p; p.comma(), p.ident())))))
        })
    }

    pub(super) fn campaign_stmt(&mut self) -> bool {
        self.multiply_stmt()
            || self.rule(Rule::stacking_stmt, |p| {
                seq!(p; p.kw(Rule::kw_stacking, "stacking"),
                    p.word(Rule::stacking, &["multiply", "add", "best"]))
            })
            || self.priority_stmt()
            || self.rule(
                Rule::exclusive_stmt,
                |p| seq!(p; p.kw(Rule::kw_exclusive, "exclusive"), p.string()),
            )
            || self.rule(Rule::budget_stmt, |p| {
                seq!(p; p.kw(Rule::kw_budget, "budget"), p.number(), p.point_unit(),
                    p.opt(|p| seq!(p; p.kw(Rule::kw_in, "in"), p.ident())))
            })
            || self.rule(Rule::discount_stmt, |p| {
                seq!(p; p.kw(Rule::kw_discount, "discount"), p.strings(), p.kw(Rule::kw_by, "by"),
                    p.percent_lit())
            })
            || self.earn_rule()
    }

    pub(super) fn program_cap(&mut self) -> bool {
        self.rule(Rule::program_cap, |p| {
            seq!(p; p.kw(Rule::kw_cap, "cap"), p.number(), p.opt(|p| p.point_unit()),
                p.kw(Rule::kw_per, "per"),
                p.kw(Rule::kw_transaction, "transaction") || p.member_scope(),
                p.opt(|p| seq!(p; p.kw(Rule::kw_in, "in"), p.ident())))
        })
    }
}
