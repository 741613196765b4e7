//! A rule's caps against the balances its awards credit: a cap holds for
//! each balance the rule awards (and each its tiers' overrides award), so
//! each must be able to hold it. Written in a balance's unit (`cap 1000
//! miles per transaction`), every award credits that balance; and the cap
//! has no more decimals than a balance it cuts keeps (a cap of 2.5 on
//! whole points gave an award of 2.5 points while the total credited 2).

use super::Checker;
use crate::ast::{Ident, Num};
use crate::codes::Code;
use crate::plan::AwardPlan;

/// A rule's cap, as the rule's checks need it once its awards are known.
#[derive(Debug, Clone)]
pub(super) struct RuleCap {
    pub limit: Num,
    /// The balance its unit names, with the unit as written.
    pub unit: Option<(Ident, usize)>,
}

impl Checker<'_> {
    /// Each cap of rule `rule` against `awards` (`what`: the rule, or a
    /// tier's override of it).
    pub(super) fn rule_caps_fit(&mut self, rule: usize, awards: &[AwardPlan], what: &str) {
        for cap in self.rule_caps.get(&rule).cloned().unwrap_or_default() {
            if let Some((unit, balance)) = &cap.unit {
                self.cap_unit_covers(unit, *balance, awards, what);
            }
            let decimals = cap.limit.value.scale();
            let finer = awards.iter().map(|a| a.balance).find(|b| {
                self.balances
                    .get(*b)
                    .is_some_and(|d| d.precision < decimals)
            });
            if let Some(b) = finer.and_then(|b| self.balances.get(b)) {
                let (name, precision) = (b.name.clone(), b.precision);
                self.error(
                    Code::InvalidValue,
                    cap.limit.span,
                    format!(
                        "the balance `{name}` keeps {precision} decimal places, so a cap on it \
                         cannot have more"
                    ),
                );
            }
        }
    }

    /// A cap in `balance`'s unit: every award credits that balance.
    fn cap_unit_covers(&mut self, unit: &Ident, balance: usize, awards: &[AwardPlan], what: &str) {
        let Some(other) = awards.iter().find(|a| a.balance != balance) else {
            return;
        };
        let other = self.balance_name(other.balance);
        let also = if awards.iter().any(|a| a.balance == balance) {
            " also"
        } else {
            ""
        };
        self.error_help(
            Code::NotHere,
            unit.span,
            format!(
                "this cap counts `{}`, but {what}{also} awards `{other}`",
                self.balance_name(balance)
            ),
            Some("write `points`: a rule's cap holds for each balance the rule awards".to_string()),
        );
    }
}
