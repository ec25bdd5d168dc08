//! Driving the real app under egui_kittest, shared by tests/gui.rs and tests/gui_snapshots.rs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use duibi::app::{Command, DuibiApp};
use egui_kittest::Harness;

/// The bundled sample reports, in name order.
pub fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("samples dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// Steps frames until every worker has reported back (analysis, comparison, export).
pub fn settle(h: &mut Harness<'_, DuibiApp>) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        h.step();
        if !h.state().is_busy() {
            break;
        }
        assert!(Instant::now() < deadline, "workers did not finish in time");
        std::thread::sleep(Duration::from_millis(10));
    }
    // One more pass so views built from the new results are drawn (and their caches filled).
    h.run_steps(3);
}

/// Applies a command as the menus would, and waits for what it started.
pub fn cmd(h: &mut Harness<'_, DuibiApp>, command: Command) {
    h.state_mut().run_cmd(command);
    settle(h);
}

/// The xinbei 2019 sample and a "2020" made from it in `dir` (years moved on by one, the
/// legal-aid count 825 → 901): one district over two years, for the timeline.
pub fn xinbei_two_years(dir: &Path) -> Vec<PathBuf> {
    let original = samples()
        .into_iter()
        .find(|p| p.ends_with("changzhou-xinbei-2019.txt"))
        .expect("xinbei sample");
    let text = std::fs::read_to_string(&original).expect("read sample");
    let next = text
        .replace("2020", "2021")
        .replace("2019", "2020")
        .replace("825件", "901件");
    let next_path = dir.join("changzhou-xinbei-2020.txt");
    std::fs::write(&next_path, next).expect("write");
    vec![original, next_path]
}

/// Sentences written into several sample reports by [`sharing_sentences`] (模板句): the first in
/// all four, the second in three.
pub const SHARED_BY_FOUR: &str = "严格落实重大行政决策程序规定，重大行政决策合法性审查率达到100%。";
pub const SHARED_BY_THREE: &str =
    "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。";

/// Four samples of four regions copied into `dir`, each with [`SHARED_BY_FOUR`] and the first
/// three with [`SHARED_BY_THREE`] too, written under their first numbered heading.
pub fn sharing_sentences(dir: &Path) -> Vec<PathBuf> {
    let names = [
        "changzhou-xinbei-2019.txt",
        "sanming-shaxian-2022.txt",
        "weihai-torch-2017.txt",
        "liyang-2011-2015.txt",
    ];
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let text = std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("samples")
                    .join(name),
            )
            .expect("read sample");
            let mut shared = SHARED_BY_FOUR.to_string();
            if i < 3 {
                shared.push_str(SHARED_BY_THREE);
            }
            let heading = text.find("一、").expect("a first heading");
            let end = heading + text[heading..].find('\n').expect("its line");
            let with = format!("{}\n{shared}{}", &text[..end], &text[end..]);
            let path = dir.join(name);
            std::fs::write(&path, with).expect("write");
            path
        })
        .collect()
}
