#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! `Program::why_not`: every earn rule that runs on an event's kind and
//! gave nothing, in evaluation order, with the reason in the program's own
//! words and what the failing condition read.

use loyalty_rules::{CampaignOff, Event, Member, NotApplied, Program, WhyNot};

const PROGRAM: &str = r#"program "Beauty" { currency USD }
counter visits
count 1 to visits on purchase
earn "Base" on purchase for each line where line.category != "gift_card" {
  award 1 point per USD of line.amount
}
earn "Birthday" on purchase when month(tx.date) == month(member.birthday) {
  award 250 points
  limit 1 per member per year
}
earn "Fragrance" on purchase for each line where line.category == "fragrance" {
  award 2 points per USD of line.amount
}
earn "Big" on purchase when tx.amount >= 100 USD { award 100 points  group "bonus" }
earn "Bigger" on purchase when tx.amount >= 50 USD { award 60 points  group "bonus" }
earn "Third visit" on purchase when visits lifetime == 3 { award 30 points }
campaign "Launch" from 2026-05-01 to 2026-05-31 {
  earn "Launch bonus" on purchase { award 75 points }
}
earn "Review" on review { award 50 points }
"#;

fn buy(id: &str, day: &str, category: &str, price: &str) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "{day}T12:00:00Z", "currency": "USD",
            "lines": [{{"sku": "S", "category": "{category}", "quantity": 1, "unit_price": "{price}"}}]}}"#
    ))
    .unwrap()
}

fn member() -> Member {
    Member::from_json(r#"{"id": "m", "birthday": "1992-03-15"}"#).unwrap()
}

fn rules(list: &[NotApplied]) -> Vec<&str> {
    list.iter().map(|n| n.rule.as_str()).collect()
}

/// Each entry as `Display` says it.
fn texts(list: &[NotApplied]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

fn compile(source: &str) -> Program {
    Program::compile(source).unwrap()
}

/// Why not, for a member with no history.
fn why_fresh(program: &Program, member: &Member, event: &Event) -> Vec<NotApplied> {
    program
        .why_not(member, &program.new_state(member), event)
        .unwrap()
}

#[test]
fn each_rule_that_gave_nothing_says_why() {
    let program = compile(PROGRAM);
    let member = member();
    let state = program.new_state(&member);
    let list = program
        .why_not(
            &member,
            &state,
            &buy("p1", "2026-04-05", "makeup", "120.00"),
        )
        .unwrap();
    assert_eq!(
        rules(&list),
        [
            "Birthday",
            "Fragrance",
            "Bigger",
            "Third visit",
            "Launch bonus"
        ]
    );
    assert_eq!(
        list[0].reason,
        WhyNot::Condition {
            condition: "month(tx.date) == month(member.birthday)".into(),
            read: vec![
                "tx.date is 2026-04-05".into(),
                "member.birthday is 1992-03-15".into()
            ],
        }
    );
    assert_eq!(
        list[1].reason,
        WhyNot::NoLine {
            condition: "line.category == \"fragrance\"".into(),
            read: Vec::new(),
        }
    );
    assert_eq!(
        list[2].reason,
        WhyNot::Outranked {
            group: "bonus".into(),
            by: "Big".into()
        }
    );
    assert_eq!(
        list[3].reason,
        WhyNot::Condition {
            condition: "visits lifetime == 3".into(),
            read: vec!["visits lifetime is 1".into()],
        }
    );
    assert!(matches!(
        list[4].reason,
        WhyNot::CampaignNotRunning {
            off: CampaignOff::Window { .. }
        }
    ));
    assert_eq!(list[4].campaign.as_deref(), Some("Launch"));
    let text = texts(&list);
    assert_eq!(
        text,
        [
            "Birthday: not applied, `month(tx.date) == month(member.birthday)` does not hold (tx.date is 2026-04-05, member.birthday is 1992-03-15)",
            "Fragrance: not applied, no line has `line.category == \"fragrance\"`",
            "Bigger: not applied, \"Big\" gave more in group \"bonus\"",
            "Third visit: not applied, `visits lifetime == 3` does not hold (visits lifetime is 1)",
            "Launch bonus: not applied, its campaign \"Launch\" does not run: it runs from 2026-05-01 to 2026-05-31, not on 2026-04-05",
        ]
    );
    // The state is only read: asking twice gives the same.
    let again = program
        .why_not(
            &member,
            &state,
            &buy("p1", "2026-04-05", "makeup", "120.00"),
        )
        .unwrap();
    assert_eq!(again, list);
}

#[test]
fn a_limit_reached_and_a_zero_award_are_reasons_too() {
    let program = compile(PROGRAM);
    let member = member();
    let mut state = program.new_state(&member);
    let first = buy("p1", "2026-03-03", "fragrance", "40.00");
    assert!(rules(&program.why_not(&member, &state, &first).unwrap()).contains(&"Big"));
    state
        .apply(&program.evaluate_with(&member, &state, &first).unwrap())
        .unwrap();
    // The second purchase in March: the birthday bonus was had this year;
    // a gift card earns no base points, so "Base" holds for no line.
    let second = buy("p2", "2026-03-20", "gift_card", "0.00");
    let list = program.why_not(&member, &state, &second).unwrap();
    let birthday = list.iter().find(|n| n.rule == "Birthday").unwrap();
    assert_eq!(
        birthday.reason,
        WhyNot::Limit {
            limit: "limit 1 per member per year".into(),
            used: 1
        }
    );
    assert_eq!(
        birthday.to_string(),
        "Birthday: not applied, `limit 1 per member per year` reached (1 so far)"
    );
    let base = list.iter().find(|n| n.rule == "Base").unwrap();
    assert_eq!(
        base.reason,
        WhyNot::NoLine {
            condition: "line.category != \"gift_card\"".into(),
            read: Vec::new(),
        }
    );
    // A rule whose condition holds but whose award comes to nothing.
    let zero = compile(
        "program \"P\" { currency USD }\nearn \"Base\" on purchase { award 1 point per USD of tx.amount }\n",
    );
    let list = why_fresh(&zero, &member, &second);
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0].reason,
        WhyNot::Nothing {
            read: vec!["tx.amount is 0.00".into()]
        }
    );
    assert_eq!(
        list[0].to_string(),
        "Base: not applied, its awards come to nothing (tx.amount is 0.00)"
    );
}

#[test]
fn a_streak_is_read_with_the_counters_beside_it() {
    let program = compile(
        r#"program "Gym" { currency GBP }
counter visits
count 1 to visits on check_in
earn "Streak" on check_in when visits streak == 7 and visits today == 1 { award 100 points }
"#,
    );
    let member = Member::new("g");
    let visit = Event::from_json(
        r#"{"kind": "check_in", "id": "v1", "timestamp": "2026-03-02T07:00:00Z"}"#,
    )
    .unwrap();
    let list = why_fresh(&program, &member, &visit);
    assert_eq!(
        list[0].to_string(),
        "Streak: not applied, `visits streak == 7` does not hold (visits streak is 1)"
    );
}

#[test]
fn the_parts_of_an_and_that_do_not_hold_are_named() {
    let program = compile(
        r#"program "Shop" { currency USD }
earn "Birthday" on purchase
    when month(tx.date) == month(member.birthday)
     and (tx.channel == "app" or tx.amount >= 50 USD)
     and tx.amount > 0 USD {
  award 200 points
}
"#,
    );
    let member = member();
    let state = program.new_state(&member);
    let why = |day: &str, price: &str| {
        texts(
            &program
                .why_not(&member, &state, &buy("p1", day, "makeup", price))
                .unwrap(),
        )
    };
    // Both the month and the amount fail; the last part holds.
    assert_eq!(
        why("2026-04-05", "20.00"),
        ["Birthday: not applied, `month(tx.date) == month(member.birthday) and (tx.channel == \"app\" or tx.amount >= 50 USD)` does not hold (tx.date is 2026-04-05, member.birthday is 1992-03-15, tx.channel is \"\", tx.amount is 20.00)"]
    );
    // In March, only the amount.
    assert_eq!(
        why("2026-03-05", "20.00"),
        ["Birthday: not applied, `(tx.channel == \"app\" or tx.amount >= 50 USD)` does not hold (tx.channel is \"\", tx.amount is 20.00)"]
    );
    assert!(why("2026-03-05", "60.00").is_empty());
    // A part that is an `or` of parentheses is put in its own.
    let program = compile(
        r#"program "Shop" { currency USD }
earn "Either" on purchase when (tx.channel == "app") or (tx.amount >= 50 USD) and tx.amount > 0 USD {
  award 1 point
}
earn "Both" on purchase when ((tx.channel == "app") or (tx.amount >= 50 USD)) and tx.amount > 0 USD {
  award 1 point
}
"#,
    );
    let list = program
        .why_not(&member, &state, &buy("p1", "2026-03-05", "makeup", "20.00"))
        .unwrap();
    let text = texts(&list);
    assert_eq!(
        text,
        [
            // `or` binds less tightly than `and`: the whole is an `or`.
            "Either: not applied, `(tx.channel == \"app\") or (tx.amount >= 50 USD) and tx.amount > 0 USD` does not hold (tx.channel is \"\", tx.amount is 20.00)",
            "Both: not applied, `((tx.channel == \"app\") or (tx.amount >= 50 USD))` does not hold (tx.channel is \"\", tx.amount is 20.00)",
        ]
    );
}

#[test]
fn a_campaign_rule_says_why_its_campaign_does_not_run() {
    let program = compile(
        r#"program "Shop" { currency USD }
campaign "Launch" from 2026-05-01 to 2026-05-31 {
  earn "Launch bonus" on purchase { award 75 points }
}
campaign "Happy Hour" every friday between 17:00 and 19:00 {
  earn "Happy" on purchase { award 20 points }
}
campaign "Black Friday" from 2026-11-27 to 2026-11-27 when tx.amount >= 100 USD {
  earn "Black Friday bonus" on purchase { award 500 points }
}
campaign "Lunch" every weekday { earn "Lunch bonus" on purchase { award 5 points } }
campaign "Payday" every month on day 1, 15 { earn "Payday bonus" on purchase { award 7 points } }
"#,
    );
    let member = member();
    let state = program.new_state(&member);
    let why = |at: &str| {
        let event = Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "p1", "timestamp": "{at}", "currency": "USD",
                "lines": [{{"sku": "S", "quantity": 1, "unit_price": "20.00"}}]}}"#
        ))
        .unwrap();
        texts(&program.why_not(&member, &state, &event).unwrap())
    };
    assert_eq!(
        why("2026-04-05T12:00:00Z"),
        [
            "Launch bonus: not applied, its campaign \"Launch\" does not run: it runs from 2026-05-01 to 2026-05-31, not on 2026-04-05",
            "Happy: not applied, its campaign \"Happy Hour\" does not run: it runs between 17:00 and 19:00, not at 12:00",
            "Black Friday bonus: not applied, its campaign \"Black Friday\" does not run: it runs from 2026-11-27 to 2026-11-27, not on 2026-04-05",
            "Lunch bonus: not applied, its campaign \"Lunch\" does not run: it runs every weekday, not on Sunday 2026-04-05",
            "Payday bonus: not applied, its campaign \"Payday\" does not run: it runs every month on day 1, 15, not on 2026-04-05",
        ]
    );
    // Black Friday at noon: its condition; a Saturday evening: not a day
    // of the happy hour.
    let friday = why("2026-11-27T12:00:00Z");
    assert_eq!(
        friday[2],
        "Black Friday bonus: not applied, its campaign \"Black Friday\" does not run: `tx.amount >= 100 USD` does not hold (tx.amount is 20.00)"
    );
    let saturday = why("2026-11-28T18:00:00Z");
    assert_eq!(
        saturday[1],
        "Happy: not applied, its campaign \"Happy Hour\" does not run: it runs every friday, not on Saturday 2026-11-28"
    );
    assert!(saturday.contains(
        &"Lunch bonus: not applied, its campaign \"Lunch\" does not run: it runs every weekday, not on Saturday 2026-11-28".to_string()
    ));
    // As data.
    let event = Event::from_json(
        r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-11-27T12:00:00Z", "currency": "USD", "lines": []}"#,
    )
    .unwrap();
    let list = program.why_not(&member, &state, &event).unwrap();
    assert_eq!(
        serde_json::to_string(&list[0]).unwrap(),
        r#"{"rule":"Launch bonus","campaign":"Launch","reason":{"why":"campaign_not_running","off":{"by":"window","from":"2026-05-01","to":"2026-05-31","day":"2026-11-27"}}}"#
    );
    assert_eq!(
        list[0].reason,
        WhyNot::CampaignNotRunning {
            off: CampaignOff::Window {
                from: "2026-05-01".parse().unwrap(),
                to: "2026-05-31".parse().unwrap(),
                day: "2026-11-27".parse().unwrap(),
            }
        }
    );
}

#[test]
fn an_award_says_which_of_its_campaigns_did_not_multiply_it() {
    let program = compile(
        r#"program "Beauty" { currency USD }
earn "Base" on purchase for each line { award 1 point per USD of line.amount }
earn "Welcome" on purchase { award 10 points }
campaign "Fragrance Week" from 2026-03-01 to 2026-03-07 { multiply category "fragrance" by 2 }
campaign "Big Basket" when tx.amount >= 100 USD { multiply "Base" by 2 }
campaign "Makeup Days" from 2026-04-01 to 2026-04-30 { multiply category "makeup" by 3 }
"#,
    );
    let member = member();
    let state = program.new_state(&member);
    let list = program
        .why_not(
            &member,
            &state,
            &buy("p1", "2026-04-05", "fragrance", "40.00"),
        )
        .unwrap();
    let text = texts(&list);
    // "Makeup Days" runs but touches no line of this purchase; "Welcome"
    // awards on the whole purchase, which no campaign multiplies.
    assert_eq!(
        text,
        [
            "Base: not multiplied by campaign \"Fragrance Week\": it runs from 2026-03-01 to 2026-03-07, not on 2026-04-05",
            "Base: not multiplied by campaign \"Big Basket\": `tx.amount >= 100 USD` does not hold (tx.amount is 40.00)",
        ]
    );
    assert_eq!(list[0].campaign.as_deref(), Some("Fragrance Week"));
    assert!(matches!(
        list[1].reason,
        WhyNot::NotMultiplied {
            off: CampaignOff::Condition { .. }
        }
    ));
    // In Fragrance Week, a large basket: both multiply, nothing to say.
    let list = program
        .why_not(
            &member,
            &state,
            &buy("p2", "2026-03-03", "fragrance", "140.00"),
        )
        .unwrap();
    assert!(list.is_empty(), "{list:?}");
}

/// A campaign `in` a balance would multiply only the awards to it: it is
/// said of a rule that awards that balance, not of one that awards
/// another.
#[test]
fn a_campaign_in_a_balance_is_said_of_the_rules_that_award_it() {
    let program = compile(
        r#"program "Stays" { currency USD  balance nights qualifying  balance miles }
earn "Room" on purchase { award 10 points per USD of tx.amount  award 1 point to nights }
earn "Partner" on purchase { award 2 points per USD of tx.amount to miles }
campaign "Double nights" every saturday { multiply all in nights by 2 }
campaign "Bonus points" every saturday { multiply "Room", "Partner" in points by 2 }
"#,
    );
    // 2026-04-01 is a Wednesday.
    let list = why_fresh(
        &program,
        &member(),
        &buy("p1", "2026-04-01", "room", "100.00"),
    );
    assert_eq!(
        texts(&list),
        [
            "Room: not multiplied by campaign \"Double nights\": it runs every saturday, not on Wednesday 2026-04-01",
            "Room: not multiplied by campaign \"Bonus points\": it runs every saturday, not on Wednesday 2026-04-01",
        ]
    );
}

/// Days between two dates are said with the dates: how many days it was
/// is not for the reader to work out.
#[test]
fn days_between_is_said_with_its_value() {
    let program = compile(
        r#"program "Mobile" { currency USD }
earn "Loyal" on purchase when days_between(member.join_date, tx.date) >= 3653 { award 100 points }
"#,
    );
    let member = Member::from_json(r#"{"id": "m", "join_date": "2020-06-01"}"#).unwrap();
    let list = why_fresh(&program, &member, &buy("p1", "2026-06-30", "x", "10.00"));
    assert_eq!(
        texts(&list),
        ["Loyal: not applied, `days_between(member.join_date, tx.date) >= 3653` does not hold \
          (days_between(member.join_date, tx.date) is 2220, member.join_date is 2020-06-01, tx.date is 2026-06-30)"]
    );
}

#[test]
fn a_campaign_that_runs_but_lost_to_a_rival_says_which() {
    let program = compile(
        r#"program "Shop" { currency USD }
earn "Base" on purchase { award 1 point per USD of tx.amount }
campaign "Member Day" every month on day 5 { multiply "Base" by 2  exclusive "promo" }
campaign "Spring Sale" from 2026-04-01 to 2026-04-30 { multiply "Base" by 3  priority 5  exclusive "promo" }
campaign "Coupon A" { multiply "Base" by 1.5  stacking best }
campaign "Coupon B" { multiply "Base" by 1.2  stacking best }
"#,
    );
    let member = member();
    let state = program.new_state(&member);
    let event = buy("p1", "2026-04-05", "makeup", "10.00");
    // 10 x 3 (the sale outranks the member day) x 1.5 (the better coupon).
    let outcome = program.evaluate_with(&member, &state, &event).unwrap();
    assert_eq!(outcome.points("m", "points").to_string(), "45");
    let text = texts(&program.why_not(&member, &state, &event).unwrap());
    assert_eq!(
        text,
        [
            "Base: not multiplied by campaign \"Member Day\": it runs, but \"Spring Sale\" multiplied instead",
            "Base: not multiplied by campaign \"Coupon B\": it runs, but \"Coupon A\" multiplied instead",
        ]
    );
}

/// Found by the generated programs' property: a campaign that lost its
/// exclusive group to one that lost in turn to a larger `best` named no
/// rival ("a rival multiplied instead"); it names the one that did.
#[test]
fn a_campaign_that_lost_to_a_rival_that_lost_in_turn_names_the_winner() {
    let program = compile(
        r#"program "Shop" { currency USD }
earn "Base" on purchase { award 10 points }
campaign "Member Day" { multiply "Base" by 2  priority 0  exclusive "promo" }
campaign "Coupon A" { multiply "Base" by 1.2  stacking best  priority 1  exclusive "promo" }
campaign "Coupon B" { multiply "Base" by 1.5  stacking best }
"#,
    );
    let member = member();
    let state = program.new_state(&member);
    let event = buy("p1", "2026-04-05", "makeup", "10.00");
    // Coupon A outranks the member day in "promo"; Coupon B is the better coupon.
    let outcome = program.evaluate_with(&member, &state, &event).unwrap();
    assert_eq!(outcome.points("m", "points").to_string(), "15");
    let text = texts(&program.why_not(&member, &state, &event).unwrap());
    assert_eq!(
        text,
        [
            "Base: not multiplied by campaign \"Coupon A\": it runs, but \"Coupon B\" multiplied instead",
            "Base: not multiplied by campaign \"Member Day\": it runs, but \"Coupon B\" multiplied instead",
        ]
    );
}

#[test]
fn a_rule_for_each_line_names_the_parts_no_line_has() {
    // A part that reads no line is the member's or the purchase's: it does
    // not hold, whatever the lines.
    let program = compile(
        r#"program "Hotel" { currency USD }
attribute member.offers list
earn "Offer" on purchase for each line
    where line.category == "room" and "DOUBLE-ROOM" in member.offers {
  award 10 points per USD of line.amount
}
earn "Spa and room" on purchase for each line where line.category == "room" and line.category == "spa" {
  award 1 point
}
"#,
    );
    let member = Member::from_json(r#"{"id": "h", "attributes": {"offers": ["SPA-10"]}}"#).unwrap();
    let event = buy("p1", "2026-04-05", "room", "200.00");
    let list = why_fresh(&program, &member, &event);
    assert_eq!(
        list[0].reason,
        WhyNot::Condition {
            condition: "\"DOUBLE-ROOM\" in member.offers".into(),
            read: vec!["member.offers is [\"SPA-10\"]".into()],
        }
    );
    assert_eq!(
        texts(&list)[0],
        "Offer: not applied, `\"DOUBLE-ROOM\" in member.offers` does not hold (member.offers is [\"SPA-10\"])"
    );
    // One line: the part it lacks.
    assert_eq!(
        texts(&list)[1],
        "Spa and room: not applied, no line has `line.category == \"spa\"`"
    );
    // Each part holds for a line, no line has both: the whole.
    let both = Event::from_json(
        r#"{"kind": "purchase", "id": "p2", "timestamp": "2026-04-05T12:00:00Z", "currency": "USD",
            "lines": [{"sku": "K", "category": "room", "quantity": 1, "unit_price": "200.00"},
                      {"sku": "S", "category": "spa", "quantity": 1, "unit_price": "50.00"}]}"#,
    )
    .unwrap();
    let list = why_fresh(&program, &member, &both);
    assert_eq!(
        texts(&list)[1],
        "Spa and room: not applied, no line has `line.category == \"room\" and line.category == \"spa\"`"
    );
}

#[test]
fn a_mark_not_crossed_says_the_counter() {
    let program = compile(
        r#"program "Cafe" { currency USD }
counter orders
count 1 to orders on purchase
earn "Three a week" on purchase when crossed(orders this week, 3) > 0 { award 50 points }
"#,
    );
    let member = Member::new("c");
    let list = program
        .why_not(
            &member,
            &program.new_state(&member),
            &buy("p1", "2026-04-05", "coffee", "3.00"),
        )
        .unwrap();
    assert_eq!(
        texts(&list),
        ["Three a week: not applied, `crossed(orders this week, 3) > 0` does not hold (orders this week 0 -> 1)"]
    );
}

/// A punch card written with one mark where it meant one every ten
/// (`crossed(coffees lifetime, 10)`): the counter before and after the
/// purchase shows that its only mark was passed before (it said only
/// `coffees lifetime is 24`, which reads as if 20 should have counted).
#[test]
fn a_mark_passed_before_shows_the_counter_before_and_after() {
    let program = compile(
        r#"program "Cafe" { currency USD  balance free_drinks }
counter coffees
count sum(line.quantity, line.category == "coffee") to coffees on purchase
earn "Tenth coffee" on purchase when crossed(coffees lifetime, 10) > 0 {
  award 1 free_drink per crossed(coffees lifetime, 10)
}
"#,
    );
    let member = Member::new("c");
    let mut state = program.new_state(&member);
    let cups = |id: &str, n: u32| {
        Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "{id}", "timestamp": "2026-04-05T08:00:00Z", "currency": "USD",
                "lines": [{{"sku": "LATTE", "category": "coffee", "quantity": {n}, "unit_price": "4.50"}}]}}"#
        ))
        .unwrap()
    };
    let o = program
        .evaluate_with(&member, &state, &cups("p1", 12))
        .unwrap();
    state.apply(&o).unwrap();
    let list = program.why_not(&member, &state, &cups("p2", 12)).unwrap();
    assert_eq!(
        texts(&list),
        ["Tenth coffee: not applied, `crossed(coffees lifetime, 10) > 0` does not hold (coffees lifetime 12 -> 24)"]
    );
}

#[test]
fn a_rule_after_a_stop_is_stopped() {
    let program = compile(
        r#"program "P" { currency USD }
attribute member.staff bool
earn "Staff" on purchase when member.staff { award 10 points  stop }
earn "Base" on purchase { award 1 point per USD of tx.amount }
"#,
    );
    let staff = Member::from_json(r#"{"id": "s", "attributes": {"staff": true}}"#).unwrap();
    let event = buy("p1", "2026-04-05", "makeup", "20.00");
    let list = why_fresh(&program, &staff, &event);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].reason, WhyNot::Stopped { by: "Staff".into() });
    assert_eq!(
        list[0].to_string(),
        "Base: not applied, \"Staff\" applied before it and stops the rules after it"
    );
    // Another member: the attribute is missing, so `Staff` does not hold.
    let other = Member::new("o");
    let list = why_fresh(&program, &other, &event);
    assert_eq!(
        list[0].to_string(),
        "Staff: not applied, `member.staff` does not hold (member.staff is missing)"
    );
    // JSON, for a support tool.
    assert_eq!(
        serde_json::to_string(&list[0]).unwrap(),
        r#"{"rule":"Staff","reason":{"why":"condition","condition":"member.staff","read":["member.staff is missing"]}}"#
    );
}

/// A condition on the purchase's categories or SKUs says which the
/// purchase has (each once, in line order), not that it read "a list".
#[test]
fn a_list_of_the_purchase_is_shown_by_its_items() {
    let program = compile(
        r#"program "Rent" { currency USD }
earn "Fuel" on purchase when "fuel" in tx.categories { award 50 points }
earn "Child seat" on purchase when "SEAT" in tx.skus and tx.amount > 10 USD { award 5 points }
"#,
    );
    let event = Event::from_json(
        r#"{"kind": "purchase", "id": "r1", "timestamp": "2026-06-12T10:00:00Z", "currency": "USD",
            "lines": [{"sku": "ECON", "category": "rental", "quantity": 3, "unit_price": "45.50"},
                      {"sku": "TAX", "category": "tax", "quantity": 1, "unit_price": "20.00"},
                      {"sku": "GPS", "category": "rental", "quantity": 1, "unit_price": "9.00"}]}"#,
    )
    .unwrap();
    assert_eq!(
        texts(&why_fresh(&program, &member(), &event)),
        [
            r#"Fuel: not applied, `"fuel" in tx.categories` does not hold (tx.categories is ["rental", "tax"])"#,
            r#"Child seat: not applied, `"SEAT" in tx.skus` does not hold (tx.skus is ["ECON", "TAX", "GPS"])"#,
        ]
    );
}

/// A rule `for each line` whose condition fails on a part that reads no
/// line says that part does not hold, not that no line has it.
#[test]
fn a_part_of_the_purchase_fails_for_every_line_alike() {
    let program = compile(
        r#"program "Rent" { currency USD }
attribute tx.one_way bool
earn "Week" on purchase for each line
    where line.category == "rental" and line.quantity >= 5 and not tx.one_way {
  award 500 points
}
earn "Long" on purchase for each line where tx.items > 20 { award 1 point }
"#,
    );
    let rent = |one_way: bool, days: u32| {
        Event::from_json(&format!(
            r#"{{"kind": "purchase", "id": "r1", "timestamp": "2026-06-12T10:00:00Z", "currency": "USD",
                "attributes": {{"one_way": {one_way}}},
                "lines": [{{"sku": "ECON", "category": "rental", "quantity": {days}, "unit_price": "40.00"}}]}}"#
        ))
        .unwrap()
    };
    assert_eq!(
        texts(&why_fresh(&program, &member(), &rent(true, 7))),
        [
            "Week: not applied, `not tx.one_way` does not hold (tx.one_way is true)",
            "Long: not applied, `tx.items > 20` does not hold (tx.items is 7)",
        ]
    );
    // Both a line's part and the purchase's fail: the purchase's is why.
    assert_eq!(
        texts(&why_fresh(&program, &member(), &rent(true, 2)))[0],
        "Week: not applied, `not tx.one_way` does not hold (tx.one_way is true)"
    );
    // Only the line's part fails: no line has it.
    assert_eq!(
        texts(&why_fresh(&program, &member(), &rent(false, 2)))[0],
        "Week: not applied, no line has `line.quantity >= 5`"
    );
}

/// A rule that earns at some tiers only (its own award 0, tiers override
/// it): for a member of another tier, `why_not` says the tier and which
/// tiers it earns at.
#[test]
fn a_rule_that_earns_at_some_tiers_says_which() {
    let program = compile(
        "program \"Air\" { currency USD }\n\
         tiers { member mvp gold }\n\
         earn \"Elite bonus\" on purchase { award 0 points }\n\
         tier mvp { override \"Elite bonus\" { award 50% of tx.amount } }\n\
         tier gold { override \"Elite bonus\" { award 100% of tx.amount } }",
    );
    let e = buy("p1", "2026-03-02", "x", "20.00");
    let plain = Member::from_json(r#"{"id": "m", "tier": "member"}"#).unwrap();
    assert_eq!(
        texts(&why_fresh(&program, &plain, &e)),
        ["Elite bonus: not applied, its awards come to nothing (tier member; tiers mvp, gold override it)"]
    );
    let none = Member::from_json(r#"{"id": "m"}"#).unwrap();
    assert_eq!(
        texts(&why_fresh(&program, &none, &e)),
        ["Elite bonus: not applied, its awards come to nothing (no tier; tiers mvp, gold override it)"]
    );
    let mvp = Member::from_json(r#"{"id": "m", "tier": "mvp"}"#).unwrap();
    assert!(why_fresh(&program, &mvp, &e).is_empty());
}
