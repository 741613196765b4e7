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
mod rules;

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

/// `ident_char`: `ASCII_ALPHANUMERIC | "_"`.
fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
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

    /// An atomic rule: a node with no children over what `f` matched;
    /// nothing consumed when it fails.
    #[inline]
    fn token(&mut self, rule: Rule, f: impl FnOnce(&mut Self) -> bool) -> bool {
        let start = self.pos;
        if f(self) {
            let next = self.nodes.len() + 1;
            self.nodes.push(Raw {
                rule,
                start,
                end: self.pos,
                next,
            });
            true
        } else {
            self.pos = start;
            false
        }
    }

    /// A literal that makes a token (`{`, `,`, `==`...).
    fn punct(&mut self, rule: Rule, s: &str) -> bool {
        self.token(rule, |p| p.lit(s))
    }

    /// `!ident_char`.
    fn boundary(&self) -> bool {
        !self.peek().is_some_and(is_ident_char)
    }

    /// An atomic keyword-like rule: the first of `words` that matches,
    /// then a word boundary (no second chance for a later word).
    fn word(&mut self, rule: Rule, words: &[&str]) -> bool {
        self.token(rule, |p| words.iter().any(|w| p.lit(w)) && p.boundary())
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
        self.token(Rule::EOI, |p| p.pos == p.src.len())
    }

    /// `ident`'s characters, without a token.
    fn ident_raw(&mut self) -> bool {
        if !self
            .peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        {
            return false;
        }
        self.pos += 1;
        while self.peek().is_some_and(is_ident_char) {
            self.pos += 1;
        }
        true
    }

    fn ident(&mut self) -> bool {
        self.token(Rule::ident, Self::ident_raw)
    }

    fn name(&mut self) -> bool {
        self.token(Rule::name, Self::ident_raw)
    }

    /// `ident ~ ("." ~ ident)+`, one token.
    fn path(&mut self) -> bool {
        self.token(Rule::path, |p| {
            if !p.ident_raw() {
                return false;
            }
            let mut parts = 0;
            loop {
                let before = p.pos;
                if p.lit(".") && p.ident_raw() {
                    parts += 1;
                } else {
                    p.pos = before;
                    break parts > 0;
                }
            }
        })
    }

    /// `ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)?`
    fn number(&mut self) -> bool {
        self.token(Rule::number, |p| {
            if p.digits() == 0 {
                return false;
            }
            if p.peek() == Some(b'.') && p.at(1).is_some_and(|b| b.is_ascii_digit()) {
                p.pos += 1;
                p.digits();
            }
            true
        })
    }

    fn integer(&mut self) -> bool {
        self.token(Rule::integer, |p| {
            if p.peek() == Some(b'-') {
                p.pos += 1;
            }
            p.digits() > 0
        })
    }

    fn currency(&mut self) -> bool {
        self.token(Rule::currency, |p| {
            (0..3).all(|_| {
                let upper = p.peek().is_some_and(|b| b.is_ascii_uppercase());
                p.pos += usize::from(upper);
                upper
            }) && p.boundary()
        })
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
        self.token(Rule::date_lit, |p| {
            p.digits_n(4)
                && p.lit("-")
                && p.digits_n(2)
                && p.lit("-")
                && p.digits_n(2)
                && p.boundary()
        })
    }

    fn month_day(&mut self) -> bool {
        self.token(Rule::month_day, |p| {
            p.digits_n(2) && p.lit("-") && p.digits_n(2) && p.boundary()
        })
    }

    /// `ASCII_DIGIT{1,2} ~ ":" ~ ASCII_DIGIT{2} ~ !ident_char`
    fn time_lit(&mut self) -> bool {
        self.token(Rule::time_lit, |p| {
            p.digits_n(1)
                && {
                    p.digits_n(1);
                    p.lit(":")
                }
                && p.digits_n(2)
                && p.boundary()
        })
    }

    /// `${ "\"" ~ string_body ~ "\"" }` with `string_body` one token.
    fn string(&mut self) -> bool {
        self.rule(Rule::string, |p| {
            if !p.lit("\"") {
                return false;
            }
            p.token(Rule::string_body, |p| loop {
                match p.peek() {
                    Some(b'"') | Some(b'\n') | None => return true,
                    Some(b'\\') => match p.at(1) {
                        Some(b'"' | b'\\' | b'n' | b't') => p.pos += 2,
                        _ => return true,
                    },
                    Some(_) => p.pos += 1,
                }
            }) && p.lit("\"")
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
        self.token(Rule::equals, |p| p.lit("=") && p.peek() != Some(b'='))
    }
}
