//! Syntax-tree pairs to AST nodes for `ledger BALANCE { ... }`: expiry and
//! vesting of a balance's lots.

use crate::parser::Pair;

use super::build::{children, date_lit, ident, span, unit_of, Builder};
use super::Rule;
use crate::ast::*;
use crate::ledger::RoundTo;

impl Builder<'_> {
    pub(super) fn ledger_decl(&mut self, pair: Pair<'_>) -> Option<LedgerDecl> {
        let sp = span(&pair);
        let mut decl = LedgerDecl {
            balance: Ident {
                name: String::new(),
                span: sp,
            },
            expire: Vec::new(),
            pending: Vec::new(),
            spend_oldest: Vec::new(),
            span: sp,
        };
        for p in children(pair) {
            let sp = span(&p);
            match p.as_rule() {
                Rule::ident => decl.balance = ident(&p),
                Rule::expire_stmt => {
                    if let Some(e) = self.expire(p) {
                        decl.expire.push((e, sp));
                    }
                }
                Rule::spend_stmt => {
                    let oldest = children(p).any(|c| c.as_rule() == Rule::kw_oldest);
                    decl.spend_oldest.push((oldest, sp));
                }
                Rule::pending_stmt => {
                    if let Some(n) = children(p).find(|c| c.as_rule() == Rule::number) {
                        let n = self.num(&n);
                        decl.pending.push(n);
                    }
                }
                _ => {}
            }
        }
        Some(decl)
    }

    fn expire(&mut self, pair: Pair<'_>) -> Option<ExpireAst> {
        let inner = children(pair).find(|c| c.as_rule() != Rule::kw_expire)?;
        let rule = inner.as_rule();
        let period = |c: Pair<'_>| {
            children(c).find_map(|w| match w.as_rule() {
                Rule::kw_month => Some(RoundTo::Month),
                Rule::kw_quarter => Some(RoundTo::Quarter),
                Rule::kw_year => Some(RoundTo::Year),
                _ => None,
            })
        };
        Some(match rule {
            Rule::kw_never => ExpireAst::Never,
            Rule::expire_round => ExpireAst::End(period(inner)?),
            Rule::expire_on => {
                let d = children(inner).find(|c| c.as_rule() == Rule::date_lit)?;
                ExpireAst::On(date_lit(&d))
            }
            _ => {
                let mut n = None;
                let mut months = false;
                let mut round = None;
                let mut redeeming = false;
                for c in children(inner) {
                    match c.as_rule() {
                        Rule::number => n = Some(self.num(&c)),
                        Rule::kw_months => months = true,
                        Rule::earn_or_redeem => redeeming = true,
                        Rule::expire_round => round = period(c),
                        _ => {}
                    }
                }
                let n = n?;
                if rule == Rule::expire_inactive {
                    ExpireAst::Inactive {
                        n,
                        months,
                        redeeming,
                    }
                } else {
                    ExpireAst::After { n, months, round }
                }
            }
        })
    }
}

impl Builder<'_> {
    /// `burn "NAME" from BALANCE [when CONDITION] { ... }`
    pub(super) fn burn_rule(&mut self, pair: Pair<'_>) -> Option<BurnRule> {
        let sp = span(&pair);
        let mut name = None;
        let mut balance = None;
        let mut condition = None;
        let mut stmts = Vec::new();
        let mut units = Vec::new();
        for p in children(pair) {
            let sp = span(&p);
            units.extend(unit_of(&p));
            if p.as_rule() == Rule::burn_table {
                units.extend(children(p).filter_map(|e| unit_of(&e)));
            }
            match p.as_rule() {
                Rule::string => name = Some(self.string(p)),
                Rule::ident => balance = Some(ident(&p)),
                Rule::condition => condition = self.condition(p),
                Rule::burn_rate => {
                    let (points, money, currency) = self.points_for_money(p)?;
                    stmts.push(BurnStmt::Rate {
                        points,
                        money,
                        currency,
                        span: sp,
                    });
                }
                Rule::burn_table => {
                    let mut entries = Vec::new();
                    for e in children(p).filter(|c| c.as_rule() == Rule::table_entry) {
                        entries.push(self.points_for_money(e)?);
                    }
                    stmts.push(BurnStmt::Table { entries, span: sp });
                }
                Rule::burn_min | Rule::burn_step => {
                    let rule = p.as_rule();
                    let n = children(p).find(|c| c.as_rule() == Rule::number)?;
                    let n = self.num(&n);
                    stmts.push(if rule == Rule::burn_min {
                        BurnStmt::Minimum(n, sp)
                    } else {
                        BurnStmt::Step(n, sp)
                    });
                }
                Rule::burn_max => {
                    let cond = children(p).find(|x| x.as_rule() == Rule::expr);
                    let c = children(p).find(|c| {
                        matches!(
                            c.as_rule(),
                            Rule::percent_lit | Rule::money_lit | Rule::number
                        )
                    })?;
                    let max = match c.as_rule() {
                        Rule::percent_lit => {
                            let n = children(c).next()?;
                            let n = self.num(&n);
                            match cond {
                                Some(e) => MaxAst::PercentOfLines(n, self.expr(e)?),
                                None => MaxAst::PercentOfOrder(n),
                            }
                        }
                        Rule::money_lit => {
                            let (n, cur) = self.money(c)?;
                            MaxAst::Money(n, cur)
                        }
                        _ => MaxAst::Points(self.num(&c)),
                    };
                    stmts.push(BurnStmt::Maximum(max, sp));
                }
                _ => {}
            }
        }
        Some(BurnRule {
            name: name?,
            balance: balance?,
            condition,
            stmts,
            units,
            span: sp,
        })
    }

    /// `reward "NAME" costs N points [from BALANCE] [automatically] [when CONDITION]`
    pub(super) fn reward_decl(&mut self, pair: Pair<'_>) -> Option<RewardDecl> {
        let sp = span(&pair);
        let mut name = None;
        let mut cost = None;
        let mut balance = None;
        let mut automatic = None;
        let mut condition = None;
        let unit = unit_of(&pair);
        for p in children(pair) {
            match p.as_rule() {
                Rule::string => name = Some(self.string(p)),
                Rule::number => cost = Some(self.num(&p)),
                Rule::ident => balance = Some(ident(&p)),
                Rule::kw_automatically => automatic = Some(span(&p)),
                Rule::condition => condition = self.condition(p),
                _ => {}
            }
        }
        Some(RewardDecl {
            name: name?,
            cost: cost?,
            balance,
            automatic,
            unit,
            condition,
            span: sp,
        })
    }

    /// `N points = M CUR`
    fn points_for_money(&mut self, pair: Pair<'_>) -> Option<(Num, Num, Ident)> {
        let mut points = None;
        let mut money = None;
        for c in children(pair) {
            match c.as_rule() {
                Rule::number => points = Some(self.num(&c)),
                Rule::money_lit => money = self.money(c),
                _ => {}
            }
        }
        let (m, cur) = money?;
        Some((points?, m, cur))
    }

    /// `M CUR`
    fn money(&mut self, pair: Pair<'_>) -> Option<(Num, Ident)> {
        let mut n = None;
        let mut cur = None;
        for c in children(pair) {
            match c.as_rule() {
                Rule::number => n = Some(self.num(&c)),
                Rule::currency => cur = Some(ident(&c)),
                _ => {}
            }
        }
        Some((n?, cur?))
    }
}
