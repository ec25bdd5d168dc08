//! A comparison → one self-contained, printable HTML page (inline CSS, no script, no network):
//! summary (reports, coverage heatmap, biggest differences), then per topic the paired sentences
//! side by side with inline diff marks, the indicator table, commitments and follow-through.
//! Every text that comes from a report is escaped.

use std::fmt::Write;

use super::summary::{self, Difference, Mark};
use crate::model::{Comparison, DiffOp, Pair, Status};

/// A page with thousands of pairs per topic is unreadable and slow to open; the rest stay in
/// the JSON and XLSX exports.
const MAX_PAIRS_PER_TOPIC: usize = 400;

const CSS: &str = r#"
:root { --fg:#1d1d1f; --muted:#6b6b70; --line:#d9d9de; --head:#f3f4f7; --del:#a3001b; --del-bg:#fde4e6;
        --ins:#0b6b1f; --ins-bg:#dff5e3; --hi:#8a3b00; --lo:#0b4f8a; }
* { box-sizing: border-box; }
body { font: 14px/1.6 "PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif; color: var(--fg);
       background: #fff; margin: 0 auto; max-width: 1200px; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { border-bottom: 2px solid var(--line); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; } .muted { color: var(--muted); }
nav { margin: 1rem 0; } nav a { margin-right: .8rem; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; vertical-align: top; text-align: left; }
th { background: var(--head); font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.key th:first-child, tr.key th { font-weight: 800; } tr.key th::before { content: "★ "; }
.heat td { text-align: center; white-space: nowrap; }
.l0 { background: #fff; color: var(--muted); } .l1 { background: #e8f0fb; } .l2 { background: #c9dcf5; }
.l3 { background: #9fc0ec; } .l4 { background: #6f9fe0; }
del { color: var(--del); background: var(--del-bg); text-decoration: line-through; }
ins { color: var(--ins); background: var(--ins-bg); text-decoration: underline; }
.num { border: 1.5px solid currentColor; border-radius: 3px; padding: 0 2px; font-weight: 700; }
.pairs td { width: 46%; } .pairs td.n { width: 8%; }
.hi { color: var(--hi); font-weight: 700; } .lo { color: var(--lo); font-weight: 700; }
.note { font-style: italic; color: var(--lo); }
.ok { background: #dff5e3; } .thin { background: #fff3cd; } .miss { background: #fde4e6; }
.err { color: var(--del); } .tag { font-size: .85em; border: 1px solid var(--line); border-radius: 3px; padding: 0 .3em; }
ul.diffs li { margin: .15rem 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; } nav { display: none; }
  tr, li { break-inside: avoid; } h2 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Escape text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

pub fn to_html(c: &Comparison) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let names: Vec<String> = c.reports.iter().map(|r| esc(&r.display_name())).collect();
    let name = |i: usize| names.get(i).cloned().unwrap_or_else(|| format!("#{i}"));
    let title = names.join(" · ");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>法治政府建设报告对比 — {title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <h1>法治政府建设报告对比</h1>\n<p class=\"muted\">{} 份报告 reports · {} 组配对 pairs · duibi</p>\n",
        c.reports.len(),
        c.pairs.len()
    );
    h.push_str("<nav><a href=\"#summary\">概览 Summary</a>");
    for t in &c.topics {
        let _ = write!(h, "<a href=\"#t-{}\">{}</a>", esc(&t.id), esc(&t.label));
    }
    h.push_str("<a href=\"#indicators\">指标 Indicators</a><a href=\"#commitments\">承诺 Commitments</a><a href=\"#follow\">落实 Follow-through</a><a href=\"#checklist\">体检 Checklist</a><a href=\"#notes\">批注 Notes</a>");
    if !c.copied.is_empty() {
        h.push_str("<a href=\"#copied\">模板句 Copied</a>");
    }
    h.push_str("</nav>\n");

    summary(&mut h, c, &name);
    for t in &c.topics {
        let pairs: Vec<&Pair> = c.pairs.iter().filter(|p| p.topic == t.id).collect();
        let _ = write!(
            h,
            "<section id=\"t-{}\">\n<h2>{}</h2>\n",
            esc(&t.id),
            esc(&t.label)
        );
        if pairs.is_empty() {
            h.push_str("<p class=\"muted\">没有相近的句子 No matching sentences.</p>\n");
        }
        for ((a, b), list) in super::pairs_by_reports(&pairs, MAX_PAIRS_PER_TOPIC) {
            let _ = write!(
                h,
                "<h3>{} ⇄ {}</h3>\n<table class=\"pairs\"><thead><tr><th>{}</th><th>{}</th><th>相似度</th></tr></thead><tbody>\n",
                name(a),
                name(b),
                name(a),
                name(b)
            );
            for p in list {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td class=\"n\">{:.2}</td></tr>",
                    side(p, DiffOp::Delete),
                    side(p, DiffOp::Insert),
                    p.similarity
                );
            }
            h.push_str("</tbody></table>\n");
        }
        if pairs.len() > MAX_PAIRS_PER_TOPIC {
            let _ = writeln!(
                h,
                "<p class=\"muted\">另有 {} 组配对见 JSON / XLSX 导出。{} more pairs in the JSON / XLSX export.</p>",
                pairs.len() - MAX_PAIRS_PER_TOPIC,
                pairs.len() - MAX_PAIRS_PER_TOPIC
            );
        }
        h.push_str("</section>\n");
    }
    indicators(&mut h, c, &name);
    commitments(&mut h, c, &name);
    follow(&mut h, c, &name);
    checklist(&mut h, c, &name);
    notes(&mut h, c);
    copied(&mut h, c, &name);
    h.push_str("</body>\n</html>\n");
    h
}

/// One side of a pair: equal text plus this side's changes (deleted on the left, inserted on the right).
fn side(p: &Pair, op: DiffOp) -> String {
    let mut s = String::new();
    let tag = if op == DiffOp::Delete { "del" } else { "ins" };
    for span in &p.diff {
        if span.op == DiffOp::Equal {
            s.push_str(&esc(&span.text));
        } else if span.op == op {
            let class = if span.number { " class=\"num\"" } else { "" };
            let _ = write!(s, "<{tag}{class}>{}</{tag}>", esc(&span.text));
        }
    }
    s
}

fn summary(h: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    h.push_str("<section id=\"summary\">\n<h2>概览 Summary</h2>\n");
    report_table(h, c, name);
    heatmap(h, c, name);
    differences(h, c, name);
    h.push_str("</section>\n");
}

/// The reports as read: name, title, file, and whether it failed or was converted from Traditional.
fn report_table(h: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    h.push_str("<h3>报告 Reports</h3>\n");
    h.push_str("<table><thead><tr><th>#</th><th>地区 年份</th><th>标题 Title</th><th>文件 Source</th><th>状态</th></tr></thead><tbody>\n");
    for (i, r) in c.reports.iter().enumerate() {
        let status = match &r.error {
            Some(e) => format!("<span class=\"err\">⚠ {}</span>", esc(e)),
            None if r.script == crate::model::Script::Traditional => "繁→简".to_string(),
            None => "✓".to_string(),
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{status}</td></tr>",
            i + 1,
            name(i),
            esc(&r.title),
            esc(&r.source)
        );
    }
    h.push_str("</tbody></table>\n");
}

/// Coverage heatmap: shade by passages relative to the busiest cell; the count is printed too.
fn heatmap(h: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    h.push_str(
        "<h3>覆盖 Coverage <span class=\"muted\">(段落 passages / 数字 facts)</span></h3>\n",
    );
    h.push_str("<table class=\"heat\"><thead><tr><th>主题 Topic</th>");
    for i in 0..c.reports.len() {
        let _ = write!(h, "<th>{}</th>", name(i));
    }
    h.push_str("</tr></thead><tbody>\n");
    for (t, cells) in summary::coverage(c) {
        let class = if t.key { " class=\"key\"" } else { "" };
        let _ = write!(
            h,
            "<tr{class}><th><a href=\"#t-{}\">{}</a></th>",
            esc(&t.id),
            esc(&t.label)
        );
        for cell in cells {
            let k = cell.kinds;
            let _ = write!(
                h,
                "<td class=\"l{}\" title=\"成效 {} · 不足 {} · 安排 {}\">{}</td>",
                cell.level,
                k.achievement,
                k.shortcoming,
                k.plan,
                cell.text()
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
}

/// 主要差异: see `summary::differences`.
fn differences(h: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    h.push_str("<h3>主要差异 Biggest differences</h3>\n<ul class=\"diffs\">\n");
    // "甲市 2019 31件": a report and its value.
    let value = |(report, v): &(usize, String)| format!("{} {}", name(*report), esc(v));
    for d in summary::differences(c) {
        let _ = match d {
            Difference::Spread(g) => writeln!(
                h,
                "<li>指标 <b>{}</b>: <span class=\"hi\">▲ {}</span> vs <span class=\"lo\">▼ {}</span></li>",
                esc(g.label),
                value(&g.highest),
                value(&g.lowest)
            ),
            Difference::Only { report, text } => writeln!(
                h,
                "<li>仅 {} 承诺 only this report commits: {}</li>",
                name(report),
                esc(text)
            ),
            Difference::Uncovered { report, topic } => writeln!(
                h,
                "<li>{} 未涉及 does not cover <b>{}</b></li>",
                name(report),
                esc(topic)
            ),
            Difference::More(n) => writeln!(h, "<li class=\"muted\">… 另有 {n} 项 more</li>"),
        };
    }
    h.push_str("</ul>\n");
}

/// The required-content check: a row per required part, outline topic and the publication date.
fn checklist(h: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    let _ = write!(
        h,
        "<section id=\"checklist\">\n<h2>体检 Checklist</h2>\n<p class=\"muted\">依据 {}</p>\n<table><thead><tr><th>要求 Requirement</th>",
        esc(&crate::check::loaded_rules().source)
    );
    for i in 0..c.reports.len() {
        let _ = write!(h, "<th>{}</th>", name(i));
    }
    h.push_str("</tr></thead><tbody>\n");
    for row in crate::check::rows_with_notes(&c.checks, &c.notes) {
        let _ = write!(h, "<tr><th>{}</th>", esc(&row.label));
        for cell in &row.cells {
            let class = match cell.status {
                Some(Status::Present) => "ok",
                Some(Status::Thin) => "thin",
                Some(Status::Missing) => "miss",
                None => "err",
            };
            let note = cell.note.as_deref().map_or(String::new(), |n| {
                format!("<br><span class=\"note\">✎ {}</span>", esc(n))
            });
            let _ = write!(h, "<td class=\"{class}\">{}{note}</td>", esc(&cell.text));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n</section>\n");
}

/// The sentences many reports share (模板句), most shared first; only when computed.
fn copied(h: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    let rows = summary::copied(c, name);
    if rows.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<section id=\"copied\">\n<h2>{}</h2>\n<table><thead><tr>",
        summary::COPIED_TITLE
    );
    for head in summary::COPIED_HEADER {
        let _ = write!(h, "<th>{head}</th>");
    }
    h.push_str("</tr></thead><tbody>\n");
    for r in rows {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.reports,
            esc(r.text),
            r.earliest_text(),
            r.used_by
        );
    }
    h.push_str("</tbody></table>\n</section>\n");
}

/// Every note of the reviewer, with what it annotates (`notes::rows`).
fn notes(h: &mut String, c: &Comparison) {
    let rows = crate::notes::rows(c);
    h.push_str("<section id=\"notes\">\n<h2>批注 Notes</h2>\n");
    if rows.is_empty() {
        h.push_str("<p class=\"muted\">没有批注 No notes.</p>\n</section>\n");
        return;
    }
    h.push_str("<table><thead><tr><th>报告 Report</th><th>对象 On</th><th>批注 Note</th></tr></thead><tbody>\n");
    for r in rows {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
            esc(&r.reports),
            esc(&r.what),
            esc(&r.text)
        );
    }
    h.push_str("</tbody></table>\n</section>\n");
}

fn indicators(h: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    h.push_str("<section id=\"indicators\">\n<h2>指标 Indicators</h2>\n");
    if c.metrics.is_empty() {
        h.push_str("<p class=\"muted\">没有可比指标 No indicators found.</p>\n</section>\n");
        return;
    }
    h.push_str("<p class=\"muted\">▲ 最高 highest · ▼ 最低 lowest (同一单位 same base unit)</p>\n<table><thead><tr><th>指标 Indicator</th>");
    for i in 0..c.reports.len() {
        let _ = write!(h, "<th>{}</th>", name(i));
    }
    h.push_str("</tr></thead><tbody>\n");
    for (row, cells) in summary::indicators(c) {
        let _ = write!(
            h,
            "<tr><th>{}<br><span class=\"muted\">{}</span></th>",
            esc(&row.label),
            esc(&row.metric)
        );
        for cell in cells {
            let values: Vec<String> = cell
                .values
                .iter()
                .map(|v| {
                    format!(
                        "<span title=\"{}\">{}</span>",
                        esc(&v.text),
                        esc(&v.as_written())
                    )
                })
                .collect();
            let class = match cell.mark {
                Some(Mark::Highest) => " hi",
                Some(Mark::Lowest) => " lo",
                None => "",
            };
            let _ = write!(
                h,
                "<td class=\"n{class}\">{}{}</td>",
                cell.mark.map_or("", Mark::arrow),
                values.join("<br>")
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n</section>\n");
}

fn commitments(h: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    h.push_str("<section id=\"commitments\">\n<h2>承诺 Commitments</h2>\n");
    if c.commitments.is_empty() {
        h.push_str("<p class=\"muted\">没有下一年度安排 No plan sentences found.</p>\n");
    }
    for t in &c.topics {
        let list: Vec<_> = c.commitments.iter().filter(|k| k.topic == t.id).collect();
        if list.is_empty() {
            continue;
        }
        let _ = write!(
            h,
            "<h3>{}</h3>\n<table><thead><tr><th>报告</th><th>承诺 Commitment</th><th>其他报告 Also made by</th></tr></thead><tbody>\n",
            esc(&t.label)
        );
        for k in list {
            let also = if k.matches.is_empty() {
                "<span class=\"tag\">仅此一家 only here</span>".to_string()
            } else {
                k.matches
                    .iter()
                    .map(|m| {
                        format!(
                            "<b>{}</b> ({:.2}): {}",
                            name(m.report),
                            m.similarity,
                            esc(&m.text)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{also}</td></tr>",
                name(k.report),
                esc(&k.text)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("</section>\n");
}

fn follow(h: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    h.push_str("<section id=\"follow\">\n<h2>落实 Follow-through</h2>\n");
    if c.follow_through.is_empty() {
        h.push_str("<p class=\"muted\">没有同一地区连续两年的报告 No same-region reports of consecutive years.</p>\n</section>\n");
        return;
    }
    let (done, missing) = summary::follow_counts(c);
    let _ = writeln!(
        h,
        "<p>已落实 delivered {done} · 未找到 not found {missing}</p>"
    );
    h.push_str("<table><thead><tr><th>安排 Plan</th><th>落实 Delivered</th><th>相似度</th></tr></thead><tbody>\n");
    for f in &c.follow_through {
        let (delivered, sim) = match &f.delivered {
            Some(m) => (
                format!("<b>{}</b>: {}", name(m.report), esc(&m.text)),
                format!("{:.2}", m.similarity),
            ),
            None => (
                "<span class=\"tag\">✗ 未找到 not found</span>".to_string(),
                String::new(),
            ),
        };
        let _ = writeln!(
            h,
            "<tr><td><b>{}</b>: {}</td><td>{delivered}</td><td class=\"n\">{sim}</td></tr>",
            name(f.plan.report),
            esc(&f.plan.text)
        );
    }
    h.push_str("</tbody></table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testdata::{HOSTILE, comparison};

    #[test]
    fn values_keep_their_qualifier() {
        let html = to_html(&crate::export::testdata::qualified());
        for want in crate::export::testdata::QUALIFIED {
            assert!(html.contains(want), "{want}");
        }
    }

    #[test]
    fn escapes_every_report_text() {
        let cases = [
            ("<script>", "&lt;script&gt;"),
            ("\"onerror=", "&quot;onerror="),
            ("'x'", "&#39;x&#39;"),
            ("</style>", "&lt;/style&gt;"),
            ("a&b", "a&amp;b"),
        ];
        for (raw, want) in cases {
            assert_eq!(esc(raw), want);
        }
        let (c, _) = comparison();
        let html = to_html(&c);
        assert!(!html.contains("<script"), "raw script tag in page");
        assert!(!html.contains("\"onerror="));
        assert!(!html.contains(HOSTILE));
        assert_eq!(
            html.matches("</style>").count(),
            1,
            "report text closed the style block"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn checklist_section_lists_every_requirement_with_its_status() {
        let (c, _) = comparison();
        let html = to_html(&c);
        assert!(html.contains("<section id=\"checklist\">"));
        for row in crate::check::rows(&c.checks) {
            assert!(html.contains(&format!("<tr><th>{}</th>", esc(&row.label))));
            for cell in &row.cells {
                assert!(html.contains(&format!(">{}</td>", esc(&cell.text))));
            }
        }
    }

    #[test]
    fn page_is_self_contained_and_marks_diffs_without_colour_alone() {
        let (c, _) = comparison();
        let html = to_html(&c);
        assert!(html.starts_with("<!DOCTYPE html>"));
        for needle in ["<link", "<script", " src=", "href=\"http", "url("] {
            assert!(!html.contains(needle), "{needle}");
        }
        assert!(html.contains("@media print"));
        assert!(html.contains("<del class=\"num\">26件</del>"));
        assert!(html.contains("<ins class=\"num\">31件</ins>"));
        assert!(
            html.contains("text-decoration: line-through")
                && html.contains("text-decoration: underline")
        );
        assert!(html.contains("▲") && html.contains("▼"));
        assert!(html.contains("仅此一家"));
        // Key four first in the heatmap, starred.
        let first_key = html.find("<tr class=\"key\"><th><a href=\"#t-enforcement\">");
        assert!(first_key.is_some());
    }
}
