//! pest pairs to AST nodes for the `tiers { ... }` block: levels with their
//! requirements, and the settings of qualification and downgrade.

use crate::parser::Pair;

use super::build::{children, ident, span, Builder};
use super::Rule;
use crate::ast::*;

impl Builder<'_> {
    /// `tiers { LEVEL [when REQUIREMENT] ... SETTING ... }`
    pub(super) fn tiers_decl(&mut self, pair: Pair<'_>) -> TiersDecl {
        let sp = span(&pair);
        let mut decl = TiersDecl {
            levels: Vec::new(),
            settings: Vec::new(),
            span: sp,
        };
        for p in children(pair) {
            let sp = span(&p);
            match p.as_rule() {
                Rule::tier_level => {
                    let mut name = None;
                    let mut requirement = None;
                    for c in children(p) {
                        match c.as_rule() {
                            Rule::ident => name = Some(ident(&c)),
                            Rule::requirement => requirement = self.requirement(c),
                            _ => {}
                        }
                    }
                    if let Some(name) = name {
                        decl.levels.push(TierLevel { name, requirement });
                    }
                }
                Rule::qualify_stmt => {
                    if let Some(q) = children(p).find(|c| !super::build::is_keyword(c.as_rule())) {
                        let period = match q.as_rule() {
                            Rule::calendar_year => QualifyAst::CalendarYear,
                            Rule::membership_year => QualifyAst::MembershipYear,
                            Rule::cycle_year => {
                                let Some(md) = children(q).find(|c| c.as_rule() == Rule::month_day)
                                else {
                                    continue;
                                };
                                let (m, d) = md.as_str().split_once('-').unwrap_or_default();
                                QualifyAst::CycleYear {
                                    month: m.parse().unwrap_or(0),
                                    day: d.parse().unwrap_or(0),
                                    span: span(&md),
                                }
                            }
                            _ => match children(q).find(|c| c.as_rule() == Rule::number) {
                                Some(n) => QualifyAst::Months(self.num(&n)),
                                None => continue,
                            },
                        };
                        decl.settings.push(TierSetting::Qualify(period, sp));
                    }
                }
                Rule::keep_stmt => {
                    let next = children(p).any(|c| c.as_rule() == Rule::kw_next);
                    decl.settings.push(TierSetting::Keep { next, span: sp });
                }
                Rule::upgrade_stmt => {
                    let next_period = children(p).any(|c| c.as_rule() == Rule::kw_next);
                    decl.settings.push(TierSetting::Upgrade {
                        next_period,
                        span: sp,
                    });
                }
                Rule::downgrade_stmt => {
                    let kids: Vec<_> = children(p).collect();
                    let policy =
                        if let Some(level) = kids.iter().find(|c| c.as_rule() == Rule::ident) {
                            DowngradeAst::To(ident(level))
                        } else if kids.iter().any(|c| c.as_rule() == Rule::kw_one) {
                            DowngradeAst::OneLevel
                        } else {
                            DowngradeAst::Recompute
                        };
                    decl.settings.push(TierSetting::Downgrade(policy, sp));
                }
                Rule::grace_stmt => {
                    if let Some(n) = children(p).find(|c| c.as_rule() == Rule::number) {
                        let n = self.num(&n);
                        decl.settings.push(TierSetting::Grace(n, sp));
                    }
                }
                Rule::deduct_stmt => {
                    let mut amount = None;
                    let mut names = Vec::new();
                    for c in children(p) {
                        match c.as_rule() {
                            Rule::number => amount = Some(self.num(&c)),
                            Rule::ident => names.push(ident(&c)),
                            _ => {}
                        }
                    }
                    let mut names = names.into_iter();
                    if let (Some(amount), Some(counter), Some(level)) =
                        (amount, names.next(), names.next())
                    {
                        decl.settings.push(TierSetting::Deduct {
                            amount,
                            counter,
                            level,
                            span: sp,
                        });
                    }
                }
                Rule::floor_stmt => {
                    let mut level = None;
                    let mut requirement = None;
                    for c in children(p) {
                        match c.as_rule() {
                            Rule::ident => level = Some(ident(&c)),
                            Rule::requirement => requirement = self.requirement(c),
                            _ => {}
                        }
                    }
                    if let Some(level) = level {
                        decl.settings.push(TierSetting::Floor {
                            level,
                            requirement,
                            span: sp,
                        });
                    }
                }
                _ => {}
            }
        }
        decl
    }

    /// `PATH or PATH ...`, each path `PART and PART ...`.
    fn requirement(&mut self, pair: Pair<'_>) -> Option<Requirement> {
        let sp = span(&pair);
        let mut paths = Vec::new();
        for path in children(pair).filter(|c| c.as_rule() == Rule::req_path) {
            let mut parts = Vec::new();
            for part in children(path) {
                match part.as_rule() {
                    Rule::criterion => parts.push(ReqPart::One(self.criterion(part)?)),
                    Rule::req_any => {
                        let sp = span(&part);
                        let mut n = None;
                        let mut of = Vec::new();
                        for c in children(part) {
                            match c.as_rule() {
                                Rule::number => n = Some(self.num(&c)),
                                Rule::criterion => of.push(self.criterion(c)?),
                                _ => {}
                            }
                        }
                        parts.push(ReqPart::Any {
                            n: n?,
                            of,
                            span: sp,
                        });
                    }
                    _ => {}
                }
            }
            paths.push(parts);
        }
        Some(Requirement { paths, span: sp })
    }

    /// `25 nights`, `20000 USD spend`, `5000 lifetime growth`.
    fn criterion(&mut self, pair: Pair<'_>) -> Option<Criterion> {
        let sp = span(&pair);
        let mut amount = None;
        let mut currency = None;
        let mut lifetime = false;
        let mut name = None;
        for c in children(pair) {
            match c.as_rule() {
                Rule::number => amount = Some(self.num(&c)),
                Rule::money_lit => {
                    for m in children(c) {
                        match m.as_rule() {
                            Rule::number => amount = Some(self.num(&m)),
                            Rule::currency => currency = Some(ident(&m)),
                            _ => {}
                        }
                    }
                }
                Rule::kw_lifetime => lifetime = true,
                Rule::ident => name = Some(ident(&c)),
                _ => {}
            }
        }
        Some(Criterion {
            amount: amount?,
            currency,
            lifetime,
            name: name?,
            span: sp,
        })
    }
}
