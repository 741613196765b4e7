//! A rule's statements and the program's declarations in words the
//! language puts otherwise: `to the referrer`, two awards joined by `and`,
//! a group or badge name without quotes, `stop processing`, `segment vip:`,
//! a segment's name in quotes, `on sign up`, a limit `once a year` or `per
//! customer`.

use super::{one_statement, statement_rest, word_at};

/// The help for a mistake at `pos` in a statement or declaration.
pub(super) fn statement_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?.trim_end();
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    if let Some(help) = segment_list(before, rest) {
        return Some(help);
    }
    // `earn "B" on purchase priority 5 { ... }`: a statement in the heading.
    if matches!(
        word,
        "priority" | "group" | "stop" | "limit" | "cap" | "round"
    ) {
        let heading = super::last_keyword(before, "earn").and_then(|i| before.get(i..));
        if let Some(heading) = heading.filter(|h| !h.contains(['{', '}'])) {
            let statement = one_statement(rest).split('{').next().unwrap_or("").trim();
            return Some(format!(
                "a rule's `{word}` is a statement in its block: `{heading} {{ ...  {statement} }}`"
            ));
        }
    }
    let last = before.split_whitespace().next_back()?;
    // `award 1 point per 1 USD spent`: what is spent is a field.
    if word == "spent" || word == "spend" {
        let currency = before.split_whitespace().next_back()?;
        if currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Some(format!(
                "say what is spent: `per {currency} of tx.amount` (the purchase), or `per {currency} of line.amount` in a rule `for each line`"
            ));
        }
    }
    // `cap 5000 points per member per month on "Base"`: a rule's cap is
    // written in the rule.
    if matches!(word, "on" | "for" | "of") {
        let statement = before.rsplit(['\n', '}']).next()?.trim_start();
        let rule = rest.get(word.len()..)?.trim_start();
        if statement.starts_with("cap ") && rule.starts_with('"') {
            let name = rule.split('"').nth(1)?;
            return Some(format!(
                "a cap on one rule's points is written in the rule: \
                 `earn \"{name}\" ... {{ ... {statement} }}`"
            ));
        }
    }
    // `for each item`, `for every line`, `per line`: `for each line`.
    let head: Vec<&str> = before.split_whitespace().rev().take(2).collect();
    let items = matches!(word, "item" | "items" | "product" | "products" | "sku");
    match (head.as_slice(), word) {
        (["each", "for"], w) if w != "line" => {
            return Some(if items {
                "write `for each line`: a purchase's items are its lines".into()
            } else {
                "write `for each line`".into()
            });
        }
        (["for", ..], "every" | "all") | (["purchase", "on"], "per")
            if matches!(
                word_at(rest.get(word.len()..)?.trim_start()),
                "line" | "lines" | "item" | "items"
            ) =>
        {
            return Some("write `for each line`".into());
        }
        _ => {}
    }
    // `earned by Invoice`: a rule's name unquoted.
    if let [by @ ("by" | "by,"), "earned", ..] = before
        .split_whitespace()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .as_slice()
    {
        if !word.is_empty() && !by.is_empty() {
            return Some(format!("a rule is named in quotes: `earned by \"{word}\"`"));
        }
    }
    // `multiply "Invoice" by 2` in a rule: a bonus on another rule's points.
    if word == "multiply" && super::in_block(before, "earn") {
        let said = one_statement(rest.get(word.len()..)?);
        let name = said.split('"').nth(1)?;
        let factor: rust_decimal::Decimal = said.rsplit(" by ").next()?.trim().parse().ok()?;
        let pct = factor
            .checked_sub(rust_decimal::Decimal::ONE)?
            .checked_mul(rust_decimal::Decimal::ONE_HUNDRED)?
            .normalize();
        if pct > rust_decimal::Decimal::ZERO {
            return Some(format!(
                "a rule gives more of another's points with `award {pct}% of earned by \"{name}\"` (×{} in all); `multiply` is a campaign's or a tier's",
                factor.normalize()
            ));
        }
    }
    // `award 1 point per USD of tx.amount excluding tax`.
    let in_award = |line: &str| line.contains("award ") && line.contains(" of ");
    let line_so_far = before.get(before.rfind(['\n', '{']).map_or(0, |i| i + 1)..)?;
    if matches!(
        word,
        "excluding" | "excl" | "except" | "minus" | "less" | "net" | "before"
    ) && last.contains('.')
        && in_award(line_so_far)
    {
        // `excluding fuel`: goods of a category, left out by their lines.
        let what = rest.get(word.len()..)?.trim_start();
        let category = what.strip_prefix('"').and_then(|w| w.split('"').next());
        let category = category.unwrap_or_else(|| word_at(what));
        let money_part = [
            "tax",
            "taxes",
            "vat",
            "shipping",
            "delivery",
            "postage",
            "tips",
            "tip",
            "fees",
            "discounts",
            "discount",
        ];
        if !category.is_empty() && !money_part.contains(&category) && !what.contains("paid") {
            let award = line_so_far.trim_start();
            let award = award.get(..award.rfind(" of ")?)?;
            return Some(format!(
                "leave goods out by their lines: `{award} of sum(line.amount, line.category != \"{category}\")`, or a rule `for each line where line.category != \"{category}\"`"
            ));
        }
        return Some(
            "`tx.amount` is before tax and shipping already (`tx.total` adds them); to leave out a \
             part, subtract it: `of tx.amount - tx.paid.gift_card`"
                .into(),
        );
    }
    // `cap 500 points a day`, `daily`; `per member monthly`.
    let period = super::period_word;
    let after = word_at(rest.get(word.len()..)?.trim_start());
    let (every, per) = match word {
        "a" | "an" | "each" | "every" => (true, period(after)),
        w => (false, period(w).filter(|_| w.ends_with("ly"))),
    };
    if let Some(per) = per {
        let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
        match words.as_slice() {
            [unit, n, "cap"] | [unit, n, "cap", ..]
                if n.parse::<rust_decimal::Decimal>().is_ok() =>
            {
                return Some(format!("write `cap {n} {unit} per member per {per}`"));
            }
            ["member", "per", ..] if !every => {
                return Some(format!("write `per member per {per}`"));
            }
            _ => {}
        }
    }
    // `cap 100 points` without what it caps.
    if let [unit, n, "cap", ..] = before
        .split_whitespace()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .as_slice()
    {
        if n.chars().all(|c| c.is_ascii_digit() || c == '.') && !word.starts_with("per") {
            return Some(format!(
                "a cap says what it caps: `cap {n} {unit} per transaction` (or `per line`, `per member per month`)"
            ));
        }
    }
    // `award ...;`: no statement ends with `;`.
    if rest.starts_with(';') {
        return Some(
            "statements are not ended by `;`: leave it out (put statements on lines of their own, \
             or two spaces apart)"
                .into(),
        );
    }
    // `award 20 points, limit 1 per member per month`: a statement after
    // a comma.
    if let Some(after) = rest.strip_prefix(',') {
        let next = word_at(after.trim_start());
        let statement = matches!(
            next,
            "award" | "limit" | "cap" | "round" | "priority" | "group" | "stop" | "badge"
        );
        if statement && super::in_block(before, "earn") {
            return Some(
                "statements are not separated by `,`: leave it out (put statements on lines of \
                 their own, or two spaces apart)"
                    .into(),
            );
        }
    }
    // `award 5% of tx.amount as stars`: a balance is credited with `to`.
    if word == "as" && in_award(line_so_far) {
        let unit = word_at(rest.get(2..)?.trim_start());
        let award = line_so_far.trim();
        let award = award.get(award.find("award")?..)?.trim_end();
        if !unit.is_empty() {
            return Some(format!(
                "a balance is credited with `to`: `{award} to {unit}`"
            ));
        }
    }
    // `member.join_date within 30 days`.
    if word == "within"
        && last.contains('.')
        && (last.ends_with("date") || last.ends_with("birthday"))
    {
        let days = rest
            .get(word.len()..)?
            .split_whitespace()
            .next()
            .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
            .unwrap_or("30");
        return Some(format!(
            "days since a date are `days_between({last}, tx.date)`: `days_between({last}, tx.date) <= {days}`"
        ));
    }
    // `on sign-up`, `on check-in`: kinds are written with `_`.
    if rest.starts_with('-') {
        let words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
        if let [first, "on"] = words.as_slice() {
            let second = word_at(rest.get(1..)?);
            let kind = format!("{first}_{second}");
            if crate::kinds::Kind::named(&kind).is_some() {
                return Some(format!("write `on {kind}`"));
            }
        }
    }
    // `campaign "X" ... { ... } when ...`: the condition after the block.
    if matches!(word, "when" | "where" | "if") && before.ends_with('}') {
        let (start, what) = [("campaign", "campaign"), ("earn", "rule")]
            .into_iter()
            .filter_map(|(k, what)| Some((super::last_keyword(before, k)?, what)))
            .max_by_key(|(start, _)| *start)?;
        let declared = before.get(start..)?;
        let header = declared.get(..declared.find('{')?)?.trim_end();
        let condition = statement_rest(rest.get(word.len()..)?).trim();
        return Some(format!(
            "a {what}'s condition comes before its block: `{header} when {condition} {{ ... }}`"
        ));
    }
    // `award ... rounded down`: rounding is a statement.
    if word == "rounded" || word == "rounding" {
        return Some(
            "rounding is a statement of the rule: `round floor` (rounded down), `round ceil` (up) \
             or `round half_up` (to the nearest)"
                .into(),
        );
    }
    // `earn 1 point per USD` inside a rule: its awards start with `award`.
    if word == "earn" && super::in_block(before, "earn") {
        let rest_of = one_statement(rest.get(word.len()..)?);
        if rest_of.starts_with('"') {
            return Some("the rule before is not closed: end it with `}`".into());
        }
        return Some(format!("an award starts with `award`: `award {rest_of}`"));
    }
    // A count statement: `count tx.amount into spend` (said by
    // `counters::count_words`), and one without the events it counts
    // (`count tx.amount to spend`, then the next line).
    let line = before
        .get(before.rfind('\n').map_or(0, |i| i + 1)..)?
        .trim_start();
    // `count +1 to visits`: the amount without its sign.
    if line == "count" {
        if let Some(unsigned) = rest.strip_prefix('+') {
            return Some(format!("write `count {}`", one_statement(unsigned).trim()));
        }
    }
    if let Some(help) = super::counters::count_words(src, line, rest, word) {
        return Some(help);
    }
    let statement = line.trim_end();
    let at_next_line = src.get(before.len()..pos)?.contains('\n');
    if at_next_line
        && statement.starts_with("count ")
        && statement.contains(" to ")
        && !statement.contains(" on ")
    {
        return Some(format!(
            "a count names the events it counts: `{statement} on purchase` (or `on check_in`, `on event \"NAME\"`, ...)"
        ));
    }
    // `on custom "app_install"`, `on app "install"`: a kind of the
    // program's own is named after `event`.
    let words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
    if let ([kind, "on"], true) = (words.as_slice(), rest.starts_with('"')) {
        let name = rest.get(1..)?.split('"').next()?;
        if *kind != "event" && crate::kinds::Kind::named(kind).is_none() {
            return Some(format!(
                "for a kind of your own, write `on event \"{name}\"` (its events are `{{\"kind\": \"custom\", \"name\": \"{name}\", ...}}`)"
            ));
        }
    }
    match (last, word) {
        // `award 1000 points to the referrer`.
        ("the", "referrer" | "referred") if before.ends_with(" to the") => {
            Some(format!("write `to {word}`"))
        }
        // `award 1000 points to referrer and 500 points to referred`.
        ("referrer" | "referred", "and") => {
            let award = before.get(before.rfind("award")?..)?;
            let next = one_statement(rest.get("and".len()..)?);
            Some(format!(
                "each award is a statement of its own: `{award}  award {next}`"
            ))
        }
        // `group welcome`, `badge Regular`: names in quotes.
        ("group" | "badge", _) if !word.is_empty() => Some(format!("write `{last} \"{word}\"`")),
        ("stop", _) if !word.is_empty() => {
            Some("write `stop`: no later rule runs for the event once this one applied".into())
        }
        // `on event slot`: the kind's name unquoted.
        ("event", _) if before.ends_with(" on event") && !word.is_empty() => Some(format!(
            "a kind of your own is named in quotes: `on event \"{word}\"`"
        )),
        // `on sign up`, `on check in`.
        ("sign", "up") | ("check", "in") if before.ends_with(&format!("on {last}")) => {
            Some(format!("write `on {last}_{word}`"))
        }
        _ => limit_words(before, rest).or_else(|| segment_words(before, rest)),
    }
}

/// A limit as terms write it: `limit once a year`, `limit 3 times each
/// month`, `limit one time`, `limit 1 per customer` (and a cap's `per
/// customer`).
fn limit_words(before: &str, rest: &str) -> Option<String> {
    let word = word_at(rest);
    // A keyword is a word of its own: followed by a space.
    let spaced = format!("{before} ");
    let before = spaced.as_str();
    let last = before.split_whitespace().next_back()?;
    // `per customer`, `per guest`: the language says member.
    const MEMBER: [&str; 8] = [
        "customer",
        "user",
        "person",
        "account",
        "guest",
        "card",
        "cardholder",
        "household",
    ];
    if last == "per" && MEMBER.contains(&word) {
        let start = super::last_keyword(before, "limit")
            .into_iter()
            .chain(super::last_keyword(before, "cap"))
            .max()?;
        let head = before.get(start..)?.trim_end();
        if head.contains(['{', '}']) {
            return None;
        }
        let tail = one_statement(rest.get(word.len()..)?);
        let written = format!("{head} member {tail}");
        return Some(format!("write `per member`: `{}`", written.trim()));
    }
    // `per rolling 30 days`: a rolling period is its length.
    if last == "per" && word == "rolling" {
        let words: Vec<&str> = one_statement(rest.get(word.len()..)?)
            .split_whitespace()
            .take(2)
            .collect();
        let [n, unit] = words.as_slice() else {
            return None;
        };
        return Some(format!(
            "write `per {n} {unit}`: the last {n} {unit}, up to the event's"
        ));
    }
    let start = super::last_keyword(before, "limit")?;
    let head = before.get(start..)?.trim_end();
    if head.contains(['{', '}']) {
        return None;
    }
    // `limit once per visit`: a rule applies once an event anyway.
    if last == "per"
        && matches!(
            word,
            "visit" | "transaction" | "purchase" | "order" | "event" | "receipt" | "tx"
        )
    {
        let head = head.strip_suffix("per")?.trim_end();
        return Some(format!(
            "a rule applies at most once an event; a limit counts a member's events: `{head} per member per day`"
        ));
    }
    let statement = one_statement(rest);
    // `limit one time per member`, `limit three times ...`.
    if last == "limit" {
        const NUMBERS: [&str; 9] = [
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ];
        let n = NUMBERS.iter().position(|w| *w == word)? + 1;
        let after: Vec<&str> = statement.split_whitespace().skip(1).collect();
        let after = match after.as_slice() {
            ["time" | "times", more @ ..] if n <= 2 => more.join(" "),
            _ => after.join(" "),
        };
        let count = match n {
            1 => "once".to_string(),
            2 => "twice".to_string(),
            n => n.to_string(),
        };
        return Some(format!("write `limit {count} {after}`"));
    }
    // `limit 4 orders per day`: a noun after the count.
    let noun = !matches!(
        word,
        "per" | "time" | "times" | "a" | "an" | "each" | "every"
    ) && !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphabetic());
    if noun && last.parse::<u64>().is_ok() && head == format!("limit {last}") {
        let words: Vec<&str> = statement.split_whitespace().skip(1).collect();
        return Some(format!(
            "a limit counts the times the rule applies: `limit {last} {}`",
            super::member_scope(&words)
        ));
    }
    // `limit once a year`, `limit 3 times each month`.
    if matches!(word, "a" | "an" | "each" | "every") {
        let words: Vec<&str> = statement.split_whitespace().collect();
        return Some(format!("write `{head} {}`", super::member_scope(&words)));
    }
    None
}

/// The help for segments named without conditions, as if the program
/// declared the host's.
fn host_segment(name: &str) -> String {
    format!(
        "a member's segment comes from the host with no declaration (`\"segment\": \"{name}\"` in the member's JSON, read as `member.segment == \"{name}\"`); a program that decides segments itself declares each with its condition: `segment {name} when CONDITION`"
    )
}

/// `segments { plus vip }` outside every block.
fn segment_list(before: &str, rest: &str) -> Option<String> {
    if word_at(rest) != "segments" || !crate::parser::recovery::at_top_level(before, before.len()) {
        return None;
    }
    let block = rest
        .get("segments".len()..)?
        .trim_start()
        .strip_prefix('{')?;
    let name = word_at(block.trim_start());
    (!name.is_empty()).then(|| host_segment(name))
}

/// `segment vip: CONDITION`, `segment "vip" when ...`; `segment plus`
/// alone, the host's segment declared.
fn segment_words(before: &str, rest: &str) -> Option<String> {
    let line = before.rsplit('\n').next()?.trim();
    if let ["segment", name] = line.split_whitespace().collect::<Vec<_>>().as_slice() {
        if !name.is_empty() && super::word_at(name) == *name && !rest.starts_with(':') {
            return Some(host_segment(name));
        }
    }
    let mut back = before.split_whitespace().rev();
    let last = back.next()?;
    if last == "segment" && rest.starts_with('"') {
        return Some("a segment's name is written without quotes: `segment vip when ...`".into());
    }
    if back.next() == Some("segment") && rest.starts_with(':') {
        let condition = one_statement(rest.get(1..)?);
        return Some(format!("write `segment {last} when {condition}`"));
    }
    None
}
