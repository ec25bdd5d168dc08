//! Analyzed reports → a `Comparison`: the topic × report coverage grid, pairs of sentences that
//! say nearly the same thing in two reports (with a word diff), the indicator table, commitments
//! (plan sentences and who else made them) and follow-through from one year's plan to the next
//! year's report. Reports with `error` are listed but contribute nothing.

mod candidates;
mod commitments;
pub mod copied;
mod grid;
pub mod highlights;
mod metrics;
mod pairs;
#[cfg(test)]
mod probe;
mod recall;
pub mod similarity;
pub mod timeline;
mod units;

use crate::model::{Comparison, CopiedSentence, Report, ReportInfo};

pub use metrics::normalize_unit;
pub use pairs::ALL_REPORT_PAIRS_UP_TO;
pub use recall::{Recall, recall};
pub use units::split_sentences;

/// Two sentences of different reports on one topic pair up (share a row side by side) at this
/// cosine of their character-bigram TF-IDF vectors (unigrams at half weight, digits folded).
///
/// Reports of different regions rarely say the same thing in the same words, and the side-by-side
/// view exists to set the same *activity* next to each other so that its numbers and wording can
/// be compared. Measured on the samples (常州市新北区 2019 × 常州市 2024 × 威海火炬 2017):
/// - 0.40 and up: one measure in two wordings — "全面推行“双随机、一公开”监管" / "推行“双随机、
///   一公开”制度,…" (0.52); "深化行政执法体制改革" / "理顺行政执法体制" (0.48).
/// - 0.25–0.40: the same activity with different content, which is what a reader compares —
///   "…共26件许可、处罚案卷进行集中评查,评出优秀案卷6件…" / "…评查行政处罚案卷700余份" (0.26);
///   "建立规范性文件清理长效机制…" / "强化规范性文件备案审查和清理" (0.28); "四是继续做好复议
///   应诉工作" / "加强和改进行政复议和应诉工作" (0.28).
/// - below 0.25: the same topic, another activity — "继续推行行政复议决定书网上公开工作" / "加强
///   行政复议能力建设,…" (0.24); "换发行政执法证580本…" / "注销执法证件4个" (0.22).
///
/// So 0.25 for pairs. Pairs must also be mutual best per report pair, so a sentence never pairs
/// with a second, weaker partner.
pub const DEFAULT_MIN_SIMILARITY: f64 = 0.25;

/// A commitment is *shared* with another report (and a plan counts as delivered the next year)
/// only when the two say the same thing: the 0.40+ band above, where "全面推行“双随机、一公开”
/// 监管" meets "推行“双随机、一公开”制度" but "完善行政执法监督体系" does not meet "完善行政执法
/// 程序" (0.39).
pub const DEFAULT_COMMITMENT_SIMILARITY: f64 = 0.40;

/// What to compare and how strict pairing is.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareOptions {
    /// Only these topic ids (None = all).
    pub topics: Option<Vec<String>>,
    /// Minimum cosine for pairs.
    pub min_similarity: f64,
    /// Minimum cosine for shared commitments and delivered plans.
    pub commitment_similarity: f64,
    /// The report whose sentences keep their best match in every other report even past
    /// `pairs::ALL_REPORT_PAIRS_UP_TO` reports (the app's side-by-side base column).
    pub base: Option<usize>,
    /// Also find the sentences many reports share (`Comparison::copied`, 模板句).
    pub copied: bool,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            topics: None,
            min_similarity: DEFAULT_MIN_SIMILARITY,
            commitment_similarity: DEFAULT_COMMITMENT_SIMILARITY,
            base: None,
            copied: false,
        }
    }
}

/// How sentences find their pair partners beyond [`ALL_REPORT_PAIRS_UP_TO`] reports. Up to it,
/// and for commitments and copied sentences at every size, the search is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Every pair at or above the threshold (`similarity::all_pairs`), thinned to each
    /// sentence's best: the reference the other is measured against. Its work grows with the
    /// square of the reports: 3,000 bench reports took 13 s in the search alone.
    Exact,
    /// Each sentence's nearest few (`candidates::nearest`): a bounded search per sentence, so
    /// time and memory grow linearly with the sentences, even when thousands of reports share
    /// one word for word.
    Nearest,
}

/// The search `compare` uses past [`ALL_REPORT_PAIRS_UP_TO`] reports. `duibi bench --recall`
/// (release, reworded bench corpus): at 300 reports it keeps every exact pair (1.000, a pair of
/// the same two wordings counting as the same pair) and every sentence's best partner (1.000);
/// at 3,000 reports 0.974 and 0.974, in 3.3 s of search instead of 13 s.
pub const DEFAULT_SEARCH: Search = Search::Nearest;

/// Beyond [`ALL_REPORT_PAIRS_UP_TO`] reports a commitment lists at most this many other reports
/// that made it, the most similar first: a plan copied into 1,000 reports would otherwise list
/// 999 matches in each of them (a million in all).
pub const MATCHES_PER_SENTENCE: usize = 12;
// Up to the cap a commitment keeps a match in every other report: the limit must not bite there.
const _: () = assert!(MATCHES_PER_SENTENCE + 1 >= ALL_REPORT_PAIRS_UP_TO);

/// Compare `reports`; indices in the result are positions in `reports`.
pub fn compare(reports: &[Report], opts: &CompareOptions) -> Comparison {
    compare_by(reports, opts, DEFAULT_SEARCH)
}

/// [`compare`] with the search chosen by the caller (`duibi bench --recall` compares the two).
pub fn compare_by(reports: &[Report], opts: &CompareOptions, search: Search) -> Comparison {
    let topics = selected_topics(opts);
    let units = units::collect(reports, &topics);
    let texts: Vec<&str> = units.iter().map(|u| u.text).collect();
    let space = similarity::Space::build(&texts);
    let threshold = opts.min_similarity as f32;
    let same_thing = opts.commitment_similarity as f32;
    let mut comparison = Comparison {
        reports: reports.iter().map(info).collect(),
        topics: grid::coverage(reports, &topics),
        metrics: metrics::rows(reports, &topics),
        pairs: pairs::pair(&units, &space, &topics, threshold, opts.base, search),
        commitments: commitments::commitments(&units, &space, same_thing),
        follow_through: commitments::follow_through(reports, &units, &space, same_thing),
        highlights: Default::default(),
        checks: checks(reports),
        notes: Default::default(),
        copied: if opts.copied {
            copied::copied(reports, &units, &space)
        } else {
            Vec::new()
        },
    };
    comparison.highlights = highlights::of(&comparison);
    comparison
}

/// Only the copied sentences (模板句) [`compare`] finds when `opts.copied` is set, on their own:
/// the app looks for them when asked (the 模板句 tab, an export), apart from the comparison.
pub fn find_copied(reports: &[Report], opts: &CompareOptions) -> Vec<CopiedSentence> {
    let topics = selected_topics(opts);
    let units = units::collect(reports, &topics);
    let texts: Vec<&str> = units.iter().map(|u| u.text).collect();
    let space = similarity::Space::build(&texts);
    copied::copied(reports, &units, &space)
}

/// The part of [`compare`] that is linear in the reports and needs no sentence pairing: the
/// coverage grid, indicators and checks (pairs, commitments and follow-through left empty). The
/// app shows it while the full comparison of many reports runs.
pub fn preview(reports: &[Report], opts: &CompareOptions) -> Comparison {
    let topics = selected_topics(opts);
    let mut comparison = Comparison {
        reports: reports.iter().map(info).collect(),
        topics: grid::coverage(reports, &topics),
        metrics: metrics::rows(reports, &topics),
        checks: checks(reports),
        ..Default::default()
    };
    comparison.highlights = highlights::of(&comparison);
    comparison
}

/// Topic ids in display order, restricted to `opts.topics` when given.
pub(crate) fn selected_topics(opts: &CompareOptions) -> Vec<&'static str> {
    crate::tables::tables()
        .topics
        .iter()
        .map(|t| t.id.as_str())
        .filter(|id| {
            opts.topics
                .as_ref()
                .is_none_or(|wanted| wanted.iter().any(|w| w == id))
        })
        .collect()
}

/// Each report's checks: independent, so in parallel (1.4 s for 10,000 reports on one thread).
fn checks(reports: &[Report]) -> Vec<crate::check::ReportCheck> {
    use rayon::prelude::*;
    reports.par_iter().map(crate::check::check).collect()
}

fn info(r: &Report) -> ReportInfo {
    ReportInfo {
        source: r.source.clone(),
        source_raw: r.source_raw.clone(),
        error: r.error.clone(),
        title: r.title.clone(),
        region: r.region.clone(),
        province: r.province.clone(),
        level: r.level.clone(),
        year: r.year,
        script: r.script,
    }
}

#[cfg(test)]
pub(crate) mod testutil {
    //! Reports built by hand: one passage per (topic, kind, text).
    use crate::model::{Fact, Kind, Passage, Report};

    pub fn report(region: &str, year: i32, passages: &[(&str, Kind, &str)]) -> Report {
        Report {
            source: format!("{region}-{year}.txt"),
            title: format!("{region}{year}年法治政府建设工作报告"),
            region: region.to_string(),
            year: Some(year),
            passages: passages
                .iter()
                .map(|(topic, kind, text)| Passage {
                    section: String::new(),
                    kind: *kind,
                    topics: vec![topic.to_string()],
                    text: text.to_string(),
                    sentences: Vec::new(),
                    continues: false,
                })
                .collect(),
            ..Report::default()
        }
    }

    pub fn fact(metric: &str, value: f64, unit: &str, passage: usize, text: &str) -> Fact {
        Fact {
            metric: Some(metric.to_string()),
            topic: metric.split('.').next().map(str::to_string),
            value,
            unit: unit.to_string(),
            approx: false,
            qualifier: Default::default(),
            passage,
            text: text.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testutil::{fact, report};
    use super::*;
    use crate::model::{DiffOp, Kind};

    fn two_reports() -> Vec<Report> {
        let a = report(
            "甲市",
            2019,
            &[
                (
                    "reconsideration",
                    Kind::Achievement,
                    "全年区政府共收到行政复议申请26件，依法受理22件。行政复议纠错率为6.8%。",
                ),
                (
                    "enforcement",
                    Kind::Achievement,
                    "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。",
                ),
                (
                    "enforcement",
                    Kind::Plan,
                    "深入推进综合行政执法体制改革，加强执法队伍建设。",
                ),
                (
                    "normative_docs",
                    Kind::Plan,
                    "开展行政规范性文件专项清理工作。",
                ),
            ],
        );
        let mut a = a;
        a.facts = vec![
            fact(
                "reconsideration.received",
                26.0,
                "件",
                0,
                "共收到行政复议申请26件",
            ),
            fact(
                "reconsideration.correction_rate",
                6.8,
                "%",
                0,
                "行政复议纠错率为6.8%",
            ),
        ];
        let mut b = report(
            "乙市",
            2019,
            &[
                (
                    "reconsideration",
                    Kind::Achievement,
                    "全年区政府共收到行政复议申请31件，依法受理22件。行政复议纠错率为9.5%。",
                ),
                (
                    "enforcement",
                    Kind::Achievement,
                    "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。",
                ),
                (
                    "enforcement",
                    Kind::Plan,
                    "深入推进综合行政执法体制改革，加强执法队伍建设。",
                ),
            ],
        );
        b.facts = vec![
            fact(
                "reconsideration.received",
                31.0,
                "件",
                0,
                "共收到行政复议申请31件",
            ),
            fact(
                "reconsideration.correction_rate",
                9.5,
                "%",
                0,
                "行政复议纠错率为9.5%",
            ),
        ];
        vec![a, b]
    }

    #[test]
    fn two_reports_that_differ_in_numbers_and_one_commitment() {
        let c = compare(&two_reports(), &CompareOptions::default());
        // Every changed op is exactly a changed number.
        let mut changed: Vec<(DiffOp, String)> = c
            .pairs
            .iter()
            .flat_map(|p| p.diff.iter())
            .filter(|s| s.op != DiffOp::Equal)
            .map(|s| {
                assert!(s.number, "{s:?}");
                (s.op, s.text.clone())
            })
            .collect();
        changed.sort_by(|x, y| x.1.cmp(&y.1));
        assert_eq!(
            changed,
            [
                (DiffOp::Delete, "26件".to_string()),
                (DiffOp::Insert, "31件".to_string()),
                (DiffOp::Delete, "6.8%".to_string()),
                (DiffOp::Insert, "9.5%".to_string()),
            ]
        );
        // 4 identical or near-identical sentences pair up: 2 复议, 1 执法 achievement, 1 plan.
        assert_eq!(c.pairs.len(), 4, "{:#?}", c.pairs);
        assert!(c.pairs.iter().all(|p| p.a.report == 0 && p.b.report == 1));
        assert_eq!(
            c.pairs
                .iter()
                .filter(|p| p.topic == "reconsideration")
                .count(),
            2
        );

        // The shared plan matches; the clean-up of 规范性文件 is only 甲市's.
        assert_eq!(c.commitments.len(), 3);
        let only: Vec<&str> = c
            .commitments
            .iter()
            .filter(|k| k.matches.is_empty())
            .map(|k| k.text.as_str())
            .collect();
        assert_eq!(only, ["开展行政规范性文件专项清理工作。"]);

        let received = c
            .metrics
            .iter()
            .find(|m| m.metric == "reconsideration.received");
        let received = received.expect("row for reconsideration.received");
        assert_eq!((received.highest, received.lowest), (Some(1), Some(0)));
        assert!(c.follow_through.is_empty());
    }

    #[test]
    fn grid_puts_the_key_four_first_and_counts() {
        let c = compare(&two_reports(), &CompareOptions::default());
        let ids: Vec<&str> = c.topics.iter().take(4).map(|t| t.id.as_str()).collect();
        assert_eq!(ids, *crate::tables::KEY_TOPICS);
        assert!(c.topics.iter().take(4).all(|t| t.key));
        assert!(c.topics.iter().skip(4).all(|t| !t.key));
        let enf = &c.topics[0];
        assert_eq!(enf.cells.len(), 2);
        assert_eq!((enf.cells[0].passages, enf.cells[0].kinds.plan), (2, 1));
        let rec = &c.topics[1];
        assert_eq!((rec.cells[1].passages, rec.cells[1].facts), (1, 2));
    }

    #[test]
    fn a_failed_report_is_listed_but_contributes_nothing() {
        let mut reports = two_reports();
        let mut broken = reports[0].clone();
        broken.error = Some("cannot read".into());
        broken.source = "broken.pdf".into();
        reports.push(broken);
        let c = compare(&reports, &CompareOptions::default());
        assert_eq!(c.reports.len(), 3);
        assert_eq!(c.reports[2].error.as_deref(), Some("cannot read"));
        assert!(c.pairs.iter().all(|p| p.a.report != 2 && p.b.report != 2));
        assert!(c.commitments.iter().all(|k| k.report != 2));
        assert!(
            c.metrics
                .iter()
                .all(|m| m.values.iter().all(|v| v.report != 2))
        );
        assert!(c.topics.iter().all(|t| t.cells[2].passages == 0));
    }

    #[test]
    fn topic_filter_keeps_only_those_topics() {
        let opts = CompareOptions {
            topics: Some(vec!["reconsideration".into()]),
            ..CompareOptions::default()
        };
        let c = compare(&two_reports(), &opts);
        assert_eq!(c.topics.len(), 1);
        assert!(c.pairs.iter().all(|p| p.topic == "reconsideration"));
        assert!(c.commitments.is_empty());
        assert!(c.metrics.iter().all(|m| m.topic == "reconsideration"));
    }

    #[test]
    fn follow_through_links_plan_to_next_year() {
        let y1 = report(
            "常州市新北区",
            2019,
            &[
                (
                    "enforcement",
                    Kind::Plan,
                    "2020年，我们将深入推进综合行政执法体制改革。",
                ),
                (
                    "transparency",
                    Kind::Plan,
                    "建设政务公开专区，方便群众查阅。",
                ),
            ],
        );
        let y2 = report(
            "新北区",
            2020,
            &[(
                "enforcement",
                Kind::Achievement,
                "深入推进综合行政执法体制改革，组建区综合行政执法局。",
            )],
        );
        let other = report(
            "溧阳市",
            2020,
            &[(
                "enforcement",
                Kind::Achievement,
                "深入推进综合行政执法体制改革。",
            )],
        );
        let c = compare(&[y1, y2, other], &CompareOptions::default());
        assert_eq!(c.follow_through.len(), 2, "{:#?}", c.follow_through);
        let done = &c.follow_through[0];
        assert_eq!(done.plan.report, 0);
        let delivered = done.delivered.as_ref().expect("delivered");
        assert_eq!(delivered.report, 1);
        assert!(c.follow_through[1].delivered.is_none());
    }

    /// The preview is the comparison less its pairing: the same grid, indicators and checks.
    #[test]
    fn preview_is_the_comparison_without_pairing() {
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let reports = crate::pipeline::analyze_files(&[
            samples.join("changzhou-xinbei-2019.txt"),
            samples.join("changzhou-2024-traditional.txt"),
            samples.join("sanming-shaxian-2022.txt"),
        ]);
        let opts = CompareOptions::default();
        let full = compare(&reports, &opts);
        let preview = preview(&reports, &opts);
        assert_eq!(preview.reports, full.reports);
        assert_eq!(preview.topics, full.topics);
        assert_eq!(preview.metrics, full.metrics);
        assert_eq!(preview.checks, full.checks);
        assert!(!full.pairs.is_empty());
        assert!(preview.pairs.is_empty() && preview.commitments.is_empty());
    }
}
