#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Properties of computed tiers over generated programs (thresholds,
//! qualification periods, keep and downgrade policies, grace) and generated
//! stay histories: more activity never gives a lower tier, a downgrade never
//! drops further than its policy allows, and the status is deterministic
//! and the same whether time passes by an event or by asking.

mod common;

use loyalty_rules::{Event, Member, MemberState, NaiveDate, Program};
use proptest::prelude::*;

const LEVELS: [&str; 4] = ["member", "silver", "gold", "platinum"];

#[derive(Debug, Clone)]
struct Shape {
    thresholds: [u32; 3],
    qualify: &'static str,
    keep: &'static str,
    downgrade: &'static str,
    grace: u32,
    upgrade: &'static str,
    /// `floor gold when N lifetime nights` (0: a bare `floor gold`,
    /// reached with gold), or none.
    floor: Option<u32>,
    /// Another path to each level: `or N stays` (N, 2N, 3N).
    stays: Option<u32>,
}

impl Shape {
    fn source(&self) -> String {
        let [a, b, c] = self.thresholds;
        let grace = if self.grace > 0 {
            format!("  grace {} months\n", self.grace)
        } else {
            String::new()
        };
        // A level earned for the next year must be kept to its end.
        let keep = if !self.upgrade.is_empty() && !self.qualify.contains("months") {
            ""
        } else {
            self.keep
        };
        let or = |k: u32| {
            self.stays
                .map(|n| format!(" or {} stays", n * k))
                .unwrap_or_default()
        };
        let floor = self
            .floor
            .map(|n| match n {
                0 => "  floor gold\n".to_string(),
                n => format!("  floor gold when {n} lifetime nights\n"),
            })
            .unwrap_or_default();
        format!(
            "program \"P\" {{ currency USD timezone \"Asia/Tokyo\" }}\n\
             counter nights\ncount tx.items to nights on purchase\n\
             counter stays\ncount 1 to stays on purchase\n\
             tiers {{\n  member\n  silver when {a} nights{}\n  gold when {} nights{}\n  platinum when {} nights{}\n\
             {}{keep}{}{}{grace}{floor}}}\n",
            or(1),
            a + b,
            or(2),
            a + b + c,
            or(3),
            self.qualify,
            self.upgrade,
            self.downgrade
        )
    }
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        [1..15u32, 1..15u32, 1..15u32],
        prop::sample::select(vec![
            "",
            "  qualify last 12 months\n",
            "  qualify year from 04-01\n",
            "  qualify membership year\n",
        ]),
        prop::sample::select(vec![
            "",
            "  keep to end of period\n",
            "  keep to end of next period\n",
        ]),
        prop::sample::select(vec![
            "",
            "  downgrade one level\n",
            "  downgrade to silver\n",
            // A yearly deduction from the lifetime nights a floor reads.
            "  deduct 5 nights at gold\n",
        ]),
        prop::sample::select(vec![0u32, 0, 1, 3]),
        prop::sample::select(vec!["", "", "  upgrade next period\n"]),
        prop::option::of(prop_oneof![Just(0u32), 10..80u32]),
        prop::option::of(1..5u32),
    )
        .prop_map(
            |(thresholds, qualify, keep, downgrade, grace, upgrade, floor, stays)| Shape {
                thresholds,
                qualify,
                keep,
                downgrade,
                grace,
                upgrade,
                floor,
                stays,
            },
        )
}

/// Stays: (days after 2024-03-01, nights), in time order.
fn history() -> impl Strategy<Value = Vec<(u32, u32)>> {
    prop::collection::vec((0..1500u32, 1..20u32), 0..10).prop_map(|mut v| {
        v.sort_unstable();
        v
    })
}

fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 1).unwrap() + chrono::Days::new(u64::from(offset))
}

fn stay(i: usize, offset: u32, nights: u32) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "s{i}", "timestamp": "{}T12:00:00+09:00", "currency": "USD",
            "lines": [{{"sku": "room", "quantity": {nights}, "unit_price": "10.00"}}]}}"#,
        day(offset)
    ))
    .unwrap()
}

fn member() -> Member {
    Member::new("m").with_join_date(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
}

fn replay(p: &Program, stays: &[(u32, u32)]) -> MemberState {
    let m = member();
    let mut state = p.new_state(&m);
    for (i, (offset, nights)) in stays.iter().enumerate() {
        let o = p
            .evaluate_with(&m, &state, &stay(i, *offset, *nights))
            .unwrap();
        state.apply(&o).unwrap();
    }
    state
}

fn level(name: &str) -> usize {
    LEVELS.iter().position(|l| *l == name).unwrap()
}

/// Days on which to compare: each stay's, and some after the last.
fn checkpoints(stays: &[(u32, u32)]) -> Vec<u32> {
    let last = stays.last().map_or(0, |s| s.0);
    let mut days: Vec<u32> = stays.iter().map(|s| s.0).collect();
    days.extend([last + 200, last + 400, last + 700, last + 1100]);
    days
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(48)))]

    #[test]
    fn more_activity_never_gives_a_lower_tier(
        shape in shape(),
        stays in history(),
        extra in prop::collection::vec(0..10u32, 10),
    ) {
        // A deduction at a level from the lifetime nights a floor reads
        // can leave a member who reached that level with fewer: more
        // activity can then give less, as the program says. Not here.
        let shape = Shape {
            downgrade: if shape.downgrade.contains("deduct") { "" } else { shape.downgrade },
            ..shape
        };
        let p = Program::compile(&shape.source()).unwrap();
        let more: Vec<(u32, u32)> = stays
            .iter()
            .zip(&extra)
            .map(|((d, n), e)| (*d, n + e))
            .collect();
        let m = member();
        for cut in checkpoints(&stays) {
            let before = |s: &[(u32, u32)]| s.iter().copied().filter(|(d, _)| *d <= cut).collect::<Vec<_>>();
            let less_state = replay(&p, &before(&stays));
            let more_state = replay(&p, &before(&more));
            let less = p.tier_status(&m, &less_state, day(cut)).unwrap();
            let more = p.tier_status(&m, &more_state, day(cut)).unwrap();
            prop_assert!(
                level(&more.tier.tier) >= level(&less.tier.tier),
                "on {}: {} with more nights, {} with fewer\n{}\n{}",
                day(cut), more.tier.tier, less.tier.tier, more.explain(), less.explain()
            );
        }
    }

    /// A stay returned whole right away changes no tier: from its day on,
    /// the level held is that of the history without it.
    #[test]
    fn a_stay_returned_whole_changes_no_tier(
        shape in shape(),
        stays in history(),
        at in 0..10usize,
        nights in 1..30u32,
    ) {
        let p = Program::compile(&format!("{}returns {{ within 30 days }}\n", shape.source())).unwrap();
        let m = member();
        let offset = stays.get(at).map_or(0, |s| s.0);
        let extra = stays.len();
        let back = Event::from_json(&format!(
            r#"{{"kind": "return", "id": "back", "timestamp": "{}T12:00:00+09:00", "purchase": "s{extra}",
                "lines": [{{"line": 0, "quantity": {nights}}}]}}"#,
            day(offset)
        ))
        .unwrap();
        // Each stay's day, and the months after, when statuses end.
        let mut cuts = checkpoints(&stays);
        cuts.extend(stays.iter().flat_map(|s| [s.0 + 31, s.0 + 62, s.0 + 93, s.0 + 124]));
        cuts.sort_unstable();
        cuts.dedup();
        for cut in cuts.into_iter().filter(|c| *c >= offset) {
            let mut plain = p.new_state(&m);
            let mut returned = p.new_state(&m);
            for (i, (d, n)) in stays.iter().enumerate().filter(|(_, s)| s.0 <= cut) {
                if i == at {
                    for e in [stay(extra, offset, nights), back.clone()] {
                        let o = p.evaluate_with(&m, &returned, &e).unwrap();
                        returned.apply(&o).unwrap();
                    }
                }
                for s in [&mut plain, &mut returned] {
                    let o = p.evaluate_with(&m, s, &stay(i, *d, *n)).unwrap();
                    s.apply(&o).unwrap();
                }
            }
            let a = p.tier_status(&m, &plain, day(cut)).unwrap();
            let b = p.tier_status(&m, &returned, day(cut)).unwrap();
            // The level; when it ends is seen on the later days (a status
            // is renewed when it would end, so `until` on a day between
            // may be earlier than the day it will end).
            prop_assert_eq!(
                &a.tier.tier,
                &b.tier.tier,
                "on {}:\n{}\n{}", day(cut), a.explain(), b.explain()
            );
        }
    }

    /// A stay returned some days later, other stays between, changes no
    /// tier: from the return's day on, the level held is that of the
    /// history without the stay and its return, or, returned in part,
    /// with a stay of the nights kept instead.
    #[test]
    fn a_stay_returned_later_changes_no_tier(
        shape in shape(),
        stays in history(),
        at in 0..10usize,
        nights in 1..30u32,
        gap in 1..30u32,
        kept in prop_oneof![Just(0u32), 1..30u32],
    ) {
        let kept = kept.min(nights - 1);
        let p = Program::compile(&format!("{}returns {{ within 30 days }}\n", shape.source())).unwrap();
        let m = member();
        let offset = stays.get(at).map_or(0, |s| s.0);
        let extra = stays.len();
        let back_day = offset + gap;
        let back = Event::from_json(&format!(
            r#"{{"kind": "return", "id": "back", "timestamp": "{}T12:00:00+09:00", "purchase": "s{extra}",
                "lines": [{{"line": 0, "quantity": {}}}]}}"#,
            day(back_day),
            nights - kept
        ))
        .unwrap();
        let mut cuts = checkpoints(&stays);
        cuts.push(back_day);
        cuts.extend(stays.iter().flat_map(|s| [s.0 + 31, s.0 + 62, s.0 + 93, s.0 + 124]));
        cuts.extend([back_day + 31, back_day + 62, back_day + 93, back_day + 124, back_day + 400]);
        cuts.sort_unstable();
        cuts.dedup();
        for cut in cuts.into_iter().filter(|c| *c >= back_day) {
            let mut plain = p.new_state(&m);
            let mut returned = p.new_state(&m);
            // (day, order within the day, event) for the returned history.
            let mut events: Vec<(u32, u32, Event)> = vec![(offset, 0, stay(extra, offset, nights))];
            if back_day <= cut {
                events.push((back_day, 2, back.clone()));
            }
            let mut without = Vec::new();
            if kept > 0 {
                without.push((offset, 0, stay(extra, offset, kept)));
            }
            for (i, (d, n)) in stays.iter().enumerate().filter(|(_, s)| s.0 <= cut) {
                events.push((*d, 1, stay(i, *d, *n)));
                without.push((*d, 1, stay(i, *d, *n)));
            }
            without.sort_by_key(|e| (e.0, e.1));
            for (_, _, e) in &without {
                let o = p.evaluate_with(&m, &plain, e).unwrap();
                plain.apply(&o).unwrap();
            }
            events.sort_by_key(|e| (e.0, e.1));
            for (_, _, e) in &events {
                let o = p.evaluate_with(&m, &returned, e).unwrap();
                returned.apply(&o).unwrap();
            }
            let a = p.tier_status(&m, &plain, day(cut)).unwrap();
            let b = p.tier_status(&m, &returned, day(cut)).unwrap();
            prop_assert_eq!(
                &a.tier.tier,
                &b.tier.tier,
                "on {} ({}):\n{}\n{}", day(cut), shape.source(), a.explain(), b.explain()
            );
            // And the nights, with what reviews deducted up to that day.
            let nights = |s: &MemberState| {
                let tick = Event::from_json(&format!(
                    r#"{{"kind": "time", "id": "t", "timestamp": "{}T12:00:00+09:00"}}"#,
                    day(cut)
                ))
                .unwrap();
                let mut s = s.clone();
                let o = p.evaluate_with(&m, &s, &tick).unwrap();
                s.apply(&o).unwrap();
                s.counter("nights").map(|c| c.total)
            };
            prop_assert_eq!(nights(&plain), nights(&returned), "on {} ({})", day(cut), shape.source());
        }
    }

    #[test]
    fn downgrades_keep_to_the_policy_and_time_passing_is_the_same_either_way(
        shape in shape(),
        stays in history(),
        later in 1..1500u32,
    ) {
        let p = Program::compile(&shape.source()).unwrap();
        let m = member();
        let state = replay(&p, &stays);
        let last = stays.last().map_or(0, |s| s.0);
        let as_of = day(last + later);
        // Asking twice gives the same status; the state asked is unchanged.
        let status = p.tier_status(&m, &state, as_of).unwrap();
        prop_assert_eq!(&p.tier_status(&m, &state, as_of).unwrap(), &status);
        for mv in &status.moves {
            let (from, to) = (level(&mv.from), level(&mv.to));
            if to < from {
                match shape.downgrade {
                    "  downgrade one level\n" => prop_assert!(from - to <= 1, "{mv}"),
                    "  downgrade to silver\n" if from > 1 => prop_assert!(to >= 1, "{mv}"),
                    _ => {}
                }
            }
        }
        // A `time` event on that day leaves the state with the same tier.
        let tick = Event::from_json(&format!(
            r#"{{"kind": "time", "id": "t", "timestamp": "{as_of}T00:00:00+09:00"}}"#
        ))
        .unwrap();
        let mut after = state.clone();
        let o = p.evaluate_with(&m, &after, &tick).unwrap();
        prop_assert_eq!(&o.tier_moves, &status.moves);
        after.apply(&o).unwrap();
        let t = after.tier.as_ref().unwrap();
        prop_assert_eq!(&t.level, &status.earned);
        // The state keeps the day the status is next reviewed; the status
        // says how long it holds on the counts so far: as long, or longer
        // (a rolling window's day qualified since its last renewal).
        prop_assert!(t.until <= status.until, "{:?} / {:?}", t.until, status.until);
        // And the status of the advanced state on that day is the same.
        let again = p.tier_status(&m, &after, as_of).unwrap();
        prop_assert_eq!(again.tier, status.tier);
        prop_assert!(again.moves.is_empty());
    }
}

/// Returns made after a membership year ended between the purchase and
/// the return (found by trying returns up to 24 days after their purchase):
/// the tier after the return is what it would have been without the
/// purchase. Platinum ended on 28 February; a purchase on 19 February
/// that made the member qualify for gold (or platinum again) and its
/// return on 29 February left gold (or a platinum that never ended); the
/// status before the purchase is now reviewed again without it.
#[test]
fn a_return_after_a_year_end_between_it_and_its_purchase() {
    let shape = Shape {
        thresholds: [1, 2, 3],
        qualify: "  qualify membership year\n",
        keep: "",
        downgrade: "",
        grace: 0,
        upgrade: "",
        floor: None,
        stays: None,
    };
    let p = Program::compile(&format!("{}returns {{ within 30 days }}\n", shape.source())).unwrap();
    let m = member();
    let stays = [(0, 1), (0, 1), (0, 1), (0, 1), (729, 6), (1450, 1)];
    let plain = replay(&p, &stays);
    assert_eq!(
        p.tier_status(&m, &plain, day(1460)).unwrap().tier.tier,
        "silver"
    );
    for nights in [2, 5] {
        let mut s = replay(&p, &stays[..5]);
        for e in [stay(6, 1450, nights), stay(5, 1450, 1)] {
            let o = p.evaluate_with(&m, &s, &e).unwrap();
            s.apply(&o).unwrap();
        }
        let back = Event::from_json(&format!(
            r#"{{"kind": "return", "id": "back", "timestamp": "{}T12:00:00+09:00", "purchase": "s6",
                "lines": [{{"line": 0, "quantity": {nights}}}]}}"#,
            day(1460)
        ))
        .unwrap();
        let o = p.evaluate_with(&m, &s, &back).unwrap();
        s.apply(&o).unwrap();
        for at in [1460, 1481, 1900] {
            let st = p.tier_status(&m, &s, day(at)).unwrap();
            let want = p.tier_status(&m, &plain, day(at)).unwrap();
            assert_eq!(
                st.tier.tier,
                want.tier.tier,
                "{nights} nights, {}\n{}",
                day(at),
                st.explain()
            );
        }
    }
}
