//! The 模板句 tab's lines (data → rows → draw): one per copied sentence, most shared first as the
//! engine orders them, and under each sentence the user opened one per report using it, the
//! earliest year first. Pure, so the order is tested without egui.

use std::collections::BTreeSet;

use crate::model::CopiedSentence;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The copied sentence at this index.
    Sentence(usize),
    /// A report using sentence `sentence`: its column in the comparison and the passage where it
    /// first uses it.
    Use {
        sentence: usize,
        report: usize,
        passage: usize,
    },
}

/// `year` gives a report's year (by column); reports without one come last, then by column.
pub fn build_rows(
    sentences: &[CopiedSentence],
    open: &BTreeSet<usize>,
    year: &dyn Fn(usize) -> Option<i32>,
) -> Vec<Row> {
    let mut rows = Vec::with_capacity(sentences.len());
    for (i, s) in sentences.iter().enumerate() {
        rows.push(Row::Sentence(i));
        if !open.contains(&i) {
            continue;
        }
        let mut uses: Vec<(usize, usize)> = s
            .reports
            .iter()
            .copied()
            .zip(s.passages.iter().copied())
            .collect();
        uses.sort_by_key(|&(report, _)| (year(report).is_none(), year(report), report));
        rows.extend(uses.into_iter().map(|(report, passage)| Row::Use {
            sentence: i,
            report,
            passage,
        }));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(reports: &[usize]) -> CopiedSentence {
        CopiedSentence {
            text: "全面推行行政执法三项制度。".into(),
            reports: reports.to_vec(),
            passages: reports.iter().map(|r| r * 10).collect(),
            earliest_year: None,
            wordings: 1,
        }
    }

    #[test]
    fn an_open_sentence_lists_its_reports_earliest_first() {
        let sentences = [sentence(&[0, 1, 2, 3]), sentence(&[1, 2, 3])];
        let years = [Some(2021), None, Some(2019), Some(2021)];
        let year = |r: usize| years[r];
        assert_eq!(
            build_rows(&sentences, &BTreeSet::new(), &year),
            [Row::Sentence(0), Row::Sentence(1)]
        );
        let open = BTreeSet::from([0]);
        let use_of = |report| Row::Use {
            sentence: 0,
            report,
            passage: report * 10,
        };
        assert_eq!(
            build_rows(&sentences, &open, &year),
            [
                Row::Sentence(0),
                use_of(2),
                use_of(0),
                use_of(3),
                use_of(1),
                Row::Sentence(1)
            ]
        );
    }
}
