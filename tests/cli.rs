#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The `loyalty` binary, run as an author would run it.

use std::process::Command;

fn loyalty(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_loyalty"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A cafe that counts visits: 100 points on the third, 1 point per USD.
const CAFE: &str = r#"program "Cafe" { currency USD }
counter visits
count 1 to visits on purchase
earn "Third visit" on purchase when visits lifetime == 3 { award 100 points }
earn "Stars" on purchase { award 1 point per USD of tx.amount }
"#;

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("loyalty-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn check_accepts_the_shipped_program() {
    let (code, out, _) = loyalty(&["check", "examples/programs/acme.loyalty"]);
    assert_eq!(code, 0);
    let version = loyalty_rules::Program::compile(
        &std::fs::read_to_string("examples/programs/acme.loyalty").unwrap(),
    )
    .unwrap()
    .version()
    .to_string();
    // The version a state's receipts record, shortened as outputs shorten
    // a program's hash.
    assert_eq!(
        out,
        format!(
            "examples/programs/acme.loyalty: ok, \"Acme Rewards\", 12 rules, no warnings, version {}\n",
            &version[..19]
        )
    );
    let (code, out, _) = loyalty(&[
        "check",
        "--format",
        "json",
        "examples/programs/acme.loyalty",
    ]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["version"], version.as_str());
}

#[test]
fn check_prints_diagnostics_and_exits_1() {
    let path = temp("bad.loyalty", "program \"x\" { currency USD }\nearn \"A\" on purchase when tx.amont > 5 USD { award 1 point }\n");
    let (code, out, err) = loyalty(&["check", &path]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(
        err.contains("error[L0203]: unknown field `tx.amont`"),
        "{err}"
    );
    // rustc's layout: the code, then `--> file:line:column`, the source
    // line, a caret under the span, the help; no colour when piped.
    assert!(err.contains(&format!("--> {path}:2:27")), "{err}");
    assert!(
        err.contains("2 | earn \"A\" on purchase when tx.amont > 5 USD { award 1 point }"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "{err}");
    assert!(err.contains("help: did you mean `tx.amount`?"), "{err}");
    // A closing line counts them, as the one of a program that compiles.
    assert!(
        err.ends_with(&format!("{path}: failed, 1 error, no warnings\n")),
        "{err}"
    );
}

#[test]
fn eval_prints_one_json_outcome_per_line_and_survives_bad_lines() {
    let events = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/events.jsonl"
    ))
    .unwrap();
    let mut lines: Vec<&str> = events.lines().take(2).collect();
    lines.insert(1, "{not json");
    let path = temp("events.jsonl", &lines.join("\n"));
    let (code, out, err) = loyalty(&[
        "eval",
        "examples/programs/acme.loyalty",
        &path,
        "--member",
        "examples/data/member-gold.json",
    ]);
    assert_eq!(code, 1, "a bad line makes the exit status 1");
    assert!(
        err.contains("events.jsonl:2:2: not an event: key must be a string\n"),
        "{err}"
    );
    let outcomes: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // One line per event: the bad one is an error record in its place.
    assert_eq!(outcomes.len(), 3);
    assert_eq!(outcomes[0]["event"], "T-5001");
    assert_eq!(outcomes[0]["totals"][0]["points"], "570");
    assert_eq!(
        outcomes[1],
        serde_json::json!({"line": 2, "error": {"error": "invalid_json", "column": 2},
            "message": "key must be a string"})
    );
    assert_eq!(outcomes[2]["event"], "T-5002");
    assert_eq!(outcomes[2]["totals"][0]["points"], "1260");
}

#[test]
fn files_saved_by_windows_tools_read_as_any_other() {
    // A byte-order mark before the first line and CRLF line endings, as
    // Notepad, PowerShell and spreadsheet exports write them: the same
    // outcomes as the plain file, in `eval` (file order) and `simulate`
    // (time order), and the member file likewise.
    let events = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/events.jsonl"
    ))
    .unwrap();
    let member = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/member-gold.json"
    ))
    .unwrap();
    let windows = format!("\u{feff}{}", events.replace('\n', "\r\n"));
    let bom_events = temp("bom-events.jsonl", &windows);
    let bom_member = temp("bom-member.json", &format!("\u{feff}{member}"));
    for command in ["eval", "simulate"] {
        let plain = loyalty(&[
            command,
            "examples/programs/acme.loyalty",
            "examples/data/events.jsonl",
            "--member",
            "examples/data/member-gold.json",
        ]);
        let saved = loyalty(&[
            command,
            "examples/programs/acme.loyalty",
            &bom_events,
            "--member",
            &bom_member,
        ]);
        assert_eq!(plain.0, 0, "{}", plain.2);
        assert_eq!((saved.0, &saved.2), (plain.0, &plain.2), "{command}");
        assert!(saved.1 == plain.1, "{command}: the outputs differ");
    }
}

#[test]
fn eval_replays_several_members_threading_their_states() {
    let program = temp("cafe.loyalty", CAFE);
    let purchase = |member: &str, id: &str, day: u32| {
        format!(
            r#"{{"member": "{member}", "event": {{"kind": "purchase", "id": "{id}", "timestamp": "2026-11-{day:02}T08:00:00Z", "currency": "USD", "lines": [{{"sku": "latte", "quantity": 1, "unit_price": "5.00"}}]}}}}"#
        )
    };
    let state_in = temp(
        "state-in.json",
        r#"{"schema": 1, "program": "Cafe", "member": "ann", "balances": {"points": "40"},
            "counters": {"visits": {"total": "1"}}}"#,
    );
    let events = [
        purchase("ann", "a1", 1),
        purchase("bob", "b1", 1),
        // A misspelt field: an error record, and ann's state is unchanged.
        purchase("ann", "a2", 2).replace("\"quantity\"", "\"quantty\""),
        purchase("ann", "a3", 3),
        purchase("bob", "b2", 3),
    ]
    .join("\n");
    let state_out = std::env::temp_dir()
        .join(format!("loyalty-cli-{}", std::process::id()))
        .join("state-out.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_loyalty"))
        .args(["eval", &program, "-", "--state", &state_in, "--state-out"])
        .arg(&state_out)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), events.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("<stdin>:3:"),
        "the failing line is reported on stderr: {err}"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<(String, String)> = lines
        .iter()
        .map(|o| {
            (
                o["event"].as_str().unwrap_or("error").to_string(),
                o["totals"][0]["points"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    let expect = [
        ("a1", "5"),
        ("b1", "5"),
        ("error", "-"),
        ("a3", "105"),
        ("b2", "5"),
    ];
    assert_eq!(summary, expect.map(|(a, b)| (a.to_string(), b.to_string())));
    assert_eq!(lines[2]["error"]["path"], "event.lines[0].quantty");
    let states: Vec<loyalty_rules::MemberState> =
        serde_json::from_str(&std::fs::read_to_string(&state_out).unwrap()).unwrap();
    let balance = |i: usize| states[i].balance("points").unwrap().to_string();
    assert_eq!(
        (states[0].member.as_str(), balance(0)),
        ("ann", "150".to_string())
    );
    assert_eq!(
        (states[1].member.as_str(), balance(1)),
        ("bob", "10".to_string())
    );
    assert_eq!(states[0].counter("visits").unwrap().total.to_string(), "3");
}

#[test]
fn explain_renders_for_people() {
    let (code, out, _) = loyalty(&[
        "explain",
        "examples/programs/acme.loyalty",
        "examples/data/events.jsonl",
        "--member",
        "examples/data/member-gold.json",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("purchase T-5001 for member M-1001"), "{out}");
    assert!(out.contains("× 1.25 (tier gold) = 53.5"), "{out}");
    assert!(
        out.contains("250 points from \"Referral\" to member M-2002"),
        "{out}"
    );
}

#[test]
fn fmt_prints_the_canonical_layout() {
    let path = temp(
        "messy.loyalty",
        "program \"x\"{currency USD}\n\n\n// bonus\nearn \"A\" on purchase when tx.amount>=5USD{award 1 point   # one\n}\n",
    );
    let (code, out, err) = loyalty(&["fmt", &path]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "program \"x\" { currency USD }\n\n// bonus\nearn \"A\" on purchase when tx.amount >= 5 USD {\n  award 1 point # one\n}\n"
    );
}

#[test]
fn fmt_check_and_write() {
    // The shipped programs are in the canonical layout.
    for program in [
        "examples/programs/acme.loyalty",
        "examples/programs/workload.loyalty",
    ] {
        assert_eq!(
            loyalty(&["fmt", "--check", program]),
            (0, String::new(), String::new())
        );
    }
    let path = temp("unformatted.loyalty", "program \"x\" {\ncurrency USD }\n");
    let (code, out, err) = loyalty(&["fmt", "--check", &path]);
    assert_eq!(code, 1);
    // A unified diff on standard output, as `diff -u` prints it.
    assert_eq!(
        out,
        format!(
            "--- {path}\n+++ {path} (formatted)\n@@ -1,2 +1 @@\n-program \"x\" {{\n-currency USD }}\n+program \"x\" {{ currency USD }}\n"
        )
    );
    assert_eq!(
        err,
        format!("{path}: not in the canonical layout; `loyalty fmt --write {path}` rewrites it\n")
    );
    assert_eq!(
        loyalty(&["fmt", "--write", &path]),
        (0, String::new(), String::new())
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "program \"x\" { currency USD }\n"
    );
    assert_eq!(loyalty(&["fmt", "--check", &path]).0, 0);
}

#[test]
fn fmt_refuses_a_program_that_does_not_parse() {
    let path = temp(
        "broken.loyalty",
        "program \"x\" { currency USD }\nearn \"A\" on purchase award 5 points }\n",
    );
    let before = std::fs::read_to_string(&path).unwrap();
    let (code, out, err) = loyalty(&["fmt", "--write", &path]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.starts_with("error[L0101]: expected"), "{err}");
    assert!(err.contains(&format!("--> {path}:2:22")), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    // `loyalty eval ... | head -1`: the reader goes away after one line.
    let events = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/events.jsonl"
    ))
    .unwrap();
    // 2,000 copies, each event under an id of its own.
    let many: String = (0..2_000)
        .map(|k| events.replace(r#""id": ""#, &format!(r#""id": "{k}-"#)))
        .collect();
    let path = temp("many.jsonl", &many);
    let mut child = Command::new(env!("CARGO_BIN_EXE_loyalty"))
        .args([
            "eval",
            "examples/programs/acme.loyalty",
            &path,
            "--member",
            "examples/data/member-gold.json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err, "", "nothing on stderr");
    assert_eq!(
        out.status.code(),
        Some(141),
        "the status of a process stopped by SIGPIPE"
    );
}

#[test]
fn fmt_keeps_crlf_line_endings() {
    let path = temp(
        "crlf.loyalty",
        "program \"x\" { currency USD }\r\n# a comment\r\nearn \"A\" on purchase { award 1 point }\r\n",
    );
    // Already canonical, in CRLF: nothing to change.
    assert_eq!(
        loyalty(&["fmt", "--check", &path]),
        (0, String::new(), String::new())
    );
    let messy = temp(
        "crlf-messy.loyalty",
        "program \"x\"{currency USD}\r\n\r\n\r\n# c\r\n",
    );
    let (code, out, _) = loyalty(&["fmt", &messy]);
    assert_eq!(
        (code, out.as_str()),
        (0, "program \"x\" { currency USD }\r\n\r\n# c\r\n")
    );
}

#[test]
fn fmt_takes_several_files_and_standard_input() {
    let good = "examples/programs/acme.loyalty";
    let bad = temp("bad-layout.loyalty", "program \"x\" {\ncurrency USD }\n");
    let (code, _, err) = loyalty(&["fmt", "--check", good, &bad]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("{bad}: not in the canonical layout")),
        "{err}"
    );
    assert!(!err.contains(good), "{err}");
    // `-` reads standard input and prints the result.
    let mut child = Command::new(env!("CARGO_BIN_EXE_loyalty"))
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        b"program \"x\"{currency USD}",
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "program \"x\" { currency USD }\n"
    );
    // --write needs files.
    let (code, _, err) = loyalty(&["fmt", "--write", "-"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--write needs a file, not standard input"),
        "{err}"
    );
}

#[test]
fn check_counts_in_words() {
    let path = temp(
        "one.loyalty",
        "program \"x\" { currency USD }\nearn \"A\" on purchase { award 1 point }\n\
         campaign \"C\" from 2026-12-01 to 2026-11-01 { multiply \"A\" by 2 }\n",
    );
    let (code, out, err) = loyalty(&["check", &path]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(&format!(
            "{path}: ok, \"x\", 1 rule, 1 warning, version sha256:"
        )),
        "{out}"
    );
    assert!(err.contains("warning[L0502]:"), "{err}");
}

#[test]
fn check_counts_every_diagnostic_found_not_only_those_listed() {
    // 300 rules that each award more than the whole amount: 300 warnings,
    // of which a compile lists 100 and a note says how many more.
    let mut src = String::from("program \"x\" { currency USD }\n");
    for i in 0..300 {
        src.push_str(&format!(
            "earn \"r{i}\" on purchase {{ award 150% of tx.amount }}\n"
        ));
    }
    let path = temp("many.loyalty", &src);
    let (code, out, err) = loyalty(&["check", &path]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(&format!(
            "{path}: ok, \"x\", 300 rules, 300 warnings (100 listed), version sha256:"
        )),
        "{out}"
    );
    assert_eq!(err.matches("warning[L0504]").count(), 100, "{err}");
    assert!(
        err.contains("warning[L0104]: 200 more warnings are not listed: at most 100 are"),
        "{err}"
    );
    let (_, out, _) = loyalty(&["check", "--format", "json", &path]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let listed = report["diagnostics"].as_array().unwrap();
    assert_eq!(listed.len(), 101);
    assert_eq!(listed[100]["code"], "L0104");
    assert_eq!(listed[100]["unlisted"], 200);
    assert!(listed[99].get("unlisted").is_none());
}

#[test]
fn check_reports_json_for_editors() {
    let path = temp(
        "typo.loyalty",
        "program \"x\" { currency USD }\nearn \"A\" on purchase when tx.amont > 5 USD { award 1 point }\n",
    );
    let (code, out, err) = loyalty(&["check", "--format", "json", &path]);
    assert_eq!((code, err.as_str()), (1, ""));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["file"], path.as_str());
    assert_eq!(report["ok"], false);
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "unknown field `tx.amont`");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(27))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(2), Some(35))
    );
    assert_eq!(d["help"], "did you mean `tx.amount`?");
}

#[test]
fn check_can_deny_warnings() {
    let path = temp(
        "warned.loyalty",
        "program \"x\" { currency USD }\nearn \"A\" on purchase { award 1 point }\n\
         campaign \"C\" from 2026-12-01 to 2026-11-01 { multiply \"A\" by 2 }\n",
    );
    assert_eq!(loyalty(&["check", &path]).0, 0);
    let (code, _, err) = loyalty(&["check", "--deny-warnings", &path]);
    assert_eq!(code, 1);
    assert!(
        err.ends_with("warned.loyalty: warnings are denied (--deny-warnings)\n"),
        "{err}"
    );
    let (code, out, _) = loyalty(&["check", "--deny-warnings", "--format", "json", &path]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
}

#[test]
fn the_bakery_example_picks_its_welcome_offer_and_keeps_its_limits() {
    let (code, out, err) = loyalty(&[
        "explain",
        "examples/programs/crumb.loyalty",
        "examples/data/crumb-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    // 25.00 in the birthday month: 250 doubled, the better welcome offer,
    // the launch week's bonus; then base points only (the bonus's weekly
    // limit reached, then the launch week over).
    let totals: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("    ") && l.ends_with(" points") && !l.starts_with("     "))
        .collect();
    assert_eq!(
        totals,
        [
            "    500 points",
            "    100 points",
            "    1100 points",
            "    120 points",
            "    200 points"
        ],
        "{out}"
    );
    assert!(
        out.contains("    best of group \"welcome\" by points (500; \"Welcome\" 200)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  Pumpkin bonus: not applied, `limit 1 per member per week` reached (1 so far)\n"
        ),
        "{out}"
    );
    assert!(
        err.ends_with("3 events, 0 failed; credited 1420 points\n"),
        "{err}"
    );
}

#[test]
fn the_hotel_example_replays_with_milestones_and_a_welcome_bonus() {
    let (code, out, err) = loyalty(&[
        "explain",
        "examples/programs/hotel.loyalty",
        "examples/data/hotel-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    // 38 nights, then 25 more: the marks at 40, 50 and 60 are crossed.
    assert!(
        out.contains("  30000 points from \"Night milestones\"\n"),
        "{out}"
    );
    assert!(out.contains("    = 30000 on 3\n"), "{out}");
    assert!(
        out.contains("  counted on 2026-03-02: nights +38, stays +1\n"),
        "{out}"
    );
    assert!(out.contains("  badge earned: \"First stay\"\n"), "{out}");
    assert_eq!(out.matches("from \"Welcome\"").count(), 1, "{out}");
    // Each event's total of points follows its `total:` line.
    let lines: Vec<&str> = out.lines().collect();
    let totals: Vec<&str> = lines
        .windows(2)
        .filter(|w| w[0] == "  total:")
        .map(|w| w[1].trim())
        .collect();
    assert_eq!(totals, ["74745 points", "250 points", "69750 points"]);
}

#[test]
fn diagnostics_are_coloured_only_when_asked_or_on_a_terminal() {
    let path = temp("colour.loyalty", "program \"x\" { currency USD }\nearn \"A\" on purchase when tx.amont > 5 USD { award 1 point }\n");
    let (_, _, always) = loyalty(&["check", "--color", "always", &path]);
    assert!(always.contains("\u{1b}["), "{always}");
    let (_, _, never) = loyalty(&["check", "--color", "never", &path]);
    assert!(!never.contains('\u{1b}'), "{never}");
    // `auto` on a pipe, and NO_COLOR, give none.
    let out = Command::new(env!("CARGO_BIN_EXE_loyalty"))
        .args(["check", &path])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error[L0203]: unknown field `tx.amont`"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "{err}");
}

#[test]
fn tiers_are_earned_by_stays_and_reported_by_loyalty_tier() {
    let state =
        std::env::temp_dir().join(format!("loyalty-tier-state-{}.json", std::process::id()));
    let state = state.to_string_lossy().into_owned();
    let (code, out, err) = loyalty(&[
        "explain",
        "examples/programs/hotel-tiers.loyalty",
        "examples/data/hotel-tiers-events.jsonl",
        "--state-out",
        &state,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  tier 2026-04-17: member -> silver: qualified: 10 nights (has 11)\n"),
        "{out}"
    );
    // The third stay earns at silver, then makes the member gold.
    assert!(out.contains("      × 1.1 (tier silver) = 52800\n"), "{out}");
    assert!(
        out.contains("  tier 2026-09-11: silver -> gold: qualified: 25 nights (has 26)\n"),
        "{out}"
    );
    // Nothing in 2027: gold, held through 2027, ends when time passes.
    assert!(
        out.ends_with("time close-2027 for member M-7 — program \"Harbor Hotels Elite\" (sha256:f182416807a7)\n  tier: member (earned)\n  tier 2028-01-01: gold -> member: gold ended on 2027-12-31, not requalified\n"),
        "{out}"
    );

    // The status on a day, in words and in JSON.
    let first_year = temp(
        "elite-events.jsonl",
        &std::fs::read_to_string("examples/data/hotel-tiers-events.jsonl")
            .unwrap()
            .lines()
            .take(3)
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let state_2026 =
        std::env::temp_dir().join(format!("loyalty-tier-2026-{}.json", std::process::id()));
    let state_2026 = state_2026.to_string_lossy().into_owned();
    let (code, _, err) = loyalty(&[
        "eval",
        "examples/programs/hotel-tiers.loyalty",
        &first_year,
        "--state-out",
        &state_2026,
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = loyalty(&[
        "tier",
        "examples/programs/hotel-tiers.loyalty",
        &state_2026,
        "--as-of",
        "2026-10-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "member M-7 on 2026-10-01: tier gold (earned)
  earned gold since 2026-09-11, held until 2027-12-31: 25 nights (has 26)
  qualifying over the calendar year, from 2026-01-01
  next: platinum by 2026-12-31, on any one path:
    - 50 nights (has 26, 24 missing)
"
    );
    // The README quotes this status.
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains(&out), "README.md does not quote:\n{out}");
    let (code, out, _) = loyalty(&[
        "tier",
        "examples/programs/hotel-tiers.loyalty",
        &state_2026,
        "--as-of",
        "2026-10-01",
        "--json",
    ]);
    assert_eq!(code, 0);
    let status: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(status["tier"]["tier"], "gold");
    assert_eq!(status["tier"]["source"], "earned");
    assert_eq!(
        status["next"]["paths"][0]["parts"][0]["criteria"][0]["missing"],
        "24"
    );
    // A day before the state's last review is refused, the member named once.
    let (code, _, err) = loyalty(&[
        "tier",
        "examples/programs/hotel-tiers.loyalty",
        &state_2026,
        "--as-of",
        "2026-01-01",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: member M-7: a tier status as of 2026-01-01 cannot be read"),
        "{err}"
    );
    // A bad date is refused by the argument parser.
    let (code, _, err) = loyalty(&[
        "tier",
        "examples/programs/hotel-tiers.loyalty",
        &state_2026,
        "--as-of",
        "2026-02-30",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--as-of"), "{err}");
}

#[test]
fn simulate_replays_in_time_order_and_redeem_quotes() {
    // The file lists the events newest first; simulate sorts them. The
    // order the redemption paid for is cancelled three days later: its
    // points go back to their lots, and p1's expire at the end of January.
    let (code, out, err) = loyalty(&[
        "simulate",
        "examples/programs/grocer-ledger.loyalty",
        "examples/data/grocer-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "2026-01-15 p1 (purchase) anonymous: points 1200 (0 available, 1200 pending, 1 lot)
2026-03-01 p2 (purchase) anonymous: points 1600 (1200 available, 400 pending, 2 lots)
2026-04-05 r1 (redemption) anonymous: points 100 (100 available, 0 pending, 1 lot)
2026-04-08 c1 (cancellation) anonymous: points 1600 (1600 available, 0 pending, 2 lots)
2027-02-01 t (time) anonymous: points 400 (400 available, 0 pending, 1 lot)
"
    );
    // 1600 + 1500 - 1500 - 1200: the balance of 400.
    assert!(
        err.ends_with(
            "5 events, 0 failed; credited 1600 points; given back 1500 points; \
             redeemed 1500 points; expired 1200 points\n"
        ),
        "{err}"
    );
    let (code, out, _) = loyalty(&[
        "simulate",
        "examples/programs/grocer-ledger.loyalty",
        "examples/data/grocer-events.jsonl",
        "--json",
    ]);
    assert_eq!(code, 0);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["pending"]["points"], "1200");
    assert_eq!(first["lots"]["points"][0]["vests_on"], "2026-01-29");

    // The drugstore's cash back, in cents: a quarter's cap, a return, lots
    // spent soonest expiring first, the rest expired a year on.
    let (code, out, err) = loyalty(&[
        "simulate",
        "examples/programs/drugstore.loyalty",
        "examples/data/drugstore-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "2026-03-02 d1 (purchase) anonymous: cash 1.57 (0.00 available, 1.57 pending, 1 lot)
2026-03-10 r1 (redemption) anonymous: cash 0.32 (0.32 available, 0.00 pending, 1 lot)
2026-03-20 d2 (purchase) anonymous: cash 11.07 (0.32 available, 10.75 pending, 2 lots)
2026-03-24 x1 (return) anonymous: cash 5.73 (0.32 available, 5.41 pending, 2 lots)
2026-03-30 d3 (purchase) anonymous: cash 11.07 (5.73 available, 5.34 pending, 3 lots)
2026-04-01 d4 (purchase) anonymous: cash 16.41 (5.73 available, 10.68 pending, 4 lots)
2026-04-15 r2 (redemption) anonymous: cash 4.07 (4.07 available, 0.00 pending, 1 lot)
2027-04-02 close (time) anonymous: cash 0.00 (0.00 available, 0.00 pending, 0 lots)
"
    );
    // The closing line adds up to the balance: what was credited, less
    // what a return took back, redemptions spent and lots expired.
    assert!(
        err.ends_with(
            "8 events, 0 failed; credited 23.00 cash; taken back 5.34 cash; \
             redeemed 13.59 cash; expired 4.07 cash\n"
        ),
        "{err}"
    );
    // The department store's notes: each issued as soon as 1,000 points
    // vest, on a day's time event; a bag returned after its note leaves
    // what the note spent owed, which the next purchase pays first.
    let (code, out, err) = loyalty(&[
        "simulate",
        "examples/programs/department-store.loyalty",
        "examples/data/department-store-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "2026-03-01 n1 (purchase) N-1: points 840 (0 available, 840 pending, 1 lot)
2026-03-02 n2 (purchase) N-1: points 1140 (0 available, 1140 pending, 2 lots)
2026-03-05 day-0305 (time) N-1: points 140 (140 available, 0 pending, 1 lot); issued 1 × \"10 USD Note\"
2026-03-09 n3 (purchase) N-1: points 1440 (140 available, 1300 pending, 2 lots)
2026-03-12 day-0312 (time) N-1: points 440 (440 available, 0 pending, 1 lot); issued 1 × \"10 USD Note\"
2026-03-20 x1 (return) N-1: points -860 (0 available, 0 pending, 0 lots)
2026-04-02 n4 (purchase) N-1: points -480 (0 available, 0 pending, 0 lots)
"
    );
    assert!(
        err.ends_with(
            "7 events, 0 failed; credited 2820 points; taken back 1300 points; \
             issued as rewards 2000 points\n"
        ),
        "{err}"
    );
    let (code, out, _) = loyalty(&[
        "simulate",
        "examples/programs/department-store.loyalty",
        "examples/data/department-store-events.jsonl",
        "--json",
    ]);
    assert_eq!(code, 0);
    let third: serde_json::Value = serde_json::from_str(out.lines().nth(2).unwrap()).unwrap();
    assert_eq!(third["issued"][0]["reward"], "10 USD Note");
    assert_eq!(third["issued"][0]["count"], 1);
    assert!(out.lines().next().is_some_and(|l| !l.contains("issued")));
    // `loyalty balances` on a state of the first two purchases: the note
    // issued on the day their points vested, since the state's last event.
    let two = temp(
        "notes-two.jsonl",
        &std::fs::read_to_string("examples/data/department-store-events.jsonl")
            .unwrap()
            .lines()
            .take(2)
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    );
    let state = temp("notes-state.json", "");
    let (code, _, err) = loyalty(&[
        "eval",
        "examples/programs/department-store.loyalty",
        &two,
        "--state-out",
        &state,
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = loyalty(&[
        "balances",
        "examples/programs/department-store.loyalty",
        &state,
        "--as-of",
        "2026-03-06",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "member N-1 on 2026-03-06
  points 140 (140 available, 0 pending)
    1000 issued on 2026-03-05 for 1 × \"10 USD Note\"
    140 expire on 2027-03-05 (1 lot; activity before then moves the day)
"
    );
    let (code, out, _) = loyalty(&[
        "explain",
        "examples/programs/department-store.loyalty",
        "examples/data/department-store-events.jsonl",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "time day-0305 for member N-1 — program \"Store Notes\" (sha256:02abf9f25303)
  issued 1 × reward \"10 USD Note\" for 1000 points
    840 from the lot of event n1 (earned 2026-03-01)
    160 from the lot of event n2 (earned 2026-03-02)
  activity for points: earning or redeeming keeps its lots from expiring
"
        ),
        "{out}"
    );
    // A balance with decimals shows them in every column.
    let cash = temp(
        "cash.loyalty",
        "program \"Drugstore\" { currency USD  balance cash redeemable precision 2 }\n\
         ledger cash { pending 14 days }\n\
         earn \"Back\" on purchase { award 2% of tx.amount to cash }\n",
    );
    let (code, out, err) = loyalty(&["simulate", &cash, "examples/data/grocer-events.jsonl"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with(
            "2026-01-15 p1 (purchase) anonymous: cash 2.40 (0.00 available, 2.40 pending, 1 lot)\n"
        ),
        "{out}"
    );

    // A quote changes nothing: the same state quotes the same again.
    let state = temp(
        "grocer-state.json",
        r#"{"schema": 1, "program": "Grocer", "member": "m",
            "balances": {"points": "1600"},
            "wallets": {"points": {"lots": [
              {"event": "p1", "earned_on": "2026-01-15", "earned": "1200", "points": "1200", "expires_on": "2027-01-31"},
              {"event": "p2", "earned_on": "2026-03-01", "earned": "400", "points": "400", "expires_on": "2027-03-31"}]}}}"#,
    );
    let quote = |points: &str| {
        loyalty(&[
            "redeem",
            "examples/programs/grocer-ledger.loyalty",
            &state,
            "--burn",
            "Pay with points",
            "--points",
            points,
            "--order",
            "80.00",
            "--at",
            "2026-04-05T12:00:00Z",
        ])
    };
    for _ in 0..2 {
        let (code, out, _) = quote("1500");
        assert_eq!(code, 0);
        assert!(
            out.ends_with("  redeemed 1500 points by burn rule \"Pay with points\" for 15.00 USD\n    1200 from the lot of event p1 (earned 2026-01-15)\n    300 from the lot of event p2 (earned 2026-03-01)\na quote: nothing was redeemed, the state is unchanged\n"),
            "{out}"
        );
    }
    let (code, out, _) = quote("1700");
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "refused: not enough points: 1700 asked, 1600 available\n"
    );
    // Found redeeming a free night from the README: `--state-out` on a
    // quote was "unexpected argument"; it says how a redemption is made.
    let (code, out, err) = loyalty(&[
        "redeem",
        "examples/programs/grocer-ledger.loyalty",
        &state,
        "--reward",
        "Free delivery",
        "--at",
        "2026-04-05T12:00:00Z",
        "--state-out",
        &state,
    ]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: `loyalty redeem` quotes a redemption and changes no state: to redeem, evaluate a \
         redemption event, `loyalty eval PROGRAM redemptions.jsonl --state STATE --state-out \
         STATE`, with lines such as {\"kind\": \"redemption\", \"id\": \"r-1\", \"timestamp\": \
         \"2026-04-05T12:00:00Z\", \"reward\": \"Free delivery\"}\n"
    );
}

#[test]
fn a_campaign_budget_is_shared_by_the_members_of_a_replay() {
    let program = temp(
        "budget.loyalty",
        "program \"Shop\" { currency USD }\ncampaign \"Launch\" { budget 150 points  earn \"Bonus\" on purchase { award 100 points } }\n",
    );
    let events: String = ["a", "b", "c"]
        .iter()
        .map(|m| {
            format!(
                "{{\"member\":\"{m}\",\"event\":{{\"kind\":\"purchase\",\"id\":\"t-{m}\",\"timestamp\":\"2026-06-01T12:00:00Z\",\"currency\":\"USD\",\"lines\":[]}}}}\n"
            )
        })
        .collect();
    let events = temp("budget.jsonl", &events);
    let out_path =
        std::env::temp_dir().join(format!("loyalty-budgets-{}.json", std::process::id()));
    let out_path = out_path.to_string_lossy().into_owned();
    let (code, out, err) = loyalty(&["eval", &program, &events, "--budgets-out", &out_path]);
    assert_eq!(code, 0, "{err}");
    let points: Vec<String> = out
        .lines()
        .map(|l| {
            let o: serde_json::Value = serde_json::from_str(l).unwrap();
            o["totals"][0]["points"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(points, ["100", "50", "0"]);
    // Budgets tie the members together: with more jobs, still in file order.
    let (_, parallel, _) = loyalty(&["eval", &program, &events, "--jobs", "3"]);
    assert_eq!(parallel, out);
    let used: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert_eq!(used["used"]["Launch"], "150");
    // Starting from what was used, nothing is left.
    let (_, out, _) = loyalty(&["eval", &program, &events, "--budgets", &out_path]);
    assert!(out.lines().all(|l| l.contains("\"points\":\"0\"")), "{out}");
}

#[test]
fn a_replay_ends_with_a_summary_on_stderr() {
    let (code, _, err) = loyalty(&[
        "eval",
        "examples/programs/hotel.loyalty",
        "examples/data/hotel-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.lines().last(),
        Some("3 events, 0 failed; credited 144745 points, 63 reward_nights")
    );
}

/// Ten members' purchases interleaved over more lines than one batch, one
/// of them misspelt: the third visit's bonus lands on each member's third
/// good purchase whatever the number of jobs, and output, stderr and the
/// states written are the same for one, two or three jobs.
#[test]
fn jobs_change_nothing_but_the_speed() {
    let program = temp("jobs.loyalty", CAFE);
    let mut lines = Vec::new();
    for n in 0..300 {
        for m in 0..10 {
            let mut line = format!(
                r#"{{"member": "m{m}", "event": {{"kind": "purchase", "id": "t{n}-{m}", "timestamp": "2026-11-01T08:00:00Z", "currency": "USD", "lines": [{{"sku": "latte", "quantity": 1, "unit_price": "5.00"}}]}}}}"#
            );
            if n == 1 && m == 4 {
                line = line.replace("\"quantity\"", "\"quantty\"");
            }
            lines.push(line);
        }
    }
    let events = temp("jobs.jsonl", &(lines.join("\n") + "\n"));
    let mut runs = Vec::new();
    for jobs in ["1", "2", "3"] {
        for command in ["eval", "explain", "simulate"] {
            let state_out = std::env::temp_dir()
                .join(format!("loyalty-cli-{}", std::process::id()))
                .join(format!("jobs-state-{command}-{jobs}.json"));
            let state_out = state_out.to_string_lossy().into_owned();
            let (code, out, err) = loyalty(&[
                command,
                &program,
                &events,
                "--jobs",
                jobs,
                "--state-out",
                &state_out,
            ]);
            assert_eq!(code, 1, "{err}");
            assert_eq!(
                err.lines().last(),
                Some("2999 events, 1 failed; credited 15995 points"),
                "{command} --jobs {jobs}"
            );
            let state = std::fs::read_to_string(&state_out).unwrap();
            runs.push((command, jobs, out, err, state));
        }
    }
    let json: Vec<&str> = runs[0].2.lines().collect();
    assert_eq!(json.len(), 3000);
    assert!(json[14].contains(r#""line":15,"#), "{}", json[14]);
    // m0's third purchase (line 21) has the bonus; m4's comes a line later
    // in its own sequence, at its fourth line (35), because line 15 failed.
    assert!(json[20].contains(r#""rule":"Third visit""#), "{}", json[20]);
    assert!(!json[24].contains("Third visit"), "{}", json[24]);
    assert!(json[34].contains(r#""rule":"Third visit""#), "{}", json[34]);
    for (command, jobs, out, err, state) in &runs[2..] {
        let first = runs.iter().find(|r| r.0 == *command).unwrap();
        assert!(*out == first.2, "{command} --jobs {jobs}: output differs");
        assert_eq!(err, &first.3, "{command} --jobs {jobs}");
        assert_eq!(state, &first.4, "{command} --jobs {jobs}");
    }
}

#[test]
fn a_progress_line_is_drawn_when_asked_and_erased_before_the_summary() {
    let (code, _, err) = loyalty(&[
        "eval",
        "examples/programs/hotel.loyalty",
        "examples/data/hotel-events.jsonl",
        "--progress",
        "always",
        "--jobs",
        "1",
    ]);
    assert_eq!(code, 0, "{err}");
    // The first line is 47% of the file; later redraws wait 200 ms.
    assert!(err.starts_with("\r\x1b[2K1 line, 47% read\r"), "{err:?}");
    assert!(
        err.ends_with("\r\x1b[2K3 events, 0 failed; credited 144745 points, 63 reward_nights\n"),
        "{err:?}"
    );
    let (_, _, quiet) = loyalty(&[
        "eval",
        "examples/programs/hotel.loyalty",
        "examples/data/hotel-events.jsonl",
    ]);
    assert!(!quiet.contains('\r'), "{quiet:?}");
}

/// An envelope is read in one pass; one that is not right is said so by
/// serde, in the line's place.
#[test]
fn a_wrong_envelope_is_an_error_record() {
    let event = r#"{"kind": "sign_up", "id": "S1", "timestamp": "2026-03-04T12:00:00Z"}"#;
    let events = temp(
        "envelopes.jsonl",
        &[
            format!(r#"{{"member": "ann", "event": {event}}}"#),
            format!(r#"{{"event": {event}}}"#),
            format!(r#"{{"member": "ann", "event": {event}, "memo": 1}}"#),
            format!(r#"{{"member": "ann", "member": "bob", "event": {event}}}"#),
        ]
        .join("\n"),
    );
    let (code, out, err) = loyalty(&["eval", "examples/programs/hotel.loyalty", &events]);
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains(r#""member":"ann""#), "{}", lines[0]);
    let messages: Vec<&str> = err.lines().take(3).collect();
    assert_eq!(
        messages,
        [
            format!("{events}:2:79: not an event: missing field `member`").as_str(),
            format!(
                "{events}:3:103: not an event: unknown field `memo`, expected `member` or `event`"
            )
            .as_str(),
            format!("{events}:4:26: not an event: duplicate field `member`").as_str(),
        ]
    );
}

#[test]
fn a_bad_line_in_an_explanation_names_its_line_and_column_in_words() {
    let event = r#"{"kind": "sign_up", "id": "S1", "timestamp": "2026-03-04T12:00:00Z"}"#;
    let events = temp(
        "explain-errors.jsonl",
        &[
            format!(r#"{{"member": "ann", "event": {event}}}"#),
            r#"{"member": "ann", "event": {"kind": "card_spend", "id": "c1"}}"#.to_string(),
            format!(
                r#"{{"member": "ann", "event": {}}}"#,
                event.replace("2026-03-04T12:00:00Z", "2026-03-04T12:00:00")
            ),
        ]
        .join("\n"),
    );
    let (code, out, err) = loyalty(&["explain", "examples/programs/hotel.loyalty", &events]);
    assert_eq!(code, 1, "{err}");
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("line ")).collect();
    assert_eq!(
        errors,
        [
            "line 2, column 48: error: not an event: kind: unknown variant `card_spend`, expected \
             one of `purchase`, `sign_up`, `review`, `check_in`, `share`, `referral`, `custom`, \
             `time`, `redemption`, `return`, `cancellation`; an event of a kind of the program's own is written \
             {\"kind\": \"custom\", \"name\": \"card_spend\", ...}",
            "line 3, column 94: error: not an event: timestamp: \"2026-03-04T12:00:00\" is not a \
             date and time with its UTC offset: it has none; write \"2026-03-04T12:00:00Z\" for \
             UTC, or the offset of where it happened, such as \"2026-03-04T12:00:00-05:00\"",
        ]
    );
    // stderr keeps the compiler's form, file:line:column: message.
    assert!(
        err.lines().next().is_some_and(|l| l.starts_with(&format!(
            "{events}:2:48: not an event: kind: unknown variant"
        ))),
        "{err}"
    );
}

#[test]
fn the_airline_example_earns_by_fare_and_qualifies_by_dollars() {
    // examples/programs/airline.loyalty on its events: 5 miles per USD of
    // fare as a member, 7 at silver; MQD from fares (not basic economy) and
    // one per 10 USD of card spend; silver at 5,000, gold at 10,000.
    let (code, out, err) = loyalty(&[
        "simulate",
        "examples/programs/airline.loyalty",
        "examples/data/airline-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "2026-03-02 ATL-LAX (purchase) D-1: miles 2060; tier member\n\
         2026-03-31 card-mar (card_spend) D-1: miles 4510; tier member\n\
         2026-06-10 JFK-CDG (purchase) D-1: miles 28960; tier silver\n\
         2026-07-04 ATL-MCO (purchase) D-1: miles 29513; tier silver\n\
         2026-12-12 JFK-LHR (purchase) D-1: miles 85313; tier gold\n"
    );
    let (code, out, err) = loyalty(&[
        "explain",
        "examples/programs/airline.loyalty",
        "examples/data/airline-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    // The seat line earns nothing; basic economy counts no MQD; the winter
    // campaign's Europe bonus adds 2 per USD at the silver rate's side.
    assert!(out.contains("    line 1 (DELTAONE, flight): 24450 on 4890\n  total:\n    24450 miles\n  counted on 2026-06-10: mqd +4890.00\n  tier 2026-06-10: member -> silver: qualified: 5000.00 USD mqd (has 5547.00 USD)\n"), "{out}");
    assert!(
        out.contains(
            "    line 1 (BASIC, flight): 553 on 79\n  total:\n    553 miles\npurchase JFK-LHR"
        ),
        "{out}"
    );
    assert!(
        out.contains("  12400 miles from \"Europe bonus\", campaign \"Europe winter\"\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  tier 2026-12-12: silver -> gold: qualified: 10000.00 USD mqd (has 11747.00 USD)\n"
        ),
        "{out}"
    );
}

/// `examples/programs/mileage.loyalty`: miles flown per segment from the
/// lines' own attributes (distance, fare class), at least 500 a segment.
/// By hand: 2,496 + 2,496 + 75% of 2,496 (1,872) = 6,864; 500 + 50% = 750;
/// 5,354 flown + 4,015 first class (0.75 x 2,677 = 2,007.75 a segment,
/// floored once for the rule) = 9,369; MVP at 20,000 eqm on 2026-10-12,
/// whose own trip still earns as a member; the last at x 1.5: 1,018.
#[test]
fn the_mileage_example_earns_by_segment_distance_and_fare_class() {
    let (code, out, err) = loyalty(&[
        "simulate",
        "examples/programs/mileage.loyalty",
        "examples/data/mileage-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "2026-02-01 SEA-BOS-SEA (purchase) AS-1: eqm 4992, miles 6864; tier member\n\
         2026-03-09 SEA-PDX (purchase) AS-1: eqm 5492, miles 7614; tier member\n\
         2026-04-20 SEA-HNL-SEA (purchase) AS-1: eqm 10846, miles 16983; tier member\n\
         2026-06-15 SEA-JFK-SEA (purchase) AS-1: eqm 15688, miles 24246; tier member\n\
         2026-09-03 SEA-ANC-SEA (purchase) AS-1: eqm 18584, miles 27142; tier member\n\
         2026-10-12 SEA-ORD-SEA (purchase) AS-1: eqm 22026, miles 30584; tier mvp\n\
         2026-11-20 SEA-SFO (purchase) AS-1: eqm 22705, miles 31602; tier mvp\n"
    );
    let (code, out, err) = loyalty(&[
        "explain",
        "examples/programs/mileage.loyalty",
        "examples/data/mileage-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "  500 miles from \"Miles flown\"\n    1 mile per max(line.distance, 500)\n    line 1 (AS2080, flight): 500 on 500\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("    line 1 (AS1380, flight): 679 on 679\n      × 1.5 (tier mvp) = 1018.5\n"),
        "{out}"
    );
}

/// The coffee chain of `examples/programs/coffee.loyalty`, replayed with its
/// output and its closing line into one file, as a terminal shows them:
/// Stars by tender (2 a dollar on the stored-value card), none on a gift
/// card reload, the weekly challenge on the third order, Double Star Day,
/// a reward paid from the lots that expire first. Computed by hand: 5,
/// 12 + 12, 7 + 7 + 50, 0, 20 × 2; 133 − 100 = 33, all of it in the March
/// lot (the January lots, which end first, paid 93).
#[test]
fn the_coffee_example_earns_by_tender_and_prints_its_summary_last() {
    let dir = std::env::temp_dir().join(format!("loyalty-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("coffee-simulate.txt");
    let file = std::fs::File::create(&path).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_loyalty"))
        .args([
            "simulate",
            "examples/programs/coffee.loyalty",
            "examples/data/coffee-events.jsonl",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .status()
        .unwrap();
    assert!(status.success());
    let lines: Vec<String> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| l.replace(" anonymous:", ":"))
        .collect();
    assert_eq!(
        lines,
        [
            "2026-01-05 o1 (purchase): stars 5 (5 available, 0 pending, 1 lot); tier green",
            "2026-01-06 o2 (purchase): stars 29 (29 available, 0 pending, 2 lots); tier green",
            "2026-01-07 o3 (purchase): stars 93 (93 available, 0 pending, 3 lots); tier green",
            "2026-01-08 o4 (purchase): stars 93 (93 available, 0 pending, 3 lots); tier green",
            "2026-03-18 o5 (purchase): stars 133 (133 available, 0 pending, 4 lots); tier green",
            "2026-03-20 r1 (redemption): stars 33 (33 available, 0 pending, 1 lot); tier green",
            "2026-08-01 close-july (time): stars 33 (33 available, 0 pending, 1 lot); tier green",
            "7 events, 0 failed; credited 133 stars; redeemed 100 stars",
        ]
    );
}

/// A program whose referrals credit both members.
const REFER: &str = "program \"Refer\" { currency USD }\n\
    earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n\
    earn \"Referral\" on referral { award 500 points to referrer  award 200 points to referred }\n";

/// A referral credits two members; the replay's closing line says what went
/// to the members whose events were replayed and, apart, what went to
/// others (their states get it too: the next test).
#[test]
fn the_closing_line_counts_points_to_other_members_apart() {
    let program = temp("refer.loyalty", REFER);
    let events = temp(
        "refer.jsonl",
        concat!(
            r#"{"member": "ana", "event": {"kind":"purchase","id":"p1","timestamp":"2026-04-08T18:00:00Z","currency":"USD","lines":[{"sku":"x","quantity":1,"unit_price":"20.00"}]}}"#,
            "\n",
            r#"{"member": "ana", "event": {"kind":"referral","id":"r1","timestamp":"2026-04-09T12:00:00Z","referrer":"ana","referred":"ben"}}"#,
            "\n",
        ),
    );
    let (code, _, err) = loyalty(&["eval", &program, &events]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.lines().last(),
        Some("2 events, 0 failed; credited 520 points; to other members 200 points")
    );
}

/// A referral's points to the referred member reach that member's state
/// in the replay, in the file's order: the referred member can spend them
/// in a later line, and the states written have them, for any number of
/// jobs.
#[test]
fn a_referral_credits_the_referred_members_state_in_the_replay() {
    let program = temp(
        "refer-state.loyalty",
        &format!("{REFER}burn \"Spend\" from points {{ rate 100 points = 1 USD }}\n"),
    );
    let mut lines = String::new();
    // Other members' purchases around them, so that a batch has many
    // members.
    for i in 0..40 {
        lines.push_str(&format!(
            r#"{{"member": "m{i}", "event": {{"kind":"purchase","id":"p{i}","timestamp":"2026-04-08T18:00:00Z","currency":"USD","lines":[{{"sku":"x","quantity":1,"unit_price":"20.00"}}]}}}}"#
        ));
        lines.push('\n');
        if i == 20 {
            lines.push_str(r#"{"member": "ana", "event": {"kind":"referral","id":"r1","timestamp":"2026-04-09T12:00:00Z","referrer":"ana","referred":"ben"}}"#);
            lines.push('\n');
            lines.push_str(r#"{"member": "ben", "event": {"kind":"redemption","id":"x1","timestamp":"2026-04-10T12:00:00Z","burn":"Spend","points":"150"}}"#);
            lines.push('\n');
        }
    }
    let events = temp("refer-state.jsonl", &lines);
    let mut runs = Vec::new();
    for jobs in ["1", "2", "3"] {
        let states = temp(&format!("refer-states-{jobs}.json"), "");
        let (code, out, err) = loyalty(&[
            "eval",
            &program,
            &events,
            "--jobs",
            jobs,
            "--state-out",
            &states,
        ]);
        assert_eq!(code, 0, "{jobs} jobs: {err}");
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&states).unwrap()).unwrap();
        let ben = written
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["member"] == "ben")
            .unwrap_or_else(|| panic!("{jobs} jobs: no state for ben"));
        // 200 credited by the referral, 150 spent after it.
        assert_eq!(ben["balances"]["points"], "50", "{jobs} jobs: {ben}");
        runs.push((out, err));
    }
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
    assert_eq!(
        runs[0].1.lines().last(),
        Some("42 events, 0 failed; credited 1300 points; redeemed 150 points; to other members 200 points")
    );
}

/// An event the engine refuses (a line of quantity 0) is a JSON error
/// record like any other failed line, and the replay goes on.
#[test]
fn a_refused_value_is_an_error_record_not_a_crash() {
    let program = temp(
        "zero.loyalty",
        "program \"Z\" { currency EUR }\nearn \"Base\" on purchase { award 1 point per EUR of tx.amount }\n",
    );
    let events = temp(
        "zero.jsonl",
        concat!(
            r#"{"kind":"purchase","id":"b4","timestamp":"2026-06-01T07:30:00+02:00","currency":"EUR","lines":[{"sku":"X","quantity":0,"unit_price":"1"}]}"#,
            "\n",
            r#"{"kind":"purchase","id":"b5","timestamp":"2026-06-01T08:30:00+02:00","currency":"EUR","lines":[{"sku":"X","quantity":2,"unit_price":"1"}]}"#,
            "\n",
        ),
    );
    let (code, out, err) = loyalty(&["eval", &program, &events]);
    assert_eq!(code, 1, "{err}");
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        first,
        serde_json::json!({
            "line": 1,
            "member": "anonymous",
            "event": "b4",
            "error": {
                "error": "invalid_input",
                "message": "transaction b4, line 1: quantity must be more than zero, not 0"
            },
            "message": "invalid input: transaction b4, line 1: quantity must be more than zero, not 0"
        })
    );
    assert_eq!(out.lines().count(), 2);
    assert_eq!(
        err.lines().last(),
        Some("1 event, 1 failed; credited 2 points")
    );
}

/// A queue that delivers an event twice: the second delivery is an error
/// record, and the member is credited once.
#[test]
fn an_event_delivered_twice_is_credited_once() {
    let program = temp(
        "twice.loyalty",
        "program \"Z\" { currency EUR }\nearn \"Base\" on purchase { award 1 point per EUR of tx.amount }\n",
    );
    let line = r#"{"kind":"purchase","id":"b6","timestamp":"2026-06-01T08:30:00+02:00","currency":"EUR","lines":[{"sku":"X","quantity":2,"unit_price":"1"}]}"#;
    let events = temp("twice.jsonl", &format!("{line}\n{line}\n"));
    let state_out = temp("twice-state.json", "");
    let (code, out, err) = loyalty(&["eval", &program, &events, "--state-out", &state_out]);
    assert_eq!(code, 1, "{err}");
    let second: serde_json::Value = serde_json::from_str(out.lines().nth(1).unwrap()).unwrap();
    assert_eq!(
        second["error"],
        serde_json::json!({"error": "state", "reason": {"error": "already_applied", "event": "b6", "member": "anonymous"}})
    );
    assert!(
        err.contains("twice.jsonl:2: event b6 is already in member anonymous's state: an event is applied once"),
        "{err}"
    );
    assert_eq!(
        err.lines().last(),
        Some("1 event, 1 failed; credited 2 points")
    );
    let state = std::fs::read_to_string(&state_out).unwrap();
    assert!(state.contains(r#""points": "2""#), "{state}");
}

/// A program changed between a purchase and its return: the return is
/// refused by the new version, and evaluated by the old one given with
/// `--previous`, which takes back what the returned goods earned.
#[test]
fn a_return_is_evaluated_by_the_previous_version_that_evaluated_its_purchase() {
    let version = |name: &str, rate: &str| {
        temp(
            name,
            &format!(
                "program \"S\" {{ currency USD }}\nreturns {{ within 30 days }}\n\
                 earn \"Base\" on purchase for each line {{ award {rate} per USD of line.amount }}\n"
            ),
        )
    };
    let (v1, v2) = (
        version("v1.loyalty", "1 point"),
        version("v2.loyalty", "2 points"),
    );
    let bought = temp(
        "bought.jsonl",
        concat!(
            r#"{"kind":"purchase","id":"p1","timestamp":"2026-05-01T12:00:00Z","currency":"USD","lines":[{"sku":"a","quantity":1,"unit_price":"50.00"},{"sku":"b","quantity":1,"unit_price":"50.00"}]}"#,
            "\n"
        ),
    );
    let state = temp("versions-state.json", "");
    let (code, _, err) = loyalty(&["eval", &v1, &bought, "--state-out", &state]);
    assert_eq!(code, 0, "{err}");
    let back = temp(
        "back.jsonl",
        concat!(
            r#"{"kind":"return","id":"x1","timestamp":"2026-05-03T12:00:00Z","purchase":"p1","lines":[{"line":0,"quantity":1}]}"#,
            "\n"
        ),
    );
    let (code, _, err) = loyalty(&["explain", &v2, &back, "--state", &state]);
    assert_eq!(code, 1);
    assert!(
        err.contains("purchase p1 was evaluated by another version of the program (sha256:"),
        "{err}"
    );
    // The CLI says how to give it that version, and how to find its file:
    // `loyalty check` prints the version the refusal names.
    assert!(
        err.contains(
            "which knows what it earned (give that version's file with `--previous FILE`; \
             `loyalty check FILE` prints its version)\n"
        ),
        "{err}"
    );
    let (_, checked, _) = loyalty(&["check", &v1]);
    let short = checked.trim_end().rsplit("version ").next().unwrap();
    assert_eq!(short.len(), 19, "{checked}");
    assert!(
        err.contains(&format!("another version of the program ({short}")),
        "{checked} {err}"
    );
    let (code, out, err) = loyalty(&["explain", &v2, &back, "--state", &state, "--previous", &v1]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("returned from purchase p1: 50 points"),
        "{out}"
    );
    assert_eq!(
        err.lines().last(),
        Some("1 event, 0 failed; taken back 50 points")
    );
    // Not a version of the same program.
    let other = temp("other.loyalty", "program \"T\" { currency USD }\n");
    let (code, _, err) = loyalty(&["eval", &v2, &back, "--previous", &other]);
    assert_eq!(code, 2);
    assert!(
        err.contains("program \"T\" is not a version of \"S\""),
        "{err}"
    );
}

/// The closing line of a replay adds up to the member's balance: a return
/// of goods paid partly with points takes back what they earned and
/// refunds those points.
#[test]
fn the_closing_line_says_what_returns_refunded_and_took_back() {
    let program = temp(
        "refund.loyalty",
        "program \"Refunds\" { currency USD }\n\
         ledger points { expire 12 months after earning }\n\
         returns { within 30 days  refund 100 points = 1 USD }\n\
         earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n",
    );
    let events = temp(
        "refund.jsonl",
        r#"{"kind": "purchase", "id": "p1", "timestamp": "2026-03-15T10:00:00Z", "currency": "USD", "tenders": {"card": "59.70", "points": "0.30"}, "lines": [{"sku": "B", "quantity": 1, "unit_price": "60.00"}]}
{"kind": "return", "id": "x1", "timestamp": "2026-03-16T10:00:00Z", "purchase": "p1", "lines": [{"line": 0, "quantity": 1}]}
"#,
    );
    let (code, out, err) = loyalty(&["simulate", &program, &events]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("x1 (return) anonymous: points 30 (30 available, 0 pending, 1 lot)\n"),
        "{out}"
    );
    assert_eq!(
        err.lines().last(),
        Some("2 events, 0 failed; credited 60 points; refunded 30 points; taken back 60 points")
    );
}

/// `loyalty grant` adds a grant to one member's state, writes the states,
/// and prints the member's status from the grant's first day; a grant the
/// program refuses changes nothing and names the member once.
#[test]
fn grant_gives_a_status_match_and_refuses_one_that_never_holds() {
    let program = "examples/programs/hotel-tiers.loyalty";
    let states = temp("grant-states.json", "");
    let (code, _, err) = loyalty(&[
        "eval",
        program,
        "examples/data/hotel-tiers-events.jsonl",
        "--state-out",
        &states,
    ]);
    assert_eq!(code, 0, "{err}");
    let out_path = temp("grant-out.json", "");
    let grant = |from: &str, extra: &[&str]| {
        let mut args = vec![
            "grant",
            program,
            &states,
            "--to",
            "M-7",
            "--tier",
            "platinum",
            "--kind",
            "status-match",
            "--from",
            from,
            "--months",
            "3",
            "--state-out",
            &out_path,
        ];
        args.extend_from_slice(extra);
        loyalty(&args)
    };
    let (code, out, err) = grant("2028-01-15", &["--note", "Acme Air gold"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "member M-7 on 2028-01-15: tier platinum (status match, until 2028-04-14)
  earned member since 2028-01-01: the lowest level
  granted platinum (status match) from 2028-01-15 until 2028-04-14 (Acme Air gold)
  qualifying over the calendar year, from 2028-01-01
  next: silver by 2028-12-31, on any one path:
    - 10 nights (has 0, 10 missing)
"
    );
    let written = std::fs::read_to_string(&out_path).unwrap();
    let state = loyalty_rules::MemberState::from_json(&written).unwrap();
    let grants = &state.tier.as_ref().unwrap().grants;
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].note.as_deref(), Some("Acme Air gold"));
    // The state was reviewed up to 2028-01-01 (the file's last event): a
    // match that ended before then would never hold.
    std::fs::remove_file(&out_path).unwrap();
    let (code, _, err) = grant("2026-12-01", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: the grant of platinum ends on 2027-02-28, before 2028-01-01, the day member \
         M-7's tier was reviewed to: it would never hold (events already applied are not \
         evaluated again)\n"
    );
    assert!(!std::path::Path::new(&out_path).exists());
    // An invitation, then taken away: the status the day after it ends.
    let invited = temp("grant-invited.json", "");
    let (code, _, err) = loyalty(&[
        "grant",
        program,
        &states,
        "--to",
        "M-7",
        "--tier",
        "ambassador",
        "--kind",
        "invitation",
        "--from",
        "2028-01-10",
        "--state-out",
        &invited,
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = loyalty(&[
        "grant",
        program,
        &invited,
        "--to",
        "M-7",
        "--tier",
        "ambassador",
        "--end",
        "2028-03-31",
        "--state-out",
        &out_path,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("member M-7 on 2028-04-01: tier member (earned)\n"),
        "{out}"
    );
    assert!(
        out.ends_with(
            "  2028-04-01: ambassador -> member: a granted tier ended; the earned tier holds\n"
        ),
        "{out}"
    );
    let (code, _, err) = loyalty(&[
        "grant",
        program,
        &invited,
        "--to",
        "M-7",
        "--tier",
        "gold",
        "--end",
        "2028-03-31",
        "--state-out",
        &out_path,
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: member M-7 holds no grant of gold on 2028-03-31 to end\n"
    );
    // A first member has no states file yet: the error says what to give.
    let (code, _, err) = loyalty(&[
        "grant",
        program,
        "no-such-states.json",
        "--to",
        "M-9",
        "--tier",
        "gold",
        "--kind",
        "paid",
        "--from",
        "2028-01-01",
        "--state-out",
        &out_path,
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: no-such-states.json does not exist: give the members' states (a file holding \
         `[]` when there are none yet)\n"
    );
}

/// The hotel's points: a loaded offer doubles the first stay's room
/// points, a free night is redeemed then cancelled (no longer activity),
/// half a stay paid with points is returned (its points refunded, not
/// activity), and 24 months after the last stay everything expires; the
/// closing line adds up to the balance of 0.
#[test]
fn the_hotel_points_example_expires_without_earning_or_redeeming() {
    let (code, out, err) = loyalty(&[
        "simulate",
        "examples/programs/hotel-points.loyalty",
        "examples/data/hotel-points-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "2026-02-06 stay-1 (purchase) H-3: points 13200 (13200 available, 0 pending, 1 lot)
2026-04-17 stay-2 (purchase) H-3: points 16800 (16800 available, 0 pending, 2 lots)
2026-04-20 night-1 (redemption) H-3: points 11800 (11800 available, 0 pending, 2 lots)
2026-04-25 ret-2 (return) H-3: points 15000 (15000 available, 0 pending, 3 lots)
2026-05-02 cancel-1 (cancellation) H-3: points 20000 (20000 available, 0 pending, 3 lots)
2028-04-17 check-2028 (time) H-3: points 0 (0 available, 0 pending, 0 lots)
"
    );
    assert_eq!(
        err.lines().last(),
        Some(
            "6 events, 0 failed; credited 16800 points; refunded 5000 points; given back 5000 \
             points; taken back 1800 points; redeemed 5000 points; expired 20000 points"
        )
    );
    let (code, out, _) = loyalty(&[
        "explain",
        "examples/programs/hotel-points.loyalty",
        "examples/data/hotel-points-events.jsonl",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("  activity for points: earning or redeeming keeps its lots from expiring\n")
    );
    assert!(out.contains("    refunded: 5000 points that paid for the goods\n"));
    assert!(
        out.ends_with("  expired on 2028-04-17: 5000 points earned on 2026-04-25 (event ret-2)\n")
    );
}

/// The pharmacy's weekly deals, written with `sum(...)`: a vitamin deal
/// on what the tagged lines add up to, once a week; snack pairs counted
/// over the lines; a beauty boost on each beauty line of a basket with 40
/// USD of beauty; a partial return that takes the vitamin deal back.
#[test]
fn the_pharmacy_example_sums_its_lines() {
    let (code, out, err) = loyalty(&[
        "explain",
        "--why-not",
        "examples/programs/pharmacy.loyalty",
        "examples/data/pharmacy-events.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    let expected = r#"purchase a1 for member W-1 — program "Pharmacy Cash" (sha256:HASH)
  0.78 cash from "Everyday"
    1% of line.amount to cash
    line 1 (VITD, vitamins): 0.2398 on 23.98
    line 2 (CHIPS, snacks): 0.125 on 12.5
    line 3 (SERUM, beauty): 0.42 on 42
    rounded floor to 2 decimals = 0.78
  5.00 cash from "Vitamin deal"
    5 points to cash
    sum(line.amount, "vit-deal" in line.tags) is 23.98
    = 5
  2.00 cash from "Snack pairs"
    1 point per every 2 of sum(line.quantity, "snack-deal" in line.tags) to cash
    sum(line.quantity, "snack-deal" in line.tags) is 5
    = 2 on 5
  3.78 cash from "Beauty 10x"
    9% of line.amount to cash
    sum(line.amount, line.category == "beauty") is 42.00
    line 3 (SERUM, beauty): 3.78 on 42
  total:
    11.56 cash
purchase a2 for member W-1 — program "Pharmacy Cash" (sha256:HASH)
  0.24 cash from "Everyday"
    1% of line.amount to cash
    line 1 (VITC, vitamins): 0.24 on 24
  Vitamin deal: not applied, `limit 1 per member per week` reached (1 so far)
  total:
    0.24 cash
  Snack pairs: not applied, its awards come to nothing (sum(line.quantity, "snack-deal" in line.tags) is 0)
  Beauty 10x: not applied, `sum(line.amount, line.category == "beauty") >= 40 USD` does not hold (sum(line.amount, line.category == "beauty") is 0)
return x1 for member W-1 — program "Pharmacy Cash" (sha256:HASH)
  returned from purchase a1: 5.15 cash
    line 1 (VITD, vitamins) × 1 returned: 11.99
    line 2 (CHIPS, snacks) × 1 returned: 2.50
    cash: the rest earns 6.41 of the 11.56 the purchase held:
      0.63 from "Everyday"
      2.00 from "Snack pairs"
      3.78 from "Beauty 10x"
    rule use given back: "Vitamin deal" 1 time, 5 cash
"#;
    let hash = out
        .split("(sha256:")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap();
    assert_eq!(out, expected.replace("HASH", hash));
    assert_eq!(
        err.lines().last(),
        Some("3 events, 0 failed; credited 11.80 cash; taken back 5.15 cash")
    );
}

#[test]
fn the_closing_line_lists_balances_in_the_programs_order() {
    // Declared miles, pqp, pqf: said in that order, not alphabetically.
    let program = temp(
        "air-order.loyalty",
        r#"program "Air" {
  currency USD
  balance miles
  balance pqp qualifying
  balance pqf qualifying
}
earn "Fare" on purchase { award 5 points per USD of tx.amount to miles  award 1 point per USD of tx.amount to pqp  award 1 point to pqf }
"#,
    );
    let events = temp(
        "air-order.jsonl",
        r#"{"kind":"purchase","id":"t1","timestamp":"2026-01-10T09:00:00Z","currency":"USD","lines":[{"sku":"F","quantity":1,"unit_price":"100.00"}]}
"#,
    );
    let (code, _, err) = loyalty(&["eval", &program, &events]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.lines().last(),
        Some("1 event, 0 failed; credited 500 miles, 100 pqp, 1 pqf")
    );
}

#[test]
fn explain_why_not_says_why_each_rule_gave_nothing() {
    let program = temp(
        "why.loyalty",
        "program \"Cafe\" { currency USD }\n\
         earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n\
         earn \"Birthday\" on purchase when month(tx.date) == month(member.birthday) {\n\
         \x20 award 100 points\n\
         \x20 limit 1 per member per year\n\
         }\n\
         earn \"Pastry\" on purchase for each line where line.category == \"pastry\" { award 5 points }\n",
    );
    let member = temp(
        "why-member.json",
        r#"{"id": "m", "birthday": "1990-03-15"}"#,
    );
    let events = temp(
        "why.jsonl",
        "{\"kind\":\"purchase\",\"id\":\"p1\",\"timestamp\":\"2026-03-05T08:00:00Z\",\"currency\":\"USD\",\"lines\":[{\"sku\":\"LATTE\",\"category\":\"coffee\",\"quantity\":1,\"unit_price\":\"4.50\"}]}\n\
         {\"kind\":\"purchase\",\"id\":\"p2\",\"timestamp\":\"2026-03-06T08:00:00Z\",\"currency\":\"USD\",\"lines\":[{\"sku\":\"LATTE\",\"category\":\"coffee\",\"quantity\":1,\"unit_price\":\"4.50\"}]}\n",
    );
    let (code, out, err) = loyalty(&[
        "explain",
        &program,
        &events,
        "--member",
        &member,
        "--why-not",
    ]);
    assert_eq!(code, 0, "{err}");
    let said: Vec<&str> = out.lines().filter(|l| l.contains("not applied")).collect();
    assert_eq!(
        said,
        [
            "  Pastry: not applied, no line has `line.category == \"pastry\"`",
            // The second purchase: the limit, which the explanation says
            // once, then the rule without a line.
            "  Birthday: not applied, `limit 1 per member per year` reached (1 so far)",
            "  Pastry: not applied, no line has `line.category == \"pastry\"`",
        ],
        "{out}"
    );
    // Without the flag, only the limit.
    let (_, out, _) = loyalty(&["explain", &program, &events, "--member", &member]);
    assert_eq!(out.matches("not applied").count(), 1, "{out}");
}

/// `simulate` costs what it prints: a member's thousands of lots were
/// copied after every event to print how many there are (a year of
/// purchases kept by a ledger that expires only without activity: 5,000
/// events 1.9 s and 20,000 31 s in a release build).
#[test]
fn simulate_does_not_copy_every_lot_after_every_event() {
    let program = temp(
        "lots.loyalty",
        "program \"Grocer\" { currency USD }\n\
         ledger points { expire after 24 months without activity }\n\
         earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n",
    );
    let mut events = String::new();
    for i in 0..4_000 {
        events.push_str(&format!(
            "{{\"kind\": \"purchase\", \"id\": \"p{i}\", \"timestamp\": \"2024-01-{:02}T12:00:00Z\", \
             \"currency\": \"USD\", \"lines\": [{{\"sku\": \"x\", \"quantity\": 1, \"unit_price\": \"10.00\"}}]}}\n",
            1 + i % 28
        ));
    }
    let events = temp("lots.jsonl", &events);
    let started = std::time::Instant::now();
    let (code, out, err) = loyalty(&["simulate", &program, &events]);
    let took = started.elapsed();
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 4_000);
    assert_eq!(
        out.lines().last().unwrap(),
        "2024-01-28 p3975 (purchase) anonymous: points 40000 (40000 available, 0 pending, 4000 lots)"
    );
    assert!(took < std::time::Duration::from_secs(2), "took {took:?}");
}

/// `--limits` reads `Limits` from a JSON file for every command that
/// compiles: a purchase whose explanation is over the default limit is
/// explained with a higher one; a misspelt limit is an error that names it.
#[test]
fn limits_come_from_a_file() {
    let rules: String = (0..20)
        .map(|i| format!("earn \"R{i}\" on purchase for each line {{ award 1 point }}\n"))
        .collect();
    let program = temp(
        "many.loyalty",
        &format!("program \"P\" {{ currency USD }}\n{rules}"),
    );
    let lines: Vec<String> = (0..60)
        .map(|i| format!("{{\"sku\": \"S{i}\", \"quantity\": 1, \"unit_price\": \"1.00\"}}"))
        .collect();
    let events = temp(
        "many.jsonl",
        &format!(
            "{{\"kind\": \"purchase\", \"id\": \"t1\", \"timestamp\": \"2026-05-02T12:00:00Z\", \
             \"currency\": \"USD\", \"lines\": [{}]}}\n",
            lines.join(", ")
        ),
    );
    // 20 rules × 60 lines = 1,200 explained lines.
    let low = temp("low.json", r#"{"max_explained_lines": 1000}"#);
    let (code, _, err) = loyalty(&["eval", "--limits", &low, &program, &events]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("more than the limit of 1000 (Limits::max_explained_lines)"),
        "{err}"
    );
    let high = temp("high.json", r#"{"max_explained_lines": 2000}"#);
    let (code, out, err) = loyalty(&["explain", "--limits", &high, &program, &events]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  total:\n    1200 points\n"), "{out}");
    let bad = temp("bad.json", r#"{"max_explaned_lines": 2000}"#);
    let (code, out, err) = loyalty(&["check", &program, "--limits", &bad]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("error: cannot read the limits in ")
            && err.contains(
                "unknown field `max_explaned_lines`, expected one of `max_program_bytes`"
            ),
        "{err}"
    );
    // A program over a limit the file lowers.
    let few = temp("few.json", r#"{"max_rules": 10}"#);
    let (code, _, err) = loyalty(&["check", "--limits", &few, &program]);
    assert_eq!(code, 1);
    assert!(err.contains("(Limits::max_rules)"), "{err}");
}

/// `loyalty balances`: each member's balances on a day, what can be spent
/// and what is pending, and what expires on which day if nothing changes;
/// in words and in JSON; a day before the state's events is refused.
#[test]
fn balances_on_a_day_with_what_expires_when() {
    let events = temp(
        "balances-events.jsonl",
        r#"{"member": "G-1", "event": {"kind": "purchase", "id": "p1", "timestamp": "2026-01-15T12:00:00Z", "currency": "USD", "lines": [{"sku": "x", "quantity": 1, "unit_price": "120.00"}]}}
{"member": "G-1", "event": {"kind": "purchase", "id": "p2", "timestamp": "2026-03-01T12:00:00Z", "currency": "USD", "lines": [{"sku": "x", "quantity": 1, "unit_price": "40.00"}]}}
"#,
    );
    let state = temp("balances-state.json", "");
    let program = "examples/programs/grocer-ledger.loyalty";
    let (code, _, err) = loyalty(&["eval", program, &events, "--state-out", &state]);
    assert_eq!(code, 0, "{err}");
    // p2's 400 points are pending for 14 days; 12 months to the end of the
    // month, so p1's end with January 2027.
    let (code, out, err) = loyalty(&["balances", program, &state, "--as-of", "2026-03-05"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "member G-1 on 2026-03-05
  points 1600 (1200 available, 400 pending)
    1200 expire on 2027-02-01 (1 lot)
    400 expire on 2027-04-01 (1 lot)
"
    );
    // On 1 February 2027, p1's lot has expired.
    let (code, out, _) = loyalty(&[
        "balances",
        program,
        &state,
        "--as-of",
        "2027-02-01",
        "--json",
    ]);
    assert_eq!(code, 0);
    let b: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(b["balances"][0]["points"], "400");
    assert_eq!(b["balances"][0]["available"], "400");
    assert_eq!(b["expiring"].as_array().unwrap().len(), 1);
    assert_eq!(b["expiring"][0]["on"], "2027-04-01");
    assert_eq!(b["expiring"][0]["points"], "400");
    // A day before the state's events would show lots earned after it.
    let (code, _, err) = loyalty(&["balances", program, &state, "--as-of", "2026-02-01"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: member G-1: balances as of 2026-02-01 cannot be read from a state that has events of 2026-03-01: give --as-of 2026-03-01 or later\n"
    );
    // A state whose points are in no lot (written by hand, or by a version
    // of the program without its ledger) is refused, with the lot to write,
    // naming the member once.
    let hand = temp(
        "balances-hand.json",
        r#"{"schema": 1, "program": "Grocer", "member": "G-2", "balances": {"points": "700"}}"#,
    );
    let (code, _, err) = loyalty(&["balances", program, &hand, "--as-of", "2026-03-05"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!(
            "error: {hand}: member G-2's points is 700, but its lots come to 0: a balance the \
             program keeps as lots (`ledger points`) is what its lots hold"
        )),
        "{err}"
    );
}

/// The closing line of a program of thousands of balances: each balance's
/// place in the program was searched for at every comparison of a sort
/// (5,000 balances: 7 billion instructions for the line alone); now once.
#[test]
fn the_closing_line_of_thousands_of_balances_is_said_at_once() {
    let n = 5_000;
    let balances: String = (0..n).map(|i| format!(" balance b{i}")).collect();
    let rules: String = (0..n)
        .map(|i| format!("earn \"R{i}\" on purchase {{ award {} b{i} }}\n", i + 1))
        .collect();
    let program = temp(
        "many-balances.loyalty",
        &format!("program \"P\" {{ currency USD{balances} }}\n{rules}"),
    );
    let events = temp(
        "many-balances.jsonl",
        r#"{"member": "M", "event": {"kind": "purchase", "id": "p1", "timestamp": "2026-05-01T10:00:00Z", "currency": "USD", "lines": [{"sku": "a", "quantity": 1, "unit_price": "3.00"}]}}"#,
    );
    let started = std::time::Instant::now();
    let (code, _, err) = loyalty(&["eval", &program, &events]);
    let took = started.elapsed();
    assert_eq!(code, 0, "{err}");
    assert!(
        err.starts_with("1 event, 0 failed; credited 1 b0, 2 b1, 3 b2, 4 b3"),
        "{}",
        &err[..200]
    );
    assert!(err.trim_end().ends_with("4999 b4998, 5000 b4999"), "{err}");
    // 2.3 s before in a debug build, 0.2 s now.
    assert!(
        took < std::time::Duration::from_millis(1500),
        "took {took:?}"
    );
}

/// `loyalty balances` reads the day in the program's time zone: west of
/// UTC, a day's midnight in UTC is still the day before there, so that a
/// lot that ended the day before was left in the balance while no longer
/// available (`points 10 (0 available, 0 pending)`).
#[test]
fn balances_on_a_day_in_the_program_s_time_zone() {
    let program = temp(
        "balances-la.loyalty",
        "program \"G\" { currency USD  timezone \"America/Los_Angeles\" }\n\
         ledger points { expire 1 month after earning }\n\
         earn \"Base\" on purchase { award 1 point per USD of tx.amount }\n",
    );
    let events = temp(
        "balances-la.jsonl",
        r#"{"member": "T", "event": {"kind": "purchase", "id": "p1", "timestamp": "2026-01-15T12:00:00-08:00", "currency": "USD", "lines": [{"sku": "a", "quantity": 1, "unit_price": "10.00"}]}}"#,
    );
    let state = temp("balances-la-state.json", "");
    let (code, _, err) = loyalty(&["eval", &program, &events, "--state-out", &state]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = loyalty(&["balances", &program, &state, "--as-of", "2026-02-15"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "member T on 2026-02-15\n  points 0 (0 available, 0 pending)\n"
    );
}

/// A day on the command line written with slashes or dots, as calendars
/// print it, says how to write it.
#[test]
fn a_day_written_with_slashes_says_how_to_write_it() {
    let state = temp(
        "day-state.json",
        r#"{"schema": 1, "program": "Acme Rewards", "member": "m"}"#,
    );
    for (given, day) in [("2027/01/31", "2027-01-31"), ("2027.01.31", "2027-01-31")] {
        let (code, _, err) = loyalty(&[
            "balances",
            "examples/programs/acme.loyalty",
            &state,
            "--as-of",
            given,
        ]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains(&format!(
                "invalid value '{given}' for '--as-of <AS_OF>': a day is written year-month-day: {day}"
            )),
            "{err}"
        );
    }
    let (_, _, err) = loyalty(&[
        "tier",
        "examples/programs/acme.loyalty",
        &state,
        "--as-of",
        "31 Jan",
    ]);
    assert!(
        err.contains("invalid value '31 Jan' for '--as-of <AS_OF>': a day is written year-month-day, such as 2026-12-31"),
        "{err}"
    );
}

/// A line with a `kind` is an event even when it has an `event` key (a
/// custom event's kind written `"event": "slot_session"` was told that
/// `kind` is not a field of an envelope).
#[test]
fn a_line_with_a_kind_is_an_event_whatever_its_other_keys() {
    let events = temp(
        "kind-and-event.jsonl",
        r#"{"kind": "custom", "event": "app_install", "id": "A1", "timestamp": "2026-03-04T12:00:00Z"}"#,
    );
    let (code, _, err) = loyalty(&["eval", "examples/programs/acme.loyalty", &events]);
    assert_eq!(code, 1, "{err}");
    let first = err.lines().next().unwrap_or_default();
    assert!(first.starts_with(&format!("{events}:1:")), "{first}");
    assert!(
        first.ends_with("not an event: event: unknown field `event`, expected one of `id`, `name`, `timestamp`, `attributes`; a kind of the program's own is named by `name`: {\"kind\": \"custom\", \"name\": \"app_install\", ...}"),
        "{first}"
    );
}

#[test]
fn a_member_and_a_state_can_be_given_as_json_on_the_command_line() {
    let program = temp("inline-cafe.loyalty", CAFE);
    let events = temp(
        "inline-cafe.jsonl",
        r#"{"kind": "purchase", "id": "P1", "timestamp": "2026-03-04T12:00:00Z", "currency": "USD", "lines": [{"sku": "latte", "quantity": 1, "unit_price": "12.50"}]}"#,
    );
    let (code, out, err) = loyalty(&[
        "simulate",
        &program,
        &events,
        "--member",
        r#"{"id": "ann", "join_date": "2025-05-01"}"#,
        "--state",
        r#" {"schema": 1, "program": "Cafe", "member": "ann", "counters": {"visits": {"total": "2"}}}"#,
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "2026-03-04 P1 (purchase) ann: points 112\n");
    // What is wrong in it is placed in the argument, named by its flag.
    let (code, _, err) = loyalty(&[
        "eval",
        &program,
        &events,
        "--member",
        r#"{"id": "ann", "tier": 3}"#,
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: --member:1:23: not a member: tier: invalid type: integer `3`, expected a string; write it as text: \"3\"\n"
    );
}
