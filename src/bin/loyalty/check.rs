//! `loyalty check`: a program's diagnostics, for people or as JSON.

use std::path::Path;
use std::process::ExitCode;

use loyalty_rules::{Diagnostic, Program};

use super::{diagnostics, read, Format, Out, Stop};

pub(super) fn check(
    path: &Path,
    format: Format,
    deny_warnings: bool,
    out: &mut Out,
) -> Result<ExitCode, Stop> {
    let source = read(path)?;
    let (program, errors, warnings) = match Program::compile_with(&source, super::limits()) {
        Ok(p) => {
            let warnings = p.warnings().to_vec();
            (Some(p), Vec::new(), warnings)
        }
        Err(e) => (None, e.errors, e.warnings),
    };
    let failed = program.is_none() || (deny_warnings && !warnings.is_empty());
    if format == Format::Json {
        let mut report = serde_json::json!({
            "file": path.display().to_string(),
            "ok": !failed,
            "diagnostics": errors.iter().chain(&warnings).collect::<Vec<_>>(),
        });
        if let (Some(p), Some(fields)) = (&program, report.as_object_mut()) {
            // The version a state's receipts record (a return of a purchase
            // is evaluated by it), and the text's hash outcomes record.
            fields.insert("version".into(), p.version().into());
            fields.insert("hash".into(), p.hash().into());
        }
        out.line(report)?;
    } else {
        let list: Vec<Diagnostic> = errors.iter().chain(&warnings).cloned().collect();
        eprint!("{}", diagnostics(path, &source, &list));
        if let Some(p) = &program {
            out.line(format_args!(
                "{}: ok, \"{}\", {}, {}, version {}",
                path.display(),
                p.name(),
                count(p.rules().count(), "rule"),
                found(&warnings, "warning"),
                short(p.version()),
            ))?;
        }
        if program.is_none() {
            eprintln!(
                "{}: failed, {}, {}",
                path.display(),
                found(&errors, "error"),
                found(&warnings, "warning"),
            );
        }
        if deny_warnings && !warnings.is_empty() {
            eprintln!("{}: warnings are denied (--deny-warnings)", path.display());
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A list of diagnostics counted in words: all that were found, and how
/// many are listed when a compile listed fewer (`300 warnings (100 listed)`).
fn found(list: &[Diagnostic], noun: &str) -> String {
    let all = Diagnostic::found(list);
    let listed = list.iter().filter(|d| d.unlisted == 0).count();
    if all > listed {
        format!("{} ({listed} listed)", count(all, noun))
    } else {
        count(all, noun)
    }
}

/// A program's version as outputs shorten hashes: `sha256:` and 12 hex
/// digits, the start of what a return's refusal names in full.
fn short(version: &str) -> &str {
    version.get(..19).unwrap_or(version)
}

/// `1 rule`, `12 rules`, `no warnings`.
fn count(n: usize, noun: &str) -> String {
    match n {
        0 => format!("no {noun}s"),
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}
