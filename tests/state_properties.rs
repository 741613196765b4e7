#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Properties of member state over generated programs with counters, caps
//! and limits, and generated event histories.

mod common;

use loyalty_rules::generators::{self, Vocabulary};
use loyalty_rules::{Exact, MemberState, Program};
use proptest::prelude::*;

fn words() -> Vocabulary {
    Vocabulary::default()
}

/// A line for a generated purchase without any.
fn one_line() -> loyalty_rules::Line {
    loyalty_rules::Line::new("SKU-0")
        .with_category("grocery")
        .with_quantity(loyalty_rules::Decimal::from(2))
        .with_unit_price(loyalty_rules::Decimal::new(1234, 2))
}

/// `R-X`: the return of the whole of each of `lines` of `tx` (`X-1`), at
/// `at`.
fn return_of(
    tx: &loyalty_rules::Transaction,
    lines: impl Iterator<Item = usize>,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> loyalty_rules::Event {
    let lines: Vec<String> = lines
        .map(|i| format!(r#"{{"line": {i}, "quantity": "{}"}}"#, tx.lines[i].quantity))
        .collect();
    loyalty_rules::Event::from_json(&format!(
        r#"{{"kind": "return", "id": "R-X", "timestamp": "{}", "purchase": "X-1", "lines": [{}]}}"#,
        at.to_rfc3339(),
        lines.join(", ")
    ))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    #[test]
    fn state_in_state_out(
        (source, cap) in generators::program_with_history(&words()),
        member in generators::member(&words()),
        events in generators::events(&words(), 12),
        split in 0..12usize,
    ) {
        let program = Program::compile(&source).unwrap();
        // Counters, and balances kept by day (a program cap per member
        // reads what its balance was credited in a period).
        let declared: Vec<&str> = program.counters().chain(program.balances()).collect();
        let mut state = program.new_state(&member);
        let mut outcomes = Vec::new();
        for (i, event) in events.iter().enumerate() {
            // Deterministic, and a state read back from JSON gives the same outcome.
            let outcome = program.evaluate_with(&member, &state, event).unwrap();
            prop_assert_eq!(&program.evaluate_with(&member, &state, event).unwrap(), &outcome);
            let back = MemberState::from_json(&serde_json::to_string(&state).unwrap()).unwrap();
            prop_assert_eq!(&program.evaluate_with(&member, &back, event).unwrap(), &outcome);
            // Why not: a rule that reached its limit is said so, with the
            // same count; no rule that awarded is said not to apply.
            let why = program.why_not(&member, &state, event).unwrap();
            for l in &outcome.limited {
                let said = why.iter().find(|n| n.rule == l.rule.as_str()).map(|n| &n.reason);
                let expected = loyalty_rules::WhyNot::Limit { limit: l.limit.to_string(), used: l.used };
                prop_assert_eq!(said, Some(&expected));
            }
            for n in why.iter().filter(|n| !matches!(n.reason, loyalty_rules::WhyNot::NotMultiplied { .. })) {
                prop_assert!(outcome.awards.iter().all(|a| a.rule != n.rule.as_str()), "{}", n);
            }
            // The lean path gives the same totals.
            let lean = program.points_with(&member, &state, event).unwrap();
            for t in &outcome.totals {
                prop_assert_eq!(lean.get(&t.member, &t.balance), t.points);
            }
            // Another member the event credits (a referral's) gets exactly
            // that in their own state, and nothing of the member's counts.
            for t in outcome.totals.iter().filter(|t| t.member != member.id) {
                let mut theirs = MemberState::new(program.name(), &t.member);
                theirs.apply(&outcome).unwrap();
                let got = theirs.balance(&t.balance).unwrap_or(Exact::ZERO);
                prop_assert_eq!(got, Exact::from(t.points));
                prop_assert!(theirs.rules.is_empty() && theirs.badges.is_empty());
            }
            let before = state.clone();
            state.apply(&outcome).unwrap();
            // Counters never decrease, and only declared counters (and
            // balances) appear.
            for (name, c) in &state.counters {
                prop_assert!(declared.contains(&name.as_str()), "{name}");
                let was = before.counter(name).map_or(Exact::ZERO, |c| c.total);
                prop_assert!(c.total >= was);
                prop_assert!(!c.total.is_negative());
            }
            // The lifetime cap per member holds on what the state records.
            if let Some(h3) = state.rules.get("H3") {
                let total = h3.points.get("points").copied().unwrap_or(Exact::ZERO);
                prop_assert!(total <= Exact::from(rust_decimal::Decimal::from(cap)), "{total}");
            }
            outcomes.push(outcome);
            // Stopping after `split` events, saving and resuming changes nothing.
            if i + 1 == split {
                state = MemberState::from_json(&serde_json::to_string(&state).unwrap()).unwrap();
            }
        }
        // Applying the same outcomes to a fresh state gives the same state.
        let mut again = program.new_state(&member);
        for o in &outcomes {
            again.apply(o).unwrap();
        }
        prop_assert_eq!(again, state);
    }

    /// An exchange: a purchase returned whole right away changes nothing
    /// that later events earn. The return gives back its points, what it
    /// counted, and what it used of per-member caps (`H3`) and limits
    /// (`H0`), so the member's rule usage is as before it, and what it
    /// used of a campaign's budget, and the badge it earned; nor is it
    /// activity that keeps points from expiring.
    #[test]
    fn a_purchase_returned_whole_changes_nothing_later_events_earn(
        (source, _) in generators::program_with_history(&words()),
        member in generators::member(&words()),
        events in generators::events(&words(), 10),
        extra in generators::purchase(&words()),
        at in 0..10usize,
        inactive in 1..90u32,
        budget in 1..2000u32,
        badge in 1..200u32,
    ) {
        let program = Program::compile(&format!(
            "{source}returns {{ within 30 days }}\nledger points {{ expire after {inactive} days without activity }}\n\
             campaign \"Budgeted\" {{ budget {budget} points  earn \"B\" on purchase {{ award 1 point per USD of tx.amount }} }}\n\
             earn \"Badged\" on purchase when tx.amount >= {badge} USD {{ badge \"Big basket\" }}\n"
        ))
        .unwrap();
        let loyalty_rules::Event::Purchase(mut tx) = extra else { unreachable!() };
        if tx.lines.is_empty() {
            tx.lines.push(one_line());
        }
        let at = at % events.len().max(1);
        // At the instant of the event it goes before.
        tx.id = "X-1".into();
        if let Some(e) = events.get(at) {
            tx.timestamp = e.timestamp();
        }
        let back = return_of(&tx, 0..tx.lines.len(), tx.timestamp);
        let mut with = events.clone();
        with.splice(at..at, [loyalty_rules::Event::Purchase(tx), back]);
        let run = |history: &[loyalty_rules::Event]| {
            let mut state = program.new_state(&member);
            let mut budgets = loyalty_rules::Budgets::new(program.name());
            let mut earned = Vec::new();
            // What expired before the purchase and its return is reported
            // by them; it is counted with the event after them.
            let mut expired = Vec::new();
            for event in history {
                let outcome = program.evaluate_with_budgets(&member, &state, &budgets, event).unwrap();
                budgets.apply(&outcome).unwrap();
                if event.id() == "R-X" {
                    prop_assert!(outcome.returned.as_ref().is_some_and(|r| r.complete));
                }
                state.apply(&outcome).unwrap();
                // Each rule's use in all (by day too, through what later
                // events earn; the purchase may have dropped days that no
                // period reads from its day on).
                let used: Vec<_> = state
                    .rules
                    .iter()
                    .map(|(rule, u)| (rule.clone(), u.times, u.points.clone()))
                    .collect();
                expired.extend(outcome.change.expired.iter().map(|x| (x.on, x.event.clone(), x.points)));
                if event.id() != "X-1" && event.id() != "R-X" {
                    let gone = std::mem::take(&mut expired);
                    earned.push((event.id().to_string(), outcome.totals.clone(), used, gone));
                }
            }
            // The badge: how often and when last earned (its first day
            // stays the purchase's when it was earned again since).
            let badges: Vec<_> = state.badges.iter().map(|(b, x)| (b.clone(), x.times, x.last)).collect();
            Ok((earned, badges))
        };
        prop_assert_eq!(run(&with)?, run(&events)?);
    }

    /// The rest of a purchase keeps what it would have earned bought alone,
    /// at the same moment, after the same history, and never more than the
    /// purchase held: it reads the counters as they were before the
    /// purchase (periods, streaks, marks crossed), and has the room the
    /// purchase had under per-member limits (`L`, `H0`) and caps (`C`,
    /// `H3`) and a campaign's budget, no more and no less. It fails if the
    /// rest is evaluated as a member without history, or with the room of
    /// what the purchase used.
    #[test]
    fn a_partial_return_keeps_what_the_rest_would_have_earned(
        (source, _) in generators::program_with_history(&words()),
        member in generators::member(&words()),
        events in generators::events(&words(), 8),
        extra in generators::purchase(&words()),
        returned in proptest::collection::vec(any::<bool>(), 8),
        at in 0..9usize,
        (times, cap, budget) in (1..3u32, 5..300u32, 1..400u32),
        per in proptest::sample::select(vec!["month", "year", "30 days"]),
    ) {
        let currency = source
            .split("currency ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or("USD")
            .to_string();
        let program = Program::compile(&format!(
            "{source}returns {{ within 30 days }}\n\
             earn \"L\" on purchase {{ award 7 points  limit {times} per member per {per} }}\n\
             earn \"C\" on purchase {{ award 1 point per {currency} of tx.amount  cap {cap} points per member per {per} }}\n\
             campaign \"Budgeted\" {{ budget {budget} points  earn \"B\" on purchase {{ award 1 point per {currency} of tx.amount }} }}\n"
        ))
        .unwrap();
        let loyalty_rules::Event::Purchase(mut tx) = extra else { unreachable!() };
        // Two lines at least: one returned, one kept.
        if tx.lines.is_empty() {
            tx.lines.push(one_line());
        }
        if let [only] = tx.lines.as_slice() {
            let mut second = only.clone();
            second.sku = "SKU-2".into();
            tx.lines.push(second);
        }
        let n = tx.lines.len();
        let mut gone: Vec<usize> = (0..n).filter(|i| returned[i % returned.len()]).collect();
        if gone.is_empty() {
            gone.push(0);
        }
        if gone.len() == n {
            gone.pop();
        }
        // The purchase before the event at `at` (two days before, or right
        // after the one before it), and the events more than two days and
        // at most 20 after it; the return after them.
        tx.id = "X-1".into();
        let at = at.min(events.len());
        let (history, after) = events.split_at(at);
        let day = chrono::Duration::days(1);
        let mut when = after.first().map_or(tx.timestamp, |e| e.timestamp() - day * 2);
        if let Some(e) = history.last() {
            when = when.max(e.timestamp() + chrono::Duration::minutes(1));
        }
        tx.timestamp = when;
        let later: Vec<loyalty_rules::Event> = after
            .iter()
            .filter(|e| e.timestamp() >= when + day * 2 && e.timestamp() <= when + day * 20)
            .cloned()
            .collect();
        let back_at = later.last().map_or(when, |e| e.timestamp() + chrono::Duration::minutes(1));
        let mut rest = tx.clone();
        rest.lines = tx
            .lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !gone.contains(i))
            .map(|(_, l)| l.clone())
            .collect();
        let back = return_of(&tx, gone.iter().copied(), back_at);
        // What each event credited, and what the return took back.
        let run = |events: &[loyalty_rules::Event]| {
            let mut state = program.new_state(&member);
            let mut budgets = loyalty_rules::Budgets::new(program.name());
            let mut credited = Vec::new();
            let mut taken = None;
            let mut awards = Vec::new();
            for event in events {
                let outcome = program.evaluate_with_budgets(&member, &state, &budgets, event).unwrap();
                budgets.apply(&outcome).unwrap();
                state.apply(&outcome).unwrap();
                taken = outcome.returned.or(taken);
                credited.push(outcome.totals);
                awards = outcome.awards;
            }
            (credited, taken, awards)
        };
        let mut returned = history.to_vec();
        returned.push(loyalty_rules::Event::Purchase(tx));
        returned.extend(later);
        returned.push(back);
        let mut instead = history.to_vec();
        instead.push(loyalty_rules::Event::Purchase(rest));
        let (credited, given_back, _) = run(&returned);
        let (alone, _, bought_instead) = run(&instead);
        let given_back = given_back.unwrap();
        let taken = given_back.points.clone();
        // The explanation's figures: the rest's own earnings, by rule, are
        // what the goods kept earn bought instead.
        let mut by_rule: Vec<(String, String, Exact)> = Vec::new();
        for a in bought_instead.iter().filter(|a| a.member == member.id && !a.points.is_zero()) {
            match by_rule.iter_mut().find(|(r, b, _)| a.rule == r.as_str() && a.balance == b.as_str()) {
                Some((.., p)) => *p = p.checked_add(a.points).unwrap(),
                None => by_rule.push((a.rule.to_string(), a.balance.to_string(), a.points)),
            }
        }
        let rest_by_rule: Vec<(String, String, Exact)> = given_back
            .rest
            .iter()
            .map(|a| (a.rule.clone(), a.balance.clone(), a.points))
            .collect();
        prop_assert_eq!(rest_by_rule, by_rule);
        let held = &credited[history.len()];
        let alone = alone.last().unwrap();
        for name in program.balances() {
            let of = |totals: &[loyalty_rules::Total]| {
                totals
                    .iter()
                    .find(|t| t.member == member.id && t.balance == name)
                    .map_or(Exact::ZERO, |t| Exact::from(t.points))
            };
            let kept = of(held).checked_sub(taken.get(name).copied().unwrap_or(Exact::ZERO)).unwrap();
            prop_assert_eq!(kept, of(held).min(of(alone)), "balance {}", name);
            if !of(held).is_zero() {
                prop_assert_eq!(given_back.held.get(name).copied(), Some(of(held)), "balance {}", name);
                prop_assert_eq!(given_back.rest_earns.get(name).copied(), Some(of(alone)), "balance {}", name);
            }
        }
    }

    #[test]
    fn without_state_counters_see_only_the_event(
        (source, _) in generators::program_with_history(&words()),
        member in generators::member(&words()),
        event in generators::event(&words()),
    ) {
        let program = Program::compile(&source).unwrap();
        let stateless = program.evaluate(&member, &event).unwrap();
        let fresh = program.evaluate_with(&member, &program.new_state(&member), &event).unwrap();
        prop_assert_eq!(stateless, fresh);
    }
}
