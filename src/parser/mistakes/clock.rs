//! Times of day in a condition as people write them: on a 12-hour clock
//! (`hour(tx.time) >= 9pm`, `tx.time < 9:30am`) or with seconds
//! (`21:00:00`). The language reads hours as numbers and times as `HH:MM`.

use super::dates::condition_before;
use super::schedules::{is_clock, twelve_hour};

/// The help for `am`/`pm` after a time in a condition, or for the seconds
/// of a time: the comparison to write.
pub(super) fn clock_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    let rest = src.get(pos..)?;
    let time = before.split_whitespace().next_back()?;
    // `21:00:00`: the seconds.
    if let Some(seconds) = rest.strip_prefix(':') {
        let two = seconds
            .get(..2)
            .is_some_and(|s| s.chars().all(|c| c.is_ascii_digit()));
        if two && is_clock(time) {
            return Some(format!("times are written in hours and minutes: `{time}`"));
        }
    }
    // At the time (`9pm`), at its `am`/`pm` after the number, or at the
    // `:` after an hour of one digit (`9:30am`, `9:30`).
    let (hhmm, left) = if rest.starts_with(':') {
        let written = format!("{time}{}", rest.split_whitespace().next()?);
        let hhmm = match twelve_hour(&written) {
            Some(t) => t,
            None if is_clock(&written) => format!("{written:0>5}"),
            None => return None,
        };
        (hhmm, before.trim_end().strip_suffix(time)?)
    } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
        (twelve_hour(rest)?, before)
    } else {
        let suffix = super::word_at(rest).to_ascii_lowercase();
        if !matches!(suffix.as_str(), "am" | "pm") {
            return None;
        }
        let hhmm = twelve_hour(&format!("{time}{suffix}"))?;
        (hhmm, before.trim_end().strip_suffix(time)?)
    };
    let words: Vec<&str> = condition_before(left).split_whitespace().collect();
    let (field, op) = match words.as_slice() {
        [.., field, op] => (*field, *op),
        _ => return None,
    };
    if !matches!(op, "<" | "<=" | ">" | ">=" | "==" | "!=") {
        return Some(format!("times are written on the 24-hour clock: `{hhmm}`"));
    }
    if field.starts_with("hour(") {
        // An hour is a number: 9pm is 21 (9:30pm is not an hour).
        let (hour, minute) = hhmm.split_once(':')?;
        if minute == "00" {
            return Some(format!(
                "write `{field} {op} {}`",
                hour.parse::<u32>().ok()?
            ));
        }
    }
    if field.ends_with(".time") {
        return Some(format!("write `{field} {op} {hhmm}`"));
    }
    Some(format!("times are written on the 24-hour clock: `{hhmm}`"))
}
