//! Diagnostics for people, rendered by annotate-snippets the way rustc
//! prints them: `error[L0203]: message`, a `--> file:line:column` header,
//! the source with the span underlined, and the help. In colour on a
//! terminal, unless `NO_COLOR` is set or `--color never` is given.

use std::io::IsTerminal;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use loyalty_rules::{Diagnostic, Severity};

/// When to colour diagnostics.
#[derive(Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(super) enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

impl Color {
    /// Whether standard error gets colour.
    pub(super) fn on_stderr(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        }
    }
}

/// One diagnostic about `source` (the text as read, with any byte-order
/// mark), from the file `path`.
pub(super) fn render(path: &str, source: &str, d: &Diagnostic, color: bool) -> String {
    // Spans count from after a byte-order mark, as the compiler reads it.
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let start = d.span.start.min(text.len());
    let end = d.span.end.clamp(start, text.len());
    let level = match d.severity {
        Severity::Warning => Level::WARNING,
        _ => Level::ERROR,
    };
    let code = d.code.to_string();
    let snippet = Snippet::source(text)
        .path(path)
        .annotation(AnnotationKind::Primary.span(start..end));
    let mut group = level
        .primary_title(d.message.as_str())
        .id(code.as_str())
        .element(snippet);
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}
