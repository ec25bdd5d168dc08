//! Hard-wrapped text → one line per paragraph.
//!
//! A PDF's text layer (and text copied out of one) breaks every paragraph at the page margin, so a
//! sentence, a number and its unit ("26\n件") can land on two lines. Such text has a tell: most of
//! its long lines are one width, the margin, and a line there that does not end a sentence goes on
//! in the next. A text with a paragraph per line has no common width among its long lines and is
//! left as it is.
//!
//! A paragraph whose line ends in a full stop exactly at the margin stays split there: without the
//! first-line indent, which the text layer drops, nothing tells a new paragraph from a new sentence.
//! Its sentences keep their topics and kinds either way.

use std::borrow::Cow;

use super::headings::parse_marker;

/// Lines narrower than this (in full-width characters) are never counted as reaching a margin: a
/// page of Chinese body text is 25–45 characters wide, and headings and signatures are short.
const MIN_MARGIN: u32 = 20;

/// How many of the long lines must sit at one width before the text counts as hard-wrapped, and
/// how many long lines that takes at least.
const MARGIN_SHARE: f64 = 0.4;
const MIN_WRAPPED_LINES: usize = 6;

/// Joins each line that reaches the margin without ending a sentence to the line after it, unless
/// that one opens a heading. The title line (`title`, an index into `lines`) is neither joined nor
/// joined to: a title as wide as the page, with the date line after it, is not a paragraph.
pub fn rejoin(lines: &[String], title: Option<usize>) -> Cow<'_, [String]> {
    let widths: Vec<u32> = lines.iter().map(|l| half_width_units(l)).collect();
    let Some(margin) = margin(&widths) else {
        return Cow::Borrowed(lines);
    };
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut open = false;
    for (i, (line, width)) in lines.iter().zip(&widths).enumerate() {
        let is_title = title == Some(i);
        match out.last_mut() {
            Some(last) if open && !is_title && parse_marker(line).is_none() => {
                // Latin words broken at the margin get their space back; a number cut in two
                // ("75" / "00余件") does not.
                if last.ends_with(|c: char| c.is_ascii_alphabetic())
                    && line.starts_with(|c: char| c.is_ascii_alphabetic())
                {
                    last.push(' ');
                }
                last.push_str(line);
            }
            _ => out.push(line.clone()),
        }
        open = !is_title && at_margin(*width, margin) && !ends_sentence(line);
    }
    Cow::Owned(out)
}

/// Width as printed: Han and full-width forms take two units, ASCII (digits in a proportional
/// font, Latin) one.
fn half_width_units(line: &str) -> u32 {
    // By bytes, not chars (this runs on every line of every report): an ASCII byte is one unit,
    // the lead byte of any other character two, continuation bytes nothing.
    line.bytes()
        .map(|b| match b {
            0..=0x7F => 1,
            0xC0.. => 2,
            _ => 0,
        })
        .sum()
}

/// A line at the margin may be up to two and a half characters short (a paragraph's first line is
/// indented by two, which the text layer does not keep; a digit or a word pushed to the next line)
/// or one over (punctuation that may not start a line hangs in the margin).
fn at_margin(width: u32, margin: u32) -> bool {
    margin_window(margin).contains(&width)
}

/// The widths (in half-width units) that count as reaching `margin`.
fn margin_window(margin: u32) -> std::ops::RangeInclusive<u32> {
    margin.saturating_sub(5)..=margin + 2
}

/// The width most long lines share, if enough of them do.
fn margin(widths: &[u32]) -> Option<u32> {
    let long: Vec<u32> = widths
        .iter()
        .copied()
        .filter(|w| *w >= 2 * MIN_MARGIN)
        .collect();
    if long.len() < MIN_WRAPPED_LINES {
        return None;
    }
    let mut counts = std::collections::BTreeMap::<u32, usize>::new();
    for w in &long {
        *counts.entry(*w).or_default() += 1;
    }
    // The candidate with the most lines within its window; ties go to the wider one.
    let (margin, share) = counts
        .keys()
        .map(|m| {
            let within = counts
                .range(margin_window(*m))
                .map(|(_, n)| n)
                .sum::<usize>();
            (*m, within)
        })
        .max_by_key(|(m, n)| (*n, *m))?;
    (share >= MIN_WRAPPED_LINES && share as f64 >= MARGIN_SHARE * long.len() as f64)
        .then_some(margin)
}

/// Ends with a full stop, question or exclamation mark or semicolon, possibly inside a closing
/// quote or bracket. Not a colon: "其中:" at the margin goes on with its list, and "如下:" is
/// followed by a heading, which is never joined anyway.
fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['”', '’', '」', '』', ')', '）', '"', '\'']);
    trimmed.ends_with(['。', '！', '？', '；', '!', '?', ';', '.'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    /// The samples' style: a paragraph per line, headings of similar lengths. Nothing is joined.
    #[test]
    fn a_paragraph_per_line_is_left_alone() {
        let text = lines(
            "一、加强党对法治政府建设的领导工作\n\
             全年召开常务会议研究法治政府建设工作，听取专题汇报两次，部署年度重点任务并逐项抓好落实。\n\
             二、深化行政执法体制改革推进工作\n\
             推行行政执法三项制度，全区执法人员全部持证上岗。\n\
             三、强化行政复议和应诉工作机制\n\
             全年收到行政复议申请26件，依法受理22件，纠错率10.5%，行政机关负责人出庭应诉率100%。\n\
             四、推进政务公开和信息化建设\n\
             主动公开政府信息3200余条。",
        );
        assert!(matches!(rejoin(&text, None), Cow::Borrowed(_)));
    }

    /// A page at 20 characters a line: paragraphs rejoin, headings and sentence ends stay breaks,
    /// and a number split from its unit comes back together.
    #[test]
    fn lines_broken_at_the_margin_are_joined() {
        let paragraphs = [
            "一、严格规范公正文明执法",
            "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，全年办理行政处罚案件1234件，同比增长百分之十二。",
            "组织开展行政执法案卷评查活动，共评查案卷三百余卷，发现问题四十余个并督促整改到位。",
            "二、加强行政复议工作",
            "全年收到行政复议申请26件，依法受理22件，审结20件，纠错率为百分之十点五，复议决定履行率百分之百，行政争议实质性化解成效明显。",
        ];
        let mut wrapped = Vec::new();
        for p in paragraphs {
            let chars: Vec<char> = p.chars().collect();
            let mut start = 0;
            while start < chars.len() {
                // 20 full-width characters, or 40 units with the digits at half width.
                let mut units = 0;
                let mut end = start;
                while end < chars.len() && units + half_width_units(&chars[end].to_string()) <= 40 {
                    units += half_width_units(&chars[end].to_string());
                    end += 1;
                }
                wrapped.push(chars[start..end].iter().collect::<String>());
                start = end;
            }
        }
        assert!(wrapped.len() >= 10, "{wrapped:?}");
        let joined = rejoin(&wrapped, None);
        assert_eq!(joined.as_ref(), paragraphs.map(str::to_string).as_slice());
    }

    #[test]
    fn numbers_cut_at_the_margin_stay_whole() {
        let mut text: Vec<String> = Vec::new();
        for _ in 0..4 {
            text.push("全区深入开展矛盾纠纷排查化解工作，全年完成人民调解75".into());
            text.push("00余件，调解成功率达到百分之九十八以上，有效维护了社会稳".into());
            text.push("定。".into());
        }
        let joined = rejoin(&text, None);
        assert_eq!(joined.len(), 4, "{joined:?}");
        assert!(joined[0].contains("人民调解7500余件"), "{}", joined[0]);
    }

    #[test]
    fn sentence_ends_inside_quotes_count() {
        assert!(ends_sentence("他说：“依法行政。”"));
        assert!(!ends_sentence("其中："));
        assert!(!ends_sentence("全年办理行政处罚案件"));
    }
}
