#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! A return explained: which goods came back, and, per balance, what the
//! purchase held and what its rest earns by itself, rule by rule, so that
//! the points taken back add up on the page.

mod common;

use common::fixtures::{compile, event, replay};
use loyalty_rules::{Member, Outcome, Program};

const MARKET: &str = r#"
program "Bazaar" { currency EUR  timezone "Europe/Berlin"  rounding floor per rule  balance credits }
ledger points { expire 24 months after earning }
returns { within 30 days }
earn "Base" on purchase { award 1 point per EUR of tx.amount }
earn "Electronics bonus" on purchase for each line where line.category == "electronics" {
  award 2 points per EUR of line.amount
  cap 500 points per transaction
}
earn "Credits" on purchase { award 1 credit }
"#;

/// A TV, two cables and a mug: 528.98 EUR, 528 + 500 points, 1 credit.
fn order() -> loyalty_rules::Event {
    event(
        r#"{"kind": "purchase", "id": "o-1", "timestamp": "2026-01-05T10:00:00+01:00", "currency": "EUR",
            "lines": [{"sku": "TV-55", "category": "electronics", "quantity": 1, "unit_price": "499.00"},
                      {"sku": "HDMI", "category": "electronics", "quantity": 2, "unit_price": "9.99"},
                      {"sku": "MUG", "category": "home", "quantity": 1, "unit_price": "12.50", "discount": "2.50"}]}"#,
    )
}

fn back(id: &str, what: &str) -> loyalty_rules::Event {
    event(&format!(
        r#"{{"kind": "return", "id": "{id}", "timestamp": "2026-01-20T10:00:00+01:00", "purchase": "o-1", {what}}}"#
    ))
}

/// The explanation from its second line (the first has the program's hash).
fn body(o: &Outcome) -> String {
    o.explain().lines().skip(1).collect::<Vec<_>>().join("\n")
}

fn history(p: &Program, returns: &[loyalty_rules::Event]) -> Vec<Outcome> {
    let mut state = p.new_state(&Member::new("m"));
    let mut events = vec![order()];
    events.extend_from_slice(returns);
    replay(p, &mut state, &events)
}

#[test]
fn a_partial_return_names_the_goods_and_what_the_rest_earns_by_rule() {
    let p = compile(MARKET);
    let all = history(
        &p,
        &[back("r-1", r#""lines": [{"line": 2, "quantity": 1}]"#)],
    );
    assert_eq!(all[0].points(&Member::new("m").id, "points"), 1028.into());
    let o = &all[1];
    assert_eq!(
        body(o),
        "  returned from purchase o-1: 10 points
    line 3 (MUG, home) × 1 returned: 10.00
    points: the rest earns 1018 of the 1028 the purchase held:
      518 from \"Base\"
      500 from \"Electronics bonus\"
    10 from the lot of event o-1 (earned 2026-01-05)"
    );
    let r = o.returned.as_ref().unwrap();
    // The outcome reads back from its JSON, the new fields included.
    let json = serde_json::to_string(o).unwrap();
    assert!(
        json.contains(
            r#""goods":[{"line":2,"sku":"MUG","category":"home","quantity":"1","amount":"10.00"}]"#
        ),
        "{json}"
    );
    assert_eq!(&serde_json::from_str::<Outcome>(&json).unwrap(), o);
    assert_eq!(r.goods.len(), 1);
    assert_eq!(
        (
            r.goods[0].line,
            r.goods[0].sku.as_str(),
            r.goods[0].category.as_str()
        ),
        (2, "MUG", "home")
    );
    assert_eq!(
        (
            r.goods[0].quantity.to_string(),
            r.goods[0].amount.to_string()
        ),
        ("1".into(), "10.00".into())
    );
    assert_eq!(r.held["points"].to_string(), "1028");
    let rest: Vec<String> = r
        .rest
        .iter()
        .map(|a| format!("{} {} {}", a.rule, a.balance, a.points))
        .collect();
    assert_eq!(
        rest,
        [
            "Base points 518",
            "Electronics bonus points 500",
            "Credits credits 1"
        ]
    );
}

#[test]
fn a_second_return_starts_from_what_the_first_left() {
    let p = compile(MARKET);
    let all = history(
        &p,
        &[
            back("r-1", r#""lines": [{"line": 2, "quantity": 1}]"#),
            back(
                "r-2",
                r#""lines": [{"line": 0, "quantity": 1}, {"line": 1, "quantity": 1}]"#,
            ),
        ],
    );
    // The TV and one cable: 9.99 EUR of goods left, 9 + 19 points.
    assert_eq!(
        body(&all[2]),
        "  returned from purchase o-1: 990 points
    line 1 (TV-55, electronics) × 1 returned: 499.00
    line 2 (HDMI, electronics) × 1 returned: 9.99
    points: the rest earns 28 of the 1018 the purchase held:
      9 from \"Base\"
      19 from \"Electronics bonus\"
    990 from the lot of event o-1 (earned 2026-01-05)"
    );
}

#[test]
fn a_whole_return_says_that_nothing_is_left() {
    let p = compile(MARKET);
    let all = history(
        &p,
        &[back(
            "r-1",
            r#""lines": [{"line": 0, "quantity": 1}, {"line": 1, "quantity": 2}, {"line": 2, "quantity": 1}]"#,
        )],
    );
    assert_eq!(
        body(&all[1]),
        "  returned from purchase o-1: 1 credit, 1028 points
    line 1 (TV-55, electronics) × 1 returned: 499.00
    line 2 (HDMI, electronics) × 2 returned: 19.98
    line 3 (MUG, home) × 1 returned: 10.00
    credits: the purchase held 1, and nothing of it is left
    points: the purchase held 1028, and nothing of it is left
    1028 from the lot of event o-1 (earned 2026-01-05)"
    );
    assert!(all[1].returned.as_ref().unwrap().rest.is_empty());
}

#[test]
fn a_rest_that_earns_more_than_the_purchase_held_keeps_what_it_held() {
    // A bonus for a small basket: returning goods makes the rest earn it.
    let p = compile(&format!(
        "{MARKET}\nearn \"Small basket\" on purchase when tx.items <= 1 {{ award 100 points }}\n"
    ));
    let all = history(
        &p,
        &[back(
            "r-1",
            r#""lines": [{"line": 1, "quantity": 2}, {"line": 2, "quantity": 1}]"#,
        )],
    );
    assert_eq!(
        body(&all[1]),
        "  returned from purchase o-1: nothing to take back
    line 2 (HDMI, electronics) × 2 returned: 19.98
    line 3 (MUG, home) × 1 returned: 10.00
    points: the rest earns 1099, more than the 1028 the purchase held: it keeps 1028
      499 from \"Base\"
      500 from \"Electronics bonus\"
      100 from \"Small basket\""
    );
}

#[test]
fn a_pro_rata_return_names_the_amount_and_a_total_rounded_per_transaction() {
    let p = compile(
        r#"program "Grocer" { currency USD  rounding floor per transaction }
returns { pro rata  within 30 days }
earn "Base" on purchase { award 1 point per 3 USD of tx.amount }
earn "Fresh" on purchase for each line where line.category == "fresh" { award 1 point per 3 USD of line.amount }
"#,
    );
    let buy = event(
        r#"{"kind": "purchase", "id": "o-1", "timestamp": "2026-01-05T10:00:00Z", "currency": "USD",
            "lines": [{"sku": "APPLES", "category": "fresh", "quantity": 1, "unit_price": "40.00"},
                      {"sku": "SOAP", "quantity": 1, "unit_price": "60.00"}]}"#,
    );
    let ret = event(
        r#"{"kind": "return", "id": "r-1", "timestamp": "2026-01-06T10:00:00Z", "purchase": "o-1", "amount": "50.00"}"#,
    );
    let mut state = p.new_state(&Member::new("m"));
    let all = replay(&p, &mut state, &[buy, ret]);
    // 100 USD: 100/3 + 40/3 = 46.67, 46 points; 50 USD left (20 of them
    // apples): 50/3 + 20/3 = 23.33, 23 points.
    assert_eq!(
        body(&all[1]),
        "  returned from purchase o-1: 23 points
    50.00 of the purchase returned (pro rata)
    points: the rest earns 23 of the 46 the purchase held:
      50/3 from \"Base\"
      20/3 from \"Fresh\"
      23 in all, rounded per transaction"
    );
}

#[test]
fn part_of_a_line_measured_in_decimals_costs_what_its_quantity_does() {
    // A charging session of 37.482 kWh at 0.59 EUR, 10.5 kWh of it refunded.
    let p = compile(
        r#"program "Volt" { currency EUR }
returns { within 14 days }
earn "Energy" on purchase for each line { award 2 points per line.quantity }
"#,
    );
    let mut state = p.new_state(&Member::new("m"));
    let all = replay(
        &p,
        &mut state,
        &[
            event(
                r#"{"kind": "purchase", "id": "s1", "timestamp": "2026-12-01T23:30:00+01:00", "currency": "EUR",
                    "lines": [{"sku": "kwh", "category": "energy", "quantity": "37.482", "unit_price": "0.59"}]}"#,
            ),
            event(
                r#"{"kind": "return", "id": "r1", "timestamp": "2026-12-02T09:00:00+01:00", "purchase": "s1",
                    "lines": [{"sku": "kwh", "quantity": "10.5"}]}"#,
            ),
        ],
    );
    let goods = &all[1].returned.as_ref().unwrap().goods;
    assert_eq!(
        (goods[0].quantity.to_string(), goods[0].amount.to_string()),
        ("10.5".into(), "6.195".into())
    );
    assert_eq!(
        body(&all[1]),
        "  returned from purchase s1: 21 points
    line 1 (kwh, energy) × 10.5 returned: 6.195
    points: the rest earns 53 of the 74 the purchase held:
      53 from \"Energy\""
    );
}
