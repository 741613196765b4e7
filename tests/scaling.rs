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

#[test]
fn rules_keyed_on_a_category_sku_or_tier_of_the_transaction_apply_when_they_match() {
    // Transaction-level rules that need a category or SKU somewhere in the
    // basket, or a tier, are indexed on it; they still apply exactly when
    // their condition holds, and many of them that cannot match change nothing.
    let mut src = String::from(
        r#"program "x" { currency USD }
        tiers { base silver gold }
        earn "Base" on purchase { award 1 point per every 1 USD of tx.amount }
        earn "Fuel" on purchase when "fuel" in tx.categories { award 5 points }
        earn "Not fuel" on purchase when not ("fuel" in tx.categories) { award 7 points }
        earn "Gift card" on purchase when tx.channel == "store" and "GIFT" in tx.skus { award 20 points }
        earn "Gold" on purchase when member.tier == gold { award 100 points }
        earn "Silver or gold" on purchase when member.tier in [silver, gold] and "fuel" in tx.categories { award 1000 points }
        earn "Per line, fuel in basket" on purchase for each line where "fuel" in tx.categories { award 10000 points }
"#,
    );
    for i in 0..200 {
        src.push_str(&format!(
            "earn \"Cat {i}\" on purchase when \"cat-{i}\" in tx.categories {{ award 1 point }}\n\
             earn \"Sku {i}\" on purchase when \"SKU-{i}\" in tx.skus {{ award 1 point }}\n"
        ));
    }
    let p = Program::compile(&src).unwrap();
    let small = Program::compile(&src[..src.find("earn \"Cat 0\"").unwrap()]).unwrap();
    let mut m = Member::new("m1");
    let cases = [
        // (tier, channel, lines, expected points)
        (
            "base",
            "store",
            vec![("A", "grocery", "1", "10.00")],
            10 + 7,
        ),
        (
            "gold",
            "store",
            vec![("A", "fuel", "1", "10.00"), ("GIFT", "other", "1", "5.00")],
            15 + 5 + 20 + 100 + 1000 + 2 * 10000,
        ),
        (
            "silver",
            "app",
            vec![("GIFT", "fuel", "1", "3.00")],
            3 + 5 + 1000 + 10000,
        ),
        (
            "gold",
            "app",
            vec![("A", "dining", "1", "3.00")],
            3 + 7 + 100,
        ),
    ];
    for (i, (tier, channel, lines, expected)) in cases.iter().enumerate() {
        m.tier = Some(tier.to_string());
        let e = purchase("2026-03-04T12:00:00Z", channel, lines);
        assert_eq!(points(&p, &m, &e), expected.to_string(), "case {i}");
        assert_eq!(points(&small, &m, &e), expected.to_string(), "case {i}");
    }
    // The keyed many: one category and one SKU rule of the 200 match.
    m.tier = Some("base".into());
    let e = purchase(
        "2026-03-04T12:00:00Z",
        "app",
        &[
            ("SKU-42", "cat-7", "1", "2.00"),
            ("B", "cat-7", "1", "2.00"),
        ],
    );
    assert_eq!(points(&p, &m, &e), (4 + 7 + 1 + 1).to_string());
}
