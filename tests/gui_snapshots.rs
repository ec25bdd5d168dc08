//! Snapshot images of the key views, rendered offscreen by egui_kittest through wgpu (Mesa's
//! lavapipe Vulkan driver on machines without a GPU). Behind the `gui-snapshots` feature because
//! wgpu roughly doubles the cold build of the tests; `scripts/test.sh` runs them.
//! Update the images with `UPDATE_SNAPSHOTS=1 cargo test --features gui-snapshots --test
//! gui_snapshots` and look at every changed PNG under tests/snapshots/gui/ before committing.
//!
//! Deterministic by construction: fixed window size and light theme, the bundled fonts, no
//! timings in the status bar, no pointer over the window, every worker finished before drawing.
//! kittest also refuses missing glyphs (tofu) outright.
#![cfg(feature = "gui-snapshots")]

mod app_driver;

use duibi::app::{Command, DuibiApp, Mark, State, Tab, Theme};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, SnapshotOptions};

use app_driver::{
    SHARED_BY_FOUR, SHARED_BY_THREE, cmd, samples, settle, sharing_sentences, xinbei_two_years,
};

fn app() -> Harness<'static, DuibiApp> {
    app_with(samples())
}

fn app_with(files: Vec<std::path::PathBuf>) -> Harness<'static, DuibiApp> {
    let state = State {
        theme: Theme::Light,
        ..State::default()
    };
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| DuibiApp::with_state(&cc.egui_ctx, state, files));
    h.state_mut().hide_timings();
    settle(&mut h);
    h
}

/// Anti-aliasing may differ a little between Mesa versions; a real change (a missing glyph,
/// a moved widget) touches far more than this many pixels.
fn options() -> SnapshotOptions {
    SnapshotOptions::new().threshold(0.6).max_failed_pixels(200)
}

fn tab_snapshot(tab: Tab, name: &str) {
    let mut h = app();
    cmd(&mut h, Command::ShowTab(tab));
    h.snapshot_options(name, &options());
}

#[test]
fn overview() {
    tab_snapshot(Tab::Overview, "overview");
}

#[test]
fn side_by_side_with_a_changed_number() {
    let mut h = app();
    // The first topic (in strip order) with a boxed number, that row made current with n.
    let topics: Vec<String> = h
        .state()
        .compared()
        .map(|c| c.comparison.topics.iter().map(|t| t.id.clone()).collect())
        .unwrap_or_default();
    let found = topics.into_iter().find_map(|topic| {
        cmd(&mut h, Command::ShowTopic(topic.clone()));
        let rows = h.state().diff_rows();
        let row = rows.iter().position(|r| {
            r.cells
                .iter()
                .flatten()
                .any(|c| c.spans.iter().any(|s| s.number && s.mark != Mark::Plain))
        })?;
        Some((topic, rows[..row].iter().filter(|r| r.differs).count() + 1))
    });
    let (topic, wanted) = found.expect("a topic with a changed number");
    cmd(&mut h, Command::ShowTopic(topic));
    while h.state().diff_position().0 != wanted {
        h.key_press(egui::Key::N);
        h.run_steps(2);
    }
    settle(&mut h);
    h.snapshot_options("side_by_side", &options());

    // The same row with a reviewer's note on the pair: the 【注】 mark in the partner's cell.
    let row = h.state().diff_rows()[h.state().diff_current_row().expect("a current row")].clone();
    let cmp = &h.state().compared().expect("compared").comparison;
    let partner = (0..cmp.reports.len())
        .find(|&c| c != row.anchor && row.cells[c].is_some())
        .expect("a partner");
    let key = duibi::notes::Target::Pair {
        left: cmp.reports[row.anchor].source.clone(),
        right: cmp.reports[partner].source.clone(),
        text: row.anchor_text(),
    }
    .key();
    cmd(&mut h, Command::SetNote(key, "两年口径不同，已核实".into()));
    settle(&mut h);
    h.snapshot_options("side_by_side_note", &options());
}

/// Twenty reports compared (the bench corpus's variants of the samples): the pinned base, the
/// columns that fit, only rows with a match on screen, the location bar. See: issue 15.
#[test]
fn side_by_side_with_twenty_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let samples_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let samples = duibi::bench_corpus::read_samples(&samples_dir).expect("samples");
    let files: Vec<std::path::PathBuf> =
        duibi::bench_corpus::generate(&samples, 20, Default::default())
            .into_iter()
            .enumerate()
            .map(|(i, (_, bytes))| {
                let path = dir.path().join(format!("report-{i:02}.txt"));
                std::fs::write(&path, bytes).expect("write");
                path
            })
            .collect();
    let mut h = app_with(files.clone());
    cmd(&mut h, Command::SetComparedSet(files));
    cmd(&mut h, Command::ShowTopic("enforcement".into()));
    settle(&mut h);
    h.snapshot_options("side_by_side_20", &options());
}

#[test]
fn indicators() {
    tab_snapshot(Tab::Indicators, "indicators");
}

#[test]
fn report_with_search_hits() {
    let mut h = app();
    cmd(&mut h, Command::ShowTab(Tab::Report));
    cmd(&mut h, Command::Search("行政复议".into()));
    h.snapshot_options("report", &options());
}

/// 体检 on the five samples, with a reviewer's note on one cell (the 【注】 mark).
#[test]
fn checklist_with_a_note() {
    let mut h = app();
    let source = h.state().compared().map(|c| c.reports[0].source.clone());
    let key = duibi::check::note_key(&source.expect("a compared report"), "存在的不足和原因");
    cmd(&mut h, Command::SetNote(key, "问一下县司法局".into()));
    cmd(&mut h, Command::ShowTab(Tab::Checklist));
    h.snapshot_options("checklist", &options());
}

/// 历年 for one district over two years: the xinbei sample and a "2020" made from it (years moved
/// on, the legal-aid count changed), as tests/gui.rs builds it.
#[test]
fn timeline_over_two_years() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = app_with(xinbei_two_years(dir.path()));
    cmd(&mut h, Command::ShowTab(Tab::Timeline));
    h.snapshot_options("timeline", &options());
}

/// 模板句 with four reports: the sentence all four share and the one three share, both opened
/// on the reports that use them (tests/gui.rs clicks them the same way).
#[test]
fn copied_sentences_opened() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = sharing_sentences(dir.path());
    let mut h = app_with(paths.clone());
    cmd(&mut h, Command::SetComparedSet(paths));
    cmd(&mut h, Command::ShowTab(Tab::Copied));
    for sentence in [SHARED_BY_FOUR, SHARED_BY_THREE] {
        h.get_by_label(sentence).click();
        h.run_steps(2);
    }
    // No pointer, so no hover shading or tooltip.
    h.remove_cursor();
    settle(&mut h);
    h.snapshot_options("copied", &options());
}

/// The interface in English only and in Chinese only (View ▸ Language): nothing clipped, no
/// label left in the other language.
#[test]
fn overview_in_english_and_report_in_chinese() {
    use duibi::app::text::Language;
    let mut h = app();
    cmd(&mut h, Command::SetLanguage(Language::English));
    cmd(&mut h, Command::ShowTab(Tab::Overview));
    h.snapshot_options("overview_english", &options());
    cmd(&mut h, Command::SetLanguage(Language::Chinese));
    cmd(&mut h, Command::ShowTab(Tab::SideBySide));
    h.snapshot_options("side_by_side_chinese", &options());
}
