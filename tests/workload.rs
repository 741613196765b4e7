#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The reference workload in the DSL, against its hand-computed examples and
//! against the same rules hand-written in Rust.

mod common;

use chrono::DateTime;
use common::workload::{
    generate, hand_written, hand_written_on_input, program_source, to_input, Tx,
};
use loyalty_rules::Program;
use rust_decimal::Decimal;

fn tx(
    tier: usize,
    amount: &str,
    category: usize,
    channel: usize,
    when: &str,
    bday: u32,
    first: bool,
) -> Tx {
    Tx {
        tier,
        amount: amount.parse().unwrap(),
        category,
        channel,
        timestamp: DateTime::parse_from_rfc3339(when).unwrap(),
        birthday_month: bday,
        first_purchase: first,
    }
}

fn dsl_points(program: &Program, t: &Tx) -> Decimal {
    let (member, event) = to_input(t, 1);
    program
        .evaluate(&member, &event)
        .unwrap()
        .points("member", "points")
}

#[test]
fn hand_computed_examples() {
    let program = Program::compile(&program_source()).unwrap();
    assert!(program.warnings().is_empty(), "{:?}", program.warnings());
    let cases = [
        // gold, 123.45 dining store, Wednesday 2026-03-04: 153 + 246
        (tx(2, "123.45", 3, 0, "2026-03-04T12:00:00Z", 7, false), 399),
        // platinum 1500 electronics online, Saturday 2026-11-21, birthday, first
        (
            tx(3, "1500.00", 1, 1, "2026-11-21T12:00:00Z", 11, true),
            6950,
        ),
        // silver 80.10 grocery online, Tuesday 2026-06-02, birthday month 6
        (tx(1, "80.10", 0, 1, "2026-06-02T12:00:00Z", 6, false), 316),
        // gold 123.45 dining, Wednesday 2026-11-25: rounding before doubling
        (tx(2, "123.45", 3, 0, "2026-11-25T12:00:00Z", 7, false), 798),
    ];
    for (t, expected) in &cases {
        assert_eq!(hand_written(t), *expected, "hand-written, {t:?}");
        assert_eq!(
            dsl_points(&program, t),
            Decimal::from(*expected),
            "DSL, {t:?}"
        );
    }
}

#[test]
fn cap_and_weekend_app_and_fuel() {
    let program = Program::compile(&program_source()).unwrap();
    // platinum, 2000 USD beauty in the double window: 3000 + 6000 = 9000, doubled 18000,
    // + 1000 big basket = 19000, capped at 10000.
    let t = tx(3, "2000.00", 5, 2, "2026-11-22T12:00:00Z", 1, false);
    assert_eq!(dsl_points(&program, &t), Decimal::from(10_000));
    // fuel on a Sunday in the app: no base points, +5 fuel, +50 weekend app.
    let t = tx(0, "45.00", 2, 2, "2026-03-08T09:00:00Z", 1, false);
    assert_eq!(dsl_points(&program, &t), Decimal::from(55));
}

#[test]
fn matches_hand_written_rust_on_generated_transactions() {
    let program = Program::compile(&program_source()).unwrap();
    let txs = generate(5_000, 42);
    for (i, t) in txs.iter().enumerate() {
        let expected = Decimal::from(hand_written(t));
        assert_eq!(dsl_points(&program, t), expected, "transaction {i}: {t:?}");
        // The lean evaluation gives the same points without the explanation.
        let (member, event) = to_input(t, i);
        let lean = program.points(&member, &event).unwrap();
        assert_eq!(
            lean.get("member", "points"),
            expected,
            "lean, transaction {i}"
        );
        // The second baseline reads the same inputs as the crate.
        assert_eq!(hand_written_on_input(&member, &event), hand_written(t));
    }
}
