//! Daily reports, submission progress and dealer rebates in the month job (SPEC 2E, 2F).
//!
//! The month's daily reports are written as real `.xlsx` / `.csv` files (one per team, in
//! three template versions, see [`crate::sample::daily`]), read back from disk, parsed with
//! `daily_report::sheets_from_xlsx` / `sheets_from_csv`, and imported with
//! `import_daily_reports`; the upload log goes through `daily_report_progress`; a few sample
//! dealers through `rebate`.

use crate::report::{escape, Section};
use crate::sample::daily::{generate, DailySample};
use crate::sample::Month;
use salesrules::daily_report::{
    sheets_from_csv, sheets_from_xlsx, DailyReportProgressRequest, DailyReportProgressResponse,
    DayStatus, ImportDailyReportsRequest, ImportDailyReportsResponse, Sheet,
};
use salesrules::rebate::{RebateRequest, RebateResponse};
use salesrules::Engine;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Everything the month job shows about daily reports and rebates.
#[derive(Debug, Clone)]
pub struct DailyRun {
    /// Where the files were written.
    pub dir: PathBuf,
    /// Files read back.
    pub files: Vec<String>,
    /// The import answer.
    pub import: ImportDailyReportsResponse,
    /// Planted mistakes.
    pub planted: usize,
    /// Planted mistakes the importer reported at the right row and field.
    pub planted_found: usize,
    /// Cell errors that match no planted mistake (should be 0).
    pub unexpected: usize,
    /// The submission progress answer.
    pub progress: DailyReportProgressResponse,
    /// Sample dealers' rebates.
    pub rebates: Vec<RebateResponse>,
}

/// Write the month's daily-report files into `dir`, read the folder back, import, track
/// progress and compute the sample rebates.
pub fn run(engine: &Engine, month: &Month, dir: &Path) -> Result<DailyRun, String> {
    let sample: DailySample = generate(month);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for f in &sample.files {
        let path = dir.join(&f.name);
        std::fs::write(&path, f.bytes()?)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    // Read the folder as a manager would: every .xlsx and .csv in it, by name.
    let (files, sheets) = read_folder(dir)?;
    let import = engine
        .import_daily_reports(&ImportDailyReportsRequest {
            sheets,
            master_data: BTreeMap::from([
                ("customers".to_string(), sample.customers.clone()),
                ("reps".to_string(), sample.reps.clone()),
            ]),
        })
        .map_err(|e| e.to_string())?;
    // Match errors against the planted mistakes: (file, row, field).
    let file_of = |sheet: &str| sheet.split('#').next().unwrap_or(sheet).to_string();
    let planted: BTreeSet<(String, usize, String)> = sample
        .planted
        .iter()
        .map(|p| (p.file.clone(), p.row, p.field.clone()))
        .collect();
    let reported: BTreeSet<(String, usize, String)> = import
        .errors
        .iter()
        .map(|e| (file_of(&e.sheet), e.row, e.field.clone()))
        .collect();
    let planted_found = planted.intersection(&reported).count();
    let unexpected = reported.difference(&planted).count();
    let mut request = DailyReportProgressRequest {
        month: month.period.clone(),
        as_of: month.ends_at,
        roster: sample.roster.clone(),
        submissions: sample.submissions.clone(),
        reminder_date: None,
    };
    let progress = engine
        .daily_report_progress(&request)
        .map_err(|e| e.to_string())?;
    // The reminder list of the month's last working day (as_of is the month's end).
    let last = progress
        .dates
        .iter()
        .zip(&progress.expected)
        .filter(|(_, e)| **e)
        .map(|(d, _)| d.clone())
        .next_back();
    let progress = match last {
        Some(day) => {
            request.reminder_date = Some(day);
            engine
                .daily_report_progress(&request)
                .map_err(|e| e.to_string())?
        }
        None => progress,
    };
    let rebates = sample_dealers()
        .iter()
        .map(|r| engine.rebate(r).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DailyRun {
        dir: dir.to_path_buf(),
        files,
        import,
        planted: planted.len(),
        planted_found,
        unexpected,
        progress,
        rebates,
    })
}

/// Read every `.xlsx` and `.csv` file of `dir` (by name order) into sheets: the file names
/// read, and the sheets (`file#tab` for workbooks).
pub fn read_folder(dir: &Path) -> Result<(Vec<String>, Vec<Sheet>), String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension()
                    .and_then(|x| x.to_str())
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("xlsx" | "csv")
            )
        })
        .collect();
    paths.sort();
    let mut sheets = Vec::new();
    let mut files = Vec::new();
    for path in &paths {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let parsed = if name.to_ascii_lowercase().ends_with(".xlsx") {
            sheets_from_xlsx(&name, &bytes)
        } else {
            sheets_from_csv(&name, &bytes)
        }
        .map_err(|e| format!("{}: {e}", path.display()))?;
        sheets.extend(parsed);
        files.push(name);
    }
    Ok((files, sheets))
}

/// Six dealers of the first quarter, around the tier boundaries, one below the collection
/// floor, one with a compliance flag.
pub fn sample_dealers() -> Vec<RebateRequest> {
    let d = |id: &str, volume: &str, target: &str, rate: &str, spend: &str, flags: &[&str]| {
        serde_json::from_value::<RebateRequest>(serde_json::json!({
            "dealer": id, "quarter": "2026-Q1", "volume": volume, "target": target,
            "collection_rate": rate, "marketing_spend": spend, "compliance_flags": flags,
        }))
    };
    [
        d(
            "DL-华东-01",
            "2999999.99",
            "2500000.00",
            "0.93",
            "30000.00",
            &[],
        ),
        d(
            "DL-华东-02",
            "3000000.00",
            "2500000.00",
            "0.91",
            "30000.00",
            &[],
        ),
        d(
            "DL-华南-01",
            "1250000.00",
            "1400000.00",
            "0.88",
            "15000.00",
            &["price_violation"],
        ),
        d(
            "DL-华北-01",
            "480000.00",
            "400000.00",
            "0.97",
            "2000.00",
            &[],
        ),
        d(
            "DL-西南-01",
            "2100000.00",
            "1800000.00",
            "0.76",
            "20000.00",
            &[],
        ),
        d(
            "DL-西北-01",
            "760000.00",
            "700000.00",
            "0.85",
            "9000.00",
            &["counterfeit_goods"],
        ),
    ]
    .into_iter()
    .filter_map(Result::ok)
    .collect()
}

fn counts_by_code(run: &DailyRun) -> BTreeMap<&str, usize> {
    let mut by = BTreeMap::new();
    for e in &run.import.errors {
        *by.entry(e.code.as_str()).or_insert(0) += 1;
    }
    by
}

/// A few lines for the terminal.
pub fn text(run: &DailyRun) -> String {
    let c = &run.import.counts;
    let mut s = String::new();
    let versions: BTreeMap<String, usize> =
        run.import.sheets.iter().fold(BTreeMap::new(), |mut m, sh| {
            *m.entry(sh.version.clone().unwrap_or_else(|| "?".into()))
                .or_insert(0) += 1;
            m
        });
    let _ = writeln!(
        s,
        "Daily reports: {} files from {} ({}), {} rows: {} imported, {} rejected, {} blank; {} cell errors",
        run.files.len(),
        run.dir.display(),
        versions.iter().map(|(v, n)| format!("{v} ×{n}")).collect::<Vec<_>>().join(", "),
        c.input_rows,
        c.imported,
        c.rejected,
        c.blank,
        c.errors
    );
    let _ = writeln!(
        s,
        "  planted mistakes reported: {}/{}; errors not planted: {} {}",
        run.planted_found,
        run.planted,
        run.unexpected,
        if run.planted_found == run.planted && run.unexpected == 0 {
            "✓"
        } else {
            "✗"
        }
    );
    let by: Vec<String> = counts_by_code(run)
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let _ = writeln!(s, "  by code: {}", by.join(", "));
    let r = &run.progress.reminder;
    let _ = writeln!(
        s,
        "  submissions: reminder list for {} (due {}): {} of {} reps",
        r.date,
        r.remind_at,
        r.reps.len(),
        run.progress.reps.len()
    );
    let _ = writeln!(
        s,
        "Dealer rebates {}",
        run.rebates.first().map_or("", |r| r.quarter.as_str())
    );
    for r in &run.rebates {
        let parts: Vec<String> = r
            .parts
            .iter()
            .map(|p| format!("{} {}", p.part, p.amount))
            .collect();
        let _ = writeln!(
            s,
            "  {:<10} total {:>12} = {}{}",
            r.dealer,
            r.total,
            parts.join(" + "),
            if r.eligible {
                String::new()
            } else {
                format!(
                    " (ineligible: {})",
                    r.ineligible_reasons
                        .iter()
                        .map(|x| x.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
    }
    s
}

fn status_style(s: DayStatus) -> (&'static str, &'static str) {
    match s {
        DayStatus::OnTime => ("#3a9d5d", "on time"),
        DayStatus::Late => ("#e0b43a", "late"),
        DayStatus::Missing => ("#d0504a", "missing"),
        DayStatus::Pending => ("#c8d3e0", "pending"),
        DayStatus::Off => ("#f1f1f1", "no report expected"),
    }
}

/// The report section: import summary and errors, the submission heat grid, the rebates.
pub fn section(run: &DailyRun) -> Section {
    let mut h = String::new();
    let c = &run.import.counts;
    let _ = writeln!(
        h,
        "<p>{} daily-report files of the month (one per team, template versions V2.1, V2.3 and V3.0, \
         with deleted optional columns, moved columns, .xlsx and .csv) were read from <code>{}</code> and imported with \
         <code>import_daily_reports</code>: columns are mapped by header name, never by position, and every cell is \
         type-checked. {} rows: <b>{}</b> imported, <b>{}</b> rejected, {} blank; {} cell errors. \
         The generator planted {} mistakes; {} were reported at the right row and field, {} errors were not planted.</p>",
        run.files.len(),
        escape(&run.dir.display().to_string()),
        c.input_rows, c.imported, c.rejected, c.blank, c.errors,
        run.planted, run.planted_found, run.unexpected
    );
    h.push_str("<table><thead><tr><th>sheet</th><th>version</th><th class=\"num\">rows</th><th>columns not in the file</th><th>issues</th></tr></thead><tbody>\n");
    for s in &run.import.sheets {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(&s.name),
            escape(s.version.as_deref().unwrap_or("?")),
            s.rows,
            escape(&s.missing_fields.join(", ")),
            escape(
                &s.issues
                    .iter()
                    .map(|i| i.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        );
    }
    h.push_str("</tbody></table>\n<h3>Cell errors</h3>\n<table><thead><tr><th>sheet</th><th class=\"num\">row</th><th>column</th><th>field</th><th>value</th><th>problem</th><th>expected</th><th>likely column</th></tr></thead><tbody>\n");
    for e in &run.import.errors {
        let likely = match (&e.likely_field, &e.likely_column) {
            (Some(f), Some(c)) => format!("{f} ({c})"),
            (Some(f), None) => f.clone(),
            _ => String::new(),
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&e.sheet),
            e.row,
            escape(&format!("{} {}", e.column.as_deref().unwrap_or("—"), e.header.as_deref().unwrap_or(""))),
            escape(&e.field),
            escape(&e.value.display()),
            escape(&e.code),
            escape(&e.expected),
            escape(&likely)
        );
    }
    h.push_str("</tbody></table>\n");

    // Heat grid.
    let p = &run.progress;
    let _ = writeln!(
        h,
        "<h3>Submissions {}</h3><p>Each square is one rep × day (<code>daily_report_progress</code>): due by 20:00, reminders at 22:00. \
         Reminder list for {}: {}.</p>",
        escape(&p.month),
        escape(&p.reminder.date),
        if p.reminder.reps.is_empty() { "nobody".to_string() } else { escape(&p.reminder.reps.join(", ")) }
    );
    h.push_str("<p>");
    for s in [
        DayStatus::OnTime,
        DayStatus::Late,
        DayStatus::Missing,
        DayStatus::Pending,
        DayStatus::Off,
    ] {
        let (bg, label) = status_style(s);
        let _ = write!(h, "<span style=\"display:inline-block;width:10px;height:10px;background:{bg};margin:0 4px 0 12px\"></span>{label}");
    }
    h.push_str(
        "</p>\n<table style=\"border-collapse:collapse;font-size:11px\"><thead><tr><th>rep</th>",
    );
    for d in &p.dates {
        let _ = write!(
            h,
            "<th style=\"padding:0 1px\">{}</th>",
            escape(d.get(8..).unwrap_or(d))
        );
    }
    h.push_str("<th class=\"num\">submitted</th></tr></thead><tbody>\n");
    for r in &p.reps {
        let _ = write!(
            h,
            "<tr><td>{} <small>{}</small></td>",
            escape(&r.rep),
            escape(r.team.as_deref().unwrap_or(""))
        );
        for (d, s) in p.dates.iter().zip(&r.days) {
            let (bg, label) = status_style(*s);
            let _ = write!(
                h,
                "<td title=\"{} {}: {label}\" style=\"background:{bg};width:12px;height:12px;padding:0;border:1px solid #fff\"></td>",
                escape(&r.rep),
                escape(d)
            );
        }
        let _ = writeln!(
            h,
            "<td class=\"num\">{}</td></tr>",
            escape(r.submitted.as_deref().unwrap_or("—"))
        );
    }
    h.push_str("</tbody></table>\n");

    // Rebates.
    h.push_str("<h3>Dealer rebates</h3><p>Computed with <code>rebate</code>: base (tiered rate), excess reward on volume above target, compliance bonus; each part rounded to the cent on its own, the total is their sum.</p>\n");
    h.push_str("<table><thead><tr><th>dealer</th><th>tier</th><th>part</th><th>formula</th><th class=\"num\">exact</th><th class=\"num\">amount</th><th>note</th></tr></thead><tbody>\n");
    for r in &run.rebates {
        let tier = r.tier.as_ref().map_or("—".to_string(), |t| {
            format!("{} (from {}, {})", t.index, t.from, t.rate)
        });
        for p in &r.parts {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                escape(&r.dealer),
                escape(&tier),
                escape(&p.part),
                escape(&p.formula),
                escape(&p.exact),
                escape(&p.amount),
                escape(p.note.as_deref().unwrap_or(""))
            );
        }
        let reasons: Vec<&str> = r
            .ineligible_reasons
            .iter()
            .map(|x| x.message.as_str())
            .collect();
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td></td><td><b>total</b></td><td>{}</td><td></td><td class=\"num\"><b>{} {}</b></td><td>{}</td></tr>",
            escape(&r.dealer),
            escape(&r.rounding),
            escape(&r.currency),
            escape(&r.total),
            escape(&reasons.join("; "))
        );
    }
    h.push_str("</tbody></table>\n");
    Section::new(
        "daily-reports",
        "Daily reports, submissions and dealer rebates",
        h,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sample::{Month, Size};

    #[test]
    fn xlsx_and_csv_files_round_trip_with_every_planted_mistake_found() {
        let month = Month::generate(11, Size::deals(20));
        let dir = std::env::temp_dir().join(format!("salesrules-daily-{}", std::process::id()));
        let run = run(&Engine::default(), &month, &dir).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(run.files.len(), 8);
        assert!(run.planted > 0);
        assert_eq!(run.planted_found, run.planted);
        assert_eq!(run.unexpected, 0);
        let versions: BTreeSet<_> = run
            .import
            .sheets
            .iter()
            .filter_map(|s| s.version.clone())
            .collect();
        assert_eq!(versions.len(), 3);
        let c = &run.import.counts;
        assert_eq!(c.imported + c.rejected + c.blank, c.input_rows);
        assert_eq!(run.rebates.len(), 6);
        let html = section(&run).body;
        assert!(html.contains("not_a_name") && html.contains("DL-华东-01"));
    }
}
