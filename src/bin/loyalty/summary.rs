//! The closing line of `loyalty eval` and `loyalty explain`: the events
//! evaluated, the lines that failed, and how the points moved per balance,
//! so that for a member replayed from nothing the line adds up to the
//! balance.

use std::collections::BTreeMap;
use std::fmt;

use loyalty_rules::{Decimal, Exact, Name, Outcome};

/// How points moved, in the order the closing line says them.
const MOVES: [&str; 8] = [
    "credited",
    "refunded",
    "given back",
    "taken back",
    "redeemed",
    "issued as rewards",
    "expired",
    "to other members",
];
const CREDITED: usize = 0;
const REFUNDED: usize = 1;
const GIVEN_BACK: usize = 2;
const TAKEN_BACK: usize = 3;
const REDEEMED: usize = 4;
const ISSUED: usize = 5;
const EXPIRED: usize = 6;
const OTHERS: usize = 7;

/// Events evaluated, lines that failed, and the points of each move per
/// balance.
#[derive(Default)]
pub(super) struct Summary {
    events: usize,
    /// Lines that gave an error record instead of an outcome.
    pub failed: usize,
    /// Per move of [`MOVES`]: points per balance. Credited: what the events
    /// earned their member; refunded: what returns gave back for goods
    /// paid with points; given back: what cancelled redemptions gave back
    /// (less what they withheld for points returns had forgiven);
    /// taken back: what returns took off the balance (less what they
    /// forgave); redeemed; issued as rewards (`automatically`); expired;
    /// to other members: what the events
    /// credited to members other than their own (a referral's), which
    /// the replay puts in those members' states.
    moves: [BTreeMap<Name, Decimal>; 8],
    /// The program's balances, in the order the line says them (others
    /// after them, by name).
    order: Vec<String>,
}

impl Summary {
    /// An empty summary that says balances in the program's order.
    pub(super) fn in_order<'a>(balances: impl Iterator<Item = &'a str>) -> Summary {
        Summary {
            order: balances.map(str::to_string).collect(),
            ..Summary::default()
        }
    }

    /// Adds what another part of the replay did.
    pub(super) fn merge(&mut self, other: Summary) {
        self.events += other.events;
        self.failed += other.failed;
        for (mine, theirs) in self.moves.iter_mut().zip(other.moves) {
            for (balance, points) in theirs {
                add(mine, balance, points);
            }
        }
    }

    /// Counts an event and how it moved points.
    pub(super) fn add(&mut self, outcome: &Outcome) {
        self.events += 1;
        for t in &outcome.totals {
            let to = if t.member == outcome.member {
                CREDITED
            } else {
                OTHERS
            };
            self.moved(to, t.balance.clone(), t.points);
        }
        if let Some(r) = &outcome.returned {
            for (balance, points) in &r.points {
                let forgiven = r.forgiven.get(balance).copied().unwrap_or(Exact::ZERO);
                if let Some(off) = points.checked_sub(forgiven) {
                    self.moved_exact(TAKEN_BACK, balance, off);
                }
            }
            for (balance, points) in &r.refunded {
                self.moved_exact(REFUNDED, balance, *points);
            }
        }
        if let Some(r) = &outcome.redemption {
            self.moved_exact(REDEEMED, &r.balance, r.points);
        }
        for i in &outcome.issued {
            self.moved_exact(ISSUED, &i.balance, i.points);
        }
        if let Some(c) = &outcome.cancelled {
            if let Some(back) = c.points.checked_sub(c.withheld) {
                self.moved_exact(GIVEN_BACK, &c.balance, back);
            }
        }
        for x in &outcome.change.expired {
            self.moved_exact(EXPIRED, &x.balance, x.points);
        }
    }

    fn moved(&mut self, to: usize, balance: Name, points: Decimal) {
        if let Some(slot) = self.moves.get_mut(to) {
            add(slot, balance, points);
        }
    }

    /// Points of an outcome's part, held at the balance's decimals.
    fn moved_exact(&mut self, to: usize, balance: &str, points: Exact) {
        if let Some(points) = points.as_decimal() {
            self.moved(to, Name::from(balance), points);
        }
    }
}

fn add(to: &mut BTreeMap<Name, Decimal>, balance: Name, points: Decimal) {
    let slot = to.entry(balance).or_default();
    *slot = slot.saturating_add(points);
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{}, {}",
            plural(self.events, "event", "events"),
            plural(self.failed, "failed", "failed")
        )?;
        // Each balance's place, found in a map (a program may have
        // thousands of balances).
        let places: BTreeMap<&str, usize> = self
            .order
            .iter()
            .enumerate()
            .map(|(i, o)| (o.as_str(), i))
            .collect();
        let rank = |b: &Name| places.get(b.as_str()).copied().unwrap_or(self.order.len());
        for (what, points) in MOVES.iter().zip(&self.moves) {
            let mut moved: Vec<(&Name, &Decimal)> =
                points.iter().filter(|(_, p)| !p.is_zero()).collect();
            // Stable: balances the program does not list stay by name.
            moved.sort_by_cached_key(|(b, _)| rank(b));
            let parts: Vec<String> = moved
                .iter()
                .map(|(b, p)| match (b.as_str(), p.to_string().as_str()) {
                    ("points", "1") => "1 point".to_string(),
                    (b, p) => format!("{p} {b}"),
                })
                .collect();
            if !parts.is_empty() {
                write!(f, "; {what} {}", parts.join(", "))?;
            }
        }
        Ok(())
    }
}
