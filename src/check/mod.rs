//! The checker: every name resolved, every type and currency checked, and
//! warnings found, before anything is evaluated. Its output is the compiled
//! plan; errors come back several at once, in source order.

mod expr;
mod history;
mod rules;
mod suggest;
mod targets;
mod warn;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::ast::{self, Item, ProgramAst, Setting};
use crate::codes::Code;
use crate::error::{CompileError, Diagnostic};
use crate::plan::build::{Checked, RuleRecord};
use crate::plan::{self, AttrDef, AttrOwner, BalanceDef, Plan};
use crate::rounding::{Granularity, RoundingMode};
use crate::span::Span;
use crate::types::{Type, FIELDS};
pub(crate) use suggest::did_you_mean;

pub(crate) use expr::ExprScope;

/// The name of the balance every program has.
pub(crate) const DEFAULT_BALANCE: &str = "points";
const MAX_PRECISION: u32 = 10;

pub(crate) struct Checker<'a> {
    src: &'a str,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    pub(crate) currency: String,
    /// The currency's minor units (decimal places), from ISO 4217.
    pub(crate) currency_places: Option<u32>,
    rounding: RoundingMode,
    granularity: Granularity,
    tiers: Vec<String>,
    balances: Vec<BalanceDef>,
    attributes: Vec<AttrDef>,
    /// Rule name to index in `rules`, with the span of its declaration.
    rule_index: BTreeMap<String, (usize, Span)>,
    /// One record per rule, in declaration order.
    rules: Vec<RuleRecord>,
    /// The balance that decides each group's best rule, and the rule that
    /// named it (the default, `points`, when none does).
    group_balances: BTreeMap<String, (usize, String)>,
    /// The rule whose awards are being checked (a rule, or an override's).
    current_rule: usize,
    /// Each `% of earned by` list: the rule that has it, and the named
    /// rules with where they are named (checked against the order).
    earned_by: Vec<(usize, Vec<(usize, Span)>)>,
    /// Names of campaigns' exclusive groups; a campaign holds an index.
    exclusive_groups: Vec<String>,
    /// Declared counters, in declaration order.
    counters: Vec<String>,
    /// What each counter holds (numbers or money), from its `count` rules.
    counter_types: Vec<Option<Type>>,
    /// The longest period read so far, in days before the event.
    keep_days: u32,
}

/// Checks a parsed program and compiles it to a plan.
pub(crate) fn check(
    src: &str,
    ast: &ProgramAst,
    hash: String,
) -> Result<(Plan, Vec<Diagnostic>), CompileError> {
    let mut c = Checker {
        src,
        errors: Vec::new(),
        warnings: Vec::new(),
        currency: String::new(),
        currency_places: None,
        rounding: RoundingMode::Floor,
        granularity: Granularity::Rule,
        tiers: Vec::new(),
        balances: Vec::new(),
        attributes: Vec::new(),
        rule_index: BTreeMap::new(),
        rules: Vec::new(),
        group_balances: BTreeMap::new(),
        current_rule: 0,
        earned_by: Vec::new(),
        exclusive_groups: Vec::new(),
        counters: Vec::new(),
        counter_types: Vec::new(),
        keep_days: 0,
    };
    let (name, timezone) = c.header(ast);
    c.declarations(ast);
    c.counter_declarations(ast);
    let counts = c.count_rules(ast);
    let campaigns = c.campaigns_and_rules(ast);
    c.tier_blocks(ast);
    let caps = c.program_caps(ast);
    let sequences = plan::build::sequences(&c.rules, &c.group_by());
    c.earned_by_order(&sequences);
    let Checker {
        mut errors,
        mut warnings,
        currency,
        rounding,
        balances,
        tiers,
        attributes,
        rules,
        counters,
        keep_days,
        group_balances,
        ..
    } = c;
    errors.sort_by_key(|d| (d.span.start, d.span.end));
    warnings.sort_by_key(|d| (d.span.start, d.span.end));
    if !errors.is_empty() {
        return Err(CompileError { errors, warnings });
    }
    let plan = plan::build::build(Checked {
        name,
        hash,
        currency,
        timezone,
        rounding,
        balances,
        tiers,
        attributes,
        rules,
        group_balances: group_balances
            .into_iter()
            .map(|(g, (b, _))| (g, b))
            .collect(),
        campaigns,
        caps,
        counters,
        counts,
        keep_days,
    });
    Ok((plan, warnings))
}

impl<'a> Checker<'a> {
    pub(crate) fn error(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.errors
            .push(Diagnostic::error(self.src, span, message).with_code(code));
    }

    pub(crate) fn error_help(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.errors.push(
            Diagnostic::error(self.src, span, message)
                .with_code(code)
                .with_help(help),
        );
    }

    /// Source text as the author wrote it, whitespace collapsed, for explanations.
    pub(crate) fn quote(&self, span: Span) -> String {
        let text = self.src.get(span.start..span.end).unwrap_or("");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    pub(crate) fn warning(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(self.src, span, message).with_code(code));
    }

    fn header(&mut self, ast: &ProgramAst) -> (String, chrono_tz::Tz) {
        let headers: Vec<&ast::Header> = ast
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Header(h) => Some(h),
                _ => None,
            })
            .collect();
        let mut timezone = chrono_tz::Tz::UTC;
        let Some(header) = headers.first() else {
            self.error_help(
                Code::Missing,
                Span::new(0, 0),
                "the program has no header",
                Some("start with `program \"My Rewards\" { currency USD }`".into()),
            );
            return (String::new(), timezone);
        };
        for extra in headers.iter().skip(1) {
            self.error(
                Code::Duplicate,
                extra.span,
                "a program has one `program` header; this is a second one",
            );
        }
        let mut precision: u32 = 0;
        let mut seen: BTreeMap<&'static str, Span> = BTreeMap::new();
        let mut declared_balances = Vec::new();
        for setting in &header.settings {
            let (key, span) = match setting {
                Setting::Currency(c) => ("currency", c.span),
                Setting::Timezone(t) => ("timezone", t.span),
                Setting::Rounding { span, .. } => ("rounding", *span),
                Setting::Precision(n) => ("precision", n.span),
                Setting::Balance { .. } => ("balance", Span::default()),
            };
            if key != "balance" {
                if seen.contains_key(key) {
                    self.error(
                        Code::Duplicate,
                        span,
                        format!("`{key}` is set twice in the program header"),
                    );
                    continue;
                }
                seen.insert(key, span);
            }
            match setting {
                Setting::Currency(c) => {
                    self.currency = c.name.clone();
                    self.currency_places = self.iso_currency(c);
                }
                Setting::Timezone(t) => match t.name.parse::<chrono_tz::Tz>() {
                    Ok(tz) => timezone = tz,
                    Err(_) => {
                        let help = did_you_mean(&t.name, chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()))
                            .map(|s| format!("did you mean \"{s}\"?"))
                            .or_else(|| Some("use an IANA time zone name such as \"America/New_York\" or \"UTC\"".into()));
                        self.error_help(
                            Code::UnknownTimeZone,
                            t.span,
                            format!("unknown time zone \"{}\"", t.name),
                            help,
                        );
                    }
                },
                Setting::Rounding {
                    mode, granularity, ..
                } => {
                    self.rounding = *mode;
                    if let Some((g, _)) = granularity {
                        self.granularity = *g;
                    }
                }
                Setting::Precision(n) => precision = self.precision(n).unwrap_or(0),
                Setting::Balance {
                    name,
                    qualifying,
                    precision: p,
                    span,
                } => declared_balances.push((name, *qualifying, p, *span)),
            }
        }
        if self.currency.is_empty() {
            self.error_help(
                Code::Missing,
                header.span,
                "the program does not say its currency",
                Some("add `currency USD` (or your currency) inside the program block".into()),
            );
            self.currency = "???".into();
        }
        self.balances.push(BalanceDef {
            name: DEFAULT_BALANCE.into(),
            qualifying: false,
            precision,
        });
        for (name, qualifying, p, span) in declared_balances {
            let p = p
                .as_ref()
                .and_then(|n| self.precision(n))
                .unwrap_or(precision);
            if let Some(existing) = self.balances.iter_mut().find(|b| b.name == name.name) {
                if existing.name == DEFAULT_BALANCE && !qualifying {
                    existing.precision = p;
                    continue;
                }
                self.error(
                    Code::Duplicate,
                    span,
                    format!("the balance `{}` is declared twice", name.name),
                );
                continue;
            }
            self.balances.push(BalanceDef {
                name: name.name.clone(),
                qualifying,
                precision: p,
            });
        }
        (header.name.name.clone(), timezone)
    }

    fn precision(&mut self, n: &ast::Num) -> Option<u32> {
        let p = u32::try_from(n.value.mantissa())
            .ok()
            .filter(|p| *p <= MAX_PRECISION && n.value.scale() == 0);
        if p.is_none() {
            self.error(
                Code::InvalidValue,
                n.span,
                format!("precision is a number of decimal places, 0 to {MAX_PRECISION}"),
            );
        }
        p
    }

    /// Tiers and attribute declarations.
    fn declarations(&mut self, ast: &ProgramAst) {
        let mut tiers_seen = false;
        for item in &ast.items {
            match item {
                Item::Tiers(names, span) => {
                    if tiers_seen {
                        self.error(
                            Code::Duplicate,
                            *span,
                            "tiers are declared twice; declare them once, lowest first",
                        );
                        continue;
                    }
                    tiers_seen = true;
                    for n in names {
                        if self.tiers.contains(&n.name) {
                            self.error(
                                Code::Duplicate,
                                n.span,
                                format!("the tier `{}` is listed twice", n.name),
                            );
                        } else {
                            self.tiers.push(n.name.clone());
                        }
                    }
                }
                Item::Attribute(a) => self.attribute(a),
                _ => {}
            }
        }
    }

    fn attribute(&mut self, a: &ast::AttributeDecl) {
        let path = &a.path.name;
        let (owner, key) = match path.split_once('.') {
            Some(("member", k)) => (AttrOwner::Member, k),
            Some(("tx", k)) => (AttrOwner::Tx, k),
            Some(("event", k)) => (AttrOwner::Event, k),
            _ => {
                self.error(
                    Code::InvalidDeclaration,
                    a.path.span,
                    format!(
                        "an attribute belongs to `member`, `tx` or `event`, as in `member.{}`",
                        path.rsplit('.').next().unwrap_or(path)
                    ),
                );
                return;
            }
        };
        if key.contains('.') {
            self.error(
                Code::InvalidDeclaration,
                a.path.span,
                format!("an attribute name is one word, not `{key}`"),
            );
            return;
        }
        if FIELDS.iter().any(|(n, ..)| n == path) {
            self.error(
                Code::InvalidDeclaration,
                a.path.span,
                format!("`{path}` is a built-in field and cannot be declared again"),
            );
            return;
        }
        if self.attributes.iter().any(|x| &x.path == path) {
            self.error(
                Code::Duplicate,
                a.path.span,
                format!("the attribute `{path}` is declared twice"),
            );
            return;
        }
        let ty = a.ty;
        self.attributes.push(AttrDef {
            owner,
            key: key.to_string(),
            path: path.clone(),
            ty,
        });
    }

    fn balance_index(&mut self, name: &ast::Ident) -> Option<usize> {
        if let Some(i) = self.balances.iter().position(|b| b.name == name.name) {
            return Some(i);
        }
        let names: Vec<&str> = self.balances.iter().map(|b| b.name.as_str()).collect();
        let help = did_you_mean(&name.name, names.iter().copied())
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
        let help = did_you_mean(&name.name, self.rule_index.keys().map(String::as_str))
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
        if let Some(i) = self.tiers.iter().position(|t| *t == name.name) {
            return u16::try_from(i).ok();
        }
        let help = did_you_mean(&name.name, self.tiers.iter().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| {
                Some(if self.tiers.is_empty() {
                    "declare the tiers first: `tiers { silver gold platinum }`".to_string()
                } else {
                    format!(
                        "the tiers are {}; add `{}` to `tiers {{ ... }}` to declare it",
                        self.tiers.join(", "),
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
                .map_or(String::new(), |r| r.plan.name.clone())
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
