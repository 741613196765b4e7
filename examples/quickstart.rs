//! Runs the shipped Acme Rewards program on sample events for a gold member
//! and prints each outcome explained.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use std::error::Error;
use std::path::Path;

use loyalty_rules::{Event, Member, Program};

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let source = std::fs::read_to_string(dir.join("programs/acme.loyalty"))?;

    // Compile once: parse, check names, types and currencies, build the plan.
    let program = match Program::compile(&source) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return Err("the program does not compile".into());
        }
    };
    for warning in program.warnings() {
        eprintln!("{warning}\n");
    }
    println!(
        "Compiled \"{}\" ({} rules, balances: {})\n",
        program.name(),
        program.rules().count(),
        program.balances().collect::<Vec<_>>().join(", ")
    );

    let member: Member =
        Member::from_json(&std::fs::read_to_string(dir.join("data/member-gold.json"))?)?;
    let events = std::fs::read_to_string(dir.join("data/events.jsonl"))?;

    // Evaluate many: each event against the same compiled program.
    for line in events.lines().filter(|l| !l.trim().is_empty()) {
        let event = Event::from_json(line)?;
        let outcome = program.evaluate(&member, &event)?;
        println!("{}", outcome.explain());
    }
    Ok(())
}
