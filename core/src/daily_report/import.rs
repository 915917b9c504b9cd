//! `import_daily_reports`: detect each sheet's template version, map columns by header name,
//! type-check every cell and account for every row.

use super::cell::{check, evidence, expected, Cell, MasterIndex};
use super::policy::{normalise_key, DailyReportPolicy};
use crate::engine::Engine;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One sheet: a name and its rows of cells, the header row first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// The sheet's name (file and tab, e.g. `east/2026-03-05.xlsx#日报`), shown in errors.
    pub name: String,
    /// The rows; the first is the header row.
    pub rows: Vec<Vec<Cell>>,
    /// Force a template version instead of detecting it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Spreadsheet row number of the header row, for row numbers in answers (1 when absent;
    /// the xlsx reader sets it when rows above the header are empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<usize>,
}

/// Request of `import_daily_reports`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ImportDailyReportsRequest {
    /// The sheets to import.
    pub sheets: Vec<Sheet>,
    /// Master data lists by name (e.g. `customers`, `reps`); a `master` field whose list is
    /// absent is only checked to be a name, and the list is named in `unchecked_master`.
    #[serde(default)]
    pub master_data: BTreeMap<String, Vec<String>>,
}

/// How one column of a sheet was mapped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnMap {
    /// Spreadsheet column letter (`A`, `B`, ...).
    pub column: String,
    /// The header text.
    pub header: String,
    /// The field it maps to; null for an unknown or duplicate header (its cells are kept in
    /// each row's `extra`).
    pub field: Option<String>,
}

/// A problem with a whole sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetIssue {
    /// `empty_sheet`, `unknown_version`, `unknown_header`, `duplicate_header`,
    /// `missing_required_column`.
    pub code: String,
    /// The column letter, when one column is at fault.
    pub column: Option<String>,
    /// The problem in words.
    pub message: String,
}

/// What was found in one sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetSummary {
    /// The sheet's name.
    pub name: String,
    /// The template version detected (or forced); null when no header matched any version.
    pub version: Option<String>,
    /// Headers of the sheet that are headers of that version.
    pub version_headers_matched: usize,
    /// Data rows (below the header row).
    pub rows: usize,
    /// The column mapping.
    pub columns: Vec<ColumnMap>,
    /// Policy fields with no column in this sheet (deleted optional columns).
    pub missing_fields: Vec<String>,
    /// Problems with the sheet as a whole.
    pub issues: Vec<SheetIssue>,
}

/// `ok` (no error), `rejected` (at least one cell error) or `blank` (every cell empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// Every cell passed.
    Ok,
    /// At least one cell error (listed in `errors`).
    Rejected,
    /// Every cell empty; nothing to import.
    Blank,
}

/// One input row, normalised: every input data row appears here exactly once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedRow {
    /// The sheet's name.
    pub sheet: String,
    /// Spreadsheet row number (the header row is 1, or the sheet's `header_row`).
    pub row: usize,
    /// The outcome.
    pub status: RowStatus,
    /// Every policy field → its normalised value (null when empty, missing or in error).
    pub values: BTreeMap<String, Option<String>>,
    /// Non-empty cells under unknown or duplicate headers, by header (or column letter).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, Cell>,
}

/// One bad cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellError {
    /// The sheet's name.
    pub sheet: String,
    /// Spreadsheet row number (the header row is 1).
    pub row: usize,
    /// Column letter; null when the field's column is missing from the sheet.
    pub column: Option<String>,
    /// The header of the column (null when missing).
    pub header: Option<String>,
    /// The field.
    pub field: String,
    /// The value as given.
    pub value: Cell,
    /// Stable code: `required`, `not_a_number`, `not_an_integer`, `out_of_range`,
    /// `not_a_date`, `not_in_enumeration`, `unknown_master_value`, `not_a_name`.
    pub code: String,
    /// What the field expects.
    pub expected: String,
    /// The field the value most likely belongs to (its cell in this row is empty or bad and
    /// the value passes its check), when one stands out.
    pub likely_field: Option<String>,
    /// That field's column letter in this sheet (null when the sheet lacks the column).
    pub likely_column: Option<String>,
}

/// Totals; `input_rows = imported + rejected + blank`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    /// Sheets.
    pub sheets: usize,
    /// Data rows in all sheets.
    pub input_rows: usize,
    /// Rows without error.
    pub imported: usize,
    /// Rows with at least one error.
    pub rejected: usize,
    /// Empty rows.
    pub blank: usize,
    /// Cell errors.
    pub errors: usize,
}

/// Response of `import_daily_reports`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportDailyReportsResponse {
    /// One summary per sheet, in request order.
    pub sheets: Vec<SheetSummary>,
    /// Every data row, in sheet and row order.
    pub rows: Vec<ImportedRow>,
    /// Every bad cell, in sheet, row and column order.
    pub errors: Vec<CellError>,
    /// Totals.
    pub counts: ImportCounts,
    /// Master lists the policy refers to that the request did not give (names not checked).
    pub unchecked_master: Vec<String>,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Pick the template whose headers the sheet matches best: most matched headers, then fewest
/// template headers left unmatched, then policy order.
fn detect(policy: &DailyReportPolicy, headers: &[String]) -> Option<(usize, usize)> {
    let present: BTreeSet<&str> = headers.iter().map(String::as_str).collect();
    let mut best: Option<(usize, usize, usize)> = None;
    for (i, t) in policy.templates.iter().enumerate() {
        let matched = t
            .columns
            .iter()
            .filter(|c| present.contains(normalise_key(&c.header).as_str()))
            .count();
        let unmatched = t.columns.len() - matched;
        let better = match best {
            None => matched > 0,
            Some((_, m, u)) => matched > m || (matched == m && unmatched < u),
        };
        if better {
            best = Some((i, matched, unmatched));
        }
    }
    best.map(|(i, m, _)| (i, m))
}

struct Mapping {
    /// Per column: the field index, or None.
    fields: Vec<Option<usize>>,
    /// Per field: its column.
    columns: Vec<Option<usize>>,
    headers: Vec<String>,
    summary: SheetSummary,
}

fn map_sheet(policy: &DailyReportPolicy, sheet: &Sheet, index: usize) -> Result<Mapping> {
    let header_cells = sheet.rows.first().map(Vec::as_slice).unwrap_or_default();
    let headers: Vec<String> = header_cells.iter().map(Cell::display).collect();
    let keys: Vec<String> = headers.iter().map(|h| normalise_key(h)).collect();
    let mut issues = Vec::new();
    let (template, matched) = match &sheet.version {
        Some(v) => {
            let t = policy
                .templates
                .iter()
                .position(|t| &t.version == v)
                .ok_or_else(|| {
                    Error::invalid_request(
                        format!("sheets[{index}].version"),
                        format!(
                            "unknown template version {v:?}; the policy's versions are {}",
                            policy
                                .templates
                                .iter()
                                .map(|t| t.version.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })?;
            let m = detect_count(policy, t, &keys);
            (Some(t), m)
        }
        None => match detect(policy, &keys) {
            Some((t, m)) => (Some(t), m),
            None => (None, 0),
        },
    };
    if sheet.rows.is_empty() {
        issues.push(SheetIssue {
            code: "empty_sheet".into(),
            column: None,
            message: "the sheet has no rows, not even a header row".into(),
        });
    } else if template.is_none() {
        issues.push(SheetIssue {
            code: "unknown_version".into(),
            column: None,
            message: "no header matches any template version; columns are mapped by alias only"
                .into(),
        });
    }
    // Header key → field index: the detected version's headers first, then every alias.
    let mut lookup: BTreeMap<String, usize> = BTreeMap::new();
    let field_index = |name: &str| policy.fields.iter().position(|f| f.name == name);
    if let Some(t) = template.and_then(|t| policy.templates.get(t)) {
        for c in &t.columns {
            if let Some(fi) = field_index(&c.field) {
                lookup.insert(normalise_key(&c.header), fi);
            }
        }
    }
    for t in &policy.templates {
        for c in &t.columns {
            if let Some(fi) = field_index(&c.field) {
                lookup.entry(normalise_key(&c.header)).or_insert(fi);
            }
        }
    }
    for (fi, f) in policy.fields.iter().enumerate() {
        for a in std::iter::once(&f.name).chain(&f.aliases) {
            lookup.entry(normalise_key(a)).or_insert(fi);
        }
    }
    let mut fields = Vec::with_capacity(keys.len());
    let mut columns: Vec<Option<usize>> = vec![None; policy.fields.len()];
    let mut maps = Vec::with_capacity(keys.len());
    for (ci, key) in keys.iter().enumerate() {
        let letter = column_letter(ci);
        let header = headers.get(ci).cloned().unwrap_or_default();
        let mut field = None;
        if key.is_empty() {
            // An unnamed column: its cells are kept as extras.
        } else if let Some(&fi) = lookup.get(key) {
            match columns.get(fi).copied().flatten() {
                Some(first) => issues.push(SheetIssue {
                    code: "duplicate_header".into(),
                    column: Some(letter.clone()),
                    message: format!(
                        "header {header:?} means field {:?} already read from column {}; this column's cells are kept in extra",
                        policy.fields.get(fi).map(|f| f.name.as_str()).unwrap_or_default(),
                        column_letter(first)
                    ),
                }),
                None => {
                    if let Some(slot) = columns.get_mut(fi) {
                        *slot = Some(ci);
                    }
                    field = Some(fi);
                }
            }
        } else {
            issues.push(SheetIssue {
                code: "unknown_header".into(),
                column: Some(letter.clone()),
                message: format!(
                    "header {header:?} names no field of any template version; its cells are kept in extra"
                ),
            });
        }
        fields.push(field);
        maps.push(ColumnMap {
            column: letter,
            header,
            field: field
                .and_then(|fi| policy.fields.get(fi))
                .map(|f| f.name.clone()),
        });
    }
    let mut missing = Vec::new();
    for (fi, f) in policy.fields.iter().enumerate() {
        if columns.get(fi).copied().flatten().is_none() {
            missing.push(f.name.clone());
            if f.required && !sheet.rows.is_empty() {
                issues.push(SheetIssue {
                    code: "missing_required_column".into(),
                    column: None,
                    message: format!(
                        "no column for required field {:?}; every non-blank row is rejected",
                        f.name
                    ),
                });
            }
        }
    }
    Ok(Mapping {
        fields,
        columns,
        headers,
        summary: SheetSummary {
            name: sheet.name.clone(),
            version: template
                .and_then(|t| policy.templates.get(t))
                .map(|t| t.version.clone()),
            version_headers_matched: matched,
            rows: sheet.rows.len().saturating_sub(1),
            columns: maps,
            missing_fields: missing,
            issues,
        },
    })
}

fn detect_count(policy: &DailyReportPolicy, t: usize, keys: &[String]) -> usize {
    let present: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
    policy.templates.get(t).map_or(0, |t| {
        t.columns
            .iter()
            .filter(|c| present.contains(normalise_key(&c.header).as_str()))
            .count()
    })
}

/// Serve `import_daily_reports`.
pub fn import_daily_reports(
    engine: &Engine,
    request: &ImportDailyReportsRequest,
) -> Result<ImportDailyReportsResponse> {
    let policy = &engine.policy().daily_report;
    let years = policy.serial_date_years;
    let masters: Vec<Option<MasterIndex<'_>>> = policy
        .fields
        .iter()
        .map(|f| {
            f.master
                .as_ref()
                .and_then(|m| request.master_data.get(m))
                .map(|list| MasterIndex::new(list))
        })
        .collect();
    let unchecked: BTreeSet<String> = policy
        .fields
        .iter()
        .filter(|f| f.kind == super::FieldKind::Master)
        .filter_map(|f| f.master.clone())
        .filter(|m| !request.master_data.contains_key(m))
        .collect();
    let mut sheets = Vec::with_capacity(request.sheets.len());
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut counts = ImportCounts {
        sheets: request.sheets.len(),
        input_rows: 0,
        imported: 0,
        rejected: 0,
        blank: 0,
        errors: 0,
    };
    for (si, sheet) in request.sheets.iter().enumerate() {
        let map = map_sheet(policy, sheet, si)?;
        for (ri, cells) in sheet.rows.iter().enumerate().skip(1) {
            counts.input_rows += 1;
            let row_no = sheet.header_row.unwrap_or(1).saturating_add(ri);
            let cell_at = |ci: Option<usize>| ci.and_then(|ci| cells.get(ci));
            let mut values = BTreeMap::new();
            let mut extra = BTreeMap::new();
            for (ci, cell) in cells.iter().enumerate() {
                if map.fields.get(ci).copied().flatten().is_none() && !cell.is_empty() {
                    let header = map.headers.get(ci).map(|h| h.trim()).unwrap_or_default();
                    let key = if header.is_empty() || extra.contains_key(header) {
                        column_letter(ci)
                    } else {
                        header.to_string()
                    };
                    extra.insert(key, cell.clone());
                }
            }
            let blank = cells.iter().all(Cell::is_empty);
            let mut row_errors: Vec<(usize, CellError)> = Vec::new();
            // First pass: check every field.
            let mut results: Vec<Option<std::result::Result<String, super::cell::CellProblem>>> =
                Vec::with_capacity(policy.fields.len());
            for (fi, f) in policy.fields.iter().enumerate() {
                let col = map.columns.get(fi).copied().flatten();
                let cell = cell_at(col);
                let master = masters.get(fi).and_then(Option::as_ref);
                let res = match cell {
                    Some(c) if !c.is_empty() => Some(check(f, c, master, years)),
                    _ if f.required && !blank => Some(Err(super::cell::CellProblem {
                        code: "required",
                        expected: expected(f, years),
                    })),
                    _ => None,
                };
                results.push(res);
            }
            for (fi, f) in policy.fields.iter().enumerate() {
                let col = map.columns.get(fi).copied().flatten();
                match results.get(fi) {
                    Some(Some(Ok(v))) => {
                        values.insert(f.name.clone(), Some(v.clone()));
                    }
                    Some(Some(Err(p))) => {
                        values.insert(f.name.clone(), None);
                        let value = cell_at(col).cloned().unwrap_or_default();
                        let likely = if value.is_empty() {
                            None
                        } else {
                            likely_field(policy, &masters, &results, &map, cells, fi, &value)
                        };
                        row_errors.push((
                            col.unwrap_or(usize::MAX),
                            CellError {
                                sheet: sheet.name.clone(),
                                row: row_no,
                                column: col.map(column_letter),
                                header: col.and_then(|c| map.headers.get(c)).cloned(),
                                field: f.name.clone(),
                                value,
                                code: p.code.into(),
                                expected: p.expected.clone(),
                                likely_column: likely
                                    .and_then(|l| map.columns.get(l).copied().flatten())
                                    .map(column_letter),
                                likely_field: likely
                                    .and_then(|l| policy.fields.get(l))
                                    .map(|f| f.name.clone()),
                            },
                        ));
                    }
                    _ => {
                        values.insert(f.name.clone(), None);
                    }
                }
            }
            let status = if blank {
                counts.blank += 1;
                RowStatus::Blank
            } else if row_errors.is_empty() {
                counts.imported += 1;
                RowStatus::Ok
            } else {
                counts.rejected += 1;
                RowStatus::Rejected
            };
            row_errors.sort_by_key(|(c, _)| *c);
            counts.errors += row_errors.len();
            errors.extend(row_errors.into_iter().map(|(_, e)| e));
            rows.push(ImportedRow {
                sheet: sheet.name.clone(),
                row: row_no,
                status,
                values,
                extra,
            });
        }
        sheets.push(map.summary);
    }
    Ok(ImportDailyReportsResponse {
        sheets,
        rows,
        errors,
        counts,
        unchecked_master: unchecked.into_iter().collect(),
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}

/// The field a bad value most likely belongs to: another field whose cell in this row is
/// empty, missing or bad, whose check the value passes, with the strongest evidence (an
/// enumeration or master-data match beats a text date, a text date beats a number; a value
/// that would only pass as a name or free text points nowhere); ties go to the policy's field
/// order.
fn likely_field(
    policy: &DailyReportPolicy,
    masters: &[Option<MasterIndex<'_>>],
    results: &[Option<std::result::Result<String, super::cell::CellProblem>>],
    map: &Mapping,
    cells: &[Cell],
    bad: usize,
    value: &Cell,
) -> Option<usize> {
    let mut best: Option<(u8, usize)> = None;
    for (gi, g) in policy.fields.iter().enumerate() {
        if gi == bad {
            continue;
        }
        let open = matches!(results.get(gi), Some(None) | Some(Some(Err(_))));
        // A column that is present but holds a good value is taken.
        let col_cell = map
            .columns
            .get(gi)
            .copied()
            .flatten()
            .and_then(|c| cells.get(c));
        if !open && col_cell.is_some_and(|c| !c.is_empty()) {
            continue;
        }
        let master = masters.get(gi).and_then(Option::as_ref);
        if check(g, value, master, policy.serial_date_years).is_err() {
            continue;
        }
        let score = evidence(g, value, master);
        // A bare name fits too many columns to point anywhere.
        if score >= 2 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, gi));
        }
    }
    best.map(|(_, gi)| gi)
}
