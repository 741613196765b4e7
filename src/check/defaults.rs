//! An attribute's declared default (`attribute tx.partner_shop bool default
//! false`): a literal of the attribute's type, in the program's currency
//! for money, turned into the value the input would have given.

use rust_decimal::Decimal;

use super::Checker;
use crate::ast::{Expr, ExprKind, UnOp};
use crate::codes::Code;
use crate::input::Value;
use crate::types::Type;

impl Checker<'_> {
    /// The default `e` of the attribute `path` of type `ty`, as an input
    /// value; an error at `e` when it is not a literal of that type.
    pub(super) fn attribute_default(&mut self, path: &str, ty: Type, e: &Expr) -> Option<Value> {
        let value = match (ty, &e.kind) {
            (Type::Bool, ExprKind::Bool(b)) => Some(Value::Bool(*b)),
            (Type::Number, _) => number(e).map(Value::Number),
            (Type::Money, _) => match money(e) {
                Some((amount, currency)) if currency == self.currency => {
                    Some(Value::Number(amount))
                }
                Some((amount, currency)) => {
                    let message = format!(
                        "the default of `{path}` is money in the program's currency, {}: `{amount} {}`",
                        self.currency, self.currency
                    );
                    self.error_help(
                        Code::CurrencyMismatch,
                        e.span,
                        message,
                        Some(format!("this amount is in {currency}")),
                    );
                    return None;
                }
                None => None,
            },
            (Type::Text, ExprKind::Text(t)) => Some(Value::Text(t.clone())),
            (Type::Date, ExprKind::Date(d)) => {
                let date = self.date(d)?;
                Some(Value::Text(date.format("%Y-%m-%d").to_string()))
            }
            (Type::TextList, ExprKind::List(items)) => items
                .iter()
                .map(|i| match &i.kind {
                    ExprKind::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .map(Value::List),
            _ => None,
        };
        if value.is_none() {
            let expected = match (ty, &e.kind) {
                (Type::Bool, _) => "a bool: `true` or `false`".to_string(),
                (Type::Number, _) => "a number, such as `0`".to_string(),
                (Type::Money, _) => format!("money, such as `0 {}`", self.currency),
                (Type::Text, ExprKind::Name(word)) => format!("text, in quotes: `\"{word}\"`"),
                (Type::Text, _) => "text, in quotes, such as `\"none\"`".to_string(),
                (Type::Date, _) => "a date, such as `2026-01-01`".to_string(),
                _ => "a list of text, such as `[\"A\", \"B\"]` or `[]`".to_string(),
            };
            self.error(
                Code::TypeMismatch,
                e.span,
                format!("the default of `{path}` is {expected}"),
            );
        }
        value
    }
}

/// A number literal, negative or not.
fn number(e: &Expr) -> Option<Decimal> {
    match &e.kind {
        ExprKind::Number(n) => Some(*n),
        ExprKind::Unary(UnOp::Neg, inner) => number(inner).map(|n| -n),
        _ => None,
    }
}

/// An amount literal, negative or not, and its currency.
fn money(e: &Expr) -> Option<(Decimal, &str)> {
    match &e.kind {
        ExprKind::Money(n, currency) => Some((*n, currency.name.as_str())),
        ExprKind::Unary(UnOp::Neg, inner) => money(inner).map(|(n, c)| (-n, c)),
        _ => None,
    }
}
