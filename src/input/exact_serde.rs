//! Deserializers for input fields that never change a value silently: a
//! decimal is read exactly or refused, a date or timestamp that does not
//! exist is refused with the text that was given, and an attribute given
//! twice is refused.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::de::{self, MapAccess, Visitor};
use serde::Deserializer;

use super::{Attributes, Value};

/// Significant digits an `f64` keeps for any decimal literal.
const F64_DIGITS: usize = 15;

/// The decimal a JSON float stands for, if it is exact: the shortest text
/// that reads back as the same `f64` is the literal the author wrote when
/// that literal has at most 15 significant digits.
pub(crate) fn float(f: f64) -> Result<Decimal, String> {
    let text = f.to_string();
    let too_long = || {
        format!(
            "the number {text} has more digits than a JSON number keeps exactly: write it as a string, \"{text}\""
        )
    };
    if significant_digits(&text) > F64_DIGITS {
        return Err(too_long());
    }
    Decimal::from_str_exact(&text).map_err(|_| too_long())
}

/// Significant digits of a number's text (its mantissa, without leading zeros).
pub(crate) fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or("");
    mantissa
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|c| *c == '0')
        .count()
}

/// A decimal from text, exactly.
pub(crate) fn text(s: &str) -> Result<Decimal, String> {
    Decimal::from_str_exact(s.trim()).map_err(|_| {
        if s.trim().parse::<Decimal>().is_ok() {
            format!("\"{s}\" cannot be held exactly: a decimal has at most 28 significant digits")
        } else {
            match as_printed(s.trim()) {
                Some(hint) => format!("\"{s}\" is not a number: {hint}"),
                None => format!("\"{s}\" is not a number"),
            }
        }
    })
}

/// An amount as a receipt prints it (`$12.50`, `12,50`, `1,250.00`): what
/// to send instead.
fn as_printed(s: &str) -> Option<String> {
    let number = |t: &str| Decimal::from_str_exact(t).is_ok();
    let bare = s.trim_start_matches(['$', '€', '£', '¥']).trim();
    if bare.len() < s.len() && number(bare) {
        return Some(format!("write it without the currency's sign, \"{bare}\""));
    }
    let (whole, last) = s.rsplit_once(',')?;
    // One comma before two decimals, no point: a decimal comma.
    if !s.contains('.') && !whole.contains(',') && last.len() != 3 {
        let point = format!("{whole}.{last}");
        return number(&point).then(|| format!("decimals are written with a point, \"{point}\""));
    }
    let plain = s.replace(',', "");
    number(&plain).then(|| format!("write it without separators, \"{plain}\""))
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number, such as \"12.50\"")
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(i))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(u))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Decimal, E> {
        float(f).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Decimal, E> {
        text(s).map_err(E::custom)
    }
}

/// Whether a decimal is what a field left out reads as (`0`, without
/// decimals): such a field is left out when written, so that what is
/// written reads back the same (`0.00` is written).
pub(crate) fn is_default(d: &Decimal) -> bool {
    d.is_zero() && d.scale() == 0 && !d.is_sign_negative()
}

/// Whether a count is zero, what a count left out reads as.
#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde passes a reference"
)]
pub(crate) fn is_zero_count(n: &u64) -> bool {
    *n == 0
}

/// An exact decimal: a string (`"12.50"`, any number of digits a decimal
/// holds) or a JSON number of at most 15 significant digits.
pub(crate) fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecimalVisitor)
}

/// An exact decimal, if present (see [`decimal`]).
pub(crate) fn optional_decimal<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Decimal>, D::Error> {
    struct Exactly(Decimal);
    impl<'de> serde::Deserialize<'de> for Exactly {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            decimal(d).map(Exactly)
        }
    }
    Ok(Option::<Exactly>::deserialize(d)?.map(|Exactly(v)| v))
}

/// Exact decimals by name, refusing a name given twice.
pub(crate) fn decimals<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, Decimal>, D::Error> {
    struct Exactly(Decimal);
    impl<'de> Deserialize<'de> for Exactly {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            decimal(d).map(Exactly)
        }
    }
    struct Named;
    impl<'de> Visitor<'de> for Named {
        type Value = std::collections::BTreeMap<String, Decimal>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("amounts by name, such as {\"cobrand_card\": \"12.50\"}")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = std::collections::BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                let Exactly(v) = map.next_value()?;
                if out.insert(key.clone(), v).is_some() {
                    return Err(de::Error::custom(format!("`{key}` is given twice")));
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(Named)
}

/// A custom event's name: not a built-in kind's (`review`), which no rule
/// `on event "..."` can name.
pub(crate) fn custom_name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let name = String::deserialize(d)?;
    match crate::kinds::Kind::named(&name) {
        Some(kind) => Err(de::Error::custom(format!(
            "`{name}` is an event kind of its own: send {{\"kind\": \"{}\", ...}}",
            kind.name()
        ))),
        None => Ok(name),
    }
}

/// An RFC 3339 timestamp with its offset.
pub(crate) fn timestamp<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<DateTime<FixedOffset>, D::Error> {
    // The value is read first and judged after, so that an error is placed
    // at its end, as serde places the others.
    enum Raw<'a> {
        Text(std::borrow::Cow<'a, str>),
        Number(i128),
    }
    struct Stamp;
    impl<'de> Visitor<'de> for Stamp {
        type Value = Raw<'de>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(
                "a date and time with its UTC offset, such as \"2026-11-20T10:00:00-05:00\"",
            )
        }
        fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
            Ok(Raw::Text(s.into()))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Raw::Text(s.to_owned().into()))
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(Raw::Number(n.into()))
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(Raw::Number(n.into()))
        }
    }
    match d.deserialize_any(Stamp)? {
        Raw::Text(s) => DateTime::parse_from_rfc3339(&s).map_err(|e| {
            let said = format!("\"{s}\" is not a date and time with its UTC offset");
            // A time without its offset, or a day alone, as databases print them.
            let local = s.replacen(' ', "T", 1);
            if let Ok(t) = local.parse::<chrono::NaiveDateTime>() {
                let t = t.format("%Y-%m-%dT%H:%M:%S");
                return de::Error::custom(format!(
                    "{said}: it has none; write \"{t}Z\" for UTC, or the offset of where it \
                     happened, such as \"{t}-05:00\""
                ));
            }
            if let Ok(day) = s.parse::<chrono::NaiveDate>() {
                return de::Error::custom(format!(
                    "{said}: it is a day; give its time too, such as \"{day}T12:00:00Z\""
                ));
            }
            de::Error::custom(format!(
                "{said}, such as \"2026-11-20T10:00:00-05:00\" ({e})"
            ))
        }),
        Raw::Number(n) => Err(de::Error::custom(unix_time(n))),
    }
}

const AS_TEXT: &str =
    "give the date and time as text with its UTC offset, such as \"2026-11-20T10:00:00-05:00\"";

/// What to say of a timestamp given as a number, as Unix times are: what
/// to send instead, and the time the number stands for, as seconds since
/// 1970 or, for a number too large for that to be a time of this era, as
/// milliseconds.
fn unix_time(n: i128) -> String {
    const MILLIS_FROM: u64 = 100_000_000_000; // in seconds, the year 5138
    let (unit, time) = match i64::try_from(n) {
        Ok(n) if n.unsigned_abs() < MILLIS_FROM => ("seconds", DateTime::from_timestamp(n, 0)),
        Ok(n) => ("milliseconds", DateTime::from_timestamp_millis(n)),
        Err(_) => ("seconds", None),
    };
    match time {
        Some(t) => format!(
            "{n} is a number: {AS_TEXT} (as {unit} since 1970, {n} is \"{}\")",
            t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
        ),
        None => format!("{n} is a number: {AS_TEXT}"),
    }
}

use serde::Deserialize;

/// A calendar date, `YYYY-MM-DD`, if present.
pub(crate) fn optional_date<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<NaiveDate>, D::Error> {
    let Some(s) = Option::<std::borrow::Cow<'_, str>>::deserialize(d)? else {
        return Ok(None);
    };
    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .map(Some)
        .map_err(|e| {
            let help = super::hints::date_help(&s).unwrap_or_else(|| format!(" ({e})"));
            de::Error::custom(format!(
                "\"{s}\" is not a date such as \"1990-07-14\"{help}"
            ))
        })
}

struct AttributesVisitor;

impl<'de> Visitor<'de> for AttributesVisitor {
    type Value = Attributes;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of attribute names to values")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attributes, A::Error> {
        let mut out = Attributes::new();
        while let Some(key) = map.next_key::<String>()? {
            // Refused inside the value, so that the error's path ends in the key.
            let value = map.next_value_seed(Once {
                key: &key,
                seen: out.contains_key(&key),
            })?;
            out.insert(key, value);
        }
        Ok(out)
    }
}

/// An attribute's value, refused when its name was seen before.
struct Once<'k> {
    key: &'k str,
    seen: bool,
}

impl<'de> de::DeserializeSeed<'de> for Once<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        if self.seen {
            de::IgnoredAny::deserialize(d)?;
            return Err(de::Error::custom(format!(
                "duplicate attribute `{}`",
                self.key
            )));
        }
        Value::deserialize(d)
    }
}

/// Attributes by name, refusing a name given twice.
pub(crate) fn attributes<'de, D: Deserializer<'de>>(d: D) -> Result<Attributes, D::Error> {
    d.deserialize_map(AttributesVisitor)
}
