//! Syntax-tree pairs to AST nodes for the program header: name, currency, time
//! zone, rounding, precision and balances.

use crate::parser::Pair;

use super::build::{children, ident, span, Builder};
use super::Rule;
use crate::ast::*;
use crate::span::Span;

impl Builder<'_> {
    pub(super) fn header(&mut self, pair: Pair<'_>) -> Header {
        let sp = span(&pair);
        let mut name = Ident {
            name: String::new(),
            span: sp,
        };
        let mut settings = Vec::new();
        for p in children(pair) {
            match p.as_rule() {
                Rule::string => name = self.string(p),
                Rule::currency_decl => {
                    if let Some(c) = children(p).find(|c| c.as_rule() == Rule::currency) {
                        settings.push(Setting::Currency(ident(&c)));
                    }
                }
                Rule::timezone_decl => {
                    if let Some(s) = children(p).find(|c| c.as_rule() == Rule::string) {
                        settings.push(Setting::Timezone(self.string(s)));
                    }
                }
                Rule::rounding_decl => {
                    let sp = span(&p);
                    let r = self.rounding(p);
                    settings.push(Setting::Rounding {
                        mode: r.mode,
                        first: r.first,
                        granularity: r.granularity,
                        span: sp,
                    });
                }
                Rule::tender_decl => {
                    if let Some(n) = children(p).find(|c| c.as_rule() == Rule::ident) {
                        settings.push(Setting::Tender(ident(&n)));
                    }
                }
                Rule::multipliers_decl => {
                    let combine = if children(p).any(|c| c.as_rule() == Rule::kw_add) {
                        Combine::Add
                    } else {
                        Combine::Compound
                    };
                    settings.push(Setting::Multipliers(combine, span(&p)));
                }
                Rule::precision_decl => {
                    if let Some(n) = children(p).find(|c| c.as_rule() == Rule::integer) {
                        settings.push(Setting::Precision(self.num(&n)));
                    }
                }
                Rule::balance_decl => {
                    let sp = span(&p);
                    let mut bname = None;
                    let mut qualifying = false;
                    let mut precision = None;
                    for c in children(p) {
                        match c.as_rule() {
                            Rule::ident => bname = Some(ident(&c)),
                            Rule::balance_kind => qualifying = c.as_str() == "qualifying",
                            Rule::integer => precision = Some(self.num(&c)),
                            _ => {}
                        }
                    }
                    if let Some(name) = bname {
                        settings.push(Setting::Balance {
                            name,
                            qualifying,
                            precision,
                            span: sp,
                        });
                    }
                }
                _ => {}
            }
        }
        Header {
            name,
            settings,
            span: sp,
        }
    }

    /// `MODE [to N then MODE] [per LEVEL]`: the final mode, the first
    /// step if there are two, and the granularity.
    pub(super) fn rounding(&mut self, pair: Pair<'_>) -> Rounding {
        let mut modes = Vec::with_capacity(2);
        let mut decimals = None;
        let mut granularity = None;
        for c in children(pair) {
            match c.as_rule() {
                Rule::rounding_mode => modes.push(rounding_mode(&c)),
                Rule::integer => decimals = Some(self.num(&c)),
                Rule::granularity => granularity = Some((granularity_of(&c), span(&c))),
                _ => {}
            }
        }
        let first = match (modes.first(), decimals) {
            (Some(m), Some(n)) if modes.len() == 2 => Some((*m, n)),
            _ => None,
        };
        Rounding {
            mode: modes.last().copied().unwrap_or(RoundingMode::Floor),
            first,
            granularity,
        }
    }
}

/// A rounding mode keyword; the grammar admits only the five words.
pub(super) fn rounding_mode(pair: &Pair<'_>) -> RoundingMode {
    RoundingMode::from_keyword(pair.as_str()).unwrap_or(RoundingMode::Floor)
}

pub(super) fn granularity_of(pair: &Pair<'_>) -> Granularity {
    let text = pair.as_str();
    if text.ends_with("line") {
        Granularity::Line
    } else if text.ends_with("transaction") {
        Granularity::Transaction
    } else {
        Granularity::Rule
    }
}

/// A rounding as written: the final mode, maybe a first step, the level.
pub(super) struct Rounding {
    pub mode: RoundingMode,
    pub first: Option<(RoundingMode, Num)>,
    pub granularity: Option<(Granularity, Span)>,
}
