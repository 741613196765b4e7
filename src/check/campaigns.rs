//! Campaigns: window, schedule, hours, condition, stacking, priority and
//! exclusive group (their multipliers are attached in `targets.rs`, their
//! rules checked as any rule).

use rust_decimal::Decimal;

use super::{Checker, Counters, ExprScope};
use crate::ast::{self, CampaignStmt};
use crate::codes::Code;
use crate::name::Name;
use crate::plan::{CampaignPlan, Schedule, Stacking};
use crate::span::Span;
use crate::types::WEEKDAYS;

impl Checker<'_> {
    pub(super) fn campaign(&mut self, c: &ast::Campaign) -> CampaignPlan {
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
            // `every weekday`, beside `every weekend`: Monday to Friday.
            Some((ast::Recurrence::Weekdays(days), _)) if matches!(days.as_slice(), [d] if d.name == "weekday" || d.name == "weekdays") => {
                Schedule::Weekdays(0b001_1111)
            }
            Some((ast::Recurrence::Weekdays(days), _)) => {
                let mut mask = 0u8;
                for d in days {
                    match WEEKDAYS.iter().position(|w| *w == d.name) {
                        Some(i) => mask |= 1 << i,
                        None => {
                            let runs = if c.condition.is_some() {
                                "whenever its condition holds"
                            } else {
                                "every day"
                            };
                            let help = if d.name == "day" && days.len() == 1 {
                                Some(
                                    "a campaign without `every` runs every day: leave out `every day`"
                                        .to_string(),
                                )
                            } else if d.name == "month" && days.len() == 1 {
                                Some(format!(
                                    "a campaign without `every` runs {runs}: leave out `every month`; \
                                     `every month on day 11` runs on one day of each month"
                                ))
                            } else if let Some(m) =
                                crate::keywords::month_named(&d.name).filter(|_| days.len() == 1)
                            {
                                // `every december`: a month of every year.
                                Some(format!(
                                    "a month of every year is a condition on the event's date: \
                                     `campaign \"{}\" when month(event.date) == {m}`",
                                    c.name.name
                                ))
                            } else if d.name == "week" && days.len() == 1 {
                                Some(format!(
                                    "a campaign without `every` runs {runs}: leave out `every week`; \
                                     `every monday` runs on one day of each week"
                                ))
                            } else {
                                // `fri`, `tues`: as calendars print them.
                                super::suggest::weekday_abbreviated(&d.name)
                                    .map(str::to_string)
                                    .or_else(|| self.suggest(&d.name, WEEKDAYS))
                                    .map(|s| format!("did you mean `{s}`?"))
                            };
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
            Some((ast::Recurrence::MonthDays(days, last), _)) => {
                // Bit 0: the month's last day.
                let mut mask = u32::from(*last);
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
            let runs = from
                .iter_days()
                .take_while(|d| *d <= to)
                .take(62)
                .any(|d| schedule.runs_on(d));
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
            counters: Counters::Read,
            place: "a campaign condition",
        };
        let condition = c.condition.as_ref().and_then(|e| self.condition(e, scope));
        let mut plan = CampaignPlan {
            name: Name::from(c.name.name.as_str()),
            window,
            schedule,
            hours,
            condition,
            condition_span: c.condition.as_ref().map(|e| e.span),
            condition_parts: c
                .condition
                .as_ref()
                .map(super::rules::conjuncts)
                .unwrap_or_default(),
            stacking: Stacking::Multiply,
            priority: 0,
            exclusive: None,
            budget: None,
            discounts: Vec::new(),
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
                    let next = self.exclusive_groups.len();
                    let seen = self
                        .exclusive_groups
                        .entry(g.name.clone())
                        .or_insert_with(|| super::warn::ExclusiveGroup {
                            index: next,
                            first: g.span,
                            campaign: c.name.name.clone(),
                            campaigns: 0,
                        });
                    seen.campaigns += 1;
                    let group = seen.index;
                    plan.exclusive = Some(group);
                }
                CampaignStmt::Budget(ast::Budget {
                    points: n,
                    balance,
                    unit,
                    span,
                }) => {
                    if plan.budget.is_some() {
                        self.error(Code::Duplicate, *span, "a campaign has one `budget`");
                        continue;
                    }
                    if !c.body.iter().any(|s| matches!(s, CampaignStmt::Earn(_))) {
                        // "3x points on weekends, up to 100,000 points":
                        // what a multiplier adds is not the campaign's own.
                        let multiplies = c
                            .body
                            .iter()
                            .any(|s| matches!(s, CampaignStmt::Multiply(..)));
                        let help = if multiplies {
                            format!(
                                "a budget cannot limit what `multiply` adds to other rules: write the extra \
                                 points as a rule inside the campaign, which the budget pays for \
                                 (`earn \"{} extra\" on purchase {{ award ... }}`)",
                                c.name.name
                            )
                        } else {
                            "put the rules it pays for inside the campaign: `campaign \"...\" { budget ...  earn ... }`".to_string()
                        };
                        self.error_help(
                            Code::NotHere,
                            *span,
                            "a budget limits the points of the campaign's own rules, and this campaign has none",
                            Some(help),
                        );
                        continue;
                    }
                    let Some(balance) = self.named_or_unit(balance.as_ref(), unit.as_ref()) else {
                        continue;
                    };
                    if let Some(limit) = self.balance_points(n, Some(balance)) {
                        plan.budget = Some((limit, balance));
                    }
                }
                CampaignStmt::Discount(names, pct, _) => {
                    if pct.value <= Decimal::ZERO || pct.value >= Decimal::ONE_HUNDRED {
                        self.error(
                            Code::InvalidValue,
                            pct.span,
                            "a discount on points is above 0% and below 100%",
                        );
                        continue;
                    }
                    for n in names {
                        plan.discounts.push((n.name.clone(), pct.value));
                        self.discount_names.push(n.clone());
                    }
                }
                CampaignStmt::Multiply(_) | CampaignStmt::Earn(_) => {}
            }
        }
        if !c.body.iter().any(|s| {
            matches!(
                s,
                CampaignStmt::Multiply(_) | CampaignStmt::Earn(_) | CampaignStmt::Discount(..)
            )
        }) {
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
