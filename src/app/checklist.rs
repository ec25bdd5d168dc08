//! 体检 Checklist: the required-content check as a table (requirement × report). Each cell is
//! coloured by its status; a cell with passages opens the first of them in 全文 Report; a
//! secondary click writes a note on it ("已核实", "问一下县司法局"), marked 【注】 and carried into every
//! export. The rows are built once per comparison by the engine (`check::rows`); this view only
//! paints them and looks their notes up.

use egui::{Color32, RichText, Sense, Vec2};

use crate::app::text;
use crate::check::{Cell, Row};
use crate::model::{ReportInfo, Status};

use super::{Command, Compared, ViewState};

type Notes = std::collections::BTreeMap<String, String>;

/// A cell's height, and the width range of a report's column: wide enough for "偏弱 · problems
/// listed, no 原因" when the window has room, never narrower than a status word and its count.
const CELL_HEIGHT: f32 = 24.0;
const CELL_WIDTHS: std::ops::RangeInclusive<f32> = 150.0..=340.0;
/// About the width of the longest requirement label, for sharing out the rest of the row.
const LABEL_WIDTH: f32 = 340.0;

pub fn checklist_ui(
    ui: &mut egui::Ui,
    compared: &Compared,
    notes: &Notes,
    view: &mut ViewState,
) -> Option<Command> {
    let mut out = None;
    ui.weak(text::CHECKLIST_RULES.fill(&[&crate::check::loaded_rules().source]));
    ui.separator();
    // Past a page of reports the table pages: a grid of 3,000 columns is laid out whole.
    let page = super::style::report_pager_ui(
        ui,
        &mut view.checklist_first,
        compared.comparison.reports.len(),
    );
    let columns = page.len().max(1) as f32;
    let width = ((ui.available_width() - LABEL_WIDTH) / columns - 3.0)
        .clamp(*CELL_WIDTHS.start(), *CELL_WIDTHS.end());
    let cell = Vec2::new(width, CELL_HEIGHT);
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("checklist")
                .spacing([3.0, 3.0])
                .show(ui, |ui| {
                    ui.label("");
                    for info in &compared.comparison.reports[page.clone()] {
                        ui.add_sized(
                            cell,
                            egui::Label::new(RichText::new(info.display_name()).strong())
                                .truncate(),
                        )
                        .on_hover_text(&info.source);
                    }
                    ui.end_row();
                    for row in &compared.checklist {
                        if let Some(command) =
                            row_ui(ui, row, page.clone(), cell, compared, notes, view)
                        {
                            out = Some(command);
                        }
                        ui.end_row();
                    }
                });
        });
    out
}

fn row_ui(
    ui: &mut egui::Ui,
    row: &Row,
    page: std::ops::Range<usize>,
    size: Vec2,
    compared: &Compared,
    notes: &Notes,
    view: &mut ViewState,
) -> Option<Command> {
    let mut out = None;
    ui.label(&row.label);
    let dark = ui.visuals().dark_mode;
    let cells = row.cells.get(page.clone()).unwrap_or_default();
    for (report, cell) in page.zip(cells) {
        // Every cell takes clicks: the secondary one writes a note.
        let sense = Sense::click();
        let note = notes.get(&cell.key);
        let (rect, response) = ui.allocate_exact_size(size, sense);
        // Painted, not a Label: tell accessibility (and tests) what the cell says.
        let enabled = ui.is_enabled();
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &cell.text));
        let painter = ui.painter();
        painter.rect_filled(rect, 3.0, fill(cell, dark));
        if response.hovered() && !cell.passages.is_empty() {
            painter.rect_stroke(
                rect,
                3.0,
                ui.visuals().widgets.hovered.fg_stroke,
                egui::StrokeKind::Inside,
            );
        }
        // Long reasons are cut at the cell's edge; the whole text is in the tooltip.
        let shown = if note.is_some() {
            format!("{}{}", super::notes::MARK, cell.text)
        } else {
            cell.text.clone()
        };
        painter.with_clip_rect(rect.shrink(2.0)).text(
            rect.left_center() + Vec2::new(6.0, 0.0),
            egui::Align2::LEFT_CENTER,
            &shown,
            egui::FontId::proportional(13.0),
            ui.visuals().text_color(),
        );
        let hover = super::notes::hover_with_note(format!("{}\n{}", row.label, cell.text), note);
        let response = response.on_hover_text(hover);
        let name = compared
            .comparison
            .reports
            .get(report)
            .map(ReportInfo::display_name)
            .unwrap_or_default();
        response.context_menu(|ui| {
            super::notes::note_button(ui, view, &cell.key, format!("{name} · {}", row.label), note);
        });
        if response.clicked()
            && let (Some(&passage), Some(path)) =
                (cell.passages.first(), compared.paths.get(report))
        {
            out = Some(Command::ShowPassage {
                path: path.clone(),
                passage,
            });
        }
    }
    out
}

fn fill(cell: &Cell, dark: bool) -> Color32 {
    let (light, deep) = match cell.status {
        Some(Status::Present) => (
            Color32::from_rgb(0xDF, 0xF5, 0xE3),
            Color32::from_rgb(0x1F, 0x4D, 0x2B),
        ),
        Some(Status::Thin) => (
            Color32::from_rgb(0xFF, 0xF3, 0xCD),
            Color32::from_rgb(0x5C, 0x4A, 0x12),
        ),
        Some(Status::Missing) => (
            Color32::from_rgb(0xFD, 0xE4, 0xE6),
            Color32::from_rgb(0x5E, 0x1F, 0x26),
        ),
        None => (Color32::from_gray(0xEE), Color32::from_gray(0x40)),
    };
    if dark { deep } else { light }
}
