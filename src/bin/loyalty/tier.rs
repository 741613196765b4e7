//! `loyalty tier`: each member's tier status on a day.

use std::path::Path;
use std::process::ExitCode;

use loyalty_rules::Member;

use super::{compiled, replay, Out, Stop};

pub(super) fn status(
    program: &Path,
    state: &Path,
    as_of: loyalty_rules::NaiveDate,
    members: Option<&Path>,
    json: bool,
    out: &mut Out,
) -> Result<ExitCode, Stop> {
    let Some(program) = compiled(program)? else {
        return Ok(ExitCode::FAILURE);
    };
    let members = match members {
        Some(path) => replay::read_members(path)?,
        None => Default::default(),
    };
    let states = replay::read_states(state, &program)?;
    let mut ok = true;
    for (id, s) in &states {
        let member = members.get(id).cloned().unwrap_or_else(|| Member::new(id));
        match program.tier_status(&member, s, as_of) {
            Ok(status) if json => {
                let text = serde_json::to_string(&status)
                    .map_err(|e| format!("cannot write the status: {e}"))?;
                out.line(text)?;
            }
            Ok(status) => out.print(status.explain())?,
            Err(e) => {
                ok = false;
                // Most errors of a status name the member; the others get it.
                if e.member().is_some() {
                    eprintln!("error: {e}");
                } else {
                    eprintln!("error: member {id}: {e}");
                }
            }
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
