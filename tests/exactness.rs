#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Exactness and semantics (issue 9): each defect found by writing real
//! programs, with the exact figure it must give.

mod common;

use common::fixtures::*;
use loyalty_rules::{Exact, Step};
use proptest::prelude::*;

const WED: &str = "2026-03-04T12:00:00Z"; // a Wednesday

fn one_line(price: &str) -> loyalty_rules::Event {
    purchase(WED, "store", &[("A", "grocery", "1", price)])
}

fn rounded(mode: &str, award: &str, price: &str) -> String {
    let p = compile(&format!(
        "program \"T\" {{ currency USD rounding {mode} }}\nearn \"R\" on purchase {{ {award} }}"
    ));
    points(&p, &m1(), &one_line(price))
}

// ------------------------------------------------------------ 1. exact rates

#[test]
fn a_rate_per_several_units_multiplies_before_it_divides() {
    assert_eq!(
        rounded("floor", "award 1 point per 3 USD of tx.amount", "3.00"),
        "1"
    );
    assert_eq!(
        rounded("floor", "award 1 point per 3 USD of tx.amount", "300.00"),
        "100"
    );
    assert_eq!(
        rounded("ceil", "award 1 point per 7 USD of tx.amount", "7.00"),
        "1"
    );
    assert_eq!(
        rounded("ceil", "award 1 point per 7 USD of tx.amount", "7.01"),
        "2"
    );
    assert_eq!(
        rounded("floor", "award 2 points per 3 USD of tx.amount", "10.00"),
        "6"
    );
    assert_eq!(
        rounded("half_up", "award 2 points per 3 USD of tx.amount", "10.00"),
        "7"
    );
}

#[test]
fn a_fraction_stays_exact_through_multipliers() {
    // 10/3 × 3 is exactly 10: a value cut to 28 digits first would floor to 9.
    let p = compile(
        r#"program "T" { currency USD }
        earn "R" on purchase { award 1 point per 3 USD of tx.amount }
        campaign "Triple" from 2026-01-01 to 2026-12-31 { multiply "R" by 3 }"#,
    );
    let outcome = eval(&p, &m1(), &one_line("10.00"));
    assert_eq!(outcome.points("m1", "points").to_string(), "10");
    let award = &outcome.awards[0];
    assert_eq!(award.computed.to_string(), "10/3");
    assert_eq!(award.base.unwrap().to_string(), "10");
    match &award.steps[0] {
        Step::Multiply { before, after, .. } => {
            assert_eq!(before.to_string(), "10/3");
            assert_eq!(after.to_string(), "10");
        }
        other => panic!("expected a multiplier, got {other:?}"),
    }
    // 5/3 × 1.5 is exactly 2.5, a tie: half_down gives 2, half_up 3.
    for (mode, expected) in [("half_down", "2"), ("half_up", "3"), ("half_even", "2")] {
        let p = compile(&format!(
            r#"program "T" {{ currency USD rounding {mode} }}
            earn "R" on purchase {{ award 1 point per 3 USD of tx.amount }}
            campaign "C" from 2026-01-01 to 2026-12-31 {{ multiply "R" by 1.5 }}"#
        ));
        assert_eq!(points(&p, &m1(), &one_line("5.00")), expected, "{mode}");
    }
}

#[test]
fn the_explanation_shows_exact_values() {
    let p = usd(r#"earn "R" on purchase { award 1 point per 3 USD of tx.amount }"#);
    let text = eval(&p, &m1(), &one_line("6.00")).explain();
    assert!(text.contains("= 2 on 6\n"), "{text}");
    let text = eval(&p, &m1(), &one_line("10.00")).explain();
    // A fraction is shown with its value to three decimals, for a reader
    // who does not divide in their head.
    assert!(text.contains("= 10/3 (≈ 3.333) on 10\n"), "{text}");
    assert!(text.contains("rounded floor to whole points = 3"), "{text}");
    // So are a base, a line's amount and a multiplier's result.
    let p = usd(
        r#"earn "R" on purchase for each line { award 2 points per USD of line.amount / 3 }
        campaign "C" from 2026-01-01 to 2026-12-31 { multiply "R" by 1.5 }"#,
    );
    let text = eval(&p, &m1(), &one_line("10.00")).explain();
    assert!(
        text.contains("line 1 (A, grocery): 20/3 (≈ 6.667) on 10/3 (≈ 3.333)\n"),
        "{text}"
    );
    assert!(text.contains("× 1.5 (campaign \"C\") = 10\n"), "{text}");
    let text = eval(&p, &m1(), &one_line("1.00")).explain();
    assert!(text.contains("× 1.5 (campaign \"C\") = 1\n"), "{text}");
    let p = usd(
        r#"earn "R" on purchase { award 1 point per 7 USD of tx.amount }
        campaign "C" from 2026-01-01 to 2026-12-31 { multiply "R" by 1.5 }"#,
    );
    let text = eval(&p, &m1(), &one_line("10.00")).explain();
    assert!(text.contains("= 10/7 (≈ 1.429) on 10\n"), "{text}");
    assert!(
        text.contains("× 1.5 (campaign \"C\") = 15/7 (≈ 2.143)\n"),
        "{text}"
    );
}

#[test]
fn division_in_a_base_is_exact() {
    // (10 / 3) × 3 = 10 exactly; 28-digit division would give 9.999...
    let p = usd(r#"earn "R" on purchase { award 3 points per USD of tx.amount / 3 }"#);
    assert_eq!(points(&p, &m1(), &one_line("10.00")), "10");
    // and in a condition: 10 / 3 * 3 == 10 holds.
    let p = usd(r#"earn "R" on purchase when tx.amount / 3 * 3 == 10 USD { award 7 points }"#);
    assert_eq!(points(&p, &m1(), &one_line("10.00")), "7");
}

#[test]
fn steps_divide_exactly() {
    assert_eq!(
        rounded(
            "floor",
            "award 1 point per every 3 USD of tx.amount",
            "9.00"
        ),
        "3"
    );
    assert_eq!(
        rounded(
            "floor",
            "award 1 point per every 3 USD of tx.amount",
            "8.99"
        ),
        "2"
    );
    assert_eq!(
        rounded(
            "floor",
            "award 5 points per every 0.3 USD of tx.amount",
            "0.90"
        ),
        "15"
    );
}

const MODES: [&str; 5] = ["floor", "ceil", "half_even", "half_up", "half_down"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]
    /// `k points per M USD` of `j × M` USD is exactly `j × k`, under every
    /// rounding mode.
    #[test]
    fn k_points_per_m_usd_of_j_times_m(k in 1u32..20, m in 1u32..50, j in 0u32..200, mode in 0usize..5) {
        let award = format!("award {k} points per {m} USD of tx.amount");
        let price = format!("{}.00", j * m);
        prop_assume!(j * m > 0);
        prop_assert_eq!(rounded(MODES[mode], &award, &price), (j * k).to_string());
    }
}

#[test]
fn exact_values_read_and_write_as_text() {
    let third: Exact = "10/3".parse().unwrap();
    assert_eq!(third.to_string(), "10/3");
    assert_eq!(serde_json::to_string(&third).unwrap(), "\"10/3\"");
    let back: Exact = serde_json::from_str("\"10/3\"").unwrap();
    assert_eq!(back, third);
    // A fraction that terminates is a decimal.
    assert_eq!("5/2".parse::<Exact>().unwrap().to_string(), "2.5");
    assert!("1/0".parse::<Exact>().is_err());
}

// ------------------------------------------- 2. a rule's rounding per transaction

#[test]
fn a_rules_own_mode_is_kept_when_rounding_per_transaction() {
    let p = compile(
        r#"program "T" { currency USD rounding floor per rule }
        earn "R" on purchase { award 1 point per USD of tx.amount  round half_up per transaction }"#,
    );
    assert_eq!(points(&p, &m1(), &one_line("2.50")), "3");
    let p = compile(
        r#"program "T" { currency USD rounding floor per transaction }
        earn "R" on purchase { award 1 point per USD of tx.amount  round half_up }"#,
    );
    assert_eq!(points(&p, &m1(), &one_line("2.50")), "3");
    // Each mode's part of the transaction is rounded on its own, explained on the total.
    let p = compile(
        r#"program "T" { currency USD rounding floor per transaction }
        earn "Up" on purchase { award 1 point per USD of tx.amount  round half_up }
        earn "Down" on purchase { award 1 point per USD of tx.amount }"#,
    );
    let outcome = eval(&p, &m1(), &one_line("2.50"));
    assert_eq!(outcome.points("m1", "points").to_string(), "5"); // 3 + 2
    let steps = &outcome.totals[0].steps;
    assert_eq!(steps.len(), 2, "{steps:?}");
}

// ------------------------------------------------ 3. per rule rounds a rule once

#[test]
fn per_rule_rounds_the_rules_total_per_balance_once() {
    let p = compile(
        r#"program "T" { currency USD rounding floor per rule }
        earn "Tender" on purchase {
          award 1 point per USD of tx.paid.card
          award 2 points per USD of tx.paid.stored_value
        }"#,
    );
    let e = event(
        r#"{"kind":"purchase","id":"T","timestamp":"2026-03-04T12:00:00Z","currency":"USD",
        "lines":[{"sku":"A","quantity":"1","unit_price":"7.45"}],
        "tenders":{"card":"3.50","stored_value":"3.95"}}"#,
    );
    let outcome = eval(&p, &m1(), &e);
    assert_eq!(outcome.points("m1", "points").to_string(), "11"); // floor(3.50 + 7.90)
    let shares: Vec<String> = outcome
        .awards
        .iter()
        .map(|a| a.points.to_string())
        .collect();
    assert_eq!(shares, ["3.5", "7.5"]);
    assert!(
        outcome.explain().contains("rounded floor to whole points with the rule's other awards: 11.4 → 11, so this award = 7.5"),
        "{}",
        outcome.explain()
    );
}

#[test]
fn a_rule_cap_per_transaction_caps_the_rules_total() {
    let p = usd(r#"earn "R" on purchase {
          award 1 point per USD of tx.paid.card
          award 1 point per USD of tx.paid.cash
          cap 10 points per transaction
        }"#);
    let e = event(
        r#"{"kind":"purchase","id":"T","timestamp":"2026-03-04T12:00:00Z","currency":"USD",
        "lines":[{"sku":"A","quantity":"1","unit_price":"16.00"}],
        "tenders":{"card":"8.00","cash":"8.00"}}"#,
    );
    assert_eq!(points(&p, &m1(), &e), "10");
}

// ------------------------------------------------------- 4. missing values

fn holds_for(member: &str, condition: &str) -> bool {
    let p = compile(&format!(
        "program \"T\" {{ currency USD }}\nattribute member.vip bool\n\
         earn \"R\" on purchase when {condition} {{ award 1 point }}"
    ));
    points(&p, &self::member(member), &one_line("1.00")) == "1"
}

#[test]
fn a_comparison_with_a_missing_value_is_unknown_and_never_holds() {
    let nobody = r#"{"id":"m1"}"#;
    for condition in [
        r#"member.segment == "vip""#,
        r#"member.segment != "vip""#,
        r#"not (member.segment == "vip")"#,
        "month(member.birthday) != 1",
        "month(member.birthday) == 1",
        r#"member.segment not in ["a", "b"]"#,
        r#"member.segment in ["a", "b"]"#,
        "member.vip",
        "not member.vip",
        r#"member.segment != "vip" and true"#,
        r#"member.segment == "vip" or false"#,
    ] {
        assert!(
            !holds_for(nobody, condition),
            "{condition} held for a member without the value"
        );
    }
    for condition in [
        r#"not exists(member.segment)"#,
        r#"member.segment == "vip" or true"#,
        r#"not (member.segment == "vip" and false)"#,
    ] {
        assert!(holds_for(nobody, condition), "{condition} did not hold");
    }
    let vip = r#"{"id":"m1","segment":"gold","birthday":"1990-03-01","attributes":{"vip":false}}"#;
    for condition in [
        r#"member.segment != "vip""#,
        r#"not (member.segment == "vip")"#,
        "month(member.birthday) != 1",
        r#"member.segment not in ["a", "b"]"#,
        "not member.vip",
    ] {
        assert!(
            holds_for(vip, condition),
            "{condition} did not hold for a member with the value"
        );
    }
}

// ------------------------------------------------ 5. time windows across midnight

#[test]
fn a_window_that_ends_before_it_starts_runs_into_the_next_day() {
    let p = usd(
        r#"earn "Base" on purchase { award 1 point per USD of tx.amount }
        campaign "Late" every friday between 22:00 and 02:00 { multiply "Base" by 2 }"#,
    );
    let at = |ts: &str| {
        points(
            &p,
            &m1(),
            &purchase(ts, "store", &[("A", "x", "1", "10.00")]),
        )
    };
    assert_eq!(at("2026-03-06T23:00:00Z"), "20"); // Friday 23:00
    assert_eq!(at("2026-03-07T01:00:00Z"), "20"); // Saturday 01:00: Friday night
    assert_eq!(at("2026-03-06T01:00:00Z"), "10"); // Friday 01:00: Thursday night
    assert_eq!(at("2026-03-07T02:00:00Z"), "10"); // the end is exclusive
    assert_eq!(at("2026-03-06T21:59:00Z"), "10");
}

#[test]
fn a_dated_window_across_midnight_keeps_its_last_night() {
    let p = usd(
        r#"earn "Base" on purchase { award 1 point per USD of tx.amount }
        campaign "Late" from 2026-02-28 to 2026-02-28 between 22:00 and 02:00 { multiply "Base" by 2 }"#,
    );
    let at = |ts: &str| {
        points(
            &p,
            &m1(),
            &purchase(ts, "store", &[("A", "x", "1", "10.00")]),
        )
    };
    assert_eq!(at("2026-02-28T23:00:00Z"), "20");
    assert_eq!(at("2026-03-01T01:00:00Z"), "20"); // the night of the 28th, in March
    assert_eq!(at("2026-02-28T01:00:00Z"), "10"); // the night of the 27th
}

// ------------------------------------------------------ 6. a group's best rule

#[test]
fn a_group_picks_its_best_rule_on_the_redeemable_balance() {
    let src = r#"program "T" { currency USD balance tier_points qualifying }
        earn "A" on purchase { award 20 points  award 20 points to tier_points  group "welcome" }
        earn "B" on purchase { award 30 points  group "welcome" }"#;
    let p = compile(src);
    let outcome = eval(&p, &m1(), &one_line("1.00"));
    assert_eq!(outcome.points("m1", "points").to_string(), "30");
    assert_eq!(outcome.points("m1", "tier_points").to_string(), "0");
    let text = outcome.explain();
    assert!(
        text.contains(r#"best of group "welcome" by points (30; "A" 20)"#),
        "{text}"
    );
}

#[test]
fn a_group_may_name_the_balance_that_decides() {
    let p = compile(
        r#"program "T" { currency USD balance tier_points qualifying }
        earn "A" on purchase { award 20 points  award 20 points to tier_points  group "welcome" by tier_points }
        earn "B" on purchase { award 30 points  group "welcome" by tier_points }"#,
    );
    let outcome = eval(&p, &m1(), &one_line("1.00"));
    assert_eq!(outcome.points("m1", "points").to_string(), "20");
    assert_eq!(outcome.points("m1", "tier_points").to_string(), "20");
}

#[test]
fn a_group_decided_by_two_balances_is_an_error() {
    let text = messages(
        r#"program "T" { currency USD balance tier_points qualifying }
        earn "A" on purchase { award 20 points  group "welcome" by tier_points }
        earn "B" on purchase { award 30 points  group "welcome" by points }"#,
    );
    assert!(
        text.contains("group \"welcome\" is decided by tier_points"),
        "{text}"
    );
}

// ------------------------------------------ found by the differential test

#[test]
fn a_rule_named_twice_in_one_multiply_is_multiplied_once() {
    let src = r#"program "T" { currency USD }
        earn "R0" on purchase { award 1 point }
        campaign "C0" { multiply "R0", "R0" by 2 }"#;
    let p = compile(src);
    assert_eq!(points(&p, &m1(), &one_line("1.00")), "2");
    let text = messages(src);
    assert!(
        text.contains("\"R0\" is named twice here; it is multiplied once"),
        "{text}"
    );
}

// ------------------------------------------ 4. missing values, as a property

/// A condition over values a member may not have.
#[derive(Debug, Clone)]
enum C {
    SegmentIs(bool),
    SegmentNot,
    BirthMonth,
    Vip,
    SegmentIn,
    HasSegment,
    And(Box<C>, Box<C>),
    Or(Box<C>, Box<C>),
    Not(Box<C>),
}

fn c_text(c: &C) -> String {
    match c {
        C::SegmentIs(v) => format!("member.segment == \"{}\"", if *v { "vip" } else { "new" }),
        C::SegmentNot => "member.segment != \"vip\"".into(),
        C::BirthMonth => "month(member.birthday) == 3".into(),
        C::Vip => "member.vip".into(),
        C::SegmentIn => "member.segment in [\"vip\", \"gold\"]".into(),
        C::HasSegment => "exists(member.segment)".into(),
        C::And(a, b) => format!("({} and {})", c_text(a), c_text(b)),
        C::Or(a, b) => format!("({} or {})", c_text(a), c_text(b)),
        C::Not(a) => format!("not ({})", c_text(a)),
    }
}

/// SQL's three-valued logic: `None` is unknown.
fn c_truth(c: &C, segment: Option<&str>, month: Option<u32>, vip: Option<bool>) -> Option<bool> {
    match c {
        C::SegmentIs(v) => segment.map(|s| s == if *v { "vip" } else { "new" }),
        C::SegmentNot => segment.map(|s| s != "vip"),
        C::BirthMonth => month.map(|m| m == 3),
        C::Vip => vip,
        C::SegmentIn => segment.map(|s| s == "vip" || s == "gold"),
        C::HasSegment => Some(segment.is_some()),
        C::And(a, b) => match (
            c_truth(a, segment, month, vip),
            c_truth(b, segment, month, vip),
        ) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        C::Or(a, b) => match (
            c_truth(a, segment, month, vip),
            c_truth(b, segment, month, vip),
        ) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        C::Not(a) => c_truth(a, segment, month, vip).map(|x| !x),
    }
}

fn condition() -> impl Strategy<Value = C> {
    prop_oneof![
        any::<bool>().prop_map(C::SegmentIs),
        Just(C::SegmentNot),
        Just(C::BirthMonth),
        Just(C::Vip),
        Just(C::SegmentIn),
        Just(C::HasSegment),
    ]
    .prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| C::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| C::Or(Box::new(a), Box::new(b))),
            inner.prop_map(|a| C::Not(Box::new(a))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(256)))]
    /// `C` applies exactly when it is true, `not (C)` exactly when C is
    /// false; neither applies when C is unknown, so they never both apply,
    /// and for a member with every value exactly one of them does.
    #[test]
    fn a_condition_holds_only_when_it_is_true(
        c in condition(),
        segment in prop::option::of(prop::sample::select(vec!["vip", "new", "gold"])),
        month in prop::option::of(1..=12u32),
        vip in prop::option::of(any::<bool>()),
    ) {
        let text = c_text(&c);
        let p = compile(&format!(
            "program \"T\" {{ currency USD }}\nattribute member.vip bool\n\
             earn \"C\" on purchase when {text} {{ award 1 point }}\n\
             earn \"Not C\" on purchase when not ({text}) {{ award 10 points }}"
        ));
        let mut m = m1();
        m.segment = segment.map(str::to_string);
        m.birthday = month.and_then(|mo| chrono::NaiveDate::from_ymd_opt(1990, mo, 1));
        if let Some(v) = vip {
            m.attributes.insert("vip".into(), v.into());
        }
        let expected = match c_truth(&c, segment, month, vip) {
            Some(true) => "1",
            Some(false) => "10",
            None => "0",
        };
        prop_assert_eq!(points(&p, &m, &one_line("1.00")), expected, "{}", text);
        if segment.is_some() && month.is_some() && vip.is_some() {
            prop_assert_ne!(expected, "0");
        }
    }
}

// ---------------------------------------------- found by the generated fuzzer

#[test]
fn a_program_cap_holds_after_the_per_transaction_rounding() {
    // "Up" stays exact (2.5) until the total; the cap cuts "Ten" to the room
    // left (7.5); rounding Up's part up to 3 and the total half up would
    // credit 11 under a cap of 10.
    let p = compile(
        r#"program "T" { currency USD rounding half_up }
        earn "Up" on purchase { award 1 point per USD of tx.amount  round ceil per transaction }
        earn "Ten" on purchase { award 10 points }
        cap 10 points per transaction"#,
    );
    let outcome = eval(&p, &m1(), &one_line("2.50"));
    assert_eq!(outcome.points("m1", "points").to_string(), "10");
    let steps = &outcome.totals[0].steps;
    assert!(
        matches!(steps.last(), Some(Step::Cap { after, .. }) if after.to_string() == "10"),
        "{steps:?}"
    );
}

// ------------------------------------------------- output that cannot be faked

#[test]
fn the_explanation_escapes_control_characters_from_the_input() {
    let p = usd(r#"earn "R" on purchase for each line { award 1 point per USD of line.amount }"#);
    let e = purchase(
        WED,
        "store",
        &[("A\\n  total:\\n    999999 points", "x\\u0007", "1", "2.00")],
    );
    let text = eval(&p, &m1(), &e).explain();
    assert!(!text.contains("\n  total:\n    999999"), "{text}");
    assert!(
        text.contains(r"line 1 (A\n  total:\n    999999 points, x\u{7}): 2 on 2"),
        "{text}"
    );
}

#[test]
fn totals_are_written_at_their_balances_precision() {
    let p = compile(
        r#"program "T" { currency USD  balance spend qualifying precision 2 }
        earn "Spend" on purchase { award 1 per USD of tx.amount to spend }
        earn "Base" on purchase { award 1 point per USD of tx.amount }"#,
    );
    let outcome = eval(&p, &m1(), &one_line("437.30"));
    let totals: Vec<String> = outcome
        .totals
        .iter()
        .map(|t| t.points.to_string())
        .collect();
    assert_eq!(totals, ["437", "437.30"]);
    let json = serde_json::to_string(&outcome.totals).unwrap();
    assert!(json.contains("\"437.30\""), "{json}");
    let outcome = eval(&p, &m1(), &one_line("20.00"));
    let totals: Vec<String> = outcome
        .totals
        .iter()
        .map(|t| t.points.to_string())
        .collect();
    assert_eq!(totals, ["20", "20.00"]);
}

// ------------------------------------------------ two-step rounding (issue 14)

#[test]
fn rounding_in_two_steps_as_a_vendor_states_it() {
    // "Round to 3 decimals, then half down to 2": 1% of 123.51 = 1.2351
    // rounds half up to 1.235, then half down to 1.23; rounded once half
    // down it would be 1.24.
    let program = |round: &str| {
        compile(&format!(
            "program \"T\" {{ currency USD precision 2 }}\n\
             earn \"R\" on purchase {{ award 1% of tx.amount  round {round} }}"
        ))
    };
    let two = program("half_up to 3 then half_down");
    let e = one_line("123.51");
    let o = eval(&two, &m1(), &e);
    assert_eq!(o.points("m1", "points").to_string(), "1.23");
    let steps: Vec<String> = o.awards[0]
        .steps
        .iter()
        .map(|s| match s {
            Step::Round {
                mode,
                decimals,
                before,
                after,
            } => format!("{mode} {decimals}: {before} -> {after}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        steps,
        ["half_up 3: 1.2351 -> 1.235", "half_down 2: 1.235 -> 1.23"]
    );
    assert_eq!(points(&program("half_down"), &m1(), &e), "1.24");
    // The program's default, in two steps, for every rule that has no `round`.
    let default = compile(
        "program \"T\" { currency USD precision 2 rounding half_up to 3 then half_down }\n\
         earn \"R\" on purchase { award 1% of tx.amount }\n\
         earn \"S\" on purchase { award 1% of tx.amount  round half_down }",
    );
    let o = eval(&default, &m1(), &e);
    let each: Vec<String> = o.awards.iter().map(|a| a.points.to_string()).collect();
    assert_eq!(each, ["1.23", "1.24"]);
    // Per line, each line in two steps.
    let per_line = compile(
        "program \"T\" { currency USD precision 2 }\n\
         earn \"R\" on purchase for each line { award 1% of line.amount  round half_up to 3 then half_down per line }",
    );
    let two_lines = purchase(
        WED,
        "store",
        &[
            ("A", "grocery", "1", "123.51"),
            ("B", "grocery", "1", "123.51"),
        ],
    );
    assert_eq!(points(&per_line, &m1(), &two_lines), "2.46");
}

#[test]
fn two_step_rounding_is_per_rule_or_per_line_and_to_at_most_28_decimals() {
    let text = messages(
        "program \"T\" { currency USD rounding half_up to 3 then half_down per transaction }",
    );
    assert!(
        text.contains("error[L0303]: rounding in two steps rounds each rule's points, not the transaction's total"),
        "{text}"
    );
    let text = messages(
        "program \"T\" { currency USD }\nearn \"R\" on purchase { award 1 point  round half_up to 29 then floor }",
    );
    assert!(
        text.contains("error[L0305]: a first rounding is to a whole number of decimals, 0 to 28"),
        "{text}"
    );
}

#[test]
fn a_line_price_that_cannot_be_held_exactly_is_an_error() {
    // 0.3333333333333333333333333333 × 3.01 has 30 decimals: a `Decimal`
    // holds 28, and rounding it would change what the purchase earns.
    let program =
        usd("earn \"Base\" on purchase { award 1 point per 1 USD of tx.amount round half_up }");
    let event = purchase(
        "2026-03-04T10:00:00Z",
        "store",
        &[("A", "grocery", "0.3333333333333333333333333333", "3.01")],
    );
    let err = program.points(&m1(), &event).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: transaction T1, line 1: its price, 0.3333333333333333333333333333 × 3.01, \
         cannot be held exactly (a decimal holds 28 significant digits)"
    );
    // One that can is computed: 0.5 × 3.01 = 1.505, rounded half up to 2.
    let event = purchase(
        "2026-03-04T10:00:00Z",
        "store",
        &[("A", "grocery", "0.5", "3.01")],
    );
    assert_eq!(points(&program, &m1(), &event), "2");
}

#[test]
fn rounding_a_rules_awards_together_never_leaves_an_award_below_zero() {
    // 0.6 and 0 round together (floor) to 0: the last award cannot take
    // -0.6, or a cap that cuts the first (to 0) leaves -0.6, and the
    // purchase would earn -1 point. The difference is taken from the awards
    // from the last back, none below zero: 0 and 0, whatever the cap. (A
    // cap has no more decimals than its balance: it was 0.5 here, which
    // left -0.1.)
    let p = usd(
        "earn \"E\" on purchase { award 0.6 points  award 1 point per USD of tx.paid.card  cap 0 points per transaction }",
    );
    let o = eval(&p, &m1(), &one_line("7.45"));
    assert_eq!(o.points("m1", "points").to_string(), "0");
    let shares: Vec<String> = o.awards.iter().map(|a| a.points.to_string()).collect();
    assert_eq!(shares, ["0", "0"]);
    // Where the last award can take the difference, it alone does.
    let q = usd("earn \"E\" on purchase { award 0.6 points  award 1.7 points }");
    let o = eval(&q, &m1(), &one_line("7.45"));
    let shares: Vec<String> = o.awards.iter().map(|a| a.points.to_string()).collect();
    assert_eq!(shares, ["0.6", "1.4"]);
}

/// Found by the `state` fuzz target: 377 × 8888888888888888888888188.20 USD
/// at 10 points per USD is 33511111111111111111108469514, which a decimal
/// holds; times a gold tier's 1.25 it is 41888888888888888888885586892.5,
/// which it does not. The explained evaluation said so (overflow in the
/// multiplier), but the lean one, whose integers are wider, gave the
/// total rounded down: the two must agree, and an amount the evaluation
/// cannot hold exactly is an error.
#[test]
fn an_amount_past_what_a_decimal_holds_is_an_error_on_both_paths() {
    let p = compile(
        r#"
program "Hotel" { currency USD }
tiers { member gold }
earn "Base" on purchase for each line { award 10 points per USD of line.amount }
tier gold { multiply "Base" by 1.25 }
"#,
    );
    let m = loyalty_rules::Member::new("eve").with_tier("gold");
    let e = loyalty_rules::Event::from_json(
        r#"{"kind": "purchase", "id": "s1", "timestamp": "2026-02-03T15:00:00-05:00", "currency": "USD",
            "lines": [{"sku": "KING", "category": "room", "quantity": 377, "unit_price": "8888888888888888888888188.20"}]}"#,
    )
    .unwrap();
    let overflow = loyalty_rules::EvalError::Overflow {
        rule: "Base".into(),
        during: "a multiplier".into(),
    };
    assert_eq!(p.evaluate(&m, &e).unwrap_err(), overflow);
    assert_eq!(p.points(&m, &e).unwrap_err(), overflow);
    // One unit less of the price fits: both give the same total.
    let fits = loyalty_rules::Event::from_json(
        r#"{"kind": "purchase", "id": "s1", "timestamp": "2026-02-03T15:00:00-05:00", "currency": "USD",
            "lines": [{"sku": "KING", "category": "room", "quantity": 377, "unit_price": "888888888888888888888818.80"}]}"#,
    )
    .unwrap();
    let total = p.evaluate(&m, &fits).unwrap().points("eve", "points");
    assert_eq!(total.to_string(), "4188888888888888888888558595");
    assert_eq!(p.points(&m, &fits).unwrap().get("eve", "points"), total);
}
