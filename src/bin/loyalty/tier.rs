//! `loyalty tier`: each member's tier status on a day.

use std::path::Path;
use std::process::ExitCode;

use super::{replay, Out, Stop};

pub(super) fn status(
    program: &Path,
    state: &Path,
    as_of: loyalty_rules::NaiveDate,
    members: Option<&Path>,
    json: bool,
    out: &mut Out,
) -> Result<ExitCode, Stop> {
    replay::each_member(program, state, members, |program, member, s| {
        match program.tier_status(member, s, as_of) {
            Ok(status) if json => {
                let text = serde_json::to_string(&status)
                    .map_err(|e| format!("cannot write the status: {e}"))?;
                out.line(text)?;
            }
            Ok(status) => out.print(status.explain())?,
            Err(e) => {
                // Most errors of a status name the member; the others get it.
                if e.member().is_some() {
                    eprintln!("error: {e}");
                } else {
                    eprintln!("error: member {}: {e}", member.id);
                }
                return Ok(false);
            }
        }
        Ok(true)
    })
}
