#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Rules a transaction cannot match never change its outcome, and indexed
//! rules still apply when they do match.

mod common;

use common::fixtures::{points, purchase};
use common::workload::{generate, program_source, scaled_source, to_input};
use loyalty_rules::{Member, Program};

#[test]
fn extra_unmatchable_rules_change_nothing() {
    let small = Program::compile(&program_source()).unwrap();
    let large = Program::compile(&scaled_source(3_000)).unwrap();
    for (i, t) in generate(1_000, 11).iter().enumerate() {
        let (m, e) = to_input(t, i);
        let (a, b) = (
            small.evaluate(&m, &e).unwrap(),
            large.evaluate(&m, &e).unwrap(),
        );
        assert_eq!(a.awards, b.awards, "transaction {i}");
        assert_eq!(a.totals, b.totals, "transaction {i}");
        assert_eq!(a.campaigns, b.campaigns, "transaction {i}");
    }
}

#[test]
fn indexed_rules_apply_when_they_match() {
    let large = Program::compile(&scaled_source(300)).unwrap();
    let mut m = Member::new("m1");
    m.tier = Some("base".into());
    m.purchase_count = 3;
    // Promo 0 (a SKU promotion), Kiosk 2 and 5 (a channel), Past bonus 1, 4, ... (a window).
    let e = purchase(
        "2026-03-04T12:00:00Z",
        "store",
        &[("PROMO-0", "other", "1", "10.00")],
    );
    assert_eq!(points(&large, &m, &e), "110"); // 10 base + 100 promo
    let e = purchase(
        "2026-03-04T12:00:00Z",
        "kiosk",
        &[("X", "other", "1", "10.00")],
    );
    assert_eq!(points(&large, &m, &e), (10 + 10 * 100).to_string()); // 100 kiosk rules
    let e = purchase(
        "2025-01-15T12:00:00Z",
        "store",
        &[("X", "other", "1", "10.00")],
    );
    let o = large.evaluate(&m, &e).unwrap();
    assert_eq!(o.campaigns.len(), 100);
    assert_eq!(
        o.points("m1", "points").to_string(),
        (10 + 100 * 10).to_string()
    );
    // Categories and `in` lists index too.
    let p = Program::compile(
        r#"program "x" { currency USD }
        earn "Dining" on purchase for each line where line.category in ["dining", "cafe"] and line.amount > 1 USD { award 5 points }
        earn "App" on purchase when tx.channel in ["app"] { award 1 point }"#,
    )
    .unwrap();
    let e = purchase(
        "2026-03-04T12:00:00Z",
        "app",
        &[("A", "grocery", "1", "5"), ("B", "cafe", "1", "5")],
    );
    assert_eq!(points(&p, &m, &e), "6");
}
