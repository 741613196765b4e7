//! Warnings about conditions that can never hold.

use rust_decimal::Decimal;

use super::Checker;
use crate::plan::{CmpOp, Const, Expr, Func};
use crate::span::Span;
use crate::types::Field;

impl Checker<'_> {
    pub(super) fn warn_if_never_true(&mut self, e: &Expr, span: Span) {
        let atoms = e.conjuncts();
        for atom in &atoms {
            if let Some(why) = impossible(atom) {
                self.warning(span, format!("this condition can never hold: {why}"));
                return;
            }
        }
        for (i, a) in atoms.iter().enumerate() {
            for b in atoms.iter().skip(i + 1) {
                if let (Some((fa, ca)), Some((fb, cb))) = (equality(a), equality(b)) {
                    if fa == fb && ca != cb {
                        self.warning(
                            span,
                            "this condition can never hold: one field is required to equal two different values",
                        );
                        return;
                    }
                }
            }
        }
    }
}

/// `field == constant`, for spotting `x == a and x == b`.
fn equality(e: &Expr) -> Option<(Field, &Const)> {
    match e {
        Expr::Cmp(CmpOp::Eq, l, r) => match (l.as_ref(), r.as_ref()) {
            (Expr::Field(f), Expr::Const(c)) | (Expr::Const(c), Expr::Field(f)) => Some((*f, c)),
            _ => None,
        },
        _ => None,
    }
}

fn impossible(e: &Expr) -> Option<String> {
    let Expr::Cmp(op, l, r) = e else { return None };
    let (Expr::Call(func, _), Expr::Const(Const::Num(v))) = (l.as_ref(), r.as_ref()) else {
        return non_negative_below_zero(*op, l, r);
    };
    let (name, lo, hi) = match func {
        Func::Month => ("month", 1, 12),
        Func::Day => ("day", 1, 31),
        Func::Hour => ("hour", 0, 23),
        Func::Minute => ("minute", 0, 59),
        Func::Year | Func::Weekday => return None,
    };
    let (lo, hi) = (Decimal::from(lo), Decimal::from(hi));
    let never = match op {
        CmpOp::Eq => *v < lo || *v > hi || !v.fract().is_zero(),
        CmpOp::Gt => *v >= hi,
        CmpOp::Ge => *v > hi,
        CmpOp::Lt => *v <= lo,
        CmpOp::Le => *v < lo,
        CmpOp::Ne => false,
    };
    never.then(|| format!("`{name}(...)` is always between {lo} and {hi}"))
}

fn non_negative_below_zero(op: CmpOp, l: &Expr, r: &Expr) -> Option<String> {
    let (Expr::Field(f), Expr::Const(Const::Num(v))) = (l, r) else {
        return None;
    };
    let non_negative = matches!(
        f,
        Field::TxGross
            | Field::TxDiscount
            | Field::TxAmount
            | Field::TxTax
            | Field::TxShipping
            | Field::TxTotal
            | Field::TxItems
            | Field::LineQuantity
            | Field::LineUnitPrice
            | Field::LineGross
            | Field::LineDiscount
            | Field::LineAmount
            | Field::MemberPurchaseCount
    );
    let never = match op {
        CmpOp::Lt => *v <= Decimal::ZERO,
        CmpOp::Le => *v < Decimal::ZERO,
        CmpOp::Eq => *v < Decimal::ZERO,
        _ => false,
    };
    (non_negative && never).then(|| "amounts and counts are never negative".to_string())
}
