//! Warnings about conditions that can never hold, balances that nothing
//! earns, groups compared on a balance their rules do not award, and
//! groups with nothing to choose from.

use rust_decimal::Decimal;

use super::Checker;
use crate::codes::Code;
use crate::plan::{CmpOp, Const, Expr, Func};
use crate::span::Span;
use crate::types::Field;

/// A campaigns' exclusive group as the checker reads it: its index, the
/// first `exclusive` statement and its campaign, and how many campaigns
/// name it.
pub(super) struct ExclusiveGroup {
    pub index: usize,
    pub first: Span,
    pub campaign: String,
    pub campaigns: usize,
}

impl Checker<'_> {
    /// A group of one rule has nothing to choose from, which is never
    /// what it is written for (the other offers were meant to name it
    /// too).
    ///
    /// A group picks its rule by what each gives in one balance (`points`
    /// unless it names another): when none of its rules awards that
    /// balance, every rule gives 0 there and the first that applies always
    /// wins, which is never what a group of offers in stars or miles means.
    pub(super) fn warn_groups(&mut self) {
        let first = std::mem::take(&mut self.group_spans);
        let members = std::mem::take(&mut self.group_rules);
        for (group, span) in first {
            let rules = members.get(&group).map_or(&[][..], Vec::as_slice);
            if let [only] = rules {
                let rule = self.rules.get(*only).map_or("", |r| r.plan.name.as_str());
                self.warning_help(
                    Code::Suspicious,
                    span,
                    format!("group \"{group}\" has one rule, \"{rule}\": it has no other to choose from"),
                    Some(format!(
                        "give each rule it chooses between the same `group \"{group}\"`"
                    )),
                );
                continue;
            }
            let compared = self.group_balances.get(&group).map_or(0, |(b, _)| *b);
            let awarded: Vec<usize> = rules
                .iter()
                .filter_map(|r| self.rules.get(*r))
                .flat_map(|r| r.plan.every_award().map(|a| a.balance))
                .collect();
            if awarded.is_empty() || awarded.contains(&compared) {
                continue;
            }
            let name = |i: usize| self.balances.get(i).map_or("", |b| b.name.as_str());
            let message = format!(
                "group \"{group}\" picks its rule by what it gives in `{}`, which none of its rules awards: the first that applies always wins",
                name(compared)
            );
            // The balance they award, when it is one.
            let help = awarded.iter().all(|b| Some(b) == awarded.first()).then(|| {
                let by = awarded.first().map_or("", |b| name(*b));
                format!("name the balance they award: `group \"{group}\" by {by}`")
            });
            self.warning_help(Code::Suspicious, span, message, help);
        }
    }

    /// An exclusive group of one campaign excludes nothing: the campaigns
    /// it was meant to exclude do not name it.
    pub(super) fn warn_lone_exclusives(&mut self) {
        let mut lone: Vec<(usize, Span, String, String)> = self
            .exclusive_groups
            .iter()
            .filter(|(_, g)| g.campaigns == 1)
            .map(|(name, g)| (g.index, g.first, name.clone(), g.campaign.clone()))
            .collect();
        // In the order the program declares them.
        lone.sort_unstable_by_key(|(index, ..)| *index);
        for (_, span, group, campaign) in lone {
            self.warning_help(
                Code::Suspicious,
                span,
                format!(
                    "the exclusive group \"{group}\" has one campaign, \"{campaign}\": it excludes nothing"
                ),
                Some(format!(
                    "give each campaign it excludes the same `exclusive \"{group}\"`"
                )),
            );
        }
    }

    /// A declared balance that nothing can put points in: no award
    /// credits it, no return refunds to it, and no burn rule or reward
    /// spends it (a balance the host fills itself is spent).
    pub(super) fn warn_unearned_balances(
        &mut self,
        ast: &crate::ast::ProgramAst,
        refund_to: Option<usize>,
        spent: &[usize],
    ) {
        let credited: std::collections::BTreeSet<usize> = self
            .rules
            .iter()
            .flat_map(|r| r.plan.every_award().map(|a| a.balance))
            .chain(refund_to)
            .chain(spent.iter().copied())
            .collect();
        let declared = ast.items.iter().flat_map(|i| match i {
            crate::ast::Item::Header(h) => h.settings.as_slice(),
            _ => &[],
        });
        let mut unearned = Vec::new();
        let mut said = std::collections::BTreeSet::new();
        for setting in declared {
            if let crate::ast::Setting::Balance { name, span, .. } = setting {
                let i = self.balance_by_name.get(&name.name).copied();
                if i.is_some_and(|i| i > 0 && !credited.contains(&i))
                    && said.insert(name.name.as_str())
                {
                    unearned.push((name.name.clone(), *span));
                }
            }
        }
        for (name, span) in unearned {
            self.warning_help(
                Code::Suspicious,
                span,
                format!("nothing earns `{name}`: no award credits it, so it stays at zero"),
                Some(format!(
                    "credit it in a rule (`award 1 point per USD of tx.amount to {name}`), or leave it out"
                )),
            );
        }
    }

    pub(super) fn warn_if_never_true(&mut self, e: &Expr, span: Span) {
        let atoms = e.conjuncts();
        for atom in &atoms {
            if let Some(why) = impossible(atom) {
                self.warning(
                    Code::NeverHolds,
                    span,
                    format!("this condition can never hold: {why}"),
                );
                return;
            }
        }
        if let Some(why) = empty_range(&atoms) {
            self.warning(
                Code::NeverHolds,
                span,
                format!("this condition can never hold: {why}"),
            );
            return;
        }
        for (i, a) in atoms.iter().enumerate() {
            for b in atoms.iter().skip(i + 1) {
                if let (Some((fa, ca)), Some((fb, cb))) = (equality(a), equality(b)) {
                    if fa == fb && ca != cb {
                        self.warning(Code::NeverHolds,
                            span,
                            "this condition can never hold: one field is required to equal two different values",
                        );
                        return;
                    }
                }
            }
        }
    }
}

/// A bound on a field: `field > v` (or `>=`, `<`, `<=`, either way round).
struct Bound {
    field: Field,
    value: Decimal,
    lower: bool,
    strict: bool,
}

fn bound(e: &Expr) -> Option<Bound> {
    let Expr::Cmp(op, l, r) = e else { return None };
    let (field, value, op) = match (l.as_ref(), r.as_ref()) {
        (Expr::Field(f), Expr::Const(Const::Num(v))) => (*f, *v, *op),
        // `v < field` is `field > v`.
        (Expr::Const(Const::Num(v)), Expr::Field(f)) => (
            *f,
            *v,
            match op {
                CmpOp::Lt => CmpOp::Gt,
                CmpOp::Le => CmpOp::Ge,
                CmpOp::Gt => CmpOp::Lt,
                CmpOp::Ge => CmpOp::Le,
                other => *other,
            },
        ),
        _ => return None,
    };
    let (lower, strict) = match op {
        CmpOp::Gt => (true, true),
        CmpOp::Ge => (true, false),
        CmpOp::Lt => (false, true),
        CmpOp::Le => (false, false),
        CmpOp::Eq | CmpOp::Ne => return None,
    };
    Some(Bound {
        field,
        value,
        lower,
        strict,
    })
}

/// `x > 100 and x < 50`: a lower and an upper bound on one field that no
/// value meets.
fn empty_range(atoms: &[&Expr]) -> Option<String> {
    let bounds: Vec<Bound> = atoms.iter().filter_map(|a| bound(a)).collect();
    for lo in bounds.iter().filter(|b| b.lower) {
        for hi in bounds.iter().filter(|b| !b.lower && b.field == lo.field) {
            let empty = lo.value > hi.value || (lo.value == hi.value && (lo.strict || hi.strict));
            if empty {
                let name = lo.field.name();
                let above = if lo.strict { "more than" } else { "at least" };
                let below = if hi.strict { "less than" } else { "at most" };
                return Some(format!(
                    "`{name}` cannot be {above} {} and {below} {}",
                    lo.value, hi.value
                ));
            }
        }
    }
    None
}

/// `field == constant`, for spotting `x == a and x == b`.
/// What an equality compares with a constant: a field, or a function of
/// one (`weekday(tx.date)`).
#[derive(PartialEq)]
enum Subject {
    Field(Field),
    Call(Func, Field),
}

fn subject(e: &Expr) -> Option<Subject> {
    match e {
        Expr::Field(f) => Some(Subject::Field(*f)),
        Expr::Call(func, arg) => match arg.as_ref() {
            Expr::Field(f) => Some(Subject::Call(*func, *f)),
            _ => None,
        },
        _ => None,
    }
}

fn equality(e: &Expr) -> Option<(Subject, &Const)> {
    match e {
        Expr::Cmp(CmpOp::Eq, l, r) => match (l.as_ref(), r.as_ref()) {
            (x, Expr::Const(c)) | (Expr::Const(c), x) => Some((subject(x)?, c)),
            _ => None,
        },
        _ => None,
    }
}

fn impossible(e: &Expr) -> Option<String> {
    let Expr::Cmp(op, l, r) = e else { return None };
    let (Expr::Call(func, _), Expr::Const(Const::Num(v))) = (l.as_ref(), r.as_ref()) else {
        return non_negative_below_zero(*op, l, r);
    };
    let (name, lo, hi) = match func {
        Func::Month => ("month", 1, 12),
        Func::Day => ("day", 1, 31),
        Func::Hour => ("hour", 0, 23),
        Func::Minute => ("minute", 0, 59),
        Func::Year | Func::Weekday => return None,
    };
    let (lo, hi) = (Decimal::from(lo), Decimal::from(hi));
    let never = match op {
        CmpOp::Eq => *v < lo || *v > hi || !v.fract().is_zero(),
        CmpOp::Gt => *v >= hi,
        CmpOp::Ge => *v > hi,
        CmpOp::Lt => *v <= lo,
        CmpOp::Le => *v < lo,
        CmpOp::Ne => false,
    };
    never.then(|| format!("`{name}(...)` is always between {lo} and {hi}"))
}

fn non_negative_below_zero(op: CmpOp, l: &Expr, r: &Expr) -> Option<String> {
    let (Expr::Field(f), Expr::Const(Const::Num(v))) = (l, r) else {
        return None;
    };
    let non_negative = matches!(
        f,
        Field::TxGross
            | Field::TxDiscount
            | Field::TxAmount
            | Field::TxTax
            | Field::TxShipping
            | Field::TxTotal
            | Field::TxItems
            | Field::LineQuantity
            | Field::LineUnitPrice
            | Field::LineGross
            | Field::LineDiscount
            | Field::LineAmount
            | Field::MemberPurchaseCount
    );
    let never = match op {
        CmpOp::Lt => *v <= Decimal::ZERO,
        CmpOp::Le => *v < Decimal::ZERO,
        CmpOp::Eq => *v < Decimal::ZERO,
        _ => false,
    };
    (non_negative && never).then(|| "amounts and counts are never negative".to_string())
}

impl Checker<'_> {
    /// `tx.amount - tx.discount`: the amount is after discounts already,
    /// and before tax and shipping, so subtracting those takes off what
    /// it does not hold (points silently lower).
    pub(super) fn warn_taken_off_twice(&mut self, left: &Expr, right: &Expr, span: Span) {
        let mut first = left;
        while let Expr::Arith(crate::plan::ArithOp::Add | crate::plan::ArithOp::Sub, l, _) = first {
            first = l;
        }
        let (Expr::Field(amount), Expr::Field(part)) = (first, right) else {
            return;
        };
        let said = match (amount, part) {
            (Field::TxAmount | Field::TxTotal, Field::TxDiscount)
            | (Field::LineAmount, Field::LineDiscount) => {
                "is after discounts already: subtracting the discount takes it off twice"
            }
            (Field::TxAmount | Field::TxGross, Field::TxTax | Field::TxShipping) => {
                "holds no tax or shipping: subtracting them takes off what it does not hold"
            }
            _ => return,
        };
        let name = match amount {
            Field::LineAmount => "line.amount",
            Field::TxTotal => "tx.total",
            Field::TxGross => "tx.gross",
            _ => "tx.amount",
        };
        let help = if *amount == Field::LineAmount {
            "`line.amount` is `line.gross` less the line's discount: write `line.amount` alone"
        } else {
            "`tx.gross` is the lines' prices, `tx.amount` is after discounts, and \
             `tx.total` adds tax and shipping to it: write the one meant, alone"
        };
        self.warning_help(
            Code::Suspicious,
            span,
            format!("`{name}` {said}"),
            Some(help.into()),
        );
    }
}
