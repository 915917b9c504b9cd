//! Daily-report import across template versions and submission tracking (SPEC 2E).
//!
//! **Import** (`import_daily_reports`). Each sheet's first row is its header. The template
//! version (V2.1, V2.3, V3.0 by default; see [`DailyReportPolicy`]) is the one whose header
//! names the sheet matches most (ties: fewest of the version's headers missing, then policy
//! order), unless the sheet names its `version`. Columns are then mapped **by header name
//! only, never by position**: the version's own headers first, then any version's header and
//! every field alias. Headers compare after Unicode NFKC, lower-casing and removing white
//! space, so `订单金额（元）` and `订单金额(元)` are the same header.
//!
//! Every cell is checked against its field ([`FieldKind`]): numbers reject text
//! (`1,234.5` passes, `12件` does not), integers reject fractions, enumerations and master
//! data (the request's `master_data`, e.g. `customers`) must match (case- and width-blind),
//! names reject bare numbers and dates, required fields reject empty cells. Dates accept the
//! unambiguous text forms `2026-03-05`, `2026/3/5`, `2026.3.5` and `2026年3月5日` (a trailing
//! time is dropped) and reject free text and day/month-first forms; a *number* in a date cell
//! is a spreadsheet serial date (1900 system) accepted only within the policy's
//! `serial_date_years` (2000–2099), so a visit count of `3` is never read as 1900-01-03.
//!
//! Nothing is dropped: every data row comes back in `rows` as `ok`, `rejected` (with its cell
//! errors in `errors`) or `blank`; cells under unknown or duplicate headers come back in the
//! row's `extra`. A cell error names the sheet, spreadsheet row (header = 1), column letter,
//! header, field, value, what was expected, and, when the value clearly belongs elsewhere
//! (another field of the row is empty or bad and the value passes that field's check), the
//! likely field and its column.
//!
//! **Progress** (`daily_report_progress`): a report for day D is due at D's `deadline`
//! (20:00 local) and reps without one by `deadline + remind_after` (2 h) go on the reminder
//! list; the month's matrix marks each rep × day `on_time`, `late`, `missing`, `pending` or
//! `off` (no report expected on the calendar's non-working days).
//!
//! With the `spreadsheets` feature, [`sheets_from_xlsx`] and [`sheets_from_csv`] turn file
//! bytes into [`Sheet`]s (pure functions: the caller reads the files).

mod cell;
mod import;
pub mod policy;
mod progress;
#[cfg(feature = "spreadsheets")]
mod sheets;

pub use cell::{parse_date, parse_number, serial_date, Cell};
pub use import::{
    column_letter, import_daily_reports, CellError, ColumnMap, ImportCounts,
    ImportDailyReportsRequest, ImportDailyReportsResponse, ImportedRow, RowStatus, Sheet,
    SheetIssue, SheetSummary,
};
pub use policy::{DailyReportPolicy, FieldKind, FieldSpec, Template, TemplateColumn};
pub use progress::{
    daily_report_progress, DailyReportProgressRequest, DailyReportProgressResponse, DayStatus,
    Reminder, RepProgress, RosterEntry, Submission,
};
#[cfg(feature = "spreadsheets")]
pub use sheets::{sheets_from_csv, sheets_from_xlsx};
