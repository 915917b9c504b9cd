//! Negation: `不急`, `不是很急`, `无需加急`, "no rush", "not urgent" negate the term after them;
//! double negatives (`不得不`, `不急不行`) make it affirmative again. The cue lists live in the
//! policy (`semantic.negators`, `intensifiers`, `affirming_prefixes`, `affirming_suffixes`).

use crate::semantic::lexicon::SemanticPolicy;
use crate::semantic::text::is_word_char;
use unicode_normalization::UnicodeNormalization;

/// The compiled negation cues (NFKC, lower-case).
#[derive(Debug, Clone, Default)]
pub(crate) struct Negation {
    negators: Vec<String>,
    intensifiers: Vec<String>,
    affirming_prefixes: Vec<String>,
    affirming_suffixes: Vec<String>,
}

fn prepare(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| s.nfkc().collect::<String>().to_ascii_lowercase())
        .collect()
}

/// Whether `text` ends with `cue`, on a word boundary when the cue starts with a Latin letter.
fn ends_with_cue(text: &str, cue: &str) -> bool {
    if !text.ends_with(cue) {
        return false;
    }
    let rest = text.get(..text.len() - cue.len()).unwrap_or_default();
    let latin = cue.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    !latin || !rest.chars().next_back().is_some_and(is_word_char)
}

impl Negation {
    /// Compile the policy's cue lists.
    pub fn new(policy: &SemanticPolicy) -> Self {
        Negation {
            negators: prepare(&policy.negators),
            intensifiers: prepare(&policy.intensifiers),
            affirming_prefixes: prepare(&policy.affirming_prefixes),
            affirming_suffixes: prepare(&policy.affirming_suffixes),
        }
    }

    /// Whether the term between `before` and `after` (the rest of its clause) is negated.
    pub fn is_negated(&self, before: &str, after: &str) -> bool {
        let tail_start = before.char_indices().rev().nth(23).map_or(0, |(i, _)| i);
        let before = before
            .get(tail_start..)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let mut b = before.trim_end();
        if self.affirming_prefixes.iter().any(|p| ends_with_cue(b, p)) {
            return false;
        }
        for _ in 0..4 {
            let Some(cue) = self.intensifiers.iter().find(|i| ends_with_cue(b, i)) else {
                break;
            };
            b = b.get(..b.len() - cue.len()).unwrap_or_default().trim_end();
        }
        let negated = self.negators.iter().any(|n| ends_with_cue(b, n));
        if !negated {
            return false;
        }
        // Only the head of the rest of the clause can hold a suffix cue: lower-case just that
        // much (copying the whole clause per term would be quadratic on a long sentence).
        let after = after.trim_start();
        let longest = self
            .affirming_suffixes
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(0);
        let cut = (longest..=after.len())
            .find(|&i| after.is_char_boundary(i))
            .unwrap_or(after.len());
        let after = after.get(..cut).unwrap_or_default().to_ascii_lowercase();
        !self
            .affirming_suffixes
            .iter()
            .any(|s| after.starts_with(s.as_str()))
    }
}
