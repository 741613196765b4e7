//! The types of the language and the built-in fields of events, lines and
//! members.

use std::fmt;

/// The type of an expression, known before evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
    Bool,
    Number,
    Money,
    Text,
    Date,
    Time,
    Tier,
    Weekday,
    TextList,
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Type::Bool => "a true/false value",
            Type::Number => "a number",
            Type::Money => "money",
            Type::Text => "text",
            Type::Date => "a date",
            Type::Time => "a time of day",
            Type::Tier => "a tier",
            Type::Weekday => "a weekday",
            Type::TextList => "a list of text",
        })
    }
}

impl Type {
    /// The type's keyword in `attribute PATH TYPE`, for declarable types.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            Type::Bool => "bool",
            Type::Number => "number",
            Type::Money => "money",
            Type::Date => "date",
            Type::TextList => "list",
            _ => "text",
        }
    }
}

/// Where a field can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// In every rule.
    Any,
    /// In rules `on purchase`.
    Purchase,
    /// In rules `on purchase for each line`.
    Line,
    /// In rules `on referral`.
    Referral,
}

/// A built-in field, resolved at compile time so that evaluation never looks
/// a field up by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    TxId,
    TxChannel,
    TxStore,
    TxGross,
    TxDiscount,
    TxAmount,
    TxTax,
    TxShipping,
    TxTotal,
    TxPaidCard,
    TxPaidCash,
    TxPaidStoredValue,
    TxPaidGiftCard,
    TxPaidPoints,
    TxItems,
    TxCategories,
    TxSkus,
    LineSku,
    LineCategory,
    LineTags,
    LineQuantity,
    LineUnitPrice,
    LineGross,
    LineDiscount,
    LineAmount,
    MemberId,
    MemberTier,
    MemberJoinDate,
    MemberBirthday,
    MemberSegment,
    MemberPurchaseCount,
    MemberFirstPurchase,
    EventId,
    EventKind,
    EventDate,
    EventTime,
    EventReferrer,
    EventReferred,
}

impl Field {
    /// Whether it is an amount of a purchase, which the evaluation holds
    /// exact (see `Ctx::amount_field`).
    pub(crate) fn is_amount(self) -> bool {
        matches!(
            self,
            Field::TxAmount
                | Field::TxGross
                | Field::TxDiscount
                | Field::TxTotal
                | Field::TxItems
                | Field::LineAmount
                | Field::LineGross
        )
    }

    /// Its name in programs (`event.date` rather than `tx.date` for a field
    /// with both).
    pub(crate) fn name(self) -> &'static str {
        FIELDS
            .iter()
            .filter(|(_, f, _, _)| *f == self)
            .min_by_key(|(_, _, _, scope)| *scope == Scope::Purchase)
            .map_or("a field", |(n, ..)| n)
    }

    /// Whether it is a line's (`line.category`): read only by rules `for
    /// each line`, of one line at a time.
    pub(crate) fn per_line(self) -> bool {
        FIELDS
            .iter()
            .any(|(_, f, _, scope)| *f == self && *scope == Scope::Line)
    }

    /// Its name as `text` (a condition as written) calls it, for a field
    /// with two (`tx.date`, `event.date`); else [`Field::name`].
    pub(crate) fn name_in(self, text: &str) -> &'static str {
        FIELDS
            .iter()
            .filter(|(n, f, _, _)| *f == self && text.contains(n))
            .map(|(n, ..)| *n)
            .next()
            .unwrap_or_else(|| self.name())
    }
}

/// Every built-in field: its name in programs, what it is, its type and scope.
pub(crate) const FIELDS: &[(&str, Field, Type, Scope)] = &[
    ("tx.id", Field::TxId, Type::Text, Scope::Purchase),
    ("tx.date", Field::EventDate, Type::Date, Scope::Purchase),
    ("tx.time", Field::EventTime, Type::Time, Scope::Purchase),
    ("tx.channel", Field::TxChannel, Type::Text, Scope::Purchase),
    ("tx.store", Field::TxStore, Type::Text, Scope::Purchase),
    ("tx.gross", Field::TxGross, Type::Money, Scope::Purchase),
    (
        "tx.discount",
        Field::TxDiscount,
        Type::Money,
        Scope::Purchase,
    ),
    ("tx.amount", Field::TxAmount, Type::Money, Scope::Purchase),
    ("tx.tax", Field::TxTax, Type::Money, Scope::Purchase),
    (
        "tx.shipping",
        Field::TxShipping,
        Type::Money,
        Scope::Purchase,
    ),
    ("tx.total", Field::TxTotal, Type::Money, Scope::Purchase),
    (
        "tx.paid.card",
        Field::TxPaidCard,
        Type::Money,
        Scope::Purchase,
    ),
    (
        "tx.paid.cash",
        Field::TxPaidCash,
        Type::Money,
        Scope::Purchase,
    ),
    (
        "tx.paid.stored_value",
        Field::TxPaidStoredValue,
        Type::Money,
        Scope::Purchase,
    ),
    (
        "tx.paid.gift_card",
        Field::TxPaidGiftCard,
        Type::Money,
        Scope::Purchase,
    ),
    (
        "tx.paid.points",
        Field::TxPaidPoints,
        Type::Money,
        Scope::Purchase,
    ),
    ("tx.items", Field::TxItems, Type::Number, Scope::Purchase),
    (
        "tx.categories",
        Field::TxCategories,
        Type::TextList,
        Scope::Purchase,
    ),
    ("tx.skus", Field::TxSkus, Type::TextList, Scope::Purchase),
    ("line.sku", Field::LineSku, Type::Text, Scope::Line),
    (
        "line.category",
        Field::LineCategory,
        Type::Text,
        Scope::Line,
    ),
    ("line.tags", Field::LineTags, Type::TextList, Scope::Line),
    (
        "line.quantity",
        Field::LineQuantity,
        Type::Number,
        Scope::Line,
    ),
    (
        "line.unit_price",
        Field::LineUnitPrice,
        Type::Money,
        Scope::Line,
    ),
    ("line.gross", Field::LineGross, Type::Money, Scope::Line),
    (
        "line.discount",
        Field::LineDiscount,
        Type::Money,
        Scope::Line,
    ),
    ("line.amount", Field::LineAmount, Type::Money, Scope::Line),
    ("member.id", Field::MemberId, Type::Text, Scope::Any),
    ("member.tier", Field::MemberTier, Type::Tier, Scope::Any),
    (
        "member.join_date",
        Field::MemberJoinDate,
        Type::Date,
        Scope::Any,
    ),
    (
        "member.birthday",
        Field::MemberBirthday,
        Type::Date,
        Scope::Any,
    ),
    (
        "member.segment",
        Field::MemberSegment,
        Type::Text,
        Scope::Any,
    ),
    (
        "member.purchase_count",
        Field::MemberPurchaseCount,
        Type::Number,
        Scope::Any,
    ),
    (
        "member.first_purchase",
        Field::MemberFirstPurchase,
        Type::Bool,
        Scope::Any,
    ),
    ("event.id", Field::EventId, Type::Text, Scope::Any),
    ("event.kind", Field::EventKind, Type::Text, Scope::Any),
    ("event.date", Field::EventDate, Type::Date, Scope::Any),
    ("event.time", Field::EventTime, Type::Time, Scope::Any),
    (
        "event.referrer",
        Field::EventReferrer,
        Type::Text,
        Scope::Referral,
    ),
    (
        "event.referred",
        Field::EventReferred,
        Type::Text,
        Scope::Referral,
    ),
];

/// Weekday names, Monday first (index 0) as in ISO 8601.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
