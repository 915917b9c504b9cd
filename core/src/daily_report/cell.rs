//! Cells and their checks: the typed reading of one spreadsheet value for one field.

use super::policy::{normalise_key, FieldKind, FieldSpec};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::str::FromStr;

/// One spreadsheet cell as JSON: a string, a number, a boolean or null.
///
/// Numbers are IEEE doubles as in every spreadsheet; a number cell in a date column is read as
/// a spreadsheet serial date (1900 system, day 1 = 1900-01-01, as Excel) when it falls within
/// the policy's `serial_date_years`.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(untagged)]
pub enum Cell {
    /// An empty cell.
    #[default]
    Null,
    /// A boolean cell.
    Bool(bool),
    /// A number cell.
    Number(f64),
    /// A text cell.
    Text(String),
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => s.serialize_none(),
            Cell::Bool(b) => s.serialize_bool(*b),
            // Whole numbers print as JSON integers (`3`, not `3.0`) in every binding.
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
                s.serialize_i64(*n as i64)
            }
            Cell::Number(n) => s.serialize_f64(*n),
            Cell::Text(t) => s.serialize_str(t),
        }
    }
}

impl Cell {
    /// Empty: null or only white space.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Null => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text for people (numbers in their shortest exact form).
    pub fn display(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Bool(b) => b.to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Text(s) => s.trim().to_string(),
        }
    }
}

fn number_text(n: f64) -> String {
    // Rust prints a double in its shortest round-trip form, never with an exponent.
    format!("{n}")
}

/// Why a cell failed its field's check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// Stable code (`required`, `not_a_number`, ...).
    pub code: &'static str,
    /// What the field expects, in words.
    pub expected: String,
}

fn problem(code: &'static str, expected: impl Into<String>) -> CellProblem {
    CellProblem {
        code,
        expected: expected.into(),
    }
}

/// Parse a plain number: optional sign, digits with optional `,` thousands grouping, optional
/// decimals. `1,234.5`, `-3`, `0.25` pass; `12abc`, `1,23`, `1e5` do not.
pub fn parse_number(s: &str) -> Option<Decimal> {
    let s = s.trim();
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty()
        || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let digits: String = if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 {
            return None;
        }
        let mut out = first.to_string();
        for g in groups {
            if g.len() != 3 {
                return None;
            }
            out.push_str(g);
        }
        out
    } else {
        int.to_string()
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let text = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let d = Decimal::from_str(&text).ok()?;
    Some(if s.starts_with('-') { -d } else { d })
}

fn number_of(n: f64) -> Option<Decimal> {
    if !n.is_finite() {
        return None;
    }
    Decimal::from_str(&number_text(n)).ok()
}

/// Parse a date text: `YYYY-M-D`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`, optionally followed
/// by a time (` HH:MM[:SS]` or `THH:MM[:SS]`, which is dropped). Day-first and month-first
/// forms such as `03/04/2026` are ambiguous and rejected.
pub fn parse_date(s: &str) -> Option<jiff::civil::Date> {
    let s = s.trim();
    let (date, time) = match s.find([' ', 'T']) {
        Some(i) => (s.get(..i)?, Some(s.get(i + 1..)?.trim())),
        None => (s, None),
    };
    if let Some(t) = time {
        let parts: Vec<&str> = t.split(':').collect();
        let ok = (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return None;
        }
    }
    let nums: Vec<&str> = if let Some(rest) = date.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        vec![y, m, d]
    } else {
        let sep = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        date.split(sep).collect()
    };
    let [y, m, d] = nums.as_slice() else {
        return None;
    };
    let digits = |x: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(y, 4, 4) || !digits(m, 1, 2) || !digits(d, 1, 2) {
        return None;
    }
    jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// A spreadsheet serial date (1900 system: serial 1 is 1900-01-01, 60 is Excel's phantom
/// 1900-02-29; from 61 on, day 0 is 1899-12-30). The time of day (fraction) is dropped.
pub fn serial_date(n: f64, years: [i16; 2]) -> Option<jiff::civil::Date> {
    if !n.is_finite() || !(61.0..3_000_000.0).contains(&n) {
        return None;
    }
    let days = n.floor() as i64;
    let base = jiff::civil::date(1899, 12, 30);
    let date = base
        .checked_add(jiff::Span::new().try_days(days).ok()?)
        .ok()?;
    (years[0]..=years[1]).contains(&date.year()).then_some(date)
}

fn as_text(cell: &Cell) -> Option<&str> {
    match cell {
        Cell::Text(s) => Some(s.trim()),
        _ => None,
    }
}

/// What a field expects, in words.
pub fn expected(f: &FieldSpec, serial_years: [i16; 2]) -> String {
    let range = match (f.min, f.max) {
        (Some(lo), Some(hi)) => format!(" between {lo} and {hi}"),
        (Some(lo), None) => format!(" of at least {lo}"),
        (None, Some(hi)) => format!(" of at most {hi}"),
        (None, None) => String::new(),
    };
    match f.kind {
        FieldKind::Text => "text".into(),
        FieldKind::Name => "a name (text, not a number or a date)".into(),
        FieldKind::Number => format!("a number{range}"),
        FieldKind::Integer => format!("a whole number{range}"),
        FieldKind::Date => format!(
            "a date such as 2026-03-05, 2026/3/5 or 2026年3月5日 (or a spreadsheet date in {}–{})",
            serial_years[0], serial_years[1]
        ),
        FieldKind::Enumeration => format!("one of {}", f.values.join(", ")),
        FieldKind::Master => format!(
            "a name in master_data.{}",
            f.master.as_deref().unwrap_or_default()
        ),
    }
}

/// A master-data list keyed by its normalised names, built once per request so a cell's lookup
/// does not re-normalise the whole list (which made an import quadratic in rows × list size).
/// The first entry of a key wins, as a front-to-back search of the list would find it.
#[derive(Debug, Default)]
pub struct MasterIndex<'a> {
    by_key: HashMap<String, &'a str>,
}

impl<'a> MasterIndex<'a> {
    /// Index a master-data list.
    pub fn new(list: &'a [String]) -> Self {
        let mut by_key = HashMap::with_capacity(list.len());
        for name in list {
            by_key.entry(normalise_key(name)).or_insert(name.as_str());
        }
        MasterIndex { by_key }
    }

    /// The list's spelling of `name`, compared by normalised key.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.by_key.get(&normalise_key(name)).copied()
    }
}

/// Check one non-empty cell against a field; `master` is the field's master list when the
/// request gave one. The normalised value comes back as text.
pub fn check(
    f: &FieldSpec,
    cell: &Cell,
    master: Option<&MasterIndex<'_>>,
    serial_years: [i16; 2],
) -> Result<String, CellProblem> {
    let want = || expected(f, serial_years);
    match f.kind {
        FieldKind::Text => Ok(cell.display()),
        FieldKind::Name => match as_text(cell) {
            Some(s) if parse_number(s).is_none() && parse_date(s).is_none() => Ok(s.to_string()),
            _ => Err(problem("not_a_name", want())),
        },
        FieldKind::Number | FieldKind::Integer => {
            let n = match cell {
                Cell::Number(n) => number_of(*n),
                Cell::Text(s) => parse_number(s),
                _ => None,
            };
            let n = n.ok_or_else(|| problem("not_a_number", want()))?;
            if f.kind == FieldKind::Integer && !n.fract().is_zero() {
                return Err(problem("not_an_integer", want()));
            }
            if f.min.is_some_and(|lo| n < lo) || f.max.is_some_and(|hi| n > hi) {
                return Err(problem("out_of_range", want()));
            }
            Ok(n.normalize().to_string())
        }
        FieldKind::Date => {
            let d = match cell {
                Cell::Number(n) => serial_date(*n, serial_years),
                Cell::Text(s) => parse_date(s),
                _ => None,
            };
            d.map(|d| d.to_string())
                .ok_or_else(|| problem("not_a_date", want()))
        }
        FieldKind::Enumeration => {
            let s = as_text(cell).ok_or_else(|| problem("not_in_enumeration", want()))?;
            let key = normalise_key(s);
            f.values
                .iter()
                .find(|v| normalise_key(v) == key)
                .or_else(|| {
                    f.value_aliases
                        .iter()
                        .find(|(k, _)| normalise_key(k) == key)
                        .map(|(_, v)| v)
                })
                .cloned()
                .ok_or_else(|| problem("not_in_enumeration", want()))
        }
        FieldKind::Master => {
            let s = match as_text(cell) {
                Some(s) if parse_number(s).is_none() && parse_date(s).is_none() => s,
                _ => return Err(problem("not_a_name", want())),
            };
            match master {
                None => Ok(s.to_string()),
                Some(index) => index
                    .get(s)
                    .map(str::to_string)
                    .ok_or_else(|| problem("unknown_master_value", want())),
            }
        }
    }
}

/// How strongly a value that passes a field's check suggests it belongs there (0: not at all).
pub fn evidence(f: &FieldSpec, cell: &Cell, master: Option<&MasterIndex<'_>>) -> u8 {
    match (f.kind, cell) {
        (FieldKind::Enumeration, _) => 4,
        (FieldKind::Master, _) if master.is_some() => 4,
        (FieldKind::Date, Cell::Text(_)) => 3,
        (FieldKind::Integer | FieldKind::Number, _) => 2,
        (FieldKind::Name | FieldKind::Master, _) => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn master_index_matches_by_normalised_key_and_keeps_the_first_spelling() {
        let list: Vec<String> = ["华东 机电", "Acme Ltd", "acme ltd", "Beta"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let index = MasterIndex::new(&list);
        // The same answer a front-to-back search with normalised keys gives.
        for probe in ["华东机电", " ACME LTD", "acme ltd", "beta", "Gamma", ""] {
            let key = normalise_key(probe);
            let linear = list
                .iter()
                .find(|v| normalise_key(v) == key)
                .map(String::as_str);
            assert_eq!(index.get(probe), linear, "{probe:?}");
        }
        assert_eq!(index.get("ACME LTD"), Some("Acme Ltd"));
        assert_eq!(index.get("Gamma"), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("1,234.50").unwrap().to_string(), "1234.50");
        assert_eq!(parse_number(" -3 ").unwrap().to_string(), "-3");
        for bad in ["", "1,23", "12abc", "1e5", ".5", "5.", ",123", "--1", "三"] {
            assert!(parse_number(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn dates() {
        for ok in [
            "2026-03-05",
            "2026/3/5",
            "2026.3.5",
            "2026年3月5日",
            "2026-03-05 00:00:00",
            "2026-03-05T08:30",
        ] {
            assert_eq!(parse_date(ok).unwrap().to_string(), "2026-03-05", "{ok}");
        }
        for bad in [
            "03/05/2026",
            "yesterday",
            "2026-02-30",
            "2026-3",
            "2026-03-05 noon",
            "昨天",
        ] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
        assert_eq!(
            serial_date(46086.0, [2000, 2099]).unwrap().to_string(),
            "2026-03-05"
        );
        assert_eq!(
            serial_date(46086.75, [2000, 2099]).unwrap().to_string(),
            "2026-03-05"
        );
        assert!(serial_date(3.0, [2000, 2099]).is_none());
    }
}
