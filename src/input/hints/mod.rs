//! Hints added to input errors for the mistakes hosts make most: a kind
//! of the program's own written as a kind, the kind under another key, a
//! tender of the program's own beside the built-in ones, a purchase given
//! by its amount or in a till's words, a returned line named by its SKU,
//! an event's own data beside its fields; a member's in `member.rs`. Each
//! reads the text again only on its error.

mod member;

pub(crate) use member::date_help;
pub(in crate::input) use member::{member_field_hint, member_value_hint};

use super::json::InputError;

/// An unknown kind is a built-in kind written otherwise (`Purchase`,
/// `check-in`: the error names it), or often a kind of the program's own
/// written as the kind itself, or as `"kind": "event"` with its `name` (as
/// the program writes `on event "NAME"`): the error says how such an event
/// is written, with the name the event gives, else its kind (and a
/// built-in kind close to it, if any).
pub(super) fn custom_hint(mut e: InputError, text: &str) -> InputError {
    let unknown = (e.path == "kind")
        .then(|| e.message.strip_prefix("unknown variant `")?.split_once('`'))
        .flatten()
        .map(|(kind, _)| kind.to_string());
    if let Some(kind) = unknown {
        // Only on this error: the event's own `name`, if it has one.
        let given = given(text, "name").and_then(|v| v.as_str().map(str::to_string));
        // A built-in kind in capitals or with a hyphen is that kind.
        let builtin = crate::kinds::Kind::names()
            .chain(["custom"])
            .find(|k| plain(k) == plain(&kind));
        if let Some(k) = builtin {
            e.message.push_str(&format!("; did you mean `{k}`?"));
            return e;
        }
        // Kinds as other systems name them, which built-in ones are.
        let said = match kind.as_str() {
            "refund" | "refunded" => Some("a refund of a purchase is \"kind\": \"return\""),
            "redeem" | "redeemed" | "burn" | "spend" => {
                Some("spending points is \"kind\": \"redemption\"")
            }
            "cancel" | "cancelled" | "canceled" | "void" => {
                Some("undoing a redemption is \"kind\": \"cancellation\"")
            }
            "order" | "sale" | "transaction" | "payment" => {
                Some("a sale is \"kind\": \"purchase\"")
            }
            _ => None,
        };
        if let Some(said) = said {
            e.message.push_str(&format!("; {said}"));
            return e;
        }
        let close = crate::check::did_you_mean(&kind, crate::kinds::Kind::names());
        let name = serde_json::Value::from(given.unwrap_or(kind)).to_string();
        let custom = format!("{{\"kind\": \"custom\", \"name\": {name}, ...}}");
        e.message.push_str(&match close {
            Some(k) => format!(
                "; did you mean `{k}`? An event of a kind of the program's own is written {custom}"
            ),
            None => format!("; an event of a kind of the program's own is written {custom}"),
        });
    }
    e
}

/// An event without `kind` that gives its kind under another key, as other
/// systems name it (`type`, `event_type`, `eventType`, `event`): the error
/// says where the kind goes, with the kind given when it is text.
pub(super) fn kind_key_hint(mut e: InputError, text: &str) -> InputError {
    if !(e.path.is_empty() && e.message == "missing field `kind`") {
        return e;
    }
    // Only on this error: the keys of the event's own object.
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(text) else {
        return e;
    };
    const OTHER_NAMES: [&str; 5] = ["type", "eventtype", "event", "eventkind", "kind"];
    let given = fields
        .iter()
        .find(|(k, v)| OTHER_NAMES.contains(&plain(k).as_str()) && !v.is_object());
    if let Some((key, value)) = given {
        let kind = match value.as_str() {
            Some(kind) => serde_json::Value::from(kind).to_string(),
            None => "\"purchase\" (or another kind)".to_string(),
        };
        e.message.push_str(&format!(
            "; the event gives `{key}`: write \"kind\": {kind}"
        ));
    }
    e
}

/// A name in lower case without `_`, `-` or spaces: `Check-in`,
/// `check_in` and `checkIn` are one (`checkin`).
pub(super) fn plain(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A tender of the program's own given beside the built-in ones: the error
/// says it goes under `other` (unless it is close to a built-in one, which
/// the error lists).
pub(super) fn tender_hint(mut e: InputError) -> InputError {
    let unknown = e.message.starts_with("unknown field");
    if let (true, Some(name)) = (unknown, e.path.strip_prefix("tenders.")) {
        const BUILT_IN: [&str; 6] = [
            "card",
            "cash",
            "stored_value",
            "gift_card",
            "points",
            "other",
        ];
        // Payment kinds as tills name them, which built-in ones are.
        let built_in = match name {
            "credit" | "debit" | "credit_card" | "debit_card" | "creditcard" | "debitcard"
            | "bank_card" | "visa" | "mastercard" | "amex" => Some("card"),
            "wallet" | "stored" => Some("stored_value"),
            _ => None,
        };
        if let Some(kind) = built_in {
            e.message.push_str(&format!(
                "; a payment by {name} is `{kind}`: \"tenders\": {{\"{kind}\": ...}} (a tender the \
                 program declares, `tender {name}`, is written \"tenders\": {{\"other\": {{\"{name}\": ...}}}})"
            ));
            return e;
        }
        if crate::check::did_you_mean(name, BUILT_IN).is_none() {
            let hint = format!(
                "; a tender the program declares (`tender {name}`) is written \
                 \"tenders\": {{\"other\": {{\"{name}\": ...}}}}"
            );
            e.message.push_str(&hint);
        }
    }
    e
}

/// A purchase given by its amount or total (a card payment, a till that
/// sends only the total), or a line by its amount: the error says what
/// those are made of, and for a purchase the one line to send, with the
/// amount given.
pub(super) fn amount_hint(mut e: InputError, text: &str) -> InputError {
    if !e.message.starts_with("unknown field") {
        return e;
    }
    let said = match e.path.as_str() {
        "amount" => "amount is what its lines add up to (`tx.amount`)",
        "total" => "total is what its lines add up to, with its tax and shipping (`tx.total`)",
        "subtotal" | "sub_total" => "subtotal is what its lines add up to (`tx.amount`)",
        path if path.starts_with("lines[") && path.ends_with("].amount") => {
            e.message.push_str(
                "; a line's amount is its quantity times its `unit_price`, less its \
                 `discount` (`line.amount`): give the price of one unit",
            );
            return e;
        }
        _ => return e,
    };
    // Only on this error: the amount the purchase gives, as text.
    let given = given(text, &e.path)
        .and_then(|v| match v {
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| "12.50".to_string());
    e.message.push_str(&format!(
        "; a purchase's {said}: a purchase without items, such as a card payment, \
         is one line, \"lines\": [{{\"sku\": \"card\", \"quantity\": 1, \"unit_price\": {}}}]",
        serde_json::Value::from(given)
    ));
    e
}

/// An event's data of its own given beside its fields (`"nights": 3`,
/// not under `attributes`): the error says where it goes, with the
/// declaration (`attribute event.nights number`, `tx.` for a purchase)
/// that reads it. A field misspelt (close to one the error lists) is left
/// to that list; so is an error that has a hint already.
pub(super) fn attribute_key_hint(mut e: InputError, text: &str, prefix: &str) -> InputError {
    let top = !e.path.is_empty() && !e.path.contains(['.', '[']);
    let Some(fields) = expected_fields(&e) else {
        return e;
    };
    if !top || names_member(&e.path) {
        return e;
    }
    // `{"kind": "custom", "event": "app_install"}`: the kind's name under
    // another key.
    let name_key = [
        "event",
        "type",
        "eventtype",
        "eventname",
        "event_name",
        "custom",
        "kindname",
    ];
    if fields.contains(&"name") && name_key.contains(&plain(&e.path).as_str()) {
        if let Some(serde_json::Value::String(kind)) = given(text, &e.path) {
            let name = serde_json::Value::from(kind).to_string();
            e.message.push_str(&format!(
                "; a kind of the program's own is named by `name`: {{\"kind\": \"custom\", \"name\": {name}, ...}}"
            ));
            return e;
        }
    }
    // `timestmp`, `reward_id`: a field misspelt, or named with its id.
    let stem = e
        .path
        .strip_suffix("_id")
        .or_else(|| e.path.strip_suffix("Id"))
        .filter(|s| fields.contains(s));
    if let Some(field) = stem
        .map(str::to_string)
        .or_else(|| crate::check::did_you_mean(&e.path, fields.iter().copied()))
    {
        e.message.push_str(&format!("; did you mean `{field}`?"));
        return e;
    }
    let value = given(text, &e.path);
    let kind = attribute_type(value.as_ref());
    let shown = value.map_or_else(|| "...".to_string(), |v| v.to_string());
    let key = e.path.clone();
    e.message.push_str(&format!(
        "; an event's own data is an attribute (declared `attribute {prefix}.{key} {kind}`): \
         \"attributes\": {{\"{key}\": {shown}}}"
    ));
    e
}

/// The fields serde's `unknown field` error lists as expected, when it
/// has no hint yet.
fn expected_fields(e: &InputError) -> Option<Vec<&str>> {
    let m = e.message.strip_prefix("unknown field `")?;
    let (_, rest) = m.split_once("`, expected one of ")?;
    (!rest.contains("; ")).then(|| rest.split(", ").map(|f| f.trim_matches('`')).collect())
}

/// A purchase's parts under the names tills and shops give them: its
/// items, a line's number of units, its price and its product.
pub(super) fn purchase_key_hint(mut e: InputError, text: &str) -> InputError {
    if !e.message.starts_with("unknown field") {
        return e;
    }
    let line_key = e
        .path
        .strip_prefix("lines[")
        .and_then(|p| p.split_once("]."))
        .map(|(_, key)| key);
    let said = match (e.path.as_str(), line_key) {
        ("items" | "line_items" | "lineitems" | "products" | "basket" | "cart", None) => {
            "a purchase's items are its `lines`: \"lines\": [{\"sku\": ..., \"quantity\": 1, \"unit_price\": ...}]"
        }
        (_, Some("qty" | "count" | "units" | "number" | "amount_of_items")) => {
            "a line's number of units is its `quantity`"
        }
        (_, Some("price" | "unit_cost" | "item_price" | "unitprice" | "unitPrice" | "cost")) => {
            "a line's price is its `unit_price`, the price of one unit"
        }
        (
            _,
            Some(
                "product" | "product_id" | "productId" | "item" | "item_id" | "itemId" | "upc"
                | "ean" | "gtin" | "plu" | "code",
            ),
        ) => "a line's product is its `sku`",
        (_, Some("department" | "type" | "category_id" | "group")) => {
            "a line's kind of goods is its `category`"
        }
        // A line's data of its own (a segment's `distance`), not a field
        // misspelt: where it goes, and the declaration that reads it.
        (path, Some(key))
            if !key.contains(['.', '['])
                && expected_fields(&e)
                    .is_some_and(|fields| crate::check::did_you_mean(key, fields).is_none()) =>
        {
            let value = value_at(text, path);
            let kind = attribute_type(value.as_ref());
            let shown = value.map_or_else(|| "...".to_string(), |v| v.to_string());
            e.message.push_str(&format!(
                "; a line's own data is an attribute (declared `attribute line.{key} {kind}`): \
                 \"attributes\": {{\"{key}\": {shown}}}"
            ));
            return e;
        }
        _ => return e,
    };
    e.message.push_str(&format!("; {said}"));
    e
}

/// The value at `path` of the JSON `text` (`attributes.nights`,
/// `lines[0].attributes.distance`), as serde's errors name places.
fn value_at(text: &str, path: &str) -> Option<serde_json::Value> {
    let mut value = serde_json::from_str::<serde_json::Value>(text).ok()?;
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => (key, Some(rest.strip_suffix(']')?.parse::<usize>().ok()?)),
            None => (part, None),
        };
        value = value.get_mut(key)?.take();
        if let Some(i) = index {
            value = value.get_mut(i)?.take();
        }
    }
    Some(value)
}

/// A line's categories given as a list: a line has one category, and its
/// other labels are its tags; the error says so with the values given.
pub(super) fn category_list_hint(mut e: InputError, text: &str) -> InputError {
    let Some(index) = e
        .path
        .strip_prefix("lines[")
        .and_then(|p| p.strip_suffix("].category"))
        .and_then(|i| i.parse::<usize>().ok())
    else {
        return e;
    };
    if !e.message.starts_with("invalid type: sequence") {
        return e;
    }
    let listed: Vec<serde_json::Value> = given(text, "lines")
        .and_then(|lines| lines.get(index)?.get("category")?.as_array().cloned())
        .unwrap_or_default();
    let first = listed.first().cloned().unwrap_or_else(|| "...".into());
    let others = serde_json::Value::from(listed.get(1..).unwrap_or_default().to_vec());
    e.message.push_str(&format!(
        "; a line has one category, \"category\": {first}, and its other labels are its \
         `tags`: \"tags\": {others}"
    ));
    e
}

/// A purchase without its currency: the error says what it is for and
/// how it is written.
pub(super) fn currency_hint(mut e: InputError) -> InputError {
    if e.path.is_empty() && e.message == "missing field `currency`" {
        e.message.push_str(
            "; a purchase says the currency of its amounts, which is the program's \
             (\"currency\": \"USD\" for a program in USD): another is refused, never converted",
        );
    }
    e
}

/// The member given in an event (an id under `member`, `member_id`,
/// `customer_id`): the member is passed beside the event.
pub(super) fn member_key_hint(mut e: InputError) -> InputError {
    if names_member(&e.path) && e.message.starts_with("unknown field") {
        e.message.push_str(
            "; the member is passed beside the event, not in it (`program.evaluate(&member, \
             &event)`; a line for `loyalty eval` can be {\"member\": \"M1\", \"event\": {...}})",
        );
    }
    e
}

/// An attribute given as an object (`{"value": "45.50", "currency":
/// "USD"}`): an attribute holds one value, with the amount given when it
/// has one.
pub(super) fn object_attribute_hint(e: InputError, text: &str) -> InputError {
    let mut e = pairs_hint(e, text);
    // The purchase's, the event's or the member's, or a line's.
    let own = e.path.strip_prefix("attributes.").is_some()
        || e.path
            .strip_prefix("lines[")
            .and_then(|p| p.split_once("].attributes."))
            .is_some();
    if !own || !e.message.starts_with("invalid type: map") {
        return e;
    }
    // Only on this error: an amount in the object, if it gives one.
    let amount = value_at(text, &e.path)
        .and_then(|v| match v {
            serde_json::Value::Object(fields) => fields.values().find_map(|v| match v {
                serde_json::Value::String(s) if s.parse::<rust_decimal::Decimal>().is_ok() => {
                    Some(s.clone())
                }
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }),
            _ => None,
        })
        .unwrap_or_else(|| "12.50".to_string());
    e.message.push_str(&format!(
        "; an attribute holds one value: an amount alone, \"{amount}\" (money is in the \
         program's currency), a date as \"2026-03-01\", a code or a name as text"
    ));
    e
}

/// Attributes given as a list of name and value pairs (`[{"name":
/// "distance", "value": 2496}]`, as some systems send them): the object
/// the crate reads, made of the pairs.
fn pairs_hint(mut e: InputError, text: &str) -> InputError {
    let at_attributes = e.path == "attributes"
        || e.path
            .strip_prefix("lines[")
            .is_some_and(|p| p.ends_with("].attributes"));
    if !at_attributes || !e.message.starts_with("invalid type: sequence") {
        return e;
    }
    let Some(serde_json::Value::Array(items)) = value_at(text, &e.path) else {
        return e;
    };
    let pair = |item: &serde_json::Value| {
        let name = ["name", "key", "attribute", "code", "id"]
            .iter()
            .find_map(|k| item.get(k)?.as_str())?;
        let value = ["value", "val"].iter().find_map(|k| item.get(k))?;
        Some(format!("{}: {value}", serde_json::Value::from(name)))
    };
    let Some(pairs) = items.iter().map(pair).collect::<Option<Vec<String>>>() else {
        return e;
    };
    if pairs.is_empty() {
        return e;
    }
    e.message.push_str(&format!(
        "; attributes are an object of names and values: \"attributes\": {{{}}}",
        pairs.join(", ")
    ));
    e
}

/// Whether an event's key names its member (`member_id`, `customerId`).
fn names_member(key: &str) -> bool {
    matches!(
        plain(key).as_str(),
        "member" | "memberid" | "customer" | "customerid" | "userid"
    )
}

/// An id, a SKU or another text given as a number (`"id": 12345`): the
/// error says to write it as text, which keeps it as the host has it
/// (leading zeros and all).
pub(super) fn number_as_text_hint(mut e: InputError) -> InputError {
    let number = e
        .message
        .strip_prefix("invalid type: integer `")
        .and_then(|rest| rest.strip_suffix("`, expected a string"))
        .map(str::to_string);
    if let Some(number) = number {
        e.message
            .push_str(&format!("; write it as text: \"{number}\""));
    }
    e
}

/// A returned line named otherwise than by its position or its SKU (an
/// `item`, a `product_id`): the error says how it is written, with the
/// text given, if any.
pub(super) fn returned_line_hint(mut e: InputError, text: &str) -> InputError {
    if !e.message.starts_with("unknown field") || !e.path.starts_with("lines[") {
        return e;
    }
    let index = e
        .path
        .strip_prefix("lines[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|i| i.parse::<usize>().ok());
    // Only on this error: the line as the event gives it.
    let line = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("lines")?.get(index?).cloned());
    let sku = line
        .as_ref()
        .and_then(|line| {
            line.get("sku")
                .or_else(|| line.as_object()?.values().find(|v| v.is_string()))
                .and_then(|s| s.as_str().map(str::to_string))
        })
        .unwrap_or_else(|| "...".to_string());
    let sku = serde_json::Value::from(sku);
    // `qty`, `count`: the number returned under another name.
    let key = e.path.rsplit('.').next().unwrap_or_default();
    let number = [
        "qty",
        "count",
        "units",
        "number",
        "returned",
        "quantityreturned",
        "returnedquantity",
    ];
    if number.contains(&plain(key).as_str()) {
        let given = line
            .as_ref()
            .and_then(|line| line.get(key).cloned())
            .unwrap_or(serde_json::Value::from(1));
        e.message.push_str(&format!(
            "; the number returned is `quantity`: {{\"sku\": {sku}, \"quantity\": {given}}}"
        ));
        return e;
    }
    e.message.push_str(&format!(
        "; a returned line is named by its position in the purchase (`line`, from 0), its \
         SKU, or both: {{\"sku\": {sku}, \"quantity\": 1}}"
    ));
    e
}

/// A redemption's, a return's or a cancellation's part under the name
/// other systems give it: the error names the crate's, with the value
/// given.
pub(super) fn event_key_hint(mut e: InputError, text: &str) -> InputError {
    if !e.message.starts_with("unknown field") {
        return e;
    }
    // Only on this error: the value the event gives under that key.
    let given = || given(text, &e.path).unwrap_or(serde_json::Value::from("..."));
    let said = match e.path.as_str() {
        "rule" | "burn_rule" | "rule_name" => format!(
            "the burn rule is named by `burn` (a reward of the catalog by `reward`): \"burn\": {}",
            given()
        ),
        "quantity" | "qty" | "count" if e.message.contains("`reward`") => {
            "a redemption takes one reward: send one for each".to_string()
        }
        "amount" | "value" | "money" | "cash" | "usd" | "eur" | "gbp" | "cad"
            if e.message.contains("`burn`") =>
        {
            "a redemption gives the points it \
            spends (\"points\": \"100\"): their value is the burn rule's, and the amount of \
            the order they pay for is `order`"
                .to_string()
        }
        "transaction" | "transaction_id" | "purchase_id" | "order" | "order_id"
            if e.message.contains("`purchase`") =>
        {
            format!(
                "the purchase returned is named by `purchase`: \"purchase\": {}",
                given()
            )
        }
        "redemption_id" if e.message.contains("`redemption`") => format!(
            "the redemption cancelled is named by `redemption`: \"redemption\": {}",
            given()
        ),
        _ => return e,
    };
    e.message.push_str(&format!("; {said}"));
    e
}

/// The value the event's text gives under its top-level `key`: read again
/// only for an error's hint.
fn given(text: &str, key: &str) -> Option<serde_json::Value> {
    match serde_json::from_str::<serde_json::Value>(text).ok()? {
        serde_json::Value::Object(mut fields) => fields.remove(key),
        _ => None,
    }
}

/// The type an attribute given as `value` would be declared with.
pub(super) fn attribute_type(value: Option<&serde_json::Value>) -> &'static str {
    match value {
        Some(serde_json::Value::Bool(_)) => "bool",
        Some(serde_json::Value::Number(_)) => "number",
        Some(serde_json::Value::Array(_)) => "list",
        _ => "text",
    }
}
