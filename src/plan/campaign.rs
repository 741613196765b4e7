//! Campaigns (their windows, schedules, hours and budgets) and the
//! multipliers that tiers and campaigns put on rules, with the lines a
//! multiplier reaches.

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;

use super::Expr;
use crate::name::Name;
use crate::rounding::RoundingMode;

/// Which awards of a rule a multiplier reaches: in a `for each line` rule,
/// the lines by category and tag; in any rule, the awards to one balance
/// (`in BALANCE`). One `multiply` statement's reach is shared by every
/// rule it reaches, and its lists are sorted, so that a long list costs
/// its length once to keep and its logarithm to read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach {
    /// `in BALANCE`: only the awards to this balance.
    pub balance: Option<usize>,
    /// `category "..."`: only lines of these categories.
    pub only: Option<Vec<String>>,
    /// `except category "..."`.
    pub except: Vec<String>,
    /// `tag "..."`: only lines with one of these tags.
    pub only_tags: Option<Vec<String>>,
    /// `except tag "..."`.
    pub except_tags: Vec<String>,
}

impl Reach {
    /// The reach with its lists sorted and without repeats, as
    /// [`admits`](Self::admits) searches them.
    pub(crate) fn sorted(mut self) -> Reach {
        let lists = [&mut self.only, &mut self.only_tags]
            .into_iter()
            .flatten()
            .chain([&mut self.except, &mut self.except_tags]);
        for list in lists {
            list.sort_unstable();
            list.dedup();
        }
        self
    }

    /// Whether the multiplier reaches an award to `balance` on `line`
    /// (`None`: an award on the whole event, which a filter by category or
    /// tag does not reach).
    pub(crate) fn admits(&self, line: Option<&crate::input::Line>, balance: usize) -> bool {
        if self.balance.is_some_and(|b| b != balance) {
            return false;
        }
        let has =
            |list: &[String], text: &str| list.binary_search_by(|x| x.as_str().cmp(text)).is_ok();
        let category = line.map(|l| l.category.as_str());
        let tags: &[String] = line.map_or(&[], |l| l.tags.as_slice());
        let tagged = |list: &[String]| !list.is_empty() && tags.iter().any(|t| has(list, t));
        if let Some(only) = &self.only {
            if !category.is_some_and(|c| has(only, c)) {
                return false;
            }
        }
        if let Some(only) = &self.only_tags {
            if !tagged(only) {
                return false;
            }
        }
        !category.is_some_and(|c| has(&self.except, c)) && !tagged(&self.except_tags)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct TierMultiplier {
    pub tier: u16,
    pub factor: Decimal,
    pub then_round: Option<RoundingMode>,
    pub reach: std::sync::Arc<Reach>,
}

#[derive(Debug, Clone)]
pub(crate) struct CampaignMultiplier {
    pub campaign: usize,
    /// The campaign's stacking policy, priority and exclusive group, copied
    /// here at compile time so that evaluation never looks them up.
    pub stacking: Stacking,
    pub priority: i64,
    pub exclusive: Option<usize>,
    pub factor: Decimal,
    pub then_round: Option<RoundingMode>,
    pub reach: std::sync::Arc<Reach>,
}

pub(crate) use crate::keywords::Stacking;

#[derive(Debug, Clone)]
pub(crate) struct CampaignPlan {
    pub name: Name,
    pub window: Option<(NaiveDate, NaiveDate)>,
    pub schedule: Schedule,
    pub hours: Option<(NaiveTime, NaiveTime)>,
    pub condition: Option<Expr>,
    /// Where the condition and the parts of its `and` are in the program's
    /// text, as for a rule's ([`RulePlan::condition_span`]).
    pub condition_span: Option<crate::span::Span>,
    pub condition_parts: Vec<crate::span::Span>,
    pub stacking: Stacking,
    pub priority: i64,
    /// Index of the campaign's exclusive group, resolved from its name.
    pub exclusive: Option<usize>,
    /// `budget N points [in BALANCE]`: the limit and the balance.
    pub budget: Option<(Decimal, usize)>,
    /// `discount "NAME", ... by P%`: burn rules and rewards by name, and
    /// the share of points they take less.
    pub discounts: Vec<(String, Decimal)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Schedule {
    Always,
    /// Bit `d` set: runs on day `d` of the month; bit 0: on its last day.
    MonthDays(u32),
    /// Bit `w` set: runs on weekday `w` (Monday = 0).
    Weekdays(u8),
}

impl Schedule {
    /// Whether the campaign runs on `day` (a local date).
    pub(crate) fn runs_on(self, day: chrono::NaiveDate) -> bool {
        use chrono::Datelike;
        match self {
            Schedule::Always => true,
            Schedule::MonthDays(mask) => {
                let last = mask & 1 != 0 && day.succ_opt().is_none_or(|next| next.day() == 1);
                last || mask & (1u32 << day.day()) != 0
            }
            Schedule::Weekdays(mask) => mask & (1u8 << day.weekday().num_days_from_monday()) != 0,
        }
    }

    /// The days in the language's words: `every weekday`, `every friday,
    /// saturday`, `every month on day 1, 15`.
    pub(crate) fn words(self) -> String {
        match self {
            Schedule::Always => "every day".into(),
            Schedule::Weekdays(0b001_1111) => "every weekday".into(),
            Schedule::Weekdays(0b110_0000) => "every weekend".into(),
            Schedule::Weekdays(mask) => {
                let days: Vec<&str> = (0..7u8)
                    .zip(crate::types::WEEKDAYS)
                    .filter(|(w, _)| mask & (1 << w) != 0)
                    .map(|(_, d)| d)
                    .collect();
                format!("every {}", days.join(", "))
            }
            Schedule::MonthDays(mask) => {
                let days: Vec<String> = (1..=31u32)
                    .filter(|d| mask & (1 << d) != 0)
                    .map(|d| d.to_string())
                    .chain((mask & 1 != 0).then(|| "last".to_string()))
                    .collect();
                format!("every month on day {}", days.join(", "))
            }
        }
    }
}
