//! Spreadsheet bytes → [`Sheet`]s (feature `spreadsheets`). Pure: the caller reads the file.
//!
//! - `.xlsx`: every worksheet becomes a sheet named `file#tab`. Cells keep their type: numbers
//!   stay numbers, booleans booleans, and date-formatted cells become `YYYY-MM-DD` text (the
//!   time of day is dropped), so a date never reaches a column as an anonymous serial number.
//!   Error cells (`#DIV/0!`) become their text. Leading empty columns are kept, so column
//!   letters match Excel; leading empty rows are skipped and `header_row` says where the
//!   header is.
//! - `.csv`: UTF-8 (a byte-order mark is dropped), comma-separated, rows of any length; every
//!   non-empty cell is text, empty cells are null.
//!
//! Malformed files give an `invalid_request` error naming the file, never a panic.

use super::cell::Cell;
use super::import::Sheet;
use crate::error::{Error, Result};
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

fn bad_file(name: &str, what: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid_request("", format!("{name:?} is not a readable {what} file: {e}"))
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Null,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::String(s) => Cell::Text(s.clone()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match (i16::try_from(y), i8::try_from(m), i8::try_from(d)) {
                (Ok(y), Ok(m), Ok(d)) => match jiff::civil::Date::new(y, m, d) {
                    Ok(date) => Cell::Text(date.to_string()),
                    Err(_) => Cell::Number(dt.as_f64()),
                },
                _ => Cell::Number(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// Read every worksheet of an `.xlsx` file's bytes; `file` names the sheets (`file#tab`).
pub fn sheets_from_xlsx(file: &str, bytes: &[u8]) -> Result<Vec<Sheet>> {
    // calamine is not ours: a panic on a malformed archive must not cross into the caller.
    let read = std::panic::catch_unwind(|| -> Result<Vec<Sheet>> {
        let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad_file(file, ".xlsx", e))?;
        let mut out = Vec::new();
        for tab in book.sheet_names() {
            let range = book
                .worksheet_range(&tab)
                .map_err(|e| bad_file(file, ".xlsx", e))?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            let pad = col0 as usize;
            let rows: Vec<Vec<Cell>> = range
                .rows()
                .map(|r| {
                    let mut cells = vec![Cell::Null; pad];
                    cells.extend(r.iter().map(cell_of));
                    while cells.last().is_some_and(Cell::is_empty) {
                        cells.pop();
                    }
                    cells
                })
                .collect();
            out.push(Sheet {
                name: format!("{file}#{tab}"),
                rows,
                version: None,
                header_row: (row0 > 0).then_some(row0 as usize + 1),
            });
        }
        Ok(out)
    });
    read.unwrap_or_else(|_| {
        Err(bad_file(
            file,
            ".xlsx",
            "the reader failed on a malformed archive",
        ))
    })
}

/// Read a UTF-8 `.csv` file's bytes into one sheet named `name`.
pub fn sheets_from_csv(name: &str, bytes: &[u8]) -> Result<Vec<Sheet>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.byte_records() {
        let record = record.map_err(|e| bad_file(name, ".csv", e))?;
        let mut cells = Vec::with_capacity(record.len());
        for field in record.iter() {
            let text = std::str::from_utf8(field)
                .map_err(|_| bad_file(name, ".csv", "it is not UTF-8; save it as \"CSV UTF-8\""))?;
            cells.push(if text.trim().is_empty() {
                Cell::Null
            } else {
                Cell::Text(text.to_string())
            });
        }
        rows.push(cells);
    }
    Ok(vec![Sheet {
        name: name.to_string(),
        rows,
        version: None,
        header_row: None,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_and_bom() {
        let s = sheets_from_csv(
            "a.csv",
            "\u{feff}日期,客户\n2026-03-05,华为\n,\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(s[0].rows.len(), 3);
        assert_eq!(s[0].rows[0][0], Cell::Text("日期".into()));
        assert_eq!(s[0].rows[2], vec![Cell::Null, Cell::Null]);
        assert!(sheets_from_csv("b.csv", b"\xff\xfe,1").is_err());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [&b""[..], b"PK\x03\x04garbage", b"not a zip at all"] {
            let e = sheets_from_xlsx("x.xlsx", bytes).unwrap_err();
            assert_eq!(e.code(), "invalid_request");
        }
    }
}
