#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The `loyalty` command-line pipeline on 100,000 events of the reference
//! workload (1,000 members, each line an envelope with its member): bytes of
//! JSON lines in, one outcome (JSON) or explanation out per line (to
//! `/dev/null`; the bytes out are printed before each measurement). The
//! baseline in the same group is the floor of any JSON-lines tool: reading
//! the same lines, parsing each into a `serde_json::Value` and writing it
//! back, in one process.
//!
//! `cargo bench --features cli --bench cli`

#[path = "../tests/common/workload.rs"]
mod workload;

use std::hint::black_box;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const EVENTS: usize = 100_000;

/// The events as JSON lines, written once to the target directory.
fn input() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("cli-bench-100k.jsonl");
    if path.exists() {
        return path;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for (i, tx) in workload::generate(EVENTS, 7).iter().enumerate() {
        writeln!(
            out,
            r#"{{"member": {{"id": "M-{}", "tier": "{}", "birthday": "1990-{:02}-01", "purchase_count": {}}}, "event": {{"kind": "purchase", "id": "T-{i}", "timestamp": "{}", "channel": "{}", "currency": "USD", "lines": [{{"sku": "SKU-1", "category": "{}", "quantity": 1, "unit_price": "{}"}}]}}}}"#,
            i % 1000,
            workload::TIERS[tx.tier],
            tx.birthday_month,
            if tx.first_purchase { 0 } else { 7 },
            tx.timestamp.to_rfc3339(),
            workload::CHANNELS[tx.channel],
            workload::CATEGORIES[tx.category],
            tx.amount,
        )
        .unwrap();
    }
    out.flush().unwrap();
    path
}

fn program() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/programs/workload.loyalty")
}

/// Runs `loyalty ARGS` with its output written to `/dev/null`, as a
/// command in a shell script would be (a pipe read by this process would
/// take a share of the same cores).
fn run(args: &[&str]) {
    let sink = std::fs::File::create("/dev/null").unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_loyalty"))
        .args(args)
        .stdout(Stdio::from(sink))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

/// The bytes `loyalty ARGS` writes, counted once outside the timing.
fn output_bytes(args: &[&str]) -> u64 {
    let out = Command::new(env!("CARGO_BIN_EXE_loyalty"))
        .args(args)
        .stderr(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout.len() as u64
}

fn pipeline(c: &mut Criterion) {
    let input = input();
    let size = std::fs::metadata(&input).unwrap().len();
    let (events, program) = (input.to_str().unwrap(), program());
    let program = program.to_str().unwrap();
    let mut g = c.benchmark_group("cli_100k_events");
    g.throughput(Throughput::Bytes(size));
    g.bench_function("json_lines_floor", |b| {
        b.iter(|| {
            let file = std::io::BufReader::new(std::fs::File::open(&input).unwrap());
            let mut out = std::io::BufWriter::new(std::io::sink());
            for line in file.lines() {
                let value: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
                serde_json::to_writer(&mut out, black_box(&value)).unwrap();
                out.write_all(b"\n").unwrap();
            }
        })
    });
    for (name, command, jobs) in [
        ("eval_jobs_1", "eval", "1"),
        ("explain_jobs_1", "explain", "1"),
        ("explain_jobs_2", "explain", "2"),
    ] {
        let args = [command, program, events, "--jobs", jobs];
        eprintln!(
            "{name}: {} bytes in, {} bytes out",
            size,
            output_bytes(&args)
        );
        g.bench_function(name, |b| b.iter(|| run(&args)));
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8)).sample_size(10);
    targets = pipeline
}
criterion_main!(benches);
