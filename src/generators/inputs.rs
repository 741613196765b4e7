//! Inputs that fit a vocabulary: members, purchases and other events.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::{pick, Vocabulary};
use crate::input::{
    Activity, CustomEvent, Event, Line, Member, Redemption, Referral, Tenders, Transaction,
};

/// A member with one of the vocabulary's tiers (or none), a birthday, a
/// purchase count (zero: a first purchase), maybe a segment, and each flag
/// attribute set, unset or missing.
pub fn member(v: &Vocabulary) -> impl Strategy<Value = Member> {
    let tiers = if v.member_tier {
        v.tiers.clone()
    } else {
        Vec::new()
    };
    let segments = if v.member_segment {
        v.segments.clone()
    } else {
        Vec::new()
    };
    let flags = v.member_flags.clone();
    (
        prop::option::of(pick(&tiers)),
        (1..=12u32, 1..=28u32),
        0..5u64,
        prop::option::of(pick(&segments)),
        prop::collection::vec(prop::option::of(any::<bool>()), flags.len()),
    )
        .prop_map(move |(tier, (month, day), count, segment, set)| {
            let mut m = Member::new("member-1");
            m.tier = tier.filter(|t| !t.is_empty());
            m.birthday = NaiveDate::from_ymd_opt(1990, month, day);
            m.purchase_count = count;
            m.segment = segment.filter(|s| !s.is_empty());
            for (flag, value) in flags.iter().zip(set) {
                if let Some(value) = value {
                    m.attributes.insert(flag.clone(), value.into());
                }
            }
            m
        })
}

/// Event attributes: each of the vocabulary's numbers, present or missing.
pub(super) fn event_attributes(v: &Vocabulary) -> impl Strategy<Value = crate::input::Attributes> {
    let names = v.event_numbers.clone();
    prop::collection::vec(prop::option::of(0..6i64), names.len()).prop_map(move |values| {
        names
            .iter()
            .zip(values)
            .filter_map(|(n, v)| v.map(|v| (n.clone(), v.into())))
            .collect()
    })
}

pub(super) fn timestamp() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (0..365i64, 0..86_400i64).prop_map(|(day, secs)| {
        let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00+00:00").unwrap_or_default();
        start + Duration::days(day) + Duration::seconds(secs)
    })
}

pub(super) fn line(v: &Vocabulary) -> impl Strategy<Value = Line> {
    let numbers = v.line_numbers.clone();
    (
        pick(&v.skus),
        pick(&v.categories),
        1..4i64,
        1..50_000i64,
        0..40i64,
        any::<bool>(),
        prop::collection::vec(prop::option::of(0..5_000i64), numbers.len()),
    )
        .prop_map(
            move |(sku, category, quantity, cents, discount_pct, organic, own)| {
                let mut l = Line::new(&sku)
                    .with_category(&category)
                    .with_quantity(Decimal::from(quantity))
                    .with_unit_price(Decimal::new(cents, 2));
                l.discount =
                    (l.unit_price * l.quantity * Decimal::new(discount_pct, 2)).round_dp(2);
                if organic {
                    l.tags.push("organic".into());
                }
                // Each of the line's own numbers, present or missing.
                for (name, value) in numbers.iter().zip(own) {
                    if let Some(value) = value {
                        l.attributes.insert(name.clone(), value.into());
                    }
                }
                l
            },
        )
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
        event_attributes(v),
    )
        .prop_map(
            move |(lines, channel, timestamp, (tax, shipping, points_paid), attributes)| {
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
                    attributes,
                })
            },
        )
}

/// A redemption of one of the vocabulary's spends (a reward, or a burn
/// rule with points it accepts and an order of up to 500.00 to take them
/// from), or `None` when it has none.
pub fn redemption(v: &Vocabulary) -> BoxedStrategy<Option<Event>> {
    if v.spends.is_empty() {
        return Just(None).boxed();
    }
    (
        proptest::sample::select(v.spends.clone()),
        any::<proptest::sample::Index>(),
        timestamp(),
        1..50_000i64,
        event_attributes(v),
    )
        .prop_map(|(spend, at, timestamp, order, attributes)| {
            let points = (!spend.points.is_empty())
                .then(|| spend.points.get(at.index(spend.points.len())).copied())
                .flatten();
            Some(Event::Redemption(Redemption {
                id: "E-1".into(),
                timestamp,
                burn: (!spend.reward).then(|| spend.name.clone()),
                reward: spend.reward.then(|| spend.name.clone()),
                points: if spend.reward { None } else { points },
                lines: Vec::new(),
                order: (!spend.reward).then(|| Decimal::new(order, 2)),
                attributes,
            }))
        })
        .boxed()
}

/// A purchase (most often), or a review, sign-up, check-in or share, a
/// referral (the member on one side or both), or a custom event, with the
/// vocabulary's event attributes present or missing; a redemption or time
/// passing when the vocabulary has them.
pub fn event(v: &Vocabulary) -> impl Strategy<Value = Event> {
    let activity =
        (0..4u8, timestamp(), event_attributes(v)).prop_map(|(kind, timestamp, attributes)| {
            let a = Activity {
                id: "E-1".into(),
                timestamp,
                attributes,
            };
            match kind {
                0 => Event::Review(a),
                1 => Event::SignUp(a),
                2 => Event::CheckIn(a),
                _ => Event::Share(a),
            }
        });
    let referral = (timestamp(), 0..3usize, 0..3usize, event_attributes(v)).prop_map(
        |(timestamp, a, b, attributes)| {
            let ids = ["member-1", "friend-1", "friend-2"];
            Event::Referral(Referral {
                id: "E-1".into(),
                timestamp,
                referrer: ids.get(a).copied().unwrap_or_default().into(),
                referred: ids.get(b).copied().unwrap_or_default().into(),
                attributes,
            })
        },
    );
    let mut kinds = vec![
        (6, purchase(v).boxed()),
        (2, activity.boxed()),
        (1, referral.boxed()),
    ];
    if !v.custom_events.is_empty() {
        let custom = (pick(&v.custom_events), timestamp(), event_attributes(v)).prop_map(
            |(name, timestamp, attributes)| {
                Event::Custom(CustomEvent {
                    id: "E-1".into(),
                    name,
                    timestamp,
                    attributes,
                })
            },
        );
        kinds.push((1, custom.boxed()));
    }
    if !v.spends.is_empty() {
        let spend = redemption(v).prop_filter_map("a redemption", |e| e);
        kinds.push((2, spend.boxed()));
    }
    if v.time_events {
        let time = timestamp().prop_map(|timestamp| {
            Event::Time(Activity {
                id: "E-1".into(),
                timestamp,
                attributes: crate::input::Attributes::default(),
            })
        });
        kinds.push((1, time.boxed()));
    }
    proptest::strategy::Union::new_weighted(kinds)
}
