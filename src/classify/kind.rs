//! Passage kinds: achievement (default), shortcoming, plan. Headings decide for their section;
//! inside it a paragraph opening ("…但也存在不足", "2020年,我们将…", "下一步") switches the kind
//! for the rest of the section. Cue phrases live in `assets/kinds.toml`.

use crate::pattern::static_regex;

use crate::model::Kind;
use crate::tables::Tables;

static_regex!(LEADING_YEAR = r"^(?:\d{4}[-—~至]\s*)?(\d{4})\s*年");
static_regex!(ANY_YEAR = r"(\d{4})\s*年");

pub fn heading_kind(heading: &str, report_year: Option<i32>, tables: &Tables) -> Option<Kind> {
    let k = &tables.kinds;
    let fixes = k
        .heading_fix_verbs
        .iter()
        .any(|v| heading.contains(v.as_str()));
    if !fixes
        && k.heading_shortcoming
            .iter()
            .any(|c| heading.contains(c.as_str()))
    {
        return Some(Kind::Shortcoming);
    }
    if k.heading_plan.iter().any(|c| heading.contains(c.as_str())) {
        return Some(Kind::Plan);
    }
    // "2023年工作安排", "2016—2020年工作思路": a heading about a year after the report year.
    if let (Some(year), Some(caps)) = (report_year, ANY_YEAR.captures(heading))
        && caps[1].parse::<i32>().is_ok_and(|y| y > year)
        && !heading.contains('。')
    {
        return Some(Kind::Plan);
    }
    None
}

/// The kind a paragraph's opening announces, if any.
pub fn opening_kind(paragraph: &str, report_year: Option<i32>, tables: &Tables) -> Option<Kind> {
    let k = &tables.kinds;
    let first = crate::outline::segment::first_sentence(paragraph);

    let lead: String = first.chars().take(k.lead_chars).collect();

    if let (Some(year), Some(caps)) = (report_year, LEADING_YEAR.captures(paragraph))
        && caps[1].parse::<i32>().is_ok_and(|y| y > year)
    {
        return Some(Kind::Plan);
    }
    if k.opening_plan.iter().any(|c| lead.contains(c.as_str())) {
        return Some(Kind::Plan);
    }
    let shortcoming_cue = k
        .opening_shortcoming
        .iter()
        .any(|c| lead.contains(c.as_str()))
        || k.opening_pattern.is_match(&lead);
    let summary = k.summary_markers.iter().any(|m| lead.contains(m.as_str()))
        || k.opening_shortcoming
            .iter()
            .any(|c| lead.starts_with(c.as_str()));
    if shortcoming_cue && summary {
        return Some(Kind::Shortcoming);
    }
    None
}

/// A sentence inside a paragraph that opens a new part: it starts with the report year (a
/// closing summary) or a later year, or with a plan cue, and reads as `opening_kind` says.
pub fn sentence_switch(sentence: &str, report_year: Option<i32>, tables: &Tables) -> Option<Kind> {
    let year = report_year?;
    let starts_with_year = LEADING_YEAR
        .captures(sentence)
        .and_then(|c| c[1].parse::<i32>().ok())
        .is_some_and(|y| y >= year);
    let starts_with_plan = tables
        .kinds
        .sentence_plan
        .iter()
        .any(|c| sentence.starts_with(c.as_str()));
    if !(starts_with_year || starts_with_plan) {
        return None;
    }
    opening_kind(sentence, report_year, tables)
}

pub fn sentence_kind(sentence: &str, paragraph_kind: Kind, tables: &Tables) -> Kind {
    if paragraph_kind == Kind::Achievement
        && tables
            .kinds
            .sentence_plan
            .iter()
            .any(|c| sentence.starts_with(c.as_str()))
    {
        return Kind::Plan;
    }
    paragraph_kind
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::tables;

    #[test]
    fn openings() {
        let t = tables();
        let cases = [
            (
                2019,
                "2019年,我区法治政府建设工作虽然取得一定成绩,但也存在一些问题和不足。",
                Some(Kind::Shortcoming),
            ),
            (
                2017,
                "2017年,全区法治政府建设成绩显著,但与要求相比还存在一些不足。",
                Some(Kind::Shortcoming),
            ),
            (
                2019,
                "2020年,我们将围绕“基本建成法治政府”目标。",
                Some(Kind::Plan),
            ),
            (
                2017,
                "2018年是贯彻落实市《纲要》关键一年。",
                Some(Kind::Plan),
            ),
            (2019, "下一步,我区将继续深化改革。", Some(Kind::Plan)),
            (2019, "针对执法检查中存在的问题,开展整改。", None),
            (2019, "2019年区政府共收到复议申请26件。", None),
            (2017, "明确了到2020年法治高区建设的纲领目标。", None),
        ];
        for (year, text, want) in cases {
            assert_eq!(opening_kind(text, Some(year), t), want, "{text}");
        }
    }

    #[test]
    fn headings() {
        let t = tables();
        assert_eq!(
            heading_kind("存在的不足和原因", Some(2022), t),
            Some(Kind::Shortcoming)
        );
        assert_eq!(
            heading_kind("2023年工作安排", Some(2022), t),
            Some(Kind::Plan)
        );
        assert_eq!(
            heading_kind("下一年度的主要安排", Some(2024), t),
            Some(Kind::Plan)
        );
        assert_eq!(
            heading_kind("2016—2020年工作思路", Some(2015), t),
            Some(Kind::Plan)
        );
        assert_eq!(heading_kind("加强行政执法", Some(2019), t), None);
    }
}
