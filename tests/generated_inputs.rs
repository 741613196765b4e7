#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! `generators` for a ledger team: members and histories drawn from a
//! shipped program's vocabulary fit that program. Nothing is refused for
//! being the wrong shape (a tier given to a program that computes tiers, a
//! segment given to one that decides segments), and the histories reach
//! what the program keeps: redemptions, and time passing.

use std::collections::BTreeMap;

use loyalty_rules::generators::{events, member, Vocabulary};
use loyalty_rules::{EvalError, Event, Member, NaiveDate, Program, ReturnRefusal};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

fn shipped(name: &str) -> Program {
    let path = format!(
        "{}/examples/programs/{name}.loyalty",
        env!("CARGO_MANIFEST_DIR")
    );
    Program::compile(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `n` generated members, each with a history of up to 10 events, that
/// fit `program` (the same ones on every run).
fn histories(program: &Program, n: usize) -> Vec<(Member, Vec<Event>)> {
    let words = Vocabulary::of(program);
    let mut runner = TestRunner::deterministic();
    (0..n)
        .map(|_| {
            (member(&words), events(&words, 10))
                .new_tree(&mut runner)
                .unwrap()
                .current()
        })
        .collect()
}

/// Replays generated histories; counts what happened by kind.
fn replay(name: &str) -> BTreeMap<String, usize> {
    let program = shipped(name);
    let mut seen = BTreeMap::new();
    for (m, history) in histories(&program, 150) {
        let mut state = program.new_state(&m);
        for e in &history {
            let kind = match e {
                Event::Redemption(_) => "redemption",
                Event::Time(_) => "time",
                Event::Return(_) => "return",
                _ => "other",
            };
            match program.evaluate_with(&m, &state, e) {
                Ok(o) => {
                    state.apply(&o).unwrap();
                    *seen.entry(format!("{kind} ok")).or_default() += 1;
                }
                // Not enough points, below a minimum, a return after its
                // window or of more than is left, a cancellation of a
                // redemption refused: real answers.
                Err(
                    EvalError::Refused { .. }
                    | EvalError::ReturnRefused { .. }
                    | EvalError::CancelRefused { .. },
                ) => *seen.entry(format!("{kind} refused")).or_default() += 1,
                Err(other) => panic!("{name}: {e:?}\n{m:?}\n{other}"),
            }
        }
    }
    seen
}

#[test]
fn generated_histories_fit_a_program_that_computes_tiers_and_keeps_lots() {
    let seen = replay("coffee");
    assert!(
        seen.get("redemption ok").copied().unwrap_or(0) > 0,
        "{seen:?}"
    );
    assert!(seen.get("time ok").copied().unwrap_or(0) > 0, "{seen:?}");
}

#[test]
fn generated_histories_fit_a_program_with_burn_rules_and_returns() {
    let seen = replay("grocer-ledger");
    assert!(
        seen.get("redemption ok").copied().unwrap_or(0) > 0,
        "{seen:?}"
    );
    // Returns name an earlier purchase of the same history.
    assert!(seen.get("return ok").copied().unwrap_or(0) > 0, "{seen:?}");
}

/// A program that takes returns pro rata gets returns of an amount.
#[test]
fn generated_returns_fit_a_pro_rata_program() {
    let program = Program::compile(
        "program \"G\" { currency USD }\nreturns { pro rata  within 30 days }\n\
         earn \"Base\" on purchase { award 1 point per USD of tx.amount }",
    )
    .unwrap();
    let mut back = 0;
    for (m, history) in histories(&program, 150) {
        let mut state = program.new_state(&m);
        for e in &history {
            match program.evaluate_with(&m, &state, e) {
                Ok(o) => {
                    back += usize::from(o.returned.is_some());
                    state.apply(&o).unwrap();
                }
                Err(EvalError::ReturnRefused { .. }) => {}
                Err(other) => panic!("{e:?}: {other}"),
            }
        }
    }
    assert!(back > 0);
}

#[test]
fn generated_histories_fit_the_other_shipped_programs() {
    for name in ["acme", "hotel", "hotel-tiers", "airline", "workload"] {
        let seen = replay(name);
        assert!(
            seen.get("other ok").copied().unwrap_or(0) > 0,
            "{name}: {seen:?}"
        );
    }
}

/// The words a program's rules look for are in its vocabulary, so that
/// generated purchases earn by them: the hotel's room nights.
#[test]
fn a_programs_own_categories_are_generated() {
    let hotel = shipped("hotel");
    let words = Vocabulary::of(&hotel);
    assert!(words.categories.iter().any(|c| c == "room"), "{words:?}");
    let mut nights = 0;
    for (m, history) in histories(&hotel, 100) {
        let mut state = hotel.new_state(&m);
        for e in &history {
            if let Ok(o) = hotel.evaluate_with(&m, &state, e) {
                nights += o
                    .awards
                    .iter()
                    .filter(|a| a.rule == "Qualifying nights")
                    .count();
                state.apply(&o).unwrap();
            }
        }
    }
    assert!(nights > 0);
}

/// Over every shipped program and generated histories that reach all it
/// keeps (lots, redemptions, returns, time passing, tiers): an evaluation is
/// the same from a state read back from JSON, the lean totals are the
/// explained ones, applying the outcomes again to a fresh state gives the
/// same state, and each wallet's balance is what its lots hold less what is
/// owed.
#[test]
fn shipped_programs_keep_their_state_invariants() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/programs");
    let mut programs = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let program = Program::compile(&std::fs::read_to_string(&path).unwrap()).unwrap();
        programs += 1;
        for (m, history) in histories(&program, 40) {
            let mut state = program.new_state(&m);
            let mut outcomes = Vec::new();
            for e in &history {
                let Ok(o) = program.evaluate_with(&m, &state, e) else {
                    continue;
                };
                let json = serde_json::to_string(&state).unwrap();
                let back = loyalty_rules::MemberState::from_json(&json).unwrap();
                assert_eq!(program.evaluate_with(&m, &back, e).unwrap(), o);
                let lean = program.points_with(&m, &state, e).unwrap();
                for t in &o.totals {
                    assert_eq!(lean.get(&t.member, &t.balance), t.points);
                }
                state.apply(&o).unwrap();
                for (balance, w) in &state.wallets {
                    let d = |x: loyalty_rules::Exact| x.as_decimal().unwrap();
                    let held: loyalty_rules::Decimal = w.lots.iter().map(|l| d(l.points)).sum();
                    assert_eq!(
                        state.balance(balance).map(d).unwrap_or_default(),
                        held - d(w.owed),
                        "{}: {balance} after {}",
                        path.display(),
                        e.id()
                    );
                }
                outcomes.push(o);
            }
            let mut again = program.new_state(&m);
            for o in &outcomes {
                again.apply(o).unwrap();
            }
            assert_eq!(again, state, "{}", path.display());
            // A host with an outbox keeps each outcome as JSON and applies
            // it later: the outcome read back applies to the same state.
            let mut later = program.new_state(&m);
            for o in &outcomes {
                let json = serde_json::to_string(o).unwrap();
                let back: loyalty_rules::Outcome = serde_json::from_str(&json).unwrap();
                assert_eq!(&back, o, "{}: {}", path.display(), o.event);
                later.apply(&back).unwrap();
            }
            assert_eq!(later, state, "{}", path.display());
        }
    }
    assert!(programs >= 7);
}

/// Found by the generators' doc example, whose property missed for
/// months a return of points already spent: generated returns fell 0 to
/// 44 days after their purchase whatever the program's window (two in
/// three refused under `within 14 days`), and parts of lines whose
/// discount does not split were refused too. Now most returns are
/// accepted, some fall just after the window, and histories reach a
/// return of points already spent.
#[test]
fn generated_returns_mostly_fall_within_the_programs_window() {
    let program = Program::compile(
        "program \"Grocer\" { currency USD }\nledger points { expire 12 months after earning }\n\
         returns { within 14 days }\n\
         earn \"Base\" on purchase { award 10 points per USD of tx.amount }\n\
         burn \"Pay with points\" from points { rate 100 points = 1 USD  minimum 500 points }",
    )
    .unwrap();
    assert_eq!(Vocabulary::of(&program).return_days, 14);
    let (mut ok, mut late, mut other, mut spent, mut cancelled) = (0, 0, 0, 0, 0);
    for (m, history) in histories(&program, 150) {
        let mut state = program.new_state(&m);
        for e in &history {
            match program.evaluate_with(&m, &state, e) {
                Ok(o) => {
                    if let Some(r) = &o.returned {
                        ok += 1;
                        spent += usize::from(!r.shortfall.is_empty());
                    }
                    cancelled += usize::from(o.cancelled.is_some());
                    state.apply(&o).unwrap();
                }
                // After the window, or after the receipt is gone with it.
                Err(EvalError::ReturnRefused { refusal, .. }) => match refusal {
                    ReturnRefusal::TooLate { .. }
                    | ReturnRefusal::UnknownPurchase { .. }
                    | ReturnRefusal::NothingLeft { .. } => late += 1,
                    _ => other += 1,
                },
                Err(EvalError::Refused { .. } | EvalError::CancelRefused { .. }) => {}
                Err(other) => panic!("{e:?}: {other}"),
            }
        }
    }
    assert!(
        ok > 3 * (late + other),
        "{ok} accepted, {late} late, {other} other"
    );
    assert!(late > 0, "{ok} accepted, {late} late, {other} other");
    assert!(spent > 0, "{ok} accepted, none of points already spent");
    // Histories cancel some of their redemptions too.
    assert!(cancelled > 0, "no redemption cancelled");
}

/// A `time` event does only what the next evaluation does first (expire
/// lots, review the tier): over every shipped program and generated
/// histories, sending time events between the events changes no event's
/// result (its totals, its redemption, return or cancellation, or its
/// refusal) and leaves the same state, but for the count of events.
#[test]
fn time_events_between_change_nothing_the_events_do() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/programs");
    let mut compared = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let program = Program::compile(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if program.has_budgets() {
            continue; // evaluated with the budgets of all members
        }
        for (m, history) in histories(&program, 40) {
            let mut plain = program.new_state(&m);
            let mut ticked = program.new_state(&m);
            let mut before: Option<chrono::DateTime<chrono::FixedOffset>> = None;
            for (i, e) in history.iter().enumerate() {
                // Time passing half way since the last event, and just before this one.
                if let Some(b) = before {
                    let gap = e.timestamp() - b;
                    for (k, at) in [b + gap / 2, e.timestamp() - chrono::Duration::seconds(1)]
                        .into_iter()
                        .enumerate()
                    {
                        if at < b {
                            continue;
                        }
                        let tick = Event::from_json(&format!(
                            r#"{{"kind": "time", "id": "tick-{i}-{k}", "timestamp": "{}"}}"#,
                            at.to_rfc3339()
                        ))
                        .unwrap();
                        let o = program.evaluate_with(&m, &ticked, &tick).unwrap();
                        ticked.apply(&o).unwrap();
                    }
                }
                before = Some(e.timestamp());
                let a = program.evaluate_with(&m, &plain, e);
                let b = program.evaluate_with(&m, &ticked, e);
                let at = format!("{}: event {} of {history:?}", path.display(), e.id());
                match (a, b) {
                    (Ok(a), Ok(b)) => {
                        assert_eq!(a.totals, b.totals, "{at}");
                        assert_eq!(a.redemption, b.redemption, "{at}");
                        assert_eq!(a.returned, b.returned, "{at}");
                        assert_eq!(a.cancelled, b.cancelled, "{at}");
                        plain.apply(&a).unwrap();
                        ticked.apply(&b).unwrap();
                        compared += 1;
                    }
                    (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{at}"),
                    (a, b) => panic!("{at}: {a:?}\n{b:?}"),
                }
            }
            // A refused event changes nothing, not even time passing: both
            // are brought to the last event's instant.
            if let Some(last) = before {
                let tick = Event::from_json(&format!(
                    r#"{{"kind": "time", "id": "tick-end", "timestamp": "{}"}}"#,
                    last.to_rfc3339()
                ))
                .unwrap();
                for s in [&mut plain, &mut ticked] {
                    let o = program.evaluate_with(&m, s, &tick).unwrap();
                    s.apply(&o).unwrap();
                }
            }
            // Time events count among the events: only the order of the
            // places recorded must agree. The lowest level is held since
            // the first day the state was reviewed, which a time event
            // can be.
            for s in [&mut plain, &mut ticked] {
                s.events = 0;
                if let Some(t) = s.tier.as_mut().filter(|t| t.by == "the lowest level") {
                    t.since = NaiveDate::MIN;
                }
                for r in s.redemptions.values_mut() {
                    r.sequence = 0;
                }
                for f in &mut s.forgiven {
                    f.sequence = 0;
                }
            }
            if plain != ticked {
                let a = serde_json::to_string_pretty(&plain).unwrap();
                let b = serde_json::to_string_pretty(&ticked).unwrap();
                let diff: Vec<String> = a
                    .lines()
                    .zip(b.lines())
                    .filter(|(x, y)| x != y)
                    .map(|(x, y)| format!("{x}  |  {y}"))
                    .take(10)
                    .collect();
                panic!("{}: {}\n{history:?}", path.display(), diff.join("\n"));
            }
        }
    }
    assert!(compared > 1000, "{compared}");
}
