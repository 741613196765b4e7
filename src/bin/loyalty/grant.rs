//! `loyalty grant`: a tier from outside the thresholds (a paid membership,
//! an invitation, a status match) for one member of a states file, or the
//! end of one (`--end`), written to `--state-out`, with the member's tier
//! status from the grant's first day (or the day after it ends).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use loyalty_rules::{GrantKind, Member, NaiveDate, TierGrant};

use super::{compiled, replay, Out, Stop};

/// Why a tier is granted (`--kind`).
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Kind {
    /// A paid membership.
    Paid,
    /// An invitation-only level.
    Invitation,
    /// A status match from another program.
    StatusMatch,
    /// Any other reason (say which with `--note`).
    Other,
}

/// Which tier, to whom, and what to do.
pub(super) struct Ask {
    /// The member's id.
    pub to: String,
    pub tier: String,
    pub what: What,
}

/// A grant, or the end of one.
pub(super) enum What {
    Grant {
        kind: Kind,
        from: NaiveDate,
        until: Option<NaiveDate>,
        months: Option<u32>,
        note: Option<String>,
    },
    /// The last day of the member's grant of the tier.
    End(NaiveDate),
}

pub(super) fn grant(
    program: &Path,
    state: &Path,
    members: Option<&Path>,
    state_out: &PathBuf,
    ask: Ask,
    out: &mut Out,
) -> Result<ExitCode, Stop> {
    let Some(program) = compiled(program)? else {
        return Ok(ExitCode::FAILURE);
    };
    let member = match members {
        Some(path) => replay::read_members(path)?.remove(&ask.to),
        None => None,
    }
    .unwrap_or_else(|| Member::new(&ask.to));
    if !state.exists() {
        return Err(format!(
            "{} does not exist: give the members' states (a file holding `[]` when there are none yet)",
            state.display()
        )
        .into());
    }
    let mut states = replay::read_states(state, &program)?;
    let state = states
        .entry(member.id.clone())
        .or_insert_with(|| program.new_state(&member));
    // The day of the status printed after.
    let (done, day) = match ask.what {
        What::Grant {
            kind,
            from,
            until,
            months,
            note,
        } => {
            let g = grant_of(&ask.tier, kind, from, until, months, note)?;
            (program.grant(&member, state, g), from)
        }
        What::End(last) => (
            program.end_grant(&member, state, &ask.tier, last),
            last.succ_opt().unwrap_or(last),
        ),
    };
    if let Err(e) = done {
        // Most errors of a grant do not name the member; those get it.
        if e.member().is_some() {
            eprintln!("error: {e}");
        } else {
            eprintln!("error: member {}: {e}", member.id);
        }
        return Ok(ExitCode::FAILURE);
    }
    // The status from that day (or the day the state's tier was reviewed
    // to, when later).
    let reviewed = state.tier.as_ref().map(|t| t.reviewed);
    let as_of = reviewed.map_or(day, |r| r.max(day));
    let status = program
        .tier_status(&member, state, as_of)
        .map_err(|e| format!("member {}: {e}", member.id))?;
    replay::write_states(state_out, &states)?;
    out.print(status.explain())?;
    Ok(ExitCode::SUCCESS)
}

/// The grant asked for, its end from `--until` or `--months`.
fn grant_of(
    tier: &str,
    kind: Kind,
    from: NaiveDate,
    until: Option<NaiveDate>,
    months: Option<u32>,
    note: Option<String>,
) -> Result<TierGrant, Stop> {
    let kind = match kind {
        Kind::Paid => GrantKind::Paid,
        Kind::Invitation => GrantKind::Invitation,
        Kind::StatusMatch => GrantKind::StatusMatch,
        Kind::Other => GrantKind::Other,
    };
    let mut g = TierGrant::new(tier, kind, from);
    match (months, until) {
        (Some(n), _) => {
            g = g.months(n);
            if g.until.is_none() {
                return Err(format!("{from} plus {n} months is not a date").into());
            }
        }
        (None, Some(until)) => g = g.until(until),
        (None, None) => {}
    }
    if let Some(note) = &note {
        g = g.with_note(note);
    }
    Ok(g)
}
