//! Expression checking: names resolved, types inferred and checked, and the
//! expression lowered to its compiled form in the same pass.

use super::Checker;
use crate::ast::{self, BinOp, ExprKind, UnOp};
use crate::codes::Code;
use crate::plan::{ArithOp, AttrOwner, CmpOp, Const, ConstSet, Expr};
use crate::span::Span;
use crate::types::{Scope, Type, FIELDS};

/// Where an expression is written, which decides the fields it may read.
/// Whether an expression may read counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counters {
    Read,
    /// Not in `count` rules, which feed them.
    FedHere,
    /// Not in a `sum(...)`'s value and filter, which read each line.
    EachLine,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ExprScope {
    pub purchase: bool,
    pub per_line: bool,
    pub referral: bool,
    /// Whether counters may be read, and if not, why.
    pub counters: Counters,
    /// Describes the place for messages, such as "campaign conditions".
    pub place: &'static str,
}

impl Checker<'_> {
    /// Checks a condition: it must be true/false.
    pub(crate) fn condition(&mut self, e: &ast::Expr, scope: ExprScope) -> Option<Expr> {
        let (lowered, ty) = self.expr(e, scope)?;
        if ty != Type::Bool {
            // `when crossed(visits lifetime, 10)`: how many marks, a number.
            let help = match &e.kind {
                ast::ExprKind::Call(f, _) if f.name == "crossed" => Some(format!(
                    "`crossed(...)` is how many marks the event crossed, a number: `{} > 0`",
                    self.quote(e.span)
                )),
                _ => None,
            };
            self.error_help(
                Code::TypeMismatch,
                e.span,
                format!("a condition must be true or false, but this is {ty}"),
                help,
            );
            return None;
        }
        self.warn_if_never_true(&lowered, e.span);
        Some(lowered)
    }

    /// Checks an expression that must have type `want` (an earn base, say).
    pub(crate) fn typed(&mut self, e: &ast::Expr, scope: ExprScope, want: Type) -> Option<Expr> {
        let (lowered, ty) = self.expr(e, scope)?;
        if ty != want {
            let help = match (want, ty) {
                (Type::Money, Type::Number) => Some(format!(
                    "write an amount with its currency, such as `10 {}`",
                    self.currency
                )),
                _ => None,
            };
            self.error_help(
                Code::TypeMismatch,
                e.span,
                format!("expected {want} here, but this is {ty}"),
                help,
            );
            return None;
        }
        Some(lowered)
    }

    pub(crate) fn expr(&mut self, e: &ast::Expr, scope: ExprScope) -> Option<(Expr, Type)> {
        match &e.kind {
            ExprKind::Bool(b) => Some((Expr::Const(Const::Bool(*b)), Type::Bool)),
            ExprKind::Number(n) => Some((Expr::Const(Const::Num(*n)), Type::Number)),
            ExprKind::Money(n, cur) => {
                self.check_currency(cur)?;
                if let Some(places) = self.currency_places {
                    if n.normalize().scale() > places {
                        let text = self.quote(e.span);
                        self.warning(
                            Code::ExtraDecimals,
                            e.span,
                            format!(
                                "`{text}` has more decimal places than {} has ({places})",
                                self.currency
                            ),
                        );
                    }
                }
                Some((Expr::Const(Const::Num(*n)), Type::Money))
            }
            ExprKind::Percent(_) => {
                self.error_help(Code::NotHere,
                    e.span,
                    "a percentage is only meaningful in `award 10% of ...`",
                    Some("in a condition, write a number such as `0.1`, or an amount such as `10 USD`".into()),
                );
                None
            }
            ExprKind::Text(s) => Some((Expr::Const(Const::Text(s.as_str().into())), Type::Text)),
            ExprKind::Date(d) => Some((Expr::Const(Const::Date(self.date(d)?)), Type::Date)),
            ExprKind::Time(t) => Some((Expr::Const(Const::Time(self.time(t)?)), Type::Time)),
            ExprKind::Path(p) => self.path(p, e.span, scope),
            ExprKind::Name(n) => self.bare_name(n, e.span),
            ExprKind::Call(f, args) if f.name == "crossed" => self.crossed(args, e.span, scope),
            ExprKind::Call(f, args) if f.name == "days_since" => {
                self.days_since(args, e.span, scope)
            }
            ExprKind::Call(f, args) => self.call(f, args, e.span, scope),
            ExprKind::Counter(name, read) => self.counter_read(name, read, e.span, scope),
            ExprKind::List(_) => {
                self.error(Code::NotHere,
                    e.span,
                    "a list can only follow `in` or `not in`, as in `line.category in [\"a\", \"b\"]`",
                );
                None
            }
            ExprKind::Unary(op, inner) => {
                let (x, ty) = self.expr(inner, scope)?;
                match (op, ty) {
                    (UnOp::Not, Type::Bool) => Some((Expr::Not(Box::new(x)), Type::Bool)),
                    (UnOp::Neg, Type::Number | Type::Money) => Some((Expr::Neg(Box::new(x)), ty)),
                    (UnOp::Not, _) => {
                        self.error(
                            Code::TypeMismatch,
                            e.span,
                            format!("`not` needs a true/false value, but this is {ty}"),
                        );
                        None
                    }
                    (UnOp::Neg, _) => {
                        self.error(
                            Code::TypeMismatch,
                            e.span,
                            format!("`-` needs a number or money, but this is {ty}"),
                        );
                        None
                    }
                }
            }
            ExprKind::Binary(op, l, r) => self.binary(*op, l, r, e.span, scope),
        }
    }

    fn binary(
        &mut self,
        op: BinOp,
        l: &ast::Expr,
        r: &ast::Expr,
        span: Span,
        scope: ExprScope,
    ) -> Option<(Expr, Type)> {
        if matches!(op, BinOp::In | BinOp::NotIn) {
            return self.membership(op == BinOp::NotIn, l, r, span, scope);
        }
        if op == BinOp::Eq {
            self.warn_birth_date(l, r, span);
        }
        // `member.tier == diamond`: a bare name compared with the tier is a
        // tier, and an unknown one is said to be one.
        if matches!(op, BinOp::Eq | BinOp::Ne) {
            for (side, other) in [(l, r), (r, l)] {
                if let (ExprKind::Path(p), ExprKind::Text(_)) = (&side.kind, &other.kind) {
                    if let Some(help) = self.line_key_help(p, other.span) {
                        let message = format!("unknown field `{p}`");
                        self.error_help(Code::UnknownField, side.span, message, Some(help));
                        return None;
                    }
                    // `line.category == "dining"` in a rule not `for each line`.
                    let list = match p.as_str() {
                        "line.category" => Some("tx.categories"),
                        "line.sku" => Some("tx.skus"),
                        _ => None,
                    };
                    if let (Some(list), true, false) = (list, scope.purchase, scope.per_line) {
                        let written = self.quote(other.span);
                        self.error_help(
                            Code::NotHere,
                            side.span,
                            format!("`{p}` cannot be used in {}: it is only known in rules `on purchase for each line`", scope.place),
                            Some(format!("`{written} in {list}` (any line), or the rule `for each line`")),
                        );
                        return None;
                    }
                }
                let segment_field =
                    matches!(&side.kind, ExprKind::Path(p) if p == "member.segment");
                if let (true, ExprKind::Text(t)) = (segment_field, &other.kind) {
                    if !self.known_segment(t, other.span) {
                        return None;
                    }
                }
                let tier_field = matches!(&side.kind, ExprKind::Path(p) if p == "member.tier");
                if let (true, ExprKind::Name(n)) = (tier_field, &other.kind) {
                    if !self.tiers.contains(n) {
                        let name = ast::Ident {
                            name: n.clone(),
                            span: other.span,
                        };
                        self.tier_by_name(&name);
                        return None;
                    }
                }
            }
        }
        let left = self.expr(l, scope);
        let right = self.expr(r, scope);
        let ((lx, lt), (rx, rt)) = (left?, right?);
        let (lb, rb) = (Box::new(lx), Box::new(rx));
        match op {
            BinOp::And | BinOp::Or => {
                for (ty, side, other) in [(lt, l, r), (rt, r, l)] {
                    if ty != Type::Bool {
                        let help = self.value_after_or(op, side, other);
                        self.error_help(
                            Code::TypeMismatch,
                            side.span,
                            format!(
                                "`{}` joins true/false conditions, but this is {ty}",
                                op.symbol()
                            ),
                            help,
                        );
                        return None;
                    }
                }
                let x = if op == BinOp::And {
                    Expr::And(lb, rb)
                } else {
                    Expr::Or(lb, rb)
                };
                Some((x, Type::Bool))
            }
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let cmp = match op {
                    BinOp::Eq => CmpOp::Eq,
                    BinOp::Ne => CmpOp::Ne,
                    BinOp::Lt => CmpOp::Lt,
                    BinOp::Le => CmpOp::Le,
                    BinOp::Gt => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                if lt != rt {
                    // The text written in quotes, if a side is some.
                    let quoted = [l, r].into_iter().find_map(|side| match &side.kind {
                        ExprKind::Text(t) => Some(t.as_str()),
                        _ => None,
                    });
                    // A number written as such: the amount to write instead.
                    let number = [l, r].into_iter().find_map(|side| match &side.kind {
                        ExprKind::Number(_) => Some(self.quote(side.span)),
                        _ => None,
                    });
                    let help = match (lt, rt) {
                        (Type::Money, Type::Number) | (Type::Number, Type::Money) => {
                            Some(match number {
                                Some(n) => format!(
                                    "write the amount with its currency: `{n} {}`",
                                    self.currency
                                ),
                                None => format!(
                                    "write the amount with its currency, such as `50 {}`",
                                    self.currency
                                ),
                            })
                        }
                        (ty @ (Type::Tier | Type::Date | Type::Weekday), Type::Text)
                        | (Type::Text, ty @ (Type::Tier | Type::Date | Type::Weekday)) => {
                            super::expr_help::unquoted_help(ty, quoted)
                        }
                        // `tx.date >= 11/20/2026`: a date in another order,
                        // read as a division.
                        (Type::Date, Type::Number) | (Type::Number, Type::Date) => {
                            let number = if lt == Type::Number { l } else { r };
                            crate::keywords::date_in_other_order(&self.quote(number.span))
                        }
                        (Type::Time, Type::Text) | (Type::Text, Type::Time) => {
                            Some("write a time of day without quotes, such as `17:00`".into())
                        }
                        // `member.offers == "Q4"`: a list holds a text.
                        (Type::TextList, Type::Text) | (Type::Text, Type::TextList) => {
                            let (list, text) = if lt == Type::TextList { (l, r) } else { (r, l) };
                            let not = if matches!(cmp, CmpOp::Ne) { "not " } else { "" };
                            Some(format!(
                                "a list holds a text with `in`: `{} {not}in {}`",
                                self.quote(text.span),
                                self.quote(list.span)
                            ))
                        }
                        // `hour(tx.time) >= 17:00`: an hour is a number.
                        (Type::Number, Type::Time) => {
                            let (number, time) = (l, r);
                            match &number.kind {
                                ExprKind::Call(f, args) if f.name == "hour" && args.len() == 1 => {
                                    let arg = args
                                        .first()
                                        .map(|a| self.quote(a.span))
                                        .unwrap_or_default();
                                    let time = self.quote(time.span);
                                    let hour = time
                                        .split(':')
                                        .next()
                                        .unwrap_or("17")
                                        .trim_start_matches('0');
                                    let hour = if hour.is_empty() { "0" } else { hour };
                                    let o = op.symbol();
                                    Some(format!(
                                        "`hour(...)` is a number: `hour({arg}) {o} {hour}`, or compare the time: `{arg} {o} {time}`"
                                    ))
                                }
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    self.error_help(
                        Code::TypeMismatch,
                        span,
                        format!("cannot compare {lt} with {rt} using `{}`", op.symbol()),
                        help,
                    );
                    return None;
                }
                let ordered = matches!(
                    lt,
                    Type::Number | Type::Money | Type::Date | Type::Time | Type::Tier
                );
                if !matches!(cmp, CmpOp::Eq | CmpOp::Ne) && !ordered {
                    self.error(
                        Code::TypeMismatch,
                        span,
                        format!("{lt} has no order: only `==` and `!=` compare it"),
                    );
                    return None;
                }
                if lt == Type::TextList {
                    self.error(
                        Code::TypeMismatch,
                        span,
                        "a list cannot be compared; use `in` to test membership",
                    );
                    return None;
                }
                Some((Expr::Cmp(cmp, lb, rb), Type::Bool))
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                let arith = match op {
                    BinOp::Add => ArithOp::Add,
                    BinOp::Sub => ArithOp::Sub,
                    BinOp::Mul => ArithOp::Mul,
                    _ => ArithOp::Div,
                };
                use Type::{Money, Number};
                let ty = match (arith, lt, rt) {
                    (ArithOp::Add | ArithOp::Sub, Number, Number) => Number,
                    (ArithOp::Add | ArithOp::Sub, Money, Money) => Money,
                    (ArithOp::Mul, Number, Number) => Number,
                    (ArithOp::Mul, Money, Number) | (ArithOp::Mul, Number, Money) => Money,
                    (ArithOp::Div, Number, Number) | (ArithOp::Div, Money, Money) => Number,
                    (ArithOp::Div, Money, Number) => Money,
                    _ => {
                        let dates = lt == Type::Date || rt == Type::Date;
                        let help = (dates && matches!(arith, ArithOp::Add | ArithOp::Sub)).then(|| {
                            "count the days between two dates with `days_between(a, b)`, such as \
                             `days_between(member.join_date, tx.date) <= 30` (joined in the last 30 days)"
                                .to_string()
                        });
                        self.error_help(
                            Code::TypeMismatch,
                            span,
                            format!("cannot apply `{}` to {lt} and {rt}", op.symbol()),
                            help,
                        );
                        return None;
                    }
                };
                if arith == ArithOp::Sub {
                    self.warn_taken_off_twice(&lb, &rb, r.span);
                }
                Some((Expr::Arith(arith, lb, rb), ty))
            }
            BinOp::In | BinOp::NotIn => None,
        }
    }

    fn membership(
        &mut self,
        negate: bool,
        l: &ast::Expr,
        r: &ast::Expr,
        span: Span,
        scope: ExprScope,
    ) -> Option<(Expr, Type)> {
        let (item, item_ty) = self.expr(l, scope)?;
        let item = Box::new(item);
        if let ExprKind::List(elems) = &r.kind {
            let mut consts = Vec::with_capacity(elems.len());
            let mut ok = true;
            for el in elems {
                match self.expr(el, scope) {
                    Some((Expr::Const(c), ty)) if ty == item_ty => consts.push(c),
                    Some((Expr::Const(_), ty)) => {
                        let quoted = match &el.kind {
                            ExprKind::Text(t) => Some(t.as_str()),
                            _ => None,
                        };
                        let help = (ty == Type::Text)
                            .then(|| super::expr_help::unquoted_help(item_ty, quoted))
                            .flatten();
                        self.error_help(
                            Code::TypeMismatch,
                            el.span,
                            format!("this list holds {item_ty}, but this element is {ty}"),
                            help,
                        );
                        ok = false;
                    }
                    Some(_) => {
                        self.error(
                            Code::TypeMismatch,
                            el.span,
                            "list elements must be written out, such as \"dining\" or `gold`",
                        );
                        ok = false;
                    }
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            if elems.is_empty() {
                self.warning(
                    Code::NeverHolds,
                    r.span,
                    "this list is empty, so the test never holds",
                );
            }
            let set = if item_ty == Type::Text {
                let mut texts: Vec<Box<str>> = consts
                    .into_iter()
                    .filter_map(|c| match c {
                        Const::Text(t) => Some(t),
                        _ => None,
                    })
                    .collect();
                texts.sort();
                texts.dedup();
                ConstSet::Text(texts)
            } else {
                ConstSet::Other(consts)
            };
            return Some((Expr::InSet { item, set, negate }, Type::Bool));
        }
        let (list, list_ty) = self.expr(r, scope)?;
        if list_ty != Type::TextList {
            // An attribute of the program's own declared as something else.
            let declared = match &r.kind {
                ExprKind::Path(p) if self.attribute_index.contains_key(p.as_str()) => Some(p),
                _ => None,
            };
            self.error_help(
                Code::TypeMismatch,
                r.span,
                format!("`in` needs a list after it, but this is {list_ty}"),
                declared.map(|p| {
                    format!("declare the attribute as a list of text: `attribute {p} list`")
                }),
            );
            return None;
        }
        if item_ty != Type::Text {
            self.error(
                Code::TypeMismatch,
                span,
                format!("a list of text can only contain text, but this is {item_ty}"),
            );
            return None;
        }
        Some((
            Expr::Contains {
                item,
                list: Box::new(list),
                negate,
            },
            Type::Bool,
        ))
    }

    fn path(&mut self, p: &str, span: Span, scope: ExprScope) -> Option<(Expr, Type)> {
        if let Some((_, field, ty, field_scope)) = FIELDS.iter().find(|(n, ..)| *n == p) {
            let allowed = match field_scope {
                Scope::Any => true,
                Scope::Purchase => scope.purchase,
                Scope::Line => scope.per_line,
                Scope::Referral => scope.referral,
            };
            if !allowed {
                let rules = match field_scope {
                    Scope::Purchase => "rules `on purchase`",
                    Scope::Line => "rules `on purchase for each line`",
                    _ => "rules `on referral`",
                };
                self.only_in(p, span, scope, rules);
                return None;
            }
            return Some((Expr::Field(*field), *ty));
        }
        if let Some(i) = p
            .strip_prefix("tx.paid.")
            .and_then(|t| self.tenders.position(t))
        {
            if !scope.purchase {
                self.only_in(p, span, scope, "rules `on purchase`");
                return None;
            }
            return Some((Expr::Tender(i), Type::Money));
        }
        if let Some(&slot) = self.attribute_index.get(p) {
            let attr = self.attributes.get(slot)?;
            if attr.owner == AttrOwner::Tx && !scope.purchase {
                self.only_in(p, span, scope, "rules `on purchase`");
                return None;
            }
            if attr.owner == AttrOwner::Line {
                if !scope.per_line {
                    self.only_in(p, span, scope, "rules `on purchase for each line`");
                    return None;
                }
                return Some((Expr::LineAttr(slot), attr.ty));
            }
            return Some((Expr::Attr(slot), attr.ty));
        }
        self.unknown_field(p, span);
        None
    }

    /// Whether the field or attribute `p` is a number or money, which a
    /// `sum(...)` adds up.
    fn counted(&self, p: &str) -> bool {
        matches!(self.type_of_field(p), Some(Type::Number | Type::Money))
    }

    /// The type of a built-in field or a declared attribute.
    fn type_of_field(&self, p: &str) -> Option<Type> {
        FIELDS
            .iter()
            .find(|(n, ..)| *n == p)
            .map(|(_, _, ty, _)| *ty)
            .or_else(|| {
                let slot = self.attribute_index.get(p)?;
                self.attributes.get(*slot).map(|a| a.ty)
            })
    }

    /// `p` read where it is not known: it is only known in `rules`.
    fn only_in(&mut self, p: &str, span: Span, scope: ExprScope, rules: &str) {
        // A segment is the member's: what a purchase holds is the rule's.
        let help = (scope.place == "a segment")
            .then(|| {
                "a segment reads the member and the counters (`spend last 90 days >= 300 USD`); \
                 test the purchase in the condition of the rule that reads the segment"
                    .to_string()
            })
            .or_else(|| {
                // `count line.quantity to nights on purchase where ...`.
                p.strip_prefix("line.")
                    .filter(|_| scope.place == "a `count` rule")?;
                let start = self.src.get(..span.start)?.rfind("count ")?;
                let end = self
                    .src
                    .get(span.start..)?
                    .find('\n')
                    .map_or(self.src.len(), |e| span.start + e);
                let count = self.src.get(start..end)?.trim_end();
                let (head, tail) = count.split_once(" on purchase")?;
                let tail = tail.trim_start();
                let tail = tail
                    .strip_prefix("when ")
                    .map_or(tail.to_string(), |c| format!("where {c}"));
                let fixed = format!("{head} on purchase for each line {tail}");
                Some(format!(
                    "a count of each line is written `on purchase for each line`: `{}`",
                    fixed.trim_end()
                ))
            })
            .or_else(|| {
                // `line.amount` in a rule on the whole purchase.
                let field = p.strip_prefix("line.").filter(|_| scope.purchase)?;
                let each = "each line's is read in a rule `on purchase for each line`";
                Some(match field {
                    "amount" | "gross" | "discount" => {
                        format!("the purchase's is `tx.{field}`; {each}")
                    }
                    "quantity" => format!("the purchase's is `tx.items`; {each}"),
                    "category" | "sku" | "tags" => {
                        format!("{each}; of any line, `\"...\" in tx.categories` or `tx.skus`")
                    }
                    _ if self.counted(p) => {
                        format!("{each}; of the purchase's lines, `sum(line.{field})`")
                    }
                    // A line's own text, flag or date: whether any line has it.
                    _ => {
                        let flag = self.type_of_field(p) == Some(Type::Bool);
                        let test = match self.compared_text(span) {
                            Some(text) => format!("{p} == \"{text}\""),
                            None if flag => p.to_string(),
                            None => format!("a condition on {p}"),
                        };
                        format!("{each}; whether any line has it: `sum(line.quantity, {test}) > 0`")
                    }
                })
            });
        self.error_help(
            Code::NotHere,
            span,
            format!(
                "`{p}` cannot be used in {}: it is only known in {rules}",
                scope.place
            ),
            help,
        );
    }
}
