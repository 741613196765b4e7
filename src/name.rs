//! [`Name`]: the text of an outcome (a rule's, a balance's, a campaign's
//! name, a formula as the program writes it, a member's id), shared rather
//! than copied.
//!
//! An explained outcome names the same rule, balance and member many times,
//! and the plan already holds each name: a `Name` is a reference-counted
//! `str`, so an outcome takes its names from the plan without allocating
//! and frees them without a walk through the allocator. It reads as a
//! `&str` (it dereferences to one and compares equal to `&str` and
//! `String`) and is written in JSON as a plain string.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Shared, immutable text of an outcome: cheap to clone, read as a `&str`.
///
/// ```
/// use loyalty_rules::Name;
///
/// let rule = Name::from("Base");
/// assert_eq!(rule, "Base");
/// assert_eq!(rule.len(), 4); // every `str` method, through `Deref`
/// assert_eq!(serde_json::to_string(&rule)?, r#""Base""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct Name(Text);

/// A name written into the crate (an event kind, a keyword) is not
/// allocated at all.
#[derive(Clone)]
enum Text {
    Static(&'static str),
    Shared(Arc<str>),
}

impl Name {
    /// A name that needs no allocation.
    pub const fn from_static(text: &'static str) -> Self {
        Self(Text::Static(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Text::Static(text) => text,
            Text::Shared(text) => text,
        }
    }
}

impl Default for Name {
    fn default() -> Self {
        Self::from_static("")
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Name {}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Self {
        Self(Text::Shared(Arc::from(text)))
    }
}

impl From<String> for Name {
    fn from(text: String) -> Self {
        Self(Text::Shared(Arc::from(text)))
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Self {
        Self::from(text.as_str())
    }
}

impl From<Name> for String {
    fn from(name: Name) -> Self {
        name.as_str().to_owned()
    }
}

/// `Name == str`, `Name == &str`, `Name == String` and the other way round.
macro_rules! equal_to_text {
    ($($text:ty),*) => {$(
        impl PartialEq<$text> for Name {
            fn eq(&self, other: &$text) -> bool {
                self.as_str() == &**other
            }
        }
        impl PartialEq<Name> for $text {
            fn eq(&self, other: &Name) -> bool {
                &**self == other.as_str()
            }
        }
    )*};
}
equal_to_text!(&str, String);

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

/// The schema of a `Name` is a string's.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Name {
    fn inline_schema() -> bool {
        <String as schemars::JsonSchema>::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <String as schemars::JsonSchema>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <String as schemars::JsonSchema>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <String as schemars::JsonSchema>::json_schema(generator)
    }
}

/// Recently made names of input text (SKUs, categories, member ids), so
/// that an outcome shares one allocation with the outcomes before it
/// instead of allocating and freeing its own: a direct-mapped table, each
/// text in the slot of its hash, a miss replacing what was there. A name's
/// text is the same whichever way it was made; only where it lives differs.
pub(crate) struct NameCache {
    slots: Vec<Option<Name>>,
}

impl NameCache {
    /// Slots in the table (a power of two).
    const SLOTS: usize = 64;

    /// Texts longer than this are made afresh: they are seldom repeated.
    const LONGEST: usize = 64;

    pub(crate) fn new() -> Self {
        NameCache { slots: Vec::new() }
    }

    /// The name of `text`, shared with the last one made of the same text
    /// when it is still in the table.
    pub(crate) fn name(&mut self, text: &str) -> Name {
        if text.len() > Self::LONGEST {
            return Name::from(text);
        }
        if self.slots.is_empty() {
            self.slots.resize(Self::SLOTS, None);
        }
        // FNV-1a: a few instructions a byte, spread well enough for this.
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let slot = usize::try_from(hash % Self::SLOTS as u64).unwrap_or(0);
        match self.slots.get_mut(slot) {
            Some(Some(name)) if name.as_str() == text => name.clone(),
            Some(entry) => entry.insert(Name::from(text)).clone(),
            None => Name::from(text),
        }
    }
}

impl Default for NameCache {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for NameCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let held = self.slots.iter().flatten().count();
        write!(f, "NameCache({held} names)")
    }
}

#[cfg(test)]
mod tests {
    use super::{Name, NameCache};

    #[test]
    fn a_cached_name_is_the_text_whatever_the_table_held() {
        let mut cache = NameCache::new();
        let texts: Vec<String> = (0..500).map(|i| format!("SKU-{}", i % 97)).collect();
        for t in &texts {
            assert_eq!(cache.name(t), t.as_str());
        }
        let long = "x".repeat(100);
        assert_eq!(cache.name(&long), long.as_str());
        assert_eq!(cache.name(""), "");
        // The same text twice in a row is one allocation, shared.
        let (a, b) = (cache.name("dining"), cache.name("dining"));
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
    }

    #[test]
    fn a_name_compares_orders_and_serializes_as_its_text() {
        let a = Name::from("Base");
        let b = Name::from(String::from("Bonus"));
        assert_eq!(a, "Base");
        assert_eq!("Base", a);
        assert_eq!(a, String::from("Base"));
        assert_eq!(String::from("Base"), a);
        assert_ne!(a, b);
        assert!(a < b);
        assert_eq!(format!("{a}|{a:?}"), "Base|\"Base\"");
        assert_eq!(serde_json::to_string(&b).ok().as_deref(), Some("\"Bonus\""));
        let back: Result<Name, _> = serde_json::from_str("\"Bonus\"");
        assert_eq!(back.ok(), Some(b.clone()));
        assert_eq!(String::from(b), "Bonus");
        assert_eq!(Name::from_static("Base"), Name::from("Base"));
        let map: std::collections::BTreeMap<Name, u8> = [(a, 1)].into_iter().collect();
        assert_eq!(map.get("Base"), Some(&1));
    }
}
