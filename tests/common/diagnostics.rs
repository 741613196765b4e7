//! Compiling test programs for their diagnostics: the errors of a program
//! after a fixed header, and the help each mistake gets.
#![allow(dead_code)]

use loyalty_rules::{CompileError, Program};

pub const HEADER: &str = "program \"Test\" { currency USD }\n";

pub fn errors(body: &str) -> CompileError {
    Program::compile(&format!("{HEADER}{body}")).unwrap_err()
}

/// A whole program (its own header) that a help says to write: it
/// compiles, or the test fails naming it.
#[track_caller]
pub fn compiles(program: &str) -> Program {
    Program::compile(program).unwrap_or_else(|e| panic!("{program}\n{e}"))
}

/// The help of the first error of a whole program (its own header).
#[track_caller]
pub fn first_help(program: &str) -> Option<String> {
    let e = Program::compile(program).unwrap_err();
    e.errors.first().and_then(|d| d.help.clone())
}

/// (message, line, column, help) of every error.
pub fn summary(e: &CompileError) -> Vec<(String, usize, usize, Option<String>)> {
    e.errors
        .iter()
        .map(|d| (d.message.clone(), d.line, d.column, d.help.clone()))
        .collect()
}

/// The help of the one error `body` gives, after checking its message and
/// place.
#[track_caller]
pub fn one_error(body: &str, message: &str, line: usize, column: usize) -> Option<String> {
    let e = errors(body);
    assert_eq!(e.errors.len(), 1, "{e}");
    let d = &e.errors[0];
    assert_eq!(
        (d.message.as_str(), d.line, d.column),
        (message, line, column),
        "{e}"
    );
    d.help.clone()
}

/// Asserts that each case, put in a program by `wrap`, gives one error
/// with the help expected.
#[track_caller]
pub fn helps(wrap: impl Fn(&str) -> String, cases: &[(&str, &str)]) {
    for (case, expected) in cases {
        let e = errors(&wrap(case));
        assert_eq!(e.errors.len(), 1, "{case}: {e}");
        assert_eq!(e.errors[0].help.as_deref(), Some(*expected), "{case}");
    }
}
