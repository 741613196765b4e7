//! Declared names in declaration order, found by name through an index:
//! a program that declares thousands of counters, tiers, segments or
//! tenders, and reads each of them, is checked in time that grows with
//! its size, not with its square.

use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub(crate) struct Names {
    list: Vec<String>,
    index: BTreeMap<String, usize>,
}

impl Names {
    /// The position of `name` in declaration order.
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// Declares `name` (once: a name declared again keeps its place).
    pub(crate) fn push(&mut self, name: String) {
        if !self.index.contains_key(&name) {
            self.index.insert(name.clone(), self.list.len());
            self.list.push(name);
        }
    }

    pub(crate) fn into_vec(self) -> Vec<String> {
        self.list
    }
}

impl std::ops::Deref for Names {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.list
    }
}
