#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Every construct of the language, with hand-computed points.

mod common;

use common::fixtures::*;
use loyalty_rules::{Member, Program, Source, Step};

const WED: &str = "2026-03-04T12:00:00Z"; // a Wednesday
const SAT: &str = "2026-03-07T12:00:00Z"; // a Saturday

fn one_line(price: &str) -> loyalty_rules::Event {
    purchase(WED, "store", &[("A", "grocery", "1", price)])
}

#[test]
fn rate_forms() {
    let cases = [
        ("award 1 point per USD of tx.amount", "123.45", "123"),
        ("award 2 points per USD of tx.amount", "10.40", "20"),
        ("award 0.5 points per USD of tx.amount", "10.40", "5"),
        ("award 1 point per 2 USD of tx.amount", "9.00", "4"),
        ("award 1 point per every 10 USD of tx.amount", "99.99", "9"),
        (
            "award 3 points per every 10 USD of tx.amount",
            "100.00",
            "30",
        ),
        ("award 50 points", "1.00", "50"),
        ("award 5% of tx.amount", "250.00", "12"),
    ];
    for (award, price, expected) in cases {
        let p = usd(&format!("earn \"R\" on purchase {{ {award} }}"));
        assert_eq!(
            points(&p, &m1(), &one_line(price)),
            expected,
            "{award} on {price}"
        );
    }
}

#[test]
fn earn_bases_net_of_discounts_tax_shipping_gift_cards_and_points() {
    let p = compile(
        r#"program "x" { currency USD balance g balance n balance t balance p }
        earn "Gross" on purchase { award 1 point per USD of tx.gross to g }
        earn "Net" on purchase { award 1 point per USD of tx.amount to n }
        earn "Total" on purchase { award 1 point per USD of tx.total to t }
        earn "Paid" on purchase { award 1 point per USD of tx.total - tx.paid.gift_card - tx.paid.points to p }"#,
    );
    let e = event(
        r#"{"kind":"purchase","id":"T","timestamp":"2026-03-04T12:00:00Z","currency":"USD",
        "lines":[{"sku":"A","quantity":2,"unit_price":"50.00","discount":"10.00"}],
        "tax":"7.20","shipping":"5.00","tenders":{"card":"62.20","gift_card":"20.00","points":"10.00"}}"#,
    );
    let o = eval(&p, &m1(), &e);
    assert_eq!(o.points("m1", "g").to_string(), "100"); // 2 x 50
    assert_eq!(o.points("m1", "n").to_string(), "90"); // - 10 discount
    assert_eq!(o.points("m1", "t").to_string(), "102"); // + 7.20 tax + 5 shipping = 102.20
    assert_eq!(o.points("m1", "p").to_string(), "72"); // 102.20 - 20 - 10
}

#[test]
fn per_line_rules_and_quantities() {
    let p = usd(r#"
        earn "Per line" on purchase for each line where line.category in ["dining", "beauty"] {
            award 1 point per USD of line.amount
        }
        earn "Per unit" on purchase for each line where "organic" in line.tags {
            award 10 points per line.quantity
        }
    "#);
    let e = event(
        r#"{"kind":"purchase","id":"T","timestamp":"2026-03-04T12:00:00Z","currency":"USD","lines":[
        {"sku":"D","category":"dining","quantity":1,"unit_price":"12.60"},
        {"sku":"B","category":"beauty","quantity":2,"unit_price":"5.70"},
        {"sku":"O","category":"grocery","tags":["organic"],"quantity":3,"unit_price":"1.00"},
        {"sku":"X","category":"grocery","quantity":1,"unit_price":"100.00"}]}"#,
    );
    let o = eval(&p, &m1(), &e);
    // per rule rounding (the default): 12.60 + 11.40 = 24.00
    assert_eq!(o.awards[0].points.to_string(), "24");
    assert_eq!(o.awards[0].lines.len(), 2);
    assert_eq!(o.awards[1].points.to_string(), "30");
    assert_eq!(o.points("m1", "points").to_string(), "54");
}

#[test]
fn rounding_granularity_line_rule_transaction() {
    let lines = &[("A", "x", "1", "1.60"), ("B", "x", "1", "1.60")];
    let e = purchase(WED, "store", lines);
    let body = |setting: &str| {
        compile(&format!(
            r#"program "x" {{ currency USD {setting} }}
            earn "L" on purchase for each line {{ award 1 point per USD of line.amount }}
            earn "T" on purchase {{ award 1 point per USD of tx.amount }}"#
        ))
    };
    // per line: floor(1.6) + floor(1.6) = 2, and the tx rule floor(3.2) = 3
    assert_eq!(points(&body("rounding floor per line"), &m1(), &e), "5");
    // per rule: floor(3.2) + floor(3.2) = 6
    assert_eq!(points(&body("rounding floor per rule"), &m1(), &e), "6");
    // per transaction: floor(3.2 + 3.2) = 6 as well; half_up per line: 2 + 2 = 4, tx 3
    assert_eq!(
        points(&body("rounding floor per transaction"), &m1(), &e),
        "6"
    );
    assert_eq!(points(&body("rounding half_up per line"), &m1(), &e), "7");
    let e = purchase(
        WED,
        "store",
        &[("A", "x", "1", "0.70"), ("B", "x", "1", "0.70")],
    );
    // transaction: floor(0.7+0.7+1.4) = 2; rule: floor(1.4) + floor(1.4) = 2
    assert_eq!(
        points(&body("rounding floor per transaction"), &m1(), &e),
        "2"
    );
    assert_eq!(points(&body("rounding ceil per line"), &m1(), &e), "4"); // 1 + 1 + ceil(1.4)
}

#[test]
fn rounding_modes_and_precision() {
    let e = one_line("2.50");
    let modes = [
        ("floor", "2"),
        ("ceil", "3"),
        ("half_even", "2"),
        ("half_up", "3"),
        ("half_down", "2"),
        // As the design brief and published terms write them.
        ("half-even", "2"),
        ("half-up", "3"),
        ("half-down", "2"),
    ];
    for (mode, expected) in modes {
        let p = usd(&format!(
            "earn \"R\" on purchase {{ award 1 point per USD of tx.amount  round {mode} }}"
        ));
        assert_eq!(points(&p, &m1(), &e), expected, "{mode}");
    }
    let e = one_line("3.50");
    let p = usd("earn \"R\" on purchase { award 1 point per USD of tx.amount  round half_even }");
    assert_eq!(points(&p, &m1(), &e), "4");
    // The program's default and a multiplier's rounding too.
    let p = compile(
        r#"program "x" { currency USD rounding half-up }
        tiers { base gold }
        earn "R" on purchase { award 1 point per USD of tx.amount }
        tier gold { multiply "R" by 1.5 then round half-down }"#,
    );
    assert_eq!(points(&p, &m1(), &one_line("2.50")), "3");
    let mut gold = m1();
    gold.tier = Some("gold".into());
    // 2.5 x 1.5 = 3.75, half-down to whole points: 4.
    assert_eq!(points(&p, &gold, &one_line("2.50")), "4");
    // 1 x 1.5 = 1.5, half-down: 1.
    assert_eq!(points(&p, &gold, &one_line("1.00")), "1");
    // Decimal points at a declared precision.
    let p = compile(
        r#"program "x" { currency USD precision 2 }
        earn "R" on purchase { award 0.333 points per USD of tx.amount }"#,
    );
    assert_eq!(points(&p, &m1(), &one_line("10.00")), "3.33");
    // The rounding step says the result at the precision it rounds to, as
    // the award's line does (found writing a drugstore's cash rewards).
    let p = compile(
        r#"program "x" { currency USD precision 2 }
        earn "R" on purchase { award 16.05% of tx.amount }"#,
    );
    let text = eval(&p, &m1(), &one_line("10.00")).explain();
    assert!(text.contains("\n  1.60 points from \"R\"\n"), "{text}");
    assert!(
        text.contains("rounded floor to 2 decimals = 1.60\n"),
        "{text}"
    );
}

#[test]
fn conditions() {
    let m = member(
        r#"{"id":"m1","tier":"gold","join_date":"2026-02-20","birthday":"1990-03-15",
        "segment":"student","purchase_count":0,"attributes":{"vip":true,"region":"north"}}"#,
    );
    let prelude = r#"tiers { silver gold platinum }
        attribute member.vip bool
        attribute member.region text
    "#;
    let cases = [
        ("tx.amount >= 50 USD", true),
        ("tx.amount > 60 USD", false),
        ("tx.channel == \"store\" and tx.store == \"\"", true),
        ("tx.channel == \"app\" or tx.channel == \"store\"", true),
        ("not (tx.channel == \"app\")", true),
        ("tx.channel not in [\"app\", \"online\"]", true),
        ("month(tx.date) == month(member.birthday)", true),
        ("day(tx.date) == 4 and year(tx.date) == 2026", true),
        ("weekday(tx.date) == wednesday", true),
        ("weekday(tx.date) in [saturday, sunday]", false),
        ("hour(tx.time) == 12 and minute(tx.time) == 0", true),
        ("tx.time >= 09:00 and tx.time < 17:30", true),
        ("tx.date >= 2026-03-01 and tx.date <= 2026-03-31", true),
        ("member.tier >= gold", true),
        ("member.tier == platinum", false),
        ("member.segment == \"student\"", true),
        ("member.first_purchase", true),
        ("member.purchase_count == 0", true),
        ("days_between(member.join_date, tx.date) <= 30", true),
        ("member.vip and member.region == \"north\"", true),
        ("exists(member.birthday)", true),
        ("tx.amount * 2 - 10 USD == 90 USD", true),
        ("tx.amount / 2 == 25 USD", true),
        (
            "tx.items == 1 and \"grocery\" in tx.categories and \"A\" in tx.skus",
            true,
        ),
    ];
    for (cond, holds) in cases {
        let p = usd(&format!(
            "{prelude}\nearn \"R\" on purchase when {cond} {{ award 10 points }}"
        ));
        let expected = if holds { "10" } else { "0" };
        assert_eq!(points(&p, &m, &one_line("50.00")), expected, "{cond}");
    }
}

#[test]
fn absent_values_do_not_match() {
    let p = usd(r#"
        earn "Birthday" on purchase when month(tx.date) == month(member.birthday) { award 10 points }
        earn "Not student" on purchase when member.segment != "student" { award 1 point }
        earn "No segment" on purchase when not exists(member.segment) { award 100 points }
    "#);
    // A comparison with a missing value is unknown, `!=` included (issue 9):
    // only the rule that asks with `exists` applies.
    assert_eq!(points(&p, &m1(), &one_line("5.00")), "100");
}

#[test]
fn a_channel_or_category_left_out_is_empty_text() {
    let p = usd(r#"
        earn "Not app" on purchase when tx.channel != "app" { award 1 point }
        earn "Empty" on purchase when tx.channel == "" { award 10 points }
        earn "Not fuel" on purchase for each line where line.category not in ["fuel"] { award 100 points }
    "#);
    // Neither a channel nor a category: both are "", which is not missing.
    let event = purchase(WED, "", &[("A", "", "1", "5.00")]);
    assert_eq!(points(&p, &m1(), &event), "111");
    // A line without a category is explained by its SKU alone.
    let text = p.evaluate(&m1(), &event).unwrap().explain();
    assert!(text.contains("    line 1 (A): 100\n"), "{text}");
}

#[test]
fn event_earns_referrals_and_custom_kinds() {
    let p = usd(r#"
        attribute event.stars number
        earn "Sign-up" on sign_up { award 100 points }
        earn "Review" on review when event.stars >= 4 { award 50 points }
        earn "Check-in" on check_in { award 5 points }
        earn "Share" on share { award 2 points }
        earn "Referral" on referral { award 1000 points to referrer  award 250 points to referred }
        earn "Install" on event "app_install" { award 150 points }
    "#);
    let at = r#""timestamp":"2026-03-04T12:00:00Z""#;
    let cases = [
        (format!(r#"{{"kind":"sign_up","id":"e",{at}}}"#), "100"),
        (
            format!(r#"{{"kind":"review","id":"e",{at},"attributes":{{"stars":5}}}}"#),
            "50",
        ),
        (
            format!(r#"{{"kind":"review","id":"e",{at},"attributes":{{"stars":"3"}}}}"#),
            "0",
        ),
        (format!(r#"{{"kind":"check_in","id":"e",{at}}}"#), "5"),
        (format!(r#"{{"kind":"share","id":"e",{at}}}"#), "2"),
        (
            format!(r#"{{"kind":"custom","name":"app_install","id":"e",{at}}}"#),
            "150",
        ),
    ];
    for (json, expected) in &cases {
        assert_eq!(points(&p, &m1(), &event(json)), *expected, "{json}");
    }
    // A kind of its own that no rule reads is refused (a misspelt kind
    // would give nothing without a word); a lenient program gives nothing.
    let other = event(&format!(
        r#"{{"kind":"custom","name":"other","id":"e",{at}}}"#
    ));
    assert!(matches!(
        p.evaluate(&m1(), &other),
        Err(loyalty_rules::EvalError::UnknownKind { .. })
    ));
    let lenient = p.clone().lenient_attributes(true);
    assert_eq!(points(&lenient, &m1(), &other), "0");
    let referral = event(&format!(
        r#"{{"kind":"referral","id":"e",{at},"referrer":"m1","referred":"m2"}}"#
    ));
    let o = eval(&p, &m1(), &referral);
    assert_eq!(o.points("m1", "points").to_string(), "1000");
    assert_eq!(o.points("m2", "points").to_string(), "250");
    assert_eq!(o.awards[1].member, "m2");
}

#[test]
fn tier_multipliers_and_rate_overrides() {
    let p = usd(r#"
        tiers { member gold platinum }
        earn "Base" on purchase for each line { award 1 point per USD of line.amount }
        earn "Dining" on purchase for each line where line.category == "dining" {
            award 2 points per USD of line.amount
        }
        tier gold { multiply "Base" by 1.5 }
        tier platinum { multiply all by 2  override "Dining" { award 5 points per USD of line.amount } }
    "#);
    let e = purchase(WED, "store", &[("D", "dining", "1", "10.00")]);
    let with_tier = |t: &str| member(&format!(r#"{{"id":"m1","tier":"{t}"}}"#));
    assert_eq!(points(&p, &with_tier("member"), &e), "30"); // 10 + 20
    assert_eq!(points(&p, &with_tier("gold"), &e), "35"); // 15 + 20
    let o = eval(&p, &with_tier("platinum"), &e);
    assert_eq!(o.points("m1", "points").to_string(), "120"); // 20 + 50 x 2
    assert_eq!(o.awards[1].tier_override.as_deref(), Some("platinum"));
    assert_eq!(o.awards[1].computed.to_string(), "50");
    let err = p.evaluate(&with_tier("diamond"), &e).unwrap_err();
    assert!(err.to_string().contains("tier \"diamond\""), "{err}");
}

#[test]
fn campaigns_windows_and_recurrences() {
    let p = usd(r#"
        earn "Base" on purchase { award 10 points }
        campaign "November" from 2026-11-20 to 2026-11-30 { multiply "Base" by 2 }
        campaign "Day 11" every month on day 11 { multiply "Base" by 3 }
        campaign "Weekend" every weekend { multiply "Base" by 5 }
        campaign "Mondays evening" every monday between 17:00 and 20:00 { multiply "Base" by 7 }
    "#);
    let at = |ts: &str| purchase(ts, "store", &[("A", "x", "1", "1.00")]);
    assert_eq!(points(&p, &m1(), &at("2026-11-19T12:00:00Z")), "10"); // Thursday
    assert_eq!(points(&p, &m1(), &at("2026-11-20T00:00:00Z")), "20"); // Friday, window
    assert_eq!(points(&p, &m1(), &at("2026-11-30T23:59:00Z")), "20"); // Monday 23:59: window only
    assert_eq!(points(&p, &m1(), &at("2026-12-11T12:00:00Z")), "30"); // Friday the 11th
    assert_eq!(points(&p, &m1(), &at("2026-04-11T12:00:00Z")), "150"); // Saturday the 11th: 3 x 5
    assert_eq!(points(&p, &m1(), &at("2026-03-02T18:30:00Z")), "70"); // Monday 18:30
    assert_eq!(points(&p, &m1(), &at("2026-03-02T20:00:00Z")), "10"); // Monday 20:00: ended
}

/// `every month on day last`: the month's last day, whichever it is (28
/// to 31), as month-end promotions run; with other days (`day 15, last`).
#[test]
fn a_campaign_on_the_last_day_of_each_month() {
    let p = usd(r#"
        earn "Base" on purchase { award 10 points }
        campaign "Month end" every month on day last { multiply "Base" by 2 }
        campaign "Paydays" every month on day 15, last { multiply "Base" by 3 }
    "#);
    let at = |ts: &str| purchase(ts, "store", &[("A", "x", "1", "1.00")]);
    assert_eq!(points(&p, &m1(), &at("2026-02-28T12:00:00Z")), "60");
    assert_eq!(points(&p, &m1(), &at("2028-02-28T12:00:00Z")), "10"); // a leap year
    assert_eq!(points(&p, &m1(), &at("2028-02-29T12:00:00Z")), "60");
    assert_eq!(points(&p, &m1(), &at("2026-04-30T12:00:00Z")), "60");
    assert_eq!(points(&p, &m1(), &at("2026-01-30T12:00:00Z")), "10");
    assert_eq!(points(&p, &m1(), &at("2026-01-31T12:00:00Z")), "60");
    assert_eq!(points(&p, &m1(), &at("2026-01-15T12:00:00Z")), "30");
    // Said as written, in the explanation and in why a campaign did not run.
    let o = eval(&p, &m1(), &at("2026-01-31T12:00:00Z"));
    assert_eq!(o.campaigns, ["Month end", "Paydays"]);
    let member = m1();
    let why: Vec<String> = p
        .why_not(&member, &p.new_state(&member), &at("2026-01-30T12:00:00Z"))
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        why,
        [
            "Base: not multiplied by campaign \"Month end\": it runs every month on day last, not on 2026-01-30",
            "Base: not multiplied by campaign \"Paydays\": it runs every month on day 15, last, not on 2026-01-30",
        ]
    );
    // A window without the last day of a month: the campaign never runs.
    let text = messages(
        "program \"x\" { currency USD }\nearn \"Base\" on purchase { award 1 point }\n\
         campaign \"C\" from 2026-02-01 to 2026-02-27 every month on day last { multiply \"Base\" by 2 }",
    );
    assert!(text.contains("warning[L0502]"), "{text}");
}

/// `every weekday`, beside `every weekend`: Monday to Friday (it read as a
/// day named "weekday", which is none).
#[test]
fn every_weekday_is_monday_to_friday() {
    let p = usd(r#"
        earn "Base" on purchase { award 10 points }
        campaign "Lunch" every weekday between 11:30 and 14:00 { multiply "Base" by 2 }
    "#);
    let at = |ts: &str| purchase(ts, "store", &[("A", "x", "1", "1.00")]);
    assert_eq!(points(&p, &m1(), &at("2026-11-16T12:00:00Z")), "20"); // Monday
    assert_eq!(points(&p, &m1(), &at("2026-11-20T12:00:00Z")), "20"); // Friday
    assert_eq!(points(&p, &m1(), &at("2026-11-21T12:00:00Z")), "10"); // Saturday
    assert_eq!(points(&p, &m1(), &at("2026-11-22T12:00:00Z")), "10"); // Sunday
    assert_eq!(points(&p, &m1(), &at("2026-11-20T15:00:00Z")), "10"); // Friday, after lunch
}

#[test]
fn campaign_dates_are_read_in_the_program_time_zone() {
    let p = compile(
        r#"program "x" { currency USD timezone "America/New_York" }
        earn "Base" on purchase { award 10 points }
        campaign "Day" from 2026-11-20 to 2026-11-20 { multiply "Base" by 2 }"#,
    );
    // 03:00 UTC on the 21st is still the 20th in New York.
    let e = purchase("2026-11-21T03:00:00Z", "store", &[("A", "x", "1", "1.00")]);
    assert_eq!(points(&p, &m1(), &e), "20");
    let e = purchase("2026-11-20T03:00:00Z", "store", &[("A", "x", "1", "1.00")]);
    assert_eq!(points(&p, &m1(), &e), "10");
}

/// "5x points on featured items", "double points on eco products": a
/// multiplier reaches lines by their tags, after the tier's, and a tag can
/// be excepted.
#[test]
fn multipliers_target_lines_by_their_tags() {
    let p = usd(r#"
        tiers { base gold }
        earn "Base" on purchase for each line { award 1 point per USD of line.amount }
        earn "Flat" on purchase { award 100 points }
        tier gold { multiply "Base" by 1.5 then round floor }
        campaign "Featured" { multiply tag "featured", "new" by 5 }
        campaign "Not on sale" when tx.channel == "app" { multiply all except tag "sale" except "Flat" by 2 }
    "#);
    let buy = |channel: &str| {
        event(&format!(
            r#"{{"kind":"purchase","id":"T1","timestamp":"{WED}","channel":"{channel}","currency":"USD","lines":[
                {{"sku":"A","category":"x","tags":["featured"],"quantity":1,"unit_price":"10.00"}},
                {{"sku":"B","category":"x","tags":["sale","new"],"quantity":1,"unit_price":"20.00"}},
                {{"sku":"C","category":"x","quantity":1,"unit_price":"7.00"}}]}}"#
        ))
    };
    // Store: A 10 x 5 = 50, B 20 x 5 = 100 (`new`), C 7; and 100 flat.
    assert_eq!(points(&p, &m1(), &buy("store")), "257");
    // App: A 10 x 5 x 2 = 100, B on sale: 100, C 7 x 2 = 14; 100 flat.
    assert_eq!(points(&p, &m1(), &buy("app")), "314");
    // Gold: the tier first, floored, then the tags: A 15 x 5 = 75, B 30 x 5
    // = 150, C 10; 100 flat.
    let mut gold = m1();
    gold.tier = Some("gold".into());
    assert_eq!(points(&p, &gold, &buy("store")), "335");
    // The explanation names the campaign on each line it multiplied.
    let text = eval(&p, &m1(), &buy("store")).explain();
    assert!(text.contains("× 5 (campaign \"Featured\")"), "{text}");
}

/// A hotel's stay earns points and qualifying nights in one rule; the gold
/// bonus multiplies its points only (`in points`), a double-nights
/// promotion its nights only (`in nights`), and a campaign without `in`
/// both. Per line and per event, lean and explained.
#[test]
fn a_multiplier_in_a_balance_reaches_only_that_balance_s_awards() {
    let p = compile(
        r#"program "Stays" { currency USD  balance nights qualifying }
        tiers { member gold }
        earn "Room" on purchase for each line {
          award 10 points per USD of line.amount
          award 1 point per line.quantity to nights
        }
        earn "Stay" on purchase { award 500 points  award 1 point to nights }
        tier gold { multiply "Room", "Stay" in points by 1.5 }
        campaign "Double nights" every saturday { multiply all in nights by 2 }
        campaign "Triple" when tx.channel == "app" { multiply "Stay" by 3 }"#,
    );
    let stay = |ts: &str, channel: &str| purchase(ts, channel, &[("ROOM", "room", "2", "100.00")]);
    let nights = |o: &loyalty_rules::Outcome, m: &str| o.points(m, "nights").to_string();
    let mut gold = m1();
    gold.tier = Some("gold".into());
    let cases = [
        // A member on a Wednesday: 2000 + 500 points, 2 + 1 nights.
        (m1(), WED, "store", "2500", "3"),
        // Gold: the points x 1.5 (3000 + 750), the nights as they are.
        (gold.clone(), WED, "store", "3750", "3"),
        // Gold on a Saturday: the nights doubled (4 + 2), the points as on Wednesday.
        (gold.clone(), SAT, "store", "3750", "6"),
        // Gold in the app on a Saturday: "Triple" (no `in`) multiplies the
        // stay's points and its night: 500 x 1.5 x 3 = 2250, 1 x 2 x 3 = 6.
        (gold.clone(), SAT, "app", "5250", "10"),
    ];
    for (member, day, channel, points, night_count) in cases {
        let o = eval(&p, &member, &stay(day, channel));
        assert_eq!(
            (o.points("m1", "points").to_string(), nights(&o, "m1")),
            (points.to_string(), night_count.to_string()),
            "{day} {channel} {:?}",
            member.tier
        );
    }
    // The explanation: the tier on the points, the campaign on the nights.
    let text = eval(&p, &gold, &stay(SAT, "store")).explain();
    assert!(text.contains("× 1.5 (tier gold) = 3000"), "{text}");
    assert!(
        text.contains("× 2 (campaign \"Double nights\") = 4"),
        "{text}"
    );
    assert!(!text.contains("× 1.5 (tier gold) = 3\n"), "{text}");
}

#[test]
fn campaign_targets_categories_with_exclusions_and_conditions() {
    let p = usd(r#"
        earn "Base" on purchase for each line { award 1 point per USD of line.amount }
        earn "Flat" on purchase { award 100 points }
        campaign "Beauty" { multiply category "beauty", "spa" by 3 }
        campaign "All but fuel" when tx.channel == "app" { multiply all except category "fuel" except "Flat" by 2 }
    "#);
    let e = purchase(
        WED,
        "app",
        &[
            ("B", "beauty", "1", "10.00"),
            ("F", "fuel", "1", "10.00"),
            ("G", "grocery", "1", "10.00"),
        ],
    );
    // beauty 10 x 3 x 2 = 60, fuel 10, grocery 10 x 2 = 20; flat 100
    assert_eq!(points(&p, &m1(), &e), "190");
    let e = purchase(WED, "store", &[("B", "beauty", "1", "10.00")]);
    assert_eq!(points(&p, &m1(), &e), "130");
}

#[test]
fn campaign_stacking_multiply_add_best() {
    let src = |stacking: &str| {
        usd(&format!(
            r#"earn "Base" on purchase {{ award 100 points }}
            campaign "A" {{ multiply "Base" by 2  stacking {stacking} }}
            campaign "B" {{ multiply "Base" by 3  stacking {stacking} }}"#
        ))
    };
    let e = one_line("1.00");
    assert_eq!(points(&src("multiply"), &m1(), &e), "600"); // 100 x 2 x 3
    assert_eq!(points(&src("add"), &m1(), &e), "400"); // 100 x (1 + 1 + 2)
    let o = eval(&src("best"), &m1(), &e);
    assert_eq!(o.points("m1", "points").to_string(), "300");
    match &o.awards[0].steps[0] {
        Step::Multiply {
            source:
                Source::Campaign {
                    campaigns,
                    stacking,
                },
            ..
        } => {
            assert_eq!(campaigns, &["B".to_string()]);
            assert_eq!(stacking, "best");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn campaign_priority_and_exclusive_groups() {
    let p = usd(r#"
        earn "Base" on purchase { award 100 points }
        campaign "Low" { multiply "Base" by 5  exclusive "holiday" }
        campaign "High" { multiply "Base" by 2  exclusive "holiday"  priority 10 }
        campaign "Other" { multiply "Base" by 1.5  then round floor }
    "#);
    let o = eval(&p, &m1(), &one_line("1.00"));
    // "High" wins the group by priority; it applies first, then "Other".
    assert_eq!(o.points("m1", "points").to_string(), "300");
    let names: Vec<String> = o.awards[0]
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Multiply {
                source: Source::Campaign { campaigns, .. },
                ..
            } => Some(campaigns[0].to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(names, ["High", "Other"]);
}

#[test]
fn campaign_rules_run_only_with_their_campaign() {
    let p = usd(r#"
        campaign "Black Friday" from 2026-11-27 to 2026-11-27 when tx.amount >= 100 USD {
            earn "BF bonus" on purchase { award 500 points }
        }
    "#);
    let at = |ts: &str, price: &str| purchase(ts, "store", &[("A", "x", "1", price)]);
    assert_eq!(
        points(&p, &m1(), &at("2026-11-27T12:00:00Z", "100.00")),
        "500"
    );
    assert_eq!(points(&p, &m1(), &at("2026-11-27T12:00:00Z", "99.99")), "0");
    assert_eq!(
        points(&p, &m1(), &at("2026-11-28T12:00:00Z", "100.00")),
        "0"
    );
    let o = eval(&p, &m1(), &at("2026-11-27T12:00:00Z", "100.00"));
    assert_eq!(o.awards[0].campaign.as_deref(), Some("Black Friday"));
}

#[test]
fn caps_per_line_per_rule_and_per_transaction() {
    let p = usd(r#"
        earn "Lines" on purchase for each line {
            award 1 point per USD of line.amount
            cap 30 points per line
            cap 50 points per transaction
        }
        earn "Flat" on purchase { award 40 points }
        cap 70 points per transaction
    "#);
    let e = purchase(
        WED,
        "store",
        &[
            ("A", "x", "1", "40.00"),
            ("B", "x", "1", "25.00"),
            ("C", "x", "1", "10.00"),
        ],
    );
    let o = eval(&p, &m1(), &e);
    // lines 30 + 25 + 10 = 65, rule cap 50; flat 40 cut to 20 by the program cap.
    assert_eq!(o.awards[0].points.to_string(), "50");
    assert_eq!(o.awards[1].points.to_string(), "20");
    assert_eq!(o.points("m1", "points").to_string(), "70");
    assert!(
        matches!(&o.awards[1].steps[0], Step::Cap { cap, .. } if cap == "cap 70 points per transaction")
    );
}

#[test]
fn percent_of_earned_sees_earlier_rules() {
    let p = usd(r#"
        earn "Base" on purchase { award 1 point per USD of tx.amount }
        earn "Bonus" on purchase { award 10% of earned }
        earn "Late" on purchase { award 7 points }
    "#);
    assert_eq!(points(&p, &m1(), &one_line("95.00")), "111"); // 95 + 9 + 7
}

#[test]
fn several_balances() {
    let p = compile(
        r#"program "Hotel" { currency USD balance nights qualifying balance qualifying_spend qualifying precision 2 }
        attribute tx.nights number
        earn "Stay" on purchase {
            award 10 points per USD of tx.amount
            award 1 point per tx.nights to nights
            award 1 per USD of tx.amount to qualifying_spend
        }"#,
    );
    let e = event(
        r#"{"kind":"purchase","id":"S","timestamp":"2026-03-04T12:00:00Z","currency":"USD",
        "lines":[{"sku":"ROOM","quantity":1,"unit_price":"345.67"}],"attributes":{"nights":3}}"#,
    );
    let o = eval(&p, &m1(), &e);
    assert_eq!(o.points("m1", "points").to_string(), "3456");
    assert_eq!(o.points("m1", "nights").to_string(), "3");
    assert_eq!(o.points("m1", "qualifying_spend").to_string(), "345.67");
    assert!(
        o.totals
            .iter()
            .find(|t| t.balance == "nights")
            .unwrap()
            .qualifying
    );
}

#[test]
fn the_balances_listed_are_the_ones_outcomes_report() {
    // Only `stars`: `points` is not reported, so not listed either.
    let coffee = compile(
        r#"program "Coffee" { currency USD balance stars }
        earn "Stars" on purchase { award 1 point per USD of tx.amount to stars }"#,
    );
    assert_eq!(coffee.balances().collect::<Vec<_>>(), ["stars"]);
    let o = eval(&coffee, &m1(), &one_line("5.00"));
    let reported: Vec<&str> = o.totals.iter().map(|t| t.balance.as_str()).collect();
    assert_eq!(reported, ["stars"]);
    // A program that earns `points` beside its own lists both.
    let hotel = compile(
        r#"program "Hotel" { currency USD balance nights qualifying }
        earn "Stay" on purchase { award 10 points per USD of tx.amount  award 1 point to nights }"#,
    );
    assert_eq!(hotel.balances().collect::<Vec<_>>(), ["points", "nights"]);
}

#[test]
fn priority_groups_and_stop() {
    let p = usd(r#"
        earn "Small welcome" on purchase when member.first_purchase { award 100 points  group "welcome" }
        earn "Big welcome" on purchase when member.first_purchase and tx.amount >= 50 USD { award 300 points  group "welcome" }
        earn "Late" on purchase { award 1 point }
        earn "Early" on purchase when tx.amount >= 1000 USD { award 5 points  priority 10  stop }
    "#);
    let first = member(r#"{"id":"m1","purchase_count":0}"#);
    let o = eval(&p, &first, &one_line("60.00"));
    let rules: Vec<&str> = o.awards.iter().map(|a| a.rule.as_str()).collect();
    assert_eq!(rules, ["Big welcome", "Late"]);
    assert_eq!(points(&p, &first, &one_line("10.00")), "101");
    // "Early" runs first (priority 10) and stops everything after it; the
    // outcome says so, as the rules after it would otherwise have applied.
    let o = eval(&p, &first, &one_line("1000.00"));
    let rules: Vec<&str> = o.awards.iter().map(|a| a.rule.as_str()).collect();
    assert_eq!(rules, ["Early"]);
    assert_eq!(o.stopped.as_deref(), Some("Early"));
    assert!(
        o.explain()
            .contains("\n  stop: the rules after \"Early\" did not run\n  total:\n"),
        "{}",
        o.explain()
    );
    // A stop with no rule after it to run stops nothing: not said.
    assert_eq!(eval(&p, &first, &one_line("60.00")).stopped, None);
    let last = usd(r#"
        earn "Late" on purchase { award 1 point }
        earn "Early" on purchase when tx.amount >= 1000 USD { award 5 points  stop }
    "#);
    let o = eval(&last, &first, &one_line("1000.00"));
    assert_eq!(o.stopped, None);
    assert!(!o.explain().contains("stop"), "{}", o.explain());
    // The winner of a group stops as a rule does.
    let grouped = usd(r#"
        earn "Small" on purchase { award 100 points  group "welcome"  stop }
        earn "Big" on purchase when tx.amount >= 50 USD { award 300 points  group "welcome"  stop }
        earn "Late" on purchase { award 1 point }
    "#);
    let o = eval(&grouped, &first, &one_line("60.00"));
    let rules: Vec<&str> = o.awards.iter().map(|a| a.rule.as_str()).collect();
    assert_eq!(rules, ["Big"]);
    assert_eq!(o.stopped.as_deref(), Some("Big"));
}

#[test]
fn weekend_helper_dates() {
    let p =
        usd("earn \"W\" on purchase when weekday(tx.date) in [saturday, sunday] { award 1 point }");
    assert_eq!(
        points(&p, &m1(), &purchase(SAT, "app", &[("A", "x", "1", "1")])),
        "1"
    );
}

#[test]
fn explanation_names_every_step() {
    let p = usd(r#"
        tiers { gold }
        earn "Base" on purchase { award 1 point per USD of tx.amount }
        tier gold { multiply "Base" by 1.25 }
        campaign "Double" { multiply "Base" by 2 }
        cap 200 points per transaction
    "#);
    let m = member(r#"{"id":"m1","tier":"gold"}"#);
    let o = eval(&p, &m, &one_line("99.99"));
    let text = o.explain();
    let expected = [
        "100 points from \"Base\"",
        "1 point per USD of tx.amount",
        "= 99.99 on 99.99",
        "× 1.25 (tier gold) = 124.9875",
        "× 2 (campaign \"Double\") = 249.975",
        "rounded floor to whole points = 249",
        "capped by `cap 200 points per transaction` = 200",
    ];
    assert!(text.contains("× 1.25 (tier gold) = 124.9875"), "{text}");
    assert!(
        text.contains("capped by `cap 200 points per transaction` = 200"),
        "{text}"
    );
    assert!(text.contains("200 points from \"Base\""), "{text}");
    for line in &expected[1..6] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert_eq!(format!("{o}"), text);
}

#[test]
fn min_and_max_in_bases_and_conditions() {
    // "1 point per USD, on at most 500 USD of each order."
    let p = usd(
        r#"earn "Capped base" on purchase { award 1 point per USD of min(tx.amount, 500 USD) }"#,
    );
    assert_eq!(points(&p, &m1(), &one_line("120.00")), "120");
    assert_eq!(points(&p, &m1(), &one_line("812.40")), "500");
    // At least 10 points for a line, whatever its price.
    let p = usd(
        r#"earn "Floor" on purchase for each line { award 1 point per USD of max(line.amount, 10 USD) }"#,
    );
    assert_eq!(points(&p, &m1(), &one_line("3.00")), "10");
    let p = usd(r#"earn "R" on purchase when max(tx.items, 2) == 2 { award 7 points }"#);
    assert_eq!(points(&p, &m1(), &one_line("3.00")), "7");
    // Both sides of one type.
    let text = messages(
        "program \"x\" { currency USD }\nearn \"R\" on purchase { award 1 point per USD of min(tx.amount, 5) }",
    );
    assert!(
        text.contains(
            "error[L0304]: `min` needs two values of one type, but these are money and a number"
        ),
        "{text}"
    );
}

/// `floor(...)`: the whole number below a number or an amount, found
/// writing a bookseller's terms ("1 stamp for every 10 USD spent in one
/// purchase; 10 stamps earn a 5 USD reward"): the stamps of a purchase are
/// whole, so they are counted with `floor`.
#[test]
fn floor_gives_whole_numbers_and_whole_money() {
    let p = compile(
        r#"program "Books" { currency USD  balance rewards precision 2 }
counter stamps
count floor(sum(line.amount, line.category != "gift_card") / 10 USD) to stamps on purchase
earn "Reward" on purchase { award 5 rewards per crossed(stamps lifetime, 10, 10) }"#,
    );
    let m = m1();
    let mut state = p.new_state(&m);
    let mut stamps = Vec::new();
    let mut rewards = Vec::new();
    for (i, (price, category)) in [
        ("39.99", "fiction"),
        ("29.99", "fiction"),
        ("45.00", "kids"),
        ("50.00", "gift_card"),
        ("19.99", "fiction"),
        ("120.00", "art"),
    ]
    .into_iter()
    .enumerate()
    {
        let e = event(&format!(
            r#"{{"kind": "purchase", "id": "p{i}", "timestamp": "2026-03-0{}T12:00:00Z",
"currency": "USD", "lines": [{{"sku": "B", "category": "{category}", "quantity": 1, "unit_price": "{price}"}}]}}"#,
            i + 1
        ));
        let o = p.evaluate_with(&m, &state, &e).unwrap();
        rewards.push(o.points(&m.id, "rewards").to_string());
        state.apply(&o).unwrap();
        stamps.push(state.counter("stamps").unwrap().total.to_string());
    }
    // 3, 2, 4, none for a gift card, 1 (the tenth), 12 (past the twentieth).
    assert_eq!(stamps, ["3", "5", "9", "9", "10", "22"]);
    assert_eq!(rewards, ["0.00", "0.00", "0.00", "0.00", "5.00", "5.00"]);

    // Money stays money (whole units), numbers stay numbers; below zero,
    // the whole number below; a fraction is floored exactly.
    let p = usd(r#"earn "R" on purchase { award 1 point per USD of floor(tx.amount) }"#);
    assert_eq!(points(&p, &m1(), &one_line("812.99")), "812");
    let p = usd(
        r#"earn "R" on purchase when floor(tx.amount / 3 USD) == 3 and floor(0 - 1.5) == -2 {
  award 10 points per floor(tx.amount / 3 USD)
}"#,
    );
    assert_eq!(points(&p, &m1(), &one_line("10.00")), "30");
    assert_eq!(points(&p, &m1(), &one_line("9.00")), "30");
    assert_eq!(points(&p, &m1(), &one_line("8.99")), "0");
    let o = eval(&p, &m1(), &one_line("10.00"));
    assert_eq!(
        o.awards[0].formula,
        "10 points per floor(tx.amount / 3 USD)"
    );
    // A missing value stays missing.
    let p = usd(r#"attribute member.score number
earn "R" on purchase when not (floor(member.score) >= 0) { award 1 point }"#);
    assert_eq!(points(&p, &m1(), &one_line("10.00")), "0");

    // One number or amount.
    let text = messages(
        r#"program "x" { currency USD }
earn "R" on purchase when floor(tx.date) > 1 { award 1 point }"#,
    );
    assert!(
        text.contains("error[L0304]: `floor` needs a number or an amount, but this is a date"),
        "{text}"
    );
    let text = messages(
        r#"program "x" { currency USD }
earn "R" on purchase when floor(tx.amount, 2) > 1 USD { award 1 point }"#,
    );
    assert!(
        text.contains("error[L0304]: `floor` takes 1 argument, not 2"),
        "{text}"
    );
}

#[test]
fn a_bonus_on_named_rules_points() {
    // An elite bonus of 25% of base points only, not of the dining bonus.
    let p = usd(r#"
        earn "Base" on purchase { award 10 points per USD of tx.amount }
        earn "Dining" on purchase { award 2 points per USD of tx.amount }
        earn "Elite bonus" on purchase { award 25% of earned by "Base" }
        earn "All bonus" on purchase { award 10% of earned }
    "#);
    // Base 200, Dining 40, Elite 25% of 200 = 50, All 10% of (200 + 40 + 50) = 29.
    let outcome = eval(&p, &m1(), &one_line("20.00"));
    let awards: Vec<(String, String)> = outcome
        .awards
        .iter()
        .map(|a| (a.rule.to_string(), a.points.to_string()))
        .collect();
    assert_eq!(
        awards,
        [
            ("Base".into(), "200".into()),
            ("Dining".into(), "40".into()),
            ("Elite bonus".into(), "50".into()),
            ("All bonus".into(), "29".into())
        ]
    );
    assert_eq!(outcome.awards[2].base.unwrap().to_string(), "200");
    // Several rules, and a rule that did not apply counts as zero.
    let p = usd(r#"
        earn "Base" on purchase { award 100 points }
        earn "Weekend" on purchase when weekday(tx.date) in [saturday, sunday] { award 50 points }
        earn "Bonus" on purchase { award 50% of earned by "Base", "Weekend" }
    "#);
    assert_eq!(points(&p, &m1(), &one_line("1.00")), "150"); // a Wednesday: 100 + 50
}

#[test]
fn a_bonus_on_a_rule_that_runs_later_is_an_error() {
    let text = messages(
        "program \"x\" { currency USD }\nearn \"Bonus\" on purchase { award 25% of earned by \"Base\" }\nearn \"Base\" on purchase { award 1 point }",
    );
    assert!(
        text.contains(
            "error[L0404]: \"Base\" runs after \"Bonus\", so it has earned nothing when \"Bonus\" runs"
        ),
        "{text}"
    );
    let text = messages(
        "program \"x\" { currency USD }\nearn \"Base\" on review { award 1 point }\nearn \"Bonus\" on purchase { award 25% of earned by \"Base\" }",
    );
    assert!(
        text.contains("error[L0404]: \"Base\" is not a rule on purchase"),
        "{text}"
    );
}

#[test]
fn steps_on_quantities() {
    // Fuel: 1 point per every 2 litres, whole steps only.
    let p = usd(
        r#"earn "Fuel" on purchase for each line where line.category == "fuel" {
        award 1 point per every 2 of line.quantity
    }"#,
    );
    let e = purchase(WED, "store", &[("DIESEL", "fuel", "37.5", "1.60")]);
    assert_eq!(points(&p, &m1(), &e), "18"); // floor(37.5 / 2)
    let outcome = eval(&p, &m1(), &e);
    assert_eq!(outcome.awards[0].lines[0].base.unwrap().to_string(), "37.5");
    // Money is not a quantity.
    let text = messages(
        "program \"x\" { currency USD }\nearn \"R\" on purchase { award 1 point per every 2 of tx.amount }",
    );
    assert!(text.contains("error[L0301]:"), "{text}");
    assert!(text.contains("a number"), "{text}");
}

#[test]
fn a_campaign_outranked_by_an_exclusive_rival_is_not_listed_as_applied() {
    let p = usd(r#"
        earn "Base" on purchase { award 1 point per USD of tx.amount }
        campaign "Big" { multiply "Base" by 3  priority 2  exclusive "deal" }
        campaign "Small" { multiply "Base" by 2  priority 1  exclusive "deal" }
        campaign "Other" { multiply "Base" by 1.5 }
    "#);
    let outcome = eval(&p, &m1(), &one_line("10.00"));
    assert_eq!(outcome.points("m1", "points").to_string(), "45"); // 10 × 3 × 1.5
    assert_eq!(outcome.campaigns, ["Big", "Other"]);
    assert_eq!(outcome.outranked, ["Small"]);
    let text = outcome.explain();
    assert!(text.contains("  campaigns running: Big, Other\n"), "{text}");
    assert!(
        text.contains("  outranked by an exclusive rival: Small\n"),
        "{text}"
    );
}

#[test]
fn the_points_balance_is_reported_only_when_the_program_uses_it() {
    // A program that earns only its own balance (miles) reports that one;
    // `points` it neither earns nor spends is not a total of its outcomes.
    let miles = compile(
        r#"program "Air" { currency USD  balance miles redeemable }
        earn "Fare" on purchase { award 5 points per USD of tx.amount to miles }"#,
    );
    let o = miles.evaluate(&m1(), &one_line("10.00")).unwrap();
    let totals: Vec<(String, String)> = o
        .totals
        .iter()
        .map(|t| (t.balance.to_string(), t.points.to_string()))
        .collect();
    assert_eq!(totals, [("miles".to_string(), "50".to_string())]);
    assert!(!o.explain().contains("points\n"), "{}", o.explain());
    let (m, e) = (m1(), one_line("10.00"));
    let lean = miles.points(&m, &e).unwrap();
    assert_eq!(lean.total("m1", "points"), None);
    assert_eq!(
        lean.total("m1", "miles"),
        Some(rust_decimal::Decimal::from(50))
    );
    // Used anywhere (an award, a cap, a burn rule), or alone, it is reported.
    for body in [
        r#"earn "Fare" on purchase { award 5 points per USD of tx.amount to miles }
           earn "Bonus" on sign_up { award 100 points }"#,
        r#"earn "Fare" on purchase { award 5 points per USD of tx.amount to miles }
           cap 10 points per transaction"#,
    ] {
        let p = compile(&format!(
            "program \"Air\" {{ currency USD  balance miles redeemable }}\n{body}"
        ));
        let o = p.evaluate(&m1(), &one_line("10.00")).unwrap();
        let names: Vec<&str> = o.totals.iter().map(|t| t.balance.as_str()).collect();
        assert_eq!(names, ["points", "miles"], "{body}");
    }
    let alone = usd(r#"earn "Bonus" on sign_up { award 100 points }"#);
    let o = alone.evaluate(&m1(), &one_line("10.00")).unwrap();
    let names: Vec<&str> = o.totals.iter().map(|t| t.balance.as_str()).collect();
    assert_eq!(names, ["points"]);
}

#[test]
fn a_rule_whose_awards_come_to_nothing_does_not_apply() {
    // Found writing a coffee chain's punch card: `award 150 points per
    // crossed(...)` with a badge gave the badge on every purchase, and a
    // bonus on the first purchase paid with the co-brand card was used up
    // by a purchase paid otherwise. A rule whose every award's formula
    // comes to nothing (its base is zero: no mark crossed, no payment
    // with the card) gives nothing: no badge, no use of its limit, no
    // `stop`, not in the explanation.
    let p = compile(
        r#"program "Brew" { currency USD  tender cobrand }
counter coffees
count tx.items to coffees on purchase
earn "Tenth coffee" on purchase { award 150 points per crossed(coffees lifetime, 10, 10)  badge "Regular" }
earn "First card purchase" on purchase { award 10% of tx.paid.cobrand  limit 1 per member  stop }
earn "Stars" on purchase { award 1 point per USD of tx.amount }
"#,
    );
    let m = m1();
    let buy = |id: &str, day: &str, cups: u32, card: &str| {
        event(&format!(
            r#"{{"kind":"purchase","id":"{id}","timestamp":"2026-03-{day}T08:00:00Z","currency":"USD",
                "lines":[{{"sku":"LATTE","quantity":{cups},"unit_price":"5.00"}}],
                "tenders":{{"other":{{"cobrand":"{card}"}}}}}}"#
        ))
    };
    let mut s = p.new_state(&m);
    let mut run = |e: &loyalty_rules::Event| {
        let o = p.evaluate_with(&m, &s, e).unwrap();
        let lean = p.points_with(&m, &s, e).unwrap();
        assert_eq!(lean.get("m1", "points"), o.points("m1", "points"));
        s.apply(&o).unwrap();
        o
    };
    // 6 coffees, paid without the card: only the stars.
    let o = run(&buy("p1", "02", 6, "0"));
    let rules: Vec<&str> = o.awards.iter().map(|a| a.rule.as_str()).collect();
    assert_eq!(rules, ["Stars"]);
    assert_eq!(o.points("m1", "points").to_string(), "30");
    assert!(o.change.badges.is_empty());
    assert!(!o.explain().contains("Tenth coffee"), "{}", o.explain());
    // 6 more, paid with the card: the tenth coffee, its badge, and the
    // card bonus, which stops the stars.
    let o = run(&buy("p2", "03", 6, "30.00"));
    let rules: Vec<&str> = o.awards.iter().map(|a| a.rule.as_str()).collect();
    assert_eq!(rules, ["Tenth coffee", "First card purchase"]);
    assert_eq!(o.points("m1", "points").to_string(), "153");
    assert_eq!(o.change.badges, ["Regular"]);
    // The card bonus was used once: the next card purchase gets the stars.
    let o = run(&buy("p3", "04", 1, "5.00"));
    assert_eq!(o.points("m1", "points").to_string(), "5");
    assert_eq!(s.badge("Regular").unwrap().times, 1);
}

/// Found writing a grocer's program of loaded digital offers: the member
/// has a list of offers activated in the app, and an offer's bonus needs
/// it. `attribute member.offers list` is a list of text (in JSON an array
/// of strings), read with `in` and `not in`; an offer id the program does
/// not name is data, not an error.
#[test]
fn list_attributes_hold_a_members_loaded_offers() {
    let p = usd(r#"
        attribute member.offers list
        attribute event.codes list
        earn "Coffee offer" on purchase for each line
            where "OFF-COFFEE" in member.offers and line.category == "grocery" {
          award 200 points
        }
        earn "No offers yet" on purchase when not exists(member.offers) { award 5 points }
        earn "Not loaded" on purchase when "OFF-TEA" not in member.offers { award 1 point }
        earn "Code" on check_in when "SPRING" in event.codes { award 30 points }
    "#);
    let with = |offers: &str| {
        member(&format!(
            r#"{{"id": "m1", "attributes": {{"offers": {offers}}}}}"#
        ))
    };
    let buy = one_line("50.00");
    assert_eq!(points(&p, &with(r#"["OFF-COFFEE", "OFF-9"]"#), &buy), "201");
    assert_eq!(points(&p, &with(r#"["OFF-TEA"]"#), &buy), "0");
    assert_eq!(points(&p, &with("[]"), &buy), "1");
    // Without the attribute: unknown whether an offer is loaded.
    assert_eq!(points(&p, &m1(), &buy), "5");
    let check_in = |codes: &str| {
        event(&format!(
            r#"{{"kind": "check_in", "id": "c1", "timestamp": "2026-03-04T12:00:00Z", "attributes": {{"codes": {codes}}}}}"#
        ))
    };
    assert_eq!(points(&p, &m1(), &check_in(r#"["SPRING", "X"]"#)), "30");
    assert_eq!(points(&p, &m1(), &check_in(r#"["X"]"#)), "0");
    // A list holds text only, and a list attribute is given as a list.
    let e = loyalty_rules::Member::from_json(r#"{"id": "m1", "attributes": {"offers": ["A", 7]}}"#)
        .unwrap_err();
    assert_eq!(e.path, "attributes.offers[1]");
    let wrong = p.points(&with(r#""OFF-COFFEE""#), &buy).unwrap_err();
    assert_eq!(
        wrong.to_string(),
        "attribute member.offers should be a list of text, but the input has \"OFF-COFFEE\"; write a list: [\"OFF-COFFEE\"]"
    );
    // A list is not compared, only searched.
    let errors = messages(
        "program \"P\" { currency USD }\nattribute member.offers list\n\
         earn \"R\" on purchase when member.offers == \"A\" { award 1 point }\n",
    );
    assert!(errors.contains("a list of text"), "{errors}");
}

/// Found writing a marketplace's program: a flag that the host leaves out
/// of its JSON when it is false (`"partner_shop": true` or nothing) made
/// `not tx.partner_shop` unknown, and neither rule applied. An attribute
/// declared with a default has that value when the input leaves it out;
/// a value given is read as before.
#[test]
fn an_attribute_left_out_has_its_declared_default() {
    let p = usd(r#"
        attribute tx.partner_shop bool default false
        attribute member.rank number default 1
        attribute member.credit money default 0 USD
        attribute member.region text default "north"
        attribute member.since date default 2020-01-01
        attribute member.offers list default ["WELCOME"]
        attribute member.nickname text
        earn "Partner" on purchase when tx.partner_shop { award 2 points per USD of tx.amount }
        earn "Other" on purchase when not tx.partner_shop { award 1 point per USD of tx.amount }
        earn "Rank" on purchase when member.rank >= 2 { award 1000 points }
        earn "Credit" on purchase when member.credit < 5 USD { award 100 points }
        earn "North" on purchase when member.region == "north" { award 20 points }
        earn "Old" on purchase when member.since < 2021-01-01 { award 3 points }
        earn "Welcome" on purchase when "WELCOME" in member.offers { award 40 points }
        earn "Named" on purchase when exists(member.nickname) { award 7 points }
    "#);
    let buy = |attrs: &str| {
        event(&format!(
            r#"{{"kind":"purchase","id":"T1","timestamp":"2026-03-04T12:00:00Z","currency":"USD",
                "lines":[{{"sku":"A","quantity":1,"unit_price":"10.00"}}],"attributes":{{{attrs}}}}}"#
        ))
    };
    // Everything left out: the defaults (10 + 100 + 20 + 3 + 40).
    assert_eq!(points(&p, &m1(), &buy("")), "173");
    // A value given is read: a partner shop (20), rank 2, credit 9.50 USD,
    // another region, a later date, other offers, a nickname.
    let m = member(
        r#"{"id": "m1", "attributes": {"rank": 2, "credit": "9.50", "region": "south",
            "since": "2024-05-01", "offers": [], "nickname": "Jo"}}"#,
    );
    assert_eq!(points(&p, &m, &buy(r#""partner_shop": true"#)), "1027");
    assert_eq!(points(&p, &m, &buy(r#""partner_shop": false"#)), "1017");
    // A default list is the program's own text, bounded by its size: the
    // limit on the texts of a list the input gives is not its limit.
    let many: Vec<String> = (0..1500).map(|i| format!("\"C{i}\"")).collect();
    let limits = loyalty_rules::Limits {
        max_list_len: 2000,
        ..loyalty_rules::Limits::default()
    };
    assert_eq!(limits.max_attribute_items, 1000);
    let codes = Program::compile_with(
        &format!(
            "program \"P\" {{ currency USD }}\nattribute member.codes list default [{}]\n\
             earn \"Code\" on purchase when \"C1499\" in member.codes {{ award 9 points }}",
            many.join(", ")
        ),
        &limits,
    )
    .unwrap();
    assert_eq!(points(&codes, &m1(), &buy("")), "9");
    // `why_not` reads the default as a value.
    let m = m1();
    let why = p.why_not(&m, &p.new_state(&m), &buy("")).unwrap();
    let partner = why.iter().find(|n| n.rule == "Partner").unwrap();
    let said = format!("{:?}", partner.reason);
    assert!(said.contains("tx.partner_shop is false"), "{said}");
}

#[test]
fn one_point_is_a_point_in_the_explanation() {
    let p = usd(r#"earn "Visit" on purchase { award 1 point }
        earn "Spend" on purchase { award 1 point per USD of tx.amount }"#);
    let text = eval(&p, &m1(), &one_line("1.00")).explain();
    assert!(text.contains("\n  1 point from \"Visit\"\n"), "{text}");
    assert!(text.contains("\n    2 points\n"), "{text}");
    // One of a balance of the program's own is its name without the
    // final `s`, as the language reads `award 1 star`; a name whose `s`
    // is not a plural's is kept as written.
    let p = compile(
        r#"program "Cafe" { currency USD  balance stars  balance status }
        earn "Visit" on purchase { award 1 point to stars  award 1 point to status }
        earn "More" on purchase { award 2 points to stars }"#,
    );
    let text = eval(&p, &m1(), &one_line("1.00")).explain();
    assert!(text.contains("\n  1 star from \"Visit\"\n"), "{text}");
    assert!(text.contains("\n  1 status from \"Visit\"\n"), "{text}");
    assert!(text.contains("\n  2 stars from \"More\"\n"), "{text}");
}

/// Found writing a distance-based airline's terms: miles are a percentage
/// of the distance flown (saver 30%, first 175%, at least 500 a segment),
/// a percentage of a number, which is no more suspicious above 100%.
#[test]
fn a_percentage_of_a_number() {
    let p = compile(
        "program \"Air\" { currency USD }\n\
         attribute event.distance number\n\
         attribute event.fare text\n\
         earn \"Saver\" on event \"flight\" when event.fare == \"saver\" {\n\
           award 30% of max(event.distance, 500)\n\
         }\n\
         earn \"First\" on event \"flight\" when event.fare == \"first\" {\n\
           award 175% of max(event.distance, 500)\n\
         }",
    );
    assert!(p.warnings().is_empty(), "{:?}", p.warnings());
    let m = Member::new("m");
    let flight = |id: &str, distance: u32, fare: &str| {
        event(&format!(
            r#"{{"kind":"custom","name":"flight","id":"{id}","timestamp":"2026-05-01T10:00:00Z","attributes":{{"distance":{distance},"fare":"{fare}"}}}}"#
        ))
    };
    for (e, want) in [
        (flight("f1", 2475, "saver"), "742"),  // 742.5, floored
        (flight("f2", 300, "saver"), "150"),   // 30% of the 500 minimum
        (flight("f3", 2475, "first"), "4331"), // 4331.25
    ] {
        // `eval` holds the lean totals to the explained ones.
        assert_eq!(points(&p, &m, &e), want);
    }
    let o = eval(&p, &m, &flight("f1", 2475, "saver"));
    assert_eq!(o.awards[0].formula, "30% of max(event.distance, 500)");
    assert_eq!(
        o.awards[0].base.map(|b| b.to_string()).as_deref(),
        Some("2475")
    );
    // Of money, above 100% is still a warning.
    let money = Program::compile(
        "program \"P\" { currency USD }\nearn \"C\" on purchase { award 150% of tx.amount }",
    )
    .unwrap();
    assert_eq!(money.warnings().len(), 1);
}

/// A rule that earns only at some tiers: nothing by default, and a tier
/// override for each tier that earns. Its `award 0 points` is no mistake.
#[test]
fn a_zero_award_that_tiers_override_is_not_a_warning() {
    let p = compile(
        "program \"Air\" { currency USD }\n\
         tiers { member mvp gold }\n\
         earn \"Elite bonus\" on purchase { award 0 points }\n\
         tier mvp { override \"Elite bonus\" { award 1 point per USD of tx.amount } }\n\
         earn \"Nothing\" on purchase { award 0 points }",
    );
    let w: Vec<usize> = p.warnings().iter().map(|d| d.line).collect();
    assert_eq!(w, [5], "{:?}", p.warnings());
    let mvp = member(r#"{"id":"m","tier":"mvp"}"#);
    let e = purchase("2026-05-01T10:00:00Z", "store", &[("A", "x", "1", "20.00")]);
    assert_eq!(points(&p, &mvp, &e), "20");
}

/// Caps on the same points cut awards in turn, each keeping what the ones
/// before left: only the least cuts, whichever comes first, and the
/// others are warnings. The explanation names the cap that cut.
#[test]
fn of_caps_on_the_same_points_the_least_cuts() {
    for caps in [
        "cap 100 points per transaction\ncap 50 points per transaction",
        "cap 50 points per transaction\ncap 100 points per transaction",
    ] {
        let p = compile(&format!(
            "program \"P\" {{ currency USD }}\n\
             earn \"A\" on purchase {{ award 40 points }}\n\
             earn \"B\" on purchase {{ award 40 points }}\n\
             {caps}\n\
             cap 1000 points per member per month\n"
        ));
        let warnings: Vec<String> = p.warnings().iter().map(|w| w.message.clone()).collect();
        assert_eq!(
            warnings,
            ["this cap never cuts anything: `cap 50 points per transaction` already keeps the same points at 50 or less"]
        );
        let m = Member::new("m");
        let o = p
            .evaluate_with(&m, &p.new_state(&m), &one_line("10.00"))
            .unwrap();
        assert_eq!(o.points("m", "points").to_string(), "50");
        let b = o.awards.iter().find(|a| a.rule == "B").unwrap();
        assert_eq!(b.points.to_string(), "10");
        let cuts: Vec<(String, String, String)> = b
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Cap {
                    cap, before, after, ..
                } => Some((cap.to_string(), before.to_string(), after.to_string())),
                _ => None,
            })
            .collect();
        assert_eq!(
            cuts,
            [(
                "cap 50 points per transaction".to_string(),
                "40".to_string(),
                "10".to_string()
            )]
        );
        assert_eq!(
            p.points(&m, &one_line("10.00"))
                .unwrap()
                .get("m", "points")
                .to_string(),
            "50"
        );
    }
}

/// Found writing a bakery's terms ("a free treat on your birthday, and
/// double points the week of it") and a gym's membership anniversary:
/// `days_since_anniversary(date, day)` counts the days from the date's
/// last anniversary on or before the day (0 on it), and a 29 February
/// birthday has its anniversary on 28 February in other years.
#[test]
fn days_since_a_date_s_anniversary() {
    let p = usd(r#"
        earn "Birthday" on purchase when days_since_anniversary(member.birthday, tx.date) == 0 { award 100 points }
        earn "Birthday week" on purchase when days_since_anniversary(member.birthday, tx.date) < 7 { award 10 points }
    "#);
    let born = |day: &str| member(&format!(r#"{{"id":"m1","birthday":"{day}"}}"#));
    let on = |day: &str| purchase(&format!("{day}T12:00:00Z"), "", &[("A", "", "1", "1.00")]);
    for (birthday, day, expected) in [
        ("1990-03-04", "2026-03-04", "110"),
        ("1990-03-04", "2026-03-10", "10"),
        ("1990-03-04", "2026-03-11", "0"),
        ("1990-03-04", "2026-03-03", "0"),
        // Across the new year: a birthday on 30 December, a purchase on 2 January.
        ("1990-12-30", "2027-01-02", "10"),
        // 29 February: on 28 February in other years, on 29 in leap years.
        ("1992-02-29", "2026-02-28", "110"),
        ("1992-02-29", "2028-02-28", "0"),
        ("1992-02-29", "2028-02-29", "110"),
        // Before the date itself: no anniversary yet, unknown.
        ("2027-01-01", "2026-12-31", "0"),
    ] {
        assert_eq!(
            points(&p, &born(birthday), &on(day)),
            expected,
            "{birthday} {day}"
        );
    }
    // A member without a birthday: unknown, not applied.
    assert_eq!(points(&p, &m1(), &on("2026-03-04")), "0");
    // The explanation of why not says what it came to.
    let m = born("1990-03-04");
    let why = p.why_not(&m, &p.new_state(&m), &on("2026-03-20")).unwrap();
    let said = why
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        said.contains("days_since_anniversary(member.birthday, tx.date) is 16"),
        "{said}"
    );
}

/// Steps in a rule `for each line` are taken of each line on its own; of
/// the basket, over a `sum` (docs/language.md, section 5).
#[test]
fn steps_of_each_line_and_of_the_basket() {
    let basket = purchase(
        WED,
        "store",
        &[
            ("bread", "bakery", "1", "1.45"),
            ("wine", "drinks", "2", "8.99"),
            ("unl", "fuel", "41.37", "1.399"),
        ],
    );
    let per_line = usd(
        "earn \"S\" on purchase for each line where line.category != \"fuel\" {
        award 1 point per every 1 USD of line.amount }",
    );
    assert_eq!(points(&per_line, &m1(), &basket), "18");
    let basket_steps = usd("earn \"S\" on purchase {
        award 1 point per every 1 USD of sum(line.amount, line.category != \"fuel\") }");
    assert_eq!(points(&basket_steps, &m1(), &basket), "19");
    let fuel = usd("earn \"F\" on purchase {
        award 1 point per every 2 of sum(line.quantity, line.category == \"fuel\") }");
    assert_eq!(points(&fuel, &m1(), &basket), "20");
}
