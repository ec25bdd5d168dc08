//! Web pages saved from government sites → the article's text, one block per line.
//!
//! Input: the bytes of an `.html`/`.htm`/`.shtml` page, in the charset its `<meta>` or BOM declares
//! (else detected). Output: the text of the main content container — the element holding most of the
//! page's Chinese prose — with menus, breadcrumbs, share bars and scripts left out. Block elements end
//! a line, inline text joins, and a table row is one line with cells separated by `'\t'`.
//!
//! Every walk over the tree is iterative: saved pages can nest thousands of levels deep.

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{Html, Node};

use super::{Document, Format, IngestError, txt};
use crate::chars::is_han;

/// Tags whose content is never text a reader sees.
const INVISIBLE: &[&str] = &[
    "script", "style", "noscript", "iframe", "template", "object", "embed", "svg", "canvas",
    "select", "option", "button", "textarea", "input", "head", "map",
];

/// Tags that frame a page rather than say anything; kept only if they wrap most of the prose
/// (ASP.NET sites put the whole page inside one `<form>`).
const FRAME_TAGS: &[&str] = &["nav", "header", "footer", "aside", "form", "menu"];

/// Class/id fragments of site chrome. Matched as substrings, lowercase: CMS names vary
/// ("topnav", "bdsharebuttonbox", "bread_crumb", "wz_position").
const FRAME_NAMES: &[&str] = &[
    "nav",
    "menu",
    "breadcrumb",
    "crumb",
    "share",
    "footer",
    "header",
    "sidebar",
    "side-bar",
    "position",
    "location",
    "toolbar",
    "tool-bar",
    "copyright",
    "banner",
    "search",
    "login",
    "related",
    "xgwz",
    "qrcode",
    "erweima",
    "print",
    "pagebar",
    "paging",
    "friendlink",
    "links",
];

/// Tags that end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "hr",
    "header",
    "footer",
    "address",
    "figure",
    "figcaption",
    "center",
    "form",
    "fieldset",
    "legend",
    "title",
    "body",
    "html",
];

/// A descendant must hold this share of the page's prose for the walk to narrow down to it.
const CONTAINER_SHARE: f64 = 0.7;
/// Below this much Chinese there is nothing to weigh; the whole body is kept.
const MIN_PROSE_CHARS: usize = 20;

pub(super) fn read(bytes: &[u8]) -> Result<Document, IngestError> {
    if let Some(err) = txt::known_binary(bytes) {
        return Err(err);
    }
    let source = txt::checked_text(&decode(bytes))?;
    let text = extract(&source);
    if text.is_empty() {
        return Err(IngestError::NoText(Format::Html));
    }
    Ok(Document {
        text,
        format: Format::Html,
        warnings: Vec::new(),
        ocr: None,
    })
}

/// Whether unnamed bytes are an HTML page (its first kilobyte opens like one).
pub(super) fn looks_like_html(bytes: &[u8]) -> bool {
    let head = bytes.get(..1024).unwrap_or(bytes).to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body", "<meta "]
        .iter()
        .any(|tag| super::find(&head, tag.as_bytes()).is_some())
}

/// Decode with the BOM, else the `<meta>` charset when the bytes are in it, else detection.
pub(super) fn decode(bytes: &[u8]) -> String {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return txt::decode(bytes).0;
    }
    if let Some(declared) = meta_charset(bytes) {
        let utf8 = std::str::from_utf8(bytes).ok();
        // A page re-saved by a browser or editor is UTF-8 but keeps its old "gb2312" meta; GBK
        // prose is practically never valid UTF-8, so valid UTF-8 with non-ASCII wins.
        if let Some(text) = utf8.filter(|t| !t.is_ascii()) {
            return text.to_owned();
        }
        // The HTML standard reads a "utf-16" label on an ASCII-compatible page as UTF-8.
        if declared != encoding_rs::UTF_16LE
            && declared != encoding_rs::UTF_16BE
            && let Some(text) = txt::decode_declared(declared, bytes)
        {
            return text;
        }
    }
    txt::decode(bytes).0
}

fn meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes.get(..4096).unwrap_or(bytes).to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = head.get(from..).and_then(|h| super::find(h, b"charset")) {
        let rest = head.get(from + at + b"charset".len()..).unwrap_or_default();
        from += at + 1;
        let rest = trim_start(rest, b" \t\r\n");
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = trim_start(rest, b" \t\r\n\"'");
        let label: Vec<u8> = rest
            .iter()
            .copied()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .collect();
        if let Some(encoding) = encoding_rs::Encoding::for_label(&label) {
            return Some(encoding);
        }
    }
    None
}

fn trim_start<'a>(mut bytes: &'a [u8], set: &[u8]) -> &'a [u8] {
    while let Some((first, rest)) = bytes.split_first() {
        if !set.contains(first) {
            break;
        }
        bytes = rest;
    }
    bytes
}

/// Per-node facts, indexed by pre-order position.
struct Nodes<'a> {
    order: Vec<ego_tree::NodeRef<'a, Node>>,
    index: HashMap<NodeId, usize>,
    /// Content nobody sees, or site chrome: left out of the text.
    dropped: Vec<bool>,
    /// Chinese characters in visible text below the node, outside links (link lists are chrome).
    prose: Vec<usize>,
}

fn extract(source: &str) -> String {
    let page = Html::parse_document(source);
    let nodes = Nodes::analyse(&page);
    if nodes.order.is_empty() {
        return String::new();
    }
    let body = nodes.find_tag(0, "body").unwrap_or(0);
    let container = nodes.main_container(body);
    let mut text = render(&nodes, container);
    if container != body
        && let Some(title) = nodes.title_outside(container)
        && !squeeze(&text).contains(&squeeze(&title))
    {
        text.insert(0, '\n');
        text.insert_str(0, &title);
    }
    tidy(&text)
}

impl<'a> Nodes<'a> {
    fn analyse(page: &'a Html) -> Self {
        let order: Vec<_> = page.tree.root().descendants().collect();
        let index: HashMap<NodeId, usize> =
            order.iter().enumerate().map(|(i, n)| (n.id(), i)).collect();
        let parent: Vec<Option<usize>> = order
            .iter()
            .map(|n| n.parent().and_then(|p| index.get(&p.id()).copied()))
            .collect();

        // Pass 1 (pre-order): invisible content, and the raw amount of Chinese under each node.
        let mut invisible = vec![false; order.len()];
        let mut in_link = vec![false; order.len()];
        for (i, node) in order.iter().enumerate() {
            let up = parent.get(i).copied().flatten();
            let inherited = |v: &[bool]| up.and_then(|p| v.get(p).copied()).unwrap_or(false);
            let tag = element_name(node);
            invisible[i] = inherited(&invisible) || tag.is_some_and(|t| INVISIBLE.contains(&t));
            in_link[i] = inherited(&in_link) || tag == Some("a");
        }
        let own_cjk: Vec<usize> = order
            .iter()
            .enumerate()
            .map(|(i, n)| match n.value() {
                Node::Text(t) if !invisible[i] => cjk_count(t),
                _ => 0,
            })
            .collect();
        let raw = sum_up(&parent, &own_cjk);
        let page_total = raw.first().copied().unwrap_or(0);

        // Pass 2 (pre-order): site chrome, unless it holds most of the page's prose.
        let mut dropped = invisible;
        for i in 0..order.len() {
            let up = parent.get(i).copied().flatten();
            if up.and_then(|p| dropped.get(p).copied()).unwrap_or(false) {
                dropped[i] = true;
                continue;
            }
            let chrome = order.get(i).is_some_and(is_chrome);
            if chrome && raw.get(i).copied().unwrap_or(0) * 2 < page_total.max(1) {
                dropped[i] = true;
            }
        }
        let own_prose: Vec<usize> = own_cjk
            .iter()
            .enumerate()
            .map(|(i, n)| if dropped[i] || in_link[i] { 0 } else { *n })
            .collect();
        let prose = sum_up(&parent, &own_prose);
        Nodes {
            order,
            index,
            dropped,
            prose,
        }
    }

    fn prose(&self, i: usize) -> usize {
        self.prose.get(i).copied().unwrap_or(0)
    }

    fn is_dropped(&self, i: usize) -> bool {
        self.dropped.get(i).copied().unwrap_or(true)
    }

    /// Pre-order position of a node.
    fn position(&self, node: &ego_tree::NodeRef<'_, Node>) -> Option<usize> {
        self.index.get(&node.id()).copied()
    }

    fn find_tag(&self, from: usize, tag: &str) -> Option<usize> {
        let start = self.order.get(from)?;
        start
            .descendants()
            .find(|n| element_name(n) == Some(tag))
            .and_then(|n| self.position(&n))
    }

    /// Narrow from `body` to the deepest element that still holds most of the prose. Density, not
    /// class names: CMS templates name their article box anything (TRS_Editor, zoom, con_txt …).
    fn main_container(&self, body: usize) -> usize {
        let total = self.prose(body);
        if total < MIN_PROSE_CHARS {
            return body;
        }
        let need = (total as f64 * CONTAINER_SHARE).ceil() as usize;
        let mut current = body;
        loop {
            let Some(node) = self.order.get(current) else {
                return current;
            };
            let best = node
                .children()
                .filter(|c| matches!(c.value(), Node::Element(_)))
                .filter_map(|c| self.position(&c))
                .filter(|&i| !self.is_dropped(i))
                .max_by_key(|&i| self.prose(i));
            match best {
                Some(i) if self.prose(i) >= need => current = i,
                _ => return current,
            }
        }
    }

    /// The article's title when the content box does not include it: a heading before the box,
    /// else the `<title>` up to the site name.
    fn title_outside(&self, container: usize) -> Option<String> {
        let headings = ["h1", "h2", "h3"];
        for tag in headings {
            let found = (0..container).find(|&i| {
                !self.is_dropped(i)
                    && self.order.get(i).and_then(element_name) == Some(tag)
                    && self.prose(i) >= 4
            });
            if let Some(i) = found {
                let text = tidy(&render(self, i));
                if !text.is_empty() {
                    return Some(text.replace('\n', ""));
                }
            }
        }
        let title = self
            .order
            .iter()
            .find(|n| element_name(n) == Some("title"))?;
        let text: String = title
            .descendants()
            .filter_map(|n| match n.value() {
                Node::Text(t) => Some(t.text.as_ref()),
                _ => None,
            })
            .collect();
        // "…工作报告_某某区人民政府" / "… - 某某市司法局": the site name follows a separator.
        let cut = ['_', '|', '－', '—', '-']
            .iter()
            .filter_map(|sep| text.find(*sep))
            .min()
            .unwrap_or(text.len());
        let title = text.get(..cut).unwrap_or(&text).trim().to_string();
        (cjk_count(&title) >= 4).then_some(title)
    }
}

fn element_name<'b>(node: &ego_tree::NodeRef<'b, Node>) -> Option<&'b str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

fn is_chrome(node: &ego_tree::NodeRef<'_, Node>) -> bool {
    let Node::Element(e) = node.value() else {
        return false;
    };
    if FRAME_TAGS.contains(&e.name()) {
        return true;
    }
    let names = [e.attr("class"), e.id(), e.attr("role")];
    names.iter().flatten().any(|v| {
        let v = v.to_ascii_lowercase();
        FRAME_NAMES.iter().any(|f| v.contains(f))
    })
}

/// Add each node's own count into all its ancestors (reverse pre-order visits children first).
fn sum_up(parent: &[Option<usize>], own: &[usize]) -> Vec<usize> {
    let mut total = own.to_vec();
    for i in (0..total.len()).rev() {
        let here = total.get(i).copied().unwrap_or(0);
        if let Some(slot) = parent
            .get(i)
            .copied()
            .flatten()
            .and_then(|p| total.get_mut(p))
        {
            *slot += here;
        }
    }
    total
}

fn cjk_count(text: &str) -> usize {
    text.chars().filter(|&c| is_han(c)).count()
}

/// Markers in the raw render; `tidy` turns them into the final separators.
const LINE: char = '\n';
const CELL: char = '\t';

/// Serialise a subtree: blocks become line breaks, cells tabs, inside a table cell blocks become
/// spaces so that a row stays one line.
fn render(nodes: &Nodes<'_>, root: usize) -> String {
    let mut out = String::new();
    let Some(start) = nodes.order.get(root) else {
        return out;
    };
    if nodes.is_dropped(root) {
        return out;
    }
    enum Step<'b> {
        Enter(ego_tree::NodeRef<'b, Node>),
        Leave(&'b str),
    }
    let mut cell_depth = 0usize;
    let mut stack = vec![Step::Enter(*start)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(node) => match node.value() {
                // Source line wrapping is not a line break in the page; only blocks are.
                Node::Text(t) => out.extend(t.text.chars().map(|c| match c {
                    LINE | CELL | '\r' => ' ',
                    c => c,
                })),
                Node::Element(e) => {
                    if node_dropped(nodes, &node) {
                        continue;
                    }
                    let name = e.name();
                    open_tag(&mut out, name, &mut cell_depth);
                    stack.push(Step::Leave(name));
                    let children: Vec<_> = node.children().collect();
                    stack.extend(children.into_iter().rev().map(Step::Enter));
                }
                Node::Document | Node::Fragment => {
                    let children: Vec<_> = node.children().collect();
                    stack.extend(children.into_iter().rev().map(Step::Enter));
                }
                _ => {}
            },
            Step::Leave(name) => close_tag(&mut out, name, &mut cell_depth),
        }
    }
    out
}

fn node_dropped(nodes: &Nodes<'_>, node: &ego_tree::NodeRef<'_, Node>) -> bool {
    nodes.position(node).is_none_or(|i| nodes.is_dropped(i))
}

fn open_tag(out: &mut String, name: &str, cell_depth: &mut usize) {
    match name {
        "td" | "th" => *cell_depth += 1,
        "br" | "hr" => out.push(if *cell_depth > 0 { ' ' } else { LINE }),
        _ if BLOCKS.contains(&name) => out.push(if *cell_depth > 0 { ' ' } else { LINE }),
        _ => {}
    }
}

fn close_tag(out: &mut String, name: &str, cell_depth: &mut usize) {
    match name {
        "td" | "th" => {
            *cell_depth = cell_depth.saturating_sub(1);
            out.push(if *cell_depth > 0 { ' ' } else { CELL });
        }
        "tr" if *cell_depth == 0 => out.push(LINE),
        _ if BLOCKS.contains(&name) => out.push(if *cell_depth > 0 { ' ' } else { LINE }),
        _ => {}
    }
}

/// Collapse the raw render into lines: whitespace runs become one space, dropped between Chinese
/// characters (source line wrapping inside a sentence is not a word break), cells keep one tab.
fn tidy(raw: &str) -> String {
    let mut lines = Vec::new();
    for line in raw.split(LINE) {
        let cells: Vec<String> = line.split(CELL).map(collapse_spaces).collect();
        let joined = cells.join("\t");
        let trimmed = joined.trim_matches(|c: char| c.is_whitespace());
        if !trimmed.is_empty() {
            lines.push(trimmed.to_string());
        }
    }
    lines.join("\n")
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        // U+3000 and NBSP are how Chinese pages indent and pad; they carry no meaning.
        if c.is_whitespace() || c == '\u{a0}' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            let before = out.chars().last().is_some_and(is_wide);
            if !(before && is_wide(c)) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Chinese characters and full-width punctuation, between which a space is never meaningful.
fn is_wide(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// Text without any whitespace, to test containment regardless of layout.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        read(html.as_bytes()).expect("page has text").text
    }

    const CLUTTERED: &str = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某某区2019年法治政府建设工作报告_某某区人民政府</title>
<script>var menu = "脚本里的文字不应出现"; document.write("广告");</script>
<style>.nav { color: red } /* 样式文字 */</style></head>
<body>
<div class="top-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 法治政府</div>
<div class="main">
  <div class="left-menu"><a href="#">机构概况</a><a href="#">领导信息</a><a href="#">政策文件</a></div>
  <div class="article">
    <h1>某某区2019年法治政府建设工作报告</h1>
    <div class="info">发布时间：2020-03-01</div>
    <div class="TRS_Editor">
      <p>　　2019年，我区深入学习贯彻习近平法治思想，
      扎实推进法治政府建设。</p>
      <p><strong>一、</strong>加强党对法治政府建设的领导</p>
      <p>全年共收到行政复议申请<span>26</span>件，依法受理22件。</p>
      <table><tr><td>指标</td><td>数量</td></tr><tr><td><p>复议</p></td><td>26件</td></tr></table>
      <p>二是规范行政执法行为，<br>全面推行三项制度。</p>
    </div>
    <div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a>微博</a></div>
  </div>
</div>
<footer>版权所有：某某区人民政府办公室 网站标识码1234</footer>
<noscript>请启用脚本</noscript>
</body></html>"##;

    #[test]
    fn clutter_is_dropped_and_body_kept() {
        let text = text_of(CLUTTERED);
        let lines: Vec<&str> = text.lines().collect();
        for want in [
            "2019年，我区深入学习贯彻习近平法治思想，扎实推进法治政府建设。",
            "一、加强党对法治政府建设的领导",
            "全年共收到行政复议申请26件，依法受理22件。",
            "指标\t数量",
            "复议\t26件",
            "二是规范行政执法行为，",
            "全面推行三项制度。",
        ] {
            assert!(lines.contains(&want), "missing {want:?} in\n{text}");
        }
        for unwanted in [
            "脚本",
            "广告",
            "样式",
            "首页",
            "当前位置",
            "机构概况",
            "分享到",
            "微信",
            "版权所有",
            "请启用脚本",
        ] {
            assert!(!text.contains(unwanted), "{unwanted:?} leaked into\n{text}");
        }
        assert!(text.contains("某某区2019年法治政府建设工作报告"), "{text}");
    }

    #[test]
    fn deeply_nested_page_does_not_overflow() {
        let depth = 10_000;
        let mut page = String::from("<html><body>");
        page.push_str(&"<div>".repeat(depth));
        page.push_str("<p>法治政府建设年度报告正文内容在最深处。</p>");
        page.push_str(&"</div>".repeat(depth));
        page.push_str("</body></html>");
        // The default test thread stack is small (2 MB); recursion would fail here first.
        let text = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || read(page.as_bytes()).map(|d| d.text))
            .expect("spawn")
            .join()
            .expect("no stack overflow")
            .expect("text");
        assert_eq!(text, "法治政府建设年度报告正文内容在最深处。");
    }

    #[test]
    fn meta_charset_decides_the_encoding() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>依法行政工作报告</p></body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(page);
        assert_eq!(text_of_bytes(&gbk), "依法行政工作报告");

        let big5_page =
            "<html><head><meta charset='big5'></head><body><p>依法行政工作報告</p></body></html>";
        let (big5, _, _) = encoding_rs::BIG5.encode(big5_page);
        assert_eq!(text_of_bytes(&big5), "依法行政工作報告");

        // Saved again as UTF-8 by an editor that kept the old declaration.
        assert_eq!(text_of_bytes(page.as_bytes()), "依法行政工作报告");
    }

    fn text_of_bytes(bytes: &[u8]) -> String {
        read(bytes).expect("page has text").text
    }

    #[test]
    fn page_without_text_is_an_error() {
        let err = read(b"<html><body><script>x()</script><img src=a.png></body></html>")
            .expect_err("no text");
        assert_eq!(err.to_string(), "no text found in the html document");
    }

    #[test]
    fn page_wrapped_in_a_form_keeps_its_text() {
        let page = "<html><body><form id=\"form1\"><div class=\"header\">网站导航栏目</div><div id=\"zoom\"><p>本年度法治政府建设取得明显成效，行政执法更加规范。</p><p>行政复议案件依法审结，纠错率稳定。</p></div></form></body></html>";
        let text = text_of(page);
        assert_eq!(
            text,
            "本年度法治政府建设取得明显成效，行政执法更加规范。\n行政复议案件依法审结，纠错率稳定。"
        );
    }

    #[test]
    fn sniffs_html() {
        assert!(looks_like_html(b"\xef\xbb\xbf<!DOCTYPE HTML PUBLIC"));
        assert!(looks_like_html(b"  <html lang=zh>"));
        assert!(!looks_like_html("一、总体情况 <b>".as_bytes()));
    }
}
