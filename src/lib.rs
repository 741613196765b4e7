//! # loyalty-rules
//!
//! A loyalty program (earn rules, tier benefits, campaigns, caps, rounding)
//! written as a small text program, checked and compiled once, and evaluated
//! deterministically against purchases and engagement events, with exact
//! decimal money and an explanation of every point.
//!
//! ```
//! use loyalty_rules::{Event, Member, Program};
//!
//! let program = Program::compile(r#"
//!     program "Acme Rewards" { currency USD  timezone "America/New_York" }
//!     tiers { member silver gold }
//!
//!     earn "Base" on purchase for each line where line.category != "gift_card" {
//!         award 1 point per USD of line.amount
//!     }
//!     tier gold { multiply "Base" by 1.5 }
//!     campaign "Double Days" from 2026-11-20 to 2026-11-30 { multiply "Base" by 2 }
//! "#)?;
//!
//! let mut member = Member::new("m-1");
//! member.tier = Some("gold".into());
//! let event: Event = serde_json::from_str(r#"{
//!     "kind": "purchase", "id": "t-1", "timestamp": "2026-11-25T12:00:00-05:00",
//!     "currency": "USD",
//!     "lines": [{"sku": "tee", "category": "apparel", "quantity": 2, "unit_price": "20.00"}]
//! }"#)?;
//!
//! let outcome = program.evaluate(&member, &event)?;
//! assert_eq!(outcome.points("m-1", "points").to_string(), "120"); // 40 × 1.5 × 2
//! print!("{}", outcome.explain());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Events can also be built in Rust, without JSON:
//!
//! ```
//! use loyalty_rules::{Decimal, Event, Line, Member, Program, Transaction};
//!
//! let program = Program::compile(r#"
//!     program "Coffee Club" { currency USD }
//!     earn "Stars" on purchase { award 2 points per USD of tx.amount }
//! "#)?;
//! let latte = Line::new("LATTE-16")
//!     .with_category("drinks")
//!     .with_quantity(Decimal::from(2))
//!     .with_unit_price(Decimal::new(475, 2));
//! let event = Event::Purchase(
//!     Transaction::new("order-7", "2026-11-28T08:15:00-05:00".parse()?, "USD")
//!         .with_channel("app")
//!         .with_line(latte),
//! );
//! let member = Member::new("m-2");
//! let points = program.points(&member, &event)?;
//! assert_eq!(points.get("m-2", "points").to_string(), "19"); // 2 × 9.50
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The pipeline is one module per stage: [`parser`](crate) (pest, hidden) →
//! AST with spans → checker (names, types, currencies, warnings) → compiled
//! plan → evaluator → [`Outcome`]. See the README for a tour of the language
//! and `docs/language.md` in the repository for its complete reference.
//!
//! ## Feature flags
//!
//! - `cli`: the `loyalty` command-line tool (`check`, `fmt`, `eval`,
//!   `explain`, `simulate`, `redeem`, `tier`, `balances`, `grant`).
//! - `rayon`: parallel batch evaluation (`Program::par_evaluate_batch`,
//!   `Program::par_points_batch`).
//! - `proptest`: proptest strategies for programs, members and events
//!   (`loyalty_rules::generators`), for property-testing your own ledger.
//! - `schema`: `json_schemas()`, the JSON Schemas of `Member`, `Event`,
//!   `Outcome`, `MemberState` and `TierStatus` (also kept in the
//!   repository's `docs/schemas/`).
//!
//! None is on by default.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod ast;
mod batch;
mod budget;
mod check;
mod codes;
mod error;
mod eval;
mod exact;
mod explain;
mod format;
#[cfg(feature = "proptest")]
pub mod generators;
mod input;
mod keywords;
mod kinds;
mod ledger;
mod limits;
mod name;
mod outcome;
mod parser;
mod period;
mod plan;
mod points;
mod program;
mod returns;
mod rounding;
#[cfg(feature = "schema")]
mod schema;
mod span;
mod state;
mod tier;
mod types;
mod why_not;

pub use budget::Budgets;
/// The date and time types of events and members (re-exported from `chrono`).
pub use chrono::{DateTime, FixedOffset, NaiveDate};
pub use codes::Code;
pub use error::{CompileError, Diagnostic, EvalError, Severity};
pub use exact::{Exact, ParseExactError};
pub use format::{format_program, format_program_with};
pub use input::{
    Activity, Attributes, Cancellation, CustomEvent, Event, InputError, Line, Member, Redemption,
    Referral, Return, Tenders, Transaction, Value,
};
pub use ledger::{
    BurnDiscount, CancelOutcome, CancelRefusal, ExpiredLot, Expiring, Forgiven, Issued, Lot,
    NewLot, RedemptionOutcome, RedemptionReceipt, Refusal, SpentLot, Wallet,
};
pub use limits::{Limit, Limits};
pub use name::Name;
pub use outcome::{
    Award, GroupChoice, LimitReached, LineAward, Outcome, ProgramId, Rival, Source, Step, Total,
};
pub use period::Period;
pub use points::{Credited, Points};
pub use program::{check_syntax, Program, StateReport};
pub use returns::{Receipt, RestAward, ReturnLine, ReturnOutcome, ReturnRefusal, ReturnedGoods};
pub use rounding::{Granularity, ParseKeywordError, RoundingMode};
/// The exact decimal type of every amount (re-exported from `rust_decimal`).
pub use rust_decimal::Decimal;
#[cfg(feature = "schema")]
pub use schema::json_schemas;
pub use span::Span;
pub use state::{
    Badge, Counter, DayUsage, MemberState, RecentIds, RuleRelease, RuleUsage, RuleUse, StateChange,
    StateError, Streak, STATE_SCHEMA,
};
pub use tier::{
    CriterionProgress, GrantKind, HeldTier, NextTier, PartProgress, PathProgress, TierGrant,
    TierMove, TierSource, TierState, TierStatus,
};
pub use why_not::{CampaignOff, NotApplied, WhyNot};

#[doc(hidden)]
pub use parser::Twin;

/// Compares the crate's two parsers on one text: the hand-written one that
/// compiles programs and pest, which defines the grammar. For the crate's
/// differential tests and fuzz targets; not part of the stable API.
#[doc(hidden)]
pub fn parser_twin(src: &str) -> Twin {
    parser::twin(src)
}

/// How the evaluator's straight lane and its interpreter compare on one
/// evaluation of `points` (see [`lane_twin`]). Not part of the stable API.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LaneTwin {
    /// Both gave the same totals.
    Same,
    /// The lane gave up; the interpreter's result is `Ok` (`true`) or an
    /// error (`false`).
    GaveUp(bool),
    /// The program or the event does not take the lane.
    NotTaken,
    /// The two results differ: both, as text.
    Different(String),
}

/// Compares the straight lane of `points` with the interpreter on one
/// evaluation. For the crate's differential tests and fuzz targets; not
/// part of the stable API.
#[doc(hidden)]
pub fn lane_twin(
    program: &Program,
    member: &Member,
    state: Option<&MemberState>,
    budgets: Option<&Budgets>,
    event: &Event,
) -> LaneTwin {
    program::lane_twin(program, member, state, budgets, event)
}
