#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The public API's guarantees: shareable across threads, outcomes that
//! round-trip through serde.

mod common;

use std::sync::Arc;

use common::workload::{generate, program_source, to_input};
use loyalty_rules::{Event, Member, Outcome, Program};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn a_program_is_shared_behind_an_arc_by_many_threads() {
    assert_send_sync::<Program>();
    let program = Arc::new(Program::compile(&program_source()).unwrap());
    let txs = Arc::new(generate(400, 7));
    let single: Vec<String> = txs
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (m, e) = to_input(t, i);
            serde_json::to_string(&program.evaluate(&m, &e).unwrap()).unwrap()
        })
        .collect();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (program, txs) = (Arc::clone(&program), Arc::clone(&txs));
            std::thread::spawn(move || {
                txs.iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let (m, e) = to_input(t, i);
                        serde_json::to_string(&program.evaluate(&m, &e).unwrap()).unwrap()
                    })
                    .collect::<Vec<String>>()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), single);
    }
}

#[test]
fn outcomes_round_trip_through_json() {
    let program = Program::compile(&program_source()).unwrap();
    for (i, t) in generate(50, 3).iter().enumerate() {
        let (m, e) = to_input(t, i);
        let outcome = program.evaluate(&m, &e).unwrap();
        let json = serde_json::to_string(&outcome).unwrap();
        let back: Outcome = serde_json::from_str(&json).unwrap();
        assert_eq!(back, outcome);
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
}

#[test]
fn batches_equal_single_evaluations_in_input_order() {
    let program = Program::compile(&common::workload::program_source()).unwrap();
    let items: Vec<(Member, Event)> = common::workload::generate(500, 11)
        .iter()
        .enumerate()
        .map(|(i, t)| common::workload::to_input(t, i))
        .collect();
    // One invalid item in the middle keeps its place as an error.
    let mut items = items;
    if let Event::Purchase(t) = &mut items[250].1 {
        t.currency = "EUR".into();
    }
    let single: Vec<_> = items.iter().map(|(m, e)| program.evaluate(m, e)).collect();
    assert!(single[250].is_err());
    assert_eq!(program.evaluate_batch(&items), single);
    let lean: Vec<_> = program
        .points_batch(&items)
        .into_iter()
        .map(|r| r.map(|p| p.get("member", "points")))
        .collect();
    let expected: Vec<_> = single
        .iter()
        .map(|r| {
            r.as_ref()
                .map(|o| o.points("member", "points"))
                .map_err(Clone::clone)
        })
        .collect();
    assert_eq!(lean, expected);
    #[cfg(feature = "rayon")]
    {
        assert_eq!(program.par_evaluate_batch(&items), single);
        let par: Vec<_> = program
            .par_points_batch(&items)
            .into_iter()
            .map(|r| r.map(|p| p.get("member", "points")))
            .collect();
        assert_eq!(par, expected);
    }
}

/// A host reads the attributes a program declares, with their types and
/// defaults (to build its forms, or to send only what is needed).
#[test]
fn a_program_lists_its_attributes_with_their_defaults() {
    let program = Program::compile(
        "program \"P\" { currency USD }\n\
         attribute member.vip bool\n\
         attribute tx.partner_shop bool default false\n\
         attribute member.region text default \"north\"\n",
    )
    .unwrap();
    let declared: Vec<(&str, &str)> = program.attributes().collect();
    assert_eq!(
        declared,
        [
            ("member.vip", "bool"),
            ("tx.partner_shop", "bool"),
            ("member.region", "text")
        ]
    );
    assert_eq!(program.attribute_default("member.vip"), None);
    assert_eq!(
        program.attribute_default("tx.partner_shop"),
        Some(&loyalty_rules::Value::Bool(false))
    );
    assert_eq!(
        program.attribute_default("member.region"),
        Some(&loyalty_rules::Value::Text("north".into()))
    );
    assert_eq!(program.attribute_default("member.nothing"), None);
}

/// An outcome a host stored and reads back to apply is read as strictly as
/// the state it applies to: a field it does not know is an error that
/// names it, at the top and inside an award.
#[test]
fn an_outcome_read_back_refuses_unknown_fields() {
    let p = loyalty_rules::Program::compile(
        "program \"P\" { currency USD }\nearn \"Base\" on purchase { award 1 point per USD of tx.amount }",
    )
    .unwrap();
    let m = loyalty_rules::Member::new("m");
    let e = loyalty_rules::Event::from_json(
        r#"{"kind": "purchase", "id": "t1", "timestamp": "2026-05-02T12:00:00Z", "currency": "USD",
            "lines": [{"sku": "a", "quantity": 1, "unit_price": "7.00"}]}"#,
    )
    .unwrap();
    let o = p.evaluate_with(&m, &p.new_state(&m), &e).unwrap();
    let json = serde_json::to_string(&o).unwrap();
    let back: loyalty_rules::Outcome = serde_json::from_str(&json).unwrap();
    assert_eq!(back, o);
    let extra = json.replacen("{\"program\"", "{\"chnage\": {}, \"program\"", 1);
    let e = serde_json::from_str::<loyalty_rules::Outcome>(&extra).unwrap_err();
    assert!(e.to_string().starts_with("unknown field `chnage`"), "{e}");
    let extra = json.replacen("\"rule\":\"Base\"", "\"rule\":\"Base\",\"pionts\":\"7\"", 1);
    assert_ne!(extra, json);
    let e = serde_json::from_str::<loyalty_rules::Outcome>(&extra).unwrap_err();
    assert!(e.to_string().starts_with("unknown field `pionts`"), "{e}");
}

/// A host builds events with the builders and turns each into an `Event`
/// with `into()`, whatever its kind.
#[test]
fn events_are_built_and_turned_into_events_with_into() {
    use loyalty_rules::{
        Cancellation, CustomEvent, DateTime, Decimal, Line, Redemption, Referral, Return,
        Transaction,
    };
    let p = Program::compile(
        r#"program "Card" { currency USD  balance cashback redeemable precision 2 }
returns { within 30 days }
attribute event.amount money
earn "Everywhere" on purchase for each line { award 1% of line.amount to cashback }
earn "Card spend" on event "card_spend" { award 2% of event.amount to cashback }
earn "Friend" on referral { award 10 cashback to referrer }
burn "Statement credit" from cashback { rate 1 cashback = 1 USD }
"#,
    )
    .unwrap();
    let m = Member::new("m");
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
    let usd = |s: &str| s.parse::<Decimal>().unwrap();
    let events: Vec<Event> = vec![
        Transaction::new("t1", at("2026-03-01T12:00:00Z"), "USD")
            .with_line(
                Line::new("groc")
                    .with_quantity(usd("2"))
                    .with_unit_price(usd("500.00")),
            )
            .into(),
        CustomEvent::new("c1", "card_spend", at("2026-03-02T12:00:00Z"))
            .with_attribute("amount", usd("250.00"))
            .into(),
        Referral::new("f1", at("2026-03-03T12:00:00Z"), "m", "friend").into(),
        Redemption::burn(
            "r1",
            at("2026-03-04T12:00:00Z"),
            "Statement credit",
            usd("12.50"),
        )
        .into(),
        Cancellation::new("x1", at("2026-03-05T12:00:00Z"), "r1").into(),
        Return::lines("b1", at("2026-03-06T12:00:00Z"), "t1")
            .with_line(0, usd("1"))
            .into(),
    ];
    let mut state = p.new_state(&m);
    for e in &events {
        let o = p.evaluate_with(&m, &state, e).unwrap();
        state.apply(&o).unwrap();
    }
    // 10.00 + 5.00 + 10 - 12.50 + 12.50 - 5.00 (half the groceries back)
    assert_eq!(state.balances["cashback"].to_string(), "20.00");
}
