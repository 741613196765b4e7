//! Arbitrary text read as an event by the strict JSON reader. It must never
//! panic; an event it accepts is JSON (but for a byte-order mark before
//! it) with the kind the text's top-level `kind` names, and what it writes
//! reads back and writes the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loyalty_rules::{Event, Member};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(event) = Event::from_json(text) {
        // Accepted text is JSON, once the byte-order mark that JSON readers
        // may ignore (and the crate's do) is left out.
        let json = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: serde_json::Value =
            serde_json::from_str(json).expect("accepted text is JSON");
        // A custom event's kind name is its own name.
        let kind = match &event {
            Event::Custom(_) => "custom",
            other => other.kind_name(),
        };
        assert_eq!(
            value.get("kind").and_then(|k| k.as_str()),
            Some(kind),
            "the kind read is the top-level one"
        );
        // Written and read back, it writes the same (a number attribute is
        // written as text, to stay exact, and read back as text).
        let again = serde_json::to_string(&event).expect("an event serializes");
        let back = Event::from_json(&again).expect("a written event reads back");
        assert_eq!(serde_json::to_string(&back).ok().as_ref(), Some(&again));
    }
    if let Ok(member) = Member::from_json(text) {
        let again = serde_json::to_string(&member).expect("a member serializes");
        let back = Member::from_json(&again).expect("a written member reads back");
        assert_eq!(serde_json::to_string(&back).ok().as_ref(), Some(&again));
    }
});
