//! pest pairs to AST nodes for `ledger BALANCE { ... }`: expiry and
//! vesting of a balance's lots.

use pest::iterators::Pair;

use super::build::{children, date_lit, ident, span, Builder};
use super::Rule;
use crate::ast::*;
use crate::ledger::RoundTo;

impl Builder<'_> {
    pub(super) fn ledger_decl(&mut self, pair: Pair<'_, Rule>) -> Option<LedgerDecl> {
        let sp = span(&pair);
        let mut decl = LedgerDecl {
            balance: Ident {
                name: String::new(),
                span: sp,
            },
            expire: Vec::new(),
            pending: Vec::new(),
            span: sp,
        };
        for p in children(pair) {
            let sp = span(&p);
            match p.as_rule() {
                Rule::ident => decl.balance = ident(&p),
                Rule::expire_stmt => {
                    if let Some(e) = self.expire(p) {
                        decl.expire.push((e, sp));
                    }
                }
                Rule::pending_stmt => {
                    if let Some(n) = children(p).find(|c| c.as_rule() == Rule::number) {
                        let n = self.num(&n);
                        decl.pending.push(n);
                    }
                }
                _ => {}
            }
        }
        Some(decl)
    }

    fn expire(&mut self, pair: Pair<'_, Rule>) -> Option<ExpireAst> {
        let inner = children(pair).find(|c| c.as_rule() != Rule::kw_expire)?;
        let rule = inner.as_rule();
        Some(match rule {
            Rule::kw_never => ExpireAst::Never,
            Rule::expire_on => {
                let d = children(inner).find(|c| c.as_rule() == Rule::date_lit)?;
                ExpireAst::On(date_lit(&d))
            }
            _ => {
                let mut n = None;
                let mut months = false;
                let mut round = None;
                for c in children(inner) {
                    match c.as_rule() {
                        Rule::number => n = Some(self.num(&c)),
                        Rule::kw_months => months = true,
                        Rule::expire_round => {
                            round = children(c).find_map(|w| match w.as_rule() {
                                Rule::kw_month => Some(RoundTo::Month),
                                Rule::kw_quarter => Some(RoundTo::Quarter),
                                Rule::kw_year => Some(RoundTo::Year),
                                _ => None,
                            });
                        }
                        _ => {}
                    }
                }
                let n = n?;
                if rule == Rule::expire_inactive {
                    ExpireAst::Inactive { n, months }
                } else {
                    ExpireAst::After { n, months, round }
                }
            }
        })
    }
}
