//! Awards, multipliers and campaigns as published terms write them.

use super::*;

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
    // In a month, on weekends: the schedule to write, which compiles.
    for (said, written) in [
        ("in february", "from 2026-02-01 to 2026-02-28"),
        (
            "during the month of november",
            "from 2026-11-01 to 2026-11-30",
        ),
        ("on weekends", "every weekend"),
        ("on the weekend", "every weekend"),
        ("in weekdays", "every weekday"),
    ] {
        let help = one_error(
            &format!("{base}campaign \"C\" {said} {{ multiply \"Base\" by 2 }}"),
            "a campaign runs `from DATE to DATE`, or `every` weekday or day of the month",
            3,
            14,
        );
        assert!(
            help.as_deref()
                .is_some_and(|h| h.starts_with(&format!("write `{written}`"))),
            "{said}: {help:?}"
        );
        compiles(&format!(
            "{HEADER}{base}campaign \"C\" {written} {{ multiply \"Base\" by 2 }}"
        ));
    }
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
    // A bonus in the campaign's block as terms write it: `bonus`, and a
    // multiplier written as an award (was told to put `award 2x points on
    // "Base"` in a rule, which does not compile either).
    assert_eq!(
        help("campaign \"Bonus\" from 2026-11-27 to 2026-11-30 { bonus 100 points }").as_deref(),
        Some("a campaign's bonus is a rule inside it: `earn \"Bonus\" on purchase { award 100 points }`")
    );
    assert_eq!(
        help("campaign \"C\" from 2026-11-27 to 2026-11-30 { award 2x points on \"Base\" }")
            .as_deref(),
        Some("a campaign multiplies a rule's points: `multiply \"Base\" by 2`")
    );
    assert_eq!(
        help("campaign \"C\" from 2026-11-27 to 2026-11-30 { award double points }").as_deref(),
        Some("a campaign multiplies a rule's points: `multiply all by 2`")
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

/// An award as terms word it, `if` for `when`, a rule's name unquoted.
#[test]
fn an_award_as_terms_word_it() {
    let help = |rule: &str| errors(rule).errors[0].help.clone();
    assert_eq!(
        help("earn \"A\" on purchase { award 10 points per visit }").as_deref(),
        Some("an award on each event is a number of points: `award 10 points`; `per` takes a number the event gives, such as `per tx.items`")
    );
    // What it names is read in that rule (`line.quantity` is not, but in a
    // rule `for each line`).
    compiles(&format!(
        "{HEADER}earn \"A\" on purchase {{ award 10 points per tx.items }}"
    ));
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

/// Found writing a rail program's tier bonus (25% more points for Select
/// members, not more tier credit): a balance after `multiply` is not a rule
/// to quote; the help said to write `multiply "points" by 1.25`, a rule
/// that does not exist.
#[test]
fn a_balance_after_multiply_says_all_in_it() {
    helps(
        |body| format!("earn \"A\" on purchase {{ award 1 point per USD of tx.amount }}\n{body}\n"),
        &[(
            "tier gold { multiply points by 1.25 }",
            "`points` is a balance: `multiply all in points by 1.25` multiplies what every rule gives in it",
        )],
    );
    let e = Program::compile(
        "program \"P\" { currency USD  balance tqp qualifying }\n\
         earn \"A\" on purchase { award 1 point per USD of tx.amount to tqp }\n\
         campaign \"C\" { multiply tqp by 2 }\n",
    )
    .unwrap_err();
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some(
            "`tqp` is a balance: `multiply all in tqp by 2` multiplies what every rule gives in it"
        ),
        "{e}"
    );
    // A rule's name without quotes keeps its help.
    helps(
        |body| format!("earn \"A\" on purchase {{ award 1 point per USD of tx.amount }}\n{body}\n"),
        &[(
            "tier gold { multiply A by 1.25 }",
            "a rule is named in quotes: `multiply \"A\" by 1.25`",
        )],
    );
}

/// Found writing a fast-food program ("100 points per $1"): money in words
/// (`per dollar`) is the currency's code; the help said an award on each
/// event is a number of points.
#[test]
fn money_in_words_after_per_is_the_currency_s_code() {
    let help = |rule: &str| errors(rule).errors[0].help.clone();
    assert_eq!(
        help("earn \"A\" on purchase { award 100 points per dollar }").as_deref(),
        Some("money is written with the currency's code: `award 100 points per USD of tx.amount`")
    );
    assert_eq!(
        help("earn \"A\" on purchase for each line { award 2 points per dollars }").as_deref(),
        Some("money is written with the currency's code: `award 2 points per USD of line.amount`")
    );
    let e = Program::compile(
        "program \"P\" { currency EUR }\nearn \"A\" on purchase { award 1 point per euro }",
    )
    .unwrap_err();
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("money is written with the currency's code: `award 1 point per EUR of tx.amount`")
    );
}

/// Found writing a beauty retailer's birthday month ("double points in
/// your birthday month"): `every month when ...` read `month` as a
/// weekday, without a help.
#[test]
fn every_month_without_a_day_says_a_campaign_runs_when_its_condition_holds() {
    let e = errors(
        "earn \"Base\" on purchase { award 1 point }\n\
         campaign \"Birthday month\" every month when month(tx.date) == month(member.birthday) {\n\
           multiply \"Base\" by 2\n}\n",
    );
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some(
            "a campaign without `every` runs whenever its condition holds: leave out `every month`; \
             `every month on day 11` runs on one day of each month"
        )
    );
    let e = errors(
        "earn \"Base\" on purchase { award 1 point }\ncampaign \"Weekly\" every week { multiply \"Base\" by 2 }\n",
    );
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some(
            "a campaign without `every` runs every day: leave out `every week`; `every monday` runs on one day of each week"
        )
    );
}

/// Campaign schedules as retailers' promotions word them: a weekday in a
/// month, the dates after the weekday, a month's days, weekdays without
/// `every`.
#[test]
fn campaign_schedules_as_promotions_word_them() {
    helps(
        |c| {
            format!(
                "earn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n\
                 campaign \"Early\" from 2027-01-01 to 2027-01-31 {{ multiply \"Base\" by 2 }}\n{c}\n"
            )
        },
        &[
            (
                "campaign \"C\" every tuesday in march { multiply \"Base\" by 2 }",
                "a campaign in one month runs between its dates: `from 2027-03-01 to 2027-03-31 every tuesday`",
            ),
            (
                "campaign \"C\" every day in february { multiply \"Base\" by 2 }",
                "a campaign in one month runs between its dates: `from 2027-02-01 to 2027-02-28`",
            ),
            (
                "campaign \"C\" every tuesday from 2026-03-01 to 2026-03-31 { multiply \"Base\" by 2 }",
                "the dates come first: `from 2026-03-01 to 2026-03-31 every tuesday`",
            ),
            (
                "campaign \"C\" weekdays 2pm-5pm { multiply \"Base\" by 2 }",
                "write `every weekday between 14:00 and 17:00`",
            ),
            (
                "campaign \"C\" fridays { multiply \"Base\" by 2 }",
                "write `every friday`",
            ),
        ],
    );
}

/// Found writing an airline's rates by status (7 miles per USD for
/// Silver): an award in a tier's block, and an override without braces.
#[test]
fn an_award_in_a_tier_says_override() {
    helps(
        |body| {
            format!(
                "tiers {{ member silver }}\nearn \"Fare\" on purchase {{ award 5 points per USD of tx.amount }}\n{body}\n"
            )
        },
        &[
            (
                "tier silver { award 7 points per USD of tx.amount }",
                "a tier changes a rule's award with `override`: `override \"Fare\" { award 7 points per USD of tx.amount }`",
            ),
            (
                "tier silver { override \"Fare\" award 7 points per USD of tx.amount }",
                "the award goes in braces: `override \"Fare\" { award 7 points per USD of tx.amount }`",
            ),
        ],
    );
}

/// Found writing a distributor's early-payment bonus (double points on an
/// invoice paid within 10 days), as authors first write "double".
#[test]
fn a_bonus_on_a_rule_s_points_in_other_words() {
    let wrap = |body: &str| {
        format!(
            "earn \"Invoice\" on purchase {{ award 1 point per every 10 USD of tx.amount }}\n\
             earn \"Early\" on purchase {{ {body} }}\n"
        )
    };
    helps(
        wrap,
        &[
            (
                "award 100% of earned by Invoice",
                "a rule is named in quotes: `earned by \"Invoice\"`",
            ),
            (
                "multiply \"Invoice\" by 2",
                "a rule gives more of another's points with `award 100% of earned by \"Invoice\"` (×2 in all); `multiply` is a campaign's or a tier's",
            ),
            (
                "award 100% of \"Invoice\"",
                "what a rule gave is `earned by`: `award 100% of earned by \"Invoice\"`",
            ),
        ],
    );
    // The balance named where the unit goes.
    let e = Program::compile(
        "program \"P\" { currency USD  balance rebate precision 2 }\n\
         earn \"Elite rebate\" on purchase { award 1% rebate of tx.amount }\n",
    )
    .unwrap_err();
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("the balance goes after `to`: `award 1% of tx.amount to rebate`"),
        "{e}"
    );
}

/// Tier benefits as terms word them: two tiers in one block, a tier and
/// up, `except` after the factor, two factors in one `multiply`, a tier's
/// name in quotes.
#[test]
fn tier_benefits_in_terms_words() {
    helps(
        |body| {
            format!(
                "tiers {{ member silver gold platinum }}\n\
                 earn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n\
                 earn \"Bonus\" on purchase {{ award 5 points }}\n{body}\n"
            )
        },
        &[
            (
                "tier gold, platinum { multiply \"Base\" by 2 }",
                "each tier has a block of its own: `tier gold { multiply \"Base\" by 2 }` and `tier platinum { multiply \"Base\" by 2 }`",
            ),
            (
                "tier gold and platinum { multiply \"Base\" by 2 }",
                "each tier has a block of its own: `tier gold { multiply \"Base\" by 2 }` and `tier platinum { multiply \"Base\" by 2 }`",
            ),
            (
                "tier >= gold { multiply \"Base\" by 2 }",
                "a block names one tier: `tier gold { multiply \"Base\" by 2 }`, and one more for each tier above it",
            ),
            (
                "tier gold { multiply all by 1.5 except \"Bonus\" }",
                "`except` follows `all`: `multiply all except \"Bonus\" by 1.5`",
            ),
            (
                "tier gold { multiply \"Base\" by 1.5, \"Bonus\" by 2 }",
                "one factor a statement: `multiply \"Base\" by 1.5  multiply \"Bonus\" by 2`",
            ),
            (
                "tier \"gold\" { multiply \"Base\" by 2 }",
                "a tier is named without quotes: `tier gold`",
            ),
        ],
    );
}

/// Rounding as terms and other libraries name it.
#[test]
fn rounding_in_other_words() {
    let help = |header: &str, rule: &str| {
        let e = Program::compile(&format!(
            "program \"P\" {{ currency USD  {header} }}\nearn \"Base\" on purchase {{ award 1 point per USD of tx.amount  {rule} }}\n"
        ))
        .unwrap_err();
        assert_eq!(e.errors.len(), 1, "{header} {rule}: {e}");
        e.errors[0].help.clone().unwrap_or_default()
    };
    assert_eq!(help("rounding half up", ""), "write `half_up`");
    assert_eq!(help("", "round half even"), "write `half_even`");
    assert_eq!(help("rounding round_half_up", ""), "write `half_up`");
    assert_eq!(
        help("rounding bankers", ""),
        "banker's rounding is `half_even`"
    );
    assert_eq!(
        help("", "round to nearest"),
        "to the nearest is `half_up` (halves up), `half_even` (halves to even) or `half_down`"
    );
    assert_eq!(
        help("rounding per line floor", ""),
        "the mode comes first: `rounding floor per line`"
    );
    assert_eq!(help("rounding floor per item", ""), "write `per line`");
    assert_eq!(
        help("rounding floor per order", ""),
        "write `per transaction`"
    );
}

/// Found writing a retailer's holiday season and a coffee chain's first
/// Saturdays: campaigns that come back every year, or on one weekday of
/// each month, are conditions on the event's date, which the helps write
/// (a window of `12-01 to 12-24` was told "hours are written `between
/// 12-01 and 12-24`"; `every december`, that december is not a weekday).
#[test]
fn campaigns_every_year_or_on_a_weekday_of_the_month_get_their_condition() {
    helps(
        |c| {
            format!(
                "earn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n{c}\n"
            )
        },
        &[
            (
                "campaign \"C\" every year from 12-01 to 12-24 { multiply \"Base\" by 2 }",
                "a campaign on the same dates every year is a condition on the event's date: \
                 `campaign \"C\" when month(event.date) == 12 and day(event.date) <= 24`",
            ),
            (
                "campaign \"C\" every year from 11-25 to 12-05 { multiply \"Base\" by 2 }",
                "a campaign on the same dates every year is a condition on the event's date: \
                 `campaign \"C\" when (month(event.date) == 11 and day(event.date) >= 25) or \
                 (month(event.date) == 12 and day(event.date) <= 5)`",
            ),
            (
                "campaign \"C\" every year from 12-20 to 01-06 { multiply \"Base\" by 2 }",
                "a campaign on the same dates every year is a condition on the event's date: \
                 `campaign \"C\" when (month(event.date) == 12 and day(event.date) >= 20) or \
                 (month(event.date) == 1 and day(event.date) <= 6)`",
            ),
            (
                "campaign \"C\" every year on 06-15 { multiply \"Base\" by 2 }",
                "a campaign on the same day every year is a condition on the event's date: \
                 `campaign \"C\" when month(event.date) == 6 and day(event.date) == 15`",
            ),
            (
                "campaign \"C\" from 12-01 to 12-24 { multiply \"Base\" by 2 }",
                "a window's days have their year (`from 2026-12-01 to 2026-12-24`); on the same \
                 dates every year, it is a condition on the event's date: `campaign \"C\" when \
                 month(event.date) == 12 and day(event.date) <= 24`",
            ),
            (
                "campaign \"C\" every first saturday { multiply \"Base\" by 2 }",
                "the first saturday of each month is the saturday among its first 7 days: \
                 `campaign \"C\" every saturday when day(event.date) <= 7`",
            ),
            (
                "campaign \"C\" every third tuesday { multiply \"Base\" by 2 }",
                "the third tuesday of each month is the tuesday among its days 15 to 21: \
                 `campaign \"C\" every tuesday when day(event.date) >= 15 and day(event.date) <= 21`",
            ),
            (
                "campaign \"C\" every december { multiply \"Base\" by 2 }",
                "a month of every year is a condition on the event's date: \
                 `campaign \"C\" when month(event.date) == 12`",
            ),
        ],
    );
    // What the helps write compiles, without a warning, and runs on the
    // days it says: the season through the new year on 2027-01-06, not
    // the 7th; the third Tuesday of March 2027 is the 16th.
    let runs = |campaign: &str, day: &str| {
        let p = loyalty_rules::Program::compile(&format!(
            "{HEADER}earn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n\
             {campaign} {{ multiply \"Base\" by 2 }}\n"
        ))
        .unwrap();
        assert!(p.warnings().is_empty(), "{campaign}: {:?}", p.warnings());
        let e = loyalty_rules::Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "p", "timestamp": "{day}T12:00:00Z", "currency": "USD",
                "lines": [{{"sku": "x", "quantity": 1, "unit_price": "10.00"}}]}}"#
        ))
        .unwrap();
        let o = p.evaluate(&loyalty_rules::Member::new("m"), &e).unwrap();
        o.totals[0].points.to_string() == "20"
    };
    let season = "campaign \"C\" when (month(event.date) == 12 and day(event.date) >= 20) or \
                  (month(event.date) == 1 and day(event.date) <= 6)";
    assert!(runs(season, "2026-12-20") && runs(season, "2027-01-06"));
    assert!(!runs(season, "2026-12-19") && !runs(season, "2027-01-07"));
    let third = "campaign \"C\" every tuesday when day(event.date) >= 15 and day(event.date) <= 21";
    assert!(runs(third, "2027-03-16"));
    assert!(!runs(third, "2027-03-09") && !runs(third, "2027-03-23"));
}

/// `tx.amount - tx.discount` (or `- tx.tax`, `line.amount -
/// line.discount`) takes off what the amount does not hold: a warning;
/// the sums that mean what they say are not warned of.
#[test]
fn an_amount_less_what_it_does_not_hold_is_warned_of() {
    let warned = |base: &str, per_line: bool| {
        let each = if per_line { " for each line" } else { "" };
        let p = Program::compile(&format!(
            "{HEADER}earn \"A\" on purchase{each} {{ award 1 point per USD of {base} }}"
        ))
        .unwrap();
        p.warnings()
            .iter()
            .map(|w| w.message.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        warned("tx.amount - tx.discount", false),
        ["`tx.amount` is after discounts already: subtracting the discount takes it off twice"]
    );
    assert_eq!(
        warned("tx.amount - tx.paid.points - tx.shipping", false),
        ["`tx.amount` holds no tax or shipping: subtracting them takes off what it does not hold"]
    );
    assert_eq!(
        warned("line.amount - line.discount", true),
        ["`line.amount` is after discounts already: subtracting the discount takes it off twice"]
    );
    assert_eq!(
        warned("tx.total - tx.discount", false),
        ["`tx.total` is after discounts already: subtracting the discount takes it off twice"]
    );
    assert_eq!(
        warned("tx.gross - tx.discount - tx.tax", false),
        ["`tx.gross` holds no tax or shipping: subtracting them takes off what it does not hold"]
    );
    for fine in [
        "tx.gross - tx.discount",
        "tx.total - tx.tax - tx.shipping",
        "tx.amount - tx.paid.gift_card",
        "tx.amount",
    ] {
        assert!(warned(fine, false).is_empty(), "{fine}");
    }
    assert!(warned("line.gross - line.discount", true).is_empty());
}

/// Money in words, as terms write it: `50 dollars`, `per dollar spent`,
/// a burn rate `per dollar`, a reward `worth` money. Each gets the
/// currency's code, which compiles.
#[test]
fn money_in_words_gets_the_currency_s_code() {
    let base = "earn \"A\" on purchase { award 1 point per USD of tx.amount }\n";
    let cases = [
        (
            "earn \"B\" on purchase when tx.amount >= 50 dollars { award 5 points }",
            "write the currency's code: `50 USD`",
            "earn \"B\" on purchase when tx.amount >= 50 USD { award 5 points }",
        ),
        (
            "earn \"B\" on purchase { award 5 points per dollar spent }",
            "write `award 5 points per USD of tx.amount`",
            "earn \"B\" on purchase { award 5 points per USD of tx.amount }",
        ),
        (
            "burn \"P\" from points { rate 100 points = 1 dollar }",
            "write the currency's code: `1 USD`",
            "burn \"P\" from points { rate 100 points = 1 USD }",
        ),
        (
            "burn \"P\" from points { rate 100 points per dollar }",
            "write `rate 100 points = 1 USD`",
            "burn \"P\" from points { rate 100 points = 1 USD }",
        ),
        (
            "burn \"P\" from points { rate 100 points per USD }",
            "write `rate 100 points = 1 USD`",
            "burn \"P\" from points { rate 100 points = 1 USD }",
        ),
        (
            "burn \"P\" from points { rate 500 points per 5 USD }",
            "write `rate 500 points = 5 USD`",
            "burn \"P\" from points { rate 500 points = 5 USD }",
        ),
        (
            "reward \"Coffee\" costs 150 points worth 5 USD",
            "a reward is priced in points alone: `reward \"Coffee\" costs 150 points`; points \
             spent for money at a rate are a burn rule: `burn \"Coffee\" from points { rate 150 \
             points = 5 USD }`",
            "reward \"Coffee\" costs 150 points",
        ),
    ];
    for (written, help, fixed) in cases {
        let e = errors(&format!("{base}{written}"));
        assert_eq!(e.errors.len(), 1, "{written}: {e}");
        assert_eq!(e.errors[0].help.as_deref(), Some(help), "{written}");
        compiles(&format!("{HEADER}{base}{fixed}"));
    }
    // In a program of euros.
    assert_eq!(
        first_help(
            "program \"E\" { currency EUR }\nearn \"B\" on purchase when tx.amount >= 20 euros { award 5 points }"
        )
        .as_deref(),
        Some("write the currency's code: `20 EUR`")
    );
}

/// A rate of a custom event's amount as a casino's terms word it ("1 point
/// for every 5 USD played"): the help names the event's money attribute,
/// keeps the step, and writes a rate for an amount computed in the award.
#[test]
fn a_rate_as_terms_word_it_names_the_rule_s_own_amount() {
    let attrs = "attribute event.coin_in money\nattribute event.stars number\n";
    let help = |rule: &str| errors(&format!("{attrs}{rule}")).errors[0].help.clone();
    let cases = [
        (
            "earn \"S\" on event \"slot\" { award 1 point for every 5 USD of event.coin_in }",
            "write `award 1 point per every 5 USD of event.coin_in`",
        ),
        (
            "earn \"S\" on event \"slot\" { award 1 point every 5 USD of event.coin_in }",
            "write `award 1 point per every 5 USD of event.coin_in`",
        ),
        (
            "earn \"S\" on event \"slot\" { award 1 point for every 5 USD played }",
            "write `award 1 point per every 5 USD of event.coin_in`",
        ),
        (
            "earn \"S\" on event \"slot\" { award 1 point per 5 USD played }",
            "a rate names what it is of: `award 1 point per 5 USD of event.coin_in`",
        ),
        (
            "earn \"S\" on purchase for each line { award 1 point per USD spent }",
            "a rate names what it is of: `award 1 point per USD of line.amount`",
        ),
        (
            "earn \"S\" on event \"slot\" { award event.coin_in / 5 points }",
            "an award's number is a constant; a number of points in proportion to an amount is a rate: `award 1 point per 5 USD of event.coin_in`",
        ),
        (
            "earn \"S\" on purchase { award tx.amount * 2 points }",
            "an award's number is a constant; a number of points in proportion to an amount is a rate: `award 2 points per USD of tx.amount`",
        ),
        (
            "earn \"S\" on review { award event.stars * 10 points }",
            "an award's number is a constant; a number of points in proportion to an amount is a rate: `award 10 points per event.stars`",
        ),
        (
            "earn \"S\" on event slot { award 1 point }",
            "a kind of your own is named in quotes: `on event \"slot\"`",
        ),
    ];
    for (rule, expected) in cases {
        assert_eq!(help(rule).as_deref(), Some(expected), "{rule}");
        let fixed = expected.rsplit('`').nth(1).unwrap_or_default();
        if fixed.starts_with("award") {
            let compiled =
                rule.split('{').next().unwrap_or_default().to_string() + "{ " + fixed + " }";
            compiles(&format!("{HEADER}{attrs}{compiled}"));
        }
    }
}

/// A rate of a quantity in its unit ("1 point per 2 litres of fuel"): a
/// quantity is a number without a unit, in whole steps or in proportion.
#[test]
fn a_rate_of_a_quantity_in_its_unit_is_told_the_quantity() {
    let help = |rule: &str| errors(rule).errors[0].help.clone();
    let line = "earn \"F\" on purchase for each line where line.category == \"fuel\"";
    let cases = [
        (
            format!("{line} {{ award 1 point per 2 litres }}"),
            "a quantity is a number without its unit: `award 1 point per every 2 of line.quantity` (for every 2 whole litres), or `award 0.5 points per line.quantity` (in proportion)",
        ),
        (
            format!("{line} {{ award 1 point per 3 gallons }}"),
            "a quantity is a number without its unit: `award 1 point per every 3 of line.quantity` (for every 3 whole gallons)",
        ),
        (
            format!("{line} {{ award 2 points per litre }}"),
            "a quantity is a number without its unit: `award 2 points per line.quantity`",
        ),
        (
            format!("{line} {{ award 1 point per every 2 litres of line.quantity }}"),
            "a quantity is a number without its unit: `award 1 point per every 2 of line.quantity`",
        ),
        (
            "earn \"E\" on purchase { award 2 points per kWh }".to_string(),
            "a quantity is a number without its unit: `award 2 points per tx.items`",
        ),
        // A field with its unit after it.
        (
            format!("{line} {{ award 1 point per line.quantity litres }}"),
            "a quantity is a number without its unit: `award 1 point per line.quantity`",
        ),
    ];
    for (rule, expected) in &cases {
        assert_eq!(help(rule).as_deref(), Some(*expected), "{rule}");
        let fixed = expected.split('`').nth(1).unwrap_or_default();
        let head = rule.split('{').next().unwrap_or_default();
        compiles(&format!("{HEADER}{head}{{ {fixed} }}"));
    }
}

/// A base `excluding` goods of a category ("excluding fuel") is told the
/// lines' sum; `excluding tax` keeps its own help.
#[test]
fn a_base_excluding_a_category_is_told_the_sum() {
    let help = |rule: &str| errors(rule).errors[0].help.clone();
    assert_eq!(
        help("earn \"S\" on purchase { award 1 point per USD of tx.amount excluding fuel }").as_deref(),
        Some("leave goods out by their lines: `award 1 point per USD of sum(line.amount, line.category != \"fuel\")`, or a rule `for each line where line.category != \"fuel\"`")
    );
    assert_eq!(
        help("earn \"S\" on purchase { award 1 point per USD of tx.amount except gift_card }").as_deref(),
        Some("leave goods out by their lines: `award 1 point per USD of sum(line.amount, line.category != \"gift_card\")`, or a rule `for each line where line.category != \"gift_card\"`")
    );
    Program::compile(&format!(
        "{HEADER}earn \"S\" on purchase {{ award 1 point per USD of sum(line.amount, line.category != \"fuel\") }}"
    ))
    .unwrap();
}

/// Found writing a warehouse club's annual reward ("2% back, up to
/// $1,250 a year") in a balance of its own: a cap in money names the
/// program's balance, and the balance before the number is put after it.
#[test]
fn a_cap_in_money_or_with_its_balance_first_names_the_balance() {
    let header = "program \"C\" {\n  currency USD\n  balance reward redeemable precision 2\n}\nearn \"S\" on purchase { award 2% of tx.amount to reward }\n";
    let help = |cap: &str| {
        Program::compile(&format!("{header}{cap}\n"))
            .unwrap_err()
            .errors[0]
            .help
            .clone()
    };
    assert_eq!(
        help("cap 1250 USD per member per year").as_deref(),
        Some("write `cap 1250 reward ...` (or `points`): a cap counts what the rules award in a balance, not money")
    );
    assert_eq!(
        help("cap reward at 1250 per member per year").as_deref(),
        Some("the number comes first, then the balance: `cap 1250 reward per member per year`")
    );
    assert_eq!(
        help("cap points to 500 per transaction").as_deref(),
        Some("the number comes first, then the balance: `cap 500 points per transaction`")
    );
    Program::compile(&format!("{header}cap 1250 reward per member per year\n")).unwrap();
}
