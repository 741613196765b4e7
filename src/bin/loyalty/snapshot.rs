//! `loyalty simulate`: a member after each event, as JSON or a line.

use std::collections::BTreeMap;

use loyalty_rules::{Event, MemberState};

/// A member after one event: balances, what can be spent and what is
/// pending, lots, tier. It borrows the state's lots: printed as a line it
/// costs what the line says, not the member's history.
#[derive(serde::Serialize)]
pub(super) struct Snapshot<'s> {
    day: loyalty_rules::NaiveDate,
    event: &'s str,
    kind: &'s str,
    member: &'s str,
    balances: BTreeMap<&'s str, String>,
    available: BTreeMap<&'s str, String>,
    pending: BTreeMap<&'s str, String>,
    lots: BTreeMap<&'s str, &'s [loyalty_rules::Lot]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tier: Option<&'s str>,
    /// Rewards the event issued automatically.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    issued: &'s [loyalty_rules::Issued],
}

impl<'s> Snapshot<'s> {
    pub(super) fn of(
        program: &loyalty_rules::Program,
        event: &'s Event,
        outcome: &'s loyalty_rules::Outcome,
        state: &'s MemberState,
    ) -> Snapshot<'s> {
        let day = outcome.change.day;
        let mut available = BTreeMap::new();
        let mut pending = BTreeMap::new();
        let mut lots = BTreeMap::new();
        for (name, w) in &state.wallets {
            // In the balance's decimals, as its total: `0.00`, not `0`.
            let places = program.precision(name).unwrap_or(0);
            let shown = |points: loyalty_rules::Exact| points.at_places(places).to_string();
            available.insert(name.as_str(), shown(w.available(day)));
            pending.insert(name.as_str(), shown(w.pending(day)));
            lots.insert(name.as_str(), w.lots.as_slice());
        }
        Snapshot {
            day,
            event: event.id(),
            kind: event.kind_name(),
            member: &outcome.member,
            balances: state
                .balances
                .iter()
                .map(|(k, v)| (k.as_str(), v.to_string()))
                .collect(),
            available,
            pending,
            lots,
            tier: state.tier.as_ref().map(|t| t.level.as_str()),
            issued: &outcome.issued,
        }
    }

    pub(super) fn table(&self) -> String {
        let mut parts = Vec::new();
        for (name, total) in &self.balances {
            let mut part = format!("{name} {total}");
            if let (Some(a), Some(p), Some(l)) = (
                self.available.get(name),
                self.pending.get(name),
                self.lots.get(name),
            ) {
                let n = l.len();
                let lots = if n == 1 { "lot" } else { "lots" };
                part.push_str(&format!(" ({a} available, {p} pending, {n} {lots})"));
            }
            parts.push(part);
        }
        let tier = self
            .tier
            .as_ref()
            .map(|t| format!("; tier {t}"))
            .unwrap_or_default();
        // `; issued 2 × "10 USD Note"`: what the balance went to.
        let issued: String = self
            .issued
            .iter()
            .map(|i| format!("; issued {} × \"{}\"", i.count, i.reward))
            .collect();
        format!(
            "{} {} ({}) {}: {}{tier}{issued}",
            self.day,
            self.event,
            self.kind,
            self.member,
            if parts.is_empty() {
                "no balance".to_string()
            } else {
                parts.join(", ")
            }
        )
    }
}
