//! The window chrome: menu bar, status bar, keyboard shortcuts, toasts and the Help windows.

use std::time::Duration;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::export_menu::ExportFormat;
use super::state::{State, Tab, Theme};
use super::{Command, ViewState};
use crate::app::text;

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);

/// How long a toast stays on screen.
const TOAST_SECONDS: f64 = 6.0;

/// The keys and what they do, in the current language (the Shortcuts window).
pub fn shortcuts_table() -> [(&'static str, &'static str); 8] {
    [
        ("Ctrl+O", text::OPEN_FILES.get()),
        ("Ctrl+S", text::SAVE_WORKSPACE.get()),
        ("Ctrl+F", text::SEARCH_ALL_REPORTS.get()),
        ("n / F7 / Alt+↓", text::NEXT_DIFFERENCE.get()),
        ("p / Shift+F7 / Alt+↑", text::PREVIOUS_DIFFERENCE.get()),
        ("Esc", text::CLOSE_SEARCH.get()),
        ("Ctrl+Q", text::QUIT.get()),
        (text::DROP.get(), text::DROP_HINT.get()),
    ]
}

pub fn shortcuts(ctx: &egui::Context, view: &mut ViewState, state: &State) -> Vec<Command> {
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        if i.consume_shortcut(&OPEN) {
            out.push(Command::OpenDialog);
        }
        if i.consume_shortcut(&SAVE) {
            out.push(Command::SaveWorkspace(state.workspace.clone()));
        }
        if i.consume_shortcut(&QUIT) {
            out.push(Command::Quit);
        }
        if i.consume_shortcut(&FIND) {
            view.search.open = true;
            view.search.focus = true;
        }
        if view.search.open && i.key_pressed(Key::Escape) {
            view.search.open = false;
        }
    });
    out
}

pub fn apply_theme(ctx: &egui::Context, theme: Theme) {
    ctx.set_theme(match theme {
        Theme::System => egui::ThemePreference::System,
        Theme::Light => egui::ThemePreference::Light,
        Theme::Dark => egui::ThemePreference::Dark,
    });
}

pub fn menu_bar_ui(
    ui: &mut egui::Ui,
    state: &mut State,
    view: &mut ViewState,
    can_export: bool,
    // Whether some open file is no longer on disk: asked only while the File menu is open (a
    // file-system check per open file is not for every frame).
    has_missing: &dyn Fn() -> bool,
) -> Vec<Command> {
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(text::FILE.get(), |ui| {
            let missing = has_missing();
            if ui
                .add(egui::Button::new(text::OPEN_DIALOG.get()).shortcut_text("Ctrl+O"))
                .clicked()
            {
                out.push(Command::OpenDialog);
            }
            if ui.button(text::OPEN_PATH.get()).clicked() {
                view.focus_path_box = true;
            }
            if ui.button(text::OPEN_ADDRESS.get()).clicked() {
                view.focus_address_box = true;
            }
            ui.menu_button(text::OPEN_RECENT.get(), |ui| {
                if state.recent.is_empty() {
                    ui.weak(text::NONE_YET.get());
                }
                for path in &state.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        out.push(Command::Open(vec![path.clone()]));
                    }
                }
            });
            ui.separator();
            if ui.button(text::NEW_WORKSPACE.get()).clicked() {
                out.push(Command::NewWorkspace);
            }
            if ui.button(text::OPEN_WORKSPACE.get()).clicked() {
                out.push(Command::OpenWorkspaceDialog);
            }
            ui.menu_button(text::RECENT_WORKSPACES.get(), |ui| {
                if state.recent_workspaces.is_empty() {
                    ui.weak(text::NONE_YET.get());
                }
                for path in &state.recent_workspaces {
                    if ui.button(path.display().to_string()).clicked() {
                        out.push(Command::OpenWorkspace(path.clone()));
                    }
                }
            });
            if ui
                .add(egui::Button::new(text::SAVE_WORKSPACE.get()).shortcut_text("Ctrl+S"))
                .clicked()
            {
                out.push(Command::SaveWorkspace(state.workspace.clone()));
            }
            if ui.button(text::SAVE_WORKSPACE_AS.get()).clicked() {
                out.push(Command::SaveWorkspaceAs { copies: false });
            }
            if ui
                .button(text::SAVE_WORKSPACE_WITH_COPIES.get())
                .on_hover_text(text::COPIES_GO_INSIDE_HINT.get())
                .clicked()
            {
                out.push(Command::SaveWorkspaceAs { copies: true });
            }
            if ui
                .add_enabled(
                    missing,
                    egui::Button::new(text::LOCATE_MISSING_REPORTS.get()),
                )
                .on_hover_text(text::LOCATE_MISSING_HINT.get())
                .clicked()
            {
                out.push(Command::LocateMissingDialog);
            }
            ui.separator();
            if ui
                .add(egui::Button::new(text::QUIT.get()).shortcut_text("Ctrl+Q"))
                .clicked()
            {
                out.push(Command::Quit);
            }
        });
        ui.menu_button(text::VIEW.get(), |ui| {
            for tab in Tab::ALL {
                if ui.radio(state.tab == tab, tab.label()).clicked() {
                    out.push(Command::ShowTab(tab));
                }
            }
            ui.separator();
            if ui
                .add(egui::Button::new(text::SEARCH.get()).shortcut_text("Ctrl+F"))
                .clicked()
            {
                view.search.open = true;
                view.search.focus = true;
            }
            ui.separator();
            // egui zooms on these keys itself (and stores the factor with the window); the menu
            // makes them findable.
            let zoom = ui.ctx().zoom_factor();
            for (label, keys, to) in [
                (text::ZOOM_IN.get(), "Ctrl+Plus", zoom + 0.1),
                (text::ZOOM_OUT.get(), "Ctrl+Minus", zoom - 0.1),
                (text::ACTUAL_SIZE.get(), "Ctrl+0", 1.0),
            ] {
                if ui
                    .add(egui::Button::new(label).shortcut_text(keys))
                    .clicked()
                {
                    let range = super::storage_guard::ZOOM_RANGE;
                    ui.ctx()
                        .set_zoom_factor(to.clamp(*range.start(), *range.end()));
                }
            }
            ui.separator();
            ui.menu_button(text::LANGUAGE.get(), |ui| {
                for language in text::Language::ALL {
                    if ui
                        .radio(state.language == language, language.name())
                        .clicked()
                    {
                        out.push(Command::SetLanguage(language));
                        ui.close();
                    }
                }
            });
            ui.separator();
            for (theme, label) in [
                (Theme::System, text::SYSTEM_THEME.get()),
                (Theme::Light, text::LIGHT.get()),
                (Theme::Dark, text::DARK.get()),
            ] {
                if ui.radio(state.theme == theme, label).clicked() {
                    out.push(Command::SetTheme(theme));
                }
            }
        });
        ui.menu_button(text::EXPORT.get(), |ui| {
            for format in ExportFormat::ALL {
                if ui
                    .add_enabled(can_export, egui::Button::new(text::export_format(format)))
                    .clicked()
                {
                    out.push(Command::ExportDialog(format));
                }
            }
            if !can_export {
                ui.weak(text::CHECK_REPORTS_FIRST.get());
            }
        });
        ui.menu_button(text::HELP.get(), |ui| {
            if ui.button(text::ABOUT_DUIBI.get()).clicked() {
                view.show_about = true;
            }
            if ui.button(text::SHORTCUTS.get()).clicked() {
                view.show_shortcuts = true;
            }
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let dark = ui.visuals().dark_mode;
            let (label, next) = if dark {
                (text::LIGHT.get(), Theme::Light)
            } else {
                (text::DARK.get(), Theme::Dark)
            };
            if ui
                .button(label)
                .on_hover_text(text::SWITCH_THEME.get())
                .clicked()
            {
                out.push(Command::SetTheme(next));
            }
        });
    });
    out
}

/// What the status bar reports; gathered by the app so this module needs no app internals.
pub struct Status {
    pub reports: usize,
    pub loading: usize,
    pub compared: usize,
    pub analyzed_in: Option<Duration>,
    pub compared_in: Option<Duration>,
    pub comparing: bool,
    pub exporting: bool,
    pub frame_ms: Option<f32>,
}

pub fn status_bar_ui(ui: &mut egui::Ui, s: &Status) {
    ui.horizontal(|ui| {
        let mut parts = vec![
            text::STATUS_REPORTS.fill(&[&s.reports]),
            text::STATUS_COMPARED.fill(&[&s.compared]),
        ];
        if s.loading > 0 {
            parts.push(text::STATUS_ANALYZING.fill(&[&(s.reports - s.loading), &s.reports]));
        } else if let Some(t) = s.analyzed_in {
            parts.push(text::STATUS_ANALYZED_IN.fill(&[&format!("{:.2}", t.as_secs_f64())]));
        }
        if let Some(t) = s.compared_in {
            parts.push(text::STATUS_COMPARED_IN.fill(&[&format!("{:.2}", t.as_secs_f64())]));
        }
        if let Some(ms) = s.frame_ms {
            parts.push(text::STATUS_FRAME.fill(&[&format!("{ms:.1}")]));
        }
        if s.loading > 0 || s.comparing || s.exporting {
            ui.spinner();
        }
        ui.label(parts.join(" · "));
        if s.comparing {
            ui.weak(text::STATUS_COMPARING.get());
        }
        if s.exporting {
            ui.weak(text::STATUS_EXPORTING.get());
        }
    });
}

pub struct Toast {
    text: String,
    error: bool,
    /// Set on first draw, from egui's clock (so tests with mocked time stay deterministic).
    until: Option<f64>,
}

impl Toast {
    pub fn new(text: String, error: bool) -> Self {
        Toast {
            text,
            error,
            until: None,
        }
    }
}

pub fn toasts_ui(ctx: &egui::Context, toasts: &mut Vec<Toast>) {
    let now = ctx.input(|i| i.time);
    toasts.retain(|t| t.until.is_none_or(|u| u > now));
    if toasts.is_empty() {
        return;
    }
    egui::Area::new(egui::Id::unique("toasts"))
        .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -36.0])
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            for toast in toasts.iter_mut() {
                let until = *toast.until.get_or_insert(now + TOAST_SECONDS);
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(480.0);
                    let colour = if toast.error {
                        ui.visuals().error_fg_color
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.label(egui::RichText::new(&toast.text).color(colour));
                });
                ctx.request_repaint_after(Duration::from_secs_f64((until - now).max(0.05)));
            }
        });
}

pub fn about_windows_ui(ctx: &egui::Context, view: &mut ViewState) {
    egui::Window::new(text::ABOUT_DUIBI.get())
        // Centred, like the other dialogs: the default position put it over the menu bar.
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .open(&mut view.show_about)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading("duibi 对比");
            ui.label(text::ABOUT_LINE.get());
            ui.label(text::VERSION.fill(&[&env!("CARGO_PKG_VERSION")]));
            ui.weak(text::FONT_CREDIT.get());
        });
    egui::Window::new(text::SHORTCUTS.get())
        // Centred, like the other dialogs: the default position put it over the menu bar.
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .open(&mut view.show_shortcuts)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for (keys, what) in shortcuts_table() {
                    ui.monospace(keys);
                    ui.label(what);
                    ui.end_row();
                }
            });
        });
}
