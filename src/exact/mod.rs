//! Exact numbers: a decimal when the value has a finite decimal expansion,
//! otherwise a reduced fraction. `1 point per 3 USD` of 10 USD is `10/3`,
//! not a decimal cut at its 28th digit; multiplying it by 3 gives exactly
//! 10, and rounding happens once, on the exact value.
//!
//! Every operation is checked: `None` means the exact result does not fit
//! (a decimal of more than 28 significant digits, or a fraction whose terms
//! outgrow 128 bits), which callers report as an overflow. Nothing is ever
//! silently rounded here.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::rounding::RoundingMode;

mod fixed;
pub(crate) use fixed::Fixed;

/// Largest mantissa a `Decimal` holds (2^96 - 1).
const MAX_MANTISSA: i128 = (1i128 << 96) - 1;
/// Largest scale a `Decimal` holds.
const MAX_SCALE: u32 = 28;

/// An exact number: a decimal, or a fraction that has no finite decimal
/// expansion (such as `10/3`).
///
/// Amounts in an [`Outcome`](crate::Outcome) are `Exact` so that the
/// explanation shows what was computed: `10/3` before rounding, never
/// `3.3333333333333333333333333333`. It displays and serializes as text:
/// `"12.5"` or `"10/3"`.
///
/// ```
/// use loyalty_rules::Exact;
/// let third: Exact = "10/3".parse()?;
/// assert_eq!(third.to_string(), "10/3");
/// assert_eq!("5/2".parse::<Exact>()?.to_string(), "2.5");
/// # Ok::<(), loyalty_rules::ParseExactError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Exact(Repr);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Repr {
    Decimal(Decimal),
    /// `num / den` in lowest terms, `den > 1`, and `den` has a prime factor
    /// other than 2 and 5 (otherwise the value is a decimal). The terms are
    /// 64-bit (arithmetic on them is done in 128 bits) so that an `Exact` is
    /// as small as a decimal and its tag: values are copied on every step
    /// of an evaluation.
    Fraction {
        num: i64,
        den: i64,
    },
}

impl Exact {
    /// Zero.
    pub const ZERO: Exact = Exact(Repr::Decimal(Decimal::ZERO));

    /// The decimal value, if the number has a finite decimal expansion.
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self.0 {
            Repr::Decimal(d) => Some(d),
            Repr::Fraction { .. } => None,
        }
    }

    /// The exact quotient `num / den`; `None` when `den` is zero or the
    /// result does not fit.
    pub fn ratio(num: Decimal, den: Decimal) -> Option<Exact> {
        let (n, ns) = parts(num);
        let (d, ds) = parts(den);
        // num / den = (n / 10^ns) / (d / 10^ds) = n·10^ds / (d·10^ns)
        fraction(n.checked_mul(pow10(ds)?)?, d.checked_mul(pow10(ns)?)?)
    }

    /// Whether the number is below zero.
    pub fn is_negative(&self) -> bool {
        match self.0 {
            Repr::Decimal(d) => d.is_sign_negative() && !d.is_zero(),
            Repr::Fraction { num, .. } => num < 0,
        }
    }

    /// Whether the number is zero.
    pub fn is_zero(&self) -> bool {
        matches!(self.0, Repr::Decimal(d) if d.is_zero())
    }

    /// The number without trailing zeros (a fraction is already reduced).
    pub fn normalize(self) -> Exact {
        match self.0 {
            Repr::Decimal(d) => Exact(Repr::Decimal(normalized(d))),
            Repr::Fraction { .. } => self,
        }
    }

    /// A decimal without trailing zeros, then with at least `places`
    /// decimals (a balance's amounts read as its total does: `0.50`, not
    /// `0.5`; [`Program::precision`](crate::Program::precision) gives a
    /// balance's); a fraction as it is. The value is unchanged.
    ///
    /// ```
    /// use loyalty_rules::{Decimal, Exact};
    /// let half = Exact::from(Decimal::new(5, 1));
    /// assert_eq!(half.at_places(2).to_string(), "0.50");
    /// assert_eq!(Exact::from(Decimal::new(1250, 3)).at_places(0).to_string(), "1.25");
    /// ```
    pub fn at_places(self, places: u32) -> Exact {
        match self.0 {
            Repr::Decimal(d) => Exact(Repr::Decimal(crate::rounding::at_places(d, places))),
            Repr::Fraction { .. } => self,
        }
    }

    /// As integer numerator and positive denominator (not necessarily reduced).
    fn terms(self) -> Option<(i128, i128)> {
        match self.0 {
            Repr::Decimal(d) => {
                let (m, s) = parts(d);
                Some((m, pow10(s)?))
            }
            Repr::Fraction { num, den } => Some((i128::from(num), i128::from(den))),
        }
    }

    /// The exact sum, or `None` when it does not fit (see the type's
    /// documentation). For a host's own ledger arithmetic on outcomes and
    /// states:
    ///
    /// ```
    /// use loyalty_rules::{Exact, RoundingMode};
    /// let third: Exact = "1/3".parse()?;
    /// let sum = third.checked_add(third).and_then(|x| x.checked_add(third));
    /// assert_eq!(sum, Some(Exact::from(rust_decimal::Decimal::ONE)));
    /// let x: Exact = "12.5".parse()?;
    /// assert_eq!(x.checked_sub("0.5".parse()?).map(|d| d.to_string()), Some("12.0".into()));
    /// assert_eq!(x.checked_mul(third).map(|d| d.to_string()), Some("25/6".into()));
    /// assert_eq!(x.checked_div(Exact::ZERO), None);
    /// assert_eq!(third.round(RoundingMode::HalfUp, 2).map(|d| d.to_string()), Some("0.33".into()));
    /// # Ok::<(), loyalty_rules::ParseExactError>(())
    /// ```
    pub fn checked_add(self, other: Exact) -> Option<Exact> {
        if let (Repr::Decimal(a), Repr::Decimal(b)) = (self.0, other.0) {
            // Sums start from zero: the other operand is the exact sum.
            if a.is_zero() {
                return Some(other);
            }
            if b.is_zero() {
                return Some(self);
            }
            return add(a, b).map(Exact::from);
        }
        let (a, b) = self.terms()?;
        let (c, d) = other.terms()?;
        if b == d {
            return fraction(a.checked_add(c)?, b);
        }
        fraction(
            a.checked_mul(d)?.checked_add(c.checked_mul(b)?)?,
            b.checked_mul(d)?,
        )
    }

    /// The exact difference, or `None` when it does not fit.
    pub fn checked_sub(self, other: Exact) -> Option<Exact> {
        self.checked_add(other.checked_neg()?)
    }

    /// The number with its sign changed, or `None` when it does not fit.
    pub fn checked_neg(self) -> Option<Exact> {
        Some(match self.0 {
            // Zero has no sign: `0 - 0` is never written `-0`.
            Repr::Decimal(d) if d.is_zero() => self,
            Repr::Decimal(d) => Exact(Repr::Decimal(-d)),
            Repr::Fraction { num, den } => Exact(Repr::Fraction {
                num: num.checked_neg()?,
                den,
            }),
        })
    }

    /// The exact product, or `None` when it does not fit.
    pub fn checked_mul(self, other: Exact) -> Option<Exact> {
        if let (Repr::Decimal(a), Repr::Decimal(b)) = (self.0, other.0) {
            return mul(a, b).map(Exact::from);
        }
        let (a, b) = self.terms()?;
        let (c, d) = other.terms()?;
        // Cross-reduce first so that the products stay small.
        let g1 = gcd(a, d).max(1);
        let g2 = gcd(c, b).max(1);
        fraction((a / g1).checked_mul(c / g2)?, (b / g2).checked_mul(d / g1)?)
    }

    /// The exact quotient (a fraction when it does not terminate), or
    /// `None` for a division by zero or a result that does not fit.
    pub fn checked_div(self, other: Exact) -> Option<Exact> {
        if let (Repr::Decimal(a), Repr::Decimal(b)) = (self.0, other.0) {
            if b == Decimal::ONE {
                return Some(self);
            }
            // The common case: a quotient that terminates, proven exact by
            // multiplying back without rounding.
            if let Some(q) = a.checked_div(b) {
                if mul(q, b) == Some(a) {
                    return Some(Exact::from(q));
                }
            }
        }
        let (c, d) = other.terms()?;
        if c == 0 {
            return None;
        }
        // Multiply by the reciprocal d/c.
        self.checked_mul(fraction(d, c)?)
    }

    /// Multiplies by a decimal factor.
    pub(crate) fn times(self, factor: Decimal) -> Option<Exact> {
        self.checked_mul(Exact::from(factor))
    }

    /// Rounds to `decimals` places by `mode`: the only way an exact value
    /// becomes a rounded one (`None` when the result does not fit).
    pub fn round(self, mode: RoundingMode, decimals: u32) -> Option<Decimal> {
        match self.0 {
            Repr::Decimal(d) => Some(mode.apply(d, decimals)),
            Repr::Fraction { num, den } => {
                let (num, den) = (i128::from(num), i128::from(den));
                let x = num.checked_mul(pow10(decimals)?)?;
                let (q, r) = (x.div_euclid(den), x.rem_euclid(den));
                // A fraction never terminates, so r > 0 and 2r != den: there
                // is no tie to break.
                let up = match mode {
                    RoundingMode::Floor => false,
                    RoundingMode::Ceil => true,
                    RoundingMode::HalfEven | RoundingMode::HalfUp | RoundingMode::HalfDown => {
                        r.checked_mul(2)? > den
                    }
                };
                let q = if up { q.checked_add(1)? } else { q };
                decimal(q, decimals)
            }
        }
    }

    /// The largest integer not above the number.
    pub(crate) fn floor(self) -> Option<Decimal> {
        match self.0 {
            Repr::Decimal(d) => Some(d.floor()),
            Repr::Fraction { .. } => self.round(RoundingMode::Floor, 0),
        }
    }
}

impl Default for Exact {
    /// Zero.
    fn default() -> Self {
        Exact::ZERO
    }
}

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Self {
        Exact(Repr::Decimal(d))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Self) -> Ordering {
        if let (Repr::Decimal(a), Repr::Decimal(b)) = (self.0, other.0) {
            return cmp_decimals(a, b);
        }
        match (self.terms(), other.terms()) {
            (Some((a, b)), Some((c, d))) => match (a.checked_mul(d), c.checked_mul(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                _ => wide_cmp(a, b, c, d),
            },
            // Terms of a decimal always fit: parts() of a Decimal is at most
            // 2^96 · 10^28 < 2^127. Kept total for safety.
            _ => Ordering::Equal,
        }
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares a/b with c/d (b, d > 0) when the cross products overflow, by
/// continued-fraction steps on the integer parts.
fn wide_cmp(mut a: i128, mut b: i128, mut c: i128, mut d: i128) -> Ordering {
    let mut flip = false;
    loop {
        let (qa, ra) = (a.div_euclid(b), a.rem_euclid(b));
        let (qc, rc) = (c.div_euclid(d), c.rem_euclid(d));
        let ord = qa.cmp(&qc);
        if ord != Ordering::Equal {
            return if flip { ord.reverse() } else { ord };
        }
        match (ra == 0, rc == 0) {
            (true, true) => return Ordering::Equal,
            (true, false) => {
                return if flip {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (false, true) => {
                return if flip {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            // a/b - q = ra/b; compare the reciprocals b/ra and d/rc, reversed.
            (false, false) => {
                (a, b, c, d) = (b, ra, d, rc);
                flip = !flip;
            }
        }
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Decimal(d) => write!(f, "{d}"),
            Repr::Fraction { num, den } => write!(f, "{num}/{den}"),
        }
    }
}

/// Text that is not an exact number (`"12.5"` or `"10/3"`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not an exact number: {0:?} (write a decimal such as \"12.5\" or a fraction such as \"10/3\")"
)]
pub struct ParseExactError(String);

impl FromStr for Exact {
    type Err = ParseExactError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseExactError(s.to_string());
        match s.split_once('/') {
            None => Decimal::from_str_exact(s)
                .map(Exact::from)
                .map_err(|_| bad()),
            Some((n, d)) => {
                let n = Decimal::from_str_exact(n.trim()).map_err(|_| bad())?;
                let d = Decimal::from_str_exact(d.trim()).map_err(|_| bad())?;
                Exact::ratio(n, d).ok_or_else(bad)
            }
        }
    }
}

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            // A decimal's own serialization is its text, built on the stack.
            Repr::Decimal(d) => Serialize::serialize(&d, s),
            Repr::Fraction { .. } => s.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The sum of `values`, exactly: as 128-bit integers while each is a
/// decimal and the sum fits (a few instructions a value: a counter's days
/// over a year are summed on every event), else one `Exact` at a time.
/// `None` when the sum passes what an `Exact` holds.
pub(crate) fn checked_sum<'a>(
    mut values: impl Iterator<Item = &'a Exact> + Clone,
) -> Option<Exact> {
    if let Some(sum) = Fixed::sum(values.clone()).and_then(Fixed::exact) {
        return Some(sum);
    }
    values.try_fold(Exact::ZERO, |sum, v| sum.checked_add(*v))
}

/// `d.normalize()`, without its loop of divisions for the usual decimal
/// that has nothing to strip: an integer, or an odd mantissa.
pub(crate) fn normalized(d: Decimal) -> Decimal {
    if d.is_zero() {
        return Decimal::ZERO;
    }
    let odd = d.unpack().lo & 1 == 1;
    if d.scale() == 0 || odd {
        return d;
    }
    d.normalize()
}

fn parts(d: Decimal) -> (i128, u32) {
    (d.mantissa(), d.scale())
}

/// Powers of ten that fit an `i128` (10^0 to 10^38). Computed when the
/// crate is compiled: an index out of bounds there fails the build.
#[allow(clippy::indexing_slicing)]
const POW10: [i128; 39] = {
    let mut t = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// 10^k, if it fits in an i128.
pub(crate) fn pow10(k: u32) -> Option<i128> {
    POW10.get(k as usize).copied()
}

/// `a · b`, checked; without the cost of a checked 128-bit product when
/// both fit 63 bits (their product then fits 126).
pub(crate) fn mul_i128(a: i128, b: i128) -> Option<i128> {
    const SMALL: u128 = 1 << 63;
    if a.unsigned_abs() < SMALL && b.unsigned_abs() < SMALL {
        return Some(a.wrapping_mul(b));
    }
    a.checked_mul(b)
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    i128::try_from(a).unwrap_or(i128::MAX)
}

/// The decimal `m / 10^scale`, dropping only trailing zeros to fit.
fn decimal(m: i128, scale: u32) -> Option<Decimal> {
    let (m, scale) = fit(m, scale)?;
    from_i128(m, scale)
}

/// Whether a `Decimal` holds `m / 10^scale` as it is.
#[inline]
pub(crate) fn fits(m: i128, scale: u32) -> bool {
    // |m| < 2^96: the bits above the 96th are all the sign's, and not
    // -2^96 itself.
    let high = m >> 96;
    scale <= MAX_SCALE && (high == 0 || (high == -1 && m != -(1i128 << 96)))
}

/// `m / 10^scale` as a `Decimal` can hold it: as it is, or with trailing
/// zeros dropped until it fits; `None` when it cannot be held exactly.
pub(crate) fn fit(mut m: i128, mut scale: u32) -> Option<(i128, u32)> {
    if fits(m, scale) {
        return Some((m, scale));
    }
    while !fits(m, scale) && scale > 0 && m % 10 == 0 {
        m /= 10;
        scale -= 1;
    }
    fits(m, scale).then_some((m, scale))
}

/// The decimal `m / 10^scale`, if it fits as it is: from the mantissa's
/// bits (`Decimal::try_from_i128_with_scale` divides, in software).
pub(crate) fn from_i128(m: i128, scale: u32) -> Option<Decimal> {
    if scale > MAX_SCALE || m.unsigned_abs() > MAX_MANTISSA as u128 {
        return None;
    }
    Some(from_parts(m, scale))
}

/// The decimal `m / 10^scale` from the mantissa's bits, for a mantissa
/// and scale a `Decimal` holds (checked by the caller).
pub(crate) fn from_parts(m: i128, scale: u32) -> Decimal {
    let a = m.unsigned_abs();
    let word = |shift: u32| u32::try_from((a >> shift) & 0xFFFF_FFFF).unwrap_or(0);
    Decimal::from_parts(word(0), word(32), word(64), m < 0, scale)
}

/// `num / den` as an exact number: a decimal when it terminates.
fn fraction(num: i128, den: i128) -> Option<Exact> {
    if den == 0 {
        return None;
    }
    let (mut num, mut den) = if den < 0 {
        (num.checked_neg()?, den.checked_neg()?)
    } else {
        (num, den)
    };
    let g = gcd(num, den);
    if g > 1 {
        num /= g;
        den /= g;
    }
    // den = 2^a · 5^b · rest: the value terminates when rest is 1.
    let (mut rest, mut twos, mut fives) = (den, 0u32, 0u32);
    while rest % 2 == 0 {
        rest /= 2;
        twos += 1;
    }
    while rest % 5 == 0 {
        rest /= 5;
        fives += 1;
    }
    if rest != 1 {
        return Some(Exact(Repr::Fraction {
            num: i64::try_from(num).ok()?,
            den: i64::try_from(den).ok()?,
        }));
    }
    // num / den = num · (10^k / den) / 10^k with k = max(a, b).
    let k = twos.max(fives);
    let m = num.checked_mul(pow10(k)? / den)?;
    decimal(m, k).map(Exact::from)
}

/// Exact product of two decimals.
pub(crate) fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    // rust_decimal keeps the scale sa + sb unless it had to round (then the
    // scale is smaller): its fast result is taken only when it is exact.
    if let Some(r) = a.checked_mul(b) {
        if r.scale() == a.scale() + b.scale() {
            return Some(r);
        }
    }
    let (ma, sa) = parts(a);
    let (mb, sb) = parts(b);
    decimal(mul_i128(ma, mb)?, sa + sb)
}

/// Exact sum of two decimals.
pub(crate) fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    // A zero sum is never written `-0` (`0 - 0`, `5 - 5`).
    let unsigned = |mut d: Decimal| {
        if d.is_zero() {
            d.set_sign_positive(true);
        }
        d
    };
    // Sums start from zero: the other operand is the sum, at the larger scale.
    if a.is_zero() && a.scale() <= b.scale() {
        return Some(unsigned(b));
    }
    if b.is_zero() && b.scale() <= a.scale() {
        return Some(unsigned(a));
    }
    // As in `mul`: the fast result keeps the larger scale unless rounded.
    if let Some(r) = a.checked_add(b) {
        if r.scale() == a.scale().max(b.scale()) {
            return Some(unsigned(r));
        }
    }
    let (ma, sa) = parts(a);
    let (mb, sb) = parts(b);
    let s = sa.max(sb);
    let ma = mul_i128(ma, pow10(s - sa)?)?;
    let mb = mul_i128(mb, pow10(s - sb)?)?;
    decimal(ma.checked_add(mb)?, s)
}

/// Compares two decimals by their mantissas at the larger scale (both fit
/// an `i128`: 2^96 · 10^28 < 2^127), without `rust_decimal`'s rescaling.
pub(crate) fn cmp_decimals(a: Decimal, b: Decimal) -> Ordering {
    let (ma, sa) = parts(a);
    let (mb, sb) = parts(b);
    let aligned = match sa.cmp(&sb) {
        Ordering::Equal => Some((ma, mb)),
        Ordering::Less => pow10(sb - sa)
            .and_then(|p| mul_i128(ma, p))
            .map(|x| (x, mb)),
        Ordering::Greater => pow10(sa - sb)
            .and_then(|p| mul_i128(mb, p))
            .map(|y| (ma, y)),
    };
    match aligned {
        Some((x, y)) => x.cmp(&y),
        None => a.cmp(&b),
    }
}

#[cfg(test)]
mod tests;
