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

/// How tier multipliers and campaign multipliers combine on one award
/// (`multipliers compound | add` in the header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Combine {
    /// Each multiplies what the previous left: x1.25 and x2 make x2.5.
    #[default]
    Compound,
    /// Their bonuses add up: +100% and +100% make x3.
    Add,
}

/// Words a period is said with in published terms (`10 nights per year`,
/// `in a calendar year`, `over 12 months`): none is a tier level, and a
/// requirement counts over the qualification period instead.
/// Words that say what a threshold counts, as terms write it (`500 points
/// earned`, `10 nights stayed`): after a level's requirement, on its line,
/// they would be read as levels of their own.
pub(crate) const MEASURE_WORDS: [&str; 14] = [
    "earned",
    "spent",
    "accrued",
    "collected",
    "accumulated",
    "stayed",
    "flown",
    "completed",
    "made",
    "booked",
    "purchased",
    "bought",
    "redeemed",
    "reached",
];

pub(crate) const PERIOD_WORDS: [&str; 23] = [
    "per", "a", "the", "each", "every", "in", "within", "over", "during", "this", "last",
    "calendar", "rolling", "year", "years", "month", "months", "quarter", "week", "weeks", "day",
    "days", "annually",
];

/// The month a name says (`december`, `dec`, `December`), 1 to 12.
pub(crate) fn month_named(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = name.to_ascii_lowercase();
    let i = MONTHS
        .iter()
        .position(|m| *m == lower || (lower.len() == 3 && m.starts_with(&lower)))?;
    u32::try_from(i + 1).ok()
}
