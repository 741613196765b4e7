//! Campaigns that come back every year (`every year from 12-01 to 12-24`,
//! `every year on 06-15`, a window without its year) or on one weekday of
//! each month (`every first saturday`): the language says them as a
//! condition on the event's date, which the help writes out.

use super::word_at;

/// The help for a campaign header's schedule: `name` is the campaign's,
/// `last` the word before `word`, at the start of `rest`; `year` the one
/// the program's own dates name.
pub(super) fn schedule(name: &str, last: &str, rest: &str, year: i32) -> Option<String> {
    let word = word_at(rest);
    let mut words = rest.split_whitespace();
    // `every year from 12-01 to 12-24`, `every year on 06-15`.
    if last == "year" {
        return match word {
            "from" => {
                let (first, to, end) = (words.nth(1)?, words.next()?, words.next()?);
                let ((m1, d1), (m2, d2)) = (month_day(first)?, month_day(end)?);
                (to == "to").then(|| {
                    format!(
                        "a campaign on the same dates every year is a condition on the event's \
                         date: `campaign \"{name}\" when {}`",
                        window(m1, d1, m2, d2)
                    )
                })
            }
            "on" => {
                let (m, d) = month_day(words.nth(1)?)?;
                Some(format!(
                    "a campaign on the same day every year is a condition on the event's date: \
                     `campaign \"{name}\" when month(event.date) == {m} and day(event.date) == {d}`"
                ))
            }
            _ => None,
        };
    }
    // `from 12-01 to 12-24`: a window without its year.
    if last == "from" {
        let (first, to, end) = (words.next()?, words.next()?, words.next()?);
        let ((m1, d1), (m2, d2)) = (month_day(first)?, month_day(end)?);
        if to != "to" {
            return None;
        }
        let end_year = if (m2, d2) < (m1, d1) { year + 1 } else { year };
        return Some(format!(
            "a window's days have their year (`from {year}-{m1:02}-{d1:02} to \
             {end_year}-{m2:02}-{d2:02}`); on the same dates every year, it is a condition on the \
             event's date: `campaign \"{name}\" when {}`",
            window(m1, d1, m2, d2)
        ));
    }
    // `every first saturday`, `every 3rd tuesday`.
    let n = match last {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        _ => return None,
    };
    let day = crate::types::WEEKDAYS.into_iter().find(|d| *d == word)?;
    let (from, to) = (7 * n - 6, 7 * n);
    let (among, when) = if n == 1 {
        (
            "its first 7 days".to_string(),
            "day(event.date) <= 7".to_string(),
        )
    } else {
        (
            format!("its days {from} to {to}"),
            format!("day(event.date) >= {from} and day(event.date) <= {to}"),
        )
    };
    Some(format!(
        "the {last} {day} of each month is the {day} among {among}: `campaign \"{name}\" every \
         {day} when {when}`"
    ))
}

/// `12-24`: a month and a day that a year has (29 February included).
fn month_day(word: &str) -> Option<(u32, u32)> {
    let (m, d) = word.split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

/// The condition that holds from `m1-d1` to `m2-d2` every year, both
/// included (through the new year when the end comes first); each part of
/// an `or` in parentheses.
fn window(m1: u32, d1: u32, m2: u32, d2: u32) -> String {
    let month = "month(event.date)";
    let day = "day(event.date)";
    let last = |m: u32| {
        chrono::NaiveDate::from_ymd_opt(2024, m, 1)
            .and_then(|f| f.checked_add_months(chrono::Months::new(1)))
            .and_then(|f| f.pred_opt())
            .map_or(31, |l| chrono::Datelike::day(&l))
    };
    // One month: its days from d1 to d2.
    if m1 == m2 && d1 <= d2 {
        let mut parts = vec![format!("{month} == {m1}")];
        if d1 > 1 {
            parts.push(format!("{day} >= {d1}"));
        }
        if d2 < last(m2) {
            parts.push(format!("{day} <= {d2}"));
        }
        return parts.join(" and ");
    }
    let from = if d1 > 1 {
        format!("({month} == {m1} and {day} >= {d1})")
    } else {
        format!("{month} == {m1}")
    };
    let to = if d2 < last(m2) {
        format!("({month} == {m2} and {day} <= {d2})")
    } else {
        format!("{month} == {m2}")
    };
    let mut parts = vec![from];
    if m1 < m2 {
        // The months between, if any.
        if m2 > m1 + 1 {
            parts.push(format!("({month} > {m1} and {month} < {m2})"));
        }
    } else {
        // Through the new year: the months after the first and before the
        // last.
        if m1 < 12 {
            parts.push(format!("{month} > {m1}"));
        }
        if m2 > 1 {
            parts.push(format!("{month} < {m2}"));
        }
    }
    parts.push(to);
    parts.join(" or ")
}
