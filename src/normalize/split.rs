//! Splits run-together pages: a heading marker that follows a sentence end on the same line
//! ("…成效显著。二、加强执法…", "…。(三)深化改革。…") starts a new line, so the outline sees it.

use crate::pattern::static_regex;

static_regex!(
    INLINE_HEADING = concat!(
        r"([。!！?？])\s*(",
        r"第[一二三四五六七八九十]{1,3}部分",
        r"|[一二三四五六七八九十]{1,3}、",
        r"|[（(][一二三四五六七八九十]{1,3}[)）]",
        r"|[㈠-㈩]",
        r"|\d{1,2}[.．、﹒]\p{Han}",
        r")"
    )
);

static_regex!(
    /// After a colon or semicolon only the top styles start a heading ("报告如下:一、…"); a "(一)"
    /// there is an enumeration inside the sentence ("包括:(一)…;(二)…").
    INLINE_TOP_HEADING =
        r"([;；:：])\s*(第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,3}、)"
);

static_regex!(
    /// (一) and ㈠ right after a Han character open a heading even without a sentence end before them
    /// ("…职能转变(一)深化改革"); an enumeration inside a sentence follows punctuation ("包括:(一)…;(二)…").
    PAREN_HEADING = r"(\p{Han})([（(][一二三四五六七八九十]{1,3}[)）]|[㈠-㈩])");

pub fn split_run_together(text: &str) -> String {
    let text = INLINE_HEADING.replace_all(text, "$1\n$2");
    let text = INLINE_TOP_HEADING.replace_all(&text, "$1\n$2");
    PAREN_HEADING.replace_all(&text, "$1\n$2").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_inline_headings_only() {
        let cases = [
            (
                "成效显著。二、加强执法。内容",
                "成效显著。\n二、加强执法。内容",
            ),
            ("完成。(三)深化改革。", "完成。\n(三)深化改革。"),
            ("完成。㈡持续推进。", "完成。\n㈡持续推进。"),
            ("完成。2.加强监督。", "完成。\n2.加强监督。"),
            ("增长2.5%。共3件", "增长2.5%。共3件"),
            ("分为一、二两类", "分为一、二两类"),
            ("职能转变(一)深化改革", "职能转变\n(一)深化改革"),
            ("包括:(一)甲;(二)乙", "包括:(一)甲;(二)乙"),
        ];
        for (input, want) in cases {
            assert_eq!(split_run_together(input), want, "{input}");
        }
    }
}
