#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Member state: counters by period in the program's time zone, per-member
//! caps and limits, milestones, streaks, badges; state in, state out.

mod common;

use common::fixtures::compile;
use loyalty_rules::{
    EvalError, Event, Member, MemberState, Outcome, Period, Program, StateError, Step,
};

fn purchase(id: &str, ts: &str, amount: &str, qty: u32) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{ts}", "currency": "USD",
            "lines": [{{"sku": "x", "category": "room", "quantity": {qty}, "unit_price": "{amount}"}}]}}"#
    ))
    .unwrap()
}

fn activity(kind: &str, id: &str, ts: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "{kind}", "id": "{id}", "timestamp": "{ts}"}}"#
    ))
    .unwrap()
}

/// A check-in at 10:00 UTC on each of these days of November 2026.
fn check_ins_in_november(days: &[u32]) -> Vec<Event> {
    days.iter()
        .map(|d| {
            activity(
                "check_in",
                &format!("c{d}"),
                &format!("2026-11-{d}T10:00:00Z"),
            )
        })
        .collect()
}

/// Evaluates each event against the state the earlier ones left, applying
/// each outcome; also checks that the lean path gives the same totals and
/// that a state written to JSON and read back gives the same outcome.
fn replay(p: &Program, m: &Member, events: &[Event]) -> (MemberState, Vec<Outcome>) {
    let mut state = p.new_state(m);
    let mut outcomes = Vec::new();
    for e in events {
        let outcome = p.evaluate_with(m, &state, e).unwrap();
        let lean = p.points_with(m, &state, e).unwrap();
        for t in &outcome.totals {
            assert_eq!(lean.get(&t.member, &t.balance), t.points, "lean total");
        }
        let json = serde_json::to_string(&state).unwrap();
        let back = MemberState::from_json(&json).unwrap();
        assert_eq!(back, state, "state JSON round trip");
        assert_eq!(p.evaluate_with(m, &back, e).unwrap(), outcome);
        state.apply(&outcome).unwrap();
        outcomes.push(outcome);
    }
    (state, outcomes)
}

fn points(outcomes: &[Outcome], member: &str) -> Vec<String> {
    outcomes
        .iter()
        .map(|o| o.points(member, "points").to_string())
        .collect()
}

#[test]
fn fifth_purchase_in_a_calendar_month_of_the_program_time_zone() {
    let p = compile(
        r#"program "Cafe" { currency USD timezone "America/New_York" }
        counter purchases
        count 1 to purchases on purchase
        earn "Fifth this month" on purchase when purchases this month == 5 { award 500 points }"#,
    );
    let m = Member::new("m");
    // Four in November (New York), then 2026-12-01T03:00Z, which is still
    // 30 November in New York: the fifth of November.
    let mut events: Vec<Event> = (1..=4)
        .map(|d| {
            purchase(
                &format!("n{d}"),
                &format!("2026-11-0{d}T15:00:00Z"),
                "1.00",
                1,
            )
        })
        .collect();
    events.push(purchase("late", "2026-12-01T03:00:00Z", "1.00", 1));
    // December (New York) starts again from one.
    for d in 1..=5 {
        events.push(purchase(
            &format!("d{d}"),
            &format!("2026-12-0{d}T15:00:00Z"),
            "1.00",
            1,
        ));
    }
    let (state, outcomes) = replay(&p, &m, &events);
    assert_eq!(
        points(&outcomes, "m"),
        ["0", "0", "0", "0", "500", "0", "0", "0", "0", "500"]
    );
    let c = state.counter("purchases").unwrap();
    assert_eq!(c.total.to_string(), "10");
    // `this month` reaches 30 days back: on 5 December, 30 November to 5
    // December are kept, one entry per local day.
    let days: Vec<String> = c.days.keys().map(|d| d.to_string()).collect();
    assert_eq!(
        days,
        [
            "2026-11-30",
            "2026-12-01",
            "2026-12-02",
            "2026-12-03",
            "2026-12-04",
            "2026-12-05"
        ]
    );
    assert_eq!(state.balance("points").unwrap().to_string(), "1000");
    assert_eq!(outcomes[4].change.day.to_string(), "2026-11-30");
    assert_eq!(outcomes[4].change.counters["purchases"].to_string(), "1");
}

#[test]
fn calendar_year_and_week_boundaries() {
    let p = compile(
        r#"program "P" { currency USD timezone "Asia/Tokyo" }
        counter visits
        count 1 to visits on check_in
        earn "Year" on check_in when visits this year == 2 { award 100 points }
        earn "Week" on check_in when visits this week == 2 { award 7 points }"#,
    );
    let m = Member::new("m");
    let events = [
        // Thursday 31 December 2026 in Tokyo.
        activity("check_in", "a", "2026-12-31T10:00:00+09:00"),
        // 2026-12-31T16:00Z is Friday 1 January 2027 in Tokyo: a new year,
        // the same ISO week.
        activity("check_in", "b", "2026-12-31T16:00:00Z"),
        // Sunday 3 January: same year and week.
        activity("check_in", "c", "2027-01-03T23:59:00+09:00"),
        // Monday 4 January: a new week.
        activity("check_in", "d", "2027-01-04T00:00:00+09:00"),
        activity("check_in", "e", "2027-01-04T12:00:00+09:00"),
    ];
    let (_, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["0", "7", "100", "0", "7"]);
}

#[test]
fn membership_year_from_29_february() {
    let p = compile(
        r#"program "P" { currency USD }
        counter stays
        count 1 to stays on purchase
        earn "Second stay of the membership year" on purchase when stays this membership year == 2 {
          award 50 points
        }"#,
    );
    let m: Member = serde_json::from_str(r#"{"id": "m", "join_date": "2024-02-29"}"#).unwrap();
    let events = [
        purchase("a", "2025-02-27T12:00:00Z", "1.00", 1), // year from 2024-02-29
        purchase("b", "2025-02-28T12:00:00Z", "1.00", 1), // year from 2025-02-28: first
        purchase("c", "2025-03-01T12:00:00Z", "1.00", 1), // second
        purchase("d", "2026-02-27T12:00:00Z", "1.00", 1), // third of that year
        purchase("e", "2026-02-28T12:00:00Z", "1.00", 1), // new year: first
        purchase("f", "2026-02-28T13:00:00Z", "1.00", 1), // second
    ];
    let (_, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["0", "0", "50", "0", "0", "50"]);

    // Without a join date the membership year is unknown: the condition
    // does not hold.
    let (_, outcomes) = replay(&p, &Member::new("m"), &events);
    assert_eq!(points(&outcomes, "m"), ["0", "0", "0", "0", "0", "0"]);
}

#[test]
fn rolling_30_days_and_12_months() {
    let p = compile(
        r#"program "P" { currency USD }
        counter spend
        count tx.amount to spend on purchase
        earn "Month spend" on purchase { award 1 point per USD of spend last 30 days }
        earn "Year spend" on purchase { award 1 point per USD of spend last 12 months to year }"#
            .replace("to year", "to yearly")
            .replace(
                "{ currency USD }",
                "{ currency USD balance yearly qualifying }",
            )
            .as_str(),
    );
    let m = Member::new("m");
    let events = [
        purchase("a", "2025-11-28T12:00:00Z", "100.00", 1),
        purchase("b", "2025-11-29T12:00:00Z", "10.00", 1),
        purchase("c", "2026-10-30T12:00:00Z", "1.00", 1),
        // 30 days: 2026-10-30 .. 2026-11-28; 12 months: 2025-11-29 .. 2026-11-28.
        purchase("d", "2026-11-28T12:00:00Z", "0.00", 1),
        // One day later, 2026-10-30 and 2025-11-29 drop out.
        purchase("e", "2026-11-29T12:00:00Z", "0.00", 1),
    ];
    let (_, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["100", "110", "1", "1", "0"]);
    let yearly: Vec<String> = outcomes
        .iter()
        .map(|o| o.points("m", "yearly").to_string())
        .collect();
    assert_eq!(yearly, ["100", "110", "111", "11", "1"]);
}

#[test]
fn days_follow_the_local_calendar_across_a_dst_change() {
    let p = compile(
        r#"program "P" { currency USD timezone "America/New_York" }
        counter visits
        count 1 to visits on check_in
        earn "Second visit today" on check_in when visits today == 2 { award 10 points }"#,
    );
    let m = Member::new("m");
    // Clocks go forward on 8 March 2026 at 02:00 (EST -05:00 to EDT -04:00).
    let events = [
        activity("check_in", "a", "2026-03-08T04:30:00Z"), // 7 March 23:30 EST
        activity("check_in", "b", "2026-03-08T05:30:00Z"), // 8 March 00:30 EST
        activity("check_in", "c", "2026-03-09T03:30:00Z"), // 8 March 23:30 EDT
        activity("check_in", "d", "2026-03-09T04:30:00Z"), // 9 March 00:30 EDT
    ];
    let (state, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["0", "0", "10", "0"]);
    let days: Vec<String> = state
        .counter("visits")
        .unwrap()
        .days
        .keys()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(days, ["2026-03-09"], "only today is kept for `today`");
}

#[test]
fn per_member_cap_per_year_is_reached_in_the_middle_of_an_award() {
    let p = compile(
        r#"program "P" { currency USD timezone "America/Los_Angeles" }
        earn "Reward dollars" on purchase {
          award 10% of tx.amount
          cap 1250 points per member per year
        }"#,
    );
    let m = Member::new("m");
    let events = [
        purchase("a", "2026-03-01T12:00:00Z", "11000.00", 1), // 1100
        purchase("b", "2026-06-01T12:00:00Z", "3000.00", 1),  // 300, 150 fit
        purchase("c", "2026-09-01T12:00:00Z", "1000.00", 1),  // 0 fit
        // 2027-01-01T07:00Z is still 31 December 2026 in Los Angeles.
        purchase("d", "2027-01-01T07:00:00Z", "1000.00", 1),
        // 2027-01-01T09:00Z is 1 January 2027 there: a new year.
        purchase("e", "2027-01-01T09:00:00Z", "1000.00", 1),
    ];
    let (state, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["1100", "150", "0", "0", "100"]);
    let step = outcomes[1].awards[0].steps.last().unwrap();
    match step {
        Step::MemberCap {
            cap,
            period,
            used,
            before,
            after,
            ..
        } => {
            assert_eq!(cap, "cap 1250 points per member per year");
            assert_eq!(*period, Period::Year);
            assert_eq!(
                (used.to_string(), before.to_string(), after.to_string()),
                ("1100".into(), "300".into(), "150".into())
            );
        }
        other => panic!("expected a member cap, got {other:?}"),
    }
    assert!(outcomes[1].explain().contains(
        "capped by `cap 1250 points per member per year`: 1100 already earned this year = 150"
    ));
    let usage = &state.rules["Reward dollars"];
    assert_eq!(usage.times, 5);
    assert_eq!(usage.points["points"].to_string(), "1350");
}

/// Found writing a cash-back card (5% on the quarter's category up to 60
/// USD of cash back): in a balance kept in cents, a cap's step said `40
/// already earned this quarter = 20` under an award of `20.00`. A cap's
/// amounts are said at the award's decimals.
#[test]
fn a_cap_in_a_balance_of_cents_says_its_amounts_in_cents() {
    let p = compile(
        r#"program "Card" { currency USD  precision 2  rounding half_up }
        earn "Bonus" on purchase { award 4% of tx.amount  cap 60 points per member per quarter }
        cap 75 points per transaction"#,
    );
    let m = Member::new("m");
    let events = [
        purchase("a", "2026-01-10T12:00:00Z", "1000.00", 1), // 40.00
        purchase("b", "2026-02-10T12:00:00Z", "800.00", 1),  // 32.00, 20.00 fit
        purchase("c", "2026-03-10T12:00:00Z", "2000.00", 1), // 80.00 (0.00 fit)
    ];
    let (_, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["40.00", "20.00", "0.00"]);
    let text = outcomes[1].explain();
    assert!(
        text.contains("capped by `cap 60 points per member per quarter`: 40.00 already earned this quarter = 20.00\n"),
        "{text}"
    );
    let text = outcomes[2].explain();
    assert!(
        text.contains("capped by `cap 60 points per member per quarter`: 60.00 already earned this quarter = 0.00\n"),
        "{text}"
    );
}

#[test]
fn once_per_member_per_year_across_a_year_end_in_the_time_zone() {
    let p = compile(
        r#"program "P" { currency USD timezone "America/New_York" }
        earn "Annual bonus" on purchase { award 1000 points  limit 1 per member per year }"#,
    );
    let m = Member::new("m");
    let events = [
        purchase("a", "2026-12-31T12:00:00Z", "1.00", 1),
        purchase("b", "2027-01-01T02:00:00Z", "1.00", 1), // 31 Dec in New York
        purchase("c", "2027-01-01T06:00:00Z", "1.00", 1), // 1 Jan in New York
        purchase("d", "2027-06-01T06:00:00Z", "1.00", 1),
    ];
    let (_, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["1000", "0", "1000", "0"]);
    assert_eq!(outcomes[1].limited.len(), 1);
    assert_eq!(outcomes[1].limited[0].limit, "limit 1 per member per year");
    assert_eq!(outcomes[1].limited[0].used, 1);
    assert!(outcomes[1]
        .explain()
        .contains("Annual bonus: not applied, `limit 1 per member per year` reached (1 so far)"));
}

/// `limit once` and `limit twice`, as terms and the design brief write
/// them, are 1 and 2.
#[test]
fn once_and_twice_are_limits_of_one_and_two() {
    let p = compile(
        r#"program "P" { currency USD }
        earn "Annual bonus" on purchase { award 1000 points  limit once per member per year }
        earn "Check-in" on check_in { award 5 points  limit twice per member per week }"#,
    );
    let m = Member::new("m");
    let mut events = check_ins_in_november(&[23, 24, 25]);
    events.push(purchase("a", "2026-11-26T12:00:00Z", "1.00", 1));
    events.push(purchase("b", "2026-11-27T12:00:00Z", "1.00", 1));
    let (_, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["5", "5", "0", "1000", "0"]);
    assert_eq!(
        outcomes[2].limited[0].limit,
        "limit twice per member per week"
    );
    assert_eq!(outcomes[2].limited[0].used, 2);
    assert!(outcomes[4].explain().contains(
        "Annual bonus: not applied, `limit once per member per year` reached (1 so far)"
    ));
}

#[test]
fn at_most_three_check_ins_a_week() {
    let p = compile(
        r#"program "P" { currency USD }
        earn "Check-in" on check_in { award 5 points  limit 3 times per member per week }"#,
    );
    let m = Member::new("m");
    // Monday 23 November 2026 to Monday 30 November.
    let events = check_ins_in_november(&[23, 24, 25, 26, 29, 30]);
    let (_, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["5", "5", "5", "0", "0", "5"]);
}

#[test]
fn milestones_each_mark_once_several_in_one_event() {
    let p = compile(
        r#"program "Hotel" { currency USD }
        counter nights
        count line.quantity to nights on purchase for each line when line.category == "room"
        earn "Night milestones" on purchase {
          award 10000 points per crossed(nights this year, 40, 10)
        }"#,
    );
    let m = Member::new("m");
    let events = [
        purchase("a", "2026-02-01T12:00:00Z", "100.00", 39), // 39
        purchase("b", "2026-03-01T12:00:00Z", "100.00", 1),  // 40: one mark
        purchase("c", "2026-04-01T12:00:00Z", "100.00", 9),  // 49
        purchase("d", "2026-05-01T12:00:00Z", "100.00", 22), // 71: 50, 60, 70
        purchase("e", "2027-01-05T12:00:00Z", "100.00", 40), // new year: 40
    ];
    let (state, outcomes) = replay(&p, &m, &events);
    assert_eq!(
        points(&outcomes, "m"),
        ["0", "10000", "0", "30000", "10000"]
    );
    assert_eq!(state.counter("nights").unwrap().total.to_string(), "111");
    // The award says the counter before and after the event: which marks
    // it crossed shows.
    let d = &outcomes[3].awards[0];
    assert_eq!(d.read, ["nights this year 49 -> 71"]);
    let text = outcomes[3].explain();
    assert!(
        text.contains("    10000 points per crossed(nights this year, 40, 10)\n    nights this year 49 -> 71\n    = 30000 on 3\n"),
        "{text}"
    );
}

#[test]
fn an_award_by_a_counter_says_what_it_read() {
    let p = compile(
        r#"program "Gym" { currency USD }
        counter visits
        count 1 to visits on check_in
        earn "Regular" on check_in { award 5 points per visits this month }"#,
    );
    let m = Member::new("m");
    let visits = [
        activity("check_in", "a", "2026-03-02T07:00:00Z"),
        activity("check_in", "b", "2026-03-04T07:00:00Z"),
    ];
    let (_, outcomes) = replay(&p, &m, &visits);
    assert_eq!(outcomes[1].awards[0].read, ["visits this month is 2"]);
    assert_eq!(points(&outcomes, "m"), ["5", "10"]);
    // Nothing is said of what the event itself holds (its base shows it).
    let p = compile(
        r#"program "P" { currency USD }
        earn "Base" on purchase { award 1 point per USD of tx.amount }"#,
    );
    let (_, outcomes) = replay(&p, &m, &[purchase("c", "2026-03-01T12:00:00Z", "10.00", 1)]);
    assert!(outcomes[0].awards[0].read.is_empty());
}

#[test]
fn an_award_by_a_condition_on_a_counter_says_what_it_read() {
    // Why the third visit earned: the condition's counter, as read.
    let p = compile(
        r#"program "Cafe" { currency USD }
        counter visits
        count 1 to visits on check_in
        earn "Third visit" on check_in when visits lifetime == 3 { award 100 points }"#,
    );
    let visits: Vec<Event> = (1..=3)
        .map(|i| {
            activity(
                "check_in",
                &format!("v{i}"),
                &format!("2026-03-0{i}T07:00:00Z"),
            )
        })
        .collect();
    let (_, outcomes) = replay(&p, &Member::new("m"), &visits);
    assert_eq!(points(&outcomes, "m"), ["0", "0", "100"]);
    assert_eq!(outcomes[2].awards[0].read, ["visits lifetime is 3"]);
    assert!(
        outcomes[2]
            .explain()
            .contains("    100 points\n    visits lifetime is 3\n    = 100\n"),
        "{}",
        outcomes[2].explain()
    );
}

#[test]
fn a_welcome_back_says_the_days_since_it_read() {
    let p = compile(
        r#"program "Gym" { currency USD }
        counter visits
        count 1 to visits on check_in
        earn "Welcome back" on check_in when days_since(visits) > 30 { award 50 points }"#,
    );
    let visits = [
        activity("check_in", "v1", "2026-03-01T07:00:00Z"),
        activity("check_in", "v2", "2026-04-15T07:00:00Z"),
    ];
    let (_, outcomes) = replay(&p, &Member::new("m"), &visits);
    assert_eq!(points(&outcomes, "m"), ["0", "50"]);
    assert_eq!(outcomes[1].awards[0].read, ["days_since(visits) is 45"]);
}

#[test]
fn a_single_mark_without_a_step() {
    let p = compile(
        r#"program "P" { currency USD }
        counter spend
        count tx.amount to spend on purchase
        earn "Gold welcome" on purchase when crossed(spend lifetime, 1000) > 0 { award 250 points }"#,
    );
    let m = Member::new("m");
    let events = [
        purchase("a", "2026-01-01T12:00:00Z", "999.99", 1),
        purchase("b", "2026-01-02T12:00:00Z", "0.01", 1),
        purchase("c", "2026-01-03T12:00:00Z", "5000.00", 1),
    ];
    let (_, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["0", "250", "0"]);
}

#[test]
fn a_streak_of_seven_days_breaks_on_a_day_without_a_check_in() {
    let p = compile(
        r#"program "P" { currency USD timezone "Europe/Paris" }
        counter check_ins
        count 1 to check_ins on check_in
        earn "Seven days" on check_in when check_ins streak == 7 { award 700 points }"#,
    );
    let m = Member::new("m");
    let mut events = Vec::new();
    for d in 1..=7 {
        events.push(activity(
            "check_in",
            &format!("a{d}"),
            &format!("2026-06-0{d}T09:00:00Z"),
        ));
    }
    // A second check-in on day 7 keeps the streak at 7.
    events.push(activity("check_in", "a7b", "2026-06-07T21:00:00Z"));
    // 9 June is missed; from 10 June the streak starts again.
    for d in 10..=16 {
        events.push(activity(
            "check_in",
            &format!("b{d}"),
            &format!("2026-06-{d}T09:00:00Z"),
        ));
    }
    let (state, outcomes) = replay(&p, &m, &events);
    let pts = points(&outcomes, "m");
    assert_eq!(&pts[..8], ["0", "0", "0", "0", "0", "0", "700", "700"]);
    assert_eq!(&pts[8..], ["0", "0", "0", "0", "0", "0", "700"]);
    // The award says the streak it read.
    assert_eq!(outcomes[6].awards[0].read, ["check_ins streak is 7"]);
    let streak = state.counter("check_ins").unwrap().streak.unwrap();
    assert_eq!(
        (streak.last.to_string(), streak.days),
        ("2026-06-16".into(), 7)
    );
}

#[test]
fn three_reviews_this_month_earn_a_badge() {
    let p = compile(
        r#"program "P" { currency USD }
        counter reviews
        count 1 to reviews on review
        earn "Reviewer" on review when reviews this month == 3 {
          award 300 points
          badge "Reviewer"
          limit 1 per member
        }"#,
    );
    let m = Member::new("m");
    let events: Vec<Event> = [3, 10, 17, 24]
        .iter()
        .map(|d| {
            activity(
                "review",
                &format!("r{d}"),
                &format!("2026-11-{d:02}T10:00:00Z"),
            )
        })
        .collect();
    let (state, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["0", "0", "300", "0"]);
    assert_eq!(outcomes[2].change.badges, ["Reviewer"]);
    let badge = state.badge("Reviewer").unwrap();
    assert_eq!(
        (badge.first.to_string(), badge.times),
        ("2026-11-17".into(), 1)
    );
}

#[test]
fn folding_equals_one_by_one_and_outcomes_are_the_only_change() {
    let p = compile(
        r#"program "P" { currency USD }
        counter purchases
        count 1 to purchases on purchase
        earn "Base" on purchase { award 1 point per USD of tx.amount }
        earn "Every third" on purchase when purchases lifetime == 3 { award 30 points }"#,
    );
    let m = Member::new("m");
    let events: Vec<Event> = (1..=5)
        .map(|d| {
            purchase(
                &format!("t{d}"),
                &format!("2026-01-0{d}T12:00:00Z"),
                "10.00",
                1,
            )
        })
        .collect();
    let (folded, outcomes) = replay(&p, &m, &events);
    // Applying the same outcomes to a fresh state, one by one, gives the
    // same state; evaluating never changes the state it reads.
    let mut again = p.new_state(&m);
    for (o, e) in outcomes.iter().zip(&events) {
        let before = again.clone();
        let _ = p.evaluate_with(&m, &again, e).unwrap();
        assert_eq!(again, before);
        again.apply(o).unwrap();
    }
    assert_eq!(again, folded);
    assert_eq!(folded.balance("points").unwrap().to_string(), "80");
    assert_eq!(folded.events, 5);
    assert_eq!(
        folded.balance("miles"),
        None,
        "an unknown balance is not zero"
    );
}

#[test]
fn a_state_of_another_program_or_member_is_refused() {
    let p = compile(r#"program "P" { currency USD }"#);
    let m = Member::new("m");
    let e = purchase("a", "2026-01-01T12:00:00Z", "1.00", 1);
    let other = MemberState::new("Q", "m");
    assert_eq!(
        p.evaluate_with(&m, &other, &e).unwrap_err(),
        EvalError::State {
            reason: StateError::OtherProgram {
                expected: "P".into(),
                found: "Q".into()
            }
        }
    );
    let someone = MemberState::new("P", "n");
    assert!(matches!(
        p.points_with(&m, &someone, &e).unwrap_err(),
        EvalError::State {
            reason: StateError::OtherMember { .. }
        }
    ));
    // An outcome applies only to its member's state of its program.
    let outcome = p.evaluate(&m, &e).unwrap();
    let mut state = MemberState::new("P", "n");
    let before = state.clone();
    assert!(state.apply(&outcome).is_err());
    assert_eq!(state, before);
}

#[test]
fn bad_state_json_names_its_path() {
    let e = MemberState::from_json(r#"{"schema": 7, "program": "P", "member": "m"}"#).unwrap_err();
    assert_eq!(e.path, "schema");
    let e = MemberState::from_json(
        r#"{"schema": 1, "program": "P", "member": "m", "counters": {"nights": {"total": "-3"}}}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "counters.nights");
    assert_eq!(e.message, "a counter cannot be negative, but total is -3");
    let e =
        MemberState::from_json(r#"{"schema": 1, "program": "P", "member": "m", "balance": {}}"#)
            .unwrap_err();
    assert_eq!(e.path, "balance");
    let e = MemberState::from_json(
        r#"{"schema": 1, "program": "P", "member": "m", "balances": {"points": 1.00000000000000000001}}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "balances.points");
}

#[test]
fn what_the_program_no_longer_declares_is_kept_and_reported() {
    let old = compile(
        r#"program "P" { currency USD }
        counter reviews
        count 1 to reviews on review
        counter visits
        count 1 to visits on check_in"#,
    );
    let new = compile(
        r#"program "P" { currency USD }
        counter visits
        count 1 to visits on check_in
        counter shares
        count 1 to shares on share
        earn "Share" on share when shares lifetime == 1 { award 5 points }"#,
    );
    let m = Member::new("m");
    let (state, _) = replay(
        &old,
        &m,
        &[
            activity("review", "r", "2026-01-01T10:00:00Z"),
            activity("check_in", "c", "2026-01-01T11:00:00Z"),
        ],
    );
    let report = new.check_state(&state).unwrap();
    assert_eq!(report.unknown_counters, ["reviews"]);
    assert!(!report.is_clean());
    // The new counter starts at zero; the old one stays in the state.
    let outcome = new
        .evaluate_with(&m, &state, &activity("share", "s", "2026-01-02T10:00:00Z"))
        .unwrap();
    assert_eq!(outcome.points("m", "points").to_string(), "5");
    let mut next = state.clone();
    next.apply(&outcome).unwrap();
    assert_eq!(next.counter("reviews"), state.counter("reviews"));
    assert_eq!(next.counter("shares").unwrap().total.to_string(), "1");
    assert!(matches!(
        compile(r#"program "Q" { currency USD }"#).check_state(&state),
        Err(StateError::OtherProgram { .. })
    ));
}

#[test]
fn a_state_keeps_only_the_days_its_periods_reach() {
    let p = compile(
        r#"program "P" { currency USD }
        counter visits
        count 1 to visits on check_in
        earn "Weekly" on check_in when visits last 7 days == 3 { award 1 point }"#,
    );
    let m = Member::new("m");
    let events: Vec<Event> = (1..=28)
        .map(|d| {
            activity(
                "check_in",
                &format!("c{d}"),
                &format!("2026-02-{d:02}T10:00:00Z"),
            )
        })
        .collect();
    let (state, _) = replay(&p, &m, &events);
    let c = state.counter("visits").unwrap();
    assert_eq!(c.total.to_string(), "28");
    assert_eq!(c.days.len(), 7);
    assert_eq!(c.days.keys().next().unwrap().to_string(), "2026-02-22");
}

/// A rule may give only a badge: no award, no zero-point line in the
/// explanation, and its limit still counts.
#[test]
fn a_rule_can_give_only_a_badge() {
    let p = compile(
        r#"program "P" { currency USD }
        counter nights
        count line.quantity to nights on purchase for each line
        earn "Base" on purchase { award 10 points per USD of tx.amount }
        earn "Fifty nights" on purchase when crossed(nights this year, 50, 10) > 0 {
          badge "Choice benefit"
          limit 1 per member per year
        }"#,
    );
    let m = Member::new("m");
    let stay = |id: &str, day: &str, nights: u32| {
        purchase(id, &format!("{day}T12:00:00Z"), "1.00", nights)
    };
    let events = [
        stay("s1", "2026-02-01", 30),
        stay("s2", "2026-03-01", 25),
        stay("s3", "2026-04-01", 60),
    ];
    let (state, outcomes) = replay(&p, &m, &events);
    assert_eq!(points(&outcomes, "m"), ["300", "250", "600"]);
    let badges: Vec<Vec<String>> = outcomes.iter().map(|o| o.change.badges.clone()).collect();
    assert_eq!(badges, [vec![], vec!["Choice benefit".to_string()], vec![]]);
    let rules: Vec<&str> = outcomes[1].awards.iter().map(|a| a.rule.as_str()).collect();
    assert_eq!(rules, ["Base"]);
    assert!(outcomes[1]
        .explain()
        .contains("badge earned: \"Choice benefit\""));
    assert_eq!(state.badge("Choice benefit").unwrap().times, 1);
    assert_eq!(state.rules.get("Fifty nights").map(|u| u.times), Some(1));
    // The third stay crosses 60 to 110 too, but the limit was used.
    let limited: Vec<(&str, u64)> = outcomes[2]
        .limited
        .iter()
        .map(|l| (l.rule.as_str(), l.used))
        .collect();
    assert_eq!(limited, [("Fifty nights", 1)]);
}

/// A late event (dated before events already applied) is evaluated as of
/// its own day: a count by period reads the days up to it, not the later
/// ones (docs/language.md, section 16).
#[test]
fn a_late_event_reads_the_counts_up_to_its_own_day() {
    let p = compile(
        r#"program "P" { currency USD }
        counter orders
        count 1 to orders on purchase
        earn "Third this week" on purchase when orders this week == 3 { award 50 points }
        earn "Seen this week" on purchase { award 1 point per orders this week }"#,
    );
    let m = Member::new("m");
    let buy = |id: &str, day: &str| purchase(id, &format!("{day}T12:00:00Z"), "5.00", 1);
    // Monday, Wednesday, then Tuesday's order arrives late.
    let (state, outcomes) = replay(
        &p,
        &m,
        &[
            buy("mon", "2026-01-05"),
            buy("wed", "2026-01-07"),
            buy("tue", "2026-01-06"),
        ],
    );
    // The late Tuesday order sees Monday and itself (2), not Wednesday.
    assert_eq!(points(&outcomes, "m"), ["1", "2", "2"]);
    assert_eq!(state.counter("orders").unwrap().total.to_string(), "3");
}

/// A card's quarterly bonus categories: 5 points per USD on dining up to
/// 7500 points a calendar quarter, and a bonus for the first 1000 USD
/// spent in a quarter (found writing a credit card's rewards, whose
/// bonus categories and caps run by the calendar quarter).
#[test]
fn a_calendar_quarter_caps_and_counts() {
    let p = compile(
        r#"program "Card" { currency USD  timezone "America/New_York" }
        counter spend
        count tx.amount to spend on purchase
        earn "Quarterly 5%" on purchase { award 5 points per USD of tx.amount  cap 7500 points per member per quarter }
        earn "Quarter milestone" on purchase when crossed(spend this quarter, 1000) > 0 { award 100 points }"#,
    );
    let m = Member::new("m");
    let events = [
        purchase("a", "2026-02-10T12:00:00-05:00", "1000.00", 1),
        // 31 March in New York (1 April in UTC): the first quarter still.
        purchase("b", "2026-03-31T22:00:00-04:00", "1000.00", 1),
        // 1 April: a new quarter, its cap and its milestone.
        purchase("c", "2026-04-01T09:00:00-04:00", "1000.00", 1),
        purchase("d", "2026-09-30T09:00:00-04:00", "500.00", 1),
        purchase("e", "2026-10-01T09:00:00-04:00", "200.00", 1),
    ];
    let (state, outcomes) = replay(&p, &m, &events);
    assert_eq!(
        points(&outcomes, "m"),
        ["5100", "2500", "5100", "2500", "1000"]
    );
    let cut = &outcomes[1].awards[0].steps;
    assert!(
        cut.iter().any(|s| matches!(
            s,
            Step::MemberCap {
                period: Period::Quarter,
                ..
            }
        )),
        "{cut:?}"
    );
    assert!(outcomes[1].explain().contains("per member per quarter"));
    // The state keeps a quarter of days: the first of July is still there
    // on 30 September.
    assert!(state.counters["spend"]
        .days
        .keys()
        .any(|d| d.to_string() == "2026-09-30"));
}

/// Found reading what a service that consumes events at least once would
/// do: a purchase delivered twice was credited twice (and counted twice),
/// and a second purchase under the same id replaced the first's receipt,
/// so that a return of it took back the wrong one. A state now remembers
/// the last events applied and the purchases that can still be returned:
/// such an event is refused before it is evaluated, and its outcome
/// applied a second time is refused too, the state unchanged.
#[test]
fn an_event_delivered_twice_is_credited_once() {
    let p = compile(
        "program \"S\" { currency USD }\ncounter visits\ncount 1 to visits on purchase\n\
         returns { within 30 days }\n\
         earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n\
         earn \"Referral\" on referral { award 1000 points to referrer  award 250 points to referred }",
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let first = purchase("p1", "2026-05-01T12:00:00Z", "10.00", 1);
    let o = p.evaluate_with(&m, &s, &first).unwrap();
    s.apply(&o).unwrap();
    assert!(s.has_applied("p1"));
    let before = s.clone();
    let refused = |e: EvalError| match e {
        EvalError::State {
            reason: StateError::AlreadyApplied { event, member },
        } => format!("{event} {member}"),
        other => panic!("{other}"),
    };
    // Delivered again, or another purchase under the same id.
    for again in [
        first.clone(),
        purchase("p1", "2026-05-02T12:00:00Z", "99.00", 1),
    ] {
        let e = p.evaluate_with(&m, &s, &again).unwrap_err();
        assert_eq!(
            e.to_string(),
            "event p1 is already in member m's state: an event is applied once"
        );
        assert_eq!(refused(e), "p1 m");
        assert_eq!(refused(p.points_with(&m, &s, &again).unwrap_err()), "p1 m");
    }
    // The same outcome applied twice.
    assert_eq!(
        s.apply(&o).unwrap_err(),
        StateError::AlreadyApplied {
            event: "p1".into(),
            member: "m".into()
        }
    );
    assert_eq!(s, before);
    assert_eq!(s.balance("points").unwrap().to_string(), "10");
    assert_eq!(s.counters["visits"].total.to_string(), "1");

    // The last 32 events are remembered; a purchase that can still be
    // returned, for as long as it can.
    for i in 0..40 {
        let e = activity("review", &format!("v{i}"), "2026-05-03T12:00:00Z");
        let o = p.evaluate_with(&m, &s, &e).unwrap();
        s.apply(&o).unwrap();
    }
    assert_eq!(s.recent.len(), MemberState::RECENT);
    assert_eq!(s.recent.iter().next(), Some("v8"));
    assert!(!s.has_applied("v7") && s.has_applied("v39"));
    assert!(s.has_applied("p1"), "its receipt is kept");
    // Read back as written; a state with more ids than it keeps is refused.
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(MemberState::from_json(&json).unwrap(), s);
    let ids: Vec<String> = (0..33).map(|i| format!("\"x{i}\"")).collect();
    let e = MemberState::from_json(&format!(
        r#"{{"schema": 1, "program": "S", "member": "m", "recent": [{}]}}"#,
        ids.join(", ")
    ))
    .unwrap_err();
    assert_eq!(e.path, "recent");
    assert_eq!(
        e.message,
        "a state keeps the ids of at most 32 events, not 33"
    );
    assert!(p.evaluate_with(&m, &s, &first).is_err());

    // Time passing is not an event to count: the same id may come again.
    let tick = activity("time", "tick", "2026-05-04T00:00:00Z");
    for _ in 0..2 {
        let o = p.evaluate_with(&m, &s, &tick).unwrap();
        s.apply(&o).unwrap();
    }
    assert!(!s.has_applied("tick"));

    // A referral's outcome credits the referred member once.
    let referral = Event::from_json(
        r#"{"kind": "referral", "id": "ref-1", "timestamp": "2026-05-05T12:00:00Z",
            "referrer": "m", "referred": "n"}"#,
    )
    .unwrap();
    let o = p.evaluate_with(&m, &s, &referral).unwrap();
    let mut theirs = MemberState::new(p.name(), "n");
    theirs.apply(&o).unwrap();
    assert!(matches!(
        theirs.apply(&o),
        Err(StateError::AlreadyApplied { .. })
    ));
    assert_eq!(theirs.balance("points").unwrap().to_string(), "250");
}

/// "500 points for every 200 USD spent in a month": the marks of a money
/// counter written as money, as a tier's thresholds are (found writing a
/// spend bonus, where `crossed(spend this month, 200 USD, 200 USD)` was
/// refused: "a mark and a step are numbers").
#[test]
fn the_marks_of_a_money_counter_are_money() {
    let as_money = compile(
        r#"program "Spend" { currency USD  timezone "Europe/London" }
        counter spend
        count tx.amount to spend on purchase
        earn "Monthly 200" on purchase { award 500 points per crossed(spend this month, 200 USD, 200 USD) }"#,
    );
    // A number is the amount in the program's currency, as before.
    let as_number = compile(
        r#"program "Spend" { currency USD  timezone "Europe/London" }
        counter spend
        count tx.amount to spend on purchase
        earn "Monthly 200" on purchase { award 500 points per crossed(spend this month, 200, 200) }"#,
    );
    let m = Member::new("m");
    let events = [
        purchase("a", "2026-05-01T10:00:00+01:00", "150.00", 1),
        // 450 in May: the marks at 200 and 400.
        purchase("b", "2026-05-10T10:00:00+01:00", "300.00", 1),
        // 31 May, 23:30 in London: 510, no new mark.
        purchase("c", "2026-05-31T23:30:00+01:00", "60.00", 1),
        // June starts again: 250 passes 200.
        purchase("d", "2026-06-01T00:30:00+01:00", "250.00", 1),
    ];
    for p in [&as_money, &as_number] {
        let (_, outcomes) = replay(p, &m, &events);
        assert_eq!(points(&outcomes, "m"), ["0", "1000", "0", "500"]);
    }
    let (_, outcomes) = replay(&as_money, &m, &events);
    // Why the third purchase gave nothing: the counter in cents, as
    // money is written, whether the amounts were sent with cents or not.
    let (state, _) = replay(&as_money, &m, &events[..2]);
    let third = purchase("c", "2026-05-31T23:30:00+01:00", "60", 1);
    let why = as_money.why_not(&m, &state, &third).unwrap();
    assert_eq!(
        why.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["Monthly 200: not applied, its awards come to nothing (spend this month 450.00 -> 510.00)"]
    );
    assert!(
        outcomes[1]
            .explain()
            .contains("    500 points per crossed(spend this month, 200 USD, 200 USD)\n    spend this month 150.00 -> 450.00\n"),
        "{}",
        outcomes[1].explain()
    );
    // What the event counted, in cents as well.
    assert!(
        outcomes[1]
            .explain()
            .contains("  counted on 2026-05-10: spend +300.00\n"),
        "{}",
        outcomes[1].explain()
    );
}

/// The design brief's `cap 50000 points per member per month`: a cap on
/// what all rules together credit a member in a period, read from the
/// member's state (the balance kept by day), cutting awards in evaluation
/// order as the program's caps per transaction do; a return gives room
/// back.
#[test]
fn a_program_cap_per_member_per_month_counts_every_rule() {
    let p = compile(
        r#"program "Capped" { currency USD  timezone "America/New_York" }
        returns { within 30 days }
        earn "Base" on purchase { award 10 points per USD of tx.amount }
        earn "Bonus" on purchase when tx.amount >= 100 USD { award 500 points }
        cap 5000 points per member per month"#,
    );
    let m = Member::new("m");
    let ret = Event::from_json(
        r#"{"kind": "return", "id": "r1", "timestamp": "2026-05-20T12:00:00-04:00", "purchase": "b",
            "lines": [{"line": 0, "quantity": 1}]}"#,
    )
    .unwrap();
    let events = [
        // 2000 + 500: 2500 of the month's 5000.
        purchase("a", "2026-05-02T12:00:00-04:00", "200.00", 1),
        // 2000 + 500 would make 5000 + 0: all of it.
        purchase("b", "2026-05-10T12:00:00-04:00", "200.00", 1),
        // Nothing left in May: Base cut to 0, then Bonus to 0.
        purchase("c", "2026-05-15T12:00:00-04:00", "150.00", 1),
        // b returned: its 2500 taken back, and the month has room again.
        ret,
        purchase("d", "2026-05-25T12:00:00-04:00", "300.00", 1),
        // 31 May, 23:00 in New York (1 June in UTC): still May, full.
        purchase("e", "2026-05-31T23:00:00-04:00", "10.00", 1),
        // June: a new month.
        purchase("f", "2026-06-01T09:00:00-04:00", "10.00", 1),
    ];
    let (state, outcomes) = replay(&p, &m, &events);
    assert_eq!(
        points(&outcomes, "m"),
        ["2500", "2500", "0", "0", "2500", "0", "100"]
    );
    let returned = outcomes[3].returned.as_ref().unwrap();
    assert_eq!(
        returned
            .points
            .get("points")
            .map(ToString::to_string)
            .as_deref(),
        Some("2500")
    );
    // The cut, in the words of the program, with what the month had used.
    let text = outcomes[2].explain();
    assert!(
        text.contains(
            "capped by `cap 5000 points per member per month`: 5000 already earned this month = 0"
        ),
        "{text}"
    );
    // d: 3000 + 500 with 2500 used: Base cut to 2500, Bonus to 0.
    let d = &outcomes[4].awards;
    assert_eq!(
        d.iter()
            .map(|a| (a.rule.as_str(), a.points.to_string()))
            .collect::<Vec<_>>(),
        [("Base", "2500".to_string()), ("Bonus", "0".to_string())]
    );
    assert_eq!(
        state.balance("points").map(|b| b.to_string()).as_deref(),
        Some("5100")
    );
}

#[test]
fn a_program_cap_per_member_per_membership_year_needs_a_join_date() {
    let p = compile(
        r#"program "Capped" { currency USD }
        earn "Base" on purchase { award 10 points per USD of tx.amount }
        cap 5000 points per member per membership year"#,
    );
    let e = p
        .evaluate_with(
            &Member::new("m"),
            &p.new_state(&Member::new("m")),
            &purchase("a", "2026-05-02T12:00:00Z", "10.00", 1),
        )
        .unwrap_err();
    assert!(matches!(e, EvalError::NoJoinDate { .. }), "{e}");
}

/// An outcome that fails after its counts and its rule's use were added
/// (the count of events overflows, in a state read from JSON) leaves every
/// counter and rule as it was: totals, the day, the streak, and the old
/// days counting and using drop.
#[test]
fn an_outcome_that_fails_after_counting_leaves_the_counters_as_they_were() {
    let p = compile(
        "program \"P\" { currency USD }\ncounter visits\ncounter spend\n\
         count 1 to visits on purchase\ncount tx.amount to spend on purchase\n\
         earn \"Visit\" on purchase when visits this month >= 1 { award 10 points  limit 5 per member per year }\n",
    );
    let m = Member::new("m");
    let (s, _) = replay(
        &p,
        &m,
        &[
            purchase("p1", "2024-03-10T12:00:00Z", "5.00", 1),
            purchase("p2", "2026-06-09T12:00:00Z", "7.00", 1),
        ],
    );
    // A state kept by a host from before days were dropped: a day no
    // period reaches any more, which the next count drops.
    let json = serde_json::to_string(&s)
        .unwrap()
        .replace(
            r#""visits":{"total":"2","days":{"2026-06-09":"1"}"#,
            r#""visits":{"total":"2","days":{"2024-03-10":"1","2026-06-09":"1"}"#,
        )
        .replace(
            r#""days":{"2026-06-09":{"times":1"#,
            r#""days":{"2024-03-10":{"times":1,"points":{"points":"10"}},"2026-06-09":{"times":1"#,
        );
    assert_eq!(json.matches("2024-03-10").count(), 2, "{json}");
    // The count of events at the most it holds: the outcome's last step
    // overflows.
    let full = json.replace(r#""events":2,"#, r#""events":18446744073709551615,"#);
    assert_ne!(full, json);
    let mut full = MemberState::from_json(&full).unwrap();
    let o = p
        .evaluate_with(
            &m,
            &full,
            &purchase("p3", "2026-06-09T18:00:00Z", "3.00", 1),
        )
        .unwrap();
    assert_eq!(o.change.counters.len(), 2);
    // Counting drops the days no period reaches any more.
    assert!(o.change.keep_from > "2024-03-10".parse().unwrap());
    let before = serde_json::to_string(&full).unwrap();
    let e = full.apply(&o).unwrap_err();
    assert!(matches!(e, StateError::Overflow { .. }), "{e:?}");
    assert_eq!(serde_json::to_string(&full).unwrap(), before);
    // The next day too, which lengthens the streaks and starts a day.
    let next = purchase("p4", "2026-06-10T12:00:00Z", "3.00", 1);
    let o4 = p.evaluate_with(&m, &full, &next).unwrap();
    assert!(full.apply(&o4).is_err());
    assert_eq!(serde_json::to_string(&full).unwrap(), before);
    // Without the overflow, the same outcome applies and counts.
    let mut plain = MemberState::from_json(&json).unwrap();
    plain.apply(&o).unwrap();
    let visits = plain.counter("visits").unwrap();
    assert_eq!(visits.total.to_string(), "3");
    let day: chrono::NaiveDate = "2026-06-09".parse().unwrap();
    let two: loyalty_rules::Exact = "2".parse().unwrap();
    assert_eq!(visits.days.iter().collect::<Vec<_>>(), [(&day, &two)]);
    let used = &plain.rules["Visit"];
    assert_eq!(
        (used.times, used.days.len(), used.days[&day].times),
        (3, 1, 2)
    );
    // A counter and a rule's use that the failing outcome would create
    // are not left behind either.
    let fresh = MemberState::from_json(
        r#"{"schema": 1, "program": "P", "member": "m", "events": 18446744073709551615,
            "counters": {"visits": {"total": "1", "days": {"2026-06-09": "1"}}}}"#,
    )
    .unwrap();
    let o = p.evaluate_with(&m, &fresh, &next).unwrap();
    assert_eq!((o.change.counters.len(), o.change.rules.len()), (2, 1));
    let mut t = fresh.clone();
    assert!(t.apply(&o).is_err());
    assert_eq!(t, fresh);
}

/// A host keeps a state per member and writes it after every event: its
/// JSON leaves out what reading it gives back anyway (empty lists and
/// maps, empty text, amounts of exactly `0`), so that a receipt is the
/// purchase as sent; it reads back to the same state, and an amount given
/// as `0.00` stays `0.00`.
#[test]
fn a_state_s_json_leaves_out_what_reading_it_gives_back() {
    let p = Program::compile(
        r#"
program "Fuel" { currency USD }
counter spend
count tx.amount to spend on purchase
returns { within 30 days }
earn "Base" on purchase { award 1 point per USD of tx.amount }
"#,
    )
    .unwrap();
    let m = Member::new("m");
    let sent = r#"{"kind": "purchase", "id": "g1", "timestamp": "2026-01-15T10:00:00-06:00", "currency": "USD", "lines": [{"sku": "APPLES", "quantity": 4, "unit_price": "10.00"}, {"sku": "MILK", "category": "dairy", "quantity": 1, "unit_price": "3.00", "discount": "0.00"}], "tax": "0.00"}"#;
    let event = Event::from_json(sent).unwrap();
    let mut state = p.new_state(&m);
    let outcome = p.evaluate_with(&m, &state, &event).unwrap();
    state.apply(&outcome).unwrap();
    let json = serde_json::to_string(&state).unwrap();
    assert_eq!(
        json,
        r#"{"schema":1,"program":"Fuel","member":"m","balances":{"points":"43"},"counters":{"spend":{"total":"43.00","days":{"2026-01-15":"43.00"},"streak":{"last":"2026-01-15","days":1}}},"receipts":{"g1":{"day":"2026-01-15","program":"#
            .to_string()
            + &format!("\"{}\"", p.version())
            + r#","transaction":{"id":"g1","timestamp":"2026-01-15T10:00:00-06:00","currency":"USD","lines":[{"sku":"APPLES","quantity":"4","unit_price":"10.00"},{"sku":"MILK","category":"dairy","quantity":"1","unit_price":"3.00","discount":"0.00"}],"tax":"0.00"},"held":{"points":"43"},"counted":{"spend":"43.00"}}},"events":1,"recent":["g1"]}"#
    );
    assert_eq!(MemberState::from_json(&json).unwrap(), state);
    // The event as the crate writes it is the event as sent.
    let written = serde_json::to_string(&event).unwrap();
    assert_eq!(Event::from_json(&written).unwrap(), event);
    assert!(!written.contains("\"tags\""), "{written}");
    assert!(!written.contains("\"channel\""), "{written}");
}

/// A program's cap per member per membership year reads the join date
/// only when the event credits its balance: an event nothing credits needs
/// none (a member without one got an error for a purchase that earned
/// nothing), and one that credits the balance still does.
#[test]
fn a_program_cap_by_membership_year_needs_the_join_date_only_when_it_can_cut() {
    let p = compile(
        "program \"P\" { currency USD }\nattribute tx.mcc text\n\
         cap 100 points per member per membership year\n\
         earn \"Grocery\" on purchase when tx.mcc == \"grocery\" { award 1 point per USD of tx.amount }\n\
         earn \"Review\" on review { award 5 points }\n",
    );
    let m = Member::new("m");
    let s = p.new_state(&m);
    let buy = |mcc: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "t1", "timestamp": "2026-03-04T12:00:00Z", "currency": "USD",
                "lines": [{{"sku": "x", "quantity": 1, "unit_price": "10.00"}}], "attributes": {{"mcc": "{mcc}"}}}}"#
        ))
        .unwrap()
    };
    let o = p.evaluate_with(&m, &s, &buy("dining")).unwrap();
    assert!(o.awards.is_empty());
    assert!(p
        .points_with(&m, &s, &buy("dining"))
        .unwrap()
        .get("m", "points")
        .is_zero());
    for e in [
        buy("grocery"),
        Event::from_json(r#"{"kind": "review", "id": "r1", "timestamp": "2026-03-04T12:00:00Z"}"#)
            .unwrap(),
    ] {
        let err = p.evaluate_with(&m, &s, &e).unwrap_err();
        assert!(matches!(err, EvalError::NoJoinDate { .. }), "{err:?}");
        assert_eq!(p.points_with(&m, &s, &e).unwrap_err(), err);
    }
}
