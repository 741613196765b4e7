//! A loyalty platform: many merchants' programs side by side in one
//! process, each member's state per merchant, an event routed to its
//! merchant's program, its outcome applied to the state it was evaluated
//! with.
//!
//! ```text
//! cargo run --example platform
//! ```
//!
//! It prints what happened to each event and each member's balances at the
//! end, and fails if that is not [`EXPECTED`] (CI runs it).

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;

use loyalty_rules::{Event, Member, MemberState, Program};

/// What the run prints.
const EXPECTED: &str = "\
coffee M-1 o1: credited 32 stars
grocer M-1 g1: credited 59 points
grocer M-2 g2: credited 45 points
coffee M-1 r1: redeemed 25 stars
grocer M-2 r2: refused: redemption r2 refused: not enough points: 500 asked, 0 available (45 more are pending)
coffee M-1 with the grocer's state: the state belongs to program \"Grocer\", not \"Coffee Stars\"
coffee M-1: 7 stars
grocer M-1: 59 points
grocer M-2: 45 points
";

fn main() -> Result<(), Box<dyn Error>> {
    let mut out = String::new();
    let mut say = |line: String| {
        println!("{line}");
        out.push_str(&line);
        out.push('\n');
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/programs");
    // Each merchant's program, compiled once when it is published.
    let mut programs = BTreeMap::new();
    for (merchant, file) in [
        ("coffee", "coffee.loyalty"),
        ("grocer", "grocer-ledger.loyalty"),
    ] {
        let program = Program::compile(&std::fs::read_to_string(dir.join(file))?)?;
        programs.insert(merchant, program);
    }
    // The states the platform keeps, by merchant and member.
    let mut states: BTreeMap<(&str, &str), MemberState> = BTreeMap::new();
    let feed = [
        (
            "coffee",
            "M-1",
            r#"{"kind":"purchase","id":"o1","timestamp":"2026-01-05T08:10:00-08:00","currency":"USD","lines":[{"sku":"latte","category":"drinks","quantity":3,"unit_price":"5.45"}],"tenders":{"stored_value":"16.35"}}"#,
        ),
        (
            "grocer",
            "M-1",
            r#"{"kind":"purchase","id":"g1","timestamp":"2026-01-05T18:00:00Z","currency":"USD","lines":[{"sku":"apples","category":"produce","quantity":3,"unit_price":"1.99"}]}"#,
        ),
        (
            "grocer",
            "M-2",
            r#"{"kind":"purchase","id":"g2","timestamp":"2026-01-06T18:00:00Z","currency":"USD","lines":[{"sku":"bread","category":"bakery","quantity":1,"unit_price":"4.50"}]}"#,
        ),
        (
            "coffee",
            "M-1",
            r#"{"kind":"redemption","id":"r1","timestamp":"2026-01-07T08:00:00-08:00","reward":"Customize your drink"}"#,
        ),
        (
            "grocer",
            "M-2",
            r#"{"kind":"redemption","id":"r2","timestamp":"2026-01-08T12:00:00Z","burn":"Pay with points","points":"500","order":"20.00"}"#,
        ),
    ];
    for (merchant, id, json) in feed {
        let program = programs.get(merchant).ok_or("no such merchant")?;
        let member = Member::new(id);
        let event = Event::from_json(json)?;
        let state = states
            .entry((merchant, id))
            .or_insert_with(|| program.new_state(&member));
        match program.evaluate_with(&member, state, &event) {
            Ok(outcome) => {
                state.apply(&outcome)?;
                say(format!(
                    "{merchant} {id} {}: {}",
                    event.id(),
                    summary(&outcome)
                ));
            }
            Err(e) => say(format!("{merchant} {id} {}: refused: {e}", event.id())),
        }
    }
    // A state belongs to its merchant's program: another's is refused.
    let coffee = programs.get("coffee").ok_or("no coffee")?;
    if let (Some(grocer_state), Some((_, _, json))) = (states.get(&("grocer", "M-1")), feed.first())
    {
        let event = Event::from_json(json)?;
        if let Err(e) = coffee.evaluate_with(&Member::new("M-1"), grocer_state, &event) {
            say(format!("coffee M-1 with the grocer's state: {e}"));
        }
    }
    for ((merchant, id), state) in &states {
        let program = programs.get(merchant).ok_or("no such merchant")?;
        let balances: Vec<String> = program
            .balances()
            .map(|b| format!("{} {b}", state.balance(b).unwrap_or_default()))
            .collect();
        say(format!("{merchant} {id}: {}", balances.join(", ")));
    }
    if out != EXPECTED {
        return Err(format!("expected:\n{EXPECTED}").into());
    }
    Ok(())
}

/// What an outcome credited or redeemed, in a line.
fn summary(outcome: &loyalty_rules::Outcome) -> String {
    if let Some(r) = &outcome.redemption {
        return format!("redeemed {} {}", r.points, r.balance);
    }
    let totals: Vec<String> = outcome
        .totals
        .iter()
        .map(|t| format!("{} {}", t.points, t.balance))
        .collect();
    format!("credited {}", totals.join(", "))
}
