//! The compiled lexicon: one Aho-Corasick automaton (leftmost-longest, ASCII case-insensitive)
//! over the NFKC forms of the vague terms and of the cues that can start a deadline or a
//! quantity, built once when the engine compiles its policy.

use crate::semantic::lexicon::{SemanticPolicy, TriageKeyword, VagueCategory};
use crate::semantic::negation::Negation;
use crate::semantic::segment::Dictionary;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use unicode_normalization::UnicodeNormalization;

/// Cues that make a sentence worth reading for deadlines and quantities. Every deadline and
/// quantity form holds one of them, so sentences without any are skipped unread.
const ANCHORS: [&str; 58] = [
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
    "月",
    "日",
    "号",
    "天",
    "小时",
    "周",
    "星期",
    "礼拜",
    "年",
    "个",
    "件",
    "台",
    "套",
    "箱",
    "次",
    "元",
    "批",
    "吨",
    "公斤",
    "%",
    "今天",
    "明天",
    "后天",
    "近期",
    "近日",
    "today",
    "tonight",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "soon",
    "later",
    "end of",
    "next month",
    "year-end",
    "last week",
    "last month",
    "last year",
    "yesterday",
    "previously",
    "week",
    "hour",
    "minute",
];

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// A vague term of category `category` (index into the policy's `vague`).
    Vague { category: usize, cjk: bool },
    /// A cue for the deadline and quantity readers.
    Anchor,
}

/// The semantic part of a compiled policy.
#[derive(Debug, Clone)]
pub struct CompiledSemantic {
    pub(crate) automaton: Result<AhoCorasick, String>,
    pub(crate) patterns: Vec<Pattern>,
    pub(crate) categories: Vec<VagueCategory>,
    pub(crate) dictionary: Dictionary,
    pub(crate) negation: Negation,
    pub(crate) triage: Result<AhoCorasick, String>,
    pub(crate) triage_keywords: Vec<TriageKeyword>,
    pub(crate) starters: crate::semantic::check::Starters,
}

fn normal(term: &str) -> String {
    term.nfkc().collect()
}

fn build(patterns: &[String]) -> Result<AhoCorasick, String> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        // A full DFA: one table lookup per byte (the lexicon is small, the table is too).
        .kind(Some(AhoCorasickKind::DFA))
        .build(patterns)
        .map_err(|e| e.to_string())
}

impl CompiledSemantic {
    /// Compile the policy's semantic section.
    pub fn new(policy: &SemanticPolicy) -> Self {
        let mut texts = Vec::new();
        let mut patterns = Vec::new();
        for (category, c) in policy.vague.iter().enumerate() {
            for term in &c.terms {
                let term = normal(term);
                let cjk = term.chars().any(crate::semantic::text::is_cjk);
                texts.push(term);
                patterns.push(Pattern::Vague { category, cjk });
            }
        }
        for anchor in ANCHORS {
            texts.push(anchor.to_string());
            patterns.push(Pattern::Anchor);
        }
        let words = policy
            .vague
            .iter()
            .flat_map(|c| c.terms.iter())
            .chain(policy.negators.iter())
            .chain(policy.affirming_prefixes.iter())
            .chain(policy.affirming_suffixes.iter())
            .chain(policy.extra_words.iter())
            .map(|w| normal(w))
            .collect::<Vec<_>>();
        let triage_texts: Vec<String> = policy.triage.iter().map(|k| normal(&k.keyword)).collect();
        CompiledSemantic {
            automaton: build(&texts),
            patterns,
            categories: policy.vague.clone(),
            dictionary: Dictionary::new(words.iter().map(String::as_str)),
            negation: Negation::new(policy),
            triage: build(&triage_texts),
            triage_keywords: policy.triage.clone(),
            starters: crate::semantic::check::Starters::new(),
        }
    }

    /// Count the vague-term hits of a text in one automaton pass (no boundary checks): the raw
    /// lexicon-scan figure of the benchmarks.
    pub fn count_raw_hits(&self, text: &str) -> usize {
        let Ok(ac) = &self.automaton else { return 0 };
        ac.find_iter(text)
            .filter(|m| {
                matches!(
                    self.patterns.get(m.pattern().as_usize()),
                    Some(Pattern::Vague { .. })
                )
            })
            .count()
    }
}
