//! The canonical formatter: prints a program in one layout, keeping its
//! comments.
//!
//! It prints from pest's concrete syntax tree, token by token, so that the
//! formatted text has the same tokens as the source (save the commas the
//! layout drops or adds) and therefore parses to the same program; the
//! comments, which the grammar skips, are read back from the text between
//! tokens. The layout rules are in `layout.rs`, lines and comments in
//! `printer.rs`.

mod layout;
mod printer;
#[cfg(test)]
mod tests;

use crate::error::CompileError;
use crate::limits::Limits;

/// Prints a program in the canonical layout, keeping its comments.
///
/// The layout depends only on the program's tokens and comments, never on how
/// the source was laid out, so formatting is idempotent, and the result
/// parses to the same program. Formatting needs only valid syntax: names and
/// types are not checked. A program that does not parse (or exceeds the
/// default [`Limits`]) gets the same errors as [`Program::compile`](crate::Program::compile)
/// would report first.
///
/// The layout: two-space indentation; one item or statement per line; a block
/// with a single simple statement on one line when it fits in 100 columns;
/// a heading too long for one line moves its `when` condition to a line of
/// its own, and a condition still too long breaks before `or` (or `and`);
/// a list too long for its line has one element per line; blank lines
/// between statements are kept (several become one). The output keeps the
/// source's line ending: CRLF when every line break of the source is CRLF,
/// LF otherwise.
///
/// ```
/// let source = r#"
/// program "Acme"   {currency USD
///   timezone "America/New_York"}
/// // base points
/// earn "Base" on purchase for each line where line.category not in ["gift_card","fuel",] {
///     award 1 point per USD of line.amount   // rounded per rule
/// }
/// "#;
/// let formatted = loyalty_rules::format_program(source)?;
/// assert_eq!(formatted, r#"program "Acme" {
///   currency USD
///   timezone "America/New_York"
/// }
/// // base points
/// earn "Base" on purchase for each line where line.category not in ["gift_card", "fuel"] {
///   award 1 point per USD of line.amount // rounded per rule
/// }
/// "#);
/// assert_eq!(loyalty_rules::format_program(&formatted)?, formatted);
/// # Ok::<(), loyalty_rules::CompileError>(())
/// ```
pub fn format_program(source: &str) -> Result<String, CompileError> {
    format_program_with(source, &Limits::default())
}

/// [`format_program`] with the given [`Limits`].
pub fn format_program_with(source: &str, limits: &Limits) -> Result<String, CompileError> {
    let source = crate::program::without_bom(source);
    // A file whose every line break is CRLF is laid out as LF text (so that
    // no comment keeps a stray `\r`) and given its CRLF back; a file with
    // mixed line breaks comes out LF.
    let crlf = uses_crlf(source);
    let lf;
    let text = if crlf {
        lf = source.replace("\r\n", "\n");
        lf.as_str()
    } else {
        source
    };
    let tree = crate::parser::syntax_tree(text, limits).map_err(|errors| CompileError {
        errors,
        warnings: Vec::new(),
    })?;
    let mut layout = layout::Layout::new(text);
    if let Some(file) = tree.root() {
        layout.program(file);
    }
    let formatted = layout.printer.finish();
    Ok(if crlf {
        formatted.replace('\n', "\r\n")
    } else {
        formatted
    })
}

/// `sha256:` and the hex SHA-256 of a program's tokens as the canonical
/// layout prints them, one space apart: the program without its comments
/// and its layout ([`Program::version`](crate::Program::version)).
pub(crate) fn version(tree: &crate::parser::Tree<'_>) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    if let Some(file) = tree.root() {
        layout::each_leaf(file, &mut |t| {
            hasher.update(t.text.as_bytes());
            hasher.update(b" ");
        });
    }
    crate::program::sha256_text(&hasher.finalize())
}

/// Whether every line break of `text` is CRLF (and there is one).
pub(crate) fn uses_crlf(text: &str) -> bool {
    let breaks = text.matches('\n').count();
    breaks > 0 && text.matches("\r\n").count() == breaks
}
