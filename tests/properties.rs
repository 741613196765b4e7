#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Properties over generated members and purchases. `PROPTEST_CASES` raises
//! the number of cases for long runs.

mod common;

use common::workload::{CATEGORIES, CHANNELS, TIERS};
use loyalty_rules::{Event, Line, Member, Outcome, Program, Tenders, Transaction};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn acme() -> Program {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/programs/acme.loyalty"
    ))
    .unwrap();
    Program::compile(&src).unwrap()
}

fn workload() -> Program {
    Program::compile(&common::workload::program_source()).unwrap()
}

const ACME_TIERS: [&str; 4] = ["member", "silver", "gold", "platinum"];

prop_compose! {
    fn line()(sku in 0..50u32, category in 0..CATEGORIES.len(), organic in any::<bool>(),
              quantity in 1..5i64, cents in 0..50_000i64, discount_pct in 0..50i64) -> Line {
        let mut l = Line::new(&format!("SKU-{sku}"), Decimal::from(quantity), Decimal::new(cents, 2));
        l.category = CATEGORIES[category].to_string();
        if organic { l.tags.push("organic".into()); }
        l.discount = (l.unit_price * l.quantity * Decimal::new(discount_pct, 2)).round_dp(2);
        l
    }
}

prop_compose! {
    fn purchase()(lines in prop::collection::vec(line(), 0..6), channel in 0..CHANNELS.len(),
                  day in 0..365i64, secs in 0..86_400i64, tax in 0..5_000i64, shipping in 0..1_000i64,
                  points_paid in 0..2_000i64) -> Event {
        let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00-05:00").unwrap();
        Event::Purchase(Transaction {
            id: "T".into(),
            timestamp: start + chrono::Duration::days(day) + chrono::Duration::seconds(secs),
            channel: CHANNELS[channel].into(),
            store: "S1".into(),
            currency: "USD".into(),
            lines,
            tax: Decimal::new(tax, 2),
            shipping: Decimal::new(shipping, 2),
            tenders: Tenders { points: Decimal::new(points_paid, 2), ..Tenders::default() },
            attributes: Default::default(),
        })
    }
}

prop_compose! {
    fn member(tiers: &'static [&'static str])(tier in 0..tiers.len(), bday in 1..=12u32, count in 0..3u64) -> Member {
        let mut m = Member::new("m1");
        m.tier = Some(tiers[tier].to_string());
        m.birthday = chrono::NaiveDate::from_ymd_opt(1990, bday, 1);
        m.purchase_count = count;
        m.attributes.insert("employee".into(), false.into());
        m
    }
}

/// The same program with different whitespace and comments (outside strings).
fn relayout(src: &str, variant: usize) -> String {
    let mut out = String::new();
    let mut in_string = false;
    for c in src.chars() {
        match c {
            '"' => {
                in_string = !in_string;
                out.push(c);
            }
            ' ' if !in_string => out.push_str(["  ", "\t", " \t "][variant % 3]),
            '\n' if !in_string => {
                out.push_str(["  // note\n\n", "\t# remark\n", "\n   \n"][variant % 3])
            }
            _ => out.push(c),
        }
    }
    out
}

/// An outcome without the program identity, which names the exact text.
fn meaning(mut o: Outcome) -> Outcome {
    o.program.hash.clear();
    o
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_is_deterministic(m in member(&ACME_TIERS), e in purchase()) {
        let p = acme();
        let a = serde_json::to_string(&p.evaluate(&m, &e).unwrap()).unwrap();
        let b = serde_json::to_string(&acme().evaluate(&m, &e).unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn layout_never_changes_a_result(m in member(&ACME_TIERS), e in purchase(), variant in 0..3usize) {
        let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/programs/acme.loyalty")).unwrap();
        let other = Program::compile(&relayout(&src, variant)).unwrap();
        let base = acme();
        prop_assert_ne!(other.hash(), base.hash());
        prop_assert_eq!(meaning(base.evaluate(&m, &e).unwrap()), meaning(other.evaluate(&m, &e).unwrap()));
    }

    #[test]
    fn lean_points_equal_the_explained_totals(m in member(&ACME_TIERS), e in purchase()) {
        let p = acme();
        let outcome = p.evaluate(&m, &e).unwrap();
        let lean = p.points(&m, &e).unwrap();
        let explained: Vec<_> = outcome.totals.iter()
            .map(|t| (t.member.as_str(), t.balance.as_str(), t.qualifying, t.points)).collect();
        let lean: Vec<_> = lean.iter().map(|t| (t.member, t.balance, t.qualifying, t.points)).collect();
        prop_assert_eq!(explained, lean);
    }

    #[test]
    fn points_are_never_negative_for_a_purchase(m in member(&ACME_TIERS), e in purchase()) {
        let o = acme().evaluate(&m, &e).unwrap();
        for a in &o.awards {
            prop_assert!(a.points >= Decimal::ZERO, "{a:?}");
            for l in &a.lines { prop_assert!(l.points >= Decimal::ZERO); }
        }
        for t in &o.totals { prop_assert!(t.points >= Decimal::ZERO); }
    }

    #[test]
    fn a_cap_is_never_exceeded(m in member(&TIERS), e in purchase(), cap in 0..3_000u32, line_cap in 0..400u32) {
        let src = common::workload::program_source()
            .replace("cap 10000 points per transaction", &format!("cap {cap} points per transaction"))
            .replace("award 1 point per every 1 USD of line.amount\n}", &format!("award 1 point per every 1 USD of line.amount\n  cap {line_cap} points per line\n}}"));
        let p = Program::compile(&src).unwrap();
        let o = p.evaluate(&m, &e).unwrap();
        prop_assert!(o.points("m1", "points") <= Decimal::from(cap));
        for a in o.awards.iter().filter(|a| a.rule == "Base") {
            for l in &a.lines { prop_assert!(l.points <= Decimal::from(line_cap)); }
        }
        // The shipped cap, too.
        prop_assert!(workload().evaluate(&m, &e).unwrap().points("m1", "points") <= Decimal::from(10_000));
    }
}

// ------------------------------------------------ generated programs (feature `proptest`)

#[cfg(feature = "proptest")]
mod generated {
    use loyalty_rules::generators::{self, Vocabulary};
    use loyalty_rules::Program;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn generated_programs_compile_and_agree_with_themselves(
            src in generators::program(&Vocabulary::default()),
            m in generators::member(&Vocabulary::default()),
            events in generators::events(&Vocabulary::default(), 6),
        ) {
            let p = match Program::compile(&src) {
                Ok(p) => p,
                Err(e) => return Err(TestCaseError::fail(format!("{e}\n{src}"))),
            };
            for e in &events {
                let outcome = p.evaluate(&m, e).unwrap();
                let lean = p.points(&m, e).unwrap();
                prop_assert_eq!(outcome.points("member-1", "points"), lean.get("member-1", "points"));
                prop_assert!(outcome.points("member-1", "points") >= Decimal::ZERO);
                // Deterministic, to the byte.
                prop_assert_eq!(
                    serde_json::to_string(&outcome).unwrap(),
                    serde_json::to_string(&p.evaluate(&m, e).unwrap()).unwrap()
                );
            }
        }

        #[test]
        fn inputs_fit_an_existing_program(m in generators::member(&Vocabulary::of(&super::acme())),
                                          e in generators::purchase(&Vocabulary::of(&super::acme()))) {
            prop_assert!(super::acme().evaluate(&m, &e).is_ok());
        }
    }
}
