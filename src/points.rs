//! The lean result of an evaluation: totals only, for hot paths that do not
//! need the explanation (batch re-scoring, quotes, simulations).

use rust_decimal::Decimal;
use serde::Serialize;

/// The points one member earned in one balance: one entry of [`Points`].
/// Names are borrowed from the program and the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Credited<'a> {
    /// The member credited.
    pub member: &'a str,
    /// The balance.
    pub balance: &'a str,
    /// Whether the balance only qualifies for tiers (it cannot be redeemed).
    pub qualifying: bool,
    /// Points credited.
    pub points: Decimal,
}

/// What an event earned, without the explanation: the totals of
/// [`Program::points`](crate::Program::points), equal to the totals of
/// [`Program::evaluate`](crate::Program::evaluate) for the same input, in
/// the same order (the evaluated member first, each in the program's balance
/// order, then other recipients of a referral).
///
/// The totals of the usual event (up to four) are held in place, so that
/// `points` does not allocate.
#[derive(Debug, Clone)]
pub struct Points<'a> {
    totals: Totals<'a>,
}

/// How many totals [`Points`] holds without allocating.
const INLINE: usize = 2;

/// A placeholder for the unused places of an inline list.
const NONE: Credited<'static> = Credited {
    member: "",
    balance: "",
    qualifying: false,
    points: Decimal::ZERO,
};

#[derive(Debug, Clone)]
enum Totals<'a> {
    /// The first `len` are the totals.
    Inline {
        len: u8,
        items: [Credited<'a>; INLINE],
    },
    Heap(Vec<Credited<'a>>),
}

impl<'a> Points<'a> {
    /// No totals yet, held in place.
    pub(crate) fn empty() -> Self {
        Points {
            totals: Totals::Inline {
                len: 0,
                items: [NONE; INLINE],
            },
        }
    }

    /// Appends a total, in place while there is room.
    pub(crate) fn push(&mut self, total: Credited<'a>) {
        match &mut self.totals {
            Totals::Inline { len, items } => {
                if let Some(slot) = items.get_mut(usize::from(*len)) {
                    *slot = total;
                    *len += 1;
                } else {
                    let mut all = Vec::with_capacity(2 * INLINE);
                    all.extend_from_slice(items);
                    all.push(total);
                    self.totals = Totals::Heap(all);
                }
            }
            Totals::Heap(all) => all.push(total),
        }
    }

    fn as_slice(&self) -> &[Credited<'a>] {
        match &self.totals {
            Totals::Inline { len, items } => items.get(..usize::from(*len)).unwrap_or_default(),
            Totals::Heap(all) => all,
        }
    }

    /// Points credited to `member` in `balance` (zero when none).
    pub fn get(&self, member: &str, balance: &str) -> Decimal {
        self.total(member, balance).unwrap_or(Decimal::ZERO)
    }

    /// Points credited to `member` in `balance`, or `None` when there is no
    /// such total (a balance the program does not declare, a member the event
    /// credits nothing, `points` in a program that only uses its own
    /// balances).
    pub fn total(&self, member: &str, balance: &str) -> Option<Decimal> {
        self.as_slice()
            .iter()
            .find(|t| t.member == member && t.balance == balance)
            .map(|t| t.points)
    }

    /// Every total, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Credited<'a>> {
        self.as_slice().iter()
    }

    /// How many totals there are.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether there is no total.
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }
}

impl PartialEq for Points<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Points<'_> {}

impl Serialize for Points<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

impl<'p, 'a> IntoIterator for &'p Points<'a> {
    type Item = &'p Credited<'a>;
    type IntoIter = std::slice::Iter<'p, Credited<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(balance: &str, n: i64) -> Credited<'_> {
        Credited {
            member: "m",
            balance,
            qualifying: false,
            points: Decimal::from(n),
        }
    }

    #[test]
    fn totals_past_the_inline_room_are_kept_in_order() {
        let names = ["a", "b", "c", "d", "e"];
        let mut points = Points::empty();
        for (n, name) in (1..).zip(names) {
            points.push(total(name, n));
            assert_eq!(points.len(), usize::try_from(n).unwrap_or(0));
        }
        let order: Vec<&str> = points.iter().map(|t| t.balance).collect();
        assert_eq!(order, names);
        assert_eq!(points.get("m", "e"), Decimal::from(5));
        assert_eq!(points.total("m", "f"), None);
        let mut two = Points::empty();
        two.push(total("a", 1));
        two.push(total("b", 2));
        assert_ne!(points, two);
        for (name, n) in [("c", 3), ("d", 4), ("e", 5)] {
            two.push(total(name, n));
        }
        assert_eq!(points, two);
        assert!(Points::empty().is_empty());
    }

    #[test]
    fn totals_serialize_as_a_list() {
        let mut points = Points::empty();
        points.push(total("a", 1));
        let json = serde_json::to_string(&points).unwrap_or_default();
        assert_eq!(
            json,
            r#"[{"member":"m","balance":"a","qualifying":false,"points":"1"}]"#
        );
    }
}
