//! Values during evaluation. Text borrows from the input: evaluating a
//! condition copies no string.

use crate::exact::Exact;
use chrono::{NaiveDate, NaiveTime};

use crate::input::Line;

#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'a> {
    /// A field or attribute the input does not have, or the unknown result
    /// of comparing with one (`member.segment != "vip"` for a member without
    /// a segment): a condition holds only when it is `Bool(true)`.
    Absent,
    Bool(bool),
    Num(Exact),
    Text(&'a str),
    Date(NaiveDate),
    Time(NaiveTime),
    Tier(u16),
    Weekday(u8),
    Texts(Texts<'a>),
}

/// A list of text, read in place from the input.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Texts<'a> {
    Slice(&'a [String]),
    /// The transaction's lines' categories (searched through the context,
    /// which may hold them sorted: see `Plan::reads_tx_lists`).
    Categories,
    /// The transaction's lines' SKUs, likewise.
    Skus,
}

/// Whether `item` is a key of `lines`; `sorted` holds line positions in key
/// order, or nothing (then the lines are scanned).
pub(crate) fn search(
    lines: &[Line],
    sorted: &[u32],
    item: &str,
    key: impl Fn(&Line) -> &String,
) -> bool {
    if sorted.len() != lines.len() {
        return lines.iter().any(|l| key(l) == item);
    }
    sorted
        .binary_search_by(|p| {
            lines
                .get(*p as usize)
                .map_or(std::cmp::Ordering::Less, |l| key(l).as_str().cmp(item))
        })
        .is_ok()
}

/// Line positions sorted by `key`, for [`Texts`] searches.
pub(crate) fn sort_lines(out: &mut Vec<u32>, lines: &[Line], key: impl Fn(&Line) -> &String) {
    out.clear();
    out.extend((0u32..).take(lines.len()));
    out.sort_unstable_by(|a, b| {
        let ka = lines.get(*a as usize).map(&key);
        let kb = lines.get(*b as usize).map(&key);
        ka.cmp(&kb)
    });
}
