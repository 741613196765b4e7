//! Hints for a member as other systems send it: its fields under a CRM's
//! names, what a member does not hold, and dates as they are printed.

use super::{attribute_type, plain};
use crate::input::json::InputError;

/// A member's fields under the names CRMs give them, and what a member
/// does not hold (its points, whether it bought before) or holds as an
/// attribute (any other data of its own): the error says what the crate
/// reads, with the value given. `text` is the member's (or the list's)
/// JSON, read again only on this error.
pub(in crate::input) fn member_field_hint(mut e: InputError, text: &str) -> InputError {
    if !e.message.starts_with("unknown field") {
        return e;
    }
    // `[1].customer_id` in a list of members.
    let (index, key) = match e.path.strip_prefix('[').and_then(|p| p.split_once("].")) {
        Some((i, key)) => (i.parse::<usize>().ok(), key.to_string()),
        None => (None, e.path.clone()),
    };
    let value = || {
        let document = serde_json::from_str::<serde_json::Value>(text).ok()?;
        let member = match index {
            Some(i) => document.get(i)?.clone(),
            None => document,
        };
        member.get(&key).cloned()
    };
    let as_text = |v: Option<serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => serde_json::Value::from(s).to_string(),
        Some(serde_json::Value::Number(n)) => serde_json::Value::from(n.to_string()).to_string(),
        _ => "\"...\"".to_string(),
    };
    const FIELDS: [&str; 7] = [
        "id",
        "tier",
        "join_date",
        "birthday",
        "segment",
        "purchase_count",
        "attributes",
    ];
    let said = match plain(&key).as_str() {
        "memberid" | "customerid" | "userid" | "accountid" | "member" | "customer"
        | "membernumber" | "memberno" | "cardnumber" | "loyaltyid" => {
            format!("the member's id is `id`: \"id\": {}", as_text(value()))
        }
        "joined" | "joinedat" | "joinedon" | "enrolled" | "enrolledon" | "enrollmentdate"
        | "enrolmentdate" | "signupdate" | "signedup" | "membersince" | "since" | "createdat" => {
            format!(
                "the day the member joined is `join_date`: \"join_date\": {}",
                as_text(value())
            )
        }
        "dob" | "dateofbirth" | "birthdate" | "born" => {
            format!("a member's birthday is `birthday`: \"birthday\": {}", as_text(value()))
        }
        "points" | "balance" | "balances" | "pointsbalance" | "pointbalance" => {
            "a member's points are in its state (`MemberState`, `--state` for the CLI), not in the member"
                .to_string()
        }
        "firstpurchase" | "isfirstpurchase" | "newcustomer" => {
            "`member.first_purchase` is read from `purchase_count`: \"purchase_count\": 0 for a \
             member who has not bought yet"
                .to_string()
        }
        "level" | "status" | "tierlevel" | "tiername" => {
            format!("a member's level is `tier`: \"tier\": {}", as_text(value()))
        }
        _ if crate::check::did_you_mean(&key, FIELDS).is_none() => {
            let kind = attribute_type(value().as_ref());
            format!(
                "a member's own data that the program reads is an attribute it declares \
                 (`attribute member.{key} {kind}`): \"attributes\": {{\"{key}\": ...}}"
            )
        }
        _ => return e,
    };
    e.message.push_str(&format!("; {said}"));
    e
}

/// A member's count or segment of another type (`"purchase_count": "3"`,
/// a list of segments): what the crate reads, instead of serde's
/// `expected u64`.
pub(in crate::input) fn member_value_hint(mut e: InputError, text: &str) -> InputError {
    let key = e.path.rsplit('.').next().unwrap_or_default().to_string();
    let said = match key.as_str() {
        "purchase_count" if e.message.starts_with("invalid type: string") => {
            let given = e
                .message
                .strip_prefix("invalid type: string \"")
                .and_then(|m| m.split('"').next())
                .filter(|n| n.parse::<u64>().is_ok())
                .unwrap_or("0")
                .to_string();
            format!(
                "the purchases before this event, a whole number without quotes: \"purchase_count\": {given}"
            )
        }
        "purchase_count" if e.message.starts_with("invalid value: integer `-") => {
            "the purchases before this event, a whole number, 0 or more".to_string()
        }
        "segment" if e.message.starts_with("invalid type: sequence") => {
            let list = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.get("segment").cloned())
                .filter(serde_json::Value::is_array);
            let first = list
                .as_ref()
                .and_then(|l| l.get(0))
                .map_or_else(|| "\"vip\"".to_string(), ToString::to_string);
            let list = list.map_or_else(
                || "[...]".to_string(),
                |l| {
                    serde_json::to_string(&l)
                        .unwrap_or_default()
                        .replace(',', ", ")
                },
            );
            format!(
                "a member is in one segment, as text (\"segment\": {first}); several are a list the program declares (`attribute member.segments list`): \"attributes\": {{\"segments\": {list}}}"
            )
        }
        _ => return e,
    };
    e.message.push_str(&format!("; {said}"));
    e
}

/// A date as other systems print it (`03/15/1990`, `15.03.1990`,
/// `1990/03/15`, a date with its time): how to write the day, when only
/// one day is meant; both days when the month could be either number.
pub(crate) fn date_help(s: &str) -> Option<String> {
    use chrono::NaiveDate;
    let s = s.trim();
    // A date and time: its day.
    if let Some(day) = s.get(..10).filter(|_| s.len() > 10) {
        if NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok() {
            return Some(format!(": a date is a day without its time, \"{day}\""));
        }
    }
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let numbers = (
        a.parse::<u32>().ok()?,
        b.parse::<u32>().ok()?,
        c.parse::<i32>().ok()?,
    );
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    let written = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    // 1990/03/15: the year first.
    if a.len() == 4 {
        let d = day(
            i32::try_from(numbers.0).ok()?,
            numbers.1,
            u32::try_from(numbers.2).ok()?,
        );
        return Some(match d {
            Some(d) => format!(": write it year, month, day, \"{}\"", written(d)),
            None => NO_SUCH_DAY.to_string(),
        });
    }
    if c.len() != 4 {
        return None;
    }
    let (x, y, year) = numbers;
    match (day(year, x, y), day(year, y, x)) {
        (Some(d), None) | (None, Some(d)) => {
            Some(format!(": write it year, month, day, \"{}\"", written(d)))
        }
        (Some(first), Some(second)) if first != second => Some(format!(
            ": write it year, month, day ({} is \"{}\", {} \"{}\")",
            first.format("%-d %B"),
            written(first),
            second.format("%-d %B"),
            written(second)
        )),
        (Some(d), Some(_)) => Some(format!(": write it year, month, day, \"{}\"", written(d))),
        (None, None) => Some(NO_SUCH_DAY.to_string()),
    }
}

/// What a date written otherwise says when its numbers make no day.
const NO_SUCH_DAY: &str = ": there is no such day";
