//! A cancelled redemption's points given back to a state: to the lots
//! that paid them, after what the wallet owes to returns and what returns
//! made after the redemption forgave.

use super::apply::{overflow, sum};
use super::{MemberState, StateChange, StateError};
use crate::exact::Exact;

impl MemberState {
    /// The cancellation part of applying `c`: its points back, first
    /// paying what is owed, then what returns forgave (`c.withheld`).
    pub(super) fn give_back(&mut self, c: &StateChange) -> Result<(), StateError> {
        let mut withhold = c.withheld;
        for (balance, lot) in &c.restored {
            self.restore(balance, lot, &mut withhold)?;
        }
        if let Some(id) = &c.cancelled {
            if !c.restored.is_empty() && !withhold.is_zero() {
                return Err(StateError::NotForgiven {
                    balance: c.restored.first().map(|r| r.0.clone()).unwrap_or_default(),
                    redemption: id.clone(),
                    points: c.withheld,
                });
            }
            self.pay_forgiven(id, c.withheld)?;
        }
        Ok(())
    }

    /// Gives a cancelled redemption's points back to the lot that paid
    /// them: the lot itself when it still holds points, else the lot as it
    /// was, with them. They are no longer redeemed; points owed to a
    /// return are paid from them first, as from a new lot.
    pub(crate) fn restore(
        &mut self,
        balance: &str,
        back: &crate::ledger::Lot,
        withhold: &mut Exact,
    ) -> Result<(), StateError> {
        let what = || format!("balance {balance}");
        let wallet = self.wallets.entry(balance.to_string()).or_default();
        wallet.redeemed = wallet
            .redeemed
            .checked_sub(back.points)
            .ok_or_else(|| overflow(what()))?;
        let mut back = back.clone();
        pay_owed(wallet, &mut back, balance)?;
        // Then what returns forgave: taken back too.
        let pay = (*withhold).min(back.points).max(Exact::ZERO);
        if !pay.is_zero() {
            back.points = back
                .points
                .checked_sub(pay)
                .ok_or_else(|| overflow(what()))?;
            *withhold = withhold.checked_sub(pay).ok_or_else(|| overflow(what()))?;
            wallet.reversed = sum(wallet.reversed, pay, what)?;
        }
        if back.points.is_zero() {
            return Ok(());
        }
        match wallet
            .lots
            .iter_mut()
            .find(|l| l.event == back.event && l.earned_on == back.earned_on)
        {
            Some(lot) => {
                let points = sum(lot.points, back.points, what)?;
                if points > lot.earned {
                    return Err(StateError::NoSuchLot {
                        balance: balance.to_string(),
                        event: back.event.clone(),
                    });
                }
                lot.points = points;
            }
            None => {
                let at = wallet
                    .lots
                    .iter()
                    .position(|l| l.earned_on > back.earned_on)
                    .unwrap_or(wallet.lots.len());
                wallet.lots.insert(at, back);
            }
        }
        Ok(())
    }

    /// Pays `points` of what returns forgave for the redemption `id`
    /// (before its receipt goes), oldest first.
    fn pay_forgiven(&mut self, id: &str, points: Exact) -> Result<(), StateError> {
        if points.is_zero() {
            return Ok(());
        }
        let receipt = self.redemptions.get(id).filter(|_| !points.is_negative());
        let Some(receipt) = receipt else {
            return Err(StateError::NotForgiven {
                balance: String::new(),
                redemption: id.to_string(),
                points,
            });
        };
        let balance = receipt.balance.clone();
        let mut left = points;
        for f in self.forgiven.iter_mut().filter(|f| f.paid_by(receipt)) {
            let pay = left.min(f.points);
            let what = || format!("balance {balance}");
            f.points = f.points.checked_sub(pay).ok_or_else(|| overflow(what()))?;
            left = left.checked_sub(pay).ok_or_else(|| overflow(what()))?;
        }
        if !left.is_zero() {
            return Err(StateError::NotForgiven {
                balance,
                redemption: id.to_string(),
                points,
            });
        }
        self.forgiven.retain(|f| !f.points.is_zero());
        Ok(())
    }
}

/// Pays what the wallet owes to a return from `lot`'s points first: they
/// are taken back (reversed) instead of held.
pub(super) fn pay_owed(
    wallet: &mut crate::ledger::Wallet,
    lot: &mut crate::ledger::Lot,
    balance: &str,
) -> Result<(), StateError> {
    let pay = wallet.owed.min(lot.points);
    if !pay.is_zero() && !pay.is_negative() {
        let what = || format!("balance {balance}");
        lot.points = lot
            .points
            .checked_sub(pay)
            .ok_or_else(|| overflow(what()))?;
        wallet.owed = wallet
            .owed
            .checked_sub(pay)
            .ok_or_else(|| overflow(what()))?;
        wallet.reversed = sum(wallet.reversed, pay, what)?;
    }
    Ok(())
}
