//! Structure-aware fuzzing over the whole language: the fuzzer's bytes seed
//! the crate's public generators, which build a valid program (every kind
//! of rule, rounding, group, campaign schedule, cap and balance) and a
//! member's events that fit it. For each event: evaluation is deterministic
//! to the byte, the lean totals (the straight lane's, for a program and a
//! purchase that take it) equal the explained ones (the interpreter's),
//! nothing is negative, and no program cap is exceeded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loyalty_rules::generators::{self, Vocabulary};
use loyalty_rules::Program;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rust_decimal::Decimal;

fuzz_target!(|data: &[u8]| {
    let mut seed = [0u8; 32];
    for (slot, byte) in seed.iter_mut().zip(data) {
        *slot = *byte;
    }
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let words = Vocabulary::default();
    let strategy = (
        generators::program(&words),
        generators::member(&words),
        generators::events(&words, 6),
    );
    let Ok(tree) = strategy.new_tree(&mut runner) else {
        return;
    };
    let (source, member, events) = tree.current();
    let program = match Program::compile(&source) {
        Ok(p) => p,
        Err(e) => panic!("a generated program does not compile:\n{e}\n{source}"),
    };
    // `cap N points per transaction [in BALANCE]`, as the generator writes them.
    let caps: Vec<(String, Decimal)> = source
        .lines()
        .filter_map(|l| l.strip_prefix("cap "))
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let n: Decimal = words.next()?.parse().ok()?;
            let balance = l.split(" in ").nth(1).unwrap_or("points").trim().to_string();
            Some((balance, n))
        })
        .collect();
    for event in &events {
        let outcome = match program.evaluate(&member, event) {
            Ok(o) => o,
            Err(e) => panic!("a generated event fails: {e}\n{source}\n{event:?}"),
        };
        let again = program.evaluate(&member, event).expect("evaluated once");
        let json = serde_json::to_string(&outcome).expect("outcomes serialize");
        assert_eq!(json, serde_json::to_string(&again).expect("outcomes serialize"));
        let _ = outcome.explain();
        let lean = program.points(&member, event).expect("the explained evaluation succeeded");
        let lean: Vec<_> = lean.iter().map(|t| (t.member.to_string(), t.balance.to_string(), t.points)).collect();
        let explained: Vec<_> = outcome
            .totals
            .iter()
            .map(|t| (t.member.to_string(), t.balance.to_string(), t.points))
            .collect();
        assert_eq!(lean, explained, "{source}");
        for t in &outcome.totals {
            assert!(t.points >= Decimal::ZERO, "{source}\n{}", outcome.explain());
            for (balance, cap) in &caps {
                if *balance == t.balance {
                    assert!(t.points <= *cap, "{source}\n{}", outcome.explain());
                }
            }
        }
        for a in &outcome.awards {
            assert!(a.points >= Decimal::ZERO.into(), "{source}\n{}", outcome.explain());
        }
    }
});
