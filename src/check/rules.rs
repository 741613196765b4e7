//! Earn rules, their awards, and campaigns (whose earn rules run only while
//! the campaign does).

use super::{Checker, Counters, ExprScope};
use crate::ast::{
    self, BinOp, CampaignStmt, CapScope, EarnRule, EventKindAst, ExprKind, Item, ProgramAst,
    RuleStmt,
};
use crate::codes::Code;
use crate::kinds::Kind;
use crate::name::Name;
use crate::period::Period;
use crate::plan::build::RuleRecord;
use crate::plan::{CampaignPlan, CapPlan, LimitPlan, MemberCap, RulePlan};
use crate::rounding::Granularity;
use crate::span::Span;

impl Checker<'_> {
    /// Lowers every rule and campaign, in declaration order. Campaign
    /// multipliers are attached afterwards, once every rule name is known.
    pub(super) fn campaigns_and_rules(&mut self, ast: &ProgramAst) -> Vec<CampaignPlan> {
        // Register every rule name first, so that any reference can be resolved.
        let mut index = 0usize;
        for item in &ast.items {
            match item {
                Item::Earn(r) => self.register_rule(r, &mut index),
                Item::Campaign(c) => {
                    for stmt in &c.body {
                        if let CampaignStmt::Earn(r) = stmt {
                            self.register_rule(r, &mut index);
                        }
                    }
                }
                _ => {}
            }
        }
        let mut campaigns: Vec<CampaignPlan> = Vec::new();
        let mut campaign_spans: std::collections::BTreeMap<String, Span> = Default::default();
        for item in &ast.items {
            match item {
                Item::Earn(r) => self.rule(r, None),
                Item::Campaign(c) => {
                    if let Some(first) = campaign_spans.get(&c.name.name) {
                        let line = self.line_of(first.start);
                        self.error(
                            Code::Duplicate,
                            c.name.span,
                            format!(
                                "a campaign named \"{}\" is already declared on line {line}",
                                c.name.name
                            ),
                        );
                    }
                    campaign_spans
                        .entry(c.name.name.clone())
                        .or_insert(c.name.span);
                    let plan = self.campaign(c);
                    let ci = campaigns.len();
                    campaigns.push(plan);
                    for stmt in &c.body {
                        if let CampaignStmt::Earn(r) = stmt {
                            self.rule(r, Some(ci));
                        }
                    }
                }
                _ => {}
            }
        }
        self.campaign_multipliers(ast, &campaigns);
        campaigns
    }

    fn register_rule(&mut self, r: &EarnRule, index: &mut usize) {
        if let Some((_, first)) = self.rule_index.get(&r.name.name) {
            let line = self.line_of(first.start);
            self.error(
                Code::Duplicate,
                r.name.span,
                format!(
                    "a rule named \"{}\" is already declared on line {line}",
                    r.name.name
                ),
            );
        } else {
            self.rule_index
                .insert(r.name.name.clone(), (*index, r.name.span));
        }
        *index += 1;
    }

    /// An event kind: a built-in kind's index, or a custom kind's name.
    pub(super) fn event_kind(&mut self, event: &EventKindAst) -> Result<Kind, String> {
        match event {
            EventKindAst::Builtin(k) => match Kind::named(&k.name) {
                Some(i) if !i.has_rules() => {
                    self.error_help(
                        Code::NotHere,
                        k.span,
                        format!(
                            "no rule runs on `{}`: {}",
                            k.name,
                            match i {
                                Kind::Time => {
                                    "it is time passing, which reviews tiers and expires points"
                                }
                                Kind::Return => {
                                    "a return takes back what the returned goods earned"
                                }
                                Kind::Cancellation => {
                                    "a cancellation gives a redemption's points back"
                                }
                                _ => "a redemption spends points by a burn rule or a reward",
                            }
                        ),
                        Some("for a kind of your own, write `on event \"NAME\"`".into()),
                    );
                    Ok(i)
                }
                Some(i) => Ok(i),
                None => {
                    // `on birthday`: a day of the member's, read on purchases.
                    let day_of_member = match k.name.as_str() {
                        "birthday" | "birthday_month" => Some("birthday"),
                        "anniversary" | "join_anniversary" => Some("join_date"),
                        _ => None,
                    };
                    let help = day_of_member
                        .map(|field| {
                            format!(
                                "a {} bonus is a purchase rule with a condition, such as \
                                 `on purchase when month(event.date) == month(member.{field})` \
                                 with `limit 1 per member per year` (on the day itself, \
                                 `days_since_anniversary(member.{field}, event.date) == 0`); or \
                                 a kind your system sends, `on event \"{}\"`",
                                k.name.replace('_', " "),
                                k.name
                            )
                        })
                        .or_else(|| {
                            self.suggest(&k.name, Kind::names())
                                .map(|s| format!("did you mean `{s}`?"))
                        })
                        .or_else(|| {
                            Some(format!(
                                "for a kind of your own, write `on event \"{}\"`",
                                k.name
                            ))
                        });
                    self.error_help(
                        Code::UnknownEventKind,
                        k.span,
                        format!("unknown event kind `{}`", k.name),
                        help,
                    );
                    Ok(Kind::Purchase)
                }
            },
            // `on event "review"`: a kind of the program's own by a built-in
            // kind's name would never match a built-in review.
            EventKindAst::Custom(name) => match Kind::named(&name.name) {
                Some(kind) => {
                    self.error_help(
                        Code::UnknownEventKind,
                        name.span,
                        format!(
                            "`{}` is an event kind the crate knows, not one of the program's own",
                            name.name
                        ),
                        Some(format!("write `on {}`", name.name)),
                    );
                    Ok(kind)
                }
                None => Err(name.name.clone()),
            },
        }
    }

    fn rule(&mut self, r: &EarnRule, campaign: Option<usize>) {
        self.current_rule = self.rules.len();
        let kind = self.event_kind(&r.event);
        let purchase = kind == Ok(Kind::Purchase);
        if r.per_line && !purchase {
            self.error(
                Code::NotHere,
                r.span,
                "`for each line` is only possible in rules `on purchase`",
            );
        }
        let scope = ExprScope {
            purchase,
            per_line: r.per_line && purchase,
            referral: kind == Ok(Kind::Referral),
            counters: Counters::Read,
            place: "this rule",
        };
        let condition = r.condition.as_ref().and_then(|c| self.condition(c, scope));
        if let (Some(lowered), Some(written)) = (&condition, &r.condition) {
            self.warn_counted_first(lowered, &kind, written.span);
        }
        let mut plan = RulePlan {
            name: Name::from(r.name.name.as_str()),
            campaign,
            per_line: scope.per_line,
            condition,
            condition_span: r.condition.as_ref().map(|c| c.span),
            condition_parts: r.condition.as_ref().map(conjuncts).unwrap_or_default(),
            check: None,
            awards: Vec::new(),
            rounding: self.rounding,
            granularity: if self.granularity == Granularity::Line && !scope.per_line {
                Granularity::Rule
            } else {
                self.granularity
            },
            first_round: self.first_round,
            cap_line: None,
            cap_tx: None,
            cap_member: None,
            limit: None,
            badges: Vec::new(),
            stop: false,
            tier_multipliers: Vec::new(),
            tier_overrides: Vec::new(),
            campaign_multipliers: Vec::new(),
        };
        let mut priority = None;
        let mut group = None;
        let mut rounded = false;
        let overridden = self.overridden.contains(&r.name.name);
        for stmt in &r.body {
            match stmt {
                RuleStmt::Award(a) => {
                    if let Some(lowered) = self.award(a, scope) {
                        if !overridden {
                            self.warn_if_nothing(a, &lowered);
                        }
                        plan.awards.push(lowered);
                    }
                }
                RuleStmt::Round {
                    mode,
                    first,
                    granularity,
                    span,
                } => {
                    if rounded {
                        self.error(
                            Code::Duplicate,
                            *span,
                            "`round` is given twice in this rule",
                        );
                    }
                    rounded = true;
                    plan.rounding = *mode;
                    if let Some((g, gspan)) = granularity {
                        if *g == Granularity::Line && !scope.per_line {
                            self.error(
                                Code::NotHere,
                                *gspan,
                                "`per line` rounding needs a rule `for each line`",
                            );
                        }
                        plan.granularity = *g;
                    }
                    plan.first_round = self.first_round(first, plan.granularity, *span);
                }
                RuleStmt::Cap {
                    limit,
                    scope: per,
                    unit,
                    span,
                } => {
                    let unit = match unit {
                        Some(u) => self.unit_balance(u).map(|b| (u.clone(), b)),
                        None => None,
                    };
                    let rule = self.rules.len();
                    self.rule_caps
                        .entry(rule)
                        .or_default()
                        .push(super::rule_caps::RuleCap {
                            limit: limit.clone(),
                            unit,
                        });
                    let value = CapPlan {
                        limit: self.non_negative(limit, "a cap"),
                        text: self.quote(*span).into(),
                    };
                    let taken = match per {
                        CapScope::Line => {
                            if !scope.per_line {
                                self.error(
                                    Code::NotHere,
                                    *span,
                                    "`cap ... per line` needs a rule `for each line`",
                                );
                            }
                            plan.cap_line.replace(value).is_some()
                        }
                        CapScope::Transaction => plan.cap_tx.replace(value).is_some(),
                        CapScope::Member(period) => {
                            let period = match period {
                                Some(p) => self.period(p),
                                None => Some(Period::Lifetime),
                            };
                            let had = plan.cap_member.is_some();
                            if let Some(period) = period {
                                plan.cap_member = Some(MemberCap { cap: value, period });
                            }
                            had
                        }
                    };
                    if taken {
                        self.error(
                            Code::Duplicate,
                            *span,
                            "this rule already has a cap of this kind",
                        );
                    }
                }
                RuleStmt::Limit {
                    times,
                    period,
                    span,
                } => {
                    let period = match period {
                        Some(p) => self.period(p),
                        None => Some(Period::Lifetime),
                    };
                    let n = u64::try_from(times.value.mantissa())
                        .ok()
                        .filter(|n| times.value.scale() == 0 && *n >= 1);
                    if n.is_none() {
                        self.error(
                            Code::InvalidValue,
                            times.span,
                            "a limit is a whole number of times, at least 1",
                        );
                    }
                    if plan.limit.is_some() {
                        self.error(Code::Duplicate, *span, "this rule already has a limit");
                    }
                    if let (Some(times), Some(period)) = (n, period) {
                        plan.limit = Some(LimitPlan {
                            times,
                            period,
                            text: self.quote(*span).into(),
                        });
                    }
                }
                RuleStmt::Badge(name) => {
                    if plan.badges.contains(&name.name) {
                        self.error(
                            Code::Duplicate,
                            name.span,
                            format!("the badge \"{}\" is given twice in this rule", name.name),
                        );
                    }
                    plan.badges.push(name.name.clone());
                }
                RuleStmt::Priority(n) => {
                    if priority.is_some() {
                        self.error(
                            Code::Duplicate,
                            n.span,
                            "`priority` is given twice in this rule",
                        );
                    }
                    priority = Some(self.integer(n));
                }
                RuleStmt::Group(g, by) => {
                    if group.is_some() {
                        self.error(
                            Code::Duplicate,
                            g.span,
                            "`group` is given twice in this rule",
                        );
                    }
                    group = Some(g.name.clone());
                    let members = self.group_rules.entry(g.name.clone()).or_default();
                    if members.is_empty() {
                        self.group_spans.push((g.name.clone(), g.span));
                    }
                    // This rule's index: it is recorded once read.
                    members.push(self.rules.len());
                    if let Some(by) = by {
                        self.group_balance(g, by, &r.name.name);
                    }
                }
                RuleStmt::Stop(_) => plan.stop = true,
            }
        }
        // A rule does something: it awards, or it gives a badge.
        let does = |s: &RuleStmt| matches!(s, RuleStmt::Award(_) | RuleStmt::Badge(_));
        if !r.body.iter().any(does) {
            self.error_help(
                Code::Missing,
                r.name.span,
                format!("the rule \"{}\" awards nothing", r.name.name),
                Some("add an award, such as `award 1 point per USD of tx.amount`".into()),
            );
        }
        self.rule_caps_fit(self.rules.len(), &plan.awards, "this rule");
        let zero_caps: Vec<_> = self
            .rule_caps
            .get(&self.rules.len())
            .into_iter()
            .flatten()
            .filter(|cap| cap.limit.value.is_zero())
            .map(|cap| {
                let unit = cap.unit.as_ref().map_or("points", |(u, _)| u.name.as_str());
                (cap.limit.span, unit.to_string())
            })
            .collect();
        for (span, unit) in zero_caps {
            self.warning_help(
                Code::Suspicious,
                span,
                format!(
                    "a cap of 0 {unit} leaves nothing: the rule \"{}\" never gives a point",
                    r.name.name
                ),
                Some("cap it above 0, or leave the rule out".into()),
            );
        }
        self.rules.push(RuleRecord {
            plan,
            kind,
            priority: priority.unwrap_or(0),
            group,
        });
    }

    pub(super) fn integer(&mut self, n: &ast::Num) -> i64 {
        match i64::try_from(n.value) {
            Ok(v) if n.value.scale() == 0 => v,
            _ if n.value.scale() != 0 => {
                self.error(Code::InvalidValue, n.span, "a priority is a whole number");
                0
            }
            _ => {
                self.error(
                    Code::InvalidValue,
                    n.span,
                    format!(
                        "this number is too large for a priority: priorities run from {} to {}",
                        i64::MIN,
                        i64::MAX
                    ),
                );
                0
            }
        }
    }
}

/// Where the parts of an `and` are (`a and b and c`, however grouped), left
/// first, as `Expr::conjuncts` lists them lowered; nothing for a condition
/// that is not an `and`.
pub(super) fn conjuncts(e: &ast::Expr) -> Vec<Span> {
    let mut out = Vec::new();
    if !matches!(e.kind, ExprKind::Binary(BinOp::And, ..)) {
        return out;
    }
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Binary(BinOp::And, a, b) => {
                stack.push(b);
                stack.push(a);
            }
            _ => out.push(e.span),
        }
    }
    out
}
