//! Round trips of the formatter: the formatted text parses to the same
//! program (spans aside: [`meaning`] compares ASTs without them), formatting is
//! idempotent, comments survive in order, and the layout depends on the
//! tokens and comments only, never on the source's white space.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use super::layout::leaves;
use super::printer::{scan_gap, Comment};
use super::{format_program, format_program_with};
use crate::limits::Limits;
use crate::parser::{parse, syntax_tree, Rule};

const ACME: &str = include_str!("../../examples/programs/acme.loyalty");
const WORKLOAD: &str = include_str!("../../examples/programs/workload.loyalty");

/// Every construct of the grammar, with comments in awkward places.
const AWKWARD: &str = r#"

// leading comment

program "T" { // trailing after brace
  currency USD   # the currency
  rounding half_even per line


  timezone "UTC"
  balance miles redeemable precision 2
  // last in header
}
tiers {a, b,c}
attribute member.vip bool
earn "A" on purchase for each line where line.sku in ["x1", // old
  "x2", "x3",
  # comment before last
  "x4"] { award 1 point }
earn "B" on purchase when month // odd
 (tx.date) == 3 and line.sku not // split
 in [] { award 2 points   per USD of tx.amount
 cap 5 points per transaction
 priority -1 group "g" round ceil per rule stop }
earn "C" on referral { award 5 points per every 10 USD of tx.amount to referrer award 1 to referred }
earn "D" on event "app_install" where not not (member.vip or -(1) < 2*3/4+5-6) { award 10% of tx.amount }
tier a {}
tier b { multiply "A" in   miles by 1.5 override "B" { award 3 points } }
campaign "C" every month on day 1,15 between 10:00 and 12:00 when tx.amount>=10USD and -(tx.amount) < -5USD{
  multiply all except category "x","y" by 2 then round floor
  earn "Inner" on purchase { award 10% of earned }
  stacking best exclusive "e" priority 3 }
campaign "W" from 2026-01-01 to 2026-02-01 every mon, tue {}
campaign "E" every weekend { multiply category "a", "b" except "A" by 2 }
cap 100 points per transaction in points
// end"#;

/// The significant tokens of a program, as printed on one line.
fn tokens(src: &str) -> Vec<(usize, usize, Rule, String)> {
    let tree = syntax_tree(src, &Limits::default()).unwrap();
    let mut out = Vec::new();
    leaves(tree.root().unwrap(), &mut out);
    out.into_iter()
        .map(|l| (l.start, l.end, l.rule, l.text.to_string()))
        .collect()
}

/// The comments of a program, in order.
fn comments(src: &str) -> Vec<String> {
    let mut pos = 0;
    let mut found = Vec::new();
    for (start, end, _, _) in tokens(src) {
        found.extend(
            scan_gap(&src[pos..start])
                .comments
                .iter()
                .map(|c| c.text.to_string()),
        );
        pos = end;
    }
    found.extend(
        scan_gap(&src[pos..])
            .comments
            .iter()
            .map(|c| c.text.to_string()),
    );
    found
}

/// The program's tokens, with `gap(i, before, after, comments)` between
/// tokens `i - 1` and `i` (`comments`: those of the source there): the same
/// program in another layout.
fn relayout(src: &str, mut gap: impl FnMut(usize, Rule, Rule, &[Comment<'_>]) -> String) -> String {
    let mut out = String::new();
    let mut prev = Rule::EOI;
    let mut pos = 0;
    for (i, (start, end, rule, text)) in tokens(src).into_iter().enumerate() {
        out.push_str(&gap(i, prev, rule, &scan_gap(&src[pos..start]).comments));
        out.push_str(&text);
        prev = rule;
        pos = end;
    }
    out.push_str(&gap(
        usize::MAX,
        prev,
        Rule::EOI,
        &scan_gap(&src[pos..]).comments,
    ));
    out
}

/// Whether a comment may stand between two tokens: not inside `10 USD`.
fn comment_allowed(before: Rule, after: Rule) -> bool {
    !(before == Rule::number && after == Rule::currency)
}

/// A parsed program's meaning: its AST with every span left out, so that
/// two layouts of one program compare equal.
fn meaning(src: &str) -> Option<String> {
    let ast = parse(src, &Limits::default()).ok()?;
    let debug = format!("{ast:?}");
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(at) = rest.find("Span { start: ") {
        out.push_str(&rest[..at]);
        out.push_str("Span");
        let after = &rest[at..];
        let end = after.find('}').map_or(after.len(), |e| e + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    Some(out)
}

#[test]
fn meaning_ignores_layout_but_not_content() {
    let a = meaning("program \"P\" { currency USD }");
    assert!(a.is_some());
    assert_eq!(a, meaning("program   \"P\"\n{ currency USD }"));
    assert_ne!(a, meaning("program \"Q\" { currency USD }"));
}

fn assert_round_trip(src: &str) -> String {
    let formatted = format_program(src).unwrap();
    assert_eq!(
        meaning(&formatted).unwrap(),
        meaning(src).unwrap(),
        "not the same program:\n{formatted}"
    );
    assert_eq!(
        format_program(&formatted).unwrap(),
        formatted,
        "not idempotent"
    );
    assert_eq!(
        comments(&formatted),
        comments(src),
        "comments changed:\n{formatted}"
    );
    assert!(formatted.ends_with('\n') && !formatted.ends_with("\n\n"));
    formatted
}

#[test]
fn shipped_programs_round_trip() {
    assert_round_trip(ACME);
    assert_round_trip(WORKLOAD);
}

#[test]
fn every_construct_round_trips_with_comments_in_awkward_places() {
    let formatted = assert_round_trip(AWKWARD);
    assert_eq!(comments(AWKWARD).len(), 9);
    assert!(
        formatted.lines().all(|l| l.chars().count() <= 100),
        "{formatted}"
    );
}

#[test]
fn the_layout_ignores_the_source_layout() {
    for src in [ACME, WORKLOAD, AWKWARD] {
        // the same tokens and comments, in another layout without blank lines
        let other = relayout(src, |i, _, _, comments| {
            let mut gap = String::new();
            for c in comments {
                gap.push_str(if c.own_line { "\n" } else { " " });
                gap.push_str(c.text);
                gap.push('\n');
            }
            gap.push_str(if i % 3 == 0 { "\n" } else { "  " });
            gap
        });
        // Blank lines are the only part of the source's layout that is kept.
        let strip = |s: &str| {
            s.lines()
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            strip(&format_program(&other).unwrap()),
            strip(&format_program(src).unwrap())
        );
    }
}

#[test]
fn tier_levels_line_up_their_requirements() {
    let src =
        "program \"H\" { currency USD }\ncounter nights\ncount tx.items to nights on purchase\n\
               tiers { member silver when 10 nights # ten\n gold when 25 nights\n\
               ambassador when 100 nights invited qualify calendar year }\n";
    assert_eq!(
        format_program(src).unwrap(),
        "program \"H\" { currency USD }\ncounter nights\ncount tx.items to nights on purchase\n\
         tiers {\n  member\n  silver     when 10 nights # ten\n  gold       when 25 nights\n\
         \x20 ambassador when 100 nights\n  invited\n  qualify calendar year\n}\n"
    );
    // A level whose line would be too long with the padding is not padded.
    let long = format!(
        "program \"H\" {{ currency USD }}\ncounter nights\ncount tx.items to nights on purchase\n\
         tiers {{ member\n a when {} 1 nights\n very_long_level_name when 2 nights }}\n",
        "1 nights or ".repeat(6)
    );
    let out = format_program(&long).unwrap();
    assert!(out.contains("\n  a when 1 nights or"), "{out}");
    assert!(
        out.contains("\n  very_long_level_name when 2 nights\n"),
        "{out}"
    );
    assert_round_trip(&out);
}

#[test]
fn limits_and_syntax_errors_are_reported_not_formatted() {
    let err = format_program("program \"P\" { currency USD ").unwrap_err();
    assert_eq!(err.errors[0].line, 1);
    let tight = Limits {
        max_list_len: 2,
        ..Limits::default()
    };
    let err = format_program_with(
        "program \"P\" { currency USD }\nearn \"A\" on purchase when line.sku in [\"a\", \"b\", \"c\"] { award 1 point }",
        &tight,
    )
    .unwrap_err();
    assert_eq!(err.errors[0].limit, Some(crate::Limit::ListLen));
}

#[test]
fn the_deepest_nesting_formats_on_a_small_stack() {
    // pest wants 64 KiB of stack left at every rule; an unoptimised build
    // needs more than 256 KiB for 64 levels of brackets (see tests/hostile.rs).
    let depth = Limits::default().max_expr_depth - 1;
    let src = format!(
        "program \"P\" {{ currency USD }}\nearn \"A\" on purchase when {}true{} {{ award 1 point }}\n",
        "(not ".repeat(depth),
        ")".repeat(depth)
    );
    let handle = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || format_program(&src).map(|f| (f.clone(), meaning(&f) == meaning(&src))))
        .unwrap();
    let (formatted, same) = handle.join().unwrap().unwrap();
    assert!(same);
    assert!(formatted.contains(&format!(
        "{}true{}",
        "(not ".repeat(depth),
        ")".repeat(depth)
    )));
}

/// 64 cases, or `PROPTEST_CASES` for long runs.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// White space between tokens: never a blank line, which the layout keeps.
const SPACES: [&str; 5] = [" ", "\n", "\t", "  \n    ", " \r\n"];

/// The program's tokens with white space or a comment between them, as
/// `picks` say (0 to 4: white space, 5 to 7: a comment).
fn with_comments(src: &str, picks: &[usize]) -> String {
    let mut n = 0;
    relayout(src, |i, before, after, _| {
        let pick = picks[i % picks.len()];
        match pick {
            0..=4 => SPACES[pick].into(),
            _ if !comment_allowed(before, after) => " ".into(),
            5 => {
                n += 1;
                format!(" // c{n}\n")
            }
            6 => {
                n += 1;
                format!("\n\n# c{n}\n")
            }
            _ => {
                n += 1;
                format!("\n// c{n}\n  ")
            }
        }
    })
}

/// `formatted` with the line breaks the formatter keeps from `source`: CRLF
/// when every line break of `source` is CRLF.
fn same_breaks(source: &str, formatted: String) -> String {
    if super::uses_crlf(source) {
        formatted.replace('\n', "\r\n")
    } else {
        formatted
    }
}

/// The program's tokens with white space between them, as `picks` say.
fn scrambled(src: &str, picks: &[usize]) -> String {
    relayout(src, |i, _, _, _| SPACES[picks[i % picks.len()]].into())
}

/// The program's tokens separated by single spaces.
fn one_line(src: &str) -> String {
    relayout(src, |i, _, _, _| {
        if i == 0 || i == usize::MAX {
            String::new()
        } else {
            " ".into()
        }
    })
}

mod every_construct {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases()))]

        #[test]
        fn the_layout_depends_on_tokens_only(
            src in prop::sample::select(vec![ACME, AWKWARD]),
            picks in prop::collection::vec(0..SPACES.len(), 256),
        ) {
            prop_assert_eq!(
                format_program(&scrambled(src, &picks)).unwrap(),
                same_breaks(&scrambled(src, &picks), format_program(&one_line(src)).unwrap())
            );
        }

        #[test]
        fn comments_anywhere_survive_formatting(
            src in prop::sample::select(vec![ACME, AWKWARD]),
            picks in prop::collection::vec(0..8usize, 256),
        ) {
            assert_round_trip(&with_comments(src, &picks));
        }
    }
}

#[cfg(feature = "proptest")]
mod generated {
    use proptest::prelude::*;

    use super::*;
    use crate::generators::{program, Vocabulary};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases()))]

        #[test]
        fn generated_programs_round_trip(src in program(&Vocabulary::default())) {
            assert_round_trip(&src);
        }

        #[test]
        fn the_layout_depends_on_tokens_only(
            src in program(&Vocabulary::default()),
            picks in prop::collection::vec(0..SPACES.len(), 64),
        ) {
            prop_assert_eq!(
                format_program(&scrambled(&src, &picks)).unwrap(),
                same_breaks(&scrambled(&src, &picks), format_program(&one_line(&src)).unwrap())
            );
        }

        #[test]
        fn comments_anywhere_survive_formatting(
            src in program(&Vocabulary::default()),
            picks in prop::collection::vec(0..8usize, 64),
        ) {
            assert_round_trip(&with_comments(&src, &picks));
        }
    }
}
