#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The evaluator's straight lane against its interpreter: on every purchase
//! a program's plan lets through the lane, both give the same totals, in the
//! same order, or the lane gives up and the interpreter answers. The lane
//! must never give a total the interpreter would not, and it must not give
//! up on the programs and purchases it was made for.

mod common;

use common::fixtures::{compile, m1, member, points, purchase};
use common::workload;
use loyalty_rules::generators::{self, Vocabulary};
use loyalty_rules::{lane_twin, Budgets, EvalError, Event, LaneTwin, Member, Program};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

fn sample<T: std::fmt::Debug>(runner: &mut TestRunner, s: impl Strategy<Value = T>) -> T {
    s.new_tree(runner).unwrap().current()
}

#[test]
fn the_workload_takes_the_lane_on_every_purchase() {
    for extra in [0, 988] {
        let program = Program::compile(&workload::scaled_source(extra)).unwrap();
        for (i, tx) in workload::generate(2_000, 7).iter().enumerate() {
            let (m, e) = workload::to_input(tx, i);
            assert_eq!(
                lane_twin(&program, &m, None, None, &e),
                LaneTwin::Same,
                "{tx:?}"
            );
            let points = program.points(&m, &e).unwrap().get("member", "points");
            assert_eq!(points, workload::hand_written(tx).into(), "{tx:?}");
        }
    }
}

/// Replays a member's history, each event against the state (and the
/// budgets) the events before it left: counters, limits, caps per member
/// and budgets read them. Fails on any difference; returns how many events
/// took the lane to the end, and how many purchases there were.
fn replay(program: &Program, m: &Member, history: &[Event], what: &str) -> (usize, usize) {
    let mut state = program.new_state(m);
    let mut budgets = Budgets::new(program.name());
    let (mut same, mut purchases) = (0, 0);
    for e in history {
        purchases += usize::from(matches!(e, Event::Purchase(_)));
        let b = program.has_budgets().then_some(&budgets);
        match lane_twin(program, m, Some(&state), b, e) {
            LaneTwin::Same => same += 1,
            LaneTwin::Different(d) => panic!("{d}\n{what}\n{m:?}\n{e:?}"),
            _ => {}
        }
        if let Ok(o) = program.evaluate_with_budgets(m, &state, &budgets, e) {
            state.apply(&o).unwrap();
            budgets.apply(&o).unwrap();
        }
    }
    (same, purchases)
}

#[test]
fn shipped_programs_agree_on_generated_histories() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/programs");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut taking = Vec::new();
    for path in paths {
        let program = Program::compile(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let words = Vocabulary::of(&program);
        let mut runner = TestRunner::deterministic();
        let mut same = 0;
        for _ in 0..common::cases(24) {
            let m = sample(&mut runner, generators::member(&words));
            let history = sample(&mut runner, generators::events(&words, 10));
            same += replay(&program, &m, &history, &format!("{path:?}")).0;
        }
        if same > 0 {
            taking.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    // In file order ("hotel-tiers" sorts before "hotel.loyalty").
    let all = [
        "acme",
        "airline",
        "coffee",
        "crumb",
        "department-store",
        "drugstore",
        "grocer-ledger",
        "hotel-points",
        "hotel-tiers",
        "hotel",
        "mileage",
        "pharmacy",
        "workload",
    ];
    assert_eq!(taking, all);
}

/// The shipped example events, replayed as the CLI replays them (each
/// member's state threaded; a bare line is the given member's event): every
/// purchase takes the lane to the end.
#[test]
fn shipped_examples_take_the_lane_on_their_own_events() {
    let root = env!("CARGO_MANIFEST_DIR");
    let gold = std::fs::read_to_string(format!("{root}/examples/data/member-gold.json")).unwrap();
    let pairs = [
        ("acme", "events", Some(gold.as_str())),
        ("airline", "airline-events", None),
        ("coffee", "coffee-events", None),
        ("crumb", "crumb-events", None),
        ("drugstore", "drugstore-events", None),
        ("grocer-ledger", "grocer-events", None),
        ("hotel", "hotel-events", None),
        ("hotel-tiers", "hotel-tiers-events", None),
        ("hotel-points", "hotel-points-events", None),
        ("mileage", "mileage-events", None),
        ("pharmacy", "pharmacy-events", None),
    ];
    for (name, events, given) in pairs {
        let program = Program::compile(
            &std::fs::read_to_string(format!("{root}/examples/programs/{name}.loyalty")).unwrap(),
        )
        .unwrap();
        let text = std::fs::read_to_string(format!("{root}/examples/data/{events}.jsonl")).unwrap();
        let mut states = std::collections::BTreeMap::new();
        let mut budgets = Budgets::new(program.name());
        let mut purchases = 0;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let (member, event) = match value.get("event") {
                Some(event) => {
                    let member = match &value["member"] {
                        serde_json::Value::String(id) => Member::new(id),
                        object => serde_json::from_value(object.clone()).unwrap(),
                    };
                    (
                        member,
                        serde_json::from_value::<Event>(event.clone()).unwrap(),
                    )
                }
                None => {
                    let member = given.map_or_else(
                        || Member::new("anonymous"),
                        |m| serde_json::from_str(m).unwrap(),
                    );
                    (member, serde_json::from_value::<Event>(value).unwrap())
                }
            };
            let state = states
                .entry(member.id.clone())
                .or_insert_with(|| program.new_state(&member));
            if matches!(event, Event::Purchase(_)) {
                purchases += 1;
                let b = program.has_budgets().then_some(&budgets);
                assert_eq!(
                    lane_twin(&program, &member, Some(state), b, &event),
                    LaneTwin::Same,
                    "{name}: {line}"
                );
            }
            if let Ok(o) = program.evaluate_with_budgets(&member, state, &budgets, &event) {
                state.apply(&o).unwrap();
                budgets.apply(&o).unwrap();
            }
        }
        assert!(purchases > 0, "{name}");
    }
}

#[test]
fn generated_programs_agree_on_generated_histories() {
    let words = Vocabulary::default();
    let cases = common::cases(256);
    let mut runner = TestRunner::deterministic();
    let (mut same, mut purchases) = (0, 0);
    for _ in 0..cases {
        let text = sample(&mut runner, generators::program(&words));
        let program = Program::compile(&text).unwrap();
        let fit = Vocabulary::of(&program);
        let m = sample(&mut runner, generators::member(&fit));
        let history = sample(&mut runner, generators::events(&fit, 6));
        let (taken, bought) = replay(&program, &m, &history, &text);
        same += taken;
        purchases += bought;
    }
    // Nearly all purchases take it to the end (470 of 484); for the others
    // a rule's points stay a fraction until the transaction's total (`4
    // points per 7 USD ... round half_down per transaction`): the lane gives
    // up and the interpreter answers.
    assert!(same * 4 >= purchases * 3, "{same} of {purchases}");
}

/// Limits and caps per member read what the rule gave before (a welcome
/// bonus once, then nothing; 30 points per member over purchases of 20),
/// a group picks its best rule among those that apply, and segments read
/// the counts.
#[test]
fn limits_caps_groups_and_segments_over_three_purchases() {
    let event = twenty();
    for (rules, expected) in [
        (
            "earn \"Welcome\" on purchase { award 100 points limit 1 per member }",
            ["100", "0", "0"],
        ),
        (
            "earn \"E\" on purchase { award 1 point per every 1 USD of tx.amount cap 30 points per member }",
            ["20", "10", "0"],
        ),
        // A group: the rule that gives the most applies (20 against 15),
        // then only the other once the first has reached its limit.
        (
            "earn \"A\" on purchase { award 1 point per every 1 USD of tx.amount  limit 1 per member  group \"G\" }\n\
             earn \"B\" on purchase { award 15 points  group \"G\" }",
            ["20", "15", "15"],
        ),
        // A segment decided on counts that include this event.
        (
            "counter purchases\ncount 1 to purchases on purchase\n\
             segment regular when purchases lifetime >= 2\n\
             earn \"E\" on purchase { award 1 point }\n\
             earn \"Regular\" on purchase when member.segment == \"regular\" { award 5 points }",
            ["1", "6", "6"],
        ),
    ] {
        let program = body(rules);
        let member = m1();
        let mut state = program.new_state(&member);
        for (i, want) in expected.into_iter().enumerate() {
            // Three purchases, each under an id of its own.
            let mut event = event.clone();
            if let loyalty_rules::Event::Purchase(t) = &mut event {
                t.id = format!("T-{i}");
            }
            assert_eq!(lane_twin(&program, &member, Some(&state), None, &event), LaneTwin::Same, "{rules}");
            let outcome = program.evaluate_with(&member, &state, &event).unwrap();
            assert_eq!(outcome.points("m1", "points").to_string(), want, "{rules}");
            let lean = program.points_with(&member, &state, &event).unwrap();
            assert_eq!(lean.get("m1", "points").to_string(), want, "{rules}");
            state.apply(&outcome).unwrap();
        }
    }
}

/// A purchase of one grocery line of 20.00, and programs around `rules`
/// with a second balance (`tp`) and two tiers.
fn twenty() -> Event {
    purchase(
        "2026-03-04T10:00:00Z",
        "store",
        &[("A", "grocery", "1", "20.00")],
    )
}

fn body(rules: &str) -> Program {
    compile(&format!(
        "program \"P\" {{ currency USD balance tp qualifying }}\ntiers {{ base gold }}\n{rules}"
    ))
}

#[test]
fn the_lane_keeps_the_interpreters_order_of_rounding_and_caps() {
    let event = twenty();
    for rules in [
        "earn \"E\" on purchase { award 1 point per every 1 USD of tx.amount }",
        "earn \"E\" on purchase { award 1 point per 8 USD of tx.amount round floor per transaction }",
        "earn \"E\" on purchase { award 1 point per 3 USD of tx.amount award 2 points to tp }",
        "earn \"E\" on purchase { award 7 points } earn \"F\" on purchase { award 50% of earned } cap 9 points per transaction",
    ] {
        let program = body(rules);
        assert_eq!(lane_twin(&program, &m1(), None, None, &event), LaneTwin::Same, "{rules}");
    }
    // Two awards to one balance are rounded once, on their sum:
    // floor(3.50 + 2 × 3.95) = 11, not 3 + 7 = 10.
    let tenders = common::fixtures::event(
        r#"{"kind": "purchase", "id": "T-1", "timestamp": "2026-03-04T10:00:00Z", "currency": "USD",
            "lines": [{"sku": "A", "quantity": 1, "unit_price": "7.45"}],
            "tenders": {"card": "3.50", "stored_value": "3.95"}}"#,
    );
    let two = body(
        "earn \"E\" on purchase { award 1 point per USD of tx.paid.card  award 2 points per USD of tx.paid.stored_value }",
    );
    assert_eq!(lane_twin(&two, &m1(), None, None, &tenders), LaneTwin::Same);
    assert_eq!(points(&two, &m1(), &tenders), "11");
    // `% of earned by` the named rules only: 50% of E's 20, not of F's 7.
    let by = body(
        "earn \"E\" on purchase { award 1 point per every 1 USD of tx.amount }\n\
         earn \"F\" on purchase { award 7 points }\n\
         earn \"G\" on purchase { award 50% of earned by \"E\" }",
    );
    assert_eq!(lane_twin(&by, &m1(), None, None, &event), LaneTwin::Same);
    assert_eq!(points(&by, &m1(), &event), "37");
    // Two-step rounding: 20 × 12.3% = 2.46, floor to 1 decimal (2.4), then
    // half up (2).
    let two_steps =
        body("earn \"E\" on purchase { award 12.3% of tx.amount round floor to 1 then half_up }");
    assert_eq!(
        lane_twin(&two_steps, &m1(), None, None, &event),
        LaneTwin::Same
    );
    assert_eq!(points(&two_steps, &m1(), &event), "2");
    // A tier multiplier of dining lines leaves a grocery line as it is.
    let gold = member(r#"{"id": "m-1", "tier": "gold"}"#);
    let dining = body(
        "earn \"E\" on purchase for each line { award 1 point per every 1 USD of line.amount }\n\
         tier gold { multiply category \"dining\" by 2 }",
    );
    assert_eq!(
        lane_twin(&dining, &gold, None, None, &event),
        LaneTwin::Same
    );
    assert_eq!(points(&dining, &gold, &event), "20");
    // A campaign's budget, shared by all members: 100 + 20 of 130, then 10
    // left for the next purchase's bonus and nothing for its spend award.
    let budgeted = body(
        "campaign \"C\" {\n  budget 130 points\n\
         earn \"Bonus\" on purchase { award 100 points }\n\
         earn \"Spend\" on purchase { award 1 point per USD of tx.amount }\n}",
    );
    let member = m1();
    let mut budgets = Budgets::new("P");
    let state = budgeted.new_state(&member);
    for want in ["120", "10"] {
        assert_eq!(
            lane_twin(&budgeted, &member, Some(&state), Some(&budgets), &event),
            LaneTwin::Same
        );
        let lean = budgeted
            .points_with_budgets(&member, &state, &budgets, &event)
            .unwrap();
        assert_eq!(lean.get("m1", "points").to_string(), want);
        let o = budgeted
            .evaluate_with_budgets(&member, &state, &budgets, &event)
            .unwrap();
        budgets.apply(&o).unwrap();
    }
    // A budget in another balance cuts only the awards to that balance.
    let both = body(
        "campaign \"D\" {\n  budget 5 points in tp\n\
         earn \"Both\" on purchase { award 3 points  award 10 points to tp }\n}",
    );
    let fresh = Budgets::new("P");
    assert_eq!(
        lane_twin(&both, &member, Some(&state), Some(&fresh), &event),
        LaneTwin::Same
    );
    let lean = both
        .points_with_budgets(&member, &state, &fresh, &event)
        .unwrap();
    assert_eq!(
        (
            lean.get("m1", "points").to_string(),
            lean.get("m1", "tp").to_string()
        ),
        ("3".into(), "5".into())
    );
    // A program cap cuts awards in order, before parts rounded per
    // transaction are rounded, each in its own mode: 9.5 (floor) and, cut
    // from 5 to 0.5, half down: 9 + 0 = 9, not 9 + 5 = 14 capped to 10.
    let cut = body(
        "earn \"A\" on purchase { award 9.5 points round floor per transaction }\n\
         earn \"B\" on purchase { award 5 points round half_down per transaction }\n\
         cap 10 points per transaction",
    );
    assert_eq!(lane_twin(&cut, &m1(), None, None, &event), LaneTwin::Same);
    assert_eq!(points(&cut, &m1(), &event), "9");
}

#[test]
fn what_the_lane_leaves_to_the_interpreter() {
    let event = twenty();
    // Points that stay a fraction until the transaction's total (20/3)
    // are more than the lane's numbers hold: the interpreter answers.
    let thirds = body(
        "earn \"E\" on purchase { award 1 point per 3 USD of tx.amount round floor per transaction }",
    );
    assert_eq!(
        lane_twin(&thirds, &m1(), None, None, &event),
        LaneTwin::GaveUp(true)
    );
    assert_eq!(points(&thirds, &m1(), &event), "6");
    // A rule that only gives a badge: the interpreter evaluates.
    let badge = body("earn \"E\" on purchase { badge \"First\" }");
    assert_eq!(
        lane_twin(&badge, &m1(), None, None, &event),
        LaneTwin::NotTaken
    );
    // Wrong input: the lane gives up and the interpreter says what is wrong.
    let taken = body("earn \"E\" on purchase { award 1 point per every 1 USD of tx.amount }");
    let negative = purchase(
        "2026-03-04T10:00:00Z",
        "store",
        &[("A", "grocery", "1", "-1")],
    );
    assert_eq!(
        lane_twin(&taken, &m1(), None, None, &negative),
        LaneTwin::GaveUp(false)
    );
    let unknown_tier = member(r#"{"id": "m-1", "tier": "bronze"}"#);
    assert_eq!(
        lane_twin(&taken, &unknown_tier, None, None, &event),
        LaneTwin::GaveUp(false)
    );
    let err = taken.points(&unknown_tier, &event).unwrap_err();
    assert!(matches!(err, EvalError::UnknownTier { .. }), "{err}");
}
