//! Word's automatic numbering → the labels Word prints ("一、", "（二）", "1.").
//!
//! A heading numbered by Word keeps its "一、" in `word/numbering.xml`, not in its text, and the
//! outline finds headings by those labels. So a numbered paragraph gets the label Word would show:
//! its level's `lvlText` ("%1、", "（%2）") with each `%n` replaced by the running count of level n
//! in that level's format. Numbering comes from the paragraph (`w:numPr`) or from its style
//! (`word/styles.xml`, how "Heading 1" is usually numbered). Bullets and levels without a label
//! give nothing.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

/// Word has nine list levels (ilvl 0–8).
const LEVELS: usize = 9;

/// A printed label is a few characters ("第%1章", "%1.%2.%3."); a level text longer than this is
/// cut, so that a hostile "%1" repeated 100 000 times cannot print megabytes before each paragraph.
const MAX_LEVEL_TEXT_CHARS: usize = 32;

#[derive(Debug, Clone, PartialEq)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// `w:isLgl`: every count in the label in digits ("1.1.", not "一.1.").
    legal: bool,
}

/// The list definitions of one document.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<u32, u32>,
    /// (abstractNumId, ilvl) → level.
    levels: HashMap<(u32, usize), Level>,
    /// styleId → (numId, ilvl) of a numbered paragraph style.
    styles: HashMap<String, (u32, Option<usize>)>,
    /// abstractNumId → the last count at each level (None: not used since its parent moved on).
    counters: HashMap<u32, [Option<u32>; LEVELS]>,
}

/// What a paragraph's `w:pPr` says about its numbering.
#[derive(Debug, Default, Clone)]
pub(super) struct ParagraphNumbering {
    pub style: Option<String>,
    pub num_id: Option<u32>,
    pub ilvl: Option<usize>,
}

impl ParagraphNumbering {
    /// Reads `w:pStyle`, `w:numId` and `w:ilvl` (any other element is ignored).
    pub fn read(&mut self, element: &BytesStart<'_>) {
        match element.local_name().as_ref() {
            b"pStyle" => self.style = val(element),
            b"numId" => self.num_id = val(element).and_then(|v| v.parse().ok()),
            b"ilvl" => self.ilvl = val(element).and_then(|v| v.parse().ok()),
            _ => {}
        }
    }
}

impl Numbering {
    /// Parses `word/numbering.xml` and `word/styles.xml` (either may be missing or broken: then
    /// there is simply less numbering to show).
    pub fn parse(numbering_xml: Option<&str>, styles_xml: Option<&str>) -> Numbering {
        let mut numbering = Numbering::default();
        if let Some(xml) = numbering_xml {
            numbering.read_definitions(xml);
        }
        if let Some(xml) = styles_xml {
            numbering.read_styles(xml);
        }
        numbering
    }

    fn read_definitions(&mut self, xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut abstract_id: Option<u32> = None;
        let mut num_id: Option<u32> = None;
        let mut level: Option<(usize, Level)> = None;
        while let Ok(event) = reader.read_event() {
            match event {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    b"abstractNum" => abstract_id = attr(&e, b"abstractNumId"),
                    b"num" => num_id = attr(&e, b"numId"),
                    b"abstractNumId" => {
                        if let (Some(num), Some(abs)) =
                            (num_id, val(&e).and_then(|v| v.parse().ok()))
                        {
                            self.nums.insert(num, abs);
                        }
                    }
                    b"lvl" => {
                        level = attr::<usize>(&e, b"ilvl").filter(|l| *l < LEVELS).map(|l| {
                            let blank = Level {
                                start: 1,
                                format: "decimal".into(),
                                text: String::new(),
                                legal: false,
                            };
                            (l, blank)
                        });
                    }
                    b"start" => {
                        if let (Some((_, lvl)), Some(v)) = (level.as_mut(), val(&e)) {
                            lvl.start = v.parse().unwrap_or(1);
                        }
                    }
                    b"numFmt" => {
                        if let (Some((_, lvl)), Some(v)) = (level.as_mut(), val(&e)) {
                            lvl.format = v;
                        }
                    }
                    b"isLgl" => {
                        if let Some((_, lvl)) = level.as_mut() {
                            lvl.legal = !matches!(val(&e).as_deref(), Some("0" | "false"));
                        }
                    }
                    b"lvlText" => {
                        if let (Some((_, lvl)), Some(v)) = (level.as_mut(), val(&e)) {
                            lvl.text = v.chars().take(MAX_LEVEL_TEXT_CHARS).collect();
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    b"lvl" => {
                        if let (Some(abs), Some((ilvl, lvl))) = (abstract_id, level.take()) {
                            self.levels.insert((abs, ilvl), lvl);
                        }
                    }
                    b"abstractNum" => abstract_id = None,
                    b"num" => num_id = None,
                    _ => {}
                },
                _ => {}
            }
        }
    }

    fn read_styles(&mut self, xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut style: Option<String> = None;
        let mut found = ParagraphNumbering::default();
        while let Ok(event) = reader.read_event() {
            match event {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => {
                    if e.local_name().as_ref() == b"style" {
                        style = attr(&e, b"styleId");
                        found = ParagraphNumbering::default();
                    } else {
                        found.read(&e);
                    }
                }
                Event::End(e) if e.local_name().as_ref() == b"style" => {
                    if let (Some(id), Some(num)) = (style.take(), found.num_id) {
                        self.styles.insert(id, (num, found.ilvl));
                    }
                }
                _ => {}
            }
        }
    }

    /// The label Word prints before this paragraph, counting it. `numId` 0 switches a style's
    /// numbering off.
    pub fn label(&mut self, paragraph: &ParagraphNumbering) -> Option<String> {
        let from_style = paragraph
            .style
            .as_ref()
            .and_then(|s| self.styles.get(s))
            .copied();
        let (num_id, ilvl) = match (paragraph.num_id, from_style) {
            (Some(num), _) => (num, paragraph.ilvl.unwrap_or(0)),
            (None, Some((num, style_ilvl))) => (num, paragraph.ilvl.or(style_ilvl).unwrap_or(0)),
            (None, None) => return None,
        };
        let abs = *self.nums.get(&num_id)?;
        let level = self.levels.get(&(abs, ilvl))?;
        let counts = self.counters.entry(abs).or_insert([None; LEVELS]);
        counts[ilvl] = Some(counts[ilvl].map_or(level.start, |n| n + 1));
        for deeper in counts.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        let counts = *counts;
        if level.format == "bullet" || level.format == "none" || level.text.is_empty() {
            return None;
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|d| (1..=9).contains(d));
            match (c, placeholder) {
                ('%', Some(d)) => {
                    chars.next();
                    let at = d as usize - 1;
                    let of = self.levels.get(&(abs, at));
                    let n = counts[at].or(of.map(|l| l.start)).unwrap_or(1);
                    let format = match of {
                        Some(l) if !level.legal => l.format.as_str(),
                        _ => "decimal",
                    };
                    label.push_str(&format_count(n, format));
                }
                _ => label.push(c),
            }
        }
        Some(label)
    }
}

fn val(element: &BytesStart<'_>) -> Option<String> {
    attr(element, b"val")
}

fn attr<T: std::str::FromStr>(element: &BytesStart<'_>, name: &[u8]) -> Option<T> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            // The parts are decoded to UTF-8 before parsing; only entities are left to resolve.
            let raw = std::str::from_utf8(&a.value).ok()?;
            quick_xml::escape::unescape(raw).ok()?.parse().ok()
        })
}

/// `n` in a Word number format; formats a Chinese report would not use fall back to digits.
fn format_count(n: u32, format: &str) -> String {
    const HAN: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "chineseLegalSimplified"
            if (1..100).contains(&n) =>
        {
            let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
            let tens = match tens {
                0 => String::new(),
                1 => "十".to_string(),
                t => format!("{}十", HAN[t]),
            };
            let ones = if ones == 0 { "" } else { HAN[ones] };
            format!("{tens}{ones}")
        }
        "ideographTraditional" if (1..=10).contains(&n) => STEMS[n as usize - 1].to_string(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "lowerLetter" | "upperLetter" if (1..=26).contains(&n) => {
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            char::from(base + (n - 1) as u8).to_string()
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%3."/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num>
    </w:numbering>"#;

    const STYLES: &str = r#"<w:styles xmlns:w="w">
      <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/>
        <w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/>
        <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
    </w:styles>"#;

    fn para(style: Option<&str>, num_id: Option<u32>, ilvl: Option<usize>) -> ParagraphNumbering {
        ParagraphNumbering {
            style: style.map(str::to_string),
            num_id,
            ilvl,
        }
    }

    #[test]
    fn labels_count_per_level_and_restart_below() {
        let mut n = Numbering::parse(Some(NUMBERING), Some(STYLES));
        let labels: Vec<Option<String>> = [
            para(Some("1"), None, None),
            para(Some("2"), None, None),
            para(Some("2"), None, None),
            para(None, Some(5), Some(2)),
            para(Some("1"), None, None),
            para(Some("2"), None, None),
            para(None, Some(6), None),
            para(Some("1"), Some(0), None),
            para(None, None, None),
        ]
        .iter()
        .map(|p| n.label(p))
        .collect();
        let want = [
            Some("一、"),
            Some("（一）"),
            Some("（二）"),
            Some("1.1."),
            Some("二、"),
            Some("（一）"),
            None,
            None,
            None,
        ];
        assert_eq!(labels, want.map(|w| w.map(str::to_string)));
    }

    #[test]
    fn a_level_text_of_100k_placeholders_prints_a_short_label() {
        let xml = format!(
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="7"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
            "%1".repeat(100_000)
        );
        let mut n = Numbering::parse(Some(&xml), None);
        let label = n.label(&para(None, Some(1), Some(0)));
        assert_eq!(label, Some("7".repeat(MAX_LEVEL_TEXT_CHARS / 2)));
    }

    #[test]
    fn chinese_counts() {
        let got: Vec<String> = [1, 10, 11, 20, 26, 99, 100]
            .iter()
            .map(|n| format_count(*n, "chineseCounting"))
            .collect();
        assert_eq!(got, ["一", "十", "十一", "二十", "二十六", "九十九", "100"]);
        assert_eq!(format_count(3, "ideographTraditional"), "丙");
        assert_eq!(format_count(2, "decimalEnclosedCircle"), "②");
    }
}
