//! What multipliers touch: tier benefits and campaign multipliers resolved to
//! rules (and, for `for each line` rules, to line categories and tags; with
//! `in BALANCE`, to one balance's awards); program caps.

use std::collections::BTreeMap;

use super::{Checker, Counters, ExprScope};
use crate::ast::{Benefit, CampaignStmt, CapScope, Item, MultiplyAst, ProgramAst, TargetSet};
use crate::codes::Code;
use crate::kinds::Kind;
use crate::plan::{
    BalanceDef, CampaignMultiplier, CampaignPlan, CapPlan, ProgramCapPlan, Reach, Stacking,
    TierMultiplier,
};
use crate::span::Span;

/// A multiplier `in BALANCE`, checked once every tier override is known:
/// the rules it reaches award that balance, or it multiplies nothing.
pub(super) struct ReachCheck {
    rules: Vec<usize>,
    balance: usize,
    /// Whether the rules are named (else `all`, categories or tags).
    named: bool,
    what: String,
    span: Span,
}

/// The multipliers tiers and campaigns put on rules, counted against
/// [`Limits::max_multipliers`](crate::Limits::max_multipliers) before they
/// are built.
pub(super) struct MultiplierCount {
    count: usize,
    max: usize,
    /// Whether the limit was reported (once a program).
    over: bool,
}

impl MultiplierCount {
    pub(super) fn new(max: usize) -> Self {
        MultiplierCount {
            count: 0,
            max,
            over: false,
        }
    }
}

impl Checker<'_> {
    /// The rules a `multiply` statement touches, each with what of it the
    /// multiplier reaches (lines, a balance); none once the program's
    /// multipliers pass their limit.
    fn resolve(&mut self, m: &MultiplyAst, what: &str) -> Vec<(usize, std::sync::Arc<Reach>)> {
        if self.multipliers.over {
            return Vec::new();
        }
        let reached = self.reached(m, what);
        let count = &mut self.multipliers;
        count.count = count.count.saturating_add(reached.len());
        if count.count > count.max {
            count.over = true;
            let message = format!(
                "the program's multipliers reach more than {} rules (each rule a `multiply` reaches counts once)",
                count.max
            );
            self.errors.push(crate::error::Diagnostic::pending_limit(
                m.span,
                crate::limits::Limit::Multipliers,
                message,
            ));
            return Vec::new();
        }
        reached
    }

    /// See [`resolve`](Self::resolve).
    fn reached(&mut self, m: &MultiplyAst, what: &str) -> Vec<(usize, std::sync::Arc<Reach>)> {
        let mut filter = Reach::default();
        let mut rules: Vec<usize> = match &m.targets.include {
            TargetSet::All => (0..self.rules.len()).collect(),
            TargetSet::Rules(names) => {
                let mut rules = Vec::new();
                let mut named = std::collections::BTreeSet::new();
                for n in names {
                    let Some(i) = self.rule_by_name(n, what) else {
                        continue;
                    };
                    if !named.insert(i) {
                        self.warning(
                            Code::Suspicious,
                            n.span,
                            format!("\"{}\" is named twice here; it is multiplied once", n.name),
                        );
                        continue;
                    }
                    rules.push(i);
                }
                rules
            }
            TargetSet::Categories(_) | TargetSet::Tags(_) => {
                match &m.targets.include {
                    TargetSet::Tags(tags) => {
                        filter.only_tags = Some(tags.iter().map(|t| t.name.clone()).collect());
                    }
                    TargetSet::Categories(cats) => {
                        filter.only = Some(cats.iter().map(|c| c.name.clone()).collect());
                    }
                    _ => {}
                }
                let per_line: Vec<usize> = self
                    .rules
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.plan.per_line)
                    .map(|(i, _)| i)
                    .collect();
                if per_line.is_empty() {
                    self.warning(Code::Suspicious,
                        m.span,
                        "a category or tag can only be multiplied in rules `for each line`, and there are none",
                    );
                }
                per_line
            }
        };
        let mut excepted = std::collections::BTreeSet::new();
        for ex in &m.targets.except {
            match ex {
                TargetSet::Rules(names) => {
                    for n in names {
                        if let Some(i) = self.rule_by_name(n, what) {
                            excepted.insert(i);
                        }
                    }
                }
                TargetSet::Categories(cats) => {
                    filter.except.extend(cats.iter().map(|c| c.name.clone()))
                }
                TargetSet::Tags(tags) => filter
                    .except_tags
                    .extend(tags.iter().map(|t| t.name.clone())),
                TargetSet::All => rules.clear(),
            }
        }
        rules.retain(|r| !excepted.contains(r));
        let named = matches!(m.targets.include, TargetSet::Rules(_));
        match &m.balance {
            // `in BALANCE` says which balance is meant: tier credit is
            // multiplied only when it names it.
            Some(name) => {
                filter.balance = self.balance_index(name);
                if let Some(balance) = filter.balance {
                    self.reach_checks.push(ReachCheck {
                        rules: rules.clone(),
                        balance,
                        named,
                        what: what.to_string(),
                        span: m.span,
                    });
                }
            }
            None => {
                for &r in &rules {
                    self.warn_if_qualifying(r, m, what, named);
                }
            }
        }
        let reach = std::sync::Arc::new(filter.sorted());
        rules
            .into_iter()
            .map(|r| (r, std::sync::Arc::clone(&reach)))
            .collect()
    }

    /// A multiplier `in BALANCE` on rules that award none of it multiplies
    /// nothing: said for each rule named, or once for `all`, categories
    /// and tags, with the balances they do award.
    pub(super) fn warn_unreached_balances(&mut self) {
        for check in std::mem::take(&mut self.reach_checks) {
            let awards = |c: &Self, r: usize| -> Vec<usize> {
                let mut balances: Vec<usize> = c
                    .rules
                    .get(r)
                    .map(|r| r.plan.every_award().map(|a| a.balance).collect())
                    .unwrap_or_default();
                balances.sort_unstable();
                balances.dedup();
                balances
            };
            let name_of = |c: &Self, b: usize| {
                c.balances
                    .get(b)
                    .map_or_else(String::new, |b| b.name.to_string())
            };
            let balance = name_of(self, check.balance);
            let missed: Vec<usize> = check
                .rules
                .iter()
                .copied()
                .filter(|r| !awards(self, *r).contains(&check.balance))
                .collect();
            if check.named {
                for r in missed {
                    let rule = self.rules.get(r).map(|r| r.plan.name.to_string());
                    let others: Vec<String> = awards(self, r)
                        .into_iter()
                        .map(|b| name_of(self, b))
                        .collect();
                    let help = others.first().map(|first| {
                        format!("it awards `{}`: write `in {first}`", others.join("` and `"))
                    });
                    self.warning_help(
                        Code::Suspicious,
                        check.span,
                        format!(
                            "{} multiplies \"{}\" in `{balance}`, which it does not award: nothing is multiplied",
                            check.what,
                            rule.unwrap_or_default()
                        ),
                        help,
                    );
                }
            } else if !check.rules.is_empty() && missed.len() == check.rules.len() {
                self.warning(
                    Code::Suspicious,
                    check.span,
                    format!(
                        "{} multiplies awards in `{balance}`, and no rule it reaches awards it: nothing is multiplied",
                        check.what
                    ),
                );
            }
        }
    }

    /// `all` or a category reaches every rule, those that earn tier credit
    /// too, which points promotions almost never mean to multiply: said
    /// once per rule. A rule named (`named`) is multiplied as meant when it
    /// earns tier credit alone (a double-nights promotion); one that earns
    /// points and tier credit together is said, as naming it multiplies
    /// both.
    fn warn_if_qualifying(&mut self, rule: usize, m: &MultiplyAst, what: &str, named: bool) {
        let Some(r) = self.rules.get(rule).map(|r| &r.plan) else {
            return;
        };
        let earns: Vec<&BalanceDef> = r
            .awards
            .iter()
            .filter_map(|a| self.balances.get(a.balance))
            .collect();
        let Some(balance) = earns.iter().find(|b| b.qualifying) else {
            return;
        };
        let points_too = earns.iter().find(|b| !b.qualifying).map(|b| b.name.clone());
        if named && points_too.is_none() {
            return;
        }
        let message = format!(
            "{what} multiplies \"{rule}\", which earns the qualifying balance `{balance}`: \
             tier credit is multiplied too",
            rule = r.name,
            balance = balance.name,
        );
        // A rule that also earns another balance keeps that balance's
        // multiplier with `in` (excepting the rule would drop it).
        let help = match points_too {
            Some(points) => format!(
                "write `{}`, so that only `{points}` is multiplied",
                self.multiply_in(m, &points)
            ),
            None => format!("add `except \"{}\"`, or name the rules to multiply", r.name),
        };
        self.warning_help(Code::Suspicious, m.span, message, Some(help));
    }

    /// The `multiply` statement as written, with `in BALANCE` before its
    /// `by`.
    fn multiply_in(&self, m: &MultiplyAst, balance: &str) -> String {
        let head = Span::new(m.span.start, m.factor.span.start);
        let head = self.quote(head);
        let head = head.strip_suffix("by").unwrap_or(&head).trim_end();
        let tail = self.quote(Span::new(m.factor.span.start, m.span.end));
        format!("{head} in {balance} by {tail}")
    }

    fn factor(&mut self, m: &MultiplyAst) -> rust_decimal::Decimal {
        self.non_negative(&m.factor, "a multiplier")
    }

    pub(super) fn campaign_multipliers(&mut self, ast: &ProgramAst, campaigns: &[CampaignPlan]) {
        let mut ci = 0usize;
        for item in &ast.items {
            let Item::Campaign(c) = item else { continue };
            let what = format!("the campaign \"{}\"", c.name.name);
            for stmt in &c.body {
                let CampaignStmt::Multiply(m) = stmt else {
                    continue;
                };
                let factor = self.factor(m);
                if factor == rust_decimal::Decimal::ONE {
                    self.warning_help(
                        Code::Suspicious,
                        m.factor.span,
                        "multiplying by 1 changes nothing",
                        Some(format!(
                            "{what} gives what the rules give without it: multiply by more than 1 (2 doubles)"
                        )),
                    );
                }
                let then_round = m.then_round;
                let campaign = campaigns.get(ci);
                for (rule, reach) in self.resolve(m, &what) {
                    if let Some(r) = self.rules.get_mut(rule).map(|r| &mut r.plan) {
                        r.campaign_multipliers.push(CampaignMultiplier {
                            campaign: ci,
                            stacking: campaign.map_or(Stacking::Multiply, |c| c.stacking),
                            priority: campaign.map_or(0, |c| c.priority),
                            exclusive: campaign.and_then(|c| c.exclusive),
                            factor,
                            then_round,
                            reach,
                        });
                    }
                }
            }
            ci += 1;
        }
        // Highest priority first; the sort is stable, so declaration order breaks ties.
        for r in &mut self.rules {
            r.plan
                .campaign_multipliers
                .sort_by_key(|m| std::cmp::Reverse(m.priority));
        }
    }

    pub(super) fn tier_blocks(&mut self, ast: &ProgramAst) {
        for item in &ast.items {
            let Item::TierBlock(block) = item else {
                continue;
            };
            let Some(tier) = self.tier_by_name(&block.tier) else {
                continue;
            };
            let what = format!("the tier `{}`", block.tier.name);
            for benefit in &block.benefits {
                match benefit {
                    Benefit::Multiply(m) => {
                        let factor = self.factor(m);
                        let then_round = m.then_round;
                        for (rule, reach) in self.resolve(m, &what) {
                            if let Some(r) = self.rules.get_mut(rule).map(|r| &mut r.plan) {
                                r.tier_multipliers.push(TierMultiplier {
                                    tier,
                                    factor,
                                    then_round,
                                    reach,
                                });
                            }
                        }
                    }
                    Benefit::Override { rule, awards, span } => {
                        let Some(ri) = self.rule_by_name(rule, &format!("an override of {what}"))
                        else {
                            continue;
                        };
                        self.current_rule = ri;
                        let Some((per_line, kind)) = self
                            .rules
                            .get(ri)
                            .map(|r| (r.plan.per_line, r.kind.clone()))
                        else {
                            continue;
                        };
                        let scope = ExprScope {
                            purchase: kind == Ok(Kind::Purchase),
                            per_line,
                            referral: kind == Ok(Kind::Referral),
                            counters: Counters::Read,
                            place: "this override",
                        };
                        let mut lowered = Vec::new();
                        for a in awards {
                            if let Some(plan) = self.award(a, scope) {
                                self.warn_if_nothing(a, &plan);
                                lowered.push(plan);
                            }
                        }
                        if awards.is_empty() {
                            self.error(
                                Code::Missing,
                                *span,
                                "an override needs at least one `award`",
                            );
                        }
                        self.rule_caps_fit(ri, &lowered, "this override");
                        let Some(r) = self.rules.get_mut(ri).map(|r| &mut r.plan) else {
                            continue;
                        };
                        if r.tier_overrides.iter().any(|(t, _)| *t == tier) {
                            let name = r.name.clone();
                            self.error(
                                Code::Duplicate,
                                *span,
                                format!("{what} already overrides \"{name}\""),
                            );
                            continue;
                        }
                        r.tier_overrides.push((tier, lowered));
                    }
                }
            }
        }
    }

    pub(super) fn program_caps(&mut self, ast: &ProgramAst) -> Vec<ProgramCapPlan> {
        let mut caps = Vec::new();
        let mut spans = Vec::new();
        for item in &ast.items {
            let Item::Cap(cap) = item else { continue };
            // `cap 75000 miles per transaction`: the unit names the balance.
            let Some(balance) = self.named_or_unit(cap.balance.as_ref(), cap.unit.as_ref()) else {
                continue;
            };
            let limit = self.non_negative(&cap.limit, "a cap");
            let Some(def) = self.balances.get(balance) else {
                continue;
            };
            if limit.scale() > def.precision {
                let (name, precision) = (def.name.clone(), def.precision);
                self.error(Code::InvalidValue,
                    cap.limit.span,
                    format!("the balance `{name}` keeps {precision} decimal places, so a cap on it cannot have more"),
                );
            }
            // Per member: the balance is kept by day in the state, so that
            // what the period credited can be read.
            let member = match &cap.scope {
                CapScope::Member(Some(p)) => Some(self.period(p)),
                CapScope::Member(None) => Some(Some(crate::period::Period::Lifetime)),
                _ => None,
            };
            let member = match member {
                Some(None) => continue,
                Some(Some(period)) => {
                    if !self.tracked_balances.contains(&balance) {
                        self.tracked_balances.push(balance);
                    }
                    Some(period)
                }
                None => None,
            };
            caps.push(ProgramCapPlan {
                balance,
                cap: CapPlan {
                    limit,
                    text: self.quote(cap.span).into(),
                },
                member,
            });
            spans.push(cap.span);
        }
        self.least_caps(caps, &spans)
    }

    /// One cap per balance and scope: the least (the first of equal ones).
    /// Caps cut awards in order, each keeping what the ones before left,
    /// so that of caps on the same points only the least ever cuts; the
    /// others are warnings, and are not kept (a program of thousands of
    /// them cut every award with each).
    fn least_caps(&mut self, caps: Vec<ProgramCapPlan>, spans: &[Span]) -> Vec<ProgramCapPlan> {
        let mut least: BTreeMap<(usize, Option<crate::period::Period>), usize> = BTreeMap::new();
        for (i, c) in caps.iter().enumerate() {
            let slot = least.entry((c.balance, c.member)).or_insert(i);
            if caps.get(*slot).is_some_and(|l| c.cap.limit < l.cap.limit) {
                *slot = i;
            }
        }
        let limits: Vec<rust_decimal::Decimal> = caps.iter().map(|c| c.cap.limit).collect();
        let mut kept = Vec::new();
        for (i, (c, span)) in caps.into_iter().zip(spans).enumerate() {
            let lower = least
                .get(&(c.balance, c.member))
                .filter(|l| **l != i)
                .and_then(|l| Some((spans.get(*l)?, limits.get(*l)?)));
            match lower {
                Some((lower, limit)) => {
                    let lower = self.quote(*lower);
                    self.warning_help(
                        Code::Suspicious,
                        *span,
                        format!(
                            "this cap never cuts anything: `{lower}` already keeps the same points \
                             at {limit} or less"
                        ),
                        Some("keep one cap per balance and period: the least".into()),
                    );
                }
                None => kept.push(c),
            }
        }
        kept
    }
}
