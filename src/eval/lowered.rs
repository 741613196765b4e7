//! Evaluation of the typed condition leaves of `plan::lower`: each compares
//! in place and has the truth the expression it replaced would have had
//! (`None` when a value is missing).

use chrono::{Datelike, Timelike};

use super::context::{Ctx, LineCtx};
use super::value::Value;
use crate::plan::lower::{Arg, Operand, Part, Test};
use crate::plan::{CmpOp, Func};

impl<'a> Ctx<'a> {
    /// The truth of a typed test.
    pub(super) fn test(&self, t: &Test, line: Option<&LineCtx<'a>>) -> Option<bool> {
        match t {
            Test::Text {
                field,
                value,
                equal,
            } => match self.field(*field, line) {
                Value::Text(found) => Some((found == &**value) == *equal),
                _ => None,
            },
            Test::Part { op, left, right } => {
                let x = self.part(*left, line)?;
                let y = match right {
                    Operand::Part(p) => self.part(*p, line)?,
                    Operand::Int(n) => *n,
                };
                Some(match op {
                    CmpOp::Eq => x == y,
                    CmpOp::Ne => x != y,
                    CmpOp::Lt => x < y,
                    CmpOp::Le => x <= y,
                    CmpOp::Gt => x > y,
                    CmpOp::Ge => x >= y,
                })
            }
            Test::PartIn { part, bits, negate } => {
                let x = self.part(*part, line)?;
                let shifted = u32::try_from(x).ok().and_then(|x| bits.checked_shr(x));
                Some(shifted.is_some_and(|b| b & 1 == 1) != *negate)
            }
        }
    }

    /// A date or time part as a whole number (weekdays from Monday, 0), or
    /// `None` when the value is missing.
    fn part(&self, p: Part, line: Option<&LineCtx<'a>>) -> Option<i64> {
        let v = match p.arg {
            Arg::Field(f) => self.field(f, line),
            Arg::Attr(slot) => self.attrs.get(slot).copied().unwrap_or(Value::Absent),
        };
        Some(match (p.func, v) {
            (Func::Year, Value::Date(d)) => i64::from(d.year()),
            (Func::Month, Value::Date(d)) => i64::from(d.month()),
            (Func::Day, Value::Date(d)) => i64::from(d.day()),
            (Func::Weekday, Value::Date(d)) => i64::from(d.weekday().num_days_from_monday()),
            (Func::Hour, Value::Time(t)) => i64::from(t.hour()),
            (Func::Minute, Value::Time(t)) => i64::from(t.minute()),
            _ => return None,
        })
    }
}
