use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of a typed attribute, as the host supplies it.
///
/// In JSON: `true`/`false`, a number, a string, or an array of strings (an
/// attribute declared `list`, such as a member's loaded offers). A string is
/// also accepted where the program declares a number, money or a date
/// (`"12.50"`, `"2026-11-20"`), which keeps decimals exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A true/false value.
    Bool(bool),
    /// An exact number.
    Number(Decimal),
    /// Text (also dates, as `YYYY-MM-DD`).
    Text(String),
    /// A list of text, for an attribute declared `list`.
    List(Vec<String>),
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<Decimal> for Value {
    fn from(d: Decimal) -> Self {
        Value::Number(d)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Number(Decimal::from(i))
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}
impl From<Vec<String>> for Value {
    fn from(list: Vec<String>) -> Self {
        Value::List(list)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Text(t) => write!(f, "{t:?}"),
            Value::List(l) => write!(f, "{l:?}"),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Bool(b) => s.serialize_bool(*b),
            // A number as a JSON number when it reads back as the same
            // number (one of at most 15 significant digits, which an `f64`
            // keeps); else as a string,
            // which keeps every digit, and which the program's declared
            // type reads back.
            Value::Number(n) => match number_token(*n) {
                Some(Token::Int(i)) => s.serialize_i64(i),
                Some(Token::Float(f)) => s.serialize_f64(f),
                None => s.serialize_str(&n.to_string()),
            },
            Value::Text(t) => s.serialize_str(t),
            Value::List(l) => l.serialize(s),
        }
    }
}

/// How a number is written as a JSON number that reads back the same.
enum Token {
    Int(i64),
    Float(f64),
}

/// The JSON number `n` is written as, when the reader gives `n` back from
/// it (the same number: `12.50` is written `12.5`), as any JSON reader
/// does: at most 15 significant digits, which an `f64` holds exactly (the
/// crate refuses more in its own input, and asks for a string).
fn number_token(n: Decimal) -> Option<Token> {
    use rust_decimal::prelude::ToPrimitive;
    if n.fract().is_zero() {
        if let Some(i) = n
            .to_i64()
            .filter(|i| i.unsigned_abs() < 1_000_000_000_000_000)
        {
            return Some(Token::Int(i));
        }
    }
    let f = n.to_f64()?;
    let back = super::exact_serde::float(f).ok()?;
    (back == n).then_some(Token::Float(f))
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean, a number, a string or a list of strings")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
                Ok(Value::Bool(b))
            }
            fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
                Ok(Value::Number(Decimal::from(i)))
            }
            fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
                Ok(Value::Number(Decimal::from(u)))
            }
            fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
                super::exact_serde::float(f)
                    .map(Value::Number)
                    .map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
                Ok(Value::Text(s.to_string()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut list = Vec::new();
                while let Some(text) = seq.next_element::<String>()? {
                    list.push(text);
                }
                Ok(Value::List(list))
            }
        }
        d.deserialize_any(V)
    }
}
