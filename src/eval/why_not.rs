//! Why each earn rule that gave nothing for an event did not apply: the
//! event's outcome says which rules awarded, reached a limit or won a
//! group; the rest are checked against the event as the run saw it (the
//! tier reviewed, this event counted, the campaigns running).

use std::collections::BTreeMap;

use super::scratch::{with_scratch, Scratch};
use super::{context::Ctx, fill_candidates, sequence_of, tiers, Off};
use crate::error::EvalError;
use crate::input::{Event, Member};
use crate::name::Name;
use crate::outcome::{Award, LimitReached, Outcome, Source, Step};
use crate::plan::{CampaignMultiplier, CampaignPlan, Expr, Plan, RulePlan, Stacking, Unit};
use crate::span::Span;
use crate::state::MemberState;
use crate::why_not::{CampaignOff, NotApplied, WhyNot};

/// The rules of the event's kind that gave nothing in `outcome` (the
/// outcome of this member, state and event), in evaluation order.
pub(crate) fn why_not(
    plan: &Plan,
    member: &Member,
    state: &MemberState,
    event: &Event,
    outcome: &Outcome,
) -> Result<Vec<NotApplied>, EvalError> {
    let tier = tiers::before(plan, member, Some(state), event)?;
    with_scratch(|s| {
        let Scratch {
            running,
            amounts,
            by_category,
            by_sku,
            counts,
            candidates,
            seen,
            ..
        } = s;
        let mut ctx = Ctx::new(
            plan,
            member,
            Some(state),
            event,
            amounts,
            (by_category, by_sku),
        )?;
        let month = ctx.prepare(tier.level, counts, running)?;
        let check = Checked::new(&ctx, outcome);
        let (sequence, index) = sequence_of(plan, event);
        // The units the event's index left out, as the evaluation did: no
        // line holds for a rule `for each line` among them, which is said
        // without checking its lines again.
        let mut left_out = vec![index.is_some(); sequence.len()];
        if let Some(index) = index {
            fill_candidates(candidates, seen, index, &ctx, month);
            for p in candidates.iter() {
                if let Some(out) = left_out.get_mut(*p as usize) {
                    *out = false;
                }
            }
        }
        let mut out = Vec::new();
        let mut stopped: Option<&str> = None;
        for (unit, left_out) in sequence.iter().zip(left_out) {
            let (rules, group) = match unit {
                Unit::Rule(i) => (std::slice::from_ref(i), None),
                Unit::Group { name, rules, .. } => (rules.as_slice(), Some(name.as_str())),
            };
            for rule in rules.iter().filter_map(|i| plan.rules.get(*i)) {
                let reason = match stopped {
                    Some(by) => Some(WhyNot::Stopped { by: by.to_string() }),
                    None => check.reason(rule, group, left_out)?,
                };
                match reason {
                    Some(reason) => out.push(NotApplied {
                        rule: rule.name.to_string(),
                        campaign: rule
                            .campaign
                            .and_then(|c| plan.campaigns.get(c))
                            .map(|c| c.name.to_string()),
                        reason,
                    }),
                    None => {
                        out.extend(check.not_multiplied(rule)?);
                        if rule.stop {
                            stopped = Some(rule.name.as_str());
                        }
                    }
                }
            }
        }
        Ok(out)
    })
}

/// What the run saw, with the outcome's awards, limits and group winners
/// found by name (a program may have thousands of rules that award).
struct Checked<'c, 'a> {
    ctx: &'c Ctx<'a>,
    /// Each rule's awards, in the outcome's order.
    awards: BTreeMap<&'c str, Vec<&'c Award>>,
    /// The first limit each rule reached.
    limited: BTreeMap<&'c str, &'c LimitReached>,
    /// Each group's winner: the rule of its first award.
    winners: BTreeMap<&'c str, &'c str>,
}

impl<'c, 'a> Checked<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>, outcome: &'c Outcome) -> Self {
        let mut awards: BTreeMap<&str, Vec<&Award>> = BTreeMap::new();
        let mut winners = BTreeMap::new();
        for a in &outcome.awards {
            awards.entry(a.rule.as_str()).or_default().push(a);
            if let Some(g) = &a.group {
                winners.entry(g.group.as_str()).or_insert(a.rule.as_str());
            }
        }
        let mut limited = BTreeMap::new();
        for l in &outcome.limited {
            limited.entry(l.rule.as_str()).or_insert(l);
        }
        Checked {
            ctx,
            awards,
            limited,
            winners,
        }
    }

    /// Why `rule` gave nothing, or `None` when it applied; `left_out` when
    /// the event's index left it out (for a rule `for each line`, no line
    /// holds).
    fn reason(
        &self,
        rule: &RulePlan,
        group: Option<&str>,
        left_out: bool,
    ) -> Result<Option<WhyNot>, EvalError> {
        if self.awards.contains_key(rule.name.as_str()) {
            return Ok(None);
        }
        if let Some(c) = rule.campaign.and_then(|c| self.ctx.plan.campaigns.get(c)) {
            if let Some(off) = self.ctx.campaign_off(c)? {
                let off = self.campaign_off(c, off)?;
                return Ok(Some(WhyNot::CampaignNotRunning { off }));
            }
        }
        if rule.per_line && left_out {
            return Ok(Some(self.no_line(rule)?));
        }
        if rule.per_line {
            self.ctx.check_lines(rule)?;
            let mut any = false;
            for l in self.ctx.lines() {
                any |= self.ctx.rule_holds(rule, Some(&l))?;
            }
            if !any {
                return Ok(Some(self.no_line(rule)?));
            }
        } else if !self.ctx.rule_holds(rule, None)? {
            return Ok(Some(self.unmet(rule)?));
        }
        if let Some(l) = self.limited.get(rule.name.as_str()) {
            return Ok(Some(WhyNot::Limit {
                limit: l.limit.to_string(),
                used: l.used,
            }));
        }
        let winner = group.and_then(|g| Some((g, *self.winners.get(g)?)));
        if let Some((group, by)) = winner {
            return Ok(Some(WhyNot::Outranked {
                group: group.to_string(),
                by: by.to_string(),
            }));
        }
        // A rule without awards (a badge's) applies when it holds.
        Ok((!rule.awards.is_empty()).then(|| self.nothing(rule)))
    }

    /// Awards that come to nothing, with what their bases read of the
    /// event and the member (the awards the member's tier takes).
    fn nothing(&self, rule: &RulePlan) -> WhyNot {
        let (awards, overridden) = rule.awards_for(self.ctx.tier);
        let mut read: Vec<String> = Vec::new();
        // A rule that earns at some tiers only: the member's, and those.
        if overridden.is_none() && !rule.tier_overrides.is_empty() {
            let plan = self.ctx.plan;
            let name = |t: u16| plan.tiers.get(usize::from(t)).map(|n| n.to_string());
            let held = match self.ctx.tier.and_then(name) {
                Some(t) => format!("tier {t}"),
                None => "no tier".to_string(),
            };
            let others: Vec<String> = rule
                .tier_overrides
                .iter()
                .filter_map(|(t, _)| name(*t))
                .collect();
            read.push(format!("{held}; tiers {} override it", others.join(", ")));
        }
        for a in awards {
            let Some(base) = a.formula.base() else {
                continue;
            };
            read.extend(self.ctx.what_it_read(base, &a.text, &rule.name, false));
        }
        WhyNot::Nothing {
            read: super::read::once(read),
        }
    }

    /// The campaigns that would have multiplied an award of `rule` (of
    /// the whole event, or of a line their category filter takes) but do
    /// not run, with why.
    fn not_multiplied(&self, rule: &RulePlan) -> Result<Vec<NotApplied>, EvalError> {
        let plan = self.ctx.plan;
        let mut out = Vec::new();
        let awards: &[&Award] = self
            .awards
            .get(rule.name.as_str())
            .map_or(&[], Vec::as_slice);
        // The campaigns that multiplied the rule's awards or their lines.
        let steps = awards
            .iter()
            .flat_map(|a| a.steps.iter().chain(a.lines.iter().flat_map(|l| &l.steps)));
        let multiplied: Vec<&str> =
            steps
                .filter_map(|s| match s {
                    Step::Multiply {
                        source:
                            Source::Campaign { campaigns, .. }
                            | Source::TierAndCampaigns { campaigns, .. },
                        ..
                    } => Some(campaigns),
                    _ => None,
                })
                .flatten()
                .map(Name::as_str)
                .collect();
        for m in &rule.campaign_multipliers {
            let touches = awards.iter().any(|a| {
                let balance = plan.balances.iter().position(|b| b.name == a.balance);
                let Some(balance) = balance else {
                    return false;
                };
                if rule.per_line {
                    a.lines.iter().any(|l| {
                        let line = l
                            .line
                            .checked_sub(1)
                            .and_then(|i| self.ctx.tx?.lines.get(i));
                        m.reach.admits(line, balance)
                    })
                } else {
                    m.reach.admits(None, balance)
                }
            });
            let Some(c) = plan.campaigns.get(m.campaign).filter(|_| touches) else {
                continue;
            };
            let off = match self.ctx.campaign_off(c)? {
                Some(off) => self.campaign_off(c, off)?,
                None if multiplied.contains(&c.name.as_str()) => continue,
                // It runs, touches the award, and is not in its steps.
                None => CampaignOff::Outranked {
                    rivals: winners(rule, m, |x| {
                        plan.campaigns
                            .get(x.campaign)
                            .filter(|c| multiplied.contains(&c.name.as_str()))
                            .map(|c| c.name.to_string())
                    }),
                },
            };
            out.push(NotApplied {
                rule: rule.name.to_string(),
                campaign: Some(c.name.to_string()),
                reason: WhyNot::NotMultiplied { off },
            });
        }
        Ok(out)
    }

    /// A rule's condition that does not hold.
    fn unmet(&self, rule: &RulePlan) -> Result<WhyNot, EvalError> {
        let Some(cond) = &rule.condition else {
            return Ok(self.nothing(rule));
        };
        let written = (rule.condition_span, rule.condition_parts.as_slice());
        let holds = |e: &Expr| self.ctx.holds(e, None, &rule.name);
        let (condition, read) = self.parts_unmet(cond, written, &rule.name, holds)?;
        Ok(WhyNot::Condition { condition, read })
    }

    /// A rule `for each line` whose condition holds for no line: the parts
    /// that read no line and do not hold, which are the reason whatever the
    /// lines; else the parts that hold for no line.
    fn no_line(&self, rule: &RulePlan) -> Result<WhyNot, EvalError> {
        let Some(cond) = &rule.condition else {
            return Ok(self.nothing(rule));
        };
        let per_line = Expr::reads_the_line;
        if !per_line(cond) {
            return self.unmet(rule);
        }
        let written = (rule.condition_span, rule.condition_parts.as_slice());
        let mut member_or_purchase_fails = false;
        for part in cond.conjuncts() {
            if !per_line(part) && !self.ctx.holds(part, None, &rule.name)? {
                member_or_purchase_fails = true;
                break;
            }
        }
        if member_or_purchase_fails {
            // The lines' parts taken as holding: only the others are said.
            let holds = |e: &Expr| {
                if per_line(e) {
                    Ok(true)
                } else {
                    self.ctx.holds(e, None, &rule.name)
                }
            };
            let (condition, read) = self.parts_unmet(cond, written, &rule.name, holds)?;
            return Ok(WhyNot::Condition { condition, read });
        }
        let holds = |e: &Expr| {
            for l in self.ctx.lines() {
                if self.ctx.holds(e, Some(&l), &rule.name)? {
                    return Ok(true);
                }
            }
            Ok(false)
        };
        let mut unmet = Vec::new();
        for part in cond.conjuncts() {
            if !holds(part)? {
                unmet.push(part);
            }
        }
        let (condition, mut read) = self.parts_unmet(cond, written, &rule.name, holds)?;
        read.extend(self.lines_without(&unmet));
        Ok(WhyNot::NoLine { condition, read })
    }

    /// The lines that leave out an attribute of their own that `parts`
    /// read, which has no default: a missing value, for which `==`, `!=`,
    /// `in` and `not in` are all unknown (`line 2 (PARKING) has no
    /// line.rate_code`). At most [`LINES_SAID`], then how many more.
    fn lines_without(&self, parts: &[&Expr]) -> Vec<String> {
        let plan = self.ctx.plan;
        let mut slots: Vec<usize> = parts
            .iter()
            .flat_map(|p| p.nodes())
            .filter_map(|e| match e {
                Expr::LineAttr(slot) => Some(*slot),
                _ => None,
            })
            .collect();
        slots.sort_unstable();
        slots.dedup();
        let mut out = Vec::new();
        let mut more = 0usize;
        for def in slots.iter().filter_map(|s| plan.attributes.get(*s)) {
            if def.default.is_some() {
                continue;
            }
            for l in self.ctx.lines() {
                if l.line.attributes.contains_key(&def.key) {
                    continue;
                }
                if out.len() < LINES_SAID {
                    out.push(format!(
                        "line {} ({}) has no {}",
                        l.index,
                        l.line.sku.escape_debug(),
                        def.path
                    ));
                } else {
                    more = more.saturating_add(1);
                }
            }
        }
        if more > 0 {
            out.push(format!("and {more} more without one"));
        }
        out
    }

    /// What keeps campaign `c` from running, with its numbers.
    fn campaign_off(&self, c: &CampaignPlan, off: Off<'_>) -> Result<CampaignOff, EvalError> {
        Ok(match off {
            Off::Hours(from, to, time) => CampaignOff::Hours { from, to, time },
            Off::Window(from, to, day) => CampaignOff::Window { from, to, day },
            Off::Schedule(day) => CampaignOff::Schedule {
                days: c.schedule.words(),
                day,
            },
            Off::Condition(cond) => {
                let written = (c.condition_span, c.condition_parts.as_slice());
                let holds = |e: &Expr| self.ctx.holds(e, None, &c.name);
                let (condition, read) = self.parts_unmet(cond, written, &c.name, holds)?;
                CampaignOff::Condition { condition, read }
            }
        })
    }

    /// The parts of a condition's `and` for which `holds` does not (all
    /// of it, when it is not an `and` or each part holds), as written
    /// (`written`: where the condition and its parts are), joined by `and`,
    /// and what they read.
    fn parts_unmet(
        &self,
        cond: &Expr,
        written: (Option<Span>, &[Span]),
        name: &str,
        holds: impl Fn(&Expr) -> Result<bool, EvalError>,
    ) -> Result<(String, Vec<String>), EvalError> {
        let plan = self.ctx.plan;
        let (whole, spans) = written;
        let parts = cond.conjuncts();
        let mut failing = Vec::new();
        if parts.len() > 1 && parts.len() == spans.len() {
            for (part, span) in parts.into_iter().zip(spans) {
                if !holds(part)? {
                    let or = matches!(part, Expr::Or(..));
                    failing.push((part, text_at(plan, *span, or)));
                }
            }
        }
        if failing.is_empty() {
            let text = whole.map(|s| text_at(plan, s, false));
            failing.push((cond, text.unwrap_or_default()));
        }
        let mut read: Vec<String> = Vec::new();
        for (part, text) in &failing {
            read.extend(self.ctx.what_it_read(part, text, name, true));
        }
        let read = super::read::once(read);
        let texts: Vec<&str> = failing.iter().map(|(_, t)| t.as_str()).collect();
        Ok((texts.join(" and "), read))
    }
}

/// The program's text at `span`, on one line; an `or` that is a part of an
/// `and` in parentheses, so that the parts joined by `and` read right.
fn text_at(plan: &Plan, span: Span, or_part: bool) -> String {
    let text = span.quote(&plan.source);
    if or_part && !enclosed(&text) {
        format!("({text})")
    } else {
        text
    }
}

/// Whether `text` is one parenthesized expression: `(a or b)`, not `(a) or
/// (b)`.
fn enclosed(text: &str) -> bool {
    text.starts_with('(') && closing_paren(text) == Some(text.len() - 1)
}

/// Where the parenthesis that closes the first one in `text` is, strings
/// aside (a program's text has its parentheses balanced).
fn closing_paren(text: &str) -> Option<usize> {
    let (mut depth, mut quoted) = (0usize, false);
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether two multipliers of a rule compete for it: of one `exclusive`
/// group, or both `stacking best`.
/// The campaigns that multiplied an award instead of `m` (`multiplied`
/// names one that did): its rivals that did; else, when the rival that
/// outranked it lost in turn (the first of its exclusive group, to a
/// larger `stacking best`), the rivals of that one that did.
fn winners(
    rule: &RulePlan,
    m: &CampaignMultiplier,
    multiplied: impl Fn(&CampaignMultiplier) -> Option<String>,
) -> Vec<String> {
    let direct: Vec<String> = rivals_of(rule, m).filter_map(&multiplied).collect();
    if !direct.is_empty() {
        return direct;
    }
    let mut won: Vec<String> = Vec::new();
    for name in rivals_of(rule, m)
        .flat_map(|x| rivals_of(rule, x).filter(|y| y.campaign != m.campaign))
        .filter_map(&multiplied)
    {
        if !won.contains(&name) {
            won.push(name);
        }
    }
    won
}

/// The other multipliers of `rule` that `a` competes with.
fn rivals_of<'r>(
    rule: &'r RulePlan,
    a: &'r CampaignMultiplier,
) -> impl Iterator<Item = &'r CampaignMultiplier> + 'r {
    rule.campaign_multipliers
        .iter()
        .filter(move |x| x.campaign != a.campaign && rivals(a, x))
}

fn rivals(a: &CampaignMultiplier, b: &CampaignMultiplier) -> bool {
    (a.exclusive.is_some() && a.exclusive == b.exclusive)
        || (a.stacking == Stacking::Best && b.stacking == Stacking::Best)
}

/// How many lines without an attribute a reason names (a purchase may
/// have thousands of lines; a reason is read by a person).
const LINES_SAID: usize = 3;
