//! 体检 Checklist: the required-content check as a table (requirement × report). Each cell is
//! coloured by its status; a cell with passages opens the first of them in 全文 Report; a
//! secondary click writes a note on it ("已核实", "问一下县司法局"), marked 【注】 and carried into every
//! export. The rows are built once per comparison by the engine (`check::rows`); this view only
//! paints them and looks their notes up.

use egui::{Color32, RichText, Sense, Vec2};

use crate::check::{Cell, Row};
use crate::model::{ReportInfo, Status};

use super::{Command, Compared, ViewState};

/// The note window's contents while it is open.
pub struct NoteEdit {
    pub key: String,
    /// What is annotated ("常州市 2024 · 存在的不足和原因").
    pub title: String,
    pub text: String,
}

type Notes = std::collections::BTreeMap<String, String>;

const CELL: Vec2 = Vec2::new(150.0, 24.0);

pub fn checklist_ui(
    ui: &mut egui::Ui,
    compared: &Compared,
    notes: &Notes,
    view: &mut ViewState,
) -> Option<Command> {
    let mut out = note_window_ui(ui.ctx(), view);
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
                            egui::Label::new(RichText::new(info.display_name()).strong())
                                .truncate(),
                        )
                        .on_hover_text(&info.source);
                    }
                    ui.end_row();
                    for row in &compared.checklist {
                        row_ui(ui, row, compared, notes, view, &mut out);
                        ui.end_row();
                    }
                });
        });
    out
}

fn row_ui(
    ui: &mut egui::Ui,
    row: &Row,
    compared: &Compared,
    notes: &Notes,
    view: &mut ViewState,
    out: &mut Option<Command>,
) {
    ui.label(&row.label);
    let dark = ui.visuals().dark_mode;
    for (report, cell) in row.cells.iter().enumerate() {
        // Every cell takes clicks: the secondary one writes a note.
        let sense = Sense::click();
        let note = notes.get(&cell.key);
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
        let shown = if note.is_some() {
            // The embedded font has no ✎: 注 marks a noted cell.
            format!("【注】{}", cell.text)
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
        let hover = match note {
            Some(n) => format!("{}\n{}\n批注: {n}", row.label, cell.text),
            None => format!(
                "{}\n{}\n右键写批注 right-click to add a note",
                row.label, cell.text
            ),
        };
        let response = response.on_hover_text(hover);
        let name = compared
            .comparison
            .reports
            .get(report)
            .map(ReportInfo::display_name)
            .unwrap_or_default();
        response.context_menu(|ui| {
            if ui.button("批注… Note…").clicked() {
                view.note_edit = Some(NoteEdit {
                    key: cell.key.clone(),
                    title: format!("{name} · {}", row.label),
                    text: note.cloned().unwrap_or_default(),
                });
                ui.close();
            }
        });
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

/// The note window: edit, save (an empty note removes it) or cancel.
fn note_window_ui(ctx: &egui::Context, view: &mut ViewState) -> Option<Command> {
    let mut out = None;
    let mut close = false;
    if let Some(edit) = &mut view.note_edit {
        egui::Window::new("批注 Note")
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.weak(&edit.title);
                ui.add(
                    egui::TextEdit::multiline(&mut edit.text)
                        .hint_text("已核实 / 问一下县司法局 …")
                        .desired_rows(3),
                );
                ui.horizontal(|ui| {
                    if ui.button("保存 Save").clicked() {
                        out = Some(Command::SetNote(edit.key.clone(), edit.text.clone()));
                        close = true;
                    }
                    if ui.button("删除 Delete").clicked() {
                        out = Some(Command::SetNote(edit.key.clone(), String::new()));
                        close = true;
                    }
                    if ui.button("取消 Cancel").clicked() {
                        close = true;
                    }
                });
            });
    }
    if close {
        view.note_edit = None;
    }
    out
}
