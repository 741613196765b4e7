//! Function calls in expressions: `year(...)`, `days_between(...)`,
//! `days_since_anniversary(...)`,
//! `exists(...)`, `min`/`max`, `floor` (`crossed` is in `history.rs`).

use super::{Checker, Counters, ExprScope};
use crate::ast;
use crate::codes::Code;
use crate::plan::{ArithOp, Expr, Func};
use crate::span::Span;
use crate::types::Type;

/// The language's functions.
pub(super) const FUNCTIONS: [&str; 15] = [
    "crossed",
    "days_since",
    "year",
    "month",
    "day",
    "weekday",
    "hour",
    "minute",
    "days_between",
    "days_since_anniversary",
    "exists",
    "min",
    "max",
    "floor",
    "sum",
];

impl Checker<'_> {
    pub(super) fn call(
        &mut self,
        f: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
        scope: ExprScope,
    ) -> Option<(Expr, Type)> {
        let name = f.name.as_str();
        if !FUNCTIONS.contains(&name) {
            // `streak(workouts)`: a counter read through a function.
            let counter = match args {
                [ast::Expr {
                    kind: ast::ExprKind::Name(n),
                    ..
                }] if self.counters.contains(n) => Some(n.as_str()),
                _ => None,
            };
            let help = match name {
                _ if counter.is_some() => counter
                    .map(|c| super::expr_help::counter_read_help(c, name)),
                "len" | "length" | "count" | "size" => Some(
                    "a purchase's items are `tx.items` (its quantities); of the lines that match, `sum(line.quantity, CONDITION)`"
                        .to_string(),
                ),
                _ => self.other_language(name, args, span).or_else(|| {
                    self.suggest(name, FUNCTIONS)
                        .map(|s| format!("did you mean `{s}`?"))
                }),
            };
            self.error_help(
                Code::UnknownFunction,
                f.span,
                format!("unknown function `{name}`"),
                help,
            );
            return None;
        }
        if name == "sum" {
            return self.sum_lines(args, span, scope);
        }
        let want = if matches!(
            name,
            "days_between" | "days_since_anniversary" | "min" | "max"
        ) {
            2
        } else {
            1
        };
        if args.len() != want {
            self.error(
                Code::Arguments,
                span,
                format!(
                    "`{name}` takes {want} argument{}, not {}",
                    if want == 1 { "" } else { "s" },
                    args.len()
                ),
            );
            return None;
        }
        let mut lowered = Vec::with_capacity(args.len());
        for a in args {
            lowered.push((self.expr(a, scope)?, a.span));
        }
        let mut it = lowered.into_iter();
        let ((x, ty), arg_span) = it.next()?;
        let need = |this: &mut Self, want: Type, ty: Type, sp: Span| -> Option<()> {
            if ty == want {
                Some(())
            } else {
                this.error(
                    Code::Arguments,
                    sp,
                    format!("`{name}` needs {want}, but this is {ty}"),
                );
                None
            }
        };
        let boxed = Box::new(x);
        Some(match name {
            "year" | "month" | "day" | "weekday" => {
                need(self, Type::Date, ty, arg_span)?;
                let (func, out) = match name {
                    "year" => (Func::Year, Type::Number),
                    "month" => (Func::Month, Type::Number),
                    "day" => (Func::Day, Type::Number),
                    _ => (Func::Weekday, Type::Weekday),
                };
                (Expr::Call(func, boxed), out)
            }
            "hour" | "minute" => {
                need(self, Type::Time, ty, arg_span)?;
                let func = if name == "hour" {
                    Func::Hour
                } else {
                    Func::Minute
                };
                (Expr::Call(func, boxed), Type::Number)
            }
            "min" | "max" => {
                let ((y, ty2), _) = it.next()?;
                if ty != ty2 || !matches!(ty, Type::Number | Type::Money) {
                    self.error(
                        Code::Arguments,
                        span,
                        format!(
                            "`{name}` needs two values of one type, but these are {ty} and {ty2}"
                        ),
                    );
                    return None;
                }
                let op = if name == "min" {
                    ArithOp::Min
                } else {
                    ArithOp::Max
                };
                (Expr::Arith(op, boxed, Box::new(y)), ty)
            }
            "floor" => {
                if !matches!(ty, Type::Number | Type::Money) {
                    self.error(
                        Code::Arguments,
                        arg_span,
                        format!("`floor` needs a number or an amount, but this is {ty}"),
                    );
                    return None;
                }
                (Expr::Floor(boxed), ty)
            }
            "days_between" => {
                need(self, Type::Date, ty, arg_span)?;
                let ((y, ty2), sp2) = it.next()?;
                need(self, Type::Date, ty2, sp2)?;
                (Expr::DaysBetween(boxed, Box::new(y)), Type::Number)
            }
            "days_since_anniversary" => {
                need(self, Type::Date, ty, arg_span)?;
                let ((y, ty2), sp2) = it.next()?;
                need(self, Type::Date, ty2, sp2)?;
                (Expr::SinceAnniversary(boxed, Box::new(y)), Type::Number)
            }
            _ => {
                if !matches!(*boxed, Expr::Field(_) | Expr::Attr(_) | Expr::LineAttr(_)) {
                    self.error(
                        Code::Arguments,
                        arg_span,
                        "`exists` takes a field, such as `exists(member.birthday)`",
                    );
                    return None;
                }
                // An attribute with a default is never missing.
                if let Expr::Attr(i) | Expr::LineAttr(i) = *boxed {
                    if let Some(a) = self.attributes.get(i).filter(|a| a.default.is_some()) {
                        let message = format!(
                            "`exists({})` always holds: the attribute has a default",
                            a.path
                        );
                        self.warning(Code::Suspicious, span, message);
                    }
                }
                (Expr::Exists(boxed), Type::Bool)
            }
        })
    }

    /// `sum(VALUE[, FILTER])`: a number or money value summed over the
    /// purchase's lines for which the filter holds; inside, `line.` is
    /// each line summed, and counters and other sums are not read.
    fn sum_lines(
        &mut self,
        args: &[ast::Expr],
        span: Span,
        scope: ExprScope,
    ) -> Option<(Expr, Type)> {
        let (value, filter) = match args {
            [value] => (value, None),
            [value, filter] => (value, Some(filter)),
            _ => {
                self.error(
                    Code::Arguments,
                    span,
                    format!(
                        "`sum` takes a value of each line and, if some lines only, a condition \
                         (`sum(line.amount, line.category == \"beauty\")`), not {} arguments",
                        args.len()
                    ),
                );
                return None;
            }
        };
        if !scope.purchase {
            self.error(
                Code::NotHere,
                span,
                format!(
                    "`sum` cannot be used in {}: it reads a purchase's lines, only known in rules `on purchase`",
                    scope.place
                ),
            );
            return None;
        }
        let inside = ExprScope {
            per_line: true,
            counters: Counters::EachLine,
            place: "`sum(...)`",
            ..scope
        };
        let (v, ty) = self.expr(value, inside)?;
        if !matches!(ty, Type::Number | Type::Money) {
            self.error(
                Code::Arguments,
                value.span,
                format!("`sum` adds numbers or money, but this is {ty}"),
            );
            return None;
        }
        let f = match filter {
            Some(f) => Some(Box::new(self.condition(f, inside)?)),
            None => None,
        };
        let nested = std::iter::once(&v)
            .chain(f.as_deref())
            .flat_map(Expr::nodes)
            .any(|e| matches!(e, Expr::SumLines { .. }));
        if nested {
            self.error(
                Code::Arguments,
                span,
                "a `sum` inside a `sum` would read each line twice: write them side by side",
            );
            return None;
        }
        let id = self.line_sums;
        self.line_sums = self.line_sums.checked_add(1)?;
        Some((
            Expr::SumLines {
                id,
                text: span.quote(self.src).as_str().into(),
                value: Box::new(v),
                filter: f,
            },
            ty,
        ))
    }
}

impl Checker<'_> {
    /// The help for a function other languages have, said in this one:
    /// a date made a date (`date(tx.date) >= 2026-01-01`), the clock, the
    /// letters' case, rounding, a list's `contains`.
    fn other_language(&self, name: &str, args: &[ast::Expr], span: Span) -> Option<String> {
        let arg = |i: usize| args.get(i).map(|a| self.quote(a.span));
        match name.to_ascii_lowercase().as_str() {
            "date" | "to_date" | "todate" | "as_date" | "date_of" => {
                // The comparison the call stands in, up to the next
                // keyword or the rule's brace, written with the date itself.
                let first = arg(0).filter(|_| args.len() == 1)?;
                let rest = self.src.get(span.end..)?;
                let end = [" and ", " or ", "{", "\n", ")"]
                    .iter()
                    .filter_map(|stop| rest.find(stop))
                    .min()
                    .unwrap_or(rest.len());
                let rest = rest.get(..end)?.trim();
                let compared = ["<=", ">=", "==", "!=", "<", ">"]
                    .iter()
                    .any(|op| rest.starts_with(op));
                Some(if compared {
                    format!("write `{first} {rest}`")
                } else {
                    format!("`{first}` is a date already: write `{first}`")
                })
            }
            "today" | "now" | "current_date" | "current_time" | "currentdate" | "getdate" => {
                Some("a program reads no clock, so that what an event earns depends on the event alone: its date is `tx.date` (`event.date` on other events), its time `tx.time`".to_string())
            }
            "lower" | "upper" | "lowercase" | "uppercase" | "to_lower" | "to_upper"
            | "tolower" | "toupper" | "lcase" | "ucase" => {
                let first = arg(0).unwrap_or_else(|| "line.category".to_string());
                // The text compared with (`== "beauty"`), in both cases.
                let compared = self
                    .compared_text(span)
                    .filter(|t| t.chars().all(|c| c.is_alphanumeric() || "_- ".contains(c)))
                    .unwrap_or("grocery");
                // As written and in small letters, or capitalized.
                let lower = compared.to_lowercase();
                let other = if lower == compared {
                    let mut chars = lower.chars();
                    chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default()
                } else {
                    lower
                };
                Some(format!(
                    "texts are compared as they are written, letter case included: compare with the text the host sends, or with each way it is sent, `{first} in [\"{compared}\", \"{other}\"]`"
                ))
            }
            "round" | "ceil" | "ceiling" | "trunc" | "truncate" | "int" | "integer" => Some(
                "points are rounded by the program's `rounding` (or a rule's `round half_up`); in a formula, `floor(...)` rounds a number down"
                    .to_string(),
            ),
            "contains" | "includes" | "has" | "in_list" | "member_of" if args.len() == 2 => {
                Some(format!(
                    "a list holds a text with `in`: `{} in {}`",
                    arg(1)?,
                    arg(0)?
                ))
            }
            _ => None,
        }
    }
}
