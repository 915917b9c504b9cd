//! Dictionary segmentation in a small window around a Chinese candidate hit.
//!
//! Chinese has no spaces, so `马上` inside `骑马上山` is a substring but no word. The window
//! around the hit is segmented by forward and backward maximum matching over the bundled word
//! list plus the lexicon; when the two disagree the segmentation with fewer words, then fewer
//! single characters, wins (backward on a tie, the more accurate direction for Chinese). The
//! hit counts only when both its ends are word boundaries.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (the rustc hasher): the dictionary is built from the policy, not from callers, so a
/// fast non-keyed hash is safe, and it is looked up several times per Chinese candidate hit.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type WordSet = HashSet<String, BuildHasherDefault<FxHasher>>;

const BUNDLED: &str = include_str!("words_zh.txt");

/// Characters of context taken on each side of a hit.
pub(crate) const WINDOW_CHARS: usize = 8;

/// The segmentation dictionary, built once per engine.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dictionary {
    words: WordSet,
    max_chars: usize,
}

impl Dictionary {
    /// The bundled words plus `extra` (lexicon terms, negators, the policy's extra words).
    pub fn new<'a>(extra: impl IntoIterator<Item = &'a str>) -> Self {
        let bundled = BUNDLED
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace);
        let mut words = WordSet::default();
        let mut max_chars = 1;
        for w in bundled.chain(extra) {
            let n = w.chars().count();
            if n > 1 && w.chars().all(crate::semantic::text::is_cjk) {
                max_chars = max_chars.max(n);
                words.insert(w.to_string());
            }
        }
        Dictionary { words, max_chars }
    }

    fn is_word(&self, s: &str) -> bool {
        self.words.contains(s)
    }

    /// Word boundaries (byte offsets into `window`, with 0 and its length) by maximum matching.
    fn boundaries(&self, window: &str, offsets: &[usize], forward: bool) -> Vec<usize> {
        let n = offsets.len().saturating_sub(1);
        let byte = |i: usize| offsets.get(i).copied().unwrap_or(window.len());
        let mut cuts = vec![if forward { 0 } else { window.len() }];
        let mut i = if forward { 0 } else { n };
        while (forward && i < n) || (!forward && i > 0) {
            let mut step = 1;
            for len in (2..=self.max_chars).rev() {
                let (a, b) = if forward {
                    (i, i + len)
                } else {
                    (i.saturating_sub(len), i)
                };
                if b > n || (!forward && i < len) {
                    continue;
                }
                if window
                    .get(byte(a)..byte(b))
                    .is_some_and(|w| self.is_word(w))
                {
                    step = len;
                    break;
                }
            }
            i = if forward { i + step } else { i - step };
            cuts.push(byte(i));
        }
        cuts.sort_unstable();
        cuts
    }

    /// Whether `[start, end)` (byte offsets into `window`, a run of CJK text) is a whole word.
    pub fn is_whole_word(&self, window: &str, start: usize, end: usize) -> bool {
        let mut offsets: Vec<usize> = window.char_indices().map(|(i, _)| i).collect();
        offsets.push(window.len());
        let forward = self.boundaries(window, &offsets, true);
        let backward = self.boundaries(window, &offsets, false);
        let chosen = if forward == backward || better(&forward, &backward) {
            &forward
        } else {
            &backward
        };
        chosen.binary_search(&start).is_ok() && chosen.binary_search(&end).is_ok()
    }
}

/// Whether segmentation `a` is strictly preferable to `b`: fewer words, then fewer single
/// characters (a tie keeps the backward one).
fn better(a: &[usize], b: &[usize]) -> bool {
    let singles = |cuts: &[usize]| {
        cuts.windows(2)
            .filter(|w| matches!(w, [x, y] if y - x <= 4))
            .count()
    };
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => singles(a) < singles(b),
    }
}
