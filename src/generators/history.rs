//! Programs with a member's history: counters, `count` rules, rules that
//! read counters by period, per-member caps and limits.

use proptest::prelude::*;
use proptest::sample::select;

use super::{pick, program, Vocabulary};

/// Periods a generated program reads or limits by (not the membership
/// year, which needs a join date).
const PERIODS: [&str; 7] = [
    "day",
    "week",
    "month",
    "quarter",
    "year",
    "30 days",
    "12 months",
];

/// A valid program of [`program`] with counters added: `visits` (one per
/// purchase and per review), `units` (line quantities, maybe of one
/// category), the rules `H0` to `H3` that read them over periods (this
/// period, the last N days, streaks, marks crossed), a rule with a limit
/// per member per period, `H3` with a lifetime cap per member of `cap`
/// points (the second value), and maybe a program cap per member per
/// period on what all rules credit, for properties of member state.
pub fn program_with_history(v: &Vocabulary) -> impl Strategy<Value = (String, u32)> {
    let v = v.clone();
    (
        program(&v),
        pick(&v.categories),
        prop::bool::ANY,
        (1..6u32, select(PERIODS.to_vec())),
        (1..4u32, select(PERIODS.to_vec())),
        (1..20u32, 1..10u32, select(PERIODS.to_vec())),
        (2..5u32, 10..200u32),
        proptest::option::of((50..3000u32, select(PERIODS.to_vec()))),
    )
        .prop_map(
            |(base, category, by_category, (visits, read), (times, per), (first, every, marks), (streak, cap), all)| {
                let mut src = base;
                src.push_str("counter visits\ncounter units\n");
                src.push_str("count 1 to visits on purchase\ncount 1 to visits on review\n");
                let when = if by_category && !category.is_empty() {
                    format!(" when line.category == \"{category}\"")
                } else {
                    String::new()
                };
                src.push_str(&format!(
                    "count line.quantity to units on purchase for each line{when}\n"
                ));
                let read = read_period(read);
                src.push_str(&format!(
                    "earn \"H0\" on purchase when visits {read} >= {visits} {{ award 7 points  limit {times} per member per {per} }}\n"
                ));
                let marks = read_period(marks);
                src.push_str(&format!(
                    "earn \"H1\" on purchase {{ award 100 points per crossed(units {marks}, {first}, {every}) }}\n"
                ));
                src.push_str(&format!(
                    "earn \"H2\" on review when visits streak >= {streak} {{ award 5 points }}\n"
                ));
                let currency = currency_of(&src);
                src.push_str(&format!(
                    "earn \"H3\" on purchase {{ award 1 point per {currency} of tx.amount  cap {cap} points per member }}\n"
                ));
                if let Some((limit, period)) = all {
                    src.push_str(&format!("cap {limit} points per member per {period}\n"));
                }
                (src, cap)
            },
        )
}

/// A period as a counter read writes it: `this month`, `last 30 days`.
fn read_period(p: &str) -> String {
    match p {
        "day" => "today".into(),
        rolling if rolling.contains(' ') => format!("last {rolling}"),
        calendar => format!("this {calendar}"),
    }
}

/// The currency a generated program declares.
fn currency_of(src: &str) -> String {
    src.split("currency ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or("USD")
        .to_string()
}
