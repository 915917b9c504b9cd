//! A month of sales daily reports as the teams really send them: each team on its own template
//! version (V2.1, V2.3, V3.0), some with optional columns deleted or columns moved, some as
//! `.xlsx` (dates as text or as real date cells), some as `.csv`; a few values typed into the
//! wrong column or as free text. Every planted mistake is recorded, so the month job can check
//! that the importer reports each one and nothing else.
//!
//! The submission log (who uploaded the day's report when) comes with it, for
//! `daily_report_progress`.

use super::clock::{civil_from_days, days_from_civil, instant, shanghai};
use super::{Month, Rng};
use salesrules::daily_report::{RosterEntry, Submission};
use salesrules::Policy;

/// A cell as written to a file.
#[derive(Debug, Clone, PartialEq)]
pub enum OutCell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A date: a real date cell in `.xlsx` (serial number with a date format), `YYYY-MM-DD`
    /// text in `.csv`.
    Date(i64, i64, i64),
}

/// File format of a team's reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Excel workbook.
    Xlsx,
    /// UTF-8 CSV.
    Csv,
}

/// A mistake planted on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    /// File name.
    pub file: String,
    /// Spreadsheet row number (header = 1).
    pub row: usize,
    /// The field whose cell is wrong.
    pub field: String,
    /// What was done, in words.
    pub what: String,
}

/// One team's file for the month.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyFile {
    /// File name, e.g. `team-east-V2.3.xlsx`.
    pub name: String,
    /// The team.
    pub team: String,
    /// The template version it follows.
    pub version: String,
    /// Format.
    pub format: Format,
    /// Header row, then data rows.
    pub rows: Vec<Vec<OutCell>>,
}

/// The generated month of daily reports.
#[derive(Debug, Clone, PartialEq)]
pub struct DailySample {
    /// One file per team.
    pub files: Vec<DailyFile>,
    /// The planted mistakes.
    pub planted: Vec<Planted>,
    /// All reps.
    pub roster: Vec<RosterEntry>,
    /// The upload log.
    pub submissions: Vec<Submission>,
    /// Customer master data.
    pub customers: Vec<String>,
    /// Rep master data.
    pub reps: Vec<String>,
}

const CONTACTS: [&str; 6] = ["王经理", "李总", "张工", "刘主任", "陈总监", "赵采购"];
const COMPETITORS: [&str; 5] = ["中兴", "思科", "新华三", "锐捷", ""];
const NEXT: [&str; 5] = ["报价", "方案演示", "签约", "回访", "技术交流"];
const VISIT_ZH: [&str; 4] = ["拜访", "电话", "微信", "会议"];
const VISIT_EN: [&str; 4] = ["visit", "call", "wechat", "meeting"];

/// Team layout: version, format, deleted optional fields, columns moved, full-width headers.
fn layout(i: usize) -> (&'static str, Format, &'static [&'static str], bool) {
    match i % 8 {
        0 => ("V2.1", Format::Xlsx, &[], false),
        1 => ("V2.1", Format::Csv, &["next_step"], false),
        2 => ("V2.3", Format::Xlsx, &["contact"], false),
        3 => ("V2.3", Format::Xlsx, &["next_step"], true),
        4 => ("V2.3", Format::Csv, &[], false),
        5 => ("V3.0", Format::Xlsx, &[], false),
        6 => ("V3.0", Format::Xlsx, &["competitor"], true),
        _ => ("V3.0", Format::Csv, &["next_visit_date"], false),
    }
}

fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Generate the month's daily reports for `month` (same seed, same files).
pub fn generate(month: &Month) -> DailySample {
    let policy = Policy::default().daily_report;
    let (y, m) = month
        .period
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i64>().ok()?, m.parse::<i64>().ok()?)))
        .unwrap_or((2026, 3));
    let first = days_from_civil(y, m, 1);
    let next = if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    };
    let mut files = Vec::new();
    let mut planted = Vec::new();
    let mut submissions = Vec::new();
    for (ti, team) in month.teams.iter().enumerate() {
        let (version, format, deleted, moved) = layout(ti);
        let Some(template) = policy.templates.iter().find(|t| t.version == version) else {
            continue;
        };
        let mut rng = Rng::derive(month.seed, "daily", ti as u64);
        let mut columns: Vec<(String, String)> = template
            .columns
            .iter()
            .filter(|c| !deleted.contains(&c.field.as_str()))
            .map(|c| (c.field.clone(), c.header.clone()))
            .collect();
        if moved {
            rng.shuffle(&mut columns);
        }
        if ti % 8 == 6 {
            // Full-width brackets, as some Excel installs type them.
            for c in &mut columns {
                c.1 = c.1.replace('(', "（").replace(')', "）");
            }
        }
        let ext = if format == Format::Xlsx {
            "xlsx"
        } else {
            "csv"
        };
        let name = format!("daily-{}-{version}.{ext}", team.id);
        let customers: Vec<&str> = month
            .customers
            .iter()
            .filter(|c| c.team == team.id)
            .map(|c| c.name.as_str())
            .collect();
        let mut rows = vec![columns
            .iter()
            .map(|(_, h)| OutCell::Text(h.clone()))
            .collect::<Vec<_>>()];
        for day in first..next {
            let weekday = (day + 3).rem_euclid(7);
            if weekday >= 5 {
                continue;
            }
            let (dy, dm, dd) = civil_from_days(day);
            for rep in &team.members {
                let roll = rng.below(100);
                if roll >= 90 {
                    continue; // no report that day
                }
                let (hh, mm) = if roll < 80 {
                    (17 + rng.range(0, 2), rng.range(0, 59))
                } else {
                    (20 + rng.range(0, 3), rng.range(0, 59))
                };
                submissions.push(Submission {
                    rep: rep.clone(),
                    date: format!("{dy:04}-{dm:02}-{dd:02}"),
                    submitted_at: instant(shanghai(dy, dm, dd, hh, mm)),
                });
                for _ in 0..1 + rng.below(2) {
                    let customer = rng.pick(&customers).copied().unwrap_or("华为");
                    let visits = 1 + rng.below(4);
                    let competitor = rng.pick(&COMPETITORS).copied().unwrap_or("");
                    let kind = rng.index(4);
                    let amount = if rng.chance(300) {
                        rng.below(20_000_000)
                    } else {
                        0
                    };
                    let row_no = rows.len() + 1;
                    let plant = if rng.chance(40) {
                        Some(rng.below(5))
                    } else {
                        None
                    };
                    let has = |f: &str| columns.iter().any(|(c, _)| c == f);
                    let mut cells = Vec::with_capacity(columns.len());
                    for (field, _) in &columns {
                        let cell = match field.as_str() {
                            "date" => match (format, version) {
                                (Format::Xlsx, "V2.1") => OutCell::Text(format!("{dy}/{dm}/{dd}")),
                                (Format::Xlsx, _) => OutCell::Date(dy, dm, dd),
                                _ => OutCell::Text(format!("{dy:04}-{dm:02}-{dd:02}")),
                            },
                            "rep" => OutCell::Text(rep.clone()),
                            "customer" => OutCell::Text(customer.to_string()),
                            "visit_type" => OutCell::Text(
                                if version == "V3.0" {
                                    VISIT_EN[kind]
                                } else {
                                    VISIT_ZH[kind]
                                }
                                .to_string(),
                            ),
                            "visits" => OutCell::Number(visits as f64),
                            "contact" => OutCell::Text(
                                rng.pick(&CONTACTS).copied().unwrap_or("王经理").to_string(),
                            ),
                            "order_amount" if amount == 0 => OutCell::Empty,
                            "order_amount" if format == Format::Csv => OutCell::Text(money(amount)),
                            "order_amount" => OutCell::Number(amount as f64 / 100.0),
                            "competitor" if competitor.is_empty() => OutCell::Empty,
                            "competitor" => OutCell::Text(competitor.to_string()),
                            "next_step" => OutCell::Text(
                                rng.pick(&NEXT).copied().unwrap_or("回访").to_string(),
                            ),
                            "next_visit_date" => {
                                let (ny, nm, nd) = civil_from_days(day + 1 + rng.range(0, 6));
                                OutCell::Text(format!("{ny:04}-{nm:02}-{nd:02}"))
                            }
                            _ => OutCell::Empty,
                        };
                        cells.push(cell);
                    }
                    let mut set = |field: &str, cell: OutCell| {
                        if let Some(i) = columns.iter().position(|(f, _)| f == field) {
                            cells[i] = cell;
                        }
                    };
                    let mut note = |field: &str, what: &str| {
                        planted.push(Planted {
                            file: name.clone(),
                            row: row_no,
                            field: field.into(),
                            what: what.into(),
                        });
                    };
                    match plant {
                        Some(0) if has("competitor") => {
                            set("visits", OutCell::Empty);
                            set("competitor", OutCell::Number(visits as f64));
                            note(
                                "competitor",
                                "the visit count typed into the competitor column",
                            );
                            note(
                                "visits",
                                "left empty (its value went to the competitor column)",
                            );
                        }
                        Some(1) => {
                            set("date", OutCell::Text("昨天".into()));
                            note("date", "free text \"昨天\" (yesterday) instead of a date");
                        }
                        Some(2) => {
                            set("visits", OutCell::Text(format!("{visits}次")));
                            note("visits", "a unit typed after the number (\"3次\")");
                        }
                        Some(3) => {
                            set("customer", OutCell::Text("某新客户".into()));
                            note("customer", "a customer missing from the master data");
                        }
                        Some(4) if has("order_amount") => {
                            set("order_amount", OutCell::Text("约5千".into()));
                            note(
                                "order_amount",
                                "an estimate in words (\"约5千\") instead of a number",
                            );
                        }
                        _ => {}
                    }
                    rows.push(cells);
                }
            }
        }
        files.push(DailyFile {
            name,
            team: team.id.clone(),
            version: version.into(),
            format,
            rows,
        });
    }
    DailySample {
        files,
        planted,
        roster: month
            .reps
            .iter()
            .map(|r| RosterEntry {
                rep: r.id.clone(),
                team: Some(r.team.clone()),
            })
            .collect(),
        submissions,
        customers: month.customers.iter().map(|c| c.name.clone()).collect(),
        reps: month.reps.iter().map(|r| r.id.clone()).collect(),
    }
}

/// Excel serial number of a date (1900 system).
pub fn excel_serial(y: i64, m: i64, d: i64) -> f64 {
    (days_from_civil(y, m, d) - days_from_civil(1899, 12, 30)) as f64
}

impl DailyFile {
    /// The file's bytes (`.xlsx` workbook with one sheet `日报`, or UTF-8 CSV).
    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        match self.format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                for row in &self.rows {
                    let texts: Vec<String> = row
                        .iter()
                        .map(|c| match c {
                            OutCell::Empty => String::new(),
                            OutCell::Text(s) => s.clone(),
                            OutCell::Number(n) => format!("{n}"),
                            OutCell::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
                        })
                        .collect();
                    w.write_record(&texts).map_err(|e| e.to_string())?;
                }
                w.into_inner().map_err(|e| e.to_string())
            }
            Format::Xlsx => {
                use rust_xlsxwriter::{Format as XFormat, Workbook};
                let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
                let mut book = Workbook::new();
                let date = XFormat::new().set_num_format("yyyy-mm-dd");
                let sheet = book.add_worksheet();
                sheet.set_name("日报").map_err(e)?;
                for (r, row) in self.rows.iter().enumerate() {
                    let r = u32::try_from(r).map_err(|x| x.to_string())?;
                    for (c, cell) in row.iter().enumerate() {
                        let c = u16::try_from(c).map_err(|x| x.to_string())?;
                        match cell {
                            OutCell::Empty => {}
                            OutCell::Text(s) => {
                                sheet.write_string(r, c, s).map_err(e)?;
                            }
                            OutCell::Number(n) => {
                                sheet.write_number(r, c, *n).map_err(e)?;
                            }
                            OutCell::Date(y, m, d) => {
                                sheet
                                    .write_number_with_format(r, c, excel_serial(*y, *m, *d), &date)
                                    .map_err(e)?;
                            }
                        }
                    }
                }
                book.save_to_buffer().map_err(e)
            }
        }
    }
}
