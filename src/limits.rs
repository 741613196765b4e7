//! Resource limits that keep hostile or broken program text from exhausting
//! the host.

use serde::{Deserialize, Serialize};

/// Limits on program text, checked while compiling. The defaults are safe for
/// a platform that compiles programs written by its customers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Largest program text accepted, in bytes.
    pub max_program_bytes: usize,
    /// Deepest nesting of parentheses, brackets and operators in one expression.
    pub max_expr_depth: usize,
    /// Most earn rules in one program (campaign rules included).
    pub max_rules: usize,
    /// Most elements in one list literal.
    pub max_list_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_program_bytes: 4 * 1024 * 1024,
            max_expr_depth: 64,
            max_rules: 20_000,
            max_list_len: 1_000,
        }
    }
}
