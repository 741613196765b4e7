#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Properties over generated programs, members and purchases, drawn from
//! the crate's public generators (feature `proptest`). `PROPTEST_CASES`
//! raises the number of cases for long runs.

mod common;

use common::workload::{CATEGORIES, CHANNELS};
use loyalty_rules::generators::{self, Vocabulary};
use loyalty_rules::{Event, Member, Outcome, Program};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn acme() -> Program {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/programs/acme.loyalty"
    ))
    .unwrap();
    Program::compile(&src).unwrap()
}

fn workload() -> Program {
    Program::compile(&common::workload::program_source()).unwrap()
}

/// The public generators' vocabulary for `program` (its currency and
/// tiers), with the workload's categories and channels.
fn words(program: &Program) -> Vocabulary {
    Vocabulary {
        categories: CATEGORIES.iter().map(|c| c.to_string()).collect(),
        channels: CHANNELS.iter().map(|c| c.to_string()).collect(),
        ..Vocabulary::of(program)
    }
}

/// A purchase from the public generators (acme.loyalty and the workload
/// share currency and vocabulary).
fn purchase() -> impl Strategy<Value = Event> {
    generators::purchase(&words(&acme()))
}

/// A purchase for the workload program, which declares no attributes.
fn workload_purchase() -> impl Strategy<Value = Event> {
    purchase().prop_map(|mut e| {
        if let Event::Purchase(t) = &mut e {
            t.attributes.clear();
        }
        e
    })
}

/// A member of `program` from the public generators, as `m1`, with the
/// attribute acme.loyalty declares when the program declares it.
fn member(program: &Program) -> impl Strategy<Value = Member> {
    let employee = program
        .attributes()
        .any(|(path, _)| path == "member.employee");
    generators::member(&words(program)).prop_map(move |mut m| {
        m.id = "m1".into();
        if employee {
            m.attributes.insert("employee".into(), false.into());
        }
        m
    })
}

/// The same program with different whitespace and comments (outside strings).
fn relayout(src: &str, variant: usize) -> String {
    let mut out = String::new();
    let mut in_string = false;
    for c in src.chars() {
        match c {
            '"' => {
                in_string = !in_string;
                out.push(c);
            }
            ' ' if !in_string => out.push_str(["  ", "\t", " \t "][variant % 3]),
            '\n' if !in_string => {
                out.push_str(["  // note\n\n", "\t# remark\n", "\n   \n"][variant % 3])
            }
            _ => out.push(c),
        }
    }
    out
}

/// An outcome without the program identity, which names the exact text.
fn meaning(mut o: Outcome) -> Outcome {
    o.program.hash = Default::default();
    o
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::cases(128), ..ProptestConfig::default() })]

    #[test]
    fn evaluation_is_deterministic(m in member(&acme()), e in purchase()) {
        let p = acme();
        let a = serde_json::to_string(&p.evaluate(&m, &e).unwrap()).unwrap();
        let b = serde_json::to_string(&acme().evaluate(&m, &e).unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn layout_never_changes_a_result(m in member(&acme()), e in purchase(), variant in 0..3usize) {
        let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/programs/acme.loyalty")).unwrap();
        let other = Program::compile(&relayout(&src, variant)).unwrap();
        let base = acme();
        prop_assert_ne!(other.hash(), base.hash());
        prop_assert_eq!(meaning(base.evaluate(&m, &e).unwrap()), meaning(other.evaluate(&m, &e).unwrap()));
    }

    #[test]
    fn lean_points_equal_the_explained_totals(m in member(&acme()), e in purchase()) {
        let p = acme();
        let outcome = p.evaluate(&m, &e).unwrap();
        let lean = p.points(&m, &e).unwrap();
        let explained: Vec<_> = outcome.totals.iter()
            .map(|t| (t.member.as_str(), t.balance.as_str(), t.qualifying, t.points)).collect();
        let lean: Vec<_> = lean.iter().map(|t| (t.member, t.balance, t.qualifying, t.points)).collect();
        prop_assert_eq!(explained, lean);
    }

    #[test]
    fn points_are_never_negative_for_a_purchase(m in member(&acme()), e in purchase()) {
        let o = acme().evaluate(&m, &e).unwrap();
        for a in &o.awards {
            prop_assert!(a.points >= Decimal::ZERO.into(), "{a:?}");
            for l in &a.lines { prop_assert!(l.points >= Decimal::ZERO.into()); }
        }
        for t in &o.totals { prop_assert!(t.points >= Decimal::ZERO); }
    }

    #[test]
    fn a_cap_is_never_exceeded(m in member(&workload()), e in workload_purchase(), cap in 0..3_000u32, line_cap in 0..400u32) {
        let src = common::workload::program_source()
            .replace("cap 10000 points per transaction", &format!("cap {cap} points per transaction"))
            .replace("award 1 point per every 1 USD of line.amount\n}", &format!("award 1 point per every 1 USD of line.amount\n  cap {line_cap} points per line\n}}"));
        let p = Program::compile(&src).unwrap();
        let o = p.evaluate(&m, &e).unwrap();
        prop_assert!(o.points("m1", "points") <= Decimal::from(cap));
        for a in o.awards.iter().filter(|a| a.rule == "Base") {
            for l in &a.lines { prop_assert!(l.points <= Decimal::from(line_cap).into()); }
        }
        // The shipped cap, too.
        prop_assert!(workload().evaluate(&m, &e).unwrap().points("m1", "points") <= Decimal::from(10_000));
    }
}

// ------------------------------------------------ generated programs

mod generated {
    use loyalty_rules::generators::{self, Vocabulary};
    use loyalty_rules::{Exact, Program, Step};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// The earn rules of a generated program and the kind of event each
    /// runs on (`purchase`, or a custom kind's name), read from its text.
    fn earn_rules(src: &str) -> Vec<(String, String)> {
        src.lines()
            .filter_map(|l| {
                let rest = l.trim_start().strip_prefix("earn \"")?;
                let (name, rest) = rest.split_once('"')?;
                let rest = rest.trim_start().strip_prefix("on ")?;
                let kind = match rest.strip_prefix("event \"") {
                    Some(custom) => custom.split('"').next()?,
                    None => rest.split_whitespace().next()?,
                };
                Some((name.to_string(), kind.to_string()))
            })
            .collect()
    }

    /// What the steps leave of `start`, when each starts from what the one
    /// before left.
    fn chain(start: Exact, steps: &[Step]) -> Option<Exact> {
        steps.iter().try_fold(start, |now, step| {
            let (before, after) = match step {
                Step::Multiply { before, after, .. }
                | Step::Round { before, after, .. }
                | Step::RoundTogether { before, after, .. }
                | Step::MemberCap { before, after, .. }
                | Step::Budget { before, after, .. }
                | Step::Cap { before, after, .. } => (*before, *after),
                _ => return None,
            };
            (before == now).then_some(after)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: crate::common::cases(128), ..ProptestConfig::default() })]

        #[test]
        fn generated_programs_compile_and_agree_with_themselves(
            src in generators::program(&Vocabulary::default()),
            m in generators::member(&Vocabulary::default()),
            events in generators::events(&Vocabulary::default(), 6),
        ) {
            let p = match Program::compile(&src) {
                Ok(p) => p,
                Err(e) => return Err(TestCaseError::fail(format!("{e}\n{src}"))),
            };
            let rules: Vec<&str> = p.rules().collect();
            for e in &events {
                let outcome = p.evaluate(&m, e).unwrap();
                let lean = p.points(&m, e).unwrap();
                // The lean totals are the explained ones, every recipient and balance, in order.
                let explained: Vec<_> = outcome
                    .totals
                    .iter()
                    .map(|t| (t.member.to_string(), t.balance.to_string(), t.points))
                    .collect();
                let lean: Vec<_> = lean
                    .iter()
                    .map(|t| (t.member.to_string(), t.balance.to_string(), t.points))
                    .collect();
                prop_assert_eq!(&explained, &lean);
                // The member gets a total in every balance, first.
                let mine: Vec<&str> = outcome.totals.iter().take(2).map(|t| t.balance.as_str()).collect();
                prop_assert_eq!(mine, vec!["points", "tier_points"]);
                for t in &outcome.totals {
                    prop_assert!(t.points >= Decimal::ZERO, "{:?}", t);
                }
                for a in &outcome.awards {
                    prop_assert!(a.points >= Decimal::ZERO.into(), "{:?}", a);
                    prop_assert!(rules.contains(&a.rule.as_str()));
                    // The explanation's arithmetic chains: each step starts
                    // from what the one before left, and the last leaves the
                    // points (the text prints no total after a line's steps).
                    let mut lines = Exact::from(Decimal::ZERO);
                    for l in &a.lines {
                        prop_assert_eq!(chain(l.computed, &l.steps), Some(l.points), "{:?}\n{}", l, src);
                        lines = lines.checked_add(l.points).unwrap();
                    }
                    let start = if a.lines.is_empty() { a.computed } else { lines };
                    prop_assert_eq!(chain(start, &a.steps), Some(a.points), "{:?}\n{}", a, src);
                }
                // Deterministic, to the byte.
                prop_assert_eq!(
                    serde_json::to_string(&outcome).unwrap(),
                    serde_json::to_string(&p.evaluate(&m, e).unwrap()).unwrap()
                );
                // Why not: each rule of the event's kind either awarded or
                // is said why not, once; a rule that awarded only for a
                // campaign that did not multiply it.
                let why = p.why_not(&m, &p.new_state(&m), e).unwrap();
                let awarded = |rule: &str| outcome.awards.iter().any(|a| a.rule == rule);
                let mut said = Vec::new();
                for n in &why {
                    prop_assert!(rules.contains(&n.rule.as_str()), "{}", n);
                    let multiplier = matches!(n.reason, loyalty_rules::WhyNot::NotMultiplied { .. });
                    // A multiplier that ran and lost names the rival that won.
                    if let loyalty_rules::WhyNot::NotMultiplied {
                        off: loyalty_rules::CampaignOff::Outranked { rivals },
                    } = &n.reason
                    {
                        prop_assert!(!rivals.is_empty(), "{}\n{}", n, src);
                    }
                    prop_assert_eq!(multiplier, awarded(&n.rule), "{}\n{}", n, src);
                    if !multiplier {
                        prop_assert!(!said.contains(&n.rule.as_str()), "{} twice", n.rule);
                        said.push(n.rule.as_str());
                    }
                }
                for (rule, kind) in earn_rules(&src) {
                    if kind == outcome.kind.as_str() && !awarded(&rule) {
                        prop_assert!(said.contains(&rule.as_str()), "{} is not said\n{}", rule, src);
                    }
                }
            }
        }

        #[test]
        fn inputs_fit_an_existing_program(m in generators::member(&Vocabulary::of(&super::acme())),
                                          e in generators::purchase(&Vocabulary::of(&super::acme()))) {
            let acme = super::acme();
            let outcome = acme.evaluate(&m, &e).unwrap();
            prop_assert_eq!(&outcome.member, "member-1");
            prop_assert_eq!(&outcome.event, "T-1");
            // The member's three balances, in the program's order.
            let balances: Vec<&str> = outcome.totals.iter().map(|t| t.balance.as_str()).collect();
            prop_assert_eq!(balances, vec!["points", "tier_points", "qualifying_spend"]);
            // acme rounds per rule: each total is the sum of its awards, and
            // points and tier points are whole.
            for t in &outcome.totals {
                let sum = outcome
                    .awards
                    .iter()
                    .filter(|a| a.balance == t.balance)
                    .fold(Decimal::ZERO, |s, a| s + a.points.as_decimal().unwrap());
                prop_assert_eq!(t.points, sum, "{}", t.balance);
                if t.balance != "qualifying_spend" {
                    prop_assert_eq!(t.points, t.points.trunc());
                }
            }
            let lean = acme.points(&m, &e).unwrap();
            prop_assert_eq!(lean.get("member-1", "points"), outcome.points("member-1", "points"));
        }
    }
}
