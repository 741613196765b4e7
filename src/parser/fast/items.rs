//! Items and the statements of headers, tiers, ledgers, returns and burn
//! rules: the grammar's rules from `item` to `reward_decl`,
//! in the grammar's order of alternatives.

use super::{seq, P};
use crate::parser::Rule;

impl P<'_> {
    pub(super) fn item(&mut self) -> bool {
        self.earn_rule()
            || self.campaign()
            || self.tier_block()
            || self.header()
            || self.tiers_decl()
            || self.attribute_decl()
            || self.ledger_decl()
            || self.returns_decl()
            || self.counter_decl()
            || self.count_rule()
            || self.segment_decl()
            || self.burn_rule()
            || self.reward_decl()
            || self.program_cap()
    }

    // ------------------------------------------------------------ header

    pub(super) fn header(&mut self) -> bool {
        self.rule(Rule::header, |p| {
            seq!(p; p.kw(Rule::kw_program, "program"), p.string(), p.lbrace(),
                p.rep(|p| p.header_setting()), p.rbrace())
        })
    }

    pub(super) fn header_setting(&mut self) -> bool {
        self.rule(Rule::currency_decl, |p| {
            seq!(p; p.kw(Rule::kw_currency, "currency"), p.currency())
        }) || self.rule(Rule::timezone_decl, |p| {
            seq!(p; p.kw(Rule::kw_timezone, "timezone"), p.string())
        }) || self.rule(Rule::rounding_decl, |p| {
            seq!(p; p.kw(Rule::kw_rounding, "rounding"), p.round_steps(),
                p.opt(|p| p.granularity()))
        }) || self.rule(Rule::precision_decl, |p| {
            seq!(p; p.kw(Rule::kw_precision, "precision"), p.integer())
        }) || self.rule(Rule::balance_decl, |p| {
            seq!(p; p.kw(Rule::kw_balance, "balance"), p.ident(),
                p.opt(|p| p.rule(Rule::balance_kind, |p| {
                    p.kw(Rule::kw_redeemable, "redeemable") || p.kw(Rule::kw_qualifying, "qualifying")
                })),
                p.opt(|p| seq!(p; p.kw(Rule::kw_precision, "precision"), p.integer())))
        }) || self.rule(Rule::tender_decl, |p| {
            seq!(p; p.kw(Rule::kw_tender, "tender"), p.ident())
        }) || self.rule(Rule::multipliers_decl, |p| {
            seq!(p; p.kw(Rule::kw_multipliers, "multipliers"),
                p.kw(Rule::kw_compound, "compound") || p.kw(Rule::kw_add, "add"))
        })
    }

    pub(super) fn rounding_mode(&mut self) -> bool {
        self.word(
            Rule::rounding_mode,
            &[
                "half_even",
                "half_up",
                "half_down",
                "half-even",
                "half-up",
                "half-down",
                "floor",
                "ceil",
            ],
        )
    }

    /// `rounding_mode ~ (kw_to ~ integer ~ kw_then ~ rounding_mode)?`
    pub(super) fn round_steps(&mut self) -> bool {
        let p = self;
        seq!(p; p.rounding_mode(), p.opt(|p| seq!(p;
            p.kw(Rule::kw_to, "to"), p.integer(), p.kw(Rule::kw_then, "then"), p.rounding_mode())))
    }

    pub(super) fn granularity(&mut self) -> bool {
        self.rule(Rule::granularity, |p| {
            seq!(p; p.kw(Rule::kw_per, "per"),
                p.kw(Rule::kw_line, "line") || p.kw(Rule::kw_rule, "rule")
                    || p.kw(Rule::kw_transaction, "transaction"))
        })
    }

    pub(super) fn attribute_decl(&mut self) -> bool {
        self.rule(Rule::attribute_decl, |p| {
            seq!(p; p.kw(Rule::kw_attribute, "attribute"), p.path(),
                p.word(Rule::type_name, &["bool", "number", "text", "money", "date", "list"]),
                p.opt(|p| seq!(p; p.kw(Rule::kw_default, "default"), p.expr())))
        })
    }

    // ------------------------------------------------------------ tiers

    pub(super) fn tiers_decl(&mut self) -> bool {
        self.rule(Rule::tiers_decl, |p| {
            seq!(p; p.kw(Rule::kw_tiers, "tiers"), p.lbrace(),
                p.rep(|p| p.tier_setting() || seq!(p; p.tier_level(), p.opt(|p| p.comma()))),
                p.rbrace())
        })
    }

    pub(super) fn tier_level(&mut self) -> bool {
        self.rule(Rule::tier_level, |p| {
            seq!(p; p.not(|p| p.tier_keyword()), p.ident(),
                p.opt(|p| seq!(p; p.kw_when(), p.requirement())))
        })
    }

    /// `kw_when`: `when` or `where`.
    pub(super) fn kw_when(&mut self) -> bool {
        self.word(Rule::kw_when, &["when", "where"])
    }

    pub(super) fn tier_keyword(&mut self) -> bool {
        self.kw(Rule::kw_qualify, "qualify")
            || self.kw(Rule::kw_keep, "keep")
            || self.kw(Rule::kw_upgrade, "upgrade")
            || self.kw(Rule::kw_downgrade, "downgrade")
            || self.kw(Rule::kw_grace, "grace")
            || self.kw(Rule::kw_deduct, "deduct")
            || self.kw(Rule::kw_floor, "floor")
    }

    pub(super) fn tier_setting(&mut self) -> bool {
        self.rule(Rule::qualify_stmt, |p| {
            seq!(p; p.kw(Rule::kw_qualify, "qualify"),
                p.rule(Rule::calendar_year, |p| seq!(p; p.kw(Rule::kw_calendar, "calendar"), p.kw(Rule::kw_year, "year")))
                || p.rule(Rule::membership_year, |p| seq!(p; p.kw(Rule::kw_membership, "membership"), p.kw(Rule::kw_year, "year")))
                || p.rule(Rule::cycle_year, |p| seq!(p; p.kw(Rule::kw_year, "year"), p.kw(Rule::kw_from, "from"), p.month_day()))
                || p.rule(Rule::rolling_months, |p| seq!(p; p.kw(Rule::kw_last, "last"), p.number(), p.kw_months())))
        }) || self.rule(Rule::keep_stmt, |p| {
            seq!(p; p.kw(Rule::kw_keep, "keep"), p.kw(Rule::kw_to, "to"), p.kw(Rule::kw_end, "end"),
                p.kw(Rule::kw_of, "of"), p.opt(|p| p.kw(Rule::kw_next, "next")), p.kw(Rule::kw_period, "period"))
        }) || self.rule(Rule::upgrade_stmt, |p| {
            seq!(p; p.kw(Rule::kw_upgrade, "upgrade"),
                seq!(p; p.kw(Rule::kw_at, "at"), p.kw(Rule::kw_once, "once"))
                || seq!(p; p.kw(Rule::kw_next, "next"), p.kw(Rule::kw_period, "period")))
        }) || self.rule(Rule::downgrade_stmt, |p| {
            seq!(p; p.kw(Rule::kw_downgrade, "downgrade"),
                p.kw(Rule::kw_recompute, "recompute")
                || seq!(p; p.kw(Rule::kw_one, "one"), p.kw(Rule::kw_level, "level"))
                || seq!(p; p.kw(Rule::kw_to, "to"), p.ident()))
        }) || self.rule(Rule::grace_stmt, |p| {
            seq!(p; p.kw(Rule::kw_grace, "grace"), p.number(), p.kw_months())
        }) || self.rule(Rule::deduct_stmt, |p| {
            seq!(p; p.kw(Rule::kw_deduct, "deduct"), p.number(), p.ident(), p.kw(Rule::kw_at, "at"), p.ident())
        }) || self.rule(Rule::floor_stmt, |p| {
            seq!(p; p.kw(Rule::kw_floor, "floor"), p.ident(),
                p.opt(|p| seq!(p; p.kw_when(), p.requirement())))
        })
    }

    pub(super) fn kw_months(&mut self) -> bool {
        self.word(Rule::kw_months, &["months", "month"])
    }

    pub(super) fn kw_days(&mut self) -> bool {
        self.word(Rule::kw_days, &["days", "day"])
    }

    /// `point_unit`: `points`, or a lowercase word that is not one of
    /// `unit_stop` (a balance's name, found by the checker).
    pub(super) fn point_unit(&mut self) -> bool {
        self.word(Rule::kw_point, &["points", "point"])
            || self.token(Rule::unit_name, |p| {
                const STOPS: [&str; 11] = [
                    "per", "to", "award", "round", "cap", "limit", "priority", "group", "stop",
                    "badge", "x",
                ];
                let start = p.pos;
                let stop = STOPS.iter().any(|w| p.lit(w)) && p.boundary();
                p.pos = start;
                if stop || !p.peek().is_some_and(|b| b.is_ascii_lowercase()) {
                    return false;
                }
                while p.peek().is_some_and(super::is_ident_char) {
                    p.pos += 1;
                }
                true
            })
    }

    pub(super) fn requirement(&mut self) -> bool {
        self.rule(
            Rule::requirement,
            |p| seq!(p; p.req_path(), p.rep(|p| seq!(p; p.op_or(), p.req_path()))),
        )
    }

    pub(super) fn req_path(&mut self) -> bool {
        self.rule(
            Rule::req_path,
            |p| seq!(p; p.req_part(), p.rep(|p| seq!(p; p.op_and(), p.req_part()))),
        )
    }

    pub(super) fn req_part(&mut self) -> bool {
        self.rule(Rule::req_any, |p| {
            seq!(p; p.kw(Rule::kw_any, "any"), p.number(), p.kw(Rule::kw_of, "of"), p.lparen(),
                p.criterion(), p.rep(|p| seq!(p; p.comma(), p.criterion())), p.rparen())
        }) || self.criterion()
    }

    pub(super) fn criterion(&mut self) -> bool {
        self.rule(Rule::criterion, |p| {
            seq!(p; p.money_lit() || p.number(),
                p.opt(|p| p.kw(Rule::kw_lifetime, "lifetime")), p.ident())
        })
    }

    pub(super) fn tier_block(&mut self) -> bool {
        self.rule(Rule::tier_block, |p| {
            seq!(p; p.kw(Rule::kw_tier, "tier"), p.ident(), p.lbrace(),
                p.rep(|p| p.multiply_stmt() || p.override_stmt()), p.rbrace())
        })
    }

    pub(super) fn multiply_stmt(&mut self) -> bool {
        self.rule(Rule::multiply_stmt, |p| {
            seq!(p; p.kw(Rule::kw_multiply, "multiply"), p.targets(),
                p.opt(|p| seq!(p; p.kw(Rule::kw_in, "in"), p.ident())), p.kw(Rule::kw_by, "by"),
                p.number(), p.opt(|p| p.rule(Rule::then_round, |p| seq!(p;
                    p.kw(Rule::kw_then, "then"), p.kw(Rule::kw_round, "round"), p.rounding_mode()))))
        })
    }

    pub(super) fn override_stmt(&mut self) -> bool {
        self.rule(Rule::override_stmt, |p| {
            seq!(p; p.kw(Rule::kw_override, "override"), p.string(), p.lbrace(),
                p.rep(|p| p.award()), p.rbrace())
        })
    }

    pub(super) fn targets(&mut self) -> bool {
        self.rule(Rule::targets, |p| {
            seq!(p; p.kw(Rule::kw_all, "all") || p.category_targets() || p.tag_targets()
                    || p.rule_targets(),
                p.rep(|p| p.rule(Rule::except_clause, |p| seq!(p; p.kw(Rule::kw_except, "except"),
                    p.category_targets() || p.tag_targets() || p.rule_targets()))))
        })
    }

    pub(super) fn category_targets(&mut self) -> bool {
        self.rule(
            Rule::category_targets,
            |p| seq!(p; p.kw(Rule::kw_category, "category"), p.strings()),
        )
    }

    pub(super) fn tag_targets(&mut self) -> bool {
        self.rule(
            Rule::tag_targets,
            |p| seq!(p; p.kw(Rule::kw_tag, "tag"), p.strings()),
        )
    }

    pub(super) fn rule_targets(&mut self) -> bool {
        self.rule(Rule::rule_targets, |p| p.strings())
    }

    /// `string ~ (comma ~ string)*`
    pub(super) fn strings(&mut self) -> bool {
        let p = self;
        seq!(p; p.string(), p.rep(|p| seq!(p; p.comma(), p.string())))
    }

    // ------------------------------------------------------------ ledger, returns, burn

    pub(super) fn ledger_decl(&mut self) -> bool {
        self.rule(Rule::ledger_decl, |p| {
            seq!(p; p.kw(Rule::kw_ledger, "ledger"), p.ident(), p.lbrace(),
                p.rep(|p| p.ledger_stmt()), p.rbrace())
        })
    }

    /// `at end of month | quarter | year`.
    fn expire_round(&mut self) -> bool {
        self.rule(Rule::expire_round, |p| {
            seq!(p; p.kw(Rule::kw_at, "at"), p.kw(Rule::kw_end, "end"), p.kw(Rule::kw_of, "of"),
                p.kw(Rule::kw_month, "month") || p.kw(Rule::kw_quarter, "quarter")
                    || p.kw(Rule::kw_year, "year"))
        })
    }

    pub(super) fn ledger_stmt(&mut self) -> bool {
        self.rule(Rule::expire_stmt, |p| {
            seq!(p; p.kw(Rule::kw_expire, "expire"),
                p.rule(Rule::expire_after, |p| seq!(p; p.number(), p.kw_days() || p.kw_months(),
                    p.kw(Rule::kw_after, "after"), p.kw(Rule::kw_earning, "earning"),
                    p.opt(|p| p.expire_round())))
                || p.rule(Rule::expire_on, |p| seq!(p; p.kw(Rule::kw_on, "on"), p.date_lit()))
                || p.rule(Rule::expire_inactive, |p| seq!(p; p.kw(Rule::kw_after, "after"), p.number(),
                    p.kw_days() || p.kw_months(), p.kw(Rule::kw_without, "without"),
                    p.kw(Rule::kw_activity, "activity")
                        || p.rule(Rule::earn_or_redeem, |p| seq!(p; p.kw(Rule::kw_earning, "earning"),
                            p.word(Rule::op_or, &["or"]), p.kw(Rule::kw_redeeming, "redeeming")))))
                || p.expire_round()
                || p.kw(Rule::kw_never, "never"))
        }) || self.rule(Rule::pending_stmt, |p| {
            seq!(p; p.kw(Rule::kw_pending, "pending"), p.number(), p.kw_days())
        }) || self.rule(Rule::spend_stmt, |p| {
            seq!(p; p.kw(Rule::kw_spend, "spend"),
                seq!(p; p.kw(Rule::kw_soonest, "soonest"), p.kw(Rule::kw_expiring, "expiring"))
                    || p.kw(Rule::kw_oldest, "oldest"),
                p.kw(Rule::kw_first, "first"))
        })
    }

    pub(super) fn returns_decl(&mut self) -> bool {
        self.rule(Rule::returns_decl, |p| {
            seq!(p; p.kw(Rule::kw_returns, "returns"), p.lbrace(), p.rep(|p| p.returns_stmt()), p.rbrace())
        })
    }

    pub(super) fn returns_stmt(&mut self) -> bool {
        self.rule(
            Rule::returns_within,
            |p| seq!(p; p.kw(Rule::kw_within, "within"), p.number(), p.kw_days()),
        ) || self.rule(Rule::returns_shortfall, |p| {
            seq!(p; p.kw(Rule::kw_shortfall, "shortfall"),
                p.kw(Rule::kw_negative, "negative") || p.kw(Rule::kw_forgive, "forgive"))
        }) || self.rule(Rule::returns_mode, |p| {
            seq!(p; p.kw(Rule::kw_pro, "pro"), p.kw(Rule::kw_rata, "rata"))
                || seq!(p; p.kw(Rule::kw_by, "by"), p.kw(Rule::kw_line, "line"))
        }) || self.rule(Rule::returns_refund, |p| {
            seq!(p; p.kw(Rule::kw_refund, "refund"), p.number(), p.point_unit(), p.equals(),
                p.money_lit(), p.opt(|p| seq!(p; p.kw(Rule::kw_to, "to"), p.ident())))
        })
    }

    pub(super) fn burn_rule(&mut self) -> bool {
        self.rule(Rule::burn_rule, |p| {
            seq!(p; p.kw(Rule::kw_burn, "burn"), p.string(), p.kw(Rule::kw_from, "from"), p.ident(),
                p.opt(|p| p.condition()), p.lbrace(), p.rep(|p| p.burn_stmt()), p.rbrace())
        })
    }

    pub(super) fn burn_stmt(&mut self) -> bool {
        self.rule(Rule::burn_rate, |p| {
            seq!(p; p.kw(Rule::kw_rate, "rate"), p.number(), p.point_unit(), p.equals(), p.money_lit())
        }) || self.rule(Rule::burn_table, |p| {
            seq!(p; p.kw(Rule::kw_table, "table"), p.table_entry(),
                p.rep(|p| seq!(p; p.comma(), p.table_entry())))
        }) || self.rule(Rule::burn_min, |p| {
            seq!(p; p.kw(Rule::kw_minimum, "minimum"), p.number(), p.point_unit())
        }) || self.rule(Rule::burn_step, |p| {
            seq!(p; p.kw(Rule::kw_step, "step"), p.number(), p.point_unit())
        }) || self.rule(Rule::burn_max, |p| {
            seq!(p; p.kw(Rule::kw_maximum, "maximum"),
                seq!(p; p.percent_lit(), p.kw(Rule::kw_of, "of"), p.kw(Rule::kw_order, "order"))
                || seq!(p; p.percent_lit(), p.kw(Rule::kw_of, "of"), p.kw(Rule::kw_lines, "lines"),
                    p.kw_when(), p.expr())
                || p.money_lit()
                || seq!(p; p.number(), p.point_unit()))
        })
    }

    pub(super) fn table_entry(&mut self) -> bool {
        self.rule(
            Rule::table_entry,
            |p| seq!(p; p.number(), p.point_unit(), p.equals(), p.money_lit()),
        )
    }

    pub(super) fn reward_decl(&mut self) -> bool {
        self.rule(Rule::reward_decl, |p| {
            seq!(p; p.kw(Rule::kw_reward, "reward"), p.string(), p.kw(Rule::kw_costs, "costs"),
                p.number(), p.point_unit(),
                p.opt(|p| seq!(p; p.kw(Rule::kw_from, "from"), p.ident())),
                p.opt(|p| p.kw(Rule::kw_automatically, "automatically")),
                p.opt(|p| p.condition()))
        })
    }
}
