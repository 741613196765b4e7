#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Checker and parser errors (message, line, column), warnings, hostile
//! input, and evaluation errors.

mod common;

use common::fixtures::*;
use loyalty_rules::{Code, CompileError, EvalError, Limits, Program, Severity};

const HEADER: &str = "program \"Test\" { currency USD }\n";

fn errors(body: &str) -> CompileError {
    Program::compile(&format!("{HEADER}{body}")).unwrap_err()
}

/// (message, line, column, help) of every error.
fn summary(e: &CompileError) -> Vec<(String, usize, usize, Option<String>)> {
    e.errors
        .iter()
        .map(|d| (d.message.clone(), d.line, d.column, d.help.clone()))
        .collect()
}

#[track_caller]
fn one_error(body: &str, message: &str, line: usize, column: usize) -> Option<String> {
    let e = errors(body);
    assert_eq!(e.errors.len(), 1, "{e}");
    let d = &e.errors[0];
    assert_eq!(
        (d.message.as_str(), d.line, d.column),
        (message, line, column),
        "{e}"
    );
    d.help.clone()
}

/// Asserts that each case, put in a program by `wrap`, gives one error
/// with the help expected.
#[track_caller]
fn helps(wrap: impl Fn(&str) -> String, cases: &[(&str, &str)]) {
    for (case, expected) in cases {
        let e = errors(&wrap(case));
        assert_eq!(e.errors.len(), 1, "{case}: {e}");
        assert_eq!(e.errors[0].help.as_deref(), Some(*expected), "{case}");
    }
}

#[test]
fn unknown_field_with_did_you_mean() {
    let help = one_error(
        "earn \"R\" on purchase when tx.amont > 5 USD { award 1 point }",
        "unknown field `tx.amont`",
        2,
        27,
    );
    assert_eq!(help.as_deref(), Some("did you mean `tx.amount`?"));
}

#[test]
fn unknown_tier_name_with_did_you_mean() {
    let help = one_error(
        "tiers { silver gold }\nearn \"R\" on purchase when member.tier >= glod { award 1 point }",
        "unknown name `glod`: not a tier or a weekday",
        3,
        42,
    );
    assert_eq!(help.as_deref(), Some("did you mean `gold`?"));
}

#[test]
fn type_errors() {
    one_error(
        "earn \"R\" on purchase when tx.channel == 5 USD { award 1 point }",
        "cannot compare text with money using `==`",
        2,
        27,
    );
    let help = one_error(
        "earn \"R\" on purchase when tx.amount >= 50 { award 1 point }",
        "cannot compare money with a number using `>=`",
        2,
        27,
    );
    assert_eq!(
        help.as_deref(),
        Some("write the amount with its currency: `50 USD`")
    );
    one_error(
        "earn \"R\" on purchase when tx.amount >= 10% { award 1 point }",
        "a percentage is only meaningful in `award 10% of ...`",
        2,
        40,
    );
    one_error(
        "earn \"R\" on purchase { award 1 point per USD of tx.items }",
        "expected money here, but this is a number",
        2,
        49,
    );
    one_error(
        "earn \"R\" on purchase when tx.amount { award 1 point }",
        "a condition must be true or false, but this is money",
        2,
        27,
    );
}

#[test]
fn currency_mismatch() {
    one_error(
        "earn \"R\" on purchase when tx.amount >= 50 EUR { award 1 point }",
        "this amount is in EUR, but the program's currency is USD",
        2,
        43,
    );
    one_error(
        "earn \"R\" on purchase { award 1 point per EUR of tx.amount }",
        "this amount is in EUR, but the program's currency is USD",
        2,
        42,
    );
}

#[test]
fn invalid_dates_and_times() {
    one_error(
        "campaign \"C\" from 2026-02-30 to 2026-03-10 { multiply all by 2 }",
        "invalid date 2026-02-30: month 2 has no day 30",
        2,
        19,
    );
    one_error(
        "earn \"R\" on purchase when tx.date == 2026-13-01 { award 1 point }",
        "invalid date 2026-13-01: there is no month 13",
        2,
        38,
    );
    one_error(
        "earn \"R\" on purchase when tx.time > 25:00 { award 1 point }",
        "invalid time 25:00: hours run 0 to 23, minutes 0 to 59",
        2,
        37,
    );
}

#[test]
fn duplicate_names() {
    one_error(
        "earn \"R\" on purchase { award 1 point }\nearn \"R\" on review { award 1 point }",
        "a rule named \"R\" is already declared on line 2",
        3,
        6,
    );
    one_error(
        "campaign \"C\" { multiply all by 2 }\ncampaign \"C\" { multiply all by 3 }",
        "a campaign named \"C\" is already declared on line 2",
        3,
        10,
    );
    one_error(
        "tiers { gold gold }",
        "the tier `gold` is listed twice",
        2,
        14,
    );
}

#[test]
fn campaign_targeting_a_missing_rule() {
    let help = one_error(
        "earn \"Base\" on purchase { award 1 point }\ncampaign \"C\" { multiply \"Bsae\" by 2 }",
        "the campaign \"C\" names the rule \"Bsae\", which does not exist",
        3,
        25,
    );
    assert_eq!(help.as_deref(), Some("did you mean \"Base\"?"));
}

#[test]
fn scope_errors() {
    one_error(
        "earn \"R\" on purchase when line.category == \"x\" { award 1 point }",
        "`line.category` cannot be used in this rule: it is only known in rules `on purchase for each line`",
        2,
        27,
    );
    one_error(
        "earn \"R\" on review when tx.amount > 1 USD { award 1 point }",
        "`tx.amount` cannot be used in this rule: it is only known in rules `on purchase`",
        2,
        25,
    );
    let help = one_error(
        "earn \"R\" on purchse { award 1 point }",
        "unknown event kind `purchse`",
        2,
        13,
    );
    assert_eq!(help.as_deref(), Some("did you mean `purchase`?"));
}

#[test]
fn several_errors_at_once_in_source_order() {
    let e = errors(
        "earn \"A\" on purchase when tx.amont > 1 USD { award 1 point }\n\
         earn \"B\" on purchase when tx.amount > 1 EUR { award 1 point }\n\
         campaign \"C\" { multiply \"Z\" by 2 }",
    );
    let s = summary(&e);
    assert_eq!(s.len(), 3, "{e}");
    assert_eq!((s[0].1, s[1].1, s[2].1), (2, 3, 4));
}

#[test]
fn missing_header_and_currency() {
    let e = Program::compile("earn \"R\" on purchase { award 1 point }").unwrap_err();
    assert_eq!(e.errors[0].message, "the program has no header");
    let e = Program::compile("program \"X\" { }\nearn \"R\" on purchase { award 1 point }")
        .unwrap_err();
    assert_eq!(e.errors[0].message, "the program does not say its currency");
}

#[test]
fn parse_errors_say_what_was_expected_in_words() {
    let e = errors("earn \"R\" on purchase { award 1 point per USD of }");
    assert_eq!(
        e.errors[0].message,
        "expected a value or a condition, found `}`"
    );
    assert_eq!((e.errors[0].line, e.errors[0].column), (2, 49));
    // At the end of the program with a block still open, the block is named.
    let e = errors("earn \"R\" on purchase { award 1 point ");
    assert_eq!((e.errors[0].line, e.errors[0].column), (2, 22));
    assert_eq!(e.errors[0].message, "this `{` is never closed");
    let e = Program::compile("program \"X\" { currency usd }").unwrap_err();
    assert_eq!(
        e.errors[0].message,
        "expected a currency code such as `USD`, found `usd`"
    );
}

#[test]
fn rendering_has_the_source_line_and_a_caret() {
    let e = errors("earn \"R\" on purchase when tx.amont > 5 USD { award 1 point }");
    let text = e.errors[0].to_string();
    assert_eq!(
        text,
        "error[L0203]: unknown field `tx.amont`\n \
         --> line 2, column 27\n  \
         |\n\
         2 | earn \"R\" on purchase when tx.amont > 5 USD { award 1 point }\n  \
         |                           ^^^^^^^^\n  \
         = help: did you mean `tx.amount`?"
    );
}

/// The event is counted before the rules run: a read that this event's
/// `count` surely exceeds is a warning; one it might not, is not.
#[test]
fn a_counter_read_below_what_the_event_counts_is_a_warning_only_then() {
    let warned = |rule: &str| {
        let p = Program::compile(&format!(
            "{HEADER}counter visits\ncounter units\ncount 1 to visits on purchase\n\
             count 2 to visits on event \"scan\"\ncount 1 to units on purchase when tx.amount > 5 USD\n\
             segment quiet when visits this week < 2\n{rule}"
        ))
        .unwrap();
        p.warnings()
            .iter()
            .map(|d| d.message.split(':').next().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    let never = |on: &str| vec![format!("this condition can never hold on {on}")];
    assert_eq!(
        warned("earn \"A\" on purchase when visits today == 0 { award 1 point }"),
        never("a purchase")
    );
    assert_eq!(
        warned("earn \"A\" on purchase when visits lifetime < 1 { award 1 point }"),
        never("a purchase")
    );
    assert_eq!(
        warned("earn \"A\" on purchase when visits last 7 days <= 0.5 { award 1 point }"),
        never("a purchase")
    );
    assert_eq!(
        warned("earn \"A\" on event \"scan\" when visits this year < 2 { award 1 point }"),
        never("an event \"scan\"")
    );
    assert_eq!(
        warned("earn \"A\" on event \"scan\" when member.segment == \"quiet\" { award 1 point }"),
        ["segment \"quiet\" never holds on an event \"scan\""]
    );
    // What this event's count may not exceed: no warning.
    for fine in [
        "earn \"A\" on purchase when visits today == 1 { award 1 point }",
        "earn \"A\" on purchase when visits this week < 2 { award 1 point }",
        "earn \"A\" on purchase when member.segment == \"quiet\" { award 1 point }",
        "earn \"A\" on review when visits this month == 0 { award 1 point }",
        "earn \"A\" on purchase when units this month == 0 { award 1 point }",
        "earn \"A\" on purchase when visits this month == 0 or tx.amount > 5 USD { award 1 point }",
        "earn \"A\" on purchase when days_since(visits) > 90 { award 1 point }",
    ] {
        assert!(warned(fine).is_empty(), "{fine}: {:?}", warned(fine));
    }
}

/// Found writing a carrier's program ("3x for members of 10 years"):
/// `days_since(member.join_date)` was answered with a counter's name; days
/// since a date are `days_between`, to the event's date.
#[test]
fn days_since_a_date_gets_days_between() {
    helps(
        |written| format!("counter visits\ncount 1 to visits on purchase\n{written}\n"),
        &[
            (
                "earn \"Loyal\" on purchase when days_since(member.join_date) >= 3653 { award 1 point }",
                "days since a date are `days_between(member.join_date, tx.date)`",
            ),
            (
                "earn \"Loyal\" on event \"bill\" when days_since(member.join_date) > 30 { award 1 point }",
                "days since a date are `days_between(member.join_date, event.date)`",
            ),
            (
                "earn \"Again\" on purchase when days_since(5) > 30 { award 1 point }",
                "write a counter of the program: `days_since(visits)`",
            ),
        ],
    );
}

#[test]
fn warnings_come_back_separately() {
    let p = Program::compile(&format!(
        "{HEADER}earn \"R\" on purchase when month(tx.date) == 13 {{ award 1 point }}\n\
         campaign \"Late\" from 2026-12-01 to 2026-11-01 {{ multiply all by 2 }}\n\
         earn \"S\" on purchase for each line when line.category == \"a\" and line.category == \"b\" {{ award 1 point }}"
    ))
    .unwrap();
    let w: Vec<(&str, usize)> = p
        .warnings()
        .iter()
        .map(|d| (d.message.as_str(), d.line))
        .collect();
    assert_eq!(
        w,
        [
            ("this condition can never hold: `month(...)` is always between 1 and 12", 2),
            ("the campaign \"Late\" ends before it starts, so it never runs", 3),
            ("this condition can never hold: one field is required to equal two different values", 4),
        ]
    );
    assert!(p.warnings().iter().all(|d| d.severity == Severity::Warning));
}

/// (message, help, line) of every warning.
fn warned(p: &Program) -> Vec<(&str, Option<&str>, usize)> {
    p.warnings()
        .iter()
        .map(|d| (d.message.as_str(), d.help.as_deref(), d.line))
        .collect()
}

#[test]
fn a_multiplier_that_reaches_tier_credit_unnamed_is_a_warning() {
    // Found writing a beauty retailer's program: "3x points on fragrance"
    // also tripled the qualifying spend its tiers are computed from.
    let p = Program::compile(
        "program \"P\" { currency USD  balance spend qualifying precision 2 }\n\
         tiers { member gold }\n\
         earn \"Base\" on purchase for each line { award 1 point per USD of line.amount }\n\
         earn \"Spend\" on purchase for each line { award 1 point per USD of line.amount to spend }\n\
         campaign \"Fragrance\" every saturday { multiply category \"fragrance\" by 3 }\n\
         campaign \"Member day\" every monday { multiply all except \"Spend\" by 2 }\n\
         campaign \"Double credit\" every friday { multiply \"Base\", \"Spend\" by 2 }\n\
         tier gold { multiply all by 1.5 }",
    )
    .unwrap();
    let w = warned(&p);
    assert_eq!(
        w,
        [
            (
                "the campaign \"Fragrance\" multiplies \"Spend\", which earns the qualifying balance `spend`: tier credit is multiplied too",
                Some("add `except \"Spend\"`, or name the rules to multiply"),
                5
            ),
            (
                "the tier `gold` multiplies \"Spend\", which earns the qualifying balance `spend`: tier credit is multiplied too",
                Some("add `except \"Spend\"`, or name the rules to multiply"),
                8
            ),
        ]
    );
    assert!(p.warnings().iter().all(|d| d.code == Code::Suspicious));
}

#[test]
fn a_multiplier_on_a_rule_that_earns_points_and_tier_credit_suggests_splitting_it() {
    // Excepting the rule would drop the points' multiplier too.
    let p = Program::compile(
        "program \"P\" { currency USD  balance tier_points qualifying }\n\
         tiers { blue gold }\n\
         earn \"Rides\" on purchase { award 1 point per USD of tx.amount  award 1 point per USD of tx.amount to tier_points }\n\
         tier gold { multiply all by 1.25 }",
    )
    .unwrap();
    let w: Vec<(&str, Option<&str>)> = p
        .warnings()
        .iter()
        .map(|d| (d.message.as_str(), d.help.as_deref()))
        .collect();
    assert_eq!(
        w,
        [(
            "the tier `gold` multiplies \"Rides\", which earns the qualifying balance `tier_points`: tier credit is multiplied too",
            Some("write `multiply all in points by 1.25`, so that only `points` is multiplied"),
        )]
    );
    // Found writing a hotel's program: naming the rule multiplied the
    // qualifying nights it awards too (a gold member's 2 nights counted
    // 3). A rule named that earns tier credit alone is multiplied as
    // meant (a double-nights promotion); one that earns both is said.
    let p = Program::compile(
        "program \"P\" { currency USD  balance nights qualifying }\n\
         tiers { member gold }\n\
         earn \"Room\" on purchase for each line { award 10 points per USD of line.amount  award 1 point per line.quantity to nights }\n\
         earn \"Nights\" on purchase for each line { award 1 point per line.quantity to nights }\n\
         tier gold { multiply \"Room\" by 1.5 }\n\
         campaign \"Double nights\" every friday { multiply \"Nights\" by 2 }",
    )
    .unwrap();
    let w = warned(&p);
    assert_eq!(
        w,
        [(
            "the tier `gold` multiplies \"Room\", which earns the qualifying balance `nights`: tier credit is multiplied too",
            Some("write `multiply \"Room\" in points by 1.5`, so that only `points` is multiplied"),
            5
        )]
    );
}

/// A group of one rule, or an exclusive group of one campaign, chooses
/// between nothing: found writing an EV charging network's program, whose
/// off-peak and weekend bonuses were meant to be exclusive but only the
/// weekend's said so (both applied, x4).
#[test]
fn a_group_of_one_is_a_warning() {
    let p = Program::compile(
        "program \"P\" { currency EUR }\n\
         earn \"A\" on purchase { award 5 points  group \"best\" }\n\
         earn \"B\" on purchase { award 6 points }\n\
         earn \"C\" on purchase { award 7 points  group \"pair\" }\n\
         earn \"D\" on purchase { award 8 points  group \"pair\" }\n\
         campaign \"Off-peak\" between 22:00 and 06:00 { multiply \"A\" by 2 }\n\
         campaign \"Weekend\" every weekend { multiply \"A\" by 2  exclusive \"bonus\" }\n\
         campaign \"X\" { multiply \"C\" by 2  exclusive \"e\" }\n\
         campaign \"Y\" { multiply \"D\" by 2  exclusive \"e\" }\n",
    )
    .unwrap();
    assert_eq!(
        warned(&p),
        [
            (
                "group \"best\" has one rule, \"A\": it has no other to choose from",
                Some("give each rule it chooses between the same `group \"best\"`"),
                2
            ),
            (
                "the exclusive group \"bonus\" has one campaign, \"Weekend\": it excludes nothing",
                Some("give each campaign it excludes the same `exclusive \"bonus\"`"),
                7
            ),
        ]
    );
}

/// `in BALANCE` says which balance a multiplier is for: no warning about
/// tier credit, the help that suggests it compiles without one, and a
/// balance the rules do not award (or that does not exist) is said.
#[test]
fn a_multiplier_in_a_balance_is_checked_against_what_its_rules_award() {
    let program = |benefit: &str| {
        format!(
            "program \"P\" {{ currency USD  balance nights qualifying  balance miles }}\n\
             tiers {{ member gold }}\n\
             earn \"Room\" on purchase {{ award 10 points per USD of tx.amount  award 1 point to nights }}\n\
             earn \"Fee\" on purchase {{ award 5 points }}\n\
             {benefit}\n"
        )
    };
    // Without the warning that `miles` is never earned (it is not, here).
    let warned = |p: &Program| -> Vec<(String, Option<String>, usize)> {
        warned(p)
            .into_iter()
            .filter(|(m, _, _)| !m.starts_with("nothing earns"))
            .map(|(m, h, l)| (m.to_string(), h.map(str::to_string), l))
            .collect()
    };
    // The help's statement, as written, compiles without a warning.
    for ok in [
        "tier gold { multiply \"Room\" in points by 1.5 }",
        "tier gold { multiply all in points by 1.5 then round floor }",
        "campaign \"Double nights\" { multiply \"Room\" in nights by 2 }",
    ] {
        let p = Program::compile(&program(ok)).unwrap();
        assert!(warned(&p).is_empty(), "{ok}: {:?}", warned(&p));
    }
    // A rule named that awards none of the balance.
    let p = Program::compile(&program(
        "tier gold { multiply \"Room\", \"Fee\" in nights by 2 }",
    ))
    .unwrap();
    assert_eq!(
        warned(&p),
        [(
            "the tier `gold` multiplies \"Fee\" in `nights`, which it does not award: nothing is multiplied".to_string(),
            Some("it awards `points`: write `in points`".to_string()),
            5
        )]
    );
    // `all` where no rule awards it.
    let p = Program::compile(&program(
        "campaign \"Miles\" { multiply all in miles by 2 }",
    ))
    .unwrap();
    let w = warned(&p);
    assert_eq!(
        w,
        [(
            "the campaign \"Miles\" multiplies awards in `miles`, and no rule it reaches awards it: nothing is multiplied".to_string(),
            None,
            5
        )]
    );
    // A balance the program does not have.
    let e =
        Program::compile(&program("tier gold { multiply \"Room\" in point by 2 }")).unwrap_err();
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(e.errors[0].message, "unknown balance `point`");
    assert_eq!(e.errors[0].help.as_deref(), Some("did you mean `points`?"));
}

// ------------------------------------------------------------ hostile input

#[test]
fn deeply_nested_parentheses_are_refused_before_parsing() {
    on_small_stack(|| {
        let src = format!(
            "{HEADER}earn \"R\" on purchase when {}true{} {{ award 1 point }}",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        let e = Program::compile(&src).unwrap_err();
        assert!(
            e.errors[0]
                .message
                .starts_with("brackets are nested more than 64 levels"),
            "{}",
            e.errors[0].message
        );
        let src = "(".repeat(1 << 20);
        assert!(Program::compile(&src).is_err());
    });
}

#[test]
fn long_operator_chains_are_bounded() {
    on_small_stack(|| {
        // A flat chain is not nesting (issue 9): 10,000 terms are a balanced
        // tree 14 levels deep; tests/hostile.rs evaluates it on a small stack.
        let chain = vec!["true"; 10_000].join(" and ");
        let src = format!("{HEADER}earn \"R\" on purchase when {chain} {{ award 1 point }}");
        assert!(Program::compile(&src).is_ok());
        let nots = "not ".repeat(50_000);
        let src = format!("{HEADER}earn \"R\" on purchase when {nots}true {{ award 1 point }}");
        assert!(Program::compile(&src).is_err());
    });
}

#[test]
fn huge_numbers_are_errors() {
    let e = errors(&format!(
        "earn \"R\" on purchase {{ award {} points }}",
        "9".repeat(40)
    ));
    assert_eq!(
        e.errors[0].message,
        "the number `999999999999999999999999…` cannot be represented exactly: numbers have at most 28 significant digits"
    );
}

#[test]
fn oversized_programs_are_refused() {
    let src = format!("{HEADER}{}", "# padding\n".repeat(500_000));
    let e = Program::compile(&src).unwrap_err();
    assert!(
        e.errors[0].message.contains("Limits::max_program_bytes"),
        "{}",
        e.errors[0].message
    );
    let limits = Limits {
        max_rules: 3,
        ..Limits::default()
    };
    let rules = "earn \"R\" on purchase { award 1 point }\n".repeat(5);
    let e = Program::compile_with(&format!("{HEADER}{rules}"), &limits).unwrap_err();
    assert_eq!(
        e.errors[0].message,
        "the program has more than 3 rules (Limits::max_rules)"
    );
}

// ------------------------------------------------------------ evaluation errors

#[test]
fn transaction_in_another_currency_is_rejected() {
    let p = usd("earn \"R\" on purchase { award 1 point }");
    let e = event(
        r#"{"kind":"purchase","id":"T9","timestamp":"2026-03-04T12:00:00Z","currency":"EUR","lines":[]}"#,
    );
    let err = p.evaluate(&m1(), &e).unwrap_err();
    assert_eq!(
        err,
        EvalError::CurrencyMismatch {
            transaction: "T9".into(),
            expected: "USD".into(),
            found: "EUR".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "transaction T9 is in EUR, but the program's currency is USD"
    );
}

#[test]
fn overflow_names_the_rule() {
    let p = usd(&format!(
        "earn \"Huge\" on purchase {{ award 1 point per USD of tx.amount }}\ncampaign \"C\" {{ multiply \"Huge\" by {} }}",
        "9".repeat(27)
    ));
    let e = purchase(
        "2026-03-04T12:00:00Z",
        "store",
        &[("A", "x", "1", "99999999999")],
    );
    let err = p.evaluate(&m1(), &e).unwrap_err();
    assert_eq!(
        err,
        EvalError::Overflow {
            rule: "Huge".into(),
            during: "a multiplier".into()
        }
    );
}

#[test]
fn invalid_input_values_are_rejected() {
    let p = usd("earn \"R\" on purchase { award 1 point }");
    let bad = purchase("2026-03-04T12:00:00Z", "store", &[("A", "x", "-1", "5")]);
    assert_eq!(
        p.evaluate(&m1(), &bad).unwrap_err().to_string(),
        "invalid input: transaction T1, line 1: quantity must be more than zero, not -1"
    );
    let p =
        usd("attribute member.vip bool\nearn \"R\" on purchase when member.vip { award 1 point }");
    let m = member(r#"{"id":"m1","attributes":{"vip":"yes"}}"#);
    let err = p
        .evaluate(&m, &purchase("2026-03-04T12:00:00Z", "store", &[]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        // Quoted once (issue 14): the value as the input wrote it.
        "attribute member.vip should be a true/false value, but the input has \"yes\"; write true or false, without quotes"
    );
    // A code sent as a number, to an attribute of text.
    let p = usd(
        "attribute tx.mcc text\nearn \"R\" on purchase when tx.mcc == \"5812\" { award 1 point }",
    );
    let mut buy = purchase("2026-03-04T12:00:00Z", "store", &[]);
    if let loyalty_rules::Event::Purchase(t) = &mut buy {
        t.attributes.insert(
            "mcc".into(),
            loyalty_rules::Value::from(rust_decimal::Decimal::from(5812)),
        );
    }
    assert_eq!(
        p.evaluate(&m1(), &buy).unwrap_err().to_string(),
        "attribute tx.mcc should be text, but the input has 5812; write it in quotes: \"5812\""
    );
}

#[test]
fn currencies_are_iso_4217_codes() {
    let text = messages("program \"x\" { currency USX }\nearn \"A\" on purchase { award 1 point }");
    assert!(
        text.contains("error[L0209]: `USX` is not an ISO 4217 currency code"),
        "{text}"
    );
    assert!(
        text.contains("help: did you mean `UGX` or `USD` or `USN`?"),
        "{text}"
    );
    let text = messages("program \"x\" { currency QQQ }\nearn \"A\" on purchase { award 1 point }");
    assert!(
        text.contains("`QQQ` is not an ISO 4217 currency code"),
        "{text}"
    );
    for ok in ["USD", "EUR", "JPY", "KWD", "CHF"] {
        let src = format!(
            "program \"x\" {{ currency {ok} }}\nearn \"A\" on purchase {{ award 1 point }}"
        );
        assert_eq!(messages(&src), "(no messages)\n", "{ok}");
    }
}

#[test]
fn money_with_more_places_than_its_currency_has_is_a_warning() {
    let text = messages(
        "program \"x\" { currency JPY }\nearn \"A\" on purchase when tx.amount >= 99.5 JPY { award 1 point }",
    );
    assert!(
        text.contains("warning[L0503]: `99.5 JPY` has more decimal places than JPY has (0)"),
        "{text}"
    );
    let text = messages(
        "program \"x\" { currency USD }\nearn \"A\" on purchase when tx.amount >= 9.999 USD and tx.amount < 10.50 USD { award 1 point }",
    );
    assert!(
        text.contains("warning[L0503]: `9.999 USD` has more decimal places than USD has (2)"),
        "{text}"
    );
    assert_eq!(
        text.matches("warning[").count(),
        1,
        "10.50 USD has two places: {text}"
    );
}

#[test]
fn the_tender_a_help_suggests_can_be_declared() {
    let text = messages(&format!(
        "{HEADER}earn \"W\" on purchase when tx.paid.wallet > 5 USD {{ award 1 point }}"
    ));
    assert!(
        text.contains("help: declare the payment kind in the program header: `tender wallet`"),
        "{text}"
    );
    let src = "program \"Shop\" { currency USD tender wallet }\n\
               earn \"W\" on purchase when tx.paid.wallet > 5 USD { award 1 point }";
    assert_eq!(messages(src), "(no messages)\n");
    // A built-in tender cannot be declared again.
    let text = messages("program \"Shop\" { currency USD tender card }");
    assert!(
        text.contains("error[L0403]: `card` is a built-in tender (`tx.paid.card`)"),
        "{text}"
    );
}

#[test]
fn declared_tenders_are_read_and_undeclared_ones_refused() {
    // A co-branded card earns 3 points per dollar, other cards 1.
    let p = compile(
        "program \"Air\" { currency USD  tender cobrand_card  tender wallet }\n\
         earn \"Co-brand\" on purchase { award 3 points per USD of tx.paid.cobrand_card }\n\
         earn \"Card\" on purchase { award 1 point per USD of tx.paid.card }",
    );
    let m = member(r#"{"id": "m"}"#);
    let paid = |tenders: &str| {
        event(&format!(
            r#"{{"kind": "purchase", "id": "t", "timestamp": "2026-11-28T10:00:00Z", "currency": "USD",
                "lines": [{{"sku": "fare", "quantity": 1, "unit_price": "150.00"}}], "tenders": {tenders}}}"#
        ))
    };
    let e = paid(r#"{"card": "50.00", "other": {"cobrand_card": "100.00"}}"#);
    assert_eq!(eval(&p, &m, &e).points("m", "points").to_string(), "350");
    // Not paid with it: zero, as for a built-in tender.
    let e = paid(r#"{"card": "150.00"}"#);
    assert_eq!(eval(&p, &m, &e).points("m", "points").to_string(), "150");
    let e = paid(r#"{"other": {"cobrand_crad": "150.00"}}"#);
    let err = p.evaluate(&m, &e).unwrap_err();
    assert_eq!(
        err,
        EvalError::UnknownTender {
            tender: "cobrand_crad".into(),
            suggestion: Some("cobrand_card".into())
        }
    );
    assert_eq!(
        err.to_string(),
        "the purchase was paid with the tender `cobrand_crad`, which the program does not declare; did you mean `cobrand_card`?"
    );
    let negative = paid(r#"{"other": {"wallet": "-1.00"}}"#);
    assert!(matches!(
        p.evaluate(&m, &negative),
        Err(EvalError::InvalidInput { .. })
    ));
    let lenient = p.lenient_attributes(true);
    assert_eq!(
        lenient.evaluate(&m, &e).unwrap().ignored_attributes,
        ["tx.paid.cobrand_crad"]
    );
}

#[test]
fn an_undeclared_attribute_is_refused_unless_the_program_is_lenient() {
    let p = usd(r#"attribute tx.coupon text
    earn "Coupon" on purchase when tx.coupon == "X" { award 5 points }"#);
    let e = event(
        r#"{"kind": "purchase", "id": "t", "timestamp": "2026-11-28T10:00:00Z", "currency": "USD",
            "lines": [], "attributes": {"cupon": "X"}}"#,
    );
    let m = member(r#"{"id": "m"}"#);
    let err = p.evaluate(&m, &e).unwrap_err();
    assert_eq!(
        err,
        EvalError::UnknownAttribute {
            attribute: "tx.cupon".into(),
            suggestion: Some("tx.coupon".into())
        }
    );
    assert_eq!(p.points(&m, &e).unwrap_err(), err);
    let lenient = p.lenient_attributes(true);
    let outcome = lenient.evaluate(&m, &e).unwrap();
    assert_eq!(outcome.ignored_attributes, ["tx.cupon"]);
    assert_eq!(outcome.points("m", "points").to_string(), "0");
}

/// Every evaluation error is data: it serializes (the CLI writes it as a
/// JSON error record) and reads back equal.
#[test]
fn evaluation_errors_serialize_and_read_back() {
    use loyalty_rules::{Event, Member};
    let p = Program::compile(
        "program \"S\" { currency EUR }\ntiers { member gold }\nearn \"Base\" on purchase { award 1 point per EUR of tx.amount }",
    )
    .unwrap();
    let buy = |currency: &str, quantity: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "b1", "timestamp": "2026-06-01T07:30:00+02:00", "currency": "{currency}",
                "lines": [{{"sku": "X", "quantity": {quantity}, "unit_price": "1.00"}}]}}"#
        ))
        .unwrap()
    };
    let m = Member::new("m");
    let errors = [
        p.evaluate(&m, &buy("EUR", "0")).unwrap_err(),
        p.evaluate(&m, &buy("USD", "1")).unwrap_err(),
        p.evaluate(&Member::new("m").with_tier("diamond"), &buy("EUR", "1"))
            .unwrap_err(),
    ];
    assert!(matches!(errors[0], EvalError::InvalidInput { .. }));
    for e in errors {
        let json = serde_json::to_value(&e).unwrap_or_else(|x| panic!("{e:?}: {x}"));
        let back: EvalError = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, e, "{json}");
    }
    assert_eq!(
        serde_json::to_value(p.evaluate(&m, &buy("EUR", "0")).unwrap_err()).unwrap(),
        serde_json::json!({
            "error": "invalid_input",
            "message": "transaction b1, line 1: quantity must be more than zero, not 0"
        })
    );
}

/// Found writing a burrito chain's app offer: `tx.channel == "app" or
/// tx.channel == "web" and tx.amount >= 5 USD` reads as `app or (web and
/// 5 USD)`, which an author rarely means: a warning, with the part the
/// `and` joins quoted; parentheses either way silence it.
#[test]
fn and_inside_or_without_parentheses_is_a_warning() {
    let warned = |cond: &str| {
        let p = Program::compile(&format!(
            "{HEADER}earn \"A\" on purchase when {cond} {{ award 1 point }}"
        ))
        .unwrap();
        p.warnings()
            .iter()
            .map(|d| (d.code, d.message.clone(), d.help.clone(), d.column))
            .collect::<Vec<_>>()
    };
    let cond = "tx.channel == \"app\" or tx.channel == \"web\" and tx.amount >= 5 USD";
    assert_eq!(
        warned(cond),
        [(
            Code::Precedence,
            "`and` is read before `or`: `tx.channel == \"web\" and tx.amount >= 5 USD` is one side of the `or`".to_string(),
            Some(
                "write the parentheses to keep this meaning, `(tx.channel == \"web\" and tx.amount >= 5 USD)`, or put them around the `or` to read it first".to_string()
            ),
            50
        )]
    );
    // On the left, and in a longer chain: once an expression, at its
    // first `and` part.
    let warned_parts = |cond: &str| {
        warned(cond)
            .into_iter()
            .map(|(_, m, _, column)| (m, column))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        warned_parts("tx.amount > 1 USD and tx.channel == \"app\" or tx.channel == \"web\" or tx.store == \"s\" and tx.amount < 9 USD"),
        [("`and` is read before `or`: `tx.amount > 1 USD and tx.channel == \"app\"` is one side of the `or`".to_string(), 27)]
    );
    // A long part is not quoted: the caret shows it.
    let long = "tx.channel == \"app\" or tx.channel == \"web\" and tx.amount >= 5 USD and tx.store != \"outlet-number-one\"";
    assert_eq!(
        warned(long).first().map(|w| (w.1.as_str(), w.2.as_deref())),
        Some((
            "`and` is read before `or`: the part marked is one side of the `or`",
            Some("write parentheses around the part marked to keep this meaning, or around the `or` to read it first")
        ))
    );
    // `(A) and B or (C)`: the `and` part itself is not in parentheses.
    assert_eq!(
        warned_parts("(tx.channel == \"app\") and tx.amount >= 5 USD or (tx.channel == \"web\")"),
        [("`and` is read before `or`: `(tx.channel == \"app\") and tx.amount >= 5 USD` is one side of the `or`".to_string(), 27)]
    );
    // Parentheses either way, or one operator alone: no warning.
    for fine in [
        "tx.channel == \"app\" or (tx.channel == \"web\" and tx.amount >= 5 USD)",
        "(tx.channel == \"app\" or tx.channel == \"web\") and tx.amount >= 5 USD",
        "tx.channel == \"app\" or tx.channel == \"web\" or tx.amount >= 5 USD",
        "tx.channel == \"app\" and tx.channel != \"web\" and not (tx.amount >= 5 USD or tx.store == \"s\")",
    ] {
        assert_eq!(warned(fine), [], "{fine}");
    }
}

/// Found writing a burrito chain's terms ("10 points per $1"): a currency
/// symbol is said as such, with the amount written the language's way.
#[test]
fn a_currency_symbol_is_said_with_the_amount_to_write() {
    let help = one_error(
        "earn \"R\" on purchase { award 10 points per $1 of tx.amount }",
        "amounts are written with the currency's code, not `$`",
        2,
        44,
    );
    assert_eq!(help.as_deref(), Some("write `1 USD`"));
    let help = one_error(
        "earn \"R\" on purchase when tx.amount >= $25.50 { award 10 points }",
        "amounts are written with the currency's code, not `$`",
        2,
        40,
    );
    assert_eq!(help.as_deref(), Some("write `25.50 USD`"));
    // In a program of another currency, its code; a symbol alone.
    let e = Program::compile(
        "program \"P\" { currency EUR }\nearn \"R\" on purchase when tx.amount >= € { award 1 point }",
    )
    .unwrap_err();
    let d = &e.errors[0];
    assert_eq!(
        (d.message.as_str(), d.help.as_deref(), d.column),
        (
            "amounts are written with the currency's code, not `€`",
            Some("write the amount, then `EUR`: `10 EUR`"),
            40
        )
    );
}

/// `between ... and ...` is how campaign schedules give hours, and how
/// published terms give ranges; in a condition it is said as a range.
#[test]
fn between_in_a_condition_is_said_as_a_range() {
    let help = one_error(
        "earn \"R\" on purchase when tx.date between 2026-01-01 and 2026-02-01 { award 1 point }",
        "`between` is not an operator of conditions: a range is two comparisons",
        2,
        35,
    );
    assert_eq!(
        help.as_deref(),
        Some("write `tx.date >= 2026-01-01 and tx.date <= 2026-02-01`")
    );
    let help = one_error(
        "earn \"R\" on purchase when tx.amount between 10 USD and 20 USD { award 1 point }",
        "`between` is not an operator of conditions: a range is two comparisons",
        2,
        37,
    );
    assert_eq!(
        help.as_deref(),
        Some("write `tx.amount >= 10 USD and tx.amount <= 20 USD`")
    );
}

/// Mistakes a marketing author makes writing published terms ("2x
/// points", "200% on Saturdays", "on Black Friday", "this calendar year"),
/// each said in their words with what to write; found probing the checker
/// as such an author.
#[test]
fn published_terms_words_get_the_language_s_words() {
    let base = "earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n";
    // A multiplier where an award's points go.
    let help = one_error(
        "earn \"A\" on purchase { award 2x points }",
        "`2x` is a multiplier: an award is a number of points",
        2,
        30,
    );
    assert_eq!(
        help.as_deref(),
        Some("write `award 2 points`; to multiply what a rule earns, write `multiply \"RULE\" by 2` in a campaign or a tier")
    );
    // A word before the unit.
    let help = one_error(
        "earn \"A\" on purchase { award 100 bonus points }",
        "`bonus points`: a number of points has one unit, `points` or the name of the balance it counts",
        2,
        34,
    );
    assert_eq!(help.as_deref(), Some("write `award 100 points`"));
    // A factor written as `2x` or as a percentage.
    let help = one_error(
        &format!("{base}campaign \"C\" every saturday {{ multiply \"Base\" by 2x }}"),
        "a factor is a number: `2x` is `by 2`",
        3,
        50,
    );
    assert_eq!(help.as_deref(), Some("write `multiply \"Base\" by 2`"));
    let help = one_error(
        &format!("{base}campaign \"C\" every saturday {{ multiply \"Base\" by 150% }}"),
        "a factor is a number: `150%` is `by 1.5`",
        3,
        50,
    );
    assert_eq!(help.as_deref(), Some("write `multiply \"Base\" by 1.5`"));
    // Below 100%, a percentage is a bonus, as terms write it: `by 0.1`
    // would leave a tenth of the points.
    let help = one_error(
        &format!("{base}tier gold {{ multiply all by 10% }}"),
        "a factor is a number: a 10% bonus is `by 1.1`",
        3,
        29,
    );
    assert_eq!(
        help.as_deref(),
        Some("write `multiply all by 1.1` (`by 0.1` would leave a tenth of the points)")
    );
    // 100% more is double points (`by 1` would change nothing).
    let help = one_error(
        &format!("{base}campaign \"D\" every saturday {{ multiply \"Base\" by 100% }}"),
        "a factor is a number: a 100% bonus is `by 2`",
        3,
        50,
    );
    assert_eq!(
        help.as_deref(),
        Some("write `multiply \"Base\" by 2` (`by 1` would leave the points as they are)")
    );
    // A campaign on one day, or on a weekday.
    let help = one_error(
        &format!("{base}campaign \"Black Friday\" on 2026-11-27 {{ multiply \"Base\" by 2 }}"),
        "a campaign runs `from DATE to DATE`, or `every` weekday or day of the month",
        3,
        25,
    );
    assert_eq!(
        help.as_deref(),
        Some("one day is `from 2026-11-27 to 2026-11-27`")
    );
    let help = one_error(
        &format!("{base}campaign \"C\" on saturdays {{ multiply \"Base\" by 2 }}"),
        "a campaign runs `from DATE to DATE`, or `every` weekday or day of the month",
        3,
        14,
    );
    assert_eq!(help.as_deref(), Some("write `every saturday`"));
    // A date, a weekday or a time in quotes.
    let help = one_error(
        "earn \"A\" on purchase when tx.date >= \"2026-11-01\" { award 1 point }",
        "cannot compare a date with text using `>=`",
        2,
        27,
    );
    assert_eq!(
        help.as_deref(),
        Some("write the date without quotes: `2026-11-01`")
    );
    let help = one_error(
        "earn \"A\" on purchase when weekday(tx.date) == \"Saturday\" { award 1 point }",
        "cannot compare a weekday with text using `==`",
        2,
        27,
    );
    assert_eq!(
        help.as_deref(),
        Some("write the weekday without quotes: `saturday`")
    );
    let help = one_error(
        "tiers { member gold }\nearn \"A\" on purchase when member.tier == \"gold\" { award 1 point }",
        "cannot compare a tier with text using `==`",
        3,
        27,
    );
    assert_eq!(
        help.as_deref(),
        Some("write the tier's name without quotes: `gold`")
    );
    // A purchase's category is its lines'.
    let help = one_error(
        "earn \"A\" on purchase when tx.category == \"dining\" { award 1 point }",
        "unknown field `tx.category`",
        2,
        27,
    );
    assert_eq!(
        help.as_deref(),
        Some("a purchase's categories are its lines': `\"dining\" in tx.categories` (any line), or `line.category` in a rule `for each line`")
    );
    // The calendar year is `year`.
    let help = one_error(
        "earn \"A\" on purchase { award 10 points  limit 1 per member per calendar year }",
        "periods are calendar periods: `per year` is the calendar year",
        2,
        64,
    );
    assert_eq!(help.as_deref(), Some("write `per year`"));
}

/// A factor's help quotes its own `multiply`, not one before it on the line.
#[test]
fn a_factor_s_help_quotes_its_own_multiply() {
    let e = Program::compile(&format!(
        "{HEADER}earn \"Base\" on purchase {{ award 1 point }}\n\
         reward \"Free\" costs 100 points\n\
         campaign \"C\" every saturday {{ multiply \"Base\" by 2  discount \"Free\" by 50x }}"
    ))
    .unwrap_err();
    let d = &e.errors[0];
    assert!(!d.message.starts_with("a factor is a number"), "{e}");
    let help = one_error(
        "earn \"Base\" on purchase { award 1 point }\n\
         campaign \"C\" every saturday {\n  multiply \"Base\" by 1.5x\n}",
        "a factor is a number: `1.5x` is `by 1.5`",
        4,
        22,
    );
    assert_eq!(help.as_deref(), Some("write `multiply \"Base\" by 1.5`"));
}

/// More of a marketing author's words: a birthday compared with the date
/// (year included), date arithmetic, `5pm`, `round down`, an amount
/// without its currency, `limit once`, expiry in the header.
#[test]
fn more_published_terms_words() {
    // The birth date, year included, is never the purchase's date.
    let p = Program::compile(&format!(
        "{HEADER}earn \"Birthday\" on purchase when member.birthday == tx.date {{ award 100 points }}"
    ))
    .unwrap();
    let w: Vec<_> = p
        .warnings()
        .iter()
        .map(|d| (d.code, d.message.as_str(), d.help.as_deref(), d.column))
        .collect();
    assert_eq!(
        w,
        [(
            Code::Suspicious,
            "this compares the date of birth, year included, with the event's date: it holds only on the day the member was born",
            Some("for the birthday, compare month and day: `month(member.birthday) == month(tx.date) and day(member.birthday) == day(tx.date)`"),
            34
        )]
    );
    // Date arithmetic.
    let help = one_error(
        "earn \"New\" on purchase when member.join_date >= tx.date - 30 { award 1 point }",
        "cannot apply `-` to a date and a number",
        2,
        49,
    );
    assert_eq!(
        help.as_deref(),
        Some("count the days between two dates with `days_between(a, b)`, such as `days_between(member.join_date, tx.date) <= 30` (joined in the last 30 days)")
    );
    // A time of day in the 12-hour clock.
    let help = one_error(
        "earn \"Base\" on purchase { award 1 point }\ncampaign \"Happy hour\" every day between 5pm and 7:30 pm { multiply \"Base\" by 2 }",
        "expected a time such as `17:00`, found `5pm`",
        3,
        41,
    );
    assert_eq!(
        help.as_deref(),
        Some("times are written on the 24-hour clock: `17:00`")
    );
    // Rounding in everyday words, in a rule and in the header.
    let help = one_error(
        "earn \"A\" on purchase { award 1 point per USD of tx.amount  round down }",
        "expected a rounding mode (`floor`, `ceil`, `half_even`, `half_up` or `half_down`), found `down`",
        2,
        66,
    );
    assert_eq!(help.as_deref(), Some("rounding down is `floor`"));
    let e = Program::compile("program \"P\" {\n  currency USD\n  rounding nearest\n}").unwrap_err();
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some(
            "to the nearest is `half_up` (halves up), `half_even` (halves to even) or `half_down`"
        )
    );
    // An amount without its currency: the amount as it is to be written.
    let help = one_error(
        "earn \"A\" on purchase when tx.amount >= 50 USD and tx.amount <= 99.99 { award 1 point }",
        "cannot compare money with a number using `<=`",
        2,
        51,
    );
    assert_eq!(
        help.as_deref(),
        Some("write the amount with its currency: `99.99 USD`")
    );
    // `limit once per member per year`, as the brief writes it, is `limit
    // 1 per member per year`; `twice` is 2 (`tests/member_state.rs` runs
    // them).
    for (written, times) in [("once", "1"), ("twice", "2")] {
        let program = |n: &str| {
            format!("program \"P\" {{ currency USD }}\nearn \"A\" on purchase {{ award 1 point  limit {n} per member per year }}\n")
        };
        assert!(Program::compile(&program(written)).is_ok(), "{written}");
        assert!(Program::compile(&program(times)).is_ok(), "{times}");
        // The formatter keeps the author's word.
        let formatted = loyalty_rules::format_program(&program(written)).map_err(|e| e.to_string());
        assert!(
            formatted.is_ok_and(|f| f.contains(&format!("limit {written} per member per year")))
        );
    }
    // Without `per member`, one help says all that is missing.
    let help = one_error(
        "earn \"A\" on purchase { award 1 point  limit once per year }",
        "expected `member`, found `year`",
        2,
        54,
    );
    assert_eq!(
        help.as_deref(),
        Some("a period is counted per member: `per member per year`")
    );
    // Expiry and vesting are a ledger's.
    let e = Program::compile(
        "program \"P\" {\n  currency USD\n  points expire 12 months after earning\n}",
    )
    .unwrap_err();
    assert_eq!(
        (e.errors[0].line, e.errors[0].help.as_deref()),
        (
            3,
            Some("expiry and pending points are a ledger's, after the header: `ledger points { expire 12 months after earning }`")
        )
    );
    let e =
        Program::compile("program \"P\" {\n  currency USD\n  points vest 30 days after earning\n}")
            .unwrap_err();
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("expiry and pending points are a ledger's, after the header: `ledger points { pending 30 days }`")
    );
}

/// Payment APIs write currency codes in small letters (`"usd"`); the code
/// is compared as written, and the error says how to write it.
#[test]
fn a_currency_code_in_small_letters_is_said_so() {
    let p = usd("earn \"R\" on purchase { award 1 point }");
    let e = event(
        r#"{"kind":"purchase","id":"T9","timestamp":"2026-03-04T12:00:00Z","currency":"usd","lines":[]}"#,
    );
    assert_eq!(
        p.evaluate(&m1(), &e).unwrap_err().to_string(),
        "transaction T9 is in usd, but the program's currency is USD (currency codes are written in capitals: \"USD\")"
    );
}

/// Found probing the tiers block as an author: `silver when 10 nights per
/// year` compiled, with two more levels named `per` and `year` (a level's
/// name may follow another on its line). Words of a period after a
/// requirement, on its line, are an error that says how a period is set.
#[test]
fn a_period_after_a_tier_requirement_is_not_a_level() {
    let src = "counter nights\ncount tx.items to nights on purchase\n\
               tiers { member silver when 10 nights per year gold when 25 nights }";
    let e = errors(src);
    let got: Vec<_> = e
        .errors
        .iter()
        .map(|d| (d.message.as_str(), d.help.as_deref(), d.line, d.column))
        .collect();
    assert_eq!(
        got,
        [(
            "`per year` is not a tier level: a requirement counts over the qualification period",
            Some("set the period in the block: `qualify calendar year` (the default), `qualify membership year` or `qualify last 12 months`"),
            4,
            38
        )]
    );
    // A level held only by a grant, after one with a requirement: fine.
    let p = Program::compile(&format!(
        "{HEADER}counter nights\ncount tx.items to nights on purchase\n\
         tiers {{ member silver when 10 nights invited }}"
    ));
    assert!(p.is_ok(), "{p:?}");
}

/// `silver when nights >= 10`, a requirement written as a condition.
#[test]
fn a_tier_requirement_written_as_a_condition() {
    let e = errors(
        "counter nights\ncount tx.items to nights on purchase\ntiers { member silver when nights >= 10 }",
    );
    let d = &e.errors[0];
    assert_eq!(
        (d.help.as_deref(), d.line),
        (
            Some("a requirement is the threshold, then the counter: `silver when 10 nights`"),
            4
        )
    );
}

#[test]
fn a_money_tier_requirement_written_as_a_condition() {
    let e = errors(
        "counter spend\ncount tx.amount to spend on purchase\n\
         tiers { member gold when spend >= 500 USD or nights >= 3 }",
    );
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("a requirement is the threshold, then the counter: `gold when 500 USD spend`")
    );
}

/// A period inside a requirement, and two factors in one `multiply`.
#[test]
fn a_period_in_a_requirement_and_two_factors_in_one_multiply() {
    let e = errors(
        "counter nights\ncount tx.items to nights on purchase\n\
         tiers { member silver when 10 nights over 12 months }",
    );
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("a requirement counts over the qualification period: set it in the block, such as `qualify last 12 months`")
    );
    let base = "earn \"Base\" on purchase { award 1 point }\nearn \"Dining\" on purchase { award 1 point }\ntiers { member gold }\n";
    let e = errors(&format!(
        "{base}tier gold {{ multiply \"Base\" by 1.25 and \"Dining\" by 2 }}"
    ));
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("one factor a statement: `multiply \"Base\" by 1.25  multiply \"Dining\" by 2`")
    );
    let e = errors(&format!(
        "{base}campaign \"C\" every friday {{ multiply \"Base\" by 2 and \"Dining\" }}"
    ));
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("one factor a statement, or several rules by one factor: `multiply \"Base\", \"Dining\" by 2`")
    );
}

/// A campaign as published terms say it.
#[test]
fn a_campaign_in_published_words() {
    let help = |campaign: &str| {
        errors(&format!(
            "earn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n{campaign}"
        ))
        .errors[0]
            .help
            .clone()
    };
    assert_eq!(
        help("campaign \"C\" every saturday and sunday { multiply \"Base\" by 2 }").as_deref(),
        Some("list the days with commas: `every saturday, sunday`")
    );
    assert_eq!(
        help("campaign \"C\" every 11th { multiply \"Base\" by 2 }").as_deref(),
        Some("a day of the month is `every month on day 11`")
    );
    assert_eq!(
        help("campaign \"C\" from 2026-11-27 until 2026-11-30 { multiply \"Base\" by 2 }")
            .as_deref(),
        Some("write `to`: the last day is included")
    );
    assert_eq!(
        help("campaign \"C\" from Nov 27 to Nov 30 { multiply \"Base\" by 2 }").as_deref(),
        Some("dates are written year, month, day: `2026-11-27`")
    );
    assert_eq!(
        help("campaign \"C\" from 2026-11-27 to 2026-11-30 { award 100 points }").as_deref(),
        Some("a campaign's bonus is a rule inside it: `earn \"C bonus\" on purchase { award 100 points }`")
    );
    assert_eq!(
        help("campaign \"C\" from 2026-11-27 to 2026-11-30 { multiply \"Base\" by 2  cap 500 points }").as_deref(),
        Some("a cap is a rule's (`cap 500 points per transaction` in the rule), or the campaign's total is its `budget 500 points`")
    );
    // A cap with its scope keeps it: it goes in the rule as written.
    assert_eq!(
        help("campaign \"C\" from 2026-11-27 to 2026-11-30 {\n  cap 6000 points per member per quarter\n  earn \"Q\" on purchase { award 4 points per USD of tx.amount }\n}").as_deref(),
        Some("a cap is a rule's (`cap 6000 points per member per quarter` in the rule), or the campaign's total is its `budget 6000 points`")
    );
}

/// Operators as other languages and English write them.
#[test]
fn operators_of_other_languages_get_the_language_s() {
    let help = |cond: &str| {
        errors(&format!(
            "earn \"A\" on purchase when {cond} {{ award 1 point }}"
        ))
        .errors[0]
            .help
            .clone()
    };
    assert_eq!(
        help("tx.amount >= 50 USD and < 100 USD").as_deref(),
        Some("repeat what is compared: `tx.amount >= 50 USD and tx.amount < 100 USD`")
    );
    // The whole left side, not its first word.
    assert_eq!(
        help("tx.amount - tx.tax > 50 USD and < 100 USD").as_deref(),
        Some("repeat what is compared: `tx.amount - tx.tax > 50 USD and tx.amount - tx.tax < 100 USD`")
    );
    assert_eq!(
        help("tx.channel == \"app\" or \"web\"").as_deref(),
        Some("compare each: `tx.channel == \"app\" or tx.channel == \"web\"`, or `tx.channel in [\"app\", \"web\"]`")
    );
    assert_eq!(
        help("tx.channel is \"app\"").as_deref(),
        Some("compare with `==`")
    );
    assert_eq!(
        help("tx.channel != \"app\" && tx.amount > 5 USD").as_deref(),
        Some("write `and`")
    );
    assert_eq!(
        help("tx.channel == \"app\" || tx.amount > 5 USD").as_deref(),
        Some("write `or`")
    );
    assert_eq!(
        help("!member.first_purchase").as_deref(),
        Some("write `not`")
    );
    assert_eq!(
        help("tx.channel in (\"app\", \"web\")").as_deref(),
        Some("a list is written in brackets: `[\"app\", \"web\"]`")
    );
}

/// A time zone without quotes, and a priority in words.
#[test]
fn a_time_zone_without_quotes_and_a_priority_in_words() {
    let e = Program::compile("program \"P\" {\n  currency USD\n  timezone America/New_York\n}")
        .unwrap_err();
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("write the zone in quotes: `timezone \"America/New_York\"`")
    );
    let e = errors("earn \"A\" on purchase { award 1 point  priority high }");
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("a priority is a whole number, the highest first: `priority 10`")
    );
}

/// Numbers as terms print them: `1,000 points`, `cap 10,000 points`.
#[test]
fn a_number_with_separators() {
    let help = one_error(
        "earn \"A\" on purchase { award 1 point  cap 10,000 points per transaction }",
        "expected `points`, a balance's name or `per`, found `,`",
        2,
        45,
    );
    assert_eq!(
        help.as_deref(),
        Some("numbers are written without separators: `10000`")
    );
    let e = errors("earn \"A\" on purchase when tx.amount >= 1,250.50 USD { award 1 point }");
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("numbers are written without separators: `1250.50`")
    );
}

/// A counter's kind, a cent, and `returns` without its block.
#[test]
fn a_counter_s_kind_a_cent_and_returns_without_braces() {
    let help = |body: &str| errors(body).errors[0].help.clone();
    assert_eq!(
        help("counter spend money\ncount tx.amount to spend on purchase").as_deref(),
        Some("a counter holds what its `count` rules add (money here if they add `tx.amount`): write `counter spend`")
    );
    assert_eq!(
        help("burn \"Fuel\" from points { rate 100 points = 10 cents }").as_deref(),
        Some("a cent is a hundredth: `0.10 USD`")
    );
    assert_eq!(
        help("returns within 30 days").as_deref(),
        Some("a block: `returns { within 30 days }`")
    );
}

/// An award as terms word it, `if` for `when`, a rule's name unquoted.
#[test]
fn an_award_as_terms_word_it() {
    let help = |rule: &str| errors(rule).errors[0].help.clone();
    assert_eq!(
        help("earn \"A\" on purchase { award 10 points per visit }").as_deref(),
        Some("an award on each event is a number of points: `award 10 points`; `per` takes a number the event gives, such as `per line.quantity`")
    );
    assert_eq!(
        help("earn \"A\" on purchase { award 1 point per USD spent }").as_deref(),
        Some("a rate names what it is of: `award 1 point per USD of tx.amount`")
    );
    assert_eq!(
        help("earn \"A\" on purchase { award 1 point for every USD of tx.amount }").as_deref(),
        Some("write `award 1 point per every 1 USD of tx.amount` (whole dollars) or `award 1 point per USD of tx.amount`")
    );
    assert_eq!(
        help("earn \"A\" on purchase { award 1 point per 1 USD }").as_deref(),
        Some("a rate names what it is of: `award 1 point per 1 USD of tx.amount`")
    );
    // A percentage without what it is of (cash back as cards word it).
    assert_eq!(
        help("earn \"A\" on purchase { award 2% }").as_deref(),
        Some("a percentage names what it is of: `award 2% of tx.amount` (the purchase), or `of line.amount` in a rule `for each line`")
    );
    assert_eq!(
        help("earn \"A\" on purchase {\n  award 2.5%\n  limit 1 per member\n}").as_deref(),
        Some("a percentage names what it is of: `award 2.5% of tx.amount` (the purchase), or `of line.amount` in a rule `for each line`")
    );
    assert_eq!(
        help("earn \"A\" on purchase if tx.amount > 5 USD { award 1 point }").as_deref(),
        Some("write `when`")
    );
    assert_eq!(
        help("earn A on purchase { award 1 point }").as_deref(),
        Some("a rule's name is in quotes: `earn \"A\"`")
    );
}

#[test]
fn the_marks_of_crossed_are_of_the_counters_kind() {
    // Money marks on a counter of numbers.
    let help = one_error(
        "counter nights\ncount line.quantity to nights on purchase for each line\n\
         earn \"R\" on purchase { award 5 points per crossed(nights this year, 10 USD) }",
        "`nights` counts numbers: a mark is a number, not money",
        4,
        69,
    );
    assert_eq!(help.as_deref(), Some("write `10`"));
    // Money marks in another currency.
    let e = errors(
        "counter spend\ncount tx.amount to spend on purchase\n\
         earn \"R\" on purchase { award 5 points per crossed(spend this year, 100 USD, 50 EUR) }",
    );
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(e.errors[0].code, Code::CurrencyMismatch, "{e}");
    // Neither a number nor money above zero.
    for mark in ["0 USD", "-5", "tx.amount"] {
        let e = errors(&format!(
            "counter spend\ncount tx.amount to spend on purchase\n\
             earn \"R\" on purchase {{ award 5 points per crossed(spend this year, {mark}) }}"
        ));
        assert_eq!(e.errors.len(), 1, "{mark}: {e}");
        assert_eq!(
            e.errors[0].message,
            "a mark and a step are amounts greater than zero, such as `200` or `200 USD`",
            "{mark}"
        );
    }
}

/// A counter's period as terms say it ("spend in the last 30 days"): the
/// period right after the counter's name, in the language's words.
#[test]
fn a_counter_period_in_words_gets_the_period_to_write() {
    let help = |cond: &str| {
        let e = errors(&format!(
            "counter spend\ncount tx.amount to spend on purchase\n\
             earn \"A\" on purchase when {cond} >= 200 USD {{ award 5 points }}"
        ));
        assert_eq!(e.errors.len(), 1, "{cond}: {e}");
        e.errors[0].help.clone()
    };
    for (cond, period) in [
        ("spend in the last 30 days", "last 30 days"),
        ("spend in last 30 days", "last 30 days"),
        ("spend past 30 days", "last 30 days"),
        ("spend over the last 3 months", "last 3 months"),
        ("spend during the past 6 months", "last 6 months"),
        ("spend in this month", "this month"),
        ("spend during this month", "this month"),
        ("spend for the month", "this month"),
        ("spend in the current quarter", "this quarter"),
        ("spend this calendar year", "this year"),
        ("spend in total", "lifetime"),
    ] {
        assert_eq!(
            help(cond).as_deref(),
            Some(format!("a counter's period follows its name: `spend {period}`").as_str()),
            "{cond}"
        );
    }
    // The month before this one is no period of the language: the two
    // that come nearest.
    assert_eq!(
        help("spend last month").as_deref(),
        Some("`last` takes a number of days or months: `spend last 30 days`; the calendar month so far is `spend this month`")
    );
}

/// A burn rule as the design brief and published terms write it: `min`,
/// `max`, `minimum 500` without its unit, `rate 100 points per 1 USD`,
/// `rate 1 USD = 100 points`, a table with semicolons, no balance named.
#[test]
fn a_burn_rule_in_other_words_gets_the_language_s() {
    let help = |burn: &str| {
        let e = errors(&format!(
            "earn \"A\" on purchase {{ award 1 point per USD of tx.amount }}\n{burn}"
        ));
        assert_eq!(e.errors.len(), 1, "{burn}: {e}");
        (e.errors[0].message.clone(), e.errors[0].help.clone())
    };
    let cases = [
        (
            "burn \"Pay with points\" { rate 100 points = 1 USD }",
            "name the balance it spends: `burn \"Pay with points\" from points { ... }`",
        ),
        (
            "burn \"Pay\" from points { rate 100 points = 1 USD  min 500 points }",
            "write `minimum 500 points`",
        ),
        (
            "burn \"Pay\" from points { rate 100 points = 1 USD  max 50% of order }",
            "write `maximum 50% of order`",
        ),
        (
            "burn \"Pay\" from points { rate 100 points = 1 USD  max 50% of tx.amount }",
            "write `maximum 50% of order`",
        ),
        (
            "burn \"Pay\" from points { rate 100 points = 1 USD  minimum 500 }",
            "write `minimum 500 points`",
        ),
        (
            "burn \"Pay\" from points { rate 100 points = 1 USD  step 100 }",
            "write `step 100 points`",
        ),
        (
            "burn \"Pay\" from points { rate 100 points = 1 USD  maximum 2000 }",
            "write `maximum 2000 points`, or an amount: `maximum 2000 USD`",
        ),
        (
            "burn \"Pay\" from points { rate 100 points = 1 USD  maximum 50% of the order }",
            "write `maximum 50% of order` (the redemption's order), or of its lines: `maximum 50% of lines when CONDITION`",
        ),
        (
            "burn \"Pay\" from points { rate 100 points = 1 USD  maximum 50% of tx.amount }",
            "write `maximum 50% of order` (the redemption's order), or of its lines: `maximum 50% of lines when CONDITION`",
        ),
        (
            "burn \"Pay\" from points { rate 100 points per 1 USD }",
            "write `rate 100 points = 1 USD`",
        ),
        (
            "burn \"Pay\" from points { rate 1 USD = 100 points }",
            "the points come first: `rate 100 points = 1 USD`",
        ),
        (
            "burn \"Pay\" from points { table 500 points = 5 USD; 1000 points = 10 USD }",
            "entries are separated by commas: `table 500 points = 5 USD, 1000 points = 10 USD`",
        ),
        // Entries without the word that says what they are.
        (
            "burn \"Pay\" from points { 500 points = 10 USD, 1000 points = 20 USD }",
            "write `table 500 points = 10 USD, 1000 points = 20 USD` (fixed redemptions), or `rate 500 points = 10 USD` (any multiple)",
        ),
        (
            "burn \"Pay\" from points { minimum 500 points  100 points = 1 USD }",
            "write `rate 100 points = 1 USD` (any multiple), or `table 100 points = 1 USD` (fixed redemptions)",
        ),
    ];
    for (burn, expected) in cases {
        assert_eq!(help(burn).1.as_deref(), Some(expected), "{burn}");
    }
    // What the grammar expected is said in the language's words.
    assert_eq!(
        help("burn \"Pay\" from points { rate 100 points = 1 USD  maximum 50% of the order }").0,
        "expected `order` or `lines when ...`, found `the`"
    );
}

/// The design brief's tiers: `tiers by qualifying_spend over calendar_year
/// { member 0 USD  silver 500 USD ... downgrade at period_end by at_most 1
/// level }`, one step at a time.
#[test]
fn tiers_as_the_design_brief_writes_them_get_the_language_s() {
    let help = |tiers: &str| {
        let e = errors(&format!(
            "counter qualifying_spend\ncount tx.amount to qualifying_spend on purchase\n{tiers}"
        ));
        assert_eq!(e.errors.len(), 1, "{tiers}: {e}");
        e.errors[0].help.clone()
    };
    assert_eq!(
        help(
            "tiers by qualifying_spend over calendar_year {\n  member   0 USD\n  silver   500 USD\n  \
             gold     2000 USD\n}"
        )
        .as_deref(),
        Some(
            "each level says what it needs after `when`, and the block how it qualifies: `tiers { \
             member  silver when 500 USD qualifying_spend  gold when 2000 USD qualifying_spend  \
             qualify calendar year }`"
        )
    );
    assert_eq!(
        help("tiers {\n  member\n  silver   500 USD\n}").as_deref(),
        Some("a level's requirement follows `when` and names what it counts: `silver when 500 USD qualifying_spend`")
    );
    assert_eq!(
        help("tiers {\n  member   0 USD\n  silver when 500 USD qualifying_spend\n}").as_deref(),
        Some("the lowest level needs nothing: `member` alone")
    );
    assert_eq!(
        help(
            "tiers {\n  member\n  silver when 500 USD qualifying_spend\n  downgrade at period_end by at_most 1 level\n}"
        )
        .as_deref(),
        Some("write `downgrade one level`: at most one level down each time a level ends (at the end of its period)")
    );
}

/// `on event "review"` (as the design brief writes it) named a kind of
/// the program's own called "review", which a built-in review never
/// matched: the rule gave nothing on every review, with no warning.
#[test]
fn a_kind_of_ones_own_cannot_take_a_built_in_kind_s_name() {
    let e = errors(
        "earn \"Review\" on event \"review\" { award 50 points  limit 5 per member per month }",
    );
    assert_eq!(
        summary(&e),
        [(
            "`review` is an event kind the crate knows, not one of the program's own".to_string(),
            2,
            24,
            Some("write `on review`".to_string())
        )]
    );
    assert_eq!(e.errors[0].code, Code::UnknownEventKind);
    let e = errors("counter reviews\ncount 1 to reviews on event \"check_in\"");
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(e.errors[0].help.as_deref(), Some("write `on check_in`"));
    // A kind of one's own by any other name is one.
    assert!(Program::compile(&format!(
        "{HEADER}earn \"Install\" on event \"app_install\" {{ award 150 points }}"
    ))
    .is_ok());
}

/// A block of the program's own written inside the header.
#[test]
fn an_item_inside_the_header_says_it_goes_after_it() {
    for (item, word) in [
        ("returns { within 30 days }", "returns"),
        ("ledger points { expire 12 months after earning }", "ledger"),
        ("tiers { member silver }", "tiers"),
        ("counter visits", "counter"),
        ("cap 100 points per transaction", "cap"),
    ] {
        let e = Program::compile(&format!(
            "program \"x\" {{ currency USD  {item} }}\nearn \"A\" on purchase {{ award 1 point }}\n"
        ))
        .unwrap_err();
        assert_eq!(e.errors.len(), 1, "{item}: {e}");
        assert_eq!(
            e.errors[0].help.as_deref(),
            Some(format!("`{word}` is written after the header, not in it: close the header with `}}` first").as_str()),
            "{item}"
        );
    }
}

/// A counter named as a balance is refused once, where it is declared:
/// its `count` rule does not then say "unknown counter, declare it" of
/// the declaration just refused.
#[test]
fn a_counter_refused_for_its_name_is_refused_once() {
    let e = Program::compile(
        "program \"x\" { currency USD  balance miles }\ncounter miles\ncount 1 to miles on purchase\n\
         earn \"A\" on purchase { award 1 point per USD of tx.amount to miles }\n",
    )
    .unwrap_err();
    assert_eq!(
        summary(&e),
        [(
            "`miles` is a balance already: a counter needs a name of its own".to_string(),
            2,
            9,
            None
        )]
    );
}

/// Found writing an airline's program: MQDs kept in a balance, with money
/// thresholds. A balance holds points; money toward a tier is a counter's.
#[test]
fn a_money_threshold_on_a_balance_says_where_money_is_counted() {
    let e = Program::compile(
        "program \"Sky\" { currency USD  balance mqd qualifying precision 2 }\n\
         earn \"Fare\" on purchase { award 1 point per USD of tx.amount to mqd }\n\
         tiers { member  silver when 5000 USD mqd }\n",
    )
    .unwrap_err();
    assert_eq!(
        summary(&e),
        [(
            "`mqd` is a balance of points, not money: leave the currency out".to_string(),
            3,
            29,
            Some("or count money toward a tier in a counter: `counter spend` and `count tx.amount to spend on purchase`, then `5000 USD spend`".to_string())
        )]
    );
    // A counter of numbers: the currency left out.
    let e = errors(
        "counter nights\ncount tx.items to nights on purchase\n\
         tiers { member  silver when 10 USD nights }\n",
    );
    assert_eq!(
        e.errors[0].message,
        "`nights` counts a number, not money: leave the currency out"
    );
}

/// Found writing a cafe's program: a group of welcome offers in `stars`,
/// compared by `points` (the default), which none of them awards, so the
/// first always won, whatever the others gave.
#[test]
fn a_group_compared_on_a_balance_its_rules_do_not_award_is_a_warning() {
    let program = |by: &str| {
        Program::compile(&format!(
            "program \"Cafe\" {{ currency USD  balance stars }}\n\
             earn \"Drink\" on purchase {{ award 150 points to stars  group \"welcome\"{by} }}\n\
             earn \"Pastry\" on purchase {{ award 200 points to stars  group \"welcome\"{by} }}\n"
        ))
        .unwrap()
    };
    let warned = program("");
    let said: Vec<_> = warned
        .warnings()
        .iter()
        .map(|w| {
            (
                w.code.as_str(),
                w.message.as_str(),
                w.line,
                w.help.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        said,
        [(
            "L0504",
            "group \"welcome\" picks its rule by what it gives in `points`, which none of its rules awards: the first that applies always wins",
            2,
            Some("name the balance they award: `group \"welcome\" by stars`")
        )]
    );
    assert!(program(" by stars").warnings().is_empty());
}

/// An attribute's default is a literal of its type.
#[test]
fn an_attribute_default_of_another_type_is_an_error() {
    for (declared, message) in [
        (
            "attribute tx.partner bool default 0",
            "the default of `tx.partner` is a bool: `true` or `false`",
        ),
        (
            "attribute member.rank number default \"1\"",
            "the default of `member.rank` is a number, such as `0`",
        ),
        (
            "attribute member.credit money default 5",
            "the default of `member.credit` is money, such as `0 USD`",
        ),
        (
            "attribute member.credit money default 5 EUR",
            "the default of `member.credit` is money in the program's currency, USD: `5 USD`",
        ),
        (
            "attribute member.region text default north",
            "the default of `member.region` is text, in quotes: `\"north\"`",
        ),
        (
            "attribute member.since date default \"2020-01-01\"",
            "the default of `member.since` is a date, such as `2026-01-01`",
        ),
        (
            "attribute member.offers list default [1, 2]",
            "the default of `member.offers` is a list of text, such as `[\"A\", \"B\"]` or `[]`",
        ),
        (
            "attribute member.rank number default 1 + 1",
            "the default of `member.rank` is a number, such as `0`",
        ),
    ] {
        let e = errors(&format!("{declared}\n"));
        assert_eq!(e.errors.len(), 1, "{declared}: {e}");
        assert_eq!(e.errors[0].message, message, "{declared}");
    }
    // A negative number is a number.
    let negative = Program::compile(&format!(
        "{HEADER}attribute member.rank number default -1\nattribute member.credit money default -2.50 USD\n"
    ));
    assert!(negative.is_ok(), "{negative:?}");
    // `exists` of an attribute with a default always holds.
    let p = Program::compile(&format!(
        "{HEADER}attribute tx.partner bool default false\n\
         earn \"A\" on purchase when exists(tx.partner) {{ award 1 point }}\n"
    ))
    .unwrap();
    let said: Vec<_> = p
        .warnings()
        .iter()
        .map(|w| (w.code.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [(
            "L0504",
            "`exists(tx.partner)` always holds: the attribute has a default"
        )]
    );
}

/// An attribute's type as other languages name it.
#[test]
fn an_attribute_type_of_another_language_gets_the_language_s() {
    for (ty, help) in [
        ("boolean", "write `bool`"),
        ("string", "write `text`"),
        ("int", "write `number`"),
        ("integer", "write `number`"),
        ("decimal", "write `number` (or `money` for an amount)"),
        ("float", "write `number` (or `money` for an amount)"),
        ("datetime", "write `date`"),
        ("array", "write `list` (a list of text)"),
    ] {
        let e = errors(&format!("attribute member.x {ty}\n"));
        assert_eq!(e.errors.len(), 1, "{ty}: {e}");
        assert_eq!(e.errors[0].help.as_deref(), Some(help), "{ty}");
    }
    // `attribute event.rating: number`, as a typed language declares it.
    helps(
        |written| format!("{written}\n"),
        &[
            (
                "attribute event.rating: number",
                "the type follows the name, without `:`: `attribute event.rating number`",
            ),
            (
                "attribute event.rating : boolean",
                "the type follows the name, without `:`: `attribute event.rating bool`",
            ),
            // A list of text as other languages write it.
            (
                "attribute member.offers text list",
                "a list of text is `list`: `attribute member.offers list`",
            ),
            (
                "attribute member.offers list of text",
                "a list of text is `list`: `attribute member.offers list`",
            ),
            (
                "attribute member.offers string[]",
                "a list of text is `list`: `attribute member.offers list`",
            ),
            (
                "attribute member.offers list<string> default []",
                "a list of text is `list`: `attribute member.offers list`",
            ),
        ],
    );
}

/// Rule statements and declarations in words the language puts otherwise.
#[test]
fn statements_in_other_words_get_the_language_s() {
    let cases = [
        (
            "earn \"R\" on referral { award 1000 points to the referrer }",
            "write `to referrer`",
        ),
        (
            "earn \"R\" on referral { award 1000 points to referrer and 500 points to referred }",
            "each award is a statement of its own: `award 1000 points to referrer  award 500 points to referred`",
        ),
        (
            "earn \"G\" on purchase { award 5 points  group welcome }",
            "write `group \"welcome\"`",
        ),
        (
            "earn \"B\" on purchase { award 5 points  badge Regular }",
            "write `badge \"Regular\"`",
        ),
        (
            "earn \"S\" on purchase { award 5 points  stop processing }",
            "write `stop`: no later rule runs for the event once this one applied",
        ),
        (
            "segment vip: member.purchase_count > 10",
            "write `segment vip when member.purchase_count > 10`",
        ),
        (
            "segment \"vip\" when member.purchase_count > 10",
            "a segment's name is written without quotes: `segment vip when ...`",
        ),
        ("earn \"X\" on sign up { award 100 points }", "write `on sign_up`"),
        // A limit as terms write it.
        (
            "earn \"X\" on purchase { award 100 points once per year }",
            "a limit is a statement of its own: `limit once per member per year`",
        ),
        (
            "earn \"X\" on purchase { award 100 points  limit once a year }",
            "write `limit once per member per year`",
        ),
        (
            "earn \"X\" on purchase { award 100 points  limit 3 times each month }",
            "write `limit 3 times per member per month`",
        ),
        (
            "earn \"X\" on purchase { award 100 points  limit one time per member }",
            "write `limit once per member`",
        ),
        (
            "earn \"X\" on purchase { award 100 points  limit three times per member per week }",
            "write `limit 3 times per member per week`",
        ),
        (
            "earn \"X\" on purchase { award 100 points  limit 1 per customer per year }",
            "write `per member`: `limit 1 per member per year`",
        ),
        (
            "earn \"X\" on purchase { award 100 points  cap 500 points per customer per month }",
            "write `per member`: `cap 500 points per member per month`",
        ),
        ("earn \"X\" on check in { award 5 points }", "write `on check_in`"),
    ];
    helps(
        |body| format!("earn \"A\" on purchase {{ award 1 point per USD of tx.amount }}\n{body}\n"),
        &cases,
    );
}

/// Campaigns and tier benefits in other words.
#[test]
fn campaigns_and_benefits_in_other_words_get_the_language_s() {
    let cases = [
        (
            "campaign \"C\" from 2026-11-20 - 2026-11-30 { multiply \"A\" by 2 }",
            "write `from 2026-11-20 to 2026-11-30`: the last day is included",
        ),
        (
            "campaign \"C\" every friday from 17:00 to 19:00 { multiply \"A\" by 2 }",
            "hours are written `between 17:00 and 19:00` (the end excluded)",
        ),
        (
            "campaign \"C\" { multiply \"A\" times 2 }",
            "write `multiply \"A\" by 2`",
        ),
        ("campaign \"C\" { double \"A\" }", "write `multiply \"A\" by 2`"),
        ("campaign \"C\" { triple all }", "write `multiply all by 3`"),
        (
            "tier gold { multiply A by 1.25 }",
            "a rule is named in quotes: `multiply \"A\" by 1.25`",
        ),
        (
            "tier gold { earn \"A\" at 2 points per USD of tx.amount }",
            "a tier changes a rule's award with `override \"A\" { award ... }`, or multiplies it: `multiply \"A\" by 1.25`",
        ),
        (
            "campaign \"C\" every month on the 1st { multiply \"A\" by 2 }",
            "write `every month on day 1`",
        ),
        (
            "campaign \"C\" every month on day 1 and 15 { multiply \"A\" by 2 }",
            "days are listed with commas: `every month on day 1, 15`",
        ),
        // A multiplier on some lines: by their category.
        (
            "campaign \"C\" { multiply \"A\" by 2 on lines where line.category == \"skincare\" }",
            "a multiplier reaches lines by their category: `multiply category \"skincare\" by 2` (the awards of `for each line` rules on those lines)",
        ),
        (
            "campaign \"C\" { multiply \"A\" by 2 when line.category in [\"skincare\", \"sun\"] }",
            "a multiplier reaches lines by their category: `multiply category \"skincare\", \"sun\" by 2` (the awards of `for each line` rules on those lines)",
        ),
        (
            "campaign \"C\" { multiply \"A\" by 2 when line.category == \"skincare\" and tx.channel == \"app\" }",
            "a multiplier reaches lines by their category: `multiply category \"skincare\" by 2` (the awards of `for each line` rules on those lines)",
        ),
        (
            "campaign \"C\" { multiply \"A\" by 5 on lines where \"featured\" in line.tags }",
            "a multiplier reaches lines by their tags: `multiply tag \"featured\" by 5` (the awards of `for each line` rules on those lines)",
        ),
        (
            "campaign \"C\" { multiply \"A\" by 2 on lines tagged \"eco\" }",
            "a multiplier reaches lines by their tags: `multiply tag \"eco\" by 2` (the awards of `for each line` rules on those lines)",
        ),
        (
            "tier gold { multiply all by 1.5 for category \"skincare\" }",
            "a multiplier reaches lines by their category: `multiply category \"skincare\" by 1.5` (the awards of `for each line` rules on those lines)",
        ),
        (
            "campaign \"C\" { multiply \"A\" by 2 when tx.channel == \"app\" }",
            "a campaign's condition is written in its header: `campaign \"C\" when tx.channel == \"app\" { multiply \"A\" by 2 }`",
        ),
    ];
    helps(
        |body| {
            format!("tiers {{ member gold }}\nearn \"A\" on purchase {{ award 1 point per USD of tx.amount }}\n{body}\n")
        },
        &cases,
    );
}

/// A ledger's and a return policy's statements as terms write them.
#[test]
fn ledger_and_returns_in_other_words_get_the_language_s() {
    let cases = [
        ("ledger points { expires 12 months after earning }", "write `expire`"),
        ("ledger points { vest 30 days }", "write `pending 30 days`"),
        (
            "ledger points { expire in 12 months }",
            "write `expire 12 months after earning`",
        ),
        (
            "ledger points { expire 12 months }",
            "write `expire 12 months after earning`, or `expire after 12 months without activity`",
        ),
        (
            "ledger points { expire after 1 year }",
            "a year is 12 months: `expire 12 months after earning`, or `expire after 12 months without activity`",
        ),
        (
            "ledger points { expire on Dec 31 }",
            "dates are written year, month, day: `expire on 2026-12-31`",
        ),
        (
            "ledger points { expire after 12 months }",
            "write `expire 12 months after earning` (each lot from the day it was earned), or `expire after 12 months without activity`",
        ),
        (
            "ledger points { expire at end of next month }",
            "at the end of the month after the one earned: `expire 1 month after earning at end of month`",
        ),
        (
            "ledger points { expire at the end of the following year }",
            "at the end of the year after the one earned: `expire 12 months after earning at end of year`",
        ),
        ("ledger points { pending 30 }", "write `pending 30 days`"),
        (
            "ledger points { expire 18 months after last activity }",
            "write `expire after 18 months without activity`",
        ),
        (
            "ledger points { expire 12 months after earning at end of the month }",
            "write `at end of month`",
        ),
        (
            "ledger points { expire after 18 months of inactivity }",
            "write `expire after 18 months without activity`",
        ),
        (
            "ledger points { expire after 18 months since last activity }",
            "write `expire after 18 months without activity`",
        ),
        ("returns { within 30 }", "write `within 30 days`"),
        ("returns { 30 days }", "write `within 30 days`"),
        ("returns { pro-rata }", "write `pro rata`"),
    ];
    helps(
        |body| format!("earn \"A\" on purchase {{ award 1 point per USD of tx.amount }}\n{body}\n"),
        &cases,
    );
}

/// A tier block's policies as terms write them.
#[test]
fn tier_policies_in_other_words_get_the_language_s() {
    let cases = [
        ("qualify yearly", "write `qualify calendar year` (or `membership year`, from each member's join date)"),
        ("qualify annually", "write `qualify calendar year` (or `membership year`, from each member's join date)"),
        ("qualify rolling 12 months", "write `qualify last 12 months`"),
        (
            "keep for 1 year",
            "a level is kept `to end of period` or `to end of next period` (a level qualified in 2026 held through 2027)",
        ),
        ("grace period 3 months", "write `grace 3 months`"),
        (
            "downgrade never",
            "a level never lost is a floor: `floor silver`; or write `downgrade one level`, `downgrade to LEVEL` or `downgrade recompute`",
        ),
        ("upgrade immediately", "write `upgrade at once`"),
    ];
    helps(
        |policy| {
            format!("counter spend\ncount tx.amount to spend on purchase\ntiers {{ member  silver when 500 USD spend  {policy} }}\n")
        },
        &cases,
    );
}

/// The header's help does not answer in a rule whose name says "program".
#[test]
fn a_rule_named_program_is_not_the_header() {
    let e = errors("earn \"Member program\" on purchase { award 1 point  tier gold }\n");
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_ne!(
        e.errors[0].help.as_deref(),
        Some("`tier` is written after the header, not in it: close the header with `}` first")
    );
}

/// A block's helps answer in that block only: a rule named "Slow burn" or
/// "Free returns" is neither a burn rule nor a return policy.
#[test]
fn a_rule_named_like_a_block_is_not_that_block() {
    let e = errors("earn \"Slow burn\" on purchase { award 1 point  min 5 }\n");
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_ne!(e.errors[0].help.as_deref(), Some("write `minimum 5`"));
    let e = errors("earn \"Free returns\" on purchase { award 1 point  within 30 }\n");
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_ne!(e.errors[0].help.as_deref(), Some("write `within 30 days`"));
}

/// A campaign's helps answer in a campaign only, not in a rule whose name
/// says "campaign".
#[test]
fn a_rule_named_campaign_is_not_a_campaign() {
    let e = errors("earn \"Big campaign\" on purchase when tx.date >= 2026-11-20 until 2026-12-01 { award 1 point }\n");
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_ne!(
        e.errors[0].help.as_deref(),
        Some("write `to`: the last day is included")
    );
    // In a campaign, it still answers.
    let e = errors("earn \"A\" on purchase { award 1 point }\ncampaign \"Big\" from 2026-11-20 until 2026-12-01 { multiply \"A\" by 2 }\n");
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("write `to`: the last day is included")
    );
}

/// Conditions as other languages write them: a date's part as a field, a
/// text operator, a length.
#[test]
fn conditions_in_other_words_get_the_language_s() {
    let cases = [
        (
            "member.birthday.month == month(tx.date)",
            "a date's parts are functions: `month(member.birthday)`",
        ),
        (
            "tx.date.weekday == saturday",
            "a date's parts are functions: `weekday(tx.date)`",
        ),
        (
            "tx.channel contains \"app\"",
            "text is compared whole: `tx.channel == \"app\"`, or with a list: `tx.channel in [\"app\", \"...\"]`",
        ),
        (
            "tx.channel like \"app\"",
            "text is compared whole: `tx.channel == \"app\"`, or with a list: `tx.channel in [\"app\", \"...\"]`",
        ),
        (
            "len(tx.skus) >= 3",
            "a purchase's items are `tx.items` (its quantities); of the lines that match, `sum(line.quantity, CONDITION)`",
        ),
        (
            "count(tx.lines) >= 3",
            "a purchase's items are `tx.items` (its quantities); of the lines that match, `sum(line.quantity, CONDITION)`",
        ),
        (
            "line.category == \"dining\"",
            "`\"dining\" in tx.categories` (any line), or the rule `for each line`",
        ),
    ];
    helps(
        |cond| format!("earn \"A\" on purchase when {cond} {{ award 1 point }}\n"),
        &cases,
    );
}

/// A cap with more decimals than the balance it cuts keeps: a rule's cap
/// of 2.5 on whole points gave an award of 2.5 points while the total
/// credited 2, so that the awards no longer added up to it. A program's
/// cap was already refused so; a rule's (per transaction, per line, per
/// member) now is too, for each balance its awards and its tiers'
/// overrides credit.
#[test]
fn a_rule_cap_has_no_more_decimals_than_its_balance() {
    let message = "the balance `points` keeps 0 decimal places, so a cap on it cannot have more";
    one_error(
        "earn \"A\" on purchase { award 10 points  cap 2.5 points per transaction }",
        message,
        2,
        45,
    );
    one_error(
        "earn \"A\" on purchase for each line { award 10 points  cap 1.5 points per line }",
        message,
        2,
        59,
    );
    one_error(
        "earn \"A\" on purchase { award 10 points  cap 3.5 per member per month }",
        message,
        2,
        45,
    );
    // A tier's override that awards whole points, under a cap in cents.
    let e = Program::compile(
        "program \"P\" { currency USD  balance cash precision 2 }\ntiers { member gold }\n\
         earn \"A\" on purchase { award 1 cash  cap 0.5 per transaction }\n\
         tier gold { override \"A\" { award 10 points } }",
    )
    .unwrap_err();
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(
        (
            e.errors[0].message.as_str(),
            e.errors[0].line,
            e.errors[0].column
        ),
        (message, 3, 42)
    );
    // A balance in cents takes cents.
    let p = Program::compile(
        "program \"P\" { currency USD  balance cash precision 2 }\n\
         earn \"A\" on purchase { award 10% of tx.amount to cash  cap 2.55 cash per transaction }",
    )
    .unwrap();
    let event = loyalty_rules::Event::from_json(
        r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-05-01T10:00:00Z", "currency": "USD",
            "lines": [{"sku": "a", "quantity": 1, "unit_price": "30.00"}]}"#,
    )
    .unwrap();
    let o = p
        .evaluate(&loyalty_rules::Member::new("m"), &event)
        .unwrap();
    assert_eq!(o.points("m", "cash").to_string(), "2.55");
}

/// `"2026-Q4" in member.activations` with the attribute declared as text:
/// the help says how to declare a list.
#[test]
fn in_an_attribute_of_text_says_to_declare_a_list() {
    let help = one_error(
        "attribute member.activations text\n\
         earn \"A\" on purchase when \"2026-Q4\" in member.activations { award 1 point }",
        "`in` needs a list after it, but this is text",
        3,
        40,
    );
    assert_eq!(
        help.as_deref(),
        Some("declare the attribute as a list of text: `attribute member.activations list`")
    );
}

/// A weekday abbreviated as calendars print it is named in full.
#[test]
fn an_abbreviated_weekday_is_named_in_full() {
    for (short, day) in [
        ("fri", "friday"),
        ("tues", "tuesday"),
        ("thurs", "thursday"),
        ("sat", "saturday"),
    ] {
        let help = one_error(
            &format!("campaign \"C\" every {short} {{ multiply all by 2 }}\nearn \"B\" on purchase {{ award 1 point }}"),
            &format!("`{short}` is not a weekday"),
            2,
            20,
        );
        assert_eq!(help, Some(format!("did you mean `{day}`?")), "{short}");
        // So in a condition.
        let help = one_error(
            &format!("earn \"B\" on purchase when weekday(tx.date) == {short} {{ award 1 point }}"),
            &format!("unknown name `{short}`: not a tier or a weekday"),
            2,
            47,
        );
        assert_eq!(help, Some(format!("did you mean `{day}`?")), "{short}");
    }
}

/// Words from a ride-hailing program's and a card's terms.
#[test]
fn a_bonus_a_priced_reward_and_punctuation_get_the_language_s_words() {
    let base =
        "earn \"Base\" on purchase { award 1 point per USD of tx.amount }\ntiers { member gold }\n";
    let help = |body: &str| errors(&format!("{base}{body}")).errors[0].help.clone();
    assert_eq!(
        help("tier gold { bonus 10% }").as_deref(),
        Some("a tier's bonus multiplies what rules give: `multiply all by 1.1` (10% more), or `multiply \"RULE\" by 1.1`")
    );
    let e = errors(&format!(
        "{base}reward \"Ride cash\" costs 500 points = 5 USD"
    ));
    assert_eq!(
        e.errors[0].message,
        "a reward has a cost in points, not a value"
    );
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("write `reward \"Ride cash\" costs 500 points`; points that are worth money are a burn rule: `burn \"Ride cash\" from points { table 500 points = 5 USD }`")
    );
    assert_eq!(
        help("ledger points { expire: never }").as_deref(),
        Some("write it without `:`: `expire never`")
    );
    assert_eq!(
        help("returns { prorata }").as_deref(),
        Some("write `pro rata`")
    );
}

/// Words a referral program, a happy hour and rounding terms use.
#[test]
fn both_members_an_hour_and_rounded_down_get_the_language_s_words() {
    let help = |body: &str| errors(body).errors[0].help.clone();
    assert_eq!(
        help("earn \"Refer\" on referral { award 100 points to both }").as_deref(),
        Some("an award goes to one member: `award 100 points to referrer  award 100 points to referred` gives both")
    );
    assert_eq!(
        help("earn \"Happy\" on purchase when hour(tx.time) >= 17:00 { award 1 point }").as_deref(),
        Some("`hour(...)` is a number: `hour(tx.time) >= 17`, or compare the time: `tx.time >= 17:00`")
    );
    assert_eq!(
        help("earn \"B\" on purchase { award 1 point per USD of tx.amount rounded down }").as_deref(),
        Some("rounding is a statement of the rule: `round floor` (rounded down), `round ceil` (up) or `round half_up` (to the nearest)")
    );
}

/// A base `excluding tax`, a date `within 30 days`, `on sign-up`.
#[test]
fn excluding_within_and_a_hyphenated_kind_get_the_language_s_words() {
    let help = |body: &str| errors(body).errors[0].help.clone();
    assert_eq!(
        help("earn \"B\" on purchase { award 1 point per USD of tx.amount excluding tax }").as_deref(),
        Some("`tx.amount` is before tax and shipping already (`tx.total` adds them); to leave out a part, subtract it: `of tx.amount - tx.paid.gift_card`")
    );
    assert_eq!(
        help("earn \"New\" on purchase when member.join_date within 30 days { award 1 point }").as_deref(),
        Some("days since a date are `days_between(member.join_date, tx.date)`: `days_between(member.join_date, tx.date) <= 30`")
    );
    assert_eq!(
        help("earn \"Hi\" on sign-up { award 1 point }").as_deref(),
        Some("write `on sign_up`")
    );
}

/// Caps and marks as terms write them, and a statement ended by `;`.
#[test]
fn caps_marks_and_semicolons_get_the_language_s_words() {
    let help = |body: &str| errors(body).errors[0].help.clone();
    let base = "counter visits\ncount 1 to visits on purchase\n";
    assert_eq!(
        help(&format!("{base}earn \"Tenth\" on purchase when visits lifetime % 10 == 0 {{ award 50 points }}")).as_deref(),
        Some("`%` is not an operator of conditions: every 10th is a mark crossed, `award 50 points per crossed(visits lifetime, 10, 10)`")
    );
    for (said, _) in [
        ("up to 100 points", ()),
        ("max 100 points", ()),
        ("maximum 100 points", ()),
    ] {
        assert_eq!(
            help(&format!("earn \"B\" on purchase {{ award 1 point per USD of tx.amount {said} }}")).as_deref(),
            Some("a cap is a statement of the rule: `cap 100 points per transaction` (or `per line`, `per member per month`)"),
            "{said}"
        );
    }
    assert_eq!(
        help("earn \"B\" on purchase { award 1 point per USD of tx.amount  cap 100 points }").as_deref(),
        Some("a cap says what it caps: `cap 100 points per transaction` (or `per line`, `per member per month`)")
    );
    assert_eq!(
        help("earn \"B\" on purchase { award 1 point per USD of tx.amount; }").as_deref(),
        Some("statements are not ended by `;`: leave it out (put statements on lines of their own, or two spaces apart)")
    );
}

/// A burn maximum without what it is a share of, a reward `for` points,
/// `stacking additive`.
#[test]
fn a_share_a_reward_for_points_and_additive_stacking_get_the_language_s_words() {
    let help = |body: &str| errors(body).errors[0].help.clone();
    assert_eq!(
        help("burn \"Pay\" from points { rate 100 points = 1 USD  maximum 50% }").as_deref(),
        Some("write `maximum 50% of order` (the redemption's order), or of its lines: `maximum 50% of lines when CONDITION`")
    );
    assert_eq!(
        help("reward \"Coffee\" for 150 points").as_deref(),
        Some("write `reward \"Coffee\" costs 150 points`")
    );
    assert_eq!(
        help("earn \"Base\" on purchase { award 1 point }\ncampaign \"D\" every weekend { multiply \"Base\" by 2  stacking additive }").as_deref(),
        Some("write `stacking add`: bonuses add up (+100% and +50% make ×2.5)")
    );
}

/// A segment that tests the purchase says where that test goes.
#[test]
fn a_segment_that_reads_the_purchase_says_where_the_test_goes() {
    let help = one_error(
        "counter visits\ncount 1 to visits on purchase\n\
         segment vip when visits last 90 days >= 5 and tx.amount > 100 USD",
        "`tx.amount` cannot be used in a segment: it is only known in rules `on purchase`",
        4,
        47,
    );
    assert_eq!(
        help.as_deref(),
        Some("a segment reads the member and the counters (`spend last 90 days >= 300 USD`); test the purchase in the condition of the rule that reads the segment")
    );
}

/// A keyword in capitals, as titles and slides write them.
#[test]
fn a_keyword_in_capitals_says_keywords_are_lowercase() {
    let help = |body: &str| errors(body).errors[0].help.clone();
    assert_eq!(
        help("Earn \"A\" on purchase { award 1 point }").as_deref(),
        Some("keywords are written in lowercase: `earn`")
    );
    assert_eq!(
        help("earn \"A\" on purchase { Award 1 point }").as_deref(),
        Some("keywords are written in lowercase: `award`")
    );
    assert_eq!(
        help("earn \"A\" on purchase { award 1 point }\ncampaign \"C\" every saturday { MULTIPLY \"A\" by 2 }").as_deref(),
        Some("keywords are written in lowercase: `multiply`")
    );
}

/// A keyword misspelt where the grammar expected it: did you mean.
#[test]
fn a_misspelt_keyword_gets_a_did_you_mean() {
    let help = |body: &str| errors(body).errors[0].help.clone();
    for (body, keyword) in [
        ("ern \"A\" on purchase { award 1 point }", "earn"),
        ("earn \"A\" on purchase { awrd 1 point }", "award"),
        ("earn \"A\" on purchase { award 1 point }\ncampain \"C\" every saturday { multiply \"A\" by 2 }", "campaign"),
        ("earn \"A\" on purchase { award 1 point }\ncampaign \"C\" every saturday { multipy \"A\" by 2 }", "multiply"),
        ("earn \"A\" on purchase { award 1 point  limt 1 per member }", "limit"),
        ("returns { witin 30 days }", "within"),
        ("burn \"P\" from points { rat 100 points = 1 USD }", "rate"),
    ] {
        assert_eq!(help(body), Some(format!("did you mean `{keyword}`?")), "{body}");
    }
    // After a balance's unit, the next word is not taken for a second unit.
    let e = Program::compile(
        "program \"C\" {\n  currency USD\n  balance stars\n}\n\
         earn \"A\" on purchase { award 50 stars  limt 1 per member }",
    )
    .unwrap_err();
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("did you mean `limit`?"),
        "{e}"
    );
}

/// A level written `silver: 10 nights`, as tables of terms print it.
#[test]
fn a_level_with_a_colon_says_when() {
    let help = one_error(
        "counter nights\ncount 1 to nights on purchase\ntiers { member silver: 10 nights gold: 25 nights }",
        "expected a name, `when`, `qualify`, `keep to end of period` or `keep to end of next period`, `downgrade`, `grace`, `deduct`, `floor`, `upgrade at once` or `upgrade next period`, `}` or `,`, found `:`",
        4,
        22,
    );
    assert_eq!(
        help.as_deref(),
        Some("a level's requirement follows `when`: `silver when 10 nights`")
    );
}

/// Weekdays joined by `and`, abbreviated, and a campaign's condition
/// written after its block.
#[test]
fn campaign_days_and_a_condition_after_the_block_get_the_language_s_words() {
    let base = "earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n";
    let help = |body: &str| errors(&format!("{base}{body}")).errors[0].help.clone();
    assert_eq!(
        help("campaign \"W\" every sat and sun { multiply \"Base\" by 2 }").as_deref(),
        Some("list the days with commas: `every saturday, sunday`")
    );
    assert_eq!(
        help("campaign \"W\" every saturday and sunday { multiply \"Base\" by 2 }").as_deref(),
        Some("list the days with commas: `every saturday, sunday`")
    );
    assert_eq!(
        help("campaign \"X\" from 2026-06-01 to 2026-08-31 { multiply \"Base\" by 2 } where tx.channel == \"app\"").as_deref(),
        Some("a campaign's condition comes before its block: `campaign \"X\" from 2026-06-01 to 2026-08-31 when tx.channel == \"app\" { ... }`")
    );
}

/// Counts as authors first write them.
#[test]
fn counts_in_other_words_get_the_language_s() {
    let base = "counter visits\ncounter spend\n";
    let help = |body: &str| errors(&format!("{base}{body}")).errors[0].help.clone();
    for (body, said) in [
        ("count visits on purchase", "a count says what it adds: `count 1 to visits on purchase`"),
        ("count 1 visits on purchase", "write `count 1 to visits on purchase`"),
        ("count 1 to visits on every purchase", "write `on purchase`: every event of the kind counts"),
        (
            "count tx.amount to spend on purchase and review",
            "a count names one kind of event: one `count` for each, `count tx.amount to spend on review`",
        ),
        (
            "count tx.amount to spend on purchase, return",
            "a return takes back what its purchase counted: count only `on purchase`",
        ),
    ] {
        assert_eq!(help(body).as_deref(), Some(said), "{body}");
    }
}

/// A date's or time's part as a field (`tx.weekday`, `tx.hour`), and a
/// total in other words.
#[test]
fn a_date_part_as_a_field_says_the_function() {
    let help = |body: &str| errors(body).errors[0].help.clone();
    for (field, said) in [
        (
            "tx.weekday == saturday",
            "a date's parts are functions: `weekday(tx.date)`",
        ),
        (
            "tx.hour >= 22",
            "a time's parts are functions: `hour(tx.time)`",
        ),
        (
            "tx.month == 12",
            "a date's parts are functions: `month(tx.date)`",
        ),
        (
            "event.hour >= 22",
            "a time's parts are functions: `hour(event.time)`",
        ),
        ("tx.total_amount >= 100 USD", "the field is `tx.total`"),
    ] {
        assert_eq!(
            help(&format!(
                "earn \"X\" on purchase when {field} {{ award 1 point }}"
            ))
            .as_deref(),
            Some(said),
            "{field}"
        );
    }
}
