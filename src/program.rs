//! The public entry point: compile a program once, evaluate it many times.

use std::fmt::Write;

use sha2::{Digest, Sha256};

use crate::error::{CompileError, Diagnostic, EvalError};
use crate::input::{Event, Member};
use crate::limits::Limits;
use crate::outcome::Outcome;
use crate::plan::Plan;
use crate::points::Points;
use crate::span::Span;

/// A checked and compiled loyalty program.
///
/// Compile once (at start-up or on a configuration change), then evaluate
/// events against it from as many threads as you like: a `Program` is
/// `Send + Sync` and holds no state between evaluations.
///
/// ```
/// use loyalty_rules::{Event, Member, Program};
///
/// let program = Program::compile(r#"
///     program "Coffee Club" { currency USD }
///     earn "Base" on purchase { award 1 point per USD of tx.amount }
///     earn "Big order" on purchase when tx.amount >= 20 USD { award 25 points }
/// "#)?;
///
/// let event: Event = serde_json::from_str(r#"{
///     "kind": "purchase", "id": "t-1", "timestamp": "2026-11-23T08:30:00Z",
///     "currency": "USD",
///     "lines": [{"sku": "latte", "quantity": 3, "unit_price": "7.50"}]
/// }"#)?;
///
/// let outcome = program.evaluate(&Member::new("m-42"), &event)?;
/// assert_eq!(outcome.points("m-42", "points").to_string(), "47"); // 22 + 25
/// println!("{}", outcome.explain());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Program {
    plan: Plan,
    warnings: Vec<Diagnostic>,
}

impl Program {
    /// Parses, checks and compiles program text with the default [`Limits`].
    ///
    /// On failure, every error found comes back at once, each with its line,
    /// column and source line.
    ///
    /// ```
    /// let err = loyalty_rules::Program::compile(r#"
    ///     program "Demo" { currency USD }
    ///     earn "Big" on purchase when tx.amount >= 50 EUR { award 10 points }
    /// "#).unwrap_err();
    /// assert_eq!(err.errors[0].message, "this amount is in EUR, but the program's currency is USD");
    /// assert_eq!((err.errors[0].line, err.errors[0].column), (3, 49));
    /// ```
    pub fn compile(source: &str) -> Result<Program, CompileError> {
        Program::compile_with(source, &Limits::default())
    }

    /// Like [`Program::compile`], for text that arrives as bytes (a file, a
    /// request body): text that is not valid UTF-8 is an error at the first
    /// invalid byte, with its line and column.
    ///
    /// ```
    /// let err = loyalty_rules::Program::compile_bytes(b"program \"Caf\xe9\" { currency EUR }").unwrap_err();
    /// assert_eq!(err.errors[0].message, "the program is not valid UTF-8: byte 0xe9 cannot start a character here");
    /// assert_eq!((err.errors[0].line, err.errors[0].column), (1, 13));
    /// ```
    pub fn compile_bytes(source: &[u8]) -> Result<Program, CompileError> {
        Program::compile_bytes_with(source, &Limits::default())
    }

    /// Like [`Program::compile_bytes`], with explicit resource limits.
    pub fn compile_bytes_with(source: &[u8], limits: &Limits) -> Result<Program, CompileError> {
        match std::str::from_utf8(source) {
            Ok(text) => Program::compile_with(text, limits),
            Err(e) => {
                let at = e.valid_up_to();
                let byte = source.get(at).copied().unwrap_or(0);
                // The lossy text is identical up to the first invalid byte.
                let text = String::from_utf8_lossy(source);
                let width = '\u{FFFD}'.len_utf8();
                let message = format!(
                    "the program is not valid UTF-8: byte {byte:#04x} cannot start a character here"
                );
                Err(CompileError {
                    errors: vec![Diagnostic::error(&text, Span::new(at, at + width), message)],
                    warnings: Vec::new(),
                })
            }
        }
    }

    /// Like [`Program::compile`], with explicit resource limits.
    pub fn compile_with(source: &str, limits: &Limits) -> Result<Program, CompileError> {
        // Editors on some systems start UTF-8 files with a byte-order mark;
        // it is not part of the program (nor of its hash).
        let source = without_bom(source);
        let ast = crate::parser::parse(source, limits).map_err(|errors| CompileError {
            errors,
            warnings: Vec::new(),
        })?;
        let (mut plan, warnings) = crate::check::check(source, &ast, content_hash(source))?;
        plan.limits = limits.clone();
        Ok(Program { plan, warnings })
    }

    /// Warnings found while compiling: things that compile but are probably
    /// not what the author meant, such as a condition that can never hold.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The name in the program header.
    pub fn name(&self) -> &str {
        &self.plan.name
    }

    /// `sha256:` and the hex SHA-256 of the program text: the program's
    /// identity, recorded in every outcome.
    pub fn hash(&self) -> &str {
        &self.plan.hash
    }

    /// The program's currency code.
    pub fn currency(&self) -> &str {
        &self.plan.currency
    }

    /// The balances the program keeps, in declaration order (`points` first).
    pub fn balances(&self) -> impl Iterator<Item = &str> {
        self.plan.balances.iter().map(|b| b.name.as_str())
    }

    /// The tiers, lowest first, as the program declares them.
    pub fn tiers(&self) -> impl Iterator<Item = &str> {
        self.plan.tiers.iter().map(String::as_str)
    }

    /// The custom event kinds the program's rules are `on`
    /// (`on event "NAME"`), in name order.
    pub fn custom_kinds(&self) -> impl Iterator<Item = &str> {
        self.plan.custom_sequences.keys().map(String::as_str)
    }

    /// Declared attributes: owner, name (without the owner) and type.
    #[cfg(feature = "proptest")]
    pub(crate) fn declared_attributes(
        &self,
    ) -> impl Iterator<Item = (crate::plan::AttrOwner, &str, crate::types::Type)> {
        self.plan
            .attributes
            .iter()
            .map(|a| (a.owner, a.key.as_str(), a.ty))
    }

    /// The rule names, in declaration order.
    pub fn rules(&self) -> impl Iterator<Item = &str> {
        self.plan.rules.iter().map(|r| r.name.as_str())
    }

    /// Evaluates one event for one member. Pure: the same program, member and
    /// event always give the same outcome.
    pub fn evaluate(&self, member: &Member, event: &Event) -> Result<Outcome, EvalError> {
        crate::eval::evaluate(&self.plan, member, event)
    }

    /// Evaluates one event for one member for its totals only: the same
    /// points as [`Program::evaluate`], without building the explanation.
    /// Once a thread has evaluated an event, this allocates nothing but the
    /// returned list of totals.
    ///
    /// ```
    /// use loyalty_rules::{Event, Member, Program};
    ///
    /// let program = Program::compile(r#"
    ///     program "Coffee Club" { currency USD }
    ///     earn "Base" on purchase { award 2 points per USD of tx.amount }
    /// "#)?;
    /// let event: Event = serde_json::from_str(r#"{
    ///     "kind": "purchase", "id": "t-1", "timestamp": "2026-11-23T08:30:00Z",
    ///     "currency": "USD", "lines": [{"sku": "latte", "quantity": 2, "unit_price": "4.25"}]
    /// }"#)?;
    /// let member = Member::new("m-42");
    ///
    /// let points = program.points(&member, &event)?;
    /// assert_eq!(points.get("m-42", "points").to_string(), "17"); // 2 × 8.50
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn points<'a>(
        &'a self,
        member: &'a Member,
        event: &'a Event,
    ) -> Result<Points<'a>, EvalError> {
        crate::eval::points(&self.plan, member, event)
    }
}

/// Parses program text without checking names, types or currencies: quick
/// syntax feedback for an editor, and the parser's own fuzz target. Errors
/// are those [`Program::compile`] would report first.
///
/// ```
/// assert!(loyalty_rules::check_syntax(r#"program "P" { currency USD }"#).is_ok());
/// let err = loyalty_rules::check_syntax(r#"program "P" { currency USD "#).unwrap_err();
/// assert_eq!(err.errors[0].line, 1);
/// ```
pub fn check_syntax(source: &str) -> Result<(), CompileError> {
    crate::parser::parse(without_bom(source), &Limits::default())
        .map(|_| ())
        .map_err(|errors| CompileError {
            errors,
            warnings: Vec::new(),
        })
}

/// The text without a leading UTF-8 byte-order mark.
pub(crate) fn without_bom(source: &str) -> &str {
    source.strip_prefix('\u{feff}').unwrap_or(source)
}

fn content_hash(source: &str) -> String {
    let digest = Sha256::digest(source.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        let _ = write!(out, "{byte:02x}");
    }
    out
}
