//! Overview: the topic × report coverage heatmap (key topics pinned first, in bold) and a short
//! list of the biggest differences: indicators whose values differ most, commitments only one
//! report made, topics a report does not cover.

use egui::{Color32, RichText, Sense, Vec2};

use crate::model::{Comparison, ReportInfo, TopicRow};

use super::style::{self, topic_rank};
use super::{Command, Compared};

const CELL: Vec2 = Vec2::new(96.0, 26.0);
/// Entries per section of the "biggest differences" list.
const TOP_N: usize = 6;

/// Topic rows with the key four first; the rest keep the engine's order.
pub fn ordered_topics(cmp: &Comparison) -> Vec<&TopicRow> {
    let mut rows: Vec<&TopicRow> = cmp.topics.iter().collect();
    rows.sort_by_key(|t| topic_rank(&t.id));
    rows
}

pub fn overview_ui(ui: &mut egui::Ui, compared: &Compared) -> Option<Command> {
    let mut out = None;
    let cmp = &compared.comparison;
    let wide = ui.available_width() > 980.0;
    egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
        let layout = if wide {
            egui::Layout::left_to_right(egui::Align::Min)
        } else {
            egui::Layout::top_down(egui::Align::Min)
        };
        ui.with_layout(layout, |ui| {
            ui.vertical(|ui| {
                ui.heading("覆盖 Coverage");
                ui.weak("每格：段落数 / 数据数 · cell: passages / facts — click to compare the topic");
                out = heatmap_ui(ui, cmp);
            });
            ui.add_space(24.0);
            ui.vertical(|ui| {
                ui.set_max_width(460.0);
                ui.heading("主要差异 Biggest differences");
                biggest_differences_ui(ui, cmp);
            });
        });
    });
    out
}

fn heatmap_ui(ui: &mut egui::Ui, cmp: &Comparison) -> Option<Command> {
    let mut out = None;
    let max = cmp
        .topics
        .iter()
        .flat_map(|t| t.cells.iter().map(|c| c.passages))
        .max()
        .unwrap_or(0)
        .max(1);
    let dark = ui.visuals().dark_mode;
    let base = if dark {
        Color32::from_rgb(70, 140, 220)
    } else {
        Color32::from_rgb(30, 100, 190)
    };
    egui::Grid::new("heatmap")
        .spacing([2.0, 2.0])
        .show(ui, |ui| {
            ui.label("");
            for info in &cmp.reports {
                let name = info.display_name();
                ui.add_sized(
                    [CELL.x, CELL.y],
                    egui::Label::new(RichText::new(&name).small()).truncate(),
                )
                .on_hover_text(&info.title);
            }
            ui.end_row();
            for topic in ordered_topics(cmp) {
                let label = if topic.key {
                    RichText::new(&topic.label).strong()
                } else {
                    RichText::new(&topic.label)
                };
                ui.label(label);
                for cell in &topic.cells {
                    let (rect, response) = ui.allocate_exact_size(CELL, Sense::click());
                    let t = cell.passages as f32 / max as f32;
                    let fill = if cell.passages == 0 {
                        ui.visuals().faint_bg_color
                    } else {
                        base.gamma_multiply(0.15 + 0.85 * t)
                    };
                    let painter = ui.painter();
                    painter.rect_filled(rect, 3.0, fill);
                    if response.hovered() {
                        painter.rect_stroke(
                            rect,
                            3.0,
                            ui.visuals().widgets.hovered.fg_stroke,
                            egui::StrokeKind::Inside,
                        );
                    }
                    let text_colour = if t > 0.5 {
                        Color32::WHITE
                    } else {
                        ui.visuals().text_color()
                    };
                    let text = if cell.passages == 0 {
                        "—".to_owned()
                    } else {
                        format!("{} / {}", cell.passages, cell.facts)
                    };
                    painter.text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        text,
                        egui::FontId::proportional(13.0),
                        text_colour,
                    );
                    let k = cell.kinds;
                    let response = response.on_hover_text(format!(
                        "{}\n段落 passages {} · 数据 facts {}\n成效 {} · 不足 {} · 安排 {}",
                        topic.label,
                        cell.passages,
                        cell.facts,
                        k.achievement,
                        k.shortcoming,
                        k.plan
                    ));
                    if response.clicked() {
                        out = Some(Command::ShowTopic(topic.id.clone()));
                    }
                }
                ui.end_row();
            }
        });
    out
}

/// A report may state one indicator several times; the first mention speaks for it here.
fn first_per_report(m: &crate::model::MetricRow) -> Vec<&crate::model::MetricValue> {
    let mut seen = Vec::new();
    m.values
        .iter()
        .filter(|v| {
            let new = !seen.contains(&v.report);
            seen.push(v.report);
            new
        })
        .collect()
}

/// The engine's report name; kept under this name for side_by_side.rs, which is being split
/// elsewhere (the other views call `display_name` directly).
pub fn report_label(info: &crate::model::ReportInfo) -> String {
    info.display_name()
}

fn biggest_differences_ui(ui: &mut egui::Ui, cmp: &Comparison) {
    let name = |i: usize| {
        cmp.reports
            .get(i)
            .map(ReportInfo::display_name)
            .unwrap_or_default()
    };
    let hl = &cmp.highlights;
    ui.strong("指标 Indicators");
    if hl.spreads.is_empty() {
        ui.weak("共有的指标数值相同 No shared indicator differs");
    }
    for spread in hl.spreads.iter().take(TOP_N) {
        let Some(m) = cmp.metrics.get(spread.row) else {
            continue;
        };
        let values: Vec<String> = first_per_report(m)
            .iter()
            .map(|v| {
                let mark = if v.report == spread.highest {
                    "▲"
                } else if v.report == spread.lowest {
                    "▼"
                } else {
                    ""
                };
                format!("{mark}{} {}", name(v.report), v.as_written())
            })
            .collect();
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&m.label).strong());
            ui.label(values.join(" · "));
        });
    }
    ui.add_space(8.0);
    ui.strong("仅一方的承诺 Commitments only one report made");
    let mut only = vec![0usize; cmp.reports.len()];
    for k in hl
        .only_commitments
        .iter()
        .filter_map(|&i| cmp.commitments.get(i))
    {
        if let Some(n) = only.get_mut(k.report) {
            *n += 1;
        }
    }
    let mut only: Vec<(usize, usize)> = only.into_iter().enumerate().collect();
    only.sort_by_key(|o| std::cmp::Reverse(o.1));
    for (r, count) in only {
        ui.label(format!("{}：{count} 条", name(r)));
    }
    ui.add_space(8.0);
    ui.strong("未涉及的主题 Topics a report lacks");
    if hl.uncovered.is_empty() {
        ui.weak("每个主题都有涉及 Every report covers every topic it shares");
    }
    for topic in ordered_topics(cmp) {
        let missing: Vec<String> = hl
            .uncovered
            .iter()
            .filter(|u| u.topic == topic.id)
            .map(|u| name(u.report))
            .collect();
        if missing.is_empty() {
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            style::chip_ui(
                ui,
                &topic.label,
                style::topic_colour(&topic.id, ui.visuals().dark_mode),
            );
            ui.label(format!("缺 missing in {}", missing.join("、")));
        });
    }
}
