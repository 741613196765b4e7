//! Tier levels rising with their requirements (`L0406`): a higher level
//! asks no less of each counter a lower one names (the same minimum at
//! every level is common: 4 flights on the airline itself), and a higher
//! level that whoever qualifies for the level below it qualifies for too
//! is an error. The second is said only when it is so: each path of the
//! lower level meets some path of the higher one, part by part (`gold
//! when any 3 of (...)` over `silver when any 2 of` the same, or `gold
//! when 10 nights and 5 stays` over `silver when 10 nights or 5 stays`,
//! ask more).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Checker;
use crate::ast::{self, Criterion, ReqPart, Requirement};
use crate::codes::Code;

impl Checker<'_> {
    pub(super) fn threshold_order(&mut self, decl: &ast::TiersDecl) {
        // (name, lifetime) -> (level name, the least amount it asks)
        let mut last: BTreeMap<(String, bool), (String, Decimal)> = BTreeMap::new();
        // The level below, with its requirement.
        let mut below: Option<(&str, &Requirement)> = None;
        for level in &decl.levels {
            let Some(req) = &level.requirement else {
                continue;
            };
            let mut least: BTreeMap<(String, bool), (Decimal, crate::span::Span)> = BTreeMap::new();
            for part in req.paths.iter().flatten() {
                let criteria: Vec<&Criterion> = match part {
                    ReqPart::One(c) => vec![c],
                    ReqPart::Any { of, .. } => of.iter().collect(),
                };
                for c in criteria {
                    let key = (c.name.name.clone(), c.lifetime);
                    let slot = least.entry(key).or_insert((c.amount.value, c.span));
                    if c.amount.value < slot.0 {
                        *slot = (c.amount.value, c.span);
                    }
                }
            }
            let mut said = false;
            for (key, (amount, span)) in &least {
                if let Some((lower, below)) = last.get(key).filter(|(_, b)| amount < b) {
                    self.error_help(
                        Code::TierOrder,
                        *span,
                        format!(
                            "`{}` asks {} {}, less than the lower level `{lower}` ({below})",
                            level.name.name, amount, key.0
                        ),
                        Some(
                            "list the levels lowest first, each asking more than the one before"
                                .into(),
                        ),
                    );
                    said = true;
                }
            }
            if let (false, Some((lower, low))) = (said, below) {
                if implies(low, req) {
                    self.error_help(
                        Code::TierOrder,
                        level.name.span,
                        format!(
                            "`{}` asks no more than the lower level `{lower}`: whoever qualifies \
                             for `{lower}` qualifies for `{}`",
                            level.name.name, level.name.name
                        ),
                        Some("ask more of a counter or a balance than the level below".into()),
                    );
                }
            }
            for (key, (amount, _)) in least {
                last.insert(key, (level.name.name.clone(), amount));
            }
            below = Some((level.name.name.as_str(), req));
        }
    }
}

/// Whether whoever meets `low` meets `high`: each path of `low` meets
/// some path of `high` in every part (a sufficient test; levels it cannot
/// tell apart this way are taken as rising).
fn implies(low: &Requirement, high: &Requirement) -> bool {
    low.paths.iter().all(|p| {
        let ones = Ones::of(p);
        high.paths
            .iter()
            .any(|q| q.iter().all(|part| meets(p, &ones, part)))
    })
}

/// The least each counter must reach on a path by its single criteria and
/// by `any N of` groups that ask all of theirs.
struct Ones(BTreeMap<(String, bool), Decimal>);

impl Ones {
    fn of(path: &[ReqPart]) -> Ones {
        let mut sure = BTreeMap::new();
        let mut add = |c: &Criterion| {
            let slot = sure
                .entry((c.name.name.clone(), c.lifetime))
                .or_insert(c.amount.value);
            *slot = (*slot).max(c.amount.value);
        };
        for part in path {
            match part {
                ReqPart::One(c) => add(c),
                ReqPart::Any { n, of, .. } if n.value >= Decimal::from(of.len()) => {
                    of.iter().for_each(&mut add)
                }
                ReqPart::Any { .. } => {}
            }
        }
        Ones(sure)
    }

    /// Whether `c` is met by what the path surely reaches.
    fn meet(&self, c: &Criterion) -> bool {
        self.0
            .get(&(c.name.name.clone(), c.lifetime))
            .is_some_and(|at| *at >= c.amount.value)
    }
}

/// Whether whoever meets path `p` (with what it surely reaches, `ones`)
/// meets `part`.
fn meets(p: &[ReqPart], ones: &Ones, part: &ReqPart) -> bool {
    match part {
        ReqPart::One(c) => ones.meet(c),
        ReqPart::Any { n, of, .. } => {
            let met = of.iter().filter(|c| ones.meet(c)).count();
            Decimal::from(met) >= n.value || p.iter().any(|x| any_meets(x, n.value, of))
        }
    }
}

/// Whether an `any M of (S)` part of a path meets `any n of (of)`: M at
/// least n, and each criterion of S meets one of `of` of its own counter
/// (each counter named once in both, so that M of S met are M of `of`).
fn any_meets(x: &ReqPart, n: Decimal, of: &[Criterion]) -> bool {
    let ReqPart::Any { n: m, of: s, .. } = x else {
        return false;
    };
    let keyed = |list: &[Criterion]| {
        let map: BTreeMap<(String, bool), Decimal> = list
            .iter()
            .map(|c| ((c.name.name.clone(), c.lifetime), c.amount.value))
            .collect();
        (map.len() == list.len()).then_some(map)
    };
    let (Some(s), Some(of)) = (keyed(s), keyed(of)) else {
        return false;
    };
    m.value >= n
        && s.iter()
            .all(|(key, at)| of.get(key).is_some_and(|needed| at >= needed))
}
