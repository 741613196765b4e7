#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Heap allocations per evaluation, counted by a global allocator that
//! counts the allocations of the current thread only (other test threads
//! do not disturb the count).
//!
//! Target (issue 4): no allocation per evaluation beyond the result itself;
//! the lean result holds its usual totals in place, so `points` allocates
//! nothing.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use common::workload::{generate, program_source, to_input};
use loyalty_rules::{Event, Member, Program};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator unchanged; the only
// addition is a thread-local counter that never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations<R>(f: impl FnOnce() -> R) -> (R, u64) {
    let before = ALLOCATIONS.with(Cell::get);
    let r = f();
    (r, ALLOCATIONS.with(Cell::get) - before)
}

fn inputs() -> Vec<(Member, Event)> {
    generate(1_000, 7)
        .iter()
        .enumerate()
        .map(|(i, t)| to_input(t, i))
        .collect()
}

#[test]
fn lean_evaluation_does_not_allocate() {
    let program = Program::compile(&program_source()).unwrap();
    let inputs = inputs();
    // Warm up this thread's buffers on every input once.
    for (m, e) in &inputs {
        program.points(m, e).unwrap();
    }
    for (m, e) in &inputs {
        let (points, n) = allocations(|| program.points(m, e).unwrap());
        // None: the totals are held in the returned value itself.
        assert_eq!(n, 0, "{} allocations for event {}", n, e.id());
        drop(points);
    }
}

#[test]
fn lean_evaluation_of_a_large_program_does_not_allocate() {
    let program = Program::compile(&common::workload::scaled_source(1_000)).unwrap();
    let inputs = inputs();
    for (m, e) in &inputs {
        program.points(m, e).unwrap();
    }
    let (_, n) = allocations(|| {
        for (m, e) in &inputs {
            program.points(m, e).unwrap();
        }
    });
    assert_eq!(n, 0);
}

#[test]
fn explained_evaluation_allocates_for_the_outcome_only() {
    let program = Program::compile(&program_source()).unwrap();
    let inputs = inputs();
    for (m, e) in &inputs {
        program.evaluate(m, e).unwrap();
    }
    let (awards, n) = allocations(|| {
        inputs
            .iter()
            .map(|(m, e)| program.evaluate(m, e).unwrap().awards.len() as u64)
            .sum::<u64>()
    });
    // Every allocation is a part of an outcome: the event's id, its lists
    // and the change's entries, and per award its lines and steps. Names
    // from the program are shared, not copied (`Name`); an award's box is
    // the box of an award of an earlier outcome, and the member's id and a
    // line's SKU and category the names made for earlier outcomes (the
    // thread's scratch keeps both), so the bound is 6 for the outcome and
    // 2 per award (8.3 per event here; 13.8 when each award had a box and
    // each SKU and category a name of its own, 23 when every name was its
    // own `String`).
    let per_event = n as f64 / inputs.len() as f64;
    eprintln!("explained: {per_event:.1} allocations per event, {awards} awards");
    assert!(n <= 6 * inputs.len() as u64 + 2 * awards, "{n} allocations");
}

#[test]
fn lean_evaluation_with_member_state_does_not_allocate() {
    // Counters read by period, a milestone, a limit and a cap per member:
    // reading the state costs no allocation either.
    let program = Program::compile(&format!(
        "{}\ncounter visits\ncount 1 to visits on purchase\n\
         earn \"Fifth\" on purchase when visits this month == 5 {{ award 50 points }}\n\
         earn \"Marks\" on purchase {{ award 10 points per crossed(visits this year, 3, 3) }}\n\
         earn \"Once\" on purchase {{ award 5 points  limit 1 per member per week }}\n\
         earn \"Capped\" on purchase {{ award 1 point per USD of tx.amount  cap 500 points per member per year }}\n",
        program_source()
    ))
    .unwrap();
    let inputs = inputs();
    let member = &inputs[0].0;
    let mut state = program.new_state(member);
    for (_, e) in inputs.iter().take(200) {
        let outcome = program.evaluate_with(member, &state, e).unwrap();
        state.apply(&outcome).unwrap();
    }
    // The events not yet in the state.
    for (_, e) in inputs.iter().skip(200) {
        program.points_with(member, &state, e).unwrap();
    }
    for (_, e) in inputs.iter().skip(200) {
        let (points, n) = allocations(|| program.points_with(member, &state, e).unwrap());
        assert_eq!(n, 0, "{} allocations for event {}", n, e.id());
        drop(points);
    }
}
