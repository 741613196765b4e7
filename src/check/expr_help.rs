//! Help for what expressions get wrong: an unknown field (a typo, a
//! field in everyday words, a date's part, a payment kind or attribute not
//! declared), a bare name (a field without what it belongs to, a counter
//! without its period), and the comparisons that say something else than
//! meant.

use super::Checker;
use crate::ast::{self, BinOp, ExprKind};
use crate::codes::Code;
use crate::plan::{Const, Expr};
use crate::span::Span;
use crate::types::{Type, FIELDS, WEEKDAYS};

impl Checker<'_> {
    /// The type a field's use says, from what it is compared with (`>= 1000
    /// USD`: money; `>= 4`: a number; `== true`: bool; a date), a list
    /// it is looked in, or a base or sum it is a term of (a number); text
    /// otherwise.
    fn type_of_use(&self, span: Span) -> &'static str {
        // `"x" in member.clubs`: a list.
        let before = self.src.get(..span.start).unwrap_or("").trim_end();
        if before.ends_with(" in") {
            return "list";
        }
        // A base (`per line.distance`, `of event.spend`) or a term of a sum
        // is counted: a number.
        if [
            " per", " of", "+", "-", "*", "/", "min(", "max(", "floor(", "sum(",
        ]
        .iter()
        .any(|w| before.ends_with(w))
        {
            return "number";
        }
        let after = self.src.get(span.end..).unwrap_or("").trim_start();
        let after = ["==", "!=", ">=", "<=", ">", "<"]
            .into_iter()
            .find_map(|op| after.strip_prefix(op))
            .unwrap_or("")
            .trim_start();
        let mut words = after.split_whitespace();
        let value = words.next().unwrap_or("").trim_end_matches([')', '{', ',']);
        let unit = words.next().unwrap_or("");
        let code = unit.len() == 3 && unit.chars().all(|c| c.is_ascii_uppercase());
        if value.parse::<chrono::NaiveDate>().is_ok() {
            "date"
        } else if value.parse::<rust_decimal::Decimal>().is_ok() {
            if code {
                "money"
            } else {
                "number"
            }
        } else if value == "true" || value == "false" {
            "bool"
        } else {
            "text"
        }
    }

    /// `member.attributes.vip` (as the JSON nests it): an attribute is
    /// read by its name; `tx.lines.distance`: a purchase's lines are read
    /// one by one, or added up.
    fn nested_help(&self, owner: &str, name: &str, span: Span) -> Option<String> {
        if let Some(inner) = name
            .strip_prefix("attributes.")
            .or_else(|| name.strip_prefix("attribute."))
            .filter(|n| !n.contains('.'))
        {
            let path = format!("{owner}.{inner}");
            if self.attribute_index.contains_key(&path) {
                return Some(format!(
                    "an attribute is read by its name, without `attributes`: `{path}`"
                ));
            }
            return Some(format!(
                "an attribute is declared, then read by its name: `attribute {path} {}`, read as `{path}`",
                self.type_of_use(span)
            ));
        }
        let field = name.strip_prefix("lines.").filter(|_| owner == "tx")?;
        Some(format!(
            "a purchase's lines are read one by one in a rule `for each line` (`line.{field}`), or added up: `sum(line.{field})`"
        ))
    }

    /// The text what is at `span` is compared with, as written after it
    /// (`== "store_card"`): for helps that repeat it.
    pub(super) fn compared_text(&self, span: Span) -> Option<&str> {
        self.src
            .get(span.end..)?
            .trim_start()
            .strip_prefix("==")?
            .trim_start()
            .strip_prefix('"')?
            .split('"')
            .next()
            .filter(|t| !t.is_empty())
    }

    /// Reports `p` as an unknown field, with the help that fits it.
    pub(super) fn unknown_field(&mut self, p: &str, span: Span) {
        // Suggest among fields of the same owner, comparing the part after
        // `member.` or `tx.`, so that a shared prefix does not make any two
        // short names look alike.
        let (owner, name) = p.split_once('.').unwrap_or(("", p));
        let prefix = format!("{owner}.");
        let known: Vec<&str> = FIELDS
            .iter()
            .map(|(n, ..)| *n)
            .chain(self.attributes.iter().map(|a| a.path.as_str()))
            .filter_map(|n| n.strip_prefix(prefix.as_str()))
            .collect();
        let suggestion = self.suggest(name, known.iter().copied());
        // A payment kind of the program's own is as likely as a typo.
        let tender = p.strip_prefix("tx.paid.").filter(|t| !t.contains('.'));
        let help = match (suggestion, tender) {
            (Some(s), Some(t)) => Some(format!(
                "did you mean `{prefix}{s}`? If `{t}` is a payment kind of the program's own, \
                 declare it in the program header: `tender {t}`"
            )),
            (Some(s), None) => Some(format!("did you mean `{prefix}{s}`?")),
            (None, Some(t)) => Some(format!(
                "declare the payment kind in the program header: `tender {t}`"
            )),
            (None, None) => None,
        };
        // `member.birthday.month`: a date's part is a function of it.
        let part = p.rsplit_once('.').filter(|(base, part)| {
            FIELDS.iter().any(|(n, ..)| n == base)
                && ["year", "month", "day", "weekday", "hour", "minute"].contains(part)
        });
        // Everyday words for a field, as terms and other systems name it.
        const WORDS: [(&str, &str); 16] = [
            ("line.price", "line.unit_price"),
            ("line.qty", "line.quantity"),
            ("line.count", "line.quantity"),
            ("line.total", "line.amount"),
            ("line.net", "line.amount"),
            ("tx.subtotal", "tx.amount"),
            ("tx.net", "tx.amount"),
            ("tx.timestamp", "tx.date"),
            ("member.level", "member.tier"),
            ("member.status", "member.tier"),
            ("member.joined", "member.join_date"),
            ("member.signup_date", "member.join_date"),
            ("member.dob", "member.birthday"),
            ("member.birth_date", "member.birthday"),
            ("tx.total_amount", "tx.total"),
            ("tx.grand_total", "tx.total"),
        ];
        let word = WORDS
            .iter()
            .find(|(w, _)| *w == p)
            .map(|(_, field)| format!("the field is `{field}`"));
        // `tx.payment == "store_card"`: what each kind of payment paid.
        let payment = (owner == "tx"
            && matches!(
                name,
                "payment" | "payment_method" | "payment_type" | "tender" | "tenders" | "paid_with"
            ))
        .then(|| {
            // The kind it is compared with, if any: `== "store_card"`.
            let kind = self
                .compared_text(span)
                .filter(|k| k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or("card");
            let own = if ["card", "cash", "stored_value", "gift_card", "points"].contains(&kind) {
                String::new()
            } else {
                format!(", with `tender {kind}` in the program header")
            };
            format!(
                "what was paid with each kind is an amount, `tx.paid.KIND`: `tx.paid.{kind} > 0 {}`{own}",
                self.currency
            )
        });
        // `tx.weekday`, `event.hour`: a part of the event's date or time.
        let event_part = matches!(owner, "tx" | "event")
            .then(|| match name {
                "year" | "month" | "day" | "weekday" => Some(format!(
                    "a date's parts are functions: `{name}({owner}.date)`"
                )),
                "hour" | "minute" => Some(format!(
                    "a time's parts are functions: `{name}({owner}.time)`"
                )),
                _ => None,
            })
            .flatten();
        // `workouts.streak`: a counter read as a field.
        let counter = self
            .counters
            .contains(owner)
            .then(|| counter_read_help(owner, name));
        // `member.visits`: a counter of the program read as the member's.
        let member_counter = (owner == "member" && self.counters.contains(name)).then(|| {
            format!(
                "`{name}` is a counter of the program, read with its period: `{name} lifetime`, `{name} this year`, `{name} last 30 days`"
            )
        });
        let help = self
            .nested_help(owner, name, span)
            .or(word)
            .or(payment)
            .or(counter)
            .or(member_counter)
            .or(event_part)
            .or(help)
            .or_else(|| {
                part.map(|(base, part)| format!("a date's parts are functions: `{part}({base})`"))
            })
            .or_else(|| {
                matches!(owner, "member" | "tx" | "event" | "line").then(|| {
                    // An attribute's name is one word: suggest one that can be declared.
                    let declarable = format!("{owner}.{}", name.replace('.', "_"));
                    let ty = self.type_of_use(span);
                    format!(
                        "declare your own field with `attribute {declarable} {ty}` (or {})",
                        ["text", "bool", "number", "money", "date"]
                            .into_iter()
                            .filter(|t| *t != ty)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
            });
        self.error_help(
            Code::UnknownField,
            span,
            format!("unknown field `{p}`"),
            help,
        );
    }

    /// `tx.channel == "app" or "web"`: a value joined to a comparison, as
    /// English says it; each is compared, or the values are listed.
    pub(super) fn value_after_or(
        &self,
        op: BinOp,
        value: &ast::Expr,
        other: &ast::Expr,
    ) -> Option<String> {
        let ExprKind::Binary(BinOp::Eq, field, first) = &other.kind else {
            return None;
        };
        if op != BinOp::Or || !matches!(value.kind, ExprKind::Text(_) | ExprKind::Number(_)) {
            return None;
        }
        let (field, first, value) = (
            self.quote(field.span),
            self.quote(first.span),
            self.quote(value.span),
        );
        Some(format!(
            "compare each: `{field} == {first} or {field} == {value}`, or `{field} in [{first}, {value}]`"
        ))
    }

    /// `member.birthday == tx.date`: the date of birth, year included, is
    /// the event's date only on the day the member was born.
    pub(super) fn warn_birth_date(&mut self, l: &ast::Expr, r: &ast::Expr, span: Span) {
        let path = |e: &ast::Expr| match &e.kind {
            ExprKind::Path(p) => Some(p.clone()),
            _ => None,
        };
        for (a, b) in [(l, r), (r, l)] {
            let (Some(birth), Some(day)) = (path(a), path(b)) else {
                continue;
            };
            if birth == "member.birthday" && matches!(day.as_str(), "tx.date" | "event.date") {
                self.warning_help(
                    Code::Suspicious,
                    span,
                    "this compares the date of birth, year included, with the event's date: it holds only on the day the member was born",
                    Some(format!(
                        "for the birthday, compare month and day: `month({birth}) == month({day}) and day({birth}) == day({day})`"
                    )),
                );
                return;
            }
        }
    }

    /// `tx.category == "dining"`: a purchase has the categories (and SKUs)
    /// of its lines, unless the program declares a field of that name.
    pub(super) fn line_key_help(&self, path: &str, value: Span) -> Option<String> {
        let (what, list, field) = match path {
            "tx.category" => ("categories", "tx.categories", "line.category"),
            "tx.sku" => ("SKUs", "tx.skus", "line.sku"),
            _ => return None,
        };
        if self.attribute_index.contains_key(path) {
            return None;
        }
        let written = self.quote(value);
        Some(format!(
            "a purchase's {what} are its lines': `{written} in {list}` (any line), or `{field}` in a rule `for each line`"
        ))
    }

    /// `event.coupon == null`: a value the input leaves out is tested with
    /// `exists`; a channel, store or category left out is empty text.
    fn null_help(&self, n: &str, span: Span) -> Option<String> {
        let null = ["null", "nil", "none", "undefined", "empty", "missing"];
        if !null.contains(&n.to_ascii_lowercase().as_str()) {
            return None;
        }
        let before = self.src.get(..span.start)?.trim_end();
        let (op, rest) = [("==", false), ("!=", true), ("is", false)]
            .into_iter()
            .find_map(|(op, not)| Some(((op, not), before.strip_suffix(op)?)))?;
        let field = rest.split_whitespace().next_back()?.trim_start_matches('(');
        if !field.contains('.') {
            return None;
        }
        if ["tx.channel", "tx.store", "line.category", "line.sku"].contains(&field) {
            let cmp = if op.1 { "!=" } else { "==" };
            return Some(format!(
                "a {} left out is empty text: `{field} {cmp} \"\"`",
                field.rsplit('.').next()?
            ));
        }
        let test = if op.1 { "" } else { "not " };
        Some(format!(
            "a value the input leaves out is tested with `exists`: `{test}exists({field})`"
        ))
    }

    pub(super) fn bare_name(&mut self, n: &str, span: Span) -> Option<(Expr, Type)> {
        if let Some(i) = self.tiers.position(n) {
            return Some((Expr::Const(Const::Tier(u16::try_from(i).ok()?)), Type::Tier));
        }
        if let Some(i) = WEEKDAYS.iter().position(|w| *w == n) {
            return Some((
                Expr::Const(Const::Weekday(u8::try_from(i).ok()?)),
                Type::Weekday,
            ));
        }
        let candidates: Vec<&str> = self
            .tiers
            .iter()
            .map(String::as_str)
            .chain(WEEKDAYS)
            .collect();
        if self.counters.contains(n) {
            self.error_help(
                Code::UnknownName,
                span,
                format!("the counter `{n}` is read over a period"),
                Some(format!(
                    "write `{n} this year`, `{n} this month`, `{n} last 30 days` or `{n} lifetime`"
                )),
            );
            return None;
        }
        // A field written without what it belongs to (`tier` for
        // `member.tier`, `amount` for `tx.amount`).
        let fields: Vec<String> = FIELDS
            .iter()
            .map(|(path, ..)| *path)
            .chain(self.attributes.iter().map(|a| a.path.as_str()))
            .filter(|path| path.rsplit('.').next() == Some(n))
            .map(|path| format!("`{path}`"))
            .take(5)
            .collect();
        // `fri`, `tues`: a weekday as calendars print it.
        let help = super::suggest::weekday_abbreviated(n)
            .map(str::to_string)
            .or_else(|| self.suggest(n, candidates.iter().copied()))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| {
                (!fields.is_empty()).then(|| {
                    format!(
                        "a field is written with what it belongs to: {}",
                        fields.join(" or ")
                    )
                })
            })
            .or_else(|| self.null_help(n, span))
            .or_else(|| Some(format!("text is written in quotes: \"{n}\"")));
        self.error_help(
            Code::UnknownName,
            span,
            format!("unknown name `{n}`: not a tier or a weekday"),
            help,
        );
        None
    }
}

/// How the counter `counter` is read, for a read written as a field or a
/// function (`workouts.streak`, `streak(workouts)`): with the period
/// `period` names, or the periods there are.
pub(super) fn counter_read_help(counter: &str, period: &str) -> String {
    let read = match period {
        "streak" => "streak",
        "lifetime" | "total" | "all_time" | "ever" => "lifetime",
        "this_month" | "month" | "monthly" => "this month",
        "this_year" | "year" | "yearly" => "this year",
        "this_week" | "week" | "weekly" => "this week",
        "this_quarter" | "quarter" => "this quarter",
        "today" | "day" | "this_day" => "today",
        _ => {
            return format!(
                "a counter is read with its period: `{counter} this year`, `{counter} this month`, \
                 `{counter} last 30 days`, `{counter} lifetime` or `{counter} streak`"
            )
        }
    };
    format!("a counter is read with its period: `{counter} {read}`")
}

/// The help for text in quotes where a tier, a date or a weekday is
/// compared: the same without quotes.
pub(super) fn unquoted_help(ty: Type, quoted: Option<&str>) -> Option<String> {
    Some(match ty {
        Type::Tier => match quoted {
            Some(t) => format!("write the tier's name without quotes: `{t}`"),
            None => "write the tier's name without quotes, such as `gold`".into(),
        },
        Type::Date => match quoted {
            Some(t) if t.parse::<chrono::NaiveDate>().is_ok() => {
                format!("write the date without quotes: `{t}`")
            }
            _ => "write a date without quotes, such as `2026-11-27`".into(),
        },
        Type::Weekday => {
            let day = quoted
                .map(str::to_ascii_lowercase)
                .filter(|d| crate::types::WEEKDAYS.contains(&d.as_str()));
            match day {
                Some(d) => format!("write the weekday without quotes: `{d}`"),
                None => "write a weekday without quotes, such as `saturday`".into(),
            }
        }
        _ => return None,
    })
}
