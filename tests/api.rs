#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The public API's guarantees: shareable across threads, outcomes that
//! round-trip through serde.

mod common;

use std::sync::Arc;

use common::workload::{generate, program_source, to_input};
use loyalty_rules::{Outcome, Program};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn a_program_is_shared_behind_an_arc_by_many_threads() {
    assert_send_sync::<Program>();
    let program = Arc::new(Program::compile(&program_source()).unwrap());
    let txs = Arc::new(generate(400, 7));
    let single: Vec<String> = txs
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (m, e) = to_input(t, i);
            serde_json::to_string(&program.evaluate(&m, &e).unwrap()).unwrap()
        })
        .collect();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (program, txs) = (Arc::clone(&program), Arc::clone(&txs));
            std::thread::spawn(move || {
                txs.iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let (m, e) = to_input(t, i);
                        serde_json::to_string(&program.evaluate(&m, &e).unwrap()).unwrap()
                    })
                    .collect::<Vec<String>>()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), single);
    }
}

#[test]
fn outcomes_round_trip_through_json() {
    let program = Program::compile(&program_source()).unwrap();
    for (i, t) in generate(50, 3).iter().enumerate() {
        let (m, e) = to_input(t, i);
        let outcome = program.evaluate(&m, &e).unwrap();
        let json = serde_json::to_string(&outcome).unwrap();
        let back: Outcome = serde_json::from_str(&json).unwrap();
        assert_eq!(back, outcome);
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
}
