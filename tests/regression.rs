//! One test per fixed bug, named after what broke, with the smallest input that showed it.

use std::path::Path;
use std::time::{Duration, Instant};

use duibi::extract::numerals::parse_chinese_integer;
use duibi::ingest::read_bytes;
use duibi::pipeline::{analyze_bytes, analyze_text};

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

/// "1%" 2.5 million times in a .txt (5 MB, read in process) became 2.5 million facts, each quoting
/// its 2000-char window: 5.6 GB, and the process was killed. See: issue 13.
#[test]
fn numbers_without_clause_breaks_took_gigabytes() {
    let text = format!("执法{}", "1%".repeat(2_500_000));
    let started = Instant::now();
    let report = analyze_text("percent.txt", &text);
    let took = started.elapsed();
    assert_eq!(report.facts.len(), duibi::pipeline::MAX_FACTS);
    assert!(
        report.facts.iter().all(|f| f.text.chars().count() <= 202),
        "a clause is quoted with at most 100 chars either side"
    );
    assert!(
        report.warnings.iter().any(|w| w.contains("only the first")),
        "{:?}",
        report.warnings
    );
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

/// UTF-16 without a BOM whose text is almost all Chinese has too few zero bytes to show its
/// encoding, and was refused as binary data.
#[test]
fn utf16_without_bom_and_little_ascii_was_binary() {
    let text = "区政府共收到行政复议申请二十六件，依法受理二十二件。推进严格规范公正文明执法。\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let report = analyze_bytes("utf16.txt", &bytes);
    assert_eq!(report.error, None);
    // Two passages: the second sentence is about 执法 on its own cue (严格规范公正文明执法).
    assert_eq!(report.passages.len(), 2);
    assert!(
        report.passages[0]
            .text
            .starts_with("区政府共收到行政复议申请")
    );
    assert!(
        report.passages[1]
            .text
            .starts_with("推进严格规范公正文明执法")
    );
}

/// A UTF-8 report with one paragraph pasted from a GBK file was decoded as GBK throughout, turning
/// every other line into mojibake; stray bytes did the same.
#[test]
fn gbk_paragraph_in_utf8_file_made_mojibake() {
    let utf8 = "一、加强行政执法\n推进严格规范公正文明执法。\n全面推行行政执法三项制度。\n";
    let (gbk, _, _) = encoding_rs::GBK.encode("全区共办理行政复议案件三十件。\n");
    let mut bytes = utf8.as_bytes().to_vec();
    bytes.extend_from_slice(&gbk);
    bytes.extend_from_slice("加大执法监督力度。".as_bytes());
    bytes.extend_from_slice(b"\xff\n");
    let report = analyze_bytes("mixed.txt", &bytes);
    assert_eq!(report.error, None);
    let text: Vec<&str> = report.passages.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        text.concat(),
        "推进严格规范公正文明执法。全面推行行政执法三项制度。全区共办理行政复议案件三十件。加大执法监督力度。"
    );
}

/// A UTF-8 report with one mostly-ASCII line holding a GBK character ("2019年" typed in a GBK
/// editor): the line passed as UTF-8 with stray bytes, and the 年 was dropped.
#[test]
fn gbk_character_in_ascii_line_was_dropped() {
    let utf8 = "一、加强行政执法\n推进严格规范公正文明执法。\n全面推行行政执法三项制度。\n";
    let (nian, _, _) = encoding_rs::GBK.encode("年");
    let mut bytes = utf8.as_bytes().to_vec();
    bytes.extend_from_slice(b"Report 2019");
    bytes.extend_from_slice(&nian);
    bytes.extend_from_slice(b" (final)\n");
    // Stray bytes that are no character in any encoding are still dropped.
    bytes.extend_from_slice(b"Page 3\xff\n");
    let doc = read_bytes(Path::new("mixed.txt"), &bytes).expect("reads");
    assert_eq!(doc.text, format!("{utf8}Report 2019年 (final)\nPage 3\n"));
}

/// A PDF packed with fake `stream` keywords (each after a `/Filter`): the bomb pre-scan re-read
/// 4 KB of dictionary text for every keyword, minutes for a few MB. Each marker is now searched
/// once over the file.
#[test]
fn pdf_packed_with_stream_keywords_was_slow() {
    let unit = b"/Filter/FlateDecode stream\n";
    let mut bytes = b"%PDF-1.5\n".to_vec();
    while bytes.len() < 8 * 1024 * 1024 {
        bytes.extend_from_slice(unit);
    }
    let started = Instant::now();
    let report = analyze_bytes("keywords.pdf", &bytes);
    let took = started.elapsed();
    assert!(report.error.is_some_and(|e| e.starts_with("damaged PDF")));
    // About 1 s in a debug build now.
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

/// Issue 12: the region was the two or three characters before 市 (德镇市 for 景德镇市, 自治区 for
/// 内蒙古自治区, 依法治市 from a sentence) and a bureau's report took a fragment as its place.
/// It is now resolved against the national division list, with province and level.
#[test]
fn region_was_two_characters_before_the_suffix_issue_12() {
    let cases = [
        (
            "景德镇市人民政府关于2030年法治政府建设情况的报告\n2030年,全市推进依法治市。\n",
            ("景德镇市", "江西省", "city"),
        ),
        (
            "2030年,内蒙古自治区法治政府建设工作扎实推进。\n全区各级政府推进依法行政。\n",
            ("内蒙古自治区", "内蒙古自治区", "province"),
        ),
        (
            "2030年,我局坚持依法行政。\n对照《四平市法治政府建设规划》推进依法治市,我局完成任务。\n",
            ("四平市", "吉林省", "department"),
        ),
    ];
    for (text, (region, province, level)) in cases {
        let report = analyze_text("region.txt", text);
        assert_eq!(
            (
                report.region.as_str(),
                report.province.as_str(),
                report.level.as_str()
            ),
            (region, province, level),
            "{text}"
        );
    }
}
