//! Money in words, as terms write it: `50 dollars`, `per dollar spent`,
//! a burn rate `per dollar`, a reward `worth 5 USD`. The language writes
//! an amount as a number and the currency's ISO 4217 code.

use super::{declared_currency, one_statement, word_at};

/// The code a currency's word names (`keywords::money_word`), in this
/// program.
fn code_of<'a>(src: &'a str, word: &str) -> Option<&'a str> {
    crate::keywords::money_word(word, declared_currency(src).unwrap_or("USD"))
}

/// The help for money written with a currency's word (`50 dollars`,
/// `per dollar spent`) or, in a burn rule, a rate `per` money.
pub(super) fn money_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    let words: Vec<&str> = before.split_whitespace().rev().take(5).collect();
    // `rate 100 points per dollar`, `per USD`, `per 5 USD`: a rate is
    // points `=` money.
    if let [unit, n, "rate", ..] = words.as_slice() {
        let rate = unit.starts_with("point") || super::in_block(before, "burn");
        if rate && word == "per" && n.parse::<rust_decimal::Decimal>().is_ok() {
            let said: Vec<&str> = one_statement(rest.get(3..)?).split_whitespace().collect();
            let money = match said.as_slice() {
                [amount, currency, ..] if amount.parse::<rust_decimal::Decimal>().is_ok() => {
                    format!("{amount} {}", code_of(src, currency).unwrap_or(currency))
                }
                [currency, ..] => format!("1 {}", code_of(src, currency).unwrap_or(currency)),
                [] => return None,
            };
            return Some(format!("write `rate {n} {unit} = {money}`"));
        }
    }
    // `reward "Coffee" costs 150 points worth 5 USD`.
    if let [unit, n, "costs", ..] = words.as_slice() {
        if matches!(word, "worth" | "valued" | "value") {
            let money = one_statement(rest.get(word.len()..)?).trim();
            let money = money.strip_prefix("at ").unwrap_or(money);
            let head = before
                .get(super::last_keyword(before, "reward")?..)?
                .trim_end();
            let name = head.split('"').nth(1)?;
            return Some(format!(
                "a reward is priced in points alone: `{head}`; points spent for money at a rate \
                 are a burn rule: `burn \"{name}\" from points {{ rate {n} {unit} = {money} }}`"
            ));
        }
    }
    // `award 5 points per dollar spent`: the error at `spent`.
    if let [currency, "per", unit, n, "award"] = words.as_slice() {
        if let (Some(code), "spent" | "spend" | "purchased") = (code_of(src, currency), word) {
            return Some(format!("write `award {n} {unit} per {code} of tx.amount`"));
        }
    }
    let code = code_of(src, word)?;
    match words.as_slice() {
        // `award 5 points per dollar spent`.
        ["per", unit, n, "award", ..] => {
            Some(format!("write `award {n} {unit} per {code} of tx.amount`"))
        }
        // `50 dollars`.
        [n, ..] if n.parse::<rust_decimal::Decimal>().is_ok() => {
            Some(format!("write the currency's code: `{n} {code}`"))
        }
        _ => None,
    }
}
