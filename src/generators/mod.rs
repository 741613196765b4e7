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
//!
//! Your own program, with histories that fit it (`Vocabulary::of`: its
//! tiers, burn rules and rewards, returns and cancellations, time
//! passing), against your own ledger: here, a running balance kept from
//! the outcomes alone.
//!
//! ```
//! use loyalty_rules::generators::{events, member, Vocabulary};
//! use loyalty_rules::{Decimal, Exact, Program};
//! use proptest::prelude::*;
//! use proptest::test_runner::{Config, TestRunner};
//!
//! let program = Program::compile(r#"
//!     program "Grocer" { currency USD }
//!     ledger points { expire 12 months after earning }
//!     returns { within 14 days }
//!     earn "Base" on purchase { award 10 points per USD of tx.amount }
//!     burn "Pay with points" from points { rate 100 points = 1 USD  minimum 500 points }
//! "#)?;
//! let words = Vocabulary::of(&program);
//! let mut runner = TestRunner::new(Config::with_cases(32));
//! runner.run(&(member(&words), events(&words, 12)), |(m, history)| {
//!     let mut state = program.new_state(&m);
//!     let mut mine = Decimal::ZERO; // the host's own ledger
//!     let d = |x: &Exact| x.as_decimal().unwrap_or_default();
//!     for event in &history {
//!         // A refused redemption or return is an answer, not a failure.
//!         let Ok(outcome) = program.evaluate_with(&m, &state, event) else { continue };
//!         mine += outcome.points(&m.id, "points");
//!         if let Some(r) = &outcome.redemption { mine -= d(&r.points); }
//!         if let Some(r) = &outcome.returned {
//!             mine -= r.points.get("points").map(d).unwrap_or_default();
//!             // Points already spent are owed (the default) or forgiven.
//!             mine += r.forgiven.get("points").map(d).unwrap_or_default();
//!         }
//!         // A cancelled redemption's points come back (some may expire),
//!         // less what pays points a return forgave since it.
//!         if let Some(c) = &outcome.cancelled { mine += d(&c.points) - d(&c.withheld); }
//!         for e in &outcome.change.expired { mine -= d(&e.points); }
//!         state.apply(&outcome).expect("an outcome applies to its own state");
//!     }
//!     let balance = state.balance("points").map(|b| d(&b)).unwrap_or_default();
//!     prop_assert_eq!(mine, balance);
//!     Ok(())
//! }).unwrap();
//! # Ok::<(), loyalty_rules::CompileError>(())
//! ```

mod history;
mod inputs;
mod timeline;
mod vocabulary;

pub use history::program_with_history;
pub use inputs::{event, member, purchase, redemption};
pub use timeline::events;
pub use vocabulary::{ReturnForm, Spend, Vocabulary};

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use proptest::sample::select;

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
    let atom = prop_oneof![
        pick(&v.categories).prop_map(|c| format!("line.category == \"{c}\"")),
        pick(&v.categories).prop_map(|c| format!("line.category != \"{c}\"")),
        pick(&v.skus).prop_map(|s| format!("line.sku == \"{s}\"")),
        (1..200u32).prop_map(move |n| format!("line.amount >= {n} {cur}")),
        Just("\"organic\" in line.tags".to_string()),
        // The same for every line: what the basket's organic lines hold.
        (1..6u32).prop_map(|n| format!("sum(line.quantity, \"organic\" in line.tags) >= {n}")),
    ]
    .boxed();
    if v.line_numbers.is_empty() {
        return atom;
    }
    // A line's own number (possibly missing).
    let own = (pick(&v.line_numbers), 1..3_000u32)
        .prop_map(|(a, n)| format!("line.{a} >= {n}"))
        .boxed();
    prop_oneof![6 => atom, 1 => own].boxed()
}

/// A condition on the whole transaction.
fn tx_condition(v: &Vocabulary) -> BoxedStrategy<String> {
    let cur = v.currency.clone();
    let cur_sum = v.currency.clone();
    let atom = prop_oneof![
        pick(&v.channels).prop_map(|c| format!("tx.channel == \"{c}\"")),
        pick(&v.categories).prop_map(|c| format!("\"{c}\" in tx.categories")),
        (1..500u32).prop_map(move |n| format!("tx.amount >= {n} {cur}")),
        (pick(&v.categories), 1..300u32).prop_map(move |(c, n)| {
            format!("sum(line.amount, line.category == \"{c}\") >= {n} {cur_sum}")
        }),
        Just("member.first_purchase".to_string()),
        Just("weekday(tx.date) in [saturday, sunday]".to_string()),
    ]
    .boxed();
    let atom = with_member_atoms(v, atom);
    atom.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
    .boxed()
}

/// `atom` or a condition on the member: tier, segment (possibly missing),
/// a flag attribute (possibly missing), an event number attribute.
fn with_member_atoms(v: &Vocabulary, atom: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let mut atoms = vec![(3, atom)];
    if !v.tiers.is_empty() {
        atoms.push((
            1,
            pick(&v.tiers)
                .prop_map(|t| format!("member.tier >= {t}"))
                .boxed(),
        ));
    }
    if !v.segments.is_empty() {
        atoms.push((
            1,
            (pick(&v.segments), any::<bool>())
                .prop_map(|(s, eq)| {
                    format!("member.segment {} \"{s}\"", if eq { "==" } else { "!=" })
                })
                .boxed(),
        ));
        atoms.push((1, Just("exists(member.segment)".to_string()).boxed()));
    }
    if !v.member_flags.is_empty() {
        atoms.push((
            1,
            pick(&v.member_flags)
                .prop_map(|f| format!("member.{f}"))
                .boxed(),
        ));
    }
    if !v.event_numbers.is_empty() {
        atoms.push((
            1,
            (pick(&v.event_numbers), 1..6u32)
                .prop_map(|(a, n)| format!("event.{a} >= {n}"))
                .boxed(),
        ));
    }
    proptest::strategy::Union::new_weighted(atoms).boxed()
}

/// A condition for a rule on an event other than a purchase.
fn event_condition(v: &Vocabulary) -> BoxedStrategy<String> {
    let atom = Just("weekday(event.date) in [saturday, sunday]".to_string()).boxed();
    with_member_atoms(v, atom)
        .prop_recursive(1, 4, 2, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
                inner.prop_map(|a| format!("not ({a})")),
            ]
        })
        .boxed()
}

/// A rule's control statements: rounding, a cap, a group, priority, stop.
fn controls(per_line: bool) -> BoxedStrategy<String> {
    let granularities: Vec<&str> = if per_line {
        vec!["", " per line", " per rule", " per transaction"]
    } else {
        vec!["", " per rule", " per transaction"]
    };
    (
        prop::option::weighted(0.3, (select(MODES.to_vec()), select(granularities))),
        prop::option::weighted(0.2, 1..500u32),
        prop::option::weighted(0.2, 0..2u32),
        prop::option::weighted(0.15, 1..4u32),
        prop::bool::weighted(0.05),
    )
        .prop_map(|(round, cap, group, priority, stop)| {
            let mut out = String::new();
            if let Some((mode, per)) = round {
                out.push_str(&format!("  round {mode}{per}"));
            }
            if let Some(cap) = cap {
                out.push_str(&format!("  cap {cap} points per transaction"));
            }
            if let Some(g) = group {
                // One deciding balance per group: g1 is decided on tier_points.
                let by = if g == 1 { " by tier_points" } else { "" };
                out.push_str(&format!("  group \"g{g}\"{by}"));
            }
            if let Some(p) = priority {
                out.push_str(&format!("  priority {p}"));
            }
            if stop {
                out.push_str("  stop");
            }
            out
        })
        .boxed()
}

const MODES: [&str; 5] = ["floor", "ceil", "half_even", "half_up", "half_down"];

/// A rule on an event other than a purchase: a review, a referral (to the
/// referrer, the referred member or both), or a custom kind.
fn event_rule(v: &Vocabulary, name: String) -> BoxedStrategy<String> {
    let mut kinds = vec![
        "review".to_string(),
        "sign_up".to_string(),
        "check_in".to_string(),
        "share".to_string(),
        "referral".to_string(),
    ];
    kinds.extend(v.custom_events.iter().map(|c| format!("event \"{c}\"")));
    let numbers = v.event_numbers.clone();
    (
        select(kinds),
        prop::option::weighted(0.5, event_condition(v)),
        1..500u32,
        prop::option::of(pick(&numbers)),
        0..4u8,
        any::<bool>(),
        controls(false),
    )
        .prop_map(move |(kind, cond, n, per, to, tier_points, controls)| {
            let cond = cond.map(|c| format!(" when {c}")).unwrap_or_default();
            let amount = match per.filter(|p| !p.is_empty()) {
                Some(attr) => format!("{} points per event.{attr}", n % 20 + 1),
                None => format!("{n} points"),
            };
            let balance = if tier_points { " to tier_points" } else { "" };
            let awards = match (kind.as_str(), to) {
                ("referral", 1) => format!("award {amount} to referrer"),
                ("referral", 2) => format!("award {amount} to referred"),
                ("referral", 3) => {
                    format!("award {amount} to referrer  award {n} points to referred")
                }
                _ => format!("award {amount}{balance}"),
            };
            format!("earn \"{name}\" on {kind}{cond} {{ {awards}{controls} }}\n")
        })
        .boxed()
}

/// One earn rule named `name`.
fn rule(v: &Vocabulary, name: String) -> BoxedStrategy<String> {
    let cur = v.currency.clone();
    let cur2 = v.currency.clone();
    let cur3 = v.currency.clone();
    let cur4 = v.currency.clone();
    let cur5 = v.currency.clone();
    let line_numbers = v.line_numbers.clone();
    let per_line = (
        prop::option::of(line_condition(v)),
        1..4u32,
        (any::<bool>(), 1..4u32, any::<bool>()),
        prop::option::of(1..100u32),
        controls(true),
        prop::option::weighted(0.2, pick(&line_numbers)),
    )
        .prop_map(
            move |(cond, n, (every, unit, quantity), cap, controls, own)| {
                let cond = cond.map(|c| format!(" where {c}")).unwrap_or_default();
                let steps = every;
                let every = if every { "every " } else { "" };
                let cap = cap
                    .map(|c| format!("  cap {c} points per line"))
                    .unwrap_or_default();
                let award = if let Some(own) = own.filter(|o| !o.is_empty()) {
                    // A line's own number: 0.1 to 0.3 points a unit of it.
                    format!("0.{n} points per line.{own}")
                } else if quantity && steps {
                    format!("{n} points per every {unit} of line.quantity")
                } else if quantity {
                    format!("{n} points per line.quantity")
                } else {
                    format!("{n} points per {every}{unit} {cur} of line.amount")
                };
                format!("for each line{cond} {{ award {award}{cap}{controls} }}")
            },
        );
    let formula = prop_oneof![
        (1..500u32).prop_map(|n| format!("{n} points")),
        (1..5u32, 1..8u32)
            .prop_map(move |(n, m)| format!("{n} points per {m} {cur2} of tx.amount")),
        (1..5u32, 2..20u32)
            .prop_map(move |(n, m)| format!("{n} points per every {m} {cur3} of tx.amount")),
        (1..50u32).prop_map(|p| format!("{p}% of tx.amount")),
        (1..50u32, pick(&v.categories))
            .prop_map(|(p, c)| format!("{p}% of sum(line.amount, line.category == \"{c}\")")),
        (1..50u32).prop_map(|p| format!("{p}% of earned")),
        (1..200u32).prop_map(|p| format!("{p}% of tx.items")),
        (1..4u32, 50..500u32)
            .prop_map(move |(n, k)| format!("{n} points per USD of min(tx.amount, {k} {cur4})")),
        (1..5u32, 2..20u32)
            .prop_map(move |(n, m)| format!("{n} points per floor(tx.amount / {m} {cur5})")),
    ];
    let whole = (
        prop::option::of(tx_condition(v)),
        formula,
        0..3u32,
        controls(false),
    )
        .prop_map(|(cond, f, tier_points, controls)| {
            let cond = cond.map(|c| format!(" when {c}")).unwrap_or_default();
            // The balance named after `to`, or as the unit: the same award.
            let second = match tier_points {
                1 => "  award 1 point per every 10 USD of tx.amount to tier_points",
                2 => "  award 1 tier_point per every 10 USD of tx.amount",
                _ => "",
            };
            format!("{cond} {{ award {f}{second}{controls} }}")
        });
    prop_oneof![per_line.prop_map(|b| format!(" {b}")), whole]
        .prop_map(move |body| format!("earn \"{name}\" on purchase{body}\n"))
        .boxed()
}

/// A campaign named `name` over the rules `names`: a date window, a
/// schedule (weekend, weekdays, days of the month), hours (also past
/// midnight), a condition, targets (rules, `all` with `except`, a
/// category), a factor, stacking, priority and an exclusive group.
fn campaign(v: &Vocabulary, name: String, names: Vec<String>) -> BoxedStrategy<String> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let window = prop::option::weighted(0.6, (0..365i64, 0..60i64)).prop_map(move |w| {
        w.map(|(from, days)| {
            let from = start + Duration::days(from);
            format!(" from {from} to {}", from + Duration::days(days))
        })
        .unwrap_or_default()
    });
    let schedule = prop_oneof![
        3 => Just(String::new()),
        1 => Just(" every weekend".to_string()),
        1 => Just(" every monday, friday".to_string()),
        1 => (1..29u32).prop_map(|d| format!(" every month on day {d}, {}", d % 28 + 1)),
        1 => (1..29u32).prop_map(|d| format!(" every month on day {d}, last")),
    ];
    let hours = prop::option::weighted(0.25, (0..24u32, 0..24u32)).prop_map(|h| match h {
        Some((a, b)) if a != b => format!(" between {a:02}:00 and {b:02}:00"),
        _ => String::new(),
    });
    let condition = prop::option::weighted(0.2, pick(&v.channels)).prop_map(|c| {
        c.map(|c| format!(" when tx.channel == \"{c}\""))
            .unwrap_or_default()
    });
    let targets = prop_oneof![
        3 => prop::sample::subsequence(names.clone(), 1..=names.len().clamp(1, 2))
            .prop_map(|t| t.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")),
        1 => select(names).prop_map(|n| format!("all except \"{n}\"")),
        1 => pick(&v.categories).prop_map(|c| format!("category \"{c}\"")),
        1 => Just("tag \"organic\"".to_string()),
    ];
    // `in BALANCE`: the multiplier reaches only that balance's awards.
    let balance = prop::option::weighted(0.25, select(vec!["points", "tier_points"]))
        .prop_map(|b| b.map(|b| format!(" in {b}")).unwrap_or_default());
    (
        (window, schedule, hours, condition),
        (targets, balance),
        (1..5u32, any::<bool>()),
        select(vec!["multiply", "add", "best"]),
        0..3u32,
        prop::option::weighted(0.3, 0..2u32),
    )
        .prop_map(
            move |((window, schedule, hours, condition), (targets, balance), (factor, half), stacking, priority, exclusive)| {
                let factor = if half { format!("{factor}.5") } else { factor.to_string() };
                let exclusive = exclusive
                    .map(|e| format!("  exclusive \"e{e}\""))
                    .unwrap_or_default();
                format!(
                    "campaign \"{name}\"{window}{schedule}{hours}{condition} {{ multiply {targets}{balance} by {factor}  stacking {stacking}  priority {priority}{exclusive} }}\n"
                )
            },
        )
        .boxed()
}

/// A valid program in the vocabulary: a header (every rounding mode and
/// granularity, a qualifying `tier_points` balance with 0 to 2 decimals),
/// tiers, the vocabulary's attributes, 1 to 8 purchase rules (per line or
/// whole, with rule rounding, caps, groups, priority, stop), rules on other
/// events (reviews, referrals to either side, custom kinds; one on each
/// custom kind of the vocabulary, whose events are refused otherwise), tier
/// multipliers, campaigns, and caps per balance.
pub fn program(v: &Vocabulary) -> impl Strategy<Value = String> {
    let v = v.clone();
    (1..9usize, 0..4usize)
        .prop_flat_map(move |(n, n_events)| {
            let mut rules: Vec<BoxedStrategy<String>> =
                (0..n).map(|i| rule(&v, format!("R{i}"))).collect();
            rules.extend((n..n + n_events).map(|i| event_rule(&v, format!("R{i}"))));
            let names: Vec<String> = (0..n + n_events).map(|i| format!("R{i}")).collect();
            let tiers = v.tiers.clone();
            let tier_benefits = prop::collection::vec(
                (
                    pick(&tiers),
                    select(names.clone()),
                    11..30u32,
                    prop::option::of(select(MODES.to_vec())),
                    prop::option::weighted(0.25, select(vec!["points", "tier_points"])),
                ),
                0..3,
            );
            let campaigns: Vec<BoxedStrategy<String>> = (0..3)
                .map(|i| campaign(&v, format!("C{i}"), names.clone()))
                .collect();
            let header = (
                select(MODES.to_vec()),
                select(vec!["line", "rule", "transaction"]),
                0..3u32,
                prop::option::of(100..5_000u32),
                prop::option::weighted(0.3, 10..500u32),
            );
            (
                rules,
                tier_benefits,
                (0..=3usize, campaigns),
                header,
                Just(v.clone()),
            )
        })
        .prop_map(
            |(rules, tier_benefits, (n_campaigns, campaigns), (mode, per, decimals, cap, tp_cap), v)| {
                let mut src = format!(
                    "program \"Generated\" {{\n  currency {}\n  timezone \"UTC\"\n  rounding {mode} per {per}\n  balance tier_points qualifying precision {decimals}\n}}\n",
                    v.currency
                );
                if !v.tiers.is_empty() {
                    src.push_str(&format!("tiers {{ {} }}\n", v.tiers.join(" ")));
                }
                // Every other flag has a default, which a member that
                // leaves it out reads.
                for (i, f) in v.member_flags.iter().enumerate() {
                    let default = if i % 2 == 1 { " default false" } else { "" };
                    src.push_str(&format!("attribute member.{f} bool{default}\n"));
                }
                for a in &v.event_numbers {
                    src.push_str(&format!("attribute event.{a} number\n"));
                }
                for a in &v.line_numbers {
                    src.push_str(&format!("attribute line.{a} number\n"));
                }
                for r in rules {
                    src.push_str(&r);
                }
                // A rule on each kind of its own the vocabulary has, which
                // its events have (an event of a kind no rule reads is
                // refused).
                for (i, kind) in v.custom_events.iter().enumerate() {
                    if !src.contains(&format!("on event \"{kind}\"")) {
                        src.push_str(&format!(
                            "earn \"K{i}\" on event \"{kind}\" {{ award {} points }}\n",
                            (i + 1) * 10
                        ));
                    }
                }
                let mut seen: Vec<String> = Vec::new();
                for (i, (tier, target, factor, round, balance)) in tier_benefits.into_iter().enumerate() {
                    // One block per tier.
                    if tier.is_empty() || seen.contains(&tier) {
                        continue;
                    }
                    seen.push(tier.clone());
                    let round = round.map(|m| format!(" then round {m}")).unwrap_or_default();
                    let balance = balance.map(|b| format!(" in {b}")).unwrap_or_default();
                    src.push_str(&format!(
                        "tier {tier} {{ multiply \"{target}\"{balance} by {}.{}{round} }}  # benefit {i}\n",
                        factor / 10,
                        factor % 10
                    ));
                }
                for c in campaigns.into_iter().take(n_campaigns) {
                    src.push_str(&c);
                }
                if let Some(cap) = cap {
                    src.push_str(&format!("cap {cap} points per transaction\n"));
                }
                if let Some(cap) = tp_cap {
                    src.push_str(&format!("cap {cap} points per transaction in tier_points\n"));
                }
                src
            },
        )
}
