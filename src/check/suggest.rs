//! "Did you mean" suggestions by edit distance.

use std::cell::Cell;

/// The work a compile spends on suggestions at most: candidate names
/// visited and cells of edit distance. A typo's suggestion is cheap, but
/// thousands of unknown names against thousands of rules' names are not
/// (10,000 of them against 20,000 rules: two minutes); past it, errors go
/// without one. About a tenth of a second.
pub(crate) const SUGGEST_BUDGET: u64 = 50_000_000;

/// Names longer than this get no suggestion (a typo is found in a name one
/// types, and the distance costs the product of the lengths).
const MAX_SUGGESTED: usize = 100;

/// The closest candidate to `name`, if it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    within(name, candidates, &Cell::new(u64::MAX))
}

/// [`did_you_mean`], spending at most what is left of `budget` (none when
/// it runs out before every candidate is weighed).
pub(crate) fn within<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    budget: &Cell<u64>,
) -> Option<String> {
    let lower = name.to_lowercase();
    let n = lower.chars().count();
    if n > MAX_SUGGESTED {
        return None;
    }
    let limit = (n / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let other = c.to_lowercase();
        let m = other.chars().count();
        // The distance is at least the difference in length.
        let near = m.abs_diff(n) <= limit;
        let cells = if near {
            (n + 1).saturating_mul(m + 1)
        } else {
            0
        };
        let cost = u64::try_from(cells).unwrap_or(u64::MAX).saturating_add(1);
        let Some(left) = budget.get().checked_sub(cost) else {
            budget.set(0);
            return None;
        };
        budget.set(left);
        if !near {
            continue;
        }
        let d = distance(&lower, &other);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// How many names a help lists of what the program has.
const LISTED: usize = 10;

/// Names for a help that says what the program has: all of them when they
/// are few, else the first [`LISTED`] and how many more (a help is read by
/// a person, and one per error must not grow with the program).
pub(crate) fn listed<'a, I>(names: I, show: impl Fn(&str) -> String) -> String
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: ExactSizeIterator,
{
    let names = names.into_iter();
    let all = names.len();
    let shown: Vec<String> = names.take(LISTED).map(show).collect();
    match all.checked_sub(LISTED).filter(|more| *more > 0) {
        Some(more) => format!("{} and {more} more", shown.join(", ")),
        None => shown.join(", "),
    }
}

impl super::Checker<'_> {
    /// "Did you mean", within what is left of the compile's budget.
    pub(super) fn suggest<'a>(
        &self,
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<String> {
        within(name, candidates, &self.suggest_budget)
    }
}

/// The weekday a word abbreviates as calendars print it (`fri`, `tues`,
/// `thurs`: three letters or more that begin its name).
pub(crate) fn weekday_abbreviated(word: &str) -> Option<&'static str> {
    crate::types::WEEKDAYS
        .into_iter()
        .find(|w| word.len() >= 3 && w.starts_with(word))
}

/// Edit distance over characters where swapping two neighbours counts as
/// one edit (optimal string alignment), the most common typo.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    let get =
        |d: &Vec<usize>, i: usize, j: usize| d.get(at(i, j)).copied().unwrap_or(usize::MAX / 2);
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            let value = if i == 0 || j == 0 {
                i + j
            } else {
                let same = a.get(i - 1) == b.get(j - 1);
                let mut best = (get(&d, i - 1, j) + 1)
                    .min(get(&d, i, j - 1) + 1)
                    .min(get(&d, i - 1, j - 1) + usize::from(!same));
                if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                    best = best.min(get(&d, i - 2, j - 2) + 1);
                }
                best
            };
            if let Some(slot) = d.get_mut(at(i, j)) {
                *slot = value;
            }
        }
    }
    get(&d, a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("Bsae", ["Base", "Dining"]),
            Some("Base".into())
        );
        assert_eq!(
            did_you_mean("tx.amont", ["tx.amount", "tx.tax"]),
            Some("tx.amount".into())
        );
        assert_eq!(did_you_mean("zzz", ["Base"]), None);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("bsae", "base"), 1);
    }
}
