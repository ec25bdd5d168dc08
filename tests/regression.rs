//! One test per fixed bug, named after what broke, with the smallest input that showed it.

mod pdf_writer;

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

/// `duibi ARGS`: exit code, stdout, stderr.
fn duibi(args: &[&std::ffi::OsStr]) -> (Option<i32>, Vec<u8>, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_duibi"))
        // Hermetic: never the user's cache of analyses.
        .env("DUIBI_CACHE", "0")
        .args(args)
        .output()
        .expect("run duibi");
    (
        output.status.code(),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `compare --out x.pdf` analyzed every file, then failed with exit 1; an unknown topic or a
/// similarity of 2 exited 1 too. Usage errors exit 2 before any file is read (the input here does
/// not exist: reading it would say so). See: issue 13.
#[test]
fn usage_errors_exited_1_after_the_analysis() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("unread.txt");
    let txt_out = dir.path().join("cmp.txt");
    let out_in_missing = dir.path().join("no-such-folder").join("cmp.html");
    let pdf_out = dir.path().join("cmp.pdf");
    let folder = dir.path().join("folder.html");
    std::fs::create_dir(&folder).expect("folder");
    let input_md = dir.path().join("input.md");
    std::fs::write(&input_md, "一、总体情况").expect("write");
    let cases: Vec<(Vec<&std::ffi::OsStr>, &str)> = vec![
        (vec!["--out".as_ref(), pdf_out.as_os_str()], "extension"),
        (
            vec!["--out".as_ref(), out_in_missing.as_os_str()],
            "does not exist",
        ),
        (vec!["--out".as_ref(), folder.as_os_str()], "is a folder"),
        (
            vec!["--out".as_ref(), input_md.as_os_str(), input_md.as_os_str()],
            "one of the reports",
        ),
        (vec!["--out".as_ref(), txt_out.as_os_str()], "extension"),
        (
            vec!["--topics".as_ref(), "enforcement,nosuch".as_ref()],
            "unknown topic \"nosuch\"",
        ),
        (
            vec!["--min-similarity".as_ref(), "2".as_ref()],
            "--min-similarity",
        ),
        (
            vec!["--min-similarity".as_ref(), "NaN".as_ref()],
            "--min-similarity",
        ),
        (vec!["--min-similarity=-0.5".as_ref()], "--min-similarity"),
    ];
    for (options, want) in cases {
        let mut args: Vec<&std::ffi::OsStr> = vec!["compare".as_ref()];
        args.extend(&options);
        args.push(missing.as_os_str());
        args.push(missing.as_os_str());
        let (code, stdout, stderr) = duibi(&args);
        assert_eq!(code, Some(2), "{options:?}: {stderr}");
        assert!(stdout.is_empty(), "{options:?}");
        assert!(stderr.contains(want), "{options:?}: {stderr}");
        assert!(
            !stderr.contains("unread.txt"),
            "{options:?} read files: {stderr}"
        );
        assert!(!stderr.contains("duibi: compared"), "{options:?}: {stderr}");
    }
    let (code, stdout, stderr) = duibi(&["bench".as_ref(), "--mb".as_ref(), "NaN".as_ref()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
}

/// A file named "x\nduibi: …" printed its newline raw on stderr, so a crafted name could forge a
/// line of ours. Names are escaped in every message; Chinese stays readable. See: issue 13.
#[cfg(unix)]
#[test]
fn newline_in_file_name_forged_a_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir
        .path()
        .join("报告\nduibi: analyzed 0 file(s), all fine\u{2028}.txt");
    std::fs::write(&path, b"").expect("write");
    let (code, _, stderr) = duibi(&["analyze".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(1), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].ends_with("报告\\nduibi: analyzed 0 file(s), all fine\\u{2028}.txt: empty file"),
        "{stderr}"
    );
}

/// A GBK page under a template's `<meta charset="utf-8">` was decoded as declared, all U+FFFD, and
/// refused as "binary data". A declaration the bytes contradict yields to detection. See: issue 13.
#[test]
fn gbk_page_declared_utf8_was_binary() {
    let body = "一、加强行政执法\n推进严格规范公正文明执法。全区共办理行政复议案件三十件。\n";
    let page = format!(
        "<html><head><meta charset=\"utf-8\"><title>工作报告</title></head><body><p>{}</p></body></html>",
        body.replace('\n', "</p><p>")
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&page);
    let report = analyze_bytes("page.html", &gbk);
    assert_eq!(report.error, None);
    let text: String = report.passages.iter().map(|p| p.text.as_str()).collect();
    assert!(text.contains("全区共办理行政复议案件三十件"), "{text}");
}

/// Headings separated by vertical tabs (Word's manual line break), form feeds or U+2028/U+2029
/// read as one line: the outline collapsed into the title. See: issue 13.
#[test]
fn vertical_tab_and_unicode_line_separators_collapsed_the_outline() {
    let lines = [
        "某某区2019年法治政府建设工作报告",
        "一、加强行政执法",
        "推进严格规范公正文明执法。全面推行行政执法三项制度。",
        "二、深化行政复议",
        "全区共办理行政复议案件三十件。",
        "三、强化执法监督",
        "加大执法监督力度。",
    ];
    let want = analyze_text("lf.txt", &lines.join("\n"));
    assert_eq!(want.sections.len(), 3);
    for sep in ["\x0b", "\x0c", "\u{2028}", "\u{2029}"] {
        let report = analyze_bytes("sep.txt", lines.join(sep).as_bytes());
        assert_eq!(report.error, None, "{sep:?}");
        assert_eq!(report.sections, want.sections, "{sep:?}");
        assert_eq!(report.passages, want.passages, "{sep:?}");
    }
}

/// One page of Chinese text in a PDF whose page-tree node is `pages` (object 2; the page is 3).
fn cjk_pdf_with_page_tree(lines: &[&str], pages: &str) -> Vec<u8> {
    use pdf_writer::*;
    let glyphs = glyphs(lines);
    let mut bodies = page_objects("/F1 5 0 R", stream("", &cjk_content(lines, &glyphs)));
    if let Some(tree) = bodies.get_mut(1) {
        *tree = obj(pages);
    }
    bodies.extend(cjk_font_objects(stream("", &to_unicode(&glyphs))));
    pdf(&bodies, "")
}

const PDF_LINES: [&str; 3] = [
    "一、加强行政执法",
    "推进严格规范公正文明执法。",
    "全区共办理行政复议案件30件。",
];

/// A page tree whose Kids include the tree itself: lopdf walked it again and again up to its
/// iteration limit, so the one page was read several times and every indicator counted as often.
/// See: issue 13.
#[test]
fn pdf_page_tree_including_itself_repeated_pages() {
    let plain = cjk_pdf_with_page_tree(&PDF_LINES, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    let looped = cjk_pdf_with_page_tree(
        &PDF_LINES,
        "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
    );
    let want = analyze_bytes("plain.pdf", &plain);
    assert_eq!(want.error, None);
    assert_eq!(want.facts.len(), 1);
    let report = analyze_bytes("looped.pdf", &looped);
    assert_eq!(report.error, None);
    assert_eq!(report.facts.len(), 1);
    assert_eq!(report.passages, want.passages);
}

/// The CJK test PDF with its ToUnicode stream (object 7) or page contents (object 4) moved to the
/// end of a chain of objects that only refer on: `7 0 obj 8 0 R endobj`, `8 0 obj 9 0 R endobj` …
/// `links` long, or looping back to its start when `looped`.
fn pdf_with_reference_chain(object: usize, links: usize, looped: bool) -> Vec<u8> {
    use pdf_writer::*;
    let glyphs = glyphs(&PDF_LINES);
    let mut bodies = page_objects("/F1 5 0 R", stream("", &cjk_content(&PDF_LINES, &glyphs)));
    bodies.extend(cjk_font_objects(stream("", &to_unicode(&glyphs))));
    let first_new = bodies.len() + 1;
    let Some(target) = bodies.get_mut(object - 1) else {
        panic!("no object {object}");
    };
    let moved = std::mem::replace(target, obj(&format!("{first_new} 0 R")));
    for i in 1..links {
        bodies.push(obj(&format!("{} 0 R", first_new + i)));
    }
    bodies.push(if looped {
        obj(&format!("{object} 0 R"))
    } else {
        moved
    });
    pdf(&bodies, "")
}

/// A ToUnicode map at the end of a 20 000-long reference chain, or page contents behind a
/// reference loop, read as "no Unicode mapping" / "no text layer": lopdf gives up on the chain
/// silently. They are damaged files and say so. See: issue 13.
#[test]
fn pdf_reference_chain_or_loop_was_no_text_layer() {
    let short = analyze_bytes("short.pdf", &pdf_with_reference_chain(7, 3, false));
    assert_eq!(short.error, None);
    assert_eq!(short.facts.len(), 1);
    let cases = [
        // 20 000 links, not 100 000: lopdf 0.36 counted the lines before every object it parsed
        // (nom_locate, dropped in 0.41), so a file of N objects cost N² — 18 s for 100 000 in a
        // debug build.
        (
            "deep ToUnicode",
            pdf_with_reference_chain(7, 20_000, false),
            "longer than 128",
        ),
        (
            "looped ToUnicode",
            pdf_with_reference_chain(7, 3, true),
            "reference loop",
        ),
        (
            "looped contents",
            pdf_with_reference_chain(4, 3, true),
            "reference loop",
        ),
        (
            "deep contents",
            pdf_with_reference_chain(4, 1_000, false),
            "longer than 128",
        ),
    ];
    for (name, bytes, want) in cases {
        let started = Instant::now();
        let report = analyze_bytes("chain.pdf", &bytes);
        let error = report.error.unwrap_or_default();
        assert!(
            error.starts_with("damaged PDF") && error.contains(want),
            "{name}: {error:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(30), "{name}");
    }
}

/// The test PDF with its xref broken: every entry moved `shift` bytes on (past the end of the
/// file), and `startxref` too when `start_too`.
fn pdf_with_xref_past_the_end(shift: usize, start_too: bool) -> Vec<u8> {
    use pdf_writer::*;
    let glyphs = glyphs(&PDF_LINES);
    let mut bodies = page_objects("/F1 5 0 R", stream("", &cjk_content(&PDF_LINES, &glyphs)));
    bodies.extend(cjk_font_objects(stream("", &to_unicode(&glyphs))));
    let mut out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let offsets: Vec<(usize, usize)> = write_objects(&mut out, 1, &bodies)
        .into_iter()
        .map(|(n, at)| (n, at + shift))
        .collect();
    let trailer = format!("/Size {} /Root 1 0 R", bodies.len() + 1);
    if start_too {
        let at = out.len();
        let mut tail = Vec::new();
        write_xref(&mut tail, &offsets, &trailer);
        let text = String::from_utf8_lossy(&tail)
            .replace("startxref\n0\n", &format!("startxref\n{}\n", at + shift));
        out.extend_from_slice(text.as_bytes());
    } else {
        write_xref(&mut out, &offsets, &trailer);
    }
    out
}

/// xref offsets past the end of the file: lopdf read no objects ("it has no pages"), or failed on
/// `startxref`. The objects are all there; the table is rebuilt from their `N G obj` headers.
/// See: issue 13.
#[test]
fn pdf_xref_offsets_past_the_end_were_not_rebuilt() {
    let want = analyze_bytes("plain.pdf", &pdf_with_xref_past_the_end(0, false));
    assert_eq!(want.error, None);
    assert_eq!(want.facts.len(), 1);
    for start_too in [false, true] {
        let bytes = pdf_with_xref_past_the_end(1_000_000, start_too);
        let report = analyze_bytes("shifted.pdf", &bytes);
        assert_eq!(report.error, None, "startxref moved too: {start_too}");
        assert_eq!(report.passages, want.passages);
        assert_eq!(report.facts.len(), 1);
    }
}

/// A file named in GBK on a Linux disk (bytes that are not UTF-8) got a `source` with U+FFFD in
/// the JSON: the name could not be told from another or reopened. `source_raw` keeps its bytes,
/// percent-escaped. See: issue 13.
#[cfg(unix)]
#[test]
fn non_utf8_file_name_was_lossy_in_json() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let (gbk, _, _) = encoding_rs::GBK.encode("报告");
    let mut name = gbk.to_vec();
    name.extend_from_slice("_100%.txt".as_bytes());
    let path = dir.path().join(std::ffi::OsStr::from_bytes(&name));
    std::fs::write(&path, "一、加强行政执法\n推进严格规范公正文明执法。\n").expect("write");
    let (code, stdout, stderr) = duibi(&["analyze".as_ref(), "--json".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(0), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&stdout).expect("JSON");
    let raw = json["reports"][0]["source_raw"]
        .as_str()
        .unwrap_or_default();
    let dir_text = dir.path().to_str().expect("temp dir is UTF-8");
    assert_eq!(raw, format!("{dir_text}/%B1%A8%B8%E6_100%25.txt"));
    // A UTF-8 name has no source_raw.
    let plain = dir.path().join("报告.txt");
    std::fs::write(&plain, "一、加强行政执法\n推进严格规范公正文明执法。\n").expect("write");
    let (_, stdout, _) = duibi(&["analyze".as_ref(), "--json".as_ref(), plain.as_os_str()]);
    let json: serde_json::Value = serde_json::from_slice(&stdout).expect("JSON");
    assert!(json["reports"][0].get("source_raw").is_none());
}

/// `compare --json --copied` lists the sentences three reports share (模板句); without the flag
/// the JSON has no `copied` field (the SPEC contract unchanged). See: issue 18.
#[test]
fn compare_copied_lists_shared_sentences_only_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shared = "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。";
    let own = [
        "组建区综合行政执法局，整合城管、市场监管等领域执法力量。",
        "加强法治宣传教育，开展宪法进社区活动，覆盖群众十万人次。",
        "完善行政复议体制，办理行政复议案件一百二十件，纠错率有所上升。",
    ];
    let files: Vec<std::path::PathBuf> = own
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let p = dir.path().join(format!("r{i}.txt"));
            let text = format!("202{i}年法治政府建设工作报告\n一、主要举措\n{shared}{o}\n");
            std::fs::write(&p, text).expect("write");
            p
        })
        .collect();
    let run = |copied: bool| {
        let mut args: Vec<&std::ffi::OsStr> = vec!["compare".as_ref(), "--json".as_ref()];
        if copied {
            args.push("--copied".as_ref());
        }
        args.extend(files.iter().map(|p| p.as_os_str()));
        let (code, stdout, stderr) = duibi(&args);
        assert_eq!(code, Some(0), "{stderr}");
        serde_json::from_slice::<serde_json::Value>(&stdout).expect("json")
    };
    assert!(run(false).get("copied").is_none());
    let with = run(true);
    let copied = with["copied"].as_array().expect("copied array");
    assert_eq!(copied.len(), 1, "{copied:?}");
    assert_eq!(copied[0]["text"], shared);
    assert_eq!(copied[0]["reports"], serde_json::json!([0, 1, 2]));
    // The exports carry it as a section / sheet / table, CSV as a file beside the indicators.
    let html = dir.path().join("cmp.html");
    let xlsx = dir.path().join("cmp.xlsx");
    let md = dir.path().join("cmp.md");
    let docx = dir.path().join("cmp.docx");
    let csv = dir.path().join("cmp.csv");
    for out in [&html, &xlsx, &md, &docx, &csv] {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "compare".as_ref(),
            "--copied".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        args.extend(files.iter().map(|p| p.as_os_str()));
        let (code, _, stderr) = duibi(&args);
        assert_eq!(code, Some(0), "{stderr}");
    }
    let page = std::fs::read_to_string(&html).expect("html");
    let section = page.split("id=\"copied\"").nth(1).expect("copied section");
    assert!(section.contains(shared), "{section}");
    let book = std::fs::read(&xlsx).expect("xlsx");
    assert!(book.starts_with(b"PK"));
    let summary = std::fs::read_to_string(&md).expect("md");
    let section = summary.split("## 模板句").nth(1).expect("copied section");
    assert!(section.contains(shared), "{section}");
    let word = std::fs::read(&docx).expect("docx");
    let doc = duibi::ingest::read_bytes(&docx, &word).expect("docx read back");
    assert!(doc.text.contains("模板句") && doc.text.contains(shared));
    let beside = std::fs::read_to_string(dir.path().join("cmp.copied.csv")).expect("copied csv");
    assert!(beside.contains(shared), "{beside}");
}
