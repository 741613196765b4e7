//! The shipped hotel program (counters, milestones, per-member limits)
//! against arbitrary bytes read as a JSON `[member, state, event]` triple.
//! Evaluation must never panic; the lean and explained evaluations agree;
//! applying an outcome never lowers a counter, and a refused apply leaves
//! the state unchanged.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use loyalty_rules::{Event, Member, MemberState, Program};

fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        Program::compile(include_str!("../../examples/programs/hotel.loyalty"))
            .expect("the shipped hotel program compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok((member, state, event)) =
        serde_json::from_str::<(Member, serde_json::Value, Event)>(text)
    else {
        return;
    };
    let Ok(mut state) = MemberState::from_json(&state.to_string()) else {
        return;
    };
    let p = program();
    let explained = p.evaluate_with(&member, &state, &event);
    let lean = p.points_with(&member, &state, &event);
    match (explained, lean) {
        (Ok(o), Ok(points)) => {
            let _ = o.explain();
            let _ = serde_json::to_string(&o);
            for t in &o.totals {
                assert_eq!(points.get(&t.member, &t.balance), t.points);
            }
            let before = state.clone();
            match state.apply(&o) {
                Ok(()) => {
                    for (name, c) in &before.counters {
                        let after = state.counter(name).map(|c| c.total);
                        assert!(after >= Some(c.total), "counter {name} went down");
                    }
                }
                Err(_) => assert_eq!(state, before, "a refused apply changed the state"),
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("lean and explained evaluation disagree: {a:?} / {b:?}"),
    }
});
