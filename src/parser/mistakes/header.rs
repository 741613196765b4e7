//! A program's header as configuration files write settings: `currency:
//! USD`, `currency = USD`, a code in quotes, in small letters or with a
//! symbol (`US$`), `precision 2 decimals`, two balances in one statement.

use super::{in_block, one_statement, statement_rest, word_at};

/// The words that begin a setting of the header (`header_setting`).
const SETTINGS: [&str; 7] = [
    "currency",
    "timezone",
    "rounding",
    "precision",
    "balance",
    "tender",
    "multipliers",
];

/// The help for a mistake at `pos` in the program's header.
pub(super) fn header_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?.trim_end();
    if let Some(help) = header_opening(before, src.get(pos..)?) {
        return Some(help);
    }
    if !in_block(before, "program") {
        return None;
    }
    let rest = src.get(pos..)?;
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    let last = *words.first()?;
    let word = word_at(rest);
    // `currency: USD`.
    if SETTINGS.contains(&last) {
        if let Some(after) = rest.strip_prefix(':') {
            return Some(format!(
                "write it without `:`: `{last} {}`",
                setting_value(after)
            ));
        }
    }
    if last == "currency" {
        // `currency "USD"`, `currency usd`, `currency US$`.
        if let Some(quoted) = rest.strip_prefix('"') {
            let code = quoted.split('"').next()?;
            return Some(format!(
                "a currency code is written without quotes: `currency {code}`"
            ));
        }
        if let Some((_, code)) = super::currency_sign(rest) {
            return Some(format!(
                "write the currency's ISO 4217 code: `currency {code}`"
            ));
        }
        if word.len() == 3 && word.chars().all(|c| c.is_ascii_lowercase()) {
            return Some(format!(
                "currency codes are written in capitals: `currency {}`",
                word.to_ascii_uppercase()
            ));
        }
    }
    // `precision 2 decimals`.
    if let [n, "precision", ..] = words.as_slice() {
        if matches!(word, "decimals" | "decimal" | "places" | "digits" | "dp") {
            return Some(format!("write `precision {n}`"));
        }
    }
    // `balance stars, miles`.
    if let (Some(more), [name, "balance", ..]) = (rest.strip_prefix(','), words.as_slice()) {
        let names: Vec<&str> = more
            .split(['\n', '}'])
            .next()?
            .split([',', ' '])
            .filter(|w| !w.is_empty())
            .collect();
        let all: Vec<String> = std::iter::once(*name)
            .chain(names)
            .map(|n| format!("balance {n}"))
            .collect();
        return Some(format!("one balance a statement: `{}`", all.join("  ")));
    }
    None
}

/// A setting's value after `:` or `=`, up to the next setting.
pub(super) fn setting_value(after: &str) -> String {
    one_statement(after)
        .split_whitespace()
        .take_while(|w| !SETTINGS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the text before `pos` ends in a header setting's keyword: the
/// setting, for `currency = USD`.
pub(super) fn setting_before(src: &str, pos: usize) -> Option<&str> {
    let before = src.get(..pos)?.trim_end();
    let last = before.split_whitespace().next_back()?;
    (in_block(before, "program") && SETTINGS.contains(&last)).then_some(last)
}

/// The help for a setting of the header written after it, as `attribute`
/// and `counter` are (`tender beans_card` on a line of its own): the
/// header with the setting in it.
pub(super) fn setting_outside(src: &str, pos: usize) -> Option<String> {
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    if !SETTINGS.contains(&word) || !crate::parser::recovery::at_top_level(src, pos) {
        return None;
    }
    let setting = one_statement(rest);
    let start = super::last_keyword(src.get(..pos)?, "program")?;
    let header = src.get(start..pos)?;
    let (open, inner) = header.split_once('{')?;
    let inner = inner.rsplit_once('}')?.0;
    let settings: Vec<&str> = inner
        .lines()
        .map(|l| statement_rest(l).trim())
        .filter(|l| !l.is_empty())
        .collect();
    if word == "currency" {
        let given = settings
            .iter()
            .flat_map(|l| l.split("  "))
            .find(|s| s.trim_start().starts_with("currency"))?;
        return Some(format!(
            "`currency` is a setting of the program's header, which sets it already: `{}`",
            given.trim()
        ));
    }
    let all = settings.join("  ");
    let shown = if all.len() + setting.len() > 60 {
        "...".to_string()
    } else {
        all
    };
    Some(format!(
        "`{word}` is a setting of the program's header: `{} {{ {shown}  {setting} }}`",
        open.trim_end()
    ))
}

/// `program Coffee Club {`: the name unquoted; `program "C"` and then its
/// settings without braces.
fn header_opening(before: &str, rest: &str) -> Option<String> {
    let line = before.rsplit('\n').next()?.trim_start();
    if line == "program" && !rest.starts_with('"') {
        let name = rest.split(['{', '\n']).next()?.trim();
        return (!name.is_empty())
            .then(|| format!("a program's name is in quotes: `program \"{name}\" {{`"));
    }
    let name = line.strip_prefix("program \"")?.strip_suffix('"')?;
    let setting = super::one_statement(rest);
    SETTINGS.contains(&word_at(setting)).then(|| {
        format!("the header's settings are in braces: `program \"{name}\" {{ {setting} }}`")
    })
}
