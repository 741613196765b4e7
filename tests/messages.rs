#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The printed message for typical author mistakes, as snapshots
//! (`tests/snapshots/`). A changed message fails the test until it is
//! reviewed: `cargo insta review`, or `INSTA_UPDATE=always cargo test` and a
//! look at the diff. A message found poor gets a case here with its
//! improvement.

mod common;

use common::fixtures::messages;

const HEADER: &str = "program \"Shop\" { currency USD }\n";

/// A program with the usual header, one base rule, and `body`.
fn with_base(body: &str) -> String {
    format!(
        "{HEADER}tiers {{ member silver gold }}\n\
         earn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n{body}\n"
    )
}

macro_rules! mistakes {
    ($($name:ident: $src:expr;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(messages(&$src));
            }
        )*
    };
}

mistakes! {
    missing_closing_brace: format!("{HEADER}earn \"Base\" on purchase {{ award 1 point per USD of tx.amount\n");
    unterminated_string: format!("{HEADER}earn \"Base on purchase {{ award 1 point }}\n");
    single_equals_sign: format!("{HEADER}earn \"App\" on purchase when tx.channel = \"app\" {{ award 5 points }}");
    currency_in_an_award_of_points: format!("{HEADER}earn \"Flat\" on purchase {{ award 5 USD }}");
    currency_as_the_unit_everywhere: "program \"Cash\" {\n  currency USD\n}\nearn \"Back\" on purchase { award 5 USD }\nearn \"Review\" on review { award 1 USD }\nearn \"Card\" on event \"card\" { award 2 USD per USD of event.spend }\n";
    budget_of_a_campaign_without_rules: with_base("campaign \"Weekend feast\" every weekend {\n  multiply \"Base\" by 3\n  budget 100000 points\n}");
    two_caps_on_the_same_points: with_base("cap 500 points per member per month\ncap 10000 points per transaction\ncap 400 points per member per month");
    built_in_field_declared: format!("{HEADER}attribute member.birthday date\nearn \"Birthday\" on purchase when month(tx.date) == month(member.birthday) {{ award 100 points }}");
    counter_as_the_unit_of_an_award: "program \"Inn\" {\n  currency USD\n}\ncounter nights\ncount tx.items to nights on purchase\nearn \"Stay\" on purchase { award 5 nights }\n";
    unit_that_is_no_balance: "program \"Air\" {\n  currency USD\n  balance miles redeemable\n}\nearn \"Fare\" on purchase { award 5 milez per USD of tx.amount }\n";
    unit_and_to_name_two_balances: "program \"Coffee\" {\n  currency USD\n  balance stars\n}\nearn \"Stars\" on purchase {\n  award 1 star per USD of tx.amount to points // one a dollar\n}\n";
    rate_per_a_unit_that_is_not_a_currency: format!("{HEADER}earn \"Fuel\" on purchase for each line {{ award 1 point per litre of line.quantity }}");
    burn_rate_in_another_balance: "program \"Rx\" {\n  currency USD\n  balance cash precision 2\n  balance stars\n}\nburn \"Use cash\" from cash {\n  rate 1 star = 1 USD\n}\n";
    reward_cost_in_a_qualifying_balance: "program \"Inn\" {\n  currency USD\n  balance nights qualifying\n}\nreward \"Suite\" costs 10 nights\n";
    cap_in_one_of_two_balances: "program \"Market\" {\n  currency USD\n  balance bucks precision 2\n}\nearn \"Bucks\" on purchase {\n  award 1% of tx.amount to bucks\n  award 1 point per USD of tx.amount\n  cap 500 bucks per member per quarter\n}\n";
    currency_as_the_unit_of_a_cap: format!("{HEADER}earn \"Base\" on purchase {{ award 1 point per USD of tx.amount  cap 50 USD per transaction }}");
    currency_in_small_letters_in_a_rate: format!("{HEADER}earn \"Base\" on purchase {{ award 1 point per usd of tx.amount }}");
    cap_per_week_without_member: format!("{HEADER}earn \"Fuel\" on purchase {{ award 1 point per USD of tx.amount  cap 300 points per week }}");
    limit_per_day_without_member: format!("{HEADER}earn \"Coffee\" on purchase {{ award 25 points  limit 1 per day }}");
    rule_without_an_award: with_base("earn \"Big\" on purchase when tx.amount >= 100 USD { round floor }");
    capitalised_unit_of_an_award: "program \"Air\" {\n  currency USD\n  balance Miles\n}\nearn \"Fare\" on purchase { award 5 Miles per USD of tx.amount }\n";
    capitalised_unit_of_a_burn_rate: "program \"Air\" {\n  currency USD\n  balance Miles\n}\nburn \"Upgrade\" from Miles { rate 100 Miles = 1 USD }\n";
    tier_level_kept_until: "program \"Beauty\" { currency USD }\ncounter spend\ncount tx.amount to spend on purchase\ntiers {\n  insider\n  vib when 350 USD spend\n  keep until end of next year\n}\n";
    tier_qualification_per_year: "program \"Beauty\" { currency USD }\ncounter spend\ncount tx.amount to spend on purchase\ntiers {\n  insider\n  vib when 350 USD spend\n  qualify per calendar year\n}\n";
    field_without_what_it_belongs_to: with_base("earn \"Gold\" on purchase when tier >= gold and amount >= 50 USD { award 100 points }");
    currency_in_words_in_a_rate: format!("{HEADER}earn \"Base\" on purchase {{ award 1 point per dollar of tx.amount }}");
    return_window_of_purchase: with_base("returns { within 30 days of purchase }");
    own_kind_named_custom: with_base("earn \"Install\" on custom \"app_install\" { award 150 points }");
    field_in_everyday_words: with_base("earn \"Big basket\" on purchase for each line when line.price >= 20 USD and member.level == gold { award 10 points }");
    time_zone_abbreviation: "program \"Coffee\" {\n  currency USD\n  timezone \"PST\"\n}\n";
    time_zone_of_a_fixed_offset: "program \"Coffee\" {\n  currency USD\n  timezone \"EST\"\n}\nearn \"Base\" on purchase { award 1 point per USD of tx.amount }\n";
    count_into_a_counter: "program \"Beauty\" { currency USD }\ncounter spend\ncount tx.amount into spend on purchase\n";
    count_without_its_events: "program \"Beauty\" { currency USD }\ncounter spend\ncount tx.amount to spend\ntiers {\n  insider\n  vib when 350 USD spend\n}\n";
    rate_of_what_is_spent: format!("{HEADER}earn \"Base\" on purchase {{ award 1 point per 1 USD spent }}");
    award_written_earn: format!("{HEADER}earn \"Base\" on purchase {{\n  earn 1 point per USD of tx.amount\n}}");
    rule_not_closed_before_the_next: format!("{HEADER}earn \"Base\" on purchase {{\n  award 1 point per USD of tx.amount\nearn \"Review\" on review {{ award 50 points }}\n");
    two_words_as_the_unit: "program \"Air\" {\n  currency USD\n  balance miles\n}\nearn \"Welcome\" on sign_up {\n  award 500 bonus miles\n}\n";
    tier_requirement_in_parentheses: "program \"Air\" { currency USD }\ncounter pqp\ncounter flights\ncount tx.amount to pqp on purchase\ncount 1 to flights on purchase\ntiers {\n  member\n  silver when (5000 USD pqp and 15 flights) or 6000 USD pqp\n}\n";
    award_money_to_a_balance: "program \"Beauty\" { currency USD  balance spend qualifying precision 2 }\nearn \"Spend\" on purchase {\n  award 1 USD per USD of tx.amount to spend\n}\n";
    ledger_without_earning_alone: "program \"Beauty\" { currency USD }\nledger points {\n  expire after 18 months without earning\n}\n";
    ledger_without_purchase: "program \"Beauty\" { currency USD }\nledger points {\n  expire after 18 months without purchase\n}\n";
    tier_requirement_path_in_parentheses: "program \"Air\" { currency USD }\ncounter pqp\ncounter flights\ncount tx.amount to pqp on purchase\ncount 1 to flights on purchase\ntiers {\n  member\n  silver when 6000 USD pqp or (5000 USD pqp and 15 flights)\n}\n";
    every_day: format!("{HEADER}earn \"Base\" on purchase {{ award 1 point }}\ncampaign \"Daily\" every day between 17:00 and 19:00 {{ multiply \"Base\" by 2 }}");
    unknown_tier_compared_with_member_tier: format!("{HEADER}tiers {{ member silver gold }}\nearn \"Diamond\" on purchase when member.tier == diamond {{ award 5 points }}");
    missing_currency: "program \"Shop\" { timezone \"UTC\" }\nearn \"Base\" on review { award 1 point }";
    missing_header: "earn \"Base\" on review { award 1 point }";
    misspelled_transaction_field: with_base("earn \"Big\" on purchase when tx.amont >= 100 USD { award 10 points }");
    tender_of_its_own_close_to_a_built_in_one: with_base("earn \"Store card\" on purchase { award 1 point per USD of tx.paid.glow_card }");
    rule_on_a_return: with_base("earn \"Refund bonus\" on return { award 10 points }");
    rule_on_a_cancellation: with_base("earn \"Sorry\" on cancellation { award 10 points }");
    misspelled_member_field: with_base("earn \"Gold\" on purchase when member.teir == gold { award 10 points }");
    campaign_rule_name_off_by_one_letter: with_base("campaign \"Double\" from 2026-11-20 to 2026-11-30 { multiply \"Bsae\" by 2 }");
    tier_name_misspelled_in_condition: with_base("earn \"Gold\" on purchase when member.tier == glod { award 10 points }");
    tier_block_for_unknown_tier: with_base("tier platinum { multiply \"Base\" by 2 }");
    percentage_over_a_hundred: with_base("earn \"Cashback\" on purchase { award 150% of tx.amount }");
    and_inside_or_without_parentheses: with_base("earn \"App\" on purchase when tx.channel == \"app\" or tx.channel == \"web\" and tx.amount >= 5 USD { award 25 points }");
    currency_symbol_in_a_rate: format!("{HEADER}earn \"Base\" on purchase {{ award 10 points per $1 of tx.amount }}");
    between_in_a_condition: with_base("earn \"Spring\" on purchase when tx.date between 2026-03-01 and 2026-05-31 { award 100 points }");
    multiplier_as_an_award: format!("{HEADER}earn \"Double\" on purchase {{ award 2x points }}");
    factor_as_a_percentage: with_base("campaign \"Saturdays\" every saturday { multiply \"Base\" by 200% }");
    factor_as_a_bonus_percentage: with_base("tier gold { multiply all by 10% }");
    tier_bonus_in_words: with_base("tier gold { bonus 25% }");
    percentage_of_nothing: format!("{HEADER}earn \"Cash back\" on purchase {{ award 2% }}");
    reward_with_a_money_value: with_base("reward \"Ride cash\" costs 500 points = 5 USD");
    cap_in_a_campaign_with_its_scope: with_base("campaign \"Q4\" from 2026-10-01 to 2026-12-31 {\n  cap 6000 points per member per quarter\n  earn \"Q4 bonus\" on purchase { award 4 points per USD of tx.amount }\n}");
    weekday_abbreviated: with_base("campaign \"Fuel Friday\" every fri { multiply \"Base\" by 2 }");
    campaign_on_one_day: with_base("campaign \"Black Friday\" on 2026-11-27 { multiply \"Base\" by 3 }");
    days_added_to_a_date: with_base("earn \"Welcome\" on purchase when tx.date <= member.join_date + 30 days { award 500 points }");
    tender_after_the_header: "program \"Beans\" {\n  currency USD\n  timezone \"America/Los_Angeles\"\n}\n\ntender beans_card\nearn \"Card\" on purchase { award 2 points per USD of tx.paid.beans_card }\n";
    hour_on_a_twelve_hour_clock: with_base("earn \"Late\" on purchase when hour(tx.time) >= 9pm { award 10 points }");
    limit_in_words_after_an_award: with_base("earn \"Review\" on review { award 20 points up to 3 times per month }");
    campaign_daily_with_hours: with_base("campaign \"Happy hour\" daily from 2pm to 5pm { multiply \"Base\" by 2 }");
    money_in_words: with_base("earn \"Big\" on purchase when tx.amount >= 50 dollars { award 100 points }");
    expiry_at_the_end_of_the_year: with_base("ledger points { expire at the end of the year }");
    else_after_a_rule: with_base("earn \"Big\" on purchase when tx.amount >= 100 USD { award 50 points } else { award 5 points }");
    if_inside_a_rule: with_base("earn \"Big\" on purchase {\n  if tx.amount >= 100 USD { award 50 points }\n}");
    date_in_another_order: with_base("earn \"Launch\" on purchase when tx.date >= 11/20/2026 { award 50 points }");
    except_after_a_rule_s_event: with_base("earn \"Points\" on purchase except gift cards { award 2 points per USD of tx.amount }");
    weekday_in_quotes: with_base("earn \"Weekend\" on purchase when weekday(tx.date) == \"saturday\" { award 50 points }");
    category_of_the_transaction: with_base("earn \"Dining\" on purchase when tx.category == \"dining\" { award 50 points }");
    birth_date_compared_with_the_date: with_base("earn \"Birthday\" on purchase when member.birthday == tx.date { award 500 points }");
    time_on_the_twelve_hour_clock: with_base("campaign \"Happy hour\" every day between 5pm and 7pm { multiply \"Base\" by 2 }");
    expiry_in_the_header: "program \"Shop\" {\n  currency USD\n  points expire 12 months after earning\n}\n";
    tier_requirement_per_year: "program \"Hotel\" { currency USD }\ncounter nights\ncount tx.items to nights on purchase\ntiers {\n  member\n  silver when 10 nights per year\n}\n";
    percent_in_words: with_base("earn \"Cash back\" on purchase { award 10 percent of tx.amount }");
    tier_list_in_quotes: with_base("earn \"Elite\" on purchase when member.tier in [\"gold\", silver] { award 5 points }");
    campaign_in_a_month: with_base("campaign \"Holiday points\" in december { multiply \"Base\" by 2 }");
    campaign_on_weekends: with_base("campaign \"Weekend\" on weekends { multiply \"Base\" by 2 }");
    refund_without_a_rate: with_base("burn \"Pay with points\" from points { rate 200 points = 1 USD }\nreturns { within 30 days  refund points }");
    birthday_as_an_event: with_base("earn \"Birthday\" on birthday { award 500 points }");
    discount_taken_off_twice: with_base("earn \"Net\" on purchase { award 1 point per USD of tx.amount - tx.discount - tx.tax }");
    payment_kind_as_a_field: with_base("earn \"Card bonus\" on purchase when tx.payment == \"store_card\" { award 5 points }");
    program_cap_on_a_rule: with_base("cap 5000 points per member per month on \"Base\"");
    comparison_in_words: with_base("earn \"Big basket\" on purchase when tx.amount over 100 USD and tx.items at least 3 { award 50 points }");
    comparison_in_words_below: with_base("earn \"Small\" on purchase when tx.amount less than 10 USD { award 5 points }");
    except_without_quotes: with_base("campaign \"Weekend\" every weekend { multiply all by 2 except gift cards }");
    except_without_quotes_in_place: with_base("campaign \"Weekend\" every weekend { multiply all except gift cards by 2 }");
    tier_requirement_points_earned: "program \"Shop\" { currency USD }\nearn \"Base\" on purchase { award 1 point per USD of tx.amount }\ntiers { bronze silver when 500 points earned gold when 1000 points earned this year }\n";
    comparison_without_its_left_side: with_base("earn \"Mid\" on purchase when tx.amount >= 50 USD and < 100 USD { award 20 points }");
    value_joined_by_or: with_base("earn \"Digital\" on purchase when tx.channel == \"app\" or \"web\" { award 20 points }");
    date_window_reversed: with_base("campaign \"Holidays\" from 2026-12-31 to 2026-12-01 { multiply \"Base\" by 2 }");
    missing_opening_brace: format!("{HEADER}earn \"Base\" on purchase award 1 point per USD of tx.amount }}\n");
    amount_without_currency: with_base("earn \"Big\" on purchase when tx.amount >= 100 { award 10 points }");
    amount_in_another_currency: with_base("earn \"Big\" on purchase when tx.amount >= 100 EUR { award 10 points }");
    date_that_does_not_exist: with_base("campaign \"Leap\" from 2026-02-29 to 2026-03-01 { multiply \"Base\" by 2 }");
    hour_that_does_not_exist: with_base("campaign \"Late\" every saturday between 25:00 and 26:00 { multiply \"Base\" by 2 }");
    duplicate_rule_name: with_base("earn \"Base\" on review { award 5 points }");
    misspelled_event_kind: with_base("earn \"Review\" on reveiw { award 5 points }");
    line_field_outside_for_each_line: with_base("earn \"Coffee\" on purchase when line.sku == \"COF\" { award 5 points }");
    percent_of_earned_for_each_line: with_base("earn \"Bonus\" on purchase for each line { award 10% of earned }");
    text_compared_with_a_number: with_base("earn \"App\" on purchase when tx.channel == 5 { award 5 points }");
    unknown_balance: with_base("earn \"Tier\" on purchase { award 1 point per USD of tx.amount to tier_pts }");
    misspelled_function: with_base("earn \"Birthday\" on purchase when mnth(tx.date) == month(member.birthday) { award 200 points }");
    misspelled_weekday: with_base("earn \"Weekend\" on purchase when weekday(tx.date) in [saturdy, sunday] { award 50 points }");
    tier_multiplier_for_missing_rule: with_base("tier gold { multiply \"Bonus\" by 1.5 }");
    step_of_zero: with_base("earn \"Steps\" on purchase { award 1 point per every 0 USD of tx.amount }");
    award_of_zero_points_with_a_badge: with_base("earn \"Visit\" on purchase { award 0 points  badge \"Regular\" }");
    burn_from_a_qualifying_balance: "program \"Air\" {\n  currency USD\n  balance tier_miles qualifying\n}\nearn \"Fly\" on purchase { award 1 point per USD of tx.amount to tier_miles }\nburn \"Upgrade\" from tier_miles { rate 100 points = 1 USD }\nreward \"Lounge\" costs 500 points from tier_miles\n";
    tier_bonus_on_points_and_nights: "program \"Stay\" {\n  currency USD\n  balance nights qualifying\n}\ntiers { member gold }\nearn \"Room\" on purchase {\n  award 10 points per USD of tx.amount\n  award 1 point to nights\n}\ntier gold { multiply \"Room\" by 1.5 }\n";
    multiplier_in_a_balance_not_awarded: "program \"Stay\" {\n  currency USD\n  balance nights qualifying\n}\ntiers { member gold }\nearn \"Room\" on purchase { award 1 point to nights }\nearn \"Fee\" on purchase { award 5 points }\ntier gold { multiply \"Fee\" in nights by 2 }\n";
    exclusive_group_of_one_campaign: "program \"ChargeUp\" { currency EUR }\nearn \"Charging\" on purchase for each line { award 10 points per line.quantity }\ncampaign \"Off-peak\" between 22:00 and 06:00 { multiply \"Charging\" by 2 }\ncampaign \"Weekend\" every weekend {\n  multiply \"Charging\" by 2\n  exclusive \"bonus\"\n}\n";
    balance_that_nothing_earns: "program \"Stay\" {\n  currency USD\n  balance base_points qualifying\n}\nearn \"Base\" on purchase { award 10 points per USD of tx.amount }\n";
    attribute_of_an_unknown_owner: "program \"Fuel\" { currency EUR }\nattribute product.organic bool\nearn \"Organic\" on purchase for each line { award 1 point per EUR of line.amount }\n";
    negative_points: with_base("earn \"Penalty\" on purchase { award -5 points }");
    rule_without_a_name: with_base("earn on purchase { award 5 points }");
    misspelled_time_zone: "program \"Shop\" { currency USD timezone \"Europe/Pariss\" }\nearn \"Base\" on review { award 1 point }";
    misspelled_rounding_mode: "program \"Shop\" { currency USD rounding flor }\nearn \"Base\" on review { award 1 point }";
    undeclared_attribute: with_base("earn \"VIP\" on purchase when member.vip { award 5 points }");
    attribute_of_the_wrong_type: format!("{HEADER}attribute member.employee bool\nearn \"Staff\" on purchase when member.employee >= 5 {{ award 5 points }}");
    cap_without_per: with_base("earn \"Capped\" on purchase { award 2 points per USD of tx.amount  cap 50 points }");
    condition_ending_in_and: with_base("earn \"Half\" on purchase when tx.amount > 5 USD and { award 5 points }");
    event_field_in_a_purchase_rule: with_base("earn \"Stars\" on purchase when event.stars >= 4 { award 5 points }");
    same_balance_declared_twice: "program \"Shop\" { currency USD balance miles balance miles }\nearn \"Base\" on review { award 1 point }";
    stacking_policy_misspelled: with_base("campaign \"Double\" { multiply \"Base\" by 2  stacking multipy }");
    range_that_never_holds: with_base("earn \"Odd\" on purchase when tx.amount > 100 USD and tx.amount < 50 USD { award 5 points }");
    schedule_outside_its_window: with_base("campaign \"Payday\" from 2026-02-01 to 2026-02-28 every month on day 30, 31 { multiply \"Base\" by 2 }");
    negative_award: with_base("earn \"Refund\" on purchase { award -35 points }");
    function_as_an_award: with_base("earn \"Capped\" on purchase { award min(tx.amount, 500 USD) }");
    priority_too_large: with_base("earn \"Early\" on purchase { award 1 point  priority 99999999999999999999 }");
    undeclarable_attribute_suggested: with_base("earn \"Wallet\" on purchase when tx.paid.wallet > 5 USD { award 1 point }");
    range_that_never_holds_reversed: with_base("earn \"Odd\" on purchase when 10 USD >= tx.amount and tx.amount > 10 USD { award 5 points }");
    // Found writing a streaming service's program: this event is counted
    // before the rules run, so a gap must be read with `days_since`.
    counter_read_as_if_the_event_were_not_counted: with_base("counter visits\ncount 1 to visits on purchase\nearn \"Quiet month\" on purchase when visits this month == 0 { award 50 points }");
    segment_that_never_holds_on_the_rules_event: with_base("counter payments\ncount 1 to payments on purchase\nsegment lapsed when payments last 90 days == 0 and payments lifetime > 0\nearn \"Welcome back\" on purchase when member.segment == \"lapsed\" { award 1000 points }");
    // Found writing a monthly spend bonus: a counter's period as terms say it.
    counter_period_in_words: format!("{HEADER}counter spend\ncount tx.amount to spend on purchase\nearn \"Big month\" on purchase when spend in the last 30 days >= 500 USD {{ award 250 points }}");
    previous_calendar_month: format!("{HEADER}counter spend\ncount tx.amount to spend on purchase\nearn \"Loyal\" on purchase when spend last month >= 500 USD {{ award 250 points }}");
    // The design brief's own burn rule: no balance named, `min`, `max`.
    burn_rule_without_its_balance: with_base("burn \"Pay with points\" { rate 100 points = 1 USD  min 500 points  step 100 points  max 50% of tx.amount }");
    burn_rule_with_min: with_base("burn \"Pay with points\" from points { rate 100 points = 1 USD  min 500 points }");
    // Found writing a beauty retailer's and a marketplace's programs.
    multiplier_on_some_lines: with_base("campaign \"Spring Skincare\" from 2026-04-01 to 2026-04-14 {\n  multiply \"Base\" by 2 on lines where line.category == \"skincare\"\n}");
    limit_once_a_year: with_base("earn \"Birthday\" on purchase { award 250 points  limit once a year }");
    attribute_type_after_a_colon: format!("{HEADER}attribute event.rating: number\nearn \"Review\" on review when event.rating >= 4 {{ award 10 points }}");
    attribute_default_of_another_type: format!("{HEADER}attribute tx.partner_shop bool default \"no\"\nearn \"Partner\" on purchase when tx.partner_shop {{ award 10 points }}");
    // Syntax errors in several statements, listed together; a block left
    // open, said at the statement read inside it.
    syntax_errors_in_several_statements: format!("{HEADER}earn \"Base\" on purchase {{ awrd 1 point per USD of tx.amount }}\nearn \"App\" on purchase when tx.channel = \"app\" {{ award 5 points }}\ncampaign \"Double\" every weekend {{ multiply \"Base\" times 2 }}\n");
    block_left_open: format!("{HEADER}tiers {{ member silver gold\nearn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n");
}
