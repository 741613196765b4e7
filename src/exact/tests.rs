//! Unit tests of exact numbers.
#![allow(clippy::unwrap_used)]
use super::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}
fn x(s: &str) -> Exact {
    s.parse().unwrap()
}

#[test]
fn fractions_reduce_and_terminate() {
    assert_eq!(x("10/3").to_string(), "10/3");
    assert_eq!(x("20/6").to_string(), "10/3");
    assert_eq!(x("1/8").to_string(), "0.125");
    assert_eq!(x("-1/3").to_string(), "-1/3");
    assert_eq!(x("1/-3").to_string(), "-1/3");
    assert_eq!(x("2.5/0.5").to_string(), "5");
}

/// Found checking a state's lots: nothing less nothing was `-0`.
#[test]
fn zero_is_never_negative() {
    let zero = Exact::ZERO;
    assert_eq!(zero.checked_neg().unwrap().to_string(), "0");
    assert_eq!(zero.checked_sub(zero).unwrap().to_string(), "0");
    assert!(!x("0")
        .checked_sub(x("0.00"))
        .unwrap()
        .to_string()
        .starts_with('-'));
    assert_eq!(x("2.5").checked_sub(x("2.5")).unwrap().to_string(), "0.0");
    assert_eq!(zero.checked_mul(x("-3")).unwrap().to_string(), "0");
    assert_eq!(x("-0").to_string(), "0");
}

#[test]
fn arithmetic_is_exact() {
    assert_eq!(x("10/3").times(d("3")).unwrap().to_string(), "10");
    assert_eq!(x("1/3").checked_add(x("2/3")).unwrap().to_string(), "1");
    assert_eq!(x("1/3").checked_add(x("0.5")).unwrap().to_string(), "5/6");
    assert_eq!(x("1/3").checked_sub(x("1/3")).unwrap().to_string(), "0");
    assert_eq!(x("7").checked_div(x("3")).unwrap().to_string(), "7/3");
    assert!(x("7").checked_div(x("0")).is_none());
    assert_eq!(mul(d("0.1"), d("0.2")).unwrap().to_string(), "0.02");
    // 29 significant digits do not fit: an error, not a rounding.
    assert!(mul(d("1234567890.12345678901234"), d("1234567.8901234")).is_none());
}

#[test]
fn rounding_happens_once() {
    let third = x("10/3");
    assert_eq!(
        third.round(RoundingMode::Floor, 0).unwrap().to_string(),
        "3"
    );
    assert_eq!(third.round(RoundingMode::Ceil, 0).unwrap().to_string(), "4");
    assert_eq!(
        third.round(RoundingMode::HalfUp, 2).unwrap().to_string(),
        "3.33"
    );
    assert_eq!(x("-10/3").floor().unwrap().to_string(), "-4");
    assert_eq!(
        x("5/6")
            .round(RoundingMode::HalfDown, 0)
            .unwrap()
            .to_string(),
        "1"
    );
}

#[test]
fn ordering_is_exact() {
    assert!(x("10/3") > d("3.3333333333333333333333333333").into());
    assert!(x("1/3") < x("1/2"));
    assert_eq!(x("2/3").cmp(&x("4/6")), Ordering::Equal);
    let big = Exact(Repr::Fraction {
        num: i64::MAX / 3,
        den: i64::MAX / 7,
    });
    let other = Exact(Repr::Fraction {
        num: i64::MAX / 7,
        den: i64::MAX / 3,
    });
    assert_eq!(big.cmp(&other), Ordering::Greater);
    assert!(std::mem::size_of::<Exact>() <= 24);
}

#[test]
fn a_decimal_holds_mantissas_below_two_to_the_96th_either_sign() {
    let top = (1i128 << 96) - 1;
    for (m, scale, holds) in [
        (top, 0, true),
        (top + 1, 0, false),
        (-top, 28, true),
        (-top - 1, 0, false),
        (i128::MIN, 0, false),
        (i128::MAX, 0, false),
        (0, 28, true),
        (1, 29, false),
    ] {
        assert_eq!(fits(m, scale), holds, "{m} / 10^{scale}");
        assert_eq!(from_i128(m, scale).is_some(), holds, "{m} / 10^{scale}");
    }
    // Trailing zeros are dropped to fit, as far as they go.
    assert_eq!(fit((top + 1) * 10, 1), None);
    assert_eq!(fit(top * 10, 1), Some((top, 0)));
    assert_eq!(fit(10, 29), Some((1, 28)));
}
