//! Tracking codes such as `L-20260223-SH087`: a prefix (1–4 upper-case letters), the date
//! (`YYYYMMDD`), a region (2–4 upper-case letters) and a zero-padded sequence number
//! (`escalation.tracking.sequence_digits`, 3 by default).

use crate::engine::Engine;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Request of `generate_tracking_code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateTrackingCodeRequest {
    /// The prefix, e.g. `L` for leads.
    pub prefix: String,
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The region, e.g. `SH`.
    pub region: String,
    /// The sequence number, from 1.
    pub sequence: u64,
}

/// Request of `parse_tracking_code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParseTrackingCodeRequest {
    /// The code, e.g. `L-20260223-SH087`.
    pub code: String,
}

/// A tracking code and its parts (the response of both operations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackingCode {
    /// The whole code.
    pub code: String,
    /// The prefix.
    pub prefix: String,
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The region.
    pub region: String,
    /// The sequence number.
    pub sequence: u64,
}

fn letters(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase())
}

fn check_date(compact: &str) -> Option<String> {
    if compact.len() != 8 || !compact.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let iso = format!(
        "{}-{}-{}",
        compact.get(..4)?,
        compact.get(4..6)?,
        compact.get(6..)?
    );
    iso.parse::<jiff::civil::Date>().ok().map(|_| iso)
}

/// Serve `generate_tracking_code`.
pub fn generate(engine: &Engine, request: &GenerateTrackingCodeRequest) -> Result<TrackingCode> {
    let digits = engine.policy().escalation.tracking.sequence_digits;
    if !letters(&request.prefix, 1, 4) {
        return Err(Error::invalid_request(
            "prefix",
            format!(
                "the prefix is 1 to 4 upper-case letters, got {:?}",
                request.prefix
            ),
        ));
    }
    let compact = request.date.replace('-', "");
    let date = (request.date.len() == 10)
        .then(|| check_date(&compact))
        .flatten()
        .ok_or_else(|| {
            Error::invalid_request(
                "date",
                format!(
                    "the date is a calendar date YYYY-MM-DD, got {:?}",
                    request.date
                ),
            )
        })?;
    if !letters(&request.region, 2, 4) {
        return Err(Error::invalid_request(
            "region",
            format!(
                "the region is 2 to 4 upper-case letters, got {:?}",
                request.region
            ),
        ));
    }
    let max = 10u64.pow(digits) - 1;
    if request.sequence == 0 || request.sequence > max {
        return Err(Error::invalid_request(
            "sequence",
            format!(
                "the sequence is between 1 and {max} ({digits} digits), got {}",
                request.sequence
            ),
        ));
    }
    let width = usize::try_from(digits).unwrap_or(3);
    Ok(TrackingCode {
        code: format!(
            "{}-{compact}-{}{:0width$}",
            request.prefix, request.region, request.sequence
        ),
        prefix: request.prefix.clone(),
        date,
        region: request.region.clone(),
        sequence: request.sequence,
    })
}

/// Serve `parse_tracking_code`: every part is checked, and the error names the part.
pub fn parse(engine: &Engine, request: &ParseTrackingCodeRequest) -> Result<TrackingCode> {
    let digits = usize::try_from(engine.policy().escalation.tracking.sequence_digits).unwrap_or(3);
    let code = &request.code;
    let bad = |part: &str, what: String| {
        Error::invalid_request("code", format!("{part} of {code:?}: {what}"))
    };
    let parts: Vec<&str> = code.split('-').collect();
    let [prefix, date, tail] = parts.as_slice() else {
        return Err(bad(
            "shape",
            "expected PREFIX-YYYYMMDD-REGIONSEQ, e.g. L-20260223-SH087".into(),
        ));
    };
    if !letters(prefix, 1, 4) {
        return Err(bad(
            "prefix",
            format!("expected 1 to 4 upper-case letters, got {prefix:?}"),
        ));
    }
    let iso = check_date(date).ok_or_else(|| {
        bad(
            "date",
            format!("expected a calendar date YYYYMMDD, got {date:?}"),
        )
    })?;
    let split = tail
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(tail.len());
    let (region, seq) = tail.split_at(split);
    if !letters(region, 2, 4) {
        return Err(bad(
            "region",
            format!("expected 2 to 4 upper-case letters, got {region:?}"),
        ));
    }
    let sequence = seq
        .parse::<u64>()
        .ok()
        .filter(|n| seq.len() == digits && seq.bytes().all(|b| b.is_ascii_digit()) && *n > 0)
        .ok_or_else(|| {
            bad(
                "sequence",
                format!("expected {digits} digits from 1, got {seq:?}"),
            )
        })?;
    Ok(TrackingCode {
        code: code.clone(),
        prefix: prefix.to_string(),
        date: iso,
        region: region.to_string(),
        sequence,
    })
}
