//! Finds the numbers in a (punctuation-folded) sentence: Arabic (1,204 · 6.8 · 1.2万) and Chinese
//! (二十六 · 两 · 百分之九十五) numerals, ranges (10-20件, 10至20件), approximations (余/多 after,
//! 近/逾/约/超过 before), and the unit as written (the units are `assets/units.toml`). Dates and
//! times are not numbers here.

use super::numerals::{is_numeral_char, parse_chinese_integer};
use crate::model::Qualifier;
use crate::tables::tables;

#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// Char index where the number (or its 近/约 marker) starts.
    pub start: usize,
    /// Char index just past the unit.
    pub end: usize,
    pub value: f64,
    /// Upper bound of a range ("10-20件").
    pub max: Option<f64>,
    /// Unit as written, scale included ("万户", "%", "件").
    pub unit: String,
    /// 近/约… before, 余/多 after, as written; empty for an exact number.
    pub qualifier: Qualifier,
}

const APPROX_BEFORE: [&str; 6] = ["超过", "大约", "近", "逾", "约", "超"];

pub fn find_numbers(chars: &[char]) -> Vec<Number> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let found = if starts_with(chars, i, "百分之") {
            percent_words(chars, i)
        } else if chars[i].is_ascii_digit() && (i == 0 || !is_word_char(chars[i - 1])) {
            arabic(chars, i)
        } else if is_numeral_char(chars[i]) && (i == 0 || !is_numeral_char(chars[i - 1])) {
            chinese(chars, i)
        } else {
            None
        };
        match found {
            Some((next, Some(n))) => {
                out.push(n);
                i = next;
            }
            Some((next, None)) => i = next.max(i + 1),
            None => i += 1,
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '_'
}

/// Called at every char of every sentence (for 百分之) and for each unit: compare as we go and
/// stop at the first difference instead of counting `s` first.
fn starts_with(chars: &[char], at: usize, s: &str) -> bool {
    let mut rest = chars.get(at..).unwrap_or_default().iter();
    s.chars().all(|c| rest.next() == Some(&c))
}

/// Reads digits with thousands separators and a decimal part; returns (value, next index).
fn read_arabic(chars: &[char], mut i: usize) -> Option<(f64, usize)> {
    let mut s = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            s.push(c);
        } else if c == ','
            && chars
                .get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
            && !s.is_empty()
        {
            // thousands separator: skip it
        } else if c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit) && !s.contains('.')
        {
            s.push('.');
        } else {
            break;
        }
        i += 1;
    }
    s.parse().ok().map(|v| (v, i))
}

fn read_chinese(chars: &[char], mut i: usize) -> Option<(f64, usize)> {
    let start = i;
    while i < chars.len() && is_numeral_char(chars[i]) {
        i += 1;
    }
    let token: String = chars[start..i].iter().collect();
    parse_chinese_integer(&token).map(|v| (v as f64, i))
}

/// After the number: optional scale (万/亿/千), 余/多, then a unit.
fn read_tail(chars: &[char], mut i: usize) -> (String, String, usize) {
    let mut unit = String::new();
    let mut after = String::new();
    if let Some(&c) = chars.get(i)
        && matches!(c, '万' | '亿' | '千')
    {
        unit.push(c);
        i += 1;
    }
    if let Some(&c) = chars.get(i)
        && matches!(c, '余' | '多')
    {
        after.push(c);
        i += 1;
    }
    let units = &tables().units;
    for u in units.count.iter().chain(&units.date) {
        if starts_with(chars, i, u) {
            unit.push_str(u);
            i += u.chars().count();
            break;
        }
    }
    (unit, after, i)
}

/// The marker right before `start` and where it starts.
fn approx_before(chars: &[char], start: usize) -> Option<(&'static str, usize)> {
    APPROX_BEFORE.iter().find_map(|m| {
        let n = m.chars().count();
        (start >= n && starts_with(chars, start - n, m)).then(|| (*m, start - n))
    })
}

fn qualifier(before: Option<(&str, usize)>, after: String) -> Qualifier {
    Qualifier {
        before: before.map(|b| b.0.to_string()).unwrap_or_default(),
        after,
    }
}

type Found = Option<(usize, Option<Number>)>;

fn arabic(chars: &[char], start: usize) -> Found {
    let (value, mut i) = read_arabic(chars, start)?;
    // Dates and times: 2017-12-20, 2017.12, 10:24, 2017/12.
    if let Some(&c) = chars.get(i)
        && matches!(c, ':' | '/' | '：')
        && chars.get(i + 1).is_some_and(char::is_ascii_digit)
    {
        return Some((skip_digits_and(chars, i), None));
    }
    let mut max = None;
    if let Some(&c) = chars.get(i)
        && matches!(c, '-' | '—' | '~' | '～' | '至' | '到')
        && chars.get(i + 1).is_some_and(char::is_ascii_digit)
    {
        let (hi, j) = read_arabic(chars, i + 1)?;
        if value >= 1000.0 && chars.get(j) == Some(&'-') {
            return Some((skip_digits_and(chars, j), None)); // 2017-12-20
        }
        max = Some(hi);
        i = j;
    }
    finish(chars, start, value, max, i)
}

fn skip_digits_and(chars: &[char], mut i: usize) -> usize {
    while i < chars.len()
        && (chars[i].is_ascii_digit() || matches!(chars[i], ':' | '-' | '/' | '.'))
    {
        i += 1;
    }
    i
}

fn chinese(chars: &[char], start: usize) -> Found {
    // 第三 is an ordinal; 一是/二要 are list markers; numerals inside quoted names (三项制度) stay text
    // only when no unit follows, which `finish` checks.
    if start > 0 && chars[start - 1] == '第' {
        return None;
    }
    let (value, i) = read_chinese(chars, start)?;
    // A lone 一 with a measure word is an article ("一个", "一次"), not a count worth keeping.
    if value < 2.0 && i - start == 1 {
        return None;
    }
    let found = finish(chars, start, value, None, i)?;
    match found {
        (next, Some(n)) if !n.unit.is_empty() && n.unit != "万" && n.unit != "亿" => {
            Some((next, Some(n)))
        }
        _ => None,
    }
}

fn percent_words(chars: &[char], start: usize) -> Found {
    let at = start + 3;
    let (value, i) = if chars.get(at).is_some_and(char::is_ascii_digit) {
        read_arabic(chars, at)?
    } else {
        read_chinese(chars, at)?
    };
    let before = approx_before(chars, start);
    Some((
        i,
        Some(Number {
            start: before.map_or(start, |b| b.1),
            end: i,
            value,
            max: None,
            unit: "%".into(),
            qualifier: qualifier(before, String::new()),
        }),
    ))
}

fn finish(chars: &[char], start: usize, value: f64, max: Option<f64>, i: usize) -> Found {
    let (unit, after, end) = read_tail(chars, i);
    if tables()
        .units
        .date
        .iter()
        .any(|d| unit.ends_with(d.as_str()))
        || unit.is_empty()
    {
        return Some((end, None));
    }
    let before = approx_before(chars, start);
    Some((
        end,
        Some(Number {
            start: before.map_or(start, |b| b.1),
            end,
            value,
            max,
            unit,
            qualifier: qualifier(before, after),
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (value, unit, the qualifier as before…after).
    fn find(text: &str) -> Vec<(f64, String, String)> {
        let chars: Vec<char> = text.chars().collect();
        find_numbers(&chars)
            .into_iter()
            .map(|n| {
                let q = n.qualifier;
                let written = if q.is_empty() {
                    String::new()
                } else {
                    format!("{}…{}", q.before, q.after)
                };
                (n.value, n.unit, written)
            })
            .collect()
    }

    #[test]
    fn case_table() {
        let cases: [(&str, f64, &str, &str); 21] = [
            ("收到复议申请26件", 26.0, "件", ""),
            ("纠错率6.8%", 6.8, "%", ""),
            ("新增1.2万户", 1.2, "万户", ""),
            ("评查案卷700余份", 700.0, "份", "…余"),
            ("完成人民调解7500余件", 7500.0, "件", "…余"),
            ("换发行政执法证1,204本", 1204.0, "本", ""),
            ("共二十六件", 26.0, "件", ""),
            ("两个", 2.0, "个", ""),
            ("达到百分之九十五", 95.0, "%", ""),
            ("近450份文件", 450.0, "份", "近…"),
            ("逾3000人次", 3000.0, "人次", "逾…"),
            ("投入93.32亿元", 93.32, "亿元", ""),
            ("接受法律咨询417次", 417.0, "次", ""),
            ("40多家企业", 40.0, "家", "…多"),
            ("培训达120余次", 120.0, "次", "…余"),
            ("为18名借调人员", 18.0, "名", ""),
            ("约120次", 120.0, "次", "约…"),
            ("新增1.2万余户", 1.2, "万户", "…余"),
            ("超过2亿元", 2.0, "亿元", "超过…"),
            ("近百分之九十", 90.0, "%", "近…"),
            ("约700余份", 700.0, "份", "约…余"),
        ];
        for (text, value, unit, qualifier) in cases {
            assert_eq!(
                find(text),
                vec![(value, unit.to_string(), qualifier.to_string())],
                "{text}"
            );
        }
    }

    #[test]
    fn dates_ordinals_and_names_are_not_numbers() {
        for text in [
            "2019年,我区",
            "发布日期:2017-12-20 10:01:15",
            "第三次",
            "一是坚持",
            "十九届四中全会",
            "一个",
            "截至11月底",
            "纲要(2015-2020年)",
        ] {
            assert_eq!(find(text), vec![], "{text}");
        }
    }

    #[test]
    fn ranges_keep_both_ends() {
        let chars: Vec<char> = "处罚10-20件".chars().collect();
        let n = &find_numbers(&chars)[0];
        assert_eq!((n.value, n.max, n.unit.as_str()), (10.0, Some(20.0), "件"));
    }
}
