//! Ties a number to a canonical indicator with the rules of `assets/metrics.toml`: the words in
//! the number's window (its own segment of the clause plus the clause's lead-in and tail) and the
//! nearest subject cue decide. See the header of metrics.toml for the window's definition.

use crate::chars::CLAUSE_BREAKS;
use crate::tables::{MetricRule, Tables};

use super::numbers::Number;

const LIST_BREAKS: [char; 3] = ['、', '和', '及'];

/// The pieces of text around one number: slices of the sentence, so a window costs no allocation
/// (this ran for every number of every sentence and its five Strings were a fifth of extract).
struct Window<'s> {
    own_before: &'s str,
    own_after: &'s str,
    head: &'s str,
    tail: &'s str,
    /// Sentence text before the number (for the subject search).
    sentence_before: &'s str,
}

/// For each number, the metric rule that claims it (index into `tables.rules`), or None.
pub fn classify(chars: &[char], numbers: &[Number], tables: &Tables) -> Vec<Option<usize>> {
    let mut found: Vec<&str> = Vec::new();
    let mut out = Vec::with_capacity(numbers.len());
    if numbers.is_empty() {
        return out;
    }
    // The sentence as one String, and the byte offset of each char (plus the end), so char
    // ranges become &str slices.
    let text: String = chars.iter().collect();
    let mut byte_at: Vec<usize> = Vec::with_capacity(chars.len() + 1);
    let mut offset = 0;
    for c in chars {
        byte_at.push(offset);
        offset += c.len_utf8();
    }
    byte_at.push(offset);
    for (k, n) in numbers.iter().enumerate() {
        if in_breakdown(chars, n.start) {
            out.push(None);
            continue;
        }
        let w = window(&text, &byte_at, chars, numbers, k);
        if is_change(w.own_before, tables) {
            out.push(None);
            continue;
        }
        let subject = subject(&w, tables);
        let hit = tables
            .rules
            .iter()
            .position(|rule| matches(rule, n, &w, &found, subject));
        if let Some(id) = hit.and_then(|r| tables.rules[r].id.as_deref()) {
            found.push(id);
        }
        out.push(hit);
    }
    out
}

/// "较上年增加12件": the text before the number ends with a change verb after a comparison.
fn is_change(own_before: &str, tables: &Tables) -> bool {
    let c = &tables.change;
    let before = own_before.trim_end_matches(['了', ' ']);
    c.verbs.iter().any(|v| before.ends_with(v.as_str()))
        && c.markers.iter().any(|m| before.contains(m.as_str()))
}

/// A breakdown in brackets ("共结案19件(含留存5件)") restates part of a count already given.
fn in_breakdown(chars: &[char], at: usize) -> bool {
    let Some(open) = chars[..at].iter().rposition(|&c| c == '(') else {
        return false;
    };
    if chars[open..at].contains(&')') {
        return false;
    }
    let inside = &chars[open + 1..at];
    [&['含'][..], &['其', '中'], &['包', '括']]
        .iter()
        .any(|p| inside.starts_with(p))
}

fn window<'s>(
    text: &'s str,
    byte_at: &[usize],
    chars: &[char],
    numbers: &[Number],
    k: usize,
) -> Window<'s> {
    let n = &numbers[k];
    let clause_start = chars[..n.start]
        .iter()
        .rposition(|c| CLAUSE_BREAKS.contains(c))
        .map_or(0, |p| p + 1);
    let clause_end = chars[n.end..]
        .iter()
        .position(|c| CLAUSE_BREAKS.contains(c))
        .map_or(chars.len(), |p| n.end + p);
    let mut in_clause = numbers
        .iter()
        .filter(|m| m.start >= clause_start && m.end <= clause_end);
    let first_in_clause = in_clause.next();
    let last_in_clause = in_clause.next_back().or(first_in_clause);
    let prev_end = numbers[..k]
        .iter()
        .rev()
        .map(|m| m.end)
        .find(|&e| e > clause_start)
        .unwrap_or(clause_start);
    let next_start = numbers[k + 1..]
        .iter()
        .map(|m| m.start)
        .find(|&s| s < clause_end)
        .unwrap_or(clause_end);
    // In a list ("许可63379件、处罚5082件") the words after a number label the next one.
    let own_end = chars[n.end..next_start]
        .iter()
        .position(|c| LIST_BREAKS.contains(c))
        .map_or(next_start, |p| n.end + p);
    let first_start = first_in_clause.map_or(n.start, |m| m.start);
    let last_end = last_in_clause.map_or(n.end, |m| m.end);
    let slice = |a: usize, b: usize| -> &'s str {
        if a < b {
            match (byte_at.get(a), byte_at.get(b)) {
                (Some(&x), Some(&y)) => text.get(x..y).unwrap_or(""),
                _ => "",
            }
        } else {
            ""
        }
    };
    Window {
        own_before: slice(prev_end, n.start),
        own_after: slice(n.end, own_end),
        head: slice(clause_start, first_start),
        tail: slice(last_end, clause_end),
        sentence_before: slice(0, n.start),
    }
}

fn matches(
    rule: &MetricRule,
    n: &Number,
    w: &Window,
    found: &[&str],
    subject: Option<&str>,
) -> bool {
    if !rule.units.iter().any(|u| unit_matches(&n.unit, u)) {
        return false;
    }
    let parts = [w.own_before, w.own_after, w.head, w.tail];
    let in_window = |p: &str| parts.iter().any(|t| t.contains(p));
    if !rule.near.iter().any(|alt| alt.iter().all(|p| in_window(p))) {
        return false;
    }
    if rule
        .exclude
        .iter()
        .any(|x| w.own_before.contains(x.as_str()) || w.own_after.contains(x.as_str()))
    {
        return false;
    }
    if let Some(after) = &rule.after
        && !found.contains(&after.as_str())
    {
        return false;
    }
    if !rule.context.is_empty() {
        match subject {
            Some(s) => {
                if !rule.context.iter().any(|c| c == s) {
                    return false;
                }
            }
            None => return false,
        }
    }
    true
}

/// "件" matches "件"; "%" matches "%"; a scaled unit ("万件") matches its base unit too.
fn unit_matches(unit: &str, wanted: &str) -> bool {
    let base = unit.trim_start_matches(['万', '亿', '千']);
    base == wanted || unit == wanted
}

/// The subject cue nearest the number: first in the text right after it (the counted noun,
/// "27件行政规范性文件"), then the last one before it in its segment, then the clause's shared tail
/// ("26件许可、处罚案卷进行评查"), then backwards through the sentence.
fn subject<'t>(w: &Window, tables: &'t Tables) -> Option<&'t str> {
    let first = |t: &str| {
        tables
            .subjects
            .find_iter(t)
            .next()
            .map(|m| m.pattern().as_usize())
    };
    let last = |t: &str| {
        tables
            .subjects
            .find_iter(t)
            .last()
            .map(|m| m.pattern().as_usize())
    };
    first(w.own_after)
        .or_else(|| last(w.own_before))
        .or_else(|| first(w.tail))
        .or_else(|| last(w.sentence_before))
        .map(|i| tables.subject_phrases[i].as_str())
}

#[cfg(test)]
mod tests {
    use super::super::numbers::find_numbers;
    use super::*;
    use crate::tables::tables;

    fn metrics_of(sentence: &str) -> Vec<(f64, Option<String>)> {
        let chars: Vec<char> = crate::normalize::fold_punct(sentence).chars().collect();
        let numbers = find_numbers(&chars);
        let t = tables();
        let hits = classify(&chars, &numbers, t);
        numbers
            .iter()
            .zip(hits)
            .map(|(n, h)| (n.value, h.and_then(|r| t.rules[r].id.clone())))
            .collect()
    }

    fn m(id: &str) -> Option<String> {
        Some(id.to_string())
    }

    /// The "typical wording" column of SPEC's metric table, one sentence per indicator.
    #[test]
    fn spec_wordings() {
        let cases = [
            ("共办理行政复议案件24件", "reconsideration.received"),
            ("行政复议纠错率6.8%", "reconsideration.correction_rate"),
            ("已审结21件行政复议案件", "reconsideration.concluded"),
            ("新发生行政诉讼案件共28件", "litigation.cases"),
            ("行政应诉案件21件", "litigation.cases"),
            ("判决行政机关败诉5件", "litigation.losses"),
            ("败诉率23.52%", "litigation.loss_rate"),
            (
                "行政机关负责人出庭率100%",
                "litigation.head_appearance_rate",
            ),
            ("制定审核备案行政规范性文件24件", "normative_docs.issued"),
            ("下发规范性文件1件", "normative_docs.issued"),
            (
                "报备的27件行政规范性文件逐件审查",
                "normative_docs.reviewed",
            ),
            ("废止行政规范性文件2件", "normative_docs.abolished"),
            ("现行201名行政执法人员", "enforcement.officers"),
            ("换发行政执法证580本", "enforcement.certificates"),
            ("评查行政处罚案卷700余份", "enforcement.case_files_reviewed"),
            ("行政处罚5082件", "enforcement.penalties"),
            ("新增市场主体4125户", "business_env.new_market_entities"),
            (
                "新办各类市场主体总量为6275户",
                "business_env.new_market_entities",
            ),
            (
                "对138个议题进行重大决策合法性审查",
                "decision.legal_reviews",
            ),
            ("法律顾问覆盖率达100%", "decision.legal_advisor_coverage"),
            ("依申请公开15件", "transparency.on_request"),
            ("受理政府信息公开申请36件", "transparency.on_request"),
            ("排查调解矛盾纠纷3719件", "disputes.mediations"),
            ("调解成功率99%", "disputes.mediation_success_rate"),
            ("集体学法12次", "leadership.collective_study"),
            ("规范性文件备案审查率100%", "normative_docs.filing_rate"),
            ("新增市场主体1.2万户", "business_env.new_market_entities"),
            (
                "全年新登记经营主体3.1万户",
                "business_env.new_market_entities",
            ),
        ];
        for (sentence, want) in cases {
            let got = metrics_of(sentence);
            assert_eq!(got.len(), 1, "{sentence}: {got:?}");
            assert_eq!(got[0].1.as_deref(), Some(want), "{sentence}");
        }
        // Counts that are no indicator.
        for sentence in [
            "行政机关负责人出庭应诉15件",
            "每个中队配备2名行政执法人员",
            "注销执法证件4个",
        ] {
            assert!(
                metrics_of(sentence).iter().all(|(_, m)| m.is_none()),
                "{sentence}"
            );
        }
    }

    #[test]
    fn case_table() {
        type Case<'a> = (&'a str, Vec<(f64, Option<String>)>);
        let cases: Vec<Case> = vec![
            (
                "2019年区政府共收到复议申请26件,其中受理22件;共结案19件",
                vec![
                    (26.0, m("reconsideration.received")),
                    (22.0, m("reconsideration.accepted")),
                    (19.0, m("reconsideration.concluded")),
                ],
            ),
            (
                "今年全区共受理行政复议案件30件",
                vec![(30.0, m("reconsideration.received"))],
            ),
            // Files found wanting are a subset judged, not the files reviewed.
            (
                "抽查各部门执法案卷450份,发现问题案卷21份",
                vec![(450.0, m("enforcement.case_files_reviewed")), (21.0, None)],
            ),
            (
                "全区办理行政许可63379件、行政处罚5082件、行政强制措施6130件",
                vec![
                    (63379.0, None),
                    (5082.0, m("enforcement.penalties")),
                    (6130.0, None),
                ],
            ),
            (
                "对《细则》等6件市政府行政规范性文件和65件政策性文件进行合法性审查",
                vec![(6.0, m("normative_docs.reviewed")), (65.0, None)],
            ),
            (
                "对7个区级行政执法部门和2个乡镇共26件许可、处罚案卷进行集中评查",
                vec![
                    (7.0, None),
                    (2.0, None),
                    (26.0, m("enforcement.case_files_reviewed")),
                ],
            ),
            (
                "全区行政应诉案件21件,一审审结17件,败诉3件,败诉率23.52%",
                vec![
                    (21.0, m("litigation.cases")),
                    (17.0, None),
                    (3.0, m("litigation.losses")),
                    (23.52, m("litigation.loss_rate")),
                ],
            ),
            (
                "区政府主动公开政府信息147条,依申请公开15件",
                vec![
                    (147.0, m("transparency.proactive")),
                    (15.0, m("transparency.on_request")),
                ],
            ),
            (
                "全区各部门、镇(街道)法律顾问覆盖率达100%",
                vec![(100.0, m("decision.legal_advisor_coverage"))],
            ),
            (
                "新增市场主体4125户",
                vec![(4125.0, m("business_env.new_market_entities"))],
            ),
            (
                "对1089户企业进行了“双随机”抽查",
                vec![(1089.0, m("business_env.inspections"))],
            ),
            (
                "受理法律援助案件825件",
                vec![(825.0, m("legal_services.legal_aid_cases"))],
            ),
            (
                "集体学法12次",
                vec![(12.0, m("leadership.collective_study"))],
            ),
        ];
        for (sentence, want) in cases {
            assert_eq!(metrics_of(sentence), want, "{sentence}");
        }
    }

    /// Invented sentences whose numbers are no indicator however near an indicator's words they
    /// stand: changes, money, dates, document numbers, ranks, durations, counts of bodies.
    #[test]
    fn numbers_that_are_not_indicators() {
        for sentence in [
            "行政复议申请较上年增加12件",
            "行政诉讼案件比上年减少5件",
            "行政处罚案件同比增加300件",
            "罚没款2300万元",
            "根据某政发〔2022〕15号文件办理行政复议案件",
            "2023年3月15日召开行政复议委员会会议",
            "行政复议工作排名全市第2位",
            "复议案件平均审理期限为45天",
            "全区共有行政规范性文件制定主体28个",
            "参加执法人员培训的学员平均年龄45岁",
        ] {
            let got = metrics_of(sentence);
            assert!(got.iter().all(|(_, m)| m.is_none()), "{sentence}: {got:?}");
        }
        // Who filed the documents is not what is counted.
        assert_eq!(
            metrics_of("对各区政府和市级部门报备的15件行政规范性文件逐件审查"),
            vec![(15.0, m("normative_docs.reviewed"))]
        );
    }

    /// Units written as 场次 count study sessions like 次 and 场; a theory study group's session
    /// is a collective study.
    #[test]
    fn collective_study_wordings() {
        for sentence in [
            "县政府常务会议会前学法6场次",
            "县委理论学习中心组开展专题学习4次",
            "组织集体学法10场",
        ] {
            let got = metrics_of(sentence);
            assert_eq!(
                got.iter().map(|(_, m)| m.as_deref()).collect::<Vec<_>>(),
                vec![Some("leadership.collective_study")],
                "{sentence}"
            );
        }
    }
}
