//! Deadlines: absolute dates (`2026-03-05`, `3月5日`, `三月五日`, "March 5", "5 Mar"),
//! weekdays (`周五下班前`, `下周三`, "by Friday"), relative days (`明天`, "tomorrow"), with their
//! markers (`前`, `之前`, `以前`, `为止`, `最迟`, `不晚于`, `截至`, "by", "before"). Blurred ones
//! (`年底前`, `近期`, "soon") are reported as not concrete; past references (`上周`, `去年`,
//! "last week") are skipped.

use crate::semantic::cursor::{char_at, longest_after_spaces, longest_at, skip_spaces, word_at};
use crate::semantic::numerals::parse_number;
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

/// A deadline found in normalised text (byte offsets into it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawDeadline {
    pub start: usize,
    pub end: usize,
    pub date: Option<Date>,
    pub concrete: bool,
}

/// What the deadline reader found at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DeadlineRead {
    /// A deadline.
    Found(RawDeadline),
    /// A past reference, to be skipped up to this offset.
    Skip(usize),
}

const MARK_BEFORE: [&str; 13] = [
    "最迟",
    "最晚",
    "不晚于",
    "截至",
    "截止到",
    "截止",
    "by",
    "before",
    "no later than",
    "not later than",
    "until",
    "on or before",
    "due",
];
const MARK_AFTER: [&str; 8] = [
    "下班前",
    "中午前",
    "之前",
    "以前",
    "前",
    "为止",
    "截止",
    "eod",
];
const BLURRED: [&str; 20] = [
    "年底",
    "年末",
    "月底",
    "月末",
    "近期",
    "近日",
    "日后",
    "下个月",
    "下月",
    "年内",
    "季度末",
    "soon",
    "later",
    "end of the month",
    "end of the year",
    "end of month",
    "end of year",
    "next month",
    "in the near future",
    "year-end",
];
const PAST: [&str; 12] = [
    "上周",
    "上个月",
    "上月",
    "去年",
    "昨天",
    "前天",
    "上星期",
    "last week",
    "last month",
    "last year",
    "yesterday",
    "previously",
];
const MONTHS: [(&str, i8); 24] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];
const WEEKDAYS_EN: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];
const RELATIVE: [(&str, i64); 8] = [
    ("今天", 0),
    ("今日", 0),
    ("明天", 1),
    ("明日", 1),
    ("后天", 2),
    ("today", 0),
    ("tonight", 0),
    ("tomorrow", 1),
];

/// How a day was named, before it is resolved against the reference date.
#[derive(Clone, Copy)]
enum Day {
    Full(Date),
    YearlessDate(i8, i8),
    Weekday { weekday: Weekday, next_week: bool },
    Relative(i64),
}

/// Read a deadline starting at `at` (a marker or the date itself).
pub(crate) fn read(s: &str, at: usize, reference: Option<Date>) -> Option<DeadlineRead> {
    if let Some((end, _)) = longest_at(s, at, PAST) {
        return Some(DeadlineRead::Skip(end));
    }
    // Markers may stack: `最迟不晚于三月五日`.
    let mut core_at = at;
    for _ in 0..2 {
        if let Some((end, _)) = longest_at(s, core_at, MARK_BEFORE) {
            core_at = skip_spaces(s, end);
        }
    }
    let core_at = word_at(s, core_at, "the").map_or(core_at, |e| skip_spaces(s, e));
    let (day, end) = match read_day(s, core_at) {
        Some(found) => found,
        None => {
            let (end, _) = longest_at(s, core_at, BLURRED)?;
            let end = longest_after_spaces(s, end, MARK_AFTER).map_or(end, |m| m.0);
            return Some(DeadlineRead::Found(RawDeadline {
                start: at,
                end,
                date: None,
                concrete: false,
            }));
        }
    };
    let end = longest_after_spaces(s, end, MARK_AFTER).map_or(end, |m| m.0);
    let date = match (day, reference) {
        (Day::Full(d), _) => Some(d),
        (day, Some(r)) => resolve(day, r),
        (_, None) => None,
    };
    Some(DeadlineRead::Found(RawDeadline {
        start: at,
        end,
        date,
        concrete: true,
    }))
}

fn resolve(day: Day, reference: Date) -> Option<Date> {
    match day {
        Day::Full(d) => Some(d),
        Day::YearlessDate(m, d) => {
            let this_year = Date::new(reference.year(), m, d).ok();
            match this_year {
                Some(date) if date >= reference => Some(date),
                _ => Date::new(reference.year().checked_add(1)?, m, d).ok(),
            }
        }
        Day::Weekday { weekday, next_week } => {
            let today = i64::from(reference.weekday().to_monday_zero_offset());
            let target = i64::from(weekday.to_monday_zero_offset());
            let ahead = if next_week {
                7 - today + target
            } else {
                (target - today).rem_euclid(7)
            };
            reference.checked_add(ahead.days()).ok()
        }
        Day::Relative(n) => reference.checked_add(n.days()).ok(),
    }
}

fn read_day(s: &str, at: usize) -> Option<(Day, usize)> {
    read_numeric_date(s, at)
        .or_else(|| read_english_month_first(s, at))
        .or_else(|| read_weekday(s, at))
        .or_else(|| {
            let (end, i) = longest_at(s, at, RELATIVE.iter().map(|r| r.0))?;
            Some((Day::Relative(RELATIVE.get(i)?.1), end))
        })
}

fn small(n: u64, max: u64) -> Option<i8> {
    (1..=max)
        .contains(&n)
        .then(|| i8::try_from(n).ok())
        .flatten()
}

/// `2026-03-05`, `2026/3/5`, `2026年3月5日`, `3月5日`, `三月五号`, `5 March`, `5th Mar`.
fn read_numeric_date(s: &str, at: usize) -> Option<(Day, usize)> {
    let first = parse_number(s, at)?;
    let int = first.int?;
    let is_year = first.digits == 4;
    // ISO-like with a separator.
    if is_year && first.arabic {
        if let Some(sep) = char_at(s, first.end).filter(|c| matches!(c, '-' | '/' | '.')) {
            let m = parse_number(s, first.end + 1).filter(|n| n.arabic)?;
            let sep_len = sep.len_utf8();
            if char_at(s, m.end) != Some(sep) {
                return None;
            }
            let d = parse_number(s, m.end + sep_len).filter(|n| n.arabic && n.digits <= 2)?;
            let date = Date::new(
                i16::try_from(int).ok()?,
                small(m.int?, 12)?,
                small(d.int?, 31)?,
            )
            .ok()?;
            return Some((Day::Full(date), d.end));
        }
    }
    if is_year && char_at(s, first.end) == Some('年') {
        let (day, end) = month_day(s, first.end + '年'.len_utf8())?;
        let Day::YearlessDate(m, d) = day else {
            return None;
        };
        let date = Date::new(i16::try_from(int).ok()?, m, d).ok()?;
        return Some((Day::Full(date), end));
    }
    if let Some(found) = month_day(s, at) {
        return Some(found);
    }
    // "5 March", "5th Mar"
    if first.arabic {
        let mut end = first.end;
        for suffix in ["st", "nd", "rd", "th"] {
            if let Some(e) = s
                .get(end..end + 2)
                .filter(|p| p.eq_ignore_ascii_case(suffix))
            {
                end += e.len();
                break;
            }
        }
        let (month_end, i) = longest_at(s, skip_spaces(s, end), MONTHS.iter().map(|m| m.0))?;
        if skip_spaces(s, end) == end {
            return None;
        }
        let m = MONTHS.get(i)?.1;
        let d = small(int, 31)?;
        Date::new(2024, m, d).ok()?;
        return Some((Day::YearlessDate(m, d), month_end));
    }
    None
}

/// `3月5日`, `三月五号`.
fn month_day(s: &str, at: usize) -> Option<(Day, usize)> {
    let m = parse_number(s, at)?;
    if char_at(s, m.end) != Some('月') {
        return None;
    }
    let d = parse_number(s, m.end + '月'.len_utf8())?;
    let marker = char_at(s, d.end).filter(|c| matches!(c, '日' | '号'))?;
    let (m, d_value) = (small(m.int?, 12)?, small(d.int?, 31)?);
    Date::new(2024, m, d_value).ok()?;
    Some((Day::YearlessDate(m, d_value), d.end + marker.len_utf8()))
}

/// "March 5", "Mar 5th", "March 5, 2026".
fn read_english_month_first(s: &str, at: usize) -> Option<(Day, usize)> {
    let (end, i) = longest_at(s, at, MONTHS.iter().map(|m| m.0))?;
    let m = MONTHS.get(i)?.1;
    let day_at = skip_spaces(s, end);
    if day_at == end {
        return None;
    }
    let d = parse_number(s, day_at).filter(|n| n.arabic && n.digits <= 2)?;
    let day = small(d.int?, 31)?;
    let mut day_end = d.end;
    for suffix in ["st", "nd", "rd", "th"] {
        if s.get(day_end..day_end + 2)
            .is_some_and(|p| p.eq_ignore_ascii_case(suffix))
        {
            day_end += 2;
            break;
        }
    }
    // An optional year: "March 5, 2026".
    let after_comma = s
        .get(day_end..)
        .filter(|r| r.starts_with(','))
        .map(|_| skip_spaces(s, day_end + 1));
    if let Some(year_at) = after_comma {
        if let Some(y) = parse_number(s, year_at).filter(|n| n.arabic && n.digits == 4) {
            let date = Date::new(i16::try_from(y.int?).ok()?, m, day).ok()?;
            return Some((Day::Full(date), y.end));
        }
    }
    Date::new(2024, m, day).ok()?;
    Some((Day::YearlessDate(m, day), day_end))
}

/// `周五`, `星期三`, `下周三`, `本周五`, "Friday", "next Wednesday", "this Friday".
fn read_weekday(s: &str, at: usize) -> Option<(Day, usize)> {
    let (next_week, rest) = match longest_at(s, at, ["下周", "下星期", "下礼拜", "下个星期"])
    {
        Some((end, _)) => (true, end),
        None => match longest_at(s, at, ["本周", "这周", "周", "星期", "礼拜"]) {
            Some((end, _)) => (false, end),
            None => return read_english_weekday(s, at),
        },
    };
    let c = char_at(s, rest)?;
    let weekday = match c {
        '一' => Weekday::Monday,
        '二' => Weekday::Tuesday,
        '三' => Weekday::Wednesday,
        '四' => Weekday::Thursday,
        '五' => Weekday::Friday,
        '六' => Weekday::Saturday,
        '日' | '天' => Weekday::Sunday,
        _ => return None,
    };
    Some((Day::Weekday { weekday, next_week }, rest + c.len_utf8()))
}

fn read_english_weekday(s: &str, at: usize) -> Option<(Day, usize)> {
    let (next_week, day_at) = if let Some(e) = word_at(s, at, "next") {
        (true, skip_spaces(s, e))
    } else if let Some(e) = word_at(s, at, "this") {
        (false, skip_spaces(s, e))
    } else {
        (false, at)
    };
    let (end, i) = longest_at(s, day_at, WEEKDAYS_EN.iter().map(|w| w.0))?;
    let weekday = WEEKDAYS_EN.get(i)?.1;
    Some((Day::Weekday { weekday, next_week }, end))
}

/// Every word a deadline can start with (for the reader's first-character filter).
pub(crate) fn cue_words() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    words.extend(MARK_BEFORE);
    words.extend(BLURRED);
    words.extend(PAST);
    words.extend(MONTHS.iter().map(|m| m.0));
    words.extend(WEEKDAYS_EN.iter().map(|w| w.0));
    words.extend(RELATIVE.iter().map(|r| r.0));
    words.extend([
        "下周",
        "下星期",
        "下礼拜",
        "下个星期",
        "本周",
        "这周",
        "周",
        "星期",
        "礼拜",
    ]);
    words.extend(["next", "this", "the"]);
    words
}
