#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Tiers computed from the member's state: thresholds on counters and
//! balances, qualification periods, upgrades at once, downgrades as time
//! passes, grants and floors, the status with progress to the next level.

mod common;

use common::fixtures::{by_nights, compile};
use loyalty_rules::{
    Code, EvalError, Event, GrantKind, Member, MemberState, NaiveDate, Outcome, Program, TierGrant,
    TierSource, TierStatus,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A stay (or a purchase): `nights` of a room at `price` each.
fn stay(id: &str, ts: &str, nights: u32, price: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{ts}", "currency": "USD",
            "lines": [{{"sku": "room", "category": "room", "quantity": {nights}, "unit_price": "{price}"}}]}}"#
    ))
    .unwrap()
}

/// Time passing to the start of `day` (UTC).
fn time(day: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "time", "id": "t-{day}", "timestamp": "{day}T00:00:00Z"}}"#
    ))
    .unwrap()
}

/// Evaluates and applies each event in turn; checks on the way that the
/// lean path agrees and that the state survives a JSON round trip.
fn replay(p: &Program, m: &Member, state: &mut MemberState, events: &[Event]) -> Vec<Outcome> {
    let mut out = Vec::new();
    for e in events {
        let outcome = p.evaluate_with(m, state, e).unwrap();
        let lean = p.points_with(m, state, e).unwrap();
        for t in &outcome.totals {
            assert_eq!(lean.get(&t.member, &t.balance), t.points, "lean total");
        }
        let back = MemberState::from_json(&serde_json::to_string(state).unwrap()).unwrap();
        assert_eq!(&back, state, "state JSON round trip");
        state.apply(&outcome).unwrap();
        out.push(outcome);
    }
    out
}

fn status(p: &Program, m: &Member, s: &MemberState, day: &str) -> TierStatus {
    p.tier_status(m, s, d(day)).unwrap()
}

fn tier_of(p: &Program, m: &Member, s: &MemberState, day: &str) -> String {
    status(p, m, s, day).tier.tier
}

/// A program counting nights with these `tiers`, and a member's state
/// after `stays`.
fn nights_after(tiers: &str, stays: &[Event]) -> (Program, Member, MemberState) {
    let p = by_nights(tiers, "");
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(&p, &m, &mut s, stays);
    (p, m, s)
}

const HOTEL: &str = r#"
program "Hotel" {
  currency USD
  timezone "America/New_York"
  balance base_points qualifying
}
counter nights
counter stays
count tx.items to nights on purchase
count 1 to stays on purchase
earn "Base" on purchase { award 10 points per USD of tx.amount to base_points }
tiers {
  member
  silver when 10 nights or 5 stays or 25000 base_points
  gold when 25 nights or 12 stays or 50000 base_points
  platinum when 50 nights or 24 stays or 100000 base_points
}
"#;

#[test]
fn hotel_members_qualify_on_each_path() {
    let p = compile(HOTEL);
    // By nights: one stay of 10 nights.
    let by_nights = Member::new("nights");
    let mut s = p.new_state(&by_nights);
    let o = replay(
        &p,
        &by_nights,
        &mut s,
        &[stay("a1", "2026-03-02T15:00:00Z", 10, "50.00")],
    );
    let t = s.tier.as_ref().unwrap();
    assert_eq!(
        (t.level.as_str(), t.since, t.until),
        ("silver", d("2026-03-02"), Some(d("2027-12-31")))
    );
    assert_eq!(t.by, "10 nights (has 10)");
    assert_eq!(
        o[0].tier_moves[0].to_string(),
        "2026-03-02: member -> silver: qualified: 10 nights (has 10)"
    );
    // The stay that qualifies earns at the tier held before it.
    assert_eq!(o[0].tier.as_ref().unwrap().tier, "member");

    // By stays: the fifth one-night stay.
    let by_stays = Member::new("stays");
    let mut s = p.new_state(&by_stays);
    let stays: Vec<Event> = (1..=5)
        .map(|i| {
            stay(
                &format!("b{i}"),
                &format!("2026-04-0{i}T15:00:00Z"),
                1,
                "50.00",
            )
        })
        .collect();
    replay(&p, &by_stays, &mut s, &stays[..4]);
    assert_eq!(tier_of(&p, &by_stays, &s, "2026-04-04"), "member");
    replay(&p, &by_stays, &mut s, &stays[4..]);
    let t = s.tier.as_ref().unwrap();
    assert_eq!((t.level.as_str(), t.since), ("silver", d("2026-04-05")));
    assert_eq!(t.by, "5 stays (has 5)");

    // By base points: one expensive night, 2,500 USD = 25,000 base points.
    let by_points = Member::new("points");
    let mut s = p.new_state(&by_points);
    replay(
        &p,
        &by_points,
        &mut s,
        &[stay("c1", "2026-05-01T15:00:00Z", 1, "2500.00")],
    );
    let t = s.tier.as_ref().unwrap();
    assert_eq!(t.level, "silver");
    assert_eq!(t.by, "25000 base_points (has 25000)");

    // Several levels at once: 60 nights in one stay goes straight to platinum.
    let big = Member::new("big");
    let mut s = p.new_state(&big);
    replay(
        &p,
        &big,
        &mut s,
        &[stay("d1", "2026-06-01T15:00:00Z", 60, "10.00")],
    );
    assert_eq!(s.tier.as_ref().unwrap().level, "platinum");
    let st = status(&p, &big, &s, "2026-06-02");
    assert_eq!(st.next, None);
    assert!(st
        .explain()
        .contains("next: none, the highest level is held"));
}

#[test]
fn a_status_ends_with_the_following_year_and_the_calendar_is_local() {
    let p = compile(HOTEL);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    // 23:30 in New York on 31 December 2025 is 2026 in UTC: the nights count for 2025.
    replay(
        &p,
        &m,
        &mut s,
        &[stay("s1", "2026-01-01T04:30:00Z", 10, "50.00")],
    );
    let t = s.tier.as_ref().unwrap();
    assert_eq!((t.since, t.until), (d("2025-12-31"), Some(d("2026-12-31"))));
    assert_eq!(tier_of(&p, &m, &s, "2026-12-31"), "silver");
    let st = status(&p, &m, &s, "2027-01-01");
    assert_eq!(st.tier.tier, "member");
    assert_eq!(
        st.moves[0].to_string(),
        "2027-01-01: silver -> member: silver ended on 2026-12-31, not requalified"
    );
    // The state given is unchanged by asking.
    assert_eq!(s.tier.as_ref().unwrap().level, "silver");
}

const SHOP: &str = r#"
program "Shop" { currency USD }
counter spend
count tx.amount to spend on purchase
tiers {
  regular
  silver when 500 USD spend
  gold when 1500 USD spend
}
"#;

#[test]
fn retail_spend_by_calendar_year_one_cent_below_and_at_each_threshold() {
    let p = compile(SHOP);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(
        &p,
        &m,
        &mut s,
        &[stay("p1", "2026-02-01T12:00:00Z", 1, "499.99")],
    );
    assert_eq!(s.tier.as_ref().unwrap().level, "regular");
    let st = status(&p, &m, &s, "2026-02-01");
    let next = st.next.as_ref().unwrap();
    assert_eq!(
        (next.tier.as_str(), next.by),
        ("silver", Some(d("2026-12-31")))
    );
    let c = &next.paths[0].parts[0].criteria[0];
    assert_eq!(
        (c.have.to_string(), c.missing.to_string()),
        ("499.99".into(), "0.01".into())
    );
    replay(
        &p,
        &m,
        &mut s,
        &[stay("p2", "2026-02-02T12:00:00Z", 1, "0.01")],
    );
    assert_eq!(s.tier.as_ref().unwrap().level, "silver");
    replay(
        &p,
        &m,
        &mut s,
        &[stay("p3", "2026-03-01T12:00:00Z", 1, "999.99")],
    );
    assert_eq!(s.tier.as_ref().unwrap().level, "silver");
    replay(
        &p,
        &m,
        &mut s,
        &[stay("p4", "2026-03-02T12:00:00Z", 1, "0.01")],
    );
    let t = s.tier.as_ref().unwrap();
    assert_eq!(
        (t.level.as_str(), t.by.as_str()),
        ("gold", "1500.00 USD spend (has 1500.00 USD)")
    );
    // Spend in 2027 starts from zero: 2026's gold holds through 2027 anyway.
    let st = status(&p, &m, &s, "2027-06-01");
    assert_eq!(st.tier.tier, "gold");
    assert_eq!(st.next, None);
}

#[test]
fn retail_spend_over_a_rolling_twelve_months_reviewed_monthly() {
    let p = compile(&SHOP.replace("  regular\n", "  regular\n  qualify last 12 months\n"));
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(
        &p,
        &m,
        &mut s,
        &[
            stay("p1", "2026-01-15T12:00:00Z", 1, "300.00"),
            stay("p2", "2026-06-10T12:00:00Z", 1, "199.99"),
        ],
    );
    assert_eq!(s.tier.as_ref().unwrap().level, "regular");
    replay(
        &p,
        &m,
        &mut s,
        &[stay("p3", "2026-06-11T12:00:00Z", 1, "0.01")],
    );
    let t = s.tier.as_ref().unwrap();
    // Held to the end of the month, then reviewed on the window at each month's start.
    assert_eq!(
        (t.level.as_str(), t.until),
        ("silver", Some(d("2026-06-30")))
    );
    assert_eq!(tier_of(&p, &m, &s, "2026-12-31"), "silver");
    // On 1 January 2027 the window (2026-01-02 to 2027-01-01) still holds the 300.
    let st = status(&p, &m, &s, "2027-01-20");
    assert_eq!(
        (st.tier.tier.as_str(), st.until),
        ("silver", Some(d("2027-01-31")))
    );
    // On 1 February the January purchase has left the window: 200 USD.
    let st = status(&p, &m, &s, "2027-02-01");
    assert_eq!(st.tier.tier, "regular");
    assert_eq!(st.next.unwrap().by, None);
}

#[test]
fn a_level_reached_on_lifetime_totals_alone_has_no_deadline() {
    // A cruise line's levels, for life, by points ever earned.
    let p = compile(
        r#"
program "Cruises" { currency USD  balance cruise_points qualifying }
earn "Nights" on purchase { award 1 point per tx.items to cruise_points }
tiers {
  guest
  gold when 3 lifetime cruise_points
  platinum when 30 lifetime cruise_points or 10 cruise_points
  emerald when 55 lifetime cruise_points
}
"#,
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(
        &p,
        &m,
        &mut s,
        &[stay("s1", "2026-05-01T12:00:00Z", 7, "100.00")],
    );
    let st = status(&p, &m, &s, "2026-05-02");
    assert_eq!(st.tier.tier, "gold");
    // Platinum has a path over the calendar year: by its end.
    assert_eq!(st.next.as_ref().unwrap().by, Some(d("2026-12-31")));
    replay(
        &p,
        &m,
        &mut s,
        &[stay("s2", "2026-06-01T12:00:00Z", 25, "100.00")],
    );
    let st = status(&p, &m, &s, "2026-06-02");
    assert_eq!(st.tier.tier, "platinum");
    // Emerald asks for lifetime points only: any day will do.
    assert_eq!(st.next.as_ref().unwrap().by, None);
    assert_eq!(
        st.explain(),
        "member m on 2026-06-02: tier platinum (earned)
  earned platinum since 2026-06-01, held until 2027-12-31: 30 lifetime cruise_points (has 32)
  qualifying over the calendar year, from 2026-01-01
  next: emerald, on any one path:
    - 55 lifetime cruise_points (has 32, 23 missing)
"
    );
}

#[test]
fn a_combined_requirement_with_one_half_missing_reports_progress() {
    let p = compile(
        r#"
program "Hotel" { currency USD }
counter nights
counter spend
count tx.items to nights on purchase
count tx.amount to spend on purchase
tiers {
  member
  gold when 25 nights
  ambassador when 100 nights and 23000 USD spend
}
"#,
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(
        &p,
        &m,
        &mut s,
        &[stay("s1", "2026-05-01T12:00:00Z", 110, "150.00")],
    );
    // 110 nights, 16,500 USD: the nights half holds, the spend half does not.
    let st = status(&p, &m, &s, "2026-05-02");
    assert_eq!(st.tier.tier, "gold");
    assert!(!st.qualified_earlier);
    let next = st.next.clone().unwrap();
    assert_eq!(next.tier, "ambassador");
    let path = &next.paths[0];
    assert!(!path.met);
    let got: Vec<(String, String, String)> = path
        .parts
        .iter()
        .map(|p| {
            let c = &p.criteria[0];
            (c.name.clone(), c.have.to_string(), c.missing.to_string())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("nights".to_string(), "110".to_string(), "0".to_string()),
            (
                "spend".to_string(),
                "16500.00".to_string(),
                "6500.00".to_string()
            )
        ]
    );
    assert_eq!(
        st.explain(),
        "member m on 2026-05-02: tier gold (earned)
  earned gold since 2026-05-01, held until 2027-12-31: 25 nights (has 110)
  qualifying over the calendar year, from 2026-01-01
  next: ambassador by 2026-12-31, on any one path:
    - 100 nights (has 110, met) and 23000.00 USD spend (has 16500.00 USD, 6500.00 USD missing)
"
    );
    // A year on, the level is held on 2026's nights: the member had them
    // (this year's count is in the next level's progress).
    let st = status(&p, &m, &s, "2027-03-01");
    assert_eq!(st.by, "25 nights (has 110)");
    assert!(st.qualified_earlier);
    assert_eq!(
        st.explain(),
        "member m on 2027-03-01: tier gold (earned)
  earned gold since 2026-05-01, held until 2027-12-31: 25 nights (had 110)
  qualifying over the calendar year, from 2027-01-01
  next: ambassador by 2027-12-31, on any one path:
    - 100 nights (has 0, 100 missing) and 23000.00 USD spend (has 0.00 USD, 23000.00 USD missing)
"
    );
}

#[test]
fn growth_value_is_deducted_per_level_each_year_then_recomputed() {
    let p = compile(
        r#"
program "Mall" { currency CNY }
counter growth
count tx.items to growth on purchase
tiers {
  v1
  v2 when 1000 lifetime growth
  v3 when 3000 lifetime growth
  keep to end of period
  deduct 500 growth at v2
  deduct 1200 growth at v3
}
"#,
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let buy = Event::from_json(
        r#"{"kind": "purchase", "id": "g1", "timestamp": "2026-04-01T12:00:00Z", "currency": "CNY",
            "lines": [{"sku": "x", "quantity": 3500, "unit_price": "1.00"}]}"#,
    )
    .unwrap();
    replay(&p, &m, &mut s, &[buy]);
    assert_eq!(s.tier.as_ref().unwrap().level, "v3");
    // End of 2026 at v3: 3500 - 1200 = 2300, v2. Then 500 a year at v2:
    // 1800 (2028), 1300 (2029), 800 (2030): v1.
    let o = replay(&p, &m, &mut s, &[time("2027-01-01")]);
    assert_eq!(s.tier.as_ref().unwrap().level, "v2");
    assert_eq!(s.counter("growth").unwrap().total.to_string(), "2300");
    assert_eq!(
        moves(&o[0]),
        [
            "2026-12-31: v3: 1200 growth deducted at the end of the period at v3",
            "2027-01-01: v3 -> v2: v3 ended on 2026-12-31; 1000 lifetime growth (has 2300)"
        ]
    );
    assert!(o[0].explain().contains("  deducted from growth: 1200\n"));
    let st = status(&p, &m, &s, "2030-01-01");
    assert_eq!(st.tier.tier, "v1");
    let deducted: Vec<String> = st.moves.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        deducted,
        [
            // A run of deductions is one move.
            "2029-12-31: v2: 1500 growth deducted at the ends of 3 periods at v2, from 2027-12-31",
            "2030-01-01: v2 -> v1: v2 ended on 2029-12-31, not requalified"
        ]
    );
    // Folding the same time through an event gives the same state.
    replay(&p, &m, &mut s, &[time("2030-01-01")]);
    assert_eq!(s.counter("growth").unwrap().total.to_string(), "800");
    assert_eq!(s.tier.as_ref().unwrap().level, "v1");
}

const GRANTS: &str = r#"
program "Air" { currency USD }
counter miles
count tx.items to miles on purchase
tiers {
  blue
  silver when 25000 miles
  gold when 50000 miles
  platinum
  floor gold when 1000000 lifetime miles
}
tier gold { multiply all by 2 }
tier platinum { multiply all by 3 }
earn "Base" on purchase { award 1 point per USD of tx.amount }
"#;

/// A member who earned silver in January 2026 (held through 2027) and
/// bought a paid gold year from 1 February 2026.
fn silver_with_a_paid_gold_year() -> (Program, Member, MemberState) {
    let p = compile(GRANTS);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(
        &p,
        &m,
        &mut s,
        &[stay("f1", "2026-01-10T12:00:00Z", 30000, "0.01")],
    );
    assert_eq!(tier_of(&p, &m, &s, "2026-01-11"), "silver");
    p.grant(&m, &mut s, TierGrant::paid_year("gold", d("2026-02-01")))
        .unwrap();
    (p, m, s)
}

/// `platinum` has no requirement: only a grant gives it. An invitation from
/// 1 July 2026, and a stay on 2 July that earns triple.
fn invited_to_platinum(p: &Program, m: &Member, s: &mut MemberState) {
    p.grant(
        m,
        s,
        TierGrant::new("platinum", GrantKind::Invitation, d("2026-07-01")),
    )
    .unwrap();
    let o = replay(p, m, s, &[stay("f1", "2026-07-02T12:00:00Z", 1, "100.00")]);
    assert_eq!(o[0].points("m", "points").to_string(), "300");
}

/// An outcome's tier moves as the explanation writes them.
fn moves(o: &Outcome) -> Vec<String> {
    o.tier_moves.iter().map(|m| m.to_string()).collect()
}

#[test]
fn a_paid_tier_ends_and_the_member_falls_back_to_the_earned_tier() {
    let (p, m, mut s) = silver_with_a_paid_gold_year();
    let o = replay(
        &p,
        &m,
        &mut s,
        &[stay("f2", "2026-06-01T12:00:00Z", 1, "100.00")],
    );
    let held = o[0].tier.clone().unwrap();
    assert_eq!(held.tier, "gold");
    assert_eq!(
        held.source,
        TierSource::Granted {
            kind: GrantKind::Paid,
            until: Some(d("2027-01-31"))
        }
    );
    assert_eq!(o[0].points("m", "points").to_string(), "200");
    assert!(o[0]
        .explain()
        .contains("  tier: gold (paid, until 2027-01-31)\n"));
    // After the paid year: silver, earned in 2026, holds through 2027. The
    // move is dated the day the grant no longer held, and names the levels.
    let o = replay(
        &p,
        &m,
        &mut s,
        &[stay("f3", "2027-03-15T12:00:00Z", 1, "100.00")],
    );
    assert_eq!(o[0].tier.clone().unwrap().tier, "silver");
    assert_eq!(
        moves(&o[0]),
        ["2027-02-01: gold -> silver: a granted tier ended; the earned tier holds"]
    );
    assert_eq!(o[0].points("m", "points").to_string(), "100");
    assert!(s.tier.as_ref().unwrap().grants.is_empty());
}

/// A grant's end and a period's end reviewed by one later event: each
/// move on its own day, in order, from the tier held then.
#[test]
fn a_grant_ending_before_a_period_end_moves_in_order() {
    let (p, m, mut s) = silver_with_a_paid_gold_year();
    let o = replay(
        &p,
        &m,
        &mut s,
        &[stay("f2", "2028-02-10T12:00:00Z", 1, "100.00")],
    );
    let moves = moves(&o[0]);
    assert_eq!(moves.len(), 2, "{moves:?}");
    assert_eq!(
        moves[0],
        "2027-02-01: gold -> silver: a granted tier ended; the earned tier holds"
    );
    assert!(
        moves[1].starts_with("2028-01-01: silver -> blue"),
        "{moves:?}"
    );
}

#[test]
fn a_status_match_and_an_invitation_only_level() {
    let p = compile(GRANTS);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    p.grant(
        &m,
        &mut s,
        TierGrant::status_match("gold", d("2026-03-01"), 3),
    )
    .unwrap();
    let st = status(&p, &m, &s, "2026-05-31");
    assert_eq!(st.tier.tier, "gold");
    assert_eq!(st.earned, "blue");
    // What is missing is what is missing to earn: silver, not past the grant.
    assert_eq!(st.next.as_ref().map(|n| n.tier.as_str()), Some("silver"));
    assert!(st
        .explain()
        .contains("  granted gold (status match) from 2026-03-01 until 2026-05-31\n"));
    assert_eq!(tier_of(&p, &m, &s, "2026-06-01"), "blue");
    // `platinum` has no requirement: only a grant gives it.
    invited_to_platinum(&p, &m, &mut s);
    // A grant of a tier the program does not have is refused, the state unchanged.
    // A level written in other letters, or misspelt, is named as declared.
    let before = s.clone();
    for (level, said) in [
        ("diamond", "the grant names tier \"diamond\", which the program does not declare (tiers: blue, silver, gold, platinum)"),
        ("Gold", "the grant names tier \"Gold\", which the program does not declare; did you mean \"gold\"? (tiers: blue, silver, gold, platinum)"),
    ] {
        let e = p.grant(&m, &mut s, TierGrant::new(level, GrantKind::Paid, d("2026-07-01")));
        assert_eq!(e.unwrap_err().to_string(), said);
        assert_eq!(s, before);
    }
}

/// An invitation-only level is held "until it is taken away": ending a
/// grant sets its last day, and the next review moves the member back to
/// the earned tier, explained. A grant that has not begun is withdrawn; a
/// level without a grant holding, or a last day before the state was
/// reviewed to (the member held it since), is refused, the state unchanged.
#[test]
fn a_grant_without_an_end_is_taken_away() {
    let p = compile(GRANTS);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    invited_to_platinum(&p, &m, &mut s);
    let before = s.clone();
    let e = p
        .end_grant(&m, &mut s, "gold", d("2026-07-31"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "member m holds no grant of gold on 2026-07-31 to end"
    );
    let e = p
        .end_grant(&m, &mut s, "platinum", d("2026-07-01"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the grant of platinum cannot end on 2026-07-01: member m's tier was reviewed to \
         2026-07-02 with it held (events already applied are not evaluated again)"
    );
    assert_eq!(s, before);
    p.end_grant(&m, &mut s, "platinum", d("2026-07-31"))
        .unwrap();
    assert_eq!(
        s.tier.as_ref().unwrap().grants[0].until,
        Some(d("2026-07-31"))
    );
    assert_eq!(tier_of(&p, &m, &s, "2026-07-31"), "platinum");
    let o = replay(
        &p,
        &m,
        &mut s,
        &[stay("f2", "2026-08-05T12:00:00Z", 1, "100.00")],
    );
    assert_eq!(
        moves(&o[0]),
        ["2026-08-01: platinum -> blue: a granted tier ended; the earned tier holds"]
    );
    assert_eq!(o[0].points("m", "points").to_string(), "100");
    // A grant that has not begun by its last day is withdrawn.
    p.grant(
        &m,
        &mut s,
        TierGrant::status_match("gold", d("2026-09-01"), 3),
    )
    .unwrap();
    p.end_grant(&m, &mut s, "gold", d("2026-08-20")).unwrap();
    assert!(s.tier.as_ref().unwrap().grants.is_empty());
    assert_eq!(tier_of(&p, &m, &s, "2026-09-02"), "blue");
}

/// Found granting a status match through `loyalty grant` to a member
/// whose state was reviewed up to a later day: a grant that ended before
/// that day was added and never held, silently. It is refused, the state
/// unchanged; one that began before that day and still holds is added, and
/// holds from there on (events already applied are not evaluated again).
#[test]
fn a_grant_that_ended_before_the_state_was_reviewed_is_refused() {
    let p = compile(GRANTS);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(
        &p,
        &m,
        &mut s,
        &[stay("f1", "2026-06-10T12:00:00Z", 1, "100.00")],
    );
    assert_eq!(s.tier.as_ref().unwrap().reviewed, d("2026-06-10"));
    let before = s.clone();
    let past = TierGrant::status_match("gold", d("2026-03-01"), 3);
    let e = p.grant(&m, &mut s, past).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the grant of gold ends on 2026-05-31, before 2026-06-10, the day member m's tier was \
         reviewed to: it would never hold (events already applied are not evaluated again)"
    );
    assert_eq!(s, before);
    // Begun before, still holding: added, and read from the state's day on.
    p.grant(
        &m,
        &mut s,
        TierGrant::status_match("gold", d("2026-05-01"), 3),
    )
    .unwrap();
    assert_eq!(tier_of(&p, &m, &s, "2026-06-10"), "gold");
    assert_eq!(tier_of(&p, &m, &s, "2026-08-01"), "blue");
}

/// A grant that ends before it starts would never hold, and a state that
/// has one cannot be read back: `grant` refuses it, the state unchanged.
#[test]
fn a_grant_that_ends_before_it_starts_is_refused() {
    let p = compile(GRANTS);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let backwards = TierGrant::paid_year("gold", d("2026-05-01")).until(d("2026-04-01"));
    let e = p.grant(&m, &mut s, backwards).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the grant of gold cannot end (2026-04-01) before it starts (2026-05-01)"
    );
    assert_eq!(s, p.new_state(&m));
    // A grant of one day (from and until the same day) is a grant.
    p.grant(
        &m,
        &mut s,
        TierGrant::paid_year("gold", d("2026-05-01")).until(d("2026-05-01")),
    )
    .unwrap();
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(MemberState::from_json(&json).unwrap(), s);
    // The same grant written backwards is refused when read, in the same words.
    let written = json.replace(r#""until":"2026-05-01""#, r#""until":"2026-04-01""#);
    assert_ne!(written, json);
    let e = MemberState::from_json(&written).unwrap_err();
    assert_eq!(e.path, "tier");
    assert_eq!(
        e.message,
        "the grant of gold cannot end (2026-04-01) before it starts (2026-05-01)"
    );
    assert_eq!(tier_of(&p, &m, &s, "2026-05-01"), "gold");
    assert_eq!(tier_of(&p, &m, &s, "2026-05-02"), "blue");
}

#[test]
fn lifetime_status_is_kept_after_a_bad_year() {
    let p = compile(GRANTS);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let o = replay(
        &p,
        &m,
        &mut s,
        &[stay("f1", "2026-01-10T12:00:00Z", 1_000_000, "0.01")],
    );
    assert_eq!(
        moves(&o[0]),
        [
            "2026-01-10: blue -> gold: qualified: 50000 miles (has 1000000)",
            "2026-01-10: gold: gold for life: 1000000 lifetime miles (has 1000000)"
        ]
    );
    // Two years without a flight: earned gold ends, the floor holds.
    let st = status(&p, &m, &s, "2028-03-01");
    assert_eq!(
        (st.earned.as_str(), st.tier.tier.as_str()),
        ("blue", "gold")
    );
    assert_eq!(st.tier.source, TierSource::Floor);
}

const GRACE: &str = r#"
program "Card" { currency USD }
counter nights
count tx.items to nights on purchase
tiers {
  member
  silver when 10 nights
  gold when 25 nights
  platinum when 50 nights
  downgrade one level
  grace 3 months
}
"#;

#[test]
fn grace_then_at_most_one_level_down_each_year() {
    let p = compile(GRACE);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(
        &p,
        &m,
        &mut s,
        &[stay("s1", "2026-06-01T12:00:00Z", 50, "10.00")],
    );
    assert_eq!(s.tier.as_ref().unwrap().until, Some(d("2027-12-31")));
    // Nothing in 2027: platinum ends on 31 December 2027; grace to 31 March 2028.
    let st = status(&p, &m, &s, "2028-03-31");
    assert_eq!(
        (st.tier.tier.as_str(), st.grace, st.until),
        ("platinum", true, Some(d("2028-03-31")))
    );
    // Then one level down, for the rest of 2028; each level that ends
    // unqualified gets its grace period, then drops one level.
    let got: Vec<String> = status(&p, &m, &s, "2030-04-01")
        .moves
        .iter()
        .map(|m| m.to_string())
        .collect();
    assert_eq!(
        got,
        [
            "2028-01-01: platinum: not requalified; kept for a grace period of 3 months, until 2028-03-31",
            "2028-04-01: platinum -> gold: platinum ended on 2028-03-31; one level down from platinum",
            "2029-01-01: gold: not requalified; kept for a grace period of 3 months, until 2029-03-31",
            "2029-04-01: gold -> silver: gold ended on 2029-03-31; one level down from gold",
            "2030-01-01: silver: not requalified; kept for a grace period of 3 months, until 2030-03-31",
            "2030-04-01: silver -> member: silver ended on 2030-03-31, not requalified"
        ]
    );
    let st = status(&p, &m, &s, "2028-04-01");
    assert_eq!(
        (st.tier.tier.as_str(), st.until),
        ("gold", Some(d("2028-12-31")))
    );
    assert_eq!(tier_of(&p, &m, &s, "2029-12-31"), "silver");
    assert_eq!(tier_of(&p, &m, &s, "2030-03-31"), "silver");
    assert_eq!(tier_of(&p, &m, &s, "2030-04-01"), "member");
}

#[test]
fn a_membership_year_that_starts_on_29_february() {
    let p = compile(&GRACE.replace(
        "  downgrade one level\n  grace 3 months\n",
        "  qualify membership year\n",
    ));
    let m = Member::new("m").with_join_date(d("2024-02-29"));
    let mut s = p.new_state(&m);
    // 2024-02-29 to 2025-02-27 is the first membership year.
    replay(
        &p,
        &m,
        &mut s,
        &[stay("s1", "2025-02-27T12:00:00Z", 10, "10.00")],
    );
    let t = s.tier.as_ref().unwrap();
    // Held through the following membership year: 2025-02-28 to 2026-02-27.
    assert_eq!(
        (t.level.as_str(), t.until),
        ("silver", Some(d("2026-02-27")))
    );
    let st = status(&p, &m, &s, "2025-02-28");
    assert_eq!(st.window_start, Some(d("2025-02-28")));
    assert_eq!(st.next.unwrap().by, Some(d("2026-02-27")));
    // 2028 is a leap year: that membership year starts on 29 February.
    assert_eq!(tier_of(&p, &m, &s, "2026-02-27"), "silver");
    assert_eq!(tier_of(&p, &m, &s, "2026-02-28"), "member");
    replay(
        &p,
        &m,
        &mut s,
        &[stay("s2", "2028-02-28T12:00:00Z", 10, "10.00")],
    );
    assert_eq!(s.tier.as_ref().unwrap().until, Some(d("2029-02-27")));
    // Without a join date the membership year cannot be known: a typed error.
    let e = p
        .tier_status(&Member::new("m"), &s, d("2028-03-01"))
        .unwrap_err();
    assert!(matches!(e, EvalError::NoJoinDate { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "the tiers qualify by membership year, but member m has no join_date on or before the event"
    );
}

#[test]
fn a_cycle_year_from_april_and_a_soft_landing() {
    let p = compile(&GRACE.replace(
        "  downgrade one level\n  grace 3 months\n",
        "  qualify year from 04-01\n  downgrade to silver\n",
    ));
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(
        &p,
        &m,
        &mut s,
        &[stay("s1", "2026-03-31T12:00:00Z", 50, "10.00")],
    );
    // The cycle 2025-04-01 to 2026-03-31; held through the next one.
    assert_eq!(s.tier.as_ref().unwrap().until, Some(d("2027-03-31")));
    let st = status(&p, &m, &s, "2027-04-01");
    assert_eq!(st.tier.tier, "silver");
    assert_eq!(
        st.moves[0].to_string(),
        "2027-04-01: platinum -> silver: platinum ended on 2027-03-31; soft landing from platinum"
    );
    assert_eq!(tier_of(&p, &m, &s, "2028-04-01"), "member");
}

#[test]
fn tier_and_campaign_multipliers_compound_or_add() {
    let source = r#"
program "Grocer" { currency USD MULTIPLIERS }
counter spend
count tx.amount to spend on purchase
tiers { member  gold when 100 USD spend }
tier gold { multiply all by 2 }
campaign "Double" from 2026-01-01 to 2026-12-31 { multiply all by 2 }
earn "Base" on purchase { award 1 point per USD of tx.amount }
"#;
    for (setting, expect, step) in [
        ("", "400", "× 2 (campaign \"Double\") = 400"),
        (
            "multipliers compound",
            "400",
            "× 2 (campaign \"Double\") = 400",
        ),
        (
            "multipliers add",
            "300",
            "× 3 (tier gold + campaign \"Double\" (bonuses added)) = 300",
        ),
    ] {
        let p = compile(&source.replace("MULTIPLIERS", setting));
        let m = Member::new("m");
        let mut s = p.new_state(&m);
        replay(
            &p,
            &m,
            &mut s,
            &[stay("p1", "2026-02-01T12:00:00Z", 1, "100.00")],
        );
        let o = replay(
            &p,
            &m,
            &mut s,
            &[stay("p2", "2026-02-02T12:00:00Z", 1, "100.00")],
        );
        assert_eq!(o[0].points("m", "points").to_string(), expect, "{setting}");
        assert!(
            o[0].explain().contains(step),
            "{setting}: {}",
            o[0].explain()
        );
    }
}

#[test]
fn a_program_that_computes_tiers_refuses_a_tier_from_the_host() {
    let p = compile(HOTEL);
    let m = Member::new("m").with_tier("gold");
    let s = MemberState::new("Hotel", "m");
    let e = p
        .evaluate_with(&m, &s, &stay("s1", "2026-03-02T15:00:00Z", 1, "50.00"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "member m comes with tier \"gold\", but this program computes tiers from the member's state; leave `tier` out of the member"
    );
    // A program without thresholds still reads the host's tier, and says so.
    let host = compile(
        r#"
program "Host" { currency USD }
tiers { member gold }
tier gold { multiply all by 2 }
earn "Base" on purchase { award 1 point per USD of tx.amount }
"#,
    );
    let o = host
        .evaluate(&m, &stay("s1", "2026-03-02T15:00:00Z", 1, "50.00"))
        .unwrap();
    assert_eq!(o.tier.unwrap().source, TierSource::Member);
    assert_eq!(
        host.tier_status(&m, &MemberState::new("Host", "m"), d("2026-03-02"))
            .unwrap_err(),
        EvalError::NoTierThresholds
    );
    // Said so that it reads for a program without `tiers` too.
    assert_eq!(
        EvalError::NoTierThresholds.to_string(),
        "the program does not compute tiers: none of its levels has a requirement \
         (`gold when 25 nights`), so a member's tier is the host's to give (`Member::tier`)"
    );
}

#[test]
fn a_state_with_an_unknown_or_impossible_tier_is_a_typed_error() {
    let p = compile(HOTEL);
    let m = Member::new("m");
    let state = |tier: &str| {
        MemberState::from_json(&format!(
            r#"{{"schema": 1, "program": "Hotel", "member": "m", "tier": {tier}}}"#
        ))
    };
    let s = state(
        r#"{"level": "diamond", "since": "2026-01-01", "by": "x", "reviewed": "2026-01-01"}"#,
    )
    .unwrap();
    let e = p.tier_status(&m, &s, d("2026-02-01")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "member m has tier \"diamond\", which the program does not declare (tiers: member, silver, gold, platinum)"
    );
    let s =
        state(r#"{"level": "silvr", "since": "2026-01-01", "by": "x", "reviewed": "2026-01-01"}"#)
            .unwrap();
    let e = p.tier_status(&m, &s, d("2026-02-01")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "member m has tier \"silvr\", which the program does not declare; did you mean \"silver\"? (tiers: member, silver, gold, platinum)"
    );
    // A member's tier given by the host, in other letters.
    let given = compile(
        r#"program "Shop" { currency USD }
tiers { member silver gold }
earn "Base" on purchase { award 1 point per USD of tx.amount }
"#,
    );
    let gold = Member::from_json(r#"{"id": "m", "tier": "Gold"}"#).unwrap();
    let e = given
        .points(&gold, &stay("s1", "2026-05-01T12:00:00Z", 1, "10.00"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "member m has tier \"Gold\", which the program does not declare; did you mean \"gold\"? (tiers: member, silver, gold)"
    );
    let e = state(r#"{"level": "gold", "since": "2026-05-01", "until": "2026-04-30", "by": "x", "reviewed": "2026-05-01"}"#)
        .unwrap_err();
    assert_eq!(e.path, "tier");
    assert_eq!(
        e.message,
        "a tier cannot end (2026-04-30) before it starts (2026-05-01)"
    );
    let e =
        state(r#"{"level": "gold", "since": "2026-02-30", "by": "x", "reviewed": "2026-05-01"}"#)
            .unwrap_err();
    assert_eq!(e.path, "tier.since");
    let e = MemberState::from_json(
        r#"{"schema": 1, "program": "Hotel", "member": "m",
            "counters": {"nights": {"total": "5", "days": {"2026-13-01": "5"}}}}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "counters.nights.days.2026-13-01");
}

#[test]
fn levels_can_share_a_minimum_that_every_level_asks() {
    // As an airline publishes it: points and flights rise with the level,
    // and every level asks 4 flights on the airline itself.
    let p = compile(
        r#"program "Air" { currency USD }
counter pqp
counter flights
counter own
count tx.amount to pqp on purchase
count tx.items to flights on purchase
count 1 to own on purchase when tx.channel == "own"
tiers {
  member
  silver when 5000 USD pqp and 15 flights and 4 own or 6000 USD pqp and 4 own
  gold when 10000 USD pqp and 30 flights and 4 own or 12000 USD pqp and 4 own
}"#,
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let flight = |id: &str, day: &str, channel: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00Z", "currency": "USD",
                "channel": "{channel}", "lines": [{{"sku": "f", "quantity": 1, "unit_price": "2000.00"}}]}}"#
        ))
        .unwrap()
    };
    // 2,000 USD with a partner and 3 flights of its own (8,000 USD): no
    // status without the 4th of its own.
    let mut flights = vec![flight("p1", "2026-02-01", "partner")];
    flights.extend((1..=5).map(|i| flight(&format!("o{i}"), &format!("2026-03-0{i}"), "own")));
    replay(&p, &m, &mut s, &flights[..4]);
    assert_eq!(tier_of(&p, &m, &s, "2026-03-03"), "member");
    // The 4th: 10,000 USD, but 5 flights, short of gold's 30; silver by
    // its second path.
    replay(&p, &m, &mut s, &flights[4..5]);
    assert_eq!(tier_of(&p, &m, &s, "2026-03-04"), "silver");
    // 12,000 USD: gold.
    replay(&p, &m, &mut s, &flights[5..]);
    assert_eq!(tier_of(&p, &m, &s, "2026-03-05"), "gold");
}

#[test]
fn bad_tier_declarations_are_checker_errors_with_codes() {
    let cases: [(&str, Code, &str); 10] = [
        (
            "silver when 10 nights\n gold when 8 nights",
            Code::TierOrder,
            "`gold` asks 8 nights, less than the lower level `silver` (10)",
        ),
        (
            "silver when 10 nights or 500 USD spend\n gold when 10 nights or 500 USD spend",
            Code::TierOrder,
            "`gold` asks no more than the lower level `silver`: whoever qualifies for `silver` qualifies for `gold`",
        ),
        (
            "silver when 10 nights and 500 USD spend\n gold when 10 nights",
            Code::TierOrder,
            "`gold` asks no more than the lower level `silver`: whoever qualifies for `silver` qualifies for `gold`",
        ),
        (
            "silver when 10 naps",
            Code::UnknownCounter,
            "`naps` is neither a counter nor a balance",
        ),
        (
            "silver when 10 spend",
            Code::TypeMismatch,
            "`spend` counts money, but the threshold is a number",
        ),
        (
            "silver when 10 EUR spend",
            Code::CurrencyMismatch,
            "the threshold is in EUR, but the program's currency is USD",
        ),
        (
            "silver when 10 nights\n floor diamond",
            Code::UnknownTier,
            "unknown tier `diamond`",
        ),
        (
            "silver when any 3 of (10 nights, 500 USD spend)",
            Code::InvalidValue,
            "`any N of (...)` needs N from 1 to the 2 criteria listed",
        ),
        (
            "silver when 10 nights\n qualify last 0 months",
            Code::InvalidValue,
            "a rolling window is 1 to 120 whole months",
        ),
        (
            "silver when 10 nights\n qualify year from 02-30",
            Code::InvalidValue,
            "02-30 is not a day of the year; write MM-DD",
        ),
    ];
    for (tiers, code, message) in cases {
        let source = format!(
            "program \"P\" {{ currency USD }}\ncounter nights\ncounter spend\ncount tx.items to nights on purchase\ncount tx.amount to spend on purchase\ntiers {{ member\n {tiers}\n}}\n"
        );
        let e = Program::compile(&source).unwrap_err();
        let first = &e.errors[0];
        assert_eq!(
            (first.code, first.message.as_str()),
            (code, message),
            "{tiers}"
        );
        assert!(first.line >= 7, "{tiers}: line {}", first.line);
    }
    // More of the same criteria asked (`any 3 of` above `any 2 of`) is
    // more: a member with two of them has silver, not gold. It was said
    // that whoever qualifies for silver qualifies for gold.
    let source = "program \"P\" { currency USD }\ncounter nights\ncounter stays\ncounter spend\n\
         count tx.items to nights on purchase\ncount 1 to stays on purchase\ncount tx.amount to spend on purchase\n\
         tiers { member\n silver when any 2 of (10 nights, 5 stays, 500 USD spend)\n \
         gold when any 3 of (10 nights, 5 stays, 500 USD spend)\n}\n";
    let p = Program::compile(source).unwrap();
    assert!(p.warnings().is_empty(), "{:?}", p.warnings());
    // Both where the lower level asks either: more.
    let both = "program \"P\" { currency USD }\ncounter nights\ncounter stays\n\
         count tx.items to nights on purchase\ncount 1 to stays on purchase\n\
         tiers { member\n silver when 10 nights or 5 stays\n gold when 10 nights and 5 stays\n}\n";
    assert!(Program::compile(both).is_ok());
    // Fewer asked of the same is still said.
    let e = Program::compile(&source.replace("any 3 of", "any 1 of")).unwrap_err();
    assert_eq!(
        (e.errors[0].code, e.errors[0].message.as_str()),
        (
            Code::TierOrder,
            "`gold` asks no more than the lower level `silver`: whoever qualifies for `silver` qualifies for `gold`"
        )
    );
    // A period that does not parse is a syntax error at its place.
    let e = Program::compile(
        "program \"P\" { currency USD }\ncounter nights\ntiers { member\n silver when 10 nights\n qualify fortnight\n}\n",
    )
    .unwrap_err();
    assert_eq!((e.errors[0].code, e.errors[0].line), (Code::Syntax, 5));
    // The lowest level has no requirement.
    let e = Program::compile(
        "program \"P\" { currency USD }\ncounter nights\ntiers { member when 1 nights\n silver when 10 nights }\n",
    )
    .unwrap_err();
    assert_eq!(e.errors[0].code, Code::NotHere);
    // `on time` runs no rule.
    let e =
        Program::compile("program \"P\" { currency USD }\nearn \"X\" on time { award 1 point }\n")
            .unwrap_err();
    assert_eq!(
        e.errors[0].message,
        "no rule runs on `time`: it is time passing, which reviews tiers and expires points"
    );
}

const GROCER: &str = r#"
program "Grocer" { currency USD }
counter purchases
counter spend
count 1 to purchases on purchase
count tx.amount to spend on purchase
segment champions when purchases last 90 days >= 3 and spend last 12 months >= 300 USD
segment lapsing when days_since(purchases) > 60
segment regular when purchases lifetime >= 1
tiers { member  plus when 1000 USD spend }
earn "Base" on purchase { award 1 point per USD of tx.amount }
earn "Champion bonus" on purchase when member.segment == "champions" { award 50 points }
earn "Welcome back" on purchase when member.segment == "lapsing" { award 200 points }
"#;

#[test]
fn segments_from_counters_decide_member_segment_and_are_reported() {
    let p = compile(GROCER);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let o = replay(
        &p,
        &m,
        &mut s,
        &[
            stay("p1", "2026-01-05T12:00:00Z", 1, "150.00"),
            stay("p2", "2026-01-20T12:00:00Z", 1, "100.00"),
            stay("p3", "2026-02-10T12:00:00Z", 1, "60.00"),
            stay("p4", "2026-06-01T12:00:00Z", 1, "10.00"),
        ],
    );
    let segments: Vec<Option<loyalty_rules::Name>> = o.iter().map(|o| o.segment.clone()).collect();
    assert_eq!(
        segments,
        [
            Some("regular".into()),
            Some("regular".into()),
            // The third purchase in 90 days, 310 USD in 12 months.
            Some("champions".into()),
            // 111 days since the last purchase before this one.
            Some("lapsing".into()),
        ]
    );
    let points: Vec<String> = o
        .iter()
        .map(|o| o.points("m", "points").to_string())
        .collect();
    assert_eq!(points, ["150", "100", "110", "210"]);
    assert!(o[2].explain().contains("  segment: champions\n"));
    // The status reports the segment on its day, from the state.
    let st = status(&p, &m, &s, "2026-06-02");
    assert_eq!(st.segment.as_deref(), Some("regular"));
    assert!(st.explain().contains("  segment: regular\n"));
    assert_eq!(
        status(&p, &m, &s, "2026-09-01").segment.as_deref(),
        Some("lapsing")
    );
    // A member with a segment of the host's is refused: the program decides.
    let given = Member::new("m").with_segment("vip");
    let e = p
        .evaluate_with(&given, &s, &stay("p5", "2026-06-03T12:00:00Z", 1, "10.00"))
        .unwrap_err();
    assert!(matches!(e, EvalError::SegmentGiven { .. }), "{e}");
}

#[test]
fn segment_declarations_are_checked() {
    let bad = |s: &str| {
        let e =
            Program::compile(&GROCER.replace("segment regular when purchases lifetime >= 1", s))
                .unwrap_err();
        (e.errors[0].code, e.errors[0].message.clone())
    };
    assert_eq!(
        bad("segment regular when tx.amount > 10 USD"),
        (
            Code::NotHere,
            "`tx.amount` cannot be used in a segment: it is only known in rules `on purchase`"
                .into()
        )
    );
    assert_eq!(
        bad("segment regular when member.segment == \"x\""),
        (
            Code::UnknownName,
            "the program declares no segment \"x\"".into()
        )
    );
    assert_eq!(
        bad("segment champions when purchases lifetime >= 1"),
        (
            Code::Duplicate,
            "the segment `champions` is declared twice".into()
        )
    );
    assert_eq!(
        bad("segment regular when days_since(visits) > 1"),
        (Code::UnknownCounter, "unknown counter `visits`".into())
    );
    let e = Program::compile(&GROCER.replace("== \"lapsing\"", "== \"lapsng\"")).unwrap_err();
    assert_eq!(
        e.errors[0].message,
        "the program declares no segment \"lapsng\""
    );
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("did you mean \"lapsing\"?")
    );
}

#[test]
fn an_upgrade_can_wait_for_the_next_period() {
    let p = compile(&SHOP.replace("  regular\n", "  regular\n  upgrade next period\n"));
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let o = replay(
        &p,
        &m,
        &mut s,
        &[stay("p1", "2026-05-01T12:00:00Z", 1, "600.00")],
    );
    assert!(o[0].tier_moves.is_empty());
    assert_eq!(tier_of(&p, &m, &s, "2026-12-31"), "regular");
    let st = status(&p, &m, &s, "2027-01-01");
    assert_eq!(
        (st.tier.tier.as_str(), st.since, st.until),
        ("silver", d("2027-01-01"), Some(d("2027-12-31")))
    );
    assert_eq!(
        st.moves[0].to_string(),
        "2027-01-01: regular -> silver: qualified in the period before: 500.00 USD spend (has 600.00 USD)"
    );
    // Held on the period before's spend: the member had it.
    assert!(st.qualified_earlier);
    let text = st.explain();
    assert!(
        text.contains("earned silver since 2027-01-01, held until 2027-12-31: 500.00 USD spend (had 600.00 USD)\n"),
        "{text}"
    );
    assert_eq!(tier_of(&p, &m, &s, "2028-01-01"), "regular");
}

#[test]
fn impossible_tier_settings_are_errors() {
    let bad = |settings: &str| {
        let e = Program::compile(
            &SHOP
                .replace("  regular\n", &format!("  regular\n  vip\n{settings}"))
                .replace("  vip\n", "")
                .replace(
                    "gold when 1500 USD spend\n",
                    "gold when 1500 USD spend\n  vip\n",
                ),
        )
        .unwrap_err();
        (e.errors[0].code, e.errors[0].message.clone())
    };
    assert_eq!(
        bad("  floor vip\n"),
        (
            Code::InvalidValue,
            "`vip` has no requirement, so no member reaches it to keep it for life".into()
        )
    );
    assert_eq!(
        bad("  downgrade to vip\n"),
        (
            Code::InvalidValue,
            "`vip` is the top level: no member lands on it from above".into()
        )
    );
    assert_eq!(
        bad("  upgrade next period\n  keep to end of period\n"),
        (
            Code::InvalidValue,
            "a level earned for the next period would end before it starts".into()
        )
    );
}

/// Found writing a department store's program: `loyalty tier` on a state
/// closed in 2028, asked as of 2027, said "tier member, earned since
/// 2028-01-01": a status from a state that already holds later days.
#[test]
fn a_status_before_the_day_the_state_was_reviewed_to_is_refused() {
    let p = compile(HOTEL);
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(
        &p,
        &m,
        &mut s,
        &[
            stay("s1", "2026-03-02T15:00:00Z", 12, "100.00"),
            time("2028-01-02"),
        ],
    );
    let e = p.tier_status(&m, &s, d("2027-06-01")).unwrap_err();
    assert_eq!(
        e,
        EvalError::StatusBeforeState {
            member: "m".into(),
            as_of: d("2027-06-01"),
            reviewed: d("2028-01-01"),
        }
    );
    assert_eq!(
        e.to_string(),
        "member m: a tier status as of 2027-06-01 cannot be read from a state reviewed up to 2028-01-01 (it holds later days); ask as of 2028-01-01 or later, or replay the member's events up to 2027-06-01"
    );
    // On the day the state was reviewed to, and after, it is read.
    assert_eq!(status(&p, &m, &s, "2028-01-01").tier.tier, "member");
    let silver = status(&p, &m, &s, "2028-03-01");
    assert_eq!(silver.tier.tier, "member");
    // Before the review, the same history as of 2027-06-01 holds silver.
    let mut early = p.new_state(&m);
    replay(
        &p,
        &m,
        &mut early,
        &[stay("s1", "2026-03-02T15:00:00Z", 12, "100.00")],
    );
    assert_eq!(status(&p, &m, &early, "2027-06-01").tier.tier, "silver");
}

/// Found by `tests/tier_properties.rs` at 20,000 cases: more nights gave a
/// lower tier. Under `upgrade next period` with grace, a soft landing on
/// silver (grace still to come) was replaced at the next review by an
/// older silver qualification already in its grace, which ended sooner:
/// the member with more nights fell to the lowest level on 1 August, the
/// one with fewer kept silver in grace to 30 September. A same-level
/// qualification now replaces the held status only when it lasts longer,
/// counting the grace each has still to come.
#[test]
fn a_same_level_qualification_in_grace_does_not_cut_a_landing_short() {
    let p = by_nights(
        r#"
  member
  silver when 6 nights
  gold when 11 nights
  platinum when 12 nights
  qualify last 12 months
  upgrade next period
  downgrade to silver
  grace 3 months
"#,
        "",
    );
    let m = Member::new("m");
    for (second, landed_from) in [(3, "gold"), (6, "platinum")] {
        let mut s = p.new_state(&m);
        let stays = [
            stay("s1", "2026-03-01T12:00:00Z", 8, "10.00"),
            stay("s2", "2026-05-01T12:00:00Z", second, "10.00"),
        ];
        replay(&p, &m, &mut s, &stays);
        let landed = status(&p, &m, &s, "2027-06-01");
        assert_eq!(landed.tier.tier, "silver");
        assert_eq!(landed.by, format!("soft landing from {landed_from}"));
        // Not requalified by 1 July: the landing's grace, to 30 September.
        for day in ["2027-07-01", "2027-08-01", "2027-09-30"] {
            let st = status(&p, &m, &s, day);
            assert_eq!(
                st.tier.tier,
                "silver",
                "{landed_from}, {day}\n{}",
                st.explain()
            );
            assert_eq!(st.until, Some(d("2027-09-30")), "{landed_from}, {day}");
        }
        assert_eq!(tier_of(&p, &m, &s, "2027-10-01"), "member");
    }
}

/// Found by `tests/tier_properties.rs` once it tried `keep to end of next
/// period` over a rolling window: a member who qualified for platinum
/// until a stay left the window on 2 August held it, under the review's
/// reckoning, only to the end of the month after 31 July (a period end it
/// looked at), and fell to silver on 1 October, below a member with fewer
/// nights who kept gold. The last day a level is qualified over a rolling
/// window is the day before a stay leaves it, and it now counts.
#[test]
fn the_last_day_a_rolling_window_qualifies_counts() {
    let stays = [
        stay("s1", "2027-08-02T12:00:00Z", 12, "10.00"),
        stay("s2", "2027-09-01T12:00:00Z", 11, "10.00"),
    ];
    let (p, m, s) = nights_after(
        r#"
  member
  silver when 3 nights
  gold when 13 nights
  platinum when 23 nights
  qualify last 12 months
  keep to end of next period
  downgrade to silver
  grace 1 months
"#,
        &stays,
    );
    assert_eq!(tier_of(&p, &m, &s, "2027-09-01"), "platinum");
    // Qualified through 1 August 2028 (s1 leaves the window on 2 August):
    // held to the end of the next month, 30 September, and a month of
    // grace, to 31 October.
    let st = status(&p, &m, &s, "2028-10-05");
    assert_eq!(st.tier.tier, "platinum", "{}", st.explain());
    assert_eq!(st.until, Some(d("2028-10-31")));
    assert!(st.grace);
    assert_eq!(tier_of(&p, &m, &s, "2028-11-01"), "silver");
}

/// Found by `tests/tier_properties.rs` with `keep to end of next period`
/// over a rolling window: a `time` event on 1 June held silver to 31 July
/// (the member still qualified that day, so it was earned again), while
/// asking the status for the same day said 30 June. Asking now counts the
/// day's qualification as the event does.
#[test]
fn asking_the_status_is_what_a_time_event_that_day_does() {
    let (p, m, s) = nights_after(
        r#"
  member
  silver when 1 nights
  gold when 2 nights
  qualify last 12 months
  keep to end of next period
"#,
        &[stay("s1", "2024-05-13T12:00:00Z", 1, "10.00")],
    );
    assert_eq!(
        status(&p, &m, &s, "2024-05-31").until,
        Some(d("2024-06-30"))
    );
    let asked = status(&p, &m, &s, "2024-06-01");
    let ticked = replay(&p, &m, &mut s.clone(), &[time("2024-06-01")]).remove(0);
    assert_eq!(asked.until, Some(d("2024-07-31")), "{}", asked.explain());
    assert_eq!(asked.moves, ticked.tier_moves);
    assert_eq!(
        asked
            .moves
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>(),
        ["2024-06-01: silver: qualified again, held until 2024-07-31: 1 nights (has 1)"]
    );
}

/// Found by the return property of `tests/tier_properties.rs`: of two
/// qualifications of the same level, the review kept the one already in
/// its grace because its last day was later, over one that ended sooner
/// but had all its grace still to come: a gold member who still qualified
/// on 1 February was shown in grace until 30 April instead of held until
/// 31 March (and three more months of grace).
#[test]
fn of_two_qualifications_the_one_that_lasts_longer_with_its_grace_holds() {
    let (p, m, s) = nights_after(
        r#"
  member
  silver when 1 nights
  gold when 2 nights
  qualify last 12 months
  keep to end of next period
  grace 3 months
"#,
        &[stay("s1", "2024-03-01T12:00:00Z", 2, "10.00")],
    );
    for day in ["2025-02-01", "2025-02-28"] {
        let st = status(&p, &m, &s, day);
        assert_eq!(st.until, Some(d("2025-03-31")), "{day}: {}", st.explain());
        assert!(!st.grace, "{day}");
    }
    // s1 leaves the window on 1 March: held to 31 March, then in grace.
    let st = status(&p, &m, &s, "2025-04-01");
    assert_eq!(
        (st.tier.tier.as_str(), st.until, st.grace),
        ("gold", Some(d("2025-06-30")), true)
    );
    assert_eq!(tier_of(&p, &m, &s, "2025-07-01"), "member");
}

/// A path of one criterion that is met says so once (`(has 1, met)`, not
/// `(has 1, met) (met)`); a path of several says it of the whole too.
#[test]
fn a_met_path_says_met_once() {
    let p = Program::compile(
        r#"program "P" { currency USD timezone "UTC" }
counter nights
counter stays
count tx.items to nights on purchase
count 1 to stays on purchase
tiers {
  member
  silver when 2 nights or any 2 of (1 nights, 1 stays)
  qualify calendar year
  upgrade next period
}"#,
    )
    .unwrap();
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    replay(
        &p,
        &m,
        &mut s,
        &[stay("s1", "2026-03-01T12:00:00Z", 2, "10.00")],
    );
    let text = status(&p, &m, &s, "2026-03-02").explain();
    assert!(text.contains("    - 2 nights (has 2, met)\n"), "{text}");
    assert!(
        text.contains("    - any 2 of (1 nights (has 2, met), 1 stays (has 1, met)) (met)\n"),
        "{text}"
    );
}

/// A bare floor (`floor gold`: holding gold is enough) is reached however
/// gold is reached: under `upgrade next period` the review raises the
/// level at the period's start, with no event while it is held (found by
/// `tier_properties`: the floor was set only by an event, so a member
/// whose gold year passed without one lost it).
#[test]
fn a_bare_floor_is_reached_by_a_level_earned_for_the_next_period() {
    let (p, m, mut s) = nights_after(
        "\n  member\n  silver when 10 nights\n  gold when 25 nights\n  upgrade next period\n  floor gold\n",
        &[stay("s1", "2026-05-10T12:00:00Z", 25, "100.00")],
    );
    assert_eq!(tier_of(&p, &m, &s, "2026-12-31"), "member");
    // Gold for 2027, then no stay at all: the floor keeps gold.
    let st = status(&p, &m, &s, "2028-06-01");
    assert_eq!(
        (st.earned.as_str(), st.tier.tier.as_str()),
        ("member", "gold")
    );
    assert_eq!(st.tier.source, TierSource::Floor);
    let o = replay(&p, &m, &mut s, &[time("2028-06-01")]);
    assert_eq!(
        moves(&o[0]),
        [
            "2027-01-01: member -> gold: qualified in the period before: 25 nights (has 25)",
            "2027-01-01: gold: gold for life: gold reached",
            "2028-01-01: gold -> member: gold ended on 2027-12-31, not requalified",
        ]
    );
}

/// A status renewed when it would end still says, on any day before,
/// how long it holds: over a rolling window with `keep to end of next
/// period`, gold qualified on 15 April is held to 31 May, but the member
/// still qualified on 2 May (the first stay leaves the window on 3 May),
/// which holds it to 30 June. The status of 7 May said 31 May.
#[test]
fn a_status_says_how_long_the_latest_day_qualified_holds_it() {
    let (p, m, s) = nights_after(
        "\n  member\n  gold when 10 nights\n  qualify last 12 months\n  keep to end of next period\n",
        &[
            stay("s1", "2024-05-03T12:00:00Z", 5, "100.00"),
            stay("s2", "2025-04-15T12:00:00Z", 5, "100.00"),
        ],
    );
    assert_eq!(s.tier.as_ref().unwrap().until, Some(d("2025-05-31")));
    for day in ["2025-05-02", "2025-05-07", "2025-05-31"] {
        let st = status(&p, &m, &s, day);
        assert_eq!(
            (st.tier.tier.as_str(), st.until),
            ("gold", Some(d("2025-06-30"))),
            "on {day}"
        );
    }
    // Before the first stay left the window, the same (qualified that day).
    assert_eq!(
        status(&p, &m, &s, "2025-05-01").until,
        Some(d("2025-06-30"))
    );
    assert_eq!(
        status(&p, &m, &s, "2025-04-30").until,
        Some(d("2025-05-31"))
    );
    assert_eq!(tier_of(&p, &m, &s, "2025-06-30"), "gold");
    assert_eq!(tier_of(&p, &m, &s, "2025-07-01"), "member");
}

/// A status reads the member's counts on its day: the reason a level is
/// held said what the member had on the day it was earned ("has 12") when
/// later stays in the same period had brought the nights to 15.
#[test]
fn the_reason_a_level_is_held_counts_what_the_member_has_on_the_day() {
    let (p, m, s) = nights_after(
        " member silver when 10 nights gold when 25 nights keep to end of next period ",
        &[
            stay("s1", "2026-03-01T12:00:00Z", 12, "100.00"),
            stay("s2", "2026-06-01T12:00:00Z", 3, "100.00"),
        ],
    );
    let st = status(&p, &m, &s, "2026-07-01");
    assert_eq!(st.by, "10 nights (has 15)");
    assert!(!st.qualified_earlier);
    assert_eq!(
        st.explain(),
        "member m on 2026-07-01: tier silver (earned)
  earned silver since 2026-03-01, held until 2027-12-31: 10 nights (has 15)
  qualifying over the calendar year, from 2026-01-01
  next: gold by 2026-12-31, on any one path:
    - 25 nights (has 15, 10 missing)
"
    );
    // The next year, held on what the member had when silver was earned.
    let st = status(&p, &m, &s, "2027-02-01");
    assert_eq!(st.by, "10 nights (has 12)");
    assert!(st.qualified_earlier);
    assert!(
        st.explain()
            .contains("held until 2027-12-31: 10 nights (had 12)\n"),
        "{}",
        st.explain()
    );
    // Qualified again in 2027: held on this year's nights, which it has.
    let (p, m, s) = nights_after(
        " member silver when 10 nights gold when 25 nights keep to end of next period ",
        &[
            stay("s1", "2026-03-01T12:00:00Z", 12, "100.00"),
            stay("s3", "2027-03-01T12:00:00Z", 11, "100.00"),
        ],
    );
    let st = status(&p, &m, &s, "2027-04-01");
    assert_eq!(
        (st.by.as_str(), st.qualified_earlier, st.until),
        ("10 nights (has 11)", false, Some(d("2028-12-31")))
    );
}
