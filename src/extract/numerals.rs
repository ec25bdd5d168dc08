//! Chinese numerals → numbers: 二十六 → 26, 两 → 2, 三千五百 → 3500, 一万二 → 12000 (spoken
//! short form), 九十五 → 95, 〇/零 as digits (二〇一九 → 2019).

fn digit(c: char) -> Option<u64> {
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

fn small_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

pub fn is_numeral_char(c: char) -> bool {
    digit(c).is_some() || small_unit(c).is_some() || c == '万' || c == '亿'
}

/// Parse a whole token of Chinese numeral characters; None when it is not a well-formed number.
pub fn parse_chinese_integer(token: &str) -> Option<u64> {
    let chars: Vec<char> = token.chars().collect();
    if chars.is_empty() || !chars.iter().all(|&c| is_numeral_char(c)) {
        return None;
    }
    // Positional digits only (二〇一九): read as a digit string. Checked: a run of digits in
    // running text can be longer than any number.
    if (chars.len() >= 3 || chars.contains(&'〇')) && chars.iter().all(|&c| digit(c).is_some()) {
        return chars
            .iter()
            .try_fold(0u64, |acc, &c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let mut total: u64 = 0; // completed 亿 groups
    let mut wan: u64 = 0; // the completed 万 group under the current 亿
    let mut section: u64 = 0; // within the current 万 group
    let mut pending: Option<u64> = None; // a digit waiting for its unit
    let mut last_unit = 1u64;
    for &c in &chars {
        if let Some(d) = digit(c) {
            if pending.is_some_and(|p| p != 0) && d != 0 {
                return None; // two digits in a row ("一二") is no number
            }
            pending = Some(d);
        } else if let Some(u) = small_unit(c) {
            let d = pending.take().unwrap_or(1); // 十二 = 一十二
            section = section.checked_add(d * u)?;
            last_unit = u;
        } else {
            section = section.checked_add(pending.take().unwrap_or(0))?;
            if c == '万' {
                // 一亿二千万: the 万 group counts under the 亿 before it, not times it.
                wan = wan.checked_add(section.max(1).checked_mul(10_000)?)?;
                last_unit = 10_000;
            } else {
                let group = wan.checked_add(section)?.max(1);
                total = total.checked_add(group)?.checked_mul(100_000_000)?;
                wan = 0;
                last_unit = 100_000_000;
            }
            section = 0;
        }
    }
    if let Some(d) = pending {
        // 一万二 = 12000, 三百五 = 350: a trailing digit counts in the next smaller unit.
        let scale =
            if last_unit >= 10 && chars.len() >= 3 && digit(chars[chars.len() - 2]).is_none() {
                last_unit / 10
            } else {
                1
            };
        section = section.checked_add(d.checked_mul(scale.max(1))?)?;
    }
    total.checked_add(wan)?.checked_add(section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_chinese_numerals() {
        let cases = [
            ("一", 1),
            ("两", 2),
            ("十", 10),
            ("十二", 12),
            ("二十六", 26),
            ("九十五", 95),
            ("一百", 100),
            ("一百零五", 105),
            ("三千五百", 3500),
            ("一万", 10_000),
            ("一万二千", 12_000),
            ("十二万", 120_000),
            ("三亿", 300_000_000),
            ("二〇一九", 2019),
            ("一万二", 12_000),
        ];
        for (text, want) in cases {
            assert_eq!(parse_chinese_integer(text), Some(want), "{text}");
        }
        assert_eq!(parse_chinese_integer("一二"), None);
        assert_eq!(parse_chinese_integer("是"), None);
    }
}
