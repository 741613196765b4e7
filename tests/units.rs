#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! A number of points written with its balance as the unit, as programs'
//! terms write it (`award 5 miles per USD`, `award 1 star`, `cap 75000
//! miles per transaction`, `rate 100 miles = 1 USD`, `costs 6000 miles`):
//! the same program as with `points` and the balance named after `to`,
//! `in` or `from`, in every statement that counts points.

mod common;

use common::fixtures::compile;
use loyalty_rules::{Budgets, EvalError, Event, Member, MemberState, Outcome, Program, Refusal};

/// An airline's program in its own words.
const IN_MILES: &str = r#"
program "Sky" {
  currency USD
  balance miles
  balance mqd qualifying precision 2
}
ledger miles { expire 24 months after earning }
earn "Fare" on purchase for each line where line.category == "fare" {
  award 5 miles per USD of line.amount
  award 1 mqd per USD of line.amount
}
earn "Card" on purchase { award 2 miles per USD of tx.amount  cap 1000 miles per transaction }
earn "Welcome" on sign_up { award 1 mile }
cap 7500 miles per transaction
burn "Pay with miles" from miles {
  rate 100 miles = 1 USD
  minimum 5000 miles
  step 100 miles
  maximum 50000 miles
}
burn "Upgrades" from miles { table 10000 miles = 150 USD, 20000 miles = 400 USD }
reward "Lounge" costs 6000 miles
returns { within 30 days  refund 100 miles = 1 USD }
campaign "Launch" from 2026-04-01 to 2026-12-31 {
  budget 150 miles
  earn "Launch bonus" on purchase { award 100 miles }
}
"#;

/// The same program with `points` as the unit and each balance named.
const IN_POINTS: &str = r#"
program "Sky" {
  currency USD
  balance miles
  balance mqd qualifying precision 2
}
ledger miles { expire 24 months after earning }
earn "Fare" on purchase for each line where line.category == "fare" {
  award 5 points per USD of line.amount to miles
  award 1 point per USD of line.amount to mqd
}
earn "Card" on purchase { award 2 points per USD of tx.amount to miles  cap 1000 points per transaction }
earn "Welcome" on sign_up { award 1 point to miles }
cap 7500 points per transaction in miles
burn "Pay with miles" from miles {
  rate 100 points = 1 USD
  minimum 5000 points
  step 100 points
  maximum 50000 points
}
burn "Upgrades" from miles { table 10000 points = 150 USD, 20000 points = 400 USD }
reward "Lounge" costs 6000 points from miles
returns { within 30 days  refund 100 points = 1 USD to miles }
campaign "Launch" from 2026-04-01 to 2026-12-31 {
  budget 150 points in miles
  earn "Launch bonus" on purchase { award 100 points to miles }
}
"#;

fn event(json: &str) -> Event {
    Event::from_json(json).unwrap()
}

fn fare(id: &str, day: &str, usd: &str, paid_with_points: &str) -> Event {
    event(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00Z", "currency": "USD",
            "tenders": {{"points": "{paid_with_points}"}},
            "lines": [{{"sku": "SEA-JFK", "category": "fare", "quantity": 1, "unit_price": "{usd}"}}]}}"#
    ))
}

fn redeem(id: &str, day: &str, fields: &str) -> Event {
    event(&format!(
        r#"{{"kind": "redemption", "id": "{id}", "timestamp": "{day}T12:00:00Z", {fields}}}"#
    ))
}

/// The events of a year: fares (one over the program's cap), a sign-up,
/// redemptions by rate, table and reward, and a return refunding the
/// miles that paid for part of a fare.
fn year() -> Vec<Event> {
    vec![
        fare("p1", "2026-03-01", "1500.00", "0"),
        event(r#"{"kind": "sign_up", "id": "s1", "timestamp": "2026-03-02T12:00:00Z"}"#),
        fare("p2", "2026-04-01", "300.00", "0"),
        redeem(
            "r1",
            "2026-04-15",
            r#""burn": "Pay with miles", "points": "5000", "order": "80.00""#,
        ),
        redeem(
            "r2",
            "2026-04-15",
            r#""burn": "Upgrades", "points": "10000""#,
        ),
        fare("p3", "2026-05-01", "200.00", "50.00"),
        redeem("r3", "2026-05-02", r#""reward": "Lounge""#),
        event(
            r#"{"kind": "return", "id": "x1", "timestamp": "2026-05-03T12:00:00Z", "purchase": "p3",
                "lines": [{"line": 0, "quantity": 1}]}"#,
        ),
    ]
}

/// A member's state and the campaigns' budgets, as a host keeps them.
struct Host {
    state: MemberState,
    budgets: Budgets,
}

impl Host {
    fn new(p: &Program, m: &Member) -> Host {
        Host {
            state: p.new_state(m),
            budgets: Budgets::new("Sky"),
        }
    }

    fn try_run(&mut self, p: &Program, m: &Member, e: &Event) -> Result<Outcome, EvalError> {
        let o = p.evaluate_with_budgets(m, &self.state, &self.budgets, e)?;
        self.state.apply(&o).unwrap();
        self.budgets.apply(&o).unwrap();
        Ok(o)
    }
}

fn run(p: &Program, m: &Member, h: &mut Host, e: &Event) -> Outcome {
    h.try_run(p, m, e).unwrap()
}

fn total(o: &Outcome, balance: &str) -> String {
    o.totals
        .iter()
        .find(|t| t.balance == balance)
        .map_or("none".into(), |t| t.points.to_string())
}

#[test]
fn a_balance_written_as_the_unit_counts_that_balance_everywhere() {
    let m = Member::new("M-1");
    let p = compile(IN_MILES);
    let mut h = Host::new(&p, &m);
    let events = year();
    // 1500 USD: 7500 miles for the fare, 3000 by card capped at 1000; the
    // program's cap keeps 7500 of the 8500.
    let o = run(&p, &m, &mut h, &events[0]);
    assert_eq!(total(&o, "miles"), "7500");
    assert_eq!(total(&o, "mqd"), "1500.00");
    // `award 1 mile`: the singular names the same balance.
    let o = run(&p, &m, &mut h, &events[1]);
    assert_eq!(total(&o, "miles"), "1");
    // 300 USD: 1500 + 600 + 100 of the launch's budget of 150 miles.
    let o = run(&p, &m, &mut h, &events[2]);
    assert_eq!(total(&o, "miles"), "2200");
    assert_eq!(o.budgets["Launch"].to_string(), "100");
    assert_eq!(h.state.balance("miles").unwrap().to_string(), "9701");
    // A redemption by rate, then one by the table refused, both of miles.
    let o = run(&p, &m, &mut h, &events[3]);
    let r = o.redemption.as_ref().unwrap();
    assert_eq!(
        (r.balance.as_str(), r.points.to_string()),
        ("miles", "5000".into())
    );
    assert_eq!(r.value.as_ref().unwrap().to_string(), "50.00");
    let e = h.try_run(&p, &m, &events[4]).unwrap_err();
    assert!(
        matches!(
            &e,
            EvalError::Refused {
                refusal: Refusal::NotEnough { .. },
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .ends_with("not enough miles: 10000 asked, 4701 available"),
        "{e}"
    );
    // 200 USD, 50 USD of it paid with 5000 miles: 1000 + 400 + the 50
    // miles left of the launch's budget.
    let o = run(&p, &m, &mut h, &events[5]);
    assert_eq!(total(&o, "miles"), "1450");
    assert_eq!(o.budgets["Launch"].to_string(), "50");
    // The reward costs miles: `costs 6000 miles` without `from`.
    let o = run(&p, &m, &mut h, &events[6]);
    let r = o.redemption.as_ref().unwrap();
    assert_eq!(
        (r.balance.as_str(), r.points.to_string()),
        ("miles", "6000".into())
    );
    assert_eq!(h.state.balance("miles").unwrap().to_string(), "151");
    // The fare returned: its 1450 miles back, the 50 USD paid with miles
    // refunded to miles (5000), its 200 mqd back.
    let o = run(&p, &m, &mut h, &events[7]);
    let r = o.returned.as_ref().unwrap();
    assert_eq!(r.points["miles"].to_string(), "1450");
    assert_eq!(r.refunded["miles"].to_string(), "5000");
    assert_eq!(h.state.balance("miles").unwrap().to_string(), "3701");
    assert_eq!(h.state.balance("mqd").unwrap().to_string(), "1800.00");
}

#[test]
fn the_program_in_miles_is_the_program_in_points_to_miles() {
    let m = Member::new("M-1");
    let (a, b) = (compile(IN_MILES), compile(IN_POINTS));
    let (mut ha, mut hb) = (Host::new(&a, &m), Host::new(&b, &m));
    // What the two credit, change, redeem and return (the texts quote
    // each program's own words; receipts name the program's hash).
    fn unnamed(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("program");
                m.values_mut().for_each(unnamed);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(unnamed),
            _ => {}
        }
    }
    let numbers = |o: &Outcome| {
        let mut v = serde_json::to_value(o).unwrap();
        unnamed(&mut v);
        ["totals", "change", "budgets", "redemption", "returned"].map(|k| v[k].clone())
    };
    for e in year() {
        match (ha.try_run(&a, &m, &e), hb.try_run(&b, &m, &e)) {
            (Ok(oa), Ok(ob)) => assert_eq!(numbers(&oa), numbers(&ob), "{}", e.id()),
            (Err(ea), Err(eb)) => assert_eq!(ea.to_string(), eb.to_string()),
            (oa, ob) => panic!("{}: {oa:?} against {ob:?}", e.id()),
        }
    }
    assert_eq!(ha.state.balance("miles").unwrap().to_string(), "3701");
    assert_eq!(hb.state.balance("miles").unwrap().to_string(), "3701");
}

#[test]
fn a_burn_rule_in_miles_refuses_as_it_says() {
    let m = Member::new("M-1");
    let p = compile(IN_MILES);
    let mut h = Host::new(&p, &m);
    run(&p, &m, &mut h, &year()[0]);
    let refused =
        |fields: &str| match p.evaluate_with(&m, &h.state, &redeem("r", "2026-04-15", fields)) {
            Err(EvalError::Refused { refusal, .. }) => refusal.to_string(),
            other => panic!("{fields}: {other:?}"),
        };
    assert_eq!(
        refused(r#""burn": "Pay with miles", "points": "5050", "order": "80.00""#),
        "5050 miles is not a multiple of 100: the nearest are 5000 and 5100"
    );
    assert_eq!(
        refused(r#""burn": "Pay with miles", "points": "4000", "order": "80.00""#),
        "4000 miles is below the minimum of 5000"
    );
}

#[test]
fn a_unit_that_names_no_balance_or_another_one_is_an_error() {
    let err = |src: &str| match Program::compile(src) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("compiled: {src}"),
    };
    let head = "program \"Sky\" { currency USD  balance miles  balance stars }\n";
    let e = err(&format!(
        "{head}earn \"A\" on purchase {{ award 5 milez per USD of tx.amount }}"
    ));
    assert!(e.contains("`milez` is not a unit"), "{e}");
    assert!(e.contains("did you mean `miles`?"), "{e}");
    let e = err(&format!(
        "{head}earn \"A\" on purchase {{ award 5 miles per USD of tx.amount to stars }}"
    ));
    assert!(
        e.contains("this counts `miles`, but the statement names `stars`"),
        "{e}"
    );
    let e = err(&format!("{head}cap 10 stars per transaction in miles"));
    assert!(
        e.contains("this counts `stars`, but the statement names `miles`"),
        "{e}"
    );
    let e = err(&format!("{head}reward \"Pass\" costs 10 stars from miles"));
    assert!(
        e.contains("this counts `stars`, but the statement names `miles`"),
        "{e}"
    );
    // A rule's cap in one balance, on a rule whose tier override awards
    // another: the cap would cut that one too.
    let e = err(&format!(
        "{head}tiers {{ member gold }}\n\
         earn \"A\" on purchase {{ award 5 miles per USD of tx.amount  cap 100 miles per transaction }}\n\
         tier gold {{ override \"A\" {{ award 5 stars per USD of tx.amount }} }}"
    ));
    assert!(
        e.contains("this cap counts `miles`, but this override awards `stars`"),
        "{e}"
    );
    // Each of a rule's caps: the second names another balance.
    let e = err(&format!(
        "{head}earn \"A\" on purchase {{ award 5 miles per USD of tx.amount  cap 10 miles per transaction  cap 100 stars per member }}"
    ));
    assert!(
        e.contains("this cap counts `stars`, but this rule awards `miles`"),
        "{e}"
    );
    // The words that may follow a number are never taken for a unit.
    let p = compile(&format!(
        "{head}earn \"A\" on purchase {{ award 500 to miles  cap 10 per transaction }}"
    ));
    let m = Member::new("M-1");
    let o = p
        .evaluate(&m, &fare("p", "2026-03-01", "10.00", "0"))
        .unwrap();
    assert_eq!(total(&o, "miles"), "10");
}

/// The explanation rounds to the balance's own whole units: `rounded floor
/// to whole stars`, as the program counts them (it said `whole points`
/// whatever the balance).
#[test]
fn an_explanation_rounds_to_whole_stars() {
    let p = compile(
        "program \"Cafe\" { currency USD  balance stars }\n\
         earn \"Stars\" on purchase { award 2 stars per USD of tx.amount }",
    );
    let o = p
        .evaluate(&Member::new("C-1"), &fare("T-1", "2026-03-04", "5.75", "0"))
        .unwrap();
    let text = o.explain();
    assert!(
        text.contains(
            "  11 stars from \"Stars\"\n    2 stars per USD of tx.amount\n    = 11.5 on 5.75\n    rounded floor to whole stars = 11\n"
        ),
        "{text}"
    );
}
