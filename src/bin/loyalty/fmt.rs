//! `loyalty fmt`: programs in the canonical layout, checked or rewritten.

use std::path::Path;
use std::process::ExitCode;

use loyalty_rules::format_program;

use super::{all, diagnostics, read, Out, Stop};

pub(super) fn fmt(path: &Path, check: bool, write: bool, out: &mut Out) -> Result<ExitCode, Stop> {
    let stdin = path == Path::new("-");
    if stdin && write {
        return Err(Stop::Error(
            "--write needs a file, not standard input (-)".into(),
        ));
    }
    let source = if stdin {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("cannot read standard input: {e}"))?
    } else {
        read(path)?
    };
    let formatted = match format_program(&source) {
        Ok(text) => text,
        Err(err) => {
            eprint!("{}", diagnostics(path, &source, &all(&err)));
            return Ok(ExitCode::FAILURE);
        }
    };
    if check {
        if formatted == source {
            return Ok(ExitCode::SUCCESS);
        }
        let name = path.display().to_string();
        let diff = similar::TextDiff::from_lines(&source, &formatted);
        out.print(
            diff.unified_diff()
                .context_radius(3)
                .header(&name, &format!("{name} (formatted)")),
        )?;
        eprintln!("{name}: not in the canonical layout; `loyalty fmt --write {name}` rewrites it");
        return Ok(ExitCode::FAILURE);
    }
    if write {
        if formatted != source {
            std::fs::write(path, formatted)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    out.print(formatted)?;
    Ok(ExitCode::SUCCESS)
}
