//! Notes in the app: one window edits the note under a key, whichever view asked for it (a
//! checklist cell, an indicator value, a commitment, a paired row); views add the menu entry with
//! `note_button` and mark noted items with `MARK`. Keys come from `crate::notes::Target`.

use super::{Command, ViewState};

/// Put before a noted item's text (the embedded font has no ✎).
pub const MARK: &str = "【注】";

/// The note window's contents while it is open.
pub struct NoteEdit {
    pub key: String,
    /// What is annotated ("常州市 2024 · 存在的不足和原因").
    pub title: String,
    pub text: String,
}

/// "批注… Note…" in a context menu: opens the note window on `key`.
pub fn note_button(
    ui: &mut egui::Ui,
    view: &mut ViewState,
    key: &str,
    title: String,
    existing: Option<&String>,
) {
    let label = if existing.is_some() {
        "修改批注… Edit note…"
    } else {
        "批注… Note…"
    };
    if ui.button(label).clicked() {
        view.note_edit = Some(NoteEdit {
            key: key.to_string(),
            title,
            text: existing.cloned().unwrap_or_default(),
        });
        ui.close();
    }
}

/// The hover text of an item, with its note when it has one.
pub fn hover_with_note(hover: String, note: Option<&String>) -> String {
    match note {
        Some(n) => format!("{hover}\n批注 note: {n}"),
        None => format!("{hover}\n右键写批注 right-click to add a note"),
    }
}

/// The note window: edit, save (an empty note removes it) or cancel.
pub fn note_window_ui(ctx: &egui::Context, view: &mut ViewState) -> Option<Command> {
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
