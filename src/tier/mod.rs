//! Tiers computed from the member's state: levels with thresholds on
//! counters and balances, qualification periods, downgrades as time passes,
//! floors for life, and tiers granted from outside; with the status of a
//! member and what is missing for the next level.
//!
//! A program computes tiers when its `tiers { ... }` block gives levels a
//! requirement (`gold when 25 nights or 12 stays`). The tier lives in the
//! member state ([`MemberState::tier`](crate::MemberState::tier)); every
//! evaluation first reviews it up to the event's date (a status that ended
//! is renewed, kept in grace or lowered), then the rules read it, then the
//! event's counts may raise it. [`Program::tier_status`](crate::Program::tier_status)
//! reports it on any date.

pub(crate) mod expire;
pub(crate) mod plan;
pub(crate) mod qualify;
pub(crate) mod review;
pub(crate) mod revoke;
mod state;
pub(crate) mod status;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use state::{GrantKind, TierGrant, TierState};
pub use status::{CriterionProgress, NextTier, PartProgress, PathProgress, TierStatus};

/// A change of a member's tier, or a note on it (a grace period, a
/// deduction, a floor reached), with the day and the reason.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TierMove {
    /// The local date it happened.
    pub on: NaiveDate,
    /// The earned level before.
    pub from: String,
    /// The earned level after (the same for a note).
    pub to: String,
    /// Why, in words.
    pub why: String,
}

impl std::fmt::Display for TierMove {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.from == self.to {
            write!(f, "{}: {}: {}", self.on, self.to, self.why)
        } else {
            write!(f, "{}: {} -> {}: {}", self.on, self.from, self.to, self.why)
        }
    }
}

/// Where the tier that rules read comes from.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TierSource {
    /// Earned by the program's thresholds (or the lowest level).
    Earned,
    /// A floor for life (`floor LEVEL` in the program).
    Floor,
    /// Granted from outside the thresholds.
    Granted {
        /// Why.
        kind: GrantKind,
        /// The last day of the grant.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
    },
    /// Given by the host in `Member::tier` (a program without thresholds).
    Member,
}

/// The tier an evaluation used, and where it came from.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HeldTier {
    /// The tier.
    pub tier: String,
    /// Where it came from.
    #[serde(flatten)]
    pub source: TierSource,
}

impl std::fmt::Display for HeldTier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.source {
            TierSource::Earned => write!(f, "{} (earned)", self.tier),
            TierSource::Floor => write!(f, "{} (for life)", self.tier),
            TierSource::Granted { kind, until } => match until {
                Some(u) => write!(f, "{} ({kind}, until {u})", self.tier),
                None => write!(f, "{} ({kind})", self.tier),
            },
            TierSource::Member => write!(f, "{} (given by the host)", self.tier),
        }
    }
}

/// The tier held on `day`: the highest of the earned level, the floor and
/// the grants that hold that day (the earned level wins a tie).
pub(crate) fn effective(tp: &plan::TierPlan, t: &TierState, day: NaiveDate) -> (u16, HeldTier) {
    let mut best = (review::level(tp, t), TierSource::Earned);
    if let Some(floor) = t.floor.as_deref().and_then(|f| tp.level(f)) {
        if floor > best.0 {
            best = (floor, TierSource::Floor);
        }
    }
    for g in t.grants.iter().filter(|g| g.holds_on(day)) {
        if let Some(l) = tp.level(&g.level) {
            if l > best.0 {
                best = (
                    l,
                    TierSource::Granted {
                        kind: g.kind,
                        until: g.until,
                    },
                );
            }
        }
    }
    let (level, source) = best;
    (
        level,
        HeldTier {
            tier: tp.name(level).to_string(),
            source,
        },
    )
}
