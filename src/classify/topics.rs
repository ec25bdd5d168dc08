//! Topic evidence of one sentence: the summed weights of the cue phrases it contains.

use crate::chars::CLAUSE_MARKS;
use crate::normalize::fold_punct;
use crate::tables::Tables;

/// A sentence carries a topic on its own when its evidence reaches this (one decisive cue, or a
/// strong and a weak one).
pub const OWN_THRESHOLD: u32 = 3;
/// A strong cue (weight 2) is not decisive on its own, but a sentence that names one topic only,
/// strongly, adds it to what it inherits from its heading or the sentence before.
pub const STRONG: u32 = 2;
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

/// One cue phrase found in a sentence (byte offsets in the folded text).
#[derive(Debug, Clone, Copy)]
struct CueHit {
    start: usize,
    end: usize,
    topic: usize,
    weight: u32,
}

/// List items inside a clause end at 、; clauses end at [`CLAUSE_MARKS`] (seen here folded: , ; :).
const ITEM_END: char = '、';

/// Topics the sentence is about on its own evidence, and its scores: one pass over the cue
/// automaton, then the frames of `assets/frames.toml` take back what is only named in passing
/// (a circumstance "在…下", a list of many topics, a law being studied).
///
/// Own topics (`own_topics`) are those with at least half the evidence of the strongest one; a
/// clause that names one topic alone adds it ("…,建成行政权力网上公开透明运行系统,…" inside a
/// sentence about 执法): a clause that speaks of one thing is about it, however much the rest of
/// the sentence says.
pub fn evidence(sentence: &str, tables: &Tables) -> (Vec<u32>, Vec<usize>) {
    let folded = fold_punct(sentence);
    let n = tables.topics.len();
    let mut hits: Vec<CueHit> = tables
        .cues
        .matcher
        .find_iter(&folded)
        .map(|m| CueHit {
            start: m.start(),
            end: m.end(),
            topic: tables.cues.cue_topic[m.pattern().as_usize()],
            weight: tables.cues.cue_weight[m.pattern().as_usize()],
        })
        .collect();
    apply_frames(&folded, &mut hits, tables);

    // Sub-clauses (split at 、 too) for the one-topic-clause rule.
    let mut ends = Vec::new();
    let mut lengths = Vec::new();
    let mut len = 0usize;
    for (i, c) in folded.char_indices() {
        if CLAUSE_MARKS.contains(&c) || c == ITEM_END {
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
    for hit in &hits {
        scores[hit.topic] += hit.weight;
        let clause = ends.partition_point(|&e| e < hit.start);
        clause_scores[clause * n + hit.topic] += hit.weight;
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

/// Byte ranges of the clauses of `text` (split at , ; :).
fn clauses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if CLAUSE_MARKS.contains(&c) {
            out.push((start, i));
            start = i + c.len_utf8();
        }
    }
    out.push((start, text.len()));
    out
}

/// Removes the hits that only name a topic in passing, and adds the evidence a frame gives.
fn apply_frames(folded: &str, hits: &mut Vec<CueHit>, tables: &Tables) {
    let frames = &tables.frames;
    let mut dropped = vec![false; hits.len()];
    let mut added: Vec<CueHit> = Vec::new();
    for (start, end) in clauses(folded) {
        let clause = folded[start..end].trim();
        let inside = |h: &CueHit| h.start >= start && h.end <= end;
        // "在市人大、市政协的监督支持下": whose lead, not what was done.
        if frames
            .circumstance_opens
            .iter()
            .any(|o| clause.starts_with(o.as_str()))
            && frames
                .circumstance_closes
                .iter()
                .any(|c| clause.ends_with(c.as_str()))
        {
            for (k, h) in hits.iter().enumerate() {
                dropped[k] |= inside(h);
            }
            continue;
        }
        for c in &frames.combinations {
            if c.objects.iter().any(|o| clause.contains(o.as_str()))
                && c.actions.iter().any(|a| clause.contains(a.as_str()))
            {
                added.push(CueHit {
                    start,
                    end,
                    topic: c.topic,
                    weight: c.weight,
                });
            }
        }
        // "规章设定的行政职权": the rules are where the power comes from, not what was done.
        for marker in &frames.origin_markers {
            if let Some(at) = clause.rfind(marker.as_str()) {
                let at = folded[start..end].find(clause).unwrap_or(0) + start + at;
                for (k, h) in hits.iter().enumerate() {
                    dropped[k] |= h.start >= start && h.end <= at;
                }
            }
        }
        // "研究部署A、B等问题": an agenda names what a meeting discussed.
        if let Some(from) = agenda_start(clause, &frames.agenda_verbs) {
            let from = folded[start..end].find(clause).unwrap_or(0) + start + from;
            for (k, h) in hits.iter().enumerate() {
                dropped[k] |= h.start >= from && h.end <= end;
            }
        }
        // "对执法、复议、公开等方面的工作作出安排": a list of topics is about its frame.
        let listed = listed_topics(folded, start, end, hits);
        if listed.len() >= frames.enumeration_min_topics {
            for (k, h) in hits.iter().enumerate() {
                dropped[k] |= inside(h) && listed.contains(&h.topic);
            }
        }
    }
    // "加强组织领导,规范行政执法,推进政务公开,深化复议改革": a run of short parallel clauses is a
    // list too, separated by commas instead of 、.
    for (run, listed) in clause_lists(folded, hits, frames.short_clause_chars) {
        if listed.len() >= frames.enumeration_min_topics {
            for (k, h) in hits.iter().enumerate() {
                dropped[k] |= run.0 <= h.start && h.end <= run.1 && listed.contains(&h.topic);
            }
        }
    }
    // "组织干部学习《行政复议法》": the law is studied, not applied.
    for (open, close) in studied_titles(folded, frames) {
        for (k, h) in hits.iter().enumerate() {
            dropped[k] |= h.start >= open && h.end <= close;
        }
        added.push(CueHit {
            start: open,
            end: close,
            topic: frames.study_topic,
            weight: frames.study_weight,
        });
    }
    let mut k = 0;
    hits.retain(|_| {
        k += 1;
        !dropped[k - 1]
    });
    hits.extend(added);
}

/// Where the agenda of a deliberation verb starts in `clause`: after the verb, when what follows
/// is two or more 、-separated items closed by 等.
fn agenda_start(clause: &str, verbs: &[String]) -> Option<usize> {
    let (at, verb) = verbs
        .iter()
        .filter_map(|v| clause.find(v.as_str()).map(|at| (at, v)))
        .min_by_key(|&(at, _)| at)?;
    let from = at + verb.len();
    let rest = &clause[from..];
    let last_item = rest.rfind(ITEM_END)?;
    rest[last_item..].contains('等').then_some(from)
}

/// The distinct topics that the 、-separated items of one clause name, one per item (its
/// strongest topic); empty when the clause is not a list of three items or more.
fn listed_topics(folded: &str, start: usize, end: usize, hits: &[CueHit]) -> Vec<usize> {
    let clause = &folded[start..end];
    let mut bounds: Vec<usize> = clause
        .char_indices()
        .filter(|&(_, c)| c == ITEM_END)
        .map(|(i, _)| start + i)
        .collect();
    if bounds.len() < 2 {
        return Vec::new();
    }
    bounds.push(end);
    let mut topics = Vec::new();
    let mut item_start = start;
    for item_end in bounds {
        if let Some(t) = strongest(hits, item_start, item_end)
            && !topics.contains(&t)
        {
            topics.push(t);
        }
        item_start = item_end;
    }
    topics
}

/// Runs of three or more consecutive short clauses (at most `short` chars each), with the distinct
/// topics their clauses name (each clause its strongest one): (byte range of the run, topics).
fn clause_lists(folded: &str, hits: &[CueHit], short: usize) -> Vec<((usize, usize), Vec<usize>)> {
    let mut out = Vec::new();
    let mut run: Vec<(usize, usize)> = Vec::new();
    let mut flush = |run: &mut Vec<(usize, usize)>| {
        if run.len() >= 3 {
            let mut topics = Vec::new();
            for &(start, end) in run.iter() {
                if let Some(t) = strongest(hits, start, end)
                    && !topics.contains(&t)
                {
                    topics.push(t);
                }
            }
            out.push(((run[0].0, run[run.len() - 1].1), topics));
        }
        run.clear();
    };
    for (start, end) in clauses(folded) {
        if folded[start..end].trim().chars().count() <= short {
            run.push((start, end));
        } else {
            flush(&mut run);
        }
    }
    flush(&mut run);
    out
}

/// The one topic with the most evidence among the hits that start in `start..end`, if any.
fn strongest(hits: &[CueHit], start: usize, end: usize) -> Option<usize> {
    let mut per_topic: Vec<(usize, u32)> = Vec::new();
    for h in hits
        .iter()
        .filter(|h| h.start >= start && h.start < end && h.weight > 0)
    {
        match per_topic.iter_mut().find(|(t, _)| *t == h.topic) {
            Some((_, w)) => *w += h.weight,
            None => per_topic.push((h.topic, h.weight)),
        }
    }
    let best = per_topic.iter().map(|&(_, w)| w).max()?;
    let mut top = per_topic.iter().filter(|&&(_, w)| w == best);
    match (top.next(), top.next()) {
        (Some(&(t, _)), None) => Some(t),
        _ => None,
    }
}

/// Byte ranges of the 《…》 titles that a study verb governs (in the same clause, within the
/// frame's window of characters before the title).
fn studied_titles(folded: &str, frames: &crate::tables::Frames) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = folded[from..].find('《') {
        let open = from + rel;
        let Some(close_rel) = folded[open..].find('》') else {
            break;
        };
        let close = open + close_rel + '》'.len_utf8();
        let before: String = {
            let head = &folded[..open];
            let clause_start = head
                .rfind(|c: char| CLAUSE_MARKS.contains(&c) || c == '。')
                .map_or(0, |i| i + 1);
            let chars: Vec<char> = head[clause_start..].chars().collect();
            let skip = chars.len().saturating_sub(frames.study_window);
            chars[skip..].iter().collect()
        };
        // "学习《A》、《B》": a title listed right after a studied one is studied too.
        let follows_studied = out.last().is_some_and(|&(_, prev_close): &(usize, usize)| {
            matches!(folded[prev_close..open].trim(), "、" | "和" | "及" | "")
        });
        // The rest of the clause after the title: "将《X》作为学法重点".
        let after = {
            let tail = &folded[close..];
            &tail[..tail
                .find(|c: char| CLAUSE_MARKS.contains(&c) || c == '。')
                .unwrap_or(tail.len())]
        };
        if follows_studied
            || frames
                .study_verbs
                .iter()
                .any(|v| before.contains(v.as_str()) || after.contains(v.as_str()))
        {
            out.push((open, close));
        }
        from = close;
    }
    out
}

pub fn own_topics(scores: &[u32], _tables: &Tables) -> Vec<usize> {
    let best = scores.iter().copied().max().unwrap_or(0);
    let floor = OWN_THRESHOLD.max(best.div_ceil(2));
    let mut t: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] >= floor).collect();

    t.sort_by_key(|&i| std::cmp::Reverse(scores[i]));
    t
}

/// The topics of a sentence: its own evidence decides; without any it continues the sentence
/// before (`carry`), else its heading (`prior`), plus the one topic it names strongly if it names
/// only one ("在全省率先开展交通运输执法专项整治" under a heading about something else). A topic of the heading or of the sentence before
/// that this sentence also speaks of, however weakly, stays: "文件下发后,及时报备" continues the
/// 规范性文件 of the sentence before.
///
/// `other` (the index of the catch-all topic) is never added that way: it is what a sentence is
/// when it is about none of the others.
pub fn choose(
    own: &[usize],
    scores: &[u32],
    prior: &[usize],
    carry: &[usize],
    other: Option<usize>,
) -> Vec<usize> {
    let mut chosen: Vec<usize> = if own.is_empty() {
        let mut t = if carry.is_empty() {
            prior.to_vec()
        } else {
            carry.to_vec()
        };
        let mut named = (0..scores.len()).filter(|&i| scores[i] > 0);
        if let (Some(only), None) = (named.next(), named.next())
            && scores[only] >= STRONG
            && Some(only) != other
        {
            t.push(only);
        }
        t
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

    fn about(text: &str) -> Vec<String> {
        let t = tables();
        let mut ids: Vec<String> = evidence(text, t)
            .1
            .into_iter()
            .map(|i| t.topics[i].id.clone())
            .collect();
        ids.sort();
        ids
    }

    /// A circumstance ("在…下") names who led or watched, not what was done.
    #[test]
    fn frames_circumstance() {
        for sentence in [
            "在县人大、县政协的监督支持下,全县各项工作稳步推进",
            "在上级审计部门的指导下,顺利完成年度目标",
        ] {
            assert_eq!(about(sentence), Vec::<String>::new(), "{sentence}");
        }
        // Outside such a clause the same words still count.
        assert_eq!(about("认真办理人大代表建议和政协提案"), vec!["oversight"]);
    }

    /// A list of three or more topics is about its frame; a list within one topic is about it.
    #[test]
    fn frames_enumeration() {
        for sentence in [
            "对行政执法、行政复议、政务公开等方面的工作作出统筹安排",
            "围绕行政审批改革、规范性文件管理、矛盾纠纷化解等重点任务开展调研",
        ] {
            let got = about(sentence);
            for listed in [
                "enforcement",
                "reconsideration",
                "transparency",
                "functions",
            ] {
                assert!(!got.contains(&listed.to_string()), "{sentence}: {got:?}");
            }
        }
        assert_eq!(
            about("健全人民调解、行政调解、信访化解衔接机制"),
            vec!["disputes"]
        );
        // Two topics are no enumeration: the sentence is about both.
        assert_eq!(
            about("加强行政执法与行政复议工作衔接"),
            vec!["enforcement", "reconsideration"]
        );
    }

    /// What a meeting deliberates is its agenda; one item named alone is still that item's work.
    #[test]
    fn frames_agenda() {
        let got = about("县政府常务会议研究部署行政复议体制改革、规范性文件清理等事项");
        assert!(
            !got.contains(&"reconsideration".to_string())
                && !got.contains(&"normative_docs".to_string()),
            "{got:?}"
        );
        assert_eq!(
            about("县政府召开专题会议研究部署行政复议工作"),
            vec!["reconsideration"]
        );
        // A list without a deliberation verb is no agenda.
        assert_eq!(
            about("推进行政复议体制改革、规范性文件清理等工作"),
            vec!["normative_docs", "reconsideration"]
        );
    }

    /// Short parallel clauses separated by commas are a list as well.
    #[test]
    fn frames_clause_list() {
        let got = about("加强组织领导,规范行政执法,推进政务公开,深化复议改革,全面提升依法行政水平");
        for listed in ["enforcement", "transparency", "reconsideration"] {
            assert!(!got.contains(&listed.to_string()), "{got:?}");
        }
        // Clauses about one topic are about it.
        assert_eq!(
            about("规范行政执法,严格执法程序,落实执法责任"),
            vec!["enforcement"]
        );
        // Long clauses are statements, not a list.
        assert!(
            about("全县全面推行行政执法三项制度并开展专项检查,办理行政复议案件三十件并全部审结,主动公开政府信息两千余条")
                .contains(&"reconsideration".to_string())
        );
    }

    /// A law being studied or publicised is legal education; a law applied keeps its topic.
    #[test]
    fn frames_study() {
        assert_eq!(
            about("组织全体干部学习《行政复议法》和《行政诉讼法》"),
            vec!["legal_education"]
        );
        assert_eq!(
            about("深入宣传《优化营商环境条例》"),
            vec!["legal_education"]
        );
        assert!(about("严格贯彻执行《行政复议法》").contains(&"reconsideration".to_string()));
        // The study verb may follow the title in its clause.
        assert_eq!(
            about("把《行政处罚法》列为领导干部学法重点内容"),
            vec!["legal_education"]
        );
        assert!(
            about("依照《行政复议法》受理复议申请,组织学习")
                .contains(&"reconsideration".to_string())
        );
    }

    /// The legal source of a power named as its modifier is not what the sentence is about.
    #[test]
    fn frames_origin() {
        assert!(
            !about("清理地方性法规和政府规章设定的行政许可事项")
                .contains(&"rulemaking".to_string())
        );
        assert!(!about("取消规范性文件自行设定的证明材料").contains(&"normative_docs".to_string()));
        assert!(about("制定政府规章3件,规范行政许可设定").contains(&"rulemaking".to_string()));
    }

    /// Deliberating or deploying rule-of-law building as a whole is leadership work; deploying
    /// one part of it keeps that part's topic.
    #[test]
    fn frames_combination() {
        assert_eq!(
            about("县政府召开专题会议研究部署法治政府建设工作"),
            vec!["leadership"]
        );
        assert_eq!(
            about("明确各部门推进依法行政的工作职责"),
            vec!["leadership"]
        );
        assert_eq!(
            about("县政府召开专题会议研究部署行政复议工作"),
            vec!["reconsideration"]
        );
    }

    /// Vocabulary families added for reports nobody tuned for; every sentence here is invented.
    #[test]
    fn vocabulary_families() {
        let cases: &[(&str, &str)] = &[
            // Serving enterprises is business-environment work.
            ("镇领导班子每月走访辖区重点企业", "business_env"),
            ("建立企业诉求快速响应机制", "business_env"),
            ("开展包联帮扶中小微企业活动", "business_env"),
            ("构建亲清政商关系", "business_env"),
            ("推行经营主体住所申报承诺制", "business_env"),
            ("完善对企服务专员制度", "business_env"),
            // Powers handed down, bodies and functions re-arranged.
            ("向街道下放城市管理权限12项", "functions"),
            ("承接市级下放行政许可事项", "functions"),
            ("完成内设机构调整", "functions"),
            ("对局机关各科室职能进行整合", "functions"),
            // The people's congress supervising, inspection tours and audits.
            ("县人大常委会视察我县行政执法工作", "oversight"),
            ("认真抓好省委巡察反馈意见整改", "oversight"),
            // Contracts deliberated are decisions.
            ("县政府常务会议研究政府投资项目合作协议", "decision"),
            // Awareness of the rule of law, courses and trainees.
            ("增强群众的法律意识", "legal_education"),
            ("举办法治政府建设专题培训班", "legal_education"),
            ("开设依法行政网络课程", "legal_education"),
            ("评选民主法制示范社区", "legal_education"),
            // Townships govern by law; the principal leaders are responsible.
            ("召开依法治镇委员会全体会议", "leadership"),
            ("实行主要领导负总责、分管领导具体抓", "leadership"),
            ("执法领域突出问题专项整治取得实效", "enforcement"),
        ];
        for (sentence, topic) in cases {
            assert!(
                about(sentence).contains(&topic.to_string()),
                "{sentence}: {:?}, wanted {topic}",
                about(sentence)
            );
        }
        // One word of a pair is not enough.
        for (sentence, topic) in [
            ("全县企业数量稳步增长", "business_env"),
            ("召开人大代表座谈会", "oversight"),
            ("签订劳动合同", "decision"),
            ("部门职能较多", "functions"),
            ("对企业违法排污行为进行处罚", "business_env"),
        ] {
            assert!(
                !about(sentence).contains(&topic.to_string()),
                "{sentence}: {:?}",
                about(sentence)
            );
        }
    }

    /// A sentence without decisive evidence inherits; one topic named strongly is added to that.
    #[test]
    fn strong_single_cue_adds_to_inherited() {
        let t = tables();
        let id = |name: &str| t.topics.iter().position(|x| x.id == name).unwrap();
        let (scores, own) = evidence("在全省率先开展交通运输执法专项整治", t);
        assert!(own.is_empty());
        let prior = [id("leadership")];
        let got = choose(&own, &scores, &prior, &[], t.topic_index("other"));
        assert_eq!(got.len(), 2);
        assert!(got.contains(&id("enforcement")) && got.contains(&id("leadership")));
        // Two topics named, each weakly or strongly: only what is inherited.
        let (scores, own) = evidence("审批和执法工作有序开展", t);
        assert!(own.is_empty());
        assert_eq!(
            choose(&own, &scores, &prior, &[], t.topic_index("other")),
            prior.to_vec()
        );
    }

    #[test]
    fn sentence_evidence() {
        assert_eq!(
            own("区司法局共受理法律援助案件825件"),
            vec!["legal_services"]
        );
        assert_eq!(own("换发行政执法证580本"), vec!["enforcement"]);
        assert_eq!(own("坚持严格规范公正文明执法"), vec!["enforcement"]);
        assert_eq!(own("持续激发各类经营主体活力"), vec!["business_env"]);
        assert_eq!(
            own("2019年区政府共收到复议申请26件"),
            vec!["reconsideration"]
        );
        assert!(own("共有196家企业参加了培训").is_empty());
        assert!(own("村(居)法律顾问实现全覆盖").contains(&"legal_services".to_string()));
    }
}
