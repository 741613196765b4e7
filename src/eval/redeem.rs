//! A redemption: which burn rule or reward, whether the member may, how
//! many points and what they buy, and which lots pay, in the ledger's
//! order. A refusal says why, with the numbers.

use rust_decimal::{Decimal, RoundingStrategy};

use super::context::Ctx;
use crate::check::did_you_mean;
use crate::error::EvalError;
use crate::exact::Exact;
use crate::input::Redemption;
use crate::ledger::burn::{BurnPlan, Max, Price};
use crate::ledger::{RedemptionOutcome, Refusal, SpentLot};
use crate::rounding::at_places;

impl Ctx<'_> {
    pub(crate) fn redeem(
        &self,
        r: &Redemption,
        running: &[u32],
    ) -> Result<RedemptionOutcome, EvalError> {
        let refuse = |refusal: Refusal| EvalError::Refused {
            event: r.id.clone(),
            refusal,
        };
        let plan = self.plan;
        let (bp, reward) = match (&r.burn, &r.reward) {
            (Some(name), None) => (
                find(&plan.burns, &plan.rewards, name, false).map_err(refuse)?,
                false,
            ),
            (None, Some(name)) => (
                find(&plan.rewards, &plan.burns, name, true).map_err(refuse)?,
                true,
            ),
            _ => return Err(refuse(Refusal::WhichOne)),
        };
        if let Some((cond, text)) = &bp.condition {
            if !self.holds(cond, None, &bp.name)? {
                return Err(refuse(Refusal::NotAllowed {
                    name: bp.name.clone(),
                    condition: text.clone(),
                    tier: self
                        .tier
                        .and_then(|t| plan.tiers.get(usize::from(t)).map(|t| t.to_string())),
                    read: self.what_it_read(cond, text, &bp.name, false),
                }));
            }
        }
        // A running campaign's `discount`: the largest applies.
        let discount = running
            .iter()
            .filter_map(|ci| plan.campaigns.get(*ci as usize))
            .flat_map(|c| {
                c.discounts
                    .iter()
                    .filter(|(n, _)| *n == bp.name)
                    .map(move |(_, pct)| (c.name.clone(), *pct))
            })
            .max_by_key(|(_, pct)| *pct);
        let discounted;
        let bp = match &discount {
            Some((_, pct)) => {
                discounted = discounted_plan(bp, *pct, plan.precision(bp.balance));
                &discounted
            }
            None => bp,
        };
        let balance = plan
            .balances
            .get(bp.balance)
            .map(|b| b.name.to_string())
            .unwrap_or_default();
        let places = plan.precision(bp.balance);
        let asked = match (&bp.price, r.points) {
            (Price::Reward(cost), None) => *cost,
            (Price::Reward(cost), Some(p)) if p == *cost => *cost,
            (Price::Reward(cost), Some(p)) => {
                return Err(refuse(Refusal::RewardCost {
                    name: bp.name.clone(),
                    balance,
                    cost: *cost,
                    asked: p,
                }))
            }
            (_, None) => {
                return Err(refuse(Refusal::NoPoints {
                    name: bp.name.clone(),
                }))
            }
            (_, Some(p)) => p,
        };
        // Spent in the balance's decimals, and shown in them.
        if asked <= Decimal::ZERO || crate::exact::normalized(asked).scale() > places {
            return Err(refuse(Refusal::BadPoints {
                asked,
                balance,
                places,
            }));
        }
        let asked = at_places(asked, places);
        let value = self.value_of(bp, asked, &balance).map_err(refuse)?;
        if let Some(minimum) = bp.minimum.filter(|m| asked < *m) {
            return Err(refuse(Refusal::BelowMinimum {
                balance,
                asked,
                minimum,
            }));
        }
        if let Some(step) = bp.step.filter(|s| asked % *s != Decimal::ZERO) {
            return Err(refuse(Refusal::NotAStep {
                balance,
                asked,
                step,
            }));
        }
        if let Some((max, text)) = &bp.maximum {
            let (max, order) = match max {
                Max::PercentOfLines(p, cond) => {
                    let eligible = self.eligible(r, cond, &bp.name)?;
                    (Max::PercentOfOrder(*p), eligible)
                }
                other => (other.clone(), r.order),
            };
            self.within_maximum(bp, (asked, &balance), max, text, order)
                .map_err(refuse)?;
        }
        let lots = self.pay(bp, asked).map_err(refuse)?;
        Ok(RedemptionOutcome {
            name: bp.name.clone(),
            discount: discount.map(|(campaign, percent)| crate::ledger::BurnDiscount {
                campaign: campaign.to_string(),
                percent: percent.normalize(),
            }),
            reward,
            balance,
            points: Exact::from(asked),
            currency: value.map(|_| plan.currency.clone()),
            value: value.map(|v| Exact::from(at_places(v, plan.currency_places))),
            lots,
        })
    }

    /// What the points buy: a rate's value floored to the currency's minor
    /// unit, or a table's entry; nothing for a reward.
    fn value_of(
        &self,
        bp: &BurnPlan,
        asked: Decimal,
        balance: &str,
    ) -> Result<Option<Decimal>, Refusal> {
        match &bp.price {
            Price::Reward(_) => Ok(None),
            Price::Rate { points, money } => Ok(Some(self.at_rate(asked, *points, *money))),
            Price::Table(entries) => match entries.iter().find(|(p, _)| *p == asked) {
                Some((_, m)) => Ok(Some(*m)),
                None => Err(Refusal::NotInTable {
                    balance: balance.to_string(),
                    asked,
                    entries: entries.iter().map(|(p, _)| *p).collect(),
                }),
            },
        }
    }

    /// The amount of the redemption's order lines for which `cond` holds;
    /// `None` without lines.
    fn eligible(
        &self,
        r: &Redemption,
        cond: &crate::plan::Expr,
        name: &str,
    ) -> Result<Option<Decimal>, EvalError> {
        if r.lines.is_empty() {
            return Ok(None);
        }
        let mut tx = crate::input::Transaction::new(&r.id, r.timestamp, &self.plan.currency);
        tx.lines = r.lines.clone();
        let order = crate::input::Event::Purchase(tx);
        let mut amounts = super::scratch::Amounts::default();
        let (mut by_category, mut by_sku) = (Vec::new(), Vec::new());
        let ctx = Ctx::new(
            self.plan,
            self.member,
            self.state,
            &order,
            &mut amounts,
            (&mut by_category, &mut by_sku),
        )?;
        let mut sum = Decimal::ZERO;
        for l in ctx.lines() {
            if ctx.holds(cond, Some(&l), name)? {
                sum =
                    sum.checked_add(l.amount.to_decimal())
                        .ok_or_else(|| EvalError::Overflow {
                            rule: name.to_string(),
                            during: "its eligible lines".into(),
                        })?;
            }
        }
        Ok(Some(sum))
    }

    fn at_rate(&self, asked: Decimal, points: Decimal, money: Decimal) -> Decimal {
        asked
            .checked_mul(money)
            .and_then(|x| x.checked_div(points))
            .unwrap_or(Decimal::MAX)
            .round_dp_with_strategy(self.plan.currency_places, RoundingStrategy::ToZero)
    }

    fn within_maximum(
        &self,
        bp: &BurnPlan,
        (asked, balance): (Decimal, &str),
        max: Max,
        text: &str,
        order: Option<Decimal>,
    ) -> Result<(), Refusal> {
        let cur = &self.plan.currency;
        let (money, limit) = match max {
            Max::Points(n) => {
                return if asked > n {
                    Err(Refusal::AboveMaximum {
                        balance: balance.to_string(),
                        asked,
                        maximum: n,
                        limit: text.to_string(),
                    })
                } else {
                    Ok(())
                };
            }
            Max::Money(m) => (m, text.to_string()),
            Max::PercentOfLines(..) => return Ok(()),
            Max::PercentOfOrder(p) => {
                let order = order.ok_or_else(|| Refusal::NoOrder {
                    name: bp.name.clone(),
                })?;
                let m = order
                    .checked_mul(p)
                    .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
                    .unwrap_or(Decimal::MAX)
                    .round_dp_with_strategy(self.plan.currency_places, RoundingStrategy::ToZero);
                (m, format!("{text}: {p}% of {order} {cur} is {m} {cur}"))
            }
        };
        // The most points whose value is within the money limit.
        let places = self.plan.precision(bp.balance);
        let maximum = match &bp.price {
            Price::Rate { points, money: per } => money
                .checked_mul(*points)
                .and_then(|x| x.checked_div(*per))
                .unwrap_or(Decimal::MAX)
                .round_dp_with_strategy(places, RoundingStrategy::ToZero),
            Price::Table(entries) => entries
                .iter()
                .filter(|(_, m)| *m <= money)
                .map(|(p, _)| *p)
                .max()
                .unwrap_or(Decimal::ZERO),
            Price::Reward(cost) => *cost,
        };
        if asked > maximum {
            return Err(Refusal::AboveMaximum {
                balance: balance.to_string(),
                asked,
                maximum: at_places(maximum, places),
                limit,
            });
        }
        Ok(())
    }

    /// The lots that pay `asked` points, in the ledger's order (soonest
    /// expiring, then oldest; or oldest first), vested ones only; for a
    /// balance without a ledger, its total.
    fn pay(&self, bp: &BurnPlan, asked: Decimal) -> Result<Vec<SpentLot>, Refusal> {
        let plan = self.plan;
        let name = plan
            .balances
            .get(bp.balance)
            .map_or("", |b| b.name.as_str());
        let ledger = plan.ledgers.iter().find(|l| l.balance == bp.balance);
        let state = self.state;
        let Some(ledger) = ledger else {
            let available = state
                .and_then(|s| s.balance(name))
                .and_then(|b| b.as_decimal())
                .unwrap_or(Decimal::ZERO);
            if asked > available {
                return Err(Refusal::NotEnough {
                    balance: name.to_string(),
                    asked,
                    available,
                    pending: Decimal::ZERO,
                });
            }
            return Ok(Vec::new());
        };
        let lots = state
            .map(|s| ledger.live_lots(s, self.date, None))
            .unwrap_or_default();
        let vested = |l: &crate::ledger::Lot| l.vests_on.is_none_or(|v| v <= self.date);
        // In the balance's decimals, as the refusals show them.
        let places = plan.precision(bp.balance);
        let sum = |keep: &dyn Fn(&crate::ledger::Lot) -> bool| {
            let sum = lots
                .iter()
                .filter(|l| keep(l))
                .filter_map(|l| l.points.as_decimal())
                .fold(Decimal::ZERO, |a, b| a.saturating_add(b));
            at_places(sum, places)
        };
        let available = sum(&vested);
        if asked > available {
            let pending = sum(&|l| !vested(l));
            return Err(if asked <= available.saturating_add(pending) {
                Refusal::Pending {
                    balance: name.to_string(),
                    asked,
                    available,
                    pending,
                }
            } else {
                Refusal::NotEnough {
                    balance: name.to_string(),
                    asked,
                    available,
                    pending,
                }
            });
        }
        let vested_lots = lots.into_iter().filter(|l| vested(l)).map(|l| {
            let has = l.points.as_decimal().unwrap_or(Decimal::ZERO);
            (l.event.clone(), l.earned_on, has)
        });
        Ok(crate::ledger::burn::take_in_order(
            vested_lots,
            asked,
            name,
            places,
        ))
    }
}

/// A burn rule or reward as a discount of `pct` percent makes it: each
/// price in points that much lower (a reward's cost and a table's entries
/// rounded up to the balance's decimals, whole points for most, so that a
/// discount never gives more).
fn discounted_plan(bp: &BurnPlan, pct: Decimal, places: u32) -> BurnPlan {
    let keep = (Decimal::ONE_HUNDRED - pct) / Decimal::ONE_HUNDRED;
    let unit = Decimal::try_new(1, places).unwrap_or(Decimal::ONE);
    let whole = |p: Decimal| {
        p.checked_mul(keep).map_or(p, |x| {
            let up = x.round_dp_with_strategy(places, RoundingStrategy::AwayFromZero);
            at_places(up.max(unit), places)
        })
    };
    let mut out = bp.clone();
    out.price = match &bp.price {
        Price::Reward(cost) => Price::Reward(whole(*cost)),
        Price::Rate { points, money } => Price::Rate {
            points: points.checked_mul(keep).unwrap_or(*points),
            money: *money,
        },
        Price::Table(entries) => {
            Price::Table(entries.iter().map(|(p, m)| (whole(*p), *m)).collect())
        }
    };
    out
}

/// The burn rule (or, for `reward`, the reward) named `name`; `others`
/// are the other kind, named instead by mistake.
fn find<'p>(
    list: &'p [BurnPlan],
    others: &[BurnPlan],
    name: &str,
    reward: bool,
) -> Result<&'p BurnPlan, Refusal> {
    let (what, other) = if reward {
        ("reward", "burn rule")
    } else {
        ("burn rule", "reward")
    };
    if let Some(found) = list.iter().find(|b| b.name == name) {
        return Ok(found);
    }
    if others.iter().any(|b| b.name == name) {
        return Err(Refusal::OtherKind {
            name: name.to_string(),
            is: other.to_string(),
        });
    }
    Err(Refusal::Unknown {
        what: what.to_string(),
        name: name.to_string(),
        suggestion: did_you_mean(name, list.iter().map(|b| b.name.as_str())),
    })
}
