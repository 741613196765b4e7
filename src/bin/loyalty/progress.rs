//! A progress line on stderr for long replays: events done, their rate,
//! and how much of the input file is read. Shown only when stderr is a
//! terminal and the input is large (or when asked), and erased before the
//! closing summary line.

use std::io::Write;
use std::time::{Duration, Instant};

/// Inputs smaller than this finish before a progress line would help.
const LARGE: u64 = 8 << 20;

/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(200);

pub(super) struct Progress {
    shown: bool,
    /// Whether a line is on the screen now.
    drawn: bool,
    start: Instant,
    last: Option<Instant>,
    /// The input's size, when it is a file.
    size: Option<u64>,
    read: u64,
    events: usize,
}

/// When to show the progress line.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum When {
    /// When stderr is a terminal and the input is larger than 8 MiB (or
    /// standard input).
    Auto,
    /// Always (also when stderr is not a terminal).
    Always,
    /// Never.
    Never,
}

impl Progress {
    pub(super) fn new(when: When, size: Option<u64>) -> Progress {
        use std::io::IsTerminal;
        let shown = match when {
            When::Always => true,
            When::Never => false,
            When::Auto => std::io::stderr().is_terminal() && size.is_none_or(|s| s >= LARGE),
        };
        Progress {
            shown,
            drawn: false,
            start: Instant::now(),
            last: None,
            size,
            read: 0,
            events: 0,
        }
    }

    /// Bytes of input read.
    pub(super) fn read(&mut self, bytes: usize) {
        self.read = self.read.saturating_add(bytes as u64);
    }

    /// Lines evaluated; redraws the line when it is time.
    pub(super) fn evaluated(&mut self, lines: usize) {
        self.events = self.events.saturating_add(lines);
        if !self.shown {
            return;
        }
        let now = Instant::now();
        if self
            .last
            .is_some_and(|last| now.duration_since(last) < EVERY)
        {
            return;
        }
        self.last = Some(now);
        let elapsed = now.duration_since(self.start);
        // A rate over less than one redraw's time says nothing yet.
        let rate = if elapsed >= EVERY {
            let per_second = (self.events as u128 * 1000) / elapsed.as_millis().max(1);
            format!(", {per_second} lines/s")
        } else {
            String::new()
        };
        let share = match self.size {
            Some(size) if size > 0 => {
                format!(
                    ", {}% read",
                    u128::from(self.read.min(size)) * 100 / u128::from(size)
                )
            }
            _ => String::new(),
        };
        let mut err = std::io::stderr().lock();
        let lines = if self.events == 1 { "line" } else { "lines" };
        let _ = write!(err, "\r\x1b[2K{} {lines}{rate}{share}", self.events);
        let _ = err.flush();
        self.drawn = true;
    }

    /// Erases the line (before anything else is written to stderr).
    pub(super) fn clear(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = false;
        }
    }
}
