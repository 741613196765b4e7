//! Arbitrary bytes as program text, through the parser only; on the way,
//! the hand-written parser and pest must agree on the text (the same tree,
//! or the text left to pest).
#![no_main]

use libfuzzer_sys::fuzz_target;
use loyalty_rules::Twin;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = loyalty_rules::check_syntax(text);
        match loyalty_rules::parser_twin(text) {
            Twin::Different(at) => panic!("the parsers differ: {at}"),
            Twin::Declined(true) => panic!("left to pest, which takes it"),
            _ => {}
        }
    }
});
