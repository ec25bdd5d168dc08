//! Metadata: the region and the year a report is about, from its title, its first lines and how it
//! names itself (我区/我市/我县); the region itself is resolved in `region`.

use crate::pattern::static_regex;
use std::collections::HashMap;

pub use super::region::Level;

static_regex!(YEAR_RANGE = r"((?:19|20)\d{2})\s*(?:年)?\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年");
static_regex!(YEAR = r"((?:19|20)\d{2})\s*年");
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub region: String,
    /// Full name of the region's province; empty when unknown.
    pub province: String,
    pub level: Level,
    pub year: Option<i32>,
}

pub fn detect(title: Option<&str>, lines: &[String]) -> Meta {
    let place = super::region::resolve(title, lines);
    Meta {
        year: detect_year(title, lines),
        region: place.region,
        province: place.province,
        level: place.level,
    }
}

/// The year reported on: the title's (last of a range), else the first lines', else the most
/// frequent year in the opening text. Two kinds of year never count: a year inside a cited
/// title (《法治政府建设实施纲要(2015—2020年)》 is that document's span), and a year that is part of a
/// full date ("2023年5月30日在…会议上", "日期:2023年09月07日": when something was said or posted).
fn detect_year(title: Option<&str>, lines: &[String]) -> Option<i32> {
    let from = |text: &str| -> Option<i32> {
        let text = without_cited_titles(text);
        if let Some(c) = YEAR_RANGE.captures(&text) {
            return c[2].parse().ok();
        }
        report_years(&text).next()
    };
    if let Some(y) = title.and_then(from) {
        return Some(y);
    }
    for line in lines.iter().take(8) {
        // "2019年,我区…" / "第一部分:2011—2015年工作总结".
        let head: String = line.chars().take(40).collect();
        if let Some(y) = from(&head) {
            return Some(y);
        }
    }
    let opening: String = lines.iter().take(20).map(String::as_str).collect();
    let opening = without_cited_titles(&opening);
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for y in report_years(&opening) {
        *counts.entry(y).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

/// `text` with every 《…》 title removed (an unclosed one runs to the end).
fn without_cited_titles(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('《') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Years written "2019年" that are not the start of a full date ("2019年3月").
fn report_years(text: &str) -> impl Iterator<Item = i32> + '_ {
    YEAR.captures_iter(text).filter_map(move |c| {
        let end = c.get(0)?.end();
        let rest = text[end..].trim_start();
        let digits = rest.chars().take_while(|ch| ch.is_ascii_digit()).count();
        let is_date = (1..=2).contains(&digits) && rest[digits..].trim_start().starts_with('月');
        if is_date {
            return None;
        }
        c[1].parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    /// Invented openings: a cited document's years and the dates of a sitting or a posting are not
    /// the year reported on.
    #[test]
    fn years_of_cited_titles_and_dates_do_not_count() {
        let cases = [
            (
                "根据《某某规划(2016—2020年)》的要求,现将本县2017年度工作情况报告如下。",
                Some(2017),
            ),
            (
                "某市人民政府关于法治政府建设情况的报告\n(2024年4月2日在市人大常委会会议上)\n2023年,全市各级行政机关…",
                Some(2023),
            ),
            (
                "日期:2021年03月15日 来源:某县政府\n2020年,我县坚持…",
                Some(2020),
            ),
            ("2019年,我区扎实推进依法行政。", Some(2019)),
        ];
        for (text, want) in cases {
            let l = lines(text);
            assert_eq!(detect_year(None, &l), want, "{text}");
        }
    }

    #[test]
    fn from_titles() {
        let cases = [
            (
                "三明市沙县区人民政府关于2022年法治政府建设工作情况的报告",
                "三明市沙县区",
                Some(2022),
            ),
            (
                "威海火炬高技术产业开发区2017年法治政府建设工作报告",
                "威海火炬高技术产业开发区",
                Some(2017),
            ),
            (
                "某县2011-2015年法治政府建设工作总结报告",
                "某县",
                Some(2015),
            ),
            ("2020年度某市法治政府建设情况报告", "某市", Some(2020)),
            ("某市司法局2021年法治政府建设年度报告", "某市", Some(2021)),
        ];

        for (title, region, year) in cases {
            let m = detect(Some(title), &[]);
            assert_eq!((m.region.as_str(), m.year), (region, year), "{title}");
        }
    }

    #[test]
    fn from_body_when_untitled() {
        let body = lines(
            "2019年,我区认真贯彻落实常州市新北区实施方案。\n新北区完成改革。全区推进。我区落实新北区部署。",
        );
        let m = detect(None, &body);
        assert_eq!(m.year, Some(2019));
        assert_eq!(m.region, "常州市新北区");
        let body = lines(
            "第一部分:2011—2015年工作总结\n我市出台《溧阳市重大行政决策程序规定》。溧阳市推进。",
        );
        let m = detect(None, &body);
        assert_eq!((m.region.as_str(), m.year), ("溧阳市", Some(2015)));
    }
}
