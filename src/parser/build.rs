//! pest pairs to AST nodes. Spans are taken from pest once, here.

use std::str::FromStr;

use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::Rule;
use crate::ast::*;
use crate::codes::Code;
use crate::error::Diagnostic;
use crate::limits::{Limit, Limits};
use crate::span::Span;

pub(super) struct Builder<'a> {
    pub(super) src: &'a str,
    pub(super) limits: &'a Limits,
    pub(super) errors: Vec<Diagnostic>,
    rules: usize,
}

/// The meaningful children of a pair: punctuation is dropped.
pub(super) fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| {
        !matches!(
            p.as_rule(),
            Rule::lbrace
                | Rule::rbrace
                | Rule::lparen
                | Rule::rparen
                | Rule::lbracket
                | Rule::rbracket
                | Rule::comma
        )
    })
}

pub(super) fn span(pair: &Pair<'_, Rule>) -> Span {
    Span::from_pest(pair.as_span())
}

/// The span from a pair's start to the end of its last token, so that it
/// never covers trailing whitespace or comments: every span that is quoted
/// in explanations (awards, caps) is taken this way.
/// Only tokens count: pest lets a non-atomic pair end after whitespace it
/// skipped before a repetition that matched nothing.
pub(super) fn tight_span(pair: &Pair<'_, Rule>) -> Span {
    let start = pair.as_span().start();
    let end = pair
        .clone()
        .into_inner()
        .flatten()
        .filter(|p| p.as_rule() == Rule::string || p.clone().into_inner().next().is_none())
        .map(|p| p.as_span().end())
        .max()
        .unwrap_or_else(|| pair.as_span().end());
    Span::new(start, end)
}

fn is_keyword(rule: Rule) -> bool {
    format!("{rule:?}").starts_with("kw_")
}

impl<'a> Builder<'a> {
    pub(super) fn new(src: &'a str, limits: &'a Limits) -> Self {
        Builder {
            src,
            limits,
            errors: Vec::new(),
            rules: 0,
        }
    }

    pub(super) fn finish(self, ast: ProgramAst) -> Result<ProgramAst, Vec<Diagnostic>> {
        if self.errors.is_empty() {
            Ok(ast)
        } else {
            Err(self.errors)
        }
    }

    pub(super) fn error(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.errors
            .push(Diagnostic::error(self.src, span, message).with_code(code));
    }

    pub(super) fn limit_error(&mut self, span: Span, limit: Limit, message: String) {
        self.errors
            .push(Diagnostic::limit(self.src, span, limit, message));
    }

    pub(super) fn program(&mut self, file: Pair<'_, Rule>) -> ProgramAst {
        let mut items = Vec::new();
        for pair in file.into_inner() {
            let item = match pair.as_rule() {
                Rule::header => Item::Header(self.header(pair)),
                Rule::tiers_decl => {
                    let sp = span(&pair);
                    let names = children(pair)
                        .filter(|p| p.as_rule() == Rule::ident)
                        .map(|p| ident(&p))
                        .collect();
                    Item::Tiers(names, sp)
                }
                Rule::attribute_decl => {
                    let mut it = children(pair).filter(|p| !is_keyword(p.as_rule()));
                    let (Some(path), Some(ty)) = (it.next(), it.next()) else {
                        continue;
                    };
                    Item::Attribute(AttributeDecl {
                        path: ident(&path),
                        ty: type_of(ty.as_str()),
                    })
                }
                Rule::counter_decl => match children(pair).find(|p| p.as_rule() == Rule::ident) {
                    Some(name) => Item::Counter(ident(&name)),
                    None => continue,
                },
                Rule::count_rule => match self.count_rule(pair) {
                    Some(c) => Item::Count(c),
                    None => continue,
                },
                Rule::earn_rule => Item::Earn(self.earn_rule(pair)),
                Rule::tier_block => Item::TierBlock(self.tier_block(pair)),
                Rule::campaign => Item::Campaign(self.campaign(pair)),
                Rule::program_cap => Item::Cap(self.program_cap(pair)),
                _ => continue,
            };
            items.push(item);
        }
        ProgramAst { items }
    }

    fn header(&mut self, pair: Pair<'_, Rule>) -> Header {
        let sp = span(&pair);
        let mut name = Ident {
            name: String::new(),
            span: sp,
        };
        let mut settings = Vec::new();
        for p in children(pair) {
            match p.as_rule() {
                Rule::string => name = self.string(p),
                Rule::currency_decl => {
                    if let Some(c) = children(p).find(|c| c.as_rule() == Rule::currency) {
                        settings.push(Setting::Currency(ident(&c)));
                    }
                }
                Rule::timezone_decl => {
                    if let Some(s) = children(p).find(|c| c.as_rule() == Rule::string) {
                        settings.push(Setting::Timezone(self.string(s)));
                    }
                }
                Rule::rounding_decl => {
                    let sp = span(&p);
                    let (mode, granularity) = self.rounding(p);
                    settings.push(Setting::Rounding {
                        mode,
                        granularity,
                        span: sp,
                    });
                }
                Rule::precision_decl => {
                    if let Some(n) = children(p).find(|c| c.as_rule() == Rule::integer) {
                        settings.push(Setting::Precision(self.num(&n)));
                    }
                }
                Rule::balance_decl => {
                    let sp = span(&p);
                    let mut bname = None;
                    let mut qualifying = false;
                    let mut precision = None;
                    for c in children(p) {
                        match c.as_rule() {
                            Rule::ident => bname = Some(ident(&c)),
                            Rule::balance_kind => qualifying = c.as_str() == "qualifying",
                            Rule::integer => precision = Some(self.num(&c)),
                            _ => {}
                        }
                    }
                    if let Some(name) = bname {
                        settings.push(Setting::Balance {
                            name,
                            qualifying,
                            precision,
                            span: sp,
                        });
                    }
                }
                _ => {}
            }
        }
        Header {
            name,
            settings,
            span: sp,
        }
    }

    fn rounding(&mut self, pair: Pair<'_, Rule>) -> (RoundingMode, Option<(Granularity, Span)>) {
        let mut mode = RoundingMode::Floor;
        let mut granularity = None;
        for c in children(pair) {
            match c.as_rule() {
                Rule::rounding_mode => mode = rounding_mode(&c),
                Rule::granularity => granularity = Some((granularity_of(&c), span(&c))),
                _ => {}
            }
        }
        (mode, granularity)
    }

    pub(super) fn earn_rule(&mut self, pair: Pair<'_, Rule>) -> EarnRule {
        self.rules += 1;
        let sp = span(&pair);
        if self.rules == self.limits.max_rules + 1 {
            self.limit_error(
                sp,
                Limit::Rules,
                format!("the program has more than {} rules", self.limits.max_rules),
            );
        }
        let mut rule = EarnRule {
            name: Ident {
                name: String::new(),
                span: sp,
            },
            event: EventKindAst::Builtin(Ident {
                name: "purchase".into(),
                span: sp,
            }),
            per_line: false,
            condition: None,
            body: Vec::new(),
            span: sp,
        };
        for p in children(pair) {
            match p.as_rule() {
                Rule::string => rule.name = self.string(p),
                Rule::event_kind => rule.event = self.event_kind(p, sp),
                Rule::for_each_line => rule.per_line = true,
                Rule::condition => rule.condition = self.condition(p),
                Rule::award => {
                    let a = self.award(p);
                    rule.body.push(RuleStmt::Award(a));
                }
                Rule::round_stmt => {
                    let sp = span(&p);
                    let (mode, granularity) = self.rounding(p);
                    rule.body.push(RuleStmt::Round {
                        mode,
                        granularity,
                        span: sp,
                    });
                }
                Rule::rule_cap => {
                    let sp = tight_span(&p);
                    let mut limit = None;
                    let mut scope = CapScope::Transaction;
                    for c in children(p) {
                        match c.as_rule() {
                            Rule::number => limit = Some(self.num(&c)),
                            Rule::kw_line => scope = CapScope::Line,
                            Rule::member_scope => scope = self.member_scope(c),
                            _ => {}
                        }
                    }
                    if let Some(limit) = limit {
                        rule.body.push(RuleStmt::Cap {
                            limit,
                            scope,
                            span: sp,
                        });
                    }
                }
                Rule::limit_stmt => {
                    let sp = tight_span(&p);
                    if let Some(stmt) = self.limit_stmt(p, sp) {
                        rule.body.push(stmt);
                    }
                }
                Rule::badge_stmt => {
                    if let Some(s) = children(p).find(|c| c.as_rule() == Rule::string) {
                        let name = self.string(s);
                        rule.body.push(RuleStmt::Badge(name));
                    }
                }
                Rule::priority_stmt => {
                    if let Some(n) = children(p).find(|c| c.as_rule() == Rule::integer) {
                        rule.body.push(RuleStmt::Priority(self.num(&n)));
                    }
                }
                Rule::group_stmt => {
                    let mut name = None;
                    let mut balance = None;
                    for c in children(p) {
                        match c.as_rule() {
                            Rule::string => name = Some(self.string(c)),
                            Rule::ident => balance = Some(ident(&c)),
                            _ => {}
                        }
                    }
                    if let Some(name) = name {
                        rule.body.push(RuleStmt::Group(name, balance));
                    }
                }
                Rule::stop_stmt => rule.body.push(RuleStmt::Stop(span(&p))),
                _ => {}
            }
        }
        rule
    }

    /// `purchase`, `review`, `event "NAME"`.
    pub(super) fn event_kind(&mut self, pair: Pair<'_, Rule>, sp: Span) -> EventKindAst {
        match children(pair).next() {
            Some(k) if k.as_rule() == Rule::custom_kind => {
                let s = children(k).find(|c| c.as_rule() == Rule::string);
                EventKindAst::Custom(s.map_or(
                    Ident {
                        name: String::new(),
                        span: sp,
                    },
                    |s| self.string(s),
                ))
            }
            Some(k) => EventKindAst::Builtin(ident(&k)),
            None => EventKindAst::Builtin(Ident {
                name: "purchase".into(),
                span: sp,
            }),
        }
    }

    pub(super) fn condition(&mut self, pair: Pair<'_, Rule>) -> Option<Expr> {
        let e = children(pair).find(|c| c.as_rule() == Rule::expr)?;
        self.expr(e)
    }

    pub(super) fn award(&mut self, pair: Pair<'_, Rule>) -> AwardAst {
        let sp = tight_span(&pair);
        let mut spec = AmountSpec::Flat {
            n: Num {
                value: Decimal::ZERO,
                span: sp,
            },
        };
        let mut targets = Vec::new();
        for p in children(pair) {
            match p.as_rule() {
                Rule::award_target => {
                    if let Some(i) = children(p).find(|c| c.as_rule() == Rule::ident) {
                        targets.push(ident(&i));
                    }
                }
                Rule::kw_award => {}
                _ => {
                    if let Some(s) = self.amount_spec(p, sp) {
                        spec = s;
                    }
                }
            }
        }
        AwardAst {
            spec,
            targets,
            span: sp,
        }
    }

    fn amount_spec(&mut self, pair: Pair<'_, Rule>, sp: Span) -> Option<AmountSpec> {
        let kind = pair.as_rule();
        let mut n = None;
        let mut unit = None;
        let mut base = None;
        let mut by = Vec::new();
        let mut count = None;
        for c in children(pair) {
            match c.as_rule() {
                Rule::rule_targets => {
                    by = children(c)
                        .filter(|s| s.as_rule() == Rule::string)
                        .map(|s| self.string(s))
                        .collect();
                }
                Rule::number if n.is_some() => count = Some(self.num(&c)),
                Rule::number => n = Some(self.num(&c)),
                Rule::percent_lit => {
                    let num = children(c).next()?;
                    n = Some(self.num(&num));
                }
                Rule::money_unit => unit = Some(self.money_unit(c)),
                Rule::expr => base = self.expr(c),
                _ => {}
            }
        }
        let n = n.unwrap_or(Num {
            value: Decimal::ZERO,
            span: sp,
        });
        Some(match kind {
            Rule::step_rate => AmountSpec::Step {
                n,
                unit: unit?,
                base: base?,
            },
            Rule::quantity_step => AmountSpec::QuantityStep {
                n,
                unit: count?,
                base: base?,
            },
            Rule::money_rate => AmountSpec::Rate {
                n,
                unit: unit?,
                base: base?,
            },
            Rule::quantity_rate => AmountSpec::Quantity { n, per: base? },
            Rule::percent_of_earned => AmountSpec::PercentEarned { pct: n, by },
            Rule::percent_of => AmountSpec::Percent {
                pct: n,
                base: base?,
            },
            Rule::flat => AmountSpec::Flat { n },
            _ => return None,
        })
    }

    fn money_unit(&mut self, pair: Pair<'_, Rule>) -> MoneyUnit {
        let sp = span(&pair);
        let inner = children(pair).next();
        match inner {
            Some(p) if p.as_rule() == Rule::money_lit => {
                let mut amount = Num {
                    value: Decimal::ONE,
                    span: sp,
                };
                let mut currency = Ident {
                    name: String::new(),
                    span: sp,
                };
                for c in children(p) {
                    match c.as_rule() {
                        Rule::number => amount = self.num(&c),
                        Rule::currency => currency = ident(&c),
                        _ => {}
                    }
                }
                MoneyUnit { amount, currency }
            }
            Some(p) => MoneyUnit {
                amount: Num {
                    value: Decimal::ONE,
                    span: span(&p),
                },
                currency: ident(&p),
            },
            None => MoneyUnit {
                amount: Num {
                    value: Decimal::ONE,
                    span: sp,
                },
                currency: Ident {
                    name: String::new(),
                    span: sp,
                },
            },
        }
    }

    fn tier_block(&mut self, pair: Pair<'_, Rule>) -> TierBlock {
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

    fn multiply(&mut self, pair: Pair<'_, Rule>) -> MultiplyAst {
        let sp = span(&pair);
        let mut m = MultiplyAst {
            targets: Targets {
                include: TargetSet::All,
                except: Vec::new(),
            },
            factor: Num {
                value: Decimal::ONE,
                span: sp,
            },
            then_round: None,
            span: sp,
        };
        for c in children(pair) {
            match c.as_rule() {
                Rule::targets => m.targets = self.targets(c),
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

    fn targets(&mut self, pair: Pair<'_, Rule>) -> Targets {
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

    fn target_set(&mut self, pair: Pair<'_, Rule>) -> TargetSet {
        let is_category = pair.as_rule() == Rule::category_targets;
        let names: Vec<Ident> = children(pair)
            .filter(|c| c.as_rule() == Rule::string)
            .map(|c| self.string(c))
            .collect();
        if is_category {
            TargetSet::Categories(names)
        } else {
            TargetSet::Rules(names)
        }
    }

    fn campaign(&mut self, pair: Pair<'_, Rule>) -> Campaign {
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
                Rule::earn_rule => {
                    let r = self.earn_rule(p);
                    c.body.push(CampaignStmt::Earn(r));
                }
                _ => {}
            }
        }
        c
    }

    fn program_cap(&mut self, pair: Pair<'_, Rule>) -> ProgramCap {
        let sp = tight_span(&pair);
        let mut cap = ProgramCap {
            limit: Num {
                value: Decimal::ZERO,
                span: sp,
            },
            balance: None,
            span: sp,
        };
        for c in children(pair) {
            match c.as_rule() {
                Rule::number => cap.limit = self.num(&c),
                Rule::ident => cap.balance = Some(ident(&c)),
                _ => {}
            }
        }
        cap
    }

    /// A number literal, exactly; too many digits is an error at its place.
    pub(super) fn num(&mut self, pair: &Pair<'_, Rule>) -> Num {
        let sp = span(pair);
        let text = pair.as_str();
        if text.len() > self.limits.max_number_len {
            let shown: String = text.chars().take(24).collect();
            self.limit_error(
                sp,
                Limit::NumberLen,
                format!(
                    "the number `{shown}…` is {} characters long; the limit is {}",
                    text.len(),
                    self.limits.max_number_len
                ),
            );
            return Num {
                value: Decimal::ZERO,
                span: sp,
            };
        }
        match Decimal::from_str_exact(text) {
            Ok(value) => Num { value, span: sp },
            Err(_) => {
                let shown: String = text.chars().take(24).collect();
                let ellipsis = if text.chars().count() > 24 { "…" } else { "" };
                self.error(Code::InexactNumber,
                    sp,
                    format!(
                        "the number `{shown}{ellipsis}` cannot be represented exactly: numbers have at most 28 significant digits"
                    ),
                );
                Num {
                    value: Decimal::ZERO,
                    span: sp,
                }
            }
        }
    }

    pub(super) fn string(&mut self, pair: Pair<'_, Rule>) -> Ident {
        let sp = span(&pair);
        let body = children(pair).next().map_or("", |b| b.as_str());
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        Ident {
            name: out,
            span: sp,
        }
    }
}

pub(super) fn ident(pair: &Pair<'_, Rule>) -> Ident {
    Ident {
        name: pair.as_str().trim().to_string(),
        span: span(pair),
    }
}

/// A rounding mode keyword; the grammar admits only the five words.
fn rounding_mode(pair: &Pair<'_, Rule>) -> RoundingMode {
    RoundingMode::from_keyword(pair.as_str()).unwrap_or(RoundingMode::Floor)
}

/// An attribute type keyword; the grammar admits only these words.
fn type_of(word: &str) -> Type {
    match word {
        "bool" => Type::Bool,
        "number" => Type::Number,
        "money" => Type::Money,
        "date" => Type::Date,
        _ => Type::Text,
    }
}

fn granularity_of(pair: &Pair<'_, Rule>) -> Granularity {
    let text = pair.as_str();
    if text.ends_with("line") {
        Granularity::Line
    } else if text.ends_with("transaction") {
        Granularity::Transaction
    } else {
        Granularity::Rule
    }
}

fn digits<T: FromStr + Default>(s: &str) -> T {
    s.parse().unwrap_or_default()
}

pub(super) fn date_lit(pair: &Pair<'_, Rule>) -> DateLit {
    let text = pair.as_str();
    let mut parts = text.split('-');
    DateLit {
        year: digits(parts.next().unwrap_or("")),
        month: digits(parts.next().unwrap_or("")),
        day: digits(parts.next().unwrap_or("")),
        span: span(pair),
    }
}

pub(super) fn time_lit(pair: &Pair<'_, Rule>) -> TimeLit {
    let text = pair.as_str();
    let mut parts = text.split(':');
    TimeLit {
        hour: digits(parts.next().unwrap_or("")),
        minute: digits(parts.next().unwrap_or("")),
        span: span(pair),
    }
}
