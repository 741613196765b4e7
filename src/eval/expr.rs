//! Evaluation of compiled expressions.

use std::cmp::Ordering;

use chrono::{Datelike, Timelike};
use rust_decimal::Decimal;

use crate::exact::{Exact, Fixed};

use super::context::{Ctx, LineCtx};
use super::value::{search, Texts, Value};
use crate::error::EvalError;
use crate::input::Event;
use crate::plan::{ArithOp, CmpOp, Const, ConstSet, Expr, Func};
use crate::types::Field;

impl<'a> Ctx<'a> {
    /// Whether a condition holds: only a `true` does. A comparison with a
    /// missing value is unknown (as in SQL), and so is `not` of unknown, so
    /// a condition on a value the input does not have never holds unless it
    /// asks with `exists(...)` or an `or` decides without it.
    pub(crate) fn holds(
        &self,
        e: &Expr,
        line: Option<&LineCtx<'a>>,
        rule: &str,
    ) -> Result<bool, EvalError> {
        Ok(self.truth_of(e, line, rule)? == Some(true))
    }

    /// The truth of a condition (`None` when unknown). `and`, `or` and `not`
    /// are defined here, short-circuiting, in three-valued logic: `false and
    /// unknown` is false, `true or unknown` is true, otherwise an unknown
    /// side makes the result unknown, and `not` of unknown is unknown. A
    /// field compared with a constant, a field in a set and a constant in a
    /// list are tested in place, without building the values in between;
    /// anything else is evaluated (`truth(self.eval(e))`).
    fn truth_of(
        &self,
        e: &Expr,
        line: Option<&LineCtx<'a>>,
        rule: &str,
    ) -> Result<Option<bool>, EvalError> {
        Ok(match e {
            Expr::And(a, b) | Expr::Or(a, b) => {
                let decisive = matches!(e, Expr::Or(..));
                let first = self.truth_of(a, line, rule)?;
                if first == Some(decisive) {
                    return Ok(Some(decisive));
                }
                match (first, self.truth_of(b, line, rule)?) {
                    (_, Some(x)) if x == decisive => Some(decisive),
                    (Some(_), Some(_)) => Some(!decisive),
                    _ => None,
                }
            }
            Expr::Not(x) => self.truth_of(x, line, rule)?.map(|b| !b),
            Expr::Test(t) => self.test(t, line),
            Expr::Field(f) => truth(self.field(*f, line)),
            Expr::Cmp(op, a, b) => match (&**a, &**b) {
                (Expr::Field(f), Expr::Const(c)) => compare(*op, &self.field(*f, line), &konst(c)),
                (Expr::Const(c), Expr::Field(f)) => compare(*op, &konst(c), &self.field(*f, line)),
                _ => truth(self.eval(e, line, rule)?),
            },
            Expr::InSet { item, set, negate } => match &**item {
                Expr::Field(f) => {
                    let v = self.field(*f, line);
                    if matches!(v, Value::Absent) {
                        None
                    } else {
                        Some(in_set(set, &v) != *negate)
                    }
                }
                _ => truth(self.eval(e, line, rule)?),
            },
            Expr::Contains { item, list, negate } => match (&**item, &**list) {
                (Expr::Const(Const::Text(t)), Expr::Field(f)) => match self.field(*f, line) {
                    Value::Texts(l) => Some(self.list_contains(l, t) != *negate),
                    _ => None,
                },
                _ => truth(self.eval(e, line, rule)?),
            },
            _ => truth(self.eval(e, line, rule)?),
        })
    }

    /// A number (or money) value; a missing one reads as zero, for bases.
    pub(crate) fn number(
        &self,
        e: &Expr,
        line: Option<&LineCtx<'a>>,
        rule: &str,
    ) -> Result<Exact, EvalError> {
        Ok(match self.eval(e, line, rule)? {
            Value::Num(n) => n,
            _ => Exact::ZERO,
        })
    }

    /// Evaluates an expression. Node kinds with more than a line of work
    /// have their own function, so that the recursion's stack frames stay
    /// small, also in unoptimised builds (tests/hostile.rs evaluates the
    /// deepest expression on small stacks).
    pub(crate) fn eval<'e>(
        &'e self,
        e: &'e Expr,
        line: Option<&LineCtx<'a>>,
        rule: &str,
    ) -> Result<Value<'e>, EvalError> {
        match e {
            Expr::Const(c) => Ok(konst(c)),
            Expr::Field(f) => Ok(self.field(*f, line)),
            Expr::Attr(slot) => Ok(self.attrs.get(*slot).copied().unwrap_or(Value::Absent)),
            Expr::LineAttr(slot) => self.line_attr(*slot, line),
            // Logic has one definition, in `truth_of`, and so have tests.
            Expr::Not(_) | Expr::And(..) | Expr::Or(..) | Expr::Test(_) => Ok(self
                .truth_of(e, line, rule)?
                .map_or(Value::Absent, Value::Bool)),
            Expr::Neg(x) | Expr::Floor(x) | Expr::Exists(x) => self.unary(e, x, line, rule),
            Expr::Cmp(op, a, b) => self.cmp(*op, a, b, line, rule),
            Expr::Call(func, x) => self.call(*func, x, line, rule),
            Expr::DaysBetween(a, b) => self.days_between(a, b, line, rule),
            Expr::SinceAnniversary(a, b) => Ok(
                match (self.eval(a, line, rule)?, self.eval(b, line, rule)?) {
                    (Value::Date(x), Value::Date(y)) => crate::period::since_anniversary(x, y)
                        .map_or(Value::Absent, |n| Value::Num(Decimal::from(n).into())),
                    _ => Value::Absent,
                },
            ),
            Expr::Arith(op, a, b) => self.arith(*op, a, b, line, rule),
            Expr::InSet { item, set, negate } => self.in_set(item, set, *negate, line, rule),
            Expr::Contains { item, list, negate } => self.contains(item, list, *negate, line, rule),
            Expr::Counter(c, period) => self.counter(*c, *period, true),
            Expr::Tender(i) => Ok(self.tender(*i)),
            Expr::Streak(c) => Ok(self.streak(*c)),
            Expr::DaysSince(c) => Ok(self.days_since(*c)),
            Expr::Crossed {
                counter,
                period,
                first,
                every,
            } => self.crossed(*counter, *period, *first, *every),
            Expr::SumLines {
                id, value, filter, ..
            } => self.sum_lines(*id, value, filter.as_deref(), rule),
        }
    }

    /// `sum(VALUE[, FILTER])` over the purchase's lines (`key`: the sum's
    /// number in the program): a missing value counts as zero, a line for
    /// which the filter is not true (false or unknown) is left out;
    /// missing on an event that is not a purchase, as `tx.` fields are.
    /// Computed once an event.
    fn sum_lines<'e>(
        &'e self,
        key: u32,
        value: &'e Expr,
        filter: Option<&'e Expr>,
        rule: &str,
    ) -> Result<Value<'e>, EvalError> {
        if self.tx.is_none() {
            return Ok(Value::Absent);
        }
        let slot = usize::try_from(key).ok();
        let known = slot.and_then(|i| {
            let sums = self.line_sums.try_borrow().ok()?;
            sums.get(i).copied().flatten()
        });
        if let Some(total) = known {
            return Ok(Value::Num(total));
        }
        let mut total = Exact::ZERO;
        for l in self.lines() {
            if let Some(f) = filter {
                if self.truth_of(f, Some(&l), rule)? != Some(true) {
                    continue;
                }
            }
            let v = self.number(value, Some(&l), rule)?;
            total = total.checked_add(v).ok_or_else(|| overflow(rule))?;
        }
        // Kept at the sum's number: the program's sums, at most.
        if let (Some(i), Ok(mut sums)) = (slot, self.line_sums.try_borrow_mut()) {
            if sums.len() <= i {
                sums.resize(i.saturating_add(1), None);
            }
            if let Some(s) = sums.get_mut(i) {
                *s = Some(total);
            }
        }
        Ok(Value::Num(total))
    }

    /// Unary `-`, `floor` or `exists` (the kind is `e`'s) of `x`.
    #[inline]
    fn unary<'e>(
        &'e self,
        e: &Expr,
        x: &'e Expr,
        line: Option<&LineCtx<'a>>,
        rule: &str,
    ) -> Result<Value<'e>, EvalError> {
        Ok(match (e, self.eval(x, line, rule)?) {
            (Expr::Neg(_), Value::Num(n)) => {
                Value::Num(n.checked_neg().ok_or_else(|| overflow(rule))?)
            }
            (Expr::Floor(_), Value::Num(n)) => {
                Value::Num(n.floor().ok_or_else(|| overflow(rule))?.into())
            }
            (Expr::Exists(_), v) => Value::Bool(!matches!(v, Value::Absent)),
            _ => Value::Absent,
        })
    }

    #[inline]
    fn cmp<'e>(
        &'e self,
        op: CmpOp,
        a: &'e Expr,
        b: &'e Expr,
        line: Option<&LineCtx<'a>>,
        rule: &str,
    ) -> Result<Value<'e>, EvalError> {
        let (x, y) = (self.eval(a, line, rule)?, self.eval(b, line, rule)?);
        Ok(compare(op, &x, &y).map_or(Value::Absent, Value::Bool))
    }

    #[inline]
    fn call<'e>(
        &'e self,
        func: Func,
        x: &'e Expr,
        line: Option<&LineCtx<'a>>,
        rule: &str,
    ) -> Result<Value<'e>, EvalError> {
        Ok(match (func, self.eval(x, line, rule)?) {
            (Func::Year, Value::Date(d)) => Value::Num(Decimal::from(d.year()).into()),
            (Func::Month, Value::Date(d)) => Value::Num(Decimal::from(d.month()).into()),
            (Func::Day, Value::Date(d)) => Value::Num(Decimal::from(d.day()).into()),
            (Func::Weekday, Value::Date(d)) => {
                Value::Weekday(u8::try_from(d.weekday().num_days_from_monday()).unwrap_or(0))
            }
            (Func::Hour, Value::Time(t)) => Value::Num(Decimal::from(t.hour()).into()),
            (Func::Minute, Value::Time(t)) => Value::Num(Decimal::from(t.minute()).into()),
            _ => Value::Absent,
        })
    }

    #[inline]
    fn days_between<'e>(
        &'e self,
        a: &'e Expr,
        b: &'e Expr,
        line: Option<&LineCtx<'a>>,
        rule: &str,
    ) -> Result<Value<'e>, EvalError> {
        Ok(
            match (self.eval(a, line, rule)?, self.eval(b, line, rule)?) {
                (Value::Date(x), Value::Date(y)) => {
                    Value::Num(Decimal::from((y - x).num_days()).into())
                }
                _ => Value::Absent,
            },
        )
    }

    /// Checked arithmetic.
    #[inline]
    fn arith<'e>(
        &'e self,
        op: ArithOp,
        a: &'e Expr,
        b: &'e Expr,
        line: Option<&LineCtx<'a>>,
        rule: &str,
    ) -> Result<Value<'e>, EvalError> {
        let (x, y) = (self.eval(a, line, rule)?, self.eval(b, line, rule)?);
        let (Value::Num(x), Value::Num(y)) = (x, y) else {
            return Ok(Value::Absent);
        };
        let r = match op {
            ArithOp::Add => x.checked_add(y),
            ArithOp::Sub => x.checked_sub(y),
            ArithOp::Mul => x.checked_mul(y),
            ArithOp::Div => {
                if y.is_zero() {
                    return Err(EvalError::DivisionByZero {
                        rule: rule.to_string(),
                    });
                }
                // Exact: a quotient without a finite decimal expansion is a fraction.
                x.checked_div(y)
            }
            ArithOp::Min => Some(x.min(y)),
            ArithOp::Max => Some(x.max(y)),
        };
        r.map(Value::Num).ok_or_else(|| overflow(rule))
    }

    /// `item in [constants]`, or `not in`.
    #[inline]
    fn in_set<'e>(
        &'e self,
        item: &'e Expr,
        set: &'e ConstSet,
        negate: bool,
        line: Option<&LineCtx<'a>>,
        rule: &str,
    ) -> Result<Value<'e>, EvalError> {
        let v = self.eval(item, line, rule)?;
        if matches!(v, Value::Absent) {
            // Unknown whether a missing value is in the set, or not in it.
            return Ok(Value::Absent);
        }
        Ok(Value::Bool(in_set(set, &v) != negate))
    }

    /// `text in texts` (a list read from the input), or `not in`.
    #[inline]
    fn contains<'e>(
        &'e self,
        item: &'e Expr,
        list: &'e Expr,
        negate: bool,
        line: Option<&LineCtx<'a>>,
        rule: &str,
    ) -> Result<Value<'e>, EvalError> {
        let found = match (self.eval(item, line, rule)?, self.eval(list, line, rule)?) {
            (Value::Text(t), Value::Texts(l)) => self.list_contains(l, t),
            _ => return Ok(Value::Absent),
        };
        Ok(Value::Bool(found != negate))
    }

    /// Whether a list read from the input holds `item`.
    pub(super) fn list_contains(&self, list: Texts<'_>, item: &str) -> bool {
        let lines = self.tx.map_or(&[][..], |t| t.lines.as_slice());
        match list {
            Texts::Slice(s) => s.iter().any(|x| x == item),
            Texts::Categories => search(lines, self.by_category, item, |l| &l.category),
            Texts::Skus => search(lines, self.by_sku, item, |l| &l.sku),
        }
    }

    pub(super) fn field(&self, f: Field, line: Option<&LineCtx<'a>>) -> Value<'a> {
        let num = |d: Decimal| Value::Num(d.into());
        let m = self.member;
        match f {
            Field::MemberId => Value::Text(&m.id),
            Field::MemberTier => self.tier.map_or(Value::Absent, Value::Tier),
            Field::MemberJoinDate => m.join_date.map_or(Value::Absent, Value::Date),
            Field::MemberBirthday => m.birthday.map_or(Value::Absent, Value::Date),
            Field::MemberSegment => self.segment.map_or(Value::Absent, Value::Text),
            Field::MemberPurchaseCount => num(Decimal::from(m.purchase_count)),
            Field::MemberFirstPurchase => Value::Bool(m.purchase_count == 0),
            Field::EventId => Value::Text(self.event.id()),
            Field::EventKind => Value::Text(self.event.kind_name()),
            Field::EventDate => Value::Date(self.date),
            Field::EventTime => Value::Time(self.time),
            Field::EventReferrer | Field::EventReferred => match self.event {
                Event::Referral(r) if f == Field::EventReferrer => Value::Text(&r.referrer),
                Event::Referral(r) => Value::Text(&r.referred),
                _ => Value::Absent,
            },
            _ => self.purchase_field(f, line),
        }
    }

    /// `tx.paid.NAME` of a declared tender: zero when the purchase has none.
    fn tender(&self, i: usize) -> Value<'static> {
        let Some(tx) = self.tx else {
            return Value::Absent;
        };
        let paid = self
            .plan
            .tenders
            .get(i)
            .and_then(|name| tx.tenders.other.get(name))
            .copied()
            .unwrap_or(Decimal::ZERO);
        Value::Num(paid.into())
    }

    /// A purchase's amount ([`Field::is_amount`]) as it is held; `None`
    /// when the event or the line has none (the value is absent).
    #[inline]
    pub(super) fn amount_field(&self, f: Field, line: Option<&LineCtx<'a>>) -> Option<Fixed> {
        let s = self.tx.map(|_| &self.sums)?;
        match f {
            Field::TxAmount => Some(s.amount),
            Field::TxGross => Some(s.gross),
            Field::TxDiscount => Some(s.discount),
            Field::TxTotal => Some(s.total),
            Field::TxItems => Some(s.items),
            Field::LineAmount => line.map(|l| l.amount),
            Field::LineGross => line.map(|l| l.gross),
            _ => None,
        }
    }

    /// The line's value of the line attribute in `slot` (its default when
    /// the line leaves it out); absent without a line.
    pub(super) fn line_attr(
        &self,
        slot: usize,
        line: Option<&LineCtx<'a>>,
    ) -> Result<Value<'a>, EvalError> {
        match (line, self.plan.attributes.get(slot)) {
            (Some(l), Some(def)) => super::context::line_attribute(
                self.plan,
                def,
                l.line,
                l.index.saturating_sub(1),
                self.event,
            ),
            _ => Ok(Value::Absent),
        }
    }

    fn purchase_field(&self, f: Field, line: Option<&LineCtx<'a>>) -> Value<'a> {
        let Some(tx) = self.tx else {
            return Value::Absent;
        };
        if f.is_amount() {
            return self
                .amount_field(f, line)
                .map_or(Value::Absent, |x| Value::Num(x.to_decimal().into()));
        }
        let num = |d: Decimal| Value::Num(d.into());
        let p = &tx.tenders;
        match f {
            Field::TxId => Value::Text(&tx.id),
            Field::TxChannel => Value::Text(&tx.channel),
            Field::TxStore => Value::Text(&tx.store),
            Field::TxTax => num(tx.tax),
            Field::TxShipping => num(tx.shipping),
            Field::TxPaidCard => num(p.card),
            Field::TxPaidCash => num(p.cash),
            Field::TxPaidStoredValue => num(p.stored_value),
            Field::TxPaidGiftCard => num(p.gift_card),
            Field::TxPaidPoints => num(p.points),
            Field::TxCategories => Value::Texts(Texts::Categories),
            Field::TxSkus => Value::Texts(Texts::Skus),
            _ => {
                let Some(l) = line else { return Value::Absent };
                match f {
                    Field::LineSku => Value::Text(&l.line.sku),
                    Field::LineCategory => Value::Text(&l.line.category),
                    Field::LineTags => Value::Texts(Texts::Slice(&l.line.tags)),
                    Field::LineQuantity => num(l.line.quantity),
                    Field::LineUnitPrice => num(l.line.unit_price),
                    Field::LineDiscount => num(l.line.discount),
                    _ => Value::Absent,
                }
            }
        }
    }
}

/// Whether a value (not absent) is in a set of constants.
pub(super) fn in_set(set: &ConstSet, v: &Value<'_>) -> bool {
    match (set, v) {
        (ConstSet::Text(texts), Value::Text(t)) => {
            texts.binary_search_by(|x| x.as_ref().cmp(t)).is_ok()
        }
        (ConstSet::Other(consts), _) => consts
            .iter()
            .any(|c| compare(CmpOp::Eq, v, &konst(c)) == Some(true)),
        _ => false,
    }
}

pub(super) fn konst(c: &Const) -> Value<'_> {
    match c {
        Const::Bool(b) => Value::Bool(*b),
        Const::Num(n) => Value::Num((*n).into()),
        Const::Text(t) => Value::Text(t),
        Const::Date(d) => Value::Date(*d),
        Const::Time(t) => Value::Time(*t),
        Const::Tier(t) => Value::Tier(*t),
        Const::Weekday(w) => Value::Weekday(*w),
    }
}

/// Compares two values of the same type; `None` (unknown) when either is
/// missing.
pub(super) fn compare(op: CmpOp, x: &Value<'_>, y: &Value<'_>) -> Option<bool> {
    if let (Value::Text(a), Value::Text(b), CmpOp::Eq | CmpOp::Ne) = (x, y, op) {
        return Some((a == b) == (op == CmpOp::Eq));
    }
    let ord = match (x, y) {
        (Value::Num(a), Value::Num(b)) => a.cmp(b),
        (Value::Text(a), Value::Text(b)) => a.cmp(b),
        (Value::Date(a), Value::Date(b)) => a.cmp(b),
        (Value::Time(a), Value::Time(b)) => a.cmp(b),
        (Value::Tier(a), Value::Tier(b)) => a.cmp(b),
        (Value::Weekday(a), Value::Weekday(b)) => a.cmp(b),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        _ => return None,
    };
    Some(holds(op, ord))
}

/// Whether `op` holds of two values in this order.
pub(super) fn holds(op: CmpOp, ord: Ordering) -> bool {
    match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    }
}

/// The truth of a condition's value: `None` when it is unknown.
pub(super) fn truth(v: Value<'_>) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(b),
        _ => None,
    }
}

fn overflow(rule: &str) -> EvalError {
    EvalError::Overflow {
        rule: rule.to_string(),
        during: "a condition".into(),
    }
}
