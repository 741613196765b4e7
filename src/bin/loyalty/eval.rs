//! `loyalty eval`, `explain` and `simulate`: a replay of events through a
//! program, threading each member's state.

use std::process::ExitCode;

use loyalty_rules::Member;

use super::{compiled, progress, replay, summary, without_place, EvalArgs, Out, Stop};

pub(super) fn evaluate(
    args: EvalArgs,
    output: replay::Output,
    out: &mut Out,
) -> Result<ExitCode, Stop> {
    let Some(program) = compiled(&args.program)? else {
        return Ok(ExitCode::FAILURE);
    };
    let mut previous = Vec::new();
    for path in &args.previous {
        let Some(version) = compiled(path)? else {
            return Ok(ExitCode::FAILURE);
        };
        if version.name() != program.name() {
            return Err(Stop::Error(format!(
                "{}: program \"{}\" is not a version of \"{}\"",
                path.display(),
                version.name(),
                program.name()
            )));
        }
        previous.push(version);
    }
    let members = match &args.member {
        Some(path) => replay::read_members(path)?,
        None => Default::default(),
    };
    // Plain event lines are the `--member` member's when it names one.
    let default_member = match members.values().collect::<Vec<_>>().as_slice() {
        [one] => (*one).clone(),
        _ => Member::new("anonymous"),
    };
    let states = match &args.state {
        Some(path) => replay::read_states(path, &program)?,
        None => Default::default(),
    };
    let budgets = match &args.budgets {
        Some(path) => {
            let (text, name) = replay::json_argument(path, "--budgets")?;
            let b = loyalty_rules::Budgets::from_json(&text).map_err(|e| {
                format!(
                    "{name}:{}:{}: not budgets: {}",
                    e.line,
                    e.column,
                    without_place(&e)
                )
            })?;
            Some(b)
        }
        None => program
            .has_budgets()
            .then(|| loyalty_rules::Budgets::new(program.name())),
    };
    let jobs = usize::from(args.jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| format!("cannot start {jobs} threads: {e}"))?;
    let stdin = args.events.as_os_str() == "-";
    let size = if stdin {
        None
    } else {
        std::fs::metadata(&args.events).ok().map(|m| m.len())
    };
    let mut replay = replay::Replay {
        pool,
        progress: progress::Progress::new(args.progress, size),
        budgets,
        summary: summary::Summary::in_order(program.balances()),
        program,
        previous,
        members,
        default_member,
        states,
        output,
    };
    let in_time_order = matches!(
        output,
        replay::Output::SnapshotJson | replay::Output::SnapshotTable
    );
    let ok = if stdin {
        let input = std::io::stdin().lock();
        if in_time_order {
            replay.run_in_time_order(input, "<stdin>", out)?
        } else {
            replay.run(input, "<stdin>", out)?
        }
    } else {
        let file = std::fs::File::open(&args.events)
            .map_err(|e| format!("cannot read {}: {e}", args.events.display()))?;
        let name = args.events.display().to_string();
        let input = std::io::BufReader::new(file);
        if in_time_order {
            replay.run_in_time_order(input, &name, out)?
        } else {
            replay.run(input, &name, out)?
        }
    };
    if let Some(path) = &args.state_out {
        replay::write_states(path, &replay.states)?;
    }
    replay.progress.clear();
    // The closing line comes after every output line where both streams
    // meet (a terminal, `2>&1`).
    out.flush()?;
    eprintln!("{}", replay.summary);
    if let (Some(path), Some(b)) = (&args.budgets_out, &replay.budgets) {
        let json = serde_json::to_string_pretty(b)
            .map_err(|e| format!("cannot write the budgets: {e}"))?;
        std::fs::write(path, json + "\n")
            .map_err(|e| Stop::Error(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
