//! Indicators: a metric × report table (values as written, qualifier and unit included: 近30件,
//! 700余份; highest ▲ and lowest ▼ tinted, the source clause on hover) and a bar chart of the
//! selected metric, one bar per report.

use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};

use crate::model::{Comparison, MetricRow};

use super::state::State;
use super::style::topic_rank;
use super::{Command, Compared, ViewState};
use crate::app::text;

fn ordered_metrics(cmp: &Comparison) -> Vec<&MetricRow> {
    let mut rows: Vec<&MetricRow> = cmp.metrics.iter().collect();
    rows.sort_by_key(|m| topic_rank(&m.topic));
    rows
}

pub fn indicators_ui(
    ui: &mut egui::Ui,
    compared: &Compared,
    state: &mut State,
    view: &mut ViewState,
) -> Option<Command> {
    let cmp = &compared.comparison;
    if cmp.metrics.is_empty() {
        ui.weak(text::NO_COMPARABLE_INDICATORS.get());
        return None;
    }
    // Past a page of reports the table pages (a table of 3,000 columns is not read, and
    // egui_extras lays out every column of every row); only the indicators some report of the
    // page gives are rows, so a page is never rows of empty cells.
    let page = super::style::report_pager_ui(ui, &mut view.indicators_first, cmp.reports.len());
    let all_rows = ordered_metrics(cmp);
    let rows: Vec<&MetricRow> = all_rows
        .iter()
        .copied()
        .filter(|m| m.values.iter().any(|v| page.contains(&v.report)))
        .collect();
    if rows.is_empty() {
        ui.weak(text::NO_COMPARABLE_INDICATORS.get());
        return None;
    }
    if all_rows.len() > rows.len() {
        ui.weak(text::INDICATORS_NOT_ON_PAGE.fill(&[&(all_rows.len() - rows.len())]));
    }
    if state
        .metric
        .as_ref()
        .is_none_or(|m| !rows.iter().any(|r| &r.metric == m))
    {
        state.metric = rows.first().map(|r| r.metric.clone());
    }
    let chart_height = (ui.available_height() * 0.38).clamp(160.0, 320.0);
    let dark = ui.visuals().dark_mode;
    let (high_bg, low_bg) = if dark {
        (Color32::from_rgb(30, 80, 40), Color32::from_rgb(90, 40, 40))
    } else {
        (
            Color32::from_rgb(215, 240, 215),
            Color32::from_rgb(250, 222, 222),
        )
    };
    egui::ScrollArea::horizontal()
        .id_salt("indicator_table_h")
        .show(ui, |ui| {
            let table_height = ui.available_height() - chart_height - 16.0;
            TableBuilder::new(ui)
                .id_salt("indicators")
                .striped(true)
                .sense(egui::Sense::click())
                .max_scroll_height(table_height)
                .column(Column::auto().at_least(180.0))
                .columns(Column::auto().at_least(110.0), page.len())
                .header(24.0, |mut header| {
                    header.col(|ui| {
                        ui.strong(text::INDICATOR.get());
                    });
                    for info in &cmp.reports[page.clone()] {
                        header.col(|ui| {
                            ui.strong(info.display_name()).on_hover_text(&info.title);
                        });
                    }
                })
                .body(|mut body| {
                    for m in &rows {
                        body.row(24.0, |mut row| {
                            row.set_selected(state.metric.as_ref() == Some(&m.metric));
                            let mut picked = false;
                            row.col(|ui| {
                                // Labels here are not selectable text: a click on a name (or a
                                // value) selects the row, as in a spreadsheet.
                                picked = ui
                                    .add(
                                        egui::Label::new(&m.label)
                                            .selectable(false)
                                            .sense(egui::Sense::click()),
                                    )
                                    .on_hover_text(&m.metric)
                                    .clicked();
                            });
                            // Each report's values on this page, in one pass over the row.
                            let mut on_page: Vec<Vec<&crate::model::MetricValue>> =
                                vec![Vec::new(); page.len()];
                            for v in m.values.iter().filter(|v| page.contains(&v.report)) {
                                on_page[v.report - page.start].push(v);
                            }
                            for (report, values) in page.clone().zip(on_page) {
                                row.col(|ui| {
                                    let mut values = values.into_iter();
                                    let Some(first) = values.next() else {
                                        ui.weak("—");
                                        return;
                                    };
                                    let mut text = first.as_written();
                                    let (mark, bg) = if m.highest == Some(report) {
                                        (" ▲", Some(high_bg))
                                    } else if m.lowest == Some(report) {
                                        (" ▼", Some(low_bg))
                                    } else {
                                        ("", None)
                                    };
                                    text.push_str(mark);
                                    let key = crate::notes::Target::Indicator {
                                        source: cmp.reports[report].source.clone(),
                                        metric: m.metric.clone(),
                                    }
                                    .key();
                                    let note = state.notes.get(&key);
                                    if note.is_some() {
                                        text.insert_str(0, super::notes::MARK);
                                    }
                                    let mut rich = RichText::new(text);
                                    if let Some(bg) = bg {
                                        rich = rich.background_color(bg).strong();
                                    }
                                    let mut hover = first.text.clone();
                                    for more in values {
                                        hover.push_str(&text::ALSO_SEE.fill(&[&more.text]));
                                    }
                                    if first.approx {
                                        hover.push_str(text::APPROXIMATE.get());
                                    }
                                    let response = ui
                                        .add(
                                            egui::Label::new(rich)
                                                .selectable(false)
                                                .sense(egui::Sense::click()),
                                        )
                                        .on_hover_text(super::notes::hover_with_note(hover, note));
                                    picked |= response.clicked();
                                    response.context_menu(|ui| {
                                        let title = format!(
                                            "{} · {}",
                                            cmp.reports[report].display_name(),
                                            m.label
                                        );
                                        super::notes::note_button(ui, view, &key, title, note);
                                    });
                                });
                            }
                            if picked || row.response().clicked() {
                                state.metric = Some(m.metric.clone());
                            }
                        });
                    }
                });
        });
    ui.separator();
    if let Some(m) = rows
        .iter()
        .find(|r| state.metric.as_ref() == Some(&r.metric))
    {
        // Ctrl+C copies the selected row as a spreadsheet does: tab-separated, with its header.
        // egui-winit turns Ctrl+C into Event::Copy; other backends (and tests) send the key.
        let copy = ui.input(|i| {
            i.events.iter().any(|e| matches!(e, egui::Event::Copy))
                || i.modifiers.command && i.key_pressed(egui::Key::C)
        });
        // Not while a text box has the keyboard: there Ctrl+C copies its selection.
        if copy && !ui.ctx().egui_wants_keyboard_input() {
            ui.ctx().copy_text(row_as_tsv(cmp, m));
        }
        chart_ui(ui, cmp, m, page);
    }
    None
}

/// The header and one indicator row, tab-separated, values as written ("" where none).
pub fn row_as_tsv(cmp: &Comparison, m: &MetricRow) -> String {
    let mut header = vec!["指标".to_string()];
    header.extend(cmp.reports.iter().map(|r| r.display_name()));
    let mut row = vec![m.label.clone()];
    row.extend((0..cmp.reports.len()).map(|r| {
        m.values
            .iter()
            .find(|v| v.report == r)
            .map(|v| v.as_written())
            .unwrap_or_default()
    }));
    let clean = |cells: Vec<String>| {
        cells
            .iter()
            .map(|c| c.replace(['\t', '\n'], " "))
            .collect::<Vec<_>>()
            .join("\t")
    };
    format!("{}\n{}\n", clean(header), clean(row))
}

/// The bar chart of the reports of `page` (all of them up to a page) that give the indicator.
fn chart_ui(ui: &mut egui::Ui, cmp: &Comparison, m: &MetricRow, page: std::ops::Range<usize>) {
    use egui_plot::{Bar, BarChart, Plot};
    let unit = m
        .values
        .first()
        .map(|v| v.base_unit.clone())
        .unwrap_or_default();
    ui.label(RichText::new(format!("{} ({unit})", m.label)).strong());
    let unit_for_hover = unit.clone();
    // Only the reports that give a value, highest first: with 50 reports compared, a chart of 50
    // slots with three bars says nothing.
    let mut seen = std::collections::HashSet::new();
    let mut firsts: Vec<&crate::model::MetricValue> = m
        .values
        .iter()
        .filter(|v| page.contains(&v.report) && seen.insert(v.report))
        .collect();
    // In report order before the sort by value, as ties were.
    firsts.sort_by_key(|v| v.report);
    let mut given: Vec<(String, f64)> = firsts
        .iter()
        .filter_map(|v| Some((cmp.reports.get(v.report)?.display_name(), v.normalized)))
        .collect();
    given.sort_by(|a, b| b.1.total_cmp(&a.1));
    let names: Vec<String> = given.iter().map(|(n, _)| n.clone()).collect();
    let bars: Vec<Bar> = given
        .iter()
        .enumerate()
        .map(|(i, (name, value))| Bar::new(i as f64, *value).width(0.6).name(name))
        .collect();
    let colour = if ui.visuals().dark_mode {
        egui::Color32::from_rgb(90, 150, 230)
    } else {
        egui::Color32::from_rgb(40, 100, 190)
    };
    let n = given.len().max(3) as f64;
    let labels = names.clone();
    Plot::new("indicator_chart")
        .height(ui.available_height().max(140.0))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_y(0.0)
        // At least three slots, so one bar never fills the whole chart.
        .include_x(-0.5)
        .include_x(n - 0.5)
        .show_grid([false, true])
        .x_axis_formatter(move |mark, _range| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            // The hover names the report and the value with its unit.
            let formatter = Box::new(move |bar: &Bar, _: &BarChart| {
                format!(
                    "{}\n{}{unit_for_hover}",
                    bar.name,
                    crate::display::number(bar.value)
                )
            });
            plot.bar_chart(
                BarChart::new(m.label.clone(), bars)
                    .color(colour)
                    .element_formatter(formatter),
            )
        });
}
