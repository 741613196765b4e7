//! Resource limits that keep hostile or broken program text from exhausting
//! the host.

use serde::{Deserialize, Serialize};

/// Limits on program text, checked while compiling, and on the events a
/// program evaluates, checked before evaluating (a compiled program keeps
/// the limits it was compiled with). The defaults are safe for a platform
/// that compiles programs written by its customers. Read from JSON (a
/// host's configuration, `loyalty --limits`), the fields left out keep
/// their defaults and an unknown one is an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest program text accepted, in bytes.
    pub max_program_bytes: usize,
    /// Deepest nesting of parentheses, brackets and operators in one expression.
    pub max_expr_depth: usize,
    /// Most earn rules in one program (campaign rules included).
    pub max_rules: usize,
    /// Most elements in one list literal.
    pub max_list_len: usize,
    /// Longest number literal, in characters (digits and the decimal point).
    pub max_number_len: usize,
    /// Most lines in one purchase.
    pub max_event_lines: usize,
    /// Most tags on one line of a purchase.
    pub max_line_tags: usize,
    /// Most attributes on a member, or on an event.
    pub max_attributes: usize,
    /// Most texts in one list attribute (`attribute member.offers list`).
    pub max_attribute_items: usize,
    /// Most multipliers the program's tiers and campaigns put on its
    /// rules, each rule a `multiply` reaches counted once (a campaign's
    /// `multiply all` in a program of 1,000 rules is 1,000): they are built
    /// when the program compiles and read on every event.
    pub max_multipliers: usize,
    /// Most lines of `for each line` awards in one explained outcome
    /// (each line an award explains, with its steps, counts once per step
    /// and once for itself): a program of many such rules on a purchase of
    /// many lines would otherwise explain rules × lines in memory.
    /// Totals alone ([`Program::points`](crate::Program::points)) are not
    /// limited by it.
    pub max_explained_lines: usize,
    /// Most lines one evaluation checks against the conditions of
    /// `for each line` rules (each such rule that the event's kind, date
    /// and lines leave in checks every line): thousands of such rules on a
    /// purchase of thousands of lines would take minutes. Totals and
    /// explained outcomes alike stop with [`Limit::LineChecks`].
    pub max_line_checks: usize,
}

/// Which limit a program hit: carried by the [`Diagnostic`](crate::Diagnostic)
/// that reports it, so that a platform can tell a limit from a mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_program_bytes`]
    ProgramBytes,
    /// [`Limits::max_expr_depth`]
    ExprDepth,
    /// [`Limits::max_rules`]
    Rules,
    /// [`Limits::max_list_len`]
    ListLen,
    /// [`Limits::max_number_len`]
    NumberLen,
    /// [`Limits::max_event_lines`]
    EventLines,
    /// [`Limits::max_line_tags`]
    LineTags,
    /// [`Limits::max_attributes`]
    Attributes,
    /// [`Limits::max_attribute_items`]
    AttributeItems,
    /// [`Limits::max_multipliers`]
    Multipliers,
    /// [`Limits::max_explained_lines`]
    ExplainedLines,
    /// [`Limits::max_line_checks`]
    LineChecks,
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Limit::ProgramBytes => "Limits::max_program_bytes",
            Limit::ExprDepth => "Limits::max_expr_depth",
            Limit::Rules => "Limits::max_rules",
            Limit::ListLen => "Limits::max_list_len",
            Limit::NumberLen => "Limits::max_number_len",
            Limit::EventLines => "Limits::max_event_lines",
            Limit::LineTags => "Limits::max_line_tags",
            Limit::Attributes => "Limits::max_attributes",
            Limit::AttributeItems => "Limits::max_attribute_items",
            Limit::Multipliers => "Limits::max_multipliers",
            Limit::ExplainedLines => "Limits::max_explained_lines",
            Limit::LineChecks => "Limits::max_line_checks",
        })
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_program_bytes: 4 * 1024 * 1024,
            max_expr_depth: 64,
            max_rules: 20_000,
            max_list_len: 1_000,
            max_number_len: 40,
            max_event_lines: 10_000,
            max_line_tags: 100,
            max_attributes: 256,
            max_attribute_items: 1_000,
            max_multipliers: 250_000,
            max_explained_lines: 100_000,
            max_line_checks: 20_000_000,
        }
    }
}
