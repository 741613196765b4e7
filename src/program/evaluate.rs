//! Evaluating events: explained (`evaluate`), totals only (`points`), with
//! the member's state and the campaigns' budgets, and why rules did not
//! apply (`why_not`).

use super::Program;
use crate::error::EvalError;
use crate::input::{Event, Member};
use crate::outcome::Outcome;
use crate::points::Points;
use crate::state::{MemberState, StateError};

impl Program {
    /// Evaluates one event for one member. Pure: the same program, member and
    /// event always give the same outcome.
    ///
    /// Without a state, counters read only this event's count and rule
    /// usage starts at zero: for a program with counters, caps or limits per
    /// member, use [`Program::evaluate_with`].
    pub fn evaluate(&self, member: &Member, event: &Event) -> Result<Outcome, EvalError> {
        crate::eval::evaluate(&self.plan, member, None, None, event)
    }

    /// Evaluates one event for one member with the member's state before
    /// it: counters, rule usage for per-member caps and limits, badges. The
    /// outcome carries the change of state ([`Outcome::change`]), which
    /// [`MemberState::apply`] applies. Pure: the state is only read.
    ///
    /// ```
    /// use loyalty_rules::{Event, Member, Program};
    ///
    /// let program = Program::compile(r#"
    ///     program "Hotel" { currency USD }
    ///     counter nights
    ///     count tx.items to nights on purchase
    ///     earn "Milestone" on purchase { award 10000 points per crossed(nights this year, 40, 10) }
    /// "#)?;
    /// let member = Member::new("m-1");
    /// let mut state = program.new_state(&member);
    /// let stay = |id: &str, nights: u32| Event::from_json(&format!(r#"{{"kind": "purchase",
    ///     "id": "{id}", "timestamp": "2026-06-01T12:00:00Z", "currency": "USD",
    ///     "lines": [{{"sku": "room", "quantity": {nights}, "unit_price": "100.00"}}]}}"#));
    ///
    /// let first = program.evaluate_with(&member, &state, &stay("s1", 38)?)?;
    /// assert_eq!(first.points("m-1", "points").to_string(), "0");
    /// state.apply(&first)?;
    /// // 38 + 25 = 63 nights: the marks at 40, 50 and 60 are crossed.
    /// let second = program.evaluate_with(&member, &state, &stay("s2", 25)?)?;
    /// assert_eq!(second.points("m-1", "points").to_string(), "30000");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_with(
        &self,
        member: &Member,
        state: &MemberState,
        event: &Event,
    ) -> Result<Outcome, EvalError> {
        self.fits(member, state)?;
        Self::unseen(state, event)?;
        crate::eval::evaluate(&self.plan, member, Some(state), None, event)
    }

    /// Why each earn rule that runs on the event's kind gave nothing to
    /// this member for this event, in evaluation order: an earlier rule's
    /// `stop`, its campaign not running (its hours, dates, days or
    /// condition), its condition (with what it read), no line for a rule
    /// `for each line`, its limit, a group's other rule, or awards that
    /// come to nothing; and each campaign that would have multiplied what
    /// a rule gave (its award, or a line its category filter takes) but
    /// does not run, with why
    /// ([`WhyNot::NotMultiplied`](crate::WhyNot::NotMultiplied)).
    /// The answer to "where is my bonus?", for support tools; it evaluates
    /// the event, so it costs more than [`Program::evaluate_with`]. The
    /// state is only read; a campaign budget is read as untouched (what is
    /// left of it cuts an award, it never keeps a rule from applying).
    ///
    /// ```
    /// use loyalty_rules::{Event, Member, Program};
    ///
    /// let program = Program::compile(r#"
    ///     program "Cafe" { currency USD }
    ///     earn "Birthday" on purchase when month(tx.date) == month(member.birthday) {
    ///       award 100 points
    ///     }
    /// "#)?;
    /// let member = Member::from_json(r#"{"id": "m", "birthday": "1990-03-15"}"#)?;
    /// let event = Event::from_json(r#"{"kind": "purchase", "id": "p1",
    ///     "timestamp": "2026-04-05T12:00:00Z", "currency": "USD", "lines": []}"#)?;
    /// let why = program.why_not(&member, &program.new_state(&member), &event)?;
    /// assert_eq!(
    ///     why[0].to_string(),
    ///     "Birthday: not applied, `month(tx.date) == month(member.birthday)` does not hold \
    ///      (tx.date is 2026-04-05, member.birthday is 1990-03-15)"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn why_not(
        &self,
        member: &Member,
        state: &MemberState,
        event: &Event,
    ) -> Result<Vec<crate::why_not::NotApplied>, EvalError> {
        self.fits(member, state)?;
        Self::unseen(state, event)?;
        let budgets = self
            .plan
            .has_budgets
            .then(|| crate::budget::Budgets::new(&self.plan.name));
        let outcome =
            crate::eval::evaluate(&self.plan, member, Some(state), budgets.as_ref(), event)?;
        crate::eval::why_not(&self.plan, member, state, event, &outcome)
    }

    /// [`Program::points`] with the member's state (see
    /// [`Program::evaluate_with`]): the same totals, without the explanation
    /// or the change of state. For a program that computes tiers, reviewing
    /// the member's tier up to the event allocates (the reviewed tier).
    pub fn points_with<'a>(
        &'a self,
        member: &'a Member,
        state: &MemberState,
        event: &'a Event,
    ) -> Result<Points<'a>, EvalError> {
        self.fits(member, state)?;
        Self::unseen(state, event)?;
        crate::eval::points(&self.plan, member, Some(state), None, event)
    }

    /// [`Program::evaluate_with`] for a program with campaign budgets
    /// (`budget N points` in a campaign): `budgets` is what all members
    /// have used of them; the outcome says what this event used
    /// ([`Outcome::budgets`](crate::Outcome::budgets)), which
    /// [`Budgets::apply`](crate::Budgets::apply) adds. An award that would
    /// go past a budget gets what is left, explained. Only an event that
    /// can use a budget or give back what its purchase used (a return)
    /// needs them: [`Program::evaluate_with`] takes a `time` event, a
    /// redemption, a cancellation, or an event of a kind no budgeted
    /// campaign earns on; any other is [`EvalError::NoBudgets`].
    pub fn evaluate_with_budgets(
        &self,
        member: &Member,
        state: &MemberState,
        budgets: &crate::budget::Budgets,
        event: &Event,
    ) -> Result<Outcome, EvalError> {
        self.fits(member, state)?;
        Self::unseen(state, event)?;
        self.fits_budgets(budgets)?;
        crate::eval::evaluate(&self.plan, member, Some(state), Some(budgets), event)
    }

    /// [`Program::points_with`] with the campaign budgets' state.
    pub fn points_with_budgets<'a>(
        &'a self,
        member: &'a Member,
        state: &MemberState,
        budgets: &crate::budget::Budgets,
        event: &'a Event,
    ) -> Result<Points<'a>, EvalError> {
        self.fits(member, state)?;
        Self::unseen(state, event)?;
        self.fits_budgets(budgets)?;
        crate::eval::points(&self.plan, member, Some(state), Some(budgets), event)
    }

    /// Whether a campaign has a budget: then evaluations of events that can
    /// use one take the budgets' state ([`Program::evaluate_with_budgets`]).
    pub fn has_budgets(&self) -> bool {
        self.plan.has_budgets
    }

    pub(super) fn fits_budgets(&self, budgets: &crate::budget::Budgets) -> Result<(), EvalError> {
        if budgets.program != self.plan.name {
            return Err(EvalError::State {
                reason: StateError::OtherProgram {
                    expected: self.plan.name.to_string(),
                    found: budgets.program.clone(),
                },
            });
        }
        Ok(())
    }

    /// An event already in the state is not evaluated again.
    pub(super) fn unseen(state: &MemberState, event: &Event) -> Result<(), EvalError> {
        if !matches!(event, Event::Time(_)) && state.has_applied(event.id()) {
            return Err(EvalError::State {
                reason: StateError::AlreadyApplied {
                    event: event.id().to_string(),
                    member: state.member.clone(),
                },
            });
        }
        Ok(())
    }

    /// The state must be this program's and this member's.
    pub(super) fn fits(&self, member: &Member, state: &MemberState) -> Result<(), EvalError> {
        if state.program != self.plan.name {
            return Err(EvalError::State {
                reason: StateError::OtherProgram {
                    expected: self.plan.name.to_string(),
                    found: state.program.clone(),
                },
            });
        }
        if state.member != member.id {
            return Err(EvalError::State {
                reason: StateError::OtherMember {
                    expected: member.id.clone(),
                    found: state.member.clone(),
                },
            });
        }
        crate::ledger::lots_add_up(&self.plan.ledgers, state)
            .map_err(|reason| EvalError::State { reason })
    }

    /// Evaluates one event for one member for its totals only: the same
    /// points as [`Program::evaluate`], without building the explanation.
    /// Once a thread has evaluated an event, this allocates nothing but the
    /// returned list of totals.
    ///
    /// ```
    /// use loyalty_rules::{Event, Member, Program};
    ///
    /// let program = Program::compile(r#"
    ///     program "Coffee Club" { currency USD }
    ///     earn "Base" on purchase { award 2 points per USD of tx.amount }
    /// "#)?;
    /// let event: Event = serde_json::from_str(r#"{
    ///     "kind": "purchase", "id": "t-1", "timestamp": "2026-11-23T08:30:00Z",
    ///     "currency": "USD", "lines": [{"sku": "latte", "quantity": 2, "unit_price": "4.25"}]
    /// }"#)?;
    /// let member = Member::new("m-42");
    ///
    /// let points = program.points(&member, &event)?;
    /// assert_eq!(points.get("m-42", "points").to_string(), "17"); // 2 × 8.50
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn points<'a>(
        &'a self,
        member: &'a Member,
        event: &'a Event,
    ) -> Result<Points<'a>, EvalError> {
        crate::eval::points(&self.plan, member, None, None, event)
    }
}
