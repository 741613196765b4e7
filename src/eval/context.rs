//! Everything about one event that rules read, computed once: validated
//! amounts, the local date and time in the program's time zone, the member's
//! tier, and the declared attributes.

use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;

use super::scratch::{Amounts, LineAmounts, Who};
use super::validate;
use super::value::{sort_lines, Value};
use crate::error::EvalError;
use crate::exact::{Exact, Fixed};
use crate::input::{self, Event, Line, Member, Transaction};
use crate::name::Name;
use crate::plan::{AttrOwner, Plan, Recipient};
use crate::state::MemberState;
use crate::types::Type;

pub(crate) struct Ctx<'a> {
    pub plan: &'a Plan,
    pub member: &'a Member,
    pub event: &'a Event,
    pub tx: Option<&'a Transaction>,
    pub sums: &'a Sums,
    /// Each line's price and amount, in line order.
    pub amounts: &'a [LineAmounts],
    /// Line positions in category and SKU order (empty unless the program
    /// reads `tx.categories` or `tx.skus`).
    pub by_category: &'a [u32],
    pub by_sku: &'a [u32],
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub tier: Option<u16>,
    pub attrs: Vec<Value<'a>>,
    /// The member's state before this event, when the host keeps one.
    pub state: Option<&'a MemberState>,
    /// This event's count for each counter (set once counted).
    pub counts: &'a [Exact],
    /// `member.segment`: the host's, or the program's segments' (set once
    /// counted).
    pub segment: Option<&'a str>,
    /// Each `sum(...)` computed for this event, at its number in the
    /// program: the same for every line of a rule `for each line`, so
    /// summed once (the cost stays linear in the lines).
    pub line_sums: std::cell::RefCell<Vec<Option<Exact>>>,
    /// Lines of `for each line` awards explained so far, with their steps
    /// (bounded by `Limits::max_explained_lines`).
    pub explained_lines: std::cell::Cell<usize>,
    /// Lines checked against `for each line` rules so far (bounded by
    /// `Limits::max_line_checks`).
    pub line_checks: std::cell::Cell<usize>,
}

/// Transaction-level amounts, exact (converted to `Decimal` when read as
/// values).
#[derive(Debug)]
pub(crate) struct Sums {
    pub gross: Fixed,
    pub discount: Fixed,
    pub amount: Fixed,
    pub total: Fixed,
    pub items: Fixed,
}

impl Default for Sums {
    fn default() -> Self {
        Sums {
            gross: Fixed::ZERO,
            discount: Fixed::ZERO,
            amount: Fixed::ZERO,
            total: Fixed::ZERO,
            items: Fixed::ZERO,
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) struct LineCtx<'a> {
    pub index: usize,
    pub line: &'a Line,
    pub gross: Fixed,
    pub amount: Fixed,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        plan: &'a Plan,
        member: &'a Member,
        state: Option<&'a MemberState>,
        event: &'a Event,
        amounts: &'a mut Amounts,
        sorted: (&'a mut Vec<u32>, &'a mut Vec<u32>),
    ) -> Result<Self, EvalError> {
        let tx = match event {
            Event::Purchase(t) => Some(t),
            _ => None,
        };
        validate::within_limits(plan, member, event)?;
        let local = plan.local(event.timestamp());
        let Amounts { lines, sums } = amounts;
        *sums = match tx {
            Some(t) => match validate::validate_fixed(plan, t, lines) {
                Some(sums) => sums,
                None => validate::validate(plan, t, lines)?,
            },
            None => Sums::default(),
        };
        let (amounts, sums): (&[LineAmounts], &Sums) = (lines, sums);
        let (by_category, by_sku) = sorted;
        // Searching sorted lines pays only for larger baskets; smaller ones
        // are scanned (`search` scans when the index is empty).
        const SORT_FROM: usize = 16;
        if let (Some(t), true) = (tx, plan.reads_tx_lists) {
            if t.lines.len() < SORT_FROM {
                by_category.clear();
                by_sku.clear();
            } else {
                sort_lines(by_category, &t.lines, |l| &l.category);
                sort_lines(by_sku, &t.lines, |l| &l.sku);
            }
        }
        let tier = match &member.tier {
            None => None,
            Some(t) => match plan.tiers.iter().position(|x| x == t) {
                Some(i) => u16::try_from(i).ok(),
                None if plan.tiers.is_empty() => None,
                None => {
                    return Err(crate::error::unknown_tier(
                        &member.id,
                        t,
                        plan.tiers.iter().map(|t| &**t),
                    ))
                }
            },
        };
        if let (false, Some(given)) = (plan.segments.is_empty(), &member.segment) {
            return Err(EvalError::SegmentGiven {
                member: member.id.clone(),
                segment: given.clone(),
            });
        }
        let mut attrs = Vec::with_capacity(plan.attributes.len());
        for def in &plan.attributes {
            let source = match def.owner {
                AttrOwner::Member => Some(&member.attributes),
                AttrOwner::Tx => tx.map(|t| &t.attributes),
                AttrOwner::Event => Some(event.attributes()),
                // Read from each line where a rule reads it; checked here.
                AttrOwner::Line => {
                    for (i, line) in tx.iter().flat_map(|t| t.lines.iter().enumerate()) {
                        line_attribute(plan, def, line, i, event)?;
                    }
                    attrs.push(Value::Absent);
                    continue;
                }
            };
            let given = source.and_then(|m| m.get(&def.key));
            // A list the input gives is searched text by text: bounded (a
            // default is the program's text, bounded by its size).
            if let Some(input::Value::List(list)) = given {
                let (n, max) = (list.len(), plan.limits.max_attribute_items);
                if n > max {
                    let whose = match def.owner {
                        AttrOwner::Member => format!("member {}", member.id),
                        _ => format!("event {}", event.id()),
                    };
                    return Err(EvalError::Limit {
                        limit: crate::limits::Limit::AttributeItems,
                        what: format!("{whose} has {n} texts in {}", def.path),
                        found: n,
                        max,
                    });
                }
            }
            // Left out, the declared default.
            let raw = given.or(def.default.as_ref());
            attrs.push(match raw {
                None => Value::Absent,
                Some(v) => coerce(v, def.ty).ok_or_else(|| EvalError::AttributeType {
                    attribute: def.path.clone(),
                    expected: def.ty.to_string(),
                    found: v.to_string(),
                })?,
            });
        }
        Ok(Ctx {
            plan,
            member,
            event,
            tx,
            sums,
            amounts,
            by_category,
            by_sku,
            date: local.date(),
            time: local.time(),
            tier,
            attrs,
            state,
            counts: &[],
            segment: member.segment.as_deref(),
            line_sums: std::cell::RefCell::new(Vec::new()),
            explained_lines: std::cell::Cell::new(0),
            line_checks: std::cell::Cell::new(0),
        })
    }

    /// Counts the lines a `for each line` rule is about to check, once and
    /// once more for each multiplier it may apply to each, against
    /// `Limits::max_line_checks`.
    pub(crate) fn check_lines(&self, rule: &crate::plan::RulePlan) -> Result<(), EvalError> {
        let n = self.tx.map_or(0, |t| t.lines.len());
        let per_line = rule
            .campaign_multipliers
            .len()
            .saturating_add(rule.tier_multipliers.len())
            .saturating_add(1);
        let max = self.plan.limits.max_line_checks;
        spend(
            &self.line_checks,
            n.saturating_mul(per_line),
            max,
            |found| EvalError::Limit {
                limit: crate::limits::Limit::LineChecks,
                what: format!(
                    "the `for each line` rules check the {n} lines of event {} and their \
                     multipliers {found} times by rule \"{}\"",
                    self.event.id(),
                    rule.name
                ),
                found,
                max,
            },
        )
    }

    /// Counts `n` more lines of `for each line` awards explained, with
    /// their steps, against `Limits::max_explained_lines`.
    pub(crate) fn explain_lines(&self, n: usize) -> Result<(), EvalError> {
        let max = self.plan.limits.max_explained_lines;
        spend(&self.explained_lines, n, max, |found| EvalError::Limit {
            limit: crate::limits::Limit::ExplainedLines,
            what: format!(
                "the explanation of event {} holds {found} lines of `for each line` awards \
                 and their steps (its totals alone, `Program::points`, are not limited)",
                self.event.id()
            ),
            found,
            max,
        })
    }

    /// The first of the program's segments whose condition holds.
    pub(crate) fn segment_of(&self) -> Result<Option<&'a str>, EvalError> {
        for s in &self.plan.segments {
            if self.holds(&s.condition, None, &s.name)? {
                return Ok(Some(s.name.as_str()));
            }
        }
        Ok(None)
    }
}

/// Line `i`'s value of the line attribute `def` (its default when the line
/// leaves it out), or the error of a value of another type or a list
/// longer than the limits allow.
pub(crate) fn line_attribute<'l>(
    plan: &Plan,
    def: &'l crate::plan::AttrDef,
    line: &'l Line,
    i: usize,
    event: &Event,
) -> Result<Value<'l>, EvalError> {
    let given = line.attributes.get(&def.key);
    if let Some(input::Value::List(list)) = given {
        let (n, max) = (list.len(), plan.limits.max_attribute_items);
        if n > max {
            return Err(EvalError::Limit {
                limit: crate::limits::Limit::AttributeItems,
                what: format!(
                    "event {} has {n} texts in {} of line {}",
                    event.id(),
                    def.path,
                    i.saturating_add(1)
                ),
                found: n,
                max,
            });
        }
    }
    match given {
        Some(v) => coerce(v, def.ty).ok_or_else(|| EvalError::AttributeType {
            attribute: format!("{} of line {}", def.path, i.saturating_add(1)),
            expected: def.ty.to_string(),
            found: v.to_string(),
        }),
        None => Ok(def
            .default
            .as_ref()
            .and_then(|d| coerce(d, def.ty))
            .unwrap_or(Value::Absent)),
    }
}

fn coerce(v: &input::Value, ty: Type) -> Option<Value<'_>> {
    use input::Value as In;
    Some(match (ty, v) {
        (Type::Bool, In::Bool(b)) => Value::Bool(*b),
        (Type::Number | Type::Money, In::Number(n)) => Value::Num((*n).into()),
        (Type::Number | Type::Money, In::Text(s)) => {
            Value::Num(Decimal::from_str_exact(s.trim()).ok()?.into())
        }
        (Type::Text, In::Text(s)) => Value::Text(s),
        (Type::Date, In::Text(s)) => Value::Date(NaiveDate::from_str(s.trim()).ok()?),
        (Type::TextList, In::List(l)) => Value::Texts(super::value::Texts::Slice(l)),
        _ => return None,
    })
}

impl<'a> Ctx<'a> {
    /// The transaction's lines with their amounts, in order.
    pub(crate) fn lines(&self) -> impl Iterator<Item = LineCtx<'a>> + 'a {
        let lines = self.tx.map_or(&[][..], |t| t.lines.as_slice());
        lines
            .iter()
            .zip(self.amounts)
            .enumerate()
            .map(|(i, (line, a))| LineCtx {
                index: i + 1,
                line,
                gross: a.gross,
                amount: a.amount,
            })
    }

    /// The line at `position` (from 0), with its amounts.
    pub(crate) fn line(&self, position: u32) -> Option<LineCtx<'a>> {
        let i = position as usize;
        let line = self.tx?.lines.get(i)?;
        let a = self.amounts.get(i)?;
        Some(LineCtx {
            index: i + 1,
            line,
            gross: a.gross,
            amount: a.amount,
        })
    }

    /// The canonical recipient for an award's recipient.
    pub(crate) fn who(&self, r: Recipient) -> Who {
        // Only a referral names other members; the others credit the member.
        match (r, self.event) {
            (Recipient::Referrer, Event::Referral(_)) => {
                canonical(Who::Referrer, self.member, self.event)
            }
            (Recipient::Referred, Event::Referral(_)) => {
                canonical(Who::Referred, self.member, self.event)
            }
            _ => Who::Member,
        }
    }
}

/// The member id a recipient stands for.
pub(crate) fn id_of<'a>(who: Who, member: &'a Member, event: &'a Event) -> &'a str {
    match (who, event) {
        (Who::Referrer, Event::Referral(r)) => &r.referrer,
        (Who::Referred, Event::Referral(r)) => &r.referred,
        _ => &member.id,
    }
}

/// The recipients' ids as outcome names, by `Who`: one name shared by
/// every recipient that is the member.
pub(crate) fn recipient_names(
    member: &Member,
    event: &Event,
    names: &mut crate::name::NameCache,
) -> [Name; 3] {
    let own = names.name(&member.id);
    let mut other = |id: &str| {
        if id == member.id {
            own.clone()
        } else {
            names.name(id)
        }
    };
    match event {
        Event::Referral(r) => [own.clone(), other(&r.referrer), other(&r.referred)],
        _ => [own.clone(), own.clone(), own],
    }
}

/// A recipient's id as an outcome name: the one made for the evaluation,
/// else made here.
pub(crate) fn name_of(ids: &[Name], who: Who, member: &Member, event: &Event) -> Name {
    ids.get(who as usize)
        .cloned()
        .unwrap_or_else(|| Name::from(id_of(who, member, event)))
}

/// The first recipient with the same id, so that one member is one `Who`.
fn canonical(who: Who, member: &Member, event: &Event) -> Who {
    let id = id_of(who, member, event);
    [Who::Member, Who::Referrer, Who::Referred]
        .into_iter()
        .find(|w| id_of(*w, member, event) == id)
        .unwrap_or(who)
}

/// Adds `n` to what an evaluation has used of a limit: the error `over`
/// makes of the new count once it passes `max`.
fn spend(
    used: &std::cell::Cell<usize>,
    n: usize,
    max: usize,
    over: impl FnOnce(usize) -> EvalError,
) -> Result<(), EvalError> {
    let found = used.get().saturating_add(n);
    used.set(found);
    if found > max {
        return Err(over(found));
    }
    Ok(())
}
