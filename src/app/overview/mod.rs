//! Overview: the topic × report coverage heatmap (key topics pinned first, in bold) and a short
//! list of the biggest differences: indicators whose values differ most, commitments only one
//! report made, topics a report does not cover. Past `AGGREGATE_OVER` reports the heatmap's
//! columns are provinces, each opening into its reports (`columns`).

mod columns;

use std::collections::BTreeSet;

use egui::{Color32, RichText, Sense, Vec2};

use crate::app::text;
use crate::model::{Comparison, ReportInfo, TopicRow};

pub use columns::AGGREGATE_OVER;
use columns::Column;

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

/// What the overview remembers between frames: the provinces opened into their reports.
#[derive(Debug, Default)]
pub struct OverviewState {
    pub open: BTreeSet<String>,
}

pub fn overview_ui(
    ui: &mut egui::Ui,
    compared: &Compared,
    state: &mut OverviewState,
) -> Option<Command> {
    let mut out = None;
    let cmp = &compared.comparison;
    let wide = ui.available_width() > 980.0;
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let layout = if wide {
                egui::Layout::left_to_right(egui::Align::Min)
            } else {
                egui::Layout::top_down(egui::Align::Min)
            };
            ui.with_layout(layout, |ui| {
                ui.vertical(|ui| {
                    ui.heading(text::COVERAGE.get());
                    if cmp.reports.len() > columns::AGGREGATE_OVER {
                        ui.weak(text::BY_PROVINCE_HINT.fill(&[&cmp.reports.len()]));
                    } else {
                        ui.weak(text::CELL_HINT.get());
                    }
                    let width = if wide {
                        (ui.available_width() - 24.0 - 460.0).max(300.0)
                    } else {
                        ui.available_width()
                    };
                    out = heatmap_ui(ui, cmp, state, width);
                });
                ui.add_space(24.0);
                ui.vertical(|ui| {
                    ui.set_max_width(460.0);
                    ui.heading(text::BIGGEST_DIFFERENCES.get());
                    biggest_differences_ui(ui, cmp, compared.preview);
                });
            });
        });
    out
}

/// Room for the topic names: the longest Chinese one, or most English ones (the rest truncate).
fn label_width() -> f32 {
    if text::language() == text::Language::English {
        220.0
    } else {
        150.0
    }
}
const GAP: f32 = 2.0;
/// Two lines at body size: the region, then the year (small grey names were unreadable).
const HEADER_HEIGHT: f32 = 38.0;

/// The heatmap in its own horizontal scroll of `width`; only the cells on screen are laid out,
/// so thousands of report columns cost what a screenful does.
fn heatmap_ui(
    ui: &mut egui::Ui,
    cmp: &Comparison,
    state: &mut OverviewState,
    width: f32,
) -> Option<Command> {
    let mut out = None;
    let cols = columns::columns(&cmp.reports, &state.open);
    let topics = ordered_topics(cmp);
    let max = cmp
        .topics
        .iter()
        .flat_map(|t| t.cells.iter().map(|c| c.passages))
        .max()
        .unwrap_or(0)
        .max(1);
    let pitch = CELL + Vec2::splat(GAP);
    let size = Vec2::new(
        label_width() + cols.len() as f32 * pitch.x,
        HEADER_HEIGHT + GAP + pitch.y * topics.len() as f32,
    );
    egui::ScrollArea::horizontal()
        .id_salt("heatmap")
        .max_width(width)
        .auto_shrink([true, true])
        .show(ui, |ui| {
            let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
            let clip = ui.clip_rect().intersect(rect);
            if !clip.is_positive() {
                return;
            }
            let visible = |from: f32, to: f32, origin: f32, n: usize| {
                let first = ((from - origin) / pitch.x).floor().max(0.0) as usize;
                let last = (((to - origin) / pitch.x).ceil().max(0.0) as usize).min(n);
                first..last.max(first)
            };
            let x0 = rect.min.x + label_width();
            // The topic names stay at the visible left edge when the columns scroll sideways;
            // columns reaching under them are not drawn (nor clickable there).
            let names_x = clip.min.x.max(rect.min.x);
            let names_end = names_x + label_width();
            let shown_cols: Vec<usize> = visible(names_end, clip.max.x, x0, cols.len())
                .filter(|&c| x0 + c as f32 * pitch.x >= names_end - 0.5)
                .collect();
            let y0 = rect.min.y + HEADER_HEIGHT + GAP;
            let cell_rect = |c: usize, row: usize| {
                egui::Rect::from_min_size(
                    egui::pos2(x0 + c as f32 * pitch.x, y0 + row as f32 * pitch.y),
                    CELL,
                )
            };
            for &c in &shown_cols {
                if let Some(column) = cols.get(c) {
                    let header = egui::Rect::from_min_size(
                        egui::pos2(x0 + c as f32 * pitch.x, rect.min.y),
                        Vec2::new(CELL.x, HEADER_HEIGHT),
                    );
                    header_ui(ui, cmp, column, header, &mut state.open);
                }
            }
            for (row, topic) in topics.iter().enumerate() {
                let y = y0 + row as f32 * pitch.y;
                if y > clip.max.y || y + CELL.y < clip.min.y {
                    continue;
                }
                let name = text::topic(&topic.id, &topic.label, false);
                let label = if topic.key {
                    RichText::new(name).strong()
                } else {
                    RichText::new(name)
                };
                let label_rect = egui::Rect::from_min_size(
                    egui::pos2(names_x, y),
                    Vec2::new(label_width() - 6.0, CELL.y),
                );
                // Left-aligned as the grid had them; long names truncate, the full one on hover.
                ui.scope_builder(
                    egui::UiBuilder::new()
                        .max_rect(label_rect)
                        .layout(egui::Layout::left_to_right(egui::Align::Center)),
                    |ui| ui.add(egui::Label::new(label).truncate()),
                );
                for &c in &shown_cols {
                    let Some(column) = cols.get(c) else { continue };
                    if cell_ui(ui, cmp, topic, column, c, max, cell_rect(c, row)) {
                        out = Some(Command::ShowTopic(topic.id.clone()));
                    }
                }
            }
        });
    out
}

/// A column's header: a report's name, or a province that opens and closes on click.
fn header_ui(
    ui: &mut egui::Ui,
    cmp: &Comparison,
    column: &Column,
    rect: egui::Rect,
    open: &mut BTreeSet<String>,
) {
    match column {
        Column::Report(i) => {
            let Some(info) = cmp.reports.get(*i) else {
                return;
            };
            // The region on the first line, the year under it; a report whose region is not
            // known shows its name (the file's) alone.
            let (first, second) = match (info.region.is_empty(), info.year) {
                (false, Some(year)) => (info.region.clone(), year.to_string()),
                (false, None) => (info.region.clone(), String::new()),
                (true, _) => (info.display_name(), String::new()),
            };
            let line = rect.height() / 2.0;
            let top = egui::Rect::from_min_size(rect.min, Vec2::new(rect.width(), line));
            let response = ui.put(
                top,
                egui::Label::new(RichText::new(first).strong())
                    .truncate()
                    .sense(Sense::hover()),
            );
            ui.put(
                top.translate(Vec2::new(0.0, line)),
                egui::Label::new(second),
            );
            response.on_hover_text(format!("{}\n{}", info.display_name(), info.title));
        }
        Column::Province {
            name,
            reports,
            open: is_open,
        } => {
            let arrow = if *is_open { "－" } else { "＋" };
            let response = ui
                .put(
                    rect,
                    egui::Button::new(
                        RichText::new(format!("{arrow} {name} {}", reports.len())).strong(),
                    )
                    .truncate(),
                )
                .on_hover_text(
                    if *is_open {
                        text::PROVINCE_CLOSE_HINT
                    } else {
                        text::PROVINCE_OPEN_HINT
                    }
                    .fill(&[name, &reports.len()]),
                );
            if response.clicked() && !open.remove(name) {
                open.insert(name.clone());
            }
        }
    }
}

/// One cell: shaded by passages (a report) or by the share of reports covering the topic (a
/// province). True when clicked.
fn cell_ui(
    ui: &mut egui::Ui,
    cmp: &Comparison,
    topic: &TopicRow,
    column: &Column,
    index: usize,
    max: usize,
    rect: egui::Rect,
) -> bool {
    let v = columns::value(topic, column);
    let (column_name, amount, text) = match column {
        Column::Report(i) => (
            cmp.reports
                .get(*i)
                .map(ReportInfo::display_name)
                .unwrap_or_default(),
            v.passages as f32 / max as f32,
            if v.passages == 0 {
                "—".to_owned()
            } else {
                format!("{} / {}", v.passages, v.facts)
            },
        ),
        Column::Province { name, .. } => (
            name.clone(),
            v.covering as f32 / v.reports.max(1) as f32,
            format!("{}/{}", v.covering, v.reports),
        ),
    };
    let response = ui.interact(
        rect,
        ui.scope_id().with(("heatmap cell", &topic.id, index)),
        Sense::click(),
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("{} · {column_name}", topic.label),
        )
    });
    let dark = ui.visuals().dark_mode;
    let base = if dark {
        Color32::from_rgb(70, 140, 220)
    } else {
        Color32::from_rgb(30, 100, 190)
    };
    let fill = if v.passages == 0 {
        ui.visuals().faint_bg_color
    } else {
        base.gamma_multiply(0.15 + 0.85 * amount)
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
    let text_colour = if amount > 0.5 && v.passages > 0 {
        Color32::WHITE
    } else {
        ui.visuals().text_color()
    };
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text,
        egui::FontId::proportional(13.0),
        text_colour,
    );
    let clicked = response.clicked();
    response.on_hover_ui(|ui| {
        let k = v.kinds;
        if v.reports > 1 {
            ui.label(format!(
                "{} · {column_name}\n{}",
                topic.label,
                text::REPORTS_COVER_IT.fill(&[&v.covering, &v.reports])
            ));
        } else {
            ui.label(format!("{} · {column_name}", topic.label));
        }
        ui.label(text::CELL_COUNTS.fill(&[
            &v.passages,
            &v.facts,
            &k.achievement,
            &k.shortcoming,
            &k.plan,
        ]));
    });
    clicked
}

/// A report may state one indicator several times; the first mention speaks for it here.
/// Linear in the values: with thousands of reports a search of those seen was quadratic.
fn first_per_report(m: &crate::model::MetricRow) -> Vec<&crate::model::MetricValue> {
    let mut seen = std::collections::HashSet::new();
    m.values.iter().filter(|v| seen.insert(v.report)).collect()
}

/// The engine's report name; kept under this name for side_by_side.rs, which is being split
/// elsewhere (the other views call `display_name` directly).
pub fn report_label(info: &crate::model::ReportInfo) -> String {
    info.display_name()
}

/// Names listed per topic a report lacks; the rest are counted.
const MISSING_NAMES: usize = 8;

fn biggest_differences_ui(ui: &mut egui::Ui, cmp: &Comparison, preview: bool) {
    let name = |i: usize| {
        cmp.reports
            .get(i)
            .map(ReportInfo::display_name)
            .unwrap_or_default()
    };
    let hl = &cmp.highlights;
    ui.strong(text::TAB_INDICATORS.get());
    if hl.spreads.is_empty() {
        ui.weak(text::NO_INDICATOR_DIFFERS.get());
    }
    for spread in hl.spreads.iter().take(TOP_N) {
        let Some(m) = cmp.metrics.get(spread.row) else {
            continue;
        };
        let firsts = first_per_report(m);
        // Among many reports, the two ends of the spread speak for it.
        let many = firsts.len() > MISSING_NAMES;
        let mut values: Vec<String> = firsts
            .iter()
            .filter(|v| !many || v.report == spread.highest || v.report == spread.lowest)
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
        if many {
            values.push(text::N_REPORTS_IN_ALL.fill(&[&firsts.len()]));
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&m.label).strong());
            ui.label(values.join(" · "));
        });
    }
    ui.add_space(8.0);
    ui.strong(text::COMMITMENTS_ONLY_ONE_REPORT.get());
    if preview {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak(text::PAIRING_SENTENCES.get());
        });
    }
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
    // Every report up to the aggregation cap (a zero says something among a few); past it, the
    // reports with the most.
    for (r, count) in only.into_iter().take(AGGREGATE_OVER) {
        ui.label(text::N_COMMITMENTS.fill(&[&name(r), &count]));
    }
    ui.add_space(8.0);
    ui.strong(text::TOPICS_A_REPORT_LACKS.get());
    if hl.uncovered.is_empty() {
        ui.weak(text::EVERY_TOPIC_COVERED.get());
    }
    // One pass over what is uncovered (thousands of entries with thousands of reports).
    let mut by_topic: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for u in &hl.uncovered {
        by_topic.entry(u.topic.as_str()).or_default().push(u.report);
    }
    for topic in ordered_topics(cmp) {
        let Some(missing) = by_topic.get(topic.id.as_str()) else {
            continue;
        };
        let mut names: Vec<String> = missing
            .iter()
            .take(MISSING_NAMES)
            .map(|&r| name(r))
            .collect();
        if missing.len() > MISSING_NAMES {
            names.push(text::N_IN_ALL.fill(&[&missing.len()]));
        }
        ui.horizontal_wrapped(|ui| {
            style::chip_ui(
                ui,
                text::topic(&topic.id, &topic.label, false),
                style::topic_colour(&topic.id, ui.visuals().dark_mode),
            );
            ui.label(text::MISSING_IN.fill(&[&names.join("、")]));
        });
    }
}
