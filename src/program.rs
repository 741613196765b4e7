//! The public entry point: compile a program once, evaluate it many times.

use std::fmt::Write;

use sha2::{Digest, Sha256};

use crate::error::{CompileError, Diagnostic, EvalError};
use crate::input::{Event, Member};
use crate::limits::Limits;
use crate::name::Name;
use crate::outcome::Outcome;
use crate::plan::Plan;
use crate::points::Points;
use crate::span::Span;
use crate::state::{MemberState, StateError};

/// What a member state holds that the program does not declare: kept in
/// the state (a later version of the program may declare it again), but not
/// read. See [`Program::check_state`].
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct StateReport {
    /// Balances the program does not declare.
    pub unknown_balances: Vec<String>,
    /// Counters the program does not declare.
    pub unknown_counters: Vec<String>,
    /// Rules (with recorded usage) the program does not have.
    pub unknown_rules: Vec<String>,
}

impl StateReport {
    /// Whether the state holds nothing the program does not declare.
    pub fn is_clean(&self) -> bool {
        self.unknown_balances.is_empty()
            && self.unknown_counters.is_empty()
            && self.unknown_rules.is_empty()
    }
}

/// A checked and compiled loyalty program.
///
/// Compile once (at start-up or on a configuration change), then evaluate
/// events against it from as many threads as you like: a `Program` is
/// `Send + Sync` and holds no state between evaluations.
///
/// ```
/// use loyalty_rules::{Event, Member, Program};
///
/// let program = Program::compile(r#"
///     program "Coffee Club" { currency USD }
///     earn "Base" on purchase { award 1 point per USD of tx.amount }
///     earn "Big order" on purchase when tx.amount >= 20 USD { award 25 points }
/// "#)?;
///
/// let event: Event = serde_json::from_str(r#"{
///     "kind": "purchase", "id": "t-1", "timestamp": "2026-11-23T08:30:00Z",
///     "currency": "USD",
///     "lines": [{"sku": "latte", "quantity": 3, "unit_price": "7.50"}]
/// }"#)?;
///
/// let outcome = program.evaluate(&Member::new("m-42"), &event)?;
/// assert_eq!(outcome.points("m-42", "points").to_string(), "47"); // 22 + 25
/// println!("{}", outcome.explain());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Program {
    plan: Plan,
    warnings: Vec<Diagnostic>,
}

impl Program {
    /// Parses, checks and compiles program text with the default [`Limits`].
    ///
    /// On failure, every error found comes back at once, each with its line,
    /// column and source line.
    ///
    /// ```
    /// let err = loyalty_rules::Program::compile(r#"
    ///     program "Demo" { currency USD }
    ///     earn "Big" on purchase when tx.amount >= 50 EUR { award 10 points }
    /// "#).unwrap_err();
    /// assert_eq!(err.errors[0].message, "this amount is in EUR, but the program's currency is USD");
    /// assert_eq!((err.errors[0].line, err.errors[0].column), (3, 49));
    /// ```
    pub fn compile(source: &str) -> Result<Program, CompileError> {
        Program::compile_with(source, &Limits::default())
    }

    /// Like [`Program::compile`], for text that arrives as bytes (a file, a
    /// request body): text that is not valid UTF-8 is an error at the first
    /// invalid byte, with its line and column.
    ///
    /// ```
    /// let err = loyalty_rules::Program::compile_bytes(b"program \"Caf\xe9\" { currency EUR }").unwrap_err();
    /// assert_eq!(err.errors[0].message, "the program is not valid UTF-8: byte 0xe9 cannot start a character here");
    /// assert_eq!((err.errors[0].line, err.errors[0].column), (1, 13));
    /// ```
    pub fn compile_bytes(source: &[u8]) -> Result<Program, CompileError> {
        Program::compile_bytes_with(source, &Limits::default())
    }

    /// Like [`Program::compile_bytes`], with explicit resource limits.
    pub fn compile_bytes_with(source: &[u8], limits: &Limits) -> Result<Program, CompileError> {
        match std::str::from_utf8(source) {
            Ok(text) => Program::compile_with(text, limits),
            Err(e) => {
                let at = e.valid_up_to();
                let byte = source.get(at).copied().unwrap_or(0);
                // The lossy text is identical up to the first invalid byte.
                let text = String::from_utf8_lossy(source);
                let width = '\u{FFFD}'.len_utf8();
                let message = format!(
                    "the program is not valid UTF-8: byte {byte:#04x} cannot start a character here"
                );
                Err(CompileError {
                    errors: vec![Diagnostic::error(&text, Span::new(at, at + width), message)
                        .with_code(crate::codes::Code::NotUtf8)],
                    warnings: Vec::new(),
                })
            }
        }
    }

    /// Like [`Program::compile`], with explicit resource limits.
    pub fn compile_with(source: &str, limits: &Limits) -> Result<Program, CompileError> {
        // Editors on some systems start UTF-8 files with a byte-order mark;
        // it is not part of the program (nor of its hash).
        let source = without_bom(source);
        let (tree, ast) =
            crate::parser::tree_and_ast(source, limits).map_err(|errors| CompileError {
                errors,
                warnings: Vec::new(),
            })?;
        let (mut plan, warnings) = crate::check::check(source, &ast, content_hash(source), limits)?;
        plan.version = Name::from(crate::format::version(&tree).as_str());
        plan.source = Name::from(source);
        plan.limits = limits.clone();
        Ok(Program { plan, warnings })
    }

    /// Ignore attributes in the input that the program does not declare,
    /// instead of refusing the event with [`EvalError::UnknownAttribute`]:
    /// for hosts that send every attribute they have to programs that read
    /// a few. The explained outcome lists what it ignored
    /// ([`Outcome::ignored_attributes`]).
    ///
    /// ```
    /// use loyalty_rules::{EvalError, Event, Member, Program};
    /// let program = Program::compile(r#"
    ///     program "P" { currency USD }
    ///     attribute member.vip bool
    ///     earn "VIP" on review when member.vip { award 10 points }
    /// "#)?;
    /// let mut member = Member::from_json(r#"{"id": "m", "attributes": {"vipp": true}}"#)?;
    /// let event = Event::from_json(r#"{"kind": "review", "id": "r", "timestamp": "2026-11-28T10:00:00Z"}"#)?;
    /// let err = program.evaluate(&member, &event).unwrap_err();
    /// assert_eq!(err.to_string(), "the input has the attribute member.vipp, which the program does not declare; did you mean member.vip?");
    ///
    /// let lenient = program.lenient_attributes(true);
    /// let outcome = lenient.evaluate(&member, &event)?;
    /// assert_eq!(outcome.ignored_attributes, ["member.vipp"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn lenient_attributes(mut self, lenient: bool) -> Program {
        self.plan.lenient_attributes = lenient;
        self
    }

    /// Warnings found while compiling: things that compile but are probably
    /// not what the author meant, such as a condition that can never hold.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The name in the program header.
    pub fn name(&self) -> &str {
        &self.plan.name
    }

    /// `sha256:` and the hex SHA-256 of the program text: the program's
    /// identity, recorded in every outcome.
    pub fn hash(&self) -> &str {
        &self.plan.hash
    }

    /// `sha256:` and the hex SHA-256 of the program's tokens, as the
    /// canonical layout prints them: the program without its comments and
    /// layout. Two texts that differ only there are one version (their
    /// [`hash`](Program::hash)es differ). A purchase's receipt records the
    /// version that evaluated it, and only that version evaluates its
    /// return ([`ReturnRefusal::OtherVersion`](crate::ReturnRefusal::OtherVersion)).
    pub fn version(&self) -> &str {
        &self.plan.version
    }

    /// The program's currency code.
    pub fn currency(&self) -> &str {
        &self.plan.currency
    }

    /// The balances the program keeps, in declaration order: `points`
    /// first, unless the program has balances of its own and nothing earns,
    /// caps, spends or keeps `points` (an airline's `miles`, a coffee
    /// chain's `stars`), which outcomes do not report either.
    ///
    /// ```
    /// let p = loyalty_rules::Program::compile(
    ///     r#"program "Coffee" { currency USD  balance stars }
    ///     earn "Stars" on purchase { award 1 point per USD of tx.amount to stars }"#,
    /// )?;
    /// assert_eq!(p.balances().collect::<Vec<_>>(), ["stars"]);
    /// # Ok::<(), loyalty_rules::CompileError>(())
    /// ```
    pub fn balances(&self) -> impl Iterator<Item = &str> {
        let skip = usize::from(self.plan.quiet_points);
        self.plan
            .balances
            .iter()
            .skip(skip)
            .map(|b| b.name.as_str())
    }

    /// The decimal places a balance keeps (`precision N`; 0 for whole
    /// points), or `None` for a balance the program does not declare: for
    /// a host that shows amounts of the balance as its totals show them.
    ///
    /// ```
    /// let p = loyalty_rules::Program::compile(
    ///     r#"program "Rx" { currency USD  balance cash precision 2 }"#,
    /// )?;
    /// assert_eq!(p.precision("cash"), Some(2));
    /// assert_eq!(p.precision("points"), Some(0));
    /// assert_eq!(p.precision("miles"), None);
    /// # Ok::<(), loyalty_rules::CompileError>(())
    /// ```
    pub fn precision(&self, balance: &str) -> Option<u32> {
        self.plan.precision_named(balance)
    }

    /// The tiers, lowest first, as the program declares them.
    pub fn tiers(&self) -> impl Iterator<Item = &str> {
        self.plan.tiers.iter().map(Name::as_str)
    }

    /// The custom event kinds the program's rules are `on`
    /// (`on event "NAME"`), in name order.
    pub fn custom_kinds(&self) -> impl Iterator<Item = &str> {
        self.plan.custom_sequences.keys().map(String::as_str)
    }

    /// The compiled plan, for generators that fit inputs to the program.
    #[cfg(any(test, feature = "proptest"))]
    pub(crate) fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Declared attributes: owner, name (without the owner) and type.
    #[cfg(feature = "proptest")]
    pub(crate) fn declared_attributes(
        &self,
    ) -> impl Iterator<Item = (crate::plan::AttrOwner, &str, crate::types::Type)> {
        self.plan
            .attributes
            .iter()
            .map(|a| (a.owner, a.key.as_str(), a.ty))
    }

    /// The attributes the program declares, in declaration order: the path
    /// (`member.vip`) and the type's keyword (`bool`, `number`, `text`,
    /// `money`, `date` or `list`); [`attribute_default`](Self::attribute_default)
    /// gives the default of one declared with a default.
    pub fn attributes(&self) -> impl Iterator<Item = (&str, &str)> {
        self.plan
            .attributes
            .iter()
            .map(|a| (a.path.as_str(), a.ty.keyword()))
    }

    /// The default an attribute is declared with (`attribute
    /// tx.partner_shop bool default false`): the value read when the input
    /// leaves it out. `None` for an attribute without one, or one the
    /// program does not declare. A date is its text, `YYYY-MM-DD`; money
    /// is its amount in the program's currency.
    ///
    /// ```
    /// # use loyalty_rules::{Program, Value};
    /// let program = Program::compile(
    ///     "program \"P\" { currency USD }\nattribute tx.partner_shop bool default false\n",
    /// )?;
    /// assert_eq!(program.attribute_default("tx.partner_shop"), Some(&Value::Bool(false)));
    /// # Ok::<(), loyalty_rules::CompileError>(())
    /// ```
    pub fn attribute_default(&self, path: &str) -> Option<&crate::input::Value> {
        self.plan
            .attributes
            .iter()
            .find(|a| a.path == path)?
            .default
            .as_ref()
    }

    /// The program's time zone (an IANA name such as `America/New_York`).
    pub fn timezone(&self) -> &str {
        self.plan.timezone.name()
    }

    /// The campaigns, in declaration order.
    pub fn campaigns(&self) -> impl Iterator<Item = &str> {
        self.plan.campaigns.iter().map(|c| c.name.as_str())
    }

    /// The counters the program declares, in declaration order.
    pub fn counters(&self) -> impl Iterator<Item = &str> {
        self.plan.counters.iter().map(String::as_str)
    }

    /// The rule names, in declaration order.
    pub fn rules(&self) -> impl Iterator<Item = &str> {
        self.plan.rules.iter().map(|r| r.name.as_str())
    }

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

    fn fits_budgets(&self, budgets: &crate::budget::Budgets) -> Result<(), EvalError> {
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

    /// An empty state for `member` under this program: the state of a
    /// member before their first event.
    pub fn new_state(&self, member: &Member) -> MemberState {
        MemberState::new(&self.plan.name, &member.id)
    }

    /// Whether a state can be used with this program: an error for a state
    /// of another program; otherwise what in it the program does not
    /// declare (kept in the state, never dropped, but not read).
    ///
    /// ```
    /// use loyalty_rules::{MemberState, Program};
    /// let program = Program::compile(r#"
    ///     program "Cafe" { currency EUR }
    ///     counter visits
    /// "#)?;
    /// let state = MemberState::from_json(r#"{"schema": 1, "program": "Cafe", "member": "m-1",
    ///     "counters": {"visits": {"total": "3"}, "reviews": {"total": "1"}}}"#)?;
    /// let report = program.check_state(&state)?;
    /// assert_eq!(report.unknown_counters, ["reviews"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_state(&self, state: &MemberState) -> Result<StateReport, StateError> {
        if state.program != self.plan.name {
            return Err(StateError::OtherProgram {
                expected: self.plan.name.to_string(),
                found: state.program.clone(),
            });
        }
        let unknown = |names: &mut dyn Iterator<Item = &String>, known: &dyn Fn(&str) -> bool| {
            names.filter(|n| !known(n)).cloned().collect::<Vec<_>>()
        };
        let plan = &self.plan;
        Ok(StateReport {
            unknown_balances: unknown(&mut state.balances.keys(), &|n| {
                plan.balances.iter().any(|b| b.name == n)
            }),
            unknown_counters: unknown(&mut state.counters.keys(), &|n| {
                plan.counters.iter().any(|c| c == n)
                    || plan
                        .tracked_balances
                        .iter()
                        .filter_map(|b| plan.balances.get(*b))
                        .any(|b| b.name == n)
            }),
            unknown_rules: unknown(&mut state.rules.keys(), &|n| {
                plan.rules.iter().any(|r| r.name == n)
            }),
        })
    }

    /// The member's tier status on `as_of` (a local date in the program's
    /// time zone), for a program that computes tiers: the tier held and
    /// where it comes from, since and until when, why, and for the next
    /// level what is missing on each path and by when. Pure: the state is
    /// reviewed up to `as_of` on a copy (the moves are in the status).
    /// A day before the one the state's tier was reviewed to is
    /// [`EvalError::StatusBeforeState`]: the state already holds later days.
    ///
    /// ```
    /// use loyalty_rules::{Event, Member, NaiveDate, Program};
    ///
    /// let program = Program::compile(r#"
    ///     program "Hotel" { currency USD }
    ///     counter nights
    ///     count tx.items to nights on purchase
    ///     tiers {
    ///         member
    ///         silver when 10 nights
    ///         gold when 25 nights
    ///     }
    /// "#)?;
    /// let member = Member::new("m-1");
    /// let mut state = program.new_state(&member);
    /// let stay = Event::from_json(r#"{"kind": "purchase", "id": "s1",
    ///     "timestamp": "2026-03-02T12:00:00Z", "currency": "USD",
    ///     "lines": [{"sku": "room", "quantity": 12, "unit_price": "100.00"}]}"#)?;
    /// state.apply(&program.evaluate_with(&member, &state, &stay)?)?;
    ///
    /// let status = program.tier_status(&member, &state, NaiveDate::from_ymd_opt(2026, 6, 30).unwrap())?;
    /// assert_eq!(status.tier.tier, "silver");
    /// assert_eq!(status.until, NaiveDate::from_ymd_opt(2027, 12, 31));
    /// let next = status.next.unwrap();
    /// assert_eq!(next.tier, "gold");
    /// assert_eq!(next.paths[0].parts[0].criteria[0].missing.to_string(), "13");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tier_status(
        &self,
        member: &Member,
        state: &MemberState,
        as_of: chrono::NaiveDate,
    ) -> Result<crate::tier::TierStatus, EvalError> {
        self.fits(member, state)?;
        let tp = self.plan.tier.as_ref().ok_or(EvalError::NoTierThresholds)?;
        if let Some(reviewed) = state.tier.as_ref().map(|t| t.reviewed) {
            if as_of < reviewed {
                return Err(EvalError::StatusBeforeState {
                    member: member.id.clone(),
                    as_of,
                    reviewed,
                });
            }
        }
        let mut status = crate::tier::status::status(tp, member, state, as_of)?;
        status.segment = crate::eval::segment_on(&self.plan, member, state, as_of)?;
        Ok(status)
    }

    /// Grants a tier from outside the thresholds (a paid membership, an
    /// invitation, a status match): checked against the program's tiers,
    /// then added to the state's tier. While it holds, the member has the
    /// higher of it and the earned tier. A grant that began before the day
    /// the state's tier was reviewed to holds from that day on (events
    /// already applied are not evaluated again); one that ended before it
    /// would never hold and is refused
    /// ([`StateError::GrantEndedBeforeState`]), the state unchanged.
    pub fn grant(
        &self,
        member: &Member,
        state: &mut MemberState,
        grant: crate::tier::TierGrant,
    ) -> Result<(), EvalError> {
        self.fits(member, state)?;
        let tp = self.plan.tier.as_ref().ok_or(EvalError::NoTierThresholds)?;
        if tp.level(&grant.level).is_none() {
            return Err(EvalError::State {
                reason: StateError::UnknownTier {
                    tier: grant.level.clone(),
                    known: self.plan.tiers.join(", "),
                },
            });
        }
        grant
            .check()
            .map_err(|reason| EvalError::State { reason })?;
        let reviewed = state.tier.as_ref().map(|t| t.reviewed);
        if let (Some(until), Some(reviewed)) = (grant.until, reviewed) {
            if until < reviewed {
                return Err(EvalError::State {
                    reason: StateError::GrantEndedBeforeState {
                        tier: grant.level.clone(),
                        member: member.id.clone(),
                        until,
                        reviewed,
                    },
                });
            }
        }
        let mut tier = match &state.tier {
            Some(t) => t.clone(),
            None => {
                let day = grant.from;
                crate::tier::review::review(tp, member, Some(state), day)?.tier
            }
        };
        tier.grants.push(grant);
        state.tier = Some(tier);
        Ok(())
    }

    /// Takes a granted tier away (an invitation withdrawn, a paid
    /// membership cancelled): the member's grants of `level` end on
    /// `last_day`, and one that has not begun by then is withdrawn. The
    /// next review moves the member to the tier held without them,
    /// explained (`a granted tier ended`). A level the member holds no
    /// grant of past that day ([`StateError::NoGrantToEnd`]), or a last day
    /// before the day the state's tier was reviewed to, on which the member
    /// held it ([`StateError::GrantEndBeforeState`]), is refused, the state
    /// unchanged.
    ///
    /// ```
    /// use loyalty_rules::{GrantKind, Member, NaiveDate, Program, TierGrant};
    /// let program = Program::compile(
    ///     "program \"Air\" { currency USD }\ncounter miles\n\
    ///      count tx.items to miles on purchase\n\
    ///      tiers { blue  silver when 25000 miles  platinum }\n",
    /// )?;
    /// let member = Member::new("m");
    /// let mut state = program.new_state(&member);
    /// let from: NaiveDate = "2026-07-01".parse()?;
    /// let invited = TierGrant::new("platinum", GrantKind::Invitation, from);
    /// program.grant(&member, &mut state, invited)?;
    /// program.end_grant(&member, &mut state, "platinum", "2026-07-31".parse()?)?;
    /// let day = |d: &str| d.parse::<NaiveDate>();
    /// assert_eq!(program.tier_status(&member, &state, day("2026-07-31")?)?.tier.tier, "platinum");
    /// assert_eq!(program.tier_status(&member, &state, day("2026-08-01")?)?.tier.tier, "blue");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn end_grant(
        &self,
        member: &Member,
        state: &mut MemberState,
        level: &str,
        last_day: chrono::NaiveDate,
    ) -> Result<(), EvalError> {
        self.fits(member, state)?;
        self.plan.tier.as_ref().ok_or(EvalError::NoTierThresholds)?;
        let refuse = |reason| Err(EvalError::State { reason });
        // The grants that would still hold after the last day.
        let ends =
            |g: &crate::tier::TierGrant| g.level == level && g.until.is_none_or(|u| u > last_day);
        let held = state.tier.as_mut().filter(|t| t.grants.iter().any(ends));
        let Some(tier) = held else {
            return refuse(StateError::NoGrantToEnd {
                tier: level.to_string(),
                member: member.id.clone(),
                day: last_day,
            });
        };
        if last_day < tier.reviewed && tier.grants.iter().any(|g| ends(g) && g.from <= last_day) {
            return refuse(StateError::GrantEndBeforeState {
                tier: level.to_string(),
                member: member.id.clone(),
                last_day,
                reviewed: tier.reviewed,
            });
        }
        tier.grants.retain(|g| !(ends(g) && g.from > last_day));
        for g in tier.grants.iter_mut().filter(|g| ends(g)) {
            g.until = Some(last_day);
        }
        Ok(())
    }

    /// An event already in the state is not evaluated again.
    fn unseen(state: &MemberState, event: &Event) -> Result<(), EvalError> {
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
    fn fits(&self, member: &Member, state: &MemberState) -> Result<(), EvalError> {
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
        Ok(())
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

impl std::str::FromStr for Program {
    type Err = CompileError;

    /// [`Program::compile`], for `"...".parse::<Program>()`.
    ///
    /// ```
    /// let program: loyalty_rules::Program = r#"program "P" { currency USD }"#.parse()?;
    /// assert_eq!(program.name(), "P");
    /// # Ok::<(), loyalty_rules::CompileError>(())
    /// ```
    fn from_str(source: &str) -> Result<Program, CompileError> {
        Program::compile(source)
    }
}

/// Parses program text without checking names, types or currencies: quick
/// syntax feedback for an editor, and the parser's own fuzz target. Errors
/// are those [`Program::compile`] would report first.
///
/// ```
/// assert!(loyalty_rules::check_syntax(r#"program "P" { currency USD }"#).is_ok());
/// let err = loyalty_rules::check_syntax(r#"program "P" { currency USD "#).unwrap_err();
/// assert_eq!(err.errors[0].line, 1);
/// ```
pub fn check_syntax(source: &str) -> Result<(), CompileError> {
    crate::parser::parse(without_bom(source), &Limits::default())
        .map(|_| ())
        .map_err(|errors| CompileError {
            errors,
            warnings: Vec::new(),
        })
}

/// The text without a leading UTF-8 byte-order mark.
pub(crate) fn without_bom(source: &str) -> &str {
    source.strip_prefix('\u{feff}').unwrap_or(source)
}

fn content_hash(source: &str) -> String {
    sha256_text(&Sha256::digest(source.as_bytes()))
}

/// `sha256:` and a digest in hex.
pub(crate) fn sha256_text(digest: &[u8]) -> String {
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// See [`crate::lane_twin`].
pub(crate) fn lane_twin(
    program: &Program,
    member: &Member,
    state: Option<&crate::state::MemberState>,
    budgets: Option<&crate::budget::Budgets>,
    event: &Event,
) -> crate::LaneTwin {
    crate::eval::lane_twin(&program.plan, member, state, budgets, event)
}
