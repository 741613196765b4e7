//! The shipped programs with member state (the hotel's counters and limits,
//! its computed tiers, with returns too, the grocer's ledger, redemptions
//! and returns, and with refunds and expiry without activity, the hotel's
//! points with a list attribute, the pharmacy's sums over lines)
//! against arbitrary bytes read as a JSON `[member, state, event]` triple;
//! the state's program picks the program (the hotel also with a cap per
//! member per month and returns). Evaluation and the tier status
//! must never panic; the lean and explained evaluations agree; applying an
//! outcome never lowers a counter (but by a tier's deductions or a return),
//! a refused apply leaves the state unchanged, and `why_not` names a rule
//! that awarded only for a campaign that did not multiply it. The grocer
//! also issues a reward automatically; an applied outcome leaves a state
//! whose lots hold its balance, and no note unissued.
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

fn grocer() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        Program::compile(include_str!(
            "../../examples/programs/grocer-ledger.loyalty"
        ))
        .expect("the shipped grocer program compiles")
    })
}

fn tiers() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        Program::compile(include_str!("../../examples/programs/hotel-tiers.loyalty"))
            .expect("the shipped hotel tiers program compiles")
    })
}

/// The hotel's tiers taking returns: a return replays the tier over the
/// days between its purchase and itself.
fn tiers_returns() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let source = include_str!("../../examples/programs/hotel-tiers.loyalty").replacen(
            "program \"Harbor Hotels Elite\"",
            "program \"Harbor Hotels Elite Returns\"",
            1,
        );
        Program::compile(&format!("{source}\nreturns {{ within 30 days }}\n"))
            .expect("the shipped hotel tiers program compiles with returns")
    })
}

/// The grocer's ledger expiring after months without earning or redeeming
/// (a redemption is activity, a cancelled one no longer), with points that
/// paid for returned goods refunded (a refund is not activity).
fn grocer_refunds() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let source = include_str!("../../examples/programs/grocer-ledger.loyalty")
            .replacen("program \"Grocer\"", "program \"Grocer Refunds\"", 1)
            .replacen(
                "expire 12 months after earning at end of month",
                "expire after 6 months without earning or redeeming",
                1,
            )
            .replacen(
                "shortfall negative",
                "shortfall negative\n  refund 100 points = 1 USD",
                1,
            );
        Program::compile(&source).expect("the shipped grocer program compiles with refunds")
    })
}

/// The hotel's points: a list attribute (loaded offers), expiry without
/// earning or redeeming, refunds.
fn hotel_points() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        Program::compile(include_str!("../../examples/programs/hotel-points.loyalty"))
            .expect("the shipped hotel points program compiles")
    })
}

/// The hotel with a cap per member per month on what all its rules credit
/// (read from the points kept by day), and returns that give room back.
fn hotel_capped() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let source = include_str!("../../examples/programs/hotel.loyalty").replacen(
            "program \"Harbor Hotels\"",
            "program \"Harbor Hotels Capped\"",
            1,
        );
        Program::compile(&format!(
            "{source}\nreturns {{ within 30 days }}\ncap 30000 points per member per month\n"
        ))
        .expect("the shipped hotel program compiles with a cap per member")
    })
}

/// The grocer issuing a 5 USD note automatically for every 3000 points
/// (from vested lots, after returns and expiry).
fn grocer_notes() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let source = include_str!("../../examples/programs/grocer-ledger.loyalty").replacen(
            "program \"Grocer\"",
            "program \"Grocer Notes\"",
            1,
        );
        Program::compile(&format!(
            "{source}\nreward \"5 USD note\" costs 3000 points automatically\n"
        ))
        .expect("the shipped grocer program compiles with an automatic reward")
    })
}

/// The pharmacy's weekly deals: sums over the lines, a weekly limit,
/// returns.
fn pharmacy() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        Program::compile(include_str!("../../examples/programs/pharmacy.loyalty"))
            .expect("the shipped pharmacy program compiles")
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
    let p = if state.program == tiers().name() {
        tiers()
    } else if state.program == tiers_returns().name() {
        tiers_returns()
    } else if state.program == grocer().name() {
        grocer()
    } else if state.program == grocer_refunds().name() {
        grocer_refunds()
    } else if state.program == hotel_points().name() {
        hotel_points()
    } else if state.program == pharmacy().name() {
        pharmacy()
    } else if state.program == hotel_capped().name() {
        hotel_capped()
    } else if state.program == grocer_notes().name() {
        grocer_notes()
    } else {
        program()
    };
    if p.name() == tiers().name() || p.name() == tiers_returns().name() {
        let day = event.timestamp().date_naive();
        if let Ok(status) = p.tier_status(&member, &state, day) {
            let _ = status.explain();
            let _ = serde_json::to_string(&status);
        }
    }
    let explained = p.evaluate_with(&member, &state, &event);
    let lean = p.points_with(&member, &state, &event);
    match (explained, lean) {
        (Ok(o), Ok(points)) => {
            let _ = o.explain();
            let _ = serde_json::to_string(&o);
            for t in &o.totals {
                assert_eq!(points.get(&t.member, &t.balance), t.points);
            }
            // Why each rule gave nothing: a rule that awarded only for a
            // campaign that did not multiply it, and never an error the
            // evaluation did not give.
            match p.why_not(&member, &state, &event) {
                Ok(list) => {
                    for n in &list {
                        let _ = n.to_string();
                        assert!(
                            matches!(n.reason, loyalty_rules::WhyNot::NotMultiplied { .. })
                                == o.awards.iter().any(|a| a.rule == n.rule.as_str()),
                            "why_not lists {} which awarded",
                            n.rule
                        );
                    }
                }
                Err(e) => panic!("why_not failed where evaluate did not: {e}"),
            }
            let before = state.clone();
            match state.apply(&o) {
                Ok(()) => {
                    if p.name() == grocer_notes().name() {
                        assert!(
                            p.check_state(&state).is_ok(),
                            "the lots no longer hold the balance"
                        );
                        let left = state.wallet("points").map(|w| w.available(o.change.day));
                        let note = loyalty_rules::Exact::from(loyalty_rules::Decimal::from(3000));
                        assert!(left.is_none_or(|l| l < note), "a note left unissued");
                    }
                    for (name, c) in &before.counters {
                        if o.change.deducted.contains_key(name) || !o.change.uncounted.is_empty() {
                            continue;
                        }
                        let after = state.counter(name).map(|c| c.total);
                        assert!(after >= Some(c.total), "counter {name} went down");
                    }
                }
                Err(_) => assert_eq!(state, before, "a refused apply changed the state"),
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        // Issuing rewards is the explained evaluation's: more than a count
        // holds is its error alone.
        (Err(loyalty_rules::EvalError::Overflow { during, .. }), Ok(_))
            if during == "the rewards issued" || during == "the points issued" => {}
        (a, b) => panic!("lean and explained evaluation disagree: {a:?} / {b:?}"),
    }
});
