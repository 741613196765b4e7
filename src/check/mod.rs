//! The checker: every name resolved, every type and currency checked, and
//! warnings found, before anything is evaluated. Its output is the compiled
//! plan; errors come back several at once, in source order.

mod awards;
mod burn;
mod calls;
mod campaigns;
mod counted_first;
mod declarations;
mod defaults;
mod expr;
mod expr_help;
mod history;
mod ledger;
mod literals;
mod names;
mod requirements;
mod rule_caps;
mod rules;
mod segments;
mod suggest;
mod targets;
mod tier_order;
mod tiers;
mod units;
mod warn;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::ast::{self, ProgramAst};
use crate::codes::Code;
use crate::error::{listed, CompileError, Diagnostic, Severity};
use crate::plan::build::{Checked, RuleRecord};
use crate::plan::{self, AttrDef, BalanceDef, Plan};
use crate::rounding::{Granularity, RoundingMode};
use crate::span::Span;
use crate::types::Type;
pub(crate) use declarations::zone_word;
pub(crate) use suggest::{did_you_mean, weekday_abbreviated};

pub(crate) use expr::{Counters, ExprScope};

/// The name of the balance every program has.
pub(crate) const DEFAULT_BALANCE: &str = "points";
const MAX_PRECISION: u32 = 10;

pub(crate) struct Checker<'a> {
    src: &'a str,
    /// The names of the rules some tier overrides (`tier gold { override
    /// "Bonus" { ... } }`).
    overridden: std::collections::BTreeSet<String>,
    /// Where each line of the source starts, found when a message first
    /// names a line.
    line_starts: std::cell::OnceCell<Vec<usize>>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    pub(crate) currency: String,
    /// The currency's minor units (decimal places), from ISO 4217.
    pub(crate) currency_places: Option<u32>,
    rounding: RoundingMode,
    granularity: Granularity,
    tiers: names::Names,
    balances: Vec<BalanceDef>,
    /// Each balance's place in `balances`, by its name.
    balance_by_name: BTreeMap<String, usize>,
    attributes: Vec<AttrDef>,
    /// Each attribute's place in `attributes`, by its path.
    attribute_index: BTreeMap<String, usize>,
    /// Rule name to index in `rules`, with the span of its declaration.
    rule_index: BTreeMap<String, (usize, Span)>,
    /// One record per rule, in declaration order.
    rules: Vec<RuleRecord>,
    /// The balance that decides each group's best rule, and the rule that
    /// named it (the default, `points`, when none does).
    group_balances: BTreeMap<String, (usize, String)>,
    /// Each group's first `group` statement, in declaration order.
    group_spans: Vec<(String, Span)>,
    /// Each group's rules, by index in `rules`.
    group_rules: BTreeMap<String, Vec<usize>>,
    /// The rule whose awards are being checked (a rule, or an override's).
    current_rule: usize,
    /// Each `% of earned by` list: the rule that has it, and the named
    /// rules with where they are named (checked against the order).
    earned_by: Vec<(usize, Vec<(usize, Span)>)>,
    /// Campaigns' exclusive groups by name; a campaign holds the index.
    exclusive_groups: BTreeMap<String, warn::ExclusiveGroup>,
    /// Declared counters, in declaration order.
    counters: names::Names,
    /// The program's first rounding step (`rounding MODE to N then ...`).
    first_round: Option<(RoundingMode, u32)>,
    /// Declared tenders (`tender NAME`), in declaration order.
    tenders: names::Names,
    /// What each counter holds (numbers or money), from its `count` rules.
    counter_types: Vec<Option<Type>>,
    /// Counters refused where they are declared (a balance's name): not
    /// reported again where they are read or counted.
    refused_counters: Vec<String>,
    /// The longest period read so far, in days before the event.
    keep_days: u32,
    /// Balances a tier threshold reads, kept by day in the state.
    tracked_balances: Vec<usize>,
    /// How tier and campaign multipliers combine.
    combine: crate::keywords::Combine,
    /// Declared segments, in declaration order.
    segments: names::Names,
    /// Names in campaigns' `discount` statements, checked against the burn
    /// rules and rewards once they are known.
    discount_names: Vec<ast::Ident>,
    /// `count` rules that surely count every event of their kind.
    /// By counter.
    counted_first: BTreeMap<usize, Vec<counted_first::CountedFirst>>,
    /// Each segment's checked condition, for the rules that ask for it.
    segment_conditions: BTreeMap<String, plan::Expr>,
    /// How many `sum(...)` the program has so far: each one's number, by
    /// which an evaluation keeps what it came to.
    line_sums: u32,
    /// Each multiplier `in BALANCE`, checked against what its rules award
    /// once every tier override is known.
    reach_checks: Vec<targets::ReachCheck>,
    /// The multipliers put on rules so far, against their limit.
    multipliers: targets::MultiplierCount,
    /// By rule, its caps, checked against its awards and its tiers'
    /// overrides' once they are known.
    rule_caps: BTreeMap<usize, Vec<rule_caps::RuleCap>>,
    /// What is left of the work "did you mean" may spend
    /// ([`suggest::SUGGEST_BUDGET`]).
    suggest_budget: std::cell::Cell<u64>,
}

/// The names of the rules some tier's block overrides.
fn overridden_rules(ast: &ProgramAst) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    for item in &ast.items {
        if let crate::ast::Item::TierBlock(block) = item {
            for benefit in &block.benefits {
                if let crate::ast::Benefit::Override { rule, .. } = benefit {
                    names.insert(rule.name.clone());
                }
            }
        }
    }
    names
}

/// Checks a parsed program and compiles it to a plan.
pub(crate) fn check(
    src: &str,
    ast: &ProgramAst,
    hash: String,
    limits: &crate::limits::Limits,
) -> Result<(Plan, Vec<Diagnostic>), CompileError> {
    let mut c = Checker {
        src,
        multipliers: targets::MultiplierCount::new(limits.max_multipliers),
        rule_caps: BTreeMap::new(),
        suggest_budget: std::cell::Cell::new(suggest::SUGGEST_BUDGET),
        errors: Vec::new(),
        warnings: Vec::new(),
        currency: String::new(),
        currency_places: None,
        rounding: RoundingMode::Floor,
        granularity: Granularity::Rule,
        tiers: names::Names::default(),
        balances: Vec::new(),
        balance_by_name: BTreeMap::new(),
        attributes: Vec::new(),
        attribute_index: BTreeMap::new(),
        rule_index: BTreeMap::new(),
        rules: Vec::new(),
        group_balances: BTreeMap::new(),
        group_spans: Vec::new(),
        group_rules: BTreeMap::new(),
        current_rule: 0,
        earned_by: Vec::new(),
        exclusive_groups: BTreeMap::new(),
        counters: names::Names::default(),
        tenders: names::Names::default(),
        first_round: None,
        counter_types: Vec::new(),
        refused_counters: Vec::new(),
        keep_days: 0,
        tracked_balances: Vec::new(),
        combine: crate::keywords::Combine::Compound,
        segments: names::Names::default(),
        discount_names: Vec::new(),
        counted_first: BTreeMap::new(),
        segment_conditions: BTreeMap::new(),
        line_sums: 0,
        reach_checks: Vec::new(),
        overridden: overridden_rules(ast),
        line_starts: std::cell::OnceCell::new(),
    };
    c.warnings.extend(ast.warnings.iter().cloned());
    let (name, timezone) = c.header(ast);
    c.declarations(ast);
    let ledgers = c.ledgers(ast);
    let returns = c.returns(ast);
    c.counter_declarations(ast);
    let counts = c.count_rules(ast);
    c.note_counted_first(&counts);
    c.segment_names(ast);
    let segments = c.segment_plans(ast);
    let (burns, rewards) = c.burns(ast);
    let campaigns = c.campaigns_and_rules(ast);
    let catalog: std::collections::BTreeSet<&str> = burns
        .iter()
        .chain(&rewards)
        .map(|b| b.name.as_str())
        .collect();
    for name in std::mem::take(&mut c.discount_names) {
        if !catalog.contains(name.name.as_str()) {
            let help = c
                .suggest(
                    &name.name,
                    burns.iter().chain(&rewards).map(|b| b.name.as_str()),
                )
                .map(|s| format!("did you mean \"{s}\"?"));
            c.error_help(
                Code::UnknownRule,
                name.span,
                format!("no burn rule or reward is named \"{}\"", name.name),
                help,
            );
        } else if !burns.iter().any(|b| b.name == name.name)
            && rewards.iter().any(|r| r.automatic && r.name == name.name)
        {
            c.error(
                Code::InvalidValue,
                name.span,
                format!(
                    "reward \"{}\" is issued automatically, at its cost: a campaign cannot \
                     discount it",
                    name.name
                ),
            );
        }
    }
    let spent: Vec<usize> = burns.iter().chain(&rewards).map(|b| b.balance).collect();
    c.warn_unearned_balances(
        ast,
        returns.as_ref().and_then(|r| r.refund.map(|(_, _, b)| b)),
        &spent,
    );
    c.tier_blocks(ast);
    c.warn_unreached_balances();
    let tier = c.tier_plan(ast);
    let caps = c.program_caps(ast);
    c.warn_groups();
    c.warn_lone_exclusives();
    let sequences = plan::build::sequences(&c.rules, &c.group_by());
    c.earned_by_order(&sequences);
    let c_places = c.currency_places.unwrap_or(2);
    let Checker {
        errors,
        warnings,
        currency,
        rounding,
        balances,
        tiers,
        attributes,
        rules,
        counters,
        counter_types,
        keep_days,
        group_balances,
        tenders,
        tracked_balances,
        combine,
        ..
    } = c;
    let errors = listed(src, errors);
    let warnings = listed(src, warnings);
    if !errors.is_empty() {
        return Err(CompileError { errors, warnings });
    }
    let plan = plan::build::build(Checked {
        name,
        hash,
        currency,
        currency_places: c_places,
        timezone,
        rounding,
        balances,
        tiers: tiers.into_vec(),
        attributes,
        rules,
        group_balances: group_balances
            .into_iter()
            .map(|(g, (b, _))| (g, b))
            .collect(),
        campaigns,
        caps,
        counters: counters.into_vec(),
        money_counters: counter_types
            .iter()
            .map(|t| *t == Some(crate::types::Type::Money))
            .collect(),
        counts,
        // A return reads the member's history as of its purchase's day,
        // up to its window before the latest event.
        keep_days: match returns {
            Some(r) => keep_days.saturating_add(r.within_days),
            None => keep_days,
        },
        tenders: tenders.into_vec(),
        tier,
        tracked_balances,
        combine,
        segments,
        ledgers,
        burns,
        rewards,
        returns,
    });
    Ok((plan, warnings))
}

impl<'a> Checker<'a> {
    pub(crate) fn error(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.error_help(code, span, message, None);
    }

    pub(crate) fn error_help(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.errors.push(
            Diagnostic::pending(Severity::Error, span, message)
                .with_code(code)
                .with_help(help),
        );
    }

    /// The 1-based line of byte `pos` of the source (the lines are found
    /// once: a program naming thousands stays linear).
    pub(crate) fn line_of(&self, pos: usize) -> usize {
        let starts = self.line_starts.get_or_init(|| {
            let breaks = self.src.match_indices('\n').map(|(i, _)| i + 1);
            std::iter::once(0).chain(breaks).collect()
        });
        starts.partition_point(|s| *s <= pos)
    }

    /// Source text as the author wrote it, whitespace collapsed, for explanations.
    pub(crate) fn quote(&self, span: Span) -> String {
        span.quote(self.src)
    }

    pub(crate) fn warning(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.warning_help(code, span, message, None);
    }

    pub(crate) fn warning_help(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.warnings.push(
            Diagnostic::pending(Severity::Warning, span, message)
                .with_code(code)
                .with_help(help),
        );
    }

    fn balance_index(&mut self, name: &ast::Ident) -> Option<usize> {
        if let Some(&i) = self.balance_by_name.get(&name.name) {
            return Some(i);
        }
        let names: Vec<&str> = self.balances.iter().map(|b| b.name.as_str()).collect();
        let help = self
            .suggest(&name.name, names.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| {
                Some(format!(
                    "declare it in the header: `balance {} qualifying`",
                    name.name
                ))
            });
        self.error_help(
            Code::UnknownBalance,
            name.span,
            format!("unknown balance `{}`", name.name),
            help,
        );
        None
    }

    pub(crate) fn rule_by_name(&mut self, name: &ast::Ident, what: &str) -> Option<usize> {
        if let Some((i, _)) = self.rule_index.get(&name.name) {
            return Some(*i);
        }
        let help = self
            .suggest(&name.name, self.rule_index.keys().map(String::as_str))
            .map(|s| format!("did you mean \"{s}\"?"));
        self.error_help(
            Code::UnknownRule,
            name.span,
            format!(
                "{what} names the rule \"{}\", which does not exist",
                name.name
            ),
            help,
        );
        None
    }

    pub(crate) fn tier_by_name(&mut self, name: &ast::Ident) -> Option<u16> {
        if let Some(i) = self.tiers.position(&name.name) {
            return u16::try_from(i).ok();
        }
        let help = self
            .suggest(&name.name, self.tiers.iter().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| {
                Some(if self.tiers.is_empty() {
                    "declare the tiers first: `tiers { silver gold platinum }`".to_string()
                } else {
                    format!(
                        "the tiers are {}; add `{}` to `tiers {{ ... }}` to declare it",
                        suggest::listed(self.tiers.iter().map(String::as_str), str::to_string),
                        name.name
                    )
                })
            });
        self.error_help(
            Code::UnknownTier,
            name.span,
            format!("unknown tier `{}`", name.name),
            help,
        );
        None
    }

    /// Records the balance that decides a group's best rule; every rule of
    /// a group that names one must name the same.
    pub(crate) fn group_balance(&mut self, group: &ast::Ident, by: &ast::Ident, rule: &str) {
        let Some(balance) = self.balance_index(by) else {
            return;
        };
        match self.group_balances.get(&group.name) {
            Some((b, first)) if *b != balance => {
                let decided_by = self.balances.get(*b).map_or("", |x| x.name.as_str());
                let message = format!(
                    "group \"{}\" is decided by {decided_by} (as rule \"{first}\" says), not by {}",
                    group.name, by.name
                );
                self.error_help(
                    Code::GroupBalance,
                    by.span,
                    message,
                    Some("the rules of a group are compared on one balance".into()),
                );
            }
            Some(_) => {}
            None => {
                self.group_balances
                    .insert(group.name.clone(), (balance, rule.to_string()));
            }
        }
    }

    pub(crate) fn non_negative(&mut self, n: &ast::Num, what: &str) -> Decimal {
        if n.value.is_sign_negative() {
            self.error(
                Code::InvalidValue,
                n.span,
                format!("{what} cannot be negative"),
            );
        }
        n.value
    }

    /// The balance that decides each group, by group name.
    fn group_by(&self) -> BTreeMap<String, usize> {
        self.group_balances
            .iter()
            .map(|(g, (b, _))| (g.clone(), *b))
            .collect()
    }

    /// A `% of earned by` may name only rules that run before it, on the
    /// same kind of event: a later one would silently count as zero.
    fn earned_by_order(&mut self, sequences: &plan::build::Sequences) {
        let positions = sequences.positions(self.rules.len());
        let position = |i: usize| positions.get(i).copied().flatten();
        let name = |this: &Self, i: usize| {
            this.rules
                .get(i)
                .map_or(String::new(), |r| r.plan.name.to_string())
        };
        let checks = std::mem::take(&mut self.earned_by);
        for (user, named) in checks {
            let Some((kind, at)) = position(user) else {
                continue;
            };
            for (n, span) in named {
                match position(n) {
                    Some((k, p)) if k == kind && p < at => {}
                    Some((k, _)) if k == kind => {
                        let message = format!(
                            "\"{}\" runs after \"{}\", so it has earned nothing when \"{}\" runs",
                            name(self, n),
                            name(self, user),
                            name(self, user)
                        );
                        self.error_help(
                            Code::Order,
                            span,
                            message,
                            Some("declare it earlier, or give it a higher `priority`".into()),
                        );
                    }
                    _ => {
                        let kind_name = match self.rules.get(user).map(|r| &r.kind) {
                            Some(Ok(k)) => k.name().to_string(),
                            Some(Err(custom)) => format!("event \"{custom}\""),
                            None => String::new(),
                        };
                        let message = format!("\"{}\" is not a rule on {kind_name}", name(self, n));
                        self.error(Code::Order, span, message);
                    }
                }
            }
        }
    }
}
