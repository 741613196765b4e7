//! A number of points written with the balance it counts as its unit, as
//! programs' terms write it: `award 5 miles per USD`, `award 1 star`,
//! `cap 75000 miles per transaction`, `rate 100 miles = 1 USD`, `costs 150
//! stars`. The unit names the balance, by its name or its name without a
//! final `s`; where the statement also names a balance (`to`, `in`,
//! `from`), both must be the same one.

use super::Checker;
use crate::ast::Ident;
use crate::codes::Code;

impl Checker<'_> {
    /// The balance a unit word names: `miles` (the name) or `mile` (the
    /// name without its final `s`); an error that says how a number of
    /// points is written when it names none.
    pub(super) fn unit_balance(&mut self, unit: &Ident) -> Option<usize> {
        let word = unit.name.as_str();
        if let Some(&i) = self.balance_by_name.get(word) {
            return Some(i);
        }
        if let Some(&i) = self.balance_by_name.get(&format!("{word}s")) {
            return Some(i);
        }
        let names: Vec<&str> = self.balances.iter().map(|b| b.name.as_str()).collect();
        let help = match self.suggest(word, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            // `costs 1000 automatically`: the unit left out before it.
            None if word == "automatically" => {
                "the points' unit comes first: `costs N points automatically`".to_string()
            }
            None if self.counters.contains(word) => format!(
                "`{word}` is a counter: count into it with `count N to {word} on ...`; an \
                 award credits a balance"
            ),
            None => format!(
                "write `points`, or the name of a balance of the program ({}); a balance \
                 is declared in the header: `balance {word}`",
                super::suggest::listed(names.iter().copied(), |n| format!("`{n}`"))
            ),
        };
        self.error_help(
            Code::UnknownBalance,
            unit.span,
            format!(
                "`{word}` is not a unit: a number of points is written `N points`, or with the \
                 name of the balance it counts"
            ),
            Some(help),
        );
        None
    }

    /// The balance of a statement that may write it as its unit and may
    /// name it (`to`, `in`, `from`): the unit's, the named one (`named`,
    /// with its place, when the statement names one), or `default`; `None`
    /// (with an error) when the unit names no balance or another one.
    pub(super) fn counted_balance(
        &mut self,
        unit: Option<&Ident>,
        named: Option<(&Ident, usize)>,
        default: usize,
    ) -> Option<usize> {
        let Some(unit) = unit else {
            return Some(named.map_or(default, |(_, i)| i));
        };
        let counted = self.unit_balance(unit)?;
        match named {
            Some((name, i)) if i != counted => {
                let help = if name.name == "points" {
                    "write `points`".to_string()
                } else {
                    format!(
                        "write `{}`, or `points` (which counts the balance named)",
                        name.name
                    )
                };
                self.error_help(
                    Code::Duplicate,
                    unit.span,
                    format!(
                        "this counts `{}`, but the statement names `{}`",
                        self.balance_name(counted),
                        name.name
                    ),
                    Some(help),
                );
                None
            }
            _ => Some(counted),
        }
    }

    /// The balance of a statement that may name it (`in B`, `to B`) and
    /// may write it as its unit; `points` when neither.
    pub(super) fn named_or_unit(
        &mut self,
        named: Option<&Ident>,
        unit: Option<&Ident>,
    ) -> Option<usize> {
        let named = match named {
            Some(b) => Some((b, self.balance_index(b)?)),
            None => None,
        };
        self.counted_balance(unit, named, 0)
    }

    pub(super) fn balance_name(&self, i: usize) -> String {
        self.balances
            .get(i)
            .map_or_else(|| "points".to_string(), |b| b.name.to_string())
    }
}
