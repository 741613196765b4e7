//! What an event must be before any rule reads it: within the program's
//! limits, with only the attributes it declares, and for a purchase,
//! amounts no real purchase would refuse, computed once and exactly.

use rust_decimal::Decimal;

use super::context::Sums;
use super::scratch::LineAmounts;
use crate::error::EvalError;
use crate::exact::Fixed;
use crate::input::{Event, Member, Transaction};
use crate::limits::Limit;
use crate::plan::{AttrOwner, Plan};

fn overflow(what: &str) -> EvalError {
    EvalError::InvalidInput {
        message: format!("{what} is too large to compute exactly"),
    }
}

/// Refuses an event or member larger than the program's limits, before any
/// work that grows with its size.
#[inline]
pub(super) fn within_limits(plan: &Plan, member: &Member, event: &Event) -> Result<(), EvalError> {
    let limits = &plan.limits;
    let check = |limit: Limit, found: usize, max: usize, what: &dyn Fn() -> String| {
        if found > max {
            return Err(EvalError::Limit {
                limit,
                what: what(),
                found,
                max,
            });
        }
        Ok(())
    };
    let id = event.id();
    let mut line_attributes = false;
    if let Event::Purchase(t) = event {
        check(
            Limit::EventLines,
            t.lines.len(),
            limits.max_event_lines,
            &|| format!("event {id} has {} lines", t.lines.len()),
        )?;
        for (i, line) in t.lines.iter().enumerate() {
            let n = line.attributes.len();
            line_attributes |= n > 0;
            check(Limit::Attributes, n, limits.max_attributes, &|| {
                format!("event {id} has {n} attributes in line {}", i + 1)
            })?;
        }
    }
    let n = member.attributes.len();
    check(Limit::Attributes, n, limits.max_attributes, &|| {
        format!("member {} has {n} attributes", member.id)
    })?;
    let n = event.attributes().len();
    check(Limit::Attributes, n, limits.max_attributes, &|| {
        format!("event {id} has {n} attributes")
    })?;
    let none_given = member.attributes.is_empty()
        && n == 0
        && !line_attributes
        && match event {
            Event::Purchase(t) => t.tenders.other.is_empty(),
            _ => true,
        };
    if let (Event::Custom(c), false) = (event, plan.lenient_attributes) {
        if !plan.reads_kind(&c.name) {
            let known = plan.custom_kinds();
            return Err(EvalError::UnknownKind {
                kind: c.name.clone(),
                suggestion: crate::check::did_you_mean(&c.name, known.iter().copied()),
                known: known.into_iter().map(str::to_string).collect(),
            });
        }
    }
    if !plan.lenient_attributes && !none_given {
        if let Some(path) = undeclared(plan, member, event).next() {
            if let Some(kind) = path.strip_prefix("tx.paid.") {
                let tenders = plan.tenders.iter().map(String::as_str);
                return Err(EvalError::UnknownTender {
                    tender: kind.to_string(),
                    suggestion: crate::check::did_you_mean(kind, tenders),
                });
            }
            let owner = path.split('.').next().unwrap_or("");
            let prefix = format!("{owner}.");
            let declared = plan
                .attributes
                .iter()
                .filter(|a| {
                    a.path.starts_with(&prefix) || (owner == "tx" && a.owner == AttrOwner::Event)
                })
                .map(|a| a.path.as_str());
            let suggestion = crate::check::did_you_mean(&path, declared);
            return Err(EvalError::UnknownAttribute {
                attribute: path,
                suggestion,
            });
        }
    }
    Ok(())
}

/// Attributes in the input that the program does not declare, as
/// `member.NAME`, `event.NAME` (a purchase's may be declared `tx.NAME`) or
/// `line.NAME`.
pub(crate) fn undeclared<'a>(
    plan: &'a Plan,
    member: &'a Member,
    event: &'a Event,
) -> impl Iterator<Item = String> + 'a {
    let purchase = matches!(event, Event::Purchase(_));
    let declared = move |owner: AttrOwner, key: &str| {
        plan.attributes.iter().any(|a| {
            a.key == key
                && (a.owner == owner
                    || (purchase && owner == AttrOwner::Event && a.owner == AttrOwner::Tx))
        })
    };
    let members = member
        .attributes
        .keys()
        .filter(move |k| !declared(AttrOwner::Member, k))
        .map(|k| format!("member.{k}"));
    let events = event
        .attributes()
        .keys()
        .filter(move |k| !declared(AttrOwner::Event, k))
        .map(move |k| format!("{}.{k}", if purchase { "tx" } else { "event" }));
    let lines = match event {
        Event::Purchase(t) => t.lines.as_slice(),
        _ => &[],
    };
    // Each key once, however many lines carry it.
    let lines: std::collections::BTreeSet<&String> = lines
        .iter()
        .flat_map(|l| l.attributes.keys())
        .filter(|k| !declared(AttrOwner::Line, k))
        .collect();
    let lines = lines.into_iter().map(|k| format!("line.{k}"));
    let tenders = match event {
        Event::Purchase(t) => Some(t.tenders.other.keys()),
        _ => None,
    };
    let tenders = tenders
        .into_iter()
        .flatten()
        .filter(move |k| !plan.tenders.contains(k))
        .map(|k| format!("tx.paid.{k}"));
    members.chain(events).chain(lines).chain(tenders)
}

fn non_negative(value: Decimal, what: impl FnOnce() -> String) -> Result<(), EvalError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(EvalError::InvalidInput {
            message: format!("{} is negative ({value})", what()),
        });
    }
    Ok(())
}

/// [`validate`] in `Fixed` arithmetic, for the purchase that is valid and
/// whose numbers fit 96 bits at 28 decimals (the usual one): the same sums
/// and amounts, the same to the scale, without `rust_decimal`'s 96-bit
/// arithmetic. `None` for anything else, which `validate` then refuses or
/// computes.
#[inline]
pub(super) fn validate_fixed(
    plan: &Plan,
    t: &Transaction,
    amounts: &mut Vec<LineAmounts>,
) -> Option<Sums> {
    if t.currency != plan.currency {
        return None;
    }
    let negative = |d: Decimal| d.is_sign_negative() && !d.is_zero();
    let (mut gross, mut discount, mut amount, mut items) =
        (Fixed::ZERO, Fixed::ZERO, Fixed::ZERO, Fixed::ZERO);
    amounts.clear();
    for line in &t.lines {
        let quantity = Fixed::of(line.quantity);
        if line.tags.len() > plan.limits.max_line_tags
            || !quantity.is_positive()
            || negative(line.unit_price)
            || negative(line.discount)
        {
            return None;
        }
        let line_discount = Fixed::of(line.discount);
        let line_gross = quantity.mul(Fixed::of(line.unit_price))?;
        if line_discount.cmp(line_gross)?.is_gt() {
            return None;
        }
        let line_amount = line_gross.sub(line_discount)?;
        gross = gross.add(line_gross)?;
        discount = discount.add(line_discount)?;
        amount = amount.add(line_amount)?;
        items = items.add(quantity)?;
        amounts.push(LineAmounts {
            gross: line_gross,
            amount: line_amount,
        });
    }
    let p = &t.tenders;
    if negative(t.tax)
        || negative(t.shipping)
        || negative(p.card)
        || negative(p.cash)
        || negative(p.stored_value)
        || negative(p.gift_card)
        || negative(p.points)
        || p.other.values().any(|d| negative(*d))
    {
        return None;
    }
    let total = amount.add(Fixed::of(t.tax))?.add(Fixed::of(t.shipping))?;
    Some(Sums {
        gross,
        discount,
        amount,
        total,
        items,
    })
}

/// Refuses what no real purchase holds, and computes the amounts once.
pub(super) fn validate(
    plan: &Plan,
    t: &Transaction,
    amounts: &mut Vec<LineAmounts>,
) -> Result<Sums, EvalError> {
    if t.currency != plan.currency {
        return Err(EvalError::CurrencyMismatch {
            transaction: t.id.clone(),
            expected: plan.currency.clone(),
            found: t.currency.clone(),
        });
    }
    // gross, discount, amount, items
    let mut sums = [Decimal::ZERO; 4];
    amounts.clear();
    for (i, line) in t.lines.iter().enumerate() {
        let n = i + 1;
        let tags = line.tags.len();
        if tags > plan.limits.max_line_tags {
            return Err(EvalError::Limit {
                limit: Limit::LineTags,
                what: format!("event {}, line {n} has {tags} tags", t.id),
                found: tags,
                max: plan.limits.max_line_tags,
            });
        }
        if line.quantity.is_sign_negative() || line.quantity.is_zero() {
            return Err(EvalError::InvalidInput {
                message: format!(
                    "transaction {}, line {n}: quantity must be more than zero, not {}",
                    t.id, line.quantity
                ),
            });
        }
        non_negative(line.unit_price, || {
            format!("transaction {}, line {n}: the unit price", t.id)
        })?;
        non_negative(line.discount, || {
            format!("transaction {}, line {n}: the discount", t.id)
        })?;
        // Exact or refused: `Decimal`'s own product rounds what it cannot hold.
        let inexact = |what: String| EvalError::InvalidInput {
            message: format!(
                "transaction {}, line {n}: {what} cannot be held exactly \
                 (a decimal holds 28 significant digits)",
                t.id
            ),
        };
        let gross = crate::exact::mul(line.quantity, line.unit_price).ok_or_else(|| {
            inexact(format!(
                "its price, {} × {},",
                line.quantity, line.unit_price
            ))
        })?;
        if crate::exact::cmp_decimals(line.discount, gross).is_gt() {
            return Err(EvalError::InvalidInput {
                message: format!(
                "transaction {}, line {n}: the discount {} is more than the line's price {gross}",
                t.id, line.discount
            ),
            });
        }
        let amount = crate::exact::add(gross, -line.discount)
            .ok_or_else(|| inexact(format!("its amount, {gross} less {}", line.discount)))?;
        let add = |a: Decimal, b: Decimal| {
            crate::exact::add(a, b).ok_or_else(|| overflow("the transaction's total"))
        };
        let [g, d, a, q] = sums;
        sums = [
            add(g, gross)?,
            add(d, line.discount)?,
            add(a, amount)?,
            add(q, line.quantity)?,
        ];
        amounts.push(LineAmounts {
            gross: Fixed::of(gross),
            amount: Fixed::of(amount),
        });
    }
    non_negative(t.tax, || format!("transaction {}: the tax", t.id))?;
    non_negative(t.shipping, || format!("transaction {}: the shipping", t.id))?;
    let tenders = &t.tenders;
    for (name, v) in [
        ("card", tenders.card),
        ("cash", tenders.cash),
        ("stored_value", tenders.stored_value),
        ("gift_card", tenders.gift_card),
        ("points", tenders.points),
    ] {
        non_negative(v, || format!("transaction {}: the {name} tender", t.id))?;
    }
    for (name, v) in &tenders.other {
        non_negative(*v, || format!("transaction {}: the {name} tender", t.id))?;
    }
    let [gross, discount, amount, items] = sums;
    let total = crate::exact::add(amount, t.tax)
        .and_then(|x| crate::exact::add(x, t.shipping))
        .ok_or_else(|| overflow("the transaction's total"))?;
    Ok(Sums {
        gross: Fixed::of(gross),
        discount: Fixed::of(discount),
        amount: Fixed::of(amount),
        total: Fixed::of(total),
        items: Fixed::of(items),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Line;
    use proptest::prelude::*;

    /// A decimal of any sign, scale and size, zeros of every scale among them.
    fn decimal() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (0i64..100_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
            (0u32..29).prop_map(|s| Decimal::new(0, s)),
            (0u32..29).prop_map(|s| -Decimal::new(0, s)),
            (-1_000i64..0, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s)),
            (any::<i64>(), 0u32..29).prop_map(|(m, s)| Decimal::new(m, s)),
            Just(Decimal::MAX),
        ]
    }

    /// The same number, written the same way.
    fn same(a: Fixed, b: Fixed) -> bool {
        let (a, b) = (a.to_decimal(), b.to_decimal());
        a.mantissa() == b.mantissa()
            && a.scale() == b.scale()
            && a.is_sign_negative() == b.is_sign_negative()
    }

    #[test]
    fn a_usual_purchase_is_validated_in_fixed_arithmetic() {
        let program = crate::Program::compile(
            "program \"P\" { currency USD }\nearn \"E\" on purchase { award 1 point }",
        );
        let Ok(program) = program else { return };
        let mut t = Transaction::new("T-1", chrono::DateTime::UNIX_EPOCH.fixed_offset(), "USD")
            .with_line(
                Line::new("A")
                    .with_quantity(Decimal::new(2, 0))
                    .with_unit_price(Decimal::new(899, 2)),
            )
            .with_line(Line::new("B").with_unit_price(Decimal::new(5, 0)));
        if let Some(line) = t.lines.get_mut(1) {
            line.discount = Decimal::new(0, 2); // 0.00 off 5: the amount is 5.00
        }
        let mut amounts = Vec::new();
        let sums = validate_fixed(program.plan(), &t, &mut amounts);
        assert_eq!(
            sums.map(|s| s.amount.to_decimal().to_string()),
            Some("22.98".to_string())
        );
        assert_eq!(
            amounts.get(1).map(|a| a.amount.to_decimal().to_string()),
            Some("5.00".to_string())
        );
    }

    proptest! {
        /// The fast validation takes only what `validate` takes, and then
        /// computes the same amounts to the scale (explanations show them).
        #[test]
        fn the_fixed_validation_is_validate(
            lines in prop::collection::vec((decimal(), decimal(), decimal()), 0..4),
            tax in decimal(),
            shipping in decimal(),
            card in decimal(),
        ) {
            let plan = crate::Program::compile("program \"P\" { currency USD }\nearn \"E\" on purchase { award 1 point }")
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let plan = plan.plan();
            let mut t = Transaction::new("T-1", chrono::DateTime::UNIX_EPOCH.fixed_offset(), "USD");
            for (quantity, price, discount) in lines {
                let mut line = Line::new("A").with_quantity(quantity).with_unit_price(price);
                line.discount = discount;
                t = t.with_line(line);
            }
            t.tax = tax;
            t.shipping = shipping;
            t.tenders.card = card;
            let (mut fast_amounts, mut amounts) = (Vec::new(), Vec::new());
            let fast = validate_fixed(plan, &t, &mut fast_amounts);
            let slow = validate(plan, &t, &mut amounts);
            if let Some(f) = fast {
                let s = slow.map_err(|e| TestCaseError::fail(format!("fast took what validate refuses: {e}")))?;
                for (x, y) in [(f.gross, s.gross), (f.discount, s.discount), (f.amount, s.amount), (f.total, s.total), (f.items, s.items)] {
                    prop_assert!(same(x, y), "{x:?} / {y:?}");
                }
                prop_assert_eq!(fast_amounts.len(), amounts.len());
                for (x, y) in fast_amounts.iter().zip(&amounts) {
                    prop_assert!(same(x.gross, y.gross) && same(x.amount, y.amount), "{x:?} / {y:?}");
                }
            }
        }
    }
}
