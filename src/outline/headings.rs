//! Heading markers: which numbering style a line opens with, and its ordinal.

use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// 第一部分 / 第一章
    Part,
    /// 一、
    Chinese,
    /// (一) （一）
    ChineseParen,
    /// ㈠
    ChineseCircled,
    /// 1. 1、 1．1﹒
    Arabic,
    /// (1) （1）
    ArabicParen,
    /// ①
    Circled,
}

impl Style {
    /// Conventional nesting in Chinese official documents: 第一部分 > 一、 > (一)/㈠ > 1. > (1) > ①.
    pub fn rank(self) -> u8 {
        match self {
            Style::Part => 0,
            Style::Chinese => 1,
            Style::ChineseParen | Style::ChineseCircled => 2,
            Style::Arabic => 3,
            Style::ArabicParen => 4,
            Style::Circled => 5,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct HeadingMarker<'a> {
    pub style: Style,
    /// The ordinal (1 for 一); 0 when unknown.
    pub number: u32,
    /// The text after the marker.
    pub rest: &'a str,
}

static PATTERNS: LazyLock<Vec<(Style, Regex)>> = LazyLock::new(|| {
    let table = [
        (
            Style::Part,
            r"^第([一二三四五六七八九十]{1,3})(?:部分|章)[:：、.\s]*",
        ),
        (Style::Chinese, r"^([一二三四五六七八九十]{1,3})[、.．]\s*"),
        (
            Style::ChineseParen,
            r"^[（(]([一二三四五六七八九十]{1,3})[)）]\s*",
        ),
        (Style::ChineseCircled, r"^([㈠-㈩])\s*"),
        (Style::Arabic, r"^(\d{1,2})[、．﹒.]\s*"),
        (Style::ArabicParen, r"^[（(](\d{1,2})[)）]\s*"),
        (Style::Circled, r"^([①-⑳])\s*"),
    ];
    table
        .into_iter()
        .map(|(style, re)| (style, crate::pattern::compile(re)))
        .collect()
});

pub fn parse_marker(line: &str) -> Option<HeadingMarker<'_>> {
    for (style, re) in PATTERNS.iter() {
        if let Some(caps) = re.captures(line) {
            let whole = caps.get(0)?;
            let token = caps.get(1)?.as_str();
            let rest = &line[whole.end()..];
            // "1.2万户" is a decimal, not heading 1.
            if *style == Style::Arabic && rest.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            if rest.trim().is_empty() {
                return None;
            }
            return Some(HeadingMarker {
                style: *style,
                number: ordinal(token),
                rest,
            });
        }
    }
    None
}

/// 一 → 1, 十二 → 12, ㈢ → 3, ⑤ → 5, "7" → 7.
pub fn ordinal(token: &str) -> u32 {
    if let Ok(n) = token.parse() {
        return n;
    }
    let mut chars = token.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        match c {
            '㈠'..='㈩' => return c as u32 - '㈠' as u32 + 1,
            '①'..='⑳' => return c as u32 - '①' as u32 + 1,
            _ => {}
        }
    }
    crate::extract::numerals::parse_chinese_integer(token).unwrap_or(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_every_style() {
        let cases = [
            ("一、加强领导", Style::Chinese, 1, "加强领导"),
            ("十二、其他", Style::Chinese, 12, "其他"),
            ("（三）深化改革", Style::ChineseParen, 3, "深化改革"),
            ("(四)深化改革", Style::ChineseParen, 4, "深化改革"),
            ("㈡持续推进", Style::ChineseCircled, 2, "持续推进"),
            ("1.深入学习", Style::Arabic, 1, "深入学习"),
            ("2、深入学习", Style::Arabic, 2, "深入学习"),
            ("3﹒深入学习", Style::Arabic, 3, "深入学习"),
            ("(1)加强", Style::ArabicParen, 1, "加强"),
            ("③加强", Style::Circled, 3, "加强"),
            (
                "第二部分:2016—2020年工作思路",
                Style::Part,
                2,
                "2016—2020年工作思路",
            ),
        ];
        for (line, style, number, rest) in cases {
            let m = parse_marker(line).unwrap_or_else(|| panic!("no marker in {line}"));
            assert_eq!((m.style, m.number, m.rest), (style, number, rest), "{line}");
        }
    }

    #[test]
    fn numbers_in_text_are_no_markers() {
        for line in [
            "2019年,我区认真贯彻",
            "1.2万户市场主体",
            "一是坚持党的领导",
            "十九届四中全会",
            "一、",
        ] {
            assert!(parse_marker(line).is_none(), "{line}");
        }
    }
}
