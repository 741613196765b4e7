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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Points<'a> {
    totals: Vec<Credited<'a>>,
}

impl<'a> Points<'a> {
    pub(crate) fn new(totals: Vec<Credited<'a>>) -> Self {
        Points { totals }
    }

    /// Points credited to `member` in `balance` (zero when none).
    pub fn get(&self, member: &str, balance: &str) -> Decimal {
        self.totals
            .iter()
            .find(|t| t.member == member && t.balance == balance)
            .map_or(Decimal::ZERO, |t| t.points)
    }

    /// Points credited to `member` in `balance`, or `None` when there is no
    /// such total (a balance the program does not declare, a member the event
    /// credits nothing, `points` in a program that only uses its own
    /// balances).
    pub fn total(&self, member: &str, balance: &str) -> Option<Decimal> {
        self.totals
            .iter()
            .find(|t| t.member == member && t.balance == balance)
            .map(|t| t.points)
    }

    /// Every total, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Credited<'a>> {
        self.totals.iter()
    }
}

impl<'p, 'a> IntoIterator for &'p Points<'a> {
    type Item = &'p Credited<'a>;
    type IntoIter = std::slice::Iter<'p, Credited<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.totals.iter()
    }
}
