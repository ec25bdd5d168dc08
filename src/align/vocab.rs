//! The SPEC vocabulary the comparison needs: topic ids with their labels (key four first, then SPEC
//! order) and the 26 canonical metric ids with Chinese labels.
//! TODO(lead): reconcile with `crate::tables` once the topic/metric tables land there.

/// Topics in display order: the four key topics, then the SPEC table order, `other` last.
pub const TOPICS: &[(&str, &str)] = &[
    ("enforcement", "行政执法"),
    ("reconsideration", "行政复议"),
    ("normative_docs", "行政规范性文件"),
    ("business_env", "营商环境"),
    ("leadership", "党的领导与责任落实"),
    ("functions", "政府职能转变"),
    ("rulemaking", "立法与规章"),
    ("decision", "重大行政决策"),
    ("emergency", "突发事件应对"),
    ("litigation", "行政应诉"),
    ("disputes", "矛盾纠纷化解"),
    ("oversight", "权力制约监督"),
    ("transparency", "政务公开"),
    ("legal_education", "普法与学法"),
    ("legal_services", "公共法律服务"),
    ("digital", "数字法治政府"),
    ("other", "其他"),
];

/// The four topics every view pins first (执法, 复议, 规范性文件, 营商环境).
pub const KEY_TOPICS: &[&str] = &[
    "enforcement",
    "reconsideration",
    "normative_docs",
    "business_env",
];

/// Canonical metrics in SPEC order.
pub const METRICS: &[(&str, &str)] = &[
    ("reconsideration.received", "行政复议申请/案件数"),
    ("reconsideration.accepted", "受理复议案件数"),
    ("reconsideration.concluded", "审结复议案件数"),
    ("reconsideration.correction_rate", "复议纠错率"),
    ("litigation.cases", "行政诉讼/应诉案件数"),
    ("litigation.losses", "败诉件数"),
    ("litigation.loss_rate", "败诉率"),
    ("litigation.head_appearance_rate", "负责人出庭应诉率"),
    ("normative_docs.issued", "制定/印发规范性文件件数"),
    ("normative_docs.filing_rate", "规范性文件报备率"),
    ("normative_docs.reviewed", "备案审查规范性文件件数"),
    ("normative_docs.abolished", "废止规范性文件件数"),
    ("enforcement.officers", "行政执法人员数"),
    ("enforcement.certificates", "新发/换发执法证件数"),
    ("enforcement.case_files_reviewed", "评查执法案卷数"),
    ("enforcement.penalties", "行政处罚件数"),
    ("business_env.new_market_entities", "新增市场主体户数"),
    ("business_env.inspections", "双随机抽查户数"),
    ("decision.legal_reviews", "重大决策合法性审查件数"),
    ("decision.legal_advisor_coverage", "法律顾问覆盖率"),
    ("transparency.proactive", "主动公开政府信息条数"),
    ("transparency.on_request", "依申请公开件数"),
    ("disputes.mediations", "调解纠纷件数"),
    ("disputes.mediation_success_rate", "调解成功率"),
    ("legal_services.legal_aid_cases", "法律援助案件数"),
    ("leadership.collective_study", "集体学法次数"),
];

/// The label of a topic id (the id itself when unknown).
pub fn topic_label(id: &str) -> &str {
    TOPICS
        .iter()
        .find(|(t, _)| *t == id)
        .map_or(id, |(_, label)| label)
}

/// The Chinese label of a metric id (the id itself when unknown).
pub fn metric_label(id: &str) -> &str {
    METRICS
        .iter()
        .find(|(m, _)| *m == id)
        .map_or(id, |(_, label)| label)
}

/// Position of a topic in display order (unknown ids sort after every known one).
pub fn topic_rank(id: &str) -> usize {
    TOPICS
        .iter()
        .position(|(t, _)| *t == id)
        .unwrap_or(TOPICS.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_four_come_first_and_ids_are_unique() {
        let first: Vec<&str> = TOPICS.iter().take(4).map(|(id, _)| *id).collect();
        assert_eq!(first, KEY_TOPICS);
        let mut ids: Vec<&str> = TOPICS.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 17);
        assert_eq!(METRICS.len(), 26);
        for (m, _) in METRICS {
            let topic = m.split('.').next().unwrap_or_default();
            assert!(topic_rank(topic) < TOPICS.len(), "{m}");
        }
    }
}
