//! Sentences → the ones many reports share word for word or nearly (模板句): wording handed down
//! from a template or from each other. Identical sentences (equal vectors) form one class first,
//! so a sentence in 3,000 reports is one search; the classes then pair exactly through the
//! all-pairs search at a cosine that only copies reach (prefix filtering prunes nearly everything
//! at 0.9); the pairs join into groups (union–find), and a group used by [`COPIED_MIN_REPORTS`]
//! reports or more is listed. Text is compared as pairing compares it: Traditional already converted by the
//! analysis, digits folded, punctuation and spaces ignored.
//!
//! Not done: marking sentences taken from the national outline (法治政府建设实施纲要), whose text
//! the program does not have.

use super::candidates::identical_classes;
use super::similarity::{FxMap, Space, all_pairs};
use super::units::Unit;
use crate::model::{CopiedSentence, Report};

/// Vectors fold digits and ignore punctuation; at 0.9 a sentence differs from another by a word
/// or two of twenty ("全面推行行政执法三项制度" / "全面落实行政执法三项制度" are 0.77).
pub const COPIED_SIMILARITY: f32 = 0.9;

/// Two reports sharing a sentence is a pair (the side-by-side view shows it); three make a template.
pub const COPIED_MIN_REPORTS: usize = 3;

pub fn copied(reports: &[Report], units: &[Unit<'_>], space: &Space) -> Vec<CopiedSentence> {
    let vectors: Vec<&[(u32, f32)]> = (0..units.len())
        .map(|i| space.vectors.get(i).map_or(&[][..], |v| v.as_slice()))
        .collect();
    let (class_of, firsts) = identical_classes(&vectors);
    let firsts: Vec<usize> = firsts.into_iter().map(|x| x as usize).collect();
    let mut sets = DisjointSets::new(units.len());
    for (x, &class) in class_of.iter().enumerate() {
        sets.join(x, firsts[class as usize]);
    }
    // One vector per class, each its own group: near copies within a report join too (the
    // reports using a group are counted once each below).
    let reps: Vec<&[(u32, f32)]> = firsts.iter().map(|&x| vectors[x]).collect();
    let own: Vec<usize> = (0..reps.len()).collect();
    for (a, b, _) in all_pairs(&reps, &own, COPIED_SIMILARITY) {
        sets.join(firsts[a], firsts[b]);
    }
    let mut members: FxMap<usize, Vec<usize>> = FxMap::default();
    for i in 0..units.len() {
        members.entry(sets.root(i)).or_default().push(i);
    }
    let mut out: Vec<(usize, CopiedSentence)> = members
        .into_values()
        .filter_map(|group| {
            // Units come in report order, so `group` is too: the first use per report is kept.
            let mut uses: Vec<(usize, usize)> = group
                .iter()
                .map(|&i| (units[i].report, units[i].passage))
                .collect();
            uses.dedup_by_key(|u| u.0);
            if uses.len() < COPIED_MIN_REPORTS {
                return None;
            }
            // The most used wording; ties to the one met first. `group` is in unit order.
            let mut count: FxMap<&str, usize> = FxMap::default();
            for &i in &group {
                *count.entry(units[i].text).or_default() += 1;
            }
            let wordings = count.len();
            let most = count.values().copied().max().unwrap_or(0);
            let text = group
                .iter()
                .map(|&i| units[i].text)
                .find(|t| count[t] == most)
                .unwrap_or_default();
            let (used, passages): (Vec<usize>, Vec<usize>) = uses.into_iter().unzip();
            let earliest_year = used.iter().filter_map(|&r| reports.get(r)?.year).min();
            Some((
                group[0],
                CopiedSentence {
                    text: text.to_string(),
                    reports: used,
                    passages,
                    earliest_year,
                    wordings,
                },
            ))
        })
        .collect();
    out.sort_by_key(|(first, c)| (std::cmp::Reverse(c.reports.len()), *first));
    out.into_iter().map(|(_, c)| c).collect()
}

/// Union–find with path halving and union by size.
struct DisjointSets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn root(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn join(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.root(a), self.root(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}

#[cfg(test)]
mod tests {
    use crate::align::testutil::report;
    use crate::align::{CompareOptions, compare};
    use crate::model::Kind;

    #[test]
    fn a_sentence_in_four_reports_is_copied_one_in_two_is_not() {
        let template = "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。";
        // Other punctuation, no full stop: the same sentence once folded.
        let near = "全面推行行政执法公示制度，执法全过程记录制度和重大执法决定法制审核制度";
        let pair = "组建区综合行政执法局，整合城管、市场监管等领域执法力量。";
        let reports: Vec<_> = [
            ("甲区", 2021, template),
            ("乙区", 2019, template),
            ("丙区", 2020, near),
            ("丁区", 2022, "加强法治宣传教育，开展宪法进社区活动。"),
            ("戊区", 2020, template),
        ]
        .iter()
        .map(|(r, y, t)| {
            report(
                r,
                *y,
                &[
                    ("enforcement", Kind::Achievement, t),
                    ("enforcement", Kind::Achievement, pair),
                ],
            )
        })
        .take(5)
        .collect();
        let mut reports = reports;
        // The second sentence only in two reports: 甲 and 乙 keep it, the others drop it.
        for r in reports.iter_mut().skip(2) {
            r.passages.pop();
        }
        let opts = CompareOptions {
            copied: true,
            ..CompareOptions::default()
        };
        let c = compare(&reports, &opts);
        assert_eq!(c.copied.len(), 1, "{:#?}", c.copied);
        let t = &c.copied[0];
        assert_eq!(t.text, template);
        assert_eq!(t.reports, [0, 1, 2, 4]);
        assert_eq!(t.earliest_year, Some(2019));
        assert_eq!(t.wordings, 2);
        // Not asked for: not computed.
        assert!(
            compare(&reports, &CompareOptions::default())
                .copied
                .is_empty()
        );
        // Found on their own (the app's 模板句 tab), they are the same.
        assert_eq!(
            crate::align::find_copied(&reports, &CompareOptions::default()),
            c.copied
        );
    }

    /// Two words changed of thirty is another sentence, not a copy: 全面推行 / 全面落实 and
    /// 公示 / 公开 in four reports that otherwise share it.
    #[test]
    fn a_near_miss_does_not_group() {
        let a = "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。";
        let b = "全面落实行政执法公开制度、执法全过程记录制度和重大执法决定法制审核制度。";
        let reports: Vec<_> = [("甲区", a), ("乙区", a), ("丙区", b), ("丁区", b)]
            .iter()
            .map(|(r, t)| report(r, 2021, &[("enforcement", Kind::Achievement, t)]))
            .collect();
        let opts = CompareOptions {
            copied: true,
            ..CompareOptions::default()
        };
        // Each wording is in two reports only: neither is a template, and they do not join.
        assert!(compare(&reports, &opts).copied.is_empty());
    }

    /// The worst case for pairing: one sentence in a thousand reports. It is one copied sentence
    /// used by all of them, found without meeting every pair; a sentence whose numbers alone
    /// differ between reports is copied too (numbers aside).
    #[test]
    fn a_sentence_in_a_thousand_reports_is_one_copied_sentence() {
        let template = "严格落实重大行政决策程序规定，重大行政决策合法性审查率达到100%。";
        let reports: Vec<_> = (0..1000)
            .map(|i| {
                let own = format!("第{i}区组织开展第{i}次专项执法检查活动，检查单位共计{i}家。");
                report(
                    &format!("第{i}区"),
                    2015 + (i % 7),
                    &[
                        ("decision", Kind::Achievement, template),
                        ("enforcement", Kind::Achievement, own.as_str()),
                    ],
                )
            })
            .collect();
        let opts = CompareOptions {
            copied: true,
            ..CompareOptions::default()
        };
        let c = compare(&reports, &opts);
        let t = c.copied.first().expect("the template is found");
        assert_eq!(t.text, template);
        assert_eq!(t.reports, (0..1000).collect::<Vec<_>>());
        assert_eq!(t.passages, vec![0; 1000]);
        assert_eq!(t.earliest_year, Some(2015));
        assert_eq!(c.copied.len(), 2, "{:?}", &c.copied[1..]);
        assert_eq!(c.copied[1].reports.len(), 1000);
        assert_eq!(c.copied[1].wordings, 1000);
        // Past the cap each commitment and sentence keeps a bounded number of partners.
        assert!(c.pairs.len() <= 2 * 1000, "{} pairs", c.pairs.len());
    }
}
