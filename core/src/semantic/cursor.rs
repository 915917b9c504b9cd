//! Small helpers for reading a sentence of normalised text at byte offsets.

use crate::semantic::text::is_word_char;

/// The char at byte `at`.
pub(crate) fn char_at(s: &str, at: usize) -> Option<char> {
    s.get(at..).and_then(|r| r.chars().next())
}

/// The char before byte `at`.
pub(crate) fn char_before(s: &str, at: usize) -> Option<char> {
    s.get(..at).and_then(|r| r.chars().next_back())
}

/// Skip spaces (ASCII and ideographic) from `at`.
pub(crate) fn skip_spaces(s: &str, mut at: usize) -> usize {
    while let Some(c) = char_at(s, at).filter(|c| c.is_whitespace()) {
        at += c.len_utf8();
    }
    at
}

/// Whether the text at `at` starts with `word` (ASCII case-insensitive). A word written in
/// Latin letters must also start and end on a word boundary.
pub(crate) fn word_at(s: &str, at: usize, word: &str) -> Option<usize> {
    let end = at + word.len();
    let piece = s.get(at..end)?;
    if !piece.eq_ignore_ascii_case(word) {
        return None;
    }
    let latin = word.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if latin {
        // Digits may touch a unit (`72h`); letters may not touch a word.
        let bounded_left =
            !char_before(s, at).is_some_and(|c| c.is_alphabetic() && is_word_char(c));
        let last_alpha = word
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic());
        let bounded_right = !last_alpha || !char_at(s, end).is_some_and(is_word_char);
        if !(bounded_left && bounded_right) {
            return None;
        }
    }
    Some(end)
}

/// The longest of `words` at `at`: (end, index).
pub(crate) fn longest_at<W: AsRef<str>>(
    s: &str,
    at: usize,
    words: impl IntoIterator<Item = W>,
) -> Option<(usize, usize)> {
    let first = s.as_bytes().get(at)?.to_ascii_lowercase();
    let mut best: Option<(usize, usize)> = None;
    for (i, w) in words.into_iter().enumerate() {
        let w = w.as_ref();
        // Cheap first-byte test before the full comparison.
        if w.as_bytes().first().map(u8::to_ascii_lowercase) != Some(first) {
            continue;
        }
        if let Some(end) = word_at(s, at, w) {
            if best.is_none_or(|(e, _)| end > e) {
                best = Some((end, i));
            }
        }
    }
    best
}

/// Like [`longest_at`], also allowing spaces before the word.
pub(crate) fn longest_after_spaces<W: AsRef<str>>(
    s: &str,
    at: usize,
    words: impl IntoIterator<Item = W>,
) -> Option<(usize, usize)> {
    longest_at(s, skip_spaces(s, at), words)
}
