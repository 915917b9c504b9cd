//! The `privacy` section of the policy: sensitivity classes of fields, trusted networks and the
//! mask pattern of each class (SPEC 2H).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The sensitivity class of a field, or of a value found inside free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SensitivityClass {
    /// Never masked (names of products, stages, ...).
    Public,
    /// Free text: scanned for e-mail addresses and sensitive numbers inside it.
    Text,
    /// A bank account or card number (12 to 19 digits when found in text).
    BankAccount,
    /// A Chinese resident ID number (18 characters, ISO 7064 MOD 11-2 check digit).
    ResidentId,
    /// A phone number (an 11-digit mainland mobile number when found in text).
    Phone,
    /// An e-mail address.
    Email,
    /// Any other run of at least `min_digits` digits (including ID-like runs whose check
    /// digit is invalid).
    LongNumber,
}

impl SensitivityClass {
    /// The snake_case name used in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            SensitivityClass::Public => "public",
            SensitivityClass::Text => "text",
            SensitivityClass::BankAccount => "bank_account",
            SensitivityClass::ResidentId => "resident_id",
            SensitivityClass::Phone => "phone",
            SensitivityClass::Email => "email",
            SensitivityClass::LongNumber => "long_number",
        }
    }
}

/// How one class is masked: every digit (every character of an e-mail's local part) is
/// replaced by `mask_char`, except the first `keep_first` and the last `keep_last`.
/// Separators (spaces, hyphens) and an e-mail's domain are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaskRule {
    /// Leading digits (characters of an e-mail's local part) left visible.
    #[serde(default)]
    pub keep_first: u32,
    /// Trailing digits left visible (not used for e-mail addresses).
    #[serde(default)]
    pub keep_last: u32,
}

/// The privacy fence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacyPolicy {
    /// Networks in which nothing is masked; every other network is untrusted.
    pub trusted_networks: Vec<String>,
    /// Sensitivity class of each field by name.
    pub fields: BTreeMap<String, SensitivityClass>,
    /// Class of a field the policy does not list.
    pub default_class: SensitivityClass,
    /// Mask of each class (every class except `public` and `text` needs one).
    pub masks: BTreeMap<SensitivityClass, MaskRule>,
    /// Shortest digit run masked as a `long_number` inside free text.
    pub min_digits: u32,
    /// The character that replaces a masked digit or letter.
    pub mask_char: char,
}

impl Default for PrivacyPolicy {
    fn default() -> Self {
        let field = |n: &str, c| (n.to_string(), c);
        let keep = |keep_first, keep_last| MaskRule {
            keep_first,
            keep_last,
        };
        PrivacyPolicy {
            trusted_networks: vec!["corporate".into(), "vpn".into()],
            fields: [
                field("bank_account", SensitivityClass::BankAccount),
                field("resident_id", SensitivityClass::ResidentId),
                field("phone", SensitivityClass::Phone),
                field("mobile", SensitivityClass::Phone),
                field("email", SensitivityClass::Email),
                field("name", SensitivityClass::Public),
                field("company", SensitivityClass::Public),
                field("stage", SensitivityClass::Public),
            ]
            .into_iter()
            .collect(),
            default_class: SensitivityClass::Text,
            masks: [
                (SensitivityClass::BankAccount, keep(0, 4)),
                (SensitivityClass::ResidentId, keep(0, 4)),
                (SensitivityClass::Phone, keep(0, 4)),
                (SensitivityClass::Email, keep(1, 0)),
                (SensitivityClass::LongNumber, keep(0, 4)),
            ]
            .into_iter()
            .collect(),
            min_digits: 7,
            mask_char: '*',
        }
    }
}

/// Most digits a mask may leave visible (first + last).
pub const MAX_KEPT_DIGITS: u32 = 4;

impl PrivacyPolicy {
    /// The mask of `class` (keep nothing when the policy has none).
    pub fn mask(&self, class: SensitivityClass) -> MaskRule {
        self.masks.get(&class).cloned().unwrap_or(MaskRule {
            keep_first: 0,
            keep_last: 0,
        })
    }

    /// Check the section; errors name the path under `privacy`.
    pub fn validate(&self) -> Result<()> {
        for class in [
            SensitivityClass::BankAccount,
            SensitivityClass::ResidentId,
            SensitivityClass::Phone,
            SensitivityClass::Email,
            SensitivityClass::LongNumber,
        ] {
            let path = format!("privacy.masks.{}", class.as_str());
            let rule = self.masks.get(&class).ok_or_else(|| {
                Error::invalid_policy(
                    &path,
                    "every sensitive class needs a mask, e.g. {\"keep_last\": 4}",
                )
            })?;
            let kept = rule.keep_first.saturating_add(rule.keep_last);
            if class != SensitivityClass::Email && kept > MAX_KEPT_DIGITS {
                return Err(Error::invalid_policy(
                    path,
                    format!(
                        "keep_first + keep_last may leave at most {MAX_KEPT_DIGITS} digits visible, got {kept}"
                    ),
                ));
            }
            if class == SensitivityClass::Email && rule.keep_first > 3 {
                return Err(Error::invalid_policy(
                    format!("{path}.keep_first"),
                    format!(
                        "at most 3 characters of the local part, got {}",
                        rule.keep_first
                    ),
                ));
            }
        }
        for class in [SensitivityClass::Public, SensitivityClass::Text] {
            if self.masks.contains_key(&class) {
                return Err(Error::invalid_policy(
                    format!("privacy.masks.{}", class.as_str()),
                    "public and text are not masked as a whole; remove this mask",
                ));
            }
        }
        if !(5..=32).contains(&self.min_digits) {
            return Err(Error::invalid_policy(
                "privacy.min_digits",
                format!("must be between 5 and 32, got {}", self.min_digits),
            ));
        }
        if self.mask_char.is_alphanumeric() || self.mask_char.is_whitespace() {
            return Err(Error::invalid_policy(
                "privacy.mask_char",
                format!(
                    "must be a symbol such as '*', not a letter, digit or space, got {:?}",
                    self.mask_char
                ),
            ));
        }
        for (i, n) in self.trusted_networks.iter().enumerate() {
            if n.trim().is_empty() {
                return Err(Error::invalid_policy(
                    format!("privacy.trusted_networks[{i}]"),
                    "network names must not be empty",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Policy;

    fn path_of(json: &str) -> String {
        Policy::from_json(json).unwrap_err().path().to_string()
    }

    #[test]
    fn invalid_sections_name_their_path() {
        assert_eq!(
            path_of(r#"{"privacy": {"mask_char": "x"}}"#),
            "privacy.mask_char"
        );
        assert_eq!(
            path_of(r#"{"privacy": {"min_digits": 3}}"#),
            "privacy.min_digits"
        );
        assert_eq!(
            path_of(r#"{"privacy": {"masks": {}}}"#),
            "privacy.masks.bank_account"
        );
        assert_eq!(
            path_of(r#"{"privacy": {"fields": {"x": "secret"}}}"#),
            "privacy.fields.x"
        );
        assert_eq!(
            path_of(r#"{"privacy": {"trusted_networks": [""]}}"#),
            "privacy.trusted_networks[0]"
        );
    }
}
