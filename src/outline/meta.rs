//! Metadata: the region and the year a report is about, from its title, its first lines and how it
//! names itself (我区/我市/我县).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*(?:年)?\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年")
        .unwrap_or_else(|e| panic!("{e}"))
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年").unwrap_or_else(|e| panic!("{e}")));
/// A region name in a title: everything before the year or the words that follow a region.
static TITLE_REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:关于)?(\p{Han}{2,30}?)(?:人民政府|政府|管委会|管理委员会|委员会|\d{4}|关于|法治政府|依法行政|[(（])")
        .unwrap_or_else(|e| panic!("{e}"))
});
/// A leading year in a title ("2020年度").
static YEAR_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:关于)?(?:19|20)\d{2}\s*年度?").unwrap_or_else(|e| panic!("{e}"))
});
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han}{2,3})([省市区县州旗])").unwrap_or_else(|e| panic!("{e}"))
});

/// Chars that never begin a place name ("全区", "各市", "本县", "城区" …).
const NOT_NAME_START: &str = "全各本我该辖城园社市区县省州镇乡街这那其每两多一二三四五六七八九十分在对于与和及等的了是为将由向从到经入出收至共";

/// Chars that never end a place name: "组织全区" is "organise the whole district".
const NOT_NAME_END: &str = "全各本我该辖这那每个";

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub region: String,
    pub year: Option<i32>,
}

pub fn detect(title: Option<&str>, lines: &[String]) -> Meta {
    Meta {
        year: detect_year(title, lines),
        region: detect_region(title, lines),
    }
}

/// The year reported on: the title's (last of a range), else the first lines', else the most
/// frequent year in the opening text.
fn detect_year(title: Option<&str>, lines: &[String]) -> Option<i32> {
    let from = |text: &str| -> Option<i32> {
        if let Some(c) = YEAR_RANGE.captures(text) {
            return c[2].parse().ok();
        }
        YEAR.captures(text).and_then(|c| c[1].parse().ok())
    };
    if let Some(y) = title.and_then(from) {
        return Some(y);
    }
    for line in lines.iter().take(8) {
        // "2019年,我区…" / "第一部分:2011—2015年工作总结" / "2017年12月" (a date line is skipped).
        let head: String = line.chars().take(40).collect();
        if head.contains('月') && head.chars().count() < 14 {
            continue;
        }
        if let Some(y) = from(&head) {
            return Some(y);
        }
    }
    let opening: String = lines.iter().take(20).map(String::as_str).collect();
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for c in YEAR.captures_iter(&opening) {
        if let Ok(y) = c[1].parse::<i32>() {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

fn detect_region(title: Option<&str>, lines: &[String]) -> String {
    // "2020年某市法治政府建设情况": the region follows the year.
    let title = title.map(|t| YEAR_PREFIX.replace(t, "").into_owned());
    if let Some(title) = title.as_deref()
        && let Some(c) = TITLE_REGION.captures(title)
    {
        let name = without_department(c[1].trim_end_matches("关于"));
        if name.chars().count() >= 2 && !name.contains("法治") {
            return name;
        }
    }
    let text: String = lines.join("\n");
    // How the report names itself tells the level: 我区 → a district, 我市 → a city.
    let level = ['区', '市', '县', '州', '旗']
        .into_iter()
        .max_by_key(|l| {
            text.matches(&format!("我{l}")).count() * 3 + text.matches(&format!("全{l}")).count()
        })
        .unwrap_or('市');

    let mut counts: HashMap<String, usize> = HashMap::new();
    for c in PLACE.captures_iter(&text) {
        let suffix = &c[2];
        if !suffix.starts_with(level) {
            continue;
        }
        // The regex is greedy: "实新北区" may be "新北区" after a verb's last char. Count the match
        // and its two-char tail; the true name is the one that recurs.
        let name: Vec<char> = c[1].chars().collect();
        let mut forms = vec![name.clone()];
        if name.len() == 3 {
            forms.push(name[1..].to_vec());
        }
        for form in forms {
            let bad_start = form.first().is_some_and(|ch| NOT_NAME_START.contains(*ch));
            let bad_end = form.last().is_some_and(|ch| NOT_NAME_END.contains(*ch));
            if bad_start || bad_end {
                continue;
            }
            let form: String = form.into_iter().collect();
            *counts.entry(format!("{form}{suffix}")).or_default() += 1;
        }
    }
    let Some(best) = counts
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse((*k).clone())))
        .map(|(k, _)| k.clone())
    else {
        return String::new();
    };
    // Prefer the full "city + district" form ("常州市新北区") when the text has it.
    if level != '市' {
        let mut cities: HashMap<String, usize> = HashMap::new();
        for (at, _) in text.match_indices(best.as_str()) {
            let before: Vec<char> = text[..at].chars().rev().take(3).collect();
            if let [suffix, b, a] = before[..]
                && matches!(suffix, '市' | '州' | '盟')
                && !NOT_NAME_START.contains(a)
                && crate::normalize::t2s::is_han(a)
                && crate::normalize::t2s::is_han(b)
            {
                *cities.entry(format!("{a}{b}{suffix}")).or_default() += 1;
            }
        }
        if let Some((city, _)) = cities
            .into_iter()
            .max_by_key(|(c, n)| (*n, std::cmp::Reverse(c.clone())))
        {
            return format!("{city}{best}");
        }
    }
    best
}

/// "某市司法局" reports for 某市: drop a department name after the last place suffix.
fn without_department(name: &str) -> String {
    const DEPARTMENT_ENDS: [char; 5] = ['局', '厅', '办', '委', '室'];
    if !name.ends_with(DEPARTMENT_ENDS) {
        return name.to_string();
    }
    match name.rfind(['省', '市', '区', '县', '州', '旗']) {
        Some(at) if at > 0 => name[..at + '市'.len_utf8()].to_string(),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
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
