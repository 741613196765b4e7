#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! What the README quotes as the quickstart's output is what it prints: the
//! excerpt (up to its `...`) is the start of the first outcome, explained.

use loyalty_rules::{Event, Member, Program};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap()
}

#[test]
fn the_quickstart_excerpt_is_what_the_quickstart_prints() {
    let readme = read("README.md");
    let after = readme
        .split("and prints each outcome explained:")
        .nth(1)
        .expect("the README introduces the quickstart's output");
    let excerpt: Vec<&str> = after
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a text block follows")
        .lines()
        .take_while(|l| l.trim() != "...")
        .collect();
    assert!(excerpt.len() > 5, "{excerpt:?}");
    // As examples/quickstart.rs does it.
    let program = Program::compile(&read("examples/programs/acme.loyalty")).unwrap();
    let member = Member::from_json(&read("examples/data/member-gold.json")).unwrap();
    let events = read("examples/data/events.jsonl");
    let first = events.lines().find(|l| !l.trim().is_empty()).unwrap();
    let outcome = program
        .evaluate(&member, &Event::from_json(first).unwrap())
        .unwrap();
    let printed = outcome.explain();
    let printed: Vec<&str> = printed.lines().take(excerpt.len()).collect();
    assert_eq!(printed, excerpt);
}
