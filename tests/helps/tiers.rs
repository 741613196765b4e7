//! Tiers, their requirements and policies as terms write them.

use super::*;

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
        (
            "downgrade 1 level",
            "write `downgrade one level`: at most one level down each time a level ends (at the end of its period)",
        ),
    ];
    helps(
        |policy| {
            format!("counter spend\ncount tx.amount to spend on purchase\ntiers {{ member  silver when 500 USD spend  {policy} }}\n")
        },
        &cases,
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

/// Found writing a rail program's levels as its terms print them (`Select
/// at 3,500 TQP`): `at` was read as a level of its own.
#[test]
fn a_level_at_its_requirement_says_when() {
    let wrap = |body: &str| {
        format!(
            "counter tqp\ncount tx.amount to tqp on purchase\ntiers {{\n  member\n  {body}\n}}\n"
        )
    };
    helps(
        wrap,
        &[
            (
                "select at 3500 tqp",
                "a level's requirement follows `when`: `select when 3500 tqp`",
            ),
            (
                "select needs 3500 tqp",
                "a level's requirement follows `when`: `select when 3500 tqp`",
            ),
            (
                "select with 3500 tqp",
                "a level's requirement follows `when`: `select when 3500 tqp`",
            ),
        ],
    );
}

/// Found writing a car rental program's levels (`Five Star at 7 rentals
/// or $1,000 in qualifying spend`): a word between the threshold and the
/// counter was read as the counter (the help said to declare `counter
/// in`), and the counter before its threshold had no help.
#[test]
fn a_requirement_in_terms_words_gets_the_threshold_then_the_counter() {
    let wrap = |body: &str| {
        format!(
            "counter rentals\ncounter spend\ncount 1 to rentals on purchase\n\
             count tx.amount to spend on purchase\ntiers {{\n  gold\n  {body}\n}}\n"
        )
    };
    helps(
        wrap,
        &[
            (
                "five_star when 7 rentals or 1000 USD in spend",
                "write the threshold, then the counter: `1000 USD spend`",
            ),
            (
                "five_star when 7 rentals or 1000 USD of spend",
                "write the threshold, then the counter: `1000 USD spend`",
            ),
            (
                "five_star when 7 rentals or spend of 1000 USD",
                "write the threshold, then the counter: `1000 USD spend`",
            ),
        ],
    );
}

/// Found writing a casino's tiers ("tier credits reset yearly"): words
/// after the tiers' settings were read as two more levels, which only a
/// grant could reach, and the program compiled without a word.
#[test]
fn words_after_the_tier_settings_are_not_levels() {
    let program = |tail: &str| {
        format!(
            "{HEADER}counter spend\ncount tx.amount to spend on purchase\n\
             tiers {{\n  member\n  silver when 500 USD spend\n  qualify calendar year\n  {tail}\n}}\n"
        )
    };
    let e = Program::compile(&program("reset yearly")).unwrap_err();
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(e.errors[0].code, Code::Syntax);
    assert_eq!(
        e.errors[0].message,
        "`reset yearly` is not a setting of the tiers, and a level is not listed after them"
    );
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("a level's counts start again with each qualification period by themselves (`qualify calendar year`); the settings are `qualify`, `keep`, `upgrade`, `downgrade`, `grace`, `deduct` and `floor`")
    );
    let e = Program::compile(&program("platinum")).unwrap_err();
    assert_eq!(
        e.errors[0].message,
        "`platinum` is not a setting of the tiers, and a level is not listed after them"
    );
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("list the levels first, lowest first (a level without a requirement is reached by a grant alone); the settings are `qualify`, `keep`, `upgrade`, `downgrade`, `grace`, `deduct` and `floor`")
    );
    // A level with its requirement after a setting says what it means, and
    // stays allowed.
    Program::compile(&program("gold when 2000 USD spend")).unwrap();
}

/// The names after the settings are one error however they are laid out
/// (found by the format fuzz target: the formatter put them on lines of
/// their own, and the count of errors changed); a setting between them
/// parts them.
#[test]
fn names_after_the_tier_settings_are_one_error_in_any_layout() {
    let program = |levels: &str| {
        format!(
            "{HEADER}counter spend\ncount tx.amount to spend on purchase\n\
             tiers {{ member  silver when 500 USD spend  qualify calendar year {levels} }}\n"
        )
    };
    for layout in ["reset yearly", "reset\n yearly", "\nreset\n\nyearly\n"] {
        let e = Program::compile(&program(layout)).unwrap_err();
        assert_eq!(e.errors.len(), 1, "{layout:?}: {e}");
        assert_eq!(
            e.errors[0].message,
            "`reset yearly` is not a setting of the tiers, and a level is not listed after them"
        );
        let formatted = loyalty_rules::format_program(&program(layout)).unwrap();
        assert_eq!(Program::compile(&formatted).unwrap_err().errors.len(), 1);
    }
    let e = Program::compile(&program("reset  keep to end of period  yearly")).unwrap_err();
    let messages: Vec<&str> = e.errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`reset` is not a setting of the tiers, and a level is not listed after them",
            "`yearly` is not a setting of the tiers, and a level is not listed after them"
        ]
    );
}
