#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The cost of an evaluation is bounded in the size of its input (issue 9,
//! items 7-9): memory linear in lines plus rules, no work quadratic in the
//! lines, and limits on an event's size with safe defaults.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::{Duration, Instant};

use common::fixtures::*;
use loyalty_rules::{EvalError, Event, Limit, Limits, Line, Program};
use rust_decimal::Decimal;

/// Tracks the bytes the current thread has allocated and their peak.
struct Peak;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grow(by: isize) {
    let _ = LIVE.try_with(|live| {
        live.set(live.get() + by);
        let _ = PEAK.try_with(|p| p.set(p.get().max(live.get())));
    });
}

// SAFETY: forwards every call to the system allocator unchanged; the only
// addition is thread-local counters that never allocate.
unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        grow(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grow(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Peak = Peak;

/// The most bytes `f` had allocated at once, beyond what was live before.
fn peak_bytes<R>(f: impl FnOnce() -> R) -> (R, isize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let r = f();
    (r, PEAK.with(Cell::get) - base)
}

fn purchase_of(lines: Vec<Line>) -> Event {
    let mut e = purchase("2026-03-04T12:00:00Z", "store", &[]);
    if let Event::Purchase(t) = &mut e {
        t.lines = lines;
    }
    e
}

fn lines(n: usize, category: impl Fn(usize) -> String) -> Vec<Line> {
    (0..n)
        .map(|i| {
            Line::new(&format!("S{i}"))
                .with_category(&category(i))
                .with_unit_price(Decimal::ONE)
        })
        .collect()
}

#[test]
fn candidate_rules_cost_memory_linear_in_lines_plus_rules() {
    // 2,000 rules keyed on one category, 5,000 lines of it: the index used
    // to copy the 2,000 candidates once per line (40 MB here, 4 GB for a
    // million lines) before removing duplicates.
    let mut src = String::from("program \"T\" { currency USD }\n");
    for i in 0..2_000 {
        src.push_str(&format!(
            "earn \"R{i}\" on purchase for each line where line.category == \"fuel\" {{ award 1 point }}\n"
        ));
    }
    let p = compile(&src);
    let e = purchase_of(lines(5_000, |_| "fuel".into()));
    let m = m1();
    let (points, peak) = peak_bytes(|| p.points(&m, &e).unwrap().get("m1", "points"));
    assert_eq!(points.to_string(), "10000000"); // 1 point per line per rule
    assert!(
        peak < 1_000_000,
        "evaluation allocated {peak} bytes at its peak"
    );
}

#[test]
fn transaction_lists_in_per_line_rules_are_not_quadratic() {
    // Each line's condition reads tx.categories; 30,000 lines used to make
    // 900 million comparisons per rule (about 20 s in a debug build).
    let limits = Limits {
        max_event_lines: 30_000,
        ..Limits::default()
    };
    let p = Program::compile_with(
        r#"program "T" { currency USD balance second }
        earn "No fuel" on purchase for each line where "fuel" not in tx.categories { award 1 point }
        earn "Own SKU" on purchase for each line where line.sku in tx.skus { award 1 point to second }"#,
        &limits,
    )
    .unwrap();
    let e = purchase_of(lines(30_000, |i| format!("c{}", i % 10)));
    let start = Instant::now();
    let m = m1();
    let points = p.points(&m, &e).unwrap();
    let took = start.elapsed();
    assert_eq!(points.get("m1", "points").to_string(), "30000");
    assert_eq!(points.get("m1", "second").to_string(), "30000");
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[test]
fn an_event_with_more_lines_than_the_limit_is_refused() {
    let p = usd(r#"earn "R" on purchase { award 1 point }"#);
    let e = purchase_of(lines(10_001, |_| "x".into()));
    match p.points(&m1(), &e) {
        Err(EvalError::Limit {
            limit: Limit::EventLines,
            found: 10_001,
            max: 10_000,
            ..
        }) => {}
        other => panic!("expected the lines limit, got {other:?}"),
    }
    let err = p.evaluate(&m1(), &e).unwrap_err();
    assert_eq!(
        err.to_string(),
        "event T1 has 10001 lines, more than the limit of 10000 (Limits::max_event_lines)"
    );
    // A program compiled with a higher limit takes it.
    let raised = Limits {
        max_event_lines: 20_000,
        ..Limits::default()
    };
    let p = Program::compile_with(
        "program \"T\" { currency USD }\nearn \"R\" on purchase { award 1 point }",
        &raised,
    )
    .unwrap();
    assert_eq!(
        p.points(&m1(), &e).unwrap().get("m1", "points").to_string(),
        "1"
    );
}

#[test]
fn tags_and_attributes_are_limited_too() {
    let p = usd(r#"earn "R" on purchase { award 1 point }"#);
    let mut many_tags = lines(1, |_| "x".into());
    many_tags[0].tags = (0..101).map(|i| format!("t{i}")).collect();
    match p.points(&m1(), &purchase_of(many_tags)) {
        Err(EvalError::Limit {
            limit: Limit::LineTags,
            found: 101,
            max: 100,
            ..
        }) => {}
        other => panic!("expected the tags limit, got {other:?}"),
    }
    let mut m = m1();
    for i in 0..257 {
        m.attributes.insert(format!("a{i}"), true.into());
    }
    match p.points(&m, &purchase_of(lines(1, |_| "x".into()))) {
        Err(EvalError::Limit {
            limit: Limit::Attributes,
            found: 257,
            max: 256,
            ..
        }) => {}
        other => panic!("expected the attributes limit, got {other:?}"),
    }
    // A list attribute's texts, which `in` reads one by one.
    let p = usd("attribute member.offers list\n\
         earn \"R\" on purchase when \"X\" in member.offers { award 1 point }");
    let mut m = m1();
    let offers: Vec<String> = (0..1_001).map(|i| format!("o{i}")).collect();
    m.attributes.insert("offers".into(), offers.into());
    let err = p
        .points(&m, &purchase_of(lines(1, |_| "x".into())))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "member m1 has 1001 texts in member.offers, more than the limit of 1000 \
         (Limits::max_attribute_items)"
    );
    assert!(matches!(
        err,
        EvalError::Limit {
            limit: Limit::AttributeItems,
            found: 1_001,
            max: 1_000,
            ..
        }
    ));
}

#[test]
fn a_return_of_every_line_of_a_large_purchase_is_not_quadratic() {
    // 10,000 lines bought, all but one given back in one return (and one
    // line listed twice): the return's explanation lists each line once.
    let p = compile(
        "program \"T\" { currency USD }\nreturns { within 30 days }\n\
         earn \"Base\" on purchase for each line { award 1 point per USD of line.amount }\n\
         earn \"Big\" on purchase when tx.amount >= 5000 USD { award 100 points }\n",
    );
    let m = m1();
    let mut state = p.new_state(&m);
    let mut bought = purchase_of(lines(10_000, |i| format!("c{}", i % 10)));
    if let Event::Purchase(t) = &mut bought {
        t.id = "big".into();
    }
    let o = p.evaluate_with(&m, &state, &bought).unwrap();
    state.apply(&o).unwrap();
    let mut back: Vec<String> = (2..10_000)
        .map(|i| format!(r#"{{"line": {i}, "quantity": 1}}"#))
        .collect();
    back.push(r#"{"line": 1, "quantity": "0.5"}"#.into());
    back.push(r#"{"line": 1, "quantity": "0.5"}"#.into());
    let ret = event(&format!(
        r#"{{"kind": "return", "id": "r", "timestamp": "2026-03-05T12:00:00Z", "purchase": "big", "lines": [{}]}}"#,
        back.join(",")
    ));
    let start = Instant::now();
    let o = p.evaluate_with(&m, &state, &ret).unwrap();
    let text = o.explain();
    let took = start.elapsed();
    let r = o.returned.as_ref().unwrap();
    assert_eq!(r.goods.len(), 9_999);
    let one = r.goods.iter().find(|g| g.line == 1).unwrap();
    assert_eq!(one.quantity.to_string(), "1.0");
    // 10,100 held; the first line is left: 1 point, no bonus.
    assert_eq!(r.points["points"].to_string(), "10099");
    assert!(
        text.contains(
            "    points: the rest earns 1 of the 10100 the purchase held:\n      1 from \"Base\"\n"
        ),
        "{}",
        &text[..500]
    );
    assert!(took < Duration::from_secs(2), "took {took:?}");
}
