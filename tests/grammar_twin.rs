#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The hand-written parser against pest, which defines the grammar: on
//! every text, either both build the same syntax tree, or the hand-written
//! parser leaves the text to pest. It must never build a tree pest would not,
//! and it must take every program pest takes (else compiling is slow for
//! no reason). The `parse` fuzz target runs the same comparison on
//! arbitrary text.

mod common;

use std::path::Path;

use loyalty_rules::generators::{self, Vocabulary};
use loyalty_rules::{parser_twin, Twin};
use proptest::prelude::*;

/// Every shipped program and fuzz seed.
fn programs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        "examples/programs",
        "fuzz/seeds/parse",
        "fuzz/seeds/format",
        "fuzz/seeds/compile",
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.display().to_string(), text));
            }
        }
    }
    assert!(out.len() >= 15, "{} programs", out.len());
    out
}

/// Fails unless the two parsers agree; `valid` says whether pest must take
/// the text.
fn agree(what: &str, text: &str, valid: Option<bool>) {
    match parser_twin(text) {
        Twin::Same => assert_ne!(valid, Some(false), "{what}: pest took an invalid text"),
        Twin::Declined(pest_takes) => {
            assert!(!pest_takes, "{what}: left to pest, which takes it");
            assert_ne!(valid, Some(true), "{what}: pest refused a valid text");
        }
        Twin::Different(at) => panic!("{what}: the parsers differ at {at}"),
        other => panic!("{what}: {other:?}"),
    }
}

#[test]
fn every_shipped_program_and_seed_is_parsed_the_same() {
    for (path, text) in programs() {
        assert_eq!(parser_twin(&text), Twin::Same, "{path}");
    }
}

/// Where a program is cut, a character is dropped or a comment is put in,
/// the parsers still agree: the hand-written one fails exactly where pest
/// does, or reads the new text as pest does.
#[test]
fn damaged_programs_are_parsed_the_same_or_left_to_pest() {
    let mut tried = 0;
    for (path, text) in programs().into_iter().take(7) {
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for (k, &at) in cuts.iter().enumerate() {
            if k % 41 == 0 {
                agree(&format!("{path} cut at {at}"), &text[..at], None);
                tried += 1;
            }
            if k % 37 == 3 {
                let next = cuts.get(k + 1).copied().unwrap_or(text.len());
                let dropped = format!("{}{}", &text[..at], &text[next..]);
                agree(&format!("{path} without byte {at}"), &dropped, None);
                tried += 1;
            }
            if k % 43 == 5 {
                for insert in [" # note\n", "(", "not in ", "0"] {
                    let changed = format!("{}{insert}{}", &text[..at], &text[at..]);
                    agree(&format!("{path} with {insert:?} at {at}"), &changed, None);
                    tried += 1;
                }
            }
        }
    }
    assert!(tried > 1_000, "{tried}");
}

#[test]
fn tricky_spellings_are_parsed_the_same() {
    let header = "program \"P\" { currency USD }\n";
    for body in [
        // keywords that start longer words, words that start keywords
        "earn \"A\" on purchase when tx.channel not  # c\n in [\"x\",] { award 1 point }",
        "earn \"A\" on purchase when notable or inx and orx { award 1 points per USD of tx.amount }",
        "earn \"A\" on purchase { award 2 points per every 10 USD of tx.amount to points }",
        "earn \"A\" on purchase { award 2 points per every 10USD of tx.amount }",
        "earn \"A\" on purchase { award 1 point per line.quantity round half_up to 2 then floor per line }",
        "earn \"A\" on purchase { award 10% of earned by \"B\", \"C\" award 5% of tx.amount }",
        "earn \"A\" on purchase when nights this year >= 3 and stays last 12 months > 1 { award 1 point }",
        "earn \"A\" on purchase when x streak >= 2 and -(1 + 2) * 3 / 4 != 1.5 { award 1 point }",
        "earn \"A\" on purchase when tx.date >= 2026-01-01 and hour(tx.time) < 9:30 { award 1 point }",
        "earn \"A\" on purchase when \"a\\\"b\\\\c\\n\" == tx.channel { award 1 point }",
        "earn \"A\" on purchase when f() == g(1, 2) { award 1 point }",
        "earn \"A\" on purchase { award 1 point } cap 100 points per transaction in points",
        "tiers { base, silver when 1000 USD lifetime spend or any 2 of (10 nights, 5 stays) and 3 stays qualify last 12 months downgrade one level }",
        "tiers { base silver } tier silver { multiply category \"a\", \"b\" except \"C\" by 1.5 then round floor override \"X\" { award 2 points } }",
        "campaign \"C\" from 2026-01-01 to 2026-02-01 every month on day 1, 15 between 22:00 and 2:00 when true { stacking best exclusive \"G\" budget 5 points in points discount \"R\" by 50% earn \"E\" on event \"x\" { award 1 point } }",
        "ledger points { expire 12 months after earning at end of quarter pending 30 days spend soonest expiring first }",
        "ledger points { expire at end of year } ledger miles { expire at end of month }",
        "returns { within 90 days shortfall forgive pro rata refund 100 points = 1 USD to points }",
        "burn \"B\" from points when true { rate 100 points = 1 USD table 100 points = 1 USD, 200 points = 3 USD minimum 10 points step 5 points maximum 50% of lines when line.category == \"a\" }",
        "reward \"R\" costs 150 points from points when member.tier == gold",
        "counter visits count 1 to visits on visit for each line when true segment vip when visits lifetime > 3",
        "attribute member.vip bool",
        "earn \"A\" on purchase { award 1 point limit 1 time per member per 30 days cap 5 points per member per membership year priority -1 group \"G\" by points stop badge \"B\" }",
        "earn\"A\"on purchase{award 1 point}//end",
        "earn \"A\" on purchase { award 1 point per every 2 of line.quantity }",
        "earn \"A\" on purchase { award 1. point }",
        "earn \"A\" on purchase when [1, 2 3] { award 1 point }",
        "earn \"A\" on purchase { award }",
        // a balance's name as the unit, and the words never taken for one
        "earn \"A\" on purchase { award 5 miles per USD of tx.amount award 1 star cap 9 miles per transaction }",
        "earn \"A\" on purchase { award 500 to miles award 5 round floor award 1 cap 3 per line }",
        "earn \"A\" on purchase { award 5 topaz award 5 perks award 5 stops award 5 x_1 award 2x points }",
        "earn \"A\" on purchase { award 5 limit 1 per member award 5 priority 1 award 5 badge \"B\" }",
        "earn \"A\" on purchase { award 100 bonus points award 5 Miles award 5 _m award 5 pointsx }",
        "cap 75000 miles per transaction cap 5 miles per transaction in miles",
        "burn \"B\" from miles { rate 100 miles = 1 USD table 1 mile = 1 USD minimum 5 miles step 5 miles maximum 9 miles }",
        "reward \"R\" costs 150 stars returns { refund 100 miles = 1 USD } campaign \"C\" { budget 5 miles }",
    ] {
        let text = format!("{header}{body}\n");
        agree(body, &text, None);
    }
}

/// Words, literals and punctuation of the language, and near misses.
const TOKENS: &[&str] = &[
    "earn",
    "\"A\"",
    "on",
    "purchase",
    "for",
    "each",
    "line",
    "when",
    "where",
    "award",
    "1",
    "2.5",
    "10%",
    "point",
    "points",
    "miles",
    "star",
    "x",
    "per",
    "every",
    "USD",
    "5 USD",
    "of",
    "to",
    "tx.amount",
    "line.category",
    "member.tier",
    "==",
    "!=",
    ">=",
    "<",
    "and",
    "or",
    "not",
    "in",
    "not in",
    "-",
    "+",
    "*",
    "/",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    "true",
    "2026-01-01",
    "9:30",
    "x",
    "nights",
    "this",
    "last",
    "year",
    "days",
    "month",
    "streak",
    "f(",
    "tier",
    "gold",
    "multiply",
    "all",
    "category",
    "except",
    "by",
    "then",
    "round",
    "floor",
    "half_up",
    "cap",
    "transaction",
    "member",
    "limit",
    "times",
    "campaign",
    "from",
    "between",
    "weekend",
    "tiers",
    "qualify",
    "ledger",
    "expire",
    "after",
    "earning",
    "burn",
    "rate",
    "table",
    "reward",
    "costs",
    "returns",
    "within",
    "segment",
    "counter",
    "count",
    "# c\n",
    "//c\n",
    "awardx",
    "inx",
    "\"",
    "\"a\\q\"",
    "1.",
    "USDX",
    "pointsx",
    "01-02",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: common::cases(256), ..ProptestConfig::default() })]

    #[test]
    fn generated_programs_are_parsed_the_same(text in generators::program(&Vocabulary::default())) {
        agree("generated", &text, Some(true));
    }

    /// A generated program with a few of its words replaced, dropped or
    /// joined, or words of the language put in: near misses that walk the
    /// parsers through their alternatives, failures and recoveries.
    #[test]
    fn edited_programs_are_parsed_the_same(
        text in generators::program(&Vocabulary::default()),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, prop::sample::select(TOKENS)), 1..4),
    ) {
        let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
        for (at, what, token) in edits {
            let i = at.index(words.len());
            match what {
                0 => words.insert(i, token.to_string()),
                1 => words[i] = token.to_string(),
                2 => { words.remove(i); }
                _ => {
                    let joined = format!("{}{}", words[i], words.get(i + 1).cloned().unwrap_or_default());
                    words[i] = joined;
                    if i + 1 < words.len() { words.remove(i + 1); }
                }
            }
            if words.is_empty() { words.push(String::new()); }
        }
        agree("edited", &words.join(" "), None);
    }
}

/// The fuzz seeds of authors' mistakes (`fuzz/seeds/compile/mistakes/`):
/// both parsers refuse them alike, or read them alike (a mistake the
/// checker finds).
#[test]
fn the_mistake_seeds_are_refused_or_read_alike() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/compile/mistakes");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        agree(&path.display().to_string(), &text, None);
        n += 1;
    }
    assert!(n >= 20, "{n} seeds");
}
