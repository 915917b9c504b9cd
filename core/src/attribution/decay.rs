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

/// Products of [`ROOTS`] for every 8-bit chunk of the fraction: `CHUNKS[c][v]` is
/// `2^(−v·2^(−8(c+1)))` in Q63, so six table look-ups replace up to 48 multiplications.
static CHUNKS: [[u128; 256]; FRAC_BITS / 8] = build_chunks();

#[allow(clippy::indexing_slicing)]
const fn build_chunks() -> [[u128; 256]; FRAC_BITS / 8] {
    let mut out = [[0u128; 256]; FRAC_BITS / 8];
    let mut c = 0;
    while c < FRAC_BITS / 8 {
        let mut v = 0;
        while v < 256 {
            let mut w = ONE_Q63;
            let mut bit = 0;
            while bit < 8 {
                // Bit 7 of chunk c stands for 2^−(8c+1).
                if (v >> (7 - bit)) & 1 == 1 {
                    w = (w * ROOTS[c * 8 + bit]) >> 63;
                }
                bit += 1;
            }
            out[c][v] = w;
            v += 1;
        }
        c += 1;
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
    for (c, table) in CHUNKS.iter().enumerate() {
        let v = ((frac >> (FRAC_BITS - 8 * (c + 1))) & 0xFF) as usize;
        if v != 0 {
            w = (w * table.get(v).copied().unwrap_or(ONE_Q63)) >> 63;
        }
    }
    w
}

/// The bit-by-bit form, kept as the reference the table form is tested against.
#[cfg(test)]
fn decay_weight_q63_bitwise(dt: u64, half_life: u64) -> u128 {
    let x = (u128::from(dt) << FRAC_BITS) / u128::from(half_life);
    let whole = x >> FRAC_BITS;
    if whole >= 63 {
        return 0;
    }
    let mut w = ONE_Q63 >> whole;
    let frac = x & ((1u128 << FRAC_BITS) - 1);
    for (m, root) in ROOTS.iter().enumerate() {
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

    #[test]
    fn table_form_matches_the_bitwise_form_within_rounding() {
        let h = 7 * 86_400;
        for dt in (0..40 * 86_400).step_by(7_919) {
            let (a, b) = (decay_weight_q63(dt, h), decay_weight_q63_bitwise(dt, h));
            // Grouping the products differently changes only the last few bits of Q63.
            assert!(a.abs_diff(b) <= 64, "dt={dt}: {a} vs {b}");
        }
    }
}
