//! Applying an outcome's change: the only way a state changes.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::take::{Gone, TakeLog, Takes};
use super::{Badge, MemberState, StateChange, StateError, Streak};
use crate::exact::Exact;
use crate::outcome::Outcome;

impl MemberState {
    /// Applies what an outcome of this member's event changed: points,
    /// counters, rule usage, badges. An outcome that credits another
    /// member (a referral's referrer or referred) applies to that member's
    /// state too: that member's part only ([`StateChange::others`]), the
    /// points and the lots of ledger balances. Pure and atomic: on an error
    /// (an outcome of another program, or one that does not credit this
    /// member, an overflow) the state is unchanged. Applying outcomes one
    /// by one, each evaluated against the state the previous ones left, is
    /// the same as replaying the events.
    pub fn apply(&mut self, outcome: &Outcome) -> Result<(), StateError> {
        if outcome.program.name != self.program {
            return Err(StateError::OtherProgram {
                expected: outcome.program.name.to_string(),
                found: self.program.clone(),
            });
        }
        let change = if outcome.member == self.member {
            &outcome.change
        } else {
            outcome
                .change
                .others
                .get(&self.member)
                .ok_or_else(|| StateError::OtherMember {
                    expected: outcome.member.to_string(),
                    found: self.member.clone(),
                })?
        };
        // Time passing is not kept: the same `time` event may come again.
        let kept = outcome.kind != crate::kinds::Kind::Time.name();
        if kept && self.has_applied(&outcome.event) {
            return Err(StateError::AlreadyApplied {
                event: outcome.event.to_string(),
                member: self.member.clone(),
            });
        }
        // What the change may alter, kept: on an error, put back.
        let backup = super::backup::Backup::of(self, change);
        let mut log = TakeLog::default();
        if let Err(e) = self.add(change, &mut log) {
            backup.restore(self, log);
            return Err(e);
        }
        if kept {
            self.recent.push(&outcome.event);
        }
        Ok(())
    }

    /// The state as `c` leaves it, on a copy: what automatic rewards can
    /// spend after an event.
    pub(crate) fn with_change(&self, c: &StateChange) -> Result<MemberState, StateError> {
        let mut after = self.clone();
        after.absorb(c)?;
        Ok(after)
    }

    /// Adds `c` to a state of the evaluation's own (a copy): on an error it
    /// is left half changed, to be dropped.
    pub(crate) fn absorb(&mut self, c: &StateChange) -> Result<(), StateError> {
        let mut log = TakeLog::default();
        self.add(c, &mut log)
    }

    fn add<'c>(&mut self, c: &'c StateChange, log: &mut TakeLog<'c>) -> Result<(), StateError> {
        let day = c.day;
        // A cancellation's points go back first: those of a lot that has
        // ended since expire below, with the others that ended.
        self.give_back(c)?;
        let mut takes = Takes::of(c, log);
        for e in &c.expired {
            let lot = (e.event.as_str(), e.earned_on);
            takes.take(self, &e.balance, lot, e.points, Gone::Expired)?;
            let what = || format!("balance {}", e.balance);
            let slot = self
                .balances
                .entry(e.balance.clone())
                .or_insert(Exact::ZERO);
            *slot = slot.checked_sub(e.points).ok_or_else(|| overflow(what()))?;
        }
        for u in &c.spent {
            let lot = (u.event.as_str(), u.earned_on);
            takes.take(self, &u.balance, lot, u.points, Gone::Redeemed)?;
        }
        for u in &c.reversed {
            let lot = (u.event.as_str(), u.earned_on);
            takes.take(self, &u.balance, lot, u.points, Gone::Reversed)?;
        }
        takes.finish(self);
        for (balance, owed) in &c.owed {
            if let Some(w) = self.wallets.get_mut(balance) {
                w.owed = sum(w.owed, *owed, || format!("balance {balance}"))?;
            }
        }
        for (name, on, amount) in &c.uncounted {
            if let Some(counter) = self.counters.get_mut(name) {
                let what = || format!("counter {name}");
                counter.total = counter
                    .total
                    .checked_sub(*amount)
                    .ok_or_else(|| overflow(what()))?
                    .max(Exact::ZERO);
                if let Some(v) = counter.days.get_mut(on) {
                    *v = v
                        .checked_sub(*amount)
                        .ok_or_else(|| overflow(what()))?
                        .max(Exact::ZERO);
                }
                counter.days.retain(|_, v| !v.is_zero());
                // The day no longer counts: the streak is what it was before.
                if counter.streak.is_some_and(|s| s.last == *on) && !counter.days.contains_key(on) {
                    counter.streak = c
                        .receipt
                        .as_ref()
                        .and_then(|r| r.1.streaks.get(name).copied());
                }
            }
            // A counter a return took back to nothing is as if never counted.
            if self
                .counters
                .get(name)
                .is_some_and(|c| c.total.is_zero() && c.days.is_empty() && c.deducted.is_empty())
            {
                self.counters.remove(name);
            }
        }
        if let Some((id, receipt)) = c.receipt.as_deref() {
            let done =
                receipt.held.is_empty() && receipt.counted.is_empty() && receipt.is_complete();
            if done {
                self.receipts.remove(id);
            } else {
                self.receipts.insert(id.clone(), receipt.clone());
            }
        }
        if let Some(from) = c.receipts_from {
            self.receipts.retain(|_, r| r.day >= from);
            self.redemptions.retain(|_, r| r.day >= from);
        }
        if let Some((id, receipt)) = c.redemption.as_deref() {
            self.redemptions.insert(id.clone(), receipt.clone());
        }
        if let Some(id) = &c.cancelled {
            self.redemptions.remove(id);
        }
        // What a return forgave, kept while a redemption made before it
        // can be cancelled.
        self.forgiven.extend(c.forgiven.iter().cloned());
        if !self.forgiven.is_empty() {
            let open = &self.redemptions;
            self.forgiven
                .retain(|f| open.values().any(|r| f.paid_by(r)));
        }
        for n in &c.lots {
            let wallet = self.wallets.entry(n.balance.clone()).or_default();
            let mut lot = n.lot.clone();
            // Points owed to a return are paid by the next lots first.
            super::give_back::pay_owed(wallet, &mut lot, &n.balance)?;
            if !lot.points.is_zero() {
                wallet.lots.push(lot);
            }
            // What rewards issued automatically took of it at once.
            wallet.redeemed = sum(wallet.redeemed, n.issued, || {
                format!("balance {}", n.balance)
            })?;
            // A refund is not activity (unless the balance had none, so
            // that its lot can expire).
            if !n.lot.refund || wallet.last_activity.is_none() {
                wallet.last_activity = Some(wallet.last_activity.map_or(day, |d| d.max(day)));
            }
        }
        let activity = (c.activity.iter().map(|b| (b, day)))
            .chain(c.activity_on.iter().map(|(b, on)| (b, *on)));
        for (balance, on) in activity {
            let wallet = self.wallets.entry(balance.clone()).or_default();
            wallet.last_activity = Some(wallet.last_activity.map_or(on, |d| d.max(on)));
        }
        for (balance, purchased, before) in &c.activity_undone {
            if let Some(w) = self.wallets.get_mut(balance) {
                // Unless credited since (a later day, or a lot of the same day).
                if w.last_activity == Some(*purchased) {
                    let earned = w
                        .lots
                        .iter()
                        .filter(|l| !l.refund)
                        .map(|l| l.earned_on)
                        .max();
                    w.last_activity = earned.max(*before);
                }
            }
        }
        for (balance, points) in &c.balances {
            let slot = self.balances.entry(balance.clone()).or_insert(Exact::ZERO);
            *slot = sum(*slot, *points, || format!("balance {balance}"))?;
        }
        for (name, amount) in &c.counters {
            let counter = self.counters.entry(name.clone()).or_default();
            let what = || format!("counter {name}");
            counter.total = sum(counter.total, *amount, what)?;
            let on_day = counter.days.entry(day).or_insert(Exact::ZERO);
            *on_day = sum(*on_day, *amount, what)?;
            if !amount.is_zero() && !amount.is_negative() {
                counter.streak = Some(extend(counter.streak, day));
            }
            drop_before(&mut counter.days, c.keep_from);
            drop_before(&mut counter.deducted, c.keep_from);
        }
        for (name, amount) in &c.deducted {
            if let Some(counter) = self.counters.get_mut(name) {
                let what = || format!("counter {name}");
                let before = counter.total;
                counter.total = before
                    .checked_sub(*amount)
                    .ok_or_else(|| overflow(what()))?
                    .max(Exact::ZERO);
                // What it took, by day, while a return can reach it.
                let taken = before
                    .checked_sub(counter.total)
                    .ok_or_else(|| overflow(what()))?;
                let on_day = counter.deducted.entry(day).or_insert(Exact::ZERO);
                *on_day = sum(*on_day, taken, what)?;
                counter
                    .deducted
                    .retain(|d, v| *d >= c.keep_from && !v.is_zero());
            }
        }
        if let Some(tier) = &c.tier {
            self.tier = Some(crate::tier::TierState::clone(tier));
        }
        for (rule, used) in &c.rules {
            let usage = self.rules.entry(rule.clone()).or_default();
            let what = || format!("the usage of rule \"{rule}\"");
            usage.times = usage.times.checked_add(1).ok_or_else(|| overflow(what()))?;
            let on_day = usage.days.entry(day).or_default();
            on_day.times = on_day
                .times
                .checked_add(1)
                .ok_or_else(|| overflow(what()))?;
            for (balance, points) in &used.points {
                let total = usage.points.entry(balance.clone()).or_insert(Exact::ZERO);
                *total = sum(*total, *points, what)?;
                let daily = on_day.points.entry(balance.clone()).or_insert(Exact::ZERO);
                *daily = sum(*daily, *points, what)?;
            }
            drop_before(&mut usage.days, c.keep_from);
        }
        for (rule, on, back) in &c.released {
            self.release(rule, *on, back)?;
        }
        for name in &c.badges {
            let badge = self.badges.entry(name.clone()).or_insert(Badge {
                first: day,
                last: day,
                times: 0,
            });
            badge.first = badge.first.min(day);
            badge.last = badge.last.max(day);
            badge.times = badge
                .times
                .checked_add(1)
                .ok_or_else(|| overflow(format!("badge {name}")))?;
        }
        for (name, _, before) in &c.badges_undone {
            self.undo_badge(name, *before);
        }
        self.events = self
            .events
            .checked_add(1)
            .ok_or_else(|| overflow("the event count".into()))?;
        Ok(())
    }
}

/// The streak after a day on which the counter grew: one more day when it
/// follows the streak's last day, unchanged on the same day (or an earlier
/// one, for an event that arrives late), a new streak after a gap.
fn extend(streak: Option<Streak>, day: NaiveDate) -> Streak {
    match streak {
        Some(s) if day <= s.last => s,
        Some(s) if s.last.succ_opt() == Some(day) => Streak {
            last: day,
            days: s.days.saturating_add(1),
        },
        _ => Streak { last: day, days: 1 },
    }
}

/// The streak as read on `today`: the run that ends today, or yesterday
/// when today has not counted yet; zero after a gap.
pub(crate) fn streak_on(streak: Option<Streak>, today: NaiveDate) -> u32 {
    match streak {
        Some(s) if s.last == today || s.last.succ_opt() == Some(today) => s.days,
        _ => 0,
    }
}

pub(super) fn sum(a: Exact, b: Exact, what: impl FnOnce() -> String) -> Result<Exact, StateError> {
    a.checked_add(b).ok_or_else(|| overflow(what()))
}

pub(super) fn overflow(what: String) -> StateError {
    StateError::Overflow { what }
}

impl MemberState {
    /// Takes back one earning of a badge by a purchase: a badge not earned
    /// since is what it was before the purchase (`before`; none: as if
    /// never earned); one earned since keeps its days.
    fn undo_badge(&mut self, name: &str, before: Option<Badge>) {
        let Some(badge) = self.badges.get_mut(name) else {
            return;
        };
        badge.times = badge.times.saturating_sub(1);
        let since = badge.times > before.map_or(0, |b| b.times);
        match before {
            _ if since => {}
            Some(b) => *badge = b,
            None => {
                self.badges.remove(name);
            }
        }
    }

    /// Gives back what a return released of a rule's use on the purchase's
    /// day `on` (the day's entry only while the state still keeps it); a
    /// rule used by nothing any more is as if never used.
    fn release(
        &mut self,
        rule: &str,
        on: NaiveDate,
        back: &crate::state::RuleRelease,
    ) -> Result<(), StateError> {
        let Some(usage) = self.rules.get_mut(rule) else {
            return Ok(());
        };
        let what = || overflow(format!("the usage of rule \"{rule}\""));
        let less = |points: &mut BTreeMap<String, Exact>| -> Result<(), StateError> {
            for (balance, p) in &back.points {
                if let Some(v) = points.get_mut(balance) {
                    *v = v.checked_sub(*p).ok_or_else(what)?.max(Exact::ZERO);
                }
            }
            points.retain(|_, v| !v.is_zero());
            Ok(())
        };
        usage.times = usage.times.saturating_sub(back.times);
        less(&mut usage.points)?;
        if let Some(day) = usage.days.get_mut(&on) {
            day.times = day.times.saturating_sub(back.times);
            less(&mut day.points)?;
        }
        usage
            .days
            .retain(|_, d| d.times > 0 || !d.points.is_empty());
        if usage.times == 0 && usage.points.is_empty() && usage.days.is_empty() {
            self.rules.remove(rule);
        }
        Ok(())
    }
}

/// Drops the days before `from`: none, most times (a split, not a walk
/// through the year of days a counter keeps).
fn drop_before<V>(days: &mut BTreeMap<NaiveDate, V>, from: NaiveDate) {
    if days.first_key_value().is_some_and(|(d, _)| *d < from) {
        *days = days.split_off(&from);
    }
}
