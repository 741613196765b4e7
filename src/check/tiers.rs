//! Checks the `tiers { ... }` block of a program that computes tiers:
//! requirements on declared counters and balances, thresholds that rise
//! with the levels, and settings that make sense together.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Checker;
use crate::ast::{self, DowngradeAst, Item, ProgramAst, QualifyAst, TierSetting};
use crate::codes::Code;
use crate::period::MAX_ROLLING_MONTHS;
use crate::tier::plan::{Deduction, Downgrade, Floor, Level, Qualify, TierPlan};

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
        self.periods_read_as_levels(decl);
        self.levels_after_settings(decl);
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
}

impl Checker<'_> {
    /// `qualify calendar year  reset yearly`: bare names after the first
    /// setting were read as levels that only a grant reaches. A level is
    /// listed before the settings (one with its requirement may follow
    /// them, which says what it means); the names with nothing else
    /// between them are one error.
    fn levels_after_settings(&mut self, decl: &ast::TiersDecl) {
        let Some(settings) = decl.settings.iter().map(|s| setting_span(s).start).min() else {
            return;
        };
        let mut runs: Vec<Vec<&ast::Ident>> = Vec::new();
        for level in &decl.levels {
            let name = &level.name;
            if level.requirement.is_some() || name.span.start < settings {
                continue;
            }
            // One run until a setting or a level with its requirement
            // comes between (whatever the layout: the formatter may put
            // the names on lines of their own).
            let between = |from: usize, to: usize| {
                decl.settings
                    .iter()
                    .map(|s| setting_span(s).start)
                    .chain(
                        decl.levels
                            .iter()
                            .filter(|l| l.requirement.is_some())
                            .map(|l| l.name.span.start),
                    )
                    .any(|at| from < at && at < to)
            };
            let joins = runs
                .last()
                .and_then(|run| run.last())
                .is_some_and(|last| !between(last.span.end, name.span.start));
            match runs.last_mut() {
                Some(run) if joins => run.push(name),
                _ => runs.push(vec![name]),
            }
        }
        for run in runs {
            let (Some(first), Some(last)) = (run.first(), run.last()) else {
                continue;
            };
            let written: Vec<&str> = run.iter().map(|w| w.name.as_str()).collect();
            let reset = written.iter().any(|w| {
                matches!(*w, "reset" | "resets" | "restart" | "renew" | "renews")
                    || crate::keywords::PERIOD_WORDS.contains(w)
            });
            let why = if reset {
                "a level's counts start again with each qualification period by themselves (`qualify calendar year`)"
            } else {
                "list the levels first, lowest first (a level without a requirement is reached by a grant alone)"
            };
            self.error_help(
                Code::Syntax,
                crate::span::Span::new(first.span.start, last.span.end),
                format!(
                    "`{}` is not a setting of the tiers, and a level is not listed after them",
                    written.join(" ")
                ),
                Some(format!(
                    "{why}; the settings are `qualify`, `keep`, `upgrade`, `downgrade`, `grace`, `deduct` and `floor`"
                )),
            );
        }
    }
}

pub(super) fn months(n: Decimal) -> Option<u32> {
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
