//! Requirements of tier levels: paths of criteria on declared counters and
//! balances, each a threshold of its kind, rising with the levels.

use super::tiers::months;
use super::Checker;
use crate::ast::{self, ReqPart};
use crate::codes::Code;
use crate::span::Span;
use crate::tier::plan::{Criterion, Part, Requirement};
use crate::types::Type;

impl Checker<'_> {
    pub(super) fn requirement(&mut self, r: &ast::Requirement) -> Option<Requirement> {
        let mut paths = Vec::new();
        let mut ok = true;
        for path in &r.paths {
            let mut parts = Vec::new();
            for part in path {
                match part {
                    ReqPart::One(c) => match self.criterion(c) {
                        Some(c) => parts.push(Part {
                            need: 1,
                            of: vec![c],
                        }),
                        None => ok = false,
                    },
                    ReqPart::Any { n, of, span } => {
                        let of: Vec<Criterion> =
                            of.iter().filter_map(|c| self.criterion(c)).collect();
                        let need = months(n.value)
                            .and_then(|k| usize::try_from(k).ok())
                            .filter(|k| *k >= 1 && *k <= of.len());
                        match need {
                            Some(need) => parts.push(Part { need, of }),
                            None => {
                                ok = false;
                                self.error(
                                    Code::InvalidValue,
                                    *span,
                                    format!(
                                        "`any N of (...)` needs N from 1 to the {} criteria listed",
                                        of.len()
                                    ),
                                );
                            }
                        }
                    }
                }
            }
            paths.push(parts);
        }
        ok.then_some(Requirement { paths })
    }

    /// `25 nights`, `20000 USD spend`: a declared counter or balance, with
    /// a threshold of its kind.
    fn criterion(&mut self, c: &ast::Criterion) -> Option<Criterion> {
        let ty = self.criterion_source(&c.name)?;
        if let Some(cur) = &c.currency {
            if cur.name != self.currency {
                self.error(
                    Code::CurrencyMismatch,
                    cur.span,
                    format!(
                        "the threshold is in {}, but the program's currency is {}",
                        cur.name, self.currency
                    ),
                );
                return None;
            }
        }
        match (ty, c.currency.is_some()) {
            (Type::Money, false) => {
                self.error_help(
                    Code::TypeMismatch,
                    c.span,
                    format!(
                        "`{}` counts money, but the threshold is a number",
                        c.name.name
                    ),
                    Some(format!(
                        "write the currency: `{} {} {}`",
                        c.amount.value, self.currency, c.name.name
                    )),
                );
                None
            }
            // A balance holds points; money toward a tier is a counter's.
            (Type::Number, true) if self.balance_by_name.contains_key(&c.name.name) => {
                self.error_help(
                    Code::TypeMismatch,
                    c.span,
                    format!(
                        "`{}` is a balance of points, not money: leave the currency out",
                        c.name.name
                    ),
                    Some(format!(
                        "or count money toward a tier in a counter: `counter spend` and `count tx.amount to spend on purchase`, then `{} {} spend`",
                        c.amount.value, self.currency
                    )),
                );
                None
            }
            (Type::Number, true) => {
                self.error(
                    Code::TypeMismatch,
                    c.span,
                    format!(
                        "`{}` counts a number, not money: leave the currency out",
                        c.name.name
                    ),
                );
                None
            }
            _ => Some(Criterion {
                name: c.name.name.clone(),
                amount: c.amount.value,
                currency: c
                    .currency
                    .as_ref()
                    .map(|c| (c.name.clone(), self.currency_places.unwrap_or(2))),
                lifetime: c.lifetime,
            }),
        }
    }

    /// The type a threshold on `name` compares: a counter's (numbers when it
    /// has no `count` rule yet), or a number for a balance, which the state
    /// then keeps by day.
    pub(super) fn criterion_source(&mut self, name: &ast::Ident) -> Option<Type> {
        if let Some(i) = self.counters.position(&name.name) {
            return Some(
                self.counter_types
                    .get(i)
                    .copied()
                    .flatten()
                    .unwrap_or(Type::Number),
            );
        }
        if let Some(&b) = self.balance_by_name.get(&name.name) {
            if !self.tracked_balances.contains(&b) {
                self.tracked_balances.push(b);
            }
            return Some(Type::Number);
        }
        let known = self
            .counters
            .iter()
            .map(String::as_str)
            .chain(self.balances.iter().map(|b| b.name.as_str()));
        let help = self
            .filler_before_counter(name)
            .or_else(|| {
                self.suggest(&name.name, known)
                    .map(|s| format!("did you mean `{s}`?"))
            })
            .or_else(|| Some(format!("declare it: `counter {}`", name.name)));
        self.error_help(
            Code::UnknownCounter,
            name.span,
            format!("`{}` is neither a counter nor a balance", name.name),
            help,
        );
        None
    }

    /// `1000 USD in spend`, as terms write it: a word between the threshold
    /// and the counter read as the counter (and the counter as the next
    /// level). The help is the requirement without it.
    fn filler_before_counter(&self, name: &ast::Ident) -> Option<String> {
        if !matches!(name.name.as_str(), "in" | "of" | "on" | "at" | "for") {
            return None;
        }
        let line_start = self
            .src
            .get(..name.span.start)?
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let before = self.src.get(line_start..name.span.start)?;
        let mut threshold: Vec<&str> = before
            .split_whitespace()
            .rev()
            .take_while(|w| {
                w.parse::<rust_decimal::Decimal>().is_ok()
                    || (w.len() == 3 && w.chars().all(|c| c.is_ascii_uppercase()))
            })
            .collect();
        threshold.reverse();
        let after = self.src.get(name.span.end..)?;
        let counter = after.split_whitespace().next()?;
        let known =
            self.counters.position(counter).is_some() || self.balance_by_name.contains_key(counter);
        (known && !threshold.is_empty()).then(|| {
            format!(
                "write the threshold, then the counter: `{} {counter}`",
                threshold.join(" ")
            )
        })
    }

    /// `silver when 10 nights per year`, `silver when 500 points earned`:
    /// a level's name may follow another on its line, so `per` and `year`,
    /// or `earned`, were read as more levels. The words of a period, or of
    /// what a threshold counts, right after a requirement on its line are
    /// an error that says how a requirement is written.
    pub(super) fn periods_read_as_levels(&mut self, decl: &ast::TiersDecl) {
        for words in words_read_as_levels(self.src, decl) {
            let (Some(first), Some(last)) = (words.first(), words.last()) else {
                continue;
            };
            let written: Vec<&str> = words.iter().map(|w| w.name.as_str()).collect();
            let period = written
                .iter()
                .any(|w| crate::keywords::PERIOD_WORDS.contains(w));
            let (why, help) = if period {
                (
                    "a requirement counts over the qualification period",
                    "set the period in the block: `qualify calendar year` (the default), \
                     `qualify membership year` or `qualify last 12 months`",
                )
            } else {
                (
                    "a requirement is the threshold and what it counts",
                    "write the threshold alone, as in `silver when 500 points`: it counts \
                     what the member earned (or the counter counted) over the qualification \
                     period",
                )
            };
            self.error_help(
                Code::Syntax,
                Span::new(first.span.start, last.span.end),
                format!("`{}` is not a tier level: {why}", written.join(" ")),
                Some(help.into()),
            );
        }
    }
}

/// The runs of words read as levels right after a requirement, on its
/// line (see [`Checker::periods_read_as_levels`]).
pub(super) fn words_read_as_levels<'a>(
    src: &str,
    decl: &'a ast::TiersDecl,
) -> Vec<Vec<&'a ast::Ident>> {
    let mut runs = Vec::new();
    let mut after: Option<usize> = None;
    let mut words: Vec<&ast::Ident> = Vec::new();
    for level in decl.levels.iter().map(Some).chain([None]) {
        let word = level.filter(|l| {
            let name = l.name.name.as_str();
            l.requirement.is_none()
                && (crate::keywords::PERIOD_WORDS.contains(&name)
                    || crate::keywords::MEASURE_WORDS.contains(&name))
                && after.is_some_and(|end| {
                    src.get(end..l.name.span.start)
                        .is_some_and(|gap| !gap.contains('\n'))
                })
        });
        if let Some(l) = word {
            words.push(&l.name);
            after = Some(l.name.span.end);
            continue;
        }
        if !words.is_empty() {
            runs.push(std::mem::take(&mut words));
        }
        after = level
            .and_then(|l| l.requirement.as_ref())
            .map(|r| r.span.end);
    }
    runs
}
