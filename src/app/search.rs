//! Search across every loaded report (Ctrl+F). Report text is held in Simplified, so the query
//! is converted Traditional→Simplified first: 複議 and 复议 find the same passages. Hits are
//! recomputed only when the query or the set of loaded reports changes.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use egui::text::LayoutJob;

use super::style::Marks;
use super::{Command, Loaded};
use crate::app::text;

/// More hits than this are counted but not listed; nobody scrolls past them.
const MAX_LISTED: usize = 500;
/// Characters of context shown either side of a hit.
const CONTEXT: usize = 24;

#[derive(Default)]
pub struct SearchState {
    pub open: bool,
    pub focus: bool,
    pub query: String,
    /// The query in Simplified characters; what is actually searched and highlighted.
    needle: String,
    key: u64,
    hits: Vec<Hit>,
    /// Layout jobs of the listed hits, built once per search and theme.
    jobs: Vec<Arc<LayoutJob>>,
    jobs_key: u64,
}

pub struct Hit {
    pub path: PathBuf,
    pub report: String,
    pub passage: usize,
    before: String,
    matched: String,
    after: String,
}

impl SearchState {
    /// The Simplified query to highlight in other views ("" when search is closed).
    pub fn needle(&self) -> &str {
        if self.open { &self.needle } else { "" }
    }

    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// Re-runs the search if the query or the loaded reports changed since last time.
    pub fn refresh(&mut self, loaded: &[Loaded]) {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.query.hash(&mut hasher);
        for l in loaded {
            (&l.path, l.generation, l.is_loading()).hash(&mut hasher);
        }
        let key = hasher.finish();
        if key == self.key {
            return;
        }
        self.key = key;
        // The engine's converter, so a query and the reports it searches are converted alike
        // (ferrous-opencc, or libopencc with the system-opencc feature).
        self.needle = crate::normalize::t2s::to_simplified(self.query.trim());
        self.hits = find(loaded, &self.needle);
    }

    /// The listed hits as layout jobs (context plain, the match highlighted).
    fn jobs(&mut self, marks: &Marks) -> &[Arc<LayoutJob>] {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (self.key, &marks.plain, &marks.hit).hash(&mut hasher);
        let key = hasher.finish();
        if key != self.jobs_key {
            self.jobs_key = key;
            self.jobs = self
                .hits
                .iter()
                .take(MAX_LISTED)
                .map(|hit| Arc::new(hit_job(hit, marks)))
                .collect();
        }
        &self.jobs
    }
}

fn hit_job(hit: &Hit, marks: &Marks) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.append("…", 0.0, marks.plain.clone());
    job.append(&hit.before, 0.0, marks.plain.clone());
    job.append(&hit.matched, 0.0, marks.hit.clone());
    job.append(&hit.after, 0.0, marks.plain.clone());
    job.append("…", 0.0, marks.plain.clone());
    job
}

fn find(loaded: &[Loaded], needle: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    if needle.is_empty() {
        return hits;
    }
    for l in loaded {
        let Some(report) = &l.report else { continue };
        for (index, passage) in report.passages.iter().enumerate() {
            for (at, _) in passage.text.match_indices(needle) {
                let text = &passage.text;
                let before_start = text[..at]
                    .char_indices()
                    .rev()
                    .nth(CONTEXT - 1)
                    .map_or(0, |(i, _)| i);
                let end = at + needle.len();
                let after_end = text[end..]
                    .char_indices()
                    .nth(CONTEXT)
                    .map_or(text.len(), |(i, _)| end + i);
                hits.push(Hit {
                    path: l.path.clone(),
                    report: report.display_name(),
                    passage: index,
                    before: text[before_start..at].to_owned(),
                    matched: text[at..end].to_owned(),
                    after: text[end..after_end].to_owned(),
                });
            }
        }
    }
    hits
}

pub fn search_panel_ui(
    ui: &mut egui::Ui,
    loaded: &[Loaded],
    search: &mut SearchState,
) -> Option<Command> {
    let mut out = None;
    ui.horizontal(|ui| {
        ui.heading(text::SEARCH.get());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("×")
                .on_hover_text(text::CLOSE_ESC.get())
                .clicked()
            {
                search.open = false;
            }
        });
    });
    let edit = ui.add(
        egui::TextEdit::singleline(&mut search.query)
            .hint_text(text::TRADITIONAL_OR_SIMPLIFIED.get())
            .desired_width(f32::INFINITY),
    );
    if search.focus {
        edit.request_focus();
        search.focus = false;
    }
    search.refresh(loaded);
    if search.needle.is_empty() {
        ui.weak(text::SEARCH_HINT.get());
        return None;
    }
    if search.needle != search.query.trim() {
        ui.weak(text::SEARCHING_AS.fill(&[&search.needle]));
    }
    ui.label(text::N_HITS.fill(&[&search.hits.len()]));
    ui.separator();
    let marks = Marks::new(ui.visuals(), egui::TextStyle::Body.resolve(ui.style()));
    let jobs = search.jobs(&marks).to_vec();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut last_report: Option<&str> = None;
            for (hit, job) in search.hits.iter().zip(jobs) {
                if last_report != Some(hit.report.as_str()) {
                    ui.add_space(4.0);
                    ui.strong(&hit.report);
                    last_report = Some(&hit.report);
                }
                let response = ui.add(egui::Label::new(job).sense(egui::Sense::click()));
                if response
                    .on_hover_text(text::OPEN_IN_FULL_TEXT.get())
                    .clicked()
                {
                    out = Some(Command::ShowPassage {
                        path: hit.path.clone(),
                        passage: hit.passage,
                    });
                }
            }
            if search.hits.len() > MAX_LISTED {
                ui.weak(text::FIRST_N_LISTED.fill(&[&MAX_LISTED]));
            }
        });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_queries_become_simplified() {
        for (query, needle) in [("行政複議", "行政复议"), (" 执法 ", "执法"), ("abc", "abc")]
        {
            let mut search = SearchState {
                open: true,
                query: query.into(),
                ..SearchState::default()
            };
            search.refresh(&[]);
            assert_eq!(search.needle(), needle);
        }
    }
}
