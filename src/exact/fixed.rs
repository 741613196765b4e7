//! A decimal as a 128-bit mantissa and a scale, with
//! exact, checked operations that are a few machine instructions each.
//! Every result is exactly the value `Exact` would compute; anything that
//! `Exact` could not hold (a quotient that does not terminate, a sum or a
//! product that a `Decimal` cannot hold exactly: more than 28 decimals or
//! a mantissa past 96 bits once trailing zeros are dropped) or that a
//! `Fixed` does not do (a negative value where rounding is asked) is
//! `None`, and the caller takes the general way (the evaluator's straight
//! lane gives up, and the evaluation says what overflowed; validation
//! falls back to `Decimal`). The 128 bits are room for the work between
//! two results, never for a result.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::{mul_i128, pow10, Exact};
use crate::rounding::RoundingMode;

/// `m / 10^s`, always a value a `Decimal` holds as it is (every
/// constructor checks it), so that it converts back without a check.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fixed {
    m: i128,
    s: u32,
}

impl Fixed {
    pub(crate) const ZERO: Fixed = Fixed { m: 0, s: 0 };

    pub(crate) fn of(d: Decimal) -> Fixed {
        Fixed {
            m: d.mantissa(),
            s: d.scale(),
        }
    }

    /// The value of an exact number, when it is a decimal.
    pub(crate) fn of_exact(e: Exact) -> Option<Fixed> {
        e.as_decimal().map(Fixed::of)
    }

    pub(crate) fn decimal(self) -> Option<Decimal> {
        Some(self.to_decimal())
    }

    /// The same value as a `Decimal` (which holds every `Fixed`).
    pub(crate) fn to_decimal(self) -> Decimal {
        super::from_parts(self.m, self.s)
    }

    pub(crate) fn exact(self) -> Option<Exact> {
        self.decimal().map(Exact::from)
    }

    pub(crate) fn is_negative(self) -> bool {
        self.m < 0
    }

    pub(crate) fn is_zero(self) -> bool {
        self.m == 0
    }

    pub(crate) fn is_positive(self) -> bool {
        self.m > 0
    }

    /// Both mantissas at the larger scale.
    fn aligned(self, o: Fixed) -> Option<(i128, i128, u32)> {
        Some(match self.s.cmp(&o.s) {
            Ordering::Equal => (self.m, o.m, self.s),
            Ordering::Less => (mul_i128(self.m, pow10(o.s - self.s)?)?, o.m, o.s),
            Ordering::Greater => (self.m, mul_i128(o.m, pow10(self.s - o.s)?)?, self.s),
        })
    }

    /// The sum at the larger scale (as `Decimal`'s own, when it is exact).
    #[inline(always)]
    pub(crate) fn add(self, o: Fixed) -> Option<Fixed> {
        if o.m == 0 && o.s <= self.s {
            return Some(self);
        }
        if self.m == 0 && self.s <= o.s {
            return Some(o);
        }
        let (a, b, s) = self.aligned(o)?;
        Fixed::held(a.checked_add(b)?, s)
    }

    #[inline]
    pub(crate) fn sub(self, o: Fixed) -> Option<Fixed> {
        self.add(Fixed {
            m: o.m.checked_neg()?,
            s: o.s,
        })
    }

    pub(crate) fn mul(self, o: Fixed) -> Option<Fixed> {
        Fixed::held(mul_i128(self.m, o.m)?, self.s + o.s)
    }

    /// The sum of decimals, at the largest of their scales: the mantissas
    /// added in 128 bits, and whether a `Decimal` holds the sum checked once,
    /// at the end (a counter's days over a year are summed on every event).
    /// `None` for a fraction or a value below zero among them, or a sum past
    /// what a `Decimal` holds.
    pub(crate) fn sum<'a>(values: impl Iterator<Item = &'a Exact>) -> Option<Fixed> {
        let (mut m, mut s) = (0i128, 0u32);
        for v in values {
            let d = v.as_decimal()?;
            let (vm, vs) = (d.mantissa(), d.scale());
            if vm < 0 {
                // With both signs, a sum could pass what a `Decimal` holds on
                // the way and come back: one at a time says where.
                return None;
            }
            m = match vs.cmp(&s) {
                Ordering::Equal => m.checked_add(vm)?,
                Ordering::Less => m.checked_add(mul_i128(vm, pow10(s - vs)?)?)?,
                Ordering::Greater => {
                    let raised = mul_i128(m, pow10(vs - s)?)?;
                    s = vs;
                    raised.checked_add(vm)?
                }
            };
        }
        Fixed::held(m, s)
    }

    /// `m / 10^s` if a `Decimal` (so `Exact`) can hold it.
    #[inline(always)]
    fn held(m: i128, s: u32) -> Option<Fixed> {
        if super::fits(m, s) {
            Some(Fixed { m, s })
        } else {
            Fixed::trimmed(m, s)
        }
    }

    /// [`held`](Self::held) with trailing zeros dropped until it fits.
    #[cold]
    #[inline(never)]
    fn trimmed(m: i128, s: u32) -> Option<Fixed> {
        super::fit(m, s).map(|(m, s)| Fixed { m, s })
    }

    pub(crate) fn cmp(self, o: Fixed) -> Option<Ordering> {
        let (a, b, _) = self.aligned(o)?;
        Some(a.cmp(&b))
    }

    pub(crate) fn min(self, o: Fixed) -> Option<Fixed> {
        Some(if self.cmp(o)? == Ordering::Greater {
            o
        } else {
            self
        })
    }

    pub(crate) fn max_zero(self) -> Fixed {
        if self.m < 0 {
            Fixed::ZERO
        } else {
            self
        }
    }

    /// `floor(self / unit)`, a whole number, for values and units above
    /// zero (`None` otherwise).
    pub(crate) fn steps(self, unit: Fixed) -> Option<Fixed> {
        if self.m < 0 || unit.m <= 0 {
            return None;
        }
        // (a / 10^sa) / (b / 10^sb) = a·10^sb / (b·10^sa)
        let num = mul_i128(self.m, pow10(unit.s)?)?;
        let den = mul_i128(unit.m, pow10(self.s)?)?;
        Fixed::held(div_rem(num, den)?.0, 0)
    }

    /// Rounds to `places` decimals by `mode` (values not below zero).
    #[inline]
    pub(crate) fn round(self, mode: RoundingMode, places: u32) -> Option<Fixed> {
        if self.s <= places {
            return Some(self);
        }
        if self.m < 0 {
            return None;
        }
        let d = pow10(self.s - places)?;
        let (q, r) = div_rem(self.m, d)?;
        let up = match mode {
            RoundingMode::Floor => false,
            RoundingMode::Ceil => r > 0,
            RoundingMode::HalfUp => r.checked_mul(2)? >= d,
            RoundingMode::HalfDown => r.checked_mul(2)? > d,
            RoundingMode::HalfEven => match r.checked_mul(2)?.cmp(&d) {
                Ordering::Greater => true,
                Ordering::Less => false,
                Ordering::Equal => q % 2 == 1,
            },
        };
        if !up {
            return Some(Fixed { m: q, s: places });
        }
        // Only one up from a mantissa that fits can reach 2^96.
        Fixed::held(q.checked_add(1)?, places)
    }
}

/// Quotient and remainder of values not below zero, in 64 bits when they
/// fit (a 128-bit division is done in software).
fn div_rem(n: i128, d: i128) -> Option<(i128, i128)> {
    if d <= 0 || n < 0 {
        return None;
    }
    Some(match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => (i128::from(n / d), i128::from(n % d)),
        _ => (n / d, n % d),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec() -> impl Strategy<Value = Decimal> {
        (0i64..10_000_000, 0u32..6).prop_map(|(m, s)| Decimal::new(m, s))
    }

    fn mode() -> impl Strategy<Value = RoundingMode> {
        prop::sample::select(RoundingMode::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn operations_are_those_of_exact(a in dec(), b in dec(), m in mode(), places in 0u32..4) {
            let (x, y) = (Fixed::of(a), Fixed::of(b));
            let (ea, eb) = (Exact::from(a), Exact::from(b));
            prop_assert_eq!(x.add(y).and_then(Fixed::exact), ea.checked_add(eb));
            prop_assert_eq!(x.sub(y).and_then(Fixed::exact), ea.checked_sub(eb));
            prop_assert_eq!(x.mul(y).and_then(Fixed::exact), ea.checked_mul(eb));
            prop_assert_eq!(x.cmp(y), Some(ea.cmp(&eb)));
            let rounded = x.mul(y).and_then(|p| p.round(m, places)).and_then(Fixed::decimal);
            prop_assert_eq!(rounded, ea.checked_mul(eb).and_then(|p| p.round(m, places)));
            if !b.is_zero() {
                let steps = ea.checked_div(eb).and_then(Exact::floor);
                prop_assert_eq!(x.steps(y).and_then(Fixed::decimal), steps);
            }
        }
    }

    /// Any decimal, up to 96-bit mantissas and 28 decimals.
    fn big() -> impl Strategy<Value = Decimal> {
        (any::<(u32, u32, u32)>(), any::<bool>(), 0u32..29, 0u32..3).prop_map(
            |((lo, mid, hi), negative, scale, small)| {
                // Some with a short mantissa, so that sums and products fit too.
                let (mid, hi) = if small > 0 { (0, 0) } else { (mid, hi) };
                Decimal::from_parts(lo, mid, hi, negative, scale)
            },
        )
    }

    proptest! {
        /// Near the limits of a decimal: a result `Exact` cannot hold is
        /// one a `Fixed` does not hold either, even when rounding would
        /// bring it back (found by the `state` fuzz target: the straight
        /// lane gave a total where the evaluation overflowed).
        #[test]
        fn results_are_only_what_exact_holds(a in big(), b in big(), m in mode()) {
            let (x, y) = (Fixed::of(a), Fixed::of(b));
            let (ea, eb) = (Exact::from(a), Exact::from(b));
            let fixed = |r: Option<Fixed>| r.and_then(|p| p.round(m, 0)).and_then(Fixed::decimal);
            let exact = |r: Option<Exact>| r.and_then(|p| p.round(m, 0));
            if !a.is_sign_negative() && !b.is_sign_negative() {
                prop_assert_eq!(fixed(x.add(y)), exact(ea.checked_add(eb)));
                prop_assert_eq!(fixed(x.mul(y)), exact(ea.checked_mul(eb)));
            }
            prop_assert_eq!(x.add(y).and_then(Fixed::exact), ea.checked_add(eb));
            prop_assert_eq!(x.mul(y).and_then(Fixed::exact), ea.checked_mul(eb));
        }
    }

    proptest! {
        /// A sum taken in 128-bit integers is the sum taken one `Exact` at
        /// a time, to the digit, and `None` where that overflows; with
        /// fractions among the values or not.
        #[test]
        fn a_checked_sum_is_the_sum_one_at_a_time(
            values in prop::collection::vec((big(), 0u8..8), 0..40),
        ) {
            let third = |d: Decimal| Exact::from(d).checked_div(Exact::from(Decimal::from(3)));
            let values: Vec<Exact> = values
                .into_iter()
                .map(|(d, k)| if k == 0 { third(d).unwrap_or(Exact::from(d)) } else { Exact::from(d) })
                .collect();
            let one_by_one = values.iter().try_fold(Exact::ZERO, |s, v| s.checked_add(*v));
            let sum = crate::exact::checked_sum(values.iter());
            prop_assert_eq!(sum.map(|s| s.to_string()), one_by_one.map(|s| s.to_string()));
        }
    }

    proptest! {
        #[test]
        fn normalized_is_rust_decimals_normalize(m in any::<i64>(), s in 0u32..29, zeros in 0u32..4) {
            let d = Decimal::new(m, s);
            let mut padded = d;
            padded.rescale((s + zeros).min(28));
            for d in [d, padded, -d] {
                let (ours, theirs) = (crate::exact::normalized(d), d.normalize());
                prop_assert_eq!((ours.mantissa(), ours.scale()), (theirs.mantissa(), theirs.scale()));
                prop_assert_eq!(ours.is_sign_negative(), theirs.is_sign_negative());
            }
        }
    }

    #[test]
    fn ties_round_as_their_modes_say() {
        let half = Fixed::of(Decimal::new(25, 1)); // 2.5
        let expect = [
            (RoundingMode::Floor, 2),
            (RoundingMode::Ceil, 3),
            (RoundingMode::HalfEven, 2),
            (RoundingMode::HalfUp, 3),
            (RoundingMode::HalfDown, 2),
        ];
        for (mode, n) in expect {
            let r = half.round(mode, 0).and_then(Fixed::decimal);
            assert_eq!(r, Some(Decimal::from(n)), "{mode:?}");
        }
        assert!(Fixed::of(Decimal::new(-25, 1))
            .round(RoundingMode::Floor, 0)
            .is_none());
    }
}
