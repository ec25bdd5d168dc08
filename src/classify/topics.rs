//! Topic evidence of one sentence: the summed weights of the cue phrases it contains.

use crate::normalize::fold_punct;
use crate::tables::Tables;

/// A sentence carries a topic on its own when its evidence reaches this (one decisive cue, or a
/// strong and a weak one).
pub const OWN_THRESHOLD: u32 = 3;
/// Headings are short and pointed: one strong cue is enough.
pub const HEADING_THRESHOLD: u32 = 2;

/// Evidence per topic (index = topic index).
pub fn scores(text: &str, tables: &Tables) -> Vec<u32> {
    scores_folded(&fold_punct(text), tables)
}

fn scores_folded(folded: &str, tables: &Tables) -> Vec<u32> {
    let mut scores = vec![0u32; tables.topics.len()];
    for m in tables.cues.matcher.find_iter(folded) {
        let p = m.pattern().as_usize();
        scores[tables.cues.cue_topic[p]] += tables.cues.cue_weight[p];
    }
    scores
}

/// Topics the sentence is about on its own evidence. A long sentence names many things in
/// passing ("…结合信息公开、行政复议案件增加的需要,加大执法人员培训"); only topics with at least half
/// the evidence of the strongest one count.
/// Own topics of a sentence (`own_topics`) plus any topic that is the only one a clause of it
/// speaks of ("…,建成行政权力网上公开透明运行系统,…" inside a sentence about 执法): a clause
/// that names one topic alone is about it, however much the rest of the sentence says.
/// Returns the sentence's scores too; one pass over the cue automaton serves both.
pub fn evidence(sentence: &str, tables: &Tables) -> (Vec<u32>, Vec<usize>) {
    const CLAUSE_BREAKS: [char; 4] = [',', ';', ':', '、'];
    let folded = fold_punct(sentence);
    let n = tables.topics.len();
    // Byte offsets where clauses end, and each clause's length in chars.
    let mut ends = Vec::new();
    let mut lengths = Vec::new();
    let mut len = 0usize;
    for (i, c) in folded.char_indices() {
        if CLAUSE_BREAKS.contains(&c) {
            ends.push(i);
            lengths.push(len);
            len = 0;
        } else {
            len += 1;
        }
    }
    ends.push(folded.len());
    lengths.push(len);

    let mut scores = vec![0u32; n];
    let mut clause_scores = vec![0u32; n * ends.len()];
    for m in tables.cues.matcher.find_iter(&folded) {
        let p = m.pattern().as_usize();
        let topic = tables.cues.cue_topic[p];
        let weight = tables.cues.cue_weight[p];
        scores[topic] += weight;
        let clause = ends.partition_point(|&e| e < m.start());
        clause_scores[clause * n + topic] += weight;
    }
    let mut own = own_topics(&scores, tables);
    for (k, &chars) in lengths.iter().enumerate() {
        if chars < 6 {
            continue;
        }
        let s = &clause_scores[k * n..(k + 1) * n];
        let mut strong = (0..n).filter(|&i| s[i] >= OWN_THRESHOLD);
        if let (Some(only), None) = (strong.next(), strong.next())
            && !own.contains(&only)
        {
            own.push(only);
        }
    }
    (scores, own)
}

pub fn own_topics(scores: &[u32], _tables: &Tables) -> Vec<usize> {
    let best = scores.iter().copied().max().unwrap_or(0);
    let floor = OWN_THRESHOLD.max(best.div_ceil(2));
    let mut t: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] >= floor).collect();

    t.sort_by_key(|&i| std::cmp::Reverse(scores[i]));
    t
}

/// The topics of a sentence: its own evidence decides; without any it continues the sentence
/// before (`carry`), else its heading (`prior`). A topic of the heading or of the sentence before
/// that this sentence also speaks of, however weakly, stays: "文件下发后,及时报备" continues the
/// 规范性文件 of the sentence before.
pub fn choose(own: &[usize], scores: &[u32], prior: &[usize], carry: &[usize]) -> Vec<usize> {
    let mut chosen: Vec<usize> = if own.is_empty() {
        if carry.is_empty() {
            prior.to_vec()
        } else {
            carry.to_vec()
        }
    } else {
        let mut t = own.to_vec();
        t.extend(
            prior
                .iter()
                .chain(carry)
                .copied()
                .filter(|&p| scores[p] > 0),
        );
        t
    };
    chosen.sort_unstable();
    chosen.dedup();
    chosen
}

pub fn heading_topics(heading: &str, tables: &Tables) -> Vec<usize> {
    let s = scores(heading, tables);
    let best = s.iter().copied().max().unwrap_or(0);
    if best < HEADING_THRESHOLD {
        return Vec::new();
    }
    // Keep the topics the heading is mainly about, not every passing word.
    (0..s.len())
        .filter(|&i| s[i] >= HEADING_THRESHOLD && s[i] * 2 >= best)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::tables;

    fn own(text: &str) -> Vec<String> {
        let t = tables();
        own_topics(&scores(text, t), t)
            .into_iter()
            .map(|i| t.topics[i].id.clone())
            .collect()
    }

    #[test]
    fn sentence_evidence() {
        assert_eq!(
            own("区司法局共受理法律援助案件825件"),
            vec!["legal_services"]
        );
        assert_eq!(own("换发行政执法证580本"), vec!["enforcement"]);
        assert_eq!(
            own("2019年区政府共收到复议申请26件"),
            vec!["reconsideration"]
        );
        assert!(own("共有196家企业参加了培训").is_empty());
        assert!(own("村(居)法律顾问实现全覆盖").contains(&"legal_services".to_string()));
    }
}
