//! Why an earn rule gave nothing for an event, or a campaign did not
//! multiply what it gave: the questions a member asks support ("where is my
//! birthday bonus?", "why were my points not doubled?"), answered in the
//! program's own words. See [`Program::why_not`](crate::Program::why_not).

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// An earn rule that runs on the event's kind but gave nothing, and why;
/// or a rule that awarded, and a campaign that would have multiplied it but
/// did not run ([`WhyNot::NotMultiplied`]).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NotApplied {
    /// The rule.
    pub rule: String,
    /// The campaign the rule belongs to, if it is a campaign's rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// Why it gave nothing.
    pub reason: WhyNot,
}

/// Why a rule gave nothing, checked in this order: an earlier rule's
/// `stop`, its campaign, its condition, its limit, its group, its awards.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
#[non_exhaustive]
pub enum WhyNot {
    /// A rule before it with `stop` applied, so no later rule ran.
    Stopped {
        /// The rule that stopped the others.
        by: String,
    },
    /// Its campaign does not run for this event.
    CampaignNotRunning {
        /// What keeps it from running, the first that does, in the order
        /// the campaign is checked: hours, dates, days, condition.
        off: CampaignOff,
    },
    /// Its condition is false or unknown for the event.
    Condition {
        /// What does not hold, as the program writes it: of a condition
        /// that is an `and` (`a and b and c`), the parts that do not hold,
        /// joined by `and`; else the whole condition.
        condition: String,
        /// What those parts read, as the program names it
        /// (`tx.date is 2026-04-05`, `member.birthday is missing`,
        /// `visits lifetime is 1`).
        read: Vec<String>,
    },
    /// A rule `for each line`: its condition holds for no line, though
    /// the parts that read no line hold (a part of the member or the
    /// purchase that does not hold is a [`WhyNot::Condition`]).
    NoLine {
        /// What no line has, as the program writes it: of a condition that
        /// is an `and`, the parts that hold for no line, joined by `and`
        /// (the whole condition when each part holds for some line).
        condition: String,
        /// What those parts read besides the lines (`member.favorites is
        /// ["tea"]` for `line.category in member.favorites`).
        read: Vec<String>,
    },
    /// The member reached the rule's limit.
    Limit {
        /// The limit as the program writes it.
        limit: String,
        /// How many times the rule applied in the limit's period.
        used: u64,
    },
    /// It belongs to a `group` whose other rule gave more.
    Outranked {
        /// The group.
        group: String,
        /// The rule that won the group.
        by: String,
    },
    /// Its condition holds, but its awards come to nothing (a base of
    /// zero, such as a purchase of nothing the rule counts).
    Nothing {
        /// What the awards' bases read of the event and the member
        /// (`tx.amount is 0.00`, `sum(line.quantity, "promo" in
        /// line.tags) is 0`; a line's fields are each line's, not said),
        /// and for a rule that tiers override, the member's tier and
        /// theirs (`tier member; tiers mvp, gold override it`).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        read: Vec<String>,
    },
    /// The rule awarded, but a campaign that multiplies it (on a line of
    /// its category, for a multiplier by category) did not run, or lost to
    /// a rival (the campaign is [`NotApplied::campaign`]).
    NotMultiplied {
        /// What keeps the campaign from running.
        off: CampaignOff,
    },
}

/// What keeps a campaign from running for an event.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CampaignOff {
    /// Its hours (`between 17:00 and 19:00`) do not hold the event's
    /// local time.
    Hours {
        /// From (inclusive).
        from: NaiveTime,
        /// To (exclusive; before `from` when the hours run past midnight).
        to: NaiveTime,
        /// The event's local time.
        time: NaiveTime,
    },
    /// Its dates do not hold the event's local day.
    Window {
        /// The first day.
        from: NaiveDate,
        /// The last day.
        to: NaiveDate,
        /// The event's day (the day before, in the small hours of hours
        /// that run past midnight).
        day: NaiveDate,
    },
    /// The day is not one of its days (`every weekend`, `every month on
    /// day 11`).
    Schedule {
        /// Its days, in the language's words: `every weekday`, `every
        /// friday`, `every month on day 1, 15`.
        days: String,
        /// The event's day.
        day: NaiveDate,
    },
    /// Its condition does not hold.
    Condition {
        /// The parts of the condition that do not hold, as for a rule's
        /// ([`WhyNot::Condition`]).
        condition: String,
        /// What they read.
        read: Vec<String>,
    },
    /// For a multiplier ([`WhyNot::NotMultiplied`]): the campaign runs,
    /// but rivals multiplied the award instead: of its `exclusive` group,
    /// one of higher priority; of `stacking best` campaigns, the largest.
    Outranked {
        /// The rivals that multiplied the award.
        rivals: Vec<String>,
    },
}

impl std::fmt::Display for CampaignOff {
    /// `it runs from 2026-05-01 to 2026-05-31, not on 2026-04-05`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CampaignOff::Hours { from, to, time } => write!(
                f,
                "it runs between {} and {}, not at {}",
                from.format("%H:%M"),
                to.format("%H:%M"),
                time.format("%H:%M")
            ),
            CampaignOff::Window { from, to, day } => {
                write!(f, "it runs from {from} to {to}, not on {day}")
            }
            // The weekday said where the days are weekdays.
            CampaignOff::Schedule { days, day } if days.starts_with("every month") => {
                write!(f, "it runs {days}, not on {day}")
            }
            CampaignOff::Schedule { days, day } => {
                write!(f, "it runs {days}, not on {} {day}", day.format("%A"))
            }
            CampaignOff::Condition { condition, read } => unmet(f, condition, read),
            CampaignOff::Outranked { rivals } if rivals.is_empty() => {
                write!(f, "it runs, but a rival multiplied instead")
            }
            CampaignOff::Outranked { rivals } => {
                let rivals: Vec<String> = rivals.iter().map(|c| format!("\"{c}\"")).collect();
                write!(f, "it runs, but {} multiplied instead", rivals.join(", "))
            }
        }
    }
}

/// `` `a` does not hold (x is 1) ``.
fn unmet(f: &mut std::fmt::Formatter<'_>, condition: &str, read: &[String]) -> std::fmt::Result {
    write!(f, "`{condition}` does not hold")?;
    what_it_read(f, read)
}

/// ` (tx.amount is 0.00, ...)`, when something was read.
fn what_it_read(f: &mut std::fmt::Formatter<'_>, read: &[String]) -> std::fmt::Result {
    if read.is_empty() {
        return Ok(());
    }
    write!(f, " ({})", read.join(", "))
}

impl std::fmt::Display for NotApplied {
    /// `Birthday: not applied, ...`, as the explanation says a limit.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let WhyNot::NotMultiplied { off } = &self.reason {
            let campaign = self.campaign.as_deref().unwrap_or_default();
            return write!(
                f,
                "{}: not multiplied by campaign \"{campaign}\": {off}",
                self.rule
            );
        }
        write!(f, "{}: not applied, ", self.rule)?;
        match &self.reason {
            WhyNot::Stopped { by } => {
                write!(f, "\"{by}\" applied before it and stops the rules after it")
            }
            WhyNot::CampaignNotRunning { off } => match &self.campaign {
                Some(c) => write!(f, "its campaign \"{c}\" does not run: {off}"),
                None => write!(f, "its campaign does not run: {off}"),
            },
            WhyNot::Condition { condition, read } => unmet(f, condition, read),
            WhyNot::NoLine { condition, read } => {
                write!(f, "no line has `{condition}`")?;
                what_it_read(f, read)
            }
            WhyNot::Limit { limit, used } => write!(f, "`{limit}` reached ({used} so far)"),
            WhyNot::Outranked { group, by } => {
                write!(f, "\"{by}\" gave more in group \"{group}\"")
            }
            WhyNot::Nothing { read } => {
                write!(f, "its awards come to nothing")?;
                what_it_read(f, read)
            }
            WhyNot::NotMultiplied { off } => write!(f, "{off}"),
        }
    }
}
