//! Mistakes an author makes often, said in their words instead of as a
//! list of what the grammar expected, and help for the ones a list is
//! right for.

mod again;
mod amounts;
mod benefits;
mod burns;
mod clock;
mod counters;
mod dates;
mod header;
mod ledgers;
mod limits;
mod logic;
mod money;
mod rates;
mod schedules;
mod statements;
mod tiers;
mod words;
mod yearly;

pub(super) use again::same_unit_elsewhere;
use amounts::{
    award_unit, cap_unit, capital_unit, currency_symbol, factor_form, rate_unit, two_units,
};
use schedules::{between_range, calendar_period, campaign_on};
use tiers::requirement_parens;
use words::without_earning;

use crate::error::Diagnostic;
use crate::span::Span;

/// Mistakes an author makes often, said in their words instead of as a list
/// of what the grammar expected: a string not closed on its line, a block
/// never closed, `=` for `==`, an award in money.
pub(super) fn plain_mistake(src: &str, pos: usize) -> Option<Diagnostic> {
    let rest = src.get(pos..).unwrap_or("");
    // A string that runs to the end of its line (strings cannot span lines).
    if let Some(open) = unclosed_string(src, pos) {
        let line_end = src.get(open..)?.find('\n').map_or(src.len(), |e| open + e);
        return Some(
            Diagnostic::error(
                src,
                Span::new(open, line_end),
                "this string is not closed on its line",
            )
            .with_help(Some("end it with `\"` before the end of the line".into())),
        );
    }
    if rest.trim().is_empty() {
        if let Some(open) = super::recovery::unclosed_brace(src) {
            return Some(
                Diagnostic::error(src, Span::new(open, open + 1), "this `{` is never closed")
                    .with_help(Some("close the block with `}`".into())),
            );
        }
    }
    if rest.starts_with('=') && !rest.starts_with("==") {
        if let Some(d) = burns::priced_reward(src, pos) {
            return Some(d);
        }
        // `counter visits = 0`, `count visits += 1`.
        if let Some((message, help)) = counters::assignment(src, pos) {
            return Some(
                Diagnostic::error(src, Span::new(pos, pos + 1), message).with_help(Some(help)),
            );
        }
        // `reward "Coffee" = 150 points`.
        if let Some(help) = burns::reward_words(src, pos) {
            return Some(
                Diagnostic::error(
                    src,
                    Span::new(pos, pos + 1),
                    "a reward's cost follows `costs`",
                )
                .with_help(Some(help)),
            );
        }
        // `currency = USD`: a setting of the header.
        if let Some(setting) = header::setting_before(src, pos) {
            let value = header::setting_value(rest.get(1..).unwrap_or(""));
            return Some(
                Diagnostic::error(
                    src,
                    Span::new(pos, pos + 1),
                    "a setting is written without `=`",
                )
                .with_help(Some(format!("a setting has no `=`: `{setting} {value}`"))),
            );
        }
        // `=<`, `=>`: the order of another hand.
        let (len, help) = match rest.get(1..2) {
            Some("<") => (2, "write `<=`"),
            Some(">") => (2, "write `>=`"),
            _ => (1, "compare with `==` (and `!=` for not equal)"),
        };
        let written = rest.get(..len).unwrap_or("=");
        return Some(
            Diagnostic::error(
                src,
                Span::new(pos, pos + len),
                format!("`{written}` is not a comparison"),
            )
            .with_help(Some(help.into())),
        );
    }
    award_unit(src, pos)
        .or_else(|| currency_symbol(src, pos))
        .or_else(|| between_range(src, pos))
        .or_else(|| factor_form(src, pos))
        .or_else(|| campaign_on(src, pos))
        .or_else(|| calendar_period(src, pos))
        .or_else(|| requirement_parens(src, pos))
        .or_else(|| rate_unit(src, pos))
        .or_else(|| cap_unit(src, pos))
        .or_else(|| two_units(src, pos))
        .or_else(|| capital_unit(src, pos))
        .or_else(|| without_earning(src, pos))
}

/// The currency the program's header declares (`currency USD`), if its
/// text has one.
fn declared_currency(src: &str) -> Option<&str> {
    src.split_whitespace()
        .skip_while(|w| *w != "currency")
        .nth(1)
        .filter(|c| c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()))
}

/// The names the program's text declares after one of `keywords`
/// (`counter visits`, `balance stars`), in order: read from the text, as
/// the program did not parse.
/// The currency sign `rest` starts with (`US$`, `$`, `€`) and the ISO
/// code it stands for.
fn currency_sign(rest: &str) -> Option<(&'static str, &'static str)> {
    const SIGNS: [(&str, &str); 9] = [
        ("US$", "USD"),
        ("CA$", "CAD"),
        ("C$", "CAD"),
        ("AU$", "AUD"),
        ("A$", "AUD"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "JPY"),
    ];
    SIGNS.into_iter().find(|(sign, _)| rest.starts_with(sign))
}

fn declared<'a>(src: &'a str, keywords: &[&str]) -> Vec<&'a str> {
    let words: Vec<&str> = src.split_whitespace().collect();
    words
        .windows(2)
        .filter_map(|w| match w {
            [keyword, name] if keywords.contains(keyword) => Some(*name),
            _ => None,
        })
        .collect()
}

/// The rest of a statement from `text` on: up to the end of its block or
/// line, without a comment.
fn statement_rest(text: &str) -> &str {
    let line = text.split(['}', '\n', '#']).next().unwrap_or("");
    line.split("//").next().unwrap_or("")
}

/// Whether `before` ends inside the block of the last `keyword` statement
/// (`burn "..." from points {`, `ledger points {`, `tiers {`): the keyword
/// as a word of its own and outside a string, its block opened and not
/// closed. A rule named "Slow burn" is not a burn rule.
fn in_block(before: &str, keyword: &str) -> bool {
    last_keyword(before, keyword)
        .and_then(|i| before.get(i..))
        .is_some_and(|since| since.contains('{') && !since.contains('}'))
}

/// Where the last `keyword` of `text` starts, as a word of its own outside
/// a string.
fn last_keyword(text: &str, keyword: &str) -> Option<usize> {
    text.rmatch_indices(keyword)
        .map(|(i, _)| i)
        .find(|&i| keyword_at(text, i, keyword))
}

/// Whether `keyword` at byte `i` of `text` is the word itself, outside a
/// string on its line.
fn keyword_at(text: &str, i: usize, keyword: &str) -> bool {
    let Some(head) = text.get(..i) else {
        return false;
    };
    let line = head
        .get(head.rfind('\n').map_or(0, |n| n + 1)..)
        .unwrap_or_default();
    let outside = line.matches('"').count() % 2 == 0;
    let starts =
        head.is_empty() || head.ends_with(|c: char| c.is_whitespace() || c == '{' || c == '}');
    let ends = text
        .get(i + keyword.len()..)
        .is_some_and(|after| after.starts_with(char::is_whitespace));
    outside && starts && ends
}

/// The rest of one statement from `text` on: statements on one line are
/// set apart by two spaces, as the formatter writes them.
fn one_statement(text: &str) -> &str {
    let rest = statement_rest(text);
    rest.split("  ").next().unwrap_or(rest).trim()
}

/// A limit's scope from the words after its count, as the language writes
/// it: `a year`, `each month`, `per year` are per member (`per member per
/// year`); nothing is a year.
fn member_scope(words: &[&str]) -> String {
    match words {
        [] => "per member per year".to_string(),
        ["per", "member", ..] => words.join(" "),
        ["per" | "a" | "an" | "each" | "every", period @ ..] => {
            format!("per member per {}", period.join(" "))
        }
        _ => words.join(" "),
    }
}

/// The calendar period a word names: `monthly` and `month` are `month`.
fn period_word(word: &str) -> Option<&'static str> {
    match word {
        "daily" | "day" => Some("day"),
        "weekly" | "week" => Some("week"),
        "monthly" | "month" => Some("month"),
        "quarterly" | "quarter" => Some("quarter"),
        "yearly" | "annually" | "year" => Some("year"),
        _ => None,
    }
}

/// The start of a string opened before `pos` on `pos`'s line (or at `pos`)
/// that is not closed on that line.
fn unclosed_string(src: &str, pos: usize) -> Option<usize> {
    let line_start = src.get(..pos)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = src.get(pos..)?.find('\n').map_or(src.len(), |e| pos + e);
    let line = src.get(line_start..line_end)?;
    let mut open = None;
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if open.is_some() => open = None,
            '"' => open = Some(line_start + i),
            '\\' if open.is_some() => {
                chars.next();
            }
            '#' if open.is_none() => break,
            '/' if open.is_none() && line.get(i..).is_some_and(|r| r.starts_with("//")) => break,
            _ => {}
        }
    }
    open.filter(|o| *o <= pos)
}

/// The word (letters, digits and `_`) that `text` starts with.
pub(super) fn word_at(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    text.get(..end).unwrap_or_default()
}

/// Help for a syntax error whose list of what was expected is right: the
/// word or words the author wrote where the language has its own.
pub(super) fn help(
    src: &str,
    pos: usize,
    found: &str,
    message: &str,
    expected: &[&str],
) -> Option<String> {
    lowercase_keyword(found, expected)
        .or_else(|| amounts::percent_of(src, pos))
        .or_else(|| amounts::modulo_mark(src, pos))
        .or_else(|| words::not_yet(src, pos, found))
        .or_else(|| amounts::award_hint(src, pos, message))
        .or_else(|| rates::computed_award(src, pos, message))
        .or_else(|| amounts::cap_balance_first(src, pos))
        .or_else(|| schedules::member_period(src, pos))
        .or_else(|| logic::logic_words(src, pos))
        .or_else(|| dates::date_order(src, pos))
        .or_else(|| clock::clock_words(src, pos))
        .or_else(|| words::everyday_words(src, pos))
        .or_else(|| tiers::requirement_as_condition(src, pos))
        .or_else(|| tiers::period_in_requirement(src, pos))
        .or_else(|| amounts::multiply_and(src, pos))
        .or_else(|| schedules::campaign_words(src, pos))
        .or_else(|| amounts::separators(src, pos))
        .or_else(|| money::money_words(src, pos))
        .or_else(|| rates::rate_words(src, pos))
        .or_else(|| rates::quantity_unit(src, pos))
        .or_else(|| words::operator_words(src, pos))
        .or_else(|| dates::days_added(src, pos))
        .or_else(|| counters::counter_period(src, pos))
        .or_else(|| burns::reward_words(src, pos))
        .or_else(|| burns::burn_words(src, pos))
        .or_else(|| tiers::tiers_by(src, pos))
        .or_else(|| tiers::downgrade_words(src, pos))
        .or_else(|| tiers::level_amount(src, pos))
        .or_else(|| tiers::policy_words(src, pos))
        .or_else(|| header::setting_outside(src, pos))
        .or_else(|| limits::limit_words(src, pos))
        .or_else(|| limits::lifetime_words(src, pos))
        .or_else(|| statements::statement_words(src, pos))
        .or_else(|| benefits::benefit_words(src, pos))
        .or_else(|| benefits::tier_header(src, pos))
        .or_else(|| header::header_words(src, pos))
        .or_else(|| ledgers::ledger_words(src, pos))
        .or_else(|| logic::count_noun(src, pos))
        .or_else(|| left_open(src, pos))
        .or_else(|| keyword_typo(found, expected))
}

/// `tiers { member silver gold` without its `}`: the next statement read
/// inside the block.
fn left_open(src: &str, pos: usize) -> Option<String> {
    let (open, block, keyword) = super::recovery::left_open(src, pos)?;
    let line = src.get(..open)?.matches('\n').count() + 1;
    Some(format!(
        "the `{{` of `{block}` on line {line} is not closed: write `}}` before this `{keyword}`"
    ))
}

/// The first word of each keyword the grammar expected (`within` of
/// `within N days`; descriptions in words, `a name`, have none).
fn expected_keywords<'a>(expected: &'a [&str]) -> impl Iterator<Item = &'a str> {
    expected
        .iter()
        .flat_map(|d| d.split('`').skip(1).step_by(2))
        .filter_map(|item| item.split_whitespace().next())
        .filter(|k| k.len() >= 3 && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
}

/// `Earn`, `AWARD`: a keyword the grammar expected here, in capitals.
fn lowercase_keyword(found: &str, expected: &[&str]) -> Option<String> {
    let word = found.strip_prefix('`')?.strip_suffix('`')?;
    if !word.chars().any(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    expected_keywords(expected)
        .any(|k| k == lower)
        .then(|| format!("keywords are written in lowercase: `{lower}`"))
}

/// `awrd`, `campain`: a keyword the grammar expected here, misspelt.
fn keyword_typo(found: &str, expected: &[&str]) -> Option<String> {
    let word = found.strip_prefix('`')?.strip_suffix('`')?;
    if word.len() < 3 || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    crate::check::did_you_mean(word, expected_keywords(expected))
        .map(|k| format!("did you mean `{k}`?"))
}

/// Help for an error at `pos` that the parse tree shows, not the parse:
/// `spend in the last 30 days >= 200 USD` reads as two comparisons.
pub(super) fn tree_help(src: &str, pos: usize) -> Option<String> {
    counters::counter_period(src, pos)
}
