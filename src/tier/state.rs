//! What the member state keeps of a member's tier: the level earned and
//! until when, a floor for life, and tiers granted from outside.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A member's tier as the state keeps it (see
/// [`MemberState::tier`](crate::MemberState::tier)). Written by the crate:
/// a program that computes tiers fills it on the member's first event and
/// reviews it as time passes.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "TierStateRepr")]
#[non_exhaustive]
pub struct TierState {
    /// The level the member earned and holds.
    pub level: String,
    /// Since when (a local date in the program's time zone).
    pub since: NaiveDate,
    /// The last day it is held before it is reviewed; `None` for the
    /// lowest level, which never ends. The review renews it by what the
    /// member qualified for since, so it may then last longer
    /// ([`TierStatus::until`](crate::TierStatus::until) says until when).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// Why it is held: the path that qualified it, or the policy that kept it.
    pub by: String,
    /// Whether `until` is a grace period's end.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub grace: bool,
    /// A level the member never falls below (`floor` in the program).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<String>,
    /// Tiers held from outside the thresholds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<TierGrant>,
    /// The day up to which the tier has been reviewed.
    pub reviewed: NaiveDate,
}

/// A tier held from outside the thresholds: a paid membership, an
/// invitation, a status match. While it is valid the member holds the
/// higher of it and the earned tier; when it ends they fall back to the
/// earned tier.
///
/// ```
/// use loyalty_rules::{GrantKind, NaiveDate, TierGrant};
/// let from = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
/// let matched = TierGrant::status_match("gold", from, 6);
/// assert_eq!(matched.until, NaiveDate::from_ymd_opt(2026, 8, 31));
/// assert_eq!(matched.kind, GrantKind::StatusMatch);
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TierGrant {
    /// The level granted.
    pub level: String,
    /// Why.
    pub kind: GrantKind,
    /// The first day it is held.
    pub from: NaiveDate,
    /// The last day it is held; `None`: until it is taken away.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// The host's note, shown in explanations (an order id, a partner).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why a tier was granted.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GrantKind {
    /// A paid membership.
    Paid,
    /// An invitation-only level.
    Invitation,
    /// A status match from another program.
    StatusMatch,
    /// Any other reason (see the note).
    Other,
}

impl std::fmt::Display for GrantKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GrantKind::Paid => "paid",
            GrantKind::Invitation => "by invitation",
            GrantKind::StatusMatch => "status match",
            GrantKind::Other => "granted",
        })
    }
}

impl TierGrant {
    /// A grant of `level` from `from`, without an end.
    pub fn new(level: &str, kind: GrantKind, from: NaiveDate) -> Self {
        TierGrant {
            level: level.to_string(),
            kind,
            from,
            until: None,
            note: None,
        }
    }

    /// A paid membership of `level` for a year: from `from` to the day
    /// before its anniversary.
    pub fn paid_year(level: &str, from: NaiveDate) -> Self {
        TierGrant::new(level, GrantKind::Paid, from).months(12)
    }

    /// A status match of `level` for `months` months from `from`.
    pub fn status_match(level: &str, from: NaiveDate, months: u32) -> Self {
        TierGrant::new(level, GrantKind::StatusMatch, from).months(months)
    }

    /// The same grant held for `n` months: to the day before the same date
    /// `n` months after its first day (without an end when that is past
    /// the last date a `NaiveDate` holds).
    pub fn months(mut self, n: u32) -> Self {
        self.until = self
            .from
            .checked_add_months(Months::new(n))
            .and_then(|d| d.pred_opt());
        self
    }

    /// The same grant ending on `until`.
    pub fn until(mut self, until: NaiveDate) -> Self {
        self.until = Some(until);
        self
    }

    /// The same grant with a note.
    pub fn with_note(mut self, note: &str) -> Self {
        self.note = Some(note.to_string());
        self
    }

    /// Refuses a grant that ends before it starts (it would never hold).
    pub(crate) fn check(&self) -> Result<(), crate::state::StateError> {
        match self.until {
            Some(until) if until < self.from => {
                Err(crate::state::StateError::GrantEndsBeforeStart {
                    tier: self.level.clone(),
                    from: self.from,
                    until,
                })
            }
            _ => Ok(()),
        }
    }

    /// Whether the grant holds on `day`.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u)
    }
}

/// A tier state as written, before its dates are checked.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TierStateRepr {
    level: String,
    since: NaiveDate,
    #[serde(default)]
    until: Option<NaiveDate>,
    by: String,
    #[serde(default)]
    grace: bool,
    #[serde(default)]
    floor: Option<String>,
    #[serde(default)]
    grants: Vec<TierGrant>,
    reviewed: NaiveDate,
}

impl TryFrom<TierStateRepr> for TierState {
    type Error = String;

    fn try_from(t: TierStateRepr) -> Result<Self, String> {
        if let Some(until) = t.until.filter(|u| *u < t.since) {
            return Err(format!(
                "a tier cannot end ({until}) before it starts ({})",
                t.since
            ));
        }
        for g in &t.grants {
            g.check().map_err(|e| e.to_string())?;
        }
        Ok(TierState {
            level: t.level,
            since: t.since,
            until: t.until,
            by: t.by,
            grace: t.grace,
            floor: t.floor,
            grants: t.grants,
            reviewed: t.reviewed,
        })
    }
}
