//! Which rules and campaigns an event can possibly match, so that the cost of
//! an evaluation grows with the rules that can match, not with all rules.
//!
//! Each rule gets at most one key, a condition it cannot apply without: its
//! campaign's date window, or a top-level conjunct that names the values a
//! field must have — a `line.sku`, `line.category`, `tx.channel` or
//! `member.tier` equality or `in` list, or a text `in tx.skus` or `in
//! tx.categories` (some line has it). The most selective kind wins: SKU,
//! then category, channel, tier. Rules without a key are always
//! candidates. Candidates are evaluated in sequence order, so the index never
//! changes a result (tests/scaling.rs checks this).

use crate::kinds::Kind;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::plan::{CampaignPlan, CmpOp, Const, ConstSet, Expr, Plan, RulePlan, Unit};
use crate::types::Field;

/// Windows longer than this many months are not bucketed.
const MAX_BUCKETED_MONTHS: i32 = 24;

#[derive(Debug, Clone, Default)]
pub(crate) struct SeqIndex {
    pub always: Vec<u32>,
    pub by_sku: BTreeMap<String, Keyed>,
    pub by_category: BTreeMap<String, Keyed>,
    pub by_channel: BTreeMap<String, Vec<u32>>,
    pub by_month: BTreeMap<i32, Vec<u32>>,
    /// Per tier (by index), the positions of the rules keyed on it.
    pub by_tier: Vec<Vec<u32>>,
    /// How many `Keyed` lists the SKU and category maps hold.
    pub keys: usize,
    /// The same index as bit sets, for sequences of at most 64 units.
    pub masks: Option<Masks>,
}

/// A sequence's index as bit sets of positions (bit `p`: the unit at
/// position `p`), for sequences of at most 64 units: the candidates of an
/// event are the union of its keys' sets, in order by construction, with
/// no list to sort or deduplicate. Keys are few; they are scanned.
#[derive(Debug, Clone, Default)]
pub(crate) struct Masks {
    pub always: u64,
    pub by_sku: Vec<(Box<str>, u64)>,
    pub by_category: Vec<(Box<str>, u64)>,
    pub by_channel: Vec<(Box<str>, u64)>,
    pub by_month: Vec<(i32, u64)>,
    /// Per tier, by index.
    pub by_tier: Vec<u64>,
}

impl Masks {
    fn of(index: &SeqIndex, units: usize) -> Option<Masks> {
        if units > 64 {
            return None;
        }
        let set = |positions: &[u32]| {
            positions
                .iter()
                .fold(0u64, |m, p| m | 1u64.checked_shl(*p).unwrap_or(0))
        };
        let texts = |map: &BTreeMap<String, Keyed>| {
            map.iter()
                .map(|(k, v)| (Box::from(k.as_str()), set(&v.positions)))
                .collect()
        };
        Some(Masks {
            always: set(&index.always),
            by_sku: texts(&index.by_sku),
            by_category: texts(&index.by_category),
            by_channel: index
                .by_channel
                .iter()
                .map(|(k, v)| (Box::from(k.as_str()), set(v)))
                .collect(),
            by_month: index.by_month.iter().map(|(k, v)| (*k, set(v))).collect(),
            by_tier: index.by_tier.iter().map(|v| set(v)).collect(),
        })
    }
}

/// The set of a text key (none when absent).
pub(crate) fn set_of(keys: &[(Box<str>, u64)], key: &str) -> u64 {
    keys.iter()
        .find(|(k, _)| k.len() == key.len() && **k == *key)
        .map_or(0, |(_, m)| *m)
}

/// The sequence positions of the rules keyed on one SKU or category, with
/// an id so that an evaluation takes each list once however many lines
/// share the key (memory linear in lines plus rules, not their product).
#[derive(Debug, Clone, Default)]
pub(crate) struct Keyed {
    pub id: u32,
    pub positions: Vec<u32>,
}

/// Campaigns that can run in a given month.
#[derive(Debug, Clone, Default)]
pub(crate) struct CampaignIndex {
    pub always: Vec<u32>,
    pub by_month: BTreeMap<i32, Vec<u32>>,
}

enum Key {
    Always,
    Window(NaiveDate, NaiveDate),
    Skus(Vec<String>),
    Categories(Vec<String>),
    Channels(Vec<String>),
    Tiers(Vec<u16>),
}

impl Key {
    /// How selective a key usually is: a SKU more than a category, a
    /// category more than a channel, a channel more than a tier.
    fn rank(&self) -> u8 {
        match self {
            Key::Always => 0,
            Key::Tiers(_) => 1,
            Key::Channels(_) => 2,
            Key::Categories(_) => 3,
            Key::Window(..) | Key::Skus(_) => 4,
        }
    }
}

/// The last local date a campaign's window reaches: the day after its last
/// day when its hours run past midnight.
fn night_end(c: &CampaignPlan, to: NaiveDate) -> NaiveDate {
    match c.hours {
        Some((from, until)) if until < from => to.succ_opt().unwrap_or(to),
        _ => to,
    }
}

pub(crate) fn month_key(d: NaiveDate) -> i32 {
    d.year() * 12 + i32::try_from(d.month0()).unwrap_or(0)
}

fn months(from: NaiveDate, to: NaiveDate) -> Option<std::ops::RangeInclusive<i32>> {
    let (a, b) = (month_key(from), month_key(to));
    (b >= a && b - a < MAX_BUCKETED_MONTHS).then_some(a..=b)
}

pub(crate) fn build(
    plan: &Plan,
) -> (
    [SeqIndex; Kind::COUNT],
    BTreeMap<String, SeqIndex>,
    CampaignIndex,
) {
    let mut builtin: [SeqIndex; Kind::COUNT] = Default::default();
    for (slot, seq) in builtin.iter_mut().zip(&plan.sequences) {
        *slot = sequence(plan, seq);
    }
    let custom = plan
        .custom_sequences
        .iter()
        .map(|(k, seq)| (k.clone(), sequence(plan, seq)))
        .collect();
    let mut campaigns = CampaignIndex::default();
    for (i, c) in plan.campaigns.iter().enumerate() {
        let Ok(i) = u32::try_from(i) else { continue };
        match c.window.and_then(|(f, t)| months(f, night_end(c, t))) {
            Some(range) => range.for_each(|m| campaigns.by_month.entry(m).or_default().push(i)),
            None => campaigns.always.push(i),
        }
    }
    (builtin, custom, campaigns)
}

fn sequence(plan: &Plan, units: &[Unit]) -> SeqIndex {
    let mut index = SeqIndex::default();
    for (pos, unit) in units.iter().enumerate() {
        let Ok(pos) = u32::try_from(pos) else {
            continue;
        };
        let key = match unit {
            Unit::Rule(r) => plan
                .rules
                .get(*r)
                .map_or(Key::Always, |rule| key(rule, &plan.campaigns)),
            Unit::Group { .. } => Key::Always,
        };
        let mut keys = index.keys;
        let mut add = |map: &mut BTreeMap<String, Keyed>, values: Vec<String>| {
            for v in values {
                let keyed = map.entry(v).or_insert_with(|| {
                    keys += 1;
                    Keyed {
                        id: u32::try_from(keys - 1).unwrap_or(u32::MAX),
                        positions: Vec::new(),
                    }
                });
                keyed.positions.push(pos);
            }
        };
        match key {
            Key::Always => index.always.push(pos),
            Key::Window(f, t) => match months(f, t) {
                Some(range) => range.for_each(|m| index.by_month.entry(m).or_default().push(pos)),
                None => index.always.push(pos),
            },
            Key::Skus(v) => add(&mut index.by_sku, v),
            Key::Categories(v) => add(&mut index.by_category, v),
            Key::Channels(v) => {
                for c in v {
                    index.by_channel.entry(c).or_default().push(pos);
                }
            }
            Key::Tiers(v) => {
                for t in v {
                    let t = usize::from(t);
                    if index.by_tier.len() <= t {
                        index.by_tier.resize_with(t + 1, Vec::new);
                    }
                    if let Some(list) = index.by_tier.get_mut(t) {
                        list.push(pos);
                    }
                }
            }
        }
        index.keys = keys;
    }
    index.masks = Masks::of(&index, units.len());
    index
}

fn key(rule: &RulePlan, campaigns: &[CampaignPlan]) -> Key {
    if let Some(c) = rule.campaign.and_then(|c| campaigns.get(c)) {
        if let Some((from, to)) = c.window {
            return Key::Window(from, night_end(c, to));
        }
    }
    let Some(cond) = &rule.condition else {
        return Key::Always;
    };
    let mut best = Key::Always;
    for c in cond.conjuncts() {
        let found = match required(c) {
            Some((Field::LineSku, Values::Texts(v))) if rule.per_line => Key::Skus(v),
            Some((Field::LineCategory, Values::Texts(v))) if rule.per_line => Key::Categories(v),
            Some((Field::TxSkus, Values::Texts(v))) => Key::Skus(v),
            Some((Field::TxCategories, Values::Texts(v))) => Key::Categories(v),
            Some((Field::TxChannel, Values::Texts(v))) => Key::Channels(v),
            Some((Field::MemberTier, Values::Tiers(v))) => Key::Tiers(v),
            _ => continue,
        };
        if found.rank() > best.rank() {
            best = found;
        }
    }
    best
}

/// The values a conjunct requires of a field.
enum Values {
    Texts(Vec<String>),
    Tiers(Vec<u16>),
}

/// `field == value` or `field in [values]` (text or tiers), or a text `in
/// tx.skus` or `in tx.categories`: the field and the values it must have.
fn required(e: &Expr) -> Option<(Field, Values)> {
    let one = |c: &Const| match c {
        Const::Text(t) => Some(Values::Texts(vec![t.to_string()])),
        Const::Tier(t) => Some(Values::Tiers(vec![*t])),
        _ => None,
    };
    match e {
        Expr::Cmp(CmpOp::Eq, l, r) => match (l.as_ref(), r.as_ref()) {
            (Expr::Field(f), Expr::Const(c)) | (Expr::Const(c), Expr::Field(f)) => {
                Some((*f, one(c)?))
            }
            _ => None,
        },
        Expr::Contains {
            item,
            list,
            negate: false,
        } => match (item.as_ref(), list.as_ref()) {
            (Expr::Const(c), Expr::Field(f @ (Field::TxSkus | Field::TxCategories))) => {
                Some((*f, one(c)?))
            }
            _ => None,
        },
        Expr::InSet {
            item,
            set,
            negate: false,
        } => {
            let Expr::Field(f) = item.as_ref() else {
                return None;
            };
            let values = match set {
                ConstSet::Text(texts) => {
                    Values::Texts(texts.iter().map(|t| t.to_string()).collect())
                }
                ConstSet::Other(consts) => Values::Tiers(
                    consts
                        .iter()
                        .map(|c| match c {
                            Const::Tier(t) => Some(*t),
                            _ => None,
                        })
                        .collect::<Option<_>>()?,
                ),
            };
            Some((*f, values))
        }
        _ => None,
    }
}
