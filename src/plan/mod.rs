//! The compiled plan: everything resolved at compile time (fields to
//! accessors, names to indices, dates to the program's calendar, rules to
//! per-event-kind sequences), so that evaluation does only what depends on
//! the event.

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;

use crate::rounding::{Granularity, RoundingMode};
use crate::types::{Field, Type};

use crate::kinds::Kind;
use crate::name::Name;

pub(crate) mod build;
pub(crate) mod index;
pub(crate) mod lower;

#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub name: Name,
    pub hash: Name,
    /// The program without its comments and layout (`Program::version`).
    pub version: Name,
    /// The program's text, which why_not quotes.
    pub source: Name,
    pub currency: String,
    /// The currency's minor units (decimal places).
    pub currency_places: u32,
    pub timezone: chrono_tz::Tz,
    /// Whether the time zone is UTC under one of its names (local time is
    /// then UTC time, without a look-up in the zone's history).
    pub utc: bool,
    /// The program's rounding mode, for totals of rules rounded per transaction.
    pub rounding: RoundingMode,
    pub balances: Vec<BalanceDef>,
    pub tiers: Vec<Name>,
    pub attributes: Vec<AttrDef>,
    pub rules: Vec<RulePlan>,
    /// Evaluation order for each built-in event kind.
    pub sequences: [Vec<Unit>; Kind::COUNT],
    /// Evaluation order for each custom event kind, by name.
    pub custom_sequences: std::collections::BTreeMap<String, Vec<Unit>>,
    pub campaigns: Vec<CampaignPlan>,
    pub caps: Vec<ProgramCapPlan>,
    /// Candidate lookup for each built-in sequence (see `index`).
    pub seq_index: [crate::plan::index::SeqIndex; Kind::COUNT],
    pub custom_index: std::collections::BTreeMap<String, crate::plan::index::SeqIndex>,
    pub campaign_index: crate::plan::index::CampaignIndex,
    /// The limits the program was compiled with; evaluation checks the
    /// event-size ones.
    pub limits: crate::limits::Limits,
    /// Whether any condition reads `tx.categories` or `tx.skus`: then each
    /// purchase's lines are sorted once so that reading them costs a search.
    pub reads_tx_lists: bool,
    /// Whether any expression has a `sum(...)`: then an award's
    /// explanation says what its sums came to.
    pub reads_line_sums: bool,
    /// Whether attributes the program does not declare are ignored (and
    /// reported) instead of refused.
    pub lenient_attributes: bool,
    /// Declared counters, in declaration order.
    pub counters: Vec<String>,
    /// Per counter: whether it holds money (in the program's currency).
    pub money_counters: Vec<bool>,
    /// `count` rules, in declaration order.
    pub counts: Vec<CountPlan>,
    /// Declared tenders (`tender NAME`), read as `tx.paid.NAME`.
    pub tenders: Vec<String>,
    /// How many days before an event a member state must keep: the longest
    /// period any counter read, cap or limit reaches.
    pub keep_days: u32,
    /// The tiers' thresholds and policies, for a program that computes
    /// tiers from the member's state.
    pub tier: Option<crate::tier::plan::TierPlan>,
    /// Balances that tier thresholds read: the state keeps what each
    /// event added to them by day, as a counter of the same name.
    pub tracked_balances: Vec<usize>,
    /// How tier and campaign multipliers combine.
    pub combine: crate::keywords::Combine,
    /// Member segments, in declaration order (empty: the host gives
    /// `Member::segment`).
    pub segments: Vec<SegmentPlan>,
    /// Balances kept as lots, with their expiry and vesting.
    pub ledgers: Vec<crate::ledger::LedgerPlan>,
    /// Burn rules, in declaration order.
    pub burns: Vec<crate::ledger::burn::BurnPlan>,
    /// Whether a campaign has a budget (decided once, not per event).
    pub has_budgets: bool,
    /// Whether a program cap is `per member`: only then does an event read
    /// what its period credited before.
    pub has_member_caps: bool,
    /// Whether the built-in `points` balance goes unreported: the program
    /// has balances of its own and nothing earns, caps, spends or keeps
    /// `points` (an airline's `miles`).
    pub quiet_points: bool,
    /// Rewards of the catalog, in declaration order.
    pub rewards: Vec<crate::ledger::burn::BurnPlan>,
    /// How purchases can be returned (`None`: they cannot).
    pub returns: Option<crate::returns::ReturnsPlan>,
    /// The evaluator's straight lane for `points` on purchases, when the
    /// program takes it (decided once, by `eval::lane_plan`).
    pub lane: Option<crate::eval::LanePlan>,
}

/// `segment NAME when CONDITION`
#[derive(Debug, Clone)]
pub(crate) struct SegmentPlan {
    pub name: Name,
    pub condition: Expr,
}

/// `count AMOUNT to COUNTER on KIND [for each line] [when CONDITION]`
#[derive(Debug, Clone)]
pub(crate) struct CountPlan {
    pub counter: usize,
    /// The built-in kind, or the custom kind's name.
    pub kind: Result<Kind, String>,
    pub per_line: bool,
    pub amount: Expr,
    pub condition: Option<Expr>,
}

/// `cap N points per member [per PERIOD]`
#[derive(Debug, Clone)]
pub(crate) struct MemberCap {
    pub cap: CapPlan,
    pub period: crate::period::Period,
}

/// `limit N times per member [per PERIOD]`
#[derive(Debug, Clone)]
pub(crate) struct LimitPlan {
    pub times: u64,
    pub period: crate::period::Period,
    pub text: Name,
}

impl Plan {
    /// Every expression of the plan's rules and campaigns.
    fn expressions(&self) -> impl Iterator<Item = &Expr> {
        let rules = self.rules.iter().flat_map(|r| {
            let awards = r.every_award().filter_map(|a| match &a.formula {
                Formula::Step { base, .. }
                | Formula::Rate { base, .. }
                | Formula::Percent { base, .. } => Some(base),
                Formula::Quantity { per, .. } => Some(per),
                Formula::PercentEarned { .. } | Formula::Flat { .. } => None,
            });
            r.condition.iter().chain(awards)
        });
        let campaigns = self.campaigns.iter().filter_map(|c| c.condition.as_ref());
        let counts = self
            .counts
            .iter()
            .flat_map(|c| std::iter::once(&c.amount).chain(&c.condition));
        rules.chain(campaigns).chain(counts)
    }

    /// Whether any expression reads a field for which `f` holds.
    pub(crate) fn reads(&self, f: impl Fn(Field) -> bool) -> bool {
        self.expressions().any(|e| e.reads(&f))
    }
}

/// Names of UTC in the time zone database: zones with one offset, zero,
/// for all time (`tests` below check them against the database).
const UTC_NAMES: [&str; 18] = [
    "UTC",
    "Etc/UTC",
    "Etc/UCT",
    "UCT",
    "Etc/Universal",
    "Universal",
    "Etc/Zulu",
    "Zulu",
    "GMT",
    "Etc/GMT",
    "GMT0",
    "Etc/GMT0",
    "GMT+0",
    "GMT-0",
    "Etc/GMT+0",
    "Etc/GMT-0",
    "Greenwich",
    "Etc/Greenwich",
];

/// Whether a zone is UTC under one of its names.
pub(crate) fn is_utc(tz: chrono_tz::Tz) -> bool {
    UTC_NAMES.contains(&tz.name())
}

impl Plan {
    /// Whether anything in the program earns, caps, spends or keeps the
    /// balance at `index`.
    fn uses_balance(&self, index: usize) -> bool {
        let mut awards = self.rules.iter().flat_map(RulePlan::every_award);
        awards.any(|a| a.balance == index)
            || self.caps.iter().any(|c| c.balance == index)
            || self
                .burns
                .iter()
                .chain(&self.rewards)
                .any(|b| b.balance == index)
            || self.ledgers.iter().any(|l| l.balance == index)
            || self.tracked_balances.contains(&index)
    }

    /// Decides [`Plan::quiet_points`].
    pub(crate) fn decide_quiet_points(&mut self) {
        self.quiet_points = self.balances.len() > 1 && !self.uses_balance(0);
    }

    /// The local date and time of an instant in the program's time zone.
    pub(crate) fn local(&self, at: chrono::DateTime<chrono::FixedOffset>) -> chrono::NaiveDateTime {
        if self.utc {
            at.naive_utc()
        } else {
            at.with_timezone(&self.timezone).naive_local()
        }
    }

    /// Decimal places of a balance's points.
    pub(crate) fn precision(&self, balance: usize) -> u32 {
        self.balances.get(balance).map_or(0, |b| b.precision)
    }

    /// Decimal places of the balance named `name`, if there is one.
    pub(crate) fn precision_named(&self, name: &str) -> Option<u32> {
        self.balances
            .iter()
            .find(|b| b.name == name)
            .map(|b| b.precision)
    }
}

/// One step of an evaluation sequence: a rule, or an exclusive group whose
/// best rule applies.
#[derive(Debug, Clone)]
pub(crate) enum Unit {
    Rule(usize),
    /// Rules of `group "NAME" [by BALANCE]`: the one that gives the most
    /// points in `balance` applies.
    Group {
        name: Name,
        balance: usize,
        rules: Vec<usize>,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct BalanceDef {
    pub name: Name,
    pub qualifying: bool,
    pub precision: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct AttrDef {
    pub owner: AttrOwner,
    pub key: String,
    pub path: String,
    pub ty: Type,
    /// The declared default: the value when the input leaves it out.
    pub default: Option<crate::input::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttrOwner {
    Member,
    Tx,
    Event,
}

#[derive(Debug, Clone)]
pub(crate) struct RulePlan {
    pub name: Name,
    pub campaign: Option<usize>,
    pub per_line: bool,
    pub condition: Option<Expr>,
    /// The condition compiled to a closure, when it can be (see
    /// `eval::check`); made with the plan, after lowering.
    pub check: Option<crate::eval::Check>,
    pub awards: Vec<AwardPlan>,
    pub rounding: RoundingMode,
    pub granularity: Granularity,
    /// The first step of a two-step rounding: mode and decimals.
    pub first_round: Option<(RoundingMode, u32)>,
    pub cap_line: Option<CapPlan>,
    pub cap_tx: Option<CapPlan>,
    /// `cap ... per member [per PERIOD]`
    pub cap_member: Option<MemberCap>,
    /// `limit N times per member [per PERIOD]`
    pub limit: Option<LimitPlan>,
    /// `badge "NAME"`: badges the member earns when the rule applies.
    pub badges: Vec<String>,
    pub stop: bool,
    pub tier_multipliers: Vec<TierMultiplier>,
    pub tier_overrides: Vec<(u16, Vec<AwardPlan>)>,
    /// Multipliers of campaigns that target this rule, by priority.
    pub campaign_multipliers: Vec<CampaignMultiplier>,
    /// Where the condition is in the program's text, for saying why a
    /// rule did not apply ([`crate::Program::why_not`]).
    pub condition_span: Option<crate::span::Span>,
    /// Where the parts of its `and` are, when it is one (`a and b and c`),
    /// as [`Expr::conjuncts`] lists them: why_not names the parts that do
    /// not hold.
    pub condition_parts: Vec<crate::span::Span>,
}

impl RulePlan {
    /// The rule's awards and its tier overrides' awards.
    pub(crate) fn every_award(&self) -> impl Iterator<Item = &AwardPlan> {
        self.awards
            .iter()
            .chain(self.tier_overrides.iter().flat_map(|(_, a)| a))
    }

    /// The awards a member of `tier` gets: the tier's override, with the
    /// tier, or the rule's own.
    #[inline(always)]
    pub(crate) fn awards_for(&self, tier: Option<u16>) -> (&[AwardPlan], Option<u16>) {
        if let Some(t) = tier {
            for (ot, list) in &self.tier_overrides {
                if *ot == t {
                    return (list, Some(t));
                }
            }
        }
        (&self.awards, None)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct AwardPlan {
    pub formula: Formula,
    pub balance: usize,
    pub recipient: Recipient,
    /// The formula as the author would read it, for explanations.
    pub text: Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recipient {
    Member,
    Referrer,
    Referred,
}

#[derive(Debug, Clone)]
pub(crate) enum Formula {
    Step {
        n: Factor,
        unit: Factor,
        base: Expr,
    },
    /// `n points per unit USD`: n × base / unit, multiplied before it is
    /// divided so that it stays exact.
    Rate {
        n: Factor,
        unit: Factor,
        base: Expr,
    },
    Quantity {
        n: Decimal,
        per: Expr,
    },
    /// `P% of earned [by "RULE", ...]`: of what earlier rules (all, or the
    /// named ones) gave the same recipient in the same balance.
    PercentEarned {
        rate: Decimal,
        by: Option<Vec<usize>>,
    },
    Percent {
        rate: Decimal,
        base: Expr,
    },
    Flat {
        n: Decimal,
    },
}

impl Formula {
    /// The expression the formula is applied to, if any.
    pub(crate) fn base(&self) -> Option<&Expr> {
        match self {
            Formula::Step { base, .. }
            | Formula::Rate { base, .. }
            | Formula::Percent { base, .. } => Some(base),
            Formula::Quantity { per, .. } => Some(per),
            Formula::PercentEarned { .. } | Formula::Flat { .. } => None,
        }
    }
}

/// A constant a formula multiplies or divides by, and whether it is
/// written `1`: then the product or quotient is the value itself, and the
/// evaluation skips it (decided once, when the program is compiled).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Factor {
    pub value: Decimal,
    pub one: bool,
}

impl Factor {
    pub(crate) fn new(value: Decimal) -> Factor {
        Factor {
            value,
            one: value.scale() == 0 && value.mantissa() == 1,
        }
    }
}

/// Which lines of a `for each line` rule a multiplier touches.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineFilter {
    /// `category "..."`: only lines of these categories.
    pub only: Option<Vec<String>>,
    /// `except category "..."`.
    pub except: Vec<String>,
    /// `tag "..."`: only lines with one of these tags.
    pub only_tags: Option<Vec<String>>,
    /// `except tag "..."`.
    pub except_tags: Vec<String>,
}

impl LineFilter {
    /// Whether the multiplier reaches `line` (`None`: an award on the
    /// whole event, which a filter by category or tag does not reach).
    pub(crate) fn admits(&self, line: Option<&crate::input::Line>) -> bool {
        let category = line.map(|l| l.category.as_str());
        let tags: &[String] = line.map_or(&[], |l| l.tags.as_slice());
        let tagged = |list: &[String]| tags.iter().any(|t| list.contains(t));
        if let Some(only) = &self.only {
            if !category.is_some_and(|c| only.iter().any(|o| o == c)) {
                return false;
            }
        }
        if let Some(only) = &self.only_tags {
            if !tagged(only) {
                return false;
            }
        }
        !category.is_some_and(|c| self.except.iter().any(|e| e == c)) && !tagged(&self.except_tags)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct TierMultiplier {
    pub tier: u16,
    pub factor: Decimal,
    pub then_round: Option<RoundingMode>,
    pub lines: LineFilter,
}

#[derive(Debug, Clone)]
pub(crate) struct CampaignMultiplier {
    pub campaign: usize,
    /// The campaign's stacking policy, priority and exclusive group, copied
    /// here at compile time so that evaluation never looks them up.
    pub stacking: Stacking,
    pub priority: i64,
    pub exclusive: Option<usize>,
    pub factor: Decimal,
    pub then_round: Option<RoundingMode>,
    pub lines: LineFilter,
}

pub(crate) use crate::keywords::Stacking;

#[derive(Debug, Clone)]
pub(crate) struct CampaignPlan {
    pub name: Name,
    pub window: Option<(NaiveDate, NaiveDate)>,
    pub schedule: Schedule,
    pub hours: Option<(NaiveTime, NaiveTime)>,
    pub condition: Option<Expr>,
    /// Where the condition and the parts of its `and` are in the program's
    /// text, as for a rule's ([`RulePlan::condition_span`]).
    pub condition_span: Option<crate::span::Span>,
    pub condition_parts: Vec<crate::span::Span>,
    pub stacking: Stacking,
    pub priority: i64,
    /// Index of the campaign's exclusive group, resolved from its name.
    pub exclusive: Option<usize>,
    /// `budget N points [in BALANCE]`: the limit and the balance.
    pub budget: Option<(Decimal, usize)>,
    /// `discount "NAME", ... by P%`: burn rules and rewards by name, and
    /// the share of points they take less.
    pub discounts: Vec<(String, Decimal)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Schedule {
    Always,
    /// Bit `d` set: runs on day `d` of the month.
    MonthDays(u32),
    /// Bit `w` set: runs on weekday `w` (Monday = 0).
    Weekdays(u8),
}

impl Schedule {
    /// The days in the language's words: `every weekday`, `every friday,
    /// saturday`, `every month on day 1, 15`.
    pub(crate) fn words(self) -> String {
        match self {
            Schedule::Always => "every day".into(),
            Schedule::Weekdays(0b001_1111) => "every weekday".into(),
            Schedule::Weekdays(0b110_0000) => "every weekend".into(),
            Schedule::Weekdays(mask) => {
                let days: Vec<&str> = (0..7u8)
                    .zip(crate::types::WEEKDAYS)
                    .filter(|(w, _)| mask & (1 << w) != 0)
                    .map(|(_, d)| d)
                    .collect();
                format!("every {}", days.join(", "))
            }
            Schedule::MonthDays(mask) => {
                let days: Vec<String> = (1..=31u32)
                    .filter(|d| mask & (1 << d) != 0)
                    .map(|d| d.to_string())
                    .collect();
                format!("every month on day {}", days.join(", "))
            }
        }
    }
}

/// A cap's limit, with its text as the program writes it (quoted once, here,
/// so that explaining a cut formats nothing).
#[derive(Debug, Clone)]
pub(crate) struct CapPlan {
    pub limit: Decimal,
    pub text: Name,
}

#[derive(Debug, Clone)]
pub(crate) struct ProgramCapPlan {
    pub balance: usize,
    pub cap: CapPlan,
    /// `per member [per PERIOD]`: what all rules together credit the
    /// evaluated member in the period (the balance kept by day in the
    /// state); `None` for `per transaction`.
    pub member: Option<crate::period::Period>,
}

/// A compiled expression: fields resolved, types checked.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    Const(Const),
    Field(Field),
    Attr(usize),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// `item in [constants]`; text sets are sorted for binary search.
    InSet {
        item: Box<Expr>,
        set: ConstSet,
        negate: bool,
    },
    /// `item in line.tags`
    Contains {
        item: Box<Expr>,
        list: Box<Expr>,
        negate: bool,
    },
    Call(Func, Box<Expr>),
    DaysBetween(Box<Expr>, Box<Expr>),
    Exists(Box<Expr>),
    /// `tx.paid.NAME` of a declared tender (its index in `Plan::tenders`).
    Tender(usize),
    /// A counter over a period, this event's count included.
    Counter(usize, crate::period::Period),
    /// Consecutive days, up to this event's, on which a counter grew.
    Streak(usize),
    /// `days_since(COUNTER)`: days since the counter last grew.
    DaysSince(usize),
    /// `crossed(COUNTER PERIOD, FIRST[, EVERY])`: how many marks (FIRST,
    /// FIRST + EVERY, ...) this event's count carried the counter past.
    Crossed {
        counter: usize,
        period: crate::period::Period,
        first: Decimal,
        every: Option<Decimal>,
    },
    /// A condition leaf lowered to a typed test (the last step of planning).
    Test(Box<lower::Test>),
    /// `sum(VALUE[, FILTER])`: VALUE summed over the purchase's lines for
    /// which FILTER holds (all lines without one); inside, `line.` is each
    /// line summed. The same for every line of a rule `for each line`.
    SumLines {
        /// The sum's number in the program (evaluations keep sums by it).
        id: u32,
        /// The sum as the program writes it, for explanations.
        text: crate::name::Name,
        value: Box<Expr>,
        filter: Option<Box<Expr>>,
    },
}

impl Expr {
    /// Every node of the expression, each before its operands, left
    /// first (a walk on the heap: conditions can be deep).
    pub(crate) fn nodes(&self) -> impl Iterator<Item = &Expr> {
        self.walk(true)
    }

    /// [`nodes`](Self::nodes), into the operands of `sum(...)` or not.
    fn walk(&self, into_sums: bool) -> impl Iterator<Item = &Expr> {
        let mut stack = Stack::of(self);
        std::iter::from_fn(move || {
            let e = stack.pop()?;
            match e {
                Expr::Const(_)
                | Expr::Field(_)
                | Expr::Attr(_)
                | Expr::Counter(..)
                | Expr::Tender(_)
                | Expr::Streak(_)
                | Expr::DaysSince(_)
                | Expr::Crossed { .. }
                | Expr::Test(_) => {}
                Expr::Not(x) | Expr::Neg(x) | Expr::Exists(x) | Expr::Call(_, x) => stack.push(x),
                Expr::SumLines { value, filter, .. } => {
                    if into_sums {
                        stack.extend(filter.as_deref());
                        stack.push(value);
                    }
                }
                Expr::InSet { item, .. } => stack.push(item),
                Expr::And(a, b)
                | Expr::Or(a, b)
                | Expr::Cmp(_, a, b)
                | Expr::Arith(_, a, b)
                | Expr::DaysBetween(a, b)
                | Expr::Contains {
                    item: a, list: b, ..
                } => {
                    stack.push(b);
                    stack.push(a);
                }
            }
            Some(e)
        })
    }

    /// The values the expression reads from the event, the member and the
    /// member's state (fields, attributes, counters), each once, in the
    /// order it reads them.
    pub(crate) fn leaves(&self) -> Vec<Expr> {
        let mut out: Vec<Expr> = Vec::new();
        for e in self.nodes() {
            let read: Vec<Expr> = match e {
                Expr::Field(_)
                | Expr::Attr(_)
                | Expr::Counter(..)
                | Expr::Streak(_)
                | Expr::DaysSince(_)
                | Expr::SumLines { .. } => vec![e.clone()],
                // Marks crossed read the counter.
                Expr::Crossed {
                    counter, period, ..
                } => vec![Expr::Counter(*counter, *period)],
                Expr::Test(t) => t
                    .args()
                    .map(|arg| match arg {
                        lower::Arg::Field(f) => Expr::Field(f),
                        lower::Arg::Attr(a) => Expr::Attr(a),
                    })
                    .collect(),
                _ => continue,
            };
            for e in read {
                let seen = out.iter().any(|x| match (x, &e) {
                    (Expr::Field(a), Expr::Field(b)) => a == b,
                    (Expr::Attr(a), Expr::Attr(b)) => a == b,
                    (Expr::Counter(a, p), Expr::Counter(b, q)) => a == b && p == q,
                    (Expr::Streak(a), Expr::Streak(b)) => a == b,
                    (Expr::DaysSince(a), Expr::DaysSince(b)) => a == b,
                    _ => false,
                });
                if !seen {
                    out.push(e);
                }
            }
        }
        out
    }

    /// Whether the expression reads a field for which `f` holds.
    pub(crate) fn reads(&self, f: &impl Fn(Field) -> bool) -> bool {
        self.reads_in(true, f)
    }

    /// Whether the expression reads the line a rule `for each line` is
    /// tested on (a `sum(...)` reads every line, the same for each).
    pub(crate) fn reads_the_line(&self) -> bool {
        self.reads_in(false, &|f: Field| f.per_line())
    }

    fn reads_in(&self, into_sums: bool, f: &impl Fn(Field) -> bool) -> bool {
        self.walk(into_sums).any(|e| match e {
            Expr::Field(field) => f(*field),
            Expr::Test(t) => t.fields().any(f),
            _ => false,
        })
    }

    /// The terms of a conjunction (`a and b and c`), or the expression itself.
    pub(crate) fn conjuncts(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        let mut stack = Stack::of(self);
        while let Some(e) = stack.pop() {
            match e {
                Expr::And(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                other => out.push(other),
            }
        }
        out
    }
}

/// The stack of a walk over an expression: its first nodes in place, the
/// rest on the heap (conditions can be deep), so that walking the usual
/// condition allocates nothing.
struct Stack<'a> {
    near: [Option<&'a Expr>; 8],
    len: usize,
    far: Vec<&'a Expr>,
}

impl<'a> Stack<'a> {
    fn of(e: &'a Expr) -> Self {
        Stack {
            near: std::array::from_fn(|i| (i == 0).then_some(e)),
            len: 1,
            far: Vec::new(),
        }
    }

    fn push(&mut self, e: &'a Expr) {
        // Once the places are taken, what comes later is on the heap, and
        // taken from there first.
        match self.near.get_mut(self.len) {
            Some(slot) if self.far.is_empty() => {
                *slot = Some(e);
                self.len += 1;
            }
            _ => self.far.push(e),
        }
    }

    fn extend(&mut self, items: impl IntoIterator<Item = &'a Expr>) {
        for e in items {
            self.push(e);
        }
    }

    fn pop(&mut self) -> Option<&'a Expr> {
        if let Some(e) = self.far.pop() {
            return Some(e);
        }
        self.len = self.len.checked_sub(1)?;
        self.near.get_mut(self.len)?.take()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Const {
    Bool(bool),
    Num(Decimal),
    Text(Box<str>),
    Date(NaiveDate),
    Time(NaiveTime),
    Tier(u16),
    Weekday(u8),
}

#[derive(Debug, Clone)]
pub(crate) enum ConstSet {
    Text(Vec<Box<str>>),
    Other(Vec<Const>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    /// `min(a, b)`
    Min,
    /// `max(a, b)`
    Max,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Year,
    Month,
    Day,
    Weekday,
    Hour,
    Minute,
}

#[cfg(test)]
mod tests {
    use chrono::{Offset, TimeZone};

    #[test]
    fn utc_names_are_utc_at_all_times() {
        for name in super::UTC_NAMES {
            let tz: chrono_tz::Tz = name.parse().unwrap_or(chrono_tz::Tz::Asia__Tokyo);
            assert_eq!(tz.name(), name);
            assert!(super::is_utc(tz));
            for year in (1800..=2200).step_by(7) {
                for month in [1, 4, 7, 10] {
                    let at = chrono::Utc
                        .with_ymd_and_hms(year, month, 15, 12, 0, 0)
                        .single();
                    let Some(at) = at else { continue };
                    let offset = tz.offset_from_utc_datetime(&at.naive_utc()).fix();
                    assert_eq!(offset.local_minus_utc(), 0, "{name} in {year}-{month}");
                }
            }
        }
        assert!(!super::is_utc(chrono_tz::Tz::Europe__London));
        assert!(!super::is_utc(chrono_tz::Tz::Etc__GMTPlus1));
    }

    /// Each node before its operands, left first, with the walk's stack
    /// in place and, past its places, on the heap.
    #[test]
    fn a_walk_visits_each_node_before_its_operands_left_first() {
        use super::{CmpOp, Const, Expr};
        use rust_decimal::Decimal;
        let n = |i: i64| Expr::Const(Const::Num(Decimal::from(i)));
        // Written out by hand: And(Cmp(1, 2), Not(3)).
        let small = Expr::And(
            Box::new(Expr::Cmp(CmpOp::Eq, Box::new(n(1)), Box::new(n(2)))),
            Box::new(Expr::Not(Box::new(n(3)))),
        );
        let order = |e: &Expr| -> Vec<String> {
            e.nodes()
                .map(|x| match x {
                    Expr::Const(Const::Num(d)) => d.to_string(),
                    Expr::And(..) => "and".into(),
                    Expr::Or(..) => "or".into(),
                    Expr::Cmp(..) => "cmp".into(),
                    Expr::Not(_) => "not".into(),
                    _ => "?".into(),
                })
                .collect()
        };
        assert_eq!(order(&small), ["and", "cmp", "1", "2", "not", "3"]);
        // Right-deep, 30 levels: a stack of 31 (8 in place, the rest on the
        // heap, taken from there first).
        let mut deep = n(30);
        for i in (0..30).rev() {
            deep = Expr::Or(Box::new(n(i)), Box::new(deep));
        }
        let mut expected = Vec::new();
        for i in 0..30 {
            expected.push("or".to_string());
            expected.push(i.to_string());
        }
        expected.push("30".into());
        assert_eq!(order(&deep), expected);
        // Its conjuncts: one, as it is not an `and`.
        assert_eq!(deep.conjuncts().len(), 1);
        let mut chain = n(0);
        for i in 1..20 {
            chain = Expr::And(Box::new(chain), Box::new(n(i)));
        }
        let terms: Vec<String> = chain
            .conjuncts()
            .iter()
            .map(|e| match e {
                Expr::Const(Const::Num(d)) => d.to_string(),
                _ => "?".into(),
            })
            .collect();
        let expected: Vec<String> = (0..20).map(|i| i.to_string()).collect();
        assert_eq!(terms, expected);
        // Left-deep: 19 `and`s on the stack at once.
        let mut walked = vec!["and".to_string(); 19];
        walked.extend(expected);
        assert_eq!(order(&chain), walked);
    }
}
