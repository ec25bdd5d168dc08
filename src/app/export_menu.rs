//! Export: the formats, the save dialog (run by `loader` on a thread) and a path box that
//! stays open as the fallback when no native dialog is available. The export itself runs on a
//! worker; the app shows where the file went, or why it failed.

use std::path::PathBuf;

use super::Command;
use super::state::State;

/// The formats, their extensions and menu labels are the engine's (one list for CLI and app).
pub use crate::export::Format as ExportFormat;

/// The export path box: shown while the native dialog is up and kept when it is unavailable.
pub struct ExportBox {
    pub format: ExportFormat,
    pub path: String,
}

impl ExportBox {
    pub fn new(format: ExportFormat, state: &State) -> Self {
        // Default next to the first open file, else in the working directory.
        let dir = state
            .compared
            .first()
            .and_then(|p| p.parent().map(PathBuf::from))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let path = dir.join(format!("duibi-comparison.{}", format.extension()));
        ExportBox {
            format,
            path: path.display().to_string(),
        }
    }

    pub fn file_name(&self) -> String {
        format!("duibi-comparison.{}", self.format.extension())
    }
}

pub fn export_box_ui(ctx: &egui::Context, export_box: &mut Option<ExportBox>) -> Option<Command> {
    let mut out = None;
    let mut close = false;
    if let Some(b) = export_box.as_mut() {
        egui::Window::new("导出 Export")
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label("格式 Format");
                    for format in ExportFormat::ALL {
                        if ui
                            .selectable_label(b.format == format, format.extension())
                            .clicked()
                        {
                            b.format = format;
                            let path = PathBuf::from(&b.path).with_extension(format.extension());
                            b.path = path.display().to_string();
                        }
                    }
                });
                ui.label("保存到 Save to:");
                let edit = ui.add(egui::TextEdit::singleline(&mut b.path).desired_width(420.0));
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("导出 Export").clicked() || enter {
                        let path = PathBuf::from(b.path.trim());
                        let path = if path.extension().is_none() {
                            path.with_extension(b.format.extension())
                        } else {
                            path
                        };
                        out = Some(Command::Export(path));
                        close = true;
                    }
                    if ui.button("取消 Cancel").clicked() {
                        close = true;
                    }
                });
            });
    }
    if close {
        *export_box = None;
    }
    out
}
