#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Differential test: the compiled plan against a deliberately simple
//! reference evaluator, written for clarity and not speed from the
//! language's documented rules, over random programs (kept as a Rust value
//! and printed as program text) and random events. Their totals must be
//! identical, in the same order.
//!
//! The programs cover the whole language: purchases (per line and whole),
//! reviews, referrals and custom events; typed member and event attributes
//! and missing values; groups decided on a balance; priority and stop;
//! rates per several units, steps, quantities, percentages and `% of
//! earned`; every rounding mode and granularity, in the header and per
//! rule; tier multipliers with `then round`; campaigns with windows,
//! weekday and month-day schedules, hours (also past midnight), conditions,
//! category and `except` targets, stacking, priority and exclusive groups;
//! line, rule and program caps on two balances. The reference computes
//! with exact fractions of its own (`Q`), so it shares no arithmetic with
//! the crate.

mod common;

use std::cmp::Ordering;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike};
use loyalty_rules::{Activity, CustomEvent, Event, Line, Member, Program, Referral, Transaction};
use proptest::prelude::*;
use rust_decimal::Decimal;

const CATEGORIES: [&str; 3] = ["grocery", "dining", "fuel"];
/// Tags a line may have, which a campaign may target.
const TAGS: [&str; 2] = ["eco", "new"];
const CHANNELS: [&str; 2] = ["store", "app"];
const TIERS: [&str; 3] = ["base", "silver", "gold"];
const MODES: [&str; 5] = ["floor", "ceil", "half_even", "half_up", "half_down"];
const BALANCES: [&str; 2] = ["points", "tp"];

// ------------------------------------------------------------ exact numbers

/// An exact fraction, reduced, with a positive denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Q {
    n: i128,
    d: i128,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Q {
    fn new(n: i128, d: i128) -> Q {
        let s = if d < 0 { -1 } else { 1 };
        let g = gcd(n, d);
        Q {
            n: s * n / g,
            d: s * d / g,
        }
    }
    fn int(i: i128) -> Q {
        Q::new(i, 1)
    }
    fn dec(x: Decimal) -> Q {
        Q::new(x.mantissa(), 10i128.pow(x.scale()))
    }
    fn add(self, o: Q) -> Q {
        Q::new(self.n * o.d + o.n * self.d, self.d * o.d)
    }
    fn sub(self, o: Q) -> Q {
        self.add(Q::new(-o.n, o.d))
    }
    fn mul(self, o: Q) -> Q {
        Q::new(self.n * o.n, self.d * o.d)
    }
    fn div(self, o: Q) -> Q {
        Q::new(self.n * o.d, self.d * o.n)
    }
    fn floor(self) -> Q {
        Q::int(self.n.div_euclid(self.d))
    }
    /// Rounds to `places` decimals by `mode` (one of MODES).
    fn round(self, mode: usize, places: u32) -> Q {
        let scale = 10i128.pow(places);
        let x = self.n * scale;
        let (q, r) = (x.div_euclid(self.d), x.rem_euclid(self.d));
        let up = match MODES[mode] {
            "floor" => false,
            "ceil" => r > 0,
            half => match (2 * r).cmp(&self.d) {
                Ordering::Greater => true,
                Ordering::Less => false,
                // A tie (the values here are never negative).
                Ordering::Equal => match half {
                    "half_up" => true,
                    "half_down" => false,
                    _ => q % 2 != 0,
                },
            },
        };
        Q::new(q + i128::from(up), scale)
    }
    fn max(self, o: Q) -> Q {
        if self >= o {
            self
        } else {
            o
        }
    }
    fn min(self, o: Q) -> Q {
        if self <= o {
            self
        } else {
            o
        }
    }
}

impl PartialOrd for Q {
    fn partial_cmp(&self, o: &Q) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Q {
    fn cmp(&self, o: &Q) -> Ordering {
        (self.n * o.d).cmp(&(o.n * self.d))
    }
}

/// `tenths` / 10 or, for factors, a quarter-step decimal as program text.
fn text_of(q: Q) -> String {
    let x = q.n * 100 / q.d;
    format!("{}.{:02}", x / 100, x % 100)
}

// ------------------------------------------------------------ the program

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Purchase,
    Review,
    Referral,
    Custom,
}

#[derive(Debug, Clone)]
enum Cond {
    Channel(usize),
    AmountAtLeast(u32),
    Category(usize),
    LineAmountAtLeast(u32),
    Segment(bool),
    SegmentNot,
    Vip,
    /// `member.tenure >= N`, an attribute declared `default 2`.
    TenureAtLeast(u32),
    StarsAtLeast(u32),
    Weekend,
    TierAtLeast(usize),
    HasSegment,
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
}

#[derive(Debug, Clone)]
enum Formula {
    Flat(u32),
    /// n points per m USD of the base (tx.amount, line.amount)
    Rate(u32, u32),
    /// n points per every m USD of the base
    Step(u32, u32),
    /// p% of the base
    Percent(u32),
    PercentEarned(u32),
    /// p% of earned by: a seed to choose earlier rules with (generation only)
    EarnedBySeed(u32, u32),
    /// p% of what the named rules earned
    EarnedBy(u32, Vec<usize>),
    /// n points per line.quantity (per line) or per event.stars
    Quantity(u32),
    /// p% of a number: the line's quantity, or the event's stars
    PercentOfNumber(u32),
    /// n points per USD of min(base, k USD) (whole) or max(base, k USD) (per line)
    Bounded(u32, u32),
    /// n points per every m of line.quantity (per line) or of event.stars
    QuantityStep(u32, u32),
    /// n points per floor(base / m USD): whole steps, written with `floor`
    Floored(u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum To {
    Member,
    Referrer,
    Referred,
}

#[derive(Debug, Clone)]
struct AwardSpec {
    formula: Formula,
    balance: usize,
    to: To,
}

#[derive(Debug, Clone)]
struct RuleSpec {
    kind: Kind,
    per_line: bool,
    condition: Option<Cond>,
    awards: Vec<AwardSpec>,
    /// (mode, granularity 0 line / 1 rule / 2 transaction)
    round: Option<(usize, Option<usize>)>,
    cap_line: Option<u32>,
    cap_tx: Option<u32>,
    group: Option<usize>,
    priority: i64,
    stop: bool,
}

#[derive(Debug, Clone)]
enum Targets {
    Rules(Vec<usize>),
    All(Option<usize>),
    Category(usize),
    /// `tag "..."` of `TAGS`.
    Tag(usize),
}

#[derive(Debug, Clone)]
enum Schedule {
    Always,
    Weekend,
    Weekdays(Vec<u32>),
    /// Days of the month; 0 is its last day.
    MonthDays(Vec<u32>),
}

#[derive(Debug, Clone)]
struct CampaignSpec {
    targets: Targets,
    /// `in points` (0) or `in tp` (1): only the awards to that balance.
    balance: Option<usize>,
    factor: Q,
    window: Option<(u32, u32)>,
    schedule: Schedule,
    hours: Option<(u32, u32)>,
    app_only: bool,
    stacking: usize,
    priority: i64,
    exclusive: Option<usize>,
}

/// A tier's multiplier: (rule, factor, then round, `in` balance).
type TierMultiplier = (usize, Q, Option<usize>, Option<usize>);

#[derive(Debug, Clone)]
struct Spec {
    mode: usize,
    granularity: usize,
    tp_precision: u32,
    rules: Vec<RuleSpec>,
    /// Per tier: its multipliers.
    tier_multipliers: Vec<Vec<TierMultiplier>>,
    campaigns: Vec<CampaignSpec>,
    /// Per balance: its program caps, in the order written.
    caps: [Vec<u32>; 2],
    group_by: [Option<usize>; 2],
}

const GRANULARITIES: [&str; 3] = ["line", "rule", "transaction"];
const STACKING: [&str; 3] = ["multiply", "add", "best"];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn cond_text(c: &Cond) -> String {
    match c {
        Cond::Channel(i) => format!("tx.channel == \"{}\"", CHANNELS[*i]),
        Cond::AmountAtLeast(a) => format!("tx.amount >= {a} USD"),
        Cond::Category(i) => format!("line.category == \"{}\"", CATEGORIES[*i]),
        Cond::LineAmountAtLeast(a) => format!("line.amount >= {a} USD"),
        Cond::Segment(vip) => format!("member.segment == \"{}\"", if *vip { "vip" } else { "new" }),
        Cond::SegmentNot => "member.segment != \"vip\"".into(),
        Cond::Vip => "member.vip".into(),
        Cond::TenureAtLeast(n) => format!("member.tenure >= {n}"),
        Cond::StarsAtLeast(n) => format!("event.stars >= {n}"),
        Cond::Weekend => "weekday(event.date) in [saturday, sunday]".into(),
        Cond::TierAtLeast(t) => format!("member.tier >= {}", TIERS[*t]),
        Cond::HasSegment => "exists(member.segment)".into(),
        Cond::And(a, b) => format!("({} and {})", cond_text(a), cond_text(b)),
        Cond::Or(a, b) => format!("({} or {})", cond_text(a), cond_text(b)),
        Cond::Not(a) => format!("not ({})", cond_text(a)),
    }
}

impl Spec {
    fn source(&self) -> String {
        let mut s = format!(
            "program \"Diff\" {{ currency USD  timezone \"UTC\"  rounding {} per {}\n  balance tp qualifying precision {} }}\n\
             tiers {{ base silver gold }}\nattribute member.vip bool\nattribute event.stars number\n\
             attribute member.tenure number default 2\n",
            MODES[self.mode], GRANULARITIES[self.granularity], self.tp_precision
        );
        for (i, r) in self.rules.iter().enumerate() {
            let on = match r.kind {
                Kind::Purchase => "purchase",
                Kind::Review => "review",
                Kind::Referral => "referral",
                Kind::Custom => "event \"app_install\"",
            };
            let each = if r.per_line { " for each line" } else { "" };
            let when = r
                .condition
                .as_ref()
                .map(|c| format!(" when {}", cond_text(c)))
                .unwrap_or_default();
            s += &format!("earn \"R{i}\" on {on}{each}{when} {{\n");
            for a in &r.awards {
                let base = match r.kind {
                    Kind::Purchase if r.per_line => "line.amount",
                    Kind::Purchase => "tx.amount",
                    _ => "event.stars",
                };
                let f = match &a.formula {
                    Formula::Flat(n) => format!("{n} points"),
                    Formula::Rate(n, m) => format!("{n} points per {m} USD of {base}"),
                    Formula::Step(n, m) => format!("{n} points per every {m} USD of {base}"),
                    Formula::Percent(p) => format!("{p}% of {base}"),
                    Formula::PercentEarned(p) => format!("{p}% of earned"),
                    Formula::EarnedBy(p, rules) => {
                        let names: Vec<String> =
                            rules.iter().map(|r| format!("\"R{r}\"")).collect();
                        format!("{p}% of earned by {}", names.join(", "))
                    }
                    Formula::EarnedBySeed(..) => unreachable!("resolved when generated"),
                    Formula::Quantity(n) if r.per_line => format!("{n} points per line.quantity"),
                    Formula::Quantity(n) => format!("{n} points per event.stars"),
                    Formula::PercentOfNumber(p) if r.per_line => format!("{p}% of line.quantity"),
                    Formula::PercentOfNumber(p) => format!("{p}% of event.stars"),
                    Formula::Bounded(n, k) if r.per_line => {
                        format!("{n} points per USD of max({base}, {k} USD)")
                    }
                    Formula::Bounded(n, k) => format!("{n} points per USD of min({base}, {k} USD)"),
                    Formula::Floored(n, m) => format!("{n} points per floor({base} / {m} USD)"),
                    Formula::QuantityStep(n, m) if r.per_line => {
                        format!("{n} points per every {m} of line.quantity")
                    }
                    Formula::QuantityStep(n, m) => {
                        format!("{n} points per every {m} of event.stars")
                    }
                };
                let to = match a.to {
                    To::Member => "",
                    To::Referrer => " to referrer",
                    To::Referred => " to referred",
                };
                let balance = if a.balance == 1 { " to tp" } else { "" };
                s += &format!("  award {f}{balance}{to}\n");
            }
            if let Some((mode, g)) = r.round {
                let g = g
                    .map(|g| format!(" per {}", GRANULARITIES[g]))
                    .unwrap_or_default();
                s += &format!("  round {}{g}\n", MODES[mode]);
            }
            if let Some(c) = r.cap_line {
                s += &format!("  cap {c} points per line\n");
            }
            if let Some(c) = r.cap_tx {
                s += &format!("  cap {c} points per transaction\n");
            }
            if let Some(g) = r.group {
                let by = self.group_by[g]
                    .map(|b| format!(" by {}", BALANCES[b]))
                    .unwrap_or_default();
                s += &format!("  group \"g{g}\"{by}\n");
            }
            if r.priority != 0 {
                s += &format!("  priority {}\n", r.priority);
            }
            if r.stop {
                s += "  stop\n";
            }
            s += "}\n";
        }
        for (t, ms) in self.tier_multipliers.iter().enumerate() {
            if ms.is_empty() {
                continue;
            }
            s += &format!("tier {} {{\n", TIERS[t]);
            for (rule, f, then, balance) in ms {
                let then = then
                    .map(|m| format!(" then round {}", MODES[m]))
                    .unwrap_or_default();
                let balance = balance
                    .map(|b| format!(" in {}", BALANCES[b]))
                    .unwrap_or_default();
                s += &format!("  multiply \"R{rule}\"{balance} by {}{then}\n", text_of(*f));
            }
            s += "}\n";
        }
        for (i, c) in self.campaigns.iter().enumerate() {
            s += &format!("campaign \"C{i}\"");
            if let Some((from, days)) = c.window {
                let (a, b) = window(from, days);
                s += &format!(" from {a} to {b}");
            }
            match &c.schedule {
                Schedule::Always => {}
                Schedule::Weekend => s += " every weekend",
                Schedule::Weekdays(d) => {
                    let names: Vec<&str> = d.iter().map(|d| WEEKDAYS[*d as usize]).collect();
                    s += &format!(" every {}", names.join(", "));
                }
                Schedule::MonthDays(d) => {
                    // Day 0: the month's last day.
                    let days: Vec<String> = d
                        .iter()
                        .map(|d| match d {
                            0 => "last".to_string(),
                            d => d.to_string(),
                        })
                        .collect();
                    s += &format!(" every month on day {}", days.join(", "));
                }
            }
            if let Some((a, b)) = c.hours {
                s += &format!(" between {a:02}:00 and {b:02}:00");
            }
            if c.app_only {
                s += " when tx.channel == \"app\"";
            }
            let targets = match &c.targets {
                Targets::Rules(r) => r
                    .iter()
                    .map(|r| format!("\"R{r}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                Targets::All(None) => "all".into(),
                Targets::All(Some(r)) => format!("all except \"R{r}\""),
                Targets::Category(k) => format!("category \"{}\"", CATEGORIES[*k]),
                Targets::Tag(k) => format!("tag \"{}\"", TAGS[*k]),
            };
            let balance = c
                .balance
                .map(|b| format!(" in {}", BALANCES[b]))
                .unwrap_or_default();
            s += &format!(
                " {{\n  multiply {targets}{balance} by {}\n  stacking {}\n  priority {}\n",
                text_of(c.factor),
                STACKING[c.stacking],
                c.priority
            );
            if let Some(e) = c.exclusive {
                s += &format!("  exclusive \"e{e}\"\n");
            }
            s += "}\n";
        }
        for (b, caps) in self.caps.iter().enumerate() {
            for cap in caps {
                let in_ = if b == 1 { " in tp" } else { "" };
                s += &format!("cap {cap} points per transaction{in_}\n");
            }
        }
        s
    }
}

/// A campaign's first and last day: `from` days into 2026, `days` long.
fn window(from: u32, days: u32) -> (NaiveDate, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(from.into());
    (start, start + Duration::days(days.into()))
}

// ------------------------------------------------------------ the reference

/// What a condition reads, for one event (and one line).
struct Facts<'a> {
    member: &'a Member,
    tier: Option<usize>,
    event: &'a Event,
    date: NaiveDate,
    line: Option<&'a Line>,
}

fn line_amount(l: &Line) -> Q {
    Q::dec(l.quantity)
        .mul(Q::dec(l.unit_price))
        .sub(Q::dec(l.discount))
}

fn stars(e: &Event) -> Option<Q> {
    let attrs = match e {
        Event::Review(a) => &a.attributes,
        Event::Custom(c) => &c.attributes,
        Event::Referral(r) => &r.attributes,
        Event::Purchase(t) => &t.attributes,
        _ => return None,
    };
    match attrs.get("stars") {
        Some(loyalty_rules::Value::Number(n)) => Some(Q::dec(*n)),
        _ => None,
    }
}

/// Three-valued: `None` is unknown (a comparison with a missing value).
fn truth(c: &Cond, f: &Facts<'_>) -> Option<bool> {
    let tx = match f.event {
        Event::Purchase(t) => Some(t),
        _ => None,
    };
    match c {
        Cond::Channel(i) => tx.map(|t| t.channel == CHANNELS[*i]),
        Cond::AmountAtLeast(a) => tx
            .map(|t| t.lines.iter().map(line_amount).fold(Q::int(0), Q::add) >= Q::int(*a as i128)),
        Cond::Category(i) => f.line.map(|l| l.category == CATEGORIES[*i]),
        Cond::LineAmountAtLeast(a) => f.line.map(|l| line_amount(l) >= Q::int(*a as i128)),
        Cond::Segment(vip) => f
            .member
            .segment
            .as_ref()
            .map(|s| s == if *vip { "vip" } else { "new" }),
        Cond::SegmentNot => f.member.segment.as_ref().map(|s| s != "vip"),
        Cond::Vip => match f.member.attributes.get("vip") {
            Some(loyalty_rules::Value::Bool(b)) => Some(*b),
            _ => None,
        },
        // Left out, the declared default: 2.
        Cond::TenureAtLeast(n) => match f.member.attributes.get("tenure") {
            Some(loyalty_rules::Value::Number(t)) => Some(*t >= Decimal::from(*n)),
            None => Some(2 >= *n),
            _ => None,
        },
        Cond::StarsAtLeast(n) => stars(f.event).map(|s| s >= Q::int(*n as i128)),
        Cond::Weekend => Some(f.date.weekday().num_days_from_monday() >= 5),
        Cond::TierAtLeast(t) => f.tier.map(|m| m >= *t),
        Cond::HasSegment => Some(f.member.segment.is_some()),
        Cond::And(a, b) => match (truth(a, f), truth(b, f)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        Cond::Or(a, b) => match (truth(a, f), truth(b, f)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        Cond::Not(a) => truth(a, f).map(|x| !x),
    }
}

#[derive(Debug, Clone)]
struct Credit {
    rule: usize,
    who: String,
    balance: usize,
    points: Q,
    /// Rounded with the total, in this mode (rules rounded per transaction).
    pending: Option<usize>,
}

impl Spec {
    fn precision(&self, balance: usize) -> u32 {
        if balance == 1 {
            self.tp_precision
        } else {
            0
        }
    }

    /// The rule's rounding mode and granularity.
    fn rounding(&self, r: &RuleSpec) -> (usize, usize) {
        let header_g = if self.granularity == 0 && !r.per_line {
            1
        } else {
            self.granularity
        };
        match r.round {
            Some((mode, Some(g))) => (mode, g),
            Some((mode, None)) => (mode, header_g),
            None => (self.mode, header_g),
        }
    }

    fn campaign_runs(&self, c: &CampaignSpec, event: &Event, local: DateTime<FixedOffset>) -> bool {
        let mut day = local.date_naive();
        if let Some((from, to)) = c.hours {
            let h = local.hour();
            if from < to {
                if !(from <= h && h < to) {
                    return false;
                }
            } else if h < to {
                day = day.pred_opt().unwrap();
            } else if h < from {
                return false;
            }
        }
        if let Some((from, days)) = c.window {
            let (a, b) = window(from, days);
            if day < a || day > b {
                return false;
            }
        }
        let scheduled = match &c.schedule {
            Schedule::Always => true,
            Schedule::Weekend => day.weekday().num_days_from_monday() >= 5,
            Schedule::Weekdays(d) => d.contains(&day.weekday().num_days_from_monday()),
            Schedule::MonthDays(d) => {
                let last = day
                    .succ_opt()
                    .is_none_or(|next| next.month() != day.month());
                d.contains(&day.day()) || (last && d.contains(&0))
            }
        };
        let condition = !c.app_only || matches!(event, Event::Purchase(t) if t.channel == "app");
        scheduled && condition
    }

    /// The campaigns whose multipliers touch rule `i`'s award to `balance`
    /// (and `line`, by its category or tags), in priority order, the first
    /// of each exclusive group.
    fn campaign_factors(
        &self,
        i: usize,
        line: Option<&Line>,
        balance: usize,
        running: &[bool],
    ) -> Vec<usize> {
        let mut touching: Vec<usize> = (0..self.campaigns.len())
            .filter(|&k| {
                let c = &self.campaigns[k];
                running[k]
                    && c.balance.is_none_or(|b| b == balance)
                    && match &c.targets {
                        Targets::Rules(r) => r.contains(&i),
                        Targets::All(except) => *except != Some(i),
                        Targets::Category(cat) => {
                            self.rules[i].per_line
                                && line.is_some_and(|l| l.category == CATEGORIES[*cat])
                        }
                        Targets::Tag(tag) => {
                            self.rules[i].per_line
                                && line.is_some_and(|l| l.tags.iter().any(|t| t == TAGS[*tag]))
                        }
                    }
            })
            .collect();
        touching.sort_by_key(|k| std::cmp::Reverse(self.campaigns[*k].priority));
        let mut kept: Vec<usize> = Vec::new();
        for k in touching {
            let c = &self.campaigns[k];
            if let Some(e) = c.exclusive {
                if let Some(slot) = kept
                    .iter_mut()
                    .find(|x| self.campaigns[**x].exclusive == Some(e))
                {
                    let cur = &self.campaigns[*slot];
                    if cur.priority == c.priority && c.factor > cur.factor {
                        *slot = k;
                    }
                    continue;
                }
            }
            kept.push(k);
        }
        kept
    }

    /// Tier multipliers, then campaigns as their stacking combines them.
    /// `at`: the line (per line) and the balance of the award.
    fn multiply(
        &self,
        i: usize,
        mut v: Q,
        tier: Option<usize>,
        (line, balance): (Option<&Line>, usize),
        running: &[bool],
        precision: u32,
    ) -> Q {
        if let Some(t) = tier {
            for (rule, f, then, only) in &self.tier_multipliers[t] {
                if *rule == i && only.is_none_or(|b| b == balance) {
                    v = v.mul(*f);
                    if let Some(m) = then {
                        v = v.round(*m, precision);
                    }
                }
            }
        }
        let kept = self.campaign_factors(i, line, balance, running);
        let (mut added, mut bested) = (false, false);
        for &k in &kept {
            let c = &self.campaigns[k];
            match STACKING[c.stacking] {
                "multiply" => v = v.mul(c.factor),
                "add" if !added => {
                    added = true;
                    let bonus = kept
                        .iter()
                        .filter(|x| STACKING[self.campaigns[**x].stacking] == "add")
                        .fold(Q::int(1), |acc, x| {
                            acc.add(self.campaigns[*x].factor).sub(Q::int(1))
                        });
                    v = v.mul(bonus.max(Q::int(0)));
                }
                "best" if !bested => {
                    bested = true;
                    let best = kept
                        .iter()
                        .filter(|x| STACKING[self.campaigns[**x].stacking] == "best")
                        .map(|x| self.campaigns[*x].factor)
                        .fold(Q::int(0), Q::max);
                    v = v.mul(best);
                }
                _ => {}
            }
        }
        v
    }

    fn recipient(&self, to: To, member: &Member, event: &Event) -> String {
        match (to, event) {
            (To::Referrer, Event::Referral(r)) => r.referrer.clone(),
            (To::Referred, Event::Referral(r)) => r.referred.clone(),
            _ => member.id.clone(),
        }
    }

    /// Rule `i`'s credits, or `None` when it does not apply.
    #[allow(clippy::too_many_arguments)]
    fn rule_credits(
        &self,
        i: usize,
        member: &Member,
        tier: Option<usize>,
        event: &Event,
        date: NaiveDate,
        running: &[bool],
        earned: &[(String, usize, Q)],
        earlier: &[Credit],
    ) -> Option<Vec<Credit>> {
        let r = &self.rules[i];
        let (mode, granularity) = self.rounding(r);
        let facts = |line| Facts {
            member,
            tier,
            event,
            date,
            line,
        };
        let mut credits = Vec::new();
        // Whether some award's formula comes to anything: a rule whose
        // awards all come to nothing does not apply (language.md, section 8).
        let mut gives = r.awards.is_empty();
        if r.per_line {
            let Event::Purchase(tx) = event else {
                return None;
            };
            let lines: Vec<&Line> = tx
                .lines
                .iter()
                .filter(|l| {
                    r.condition
                        .as_ref()
                        .is_none_or(|c| truth(c, &facts(Some(l))) == Some(true))
                })
                .collect();
            if lines.is_empty() {
                return None;
            }
            for a in &r.awards {
                let precision = self.precision(a.balance);
                let mut sum = Q::int(0);
                for l in &lines {
                    let base = line_amount(l).max(Q::int(0));
                    let computed = match a.formula {
                        Formula::Flat(n) => Q::int(n as i128),
                        Formula::Rate(n, m) => Q::int(n as i128).mul(base).div(Q::int(m as i128)),
                        Formula::Step(n, m) | Formula::Floored(n, m) => {
                            Q::int(n as i128).mul(base.div(Q::int(m as i128)).floor())
                        }
                        Formula::Percent(p) => base.mul(Q::new(p as i128, 100)),
                        Formula::Quantity(n) => Q::int(n as i128).mul(Q::dec(l.quantity)),
                        Formula::PercentOfNumber(p) => {
                            Q::dec(l.quantity).mul(Q::new(p as i128, 100))
                        }
                        Formula::Bounded(n, k) => Q::int(n as i128)
                            .mul(line_amount(l).max(Q::int(k as i128)).max(Q::int(0))),
                        Formula::QuantityStep(n, m) => {
                            Q::int(n as i128).mul(Q::dec(l.quantity).div(Q::int(m as i128)).floor())
                        }
                        Formula::PercentEarned(_)
                        | Formula::EarnedBy(..)
                        | Formula::EarnedBySeed(..) => unreachable!("not generated per line"),
                    };
                    gives |= computed != Q::int(0);
                    let mut v =
                        self.multiply(i, computed, tier, (Some(l), a.balance), running, precision);
                    if granularity == 0 {
                        v = v.round(mode, precision);
                    }
                    if let Some(c) = r.cap_line {
                        v = v.min(Q::int(c as i128));
                    }
                    sum = sum.add(v);
                }
                credits.push(Credit {
                    rule: i,
                    who: member.id.clone(),
                    balance: a.balance,
                    points: sum,
                    pending: None,
                });
            }
        } else {
            if let Some(c) = &r.condition {
                if truth(c, &facts(None)) != Some(true) {
                    return None;
                }
            }
            for a in &r.awards {
                let who = self.recipient(a.to, member, event);
                let precision = self.precision(a.balance);
                // Money bases read the purchase; a quantity reads
                // event.stars (a missing value reads as zero).
                let base = match event {
                    Event::Purchase(t) => t.lines.iter().map(line_amount).fold(Q::int(0), Q::add),
                    _ => Q::int(0),
                }
                .max(Q::int(0));
                let stars = stars(event).unwrap_or(Q::int(0)).max(Q::int(0));
                let so_far = earned
                    .iter()
                    .find(|(w, b, _)| *w == who && *b == a.balance)
                    .map_or(Q::int(0), |(_, _, p)| *p);
                let computed = match a.formula {
                    Formula::Flat(n) => Q::int(n as i128),
                    Formula::Rate(n, m) => Q::int(n as i128).mul(base).div(Q::int(m as i128)),
                    Formula::Step(n, m) | Formula::Floored(n, m) => {
                        Q::int(n as i128).mul(base.div(Q::int(m as i128)).floor())
                    }
                    Formula::Percent(p) => base.mul(Q::new(p as i128, 100)),
                    Formula::PercentEarned(p) => so_far.mul(Q::new(p as i128, 100)),
                    Formula::EarnedBy(p, ref rules) => earlier
                        .iter()
                        .filter(|c| {
                            c.who == who && c.balance == a.balance && rules.contains(&c.rule)
                        })
                        .fold(Q::int(0), |s, c| s.add(c.points))
                        .mul(Q::new(p as i128, 100)),
                    Formula::EarnedBySeed(..) => unreachable!("resolved when generated"),
                    Formula::Quantity(n) => Q::int(n as i128).mul(stars),
                    Formula::PercentOfNumber(p) => stars.mul(Q::new(p as i128, 100)),
                    Formula::Bounded(n, k) => Q::int(n as i128).mul(base.min(Q::int(k as i128))),
                    Formula::QuantityStep(n, m) => {
                        Q::int(n as i128).mul(stars.div(Q::int(m as i128)).floor())
                    }
                };
                gives |= computed != Q::int(0);
                let v = self.multiply(i, computed, tier, (None, a.balance), running, precision);
                credits.push(Credit {
                    rule: i,
                    who,
                    balance: a.balance,
                    points: v,
                    pending: None,
                });
            }
        }
        if !gives {
            return None;
        }
        // Per rule: the rule's total per recipient and balance is rounded
        // once; per transaction: left exact for the total. Then the rule's
        // cap per transaction on that total, in award order.
        let keys: Vec<(String, usize)> =
            credits.iter().map(|c| (c.who.clone(), c.balance)).collect();
        let mut done: Vec<(String, usize)> = Vec::new();
        for key in keys {
            if done.contains(&key) {
                continue;
            }
            done.push(key.clone());
            let idx: Vec<usize> = (0..credits.len())
                .filter(|&k| (credits[k].who.clone(), credits[k].balance) == key)
                .collect();
            match granularity {
                1 => {
                    // The difference goes to the last award; what rounding
                    // down would take below zero is taken from the awards
                    // before it, from the last back (language.md, section 6).
                    let total = idx.iter().fold(Q::int(0), |s, k| s.add(credits[*k].points));
                    let rounded = total.round(mode, self.precision(key.1));
                    let mut left = rounded.sub(total);
                    for k in idx.iter().rev() {
                        let zero = Q::int(0);
                        let take = if left < zero {
                            left.max(zero.sub(credits[*k].points).min(zero))
                        } else {
                            left
                        };
                        credits[*k].points = credits[*k].points.add(take);
                        left = left.sub(take);
                    }
                }
                2 => idx.iter().for_each(|k| credits[*k].pending = Some(mode)),
                _ => {}
            }
            if let Some(cap) = r.cap_tx {
                let mut used = Q::int(0);
                for k in &idx {
                    let room = Q::int(cap as i128).sub(used).max(Q::int(0));
                    credits[*k].points = credits[*k].points.min(room);
                    used = used.add(credits[*k].points);
                }
            }
        }
        Some(credits)
    }

    /// The totals of one event, in the engine's order: the evaluated member
    /// first (every balance), then other recipients as their first award
    /// appears (the balances they were credited in).
    fn totals(&self, member: &Member, event: &Event) -> Vec<(String, String, Q)> {
        let tier = member
            .tier
            .as_ref()
            .map(|t| TIERS.iter().position(|x| x == t).unwrap());
        let local = match event {
            Event::Purchase(t) => t.timestamp,
            Event::Review(a) => a.timestamp,
            Event::Referral(r) => r.timestamp,
            Event::Custom(c) => c.timestamp,
            _ => unreachable!(),
        };
        let date = local.date_naive();
        let kind = match event {
            Event::Purchase(_) => Kind::Purchase,
            Event::Review(_) => Kind::Review,
            Event::Referral(_) => Kind::Referral,
            _ => Kind::Custom,
        };
        let running: Vec<bool> = self
            .campaigns
            .iter()
            .map(|c| self.campaign_runs(c, event, local))
            .collect();
        // Units: priority (highest first), then declaration; a group at
        // the place of its first rule.
        let mut order: Vec<usize> = (0..self.rules.len())
            .filter(|&i| self.rules[i].kind == kind)
            .collect();
        order.sort_by_key(|i| std::cmp::Reverse(self.rules[*i].priority));
        let mut units: Vec<Vec<usize>> = Vec::new();
        let mut group_unit: [Option<usize>; 2] = [None, None];
        for i in order {
            match self.rules[i].group {
                Some(g) => match group_unit[g] {
                    Some(u) => units[u].push(i),
                    None => {
                        group_unit[g] = Some(units.len());
                        units.push(vec![i]);
                    }
                },
                None => units.push(vec![i]),
            }
        }
        let mut credits: Vec<Credit> = Vec::new();
        let mut earned: Vec<(String, usize, Q)> = Vec::new();
        for unit in units {
            let mut best: Option<(Vec<Credit>, Q, bool)> = None;
            for &i in &unit {
                let Some(cs) =
                    self.rule_credits(i, member, tier, event, date, &running, &earned, &credits)
                else {
                    continue;
                };
                let group_balance = self.rules[i]
                    .group
                    .and_then(|g| self.group_by[g])
                    .unwrap_or(0);
                let score = cs
                    .iter()
                    .filter(|c| c.balance == group_balance && c.who == member.id)
                    .fold(Q::int(0), |s, c| s.add(c.points));
                if best.as_ref().is_none_or(|(_, b, _)| score > *b) {
                    best = Some((cs, score, self.rules[i].stop));
                }
            }
            let Some((cs, _, stop)) = best else { continue };
            for c in &cs {
                match earned
                    .iter_mut()
                    .find(|(w, b, _)| *w == c.who && *b == c.balance)
                {
                    Some((_, _, p)) => *p = p.add(c.points),
                    None => earned.push((c.who.clone(), c.balance, c.points)),
                }
            }
            credits.extend(cs);
            if stop {
                break;
            }
        }
        // Program caps cut awards in order, per recipient, each what the
        // ones before it left.
        for (b, cap) in self
            .caps
            .iter()
            .enumerate()
            .flat_map(|(b, caps)| caps.iter().map(move |c| (b, c)))
        {
            let mut used: Vec<(String, Q)> = Vec::new();
            for c in credits.iter_mut().filter(|c| c.balance == b) {
                let slot = match used.iter().position(|(w, _)| *w == c.who) {
                    Some(p) => p,
                    None => {
                        used.push((c.who.clone(), Q::int(0)));
                        used.len() - 1
                    }
                };
                let room = Q::int(*cap as i128).sub(used[slot].1).max(Q::int(0));
                c.points = c.points.min(room);
                used[slot].1 = used[slot].1.add(c.points);
            }
        }
        let mut who: Vec<String> = vec![member.id.clone()];
        for c in &credits {
            if !who.contains(&c.who) {
                who.push(c.who.clone());
            }
        }
        let mut out = Vec::new();
        for w in who {
            for (b, name) in BALANCES.iter().enumerate() {
                // `points` that nothing earns or caps is not reported
                // beside the program's own balance.
                let points_used = !self.caps[0].is_empty()
                    || self
                        .rules
                        .iter()
                        .any(|r| r.awards.iter().any(|a| a.balance == 0));
                if b == 0 && !points_used {
                    continue;
                }
                let mine: Vec<&Credit> = credits
                    .iter()
                    .filter(|c| c.who == w && c.balance == b)
                    .collect();
                if w != member.id && mine.is_empty() {
                    continue;
                }
                let precision = self.precision(b);
                let mut total = mine
                    .iter()
                    .filter(|c| c.pending.is_none())
                    .fold(Q::int(0), |s, c| s.add(c.points));
                for mode in 0..MODES.len() {
                    let part = mine
                        .iter()
                        .filter(|c| c.pending == Some(mode))
                        .fold(Q::int(0), |s, c| s.add(c.points));
                    total = total.add(part.round(mode, precision));
                }
                // A program cap holds on the rounded total too.
                let mut total = total.round(self.mode, precision);
                for cap in &self.caps[b] {
                    total = total.min(Q::int(*cap as i128));
                }
                out.push((w.clone(), name.to_string(), total));
            }
        }
        out
    }
}

// ------------------------------------------------------------ strategies

fn cond(kind: Kind, per_line: bool) -> BoxedStrategy<Cond> {
    let mut atoms: Vec<BoxedStrategy<Cond>> = vec![
        any::<bool>().prop_map(Cond::Segment).boxed(),
        Just(Cond::SegmentNot).boxed(),
        Just(Cond::Vip).boxed(),
        (0..5u32).prop_map(Cond::TenureAtLeast).boxed(),
        Just(Cond::Weekend).boxed(),
        (0..3usize).prop_map(Cond::TierAtLeast).boxed(),
        Just(Cond::HasSegment).boxed(),
        (1..6u32).prop_map(Cond::StarsAtLeast).boxed(),
    ];
    if kind == Kind::Purchase {
        atoms.push((0..2usize).prop_map(Cond::Channel).boxed());
        atoms.push((1..300u32).prop_map(Cond::AmountAtLeast).boxed());
    }
    if per_line {
        atoms.push((0..3usize).prop_map(Cond::Category).boxed());
        atoms.push((1..100u32).prop_map(Cond::LineAmountAtLeast).boxed());
    }
    proptest::strategy::Union::new(atoms)
        .prop_recursive(2, 6, 2, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone())
                    .prop_map(|(a, b)| Cond::And(Box::new(a), Box::new(b))),
                (inner.clone(), inner.clone())
                    .prop_map(|(a, b)| Cond::Or(Box::new(a), Box::new(b))),
                inner.prop_map(|a| Cond::Not(Box::new(a))),
            ]
        })
        .boxed()
}

fn formula(kind: Kind, per_line: bool, first: bool) -> BoxedStrategy<Formula> {
    let mut options: Vec<BoxedStrategy<Formula>> = vec![
        (1..300u32).prop_map(Formula::Flat).boxed(),
        (1..5u32).prop_map(Formula::Quantity).boxed(),
        (1..250u32).prop_map(Formula::PercentOfNumber).boxed(),
        (1..5u32, 1..4u32)
            .prop_map(|(n, m)| Formula::QuantityStep(n, m))
            .boxed(),
    ];
    if kind == Kind::Purchase {
        options.push(
            (1..5u32, 1..8u32)
                .prop_map(|(n, m)| Formula::Rate(n, m))
                .boxed(),
        );
        options.push(
            (1..5u32, 2..12u32)
                .prop_map(|(n, m)| Formula::Step(n, m))
                .boxed(),
        );
        options.push((1..40u32).prop_map(Formula::Percent).boxed());
        options.push(
            (1..5u32, 2..12u32)
                .prop_map(|(n, m)| Formula::Floored(n, m))
                .boxed(),
        );
        options.push(
            (1..4u32, 1..200u32)
                .prop_map(|(n, k)| Formula::Bounded(n, k))
                .boxed(),
        );
    }
    if !per_line && !first {
        options.push((1..60u32).prop_map(Formula::PercentEarned).boxed());
        options.push(
            (1..60u32, any::<u32>())
                .prop_map(|(p, seed)| Formula::EarnedBySeed(p, seed))
                .boxed(),
        );
    }
    proptest::strategy::Union::new(options).boxed()
}

fn rule(first: bool) -> BoxedStrategy<RuleSpec> {
    (
        prop_oneof![
            4 => Just(Kind::Purchase),
            1 => Just(Kind::Review),
            1 => Just(Kind::Referral),
            1 => Just(Kind::Custom)
        ],
        any::<bool>(),
    )
        .prop_flat_map(move |(kind, per_line)| {
            let per_line = per_line && kind == Kind::Purchase;
            let to = if kind == Kind::Referral {
                prop_oneof![Just(To::Member), Just(To::Referrer), Just(To::Referred)].boxed()
            } else {
                Just(To::Member).boxed()
            };
            let award = (formula(kind, per_line, first), 0..2usize, to).prop_map(
                |(formula, balance, to)| AwardSpec {
                    formula,
                    balance,
                    to,
                },
            );
            let round = prop::option::of((
                0..5usize,
                prop::option::of(if per_line { 0..3usize } else { 1..3usize }),
            ));
            (
                Just(kind),
                Just(per_line),
                prop::option::weighted(0.6, cond(kind, per_line)),
                prop::collection::vec(award, 1..3),
                round,
                prop::option::weighted(0.2, 1..60u32),
                prop::option::weighted(0.2, 1..400u32),
                prop::option::weighted(0.25, 0..2usize),
                prop_oneof![4 => Just(0i64), 1 => 1..3i64],
                prop::bool::weighted(0.08),
            )
        })
        .prop_map(
            |(
                kind,
                per_line,
                condition,
                awards,
                round,
                cap_line,
                cap_tx,
                group,
                priority,
                stop,
            )| RuleSpec {
                kind,
                per_line,
                condition,
                awards,
                round,
                cap_line: cap_line.filter(|_| per_line),
                cap_tx,
                group,
                priority,
                stop,
            },
        )
        .boxed()
}

fn factor() -> impl Strategy<Value = Q> {
    prop_oneof![
        (1..5i128).prop_map(Q::int),
        (2..13i128).prop_map(|q| Q::new(q, 4))
    ]
}

fn campaign(n: usize) -> impl Strategy<Value = CampaignSpec> {
    let targets = prop_oneof![
        prop::collection::vec(0..n, 1..3).prop_map(Targets::Rules),
        prop::option::of(0..n).prop_map(Targets::All),
        (0..3usize).prop_map(Targets::Category),
        (0..2usize).prop_map(Targets::Tag),
    ];
    let schedule = prop_oneof![
        2 => Just(Schedule::Always),
        1 => Just(Schedule::Weekend),
        1 => prop::collection::btree_set(0..7u32, 1..3).prop_map(|s| Schedule::Weekdays(s.into_iter().collect())),
        1 => prop::collection::btree_set(1..29u32, 1..4).prop_map(|s| Schedule::MonthDays(s.into_iter().collect())),
        // With the month's last day (0).
        1 => prop::collection::btree_set(1..29u32, 0..3)
            .prop_map(|s| Schedule::MonthDays([0].into_iter().chain(s).collect())),
    ];
    (
        (targets, prop::option::weighted(0.3, 0..2usize)),
        factor(),
        prop::option::weighted(0.6, (0..360u32, 0..60u32)),
        schedule,
        prop::option::weighted(
            0.3,
            (0..24u32, 0..24u32).prop_filter("a range", |(a, b)| a != b),
        ),
        prop::bool::weighted(0.2),
        0..3usize,
        0..3i64,
        prop::option::weighted(0.3, 0..2usize),
    )
        .prop_map(
            |(
                (targets, balance),
                factor,
                window,
                schedule,
                hours,
                app_only,
                stacking,
                priority,
                exclusive,
            )| {
                CampaignSpec {
                    targets,
                    balance,
                    factor,
                    window,
                    schedule,
                    hours,
                    app_only,
                    stacking,
                    priority,
                    exclusive,
                }
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (1..8usize)
        .prop_flat_map(|n| {
            let rules: Vec<BoxedStrategy<RuleSpec>> = (0..n).map(|i| rule(i == 0)).collect();
            let tier = || {
                prop::collection::vec(
                    (
                        0..n,
                        factor(),
                        prop::option::weighted(0.3, 0..5usize),
                        prop::option::weighted(0.3, 0..2usize),
                    ),
                    0..3,
                )
            };
            (
                rules,
                [tier(), tier(), tier()],
                prop::collection::vec(campaign(n), 0..4),
                (0..5usize, 0..3usize, 0..3u32),
                // Up to three caps on a balance: only the least cuts.
                [
                    prop::option::weighted(0.3, prop::collection::vec(50..3_000u32, 1..=3))
                        .prop_map(Option::unwrap_or_default),
                    prop::option::weighted(0.3, prop::collection::vec(20..500u32, 1..=3))
                        .prop_map(Option::unwrap_or_default),
                ],
                [prop::option::of(0..2usize), prop::option::of(0..2usize)],
            )
        })
        .prop_map(
            |(
                rules,
                tier_multipliers,
                campaigns,
                (mode, granularity, tp_precision),
                caps,
                group_by,
            )| Spec {
                mode,
                granularity,
                tp_precision,
                rules,
                tier_multipliers: tier_multipliers.to_vec(),
                campaigns,
                caps,
                group_by,
            },
        )
        .prop_map(|mut spec: Spec| {
            resolve_earned_by(&mut spec.rules);
            spec
        })
}

/// Turns each `EarnedBySeed` into a list of rules that run before it (same
/// kind, declared earlier, no group, priority at least its own), or into a
/// plain `% of earned` when there is none.
fn resolve_earned_by(rules: &mut [RuleSpec]) {
    for i in 0..rules.len() {
        let candidates: Vec<usize> = (0..i)
            .filter(|&j| {
                rules[j].kind == rules[i].kind
                    && rules[j].group.is_none()
                    && rules[i].group.is_none()
                    && rules[j].priority >= rules[i].priority
            })
            .collect();
        for a in &mut rules[i].awards {
            if let Formula::EarnedBySeed(p, seed) = a.formula {
                let chosen: Vec<usize> = candidates
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| seed & (1 << (k % 32)) != 0)
                    .map(|(_, j)| *j)
                    .collect();
                a.formula = if chosen.is_empty() {
                    Formula::PercentEarned(p)
                } else {
                    Formula::EarnedBy(p, chosen)
                };
            }
        }
    }
}

fn timestamp() -> impl Strategy<Value = DateTime<FixedOffset>> {
    // Some at the turn of a month (its last day, and the first of the next),
    // where `every month on day last` runs and stops.
    let month_end = (1..13u32, -1..1i64).prop_map(|(month, off)| {
        let first =
            NaiveDate::from_ymd_opt(2026 + i32::from(month == 12), month % 12 + 1, 1).unwrap();
        (first - NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).num_days() + off
    });
    let day = prop_oneof![3 => 0..365i64, 1 => month_end];
    (day, 0..24i64, 0..60i64).prop_map(|(day, h, m)| {
        DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap()
            + Duration::days(day)
            + Duration::hours(h)
            + Duration::minutes(m)
    })
}

fn stars_attr() -> impl Strategy<Value = loyalty_rules::Attributes> {
    prop::option::of(0..6i64).prop_map(|s| {
        let mut a = loyalty_rules::Attributes::new();
        if let Some(s) = s {
            a.insert("stars".into(), s.into());
        }
        a
    })
}

fn event() -> impl Strategy<Value = Event> {
    let line = (0..3usize, 1..4i64, 1..40_000i64, 0..30i64, 0..4usize).prop_map(
        |(c, q, cents, pct, tags)| {
            let mut l = Line::new("SKU")
                .with_category(CATEGORIES[c])
                .with_quantity(Decimal::from(q))
                .with_unit_price(Decimal::new(cents, 2));
            // No tag, one of two, or both.
            for (k, tag) in TAGS.iter().enumerate() {
                if tags & (1 << k) != 0 {
                    l = l.with_tag(tag);
                }
            }
            l.discount = (l.unit_price * l.quantity * Decimal::new(pct, 2)).round_dp(2);
            l
        },
    );
    let purchase = (
        prop::collection::vec(line, 0..5),
        0..2usize,
        timestamp(),
        stars_attr(),
    )
        .prop_map(|(lines, ch, timestamp, attributes)| {
            let mut tx = Transaction::new("T", timestamp, "USD").with_channel(CHANNELS[ch]);
            tx.lines = lines;
            tx.attributes = attributes;
            Event::Purchase(tx)
        });
    let review = (timestamp(), stars_attr()).prop_map(|(timestamp, attributes)| {
        let mut a = Activity::new("R", timestamp);
        a.attributes = attributes;
        Event::Review(a)
    });
    let referral = (timestamp(), 0..3usize, 0..3usize).prop_map(|(timestamp, a, b)| {
        let ids = ["m", "r1", "r2"];
        Event::Referral(Referral::new("F", timestamp, ids[a], ids[b]))
    });
    let custom = (timestamp(), stars_attr()).prop_map(|(timestamp, attributes)| {
        let mut c = CustomEvent::new("C", "app_install", timestamp);
        c.attributes = attributes;
        Event::Custom(c)
    });
    prop_oneof![4 => purchase, 1 => review, 1 => referral, 1 => custom]
}

fn member() -> impl Strategy<Value = Member> {
    (
        prop::option::of(0..3usize),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(0..5u32),
    )
        .prop_map(|(tier, segment, vip, tenure)| {
            let mut m = Member::new("m");
            m.tier = tier.map(|t| TIERS[t].to_string());
            m.segment = segment.map(|v| if v { "vip" } else { "new" }.to_string());
            if let Some(v) = vip {
                m.attributes.insert("vip".into(), v.into());
            }
            if let Some(t) = tenure {
                m.attributes.insert(
                    "tenure".into(),
                    loyalty_rules::Value::Number(Decimal::from(t)),
                );
            }
            m
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::cases(512), ..ProptestConfig::default() })]

    #[test]
    fn the_plan_agrees_with_the_reference_evaluator(spec in spec(), member in member(), event in event()) {
        let src = spec.source();
        let program = Program::compile(&src).map_err(|e| TestCaseError::fail(format!("{e}\n{src}")))?;
        // An event of a kind of its own that no rule reads is refused.
        if matches!(&event, Event::Custom(_)) && !spec.rules.iter().any(|r| r.kind == Kind::Custom) {
            let refused = matches!(
                program.evaluate(&member, &event),
                Err(loyalty_rules::EvalError::UnknownKind { .. })
            );
            prop_assert!(refused, "{}", src);
            return Ok(());
        }
        let expected = spec.totals(&member, &event);
        let outcome = program.evaluate(&member, &event).unwrap();
        let actual: Vec<(String, String, Q)> = outcome
            .totals
            .iter()
            .map(|t| (t.member.to_string(), t.balance.to_string(), Q::dec(t.points)))
            .collect();
        prop_assert_eq!(&actual, &expected, "{}\n{}", src, outcome.explain());
        let lean: Vec<(String, String, Q)> = program
            .points(&member, &event)
            .unwrap()
            .iter()
            .map(|t| (t.member.to_string(), t.balance.to_string(), Q::dec(t.points)))
            .collect();
        prop_assert_eq!(lean, expected);
    }
}
