//! Values per recipient and balance within one evaluation, found by index:
//! a program may have thousands of balances, and an event that credits
//! each of them would otherwise search the list of those credited so far
//! for every credit (10,000 balances credited by one event: a second and
//! a half).

use super::scratch::Who;

/// The pairs in the order first set, and for each key (balance × 3 +
/// recipient) its place among them. A place is checked against the pair
/// it names when read, so a place left by an earlier evaluation is never
/// taken for one of this evaluation, and clearing costs only the pairs.
#[derive(Debug, Default)]
pub(crate) struct ByBalance<T> {
    pairs: Vec<(Who, usize, T)>,
    at: Vec<u32>,
}

impl<T> ByBalance<T> {
    fn key(who: Who, balance: usize) -> usize {
        balance.saturating_mul(3).saturating_add(who as usize)
    }

    fn place(&self, who: Who, balance: usize) -> Option<usize> {
        let i = usize::try_from(*self.at.get(Self::key(who, balance))?).ok()?;
        match self.pairs.get(i) {
            Some((w, b, _)) if *w == who && *b == balance => Some(i),
            _ => None,
        }
    }

    /// The value of `who` in `balance`, if set.
    pub(crate) fn get(&self, who: Who, balance: usize) -> Option<&T> {
        let i = self.place(who, balance)?;
        self.pairs.get(i).map(|(_, _, v)| v)
    }

    /// The value of `who` in `balance`, set to `new()` first if it is not
    /// (`None` only past what a place can hold: four billion pairs).
    pub(crate) fn entry(
        &mut self,
        who: Who,
        balance: usize,
        new: impl FnOnce() -> T,
    ) -> Option<&mut T> {
        let i = match self.place(who, balance) {
            Some(i) => i,
            None => {
                let key = Self::key(who, balance);
                if self.at.len() <= key {
                    self.at.resize(key.saturating_add(1), u32::MAX);
                }
                let i = self.pairs.len();
                *self.at.get_mut(key)? = u32::try_from(i).ok()?;
                self.pairs.push((who, balance, new()));
                i
            }
        };
        self.pairs.get_mut(i).map(|(_, _, v)| v)
    }

    pub(crate) fn clear(&mut self) {
        self.pairs.clear();
    }
}
