//! The compiled plan: everything resolved at compile time (fields to
//! accessors, names to indices, dates to the program's calendar, rules to
//! per-event-kind sequences), so that evaluation does only what depends on
//! the event.

use rust_decimal::Decimal;

use crate::rounding::{Granularity, RoundingMode};
use crate::types::{Field, Type};

use crate::kinds::Kind;
use crate::name::Name;

pub(crate) mod build;
mod campaign;
mod expr;
pub(crate) mod index;
pub(crate) mod lower;

pub(crate) use campaign::{
    CampaignMultiplier, CampaignPlan, Reach, Schedule, Stacking, TierMultiplier,
};
pub(crate) use expr::{ArithOp, CmpOp, Const, ConstSet, Expr, Func};

#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub name: Name,
    pub hash: Name,
    /// The program without its comments and layout (`Program::version`).
    pub version: Name,
    /// The program's text, which why_not quotes.
    pub source: Name,
    pub currency: String,
    /// The currency's minor units (decimal places).
    pub currency_places: u32,
    pub timezone: chrono_tz::Tz,
    /// Whether the time zone is UTC under one of its names (local time is
    /// then UTC time, without a look-up in the zone's history).
    pub utc: bool,
    /// The program's rounding mode, for totals of rules rounded per transaction.
    pub rounding: RoundingMode,
    pub balances: Vec<BalanceDef>,
    pub tiers: Vec<Name>,
    pub attributes: Vec<AttrDef>,
    pub rules: Vec<RulePlan>,
    /// Evaluation order for each built-in event kind.
    pub sequences: [Vec<Unit>; Kind::COUNT],
    /// Evaluation order for each custom event kind, by name.
    pub custom_sequences: std::collections::BTreeMap<String, Vec<Unit>>,
    pub campaigns: Vec<CampaignPlan>,
    pub caps: Vec<ProgramCapPlan>,
    /// Candidate lookup for each built-in sequence (see `index`).
    pub seq_index: [crate::plan::index::SeqIndex; Kind::COUNT],
    pub custom_index: std::collections::BTreeMap<String, crate::plan::index::SeqIndex>,
    pub campaign_index: crate::plan::index::CampaignIndex,
    /// The limits the program was compiled with; evaluation checks the
    /// event-size ones.
    pub limits: crate::limits::Limits,
    /// Whether any condition reads `tx.categories` or `tx.skus`: then each
    /// purchase's lines are sorted once so that reading them costs a search.
    pub reads_tx_lists: bool,
    /// Whether any expression has a `sum(...)`: then an award's
    /// explanation says what its sums came to.
    pub reads_line_sums: bool,
    /// Whether attributes the program does not declare are ignored (and
    /// reported) instead of refused.
    pub lenient_attributes: bool,
    /// Declared counters, in declaration order.
    pub counters: Vec<String>,
    /// Per counter: whether it holds money (in the program's currency).
    pub money_counters: Vec<bool>,
    /// `count` rules, in declaration order.
    pub counts: Vec<CountPlan>,
    /// Declared tenders (`tender NAME`), read as `tx.paid.NAME`.
    pub tenders: Vec<String>,
    /// How many days before an event a member state must keep: the longest
    /// period any counter read, cap or limit reaches.
    pub keep_days: u32,
    /// The tiers' thresholds and policies, for a program that computes
    /// tiers from the member's state.
    pub tier: Option<crate::tier::plan::TierPlan>,
    /// Balances that tier thresholds read: the state keeps what each
    /// event added to them by day, as a counter of the same name.
    pub tracked_balances: Vec<usize>,
    /// How tier and campaign multipliers combine.
    pub combine: crate::keywords::Combine,
    /// Member segments, in declaration order (empty: the host gives
    /// `Member::segment`).
    pub segments: Vec<SegmentPlan>,
    /// Balances kept as lots, with their expiry and vesting.
    pub ledgers: Vec<crate::ledger::LedgerPlan>,
    /// Burn rules, in declaration order.
    pub burns: Vec<crate::ledger::burn::BurnPlan>,
    /// Whether a campaign has a budget (decided once, not per event).
    pub has_budgets: bool,
    /// Whether a program cap is `per member`: only then does an event read
    /// what its period credited before.
    pub has_member_caps: bool,
    /// Whether the built-in `points` balance goes unreported: the program
    /// has balances of its own and nothing earns, caps, spends or keeps
    /// `points` (an airline's `miles`).
    pub quiet_points: bool,
    /// Rewards of the catalog, in declaration order.
    pub rewards: Vec<crate::ledger::burn::BurnPlan>,
    /// The rewards issued automatically (their places in `rewards`), so
    /// that an evaluation does not look through the catalog for them.
    pub automatic: Vec<usize>,
    /// How purchases can be returned (`None`: they cannot).
    pub returns: Option<crate::returns::ReturnsPlan>,
    /// The evaluator's straight lane for `points` on purchases, when the
    /// program takes it (decided once, by `eval::lane_plan`).
    pub lane: Option<crate::eval::LanePlan>,
}

/// `segment NAME when CONDITION`
#[derive(Debug, Clone)]
pub(crate) struct SegmentPlan {
    pub name: Name,
    pub condition: Expr,
}

/// `count AMOUNT to COUNTER on KIND [for each line] [when CONDITION]`
#[derive(Debug, Clone)]
pub(crate) struct CountPlan {
    pub counter: usize,
    /// The built-in kind, or the custom kind's name.
    pub kind: Result<Kind, String>,
    pub per_line: bool,
    pub amount: Expr,
    pub condition: Option<Expr>,
}

/// `cap N points per member [per PERIOD]`
#[derive(Debug, Clone)]
pub(crate) struct MemberCap {
    pub cap: CapPlan,
    pub period: crate::period::Period,
}

/// `limit N times per member [per PERIOD]`
#[derive(Debug, Clone)]
pub(crate) struct LimitPlan {
    pub times: u64,
    pub period: crate::period::Period,
    pub text: Name,
}

impl Plan {
    /// Every expression of the plan's rules and campaigns.
    fn expressions(&self) -> impl Iterator<Item = &Expr> {
        let rules = self.rules.iter().flat_map(|r| {
            let awards = r.every_award().filter_map(|a| match &a.formula {
                Formula::Step { base, .. }
                | Formula::Rate { base, .. }
                | Formula::Percent { base, .. } => Some(base),
                Formula::Quantity { per, .. } => Some(per),
                Formula::PercentEarned { .. } | Formula::Flat { .. } => None,
            });
            r.condition.iter().chain(awards)
        });
        let campaigns = self.campaigns.iter().filter_map(|c| c.condition.as_ref());
        let counts = self
            .counts
            .iter()
            .flat_map(|c| std::iter::once(&c.amount).chain(&c.condition));
        rules.chain(campaigns).chain(counts)
    }

    /// Whether any expression reads a field for which `f` holds.
    pub(crate) fn reads(&self, f: impl Fn(Field) -> bool) -> bool {
        self.expressions().any(|e| e.reads(&f))
    }

    /// The kinds of its own the program reads, in name order: its rules
    /// are on them (`on event "NAME"`) or its counts count them.
    pub(crate) fn custom_kinds(&self) -> Vec<&str> {
        let counted = self.counts.iter().filter_map(|c| c.kind.as_ref().err());
        let kinds: std::collections::BTreeSet<&str> = self
            .custom_sequences
            .keys()
            .chain(counted)
            .map(String::as_str)
            .collect();
        kinds.into_iter().collect()
    }

    /// Whether the program reads events of its own kind `name` (see
    /// [`Plan::custom_kinds`]).
    pub(crate) fn reads_kind(&self, name: &str) -> bool {
        self.custom_sequences.contains_key(name)
            || self
                .counts
                .iter()
                .any(|c| c.kind.as_ref().err().is_some_and(|k| k == name))
    }
}

/// Names of UTC in the time zone database: zones with one offset, zero,
/// for all time (`tests` below check them against the database).
const UTC_NAMES: [&str; 18] = [
    "UTC",
    "Etc/UTC",
    "Etc/UCT",
    "UCT",
    "Etc/Universal",
    "Universal",
    "Etc/Zulu",
    "Zulu",
    "GMT",
    "Etc/GMT",
    "GMT0",
    "Etc/GMT0",
    "GMT+0",
    "GMT-0",
    "Etc/GMT+0",
    "Etc/GMT-0",
    "Greenwich",
    "Etc/Greenwich",
];

/// Whether a zone is UTC under one of its names.
pub(crate) fn is_utc(tz: chrono_tz::Tz) -> bool {
    UTC_NAMES.contains(&tz.name())
}

impl Plan {
    /// Whether anything in the program earns, caps, spends or keeps the
    /// balance at `index`.
    fn uses_balance(&self, index: usize) -> bool {
        let mut awards = self.rules.iter().flat_map(RulePlan::every_award);
        awards.any(|a| a.balance == index)
            || self.caps.iter().any(|c| c.balance == index)
            || self
                .burns
                .iter()
                .chain(&self.rewards)
                .any(|b| b.balance == index)
            || self.ledgers.iter().any(|l| l.balance == index)
            || self.tracked_balances.contains(&index)
    }

    /// Decides [`Plan::quiet_points`].
    pub(crate) fn decide_quiet_points(&mut self) {
        self.quiet_points = self.balances.len() > 1 && !self.uses_balance(0);
    }

    /// The local date and time of an instant in the program's time zone.
    pub(crate) fn local(&self, at: chrono::DateTime<chrono::FixedOffset>) -> chrono::NaiveDateTime {
        if self.utc {
            at.naive_utc()
        } else {
            at.with_timezone(&self.timezone).naive_local()
        }
    }

    /// Decimal places of a balance's points.
    pub(crate) fn precision(&self, balance: usize) -> u32 {
        self.balances.get(balance).map_or(0, |b| b.precision)
    }

    /// Decimal places of the balance named `name`, if there is one.
    pub(crate) fn precision_named(&self, name: &str) -> Option<u32> {
        self.balances
            .iter()
            .find(|b| b.name == name)
            .map(|b| b.precision)
    }
}

/// One step of an evaluation sequence: a rule, or an exclusive group whose
/// best rule applies.
#[derive(Debug, Clone)]
pub(crate) enum Unit {
    Rule(usize),
    /// Rules of `group "NAME" [by BALANCE]`: the one that gives the most
    /// points in `balance` applies.
    Group {
        name: Name,
        balance: usize,
        rules: Vec<usize>,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct BalanceDef {
    pub name: Name,
    pub qualifying: bool,
    pub precision: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct AttrDef {
    pub owner: AttrOwner,
    pub key: String,
    pub path: String,
    pub ty: Type,
    /// The declared default: the value when the input leaves it out.
    pub default: Option<crate::input::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttrOwner {
    Member,
    Tx,
    Event,
    /// Each line of a purchase (`attribute line.distance number`): read as
    /// [`Expr::LineAttr`] where there is a line.
    Line,
}

#[derive(Debug, Clone)]
pub(crate) struct RulePlan {
    pub name: Name,
    pub campaign: Option<usize>,
    pub per_line: bool,
    pub condition: Option<Expr>,
    /// The condition compiled to a closure, when it can be (see
    /// `eval::check`); made with the plan, after lowering.
    pub check: Option<crate::eval::Check>,
    pub awards: Vec<AwardPlan>,
    pub rounding: RoundingMode,
    pub granularity: Granularity,
    /// The first step of a two-step rounding: mode and decimals.
    pub first_round: Option<(RoundingMode, u32)>,
    pub cap_line: Option<CapPlan>,
    pub cap_tx: Option<CapPlan>,
    /// `cap ... per member [per PERIOD]`
    pub cap_member: Option<MemberCap>,
    /// `limit N times per member [per PERIOD]`
    pub limit: Option<LimitPlan>,
    /// `badge "NAME"`: badges the member earns when the rule applies.
    pub badges: Vec<String>,
    pub stop: bool,
    pub tier_multipliers: Vec<TierMultiplier>,
    pub tier_overrides: Vec<(u16, Vec<AwardPlan>)>,
    /// Multipliers of campaigns that target this rule, by priority.
    pub campaign_multipliers: Vec<CampaignMultiplier>,
    /// Where the condition is in the program's text, for saying why a
    /// rule did not apply ([`crate::Program::why_not`]).
    pub condition_span: Option<crate::span::Span>,
    /// Where the parts of its `and` are, when it is one (`a and b and c`),
    /// as [`Expr::conjuncts`] lists them: why_not names the parts that do
    /// not hold.
    pub condition_parts: Vec<crate::span::Span>,
}

impl RulePlan {
    /// The rule's awards and its tier overrides' awards.
    pub(crate) fn every_award(&self) -> impl Iterator<Item = &AwardPlan> {
        self.awards
            .iter()
            .chain(self.tier_overrides.iter().flat_map(|(_, a)| a))
    }

    /// The awards a member of `tier` gets: the tier's override, with the
    /// tier, or the rule's own.
    #[inline(always)]
    pub(crate) fn awards_for(&self, tier: Option<u16>) -> (&[AwardPlan], Option<u16>) {
        if let Some(t) = tier {
            for (ot, list) in &self.tier_overrides {
                if *ot == t {
                    return (list, Some(t));
                }
            }
        }
        (&self.awards, None)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct AwardPlan {
    pub formula: Formula,
    pub balance: usize,
    pub recipient: Recipient,
    /// The formula as the author would read it, for explanations.
    pub text: Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recipient {
    Member,
    Referrer,
    Referred,
}

#[derive(Debug, Clone)]
pub(crate) enum Formula {
    Step {
        n: Factor,
        unit: Factor,
        base: Expr,
    },
    /// `n points per unit USD`: n × base / unit, multiplied before it is
    /// divided so that it stays exact.
    Rate {
        n: Factor,
        unit: Factor,
        base: Expr,
    },
    Quantity {
        n: Decimal,
        per: Expr,
    },
    /// `P% of earned [by "RULE", ...]`: of what earlier rules (all, or the
    /// named ones) gave the same recipient in the same balance.
    PercentEarned {
        rate: Decimal,
        by: Option<Vec<usize>>,
    },
    Percent {
        rate: Decimal,
        base: Expr,
    },
    Flat {
        n: Decimal,
    },
}

impl Formula {
    /// The expression the formula is applied to, if any.
    pub(crate) fn base(&self) -> Option<&Expr> {
        match self {
            Formula::Step { base, .. }
            | Formula::Rate { base, .. }
            | Formula::Percent { base, .. } => Some(base),
            Formula::Quantity { per, .. } => Some(per),
            Formula::PercentEarned { .. } | Formula::Flat { .. } => None,
        }
    }
}

/// A constant a formula multiplies or divides by, and whether it is
/// written `1`: then the product or quotient is the value itself, and the
/// evaluation skips it (decided once, when the program is compiled).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Factor {
    pub value: Decimal,
    pub one: bool,
}

impl Factor {
    pub(crate) fn new(value: Decimal) -> Factor {
        Factor {
            value,
            one: value.scale() == 0 && value.mantissa() == 1,
        }
    }
}

/// A cap's limit, with its text as the program writes it (quoted once, here,
/// so that explaining a cut formats nothing).
#[derive(Debug, Clone)]
pub(crate) struct CapPlan {
    pub limit: Decimal,
    pub text: Name,
}

#[derive(Debug, Clone)]
pub(crate) struct ProgramCapPlan {
    pub balance: usize,
    pub cap: CapPlan,
    /// `per member [per PERIOD]`: what all rules together credit the
    /// evaluated member in the period (the balance kept by day in the
    /// state); `None` for `per transaction`.
    pub member: Option<crate::period::Period>,
}

#[cfg(test)]
mod tests {
    use chrono::{Offset, TimeZone};

    #[test]
    fn utc_names_are_utc_at_all_times() {
        for name in super::UTC_NAMES {
            let tz: chrono_tz::Tz = name.parse().unwrap_or(chrono_tz::Tz::Asia__Tokyo);
            assert_eq!(tz.name(), name);
            assert!(super::is_utc(tz));
            for year in (1800..=2200).step_by(7) {
                for month in [1, 4, 7, 10] {
                    let at = chrono::Utc
                        .with_ymd_and_hms(year, month, 15, 12, 0, 0)
                        .single();
                    let Some(at) = at else { continue };
                    let offset = tz.offset_from_utc_datetime(&at.naive_utc()).fix();
                    assert_eq!(offset.local_minus_utc(), 0, "{name} in {year}-{month}");
                }
            }
        }
        assert!(!super::is_utc(chrono_tz::Tz::Europe__London));
        assert!(!super::is_utc(chrono_tz::Tz::Etc__GMTPlus1));
    }
}
