//! Deterministic fixed-point `2^(−x)` for the time-decay model.
//!
//! Floating-point `exp2` differs between C libraries, which would break byte-identical results
//! across platforms. Here `2^(−dt/H)` is computed in Q63 fixed point from a table of
//! `2^(−2^−m)` (m = 1..48), itself built by repeated integer square roots, so every platform computes the
//! same bits. Relative error is below 10^−15, far finer than one cent of any share.

/// `1.0` in Q63.
pub const ONE_Q63: u128 = 1 << 63;

/// `ROOTS[m] = 2^(−2^−(m+1))` in Q63, for m = 0..48.
const ROOTS: [u128; FRAC_BITS] = build_roots();

/// Fraction bits of the exponent.
const FRAC_BITS: usize = 48;

// Evaluated at compile time: an out-of-range index would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
const fn build_roots() -> [u128; FRAC_BITS] {
    let mut out = [0u128; FRAC_BITS];
    // 2^(−1/2) in Q63 = sqrt(2^126 / 2) = sqrt(2^125).
    out[0] = (1u128 << 125).isqrt();
    let mut m = 1;
    while m < FRAC_BITS {
        out[m] = (out[m - 1] << 63).isqrt();
        m += 1;
    }
    out
}

/// `2^(−dt/half_life)` in Q63 for `dt ≥ 0` and `half_life > 0` (both in seconds).
pub fn decay_weight_q63(dt: u64, half_life: u64) -> u128 {
    if half_life == 0 {
        return if dt == 0 { ONE_Q63 } else { 0 };
    }
    // x = dt / H in Q48: integer part and 48 fraction bits.
    let x = (u128::from(dt) << FRAC_BITS) / u128::from(half_life);
    let whole = x >> FRAC_BITS;
    if whole >= 63 {
        return 0;
    }
    let mut w = ONE_Q63 >> whole;
    let frac = x & ((1u128 << FRAC_BITS) - 1);
    for (m, root) in ROOTS.iter().enumerate() {
        // Bit (FRAC_BITS − 1 − m) of the fraction stands for 2^−(m+1).
        if (frac >> (FRAC_BITS - 1 - m)) & 1 == 1 {
            w = (w * root) >> 63;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_f64(q: u128) -> f64 {
        q as f64 / ONE_Q63 as f64
    }

    #[test]
    fn halves_every_half_life() {
        let h = 7 * 86_400;
        assert_eq!(decay_weight_q63(0, h), ONE_Q63);
        assert_eq!(decay_weight_q63(h, h), ONE_Q63 / 2);
        assert_eq!(decay_weight_q63(2 * h, h), ONE_Q63 / 4);
        assert!((as_f64(decay_weight_q63(h / 2, h)) - 0.5f64.sqrt()).abs() < 1e-12);
        let x: f64 = 0.3712;
        let dt = (x * h as f64) as u64;
        let expect = (-(dt as f64) / h as f64).exp2();
        assert!((as_f64(decay_weight_q63(dt, h)) - expect).abs() < 1e-12);
        assert_eq!(decay_weight_q63(100 * h, h), 0);
    }
}
