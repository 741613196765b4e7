//! Keyword enums that the parser reads once and later stages use as they
//! are (rounding modes and granularities are public, in `rounding.rs`).

/// How a campaign's multiplier combines with others on the same award
/// (`stacking multiply | add | best`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stacking {
    Multiply,
    Add,
    Best,
}

impl Stacking {
    /// The keyword's stacking; the grammar admits only these words.
    pub(crate) fn from_keyword(word: &str) -> Option<Stacking> {
        Some(match word {
            "multiply" => Stacking::Multiply,
            "add" => Stacking::Add,
            "best" => Stacking::Best,
            _ => return None,
        })
    }
}

/// How tier multipliers and campaign multipliers combine on one award
/// (`multipliers compound | add` in the header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Combine {
    /// Each multiplies what the previous left: x1.25 and x2 make x2.5.
    #[default]
    Compound,
    /// Their bonuses add up: +100% and +100% make x3.
    Add,
}

/// Words a period is said with in published terms (`10 nights per year`,
/// `in a calendar year`, `over 12 months`): none is a tier level, and a
/// requirement counts over the qualification period instead.
/// Words that say what a threshold counts, as terms write it (`500 points
/// earned`, `10 nights stayed`): after a level's requirement, on its line,
/// they would be read as levels of their own.
pub(crate) const MEASURE_WORDS: [&str; 14] = [
    "earned",
    "spent",
    "accrued",
    "collected",
    "accumulated",
    "stayed",
    "flown",
    "completed",
    "made",
    "booked",
    "purchased",
    "bought",
    "redeemed",
    "reached",
];

pub(crate) const PERIOD_WORDS: [&str; 23] = [
    "per", "a", "the", "each", "every", "in", "within", "over", "during", "this", "last",
    "calendar", "rolling", "year", "years", "month", "months", "quarter", "week", "weeks", "day",
    "days", "annually",
];

/// The month a name says (`december`, `dec`, `December`), 1 to 12.
pub(crate) fn month_named(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = name.to_ascii_lowercase();
    let i = MONTHS
        .iter()
        .position(|m| *m == lower || (lower.len() == 3 && m.starts_with(&lower)))?;
    u32::try_from(i + 1).ok()
}

/// The help for a date written in another country's order (`11/20/2026`,
/// `20.11.2026`, `2026/11/20`): the date as the language writes it, year,
/// month, day; both readings when the order cannot tell (`03/04/2027`).
pub(crate) fn date_in_other_order(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.trim().split(['/', '.']).collect();
    let sep_ok = text.contains('/') != text.contains('.');
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let n = |s: &str| {
        (!s.is_empty() && s.len() <= 4)
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (a, b, c, year_first) = (n(a)?, n(b)?, n(c)?, a.len() == 4);
    let date =
        |y: u32, m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    if !sep_ok {
        return None;
    }
    const SAID: &str = "dates are written year, month, day";
    if year_first {
        let d = date(a, b, c)?;
        return Some(format!("{SAID}: `{d}`"));
    }
    if c < 1000 {
        return None;
    }
    // Day first (`20.11.2026`, as dotted dates are), or month first when
    // the day is above 12 (`11/20/2026`).
    let day_first = date(c, b, a);
    let month_first = if text.contains('.') {
        None
    } else {
        date(c, a, b)
    };
    match (day_first, month_first) {
        (Some(d), Some(m)) if d != m => Some(format!(
            "{SAID}: `{m}` ({} {}), or `{d}` ({} {})",
            m.format("%-d"),
            m.format("%B"),
            d.format("%-d"),
            d.format("%B")
        )),
        (Some(d), _) | (None, Some(d)) => Some(format!("{SAID}: `{d}`")),
        (None, None) => None,
    }
}

/// Whether `word` is a unit of a quantity that terms rate points by (`1
/// point per 2 litres`, `per kWh`): the language writes the quantity as a
/// number, `line.quantity`.
pub(crate) fn quantity_unit(word: &str) -> bool {
    const UNITS: [&str; 24] = [
        "litre",
        "litres",
        "liter",
        "liters",
        "gallon",
        "gallons",
        "kwh",
        "kWh",
        "kg",
        "kgs",
        "kilo",
        "kilos",
        "lb",
        "lbs",
        "km",
        "kilometres",
        "kilometers",
        "unit",
        "units",
        "item",
        "items",
        "piece",
        "pieces",
        "bottles",
    ];
    UNITS.contains(&word)
}

/// Money in words, as terms write it (`1 point per dollar`, `50 euros`):
/// the ISO 4217 code the word names, the program's own (`declared`) for a
/// dollar in a program of dollars (USD, CAD, AUD, ...); `None` for a word
/// that names no currency.
pub(crate) fn money_word<'a>(word: &str, declared: &'a str) -> Option<&'a str> {
    const NAMED: [(&str, &str); 15] = [
        ("euro", "EUR"),
        ("pound", "GBP"),
        ("quid", "GBP"),
        ("yen", "JPY"),
        ("franc", "CHF"),
        ("peso", "MXN"),
        ("rupee", "INR"),
        ("real", "BRL"),
        ("reais", "BRL"),
        ("yuan", "CNY"),
        ("krona", "SEK"),
        ("kronor", "SEK"),
        ("krone", "NOK"),
        ("kroner", "NOK"),
        ("zloty", "PLN"),
    ];
    let lower = word.to_ascii_lowercase();
    let one = lower.strip_suffix('s').unwrap_or(&lower);
    if matches!(one, "dollar" | "buck") {
        return Some(if declared.ends_with('D') {
            declared
        } else {
            "USD"
        });
    }
    if one == "rand" {
        return Some("ZAR");
    }
    NAMED
        .iter()
        .find(|(w, _)| *w == one || *w == lower)
        .map(|(_, code)| *code)
}
