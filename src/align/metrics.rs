//! Reports' facts → the indicator table: one row per canonical metric that occurs (SPEC order),
//! every value of every report with its value in base units, and which report is highest/lowest.

use crate::model::{MetricRow, MetricValue, Report};
use crate::tables::{metric_label, metric_rank};

/// A value as written → the same value in base units: 1.2 万户 → 12000 户, 3.5 亿元 → 350000000 元.
/// 余/多/近/约 before the unit are dropped; percentages stay percentages (6.8 %).
pub fn normalize_unit(value: f64, unit: &str) -> (f64, String) {
    let mut u = unit
        .trim()
        .trim_start_matches(['余', '多', '近', '约', '逾']);
    let mut factor = 1.0;
    for (prefix, f) in [
        ("万亿", 1e12),
        ("千万", 1e7),
        ("百万", 1e6),
        ("亿", 1e8),
        ("万", 1e4),
        ("千", 1e3),
    ] {
        if let Some(rest) = u.strip_prefix(prefix) {
            factor = f;
            u = rest.trim_start_matches(['余', '多']);
            break;
        }
    }
    let base = match u {
        "％" => "%",
        other => other,
    };
    (value * factor, base.to_string())
}

/// Measure words that count the same kind of thing within one indicator: documents and case
/// files (件 份 本 卷 宗), people (人 名), businesses (户 家).
fn counting_unit(base: &str) -> &str {
    match base {
        "份" | "本" | "卷" | "宗" => "件",
        "名" => "人",
        "家" => "户",
        other => other,
    }
}

pub fn rows(reports: &[Report], topics: &[&'static str]) -> Vec<MetricRow> {
    let mut ids: Vec<&str> = Vec::new();
    for r in reports.iter().filter(|r| r.error.is_none()) {
        for id in r.facts.iter().filter_map(|f| f.metric.as_deref()) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    // SPEC order; ids SPEC does not know go last, alphabetically.
    ids.sort_by_key(|id| (metric_rank(id), *id));
    ids.into_iter()
        .filter_map(|id| {
            let topic = id.split('.').next().unwrap_or(id);
            topics.contains(&topic).then(|| row(reports, id, topic))
        })
        .collect()
}

fn row(reports: &[Report], id: &str, topic: &str) -> MetricRow {
    let mut values = Vec::new();
    for (ri, r) in reports.iter().enumerate() {
        if r.error.is_some() {
            continue;
        }
        for f in r.facts.iter().filter(|f| f.metric.as_deref() == Some(id)) {
            let (normalized, base_unit) = normalize_unit(f.value, &f.unit);
            values.push(MetricValue {
                report: ri,
                value: f.value,
                unit: f.unit.clone(),
                approx: f.approx,
                qualifier: f.qualifier.clone(),
                text: f.text.clone(),
                normalized,
                base_unit,
            });
        }
    }
    let (highest, lowest) = extremes(&values);
    MetricRow {
        metric: id.to_string(),
        label: metric_label(id).to_string(),
        topic: topic.to_string(),
        values,
        highest,
        lowest,
    }
}

/// Highest and lowest report among each report's first value, over the base unit most reports
/// use (measure words for the same thing count as one: 700余份 案卷 and 26件 案卷 compare);
/// None when fewer than two reports share it or all their values are equal.
fn extremes(values: &[MetricValue]) -> (Option<usize>, Option<usize>) {
    let mut firsts: Vec<&MetricValue> = Vec::new();
    for v in values {
        if !firsts.iter().any(|f| f.report == v.report) {
            firsts.push(v);
        }
    }
    let mut best_unit: Option<(&str, usize)> = None;
    for v in &firsts {
        let unit = counting_unit(&v.base_unit);
        let n = firsts
            .iter()
            .filter(|w| counting_unit(&w.base_unit) == unit)
            .count();
        if best_unit.is_none_or(|(_, m)| n > m) {
            best_unit = Some((unit, n));
        }
    }
    let Some((unit, n)) = best_unit else {
        return (None, None);
    };
    if n < 2 {
        return (None, None);
    }
    let same: Vec<&&MetricValue> = firsts
        .iter()
        .filter(|v| counting_unit(&v.base_unit) == unit)
        .collect();
    let hi = same
        .iter()
        .copied()
        .reduce(|a, b| if b.normalized > a.normalized { b } else { a });
    let lo = same
        .iter()
        .copied()
        .reduce(|a, b| if b.normalized < a.normalized { b } else { a });
    match (hi, lo) {
        (Some(h), Some(l)) if h.normalized > l.normalized => (Some(h.report), Some(l.report)),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::testutil::{fact, report};

    #[test]
    fn units_normalize_to_base() {
        let cases: &[(f64, &str, f64, &str)] = &[
            (26.0, "件", 26.0, "件"),
            (1.2, "万户", 12000.0, "户"),
            (3.5, "亿元", 3.5e8, "元"),
            (5.0, "千人", 5000.0, "人"),
            (12.0, "万人次", 120000.0, "人次"),
            (6.8, "%", 6.8, "%"),
            (95.0, "％", 95.0, "%"),
            (700.0, "余份", 700.0, "份"),
            (3.0, "个百分点", 3.0, "个百分点"),
            (4.0, "万", 40000.0, ""),
        ];
        for (v, u, want_v, want_u) in cases {
            let (got_v, got_u) = normalize_unit(*v, u);
            assert!((got_v - want_v).abs() < 1e-6, "{v}{u} → {got_v}");
            assert_eq!(got_u, *want_u, "{v}{u}");
        }
    }

    #[test]
    fn measure_words_for_one_thing_compare() {
        let v = |report: usize, value: f64, unit: &str| MetricValue {
            report,
            value,
            unit: unit.to_string(),
            approx: false,
            qualifier: Default::default(),
            text: String::new(),
            normalized: value,
            base_unit: unit.to_string(),
        };
        assert_eq!(
            extremes(&[v(0, 700.0, "份"), v(1, 26.0, "件")]),
            (Some(0), Some(1))
        );
        assert_eq!(
            extremes(&[v(0, 700.0, "份"), v(1, 26.0, "%")]),
            (None, None)
        );
    }

    #[test]
    fn extremes_use_base_units_and_first_value() {
        let mut a = report("甲", 2019, &[]);
        a.facts = vec![
            fact(
                "business_env.new_market_entities",
                1.2,
                "万户",
                0,
                "新增市场主体1.2万户",
            ),
            fact("business_env.new_market_entities", 99999.0, "户", 0, "累计"),
        ];
        let mut b = report("乙", 2019, &[]);
        b.facts = vec![fact(
            "business_env.new_market_entities",
            8000.0,
            "户",
            0,
            "新增8000户",
        )];
        let mut c = report("丙", 2019, &[]);
        c.facts = vec![fact(
            "business_env.new_market_entities",
            30.0,
            "%",
            0,
            "增长30%",
        )];
        let rows = rows(&[a, b, c], &["business_env"]);
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(row.values.len(), 4);
        assert_eq!((row.highest, row.lowest), (Some(0), Some(1)));
        assert_eq!(row.label, "新增市场主体户数");
    }

    #[test]
    fn one_report_or_equal_values_have_no_extremes() {
        let mut a = report("甲", 2019, &[]);
        a.facts = vec![fact(
            "litigation.head_appearance_rate",
            100.0,
            "%",
            0,
            "出庭率100%",
        )];
        let b = {
            let mut b = a.clone();
            b.region = "乙".into();
            b
        };
        let one = rows(std::slice::from_ref(&a), &["litigation"]);
        assert_eq!((one[0].highest, one[0].lowest), (None, None));
        let two = rows(&[a, b], &["litigation"]);
        assert_eq!((two[0].highest, two[0].lowest), (None, None));
    }
}
