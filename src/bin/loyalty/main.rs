//! `loyalty`: the command-line tool for rule authors.
//!
//! ```text
//! loyalty check PROGRAM                       diagnostics; exit 1 on errors
//! loyalty fmt PROGRAM... [--check | --write]  programs in the canonical layout (`-`: stdin)
//! loyalty eval PROGRAM EVENTS.jsonl [--member M.json] [--state S.json] [--state-out OUT.json]
//!                                             one JSON outcome (or error record) per event
//! loyalty explain PROGRAM EVENTS.jsonl [...]  outcomes for people
//! loyalty tier PROGRAM STATE.json --as-of DATE [--member M.json] [--json]
//!                                             each member's tier status on DATE
//! loyalty simulate PROGRAM EVENTS.jsonl [--state S.json] [--json]
//!                                             events in time order; balances, lots, tier after each
//! loyalty redeem PROGRAM STATE.json --burn NAME --points N [--order AMOUNT] --at TIME
//!                                             what a redemption would take, without applying it
//! ```
//!
//! `eval` and `explain` replay the events in file order, threading each
//! member's state from one event to the next.

mod balances;
mod batch;
mod check;
mod eval;
mod fmt;
mod grant;
mod progress;
mod redeem;
mod render;
mod replay;
mod snapshot;
mod summary;
mod tier;

use std::fmt::Display;
use std::io::{BufWriter, ErrorKind, StdoutLock, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use loyalty_rules::{CompileError, Diagnostic, Limits, Program};

#[derive(Parser)]
#[command(
    name = "loyalty",
    version,
    about = "Check and run loyalty-rules programs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour diagnostics: `auto` (on a terminal, unless NO_COLOR is set),
    /// `always` or `never`.
    #[arg(long, value_enum, default_value = "auto", global = true)]
    color: render::Color,
    /// Limits on programs and events, a JSON file of `Limits` fields
    /// (`{"max_event_lines": 50000, "max_explained_lines": 1000000}`); the
    /// fields it leaves out keep their defaults, and a field it misspells is
    /// an error.
    #[arg(long, value_name = "FILE", global = true)]
    limits: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Check a program and print its errors and warnings.
    Check {
        /// The program file.
        program: PathBuf,
        /// `human` (the default) or `json`: one object with the file and
        /// every diagnostic (severity, message, line, column, end_line,
        /// end_column, help), for editors and CI.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print programs in the canonical layout, keeping their comments.
    Fmt {
        /// The program files; `-` reads standard input.
        #[arg(required = true)]
        programs: Vec<PathBuf>,
        /// Change nothing; print a unified diff of each file not in the
        /// canonical layout and exit 1.
        #[arg(long, conflicts_with = "write")]
        check: bool,
        /// Rewrite the files in place (only those whose layout changes).
        #[arg(long)]
        write: bool,
    },
    /// Evaluate events (one JSON event per line) and print one JSON outcome per line.
    Eval(EvalArgs),
    /// Evaluate events and print each outcome explained for people.
    Explain {
        #[command(flatten)]
        args: EvalArgs,
        /// Also say why each rule that gave nothing did not apply (its
        /// condition and what it read, its campaign, its group...), and
        /// which campaigns did not multiply an award, and why.
        #[arg(long)]
        why_not: bool,
    },
    /// Replay events in time order and print each member's balances,
    /// available and pending points, lots and tier after each.
    Simulate {
        #[command(flatten)]
        args: EvalArgs,
        /// One JSON object per event instead of a line for people.
        #[arg(long)]
        json: bool,
    },
    /// Quote a redemption: which lots it would take and what it would buy,
    /// or why it is refused; the state is not changed.
    Redeem {
        /// The program file.
        program: PathBuf,
        /// The member's state (a file of one object, or the object itself).
        state: PathBuf,
        /// The burn rule.
        #[arg(long, conflicts_with = "reward", required_unless_present = "reward")]
        burn: Option<String>,
        /// The reward.
        #[arg(long)]
        reward: Option<String>,
        /// The points to spend (a burn rule's).
        #[arg(long)]
        points: Option<String>,
        /// The order's amount, for a maximum as a share of the order.
        #[arg(long)]
        order: Option<String>,
        /// When, as a date and time with its offset (2026-05-01T12:00:00Z).
        #[arg(long)]
        at: String,
        /// The member (a file of one object, or the object itself), for its
        /// tier, segment and attributes.
        #[arg(long)]
        member: Option<PathBuf>,
        /// Refused with how to redeem: a quote changes no state.
        #[arg(long, hide = true)]
        state_out: Option<PathBuf>,
    },
    /// Print each member's tier status on a date: the tier, since and until
    /// when, why, and what is missing for the next level.
    Tier {
        /// The program file.
        program: PathBuf,
        /// Member states: a file of one object or an array (as
        /// `--state-out` writes them), or that JSON itself.
        state: PathBuf,
        /// The date of the status (YYYY-MM-DD), in the program's time zone.
        #[arg(long, value_parser = day)]
        as_of: loyalty_rules::NaiveDate,
        /// The members (a file of one object or an array, or that JSON
        /// itself), for join dates; without it, members are known by their
        /// ids only.
        #[arg(long)]
        member: Option<PathBuf>,
        /// Print the status as JSON, one object per line.
        #[arg(long)]
        json: bool,
    },
    /// Print each member's balances on a date: the points, what can be
    /// spent and what is pending, and what will expire on which day if
    /// nothing changes.
    Balances {
        /// The program file.
        program: PathBuf,
        /// Member states: a file of one object or an array (as
        /// `--state-out` writes them), or that JSON itself.
        state: PathBuf,
        /// The date (YYYY-MM-DD): what ended before it has expired.
        #[arg(long, value_parser = day)]
        as_of: loyalty_rules::NaiveDate,
        /// The members (a file of one object or an array, or that JSON
        /// itself); without it, members are known by their ids only.
        #[arg(long)]
        member: Option<PathBuf>,
        /// Print the balances as JSON, one object per member and line.
        #[arg(long)]
        json: bool,
    },
    /// Grant one member a tier from outside the thresholds (a paid
    /// membership, an invitation, a status match), or take one away
    /// (`--end`), and print the member's tier status from the grant's first
    /// day (or the day after it ends).
    Grant {
        /// The program file.
        program: PathBuf,
        /// Member states: a file of one object or an array (as
        /// `--state-out` writes them), or that JSON itself; a member
        /// without one starts from an empty state.
        state: PathBuf,
        /// The id of the member granted the tier.
        #[arg(long)]
        to: String,
        /// The tier granted.
        #[arg(long)]
        tier: String,
        /// Why it is granted.
        #[arg(long, value_enum, required_unless_present = "end")]
        kind: Option<grant::Kind>,
        /// The first day it is held (YYYY-MM-DD).
        #[arg(long, required_unless_present = "end", value_parser = day)]
        from: Option<loyalty_rules::NaiveDate>,
        /// Take the member's grant of the tier away instead: its last day
        /// (a grant not begun by then is withdrawn).
        #[arg(long, conflicts_with_all = ["kind", "from", "until", "months", "note"], value_parser = day)]
        end: Option<loyalty_rules::NaiveDate>,
        /// The last day it is held; without it (or --months), until it is
        /// taken away.
        #[arg(long, conflicts_with = "months", value_parser = day)]
        until: Option<loyalty_rules::NaiveDate>,
        /// How many months it is held: to the day before the same date
        /// that many months later.
        #[arg(long)]
        months: Option<u32>,
        /// A note shown with the grant (an order id, a partner).
        #[arg(long)]
        note: Option<String>,
        /// The members (a file of one object or an array, or that JSON
        /// itself), for join dates.
        #[arg(long)]
        member: Option<PathBuf>,
        /// Where to write the states with the grant (may be STATE itself).
        #[arg(long)]
        state_out: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(clap::Args)]
struct EvalArgs {
    /// The program file.
    program: PathBuf,
    /// Events, one JSON object per line (JSON Lines); `-` reads standard
    /// input. A line is an event, or `{"member": ID or {...}, "event": {...}}`.
    events: PathBuf,
    /// The member: a file of one JSON object (the member of every line that
    /// is a plain event) or of an array of members (found by the id an
    /// envelope line names), or that JSON itself (`--member '{"id":
    /// "m-1", "join_date": "2024-05-01"}'`); without it, lines are an
    /// anonymous member's.
    /// It is sent as it is with each event (its `purchase_count` too: an
    /// envelope line can give each event its own member).
    #[arg(long)]
    member: Option<PathBuf>,
    /// Members' states before the first event: a file of one state object
    /// or of an array (as `--state-out` writes them), or that JSON itself.
    /// Without it, each member starts from an empty state.
    #[arg(long)]
    state: Option<PathBuf>,
    /// Where to write every member's state after the last event (one
    /// object for one member, an array otherwise).
    #[arg(long)]
    state_out: Option<PathBuf>,
    /// Campaign budgets used before the first event (a program with
    /// `budget` in a campaign): a file of JSON, or the JSON itself;
    /// without it, nothing is used yet.
    #[arg(long)]
    budgets: Option<PathBuf>,
    /// Where to write the campaign budgets used after the last event.
    #[arg(long)]
    budgets_out: Option<PathBuf>,
    /// Threads to parse, evaluate and explain with. Different members'
    /// events run side by side, so more jobs help a file of many members
    /// (not one member's history). The output is the same, in the same
    /// order, for any number.
    #[arg(long, short = 'j', default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..))]
    jobs: u16,
    /// When to show a progress line on stderr.
    #[arg(long, value_enum, default_value = "auto")]
    progress: progress::When,
    /// An earlier version of the program (repeatable): a return is
    /// evaluated by the version that evaluated its purchase, which its
    /// receipt in the member's state names.
    #[arg(long, value_name = "PROGRAM")]
    previous: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = COLOR.set(cli.color);
    if let Some(path) = &cli.limits {
        match read(path).and_then(|text| {
            serde_json::from_str::<Limits>(&text)
                .map_err(|e| format!("cannot read the limits in {}: {e}", path.display()))
        }) {
            Ok(limits) => {
                let _ = LIMITS.set(limits);
            }
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        }
    }
    let mut out = Out(BufWriter::new(std::io::stdout().lock()));
    let result = run(cli.command, &mut out).and_then(|code| out.flush().map(|()| code));
    match result {
        Ok(code) => code,
        // The reader went away (`loyalty eval ... | head`): stop quietly, with
        // the status a shell reports for a process stopped by SIGPIPE.
        Err(Stop::ClosedPipe) => ExitCode::from(141),
        Err(Stop::Error(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Why a run stopped early.
enum Stop {
    /// Standard output was closed by its reader.
    ClosedPipe,
    /// Anything else, said to the user.
    Error(String),
}

impl From<String> for Stop {
    fn from(message: String) -> Self {
        Stop::Error(message)
    }
}

/// Standard output, buffered: all output goes through here.
struct Out(BufWriter<StdoutLock<'static>>);

impl Out {
    fn print(&mut self, text: impl Display) -> Result<(), Stop> {
        write!(self.0, "{text}").map_err(stop)
    }

    fn line(&mut self, text: impl Display) -> Result<(), Stop> {
        writeln!(self.0, "{text}").map_err(stop)
    }

    fn flush(&mut self) -> Result<(), Stop> {
        self.0.flush().map_err(stop)
    }
}

fn stop(e: std::io::Error) -> Stop {
    if e.kind() == ErrorKind::BrokenPipe {
        Stop::ClosedPipe
    } else {
        Stop::Error(format!("cannot write the output: {e}"))
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn compile(path: &Path) -> Result<Result<Program, String>, String> {
    let source = read(path)?;
    Ok(match Program::compile_with(&source, limits()) {
        Ok(program) => {
            eprint!("{}", diagnostics(path, &source, program.warnings()));
            Ok(program)
        }
        Err(err) => Err(diagnostics(path, &source, &all(&err))),
    })
}

/// The program at `path`, or `None` when it does not compile (its
/// diagnostics are on stderr).
fn compiled(path: &Path) -> Result<Option<Program>, String> {
    Ok(match compile(path)? {
        Ok(p) => Some(p),
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            None
        }
    })
}

/// Every diagnostic of a failed compile: errors, then warnings.
fn all(err: &CompileError) -> Vec<Diagnostic> {
    err.errors.iter().chain(&err.warnings).cloned().collect()
}

/// Diagnostics rendered for people (see `render.rs`), each followed by a
/// blank line.
fn diagnostics(path: &Path, source: &str, list: &[Diagnostic]) -> String {
    let color = COLOR.get().copied().unwrap_or_default().on_stderr();
    let name = path.display().to_string();
    list.iter()
        .map(|d| render::render(&name, source, d, color) + "\n\n")
        .collect()
}

/// The `--color` choice, set once at start-up.
static COLOR: std::sync::OnceLock<render::Color> = std::sync::OnceLock::new();

/// The limits of `--limits`, if given.
static LIMITS: std::sync::OnceLock<Limits> = std::sync::OnceLock::new();

/// The limits programs are compiled with: `--limits`, else the defaults.
fn limits() -> &'static Limits {
    LIMITS.get_or_init(Limits::default)
}

fn run(command: Command, out: &mut Out) -> Result<ExitCode, Stop> {
    match command {
        Command::Check {
            program,
            format,
            deny_warnings,
        } => check::check(&program, format, deny_warnings, out),
        Command::Fmt {
            programs,
            check,
            write,
        } => {
            let mut code = ExitCode::SUCCESS;
            for program in &programs {
                if fmt::fmt(program, check, write, out)? != ExitCode::SUCCESS {
                    code = ExitCode::FAILURE;
                }
            }
            Ok(code)
        }
        Command::Eval(args) => eval::evaluate(args, replay::Output::Json, out),
        Command::Explain { args, why_not } => {
            let output = if why_not {
                replay::Output::ExplainWhyNot
            } else {
                replay::Output::Explain
            };
            eval::evaluate(args, output, out)
        }
        Command::Simulate { args, json } => {
            let output = if json {
                replay::Output::SnapshotJson
            } else {
                replay::Output::SnapshotTable
            };
            eval::evaluate(args, output, out)
        }
        Command::Redeem {
            program,
            state,
            burn,
            reward,
            points,
            order,
            at,
            member,
            state_out,
        } => {
            let ask = redeem::Ask {
                burn,
                reward,
                points,
                order,
                at,
            };
            if state_out.is_some() {
                return Err(redeem::not_a_redemption(&ask).into());
            }
            redeem::quote(&program, &state, member.as_deref(), ask, out)
        }
        Command::Tier {
            program,
            state,
            as_of,
            member,
            json,
        } => tier::status(&program, &state, as_of, member.as_deref(), json, out),
        Command::Balances {
            program,
            state,
            as_of,
            member,
            json,
        } => balances::show(&program, &state, as_of, member.as_deref(), json, out),
        Command::Grant {
            program,
            state,
            to,
            tier,
            kind,
            from,
            end,
            until,
            months,
            note,
            member,
            state_out,
        } => {
            let what = match (end, kind, from) {
                (Some(last), _, _) => grant::What::End(last),
                (None, Some(kind), Some(from)) => grant::What::Grant {
                    kind,
                    from,
                    until,
                    months,
                    note,
                },
                _ => return Err("--kind and --from are needed, or --end".to_string().into()),
            };
            let ask = grant::Ask { to, tier, what };
            grant::grant(&program, &state, member.as_deref(), &state_out, ask, out)
        }
    }
}

/// An input error's path and message, for a header that gives the place.
fn without_place(e: &loyalty_rules::InputError) -> String {
    if e.path.is_empty() {
        e.message.clone()
    } else {
        format!("{}: {}", e.path, e.message)
    }
}

/// A day given on the command line, `YYYY-MM-DD`; one written with slashes
/// or dots as calendars print it (`2027/01/31`) says how to write it.
fn day(text: &str) -> Result<loyalty_rules::NaiveDate, String> {
    if let Ok(day) = text.parse() {
        return Ok(day);
    }
    let dashed = text.replace(['/', '.'], "-");
    match dashed.parse::<loyalty_rules::NaiveDate>() {
        Ok(day) => Err(format!("a day is written year-month-day: {day}")),
        Err(_) => Err("a day is written year-month-day, such as 2026-12-31".into()),
    }
}
