//! One test per fixed bug, named after what broke, with the smallest input that showed it.

use std::time::{Duration, Instant};

use duibi::extract::numerals::parse_chinese_integer;
use duibi::pipeline::analyze_text;

/// A run of 20+ Chinese digits (二〇二〇二〇…, a table of years with no separators) overflowed u64
/// and panicked in debug builds (wrapped to a wrong number in release).
#[test]
fn chinese_digit_run_longer_than_u64_overflowed() {
    let run = "九".repeat(20);
    assert_eq!(parse_chinese_integer(&run), None);
    assert_eq!(
        parse_chinese_integer(&"九".repeat(19)),
        Some(9_999_999_999_999_999_999)
    );
    let report = analyze_text("digits.txt", &format!("全区共{run}件执法案卷。"));
    assert_eq!(report.error, None);
}

/// 万 after 亿 multiplied the 亿 part: 一亿零一万 came out as 1,000,100,000,000.
#[test]
fn wan_after_yi_multiplied_the_yi_part() {
    let cases = [
        ("一亿零一万", 100_010_000),
        ("一亿二千万", 120_000_000),
        ("三亿零五", 300_000_005),
        ("一万亿", 1_000_000_000_000),
        ("十二万", 120_000),
    ];
    for (text, want) in cases {
        assert_eq!(parse_chinese_integer(text), Some(want), "{text}");
    }
}

/// A long "sentence" with many numbers and no full stop (a page that lost its 。) made the metric
/// window scan the whole sentence for every number: quadratic, hours for a few MB.
#[test]
fn sentence_without_full_stops_was_quadratic() {
    let text = "区政府共收到复议申请26件，".repeat(40_000);
    let started = Instant::now();
    let report = analyze_text("no-stops.txt", &text);
    let took = started.elapsed();
    assert_eq!(report.facts.len(), 40_000);
    // About 1 s in a debug build now; it took minutes before the fix.
    assert!(took < Duration::from_secs(20), "took {took:?}");
}
