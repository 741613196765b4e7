//! [`Vocabulary`]: the words generated programs and inputs share, and how
//! it is read off an existing program so that inputs fit it.

use crate::plan::AttrOwner;
use crate::program::Program;
use crate::types::Type;

/// The names generated programs and inputs draw from, so that programs
/// and inputs meet (a rule on `"dining"` sees dining lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// The program's currency; transactions are in it.
    pub currency: String,
    /// Tiers, lowest first (may be empty).
    pub tiers: Vec<String>,
    /// Line categories.
    pub categories: Vec<String>,
    /// Sales channels.
    pub channels: Vec<String>,
    /// SKUs.
    pub skus: Vec<String>,
    /// Member attributes of type `bool` (generated programs declare them
    /// as `attribute member.NAME bool`, every other one `default false`;
    /// members may or may not have them).
    pub member_flags: Vec<String>,
    /// Event attributes of type `number` (`attribute event.NAME number`).
    pub event_numbers: Vec<String>,
    /// Line attributes of type `number` (`attribute line.NAME number`;
    /// lines may or may not have them).
    pub line_numbers: Vec<String>,
    /// Custom event kinds (`on event "NAME"`).
    pub custom_events: Vec<String>,
    /// Member segments.
    pub segments: Vec<String>,
    /// Whether members carry a tier (`Member::tier`): not for a program
    /// that computes tiers from the member's state.
    pub member_tier: bool,
    /// Whether members carry a segment (`Member::segment`): not for a
    /// program that decides segments itself.
    pub member_segment: bool,
    /// Redemptions the program takes (burn rules and rewards); histories
    /// include redemption events when there are any.
    pub spends: Vec<Spend>,
    /// Whether histories include `time` events (time passing: lots expire,
    /// tiers are reviewed), for a program that keeps lots or computes tiers.
    pub time_events: bool,
    /// How the program takes returns, if it does: histories then include
    /// returns of their own earlier purchases.
    pub returns: Option<ReturnForm>,
    /// The program's return window in days (`within N days`): most
    /// generated returns fall inside it, some in the half window after.
    pub return_days: u32,
}

/// How a program takes returns (`returns { by line }` or `{ pro rata }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReturnForm {
    /// Lines of the purchase, by position and quantity.
    ByLine,
    /// An amount of the purchase.
    ProRata,
}

/// A way to spend points that a program takes: a burn rule or a reward,
/// with point amounts it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Spend {
    /// The burn rule's or the reward's name.
    pub name: String,
    /// Whether it is a reward of the catalog (else a burn rule).
    pub reward: bool,
    /// Points to ask: a reward's cost, a table's entries, or a rate's
    /// minimum and a few steps above it.
    pub points: Vec<rust_decimal::Decimal>,
}

impl Spend {
    fn of(b: &crate::ledger::burn::BurnPlan, reward: bool) -> Spend {
        use crate::ledger::burn::Price;
        use rust_decimal::Decimal;
        let points = match &b.price {
            Price::Reward(cost) => vec![*cost],
            Price::Table(entries) => entries.iter().map(|(p, _)| *p).collect(),
            Price::Rate { .. } => {
                let step = b.step.unwrap_or(Decimal::ONE_HUNDRED);
                let base = b.minimum.unwrap_or(step).max(step);
                [0i64, 1, 4]
                    .into_iter()
                    .filter_map(|k| base.checked_add(step.checked_mul(Decimal::from(k))?))
                    .collect()
            }
        };
        Spend {
            name: b.name.clone(),
            reward,
            points,
        }
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            currency: "USD".into(),
            tiers: strings(&["base", "silver", "gold"]),
            categories: strings(&["grocery", "dining", "fuel", "electronics", "beauty"]),
            channels: strings(&["store", "online", "app"]),
            skus: strings(&["SKU-1", "SKU-2", "SKU-3", "SKU-4"]),
            member_flags: strings(&["vip", "staff"]),
            event_numbers: strings(&["stars"]),
            line_numbers: strings(&["distance"]),
            custom_events: strings(&["app_install"]),
            segments: strings(&["new", "regular", "lapsed"]),
            member_tier: true,
            member_segment: true,
            spends: Vec::new(),
            time_events: false,
            returns: None,
            return_days: 30,
        }
    }
}

impl Vocabulary {
    /// The default vocabulary with the currency, tiers, attributes, custom
    /// event kinds, burn rules and rewards of `program`, for members and
    /// events that fit an existing program: members without a tier when the
    /// program computes tiers, without a segment when it decides segments;
    /// redemptions when it takes them, time passing when it keeps lots or
    /// computes tiers, returns of earlier purchases when it takes returns.
    pub fn of(program: &Program) -> Vocabulary {
        let plan = program.plan();
        let defaults = Vocabulary::default();
        // The categories, SKUs and channels the program's rules look for
        // (those they are indexed on), beside the default ones.
        let indexes = || plan.seq_index.iter().chain(plan.custom_index.values());
        let with = |mut words: Vec<String>, found: Vec<&String>| {
            let mut seen: std::collections::BTreeSet<String> = words.iter().cloned().collect();
            for w in found {
                if seen.insert(w.clone()) {
                    words.push(w.clone());
                }
            }
            words
        };
        let categories = with(
            defaults.categories.clone(),
            indexes().flat_map(|i| i.by_category.keys()).collect(),
        );
        let skus = with(
            defaults.skus.clone(),
            indexes().flat_map(|i| i.by_sku.keys()).collect(),
        );
        let channels = with(
            defaults.channels.clone(),
            indexes().flat_map(|i| i.by_channel.keys()).collect(),
        );
        let declared = |owner, ty| {
            program
                .declared_attributes()
                .filter(|(o, _, t)| *o == owner && *t == ty)
                .map(|(_, name, _)| name.to_string())
                .collect()
        };
        Vocabulary {
            currency: program.currency().to_string(),
            tiers: program.tiers().map(str::to_string).collect(),
            member_flags: declared(AttrOwner::Member, Type::Bool),
            event_numbers: declared(AttrOwner::Event, Type::Number),
            line_numbers: declared(AttrOwner::Line, Type::Number),
            custom_events: program.custom_kinds().map(str::to_string).collect(),
            member_tier: plan.tier.is_none(),
            member_segment: plan.segments.is_empty(),
            spends: plan
                .burns
                .iter()
                .map(|b| Spend::of(b, false))
                .chain(plan.rewards.iter().map(|b| Spend::of(b, true)))
                .collect(),
            time_events: plan.tier.is_some() || !plan.ledgers.is_empty(),
            returns: plan.returns.map(|r| {
                if r.pro_rata {
                    ReturnForm::ProRata
                } else {
                    ReturnForm::ByLine
                }
            }),
            return_days: plan.returns.map_or(defaults.return_days, |r| r.within_days),
            categories,
            skus,
            channels,
            ..defaults
        }
    }
}
