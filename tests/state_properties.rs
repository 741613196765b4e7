#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Properties of member state over generated programs with counters, caps
//! and limits, and generated event histories.

mod common;

use loyalty_rules::generators::{self, Vocabulary};
use loyalty_rules::{Exact, MemberState, Program};
use proptest::prelude::*;

fn words() -> Vocabulary {
    Vocabulary::default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    #[test]
    fn state_in_state_out(
        (source, cap) in generators::program_with_history(&words()),
        member in generators::member(&words()),
        events in generators::events(&words(), 12),
        split in 0..12usize,
    ) {
        let program = Program::compile(&source).unwrap();
        let declared: Vec<&str> = program.counters().collect();
        let mut state = program.new_state(&member);
        let mut outcomes = Vec::new();
        for (i, event) in events.iter().enumerate() {
            // Deterministic, and a state read back from JSON gives the same outcome.
            let outcome = program.evaluate_with(&member, &state, event).unwrap();
            prop_assert_eq!(&program.evaluate_with(&member, &state, event).unwrap(), &outcome);
            let back = MemberState::from_json(&serde_json::to_string(&state).unwrap()).unwrap();
            prop_assert_eq!(&program.evaluate_with(&member, &back, event).unwrap(), &outcome);
            // The lean path gives the same totals.
            let lean = program.points_with(&member, &state, event).unwrap();
            for t in &outcome.totals {
                prop_assert_eq!(lean.get(&t.member, &t.balance), t.points);
            }
            let before = state.clone();
            state.apply(&outcome).unwrap();
            // Counters never decrease, and only declared counters appear.
            for (name, c) in &state.counters {
                prop_assert!(declared.contains(&name.as_str()), "{name}");
                let was = before.counter(name).map_or(Exact::ZERO, |c| c.total);
                prop_assert!(c.total >= was);
                prop_assert!(!c.total.is_negative());
            }
            // The lifetime cap per member holds on what the state records.
            if let Some(h3) = state.rules.get("H3") {
                let total = h3.points.get("points").copied().unwrap_or(Exact::ZERO);
                prop_assert!(total <= Exact::from(rust_decimal::Decimal::from(cap)), "{total}");
            }
            outcomes.push(outcome);
            // Stopping after `split` events, saving and resuming changes nothing.
            if i + 1 == split {
                state = MemberState::from_json(&serde_json::to_string(&state).unwrap()).unwrap();
            }
        }
        // Applying the same outcomes to a fresh state gives the same state.
        let mut again = program.new_state(&member);
        for o in &outcomes {
            again.apply(o).unwrap();
        }
        prop_assert_eq!(again, state);
    }

    #[test]
    fn without_state_counters_see_only_the_event(
        (source, _) in generators::program_with_history(&words()),
        member in generators::member(&words()),
        event in generators::event(&words()),
    ) {
        let program = Program::compile(&source).unwrap();
        let stateless = program.evaluate(&member, &event).unwrap();
        let fresh = program.evaluate_with(&member, &program.new_state(&member), &event).unwrap();
        prop_assert_eq!(stateless, fresh);
    }
}
