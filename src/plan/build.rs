//! The plan stage: from the checker's records (one per rule), the
//! evaluation sequences per event kind, their candidate index, and the
//! plan that the evaluator runs.

use std::collections::BTreeMap;

use super::{
    AttrDef, BalanceDef, CampaignPlan, CountPlan, Expr, Plan, ProgramCapPlan, RulePlan, Unit,
};
use crate::kinds::Kind;
use crate::name::Name;
use crate::rounding::RoundingMode;
use crate::types::Field;

/// One checked rule, as the checker hands it on: its plan, and what
/// decides its place in the sequences.
pub(crate) struct RuleRecord {
    pub plan: RulePlan,
    /// The built-in kind, or the custom kind's name.
    pub kind: Result<Kind, String>,
    /// `priority N` (0 when not given).
    pub priority: i64,
    /// `group "NAME"`, if any.
    pub group: Option<String>,
}

/// Everything the checker found valid, for the plan stage.
pub(crate) struct Checked {
    pub name: String,
    pub hash: String,
    pub currency: String,
    pub currency_places: u32,
    pub timezone: chrono_tz::Tz,
    pub rounding: RoundingMode,
    pub balances: Vec<BalanceDef>,
    pub tiers: Vec<String>,
    pub attributes: Vec<AttrDef>,
    pub rules: Vec<RuleRecord>,
    /// The balance that decides each group (absent: `points`).
    pub group_balances: BTreeMap<String, usize>,
    pub campaigns: Vec<CampaignPlan>,
    pub caps: Vec<ProgramCapPlan>,
    pub counters: Vec<String>,
    pub money_counters: Vec<bool>,
    pub counts: Vec<CountPlan>,
    pub keep_days: u32,
    pub tenders: Vec<String>,
    pub tier: Option<crate::tier::plan::TierPlan>,
    pub tracked_balances: Vec<usize>,
    pub combine: crate::keywords::Combine,
    pub segments: Vec<super::SegmentPlan>,
    pub ledgers: Vec<crate::ledger::LedgerPlan>,
    pub burns: Vec<crate::ledger::burn::BurnPlan>,
    pub rewards: Vec<crate::ledger::burn::BurnPlan>,
    pub returns: Option<crate::returns::ReturnsPlan>,
}

/// The evaluation order of each event kind.
pub(crate) struct Sequences {
    pub builtin: [Vec<Unit>; Kind::COUNT],
    pub custom: BTreeMap<String, Vec<Unit>>,
}

impl Sequences {
    /// Where each rule runs: its sequence (built-in kinds first, then custom
    /// ones in name order) and its position in it, by rule index.
    pub(crate) fn positions(&self, rules: usize) -> Vec<Option<(usize, usize)>> {
        let mut out = vec![None; rules];
        let all = self.builtin.iter().chain(self.custom.values());
        for (k, seq) in all.enumerate() {
            for (p, unit) in seq.iter().enumerate() {
                let members = match unit {
                    Unit::Rule(r) => std::slice::from_ref(r),
                    Unit::Group { rules, .. } => rules.as_slice(),
                };
                for r in members {
                    if let Some(slot) = out.get_mut(*r) {
                        *slot = Some((k, p));
                    }
                }
            }
        }
        out
    }
}

/// Evaluation order per event kind: priority (highest first), then
/// declaration order; an exclusive group is evaluated as one unit at the
/// place of its first rule.
pub(crate) fn sequences(
    rules: &[RuleRecord],
    group_balances: &BTreeMap<String, usize>,
) -> Sequences {
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(rules.get(*i).map_or(0, |r| r.priority)));
    let mut builtin: [Vec<Unit>; Kind::COUNT] = Default::default();
    let mut custom: BTreeMap<String, Vec<Unit>> = BTreeMap::new();
    let mut group_slot: BTreeMap<(String, String), usize> = BTreeMap::new();
    for i in order {
        let Some(record) = rules.get(i) else {
            continue;
        };
        let seq = match &record.kind {
            Ok(k) => match builtin.get_mut(k.index()) {
                Some(s) => s,
                None => continue,
            },
            Err(name) => custom.entry(name.clone()).or_default(),
        };
        match &record.group {
            None => seq.push(Unit::Rule(i)),
            Some(group) => {
                let kind_key = match &record.kind {
                    Ok(k) => k.name().to_string(),
                    Err(n) => format!("event:{n}"),
                };
                let key = (kind_key, group.clone());
                if let Some(pos) = group_slot.get(&key) {
                    if let Some(Unit::Group { rules, .. }) = seq.get_mut(*pos) {
                        rules.push(i);
                    }
                } else {
                    group_slot.insert(key, seq.len());
                    seq.push(Unit::Group {
                        name: Name::from(group.as_str()),
                        balance: group_balances.get(group).copied().unwrap_or(0),
                        rules: vec![i],
                    });
                }
            }
        }
    }
    Sequences { builtin, custom }
}

/// The plan: sequences, their index, and what the evaluator precomputes.
pub(crate) fn build(c: Checked) -> Plan {
    let Sequences { builtin, custom } = sequences(&c.rules, &c.group_balances);
    let rules = c.rules.into_iter().map(|r| r.plan).collect();
    let has_budgets = c.campaigns.iter().any(|x| x.budget.is_some());
    let has_member_caps = c.caps.iter().any(|cap| cap.member.is_some());
    let mut plan = Plan {
        name: c.name.into(),
        hash: c.hash.into(),
        // Set by the compile, which has the syntax tree.
        version: crate::name::Name::default(),
        source: crate::name::Name::default(),
        currency: c.currency,
        currency_places: c.currency_places,
        timezone: c.timezone,
        utc: super::is_utc(c.timezone),
        rounding: c.rounding,
        balances: c.balances,
        tiers: c.tiers.into_iter().map(Name::from).collect(),
        attributes: c.attributes,
        rules,
        sequences: builtin,
        custom_sequences: custom,
        campaigns: c.campaigns,
        caps: c.caps,
        seq_index: Default::default(),
        custom_index: Default::default(),
        campaign_index: Default::default(),
        limits: Default::default(),
        reads_tx_lists: false,
        reads_line_sums: false,
        lenient_attributes: false,
        counters: c.counters,
        money_counters: c.money_counters,
        counts: c.counts,
        keep_days: c.keep_days,
        tier: c.tier,
        tracked_balances: c.tracked_balances,
        combine: c.combine,
        segments: c.segments,
        ledgers: c.ledgers,
        has_budgets,
        has_member_caps,
        quiet_points: false,
        burns: c.burns,
        automatic: (c.rewards.iter().enumerate())
            .filter(|(_, r)| r.automatic)
            .map(|(i, _)| i)
            .collect(),
        rewards: c.rewards,
        returns: c.returns,
        tenders: c.tenders,
        lane: None,
    };
    plan.reads_tx_lists = plan.reads(|f| matches!(f, Field::TxCategories | Field::TxSkus));
    let sums = plan
        .expressions()
        .flat_map(Expr::nodes)
        .any(|e| matches!(e, Expr::SumLines { .. }));
    plan.reads_line_sums = sums;
    let (seq_index, custom_index, campaign_index) = super::index::build(&plan);
    plan.seq_index = seq_index;
    plan.custom_index = custom_index;
    plan.campaign_index = campaign_index;
    super::lower::conditions(&mut plan);
    crate::eval::compile_checks(&mut plan);
    plan.decide_quiet_points();
    plan.lane = crate::eval::lane_plan(&plan);
    plan
}
