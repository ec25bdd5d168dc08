//! Notes in the app: one window edits the note under a key, whichever view asked for it (a
//! checklist cell, an indicator value, a commitment, a paired row); views add the menu entry with
//! `note_button` and mark noted items with `MARK`. Keys come from `crate::notes::Target`.

use super::{Command, ViewState};
use crate::app::text;

/// Put before a noted item's text (the embedded font has no ✎).
pub const MARK: &str = "【注】";

/// The note window's contents while it is open.
pub struct NoteEdit {
    pub key: String,
    /// What is annotated ("常州市 2024 · 存在的不足和原因").
    pub title: String,
    pub text: String,
}

/// text::NOTE_MENU.get() in a context menu: opens the note window on `key`.
pub fn note_button(
    ui: &mut egui::Ui,
    view: &mut ViewState,
    key: &str,
    title: String,
    existing: Option<&String>,
) {
    let label = if existing.is_some() {
        text::EDIT_NOTE.get()
    } else {
        text::NOTE_MENU.get()
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
        Some(n) => hover + &text::NOTE_ON_HOVER.fill(&[n]),
        None => hover + text::NOTE_HINT.get(),
    }
}

/// The note window: edit, save (an empty note removes it) or cancel.
pub fn note_window_ui(ctx: &egui::Context, view: &mut ViewState) -> Option<Command> {
    let mut out = None;
    let mut close = false;
    if let Some(edit) = &mut view.note_edit {
        egui::Window::new(text::NOTE_TITLE.get())
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.weak(&edit.title);
                ui.add(
                    egui::TextEdit::multiline(&mut edit.text)
                        .hint_text(text::NOTE_EXAMPLE.get())
                        .desired_rows(3),
                );
                ui.horizontal(|ui| {
                    if ui.button(text::SAVE.get()).clicked() {
                        out = Some(Command::SetNote(edit.key.clone(), edit.text.clone()));
                        close = true;
                    }
                    if ui.button(text::DELETE.get()).clicked() {
                        out = Some(Command::SetNote(edit.key.clone(), String::new()));
                        close = true;
                    }
                    if ui.button(text::CANCEL.get()).clicked() {
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
