//! Many events in one call: sequentially, or with the `rayon` feature in
//! parallel. Results are always in input order, and equal to evaluating each
//! item on its own (evaluation is pure, so items are independent).

use std::borrow::Borrow;

use crate::error::EvalError;
use crate::input::{Event, Member};
use crate::outcome::Outcome;
use crate::points::Points;
use crate::program::Program;

impl Program {
    /// Evaluates each `(member, event)` pair, with explanations; the results
    /// are in input order. Pairs may be owned or borrowed.
    ///
    /// ```
    /// use loyalty_rules::{Event, Member, Program};
    ///
    /// let program = Program::compile(r#"
    ///     program "Reviews" { currency USD }
    ///     earn "Review" on review { award 50 points }
    /// "#)?;
    /// let review = |id: &str| -> Event {
    ///     serde_json::from_str(&format!(
    ///         r#"{{"kind": "review", "id": "{id}", "timestamp": "2026-11-23T10:00:00Z"}}"#
    ///     )).unwrap()
    /// };
    /// let (ann, bob) = (Member::new("ann"), Member::new("bob"));
    /// let batch = [(&ann, review("r1")), (&bob, review("r2"))];
    ///
    /// let outcomes = program.evaluate_batch(&batch);
    /// assert_eq!(outcomes[1].as_ref().unwrap().points("bob", "points").to_string(), "50");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_batch<M, E>(&self, items: &[(M, E)]) -> Vec<Result<Outcome, EvalError>>
    where
        M: Borrow<Member>,
        E: Borrow<Event>,
    {
        items
            .iter()
            .map(|(m, e)| self.evaluate(m.borrow(), e.borrow()))
            .collect()
    }

    /// Like [`Program::evaluate_batch`], for totals only (see
    /// [`Program::points`]).
    pub fn points_batch<'a, M, E>(
        &'a self,
        items: &'a [(M, E)],
    ) -> Vec<Result<Points<'a>, EvalError>>
    where
        M: Borrow<Member>,
        E: Borrow<Event>,
    {
        items
            .iter()
            .map(|(m, e)| self.points(m.borrow(), e.borrow()))
            .collect()
    }

    /// [`Program::evaluate_batch`] on all cores (feature `rayon`): items are
    /// evaluated in parallel, and the results come back in input order.
    #[cfg(feature = "rayon")]
    pub fn par_evaluate_batch<M, E>(&self, items: &[(M, E)]) -> Vec<Result<Outcome, EvalError>>
    where
        M: Borrow<Member> + Sync,
        E: Borrow<Event> + Sync,
    {
        use rayon::prelude::*;
        items
            .par_iter()
            .map(|(m, e)| self.evaluate(m.borrow(), e.borrow()))
            .collect()
    }

    /// [`Program::points_batch`] on all cores (feature `rayon`), results in
    /// input order.
    #[cfg(feature = "rayon")]
    pub fn par_points_batch<'a, M, E>(
        &'a self,
        items: &'a [(M, E)],
    ) -> Vec<Result<Points<'a>, EvalError>>
    where
        M: Borrow<Member> + Sync,
        E: Borrow<Event> + Sync,
    {
        use rayon::prelude::*;
        items
            .par_iter()
            .map(|(m, e)| self.points(m.borrow(), e.borrow()))
            .collect()
    }
}
