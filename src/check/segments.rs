//! Member segments: `segment NAME when CONDITION`, in declaration order;
//! the first whose condition holds is `member.segment`. Conditions read
//! the member and counters (with `days_since(COUNTER)` for recency), not
//! the event's transaction.

use super::{Checker, Counters, ExprScope};
use crate::ast::{self, Item, ProgramAst};
use crate::codes::Code;
use crate::name::Name;
use crate::plan::{Expr, SegmentPlan};
use crate::span::Span;
use crate::types::Field;

impl Checker<'_> {
    /// The declared segment names, before any condition is checked (rules
    /// compare `member.segment` with them).
    pub(super) fn segment_names(&mut self, ast: &ProgramAst) {
        for item in &ast.items {
            if let Item::Segment { name, .. } = item {
                if self.segments.contains(&name.name) {
                    self.error(
                        Code::Duplicate,
                        name.span,
                        format!("the segment `{}` is declared twice", name.name),
                    );
                } else {
                    self.segments.push(name.name.clone());
                }
            }
        }
    }

    /// Each segment's checked condition, in declaration order.
    pub(super) fn segment_plans(&mut self, ast: &ProgramAst) -> Vec<SegmentPlan> {
        let scope = ExprScope {
            purchase: false,
            per_line: false,
            referral: false,
            counters: Counters::Read,
            place: "a segment",
        };
        let mut out = Vec::new();
        for item in &ast.items {
            let Item::Segment {
                name, condition, ..
            } = item
            else {
                continue;
            };
            let Some(lowered) = self.condition(condition, scope) else {
                continue;
            };
            if lowered.reads(&|f| f == Field::MemberSegment) {
                self.error(
                    Code::NotHere,
                    condition.span,
                    "a segment's condition cannot read `member.segment`, which the segments decide",
                );
                continue;
            }
            self.segment_conditions
                .insert(name.name.clone(), lowered.clone());
            out.push(SegmentPlan {
                name: Name::from(name.name.as_str()),
                condition: lowered,
            });
        }
        out
    }

    /// `member.segment == "NAME"` in a program that declares its segments:
    /// NAME must be one of them.
    pub(super) fn known_segment(&mut self, text: &str, span: Span) -> bool {
        if self.segments.is_empty() || self.segments.contains(text) {
            return true;
        }
        let help = self
            .suggest(text, self.segments.iter().map(String::as_str))
            .map(|s| format!("did you mean \"{s}\"?"))
            .or_else(|| {
                let all = self.segments.iter().map(String::as_str);
                Some(format!(
                    "the segments are {}",
                    super::suggest::listed(all, str::to_string)
                ))
            });
        self.error_help(
            Code::UnknownName,
            span,
            format!("the program declares no segment \"{text}\""),
            help,
        );
        false
    }

    /// `days_since(COUNTER)`: days from the last day before this event on
    /// which the counter grew to the event's day.
    pub(super) fn days_since(
        &mut self,
        args: &[ast::Expr],
        span: Span,
        scope: ExprScope,
    ) -> Option<(Expr, crate::types::Type)> {
        let [arg] = args else {
            self.error(
                Code::Arguments,
                span,
                format!("`days_since` takes 1 argument, not {}", args.len()),
            );
            return None;
        };
        let ast::ExprKind::Name(name) = &arg.kind else {
            // Days since a date (`member.join_date`) are between it and the
            // event's date.
            let help = match &arg.kind {
                ast::ExprKind::Path(path) => {
                    let today = if scope.purchase {
                        "tx.date"
                    } else {
                        "event.date"
                    };
                    format!("days since a date are `days_between({path}, {today})`")
                }
                _ => match self.counters.first() {
                    Some(c) => format!("write a counter of the program: `days_since({c})`"),
                    None => "write `days_since(purchases)`".into(),
                },
            };
            self.error_help(
                Code::Arguments,
                arg.span,
                "`days_since` takes a counter's name",
                Some(help),
            );
            return None;
        };
        if self.counters_refused(span, scope) {
            return None;
        }
        let counter = self.counter_index(&ast::Ident {
            name: name.clone(),
            span: arg.span,
        })?;
        Some((Expr::DaysSince(counter), crate::types::Type::Number))
    }
}
