//! The built-in event kinds: the one table that the checker, the plan, its
//! index and the evaluator read. A new kind is a new entry here (and its
//! variant of the input's `Event`).

/// A built-in event kind. Its position in [`Kind::ALL`] is its index in the
/// plan's per-kind sequences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Purchase,
    SignUp,
    Review,
    CheckIn,
    Share,
    Referral,
    /// Time passing: reviews tiers up to its date; no rule runs on it.
    Time,
    /// Points spent by a burn rule or on a reward; no earn rule runs on it.
    Redemption,
    /// Lines of a purchase given back; no earn rule runs on it.
    Return,
    /// A redemption undone: its points go back; no earn rule runs on it.
    Cancellation,
}

impl Kind {
    /// Every built-in kind, in index order.
    pub(crate) const ALL: [Kind; 10] = [
        Kind::Purchase,
        Kind::SignUp,
        Kind::Review,
        Kind::CheckIn,
        Kind::Share,
        Kind::Referral,
        Kind::Time,
        Kind::Redemption,
        Kind::Return,
        Kind::Cancellation,
    ];

    /// How many built-in kinds there are.
    pub(crate) const COUNT: usize = Kind::ALL.len();

    /// The kind's name as programs and JSON write it.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Kind::Purchase => "purchase",
            Kind::SignUp => "sign_up",
            Kind::Review => "review",
            Kind::CheckIn => "check_in",
            Kind::Share => "share",
            Kind::Referral => "referral",
            Kind::Time => "time",
            Kind::Redemption => "redemption",
            Kind::Return => "return",
            Kind::Cancellation => "cancellation",
        }
    }

    /// Whether rules (`earn ... on KIND`, `count ... on KIND`) can run on
    /// the kind.
    pub(crate) const fn has_rules(self) -> bool {
        !matches!(
            self,
            Kind::Time | Kind::Redemption | Kind::Return | Kind::Cancellation
        )
    }

    /// The kind with this name.
    pub(crate) fn named(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Every kind's name, in index order.
    pub(crate) fn names() -> impl Iterator<Item = &'static str> {
        Kind::ALL.into_iter().map(Kind::name)
    }

    /// The kind's index in per-kind tables.
    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn the_table_is_in_index_order_and_names_are_unique() {
        for (i, k) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(k.index(), i);
            assert_eq!(Kind::named(k.name()), Some(k));
        }
    }
}
