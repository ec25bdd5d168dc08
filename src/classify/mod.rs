//! Classify: outline → sections and passages tagged with topics and a kind.
//!
//! Each sentence is scored against the topic cues (`topics`). Its own strong evidence decides;
//! a sentence without any inherits from the sentence before it, then from its heading. Heading
//! topics are a prior, not a verdict: a sentence about 法律援助 under a 复议 heading is
//! legal_services. Kinds come from headings, then from paragraph openings (`kind`).
//! Consecutive sentences of one list item with the same tags form one passage.

pub mod kind;
pub mod topics;

use crate::model::{Kind, Passage, Section, Sentence};
use crate::outline::{Outline, segment};
use crate::tables::Tables;

/// A lead sentence is a short announcement, not a paragraph of its own.
const LEAD_MAX_CHARS: usize = 40;

/// The tagged body of one report.
pub struct Tagged {
    pub sections: Vec<Section>,
    pub passages: Vec<Passage>,
}

pub fn tag(outline: &Outline, report_year: Option<i32>, tables: &Tables) -> Tagged {
    let other = tables.topic_index("other");
    let heading_topics: Vec<Vec<usize>> = outline
        .headings
        .iter()
        .map(|h| topics::heading_topics(&h.text, tables))
        .collect();
    let heading_kinds: Vec<Option<Kind>> = outline
        .headings
        .iter()
        .map(|h| kind::heading_kind(&h.text, report_year, tables))
        .collect();

    let mut passages: Vec<Passage> = Vec::new();
    let mut opening_state: Option<Kind> = None;
    let mut current_heading: Option<usize> = None;
    let mut topic_votes: Vec<Vec<u32>> = vec![vec![0; tables.topics.len()]; outline.headings.len()];

    for paragraph in &outline.paragraphs {
        if paragraph.heading != current_heading {
            current_heading = paragraph.heading;
            opening_state = None;
        }
        let prior = inherited(paragraph.heading, outline, &heading_topics);
        let base_kind = inherited_kind(paragraph.heading, outline, &heading_kinds);
        if let Some(k) = kind::opening_kind(&paragraph.text, report_year, tables) {
            opening_state = Some(k);
        }
        let section = paragraph
            .heading
            .map(|h| outline.headings[h].id.clone())
            .unwrap_or_default();

        let mut first_sentence = true;
        for (item_index, item) in segment::items(&paragraph.text).into_iter().enumerate() {
            let mut carry: Vec<usize> = Vec::new();
            let mut carry_kind: Option<Kind> = None;
            let mut tagged: Vec<(&str, Vec<usize>, Kind)> = Vec::new();
            for sentence in segment::sentences(item) {
                // Run-together text hides paragraph breaks: a sentence that opens like a closing
                // paragraph ("2019年,…但也存在不足", "2020年,我们将…") switches the kind too.
                if !first_sentence
                    && let Some(k) = kind::sentence_switch(sentence, report_year, tables)
                {
                    opening_state = Some(k);
                }
                first_sentence = false;
                let paragraph_kind = opening_state.unwrap_or(base_kind);
                // A closing 不足 / 下一步 paragraph under an achievement heading is no longer about
                // that heading's topic, nor about the sentence before the switch.
                let switched = paragraph_kind != base_kind;
                if switched && carry_kind.is_none_or(|k| k != paragraph_kind) {
                    carry.clear();
                }
                carry_kind = Some(paragraph_kind);
                let heading_prior: &[usize] = if switched { &[] } else { &prior };
                let (scores, own) = topics::evidence(sentence, tables);
                let chosen = topics::choose(&own, &scores, heading_prior, &carry, other);
                if !own.is_empty() {
                    carry = chosen.clone();
                }
                if let Some(h) = paragraph.heading {
                    for &t in &chosen {
                        topic_votes[h][t] += 1;
                    }
                }
                let k = kind::sentence_kind(sentence, paragraph_kind, tables);
                tagged.push((sentence, chosen, k));
            }
            // A short lead sentence ("六是加强法制机构队伍建设。", an inline heading) belongs with
            // the body it announces: it takes the topics of the sentence after it as well.
            let opens_with_lead = paragraph.inline_heading
                || item_index > 0
                || segment::starts_with_item_marker(item);
            if opens_with_lead
                && tagged.len() >= 2
                && tagged[0].0.chars().count() <= LEAD_MAX_CHARS
                && tagged[0].2 == tagged[1].2
            {
                let mut union = tagged[0].1.clone();
                union.extend(tagged[1].1.iter().copied());
                union.sort_unstable();
                union.dedup();
                if tagged[0].1.iter().all(|t| tagged[1].1.contains(t)) {
                    tagged[0].1 = tagged[1].1.clone();
                } else {
                    tagged[0].1 = union.clone();
                    tagged[1].1 = union;
                }
            }
            group_into_passages(&mut passages, &section, tagged, tables);
        }
    }

    let sections = outline
        .headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let mut t = heading_topics[i].clone();
            if t.is_empty() {
                // A heading that names no topic ("主要举措和成效") takes its body's main topic.
                if let Some((best, &votes)) =
                    topic_votes[i].iter().enumerate().max_by_key(|(_, v)| **v)
                    && votes > 0
                {
                    t.push(best);
                }
            }
            Section {
                id: h.id.clone(),
                level: h.level,
                heading: h.text.clone(),
                topics: ids(&t, tables),
                kind: inherited_kind(Some(i), outline, &heading_kinds),
            }
        })
        .collect();
    Tagged { sections, passages }
}

/// Consecutive sentences with the same topics and kind form one passage.
fn group_into_passages(
    passages: &mut Vec<Passage>,
    section: &str,
    tagged: Vec<(&str, Vec<usize>, Kind)>,
    tables: &Tables,
) {
    let mut group: Vec<Sentence> = Vec::new();
    let mut key: Option<(Vec<usize>, Kind)> = None;
    let mut continues = false;
    for (text, topics, kind) in tagged {
        let this = (topics, kind);
        if key.as_ref().is_some_and(|k| *k != this) {
            push_passage(passages, section, &mut group, key.take(), continues, tables);
            continues = true;
        }
        group.push(Sentence {
            text: text.to_string(),
            topics: ids(&this.0, tables),
            kind: this.1,
        });
        key = Some(this);
    }
    push_passage(passages, section, &mut group, key, continues, tables);
}

fn push_passage(
    passages: &mut Vec<Passage>,
    section: &str,
    group: &mut Vec<Sentence>,
    key: Option<(Vec<usize>, Kind)>,
    continues: bool,
    tables: &Tables,
) {
    let Some((topics, kind)) = key else { return };
    if group.is_empty() {
        return;
    }
    let text: String = group.iter().map(|s| s.text.as_str()).collect();
    passages.push(Passage {
        section: section.to_string(),
        kind,
        topics: ids(&topics, tables),
        text,
        sentences: std::mem::take(group),
        continues,
    });
}

/// Topic ids for indices; "other" when there are none.
fn ids(topics: &[usize], tables: &Tables) -> Vec<String> {
    if topics.is_empty() {
        return vec!["other".to_string()];
    }
    topics
        .iter()
        .map(|&t| tables.topics[t].id.clone())
        .collect()
}

/// The topics of the innermost heading (walking up) that has any.
fn inherited(heading: Option<usize>, outline: &Outline, topics: &[Vec<usize>]) -> Vec<usize> {
    let mut h = heading;
    while let Some(i) = h {
        if !topics[i].is_empty() {
            return topics[i].clone();
        }
        h = outline.headings[i].parent;
    }
    Vec::new()
}

fn inherited_kind(heading: Option<usize>, outline: &Outline, kinds: &[Option<Kind>]) -> Kind {
    let mut h = heading;
    while let Some(i) = h {
        if let Some(k) = kinds[i] {
            return k;
        }
        h = outline.headings[i].parent;
    }
    Kind::Achievement
}

#[cfg(test)]
mod tests {
    use crate::model::Kind;

    /// A closing 不足 or 下一步 paragraph without a heading of its own does not inherit the topic
    /// of the last heading, nor the topic of the sentence before it.
    #[test]
    fn a_kind_switch_ends_the_heading_prior() {
        let text = "某县2023年法治政府建设情况报告\n\
                    一、全面推进严格规范公正文明执法\n\
                    全县换发行政执法证件120本。组织开展专项检查,工作成效明显。\n\
                    2023年,我县法治政府建设虽然取得一定成效,但也存在一些不足。一是工作推进不够平衡。二是基层力量仍然薄弱。\n\
                    2024年,我县将继续努力,推动各项工作再上新台阶。";
        let report = crate::pipeline::analyze_text("invented.txt", text);
        let find = |needle: &str| {
            report
                .passages
                .iter()
                .flat_map(|p| &p.sentences)
                .find(|s| s.text.contains(needle))
                .unwrap_or_else(|| panic!("no sentence with {needle}"))
        };
        // Under the heading, a sentence without cues of its own takes the heading's topic.
        assert_eq!(find("组织开展专项检查").topics, vec!["enforcement"]);
        for (needle, kind) in [
            ("工作推进不够平衡", Kind::Shortcoming),
            ("基层力量仍然薄弱", Kind::Shortcoming),
            ("推动各项工作再上新台阶", Kind::Plan),
        ] {
            let s = find(needle);
            assert_eq!(s.kind, kind, "{needle}");
            assert!(
                !s.topics.contains(&"enforcement".to_string()),
                "{needle}: {:?}",
                s.topics
            );
        }
    }
}
