//! Drops web-page clutter (当前位置, 分享到, 浏览次数, ICP备 …) line by line. The phrases are data in
//! `assets/boilerplate.txt`; a report sentence that merely mentions one of them is kept because
//! clutter lines are short and start with the phrase.

use crate::tables::tables;

/// A clutter line is at most this long; a longer line is report text that happens to start alike.
const MAX_CLUTTER_CHARS: usize = 80;

/// Lines of `text`, trimmed, without empty lines and clutter.
pub fn strip(text: &str) -> Vec<String> {
    text.lines()
        .map(trim_line)
        .filter(|line| !line.is_empty() && !is_clutter(line))
        .map(str::to_string)
        .collect()
}

fn trim_line(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}')
}

pub fn is_clutter(line: &str) -> bool {
    // Menus, separators, bare URLs: nothing a reader would call report text.
    if !line.chars().any(crate::chars::is_han) {
        return true;
    }
    let bp = &tables().boilerplate;
    if bp.exact.iter().any(|e| e == line) {
        return true;
    }
    let short = line.chars().count() <= MAX_CLUTTER_CHARS;
    if short && bp.prefixes.iter().any(|p| line.starts_with(p.as_str())) {
        return true;
    }
    // A question: a Q&A site's title or a related-question link, not report text.
    if short && !line.contains('。') && is_question(line, &bp.question_words) {
        return true;
    }
    // A footer line that strings several clutter phrases together ("网站地图 | 联系我们 | 版权所有").
    short
        && !line.contains('。')
        && bp
            .prefixes
            .iter()
            .filter(|p| line.contains(p.as_str()))
            .count()
            >= 2
}

/// "对…不满如何申请行政救济", "…是什么?": asks rather than states. A numbered line ("二、存在的
/// 问题及如何改进") is a heading of the report and is kept.
fn is_question(line: &str, words: &[String]) -> bool {
    let numbered = line
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十(（第".contains(c));
    !numbered && (line.ends_with(['?', '？']) || words.iter().any(|w| line.contains(w.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_clutter_keeps_report_text() {
        let text = "当前位置:首页 > 动态 > 公示公告\n\
                    威海火炬高技术产业开发区2017年法治政府建设工作报告\n\
                    文章来源:宣传部     发布日期:2017-12-20 10:01:15     浏览次数:\n\
                    | | | |\n\
                    \u{3000}\u{3000}一、依法全面履行政府职能\n\
                    网站地图 | 联系我们 | 版权所有\n\
                    扫一扫在手机上查看当前页面\n\
                    分享到:\n\
                    我区建立网站地图和版权所有登记制度。\n\
                    对乡镇的处罚决定不服怎样申请复议\n\
                    法治政府建设年度报告什么时候公布?\n\
                    (三)如期完成年度立法计划\n\
                    二、存在的问题及如何改进";
        let lines = strip(text);
        assert_eq!(
            lines,
            vec![
                "威海火炬高技术产业开发区2017年法治政府建设工作报告",
                "一、依法全面履行政府职能",
                "我区建立网站地图和版权所有登记制度。",
                "(三)如期完成年度立法计划",
                "二、存在的问题及如何改进",
            ]
        );
    }
}
