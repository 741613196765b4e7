//! Conditions, operators, attributes and fields as other languages write them.

use super::*;

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

/// The help of the first error of a purchase rule with condition `cond`.
fn help(cond: &str) -> Option<String> {
    help_with("", cond)
}

/// The help of a condition after `declarations` (attributes it reads).
fn help_with(declarations: &str, cond: &str) -> Option<String> {
    errors(&format!(
        "{declarations}earn \"A\" on purchase when {cond} {{ award 1 point }}"
    ))
    .errors[0]
        .help
        .clone()
}

/// Asserts that condition `cond` gets the help `write `WRITTEN``, and
/// that what it says to write compiles.
#[track_caller]
fn helps_to(cond: &str, written: &str) {
    assert_eq!(help(cond), Some(format!("write `{written}`")), "{cond}");
    compiles(&format!(
        "{HEADER}earn \"A\" on purchase when {written} {{ award 1 point }}"
    ));
}

/// Operators as other languages and English write them.
#[test]
fn operators_of_other_languages_get_the_language_s() {
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

/// Found writing a coalition program's coupons (a member's activated
/// coupons as a list): `contains` on a list said to compare text whole,
/// and a method call had no help.
#[test]
fn contains_on_a_list_is_in() {
    helps(
        |cond| {
            format!(
                "attribute member.coupons list\nearn \"A\" on purchase when {cond} {{ award 1 point }}\n"
            )
        },
        &[
            (
                "member.coupons contains \"DM-10X\"",
                "a list holds a text with `in`: `\"DM-10X\" in member.coupons`",
            ),
            (
                "member.coupons.contains(\"DM-10X\")",
                "a list holds a text with `in`: `\"DM-10X\" in member.coupons`",
            ),
            (
                "tx.skus includes \"A-1\"",
                "a list holds a text with `in`: `\"A-1\" in tx.skus`",
            ),
            (
                "tx.channel.contains(\"app\")",
                "text is compared whole: `tx.channel == \"app\"`, or with a list: `tx.channel in [\"app\", \"...\"]`",
            ),
        ],
    );
}

/// Found writing a fitness app's streak: a counter read as a field
/// (`workouts.streak`) or through a function (`streak(workouts)`) says how
/// a counter is read.
#[test]
fn a_counter_read_as_a_field_or_a_function_says_its_period() {
    let wrap = |cond: &str| {
        format!(
            "counter workouts\ncount 1 to workouts on event \"workout\"\n\
             earn \"S\" on event \"workout\" when {cond} {{ award 100 points }}\n"
        )
    };
    helps(
        wrap,
        &[
            (
                "workouts.streak == 7",
                "a counter is read with its period: `workouts streak`",
            ),
            (
                "workouts.lifetime >= 10",
                "a counter is read with its period: `workouts lifetime`",
            ),
            (
                "workouts.this_month >= 10",
                "a counter is read with its period: `workouts this month`",
            ),
            (
                "workouts.count >= 10",
                "a counter is read with its period: `workouts this year`, `workouts this month`, `workouts last 30 days`, `workouts lifetime` or `workouts streak`",
            ),
            (
                "streak(workouts) == 7",
                "a counter is read with its period: `workouts streak`",
            ),
            (
                "lifetime(workouts) >= 10",
                "a counter is read with its period: `workouts lifetime`",
            ),
        ],
    );
}

/// `=<` and `=>`, as some languages and hands write them.
#[test]
fn reversed_comparisons_say_the_operator() {
    helps(
        |cond| format!("earn \"A\" on purchase when {cond} {{ award 1 point }}\n"),
        &[
            ("tx.amount =< 10 USD", "write `<=`"),
            ("tx.amount => 10 USD", "write `>=`"),
        ],
    );
}

/// A line's field in a rule on the whole purchase, and `for each` as
/// terms word it.
#[test]
fn a_line_s_field_outside_for_each_line_says_the_purchase_s() {
    helps(
        |rule| format!("{rule}\n"),
        &[
            (
                "earn \"B\" on purchase { award 1 point per USD of line.amount }",
                "the purchase's is `tx.amount`; each line's is read in a rule `on purchase for each line`",
            ),
            (
                "earn \"B\" on purchase { award 1 point per line.quantity }",
                "the purchase's is `tx.items`; each line's is read in a rule `on purchase for each line`",
            ),
            (
                "earn \"B\" on purchase when line.unit_price > 5 USD { award 1 point }",
                "each line's is read in a rule `on purchase for each line`; of the purchase's lines, `sum(line.unit_price)`",
            ),
            (
                "earn \"B\" on purchase for each item { award 1 point per USD of line.amount }",
                "write `for each line`: a purchase's items are its lines",
            ),
            (
                "earn \"B\" on purchase for every line { award 1 point per USD of line.amount }",
                "write `for each line`",
            ),
            (
                "earn \"B\" on purchase per line { award 1 point per USD of line.amount }",
                "write `for each line`",
            ),
            (
                "earn \"B\" on purchase for each line where line.sku starts with \"ABC\" { award 1 point }",
                "text is compared whole: `line.sku == \"ABC\"`, or with a list: `line.sku in [\"ABC\", \"...\"]`",
            ),
        ],
    );
}

/// Comparisons in words (`over 100 USD`, `at least 3`): the operator to
/// write, which then compiles.
#[test]
fn comparisons_in_words_get_the_operator() {
    let wrap = |cond: &str| {
        format!("tiers {{ member gold }}\nearn \"A\" on purchase when {cond} {{ award 1 point }}")
    };
    let cases = [
        ("tx.amount over 100 USD", "tx.amount > 100 USD"),
        ("tx.amount more than 100 USD", "tx.amount > 100 USD"),
        ("tx.amount above 99.99 USD", "tx.amount > 99.99 USD"),
        ("tx.items at least 3", "tx.items >= 3"),
        ("tx.amount less than 10 USD", "tx.amount < 10 USD"),
        ("tx.items under 2 and tx.channel == \"app\"", "tx.items < 2"),
        ("tx.amount at most tx.tax", "tx.amount <= tx.tax"),
        ("member.tier equals gold", "member.tier == gold"),
        ("tx.channel equal to \"app\"", "tx.channel == \"app\""),
    ];
    let expected: Vec<(&str, String)> = cases
        .iter()
        .map(|(cond, fixed)| (*cond, format!("write `{fixed}`")))
        .collect();
    let expected: Vec<(&str, &str)> = expected.iter().map(|(c, h)| (*c, h.as_str())).collect();
    helps(wrap, &expected);
    for (cond, fixed) in cases {
        let fixed = cond
            .split_once(" and ")
            .map_or(fixed.to_string(), |(_, more)| format!("{fixed} and {more}"));
        compiles(&format!("{HEADER}{}", wrap(&fixed)));
    }
    // A period in words is a counter's, not a comparison.
    let e = errors(
        "counter spend\ncount tx.amount to spend on purchase\n\
         earn \"A\" on purchase when spend over the last 3 months >= 200 USD { award 5 points }",
    );
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("a counter's period follows its name: `spend last 3 months`")
    );
}

/// `on birthday`: the purchase rule to write instead, which compiles
/// without a warning.
#[test]
fn a_birthday_event_gets_the_purchase_rule() {
    let help = one_error(
        "earn \"Birthday\" on birthday { award 500 points }",
        "unknown event kind `birthday`",
        2,
        20,
    );
    assert!(
        help.as_deref().is_some_and(|h| h.contains(
            "`on purchase when month(event.date) == month(member.birthday)` with `limit 1 per member per year`"
        )),
        "{help:?}"
    );
    let p = Program::compile(&format!(
        "{HEADER}earn \"Birthday\" on purchase when month(event.date) == month(member.birthday) \
         {{ award 500 points  limit 1 per member per year }}"
    ))
    .unwrap();
    assert!(p.warnings().is_empty(), "{:?}", p.warnings());
    // On the day itself.
    assert!(
        help.as_deref().is_some_and(|h| h.contains(
            "(on the day itself, `days_since_anniversary(member.birthday, event.date) == 0`)"
        )),
        "{help:?}"
    );
    Program::compile(&format!(
        "{HEADER}earn \"Birthday\" on purchase when days_since_anniversary(member.birthday, event.date) == 0 \
         {{ award 500 points  limit 1 per member per year }}"
    ))
    .unwrap();
}

/// An undeclared field: the declaration to write takes its type from what
/// the field is compared with.
#[test]
fn an_undeclared_field_gets_the_type_its_comparison_says() {
    for (cond, declared) in [
        (
            "member.lifetime_spend >= 1000 USD",
            "member.lifetime_spend money",
        ),
        ("event.stars >= 4", "event.stars number"),
        ("member.vip == true", "member.vip bool"),
        ("member.renewal >= 2026-01-01", "member.renewal date"),
        ("member.club == \"runners\"", "member.club text"),
        ("\"x\" in member.clubs", "member.clubs list"),
    ] {
        let e = errors(&format!(
            "earn \"A\" on purchase when {cond} {{ award 1 point }}"
        ));
        let help = e.errors[0].help.clone().unwrap_or_default();
        assert!(
            help.starts_with(&format!(
                "declare your own field with `attribute {declared}`"
            )),
            "{cond}: {help}"
        );
        let (field, ty) = declared.split_once(' ').unwrap();
        compiles(&format!(
            "{HEADER}attribute {field} {ty}\nearn \"A\" on purchase when {cond} {{ award 1 point }}"
        ));
    }
}

/// `tx.payment == "store_card"`: the amount paid with the kind, which
/// compiles once the kind is declared.
#[test]
fn a_payment_kind_compared_as_text_gets_its_amount() {
    assert_eq!(
        help("tx.payment == \"store_card\"").as_deref(),
        Some("what was paid with each kind is an amount, `tx.paid.KIND`: `tx.paid.store_card > 0 USD`, with `tender store_card` in the program header")
    );
    assert_eq!(
        help("tx.payment_method == \"cash\"").as_deref(),
        Some("what was paid with each kind is an amount, `tx.paid.KIND`: `tx.paid.cash > 0 USD`")
    );
    Program::compile(
        "program \"T\" { currency USD  tender store_card }\n\
         earn \"A\" on purchase when tx.paid.store_card > 0 USD { award 1 point }",
    )
    .unwrap();
}

/// `tx.date is weekend`: the date's weekday, which compiles.
#[test]
fn a_date_that_is_a_weekday_gets_its_weekday() {
    for (cond, written) in [
        (
            "tx.date is weekend",
            "weekday(tx.date) in [saturday, sunday]",
        ),
        (
            "event.date is a weekday",
            "weekday(event.date) not in [saturday, sunday]",
        ),
        ("tx.date is saturdays", "weekday(tx.date) == saturday"),
        ("tx.date is Sunday", "weekday(tx.date) == sunday"),
    ] {
        helps_to(cond, written);
    }
    assert_eq!(
        help("tx.channel is \"app\"").as_deref(),
        Some("compare with `==`")
    );
}

/// Date arithmetic as terms say it (`within 30 days of joining`): a date
/// plus a number of days, or a difference of dates, is `days_between`,
/// which compiles and means the same.
#[test]
fn days_added_to_a_date_get_days_between() {
    for (cond, written) in [
        (
            "tx.date <= member.join_date + 30 days",
            "days_between(member.join_date, tx.date) <= 30",
        ),
        (
            "tx.date < member.join_date + 2 weeks",
            "days_between(member.join_date, tx.date) < 14",
        ),
        (
            "event.date >= member.birthday - 7 days",
            "days_between(event.date, member.birthday) <= 7",
        ),
        (
            "member.join_date + 1 day > tx.date",
            "days_between(member.join_date, tx.date) < 1",
        ),
        (
            "tx.date - member.join_date <= 30 days",
            "days_between(member.join_date, tx.date) <= 30",
        ),
        (
            "tx.date <= 2026-12-01 + 10 days",
            "days_between(2026-12-01, tx.date) <= 10",
        ),
    ] {
        helps_to(cond, written);
    }
    // Months have no fixed number of days: no arithmetic is proposed.
    assert_ne!(
        help("tx.date <= member.join_date + 3 months").as_deref(),
        Some("write `days_between(member.join_date, tx.date) <= 3`")
    );
}

/// Dates as a calendar of another country writes them (`11/20/2026`,
/// `20.11.2026`, `2026/11/20`): the date the language writes, or both
/// when the order cannot tell; in a condition (read as a division there)
/// and where the grammar wants a date.
#[test]
fn a_date_in_another_order_gets_year_month_day() {
    let one = "dates are written year, month, day: `2026-11-20`";
    for (src, help) in [
        ("earn \"A\" on purchase when tx.date >= 11/20/2026 { award 5 points }", one),
        ("earn \"A\" on purchase when tx.date >= 20/11/2026 { award 5 points }", one),
        ("earn \"A\" on purchase when tx.date >= 20.11.2026 { award 5 points }", one),
        ("earn \"A\" on purchase when tx.date >= 2026/11/20 { award 5 points }", one),
        ("campaign \"C\" from 11/20/2026 to 11/30/2026 { earn \"B\" on purchase { award 1 point } }", one),
        (
            "ledger points { expire on 03/04/2027 }\nearn \"A\" on purchase { award 1 point }",
            "dates are written year, month, day: `2027-03-04` (4 March), or `2027-04-03` (3 April)",
        ),
    ] {
        let e = errors(src);
        assert_eq!(e.errors.len(), 1, "{src}: {e}");
        assert_eq!(e.errors[0].help.as_deref(), Some(help), "{src}");
    }
    Program::compile(&format!(
        "{HEADER}earn \"A\" on purchase when tx.date >= 2026-11-20 {{ award 5 points }}"
    ))
    .unwrap();
}

/// `== null` as code writes it: `exists`, or empty text for a channel.
#[test]
fn a_comparison_with_null_says_exists() {
    let head = "attribute event.coupon text\n";
    let help = |cond: &str| help_with(head, cond);
    assert_eq!(
        help("event.coupon == null").as_deref(),
        Some("a value the input leaves out is tested with `exists`: `not exists(event.coupon)`")
    );
    assert_eq!(
        help("event.coupon != None").as_deref(),
        Some("a value the input leaves out is tested with `exists`: `exists(event.coupon)`")
    );
    assert_eq!(
        help("tx.channel == null").as_deref(),
        Some("a channel left out is empty text: `tx.channel == \"\"`")
    );
    for fixed in [
        "not exists(event.coupon)",
        "exists(event.coupon)",
        "tx.channel == \"\"",
    ] {
        compiles(&format!(
            "{HEADER}{head}earn \"A\" on purchase when {fixed} {{ award 1 point }}"
        ));
    }
}

/// A list compared with a text (`member.offers == "Q4"`, a hotel's
/// registered offers) is told `in`.
#[test]
fn a_list_compared_with_a_text_says_in() {
    let head = "attribute member.offers list\n";
    let help = |cond: &str| help_with(head, cond);
    assert_eq!(
        help("member.offers == \"Q4\"").as_deref(),
        Some("a list holds a text with `in`: `\"Q4\" in member.offers`")
    );
    assert_eq!(
        help("\"Q4\" != member.offers").as_deref(),
        Some("a list holds a text with `in`: `\"Q4\" not in member.offers`")
    );
}

/// Functions of other languages: a date converted to a date, the clock,
/// the letters' case, rounding, a list's `contains`.
#[test]
fn functions_of_other_languages_get_the_language_s_way() {
    helps_to("date(tx.date) >= 2026-01-01", "tx.date >= 2026-01-01");
    helps_to("to_date(tx.date) <= 2026-03-31", "tx.date <= 2026-03-31");
    assert_eq!(
        help("tx.date < today()").as_deref(),
        Some("a program reads no clock, so that what an event earns depends on the event alone: its date is `tx.date` (`event.date` on other events), its time `tx.time`")
    );
    assert_eq!(
        help("lower(line.category) == \"grocery\"").as_deref(),
        Some("texts are compared as they are written, letter case included: compare with the text the host sends, or with each way it is sent, `line.category in [\"grocery\", \"Grocery\"]`")
    );
    compiles(&format!(
        "{HEADER}earn \"A\" on purchase for each line when line.category in [\"grocery\", \"Grocery\"] {{ award 1 point }}"
    ));
    assert_eq!(
        help("upper(tx.channel) == \"WEB\"").as_deref(),
        Some("texts are compared as they are written, letter case included: compare with the text the host sends, or with each way it is sent, `tx.channel in [\"WEB\", \"web\"]`")
    );
    assert_eq!(
        help("round(tx.amount) >= 10").as_deref(),
        Some("points are rounded by the program's `rounding` (or a rule's `round half_up`); in a formula, `floor(...)` rounds a number down")
    );
    assert_eq!(
        help("contains(tx.categories, \"grocery\")").as_deref(),
        Some("a list holds a text with `in`: `\"grocery\" in tx.categories`")
    );
}

/// An attribute read through `attributes` (as the JSON nests it), and a
/// purchase's lines read as one field: said the language's way.
#[test]
fn attributes_and_lines_read_as_the_json_nests_them() {
    assert_eq!(
        help_with("attribute member.vip bool\n", "member.attributes.vip").as_deref(),
        Some("an attribute is read by its name, without `attributes`: `member.vip`")
    );
    assert_eq!(
        help("tx.attributes.coupon == \"X\"").as_deref(),
        Some("an attribute is declared, then read by its name: `attribute tx.coupon text`, read as `tx.coupon`")
    );
    assert_eq!(
        help_with("attribute line.distance number\n", "tx.lines.distance > 100").as_deref(),
        Some("a purchase's lines are read one by one in a rule `for each line` (`line.distance`), or added up: `sum(line.distance)`")
    );
}
