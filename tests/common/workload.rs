//! The reference workload of shared/bench/WORKLOAD.md, hand-written in plain
//! Rust with rust_decimal: the test oracle for the DSL version, and the
//! benchmark baseline.

#![allow(dead_code)]

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Weekday};
use rust_decimal::Decimal;

use loyalty_rules::{Event, Line, Member, Transaction};

pub const TIERS: [&str; 4] = ["base", "silver", "gold", "platinum"];
pub const CATEGORIES: [&str; 8] = [
    "grocery",
    "electronics",
    "fuel",
    "dining",
    "apparel",
    "beauty",
    "travel",
    "other",
];
pub const CHANNELS: [&str; 3] = ["store", "online", "app"];

/// One workload transaction, in the shape the hand-written version reads.
#[derive(Debug, Clone)]
pub struct Tx {
    pub tier: usize,
    pub amount: Decimal,
    pub category: usize,
    pub channel: usize,
    pub timestamp: DateTime<FixedOffset>,
    pub birthday_month: u32,
    pub first_purchase: bool,
}

/// The 12 rules, by hand.
pub fn hand_written(tx: &Tx) -> i64 {
    let usd = tx.amount.floor();
    let category = CATEGORIES[tx.category];
    let channel = CHANNELS[tx.channel];
    let date = tx.timestamp.date_naive();
    // 1 and 8: no base points on fuel.
    let base = if category == "fuel" {
        Decimal::ZERO
    } else {
        usd
    };
    // 3: tier multiplier on the base points, then floor.
    let factor = match tx.tier {
        1 => Decimal::new(11, 1),
        2 => Decimal::new(125, 2),
        3 => Decimal::new(15, 1),
        _ => Decimal::ONE,
    };
    let tiered = (base * factor).floor();
    // 2: category bonus.
    let rate = match category {
        "dining" => 2,
        "travel" => 1,
        "beauty" => 3,
        _ => 0,
    };
    let mut points = tiered + usd * Decimal::from(rate);
    // 4: double points in the window.
    let start = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    if date >= start && date <= end {
        points *= Decimal::TWO;
    }
    // 5: weekend app bonus.
    if channel == "app" && matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        points += Decimal::from(50);
    }
    // 6: birthday month.
    if date.month() == tx.birthday_month && tx.amount >= Decimal::from(50) {
        points += Decimal::from(200);
    }
    // 7: first purchase.
    if tx.first_purchase {
        points += Decimal::from(500);
    }
    // 8: fuel flat bonus.
    if category == "fuel" {
        points += Decimal::from(5);
    }
    // 9: big basket.
    if tx.amount >= Decimal::from(1000) {
        points += Decimal::from(1000);
    }
    // 12: platinum electronics.
    if tx.tier == 3 && category == "electronics" {
        points += (usd * Decimal::new(5, 1)).floor();
    }
    // 11: online grocery, 10% of the subtotal.
    if category == "grocery" && channel == "online" {
        points += (points / Decimal::TEN).floor();
    }
    // 10: cap.
    let total = points.min(Decimal::from(10_000));
    i64::try_from(total).unwrap()
}

/// The 12 rules by hand again, reading the crate's input types (the
/// member and event the crate evaluates) instead of the pre-digested row:
/// what a service that hand-codes its rules against its own transaction
/// struct would run.
pub fn hand_written_on_input(member: &Member, event: &Event) -> i64 {
    let Event::Purchase(tx) = event else {
        return 0;
    };
    let amount: Decimal = tx
        .lines
        .iter()
        .map(|l| l.quantity * l.unit_price - l.discount)
        .sum();
    let usd = amount.floor();
    let has = |category: &str| tx.lines.iter().any(|l| l.category == category);
    let date = tx.timestamp.date_naive();
    let tier = member.tier.as_deref().unwrap_or("base");
    let fuel = has("fuel");
    let base = if fuel { Decimal::ZERO } else { usd };
    let factor = match tier {
        "silver" => Decimal::new(11, 1),
        "gold" => Decimal::new(125, 2),
        "platinum" => Decimal::new(15, 1),
        _ => Decimal::ONE,
    };
    let tiered = (base * factor).floor();
    let rate = if has("dining") {
        2
    } else if has("travel") {
        1
    } else if has("beauty") {
        3
    } else {
        0
    };
    let mut points = tiered + usd * Decimal::from(rate);
    let start = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    if date >= start && date <= end {
        points *= Decimal::TWO;
    }
    if tx.channel == "app" && matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        points += Decimal::from(50);
    }
    if member.birthday.is_some_and(|b| b.month() == date.month()) && amount >= Decimal::from(50) {
        points += Decimal::from(200);
    }
    if member.purchase_count == 0 {
        points += Decimal::from(500);
    }
    if fuel {
        points += Decimal::from(5);
    }
    if amount >= Decimal::from(1000) {
        points += Decimal::from(1000);
    }
    if tier == "platinum" && has("electronics") {
        points += (usd * Decimal::new(5, 1)).floor();
    }
    if has("grocery") && tx.channel == "online" {
        points += (points / Decimal::TEN).floor();
    }
    let total = points.min(Decimal::from(10_000));
    i64::try_from(total).unwrap()
}

/// The same transaction as the crate's input types.
pub fn to_input(tx: &Tx, id: usize) -> (Member, Event) {
    let mut member = Member::new("member");
    member.tier = Some(TIERS[tx.tier].to_string());
    member.birthday = NaiveDate::from_ymd_opt(1990, tx.birthday_month, 1);
    member.purchase_count = if tx.first_purchase { 0 } else { 7 };
    let line = Line::new("SKU-1")
        .with_category(CATEGORIES[tx.category])
        .with_unit_price(tx.amount);
    let event = Event::Purchase(
        Transaction::new(&format!("T-{id}"), tx.timestamp, "USD")
            .with_channel(CHANNELS[tx.channel])
            .with_line(line),
    );
    (member, event)
}

/// A deterministic stream of workload transactions (a linear congruential
/// generator, so benches and tests see the same data on every machine).
pub fn generate(n: usize, seed: u64) -> Vec<Tx> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move |bound: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % bound
    };
    let utc = FixedOffset::east_opt(0).unwrap();
    (0..n)
        .map(|_| {
            let cents = 100 + next(199_901) as i64; // 1.00 to 2000.00
            let day = next(365) as i64;
            let secs = next(86_400) as i64;
            let start = utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
            Tx {
                tier: next(4) as usize,
                amount: Decimal::new(cents, 2),
                category: next(8) as usize,
                channel: next(3) as usize,
                timestamp: start + chrono::Duration::days(day) + chrono::Duration::seconds(secs),
                birthday_month: 1 + next(12) as u32,
                first_purchase: next(10) == 0,
            }
        })
        .collect()
}

pub fn program_source() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/programs/workload.loyalty"
    ))
    .unwrap()
}

/// The workload plus `extra` rules that no generated transaction can match:
/// SKU promotions for other SKUs, campaigns in other windows, rules for
/// another channel.
pub fn scaled_source(extra: usize) -> String {
    let mut src = program_source();
    for i in 0..extra {
        match i % 3 {
            0 => src.push_str(&format!(
                "earn \"Promo {i}\" on purchase for each line where line.sku == \"PROMO-{i}\" {{ award 100 points }}\n"
            )),
            1 => src.push_str(&format!(
                "campaign \"Past {i}\" from 2025-01-01 to 2025-01-31 {{ earn \"Past bonus {i}\" on purchase {{ award 10 points }} }}\n"
            )),
            _ => src.push_str(&format!(
                "earn \"Kiosk {i}\" on purchase when tx.channel == \"kiosk\" {{ award 10 points }}\n"
            )),
        }
    }
    src
}
