//! Splits a paragraph into list items (一是…二是…, 一要…, ①…) and sentences.

use crate::pattern::static_regex;

static_regex!(
    /// An inline list marker at the start of the paragraph or right after a sentence/clause end.
    ITEM_MARKER = r"(?:^|[。;；:：!！?？])\s*([一二三四五六七八九十]{1,2}(?:是|要|为)|[①-⑳]|[（(]\d{1,2}[)）])"
);

/// The items of a paragraph: the lead text before the first marker (if any), then one item per
/// marker. Items keep their marker text.
pub fn items(paragraph: &str) -> Vec<&str> {
    let starts: Vec<usize> = ITEM_MARKER
        .captures_iter(paragraph)
        .filter_map(|c| c.get(1).map(|m| m.start()))
        .collect();
    // A single "一是" with no "二是" is no list.
    if starts.len() < 2 {
        return vec![paragraph];
    }
    let mut out = Vec::with_capacity(starts.len() + 1);
    let mut prev = 0;
    for &s in &starts {
        if s > prev {
            out.push(paragraph[prev..s].trim());
        }
        prev = s;
    }
    out.push(paragraph[prev..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// Does `item` open with an inline list marker (一是, ①, (1))?
pub fn starts_with_item_marker(item: &str) -> bool {
    ITEM_MARKER.find(item).is_some_and(|m| m.start() == 0)
}

/// The first sentence of `text` (all of it when it has no sentence end).
pub fn first_sentence(text: &str) -> &str {
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if is_sentence_end(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if !is_closing(d) {
                    break;
                }
                end = j + d.len_utf8();
                iter.next();
            }
            return text[..end].trim();
        }
    }
    text.trim()
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

/// Closing quotes and brackets stay with the sentence they close.
fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '）' | ')' | '」' | '』' | '》')
}

/// Sentences end at 。！？ (closing quotes and brackets stay with their sentence).
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if is_sentence_end(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if is_closing(d) {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            let s = text[start..end].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_inline_lists() {
        let p = "主要表现在:一是学习不够深入。二是执法不规范;三是监督偏弱。";
        assert_eq!(
            items(p),
            vec![
                "主要表现在:",
                "一是学习不够深入。",
                "二是执法不规范;",
                "三是监督偏弱。"
            ]
        );
        assert_eq!(
            items("一是坚持党的领导。深化学习。"),
            vec!["一是坚持党的领导。深化学习。"]
        );
    }

    #[test]
    fn first_sentence_agrees_with_sentences() {
        for text in [
            "推行“不见面审批。”标准化。还有",
            "没有句号",
            "一句。",
            "问?答。",
        ] {
            assert_eq!(first_sentence(text), sentences(text)[0], "{text}");
        }
    }

    #[test]
    fn splits_sentences_keeping_quotes() {
        assert_eq!(
            sentences("推行“不见面审批。”标准化。还有"),
            vec!["推行“不见面审批。”", "标准化。", "还有"]
        );
    }
}
