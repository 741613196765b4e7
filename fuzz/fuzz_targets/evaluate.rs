//! A fixed valid program against arbitrary bytes read as a JSON
//! `[member, event]` pair. Evaluation must never panic, the lean (the
//! straight lane, on a purchase) and the explained evaluation (the
//! interpreter) must agree, outcomes and errors must serialize and read
//! back equal, and `why_not` names a rule that awarded only for a
//! campaign that did not multiply it.
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
            let json = serde_json::to_string(&o).expect("an outcome serializes");
            let back: loyalty_rules::Outcome =
                serde_json::from_str(&json).expect("an outcome reads back");
            assert_eq!(back, o);
            for t in &o.totals {
                assert_eq!(points.get(&t.member, &t.balance), t.points);
            }
            // Why each rule gave nothing: a rule that awarded only for a
            // campaign that did not multiply it.
            let why = p
                .why_not(&member, &p.new_state(&member), &event)
                .expect("why_not evaluates what evaluate did");
            for n in &why {
                let _ = n.to_string();
                assert!(
                    matches!(n.reason, loyalty_rules::WhyNot::NotMultiplied { .. })
                        == o.awards.iter().any(|a| a.rule == n.rule.as_str()),
                    "{n}"
                );
            }
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b);
            // The CLI writes every error as a JSON record.
            let json = serde_json::to_string(&a).expect("an error serializes");
            let back: loyalty_rules::EvalError =
                serde_json::from_str(&json).expect("an error reads back");
            assert_eq!(back, a);
        }
        (a, b) => panic!("lean and explained evaluation disagree: {a:?} / {b:?}"),
    }
});
