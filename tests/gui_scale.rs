//! The app with 3,000 reports loaded, measured headless: in a test binary of its own, because
//! the comparison of 3,000 reports it starts (minutes in a debug build) goes on in the
//! background until the process ends, and would starve the tests beside it of the CPU.
#![cfg(feature = "gui")]

// Shared with tests/gui.rs and gui_snapshots.rs; this file drives the app with a few of its helpers.
#[allow(dead_code)]
mod app_driver;
mod frames;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use duibi::app::{Command, DuibiApp, Startup, State, Tab};
use egui_kittest::Harness;

use app_driver::{cmd, samples, settle};
use frames::print_frame_times;

/// 3,000 analyzed reports without analyzing 3,000 files: the samples analyzed once, then for
/// each report a small file (`r0000.txt` …) whose cache entry is a sample's analysis with another
/// region, province and year. The app opens them through the cache as it would a national archive
/// it has seen before.
fn three_thousand_cached(dir: &Path) -> (Vec<PathBuf>, duibi::cache::Cache) {
    const PROVINCES: [&str; 31] = [
        "北京市",
        "天津市",
        "河北省",
        "山西省",
        "内蒙古自治区",
        "辽宁省",
        "吉林省",
        "黑龙江省",
        "上海市",
        "江苏省",
        "浙江省",
        "安徽省",
        "福建省",
        "江西省",
        "山东省",
        "河南省",
        "湖北省",
        "湖南省",
        "广东省",
        "广西壮族自治区",
        "海南省",
        "重庆市",
        "四川省",
        "贵州省",
        "云南省",
        "西藏自治区",
        "陕西省",
        "甘肃省",
        "青海省",
        "宁夏回族自治区",
        "新疆维吾尔自治区",
    ];
    let samples = duibi::pipeline::analyze_files(&samples());
    let cache = duibi::cache::Cache::at(dir.join("cache")).with_max_bytes(u64::MAX);
    let paths = (0..3000)
        .map(|i| {
            let name = format!("r{i:04}.txt");
            let bytes = format!("第{i}份 synthetic report {i}\n");
            let path = dir.join(&name);
            std::fs::write(&path, &bytes).expect("write");
            let mut report = samples[i % samples.len()].clone();
            let province = PROVINCES[i % PROVINCES.len()];
            report.province = province.to_string();
            report.region = format!("{}第{}县", province.trim_end_matches(['省', '市']), i);
            report.title = format!("{}{}年法治政府建设情况报告", report.region, 2015 + i % 10);
            report.year = Some(2015 + (i % 10) as i32);
            let key = duibi::cache::Key::of(name.as_bytes(), bytes.as_bytes());
            cache.put(&key, &report).expect("cache put");
            path
        })
        .collect();
    (paths, cache)
}

/// Frame time with 3,000 reports loaded, every view, measured headless as
/// `frame_time_with_fifty_reports` is (the CPU time of one `step()`: app logic and egui layout, no
/// GPU): first 12 compared (the most with every view's full comparison), then all 3,000 compared
/// (the overview by province, indicators and checklist from the preview; the views that need
/// sentence pairing show their wait, as pairing 3,000 reports takes minutes in a debug build). A
/// debug build: the bound is generous, the figures are printed (`--nocapture`).
#[test]
fn frame_time_with_three_thousand_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let (paths, cache) = three_thousand_cached(dir.path());
    println!(
        "3000 cache entries written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let twelve: Vec<PathBuf> = paths.iter().take(12).cloned().collect();
    let state = State {
        files: paths.clone(),
        compared: twelve,
        tab: Tab::Overview,
        ..State::default()
    };
    let startup = Startup {
        cache: Some(cache),
        ..Startup::default()
    };
    let started = Instant::now();
    let mut h = Harness::builder()
        .with_size([1500.0, 950.0])
        .build_eframe(move |cc| DuibiApp::with_startup(&cc.egui_ctx, state, Vec::new(), startup));
    settle(&mut h);
    println!(
        "3000 reports opened from the cache, 12 compared, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(h.state().loaded().len(), 3000);
    assert!(h.state().loaded().iter().all(|l| l.error().is_none()));
    assert_eq!(h.state().compared().map(|c| c.reports.len()), Some(12));
    let mut worst: (f64, String) = (0.0, String::new());
    let mut measure = |h: &mut Harness<'_, DuibiApp>, what: String| {
        let cpu = print_frame_times(h, &what);
        if cpu > worst.0 {
            worst = (cpu, what);
        }
    };
    for tab in Tab::ALL {
        cmd(&mut h, Command::ShowTab(tab));
        measure(&mut h, format!("3000 loaded, 12 compared, {tab:?}"));
    }

    // All of them: the preview arrives first (the grid and indicators are linear in the reports).
    h.state_mut()
        .run_cmd(Command::SetComparedSet(paths.clone()));
    let started = Instant::now();
    while h.state().compared().map(|c| c.reports.len()) != Some(3000) {
        h.step();
        assert!(started.elapsed() < Duration::from_secs(300), "no preview");
        std::thread::sleep(Duration::from_millis(5));
    }
    println!(
        "3000 compared: preview shown after {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for tab in Tab::ALL {
        h.state_mut().run_cmd(Command::ShowTab(tab));
        h.run_steps(3);
        measure(&mut h, format!("3000 compared (preview), {tab:?}"));
    }
    let (cpu, what) = worst;
    println!("slowest: {what}, {cpu:.1} ms/frame (debug build)");
    assert!(
        cpu < 80.0,
        "{what}: {cpu:.1} ms of CPU per frame with 3000 reports (debug build)"
    );
}
