#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Burn rules and rewards: what points buy, which lots pay, and every
//! refusal with its numbers.

mod common;

use common::fixtures::compile;
use loyalty_rules::{Code, EvalError, Event, Member, MemberState, Program, Refusal};

const GROCER: &str = r#"
program "Grocer" { currency USD  balance cashback precision 2 }
tiers { member silver gold }
ledger points {
  expire 12 months after earning at end of month
  pending 14 days
  SPEND
}
earn "Base" on purchase { award 10 points per USD of tx.amount }
earn "Cashback" on purchase { award 2% of tx.amount to cashback }
burn "Pay with points" from points {
  rate 100 points = 1 USD
  minimum 500 points
  step 100 points
  maximum 50% of order
}
burn "Big spender" from points { rate 100 points = 1 USD  maximum 3000 points }
burn "Vouchers" from points { table 2000 points = 5 USD, 4000 points = 12 USD, 8000 points = 30 USD }
burn "Cashback" from cashback { rate 1 point = 1 USD }
reward "Free delivery" costs 1500 points when member.tier >= gold
"#;

fn program(spend: &str) -> Program {
    compile(&GROCER.replace("SPEND", spend))
}

fn buy(id: &str, day: &str, amount: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00Z", "currency": "USD",
            "lines": [{{"sku": "x", "quantity": 1, "unit_price": "{amount}"}}]}}"#
    ))
    .unwrap()
}

fn redeem(fields: &str) -> Event {
    redeem_as("r", fields)
}

/// A redemption under an id of its own, to apply: an event is applied once.
fn redeem_as(id: &str, fields: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "redemption", "id": "{id}", "timestamp": "2026-05-01T12:00:00Z", {fields}}}"#
    ))
    .unwrap()
}

/// Three lots: 1200 points (expiring end of January 2027), 400 (end of
/// March 2027, earned first in March), 800 (end of February 2027, earned later).
fn three_lots(p: &Program, m: &Member) -> MemberState {
    let mut s = p.new_state(m);
    for e in [
        buy("p1", "2026-01-15", "120.00"),
        buy("p2", "2026-03-01", "40.00"),
        buy("p3", "2026-02-10", "80.00"),
    ] {
        let o = p.evaluate_with(m, &s, &e).unwrap();
        s.apply(&o).unwrap();
    }
    s
}

/// Why a redemption of `fields` is refused, in words.
fn refusal(p: &Program, m: &Member, s: &MemberState, fields: &str) -> String {
    match p.evaluate_with(m, s, &redeem(fields)) {
        Err(EvalError::Refused { refusal, .. }) => refusal.to_string(),
        other => panic!("{fields}: {other:?}"),
    }
}

fn spent(o: &loyalty_rules::Outcome) -> Vec<(String, String)> {
    o.redemption
        .as_ref()
        .unwrap()
        .lots
        .iter()
        .map(|l| (l.event.clone(), l.points.to_string()))
        .collect()
}

#[test]
fn lots_pay_soonest_expiring_first_or_oldest_first() {
    let m = Member::new("m");
    let p = program("");
    let mut s = three_lots(&p, &m);
    let o = p
        .evaluate_with(
            &m,
            &s,
            &redeem(r#""burn": "Pay with points", "points": "1500", "order": "20.00""#),
        )
        .unwrap_err();
    assert!(
        matches!(
            o,
            EvalError::Refused {
                refusal: Refusal::AboveMaximum { .. },
                ..
            }
        ),
        "{o}"
    );
    let o = p
        .evaluate_with(
            &m,
            &s,
            &redeem(r#""burn": "Pay with points", "points": "1500", "order": "300.00""#),
        )
        .unwrap();
    // p1 expires first (end of January), then p3 (February), then p2.
    assert_eq!(
        spent(&o),
        [("p1".into(), "1200".into()), ("p3".into(), "300".into())]
    );
    let r = o.redemption.as_ref().unwrap();
    assert_eq!(
        (r.value.unwrap().to_string(), r.currency.as_deref()),
        ("15.00".into(), Some("USD"))
    );
    let text = o.explain();
    assert!(
        text.contains("  redeemed 1500 points by burn rule \"Pay with points\" for 15.00 USD\n    1200 from the lot of event p1 (earned 2026-01-15)\n    300 from the lot of event p3 (earned 2026-02-10)\n"),
        "{text}"
    );
    s.apply(&o).unwrap();
    assert_eq!(s.balance("points").unwrap().to_string(), "900");
    let w = s.wallet("points").unwrap();
    assert_eq!(w.redeemed.to_string(), "1500");
    let left: Vec<(String, String)> = w
        .lots
        .iter()
        .map(|l| (l.event.clone(), l.points.to_string()))
        .collect();
    assert_eq!(
        left,
        [("p2".into(), "400".into()), ("p3".into(), "500".into())]
    );

    let p = program("spend oldest first");
    let s = three_lots(&p, &m);
    let o = p
        .evaluate_with(
            &m,
            &s,
            &redeem(r#""burn": "Pay with points", "points": "1500", "order": "300.00""#),
        )
        .unwrap();
    assert_eq!(
        spent(&o),
        [("p1".into(), "1200".into()), ("p3".into(), "300".into())]
    );
    let o = p
        .evaluate_with(
            &m,
            &s,
            &redeem(r#""burn": "Big spender", "points": "2000""#),
        )
        .unwrap();
    // Oldest first: p1 (15 January), p3 (10 February), then p2 (1 March).
    assert_eq!(
        spent(&o),
        [("p1".into(), "1200".into()), ("p3".into(), "800".into())]
    );
}

#[test]
fn tables_rewards_and_balances_without_a_ledger() {
    let p = program("");
    let gold = Member::new("m").with_tier("gold");
    let mut s = three_lots(&p, &gold);
    let o = p
        .evaluate_with(&gold, &s, &redeem_as("r1", r#""reward": "Free delivery""#))
        .unwrap();
    let r = o.redemption.as_ref().unwrap();
    assert!(r.reward && r.value.is_none());
    assert_eq!(r.points.to_string(), "1500");
    s.apply(&o).unwrap();
    assert_eq!(s.balance("points").unwrap().to_string(), "900");
    // 900 left: the smallest voucher is refused; with more, it is bought.
    assert_eq!(
        p.evaluate_with(
            &gold,
            &s,
            &redeem(r#""burn": "Vouchers", "points": "2000""#)
        )
        .unwrap_err()
        .to_string(),
        "redemption r refused: not enough points: 2000 asked, 900 available"
    );
    let o = p
        .evaluate_with(&gold, &s, &buy("p4", "2026-04-01", "200.00"))
        .unwrap();
    s.apply(&o).unwrap();
    let o = p
        .evaluate_with(
            &gold,
            &s,
            &redeem_as("r2", r#""burn": "Vouchers", "points": "2000""#),
        )
        .unwrap();
    assert_eq!(
        o.redemption.as_ref().unwrap().value.unwrap().to_string(),
        "5.00"
    );
    s.apply(&o).unwrap();
    assert_eq!(s.balance("points").unwrap().to_string(), "900");
    // Cashback has no ledger: its total pays (2% of 440 USD = 8.80).
    assert_eq!(s.balance("cashback").unwrap().to_string(), "8.80");
    let o = p
        .evaluate_with(
            &gold,
            &s,
            &redeem_as("r3", r#""burn": "Cashback", "points": "8""#),
        )
        .unwrap();
    assert!(o.redemption.as_ref().unwrap().lots.is_empty());
    s.apply(&o).unwrap();
    assert_eq!(s.balance("cashback").unwrap().to_string(), "0.80");
    // A refusal names the balance that is short.
    match p.evaluate_with(&gold, &s, &redeem(r#""burn": "Cashback", "points": "2""#)) {
        Err(EvalError::Refused { refusal, .. }) => {
            assert_eq!(
                refusal.to_string(),
                "not enough cashback: 2.00 asked, 0.80 available"
            );
            assert_eq!(
                serde_json::to_value(&refusal).unwrap(),
                serde_json::json!({"refusal": "not_enough", "balance": "cashback", "asked": "2.00", "available": "0.80"})
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_refusal_says_why_with_its_numbers() {
    let p = program("");
    let silver = Member::new("m").with_tier("silver");
    let s = three_lots(&p, &silver);
    let refused = |fields: &str| refusal(&p, &silver, &s, fields);
    // 2400 points, of which all vested by 1 May.
    assert_eq!(
        refused(r#""burn": "Big spender", "points": "2500""#),
        "not enough points: 2500 asked, 2400 available"
    );
    assert_eq!(
        refused(r#""burn": "Pay with points", "points": "400", "order": "90.00""#),
        "400 points is below the minimum of 500"
    );
    assert_eq!(
        refused(r#""burn": "Pay with points", "points": "550", "order": "90.00""#),
        "550 points is not a multiple of 100: the nearest are 500 and 600"
    );
    assert_eq!(
        refused(r#""burn": "Pay with points", "points": "600", "order": "10.00""#),
        "600 points is above the maximum of 500 points (maximum 50% of order: 50% of 10.00 USD is 5.00 USD)"
    );
    assert_eq!(
        refused(r#""burn": "Big spender", "points": "3100""#),
        "3100 points is above the maximum of 3000 points (maximum 3000 points)"
    );
    assert_eq!(
        refused(r#""burn": "Pay with points", "points": "600""#),
        "the burn rule \"Pay with points\" limits by the order: give its amount (`order`) or its lines (`lines`)"
    );
    assert_eq!(
        refused(r#""burn": "Vouchers", "points": "3000""#),
        "3000 points is not in the table; it takes 2000, 4000, 8000"
    );
    assert_eq!(
        refused(r#""reward": "Free delivery""#),
        "\"Free delivery\" is not allowed: `member.tier >= gold` does not hold (tier silver)"
    );
    let gold = Member::new("m").with_tier("gold");
    assert_eq!(
        p.evaluate_with(
            &gold,
            &s,
            &redeem(r#""reward": "Free delivery", "points": "1000""#)
        )
        .unwrap_err()
        .to_string(),
        "redemption r refused: the reward \"Free delivery\" costs 1500 points, not 1000"
    );
    assert_eq!(
        refused(r#""burn": "Big spender""#),
        "the burn rule \"Big spender\" needs the points to spend (`points`)"
    );
    assert_eq!(
        refused(r#""burn": "Big spender", "points": "0""#),
        "0 points cannot be spent: points to spend are a whole number above zero"
    );
    assert_eq!(
        refused(r#""burn": "Big spender", "points": "10.5""#),
        "10.5 points cannot be spent: points to spend are a whole number above zero"
    );
    assert_eq!(
        refused(r#""burn": "Big spendr", "points": "100""#),
        "the program has no burn rule \"Big spendr\"; did you mean \"Big spender\"?"
    );
    // A burn rule named as a reward, and a reward as a burn rule.
    assert_eq!(
        refused(r#""reward": "Big spender", "points": "100""#),
        "\"Big spender\" is a burn rule, not a reward: name it by `burn`"
    );
    assert_eq!(
        refused(r#""burn": "Free delivery""#),
        "\"Free delivery\" is a reward, not a burn rule: name it by `reward`"
    );
    assert_eq!(
        refused(r#""burn": "Big spender", "reward": "Free delivery""#),
        "a redemption names one burn rule (`burn`) or one reward (`reward`)"
    );
    // Pending points: on 5 March the lot of 1 March (400) is still pending.
    let early = Event::from_json(
        r#"{"kind": "redemption", "id": "r", "timestamp": "2026-03-05T12:00:00Z", "burn": "Big spender", "points": "2300"}"#,
    )
    .unwrap();
    match p.evaluate_with(&silver, &s, &early) {
        Err(EvalError::Refused { refusal, .. }) => assert_eq!(
            refusal,
            Refusal::Pending {
                balance: "points".into(),
                asked: "2300".parse().unwrap(),
                available: "2000".parse().unwrap(),
                pending: "400".parse().unwrap(),
            }
        ),
        other => panic!("{other:?}"),
    }
    // Not enough even with them: the refusal still says they are there
    // (a member who sees 2400 points is told why only 2000 count).
    let more = Event::from_json(
        r#"{"kind": "redemption", "id": "r", "timestamp": "2026-03-05T12:00:00Z", "burn": "Big spender", "points": "2500"}"#,
    )
    .unwrap();
    assert_eq!(
        p.evaluate_with(&silver, &s, &more).unwrap_err().to_string(),
        "redemption r refused: not enough points: 2500 asked, 2000 available (400 more are pending)"
    );
}

#[test]
fn bad_burn_rules_are_checker_errors() {
    let bad = |burn: &str| {
        let e =
            Program::compile(&format!("program \"G\" {{ currency USD }}\n{burn}\n")).unwrap_err();
        (e.errors[0].code, e.errors[0].message.clone())
    };
    assert_eq!(
        bad("burn \"T\" from points { table 200 points = 5 USD, 400 points = 4 USD }"),
        (
            Code::InvalidValue,
            "a redemption table rises: 400 points = 4 after 200 points = 5".into()
        )
    );
    assert_eq!(
        bad("burn \"T\" from points { minimum 5 points }"),
        (
            Code::Missing,
            "the burn rule \"T\" does not say what points buy".into()
        )
    );
    assert_eq!(
        bad("burn \"T\" from points { rate 100 points = 1 EUR }"),
        (
            Code::CurrencyMismatch,
            "the amount is in EUR, but the program's currency is USD".into()
        )
    );
    assert_eq!(
        bad("burn \"T\" from points { rate 100 points = 1 USD  step 0 points }"),
        (
            Code::InvalidValue,
            "points here are a whole number above zero, not 0".into()
        )
    );
    assert_eq!(
        bad("burn \"T\" from miles { rate 100 points = 1 USD }").0,
        Code::UnknownBalance
    );
    assert_eq!(
        bad("reward \"R\" costs 10 points when tx.amount > 5 USD"),
        (
            Code::NotHere,
            "`tx.amount` cannot be used in a burn rule or reward: it is only known in rules `on purchase`".into()
        )
    );
    assert_eq!(
        bad("earn \"E\" on redemption { award 1 point }").1,
        "no rule runs on `redemption`: a redemption spends points by a burn rule or a reward"
    );
}

#[test]
fn a_campaign_discounts_rewards_and_rates_while_it_runs() {
    let src = GROCER.replace("SPEND", "")
        + "campaign \"Half-price Saturdays\" every saturday { discount \"Free delivery\", \"Big spender\" by 50% }\n\
           campaign \"Spring\" from 2026-05-01 to 2026-05-31 { discount \"Big spender\" by 20% }\n";
    let p = compile(&src);
    let gold = Member::new("m").with_tier("gold");
    let s = three_lots(&p, &gold);
    let on = |day: &str, fields: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "redemption", "id": "r", "timestamp": "{day}T12:00:00Z", {fields}}}"#
        ))
        .unwrap()
    };
    // Saturday 2 May 2026: the reward costs 750; a Friday, 1500.
    let o = p
        .evaluate_with(&gold, &s, &on("2026-05-02", r#""reward": "Free delivery""#))
        .unwrap();
    let r = o.redemption.as_ref().unwrap();
    assert_eq!(r.points.to_string(), "750");
    assert!(
        o.explain().contains("  redeemed 750 points by reward \"Free delivery\" (campaign \"Half-price Saturdays\": 50% fewer points)\n"),
        "{}",
        o.explain()
    );
    let o = p
        .evaluate_with(&gold, &s, &on("2026-05-01", r#""reward": "Free delivery""#))
        .unwrap();
    assert_eq!(o.redemption.unwrap().points.to_string(), "1500");
    // The largest of two running discounts applies: 50 points = 1 USD on a
    // Saturday in May, 80 on a weekday in May, 100 in June.
    let value = |day: &str| {
        p.evaluate_with(
            &gold,
            &s,
            &on(day, r#""burn": "Big spender", "points": "800""#),
        )
        .unwrap()
        .redemption
        .unwrap()
        .value
        .unwrap()
        .to_string()
    };
    assert_eq!(value("2026-05-02"), "16.00");
    assert_eq!(value("2026-05-04"), "10.00");
    assert_eq!(value("2026-06-01"), "8.00");
    // A discount on a name no burn rule or reward has is an error.
    let e = Program::compile(
        &(GROCER.replace("SPEND", "") + "campaign \"X\" { discount \"Free delivry\" by 10% }\n"),
    )
    .unwrap_err();
    assert_eq!(e.errors[0].code, Code::UnknownRule);
    assert_eq!(
        e.errors[0].help.as_deref(),
        Some("did you mean \"Free delivery\"?")
    );
}

#[test]
fn a_maximum_on_eligible_lines_only() {
    let src = GROCER.replace("SPEND", "")
        + "burn \"Groceries only\" from points { rate 100 points = 1 USD  maximum 100% of lines when line.category != \"alcohol\" }\n";
    let p = compile(&src);
    let m = Member::new("m");
    let s = three_lots(&p, &m);
    // Bread for 10.00 is eligible, wine for 20.00 is not: at most 1000 points.
    let ask = |points: &str| {
        Event::from_json(&format!(
            r#"{{"kind": "redemption", "id": "r", "timestamp": "2026-05-01T12:00:00Z", "burn": "Groceries only",
                "points": "{points}", "lines": [
                  {{"sku": "bread", "category": "bakery", "quantity": 2, "unit_price": "5.00"}},
                  {{"sku": "wine", "category": "alcohol", "quantity": 1, "unit_price": "20.00"}}]}}"#
        ))
        .unwrap()
    };
    let o = p.evaluate_with(&m, &s, &ask("1000")).unwrap();
    assert_eq!(o.redemption.unwrap().value.unwrap().to_string(), "10.00");
    let e = p.evaluate_with(&m, &s, &ask("1500")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "redemption r refused: 1500 points is above the maximum of 1000 points (maximum 100% of lines when line.category != \"alcohol\": 100% of 10.00 USD is 10.00 USD)"
    );
}

#[test]
fn coalition_partners_redeem_at_their_own_rates() {
    let src = GROCER.replace("SPEND", "").replace(
        "program \"Grocer\" { currency USD  balance cashback precision 2 }",
        "program \"Grocer\" { currency USD  balance cashback precision 2 }\nattribute event.partner text",
    ) + "burn \"Partner\" from points when event.partner == \"fuel-co\" { rate 120 points = 1 USD }\n\
         burn \"Airline\" from points when event.partner == \"sky\" { rate 80 points = 1 USD }\n";
    let p = compile(&src);
    let m = Member::new("m");
    let s = three_lots(&p, &m);
    let at = |rule: &str, partner: &str| {
        p.evaluate_with(
            &m,
            &s,
            &redeem(&format!(
                r#""burn": "{rule}", "points": "1200", "attributes": {{"partner": "{partner}"}}"#
            )),
        )
    };
    assert_eq!(
        at("Partner", "fuel-co")
            .unwrap()
            .redemption
            .unwrap()
            .value
            .unwrap()
            .to_string(),
        "10.00"
    );
    assert_eq!(
        at("Airline", "sky")
            .unwrap()
            .redemption
            .unwrap()
            .value
            .unwrap()
            .to_string(),
        "15.00"
    );
    // The refusal says what the condition read.
    assert_eq!(
        at("Airline", "fuel-co").unwrap_err().to_string(),
        "redemption r refused: \"Airline\" is not allowed: `event.partner == \"sky\"` does not hold (event.partner is \"fuel-co\")"
    );
    let e = p
        .evaluate_with(&m, &s, &redeem(r#""burn": "Airline", "points": "1200""#))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "redemption r refused: \"Airline\" is not allowed: `event.partner == \"sky\"` does not hold (event.partner is missing)"
    );
}

#[test]
fn a_refusal_by_condition_says_the_counters_it_read() {
    let p = compile(
        r#"program "Club" { currency USD }
counter visits
count 1 to visits on purchase
earn "Base" on purchase { award 10 points per USD of tx.amount }
reward "Regulars' coffee" costs 100 points when visits this month >= 3 and member.tier >= silver
tiers { member silver }
"#,
    );
    // Two visits on 1 May, the redemption's day.
    let mut s = p.new_state(&Member::new("m"));
    step(&p, &mut s, &buy("p1", "2026-05-01", "20.00"));
    step(&p, &mut s, &buy("p2", "2026-05-01", "20.00"));
    let silver = Member::new("m").with_tier("silver");
    assert_eq!(
        refusal(&p, &silver, &s, r#""reward": "Regulars' coffee""#),
        "\"Regulars' coffee\" is not allowed: `visits this month >= 3 and member.tier >= silver` does not hold (visits this month is 2, tier silver)"
    );
}

#[test]
fn redemptions_and_returns_can_be_built_in_rust() {
    use loyalty_rules::{DateTime, Decimal, Redemption, Return};
    let p = program("");
    let m = Member::new("m");
    let s = three_lots(&p, &m);
    let at = DateTime::parse_from_rfc3339("2026-05-01T12:00:00Z").unwrap();
    let r = Redemption::burn("r", at, "Pay with points", Decimal::from(600))
        .with_order(Decimal::new(8000, 2));
    let o = p.evaluate_with(&m, &s, &Event::Redemption(r)).unwrap();
    assert_eq!(o.redemption.unwrap().value.unwrap().to_string(), "6.00");
    let ret = Return::lines("x", at, "p9").with_line(0, Decimal::ONE);
    assert_eq!(
        p.evaluate_with(&m, &s, &Event::Return(ret))
            .unwrap_err()
            .to_string(),
        "return x refused: the program does not take returns"
    );
}

#[test]
fn a_cancellation_can_be_built_in_rust() {
    use loyalty_rules::{Cancellation, DateTime, Decimal, Redemption};
    let p = compile(&format!(
        "{}\nreturns {{ within 30 days }}\n",
        GROCER.replace("SPEND", "")
    ));
    let m = Member::new("m");
    let mut s = three_lots(&p, &m);
    let before = s.balance("points").unwrap();
    let at = DateTime::parse_from_rfc3339("2026-05-01T12:00:00Z").unwrap();
    let r = Redemption::burn("r-1", at, "Pay with points", Decimal::from(600))
        .with_order(Decimal::new(8000, 2));
    let o = p.evaluate_with(&m, &s, &Event::Redemption(r)).unwrap();
    s.apply(&o).unwrap();
    assert_ne!(s.balance("points").unwrap(), before);
    let later = DateTime::parse_from_rfc3339("2026-05-03T12:00:00Z").unwrap();
    let c = Cancellation::new("c-1", later, "r-1");
    let o = p.evaluate_with(&m, &s, &Event::Cancellation(c)).unwrap();
    assert_eq!(o.cancelled.as_ref().unwrap().points.to_string(), "600");
    s.apply(&o).unwrap();
    assert_eq!(s.balance("points").unwrap(), before);
}

/// A refusal written before it named its balance still reads.
#[test]
fn an_older_refusal_reads_back() {
    let old: loyalty_rules::Refusal =
        serde_json::from_str(r#"{"refusal": "not_enough", "asked": "2", "available": "1"}"#)
            .unwrap();
    assert_eq!(old.to_string(), "not enough points: 2 asked, 1 available");
}

#[test]
fn a_balance_with_decimals_is_spent_to_its_decimals() {
    // A cash-back balance kept in cents is spent in cents: what would
    // otherwise be stranded (the 0.80 left above) can be spent.
    let p = compile(
        r#"
program "Drugstore" { currency USD  balance cash redeemable precision 2 }
ledger cash { expire 12 months after earning }
earn "Back" on purchase { award 2% of tx.amount to cash }
burn "Use cash" from cash { rate 1 point = 1 USD  minimum 0.50 points  step 0.25 points  maximum 5.75 points }
reward "Sample" costs 0.40 points from cash
"#,
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    step(&p, &mut s, &buy("p1", "2026-03-01", "440.40"));
    assert_eq!(s.balance("cash").unwrap().to_string(), "8.80");
    let o = p
        .evaluate_with(
            &m,
            &s,
            &redeem_as("r1", r#""burn": "Use cash", "points": "2.75""#),
        )
        .unwrap();
    let r = o.redemption.as_ref().unwrap();
    assert_eq!(r.points.to_string(), "2.75");
    assert_eq!(r.value.unwrap().to_string(), "2.75");
    assert_eq!(spent(&o), vec![("p1".to_string(), "2.75".to_string())]);
    s.apply(&o).unwrap();
    assert_eq!(s.balance("cash").unwrap().to_string(), "6.05");
    let o = p
        .evaluate_with(&m, &s, &redeem_as("r2", r#""reward": "Sample""#))
        .unwrap();
    s.apply(&o).unwrap();
    assert_eq!(s.balance("cash").unwrap().to_string(), "5.65");
    let refused = |fields: &str| refusal(&p, &m, &s, fields);
    // Every refusal names the balance and its unit.
    assert_eq!(
        refused(r#""burn": "Use cash", "points": "1.255""#),
        "1.255 cash cannot be spent: an amount of cash to spend is above zero, with at most 2 decimals"
    );
    assert_eq!(
        refused(r#""burn": "Use cash", "points": "0.25""#),
        "0.25 cash is below the minimum of 0.50"
    );
    assert_eq!(
        refused(r#""burn": "Use cash", "points": "1.10""#),
        "1.10 cash is not a multiple of 0.25: the nearest are 1.00 and 1.25"
    );
    assert_eq!(
        refused(r#""burn": "Use cash", "points": "6""#),
        "6.00 cash is above the maximum of 5.75 cash (maximum 5.75 points)"
    );
    assert_eq!(
        refused(r#""reward": "Sample", "points": "1""#),
        "the reward \"Sample\" costs 0.40 cash, not 1"
    );
    // What each lot paid is shown in the balance's decimals too.
    step(&p, &mut s, &buy("p2", "2026-04-01", "50.00"));
    let o = p
        .evaluate_with(&m, &s, &redeem(r#""burn": "Use cash", "points": "5.75""#))
        .unwrap();
    assert_eq!(
        spent(&o),
        vec![
            ("p1".to_string(), "5.65".to_string()),
            ("p2".to_string(), "0.10".to_string())
        ]
    );
    // In a whole-points balance, decimals stay a checker error.
    let e = Program::compile(
        "program \"G\" { currency USD }\nburn \"T\" from points { rate 100 points = 1 USD  step 0.5 points }\n",
    )
    .unwrap_err();
    assert_eq!(
        e.errors[0].message,
        "points here are a whole number above zero, not 0.5"
    );
    // And beyond a balance's decimals.
    let e = Program::compile(
        "program \"G\" { currency USD  balance cash precision 2 }\nreward \"T\" costs 0.125 points from cash\n",
    )
    .unwrap_err();
    assert_eq!(
        e.errors[0].message,
        "an amount of cash here is above zero, with at most 2 decimals, not 0.125"
    );
}

#[test]
fn a_refusal_shows_what_can_be_spent_in_the_balances_decimals() {
    let p = compile(
        r#"
program "Drugstore" { currency USD  balance cash redeemable precision 2 }
ledger cash { pending 7 days }
earn "Back" on purchase { award 2% of tx.amount to cash }
burn "Use cash" from cash { rate 1 point = 1 USD }
"#,
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    step(&p, &mut s, &buy("p1", "2026-04-28", "78.50"));
    assert_eq!(
        refusal(&p, &m, &s, r#""burn": "Use cash", "points": "1""#),
        "1.00 cash asked, but only 0.00 can be spent: 1.57 are pending"
    );
    assert_eq!(
        refusal(&p, &m, &s, r#""burn": "Use cash", "points": "2""#),
        "not enough cash: 2.00 asked, 0.00 available (1.57 more are pending)"
    );
}

/// A redemption (of 1 May) on another day.
fn on(e: Event, day: &str) -> Event {
    Event::from_json(
        &serde_json::to_string(&e)
            .unwrap()
            .replace("2026-05-01", day),
    )
    .unwrap()
}

/// `cancellation` of `redemption` on `day`.
fn cancel(id: &str, day: &str, redemption: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "cancellation", "id": "{id}", "timestamp": "{day}T12:00:00Z", "redemption": "{redemption}"}}"#
    ))
    .unwrap()
}

/// Evaluates `e` (the lean path agrees) and applies it.
fn step(p: &Program, s: &mut MemberState, e: &Event) -> loyalty_rules::Outcome {
    let m = Member::new("m");
    let o = p.evaluate_with(&m, s, e).unwrap();
    p.points_with(&m, s, e).unwrap();
    s.apply(&o).unwrap();
    o
}

fn lots_of(s: &MemberState) -> Vec<String> {
    s.wallet("points")
        .map(|w| {
            w.lots
                .iter()
                .map(|l| {
                    format!(
                        "{} {} of {} until {:?}",
                        l.event, l.points, l.earned, l.expires_on
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn accounts(s: &MemberState) -> String {
    let w = s.wallet("points").unwrap();
    format!(
        "balance {}, held {}, expired {}, redeemed {}",
        s.balance("points").unwrap(),
        w.total(),
        w.expired,
        w.redeemed
    )
}

/// Found asking what happens when the order a redemption paid for is
/// cancelled: there was no way to give the points back (an earn rule
/// would have made a new lot, with a new expiry, counted as earned). A
/// redemption can now be cancelled within the return window: its points go
/// back to the lots that paid them, as they were; points whose lot has
/// ended since expire at once.
#[test]
fn a_cancelled_redemption_gives_its_points_back_to_their_lots() {
    let p = compile(
        "program \"Grocer\" { currency USD }\n\
         ledger points { expire 12 months after earning }\n\
         returns { within 30 days }\n\
         earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n\
         burn \"Spend\" from points { rate 100 points = 1 USD }",
    );
    let m = Member::new("m");
    let mut s = p.new_state(&m);
    step(&p, &mut s, &buy("p1", "2026-01-15", "120.00"));
    step(&p, &mut s, &buy("p2", "2026-03-01", "400.00"));
    let r1 = on(
        redeem_as("r1", r#""burn": "Spend", "points": "500""#),
        "2026-03-10",
    );
    step(&p, &mut s, &r1);
    assert_eq!(lots_of(&s), ["p2 20 of 400 until Some(2027-02-28)"]);
    // The state keeps the redemption as it was, and reads it back; a
    // receipt whose lots did not pay it is refused.
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(MemberState::from_json(&json).unwrap(), s);
    let bad = MemberState::from_json(&json.replace(r#""points":"120""#, r#""points":"-120""#))
        .unwrap_err();
    assert_eq!(bad.path, "redemptions.r1");
    assert!(
        bad.message
            .contains("lot 0 (event p1): points cannot be negative"),
        "{}",
        bad.message
    );
    assert_eq!(accounts(&s), "balance 20, held 20, expired 0, redeemed 500");

    let o = step(&p, &mut s, &cancel("c1", "2026-03-12", "r1"));
    let c = o.cancelled.as_ref().unwrap();
    assert_eq!(
        (c.redemption.as_str(), c.name.as_str(), c.points.to_string()),
        ("r1", "Spend", "500".into())
    );
    assert!(
        o.explain().contains(
            "  cancelled redemption r1 (burn rule \"Spend\"): 500 points back\n    \
         120 to the lot of event p1 (earned 2026-01-15)\n    \
         380 to the lot of event p2 (earned 2026-03-01)\n"
        ),
        "{}",
        o.explain()
    );
    assert_eq!(
        lots_of(&s),
        [
            "p1 120 of 120 until Some(2027-01-14)",
            "p2 400 of 400 until Some(2027-02-28)"
        ]
    );
    assert_eq!(accounts(&s), "balance 520, held 520, expired 0, redeemed 0");
    assert!(s.redemptions.is_empty());

    // Once only; a redemption unknown; after the window; a program
    // without returns. The lean path refuses alike.
    let refused = |p: &Program, s: &MemberState, e: &Event| match p.evaluate_with(&m, s, e) {
        Err(err @ loyalty_rules::EvalError::CancelRefused { .. }) => {
            assert_eq!(p.points_with(&m, s, e).err(), Some(err.clone()));
            err.to_string()
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(
        refused(&p, &s, &cancel("c2", "2026-03-13", "r1")),
        "cancellation c2 refused: redemption r1 is not one the member can cancel (unknown, cancelled already, or past its window)"
    );
    let r2 = redeem_as("r2", r#""burn": "Spend", "points": "100""#);
    step(&p, &mut s, &r2);
    assert_eq!(
        refused(&p, &s, &cancel("c3", "2026-06-01", "r2")),
        "cancellation c3 refused: redemption r2 of 2026-05-01 cannot be cancelled after 30 days"
    );
    assert_eq!(
        refused(&p, &s, &cancel("c4", "2026-04-30", "r2")),
        "cancellation c4 refused: redemption r2 of 2026-05-01 cannot be cancelled on 2026-04-30, before it was made"
    );
    let plain = compile(
        r#"program "Grocer" { currency USD }
         earn "Base" on purchase { award 1 point per USD of tx.amount }
         burn "Spend" from points { rate 100 points = 1 USD }"#,
    );
    assert_eq!(
        refused(&plain, &plain.new_state(&m), &cancel("c4", "2026-03-13", "r1")),
        "cancellation c4 refused: the program takes no cancellations: a redemption is cancelled within the return window (`returns { within N days }`)"
    );
}

/// Points given back to a lot that has ended since expire at once, and a
/// balance without a ledger gets its total back.
#[test]
fn points_given_back_to_a_lot_that_has_ended_expire_at_once() {
    let p = compile(
        r#"program "Grocer" { currency USD  balance cashback redeemable precision 2 }
         ledger points { expire 30 days after earning }
         returns { within 30 days }
         earn "Base" on purchase { award 1 point per USD of tx.amount }
         earn "Back" on purchase { award 2% of tx.amount to cashback }
         burn "Spend" from points { rate 100 points = 1 USD }
         burn "Cash" from cashback { rate 1 point = 1 USD }"#,
    );
    let mut s = p.new_state(&Member::new("m"));
    step(&p, &mut s, &buy("p1", "2026-01-01", "100.00"));
    step(
        &p,
        &mut s,
        &on(
            redeem_as("r1", r#""burn": "Spend", "points": "100""#),
            "2026-01-20",
        ),
    );
    step(
        &p,
        &mut s,
        &on(
            redeem_as("r2", r#""burn": "Cash", "points": "1.50""#),
            "2026-01-20",
        ),
    );
    assert_eq!(s.balance("cashback").unwrap().to_string(), "0.50");
    // The lot held through 30 January.
    let o = step(&p, &mut s, &cancel("c1", "2026-02-05", "r1"));
    assert!(
        o.explain()
            .contains("expired on 2026-01-31: 100 points earned on 2026-01-01 (event p1)"),
        "{}",
        o.explain()
    );
    assert_eq!(accounts(&s), "balance 0, held 0, expired 100, redeemed 0");
    assert!(lots_of(&s).is_empty());
    step(&p, &mut s, &cancel("c2", "2026-02-05", "r2"));
    assert_eq!(s.balance("cashback").unwrap().to_string(), "2.00");
}

/// Points owed to a return (spent, then the purchase returned) are paid
/// first from what a cancellation gives back, as from a new lot: the
/// member cannot spend them twice.
#[test]
fn points_given_back_pay_what_a_return_left_owed_first() {
    let p = returns_program("negative", true);
    let mut s = p.new_state(&Member::new("m"));
    step(&p, &mut s, &buy("p1", "2026-01-01", "100.00"));
    step(&p, &mut s, &buy("p2", "2026-01-02", "50.00"));
    step(
        &p,
        &mut s,
        &on(
            redeem_as("r1", r#""burn": "Spend", "points": "150""#),
            "2026-01-03",
        ),
    );
    let back = return_whole("x1", "2026-01-04", "p1");
    step(&p, &mut s, &back);
    assert_eq!(s.wallet("points").unwrap().owed.to_string(), "100");
    assert_eq!(
        accounts(&s),
        "balance -100, held 0, expired 0, redeemed 150"
    );
    let o = step(&p, &mut s, &cancel("c1", "2026-01-05", "r1"));
    assert_eq!(o.cancelled.as_ref().unwrap().points.to_string(), "150");
    assert_eq!(o.cancelled.as_ref().unwrap().paid_owed.to_string(), "100");
    assert!(
        o.explain()
            .contains("    100 of them pay what returns left owed\n"),
        "{}",
        o.explain()
    );
    // 100 of the 150 pay what was owed; p2's 50 are back in its lot.
    assert_eq!(s.wallet("points").unwrap().owed.to_string(), "0");
    assert_eq!(s.wallet("points").unwrap().reversed.to_string(), "100");
    assert_eq!(accounts(&s), "balance 50, held 50, expired 0, redeemed 0");
    assert_eq!(lots_of(&s), ["p2 50 of 50 until Some(2027-01-01)"]);
}

/// Found asking what a cancellation gives back under `shortfall forgive`:
/// a purchase's points spent, the purchase returned (the spent part
/// forgiven), then the redemption cancelled gave the member the spent
/// points again, for goods they no longer had. Cancelling before the
/// return would have let the return take them. Whatever the order, the
/// member ends with what the purchases they kept earned.
#[test]
fn points_given_back_that_a_return_forgave_are_taken_back() {
    let p = returns_program("forgive", true);
    let back = return_whole("x1", "2026-01-04", "p1");
    let history = |cancel_first: bool| {
        let mut s = two_bought_and_120_spent(&p);
        let c1 = cancel("c1", "2026-01-05", "r1");
        let outcomes = if cancel_first {
            let c = step(&p, &mut s, &on(c1, "2026-01-04"));
            (step(&p, &mut s, &back), c)
        } else {
            (step(&p, &mut s, &back), step(&p, &mut s, &c1))
        };
        (s, outcomes)
    };
    // Cancelled first: the 120 points are back, and the return takes p1's 100.
    let (first, _) = history(true);
    assert_eq!(
        accounts(&first),
        "balance 50, held 50, expired 0, redeemed 0"
    );
    // Returned first: p1's lot held nothing and p2's 30 (r1 spent 120 of
    // 150), so the return takes 30 and forgives 70; the cancellation's 120
    // then pay those 70 first.
    let (s, (returned, cancelled)) = history(false);
    let r = returned.returned.as_ref().unwrap();
    assert_eq!(r.points["points"].to_string(), "100");
    assert_eq!(r.forgiven["points"].to_string(), "70");
    let c = cancelled.cancelled.as_ref().unwrap();
    assert_eq!(c.points.to_string(), "120");
    assert_eq!(c.withheld.to_string(), "70");
    assert_eq!(cancelled.change.balances["points"].to_string(), "50");
    assert_eq!(accounts(&s), "balance 50, held 50, expired 0, redeemed 0");
    assert_eq!(s.wallet("points").unwrap().reversed.to_string(), "100");
    assert!(
        cancelled
            .explain()
            .contains("70 of them taken back: return x1 forgave them"),
        "{}",
        cancelled.explain()
    );
    // Once r1 is cancelled, nothing can pay what x1 forgave: it is not kept.
    assert!(s.forgiven.is_empty());

    // A balance without a ledger: the same totals.
    let plain = returns_program("forgive", false);
    let mut s = two_bought_and_120_spent(&plain);
    let returned = step(&plain, &mut s, &back);
    assert_eq!(
        returned.returned.unwrap().forgiven["points"].to_string(),
        "70"
    );
    assert_eq!(s.forgiven.len(), 1);
    // Kept with the return's place among the events: r1 came before it.
    assert_eq!(s.forgiven[0].sequence, 3);
    assert_eq!(s.redemptions["r1"].sequence, 2);
    let cancelled = step(&plain, &mut s, &cancel("c1", "2026-01-05", "r1"));
    assert_eq!(cancelled.cancelled.unwrap().withheld.to_string(), "70");
    assert_eq!(s.balance("points").unwrap().to_string(), "50");
    assert!(s.forgiven.is_empty());
}

/// 100 points earned by p1, 50 by p2, then 120 spent by r1.
fn two_bought_and_120_spent(p: &Program) -> MemberState {
    let mut s = p.new_state(&Member::new("m"));
    step(p, &mut s, &buy("p1", "2026-01-01", "100.00"));
    step(p, &mut s, &buy("p2", "2026-01-02", "50.00"));
    let r1 = on(
        redeem_as("r1", r#""burn": "Spend", "points": "120""#),
        "2026-01-03",
    );
    step(p, &mut s, &r1);
    s
}

/// What a return forgave is paid only by redemptions made before it: one
/// made after it spent points the return did not miss.
#[test]
fn a_redemption_after_the_return_gives_all_its_points_back() {
    let p = returns_program("forgive", true);
    let mut s = p.new_state(&Member::new("m"));
    step(&p, &mut s, &buy("p1", "2026-01-01", "100.00"));
    let r1 = on(
        redeem_as("r1", r#""burn": "Spend", "points": "100""#),
        "2026-01-02",
    );
    step(&p, &mut s, &r1);
    let back = return_whole("x1", "2026-01-03", "p1");
    step(&p, &mut s, &back);
    assert_eq!(s.forgiven.len(), 1);
    step(&p, &mut s, &buy("p2", "2026-01-04", "40.00"));
    let r2 = on(
        redeem_as("r2", r#""burn": "Spend", "points": "40""#),
        "2026-01-05",
    );
    step(&p, &mut s, &r2);
    let o = step(&p, &mut s, &cancel("c2", "2026-01-06", "r2"));
    assert_eq!(o.cancelled.unwrap().withheld.to_string(), "0");
    assert_eq!(accounts(&s), "balance 40, held 40, expired 0, redeemed 100");
    // r1 can still be cancelled, so x1's 100 are kept; cancelling it pays them.
    assert_eq!(s.forgiven[0].points.to_string(), "100");
    let o = step(&p, &mut s, &cancel("c1", "2026-01-07", "r1"));
    assert_eq!(o.cancelled.unwrap().withheld.to_string(), "100");
    assert_eq!(accounts(&s), "balance 40, held 40, expired 0, redeemed 0");
}

/// A grocer with a ledger (or without) whose returns owe or forgive points
/// already spent.
fn returns_program(shortfall: &str, ledger: bool) -> Program {
    let ledger = if ledger {
        "ledger points { expire 12 months after earning }"
    } else {
        ""
    };
    compile(&format!(
        r#"program "Grocer" {{ currency USD }}
         {ledger}
         returns {{ within 30 days  shortfall {shortfall} }}
         earn "Base" on purchase {{ award 1 point per USD of tx.amount }}
         burn "Spend" from points {{ rate 100 points = 1 USD }}"#
    ))
}

/// The return of all of `purchase`'s single line on `day`.
fn return_whole(id: &str, day: &str, purchase: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "return", "id": "{id}", "timestamp": "{day}T12:00:00Z", "purchase": "{purchase}",
            "lines": [{{"line": 0, "quantity": 1}}]}}"#
    ))
    .unwrap()
}

/// An outcome whose cancellation takes back points no return forgave, or
/// fewer than none, is refused whole (a hand-edited or foreign outcome).
#[test]
fn a_cancellation_that_withholds_what_was_not_forgiven_is_refused() {
    for ledger in [true, false] {
        let p = returns_program("forgive", ledger);
        let mut s = two_bought_and_120_spent(&p);
        step(&p, &mut s, &return_whole("x1", "2026-01-04", "p1"));
        let o = p
            .evaluate_with(&Member::new("m"), &s, &cancel("c1", "2026-01-05", "r1"))
            .unwrap();
        for withheld in ["100", "-20"] {
            let mut json = serde_json::to_value(&o).unwrap();
            json["change"]["withheld"] = serde_json::Value::String(withheld.into());
            let forged: loyalty_rules::Outcome = serde_json::from_value(json).unwrap();
            let before = s.clone();
            let e = s.apply(&forged).unwrap_err();
            assert!(
                matches!(e, loyalty_rules::StateError::NotForgiven { .. }),
                "{ledger} {withheld}: {e}"
            );
            assert_eq!(s, before);
        }
        s.apply(&o).unwrap();
        assert_eq!(s.balance("points").unwrap().to_string(), "50");
    }
}
