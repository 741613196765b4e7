//! One batch of input lines through the replay: parsed in parallel,
//! evaluated member by member (each member's events in order, members in
//! parallel unless campaign budgets or a referral tie them together), each line's output
//! rendered by the thread that evaluated it, then written in input order.
//! The output is the same for any number of jobs; with one job a batch is
//! one line, done on the calling thread.

use std::collections::BTreeMap;

use loyalty_rules::{Budgets, Event, Member, MemberState, Program};
use rayon::prelude::*;

use super::replay::{Output, Record, Replay};
use super::snapshot::Snapshot;
use super::summary::Summary;
use super::{Out, Stop};

/// Lines read before they are evaluated with more than one job: enough to
/// keep every core busy, few enough that memory does not depend on the
/// input's size and what a batch holds stays in the caches.
const BATCH: usize = 1024;

/// What one line gave: the text it prints (an outcome applied to the
/// member's state), or an error record in its place.
type Done = Result<String, Record>;

/// One member's events in a batch, with the member's state.
struct Group {
    id: String,
    state: MemberState,
    /// (position in the batch, member, event)
    events: Vec<(usize, Member, Event)>,
}

impl Replay {
    /// Evaluates a batch of `(line number, text)` and writes what each
    /// line gives in order. Returns whether every line gave an outcome.
    pub(super) fn batch(
        &mut self,
        lines: &[(usize, String)],
        name: &str,
        out: &mut Out,
    ) -> Result<bool, Stop> {
        if lines.is_empty() {
            return Ok(true);
        }
        let parse = |(at, text): &(usize, String)| self.parse(text, *at);
        let parsed: Vec<Result<(Member, Event), Record>> = if self.alone() {
            lines.iter().map(parse).collect()
        } else {
            self.pool.install(|| lines.par_iter().map(parse).collect())
        };
        let done = self.evaluate(parsed, lines);
        let mut ok = true;
        for (d, (at, _)) in done.iter().zip(lines) {
            match d {
                Ok(text) => out.print(text)?,
                Err(record) => {
                    ok = false;
                    self.summary.failed += 1;
                    self.progress.clear();
                    // What came before this line is shown before its error
                    // when both streams go to one terminal or file.
                    out.flush()?;
                    let text = &record.text;
                    match record.column {
                        Some(column) => eprintln!("{name}:{at}:{column}: {text}"),
                        None => eprintln!("{name}:{at}: {text}"),
                    }
                    if matches!(
                        self.output,
                        Output::Explain | Output::ExplainWhyNot | Output::SnapshotTable
                    ) {
                        match record.column {
                            Some(column) => {
                                out.line(format_args!("line {at}, column {column}: error: {text}"))?
                            }
                            None => out.line(format_args!("line {at}: error: {text}"))?,
                        }
                    } else {
                        out.line(&record.json)?;
                    }
                }
            }
        }
        self.progress.evaluated(lines.len());
        Ok(ok)
    }

    /// Whether there is one job: then the work is done on this thread.
    fn alone(&self) -> bool {
        self.pool.current_num_threads() == 1
    }

    /// Lines per batch: one at a time for one job (what one line makes is
    /// still in the caches when it is written).
    pub(super) fn batch_size(&self) -> usize {
        if self.alone() {
            1
        } else {
            BATCH
        }
    }

    /// Evaluates parsed lines, threading each member's state through its
    /// events in order.
    fn evaluate(
        &mut self,
        parsed: Vec<Result<(Member, Event), Record>>,
        lines: &[(usize, String)],
    ) -> Vec<Done> {
        let program = &self.program;
        let previous = self.previous.as_slice();
        let output = self.output;
        let at = |i: usize| lines.get(i).map_or(0, |(at, _)| *at);
        // Budgets are shared by every member, and a referral credits
        // another member's state: one event after another.
        let referral = parsed
            .iter()
            .any(|p| matches!(p, Ok((_, Event::Referral(_)))));
        if self.budgets.is_some() || self.alone() || referral {
            let mut budgets = self.budgets.as_mut();
            let summary = &mut self.summary;
            let states = &mut self.states;
            return parsed
                .into_iter()
                .enumerate()
                .map(|(i, p)| {
                    let (member, event) = p?;
                    let mut state = states
                        .remove(&member.id)
                        .unwrap_or_else(|| program.new_state(&member));
                    let budgets = budgets.as_deref_mut();
                    let run = Run {
                        program,
                        previous,
                        output,
                        at: at(i),
                    };
                    let done =
                        run.step(&mut state, Some(states), budgets, &member, &event, summary);
                    states.insert(member.id.clone(), state);
                    done
                })
                .collect();
        }
        let mut done: Vec<Option<Done>> = Vec::with_capacity(parsed.len());
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of: BTreeMap<String, usize> = BTreeMap::new();
        for (i, p) in parsed.into_iter().enumerate() {
            let (member, event) = match p {
                Err(record) => {
                    done.push(Some(Err(record)));
                    continue;
                }
                Ok(pair) => pair,
            };
            done.push(None);
            let g = *group_of.entry(member.id.clone()).or_insert_with(|| {
                let state = self
                    .states
                    .remove(&member.id)
                    .unwrap_or_else(|| program.new_state(&member));
                groups.push(Group {
                    id: member.id.clone(),
                    state,
                    events: Vec::new(),
                });
                groups.len() - 1
            });
            if let Some(group) = groups.get_mut(g) {
                group.events.push((i, member, event));
            }
        }
        // Each group's events, evaluated and explained on one thread; what
        // they were made of is freed there too.
        let results: Vec<(Vec<(usize, Done)>, Summary)> = self.pool.install(|| {
            groups
                .par_iter_mut()
                .map(|g| {
                    let mut summary = Summary::default();
                    let state = &mut g.state;
                    let texts = std::mem::take(&mut g.events)
                        .into_iter()
                        .map(|(i, member, event)| {
                            let run = Run {
                                program,
                                previous,
                                output,
                                at: at(i),
                            };
                            (
                                i,
                                run.step(state, None, None, &member, &event, &mut summary),
                            )
                        })
                        .collect();
                    (texts, summary)
                })
                .collect()
        });
        for g in groups {
            self.states.insert(g.id, g.state);
        }
        for (texts, summary) in results {
            self.summary.merge(summary);
            for (i, d) in texts {
                if let Some(slot) = done.get_mut(i) {
                    *slot = Some(d);
                }
            }
        }
        done.into_iter()
            .map(|d| {
                d.unwrap_or_else(|| {
                    Err(Record::plain(0, "internal", "the line's outcome was lost"))
                })
            })
            .collect()
    }
}

/// What evaluates one line.
struct Run<'p> {
    program: &'p Program,
    /// Earlier versions of the program (`--previous`).
    previous: &'p [Program],
    output: Output,
    /// The line's number in the input.
    at: usize,
}

impl Run<'_> {
    /// One event: evaluated, applied to the member's state (and the
    /// budgets, and the states of the other members it credits, a
    /// referral's, when they are given), counted in the summary, and
    /// printed.
    fn step(
        &self,
        state: &mut MemberState,
        others: Option<&mut BTreeMap<String, MemberState>>,
        budgets: Option<&mut Budgets>,
        member: &Member,
        event: &Event,
        summary: &mut Summary,
    ) -> Done {
        let Run {
            program,
            previous,
            output,
            at,
        } = *self;
        let program = version_for(program, previous, state, event);
        let outcome = match &budgets {
            Some(b) => program.evaluate_with_budgets(member, state, b, event),
            None => program.evaluate_with(member, state, event),
        }
        .map_err(|e| Record::eval(at, member, event, &e))?;
        // Read before the state moves on; a limit the explanation says.
        let why_not = match output {
            Output::ExplainWhyNot => program
                .why_not(member, state, event)
                .map_err(|e| Record::eval(at, member, event, &e))?
                .into_iter()
                .filter(|n| !matches!(n.reason, loyalty_rules::WhyNot::Limit { .. }))
                .map(|n| format!("  {n}\n"))
                .collect(),
            _ => String::new(),
        };
        // The other members' part first, on copies: nothing changes unless
        // every state takes the outcome.
        let mut theirs = Vec::new();
        if let Some(others) = &others {
            for id in outcome.change.others.keys() {
                let mut other = others
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| program.new_state(&Member::new(id)));
                other
                    .apply(&outcome)
                    .map_err(|e| Record::plain(at, "state", &e.to_string()))?;
                theirs.push((id.clone(), other));
            }
        }
        state
            .apply(&outcome)
            .map_err(|e| Record::plain(at, "state", &e.to_string()))?;
        if let Some(b) = budgets {
            b.apply(&outcome)
                .map_err(|e| Record::plain(at, "budgets", &e.to_string()))?;
        }
        if let Some(others) = others {
            others.extend(theirs);
        }
        summary.add(&outcome);
        match output {
            Output::Explain | Output::ExplainWhyNot => Ok(outcome.explain() + &why_not),
            Output::Json => json_line(&outcome, at),
            Output::SnapshotTable => {
                let mut text = Snapshot::of(program, event, &outcome, state).table();
                text.push('\n');
                Ok(text)
            }
            Output::SnapshotJson => json_line(&Snapshot::of(program, event, &outcome, state), at),
        }
    }
}

/// The version of the program that evaluates `event`: for a return, the
/// one that evaluated its purchase (its receipt names it), when it is
/// among the earlier versions given; otherwise the program, which refuses
/// the return of a purchase another version evaluated.
fn version_for<'p>(
    program: &'p Program,
    previous: &'p [Program],
    state: &MemberState,
    event: &Event,
) -> &'p Program {
    let Event::Return(r) = event else {
        return program;
    };
    let Some(version) = state
        .receipts
        .get(&r.purchase)
        .and_then(|receipt| receipt.program.as_deref())
    else {
        return program;
    };
    previous
        .iter()
        .find(|p| p.version() == version && p.version() != program.version())
        .unwrap_or(program)
}

/// A value as one line of JSON.
fn json_line(value: &impl serde::Serialize, at: usize) -> Done {
    let mut text =
        serde_json::to_string(value).map_err(|e| Record::plain(at, "output", &e.to_string()))?;
    text.push('\n');
    Ok(text)
}
