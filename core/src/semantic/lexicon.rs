//! The semantic section of the policy: vague-term lexicon by requirement-smell category,
//! negation cues, extra segmentation words and the e-mail triage keywords.
//!
//! Categories follow the requirement smells of ISO/IEC/IEEE 29148:2018 §5.2.7 (non-verifiable
//! terms, vague quantities, loopholes, subjective language). Every list is data: a company adds
//! its own jargon without a new release.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One category of vague terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VagueCategory {
    /// snake_case name shown in findings, e.g. `urgency`.
    pub category: String,
    /// The ISO/IEC/IEEE 29148 requirement smell the category belongs to.
    #[serde(default)]
    pub smell: String,
    /// What to add so the sentence becomes verifiable.
    pub suggestion: String,
    /// When true, a negated term (`不急`, "no rush") is not a vague demand.
    #[serde(default)]
    pub negation_clears: bool,
    /// The terms, Chinese or English; matched after NFKC normalisation, ASCII case-insensitive.
    pub terms: Vec<String>,
}

/// What an e-mail keyword turns into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriageKeyword {
    /// The keyword, matched as a substring (`请确认合同范本` contains `合同`).
    pub keyword: String,
    /// The to-do kind, snake_case, e.g. `prepare_quote`.
    pub todo: String,
    /// Priority of the to-do.
    pub priority: Priority,
}

/// Priority of a triage to-do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Do first.
    High,
    /// Do today.
    Medium,
    /// When time allows.
    Low,
}

/// The semantic-check settings (SPEC 2D).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SemanticPolicy {
    /// Vague-term categories with their terms.
    pub vague: Vec<VagueCategory>,
    /// Cues that negate the term right after them (`不`, `无需`, "no", "not").
    pub negators: Vec<String>,
    /// Words between a negator and the term that keep the negation (`很`, "very").
    pub intensifiers: Vec<String>,
    /// Double negatives before a term that make it affirmative again (`不得不`).
    pub affirming_prefixes: Vec<String>,
    /// Double negatives after a negated term that make it affirmative again (`不急不行`).
    pub affirming_suffixes: Vec<String>,
    /// Extra Chinese words for the segmentation dictionary (added to the bundled list).
    pub extra_words: Vec<String>,
    /// E-mail triage keywords.
    pub triage: Vec<TriageKeyword>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

impl Default for SemanticPolicy {
    fn default() -> Self {
        let category = |name: &str, smell: &str, suggestion: &str, clears: bool, terms: &[&str]| {
            VagueCategory {
                category: name.into(),
                smell: smell.into(),
                suggestion: suggestion.into(),
                negation_clears: clears,
                terms: strings(terms),
            }
        };
        let todo = |keyword: &str, todo: &str, priority: Priority| TriageKeyword {
            keyword: keyword.into(),
            todo: todo.into(),
            priority,
        };
        SemanticPolicy {
            vague: vec![
                category(
                    "urgency",
                    "non_verifiable_term",
                    "state a concrete deadline (3月5日前, 周五下班前, \"by March 5\") or a time limit (72小时内, \"within 3 business days\")",
                    true,
                    &[
                        "尽快", "马上", "立即", "立刻", "务必", "加急", "尽早", "及时", "更快",
                        "加快", "赶紧", "抓紧", "紧急", "急需", "急", "火速", "第一时间",
                        "越快越好", "着急", "asap", "as soon as possible", "urgent", "urgently",
                        "quickly", "faster", "promptly", "immediately", "right away", "rush",
                        "at your earliest convenience", "timely", "soonest",
                    ],
                ),
                category(
                    "vague_quantity",
                    "vague_quantifier",
                    "give a number with its unit and bound (不超过5%, 至少200件, \"at most 3 days\")",
                    false,
                    &[
                        "左右", "若干", "适当", "大幅", "大量", "少量", "一些", "较多", "较少",
                        "大约", "大概", "差不多", "明显", "显著", "some", "significantly",
                        "several", "many", "a few", "a lot", "approximately", "substantially",
                        "considerably", "roughly",
                    ],
                ),
                category(
                    "loophole",
                    "loophole",
                    "say exactly when the requirement applies and who decides",
                    false,
                    &[
                        "原则上", "视情况", "如有必要", "必要时", "酌情", "尽量", "尽可能",
                        "力争", "争取", "if possible", "as appropriate", "if necessary",
                        "where possible", "as far as possible", "to the extent possible",
                        "as needed",
                    ],
                ),
                category(
                    "subjective",
                    "subjective_language",
                    "replace the judgement with a measurable criterion",
                    false,
                    &[
                        "用户友好", "高质量", "最好的", "user-friendly", "high quality",
                        "best possible", "state of the art",
                    ],
                ),
            ],
            negators: strings(&[
                "不", "无需", "无须", "毋须", "不用", "不必", "没必要", "不需要", "没有",
                "别", "勿", "no", "not", "n't", "never", "no need to be", "without",
            ]),
            intensifiers: strings(&[
                "很", "太", "那么", "这么", "特别", "非常", "十分", "是", "so", "very",
                "that", "too", "really", "particularly", "be", "a", "an", "in a",
            ]),
            affirming_prefixes: strings(&["不得不", "不能不", "不可不", "不会不", "非得"]),
            affirming_suffixes: strings(&["不行", "不可", "不成"]),
            extra_words: Vec::new(),
            triage: vec![
                todo("报价", "prepare_quote", Priority::High),
                todo("quote", "prepare_quote", Priority::High),
                todo("quotation", "prepare_quote", Priority::High),
                todo("合同", "review_contract", Priority::High),
                todo("contract", "review_contract", Priority::High),
                todo("样品", "send_sample", Priority::Medium),
                todo("sample", "send_sample", Priority::Medium),
                todo("发票", "issue_invoice", Priority::Medium),
                todo("invoice", "issue_invoice", Priority::Medium),
                todo("投诉", "handle_complaint", Priority::High),
                todo("complaint", "handle_complaint", Priority::High),
                todo("会议", "schedule_meeting", Priority::Low),
                todo("meeting", "schedule_meeting", Priority::Low),
            ],
        }
    }
}

/// Longest term, keyword or word accepted, in characters.
pub const MAX_TERM_CHARS: usize = 64;
/// Most entries in any one list.
pub const MAX_TERMS: usize = 10_000;

impl SemanticPolicy {
    /// Whether this is the default section (omitted from the canonical form, so a default
    /// semantic section leaves the policy fingerprint unchanged).
    pub fn is_default(&self) -> bool {
        *self == SemanticPolicy::default()
    }

    /// Check every list; the first problem is returned with its path (`semantic.vague[0].terms[3]`).
    pub fn validate(&self) -> Result<()> {
        let mut names = BTreeSet::new();
        for (i, c) in self.vague.iter().enumerate() {
            let path = format!("semantic.vague[{i}]");
            let snake = !c.category.is_empty()
                && c.category.len() <= 64
                && c.category
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !snake {
                return Err(Error::invalid_policy(
                    format!("{path}.category"),
                    format!("category names are snake_case, got {:?}", c.category),
                ));
            }
            if !names.insert(c.category.as_str()) {
                return Err(Error::invalid_policy(
                    format!("{path}.category"),
                    format!("duplicate category {:?}", c.category),
                ));
            }
            check_list(&format!("{path}.terms"), &c.terms)?;
        }
        check_list("semantic.negators", &self.negators)?;
        check_list("semantic.intensifiers", &self.intensifiers)?;
        check_list("semantic.affirming_prefixes", &self.affirming_prefixes)?;
        check_list("semantic.affirming_suffixes", &self.affirming_suffixes)?;
        check_list("semantic.extra_words", &self.extra_words)?;
        if self.triage.len() > MAX_TERMS {
            return Err(Error::invalid_policy(
                "semantic.triage",
                format!("at most {MAX_TERMS} keywords"),
            ));
        }
        for (i, k) in self.triage.iter().enumerate() {
            check_term(&format!("semantic.triage[{i}].keyword"), &k.keyword)?;
            if k.todo.is_empty() || k.todo.len() > 64 {
                return Err(Error::invalid_policy(
                    format!("semantic.triage[{i}].todo"),
                    "to-do kinds are 1 to 64 characters",
                ));
            }
        }
        Ok(())
    }
}

fn check_list(path: &str, items: &[String]) -> Result<()> {
    if items.len() > MAX_TERMS {
        return Err(Error::invalid_policy(
            path,
            format!("at most {MAX_TERMS} entries, got {}", items.len()),
        ));
    }
    for (i, t) in items.iter().enumerate() {
        check_term(&format!("{path}[{i}]"), t)?;
    }
    Ok(())
}

fn check_term(path: &str, term: &str) -> Result<()> {
    let n = term.chars().count();
    if term.trim().is_empty() || n > MAX_TERM_CHARS {
        return Err(Error::invalid_policy(
            path,
            format!("terms are 1 to {MAX_TERM_CHARS} characters and not blank, got {term:?}"),
        ));
    }
    Ok(())
}
