#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Hostile program text: every input here must come back as a typed error
//! that names the limit and the place, on a thread with a 256 KiB stack.

mod common;

use common::fixtures::{on_small_stack, purchase};
use loyalty_rules::{Code, Limit, Limits, Member, Program};

const HEADER: &str = "program \"P\" { currency USD }\n";

/// The first error's limit, line and column, and its message.
fn first(src: &str) -> (Option<Limit>, usize, usize, String) {
    let e = Program::compile(src).unwrap_err();
    let d = &e.errors[0];
    (d.limit, d.line, d.column, d.message.clone())
}

#[test]
fn a_mebibyte_of_open_parentheses() {
    on_small_stack(|| {
        let src = "(".repeat(1 << 20);
        let (limit, line, column, message) = first(&src);
        assert_eq!(limit, Some(Limit::ExprDepth));
        assert_eq!((line, column), (1, 65));
        assert_eq!(
            message,
            "brackets are nested more than 64 levels deep (Limits::max_expr_depth)"
        );
    });
}

#[test]
fn a_hundred_thousand_rules() {
    on_small_stack(|| {
        let rules: String = (0..100_000)
            .map(|i| format!("earn \"R{i}\" on review {{ award 1 point }}\n"))
            .collect();
        let src = format!("{HEADER}{rules}");
        let limits = Limits {
            max_program_bytes: 16 << 20,
            ..Limits::default()
        };
        let e = Program::compile_with(&src, &limits).unwrap_err();
        let d = &e.errors[0];
        let (limit, line, column, message) = (d.limit, d.line, d.column, d.message.clone());
        assert_eq!(limit, Some(Limit::Rules));
        // Rule 20,001 is on line 20,002.
        assert_eq!((line, column), (20_002, 1));
        assert_eq!(
            message,
            "the program has more than 20000 rules (Limits::max_rules)"
        );
    });
}

#[test]
fn a_list_of_ten_thousand_elements() {
    on_small_stack(|| {
        let items: Vec<String> = (0..10_000).map(|i| format!("\"S{i}\"")).collect();
        let src = format!(
            "{HEADER}earn \"R\" on purchase when tx.channel in [{}] {{ award 1 point }}",
            items.join(", ")
        );
        let (limit, line, column, message) = first(&src);
        assert_eq!(limit, Some(Limit::ListLen));
        assert_eq!((line, column), (2, 41));
        assert_eq!(
            message,
            "this list has more than 1000 elements (Limits::max_list_len)"
        );
        // A larger limit admits it.
        let limits = Limits {
            max_list_len: 10_000,
            ..Limits::default()
        };
        assert!(Program::compile_with(&src, &limits).is_ok());
    });
}

#[test]
fn long_and_overflowing_numbers() {
    // 40 digits: within the length limit, but beyond what a decimal holds.
    let src = format!(
        "{HEADER}earn \"R\" on review {{ award {} points }}",
        "9".repeat(40)
    );
    let (limit, line, column, message) = first(&src);
    assert_eq!(limit, None);
    assert_eq!((line, column), (2, 28));
    assert!(
        message.contains("cannot be represented exactly"),
        "{message}"
    );
    // 29 nines overflow a decimal (at most 79,228,162,514,264,337,593,543,950,335).
    let src = format!(
        "{HEADER}earn \"R\" on review {{ award {} points }}",
        "9".repeat(29)
    );
    assert!(first(&src).3.contains("cannot be represented exactly"));
    // A 100,000-digit number hits the length limit.
    let src = format!(
        "{HEADER}earn \"R\" on review {{ award {} points }}",
        "1".repeat(100_000)
    );
    let (limit, line, column, message) = first(&src);
    assert_eq!(limit, Some(Limit::NumberLen));
    assert_eq!((line, column), (2, 28));
    assert_eq!(
        message,
        "the number `111111111111111111111111…` is 100000 characters long; the limit is 40 (Limits::max_number_len)"
    );
}

#[test]
fn deeply_nested_not() {
    on_small_stack(|| {
        let nots = "not ".repeat(100_000);
        let src = format!("{HEADER}earn \"R\" on purchase when {nots}true {{ award 1 point }}");
        let (limit, line, _, message) = first(&src);
        assert_eq!(limit, Some(Limit::ExprDepth));
        assert_eq!(line, 2);
        assert!(message.contains("nested more than 64 levels"), "{message}");
    });
}

#[test]
fn invalid_utf8_through_the_bytes_entry_point() {
    let mut src = HEADER.as_bytes().to_vec();
    src.extend_from_slice(b"earn \"Caf");
    src.push(0xff);
    src.extend_from_slice(b"\" on review { award 1 point }");
    let e = Program::compile_bytes(&src).unwrap_err();
    let d = &e.errors[0];
    assert_eq!(
        d.message,
        "the program is not valid UTF-8: byte 0xff cannot start a character here"
    );
    assert_eq!((d.line, d.column), (2, 10));
    // Valid bytes compile as text does.
    assert!(Program::compile_bytes(HEADER.as_bytes()).is_ok());
}

#[test]
fn oversized_text_is_refused_before_parsing() {
    let limits = Limits {
        max_program_bytes: 1_000,
        ..Limits::default()
    };
    let src = format!("{HEADER}{}", "# padding\n".repeat(200));
    let e = Program::compile_with(&src, &limits).unwrap_err();
    assert_eq!(e.errors[0].limit, Some(Limit::ProgramBytes));
    assert_eq!(
        e.errors[0].message,
        "the program is 2029 bytes long; the limit is 1000 bytes (Limits::max_program_bytes)"
    );
}

#[test]
fn nesting_within_the_limit_on_a_stack_too_small_for_it() {
    // 2,000 levels are allowed by a raised limit, but pest stops when less
    // than 64 KiB of stack remain: on a 96 KiB thread that is a typed error,
    // not an overflow, in any build (64 levels fit in an optimised one).
    let src = format!(
        "{HEADER}earn \"A\" on purchase when {}true{} {{ award 1 point }}\n",
        "(".repeat(2_000),
        ")".repeat(2_000)
    );
    let limits = Limits {
        max_expr_depth: 4_096,
        ..Limits::default()
    };
    let result = std::thread::Builder::new()
        .stack_size(96 * 1024)
        .spawn(move || {
            let e = Program::compile_with(&src, &limits).unwrap_err();
            let d = &e.errors[0];
            (d.limit, d.line, d.message.clone())
        })
        .unwrap()
        .join()
        .unwrap();
    let (limit, line, message) = result;
    assert_eq!(limit, Some(Limit::ExprDepth));
    assert_eq!(line, 2);
    assert_eq!(
        message,
        "the program is nested too deeply for the stack of the thread compiling it; \
         compile it on a thread with a larger stack, or lower the limit (Limits::max_expr_depth)"
    );
}

#[test]
fn the_deepest_nesting_on_every_stack_size_is_a_result_or_a_limit_error() {
    // Whatever the stack, compiling and formatting 64 levels (63 `not`s in
    // 63 parentheses, and `true`) either works or
    // reports the limit: the checker and formatter, which run after the
    // parser, must not overflow a stack that the parser found big enough.
    nesting_on_every_stack_size(63);
}

#[test]
fn nesting_the_hand_written_parser_takes_on_every_stack_size() {
    // 16 levels of brackets are the most the hand-written parser takes
    // (deeper programs go to pest): it must stop as early as pest would.
    nesting_on_every_stack_size(16);
}

fn nesting_on_every_stack_size(levels: usize) {
    let src = format!(
        "{HEADER}earn \"A\" on purchase when {}true{} {{ award 1 point }}\n",
        "(not ".repeat(levels),
        ")".repeat(levels)
    );
    let event = purchase("2026-11-25T12:00:00Z", "store", &[("a", "b", "1", "10.00")]);
    let mut compiled = 0;
    for kib in (96..=1024).step_by(16) {
        let (src, event) = (src.clone(), event.clone());
        let (compile, format) = std::thread::Builder::new()
            .stack_size(kib * 1024)
            .spawn(move || {
                let limit = |e: loyalty_rules::CompileError| e.errors[0].limit;
                let compile = Program::compile(&src).map_err(limit).map(|program| {
                    // ... and evaluating it recurses as deep as checking it
                    let member = Member::new("m");
                    let points = program.points(&member, &event).unwrap();
                    points.get("m", "points")
                });
                let format = loyalty_rules::format_program(&src)
                    .map(|_| ())
                    .map_err(limit);
                (compile, format)
            })
            .unwrap()
            .join()
            .unwrap();
        match compile {
            // an odd number of `not`s of `true`: false, no award
            Ok(points) => {
                let expected = if levels % 2 == 1 { 0 } else { 1 };
                assert_eq!(points, expected.into(), "{kib} KiB")
            }
            Err(limit) => assert_eq!(limit, Some(Limit::ExprDepth), "{kib} KiB"),
        }
        // Both parse with the same grammar; compiling calls the parser from
        // a slightly deeper frame, so on a stack at pest's threshold it may
        // stop where formatting just fits, never the other way round.
        assert!(format.is_ok() || compile.is_err(), "{kib} KiB");
        if let Err(limit) = &format {
            assert_eq!(*limit, Some(Limit::ExprDepth), "{kib} KiB");
        }
        compiled += usize::from(compile.is_ok());
    }
    assert!(compiled > 0, "not even 1 MiB is enough");
}

#[test]
fn parentheses_do_not_reset_the_depth_of_an_expression() {
    // 30 levels of parentheses, each with 60 `not`s: a tree 1,800 deep that
    // overflowed the checker's stack when each parenthesis started afresh.
    on_small_stack(|| {
        let src = format!(
            "{HEADER}earn \"A\" on purchase when {}true{} {{ award 1 point }}\n",
            format!("({}", "not ".repeat(60)).repeat(30),
            ")".repeat(30)
        );
        let (limit, line, column, message) = first(&src);
        assert_eq!(limit, Some(Limit::ExprDepth));
        // The innermost parenthesis is 61 deep; the one around it reaches 65
        // at its 57th `not` (each parenthesis and its `not`s: 241 characters).
        assert_eq!((line, column), (2, 27 + 28 * 241 + 1 + 56 * 4));
        assert_eq!(
            message,
            "this expression is nested more than 64 levels deep (Limits::max_expr_depth)"
        );
    });
}

#[test]
fn a_flat_chain_is_not_nesting() {
    on_small_stack(|| {
        // 64 `or` terms used to be "nested more than 64 levels deep".
        let terms: Vec<String> = (0..64).map(|i| format!("tx.channel == \"c{i}\"")).collect();
        let src = format!(
            "{HEADER}earn \"A\" on purchase when {} {{ award 1 point }}\n",
            terms.join(" or ")
        );
        let p = Program::compile(&src).unwrap();
        let e = purchase("2026-03-04T12:00:00Z", "c63", &[("A", "x", "1", "1.00")]);
        assert_eq!(
            p.points(&Member::new("m"), &e)
                .unwrap()
                .get("m", "points")
                .to_string(),
            "1"
        );
        // 10,000 terms, mixed with a nested part, evaluate on the small stack in order.
        let mut chain = vec!["tx.channel == \"x\"".to_string(); 9_999];
        chain.push("(tx.channel == \"c63\" and not (tx.channel == \"y\"))".into());
        let src = format!(
            "{HEADER}earn \"A\" on purchase when {} {{ award 1 point }}\n",
            chain.join(" or ")
        );
        let p = Program::compile(&src).unwrap();
        assert_eq!(
            p.points(&Member::new("m"), &e)
                .unwrap()
                .get("m", "points")
                .to_string(),
            "1"
        );
        // Nesting still counts: 65 levels of `not (...)` are too deep.
        let src = format!(
            "{HEADER}earn \"A\" on purchase when {}true{} {{ award 1 point }}\n",
            "not (".repeat(65),
            ")".repeat(65)
        );
        let (limit, ..) = first(&src);
        assert_eq!(limit, Some(Limit::ExprDepth));
    });
}

#[test]
fn time_passing_over_millennia_is_bounded_and_explained_in_a_few_moves() {
    use loyalty_rules::{Event, Member, Program};
    let p = Program::compile(
        "program \"D\" { currency USD }\ncounter nights\ncount tx.items to nights on purchase\n\
         tiers { member  silver when 1 lifetime nights  gold when 2 lifetime nights\n\
         qualify last 1 months  keep to end of period  deduct 1 nights at gold }\n",
    )
    .unwrap();
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    let buy = Event::from_json(
        r#"{"kind": "purchase", "id": "p", "timestamp": "2026-01-01T00:00:00Z", "currency": "USD",
            "lines": [{"sku": "x", "quantity": "1000000000000000", "unit_price": "1"}]}"#,
    )
    .unwrap();
    s.apply(&p.evaluate_with(&m, &s, &buy).unwrap()).unwrap();
    let far =
        Event::from_json(r#"{"kind": "time", "id": "t", "timestamp": "9999-12-31T00:00:00Z"}"#)
            .unwrap();
    let started = std::time::Instant::now();
    let o = p.evaluate_with(&m, &s, &far).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // Every month's deduction (February 2026 to December 9999: 95,687) is one move.
    assert_eq!(o.tier_moves.len(), 1, "{:?}", o.tier_moves.first());
    assert_eq!(o.change.deducted["nights"].to_string(), "95687");
}

/// A sum over a large basket, read by a rule `for each line` and by
/// thousands of rules, is computed once an event each: the cost stays
/// linear in the lines and the rules.
#[test]
fn sums_over_a_large_basket_are_computed_once() {
    let mut source = String::from(
        "program \"P\" { currency USD }\n\
         earn \"Boost\" on purchase for each line where sum(line.amount) >= 1 USD { award 1 point }\n",
    );
    for i in 0..500 {
        source.push_str(&format!(
            "earn \"R{i}\" on purchase when sum(line.quantity, line.sku == \"S{i}\") >= 1 {{ award 1 point }}\n"
        ));
    }
    let program = loyalty_rules::Program::compile(&source).unwrap();
    let lines: Vec<String> = (0..6_000)
        .map(|i| format!(r#"{{"sku": "S{i}", "quantity": 1, "unit_price": "1.00"}}"#))
        .collect();
    let event = loyalty_rules::Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "p", "timestamp": "2026-05-04T12:00:00Z", "currency": "USD", "lines": [{}]}}"#,
        lines.join(", ")
    ))
    .unwrap();
    let member = loyalty_rules::Member::from_json(r#"{"id": "m"}"#).unwrap();
    let started = std::time::Instant::now();
    let points = program.points(&member, &event).unwrap();
    // 6,000 lines boosted (summed once, not once a line: 36 million
    // lines read), and each of the 500 SKU rules once.
    assert_eq!(points.get("m", "points").to_string(), "6500");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

/// Found in review: diagnostics each quoted their whole source line and
/// counted the lines before them, so thousands of warnings or errors on one
/// Names are found through an index, so that a program that declares
/// thousands of counters, attributes, rewards and balances, and reads
/// each (a sale discounting every reward of the catalog), is checked in time linear in its size (20,000 of each took 30 s
/// in a debug build, growing with the square of their number; 1.8 s now).
#[test]
fn many_names_are_checked_in_linear_time() {
    let limits = Limits {
        max_program_bytes: 16 << 20,
        ..Limits::default()
    };
    let n = 20_000;
    let mut src = String::from("program \"P\" {\n  currency USD\n");
    for i in 0..n {
        src.push_str(&format!("  balance b{i}\n"));
    }
    src.push_str("}\n");
    for i in 0..n {
        src.push_str(&format!(
            "counter c{i}\ncount 1 to c{i} on purchase\nattribute member.a{i} bool\n\
             earn \"R{i}\" on purchase when member.a{i} and c{i} this month > 3 {{ award 1 point to b{i} }}\n\
             reward \"Item {i}\" costs {} points\n",
            100 + i
        ));
    }
    // A sale on every reward of the catalog.
    let rewards: Vec<String> = (0..n).map(|i| format!("\"Item {i}\"")).collect();
    src.push_str(&format!(
        "campaign \"Sale\" every saturday {{ discount {} by 50% }}\n",
        rewards.join(", ")
    ));
    let started = std::time::Instant::now();
    let p = Program::compile_with(&src, &limits).unwrap();
    let took = started.elapsed();
    assert_eq!(p.rules().count(), n);
    assert_eq!(p.counters().count(), n);
    assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
}

/// A multiplier's list of categories is kept once for all the rules it
/// reaches, and searched: a campaign multiplying 40,000 categories in
/// 2,000 rules `for each line` (a megabyte of text) took 12.6 s to compile
/// and evaluate in a debug build (the list copied into every rule: 2.2 GB
/// for half as many categories), and each line of a purchase was compared
/// with the whole list in every rule.
#[test]
fn a_long_list_of_categories_is_kept_once_and_searched() {
    let rules: String = (0..2_000)
        .map(|i| format!("earn \"R{i}\" on purchase for each line where line.sku == \"s{i}\" {{ award 5 points }}\n"))
        .collect();
    let categories: Vec<String> = (0..40_000).map(|i| format!("\"cat{i}\"")).collect();
    let src = format!(
        "{HEADER}{rules}campaign \"C\" {{ multiply category {} by 2 }}\n",
        categories.join(", ")
    );
    let started = std::time::Instant::now();
    let p = Program::compile(&src).unwrap();
    // 200 lines: those of the list's categories doubled.
    let lines: Vec<(String, String)> = (0..200)
        .map(|i| {
            let category = if i % 2 == 0 {
                format!("cat{}", i * 99)
            } else {
                "other".into()
            };
            (format!("s{i}"), category)
        })
        .collect();
    let lines: Vec<(&str, &str, &str, &str)> = lines
        .iter()
        .map(|(sku, category)| (sku.as_str(), category.as_str(), "1", "1.00"))
        .collect();
    let e = purchase("2026-03-04T12:00:00Z", "store", &lines);
    let member = Member::new("m");
    let points = p.points(&member, &e).unwrap();
    let took = started.elapsed();
    assert_eq!(
        points.get("m", "points").to_string(),
        (100 * 10 + 100 * 5).to_string()
    );
    assert!(took < std::time::Duration::from_secs(3), "took {took:?}");
}

/// Each campaign's `multiply all` puts a multiplier on every rule: 4,000
/// of them on 4,000 rules, a program of half a megabyte, took 5.8 s and
/// 2.7 GB to compile (16 million multipliers, each read on every event).
/// The multipliers a program puts on its rules are a limit of their own,
/// reported where the statement that passes it is, before it is built.
#[test]
fn multipliers_on_every_rule_from_every_campaign_are_a_limit() {
    let source = |n: usize| {
        let rules: String = (0..n)
            .map(|i| {
                format!(
                    "earn \"R{i}\" on purchase when tx.channel == \"c{i}\" {{ award 5 points }}\n"
                )
            })
            .collect();
        let campaigns: String = (0..n)
            .map(|i| {
                format!("campaign \"C{i}\" from 2026-01-01 to 2026-01-02 {{ multiply all by 2 }}\n")
            })
            .collect();
        format!("{HEADER}{rules}{campaigns}")
    };
    let started = std::time::Instant::now();
    let e = Program::compile(&source(4_000)).unwrap_err();
    let took = started.elapsed();
    assert_eq!(e.errors.len(), 1, "{e}");
    let d = &e.errors[0];
    assert_eq!(d.limit, Some(Limit::Multipliers));
    assert_eq!(d.code, Code::Limit);
    assert_eq!(
        d.message,
        "the program's multipliers reach more than 250000 rules (each rule a `multiply` reaches counts once) (Limits::max_multipliers)"
    );
    // At the campaign that passes it: 62 campaigns of 4,000 rules fit,
    // the 63rd (line 1 is the header, 2 to 4,001 the rules) passes it.
    assert_eq!(d.line, 2 + 4_000 + 62);
    assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
    // Within the limit (500 x 500), and with a limit raised.
    assert!(Program::compile(&source(500)).is_ok());
    let limits = Limits {
        max_multipliers: 1_000_000,
        ..Limits::default()
    };
    assert!(Program::compile_with(&source(1_000), &limits).is_ok());
}

/// Every event reviews the member's tier: each level's requirement, from
/// the top, read over the qualification window. 2,000 levels over a year
/// of daily counts summed each counter's days again for every level, and
/// wrote out every path it checked (300 events, a day apart: 22 s in a
/// debug build; 0.4 s now).
#[test]
fn many_tier_levels_are_reviewed_in_time_linear_in_them() {
    let mut src = String::from(
        "program \"T\" { currency USD }\ncounter nights\ncounter stays\n\
         count 1 to nights on purchase\ncount 1 to stays on purchase\ntiers {\n  l0\n",
    );
    for i in 1..2_000 {
        src.push_str(&format!(
            "  l{i} when {} nights or {} stays\n",
            i * 2,
            i * 3
        ));
    }
    src.push_str("}\nearn \"Base\" on purchase { award 1 point per USD of tx.amount }\n");
    let p = Program::compile(&src).unwrap();
    let m = Member::new("m");
    let mut state = p.new_state(&m);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let started = std::time::Instant::now();
    for i in 0..300 {
        let day = start + chrono::Duration::days(i);
        let e = purchase(
            &format!("{day}T12:00:00Z"),
            "store",
            &[("A", "x", "1", "10.00")],
        );
        let e = match e {
            loyalty_rules::Event::Purchase(t) => {
                let mut t = t;
                t.id = format!("T{i}");
                loyalty_rules::Event::Purchase(t)
            }
            other => other,
        };
        let o = p.evaluate_with(&m, &state, &e).unwrap();
        state.apply(&o).unwrap();
    }
    let took = started.elapsed();
    // 300 nights and stays: level 150 by its nights (level 100 by stays).
    assert_eq!(state.tier.as_ref().map(|t| t.level.as_str()), Some("l150"));
    assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
}

/// Groups and exclusive groups are checked in time linear in the
/// program: 20,000 rules each in a group of its own, and 20,000 campaigns
/// in exclusive groups, took time that grew with the square of their
/// number (each group's rules found by walking every rule).
#[test]
fn many_groups_are_checked_in_linear_time() {
    let limits = Limits {
        max_program_bytes: 16 << 20,
        max_rules: 100_000,
        ..Limits::default()
    };
    let rules: String = (0..20_000)
        .map(|i| {
            format!(
                "earn \"R{i}\" on purchase when tx.channel == \"c{i}\" {{ award 5 points  group \"g{}\" }}\n\
                 campaign \"C{i}\" when tx.store == \"s{i}\" {{ multiply \"R{i}\" by 2  exclusive \"e{}\" }}\n",
                i / 2,
                i / 2
            )
        })
        .collect();
    let started = std::time::Instant::now();
    let p = Program::compile_with(&format!("{HEADER}{rules}"), &limits).unwrap();
    let took = started.elapsed();
    assert_eq!(p.rules().count(), 20_000);
    assert!(p.warnings().is_empty(), "{:?}", &p.warnings()[..1]);
    assert!(took < std::time::Duration::from_secs(8), "took {took:?}");
}

/// long line (an `and` inside each `or`, a percentage over 100 in each of
/// 20,000 rules, a rule name declared 20,000 times, an unknown field in
/// each rule) took time and memory that grew with the square of the
/// program. Now at most 100 of each are listed (in source order, and one
/// more that says how many were left out), a long line is quoted around
/// its span, and an `and` inside an `or` is said once an expression.
#[test]
fn thousands_of_diagnostics_on_one_long_line_are_bounded() {
    let started = std::time::Instant::now();
    let limits = Limits {
        max_program_bytes: 16 << 20,
        ..Limits::default()
    };
    // An `and` inside each `or`: one warning an expression.
    let pair = "tx.channel == \"a\" and tx.store == \"b\"";
    let chain = vec![pair; 20_000].join(" or ");
    let src = format!(
        "{HEADER}earn \"A\" on purchase when {chain} {{ award 1 point }}\n\
         earn \"B\" on purchase when ({pair} or {pair}) and ({pair} or {pair}) {{ award 1 point }}\n"
    );
    let p = Program::compile_with(&src, &limits).unwrap();
    let lines: Vec<usize> = p.warnings().iter().map(|d| d.line).collect();
    assert_eq!(lines, [2, 3]);
    // The long line is quoted around the span.
    let w = &p.warnings()[0];
    assert!(
        w.source_line.chars().count() <= 242,
        "{}",
        w.source_line.len()
    );
    assert!(w
        .to_string()
        .contains("2 | earn \"A\" on purchase when tx.channel"));
    // 20,000 warnings on one line.
    let rules: String = (0..20_000)
        .map(|i| format!("earn \"R{i}\" on purchase {{ award 150% of tx.amount }} "))
        .collect();
    let p = Program::compile_with(&format!("{HEADER}{rules}\n"), &limits).unwrap();
    let w = p.warnings();
    assert_eq!(w.len(), 101);
    assert!(w[..100]
        .iter()
        .all(|d| d.message == "150% is more than the whole amount"));
    assert_eq!(
        w[100].message,
        "19900 more warnings are not listed: at most 100 are"
    );
    assert_eq!(w[100].code, Code::Limit);
    // In source order: the first 100, at their columns.
    assert_eq!(w[0].column, 31);
    assert!(w[..100].windows(2).all(|p| p[0].column < p[1].column));
    // 20,000 errors on one line, and a name declared 20,000 times.
    let rules: String = (0..20_000)
        .map(|i| format!("earn \"R{i}\" on purchase when tx.amont > 1 USD {{ award 1 point }} "))
        .collect();
    let e = Program::compile_with(&format!("{HEADER}{rules}\n"), &limits).unwrap_err();
    assert_eq!(e.errors.len(), 101);
    assert_eq!(
        e.errors[100].message,
        "19900 more errors are not listed: at most 100 are"
    );
    let rules = "earn \"R\" on review { award 1 point } ".repeat(20_000);
    let e = Program::compile_with(&format!("{HEADER}{rules}\n"), &limits).unwrap_err();
    assert_eq!(e.errors.len(), 101);
    assert_eq!(
        e.errors[0].message,
        "a rule named \"R\" is already declared on line 2"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

/// A currency written as the unit of points is reported wherever it is
/// written so (`award 5 USD`), and looking for it again costs one pass over
/// the text: half a megabyte on one line of the word in strings and as a
/// unit.
#[test]
fn the_same_unit_mistake_is_looked_for_in_one_pass() {
    let mut src =
        String::from("program \"P\" { currency USD }\nearn \"A\" on review { award 5 USD }\n");
    src.push_str(&"earn \"USD USD USD\" on review { award 1 point } ".repeat(10_000));
    src.push_str(&"earn \"B\" on review { award 7 USD } ".repeat(200));
    src.push_str("# award 9 USD");
    let started = std::time::Instant::now();
    let e = Program::compile(&src).unwrap_err();
    let took = started.elapsed();
    // The first, and 99 more of the same (100 errors at most).
    assert_eq!(e.errors.len(), 100);
    assert_eq!(e.errors[0].line, 2);
    assert!(e
        .errors
        .iter()
        .all(|d| d.message == "an award is a number of points, not an amount of USD"));
    assert!(e.errors[1..]
        .iter()
        .all(|d| d.line == 3 && d.source_line.contains("award 7 USD")));
    assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
}

/// A program of many `for each line` rules and a purchase of many lines
/// explain rules × lines: 500 rules on 10,000 lines took 1.3 GB to
/// explain, and 20,000 rules (within the limits) would have taken 50. An
/// explanation holds at most `Limits::max_explained_lines` lines (and
/// their steps); the totals alone are not limited.
#[test]
fn an_explanation_of_rules_times_lines_is_a_limit() {
    let rules: String = (0..50)
        .map(|i| format!("earn \"R{i}\" on purchase for each line {{ award 1 point per USD of line.amount }}\n"))
        .collect();
    let src = format!("{HEADER}{rules}");
    let event = lines_of_3_usd(2_100);
    let m = Member::new("m");
    let p = Program::compile(&src).unwrap();
    let started = std::time::Instant::now();
    let e = p.evaluate(&m, &event).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the explanation of event T1 holds 100001 lines of `for each line` awards and their \
         steps (its totals alone, `Program::points`, are not limited), more than the limit of \
         100000 (Limits::max_explained_lines)"
    );
    assert!(matches!(
        e,
        loyalty_rules::EvalError::Limit {
            limit: Limit::ExplainedLines,
            found: 100_001,
            max: 100_000,
            ..
        }
    ));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    // 50 rules × 2,100 lines × 3 points.
    let points = p.points(&m, &event).unwrap();
    assert_eq!(points.get("m", "points").to_string(), "315000");
    // A host that wants them raises the limit.
    let limits = Limits {
        max_explained_lines: 200_000,
        ..Limits::default()
    };
    let p = Program::compile_with(&src, &limits).unwrap();
    let o = p.evaluate(&m, &event).unwrap();
    assert_eq!(o.points("m", "points").to_string(), "315000");
    assert_eq!(o.awards.len(), 50);
    assert!(o.awards.iter().all(|a| a.lines.len() == 2_100));
}

/// A lot names the rules that made it up, each once: they were found
/// again among those listed for each credit (20,000 rules crediting one
/// purchase twice: 400 million comparisons for its lot).
#[test]
fn a_lot_of_thousands_of_rules_lists_each_once_in_linear_time() {
    let rules: String = (0..20_000)
        .map(|i| format!("earn \"R{i}\" on purchase {{ award 1 point  award 1 point }}\n"))
        .collect();
    let src = format!("{HEADER}ledger points {{ expire 12 months after earning }}\n{rules}");
    let p = Program::compile(&src).unwrap();
    let m = Member::new("m");
    let event = purchase("2026-05-02T12:00:00Z", "store", &[("a", "c", "1", "3.00")]);
    let started = std::time::Instant::now();
    let o = p.evaluate_with(&m, &p.new_state(&m), &event).unwrap();
    let took = started.elapsed();
    let lot = &o.change.lots[0].lot;
    assert_eq!(lot.points.to_string(), "40000");
    assert_eq!(lot.rules.len(), 20_000);
    assert_eq!(
        (lot.rules[0].as_str(), lot.rules[19_999].as_str()),
        ("R0", "R19999")
    );
    assert!(took < std::time::Duration::from_secs(2), "took {took:?}");
}

/// `why_not` finds the rules that awarded, reached a limit or won a group
/// by name: each rule searched the outcome's awards (20,000 rules, 10,000
/// of them awarding: 3.8 s in a release build of the CLI).
#[test]
fn why_not_on_thousands_of_rules_is_linear() {
    let rules: String = (0..20_000)
        .map(|i| {
            let channel = if i % 2 == 0 { "store" } else { "app" };
            format!(
                "earn \"R{i}\" on purchase when tx.channel == \"{channel}\" {{ award 1 point }}\n"
            )
        })
        .collect();
    let p = Program::compile(&format!("{HEADER}{rules}")).unwrap();
    let m = Member::new("m");
    let event = purchase("2026-05-02T12:00:00Z", "store", &[("a", "c", "1", "3.00")]);
    let started = std::time::Instant::now();
    let not = p.why_not(&m, &p.new_state(&m), &event).unwrap();
    let took = started.elapsed();
    assert_eq!(not.len(), 10_000);
    assert_eq!(not[0].rule, "R1");
    assert_eq!(
        not[0].to_string(),
        "R1: not applied, `tx.channel == \"app\"` does not hold (tx.channel is \"store\")"
    );
    assert!(took < std::time::Duration::from_secs(3), "took {took:?}");
}

/// Thousands of program caps on the same points: each cut every award in
/// turn (caps in falling order, 20,000 of them on 20,000 rules: 200
/// million cuts, 13 s to evaluate one event through the release CLI). Only
/// the least is kept; the rest are warnings.
#[test]
fn thousands_of_caps_on_the_same_points_keep_the_least() {
    let rules: String = (0..20_000)
        .map(|i| format!("earn \"R{i}\" on purchase {{ award 1 point }}\n"))
        .collect();
    let caps: String = (0..20_000)
        .map(|i| format!("cap {} points per transaction\n", 30_000 - i))
        .collect();
    let started = std::time::Instant::now();
    let p = Program::compile(&format!("{HEADER}{rules}{caps}")).unwrap();
    assert_eq!(p.warnings().len(), 101); // 100 listed, and how many more
    assert_eq!(
        p.warnings()[0].message,
        "this cap never cuts anything: `cap 10001 points per transaction` already keeps the same points at 10001 or less"
    );
    let m = Member::new("m");
    let event = purchase("2026-05-02T12:00:00Z", "store", &[("a", "c", "1", "3.00")]);
    let o = p.evaluate(&m, &event).unwrap();
    assert_eq!(o.points("m", "points").to_string(), "10001");
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
}

/// Each `for each line` rule checks every line, and applies its
/// multipliers to each: thousands of such rules, or of multipliers, on a
/// purchase of thousands of lines took minutes (one rule multiplied by
/// 50,000 campaigns on 1,000 lines: 1.1 s for its totals in a release
/// build; the limits allow 250,000 multipliers and 10,000 lines). An
/// evaluation checks at most `Limits::max_line_checks` lines, each
/// counted once per rule and once per multiplier of the rule.
#[test]
fn lines_checked_by_rules_and_their_multipliers_are_a_limit() {
    let campaigns: String = (0..5_000)
        .map(|i| {
            format!("campaign \"C{i}\" from 2026-01-01 to 2026-12-31 {{ multiply \"R\" by 1 }}\n")
        })
        .collect();
    let src = format!(
        "{HEADER}earn \"R\" on purchase for each line {{ award 1 point per USD of line.amount }}\n{campaigns}"
    );
    let event = lines_of_3_usd(4_000);
    let m = Member::new("m");
    let p = Program::compile(&src).unwrap();
    let started = std::time::Instant::now();
    let message = "the `for each line` rules check the 4000 lines of event T1 and their multipliers \
                   20004000 times by rule \"R\", more than the limit of 20000000 (Limits::max_line_checks)";
    assert_eq!(p.points(&m, &event).unwrap_err().to_string(), message);
    assert_eq!(p.evaluate(&m, &event).unwrap_err().to_string(), message);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // Fewer lines: 4,000 × 5,001 is over, 3,000 × 5,001 is not.
    let event = lines_of_3_usd(3_000);
    assert_eq!(
        p.points(&m, &event).unwrap().get("m", "points").to_string(),
        "9000"
    );
}

/// Thousands of SKU promotions `for each line` on a purchase of thousands
/// of lines: the evaluation checks the lines of none of them (the index
/// leaves out each promotion whose SKU the purchase does not have), and
/// `why_not` says why each gave nothing without checking their lines
/// either. It checked every line of every promotion, so that it reached
/// `Limits::max_line_checks` (5,000 rules × 4,001 lines) on an event the
/// evaluation took at once.
#[test]
fn why_not_checks_the_lines_of_the_rules_the_evaluation_checked() {
    let promos: String = (0..5_000)
        .map(|i| {
            format!(
                "earn \"Promo {i}\" on purchase for each line where line.sku == \"PROMO-{i}\" {{ award 100 points }}\n"
            )
        })
        .collect();
    let src = format!(
        "{HEADER}earn \"Base\" on purchase for each line {{ award 1 point per USD of line.amount }}\n{promos}"
    );
    let p = Program::compile(&src).unwrap();
    let m = Member::new("m");
    let event = lines_of_3_usd(4_001);
    let started = std::time::Instant::now();
    let o = p.evaluate(&m, &event).unwrap();
    assert_eq!(o.points("m", "points").to_string(), "12003");
    let not = p.why_not(&m, &p.new_state(&m), &event).unwrap();
    assert_eq!(not.len(), 5_000);
    assert_eq!(
        not[7].to_string(),
        "Promo 7: not applied, no line has `line.sku == \"PROMO-7\"`"
    );
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
}

/// Thousands of names the program does not have, each weighed against
/// thousands of rules' names for a "did you mean": 10,000 unknown rules in
/// tier benefits against 20,000 rules took two minutes to check (release),
/// and one name of a megabyte against a thousand names of a kilobyte
/// longer than a minute. Suggestions now have a budget of work per
/// compile; the first errors listed still have theirs.
#[test]
fn suggestions_for_thousands_of_unknown_names_are_bounded() {
    let rules: String = (0..20_000)
        .map(|i| format!("earn \"Rule-{i:05}\" on purchase {{ award 1 point }}\n"))
        .collect();
    let benefits: String = (0..10_000)
        .map(|i| format!("  multiply \"Rulx-{i:05}\" by 2\n"))
        .collect();
    let src = format!("{HEADER}tiers {{ member gold }}\n{rules}tier gold {{\n{benefits}}}\n");
    let started = std::time::Instant::now();
    let e = Program::compile(&src).unwrap_err();
    assert_eq!(e.errors.len(), 101);
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("did you mean \"Rule-00000\"?")
    );
    let long: String = (0..1_000)
        .map(|i| {
            format!(
                "earn \"{}{i:04}\" on purchase {{ award 1 point }}\n",
                "r".repeat(1_000)
            )
        })
        .collect();
    let src = format!(
        "{HEADER}tiers {{ member gold }}\n{long}tier gold {{ multiply \"{}\" by 2 }}\n",
        "q".repeat(1_000_000)
    );
    let e = Program::compile(&src).unwrap_err();
    assert_eq!(e.errors.len(), 1);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
}

/// A condition that reads thousands of counters: `why_not` says what it
/// read of each once, and found the ones said already by searching the
/// list, so that 40,000 counters took 3.7 s to explain (release), 16 times
/// what 10,000 took. Now in a set.
#[test]
fn what_a_condition_of_thousands_of_counters_read_is_said_in_linear_time() {
    let n = 40_000;
    let counters: String = (0..n).map(|i| format!("counter c{i}\n")).collect();
    let condition: Vec<String> = (0..n).map(|i| format!("c{i} lifetime >= 1")).collect();
    let src = format!(
        "{HEADER}{counters}earn \"A\" on purchase when {} {{ award 1 point }}\n",
        condition.join(" or ")
    );
    let p = Program::compile(&src).unwrap();
    let m = Member::new("m");
    let event = purchase("2026-05-02T12:00:00Z", "store", &[("a", "c", "1", "3.00")]);
    let started = std::time::Instant::now();
    let not = p.why_not(&m, &p.new_state(&m), &event).unwrap();
    let took = started.elapsed();
    let loyalty_rules::WhyNot::Condition { read, .. } = &not[0].reason else {
        panic!("{:?}", not[0].reason);
    };
    assert_eq!(read.len(), n);
    assert_eq!(read[39_999], "c39999 lifetime is 0");
    assert!(took < std::time::Duration::from_secs(3), "took {took:?}");
}

/// A program of thousands of balances, each credited by one event: the
/// points earned so far and the totals were found by searching the
/// balances credited so far for each credit, and the credits for each
/// balance (10,000 balances: 1.8 s for one event through the release CLI; 20,000
/// in a debug test, 4 s).
/// Now by index.
#[test]
fn an_event_that_credits_thousands_of_balances_costs_what_they_are() {
    let n = 20_000;
    let balances: String = (0..n).map(|i| format!(" balance b{i}")).collect();
    let rules: String = (0..n)
        .map(|i| format!("earn \"R{i}\" on purchase {{ award {} b{i} }}\n", i + 1))
        .collect();
    let src = format!(
        "program \"P\" {{ currency USD{balances} }}\n{rules}cap 100 points per transaction in b7000\n"
    );
    let p = Program::compile(&src).unwrap();
    let m = Member::new("m");
    let event = purchase("2026-05-02T12:00:00Z", "store", &[("a", "c", "1", "3.00")]);
    let started = std::time::Instant::now();
    let o = p.evaluate(&m, &event).unwrap();
    assert_eq!(o.totals.len(), n);
    assert_eq!(o.points("m", "b19999").to_string(), "20000");
    assert_eq!(o.points("m", "b7000").to_string(), "100");
    let lean = p.points(&m, &event).unwrap();
    assert_eq!(lean.get("m", "b19999").to_string(), "20000");
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(2), "took {took:?}");
}

/// A purchase `T1` of `n` lines, each one item at 3.00 USD in category `c`.
fn lines_of_3_usd(n: usize) -> loyalty_rules::Event {
    let skus: Vec<String> = (0..n).map(|i| format!("S{i}")).collect();
    let lines: Vec<(&str, &str, &str, &str)> = skus
        .iter()
        .map(|s| (s.as_str(), "c", "1", "3.00"))
        .collect();
    purchase("2026-05-02T12:00:00Z", "store", &lines)
}

/// A help that names what the program has (its balances, tiers or
/// segments, when no name is near enough for a "did you mean") listed all
/// of them, once per error: 5,000 unknown units against 5,000 balances
/// built 250 MB of help texts (`loyalty check`: 2.1 s, 350 MB). A help now
/// names the first ten and says how many there are.
#[test]
fn a_help_names_a_few_of_thousands_of_names() {
    let n = 3_000;
    let balances: String = (0..n).map(|i| format!("  balance b{i}\n")).collect();
    let tiers: String = (0..n).map(|i| format!(" t{i}")).collect();
    let segments: String = (0..n)
        .map(|i| format!("segment s{i} when member.purchase_count > {i}\n"))
        .collect();
    let rules: String = (0..n)
        .map(|i| {
            format!(
                "earn \"R{i}\" on purchase when member.segment == \"qqq{i}\" {{ award 1 zzz{i} }}\n\
                 tier zzz{i} {{ multiply \"R{i}\" by 2 }}\n"
            )
        })
        .collect();
    let src = format!(
        "program \"P\" {{\n  currency USD\n{balances}}}\ntiers {{{tiers} }}\n{segments}{rules}"
    );
    let limits = Limits {
        max_program_bytes: 16 << 20,
        ..Limits::default()
    };
    let started = std::time::Instant::now();
    let e = Program::compile_with(&src, &limits).unwrap_err();
    let took = started.elapsed();
    let helps: Vec<(&str, Option<&str>)> = e
        .errors
        .iter()
        .take(3)
        .map(|d| (d.message.as_str(), d.help.as_deref()))
        .collect();
    assert_eq!(
        helps,
        vec![
            (
                "the program declares no segment \"qqq0\"",
                Some("the segments are s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 and 2990 more")
            ),
            (
                "`zzz0` is not a unit: a number of points is written `N points`, or with the \
                 name of the balance it counts",
                Some(
                    "write `points`, or the name of a balance of the program (`points`, `b0`, \
                     `b1`, `b2`, `b3`, `b4`, `b5`, `b6`, `b7`, `b8` and 2991 more); a balance is \
                     declared in the header: `balance zzz0`"
                )
            ),
            (
                "unknown tier `zzz0`",
                Some(
                    "the tiers are t0, t1, t2, t3, t4, t5, t6, t7, t8, t9 and 2990 more; add `zzz0` \
                     to `tiers { ... }` to declare it"
                )
            ),
        ]
    );
    assert!(took < std::time::Duration::from_secs(20), "took {took:?}");
}

/// A member who buys many times a day (a fleet's fuel card, a business
/// account) keeps a receipt of each purchase for the return window, and
/// every purchase looked at every receipt to see whether one had left the
/// window: 20,000 purchases over 20 days took 6.2 s through the release
/// CLI, four times what 10,000 took. A purchase dated no later than the
/// state's last purchase needs no look: that one left none behind.
#[test]
fn many_purchases_a_day_keep_their_receipts_in_linear_time() {
    let p = Program::compile(
        "program \"Fleet\" { currency USD }\n\
         earn \"Fuel\" on purchase { award 1 point per USD of tx.amount }\n\
         returns { within 30 days }\n",
    )
    .unwrap();
    let m = Member::new("fleet");
    let mut s = p.new_state(&m);
    let (days, each) = (40, 500);
    let started = std::time::Instant::now();
    for day in 0..days {
        for i in 0..each {
            let date =
                chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(day);
            let e = loyalty_rules::Event::from_json(&format!(
                r#"{{"kind": "purchase", "id": "p{day}-{i}", "timestamp": "{date}T{:02}:{:02}:00Z",
                    "currency": "USD", "lines": [{{"sku": "diesel", "quantity": 1, "unit_price": "50.00"}}]}}"#,
                i / 60 % 24,
                i % 60
            ))
            .unwrap();
            let o = p.evaluate_with(&m, &s, &e).unwrap();
            s.apply(&o).unwrap();
        }
    }
    let took = started.elapsed();
    // The receipts of the last 31 days (30 days back, and the day itself).
    assert_eq!(s.receipts.len(), 31 * each);
    assert!(s
        .receipts
        .values()
        .all(|r| r.day >= "2026-01-10".parse().unwrap()));
    assert_eq!(s.balance("points").unwrap().to_string(), "1000000");
    assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
}
