//! A comparison → a readable Markdown summary: reports, coverage, biggest differences, indicators,
//! commitments made by one report only, and follow-through. Report text is escaped so that neither
//! table pipes nor raw HTML in it take effect.

use std::fmt::Write;

use super::summary::{self, Difference, Mark};
use crate::model::Comparison;

/// Text safe inside a Markdown table cell.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '*' | '_' | '`' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

pub fn to_markdown(c: &Comparison) -> String {
    let names: Vec<String> = c.reports.iter().map(|r| cell(&r.display_name())).collect();
    let name = |i: usize| names.get(i).cloned().unwrap_or_else(|| format!("#{i}"));
    let mut m = String::new();
    let _ = writeln!(
        m,
        "# 法治政府建设报告对比\n\n{} 份报告 reports · {} 组配对 pairs\n",
        c.reports.len(),
        c.pairs.len()
    );
    reports(&mut m, c, &name);
    coverage(&mut m, c, &name);
    differences(&mut m, c, &name);
    checklist(&mut m, c, &name);
    indicators(&mut m, c, &name);
    commitments(&mut m, c, &name);
    follow(&mut m, c, &name);
    notes(&mut m, c);
    copied(&mut m, c, &name);
    m
}

/// The sentences many reports share (模板句), most shared first; only when computed.
fn copied(m: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    let rows = summary::copied(c, name);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        m,
        "\n## {}\n\n| {} |\n|---:|---|---:|---|",
        summary::COPIED_TITLE,
        summary::COPIED_HEADER.join(" | ")
    );
    for r in rows {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} |",
            r.reports,
            cell(r.text),
            r.earliest_text(),
            r.used_by
        );
    }
}

/// The reports as read, with their errors.
fn reports(m: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    m.push_str(
        "## 报告 Reports\n\n| # | 地区 年份 | 标题 | 文件 | 状态 |\n|---:|---|---|---|---|\n",
    );
    for (i, r) in c.reports.iter().enumerate() {
        let status = r
            .error
            .as_deref()
            .map_or("✓".to_string(), |e| format!("⚠ {}", cell(e)));
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {status} |",
            i + 1,
            name(i),
            cell(&r.title),
            cell(&r.source)
        );
    }
}

/// Passages / facts per topic × report.
fn coverage(m: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    m.push_str("\n## 覆盖 Coverage (段落 / 数字)\n\n| 主题 |");
    for i in 0..c.reports.len() {
        let _ = write!(m, " {} |", name(i));
    }
    m.push_str("\n|---|");
    m.push_str(&"---:|".repeat(c.reports.len()));
    m.push('\n');
    for (t, cells) in summary::coverage(c) {
        let label = if t.key {
            format!("**{}**", cell(&t.label))
        } else {
            cell(&t.label)
        };
        let _ = write!(m, "| {label} |");
        for x in cells {
            let _ = write!(m, " {} |", x.text());
        }
        m.push('\n');
    }
}

/// The biggest differences (see `summary::differences`).
fn differences(m: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    m.push_str("\n## 主要差异 Biggest differences\n\n");
    let differences = summary::differences(c);
    let value = |(report, v): &(usize, String)| format!("{} {}", name(*report), cell(v));
    for d in &differences {
        let _ = match d {
            Difference::Spread(g) => writeln!(
                m,
                "- 指标 **{}**: ▲ {} vs ▼ {}",
                cell(g.label),
                value(&g.highest),
                value(&g.lowest)
            ),
            Difference::Only { report, text } => {
                writeln!(m, "- 仅 {} 承诺: {}", name(*report), cell(text))
            }
            Difference::Uncovered { report, topic } => {
                writeln!(m, "- {} 未涉及 **{}**", name(*report), cell(topic))
            }
            Difference::More(n) => writeln!(m, "- … 另有 {n} 项 more"),
        };
    }
    if differences.is_empty() {
        m.push_str("- (无 none)\n");
    }
}

/// Every indicator value as written, ▲ highest ▼ lowest.
fn indicators(m: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    if !c.metrics.is_empty() {
        m.push_str("\n## 指标 Indicators\n\n▲ 最高 · ▼ 最低\n\n| 指标 |");
        for i in 0..c.reports.len() {
            let _ = write!(m, " {} |", name(i));
        }
        m.push_str("\n|---|");
        m.push_str(&"---:|".repeat(c.reports.len()));
        m.push('\n');
        for (row, cells) in summary::indicators(c) {
            let _ = write!(m, "| {} |", cell(&row.label));
            for x in cells {
                let vals: Vec<String> = x.values.iter().map(|v| cell(&v.as_written())).collect();
                let mark = x.mark.map_or("", Mark::arrow);
                let _ = write!(m, " {mark}{} |", vals.join("; "));
            }
            m.push('\n');
        }
    }
}

/// Every plan sentence and the reports that made a similar one.
fn commitments(m: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    if !c.commitments.is_empty() {
        m.push_str(
            "\n## 承诺 Commitments\n\n| 主题 | 报告 | 承诺 | 其他报告 |\n|---|---|---|---|\n",
        );
        for k in &c.commitments {
            let label = crate::tables::tables().topic_label(&k.topic);
            let also = if k.matches.is_empty() {
                "仅此一家".to_string()
            } else {
                k.matches
                    .iter()
                    .map(|x| format!("{} ({:.2})", name(x.report), x.similarity))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let _ = writeln!(
                m,
                "| {} | {} | {} | {also} |",
                cell(label),
                name(k.report),
                cell(&k.text)
            );
        }
    }
}

/// Each plan of year Y and what year Y+1 delivered of it.
fn follow(m: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    if !c.follow_through.is_empty() {
        let (done, missing) = summary::follow_counts(c);
        let _ = writeln!(
            m,
            "\n## 落实 Follow-through\n\n已落实 {done} · 未找到 {missing}\n\n| 安排 | 落实 | 相似度 |\n|---|---|---:|"
        );
        for f in &c.follow_through {
            let (d, s) = match &f.delivered {
                Some(x) => (
                    format!("{}: {}", name(x.report), cell(&x.text)),
                    format!("{:.2}", x.similarity),
                ),
                None => ("✗ 未找到".to_string(), String::new()),
            };
            let _ = writeln!(
                m,
                "| {}: {} | {d} | {s} |",
                name(f.plan.report),
                cell(&f.plan.text)
            );
        }
    }
}

/// Every note of the reviewer, with what it annotates (`notes::rows`).
fn notes(m: &mut String, c: &Comparison) {
    let rows = crate::notes::rows(c);
    if rows.is_empty() {
        return;
    }
    m.push_str("\n## 批注 Notes\n\n| 报告 | 对象 | 批注 |\n|---|---|---|\n");
    for r in rows {
        let _ = writeln!(
            m,
            "| {} | {} | {} |",
            cell(&r.reports),
            cell(&r.what),
            cell(&r.text)
        );
    }
}

/// The required-content check as a table: requirement × report.
fn checklist(m: &mut String, c: &Comparison, name: &dyn Fn(usize) -> String) {
    let _ = write!(
        m,
        "\n## 体检 Checklist\n\n依据 {}\n\n| 要求 |",
        cell(&crate::check::loaded_rules().source)
    );
    for i in 0..c.reports.len() {
        let _ = write!(m, " {} |", name(i));
    }
    m.push_str("\n|---|");
    m.push_str(&"---|".repeat(c.reports.len()));
    m.push('\n');
    for row in crate::check::rows_with_notes(&c.checks, &c.notes) {
        let _ = write!(m, "| {} |", cell(&row.label));
        for x in &row.cells {
            let note = x
                .note
                .as_deref()
                .map_or(String::new(), |n| format!(" ✎ {}", cell(n)));
            let _ = write!(m, " {}{note} |", cell(&x.text));
        }
        m.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testdata::comparison;

    #[test]
    fn values_keep_their_qualifier() {
        let md = to_markdown(&crate::export::testdata::qualified());
        for want in crate::export::testdata::QUALIFIED {
            assert!(md.contains(&format!(" {want} |")), "{want}");
        }
    }

    #[test]
    fn summary_has_tables_and_escapes_text() {
        let (c, _) = comparison();
        let md = to_markdown(&c);
        assert!(md.starts_with("# 法治政府建设报告对比"));
        assert!(md.contains("| **行政执法** |"));
        assert!(md.contains("▲ 31件") && md.contains("▼ 26件"));
        assert!(md.contains("仅 甲市 2019 承诺: 开展行政规范性文件专项清理工作。"));
        assert!(!md.contains("<script>"));
        assert_eq!(cell("a|b<c>\n*d*"), "a\\|b&lt;c&gt; \\*d\\*");
    }

    #[test]
    fn checklist_has_a_row_per_requirement() {
        let (c, _) = comparison();
        let md = to_markdown(&c);
        assert!(md.contains("## 体检 Checklist"));
        for row in crate::check::rows(&c.checks) {
            let cells: Vec<String> = row.cells.iter().map(|x| cell(&x.text)).collect();
            let line = format!("| {} | {} |", cell(&row.label), cells.join(" | "));
            assert!(md.contains(&line), "{line}");
        }
    }

    #[test]
    fn copied_sentences_are_a_section_only_when_computed() {
        let md = to_markdown(&crate::export::testdata::with_copied());
        let section = md
            .split("## 模板句 Copied sentences")
            .nth(1)
            .expect("a 模板句 section");
        let row = format!(
            "| 3 | {} | 2019 | 甲市 2021、乙市 2019、丙市 2020 |",
            cell(&crate::export::testdata::shared_sentence())
        );
        assert!(section.contains(&row), "{section}");
        assert!(!section.contains("<b>"), "escaped");
        assert!(!to_markdown(&comparison().0).contains("模板句"));
    }
}
