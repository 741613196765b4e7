#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! `sum(VALUE[, FILTER])`: what a purchase's lines add up to, for the
//! promotions retailers publish as "spend 25 USD on beauty, get 5,000
//! points" or "buy 2 participating items, get 100 points".

use loyalty_rules::{Event, Member, Program};

const PROGRAM: &str = r#"program "Drugstore" { currency USD }
returns { within 30 days }
earn "Base" on purchase for each line where line.category != "rx" {
  award 1 point per USD of line.amount
}
earn "Beauty spend" on purchase when sum(line.amount, line.category == "beauty") >= 25 USD {
  award 5000 points
}
earn "Two participating" on purchase when sum(line.quantity, "promo" in line.tags) >= 2 {
  award 100 points
}
earn "Beauty boost" on purchase for each line
    where line.category == "beauty" and sum(line.amount, line.category == "beauty") >= 40 USD {
  award 4 points per USD of line.amount
}
earn "Three kinds" on purchase when sum(1) >= 3 { award 10 points }
"#;

fn line(sku: &str, category: &str, quantity: u32, price: &str, tags: &str) -> String {
    format!(
        r#"{{"sku": "{sku}", "category": "{category}", "quantity": {quantity}, "unit_price": "{price}", "tags": [{tags}]}}"#
    )
}

fn buy(id: &str, lines: &[String]) -> Event {
    Event::from_json(&format!(
        r#"{{"kind": "purchase", "id": "{id}", "timestamp": "2026-05-04T12:00:00Z", "currency": "USD", "lines": [{}]}}"#,
        lines.join(", ")
    ))
    .unwrap()
}

fn member() -> Member {
    Member::from_json(r#"{"id": "d"}"#).unwrap()
}

/// Points per rule, in evaluation order.
fn awards(program: &Program, event: &Event) -> Vec<(String, String)> {
    let outcome = program.evaluate(&member(), event).unwrap();
    outcome
        .awards
        .iter()
        .map(|a| (a.rule.to_string(), a.points.to_string()))
        .collect()
}

/// Why each rule gave nothing, as `Display` says it, for a member with no
/// history.
fn why_not(program: &Program, member: &Member, event: &Event) -> Vec<String> {
    program
        .why_not(member, &program.new_state(member), event)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(r, p)| (r.to_string(), p.to_string()))
        .collect()
}

#[test]
fn a_threshold_over_the_lines_that_match() {
    let program = Program::compile(PROGRAM).unwrap();
    // 12.50 + 2 x 7.00 = 26.50 of beauty: the spend bonus, not the boost.
    let event = buy(
        "p1",
        &[
            line("LIP", "beauty", 1, "12.50", ""),
            line("MASK", "beauty", 2, "7.00", r#""promo""#),
            line("SOAP", "household", 1, "30.00", ""),
        ],
    );
    assert_eq!(
        awards(&program, &event),
        pairs(&[
            ("Base", "56"),
            ("Beauty spend", "5000"),
            ("Two participating", "100"),
            ("Three kinds", "10"),
        ])
    );
    // 24.99 of beauty falls short, whatever else the purchase holds.
    let short = buy(
        "p2",
        &[
            line("LIP", "beauty", 1, "24.99", ""),
            line("SOAP", "household", 1, "80.00", r#""promo""#),
        ],
    );
    assert_eq!(
        awards(&program, &short),
        pairs(&[("Base", "104")]),
        "one promo item is not two"
    );
    // 45 of beauty: the boost on each beauty line.
    let big = buy(
        "p3",
        &[
            line("CREAM", "beauty", 1, "30.00", ""),
            line("LIP", "beauty", 1, "15.00", ""),
        ],
    );
    assert_eq!(
        awards(&program, &big),
        pairs(&[
            ("Base", "45"),
            ("Beauty spend", "5000"),
            ("Beauty boost", "180")
        ])
    );
    // The lean evaluation agrees.
    let member = member();
    let totals = program.points(&member, &big).unwrap();
    assert_eq!(totals.get("d", "points").to_string(), "5225");
}

#[test]
fn a_partial_return_takes_back_a_threshold_the_rest_no_longer_reaches() {
    let program = Program::compile(PROGRAM).unwrap();
    let member = member();
    let mut state = program.new_state(&member);
    let event = buy(
        "p1",
        &[
            line("LIP", "beauty", 1, "12.50", ""),
            line("MASK", "beauty", 2, "7.00", ""),
        ],
    );
    let outcome = program.evaluate_with(&member, &state, &event).unwrap();
    assert_eq!(outcome.points("d", "points").to_string(), "5026");
    state.apply(&outcome).unwrap();
    // One mask back: 19.50 of beauty left, under 25.
    let ret = Event::from_json(
        r#"{"kind": "return", "id": "x1", "timestamp": "2026-05-06T12:00:00Z", "purchase": "p1",
            "lines": [{"line": 1, "quantity": 1}]}"#,
    )
    .unwrap();
    let back = program.evaluate_with(&member, &state, &ret).unwrap();
    state.apply(&back).unwrap();
    assert_eq!(state.balance("points").unwrap().to_string(), "19");
}

#[test]
fn why_not_quotes_the_sum_and_says_what_it_came_to() {
    let program = Program::compile(PROGRAM).unwrap();
    let member = member();
    let event = buy(
        "p1",
        &[
            line("LIP", "beauty", 1, "12.50", ""),
            line("SOAP", "household", 1, "30.00", ""),
        ],
    );
    let texts = why_not(&program, &member, &event);
    assert_eq!(
        texts,
        [
            r#"Beauty spend: not applied, `sum(line.amount, line.category == "beauty") >= 25 USD` does not hold (sum(line.amount, line.category == "beauty") is 12.50)"#,
            r#"Two participating: not applied, `sum(line.quantity, "promo" in line.tags) >= 2` does not hold (sum(line.quantity, "promo" in line.tags) is 0)"#,
            r#"Beauty boost: not applied, `sum(line.amount, line.category == "beauty") >= 40 USD` does not hold (sum(line.amount, line.category == "beauty") is 12.50)"#,
            "Three kinds: not applied, `sum(1) >= 3` does not hold (sum(1) is 2)",
        ]
    );
}

#[test]
fn the_checker_says_where_a_sum_cannot_be() {
    let errors = |body: &str| -> Vec<(String, String)> {
        let source = format!("program \"P\" {{ currency USD }}\ncounter visits\n{body}\n");
        Program::compile(&source)
            .unwrap_err()
            .errors
            .iter()
            .map(|d| (d.code.to_string(), d.message.clone()))
            .collect()
    };
    let one = |code: &str, message: &str| vec![(code.to_string(), message.to_string())];
    assert_eq!(
        errors(r#"earn "R" on review when sum(line.amount) > 5 USD { award 1 point }"#),
        one(
            "L0303",
            "`sum` cannot be used in this rule: it reads a purchase's lines, only known in rules `on purchase`"
        )
    );
    assert_eq!(
        errors(r#"earn "R" on purchase when sum(line.sku) > 5 { award 1 point }"#),
        one("L0304", "`sum` adds numbers or money, but this is text")
    );
    assert_eq!(
        errors(
            r#"earn "R" on purchase when sum(line.amount, line.amount) > 5 USD { award 1 point }"#
        ),
        one(
            "L0301",
            "a condition must be true or false, but this is money"
        )
    );
    let source = "program \"P\" { currency USD }\ncounter visits\n\
        earn \"R\" on purchase when sum(line.quantity, visits this month > 2) > 5 { award 1 point }\n";
    let counters = Program::compile(source).unwrap_err().errors;
    assert_eq!(
        (counters[0].message.as_str(), counters[0].help.as_deref()),
        (
            "`sum(...)` cannot read counters",
            Some("a sum reads each line of the purchase: compare `visits this month` beside it, `sum(...) > 5 and visits this month > 2`")
        )
    );
    assert_eq!(
        errors(r#"earn "R" on purchase when sum(sum(line.quantity)) > 5 { award 1 point }"#),
        one(
            "L0304",
            "a `sum` inside a `sum` would read each line twice: write them side by side"
        )
    );
    assert_eq!(
        errors(r#"earn "R" on purchase when sum() > 5 { award 1 point }"#),
        one(
            "L0304",
            "`sum` takes a value of each line and, if some lines only, a condition (`sum(line.amount, line.category == \"beauty\")`), not 0 arguments"
        )
    );
}

#[test]
fn a_sum_as_an_award_base_and_in_the_canonical_layout() {
    let source = r#"program "P" { currency USD }
earn "Beauty back" on purchase {
  award 10% of sum(line.amount, line.category == "beauty")
}
"#;
    let program = Program::compile(source).unwrap();
    let event = buy(
        "p1",
        &[
            line("LIP", "beauty", 1, "12.50", ""),
            line("SOAP", "household", 1, "30.00", ""),
            line("MASK", "beauty", 3, "2.50", ""),
        ],
    );
    // 10% of 20.00, floored.
    assert_eq!(awards(&program, &event), pairs(&[("Beauty back", "2")]));
    let formatted = loyalty_rules::format_program(source).unwrap();
    assert!(
        formatted.contains(r#"award 10% of sum(line.amount, line.category == "beauty")"#),
        "{formatted}"
    );
}

/// On an event that is not a purchase, a sum is missing, as `tx.` fields
/// are: a campaign whose condition reads one does not run.
#[test]
fn a_sum_on_an_event_without_lines_is_missing() {
    let program = Program::compile(
        r#"program "P" { currency USD }
earn "Review" on review { award 50 points }
earn "Small" on purchase { award 1 point }
campaign "Small baskets" when sum(line.amount) < 10 USD { multiply all by 2 }
"#,
    )
    .unwrap();
    let review =
        Event::from_json(r#"{"kind": "review", "id": "v1", "timestamp": "2026-05-04T12:00:00Z"}"#)
            .unwrap();
    assert_eq!(awards(&program, &review), pairs(&[("Review", "50")]));
    let small = buy("p1", &[line("GUM", "candy", 1, "2.00", "")]);
    assert_eq!(awards(&program, &small), pairs(&[("Small", "2")]));
}

/// The explanation of an award says what each sum it read came to, as it
/// says what a counter held.
#[test]
fn an_award_says_what_its_sums_came_to() {
    let program = Program::compile(PROGRAM).unwrap();
    let event = buy(
        "p1",
        &[
            line("LIP", "beauty", 1, "12.50", ""),
            line("MASK", "beauty", 2, "7.00", r#""promo""#),
        ],
    );
    let outcome = program.evaluate(&member(), &event).unwrap();
    let read = |rule: &str| {
        outcome
            .awards
            .iter()
            .find(|a| a.rule == rule)
            .map(|a| a.read.clone())
            .unwrap()
    };
    assert_eq!(
        read("Beauty spend"),
        [r#"sum(line.amount, line.category == "beauty") is 26.50"#]
    );
    assert_eq!(
        read("Two participating"),
        [r#"sum(line.quantity, "promo" in line.tags) is 2"#]
    );
    assert!(read("Base").is_empty());
    assert!(outcome
        .explain()
        .contains("  5000 points from \"Beauty spend\"\n    5000 points\n    sum(line.amount, line.category == \"beauty\") is 26.50\n"));
}

mod oracle {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// A threshold on a sum applies exactly when the lines that match,
        /// added up by hand, reach it; a sum as a base gives that many.
        #[test]
        fn a_sum_is_what_the_matching_lines_add_up_to(
            lines in prop::collection::vec((0..3usize, 1..5u32, 1..5000i64, any::<bool>()), 0..8),
            threshold in 1..200u32,
        ) {
            let program = Program::compile(&format!(
                r#"program "P" {{ currency USD }}
earn "Threshold" on purchase when sum(line.amount, line.category == "beauty") >= {threshold} USD {{
  award 7 points
}}
earn "Promo units" on purchase {{ award 1 point per every 1 of sum(line.quantity, "promo" in line.tags) }}
"#
            ))
            .unwrap();
            let categories = ["beauty", "food", "toys"];
            let mut beauty = Decimal::ZERO;
            let mut promo = 0u32;
            let texts: Vec<String> = lines
                .iter()
                .enumerate()
                .map(|(i, (c, q, cents, tagged))| {
                    let price = Decimal::new(*cents, 2);
                    if categories[*c] == "beauty" {
                        beauty += price * Decimal::from(*q);
                    }
                    if *tagged {
                        promo += q;
                    }
                    let tags = if *tagged { r#""promo""# } else { "" };
                    line(&format!("S{i}"), categories[*c], *q, &price.to_string(), tags)
                })
                .collect();
            let event = buy("p", &texts);
            let mut expected = Vec::new();
            if beauty >= Decimal::from(threshold) {
                expected.push(("Threshold".to_string(), "7".to_string()));
            }
            if promo > 0 {
                expected.push(("Promo units".to_string(), promo.to_string()));
            }
            prop_assert_eq!(awards(&program, &event), expected);
        }
    }
}

/// Two sums in one comparison are each said by their own text.
#[test]
fn each_sum_is_said_by_its_own_text() {
    let program = Program::compile(
        r#"program "P" { currency USD }
earn "Beauty and hair" on purchase
    when sum(line.amount, line.category == "beauty") + sum(line.amount, line.category == "hair") >= 50 USD {
  award 100 points
}
"#,
    )
    .unwrap();
    let event = buy(
        "p1",
        &[
            line("LIP", "beauty", 1, "12.50", ""),
            line("GEL", "hair", 2, "8.00", ""),
        ],
    );
    let member = member();
    let texts = why_not(&program, &member, &event);
    assert_eq!(
        texts,
        [
            r#"Beauty and hair: not applied, `sum(line.amount, line.category == "beauty") + sum(line.amount, line.category == "hair") >= 50 USD` does not hold (sum(line.amount, line.category == "beauty") is 12.50, sum(line.amount, line.category == "hair") is 16.00)"#
        ]
    );
}

/// A count rule may count a sum: promotional units over a month.
#[test]
fn a_count_rule_counts_a_sum() {
    let program = Program::compile(
        r#"program "P" { currency USD }
counter promo_units
count sum(line.quantity, "promo" in line.tags) to promo_units on purchase
earn "Six a month" on purchase when crossed(promo_units this month, 6) > 0 { award 300 points }
"#,
    )
    .unwrap();
    let member = member();
    let mut state = program.new_state(&member);
    let mut given = Vec::new();
    for (id, quantity) in [("p1", 2), ("p2", 3), ("p3", 2)] {
        let event = buy(id, &[line("BAR", "snacks", quantity, "1.50", r#""promo""#)]);
        let outcome = program.evaluate_with(&member, &state, &event).unwrap();
        given.push(outcome.points("d", "points").to_string());
        state.apply(&outcome).unwrap();
    }
    // 2, then 5, then 7: the third crosses 6.
    assert_eq!(given, ["0", "0", "300"]);
}
