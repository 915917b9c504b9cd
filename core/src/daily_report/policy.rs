//! The `daily_report` section of the policy (SPEC 2E): the canonical fields of a sales daily
//! report, the template versions (V2.1, V2.3, V3.0 by default) with their header names, and the
//! submission deadline.

use crate::error::{Error, Result};
use crate::time::Duration;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How a field's cells are checked and normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Any text (numbers are kept as their text).
    Text,
    /// A name: text that is not a bare number or date (a competitor, a contact).
    Name,
    /// A decimal number; text must be a plain number (`1234.5`, `1,234.5`).
    Number,
    /// A whole number.
    Integer,
    /// A calendar date, normalised to `YYYY-MM-DD` (formats in the module docs).
    Date,
    /// One of `values` (or a key of `value_aliases`), case-insensitive.
    Enumeration,
    /// A name in the request's `master_data` list named by `master` (e.g. customers).
    Master,
}

impl FieldKind {
    /// The snake_case name used in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Name => "name",
            FieldKind::Number => "number",
            FieldKind::Integer => "integer",
            FieldKind::Date => "date",
            FieldKind::Enumeration => "enumeration",
            FieldKind::Master => "master",
        }
    }
}

/// One canonical field of the daily report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The field's snake_case name in normalised rows.
    pub name: String,
    /// How cells are checked.
    pub kind: FieldKind,
    /// Whether an empty cell is an error.
    #[serde(default)]
    pub required: bool,
    /// Extra header names that mean this field in any version (every template's header for
    /// the field is an alias already).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The allowed values of an `enumeration`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Other spellings of enumeration values → the value (e.g. `拜访` → `visit`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub value_aliases: BTreeMap<String, String>,
    /// The `master_data` list a `master` field is checked against (e.g. `customers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master: Option<String>,
    /// Smallest allowed number (numbers and integers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Decimal>,
    /// Largest allowed number (numbers and integers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Decimal>,
}

/// One column of a template version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateColumn {
    /// The canonical field.
    pub field: String,
    /// The header text in this version.
    pub header: String,
}

/// A template version: its header row, in its column order (the order is informative only;
/// columns are always mapped by header name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The version name, e.g. `V2.3`.
    pub version: String,
    /// The columns.
    pub columns: Vec<TemplateColumn>,
}

/// The daily-report settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DailyReportPolicy {
    /// The canonical fields, in the order of normalised rows.
    pub fields: Vec<FieldSpec>,
    /// The template versions.
    pub templates: Vec<Template>,
    /// Local time of the report day by which the report is due, `HH:MM`.
    pub deadline: String,
    /// Reminders go out this long after the deadline (SPEC: 2 h).
    pub remind_after: Duration,
    /// Business calendar (a name in `calendars`, e.g. `cn_mainland`) whose working days expect
    /// a report, holidays and make-up days included, and whose time zone the deadline is read
    /// in. When null (the default, so that policies with their own calendars stay valid),
    /// Monday to Friday expect a report and `time_zone` is used.
    pub calendar: Option<String>,
    /// Time zone of the deadline when no calendar is named.
    pub time_zone: String,
    /// Spreadsheet serial numbers in date cells are read as dates (1900 date system) only when
    /// they fall in these years, inclusive; other numbers in a date cell are errors.
    pub serial_date_years: [i16; 2],
}

fn field(name: &str, kind: FieldKind, required: bool, aliases: &[&str]) -> FieldSpec {
    FieldSpec {
        name: name.into(),
        kind,
        required,
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        values: Vec::new(),
        value_aliases: BTreeMap::new(),
        master: None,
        min: None,
        max: None,
    }
}

fn template(version: &str, cols: &[(&str, &str)]) -> Template {
    Template {
        version: version.into(),
        columns: cols
            .iter()
            .map(|(f, h)| TemplateColumn {
                field: f.to_string(),
                header: h.to_string(),
            })
            .collect(),
    }
}

impl Default for DailyReportPolicy {
    fn default() -> Self {
        let mut visit_type = field("visit_type", FieldKind::Enumeration, true, &["visit type"]);
        visit_type.values = ["visit", "call", "wechat", "meeting", "other"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        visit_type.value_aliases = [
            ("拜访", "visit"),
            ("上门", "visit"),
            ("电话", "call"),
            ("微信", "wechat"),
            ("会议", "meeting"),
            ("其他", "other"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let mut customer = field("customer", FieldKind::Master, true, &["customer"]);
        customer.master = Some("customers".into());
        let mut rep = field("rep", FieldKind::Master, true, &["rep", "sales rep"]);
        rep.master = Some("reps".into());
        let mut visits = field("visits", FieldKind::Integer, true, &["visits"]);
        visits.min = Some(Decimal::ZERO);
        visits.max = Some(Decimal::from(100));
        let mut amount = field("order_amount", FieldKind::Number, false, &["order amount"]);
        amount.min = Some(Decimal::ZERO);
        DailyReportPolicy {
            fields: vec![
                field("date", FieldKind::Date, true, &["date", "日报日期"]),
                rep,
                customer,
                visit_type,
                visits,
                field("contact", FieldKind::Name, false, &["contact"]),
                amount,
                field("competitor", FieldKind::Name, false, &["competitor"]),
                field("next_step", FieldKind::Text, false, &["next step"]),
                field("next_visit_date", FieldKind::Date, false, &["next visit"]),
            ],
            templates: vec![
                template(
                    "V2.1",
                    &[
                        ("date", "日期"),
                        ("rep", "业务员"),
                        ("customer", "客户名称"),
                        ("visit_type", "拜访方式"),
                        ("visits", "拜访次数"),
                        ("contact", "联系人"),
                        ("order_amount", "订单金额"),
                        ("competitor", "竞争对手"),
                        ("next_step", "下一步计划"),
                    ],
                ),
                template(
                    "V2.3",
                    &[
                        ("date", "日期"),
                        ("rep", "销售代表"),
                        ("customer", "客户"),
                        ("visits", "拜访次数"),
                        ("visit_type", "拜访方式"),
                        ("order_amount", "订单金额(元)"),
                        ("competitor", "竞品"),
                        ("contact", "联系人"),
                        ("next_step", "下一步"),
                    ],
                ),
                template(
                    "V3.0",
                    &[
                        ("date", "报告日期"),
                        ("customer", "客户"),
                        ("rep", "销售代表"),
                        ("visit_type", "拜访类型"),
                        ("visits", "拜访次数"),
                        ("order_amount", "成交金额(元)"),
                        ("competitor", "竞品"),
                        ("next_visit_date", "下次拜访日期"),
                    ],
                ),
            ],
            deadline: "20:00".into(),
            remind_after: Duration::from_hours(2),
            calendar: None,
            time_zone: "Asia/Shanghai".into(),
            serial_date_years: [2000, 2099],
        }
    }
}

/// A header or value as compared: Unicode NFKC (full-width brackets become ASCII), lower
/// case, without any white space.
pub fn normalise_key(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// `HH:MM` → (hour, minute).
pub fn parse_hh_mm(s: &str) -> Option<(i8, i8)> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some((h, m))
}

fn bad(path: String, message: impl Into<String>) -> Error {
    Error::invalid_policy(path, message)
}

impl DailyReportPolicy {
    /// Check the section; `calendars` are the policy's calendar names.
    pub fn validate(&self, calendars: &BTreeSet<&str>) -> Result<()> {
        let p = "daily_report";
        if self.fields.is_empty() {
            return Err(bad(format!("{p}.fields"), "must list at least one field"));
        }
        let mut names = BTreeSet::new();
        let mut keys: BTreeMap<String, &str> = BTreeMap::new();
        for (i, f) in self.fields.iter().enumerate() {
            let at = |x: &str| format!("{p}.fields[{i}].{x}");
            let ok = !f.name.is_empty()
                && f.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !ok || !names.insert(f.name.as_str()) {
                return Err(bad(
                    at("name"),
                    format!("field names are unique snake_case, got {:?}", f.name),
                ));
            }
            match f.kind {
                FieldKind::Enumeration if f.values.is_empty() => {
                    return Err(bad(at("values"), "an enumeration needs at least one value"))
                }
                FieldKind::Master if f.master.as_deref().is_none_or(str::is_empty) => {
                    return Err(bad(
                        at("master"),
                        "a master field names its master_data list, e.g. \"customers\"",
                    ))
                }
                _ => {}
            }
            for (k, v) in &f.value_aliases {
                if !f.values.contains(v) {
                    return Err(bad(
                        format!("{p}.fields[{i}].value_aliases.{k}"),
                        format!("{v:?} is not one of the field's values"),
                    ));
                }
            }
            if let (Some(lo), Some(hi)) = (f.min, f.max) {
                if lo > hi {
                    return Err(bad(at("min"), format!("min {lo} exceeds max {hi}")));
                }
            }
            for a in std::iter::once(&f.name).chain(&f.aliases) {
                claim(&mut keys, a, &f.name, &at("aliases"))?;
            }
        }
        let mut versions = BTreeSet::new();
        for (t, tpl) in self.templates.iter().enumerate() {
            let at = format!("{p}.templates[{t}]");
            if tpl.version.trim().is_empty() || !versions.insert(tpl.version.as_str()) {
                return Err(bad(
                    format!("{at}.version"),
                    format!("versions are non-empty and unique, got {:?}", tpl.version),
                ));
            }
            let mut seen_fields = BTreeSet::new();
            let mut seen_headers = BTreeSet::new();
            for (c, col) in tpl.columns.iter().enumerate() {
                let cat = format!("{at}.columns[{c}]");
                if !names.contains(col.field.as_str()) {
                    return Err(bad(
                        format!("{cat}.field"),
                        format!("{:?} is not one of daily_report.fields", col.field),
                    ));
                }
                if !seen_fields.insert(col.field.as_str()) {
                    return Err(bad(
                        format!("{cat}.field"),
                        format!("field {:?} appears twice in {}", col.field, tpl.version),
                    ));
                }
                if normalise_key(&col.header).is_empty()
                    || !seen_headers.insert(normalise_key(&col.header))
                {
                    return Err(bad(
                        format!("{cat}.header"),
                        format!("headers are non-empty and unique, got {:?}", col.header),
                    ));
                }
                claim(&mut keys, &col.header, &col.field, &format!("{cat}.header"))?;
            }
            for f in self.fields.iter().filter(|f| f.required) {
                if !seen_fields.contains(f.name.as_str()) {
                    return Err(bad(
                        format!("{at}.columns"),
                        format!(
                            "required field {:?} is missing from {}; only optional fields may be left out",
                            f.name, tpl.version
                        ),
                    ));
                }
            }
        }
        if parse_hh_mm(&self.deadline).is_none() {
            return Err(bad(
                format!("{p}.deadline"),
                format!("expected HH:MM such as \"20:00\", got {:?}", self.deadline),
            ));
        }
        if self.remind_after.seconds() < 0 {
            return Err(bad(format!("{p}.remind_after"), "must not be negative"));
        }
        match &self.calendar {
            Some(c) if !calendars.contains(c.as_str()) => {
                return Err(bad(
                    format!("{p}.calendar"),
                    format!("no calendar named {c:?} in calendars"),
                ))
            }
            _ => {}
        }
        if jiff::tz::TimeZone::get(&self.time_zone).is_err() {
            return Err(bad(
                format!("{p}.time_zone"),
                format!("unknown IANA time zone {:?}", self.time_zone),
            ));
        }
        let [lo, hi] = self.serial_date_years;
        if !(1900..=9999).contains(&lo) || !(lo..=9999).contains(&hi) {
            return Err(bad(
                format!("{p}.serial_date_years"),
                format!("expected [from, to] years within 1900..9999, got [{lo}, {hi}]"),
            ));
        }
        Ok(())
    }

    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
}

fn claim<'a>(
    keys: &mut BTreeMap<String, &'a str>,
    header: &str,
    field: &'a str,
    path: &str,
) -> Result<()> {
    let key = normalise_key(header);
    match keys.get(&key) {
        Some(other) if *other != field => Err(bad(
            path.to_string(),
            format!("header {header:?} already means field {other:?}; a header names one field"),
        )),
        _ => {
            keys.insert(key, field);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Policy;

    #[test]
    fn validation_names_the_path() {
        let mut p = Policy::default();
        p.daily_report.templates[2]
            .columns
            .retain(|c| c.field != "visits");
        let e = p.validate().unwrap_err();
        assert_eq!(e.path(), "daily_report.templates[2].columns");
        let mut p = Policy::default();
        p.daily_report.fields[5].aliases.push("客户".into());
        let e = p.validate().unwrap_err();
        assert!(
            e.path().starts_with("daily_report.templates[1]"),
            "{}",
            e.path()
        );
        let mut p = Policy::default();
        p.daily_report.deadline = "8pm".into();
        assert_eq!(p.validate().unwrap_err().path(), "daily_report.deadline");
    }

    #[test]
    fn header_keys_ignore_width_case_and_spaces() {
        assert_eq!(
            normalise_key("订单金额（元）"),
            normalise_key(" 订单金额 (元)")
        );
        assert_eq!(normalise_key("Visit Type"), "visittype");
    }
}
