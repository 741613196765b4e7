//! Arbitrary bytes as program text: parse, check and compile, through the
//! bytes entry point (invalid UTF-8 included). Every error must render.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match loyalty_rules::Program::compile_bytes(data) {
        Ok(program) => {
            for w in program.warnings() {
                let _ = w.to_string();
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
