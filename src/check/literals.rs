//! Literals that need checking: currencies (ISO 4217), dates and times.

use chrono::{NaiveDate, NaiveTime};

use super::Checker;
use crate::ast;
use crate::codes::Code;

impl Checker<'_> {
    /// The minor units of an ISO 4217 currency; an error for a code that is
    /// not one, with the codes one letter away as suggestions.
    pub(crate) fn iso_currency(&mut self, code: &ast::Ident) -> Option<u32> {
        use iso_currency::Currency;
        if let Some(c) = Currency::from_code(&code.name) {
            return Some(c.exponent().map_or(0, u32::from));
        }
        let mut near: Vec<String> = Vec::new();
        for (i, _) in code.name.char_indices() {
            for letter in 'A'..='Z' {
                let mut candidate: Vec<char> = code.name.chars().collect();
                if let Some(slot) = candidate.get_mut(i) {
                    *slot = letter;
                }
                let candidate: String = candidate.into_iter().collect();
                if candidate != code.name && Currency::from_code(&candidate).is_some() {
                    near.push(candidate);
                }
            }
        }
        near.sort();
        let help = match near.as_slice() {
            [] => "currency codes are ISO 4217 codes, such as USD, EUR, GBP or JPY".to_string(),
            [one] => format!("did you mean `{one}`?"),
            many => {
                let shown: Vec<String> = many.iter().take(4).map(|c| format!("`{c}`")).collect();
                format!("did you mean {}?", shown.join(" or "))
            }
        };
        self.error_help(
            Code::UnknownCurrency,
            code.span,
            format!("`{}` is not an ISO 4217 currency code", code.name),
            Some(help),
        );
        None
    }

    pub(crate) fn check_currency(&mut self, cur: &ast::Ident) -> Option<()> {
        if cur.name == self.currency {
            return Some(());
        }
        self.error_help(
            Code::CurrencyMismatch,
            cur.span,
            format!(
                "this amount is in {}, but the program's currency is {}",
                cur.name, self.currency
            ),
            Some(format!("write amounts in {}", self.currency)),
        );
        None
    }

    pub(crate) fn date(&mut self, d: &ast::DateLit) -> Option<NaiveDate> {
        let date = NaiveDate::from_ymd_opt(d.year, d.month, d.day);
        if date.is_none() {
            let why = if !(1..=12).contains(&d.month) {
                "there is no month ".to_string() + &d.month.to_string()
            } else {
                format!("month {} has no day {}", d.month, d.day)
            };
            self.error(
                Code::InvalidValue,
                d.span,
                format!(
                    "invalid date {:04}-{:02}-{:02}: {why}",
                    d.year, d.month, d.day
                ),
            );
        }
        date
    }

    pub(crate) fn time(&mut self, t: &ast::TimeLit) -> Option<NaiveTime> {
        let time = NaiveTime::from_hms_opt(t.hour, t.minute, 0);
        if time.is_none() {
            self.error(
                Code::InvalidValue,
                t.span,
                format!(
                    "invalid time {}:{:02}: hours run 0 to 23, minutes 0 to 59",
                    t.hour, t.minute
                ),
            );
        }
        time
    }
}
