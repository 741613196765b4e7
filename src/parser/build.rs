//! Syntax-tree pairs to AST nodes. Spans are taken from the tree once, here.

use std::str::FromStr;

use crate::parser::Pair;
use rust_decimal::Decimal;

use super::Rule;
use crate::ast::*;
use crate::codes::Code;
use crate::error::{listed, Diagnostic, Severity};
use crate::limits::{Limit, Limits};
use crate::span::Span;

pub(super) struct Builder<'a> {
    pub(super) src: &'a str,
    pub(super) limits: &'a Limits,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
    /// Whether the expression being built was warned of an `and` inside
    /// an `or` (once an expression).
    pub(super) and_in_or_said: bool,
    rules: usize,
}

/// The meaningful children of a pair: punctuation is dropped.
pub(super) fn children(pair: Pair<'_>) -> impl Iterator<Item = Pair<'_>> {
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

pub(super) fn span(pair: &Pair<'_>) -> Span {
    pair.trimmed_span()
}

/// The span from a pair's start to the end of its last token, so that it
/// never covers trailing whitespace or comments: every span that is quoted
/// in explanations (awards, caps) is taken this way.
/// Only tokens count: pest lets a non-atomic pair end after whitespace it
/// skipped before a repetition that matched nothing.
pub(super) fn tight_span(pair: &Pair<'_>) -> Span {
    let start = pair.as_span().start;
    let end = pair
        .descendants()
        .filter(|p| p.as_rule() == Rule::string || p.into_inner().next().is_none())
        .map(|p| p.as_span().end)
        .max()
        .unwrap_or_else(|| pair.as_span().end);
    Span::new(start, end)
}

pub(super) fn is_keyword(rule: Rule) -> bool {
    format!("{rule:?}").starts_with("kw_")
}

impl<'a> Builder<'a> {
    pub(super) fn new(src: &'a str, limits: &'a Limits) -> Self {
        Builder {
            src,
            limits,
            errors: Vec::new(),
            warnings: Vec::new(),
            and_in_or_said: false,
            rules: 0,
        }
    }

    pub(super) fn finish(self, ast: ProgramAst) -> Result<ProgramAst, Vec<Diagnostic>> {
        if self.errors.is_empty() {
            Ok(ast)
        } else {
            Err(listed(self.src, self.errors))
        }
    }

    pub(super) fn error(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.errors
            .push(Diagnostic::pending(Severity::Error, span, message).with_code(code));
    }

    pub(super) fn limit_error(&mut self, span: Span, limit: Limit, message: String) {
        self.errors
            .push(Diagnostic::pending_limit(span, limit, message));
    }

    pub(super) fn program(&mut self, file: Pair<'_>) -> ProgramAst {
        let mut items = Vec::new();
        for pair in file.into_inner() {
            let item = match pair.as_rule() {
                Rule::header => Item::Header(self.header(pair)),
                Rule::tiers_decl => Item::Tiers(self.tiers_decl(pair)),
                Rule::ledger_decl => match self.ledger_decl(pair) {
                    Some(d) => Item::Ledger(d),
                    None => continue,
                },
                Rule::attribute_decl => {
                    let mut it = children(pair).filter(|p| !is_keyword(p.as_rule()));
                    let (Some(path), Some(ty)) = (it.next(), it.next()) else {
                        continue;
                    };
                    let default = it.next().and_then(|e| self.expr(e));
                    Item::Attribute(AttributeDecl {
                        path: ident(&path),
                        ty: type_of(ty.as_str()),
                        default,
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
                Rule::segment_decl => {
                    let sp = span(&pair);
                    let mut name = None;
                    let mut condition = None;
                    for c in children(pair) {
                        match c.as_rule() {
                            Rule::ident => name = Some(ident(&c)),
                            Rule::expr => condition = self.expr(c),
                            _ => {}
                        }
                    }
                    match (name, condition) {
                        (Some(name), Some(condition)) => Item::Segment {
                            name,
                            condition,
                            span: sp,
                        },
                        _ => continue,
                    }
                }
                Rule::earn_rule => Item::Earn(self.earn_rule(pair)),
                Rule::returns_decl => {
                    let sp = span(&pair);
                    let mut within = Vec::new();
                    let mut negative = Vec::new();
                    let mut pro_rata = Vec::new();
                    let mut refund = Vec::new();
                    for c in children(pair) {
                        match c.as_rule() {
                            Rule::returns_within => {
                                if let Some(n) = children(c).find(|x| x.as_rule() == Rule::number) {
                                    within.push(self.num(&n));
                                }
                            }
                            Rule::returns_refund => {
                                let sp = span(&c);
                                let mut points = None;
                                let mut money = None;
                                let mut cur = None;
                                let mut to = None;
                                let unit = unit_of(&c);
                                for x in children(c) {
                                    match x.as_rule() {
                                        Rule::number => points = Some(self.num(&x)),
                                        Rule::money_lit => {
                                            for m in children(x) {
                                                match m.as_rule() {
                                                    Rule::number => money = Some(self.num(&m)),
                                                    Rule::currency => cur = Some(ident(&m)),
                                                    _ => {}
                                                }
                                            }
                                        }
                                        Rule::ident => to = Some(ident(&x)),
                                        _ => {}
                                    }
                                }
                                if let (Some(points), Some(money), Some(currency)) =
                                    (points, money, cur)
                                {
                                    refund.push(Refund {
                                        points,
                                        money,
                                        currency,
                                        to,
                                        unit,
                                        span: sp,
                                    });
                                }
                            }
                            Rule::returns_mode => {
                                let pro = children(c).any(|x| x.as_rule() == Rule::kw_pro);
                                pro_rata.push((pro, span(&c)));
                            }
                            Rule::returns_shortfall => {
                                let neg = children(c).any(|x| x.as_rule() == Rule::kw_negative);
                                negative.push((neg, span(&c)));
                            }
                            _ => {}
                        }
                    }
                    Item::Returns {
                        within,
                        negative,
                        pro_rata,
                        refund,
                        span: sp,
                    }
                }
                Rule::burn_rule => match self.burn_rule(pair) {
                    Some(b) => Item::Burn(b),
                    None => continue,
                },
                Rule::reward_decl => match self.reward_decl(pair) {
                    Some(r) => Item::Reward(r),
                    None => continue,
                },
                Rule::tier_block => Item::TierBlock(self.tier_block(pair)),
                Rule::campaign => Item::Campaign(self.campaign(pair)),
                Rule::program_cap => Item::Cap(self.program_cap(pair)),
                _ => continue,
            };
            items.push(item);
        }
        ProgramAst {
            items,
            warnings: std::mem::take(&mut self.warnings),
        }
    }

    pub(super) fn earn_rule(&mut self, pair: Pair<'_>) -> EarnRule {
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
                    let r = self.rounding(p);
                    rule.body.push(RuleStmt::Round {
                        mode: r.mode,
                        first: r.first,
                        granularity: r.granularity,
                        span: sp,
                    });
                }
                Rule::rule_cap => {
                    let sp = tight_span(&p);
                    let mut limit = None;
                    let mut scope = CapScope::Transaction;
                    let unit = unit_of(&p);
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
                            unit,
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
    pub(super) fn event_kind(&mut self, pair: Pair<'_>, sp: Span) -> EventKindAst {
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

    pub(super) fn condition(&mut self, pair: Pair<'_>) -> Option<Expr> {
        let e = children(pair).find(|c| c.as_rule() == Rule::expr)?;
        self.expr(e)
    }

    /// A number literal, exactly; too many digits is an error at its place.
    pub(super) fn num(&mut self, pair: &Pair<'_>) -> Num {
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

    pub(super) fn string(&mut self, pair: Pair<'_>) -> Ident {
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

/// The balance's name a statement writes as its unit (`unit_name`: `5
/// miles`), if it does.
pub(super) fn unit_of(pair: &Pair<'_>) -> Option<Ident> {
    (*pair)
        .into_inner()
        .find(|c| c.as_rule() == Rule::unit_name)
        .map(|c| ident(&c))
}

pub(super) fn ident(pair: &Pair<'_>) -> Ident {
    Ident {
        name: pair.as_str().trim().to_string(),
        span: span(pair),
    }
}

/// An attribute type keyword; the grammar admits only these words.
fn type_of(word: &str) -> Type {
    match word {
        "bool" => Type::Bool,
        "number" => Type::Number,
        "money" => Type::Money,
        "date" => Type::Date,
        "list" => Type::TextList,
        _ => Type::Text,
    }
}

fn digits<T: FromStr + Default>(s: &str) -> T {
    s.parse().unwrap_or_default()
}

pub(super) fn date_lit(pair: &Pair<'_>) -> DateLit {
    let text = pair.as_str();
    let mut parts = text.split('-');
    DateLit {
        year: digits(parts.next().unwrap_or("")),
        month: digits(parts.next().unwrap_or("")),
        day: digits(parts.next().unwrap_or("")),
        span: span(pair),
    }
}

pub(super) fn time_lit(pair: &Pair<'_>) -> TimeLit {
    let text = pair.as_str();
    let mut parts = text.split(':');
    TimeLit {
        hour: digits(parts.next().unwrap_or("")),
        minute: digits(parts.next().unwrap_or("")),
        span: span(pair),
    }
}
