#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! What a member's lots will lose to expiry (`Program::expiring`): by
//! balance and by day, as the ledger's own rules end them. Each day listed
//! is the day a `time` event expires exactly those points, and the day
//! before it expires none of them.

mod common;

use common::fixtures::{buy, compile};
use loyalty_rules::{Event, Member, MemberState, NaiveDate, Program, StateError};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn redeem(id: &str, day: &str, points: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "redemption", "id": "{id}", "timestamp": "{day}T12:00:00Z", "burn": "Spend", "points": "{points}"}}"#
    ))
    .unwrap()
}

fn time(day: &NaiveDate) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "time", "id": "t-{day}", "timestamp": "{day}T00:00:00Z"}}"#
    ))
    .unwrap()
}

fn program(ledgers: &str) -> Program {
    compile(&format!(
        "program \"Grocer\" {{ currency USD  balance cash precision 2 }}\n{ledgers}\n\
         earn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n\
         earn \"Back\" on purchase {{ award 1% of tx.amount to cash }}\n\
         burn \"Spend\" from points {{ rate 100 points = 1 USD }}\n"
    ))
}

fn replay(p: &Program, events: &[Event]) -> MemberState {
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    for e in events {
        let o = p.evaluate_with(&m, &s, e).unwrap();
        s.apply(&o).unwrap();
    }
    s
}

/// (balance, day, points, lots, without activity) of each entry.
fn listed(p: &Program, s: &MemberState, as_of: &str) -> Vec<(String, String, String, usize, bool)> {
    p.expiring(s, d(as_of))
        .unwrap()
        .iter()
        .map(|x| {
            (
                x.balance.clone(),
                x.on.to_string(),
                x.points.to_string(),
                x.lots,
                x.without_activity,
            )
        })
        .collect()
}

/// Each listed day, a `time` event that day expires exactly what was
/// listed for it (of each balance), and the day before expires none of it
/// (once what ended before `as_of`, not listed, is expired).
fn agrees_with_expiry(p: &Program, s: &MemberState, as_of: &str) {
    let m = Member::new("m");
    let mut state = s.clone();
    let o = p.evaluate_with(&m, &state, &time(&d(as_of))).unwrap();
    state.apply(&o).unwrap();
    for x in p.expiring(s, d(as_of)).unwrap() {
        let before = x.on.pred_opt().unwrap();
        if before > d(as_of) {
            let o = p.evaluate_with(&m, &state, &time(&before)).unwrap();
            assert!(
                o.change.expired.iter().all(|e| e.balance != x.balance),
                "{before}: {:?}",
                o.change.expired
            );
            state.apply(&o).unwrap();
        }
        let o = p.evaluate_with(&m, &state, &time(&x.on)).unwrap();
        let expired: Vec<_> = o
            .change
            .expired
            .iter()
            .filter(|e| e.balance == x.balance)
            .collect();
        let mut sum = loyalty_rules::Exact::ZERO;
        for e in &expired {
            assert_eq!(e.on, x.on);
            sum = sum.checked_add(e.points).unwrap();
        }
        assert_eq!(
            (sum.to_string(), expired.len()),
            (x.points.to_string(), x.lots),
            "{}",
            x.on
        );
        state.apply(&o).unwrap();
    }
}

#[test]
fn lots_expiring_at_the_end_of_the_next_month_are_listed_by_day() {
    let p = program(
        "ledger points { expire 1 month after earning at end of month }\n\
         ledger cash { expire 12 months after earning  pending 30 days }",
    );
    let s = replay(
        &p,
        &[
            buy("p1", "2026-10-15", "106.00"),
            buy("p2", "2026-11-02", "40.00"),
            buy("p3", "2026-11-21", "502.00"),
            // Spends the soonest expiring first: p1's 106 (to the end of
            // November), then p2's 40 and 4 of p3 (both to the end of
            // December, the older first).
            redeem("r1", "2026-11-25", "150"),
        ],
    );
    // Cash is kept 12 months to the day (earned 15 October 2026, it holds
    // through 14 October 2027); pending lots expire too.
    assert_eq!(
        listed(&p, &s, "2026-11-25"),
        [
            ("points".into(), "2027-01-01".into(), "498".into(), 1, false),
            ("cash".into(), "2027-10-15".into(), "1.06".into(), 1, false),
            ("cash".into(), "2027-11-02".into(), "0.40".into(), 1, false),
            ("cash".into(), "2027-11-21".into(), "5.02".into(), 1, false),
        ]
    );
    agrees_with_expiry(&p, &s, "2026-11-25");
    // A day on which the first lots of cash no longer hold: not listed.
    assert_eq!(
        listed(&p, &s, "2027-10-20")
            .iter()
            .map(|x| x.1.as_str())
            .collect::<Vec<_>>(),
        ["2027-11-02", "2027-11-21"]
    );
}

#[test]
fn lots_of_a_ledger_without_activity_end_together_and_a_credit_moves_the_day() {
    let p = program(
        "ledger points { expire after 6 months without earning or redeeming }\n\
         ledger cash { expire on 2027-01-01 }",
    );
    let s = replay(
        &p,
        &[
            buy("p1", "2026-01-10", "20.00"),
            buy("p2", "2026-02-10", "30.00"),
        ],
    );
    assert_eq!(
        listed(&p, &s, "2026-03-01"),
        [
            ("points".into(), "2026-08-10".into(), "50".into(), 2, true),
            ("cash".into(), "2027-01-01".into(), "0.50".into(), 2, false),
        ]
    );
    agrees_with_expiry(&p, &s, "2026-03-01");
    // A redemption is activity: the day moves for every lot.
    let s = replay(
        &p,
        &[
            buy("p1", "2026-01-10", "20.00"),
            buy("p2", "2026-02-10", "30.00"),
            redeem("r1", "2026-04-01", "5"),
        ],
    );
    assert_eq!(
        listed(&p, &s, "2026-04-02")[0],
        ("points".into(), "2026-10-01".into(), "45".into(), 2, true)
    );
    agrees_with_expiry(&p, &s, "2026-04-02");
}

#[test]
fn lots_that_never_expire_and_states_of_other_programs() {
    let p = program("ledger points { expire never }");
    let s = replay(&p, &[buy("p1", "2026-01-10", "20.00")]);
    assert!(p.expiring(&s, d("2026-03-01")).unwrap().is_empty());
    let other = compile("program \"Other\" { currency USD }");
    assert!(matches!(
        other.expiring(&s, d("2026-03-01")),
        Err(StateError::OtherProgram { .. })
    ));
}

/// A state holds what happened up to its last event: read as of a day
/// before it, it would list lots not yet earned on that day, so it is
/// refused (as a tier status is), and the state is read from that day on.
#[test]
fn a_day_before_the_states_last_event_is_refused() {
    let p = program("ledger points { expire 1 month after earning at end of month }");
    let s = replay(
        &p,
        &[
            buy("p1", "2026-01-10", "20.00"),
            buy("p2", "2026-02-20", "30.00"),
        ],
    );
    assert_eq!(
        p.expiring(&s, d("2026-02-19")),
        Err(StateError::ReadBeforeState {
            member: "m".into(),
            as_of: d("2026-02-19"),
            last: d("2026-02-20"),
        })
    );
    let err = p.expiring(&s, d("2026-01-01")).unwrap_err().to_string();
    assert_eq!(
        err,
        "member m: the state holds events of 2026-02-20, so it cannot be read as of \
         2026-01-01; ask as of 2026-02-20 or later"
    );
    assert_eq!(
        listed(&p, &s, "2026-02-20"),
        vec![
            ("points".into(), "2026-03-01".into(), "20".into(), 1, false),
            ("points".into(), "2026-04-01".into(), "30".into(), 1, false),
        ]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(common::cases(64)))]

    /// Whatever the purchases, redemptions and returns, and whichever way
    /// the ledger expires: each day listed at the end is the day a `time`
    /// event expires exactly those points of that balance, in as many
    /// lots, and the day before expires none of them.
    #[test]
    fn the_days_listed_are_the_days_points_expire(
        ledger in proptest::sample::select(vec![
            "expire 3 months after earning",
            "expire 2 months after earning at end of quarter  pending 10 days",
            "expire 1 month after earning at end of month",
            "expire after 40 days without activity",
            "expire after 2 months without earning or redeeming",
            "expire on 2026-09-01",
            "expire at end of month",
        ]),
        steps in proptest::collection::vec((0..300u32, 1..300u32, 0..3u8), 1..16),
    ) {
        let p = compile(&format!(
            "program \"Grocer\" {{ currency USD }}\nledger points {{ {ledger} }}\n\
             earn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n\
             burn \"Spend\" from points {{ rate 100 points = 1 USD }}\n\
             returns {{ within 60 days }}\n"
        ));
        let m = Member::new("m");
        let mut s = p.new_state(&m);
        let start = d("2026-01-01");
        let mut days = steps;
        days.sort_unstable();
        let mut last = start;
        for (i, (offset, amount, kind)) in days.into_iter().enumerate() {
            let day = start + chrono::Days::new(u64::from(offset));
            last = day;
            let e = match kind {
                0 => buy(&format!("p{i}"), &day.to_string(), &format!("{amount}.00")),
                1 => redeem(&format!("r{i}"), &day.to_string(), &amount.to_string()),
                _ => Event::from_json(&format!(
                    r#"{{"kind": "return", "id": "x{i}", "timestamp": "{day}T12:00:00Z",
                        "purchase": "p{}", "lines": [{{"line": 0, "quantity": 1}}]}}"#,
                    amount as usize % (i + 1)
                ))
                .unwrap(),
            };
            // Refused redemptions and returns change nothing.
            if let Ok(o) = p.evaluate_with(&m, &s, &e) {
                s.apply(&o).unwrap();
            }
        }
        agrees_with_expiry(&p, &s, &last.to_string());
    }
}

/// A wallet's points available (and pending) on a day leave out the lots
/// whose last day is before it: a host reading a state some time after its
/// last event was shown points that had already expired, which the next
/// redemption would refuse.
#[test]
fn a_wallet_does_not_count_lots_that_ended_before_the_day() {
    let p = program(
        "ledger points { expire 1 month after earning }\n\
         ledger cash { expire 1 month after earning  pending 40 days }",
    );
    let s = replay(
        &p,
        &[
            buy("p1", "2026-01-15", "120.00"),
            buy("p2", "2026-02-10", "30.00"),
        ],
    );
    let points = s.wallet("points").unwrap();
    // p1 holds through 14 February, p2 through 9 March.
    assert_eq!(points.available(d("2026-02-14")).to_string(), "150");
    assert_eq!(points.available(d("2026-02-15")).to_string(), "30");
    assert_eq!(points.available(d("2026-03-10")).to_string(), "0");
    // Every point still in the lots, until an evaluation expires them.
    assert_eq!(points.total().to_string(), "150");
    // Pending past its last day: p2's cash vests on 22 March, after it
    // ended on 10 March; it is neither available nor pending then.
    let cash = s.wallet("cash").unwrap();
    assert_eq!(cash.pending(d("2026-03-01")).to_string(), "0.30");
    assert_eq!(cash.pending(d("2026-03-10")).to_string(), "0");
}
