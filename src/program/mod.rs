//! The public entry point: compile a program once, evaluate it many times.

use std::fmt::Write;

use sha2::{Digest, Sha256};

use crate::error::{CompileError, Diagnostic};
use crate::input::{Event, Member};
use crate::limits::Limits;
use crate::name::Name;
use crate::plan::Plan;
use crate::span::Span;

mod evaluate;
mod state;

pub use state::StateReport;

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
                    errors: vec![Diagnostic::error(&text, Span::new(at, at + width), message)
                        .with_code(crate::codes::Code::NotUtf8)],
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
        let (tree, ast) =
            crate::parser::tree_and_ast(source, limits).map_err(|errors| CompileError {
                errors,
                warnings: Vec::new(),
            })?;
        let (mut plan, warnings) = crate::check::check(source, &ast, content_hash(source), limits)?;
        plan.version = Name::from(crate::format::version(&tree).as_str());
        plan.source = Name::from(source);
        plan.limits = limits.clone();
        Ok(Program { plan, warnings })
    }

    /// Ignore attributes in the input that the program does not declare,
    /// instead of refusing the event with [`EvalError::UnknownAttribute`](crate::EvalError::UnknownAttribute):
    /// for hosts that send every attribute they have to programs that read
    /// a few. The explained outcome lists what it ignored
    /// ([`Outcome::ignored_attributes`](crate::Outcome::ignored_attributes)).
    /// So are tenders it does not declare, and events of kinds of its own
    /// that it does not read (no rule runs on them:
    /// [`EvalError::UnknownKind`](crate::EvalError::UnknownKind) otherwise).
    ///
    /// ```
    /// use loyalty_rules::{EvalError, Event, Member, Program};
    /// let program = Program::compile(r#"
    ///     program "P" { currency USD }
    ///     attribute member.vip bool
    ///     earn "VIP" on review when member.vip { award 10 points }
    /// "#)?;
    /// let mut member = Member::from_json(r#"{"id": "m", "attributes": {"vipp": true}}"#)?;
    /// let event = Event::from_json(r#"{"kind": "review", "id": "r", "timestamp": "2026-11-28T10:00:00Z"}"#)?;
    /// let err = program.evaluate(&member, &event).unwrap_err();
    /// assert_eq!(err.to_string(), "the input has the attribute member.vipp, which the program does not declare; did you mean member.vip?");
    ///
    /// let lenient = program.lenient_attributes(true);
    /// let outcome = lenient.evaluate(&member, &event)?;
    /// assert_eq!(outcome.ignored_attributes, ["member.vipp"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn lenient_attributes(mut self, lenient: bool) -> Program {
        self.plan.lenient_attributes = lenient;
        self
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

    /// `sha256:` and the hex SHA-256 of the program's tokens, as the
    /// canonical layout prints them: the program without its comments and
    /// layout. Two texts that differ only there are one version (their
    /// [`hash`](Program::hash)es differ). A purchase's receipt records the
    /// version that evaluated it, and only that version evaluates its
    /// return ([`ReturnRefusal::OtherVersion`](crate::ReturnRefusal::OtherVersion)).
    pub fn version(&self) -> &str {
        &self.plan.version
    }

    /// The program's currency code.
    pub fn currency(&self) -> &str {
        &self.plan.currency
    }

    /// The balances the program keeps, in declaration order: `points`
    /// first, unless the program has balances of its own and nothing earns,
    /// caps, spends or keeps `points` (an airline's `miles`, a coffee
    /// chain's `stars`), which outcomes do not report either.
    ///
    /// ```
    /// let p = loyalty_rules::Program::compile(
    ///     r#"program "Coffee" { currency USD  balance stars }
    ///     earn "Stars" on purchase { award 1 point per USD of tx.amount to stars }"#,
    /// )?;
    /// assert_eq!(p.balances().collect::<Vec<_>>(), ["stars"]);
    /// # Ok::<(), loyalty_rules::CompileError>(())
    /// ```
    pub fn balances(&self) -> impl Iterator<Item = &str> {
        let skip = usize::from(self.plan.quiet_points);
        self.plan
            .balances
            .iter()
            .skip(skip)
            .map(|b| b.name.as_str())
    }

    /// The decimal places a balance keeps (`precision N`; 0 for whole
    /// points), or `None` for a balance the program does not declare: for
    /// a host that shows amounts of the balance as its totals show them.
    ///
    /// ```
    /// let p = loyalty_rules::Program::compile(
    ///     r#"program "Rx" { currency USD  balance cash precision 2 }"#,
    /// )?;
    /// assert_eq!(p.precision("cash"), Some(2));
    /// assert_eq!(p.precision("points"), Some(0));
    /// assert_eq!(p.precision("miles"), None);
    /// # Ok::<(), loyalty_rules::CompileError>(())
    /// ```
    pub fn precision(&self, balance: &str) -> Option<u32> {
        self.plan.precision_named(balance)
    }

    /// The tiers, lowest first, as the program declares them.
    pub fn tiers(&self) -> impl Iterator<Item = &str> {
        self.plan.tiers.iter().map(Name::as_str)
    }

    /// The custom event kinds the program reads, in name order: its rules
    /// are `on` them (`on event "NAME"`) or its counts count them. An event
    /// of another kind of its own is refused
    /// ([`EvalError::UnknownKind`](crate::EvalError::UnknownKind)) unless the
    /// program is [lenient](Program::lenient_attributes).
    pub fn custom_kinds(&self) -> impl Iterator<Item = &str> {
        self.plan.custom_kinds().into_iter()
    }

    /// The compiled plan, for generators that fit inputs to the program.
    #[cfg(any(test, feature = "proptest"))]
    pub(crate) fn plan(&self) -> &Plan {
        &self.plan
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

    /// The attributes the program declares, in declaration order: the path
    /// (`member.vip`) and the type's keyword (`bool`, `number`, `text`,
    /// `money`, `date` or `list`); [`attribute_default`](Self::attribute_default)
    /// gives the default of one declared with a default.
    pub fn attributes(&self) -> impl Iterator<Item = (&str, &str)> {
        self.plan
            .attributes
            .iter()
            .map(|a| (a.path.as_str(), a.ty.keyword()))
    }

    /// The default an attribute is declared with (`attribute
    /// tx.partner_shop bool default false`): the value read when the input
    /// leaves it out. `None` for an attribute without one, or one the
    /// program does not declare. A date is its text, `YYYY-MM-DD`; money
    /// is its amount in the program's currency.
    ///
    /// ```
    /// # use loyalty_rules::{Program, Value};
    /// let program = Program::compile(
    ///     "program \"P\" { currency USD }\nattribute tx.partner_shop bool default false\n",
    /// )?;
    /// assert_eq!(program.attribute_default("tx.partner_shop"), Some(&Value::Bool(false)));
    /// # Ok::<(), loyalty_rules::CompileError>(())
    /// ```
    pub fn attribute_default(&self, path: &str) -> Option<&crate::input::Value> {
        self.plan
            .attributes
            .iter()
            .find(|a| a.path == path)?
            .default
            .as_ref()
    }

    /// The program's time zone (an IANA name such as `America/New_York`).
    pub fn timezone(&self) -> &str {
        self.plan.timezone.name()
    }

    /// The campaigns, in declaration order.
    pub fn campaigns(&self) -> impl Iterator<Item = &str> {
        self.plan.campaigns.iter().map(|c| c.name.as_str())
    }

    /// The counters the program declares, in declaration order.
    pub fn counters(&self) -> impl Iterator<Item = &str> {
        self.plan.counters.iter().map(String::as_str)
    }

    /// The rule names, in declaration order.
    pub fn rules(&self) -> impl Iterator<Item = &str> {
        self.plan.rules.iter().map(|r| r.name.as_str())
    }
}

impl std::str::FromStr for Program {
    type Err = CompileError;

    /// [`Program::compile`], for `"...".parse::<Program>()`.
    ///
    /// ```
    /// let program: loyalty_rules::Program = r#"program "P" { currency USD }"#.parse()?;
    /// assert_eq!(program.name(), "P");
    /// # Ok::<(), loyalty_rules::CompileError>(())
    /// ```
    fn from_str(source: &str) -> Result<Program, CompileError> {
        Program::compile(source)
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
    sha256_text(&Sha256::digest(source.as_bytes()))
}

/// `sha256:` and a digest in hex.
pub(crate) fn sha256_text(digest: &[u8]) -> String {
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// See [`crate::lane_twin`].
pub(crate) fn lane_twin(
    program: &Program,
    member: &Member,
    state: Option<&crate::state::MemberState>,
    budgets: Option<&crate::budget::Budgets>,
    event: &Event,
) -> crate::LaneTwin {
    crate::eval::lane_twin(&program.plan, member, state, budgets, event)
}
