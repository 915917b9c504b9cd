//! NFKC normalisation with a map back to the original text, and span units.
//!
//! The scan runs on the normalised text (`ＡＳＡＰ` → `ASAP`, `３月５日` → `3月5日`); every
//! span is mapped back to the caller's text and reported in code points, UTF-8 bytes and
//! UTF-16 units, so that every binding can highlight it.

use serde::Serialize;
use std::borrow::Cow;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// A span of the caller's text in three units. `start`/`end` count Unicode code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// First UTF-8 byte.
    pub byte_start: usize,
    /// One past the last UTF-8 byte.
    pub byte_end: usize,
    /// First UTF-16 unit.
    pub utf16_start: usize,
    /// One past the last UTF-16 unit.
    pub utf16_end: usize,
}

/// One stretch of text that normalisation changed.
#[derive(Debug, Clone, Copy)]
struct Change {
    norm_start: usize,
    norm_end: usize,
    orig_start: usize,
    orig_end: usize,
}

/// The normalised text and the stretches where it differs from the original.
#[derive(Debug)]
pub(crate) struct Normalized<'a> {
    /// NFKC form of the text (case is kept; matching is ASCII case-insensitive).
    pub text: Cow<'a, str>,
    changes: Vec<Change>,
}

/// NFKC-normalise `text`, one starter and its combining marks at a time, so every change maps
/// back to whole original code points.
///
/// One byte-level pass: ASCII and Han ideographs (their own NFKC form, never combining) are
/// skipped without a table lookup, a lone other character whose quick check says it is already
/// NFKC is skipped too, and the text is copied in runs only up to the stretches that change.
/// Same result as normalising every segment ([`normalize_reference`] in the tests).
pub(crate) fn normalize(text: &str) -> Normalized<'_> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut changes = Vec::new();
    // `text[..copied]` is already in `out` (in its normalised form).
    let mut copied = 0;
    // Start of the previous character (a fast starter whenever a combining mark follows).
    let mut prev = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            prev = i;
            i += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        if is_fast_starter(c) {
            prev = i;
            i += c.len_utf8();
            continue;
        }
        // A combining mark after a fast starter belongs to that starter's segment; after any
        // other character it was taken in with that character's segment below.
        let start = if i > 0 && canonical_combining_class(c) != 0 {
            prev
        } else {
            i
        };
        let mut end = i + c.len_utf8();
        while let Some(n) = text.get(end..).and_then(|r| r.chars().next()) {
            if is_fast_starter(n) || canonical_combining_class(n) == 0 {
                break;
            }
            end += n.len_utf8();
        }
        let lone = start == i && end == i + c.len_utf8();
        if lone && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
            prev = i;
            i = end;
            continue;
        }
        let segment = text.get(start..end).unwrap_or_default();
        out.push_str(text.get(copied..start).unwrap_or_default());
        let norm_start = out.len();
        match fullwidth_ascii(c).filter(|_| lone) {
            Some(narrow) => out.push(narrow),
            None => out.extend(segment.nfkc()),
        }
        if out.get(norm_start..) != Some(segment) {
            changes.push(Change {
                norm_start,
                norm_end: out.len(),
                orig_start: start,
                orig_end: end,
            });
        }
        copied = end;
        prev = start;
        i = end;
    }
    // A text the quick check calls NFKC as a whole is kept as it is.
    if changes.is_empty() || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        return Normalized {
            text: Cow::Borrowed(text),
            changes: Vec::new(),
        };
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    Normalized {
        text: Cow::Owned(out),
        changes,
    }
}

/// The segment-by-segment normalisation [`normalize`] must agree with: the reference path
/// of the tests.
pub(crate) fn normalize_reference(text: &str) -> Normalized<'_> {
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        return Normalized {
            text: Cow::Borrowed(text),
            changes: Vec::new(),
        };
    }
    let mut out = String::with_capacity(text.len());
    let mut changes = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        let mut end = start + c.len_utf8();
        while let Some(&(i, n)) = iter.peek() {
            if is_fast_starter(n) || canonical_combining_class(n) == 0 {
                break;
            }
            end = i + n.len_utf8();
            iter.next();
        }
        let segment = text.get(start..end).unwrap_or_default();
        let norm_start = out.len();
        if is_fast_starter(c) && end == start + c.len_utf8() {
            out.push(c);
            continue;
        }
        out.extend(segment.nfkc());
        if out.get(norm_start..) != Some(segment) {
            changes.push(Change {
                norm_start,
                norm_end: out.len(),
                orig_start: start,
                orig_end: end,
            });
        }
    }
    Normalized {
        text: Cow::Owned(out),
        changes,
    }
}

#[cfg(test)]
impl Normalized<'_> {
    /// The normalised text and its changes, for comparing two normalisations in tests.
    pub(crate) fn parts(&self) -> (&str, Vec<(usize, usize, usize, usize)>) {
        let changes = self
            .changes
            .iter()
            .map(|c| (c.norm_start, c.norm_end, c.orig_start, c.orig_end))
            .collect();
        (&self.text, changes)
    }
}

impl Normalized<'_> {
    /// The original byte offset of a normalised one. A position inside a changed stretch snaps
    /// outwards: to its start for a span start, to its end for a span end.
    pub fn to_original(&self, pos: usize, is_end: bool) -> usize {
        let i = self.changes.partition_point(|c| c.norm_start <= pos);
        let Some(c) = i.checked_sub(1).and_then(|i| self.changes.get(i)) else {
            return pos;
        };
        if pos == c.norm_start {
            c.orig_start
        } else if pos < c.norm_end {
            if is_end {
                c.orig_end
            } else {
                c.orig_start
            }
        } else {
            c.orig_end + (pos - c.norm_end)
        }
    }

    /// Map a normalised byte range to the original one.
    pub fn range_to_original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.to_original(start, false);
        let e = self.to_original(end, true).max(s);
        (s, e)
    }
}

/// Converts original byte offsets to code points and UTF-16 units in one forward walk.
pub(crate) struct Units<'a> {
    text: &'a str,
    wanted: Vec<(usize, usize, usize)>,
}

impl<'a> Units<'a> {
    /// A converter over the caller's text.
    pub fn new(text: &'a str) -> Self {
        Units {
            text,
            wanted: Vec::new(),
        }
    }

    /// Register a byte offset that will be converted.
    pub fn want(&mut self, byte: usize) {
        self.wanted.push((byte, 0, 0));
    }

    /// Convert every registered offset.
    pub fn resolve(&mut self) {
        self.wanted.sort_unstable();
        self.wanted.dedup();
        let (mut byte, mut chars, mut utf16) = (0usize, 0usize, 0usize);
        for slot in self.wanted.iter_mut() {
            // Byte-wise (no decoding): a code point per non-continuation byte, and a second
            // UTF-16 unit for each four-byte one (lead byte 0xF0 and above).
            let piece = self.text.get(byte..slot.0).unwrap_or_default().as_bytes();
            let (n, wide) = piece.iter().fold((0usize, 0usize), |(n, wide), &b| {
                (
                    n.wrapping_add(usize::from((b as i8) >= -0x40)),
                    wide.wrapping_add(usize::from(b >= 0xF0)),
                )
            });
            chars += n;
            utf16 += n + wide;
            byte = slot.0.max(byte);
            *slot = (slot.0, chars, utf16);
        }
    }

    fn lookup(&self, byte: usize) -> (usize, usize) {
        match self.wanted.binary_search_by_key(&byte, |w| w.0) {
            Ok(i) => self.wanted.get(i).map_or((0, 0), |w| (w.1, w.2)),
            Err(_) => (0, 0),
        }
    }

    /// The span of an original byte range (offsets must have been registered and resolved).
    pub fn span(&self, byte_start: usize, byte_end: usize) -> Span {
        let (start, utf16_start) = self.lookup(byte_start);
        let (end, utf16_end) = self.lookup(byte_end);
        Span {
            start,
            end,
            byte_start,
            byte_end,
            utf16_start,
            utf16_end,
        }
    }
}

/// The NFKC form of a full-width ASCII variant (`，` U+FF0C → `,`): U+FF01..=U+FF5E map to
/// U+0021..=U+007E, the commonest change in Chinese text.
fn fullwidth_ascii(c: char) -> Option<char> {
    let u = c as u32;
    (0xFF01..=0xFF5E)
        .contains(&u)
        .then(|| char::from_u32(u - 0xFEE0))
        .flatten()
}

/// ASCII and Han ideographs: their own NFKC form and never combining (no table lookup).
fn is_fast_starter(c: char) -> bool {
    c.is_ascii() || matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

/// Han ideographs, kana and hangul: scripts written without spaces between words.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

/// A character that continues a Latin-script word (so `some` in `awesome` is no hit).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The byte-wise count gives the code-point and UTF-16 offsets of decoding.
        #[test]
        fn units_count_like_decoding(text in any::<String>(), cuts in prop::collection::vec(0usize..200, 0..6)) {
            let mut units = Units::new(&text);
            let bounds: Vec<usize> = cuts
                .iter()
                .map(|&c| (0..=c.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap())
                .collect();
            for &b in &bounds {
                units.want(b);
            }
            units.resolve();
            for &b in &bounds {
                let head = &text[..b];
                let span = units.span(b, b);
                prop_assert_eq!(span.start, head.chars().count());
                prop_assert_eq!(span.utf16_start, head.encode_utf16().count());
            }
        }
    }

    #[test]
    fn fullwidth_ascii_is_its_nfkc_form() {
        for c in (0xFF00..0xFF70u32).filter_map(char::from_u32) {
            if let Some(narrow) = fullwidth_ascii(c) {
                assert_eq!(c.nfkc().collect::<String>(), narrow.to_string(), "{c:?}");
            }
        }
        assert_eq!(fullwidth_ascii('，'), Some(','));
        assert_eq!(fullwidth_ascii('。'), None);
    }
}
