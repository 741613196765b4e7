//! The abstract syntax tree: what the author wrote, with spans, before any
//! name or type is checked.

use rust_decimal::Decimal;

use crate::span::Span;

/// A name or a string as written, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ident {
    pub name: String,
    pub span: Span,
}

/// A number literal with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Num {
    pub value: Decimal,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProgramAst {
    pub items: Vec<Item>,
    /// What the parser warns of (`and` inside `or` without parentheses),
    /// reported with the checker's warnings.
    pub warnings: Vec<crate::error::Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Header(Header),
    Tiers(TiersDecl),
    Attribute(AttributeDecl),
    /// `counter NAME`
    Counter(Ident),
    /// `count EXPR to COUNTER on KIND ...`
    Count(CountRule),
    /// `ledger BALANCE { ... }`
    Ledger(LedgerDecl),
    /// `returns { within N days  shortfall negative | forgive }`
    Returns {
        within: Vec<Num>,
        /// `shortfall negative` (true) or `forgive`, with its place.
        negative: Vec<(bool, Span)>,
        /// `pro rata` (true) or `by line`, with its place.
        pro_rata: Vec<(bool, Span)>,
        /// `refund N points = M CUR [to BALANCE]`
        refund: Vec<Refund>,
        span: Span,
    },
    /// `burn "NAME" from BALANCE [when ...] { ... }`
    Burn(BurnRule),
    /// `reward "NAME" costs N points [from BALANCE] [when ...]`
    Reward(RewardDecl),
    /// `segment NAME when CONDITION`
    Segment {
        name: Ident,
        condition: Expr,
        span: Span,
    },
    Earn(EarnRule),
    TierBlock(TierBlock),
    Campaign(Campaign),
    Cap(ProgramCap),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub name: Ident,
    pub settings: Vec<Setting>,
    pub span: Span,
}

pub(crate) use crate::keywords::{Combine, Stacking};
pub(crate) use crate::rounding::{Granularity, RoundingMode};
pub(crate) use crate::types::Type;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Setting {
    Currency(Ident),
    Timezone(Ident),
    Rounding {
        mode: RoundingMode,
        /// `MODE to N then`: a first rounding to N decimals.
        first: Option<(RoundingMode, Num)>,
        granularity: Option<(Granularity, Span)>,
        span: Span,
    },
    Precision(Num),
    /// `multipliers compound | add`
    Multipliers(Combine, Span),
    /// `tender NAME`: a kind of payment the program reads as `tx.paid.NAME`.
    Tender(Ident),
    Balance {
        name: Ident,
        qualifying: bool,
        precision: Option<Num>,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttributeDecl {
    pub path: Ident,
    pub ty: Type,
    /// `default LITERAL`: the value when the input leaves it out.
    pub default: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EventKindAst {
    Builtin(Ident),
    Custom(Ident),
}

/// `count AMOUNT to COUNTER on KIND [for each line] [when CONDITION]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CountRule {
    pub amount: Expr,
    pub counter: Ident,
    pub event: EventKindAst,
    pub per_line: bool,
    pub condition: Option<Expr>,
    pub span: Span,
}

/// A period as written: `year`, `membership year`, `30 days`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PeriodAst {
    Day,
    Week,
    Month,
    Quarter,
    Year,
    MembershipYear,
    Days(Num),
    Months(Num),
}

/// What a counter read asks for: `this PERIOD`, `last N days`, `today`,
/// `lifetime`, `streak`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadAst {
    Period(PeriodAst),
    Lifetime,
    Streak,
}

/// Where a cap applies: `per line`, `per transaction`, `per member [per PERIOD]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CapScope {
    Line,
    Transaction,
    /// `per member` (the member's lifetime) or `per member per PERIOD`.
    Member(Option<PeriodAst>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EarnRule {
    pub name: Ident,
    pub event: EventKindAst,
    pub per_line: bool,
    pub condition: Option<Expr>,
    pub body: Vec<RuleStmt>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RuleStmt {
    Award(AwardAst),
    Round {
        mode: RoundingMode,
        /// `MODE to N then`: a first rounding to N decimals.
        first: Option<(RoundingMode, Num)>,
        granularity: Option<(Granularity, Span)>,
        span: Span,
    },
    Cap {
        limit: Num,
        scope: CapScope,
        /// The balance's name written as the unit (`cap 500 miles ...`).
        unit: Option<Ident>,
        span: Span,
    },
    /// `limit N times per member [per PERIOD]`
    Limit {
        times: Num,
        period: Option<PeriodAst>,
        span: Span,
    },
    /// `badge "NAME"`
    Badge(Ident),
    Priority(Num),
    /// `group "NAME" [by BALANCE]`
    Group(Ident, Option<Ident>),
    Stop(Span),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MoneyUnit {
    pub amount: Num,
    pub currency: Ident,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AmountSpec {
    /// `N points per every M USD of BASE`
    Step { n: Num, unit: MoneyUnit, base: Expr },
    /// `N points per every M of QUANTITY`
    QuantityStep { n: Num, unit: Num, base: Expr },
    /// `N points per M USD of BASE`
    Rate { n: Num, unit: MoneyUnit, base: Expr },
    /// `N points per QUANTITY`
    Quantity { n: Num, per: Expr },
    /// `P% of earned`
    /// `P% of earned [by "RULE", ...]`
    PercentEarned { pct: Num, by: Vec<Ident> },
    /// `P% of BASE`
    Percent { pct: Num, base: Expr },
    /// `N points`
    Flat { n: Num },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AwardAst {
    pub spec: AmountSpec,
    /// `to BALANCE`, `to referrer`, `to referred`
    pub targets: Vec<Ident>,
    /// The balance's name written as the unit (`award 5 miles ...`).
    pub unit: Option<Ident>,
    pub span: Span,
}

/// `refund N points = M CUR [to BALANCE]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refund {
    pub points: Num,
    pub money: Num,
    pub currency: Ident,
    pub to: Option<Ident>,
    /// The balance's name written as the unit (`refund 100 miles = ...`).
    pub unit: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TierBlock {
    pub tier: Ident,
    pub benefits: Vec<Benefit>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Benefit {
    Multiply(MultiplyAst),
    Override {
        rule: Ident,
        awards: Vec<AwardAst>,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MultiplyAst {
    pub targets: Targets,
    /// `in BALANCE`: only the awards to that balance.
    pub balance: Option<Ident>,
    pub factor: Num,
    pub then_round: Option<RoundingMode>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TargetSet {
    All,
    Categories(Vec<Ident>),
    /// `tag "featured", "new"`: the lines that have one of these tags.
    Tags(Vec<Ident>),
    Rules(Vec<Ident>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Targets {
    pub include: TargetSet,
    pub except: Vec<TargetSet>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateLit {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TimeLit {
    pub hour: u32,
    pub minute: u32,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Recurrence {
    /// Days of the month, and whether its last day (`day 15, last`).
    MonthDays(Vec<Num>, bool),
    Weekend,
    Weekdays(Vec<Ident>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Campaign {
    pub name: Ident,
    pub window: Option<(DateLit, DateLit)>,
    pub recurrence: Option<(Recurrence, Span)>,
    pub hours: Option<(TimeLit, TimeLit)>,
    pub condition: Option<Expr>,
    pub body: Vec<CampaignStmt>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CampaignStmt {
    Multiply(MultiplyAst),
    Stacking(Stacking, Span),
    Priority(Num),
    Exclusive(Ident),
    /// `budget N points [in BALANCE]`
    Budget(Budget),
    /// `discount "NAME", ... by P%`
    Discount(Vec<Ident>, Num, Span),
    Earn(EarnRule),
}

/// `budget N points [in BALANCE]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Budget {
    pub points: Num,
    pub balance: Option<Ident>,
    /// The balance's name written as the unit (`budget 1000000 miles`).
    pub unit: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProgramCap {
    pub limit: Num,
    /// `per transaction` or `per member [per PERIOD]`.
    pub scope: CapScope,
    pub balance: Option<Ident>,
    /// The balance's name written as the unit (`cap 75000 miles ...`).
    pub unit: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnOp {
    Not,
    Neg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::NotIn => "not in",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExprKind {
    Bool(bool),
    Number(Decimal),
    Money(Decimal, Ident),
    Percent(Decimal),
    Text(String),
    Date(DateLit),
    Time(TimeLit),
    /// A dotted path such as `line.category`.
    Path(String),
    /// A bare name such as a tier (`gold`) or a weekday (`saturday`).
    Name(String),
    Call(Ident, Vec<Expr>),
    /// A counter read: `nights this year`, `check_ins streak`.
    Counter(Ident, ReadAst),
    List(Vec<Expr>),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
}

/// `tiers { ... }`: the levels, lowest first, and how members qualify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TiersDecl {
    pub levels: Vec<TierLevel>,
    pub settings: Vec<TierSetting>,
    pub span: Span,
}

/// `gold when 25 nights or 12 stays`, or a bare level name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TierLevel {
    pub name: Ident,
    pub requirement: Option<Requirement>,
}

/// Paths joined by `or`, each a list of parts joined by `and`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Requirement {
    pub paths: Vec<Vec<ReqPart>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReqPart {
    One(Criterion),
    /// `any N of (C, C, ...)`
    Any {
        n: Num,
        of: Vec<Criterion>,
        span: Span,
    },
}

/// `25 nights`, `20000 USD spend`, `5000 lifetime growth`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Criterion {
    pub amount: Num,
    pub currency: Option<Ident>,
    pub lifetime: bool,
    pub name: Ident,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TierSetting {
    Qualify(QualifyAst, Span),
    /// `keep to end of [next] period`
    Keep {
        next: bool,
        span: Span,
    },
    /// `upgrade at once | upgrade next period`
    Upgrade {
        next_period: bool,
        span: Span,
    },
    Downgrade(DowngradeAst, Span),
    /// `grace N months`
    Grace(Num, Span),
    /// `deduct N COUNTER at LEVEL`
    Deduct {
        amount: Num,
        counter: Ident,
        level: Ident,
        span: Span,
    },
    /// `floor LEVEL [when REQUIREMENT]`
    Floor {
        level: Ident,
        requirement: Option<Requirement>,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum QualifyAst {
    CalendarYear,
    MembershipYear,
    /// `year from MM-DD`
    CycleYear {
        month: u32,
        day: u32,
        span: Span,
    },
    /// `last N months`
    Months(Num),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DowngradeAst {
    Recompute,
    OneLevel,
    To(Ident),
}

/// `ledger BALANCE { expire ...  pending N days }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LedgerDecl {
    pub balance: Ident,
    pub expire: Vec<(ExpireAst, Span)>,
    pub pending: Vec<Num>,
    /// `spend oldest first` (true) or `spend soonest expiring first`.
    pub spend_oldest: Vec<(bool, Span)>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExpireAst {
    Never,
    /// `N days|months after earning [at end of month|quarter|year]`
    After {
        n: Num,
        months: bool,
        round: Option<crate::ledger::RoundTo>,
    },
    /// `at end of month|quarter|year`: through the end of the period the
    /// lot was earned in.
    End(crate::ledger::RoundTo),
    /// `on DATE`
    On(DateLit),
    /// `after N days|months without activity` (`redeeming`: `without
    /// earning or redeeming`)
    Inactive {
        n: Num,
        months: bool,
        redeeming: bool,
    },
}

/// `burn "NAME" from BALANCE [when CONDITION] { ... }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BurnRule {
    pub name: Ident,
    pub balance: Ident,
    pub condition: Option<Expr>,
    pub stmts: Vec<BurnStmt>,
    /// Balances' names written as the unit of its statements (`rate 100
    /// miles = 1 USD`): each must be the balance it spends.
    pub units: Vec<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BurnStmt {
    /// `rate N points = M CUR`
    Rate {
        points: Num,
        money: Num,
        currency: Ident,
        span: Span,
    },
    /// `table N points = M CUR, ...`
    Table {
        entries: Vec<(Num, Num, Ident)>,
        span: Span,
    },
    Minimum(Num, Span),
    Step(Num, Span),
    /// `maximum N points | M CUR | P% of order`
    Maximum(MaxAst, Span),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MaxAst {
    Points(Num),
    Money(Num, Ident),
    PercentOfOrder(Num),
    /// `P% of lines when CONDITION`
    PercentOfLines(Num, Expr),
}

/// `reward "NAME" costs N points [from BALANCE] [automatically] [when CONDITION]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RewardDecl {
    pub name: Ident,
    pub cost: Num,
    pub balance: Option<Ident>,
    /// `automatically`: issued as soon as the member has the points.
    pub automatic: Option<Span>,
    /// The balance's name written as the unit (`costs 150 stars`).
    pub unit: Option<Ident>,
    pub condition: Option<Expr>,
    pub span: Span,
}
