//! Outline: normalized lines → title, headings (with levels) and body paragraphs.
//!
//! Heading styles (一、 (一) ㈠ 1. 1、 (1) ① 第一部分 …) are recognised by `headings`; levels come
//! from the order in which styles first appear, as a reader infers them, so a report that starts
//! with (一) still nests 1. under it. Numbers may skip, repeat or restart: that only adds a warning.
//! Text hard-wrapped at a page margin (PDFs) is first rejoined into paragraphs (`wrapped`).

pub mod gazetteer;
pub mod headings;
pub mod meta;
pub mod published;
pub mod region;
pub mod segment;
pub mod wrapped;

use headings::{HeadingMarker, parse_marker};

/// One heading in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// Dotted position ("3.2").
    pub id: String,
    pub level: u8,
    pub text: String,
    /// Index of the enclosing heading.
    pub parent: Option<usize>,
}

/// A block of body text under `heading` (None before the first heading).
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub heading: Option<usize>,
    pub text: String,
    /// The paragraph opened with an inline heading ("(一)加强执法。正文"); `text` starts with
    /// the heading sentence.
    pub inline_heading: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    pub title: Option<String>,
    pub headings: Vec<Heading>,
    pub paragraphs: Vec<Paragraph>,
    pub warnings: Vec<String>,
}

/// A heading's own text is at most this long; a longer numbered line is a numbered paragraph.
const MAX_HEADING_CHARS: usize = 60;

pub fn build(lines: &[String]) -> Outline {
    let lines = wrapped::rejoin(lines, find_title(lines));
    let lines = lines.as_ref();
    let mut outline = Outline::default();
    let mut body_start = 0;
    if let Some(i) = find_title(lines) {
        outline.title = Some(lines[i].clone());
        body_start = i + 1;
    }
    let last_body = last_body_line(lines);

    // Stack of (style, heading index, last number) for the open headings.
    let mut stack: Vec<(headings::Style, usize, u32)> = Vec::new();
    // Counters that build the dotted ids.
    let mut counters: Vec<u32> = Vec::new();

    for (i, line) in lines.iter().enumerate().skip(body_start) {
        if i > last_body || is_non_body(line) {
            continue;
        }
        let marker = parse_marker(line);
        let Some(HeadingMarker {
            style,
            number,
            rest,
        }) = marker
        else {
            push_body(&mut outline, &stack, line, false);
            continue;
        };
        let (heading_text, body) = split_inline_heading(rest);
        let Some(heading_text) = heading_text else {
            // A long numbered paragraph: body text, not a heading.
            push_body(&mut outline, &stack, line, false);
            continue;
        };

        // Level: pop to this style if open, else nest one deeper.
        let level = match stack.iter().position(|(s, _, _)| *s == style) {
            Some(pos) => {
                let expected = stack[pos].2 + 1;
                if number != 0 && number != expected && number != 1 {
                    outline.warnings.push(format!(
                        "heading number {} after {} ({})",
                        number, stack[pos].2, heading_text
                    ));
                }
                stack.truncate(pos);
                pos + 1
            }
            None => {
                // A style that ranks above open ones ("二、" after a preamble that began with
                // "(一)") closes them: a reader never nests 一、 inside (一).
                let keep = stack
                    .iter()
                    .position(|(s, _, _)| s.rank() > style.rank())
                    .unwrap_or(stack.len());
                stack.truncate(keep);
                stack.len() + 1
            }
        };

        counters.truncate(level);
        while counters.len() < level {
            counters.push(0);
        }
        counters[level - 1] += 1;
        let id = counters
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(".");
        let parent = stack.last().map(|(_, h, _)| *h);
        let index = outline.headings.len();
        outline.headings.push(Heading {
            id,
            level: level.min(u8::MAX as usize) as u8,
            text: heading_text.to_string(),
            parent,
        });
        stack.push((style, index, number));
        if let Some(body) = body {
            // Keep the heading sentence with its body: it is the paragraph's topic sentence.
            let text = format!("{heading_text}{body}");
            push_body(&mut outline, &stack, &text, true);
        }
    }
    outline
}

fn push_body(
    outline: &mut Outline,
    stack: &[(headings::Style, usize, u32)],
    text: &str,
    inline: bool,
) {
    outline.paragraphs.push(Paragraph {
        heading: stack.last().map(|(_, h, _)| *h),
        text: text.to_string(),
        inline_heading: inline,
    });
}

/// Splits "加强执法。正文…" into the heading and the body after it. A short line without a body is a
/// heading alone; a long line without an early sentence end is no heading (None).
fn split_inline_heading(rest: &str) -> (Option<&str>, Option<&str>) {
    let rest = rest.trim_start_matches([' ', '\u{3000}', ':', '：']);
    let chars = rest.chars().count();
    let end = rest
        .char_indices()
        .take(MAX_HEADING_CHARS + 1)
        .find(|(_, c)| matches!(c, '。' | '！' | '？' | '!' | '?'));
    match end {
        Some((pos, c)) => {
            let split = pos + c.len_utf8();
            let body = rest[split..].trim();
            if body.is_empty() {
                (Some(rest[..pos].trim()), None)
            } else {
                (Some(rest[..split].trim()), Some(body))
            }
        }
        None if chars <= MAX_HEADING_CHARS => (Some(rest.trim()), None),
        None => (None, None),
    }
}

/// The title is a short line near the top that names the report (and is no heading or sentence).
fn find_title(lines: &[String]) -> Option<usize> {
    lines.iter().take(6).position(|line| {
        let n = line.chars().count();
        (6..=70).contains(&n)
            && !line.contains('。')
            && parse_marker(line).is_none()
            && (line.contains("报告") || line.contains("法治政府建设") || line.contains("工作情况"))
            && !line.ends_with(':')
            && !line.ends_with('：')
    })
}

/// Salutations ("三明市人民政府:"), bare dates and signature lines are not body text.
fn is_non_body(line: &str) -> bool {
    let n = line.chars().count();
    if n <= 20 && (line.ends_with(':') || line.ends_with('：')) && !line.contains('。') {
        return true;
    }
    is_date_line(line)
}

fn is_date_line(line: &str) -> bool {
    // Dates are short; skip the work for body lines.
    if line.len() > 40 {
        return false;
    }
    let rest: String = line
        .chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
        .collect();

    line.chars().any(|c| c.is_ascii_digit())
        && matches!(rest.as_str(), "年月日" | "年月" | "年" | "--" | "-")
}

/// The last line that is report text: trailing signature lines (short, no sentence punctuation)
/// are dropped.
fn last_body_line(lines: &[String]) -> usize {
    let mut last = lines.len().saturating_sub(1);
    while last > 0 {
        let line = &lines[last];
        let signature = line.chars().count() <= 30
            && !line.contains(['。', ',', '，', ';', '；'])
            && parse_marker(line).is_none();
        if !(signature || is_date_line(line)) {
            break;
        }
        last -= 1;
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn nests_styles_in_order_of_appearance() {
        let o = build(&lines(
            "某市2019年法治政府建设工作报告\n导语。\n一、加强领导\n(一)学习\n正文一。\n(二)考核。考核正文。\n二、执法\n1.改革\n正文二。\n三明市人民政府\n2020年1月2日",
        ));
        assert_eq!(o.title.as_deref(), Some("某市2019年法治政府建设工作报告"));
        let h: Vec<(&str, u8, &str)> = o
            .headings
            .iter()
            .map(|h| (h.id.as_str(), h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            h,
            vec![
                ("1", 1, "加强领导"),
                ("1.1", 2, "学习"),
                ("1.2", 2, "考核。"),
                ("2", 1, "执法"),
                ("2.1", 2, "改革"),
            ]
        );
        let p: Vec<(Option<usize>, &str)> = o
            .paragraphs
            .iter()
            .map(|p| (p.heading, p.text.as_str()))
            .collect();
        assert_eq!(
            p,
            vec![
                (None, "导语。"),
                (Some(1), "正文一。"),
                (Some(2), "考核。考核正文。"),
                (Some(4), "正文二。"),
            ]
        );
    }

    #[test]
    fn circled_and_part_headings_and_skipped_numbers() {
        let o = build(&lines(
            "第一部分:2011—2015年工作总结\n一、甲\n正文。\n三、丙\n正文。\n第二部分:工作思路\n㈠持续推进。正文。",
        ));
        let ids: Vec<&str> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["1", "1.1", "1.2", "2", "2.1"]);
        assert_eq!(o.warnings.len(), 1, "{:?}", o.warnings);
    }

    #[test]
    fn a_higher_style_closes_lower_ones() {
        let o = build(&lines(
            "(一)前言小节\n正文。\n一、甲\n(一)子\n正文。\n二、乙",
        ));
        let h: Vec<(&str, u8)> = o
            .headings
            .iter()
            .map(|h| (h.id.as_str(), h.level))
            .collect();
        assert_eq!(h, vec![("1", 1), ("2", 1), ("2.1", 2), ("3", 1)]);
    }

    #[test]
    fn long_numbered_line_is_body() {
        let long = format!("1.{}", "这是一个很长的编号段落".repeat(10));
        let o = build(&lines(&format!("一、标题\n{long}")));
        assert_eq!(o.headings.len(), 1);
        assert_eq!(o.paragraphs.len(), 1);
    }
}
