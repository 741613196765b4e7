//! Statements, keywords, names and the header as other languages write them.

use super::*;

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
        // Segments the host gives are not declared.
        (
            "segments { plus }",
            "a member's segment comes from the host with no declaration (`\"segment\": \"plus\"` in the member's JSON, read as `member.segment == \"plus\"`); a program that decides segments itself declares each with its condition: `segment plus when CONDITION`",
        ),
        (
            "segments { plus vip }",
            "a member's segment comes from the host with no declaration (`\"segment\": \"plus\"` in the member's JSON, read as `member.segment == \"plus\"`); a program that decides segments itself declares each with its condition: `segment plus when CONDITION`",
        ),
        (
            "segment plus\nearn \"B\" on purchase { award 1 point }",
            "a member's segment comes from the host with no declaration (`\"segment\": \"plus\"` in the member's JSON, read as `member.segment == \"plus\"`); a program that decides segments itself declares each with its condition: `segment plus when CONDITION`",
        ),
    ];
    helps(
        |body| format!("earn \"A\" on purchase {{ award 1 point per USD of tx.amount }}\n{body}\n"),
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

/// A block left open (`tiers { member silver gold` without its `}`): the
/// next statement was read inside it, and the error said what the block
/// expected; it says the block is not closed.
#[test]
fn a_block_left_open_says_so_at_the_next_statement() {
    let e = errors(
        "tiers { member silver gold\n\
         earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n",
    );
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("the `{` of `tiers` on line 2 is not closed: write `}` before this `earn`"),
        "{e}"
    );
    let e = errors(
        "earn \"A\" on purchase {\n  award 1 point\n\n\
         campaign \"C\" from 2026-11-20 to 2026-11-30 { multiply \"A\" by 2 }\n",
    );
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("the `{` of `earn` on line 2 is not closed: write `}` before this `campaign`"),
        "{e}"
    );
    // A rule inside a campaign is no block left open.
    let e = errors(
        "campaign \"C\" from 2026-11-20 to 2026-11-30 {\n  earn Bonus on purchase { award 1 point }\n}\n",
    );
    assert_ne!(
        e.errors[0].help.as_deref(),
        Some("the `{` of `campaign` on line 2 is not closed: write `}` before this `earn`"),
        "{e}"
    );
}

/// A decimal comma, as much of Europe writes `1,5`; a number with
/// separators keeps its help.
#[test]
fn a_decimal_comma_says_a_point() {
    helps(
        |body| format!("earn \"Base\" on purchase {{ award 1 point }}\n{body}\n"),
        &[
            (
                "campaign \"C\" { multiply \"Base\" by 1,5 }",
                "decimals are written with a point: `1.5`",
            ),
            (
                "earn \"B\" on purchase { award 2,25 points per USD of tx.amount }",
                "decimals are written with a point: `2.25`",
            ),
            (
                "earn \"B\" on purchase { award 1,000 points }",
                "numbers are written without separators: `1000`",
            ),
        ],
    );
}

/// A program's header as configuration files write settings: a colon or
/// `=`, a code in quotes or small letters, a unit after the precision,
/// two balances in one statement, a fixed offset.
#[test]
fn header_settings_as_configuration_files_write_them() {
    let help = |header: &str| {
        let e = Program::compile(&format!(
            "program \"P\" {{ {header} }}\nearn \"Base\" on purchase {{ award 1 point }}\n"
        ))
        .unwrap_err();
        assert_eq!(e.errors.len(), 1, "{header}: {e}");
        e.errors[0].help.clone().unwrap_or_default()
    };
    assert_eq!(
        help("currency: USD"),
        "write it without `:`: `currency USD`"
    );
    assert_eq!(
        help("currency = USD"),
        "a setting has no `=`: `currency USD`"
    );
    assert_eq!(
        help("currency \"USD\""),
        "a currency code is written without quotes: `currency USD`"
    );
    assert_eq!(
        help("currency usd"),
        "currency codes are written in capitals: `currency USD`"
    );
    assert_eq!(
        help("currency US$"),
        "write the currency's ISO 4217 code: `currency USD`"
    );
    assert_eq!(
        help("currency USD  precision 2 decimals"),
        "write `precision 2`"
    );
    assert_eq!(
        help("currency USD  balance stars, miles"),
        "one balance a statement: `balance stars  balance miles`"
    );
    assert_eq!(
        help("currency USD  timezone \"UTC+2\""),
        "write the place's zone, such as \"Europe/Berlin\"; a fixed offset of +2 hours is \"Etc/GMT-2\" (the IANA database reverses its sign)"
    );
}

/// A setting of the header written after it, as `attribute` and `counter`
/// are: it goes into the header, which the help shows with it, and which
/// then compiles.
#[test]
fn a_header_setting_after_the_header_says_it_goes_in_it() {
    for (setting, header) in [
        (
            "tender beans_card",
            "program \"B\" { currency USD  tender beans_card }",
        ),
        (
            "balance stars",
            "program \"B\" { currency USD  balance stars }",
        ),
        (
            "timezone \"America/Denver\"",
            "program \"B\" { currency USD  timezone \"America/Denver\" }",
        ),
        (
            "rounding half_up",
            "program \"B\" { currency USD  rounding half_up }",
        ),
        ("precision 2", "program \"B\" { currency USD  precision 2 }"),
        (
            "multipliers add",
            "program \"B\" { currency USD  multipliers add }",
        ),
    ] {
        let body = if setting.starts_with("balance") {
            "earn \"A\" on purchase { award 1 point per USD of tx.amount to stars }\n"
        } else {
            "earn \"A\" on purchase { award 1 point per USD of tx.amount }\n"
        };
        let e = Program::compile(&format!(
            "program \"B\" {{\n  currency USD\n}}\n{setting}\n{body}"
        ))
        .unwrap_err();
        assert_eq!(e.errors.len(), 1, "{setting}: {e}");
        let word = setting.split(' ').next().unwrap();
        assert_eq!(
            e.errors[0].help.as_deref(),
            Some(format!("`{word}` is a setting of the program's header: `{header}`").as_str()),
            "{setting}"
        );
        let fixed = format!("{header}\n{body}");
        compiles(&fixed);
    }
    // The currency, which the header has already: no setting to move.
    assert_eq!(
        first_help(
            "program \"B\" {\n  currency USD\n}\ncurrency EUR\nearn \"A\" on purchase { award 1 point }\n"
        )
        .as_deref(),
        Some("`currency` is a setting of the program's header, which sets it already: `currency USD`")
    );
    // In a rule, rounding is the rule's own statement.
    let e = errors("earn \"A\" on purchase { award 1 point per USD of tx.amount  rounding floor }");
    assert!(
        e.errors[0]
            .help
            .as_deref()
            .is_some_and(|h| h.starts_with("rounding is a statement of the rule")),
        "{e}"
    );
}

/// A coffee chain's terms as a marketer writes them: hours on a 12-hour
/// clock or with seconds in a condition, a limit or cap in words after an
/// award, statements separated by commas, a balance named with `as`, a
/// campaign `daily`. Each gets the language's words, which compile.
#[test]
fn a_coffee_chain_s_terms_in_a_marketer_s_words() {
    let head = "";
    let rule = |stmt: &str| format!("{head}earn \"A\" on purchase {{ {stmt} }}");
    let cond = |c: &str| format!("{head}earn \"A\" on purchase when {c} {{ award 1 point }}");
    let cases: [(String, &str, &str); 14] = [
        (cond("hour(tx.time) >= 9pm"), "write `hour(tx.time) >= 21`", "hour(tx.time) >= 21"),
        (cond("hour(tx.time) < 11am"), "write `hour(tx.time) < 11`", "hour(tx.time) < 11"),
        (cond("tx.time >= 9pm"), "write `tx.time >= 21:00`", "tx.time >= 21:00"),
        (cond("tx.time < 9:30am"), "write `tx.time < 09:30`", "tx.time < 09:30"),
        (
            cond("tx.time >= 21:00:00"),
            "times are written in hours and minutes: `21:00`",
            "tx.time >= 21:00",
        ),
        (
            rule("award 20 points max 3 per month"),
            "how often a rule applies is its `limit`: `limit 3 per member per month` (a cap on its points is `cap N points per member per month`)",
            "award 20 points  limit 3 per member per month",
        ),
        (
            rule("award 20 points up to 3 times per month"),
            "how often a rule applies is its `limit`: `limit 3 per member per month` (a cap on its points is `cap N points per member per month`)",
            "award 20 points  limit 3 per member per month",
        ),
        (
            rule("award 20 points maximum 3 per member per week"),
            "how often a rule applies is its `limit`: `limit 3 per member per week` (a cap on its points is `cap N points per member per week`)",
            "award 20 points  limit 3 per member per week",
        ),
        (
            rule("award 20 points at most once a day"),
            "how often a rule applies is its `limit`: `limit 1 per member per day` (a cap on its points is `cap N points per member per day`)",
            "award 20 points  limit 1 per member per day",
        ),
        (
            rule("award 1 point per USD of tx.amount max 500 points per month"),
            "a cap is a statement of the rule: `cap 500 points per member per month`",
            "award 1 point per USD of tx.amount  cap 500 points per member per month",
        ),
        (
            rule("award 1 point per USD of tx.amount up to 100 points per order"),
            "a cap is a statement of the rule: `cap 100 points per transaction`",
            "award 1 point per USD of tx.amount  cap 100 points per transaction",
        ),
        (
            rule("award 20 points, limit 1 per member per month"),
            "statements are not separated by `,`: leave it out (put statements on lines of their own, or two spaces apart)",
            "award 20 points  limit 1 per member per month",
        ),
        (
            rule("award 5% of tx.amount as points"),
            "a balance is credited with `to`: `award 5% of tx.amount to points`",
            "award 5% of tx.amount to points",
        ),
        (
            format!("{head}earn \"Base\" on purchase {{ award 1 point }}\ncampaign \"Happy hour\" daily from 2pm to 5pm {{ multiply \"Base\" by 2 }}"),
            "a campaign without `every` runs every day: `campaign \"Happy hour\" between 14:00 and 17:00`",
            "",
        ),
    ];
    for (src, help, fixed) in &cases {
        let e = errors(src);
        assert_eq!(e.errors.len(), 1, "{src}: {e}");
        assert_eq!(e.errors[0].help.as_deref(), Some(*help), "{src}");
        if !fixed.is_empty() {
            let text = if src.contains(" when ") {
                cond(fixed)
            } else {
                rule(fixed)
            };
            compiles(&format!("{HEADER}{text}"));
        }
    }
    Program::compile(&format!(
        "{HEADER}earn \"Base\" on purchase {{ award 1 point }}\n\
         campaign \"Happy hour\" between 14:00 and 17:00 {{ multiply \"Base\" by 2 }}"
    ))
    .unwrap();
    // `daily` alone is left out.
    let e = errors(
        "earn \"Base\" on purchase { award 1 point }\ncampaign \"D\" daily { multiply \"Base\" by 2 }",
    );
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("a campaign without `every` runs every day: leave out `daily`")
    );
}

/// A rule's logic as code and terms write it: `unless`, `else`, an `if`
/// inside the block, a count with its noun, another rule having applied,
/// a limit per store. Each gets what the language writes.
#[test]
fn a_rule_s_logic_as_code_writes_it() {
    let base = "earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n";
    let cases = [
        (
            "earn \"B\" on purchase unless tx.channel == \"app\" { award 10 points }",
            "write `when not (tx.channel == \"app\")`",
            Some("earn \"B\" on purchase when not (tx.channel == \"app\") { award 10 points }"),
        ),
        (
            "earn \"B\" on purchase when tx.amount > 10 USD { award 10 points } else { award 1 point }",
            "a rule has no `else`: the other case is a rule of its own, `earn \"B otherwise\" on \
             purchase when not (tx.amount > 10 USD) { award 1 point }`",
            Some(
                "earn \"B\" on purchase when tx.amount > 10 USD { award 10 points }\n\
                 earn \"B otherwise\" on purchase when not (tx.amount > 10 USD) { award 1 point }",
            ),
        ),
        (
            "earn \"B\" on purchase { if tx.amount > 10 USD { award 10 points } }",
            "a rule's condition comes before its block: `earn \"B\" on purchase when tx.amount > 10 USD { award 10 points }`",
            Some("earn \"B\" on purchase when tx.amount > 10 USD { award 10 points }"),
        ),
        (
            "earn \"B\" on purchase when tx.items >= 3 items { award 10 points }",
            "a count is a number: `tx.items >= 3`",
            Some("earn \"B\" on purchase when tx.items >= 3 { award 10 points }"),
        ),
        (
            "earn \"B\" on purchase when \"Base\" applied { award 10 points }",
            "a condition reads the event and the member, not other rules: repeat the condition of \
             \"Base\", or give a share of what it earned: `award 10% of earned by \"Base\"`",
            None,
        ),
        (
            "earn \"B\" on purchase { award 10 points  limit 1 per store per day }",
            "a limit counts a member's events: `limit 1 per member per day` (there is no limit \
             per store)",
            Some("earn \"B\" on purchase { award 10 points  limit 1 per member per day }"),
        ),
    ];
    for (written, help, fixed) in cases {
        let e = errors(&format!("{base}{written}"));
        assert_eq!(e.errors.len(), 1, "{written}: {e}");
        assert_eq!(e.errors[0].help.as_deref(), Some(help), "{written}");
        if let Some(fixed) = fixed {
            compiles(&format!("{HEADER}{base}{fixed}"));
        }
    }
}

/// Goods left out as terms say it (`except gift cards`) after a rule's or
/// a count's event: the lines of the purchase, one by one, with a
/// condition on their category; which compiles.
#[test]
fn except_after_a_rule_or_a_count_leaves_lines_out() {
    let cases = [
        (
            "earn \"A\" on purchase except gift cards { award 1 point per USD of tx.amount }",
            "leave lines out with a condition on each: `earn \"A\" on purchase for each line where \
             line.category != \"gift cards\" { award 1 point per USD of line.amount }`",
            "earn \"A\" on purchase for each line where line.category != \"gift cards\" { award 1 point per USD of line.amount }",
        ),
        (
            "earn \"A\" on purchase for each line excluding category \"gift card\" { award 1 point per USD of line.amount }",
            "leave lines out with a condition on each: `earn \"A\" on purchase for each line where \
             line.category != \"gift card\" { award 1 point per USD of line.amount }`",
            "earn \"A\" on purchase for each line where line.category != \"gift card\" { award 1 point per USD of line.amount }",
        ),
        (
            "counter spend\ncount tx.amount to spend on purchase except gift cards",
            "leave lines out with a condition on each: `count line.amount to spend on purchase for \
             each line when line.category != \"gift cards\"`",
            "counter spend\ncount line.amount to spend on purchase for each line when line.category != \"gift cards\"",
        ),
    ];
    for (written, help, fixed) in cases {
        let e = errors(written);
        assert_eq!(e.errors.len(), 1, "{written}: {e}");
        assert_eq!(e.errors[0].help.as_deref(), Some(help), "{written}");
        compiles(&format!("{HEADER}{fixed}"));
    }
}

/// The first statement of a file is told what may start a program, as any
/// later statement is (it was "expected something else", without help).
#[test]
fn the_first_statement_is_told_what_may_start_a_program() {
    let expected = "expected the end of the program, `program`, `tiers`, `tier`, `attribute`, `earn`, `cap`, `campaign`, `counter`, `count`, `segment`, `ledger`, `burn`, `reward` or `returns`";
    for (text, found, help) in [
        ("foo\n", "`foo`", None),
        (
            "earnn \"A\" on purchase { award 1 point }\n",
            "`earnn`",
            Some("did you mean `earn`?"),
        ),
        (
            "programme \"P\" { currency USD }\n",
            "`programme`",
            Some("did you mean `program`?"),
        ),
        (
            "segments { plus }\n",
            "`segments`",
            Some("a member's segment comes from the host with no declaration (`\"segment\": \"plus\"` in the member's JSON, read as `member.segment == \"plus\"`); a program that decides segments itself declares each with its condition: `segment plus when CONDITION`"),
        ),
    ] {
        let e = Program::compile(text).unwrap_err();
        assert_eq!(e.errors.len(), 1, "{text}: {e}");
        assert_eq!(e.errors[0].message, format!("{expected}, found {found}"), "{text}");
        assert_eq!(e.errors[0].help.as_deref(), help, "{text}");
    }
}

/// A header as a first program writes it: the zone's abbreviation
/// unquoted (was told to quote it, then that `"PST"` is unknown), the
/// name unquoted, the settings without braces.
#[test]
fn a_header_s_name_zone_and_braces_get_the_language_s() {
    let help = |program: &str| {
        first_help(&format!(
            "{program}\nearn \"B\" on purchase {{ award 1 point }}\n"
        ))
    };
    assert_eq!(
        help("program \"C\" {\n  currency USD\n  timezone PST\n}").as_deref(),
        Some("write the zone in quotes: `timezone \"America/Los_Angeles\"`")
    );
    assert_eq!(
        help("program Coffee Club {\n  currency USD\n}").as_deref(),
        Some("a program's name is in quotes: `program \"Coffee Club\" {`")
    );
    assert_eq!(
        help("program \"C\"\ncurrency USD").as_deref(),
        Some("the header's settings are in braces: `program \"C\" { currency USD }`")
    );
    for fixed in [
        "program \"C\" {\n  currency USD\n  timezone \"America/Los_Angeles\"\n}",
        "program \"Coffee Club\" { currency USD }",
        "program \"C\" { currency USD }",
    ] {
        compiles(&format!(
            "{fixed}\nearn \"B\" on purchase {{ award 1 point }}\n"
        ));
    }
}
