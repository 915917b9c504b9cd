//! `check_text`: vague terms, deadlines and quantified standards of a text, and the verdict.
//!
//! A vague term is satisfied when its sentence (clauses joined by commas count as one; `。！？.!?;；`
//! and line breaks end one) also holds a concrete deadline or a quantified standard.

use crate::error::{Error, Result};
use crate::semantic::cursor::{char_at, char_before};
use crate::semantic::deadline::{self, DeadlineRead, RawDeadline};
use crate::semantic::numerals::{starts_number, CHINESE_NUMBER_STARTS};
use crate::semantic::quantity::{self, QuantityRead, RawQuantity};
use crate::semantic::scan::{CompiledSemantic, Pattern};
use crate::semantic::segment::WINDOW_CHARS;
use crate::semantic::text::{
    is_cjk, is_word_char, normalize, normalize_reference, Normalized, Span, Units,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Request of `check_text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckTextRequest {
    /// The text, Chinese or English or both.
    pub text: String,
    /// `YYYY-MM-DD` against which `3月5日`, `周五` and `明天` are resolved; no date when absent.
    #[serde(default)]
    pub reference_date: Option<String>,
}

/// The verdict on a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No vague demand is left open.
    Ok,
    /// At least one vague term lacks a deadline or quantity in its sentence.
    NeedsClarification,
}

/// A vague term found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VagueFinding {
    /// The term as written in the text.
    pub term: String,
    /// Its lexicon category, e.g. `urgency`.
    pub category: String,
    /// The ISO/IEC/IEEE 29148 requirement smell of the category.
    pub smell: String,
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// Whether a negation cue precedes it (`不急`, "no rush").
    pub negated: bool,
    /// Whether its sentence holds a concrete deadline or a quantified standard.
    pub satisfied: bool,
    /// Whether it is an open vague demand (not cleared by negation, not satisfied).
    pub needs_clarification: bool,
    /// What to add, when it needs clarification.
    pub suggestion: Option<String>,
}

/// A deadline found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineFinding {
    /// The deadline as written, with its markers (`3月5日前`).
    pub text: String,
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// The day it names, `YYYY-MM-DD`, when known (relative ones need `reference_date`).
    pub date: Option<String>,
    /// Whether it names a day (`年底前`, "soon" do not).
    pub concrete: bool,
}

/// A quantified standard found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuantityFinding {
    /// The quantity as written (`72小时内`).
    pub text: String,
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// The number as a plain decimal (`72`).
    pub value: String,
    /// The unit as written, lower-case (`小时`, `business days`, `%`).
    pub unit: String,
    /// The bound (`内`, `不超过`, `within`), when one is written.
    pub comparator: Option<String>,
}

/// Response of `check_text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckTextResponse {
    /// `ok` or `needs_clarification`.
    pub verdict: Verdict,
    /// Vague terms, in text order.
    pub vague: Vec<VagueFinding>,
    /// Deadlines, in text order.
    pub deadlines: Vec<DeadlineFinding>,
    /// Quantified standards, in text order.
    pub quantities: Vec<QuantityFinding>,
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
}

/// Verdict and findings of one text.
pub(crate) type Findings = (
    Verdict,
    Vec<VagueFinding>,
    Vec<DeadlineFinding>,
    Vec<QuantityFinding>,
);

/// A vague hit that survived the word-boundary check (normalised byte offsets).
struct RawVague {
    start: usize,
    end: usize,
    category: usize,
    negated: bool,
    satisfied: bool,
}

/// Everything found, in normalised byte offsets.
#[derive(Default)]
pub(crate) struct Raw {
    vague: Vec<RawVague>,
    deadlines: Vec<RawDeadline>,
    quantities: Vec<RawQuantity>,
}

/// Parse `reference_date` with its path.
pub(crate) fn parse_reference(date: Option<&str>, path: &str) -> Result<Option<Date>> {
    date.map(|d| {
        d.parse::<Date>().map_err(|_| {
            Error::invalid_request(path, format!("expected a date YYYY-MM-DD, got {d:?}"))
        })
    })
    .transpose()
}

fn is_terminator(s: &str, i: usize, c: char) -> bool {
    match c {
        '。' | '！' | '？' | '!' | '?' | ';' | '；' | '\n' | '\r' => true,
        '.' => char_at(s, i + 1).is_none_or(char::is_whitespace),
        _ => false,
    }
}

fn is_clause_separator(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | ':' | '：')
}

/// The sentence around byte `at`, not starting before `floor`, found char by char: the
/// reference path for [`sentence_around`].
fn sentence_around_reference(s: &str, floor: usize, at: usize) -> (usize, usize) {
    let head = s.get(floor..at).unwrap_or_default();
    let start = head
        .char_indices()
        .rev()
        .find(|&(i, c)| is_terminator(s, floor + i, c))
        .map_or(floor, |(i, c)| floor + i + c.len_utf8());
    let tail = s.get(at..).unwrap_or_default();
    let end = tail
        .char_indices()
        .find(|&(i, c)| is_terminator(s, at + i, c))
        .map_or(s.len(), |(i, _)| at + i);
    (start, end)
}

/// Whether byte `b` can begin a terminator: the ASCII ones and the lead bytes of `。` (E3)
/// and of the full-width `！？；` (EF). Every other byte is passed over without decoding.
fn may_end_sentence(b: u8) -> bool {
    matches!(b, b'!' | b'?' | b';' | b'.' | b'\n' | b'\r' | 0xE3 | 0xEF)
}

/// The terminator that starts at byte `i`, if any: its length.
fn terminator_at(s: &str, i: usize) -> Option<usize> {
    let c = char_at(s, i)?;
    is_terminator(s, i, c).then(|| c.len_utf8())
}

/// The sentence around byte `at`, not starting before `floor`.
fn sentence_around(s: &str, floor: usize, at: usize) -> (usize, usize) {
    let bytes = s.as_bytes();
    // Backwards from `at`: a flagged byte is ASCII or a lead byte, so always a char start.
    let mut start = floor;
    let mut i = at;
    while i > floor {
        i -= 1;
        if bytes.get(i).copied().is_some_and(may_end_sentence) {
            if let Some(len) = terminator_at(s, i) {
                start = i + len;
                break;
            }
        }
    }
    let mut end = s.len();
    let mut i = at;
    while let Some(&b) = bytes.get(i) {
        if may_end_sentence(b) && terminator_at(s, i).is_some() {
            end = i;
            break;
        }
        i += 1;
    }
    (start, end)
}

impl CompiledSemantic {
    /// Check one text (typed form of the `check_text` operation, without the fingerprint).
    pub(crate) fn check(&self, text: &str, reference: Option<Date>) -> Result<Findings> {
        self.check_with::<true>(text, reference)
    }

    /// [`check`](Self::check) on the fast path (`FAST`) or on the reference path (char-by-char
    /// normalisation, sentence bounds and candidate test) that the tests compare it with.
    pub(crate) fn check_with<const FAST: bool>(
        &self,
        text: &str,
        reference: Option<Date>,
    ) -> Result<Findings> {
        let ac = self.automaton.as_ref().map_err(|e| {
            Error::new(
                crate::error::ErrorCode::Internal,
                "",
                format!("lexicon automaton: {e}"),
            )
        })?;
        let norm = if FAST {
            normalize(text)
        } else {
            normalize_reference(text)
        };
        let s: &str = &norm.text;
        let mut raw = Raw::default();
        let mut sentence: Option<(usize, usize)> = None;
        let mut pending: Vec<RawVague> = Vec::new();
        for m in ac.find_iter(s) {
            let inside = sentence.is_some_and(|(_, end)| m.start() < end);
            if !inside {
                if let Some(bounds) = sentence {
                    self.finish_sentence::<FAST>(s, bounds, reference, &mut pending, &mut raw);
                }
                let floor = sentence.map_or(0, |(_, end)| end);
                sentence = Some(if FAST {
                    sentence_around(s, floor, m.start())
                } else {
                    sentence_around_reference(s, floor, m.start())
                });
            }
            let Some(Pattern::Vague { category, cjk }) = self.patterns.get(m.pattern().as_usize())
            else {
                continue;
            };
            let (sent_start, sent_end) = sentence.unwrap_or((0, s.len()));
            let whole = if *cjk {
                self.is_whole_cjk_word(s, (sent_start, sent_end), m.start(), m.end())
            } else {
                is_whole_latin_word(s, m.start(), m.end())
            };
            if whole {
                pending.push(RawVague {
                    start: m.start(),
                    end: m.end(),
                    category: *category,
                    negated: false,
                    satisfied: false,
                });
            }
        }
        if let Some(bounds) = sentence {
            self.finish_sentence::<FAST>(s, bounds, reference, &mut pending, &mut raw);
        }
        Ok(self.report(text, &norm, raw))
    }

    fn is_whole_cjk_word(
        &self,
        s: &str,
        sentence: (usize, usize),
        start: usize,
        end: usize,
    ) -> bool {
        let mut ws = start;
        for _ in 0..WINDOW_CHARS {
            match char_before(s, ws) {
                Some(c) if is_cjk(c) && ws > sentence.0 => ws -= c.len_utf8(),
                _ => break,
            }
        }
        let mut we = end;
        for _ in 0..WINDOW_CHARS {
            match char_at(s, we) {
                Some(c) if is_cjk(c) && we < sentence.1 => we += c.len_utf8(),
                _ => break,
            }
        }
        let window = s.get(ws..we).unwrap_or_default();
        self.dictionary.is_whole_word(window, start - ws, end - ws)
    }

    /// Read a sentence's deadlines and quantities and settle its vague terms.
    fn finish_sentence<const FAST: bool>(
        &self,
        s: &str,
        (start, end): (usize, usize),
        reference: Option<Date>,
        pending: &mut Vec<RawVague>,
        raw: &mut Raw,
    ) {
        let sent = s.get(start..end).unwrap_or_default();
        let skip: Vec<(usize, usize)> = pending
            .iter()
            .map(|v| (v.start - start, v.end - start))
            .collect();
        let (deadlines, quantities) = read_sentence::<FAST>(sent, reference, &self.starters, &skip);
        let satisfied = deadlines.iter().any(|d| d.concrete) || !quantities.is_empty();
        raw.deadlines
            .extend(deadlines.into_iter().map(|d| RawDeadline {
                start: d.start + start,
                end: d.end + start,
                ..d
            }));
        raw.quantities
            .extend(quantities.into_iter().map(|q| RawQuantity {
                start: q.start + start,
                end: q.end + start,
                ..q
            }));
        if FAST && pending.is_empty() {
            return;
        }
        // The sentence's clause separators, found once; each term finds its clause by binary
        // search (a per-term scan would make one long sentence of many terms quadratic).
        let separators: Vec<(usize, usize)> = sent
            .char_indices()
            .filter(|&(_, c)| is_clause_separator(c))
            .map(|(i, c)| (start + i, start + i + c.len_utf8()))
            .collect();
        for mut v in pending.drain(..) {
            let k = separators.partition_point(|&(p, _)| p < v.start);
            let clause_start = k
                .checked_sub(1)
                .and_then(|k| separators.get(k))
                .map_or(start, |&(_, after)| after);
            let j = separators.partition_point(|&(p, _)| p < v.end);
            let clause_end = separators.get(j).map_or(end, |&(p, _)| p);
            let before = s.get(clause_start..v.start).unwrap_or_default();
            let after = s.get(v.end..clause_end).unwrap_or_default();
            v.negated = self.negation.is_negated(before, after);
            v.satisfied = satisfied;
            raw.vague.push(v);
        }
    }

    fn report(&self, text: &str, norm: &Normalized<'_>, raw: Raw) -> Findings {
        let mut units = Units::new(text);
        let ranges: Vec<(usize, usize)> = raw
            .vague
            .iter()
            .map(|v| (v.start, v.end))
            .chain(raw.deadlines.iter().map(|d| (d.start, d.end)))
            .chain(raw.quantities.iter().map(|q| (q.start, q.end)))
            .map(|(a, b)| norm.range_to_original(a, b))
            .collect();
        for &(a, b) in &ranges {
            units.want(a);
            units.want(b);
        }
        units.resolve();
        let mut spans = ranges.iter().map(|&(a, b)| {
            (
                units.span(a, b),
                text.get(a..b).unwrap_or_default().to_string(),
            )
        });
        let mut vague = Vec::with_capacity(raw.vague.len());
        for v in raw.vague {
            let (span, term) = spans.next().unwrap_or_default();
            let category = self.categories.get(v.category);
            let clears = category.is_some_and(|c| c.negation_clears);
            let cleared = v.negated && clears;
            let open = !(v.satisfied || cleared);
            vague.push(VagueFinding {
                term,
                category: category.map(|c| c.category.clone()).unwrap_or_default(),
                smell: category.map(|c| c.smell.clone()).unwrap_or_default(),
                span,
                negated: v.negated,
                satisfied: v.satisfied,
                needs_clarification: open,
                suggestion: open
                    .then(|| category.map(|c| c.suggestion.clone()).unwrap_or_default()),
            });
        }
        let deadlines = raw
            .deadlines
            .into_iter()
            .map(|d| {
                let (span, text) = spans.next().unwrap_or_default();
                DeadlineFinding {
                    text,
                    span,
                    date: d.date.map(|d| d.to_string()),
                    concrete: d.concrete,
                }
            })
            .collect();
        let quantities = raw
            .quantities
            .into_iter()
            .map(|q| {
                let (span, text) = spans.next().unwrap_or_default();
                QuantityFinding {
                    text,
                    span,
                    value: q.value,
                    unit: q.unit,
                    comparator: q.comparator,
                }
            })
            .collect();
        let verdict = if vague.iter().any(|v| v.needs_clarification) {
            Verdict::NeedsClarification
        } else {
            Verdict::Ok
        };
        (verdict, vague, deadlines, quantities)
    }
}

fn is_whole_latin_word(s: &str, start: usize, end: usize) -> bool {
    let first = char_at(s, start);
    let last = char_before(s, end);
    let left_ok =
        !first.is_some_and(is_word_char) || !char_before(s, start).is_some_and(is_word_char);
    let right_ok = !last.is_some_and(is_word_char) || !char_at(s, end).is_some_and(is_word_char);
    left_ok && right_ok
}

/// The first characters of every deadline and quantity cue: a table for ASCII, a sorted list
/// for the rest. Bitmaps and a pair list make the per-character test of the readers cheap:
/// the first two bytes (ASCII-lower-cased) of every cue that starts with an ASCII character;
/// the BMP characters that start a number or are a one-character cue; the BMP characters that
/// start a longer cue, with the sorted list of those cues' first two characters.
#[derive(Debug, Clone)]
pub(crate) struct Starters {
    ascii: [bool; 128],
    other: Vec<char>,
    /// Bit `b0 << 8 | b1`: some cue starts with the bytes `b0 b1` (a one-byte cue sets every `b1`).
    pairs: Vec<u64>,
    /// Bit `c`: the BMP character `c` (not ASCII) starts a number or is a cue by itself.
    single: Vec<u64>,
    /// Bit `c`: the BMP character `c` (not ASCII) starts a cue of two or more characters.
    first: Vec<u64>,
    /// First two characters of every cue of two or more characters starting outside ASCII.
    char_pairs: Vec<(char, char)>,
}

fn set_bit(bits: &mut [u64], i: usize) {
    if let Some(w) = bits.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

fn bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

impl Starters {
    /// Collect the first characters of the readers' cues.
    pub fn new() -> Self {
        let mut ascii = [false; 128];
        let mut other = Vec::new();
        let mut pairs = vec![0u64; 128 * 256 / 64];
        let mut single = vec![0u64; 0x10000 / 64];
        let mut first = vec![0u64; 0x10000 / 64];
        let mut char_pairs = Vec::new();
        for c in CHINESE_NUMBER_STARTS {
            set_bit(&mut single, c as usize);
        }
        for w in deadline::cue_words()
            .into_iter()
            .chain(quantity::cue_words())
        {
            let mut chars = w.chars();
            let Some(c) = chars.next() else { continue };
            if c.is_ascii() {
                for c in [c.to_ascii_lowercase(), c.to_ascii_uppercase()] {
                    if let Some(slot) = ascii.get_mut(c as usize) {
                        *slot = true;
                    }
                }
                let b0 = usize::from(c.to_ascii_lowercase() as u8) << 8;
                match w.as_bytes().get(1) {
                    Some(b1) => set_bit(&mut pairs, b0 | usize::from(b1.to_ascii_lowercase())),
                    None => (0..256).for_each(|b1| set_bit(&mut pairs, b0 | b1)),
                }
            } else {
                other.push(c);
                match chars.next() {
                    Some(second) => {
                        set_bit(&mut first, c as usize);
                        char_pairs.push((c, second));
                    }
                    None => set_bit(&mut single, c as usize),
                }
            }
        }
        other.sort_unstable();
        other.dedup();
        char_pairs.sort_unstable();
        char_pairs.dedup();
        Starters {
            ascii,
            other,
            pairs,
            single,
            first,
            char_pairs,
        }
    }

    /// Whether `c` starts some cue (the readers' first test before the bitmaps existed).
    fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii.get(c as usize).copied().unwrap_or(false)
        } else {
            self.other.binary_search(&c).is_ok()
        }
    }

    /// Whether a deadline or a quantity can start at byte `i` of `sent` (the char `c`): a
    /// number, a one-character cue, or a longer cue whose first two bytes (ASCII) or first two
    /// characters (otherwise) are there, not inside a Latin word. A position this refuses is
    /// one where neither reader can find anything: every reader path starts with a number or
    /// with one of the cue words, matched exactly but for ASCII case.
    fn candidate(&self, sent: &str, i: usize, c: char) -> bool {
        if c.is_ascii() {
            if c.is_ascii_digit() {
                return true;
            }
            if !self.ascii.get(c as usize).copied().unwrap_or(false) {
                return false;
            }
            let b0 = usize::from(c.to_ascii_lowercase() as u8) << 8;
            let b1 = sent
                .as_bytes()
                .get(i + 1)
                .map_or(0, |b| usize::from(b.to_ascii_lowercase()));
            bit(&self.pairs, b0 | b1)
                && !(c.is_ascii_alphabetic() && char_before(sent, i).is_some_and(is_word_char))
        } else if (c as u32) < 0x10000 {
            let c_at = c as usize;
            if bit(&self.single, c_at) {
                return true;
            }
            if !bit(&self.first, c_at) {
                return false;
            }
            char_at(sent, i + c.len_utf8())
                .is_some_and(|next| self.char_pairs.binary_search(&(c, next)).is_ok())
        } else {
            self.contains(c)
        }
    }
}

/// The candidate test before [`Starters::candidate`] (first character only): the reference
/// path the tests compare the fast one with.
fn slow_candidate(starters: &Starters, sent: &str, i: usize, c: char) -> bool {
    starts_number(c)
        || (starters.contains(c)
            && !(c.is_ascii_alphabetic() && char_before(sent, i).is_some_and(is_word_char)))
}

/// Read every deadline and quantity of one sentence (offsets relative to it).
fn read_sentence<const FAST: bool>(
    sent: &str,
    reference: Option<Date>,
    starters: &Starters,
    vague: &[(usize, usize)],
) -> (Vec<RawDeadline>, Vec<RawQuantity>) {
    let mut deadlines = Vec::new();
    let mut quantities = Vec::new();
    let mut i = 0;
    // `vague` is sorted and non-overlapping: one cursor walks it alongside `i`.
    let mut next_vague = 0;
    while let Some(c) = char_at(sent, i) {
        while vague.get(next_vague).is_some_and(|&(_, b)| b <= i) {
            next_vague += 1;
        }
        // Text inside a vague term ("as soon as possible") is no deadline.
        if let Some(&(_, end)) = vague.get(next_vague).filter(|&&(a, _)| a <= i) {
            i = end;
            continue;
        }
        let candidate = if FAST {
            starters.candidate(sent, i, c)
        } else {
            slow_candidate(starters, sent, i, c)
        };
        if candidate {
            match deadline::read(sent, i, reference) {
                Some(DeadlineRead::Found(d)) => {
                    i = d.end.max(i + c.len_utf8());
                    deadlines.push(d);
                    continue;
                }
                Some(DeadlineRead::Skip(end)) => {
                    i = end.max(i + c.len_utf8());
                    continue;
                }
                None => {}
            }
            match quantity::read(sent, i) {
                Some(QuantityRead::Found(q)) => {
                    i = q.end.max(i + c.len_utf8());
                    quantities.push(q);
                    continue;
                }
                Some(QuantityRead::Skip(end)) => {
                    i = end.max(i + c.len_utf8());
                    continue;
                }
                None => {}
            }
        }
        i += c.len_utf8();
    }
    (deadlines, quantities)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::semantic::text::normalize_reference;
    use crate::Engine;
    use proptest::prelude::*;

    /// Business text: cues, vague terms, numbers, full-width and combining characters,
    /// terminators and ordinary words, mixed with arbitrary strings.
    fn business() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "尽快",
            "马上",
            "骑马上山",
            "不急",
            "不急不行",
            "ASAP",
            "ＡＳＡＰ",
            "asap",
            "as soon as possible",
            "3月5日前",
            "三月五日",
            "72小时内",
            "七十二小时",
            "十几天",
            "周五下班前",
            "下周三",
            "within 3 business days",
            "by March 5",
            "by mar 5th",
            "not urgent",
            "no rush",
            "，",
            ",",
            "。",
            ". ",
            ".",
            "!",
            "！",
            "？",
            "；",
            ";",
            "\r\n",
            "左右",
            "若干",
            "原则上",
            "if possible",
            "🚀",
            "e\u{301}",
            "a\u{308}\u{301}",
            "\u{301}",
            "ﬁ",
            "㍿",
            "２０２６－０３－０５",
            "2026-03-05",
            "三年前",
            "上周",
            "年底前",
            "soon",
            " ",
            "\u{3000}",
            "\n",
            "提升至95%",
            "不超过５％",
            "awesome",
            "Friday",
            "next Wednesday",
            "tomorrow",
            "明天",
            "in a week",
            "at most 2 hours",
            "1,000件",
            "95.5%",
            "请将签好的合同寄给采购部",
            "客户反馈上一批货物包装完好",
            "The customer confirmed the order",
            "the",
            "In",
            "Dec",
            "5 March",
            "until",
            "最迟不晚于",
            "一百零五件",
            "二〇二六年三月五日",
            "가",
            "\u{11a8}",
            "ᄀ",
            "ᅡ",
        ]);
        prop::collection::vec(
            prop_oneof![
                4 => words.prop_map(str::to_string),
                1 => any::<String>(),
                1 => "[a-z0-9 ,.]{0,12}",
            ],
            0..24,
        )
        .prop_map(|v| v.concat())
    }

    fn both(text: &str) -> (Findings, Findings) {
        let engine = Engine::default();
        let semantic = engine.semantic();
        let reference = Some(Date::constant(2026, 3, 2));
        let fast = semantic.check_with::<true>(text, reference).unwrap();
        let slow = semantic.check_with::<false>(text, reference).unwrap();
        (fast, slow)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The byte-level normalisation gives the same text and the same change map.
        #[test]
        fn normalize_equals_reference(text in prop_oneof![business(), any::<String>()]) {
            let fast = normalize(&text);
            let slow = normalize_reference(&text);
            prop_assert_eq!(fast.parts(), slow.parts());
        }

        /// The fast path (byte-level bounds, two-byte cue filter, no clause scan for sentences
        /// without terms) finds the same findings, spans included, on business text.
        #[test]
        fn fast_check_equals_reference_on_business_text(text in business()) {
            let (fast, slow) = both(&text);
            prop_assert_eq!(fast, slow);
        }

        /// ... and on arbitrary Unicode.
        #[test]
        fn fast_check_equals_reference_on_arbitrary_text(text in any::<String>()) {
            let (fast, slow) = both(&text);
            prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn fast_check_equals_reference_on_the_bench_corpus() {
        let sentences = [
            "请将签好的合同寄给采购部，并抄送财务。",
            "Please send the signed contract to the procurement team. ",
            "客户希望尽快交货。",
            "请在72小时内回复，尽快处理。",
            "售后响应要更快，三天内上门。",
            "周五下班前给答复，价格适当优惠。",
            "We need the quote ASAP, by March 5. ",
            "Delivery should be significantly faster. ",
            "骑马上山的客户司马上任后，合作顺利。",
            "这件事不急，下周再说。\n",
            "原则上三月五日前完成验收。",
            "Our engineers will visit the site next Wednesday. ",
        ];
        let text: String = (0..200)
            .map(|i| sentences[(i * 5 + i / 12) % sentences.len()])
            .collect();
        let (fast, slow) = both(&text);
        assert!(fast.1.len() > 100 && fast.2.len() > 50 && fast.3.len() > 20);
        assert_eq!(fast, slow);
    }

    #[test]
    fn a_cue_inside_a_word_or_cut_short_is_no_candidate() {
        let starters = Starters::new();
        // "by" starts a marker; "bx" starts no cue, "xby" has it inside a word.
        assert!(starters.candidate("by March 5", 0, 'b'));
        assert!(!starters.candidate("bx", 0, 'b'));
        assert!(!starters.candidate("xby", 1, 'b'));
        assert!(starters.candidate("周五", 0, '周'));
        assert!(starters.candidate("七十二", 0, '七'));
        assert!(!starters.candidate("合同", 0, '合'));
        // `不超过` is a comparator, `不是` starts nothing; `至` is a cue by itself.
        assert!(starters.candidate("不超过", 0, '不'));
        assert!(!starters.candidate("不是", 0, '不'));
        assert!(starters.candidate("至", 0, '至'));
        assert!(starters.candidate("<5", 0, '<'));
    }
}
