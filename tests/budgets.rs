#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Campaign budgets shared by all members: partial awards when a budget
//! runs out in the middle of an event, budgets' state in and out.

mod common;

use common::fixtures::compile;
use loyalty_rules::{Budgets, Code, EvalError, Event, Member, Program};

const SHOP: &str = r#"
program "Shop" { currency USD }
earn "Base" on purchase { award 1 point per USD of tx.amount }
campaign "Launch week" from 2026-06-01 to 2026-06-07 {
  budget 250 points
  earn "Launch bonus" on purchase { award 100 points }
  earn "Launch spend" on purchase { award 1 point per USD of tx.amount }
}
"#;

fn buy(id: &str, amount: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "2026-06-02T12:00:00Z", "currency": "USD",
            "lines": [{{"sku": "x", "quantity": 1, "unit_price": "{amount}"}}]}}"#
    ))
    .unwrap()
}

#[test]
fn a_budget_runs_out_in_the_middle_of_a_transaction() {
    let p = compile(SHOP);
    let mut budgets = Budgets::new("Shop");
    let a = Member::new("a");
    // 100 + 80 of the 250.
    let o = p
        .evaluate_with_budgets(&a, &p.new_state(&a), &budgets, &buy("t1", "80.00"))
        .unwrap();
    assert_eq!(o.points("a", "points").to_string(), "260");
    assert_eq!(o.budgets["Launch week"].to_string(), "180");
    budgets.apply(&o).unwrap();
    // 70 left: the bonus takes 70, the spend award nothing; Base is not budgeted.
    let b = Member::new("b");
    let o = p
        .evaluate_with_budgets(&b, &p.new_state(&b), &budgets, &buy("t2", "50.00"))
        .unwrap();
    let awards: Vec<(String, String)> = o
        .awards
        .iter()
        .map(|a| (a.rule.to_string(), a.points.to_string()))
        .collect();
    assert_eq!(
        awards,
        [
            ("Base".into(), "50".into()),
            ("Launch bonus".into(), "70".into()),
            ("Launch spend".into(), "0".into())
        ]
    );
    let text = o.explain();
    assert!(
        text.contains("cut to the budget of campaign \"Launch week\" (250 points, 180 used) = 70"),
        "{text}"
    );
    assert_eq!(o.budgets["Launch week"].to_string(), "70");
    // The lean path gives the same totals.
    let t2 = buy("t2", "50.00");
    let lean = p
        .points_with_budgets(&b, &p.new_state(&b), &budgets, &t2)
        .unwrap();
    assert_eq!(lean.get("b", "points").to_string(), "120");
    budgets.apply(&o).unwrap();
    assert_eq!(budgets.used("Launch week").to_string(), "250");
    // The budgets' state round-trips through JSON.
    let back = Budgets::from_json(&serde_json::to_string(&budgets).unwrap()).unwrap();
    assert_eq!(back, budgets);
    let c = Member::new("c");
    let o = p
        .evaluate_with_budgets(&c, &p.new_state(&c), &back, &buy("t3", "10.00"))
        .unwrap();
    assert_eq!(o.points("c", "points").to_string(), "10");
    assert!(o.budgets.is_empty());
}

#[test]
fn budgets_must_be_given_and_belong_to_the_program() {
    let p = compile(SHOP);
    let m = Member::new("m");
    assert_eq!(
        p.evaluate_with(&m, &p.new_state(&m), &buy("t1", "5.00"))
            .unwrap_err(),
        EvalError::NoBudgets
    );
    assert_eq!(
        p.evaluate(&m, &buy("t1", "5.00")).unwrap_err(),
        EvalError::NoBudgets
    );
    let other = Budgets::new("Other");
    assert!(p
        .evaluate_with_budgets(&m, &p.new_state(&m), &other, &buy("t1", "5.00"))
        .is_err());
    let bad = |body: &str| {
        let e = Program::compile(&format!(
            "program \"S\" {{ currency USD }}\ncampaign \"C\" {{ {body} }}\n"
        ))
        .unwrap_err();
        (e.errors[0].code, e.errors[0].message.clone())
    };
    assert_eq!(
        bad("budget 100 points  multiply all by 2"),
        (
            Code::NotHere,
            "a budget limits the points of the campaign's own rules, and this campaign has none"
                .into()
        )
    );
    assert_eq!(
        bad("budget 0 points  earn \"E\" on purchase { award 1 point }").1,
        "points here are a whole number above zero, not 0"
    );
}

/// Found closing a year for members without activity: a `time` event of a
/// program with a campaign budget was refused without the budgets' state,
/// which it never reads, so a host's nightly run over every member had to
/// load the budgets shared by all of them. Only an event that can use a
/// budget (one of a kind a budgeted campaign earns on) or give back what
/// its purchase used of one (a return) needs them.
#[test]
fn only_events_that_can_use_a_budget_need_the_budgets() {
    let p = compile(&format!(
        "{SHOP}returns {{ within 30 days }}\n\
         earn \"Check-in\" on check_in {{ award 5 points }}\n\
         burn \"Spend\" from points {{ rate 100 points = 1 USD }}\n"
    ));
    let m = Member::new("m");
    let s = p.new_state(&m);
    let event = |json: &str| Event::from_json(json).unwrap();
    let time = event(r#"{"kind": "time", "id": "t", "timestamp": "2026-12-31T12:00:00Z"}"#);
    let check_in = event(r#"{"kind": "check_in", "id": "c", "timestamp": "2026-06-02T12:00:00Z"}"#);
    let redeem = event(
        r#"{"kind": "redemption", "id": "r", "timestamp": "2026-06-02T12:00:00Z", "burn": "Spend", "points": "0"}"#,
    );
    let back = event(
        r#"{"kind": "return", "id": "x", "timestamp": "2026-06-02T12:00:00Z", "purchase": "t1",
            "lines": [{"line": 0, "quantity": 1}]}"#,
    );
    assert!(p.evaluate_with(&m, &s, &time).unwrap().awards.is_empty());
    assert!(p.points_with(&m, &s, &time).is_ok());
    let o = p.evaluate_with(&m, &s, &check_in).unwrap();
    assert_eq!(o.points("m", "points").to_string(), "5");
    assert!(o.budgets.is_empty());
    // Refused for what it is (no points), not for the budgets.
    assert!(matches!(
        p.evaluate_with(&m, &s, &redeem).unwrap_err(),
        EvalError::Refused { .. }
    ));
    for needs in [&buy("t1", "5.00"), &back] {
        assert_eq!(
            p.evaluate_with(&m, &s, needs).unwrap_err(),
            EvalError::NoBudgets
        );
        assert_eq!(
            p.points_with(&m, &s, needs).unwrap_err(),
            EvalError::NoBudgets
        );
    }
}

/// Found after returns gave back per-member caps: a purchase returned
/// whole kept what it used of a campaign's budget, so returns ended a
/// campaign early for every other member.
#[test]
fn a_return_gives_back_what_its_purchase_used_of_a_budget() {
    let p = compile(
        r#"
program "Shop" { currency USD }
returns { within 30 days }
campaign "Launch" { budget 150 points  earn "Launch bonus" on purchase { award 100 points } }
"#,
    );
    let mut budgets = Budgets::new("Shop");
    let mut states = std::collections::BTreeMap::new();
    // Each event in turn; its outcome, and the budget used after it.
    let mut step = |member: &str, e: Event| {
        let m = Member::new(member);
        let s = states
            .entry(member.to_string())
            .or_insert_with(|| p.new_state(&m));
        let o = p.evaluate_with_budgets(&m, s, &budgets, &e).unwrap();
        s.apply(&o).unwrap();
        budgets.apply(&o).unwrap();
        (o, budgets.used("Launch").to_string())
    };
    let back = |purchase: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "return", "id": "r-{purchase}", "timestamp": "2026-06-02T12:00:00Z",
                "purchase": "{purchase}", "lines": [{{"line": 0, "quantity": 1}}]}}"#
        ))
        .unwrap()
    };
    let (o, _) = step("a", buy("t1", "80.00"));
    assert_eq!(o.points("a", "points").to_string(), "100");
    let (o, used) = step("b", buy("t2", "50.00"));
    assert_eq!(
        (o.points("b", "points").to_string(), used),
        ("50".into(), "150".into())
    );
    // a returns t1: its 100 points of the budget are free again.
    let (o, used) = step("a", back("t1"));
    assert_eq!(used, "50");
    assert_eq!(
        o.budgets.get("Launch").map(|u| u.to_string()),
        Some("-100".into())
    );
    let given = &o.returned.as_ref().unwrap().budgets;
    assert_eq!(
        given.get("Launch").map(|u| u.to_string()),
        Some("100".into())
    );
    assert!(o
        .explain()
        .contains("    budget given back: \"Launch\" 100 points\n"));
    let (o, used) = step("c", buy("t3", "10.00"));
    assert_eq!(
        (o.points("c", "points").to_string(), used),
        ("100".into(), "150".into())
    );
    // b's purchase got 50 of its 100: a return gives back those 50, no more.
    let (o, used) = step("b", back("t2"));
    assert_eq!(
        o.budgets.get("Launch").map(|u| u.to_string()),
        Some("-50".into())
    );
    assert_eq!(used, "100");
}

/// A budget of a balance kept in cents has cents (`budget 0.50 cash`; it
/// was refused as not a whole number), and runs out to the cent.
#[test]
fn a_budget_of_cash_back_runs_out_to_the_cent() {
    let p = compile(
        r#"
program "Rx" { currency USD  balance cash precision 2 }
campaign "Launch" from 2026-06-01 to 2026-06-07 {
  budget 0.50 cash
  earn "Launch back" on purchase { award 1% of tx.amount to cash }
}
"#,
    );
    let mut budgets = Budgets::new("Rx");
    let a = Member::new("a");
    let o = p
        .evaluate_with_budgets(&a, &p.new_state(&a), &budgets, &buy("t1", "37.77"))
        .unwrap();
    assert_eq!(o.points("a", "cash").to_string(), "0.37");
    assert_eq!(o.budgets["Launch"].to_string(), "0.37");
    budgets.apply(&o).unwrap();
    // 0.13 left of the 0.45 this purchase would earn.
    let o = p
        .evaluate_with_budgets(&a, &p.new_state(&a), &budgets, &buy("t2", "45.00"))
        .unwrap();
    assert_eq!(o.points("a", "cash").to_string(), "0.13");
}
