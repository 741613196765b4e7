//! A counter's period as published terms say it: `spend in the last 30
//! days`, `visits during this month`, `spend over the past 6 months`,
//! `stays in total`, `spend last month`; and a `count` statement as
//! authors first write it.

/// Words a period is said with that the language leaves out (`in the
/// last 30 days` is `last 30 days`).
const FILLERS: [&str; 8] = ["in", "during", "over", "for", "within", "of", "the", "a"];

/// Where an operator, a block or a joining word ends a counter's period.
const ENDS: [&str; 12] = [
    ">=", "<=", ">", "<", "==", "!=", "{", "}", "and", "or", ")", ",",
];

/// The help for a counter read at `pos` whose period is in words other
/// than the language's: the read as it is written (`spend last 30 days`).
pub(super) fn counter_period(src: &str, pos: usize) -> Option<String> {
    let counters = declared_counters(src);
    let before = src.get(..pos)?;
    let line = before.get(before.rfind('\n').map_or(0, |i| i + 1)..)?;
    let words: Vec<&str> = line.split_whitespace().collect();
    // The nearest counter before `pos` on its line, with nothing between
    // it and `pos` but the words of a period.
    let at = words.iter().rposition(|w| counters.contains(w))?;
    let name = *words.get(at)?;
    let between = words.get(at + 1..)?;
    if between.len() > 6 || between.iter().any(|w| ENDS.contains(w)) {
        return None;
    }
    let after = src.get(pos..)?.split_whitespace();
    let phrase: Vec<String> = between
        .iter()
        .copied()
        .chain(after)
        .take_while(|w| !ENDS.contains(w))
        .take(8)
        .map(str::to_ascii_lowercase)
        .collect();
    let read = |period: String| format!("a counter's period follows its name: `{name} {period}`");
    match period_of(&phrase)? {
        Period::Said(period) => {
            // A period already in the language's words is not the mistake.
            (period != phrase.join(" ")).then(|| read(period))
        }
        Period::Previous(unit) => {
            let (rolling, so_far) = match unit {
                "week" => ("last 7 days", "the week so far"),
                "year" => ("last 12 months", "the calendar year so far"),
                _ => ("last 30 days", "the calendar month so far"),
            };
            let this = format!("this {unit}");
            Some(format!(
                "`last` takes a number of days or months: `{name} {rolling}`; {so_far} is `{name} {this}`"
            ))
        }
    }
}

/// A period as the language says it, from the words of one.
enum Period {
    /// `last 30 days`, `this month`, `lifetime`.
    Said(String),
    /// `last month`: the one before this one, which is no period of the
    /// language (the unit).
    Previous(&'static str),
}

fn period_of(phrase: &[String]) -> Option<Period> {
    let words: Vec<&str> = phrase
        .iter()
        .map(String::as_str)
        .skip_while(|w| FILLERS.contains(w))
        .filter(|w| *w != "calendar")
        .collect();
    let unit = |w: &str| -> Option<&'static str> {
        Some(match w.strip_suffix('s').unwrap_or(w) {
            "day" => "day",
            "week" => "week",
            "month" => "month",
            "quarter" => "quarter",
            "year" => "year",
            _ => return None,
        })
    };
    Some(match words.as_slice() {
        ["last" | "past" | "previous", n, u, ..] if n.chars().all(|c| c.is_ascii_digit()) => {
            let n: u32 = n.parse().ok()?;
            match unit(u)? {
                "day" => Period::Said(format!("last {n} days")),
                "week" => Period::Said(format!("last {} days", n.checked_mul(7)?)),
                "month" => Period::Said(format!("last {n} months")),
                "year" => Period::Said(format!("last {} months", n.checked_mul(12)?)),
                _ => return None,
            }
        }
        ["last" | "past" | "previous", u, ..] => match unit(u)? {
            "day" => Period::Said("today".into()),
            u @ ("week" | "month" | "year") => Period::Previous(u),
            _ => return None,
        },
        ["this" | "current", u, ..] | [u, ..] if unit(u).is_some() => match unit(u)? {
            "day" => Period::Said("today".into()),
            u => Period::Said(format!("this {u}")),
        },
        ["today", ..] => Period::Said("today".into()),
        ["total" | "ever" | "lifetime", ..] | ["all", "time", ..] => {
            Period::Said("lifetime".into())
        }
        _ => return None,
    })
}

/// The counters the program's text declares (`counter NAME`).
pub(super) fn declared_counters(src: &str) -> Vec<&str> {
    super::declared(src, &["counter"])
}

/// A count as authors first write it: without its amount (`count visits
/// on purchase`) or its `to`, `on every purchase`, two kinds of event.
pub(super) fn count_words(src: &str, line: &str, rest: &str, word: &str) -> Option<String> {
    let counted = line.strip_prefix("count ")?.trim_end();
    let words: Vec<&str> = counted.split_whitespace().collect();
    let tail = super::one_statement(rest).trim();
    match (words.as_slice(), word) {
        // `count 1 to visits when purchase`: the kind after `on`.
        ([.., "to", _], "when" | "if" | "for" | "per" | "with")
            if crate::kinds::Kind::names().any(|k| {
                k == super::word_at(rest.get(word.len()..).unwrap_or("").trim_start())
            }) =>
        {
            let kind = tail.get(word.len()..)?.trim();
            Some(format!(
                "the event's kind follows `on`: `count {counted} on {kind}`"
            ))
        }
        // `count 1 to visits per line on purchase`: a count of each line.
        ([.., "to", _], "per" | "for")
            if matches!(
                super::word_at(tail.get(word.len()..)?.trim_start()),
                "line" | "each"
            ) =>
        {
            let on = tail.get(tail.find(" on ")? + 1..)?.trim();
            Some(format!("write `count {counted} {on} for each line`"))
        }
        // `count to visits 1 on purchase`: the counter before the amount.
        (["to"], counter) if !counter.is_empty() => {
            let mut said = tail.split_whitespace();
            let (counter, amount) = (said.next()?, said.next()?);
            let on: Vec<&str> = said.collect();
            Some(format!(
                "the amount comes first: `count {amount} to {counter} {}`",
                on.join(" ")
            ))
        }
        // `count line.quantity as nights`, `into`: the word is `to`.
        ([amount], "as" | "into" | "in" | "onto" | "towards" | "for") => {
            let tail = tail.get(word.len()..)?.trim_start();
            Some(format!("write `count {amount} to {tail}`"))
        }
        // `count visits on purchase`: the amount left out.
        ([counter], "on") => Some(format!(
            "a count says what it adds: `count 1 to {counter} {tail}`"
        )),
        // `count 1 visits on purchase`: `to` left out.
        ([amount], _) if !word.is_empty() && word != "to" => {
            // `count 1 rental`: the counter declared as `rentals`.
            let counters = declared_counters(src);
            let tail = match crate::check::did_you_mean(word, counters.iter().copied()) {
                Some(counter) if !counters.contains(&word) => {
                    format!("{counter}{}", tail.get(word.len()..).unwrap_or(""))
                }
                _ => tail.to_string(),
            };
            Some(format!("write `count {amount} to {tail}`"))
        }
        // `on every purchase` (`every` read as the kind, then the kind).
        ([.., "on", "every" | "each" | "all"], kind) if !kind.is_empty() => {
            let kind = kind.strip_suffix('s').unwrap_or(kind);
            Some(format!("write `on {kind}`: every event of the kind counts"))
        }
        // `on purchase and review`, `on purchase, return`.
        ([.., "on", _], _) if rest.starts_with(',') || matches!(word, "and" | "or") => {
            let next = tail
                .trim_start_matches([',', ' '])
                .split_whitespace()
                .find(|w| !matches!(*w, "and" | "or"))?;
            if next.starts_with("return") {
                return Some(
                    "a return takes back what its purchase counted: count only `on purchase`"
                        .into(),
                );
            }
            let head = counted.get(..counted.rfind(" on ")?)?;
            Some(format!(
                "a count names one kind of event: one `count` for each, `count {head} on {next}`"
            ))
        }
        _ => None,
    }
}

/// `counter visits = 0`, `count visits += 1 on purchase`: a counter as a
/// variable. The message and the help, for an `=` at `pos`.
pub(super) fn assignment(src: &str, pos: usize) -> Option<(&'static str, String)> {
    let before = src.get(..pos)?;
    let line = before
        .get(before.rfind('\n').map_or(0, |i| i + 1)..)?
        .trim();
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        ["counter", name] => Some((
            "a counter is declared without a value",
            format!("a counter starts at zero: `counter {name}`"),
        )),
        ["count", name] | ["count", name, "+"] => {
            let name = name.trim_end_matches('+');
            let rest = src.get(pos + 1..)?;
            let mut said = super::one_statement(rest).split_whitespace();
            let amount = said.next()?;
            let on: Vec<&str> = said.collect();
            let on = if on.is_empty() {
                "on purchase".to_string()
            } else {
                on.join(" ")
            };
            Some((
                "a count adds to a counter with `to`",
                format!("write `count {amount} to {name} {on}`"),
            ))
        }
        _ => None,
    }
}
