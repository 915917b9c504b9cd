//! `check_text`: vague terms, deadlines and quantified standards of a text, and the verdict.
//!
//! A vague term is satisfied when its sentence (clauses joined by commas count as one; `。！？.!?;；`
//! and line breaks end one) also holds a concrete deadline or a quantified standard.

use crate::error::{Error, Result};
use crate::semantic::cursor::{char_at, char_before};
use crate::semantic::deadline::{self, DeadlineRead, RawDeadline};
use crate::semantic::numerals::starts_number;
use crate::semantic::quantity::{self, QuantityRead, RawQuantity};
use crate::semantic::scan::{CompiledSemantic, Pattern};
use crate::semantic::segment::WINDOW_CHARS;
use crate::semantic::text::{is_cjk, is_word_char, normalize, Normalized, Span, Units};
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

/// The sentence around byte `at`, not starting before `floor`.
fn sentence_around(s: &str, floor: usize, at: usize) -> (usize, usize) {
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

impl CompiledSemantic {
    /// Check one text (typed form of the `check_text` operation, without the fingerprint).
    pub(crate) fn check(&self, text: &str, reference: Option<Date>) -> Result<Findings> {
        let ac = self.automaton.as_ref().map_err(|e| {
            Error::new(
                crate::error::ErrorCode::Internal,
                "",
                format!("lexicon automaton: {e}"),
            )
        })?;
        let norm = normalize(text);
        let s: &str = &norm.text;
        let mut raw = Raw::default();
        let mut sentence: Option<(usize, usize)> = None;
        let mut pending: Vec<RawVague> = Vec::new();
        for m in ac.find_iter(s) {
            let inside = sentence.is_some_and(|(_, end)| m.start() < end);
            if !inside {
                if let Some(bounds) = sentence {
                    self.finish_sentence(s, bounds, reference, &mut pending, &mut raw);
                }
                let floor = sentence.map_or(0, |(_, end)| end);
                sentence = Some(sentence_around(s, floor, m.start()));
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
            self.finish_sentence(s, bounds, reference, &mut pending, &mut raw);
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
    fn finish_sentence(
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
        let (deadlines, quantities) = read_sentence(sent, reference, &self.starters, &skip);
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
/// for the rest (this test runs on every character of a sentence worth reading).
#[derive(Debug, Clone)]
pub(crate) struct Starters {
    ascii: [bool; 128],
    other: Vec<char>,
}

impl Starters {
    /// Collect the first characters of the readers' cues.
    pub fn new() -> Self {
        let mut ascii = [false; 128];
        let mut other = Vec::new();
        for c in deadline::cue_words()
            .into_iter()
            .chain(quantity::cue_words())
            .filter_map(|w| w.chars().next())
        {
            if c.is_ascii() {
                for c in [c.to_ascii_lowercase(), c.to_ascii_uppercase()] {
                    if let Some(slot) = ascii.get_mut(c as usize) {
                        *slot = true;
                    }
                }
            } else {
                other.push(c);
            }
        }
        other.sort_unstable();
        other.dedup();
        Starters { ascii, other }
    }

    fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii.get(c as usize).copied().unwrap_or(false)
        } else {
            self.other.binary_search(&c).is_ok()
        }
    }
}

/// Read every deadline and quantity of one sentence (offsets relative to it).
fn read_sentence(
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
        let candidate = starts_number(c)
            || (starters.contains(c)
                && !(c.is_ascii_alphabetic() && char_before(sent, i).is_some_and(is_word_char)));
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
