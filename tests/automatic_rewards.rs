#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Rewards issued automatically (`reward "10 USD Note" costs 1000 points
//! automatically`), as department stores publish their notes: as soon as
//! an event leaves the member that many points to spend, the outcome
//! issues the rewards they pay for, from the lots in the ledger's spending
//! order, and applying it takes the points.

mod common;

use common::fixtures::{buy, compile, replay, time};
use loyalty_rules::{Code, Event, Member, MemberState, Outcome, Program};

const STORE: &str = r#"
program "Store" { currency USD }
ledger points { LEDGER }
earn "Base" on purchase { award 10 points per USD of tx.amount }
reward "10 USD Note" costs 1000 points automatically
returns { within 30 days  SHORTFALL }
"#;

fn store(ledger: &str, shortfall: &str) -> Program {
    compile(
        &STORE
            .replace("LEDGER", ledger)
            .replace("SHORTFALL", shortfall),
    )
}

fn back(id: &str, day: &str, purchase: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "return", "id": "{id}", "timestamp": "{day}T12:00:00Z",
            "purchase": "{purchase}", "lines": [{{"line": 0, "quantity": 1}}]}}"#
    ))
    .unwrap()
}

/// What an outcome issued: (reward, how many, points, lots as event:points).
fn issued(o: &Outcome) -> Vec<(String, u64, String, Vec<String>)> {
    o.issued
        .iter()
        .map(|i| {
            (
                i.reward.clone(),
                i.count,
                i.points.to_string(),
                i.lots
                    .iter()
                    .map(|l| format!("{}:{}", l.event, l.points))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn a_note_is_issued_as_soon_as_the_points_pay_for_it() {
    let p = store("", "");
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let o = replay(
        &p,
        &mut s,
        &[
            buy("p1", "2026-03-01", "85.00"),
            buy("p2", "2026-03-05", "40.00"),
            buy("p3", "2026-03-09", "250.00"),
        ],
    );
    // 850 points: no note yet.
    assert!(o[0].issued.is_empty());
    // 850 + 400: one note, from p1's lot first, then p2's.
    assert_eq!(
        issued(&o[1]),
        vec![(
            "10 USD Note".into(),
            1,
            "1000".into(),
            vec!["p1:850".into(), "p2:150".into()]
        )]
    );
    // 250 + 2500: two notes at once.
    assert_eq!(
        issued(&o[2]),
        vec![(
            "10 USD Note".into(),
            2,
            "2000".into(),
            vec!["p2:250".into(), "p3:1750".into()]
        )]
    );
    // The credits are what the rules gave, notes or not.
    assert_eq!(o[2].totals[0].points.to_string(), "2500");
    assert_eq!(s.balance("points").unwrap().to_string(), "750");
    let w = s.wallet("points").unwrap();
    assert_eq!(w.redeemed.to_string(), "3000");
    assert_eq!(w.lots.len(), 1);
    assert_eq!(
        (w.lots[0].event.as_str(), w.lots[0].points.to_string()),
        ("p3", "750".to_string())
    );
    // The explanation says what was issued and which lots paid.
    let text = o[2].explain();
    assert!(
        text.contains(
            "  issued 2 × reward \"10 USD Note\" for 2000 points (1000 each)\n    250 from the lot of event p2 (earned 2026-03-05)\n    1750 from the lot of event p3 (earned 2026-03-09)\n"
        ),
        "{text}"
    );
    // In JSON, as the host reads it to send the notes.
    let json = serde_json::to_value(&o[1]).unwrap();
    assert_eq!(json["issued"][0]["reward"], "10 USD Note");
    assert_eq!(json["issued"][0]["count"], 1);
    assert_eq!(json["issued"][0]["points"], "1000");
    // A later evaluation reads the state as consistent (lots = balance).
    let next = p.evaluate_with(&m, &s, &buy("p4", "2026-03-10", "1.00"));
    assert!(next.is_ok());
}

#[test]
fn pending_points_are_issued_when_they_vest() {
    let p = store("pending 14 days", "");
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let o = replay(
        &p,
        &mut s,
        &[
            buy("p1", "2026-03-01", "120.00"),
            time("2026-03-14"),
            time("2026-03-15"),
        ],
    );
    assert!(o[0].issued.is_empty());
    assert!(o[1].issued.is_empty(), "still pending on the 14th");
    assert_eq!(
        issued(&o[2]),
        vec![(
            "10 USD Note".into(),
            1,
            "1000".into(),
            vec!["p1:1000".into()]
        )]
    );
    assert_eq!(s.balance("points").unwrap().to_string(), "200");
}

#[test]
fn a_balance_without_a_ledger_pays_from_its_total() {
    let p = compile(
        "program \"Cafe\" { currency USD  balance stars }\n\
         earn \"Stars\" on purchase { award 2 stars per USD of tx.amount }\n\
         reward \"Free drink\" costs 150 stars automatically\n",
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let o = replay(&p, &mut s, &[buy("p1", "2026-03-01", "160.00")]);
    assert_eq!(
        issued(&o[0]),
        vec![("Free drink".into(), 2, "300".into(), vec![])]
    );
    assert_eq!(s.balance("stars").unwrap().to_string(), "20");
    // Without a state, the event's own points are what issues.
    let o = p.evaluate(&m, &buy("p2", "2026-03-01", "80.00")).unwrap();
    assert_eq!(
        issued(&o),
        vec![("Free drink".into(), 1, "150".into(), vec![])]
    );
    // The lean totals are the credits, as the explained ones.
    let p2 = buy("p2", "2026-03-01", "80.00");
    let lean = p.points(&m, &p2).unwrap();
    assert_eq!(lean.get("m", "stars").to_string(), "160");
}

#[test]
fn a_return_after_the_note_leaves_what_it_cannot_take_owed_or_forgiven() {
    for (shortfall, balance, owed) in [("", "-500", "500"), ("shortfall forgive", "0", "0")] {
        let p = store("", shortfall);
        let m = Member::new("m");
        let mut s = p.new_state(&m);
        let o = replay(
            &p,
            &mut s,
            &[
                buy("p1", "2026-03-01", "50.00"),
                buy("p2", "2026-03-02", "60.00"),
                back("r1", "2026-03-03", "p2"),
            ],
        );
        assert_eq!(issued(&o[1]).len(), 1);
        // 1100 earned, 1000 issued: the return takes back 600, of which
        // the lots have 100 left.
        assert!(o[2].issued.is_empty());
        assert_eq!(
            s.balance("points").unwrap().to_string(),
            balance,
            "{shortfall}"
        );
        assert_eq!(
            s.wallet("points").unwrap().owed.to_string(),
            owed,
            "{shortfall}"
        );
        // The next purchase's 1000 pay what is owed before a note.
        let o = replay(&p, &mut s, &[buy("p3", "2026-03-04", "100.00")]);
        let (left, notes) = if shortfall.is_empty() {
            ("500", 0)
        } else {
            ("0", 1)
        };
        assert_eq!(
            s.balance("points").unwrap().to_string(),
            left,
            "{shortfall}"
        );
        assert_eq!(o[0].issued.len(), notes, "{shortfall}");
    }
}

#[test]
fn an_automatic_reward_has_no_condition_and_no_discount() {
    let e = Program::compile(
        "program \"S\" { currency USD }\ntiers { member gold }\n\
         earn \"B\" on purchase { award 1 point }\n\
         reward \"Note\" costs 1000 points automatically when member.tier >= gold\n",
    );
    let e = match e {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    };
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(e.errors[0].code, Code::InvalidValue, "{e}");
    assert_eq!(
        e.errors[0].message,
        "a reward issued automatically has no condition: it is issued to every member the points pay for"
    );
    // Refused for its condition, the reward is still known to a campaign
    // that names it (found in the CLI: it said no reward is named "Note").
    let e = match Program::compile(
        "program \"S\" { currency USD }\ntiers { member gold }\n\
         earn \"B\" on purchase { award 1 point }\n\
         reward \"Note\" costs 1000 points automatically when member.tier >= gold\n\
         campaign \"Half\" every saturday { discount \"Note\" by 50% }\n",
    ) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    };
    assert_eq!(e.errors.len(), 2, "{e}");
    assert_eq!(
        e.errors[1].message,
        "reward \"Note\" is issued automatically, at its cost: a campaign cannot discount it"
    );
    let e = match Program::compile(
        "program \"S\" { currency USD }\n\
         earn \"B\" on purchase { award 1 point }\n\
         reward \"Note\" costs 1000 points automatically\n\
         campaign \"Half\" every saturday { discount \"Note\" by 50% }\n",
    ) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    };
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(
        e.errors[0].message,
        "reward \"Note\" is issued automatically, at its cost: a campaign cannot discount it"
    );
}

/// More rewards than a count holds (a state written by hand with a balance
/// near the largest a decimal holds, a cost of a cent) is an error that
/// names the reward, never a count cut short or no reward at all; the
/// lean totals, which issue nothing, are the credits.
#[test]
fn more_rewards_than_a_count_holds_is_an_error_naming_the_reward() {
    let p = compile(
        "program \"Cash\" { currency USD  balance cash precision 2 }\n\
         earn \"Back\" on purchase { award 1% of tx.amount to cash }\n\
         reward \"Cent\" costs 0.01 cash automatically\n",
    );
    let m = Member::new("m");
    let s = MemberState::from_json(
        r#"{"schema": 1, "program": "Cash", "member": "m",
            "balances": {"cash": "792281625142643375935439.50"}}"#,
    )
    .unwrap();
    let p1 = buy("p1", "2026-03-01", "10.00");
    let e = p.evaluate_with(&m, &s, &p1).unwrap_err();
    assert_eq!(
        e,
        loyalty_rules::EvalError::Overflow {
            rule: "Cent".into(),
            during: "the rewards issued".into()
        }
    );
    let lean = p.points_with(&m, &s, &p1).unwrap();
    assert_eq!(lean.get("m", "cash").to_string(), "0.10");
}

/// Several rewards issued automatically from one balance: each in
/// declaration order takes what its cost pays for of what the ones before
/// it left, lot by lot.
#[test]
fn several_automatic_rewards_share_the_points_in_declaration_order() {
    let p = compile(
        "program \"Store\" { currency USD }\n\
         ledger points { }\n\
         earn \"Base\" on purchase { award 10 points per USD of tx.amount }\n\
         reward \"25 USD Note\" costs 2500 points automatically\n\
         reward \"10 USD Note\" costs 1000 points automatically\n",
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let o = replay(
        &p,
        &mut s,
        &[
            buy("p1", "2026-03-01", "200.00"),
            buy("p2", "2026-03-02", "170.00"),
        ],
    );
    // p1: 2000 points, two 10 USD notes. p2: 1700, one 10 USD note.
    assert_eq!(
        issued(&o[0]),
        vec![(
            "10 USD Note".into(),
            2,
            "2000".into(),
            vec!["p1:2000".into()]
        )]
    );
    assert_eq!(
        issued(&o[1]),
        vec![(
            "10 USD Note".into(),
            1,
            "1000".into(),
            vec!["p2:1000".into()]
        )]
    );
    let mut s = p.new_state(&m);
    let o = replay(&p, &mut s, &[buy("p3", "2026-03-03", "370.00")]);
    assert_eq!(
        issued(&o[0]),
        vec![
            (
                "25 USD Note".into(),
                1,
                "2500".into(),
                vec!["p3:2500".into()]
            ),
            (
                "10 USD Note".into(),
                1,
                "1000".into(),
                vec!["p3:1000".into()]
            ),
        ]
    );
    assert_eq!(s.balance("points").unwrap().to_string(), "200");
    assert_eq!(
        s.wallet("points").unwrap().lots[0].points.to_string(),
        "200"
    );
    assert_eq!(s.wallet("points").unwrap().redeemed.to_string(), "3500");
    assert!(o[0]
        .explain()
        .contains("  lot of 3700 points (200 left after the rewards issued), no expiry date\n"));
}

/// Found by the property that time events change nothing the events do:
/// points that vested since the member's last event are issued as of the
/// day they vested, before the next event, whether or not the host sent
/// a `time` event that day. A redemption after them finds the points the
/// notes left; lots that ended before that day expired first; redeeming
/// is activity on that day.
#[test]
fn points_that_vested_since_the_last_event_are_issued_on_their_day() {
    let p = compile(
        "program \"Store\" { currency USD }\n\
         ledger points { pending 3 days  expire after 12 months without earning or redeeming }\n\
         earn \"Base\" on purchase { award 10 points per USD of tx.amount }\n\
         burn \"Spend\" from points { rate 100 points = 1 USD }\n\
         reward \"10 USD Note\" costs 1000 points automatically\n",
    );
    let m = Member::new("m");
    let spend = Event::from_json(
        r#"{"kind": "redemption", "id": "r1", "timestamp": "2026-03-20T12:00:00Z",
            "burn": "Spend", "points": "500"}"#,
    )
    .unwrap();
    let mut plain = p.new_state(&m);
    replay(&p, &mut plain, &[buy("p1", "2026-03-01", "120.00")]);
    let mut ticked = plain.clone();
    let tick = replay(&p, &mut ticked, &[time("2026-03-10")]);
    assert_eq!(
        issued(&tick[0]),
        vec![(
            "10 USD Note".into(),
            1,
            "1000".into(),
            vec!["p1:1000".into()]
        )]
    );
    assert_eq!(tick[0].issued[0].on.to_string(), "2026-03-04");
    // Without the time event, the redemption's evaluation issues the note
    // first, on the day the points vested, then finds 200 points.
    let o = p.evaluate_with(&m, &plain, &spend).unwrap_err();
    assert_eq!(
        o.to_string(),
        p.evaluate_with(&m, &ticked, &spend)
            .unwrap_err()
            .to_string()
    );
    assert!(o.to_string().contains("500 asked, 200 available"), "{o}");
    // A purchase then carries the note issued on 2026-03-04, and its own.
    let o = replay(&p, &mut plain, &[buy("p2", "2026-03-20", "100.00")]);
    assert_eq!(
        issued(&o[0]),
        vec![(
            "10 USD Note".into(),
            1,
            "1000".into(),
            vec!["p1:1000".into()]
        )]
    );
    assert_eq!(o[0].issued[0].on.to_string(), "2026-03-04");
    let text = o[0].explain();
    assert!(
        text.contains(
            "  issued on 2026-03-04 (points vested): 1 × reward \"10 USD Note\" for 1000 points\n    1000 from the lot of event p1 (earned 2026-03-01)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  activity for points on 2026-03-04: earning or redeeming keeps its lots from expiring\n"),
        "{text}"
    );
    replay(&p, &mut ticked, &[buy("p2", "2026-03-20", "100.00")]);
    // The same state either way, to the last activity.
    assert_eq!(plain.wallets, ticked.wallets);
    assert_eq!(plain.balances, ticked.balances);
    assert_eq!(
        plain
            .wallet("points")
            .unwrap()
            .last_activity
            .unwrap()
            .to_string(),
        "2026-03-20"
    );
}

/// A member whose 20,000 lots vested on 30 days since the last event (a
/// state written by hand, or a long absence): the next event issues their
/// notes day by day at a cost of the days times the lots, not of the lots
/// squared, and the state it leaves is consistent.
#[test]
fn notes_from_thousands_of_lots_cost_the_days_times_the_lots() {
    let p = compile(
        "program \"Store\" { currency USD }\n\
         ledger points { pending 30 days }\n\
         earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n\
         reward \"10 USD Note\" costs 1000 points automatically\n",
    );
    let n = 20_000;
    let lots: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"event": "p{i}", "earned_on": "2026-01-01", "earned": "10", "points": "10", "vests_on": "2026-01-{:02}"}}"#,
                2 + i % 30
            )
        })
        .collect();
    let state = MemberState::from_json(&format!(
        r#"{{"schema": 1, "program": "Store", "member": "m", "balances": {{"points": "{}"}},
            "wallets": {{"points": {{"lots": [{}]}}}}}}"#,
        n * 10,
        lots.join(",")
    ))
    .unwrap();
    let started = std::time::Instant::now();
    let mut s = state.clone();
    let o = replay(&p, &mut s, &[buy("late", "2026-02-15", "7.00")]);
    let notes: u64 = o[0].issued.iter().map(|i| i.count).sum();
    assert_eq!(notes, 200);
    assert_eq!(o[0].issued.len(), 30, "one issue a day the lots vested");
    assert_eq!(s.balance("points").unwrap().to_string(), "7");
    assert_eq!(s.wallet("points").unwrap().lots.len(), 1);
    assert!(p.check_state(&s).is_ok());
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(4), "took {took:?}");
}
