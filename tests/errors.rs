#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Checker and parser errors (message, line, column), warnings, hostile
//! input, and evaluation errors.

mod common;

use common::diagnostics::*;
use common::fixtures::*;
use loyalty_rules::{Code, EvalError, Limits, Program, Severity};

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

/// Syntax errors come back together too, one for each statement that has
/// one, as Cedar's parser reports them: an author who wrote several rules
/// fixes them in one pass. After a block that does not close, where the
/// next statement starts is not known, and the first error is the last.
#[test]
fn syntax_errors_in_several_statements_come_back_together() {
    let e = errors(
        "earn \"A\" on purchase { awrd 1 point per USD of tx.amount }\n\
         earn \"B\" on purchase { award 2 points per USD of tx.amount }\n\
         earn \"C\" on purchase when tx.channel = \"app\" { award 5 points }\n\
         campaign \"D\" from 2026-11-20 to 2026-11-30 {\n  multiply \"B\" times 2\n}\n\
         earn \"E\" on review { award 10 points  limit once per year }\n\
         earn \"F\" on purchase { award 1 point }\n",
    );
    let s = summary(&e);
    let lines: Vec<(usize, usize)> = s.iter().map(|d| (d.1, d.2)).collect();
    assert_eq!(lines, [(2, 24), (4, 38), (6, 16), (8, 54)], "{e}");
    assert_eq!(s[0].3.as_deref(), Some("did you mean `award`?"));
    assert_eq!(s[2].3.as_deref(), Some("write `multiply \"B\" by 2`"));
    // A block left open: nothing after it is read.
    let e = errors(
        "earn \"A\" on purchase { awrd 1 point\n\
         earn \"B\" on purchase { awrd 2 points }\n",
    );
    assert_eq!(e.errors.len(), 1, "{e}");
    // A clean program after the errors' statements gives no more.
    let e = errors(
        "earn \"A\" on purchase { awrd 1 point }\nearn \"B\" on purchase { award 2 points }\n",
    );
    assert_eq!(e.errors.len(), 1, "{e}");
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

/// Found sending a phone company's bill payments: money and dates as
/// billing systems print them, in attributes, say what to send.
#[test]
fn money_and_dates_as_printed_in_attributes_say_what_to_send() {
    let p = usd("attribute event.amount money\nattribute event.due date\n\
         earn \"Bill\" on event \"bill_paid\" { award 2 points per USD of event.amount }");
    let paid = |attributes: &str| {
        loyalty_rules::Event::from_json(&format!(
            r#"{{"kind": "custom", "name": "bill_paid", "id": "b1", "timestamp": "2026-03-01T12:00:00Z", "attributes": {attributes}}}"#
        ))
        .unwrap()
    };
    let said = |attributes: &str| {
        p.evaluate(&m1(), &paid(attributes))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        said(r#"{"amount": "45.50 USD"}"#),
        "attribute event.amount should be money, but the input has \"45.50 USD\"; write the amount alone, \"45.50\": money is in the program's currency"
    );
    assert_eq!(
        said(r#"{"amount": "$1,045.50"}"#),
        "attribute event.amount should be money, but the input has \"$1,045.50\"; write the amount alone, \"1045.50\": money is in the program's currency"
    );
    assert_eq!(
        said(r#"{"amount": "45.50", "due": "03/15/2026"}"#),
        "attribute event.due should be a date, but the input has \"03/15/2026\"; write it year, month, day, \"2026-03-15\""
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

/// Found writing a casino's and a grocer's terms: a weekday or a month
/// required to be two values, a campaign that multiplies by 1, a rule cap
/// of 0 and a heading's `priority` compiled without a word.
#[test]
fn conditions_and_campaigns_that_change_nothing_are_warned() {
    let p = Program::compile(&format!(
        "{HEADER}earn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n\
         earn \"W\" on purchase when weekday(tx.date) == sunday and weekday(tx.date) == monday {{ award 1 point }}\n\
         earn \"M\" on purchase when month(tx.date) == 2 and month(tx.date) == 3 {{ award 1 point }}\n\
         earn \"OK\" on purchase when month(tx.date) == 2 and day(tx.date) == 3 {{ award 1 point }}\n\
         campaign \"Same\" every friday {{ multiply \"Base\" by 1 }}\n\
         earn \"Z\" on purchase {{ award 5 points  cap 0 points per transaction }}"
    ))
    .unwrap();
    assert_eq!(
        warned(&p),
        [
            ("this condition can never hold: one field is required to equal two different values", None, 3),
            ("this condition can never hold: one field is required to equal two different values", None, 4),
            (
                "multiplying by 1 changes nothing",
                Some("the campaign \"Same\" gives what the rules give without it: multiply by more than 1 (2 doubles)"),
                6
            ),
            (
                "a cap of 0 points leaves nothing: the rule \"Z\" never gives a point",
                Some("cap it above 0, or leave the rule out"),
                7
            ),
        ]
    );
    let e = Program::compile(&format!(
        "{HEADER}earn \"B\" on purchase priority 5 {{ award 5 points }}"
    ))
    .unwrap_err();
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("a rule's `priority` is a statement in its block: `earn \"B\" on purchase { ...  priority 5 }`")
    );
}

/// Found feeding a casino's sessions from Rust: an event of a kind of the
/// program's own that no rule or count reads (`slot_sesion`) gave nothing
/// and no word, as an undeclared attribute once did.
#[test]
fn an_event_of_a_kind_no_rule_reads_is_refused_unless_the_program_is_lenient() {
    let p = usd(r#"counter tables
    count 1 to tables on event "table_rating"
    earn "Slots" on event "slot_session" { award 5 points }"#);
    let m = member(r#"{"id": "m"}"#);
    let of_kind = |kind: &str| {
        event(&format!(
            r#"{{"kind": "custom", "name": "{kind}", "id": "e", "timestamp": "2026-11-28T10:00:00Z"}}"#
        ))
    };
    assert_eq!(
        eval(&p, &m, &of_kind("slot_session"))
            .points("m", "points")
            .to_string(),
        "5"
    );
    // A kind only a count reads is read.
    assert_eq!(
        eval(&p, &m, &of_kind("table_rating"))
            .points("m", "points")
            .to_string(),
        "0"
    );
    let err = p.evaluate(&m, &of_kind("slot_sesion")).unwrap_err();
    assert_eq!(
        err,
        EvalError::UnknownKind {
            kind: "slot_sesion".into(),
            suggestion: Some("slot_session".into()),
            known: vec!["slot_session".into(), "table_rating".into()],
        }
    );
    assert_eq!(
        err.to_string(),
        "no rule or count of the program reads events of the kind \"slot_sesion\"; did you mean \"slot_session\"?"
    );
    assert_eq!(p.points(&m, &of_kind("slot_sesion")).unwrap_err(), err);
    let err = p.evaluate(&m, &of_kind("page_view")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no rule or count of the program reads events of the kind \"page_view\" (its own kinds: \"slot_session\", \"table_rating\")"
    );
    let lenient = p.lenient_attributes(true);
    assert_eq!(
        lenient
            .evaluate(&m, &of_kind("page_view"))
            .unwrap()
            .awards
            .len(),
        0
    );
}
