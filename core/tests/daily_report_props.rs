//! Properties of the daily-report importer: permuting columns changes nothing, every input row
//! is accounted for exactly once, and arbitrary cell grids never panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use salesrules::daily_report::{Cell, ImportDailyReportsRequest, RowStatus, Sheet};
use salesrules::Engine;
use std::collections::BTreeMap;

const HEADERS: [&str; 9] = [
    "日期",
    "销售代表",
    "客户",
    "拜访次数",
    "拜访方式",
    "订单金额(元)",
    "竞品",
    "联系人",
    "下一步",
];

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        Just(Cell::Null),
        Just(Cell::Text(String::new())),
        any::<bool>().prop_map(Cell::Bool),
        (-1000i64..1000).prop_map(|n| Cell::Number(n as f64)),
        (36526u32..73050).prop_map(|n| Cell::Number(f64::from(n))),
        any::<f64>().prop_map(Cell::Number),
        prop::sample::select(vec![
            "2026-03-05",
            "2026/3/5",
            "2026年3月5日",
            "yesterday",
            "华为",
            "比亚迪",
            "alice",
            "bob",
            "visit",
            "拜访",
            "fax",
            "3",
            "1,200.50",
            "about 5k",
            "中兴",
            "王经理",
            "12件",
        ])
        .prop_map(|s| Cell::Text(s.to_string())),
        "\\PC{0,12}".prop_map(Cell::Text),
    ]
}

fn master() -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([
        (
            "customers".to_string(),
            vec!["华为".to_string(), "比亚迪".to_string()],
        ),
        (
            "reps".to_string(),
            vec!["alice".to_string(), "bob".to_string()],
        ),
    ])
}

fn sheet(headers: &[&str], rows: &[Vec<Cell>]) -> Sheet {
    let mut all = vec![headers.iter().map(|h| Cell::Text(h.to_string())).collect()];
    all.extend(rows.iter().cloned());
    Sheet {
        name: "s".into(),
        rows: all,
        version: None,
        header_row: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn permuting_columns_gives_the_same_rows_and_errors(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 9), 0..8),
        perm in Just((0..9).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        let engine = Engine::default();
        let a = engine.import_daily_reports(&ImportDailyReportsRequest {
            sheets: vec![sheet(&HEADERS, &rows)], master_data: master(),
        }).unwrap();
        let headers: Vec<&str> = perm.iter().map(|&i| HEADERS[i]).collect();
        let permuted: Vec<Vec<Cell>> = rows.iter().map(|r| perm.iter().map(|&i| r[i].clone()).collect()).collect();
        let b = engine.import_daily_reports(&ImportDailyReportsRequest {
            sheets: vec![sheet(&headers, &permuted)], master_data: master(),
        }).unwrap();
        prop_assert_eq!(&a.rows, &b.rows);
        prop_assert_eq!(&a.counts, &b.counts);
        // The same cells fail with the same codes (columns move, fields do not).
        let key = |r: &salesrules::daily_report::ImportDailyReportsResponse| {
            let mut v: Vec<_> = r.errors.iter().map(|e| (e.row, e.field.clone(), e.code.clone(), e.likely_field.clone())).collect();
            v.sort();
            v
        };
        prop_assert_eq!(key(&a), key(&b));
        // Errors point at the column that holds the field in this sheet.
        for e in &b.errors {
            if let Some(col) = &e.column {
                let header = &e.header;
                let mapped = b.sheets[0].columns.iter().find(|c| &c.column == col).unwrap();
                prop_assert_eq!(mapped.field.as_deref(), Some(e.field.as_str()));
                prop_assert_eq!(Some(&mapped.header), header.as_ref());
            }
        }
    }

    #[test]
    fn every_row_is_accounted_for_and_nothing_panics(
        headers in proptest::collection::vec(cell(), 0..12),
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..14), 0..10),
        with_master in any::<bool>(),
    ) {
        let mut all = vec![headers];
        all.extend(rows.iter().cloned());
        let request = ImportDailyReportsRequest {
            sheets: vec![Sheet { name: "fuzz".into(), rows: all, version: None, header_row: None }],
            master_data: if with_master { master() } else { BTreeMap::new() },
        };
        let r = Engine::default().import_daily_reports(&request).unwrap();
        prop_assert_eq!(r.rows.len(), rows.len());
        prop_assert_eq!(r.counts.input_rows, rows.len());
        prop_assert_eq!(r.counts.imported + r.counts.rejected + r.counts.blank, rows.len());
        for (i, row) in r.rows.iter().enumerate() {
            prop_assert_eq!(row.row, i + 2);
            let errs = r.errors.iter().filter(|e| e.row == row.row).count();
            match row.status {
                RowStatus::Ok | RowStatus::Blank => prop_assert_eq!(errs, 0),
                RowStatus::Rejected => prop_assert!(errs > 0),
            }
        }
        // Every non-empty input cell is either a mapped field's value, an error, or an extra.
        for (i, row) in rows.iter().enumerate() {
            let out = &r.rows[i];
            for (ci, c) in row.iter().enumerate() {
                if c.is_empty() { continue; }
                let col = salesrules::daily_report::column_letter(ci);
                let mapped = r.sheets[0].columns.get(ci).and_then(|m| m.field.clone());
                let kept = match &mapped {
                    Some(f) => out.values.get(f).is_some_and(Option::is_some)
                        || r.errors.iter().any(|e| e.row == out.row && e.column.as_deref() == Some(col.as_str())),
                    None => out.extra.values().any(|v| v.display() == c.display()),
                };
                prop_assert!(kept, "cell {col}{} = {c:?} lost", out.row);
            }
        }
        // The response serialises (no NaN trouble) and the JSON contract accepts the request.
        let json = serde_json::to_string(&request).unwrap();
        let _ = Engine::default().call("import_daily_reports", &json);
    }
}

mod progress {
    use proptest::prelude::*;
    use salesrules::daily_report::{
        DailyReportProgressRequest, DayStatus, RosterEntry, Submission,
    };
    use salesrules::time::Instant;
    use salesrules::Engine;

    // Unix seconds of 2026-03-01T00:00:00+08:00.
    const MARCH_1: i64 = 1_772_294_400;

    fn at(secs: i64) -> Instant {
        Instant::from_unix(secs, 8 * 3600).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn matrix_and_reminders_agree_with_the_log(
            subs in proptest::collection::vec((0usize..4, 0i64..31, 0i64..(2 * 86_400)), 0..60),
            as_of in 0i64..(32 * 86_400),
            rday in 0i64..31,
        ) {
            let reps = ["a", "b", "c", "d"];
            let day = |d: i64| format!("2026-03-{:02}", d + 1);
            let request = DailyReportProgressRequest {
                month: "2026-03".into(),
                as_of: at(MARCH_1 + as_of),
                roster: reps.iter().map(|r| RosterEntry { rep: r.to_string(), team: None }).collect(),
                submissions: subs.iter().map(|(r, d, t)| Submission {
                    rep: reps[*r].into(), date: day(*d), submitted_at: at(MARCH_1 + d * 86_400 + t),
                }).collect(),
                reminder_date: Some(day(rday)),
            };
            let r = Engine::default().daily_report_progress(&request).unwrap();
            prop_assert_eq!(r.dates.len(), 31);
            let deadline = |d: i64| MARCH_1 + d * 86_400 + 20 * 3600;
            for (ri, line) in r.reps.iter().enumerate() {
                prop_assert_eq!(line.days.len(), 31);
                for (d, status) in line.days.iter().enumerate() {
                    let d = d as i64;
                    let first = subs.iter()
                        .filter(|(x, sd, t)| *x == ri && *sd == d && d * 86_400 + t <= as_of)
                        .map(|(_, sd, t)| MARCH_1 + sd * 86_400 + t)
                        .min();
                    let expected = match first {
                        Some(t) if t <= deadline(d) => DayStatus::OnTime,
                        Some(_) => DayStatus::Late,
                        None if !r.expected[d as usize] => DayStatus::Off,
                        None if MARCH_1 + as_of >= deadline(d) + 7200 => DayStatus::Missing,
                        None => DayStatus::Pending,
                    };
                    prop_assert_eq!(*status, expected, "rep {} day {}", ri, d);
                }
            }
            if r.reminder.expected {
                for (ri, rep) in reps.iter().enumerate() {
                    let in_time = subs.iter().any(|(x, sd, t)| {
                        *x == ri && *sd == rday && rday * 86_400 + t <= as_of
                            && MARCH_1 + rday * 86_400 + t <= deadline(rday) + 7200
                    });
                    prop_assert_eq!(r.reminder.reps.iter().any(|x| x == rep), !in_time);
                }
            } else {
                prop_assert!(r.reminder.reps.is_empty());
            }
        }
    }
}
