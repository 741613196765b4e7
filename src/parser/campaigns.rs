//! Syntax-tree pairs to AST nodes for tier blocks, campaigns, the targets of
//! their multipliers, and program caps.

use crate::parser::Pair;
use rust_decimal::Decimal;

use super::build::{
    children, date_lit, ident, is_keyword, span, tight_span, time_lit, unit_of, Builder,
};
use super::header::rounding_mode;
use super::Rule;
use crate::ast::*;

impl Builder<'_> {
    pub(super) fn tier_block(&mut self, pair: Pair<'_>) -> TierBlock {
        let sp = span(&pair);
        let mut block = TierBlock {
            tier: Ident {
                name: String::new(),
                span: sp,
            },
            benefits: Vec::new(),
        };
        for p in children(pair) {
            match p.as_rule() {
                Rule::ident => block.tier = ident(&p),
                Rule::multiply_stmt => {
                    let m = self.multiply(p);
                    block.benefits.push(Benefit::Multiply(m));
                }
                Rule::override_stmt => {
                    let sp = span(&p);
                    let mut rule = Ident {
                        name: String::new(),
                        span: sp,
                    };
                    let mut awards = Vec::new();
                    for c in children(p) {
                        match c.as_rule() {
                            Rule::string => rule = self.string(c),
                            Rule::award => awards.push(self.award(c)),
                            _ => {}
                        }
                    }
                    block.benefits.push(Benefit::Override {
                        rule,
                        awards,
                        span: sp,
                    });
                }
                _ => {}
            }
        }
        block
    }

    pub(super) fn multiply(&mut self, pair: Pair<'_>) -> MultiplyAst {
        let sp = tight_span(&pair);
        let mut m = MultiplyAst {
            targets: Targets {
                include: TargetSet::All,
                except: Vec::new(),
            },
            factor: Num {
                value: Decimal::ONE,
                span: sp,
            },
            balance: None,
            then_round: None,
            span: sp,
        };
        for c in children(pair) {
            match c.as_rule() {
                Rule::targets => m.targets = self.targets(c),
                Rule::ident => m.balance = Some(ident(&c)),
                Rule::number => m.factor = self.num(&c),
                Rule::then_round => {
                    m.then_round = children(c)
                        .find(|r| r.as_rule() == Rule::rounding_mode)
                        .map(|r| rounding_mode(&r));
                }
                _ => {}
            }
        }
        m
    }

    pub(super) fn targets(&mut self, pair: Pair<'_>) -> Targets {
        let mut t = Targets {
            include: TargetSet::All,
            except: Vec::new(),
        };
        for c in children(pair) {
            match c.as_rule() {
                Rule::except_clause => {
                    if let Some(set) = children(c).find(|s| !is_keyword(s.as_rule())) {
                        let set = self.target_set(set);
                        t.except.push(set);
                    }
                }
                Rule::kw_all => t.include = TargetSet::All,
                _ => t.include = self.target_set(c),
            }
        }
        t
    }

    pub(super) fn target_set(&mut self, pair: Pair<'_>) -> TargetSet {
        let rule = pair.as_rule();
        let names: Vec<Ident> = children(pair)
            .filter(|c| c.as_rule() == Rule::string)
            .map(|c| self.string(c))
            .collect();
        match rule {
            Rule::category_targets => TargetSet::Categories(names),
            Rule::tag_targets => TargetSet::Tags(names),
            _ => TargetSet::Rules(names),
        }
    }

    pub(super) fn campaign(&mut self, pair: Pair<'_>) -> Campaign {
        let sp = span(&pair);
        let mut c = Campaign {
            name: Ident {
                name: String::new(),
                span: sp,
            },
            window: None,
            recurrence: None,
            hours: None,
            condition: None,
            body: Vec::new(),
            span: sp,
        };
        for p in children(pair) {
            match p.as_rule() {
                Rule::string => c.name = self.string(p),
                Rule::window => {
                    let dates: Vec<DateLit> = children(p)
                        .filter(|d| d.as_rule() == Rule::date_lit)
                        .map(|d| date_lit(&d))
                        .collect();
                    if let [from, to] = dates.as_slice() {
                        c.window = Some((from.clone(), to.clone()));
                    }
                }
                Rule::recurrence => {
                    let rsp = span(&p);
                    if let Some(r) = children(p).find(|r| !is_keyword(r.as_rule())) {
                        let rec = match r.as_rule() {
                            Rule::month_days => Recurrence::MonthDays(
                                children(r)
                                    .filter(|d| d.as_rule() == Rule::integer)
                                    .map(|d| self.num(&d))
                                    .collect(),
                                children(r).any(|d| d.as_rule() == Rule::kw_last),
                            ),
                            Rule::weekend => Recurrence::Weekend,
                            _ => Recurrence::Weekdays(
                                children(r)
                                    .filter(|d| d.as_rule() == Rule::ident)
                                    .map(|d| ident(&d))
                                    .collect(),
                            ),
                        };
                        c.recurrence = Some((rec, rsp));
                    }
                }
                Rule::hours => {
                    let times: Vec<TimeLit> = children(p)
                        .filter(|d| d.as_rule() == Rule::time_lit)
                        .map(|d| time_lit(&d))
                        .collect();
                    if let [from, to] = times.as_slice() {
                        c.hours = Some((from.clone(), to.clone()));
                    }
                }
                Rule::condition => c.condition = self.condition(p),
                Rule::multiply_stmt => {
                    let m = self.multiply(p);
                    c.body.push(CampaignStmt::Multiply(m));
                }
                Rule::stacking_stmt => {
                    if let Some(s) = children(p).find(|s| s.as_rule() == Rule::stacking) {
                        let stacking =
                            Stacking::from_keyword(s.as_str()).unwrap_or(Stacking::Multiply);
                        c.body.push(CampaignStmt::Stacking(stacking, span(&s)));
                    }
                }
                Rule::priority_stmt => {
                    if let Some(n) = children(p).find(|c| c.as_rule() == Rule::integer) {
                        c.body.push(CampaignStmt::Priority(self.num(&n)));
                    }
                }
                Rule::exclusive_stmt => {
                    if let Some(s) = children(p).find(|c| c.as_rule() == Rule::string) {
                        let s = self.string(s);
                        c.body.push(CampaignStmt::Exclusive(s));
                    }
                }
                Rule::discount_stmt => {
                    let sp = span(&p);
                    let mut names = Vec::new();
                    let mut pct = None;
                    for x in children(p) {
                        match x.as_rule() {
                            Rule::string => names.push(self.string(x)),
                            Rule::percent_lit => {
                                pct = children(x).next().map(|n| self.num(&n));
                            }
                            _ => {}
                        }
                    }
                    if let Some(pct) = pct {
                        c.body.push(CampaignStmt::Discount(names, pct, sp));
                    }
                }
                Rule::budget_stmt => {
                    let sp = span(&p);
                    let mut n = None;
                    let mut balance = None;
                    let unit = unit_of(&p);
                    for x in children(p) {
                        match x.as_rule() {
                            Rule::number => n = Some(self.num(&x)),
                            Rule::ident => balance = Some(ident(&x)),
                            _ => {}
                        }
                    }
                    if let Some(points) = n {
                        c.body.push(CampaignStmt::Budget(Budget {
                            points,
                            balance,
                            unit,
                            span: sp,
                        }));
                    }
                }
                Rule::earn_rule => {
                    let r = self.earn_rule(p);
                    c.body.push(CampaignStmt::Earn(r));
                }
                _ => {}
            }
        }
        c
    }

    pub(super) fn program_cap(&mut self, pair: Pair<'_>) -> ProgramCap {
        let sp = tight_span(&pair);
        let mut cap = ProgramCap {
            limit: Num {
                value: Decimal::ZERO,
                span: sp,
            },
            scope: CapScope::Transaction,
            balance: None,
            unit: unit_of(&pair),
            span: sp,
        };
        for c in children(pair) {
            match c.as_rule() {
                Rule::number => cap.limit = self.num(&c),
                Rule::member_scope => cap.scope = self.member_scope(c),
                Rule::ident => cap.balance = Some(ident(&c)),
                _ => {}
            }
        }
        cap
    }
}
