pub mod diagnostics;
pub mod fixtures;
pub mod workload;

/// The number of cases a property runs: `default`, or `PROPTEST_CASES` for
/// long runs (an explicit `cases` in a config would override the variable).
#[allow(dead_code)]
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
