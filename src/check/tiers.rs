//! Checks the `tiers { ... }` block of a program that computes tiers:
//! requirements on declared counters and balances, thresholds that rise
//! with the levels, and settings that make sense together.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{did_you_mean, Checker};
use crate::ast::{self, DowngradeAst, Item, ProgramAst, QualifyAst, ReqPart, TierSetting};
use crate::codes::Code;
use crate::period::MAX_ROLLING_MONTHS;
use crate::tier::plan::{
    Criterion, Deduction, Downgrade, Floor, Level, Part, Qualify, Requirement, TierPlan,
};
use crate::types::Type;

impl Checker<'_> {
    /// The tier plan, when some level has a requirement; `None` for a
    /// program whose tiers the host gives in `Member::tier`.
    pub(super) fn tier_plan(&mut self, ast: &ProgramAst) -> Option<TierPlan> {
        let decl = ast.items.iter().find_map(|i| match i {
            Item::Tiers(d) => Some(d),
            _ => None,
        })?;
        let computed = decl.levels.iter().any(|l| l.requirement.is_some());
        if !computed {
            if let Some(s) = decl.settings.first() {
                self.error_help(
                    Code::NotHere,
                    setting_span(s),
                    "tier settings need levels with requirements",
                    Some("give the levels thresholds, as in `gold when 25 nights`".into()),
                );
            }
            return None;
        }
        if let Some(first) = decl.levels.first() {
            if let Some(req) = &first.requirement {
                self.error_help(
                    Code::NotHere,
                    req.span,
                    format!(
                        "`{}` is the lowest level, where every member starts: it has no requirement",
                        first.name.name
                    ),
                    Some("list a level without requirement first, as in `tiers { member silver when ... }`".into()),
                );
            }
        }
        let mut levels = Vec::new();
        for l in &decl.levels {
            let requirement = l.requirement.as_ref().and_then(|r| self.requirement(r));
            levels.push(Level {
                name: l.name.name.clone(),
                requirement,
            });
        }
        self.threshold_order(decl);
        let mut plan = TierPlan {
            levels,
            qualify: Qualify::CalendarYear,
            keep_next: true,
            upgrade_next: false,
            downgrade: Downgrade::Recompute,
            grace_months: 0,
            deductions: Vec::new(),
            floors: Vec::new(),
        };
        let mut seen: BTreeMap<&str, ()> = BTreeMap::new();
        let mut keep_given = false;
        for s in &decl.settings {
            let key = match s {
                TierSetting::Qualify(..) => "qualify",
                TierSetting::Keep { .. } => "keep",
                TierSetting::Upgrade { .. } => "upgrade",
                TierSetting::Downgrade(..) => "downgrade",
                TierSetting::Grace(..) => "grace",
                TierSetting::Deduct { .. } | TierSetting::Floor { .. } => "",
            };
            if !key.is_empty() && seen.insert(key, ()).is_some() {
                self.error(
                    Code::Duplicate,
                    setting_span(s),
                    format!("`{key}` is set twice in the tiers"),
                );
                continue;
            }
            match s {
                TierSetting::Qualify(q, _) => {
                    if let Some(q) = self.qualify(q) {
                        plan.qualify = q;
                    }
                }
                TierSetting::Keep { next, .. } => {
                    keep_given = true;
                    plan.keep_next = *next;
                }
                TierSetting::Upgrade { next_period, .. } => plan.upgrade_next = *next_period,
                TierSetting::Downgrade(d, _) => {
                    plan.downgrade = match d {
                        DowngradeAst::Recompute => Downgrade::Recompute,
                        DowngradeAst::OneLevel => Downgrade::OneLevel,
                        DowngradeAst::To(level) => match self.tier_by_name(level) {
                            Some(l) => Downgrade::To(l),
                            None => Downgrade::Recompute,
                        },
                    }
                }
                TierSetting::Grace(n, span) => {
                    match months(n.value).filter(|m| *m >= 1 && *m <= MAX_ROLLING_MONTHS) {
                        Some(m) => plan.grace_months = m,
                        None => self.error(
                            Code::InvalidValue,
                            *span,
                            format!("a grace period is 1 to {MAX_ROLLING_MONTHS} whole months"),
                        ),
                    }
                }
                TierSetting::Deduct {
                    amount,
                    counter,
                    level,
                    ..
                } => {
                    let level = self.tier_by_name(level);
                    let known = self.criterion_source(counter);
                    if amount.value <= Decimal::ZERO {
                        self.error(
                            Code::InvalidValue,
                            amount.span,
                            "a deduction is more than zero",
                        );
                    }
                    if let (Some(level), Some(_)) = (level, known) {
                        plan.deductions.push(Deduction {
                            counter: counter.name.clone(),
                            amount: amount.value,
                            level,
                        });
                    }
                }
                TierSetting::Floor {
                    level, requirement, ..
                } => {
                    let Some(l) = self.tier_by_name(level) else {
                        continue;
                    };
                    if l == 0 {
                        self.error(
                            Code::InvalidValue,
                            level.span,
                            format!(
                                "`{}` is the lowest level: every member holds it already",
                                level.name
                            ),
                        );
                        continue;
                    }
                    let requirement = requirement.as_ref().and_then(|r| self.requirement(r));
                    plan.floors.push(Floor {
                        level: l,
                        requirement,
                    });
                }
            }
        }
        if !keep_given && matches!(plan.qualify, Qualify::Months(_)) {
            // A rolling window is its own memory: reviewed each month.
            plan.keep_next = false;
        }
        self.impossible_settings(decl, &plan);
        let windowed = plan
            .levels
            .iter()
            .filter_map(|l| l.requirement.as_ref())
            .chain(plan.floors.iter().filter_map(|f| f.requirement.as_ref()))
            .flat_map(|r| r.paths.iter().flatten())
            .flat_map(|p| p.of.iter())
            .any(|c| !c.lifetime);
        if windowed {
            // A review reads the windows of days up to `lookback` months
            // before it, and it can come as late as the next event.
            let back = plan
                .qualify
                .lookback_months(plan.keep_next, plan.grace_months)
                .saturating_mul(31);
            self.keep_days = self
                .keep_days
                .max(plan.qualify.reach().saturating_add(back));
        }
        Some(plan)
    }

    /// Settings that cannot work together: a floor that nothing reaches, a
    /// landing on the top level, an upgrade at the next period that ends
    /// with the period it is earned in.
    fn impossible_settings(&mut self, decl: &ast::TiersDecl, plan: &TierPlan) {
        let top = plan.levels.len().saturating_sub(1);
        for s in &decl.settings {
            match s {
                TierSetting::Floor {
                    level,
                    requirement: None,
                    span,
                } => {
                    let reached = plan
                        .level(&level.name)
                        .and_then(|l| plan.levels.get(usize::from(l)))
                        .is_some_and(|l| l.requirement.is_some());
                    if !reached && plan.level(&level.name).is_some_and(|l| l > 0) {
                        self.error_help(
                            Code::InvalidValue,
                            *span,
                            format!("`{}` has no requirement, so no member reaches it to keep it for life", level.name),
                            Some(format!("give the floor its own requirement: `floor {} when ...`", level.name)),
                        );
                    }
                }
                TierSetting::Downgrade(DowngradeAst::To(level), span)
                    if plan
                        .level(&level.name)
                        .is_some_and(|l| usize::from(l) == top) =>
                {
                    self.error(
                        Code::InvalidValue,
                        *span,
                        format!(
                            "`{}` is the top level: no member lands on it from above",
                            level.name
                        ),
                    );
                }
                TierSetting::Keep { next: false, span }
                    if plan.upgrade_next && !matches!(plan.qualify, Qualify::Months(_)) =>
                {
                    self.error_help(
                        Code::InvalidValue,
                        *span,
                        "a level earned for the next period would end before it starts",
                        Some(
                            "with `upgrade next period`, keep levels `to end of next period`"
                                .into(),
                        ),
                    );
                }
                _ => {}
            }
        }
    }

    fn qualify(&mut self, q: &QualifyAst) -> Option<Qualify> {
        match q {
            QualifyAst::CalendarYear => Some(Qualify::CalendarYear),
            QualifyAst::MembershipYear => Some(Qualify::MembershipYear),
            QualifyAst::CycleYear { month, day, span } => {
                if chrono::NaiveDate::from_ymd_opt(2024, *month, *day).is_none() {
                    self.error(
                        Code::InvalidValue,
                        *span,
                        format!("{month:02}-{day:02} is not a day of the year; write MM-DD"),
                    );
                    return None;
                }
                Some(Qualify::CycleYear {
                    month: *month,
                    day: *day,
                })
            }
            QualifyAst::Months(n) => {
                match months(n.value).filter(|m| *m >= 1 && *m <= MAX_ROLLING_MONTHS) {
                    Some(m) => Some(Qualify::Months(m)),
                    None => {
                        self.error(
                            Code::InvalidValue,
                            n.span,
                            format!("a rolling window is 1 to {MAX_ROLLING_MONTHS} whole months"),
                        );
                        None
                    }
                }
            }
        }
    }

    fn requirement(&mut self, r: &ast::Requirement) -> Option<Requirement> {
        let mut paths = Vec::new();
        let mut ok = true;
        for path in &r.paths {
            let mut parts = Vec::new();
            for part in path {
                match part {
                    ReqPart::One(c) => match self.criterion(c) {
                        Some(c) => parts.push(Part {
                            need: 1,
                            of: vec![c],
                        }),
                        None => ok = false,
                    },
                    ReqPart::Any { n, of, span } => {
                        let of: Vec<Criterion> =
                            of.iter().filter_map(|c| self.criterion(c)).collect();
                        let need = months(n.value)
                            .and_then(|k| usize::try_from(k).ok())
                            .filter(|k| *k >= 1 && *k <= of.len());
                        match need {
                            Some(need) => parts.push(Part { need, of }),
                            None => {
                                ok = false;
                                self.error(
                                    Code::InvalidValue,
                                    *span,
                                    format!(
                                        "`any N of (...)` needs N from 1 to the {} criteria listed",
                                        of.len()
                                    ),
                                );
                            }
                        }
                    }
                }
            }
            paths.push(parts);
        }
        ok.then_some(Requirement { paths })
    }

    /// `25 nights`, `20000 USD spend`: a declared counter or balance, with
    /// a threshold of its kind.
    fn criterion(&mut self, c: &ast::Criterion) -> Option<Criterion> {
        let ty = self.criterion_source(&c.name)?;
        if let Some(cur) = &c.currency {
            if cur.name != self.currency {
                self.error(
                    Code::CurrencyMismatch,
                    cur.span,
                    format!(
                        "the threshold is in {}, but the program's currency is {}",
                        cur.name, self.currency
                    ),
                );
                return None;
            }
        }
        match (ty, c.currency.is_some()) {
            (Type::Money, false) => {
                self.error_help(
                    Code::TypeMismatch,
                    c.span,
                    format!(
                        "`{}` counts money, but the threshold is a number",
                        c.name.name
                    ),
                    Some(format!(
                        "write the currency: `{} {} {}`",
                        c.amount.value, self.currency, c.name.name
                    )),
                );
                None
            }
            (Type::Number, true) => {
                self.error(
                    Code::TypeMismatch,
                    c.span,
                    format!(
                        "`{}` counts a number, not money: leave the currency out",
                        c.name.name
                    ),
                );
                None
            }
            _ => Some(Criterion {
                name: c.name.name.clone(),
                amount: c.amount.value,
                currency: c
                    .currency
                    .as_ref()
                    .map(|c| (c.name.clone(), self.currency_places.unwrap_or(2))),
                lifetime: c.lifetime,
            }),
        }
    }

    /// The type a threshold on `name` compares: a counter's (numbers when it
    /// has no `count` rule yet), or a number for a balance, which the state
    /// then keeps by day.
    fn criterion_source(&mut self, name: &ast::Ident) -> Option<Type> {
        if let Some(i) = self.counters.iter().position(|c| *c == name.name) {
            return Some(
                self.counter_types
                    .get(i)
                    .copied()
                    .flatten()
                    .unwrap_or(Type::Number),
            );
        }
        if let Some(b) = self.balances.iter().position(|b| b.name == name.name) {
            if !self.tracked_balances.contains(&b) {
                self.tracked_balances.push(b);
            }
            return Some(Type::Number);
        }
        let known = self
            .counters
            .iter()
            .map(String::as_str)
            .chain(self.balances.iter().map(|b| b.name.as_str()));
        let help = did_you_mean(&name.name, known)
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some(format!("declare it: `counter {}`", name.name)));
        self.error_help(
            Code::UnknownCounter,
            name.span,
            format!("`{}` is neither a counter nor a balance", name.name),
            help,
        );
        None
    }

    /// A higher level must ask more of each counter that both name.
    fn threshold_order(&mut self, decl: &ast::TiersDecl) {
        // (name, lifetime) -> (level name, the least amount it asks)
        let mut last: BTreeMap<(String, bool), (String, Decimal)> = BTreeMap::new();
        for level in &decl.levels {
            let Some(req) = &level.requirement else {
                continue;
            };
            let mut least: BTreeMap<(String, bool), (Decimal, crate::span::Span)> = BTreeMap::new();
            for part in req.paths.iter().flatten() {
                let criteria: Vec<&ast::Criterion> = match part {
                    ReqPart::One(c) => vec![c],
                    ReqPart::Any { of, .. } => of.iter().collect(),
                };
                for c in criteria {
                    let key = (c.name.name.clone(), c.lifetime);
                    let slot = least.entry(key).or_insert((c.amount.value, c.span));
                    if c.amount.value < slot.0 {
                        *slot = (c.amount.value, c.span);
                    }
                }
            }
            for (key, (amount, span)) in &least {
                if let Some((lower, below)) = last.get(key) {
                    if amount <= below {
                        self.error_help(
                            Code::TierOrder,
                            *span,
                            format!(
                                "`{}` asks {} {}, no more than the lower level `{lower}` ({below})",
                                level.name.name, amount, key.0
                            ),
                            Some("list the levels lowest first, each asking more than the one before".into()),
                        );
                    }
                }
            }
            for (key, (amount, _)) in least {
                last.insert(key, (level.name.name.clone(), amount));
            }
        }
    }
}

fn months(n: Decimal) -> Option<u32> {
    use rust_decimal::prelude::ToPrimitive;
    if n.fract() != Decimal::ZERO {
        return None;
    }
    n.to_u32()
}

fn setting_span(s: &TierSetting) -> crate::span::Span {
    match s {
        TierSetting::Qualify(_, span)
        | TierSetting::Keep { span, .. }
        | TierSetting::Upgrade { span, .. }
        | TierSetting::Downgrade(_, span)
        | TierSetting::Grace(_, span)
        | TierSetting::Deduct { span, .. }
        | TierSetting::Floor { span, .. } => *span,
    }
}
