//! `loyalty eval` and `loyalty explain`: replay JSON-lines events in file
//! order, threading each member's state from one event to the next.
//!
//! A line is an event (for the `--member` member, or `anonymous`), or an
//! envelope `{"member": "ID" or {...}, "event": {...}}` naming its member;
//! one file may hold several members' events. Each event gives one line of
//! output: its outcome, or, when it fails, an error record in its place.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use loyalty_rules::{Event, InputError, Member, MemberState, Program};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::summary::Summary;
use super::{read, without_place, Out, Stop};

/// Where the replay starts and what it writes besides its output.
pub(super) struct Replay {
    pub program: Program,
    /// Earlier versions of the program (`--previous`): each return is
    /// evaluated by the version that evaluated its purchase.
    pub previous: Vec<Program>,
    /// The `--member` member (one object, or a JSON array of members).
    pub members: BTreeMap<String, Member>,
    /// The default member of lines that are plain events.
    pub default_member: Member,
    pub states: BTreeMap<String, MemberState>,
    pub output: Output,
    /// The campaign budgets' state, for a program with budgets.
    pub budgets: Option<loyalty_rules::Budgets>,
    /// What the replay did, for its closing line.
    pub summary: Summary,
    /// The threads that parse, evaluate and render (`--jobs`).
    pub pool: rayon::ThreadPool,
    /// The progress line on stderr.
    pub progress: super::progress::Progress,
}

/// What each event prints.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Output {
    /// The outcome as JSON.
    Json,
    /// The outcome explained.
    Explain,
    /// The outcome explained, and why each rule that gave nothing did not
    /// apply.
    ExplainWhyNot,
    /// The member's balances, lots and tier after the event, as JSON.
    SnapshotJson,
    /// The same, one line for people.
    SnapshotTable,
}

/// A line that names its member.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    #[serde(borrow)]
    member: &'a RawValue,
    #[serde(borrow)]
    event: &'a RawValue,
}

/// A line's shape, found in one pass: its `member` and `event` parts when
/// it has an `event` (an envelope), and whether it has anything else.
#[derive(Default)]
struct Shape<'a> {
    member: Option<&'a RawValue>,
    event: Option<&'a RawValue>,
    /// Keys besides one `member` and one `event`.
    odd: bool,
    /// A `kind`: the line is an event, whatever its other keys.
    kind: bool,
}

impl<'de> Deserialize<'de> for Shape<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "lowercase")]
        enum Key {
            Member,
            Event,
            Kind,
            #[serde(other)]
            Other,
        }
        struct ShapeVisitor;
        impl<'de> serde::de::Visitor<'de> for ShapeVisitor {
            type Value = Shape<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Shape<'de>, A::Error> {
                let mut shape = Shape::default();
                while let Some(key) = map.next_key::<Key>()? {
                    let slot = match key {
                        Key::Member => &mut shape.member,
                        Key::Event => &mut shape.event,
                        Key::Kind | Key::Other => {
                            shape.kind |= matches!(key, Key::Kind);
                            shape.odd = true;
                            map.next_value::<serde::de::IgnoredAny>()?;
                            continue;
                        }
                    };
                    shape.odd |= slot.is_some();
                    *slot = Some(map.next_value()?);
                }
                Ok(shape)
            }
        }
        d.deserialize_map(ShapeVisitor)
    }
}

/// `loyalty tier` and `loyalty balances`: the program compiled, then each
/// member's state in turn with the member (from `--member`, else known by
/// id) through `each`, which prints what it has and says whether it could
/// (its error printed); failure when the program does not compile or
/// `each` could not for some member.
pub(super) fn each_member(
    program: &Path,
    state: &Path,
    members: Option<&Path>,
    mut each: impl FnMut(&Program, &Member, &MemberState) -> Result<bool, Stop>,
) -> Result<std::process::ExitCode, Stop> {
    let Some(program) = super::compiled(program)? else {
        return Ok(std::process::ExitCode::FAILURE);
    };
    let members = match members {
        Some(path) => read_members(path)?,
        None => Default::default(),
    };
    let mut ok = true;
    for (id, s) in &read_states(state, &program)? {
        let member = members.get(id).cloned().unwrap_or_else(|| Member::new(id));
        ok &= each(&program, &member, s)?;
    }
    Ok(if ok {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    })
}

/// Members from `--member`: one object, or an array.
pub(super) fn read_members(path: &Path) -> Result<BTreeMap<String, Member>, Stop> {
    let (list, _) = one_or_many(
        path,
        "--member",
        "a member",
        Member::from_json,
        Member::list_from_json,
    )?;
    Ok(list.into_iter().map(|m| (m.id.clone(), m)).collect())
}

/// The values of a file that holds one JSON object or an array of them
/// (or of the argument itself, see [`json_argument`]), with the file (or
/// the flag), line and column of what is wrong; and the name of the file
/// (or the flag).
fn one_or_many<T>(
    path: &Path,
    flag: &str,
    what: &str,
    one: fn(&str) -> Result<T, InputError>,
    many: fn(&str) -> Result<Vec<T>, InputError>,
) -> Result<(Vec<T>, String), Stop> {
    let (text, name) = json_argument(path, flag)?;
    let place = |e: &InputError| {
        format!(
            "{name}:{}:{}: not {what}: {}",
            e.line,
            e.column,
            without_place(e)
        )
    };
    let list = if text.trim_start().starts_with('[') {
        many(&text).map_err(|e| place(&e))?
    } else {
        vec![one(&text).map_err(|e| place(&e))?]
    };
    Ok((list, name))
}

/// The text of a JSON argument and the name its errors are placed in: the
/// argument itself when it is JSON (starts with `{` or `[`, which no file
/// name a shell completes does), named by its flag; else the file it names.
pub(super) fn json_argument(path: &Path, flag: &str) -> Result<(String, String), Stop> {
    let given = path.to_string_lossy();
    if given.trim_start().starts_with(['{', '[']) {
        return Ok((given.into_owned(), flag.to_string()));
    }
    Ok((read(path)?, path.display().to_string()))
}

/// States from `--state`: one object, or an array.
pub(super) fn read_states(
    path: &Path,
    program: &Program,
) -> Result<BTreeMap<String, MemberState>, Stop> {
    let (list, name) = one_or_many(
        path,
        "--state",
        "a member state",
        MemberState::from_json,
        MemberState::list_from_json,
    )?;
    let mut states = BTreeMap::new();
    for s in list {
        let report = program.check_state(&s).map_err(|e| match e.member() {
            Some(_) => format!("{name}: {e}"),
            None => format!("{name}: member {}: {e}", s.member),
        })?;
        for (what, names) in [
            ("balances", &report.unknown_balances),
            ("counters", &report.unknown_counters),
            ("rules", &report.unknown_rules),
        ] {
            if !names.is_empty() {
                eprintln!(
                    "{name}: member {}: kept, but not declared by the program: {what} {}",
                    s.member,
                    names.join(", ")
                );
            }
        }
        if states.contains_key(&s.member) {
            return Err(format!("{name}: member {} has two states", s.member).into());
        }
        states.insert(s.member.clone(), s);
    }
    Ok(states)
}

/// The input's line `n` (from 0), without the byte-order mark that Windows
/// tools put before a file's first line (the library's JSON readers ignore
/// one before a whole text likewise).
fn first_without_bom(n: usize, line: String) -> String {
    match line.strip_prefix('\u{feff}') {
        Some(rest) if n == 0 => rest.to_string(),
        _ => line,
    }
}

/// Writes the final states: one object for one member, an array otherwise.
pub(super) fn write_states(
    path: &PathBuf,
    states: &BTreeMap<String, MemberState>,
) -> Result<(), Stop> {
    let list: Vec<&MemberState> = states.values().collect();
    let json = match list.as_slice() {
        [one] => serde_json::to_string_pretty(one),
        all => serde_json::to_string_pretty(all),
    }
    .map_err(|e| format!("cannot write the states: {e}"))?;
    std::fs::write(path, json + "\n")
        .map_err(|e| Stop::Error(format!("cannot write {}: {e}", path.display())))
}

impl Replay {
    /// Replays every line of `input`; `name` is the input's name for messages.
    /// Lines are read a batch at a time, so memory does not grow with the
    /// input. Returns whether every event was evaluated.
    pub(super) fn run(
        &mut self,
        input: impl BufRead,
        name: &str,
        out: &mut Out,
    ) -> Result<bool, Stop> {
        let mut ok = true;
        let size = self.batch_size();
        let mut lines = Vec::with_capacity(size);
        for (n, line) in input.lines().enumerate() {
            let line = first_without_bom(n, line.map_err(|e| format!("cannot read {name}: {e}"))?);
            self.progress.read(line.len() + 1);
            if line.trim().is_empty() {
                continue;
            }
            lines.push((n + 1, line));
            if lines.len() == size {
                ok &= self.batch(&lines, name, out)?;
                lines.clear();
            }
        }
        ok &= self.batch(&lines, name, out)?;
        Ok(ok)
    }

    /// Replays every line of `input` in time order (lines of the same
    /// moment in file order); line numbers are the file's.
    pub(super) fn run_in_time_order(
        &mut self,
        input: impl BufRead,
        name: &str,
        out: &mut Out,
    ) -> Result<bool, Stop> {
        let mut lines = Vec::new();
        for (n, line) in input.lines().enumerate() {
            let line = first_without_bom(n, line.map_err(|e| format!("cannot read {name}: {e}"))?);
            self.progress.read(line.len() + 1);
            if !line.trim().is_empty() {
                let when = self.parse(&line, n + 1).ok().map(|(_, e)| e.timestamp());
                lines.push((when, n + 1, line));
            }
        }
        // Lines that do not parse keep their place at the front, to be reported.
        lines.sort_by_key(|(when, at, _)| (*when, *at));
        let lines: Vec<(usize, String)> = lines.into_iter().map(|(_, at, l)| (at, l)).collect();
        let mut ok = true;
        for chunk in lines.chunks(self.batch_size()) {
            ok &= self.batch(chunk, name, out)?;
        }
        Ok(ok)
    }

    /// A line's member and event.
    pub(super) fn parse(&self, line: &str, at: usize) -> Result<(Member, Event), Record> {
        let shape: Shape<'_> = serde_json::from_str(line).map_err(|e| Record::json(at, &e))?;
        let env = match shape {
            // An event (a line with a `kind` and no `member` is one, even
            // with an `event` key of a custom kind's).
            Shape { event: None, .. }
            | Shape {
                kind: true,
                member: None,
                ..
            } => {
                let event =
                    Event::from_json(line).map_err(|e| Record::input(at, "event", &e, 0))?;
                return Ok((self.default_member.clone(), event));
            }
            Shape {
                member: Some(member),
                event: Some(event),
                odd: false,
                ..
            } => Envelope { member, event },
            // What is wrong with the envelope, said by serde.
            _ => serde_json::from_str(line).map_err(|e| Record::json(at, &e))?,
        };
        let offset =
            |raw: &RawValue| (raw.get().as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
        let member_text = env.member.get();
        let member = if member_text.starts_with('"') {
            let id: String = serde_json::from_str(member_text).map_err(|e| Record::json(at, &e))?;
            self.members
                .get(&id)
                .cloned()
                .unwrap_or_else(|| Member::new(&id))
        } else {
            Member::from_json(member_text)
                .map_err(|e| Record::input(at, "member", &e, offset(env.member)))?
        };
        let event = Event::from_json(env.event.get())
            .map_err(|e| Record::input(at, "event", &e, offset(env.event)))?;
        Ok((member, event))
    }
}

/// A failed line: the text for stderr and the JSON record for stdout.
pub(super) struct Record {
    /// The column of the line where the error is, when known.
    pub column: Option<usize>,
    /// What is wrong, in words.
    pub text: String,
    pub json: String,
}

impl Record {
    pub(super) fn plain(at: usize, error: &str, message: &str) -> Record {
        let json =
            serde_json::json!({ "line": at, "error": { "error": error }, "message": message });
        Record {
            column: None,
            text: message.to_string(),
            json: json.to_string(),
        }
    }

    fn json(at: usize, e: &serde_json::Error) -> Record {
        let text = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
        let json = serde_json::json!({
            "line": at,
            "error": { "error": "invalid_json", "column": e.column() },
            "message": message,
        });
        Record {
            column: Some(e.column()),
            text: format!("not an event: {message}"),
            json: json.to_string(),
        }
    }

    /// An input error in a part of the line that starts at byte `offset`.
    fn input(at: usize, what: &str, e: &InputError, offset: usize) -> Record {
        // The part is on one line of its own (a JSON line), so its columns
        // shift by where it starts.
        let column = if e.line == 1 {
            e.column + offset
        } else {
            e.column
        };
        let path = if e.path.is_empty() {
            what.to_string()
        } else {
            format!("{what}.{}", e.path)
        };
        let json = serde_json::json!({
            "line": at,
            "error": { "error": format!("invalid_{what}"), "path": path, "column": column },
            "message": e.message,
        });
        Record {
            column: Some(column),
            text: format!("not {}: {}", article(what), without_place(e)),
            json: json.to_string(),
        }
    }

    pub(super) fn eval(
        at: usize,
        member: &Member,
        event: &Event,
        e: &loyalty_rules::EvalError,
    ) -> Record {
        // Every error serializes (`tests/errors.rs`); a record is written
        // even if one did not.
        let error =
            serde_json::to_value(e).unwrap_or_else(|_| serde_json::json!({ "error": "unknown" }));
        let json = serde_json::json!({
            "line": at,
            "member": member.id,
            "event": event.id(),
            "error": error,
            "message": e.to_string(),
        });
        // What the library cannot know: how this command is given the
        // version that evaluated a purchase.
        let hint = match e {
            loyalty_rules::EvalError::ReturnRefused {
                refusal: loyalty_rules::ReturnRefusal::OtherVersion { .. },
                ..
            } => " (give that version's file with `--previous FILE`; `loyalty check FILE` prints its version)",
            _ => "",
        };
        Record {
            column: None,
            text: format!("{e}{hint}"),
            json: json.to_string(),
        }
    }
}

fn article(what: &str) -> String {
    match what {
        "event" => "an event".into(),
        other => format!("a {other}"),
    }
}
