#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The reference workload (shared/bench/WORKLOAD.md): the crate against the
//! same rules hand-written in Rust, in one group, so that the ratio is taken
//! in one run; scaling with rules a transaction cannot match; compile time.
//!
//! `cargo bench --bench evaluate` (add `--features rayon` for the parallel batch)

#[path = "../tests/common/workload.rs"]
mod workload;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use loyalty_rules::{Event, Member, Program};

const TXS: usize = 1_000;

/// The same pre-generated transactions, as workload rows and as crate inputs.
fn transactions() -> (Vec<workload::Tx>, Vec<(Member, Event)>) {
    let txs = workload::generate(TXS, 42);
    let inputs = txs
        .iter()
        .enumerate()
        .map(|(i, t)| workload::to_input(t, i))
        .collect();
    (txs, inputs)
}

fn workload_12(c: &mut Criterion) {
    let (txs, inputs) = transactions();
    let program = Program::compile(&workload::program_source()).unwrap();
    let mut g = c.benchmark_group("workload_12_rules");
    g.throughput(Throughput::Elements(TXS as u64));
    g.bench_function("hand_written_rust", |b| {
        b.iter(|| {
            txs.iter()
                .map(|t| workload::hand_written(black_box(t)))
                .sum::<i64>()
        })
    });
    g.bench_function("hand_written_rust_on_inputs", |b| {
        b.iter(|| {
            inputs
                .iter()
                .map(|(m, e)| workload::hand_written_on_input(black_box(m), black_box(e)))
                .sum::<i64>()
        })
    });
    g.bench_function("loyalty_rules_points", |b| {
        b.iter(|| {
            inputs
                .iter()
                .map(|(m, e)| {
                    program
                        .points(black_box(m), black_box(e))
                        .unwrap()
                        .get("member", "points")
                })
                .sum::<rust_decimal::Decimal>()
        })
    });
    g.bench_function("loyalty_rules_explained", |b| {
        b.iter(|| {
            inputs
                .iter()
                .map(|(m, e)| {
                    program
                        .evaluate(black_box(m), black_box(e))
                        .unwrap()
                        .awards
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let (_, inputs) = transactions();
    let mut g = c.benchmark_group("scaling_rules");
    g.throughput(Throughput::Elements(TXS as u64));
    for total in [12usize, 100, 1_000, 10_000] {
        let program = Program::compile(&workload::scaled_source(total - 12)).unwrap();
        g.bench_with_input(BenchmarkId::from_parameter(total), &program, |b, p| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|(m, e)| p.points(m, e).unwrap().iter().count())
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

/// The batch API on the 12-rule workload: sequential, and with `--features
/// rayon` on all cores (results in input order either way).
fn batch(c: &mut Criterion) {
    let (_, inputs) = transactions();
    let program = Program::compile(&workload::program_source()).unwrap();
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(TXS as u64));
    g.bench_function("points_batch", |b| {
        b.iter(|| program.points_batch(black_box(&inputs)).len())
    });
    #[cfg(feature = "rayon")]
    g.bench_function("par_points_batch", |b| {
        b.iter(|| program.par_points_batch(black_box(&inputs)).len())
    });
    g.finish();
}

fn compile(c: &mut Criterion) {
    let mut g = c.benchmark_group("compile");
    for total in [12usize, 1_000, 10_000] {
        let src = workload::scaled_source(total - 12);
        g.bench_with_input(BenchmarkId::from_parameter(total), &src, |b, s| {
            b.iter(|| Program::compile(black_box(s)).unwrap())
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3)).sample_size(20);
    targets = workload_12, scaling, batch, compile
}
criterion_main!(benches);
