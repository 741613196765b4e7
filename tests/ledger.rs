#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Balances kept as lots: each event's lot, vesting, expiry by date, at the
//! end of a month, on a fixed day, by inactivity; state in, state out.

mod common;

use common::fixtures::{buy, compile, replay, time};
use loyalty_rules::{Code, Event, Exact, Member, MemberState, NaiveDate, Outcome, Program};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn program(ledger: &str) -> Program {
    compile(&format!(
        "program \"Grocer\" {{ currency USD }}\nledger points {{ {ledger} }}\n\
         earn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n\
         earn \"Big basket\" on purchase when tx.amount >= 100 USD {{ award 50 points }}\n\
         burn \"Spend\" from points {{ rate 100 points = 1 USD }}\n\
         returns {{ within 60 days }}\n"
    ))
}

fn balance(s: &MemberState) -> String {
    s.balance("points")
        .map(|b| b.to_string())
        .unwrap_or_default()
}

fn lots(s: &MemberState) -> Vec<(String, String, Option<NaiveDate>)> {
    s.wallet("points")
        .map(|w| {
            w.lots
                .iter()
                .map(|l| (l.event.clone(), l.points.to_string(), l.expires_on))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn lots_expire_at_the_end_of_the_twelfth_month() {
    let p = program("expire 12 months after earning at end of month");
    let mut s = p.new_state(&Member::new("m"));
    let o = replay(
        &p,
        &mut s,
        &[
            buy("p1", "2026-01-15", "120.00"),
            buy("p2", "2026-03-01", "40.00"),
            buy("p3", "2026-03-31", "10.00"),
        ],
    );
    assert_eq!(o[0].change.lots[0].lot.rules, ["Base", "Big basket"]);
    assert_eq!(
        lots(&s),
        [
            ("p1".into(), "170".into(), Some(d("2027-01-31"))),
            ("p2".into(), "40".into(), Some(d("2027-03-31"))),
            ("p3".into(), "10".into(), Some(d("2027-03-31"))),
        ]
    );
    assert!(o[0]
        .explain()
        .contains("  lot of 170 points, holds through 2027-01-31\n"));
    let o = replay(&p, &mut s, &[time("2027-01-31")]);
    assert!(o[0].change.expired.is_empty());
    let o = replay(&p, &mut s, &[time("2027-02-01")]);
    assert_eq!(
        o[0].explain().lines().nth(1),
        Some("  expired on 2027-02-01: 170 points earned on 2026-01-15 (event p1)")
    );
    assert_eq!(balance(&s), "50");
    // A purchase on 1 April 2027 first expires the two March lots.
    let o = replay(&p, &mut s, &[buy("p4", "2027-04-01", "5.00")]);
    assert_eq!(o[0].change.expired.len(), 2);
    assert_eq!(balance(&s), "5");
    let w = s.wallet("points").unwrap();
    assert_eq!(w.expired.to_string(), "220");
    assert_eq!(lots(&s), [("p4".into(), "5".into(), Some(d("2028-04-30")))]);
}

/// Adjustments as a loyalty desk makes them, written in the program (the
/// README's recipe): an opening balance brought from another system and
/// a goodwill credit are events of the program's own whose rule credits
/// the points they carry, into lots that expire as any; a correction
/// takes points back through a burn rule of its own. Each is explained
/// and applied like any event, and refused like any when it cannot be.
#[test]
fn adjustments_and_opening_balances_are_events_of_the_program_s_own() {
    let p = compile(
        r#"program "Shop" { currency USD }
attribute event.points number
attribute event.reason text
ledger points { expire 12 months after earning }
earn "Base" on purchase { award 1 point per USD of tx.amount }
earn "Adjustment" on event "adjustment" { award 1 point per event.points }
burn "Correction" from points { rate 1 point = 0.01 USD }"#,
    );
    let adjust = |id: &str, day: &str, points: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "custom", "name": "adjustment", "id": "{id}", "timestamp": "{day}T09:00:00Z",
                "attributes": {{"points": "{points}", "reason": "migration"}}}}"#
        ))
        .unwrap()
    };
    let correct = |id: &str, day: &str, points: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "redemption", "id": "{id}", "timestamp": "{day}T09:00:00Z",
                "burn": "Correction", "points": "{points}"}}"#
        ))
        .unwrap()
    };
    let mut state = p.new_state(&Member::new("m"));
    let outcomes = replay(
        &p,
        &mut state,
        &[
            adjust("open", "2026-01-02", "12000"),
            buy("p1", "2026-02-01", "80.00"),
            correct("fix", "2026-02-03", "300"),
        ],
    );
    assert_eq!(outcomes[0].awards[0].rule, "Adjustment");
    assert_eq!(outcomes[0].awards[0].points.to_string(), "12000");
    assert_eq!(balance(&state), "11780");
    assert_eq!(
        lots(&state),
        [
            (
                "open".to_string(),
                "11700".to_string(),
                Some(d("2027-01-01"))
            ),
            ("p1".to_string(), "80".to_string(), Some(d("2027-01-31"))),
        ]
    );
    // A correction larger than the balance is refused, and changes nothing.
    let m = Member::new("m");
    let err = p
        .evaluate_with(&m, &state, &correct("fix2", "2026-02-04", "20000"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "redemption fix2 refused: not enough points: 20000 asked, 11780 available"
    );
}

#[test]
fn pending_points_vest_after_the_return_window() {
    let p = program("pending 30 days");
    let mut s = p.new_state(&Member::new("m"));
    let o = replay(
        &p,
        &mut s,
        &[
            buy("p1", "2026-01-15", "120.00"),
            buy("p2", "2026-02-01", "20.00"),
        ],
    );
    assert!(o[0]
        .explain()
        .contains("  lot of 170 points, pending until 2026-02-14, no expiry date\n"));
    let w = s.wallet("points").unwrap();
    let at = |day: &str| {
        (
            w.available(d(day)).to_string(),
            w.pending(d(day)).to_string(),
        )
    };
    assert_eq!(at("2026-02-13"), ("0".into(), "190".into()));
    assert_eq!(at("2026-02-14"), ("170".into(), "20".into()));
    assert_eq!(at("2026-03-03"), ("190".into(), "0".into()));
    // Never expiring: years later, nothing has expired.
    let o = replay(&p, &mut s, &[time("2036-01-01")]);
    assert!(o[0].change.expired.is_empty());
    assert_eq!(balance(&s), "190");
}

#[test]
fn inactivity_expires_every_lot_and_a_purchase_extends_them() {
    let p = program("expire after 6 months without activity");
    let mut s = p.new_state(&Member::new("m"));
    let o = replay(
        &p,
        &mut s,
        &[
            buy("p1", "2026-01-10", "30.00"),
            buy("p2", "2026-05-01", "20.00"),
        ],
    );
    // A lot has no date of its own: the explanation says what ends it.
    assert_eq!(
        o[0].change.lots[0].inactive,
        Some(loyalty_rules::Period::Months(6))
    );
    assert!(
        o[0].explain()
            .contains("  lot of 30 points, expires after 6 months without activity\n"),
        "{}",
        o[0].explain()
    );
    // Six months after 1 May is 1 November: until then, nothing expires.
    let o = replay(&p, &mut s, &[time("2026-10-31")]);
    assert!(o[0].change.expired.is_empty());
    let o = replay(&p, &mut s, &[time("2026-11-01")]);
    let expired: Vec<(String, String, NaiveDate)> = o[0]
        .change
        .expired
        .iter()
        .map(|e| (e.event.clone(), e.points.to_string(), e.on))
        .collect();
    assert_eq!(
        expired,
        [
            ("p1".into(), "30".into(), d("2026-11-01")),
            ("p2".into(), "20".into(), d("2026-11-01"))
        ]
    );
    assert_eq!(balance(&s), "0");
}

#[test]
fn a_fixed_expiry_day() {
    let p = program("expire on 2027-01-01");
    let mut s = p.new_state(&Member::new("m"));
    replay(&p, &mut s, &[buy("p1", "2026-06-01", "10.00")]);
    assert_eq!(
        lots(&s),
        [("p1".into(), "10".into(), Some(d("2026-12-31")))]
    );
    // Earned after the day: held for its own day only.
    replay(&p, &mut s, &[buy("p2", "2027-02-01", "7.00")]);
    assert_eq!(lots(&s), [("p2".into(), "7".into(), Some(d("2027-02-01")))]);
    assert_eq!(balance(&s), "7");
    replay(&p, &mut s, &[time("2027-02-02")]);
    assert_eq!(balance(&s), "0");
}

#[test]
fn bad_ledgers_and_bad_lots_are_refused() {
    let bad = |ledger: &str| {
        let e = Program::compile(&format!(
            "program \"G\" {{ currency USD }}\n{ledger}\nearn \"B\" on purchase {{ award 1 point }}\n"
        ))
        .unwrap_err();
        (
            e.errors[0].code,
            e.errors[0].message.clone(),
            e.errors[0].line,
        )
    };
    assert_eq!(
        bad("ledger miles { pending 3 days }").0,
        Code::UnknownBalance
    );
    assert_eq!(
        bad("ledger points { expire 0 months after earning }"),
        (
            Code::InvalidValue,
            "a number of months is a whole number from 1 to 120, not 0".into(),
            2
        )
    );
    assert_eq!(
        bad("ledger points { pending 1.5 days }"),
        (
            Code::InvalidValue,
            "a number of days is a whole number from 1 to 3660, not 1.5".into(),
            2
        )
    );
    assert_eq!(
        bad("ledger points { expire on 2026-02-30 }"),
        (Code::InvalidValue, "2026-02-30 is not a date".into(), 2)
    );
    assert_eq!(
        bad("ledger points { expire never  expire on 2027-01-01 }"),
        (Code::Duplicate, "a ledger has one `expire`".into(), 2)
    );
    assert_eq!(
        bad("ledger points { }\nledger points { }").0,
        Code::Duplicate
    );
    // Lots whose dates are out of order, or with more points than earned.
    let state = |lot: &str| {
        MemberState::from_json(&format!(
            r#"{{"schema": 1, "program": "Grocer", "member": "m", "wallets": {{"points": {{"lots": [{lot}]}}}}}}"#
        ))
    };
    let e = state(r#"{"event": "p1", "earned_on": "2026-05-01", "earned": "10", "points": "10", "expires_on": "2026-04-30"}"#)
        .unwrap_err();
    assert_eq!(e.path, "wallets.points");
    assert_eq!(
        e.message,
        "lot 0 (event p1): it expires (2026-04-30) before it was earned (2026-05-01)"
    );
    let e = state(r#"{"event": "p1", "earned_on": "2026-05-01", "earned": "10", "points": "12"}"#)
        .unwrap_err();
    assert_eq!(
        e.message,
        "lot 0 (event p1): 12 points left is more than the 10 it was earned with"
    );
    // Lots that hold more points together than a decimal holds: their
    // sum, which a host reads as the balance's available points, was the
    // first lot's alone.
    let big = r#"{"event": "pE", "earned_on": "2026-05-01", "earned": "50000000000000000000000000000", "points": "50000000000000000000000000000"}"#;
    let e = state(&format!("{big}, {}", big.replace("pE", "pF"))).unwrap_err();
    assert_eq!(e.path, "wallets.points");
    assert_eq!(
        e.message,
        "its lots hold more points together than a decimal holds (lot 1, event pF, passes it)"
    );
    // An outcome that expires a lot the state does not have is refused whole.
    let p = program("expire 1 month after earning");
    let mut s = p.new_state(&Member::new("m"));
    replay(&p, &mut s, &[buy("p1", "2026-01-10", "10.00")]);
    let o = p
        .evaluate_with(&Member::new("m"), &s, &time("2026-03-01"))
        .unwrap();
    // Another state of the member, with an event of its own.
    let mut fresh = p.new_state(&Member::new("m"));
    replay(&p, &mut fresh, &[buy("q1", "2026-01-11", "10.00")]);
    let mut other = fresh.clone();
    assert_eq!(
        other.apply(&o).unwrap_err().to_string(),
        "balance points has no such lot of event p1"
    );
    assert_eq!(other, fresh);
    assert_eq!(other.recent.iter().collect::<Vec<_>>(), ["q1"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    /// Whatever the purchases and the time passing: what was earned is
    /// what is held plus what expired, the balance is the lots' sum, no
    /// lot is negative, and evaluation is deterministic.
    #[test]
    fn points_are_conserved(
        ledger in prop::sample::select(vec![
            "expire 3 months after earning",
            "expire 2 months after earning at end of quarter  pending 10 days",
            "expire after 40 days without activity",
            "expire on 2026-09-01",
            "expire at end of quarter",
            "expire never",
        ]),
        steps in prop::collection::vec((0..400u32, 0..300u32, 0..4u8), 1..20),
    ) {
        let p = program(ledger);
        let m = Member::new("m");
        let mut s = p.new_state(&m);
        let start = d("2026-01-01");
        let mut earned = loyalty_rules::Decimal::ZERO;
        let dec = |x: Exact| x.as_decimal().unwrap();
        let mut days: Vec<(u32, u32, u8)> = steps;
        days.sort_unstable();
        for (i, (offset, amount, kind)) in days.into_iter().enumerate() {
            let day = (start + chrono::Days::new(u64::from(offset))).to_string();
            let e = match kind {
                0 if amount > 0 => buy(&format!("p{i}"), &day, &format!("{amount}.00")),
                1 if amount > 0 => Event::from_json(&format!(
                    r#"{{"kind": "redemption", "id": "r{i}", "timestamp": "{day}T12:00:00Z",
                        "burn": "Spend", "points": "{amount}"}}"#
                ))
                .unwrap(),
                // A return of the purchase made at step `amount % i`, if any.
                2 if i > 0 => Event::from_json(&format!(
                    r#"{{"kind": "return", "id": "x{i}", "timestamp": "{day}T12:00:00Z",
                        "purchase": "p{}", "lines": [{{"line": 0, "quantity": 1}}]}}"#,
                    amount as usize % i
                ))
                .unwrap(),
                _ => time(&day),
            };
            let available = s.wallet("points").map(|w| {
                let gone: Vec<String> = p
                    .evaluate_with(&m, &s, &time(&day))
                    .unwrap()
                    .change
                    .expired
                    .iter()
                    .map(|x| x.event.clone())
                    .collect();
                w.lots
                    .iter()
                    .filter(|l| !gone.contains(&l.event))
                    .filter(|l| l.vests_on.is_none_or(|v| v <= d(&day)))
                    .map(|l| dec(l.points))
                    .sum::<loyalty_rules::Decimal>()
            });
            let o = match p.evaluate_with(&m, &s, &e) {
                Ok(o) => o,
                Err(loyalty_rules::EvalError::Refused { .. })
                | Err(loyalty_rules::EvalError::ReturnRefused { .. }) => continue,
                Err(other) => panic!("{other}"),
            };
            if let Some(r) = &o.redemption {
                prop_assert!(dec(r.points) <= available.unwrap_or_default());
                let paid: loyalty_rules::Decimal = r.lots.iter().map(|l| dec(l.points)).sum();
                prop_assert_eq!(paid, dec(r.points));
            }
            prop_assert_eq!(&p.evaluate_with(&m, &s, &e).unwrap(), &o);
            for l in &o.change.lots {
                earned += dec(l.lot.earned);
            }
            s.apply(&o).unwrap();
            let w = s.wallet("points").cloned().unwrap_or_default();
            prop_assert!(w.lots.iter().all(|l| !l.points.is_negative() && l.points <= l.earned));
            prop_assert_eq!(
                dec(w.total()) + dec(w.expired) + dec(w.redeemed) + dec(w.reversed),
                earned
            );
            let balance = s.balance("points").map_or(loyalty_rules::Decimal::ZERO, dec);
            prop_assert_eq!(balance, dec(w.total()) - dec(w.owed));
        }
    }
}

/// Found writing a ride-hailing app's referral program: the referred
/// member's points were in the outcome but could reach no state (`apply`
/// refused an outcome of another member). The referral's outcome now
/// carries each other recipient's part, which `apply` puts in that
/// member's state: the points, and a lot of a ledger balance.
#[test]
fn a_referred_members_points_go_into_that_members_state() {
    let p = compile(
        r#"
program "Rides" { currency EUR  timezone "Europe/Paris" }
ledger points { expire 12 months after earning  pending 7 days }
earn "Refer" on referral { award 1000 points to referrer  award 500 points to referred }
"#,
    );
    let (ana, ben, carl) = (Member::new("ana"), Member::new("ben"), Member::new("carl"));
    let mut a = p.new_state(&ana);
    let mut b = p.new_state(&ben);
    let referral = Event::from_json(
        r#"{"kind": "referral", "id": "f1", "timestamp": "2026-03-03T10:00:00+01:00",
            "referrer": "ana", "referred": "ben"}"#,
    )
    .unwrap();
    let o = p.evaluate_with(&ana, &a, &referral).unwrap();
    a.apply(&o).unwrap();
    b.apply(&o).unwrap();
    assert_eq!(balance(&a), "1000");
    assert_eq!(balance(&b), "500");
    assert_eq!(
        lots(&b),
        [("f1".to_string(), "500".to_string(), Some(d("2027-03-02")))]
    );
    let lot = &b.wallet("points").unwrap().lots[0];
    assert_eq!(
        (lot.earned_on, lot.vests_on, lot.rules.clone()),
        (
            d("2026-03-03"),
            Some(d("2026-03-10")),
            vec!["Refer".to_string()]
        )
    );
    assert_eq!(b.events, 1);
    // Nothing of the referrer's own goes into the referred member's state.
    assert!(b.rules.is_empty() && b.counters.is_empty());
    assert_eq!(lots(&a).len(), 1);
    // A member the referral does not credit: refused, unchanged.
    let mut c = p.new_state(&carl);
    let before = c.clone();
    assert_eq!(
        c.apply(&o).unwrap_err().to_string(),
        "the state belongs to member carl, not ana"
    );
    assert_eq!(c, before);
    let mut elsewhere = MemberState::new("Other", "ben");
    assert_eq!(
        elsewhere.apply(&o).unwrap_err().to_string(),
        "the state belongs to program \"Other\", not \"Rides\""
    );
}

#[test]
fn a_balance_with_decimals_is_shown_in_its_decimals() {
    // A cash-back balance in cents: every amount of it, an award, a lot, a
    // return, an expiry, reads as its total does ("0.50 cash"), not "0.5".
    let p = compile(
        r#"
program "Drugstore" { currency USD  balance cash redeemable precision 2 }
ledger cash { expire 12 months after earning }
returns { within 30 days }
earn "Back" on purchase for each line where line.category != "rx" { award 1% of line.amount to cash }
earn "Rx" on purchase for each line where line.category == "rx" { award 0.1 points per line.quantity to cash }
"#,
    );
    let buy = Event::from_json(
        r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-03-01T12:00:00Z", "currency": "USD",
            "lines": [{"sku": "SHAMPOO", "category": "beauty", "quantity": 1, "unit_price": "20.00"},
                      {"sku": "RX", "category": "rx", "quantity": 3, "unit_price": "12.00"}]}"#,
    )
    .unwrap();
    let back = Event::from_json(
        r#"{"kind": "return", "id": "r1", "timestamp": "2026-03-05T12:00:00Z", "purchase": "p1",
            "lines": [{"line": 1, "quantity": 3}]}"#,
    )
    .unwrap();
    let mut s = p.new_state(&Member::new("m"));
    let o = replay(&p, &mut s, &[buy, back, time("2027-03-02")]);
    let awards: Vec<String> = o[0].awards.iter().map(|a| a.points.to_string()).collect();
    assert_eq!(awards, ["0.20", "0.30"]);
    let lot = &o[0].change.lots[0].lot;
    assert_eq!(
        (lot.earned.to_string(), lot.points.to_string()),
        ("0.50".into(), "0.50".into())
    );
    let text = o[0].explain();
    assert!(text.contains("  0.20 cash from \"Back\""), "{text}");
    assert!(text.contains("  0.30 cash from \"Rx\""), "{text}");
    assert!(
        text.contains("  lot of 0.50 cash, holds through 2027-02-28"),
        "{text}"
    );
    let r = o[1].returned.as_ref().unwrap();
    assert_eq!(r.points["cash"].to_string(), "0.30");
    assert_eq!(r.lots[0].points.to_string(), "0.30");
    assert!(o[1]
        .explain()
        .contains("returned from purchase p1: 0.30 cash"));
    assert_eq!(o[2].change.expired[0].points.to_string(), "0.20");
    assert!(o[2]
        .explain()
        .contains("expired on 2027-03-01: 0.20 cash earned on 2026-03-01"));
    assert_eq!(s.balance("cash").unwrap().to_string(), "0.00");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(128)))]

    /// A host's own ledger kept from each outcome's parts (what was
    /// earned, what a redemption spent, what a return took back, what
    /// expired) agrees with the state's balance, whichever way a return
    /// treats points already spent. (Found by the generators' doc example,
    /// which took the shortfall off a second time.)
    #[test]
    fn a_ledger_kept_from_the_outcomes_agrees_with_the_state(
        (shortfall, m, history) in host_histories()
    ) {
        let program = host_program(shortfall);
        let mut state = program.new_state(&m);
        let mut mine = loyalty_rules::Decimal::ZERO;
        let mut earned = loyalty_rules::Decimal::ZERO;
        let d = |x: &Exact| x.as_decimal().unwrap();
        for event in &history {
            let Ok(o) = program.evaluate_with(&m, &state, event) else { continue };
            mine += o.points(&m.id, "points");
            if let Some(r) = &o.redemption {
                mine -= d(&r.points);
            }
            if let Some(r) = &o.returned {
                mine -= r.points.get("points").map(d).unwrap_or_default();
                mine += r.forgiven.get("points").map(d).unwrap_or_default();
            }
            if let Some(c) = &o.cancelled {
                // Less what pays points a return forgave since.
                mine += d(&c.points) - d(&c.withheld);
            }
            for e in &o.change.expired {
                mine -= d(&e.points);
            }
            for i in &o.issued {
                mine -= d(&i.points);
            }
            state.apply(&o).unwrap();
            let balance = state.balance("points").map(|b| d(&b)).unwrap_or_default();
            prop_assert_eq!(mine, balance, "{}", o.explain());
            // Notes are issued as soon as the points to spend pay for one,
            // and the state stays one the program reads.
            if shortfall.ends_with("+notes") {
                let day = o.change.day;
                let available = state.wallet("points").map(|w| d(&w.available(day)));
                prop_assert!(available.unwrap_or_default() < 700.into(), "{}", o.explain());
            }
            prop_assert!(program.check_state(&state).is_ok(), "{}", o.explain());
            // What was earned is what the lots hold and what left them.
            earned += o
                .change
                .lots
                .iter()
                .filter(|l| l.balance == "points")
                .map(|l| d(&l.lot.earned))
                .sum::<loyalty_rules::Decimal>();
            let w = state.wallet("points").cloned().unwrap_or_default();
            prop_assert_eq!(
                d(&w.total()) + d(&w.expired) + d(&w.redeemed) + d(&w.reversed),
                earned,
                "{}",
                o.explain()
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(256)))]

    /// A redemption cancelled is as if it had not been made: the balance
    /// and the wallet's accounts right after the cancellation are those of
    /// the same history without the redemption and its cancellation (time
    /// passed to the cancellation's instant), whatever came between
    /// (returns that owed or forgave its points among them, notes issued
    /// automatically). Compared when every other event is accepted or
    /// refused alike in both, and no lot expired between the two.
    #[test]
    fn a_cancelled_redemption_is_as_if_it_had_not_been_made(
        (shortfall, m, history) in host_histories()
    ) {
        let program = host_program(shortfall);
        let Some(c) = history.iter().position(|e| matches!(e, Event::Cancellation(_))) else {
            return Ok(());
        };
        let Event::Cancellation(cancellation) = &history[c] else { unreachable!() };
        let Some(r) = history.iter().position(|e| e.id() == cancellation.redemption) else {
            return Ok(());
        };
        // Each event's outcome (or none when refused), up to the cancellation.
        let run = |skip: Option<usize>| {
            let mut state = program.new_state(&m);
            let mut outcomes = Vec::new();
            for (i, e) in history.iter().enumerate().take(c + 1) {
                if Some(i) == skip {
                    outcomes.push(None);
                    continue;
                }
                // Without the redemption, time passes to the cancellation's
                // instant instead (notes are issued as points vest).
                let passing;
                let e = if skip.is_some() && i == c {
                    passing = Event::from_json(&format!(
                        r#"{{"kind": "time", "id": "to-c", "timestamp": "{}"}}"#,
                        e.timestamp().to_rfc3339()
                    ))
                    .unwrap();
                    &passing
                } else {
                    e
                };
                let o = program.evaluate_with(&m, &state, e).ok();
                if let Some(o) = &o {
                    state.apply(o).unwrap();
                }
                outcomes.push(o);
            }
            (state, outcomes)
        };
        let (with, done) = run(None);
        let (without, alike) = run(Some(r));
        if done[r].is_none() || done[c].is_none() {
            return Ok(()); // refused: nothing was made or cancelled
        }
        for i in (0..c).filter(|i| *i != r) {
            if done[i].is_some() != alike[i].is_some() {
                return Ok(()); // the redemption's points changed what else could be done
            }
        }
        let expired = |o: &[Option<Outcome>]| {
            o[r..=c].iter().flatten().any(|o| !o.change.expired.is_empty())
        };
        if expired(&done) || expired(&alike) {
            return Ok(());
        }
        let d = |s: &MemberState| s.balance("points").map(|b| b.to_string());
        prop_assert_eq!(d(&with), d(&without), "{}", done[c].as_ref().unwrap().explain());
        let accounts = |s: &MemberState| {
            s.wallet("points").map(|w| {
                (w.total(), w.expired, w.redeemed, w.reversed, w.owed)
            })
        };
        prop_assert_eq!(accounts(&with), accounts(&without));
    }
}

/// A shortfall policy (with `+notes`, the program also issues a reward
/// automatically), and a member and a history for the host program under
/// it.
fn host_histories() -> impl Strategy<Value = (&'static str, Member, Vec<Event>)> {
    let policies = vec!["negative", "forgive", "negative+notes", "forgive+notes"];
    prop::sample::select(policies).prop_flat_map(|policy| {
        let words = loyalty_rules::generators::Vocabulary::of(&host_program(policy));
        (
            Just(policy),
            loyalty_rules::generators::member(&words),
            loyalty_rules::generators::events(&words, 16),
        )
    })
}

/// The generators' doc example's program, with either shortfall policy;
/// with `+notes`, a 5 USD note issued automatically for every 700 points,
/// which are pending for a week.
fn host_program(policy: &str) -> Program {
    let (shortfall, notes, pending) = match policy.split_once('+') {
        Some((shortfall, _)) => (shortfall, NOTES, "  pending 7 days"),
        None => (policy, "", ""),
    };
    compile(&format!(
        "program \"Grocer\" {{ currency USD }}\n\
         ledger points {{ expire 12 months after earning{pending} }}\n\
         returns {{ within 14 days  shortfall {shortfall} }}\n\
         earn \"Base\" on purchase {{ award 10 points per USD of tx.amount }}\n\
         burn \"Pay with points\" from points {{ rate 100 points = 1 USD  minimum 500 points }}\n\
         {notes}"
    ))
}

/// The automatic reward of the host program `+notes`.
const NOTES: &str = "reward \"5 USD note\" costs 700 points automatically\n";

/// The history the generators' doc example failed on in CI: 1345 points
/// earned, 500 spent, the purchase returned. Owed, the balance is -500;
/// forgiven, 0; what the return reports says which.
#[test]
fn points_spent_before_a_return_are_owed_or_forgiven_as_reported() {
    for (policy, balance, forgiven) in [("negative", "-500", "0"), ("forgive", "0", "500")] {
        let p = host_program(policy);
        let mut s = p.new_state(&Member::new("m"));
        let events = [
            r#"{"kind": "purchase", "id": "E-1", "timestamp": "2026-05-08T03:31:50Z", "currency": "USD",
                "lines": [{"sku": "SKU-1", "quantity": 1, "unit_price": "197.85", "discount": "63.31"}]}"#,
            r#"{"kind": "redemption", "id": "E-2", "timestamp": "2026-05-08T03:31:51Z",
                "burn": "Pay with points", "points": 500, "order": "0.01"}"#,
            r#"{"kind": "return", "id": "R-2", "timestamp": "2026-05-13T03:32:50Z", "purchase": "E-1",
                "lines": [{"line": 0, "quantity": 1}]}"#,
        ]
        .map(|e| Event::from_json(e).unwrap());
        let outcomes = replay(&p, &mut s, &events);
        let r = outcomes[2].returned.as_ref().unwrap();
        assert_eq!(r.points["points"].to_string(), "1345", "{policy}");
        assert_eq!(r.shortfall["points"].to_string(), "500", "{policy}");
        let f = r
            .forgiven
            .get("points")
            .map_or("0".into(), ToString::to_string);
        assert_eq!(f, forgiven, "{policy}");
        assert_eq!(self::balance(&s), balance, "{policy}");
    }
}

/// Found writing a hotel program from its published terms ("points expire
/// after 24 months without earning or redeeming"): only a credit was
/// activity, so a member who redeemed lost the rest of their points as if
/// they had done nothing. `expire after N months without earning or
/// redeeming` makes a redemption activity too; a redemption cancelled is
/// no longer activity (the balance's last activity goes back, unless it
/// was credited since); `without activity` stays earning only.
#[test]
fn redeeming_is_activity_when_the_ledger_says_so() {
    let redeem = |id: &str, day: &str, points: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "redemption", "id": "{id}", "timestamp": "{day}T12:00:00Z", "burn": "Spend", "points": "{points}"}}"#
        ))
        .unwrap()
    };
    let cancel = |day: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "cancellation", "id": "c1", "timestamp": "{day}T12:00:00Z", "redemption": "r1"}}"#
        ))
        .unwrap()
    };
    let expired = |o: &Outcome| -> Vec<String> {
        o.change
            .expired
            .iter()
            .map(|e| format!("{} {} {}", e.on, e.event, e.points))
            .collect()
    };
    let history = [
        buy("p1", "2026-01-10", "30.00"),
        redeem("r1", "2026-03-01", "10"),
    ];
    // Earning only: six months after 10 January.
    let p = program("expire after 6 months without activity");
    let mut s = p.new_state(&Member::new("m"));
    let o = replay(&p, &mut s, &history);
    assert!(o[1].change.activity.is_empty());
    assert_eq!(
        s.wallet("points").unwrap().last_activity,
        Some(d("2026-01-10"))
    );
    let o = replay(&p, &mut s, &[time("2026-07-10")]);
    assert_eq!(expired(&o[0]), ["2026-07-10 p1 20"]);
    // Earning or redeeming: six months after 1 March.
    let p = program("expire after 6 months without earning or redeeming");
    let mut s = p.new_state(&Member::new("m"));
    let o = replay(&p, &mut s, &history);
    assert_eq!(o[1].change.activity, ["points"]);
    assert!(o[0]
        .explain()
        .contains("  lot of 30 points, expires after 6 months without earning or redeeming\n"));
    assert!(
        o[1].explain()
            .contains("  activity for points: earning or redeeming keeps its lots from expiring\n"),
        "{}",
        o[1].explain()
    );
    assert_eq!(
        s.wallet("points").unwrap().last_activity,
        Some(d("2026-03-01"))
    );
    let mut kept = s.clone();
    let o = replay(&p, &mut kept, &[time("2026-07-10")]);
    assert!(expired(&o[0]).is_empty());
    let o = replay(&p, &mut kept, &[time("2026-09-01")]);
    assert_eq!(expired(&o[0]), ["2026-09-01 p1 20"]);
    // The redemption cancelled: it was not activity after all.
    replay(&p, &mut s, &[cancel("2026-03-03")]);
    assert_eq!(
        s.wallet("points").unwrap().last_activity,
        Some(d("2026-01-10"))
    );
    let o = replay(&p, &mut s, &[time("2026-07-10")]);
    assert_eq!(expired(&o[0]), ["2026-07-10 p1 30"]);
}

/// An outcome that fails half way (its lot expired, then a lot to spend
/// from that this state does not have) leaves the state as it was: the
/// expiry it applied first is undone too.
#[test]
fn an_outcome_that_fails_half_way_leaves_the_state_as_it_was() {
    let p = program("expire 30 days after earning");
    let redeem = Event::from_json(
        r#"{"kind": "redemption", "id": "r1", "timestamp": "2026-02-05T12:00:00Z", "burn": "Spend", "points": "100"}"#,
    )
    .unwrap();
    let mut a = p.new_state(&Member::new("m"));
    replay(
        &p,
        &mut a,
        &[
            buy("p1", "2026-01-01", "100.00"),
            buy("p2", "2026-01-20", "200.00"),
        ],
    );
    let o = p.evaluate_with(&Member::new("m"), &a, &redeem).unwrap();
    // p1's 150 points expired after 2026-01-30; the redemption spends from p2.
    assert_eq!(o.change.expired.len(), 1);
    assert_eq!(o.change.spent.first().map(|s| s.event.as_str()), Some("p2"));
    // Another member's history of the same days, without p2.
    let mut b = p.new_state(&Member::new("m"));
    replay(
        &p,
        &mut b,
        &[
            buy("p1", "2026-01-01", "100.00"),
            buy("p3", "2026-01-20", "300.00"),
        ],
    );
    let before = serde_json::to_string(&b).unwrap();
    let e = b.apply(&o).unwrap_err();
    assert_eq!(
        e,
        loyalty_rules::StateError::NoSuchLot {
            balance: "points".into(),
            event: "p2".into()
        }
    );
    assert_eq!(serde_json::to_string(&b).unwrap(), before);
    // Applied to the state it was evaluated against, it goes through.
    a.apply(&o).unwrap();
    assert_eq!(balance(&a), "150");
}

/// Applying an outcome costs what it changes, not what the state holds:
/// a member's thousands of lots (points that expire only after months
/// without activity) were copied on every event to keep `apply` atomic
/// (20,000 purchases: 35 s in a release build).
#[test]
fn applying_costs_what_the_outcome_changes_not_the_state_s_size() {
    let p = program("expire after 24 months without activity");
    let m = Member::new("m");
    let mut state = p.new_state(&m);
    let start = d("2020-01-01");
    let mut outcomes = Vec::new();
    for i in 0..4_000 {
        let day = start + chrono::Duration::days(i / 4);
        let e = buy(&format!("p{i}"), &day.to_string(), "10.00");
        let o = p.evaluate_with(&m, &state, &e).unwrap();
        outcomes.push(o);
        let o = outcomes.last().unwrap();
        state.apply(o).unwrap();
    }
    assert_eq!(balance(&state), "40000");
    assert_eq!(state.wallet("points").unwrap().lots.len(), 4_000);
    // Applying alone, again from nothing: timed.
    let mut again = p.new_state(&m);
    let started = std::time::Instant::now();
    for o in &outcomes {
        again.apply(o).unwrap();
    }
    let took = started.elapsed();
    assert_eq!(again, state);
    assert!(took < std::time::Duration::from_secs(1), "took {took:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    /// An outcome applied out of turn (to the state of an earlier point of
    /// the history, before the outcomes it follows) is applied whole or
    /// not at all: on an error the state is byte for byte what it was.
    #[test]
    fn an_outcome_applied_out_of_turn_changes_all_or_nothing(
        (policy, member, events) in host_histories()
    ) {
        let p = host_program(policy);
        let mut s = p.new_state(&member);
        let mut states = vec![s.clone()];
        let mut outcomes = Vec::new();
        for e in &events {
            let Ok(o) = p.evaluate_with(&member, &s, e) else { continue };
            if s.apply(&o).is_ok() {
                outcomes.push(o);
                states.push(s.clone());
            }
        }
        for (k, o) in outcomes.iter().enumerate() {
            for earlier in states.iter().take(k) {
                let mut t = earlier.clone();
                let before = serde_json::to_string(&t).unwrap();
                if t.apply(o).is_err() {
                    prop_assert_eq!(serde_json::to_string(&t).unwrap(), before);
                }
            }
        }
    }
}

/// An outcome whose last step fails (the balance's total overflows, in a
/// state read from JSON with the largest balance a decimal holds) after
/// its lot, receipt, counters and rule use were added: none of them stays.
#[test]
fn an_outcome_that_fails_at_its_last_step_leaves_nothing_behind() {
    let p = program("expire 12 months after earning");
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(&p, &mut s, &[buy("p1", "2026-01-01", "100.00")]);
    let o = p
        .evaluate_with(&m, &s, &buy("p2", "2026-02-01", "20.00"))
        .unwrap();
    assert_eq!(o.change.lots.len(), 1);
    assert!(o.change.receipt.is_some());
    let json = serde_json::to_string(&s).unwrap();
    let full = json.replace(
        r#""balances":{"points":"150"}"#,
        r#""balances":{"points":"79228162514264337593543950335"}"#,
    );
    assert_ne!(full, json);
    let mut full = MemberState::from_json(&full).unwrap();
    let before = serde_json::to_string(&full).unwrap();
    let e = full.apply(&o).unwrap_err();
    assert!(
        matches!(e, loyalty_rules::StateError::Overflow { .. }),
        "{e:?}"
    );
    assert_eq!(serde_json::to_string(&full).unwrap(), before);
    assert_eq!(lots(&full).len(), 1);
}

/// A redemption or a return reads the lots that still hold in time linear
/// in the member's lots: each lot was compared with every lot that had
/// expired (20,000 lots gone at once after a year without activity: 3.5
/// billion instructions for one redemption).
#[test]
fn the_lots_that_still_hold_are_found_in_linear_time() {
    let n = 20_000;
    let state = |last_activity: &str, expires: &dyn Fn(usize) -> String| {
        let lots: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"event": "p{i}", "earned_on": "2024-01-01", "earned": "10", "points": "10"{}}}"#,
                    expires(i)
                )
            })
            .collect();
        MemberState::from_json(&format!(
            r#"{{"schema": 1, "program": "Grocer", "member": "m", "balances": {{"points": "{}"}},
                "wallets": {{"points": {{"lots": [{}], "last_activity": "{last_activity}"}}}}}}"#,
            n * 10,
            lots.join(",")
        ))
        .unwrap()
    };
    let redeem = |points: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "redemption", "id": "r1", "timestamp": "2026-06-01T12:00:00Z", "burn": "Spend", "points": "{points}"}}"#
        ))
        .unwrap()
    };
    let m = Member::new("m");
    let started = std::time::Instant::now();
    // Every lot gone by inactivity: refused, nothing available.
    let p = program("expire after 24 months without activity");
    let e = p
        .evaluate_with(&m, &state("2024-01-01", &|_| String::new()), &redeem("100"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "redemption r1 refused: not enough points: 100 asked, 0 available"
    );
    // Every other lot past its date: the redemption takes the first two
    // that hold, soonest expiring first.
    let p = program("expire 12 months after earning");
    let dated = |i: usize| {
        let day = if i.is_multiple_of(2) {
            "2025-01-31"
        } else {
            "2026-12-31"
        };
        format!(r#", "expires_on": "{day}""#)
    };
    let o = p
        .evaluate_with(&m, &state("2024-01-01", &dated), &redeem("15"))
        .unwrap();
    let spent: Vec<(String, String)> = o
        .change
        .spent
        .iter()
        .map(|l| (l.event.clone(), l.points.to_string()))
        .collect();
    assert_eq!(
        spent,
        [
            ("p1".to_string(), "10".to_string()),
            ("p3".into(), "5".into())
        ]
    );
    assert_eq!(o.change.expired.len(), n / 2);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(1), "took {took:?}");
}

/// Applying an outcome that takes from thousands of lots (a year of
/// purchases expiring at once, a redemption of all of them) costs what it
/// takes: each lot taken was searched for among all the lots, and the
/// wallet copied without the emptied ones after each (20,000 lots: 10 s
/// in a release build). Lots that share an event and a day are taken in
/// the wallet's order.
#[test]
fn taking_from_thousands_of_lots_is_not_quadratic() {
    let n = 20_000;
    // Lots 2k and 2k + 1 were earned by one event on one day (a lot and
    // the refund of goods paid with points, say).
    let lots: Vec<String> = (0..n)
        .map(|i| {
            let points = if i % 2 == 0 { 10 } else { 20 };
            format!(
                r#"{{"event": "p{}", "earned_on": "2024-01-01", "earned": "{points}", "points": "{points}"}}"#,
                i / 2
            )
        })
        .collect();
    let state = MemberState::from_json(&format!(
        r#"{{"schema": 1, "program": "Grocer", "member": "m", "balances": {{"points": "{}"}},
            "wallets": {{"points": {{"lots": [{}], "last_activity": "2024-01-01"}}}}}}"#,
        n / 2 * 30,
        lots.join(",")
    ))
    .unwrap();
    let m = Member::new("m");
    let started = std::time::Instant::now();
    // A redemption of all but 5 points: every lot taken, but the last.
    let p = program("expire after 24 months without activity");
    let mut spent = state.clone();
    let asked = n / 2 * 30 - 5;
    let r = Event::from_json(&format!(
        r#"{{"kind": "redemption", "id": "r1", "timestamp": "2025-06-01T12:00:00Z", "burn": "Spend", "points": "{asked}"}}"#
    ))
    .unwrap();
    let o = p.evaluate_with(&m, &spent, &r).unwrap();
    assert_eq!(o.change.spent.len(), n);
    spent.apply(&o).unwrap();
    let w = spent.wallet("points").unwrap();
    assert_eq!(
        lots_of(&spent),
        [(
            "p9999".to_string(),
            "2024-01-01".to_string(),
            "5".to_string()
        )]
    );
    assert_eq!(w.redeemed.to_string(), asked.to_string());
    assert_eq!(balance(&spent), "5");
    // A purchase after 24 months without activity: every lot expires.
    let mut expired = state.clone();
    let o = p
        .evaluate_with(&m, &expired, &buy("late", "2026-06-01", "7.00"))
        .unwrap();
    assert_eq!(o.change.expired.len(), n);
    expired.apply(&o).unwrap();
    let w = expired.wallet("points").unwrap();
    assert_eq!(
        lots_of(&expired),
        [(
            "late".to_string(),
            "2026-06-01".to_string(),
            "7".to_string()
        )]
    );
    assert_eq!(w.expired.to_string(), (n / 2 * 30).to_string());
    assert_eq!(balance(&expired), "7");
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(4), "took {took:?}");
}

fn lots_of(s: &MemberState) -> Vec<(String, String, String)> {
    s.wallet("points")
        .unwrap()
        .lots
        .iter()
        .map(|l| {
            (
                l.event.clone(),
                l.earned_on.to_string(),
                l.points.to_string(),
            )
        })
        .collect()
}

/// Applying an outcome that expires and spends lots, then fails at its
/// last step (the count of events overflowing), leaves the wallet as it
/// was: a lot expired at the front, a lot spent whole between two others,
/// a lot spent in part, each put back at its place with its points; and
/// so for a purchase that also adds a lot. Without the overflow the same
/// outcomes apply.
#[test]
fn an_outcome_that_fails_after_taking_from_lots_leaves_them_as_they_were() {
    let p = compile(
        "program \"P\" { currency USD }\n\
         ledger points { expire 1 month after earning }\n\
         burn \"Spend\" from points { rate 100 points = 1 USD }\n\
         earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n",
    );
    let m = Member::new("m");
    let lot = |event: &str, earned: &str, expires: &str| {
        format!(
            r#"{{"event": "{event}", "earned_on": "{earned}", "earned": "100", "points": "100", "expires_on": "{expires}"}}"#
        )
    };
    let state = |events: &str| {
        MemberState::from_json(&format!(
            r#"{{"schema": 1, "program": "P", "member": "m", "balances": {{"points": "400"}},
                "wallets": {{"points": {{"lots": [{}, {}, {}, {}], "last_activity": "2026-01-04"}}}},
                "events": {events}}}"#,
            lot("p1", "2026-01-01", "2026-01-31"),
            lot("p2", "2026-01-02", "2026-12-31"),
            lot("p3", "2026-01-03", "2026-03-01"),
            lot("p4", "2026-01-04", "2026-12-31"),
        ))
        .unwrap()
    };
    let redeem = Event::from_json(
        r#"{"kind": "redemption", "id": "r1", "timestamp": "2026-02-25T12:00:00Z",
            "burn": "Spend", "points": "150"}"#,
    )
    .unwrap();
    let full = state("18446744073709551615");
    let o = p.evaluate_with(&m, &full, &redeem).unwrap();
    // p1 expired; p3 (soonest expiring) spent whole, p2 in part.
    let lots_of = |s: &MemberState| -> Vec<(String, String)> {
        s.wallets["points"]
            .lots
            .iter()
            .map(|l| (l.event.clone(), l.points.to_string()))
            .collect()
    };
    let mut plain = state("4");
    plain.apply(&o).unwrap();
    let pair = |e: &str, p: &str| (e.to_string(), p.to_string());
    assert_eq!(lots_of(&plain), [pair("p2", "50"), pair("p4", "100")]);
    assert_eq!(balance(&plain), "150");
    let before = serde_json::to_string(&full).unwrap();
    let mut failing = full.clone();
    assert!(failing.apply(&o).is_err());
    assert_eq!(serde_json::to_string(&failing).unwrap(), before);
    assert_eq!(failing, full);
    // A purchase that expires lots and adds its own.
    let o = p
        .evaluate_with(&m, &full, &buy("p5", "2026-03-05", "20.00"))
        .unwrap();
    assert_eq!(o.change.expired.len(), 2);
    let mut plain = state("4");
    plain.apply(&o).unwrap();
    assert_eq!(
        lots_of(&plain),
        [pair("p2", "100"), pair("p4", "100"), pair("p5", "20")]
    );
    let mut failing = full.clone();
    assert!(failing.apply(&o).is_err());
    assert_eq!(serde_json::to_string(&failing).unwrap(), before);
    // And one that only adds its lot.
    let o = p
        .evaluate_with(&m, &full, &buy("p6", "2026-01-20", "20.00"))
        .unwrap();
    assert!(o.change.expired.is_empty());
    let mut failing = full.clone();
    assert!(failing.apply(&o).is_err());
    assert_eq!(serde_json::to_string(&failing).unwrap(), before);
}

/// Found migrating members by hand-written states: a state whose balance
/// kept as lots had points and no lots (a member's points from before the
/// ledger) was read, then refused every redemption for want of points
/// (`500` in `loyalty balances`, `0 available` to spend). A balance kept
/// as lots is what its lots hold, less what returns left owed: a state
/// that says otherwise is refused, with what to write, before anything
/// is evaluated or read from it.
#[test]
fn a_balance_kept_as_lots_must_be_what_its_lots_hold() {
    let p = program("expire 12 months after earning");
    let m = Member::new("m");
    let hand = MemberState::from_json(
        r#"{"schema": 1, "program": "Grocer", "member": "m", "balances": {"points": "500"}}"#,
    )
    .unwrap();
    let e = p
        .evaluate_with(&m, &hand, &buy("p1", "2026-03-01", "10.00"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "member m's points is 500, but its lots come to 0: a balance the program keeps as lots \
         (`ledger points`) is what its lots hold, less what returns left owed; give the state \
         a lot for the points earned before it, dated the day they count from: \"wallets\": {\"points\": {\"lots\": [{\"event\": \
         \"opening\", \"earned_on\": \"2026-01-01\", \"earned\": \"500\", \"points\": \"500\"}]}}"
    );
    assert!(matches!(
        e,
        loyalty_rules::EvalError::State {
            reason: loyalty_rules::StateError::LotsDoNotAddUp { .. }
        }
    ));
    assert!(p.expiring(&hand, d("2026-03-01")).is_err());
    assert!(p.check_state(&hand).is_err());
    // Written as the error says, the points are there to spend.
    let opened = MemberState::from_json(
        r#"{"schema": 1, "program": "Grocer", "member": "m", "balances": {"points": "500"},
            "wallets": {"points": {"lots": [{"event": "opening", "earned_on": "2026-01-01",
            "earned": "500", "points": "500"}]}}}"#,
    )
    .unwrap();
    let spend = Event::from_json(
        r#"{"kind": "redemption", "id": "r1", "timestamp": "2026-03-01T12:00:00Z",
            "burn": "Spend", "points": "500"}"#,
    )
    .unwrap();
    let o = p.evaluate_with(&m, &opened, &spend).unwrap();
    assert_eq!(o.redemption.unwrap().points.to_string(), "500");
    // Lots that hold more than the balance, less what is owed, are refused too.
    let owed = MemberState::from_json(
        r#"{"schema": 1, "program": "Grocer", "member": "m", "balances": {"points": "-20"},
            "wallets": {"points": {"owed": "20"}}}"#,
    )
    .unwrap();
    assert!(p
        .evaluate_with(&m, &owed, &buy("p1", "2026-03-01", "10.00"))
        .is_ok());
    let more = MemberState::from_json(
        r#"{"schema": 1, "program": "Grocer", "member": "m", "balances": {"points": "100"},
            "wallets": {"points": {"lots": [{"event": "p0", "earned_on": "2026-01-01",
            "earned": "300", "points": "300"}]}}}"#,
    )
    .unwrap();
    assert_eq!(
        p.evaluate_with(&m, &more, &buy("p1", "2026-03-01", "10.00"))
            .unwrap_err()
            .to_string(),
        "member m's points is 100, but its lots come to 300: a balance the program keeps as lots \
         (`ledger points`) is what its lots hold, less what returns left owed"
    );
}

/// "Points expire at the end of the year (quarter, month) they were earned
/// in": `expire at end of year`, each lot through the last day of its own
/// period.
#[test]
fn lots_expire_at_the_end_of_the_period_they_were_earned_in() {
    for (ledger, first, second) in [
        ("expire at end of year", "2026-12-31", "2027-12-31"),
        ("expire at end of quarter", "2026-03-31", "2027-03-31"),
        ("expire at end of month", "2026-02-28", "2027-01-31"),
    ] {
        let p = program(ledger);
        let mut s = p.new_state(&Member::new("m"));
        let o = replay(&p, &mut s, &[buy("p1", "2026-02-10", "20.00")]);
        assert_eq!(
            lots(&s),
            [("p1".into(), "20".into(), Some(d(first)))],
            "{ledger}"
        );
        assert!(
            o[0].explain()
                .contains(&format!("  lot of 20 points, holds through {first}\n")),
            "{ledger}"
        );
        let o = replay(&p, &mut s, &[time(first)]);
        assert!(o[0].change.expired.is_empty(), "{ledger}");
        let next = d(first).succ_opt().unwrap().to_string();
        let o = replay(&p, &mut s, &[time(&next)]);
        assert_eq!(
            o[0].explain().lines().nth(1),
            Some(
                format!("  expired on {next}: 20 points earned on 2026-02-10 (event p1)").as_str()
            ),
            "{ledger}"
        );
        replay(&p, &mut s, &[buy("p2", "2027-01-01", "30.00")]);
        assert_eq!(
            lots(&s),
            [("p2".into(), "30".into(), Some(d(second)))],
            "{ledger}"
        );
    }
}
