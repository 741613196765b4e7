//! `loyalty redeem`: what a redemption would take and buy, or why it is
//! refused, without changing the state.

use std::path::Path;
use std::process::ExitCode;

use loyalty_rules::{Event, Member};

use super::{compiled, Out, Stop};

/// The redemption asked for.
pub(super) struct Ask {
    pub burn: Option<String>,
    pub reward: Option<String>,
    pub points: Option<String>,
    pub order: Option<String>,
    pub at: String,
}

/// `--state-out` on a quote: how a redemption is made instead, with the
/// event of the one asked.
pub(super) fn not_a_redemption(ask: &Ask) -> String {
    let text = |v: &str| serde_json::Value::from(v).to_string();
    let mut fields = vec![
        ("kind", text("redemption")),
        ("id", text("r-1")),
        ("timestamp", text(&ask.at)),
    ];
    for (key, value) in [
        ("burn", &ask.burn),
        ("reward", &ask.reward),
        ("points", &ask.points),
        ("order", &ask.order),
    ] {
        if let Some(v) = value {
            fields.push((key, text(v)));
        }
    }
    let event: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("\"{k}\": {v}"))
        .collect();
    format!(
        "`loyalty redeem` quotes a redemption and changes no state: to redeem, evaluate a \
         redemption event, `loyalty eval PROGRAM redemptions.jsonl --state STATE --state-out \
         STATE`, with lines such as {{{}}}",
        event.join(", ")
    )
}

pub(super) fn quote(
    program: &Path,
    state: &Path,
    member: Option<&Path>,
    ask: Ask,
    out: &mut Out,
) -> Result<ExitCode, Stop> {
    let Some(program) = compiled(program)? else {
        return Ok(ExitCode::FAILURE);
    };
    let states = super::replay::read_states(state, &program)?;
    let Some(state) = states.values().next() else {
        return Err(format!("{}: no member state", state.display()).into());
    };
    let member = match member {
        Some(path) => super::replay::read_members(path)?
            .remove(&state.member)
            .ok_or_else(|| format!("{}: no member {}", path.display(), state.member))?,
        None => Member::new(&state.member),
    };
    let mut event = serde_json::json!({
        "kind": "redemption",
        "id": "quote",
        "timestamp": ask.at,
    });
    for (key, value) in [
        ("burn", ask.burn),
        ("reward", ask.reward),
        ("points", ask.points),
        ("order", ask.order),
    ] {
        if let (Some(v), Some(map)) = (value, event.as_object_mut()) {
            map.insert(key.to_string(), serde_json::Value::String(v));
        }
    }
    let event = Event::from_json(&event.to_string())
        .map_err(|e| format!("not a redemption: {}: {}", e.path, e.message))?;
    match program.evaluate_with(&member, state, &event) {
        Ok(outcome) => {
            out.print(&outcome)?;
            // The explanation reads as done; the command did nothing.
            out.line("a quote: nothing was redeemed, the state is unchanged")?;
            Ok(ExitCode::SUCCESS)
        }
        // The quote's event id is the command's own: say only why.
        Err(loyalty_rules::EvalError::Refused { refusal, .. }) => {
            out.line(format_args!("refused: {refusal}"))?;
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            out.line(format_args!("error: {e}"))?;
            Ok(ExitCode::FAILURE)
        }
    }
}
