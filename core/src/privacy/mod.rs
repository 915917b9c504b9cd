//! The privacy fence (SPEC 2H): `mask_record` masks bank account numbers, Chinese resident ID
//! numbers, phone numbers and e-mail addresses in a record when it is shown in an untrusted
//! context (a network not in `privacy.trusted_networks`) without a second factor.
//!
//! Each field has a sensitivity class (`privacy.fields`, `privacy.default_class` otherwise):
//! - a field of a sensitive class is masked as a whole by its class's [`MaskRule`];
//! - a `text` field is scanned: e-mail addresses, and runs of digits (single spaces or hyphens
//!   between digit groups belong to the run; full-width digits count) are classified and masked:
//!   18 characters (17 digits and a digit or `X`) → `resident_id` when the ISO 7064 MOD 11-2
//!   check digit is valid, otherwise `long_number` reported as "id-like, check digit invalid"
//!   (still masked); 11 digits starting `13`–`19` (or `86` + such a number), or 10 to 12
//!   digits starting `0` (a landline with its area code) → `phone`;
//!   12 to 19 digits → `bank_account`; any other run of at least `min_digits` → `long_number`;
//! - a `public` field is never masked.
//!
//! Masks keep the length and the separators; offsets in the response are in code points and
//! hold for both the original and the masked value.

pub mod policy;

pub use policy::{MaskRule, PrivacyPolicy, SensitivityClass};

use crate::engine::Engine;
use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the record is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyContext {
    /// The network the device is on, e.g. `"public"`, `"corporate"`.
    pub network: String,
    /// Whether the user passed a second authentication factor for this session.
    #[serde(default)]
    pub second_factor: bool,
}

/// Request of `mask_record`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaskRecordRequest {
    /// The record's fields by name; a null field stays null.
    pub fields: BTreeMap<String, Option<String>>,
    /// Where the record is shown.
    pub context: PrivacyContext,
}

/// One masked value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaskedValue {
    /// The field.
    pub field: String,
    /// The class the value was masked as.
    pub class: SensitivityClass,
    /// First code point of the value in the field.
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
    /// Why it was masked as this class.
    pub reason: String,
}

/// Whether anything was hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FenceDecision {
    /// The context is untrusted: sensitive values are masked.
    Masked,
    /// The context is trusted or a second factor was given: the record is shown as is.
    Clear,
}

/// Response of `mask_record`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaskRecordResponse {
    /// The fields, masked where needed.
    pub fields: BTreeMap<String, Option<String>>,
    /// `masked` or `clear`.
    pub decision: FenceDecision,
    /// Why, in words.
    pub reason: String,
    /// Every masked value, by field then position.
    pub masked: Vec<MaskedValue>,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

/// Serve `mask_record`.
pub fn mask_record(engine: &Engine, request: &MaskRecordRequest) -> Result<MaskRecordResponse> {
    let policy = &engine.policy().privacy;
    let ctx = &request.context;
    let trusted = policy.trusted_networks.contains(&ctx.network);
    let (decision, reason) = if trusted {
        (
            FenceDecision::Clear,
            format!("network {:?} is trusted", ctx.network),
        )
    } else if ctx.second_factor {
        (
            FenceDecision::Clear,
            format!(
                "network {:?} is untrusted, but a second factor was given",
                ctx.network
            ),
        )
    } else {
        (
            FenceDecision::Masked,
            format!(
                "network {:?} is untrusted and no second factor was given",
                ctx.network
            ),
        )
    };
    let mut fields = BTreeMap::new();
    let mut masked = Vec::new();
    for (name, value) in &request.fields {
        let Some(value) = value else {
            fields.insert(name.clone(), None);
            continue;
        };
        if decision == FenceDecision::Clear {
            fields.insert(name.clone(), Some(value.clone()));
            continue;
        }
        let class = policy
            .fields
            .get(name)
            .copied()
            .unwrap_or(policy.default_class);
        let (out, spans) = mask_value(policy, class, value);
        masked.extend(spans.into_iter().map(|s| MaskedValue {
            field: name.clone(),
            class: s.class,
            start: s.start,
            end: s.end,
            reason: s.reason,
        }));
        fields.insert(name.clone(), Some(out));
    }
    Ok(MaskRecordResponse {
        fields,
        decision,
        reason,
        masked,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}

/// A masked span of one value (code-point offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The class it was masked as.
    pub class: SensitivityClass,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Why.
    pub reason: String,
}

/// Mask one value of `class` as in an untrusted context: the masked text and its spans.
pub fn mask_value(
    policy: &PrivacyPolicy,
    class: SensitivityClass,
    value: &str,
) -> (String, Vec<Span>) {
    let mut chars: Vec<char> = value.chars().collect();
    let mut spans = Vec::new();
    match class {
        SensitivityClass::Public => {}
        SensitivityClass::Text => scan_text(policy, &mut chars, &mut spans),
        SensitivityClass::Email => {
            let before = spans.len();
            mask_emails(policy, &mut chars, &mut spans);
            if spans.len() == before && !chars.is_empty() {
                // Not an address after all: hide everything but the kept first characters.
                let keep = policy.mask(SensitivityClass::Email).keep_first as usize;
                for c in chars.iter_mut().skip(keep) {
                    if !c.is_whitespace() {
                        *c = policy.mask_char;
                    }
                }
                spans.push(Span {
                    class,
                    start: 0,
                    end: chars.len(),
                    reason: "e-mail field (not a well-formed address, masked whole)".into(),
                });
            }
            // Digits left in the domain are still scanned.
            mask_numbers(policy, &mut chars, &mut spans);
        }
        SensitivityClass::BankAccount
        | SensitivityClass::ResidentId
        | SensitivityClass::Phone
        | SensitivityClass::LongNumber => {
            let positions: Vec<usize> = chars
                .iter()
                .enumerate()
                .filter(|(_, c)| digit_value(**c).is_some() || is_x(**c))
                .map(|(i, _)| i)
                .collect();
            if let (Some(first), Some(last)) = (positions.first(), positions.last()) {
                let reason = match class {
                    SensitivityClass::ResidentId => {
                        let id: Vec<char> = positions
                            .iter()
                            .filter_map(|i| chars.get(*i).copied())
                            .collect();
                        if resident_id_valid(&id) {
                            "resident ID field, check digit valid".to_string()
                        } else {
                            "resident ID field, check digit invalid".to_string()
                        }
                    }
                    other => format!("{} field", other.as_str().replace('_', " ")),
                };
                mask_positions(policy, class, &mut chars, &positions);
                spans.push(Span {
                    class,
                    start: *first,
                    end: last + 1,
                    reason,
                });
            }
        }
    }
    spans.sort_by_key(|s| (s.start, s.end));
    (chars.into_iter().collect(), spans)
}

fn scan_text(policy: &PrivacyPolicy, chars: &mut [char], spans: &mut Vec<Span>) {
    mask_emails(policy, chars, spans);
    mask_numbers(policy, chars, spans);
}

/// The value of an ASCII or full-width digit.
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// ISO 7064 MOD 11-2 check of an 18-character resident ID (17 digits, then a digit or X).
pub fn resident_id_valid(id: &[char]) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    if id.len() != 18 {
        return false;
    }
    let mut sum = 0;
    for (c, w) in id.iter().zip(WEIGHTS) {
        match digit_value(*c) {
            Some(d) => sum += d * w,
            None => return false,
        }
    }
    let Some(expected) = CHECK.get((sum % 11) as usize) else {
        return false;
    };
    match id.get(17) {
        Some(c) if is_x(*c) => *expected == 'X',
        Some(c) => digit_value(*c).and_then(|d| char::from_digit(d, 10)) == Some(*expected),
        None => false,
    }
}

/// Replace the digits at `positions` by the mask character, keeping the class's first and
/// last ones.
fn mask_positions(
    policy: &PrivacyPolicy,
    class: SensitivityClass,
    chars: &mut [char],
    positions: &[usize],
) {
    let rule = policy.mask(class);
    let n = positions.len();
    let (first, last) = (rule.keep_first as usize, rule.keep_last as usize);
    // A mask never leaves more than half of a short value visible.
    let visible = (first + last).min(n / 2);
    let first = first.min(visible);
    let last = visible - first;
    for (k, p) in positions.iter().enumerate() {
        if k >= first && k + last < n {
            if let Some(c) = chars.get_mut(*p) {
                *c = policy.mask_char;
            }
        }
    }
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// Mask every e-mail address: the local part except its first `keep_first` characters.
fn mask_emails(policy: &PrivacyPolicy, chars: &mut [char], spans: &mut Vec<Span>) {
    let keep = policy.mask(SensitivityClass::Email).keep_first as usize;
    let mut at = 0;
    while at < chars.len() {
        if chars.get(at) != Some(&'@') {
            at += 1;
            continue;
        }
        let mut start = at;
        while start > 0 && chars.get(start - 1).is_some_and(|c| is_local_char(*c)) {
            start -= 1;
        }
        let mut end = at + 1;
        while chars.get(end).is_some_and(|c| is_domain_char(*c)) {
            end += 1;
        }
        // The domain ends at its last letter or digit and needs a dot inside.
        while end > at + 1 && chars.get(end - 1).is_some_and(|c| matches!(c, '.' | '-')) {
            end -= 1;
        }
        let domain: String = chars.get(at + 1..end).unwrap_or(&[]).iter().collect();
        let dotted =
            domain.split('.').filter(|p| !p.is_empty()).count().ge(&2) && domain.contains('.');
        if start == at || !dotted {
            at += 1;
            continue;
        }
        let local = at - start;
        let kept = keep.min(local / 2);
        for c in chars.get_mut(start + kept..at).unwrap_or(&mut []) {
            *c = policy.mask_char;
        }
        spans.push(Span {
            class: SensitivityClass::Email,
            start,
            end,
            reason: "e-mail address".into(),
        });
        at = end;
    }
}

/// Find runs of digits (with single space or hyphen separators between digit groups and an
/// optional trailing X after 17 digits), classify and mask them.
fn mask_numbers(policy: &PrivacyPolicy, chars: &mut [char], spans: &mut Vec<Span>) {
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i).is_none_or(|c| digit_value(*c).is_none()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut positions = vec![i];
        let mut group = 1;
        let mut j = i + 1;
        loop {
            match chars.get(j) {
                Some(c) if digit_value(*c).is_some() => {
                    positions.push(j);
                    group += 1;
                    j += 1;
                }
                Some(' ' | '-') if joins(chars, j + 1, group, positions.len()) => {
                    group = 0;
                    j += 1;
                }
                Some(c) if is_x(*c) && positions.len() == 17 => {
                    positions.push(j);
                    j += 1;
                    break;
                }
                _ => break,
            }
        }
        let end = j;
        i = end;
        let run: Vec<char> = positions
            .iter()
            .filter_map(|p| chars.get(*p).copied())
            .collect();
        let Some((class, reason)) = classify(policy, &run) else {
            continue;
        };
        mask_positions(policy, class, chars, &positions);
        spans.push(Span {
            class,
            start,
            end,
            reason,
        });
    }
}

/// Whether the digit group starting at `next` continues a run whose current group has
/// `group` digits and which has `total` digits so far: groups of 3 or more join (phone and
/// card groupings), and anything joins a run already 8 digits long; a date such as
/// `2026-03-05` stays apart.
fn joins(chars: &[char], next: usize, group: usize, total: usize) -> bool {
    let following = chars
        .get(next..)
        .unwrap_or(&[])
        .iter()
        .take_while(|c| digit_value(**c).is_some())
        .count();
    following > 0 && (total >= 8 || (group >= 3 && following >= 3))
}

/// The class of a digit run found in text, with the reason; `None` when it is not sensitive.
fn classify(policy: &PrivacyPolicy, run: &[char]) -> Option<(SensitivityClass, String)> {
    let n = run.len();
    let digits: String = run
        .iter()
        .map(|c| {
            digit_value(*c)
                .and_then(|d| char::from_digit(d, 10))
                .unwrap_or('X')
        })
        .collect();
    let mobile = |d: &str| {
        d.len() == 11
            && d.starts_with('1')
            && d.chars().nth(1).is_some_and(|c| ('3'..='9').contains(&c))
    };
    if n == 18 {
        return Some(if resident_id_valid(run) {
            (
                SensitivityClass::ResidentId,
                "resident ID number, check digit valid".into(),
            )
        } else {
            (
                SensitivityClass::LongNumber,
                "id-like, check digit invalid".into(),
            )
        });
    }
    if digits.contains('X') {
        // Only an 18th character may be an X; a shorter run ending in X is not a number.
        return None;
    }
    if mobile(&digits) || (digits.starts_with("86") && digits.get(2..).is_some_and(mobile)) {
        return Some((SensitivityClass::Phone, "mobile phone number".into()));
    }
    if digits.starts_with('0') && (10..=12).contains(&n) {
        return Some((
            SensitivityClass::Phone,
            "landline phone number with area code".into(),
        ));
    }
    if (12..=19).contains(&n) {
        return Some((
            SensitivityClass::BankAccount,
            "bank-account-like number (12 to 19 digits)".into(),
        ));
    }
    if n >= policy.min_digits as usize {
        return Some((
            SensitivityClass::LongNumber,
            format!("long number ({n} digits)"),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: &str) -> (String, Vec<Span>) {
        mask_value(&PrivacyPolicy::default(), SensitivityClass::Text, v)
    }

    #[test]
    fn resident_id_check_digit() {
        let ok: Vec<char> = "11010519491231002X".chars().collect();
        assert!(resident_id_valid(&ok));
        let bad: Vec<char> = "110105194912310021".chars().collect();
        assert!(!resident_id_valid(&bad));
        let ok2: Vec<char> = "440524188001010014".chars().collect();
        assert!(resident_id_valid(&ok2));
    }

    #[test]
    fn numbers_inside_text_are_masked_by_class() {
        let (out, spans) = text("ID 11010519491231002X, tel 138-1234-5678.");
        assert_eq!(out, "ID **************002X, tel ***-****-5678.");
        assert_eq!(spans[0].class, SensitivityClass::ResidentId);
        assert_eq!(spans[1].class, SensitivityClass::Phone);
        assert_eq!((spans[1].start, spans[1].end), (27, 40));
    }

    #[test]
    fn invalid_id_is_still_masked_as_a_long_number() {
        let (out, spans) = text("110105194912310021");
        assert_eq!(out, "**************0021");
        assert_eq!(spans[0].class, SensitivityClass::LongNumber);
        assert_eq!(spans[0].reason, "id-like, check digit invalid");
    }

    #[test]
    fn emails_keep_the_first_character_and_domain() {
        let (out, spans) = text("mail zhang.wei@example.com.");
        assert_eq!(out, "mail z********@example.com.");
        assert_eq!(spans[0].class, SensitivityClass::Email);
    }

    #[test]
    fn short_numbers_and_amounts_stay() {
        let (out, spans) = text("order 3 units at 120000.00 by 2026-03-05");
        assert_eq!(out, "order 3 units at 120000.00 by 2026-03-05");
        assert!(spans.is_empty());
    }

    #[test]
    fn landline_with_area_code_is_a_phone() {
        let (out, spans) = text("座机 021-62345678");
        assert_eq!(out, "座机 ***-****5678");
        assert_eq!(spans[0].class, SensitivityClass::Phone);
    }

    #[test]
    fn full_width_digits_are_digits() {
        let (out, _) = text("手机１３８１２３４５６７８");
        assert_eq!(out, "手机*******５６７８");
    }
}
