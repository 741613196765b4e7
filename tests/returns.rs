#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Returns: line by line, a threshold bonus taken back, counters going
//! down, points already spent owed or forgiven, and every refusal.

mod common;

use common::fixtures::{by_nights, compile};
use loyalty_rules::{
    Budgets, EvalError, Event, Member, MemberState, Outcome, Program, ReturnRefusal,
};

const SHOP: &str = r#"
program "Shop" { currency USD }
counter items
count tx.items to items on purchase
ledger points { pending 10 days  expire 12 months after earning }
returns { within 30 days  shortfall SHORTFALL }
burn "Spend" from points { rate 100 points = 1 USD }
earn "Base" on purchase for each line { award 1 point per USD of line.amount }
earn "Spend 100" on purchase when tx.amount >= 100 USD { award 500 points }
"#;

fn program(shortfall: &str) -> Program {
    compile(&SHOP.replace("SHORTFALL", shortfall))
}

/// Three at 20.00 and one at 50.00: 110 USD, 110 + 500 points, 4 items.
fn purchase(id: &str, day: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00Z", "currency": "USD",
            "lines": [{{"sku": "shirt", "quantity": 3, "unit_price": "20.00"}},
                      {{"sku": "bag", "quantity": 1, "unit_price": "50.00", "discount": "0.00"}}]}}"#
    ))
    .unwrap()
}

fn give_back(purchase: &str, day: &str, lines: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "return", "id": "ret-{day}", "timestamp": "{day}T12:00:00Z", "purchase": "{purchase}",
            "lines": [{lines}]}}"#
    ))
    .unwrap()
}

fn run(p: &Program, s: &mut MemberState, e: &Event) -> Outcome {
    let m = Member::new("m");
    let o = p.evaluate_with(&m, s, e).unwrap();
    // The lean path agrees that the event is valid.
    p.points_with(&m, s, e).unwrap();
    s.apply(&o).unwrap();
    o
}

fn refusal(p: &Program, s: &MemberState, e: &Event) -> String {
    match p.evaluate_with(&Member::new("m"), s, e) {
        Err(EvalError::ReturnRefused { refusal, .. }) => refusal.to_string(),
        other => panic!("{other:?}"),
    }
}

fn points(s: &MemberState) -> String {
    s.balance("points")
        .map(|b| b.to_string())
        .unwrap_or_default()
}

#[test]
fn a_partial_return_by_line_takes_back_a_threshold_bonus() {
    let p = program("negative");
    let mut s = p.new_state(&Member::new("m"));
    run(&p, &mut s, &purchase("p1", "2026-05-01"));
    assert_eq!(points(&s), "610");
    // One shirt back: 90 USD left, under the 100 USD of the bonus.
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-05-03", r#"{"line": 0, "quantity": 1}"#),
    );
    let r = o.returned.as_ref().unwrap();
    assert_eq!(r.points["points"].to_string(), "520");
    assert_eq!(r.uncounted["items"].to_string(), "1");
    assert!(!r.complete);
    assert_eq!(points(&s), "90");
    assert_eq!(s.counter("items").unwrap().total.to_string(), "3");
    let w = s.wallet("points").unwrap();
    assert_eq!(
        (w.lots[0].points.to_string(), w.reversed.to_string()),
        ("90".into(), "520".into())
    );
    let text = o.explain();
    assert!(
        text.contains("  returned from purchase p1: 520 points\n"),
        "{text}"
    );
    // Another shirt: only its 20 base points go; the rest holds.
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-05-04", r#"{"line": 0, "quantity": 1}"#),
    );
    assert_eq!(
        o.returned.as_ref().unwrap().points["points"].to_string(),
        "20"
    );
    assert_eq!(points(&s), "70");
    // More than is left of the line is refused, with the numbers.
    assert_eq!(
        refusal(
            &p,
            &s,
            &give_back("p1", "2026-05-05", r#"{"line": 0, "quantity": 2}"#)
        ),
        "line 0 of purchase p1: 2 returned, but 1 of 3 are left to return"
    );
}

#[test]
fn a_full_return_right_after_a_purchase_restores_the_state() {
    let p = program("negative");
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    run(&p, &mut s, &purchase("p0", "2026-04-01"));
    let before = s.clone();
    run(&p, &mut s, &purchase("p1", "2026-05-01"));
    let o = run(
        &p,
        &mut s,
        &give_back(
            "p1",
            "2026-05-01",
            r#"{"line": 0, "quantity": 3}, {"line": 1, "quantity": 1}"#,
        ),
    );
    assert!(o.returned.as_ref().unwrap().complete);
    assert_eq!(s.balances, before.balances);
    let counted = |s: &MemberState| {
        s.counters
            .iter()
            .map(|(n, c)| (n.clone(), c.total, c.streak))
            .collect::<Vec<_>>()
    };
    assert_eq!(counted(&s), counted(&before));
    assert_eq!(
        s.wallet("points").unwrap().lots,
        before.wallet("points").unwrap().lots
    );
    assert_eq!(s.receipts.keys().collect::<Vec<_>>(), ["p0"]);
    // Its receipt is gone: it cannot be returned again, and the refusal
    // says why (the member's recent events know it).
    assert_eq!(
        refusal(
            &p,
            &s,
            &give_back("p1", "2026-05-02", r#"{"line": 1, "quantity": 1}"#)
        ),
        "purchase p1 has nothing left to return: it was returned in full, or its return window has passed"
    );
}

#[test]
fn a_return_after_the_points_were_spent_is_owed_or_forgiven() {
    for (policy, balance, owed) in [("negative", "-540", "540"), ("forgive", "0", "0")] {
        let p = program(policy);
        let mut s = p.new_state(&Member::new("m"));
        run(&p, &mut s, &purchase("p1", "2026-05-01"));
        // Vested on 11 May: 600 of the 610 are spent.
        let spend = Event::from_json(
            r#"{"kind": "redemption", "id": "r1", "timestamp": "2026-05-12T12:00:00Z", "burn": "Spend", "points": "600"}"#,
        )
        .unwrap();
        run(&p, &mut s, &spend);
        // The bag back: 60 USD left, no bonus: 550 to take, 10 are there.
        let o = run(
            &p,
            &mut s,
            &give_back("p1", "2026-05-13", r#"{"line": 1, "quantity": 1}"#),
        );
        let r = o.returned.as_ref().unwrap();
        assert_eq!(r.points["points"].to_string(), "550", "{policy}");
        assert_eq!(r.shortfall["points"].to_string(), "540", "{policy}");
        // The outcome says which: owed (taken from the balance, which goes
        // below zero) or forgiven (not taken), and so does its explanation.
        let (forgiven, said) = if policy == "negative" {
            (
                "",
                "540 points already spent: owed, paid first from the next points earned",
            )
        } else {
            (
                "points 540; ",
                "540 points already spent: forgiven, not taken back",
            )
        };
        let listed: String = r
            .forgiven
            .iter()
            .map(|(b, p)| format!("{b} {p}; "))
            .collect();
        assert_eq!(listed, forgiven, "{policy}");
        assert!(
            o.explain().contains(&format!("\n    {said}\n")),
            "{policy}: {}",
            o.explain()
        );
        assert_eq!(points(&s), balance, "{policy}");
        let w = s.wallet("points").unwrap();
        assert_eq!(w.owed.to_string(), owed, "{policy}");
        // The next purchase pays what is owed first.
        run(&p, &mut s, &purchase("p2", "2026-05-20"));
        let w = s.wallet("points").unwrap();
        assert_eq!(w.owed.to_string(), "0", "{policy}");
        let left: String = w
            .lots
            .iter()
            .map(|l| format!("{} {}; ", l.event, l.points))
            .collect();
        let expect = if policy == "negative" {
            "p2 70; "
        } else {
            "p2 610; "
        };
        assert_eq!(left, expect, "{policy}");
        assert_eq!(
            points(&s),
            if policy == "negative" { "70" } else { "610" },
            "{policy}"
        );
    }
}

#[test]
fn every_return_refusal_says_why() {
    let p = program("negative");
    let mut s = p.new_state(&Member::new("m"));
    run(&p, &mut s, &purchase("p1", "2026-05-01"));
    let refused =
        |day: &str, purchase: &str, lines: &str| refusal(&p, &s, &give_back(purchase, day, lines));
    assert_eq!(
        refused("2026-05-02", "p9", r#"{"line": 0, "quantity": 1}"#),
        "purchase p9 is not one the member can return (unknown, or its receipt is gone)"
    );
    assert_eq!(
        refused("2026-06-01", "p1", r#"{"line": 0, "quantity": 1}"#),
        "purchase p1 of 2026-05-01 cannot be returned after 30 days"
    );
    // Dated before the purchase: the input is wrong (found replaying a
    // file whose lines were out of order; it panicked the tier review).
    assert_eq!(
        refused("2026-04-30", "p1", r#"{"line": 0, "quantity": 1}"#),
        "purchase p1 of 2026-05-01 cannot be returned on 2026-04-30, before it was made"
    );
    assert_eq!(
        refused("2026-05-02", "p1", r#"{"line": 5, "quantity": 1}"#),
        "purchase p1 has no line 5: its lines are 0 to 1 (counted from 0; the explanation's line 1 is line 0)"
    );
    // The explanation counts lines from 1; a return names them from 0.
    assert_eq!(
        refused("2026-05-02", "p1", r#"{"line": 2, "quantity": 1}"#),
        "purchase p1 has no line 2: its lines are 0 to 1 (counted from 0; the explanation's line 1 is line 0)"
    );
    assert_eq!(
        refused("2026-05-02", "p1", r#"{"line": 0, "quantity": 0}"#),
        "line 0: a quantity returned is above zero, not 0"
    );
    assert_eq!(
        refused("2026-05-02", "p1", ""),
        "a return gives back at least one line"
    );
    assert_eq!(
        refused(
            "2026-05-02",
            "p1",
            r#"{"line": 0, "quantity": 2}, {"line": 0, "quantity": 2}"#
        ),
        "line 0 of purchase p1: 2 returned, but 1 of 3 are left to return"
    );
    // A program without `returns` refuses every return.
    let none =
        compile("program \"P\" { currency USD }\nearn \"B\" on purchase { award 1 point }\n");
    let e = none
        .evaluate_with(
            &Member::new("m"),
            &none.new_state(&Member::new("m")),
            &give_back("p1", "2026-05-02", r#"{"line": 0, "quantity": 1}"#),
        )
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "return ret-2026-05-02 refused: the program does not take returns"
    );
    assert!(matches!(
        e,
        EvalError::ReturnRefused {
            refusal: ReturnRefusal::NoReturns,
            ..
        }
    ));
}

#[test]
fn a_discount_that_does_not_split_exactly_asks_for_the_whole_line() {
    let p = program("negative");
    let mut s = p.new_state(&Member::new("m"));
    let buy = Event::from_json(
        r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-05-01T12:00:00Z", "currency": "USD",
            "lines": [{"sku": "shirt", "quantity": 3, "unit_price": "20.00", "discount": "1.00"}]}"#,
    )
    .unwrap();
    run(&p, &mut s, &buy);
    assert_eq!(
        refusal(
            &p,
            &s,
            &give_back("p1", "2026-05-02", r#"{"line": 0, "quantity": 1}"#)
        ),
        "line 0's discount of 1.00 does not split exactly over 2 of 3: return the whole line"
    );
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-05-02", r#"{"line": 0, "quantity": 3}"#),
    );
    assert_eq!(o.returned.unwrap().points["points"].to_string(), "59");
}

#[test]
fn a_return_pro_rata_by_amount() {
    let p = compile(&SHOP.replace("SHORTFALL", "negative").replace(
        "returns { within 30 days",
        "returns { pro rata  within 30 days",
    ));
    let mut s = p.new_state(&Member::new("m"));
    run(&p, &mut s, &purchase("p1", "2026-05-01"));
    let amount = |day: &str, a: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "return", "id": "ret-{day}", "timestamp": "{day}T12:00:00Z", "purchase": "p1", "amount": "{a}"}}"#
        ))
        .unwrap()
    };
    // 20 of 110 USD back: 90 left (49.09 + 40.91), under the bonus's 100.
    let o = run(&p, &mut s, &amount("2026-05-02", "20.00"));
    let r = o.returned.as_ref().unwrap();
    assert_eq!(
        (
            r.points["points"].to_string(),
            r.amount.unwrap().to_string()
        ),
        ("520".into(), "20.00".into())
    );
    assert_eq!(points(&s), "90");
    // Items are counted by quantity, which a return by amount keeps.
    assert!(r.uncounted.is_empty());
    assert_eq!(
        refusal(&p, &s, &amount("2026-05-03", "95.00")),
        "95.00 returned of purchase p1, but 90.00 of 110.00 are left to return"
    );
    assert_eq!(
        refusal(
            &p,
            &s,
            &give_back("p1", "2026-05-03", r#"{"line": 0, "quantity": 1}"#)
        ),
        "this program takes returns pro rata: give the amount returned (`amount`), not lines"
    );
    // The rest: everything goes, the receipt with it.
    let o = run(&p, &mut s, &amount("2026-05-03", "90.00"));
    let r = o.returned.as_ref().unwrap();
    assert!(r.complete);
    assert_eq!(r.points["points"].to_string(), "90");
    assert_eq!(points(&s), "0");
    assert!(s.receipts.is_empty());
}

#[test]
fn points_that_paid_for_returned_goods_come_back() {
    let p = compile(&SHOP.replace("SHORTFALL", "negative").replace(
        "returns { within 30 days",
        "returns { refund 100 points = 1 USD  within 30 days",
    ));
    let mut s = p.new_state(&Member::new("m"));
    let paid = Event::from_json(
        r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-05-01T12:00:00Z", "currency": "USD",
            "tenders": {"card": "100.00", "points": "10.00"},
            "lines": [{"sku": "shirt", "quantity": 3, "unit_price": "20.00"},
                      {"sku": "bag", "quantity": 1, "unit_price": "50.00"}]}"#,
    )
    .unwrap();
    run(&p, &mut s, &paid);
    // The bag is 50 of 110 USD: 10 USD × 50/110 = 4.5454... USD, 454 points.
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-05-03", r#"{"line": 1, "quantity": 1}"#),
    );
    let r = o.returned.as_ref().unwrap();
    assert_eq!(r.refunded["points"].to_string(), "454");
    let text = o.explain();
    assert!(
        text.contains("    refunded: 454 points that paid for the goods\n"),
        "{text}"
    );
    // A new lot, earned on the return's day, expiring by the ledger's rule.
    let lot = s
        .wallet("points")
        .unwrap()
        .lots
        .iter()
        .find(|l| l.event == "ret-2026-05-03")
        .cloned()
        .unwrap();
    assert_eq!(
        (lot.points.to_string(), lot.expires_on),
        ("454".into(), "2027-05-02".parse().ok())
    );
    // 610 - 550 + 454.
    assert_eq!(points(&s), "514");
}

#[test]
fn tier_progress_fed_by_a_purchase_goes_down_with_its_return() {
    let p = compile(
        r#"
program "Hotel" { currency USD  balance tier_points qualifying }
counter nights
count tx.items to nights on purchase
returns { within 30 days }
earn "Tier points" on purchase { award 1 point per USD of tx.amount to tier_points }
tiers { member  silver when 10 nights or 1000 tier_points }
"#,
    );
    let mut s = p.new_state(&Member::new("m"));
    let stay = Event::from_json(
        r#"{"kind": "purchase", "id": "s1", "timestamp": "2026-05-01T12:00:00Z", "currency": "USD",
            "lines": [{"sku": "room", "quantity": 6, "unit_price": "150.00"}, {"sku": "spa", "quantity": 1, "unit_price": "200.00"}]}"#,
    )
    .unwrap();
    run(&p, &mut s, &stay);
    // 1100 tier points: silver.
    assert_eq!(s.tier.as_ref().unwrap().level, "silver");
    let o = run(
        &p,
        &mut s,
        &give_back("s1", "2026-05-02", r#"{"line": 1, "quantity": 1}"#),
    );
    let r = o.returned.as_ref().unwrap();
    assert_eq!(r.uncounted["tier_points"].to_string(), "200");
    assert_eq!(s.counter("tier_points").unwrap().total.to_string(), "900");
    // 900 tier points and 6 nights: the silver the stay qualified goes.
    assert_eq!(
        tier_moves(&o),
        ["2026-05-02: silver -> member: the purchase that qualified it was returned"]
    );
    let st = p
        .tier_status(&Member::new("m"), &s, "2026-05-03".parse().unwrap())
        .unwrap();
    assert_eq!(st.earned, "member");
    let missing = &st.next.unwrap().paths[1].parts[0].criteria[0];
    assert_eq!(
        (missing.name.as_str(), missing.missing.to_string()),
        ("tier_points", "100".to_string())
    );
    let e = Program::compile("program \"P\" { currency USD  balance miles }\ncounter miles\n")
        .unwrap_err();
    assert_eq!(
        e.errors[0].message,
        "`miles` is a balance already: a counter needs a name of its own"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(common::cases(64)))]

    /// Whatever the purchases before, a purchase returned whole right after
    /// it leaves balances, counters (tier progress) and lots as they were;
    /// a part returned never takes back more than the purchase earned.
    #[test]
    fn a_whole_return_undoes_a_purchase(
        before in proptest::collection::vec((1..5u32, 1..200u32), 0..4),
        lines in proptest::collection::vec((1..5u32, 1..200u32), 1..4),
        part in 0..4usize,
    ) {
        let p = compile(
            r#"
program "Shop" { currency USD  balance tier_points qualifying }
counter items
count tx.items to items on purchase
ledger points { pending 10 days  expire 12 months after earning }
returns { within 30 days }
earn "Base" on purchase for each line { award 1 point per USD of line.amount }
earn "Tier points" on purchase { award 1 point per USD of tx.amount to tier_points }
earn "Spend 100" on purchase when tx.amount >= 100 USD { award 500 points }
tiers { member  silver when 300 tier_points or 12 items }
"#,
        );
        let m = Member::new("m");
        let mut s = p.new_state(&m);
        let buy = |id: &str, day: &str, lines: &[(u32, u32)]| {
            let body: Vec<String> = lines
                .iter()
                .map(|(q, price)| format!(r#"{{"sku": "x", "quantity": {q}, "unit_price": "{price}.00"}}"#))
                .collect();
            Event::from_json(&format!(
                r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00Z", "currency": "USD", "lines": [{}]}}"#,
                body.join(", ")
            ))
            .unwrap()
        };
        for (i, (q, price)) in before.iter().enumerate() {
            let o = p.evaluate_with(&m, &s, &buy(&format!("b{i}"), "2026-05-01", &[(*q, *price)])).unwrap();
            s.apply(&o).unwrap();
        }
        let was = s.clone();
        let o = p.evaluate_with(&m, &s, &buy("p", "2026-05-02", &lines)).unwrap();
        let earned = o.points("m", "points");
        s.apply(&o).unwrap();
        // A part first: never more than the purchase earned.
        let mut back = s.clone();
        let k = part % lines.len();
        let one = format!(r#"{{"line": {k}, "quantity": 1}}"#);
        let o = p.evaluate_with(&m, &back, &give_back("p", "2026-05-02", &one)).unwrap();
        let taken = o.returned.as_ref().unwrap().points.get("points").map(|x| x.as_decimal().unwrap()).unwrap_or_default();
        proptest::prop_assert!(taken <= earned, "{taken} > {earned}");
        back.apply(&o).unwrap();
        // The whole purchase back, from the start.
        let all: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(i, (q, _))| format!(r#"{{"line": {i}, "quantity": {q}}}"#))
            .collect();
        let o = p.evaluate_with(&m, &s, &give_back("p", "2026-05-02", &all.join(", "))).unwrap();
        proptest::prop_assert!(o.returned.as_ref().unwrap().complete);
        s.apply(&o).unwrap();
        let zero = |st: &MemberState, b: &str| st.balance(b).map(|x| x.as_decimal().unwrap()).unwrap_or_default();
        for b in ["points", "tier_points"] {
            proptest::prop_assert_eq!(zero(&s, b), zero(&was, b), "{}", b);
        }
        let counted = |st: &MemberState| st.counters.iter().map(|(n, c)| (n.clone(), c.total, c.streak)).collect::<Vec<_>>();
        proptest::prop_assert_eq!(counted(&s), counted(&was));
        proptest::prop_assert_eq!(
            s.wallet("points").map(|w| w.lots.clone()).unwrap_or_default(),
            was.wallet("points").map(|w| w.lots.clone()).unwrap_or_default()
        );
        // Tier progress is in the counters above; a level the purchase
        // earned is kept (documented), so the tier itself is not compared.
    }

    /// A purchase paid partly with points, returned in parts (by line, a
    /// unit at a time in any order; or pro rata, in amounts that add up to
    /// it), refunds in all what returning it whole refunds: the points
    /// that paid for it, floored once.
    #[test]
    fn refunds_of_the_parts_add_up_to_the_whole(
        lines in proptest::collection::vec((1..4u32, 1..20_000u32, 0..100u32), 1..4),
        paid_share in 1..100u32,
        rate in (1..300u32, 1..4u32),
        order in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 12),
        cuts in proptest::collection::vec(1..1000u32, 0..4),
        pro_rata in proptest::prelude::any::<bool>(),
    ) {
        let mode = if pro_rata { "pro rata" } else { "by line" };
        let (points, money) = rate;
        let p = compile(&format!(
            "program \"Shop\" {{ currency USD }}\n\
             returns {{ {mode}  within 30 days  refund {points} points = {money} USD }}\n\
             earn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n"
        ));
        // Prices in cents, discounts below them, in whole cents a unit (so
        // that a unit can be returned on its own).
        let body: Vec<String> = lines
            .iter()
            .map(|(q, cents, off)| {
                let price = rust_decimal::Decimal::new(i64::from(*cents), 2);
                let discount = rust_decimal::Decimal::new(i64::from(*cents * *off / 100 * *q), 2);
                format!(r#"{{"sku": "x", "quantity": {q}, "unit_price": "{price}", "discount": "{discount}"}}"#)
            })
            .collect();
        let amount: rust_decimal::Decimal = lines
            .iter()
            .map(|(q, cents, off)| {
                rust_decimal::Decimal::new(i64::from(*cents * *q), 2)
                    - rust_decimal::Decimal::new(i64::from(*cents * *off / 100 * *q), 2)
            })
            .sum();
        proptest::prop_assume!(amount > rust_decimal::Decimal::ZERO);
        let with_points = (amount * rust_decimal::Decimal::from(paid_share) / rust_decimal::Decimal::from(100)).round_dp(2);
        let purchase = Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "p", "timestamp": "2026-05-01T12:00:00Z", "currency": "USD",
                "tenders": {{"points": "{with_points}"}}, "lines": [{}]}}"#,
            body.join(", ")
        ))
        .unwrap();
        let m = Member::new("m");
        let mut s = p.new_state(&m);
        let o = p.evaluate_with(&m, &s, &purchase).unwrap();
        s.apply(&o).unwrap();
        // The returns: units one by one in a drawn order, or amounts.
        let mut parts: Vec<String> = Vec::new();
        if pro_rata {
            let mut left = amount;
            for c in &cuts {
                let part = (amount * rust_decimal::Decimal::from(*c) / rust_decimal::Decimal::from(4000)).round_dp(2);
                if part > rust_decimal::Decimal::ZERO && part < left {
                    parts.push(format!(r#""amount": "{part}""#));
                    left -= part;
                }
            }
            parts.push(format!(r#""amount": "{left}""#));
        } else {
            let mut units: Vec<usize> = lines
                .iter()
                .enumerate()
                .flat_map(|(i, (q, _, _))| std::iter::repeat_n(i, *q as usize))
                .collect();
            for (k, ix) in order.iter().enumerate().take(units.len()) {
                let j = k + ix.index(units.len() - k);
                units.swap(k, j);
            }
            parts = units
                .iter()
                .map(|i| format!(r#""lines": [{{"line": {i}, "quantity": 1}}]"#))
                .collect();
        }
        let mut total = rust_decimal::Decimal::ZERO;
        for (n, part) in parts.iter().enumerate() {
            let back = Event::from_json(&format!(
                r#"{{"kind": "return", "id": "r{n}", "timestamp": "2026-05-02T12:00:00Z", "purchase": "p", {part}}}"#
            ))
            .unwrap();
            let o = p.evaluate_with(&m, &s, &back).unwrap();
            let r = o.returned.as_ref().unwrap();
            proptest::prop_assert_eq!(r.complete, n + 1 == parts.len());
            total += r.refunded.get("points").map(|x| x.as_decimal().unwrap()).unwrap_or_default();
            s.apply(&o).unwrap();
        }
        let whole = (with_points * rust_decimal::Decimal::from(points) / rust_decimal::Decimal::from(money)).floor();
        proptest::prop_assert_eq!(total, whole);
    }
}

/// A purchase of `quantity` serums at 310.00.
fn serums(id: &str, day: &str, quantity: u32) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00Z", "currency": "USD",
            "lines": [{{"sku": "serum", "quantity": {quantity}, "unit_price": "310.00"}}]}}"#
    ))
    .unwrap()
}

/// A counter of money reads the same way counted and uncounted, in the
/// currency's decimals: the purchase counted `+620.00`, so its return
/// uncounts `-310.00`.
#[test]
fn a_money_counter_is_uncounted_as_it_was_counted() {
    let p = compile(
        r#"program "Beauty" { currency USD }
        counter spend
        count tx.amount to spend on purchase
        returns { within 30 days }
        earn "Base" on purchase for each line { award 1 point per USD of line.amount }"#,
    );
    let mut s = p.new_state(&Member::new("m"));
    let o = run(&p, &mut s, &serums("p1", "2026-12-03", 2));
    assert_eq!(o.change.counters["spend"].to_string(), "620.00");
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-12-10", r#"{"line": 0, "quantity": 1}"#),
    );
    let r = o.returned.as_ref().unwrap();
    assert_eq!(r.uncounted["spend"].to_string(), "310.00");
    assert_eq!(o.change.uncounted[0].2.to_string(), "310.00");
    assert!(
        o.explain().contains("uncounted: spend -310.00\n"),
        "{}",
        o.explain()
    );
    assert_eq!(s.counter("spend").unwrap().total.to_string(), "310.00");
}

/// A level lowered by a return is held from the return's day, and says
/// what qualifies it on that day (not on the day it was first reached).
#[test]
fn a_level_lowered_by_a_return_is_explained_as_of_the_return() {
    let p = compile(
        r#"program "Beauty" { currency USD }
        counter spend
        count tx.amount to spend on purchase
        returns { within 30 days }
        earn "Base" on purchase { award 1 point per USD of tx.amount }
        tiers { insider  vib when 350 USD spend  rouge when 1000 USD spend }"#,
    );
    let mut s = p.new_state(&Member::new("m"));
    run(&p, &mut s, &serums("p1", "2026-03-05", 2));
    assert_eq!(s.tier.as_ref().unwrap().level, "vib");
    run(&p, &mut s, &serums("p2", "2026-12-03", 2));
    assert_eq!(s.tier.as_ref().unwrap().level, "rouge");
    run(
        &p,
        &mut s,
        &give_back("p2", "2026-12-10", r#"{"line": 0, "quantity": 1}"#),
    );
    let t = s.tier.as_ref().unwrap();
    assert_eq!(
        (t.level.as_str(), t.since.to_string(), t.by.as_str()),
        (
            "vib",
            "2026-12-10".into(),
            "350.00 USD spend (has 930.00 USD)"
        )
    );
}

/// A shop whose rules have a per-member cap and a per-member limit.
const CAPPED: &str = r#"
program "Capped" { currency USD }
ledger points { }
returns { within 30 days }
earn "Base" on purchase for each line { award 1 point per USD of line.amount  cap 100 points per member per month }
earn "Welcome" on purchase { award 500 points  limit 1 per member }
"#;

fn shirts(id: &str, ts: &str, lines: &[&str]) -> Event {
    let lines: Vec<String> = lines
        .iter()
        .map(|sku| format!(r#"{{"sku": "{sku}", "quantity": 1, "unit_price": "60.00"}}"#))
        .collect();
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{ts}", "currency": "USD", "lines": [{}]}}"#,
        lines.join(", ")
    ))
    .unwrap()
}

/// What a return gave back of each rule's per-member use: times, points.
fn released(o: &Outcome) -> Vec<String> {
    o.returned
        .as_ref()
        .unwrap()
        .released
        .iter()
        .map(|(rule, r)| {
            let points: Vec<String> = r.points.iter().map(|(b, p)| format!("{b} {p}")).collect();
            format!("{rule}: {}, {}", r.times, points.join(", "))
        })
        .collect()
}

/// Found running a department store's program through the CLI: an
/// exchange (a shirt returned, another bought the next day) left the
/// member with nothing, because the return took the points back but not
/// the use of the cap and of the welcome bonus's limit.
#[test]
fn a_return_gives_back_the_use_of_per_member_caps_and_limits() {
    let p = compile(CAPPED);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let before = s.clone();
    let o = run(
        &p,
        &mut s,
        &shirts("p1", "2026-06-01T10:00:00Z", &["M", "S"]),
    );
    assert_eq!(o.points("m", "points").to_string(), "600");
    let o = run(
        &p,
        &mut s,
        &give_back(
            "p1",
            "2026-06-02",
            r#"{"line": 0, "quantity": 1}, {"line": 1, "quantity": 1}"#,
        ),
    );
    assert_eq!(
        released(&o),
        ["Base: 1, points 100", "Welcome: 1, points 500"]
    );
    assert!(o.explain().contains(
        "    rule use given back: \"Base\" 1 time, 100 points; \"Welcome\" 1 time, 500 points\n"
    ));
    // As if the purchase had never been made.
    assert_eq!(s.rules, before.rules);
    let o = run(
        &p,
        &mut s,
        &shirts("p2", "2026-06-02T10:05:00Z", &["L", "S"]),
    );
    assert_eq!(o.points("m", "points").to_string(), "600");
    assert_eq!(points(&s), "600");
}

#[test]
fn a_partial_return_gives_back_what_the_rest_no_longer_uses() {
    let p = compile(CAPPED);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    // Two shirts: 120 USD, capped at 100 points, and the welcome bonus.
    run(
        &p,
        &mut s,
        &shirts("p1", "2026-06-01T10:00:00Z", &["M", "S"]),
    );
    // One back: the rest earns 60 by itself; the cap has 40 points of room
    // again, and the welcome bonus still applies to the rest.
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-06-02", r#"{"line": 0, "quantity": 1}"#),
    );
    let r = o.returned.as_ref().unwrap();
    assert_eq!(r.points["points"].to_string(), "40");
    assert_eq!(released(&o), ["Base: 0, points 40"]);
    let base = &s.rules["Base"];
    assert_eq!(
        (base.times, base.points["points"].to_string()),
        (1, "60".into())
    );
    assert_eq!(s.rules["Welcome"].times, 1);
    // The same month: 40 points of room, and no second welcome bonus.
    let o = run(&p, &mut s, &shirts("p2", "2026-06-20T10:00:00Z", &["L"]));
    assert_eq!(o.points("m", "points").to_string(), "40");
    // The rest returned too: everything comes back, once.
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-06-21", r#"{"line": 1, "quantity": 1}"#),
    );
    assert_eq!(
        released(&o),
        ["Base: 1, points 60", "Welcome: 1, points 500"]
    );
    let base = &s.rules["Base"];
    assert_eq!(
        (base.times, base.points["points"].to_string()),
        (1, "40".into())
    );
    assert!(!s.rules.contains_key("Welcome"));
}

/// The rest of a purchase never has more room under a per-member limit or
/// cap, or a campaign's budget, than the purchase had: found by a
/// platform's integration, where a return after a welcome bonus already
/// used took back nothing (the rest was evaluated as a member without
/// history).
fn return_one_of_two(src: &str, budgets: bool) -> (Outcome, MemberState, Option<Budgets>) {
    let p = compile(src);
    let (a, m) = (Member::new("a"), Member::new("m"));
    let mut b = budgets.then(|| Budgets::new("Shop"));
    let mut s = p.new_state(&m);
    let mut step = |member: &Member, s: &mut MemberState, e: &Event| {
        let o = match &b {
            Some(b) => p.evaluate_with_budgets(member, s, b, e).unwrap(),
            None => p.evaluate_with(member, s, e).unwrap(),
        };
        s.apply(&o).unwrap();
        if let Some(b) = &mut b {
            b.apply(&o).unwrap();
        }
        o
    };
    // Another member's purchase first, for the budget; then the member's own.
    let mut other = p.new_state(&a);
    step(
        &a,
        &mut other,
        &shirts("a1", "2026-06-01T09:00:00Z", &["M"]),
    );
    step(&m, &mut s, &shirts("p1", "2026-06-01T10:00:00Z", &["M"]));
    step(
        &m,
        &mut s,
        &shirts("p2", "2026-06-02T10:00:00Z", &["L", "S"]),
    );
    let o = step(
        &m,
        &mut s,
        &give_back("p2", "2026-06-03", r#"{"line": 0, "quantity": 1}"#),
    );
    (o, s, b)
}

fn taken(o: &Outcome) -> String {
    let r = o.returned.as_ref().unwrap();
    r.points
        .get("points")
        .map(|p| p.to_string())
        .unwrap_or_default()
}

#[test]
fn the_rest_of_a_purchase_has_no_limit_the_purchase_had_used_up() {
    let (o, s, _) = return_one_of_two(
        r#"
program "Shop" { currency USD }
returns { within 30 days }
earn "Base" on purchase for each line { award 1 point per USD of line.amount }
earn "Welcome" on purchase { award 500 points  limit 1 per member }
"#,
        false,
    );
    // p1: 60 + 500; p2: 120, the welcome bonus already used. One shirt of
    // p2 back: its 60 points go (the rest does not get the bonus either).
    assert_eq!(taken(&o), "60");
    assert!(released(&o).is_empty());
    assert_eq!(points(&s), "620");
    assert_eq!(s.rules["Welcome"].times, 1);
}

#[test]
fn the_rest_of_a_purchase_has_no_more_room_under_a_cap_than_it_had() {
    let (o, s, _) = return_one_of_two(
        r#"
program "Shop" { currency USD }
returns { within 30 days }
earn "Base" on purchase for each line { award 1 point per USD of line.amount  cap 100 points per member per month }
earn "Spend 100" on purchase when tx.amount >= 100 USD { award 30 points }
"#,
        false,
    );
    // p1: 60; p2: 120 capped to the 40 left, and 30 for spending 100. One
    // shirt back: the rest (60 USD) still fills the cap's 40, and loses the
    // 30 of the spend bonus.
    assert_eq!(taken(&o), "30");
    assert!(released(&o).is_empty());
    assert_eq!(points(&s), "100");
    assert_eq!(s.rules["Base"].points["points"].to_string(), "100");
}

#[test]
fn the_rest_of_a_purchase_uses_no_more_of_a_budget_than_it_had() {
    let (o, s, b) = return_one_of_two(
        r#"
program "Shop" { currency USD }
returns { within 30 days }
campaign "Launch" from 2026-06-01 to 2026-06-30 {
  budget 100 points
  earn "Launch bonus" on purchase { award 40 points }
}
earn "Base" on purchase for each line { award 1 point per USD of line.amount }
"#,
        true,
    );
    // a1 and p1 take 40 each; p2 gets the 20 left. One shirt of p2 back:
    // its 60 points go, and the rest keeps the 20 of the bonus it had.
    assert_eq!(taken(&o), "60");
    assert!(o.returned.as_ref().unwrap().budgets.is_empty());
    assert_eq!(points(&s), "180"); // 100 + 140 - 60
    assert_eq!(b.unwrap().used("Launch").to_string(), "100");
}

/// The rest of a purchase is evaluated against the member's history as it
/// was before the purchase: a bonus for members who have spent 1000 USD
/// this year, and a milestone the purchase crossed and the rest still
/// crosses, stay on the rest.
#[test]
fn the_rest_of_a_purchase_reads_the_members_history_as_it_was() {
    let p = compile(
        r#"
program "Shop" { currency USD }
returns { within 30 days }
counter spend
counter items
count tx.amount to spend on purchase
count tx.items to items on purchase
earn "Base" on purchase for each line { award 1 point per USD of line.amount }
earn "Big spender" on purchase when spend this year >= 1000 USD { award 10% of tx.amount }
earn "Milestone" on purchase { award 100 points per crossed(items lifetime, 10, 10) }
"#,
    );
    let m = Member::new("m");
    // `n` coats at 100.00 in May, then two shirts at 60.00 in June.
    let coats_then_shirts = |n: u32| {
        let mut s = p.new_state(&m);
        let coats = Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "p0", "timestamp": "2026-05-01T10:00:00Z", "currency": "USD",
                "lines": [{{"sku": "coat", "quantity": {n}, "unit_price": "100.00"}}]}}"#
        ))
        .unwrap();
        run(&p, &mut s, &coats);
        let o = run(
            &p,
            &mut s,
            &shirts("p1", "2026-06-01T10:00:00Z", &["M", "S"]),
        );
        (s, o.points("m", "points").to_string())
    };
    // 900 USD and 9 items before; the shirts make 1020 USD and 11 items:
    // 120 + 12 + 100 (the 10th item).
    let (mut s, earned) = coats_then_shirts(9);
    assert_eq!(earned, "232");
    // A shirt back a week later, after another purchase: with what was
    // spent before it, the rest (60 USD, 1 item) makes 960 USD, under 1000,
    // so its 10% goes; it is still the 10th item, so the milestone stays.
    run(&p, &mut s, &shirts("p2", "2026-06-05T10:00:00Z", &["L"]));
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-06-08", r#"{"line": 0, "quantity": 1}"#),
    );
    // 60 base + 12 of the bonus go; the milestone stays.
    assert_eq!(taken(&o), "72");
    // Bought with 1000 USD already spent, the rest keeps its 10% too:
    // 120 + 12, the 11th and 12th items crossing no mark.
    let (mut s, earned) = coats_then_shirts(10);
    assert_eq!(earned, "132");
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-06-08", r#"{"line": 0, "quantity": 1}"#),
    );
    // Only the shirt's 60 and its 6 of the 10%.
    assert_eq!(taken(&o), "66");
}

/// A program that reads only today's visits keeps a day of them; with
/// returns it keeps a return window's more, so that a return can read the
/// purchase's day as it was.
#[test]
fn the_rest_of_a_purchase_reads_its_day_after_later_events() {
    let p = compile(
        r#"
program "Shop" { currency USD }
returns { within 30 days }
counter visits
count 1 to visits on purchase
earn "Base" on purchase for each line { award 1 point per USD of line.amount }
earn "Second today" on purchase when visits today == 2 { award 50 points }
"#,
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    run(&p, &mut s, &shirts("p0", "2026-06-01T09:00:00Z", &["XS"]));
    let o = run(
        &p,
        &mut s,
        &shirts("p1", "2026-06-01T10:00:00Z", &["M", "S"]),
    );
    assert_eq!(o.points("m", "points").to_string(), "170");
    run(&p, &mut s, &shirts("p2", "2026-06-04T10:00:00Z", &["L"]));
    assert!(s
        .counter("visits")
        .unwrap()
        .days
        .contains_key(&"2026-06-01".parse().unwrap()));
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-06-05", r#"{"line": 0, "quantity": 1}"#),
    );
    // The rest was still the second visit of its day: only the shirt goes.
    assert_eq!(taken(&o), "60");
}

/// A badge a purchase earned goes with the return that leaves the rest
/// without it: as if never earned, or back to what it was before.
#[test]
fn a_badge_the_rest_no_longer_earns_is_taken_back() {
    let p = compile(
        r#"
program "Shop" { currency USD }
returns { within 30 days }
earn "Base" on purchase for each line { award 1 point per USD of line.amount }
earn "Big basket" on purchase when tx.amount >= 100 USD { award 50 points  badge "Big basket" }
"#,
    );
    let m = Member::new("m");
    let badge = |s: &MemberState| {
        s.badges
            .get("Big basket")
            .map(|b| format!("{} {} {}", b.first, b.last, b.times))
    };
    let mut s = p.new_state(&m);
    run(
        &p,
        &mut s,
        &shirts("p1", "2026-06-01T10:00:00Z", &["M", "S"]),
    );
    assert_eq!(badge(&s).as_deref(), Some("2026-06-01 2026-06-01 1"));
    // One shirt back: 60 USD left, no big basket, no badge.
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-06-02", r#"{"line": 0, "quantity": 1}"#),
    );
    assert_eq!(taken(&o), "110");
    assert_eq!(o.returned.as_ref().unwrap().badges, ["Big basket"]);
    assert!(
        o.explain()
            .contains("    badge taken back: \"Big basket\"\n"),
        "{}",
        o.explain()
    );
    assert_eq!(badge(&s), None);
    // The rest returned too: nothing more to take back.
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-06-03", r#"{"line": 1, "quantity": 1}"#),
    );
    assert!(o.returned.as_ref().unwrap().badges.is_empty());
    // Earned twice, the second time returned whole: back to the first.
    run(
        &p,
        &mut s,
        &shirts("p2", "2026-06-04T10:00:00Z", &["M", "S"]),
    );
    run(
        &p,
        &mut s,
        &shirts("p3", "2026-06-08T10:00:00Z", &["L", "S"]),
    );
    assert_eq!(badge(&s).as_deref(), Some("2026-06-04 2026-06-08 2"));
    run(
        &p,
        &mut s,
        &give_back(
            "p3",
            "2026-06-09",
            r#"{"line": 0, "quantity": 1}, {"line": 1, "quantity": 1}"#,
        ),
    );
    assert_eq!(badge(&s).as_deref(), Some("2026-06-04 2026-06-04 1"));
    // A rest that still earns it keeps it.
    run(
        &p,
        &mut s,
        &shirts("p4", "2026-06-10T10:00:00Z", &["M", "S", "L"]),
    );
    let o = run(
        &p,
        &mut s,
        &give_back("p4", "2026-06-11", r#"{"line": 0, "quantity": 1}"#),
    );
    assert!(o.returned.as_ref().unwrap().badges.is_empty());
    assert_eq!(badge(&s).as_deref(), Some("2026-06-04 2026-06-10 2"));
}

/// Found with a department store's program: a purchase returned whole
/// still counted as activity, so buying and returning every few months
/// kept all of a member's points from expiring.
#[test]
fn a_purchase_returned_whole_is_no_longer_activity_for_expiry() {
    let p = compile(
        r#"
program "Inactive" { currency USD }
ledger points { expire after 3 months without activity }
returns { within 30 days }
earn "Base" on purchase { award 1 point per USD of tx.amount }
"#,
    );
    let m = Member::new("m");
    let time = |id: &str, ts: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "time", "id": "{id}", "timestamp": "{ts}"}}"#
        ))
        .unwrap()
    };
    let replay = |events: &[Event]| {
        let mut s = p.new_state(&m);
        let mut expired = Vec::new();
        for e in events {
            let o = run(&p, &mut s, e);
            for x in &o.change.expired {
                expired.push(format!("{} {} {}", x.on, x.event, x.points));
            }
        }
        (s, expired)
    };
    let p1 = shirts("p1", "2026-01-01T10:00:00Z", &["A"]);
    let p2 = shirts("p2", "2026-03-15T10:00:00Z", &["B"]);
    let whole = give_back("p2", "2026-03-16", r#"{"line": 0, "quantity": 1}"#);
    let may = time("may", "2026-05-01T10:00:00Z");
    // Without p2, p1's lot expires three months after 2026-01-01.
    let (_, alone) = replay(&[p1.clone(), may.clone()]);
    assert_eq!(alone, ["2026-04-01 p1 60"]);
    // p2 returned whole: the same.
    let (s, returned) = replay(&[p1.clone(), p2.clone(), whole, may.clone()]);
    assert_eq!(returned, ["2026-04-01 p1 60"]);
    assert_eq!(
        s.wallet("points").unwrap().last_activity,
        Some("2026-01-01".parse().unwrap())
    );
    // p2 kept (or only partly returned): it is activity, and p1's lot holds.
    let (s, kept) = replay(&[p1, p2, may]);
    assert!(kept.is_empty());
    assert_eq!(
        s.wallet("points").unwrap().last_activity,
        Some("2026-03-15".parse().unwrap())
    );
}

/// Found with a beauty retailer's program (points expire after 18 months
/// without activity, points that paid for returned goods refunded): the
/// refund of a purchase returned whole was a credit like any other, so it
/// moved the member's last activity to the return's day, and buying with
/// points and returning kept every point alive longer than not buying. A
/// refund is not activity: the lots expire as they would have without the
/// purchase, the refund's lot with them.
#[test]
fn a_refund_of_points_is_not_activity_for_expiry() {
    let p = compile(
        r#"
program "Inactive" { currency USD }
ledger points { expire after 3 months without activity }
returns { within 30 days  refund 100 points = 1 USD }
earn "Base" on purchase { award 1 point per USD of tx.amount }
"#,
    );
    let mut s = p.new_state(&Member::new("m"));
    run(&p, &mut s, &shirts("p1", "2026-01-01T10:00:00Z", &["A"]));
    let paid = Event::from_json(
        r#"{"kind": "purchase", "id": "p2", "timestamp": "2026-03-15T10:00:00Z", "currency": "USD",
            "tenders": {"card": "59.70", "points": "0.30"},
            "lines": [{"sku": "B", "quantity": 1, "unit_price": "60.00"}]}"#,
    )
    .unwrap();
    run(&p, &mut s, &paid);
    let o = run(
        &p,
        &mut s,
        &give_back("p2", "2026-03-16", r#"{"line": 0, "quantity": 1}"#),
    );
    assert_eq!(
        o.returned.as_ref().unwrap().refunded["points"].to_string(),
        "30"
    );
    let text = o.explain();
    assert!(
        text.contains(
            "  lot of 30 points, expires after 3 months without activity (a refund is not activity)\n"
        ),
        "{text}"
    );
    let wallet = s.wallet("points").unwrap();
    assert_eq!(wallet.last_activity, Some("2026-01-01".parse().unwrap()));
    let lots: Vec<String> = wallet
        .lots
        .iter()
        .map(|l| format!("{} {} {}", l.event, l.earned_on, l.points))
        .collect();
    assert_eq!(lots, ["p1 2026-01-01 60", "ret-2026-03-16 2026-03-16 30"]);
    let may =
        Event::from_json(r#"{"kind": "time", "id": "may", "timestamp": "2026-05-01T10:00:00Z"}"#)
            .unwrap();
    let o = run(&p, &mut s, &may);
    let expired: Vec<String> = o
        .change
        .expired
        .iter()
        .map(|x| format!("{} {} {}", x.on, x.event, x.points))
        .collect();
    assert_eq!(
        expired,
        ["2026-04-01 p1 60", "2026-04-01 ret-2026-03-16 30"]
    );
    assert_eq!(points(&s), "0");
    // A purchase after the refund is activity again, for every lot.
    let mut s2 = p.new_state(&Member::new("m"));
    run(&p, &mut s2, &shirts("p1", "2026-01-01T10:00:00Z", &["A"]));
    run(&p, &mut s2, &paid);
    run(
        &p,
        &mut s2,
        &give_back("p2", "2026-03-16", r#"{"line": 0, "quantity": 1}"#),
    );
    run(&p, &mut s2, &shirts("p3", "2026-03-20T10:00:00Z", &["C"]));
    assert_eq!(
        s2.wallet("points").unwrap().last_activity,
        Some("2026-03-20".parse().unwrap())
    );
    assert!(run(&p, &mut s2, &may).change.expired.is_empty());
}

/// Found by changing a program between a purchase and its return (1 point
/// a dollar, then 2): the return of half the purchase was evaluated by the
/// new version, whose rest earns all the purchase had earned, so nothing
/// was taken back. A receipt now records the version that evaluated its
/// purchase; another version refuses the return and names the one to use,
/// which takes back exactly what the returned goods earned.
#[test]
fn a_return_is_evaluated_by_the_version_that_evaluated_its_purchase() {
    let version = |rate: &str| {
        compile(&format!(
            "program \"S\" {{ currency USD }}\nreturns {{ within 30 days }}\n\
             earn \"Base\" on purchase for each line {{ award {rate} per USD of line.amount }}"
        ))
    };
    let (v1, v2) = (version("1 point"), version("2 points"));
    let m = Member::new("m");
    let mut s = v1.new_state(&m);
    let bought = Event::from_json(
        r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-05-01T12:00:00Z", "currency": "USD",
            "lines": [{"sku": "a", "quantity": 1, "unit_price": "50.00"},
                      {"sku": "b", "quantity": 1, "unit_price": "50.00"}]}"#,
    )
    .unwrap();
    run(&v1, &mut s, &bought);
    assert_eq!(s.receipts["p1"].program.as_deref(), Some(v1.version()));
    // A version is the program's tokens: comments and layout do not
    // change it (its text's hash does), a changed rate does.
    let v1_noted = compile(
        "// Spring rules, reviewed by finance
program \"S\" { currency USD }
         returns {
  within 30 days
}
         earn \"Base\" on purchase for each line {
  award 1 point per USD of line.amount  # as before
}
",
    );
    assert_eq!(v1_noted.version(), v1.version());
    assert_ne!(v1_noted.hash(), v1.hash());
    assert_ne!(v2.version(), v1.version());
    assert!(v1_noted
        .evaluate_with(
            &m,
            &s,
            &give_back("p1", "2026-05-02", r#"{"line": 1, "quantity": 1}"#)
        )
        .is_ok());
    let back = give_back("p1", "2026-05-03", r#"{"line": 0, "quantity": 1}"#);
    match v2.evaluate_with(&m, &s, &back) {
        Err(EvalError::ReturnRefused {
            refusal: ReturnRefusal::OtherVersion { purchase, version },
            ..
        }) => {
            assert_eq!((purchase.as_str(), version.as_str()), ("p1", v1.version()));
        }
        other => panic!("{other:?}"),
    }
    // The lean path refuses it alike.
    assert_eq!(
        v2.points_with(&m, &s, &back).unwrap_err(),
        v2.evaluate_with(&m, &s, &back).unwrap_err()
    );
    assert_eq!(
        refusal(&v2, &s, &back),
        format!(
            "purchase p1 was evaluated by another version of the program ({}): evaluate its \
             return with that version, which knows what it earned",
            v1.version()
        )
    );
    let o = run(&v1, &mut s, &back);
    assert_eq!(
        o.returned.as_ref().unwrap().points["points"].to_string(),
        "50"
    );
    assert_eq!(points(&s), "50");
    // A receipt written before versions were recorded is read as before.
    let mut old = v1.new_state(&m);
    run(&v1, &mut old, &bought);
    old.receipts.get_mut("p1").unwrap().program = None;
    let old = MemberState::from_json(&serde_json::to_string(&old).unwrap()).unwrap();
    assert!(v2.evaluate_with(&m, &old, &back).is_ok());
}

/// Found asking what a return does to a level held before the purchase:
/// a gold member's purchase qualified gold again (held a year longer),
/// and returning it whole the same day left gold held to the end of the
/// next year, so a purchase a year later still earned double. A return
/// now takes back the longer hold too: the level is held as it was
/// before, or as long as the member still qualifies without the purchase.
#[test]
fn a_return_takes_back_the_longer_hold_its_purchase_gave() {
    let p = Program::compile(
        r#"program "Shop" { currency USD timezone "UTC" }
counter spend
count tx.amount to spend on purchase
tiers {
  member
  gold when 1000 USD spend
  qualify calendar year
  keep to end of next period
}
returns { within 30 days }
earn "Base" on purchase { award 1 point per USD of tx.amount }
tier gold { multiply "Base" by 2 }"#,
    )
    .unwrap();
    let m = Member::new("m");
    let buy = |id: &str, day: &str, amount: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00Z", "currency": "USD",
                "lines": [{{"sku": "x", "quantity": 1, "unit_price": "{amount}"}}]}}"#
        ))
        .unwrap()
    };
    let held_until = |s: &MemberState, day: &str| {
        let st = p.tier_status(&m, s, day.parse().unwrap()).unwrap();
        (st.tier.tier, st.until.map(|u| u.to_string()))
    };
    let mut s = p.new_state(&m);
    run(&p, &mut s, &buy("p0", "2025-03-01", "1200"));
    run(&p, &mut s, &buy("p1", "2026-03-01", "1500"));
    assert_eq!(
        held_until(&s, "2026-03-01"),
        ("gold".into(), Some("2027-12-31".into()))
    );
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-03-01", r#"{"line": 0, "quantity": 1}"#),
    );
    assert_eq!(
        tier_moves(&o),
        ["2026-03-01: gold: held until 2026-12-31 again: the purchase that qualified it again was returned"]
    );
    assert_eq!(
        held_until(&s, "2026-03-02"),
        ("gold".into(), Some("2026-12-31".into()))
    );
    let later = run(&p, &mut s, &buy("p2", "2027-02-01", "100"));
    assert_eq!(later.points(&m.id, "points").to_string(), "100");

    // Qualified again without it (another purchase the same year): held
    // as long as that gives.
    let mut s = p.new_state(&m);
    run(&p, &mut s, &buy("p0", "2025-03-01", "1200"));
    run(&p, &mut s, &buy("p1", "2026-03-01", "1500"));
    run(&p, &mut s, &buy("p3", "2026-03-05", "1000"));
    run(
        &p,
        &mut s,
        &give_back("p1", "2026-03-06", r#"{"line": 0, "quantity": 1}"#),
    );
    assert_eq!(
        held_until(&s, "2026-03-07"),
        ("gold".into(), Some("2027-12-31".into()))
    );
}

/// Found by `tests/tier_properties.rs` once stays could be returned: a
/// floor for life reached by a purchase stayed after the purchase was
/// returned whole. The floor goes back to what it was before the purchase,
/// unless the member still reaches it without it.
#[test]
fn a_floor_for_life_reached_by_a_returned_purchase_goes() {
    let p = by_nights(
        r#"
  member
  silver when 10 nights
  gold when 25 nights
  floor gold when 40 lifetime nights
"#,
        "returns { within 30 days }",
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    run(&p, &mut s, &room("p1", "2025-06-01", 30));
    run(&p, &mut s, &room("p2", "2026-06-01", 12));
    assert_eq!(s.tier.as_ref().unwrap().floor.as_deref(), Some("gold"));
    let o = run(
        &p,
        &mut s,
        &give_back("p2", "2026-06-02", r#"{"line": 0, "quantity": 12}"#),
    );
    assert_eq!(s.tier.as_ref().unwrap().floor, None);
    assert!(
        o.tier_moves
            .iter()
            .any(|m| m.to_string() == "2026-06-02: gold: gold for life taken back: the purchase that reached it was returned"),
        "{:?}",
        o.tier_moves
    );
    // Gold as qualified in 2025, to the end of 2026; not for life.
    let tier_on = |day: &str| {
        p.tier_status(&m, &s, day.parse().unwrap())
            .unwrap()
            .tier
            .tier
    };
    assert_eq!(tier_on("2026-06-03"), "gold");
    assert_eq!(tier_on("2027-01-02"), "member");

    // Reached without it too (a later stay): the floor stays.
    let mut s = p.new_state(&m);
    run(&p, &mut s, &room("p1", "2025-06-01", 30));
    run(&p, &mut s, &room("p2", "2026-06-01", 12));
    run(&p, &mut s, &room("p3", "2026-06-02", 10));
    run(
        &p,
        &mut s,
        &give_back("p2", "2026-06-03", r#"{"line": 0, "quantity": 12}"#),
    );
    assert_eq!(s.tier.as_ref().unwrap().floor.as_deref(), Some("gold"));
}

/// Found by the return property of `tests/tier_properties.rs`: platinum
/// ended and the member landed on gold on 1 April; a purchase that day
/// qualified platinum again, and its return lowered the member to what
/// the rest qualified for (nothing) instead of the gold held just before.
#[test]
fn a_return_lowers_a_level_to_the_one_held_just_before_the_purchase() {
    let p = by_nights(
        r#"
  member
  silver when 3 nights
  gold when 7 nights
  platinum when 8 nights
  qualify year from 04-01
  keep to end of period
  downgrade one level
"#,
        "returns { within 30 days }",
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    run(&p, &mut s, &room("p1", "2024-04-01", 8));
    let o = run(&p, &mut s, &room("p2", "2025-04-01", 8));
    assert_eq!(
        tier_moves(&o),
        [
            "2025-04-01: platinum -> gold: platinum ended on 2025-03-31; one level down from platinum",
            "2025-04-01: gold -> platinum: qualified: 8 nights (has 8)"
        ]
    );
    let o = run(
        &p,
        &mut s,
        &give_back("p2", "2025-04-01", r#"{"line": 0, "quantity": 8}"#),
    );
    assert_eq!(
        tier_moves(&o),
        ["2025-04-01: platinum -> gold: the purchase that qualified it was returned"]
    );
    let t = s.tier.as_ref().unwrap();
    assert_eq!(
        (t.level.as_str(), t.until, t.by.as_str()),
        (
            "gold",
            Some("2026-03-31".parse().unwrap()),
            "one level down from platinum"
        )
    );
}

/// Found by `tests/tier_properties.rs` (a stay returned days later): a
/// stay that reached platinum came after the returned one, and the year
/// ended between them and the return. Without the returned stay the
/// member reached platinum with the later one and landed on gold on 1
/// January; the return brought forward only the status before the
/// returned stay (silver, ended, one level down: nothing), and dropped the
/// member to the lowest level. The return now replays each day between
/// on which the member's counts changed.
#[test]
fn a_return_after_a_year_end_keeps_what_a_later_stay_reached() {
    let p = by_nights(
        r#"
  member
  silver when 1 nights
  gold when 5 nights
  platinum when 6 nights
  keep to end of period
  downgrade one level
"#,
        "returns { within 30 days }",
    );
    let m = Member::new("m");
    let mut plain = p.new_state(&m);
    let mut s = p.new_state(&m);
    run(&p, &mut plain, &room("p1", "2026-06-01", 4));
    run(&p, &mut s, &room("p1", "2026-06-01", 4));
    run(&p, &mut s, &room("p2", "2026-12-20", 1));
    run(&p, &mut plain, &room("p3", "2026-12-20", 2));
    run(&p, &mut s, &room("p3", "2026-12-20", 2));
    assert_eq!(s.tier.as_ref().unwrap().level, "platinum");
    let o = run(
        &p,
        &mut s,
        &give_back("p2", "2027-01-10", r#"{"line": 0, "quantity": 1}"#),
    );
    // The year's end first (platinum, one level down), then the return,
    // which leaves gold: the later stay reached platinum without it.
    assert_eq!(
        tier_moves(&o),
        ["2027-01-01: platinum -> gold: platinum ended on 2026-12-31; one level down from platinum"]
    );
    let t = s.tier.as_ref().unwrap();
    assert_eq!(
        (t.level.as_str(), t.until, t.by.as_str()),
        (
            "gold",
            Some("2027-12-31".parse().unwrap()),
            "one level down from platinum"
        )
    );
    for day in ["2027-01-10", "2027-12-31", "2028-01-01", "2029-01-01"] {
        let status = |state: &MemberState| {
            p.tier_status(&m, state, day.parse().unwrap())
                .unwrap()
                .tier
                .tier
        };
        assert_eq!(status(&s), status(&plain), "on {day}");
    }
}

/// A growth-value program (levels by lifetime growth, a yearly deduction
/// per level: 500 at v2, `v3` at v3) and its purchases in CNY.
fn mall(v3: u32) -> Program {
    compile(&format!(
        r#"program "Mall" {{ currency CNY  timezone "Asia/Shanghai" }}
        counter growth
        count tx.amount to growth on purchase
        returns {{ within 15 days }}
        tiers {{
          v1
          v2 when 1000 CNY lifetime growth
          v3 when 3000 CNY lifetime growth
          keep to end of period
          deduct 500 growth at v2
          deduct {v3} growth at v3
        }}
        earn "Base" on purchase {{ award 1 point per CNY of tx.amount }}"#
    ))
}

/// An outcome's tier moves, as the explanation prints them.
fn tier_moves(o: &Outcome) -> Vec<String> {
    o.tier_moves.iter().map(|m| m.to_string()).collect()
}

fn order(id: &str, day: &str, price: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00+08:00", "currency": "CNY",
            "lines": [{{"sku": "x", "quantity": 1, "unit_price": "{price}"}}]}}"#
    ))
    .unwrap()
}

/// A purchase that lifted a member to v3 just before the year's end made
/// the year-end deduction v3's (1200) instead of v2's (500); returned
/// after it, the member's growth is what it would be without it: the
/// deduction v2's, the 700 more given back (found writing a marketplace's
/// growth-value program as a new user: the return left 700 growth short
/// for good).
#[test]
fn a_return_after_a_year_end_deduction_gives_back_what_the_purchase_made_it_deduct() {
    let p = mall(1200);
    let growth = |s: &MemberState| s.counter("growth").unwrap().total.to_string();
    let back = |day: &str| give_back("o2", day, r#"{"line": 0, "quantity": 1}"#);
    let without = |events: &[Event]| {
        let mut s = p.new_state(&Member::new("m"));
        for e in events {
            run(&p, &mut s, e);
        }
        s
    };
    // Another order between the year's end and the return, whose review
    // made the deduction; and none, so that the return's review makes it.
    for between in [true, false] {
        let mut events = vec![order("o1", "2026-03-01", "2950.00")];
        let mut s = without(&events);
        run(&p, &mut s, &order("o2", "2026-12-25", "100.00"));
        assert_eq!(s.tier.as_ref().unwrap().level, "v3");
        if between {
            events.push(order("o3", "2027-01-03", "10.00"));
            run(&p, &mut s, &order("o3", "2027-01-03", "10.00"));
            assert_eq!(growth(&s), "1860.00"); // 3060 - 1200
        }
        let o = run(&p, &mut s, &back("2027-01-05"));
        // Without the order, time passing to the return's day.
        events.push(
            Event::from_json(
                r#"{"kind": "time", "id": "t", "timestamp": "2027-01-05T12:00:00+08:00"}"#,
            )
            .unwrap(),
        );
        let plain = without(&events);
        assert_eq!(growth(&s), growth(&plain), "between: {between}");
        assert_eq!(growth(&s), if between { "2460.00" } else { "2450.00" });
        let m = Member::new("m");
        let status = |s: &MemberState| {
            let st = p.tier_status(&m, s, "2027-01-05".parse().unwrap()).unwrap();
            (st.tier.tier, st.until)
        };
        assert_eq!(status(&s), status(&plain));
        assert!(
            o.explain().contains(if between {
                "  given back to growth: 700.00 (deducted at a period's end with the purchase counted)\n"
            } else {
                "  deducted from growth: 500.00\n"
            }),
            "{}",
            o.explain()
        );
    }
}

/// The other way: a deduction v3 makes large enough that the order which
/// lifted the member to v3 left them on v1 after the year's end (3050 -
/// 2500 = 550 growth), where without it they keep v2 (2950 - 500 =
/// 2450). Its return brings the member back up to v2.
#[test]
fn a_return_brings_back_a_level_its_purchase_deduction_lowered() {
    let p = mall(2500);
    let mut s = p.new_state(&Member::new("m"));
    run(&p, &mut s, &order("o1", "2026-03-01", "2950.00"));
    run(&p, &mut s, &order("o2", "2026-12-25", "100.00"));
    run(&p, &mut s, &order("o3", "2027-01-03", "10.00"));
    assert_eq!(s.tier.as_ref().unwrap().level, "v1");
    let o = run(
        &p,
        &mut s,
        &give_back("o2", "2027-01-05", r#"{"line": 0, "quantity": 1}"#),
    );
    assert_eq!(s.counter("growth").unwrap().total.to_string(), "2460.00");
    let t = s.tier.as_ref().unwrap();
    assert_eq!(
        (t.level.as_str(), t.since.to_string(), t.until),
        (
            "v2",
            "2026-03-01".to_string(),
            Some("2027-12-31".parse().unwrap())
        )
    );
    assert_eq!(
        tier_moves(&o),
        ["2027-01-05: v1 -> v2: held without the returned purchase, whose period-end deduction lowered it"]
    );
}

/// A stay of `nights` on `day` at noon UTC, 100.00 USD a night.
fn room(id: &str, day: &str, nights: u32) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00Z", "currency": "USD",
            "lines": [{{"sku": "room", "quantity": {nights}, "unit_price": "100.00"}}]}}"#
    ))
    .unwrap()
}

/// Found writing a cash-back card's program ("200 USD after 500 USD of
/// purchases in the first 3 months"): the purchase that crossed 500 was
/// returned, and a purchase made between them, which crossed 500 in the
/// history without it, is not evaluated again, so a bonus written with
/// `crossed` is lost for good. Written as a comparison with a limit (as
/// the language reference says), the next purchase earns it again.
#[test]
fn a_threshold_bonus_with_a_limit_is_earned_again_after_a_return() {
    let source = |condition: &str| {
        compile(&format!(
            r#"
program "Card" {{ currency USD }}
counter spend
count tx.amount to spend on purchase
returns {{ within 120 days }}
earn "New cardmember" on purchase
    when {condition} and days_between(member.join_date, tx.date) <= 92 {{
  award 200 points
  limit 1 per member
}}
"#
        ))
    };
    let mut m = Member::new("m");
    m.join_date = Some("2026-01-10".parse().unwrap());
    let buy = |id: &str, day: &str, price: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00Z", "currency": "USD",
                "lines": [{{"sku": "A", "quantity": 1, "unit_price": "{price}"}}]}}"#
        ))
        .unwrap()
    };
    let events = [
        buy("p1", "2026-01-15", "420.00"),
        buy("p2", "2026-02-01", "1200.00"),
        buy("p3", "2026-03-31", "100.00"),
        give_back("p2", "2026-04-09", r#"{"line": 0, "quantity": 1}"#),
        buy("p5", "2026-04-11", "10.00"),
    ];
    let replay = |p: &Program| {
        let mut s = p.new_state(&m);
        let mut bonus = Vec::new();
        for e in &events {
            let o = p.evaluate_with(&m, &s, e).unwrap();
            s.apply(&o).unwrap();
            let points = o
                .totals
                .first()
                .map_or(String::new(), |t| t.points.to_string());
            bonus.push(format!("{} {points}", e.id()));
        }
        (bonus, s.balance("points").unwrap_or_default().to_string())
    };
    let (with_limit, balance) = replay(&source("spend lifetime >= 500 USD"));
    assert_eq!(
        with_limit,
        ["p1 0", "p2 200", "p3 0", "ret-2026-04-09 0", "p5 200"]
    );
    assert_eq!(balance, "200");
    let (crossed, balance) = replay(&source("crossed(spend lifetime, 500) > 0"));
    assert_eq!(
        crossed,
        ["p1 0", "p2 200", "p3 0", "ret-2026-04-09 0", "p5 0"]
    );
    assert_eq!(balance, "0");
}

/// Found returning a beauty retailer's purchase (10 USD of it paid with
/// 500 points) in two parts, pro rata: each return floored its own share
/// of the points, 166 and 333, so the member got 499 of the 500 back.
/// Each return now refunds what the purchase's returned share so far
/// comes to, less what earlier returns refunded, so that returning all of
/// it refunds all the points; and the share is exact (a third of 3
/// points is 1, not 0.999... floored to 0).
#[test]
fn returning_a_purchase_in_parts_refunds_all_the_points_that_paid_for_it() {
    let program = |mode: &str, rate: &str| {
        compile(&format!(
            r#"
program "Refunds" {{ currency USD }}
returns {{ {mode}  within 30 days  refund {rate} }}
earn "Base" on purchase {{ award 1 point per USD of tx.amount }}
"#
        ))
    };
    let refunds = |p: &Program, purchase: &str, returns: &[String]| {
        let mut s = p.new_state(&Member::new("m"));
        run(p, &mut s, &Event::from_json(purchase).unwrap());
        returns
            .iter()
            .map(|r| {
                let o = run(p, &mut s, &Event::from_json(r).unwrap());
                o.returned.as_ref().unwrap().refunded["points"].to_string()
            })
            .collect::<Vec<_>>()
    };
    let back = |id: &str, day: &str, what: &str| {
        format!(
            r#"{{"kind": "return", "id": "{id}", "timestamp": "2026-05-{day}T12:00:00Z", "purchase": "p1", {what}}}"#
        )
    };
    // 150 USD, 10 of them paid with points at 50 points a dollar: 500.
    let purchase = r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-05-01T12:00:00Z", "currency": "USD",
        "tenders": {"card": "140.00", "points": "10.00"},
        "lines": [{"sku": "serum", "quantity": 1, "unit_price": "120.00", "discount": "20.00"},
                  {"sku": "lip", "quantity": 2, "unit_price": "25.00"}]}"#;
    let p = program("pro rata", "50 points = 1 USD");
    let parts = [
        back("r1", "02", r#""amount": "50.00""#),
        back("r2", "03", r#""amount": "100.00""#),
    ];
    assert_eq!(refunds(&p, purchase, &parts), ["166", "334"]);
    let thirds = [
        back("r1", "02", r#""amount": "50.00""#),
        back("r2", "03", r#""amount": "50.00""#),
        back("r3", "04", r#""amount": "50.00""#),
    ];
    assert_eq!(refunds(&p, purchase, &thirds), ["166", "167", "167"]);
    // By line: the lips one at a time, then the serum.
    let p = program("by line", "50 points = 1 USD");
    let lines = [
        back("r1", "02", r#""lines": [{"line": 1, "quantity": 1}]"#),
        back("r2", "03", r#""lines": [{"line": 1, "quantity": 1}]"#),
        back("r3", "04", r#""lines": [{"line": 0, "quantity": 1}]"#),
    ];
    assert_eq!(refunds(&p, purchase, &lines), ["83", "83", "334"]);
    // A third of a purchase paid with 1 USD of points at 3 points a dollar
    // is exactly 1 point.
    let p = program("pro rata", "3 points = 1 USD");
    let small = r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-05-01T12:00:00Z", "currency": "USD",
        "tenders": {"card": "2.00", "points": "1.00"},
        "lines": [{"sku": "pen", "quantity": 1, "unit_price": "3.00"}]}"#;
    assert_eq!(
        refunds(&p, small, &[back("r1", "02", r#""amount": "1.00""#)]),
        ["1"]
    );
}

/// A member's receipts within the return window cost a purchase nothing
/// to keep: each purchase scanned them all twice to drop the ones past the
/// window (the backup of what it may drop, then the drop), even when none
/// was (one member's 20,000 purchases within the window: 10 s through the
/// release CLI). The change says to drop them only when some are past it.
#[test]
fn receipts_within_the_window_cost_a_purchase_nothing() {
    let p = compile(
        "program \"Shop\" { currency USD }\nreturns { within 30 days }\n\
         earn \"Base\" on purchase for each line { award 1 point per USD of line.amount }\n",
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let start: chrono::NaiveDate = "2026-03-01".parse().unwrap();
    let started = std::time::Instant::now();
    for i in 0..6_000u64 {
        let day = start + chrono::Days::new(i / 200);
        let o = p
            .evaluate_with(&m, &s, &purchase(&format!("p{i}"), &day.to_string()))
            .unwrap();
        // Within the window, nothing to drop.
        assert_eq!(o.change.receipts_from, None);
        s.apply(&o).unwrap();
    }
    let took = started.elapsed();
    assert_eq!(s.receipts.len(), 6_000);
    // A purchase 31 days after the first day: that day's 200 receipts go.
    let o = p
        .evaluate_with(&m, &s, &purchase("late", "2026-04-01"))
        .unwrap();
    assert_eq!(o.change.receipts_from, "2026-03-02".parse().ok());
    s.apply(&o).unwrap();
    assert_eq!(s.receipts.len(), 6_000 - 200 + 1);
    assert!(!s.receipts.contains_key("p199") && s.receipts.contains_key("p200"));
    assert!(took < std::time::Duration::from_secs(6), "took {took:?}");
}

/// A refund to a balance kept in cents (`balance cash precision 2`) is
/// floored to cents, not to whole points: 4.55 USD paid with cash back
/// comes back as 4.55 cash (it came back as 4, and the 0.55 was lost), in
/// parts as whole; and the rate's points may have the balance's decimals.
#[test]
fn a_refund_to_a_balance_in_cents_keeps_its_cents() {
    let p = compile(
        r#"
program "Rx" { currency USD  balance cash precision 2 }
returns { within 30 days  refund 0.50 cash = 0.50 USD }
earn "Back" on purchase for each line { award 1% of line.amount to cash }
"#,
    );
    let mut s = p.new_state(&Member::new("m"));
    let paid = Event::from_json(
        r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-05-01T12:00:00Z", "currency": "USD",
            "tenders": {"card": "5.45", "points": "4.55"},
            "lines": [{"sku": "a", "quantity": 1, "unit_price": "3.00"},
                      {"sku": "b", "quantity": 1, "unit_price": "7.00"}]}"#,
    )
    .unwrap();
    run(&p, &mut s, &paid);
    // The first line is 3 of 10 USD: 4.55 × 3/10 = 1.365, 1.36 cash.
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-05-03", r#"{"line": 0, "quantity": 1}"#),
    );
    assert_eq!(
        o.returned.as_ref().unwrap().refunded["cash"].to_string(),
        "1.36"
    );
    // The rest: 4.55 in all, less the 1.36 refunded.
    let o = run(
        &p,
        &mut s,
        &give_back("p1", "2026-05-04", r#"{"line": 1, "quantity": 1}"#),
    );
    assert_eq!(
        o.returned.as_ref().unwrap().refunded["cash"].to_string(),
        "3.19"
    );
    // 0.10 earned, taken back; 4.55 refunded.
    assert_eq!(s.balance("cash").unwrap().to_string(), "4.55");
}

/// A program that takes returns keeps, with each purchase, what rules
/// capped or limited per member had used; a rule capped per membership
/// year that the purchase does not reach needs no join date (a member
/// without one bought a coffee and got an error), as evaluation without
/// returns does not. The rule's own purchase still needs it.
#[test]
fn a_rule_capped_by_membership_year_that_does_not_apply_needs_no_join_date() {
    let p = compile(
        r#"
program "Card" { currency USD }
attribute tx.mcc text
returns { within 30 days }
earn "Base" on purchase { award 1 point per USD of tx.amount }
earn "Grocery" on purchase when tx.mcc == "grocery" {
  award 4 points per USD of tx.amount
  cap 48000 points per member per membership year
}
earn "Fuel" on purchase when tx.mcc == "fuel" {
  award 2 points per USD of tx.amount
  limit 10 times per member per membership year
}
"#,
    );
    let buy = |id: &str, mcc: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "{id}", "timestamp": "2026-03-04T12:00:00Z", "currency": "USD",
                "lines": [{{"sku": "card", "quantity": 1, "unit_price": "10.00"}}], "attributes": {{"mcc": "{mcc}"}}}}"#
        ))
        .unwrap()
    };
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let o = run(&p, &mut s, &buy("t1", "dining"));
    assert_eq!(o.points("m", "points").to_string(), "10");
    assert!(s.receipts["t1"].used_before.is_empty());
    // Returned, it takes back its 10 points.
    let back = Event::from_json(
        r#"{"kind": "return", "id": "x1", "timestamp": "2026-03-05T12:00:00Z", "purchase": "t1", "lines": [{"line": 0, "quantity": 1}]}"#,
    )
    .unwrap();
    run(&p, &mut s, &back);
    assert_eq!(points(&s), "0");
    // The grocery purchase reaches the cap, which needs the join date.
    for (id, mcc, rule) in [("t2", "grocery", "Grocery"), ("t3", "fuel", "Fuel")] {
        let e = p.evaluate_with(&m, &s, &buy(id, mcc)).unwrap_err();
        assert!(
            matches!(&e, EvalError::NoJoinDate { rule: r, .. } if r.contains(rule)),
            "{e:?}"
        );
    }
}

/// A returned line may give its SKU beside its position, as a check: a
/// position counted from 1, or the wrong line, is refused rather than
/// taking back another line's points.
#[test]
fn a_returned_lines_sku_checks_its_position() {
    let p = program("negative");
    let mut s = p.new_state(&Member::new("m"));
    run(&p, &mut s, &purchase("p1", "2026-05-01"));
    let wrong = |lines: &str| refusal(&p, &s, &give_back("p1", "2026-05-03", lines));
    assert_eq!(
        wrong(r#"{"line": 1, "sku": "shirt", "quantity": 1}"#),
        "line 1 of purchase p1 is bag, not shirt: shirt is line 0 (counted from 0; the explanation's line 1 is line 0)"
    );
    assert_eq!(
        wrong(r#"{"line": 0, "sku": "sock", "quantity": 1}"#),
        "line 0 of purchase p1 is shirt, not sock: the purchase has no sock"
    );
    // The bag, by its position and SKU: its 50 points and the 500 of the
    // bonus the rest no longer reaches.
    let o = run(
        &p,
        &mut s,
        &give_back(
            "p1",
            "2026-05-03",
            r#"{"line": 1, "sku": "bag", "quantity": 1}"#,
        ),
    );
    let r = o.returned.as_ref().unwrap();
    assert_eq!(r.points["points"].to_string(), "550");
    assert_eq!(r.lines[0].sku.as_deref(), Some("bag"));
    // Built in Rust.
    let at = loyalty_rules::DateTime::parse_from_rfc3339("2026-05-04T12:00:00Z").unwrap();
    let back =
        loyalty_rules::Return::lines("ret-x", at, "p1").with_line_checked(0, "shirt", 1.into());
    let o = run(&p, &mut s, &Event::Return(back));
    assert_eq!(
        o.returned.as_ref().unwrap().points["points"].to_string(),
        "20"
    );
}

/// Two lines of one SKU: the refusal names both.
#[test]
fn a_sku_on_several_lines_is_named_with_each() {
    let p = program("negative");
    let mut s = p.new_state(&Member::new("m"));
    let twice = Event::from_json(
        r#"{"kind": "purchase", "id": "p2", "timestamp": "2026-05-01T12:00:00Z", "currency": "USD",
            "lines": [{"sku": "shirt", "quantity": 1, "unit_price": "20.00"},
                      {"sku": "bag", "quantity": 1, "unit_price": "50.00"},
                      {"sku": "shirt", "quantity": 1, "unit_price": "25.00"}]}"#,
    )
    .unwrap();
    run(&p, &mut s, &twice);
    assert_eq!(
        refusal(&p, &s, &give_back("p2", "2026-05-03", r#"{"line": 1, "sku": "shirt", "quantity": 1}"#)),
        "line 1 of purchase p2 is bag, not shirt: shirt is lines 0 and 2 (counted from 0; the explanation's line 1 is line 0)"
    );
}

/// A returned line named by its SKU alone, as a marketplace's order
/// system names what comes back: the purchase's one line of that SKU,
/// with the same points taken back as by its position; the outcome says
/// which line it was. A SKU on several lines, none, or a line named by
/// neither, is refused and changes nothing.
#[test]
fn a_returned_line_may_be_named_by_its_sku_alone() {
    let p = program("negative");
    let mut by_sku = p.new_state(&Member::new("m"));
    run(&p, &mut by_sku, &purchase("p1", "2026-05-01"));
    let mut by_position = by_sku.clone();
    let o = run(
        &p,
        &mut by_sku,
        &give_back("p1", "2026-05-03", r#"{"sku": "bag", "quantity": 1}"#),
    );
    let twin = run(
        &p,
        &mut by_position,
        &give_back("p1", "2026-05-03", r#"{"line": 1, "quantity": 1}"#),
    );
    let r = o.returned.as_ref().unwrap();
    assert_eq!(r.points["points"].to_string(), "550");
    assert_eq!(r.points, twin.returned.as_ref().unwrap().points);
    assert_eq!(r.lines[0].line, Some(1));
    assert_eq!(r.lines[0].sku.as_deref(), Some("bag"));
    assert_eq!(r.goods[0].line, 1);
    assert_eq!(points(&by_sku), points(&by_position));
    assert_eq!(points(&by_sku), "60");
    // The rest of the shirts, by SKU, then one too many.
    let o = run(
        &p,
        &mut by_sku,
        &give_back("p1", "2026-05-04", r#"{"sku": "shirt", "quantity": 2}"#),
    );
    assert_eq!(
        o.returned.as_ref().unwrap().points["points"].to_string(),
        "40"
    );
    assert_eq!(
        refusal(
            &p,
            &by_sku,
            &give_back("p1", "2026-05-05", r#"{"sku": "shirt", "quantity": 2}"#)
        ),
        "line 0 of purchase p1: 2 returned, but 1 of 3 are left to return"
    );
    assert_eq!(
        refusal(
            &p,
            &by_sku,
            &give_back("p1", "2026-05-05", r#"{"sku": "sock", "quantity": 1}"#)
        ),
        "purchase p1 has no sock: its SKUs are shirt and bag"
    );
    assert_eq!(
        refusal(&p, &by_sku, &give_back("p1", "2026-05-05", r#"{"quantity": 1}"#)),
        "returned line 0 names neither its position in the purchase (`line`, from 0) nor its SKU (`sku`)"
    );
    // Built in Rust.
    let at = loyalty_rules::DateTime::parse_from_rfc3339("2026-05-06T12:00:00Z").unwrap();
    let back = loyalty_rules::Return::lines("ret-y", at, "p1").with_sku("shirt", 1.into());
    let o = run(&p, &mut by_sku, &Event::Return(back));
    assert_eq!(
        o.returned.as_ref().unwrap().points["points"].to_string(),
        "20"
    );
    // Two lines of one SKU: which one is the host's to say.
    let twice = Event::from_json(
        r#"{"kind": "purchase", "id": "p2", "timestamp": "2026-05-01T12:00:00Z", "currency": "USD",
            "lines": [{"sku": "shirt", "quantity": 1, "unit_price": "20.00"},
                      {"sku": "bag", "quantity": 1, "unit_price": "50.00"},
                      {"sku": "shirt", "quantity": 1, "unit_price": "25.00"}]}"#,
    )
    .unwrap();
    let mut s = p.new_state(&Member::new("m"));
    run(&p, &mut s, &twice);
    let before = s.clone();
    assert_eq!(
        refusal(
            &p,
            &s,
            &give_back("p2", "2026-05-03", r#"{"sku": "shirt", "quantity": 1}"#)
        ),
        "purchase p2 has shirt on lines 0 and 2: give the line's position too \
         (`\"line\": 0`, counted from 0; the explanation's line 1 is line 0)"
    );
    assert_eq!(s, before);
}
