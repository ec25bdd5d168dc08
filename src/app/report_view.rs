//! Full text of one report: its outline tree beside the passages, a kind chip and topic chips
//! per passage, facts underlined, search hits highlighted. Other views jump here with
//! `Command::ShowPassage`, which scrolls to the passage and flashes it.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::RichText;
use egui::text::LayoutJob;

use crate::model::Report;

use super::state::State;
use super::style::{self, Marks};
use super::{Command, Loaded, ViewState};
use crate::app::text;

/// How long a passage jumped to stays highlighted.
const FLASH_SECONDS: f64 = 1.5;

/// The shown report's passages as layout jobs (facts underlined, hits highlighted), built once
/// and reused until the report, its analysis, the search needle or the theme changes.
#[derive(Default)]
pub struct PassageJobs {
    key: u64,
    jobs: Vec<Arc<LayoutJob>>,
}

impl PassageJobs {
    fn get(
        &mut self,
        path: &Path,
        generation: u64,
        report: &Report,
        needle: &str,
        marks: &Marks,
    ) -> &[Arc<LayoutJob>] {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (
            path,
            generation,
            needle,
            &marks.plain,
            &marks.fact,
            &marks.hit,
        )
            .hash(&mut hasher);
        let key = hasher.finish();
        if key != self.key || self.jobs.len() != report.passages.len() {
            self.key = key;
            self.jobs = passage_jobs(report, needle, marks);
        }
        &self.jobs
    }
}

/// One job per passage; facts are grouped by passage first so this stays linear.
fn passage_jobs(report: &Report, needle: &str, marks: &Marks) -> Vec<Arc<LayoutJob>> {
    let mut facts: Vec<Vec<&str>> = vec![Vec::new(); report.passages.len()];
    for fact in &report.facts {
        if let Some(list) = facts.get_mut(fact.passage) {
            list.push(fact.text.as_str());
        }
    }
    report
        .passages
        .iter()
        .zip(&facts)
        .map(|(passage, facts)| Arc::new(passage_job(&passage.text, facts, needle, marks)))
        .collect()
}

pub fn report_view_ui(
    ui: &mut egui::Ui,
    loaded: &[Loaded],
    state: &mut State,
    view: &mut ViewState,
) -> Option<Command> {
    let ready: Vec<(&PathBuf, &Report, u64)> = loaded
        .iter()
        .filter_map(|l| {
            l.report
                .as_deref()
                .filter(|r| r.error.is_none())
                .map(|r| (&l.path, r, l.generation))
        })
        .collect();
    // The chosen report (restored from the last session) may still be loading: keep the choice
    // until it is read, rather than falling back to the first report that happens to be ready.
    let chosen_loading = state
        .report
        .as_ref()
        .is_some_and(|c| loaded.iter().any(|l| &l.path == c && l.is_loading()));
    if chosen_loading {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak(text::ANALYZING_CHOSEN.get());
        });
        return None;
    }
    if !ready
        .iter()
        .any(|(p, _, _)| Some(*p) == state.report.as_ref())
    {
        state.report = state
            .compared
            .iter()
            .find(|c| ready.iter().any(|(p, _, _)| p == c))
            .or_else(|| ready.first().map(|(p, _, _)| *p))
            .cloned();
    }
    let Some((path, report, generation)) = ready
        .iter()
        .find(|(p, _, _)| Some(*p) == state.report.as_ref())
        .copied()
    else {
        ui.weak(text::NO_REPORT_TO_SHOW.get());
        return None;
    };
    ui.horizontal(|ui| {
        egui::ComboBox::from_id_salt("report_pick")
            .selected_text(report.display_name())
            .width(260.0)
            .show_ui(ui, |ui| {
                for (p, r, _) in &ready {
                    ui.selectable_value(&mut state.report, Some((*p).clone()), r.display_name());
                }
            });
        // Truncated: a long title on this one line used to widen the whole view past the pane,
        // and the report text below was cut at the pane's edge.
        let summary = text::REPORT_SUMMARY.fill(&[
            &report.title,
            &report.passages.len(),
            &report.facts.len(),
        ]);
        ui.add(egui::Label::new(RichText::new(&summary).weak()).truncate())
            .on_hover_text(&summary);
    });
    ui.separator();
    let mut jump = view.report_scroll.take();
    egui::Panel::left("outline")
        .resizable(true)
        .default_size(220.0)
        .show(ui, |ui| {
            ui.strong(text::OUTLINE.get());
            egui::ScrollArea::vertical()
                .id_salt("outline_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if report.sections.is_empty() {
                        ui.weak(text::NO_HEADINGS.get());
                    }
                    for section in &report.sections {
                        ui.horizontal(|ui| {
                            ui.add_space(12.0 * f32::from(section.level.saturating_sub(1)));
                            let text = if section.level <= 1 {
                                RichText::new(&section.heading).strong()
                            } else {
                                RichText::new(&section.heading)
                            };
                            if ui
                                .add(
                                    egui::Label::new(text)
                                        .sense(egui::Sense::click())
                                        .truncate(),
                                )
                                .clicked()
                            {
                                jump = report.passages.iter().position(|p| p.section == section.id);
                            }
                        });
                    }
                });
        });
    let flash_id = egui::Id::unique(("report_flash", path));
    let now = ui.input(|i| i.time);
    if let Some(p) = jump {
        ui.data_mut(|d| d.insert_temp(flash_id, (p, now + FLASH_SECONDS)));
    }
    let flash: Option<(usize, f64)> = ui
        .data(|d| d.get_temp(flash_id))
        .filter(|(_, until)| *until > now);
    if let Some((_, until)) = flash {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64((until - now).max(0.05)));
    }
    let marks = Marks::new(ui.visuals(), egui::TextStyle::Body.resolve(ui.style()));
    let dark = ui.visuals().dark_mode;
    let jobs = view
        .report_jobs
        .get(path, generation, report, view.search.needle(), &marks);
    egui::ScrollArea::vertical()
        .id_salt(("report_text", path))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut section = None;
            for (i, (passage, job)) in report.passages.iter().zip(jobs).enumerate() {
                if section != Some(&passage.section) {
                    section = Some(&passage.section);
                    if let Some(s) = report.sections.iter().find(|s| s.id == passage.section) {
                        ui.add_space(8.0);
                        let size = if s.level <= 1 { 18.0 } else { 16.0 };
                        ui.label(RichText::new(&s.heading).strong().size(size));
                    }
                }
                let response = ui
                    .vertical(|ui| {
                        ui.horizontal_wrapped(|ui| {
                            style::chip_ui(
                                ui,
                                text::kind(passage.kind),
                                style::kind_colour(passage.kind, dark),
                            );
                            for topic in &passage.topics {
                                let label = text::topic(
                                    topic,
                                    style::short_topic_label(topic).unwrap_or(topic),
                                    true,
                                );
                                style::chip_ui(ui, label, style::topic_colour(topic, dark));
                            }
                        });
                        ui.add(egui::Label::new(job.clone()).selectable(true));
                    })
                    .response;
                if flash.is_some_and(|(p, _)| p == i) {
                    let colour = ui.visuals().selection.bg_fill.gamma_multiply(0.35);
                    ui.painter()
                        .rect_filled(response.rect.expand(2.0), 4.0, colour);
                }
                if jump == Some(i) {
                    ui.scroll_to_rect(response.rect, Some(egui::Align::TOP));
                }
                ui.add_space(6.0);
            }
        });
    None
}

/// The passage text with facts underlined and search hits highlighted (hits win where both apply).
/// The label wraps it to the column width.
fn passage_job(text: &str, facts: &[&str], needle: &str, marks: &Marks) -> LayoutJob {
    #[derive(Clone, Copy, PartialEq)]
    enum M {
        Plain,
        Fact,
        Hit,
    }
    let mut mark = vec![M::Plain; text.len()];
    for fact in facts.iter().filter(|f| !f.is_empty()) {
        for (at, _) in text.match_indices(fact) {
            mark[at..at + fact.len()].fill(M::Fact);
        }
    }
    if !needle.is_empty() {
        for (at, _) in text.match_indices(needle) {
            mark[at..at + needle.len()].fill(M::Hit);
        }
    }
    let mut job = LayoutJob::default();
    let mut start = 0;
    for (i, _) in text
        .char_indices()
        .skip(1)
        .chain(std::iter::once((text.len(), ' ')))
    {
        let here = mark.get(start).copied().unwrap_or(M::Plain);
        if i == text.len() || mark.get(i).copied() != Some(here) {
            let format = match here {
                M::Plain => marks.plain.clone(),
                M::Fact => marks.fact.clone(),
                M::Hit => marks.hit.clone(),
            };
            job.append(&text[start..i], 0.0, format);
            start = i;
        }
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_keeps_every_character_once() {
        let marks = Marks::new(&egui::Visuals::light(), egui::FontId::proportional(14.0));
        let text = "收到复议申请26件，审结21件。";
        let job = passage_job(text, &["复议申请26件"], "审结", &marks);
        assert_eq!(job.text, text);
        assert!(job.sections.len() >= 4);
    }
}
