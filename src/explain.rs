//! The human rendering of an outcome.

use std::borrow::Cow;
use std::fmt::Write;

use crate::outcome::{Award, Outcome, Source, Step};

pub(crate) fn render(o: &Outcome) -> String {
    let mut s = String::new();
    let short_hash: String = o.program.hash.chars().take(19).collect();
    let _ = writeln!(
        s,
        "{} {} for member {} — program \"{}\" ({short_hash})",
        clean(&o.kind),
        clean(&o.event),
        clean(&o.member),
        clean(&o.program.name)
    );
    if let Some(t) = &o.tier {
        let _ = writeln!(s, "  tier: {}", clean(&t.to_string()));
    }
    if let Some(seg) = &o.segment {
        let _ = writeln!(s, "  segment: {}", clean(seg));
    }
    // Kinds on which no earn rule runs (time passing, redemptions, returns,
    // by the table of kinds): only what they changed is worth a line.
    let no_rules = crate::kinds::Kind::named(&o.kind).is_some_and(|k| !k.has_rules());
    if no_rules {
        let c = &o.change;
        let quiet = o.tier_moves.is_empty() && c.deducted.is_empty() && c.expired.is_empty();
        if quiet && o.redemption.is_none() && o.returned.is_none() {
            let _ = writeln!(s, "  nothing changed");
        }
        state_change(&mut s, o);
        return s;
    }
    if !o.campaigns.is_empty() {
        let names: Vec<Cow<'_, str>> = o.campaigns.iter().map(|c| clean(c)).collect();
        let _ = writeln!(s, "  campaigns running: {}", names.join(", "));
    }
    if !o.outranked.is_empty() {
        let names: Vec<Cow<'_, str>> = o.outranked.iter().map(|c| clean(c)).collect();
        let _ = writeln!(s, "  outranked by an exclusive rival: {}", names.join(", "));
    }
    if o.awards.is_empty() {
        let _ = writeln!(s, "  no rule awarded anything");
    }
    for a in &o.awards {
        award(&mut s, a, o);
    }
    for l in &o.limited {
        let _ = writeln!(
            s,
            "  {}: not applied, `{}` reached ({} so far)",
            clean(&l.rule),
            clean(&l.limit),
            l.used
        );
    }
    let _ = writeln!(s, "  total:");
    for t in &o.totals {
        let who = if t.member == o.member {
            String::new()
        } else {
            format!(" (to member {})", clean(&t.member))
        };
        let _ = writeln!(s, "    {} {}{who}", t.points, clean(&t.balance));
        for st in &t.steps {
            // A total rounds the exact part of each rounding mode on its own,
            // then keeps to the program's caps.
            match st {
                Step::Round {
                    mode,
                    decimals,
                    before,
                    after,
                } => {
                    let places = places(*decimals);
                    let _ = writeln!(
                        s,
                        "      the part rounded {} per transaction, to {places}: {before} → {after}",
                        mode.keyword()
                    );
                }
                other => {
                    let _ = writeln!(s, "      {}", step(other));
                }
            }
        }
    }
    state_change(&mut s, o);
    s
}

/// What the event changes in the member's state besides points: counters,
/// badges.
fn state_change(s: &mut String, o: &Outcome) {
    let c = &o.change;
    if !c.counters.is_empty() {
        let counted: Vec<String> = c
            .counters
            .iter()
            .map(|(name, n)| format!("{} +{n}", clean(name)))
            .collect();
        let _ = writeln!(s, "  counted on {}: {}", c.day, counted.join(", "));
    }
    for badge in &c.badges {
        let _ = writeln!(s, "  badge earned: \"{}\"", clean(badge));
    }
    for (name, n) in &c.deducted {
        let _ = writeln!(s, "  deducted from {}: {n}", clean(name));
    }
    for e in &c.expired {
        let _ = writeln!(
            s,
            "  expired on {}: {} {} earned on {} (event {})",
            e.on,
            e.points,
            clean(&e.balance),
            e.earned_on,
            clean(&e.event)
        );
    }
    if let Some(r) = &o.returned {
        let points: Vec<String> = r
            .points
            .iter()
            .map(|(b, p)| format!("{p} {}", clean(b)))
            .collect();
        let taken = if points.is_empty() {
            "nothing to take back".to_string()
        } else {
            points.join(", ")
        };
        let _ = writeln!(
            s,
            "  returned from purchase {}: {taken}",
            clean(&r.purchase)
        );
        lots_taken(s, &r.lots);
        for (b, p) in &r.shortfall {
            let _ = writeln!(s, "    {p} {} already spent: not taken back", clean(b));
        }
        for (c, n) in &r.uncounted {
            let _ = writeln!(s, "    uncounted: {} -{n}", clean(c));
        }
        for (b, p) in &r.refunded {
            let _ = writeln!(s, "    refunded: {p} {} that paid for the goods", clean(b));
        }
    }
    if let Some(r) = &o.redemption {
        let what = if r.reward { "reward" } else { "burn rule" };
        let value = match (&r.value, &r.currency) {
            (Some(v), Some(cur)) => format!(" for {v} {}", clean(cur)),
            _ => String::new(),
        };
        let discount = match &r.discount {
            Some(d) => format!(
                " (campaign \"{}\": {}% fewer points)",
                clean(&d.campaign),
                d.percent
            ),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "  redeemed {} {} by {what} \"{}\"{value}{discount}",
            r.points,
            clean(&r.balance),
            clean(&r.name)
        );
        lots_taken(s, &r.lots);
    }
    for n in &c.lots {
        let l = &n.lot;
        let mut text = format!("  lot of {} {}", l.points, clean(&n.balance));
        if let Some(v) = l.vests_on {
            text.push_str(&format!(", pending until {v}"));
        }
        match l.expires_on {
            Some(e) => text.push_str(&format!(", holds through {e}")),
            None => text.push_str(", no expiry date"),
        }
        let _ = writeln!(s, "{text}");
    }
    for m in &o.tier_moves {
        let _ = writeln!(s, "  tier {}", clean(&m.to_string()));
    }
}

/// The lots a redemption or a return took points from.
fn lots_taken(s: &mut String, lots: &[crate::ledger::SpentLot]) {
    for l in lots {
        let _ = writeln!(
            s,
            "    {} from the lot of event {} (earned {})",
            l.points,
            clean(&l.event),
            l.earned_on
        );
    }
}

fn award(s: &mut String, a: &Award, o: &Outcome) {
    let mut origin = String::new();
    if let Some(c) = &a.campaign {
        let _ = write!(origin, ", campaign \"{}\"", clean(c));
    }
    if let Some(t) = &a.tier_override {
        let _ = write!(origin, ", {} tier rate", clean(t));
    }
    let to = if a.member == o.member {
        String::new()
    } else {
        format!(" to member {}", clean(&a.member))
    };
    let _ = writeln!(
        s,
        "  {} {} from \"{}\"{origin}{to}",
        a.points,
        clean(&a.balance),
        clean(&a.rule)
    );
    if let Some(g) = &a.group {
        let rivals: Vec<String> = g
            .rivals
            .iter()
            .map(|r| format!("; \"{}\" {}", clean(&r.rule), r.points))
            .collect();
        let _ = writeln!(
            s,
            "    best of group \"{}\" by {} ({}{})",
            clean(&g.group),
            clean(&g.balance),
            g.points,
            rivals.concat()
        );
    }
    let _ = writeln!(s, "    {}", a.formula);
    if a.lines.is_empty() {
        let on = a.base.map(|b| format!(" on {b}")).unwrap_or_default();
        let _ = writeln!(s, "    = {}{on}", a.computed);
    }
    for l in &a.lines {
        let on = l.base.map(|b| format!(" on {b}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "    line {} ({}, {}): {}{on}",
            l.line,
            clean(&l.sku),
            clean(&l.category),
            l.computed
        );
        for st in &l.steps {
            let _ = writeln!(s, "      {}", step(st));
        }
        if !l.steps.is_empty() {
            let _ = writeln!(s, "      = {}", l.points);
        }
    }
    for st in &a.steps {
        let _ = writeln!(s, "    {}", step(st));
    }
}

fn step(st: &Step) -> String {
    match st {
        Step::Multiply {
            factor,
            source,
            after,
            ..
        } => {
            let from = match source {
                Source::Tier { tier } => format!("tier {}", clean(tier)),
                Source::TierAndCampaigns { tier, campaigns } => {
                    let names: Vec<String> = campaigns
                        .iter()
                        .map(|c| format!("\"{}\"", clean(c)))
                        .collect();
                    format!(
                        "tier {} + campaign {} (bonuses added)",
                        clean(tier),
                        names.join(" + ")
                    )
                }
                Source::Campaign {
                    campaigns,
                    stacking,
                } => {
                    let names: Vec<String> = campaigns
                        .iter()
                        .map(|c| format!("\"{}\"", clean(c)))
                        .collect();
                    if campaigns.len() > 1 {
                        format!("campaigns {} ({stacking})", names.join(" + "))
                    } else {
                        format!("campaign {}", names.join(""))
                    }
                }
            };
            format!("× {factor} ({from}) = {after}")
        }
        Step::Round {
            mode,
            decimals,
            after,
            ..
        } => {
            format!(
                "rounded {} to {} = {after}",
                mode.keyword(),
                places(*decimals)
            )
        }
        Step::RoundTogether {
            mode,
            decimals,
            total_before,
            total_after,
            after,
            ..
        } => format!(
            "rounded {} to {} with the rule's other awards: {total_before} → {total_after}, \
             so this award = {after}",
            mode.keyword(),
            places(*decimals)
        ),
        Step::Cap { cap, after, .. } => format!("capped by `{cap}` = {after}"),
        Step::Budget {
            campaign,
            limit,
            used,
            after,
            ..
        } => format!(
            "cut to the budget of campaign \"{}\" ({limit} points, {used} used) = {after}",
            clean(campaign)
        ),
        Step::MemberCap {
            cap,
            period,
            used,
            after,
            ..
        } => {
            let when = match period {
                crate::period::Period::Lifetime => "before".to_string(),
                p => p.to_string(),
            };
            format!("capped by `{cap}`: {used} already earned {when} = {after}")
        }
    }
}

fn places(decimals: u32) -> String {
    if decimals == 0 {
        "whole points".to_string()
    } else {
        format!("{decimals} decimals")
    }
}

/// Text from the input or the program with its control characters escaped
/// (`\n`, `\u{7}`), so that a SKU or id cannot start a line of its own in
/// the explanation.
fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}
