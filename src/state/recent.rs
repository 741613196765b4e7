//! The ids of a member's last events, kept in one buffer so that looking
//! one up reads one piece of memory (a state is read before every event).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The ids of the last events applied to a state, oldest first, at most
/// [`RecentIds::CAPACITY`]. In JSON, a list of ids.
///
/// ```
/// use loyalty_rules::RecentIds;
/// let ids: RecentIds = serde_json::from_str(r#"["p1", "r1"]"#)?;
/// assert!(ids.contains("r1") && !ids.contains("p2"));
/// assert_eq!(ids.iter().collect::<Vec<_>>(), ["p1", "r1"]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RecentIds {
    /// The ids, one after another.
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<usize>,
    /// A byte of each id's hash, in the same order: a look-up compares
    /// these (one piece of memory, in the state itself) and reads an id
    /// only when its byte matches.
    prints: [u8; RecentIds::CAPACITY],
}

/// One byte of an id's FNV-1a hash.
fn fingerprint(id: &[u8]) -> u8 {
    let hash = id.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    hash.to_le_bytes().iter().fold(0, |a, b| a ^ b)
}

impl RecentIds {
    /// How many ids are kept: the oldest goes when another comes.
    pub const CAPACITY: usize = 32;

    /// How many ids there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The ids, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .filter_map(|(start, end)| self.text.get(start..end))
    }

    /// Whether `id` is among them.
    pub fn contains(&self, id: &str) -> bool {
        let id = id.as_bytes();
        let mine = fingerprint(id);
        let n = self.ends.len();
        (0..n).any(|i| {
            self.prints.get(i) == Some(&mine) && {
                let start = i.checked_sub(1).and_then(|j| self.ends.get(j)).copied();
                let end = self.ends.get(i).copied().unwrap_or(0);
                self.text.as_bytes().get(start.unwrap_or(0)..end) == Some(id)
            }
        })
    }

    /// Adds `id` as the newest, dropping the oldest beyond the capacity.
    pub(crate) fn push(&mut self, id: &str) {
        if self.ends.len() >= Self::CAPACITY {
            let first = self.ends.first().copied().unwrap_or(0);
            self.text.drain(..first);
            self.ends.remove(0);
            for end in &mut self.ends {
                *end = end.saturating_sub(first);
            }
            self.prints.copy_within(1.., 0);
        }
        if let Some(slot) = self.prints.get_mut(self.ends.len()) {
            *slot = fingerprint(id.as_bytes());
        }
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }
}

impl fmt::Debug for RecentIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for RecentIds {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for RecentIds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let ids = Vec::<String>::deserialize(d)?;
        if ids.len() > Self::CAPACITY {
            return Err(serde::de::Error::custom(format!(
                "a state keeps the ids of at most {} events, not {}",
                Self::CAPACITY,
                ids.len()
            )));
        }
        let mut out = RecentIds::default();
        for id in &ids {
            out.push(id);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::RecentIds;

    #[test]
    fn the_oldest_goes_when_another_comes() {
        let mut ids = RecentIds::default();
        for i in 0..40 {
            ids.push(&format!("e{i}"));
        }
        assert_eq!(ids.len(), RecentIds::CAPACITY);
        assert_eq!(ids.iter().next(), Some("e8"));
        assert_eq!(ids.iter().last(), Some("e39"));
        assert!(ids.contains("e8") && !ids.contains("e7") && !ids.contains("e3"));
        // Empty ids and ids that run into each other stay apart.
        let mut ids = RecentIds::default();
        for id in ["ab", "", "c", "abc"] {
            ids.push(id);
        }
        assert_eq!(ids.iter().collect::<Vec<_>>(), ["ab", "", "c", "abc"]);
        assert!(ids.contains("") && !ids.contains("b") && !ids.contains("abcabc"));
        let json = serde_json::to_string(&ids).unwrap_or_default();
        assert_eq!(json, r#"["ab","","c","abc"]"#);
        assert_eq!(serde_json::from_str::<RecentIds>(&json).ok(), Some(ids));
    }
}
