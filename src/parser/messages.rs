//! pest errors rewritten in the author's words: "expected an amount such as
//! `10 USD`", never a grammar rule's name.

use pest::error::{ErrorVariant, InputLocation};

use super::mistakes::{self, plain_mistake};
use super::Rule;
use crate::error::Diagnostic;
use crate::limits::Limit;
use crate::span::Span;

/// The syntax error, in the author's words, and the same mistake where it
/// is made again (a currency written as the unit of points).
pub(super) fn from_pest_all(src: &str, err: &pest::error::Error<Rule>) -> Vec<Diagnostic> {
    let first = from_pest(src, 0, err);
    let more = mistakes::same_unit_elsewhere(src, error_position(err), &first);
    std::iter::once(first).chain(more).collect()
}

/// Where a pest error is, in the text it parsed.
pub(super) fn error_position(err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// The syntax error `err` of the part of `src` from `offset` on, in the
/// author's words (read in the whole text).
pub(super) fn from_pest(src: &str, offset: usize, err: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = offset.saturating_add(error_position(err));
    let found = found_token(src, pos);
    if matches!(err.variant, ErrorVariant::ParsingError { .. }) {
        if let Some(d) = plain_mistake(src, pos) {
            return d;
        }
    }
    // What the grammar expected here, described (`earn`, `within N days`).
    let mut wanted: Vec<&'static str> = Vec::new();
    let message = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let has_operator = positives.iter().any(|r| is_operator(*r));
            if has_operator {
                wanted.push("an operator such as `and`, `or`, `==` or `+`");
            }
            // After `qualify`, only a qualification period can follow (its
            // words are shared with counter reads, which would list theirs).
            let qualify = positives.contains(&Rule::kw_calendar);
            // At the first statement pest names the whole file: what may
            // start a program is what may follow any statement.
            let positives: &[Rule] = if positives.as_slice() == [Rule::program_file] {
                &STATEMENTS
            } else {
                positives
            };
            let rules = positives
                .iter()
                .filter(|r| !is_operator(**r))
                .filter(|r| !qualify || **r == Rule::kw_calendar);
            for rule in rules {
                let d = describe(*rule);
                if !wanted.contains(&d) {
                    wanted.push(d);
                }
            }
            if wanted.is_empty() {
                format!("unexpected {found}")
            } else {
                format!("expected {}, found {found}", join_or(&wanted))
            }
        }
        // pest stops before the thread's stack runs out.
        ErrorVariant::CustomError { message } if message == "stack limit reached" => {
            return Diagnostic::limit(
                src,
                Span::new(pos, pos + found_len(src, pos)),
                Limit::ExprDepth,
                "the program is nested too deeply for the stack of the thread compiling it; \
                 compile it on a thread with a larger stack, or lower the limit"
                    .to_string(),
            );
        }
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let end = pos + found_len(src, pos);
    let help = mistakes::help(src, pos, &found, &message, &wanted);
    Diagnostic::error(src, Span::new(pos, end), message).with_help(help)
}

/// What may start a statement, or end the program, as pest lists them
/// after a statement.
const STATEMENTS: [Rule; 15] = [
    Rule::EOI,
    Rule::header,
    Rule::tiers_decl,
    Rule::tier_block,
    Rule::attribute_decl,
    Rule::earn_rule,
    Rule::program_cap,
    Rule::campaign,
    Rule::counter_decl,
    Rule::count_rule,
    Rule::segment_decl,
    Rule::ledger_decl,
    Rule::burn_rule,
    Rule::reward_decl,
    Rule::returns_decl,
];

fn found_token(src: &str, pos: usize) -> String {
    let rest = src.get(pos..).unwrap_or("");
    if rest.is_empty() {
        return "the end of the program".to_string();
    }
    let len = found_len(src, pos);
    format!("`{}`", rest.get(..len).unwrap_or(rest))
}

fn found_len(src: &str, pos: usize) -> usize {
    let rest = src.get(pos..).unwrap_or("");
    let mut chars = rest.char_indices();
    match chars.next() {
        None => 0,
        Some((_, c)) if c.is_alphanumeric() || c == '_' || c == '.' => rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '.'))
            .map_or(rest.len(), |(i, _)| i),
        Some((_, c)) => c.len_utf8(),
    }
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn is_operator(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::op_or
            | Rule::op_and
            | Rule::op_in
            | Rule::op_not_in
            | Rule::op_eq
            | Rule::op_ne
            | Rule::op_ge
            | Rule::op_le
            | Rule::op_gt
            | Rule::op_lt
            | Rule::op_add
            | Rule::op_sub
            | Rule::op_mul
            | Rule::op_div
    )
}

fn describe(rule: Rule) -> &'static str {
    use Rule::*;
    match rule {
        EOI => "the end of the program",
        ident | name => "a name",
        path => "a field such as `tx.amount`",
        number => "a number",
        integer => "a whole number",
        currency => "a currency code such as `USD`",
        money_lit | money_unit => "an amount such as `10 USD`",
        percent_lit => "a percentage such as `10%`",
        date_lit => "a date such as `2026-11-20`",
        time_lit => "a time such as `17:00`",
        bool_lit => "`true` or `false`",
        string | string_body => "a quoted name such as \"Base\"",
        lbrace => "`{`",
        rbrace => "`}`",
        lparen | paren => "`(`",
        rparen => "`)`",
        lbracket | list => "`[`",
        rbracket => "`]`",
        comma => "`,`",
        expr | operand | call | op_not | op_neg => "a value or a condition",
        header | kw_program => "`program`",
        tiers_decl | kw_tiers => "`tiers`",
        attribute_decl | kw_attribute => "`attribute`",
        earn_rule | kw_earn => "`earn`",
        tier_block | kw_tier => "`tier`",
        campaign | kw_campaign => "`campaign`",
        program_cap | rule_cap | kw_cap => "`cap`",
        currency_decl | kw_currency => "`currency`",
        timezone_decl | kw_timezone => "`timezone`",
        rounding_decl | kw_rounding => "`rounding`",
        precision_decl | kw_precision => "`precision`",
        balance_decl | kw_balance => "`balance`",
        balance_kind | kw_redeemable | kw_qualifying => "`redeemable` or `qualifying`",
        rounding_mode => "a rounding mode (`floor`, `ceil`, `half_even`, `half_up` or `half_down`)",
        granularity => "`per line`, `per rule` or `per transaction`",
        type_name => "a type (`bool`, `number`, `text`, `money`, `date` or `list`)",
        event_kind | custom_kind => {
            "an event kind such as `purchase`, `review` or `event \"app_install\"`"
        }
        for_each_line | kw_for => "`for each line`",
        condition | kw_when => "`when`",
        award | kw_award => "`award`",
        step_rate | quantity_step | money_rate | quantity_rate | percent_of_earned | percent_of
        | flat => "an amount such as `1 point per USD of tx.amount` or `50 points`",
        award_target | kw_to => "`to`",
        round_stmt | kw_round => "`round`",
        priority_stmt | kw_priority => "`priority`",
        group_stmt | kw_group => "`group`",
        stop_stmt | kw_stop => "`stop`",
        multiply_stmt | kw_multiply => "`multiply`",
        then_round | kw_then => "`then round`",
        override_stmt | kw_override => "`override`",
        targets | rule_targets => "rule names such as \"Base\", `all`, `category \"dining\"` or `tag \"featured\"`",
        category_targets | kw_category => "`category`",
        tag_targets | kw_tag => "`tag`",
        except_clause | kw_except => "`except`",
        window | kw_from => "`from`",
        recurrence | kw_every => "`every`",
        month_days | kw_month => "`month`",
        weekend | kw_weekend => "`weekend`",
        weekday_list => "a weekday such as `saturday`",
        hours | kw_between => "`between`",
        stacking_stmt | kw_stacking => "`stacking`",
        stacking => "`multiply`, `add` or `best`",
        exclusive_stmt | kw_exclusive => "`exclusive`",
        kw_on => "`on`",
        kw_each => "`each`",
        kw_line => "`line`",
        kw_rule => "`rule`",
        kw_transaction => "`transaction`",
        kw_point => "`points`",
        unit_name => "a balance's name",
        kw_per => "`per`",
        kw_of => "`of`",
        kw_earned => "`earned`",
        kw_in => "`in`",
        kw_by => "`by`",
        kw_all => "`all`",
        kw_day => "`day`",
        kw_and_sched => "`and`",
        kw_add => "`add`",
        kw_best => "`best`",
        kw_event => "`event`",
        counter_decl | kw_counter => "`counter`",
        count_rule | kw_count => "`count`",
        limit_stmt | kw_limit => "`limit`",
        badge_stmt | kw_badge => "`badge`",
        tender_decl | kw_tender => "`tender`",
        kw_times => "`times`",
        kw_twice => "`twice`",
        kw_default => "`default`",
        member_scope | kw_member => "`member`",
        period | calendar_period | rolling_period => {
            "a period such as `year`, `month`, `membership year` or `30 days`"
        }
        read_period | kw_this | kw_last | kw_today | kw_lifetime | kw_streak => {
            "a period such as `this year`, `last 30 days`, `lifetime` or `streak`"
        }
        counter_read => "a counter read such as `nights this year`",
        kw_week => "`week`",
        kw_year => "`year`",
        kw_membership => "`membership year`",
        kw_days => "`days`",
        kw_months => "`months`",
        multipliers_decl | kw_multipliers => "`multipliers`",
        kw_compound => "`compound` or `add`",
        tier_level => "a tier level such as `gold when 25 nights`",
        qualify_stmt | kw_qualify => "`qualify`",
        calendar_year | membership_year | cycle_year | rolling_months | kw_calendar => {
            "a qualification period (`calendar year`, `membership year`, `year from 04-01` or `last 12 months`)"
        }
        month_day => "a month and day such as `04-01`",
        keep_stmt | kw_keep => "`keep to end of period` or `keep to end of next period`",
        kw_end => "`end`",
        kw_next | kw_period => "`period` or `next period`",
        downgrade_stmt | kw_downgrade => "`downgrade`",
        kw_recompute | kw_one | kw_level => "`recompute`, `one level` or `to LEVEL`",
        grace_stmt | kw_grace => "`grace`",
        deduct_stmt | kw_deduct => "`deduct`",
        kw_at => "`at`",
        floor_stmt | kw_floor => "`floor`",
        requirement | req_path | criterion => {
            "a threshold such as `25 nights` or `20000 USD spend`"
        }
        req_any | kw_any => "`any N of (...)`",
        segment_decl | kw_segment => "`segment`",
        upgrade_stmt | kw_upgrade => "`upgrade at once` or `upgrade next period`",
        kw_once => "`once`",
        ledger_decl | kw_ledger => "`ledger`",
        expire_stmt | kw_expire => "`expire`",
        expire_after | expire_on | expire_inactive | kw_never => {
            "an expiry (`N months after earning`, `on 2027-12-31`, `at end of year`, `after N months without activity`, `after N months without earning or redeeming` or `never`)"
        }
        expire_round => "`at end of month`, `quarter` or `year`",
        kw_after | kw_earning => "`after earning`",
        kw_quarter => "`quarter`",
        kw_without | kw_activity => "`without activity` or `without earning or redeeming`",
        earn_or_redeem | kw_redeeming => "`earning or redeeming`",
        pending_stmt | kw_pending => "`pending N days`",
        spend_stmt | kw_spend => "`spend soonest expiring first` or `spend oldest first`",
        kw_soonest | kw_expiring | kw_oldest | kw_first => "`soonest expiring first` or `oldest first`",
        burn_rule | kw_burn => "`burn`",
        burn_rate | kw_rate => "`rate N points = M USD`",
        burn_table | table_entry | kw_table => "`table N points = M USD, ...`",
        burn_min | kw_minimum => "`minimum N points`",
        burn_step | kw_step => "`step N points`",
        burn_max | kw_maximum => {
            "`maximum N points`, `maximum M USD`, `maximum P% of order` or `maximum P% of lines when ...`"
        }
        kw_order => "`order`",
        kw_lines => "`lines when ...`",
        reward_decl | kw_reward => "`reward`",
        kw_costs => "`costs`",
        kw_automatically => "`automatically`",
        equals => "`=`",
        returns_decl | kw_returns => "`returns`",
        budget_stmt | kw_budget => "`budget N points`",
        discount_stmt | kw_discount => "`discount \"REWARD\" by P%`",
        returns_within | kw_within => "`within N days`",
        returns_shortfall | kw_shortfall => "`shortfall negative` or `shortfall forgive`",
        kw_negative | kw_forgive => "`negative` or `forgive`",
        returns_mode | kw_pro | kw_rata => "`pro rata` or `by line`",
        returns_refund | kw_refund => "`refund N points = M USD`",
        _ => "something else",
    }
}
