//! Arbitrary bytes as program text, through the parser only.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = loyalty_rules::check_syntax(text);
    }
});
