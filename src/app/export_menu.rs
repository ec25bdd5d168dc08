//! Export: the formats, the save dialog (run by `loader` on a thread) and a path box that
//! stays open as the fallback when no native dialog is available. The export itself runs on a
//! worker; the app shows where the file went, or why it failed.

use std::path::PathBuf;

use super::Command;
use super::state::State;
use crate::app::text;

/// The formats, their extensions and menu labels are the engine's (one list for CLI and app).
pub use crate::export::Format as ExportFormat;

/// The export path box: shown while the native dialog is up and kept when it is unavailable.
pub struct ExportBox {
    pub format: ExportFormat,
    pub path: String,
}

impl ExportBox {
    /// `names` are the compared reports' display names (region and year), for the file name.
    pub fn new(format: ExportFormat, state: &State, names: &[String]) -> Self {
        // Where the last export went, else next to the first compared file, else here.
        let dir = state
            .last_export_dir
            .clone()
            .filter(|d| d.is_dir())
            .or_else(|| {
                state
                    .compared
                    .first()
                    .and_then(|p| p.parent().map(PathBuf::from))
            })
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let path = dir.join(file_name(names, format));
        ExportBox {
            format,
            path: path.display().to_string(),
        }
    }

    /// The file name part of `path` (what the native dialog proposes).
    pub fn file_name(&self) -> String {
        std::path::Path::new(&self.path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The folder part of `path` (where the native dialog opens).
    pub fn dir(&self) -> Option<PathBuf> {
        std::path::Path::new(&self.path).parent().map(PathBuf::from)
    }
}

/// "常州市新北区2019_常州市2024_对比.html": the reports compared, by region and year, as a
/// reviewer files them; "常州市新北区2019等12份_对比.html" for more than three.
pub fn file_name(names: &[String], format: ExportFormat) -> String {
    let clean = |n: &String| -> String {
        n.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
            .collect()
    };
    let stem = match names {
        [] => "duibi".to_string(),
        [..] if names.len() <= 3 => names.iter().map(clean).collect::<Vec<_>>().join("_"),
        [first, ..] => format!("{}等{}份", clean(first), names.len()),
    };
    format!("{stem}_对比.{}", format.extension())
}

pub fn export_box_ui(ctx: &egui::Context, export_box: &mut Option<ExportBox>) -> Option<Command> {
    let mut out = None;
    let mut close = false;
    if let Some(b) = export_box.as_mut() {
        egui::Window::new(text::EXPORT.get())
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label(text::FORMAT.get());
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
                ui.label(text::SAVE_TO.get());
                let edit = ui.add(egui::TextEdit::singleline(&mut b.path).desired_width(420.0));
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button(text::EXPORT.get()).clicked() || enter {
                        let path = PathBuf::from(b.path.trim());
                        let path = if path.extension().is_none() {
                            path.with_extension(b.format.extension())
                        } else {
                            path
                        };
                        out = Some(Command::Export(path));
                        close = true;
                    }
                    if ui.button(text::CANCEL.get()).clicked() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_which_reports() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            file_name(
                &names(&["常州市新北区 2019", "常州市 2024"]),
                ExportFormat::Html
            ),
            "常州市新北区2019_常州市2024_对比.html"
        );
        let many: Vec<String> = (0..12).map(|i| format!("某县 {}", 2010 + i)).collect();
        assert_eq!(
            file_name(&many, ExportFormat::Xlsx),
            "某县2010等12份_对比.xlsx"
        );
        assert_eq!(
            file_name(&names(&["a/b: c?"]), ExportFormat::Csv),
            "a_b_c__对比.csv"
        );
        assert_eq!(file_name(&[], ExportFormat::Json), "duibi_对比.json");
    }
}
