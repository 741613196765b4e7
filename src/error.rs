//! Errors and warnings: compile-time diagnostics and evaluation errors.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::codes::Code;
use crate::span::{locate, Span};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// The program cannot be compiled.
    Error,
    /// The program compiles, but probably does not do what its author meant.
    Warning,
}

impl fmt::Display for Severity {
    /// `error` or `warning`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One error or warning about a program text, with its place in the source.
///
/// `Display` renders it the way a careful compiler does: the message, the line
/// and column, the source line with a caret under the offending text, and a
/// hint when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in the author's words.
    pub message: String,
    /// 1-based line of the offending text.
    pub line: usize,
    /// 1-based column (in characters) of the offending text.
    pub column: usize,
    /// 1-based line where the offending text ends.
    #[serde(default)]
    pub end_line: usize,
    /// 1-based column (in characters) just past the offending text, as
    /// editors expect a range's end.
    #[serde(default)]
    pub end_column: usize,
    /// The source line, for display: the whole line, or of a line longer
    /// than 240 characters the part around the span, with `…` where it is
    /// cut.
    pub source_line: String,
    /// The column of the line that `source_line`'s first character stands
    /// for: 1, unless the line is quoted in part.
    #[serde(default = "first_column", skip_serializing_if = "is_first_column")]
    pub source_column: usize,
    /// How many characters of the line the caret underlines.
    pub width: usize,
    /// A suggestion, such as a "did you mean".
    pub help: Option<String>,
    /// Byte range of the offending text.
    pub span: Span,
    /// The resource limit this error reports, if it reports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<crate::limits::Limit>,
    /// What kind of problem it is: a stable code such as `L0203`, for
    /// hosts and tests to match instead of the message.
    pub code: Code,
    /// On the note that ends a list cut short (`L0104`, "200 more warnings
    /// are not listed"): how many it leaves out; 0 on every other
    /// diagnostic. [`Diagnostic::found`] counts a list with it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unlisted: usize,
}

impl Diagnostic {
    pub(crate) fn new(
        severity: Severity,
        src: &str,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        let mut d = Self::pending(severity, span, message);
        d.place(src);
        d
    }

    /// A diagnostic not yet placed in its source (line 0): [`listed`]
    /// places the ones it lists, so that finding thousands costs no more
    /// than their messages.
    pub(crate) fn pending(severity: Severity, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            source_line: String::new(),
            source_column: 1,
            width: 0,
            help: None,
            span,
            limit: None,
            code: Code::Syntax,
            unlisted: 0,
        }
    }

    /// How many diagnostics a list stands for: each one listed, and those
    /// that the note ending a cut list says it leaves out (the note itself
    /// is not one of them).
    ///
    /// ```
    /// let mut src = String::from("program \"x\" { currency USD }\n");
    /// for i in 0..300 {
    ///     // Each rule awards more than the whole amount: a warning.
    ///     src += &format!("earn \"r{i}\" on purchase {{ award 150% of tx.amount }}\n");
    /// }
    /// let program = loyalty_rules::Program::compile(&src).unwrap();
    /// assert_eq!(program.warnings().len(), 101);
    /// assert_eq!(loyalty_rules::Diagnostic::found(program.warnings()), 300);
    /// ```
    pub fn found(list: &[Diagnostic]) -> usize {
        list.iter()
            .map(|d| {
                if d.code == Code::Limit && d.unlisted > 0 {
                    d.unlisted
                } else {
                    1
                }
            })
            .sum()
    }

    /// Its line, column and quoted line in `src`, unless it has them.
    fn place(&mut self, src: &str) {
        if self.line != 0 {
            return;
        }
        let place = locate(src, self.span);
        let end = locate(src, Span::new(self.span.end, self.span.end));
        self.line = place.line;
        self.column = place.column;
        self.end_line = end.line;
        self.end_column = end.column;
        self.source_line = place.text;
        self.source_column = place.text_column;
        self.width = place.width;
    }

    pub(crate) fn error(src: &str, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, src, span, message)
    }

    /// An error reporting that `limit` was hit.
    pub(crate) fn limit(
        src: &str,
        span: Span,
        limit: crate::limits::Limit,
        message: String,
    ) -> Self {
        let mut d = Self::pending_limit(span, limit, message);
        d.place(src);
        d
    }

    /// [`Diagnostic::limit`], not yet placed (see [`Diagnostic::pending`]).
    pub(crate) fn pending_limit(span: Span, limit: crate::limits::Limit, message: String) -> Self {
        let mut d = Self::pending(Severity::Error, span, format!("{message} ({limit})"));
        d.limit = Some(limit);
        d.code = Code::Limit;
        d
    }

    pub(crate) fn with_code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }

    pub(crate) fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.severity;
        let gutter = self.line.to_string().len();
        let pad = " ".repeat(gutter);
        writeln!(f, "{label}[{}]: {}", self.code, self.message)?;
        writeln!(f, "{pad}--> line {}, column {}", self.line, self.column)?;
        writeln!(f, "{pad} |")?;
        writeln!(f, "{} | {}", self.line, self.source_line)?;
        write!(
            f,
            "{pad} | {}{}",
            " ".repeat(self.column.saturating_sub(self.source_column.max(1))),
            "^".repeat(self.width)
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n{pad} = help: {help}")?;
        }
        Ok(())
    }
}

fn first_column() -> usize {
    1
}

fn is_first_column(column: &usize) -> bool {
    *column == 1
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// At most this many errors, and as many warnings, are listed; one more
/// diagnostic says how many more were found.
pub(crate) const MAX_LISTED: usize = 100;

/// Diagnostics as a compile lists them: in source order, at most
/// [`MAX_LISTED`] (and one that says how many more were found), each
/// placed in `src`. Placing one reads its line, so placing only those
/// listed keeps the cost linear in the program, however many it has.
pub(crate) fn listed(src: &str, mut all: Vec<Diagnostic>) -> Vec<Diagnostic> {
    all.sort_by_key(|d| (d.span.start, d.span.end));
    if all.len() > MAX_LISTED {
        let more = all.len() - MAX_LISTED;
        all.truncate(MAX_LISTED);
        if let Some(last) = all.last() {
            let what = match last.severity {
                Severity::Warning => "warnings",
                _ => "errors",
            };
            let mut note = Diagnostic::pending(
                last.severity,
                last.span,
                format!("{more} more {what} are not listed: at most {MAX_LISTED} are"),
            );
            note.code = Code::Limit;
            note.unlisted = more;
            all.push(note);
        }
    }
    for d in &mut all {
        d.place(src);
    }
    all
}

/// A program that could not be compiled: every error found (several at once,
/// in source order) and the warnings found along the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct CompileError {
    /// The errors, in source order. Never empty.
    pub errors: Vec<Diagnostic>,
    /// Warnings found before compilation stopped.
    pub warnings: Vec<Diagnostic>,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for d in self.errors.iter().chain(&self.warnings) {
            if !first {
                writeln!(f)?;
                writeln!(f)?;
            }
            first = false;
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Why an event could not be evaluated. Errors that arise inside a rule name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvalError {
    /// The member state cannot be used with this program and member.
    #[error("{reason}")]
    State {
        /// Why.
        reason: crate::state::StateError,
    },
    /// The input has an attribute the program does not declare (a typo
    /// would otherwise change points silently). A host that sends more
    /// attributes than programs read can opt out with
    /// [`Program::lenient_attributes`](crate::Program::lenient_attributes).
    #[error("{}", unknown_attribute(attribute, suggestion.as_deref()))]
    UnknownAttribute {
        /// The attribute, such as `member.vipp`.
        attribute: String,
        /// A declared attribute with a close name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
    },
    /// The purchase was paid with a kind of tender (`tenders.other`) that
    /// the program does not declare with `tender NAME`.
    #[error("{}", unknown_tender(tender, suggestion.as_deref()))]
    UnknownTender {
        /// The tender's name.
        tender: String,
        /// A declared tender with a close name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
    },
    /// An event of a kind of the program's own (`{"kind": "custom", "name":
    /// ...}`) that no rule or count of the program reads: a misspelt kind
    /// would otherwise give nothing without a word. A host that sends every
    /// event it has can opt out with
    /// [`Program::lenient_attributes`](crate::Program::lenient_attributes), or
    /// send only [`Program::custom_kinds`](crate::Program::custom_kinds).
    #[error("{}", unknown_kind(kind, suggestion.as_deref(), known))]
    UnknownKind {
        /// The event's kind, its `name`.
        kind: String,
        /// A kind the program reads with a close name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
        /// The kinds of its own the program reads, in name order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        known: Vec<String>,
    },
    /// A per-member cap or limit by membership year, for a member without
    /// a `join_date` (or who joined after the event).
    #[error(
        "{} by membership year, but member {member} has no join_date on or before the event",
        by_membership_year(rule)
    )]
    NoJoinDate {
        /// Id of the member.
        member: String,
        /// The rule with the cap or limit (the program's cap as written,
        /// or `tiers` for tiers that qualify by membership year).
        rule: String,
    },
    /// The transaction's currency is not the program's.
    #[error(
        "transaction {transaction} is in {found}, but the program's currency is {expected}{}",
        capitals_hint(found, expected)
    )]
    CurrencyMismatch {
        /// Id of the transaction.
        transaction: String,
        /// The program's currency.
        expected: String,
        /// The transaction's currency.
        found: String,
    },
    /// An event or member is larger than the program's [`Limits`](crate::Limits)
    /// allow (more lines, tags or attributes).
    #[error("{what}, more than the limit of {max} ({limit})")]
    Limit {
        /// Which limit.
        limit: crate::limits::Limit,
        /// What is too large, such as `event T1 has 10001 lines`.
        what: String,
        /// How many there are.
        found: usize,
        /// The limit.
        max: usize,
    },
    /// The input holds a value the engine refuses (a negative price, say).
    #[error("invalid input: {message}")]
    InvalidInput {
        /// What is wrong, and where (`transaction t-1, line 2: ...`).
        message: String,
    },
    /// The member's tier is not one the program declares.
    #[error(
        "member {member} has tier \"{tier}\", which the program does not declare{}",
        crate::error::tiers_known(suggestion.as_deref(), known)
    )]
    UnknownTier {
        /// Id of the member.
        member: String,
        /// The unknown tier.
        tier: String,
        /// A declared tier with a close name (or the same in other
        /// letters: tier names are case-sensitive).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
        /// The declared tiers, comma separated.
        known: String,
    },
    /// The member comes with a tier, but the program computes tiers from
    /// the member's state: which one to use would be a guess.
    #[error("member {member} comes with tier \"{tier}\", but this program computes tiers from the member's state; leave `tier` out of the member")]
    TierGiven {
        /// Id of the member.
        member: String,
        /// The tier given.
        tier: String,
    },
    /// The member comes with a segment, but the program declares its own.
    #[error("member {member} comes with segment \"{segment}\", but this program decides segments itself; leave `segment` out of the member")]
    SegmentGiven {
        /// Id of the member.
        member: String,
        /// The segment given.
        segment: String,
    },
    /// A return the program refuses, and why; the state is unchanged.
    #[error("return {event} refused: {refusal}")]
    ReturnRefused {
        /// Id of the return.
        event: String,
        /// Why.
        refusal: crate::returns::ReturnRefusal,
    },
    /// A redemption the program refuses, and why; the state is unchanged.
    #[error("redemption {event} refused: {refusal}")]
    Refused {
        /// Id of the redemption.
        event: String,
        /// Why.
        refusal: crate::ledger::Refusal,
    },
    /// A cancellation that cannot be made; the state is unchanged.
    #[error("cancellation {event} refused: {refusal}")]
    CancelRefused {
        /// Id of the cancellation.
        event: String,
        /// Why.
        refusal: crate::ledger::CancelRefusal,
    },
    /// The program has campaign budgets, and an event that can use one (of
    /// a kind a budgeted campaign earns on) or give back what its purchase
    /// used of one (a return) was evaluated without the budgets' state.
    #[error("the program has campaign budgets: evaluate with Program::evaluate_with_budgets")]
    NoBudgets,
    /// A tier status was asked of a program whose tiers have no
    /// thresholds (or that has no tiers).
    #[error("the program does not compute tiers: none of its levels has a requirement (`gold when 25 nights`), so a member's tier is the host's to give (`Member::tier`)")]
    NoTierThresholds,
    /// A tier status was asked as of a day before the one the state's tier
    /// was reviewed to: the state already holds what happened after that
    /// day (levels ended, grace used), so the status would mix two days.
    #[error("member {member}: a tier status as of {as_of} cannot be read from a state reviewed up to {reviewed} (it holds later days); ask as of {reviewed} or later, or replay the member's events up to {as_of}")]
    StatusBeforeState {
        /// Id of the member.
        member: String,
        /// The day asked.
        as_of: chrono::NaiveDate,
        /// The day the state's tier was reviewed to.
        reviewed: chrono::NaiveDate,
    },
    /// An attribute in the input does not have the type the program declares.
    #[error(
        "attribute {attribute} should be {expected}, but the input has {found}{}",
        attribute_hint(expected, found)
    )]
    AttributeType {
        /// The attribute, such as `member.vip`.
        attribute: String,
        /// The declared type.
        expected: String,
        /// The value found.
        found: String,
    },
    /// Arithmetic overflowed the exact decimal range while evaluating a rule.
    #[error("arithmetic overflow in rule \"{rule}\" while computing {during}")]
    Overflow {
        /// The rule (or campaign, or cap) being evaluated.
        rule: String,
        /// What was being computed.
        during: String,
    },
    /// A division by zero while evaluating a rule's condition or base.
    #[error("division by zero in rule \"{rule}\"")]
    DivisionByZero {
        /// The rule being evaluated.
        rule: String,
    },
}

impl EvalError {
    /// The member the error names, when its message names one: a host
    /// that reports errors per member need not name them twice.
    ///
    /// ```
    /// use loyalty_rules::{Event, Member, Program};
    /// let program = Program::compile(r#"
    ///     program "Cafe" { currency EUR }
    ///     tiers { member gold }
    /// "#)?;
    /// let event = Event::from_json(r#"{"kind": "review", "id": "r", "timestamp": "2026-11-28T10:00:00Z"}"#)?;
    /// let e = program.evaluate(&Member::new("m-1").with_tier("platinum"), &event).unwrap_err();
    /// assert_eq!(e.member(), Some("m-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn member(&self) -> Option<&str> {
        match self {
            EvalError::NoJoinDate { member, .. }
            | EvalError::UnknownTier { member, .. }
            | EvalError::TierGiven { member, .. }
            | EvalError::SegmentGiven { member, .. }
            | EvalError::StatusBeforeState { member, .. } => Some(member),
            EvalError::State { reason } => reason.member(),
            _ => None,
        }
    }
}

fn unknown_attribute(attribute: &str, suggestion: Option<&str>) -> String {
    let mut text =
        format!("the input has the attribute {attribute}, which the program does not declare");
    if let Some(s) = suggestion {
        text.push_str(&format!("; did you mean {s}?"));
    }
    text
}

fn unknown_tender(tender: &str, suggestion: Option<&str>) -> String {
    let mut text = format!(
        "the purchase was paid with the tender `{tender}`, which the program does not declare"
    );
    match suggestion {
        Some(s) => text.push_str(&format!("; did you mean `{s}`?")),
        None => text.push_str(&format!(" (`tender {tender}` in its header)")),
    }
    text
}

fn unknown_kind(kind: &str, suggestion: Option<&str>, known: &[String]) -> String {
    let mut text = format!("no rule or count of the program reads events of the kind \"{kind}\"");
    match suggestion {
        Some(s) => text.push_str(&format!("; did you mean \"{s}\"?")),
        None if known.is_empty() => text.push_str(" (it reads no kind of its own)"),
        None => {
            let known: Vec<String> = known.iter().map(|k| format!("\"{k}\"")).collect();
            text.push_str(&format!(" (its own kinds: {})", known.join(", ")));
        }
    }
    text
}

/// The end of an unknown tier's message: a close declared name, then the
/// declared ones.
pub(crate) fn tiers_known(suggestion: Option<&str>, known: &str) -> String {
    match suggestion {
        Some(s) => format!("; did you mean \"{s}\"? (tiers: {known})"),
        None => format!(" (tiers: {known})"),
    }
}

/// The [`EvalError::UnknownTier`] of a member's `tier` among `levels`.
pub(crate) fn unknown_tier<'a>(
    member: &str,
    tier: &str,
    levels: impl Iterator<Item = &'a str> + Clone,
) -> EvalError {
    EvalError::UnknownTier {
        member: member.to_string(),
        tier: tier.to_string(),
        suggestion: crate::check::did_you_mean(tier, levels.clone()),
        known: levels.collect::<Vec<_>>().join(", "),
    }
}

/// For a currency code that differs from the program's only in its letters'
/// case (`usd`): how to write it.
fn capitals_hint(found: &str, expected: &str) -> String {
    if found != expected && found.eq_ignore_ascii_case(expected) {
        format!(" (currency codes are written in capitals: \"{expected}\")")
    } else {
        String::new()
    }
}

/// How to write a value of the attribute's type, when the input's is of
/// another that is often sent for it: a code as a number, one text for a
/// list, a flag in quotes.
fn attribute_hint(expected: &str, found: &str) -> String {
    use crate::types::Type;
    let quoted = found.len() >= 2 && found.starts_with('"') && found.ends_with('"');
    let is = |t: Type| expected == t.to_string();
    if is(Type::Text) && !quoted && !found.starts_with('[') {
        format!("; write it in quotes: \"{found}\"")
    } else if is(Type::TextList) && quoted {
        format!("; write a list: [{found}]")
    } else if is(Type::Bool) {
        "; write true or false, without quotes".into()
    } else if let (true, Some(text)) = (is(Type::Money), quoted.then(|| found.trim_matches('"'))) {
        // `"45.50 USD"`, `"$1,045.50"`: the amount alone.
        let amount: String = text
            .trim_matches(|c: char| c.is_ascii_uppercase() || "$€£¥ ".contains(c))
            .chars()
            .filter(|c| *c != ',')
            .collect();
        match amount.parse::<rust_decimal::Decimal>() {
            Ok(_) if amount != text => format!(
                "; write the amount alone, \"{amount}\": money is in the program's currency"
            ),
            _ => String::new(),
        }
    } else if let (true, Some(text)) = (is(Type::Number), quoted.then(|| found.trim_matches('"'))) {
        // `"2,496"`, `"2496 mi"`: the number alone.
        let number: String = text
            .trim_end_matches(|c: char| c.is_alphabetic() || c == ' ')
            .chars()
            .filter(|c| *c != ',')
            .collect();
        match number.parse::<rust_decimal::Decimal>() {
            Ok(_) if number != text => format!("; write the number alone, \"{number}\""),
            _ => String::new(),
        }
    } else if let (true, Some(text)) = (is(Type::Date), quoted.then(|| found.trim_matches('"'))) {
        // `"03/15/2026"`: the day as the crate reads it.
        crate::input::date_help(text)
            .map(|help| format!("; {}", help.trim_start_matches([':', ' '])))
            .unwrap_or_default()
    } else {
        String::new()
    }
}

/// What counts by membership year: the tiers, or a rule or cap.
fn by_membership_year(rule: &str) -> String {
    if rule == "tiers" {
        "the tiers qualify".into()
    } else {
        format!("rule \"{rule}\" counts")
    }
}
