//! What reads or feeds a member's history: counter declarations, `count`
//! rules, counter reads (`nights this year`, `check_ins streak`,
//! `crossed(...)`), and the periods of per-member caps and limits.

use rust_decimal::Decimal;

use super::{Checker, Counters, ExprScope};
use crate::ast::{self, Item, PeriodAst, ProgramAst, ReadAst};
use crate::codes::Code;
use crate::kinds::Kind;
use crate::period::{Period, MAX_ROLLING_DAYS, MAX_ROLLING_MONTHS};
use crate::plan::{CountPlan, Expr};
use crate::span::Span;
use crate::types::Type;

impl Checker<'_> {
    /// Refuses a read of the member's counters (at `span`) where `scope`
    /// reads none, saying why; `true` when it did.
    pub(super) fn counters_refused(&mut self, span: Span, scope: ExprScope) -> bool {
        let help = match scope.counters {
            Counters::Read => return false,
            Counters::FedHere => {
                "a `count` rule feeds a counter; earn rules and campaigns read them".to_string()
            }
            Counters::EachLine => {
                let read = span.quote(self.src);
                format!(
                    "a sum reads each line of the purchase: compare `{read}` beside it, \
                     `sum(...) > 5 and {read} > 2`"
                )
            }
        };
        self.error_help(
            Code::NotHere,
            span,
            format!("{} cannot read counters", scope.place),
            Some(help),
        );
        true
    }

    /// `counter NAME` declarations, before anything reads them.
    pub(super) fn counter_declarations(&mut self, ast: &ProgramAst) {
        for item in &ast.items {
            if let Item::Counter(name) = item {
                if self.balance_by_name.contains_key(&name.name) {
                    self.refused_counters.push(name.name.clone());
                    self.error(
                        Code::Duplicate,
                        name.span,
                        format!(
                            "`{}` is a balance already: a counter needs a name of its own",
                            name.name
                        ),
                    );
                } else if self.counters.contains(&name.name) {
                    self.error(
                        Code::Duplicate,
                        name.span,
                        format!("the counter `{}` is declared twice", name.name),
                    );
                } else {
                    self.counters.push(name.name.clone());
                    self.counter_types.push(None);
                }
            }
        }
    }

    /// `count` rules, in declaration order. Their conditions and amounts
    /// cannot read counters: they run before the earn rules, and what they
    /// count is what the earn rules read.
    pub(super) fn count_rules(&mut self, ast: &ProgramAst) -> Vec<CountPlan> {
        let mut out = Vec::new();
        for item in &ast.items {
            let Item::Count(c) = item else {
                continue;
            };
            let kind = self.event_kind(&c.event);
            let purchase = kind == Ok(Kind::Purchase);
            if c.per_line && !purchase {
                self.error(
                    Code::NotHere,
                    c.span,
                    "`for each line` is only possible in rules `on purchase`",
                );
            }
            let scope = ExprScope {
                purchase,
                per_line: c.per_line && purchase,
                referral: kind == Ok(Kind::Referral),
                counters: Counters::FedHere,
                place: "a `count` rule",
            };
            let counter = self.counter_index(&c.counter);
            let amount = self.count_amount(&c.amount, scope);
            if let (Some(i), Some((_, ty))) = (counter, &amount) {
                self.counter_type(i, *ty, &c.counter, c.amount.span);
            }
            let amount = amount.map(|(e, _)| e);
            let condition = c.condition.as_ref().and_then(|e| self.condition(e, scope));
            if let (Some(counter), Some(amount)) = (counter, amount) {
                out.push(CountPlan {
                    counter,
                    kind,
                    per_line: scope.per_line,
                    amount,
                    condition,
                });
            }
        }
        out
    }

    /// A counter holds what its `count` rules add: numbers, or money.
    fn counter_type(&mut self, counter: usize, ty: Type, name: &ast::Ident, span: Span) {
        let Some(slot) = self.counter_types.get_mut(counter) else {
            return;
        };
        match slot {
            None => *slot = Some(ty),
            Some(t) if *t == ty => {}
            Some(t) => {
                let message = format!(
                    "the counter `{}` counts {t} in an earlier `count`, but this is {ty}",
                    name.name
                );
                self.error(Code::TypeMismatch, span, message);
            }
        }
    }

    /// What a `count` rule adds: a number (a quantity, `1`) or an amount of
    /// money (qualifying spend).
    fn count_amount(&mut self, e: &ast::Expr, scope: ExprScope) -> Option<(Expr, Type)> {
        let (lowered, ty) = self.expr(e, scope)?;
        if !matches!(ty, Type::Number | Type::Money) {
            self.error(
                Code::TypeMismatch,
                e.span,
                format!("a `count` adds a number or an amount of money, but this is {ty}"),
            );
            return None;
        }
        Some((lowered, ty))
    }

    pub(super) fn counter_index(&mut self, name: &ast::Ident) -> Option<usize> {
        if let Some(i) = self.counters.position(&name.name) {
            return Some(i);
        }
        if self.refused_counters.contains(&name.name) {
            return None;
        }
        let help = self
            .suggest(&name.name, self.counters.iter().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some(self.undeclared_counter_help(&name.name)));
        self.error_help(
            Code::UnknownCounter,
            name.span,
            format!("unknown counter `{}`", name.name),
            help,
        );
        None
    }

    /// How to declare a counter read but not declared; a balance of that
    /// name is not one, and its name is taken.
    fn undeclared_counter_help(&self, name: &str) -> String {
        if !self.balance_by_name.contains_key(name) {
            return format!("declare it: `counter {name}`");
        }
        let currency = if self.currency.is_empty() {
            "USD"
        } else {
            &self.currency
        };
        format!(
            "`{name}` is a balance, and conditions read counters: count into one what the balance \
             earns, such as `counter {name}_counted` and `count tx.amount to {name}_counted on \
             purchase` (`floor(tx.amount / 10 {currency})` for whole steps)"
        )
    }

    /// A period as written, checked; the state keeps what it reaches.
    pub(super) fn period(&mut self, p: &PeriodAst) -> Option<Period> {
        let rolling = |this: &mut Self, n: &ast::Num, max: u32, unit: &str| -> Option<u32> {
            let v = u32::try_from(n.value.mantissa())
                .ok()
                .filter(|v| n.value.scale() == 0 && (1..=max).contains(v));
            if v.is_none() {
                this.error(
                    Code::InvalidValue,
                    n.span,
                    format!("a rolling period is a whole number of {unit}, 1 to {max}"),
                );
            }
            v
        };
        let period = match p {
            PeriodAst::Day => Period::Day,
            PeriodAst::Week => Period::Week,
            PeriodAst::Month => Period::Month,
            PeriodAst::Quarter => Period::Quarter,
            PeriodAst::Year => Period::Year,
            PeriodAst::MembershipYear => Period::MembershipYear,
            PeriodAst::Days(n) => Period::Days(rolling(self, n, MAX_ROLLING_DAYS, "days")?),
            PeriodAst::Months(n) => Period::Months(rolling(self, n, MAX_ROLLING_MONTHS, "months")?),
        };
        self.keep_days = self.keep_days.max(period.reach());
        Some(period)
    }

    /// `nights this year`, `purchases last 30 days`, `check_ins streak`.
    pub(super) fn counter_read(
        &mut self,
        name: &ast::Ident,
        read: &ReadAst,
        span: Span,
        scope: ExprScope,
    ) -> Option<(Expr, Type)> {
        if self.counters_refused(span, scope) {
            return None;
        }
        let counter = self.counter_index(name)?;
        // A counter that nothing counts reads as a number (zero).
        let ty = self
            .counter_types
            .get(counter)
            .copied()
            .flatten()
            .unwrap_or(Type::Number);
        let (expr, ty) = match read {
            ReadAst::Period(p) => (Expr::Counter(counter, self.period(p)?), ty),
            ReadAst::Lifetime => (Expr::Counter(counter, Period::Lifetime), ty),
            ReadAst::Streak => (Expr::Streak(counter), Type::Number),
        };
        Some((expr, ty))
    }

    /// `crossed(nights this year, 40, 10)`: marks at 40, 50, 60, ... that
    /// this event carried the counter past; without the step, the one mark.
    pub(super) fn crossed(
        &mut self,
        args: &[ast::Expr],
        span: Span,
        scope: ExprScope,
    ) -> Option<(Expr, Type)> {
        let usage = "write `crossed(nights this year, 40)` or `crossed(nights this year, 40, 10)` (marks at 40, 50, 60, ...)";
        let (read, marks) = match args {
            [read, rest @ ..] if (1..=2).contains(&rest.len()) => (read, rest),
            _ => {
                self.error_help(
                    Code::Arguments,
                    span,
                    format!("`crossed` takes 2 or 3 arguments, not {}", args.len()),
                    Some(usage.into()),
                );
                return None;
            }
        };
        let (counter, period, ty) = match self.expr(read, scope)? {
            (Expr::Counter(c, p), ty) => (c, p, ty),
            // `crossed(workouts streak, 7)`: a streak's days are read as
            // they are.
            (Expr::Streak(c), _) => {
                let name = self.counters.get(c).cloned().unwrap_or_default();
                let days = match marks.first().map(|m| &m.kind) {
                    Some(ast::ExprKind::Number(n)) => n.to_string(),
                    _ => "7".to_string(),
                };
                self.error_help(
                    Code::Arguments,
                    read.span,
                    "`crossed` counts the marks a counter passes: its first argument is a counter read",
                    Some(format!(
                        "a streak is read as it is, in days: `{name} streak == {days}`, with \
                         `limit 1 per member per day` for once on that day"
                    )),
                );
                return None;
            }
            _ => {
                self.error_help(Code::Arguments,
                    read.span,
                    "`crossed` counts the marks a counter passes: its first argument is a counter read",
                    Some(usage.into()),
                );
                return None;
            }
        };
        // A mark is a number; on a counter of money it may also be money
        // (`200 USD`, as a tier's thresholds are), in the program's currency.
        let mut numbers = Vec::with_capacity(2);
        for m in marks {
            match &m.kind {
                ast::ExprKind::Number(n) if *n > Decimal::ZERO => numbers.push(*n),
                ast::ExprKind::Money(n, _) if *n > Decimal::ZERO && ty == Type::Money => {
                    self.expr(m, scope)?;
                    numbers.push(*n);
                }
                ast::ExprKind::Money(n, _) if *n > Decimal::ZERO => {
                    let name = self.counters.get(counter).cloned().unwrap_or_default();
                    self.error_help(
                        Code::Arguments,
                        m.span,
                        format!("`{name}` counts numbers: a mark is a number, not money"),
                        Some(format!("write `{}`", n.normalize())),
                    );
                    return None;
                }
                _ => {
                    self.error(
                        Code::Arguments,
                        m.span,
                        "a mark and a step are amounts greater than zero, such as `200` or `200 USD`",
                    );
                    return None;
                }
            }
        }
        let first = numbers.first().copied()?;
        let every = numbers.get(1).copied();
        Some((
            Expr::Crossed {
                counter,
                period,
                first,
                every,
            },
            Type::Number,
        ))
    }
}
