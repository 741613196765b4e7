//! Buffers an evaluation works in, kept per thread and reused, so that an
//! evaluation allocates nothing but its result once a thread has warmed up.

use std::cell::RefCell;

use super::context::Sums;
use crate::exact::{Exact, Fixed};
use crate::name::Name;
use crate::outcome::Award;
use crate::rounding::RoundingMode;

/// Who an award credits. Referral awards may credit the referrer or the
/// referred member; a recipient whose id equals an earlier variant's id is
/// stored as that variant, so that comparing `Who` compares members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Who {
    Member = 0,
    Referrer = 1,
    Referred = 2,
}

/// One award as evaluation computes it; `award` holds the explanation when
/// one was asked for.
#[derive(Debug)]
pub(crate) struct Credit {
    /// Index of the rule in the plan.
    pub rule: usize,
    pub who: Who,
    pub balance: usize,
    /// Exact until rounded; still exact when `pending`.
    pub points: Exact,
    /// The rounding mode of a rule rounded `per transaction`: these points
    /// are rounded with the balance's total.
    pub pending: Option<RoundingMode>,
    pub award: Option<Box<Award>>,
}

/// A line's price and amount after its discount, computed once per event.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineAmounts {
    pub gross: Fixed,
    pub amount: Fixed,
}

/// A purchase's amounts, computed once by its validation: each line's, and
/// the transaction's.
#[derive(Debug, Default)]
pub(crate) struct Amounts {
    pub lines: Vec<LineAmounts>,
    pub sums: Sums,
}

#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Campaigns running for this event, ascending.
    pub running: Vec<u32>,
    /// Positions of candidate units in the sequence, ascending.
    pub candidates: Vec<u32>,
    /// Awards in evaluation order.
    pub credits: Vec<Credit>,
    /// Points earned so far, per recipient and balance.
    pub earned: super::by_balance::ByBalance<Exact>,
    /// Each total's parts, per recipient and balance (see `tally`).
    pub parts: super::by_balance::ByBalance<super::tally::Parts>,
    /// Lines that a `for each line` rule matched.
    pub matched: Vec<u32>,
    /// Campaign multipliers kept for one amount, by index in the rule.
    pub kept: Vec<u32>,
    pub amounts: Amounts,
    /// Line positions by category and by SKU, when the program reads the
    /// transaction's lists.
    pub by_category: Vec<u32>,
    pub by_sku: Vec<u32>,
    /// Per campaign, when explaining: 1 when one of its multipliers could
    /// touch an award, 2 when one did (see `RuleRun::keep`).
    pub campaign_use: Vec<std::cell::Cell<u8>>,
    /// Which index keys this event has taken (see `fill_candidates`).
    pub seen: Seen,
    /// This event's count per counter.
    pub counts: Vec<Exact>,
    /// Rules that did not apply because their per-member limit was
    /// reached, with the times used, when explaining.
    pub limited: std::cell::RefCell<Vec<(usize, u64)>>,
    /// The member's segment, by index in the plan's, once decided.
    pub segment: Option<usize>,
    /// What a redemption spent.
    pub redemption: Option<crate::ledger::RedemptionOutcome>,
    /// Points used of each campaign's budget by this event, by campaign.
    pub budget_used: std::cell::RefCell<Vec<Exact>>,
    /// The recipients' ids as outcome names, by `Who`, each made once per
    /// explained evaluation (empty otherwise).
    pub ids: Vec<Name>,
    /// Rules that applied without crediting anything (a rule that only
    /// gives a badge), in evaluation order: the state change records them.
    pub uncredited: Vec<usize>,
    /// The rule whose `stop` ended the run before rules that could have
    /// run after it, when explaining.
    pub stopped: Option<usize>,
    /// Per program cap: what the member was credited in its balance in
    /// its period before this event (`per member` caps; zero for the
    /// others).
    pub cap_before: Vec<Exact>,
    /// The straight lane's sums, by balance.
    pub sums: Vec<super::lane::Sum>,
    /// The straight lane's awards of one unit, settled, before crediting.
    pub settled: Vec<super::lane::Settled>,
    /// The straight lane's credited awards by rule and balance, when a rule
    /// reads them (`% of earned by`).
    pub credited: Vec<(usize, usize, crate::exact::Fixed)>,
    /// What is left of each campaign's budget in the straight lane, once read.
    pub budget_room: Vec<Option<crate::exact::Fixed>>,
    /// Boxes that held earlier outcomes' awards, emptied, for the next
    /// explained evaluation's awards (at most [`BOXES`]; never cleared).
    #[allow(clippy::vec_box, reason = "the boxes are what is reused")]
    pub boxes: Vec<Box<Award>>,
    /// Names of input texts recently put in outcomes (never cleared).
    pub names: crate::name::NameCache,
}

/// How many emptied award boxes a thread keeps.
pub(crate) const BOXES: usize = 256;

/// A stamp per index key; a key is taken when its stamp is this event's.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    pub stamps: Vec<u32>,
    stamp: u32,
}

impl Seen {
    /// A fresh stamp for an event over an index of `keys` keys.
    pub(crate) fn next(&mut self, keys: usize) -> u32 {
        if self.stamps.len() < keys {
            self.stamps.resize(keys, 0);
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // After 2^32 events, stamps start again from a clean slate.
            self.stamps.iter_mut().for_each(|s| *s = 0);
            self.stamp = 1;
        }
        self.stamp
    }
}

impl Scratch {
    /// What this event used of each campaign's budget, by campaign (those
    /// it used nothing of left out).
    pub(crate) fn budgets_used(
        &self,
        plan: &crate::plan::Plan,
    ) -> std::collections::BTreeMap<crate::name::Name, Exact> {
        plan.campaigns
            .iter()
            .zip(self.budget_used.borrow().iter())
            .filter(|(_, u)| !u.is_zero())
            .map(|(c, u)| (c.name.clone(), u.normalize()))
            .collect()
    }

    fn clear(&mut self) {
        self.running.clear();
        self.candidates.clear();
        self.credits.clear();
        self.earned.clear();
        self.matched.clear();
        self.kept.clear();
        self.amounts.lines.clear();
        self.by_category.clear();
        self.by_sku.clear();
        self.counts.clear();
        self.limited.get_mut().clear();
        self.ids.clear();
        self.uncredited.clear();
        self.stopped = None;
        self.cap_before.clear();
        self.sums.clear();
        self.settled.clear();
        self.credited.clear();
        self.budget_room.clear();
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's cleared scratch buffers, or with fresh ones
/// when they are in use (re-entrance) or gone (thread teardown).
pub(crate) fn with_scratch<R>(mut f: impl FnMut(&mut Scratch) -> R) -> R {
    let reused = SCRATCH.try_with(|cell| {
        cell.try_borrow_mut().ok().map(|mut s| {
            s.clear();
            f(&mut s)
        })
    });
    match reused {
        Ok(Some(r)) => r,
        _ => f(&mut Scratch::default()),
    }
}
