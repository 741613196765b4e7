//! Proptest strategies for valid programs, and for members, transactions and
//! event sequences that fit them (feature `proptest`), for teams that
//! property-test their own point ledgers on top of this crate.
//!
//! ```
//! use loyalty_rules::generators::{self, Vocabulary};
//! use loyalty_rules::Program;
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! // A downstream property: whatever the program and the purchase, the
//! // points credited are never negative. (In a test crate, write it with
//! // the `proptest!` macro instead of a runner.)
//! let words = Vocabulary::default();
//! let mut runner = TestRunner::default();
//! runner.run(
//!     &(generators::program(&words), generators::member(&words), generators::purchase(&words)),
//!     |(source, member, event)| {
//!         let program = Program::compile(&source).expect("generated programs compile");
//!         let points = program.points(&member, &event).expect("generated inputs fit");
//!         prop_assert!(points.iter().all(|t| t.points >= rust_decimal::Decimal::ZERO));
//!         Ok(())
//!     },
//! ).unwrap();
//! ```

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use proptest::prelude::*;
use proptest::sample::select;
use rust_decimal::Decimal;

use crate::input::{Activity, Event, Line, Member, Tenders, Transaction};
use crate::program::Program;

/// The names generated programs and inputs draw from, so that programs
/// and inputs meet (a rule on `"dining"` sees dining lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// The program's currency; transactions are in it.
    pub currency: String,
    /// Tiers, lowest first (may be empty).
    pub tiers: Vec<String>,
    /// Line categories.
    pub categories: Vec<String>,
    /// Sales channels.
    pub channels: Vec<String>,
    /// SKUs.
    pub skus: Vec<String>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            currency: "USD".into(),
            tiers: strings(&["base", "silver", "gold"]),
            categories: strings(&["grocery", "dining", "fuel", "electronics", "beauty"]),
            channels: strings(&["store", "online", "app"]),
            skus: strings(&["SKU-1", "SKU-2", "SKU-3", "SKU-4"]),
        }
    }
}

impl Vocabulary {
    /// The default vocabulary with the currency and tiers of `program`, for
    /// members and transactions that fit an existing program.
    pub fn of(program: &Program) -> Vocabulary {
        Vocabulary {
            currency: program.currency().to_string(),
            tiers: program.tiers().map(str::to_string).collect(),
            ..Vocabulary::default()
        }
    }
}

fn pick(items: &[String]) -> BoxedStrategy<String> {
    if items.is_empty() {
        Just(String::new()).boxed()
    } else {
        select(items.to_vec()).boxed()
    }
}

/// A condition on one line of a `for each line` rule.
fn line_condition(v: &Vocabulary) -> BoxedStrategy<String> {
    let cur = v.currency.clone();
    prop_oneof![
        pick(&v.categories).prop_map(|c| format!("line.category == \"{c}\"")),
        pick(&v.categories).prop_map(|c| format!("line.category != \"{c}\"")),
        pick(&v.skus).prop_map(|s| format!("line.sku == \"{s}\"")),
        (1..200u32).prop_map(move |n| format!("line.amount >= {n} {cur}")),
        Just("\"organic\" in line.tags".to_string()),
    ]
    .boxed()
}

/// A condition on the whole transaction.
fn tx_condition(v: &Vocabulary) -> BoxedStrategy<String> {
    let cur = v.currency.clone();
    let atom = prop_oneof![
        pick(&v.channels).prop_map(|c| format!("tx.channel == \"{c}\"")),
        pick(&v.categories).prop_map(|c| format!("\"{c}\" in tx.categories")),
        (1..500u32).prop_map(move |n| format!("tx.amount >= {n} {cur}")),
        Just("member.first_purchase".to_string()),
        Just("weekday(tx.date) in [saturday, sunday]".to_string()),
    ]
    .boxed();
    let tier = pick(&v.tiers).prop_map(|t| format!("member.tier == {t}"));
    let atom = if v.tiers.is_empty() {
        atom
    } else {
        prop_oneof![3 => atom, 1 => tier].boxed()
    };
    atom.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
    .boxed()
}

/// One earn rule named `name`.
fn rule(v: &Vocabulary, name: String) -> BoxedStrategy<String> {
    let cur = v.currency.clone();
    let cur2 = v.currency.clone();
    let cur3 = v.currency.clone();
    let per_line = (
        prop::option::of(line_condition(v)),
        1..4u32,
        any::<bool>(),
        prop::option::of(1..100u32),
    )
        .prop_map(move |(cond, n, every, cap)| {
            let cond = cond.map(|c| format!(" where {c}")).unwrap_or_default();
            let every = if every { "every " } else { "" };
            let cap = cap
                .map(|c| format!("  cap {c} points per line"))
                .unwrap_or_default();
            format!(
                "for each line{cond} {{ award {n} points per {every}1 {cur} of line.amount{cap} }}"
            )
        });
    let formula = prop_oneof![
        (1..500u32).prop_map(|n| format!("{n} points")),
        (1..5u32).prop_map(move |n| format!("{n} points per {cur2} of tx.amount")),
        (1..5u32, 2..20u32)
            .prop_map(move |(n, m)| format!("{n} points per every {m} {cur3} of tx.amount")),
        (1..50u32).prop_map(|p| format!("{p}% of tx.amount")),
        (1..50u32).prop_map(|p| format!("{p}% of earned")),
    ];
    let whole = (prop::option::of(tx_condition(v)), formula).prop_map(|(cond, f)| {
        let cond = cond.map(|c| format!(" when {c}")).unwrap_or_default();
        format!("{cond} {{ award {f} }}")
    });
    prop_oneof![per_line.prop_map(|b| format!(" {b}")), whole]
        .prop_map(move |body| format!("earn \"{name}\" on purchase{body}\n"))
        .boxed()
}

/// A valid program in the vocabulary: header, tiers, 1 to 8 purchase rules,
/// a review rule, tier multipliers, campaigns with date windows and
/// stacking policies, and maybe a program cap.
pub fn program(v: &Vocabulary) -> impl Strategy<Value = String> {
    let v = v.clone();
    (1..9usize)
        .prop_flat_map(move |n| {
            let rules: Vec<_> = (0..n).map(|i| rule(&v, format!("R{i}"))).collect();
            let names: Vec<String> = (0..n).map(|i| format!("R{i}")).collect();
            let tiers = v.tiers.clone();
            let tier_benefits = prop::collection::vec(
                (pick(&tiers), select(names.clone()), 11..30u32, any::<bool>()),
                0..3,
            );
            let campaigns = prop::collection::vec(
                (
                    select(names.clone()),
                    1..5u32,
                    0..365i64,
                    0..60i64,
                    select(vec!["multiply", "add", "best"]),
                ),
                0..3,
            );
            let header = (
                select(vec!["floor", "half_up", "half_even", "ceil"]),
                select(vec!["line", "rule", "transaction"]),
                prop::option::of(100..5_000u32),
            );
            (
                rules,
                tier_benefits,
                campaigns,
                header,
                Just(v.clone()),
            )
        })
        .prop_map(|(rules, tier_benefits, campaigns, (mode, per, cap), v)| {
            let mut src = format!(
                "program \"Generated\" {{\n  currency {}\n  timezone \"UTC\"\n  rounding {mode} per {per}\n}}\n",
                v.currency
            );
            if !v.tiers.is_empty() {
                src.push_str(&format!("tiers {{ {} }}\n", v.tiers.join(" ")));
            }
            for r in rules {
                src.push_str(&r);
            }
            src.push_str("earn \"Review\" on review { award 25 points }\n");
            let mut seen: Vec<String> = Vec::new();
            for (i, (tier, target, factor, round)) in tier_benefits.into_iter().enumerate() {
                // One block per tier.
                if tier.is_empty() || seen.contains(&tier) {
                    continue;
                }
                seen.push(tier.clone());
                let round = if round { " then round floor" } else { "" };
                src.push_str(&format!(
                    "tier {tier} {{ multiply \"{target}\" by {}.{} {round} }}  # benefit {i}\n",
                    factor / 10,
                    factor % 10
                ));
            }
            let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
            for (i, (target, factor, from, days, stacking)) in campaigns.into_iter().enumerate() {
                let from_date = start + Duration::days(from);
                let to_date = from_date + Duration::days(days);
                src.push_str(&format!(
                    "campaign \"C{i}\" from {from_date} to {to_date} {{ multiply \"{target}\" by {factor}  stacking {stacking} }}\n"
                ));
            }
            if let Some(cap) = cap {
                src.push_str(&format!("cap {cap} points per transaction\n"));
            }
            src
        })
}

/// A member with one of the vocabulary's tiers (or none), a birthday and a
/// purchase count (zero: a first purchase).
pub fn member(v: &Vocabulary) -> impl Strategy<Value = Member> {
    let tiers = v.tiers.clone();
    (
        prop::option::of(pick(&tiers)),
        1..=12u32,
        1..=28u32,
        0..5u64,
    )
        .prop_map(|(tier, month, day, count)| {
            let mut m = Member::new("member-1");
            m.tier = tier.filter(|t| !t.is_empty());
            m.birthday = NaiveDate::from_ymd_opt(1990, month, day);
            m.purchase_count = count;
            m
        })
}

fn timestamp() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (0..365i64, 0..86_400i64).prop_map(|(day, secs)| {
        let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00+00:00").unwrap_or_default();
        start + Duration::days(day) + Duration::seconds(secs)
    })
}

fn line(v: &Vocabulary) -> impl Strategy<Value = Line> {
    (
        pick(&v.skus),
        pick(&v.categories),
        1..4i64,
        1..50_000i64,
        0..40i64,
        any::<bool>(),
    )
        .prop_map(|(sku, category, quantity, cents, discount_pct, organic)| {
            let mut l = Line::new(&sku, Decimal::from(quantity), Decimal::new(cents, 2));
            l.category = category;
            l.discount = (l.unit_price * l.quantity * Decimal::new(discount_pct, 2)).round_dp(2);
            if organic {
                l.tags.push("organic".into());
            }
            l
        })
}

/// A valid purchase in the vocabulary's currency: 0 to 5 lines, a channel,
/// tax, shipping, part paid with points, and a timestamp in 2026 (UTC).
pub fn purchase(v: &Vocabulary) -> impl Strategy<Value = Event> {
    let currency = v.currency.clone();
    (
        prop::collection::vec(line(v), 0..6),
        pick(&v.channels),
        timestamp(),
        (0..3_000i64, 0..1_000i64, 0..2_000i64),
    )
        .prop_map(
            move |(lines, channel, timestamp, (tax, shipping, points_paid))| {
                Event::Purchase(Transaction {
                    id: "T-1".into(),
                    timestamp,
                    channel,
                    store: "S-1".into(),
                    currency: currency.clone(),
                    lines,
                    tax: Decimal::new(tax, 2),
                    shipping: Decimal::new(shipping, 2),
                    tenders: Tenders {
                        points: Decimal::new(points_paid, 2),
                        ..Tenders::default()
                    },
                    attributes: Default::default(),
                })
            },
        )
}

/// A purchase (most often), or a review, sign-up, check-in or share.
pub fn event(v: &Vocabulary) -> impl Strategy<Value = Event> {
    let activity = (0..4u8, timestamp()).prop_map(|(kind, timestamp)| {
        let a = Activity {
            id: "E-1".into(),
            timestamp,
            attributes: Default::default(),
        };
        match kind {
            0 => Event::Review(a),
            1 => Event::SignUp(a),
            2 => Event::CheckIn(a),
            _ => Event::Share(a),
        }
    });
    prop_oneof![3 => purchase(v), 1 => activity]
}

/// A member's history: up to `max` events with distinct ids (`E-1`,
/// `E-2`, ...) in time order.
pub fn events(v: &Vocabulary, max: usize) -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec(event(v), 0..=max).prop_map(|mut events| {
        events.sort_by_key(Event::timestamp);
        for (i, e) in events.iter_mut().enumerate() {
            let id = format!("E-{}", i + 1);
            match e {
                Event::Purchase(t) => t.id = id,
                Event::SignUp(a) | Event::Review(a) | Event::CheckIn(a) | Event::Share(a) => {
                    a.id = id
                }
                Event::Referral(r) => r.id = id,
                Event::Custom(c) => c.id = id,
            }
        }
        events
    })
}
