//! Inputs that fit a vocabulary: members, purchases, other events, and
//! members' histories in time order.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use proptest::sample::Index;

use super::{pick, ReturnForm, Vocabulary};
use crate::input::{
    Activity, CustomEvent, Event, Line, Member, Redemption, Referral, Return, Tenders, Transaction,
};
use crate::returns::ReturnLine;

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
    (
        pick(&v.skus),
        pick(&v.categories),
        1..4i64,
        1..50_000i64,
        0..40i64,
        any::<bool>(),
    )
        .prop_map(|(sku, category, quantity, cents, discount_pct, organic)| {
            let mut l = Line::new(&sku)
                .with_category(&category)
                .with_quantity(Decimal::from(quantity))
                .with_unit_price(Decimal::new(cents, 2));
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

/// What a generated return takes back, before the history is known: which
/// purchase, which line, how many days later, how many, or what amount;
/// and whether a redemption of the history is moved to just after the
/// purchase, so that the return takes back points already spent.
type ReturnDraw = (Index, Index, i64, i64, i64, Option<Index>);

/// A member's history: up to `max` events with distinct ids (`E-1`,
/// `E-2`, ...) in time order; for a vocabulary with returns, up to three
/// returns (`R-1`, ...) of the history's own purchases: nine in ten within
/// the return window, the others in the half window after it (refused, as
/// real ones are); part of a line only when its discount splits exactly;
/// one in three after a redemption made just after the purchase (its
/// points spent before they are taken back).
pub fn events(v: &Vocabulary, max: usize) -> impl Strategy<Value = Vec<Event>> {
    let form = v.returns;
    let window = i64::from(v.return_days);
    let days = prop_oneof![
        9 => 0..=window,
        1 => window.saturating_add(1)..=window.saturating_add(window / 2).saturating_add(1),
    ];
    let spend_first = prop_oneof![2 => Just(None), 1 => any::<Index>().prop_map(Some)];
    let draws = prop::collection::vec(
        (
            any::<Index>(),
            any::<Index>(),
            days,
            1..4i64,
            1..20_000i64,
            spend_first,
        ),
        0..=if form.is_some() { 3 } else { 0 },
    );
    (prop::collection::vec(event(v), 0..=max), draws).prop_map(move |(mut events, draws)| {
        events.sort_by_key(Event::timestamp);
        for draw in &draws {
            spend_after(&mut events, draw);
        }
        // Stable: a redemption moved to its purchase's instant stays after it.
        events.sort_by_key(Event::timestamp);
        for (i, e) in events.iter_mut().enumerate() {
            let id = format!("E-{}", i + 1);
            match e {
                Event::Purchase(t) => t.id = id,
                Event::SignUp(a)
                | Event::Review(a)
                | Event::CheckIn(a)
                | Event::Share(a)
                | Event::Time(a) => a.id = id,
                Event::Referral(r) => r.id = id,
                Event::Redemption(r) => r.id = id,
                Event::Return(r) => r.id = id,
                Event::Custom(c) => c.id = id,
            }
        }
        if let Some(form) = form {
            let mut given = BTreeMap::new();
            let returns: Vec<Event> = draws
                .into_iter()
                .enumerate()
                .filter_map(|(k, draw)| give_back(&events, form, k, draw, &mut given))
                .collect();
            events.extend(returns);
            // Stable: a return at its purchase's instant stays after it.
            events.sort_by_key(Event::timestamp);
        }
        events
    })
}

/// The purchases of a history that can be returned, in time order.
fn returnable(events: &[Event]) -> Vec<&Transaction> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Purchase(t) if !t.lines.is_empty() => Some(t),
            _ => None,
        })
        .collect()
}

/// The purchase a return gives back: the one drawn, or the history's
/// first when the return follows spending (the balance is then mostly the
/// purchase's own points, so the return takes back some already spent).
fn returned<'e>(purchases: &[&'e Transaction], draw: &ReturnDraw) -> Option<&'e Transaction> {
    let (which, .., spend) = draw;
    let at = match spend {
        Some(_) => 0,
        None => which.index(purchases.len().max(1)),
    };
    purchases.get(at).copied()
}

/// A return drawn to follow spending: one of the history's redemptions
/// moves to a minute after the purchase the return gives back.
fn spend_after(events: &mut [Event], draw: &ReturnDraw) {
    let (.., Some(spend)) = draw else {
        return;
    };
    let purchases = returnable(events);
    let Some(at) = returned(&purchases, draw)
        .and_then(|t| t.timestamp.checked_add_signed(Duration::minutes(1)))
    else {
        return;
    };
    let mut redemptions: Vec<&mut Redemption> = events
        .iter_mut()
        .filter_map(|e| match e {
            Event::Redemption(r) => Some(r),
            _ => None,
        })
        .collect();
    let n = redemptions.len().max(1);
    if let Some(r) = redemptions.get_mut(spend.index(n)) {
        r.timestamp = at;
    }
}

/// The `k`-th return of a history: of one of its purchases with lines
/// (two minutes after it at the earliest, after a redemption moved there),
/// of no more than the earlier returns in `given` left of it (by purchase,
/// and line or `usize::MAX` for an amount); none when nothing is left.
fn give_back(
    events: &[Event],
    form: ReturnForm,
    k: usize,
    draw: ReturnDraw,
    given: &mut BTreeMap<(String, usize), Decimal>,
) -> Option<Event> {
    let (_, line, days, quantity, cents, spend) = draw;
    // After spending: all of it, the same day, before later purchases add
    // points; so the lots no longer hold all it earned.
    let (days, whole) = if spend.is_some() {
        (0, true)
    } else {
        (days, false)
    };
    let purchases = returnable(events);
    let t = returned(&purchases, &draw)?;
    let (lines, amount) = match form {
        ReturnForm::ByLine => {
            let drawn = line.index(t.lines.len());
            let mut lines = Vec::new();
            for (at, bought) in t.lines.iter().enumerate() {
                if !whole && at != drawn {
                    continue;
                }
                let gone = given.entry((t.id.clone(), at)).or_default();
                let left = bought.quantity - *gone;
                let mut back = if whole {
                    left
                } else {
                    Decimal::from(quantity).min(left)
                };
                if crate::returns::rest::discount_left(bought, left - back).is_none() {
                    back = left;
                }
                if back > Decimal::ZERO {
                    *gone += back;
                    lines.push(ReturnLine {
                        line: at,
                        quantity: back,
                    });
                }
            }
            if lines.is_empty() {
                return None;
            }
            (lines, None)
        }
        ReturnForm::ProRata => {
            let gone = given.entry((t.id.clone(), usize::MAX)).or_default();
            let left = crate::returns::rest::purchase_amount(t) - *gone;
            let back = if whole {
                left
            } else {
                Decimal::new(cents, 2).min(left)
            };
            if back <= Decimal::ZERO {
                return None;
            }
            *gone += back;
            (Vec::new(), Some(back))
        }
    };
    Some(Event::Return(Return {
        id: format!("R-{}", k + 1),
        timestamp: t
            .timestamp
            .checked_add_signed(Duration::try_days(days)?)?
            .checked_add_signed(Duration::minutes(2))?,
        purchase: t.id.clone(),
        lines,
        amount,
        attributes: crate::input::Attributes::default(),
    }))
}
