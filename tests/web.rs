//! Reports given as web addresses (issue 16), against a server this test starts on 127.0.0.1:
//! a GBK page whose charset is only in the Content-Type, a redirect and a redirect loop, a short
//! notice whose report is a .doc attachment, a slow server, a body over the size cap and a 404,
//! the last in a batch whose other files must still be read. Nothing reaches the internet.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use duibi::ingest::web;

fn sample(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name),
    )
    .expect("sample")
}

/// Starts the server; its address is returned as "http://127.0.0.1:PORT".
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    base
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // The rest of the head, up to the blank line.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let (status, headers, body): (&str, String, Vec<u8>) = match path.as_str() {
        "/gbk" => {
            let text = sample("changzhou-xinbei-2019.txt");
            let html = format!(
                "<html><head><title>报告</title></head><body>{}</body></html>",
                text.lines()
                    .map(|l| format!("<p>{l}</p>"))
                    .collect::<String>()
            );
            let (gbk, _, _) = encoding_rs::GBK.encode(&html);
            (
                "200 OK",
                "Content-Type: text/html; charset=GBK\r\n".into(),
                gbk.into_owned(),
            )
        }
        "/old" => ("302 Found", "Location: /gbk\r\n".into(), Vec::new()),
        "/loop" => ("302 Found", "Location: /loop\r\n".into(), Vec::new()),
        "/notice.html" => (
            "200 OK",
            "Content-Type: text/html; charset=utf-8\r\n".into(),
            "<html><body><h1>关于公布2019年法治政府建设年度报告的通知</h1>\
             <p>现将报告予以公布。</p><p>附件：<a href=\"files/a.doc\">2019年度报告</a></p>\
             </body></html>"
                .as_bytes()
                .to_vec(),
        ),
        "/files/a.doc" => (
            "200 OK",
            "Content-Type: application/msword\r\n".into(),
            std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/doc/changzhou-xinbei-2019.doc"),
            )
            .expect("fixture"),
        ),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(5));
            (
                "200 OK",
                "Content-Type: text/plain\r\n".into(),
                b"late".to_vec(),
            )
        }
        "/huge" => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let chunk = "法治".repeat(1 << 16);
            for _ in 0..(60 << 20) / chunk.len() {
                if stream.write_all(chunk.as_bytes()).is_err() {
                    return;
                }
            }
            return;
        }
        _ => (
            "404 Not Found",
            "Content-Type: text/html\r\n".into(),
            b"<html><body>not here</body></html>".to_vec(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

#[test]
fn a_gbk_page_reads_like_its_text_and_keeps_its_address() {
    let base = serve();
    let address = format!("{base}/old");
    let report = duibi::pipeline::analyze_file(Path::new(&address));
    assert_eq!(report.error, None);
    assert_eq!(report.source, address);
    assert_eq!(report.format, "html");
    let original = duibi::pipeline::analyze_text("a.txt", &sample("changzhou-xinbei-2019.txt"));
    assert_eq!(report.region, original.region);
    assert_eq!(report.year, original.year);
    let headings = |r: &duibi::model::Report| -> Vec<String> {
        r.sections.iter().map(|s| s.heading.clone()).collect()
    };
    assert_eq!(headings(&report), headings(&original));
}

#[test]
fn a_notice_page_is_followed_to_its_attachment() {
    let base = serve();
    let address = format!("{base}/notice.html");
    let report = duibi::pipeline::analyze_file(Path::new(&address));
    assert_eq!(report.error, None, "{:?}", report.warnings);
    assert_eq!(report.source, address);
    assert_eq!(report.format, "doc");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("short notice") && w.contains("/files/a.doc")),
        "{:?}",
        report.warnings
    );
    assert_eq!(report.year, Some(2019));
}

#[test]
fn failures_are_clear_errors_and_the_batch_goes_on() {
    let base = serve();
    let local: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/liyang-2011-2015.txt");
    let inputs = vec![
        PathBuf::from(format!("{base}/missing")),
        PathBuf::from(format!("{base}/loop")),
        PathBuf::from(format!("{base}/gbk")),
        local,
    ];
    let reports = duibi::pipeline::analyze_files(&inputs);
    assert_eq!(
        reports[0].error.as_deref(),
        Some("cannot fetch the address: the server answered 404 Not Found")
    );
    assert_eq!(
        reports[1].error.as_deref(),
        Some("cannot fetch the address: more than 5 redirects")
    );
    assert_eq!(reports[2].error, None);
    assert_eq!(reports[3].error, None);

    let refused = web::fetch("http://127.0.0.1:1/nothing-listens").expect_err("refused");
    assert!(
        refused.to_string().starts_with("cannot fetch the address"),
        "{refused}"
    );
}

#[test]
fn a_slow_server_times_out_and_a_huge_body_is_refused() {
    let base = serve();
    let limits = web::Limits {
        connect: Duration::from_secs(2),
        total: Duration::from_secs(1),
    };
    let started = std::time::Instant::now();
    let err = web::fetch_with(&format!("{base}/slow"), limits).expect_err("too slow");
    assert_eq!(
        err.to_string(),
        "cannot fetch the address: the server did not answer in time"
    );
    assert!(started.elapsed() < Duration::from_secs(4));

    // No Content-Length: the body is counted as it comes and cut off at the cap.
    let err = web::fetch(&format!("{base}/huge")).expect_err("too big");
    assert_eq!(
        err.to_string(),
        "cannot fetch the address: the server sent more than the 50 MB limit"
    );
}

/// `duibi analyze --save-copies DIR ADDRESS`: the report is analyzed from the address and what
/// the address gave is kept in DIR (named on stderr); a folder that cannot be made is a usage
/// error before any fetch.
#[test]
fn the_cli_reads_an_address_and_keeps_a_copy() {
    let base = serve();
    let dir = tempfile::tempdir().expect("tmp");
    let copies = dir.path().join("copies");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_duibi"))
        .args(["analyze", "--json", "--no-cache", "--save-copies"])
        .arg(&copies)
        .arg(format!("{base}/notice.html"))
        .output()
        .expect("run duibi");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["reports"][0]["year"], 2019, "{json}");
    let saved: Vec<_> = std::fs::read_dir(&copies)
        .expect("the folder was made")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(
        std::fs::read(&saved[0]).expect("copy"),
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/doc/changzhou-xinbei-2019.doc")
        )
        .expect("fixture"),
        "the attachment is kept as it was read"
    );
    assert!(stderr.contains("saved a copy as"), "{stderr}");

    let blocked = dir.path().join("a-file");
    std::fs::write(&blocked, "x").expect("write");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_duibi"))
        .args(["analyze", "--save-copies"])
        .arg(blocked.join("sub"))
        .arg(format!("{base}/gbk"))
        .output()
        .expect("run duibi");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--save-copies"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
