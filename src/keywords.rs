//! Keyword enums that the parser reads once and later stages use as they
//! are (rounding modes and granularities are public, in `rounding.rs`).

/// How a campaign's multiplier combines with others on the same award
/// (`stacking multiply | add | best`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stacking {
    Multiply,
    Add,
    Best,
}

impl Stacking {
    /// The keyword's stacking; the grammar admits only these words.
    pub(crate) fn from_keyword(word: &str) -> Option<Stacking> {
        Some(match word {
            "multiply" => Stacking::Multiply,
            "add" => Stacking::Add,
            "best" => Stacking::Best,
            _ => return None,
        })
    }
}
