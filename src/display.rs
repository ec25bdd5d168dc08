//! How the engine's values are written for people: numbers and quantities as the report wrote
//! them, and the name of a report. The app, the CLI and every export call these, so they never
//! disagree (an export once wrote 近30件 as 30余件 while the app showed 余 as 约).

use crate::model::{Fact, MetricValue, Qualifier, Report, ReportInfo};

/// 26 → "26", 6.8 → "6.8", 12000.000000000002 → "12000": as a reader writes a number. Six
/// decimals keep every value a report writes and drop the float noise of unit conversion.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else if x.is_finite() {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        format!("{x}")
    }
}

/// "近30件", "700余份", "1.2万余户", "约26%": a value with its unit and its qualifier where the
/// report put it (余/多 after the scale, before the measure word). A value marked approximate
/// without its words (JSON written before they were kept) reads "约…".
pub fn quantity(value: f64, unit: &str, approx: bool, qualifier: &Qualifier) -> String {
    let before = if approx && qualifier.is_empty() {
        "约"
    } else {
        qualifier.before.as_str()
    };
    let scale_len = unit
        .chars()
        .next()
        .filter(|c| matches!(c, '万' | '亿' | '千'))
        .map_or(0, char::len_utf8);
    let (scale, rest) = unit.split_at(scale_len);
    format!("{before}{}{scale}{}{rest}", number(value), qualifier.after)
}

/// "常州市新北区 2019": how people are shown a report — its region and year; the source's short
/// name ([`source_name`]) only when the region is unknown.
pub fn report_name(region: &str, year: Option<i32>, source: &str) -> String {
    let name = if region.is_empty() {
        source_name(source)
    } else {
        region.to_owned()
    };
    match year {
        Some(y) => format!("{name} {y}"),
        None => name,
    }
}

/// A source as a list shows it: a file's name without its folder; a web address as its host and
/// last part, decoded ("www.gov.cn/…/报告.pdf"), since the whole address is mostly noise.
pub fn source_name(source: &str) -> String {
    if crate::ingest::web::is_address(source)
        && let Ok(url) = url::Url::parse(source)
        && let Some(host) = url.host_str()
    {
        let segments: Vec<&str> = url
            .path_segments()
            .map(|s| s.filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        let mut last = segments
            .last()
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .unwrap_or_default();
        if let Some(query) = url.query() {
            last = format!("{last}?{query}");
        }
        return match segments.len() {
            0 if last.is_empty() => host.to_owned(),
            0 | 1 => format!("{host}/{last}"),
            _ => format!("{host}/…/{last}"),
        };
    }
    std::path::Path::new(source)
        .file_name()
        .map_or_else(|| source.to_owned(), |n| n.to_string_lossy().into_owned())
}

impl Report {
    /// See [`report_name`].
    pub fn display_name(&self) -> String {
        report_name(&self.region, self.year, &self.source)
    }
}

impl ReportInfo {
    /// See [`report_name`].
    pub fn display_name(&self) -> String {
        report_name(&self.region, self.year, &self.source)
    }
}

impl Fact {
    /// The number as the report wrote it ("近30件").
    pub fn as_written(&self) -> String {
        quantity(self.value, &self.unit, self.approx, &self.qualifier)
    }
}

impl MetricValue {
    /// The number as the report wrote it ("近30件").
    pub fn as_written(&self) -> String {
        quantity(self.value, &self.unit, self.approx, &self.qualifier)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_written() {
        for (v, s) in [
            (26.0, "26"),
            (6.8, "6.8"),
            (23.52, "23.52"),
            (100.0, "100"),
            (0.5, "0.5"),
            (0.12345, "0.12345"),
            (1.2 * 10_000.0 + 1e-9, "12000"),
            (93.32e8, "9332000000"),
            (-3.0, "-3"),
        ] {
            assert_eq!(number(v), s, "{v}");
        }
    }

    #[test]
    fn a_report_is_named_by_region_and_year_then_file_name() {
        assert_eq!(report_name("甲市", Some(2019), "a/b.txt"), "甲市 2019");
        assert_eq!(report_name("甲市", None, "a/b.txt"), "甲市");
        assert_eq!(report_name("", Some(2019), "dir/报告.pdf"), "报告.pdf 2019");
        assert_eq!(report_name("", None, "/"), "/");
        // A web address: its host and last part, decoded.
        assert_eq!(
            report_name("甲市", Some(2019), "https://www.x.gov.cn/a/b.html"),
            "甲市 2019"
        );
        assert_eq!(
            report_name(
                "",
                Some(2019),
                "https://www.x.gov.cn/a/2020/%E6%8A%A5%E5%91%8A.pdf"
            ),
            "www.x.gov.cn/…/报告.pdf 2019"
        );
        assert_eq!(
            report_name("", None, "http://www.x.gov.cn/show.aspx?id=3"),
            "www.x.gov.cn/show.aspx?id=3"
        );
        assert_eq!(report_name("", None, "http://127.0.0.1:8080/"), "127.0.0.1");
    }

    #[test]
    fn qualifiers_stand_where_the_report_put_them() {
        let q = |before: &str, after: &str| Qualifier {
            before: before.into(),
            after: after.into(),
        };
        let cases = [
            (30.0, "件", q("近", ""), "近30件"),
            (3000.0, "人次", q("逾", ""), "逾3000人次"),
            (120.0, "次", q("约", ""), "约120次"),
            (700.0, "份", q("", "余"), "700余份"),
            (40.0, "家", q("", "多"), "40多家"),
            (1.2, "万户", q("", "余"), "1.2万余户"),
            (2.0, "亿元", q("超过", ""), "超过2亿元"),
            (26.0, "件", q("", ""), "26件"),
        ];
        for (value, unit, qualifier, want) in cases {
            let approx = !qualifier.is_empty();
            assert_eq!(quantity(value, unit, approx, &qualifier), want);
        }
        // Older JSON: approximate, words unknown.
        assert_eq!(quantity(26.0, "件", true, &Qualifier::default()), "约26件");
    }
}
