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

#[test]
fn the_language_reference_covers_every_grammar_rule() {
    let grammar = read("grammar/loyalty.pest");
    let reference = read("docs/language.md");
    let mut missing = Vec::new();
    for line in grammar.lines() {
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        // A keyword is mentioned as its word; every other rule by its name.
        let wanted = match name.strip_prefix("kw_") {
            Some("and_sched") => "`and`".to_string(),
            Some(word) => format!("`{word}`"),
            None => format!("`{name}`"),
        };
        if !reference.contains(&wanted) {
            missing.push(wanted);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/language.md does not mention {missing:?}"
    );
    // Every diagnostic code is in its table.
    for code in loyalty_rules::Code::ALL {
        assert!(
            reference.contains(&format!("| `{code}` | `{code:?}`")),
            "docs/language.md has no row for {code} ({code:?})"
        );
    }
    // The README and the crate docs link to it.
    assert!(read("README.md").contains("docs/language.md"));
    assert!(read("src/lib.rs").contains("docs/language.md"));
}

/// The README's count of snapshot messages is the count of snapshots.
#[test]
fn the_readme_counts_the_message_snapshots() {
    let snapshots = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("messages__") && name.ends_with(".snap")
        })
        .count();
    let readme = read("README.md");
    let said = format!("keeps the printed message for {snapshots} typical author mistakes");
    assert!(readme.contains(&said), "the README should say: {said}");
}
