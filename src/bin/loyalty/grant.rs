//! `loyalty grant`: a tier from outside the thresholds (a paid membership,
//! an invitation, a status match) for one member of a states file, written
//! to `--state-out`, with the member's tier status from the grant's first
//! day.

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

/// What to grant, and to whom.
pub(super) struct Ask {
    /// The member's id.
    pub to: String,
    pub tier: String,
    pub kind: Kind,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub months: Option<u32>,
    pub note: Option<String>,
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
    let mut states = replay::read_states(state, &program)?;
    let kind = match ask.kind {
        Kind::Paid => GrantKind::Paid,
        Kind::Invitation => GrantKind::Invitation,
        Kind::StatusMatch => GrantKind::StatusMatch,
        Kind::Other => GrantKind::Other,
    };
    let mut g = TierGrant::new(&ask.tier, kind, ask.from);
    let until = match ask.months {
        Some(n) => Some(
            ask.from
                .checked_add_months(chrono::Months::new(n))
                .and_then(|d| d.pred_opt())
                .ok_or_else(|| format!("{} plus {n} months is not a date", ask.from))?,
        ),
        None => ask.until,
    };
    if let Some(until) = until {
        g = g.until(until);
    }
    if let Some(note) = &ask.note {
        g = g.with_note(note);
    }
    let state = states
        .entry(member.id.clone())
        .or_insert_with(|| program.new_state(&member));
    if let Err(e) = program.grant(&member, state, g) {
        // Most errors of a grant do not name the member; those get it.
        if e.member().is_some() {
            eprintln!("error: {e}");
        } else {
            eprintln!("error: member {}: {e}", member.id);
        }
        return Ok(ExitCode::FAILURE);
    }
    // The status from the grant's first day (or the day the state's tier
    // was reviewed to, when later).
    let reviewed = state.tier.as_ref().map(|t| t.reviewed);
    let as_of = reviewed.map_or(ask.from, |r| r.max(ask.from));
    let status = program
        .tier_status(&member, state, as_of)
        .map_err(|e| format!("member {}: {e}", member.id))?;
    replay::write_states(state_out, &states)?;
    out.print(status.explain())?;
    Ok(ExitCode::SUCCESS)
}
