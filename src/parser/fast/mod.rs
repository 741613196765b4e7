//! A hand-written parser for the grammar of `grammar/loyalty.pest`, in
//! front of pest: it builds the very tree pest would (the same rules, the
//! same spans, trailing skipped whitespace included), an order of magnitude
//! faster, because it keeps no error bookkeeping. It gives up (`None`) on
//! any text it cannot take, and pest then parses the text again and says
//! what is wrong; the grammar stays the definition of the language.
//!
//! Each function below is one rule of the grammar, spelt the way pest's
//! generator runs it: an ordered choice takes the first alternative that
//! matches, a failed sequence leaves no trace, and inside a non-atomic rule
//! whitespace and comments are skipped between the parts of a sequence and
//! between the repetitions of a `*` (not after the last). `tests/grammar_twin.rs`
//! and the `parse` fuzz target compare the two trees.

mod expr;
mod items;

use super::tree::{Raw, Tree};
use super::Rule;

/// The tree of a program, or `None` when this parser does not take it.
pub(super) fn parse(src: &str) -> Option<Tree<'_>> {
    let mut p = P {
        src: src.as_bytes(),
        pos: 0,
        // about one node per five bytes in the shipped programs
        nodes: Vec::with_capacity(src.len() / 4),
        gave_up: false,
    };
    let parsed = p.program_file();
    (parsed && !p.gave_up).then(|| Tree::new(src, p.nodes))
}

/// Below this much stack, the parser gives the text to pest, which stops
/// at the same margin with a typed error (its `REQUIRED_STACK_SPACE`).
const STACK_MARGIN: usize = 64 * 1024;

/// A sequence in a non-atomic rule: the parts in order with whitespace and
/// comments skipped between them; nothing consumed when a part fails.
macro_rules! seq {
    ($p:ident; $first:expr $(, $rest:expr)* $(,)?) => {
        $p.seq(|$p| $first $(&& { $p.skip(); $rest })*)
    };
}
pub(super) use seq;

pub(super) struct P<'s> {
    src: &'s [u8],
    pos: usize,
    nodes: Vec<Raw>,
    /// Set when the stack ran low: every rule fails from then on.
    gave_up: bool,
}

impl P<'_> {
    // ------------------------------------------------------------ machinery

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn at(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    /// Runs `f`; when it fails, puts the position and the tree back.
    #[inline]
    fn seq(&mut self, f: impl FnOnce(&mut Self) -> bool) -> bool {
        let (pos, len) = (self.pos, self.nodes.len());
        if f(self) {
            true
        } else {
            self.pos = pos;
            self.nodes.truncate(len);
            false
        }
    }

    /// `x?`: always succeeds.
    #[inline]
    fn opt(&mut self, f: impl FnOnce(&mut Self) -> bool) -> bool {
        self.seq(f);
        true
    }

    /// `x*` in a non-atomic rule: skips between repetitions, not after the
    /// last one.
    #[inline]
    fn rep(&mut self, mut f: impl FnMut(&mut Self) -> bool) -> bool {
        if self.seq(&mut f) {
            while self.seq(|p| {
                p.skip();
                f(p)
            }) {}
        }
        true
    }

    /// Whether the stack is too short to go deeper (brackets nest
    /// expressions): the parse is then given up.
    fn stack_low(&mut self) -> bool {
        if stacker::remaining_stack().is_some_and(|left| left < STACK_MARGIN) {
            self.gave_up = true;
        }
        self.gave_up
    }

    /// A token-making rule: a node spanning what `f` matched.
    #[inline]
    fn rule(&mut self, rule: Rule, f: impl FnOnce(&mut Self) -> bool) -> bool {
        if self.gave_up {
            return false;
        }
        let (start, at) = (self.pos, self.nodes.len());
        self.nodes.push(Raw {
            rule,
            start,
            end: start,
            next: at + 1,
        });
        if f(self) {
            let next = self.nodes.len();
            if let Some(raw) = self.nodes.get_mut(at) {
                raw.end = self.pos;
                raw.next = next;
            }
            true
        } else {
            self.pos = start;
            self.nodes.truncate(at);
            false
        }
    }

    /// `!x`: whether `x` does not match here; consumes nothing.
    fn not(&mut self, f: impl FnOnce(&mut Self) -> bool) -> bool {
        let (pos, len) = (self.pos, self.nodes.len());
        let matched = f(self);
        self.pos = pos;
        self.nodes.truncate(len);
        !matched
    }

    /// pest's implicit `WHITESPACE` and `COMMENT`, as many as there are.
    fn skip(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'#') => self.skip_line(1),
                Some(b'/') if self.at(1) == Some(b'/') => self.skip_line(2),
                _ => return,
            }
        }
    }

    fn skip_line(&mut self, from: usize) {
        self.pos += from;
        while self.peek().is_some_and(|b| b != b'\n') {
            self.pos += 1;
        }
    }

    /// A literal string.
    fn lit(&mut self, s: &str) -> bool {
        let end = self.pos + s.len();
        if self.src.get(self.pos..end) == Some(s.as_bytes()) {
            self.pos = end;
            true
        } else {
            false
        }
    }

    /// A one-byte literal that makes a token (`{`, `,`, `==`'s first...).
    fn punct(&mut self, rule: Rule, s: &str) -> bool {
        let start = self.pos;
        if !self.lit(s) {
            return false;
        }
        self.leaf(rule, start);
        true
    }

    /// A node with no children from `start` to here.
    fn leaf(&mut self, rule: Rule, start: usize) {
        let next = self.nodes.len() + 1;
        self.nodes.push(Raw {
            rule,
            start,
            end: self.pos,
            next,
        });
    }

    /// `!ident_char`.
    fn boundary(&self) -> bool {
        !self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
    }

    /// An atomic keyword-like rule: the first of `words` that matches,
    /// then a word boundary (no second chance for a later word).
    fn word(&mut self, rule: Rule, words: &[&str]) -> bool {
        let start = self.pos;
        if words.iter().any(|w| self.lit(w)) && self.boundary() {
            self.leaf(rule, start);
            true
        } else {
            self.pos = start;
            false
        }
    }

    fn kw(&mut self, rule: Rule, word: &str) -> bool {
        self.word(rule, &[word])
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Exactly `n` ASCII digits.
    fn digits_n(&mut self, n: usize) -> bool {
        let ok = (0..n).all(|i| self.at(i).is_some_and(|b| b.is_ascii_digit()));
        if ok {
            self.pos += n;
        }
        ok
    }

    // ------------------------------------------------------------ lexical rules

    fn program_file(&mut self) -> bool {
        self.rule(Rule::program_file, |p| {
            // SOI always matches at the start.
            seq!(p; true, p.rep(|p| p.item()), p.eoi())
        })
    }

    fn eoi(&mut self) -> bool {
        if self.pos == self.src.len() {
            self.leaf(Rule::EOI, self.pos);
            true
        } else {
            false
        }
    }

    /// Matches `ident` without making a token.
    fn ident_raw(&mut self) -> bool {
        if !self
            .peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        {
            return false;
        }
        self.pos += 1;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.pos += 1;
        }
        true
    }

    fn ident(&mut self) -> bool {
        let start = self.pos;
        self.ident_raw() && {
            self.leaf(Rule::ident, start);
            true
        }
    }

    fn name(&mut self) -> bool {
        let start = self.pos;
        self.ident_raw() && {
            self.leaf(Rule::name, start);
            true
        }
    }

    /// `ident ~ ("." ~ ident)+`, one token.
    fn path(&mut self) -> bool {
        let start = self.pos;
        if !self.ident_raw() {
            return false;
        }
        let mut parts = 0;
        loop {
            let before = self.pos;
            if self.lit(".") && self.ident_raw() {
                parts += 1;
            } else {
                self.pos = before;
                break;
            }
        }
        if parts == 0 {
            self.pos = start;
            return false;
        }
        self.leaf(Rule::path, start);
        true
    }

    /// `ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)?` without a token.
    fn number_raw(&mut self) -> bool {
        if self.digits() == 0 {
            return false;
        }
        if self.peek() == Some(b'.') && self.at(1).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
            self.digits();
        }
        true
    }

    fn number(&mut self) -> bool {
        let start = self.pos;
        self.number_raw() && {
            self.leaf(Rule::number, start);
            true
        }
    }

    fn integer(&mut self) -> bool {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.digits() == 0 {
            self.pos = start;
            return false;
        }
        self.leaf(Rule::integer, start);
        true
    }

    fn currency(&mut self) -> bool {
        let start = self.pos;
        let upper = (0..3).all(|i| self.at(i).is_some_and(|b| b.is_ascii_uppercase()));
        if !upper {
            return false;
        }
        self.pos += 3;
        if !self.boundary() {
            self.pos = start;
            return false;
        }
        self.leaf(Rule::currency, start);
        true
    }

    /// `${ number ~ WHITESPACE* ~ currency }`.
    fn money_lit(&mut self) -> bool {
        self.rule(Rule::money_lit, |p| {
            p.number() && {
                while matches!(p.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
                    p.pos += 1;
                }
                p.currency()
            }
        })
    }

    fn percent_lit(&mut self) -> bool {
        self.rule(Rule::percent_lit, |p| p.number() && p.lit("%"))
    }

    fn date_lit(&mut self) -> bool {
        let start = self.pos;
        let ok = self.digits_n(4)
            && self.lit("-")
            && self.digits_n(2)
            && self.lit("-")
            && self.digits_n(2)
            && self.boundary();
        self.finish_leaf(ok, Rule::date_lit, start)
    }

    fn month_day(&mut self) -> bool {
        let start = self.pos;
        let ok = self.digits_n(2) && self.lit("-") && self.digits_n(2) && self.boundary();
        self.finish_leaf(ok, Rule::month_day, start)
    }

    fn time_lit(&mut self) -> bool {
        let start = self.pos;
        let ok = self.digits_n(1)
            && {
                self.digits_n(1);
                self.lit(":")
            }
            && self.digits_n(2)
            && self.boundary();
        self.finish_leaf(ok, Rule::time_lit, start)
    }

    fn finish_leaf(&mut self, ok: bool, rule: Rule, start: usize) -> bool {
        if ok {
            self.leaf(rule, start);
        } else {
            self.pos = start;
        }
        ok
    }

    /// `${ "\"" ~ string_body ~ "\"" }` with `string_body` one token.
    fn string(&mut self) -> bool {
        self.rule(Rule::string, |p| {
            if !p.lit("\"") {
                return false;
            }
            let start = p.pos;
            loop {
                match p.peek() {
                    Some(b'"') | Some(b'\n') | None => break,
                    Some(b'\\') => match p.at(1) {
                        Some(b'"' | b'\\' | b'n' | b't') => p.pos += 2,
                        _ => break,
                    },
                    Some(_) => p.pos += 1,
                }
            }
            p.leaf(Rule::string_body, start);
            p.lit("\"")
        })
    }

    fn lbrace(&mut self) -> bool {
        self.punct(Rule::lbrace, "{")
    }
    fn rbrace(&mut self) -> bool {
        self.punct(Rule::rbrace, "}")
    }
    fn lparen(&mut self) -> bool {
        self.punct(Rule::lparen, "(")
    }
    fn rparen(&mut self) -> bool {
        self.punct(Rule::rparen, ")")
    }
    fn comma(&mut self) -> bool {
        self.punct(Rule::comma, ",")
    }

    /// `@{ "=" ~ !"=" }`.
    fn equals(&mut self) -> bool {
        let start = self.pos;
        let ok = self.lit("=") && self.peek() != Some(b'=');
        self.finish_leaf(ok, Rule::equals, start)
    }
}
