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
    Categories(&'a [Line]),
    Skus(&'a [Line]),
}

impl Texts<'_> {
    pub(crate) fn contains(&self, item: &str) -> bool {
        match self {
            Texts::Slice(s) => s.iter().any(|x| x == item),
            Texts::Categories(lines) => lines.iter().any(|l| l.category == item),
            Texts::Skus(lines) => lines.iter().any(|l| l.sku == item),
        }
    }
}
