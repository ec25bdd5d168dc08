//! Measurements on the sample reports, run by hand (`cargo test --lib probe -- --ignored
//! --nocapture`): pairs printed around the threshold, and the time to compare 300 reports.
//! Until the analysis lands, reports are built here: one passage per line, topics by a few SPEC
//! keywords, plan = lines that promise (将/下一步).

use std::time::Instant;

use super::{CompareOptions, compare};
use crate::model::{Kind, Passage, Report};

const CUES: &[(&str, &[&str])] = &[
    ("enforcement", &["执法", "案卷", "裁量", "处罚"]),
    ("reconsideration", &["复议"]),
    ("normative_docs", &["规范性文件"]),
    (
        "business_env",
        &["营商环境", "市场主体", "双随机", "公平竞争", "信用"],
    ),
    (
        "leadership",
        &["第一责任人", "述法", "领导小组", "法治思想"],
    ),
    (
        "functions",
        &["放管服", "简政放权", "权责清单", "审批", "政务服务"],
    ),
    ("decision", &["重大行政决策", "法律顾问", "合法性审查"]),
    ("litigation", &["应诉", "行政诉讼", "败诉"]),
    ("disputes", &["调解", "信访", "矛盾纠纷"]),
    ("transparency", &["政务公开", "信息公开", "主动公开"]),
    ("legal_education", &["普法", "学法", "法治宣传"]),
    ("legal_services", &["法律援助", "公共法律服务"]),
];

fn sample(name: &str) -> Option<Report> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let text = std::fs::read_to_string(path).ok()?;
    let passages = text
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() > 20)
        .map(|l| {
            let mut topics: Vec<String> = CUES
                .iter()
                .filter(|(_, cues)| cues.iter().any(|c| l.contains(c)))
                .map(|(t, _)| t.to_string())
                .collect();
            if topics.is_empty() {
                topics.push("other".into());
            }
            let plan = l.contains("下一步") || l.contains("我们将") || l.contains("将继续");
            Passage {
                section: String::new(),
                kind: if plan { Kind::Plan } else { Kind::Achievement },
                topics,
                text: l.to_string(),
                sentences: Vec::new(),
                continues: false,
            }
        })
        .collect();
    Some(Report {
        source: name.to_string(),
        region: name.to_string(),
        passages,
        ..Report::default()
    })
}

fn samples() -> Vec<Report> {
    [
        "changzhou-xinbei-2019.txt",
        "liyang-2011-2015.txt",
        "sanming-shaxian-2022.txt",
        "weihai-torch-2017.txt",
    ]
    .into_iter()
    .filter_map(sample)
    .collect()
}

#[test]
#[ignore = "measurement: prints pairs around the threshold"]
fn probe_pairs_around_threshold() {
    let reports = samples();
    let opts = CompareOptions {
        min_similarity: 0.25,
        ..CompareOptions::default()
    };
    let c = compare(&reports, &opts);
    let mut pairs = c.pairs.clone();
    pairs.sort_by(|a, b| a.similarity.total_cmp(&b.similarity));
    for band in [
        (0.25, 0.35),
        (0.35, 0.45),
        (0.45, 0.55),
        (0.55, 0.7),
        (0.7, 1.01),
    ] {
        let inside: Vec<_> = pairs
            .iter()
            .filter(|p| p.similarity >= band.0 && p.similarity < band.1)
            .collect();
        println!("\n== {:.2}..{:.2}: {} pairs", band.0, band.1, inside.len());
        // The band just below the threshold in full; elsewhere eight examples.
        let full = band.0 > 0.3 && band.0 < 0.4;
        let step = if full { 1 } else { (inside.len() / 8).max(1) };
        for p in inside.iter().step_by(step).take(if full { 40 } else { 8 }) {
            let a: String = p.a.text.chars().take(60).collect();
            let b: String = p.b.text.chars().take(60).collect();
            println!("{:.3} [{}]\n  A {a}\n  B {b}", p.similarity, p.topic);
        }
    }
}

/// 300 reports of ~15 KB: the four samples, each copied 75 times with its numbers changed and
/// every seventh line dropped in turn, so copies are near but not equal (worst case: every
/// sentence has 74 near twins).
#[test]
#[ignore = "measurement: time to compare 300 near-copies"]
fn probe_300_near_copies() {
    run_300(false);
}

/// 300 reports that share the samples' vocabulary but little wording: every third character
/// replaced by one of the text's own characters, differently per copy; one line in ten verbatim.
#[test]
#[ignore = "measurement: time to compare 300 distinct reports"]
fn probe_300_distinct() {
    run_300(true);
}

fn scramble(text: &str, k: usize) -> String {
    let pool: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if (i * 31 + k * 17).is_multiple_of(3) && !pool.is_empty() {
                pool[(i * 7919 + k * 104_729) % pool.len()]
            } else {
                c
            }
        })
        .collect()
}

fn run_300(distinct: bool) {
    let base = samples();
    let mut reports = Vec::new();
    for k in 0..300usize {
        let Some(src) = base.get(k % base.len()) else {
            return;
        };
        let mut r = src.clone();
        r.region = format!("{}-{k}", r.region);
        let digit = char::from(b'0' + (k % 10) as u8);
        r.passages = r
            .passages
            .iter()
            .enumerate()
            .filter(|(i, _)| (i + k) % 7 != 0)
            .map(|(i, p)| {
                let mut p = p.clone();
                p.text = p.text.replace('2', &digit.to_string());
                if distinct && (i + k) % 10 != 0 {
                    p.text = scramble(&p.text, k);
                }
                p
            })
            .collect();
        reports.push(r);
    }
    let bytes: usize = reports
        .iter()
        .flat_map(|r| &r.passages)
        .map(|p| p.text.len())
        .sum();
    let topics = super::selected_topics(&CompareOptions::default());
    let t = Instant::now();
    let units = super::units::collect(&reports, &topics);
    println!("units {}: {:.2?}", units.len(), t.elapsed());
    let texts: Vec<&str> = units.iter().map(|u| u.text).collect();
    let space = super::similarity::Space::build(&texts);
    println!("units {} + vectors: {:.2?}", units.len(), t.elapsed());
    let t1 = Instant::now();
    let n: usize = topics
        .iter()
        .map(|topic| {
            super::pairs::topic_pairs(
                &units,
                &space,
                topic,
                0.45,
                false,
                None,
                super::Search::Exact,
            )
            .len()
        })
        .sum();
    println!("mutual-best pairs (no diff) {n}: {:.2?}", t1.elapsed());
    let t = Instant::now();
    let c = compare(&reports, &CompareOptions::default());
    let took = t.elapsed();
    println!(
        "300 reports, {:.1} MB text: {:.2?}; {} pairs, {} commitments",
        bytes as f64 / 1e6,
        took,
        c.pairs.len(),
        c.commitments.len()
    );
}
