//! The date a report was published or signed: raw text → an ISO date ("2023-03-29"), when the
//! file states one. A web page labels it ("发布时间:2023-03-29 09:12"); a document ends with the
//! signature date on a line of its own ("2023年3月29日", "二〇二三年三月二十九日").

use crate::pattern::static_regex;

use crate::extract::numerals::parse_chinese_integer;

static_regex!(
    /// A labelled date anywhere in the text (Simplified or Traditional label).
    LABELLED = r"(?:发布|發布|成文|印发|印發|发文|發文)(?:时间|時間|日期)\s*[:：]?\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
);

static_regex!(
    /// A line that is only a date, Arabic or Chinese numerals ("2023年3月29日", "二〇二三年三月二十九日").
    SIGNATURE = r"^\s*([0-9〇零一二三四五六七八九]{4})\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月\s*([0-9一二三四五六七八九十]{1,3})\s*日\s*$"
);

/// How many of the last non-empty lines may hold the signature date (links and share buttons of a
/// saved page come after it).
const SIGNATURE_TAIL_LINES: usize = 15;

/// The publication date of a report, from its raw text.
pub fn detect(raw: &str) -> Option<String> {
    if let Some(c) = LABELLED.captures(raw)
        && let Some(date) = iso(&c[1], &c[2], &c[3])
    {
        return Some(date);
    }
    // From the end: only the last lines are looked at, not every line of the file collected.
    raw.lines()
        .rev()
        .filter(|l| !l.trim().is_empty())
        .take(SIGNATURE_TAIL_LINES)
        .filter_map(|line| SIGNATURE.captures(line))
        .find_map(|c| iso(&c[1], &c[2], &c[3]))
}

/// Whether `date` (ISO) is on or before `month`-`day` of the year after `report_year`.
pub fn on_time(date: &str, report_year: i32, month: u32, day: u32) -> bool {
    let deadline = format!("{:04}-{month:02}-{day:02}", report_year + 1);
    date <= deadline.as_str()
}

fn number(token: &str) -> Option<u32> {
    token
        .parse::<u32>()
        .ok()
        .or_else(|| parse_chinese_integer(token).and_then(|n| u32::try_from(n).ok()))
}

fn iso(year: &str, month: &str, day: &str) -> Option<String> {
    let (y, m, d) = (number(year)?, number(month)?, number(day)?);
    ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_pages_and_documents_state_them() {
        let cases = [
            (
                "首页 > 政务公开\n发布时间:2024-03-28 10:05\n某县2023年报告\n正文",
                Some("2024-03-28"),
            ),
            (
                "文章来源:司法局  發布日期:2022/3/9  浏览次数:",
                Some("2022-03-09"),
            ),
            (
                "正文。\n\n某县人民政府\n2023年1月17日\n\n扫一扫在手机上查看",
                Some("2023-01-17"),
            ),
            (
                "正文。\n某区人民政府\n二〇二四年三月二十日",
                Some("2024-03-20"),
            ),
            // A date inside running text is no signature.
            ("2023年3月15日召开常务会议。\n正文。", None),
            ("发布时间:2024-13-40", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(detect(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn on_time_means_by_the_deadline_of_the_next_year() {
        assert!(on_time("2024-04-01", 2023, 4, 1));
        assert!(on_time("2023-12-20", 2023, 4, 1));
        assert!(!on_time("2024-04-02", 2023, 4, 1));
        assert!(!on_time("2025-01-10", 2023, 4, 1));
    }
}
