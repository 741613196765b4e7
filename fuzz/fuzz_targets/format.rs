//! Arbitrary text through the canonical formatter. Whatever it formats must
//! format again to the same text, and compile exactly as the source does:
//! the same rules, tiers and balances, the same number of errors and warnings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loyalty_rules::{format_program, Program};

fn shape(p: &Program) -> (String, Vec<String>, Vec<String>, Vec<String>, usize) {
    (
        p.name().to_string(),
        p.rules().map(str::to_string).collect(),
        p.tiers().map(str::to_string).collect(),
        p.balances().map(str::to_string).collect(),
        p.warnings().len(),
    )
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(formatted) = format_program(src) else {
        return;
    };
    let again = format_program(&formatted).expect("the formatted text parses");
    assert_eq!(again, formatted, "formatting is not idempotent");
    match (Program::compile(src), Program::compile(&formatted)) {
        (Ok(a), Ok(b)) => assert_eq!(shape(&a), shape(&b)),
        (Err(a), Err(b)) => {
            assert_eq!(a.errors.len(), b.errors.len());
            assert_eq!(a.warnings.len(), b.warnings.len());
        }
        (a, b) => panic!(
            "formatting changed whether the program compiles: {:?} / {:?}",
            a.err(),
            b.err()
        ),
    }
});
