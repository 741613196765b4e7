//! Members' histories in time order: events with distinct ids, returns of
//! their own purchases, cancellations of their own redemptions.

use std::collections::BTreeMap;

use chrono::Duration;
use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;

use super::inputs::event;
use super::{ReturnForm, Vocabulary};
use crate::input::{Cancellation, Event, Redemption, Return, Transaction};
use crate::returns::ReturnLine;

/// What a generated return takes back, before the history is known: which
/// purchase, which line, how many days later, how many, or what amount;
/// and whether a redemption of the history is moved to just after the
/// purchase, so that the return takes back points already spent.
type ReturnDraw = (Index, Index, i64, i64, i64, Option<Index>);

/// Days after an event that something follows it: nine in ten within the
/// return window, the others in the half window after it.
fn later(v: &Vocabulary) -> impl Strategy<Value = i64> {
    let window = i64::from(v.return_days);
    prop_oneof![
        9 => 0..=window,
        1 => window.saturating_add(1)..=window.saturating_add(window / 2).saturating_add(1),
    ]
}

/// A member's history: up to `max` events with distinct ids (`E-1`,
/// `E-2`, ...) in time order; for a vocabulary with returns, up to three
/// returns (`R-1`, ...) of the history's own purchases: nine in ten within
/// the return window, the others in the half window after it (refused, as
/// real ones are); part of a line only when its discount splits exactly;
/// one in three after a redemption made just after the purchase (its
/// points spent before they are taken back). With returns and
/// redemptions, up to one cancellation (`C-1`) of one of its redemptions,
/// as often inside the window.
pub fn events(v: &Vocabulary, max: usize) -> impl Strategy<Value = Vec<Event>> {
    let form = v.returns;
    let spend_first = prop_oneof![2 => Just(None), 1 => any::<Index>().prop_map(Some)];
    let draws = prop::collection::vec(
        (
            any::<Index>(),
            any::<Index>(),
            later(v),
            1..4i64,
            1..20_000i64,
            spend_first,
        ),
        0..=if form.is_some() { 3 } else { 0 },
    );
    let cancels = prop::collection::vec(
        (any::<Index>(), later(v)),
        0..=usize::from(form.is_some() && !v.spends.is_empty()),
    );
    (prop::collection::vec(event(v), 0..=max), draws, cancels).prop_map(
        move |(mut events, draws, cancels)| {
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
                    Event::Cancellation(c) => c.id = id,
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
                let cancellations: Vec<Event> = cancels
                    .into_iter()
                    .enumerate()
                    .filter_map(|(k, (which, days))| cancel(&events, k, which, days))
                    .collect();
                events.extend(cancellations);
                // Stable: a return at its purchase's instant stays after it.
                events.sort_by_key(Event::timestamp);
            }
            events
        },
    )
}

/// The `k`-th cancellation of a history: of one of its redemptions, three
/// minutes after it at the earliest.
fn cancel(events: &[Event], k: usize, which: Index, days: i64) -> Option<Event> {
    let redemptions: Vec<&Redemption> = events
        .iter()
        .filter_map(|e| match e {
            Event::Redemption(r) => Some(r),
            _ => None,
        })
        .collect();
    let r = redemptions.get(which.index(redemptions.len().max(1)))?;
    Some(Event::Cancellation(Cancellation {
        id: format!("C-{}", k + 1),
        timestamp: r
            .timestamp
            .checked_add_signed(Duration::try_days(days)?)?
            .checked_add_signed(Duration::minutes(3))?,
        redemption: r.id.clone(),
        attributes: crate::input::Attributes::default(),
    }))
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
                    // Hosts name a line by its position, by its position
                    // and SKU (a check), or by a SKU the purchase has once.
                    let once = t.lines.iter().filter(|l| l.sku == bought.sku).count() == 1;
                    let (line, sku) = match quantity % 3 {
                        0 => (Some(at), Some(bought.sku.clone())),
                        2 if once => (None, Some(bought.sku.clone())),
                        _ => (Some(at), None),
                    };
                    lines.push(ReturnLine {
                        line,
                        sku,
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
