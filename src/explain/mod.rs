//! The human rendering of an outcome, written straight into its
//! destination (a `String`, or the CLI's buffered output through
//! `Display`): no text is built that is not part of the result.

use std::fmt::{self, Display, Write};

use crate::exact::Exact;
use crate::name::Name;
use crate::outcome::{Award, Outcome, Source, Step};
use crate::rounding::RoundingMode;

mod returned;

pub(crate) fn render(o: &Outcome, s: &mut impl Write) -> fmt::Result {
    let short_hash = o.program.hash.get(..19).unwrap_or(&o.program.hash);
    writeln!(
        s,
        "{} {} for member {} — program \"{}\" ({})",
        clean(&o.kind),
        clean(&o.event),
        clean(&o.member),
        clean(&o.program.name),
        clean(short_hash)
    )?;
    if let Some(t) = &o.tier {
        writeln!(s, "  tier: {}", clean(&t.to_string()))?;
    }
    if let Some(seg) = &o.segment {
        writeln!(s, "  segment: {}", clean(seg))?;
    }
    // Kinds on which no earn rule runs (time passing, redemptions, returns,
    // by the table of kinds): only what they changed is worth a line.
    let no_rules = crate::kinds::Kind::named(&o.kind).is_some_and(|k| !k.has_rules());
    if no_rules {
        let c = &o.change;
        let quiet = o.tier_moves.is_empty() && c.deducted.is_empty() && c.expired.is_empty();
        let spent = o.redemption.is_none() && o.issued.is_empty();
        if quiet && spent && o.returned.is_none() && o.cancelled.is_none() {
            writeln!(s, "  nothing changed")?;
        }
        return state_change(s, o);
    }
    if !o.campaigns.is_empty() {
        writeln!(
            s,
            "  campaigns running: {}",
            List(&o.campaigns, ", ", false)
        )?;
    }
    if !o.outranked.is_empty() {
        writeln!(
            s,
            "  outranked by an exclusive rival: {}",
            List(&o.outranked, ", ", false)
        )?;
    }
    if o.awards.is_empty() {
        writeln!(s, "  no rule awarded anything")?;
    }
    for a in &o.awards {
        award(s, a, o)?;
    }
    for l in &o.limited {
        writeln!(
            s,
            "  {}: not applied, `{}` reached ({} so far)",
            clean(&l.rule),
            clean(&l.limit),
            l.used
        )?;
    }
    if let Some(rule) = &o.stopped {
        writeln!(s, "  stop: the rules after \"{}\" did not run", clean(rule))?;
    }
    writeln!(s, "  total:")?;
    for t in &o.totals {
        write!(s, "    {}", amount(t.points, &t.balance))?;
        if t.member != o.member {
            write!(s, " (to member {})", clean(&t.member))?;
        }
        writeln!(s)?;
        for st in &t.steps {
            // A total rounds the exact part of each rounding mode on its own,
            // then keeps to the program's caps.
            match st {
                Step::Round {
                    mode,
                    decimals,
                    before,
                    after,
                } => writeln!(
                    s,
                    "      the part rounded {} per transaction, to {}: {before} → {after}",
                    mode.keyword(),
                    Places(*decimals, &t.balance)
                )?,
                other => writeln!(s, "      {}", StepText(other, t.points.scale(), &t.balance))?,
            }
        }
    }
    state_change(s, o)
}

/// What the event changes in the member's state besides points: counters,
/// badges, deductions, expiry, returns, redemptions, lots and tier moves.
fn state_change(s: &mut impl Write, o: &Outcome) -> fmt::Result {
    let c = &o.change;
    if !c.counters.is_empty() {
        write!(s, "  counted on {}: ", c.day)?;
        for (i, (name, n)) in c.counters.iter().enumerate() {
            if i > 0 {
                s.write_str(", ")?;
            }
            write!(s, "{} +{n}", clean(name))?;
        }
        writeln!(s)?;
    }
    for badge in &c.badges {
        writeln!(s, "  badge earned: \"{}\"", clean(badge))?;
    }
    for (name, n) in &c.deducted {
        if n.is_negative() {
            // A return: a period's deduction made with its purchase counted
            // was larger than the one without it.
            let back = crate::exact::Exact::ZERO.checked_sub(*n).unwrap_or(*n);
            writeln!(
                s,
                "  given back to {}: {back} (deducted at a period's end with the purchase counted)",
                clean(name)
            )?;
        } else {
            writeln!(s, "  deducted from {}: {n}", clean(name))?;
        }
    }
    // Before expiry: points given back to a lot that has ended expire.
    if let Some(k) = &o.cancelled {
        let what = if k.reward { "reward" } else { "burn rule" };
        writeln!(
            s,
            "  cancelled redemption {} ({what} \"{}\"): {} back",
            clean(&k.redemption),
            clean(&k.name),
            amount(k.points, &k.balance)
        )?;
        for l in &k.lots {
            writeln!(
                s,
                "    {} to the lot of event {} (earned {})",
                l.points,
                clean(&l.event),
                l.earned_on
            )?;
        }
        if !k.paid_owed.is_zero() {
            writeln!(s, "    {} of them pay what returns left owed", k.paid_owed)?;
        }
        if !k.withheld.is_zero() {
            let by: Vec<String> = k.forgiven_by.iter().map(|e| clean(e).to_string()).collect();
            let returns = if by.len() == 1 { "return" } else { "returns" };
            writeln!(
                s,
                "    {} of them taken back: {returns} {} forgave them when they were spent",
                k.withheld,
                by.join(", ")
            )?;
        }
    }
    for e in &c.expired {
        writeln!(
            s,
            "  expired on {}: {} earned on {} (event {})",
            e.on,
            amount(e.points, &e.balance),
            e.earned_on,
            clean(&e.event)
        )?;
    }
    if let Some(r) = &o.returned {
        returned::render(s, r)?;
    }
    if let Some(r) = &o.redemption {
        let what = if r.reward { "reward" } else { "burn rule" };
        write!(
            s,
            "  redeemed {} by {what} \"{}\"",
            amount(r.points, &r.balance),
            clean(&r.name)
        )?;
        if let (Some(v), Some(cur)) = (&r.value, &r.currency) {
            write!(s, " for {v} {}", clean(cur))?;
        }
        if let Some(d) = &r.discount {
            write!(
                s,
                " (campaign \"{}\": {}% fewer points)",
                clean(&d.campaign),
                d.percent
            )?;
        }
        writeln!(s)?;
        lots_taken(s, &r.lots)?;
    }
    for i in &o.issued {
        write!(s, "  issued ")?;
        // Points that vested since the member's last event: on that day.
        if i.on != c.day {
            write!(s, "on {} (points vested): ", i.on)?;
        }
        write!(
            s,
            "{} × reward \"{}\" for {}",
            i.count,
            clean(&i.reward),
            amount(i.points, &i.balance)
        )?;
        if i.count > 1 {
            if let Some(each) =
                i.points
                    .checked_div(crate::exact::Exact::from(rust_decimal::Decimal::from(
                        i.count,
                    )))
            {
                write!(s, " ({each} each)")?;
            }
        }
        writeln!(s)?;
        lots_taken(s, &i.lots)?;
    }
    for b in &c.activity {
        writeln!(
            s,
            "  activity for {}: earning or redeeming keeps its lots from expiring",
            clean(b)
        )?;
    }
    for (b, on) in &c.activity_on {
        writeln!(
            s,
            "  activity for {} on {on}: earning or redeeming keeps its lots from expiring",
            clean(b)
        )?;
    }
    for n in &c.lots {
        let l = &n.lot;
        write!(s, "  lot of {}", amount(l.earned, &n.balance))?;
        if !n.issued.is_zero() {
            write!(s, " ({} left after the rewards issued)", l.points)?;
        }
        if let Some(v) = l.vests_on {
            write!(s, ", pending until {v}")?;
        }
        match (l.expires_on, n.inactive) {
            (Some(e), _) => write!(s, ", holds through {e}")?,
            (None, Some(p)) => {
                let activity = if n.redeeming {
                    "earning or redeeming"
                } else {
                    "activity"
                };
                write!(s, ", expires after {} without {activity}", p.per())?;
                if l.refund {
                    s.write_str(" (a refund is not activity)")?;
                }
            }
            (None, None) => s.write_str(", no expiry date")?,
        }
        writeln!(s)?;
    }
    for m in &o.tier_moves {
        writeln!(s, "  tier {}", clean(&m.to_string()))?;
    }
    Ok(())
}

/// The lots a redemption or a return took points from.
fn lots_taken(s: &mut impl Write, lots: &[crate::ledger::SpentLot]) -> fmt::Result {
    for l in lots {
        writeln!(
            s,
            "    {} from the lot of event {} (earned {})",
            l.points,
            clean(&l.event),
            l.earned_on
        )?;
    }
    Ok(())
}

fn award(s: &mut impl Write, a: &Award, o: &Outcome) -> fmt::Result {
    write!(
        s,
        "  {} from \"{}\"",
        amount(a.points, &a.balance),
        clean(&a.rule)
    )?;
    if let Some(c) = &a.campaign {
        write!(s, ", campaign \"{}\"", clean(c))?;
    }
    if let Some(t) = &a.tier_override {
        write!(s, ", {} tier rate", clean(t))?;
    }
    if a.member != o.member {
        write!(s, " to member {}", clean(&a.member))?;
    }
    writeln!(s)?;
    if let Some(g) = &a.group {
        write!(
            s,
            "    best of group \"{}\" by {} ({}",
            clean(&g.group),
            clean(&g.balance),
            g.points
        )?;
        for r in &g.rivals {
            write!(s, "; \"{}\" {}", clean(&r.rule), r.points)?;
        }
        writeln!(s, ")")?;
    }
    writeln!(s, "    {}", a.formula)?;
    for r in &a.read {
        writeln!(s, "    {}", clean(r))?;
    }
    if a.lines.is_empty() {
        write!(s, "    = {}", Shown(a.computed))?;
        if let Some(b) = a.base {
            write!(s, " on {}", Shown(b))?;
        }
        writeln!(s)?;
    }
    for l in &a.lines {
        write!(s, "    line {} ({}", l.line, clean(&l.sku))?;
        if !l.category.is_empty() {
            write!(s, ", {}", clean(&l.category))?;
        }
        write!(s, "): {}", Shown(l.computed))?;
        if let Some(b) = l.base {
            write!(s, " on {}", Shown(b))?;
        }
        writeln!(s)?;
        // Each step ends with what it leaves: the last is the line's points.
        for st in &l.steps {
            writeln!(s, "      {}", StepText(st, places(l.points), &a.balance))?;
        }
    }
    for st in &a.steps {
        writeln!(s, "    {}", StepText(st, places(a.points), &a.balance))?;
    }
    Ok(())
}

/// An exact amount as the explanation shows it: a fraction with its value
/// to three decimals beside it (`10/3 (≈ 3.333)`), for a reader who does
/// not divide in their head.
struct Shown(Exact);

impl Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0.as_decimal(), self.0.round(RoundingMode::HalfUp, 3)) {
            (None, Some(about)) => write!(f, "{} (≈ {about})", self.0),
            _ => write!(f, "{}", self.0),
        }
    }
}

/// One step of an award, as a line of text; the amounts a cap leaves at
/// `places`, the decimals of the points it cut (`40.00 already earned`
/// under an award of `20.00`).
struct StepText<'a>(&'a Step, u32, &'a str);

/// The decimals `points` are shown at (none for a fraction).
fn places(points: Exact) -> u32 {
    points.as_decimal().map_or(0, |d| d.scale())
}

impl Display for StepText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Step::Multiply {
                factor,
                source,
                after,
                ..
            } => {
                write!(f, "× {factor} (")?;
                match source {
                    Source::Tier { tier } => write!(f, "tier {}", clean(tier))?,
                    Source::TierAndCampaigns { tier, campaigns } => write!(
                        f,
                        "tier {} + campaign {} (bonuses added)",
                        clean(tier),
                        List(campaigns, " + ", true)
                    )?,
                    Source::Campaign {
                        campaigns,
                        stacking,
                    } => {
                        if campaigns.len() > 1 {
                            write!(f, "campaigns {} ({stacking})", List(campaigns, " + ", true))?
                        } else {
                            write!(f, "campaign {}", List(campaigns, "", true))?
                        }
                    }
                }
                write!(f, ") = {}", Shown(*after))
            }
            Step::Round {
                mode,
                decimals,
                after,
                ..
            } => write!(
                f,
                "rounded {} to {} = {}",
                mode.keyword(),
                Places(*decimals, self.2),
                // At the places it rounds to, as the award's line says it.
                after.at_places(*decimals)
            ),
            Step::RoundTogether {
                mode,
                decimals,
                total_before,
                total_after,
                after,
                ..
            } => write!(
                f,
                "rounded {} to {} with the rule's other awards: {total_before} → {total_after}, \
                 so this award = {after}",
                mode.keyword(),
                Places(*decimals, self.2)
            ),
            Step::Cap { cap, after, .. } => {
                write!(f, "capped by `{cap}` = {}", after.at_places(self.1))
            }
            Step::Budget {
                campaign,
                limit,
                used,
                after,
                ..
            } => write!(
                f,
                "cut to the budget of campaign \"{}\" ({limit} points, {} used) = {}",
                clean(campaign),
                used.at_places(self.1),
                after.at_places(self.1)
            ),
            Step::MemberCap {
                cap,
                period,
                used,
                after,
                ..
            } => {
                write!(
                    f,
                    "capped by `{cap}`: {} already earned ",
                    used.at_places(self.1)
                )?;
                match period {
                    crate::period::Period::Lifetime => f.write_str("before")?,
                    p => write!(f, "{p}")?,
                }
                write!(f, " = {}", after.at_places(self.1))
            }
        }
    }
}

/// "whole points" (or whole stars, miles: the balance's name) or "N
/// decimals".
struct Places<'a>(u32, &'a str);

impl Display for Places<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            write!(f, "whole {}", clean(self.1))
        } else {
            write!(f, "{} decimals", self.0)
        }
    }
}

/// Names joined by a separator, each cleaned, quoted when asked.
struct List<'a>(&'a [Name], &'a str, bool);

impl Display for List<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let List(items, sep, quoted) = *self;
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                f.write_str(sep)?;
            }
            if quoted {
                write!(f, "\"{}\"", clean(item))?;
            } else {
                write!(f, "{}", clean(item))?;
            }
        }
        Ok(())
    }
}

/// Points of a balance: `1 point`, `1 star`, `2 stars`. One of a balance
/// is its name without the final `s`, as the language reads a unit
/// (`award 1 star` credits `stars`), except a name whose `s` is not a
/// plural's (`status`, `bonus`, `class`), which is kept as written.
pub(super) fn amount<N: Display>(points: N, balance: &str) -> Amount<'_, N> {
    Amount(points, balance)
}

/// See [`amount`].
pub(super) struct Amount<'a, N>(N, &'a str);

impl<N: Display> Display for Amount<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.to_string();
        let one = (n == "1").then(|| singular(self.1)).flatten();
        write!(f, "{n} {}", clean(one.unwrap_or(self.1)))
    }
}

/// One of a balance whose name is a plural (`points`, `stars`, `miles`):
/// the name without its final `s`.
fn singular(balance: &str) -> Option<&str> {
    let not_plural = ["ss", "us", "is"].iter().any(|e| balance.ends_with(e));
    let one = balance.strip_suffix('s').filter(|o| !o.is_empty())?;
    (!not_plural).then_some(one)
}

/// Text from the input or the program with its control characters escaped
/// (`\n`, `\u{7}`), so that a SKU or id cannot start a line of its own in
/// the explanation.
fn clean(text: &str) -> Clean<'_> {
    Clean(text)
}

/// See [`clean`].
struct Clean<'a>(&'a str);

impl Display for Clean<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Control characters are U+0000-U+001F and U+007F-U+009F; in UTF-8
        // those above 0x7F start with the byte 0xC2. Text without such bytes
        // (nearly all) is written as it is.
        if !self.0.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) {
            return f.write_str(self.0);
        }
        let mut rest = self.0;
        while let Some(at) = rest.find(char::is_control) {
            let (plain, tail) = rest.split_at(at);
            f.write_str(plain)?;
            let mut chars = tail.chars();
            if let Some(c) = chars.next() {
                for e in c.escape_debug() {
                    f.write_char(e)?;
                }
            }
            rest = chars.as_str();
        }
        f.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn control_characters_are_escaped_and_nothing_else() {
        for (text, shown) in [
            ("plain SKU-1", "plain SKU-1"),
            ("café £5 ünïcode", "café £5 ünïcode"),
            ("a\nb", "a\\nb"),
            ("bell\u{7}", "bell\\u{7}"),
            ("del\u{7f}", "del\\u{7f}"),
            ("next line\u{85}!", "next line\\u{85}!"),
            ("£\u{9f}£", "£\\u{9f}£"),
            ("\u{a0}no-break", "\u{a0}no-break"),
        ] {
            assert_eq!(clean(text).to_string(), shown, "{text:?}");
        }
    }
}
