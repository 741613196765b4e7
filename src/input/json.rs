//! Reading events and members from JSON text strictly: every error names
//! the path of the value (`lines[0].discont`), its line and its column.
//!
//! Serde's derived reader for an internally tagged enum (`"kind"`) buffers
//! the whole event before it knows the variant, which loses positions and
//! passes numbers through `f64`. [`Event::from_json`] instead reads the
//! `kind` first, then reads the text again straight into the variant's
//! type, skipping the `kind` key. Before either, number literals are checked
//! in the text itself: a literal with more digits than an `f64` keeps is
//! refused rather than rounded.

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::exact_serde::significant_digits;
use super::hints::{
    amount_hint, attribute_key_hint, category_list_hint, currency_hint, custom_hint,
    event_key_hint, kind_key_hint, member_field_hint, member_key_hint, member_value_hint,
    number_as_text_hint, object_attribute_hint, purchase_key_hint, returned_line_hint, tender_hint,
};
use super::{Activity, Cancellation, Event, Member, Redemption, Return, Transaction};

/// JSON input that does not fit the type it is read as: an unknown field, a
/// number that cannot be held exactly, an impossible date, a duplicate key,
/// or text that is not JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct InputError {
    /// Where the value is, such as `lines[0].discont` (empty for the whole
    /// document).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(
            f,
            "{} (line {}, column {})",
            self.message, self.line, self.column
        )
    }
}

impl Event {
    /// Reads an event from JSON, refusing anything that would change it
    /// silently; errors name the path, line and column. A byte-order mark
    /// before the text is not part of it (as for a program's text); so
    /// for every reader of input JSON.
    ///
    /// ```
    /// use loyalty_rules::Event;
    /// let e = Event::from_json(r#"{"kind": "review", "id": "r1",
    ///     "timestamp": "2026-11-23T10:00:00Z", "stars": 5}"#).unwrap_err();
    /// assert_eq!(e.path, "stars");
    /// assert_eq!(e.to_string(),
    ///     "stars: unknown field `stars`, expected one of `id`, `timestamp`, `attributes`; \
    ///      an event's own data is an attribute (declared `attribute event.stars number`): \
    ///      \"attributes\": {\"stars\": 5} (line 2, column 48)");
    /// ```
    pub fn from_json(text: &str) -> Result<Event, InputError> {
        let text = without_bom(text);
        Self::read_event(text)
            .map_err(|e| object_attribute_hint(number_as_text_hint(member_key_hint(e)), text))
    }

    /// [`Event::from_json`] without the hints every kind shares.
    fn read_event(text: &str) -> Result<Event, InputError> {
        // The walk that checks the numbers also finds the kind, most often;
        // when it cannot say (escaped, repeated, unknown), a first pass does.
        let kind = match check_numbers(text)?.and_then(Kind::named) {
            Some(kind) => kind,
            None => {
                read::<Tag>(text, false)
                    .map_err(|e| kind_key_hint(custom_hint(e, text), text))?
                    .kind
            }
        };
        Ok(match kind {
            Kind::Purchase => Event::Purchase(
                read::<Transaction>(text, true)
                    .map_err(tender_hint)
                    .map_err(|e| purchase_key_hint(e, text))
                    .map_err(|e| category_list_hint(e, text))
                    .map_err(currency_hint)
                    .map_err(|e| amount_hint(e, text))
                    .map_err(|e| attribute_key_hint(e, text, "tx"))?,
            ),
            Kind::SignUp => Event::SignUp(own(text, read(text, true))?),
            Kind::Review => Event::Review(own(text, read(text, true))?),
            Kind::CheckIn => Event::CheckIn(own(text, read(text, true))?),
            Kind::Share => Event::Share(own(text, read(text, true))?),
            Kind::Referral => Event::Referral(own(text, read(text, true))?),
            Kind::Custom => Event::Custom(own(text, read(text, true))?),
            Kind::Time => Event::Time(read::<Activity>(text, true)?),
            Kind::Redemption => Event::Redemption(own(
                text,
                read::<Redemption>(text, true).map_err(|e| event_key_hint(e, text)),
            )?),
            Kind::Return => Event::Return(
                read::<Return>(text, true)
                    .map_err(|e| returned_line_hint(e, text))
                    .map_err(|e| event_key_hint(e, text))?,
            ),
            Kind::Cancellation => Event::Cancellation(
                read::<Cancellation>(text, true).map_err(|e| event_key_hint(e, text))?,
            ),
        })
    }
}

/// An event's data of its own given beside its fields: the hint says it
/// goes under `attributes`.
fn own<T>(text: &str, read: Result<T, InputError>) -> Result<T, InputError> {
    read.map_err(|e| attribute_key_hint(e, text, "event"))
}

/// The text without a byte-order mark before it: JSON readers may ignore
/// one (RFC 8259, section 8.1), as a program's text does, and Windows
/// tools write one.
fn without_bom(text: &str) -> &str {
    crate::program::without_bom(text)
}

/// Reads any strict input type from JSON text: numbers checked on their
/// literals, errors with path, line and column.
pub(crate) fn read_json<T: DeserializeOwned>(text: &str) -> Result<T, InputError> {
    let text = without_bom(text);
    check_numbers(text)?;
    read(text, false).map_err(number_as_text_hint)
}

impl Member {
    /// Reads a member from JSON, refusing anything that would change it
    /// silently; errors name the path, line and column.
    pub fn from_json(text: &str) -> Result<Member, InputError> {
        let text = without_bom(text);
        read_json(text).map_err(|e| {
            object_attribute_hint(member_value_hint(member_field_hint(e, text), text), text)
        })
    }

    /// Reads a JSON array of members, as strictly as [`Member::from_json`];
    /// paths start with the position (`[2].join_date`).
    pub fn list_from_json(text: &str) -> Result<Vec<Member>, InputError> {
        let text = without_bom(text);
        read_json(text).map_err(|e| {
            object_attribute_hint(member_value_hint(member_field_hint(e, text), text), text)
        })
    }
}

/// The first pass over an event: its kind only (other fields are ignored
/// here and checked by the second pass).
#[derive(Deserialize)]
struct Tag {
    kind: Kind,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Purchase,
    SignUp,
    Review,
    CheckIn,
    Share,
    Referral,
    Custom,
    Time,
    Redemption,
    Return,
    Cancellation,
}

/// Reads `T` from the text, tracking the path; `skip_kind` drops the
/// top-level `kind` key that the first pass read.
fn read<T: DeserializeOwned>(text: &str, skip_kind: bool) -> Result<T, InputError> {
    // Most input is good: read it without tracking paths, and read it again
    // with tracking only to say where it is bad.
    let mut de = serde_json::Deserializer::from_str(text);
    let value = if skip_kind {
        T::deserialize(SkipKind(&mut de))
    } else {
        T::deserialize(&mut de)
    };
    if let Ok(value) = value {
        if de.end().is_ok() {
            return Ok(value);
        }
    }
    read_tracked(text, skip_kind)
}

/// [`read`] with the path of the value in error.
#[cold]
fn read_tracked<T: DeserializeOwned>(text: &str, skip_kind: bool) -> Result<T, InputError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = if skip_kind {
        serde_path_to_error::deserialize(SkipKind(&mut de))
    } else {
        serde_path_to_error::deserialize(&mut de)
    };
    let value = value.map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        let mut error = input_error(path, e.inner());
        // Serde reports a duplicate at its object; the key is the place.
        let duplicate = error
            .message
            .strip_prefix("duplicate field `")
            .and_then(|rest| rest.strip_suffix('`'));
        if let Some(key) = duplicate {
            if !error.path.is_empty() {
                error.path.push('.');
            }
            error.path.push_str(key);
        }
        error
    })?;
    de.end().map_err(|e| input_error(String::new(), &e))?;
    Ok(value)
}

fn input_error(path: String, e: &serde_json::Error) -> InputError {
    let (line, column) = (e.line(), e.column());
    let text = e.to_string();
    let suffix = format!(" at line {line} column {column}");
    let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
    InputError {
        path,
        line,
        column,
        message,
    }
}

/// A deserializer that reads a JSON object as it is, less its `kind` key.
struct SkipKind<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for SkipKind<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(SkipKindVisitor(v))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, SkipKindVisitor(v))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

struct SkipKindVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for SkipKindVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(SkipKindMap(map))
    }
}

struct SkipKindMap<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for SkipKindMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.0.next_key::<Key<'de>>()? {
            match key {
                Key::Borrowed("kind") => {
                    self.0.next_value::<de::IgnoredAny>()?;
                }
                Key::Owned(k) if k == "kind" => {
                    self.0.next_value::<de::IgnoredAny>()?;
                }
                Key::Borrowed(k) => {
                    return seed
                        .deserialize(de::value::BorrowedStrDeserializer::new(k))
                        .map(Some)
                }
                Key::Owned(k) => return seed.deserialize(k.into_deserializer()).map(Some),
            }
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(seed)
    }
}

impl Kind {
    /// The kind a `kind` value names, as serde reads it.
    fn named(name: &str) -> Option<Kind> {
        Kind::deserialize(de::value::StrDeserializer::<de::value::Error>::new(name)).ok()
    }
}

/// An object's key, borrowed from the text unless it has escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Refuses a number literal that JSON readers hold as an `f64` and that
/// has more significant digits than an `f64` keeps (a fraction or exponent
/// with more than 15 digits, or an integer beyond 64 bits): it would be
/// changed silently. Walks the text once, tracking the path for the error.
///
/// Returns the top-level `kind` string when the object has exactly one and
/// it has no escapes (the rest of the text is not checked to be JSON here).
fn check_numbers(text: &str) -> Result<Option<&str>, InputError> {
    enum Frame<'t> {
        Object {
            key: Option<&'t str>,
            want_key: bool,
        },
        Array {
            index: usize,
        },
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    let (mut kind, mut kinds) = (None, 0);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' => stack.push(Frame::Object {
                key: None,
                want_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { want_key, .. }) => *want_key = true,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                let depth = stack.len();
                if let Some(Frame::Object { key, want_key }) = stack.last_mut() {
                    let string = text.get(start..i.min(text.len()));
                    if *want_key {
                        *key = string;
                        *want_key = false;
                        // A key with an escape may spell `kind` too: then
                        // the first pass decides (and finds a duplicate).
                        if depth == 1 && string.is_none_or(|k| k == "kind" || k.contains('\\')) {
                            kinds += 1;
                        }
                    } else if depth == 1 && *key == Some("kind") {
                        kind = string.filter(|k| !k.contains('\\'));
                    }
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|c| matches!(c, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                {
                    i += 1;
                }
                let literal = text.get(start..i).unwrap_or("");
                let integer = !literal.contains(['.', 'e', 'E']);
                let exact = if integer {
                    literal.parse::<i64>().is_ok() || literal.parse::<u64>().is_ok()
                } else {
                    significant_digits(literal) <= 15
                };
                if !exact {
                    let place = crate::span::locate(text, crate::span::Span::new(start, i));
                    let (line, column) = (place.line, place.column);
                    return Err(InputError {
                        path: path(&stack),
                        line,
                        column,
                        message: format!(
                            "the number {literal} has more digits than a JSON number keeps exactly: write it as a string, \"{literal}\""
                        ),
                    });
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    return Ok(if kinds == 1 { kind } else { None });

    fn path(stack: &[Frame<'_>]) -> String {
        let mut out = String::new();
        for frame in stack {
            match frame {
                Frame::Object { key: Some(k), .. } => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Frame::Object { key: None, .. } => {}
                Frame::Array { index } => out.push_str(&format!("[{index}]")),
            }
        }
        out
    }
}
