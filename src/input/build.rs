//! Constructors and builder methods for the input types, so that hosts
//! build events in Rust by name (`with_quantity`, `with_unit_price`) rather
//! than by position, and the types can grow fields without breaking them.
//!
//! ```
//! use loyalty_rules::{Decimal, Event, Line, Transaction};
//!
//! let latte = Line::new("LATTE-16")
//!     .with_category("drinks")
//!     .with_quantity(Decimal::from(2))
//!     .with_unit_price(Decimal::new(475, 2));
//! let tx = Transaction::new("order-7", "2026-11-28T08:15:00-05:00".parse()?, "USD")
//!     .with_channel("app")
//!     .with_line(latte);
//! assert_eq!(tx.lines[0].unit_price.to_string(), "4.75");
//! let event: Event = tx.into(); // or Event::Purchase(tx)
//! # Ok::<(), chrono::ParseError>(())
//! ```
//!
//! Each kind's type turns into an [`Event`] with `into()`, except
//! [`Activity`], which is the body of several kinds (`Event::SignUp`,
//! `Event::CheckIn`, ...) and is named by its variant.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;

use super::{
    Activity, Cancellation, CustomEvent, Event, Line, Member, Redemption, Referral, Return,
    Tenders, Transaction, Value,
};

/// `impl From<$body> for Event`, the event of kind `$kind`.
macro_rules! into_event {
    ($($body:ident => $kind:ident),* $(,)?) => {$(
        impl From<$body> for Event {
            #[doc = concat!("The event `Event::", stringify!($kind), "`.")]
            fn from(body: $body) -> Event {
                Event::$kind(body)
            }
        }
    )*};
}

into_event! {
    Transaction => Purchase,
    Referral => Referral,
    CustomEvent => Custom,
    Redemption => Redemption,
    Return => Return,
    Cancellation => Cancellation,
}

impl Line {
    /// One unit of `sku` at a price of zero, with no discount, tags,
    /// category or attributes: set the rest with the `with_` methods.
    pub fn new(sku: &str) -> Self {
        Line {
            sku: sku.to_string(),
            category: String::new(),
            tags: Vec::new(),
            quantity: Decimal::ONE,
            unit_price: Decimal::ZERO,
            discount: Decimal::ZERO,
            attributes: Default::default(),
        }
    }

    /// The line's category.
    #[must_use]
    pub fn with_category(mut self, category: &str) -> Self {
        self.category = category.to_string();
        self
    }

    /// How many units (may be fractional, as for weighed goods).
    #[must_use]
    pub fn with_quantity(mut self, quantity: Decimal) -> Self {
        self.quantity = quantity;
        self
    }

    /// The price of one unit before discounts.
    #[must_use]
    pub fn with_unit_price(mut self, unit_price: Decimal) -> Self {
        self.unit_price = unit_price;
        self
    }

    /// A discount on the whole line.
    #[must_use]
    pub fn with_discount(mut self, discount: Decimal) -> Self {
        self.discount = discount;
        self
    }

    /// One more tag.
    #[must_use]
    pub fn with_tag(mut self, tag: &str) -> Self {
        self.tags.push(tag.to_string());
        self
    }

    /// An attribute the program declares as `attribute line.NAME TYPE`.
    #[must_use]
    pub fn with_attribute(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.attributes.insert(name.to_string(), value.into());
        self
    }
}

impl Transaction {
    /// A purchase with no lines, taxes, shipping, tenders or attributes.
    pub fn new(id: &str, timestamp: DateTime<FixedOffset>, currency: &str) -> Self {
        Transaction {
            id: id.to_string(),
            timestamp,
            channel: String::new(),
            store: String::new(),
            currency: currency.to_string(),
            lines: Vec::new(),
            tax: Decimal::ZERO,
            shipping: Decimal::ZERO,
            tenders: Tenders::default(),
            attributes: Default::default(),
        }
    }

    /// One more line.
    #[must_use]
    pub fn with_line(mut self, line: Line) -> Self {
        self.lines.push(line);
        self
    }

    /// The sales channel (`store`, `online`, `app`).
    #[must_use]
    pub fn with_channel(mut self, channel: &str) -> Self {
        self.channel = channel.to_string();
        self
    }

    /// The store's id.
    #[must_use]
    pub fn with_store(mut self, store: &str) -> Self {
        self.store = store.to_string();
        self
    }

    /// Tax charged on top of the lines.
    #[must_use]
    pub fn with_tax(mut self, tax: Decimal) -> Self {
        self.tax = tax;
        self
    }

    /// Shipping charged on top of the lines.
    #[must_use]
    pub fn with_shipping(mut self, shipping: Decimal) -> Self {
        self.shipping = shipping;
        self
    }

    /// How it was paid.
    #[must_use]
    pub fn with_tenders(mut self, tenders: Tenders) -> Self {
        self.tenders = tenders;
        self
    }

    /// An attribute the program declares as `tx.NAME`.
    #[must_use]
    pub fn with_attribute(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.attributes.insert(name.to_string(), value.into());
        self
    }
}

impl Activity {
    /// An engagement event (sign-up, review, check-in, share).
    pub fn new(id: &str, timestamp: DateTime<FixedOffset>) -> Self {
        Activity {
            id: id.to_string(),
            timestamp,
            attributes: Default::default(),
        }
    }

    /// An attribute the program declares as `event.NAME`.
    #[must_use]
    pub fn with_attribute(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.attributes.insert(name.to_string(), value.into());
        self
    }
}

impl Referral {
    /// A completed referral: `referrer` brought in `referred`.
    pub fn new(id: &str, timestamp: DateTime<FixedOffset>, referrer: &str, referred: &str) -> Self {
        Referral {
            id: id.to_string(),
            timestamp,
            referrer: referrer.to_string(),
            referred: referred.to_string(),
            attributes: Default::default(),
        }
    }

    /// An attribute the program declares as `event.NAME`.
    #[must_use]
    pub fn with_attribute(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.attributes.insert(name.to_string(), value.into());
        self
    }
}

impl CustomEvent {
    /// An event of the program's own kind `name` (`on event "NAME"`).
    pub fn new(id: &str, name: &str, timestamp: DateTime<FixedOffset>) -> Self {
        CustomEvent {
            id: id.to_string(),
            name: name.to_string(),
            timestamp,
            attributes: Default::default(),
        }
    }

    /// An attribute the program declares as `event.NAME`.
    #[must_use]
    pub fn with_attribute(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.attributes.insert(name.to_string(), value.into());
        self
    }
}

impl Redemption {
    /// Points spent by the burn rule `burn`.
    ///
    /// ```
    /// use loyalty_rules::{DateTime, Decimal, Event, Redemption};
    /// let at = DateTime::parse_from_rfc3339("2026-05-01T12:00:00Z").unwrap();
    /// let r = Redemption::burn("r-1", at, "Pay with points", Decimal::from(1500))
    ///     .with_order(Decimal::new(8000, 2));
    /// assert_eq!(Event::Redemption(r).kind_name(), "redemption");
    /// ```
    pub fn burn(id: &str, timestamp: DateTime<FixedOffset>, burn: &str, points: Decimal) -> Self {
        Redemption {
            burn: Some(burn.to_string()),
            points: Some(points),
            ..Redemption::empty(id, timestamp)
        }
    }

    /// A reward of the catalog, at its cost.
    pub fn reward(id: &str, timestamp: DateTime<FixedOffset>, reward: &str) -> Self {
        Redemption {
            reward: Some(reward.to_string()),
            ..Redemption::empty(id, timestamp)
        }
    }

    fn empty(id: &str, timestamp: DateTime<FixedOffset>) -> Self {
        Redemption {
            id: id.to_string(),
            timestamp,
            burn: None,
            reward: None,
            points: None,
            lines: Vec::new(),
            order: None,
            attributes: Default::default(),
        }
    }

    /// The order's amount, for a maximum as a share of the order.
    #[must_use]
    pub fn with_order(mut self, amount: Decimal) -> Self {
        self.order = Some(amount);
        self
    }

    /// A line of the order, for a maximum on eligible lines.
    #[must_use]
    pub fn with_line(mut self, line: Line) -> Self {
        self.lines.push(line);
        self
    }

    /// An attribute the program declares as `event.NAME` (a partner).
    #[must_use]
    pub fn with_attribute(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.attributes.insert(name.to_string(), value.into());
        self
    }
}

impl Return {
    /// Lines of the purchase `purchase` given back (add them with
    /// [`Return::with_line`]).
    pub fn lines(id: &str, timestamp: DateTime<FixedOffset>, purchase: &str) -> Self {
        Return {
            id: id.to_string(),
            timestamp,
            purchase: purchase.to_string(),
            lines: Vec::new(),
            amount: None,
            attributes: Default::default(),
        }
    }

    /// An amount of the purchase given back (a program that returns pro rata).
    pub fn amount(
        id: &str,
        timestamp: DateTime<FixedOffset>,
        purchase: &str,
        amount: Decimal,
    ) -> Self {
        Return {
            amount: Some(amount),
            ..Return::lines(id, timestamp, purchase)
        }
    }

    /// `quantity` of the purchase's line at position `line` (from 0).
    #[must_use]
    pub fn with_line(mut self, line: usize, quantity: Decimal) -> Self {
        self.lines.push(crate::returns::ReturnLine {
            line: Some(line),
            sku: None,
            quantity,
        });
        self
    }

    /// `quantity` of the purchase's line of `sku`, which the purchase has
    /// on one line (a SKU on several lines is refused,
    /// [`ReturnRefusal::SkuOnLines`](crate::ReturnRefusal::SkuOnLines):
    /// give the position with [`with_line_checked`](Return::with_line_checked)).
    ///
    /// ```
    /// use loyalty_rules::{DateTime, Decimal, Return};
    /// let at = DateTime::parse_from_rfc3339("2026-05-03T12:00:00Z").unwrap();
    /// let r = Return::lines("ret-1", at, "p1").with_sku("BAG-7", Decimal::ONE);
    /// assert_eq!((r.lines[0].line, r.lines[0].sku.as_deref()), (None, Some("BAG-7")));
    /// ```
    #[must_use]
    pub fn with_sku(mut self, sku: &str, quantity: Decimal) -> Self {
        self.lines.push(crate::returns::ReturnLine {
            line: None,
            sku: Some(sku.to_string()),
            quantity,
        });
        self
    }

    /// `quantity` of the purchase's line at position `line` (from 0),
    /// which must be of `sku`: a return whose line has another SKU is
    /// refused ([`ReturnRefusal::OtherSku`](crate::ReturnRefusal::OtherSku)).
    ///
    /// ```
    /// use loyalty_rules::{DateTime, Decimal, Return};
    /// let at = DateTime::parse_from_rfc3339("2026-05-03T12:00:00Z").unwrap();
    /// let r = Return::lines("ret-1", at, "p1").with_line_checked(1, "BAG-7", Decimal::ONE);
    /// assert_eq!(r.lines[0].sku.as_deref(), Some("BAG-7"));
    /// ```
    #[must_use]
    pub fn with_line_checked(mut self, line: usize, sku: &str, quantity: Decimal) -> Self {
        self.lines.push(crate::returns::ReturnLine {
            line: Some(line),
            sku: Some(sku.to_string()),
            quantity,
        });
        self
    }
}

impl Cancellation {
    /// The redemption `redemption` undone: its order was cancelled.
    ///
    /// ```
    /// use loyalty_rules::{Cancellation, DateTime, Event};
    /// let at = DateTime::parse_from_rfc3339("2026-05-03T12:00:00Z").unwrap();
    /// let c = Cancellation::new("c-1", at, "r-1");
    /// assert_eq!(Event::Cancellation(c).kind_name(), "cancellation");
    /// ```
    pub fn new(id: &str, timestamp: DateTime<FixedOffset>, redemption: &str) -> Self {
        Cancellation {
            id: id.to_string(),
            timestamp,
            redemption: redemption.to_string(),
            attributes: Default::default(),
        }
    }

    /// An attribute the program declares as `event.NAME`.
    #[must_use]
    pub fn with_attribute(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.attributes.insert(name.to_string(), value.into());
        self
    }
}

impl Member {
    /// The member's tier, one of the program's `tiers`.
    #[must_use]
    pub fn with_tier(mut self, tier: &str) -> Self {
        self.tier = Some(tier.to_string());
        self
    }

    /// When the member joined.
    #[must_use]
    pub fn with_join_date(mut self, date: NaiveDate) -> Self {
        self.join_date = Some(date);
        self
    }

    /// The member's birthday.
    #[must_use]
    pub fn with_birthday(mut self, date: NaiveDate) -> Self {
        self.birthday = Some(date);
        self
    }

    /// The member's segment.
    #[must_use]
    pub fn with_segment(mut self, segment: &str) -> Self {
        self.segment = Some(segment.to_string());
        self
    }

    /// Purchases before this event.
    #[must_use]
    pub fn with_purchase_count(mut self, count: u64) -> Self {
        self.purchase_count = count;
        self
    }

    /// An attribute the program declares as `member.NAME`.
    #[must_use]
    pub fn with_attribute(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.attributes.insert(name.to_string(), value.into());
        self
    }
}

impl Tenders {
    /// Paid by card.
    #[must_use]
    pub fn with_card(mut self, amount: Decimal) -> Self {
        self.card = amount;
        self
    }

    /// Paid in cash.
    #[must_use]
    pub fn with_cash(mut self, amount: Decimal) -> Self {
        self.cash = amount;
        self
    }

    /// Paid from stored value (a wallet).
    #[must_use]
    pub fn with_stored_value(mut self, amount: Decimal) -> Self {
        self.stored_value = amount;
        self
    }

    /// Paid with gift cards.
    #[must_use]
    pub fn with_gift_card(mut self, amount: Decimal) -> Self {
        self.gift_card = amount;
        self
    }

    /// The part paid with points, in money.
    #[must_use]
    pub fn with_points(mut self, amount: Decimal) -> Self {
        self.points = amount;
        self
    }

    /// A payment kind the program declares (`tender NAME`).
    #[must_use]
    pub fn with_other(mut self, kind: &str, amount: Decimal) -> Self {
        self.other.insert(kind.to_string(), amount);
        self
    }
}
