//! Compiled expressions: fields resolved to accessors, constants typed,
//! and the walk over a condition's nodes that allocates nothing for the
//! usual condition.

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;

use super::lower;
use crate::types::Field;

/// A value an expression reads, as [`Expr::leaves`] tells them apart.
#[derive(PartialEq, Eq, Hash)]
enum Leaf {
    Field(Field),
    Attr(usize),
    Counter(usize, crate::period::Period),
    Crossed(usize, crate::period::Period),
    Streak(usize),
    DaysSince(usize),
}

/// A compiled expression: fields resolved, types checked.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    Const(Const),
    Field(Field),
    /// An attribute of the member, the purchase or the event: its slot in
    /// `Plan::attributes`, resolved once per event.
    Attr(usize),
    /// An attribute of the line at hand (`line.distance`): its slot in
    /// `Plan::attributes`, read from each line.
    LineAttr(usize),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    /// `floor(x)`: the whole number (or whole amount of money) at or below.
    Floor(Box<Expr>),
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
    /// `days_since_anniversary(DATE, DAY)`: days from DATE's last
    /// anniversary on or before DAY (29 February on 28 February in other
    /// years); missing when DAY is before DATE.
    SinceAnniversary(Box<Expr>, Box<Expr>),
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
                | Expr::LineAttr(_)
                | Expr::Counter(..)
                | Expr::Tender(_)
                | Expr::Streak(_)
                | Expr::DaysSince(_)
                | Expr::Crossed { .. }
                | Expr::Test(_) => {}
                Expr::Not(x)
                | Expr::Neg(x)
                | Expr::Floor(x)
                | Expr::Exists(x)
                | Expr::Call(_, x) => stack.push(x),
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
                | Expr::SinceAnniversary(a, b)
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
        let mut seen = std::collections::HashSet::new();
        for e in self.nodes() {
            let read: Vec<Expr> = match e {
                Expr::Field(_)
                | Expr::Attr(_)
                | Expr::LineAttr(_)
                | Expr::Counter(..)
                | Expr::Streak(_)
                | Expr::DaysSince(_)
                | Expr::SumLines { .. } => vec![e.clone()],
                // The days, said before the dates it reads.
                Expr::DaysBetween(..) | Expr::SinceAnniversary(..) => vec![e.clone()],
                // Marks crossed read the counter before and after the event.
                Expr::Crossed { .. } => vec![e.clone()],
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
                // Each value once, found in a set (a condition may read
                // thousands of counters).
                let key = match &e {
                    Expr::Field(f) => Some(Leaf::Field(*f)),
                    Expr::Attr(a) | Expr::LineAttr(a) => Some(Leaf::Attr(*a)),
                    Expr::Counter(c, p) => Some(Leaf::Counter(*c, *p)),
                    Expr::Crossed {
                        counter, period, ..
                    } => Some(Leaf::Crossed(*counter, *period)),
                    Expr::Streak(c) => Some(Leaf::Streak(*c)),
                    Expr::DaysSince(c) => Some(Leaf::DaysSince(*c)),
                    _ => None,
                };
                if key.is_none_or(|k| seen.insert(k)) {
                    out.push(e);
                }
            }
        }
        out
    }

    /// Whether the expression reads a field for which `f` holds.
    pub(crate) fn reads(&self, f: &impl Fn(Field) -> bool) -> bool {
        self.walk(true).any(|e| match e {
            Expr::Field(field) => f(*field),
            Expr::Test(t) => t.fields().any(f),
            _ => false,
        })
    }

    /// Whether the expression reads the line a rule `for each line` is
    /// tested on: a field of the line or an attribute of its own (a
    /// `sum(...)` reads every line, the same for each).
    pub(crate) fn reads_the_line(&self) -> bool {
        self.walk(false).any(|e| match e {
            Expr::Field(field) => field.per_line(),
            Expr::LineAttr(_) => true,
            Expr::Test(t) => t.fields().any(Field::per_line),
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
