//! `loyalty balances`: each member's balances on a day, what can be spent
//! and what is pending, and what will expire when (`Program::expiring`).

use std::path::Path;
use std::process::ExitCode;

use chrono::TimeZone;
use loyalty_rules::{
    Activity, Event, Exact, Expiring, Issued, Member, MemberState, NaiveDate, Program, StateError,
};

use super::{replay, Out, Stop};

/// One member's balances on a day, as JSON.
#[derive(serde::Serialize)]
struct Balances<'a> {
    member: &'a str,
    as_of: NaiveDate,
    balances: Vec<Balance<'a>>,
    expiring: Vec<Expiring>,
    /// Rewards issued automatically since the state's last event, for
    /// points that vested by the day.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    issued: Vec<Issued>,
}

#[derive(serde::Serialize)]
struct Balance<'a> {
    balance: &'a str,
    points: String,
    /// For a balance kept as lots: what can be spent, and what is pending.
    #[serde(skip_serializing_if = "Option::is_none")]
    available: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pending: Option<String>,
}

pub(super) fn show(
    program: &Path,
    state: &Path,
    as_of: NaiveDate,
    members: Option<&Path>,
    json: bool,
    out: &mut Out,
) -> Result<ExitCode, Stop> {
    replay::each_member(program, state, members, |program, member, s| {
        let (s, expiring, issued) = match on(program, member, s, as_of) {
            Ok(found) => found,
            Err(e) => {
                eprintln!("error: member {}: {e}", member.id);
                return Ok(false);
            }
        };
        let b = Balances {
            member: &member.id,
            as_of,
            balances: balances(program, &s, as_of),
            expiring,
            issued,
        };
        if json {
            let text =
                serde_json::to_string(&b).map_err(|e| format!("cannot write the balances: {e}"))?;
            out.line(text)?;
        } else {
            out.print(text(&b))?;
        }
        Ok(true)
    })
}

/// The state on `as_of`, what ended before it expired (a `time` event, as
/// the program expires lots), what will expire after it, and the rewards
/// issued automatically on the way.
fn on(
    program: &Program,
    member: &Member,
    state: &MemberState,
    as_of: NaiveDate,
) -> Result<(MemberState, Vec<Expiring>, Vec<Issued>), String> {
    // Read on or after the state's last event: a day before it would show
    // lots earned after that day.
    if let Err(StateError::ReadBeforeState { last, .. }) = program.expiring(state, as_of) {
        return Err(format!(
            "balances as of {as_of} cannot be read from a state that has events of {last}: \
             give --as-of {last} or later"
        ));
    }
    // Midnight of the day in the program's time zone: west of UTC, the
    // day's midnight in UTC is still the day before there.
    let zone: chrono_tz::Tz = program
        .timezone()
        .parse()
        .map_err(|e| format!("the program's time zone: {e}"))?;
    // (Where the clocks skip midnight, the day's first hour that exists.)
    let midnight = (0..24)
        .filter_map(|h| chrono::NaiveTime::from_hms_opt(h, 0, 0))
        .find_map(|t| zone.from_local_datetime(&as_of.and_time(t)).earliest())
        .ok_or_else(|| format!("{as_of} has no hour in {}", program.timezone()))?;
    let time = Event::Time(Activity::new(
        &format!("balances-{as_of}"),
        midnight.fixed_offset(),
    ));
    let mut s = state.clone();
    let outcome = program
        .evaluate_with(member, &s, &time)
        .map_err(|e| e.to_string())?;
    s.apply(&outcome).map_err(|e| e.to_string())?;
    let expiring = program.expiring(&s, as_of).map_err(|e| e.to_string())?;
    Ok((s, expiring, outcome.issued))
}

fn balances<'a>(program: &'a Program, s: &MemberState, as_of: NaiveDate) -> Vec<Balance<'a>> {
    program
        .balances()
        .map(|name| {
            // In the balance's decimals: `0.00`, not `0`.
            let places = program.precision(name).unwrap_or(0);
            let shown = |points: Exact| points.at_places(places).to_string();
            let wallet = s.wallet(name);
            Balance {
                balance: name,
                points: shown(s.balance(name).unwrap_or(Exact::ZERO)),
                available: wallet.map(|w| shown(w.available(as_of))),
                pending: wallet.map(|w| shown(w.pending(as_of))),
            }
        })
        .collect()
}

fn text(b: &Balances<'_>) -> String {
    let mut t = format!("member {} on {}\n", b.member, b.as_of);
    for balance in &b.balances {
        t.push_str(&format!("  {} {}", balance.balance, balance.points));
        if let (Some(a), Some(p)) = (&balance.available, &balance.pending) {
            t.push_str(&format!(" ({a} available, {p} pending)"));
        }
        t.push('\n');
        // The balance went to rewards issued since the member's last event.
        for i in b.issued.iter().filter(|i| i.balance == balance.balance) {
            t.push_str(&format!(
                "    {} issued on {} for {} × \"{}\"\n",
                i.points, i.on, i.count, i.reward
            ));
        }
        for x in b.expiring.iter().filter(|x| x.balance == balance.balance) {
            let lots = if x.lots == 1 { "lot" } else { "lots" };
            let unless = if x.without_activity {
                "; activity before then moves the day"
            } else {
                ""
            };
            t.push_str(&format!(
                "    {} expire on {} ({} {lots}{unless})\n",
                x.points, x.on, x.lots
            ));
        }
    }
    t
}
