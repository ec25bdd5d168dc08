//! 体检 Checklist: the required-content check as a table (requirement × report). Each cell is
//! coloured by its status; a cell with passages opens the first of them in 全文 Report. The rows
//! are built once per comparison by the engine (`check::rows`); this view only paints them.

use egui::{Color32, RichText, Sense, Vec2};

use crate::check::{Cell, Row};
use crate::model::Status;

use super::overview::report_label;
use super::{Command, Compared};

const CELL: Vec2 = Vec2::new(150.0, 24.0);

pub fn checklist_ui(ui: &mut egui::Ui, compared: &Compared) -> Option<Command> {
    let mut out = None;
    ui.weak(format!(
        "依据 {} · 点击单元格查看原文 click a cell to read its passages",
        crate::check::loaded_rules().source
    ));
    ui.separator();
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("checklist")
                .spacing([3.0, 3.0])
                .show(ui, |ui| {
                    ui.label("");
                    for info in &compared.comparison.reports {
                        ui.add_sized(
                            CELL,
                            egui::Label::new(RichText::new(report_label(info)).strong()).truncate(),
                        )
                        .on_hover_text(&info.source);
                    }
                    ui.end_row();
                    for row in &compared.checklist {
                        row_ui(ui, row, compared, &mut out);
                        ui.end_row();
                    }
                });
        });
    out
}

fn row_ui(ui: &mut egui::Ui, row: &Row, compared: &Compared, out: &mut Option<Command>) {
    ui.label(&row.label);
    let dark = ui.visuals().dark_mode;
    for (report, cell) in row.cells.iter().enumerate() {
        let sense = if cell.passages.is_empty() {
            Sense::hover()
        } else {
            Sense::click()
        };
        let (rect, response) = ui.allocate_exact_size(CELL, sense);
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
        painter.with_clip_rect(rect.shrink(2.0)).text(
            rect.left_center() + Vec2::new(6.0, 0.0),
            egui::Align2::LEFT_CENTER,
            &cell.text,
            egui::FontId::proportional(13.0),
            ui.visuals().text_color(),
        );
        let response = response.on_hover_text(format!("{}\n{}", row.label, cell.text));
        if response.clicked()
            && let (Some(&passage), Some(path)) =
                (cell.passages.first(), compared.paths.get(report))
        {
            *out = Some(Command::ShowPassage {
                path: path.clone(),
                passage,
            });
        }
    }
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
