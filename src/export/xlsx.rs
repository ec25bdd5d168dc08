//! A comparison → an XLSX workbook: 指标 Indicators (one row per value, numbers as numbers),
//! 指标对比 By report (indicator × report, as the app's table shows it),
//! 覆盖 Coverage (topic × report, colour-scaled), 承诺 Commitments, 配对 Pairs, 落实 Follow-through
//! and 报告 Reports; bold frozen headers with filters and set column widths.

use rust_xlsxwriter::{
    Color, ConditionalFormat2ColorScale, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::ExportError;
use crate::model::{Comparison, DiffOp, ReportInfo, Status};

pub const INDICATORS: &str = "指标 Indicators";
pub const BY_REPORT: &str = "指标对比 By report";
pub const COVERAGE: &str = "覆盖 Coverage";
pub const COMMITMENTS: &str = "承诺 Commitments";
pub const PAIRS: &str = "配对 Pairs";
pub const FOLLOW: &str = "落实 Follow-through";
pub const REPORTS: &str = "报告 Reports";
pub const CHECKLIST: &str = "体检 Checklist";
pub const NOTES: &str = "批注 Notes";

/// Excel keeps at most 32 767 characters in a cell.
const CELL_MAX: usize = 32_000;

fn clip(s: &str) -> &str {
    match s.char_indices().nth(CELL_MAX) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    row: u32,
}

impl Sheet<'_> {
    /// Header row (bold, shaded, frozen, with filters) and column widths.
    fn header(&mut self, cols: &[(&str, f64)]) -> Result<(), XlsxError> {
        let bold = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xE8EEF7))
            .set_border_bottom(FormatBorder::Thin);
        for (i, (name, width)) in cols.iter().enumerate() {
            let col = i as u16;
            self.ws.write_string_with_format(0, col, *name, &bold)?;
            self.ws.set_column_width(col, *width)?;
        }
        self.ws.set_freeze_panes(1, 0)?;
        self.row = 1;
        Ok(())
    }

    fn text(&mut self, col: u16, s: &str) -> Result<(), XlsxError> {
        if !s.is_empty() {
            self.ws.write_string(self.row, col, clip(s))?;
        }
        Ok(())
    }

    fn num(&mut self, col: u16, x: f64) -> Result<(), XlsxError> {
        if x.is_finite() {
            self.ws.write_number(self.row, col, x)?;
        }
        Ok(())
    }

    fn filter(&mut self, cols: u16) -> Result<(), XlsxError> {
        if self.row > 1 {
            self.ws
                .autofilter(0, 0, self.row - 1, cols.saturating_sub(1))?;
        }
        Ok(())
    }
}

fn sheet<'a>(wb: &'a mut Workbook, name: &str) -> Result<Sheet<'a>, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    Ok(Sheet { ws, row: 0 })
}

pub fn to_xlsx(c: &Comparison) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let names: Vec<String> = c.reports.iter().map(ReportInfo::display_name).collect();
    let name = |i: usize| names.get(i).cloned().unwrap_or_default();

    indicators(&mut wb, c, &name)?;
    by_report(&mut wb, c, &names)?;
    coverage(&mut wb, c, &names)?;
    commitments(&mut wb, c, &name)?;
    pairs(&mut wb, c, &name)?;
    follow(&mut wb, c, &name)?;
    reports(&mut wb, c)?;
    checklist(&mut wb, c, &names)?;
    notes(&mut wb, c)?;
    copied(&mut wb, c, &name)?;
    Ok(wb.save_to_buffer()?)
}

/// The sentences many reports share (模板句), most shared first; no sheet when not computed.
fn copied(
    wb: &mut Workbook,
    c: &Comparison,
    name: &dyn Fn(usize) -> String,
) -> Result<(), XlsxError> {
    let rows = super::summary::copied(c, name);
    if rows.is_empty() {
        return Ok(());
    }
    let mut s = sheet(wb, "模板句 Copied")?;
    let [reports, sentence, earliest, used_by] = super::summary::COPIED_HEADER;
    s.header(&[
        (reports, 10.0),
        (sentence, 70.0),
        (earliest, 10.0),
        (used_by, 60.0),
    ])?;
    for r in rows {
        s.num(0, r.reports as f64)?;
        s.text(1, r.text)?;
        if let Some(y) = r.earliest {
            s.num(2, f64::from(y))?;
        }
        s.text(3, &r.used_by)?;
        s.row += 1;
    }
    s.filter(4)
}

/// The reviewer's notes, with what each annotates; no sheet when there are none.
fn notes(wb: &mut Workbook, c: &Comparison) -> Result<(), XlsxError> {
    let notes = crate::notes::rows(c);
    if notes.is_empty() {
        return Ok(());
    }
    let mut s = sheet(wb, NOTES)?;
    s.header(&[
        ("报告 report", 24.0),
        ("对象 on", 60.0),
        ("批注 note", 50.0),
    ])?;
    for r in notes {
        s.text(0, &r.reports)?;
        s.text(1, &r.what)?;
        s.text(2, &r.text)?;
        s.row += 1;
    }
    Ok(())
}

/// The indicator values, one row per value, numbers as numbers.
fn indicators(
    wb: &mut Workbook,
    c: &Comparison,
    name: &dyn Fn(usize) -> String,
) -> Result<(), XlsxError> {
    let mut s = sheet(wb, INDICATORS)?;
    let cols = [
        ("指标 metric", 34.0),
        ("指标名称", 22.0),
        ("主题 topic", 16.0),
        ("报告 report", 8.0),
        ("地区 年份", 20.0),
        ("数值 value", 11.0),
        ("单位 unit", 8.0),
        ("约 approx", 8.0),
        ("折算 normalized", 14.0),
        ("基本单位", 8.0),
        ("最高/最低", 9.0),
        ("原文 text", 60.0),
        ("原文数值 as written", 14.0),
    ];
    s.header(&cols)?;
    for row in &c.metrics {
        for v in &row.values {
            s.text(0, &row.metric)?;
            s.text(1, &row.label)?;
            s.text(2, crate::tables::tables().topic_label(&row.topic))?;
            s.num(3, v.report as f64)?;
            s.text(4, &name(v.report))?;
            s.num(5, v.value)?;
            s.text(6, &v.unit)?;
            s.ws.write_boolean(s.row, 7, v.approx)?;
            s.num(8, v.normalized)?;
            s.text(9, &v.base_unit)?;
            let mark = if row.highest == Some(v.report) {
                "▲ 最高"
            } else if row.lowest == Some(v.report) {
                "▼ 最低"
            } else {
                ""
            };
            s.text(10, mark)?;
            s.text(11, &v.text)?;
            s.text(12, &v.as_written())?;
            s.row += 1;
        }
    }
    s.filter(cols.len() as u16)?;
    Ok(())
}

/// Indicator × report, as the app's table: one row per indicator, one column per report (its
/// first value), highest and lowest shaded. Cells are numbers in the indicator's base unit, so
/// they sort and chart; the number format shows the qualifier and unit around them (近30件).
fn by_report(wb: &mut Workbook, c: &Comparison, names: &[String]) -> Result<(), XlsxError> {
    let mut s = sheet(wb, BY_REPORT)?;
    let mut cols: Vec<(String, f64)> =
        vec![("指标 indicator".into(), 26.0), ("主题 topic".into(), 14.0)];
    cols.extend(names.iter().map(|n| (n.clone(), 16.0)));
    let refs: Vec<(&str, f64)> = cols.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    s.header(&refs)?;
    s.ws.set_freeze_panes(1, 1)?;
    let tables = crate::tables::tables();
    for row in &c.metrics {
        s.text(0, &row.label)?;
        s.text(1, tables.topic_label(&row.topic))?;
        for (report, _) in names.iter().enumerate() {
            let Some(v) = row.values.iter().find(|v| v.report == report) else {
                continue;
            };
            let mut format = Format::new().set_num_format(value_format(v));
            if row.highest == Some(report) {
                format = format.set_bold().set_background_color(Color::RGB(0xF8D7C4));
            } else if row.lowest == Some(report) {
                format = format.set_background_color(Color::RGB(0xD4E4F7));
            }
            if v.normalized.is_finite() {
                s.ws.write_number_with_format(s.row, 2 + report as u16, v.normalized, &format)?;
            }
        }
        s.row += 1;
    }
    s.filter(cols.len() as u16)?;
    Ok(())
}

/// An Excel number format that prints a base-unit value with its qualifier and unit as the
/// report wrote them: `"近"General"件"`. Text goes in quotes, so % and digits stay literal.
fn value_format(v: &crate::model::MetricValue) -> String {
    let literal = |s: &str| {
        let s = s.replace('"', "");
        if s.is_empty() {
            String::new()
        } else {
            format!("\"{s}\"")
        }
    };
    let before = if v.approx && v.qualifier.is_empty() {
        "约"
    } else {
        v.qualifier.before.as_str()
    };
    format!(
        "{}General{}",
        literal(before),
        literal(&format!("{}{}", v.qualifier.after, v.base_unit))
    )
}

/// Coverage: passages per topic × report, shaded like the heatmap.
fn coverage(wb: &mut Workbook, c: &Comparison, names: &[String]) -> Result<(), XlsxError> {
    let mut s = sheet(wb, COVERAGE)?;
    let mut cols: Vec<(String, f64)> = vec![
        ("主题 topic".into(), 20.0),
        ("id".into(), 16.0),
        ("重点 key".into(), 8.0),
    ];
    cols.extend(names.iter().map(|n| (format!("{n} 段落"), 14.0)));
    cols.extend(names.iter().map(|n| (format!("{n} 数字"), 14.0)));
    let refs: Vec<(&str, f64)> = cols.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    s.header(&refs)?;
    let n = c.reports.len() as u16;
    for t in &c.topics {
        s.text(0, &t.label)?;
        s.text(1, &t.id)?;
        s.ws.write_boolean(s.row, 2, t.key)?;
        for cell in &t.cells {
            s.num(3 + cell.report as u16, cell.passages as f64)?;
            s.num(3 + n + cell.report as u16, cell.facts as f64)?;
        }
        s.row += 1;
    }
    if n > 0 && s.row > 1 {
        let scale = ConditionalFormat2ColorScale::new()
            .set_minimum_color(Color::RGB(0xFFFFFF))
            .set_maximum_color(Color::RGB(0x6F9FE0));
        s.ws.add_conditional_format(1, 3, s.row - 1, 3 + n - 1, &scale)?;
    }
    Ok(())
}

/// Every plan sentence with the reports that made a similar one.
fn commitments(
    wb: &mut Workbook,
    c: &Comparison,
    name: &dyn Fn(usize) -> String,
) -> Result<(), XlsxError> {
    let mut s = sheet(wb, COMMITMENTS)?;
    let cols = [
        ("主题 topic", 16.0),
        ("报告 report", 8.0),
        ("地区 年份", 20.0),
        ("承诺 commitment", 60.0),
        ("其他报告数 matches", 10.0),
        ("最高相似度", 10.0),
        ("其他报告 also made by", 60.0),
    ];
    s.header(&cols)?;
    for k in &c.commitments {
        s.text(0, &k.topic)?;
        s.num(1, k.report as f64)?;
        s.text(2, &name(k.report))?;
        s.text(3, &k.text)?;
        s.num(4, k.matches.len() as f64)?;
        if let Some(best) = k.matches.iter().map(|m| m.similarity).reduce(f64::max) {
            s.num(5, best)?;
        }
        let also: Vec<String> = k
            .matches
            .iter()
            .map(|m| format!("{}: {}", name(m.report), m.text))
            .collect();
        s.text(6, &also.join("\n"))?;
        s.row += 1;
    }
    s.filter(cols.len() as u16)?;
    Ok(())
}

/// The paired sentences with their changes (−deleted +inserted).
fn pairs(
    wb: &mut Workbook,
    c: &Comparison,
    name: &dyn Fn(usize) -> String,
) -> Result<(), XlsxError> {
    let mut s = sheet(wb, PAIRS)?;
    let cols = [
        ("主题 topic", 16.0),
        ("相似度 similarity", 10.0),
        ("报告A", 8.0),
        ("A 地区 年份", 18.0),
        ("A 原文", 60.0),
        ("报告B", 8.0),
        ("B 地区 年份", 18.0),
        ("B 原文", 60.0),
        ("差异 changes", 30.0),
    ];
    s.header(&cols)?;
    for p in &c.pairs {
        s.text(0, &p.topic)?;
        s.num(1, p.similarity)?;
        s.num(2, p.a.report as f64)?;
        s.text(3, &name(p.a.report))?;
        s.text(4, &p.a.text)?;
        s.num(5, p.b.report as f64)?;
        s.text(6, &name(p.b.report))?;
        s.text(7, &p.b.text)?;
        let changes: Vec<String> = p
            .diff
            .iter()
            .filter_map(|d| match d.op {
                DiffOp::Equal => None,
                DiffOp::Delete => Some(format!("−{}", d.text)),
                DiffOp::Insert => Some(format!("+{}", d.text)),
            })
            .collect();
        s.text(8, &changes.join(" "))?;
        s.row += 1;
    }
    s.filter(cols.len() as u16)?;
    Ok(())
}

/// Each plan of year Y and what year Y+1 delivered of it.
fn follow(
    wb: &mut Workbook,
    c: &Comparison,
    name: &dyn Fn(usize) -> String,
) -> Result<(), XlsxError> {
    let mut s = sheet(wb, FOLLOW)?;
    let cols = [
        ("主题 topic", 16.0),
        ("安排报告", 18.0),
        ("安排 plan", 60.0),
        ("落实报告", 18.0),
        ("落实 delivered", 60.0),
        ("相似度", 10.0),
    ];
    s.header(&cols)?;
    for f in &c.follow_through {
        s.text(0, &f.plan.topic)?;
        s.text(1, &name(f.plan.report))?;
        s.text(2, &f.plan.text)?;
        match &f.delivered {
            Some(m) => {
                s.text(3, &name(m.report))?;
                s.text(4, &m.text)?;
                s.num(5, m.similarity)?;
            }
            None => s.text(4, "✗ 未找到 not found")?,
        }
        s.row += 1;
    }
    Ok(())
}

/// The reports compared, as read.
fn reports(wb: &mut Workbook, c: &Comparison) -> Result<(), XlsxError> {
    let mut s = sheet(wb, REPORTS)?;
    let cols = [
        ("#", 6.0),
        ("地区 region", 20.0),
        ("年份 year", 8.0),
        ("标题 title", 50.0),
        ("文件 source", 50.0),
        ("错误 error", 40.0),
    ];
    s.header(&cols)?;
    for (i, r) in c.reports.iter().enumerate() {
        s.num(0, i as f64)?;
        s.text(1, &r.region)?;
        if let Some(y) = r.year {
            s.num(2, f64::from(y))?;
        }
        s.text(3, &r.title)?;
        s.text(4, &r.source)?;
        s.text(5, r.error.as_deref().unwrap_or_default())?;
        s.row += 1;
    }
    Ok(())
}

/// The required-content check: requirement × report, coloured by status.
fn checklist(wb: &mut Workbook, c: &Comparison, names: &[String]) -> Result<(), XlsxError> {
    let mut s = sheet(wb, CHECKLIST)?;
    let mut cols: Vec<(String, f64)> = vec![("要求 requirement".into(), 44.0)];
    cols.extend(names.iter().map(|n| (n.clone(), 24.0)));
    let refs: Vec<(&str, f64)> = cols.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    s.header(&refs)?;
    let fill = |rgb: u32| Format::new().set_background_color(Color::RGB(rgb));
    for row in crate::check::rows_with_notes(&c.checks, &c.notes) {
        s.text(0, &row.label)?;
        for (i, x) in row.cells.iter().enumerate() {
            let format = match x.status {
                Some(Status::Present) => fill(0xDFF5E3),
                Some(Status::Thin) => fill(0xFFF3CD),
                Some(Status::Missing) => fill(0xFDE4E6),
                None => Format::new(),
            };
            let text = match &x.note {
                Some(n) => format!("{}\n✎ {n}", x.text),
                None => x.text.clone(),
            };
            s.ws.write_string_with_format(s.row, 1 + i as u16, clip(&text), &format)?;
        }
        s.row += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

    use super::*;
    use crate::export::testdata::comparison;

    /// 原文数值 holds the value as written; 约 approx stays a boolean beside the number.
    #[test]
    fn values_keep_their_qualifier() {
        let bytes = to_xlsx(&crate::export::testdata::qualified()).expect("xlsx");
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("open");
        let ind = wb.worksheet_range(INDICATORS).expect("indicators");
        for want in crate::export::testdata::QUALIFIED {
            let row = ind
                .rows()
                .find(|r| r.get(12) == Some(&Data::String(want.to_string())))
                .unwrap_or_else(|| panic!("{want}"));
            assert_eq!(row[7], Data::Bool(true), "{want}");
        }
    }

    /// 指标对比: one row per indicator, a column per report named by region and year, values as
    /// numbers in base units (1.2万户 → 12000) and the qualifier in the cell's number format.
    #[test]
    fn the_wide_sheet_is_the_apps_table() {
        let (c, _) = comparison();
        let mut wb: Xlsx<_> =
            open_workbook_from_rs(Cursor::new(to_xlsx(&c).expect("xlsx"))).expect("open");
        let wide = wb.worksheet_range(BY_REPORT).expect("by report");
        let rows: Vec<&[Data]> = wide.rows().collect();
        assert_eq!(rows[0][2], Data::String("甲市 2019".into()));
        assert_eq!(rows.len(), c.metrics.len() + 1);
        let entities = rows
            .iter()
            .find(|r| {
                r[0] == Data::String(
                    crate::tables::metric_label("business_env.new_market_entities").into(),
                )
            })
            .expect("new market entities row");
        assert_eq!(entities[2], Data::Float(12000.0));
        assert_eq!(entities[3], Data::Float(8000.0));
        let mut v = c.metrics[0].values[0].clone();
        v.qualifier.before = "近".into();
        v.base_unit = "%".into();
        assert_eq!(value_format(&v), "\"近\"General\"%\"");
    }

    #[test]
    fn round_trips_through_calamine() {
        let (c, _) = comparison();
        let bytes = to_xlsx(&c).expect("xlsx");
        assert_eq!(&bytes[..2], b"PK");
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("open");
        assert_eq!(
            wb.sheet_names(),
            [
                INDICATORS,
                BY_REPORT,
                COVERAGE,
                COMMITMENTS,
                PAIRS,
                FOLLOW,
                REPORTS,
                CHECKLIST
            ]
        );

        let check = wb.worksheet_range(CHECKLIST).expect("checklist");
        let rows: Vec<&[Data]> = check.rows().skip(1).collect();
        let want = crate::check::rows(&c.checks);
        assert_eq!(rows.len(), want.len());
        for (row, w) in rows.iter().zip(&want) {
            assert_eq!(row[0], Data::String(w.label.clone()));
            for (i, cell) in w.cells.iter().enumerate() {
                assert_eq!(row[1 + i], Data::String(cell.text.clone()));
            }
        }

        let ind = wb.worksheet_range(INDICATORS).expect("indicators");
        let rows: Vec<&[Data]> = ind.rows().skip(1).collect();
        let values: Vec<_> = c
            .metrics
            .iter()
            .flat_map(|m| m.values.iter().map(move |v| (m, v)))
            .collect();
        assert_eq!(rows.len(), values.len());
        for (row, (m, v)) in rows.iter().zip(values) {
            assert_eq!(row[0], Data::String(m.metric.clone()));
            assert_eq!(row[3], Data::Float(v.report as f64));
            assert_eq!(row[5], Data::Float(v.value), "value is a number");
            assert_eq!(row[6], Data::String(v.unit.clone()));
            assert_eq!(row[8], Data::Float(v.normalized));
            assert_eq!(row[11], Data::String(v.text.clone()));
        }

        let cov = wb.worksheet_range(COVERAGE).expect("coverage");
        let rows: Vec<&[Data]> = cov.rows().skip(1).collect();
        assert_eq!(rows.len(), c.topics.len());
        for (row, t) in rows.iter().zip(&c.topics) {
            assert_eq!(row[1], Data::String(t.id.clone()));
            for cell in &t.cells {
                assert_eq!(row[3 + cell.report], Data::Float(cell.passages as f64));
            }
        }

        let pairs = wb.worksheet_range(PAIRS).expect("pairs");
        let rows: Vec<&[Data]> = pairs.rows().skip(1).collect();
        assert_eq!(rows.len(), c.pairs.len());
        assert_eq!(rows[0][1], Data::Float(c.pairs[0].similarity));
        assert_eq!(rows[0][4], Data::String(c.pairs[0].a.text.clone()));

        let com = wb.worksheet_range(COMMITMENTS).expect("commitments");
        assert_eq!(com.rows().count(), c.commitments.len() + 1);
    }
}
