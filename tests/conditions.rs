#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Conditions on date and time parts and on text fields (the leaves the
//! planner lowers to typed tests) hold exactly when they should, with the
//! language's three-valued logic for missing values: each rule's condition
//! is checked against a direct computation on every member and event below.

mod common;

use chrono::{Datelike, NaiveDate, Timelike};
use common::fixtures::{compile, member, purchase};

/// What the conditions read, computed directly from the inputs.
struct Facts {
    date: NaiveDate,
    hour: u32,
    minute: u32,
    channel: &'static str,
    birthday: Option<NaiveDate>,
    segment: Option<&'static str>,
    anniversary: Option<NaiveDate>,
}

type Oracle = fn(&Facts) -> Option<bool>;

fn not(x: Option<bool>) -> Option<bool> {
    x.map(|b| !b)
}

fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    not(or(not(a), not(b)))
}

fn weekday(f: &Facts) -> u32 {
    f.date.weekday().num_days_from_monday()
}

fn conditions() -> Vec<(&'static str, Oracle)> {
    vec![
        ("month(tx.date) == month(member.birthday)", |f| {
            f.birthday.map(|b| b.month() == f.date.month())
        }),
        ("month(tx.date) != month(member.birthday)", |f| {
            f.birthday.map(|b| b.month() != f.date.month())
        }),
        ("not (month(member.birthday) == month(tx.date))", |f| {
            not(f.birthday.map(|b| b.month() == f.date.month()))
        }),
        ("day(tx.date) >= 15", |f| Some(f.date.day() >= 15)),
        ("15 <= day(tx.date)", |f| Some(f.date.day() >= 15)),
        ("15 > day(tx.date)", |f| Some(f.date.day() < 15)),
        ("day(tx.date) < day(member.birthday)", |f| {
            f.birthday.map(|b| f.date.day() < b.day())
        }),
        ("hour(tx.time) >= 18", |f| Some(f.hour >= 18)),
        ("minute(tx.time) == 59", |f| Some(f.minute == 59)),
        ("weekday(tx.date) in [saturday, sunday]", |f| {
            Some(weekday(f) >= 5)
        }),
        ("weekday(tx.date) not in [saturday, sunday]", |f| {
            Some(weekday(f) < 5)
        }),
        ("weekday(tx.date) == saturday", |f| Some(weekday(f) == 5)),
        ("weekday(tx.date) != friday", |f| Some(weekday(f) != 4)),
        ("weekday(member.birthday) in [monday, tuesday]", |f| {
            f.birthday.map(|b| b.weekday().num_days_from_monday() < 2)
        }),
        ("month(tx.date) in [11, 12]", |f| Some(f.date.month() >= 11)),
        ("month(member.birthday) not in [1, 11]", |f| {
            f.birthday.map(|b| b.month() != 1 && b.month() != 11)
        }),
        ("year(tx.date) in [2025, 2027]", |f| {
            Some(matches!(f.date.year(), 2025 | 2027))
        }),
        ("year(tx.date) == 2026", |f| Some(f.date.year() == 2026)),
        ("year(tx.date) in [1, 2]", |f| {
            Some(matches!(f.date.year(), 1 | 2))
        }),
        ("month(member.anniversary) == month(tx.date)", |f| {
            f.anniversary.map(|a| a.month() == f.date.month())
        }),
        ("tx.channel != \"app\"", |f| Some(f.channel != "app")),
        ("\"app\" == tx.channel", |f| Some(f.channel == "app")),
        ("member.segment == \"vip\"", |f| {
            f.segment.map(|s| s == "vip")
        }),
        ("not (member.segment != \"vip\")", |f| {
            not(f.segment.map(|s| s != "vip"))
        }),
        ("member.segment == \"vip\" or day(tx.date) >= 15", |f| {
            or(f.segment.map(|s| s == "vip"), Some(f.date.day() >= 15))
        }),
        (
            "tx.channel == \"app\" and not (month(tx.date) == month(member.birthday))",
            |f| {
                and(
                    Some(f.channel == "app"),
                    not(f.birthday.map(|b| b.month() == f.date.month())),
                )
            },
        ),
    ]
}

#[test]
fn date_parts_and_text_fields_hold_exactly_when_they_should() {
    let conditions = conditions();
    let mut src = String::from(
        "program \"Conditions\" { currency USD }\nattribute member.anniversary date\n",
    );
    for (i, (cond, _)) in conditions.iter().enumerate() {
        src.push_str(&format!(
            "earn \"C{i}\" on purchase when {cond} {{ award 1 point }}\n"
        ));
    }
    let program = compile(&src);
    let members = [
        (
            member(
                r#"{"id":"m1","birthday":"1990-11-05","segment":"vip","attributes":{"anniversary":"2020-03-17"}}"#,
            ),
            Some((1990, 11, 5)),
            Some("vip"),
            Some((2020, 3, 17)),
        ),
        (
            member(r#"{"id":"m2","birthday":"1985-01-26","segment":"regular"}"#),
            Some((1985, 1, 26)),
            Some("regular"),
            None,
        ),
        (member(r#"{"id":"m3"}"#), None, None, None),
    ];
    let events = [
        ("2026-11-21T19:30:00Z", "app", (2026, 11, 21), 19, 30),
        ("2026-03-04T08:15:00Z", "store", (2026, 3, 4), 8, 15),
        ("2025-12-31T23:59:00Z", "app", (2025, 12, 31), 23, 59),
        ("2027-01-16T18:00:00Z", "online", (2027, 1, 16), 18, 0),
    ];
    let day = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let mut checked = 0;
    for (m, birthday, segment, anniversary) in &members {
        for (ts, channel, date, hour, minute) in events {
            let facts = Facts {
                date: day(date),
                hour,
                minute,
                channel,
                birthday: birthday.map(day),
                segment: *segment,
                anniversary: anniversary.map(day),
            };
            assert_eq!(
                facts.date,
                chrono::DateTime::parse_from_rfc3339(ts)
                    .unwrap()
                    .date_naive()
            );
            assert_eq!(
                hour,
                chrono::DateTime::parse_from_rfc3339(ts).unwrap().hour()
            );
            let e = purchase(ts, channel, &[("A", "other", "1", "10.00")]);
            let outcome = program.evaluate(m, &e).unwrap();
            let fired: Vec<&str> = outcome.awards.iter().map(|a| a.rule.as_str()).collect();
            let expected: Vec<String> = conditions
                .iter()
                .enumerate()
                .filter(|(_, (_, oracle))| oracle(&facts) == Some(true))
                .map(|(i, _)| format!("C{i}"))
                .collect();
            assert_eq!(fired, expected, "member {}, event at {ts}", m.id);
            let lean = program.points(m, &e).unwrap().get(&m.id, "points");
            assert_eq!(lean, rust_decimal::Decimal::from(expected.len()));
            checked += expected.len();
        }
    }
    // The cases are not vacuous: many conditions hold somewhere.
    assert!(checked > 50, "{checked}");
}
