//! Small builders for test inputs.
#![allow(dead_code)]

use loyalty_rules::{Event, Member, MemberState, Outcome, Program};

pub fn compile(src: &str) -> Program {
    match Program::compile(src) {
        Ok(p) => p,
        Err(e) => panic!("does not compile:\n{e}"),
    }
}

/// A program `P` (UTC) that counts nights by stays, with these `tiers`
/// and then `rest`.
pub fn by_nights(tiers: &str, rest: &str) -> Program {
    compile(&format!(
        "program \"P\" {{ currency USD timezone \"UTC\" }}\n\
         counter nights\ncount tx.items to nights on purchase\ntiers {{{tiers}}}\n{rest}"
    ))
}

/// A USD program with the given body.
pub fn usd(body: &str) -> Program {
    compile(&format!("program \"Test\" {{ currency USD }}\n{body}"))
}

pub fn event(json: &str) -> Event {
    serde_json::from_str(json).unwrap()
}

/// A purchase at `ts` through `channel` with lines `(sku, category, quantity, unit_price)`.
pub fn purchase(ts: &str, channel: &str, lines: &[(&str, &str, &str, &str)]) -> Event {
    let lines: Vec<String> = lines
        .iter()
        .map(|(sku, cat, q, p)| {
            format!(r#"{{"sku":"{sku}","category":"{cat}","quantity":"{q}","unit_price":"{p}"}}"#)
        })
        .collect();
    event(&format!(
        r#"{{"kind":"purchase","id":"T1","timestamp":"{ts}","channel":"{channel}","currency":"USD","lines":[{}]}}"#,
        lines.join(",")
    ))
}

/// A purchase of one line of `amount` USD at noon UTC on `day`.
pub fn buy(id: &str, day: &str, amount: &str) -> Event {
    event(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00Z", "currency": "USD",
            "lines": [{{"sku": "x", "quantity": 1, "unit_price": "{amount}"}}]}}"#
    ))
}

/// Time passing to midnight UTC of `day`.
pub fn time(day: &str) -> Event {
    event(&format!(
        r#"{{"kind": "time", "id": "t-{day}", "timestamp": "{day}T00:00:00Z"}}"#
    ))
}

/// Evaluates and applies each of member `m`'s events in turn, checking
/// that the state reads back from its JSON before each; the outcomes.
pub fn replay(p: &Program, state: &mut MemberState, events: &[Event]) -> Vec<Outcome> {
    let m = Member::new("m");
    events
        .iter()
        .map(|e| {
            let o = p.evaluate_with(&m, state, e).unwrap();
            let back = MemberState::from_json(&serde_json::to_string(state).unwrap()).unwrap();
            assert_eq!(&back, state, "state JSON round trip");
            state.apply(&o).unwrap();
            o
        })
        .collect()
}

pub fn member(json: &str) -> Member {
    serde_json::from_str(json).unwrap()
}

/// Evaluates with the explanation, and checks that the lean evaluation
/// gives the same totals, so every language test covers both.
pub fn eval(p: &Program, m: &Member, e: &Event) -> Outcome {
    let outcome = p.evaluate(m, e).unwrap();
    let lean = p.points(m, e).unwrap();
    let explained: Vec<_> = outcome
        .totals
        .iter()
        .map(|t| {
            (
                t.member.as_str(),
                t.balance.as_str(),
                t.qualifying,
                t.points,
            )
        })
        .collect();
    let lean: Vec<_> = lean
        .iter()
        .map(|t| (t.member, t.balance, t.qualifying, t.points))
        .collect();
    assert_eq!(explained, lean, "lean and explained totals differ");
    outcome
}

/// Points in the `points` balance for member `m1`.
pub fn points(p: &Program, m: &Member, e: &Event) -> String {
    eval(p, m, e).points(&m.id, "points").to_string()
}

pub fn m1() -> Member {
    Member::new("m1")
}

/// Every message the compiler prints for a program, errors then warnings,
/// as an author sees them (with source line and caret).
pub fn messages(src: &str) -> String {
    let (errors, warnings) = match Program::compile(src) {
        Ok(p) => (Vec::new(), p.warnings().to_vec()),
        Err(e) => (e.errors, e.warnings),
    };
    let mut out = String::new();
    for d in errors.iter().chain(&warnings) {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("(no messages)\n");
    }
    out
}

/// Runs `f` on a thread with a 256 KiB stack, so that a test fails (instead
/// of passing on a big main-thread stack) when compiling recurses too deep.
pub fn on_small_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}
