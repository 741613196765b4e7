#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Differential test: the compiled plan against a deliberately simple
//! reference evaluator, written for clarity and not speed, over random
//! programs (of a subset of the language, kept as a Rust value and printed
//! as program text) and random purchases. Their points must be identical.

mod common;

use chrono::NaiveDate;
use loyalty_rules::{Event, Line, Member, Program, Tenders, Transaction};
use proptest::prelude::*;
use rust_decimal::Decimal;

const CATEGORIES: [&str; 3] = ["grocery", "dining", "fuel"];
const CHANNELS: [&str; 2] = ["store", "app"];
const TIERS: [&str; 3] = ["base", "silver", "gold"];

#[derive(Debug, Clone)]
enum Condition {
    Channel(usize),
    AmountAtLeast(u32),
}

#[derive(Debug, Clone)]
enum Rule {
    /// `for each line [where line.category == C] { award N points per [every] 1 USD of line.amount [cap K points per line] }`
    PerLine {
        category: Option<usize>,
        n: u32,
        every: bool,
        cap: Option<u32>,
    },
    /// `[when COND] { award N points }` or `{ award N points per USD of tx.amount }`
    Whole {
        condition: Option<Condition>,
        n: u32,
        rate: bool,
    },
}

#[derive(Debug, Clone)]
struct Spec {
    rules: Vec<Rule>,
    /// (tier, rule, factor in tenths)
    tier_multipliers: Vec<(usize, usize, u32)>,
    /// (rule, factor, first day of 2026, length in days)
    campaigns: Vec<(usize, u32, u32, u32)>,
    cap: Option<u32>,
}

impl Spec {
    fn source(&self) -> String {
        let mut s = String::from(
            "program \"Diff\" { currency USD  timezone \"UTC\"  rounding floor per rule }\ntiers { base silver gold }\n",
        );
        for (i, r) in self.rules.iter().enumerate() {
            match r {
                Rule::PerLine {
                    category,
                    n,
                    every,
                    cap,
                } => {
                    let filter = category
                        .map(|c| format!(" where line.category == \"{}\"", CATEGORIES[c]))
                        .unwrap_or_default();
                    let every = if *every { "every " } else { "" };
                    let cap = cap
                        .map(|c| format!(" cap {c} points per line"))
                        .unwrap_or_default();
                    s += &format!("earn \"R{i}\" on purchase for each line{filter} {{ award {n} points per {every}1 USD of line.amount{cap} }}\n");
                }
                Rule::Whole { condition, n, rate } => {
                    let when = match condition {
                        Some(Condition::Channel(c)) => {
                            format!(" when tx.channel == \"{}\"", CHANNELS[*c])
                        }
                        Some(Condition::AmountAtLeast(a)) => format!(" when tx.amount >= {a} USD"),
                        None => String::new(),
                    };
                    let per = if *rate { " per USD of tx.amount" } else { "" };
                    s += &format!("earn \"R{i}\" on purchase{when} {{ award {n} points{per} }}\n");
                }
            }
        }
        for (tier, rule, tenths) in &self.tier_multipliers {
            s += &format!(
                "tier {} {{ multiply \"R{rule}\" by {}.{} }}\n",
                TIERS[*tier],
                tenths / 10,
                tenths % 10
            );
        }
        for (i, (rule, factor, from, days)) in self.campaigns.iter().enumerate() {
            let (start, end) = window(*from, *days);
            s += &format!(
                "campaign \"C{i}\" from {start} to {end} {{ multiply \"R{rule}\" by {factor} }}\n"
            );
        }
        if let Some(cap) = self.cap {
            s += &format!("cap {cap} points per transaction\n");
        }
        s
    }

    /// The reference evaluator: the points of one purchase, step by step.
    fn points(&self, tier: usize, tx: &Transaction) -> Decimal {
        let date = tx.timestamp.date_naive();
        let line_amount = |l: &Line| l.quantity * l.unit_price - l.discount;
        let tx_amount: Decimal = tx.lines.iter().map(line_amount).sum();
        // Every multiplier of rule `i` for this member and date, in order:
        // tier benefits first, then campaigns.
        let multiply = |i: usize, mut value: Decimal| {
            for (t, rule, tenths) in &self.tier_multipliers {
                if *t == tier && *rule == i {
                    value *= Decimal::new(*tenths as i64, 1);
                }
            }
            for (rule, factor, from, days) in &self.campaigns {
                let (start, end) = window(*from, *days);
                if *rule == i && date >= start && date <= end {
                    value *= Decimal::from(*factor);
                }
            }
            value
        };
        let mut awards = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            match r {
                Rule::PerLine {
                    category,
                    n,
                    every,
                    cap,
                } => {
                    let lines: Vec<&Line> = tx
                        .lines
                        .iter()
                        .filter(|l| category.map_or(true, |c| l.category == CATEGORIES[c]))
                        .collect();
                    if lines.is_empty() {
                        continue;
                    }
                    let mut sum = Decimal::ZERO;
                    for l in lines {
                        let base = if *every {
                            line_amount(l).floor()
                        } else {
                            line_amount(l)
                        };
                        let mut value = multiply(i, Decimal::from(*n) * base);
                        if let Some(cap) = cap {
                            value = value.min(Decimal::from(*cap));
                        }
                        sum += value;
                    }
                    awards.push(sum.floor());
                }
                Rule::Whole { condition, n, rate } => {
                    let holds = match condition {
                        Some(Condition::Channel(c)) => tx.channel == CHANNELS[*c],
                        Some(Condition::AmountAtLeast(a)) => tx_amount >= Decimal::from(*a),
                        None => true,
                    };
                    if holds {
                        let value = if *rate {
                            Decimal::from(*n) * tx_amount
                        } else {
                            Decimal::from(*n)
                        };
                        awards.push(multiply(i, value).floor());
                    }
                }
            }
        }
        // The program cap cuts awards in order.
        let mut total = Decimal::ZERO;
        for a in awards {
            let room = self
                .cap
                .map_or(a, |c| (Decimal::from(c) - total).max(Decimal::ZERO));
            total += a.min(room);
        }
        total
    }
}

/// A campaign's first and last day: `from` days into 2026, `days` long.
fn window(from: u32, days: u32) -> (NaiveDate, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(from.into());
    (start, start + chrono::Duration::days(days.into()))
}

fn spec() -> impl Strategy<Value = Spec> {
    let rule = prop_oneof![
        (
            prop::option::of(0..3usize),
            1..4u32,
            any::<bool>(),
            prop::option::of(1..300u32)
        )
            .prop_map(|(category, n, every, cap)| Rule::PerLine {
                category,
                n,
                every,
                cap
            }),
        (
            prop::option::of(prop_oneof![
                (0..2usize).prop_map(Condition::Channel),
                (1..800u32).prop_map(Condition::AmountAtLeast)
            ]),
            1..300u32,
            any::<bool>()
        )
            .prop_map(|(condition, n, rate)| Rule::Whole {
                condition,
                n: if rate { n % 4 + 1 } else { n },
                rate
            }),
    ];
    prop::collection::vec(rule, 1..7)
        .prop_flat_map(|rules| {
            let n = rules.len();
            (
                Just(rules),
                // One benefit per tier: the language has one block per tier.
                prop::collection::vec((0..n, 10..30u32), 3).prop_map(|v| {
                    v.into_iter()
                        .enumerate()
                        .map(|(t, (r, f))| (t, r, f))
                        .collect::<Vec<_>>()
                }),
                prop::collection::vec((0..n, 1..4u32, 0..360u32, 0..40u32), 0..3),
                prop::option::of(50..5_000u32),
            )
        })
        .prop_map(|(rules, tier_multipliers, campaigns, cap)| Spec {
            rules,
            tier_multipliers,
            campaigns,
            cap,
        })
}

fn purchase() -> impl Strategy<Value = Transaction> {
    let line = (0..3usize, 1..4i64, 1..40_000i64, 0..30i64).prop_map(|(c, q, cents, pct)| {
        let mut l = Line::new("SKU", Decimal::from(q), Decimal::new(cents, 2));
        l.category = CATEGORIES[c].into();
        l.discount = (l.unit_price * l.quantity * Decimal::new(pct, 2)).round_dp(2);
        l
    });
    (
        prop::collection::vec(line, 0..5),
        0..2usize,
        0..365i64,
        0..86_400i64,
    )
        .prop_map(|(lines, ch, day, secs)| {
            let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap();
            Transaction {
                id: "T".into(),
                timestamp: start + chrono::Duration::days(day) + chrono::Duration::seconds(secs),
                channel: CHANNELS[ch].into(),
                store: String::new(),
                currency: "USD".into(),
                lines,
                tax: Decimal::ZERO,
                shipping: Decimal::ZERO,
                tenders: Tenders::default(),
                attributes: Default::default(),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::cases(256), ..ProptestConfig::default() })]

    #[test]
    fn the_plan_agrees_with_the_reference_evaluator(spec in spec(), tier in 0..3usize, tx in purchase()) {
        let src = spec.source();
        let program = Program::compile(&src).map_err(|e| TestCaseError::fail(format!("{e}\n{src}")))?;
        let mut member = Member::new("m");
        member.tier = Some(TIERS[tier].into());
        let expected = spec.points(tier, &tx);
        let event = Event::Purchase(tx);
        let outcome = program.evaluate(&member, &event).unwrap();
        prop_assert_eq!(outcome.points("m", "points"), expected, "{}\n{}", src, outcome.explain());
        prop_assert_eq!(program.points(&member, &event).unwrap().get("m", "points"), expected);
    }
}
