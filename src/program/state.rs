//! A member's state under a program: a new one, what an old one holds that
//! the program does not declare, the tier status, and tier grants.

use super::Program;
use crate::error::EvalError;
use crate::input::Member;
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

impl Program {
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
        crate::ledger::lots_add_up(&self.plan.ledgers, state)?;
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

    /// What the member's balances kept as lots will lose to expiry after
    /// `as_of` if nothing changes (no redemption spends the points first,
    /// no credit extends a ledger that expires without activity): by
    /// balance, in the order of the program's `ledger` declarations, and
    /// by the day the points stop holding, soonest first, by the ledgers'
    /// own rules. Lots that no
    /// longer hold on `as_of` are not listed (the next evaluation expires
    /// them), nor lots that never expire. A day before the state's last
    /// event (a lot earned, a ledger's activity, its tier's review) is
    /// [`StateError::ReadBeforeState`]: the state holds what came later.
    ///
    /// ```
    /// use loyalty_rules::{Event, Member, NaiveDate, Program};
    /// let program = Program::compile(r#"
    ///     program "Grocer" { currency USD }
    ///     ledger points { expire 1 month after earning at end of month }
    ///     earn "Base" on purchase { award 1 point per USD of tx.amount }
    /// "#)?;
    /// let member = Member::new("m-1");
    /// let mut state = program.new_state(&member);
    /// for (id, day, usd) in [("p1", "2026-10-15", "106.00"), ("p2", "2026-11-21", "502.00")] {
    ///     let buy = Event::from_json(&format!(r#"{{"kind": "purchase", "id": "{id}",
    ///         "timestamp": "{day}T12:00:00Z", "currency": "USD",
    ///         "lines": [{{"sku": "x", "quantity": 1, "unit_price": "{usd}"}}]}}"#))?;
    ///     state.apply(&program.evaluate_with(&member, &state, &buy)?)?;
    /// }
    /// let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// let soon = program.expiring(&state, day("2026-11-25"))?;
    /// assert_eq!((soon[0].on, soon[0].points.to_string()), (day("2026-12-01"), "106".into()));
    /// assert_eq!((soon[1].on, soon[1].points.to_string()), (day("2027-01-01"), "502".into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expiring(
        &self,
        state: &MemberState,
        as_of: chrono::NaiveDate,
    ) -> Result<Vec<crate::ledger::Expiring>, StateError> {
        if state.program != self.plan.name {
            return Err(StateError::OtherProgram {
                expected: self.plan.name.to_string(),
                found: state.program.clone(),
            });
        }
        crate::ledger::lots_add_up(&self.plan.ledgers, state)?;
        if let Some(last) = crate::ledger::last_day(state).filter(|last| as_of < *last) {
            return Err(StateError::ReadBeforeState {
                member: state.member.clone(),
                as_of,
                last,
            });
        }
        Ok(crate::ledger::expiring(&self.plan.ledgers, state, as_of))
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
                    suggestion: crate::check::did_you_mean(
                        &grant.level,
                        self.plan.tiers.iter().map(|t| &**t),
                    ),
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
}
