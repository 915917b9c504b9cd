//! Quantified standards: a number, a unit and usually a comparator (`72小时内`, `不超过5%`,
//! `提升至95%`, "within 3 business days", "at most 2 hours"). `三年前` and "3 days ago" are past
//! references, not standards; a bare count (`一个问题`) is no standard either.

use crate::semantic::cursor::{char_at, longest_after_spaces, longest_at, skip_spaces};
use crate::semantic::numerals::{parse_number, starts_number};

/// A quantity found in normalised text (byte offsets into it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawQuantity {
    pub start: usize,
    pub end: usize,
    pub value: String,
    pub unit: String,
    pub comparator: Option<String>,
}

/// What the quantity reader found at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum QuantityRead {
    /// A quantified standard.
    Found(RawQuantity),
    /// A past reference (`三天前`) or a bare count, to be skipped up to this offset.
    Skip(usize),
}

const BEFORE: [&str; 35] = [
    "不超过",
    "不多于",
    "不少于",
    "不低于",
    "不高于",
    "至少",
    "最多",
    "最少",
    "少于",
    "低于",
    "高于",
    "超过",
    "多于",
    "达到",
    "控制在",
    "至",
    "到",
    "≤",
    "≥",
    "<",
    ">",
    "<=",
    ">=",
    "within",
    "at most",
    "at least",
    "under",
    "no more than",
    "not more than",
    "less than",
    "more than",
    "fewer than",
    "up to",
    "in",
    "below",
];
const AFTER: [&str; 10] = [
    "以内",
    "之内",
    "内",
    "以上",
    "以下",
    "或以上",
    "或以下",
    "or less",
    "or more",
    "max",
];
const PAST: [&str; 4] = ["以前", "之前", "前", "ago"];

/// Units: (written form, measures time or a level, so it is a standard even without bound).
const UNITS: [(&str, bool); 55] = [
    ("个工作日", true),
    ("工作日", true),
    ("个小时", true),
    ("小时", true),
    ("个钟头", true),
    ("分钟", true),
    ("天", true),
    ("日", true),
    ("个星期", true),
    ("星期", true),
    ("周", true),
    ("个月", true),
    ("年", true),
    ("%", true),
    ("个百分点", true),
    ("件", false),
    ("台", false),
    ("套", false),
    ("箱", false),
    ("个", false),
    ("次", false),
    ("元", false),
    ("万元", false),
    ("批", false),
    ("吨", false),
    ("公斤", false),
    ("business days", true),
    ("business day", true),
    ("working days", true),
    ("working day", true),
    ("hours", true),
    ("hour", true),
    ("hrs", true),
    ("hr", true),
    ("h", true),
    ("minutes", true),
    ("minute", true),
    ("mins", true),
    ("days", true),
    ("day", true),
    ("weeks", true),
    ("week", true),
    ("months", true),
    ("month", true),
    ("years", true),
    ("year", true),
    ("percent", true),
    ("pieces", false),
    ("pcs", false),
    ("units", false),
    ("items", false),
    ("orders", false),
    ("yuan", false),
    ("pallets", false),
    ("boxes", false),
];

/// English number words, accepted only after a comparator ("within two days", "in a week").
const WORDS: [(&str, u64); 16] = [
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
];

/// Read a quantity starting at `at` (a comparator or the number itself).
pub(crate) fn read(s: &str, at: usize) -> Option<QuantityRead> {
    let first = char_at(s, at)?;
    let comparator = longest_at(s, at, BEFORE);
    if comparator.is_none() && !starts_number(first) {
        return None;
    }
    let (num_at, comparator) = match comparator {
        Some((end, i)) => (skip_spaces(s, end), BEFORE.get(i).map(|c| (*c).to_string())),
        None => (at, None),
    };
    let (value, num_end) = match parse_number(s, num_at) {
        Some(n) => (n.value, n.end),
        None if comparator.is_some() => {
            let (end, i) = longest_at(s, num_at, WORDS.iter().map(|w| w.0))?;
            (WORDS.get(i)?.1.to_string(), end)
        }
        None => return None,
    };
    let Some((unit_end, u)) = longest_after_spaces(s, num_end, UNITS.iter().map(|u| u.0)) else {
        return comparator.is_none().then_some(QuantityRead::Skip(num_end));
    };
    let (unit, measures) = *UNITS.get(u)?;
    if let Some((past_end, _)) = longest_after_spaces(s, unit_end, PAST) {
        if measures && unit != "%" && comparator.is_none() {
            return Some(QuantityRead::Skip(past_end));
        }
    }
    let after = longest_after_spaces(s, unit_end, AFTER);
    let (end, comparator) = match (after, comparator) {
        (Some((end, i)), None) => (end, AFTER.get(i).map(|c| (*c).to_string())),
        (_, c) => (unit_end, c),
    };
    if comparator.is_none() && !measures {
        return Some(QuantityRead::Skip(unit_end));
    }
    Some(QuantityRead::Found(RawQuantity {
        start: at,
        end,
        value,
        unit: unit.to_ascii_lowercase(),
        comparator,
    }))
}

/// Every comparator a quantity can start with (for the reader's first-character filter).
pub(crate) fn cue_words() -> Vec<&'static str> {
    BEFORE.to_vec()
}
