//! `duibi check` as a user's script runs it: the JSON contract of SPEC, the exit codes, and the
//! required parts of each bundled sample as read by hand (see each expectation's comment).

use std::process::Command;

use serde_json::Value;

fn duibi(args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_duibi"))
        // Hermetic: never the user's cache of analyses.
        .env("DUIBI_CACHE", "0")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("duibi runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json)
}

fn statuses(report: &Value) -> Vec<(String, String)> {
    report["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or_default().to_string(),
                p["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn samples_have_the_parts_read_by_hand() {
    let files = [
        "samples/changzhou-2024-traditional.txt",
        "samples/changzhou-xinbei-2019.txt",
        "samples/liyang-2011-2015.txt",
        "samples/sanming-shaxian-2022.txt",
        "samples/weihai-torch-2017.txt",
    ];
    let mut args = vec!["check", "--json"];
    args.extend(files);
    let (code, json) = duibi(&args);
    assert_eq!(code, 0);
    let reports = json["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 5);
    // Read by hand: every sample reports its year's work and next year's plans; none names the
    // causes of its shortcomings (sanming and changzhou title the part "不足和原因" but list
    // problems only); liyang (a five-year summary) has no shortcoming part; xinbei and liyang never
    // mention the principal leaders; weihai's plans are one paragraph; none has an "其他" part.
    let want: [&[(&str, &str)]; 5] = [
        &[
            ("achievements", "present"),
            ("shortcomings", "thin"),
            ("leadership_duty", "present"),
            ("plans", "present"),
            ("other", "missing"),
        ],
        &[
            ("achievements", "present"),
            ("shortcomings", "thin"),
            ("leadership_duty", "thin"),
            ("plans", "present"),
            ("other", "missing"),
        ],
        &[
            ("achievements", "present"),
            ("shortcomings", "missing"),
            ("leadership_duty", "thin"),
            ("plans", "present"),
            ("other", "missing"),
        ],
        &[
            ("achievements", "present"),
            ("shortcomings", "thin"),
            ("leadership_duty", "present"),
            ("plans", "present"),
            ("other", "missing"),
        ],
        &[
            ("achievements", "present"),
            ("shortcomings", "thin"),
            ("leadership_duty", "present"),
            ("plans", "thin"),
            ("other", "missing"),
        ],
    ];
    for (report, want) in reports.iter().zip(want) {
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(statuses(report), want, "{}", report["source"]);
        // Every listed passage index points into the analysis.
        for p in report["parts"].as_array().into_iter().flatten() {
            assert!(p["passages"].as_array().is_some());
        }
        let thin_shortcoming = report["parts"][1]["status"] == "thin";
        if thin_shortcoming {
            assert_eq!(report["parts"][1]["why"], "problems listed, no 原因");
        }
    }
    // Dates the files state: sanming is signed 2023年1月17日, weihai's page says 发布日期:2017-12-20.
    assert_eq!(
        reports[3]["published"],
        serde_json::json!({"date": "2023-01-17", "on_time": true})
    );
    assert_eq!(reports[4]["published"]["date"], "2017-12-20");
    assert!(reports[0]["published"].is_null());
    let topics = reports[1]["topics"].as_array().expect("topics");
    assert!(
        topics
            .iter()
            .any(|t| t["topic"] == "enforcement" && t["present"] == true)
    );
}

#[test]
fn an_unreadable_file_is_an_entry_with_its_error_and_exit_1() {
    let (code, json) = duibi(&[
        "check",
        "--json",
        "no/such/file.txt",
        "samples/weihai-torch-2017.txt",
    ]);
    assert_eq!(code, 1);
    let reports = json["reports"].as_array().expect("reports");
    assert!(reports[0]["error"].as_str().is_some_and(|e| !e.is_empty()));
    assert!(reports[0]["parts"].as_array().is_some_and(Vec::is_empty));
    assert_eq!(reports[1]["parts"].as_array().map(Vec::len), Some(5));
}

#[test]
fn no_files_is_a_usage_error() {
    let (code, _) = duibi(&["check", "--json"]);
    assert_eq!(code, 2);
}
