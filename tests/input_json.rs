#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Input is never silently changed (issue 9, items 11-13): an unknown field,
//! a number that cannot be held exactly, an impossible date or a duplicate
//! key is an error that names its path, line and column.

mod common;

use common::fixtures::*;
use loyalty_rules::{Event, InputError, Member, Program};
use rust_decimal::Decimal;

fn purchase_json(line: &str, rest: &str) -> String {
    format!(
        r#"{{"kind": "purchase", "id": "T1", "timestamp": "2026-03-04T12:00:00Z", "currency": "USD",
"lines": [{line}]{rest}}}"#
    )
}

/// The path of what `json` has wrong, and the hint after its message.
fn tail(json: &str) -> (String, String) {
    let e = error(json);
    let message = e.message.clone();
    let (_, hint) = message.split_once("; ").unwrap_or(("", ""));
    (e.path, hint.to_string())
}

fn error(json: &str) -> InputError {
    match Event::from_json(json) {
        Ok(e) => panic!("accepted {json}: {e:?}"),
        Err(e) => e,
    }
}

#[test]
fn an_unknown_field_is_an_error_naming_its_path() {
    let e = error(&purchase_json(
        r#"{"sku": "A", "quantity": 1, "unit_price": "10.00", "discont": "9"}"#,
        "",
    ));
    assert_eq!(e.path, "lines[0].discont");
    // serde_json's place: the last character of the offending key.
    assert_eq!((e.line, e.column), (2, 70));
    assert!(
        e.message
            .starts_with("unknown field `discont`, expected one of"),
        "{e}"
    );
    let e = error(&purchase_json(
        r#"{"sku": "A", "quantity": 1, "unit_price": "10.00"}"#,
        r#", "tenders": {"crad": "10.00"}"#,
    ));
    assert_eq!(e.path, "tenders.crad");
    assert_eq!(
        e.to_string(),
        "tenders.crad: unknown field `crad`, expected one of `card`, `cash`, `stored_value`, `gift_card`, `points`, `other` (line 2, column 81)"
    );
    let e = Member::from_json(r#"{"id": "m1", "segmnet": "vip"}"#).unwrap_err();
    assert_eq!(e.path, "segmnet");
    for kind in ["review", "sign_up", "check_in", "share"] {
        let json = format!(
            r#"{{"kind": "{kind}", "id": "E", "timestamp": "2026-03-04T12:00:00Z", "stars": 5}}"#
        );
        assert_eq!(error(&json).path, "stars", "{kind}");
    }
}

#[test]
fn the_derived_serde_impls_refuse_unknown_fields_too() {
    let json = purchase_json(
        r#"{"sku": "A", "quantity": 1, "unit_price": "10.00", "discont": "9"}"#,
        "",
    );
    let err = serde_json::from_str::<Event>(&json).unwrap_err();
    assert!(err.to_string().contains("unknown field `discont`"), "{err}");
}

#[test]
fn numbers_are_read_exactly_or_refused() {
    // A bare JSON number of up to 15 significant digits is exact.
    let e = Event::from_json(&purchase_json(
        r#"{"sku": "A", "quantity": 3, "unit_price": 12.35}"#,
        "",
    ))
    .unwrap();
    let Event::Purchase(t) = &e else { panic!() };
    assert_eq!(t.lines[0].unit_price, Decimal::new(1235, 2));
    // More digits than an f64 keeps: refused, with the advice to quote it.
    let e = error(&purchase_json(
        r#"{"sku": "A", "quantity": 1, "unit_price": 12345678901234567.9}"#,
        "",
    ));
    assert_eq!(e.path, "lines[0].unit_price");
    assert_eq!(
        e.message,
        "the number 12345678901234567.9 has more digits than a JSON number keeps exactly: write it as a string, \"12345678901234567.9\""
    );
    let e = error(&purchase_json(
        r#"{"sku": "A", "quantity": 1, "unit_price": 0.30000000000000001}"#,
        "",
    ));
    assert_eq!(e.path, "lines[0].unit_price");
    // A string with more places than a decimal holds: refused, not rounded.
    let e = error(&purchase_json(
        r#"{"sku": "A", "quantity": 1, "unit_price": "1.00000000000000000000000000001"}"#,
        "",
    ));
    assert_eq!(e.path, "lines[0].unit_price");
    assert_eq!(
        e.message,
        "\"1.00000000000000000000000000001\" cannot be held exactly: a decimal has at most 28 significant digits"
    );
    // Attributes too.
    let e = Member::from_json(r#"{"id": "m1", "attributes": {"spend": 1234567890.12345678}}"#)
        .unwrap_err();
    assert_eq!(e.path, "attributes.spend");
}

#[test]
fn impossible_times_name_the_field_and_place() {
    for (stamp, column) in [
        // serde_json's place: the end of the offending value.
        ("2026-02-30T12:00:00Z", 67),
        ("2026-03-04T24:00:00Z", 67),
        ("2026-03-04T12:00:00", 66),
    ] {
        let json = format!(r#"{{"kind": "review", "id": "R1", "timestamp": "{stamp}"}}"#);
        let e = error(&json);
        assert_eq!(e.path, "timestamp", "{stamp}");
        assert_eq!((e.line, e.column), (1, column), "{stamp}");
        assert!(
            e.message.starts_with(&format!(
                "\"{stamp}\" is not a date and time with its UTC offset"
            )),
            "{e}"
        );
    }
    let e = Member::from_json(r#"{"id": "m1", "birthday": "1990-02-30"}"#).unwrap_err();
    assert_eq!(e.path, "birthday");
    assert!(e.message.starts_with("\"1990-02-30\" is not a date"), "{e}");
}

#[test]
fn duplicate_keys_are_errors() {
    let e =
        error(r#"{"kind": "review", "id": "R1", "id": "R2", "timestamp": "2026-03-04T12:00:00Z"}"#);
    assert_eq!(e.path, "id");
    assert_eq!(e.message, "duplicate field `id`");
    let e = error(
        r#"{"kind": "review", "kind": "share", "id": "R1", "timestamp": "2026-03-04T12:00:00Z"}"#,
    );
    assert_eq!(e.message, "duplicate field `kind`");
    let e = Member::from_json(r#"{"id": "m1", "attributes": {"vip": true, "vip": false}}"#)
        .unwrap_err();
    assert_eq!(e.path, "attributes.vip");
    assert_eq!(e.message, "duplicate attribute `vip`");
}

#[test]
fn an_unknown_kind_lists_the_kinds() {
    let e = error(r#"{"kind": "purchace", "id": "T1"}"#);
    assert_eq!(e.path, "kind");
    assert!(
        e.message
            .starts_with("unknown variant `purchace`, expected one of `purchase`"),
        "{e}"
    );
}

#[test]
fn an_unknown_kind_says_how_a_custom_event_is_written() {
    // A new user writes a program's own kind as the kind itself.
    let e = error(r#"{"kind": "card_spend", "id": "c1", "timestamp": "2026-03-31T12:00:00Z"}"#);
    assert_eq!(e.path, "kind");
    assert_eq!(
        e.message,
        "unknown variant `card_spend`, expected one of `purchase`, `sign_up`, `review`, \
         `check_in`, `share`, `referral`, `custom`, `time`, `redemption`, `return`, `cancellation`; \
         an event of a kind of the program's own is written \
         {\"kind\": \"custom\", \"name\": \"card_spend\", ...}"
    );
    let ok = Event::from_json(
        r#"{"kind": "custom", "name": "card_spend", "id": "c1", "timestamp": "2026-03-31T12:00:00Z"}"#,
    );
    assert!(ok.is_ok(), "{ok:?}");
}

/// Found writing a ride-hailing app's events: `on event "app_install"` in
/// the program, `"kind": "event"` with its `name` in the JSON. The hint
/// keeps the name the event gives.
#[test]
fn an_unknown_kind_with_a_name_keeps_the_name_in_the_hint() {
    let e = error(
        r#"{"kind": "event", "name": "app_install", "id": "i1", "timestamp": "2026-03-01T10:00:00Z"}"#,
    );
    assert_eq!(e.path, "kind");
    assert!(
        e.message.ends_with(
            "; an event of a kind of the program's own is written \
             {\"kind\": \"custom\", \"name\": \"app_install\", ...}"
        ),
        "{}",
        e.message
    );
}

#[test]
fn a_byte_order_mark_before_a_program_is_accepted() {
    let p = Program::compile(
        "\u{feff}program \"T\" { currency USD }\nearn \"R\" on purchase { award 1 point }",
    )
    .unwrap();
    assert_eq!(
        points(
            &p,
            &m1(),
            &purchase("2026-03-04T12:00:00Z", "store", &[("A", "x", "1", "1.00")])
        ),
        "1"
    );
    // The hash is of the program, not of the mark.
    let plain = Program::compile(
        "program \"T\" { currency USD }\nearn \"R\" on purchase { award 1 point }",
    )
    .unwrap();
    assert_eq!(p.hash(), plain.hash());
}

/// The kind is found while numbers are checked; what that walk cannot
/// decide (an escaped kind, a `kind` key inside another object) is read
/// as before.
#[test]
fn the_kind_is_read_wherever_and_however_it_is_written() {
    let json = r#"{"id": "R1", "attributes": {"kind": "share"}, "timestamp": "2026-03-04T12:00:00Z", "kind": "revi\u0065w"}"#;
    let event = Event::from_json(json).unwrap();
    assert!(matches!(event, Event::Review(_)), "{event:?}");
    assert_eq!(event.id(), "R1");
    let nested_only = error(r#"{"id": "R1", "attributes": {"kind": "share"}}"#);
    assert_eq!(nested_only.message, "missing field `kind`");
    // A syntax error after a kind the walk found is still reported with its place.
    let broken = error(r#"{"kind": "review", "id": "R1", "timestamp": "2026-03-04T12:00:00Z",}"#);
    assert_eq!((broken.line, broken.column), (1, 68), "{broken}");
}

/// An event's kind written under another key, as other systems name it
/// (`type`, `event_type`, `eventType`, `event`): the error says where the
/// kind goes, with the kind given.
#[test]
fn a_kind_under_another_key_is_named_in_the_error() {
    let e = error(r#"{"type": "purchase", "id": "T1", "timestamp": "2026-03-04T12:00:00Z"}"#);
    assert_eq!(e.path, "");
    assert_eq!(
        e.message,
        "missing field `kind`; the event gives `type`: write \"kind\": \"purchase\""
    );
    let e = error(r#"{"id": "T1", "eventType": "check_in"}"#);
    assert_eq!(
        e.message,
        "missing field `kind`; the event gives `eventType`: write \"kind\": \"check_in\""
    );
    // A value that is not text is not quoted back.
    let e = error(r#"{"id": "T1", "event_type": 3}"#);
    assert_eq!(
        e.message,
        "missing field `kind`; the event gives `event_type`: write \"kind\": \"purchase\" (or another kind)"
    );
}

#[test]
fn a_kind_repeated_with_an_escape_is_still_a_duplicate() {
    let e = error(
        r#"{"kind": "review", "\u006bind": "share", "id": "R1", "timestamp": "2026-03-04T12:00:00Z"}"#,
    );
    assert_eq!(e.message, "duplicate field `kind`");
}

/// A built-in kind written in capitals or with a hyphen is that kind, not
/// a kind of the program's own: the hint says which.
#[test]
fn a_built_in_kind_written_otherwise_is_named() {
    for (written, kind) in [
        ("Purchase", "purchase"),
        ("check-in", "check_in"),
        ("SignUp", "sign_up"),
    ] {
        let e = error(&format!(
            r#"{{"kind": "{written}", "id": "e1", "timestamp": "2026-03-01T10:00:00Z"}}"#
        ));
        assert!(
            e.message.ends_with(&format!("; did you mean `{kind}`?")),
            "{}",
            e.message
        );
    }
    // A close name may be either: both are said.
    let e = error(r#"{"kind": "reviews", "id": "e1", "timestamp": "2026-03-01T10:00:00Z"}"#);
    assert!(
        e.message.ends_with(
            "; did you mean `review`? An event of a kind of the program's own is written \
             {\"kind\": \"custom\", \"name\": \"reviews\", ...}"
        ),
        "{}",
        e.message
    );
}

#[test]
fn a_tender_of_the_programs_own_says_it_goes_under_other() {
    // `tender store_card` in the program; the event names it as a kind of
    // its own, as the program writes `tx.paid.store_card`.
    let e = error(&purchase_json(
        r#"{"sku": "A", "quantity": 1, "unit_price": "120.00"}"#,
        r#", "tenders": {"store_card": "120.00"}"#,
    ));
    assert_eq!(e.path, "tenders.store_card");
    assert_eq!(
        e.message,
        "unknown field `store_card`, expected one of `card`, `cash`, `stored_value`, \
         `gift_card`, `points`, `other`; a tender the program declares (`tender store_card`) \
         is written \"tenders\": {\"other\": {\"store_card\": ...}}"
    );
    // A built-in one misspelt gets no such hint.
    let e = error(&purchase_json(
        r#"{"sku": "A", "quantity": 1, "unit_price": "120.00"}"#,
        r#", "tenders": {"cards": "120.00"}"#,
    ));
    assert_eq!(e.path, "tenders.cards");
    assert!(!e.message.contains("other\": {"), "{}", e.message);
    // A payment kind as tills name it, which a built-in one is.
    for (given, kind) in [
        ("credit_card", "card"),
        ("debit", "card"),
        ("visa", "card"),
        ("wallet", "stored_value"),
    ] {
        let e = error(&purchase_json(
            r#"{"sku": "A", "quantity": 1, "unit_price": "120.00"}"#,
            &format!(r#", "tenders": {{"{given}": "120.00"}}"#),
        ));
        assert!(
            e.message.ends_with(&format!(
                "; a payment by {given} is `{kind}`: \"tenders\": {{\"{kind}\": ...}} (a tender \
                 the program declares, `tender {given}`, is written \"tenders\": {{\"other\": \
                 {{\"{given}\": ...}}}})"
            )),
            "{}",
            e.message
        );
    }
}

/// A returned line named by its SKU alone is read (the program finds its
/// line); one named otherwise is told how lines are named.
#[test]
fn a_returned_line_named_otherwise_says_how_lines_are_named() {
    let e = Event::from_json(
        r#"{"kind": "return", "id": "x1", "timestamp": "2026-03-12T12:00:00Z", "purchase": "n2",
"lines": [{"sku": "BOOTS", "quantity": 1}]}"#,
    )
    .unwrap();
    let Event::Return(r) = e else { panic!() };
    assert_eq!(
        (r.lines[0].line, r.lines[0].sku.as_deref()),
        (None, Some("BOOTS"))
    );
    let e = error(
        r#"{"kind": "return", "id": "x1", "timestamp": "2026-03-12T12:00:00Z", "purchase": "n2",
"lines": [{"line": 0, "item": "BOOTS", "quantity": 1}]}"#,
    );
    assert_eq!(e.path, "lines[0].item");
    assert_eq!(
        e.message,
        "unknown field `item`, expected one of `line`, `sku`, `quantity`; a returned line is \
         named by its position in the purchase (`line`, from 0), its SKU, or both: \
         {\"sku\": \"BOOTS\", \"quantity\": 1}"
    );
    // The quantity under another name is told `quantity`, with the
    // number given (was told how a line is named, with a quantity of 1).
    let e = error(
        r#"{"kind": "return", "id": "x1", "timestamp": "2026-03-12T12:00:00Z", "purchase": "n2",
"lines": [{"sku": "BOOTS", "qty": 5}]}"#,
    );
    assert_eq!(e.path, "lines[0].qty");
    assert_eq!(
        e.message,
        "unknown field `qty`, expected one of `line`, `sku`, `quantity`; the number returned is \
         `quantity`: {\"sku\": \"BOOTS\", \"quantity\": 5}"
    );
}

/// Amounts as a point-of-sale prints them: with the currency's sign, a
/// decimal comma, or thousands separators; refused, with the text to send.
#[test]
fn amounts_as_printed_are_refused_with_the_text_to_send() {
    let message = |price: &str| {
        error(&purchase_json(
            &format!(r#"{{"sku": "A", "quantity": 1, "unit_price": "{price}"}}"#),
            "",
        ))
        .message
    };
    assert_eq!(
        message("$12.50"),
        "\"$12.50\" is not a number: write it without the currency's sign, \"12.50\""
    );
    assert_eq!(
        message("12,50"),
        "\"12,50\" is not a number: decimals are written with a point, \"12.50\""
    );
    assert_eq!(
        message("1,250.00"),
        "\"1,250.00\" is not a number: write it without separators, \"1250.00\""
    );
    assert_eq!(message("twelve"), "\"twelve\" is not a number");
}

#[test]
fn a_byte_order_mark_before_the_text_is_ignored_as_for_programs() {
    // Windows tools save UTF-8 with a byte-order mark; JSON readers may
    // ignore it (RFC 8259, 8.1), and a program's text already does.
    let bom = '\u{feff}';
    let event = format!(
        "{bom}{}",
        purchase_json(r#"{"sku": "A", "quantity": 1, "unit_price": "5.00"}"#, "")
    );
    let plain = purchase_json(r#"{"sku": "A", "quantity": 1, "unit_price": "5.00"}"#, "");
    assert_eq!(
        Event::from_json(&event).unwrap(),
        Event::from_json(&plain).unwrap()
    );
    let member = Member::from_json(&format!("{bom}{{\"id\": \"m\", \"tier\": \"gold\"}}")).unwrap();
    assert_eq!(member.tier.as_deref(), Some("gold"));
    let members =
        Member::list_from_json(&format!("{bom}[{{\"id\": \"a\"}}, {{\"id\": \"b\"}}]")).unwrap();
    assert_eq!(members.len(), 2);
    let program = Program::compile("program \"x\" { currency USD }").unwrap();
    let state = program.new_state(&Member::new("m"));
    let json = serde_json::to_string(&state).unwrap();
    let read = loyalty_rules::MemberState::from_json(&format!("{bom}{json}")).unwrap();
    assert_eq!(read, state);
    let states = loyalty_rules::MemberState::list_from_json(&format!("{bom}[{json}]")).unwrap();
    assert_eq!(states, vec![state]);
    let budgets = loyalty_rules::Budgets::from_json(&format!("{bom}{{\"program\": \"x\"}}"));
    assert_eq!(budgets.map(|b| b.program).ok().as_deref(), Some("x"));
    // Only before the text: one inside it is still an error, at its place.
    let inside = format!("{{\"id\": \"m\",{bom} \"tier\": \"gold\"}}");
    let e = Member::from_json(&inside).unwrap_err();
    assert_eq!((e.line, e.column), (1, 12), "{e}");
}

#[test]
fn a_timestamp_given_as_a_number_says_what_to_send() {
    // Payment APIs send Unix times; the crate reads only RFC 3339 text,
    // and says what the number would be as text.
    let json = r#"{"kind": "review", "id": "r1", "timestamp": 1772586000}"#;
    let e = Event::from_json(json).unwrap_err();
    assert_eq!(e.path, "timestamp");
    assert_eq!(
        e.message,
        "1772586000 is a number: give the date and time as text with its UTC offset, \
         such as \"2026-11-20T10:00:00-05:00\" (as seconds since 1970, 1772586000 is \
         \"2026-03-04T01:00:00Z\")"
    );
    let json = r#"{"kind": "review", "id": "r1", "timestamp": 1772586000123}"#;
    let e = Event::from_json(json).unwrap_err();
    assert!(
        e.message.ends_with(
            "(as milliseconds since 1970, 1772586000123 is \"2026-03-04T01:00:00.123Z\")"
        ),
        "{e}"
    );
    // A number no time can be: no guess.
    let json = r#"{"kind": "review", "id": "r1", "timestamp": -99999999999999999}"#;
    let e = Event::from_json(json).unwrap_err();
    assert_eq!(
        e.message,
        "-99999999999999999 is a number: give the date and time as text with its UTC offset, \
         such as \"2026-11-20T10:00:00-05:00\""
    );
}

#[test]
fn a_custom_event_cannot_take_a_built_in_kind_s_name() {
    // No program's rule can be `on event "review"`: such an event would be
    // shown as a review and earn nothing as one.
    let e = Event::from_json(
        r#"{"kind": "custom", "name": "review", "id": "r1", "timestamp": "2026-03-03T10:00:00Z"}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "name");
    assert_eq!(
        e.message,
        "`review` is an event kind of its own: send {\"kind\": \"review\", ...}"
    );
    assert_eq!((e.line, e.column), (1, 35), "{e}");
    assert!(Event::from_json(
        r#"{"kind": "custom", "name": "app_install", "id": "i1", "timestamp": "2026-03-03T10:00:00Z"}"#
    )
    .is_ok());
}

/// A card payment, or a till that sends only the total, gives the
/// purchase's `amount`: the error says an amount is what the lines add up
/// to, with the one line to send (the amount given kept as given).
#[test]
fn a_purchase_given_by_its_amount_says_it_is_one_line() {
    let e = error(
        r#"{"kind": "purchase", "id": "t1", "timestamp": "2026-10-02T09:30:00-04:00",
"currency": "USD", "amount": "42.17"}"#,
    );
    assert_eq!(e.path, "amount");
    assert_eq!(
        e.message,
        "unknown field `amount`, expected one of `id`, `timestamp`, `channel`, `store`, \
         `currency`, `lines`, `tax`, `shipping`, `tenders`, `attributes`; a purchase's \
         amount is what its lines add up to (`tx.amount`): a purchase without items, \
         such as a card payment, is one line, \"lines\": [{\"sku\": \"card\", \
         \"quantity\": 1, \"unit_price\": \"42.17\"}]"
    );
    // So for a total, and for a number that is not text.
    let e = error(
        r#"{"kind": "purchase", "id": "t1", "timestamp": "2026-10-02T09:30:00-04:00",
"currency": "USD", "lines": [], "total": 9.5}"#,
    );
    assert_eq!(e.path, "total");
    assert!(
        e.message.ends_with(
            "; a purchase's total is what its lines add up to, with its tax and shipping \
             (`tx.total`): a purchase without items, such as a card payment, is one line, \
             \"lines\": [{\"sku\": \"card\", \"quantity\": 1, \"unit_price\": \"9.5\"}]"
        ),
        "{}",
        e.message
    );
    // A line's amount is its price times its quantity, less its discount.
    let e = error(&purchase_json(
        r#"{"sku": "A", "quantity": 2, "amount": "5.00"}"#,
        "",
    ));
    assert_eq!(e.path, "lines[0].amount");
    assert!(
        e.message.ends_with(
            "; a line's amount is its quantity times its `unit_price`, less its `discount` \
             (`line.amount`): give the price of one unit"
        ),
        "{}",
        e.message
    );
}

/// Redemptions, returns and refunds as other systems name their parts.
#[test]
fn redemptions_and_returns_in_other_systems_words_say_the_crate_s() {
    let e = error(
        r#"{"kind": "redemption", "id": "r1", "timestamp": "2026-09-21T12:00:00Z", "rule": "Pay", "points": "100"}"#,
    );
    assert!(
        e.message.ends_with("; the burn rule is named by `burn` (a reward of the catalog by `reward`): \"burn\": \"Pay\""),
        "{}",
        e.message
    );
    let e = error(
        r#"{"kind": "redemption", "id": "r1", "timestamp": "2026-09-21T12:00:00Z", "burn": "Pay", "amount": "1.00"}"#,
    );
    assert!(
        e.message.ends_with("; a redemption gives the points it spends (\"points\": \"100\"): their value is the burn rule's, and the amount of the order they pay for is `order`"),
        "{}",
        e.message
    );
    let e = error(
        r#"{"kind": "return", "id": "x1", "timestamp": "2026-09-21T12:00:00Z", "transaction": "t1", "amount": "10.00"}"#,
    );
    assert!(
        e.message
            .ends_with("; the purchase returned is named by `purchase`: \"purchase\": \"t1\""),
        "{}",
        e.message
    );
    let e = error(
        r#"{"kind": "refund", "id": "x1", "timestamp": "2026-09-21T12:00:00Z", "purchase": "t1", "amount": "10.00"}"#,
    );
    assert!(
        e.message
            .ends_with("; a refund of a purchase is \"kind\": \"return\""),
        "{}",
        e.message
    );
    let e = error(r#"{"kind": "redeem", "id": "r1", "timestamp": "2026-09-21T12:00:00Z"}"#);
    assert!(
        e.message
            .ends_with("; spending points is \"kind\": \"redemption\""),
        "{}",
        e.message
    );
}

/// A timestamp without its offset, or a day alone, as databases print
/// them: the error says what to send, written out.
#[test]
fn a_timestamp_without_its_offset_says_what_to_send() {
    let message = |stamp: &str| {
        error(&format!(
            r#"{{"kind": "review", "id": "R1", "timestamp": "{stamp}"}}"#
        ))
        .message
    };
    assert_eq!(
        message("2026-03-04T12:00:00"),
        "\"2026-03-04T12:00:00\" is not a date and time with its UTC offset: it has none; write \
         \"2026-03-04T12:00:00Z\" for UTC, or the offset of where it happened, such as \
         \"2026-03-04T12:00:00-05:00\""
    );
    assert_eq!(
        message("2026-09-21 12:00:00"),
        "\"2026-09-21 12:00:00\" is not a date and time with its UTC offset: it has none; write \
         \"2026-09-21T12:00:00Z\" for UTC, or the offset of where it happened, such as \
         \"2026-09-21T12:00:00-05:00\""
    );
    assert_eq!(
        message("2027-02-01"),
        "\"2027-02-01\" is not a date and time with its UTC offset: it is a day; give its time \
         too, such as \"2027-02-01T12:00:00Z\""
    );
}

/// Found sending a fast-food till's orders: the names other systems give
/// a purchase's parts (`items`, `qty`, `price`, `subtotal`, the member in
/// the event) and an id as a number each say what the crate reads.
#[test]
fn a_purchase_in_a_till_s_words_says_the_crate_s() {
    assert_eq!(
        tail(
            r#"{"kind": "purchase", "id": "o1", "timestamp": "2026-03-02T08:10:00-06:00",
"currency": "USD", "items": [{"sku": "A", "quantity": 1, "unit_price": "4.79"}]}"#
        ),
        (
            "items".to_string(),
            "a purchase's items are its `lines`: \"lines\": [{\"sku\": ..., \"quantity\": 1, \"unit_price\": ...}]"
                .to_string()
        )
    );
    assert_eq!(
        tail(&purchase_json(
            r#"{"sku": "A", "qty": 1, "unit_price": "4.79"}"#,
            ""
        )),
        (
            "lines[0].qty".to_string(),
            "a line's number of units is its `quantity`".to_string()
        )
    );
    assert_eq!(
        tail(&purchase_json(
            r#"{"sku": "A", "quantity": 1, "price": "4.79"}"#,
            ""
        )),
        (
            "lines[0].price".to_string(),
            "a line's price is its `unit_price`, the price of one unit".to_string()
        )
    );
    assert_eq!(
        tail(&purchase_json(
            r#"{"product_id": "A", "quantity": 1, "unit_price": "4.79"}"#,
            ""
        )),
        (
            "lines[0].product_id".to_string(),
            "a line's product is its `sku`".to_string()
        )
    );
    // A line's own data is an attribute of the line.
    assert_eq!(
        tail(&purchase_json(
            r#"{"sku": "SEA-BOS", "quantity": 1, "unit_price": "612.00", "distance": 2496}"#,
            ""
        )),
        (
            "lines[0].distance".to_string(),
            "a line's own data is an attribute (declared `attribute line.distance number`): \"attributes\": {\"distance\": 2496}".to_string()
        )
    );
    // A subtotal is what the lines add up to, as an amount is.
    let (path, hint) = tail(&purchase_json(
        r#"{"sku": "A", "quantity": 1, "unit_price": "4.79"}"#,
        r#", "subtotal": "4.79""#,
    ));
    assert_eq!(path, "subtotal");
    assert!(
        hint.starts_with("a purchase's subtotal is what its lines add up to (`tx.amount`)"),
        "{hint}"
    );
    // The member is passed beside the event.
    assert_eq!(
        tail(&purchase_json(
            r#"{"sku": "A", "quantity": 1, "unit_price": "4.79"}"#,
            r#", "member_id": "M1""#,
        )),
        (
            "member_id".to_string(),
            "the member is passed beside the event, not in it (`program.evaluate(&member, &event)`; \
             a line for `loyalty eval` can be {\"member\": \"M1\", \"event\": {...}})"
                .to_string()
        )
    );
    // An id as a number, in an event and in a member.
    let e = error(
        r#"{"kind": "purchase", "id": 12345, "timestamp": "2026-03-02T08:10:00-06:00",
"currency": "USD", "lines": []}"#,
    );
    assert_eq!(
        (e.path.as_str(), e.message.as_str()),
        (
            "id",
            "invalid type: integer `12345`, expected a string; write it as text: \"12345\""
        )
    );
    let e = Member::from_json(r#"{"id": 981, "join_date": "2025-03-01"}"#).unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.message.as_str()),
        (
            "id",
            "invalid type: integer `981`, expected a string; write it as text: \"981\""
        )
    );
}

/// Found sending members exported from a CRM: its names for a member's
/// fields, dates as it prints them, and what a member is not (its points,
/// its first purchase) each say what the crate reads.
#[test]
fn a_member_in_a_crm_s_words_says_the_crate_s() {
    let hint = |json: &str| {
        let e = Member::from_json(json).unwrap_err();
        let (_, hint) = e.message.split_once("; ").unwrap_or(("", ""));
        (e.path.clone(), hint.to_string())
    };
    let said = |path: &str, hint: &str| (path.to_string(), hint.to_string());
    assert_eq!(
        hint(r#"{"member_id": "M1"}"#),
        said("member_id", "the member's id is `id`: \"id\": \"M1\"")
    );
    assert_eq!(
        hint(r#"{"id": "M1", "joined": "2024-01-01"}"#),
        said(
            "joined",
            "the day the member joined is `join_date`: \"join_date\": \"2024-01-01\""
        )
    );
    assert_eq!(
        hint(r#"{"id": "M1", "points": 1200}"#),
        said(
            "points",
            "a member's points are in its state (`MemberState`, `--state` for the CLI), not in the member"
        )
    );
    assert_eq!(
        hint(r#"{"id": "M1", "first_purchase": true}"#),
        said(
            "first_purchase",
            "`member.first_purchase` is read from `purchase_count`: \"purchase_count\": 0 for a member who has not bought yet"
        )
    );
    assert_eq!(
        hint(r#"{"id": "M1", "email": "a@example.com"}"#),
        said(
            "email",
            "a member's own data that the program reads is an attribute it declares (`attribute member.email text`): \"attributes\": {\"email\": ...}"
        )
    );
    // Dates as a CRM prints them: the day written as the crate reads it,
    // when only one day is meant.
    let e = Member::from_json(r#"{"id": "M1", "birthday": "03/15/1990"}"#).unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.message.as_str()),
        ("birthday", "\"03/15/1990\" is not a date such as \"1990-07-14\": write it year, month, day, \"1990-03-15\"")
    );
    let e = Member::from_json(r#"{"id": "M1", "birthday": "15.03.1990"}"#).unwrap_err();
    assert!(
        e.message
            .ends_with("write it year, month, day, \"1990-03-15\""),
        "{e}"
    );
    let e = Member::from_json(r#"{"id": "M1", "join_date": "2024-01-01T10:00:00Z"}"#).unwrap_err();
    assert_eq!(
        e.message,
        "\"2024-01-01T10:00:00Z\" is not a date such as \"1990-07-14\": a date is a day without its time, \"2024-01-01\""
    );
    // 03/04/1990 is March or April: the day is not guessed.
    let e = Member::from_json(r#"{"id": "M1", "birthday": "03/04/1990"}"#).unwrap_err();
    assert_eq!(
        e.message,
        "\"03/04/1990\" is not a date such as \"1990-07-14\": write it year, month, day (4 March is \"1990-03-04\", 3 April \"1990-04-03\")"
    );
    // Numbers that make no day say so.
    let e = Member::from_json(r#"{"id": "M1", "birthday": "1990/02/30"}"#).unwrap_err();
    assert_eq!(
        e.message,
        "\"1990/02/30\" is not a date such as \"1990-07-14\": there is no such day"
    );
    // In a list of members, the path starts with the position.
    let e = Member::list_from_json(r#"[{"id": "M1"}, {"customer_id": "M2"}]"#).unwrap_err();
    assert_eq!(e.path, "[1].customer_id");
    assert!(
        e.message
            .ends_with("; the member's id is `id`: \"id\": \"M2\""),
        "{e}"
    );
}

/// Found sending a hotel's stays as events of its own: data of the
/// event's own beside its fields says it goes under `attributes`, with
/// the declaration the program needs to read it.
#[test]
fn an_attribute_beside_the_fields_says_it_goes_under_attributes() {
    let e = error(
        r#"{"kind": "custom", "name": "stay", "id": "s1", "timestamp": "2026-03-01T12:00:00Z", "nights": 3}"#,
    );
    assert_eq!(
        (e.path.as_str(), e.message.as_str()),
        (
            "nights",
            "unknown field `nights`, expected one of `id`, `name`, `timestamp`, `attributes`; \
             an event's own data is an attribute (declared `attribute event.nights number`): \
             \"attributes\": {\"nights\": 3}"
        )
    );
    let e =
        error(r#"{"kind": "review", "id": "r1", "timestamp": "2026-03-01T12:00:00Z", "stars": 5}"#);
    assert!(
        e.message.ends_with(
            "; an event's own data is an attribute (declared `attribute event.stars number`): \
             \"attributes\": {\"stars\": 5}"
        ),
        "{e}"
    );
    // A purchase's are `tx.` attributes; text is declared as text.
    let e = error(&purchase_json(
        r#"{"sku": "A", "quantity": 1, "unit_price": "4.79"}"#,
        r#", "partner": "dm""#,
    ));
    assert!(
        e.message.ends_with(
            "; an event's own data is an attribute (declared `attribute tx.partner text`): \
             \"attributes\": {\"partner\": \"dm\"}"
        ),
        "{e}"
    );
    // A field misspelt is not an attribute: the field it is close to.
    let e = error(r#"{"kind": "review", "id": "r1", "timestmp": "2026-03-01T12:00:00Z"}"#);
    assert_eq!(
        e.message,
        "unknown field `timestmp`, expected one of `id`, `timestamp`, `attributes`; did you mean `timestamp`?"
    );
}

/// An attribute given as an object (an amount with its currency, as
/// payment APIs write money) says an attribute holds one value.
#[test]
fn an_attribute_given_as_an_object_says_it_holds_one_value() {
    let e = error(
        r#"{"kind": "custom", "name": "bill_paid", "id": "b1", "timestamp": "2026-03-01T12:00:00Z",
"attributes": {"amount": {"value": "45.50", "currency": "USD"}}}"#,
    );
    assert_eq!(e.path, "attributes.amount");
    assert_eq!(
        e.message,
        "invalid type: map, expected a boolean, a number, a string or a list of strings; \
         an attribute holds one value: an amount alone, \"45.50\" (money is in the program's \
         currency), a date as \"2026-03-01\", a code or a name as text"
    );
}

/// A field misspelt or named with `_id` says the field it is close to; a
/// redemption's quantity or money says what a redemption gives.
#[test]
fn a_field_close_to_one_the_event_has_says_which() {
    let e = error(r#"{"kind": "review", "id": "r1", "timestmp": "2026-03-01T12:00:00Z"}"#);
    assert_eq!(
        e.message,
        "unknown field `timestmp`, expected one of `id`, `timestamp`, `attributes`; did you mean `timestamp`?"
    );
    let redemption = |part: &str| {
        error(&format!(
            r#"{{"kind": "redemption", "id": "r1", "timestamp": "2026-03-02T12:00:00Z", {part}}}"#
        ))
        .message
    };
    assert!(redemption(r#""reward_id": "Coffee""#).ends_with("; did you mean `reward`?"));
    assert!(redemption(r#""rewards": ["Coffee"]"#).ends_with("; did you mean `reward`?"));
    assert!(redemption(r#""reward": "Coffee", "quantity": 2"#)
        .ends_with("; a redemption takes one reward: send one for each"),);
    assert!(redemption(r#""burn": "Pay", "usd": "3.00""#).ends_with(
        "; a redemption gives the points it spends (\"points\": \"100\"): their value is the burn rule's, and the amount of the order they pay for is `order`"
    ));
}

/// Found sending a grocer's baskets from the README: a purchase without
/// its currency said only that the field is missing; it says what the
/// currency is for and how it is written.
#[test]
fn a_purchase_without_its_currency_says_how_it_is_written() {
    let e = error(
        r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-11-30T18:00:00Z",
"lines": [{"sku": "milk", "quantity": 2, "unit_price": "3.49"}]}"#,
    );
    assert_eq!(e.path, "");
    assert_eq!(
        e.message,
        "missing field `currency`; a purchase says the currency of its amounts, which is the \
         program's (\"currency\": \"USD\" for a program in USD): another is refused, never \
         converted"
    );
    // A return names its purchase and has no currency of its own.
    let e = error(r#"{"kind": "return", "id": "r1", "timestamp": "2026-11-30T18:00:00Z"}"#);
    assert!(!e.message.contains("currency"), "{}", e.message);
}

/// A line's categories as a list, as catalogs keep them: a line has one
/// category, and its other labels are its tags.
#[test]
fn a_line_s_categories_as_a_list_says_tags() {
    let e = error(
        r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-03-12T12:00:00Z", "currency": "USD",
"lines": [{"sku": "A", "quantity": 1, "unit_price": "10.00", "category": ["shoes", "sale"]}]}"#,
    );
    assert_eq!(e.path, "lines[0].category");
    assert_eq!(
        e.message,
        "invalid type: sequence, expected a string; a line has one category, \"category\": \
         \"shoes\", and its other labels are its `tags`: \"tags\": [\"sale\"]"
    );
}

/// A member's count and segment as a CRM may send them: the error says
/// what the crate reads instead of serde's `expected u64`.
#[test]
fn a_member_s_count_and_segment_of_another_type_say_what_is_read() {
    let said = |json: &str| {
        let e = Member::from_json(json).unwrap_err();
        (e.path, e.message)
    };
    assert_eq!(
        said(r#"{"id": "M1", "purchase_count": "3"}"#),
        (
            "purchase_count".to_string(),
            "invalid type: string \"3\", expected u64; the purchases before this event, a whole number without quotes: \"purchase_count\": 3".to_string()
        )
    );
    assert_eq!(
        said(r#"{"id": "M1", "purchase_count": -1}"#),
        (
            "purchase_count".to_string(),
            "invalid value: integer `-1`, expected u64; the purchases before this event, a whole number, 0 or more".to_string()
        )
    );
    assert_eq!(
        said(r#"{"id": "M1", "segment": ["vip", "staff"]}"#),
        (
            "segment".to_string(),
            "invalid type: sequence, expected a string; a member is in one segment, as text (\"segment\": \"vip\"); several are a list the program declares (`attribute member.segments list`): \"attributes\": {\"segments\": [\"vip\", \"staff\"]}".to_string()
        )
    );
}

/// A line's attributes as other systems send them: as name and value
/// pairs, as an object with a unit, or a number with a thousands
/// separator; each says what the crate reads.
#[test]
fn line_attributes_in_other_systems_shapes_say_the_crate_s() {
    assert_eq!(
        tail(&purchase_json(
            r#"{"sku": "AS12", "quantity": 1, "unit_price": "612.00", "attributes": [{"name": "distance", "value": 2496}, {"name": "fare_class", "value": "F"}]}"#,
            ""
        )),
        (
            "lines[0].attributes".to_string(),
            "attributes are an object of names and values: \"attributes\": {\"distance\": 2496, \"fare_class\": \"F\"}".to_string()
        )
    );
    assert_eq!(
        tail(&purchase_json(
            r#"{"sku": "AS12", "quantity": 1, "unit_price": "612.00", "attributes": {"distance": {"value": 2496, "unit": "mi"}}}"#,
            ""
        )),
        (
            "lines[0].attributes.distance".to_string(),
            "an attribute holds one value: an amount alone, \"2496\" (money is in the program's currency), a date as \"2026-03-01\", a code or a name as text".to_string()
        )
    );
    // The same for the purchase's own attributes given as pairs.
    assert_eq!(
        tail(&purchase_json(
            r#"{"sku": "A", "quantity": 1, "unit_price": "1.00"}"#,
            r#", "attributes": [{"key": "nights", "value": "3"}]"#
        )),
        (
            "attributes".to_string(),
            "attributes are an object of names and values: \"attributes\": {\"nights\": \"3\"}"
                .to_string()
        )
    );
}
