//! Numbers written with Arabic digits (`72`, `95.5`, `1,000`) or Chinese numerals (`七十二`,
//! `两`, `十五`, `二〇二六`). Approximate numerals (`十几`, `二十多`, `几`) are not numbers.

/// A number found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Number {
    /// The value as a plain decimal string (`72`, `95.5`).
    pub value: String,
    /// Integer part, when it fits (used for dates).
    pub int: Option<u64>,
    /// Byte offset just past the number.
    pub end: usize,
    /// Whether it was written in Arabic digits.
    pub arabic: bool,
    /// Count of Arabic digits (a four-digit number can be a year).
    pub digits: usize,
}

/// Characters that make a preceding numeral approximate: `十几`, `二十多`, `三十余`, `十来`.
const APPROXIMATE: [char; 4] = ['几', '多', '余', '来'];

/// The characters other than ASCII digits that can start a number.
pub(crate) const CHINESE_NUMBER_STARTS: [char; 15] = [
    '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千',
];

/// Whether `c` can start a number.
pub(crate) fn starts_number(c: char) -> bool {
    c.is_ascii_digit() || chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千')
}

fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        _ => return None,
    })
}

/// Parse the number starting at byte `at` of `s`, if any.
pub(crate) fn parse_number(s: &str, at: usize) -> Option<Number> {
    let rest = s.get(at..)?;
    let first = rest.chars().next()?;
    let n = if first.is_ascii_digit() {
        parse_arabic(rest)
    } else {
        parse_chinese(rest)
    }?;
    // Not the tail of a longer number, and not approximate.
    let before = s.get(..at).and_then(|b| b.chars().next_back());
    if before.is_some_and(|c| c.is_ascii_digit() || (!n.arabic && starts_number(c))) {
        return None;
    }
    let after = rest.get(n.end..).and_then(|r| r.chars().next());
    if after.is_some_and(|c| APPROXIMATE.contains(&c)) {
        return None;
    }
    Some(Number {
        end: at + n.end,
        ..n
    })
}

fn parse_arabic(s: &str) -> Option<Number> {
    let bytes = s.as_bytes();
    let mut end = 0;
    let mut digits = String::new();
    let mut count = 0;
    while let Some(&b) = bytes.get(end) {
        if b.is_ascii_digit() {
            digits.push(b as char);
            count += 1;
            end += 1;
        } else if b == b',' && count > 0 && three_digits_follow(bytes, end + 1) {
            end += 1;
        } else {
            break;
        }
    }
    let int = if count <= 18 {
        digits.parse::<u64>().ok()
    } else {
        None
    };
    let mut value = digits.trim_start_matches('0').to_string();
    if value.is_empty() {
        value.push('0');
    }
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        let mut frac = String::new();
        end += 1;
        while let Some(&b) = bytes.get(end).filter(|b| b.is_ascii_digit()) {
            frac.push(b as char);
            end += 1;
        }
        let frac = frac.trim_end_matches('0');
        if !frac.is_empty() {
            value.push('.');
            value.push_str(frac);
        }
    }
    Some(Number {
        value,
        int,
        end,
        arabic: true,
        digits: count,
    })
}

fn three_digits_follow(bytes: &[u8], at: usize) -> bool {
    (at..at + 3).all(|i| bytes.get(i).is_some_and(u8::is_ascii_digit))
        && !bytes.get(at + 3).is_some_and(u8::is_ascii_digit)
}

/// `七十二` = 72, `十五` = 15, `两` = 2, `一百零五` = 105, `二〇二六` = 2026 (digit by digit).
fn parse_chinese(s: &str) -> Option<Number> {
    let mut end = 0;
    let mut chars = Vec::new();
    for (i, c) in s.char_indices() {
        if chinese_digit(c).is_none() && chinese_unit(c).is_none() {
            break;
        }
        if chars.len() >= 12 {
            return None;
        }
        chars.push(c);
        end = i + c.len_utf8();
    }
    if chars.is_empty() {
        return None;
    }
    let positional = chars.iter().all(|&c| chinese_unit(c).is_none()) && chars.len() > 1;
    let value = if positional {
        chars.iter().try_fold(0u64, |acc, &c| {
            acc.checked_mul(10)?.checked_add(chinese_digit(c)?)
        })?
    } else {
        let (mut total, mut section, mut digit) = (0u64, 0u64, 0u64);
        for &c in &chars {
            if let Some(d) = chinese_digit(c) {
                digit = d;
            } else if let Some(unit) = chinese_unit(c) {
                if unit == 10_000 {
                    section = section.checked_add(digit)?;
                    total = total.checked_add(section.checked_mul(unit)?)?;
                    section = 0;
                } else {
                    let d = if digit == 0 { 1 } else { digit };
                    section = section.checked_add(d.checked_mul(unit)?)?;
                }
                digit = 0;
            }
        }
        total.checked_add(section)?.checked_add(digit)?
    };
    Some(Number {
        value: value.to_string(),
        int: Some(value),
        end,
        arabic: false,
        digits: if positional { chars.len() } else { 0 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<String> {
        parse_number(s, 0).map(|n| n.value)
    }

    #[test]
    fn the_number_starts_are_listed() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let listed = c.is_ascii_digit() || CHINESE_NUMBER_STARTS.contains(&c);
            assert_eq!(starts_number(c), listed, "{c:?}");
        }
    }

    #[test]
    fn chinese_numerals_read_as_written() {
        assert_eq!(value("七十二小时").as_deref(), Some("72"));
        assert_eq!(value("十五天").as_deref(), Some("15"));
        assert_eq!(value("两天").as_deref(), Some("2"));
        assert_eq!(value("三天").as_deref(), Some("3"));
        assert_eq!(value("一百零五件").as_deref(), Some("105"));
        assert_eq!(value("二〇二六年").as_deref(), Some("2026"));
        assert_eq!(value("三万五千").as_deref(), Some("35000"));
    }

    #[test]
    fn approximate_numerals_are_not_numbers() {
        assert_eq!(value("十几天"), None);
        assert_eq!(value("二十多件"), None);
        assert_eq!(value("几天"), None);
    }

    #[test]
    fn arabic_numbers_with_groups_and_decimals() {
        assert_eq!(value("1,000件").as_deref(), Some("1000"));
        assert_eq!(value("95.50%").as_deref(), Some("95.5"));
        assert_eq!(value("007").as_deref(), Some("7"));
    }
}
