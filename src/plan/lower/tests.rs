//! Lowered and compiled conditions against the conditions as written: on
//! random conditions of the shapes that lower or compile to closures (and
//! some that do neither), in rules on the whole purchase and `for each
//! line`, members and events, a program compiled with lowering and
//! `eval::check` gives the same outcome as the same program compiled
//! without them, lean and explained.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;

use super::OFF;
use crate::types::WEEKDAYS;
use crate::{Event, Member, Program};

const NUMBER_PARTS: [(&str, &str); 7] = [
    ("year", "tx.date"),
    ("month", "tx.date"),
    ("day", "tx.date"),
    ("month", "member.birthday"),
    ("day", "member.birthday"),
    ("month", "member.anniversary"),
    ("hour", "tx.time"),
];
const WEEKDAY_ARGS: [&str; 3] = ["tx.date", "member.birthday", "member.anniversary"];
const OPS: [&str; 6] = ["==", "!=", "<", "<=", ">", ">="];
const NUMBERS: [&str; 9] = ["0", "1", "6", "12", "15", "31", "63", "2026", "12.5"];
const MONEY: [&str; 6] = [
    "0 USD",
    "10 USD",
    "10.00 USD",
    "9.99 USD",
    "10.5 USD",
    "1000 USD",
];
const PRICES: [&str; 6] = ["10.00", "10", "9.99", "10.5", "1000.50", "0.01"];

fn number_part() -> impl Strategy<Value = String> {
    (0..NUMBER_PARTS.len()).prop_map(|i| format!("{}({})", NUMBER_PARTS[i].0, NUMBER_PARTS[i].1))
}

fn weekday_part() -> impl Strategy<Value = String> {
    (0..WEEKDAY_ARGS.len()).prop_map(|i| format!("weekday({})", WEEKDAY_ARGS[i]))
}

/// One to three of `names`.
fn items(names: &'static [&'static str]) -> impl Strategy<Value = Vec<&'static str>> {
    proptest::collection::vec(proptest::sample::select(names), 1..4)
}

/// `part in [a, b]` or `part not in [...]`.
fn in_list(part: &str, not: bool, list: &[&str]) -> String {
    let not = if not { "not " } else { "" };
    format!("{part} {not}in [{}]", list.join(", "))
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        // A number part against a constant, either side, or another part.
        (number_part(), 0..OPS.len(), 0..NUMBERS.len(), any::<bool>()).prop_map(
            |(p, op, n, flip)| if flip {
                format!("{} {} {}", NUMBERS[n], OPS[op], p)
            } else {
                format!("{} {} {}", p, OPS[op], NUMBERS[n])
            }
        ),
        (number_part(), 0..OPS.len(), number_part())
            .prop_map(|(a, op, b)| format!("{a} {} {b}", OPS[op])),
        // Weekdays compare only for equality.
        (weekday_part(), any::<bool>(), 0..7usize).prop_map(|(p, eq, d)| format!(
            "{p} {} {}",
            if eq { "==" } else { "!=" },
            WEEKDAYS[d]
        )),
        (weekday_part(), any::<bool>(), weekday_part())
            .prop_map(|(a, eq, b)| format!("{a} {} {b}", if eq { "==" } else { "!=" })),
        // Sets of weekdays and of numbers (some beyond 63, which stay
        // expressions).
        (weekday_part(), any::<bool>(), items(&WEEKDAYS))
            .prop_map(|(p, not, list)| in_list(&p, not, &list)),
        (
            number_part(),
            any::<bool>(),
            items(&NUMBERS[..NUMBERS.len() - 1])
        )
            .prop_map(|(p, not, list)| in_list(&p, not, &list)),
        // Money against constants of other scales (written with the
        // currency's decimals when compiled), either side.
        (
            prop_oneof![Just("tx.amount"), Just("tx.total")],
            0..OPS.len(),
            proptest::sample::select(&MONEY[..]),
            any::<bool>()
        )
            .prop_map(|(f, op, m, flip)| if flip {
                format!("{m} {} {f}", OPS[op])
            } else {
                format!("{f} {} {m}", OPS[op])
            }),
        // Text fields against constants, either side; the segment may be
        // missing.
        (
            prop_oneof![Just("tx.channel"), Just("member.segment")],
            any::<bool>(),
            any::<bool>(),
            prop_oneof![Just("app"), Just("vip"), Just("store")]
        )
            .prop_map(|(f, eq, flip, v)| {
                let op = if eq { "==" } else { "!=" };
                if flip {
                    format!("\"{v}\" {op} {f}")
                } else {
                    format!("{f} {op} \"{v}\"")
                }
            }),
    ]
}

/// One of `texts`.
fn one_of(texts: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(texts).prop_map(str::to_string)
}

/// Leaves that do not lower but compile to closures (`eval::check`), and
/// a few that do neither (a field against a field).
fn other_leaf() -> impl Strategy<Value = String> {
    one_of(&[
        "member.first_purchase",
        "not member.first_purchase",
        "member.vip",
        "\"b\" in tx.categories",
        "\"z\" not in tx.categories",
        "\"a\" in tx.skus",
        "tx.store in [\"s1\", \"s3\"]",
        "tx.channel not in [\"app\"]",
        "member.segment in [\"vip\"]",
        "member.tier >= silver",
        "member.tier == gold",
        "gold > member.tier",
        "tx.store == \"s1\"",
        "\"s2\" != tx.store",
        "tx.items >= 2",
        "3 > tx.items",
        "tx.amount < tx.total",
    ])
}

/// Leaves of a rule `for each line`.
fn line_leaf() -> impl Strategy<Value = String> {
    one_of(&[
        "line.category == \"b\"",
        "line.category != \"c\"",
        "\"c\" == line.category",
        "line.sku != \"a\"",
        "line.sku == \"d\"",
        "line.category in [\"b\", \"e\"]",
        "line.sku not in [\"d\"]",
        "line.amount >= 10 USD",
        "\"x\" in line.tags",
        "line.quantity > 1",
    ])
}

fn combined(leaf: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

fn condition() -> impl Strategy<Value = String> {
    combined(prop_oneof![3 => leaf(), 1 => other_leaf()].boxed())
}

fn line_condition() -> impl Strategy<Value = String> {
    combined(prop_oneof![2 => line_leaf(), 1 => leaf(), 1 => other_leaf()].boxed())
}

fn compile(src: &str, lowered: bool) -> Program {
    OFF.with(|off| off.set(!lowered));
    let program = Program::compile(src);
    OFF.with(|off| off.set(false));
    match program {
        Ok(p) => p,
        Err(e) => panic!("{e}\n{src}"),
    }
}

/// A member; `extra` picks a tier (or none), a first purchase or not, and
/// a `vip` attribute (or none).
fn member(
    birthday: Option<u32>,
    anniversary: Option<u32>,
    segment: Option<bool>,
    extra: u32,
) -> Member {
    let mut json = String::from(r#"{"id": "m""#);
    if let Some(t) = [None, Some("bronze"), Some("silver"), Some("gold")][extra as usize % 4] {
        json.push_str(&format!(r#", "tier": "{t}""#));
    }
    json.push_str(&format!(r#", "purchase_count": {}"#, extra / 4 % 2 * 3));
    if let Some(d) = birthday {
        json.push_str(&format!(
            r#", "birthday": "1990-{:02}-{:02}""#,
            d % 12 + 1,
            d % 28 + 1
        ));
    }
    if let Some(s) = segment {
        json.push_str(&format!(
            r#", "segment": "{}""#,
            if s { "vip" } else { "new" }
        ));
    }
    let vip = [None, Some(true), Some(false)][extra as usize / 8 % 3];
    let mut attributes = Vec::new();
    if let Some(d) = anniversary {
        attributes.push(format!(
            r#""anniversary": "2019-{:02}-{:02}""#,
            d % 12 + 1,
            d % 28 + 1
        ));
    }
    if let Some(v) = vip {
        attributes.push(format!(r#""vip": {v}"#));
    }
    if !attributes.is_empty() {
        json.push_str(&format!(r#", "attributes": {{{}}}"#, attributes.join(", ")));
    }
    json.push('}');
    Member::from_json(&json).unwrap()
}

fn purchase(day: u32, hour: u32, app: bool, price: &str) -> Event {
    let date =
        chrono::NaiveDate::from_yo_opt(2025 + i32::try_from(day % 3).unwrap(), day % 365 + 1)
            .unwrap();
    // A second line on odd hours; the store by day.
    let second = if hour % 2 == 1 {
        r#", {"sku": "d", "category": "c", "tags": ["x"], "quantity": 2, "unit_price": "5.00"}"#
    } else {
        ""
    };
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "t", "timestamp": "{date}T{hour:02}:30:00Z", "channel": "{}",
            "store": "s{}", "currency": "USD",
            "lines": [{{"sku": "a", "category": "b", "quantity": 1, "unit_price": "{price}"}}{second}]}}"#,
        if app { "app" } else { "store" },
        day % 3 + 1
    ))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn lowered_conditions_hold_exactly_when_the_written_ones_do(
        conditions in proptest::collection::vec(condition(), 1..6),
        line_conditions in proptest::collection::vec(line_condition(), 0..4),
        people in proptest::collection::vec(
            (
                proptest::option::of(0..400u32),
                proptest::option::of(0..400u32),
                proptest::option::of(any::<bool>()),
                0..24u32,
            ),
            1..4,
        ),
        events in proptest::collection::vec(
            (0..1095u32, 0..24u32, any::<bool>(), proptest::sample::select(&PRICES[..])),
            1..5,
        ),
    ) {
        let mut src = String::from(
            "program \"Lowered\" { currency USD }\ntiers { bronze silver gold }\n\
             attribute member.anniversary date\nattribute member.vip bool\n",
        );
        for (i, c) in line_conditions.iter().enumerate() {
            src.push_str(&format!(
                "earn \"L{i}\" on purchase for each line where {c} {{ award {} points }}\n",
                1u32 << (i + 8)
            ));
        }
        for (i, c) in conditions.iter().enumerate() {
            src.push_str(&format!("earn \"R{i}\" on purchase when {c} {{ award {} points }}\n", 1u32 << i));
            // The same condition on a campaign.
            src.push_str(&format!(
                "campaign \"C{i}\" when {c} {{ multiply \"R{i}\" by 3 }}\n"
            ));
        }
        let lowered = compile(&src, true);
        let written = compile(&src, false);
        for (b, a, s, extra) in &people {
            let m = member(*b, *a, *s, *extra);
            for (day, hour, app, price) in &events {
                let e = purchase(*day, *hour, *app, price);
                let x = lowered.evaluate(&m, &e).map(|o| (o.totals, o.campaigns));
                let y = written.evaluate(&m, &e).map(|o| (o.totals, o.campaigns));
                prop_assert_eq!(format!("{x:?}"), format!("{y:?}"), "{}", src);
                // The straight lane reads the compiled conditions too.
                let lean = lowered.points(&m, &e).map(|p| p.get("m", "points"));
                let total = y.map(|(t, _)| t.iter().map(|t| t.points).sum::<rust_decimal::Decimal>());
                prop_assert_eq!(lean.ok(), total.ok(), "{}", src);
            }
        }
    }
}
