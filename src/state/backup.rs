//! What applying a change may alter of a state, kept before it is altered,
//! so that an error puts the state back as it was. What only grows is not
//! copied: a wallet that a change only adds lots to keeps how many it had,
//! and receipts and redemptions keep the entries the change inserts or
//! removes. Applying then costs what the change touches, not what the
//! state holds (a member's thousands of lots).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::take::TakeLog;
use super::{Badge, Counter, DayUsage, MemberState, RuleUsage, StateChange, Streak};
use crate::exact::Exact;
use crate::ledger::{Forgiven, RedemptionReceipt, Wallet};
use crate::returns::Receipt;
use crate::tier::TierState;

pub(super) struct Backup {
    balances: BTreeMap<String, Exact>,
    /// Counters, rule use and badges, kept only when the change alters
    /// them (a counter keeps a year of days, a rule its days of use).
    counters: Option<Entries<Counter>>,
    rules: Option<Entries<RuleUsage>>,
    badges: Option<BTreeMap<String, Badge>>,
    forgiven: Vec<Forgiven>,
    tier: Option<TierState>,
    events: u64,
    /// Each wallet the change touches, as it was (`None`: absent).
    wallets: Vec<(String, Option<WalletBackup>)>,
    /// Receipts the change inserts or removes, as they were, in order.
    receipts: Vec<(String, Option<Receipt>)>,
    redemptions: Vec<(String, Option<RedemptionReceipt>)>,
}

/// Entries of a map (counters, rules' use) as they were, in what a change
/// alters of them.
enum Entries<V: Dated> {
    /// All of them: a return or a review's deduction takes from them.
    All(BTreeMap<String, V>),
    /// Those the change only adds to (an event's counts and uses: the
    /// usual change), each in the parts adding alters, so that its days
    /// are not copied on every event. `None`: it was absent.
    Added(Vec<(String, Option<V::Before>)>),
}

/// An entry that adding to on a day alters in a few parts: its totals,
/// the day, and the days it drops as too old.
trait Dated: Clone {
    /// Those parts, as they were.
    type Before;
    fn before(&self, day: NaiveDate, keep_from: NaiveDate) -> Self::Before;
    fn put_back(&mut self, before: Self::Before);
}

impl<V: Dated> Entries<V> {
    /// What a change that adds to the entries named `added`, or (`whole`)
    /// takes from them, may alter of `all`.
    fn of<'a>(
        all: &BTreeMap<String, V>,
        whole: bool,
        added: impl Iterator<Item = &'a String>,
        c: &StateChange,
    ) -> Option<Entries<V>> {
        if whole {
            return Some(Entries::All(all.clone()));
        }
        let before: Vec<(String, Option<V::Before>)> = added
            .map(|name| {
                let kept = all.get(name).map(|v| v.before(c.day, c.keep_from));
                (name.clone(), kept)
            })
            .collect();
        (!before.is_empty()).then_some(Entries::Added(before))
    }

    fn restore(self, all: &mut BTreeMap<String, V>) {
        let before = match self {
            Entries::All(kept) => {
                *all = kept;
                return;
            }
            Entries::Added(before) => before,
        };
        for (name, kept) in before {
            match kept {
                None => {
                    all.remove(&name);
                }
                Some(b) => {
                    if let Some(v) = all.get_mut(&name) {
                        v.put_back(b);
                    }
                }
            }
        }
    }
}

/// The days of `days` before `keep_from`.
fn dropped<V: Clone>(
    days: &BTreeMap<NaiveDate, V>,
    keep_from: NaiveDate,
) -> BTreeMap<NaiveDate, V> {
    days.range(..keep_from)
        .map(|(d, v)| (*d, v.clone()))
        .collect()
}

/// What counting into a counter alters: its total, the day's count, its
/// streak, and the days and deductions it drops as too old.
struct CountedBefore {
    day: NaiveDate,
    total: Exact,
    on_day: Option<Exact>,
    streak: Option<Streak>,
    dropped: BTreeMap<NaiveDate, Exact>,
    dropped_deducted: BTreeMap<NaiveDate, Exact>,
}

impl Dated for Counter {
    type Before = CountedBefore;

    fn before(&self, day: NaiveDate, keep_from: NaiveDate) -> CountedBefore {
        // Every part named: one added to a counter is kept too.
        let Counter {
            total,
            days,
            streak,
            deducted,
        } = self;
        CountedBefore {
            day,
            total: *total,
            on_day: days.get(&day).copied(),
            streak: *streak,
            dropped: dropped(days, keep_from),
            dropped_deducted: dropped(deducted, keep_from),
        }
    }

    fn put_back(&mut self, b: CountedBefore) {
        self.total = b.total;
        match b.on_day {
            Some(v) => self.days.insert(b.day, v),
            None => self.days.remove(&b.day),
        };
        self.streak = b.streak;
        self.days.extend(b.dropped);
        self.deducted.extend(b.dropped_deducted);
    }
}

/// What using a rule alters: its times and points, the day's, and the
/// days it drops as too old.
struct UsedBefore {
    day: NaiveDate,
    times: u64,
    points: BTreeMap<String, Exact>,
    on_day: Option<DayUsage>,
    dropped: BTreeMap<NaiveDate, DayUsage>,
}

impl Dated for RuleUsage {
    type Before = UsedBefore;

    fn before(&self, day: NaiveDate, keep_from: NaiveDate) -> UsedBefore {
        // Every part named: one added to a rule's use is kept too.
        let RuleUsage {
            times,
            points,
            days,
        } = self;
        UsedBefore {
            day,
            times: *times,
            points: points.clone(),
            on_day: days.get(&day).cloned(),
            dropped: dropped(days, keep_from),
        }
    }

    fn put_back(&mut self, b: UsedBefore) {
        self.times = b.times;
        self.points = b.points;
        match b.on_day {
            Some(v) => self.days.insert(b.day, v),
            None => self.days.remove(&b.day),
        };
        self.days.extend(b.dropped);
    }
}

enum WalletBackup {
    /// Lots given back to: the whole wallet.
    Whole(Wallet),
    /// Lots added or taken from: how many it had, and the wallet without
    /// them (the takes are undone by their log).
    Grown { lots: usize, rest: Wallet },
}

impl Backup {
    /// What `c` may alter of `s`.
    pub(super) fn of(s: &MemberState, c: &StateChange) -> Backup {
        // Every part of a state, named, so that a part added to it is
        // kept here too (or said not to change).
        let MemberState {
            schema: _,
            program: _,
            member: _,
            balances,
            counters,
            rules,
            badges,
            wallets: all_wallets,
            receipts: all_receipts,
            redemptions: all_redemptions,
            forgiven,
            tier,
            events,
            // Pushed to once the change is applied.
            recent: _,
        } = s;
        // Wallets whose lots the change gives back to.
        let whole: BTreeSet<&str> = c.restored.iter().map(|(b, _)| b.as_str()).collect();
        // Wallets it takes from (undone by the takes' log), only adds
        // lots to, or changes the totals of.
        let grown: BTreeSet<&str> = c
            .expired
            .iter()
            .map(|e| e.balance.as_str())
            .chain(c.spent.iter().map(|u| u.balance.as_str()))
            .chain(c.reversed.iter().map(|u| u.balance.as_str()))
            .chain(c.lots.iter().map(|n| n.balance.as_str()))
            .chain(c.activity.iter().map(String::as_str))
            .chain(c.activity_on.iter().map(|(b, _)| b.as_str()))
            .chain(c.activity_undone.iter().map(|(b, _, _)| b.as_str()))
            .chain(c.owed.keys().map(String::as_str))
            .filter(|b| !whole.contains(b))
            .collect();
        let wallets = whole
            .iter()
            .map(|b| (*b, true))
            .chain(grown.iter().map(|b| (*b, false)))
            .map(|(b, all)| {
                let kept = all_wallets.get(b).map(|w| match all {
                    true => WalletBackup::Whole(w.clone()),
                    false => WalletBackup::Grown {
                        lots: w.lots.len(),
                        rest: without_lots(w),
                    },
                });
                (b.to_string(), kept)
            })
            .collect();
        let mut receipts = Vec::new();
        let mut redemptions = Vec::new();
        if let Some(r) = c.receipt.as_deref() {
            receipts.push((r.0.clone(), all_receipts.get(&r.0).cloned()));
        }
        if let Some(from) = c.receipts_from {
            let gone = all_receipts.iter().filter(|(_, r)| r.day < from);
            receipts.extend(gone.map(|(id, r)| (id.clone(), Some(r.clone()))));
            let gone = all_redemptions.iter().filter(|(_, r)| r.day < from);
            redemptions.extend(gone.map(|(id, r)| (id.clone(), Some(r.clone()))));
        }
        let ids = c.redemption.as_deref().map(|r| &r.0).into_iter();
        for id in ids.chain(&c.cancelled) {
            redemptions.push((id.clone(), all_redemptions.get(id).cloned()));
        }
        Backup {
            balances: balances.clone(),
            counters: Entries::of(
                counters,
                !c.uncounted.is_empty() || !c.deducted.is_empty(),
                c.counters.keys(),
                c,
            ),
            rules: Entries::of(rules, !c.released.is_empty(), c.rules.keys(), c),
            badges: (!c.badges.is_empty() || !c.badges_undone.is_empty()).then(|| badges.clone()),
            forgiven: forgiven.clone(),
            tier: tier.clone(),
            events: *events,
            wallets,
            receipts,
            redemptions,
        }
    }

    /// Puts `s` back as it was when this backup was taken, with what the
    /// change's takes altered of the lots (`log`).
    pub(super) fn restore(self, s: &mut MemberState, mut log: TakeLog<'_>) {
        s.balances = self.balances;
        if let Some(counters) = self.counters {
            counters.restore(&mut s.counters);
        }
        if let Some(rules) = self.rules {
            rules.restore(&mut s.rules);
        }
        if let Some(badges) = self.badges {
            s.badges = badges;
        }
        s.forgiven = self.forgiven;
        s.tier = self.tier;
        s.events = self.events;
        for (balance, kept) in self.wallets {
            match kept {
                None => {
                    s.wallets.remove(&balance);
                }
                Some(WalletBackup::Whole(w)) => {
                    s.wallets.insert(balance, w);
                }
                Some(WalletBackup::Grown { lots, rest }) => {
                    if let Some(w) = s.wallets.get_mut(&balance) {
                        let mut kept = std::mem::take(&mut w.lots);
                        log.undo(&balance, &mut kept, lots);
                        *w = rest;
                        w.lots = kept;
                    }
                }
            }
        }
        // The first entry kept of an id is how it was: restored last.
        for (id, kept) in self.receipts.into_iter().rev() {
            match kept {
                Some(r) => s.receipts.insert(id, r),
                None => s.receipts.remove(&id),
            };
        }
        for (id, kept) in self.redemptions.into_iter().rev() {
            match kept {
                Some(r) => s.redemptions.insert(id, r),
                None => s.redemptions.remove(&id),
            };
        }
    }
}

/// A wallet's totals without its lots (every part named: one added to a
/// wallet is kept too).
fn without_lots(w: &Wallet) -> Wallet {
    let Wallet {
        lots: _,
        expired,
        redeemed,
        reversed,
        owed,
        last_activity,
    } = w;
    Wallet {
        lots: Vec::new(),
        expired: *expired,
        redeemed: *redeemed,
        reversed: *reversed,
        owed: *owed,
        last_activity: *last_activity,
    }
}
