//! Dates, times and periods as published terms write them: a campaign
//! `on` a day, `every saturday and sunday`, `every 11th`, `until`, `Nov
//! 27`, `5pm`, `between ... and ...` in a condition, `per calendar year`,
//! a period not per member.

use super::{statement_rest, word_at};
use crate::error::Diagnostic;
use crate::span::Span;

/// `X between LOW and HIGH` in a condition (`between` belongs to campaign
/// schedules' hours): a range is two comparisons.
pub(super) fn between_range(src: &str, pos: usize) -> Option<Diagnostic> {
    let after = src.get(pos..)?.strip_prefix("between")?;
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let before = src.get(..pos)?.trim_end();
    // In a condition: `when` since the last block opened or closed.
    let statement = before
        .rfind(['{', '}'])
        .map_or(before, |i| before.get(i..).unwrap_or_default());
    if !statement
        .split_whitespace()
        .any(|w| w == "when" || w == "where")
    {
        return None;
    }
    let value = before.split_whitespace().next_back()?;
    let range = after
        .split(['{', '\n'])
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let help = match range.split_once(" and ") {
        Some((low, high)) => format!("write `{value} >= {low} and {value} <= {high}`"),
        None => format!("write `{value} >= LOW and {value} <= HIGH`"),
    };
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, pos + "between".len()),
            "`between` is not an operator of conditions: a range is two comparisons",
        )
        .with_help(Some(help)),
    )
}

/// `campaign "Black Friday" on 2026-11-27`, `on saturdays`: a campaign
/// runs from a date to a date, or every weekday or day of the month.
pub(super) fn campaign_on(src: &str, pos: usize) -> Option<Diagnostic> {
    let rest = src.get(pos..)?;
    let word = super::word_at(rest);
    if !matches!(word, "on" | "in" | "during") {
        return None;
    }
    let after = rest.get(word.len()..)?;
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let before = src.get(..pos)?.trim_end();
    let name_start = before.strip_suffix('"')?.rfind('"')?;
    if !before.get(..name_start)?.trim_end().ends_with("campaign") {
        return None;
    }
    let after = after.trim_start();
    let after = after.strip_prefix("the ").unwrap_or(after).trim_start();
    let after = after
        .strip_prefix("month of ")
        .unwrap_or(after)
        .trim_start();
    let next: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let day = plural_day(&next.to_ascii_lowercase());
    let month = crate::keywords::month_named(&next);
    let help = if next.len() == 10 && next.chars().filter(|c| *c == '-').count() == 2 {
        format!("one day is `from {next} to {next}`")
    } else if let Some(day) = day {
        format!("write `every {day}`")
    } else if let Some(m) = month {
        let year = program_year(src);
        let first = chrono::NaiveDate::from_ymd_opt(year, m, 1)?;
        let last = first
            .checked_add_months(chrono::Months::new(1))?
            .pred_opt()?;
        format!(
            "write `from {first} to {last}` (every year: a condition, `when month(event.date) == {m}`)"
        )
    } else if word == "on" {
        "write `from 2026-11-27 to 2026-11-30`, `every saturday` or `every month on day 11`".into()
    } else {
        return None;
    };
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, pos + word.len()),
            "a campaign runs `from DATE to DATE`, or `every` weekday or day of the month",
        )
        .with_help(Some(help)),
    )
}

/// `per member per calendar year`: periods are calendar periods.
pub(super) fn calendar_period(src: &str, pos: usize) -> Option<Diagnostic> {
    let after = src.get(pos..)?.strip_prefix("calendar")?;
    if !src.get(..pos)?.trim_end().ends_with("per") {
        return None;
    }
    let unit: String = after
        .trim_start()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    if !matches!(unit.as_str(), "year" | "month" | "quarter" | "week" | "day") {
        return None;
    }
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, pos + "calendar".len()),
            format!("periods are calendar periods: `per {unit}` is the calendar {unit}"),
        )
        .with_help(Some(format!("write `per {unit}`"))),
    )
}

/// `cap N points per week`, `limit 1 per day`: a period is per member.
pub(super) fn member_period(src: &str, pos: usize) -> Option<String> {
    if !src.get(..pos)?.trim_end().ends_with(" per") {
        return None;
    }
    // The words of a period (`calendar_period`, `rolling_period`).
    const WORDS: [&str; 8] = [
        "day",
        "days",
        "week",
        "month",
        "months",
        "quarter",
        "year",
        "membership",
    ];
    let mut period = Vec::new();
    for w in src.get(pos..)?.split_whitespace() {
        let number = w.chars().all(|c| c.is_ascii_digit());
        if (number && period.is_empty()) || WORDS.contains(&w) {
            period.push(w);
        } else {
            break;
        }
    }
    let first = *period.first()?;
    (period.len() > 1 || WORDS.contains(&first)).then(|| {
        format!(
            "a period is counted per member: `per member per {}`",
            period.join(" ")
        )
    })
}

/// The month (1 to 12) a word names as terms write it (`Nov`, `December`).
fn month_of(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = word.to_ascii_lowercase();
    let i = MONTHS.iter().position(|m| lower.starts_with(m))?;
    u32::try_from(i + 1).ok()
}

/// A date as terms write it, `word` its month's name at the start of
/// `text` (`Nov 27`): the month and the day (the first without one).
pub(super) fn month_day(word: &str, text: &str) -> Option<(u32, u32)> {
    let month = month_of(word)?;
    let day: String = text
        .get(word.len()..)?
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some((month, day.parse().unwrap_or(1)))
}

/// Whether `word` is a date as programs write it (`2026-11-20`).
/// The date at the start of `text`, as a word (`2026-03-01`).
fn word_at_date(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("")
}

/// The year a program's own dates name first, for a date it leaves out;
/// 2026 when it names none.
fn program_year(src: &str) -> i32 {
    src.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .find(|w| is_date(w))
        .and_then(|d| d.get(..4)?.parse().ok())
        .unwrap_or(2026)
}

/// `weekday` for `weekdays`, `friday` for `fridays`: days as promotions
/// name them, without `every`.
pub(super) fn plural_day(word: &str) -> Option<&'static str> {
    let one = word.strip_suffix('s').unwrap_or(word);
    crate::types::WEEKDAYS
        .into_iter()
        .chain(["weekday", "weekend"])
        .find(|d| *d == one)
}

pub(super) fn is_date(word: &str) -> bool {
    chrono::NaiveDate::parse_from_str(word, "%Y-%m-%d").is_ok()
}

/// A campaign as published terms say it: `every saturday and sunday`,
/// `every 11th`, `until`, `Nov 27`, an `award` or a `cap` in its block.
pub(super) fn campaign_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    let start = super::last_keyword(before, "campaign")?;
    let since = before.get(start..)?;
    let opened = since.matches('{').count();
    let closed = since.matches('}').count();
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    let last = before.split_whitespace().next_back().unwrap_or_default();
    if opened == 0 {
        // Its header: the schedule.
        let ordinal = word
            .strip_suffix("th")
            .or_else(|| word.strip_suffix("st"))
            .or_else(|| word.strip_suffix("nd"))
            .or_else(|| word.strip_suffix("rd"))
            .filter(|d| d.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d)));
        // A weekday, or one abbreviated as calendars print it.
        let weekday = |w: &str| {
            crate::types::WEEKDAYS
                .into_iter()
                .find(|d| *d == w)
                .or_else(|| crate::check::weekday_abbreviated(w))
        };
        // What the header says after its name (`every tuesday`).
        let schedule = since
            .get(
                since
                    .find('"')
                    .and_then(|a| Some(a + 1 + since.get(a + 1..)?.find('"')? + 1))?..,
            )?
            .trim();
        // `every year from 12-01 to 12-24`, `every first saturday`.
        let name = since.split('"').nth(1).unwrap_or("Campaign");
        if let Some(help) = super::yearly::schedule(name, last, rest, program_year(src)) {
            return Some(help);
        }
        // `daily from 2pm to 5pm`: a campaign runs every day without a
        // word for it.
        if matches!(word, "daily" | "everyday" | "nightly") && schedule.is_empty() {
            let after: Vec<&str> = statement_rest(rest.get(word.len()..)?)
                .split_whitespace()
                .collect();
            let clock = |t: &str| twelve_hour(t).or_else(|| is_clock(t).then(|| t.to_string()));
            let hours = match after.as_slice() {
                ["from" | "between", a, "to" | "and" | "-", b, ..] => clock(a).zip(clock(b)),
                _ => None,
            };
            return Some(match hours {
                Some((a, b)) => format!(
                    "a campaign without `every` runs every day: `campaign \"{name}\" between {a} and {b}`"
                ),
                None => format!("a campaign without `every` runs every day: leave out `{word}`"),
            });
        }
        return Some(match word {
            // `every tuesday in march`, `every day in december`.
            "in" if schedule.starts_with("every") => {
                let month = month_of(word_at(rest.get(2..)?.trim_start()))?;
                let year = program_year(src);
                let first = chrono::NaiveDate::from_ymd_opt(year, month, 1)?;
                let last_day = first
                    .checked_add_months(chrono::Months::new(1))?
                    .pred_opt()?;
                let every = if schedule == "every day" {
                    String::new()
                } else {
                    format!(" {schedule}")
                };
                format!(
                    "a campaign in one month runs between its dates: `from {first} to {last_day}{every}`"
                )
            }
            // `every tuesday from 2026-03-01 to 2026-03-31`.
            "from" if schedule.starts_with("every") && is_date(word_at_date(rest.get(4..)?)) => {
                let dates = statement_rest(rest).split('{').next()?.trim();
                let dates: Vec<&str> = dates.split_whitespace().take(4).collect();
                format!("the dates come first: `{} {schedule}`", dates.join(" "))
            }
            // `weekdays 2pm-5pm`, `fridays`: without `every`.
            _ if schedule.is_empty() && plural_day(word).is_some() => {
                let day = plural_day(word)?;
                let hours = statement_rest(rest.get(word.len()..)?)
                    .split_whitespace()
                    .next()
                    .and_then(|h| h.split_once('-'))
                    .and_then(|(a, b)| Some((twelve_hour(a)?, twelve_hour(b)?)))
                    .map(|(a, b)| format!(" between {a} and {b}"))
                    .unwrap_or_default();
                format!("write `every {day}{hours}`")
            }
            "and" if weekday(last).is_some() => {
                let next: String = rest
                    .get(3..)?
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                let (first, next) = (weekday(last)?, weekday(&next).unwrap_or(&next));
                format!("list the days with commas: `every {first}, {next}`")
            }
            "until" | "through" | "thru" => "write `to`: the last day is included".into(),
            // `from 2026-11-20 - 2026-11-30`.
            "" if rest.starts_with('-') && is_date(last) => {
                let end = rest.get(1..)?.split_whitespace().next()?;
                format!("write `from {last} to {end}`: the last day is included")
            }
            // `every friday from 17:00 to 19:00`: hours.
            "from"
                if rest
                    .get(4..)?
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit())
                    && !is_date(rest.get(4..)?.split_whitespace().next()?) =>
            {
                let mut words = rest.get(4..)?.split_whitespace();
                let (start, end) = (words.next()?, words.nth(1)?);
                format!("hours are written `between {start} and {end}` (the end excluded)")
            }
            // `every month on the 1st`.
            "the" if last == "on" => {
                let day: String = rest
                    .get(3..)?
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                format!("write `every month on day {}`", day.parse::<u8>().ok()?)
            }
            // `every month on day 1 and 15`.
            "and" if last.parse::<u8>().is_ok() && before.contains("on day") => {
                let days = before
                    .get(before.rfind("on day")? + "on day".len()..)?
                    .trim();
                let next: String = rest
                    .get(3..)?
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                format!("days are listed with commas: `every month on day {days}, {next}`")
            }
            _ if ordinal.is_some() => {
                format!("a day of the month is `every month on day {}`", ordinal?)
            }
            _ if ["from", "to"].contains(&last) && word.len() >= 3 => {
                let (month, day) = month_day(word, rest)?;
                format!("dates are written year, month, day: `2026-{month:02}-{day:02}`")
            }
            _ => return None,
        });
    }
    // Its block, outside its rules.
    if opened != closed + 1 {
        return None;
    }
    let name = since.split('"').nth(1).unwrap_or("Campaign");
    let statement = statement_rest(rest).trim();
    match word {
        "award" | "bonus" => {
            let award = statement.get(word.len()..)?.trim();
            let words: Vec<&str> = award.split_whitespace().collect();
            // `award 2x points on "Base"`, `award double points`: a
            // multiplier.
            let factor = words.first().and_then(|w| match *w {
                "double" | "twice" => Some("2".to_string()),
                "triple" => Some("3".to_string()),
                w => w
                    .strip_suffix(['x', 'X'])
                    .filter(|n| n.parse::<rust_decimal::Decimal>().is_ok())
                    .map(str::to_string),
            });
            if let Some(factor) = factor {
                let target = award
                    .split_once(" on ")
                    .map_or("all", |(_, rule)| rule.trim());
                return Some(format!(
                    "a campaign multiplies a rule's points: `multiply {target} by {factor}`"
                ));
            }
            let rule = if name.to_ascii_lowercase().contains("bonus") {
                name.to_string()
            } else {
                format!("{name} bonus")
            };
            Some(format!(
                "a campaign's bonus is a rule inside it: `earn \"{rule}\" on purchase {{ award {award} }}`"
            ))
        }
        "cap" => {
            let written = statement.strip_prefix("cap")?.trim();
            // `6000 points`, and the scope as written (`per member per
            // quarter`), else the usual one.
            let (amount, scope) = match written.split_once(" per ") {
                Some((amount, scope)) => (amount.trim(), scope.trim()),
                None => (written, "transaction"),
            };
            Some(format!(
                "a cap is a rule's (`cap {amount} per {scope}` in the rule), or the campaign's total is its `budget {amount}`"
            ))
        }
        _ => None,
    }
}

/// A time on the 24-hour clock, `HH:MM` (or `H:MM`).
pub(super) fn is_clock(word: &str) -> bool {
    word.split_once(':').is_some_and(|(h, m)| {
        (1..=2).contains(&h.len())
            && m.len() == 2
            && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit())
    })
}

/// `5pm`, `7:30 pm`, `12am` on the 24-hour clock.
pub(super) fn twelve_hour(rest: &str) -> Option<String> {
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let after = rest.get(digits.len()..)?.trim_start().to_ascii_lowercase();
    let pm = if after.starts_with("pm") {
        true
    } else if after.starts_with("am") {
        false
    } else {
        return None;
    };
    let (hour, minute) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (digits.parse::<u32>().ok()?, 0),
    };
    if !(1..=12).contains(&hour) || minute > 59 {
        return None;
    }
    let hour = match (hour, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    };
    Some(format!("{hour:02}:{minute:02}"))
}
