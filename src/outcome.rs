//! The result of evaluating an event: every award with the computation that
//! produced it, and totals per member and balance.

use crate::tier::{HeldTier, TierMove};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::exact::Exact;
use crate::name::Name;
use crate::rounding::RoundingMode;
use crate::state::StateChange;

/// Which program produced an outcome: its name and a content hash of its
/// text, so that a later reversal can use what was actually awarded.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ProgramId {
    /// The name in the program header.
    pub name: Name,
    /// `sha256:` and the hex SHA-256 of the program text.
    pub hash: Name,
}

/// Everything an event earned, explained. Its serde JSON is byte-identical
/// for the same program, member and event on every machine and every run.
///
/// Its texts (rule, balance, campaign and member names, formulas) are
/// [`Name`]s: shared with the compiled program rather than copied, read as
/// `&str`, written in JSON as strings.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Outcome {
    /// The program that produced this outcome.
    pub program: ProgramId,
    /// Id of the evaluated event.
    pub event: Name,
    /// Kind of the event (`purchase`, `review`, a custom name).
    pub kind: Name,
    /// Id of the evaluated member.
    pub member: Name,
    /// Campaigns running for this event, in declaration order (those in
    /// `outranked` excepted).
    pub campaigns: Vec<Name>,
    /// Campaigns that ran, but lost every award they could touch to a
    /// rival of their `exclusive` group, in declaration order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub outranked: Vec<Name>,
    /// Awards in evaluation order.
    pub awards: Vec<Award>,
    /// The rule whose `stop` ended the evaluation, when rules after it
    /// could have run (they did not).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stopped: Option<Name>,
    /// Rules whose condition held but whose per-member limit was reached,
    /// in evaluation order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub limited: Vec<LimitReached>,
    /// Totals per member and balance: the evaluated member first, then other
    /// recipients (a referral's), each in the program's balance order. The
    /// built-in `points` is left out by a program with balances of its own
    /// that never earns, caps, spends or keeps it.
    pub totals: Vec<Total>,
    /// Attributes of the input that the program does not declare, ignored
    /// because the program is [lenient](crate::Program::lenient_attributes).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub ignored_attributes: Vec<Name>,
    /// The tier the rules read, and where it came from (`None` for a
    /// member without a tier in a program without computed tiers).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tier: Option<HeldTier>,
    /// Points this event used of campaign budgets, by campaign; for a
    /// return, what it gives back of its purchase's use, as a negative.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty", default)]
    pub budgets: std::collections::BTreeMap<Name, crate::exact::Exact>,
    /// What a return took back.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub returned: Option<Box<crate::returns::ReturnOutcome>>,
    /// What a redemption spent and bought.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub redemption: Option<Box<crate::ledger::RedemptionOutcome>>,
    /// What a cancellation gave back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<Box<crate::ledger::CancelOutcome>>,
    /// Rewards issued automatically (`reward ... automatically`) once the
    /// event left the member their points to spend, in declaration order:
    /// the host gives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issued: Vec<crate::ledger::Issued>,
    /// The member's segment, for a program that declares segments.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub segment: Option<Name>,
    /// Tier moves: reviews up to the event's date (before the rules ran)
    /// and upgrades its counts earned (after), in order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub tier_moves: Vec<TierMove>,
    /// What applying this outcome changes in the member's state (see
    /// [`MemberState::apply`](crate::MemberState::apply)).
    pub change: StateChange,
}

/// A rule that did not apply because the member reached its limit.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LimitReached {
    /// The rule.
    pub rule: Name,
    /// The limit as the program writes it, such as `limit 1 per member per year`.
    pub limit: Name,
    /// How many times the rule applied in the limit's period.
    pub used: u64,
}

/// Points that one `award` statement of one rule gave.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Award {
    /// The rule that awarded.
    pub rule: Name,
    /// The campaign the rule belongs to, if it is a campaign's rule.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub campaign: Option<Name>,
    /// The tier whose override replaced the rule's own award, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tier_override: Option<Name>,
    /// The balance credited.
    pub balance: Name,
    /// The member credited.
    pub member: Name,
    /// The award as the program writes it, such as `1 point per USD of tx.amount`.
    pub formula: Name,
    /// The amount the formula was applied to (money, a quantity, or points
    /// earned so far), for awards on the whole event.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub base: Option<Exact>,
    /// What the formula gave, before multipliers, rounding and caps: exact,
    /// so a fraction such as `10/3` when a rate divides.
    pub computed: Exact,
    /// For rules `for each line`: each line's share.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub lines: Vec<LineAward>,
    /// What happened to `computed` (or the sum of the lines), in order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub steps: Vec<Step>,
    /// What the rule's condition and the formula read of the member's
    /// state, which the event does not show: a counter (`visits this month
    /// is 2`), or a counter before and after this event, for marks crossed
    /// (`nights this year 49 -> 71`); and what a `sum(...)` over the
    /// purchase's lines came to (`sum(line.amount, line.category ==
    /// "beauty") is 26.50`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub read: Vec<String>,
    /// Points credited: rounded, unless the rule rounds `per transaction`
    /// (then the balance's total is rounded, see [`Total::steps`]).
    pub points: Exact,
    /// When the rule belongs to a `group`: how it won.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub group: Option<GroupChoice>,
}

/// How the rule of an award won its `group`: only the rule that gives the
/// most points in the group's balance applies (the first on a tie).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GroupChoice {
    /// The group's name.
    pub group: Name,
    /// The balance the rules were compared on.
    pub balance: Name,
    /// What the winning rule gave in that balance.
    pub points: Exact,
    /// Each other rule of the group that applied, with what it would have
    /// given, in evaluation order.
    pub rivals: Vec<Rival>,
}

/// A rule that lost its group to a better one.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Rival {
    /// The rule.
    pub rule: Name,
    /// What it would have given in the group's balance.
    pub points: Exact,
}

/// One line's share of a `for each line` award.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LineAward {
    /// Position of the line in the transaction, from 1.
    pub line: usize,
    /// The line's SKU.
    pub sku: Name,
    /// The line's category.
    pub category: Name,
    /// The amount the formula was applied to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub base: Option<Exact>,
    /// What the formula gave for this line.
    pub computed: Exact,
    /// Multipliers, rounding and caps on this line, in order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub steps: Vec<Step>,
    /// The line's points.
    pub points: Exact,
}

/// One thing that changed an amount of points.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Step {
    /// Multiplied by a tier benefit or by campaigns.
    Multiply {
        /// The factor.
        factor: Decimal,
        /// Where it came from.
        source: Source,
        /// Points before.
        before: Exact,
        /// Points after.
        after: Exact,
    },
    /// Rounded to the balance's precision.
    Round {
        /// How.
        mode: RoundingMode,
        /// To how many decimal places.
        decimals: u32,
        /// Points before.
        before: Exact,
        /// Points after.
        after: Exact,
    },
    /// Rounded together with the rule's other awards to the same balance
    /// (`per rule` rounds a rule's total once): this award takes the
    /// difference, so the rule's awards add up to the rounded total.
    RoundTogether {
        /// How.
        mode: RoundingMode,
        /// To how many decimal places.
        decimals: u32,
        /// How many earlier awards of the rule share the total.
        others: usize,
        /// The rule's total before rounding.
        total_before: Exact,
        /// The rule's total after rounding.
        total_after: Exact,
        /// This award's points before.
        before: Exact,
        /// This award's points after.
        after: Exact,
    },
    /// Cut by a per-member cap (`cap ... per member per year`): what the
    /// rule gave the member earlier in the period left this much room.
    MemberCap {
        /// The cap as the program writes it.
        cap: Name,
        /// The cap's limit.
        limit: Decimal,
        /// The period it covers.
        period: crate::period::Period,
        /// What the rule gave the member earlier in the period.
        used: Exact,
        /// Points before.
        before: Exact,
        /// Points after.
        after: Exact,
    },
    /// Cut by what is left of a campaign's budget.
    Budget {
        /// The campaign.
        campaign: Name,
        /// The budget.
        limit: Decimal,
        /// What all members had used of it before this award.
        used: Exact,
        /// Points before.
        before: Exact,
        /// Points after.
        after: Exact,
    },
    /// Cut by a cap.
    Cap {
        /// The cap as the program writes it.
        cap: Name,
        /// The cap's limit.
        limit: Decimal,
        /// Points before.
        before: Exact,
        /// Points after.
        after: Exact,
    },
}

/// Where a multiplier came from.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Source {
    /// A benefit of the member's tier.
    Tier {
        /// The tier.
        tier: Name,
    },
    /// One campaign, or several whose bonus percentages were added or of
    /// which the best was taken.
    Campaign {
        /// The campaigns.
        campaigns: Vec<Name>,
        /// How they stacked: `multiply`, `add` or `best`.
        stacking: Name,
    },
    /// The tier's bonus and the campaigns' bonuses added into one factor
    /// (`multipliers add`: +100% and +100% make x3).
    TierAndCampaigns {
        /// The tier.
        tier: Name,
        /// The campaigns.
        campaigns: Vec<Name>,
    },
}

/// The points one member earned in one balance from this event.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Total {
    /// The member credited.
    pub member: Name,
    /// The balance.
    pub balance: Name,
    /// Whether the balance only qualifies for tiers (it cannot be redeemed).
    pub qualifying: bool,
    /// Points credited.
    pub points: Decimal,
    /// Rounding of the total, for programs that round `per transaction`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub steps: Vec<Step>,
}

impl Outcome {
    /// Points credited to `member` in `balance` (zero when none).
    ///
    /// ```
    /// # use loyalty_rules::*;
    /// let program = Program::compile(r#"
    ///     program "Demo" { currency USD }
    ///     earn "Review" on review { award 50 points }
    /// "#)?;
    /// let event: Event = serde_json::from_str(
    ///     r#"{"kind": "review", "id": "r1", "timestamp": "2026-11-23T10:00:00Z"}"#)?;
    /// let outcome = program.evaluate(&Member::new("m1"), &event)?;
    /// assert_eq!(outcome.points("m1", "points").to_string(), "50");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn points(&self, member: &str, balance: &str) -> Decimal {
        self.totals
            .iter()
            .find(|t| t.member == member && t.balance == balance)
            .map_or(Decimal::ZERO, |t| t.points)
    }

    /// Points credited to `member` in `balance`, or `None` when the outcome
    /// has no such total: a balance the program does not declare, or a
    /// member the event credits nothing (which [`Outcome::points`] would
    /// read as zero).
    ///
    /// ```
    /// # use loyalty_rules::*;
    /// let program: Program = r#"program "P" { currency USD }
    ///     earn "Review" on review { award 50 points }"#.parse()?;
    /// let event = Event::from_json(r#"{"kind": "review", "id": "r1", "timestamp": "2026-11-23T10:00:00Z"}"#)?;
    /// let outcome = program.evaluate(&Member::new("m"), &event)?;
    /// assert_eq!(outcome.total("m", "points"), Some(Decimal::from(50)));
    /// assert_eq!(outcome.total("m", "pionts"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn total(&self, member: &str, balance: &str) -> Option<Decimal> {
        self.totals
            .iter()
            .find(|t| t.member == member && t.balance == balance)
            .map(|t| t.points)
    }

    /// A rendering for people: what was earned, and why, line by line.
    pub fn explain(&self) -> String {
        use std::fmt::Write;
        // About a line per award, line and step: a few hundred bytes.
        let mut text = String::with_capacity(1024);
        let _ = write!(text, "{self}");
        text
    }
}

impl std::fmt::Display for Outcome {
    /// The same text as [`Outcome::explain`], written straight into the
    /// formatter (no `String` in between).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::explain::render(self, f)
    }
}
