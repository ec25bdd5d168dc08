//! A comparison → the indicator table as CSV: UTF-8 with a BOM (so Excel reads Chinese), RFC 4180
//! quoting and CRLF line ends, one row per value, text cells that a spreadsheet would run as a
//! formula (= + - @, tab, CR) prefixed with `'`. The last column is the value as the report
//! wrote it (近30件, 700余份), after the columns older readers rely on.

use crate::display::number;
use crate::model::{Comparison, ReportInfo};

pub const HEADER: [&str; 14] = [
    "metric",
    "指标",
    "topic",
    "report",
    "地区 年份",
    "value",
    "unit",
    "approx",
    "normalized",
    "base_unit",
    "mark",
    "text",
    "source",
    "as_written",
];

/// Quote a field when it needs it; neutralize formula starts.
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn to_csv(c: &Comparison) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, HEADER.iter().map(|h| h.to_string()));
    for row in &c.metrics {
        for v in &row.values {
            let info = c.reports.get(v.report);
            let mark = if row.highest == Some(v.report) {
                "highest"
            } else if row.lowest == Some(v.report) {
                "lowest"
            } else {
                ""
            };
            push_row(
                &mut out,
                [
                    field(&row.metric),
                    field(&row.label),
                    field(&row.topic),
                    v.report.to_string(),
                    field(&info.map(ReportInfo::display_name).unwrap_or_default()),
                    number(v.value),
                    field(&v.unit),
                    v.approx.to_string(),
                    number(v.normalized),
                    field(&v.base_unit),
                    mark.to_string(),
                    field(&v.text),
                    field(&info.map(|r| r.source.clone()).unwrap_or_default()),
                    field(&v.as_written()),
                ]
                .into_iter(),
            );
        }
    }
    out.into_bytes()
}

/// The file beside `path` that holds the copied sentences: "对比.csv" → "对比.copied.csv".
pub fn copied_path(path: &std::path::Path) -> std::path::PathBuf {
    path.with_extension("copied.csv")
}

/// The copied sentences (模板句) as a CSV of their own, quoted and with a BOM as [`to_csv`],
/// one row per sentence, most shared first; `None` when none were computed. A second file, not
/// a second table in the indicator CSV: a CSV is one table to every program that reads it.
pub fn to_copied_csv(c: &Comparison) -> Option<Vec<u8>> {
    let names: Vec<String> = c.reports.iter().map(ReportInfo::display_name).collect();
    let name = |i: usize| names.get(i).cloned().unwrap_or_default();
    let rows = super::summary::copied(c, &name);
    if rows.is_empty() {
        return None;
    }
    let mut out = String::from("\u{feff}");
    push_row(
        &mut out,
        super::summary::COPIED_HEADER.map(field).into_iter(),
    );
    for r in rows {
        push_row(
            &mut out,
            [
                r.reports.to_string(),
                field(r.text),
                r.earliest_text(),
                field(&r.used_by),
            ]
            .into_iter(),
        );
    }
    Some(out.into_bytes())
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    let row: Vec<String> = cells.collect();
    out.push_str(&row.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testdata::comparison;

    /// The last column is the value as written, beside `approx` = true.
    #[test]
    fn values_keep_their_qualifier() {
        let text = String::from_utf8(to_csv(&crate::export::testdata::qualified())).expect("utf-8");
        for want in crate::export::testdata::QUALIFIED {
            let row = text
                .lines()
                .find(|l| l.ends_with(&format!(",{want}")))
                .unwrap_or_else(|| panic!("{want}"));
            assert!(row.contains(",true,"), "{row}");
        }
        assert!(text.lines().any(|l| l.ends_with(",26件")));
    }

    #[test]
    fn fields_are_quoted_and_neutralized() {
        let cases = [
            ("26件", "26件"),
            ("a,b", "\"a,b\""),
            ("说\"好\"", "\"说\"\"好\"\"\""),
            ("两行\n文字", "\"两行\n文字\""),
            ("=1+1", "'=1+1"),
            ("+86", "'+86"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            (" x", "\" x\""),
        ];
        for (raw, want) in cases {
            assert_eq!(field(raw), want, "{raw}");
        }
    }

    #[test]
    fn starts_with_a_bom_and_has_one_row_per_value() {
        let (c, _) = comparison();
        let bytes = to_csv(&c);
        assert_eq!(&bytes[..3], b"\xef\xbb\xbf");
        let text = String::from_utf8(bytes).expect("utf-8");
        let values: usize = c.metrics.iter().map(|m| m.values.len()).sum();
        assert_eq!(text.matches("\r\n").count(), values + 1);
        assert!(text.contains("reconsideration.received,行政复议申请/案件数,reconsideration,0,甲市 2019,26,件,false,26,件,lowest"));
        assert!(text.contains("\"'=HYPERLINK("), "{text}");
        assert!(!text.contains(",=HYPERLINK"));
    }

    #[test]
    fn copied_sentences_are_a_csv_of_their_own_only_when_computed() {
        let c = crate::export::testdata::with_copied();
        let bytes = to_copied_csv(&c).expect("copied sentences");
        assert_eq!(&bytes[..3], b"\xef\xbb\xbf");
        let text = String::from_utf8(bytes).expect("utf-8");
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "\u{feff}报告数 Reports,句子 Sentence,最早 Earliest,使用的报告 Used by"
        );
        let shared = crate::export::testdata::shared_sentence();
        assert_eq!(
            lines[1],
            format!("3,{},2019,甲市 2021、乙市 2019、丙市 2020", field(&shared))
        );
        assert_eq!(lines.len(), 3, "{text}");
        // The indicator CSV is unchanged by them.
        assert!(
            !String::from_utf8(to_csv(&c))
                .expect("utf-8")
                .contains(&shared)
        );
        assert!(to_copied_csv(&comparison().0).is_none());
        assert_eq!(
            copied_path(std::path::Path::new("/d/对比.csv")),
            std::path::Path::new("/d/对比.copied.csv")
        );
    }
}
