//! A fixed valid program against arbitrary bytes read as a JSON
//! `[member, event]` pair. Evaluation must never panic, and the lean and the
//! explained evaluation must agree.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use loyalty_rules::{Event, Member, Program};

fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        Program::compile(include_str!("../../examples/programs/acme.loyalty"))
            .expect("the shipped example program compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok((member, event)) = serde_json::from_slice::<(Member, Event)>(data) else {
        return;
    };
    let p = program();
    let explained = p.evaluate(&member, &event);
    let lean = p.points(&member, &event);
    match (explained, lean) {
        (Ok(o), Ok(points)) => {
            let _ = o.explain();
            let _ = serde_json::to_string(&o);
            for t in &o.totals {
                assert_eq!(points.get(&t.member, &t.balance), t.points);
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("lean and explained evaluation disagree: {a:?} / {b:?}"),
    }
});
