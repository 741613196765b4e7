//! Campaign budgets: what the rules of a campaign with `budget N points`
//! gave all members together. Like member state, the host keeps it and
//! passes it in; each outcome says what it used; [`Budgets::apply`] adds it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::exact::Exact;
use crate::input::InputError;
use crate::outcome::Outcome;
use crate::state::StateError;

/// Points used of each campaign's budget, shared by all members.
///
/// ```
/// use loyalty_rules::{Budgets, Event, Member, Program};
/// let program = Program::compile(r#"
///     program "Shop" { currency USD }
///     campaign "Launch" { budget 150 points  earn "Launch bonus" on purchase { award 100 points } }
/// "#)?;
/// let mut budgets = Budgets::new(program.name());
/// let buy = |id: &str| Event::from_json(&format!(r#"{{"kind": "purchase", "id": "{id}",
///     "timestamp": "2026-06-01T12:00:00Z", "currency": "USD", "lines": []}}"#));
/// let mut got = Vec::new();
/// for (member, id) in [("a", "t1"), ("b", "t2"), ("c", "t3")] {
///     let m = Member::new(member);
///     let o = program.evaluate_with_budgets(&m, &program.new_state(&m), &budgets, &buy(id)?)?;
///     got.push(o.points(member, "points").to_string());
///     budgets.apply(&o)?;
/// }
/// assert_eq!(got, ["100", "50", "0"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Budgets {
    /// The program they belong to.
    pub program: String,
    /// Points used, by campaign.
    #[serde(default)]
    pub used: BTreeMap<String, Exact>,
}

impl Budgets {
    /// Nothing used yet, for the program named `program`.
    pub fn new(program: &str) -> Self {
        Budgets {
            program: program.to_string(),
            used: BTreeMap::new(),
        }
    }

    /// Reads budgets from JSON, as strictly as a member state; they are
    /// written by their `Serialize` (`serde_json::to_string(&budgets)`).
    pub fn from_json(text: &str) -> Result<Budgets, InputError> {
        crate::input::read_json(text)
    }

    /// Points used of a campaign's budget.
    pub fn used(&self, campaign: &str) -> Exact {
        self.used.get(campaign).copied().unwrap_or(Exact::ZERO)
    }

    /// Adds what an outcome used; a return's outcome gives back what its
    /// purchase used (a negative use; never below zero). Atomic: on an
    /// error nothing changes.
    pub fn apply(&mut self, outcome: &Outcome) -> Result<(), StateError> {
        if outcome.program.name != self.program {
            return Err(StateError::OtherProgram {
                expected: outcome.program.name.to_string(),
                found: self.program.clone(),
            });
        }
        let mut next = self.used.clone();
        for (campaign, points) in &outcome.budgets {
            let slot = next.entry(campaign.to_string()).or_insert(Exact::ZERO);
            *slot = slot
                .checked_add(*points)
                .ok_or_else(|| StateError::Overflow {
                    what: format!("the budget of campaign \"{campaign}\""),
                })?
                .max(Exact::ZERO);
        }
        next.retain(|_, used| !used.is_zero());
        self.used = next;
        Ok(())
    }
}
