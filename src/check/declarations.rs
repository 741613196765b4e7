//! The program header (currency, time zone, rounding, precision, balances),
//! tiers and attribute declarations.

use std::collections::BTreeMap;

use super::{Checker, DEFAULT_BALANCE, MAX_PRECISION};
use crate::ast::{self, Item, ProgramAst, Setting};
use crate::codes::Code;
use crate::name::Name;
use crate::plan::{AttrDef, AttrOwner, BalanceDef};
use crate::rounding::{Granularity, RoundingMode};
use crate::span::Span;
use crate::types::FIELDS;

impl Checker<'_> {
    pub(super) fn header(&mut self, ast: &ProgramAst) -> (String, chrono_tz::Tz) {
        let headers: Vec<&ast::Header> = ast
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Header(h) => Some(h),
                _ => None,
            })
            .collect();
        let mut timezone = chrono_tz::Tz::UTC;
        let Some(header) = headers.first() else {
            self.error_help(
                Code::Missing,
                Span::new(0, 0),
                "the program has no header",
                Some("start with `program \"My Rewards\" { currency USD }`".into()),
            );
            return (String::new(), timezone);
        };
        for extra in headers.iter().skip(1) {
            self.error(
                Code::Duplicate,
                extra.span,
                "a program has one `program` header; this is a second one",
            );
        }
        let mut precision: u32 = 0;
        let mut seen: BTreeMap<&'static str, Span> = BTreeMap::new();
        let mut declared_balances = Vec::new();
        for setting in &header.settings {
            let (key, span) = match setting {
                Setting::Currency(c) => ("currency", c.span),
                Setting::Timezone(t) => ("timezone", t.span),
                Setting::Rounding { span, .. } => ("rounding", *span),
                Setting::Precision(n) => ("precision", n.span),
                Setting::Balance { .. } => ("balance", Span::default()),
                Setting::Tender(_) => ("tender", Span::default()),
                Setting::Multipliers(_, span) => ("multipliers", *span),
            };
            if key != "balance" && key != "tender" {
                if seen.contains_key(key) {
                    self.error(
                        Code::Duplicate,
                        span,
                        format!("`{key}` is set twice in the program header"),
                    );
                    continue;
                }
                seen.insert(key, span);
            }
            match setting {
                Setting::Currency(c) => {
                    self.currency = c.name.clone();
                    self.currency_places = self.iso_currency(c);
                }
                Setting::Timezone(t) => match t.name.parse::<chrono_tz::Tz>() {
                    Ok(tz) => {
                        timezone = tz;
                        // Names of fixed offsets that read like a region's
                        // time, which changes with daylight saving time.
                        // (The name, the region's zone, and a place that
                        // keeps that offset all year.)
                        let region = [
                            ("EST", "America/New_York", "America/Panama"),
                            ("MST", "America/Denver", "America/Phoenix"),
                        ]
                        .into_iter()
                        .find(|(fixed, ..)| *fixed == t.name);
                        if let Some((fixed, zone, all_year)) = region {
                            self.warning_help(
                                Code::Suspicious,
                                t.span,
                                format!(
                                    "\"{fixed}\" is a fixed offset all year, without daylight saving time"
                                ),
                                Some(format!(
                                    "for the local time of a place, write its zone: \"{zone}\" (\"{all_year}\" keeps {fixed}'s offset all year)"
                                )),
                            );
                        }
                    }
                    Err(_) => {
                        let zones = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
                        let help = match (zone_word(&t.name), fixed_offset(&t.name)) {
                            (Some(zone), _) => format!("write the place's zone: \"{zone}\""),
                            // `UTC+2`, `GMT-5`: a fixed offset.
                            (None, Some((sign, hours))) => {
                                let reversed = if sign == '+' { '-' } else { '+' };
                                format!(
                                    "write the place's zone, such as \"Europe/Berlin\"; a fixed offset of {sign}{hours} hours is \"Etc/GMT{reversed}{hours}\" (the IANA database reverses its sign)"
                                )
                            }
                            (None, None) => match self.suggest(&t.name, zones) {
                                Some(s) => format!("did you mean \"{s}\"?"),
                                None => "use an IANA time zone name such as \"America/New_York\" or \"UTC\"".into(),
                            },
                        };
                        self.error_help(
                            Code::UnknownTimeZone,
                            t.span,
                            format!("unknown time zone \"{}\"", t.name),
                            Some(help),
                        );
                    }
                },
                Setting::Rounding {
                    mode,
                    first,
                    granularity,
                    span,
                } => {
                    self.rounding = *mode;
                    if let Some((g, _)) = granularity {
                        self.granularity = *g;
                    }
                    self.first_round = self.first_round(first, self.granularity, *span);
                }
                Setting::Precision(n) => precision = self.precision(n).unwrap_or(0),
                Setting::Tender(name) => self.tender(name),
                Setting::Multipliers(combine, _) => self.combine = *combine,
                Setting::Balance {
                    name,
                    qualifying,
                    precision: p,
                    span,
                } => declared_balances.push((name, *qualifying, p, *span)),
            }
        }
        if self.currency.is_empty() {
            self.error_help(
                Code::Missing,
                header.span,
                "the program does not say its currency",
                Some("add `currency USD` (or your currency) inside the program block".into()),
            );
            self.currency = "???".into();
        }
        self.balance_by_name
            .insert(DEFAULT_BALANCE.to_string(), self.balances.len());
        self.balances.push(BalanceDef {
            name: DEFAULT_BALANCE.into(),
            qualifying: false,
            precision,
        });
        for (name, qualifying, p, span) in declared_balances {
            let p = p
                .as_ref()
                .and_then(|n| self.precision(n))
                .unwrap_or(precision);
            let existing = self.balance_by_name.get(&name.name).copied();
            if let Some(existing) = existing.and_then(|i| self.balances.get_mut(i)) {
                if existing.name == DEFAULT_BALANCE && !qualifying {
                    existing.precision = p;
                    continue;
                }
                self.error(
                    Code::Duplicate,
                    span,
                    format!("the balance `{}` is declared twice", name.name),
                );
                continue;
            }
            self.balance_by_name
                .insert(name.name.clone(), self.balances.len());
            self.balances.push(BalanceDef {
                name: Name::from(name.name.as_str()),
                qualifying,
                precision: p,
            });
        }
        (header.name.name.clone(), timezone)
    }

    pub(super) fn precision(&mut self, n: &ast::Num) -> Option<u32> {
        let p = u32::try_from(n.value.mantissa())
            .ok()
            .filter(|p| *p <= MAX_PRECISION && n.value.scale() == 0);
        if p.is_none() {
            self.error(
                Code::InvalidValue,
                n.span,
                format!("precision is a number of decimal places, 0 to {MAX_PRECISION}"),
            );
        }
        p
    }

    /// Tiers and attribute declarations.
    pub(super) fn declarations(&mut self, ast: &ProgramAst) {
        let mut tiers_seen = false;
        for item in &ast.items {
            match item {
                Item::Tiers(decl) => {
                    if tiers_seen {
                        self.error(
                            Code::Duplicate,
                            decl.span,
                            "tiers are declared twice; declare them once, lowest first",
                        );
                        continue;
                    }
                    tiers_seen = true;
                    // Words read as levels are reported as such, once.
                    let words: Vec<usize> =
                        super::requirements::words_read_as_levels(self.src, decl)
                            .iter()
                            .flatten()
                            .map(|w| w.span.start)
                            .collect();
                    for n in decl.levels.iter().map(|l| &l.name) {
                        if words.contains(&n.span.start) {
                            continue;
                        }
                        if self.tiers.contains(&n.name) {
                            self.error(
                                Code::Duplicate,
                                n.span,
                                format!("the tier `{}` is listed twice", n.name),
                            );
                        } else {
                            self.tiers.push(n.name.clone());
                        }
                    }
                }
                Item::Attribute(a) => self.attribute(a),
                _ => {}
            }
        }
    }

    pub(super) fn attribute(&mut self, a: &ast::AttributeDecl) {
        let path = &a.path.name;
        let (owner, key) = match path.split_once('.') {
            Some(("member", k)) => (AttrOwner::Member, k),
            Some(("tx", k)) => (AttrOwner::Tx, k),
            Some(("event", k)) => (AttrOwner::Event, k),
            Some(("line", k)) => (AttrOwner::Line, k),
            _ => {
                let word = path.rsplit('.').next().unwrap_or(path);
                self.error(
                    Code::InvalidDeclaration,
                    a.path.span,
                    format!(
                        "an attribute belongs to `member`, `tx`, `event` or `line`, as in `member.{word}`"
                    ),
                );
                return;
            }
        };
        if key.contains('.') {
            self.error(
                Code::InvalidDeclaration,
                a.path.span,
                format!("an attribute name is one word, not `{key}`"),
            );
            return;
        }
        if FIELDS.iter().any(|(n, ..)| n == path) {
            self.error_help(
                Code::InvalidDeclaration,
                a.path.span,
                format!("`{path}` is a built-in field and cannot be declared again"),
                Some(format!(
                    "leave the declaration out: the program reads `{path}` without one"
                )),
            );
            return;
        }
        if self.attribute_index.contains_key(path) {
            self.error(
                Code::Duplicate,
                a.path.span,
                format!("the attribute `{path}` is declared twice"),
            );
            return;
        }
        let ty = a.ty;
        // A default in error is reported; the attribute is still declared,
        // so that its uses are not reported too.
        let default = a
            .default
            .as_ref()
            .and_then(|e| self.attribute_default(path, ty, e));
        self.attribute_index
            .insert(path.clone(), self.attributes.len());
        self.attributes.push(AttrDef {
            owner,
            key: key.to_string(),
            path: path.clone(),
            ty,
            default,
        });
    }

    /// `tender NAME`: a payment kind the program reads as `tx.paid.NAME`.
    fn tender(&mut self, name: &ast::Ident) {
        if BUILTIN_TENDERS.contains(&name.name.as_str()) {
            self.error(
                Code::InvalidDeclaration,
                name.span,
                format!(
                    "`{}` is a built-in tender (`tx.paid.{}`) and cannot be declared again",
                    name.name, name.name
                ),
            );
        } else if self.tenders.contains(&name.name) {
            self.error(
                Code::Duplicate,
                name.span,
                format!("the tender `{}` is declared twice", name.name),
            );
        } else {
            self.tenders.push(name.name.clone());
        }
    }

    /// The first step of a two-step rounding (`MODE to N then ...`):
    /// N decimals, 0 to 28; rounding `per transaction` rounds once.
    pub(super) fn first_round(
        &mut self,
        first: &Option<(RoundingMode, ast::Num)>,
        granularity: Granularity,
        span: Span,
    ) -> Option<(RoundingMode, u32)> {
        let (mode, n) = first.as_ref()?;
        let decimals = u32::try_from(n.value.mantissa())
            .ok()
            .filter(|d| n.value.scale() == 0 && *d <= 28);
        if decimals.is_none() {
            self.error(
                Code::InvalidValue,
                n.span,
                "a first rounding is to a whole number of decimals, 0 to 28",
            );
        }
        if granularity == Granularity::Transaction {
            self.error_help(
                Code::NotHere,
                span,
                "rounding in two steps rounds each rule's points, not the transaction's total",
                Some("round `per rule` or `per line`".into()),
            );
            return None;
        }
        Some((*mode, decimals?))
    }
}

/// The tenders every purchase has (`Tenders`' fields).
pub(crate) const BUILTIN_TENDERS: [&str; 5] =
    ["card", "cash", "stored_value", "gift_card", "points"];

/// The zone a program means by a time zone's abbreviation, as people write
/// it (`PST`): the place's zone, with its daylight saving time.
pub(crate) fn zone_word(word: &str) -> Option<&'static str> {
    const WORDS: [(&str, &str); 18] = [
        ("PST", "America/Los_Angeles"),
        ("PDT", "America/Los_Angeles"),
        ("PT", "America/Los_Angeles"),
        ("MDT", "America/Denver"),
        ("MT", "America/Denver"),
        ("CST", "America/Chicago"),
        ("CDT", "America/Chicago"),
        ("CT", "America/Chicago"),
        ("EDT", "America/New_York"),
        ("ET", "America/New_York"),
        ("AKST", "America/Anchorage"),
        ("BST", "Europe/London"),
        ("CEST", "Europe/Paris"),
        ("IST", "Asia/Kolkata"),
        ("JST", "Asia/Tokyo"),
        ("AEST", "Australia/Sydney"),
        ("AEDT", "Australia/Sydney"),
        ("NZST", "Pacific/Auckland"),
    ];
    let upper = word.to_ascii_uppercase();
    WORDS
        .iter()
        .find(|(w, _)| *w == upper)
        .map(|(_, zone)| *zone)
}

/// A fixed offset as written after `UTC` or `GMT` (`UTC+2`, `GMT-05`):
/// its sign and whole hours.
fn fixed_offset(zone: &str) -> Option<(char, u32)> {
    let offset = zone
        .strip_prefix("UTC")
        .or_else(|| zone.strip_prefix("GMT"))?
        .trim();
    let sign = offset.chars().next().filter(|c| matches!(c, '+' | '-'))?;
    let hours: u32 = offset.get(1..)?.split(':').next()?.parse().ok()?;
    (hours <= 14).then_some((sign, hours))
}
