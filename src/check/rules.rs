//! Earn rules, their awards, and campaigns (whose earn rules run only while
//! the campaign does).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::suggest::did_you_mean;
use super::{Checker, ExprScope};
use crate::ast::{
    self, AmountSpec, CampaignStmt, CapScope, EarnRule, EventKindAst, Item, ProgramAst, RuleStmt,
};
use crate::codes::Code;
use crate::kinds::Kind;
use crate::period::Period;
use crate::plan::build::RuleRecord;
use crate::plan::{
    AwardPlan, CampaignPlan, CapPlan, Formula, LimitPlan, MemberCap, Recipient, RulePlan, Schedule,
    Stacking,
};
use crate::rounding::Granularity;
use crate::span::Span;
use crate::types::{Type, WEEKDAYS};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

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
                        let line = crate::span::locate(self.src, *first).line;
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
            let line = crate::span::locate(self.src, *first).line;
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
                Some(i) => Ok(i),
                None => {
                    let help = did_you_mean(&k.name, Kind::names())
                        .map(|s| format!("did you mean `{s}`?"))
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
            EventKindAst::Custom(name) => Err(name.name.clone()),
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
            counters: true,
            place: "this rule",
        };
        let condition = r.condition.as_ref().and_then(|c| self.condition(c, scope));
        let mut plan = RulePlan {
            name: r.name.name.clone(),
            campaign,
            per_line: scope.per_line,
            condition,
            awards: Vec::new(),
            rounding: self.rounding,
            granularity: if self.granularity == Granularity::Line && !scope.per_line {
                Granularity::Rule
            } else {
                self.granularity
            },
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
        for stmt in &r.body {
            match stmt {
                RuleStmt::Award(a) => {
                    if let Some(a) = self.award(a, scope) {
                        plan.awards.push(a);
                    }
                }
                RuleStmt::Round {
                    mode,
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
                }
                RuleStmt::Cap {
                    limit,
                    scope: per,
                    span,
                } => {
                    let value = CapPlan {
                        limit: self.non_negative(limit, "a cap"),
                        text: self.quote(*span),
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
                            text: self.quote(*span),
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
                    if let Some(by) = by {
                        self.group_balance(g, by, &r.name.name);
                    }
                }
                RuleStmt::Stop(_) => plan.stop = true,
            }
        }
        if !r.body.iter().any(|s| matches!(s, RuleStmt::Award(_))) {
            self.error_help(
                Code::Missing,
                r.name.span,
                format!("the rule \"{}\" awards nothing", r.name.name),
                Some("add an award, such as `award 1 point per USD of tx.amount`".into()),
            );
        }
        self.rules.push(RuleRecord {
            plan,
            kind,
            priority: priority.unwrap_or(0),
            group,
        });
    }

    fn integer(&mut self, n: &ast::Num) -> i64 {
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

    pub(super) fn award(&mut self, a: &ast::AwardAst, scope: ExprScope) -> Option<AwardPlan> {
        let mut balance = 0usize;
        let mut recipient = Recipient::Member;
        let (mut saw_balance, mut saw_recipient) = (false, false);
        for t in &a.targets {
            if t.name == "referrer" || t.name == "referred" {
                if !scope.referral {
                    self.error(
                        Code::NotHere,
                        t.span,
                        format!("`to {}` is only possible in rules `on referral`", t.name),
                    );
                }
                if saw_recipient {
                    self.error(
                        Code::Duplicate,
                        t.span,
                        "this award already names who receives it",
                    );
                }
                saw_recipient = true;
                recipient = if t.name == "referrer" {
                    Recipient::Referrer
                } else {
                    Recipient::Referred
                };
            } else {
                if saw_balance {
                    self.error(
                        Code::Duplicate,
                        t.span,
                        "this award already names its balance",
                    );
                }
                saw_balance = true;
                balance = self.balance_index(t)?;
            }
        }
        let formula = match &a.spec {
            AmountSpec::Step { n, unit, base } => {
                let n = self.non_negative(n, "a number of points");
                let unit_amount = self.money_unit(unit)?;
                let base = self.typed(base, scope, Type::Money)?;
                Formula::Step {
                    n,
                    unit: unit_amount,
                    base,
                }
            }
            AmountSpec::QuantityStep { n, unit, base } => {
                let n = self.non_negative(n, "a number of points");
                if unit.value <= Decimal::ZERO {
                    self.error(
                        Code::InvalidValue,
                        unit.span,
                        "a step must be more than zero",
                    );
                    return None;
                }
                let base = self.typed(base, scope, Type::Number)?;
                Formula::Step {
                    n,
                    unit: unit.value,
                    base,
                }
            }
            AmountSpec::Rate { n, unit, base } => {
                let n = self.non_negative(n, "a number of points");
                let unit_amount = self.money_unit(unit)?;
                let base = self.typed(base, scope, Type::Money)?;
                if unit_amount.is_zero() {
                    self.error(
                        Code::InvalidValue,
                        unit.amount.span,
                        "a rate cannot be per zero units",
                    );
                    return None;
                }
                Formula::Rate {
                    n,
                    unit: unit_amount,
                    base,
                }
            }
            AmountSpec::Quantity { n, per } => {
                let n = self.non_negative(n, "a number of points");
                let per = self.typed(per, scope, Type::Number)?;
                Formula::Quantity { n, per }
            }
            AmountSpec::PercentEarned { pct, by } => {
                if scope.per_line {
                    self.error(
                        Code::NotHere,
                        a.span,
                        "`% of earned` applies to a whole transaction, not `for each line`",
                    );
                }
                let by = if by.is_empty() {
                    None
                } else {
                    let mut named = Vec::new();
                    for n in by {
                        let what = "`% of earned by`";
                        if let Some(i) = self.rule_by_name(n, what) {
                            named.push((i, n.span));
                        }
                    }
                    let user = self.current_rule;
                    self.earned_by.push((user, named.clone()));
                    Some(named.into_iter().map(|(i, _)| i).collect())
                };
                Formula::PercentEarned {
                    rate: self.percent(pct)?,
                    by,
                }
            }
            AmountSpec::Percent { pct, base } => {
                let rate = self.percent(pct)?;
                let base = self.typed(base, scope, Type::Money)?;
                Formula::Percent { rate, base }
            }
            AmountSpec::Flat { n } => Formula::Flat {
                n: self.non_negative(n, "a number of points"),
            },
        };
        let quoted = self.quote(a.span);
        Some(AwardPlan {
            formula,
            balance,
            recipient,
            text: quoted.strip_prefix("award ").unwrap_or(&quoted).to_string(),
        })
    }

    fn money_unit(&mut self, unit: &ast::MoneyUnit) -> Option<Decimal> {
        self.check_currency(&unit.currency)?;
        if unit.amount.value <= Decimal::ZERO {
            self.error(
                Code::InvalidValue,
                unit.amount.span,
                "the amount after `per` must be more than zero",
            );
            return None;
        }
        Some(unit.amount.value)
    }

    fn percent(&mut self, pct: &ast::Num) -> Option<Decimal> {
        if pct.value > HUNDRED {
            self.warning(
                Code::Suspicious,
                pct.span,
                format!("{}% is more than the whole amount", pct.value),
            );
        }
        let rate = pct.value.checked_div(HUNDRED);
        if rate.is_none() {
            self.error(
                Code::InvalidValue,
                pct.span,
                "this percentage cannot be represented exactly",
            );
        }
        rate
    }

    fn campaign(&mut self, c: &ast::Campaign) -> CampaignPlan {
        let window = c.window.as_ref().and_then(|(from, to)| {
            let (f, t) = (self.date(from), self.date(to));
            let (f, t) = (f?, t?);
            if f > t {
                self.warning(
                    Code::NeverRuns,
                    Span::new(from.span.start, to.span.end),
                    format!(
                        "the campaign \"{}\" ends before it starts, so it never runs",
                        c.name.name
                    ),
                );
            }
            Some((f, t))
        });
        let schedule = match &c.recurrence {
            None => Schedule::Always,
            Some((ast::Recurrence::Weekend, _)) => Schedule::Weekdays(0b110_0000),
            Some((ast::Recurrence::Weekdays(days), _)) => {
                let mut mask = 0u8;
                for d in days {
                    match WEEKDAYS.iter().position(|w| *w == d.name) {
                        Some(i) => mask |= 1 << i,
                        None => {
                            let help = did_you_mean(&d.name, WEEKDAYS)
                                .map(|s| format!("did you mean `{s}`?"));
                            self.error_help(
                                Code::UnknownWeekday,
                                d.span,
                                format!("`{}` is not a weekday", d.name),
                                help,
                            );
                        }
                    }
                }
                Schedule::Weekdays(mask)
            }
            Some((ast::Recurrence::MonthDays(days), _)) => {
                let mut mask = 0u32;
                for d in days {
                    match u32::try_from(d.value)
                        .ok()
                        .filter(|v| (1..=31).contains(v) && d.value.scale() == 0)
                    {
                        Some(v) => mask |= 1 << v,
                        None => {
                            self.error(Code::InvalidValue, d.span, "a day of the month is 1 to 31")
                        }
                    }
                }
                Schedule::MonthDays(mask)
            }
        };
        if let (Some((from, to)), Some(span)) = (window, c.recurrence.as_ref().map(|(_, sp)| *sp)) {
            // A schedule that no date of the window is on (day 31 in
            // February, a Monday in a weekend): the campaign never runs.
            // Any 62 days hold every day of the month and every weekday.
            let on_schedule = |d: NaiveDate| match schedule {
                Schedule::Always => true,
                Schedule::MonthDays(mask) => mask & (1u32 << d.day()) != 0,
                Schedule::Weekdays(mask) => mask & (1u8 << d.weekday().num_days_from_monday()) != 0,
            };
            let runs = from
                .iter_days()
                .take_while(|d| *d <= to)
                .take(62)
                .any(on_schedule);
            if from <= to && !runs {
                self.warning(Code::NeverRuns,
                    span,
                    format!(
                        "no date from {from} to {to} is on this schedule, so the campaign \"{}\" never runs",
                        c.name.name
                    ),
                );
            }
        }
        let hours = c.hours.as_ref().and_then(|(a, b)| {
            let (a2, b2) = (self.time(a), self.time(b));
            let (a2, b2) = (a2?, b2?);
            if a2 == b2 {
                self.warning(
                    Code::NeverRuns,
                    Span::new(a.span.start, b.span.end),
                    "this time range is empty, so the campaign never runs",
                );
            }
            Some((a2, b2))
        });
        let scope = ExprScope {
            purchase: true,
            per_line: false,
            referral: false,
            counters: true,
            place: "a campaign condition",
        };
        let condition = c.condition.as_ref().and_then(|e| self.condition(e, scope));
        let mut plan = CampaignPlan {
            name: c.name.name.clone(),
            window,
            schedule,
            hours,
            condition,
            stacking: Stacking::Multiply,
            priority: 0,
            exclusive: None,
        };
        let (mut saw_stacking, mut saw_priority, mut saw_exclusive) = (false, false, false);
        for stmt in &c.body {
            match stmt {
                CampaignStmt::Stacking(stacking, span) => {
                    if saw_stacking {
                        self.error(
                            Code::Duplicate,
                            *span,
                            "`stacking` is given twice in this campaign",
                        );
                    }
                    saw_stacking = true;
                    plan.stacking = *stacking;
                }
                CampaignStmt::Priority(n) => {
                    if saw_priority {
                        self.error(
                            Code::Duplicate,
                            n.span,
                            "`priority` is given twice in this campaign",
                        );
                    }
                    saw_priority = true;
                    plan.priority = self.integer(n);
                }
                CampaignStmt::Exclusive(g) => {
                    if saw_exclusive {
                        self.error(
                            Code::Duplicate,
                            g.span,
                            "`exclusive` is given twice in this campaign",
                        );
                    }
                    saw_exclusive = true;
                    let group = match self.exclusive_groups.iter().position(|n| *n == g.name) {
                        Some(i) => i,
                        None => {
                            self.exclusive_groups.push(g.name.clone());
                            self.exclusive_groups.len() - 1
                        }
                    };
                    plan.exclusive = Some(group);
                }
                CampaignStmt::Multiply(_) | CampaignStmt::Earn(_) => {}
            }
        }
        if !c
            .body
            .iter()
            .any(|s| matches!(s, CampaignStmt::Multiply(_) | CampaignStmt::Earn(_)))
        {
            self.warning(
                Code::NeverRuns,
                c.name.span,
                format!(
                    "the campaign \"{}\" neither multiplies nor awards anything",
                    c.name.name
                ),
            );
        }
        plan
    }
}
