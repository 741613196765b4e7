//! What a condition or a formula read, in the program's words (`tx.date is
//! 2026-04-05`, `visits this month is 2`, `nights this year 49 -> 71`):
//! for an award, what it read of the member's state, which the event does
//! not show; for a refused redemption and [`crate::Program::why_not`], what
//! a condition that does not hold read.

use super::context::Ctx;
use super::value::{Texts, Value};
use crate::input::Line;
use crate::plan::{AwardPlan, Expr, RulePlan};
use crate::types::{Field, WEEKDAYS};

impl Ctx<'_> {
    /// A value the expression reads by its name in the program: a field by
    /// the name `text` (the condition as written) gives it, an attribute by
    /// its path, a counter with its period (`visits this month`, `visits
    /// streak`, `days_since(visits)`).
    fn leaf_name(&self, e: &Expr, text: &str) -> Option<String> {
        let plan = self.plan;
        let counter = |c: &usize| plan.counters.get(*c);
        match e {
            Expr::Field(f) => Some(f.name_in(text).to_string()),
            Expr::Attr(i) => plan.attributes.get(*i).map(|a| a.path.clone()),
            Expr::Counter(c, period) => counter(c).map(|n| format!("{n} {period}")),
            Expr::Streak(c) => counter(c).map(|n| format!("{n} streak")),
            Expr::DaysSince(c) => counter(c).map(|n| format!("days_since({n})")),
            Expr::SumLines { text, .. } => Some(text.to_string()),
            Expr::DaysBetween(a, b) | Expr::SinceAnniversary(a, b) => {
                let arg = |e: &Expr| match e {
                    Expr::Const(crate::plan::Const::Date(d)) => Some(d.to_string()),
                    _ => self.leaf_name(e, text),
                };
                let name = match e {
                    Expr::DaysBetween(..) => "days_between",
                    _ => "days_since_anniversary",
                };
                Some(format!("{name}({}, {})", arg(a)?, arg(b)?))
            }
            _ => None,
        }
    }

    /// What a condition that does not hold read (`event.partner is
    /// "fuel"`), `text` being the condition as written; the tier only when
    /// asked (a refusal names it apart); of the event, not of a line (a
    /// line's fields are each line's).
    pub(super) fn what_it_read(
        &self,
        cond: &Expr,
        text: &str,
        rule: &str,
        tier: bool,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for leaf in cond.leaves() {
            match leaf {
                Expr::Field(Field::MemberTier) if !tier => continue,
                Expr::Field(f) if f.per_line() => continue,
                Expr::LineAttr(_) => continue,
                // The counter before and after the event: which marks it
                // passed (`coffees lifetime 12 -> 24`).
                Expr::Crossed {
                    counter, period, ..
                } => {
                    out.extend(self.crossed_read(counter, period));
                    continue;
                }
                _ => {}
            }
            let (Some(name), Ok(value)) =
                (self.leaf_name(&leaf, text), self.eval(&leaf, None, rule))
            else {
                continue;
            };
            let value = match leaf {
                Expr::Counter(c, _) => self.counted(c, value),
                _ => value,
            };
            out.push(format!("{name} is {}", self.show(&value)));
        }
        out
    }

    /// What a rule's condition and an award's base read of the member's
    /// state, for the explanation (each once): each counter's value with this event
    /// (`visits this month is 2`, `visits streak is 7`), or before and
    /// after it for marks crossed (`nights this year 49 -> 71`).
    fn state_read<'e>(&self, exprs: impl Iterator<Item = &'e Expr>) -> Vec<String> {
        let mut out = Vec::new();
        if self.plan.counters.is_empty() {
            return out;
        }
        // The usual base reads the event (and costs no walk).
        let walked = exprs.filter(|e| {
            !matches!(
                e,
                Expr::Field(_)
                    | Expr::Attr(_)
                    | Expr::LineAttr(_)
                    | Expr::Const(_)
                    | Expr::Tender(_)
            )
        });
        for e in walked.flat_map(Expr::nodes) {
            let text = match e {
                Expr::Counter(c, period) => {
                    let Ok(after) = self.counter(*c, *period, true) else {
                        continue;
                    };
                    self.leaf_name(e, "")
                        .map(|name| format!("{name} is {}", self.show(&self.counted(*c, after))))
                }
                Expr::Streak(c) => self
                    .leaf_name(e, "")
                    .map(|name| format!("{name} is {}", self.show(&self.streak(*c)))),
                Expr::DaysSince(c) => self
                    .leaf_name(e, "")
                    .map(|name| format!("{name} is {}", self.show(&self.days_since(*c)))),
                Expr::Crossed {
                    counter, period, ..
                } => self.crossed_read(*counter, *period),
                _ => None,
            };
            out.extend(text);
        }
        once(out)
    }

    /// A counter whose marks `crossed(...)` counts, before and after this
    /// event (`nights this year 49 -> 71`).
    fn crossed_read(&self, counter: usize, period: crate::period::Period) -> Option<String> {
        let before = self.counter(counter, period, false).ok()?;
        let after = self.counter(counter, period, true).ok()?;
        let name = self.leaf_name(&Expr::Counter(counter, period), "")?;
        let (before, after) = (self.counted(counter, before), self.counted(counter, after));
        Some(format!(
            "{name} {} -> {}",
            self.show(&before),
            self.show(&after)
        ))
    }

    /// What an award's rule condition and base read that the event does
    /// not show: counters ([`state_read`](Self::state_read)) and sums
    /// ([`sums_read`](Self::sums_read)).
    pub(crate) fn award_read(&self, rule: &RulePlan, award: &AwardPlan) -> Vec<String> {
        let mut out = self.state_read(
            rule.condition
                .as_ref()
                .into_iter()
                .chain(award.formula.base()),
        );
        if self.plan.reads_line_sums {
            self.sums_read(rule, award, &mut out);
        }
        out
    }

    /// What each `sum(...)` of a rule's condition and an award's base
    /// came to (`sum(line.amount, line.category == "beauty") is 26.50`),
    /// added to `out`.
    fn sums_read(&self, rule: &RulePlan, award: &AwardPlan, out: &mut Vec<String>) {
        let read = rule.condition.iter().chain(award.formula.base());
        for sum in read.flat_map(Expr::nodes) {
            let Expr::SumLines { text, .. } = sum else {
                continue;
            };
            let Ok(value) = self.eval(sum, None, &rule.name) else {
                continue;
            };
            let said = format!("{text} is {}", self.show(&value));
            if !out.contains(&said) {
                out.push(said);
            }
        }
    }

    /// The purchase's categories or SKUs as a list, each once, in line
    /// order (`["rental", "tax"]`).
    fn line_keys(&self, key: impl Fn(&Line) -> &String) -> String {
        let lines = self.tx.map_or(&[][..], |t| t.lines.as_slice());
        let mut seen = std::collections::BTreeSet::new();
        let keys: Vec<&String> = lines.iter().map(key).filter(|k| seen.insert(*k)).collect();
        format!("{keys:?}")
    }

    /// Counter `c`'s value as the explanation writes it, whether read from
    /// the state or with this event's amount added (see
    /// [`as_counted`](super::history::as_counted): `spend this month
    /// 150.00 -> 450.00`, not `150 -> 450.00`).
    fn counted<'v>(&self, c: usize, v: Value<'v>) -> Value<'v> {
        match v {
            Value::Num(n) => Value::Num(super::history::as_counted(self.plan, Some(c), n)),
            other => other,
        }
    }

    /// A value as a program writes it: text quoted, a missing one `missing`.
    fn show(&self, v: &Value<'_>) -> String {
        match v {
            Value::Absent => "missing".into(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => n.to_string(),
            Value::Text(t) => format!("{t:?}"),
            Value::Date(d) => d.to_string(),
            Value::Time(t) => t.format("%H:%M").to_string(),
            Value::Tier(i) => self
                .plan
                .tiers
                .get(usize::from(*i))
                .map_or_else(|| i.to_string(), |t| t.to_string()),
            Value::Weekday(d) => WEEKDAYS
                .get(usize::from(*d))
                .map_or_else(|| d.to_string(), |w| w.to_string()),
            Value::Texts(Texts::Slice(list)) => format!("{list:?}"),
            Value::Texts(Texts::Categories) => self.line_keys(|l| &l.category),
            Value::Texts(Texts::Skus) => self.line_keys(|l| &l.sku),
        }
    }
}

/// `texts` each once, in the order first said (a condition may read
/// thousands of values: found in a set, not by searching the list).
pub(crate) fn once(texts: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    texts
        .into_iter()
        .filter(|t| seen.insert(t.clone()))
        .collect()
}
