//! Exact money: decimal amounts in a currency's minor unit, exact rational shares, and
//! allocation by largest remainder so that parts always sum exactly to the whole.
//!
//! Shares are never rounded decimals. A share is an integer numerator over a common integer
//! denominator; a part is `floor(total × numerator / denominator)` minor units, and the
//! leftover units go to the largest exact remainders, ties broken by the order of the parts
//! (callers order parts by rep id ascending, with "unassigned" last).

use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Errors of this module.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The text is not a plain non-negative decimal string.
    #[error("expected a non-negative decimal string such as \"100000.00\", got {0}")]
    InvalidAmount(String),
    /// The amount is negative.
    #[error("amount must not be negative, got {0}")]
    NegativeAmount(String),
    /// A JSON number was given where money is expected.
    #[error("money must be a decimal string such as \"100000.00\", not a JSON number ({0}); numbers lose cents")]
    NumberNotString(String),
    /// The currency code is not known to the engine or the policy.
    #[error("unknown currency {0:?}; use an ISO 4217 code such as CNY, USD, EUR, JPY or KWD, or add it to the policy's `currencies`")]
    UnknownCurrency(String),
    /// The amount has more decimals than the currency's minor unit.
    #[error("{amount} has more decimals than {currency} allows ({minor_units})")]
    TooPrecise {
        /// The amount as given.
        amount: String,
        /// The currency code.
        currency: String,
        /// The currency's number of decimals.
        minor_units: u32,
    },
    /// The amount is larger than the engine computes exactly.
    #[error("amount {0} is too large (at most 10^24 minor units)")]
    TooLarge(String),
}

impl MoneyError {
    /// Stable machine code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::InvalidAmount(_) => "invalid_amount",
            MoneyError::NegativeAmount(_) => "negative_amount",
            MoneyError::NumberNotString(_) => "money_not_string",
            MoneyError::UnknownCurrency(_) => "unknown_currency",
            MoneyError::TooPrecise { .. } => "amount_too_precise",
            MoneyError::TooLarge(_) => "amount_too_large",
        }
    }
}

/// The largest amount accepted, in minor units (10^24), so `total × numerator` stays exact.
pub const MAX_MINOR_UNITS: u128 = 1_000_000_000_000_000_000_000_000;

/// ISO 4217 minor units of the currencies built into the engine. The policy may add more.
pub const BUILTIN_CURRENCIES: &[(&str, u32)] = &[
    ("AED", 2),
    ("AUD", 2),
    ("BHD", 3),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("IDR", 2),
    ("INR", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("MOP", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("OMR", 3),
    ("PHP", 2),
    ("RUB", 2),
    ("SAR", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TND", 3),
    ("TWD", 2),
    ("USD", 2),
    ("VND", 0),
    ("ZAR", 2),
];

/// Minor units of a built-in currency.
pub fn builtin_minor_units(code: &str) -> Option<u32> {
    BUILTIN_CURRENCIES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .and_then(|i| BUILTIN_CURRENCIES.get(i))
        .map(|(_, u)| *u)
}

/// A non-negative money amount, written in JSON as a decimal string (`"100000.00"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(Decimal);

impl Amount {
    /// The amount as a decimal.
    pub fn decimal(&self) -> Decimal {
        self.0
    }

    /// Wrap a decimal; fails on negative values.
    pub fn new(d: Decimal) -> Result<Self, MoneyError> {
        if d.is_sign_negative() && !d.is_zero() {
            return Err(MoneyError::NegativeAmount(d.to_string()));
        }
        Ok(Amount(d))
    }

    /// The amount in minor units of a currency with `minor_units` decimals.
    pub fn to_minor(&self, currency: &str, minor_units: u32) -> Result<u128, MoneyError> {
        let d = self.0.normalize();
        if d.scale() > minor_units {
            return Err(MoneyError::TooPrecise {
                amount: self.0.to_string(),
                currency: currency.to_string(),
                minor_units,
            });
        }
        let mantissa = u128::try_from(d.mantissa())
            .map_err(|_| MoneyError::NegativeAmount(self.0.to_string()))?;
        let factor = 10u128.pow(minor_units - d.scale());
        mantissa
            .checked_mul(factor)
            .filter(|m| *m <= MAX_MINOR_UNITS)
            .ok_or_else(|| MoneyError::TooLarge(self.0.to_string()))
    }
}

impl FromStr for Amount {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let shown = || format!("{:?}", s.chars().take(64).collect::<String>());
        if let Some(rest) = s.strip_prefix('-') {
            if is_plain_decimal(rest) {
                return Err(MoneyError::NegativeAmount(shown()));
            }
        }
        if !is_plain_decimal(s) {
            return Err(MoneyError::InvalidAmount(shown()));
        }
        let d = Decimal::from_str(s).map_err(|_| MoneyError::TooLarge(shown()))?;
        Ok(Amount(d))
    }
}

fn is_plain_decimal(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string such as \"100000.00\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
                Err(E::custom(MoneyError::NumberNotString(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
                Err(E::custom(MoneyError::NumberNotString(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
                Err(E::custom(MoneyError::NumberNotString(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

/// Write `minor` minor units as a decimal string with exactly `minor_units` decimals.
pub fn format_minor(minor: u128, minor_units: u32) -> String {
    // Every real amount fits 64 bits: write its digits directly, without 128-bit division
    // and the formatting machinery (this runs for every amount and share of every response).
    if let (Ok(m), Some(scale)) = (u64::try_from(minor), 10u64.checked_pow(minor_units)) {
        let mut buf = [0u8; 20];
        let mut out = String::with_capacity(22);
        out.push_str(u64_digits(m / scale, 1, &mut buf));
        if minor_units > 0 {
            out.push('.');
            out.push_str(u64_digits(m % scale, minor_units as usize, &mut buf));
        }
        return out;
    }
    if minor_units == 0 {
        return minor.to_string();
    }
    let scale = 10u128.pow(minor_units);
    format!(
        "{}.{:0width$}",
        minor / scale,
        minor % scale,
        width = minor_units as usize
    )
}

/// The decimal digits of `n`, left-padded with zeros to at least `min_digits` (1 to 20).
fn u64_digits(mut n: u64, min_digits: usize, buf: &mut [u8; 20]) -> &str {
    let min_digits = min_digits.clamp(1, 20);
    let mut written = 0;
    // A u64 has at most 20 digits, so `n` is 0 by the time the buffer is full.
    for slot in buf.iter_mut().rev() {
        if n == 0 && written >= min_digits {
            break;
        }
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
        written += 1;
    }
    buf.get(20 - written..)
        .and_then(|d| std::str::from_utf8(d).ok())
        .unwrap_or("0")
}

/// `(a × b) / d` and `(a × b) mod d`, exactly, for any `u128` values with `d > 0` and
/// `a × b / d < 2^128`. Uses one multiplication when it fits, and 256-bit arithmetic when not.
pub fn mul_div_rem(a: u128, b: u128, d: u128) -> Option<(u128, u128)> {
    if d == 0 {
        return None;
    }
    if let Some(p) = a.checked_mul(b) {
        // Most money fits in 64 bits: use the hardware divide when it does.
        if let (Ok(p64), Ok(d64)) = (u64::try_from(p), u64::try_from(d)) {
            return Some((u128::from(p64 / d64), u128::from(p64 % d64)));
        }
        let q = p / d;
        return Some((q, p - q * d));
    }
    let (hi, lo) = widening_mul(a, b);
    div_256_by_128(hi, lo, d)
}

fn widening_mul(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & MASK);
    let (b1, b0) = (b >> 64, b & MASK);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 & MASK) + (p10 & MASK);
    let lo = (p00 & MASK) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// Long division of the 256-bit value `hi:lo` by `d`; `None` when the quotient overflows.
fn div_256_by_128(hi: u128, lo: u128, d: u128) -> Option<(u128, u128)> {
    if hi >= d {
        return None;
    }
    let (mut rem, mut quo) = (hi, 0u128);
    for i in (0..128).rev() {
        let carry = rem >> 127;
        rem = (rem << 1) | ((lo >> i) & 1);
        quo <<= 1;
        if carry == 1 || rem >= d {
            rem = rem.wrapping_sub(d);
            quo |= 1;
        }
    }
    Some((quo, rem))
}

/// Greatest common divisor.
pub const fn gcd(a: u128, b: u128) -> u128 {
    // Binary GCD: shifts and subtractions only, so no 128-bit division on the hot path.
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    if a <= u64::MAX as u128 && b <= u64::MAX as u128 {
        return gcd64(a as u64, b as u64) as u128;
    }
    let shift = (a | b).trailing_zeros();
    let mut a = a >> a.trailing_zeros();
    let mut b = b;
    while b != 0 {
        b >>= b.trailing_zeros();
        if a > b {
            let t = a;
            a = b;
            b = t;
        }
        b -= a;
    }
    a << shift
}

const fn gcd64(mut a: u64, mut b: u64) -> u64 {
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    while b != 0 {
        b >>= b.trailing_zeros();
        if a > b {
            let t = a;
            a = b;
            b = t;
        }
        b -= a;
    }
    a << shift
}

/// Split `total` minor units into parts proportional to `weights` (numerators over their sum),
/// writing the parts into `out` (same length). Leftover units go to the largest remainders;
/// equal remainders go to the lower index. Returns `false` (and zeroes `out`) when every
/// weight is zero. `rems` is scratch space of the same length, so the hot path never allocates.
pub fn allocate_into(total: u128, weights: &[u128], out: &mut [u128], rems: &mut [u128]) -> bool {
    out.fill(0);
    let denominator = weights.iter().try_fold(0u128, |s, w| s.checked_add(*w));
    let Some(denominator) = denominator.filter(|d| *d > 0) else {
        return false;
    };
    let mut assigned: u128 = 0;
    for ((w, o), r) in weights.iter().zip(out.iter_mut()).zip(rems.iter_mut()) {
        // w ≤ denominator, so the quotient is ≤ total and always fits.
        let (q, rem) = mul_div_rem(total, *w, denominator).unwrap_or((0, 0));
        *o = q;
        *r = rem;
        assigned += q;
    }
    let leftover = total - assigned;
    distribute_leftover(leftover, out, rems);
    true
}

/// Give one unit to each of the `leftover` parts with the largest remainders (ties: lower index).
fn distribute_leftover(leftover: u128, out: &mut [u128], rems: &mut [u128]) {
    // leftover < number of parts, because each floor loses less than one unit.
    let n = out.len();
    let leftover = usize::try_from(leftover).unwrap_or(n).min(n);
    if leftover == 0 {
        return;
    }
    if n <= 32 {
        for _ in 0..leftover {
            let mut best: Option<usize> = None;
            for (i, r) in rems.iter().enumerate() {
                let better = match best.and_then(|b| rems.get(b)) {
                    None => true,
                    Some(br) => r > br,
                };
                if better && *r != u128::MAX {
                    best = Some(i);
                }
            }
            if let Some(b) = best {
                if let (Some(o), Some(r)) = (out.get_mut(b), rems.get_mut(b)) {
                    *o += 1;
                    *r = u128::MAX; // taken; real remainders are < denominator ≤ u128::MAX
                }
            }
        }
        return;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| {
        let (ra, rb) = (rems.get(*a), rems.get(*b));
        rb.cmp(&ra).then(a.cmp(b))
    });
    for i in order.into_iter().take(leftover) {
        if let Some(o) = out.get_mut(i) {
            *o += 1;
        }
    }
}

/// Allocating convenience form of [`allocate_into`].
///
/// ```
/// use salesrules::money::allocate;
/// // 100.00 split 1:1:1 — the extra cent goes to the first part (lowest rep id).
/// assert_eq!(allocate(10_000, &[1, 1, 1]), vec![3_334, 3_333, 3_333]);
/// ```
pub fn allocate(total: u128, weights: &[u128]) -> Vec<u128> {
    let mut out = vec![0; weights.len()];
    let mut rems = vec![0; weights.len()];
    allocate_into(total, weights, &mut out, &mut rems);
    out
}

/// An exact non-negative fraction, used to show a share (`"8/15"`) and its decimal rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    /// Numerator.
    pub num: u128,
    /// Denominator (never zero).
    pub den: u128,
}

impl Fraction {
    /// `num / den` in lowest terms; a zero denominator gives `0/1`.
    pub fn new(num: u128, den: u128) -> Self {
        if den == 0 || num == 0 {
            return Fraction { num: 0, den: 1 };
        }
        let g = gcd(num, den);
        Fraction {
            num: num / g,
            den: den / g,
        }
    }

    /// Decimal rendering rounded half-up to `places` decimals (display only; never used to pay).
    pub fn to_decimal_string(&self, places: u32) -> String {
        let scale = 10u128.pow(places.min(30));
        let (q, r) = mul_div_rem(self.num, scale, self.den).unwrap_or((0, 0));
        let q = if r.saturating_mul(2) >= self.den && r > 0 {
            q + 1
        } else {
            q
        };
        let s = format_minor(q, places.min(30));
        let trimmed = s.trim_end_matches('0').trim_end_matches('.');
        if trimmed.is_empty() {
            "0".to_string()
        } else {
            trimmed.to_string()
        }
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Ok(num), Ok(den)) = (u64::try_from(self.num), u64::try_from(self.den)) {
            // The common case, written without 128-bit division.
            let mut buf = [0u8; 20];
            f.write_str(u64_digits(num, 1, &mut buf))?;
            f.write_str("/")?;
            return f.write_str(u64_digits(den, 1, &mut buf));
        }
        write!(f, "{}/{}", self.num, self.den)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// The 64-bit fast paths print what the general 128-bit formatting prints.
        #[test]
        fn fast_formatting_matches_u128_formatting(
            a in proptest::prop_oneof![0u128..1_000_000, 0u128..=u128::from(u64::MAX), proptest::num::u128::ANY],
            b in proptest::prop_oneof![1u128..1_000_000, 1u128..=u128::from(u64::MAX), proptest::num::u128::ANY],
            units in 0u32..25,
        ) {
            let reference = if units == 0 {
                a.to_string()
            } else {
                let scale = 10u128.pow(units);
                format!("{}.{:0width$}", a / scale, a % scale, width = units as usize)
            };
            proptest::prop_assert_eq!(format_minor(a, units), reference);
            let f = Fraction { num: a, den: b };
            proptest::prop_assert_eq!(f.to_string(), format!("{a}/{b}"));
        }
    }

    #[test]
    fn fast_formatting_edges() {
        assert_eq!(format_minor(0, 2), "0.00");
        assert_eq!(format_minor(5, 3), "0.005");
        assert_eq!(format_minor(u128::from(u64::MAX), 0), u64::MAX.to_string());
        assert_eq!(
            format_minor(u128::from(u64::MAX), 19),
            "1.8446744073709551615"
        );
        assert_eq!(
            format_minor(u128::from(u64::MAX) + 1, 2),
            "184467440737095516.16"
        );
        assert_eq!(format_minor(7, 20), "0.00000000000000000007");
        assert_eq!(Fraction::new(8, 15).to_string(), "8/15");
        assert_eq!(Fraction::new(0, 15).to_string(), "0/1");
    }

    #[test]
    fn amounts_are_plain_decimal_strings() {
        assert!("100000.00".parse::<Amount>().is_ok());
        assert!("0.01".parse::<Amount>().is_ok());
        for bad in ["", ".5", "5.", "1e5", "+1", "NaN", "inf", "1,000.00", " 1"] {
            assert_eq!(
                bad.parse::<Amount>().unwrap_err().code(),
                "invalid_amount",
                "{bad}"
            );
        }
        assert_eq!(
            "-1.00".parse::<Amount>().unwrap_err().code(),
            "negative_amount"
        );
        let err = serde_json::from_str::<Amount>("100.5").unwrap_err();
        assert!(err.to_string().contains("not a JSON number"));
    }

    #[test]
    fn minor_units_follow_the_currency() {
        let a: Amount = "12.5".parse().unwrap();
        assert_eq!(a.to_minor("CNY", 2).unwrap(), 1250);
        assert_eq!(a.to_minor("KWD", 3).unwrap(), 12_500);
        assert_eq!(
            a.to_minor("JPY", 0).unwrap_err().code(),
            "amount_too_precise"
        );
        assert_eq!(builtin_minor_units("JPY"), Some(0));
        assert_eq!(builtin_minor_units("KWD"), Some(3));
        assert_eq!(builtin_minor_units("XXX"), None);
        assert_eq!(format_minor(1250, 2), "12.50");
        assert_eq!(format_minor(7, 3), "0.007");
        assert_eq!(format_minor(7, 0), "7");
    }

    #[test]
    fn builtin_currency_table_is_sorted() {
        assert!(BUILTIN_CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn allocation_sums_exactly_and_breaks_ties_by_order() {
        assert_eq!(allocate(1, &[1, 1]), vec![1, 0]);
        assert_eq!(allocate(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(allocate(0, &[1, 2]), vec![0, 0]);
        assert_eq!(allocate(5, &[0, 0]), vec![0, 0]);
        let parts = allocate(9_999_999_999_999_999, &[40, 35, 25]);
        assert_eq!(parts.iter().sum::<u128>(), 9_999_999_999_999_999);
    }

    #[test]
    fn wide_multiplication_matches_the_narrow_path() {
        let a = u128::MAX / 3;
        let (q, r) = mul_div_rem(a, 6, 9).unwrap();
        // a*6/9 = a*2/3
        assert_eq!(q, (a / 3) * 2 + ((a % 3) * 2) / 3);
        assert!(r < 9);
        let (q, r) = mul_div_rem(u128::MAX, u128::MAX, u128::MAX).unwrap();
        assert_eq!((q, r), (u128::MAX, 0));
        assert_eq!(mul_div_rem(u128::MAX, 2, 1), None);
    }

    #[test]
    fn binary_gcd_agrees_with_euclid() {
        fn euclid(mut a: u128, mut b: u128) -> u128 {
            while b != 0 {
                (a, b) = (b, a % b);
            }
            a
        }
        let samples = [
            0u128,
            1,
            2,
            6,
            9,
            12,
            97,
            1 << 40,
            3 << 70,
            u64::MAX as u128,
            u128::MAX,
            360_360,
        ];
        for a in samples {
            for b in samples {
                assert_eq!(gcd(a, b), euclid(a, b), "gcd({a}, {b})");
            }
        }
    }

    #[test]
    fn fractions_render_for_display() {
        let f = Fraction::new(8, 15);
        assert_eq!(f.to_string(), "8/15");
        assert_eq!(f.to_decimal_string(6), "0.533333");
        assert_eq!(Fraction::new(2, 3).to_decimal_string(4), "0.6667");
        assert_eq!(Fraction::new(1, 1).to_decimal_string(6), "1");
        assert_eq!(Fraction::new(0, 0).to_decimal_string(6), "0");
    }
}
