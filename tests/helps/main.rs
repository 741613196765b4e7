#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Helps: a mistake as authors make it (a published term's words, another
//! language's operator, a keyword misspelt) gets one error whose help says
//! what to write instead. Each case asserts the help's exact text.

mod awards;
mod conditions;
mod ledger;
mod tiers;
mod words;

#[path = "../common/mod.rs"]
mod common;

pub(crate) use common::diagnostics::*;
pub(crate) use loyalty_rules::{Code, Program};
