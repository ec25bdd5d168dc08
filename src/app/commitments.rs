//! Commitments (plan-kind sentences, per topic: shared by several reports vs made by one only)
//! and Follow-through (for one region in years Y and Y+1: each plan of Y and the achievement of
//! Y+1 that delivers it, or "not found").

use std::collections::BTreeMap;

use egui::RichText;

use crate::model::{Commitment, Comparison, ReportInfo};
use crate::tables::tables;

use super::style::{self, topic_rank};
use super::{Command, Compared, ViewState};
use crate::app::text;

fn report_name(cmp: &Comparison, i: usize) -> String {
    cmp.reports
        .get(i)
        .map(ReportInfo::display_name)
        .unwrap_or_default()
}

/// One commitment: its report and sentence; a secondary click writes a note on it.
fn commitment_line(
    ui: &mut egui::Ui,
    cmp: &crate::model::Comparison,
    c: &Commitment,
    notes: &BTreeMap<String, String>,
    view: &mut ViewState,
) {
    let key = crate::notes::Target::Commitment {
        source: cmp.reports[c.report].source.clone(),
        text: c.text.clone(),
    }
    .key();
    let note = notes.get(&key);
    ui.horizontal_wrapped(|ui| {
        ui.strong(report_name(cmp, c.report));
        let text = match note {
            Some(_) => format!("{}{}", super::notes::MARK, c.text),
            None => c.text.clone(),
        };
        let response = ui
            .add(egui::Label::new(text).sense(egui::Sense::click()))
            .on_hover_text(super::notes::hover_with_note(
                text::topic(&c.topic, tables().topic_label(&c.topic), false).to_string(),
                note,
            ));
        response.context_menu(|ui| {
            let title = format!("{} · {}", report_name(cmp, c.report), c.text);
            super::notes::note_button(ui, view, &key, title, note);
        });
    });
}

pub fn commitments_ui(
    ui: &mut egui::Ui,
    compared: &Compared,
    notes: &BTreeMap<String, String>,
    view: &mut ViewState,
) -> Option<Command> {
    let cmp = &compared.comparison;
    if cmp.commitments.is_empty() {
        ui.weak(text::NO_PLANS_FOUND.get());
        return None;
    }
    let mut by_topic: BTreeMap<(usize, &str), Vec<&Commitment>> = BTreeMap::new();
    for c in &cmp.commitments {
        by_topic
            .entry((topic_rank(&c.topic), c.topic.as_str()))
            .or_default()
            .push(c);
    }
    let shared = cmp
        .commitments
        .iter()
        .filter(|c| !c.matches.is_empty())
        .count();
    ui.label(text::COMMITMENT_COUNTS.fill(&[
        &cmp.commitments.len(),
        &shared,
        &(cmp.commitments.len() - shared),
    ]));
    ui.separator();
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for ((_, topic), items) in by_topic {
                let (both, alone): (Vec<&Commitment>, Vec<&Commitment>) =
                    items.iter().partition(|c| !c.matches.is_empty());
                let title = format!(
                    "{}  ({} shared · {} only one)",
                    text::topic(topic, tables().topic_label(topic), false),
                    both.len(),
                    alone.len()
                );
                egui::CollapsingHeader::new(RichText::new(title).strong())
                    .id_salt(topic)
                    .default_open(style::KEY_TOPICS.contains(&topic))
                    .show(ui, |ui| {
                        if !both.is_empty() {
                            ui.label(
                                RichText::new(text::SHARED_COMMITMENTS.get()).color(
                                    style::kind_colour(crate::model::Kind::Achievement, dark),
                                ),
                            );
                            for c in both {
                                commitment_line(ui, cmp, c, notes, view);
                                ui.indent(("m", c.report, &c.text), |ui| {
                                    for m in &c.matches {
                                        ui.horizontal_wrapped(|ui| {
                                            ui.weak(format!("≈ {:.0}%", m.similarity * 100.0));
                                            ui.strong(report_name(cmp, m.report));
                                            ui.label(&m.text);
                                        });
                                    }
                                });
                                ui.add_space(4.0);
                            }
                        }
                        if !alone.is_empty() {
                            ui.label(
                                RichText::new(text::ONLY_ONE_REPORT.get()).color(
                                    style::kind_colour(crate::model::Kind::Shortcoming, dark),
                                ),
                            );
                            for c in alone {
                                commitment_line(ui, cmp, c, notes, view);
                            }
                        }
                    });
            }
        });
    None
}

pub fn follow_through_ui(ui: &mut egui::Ui, compared: &Compared) -> Option<Command> {
    let cmp = &compared.comparison;
    if cmp.follow_through.is_empty() {
        ui.label(text::FOLLOW_THROUGH_NEEDS.get());
        ui.weak(text::FOLLOW_THROUGH_FIX_HINT.get());
        return None;
    }
    let mut by_pair: BTreeMap<(usize, usize), Vec<&crate::model::FollowThrough>> = BTreeMap::new();
    for f in &cmp.follow_through {
        let later = f.delivered.as_ref().map_or(usize::MAX, |d| d.report);
        by_pair.entry((f.plan.report, later)).or_default().push(f);
    }
    let delivered = cmp
        .follow_through
        .iter()
        .filter(|f| f.delivered.is_some())
        .count();
    ui.label(text::FOLLOW_THROUGH_COUNTS.fill(&[
        &cmp.follow_through.len(),
        &delivered,
        &(cmp.follow_through.len() - delivered),
    ]));
    ui.separator();
    let dark = ui.visuals().dark_mode;
    let ok = style::kind_colour(crate::model::Kind::Achievement, dark);
    let missing = style::kind_colour(crate::model::Kind::Shortcoming, dark);
    let arrow = 36.0;
    let width = ((ui.available_width() - arrow - 24.0) / 2.0).max(220.0);
    ui.horizontal(|ui| {
        ui.add_sized(
            [width, 18.0],
            egui::Label::new(RichText::new(text::PLAN_YEAR.get()).strong()),
        );
        ui.add_space(arrow);
        ui.add_sized(
            [width, 18.0],
            egui::Label::new(RichText::new(text::DELIVERED_NEXT_YEAR.get()).strong()),
        );
    });
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for f in by_pair.values().flatten() {
                ui.separator();
                ui.horizontal_top(|ui| {
                    ui.allocate_ui_with_layout(
                        egui::vec2(width, 0.0),
                        egui::Layout::top_down(egui::Align::Min),
                        |ui| {
                            ui.set_width(width);
                            ui.weak(format!(
                                "{} · {}",
                                report_name(cmp, f.plan.report),
                                text::topic(
                                    &f.plan.topic,
                                    tables().topic_label(&f.plan.topic),
                                    false
                                )
                            ));
                            ui.label(&f.plan.text);
                        },
                    );
                    ui.add_sized(
                        [arrow, 24.0],
                        egui::Label::new(RichText::new("⇢").size(20.0)),
                    );
                    ui.allocate_ui_with_layout(
                        egui::vec2(width, 0.0),
                        egui::Layout::top_down(egui::Align::Min),
                        |ui| {
                            ui.set_width(width);
                            match &f.delivered {
                                Some(d) => {
                                    let head = text::DELIVERED_IN.fill(&[
                                        &report_name(cmp, d.report),
                                        &format!("{:.0}", d.similarity * 100.0),
                                    ]);
                                    ui.label(RichText::new(head).color(ok));
                                    ui.label(&d.text);
                                }
                                None => {
                                    ui.label(
                                        RichText::new(text::NOT_FOUND.get())
                                            .color(missing)
                                            .strong(),
                                    );
                                }
                            }
                        },
                    );
                });
            }
        });
    None
}
