//! The window chrome: menu bar, status bar, keyboard shortcuts, toasts and the Help windows.

use std::time::Duration;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::export_menu::ExportFormat;
use super::state::{State, Tab, Theme};
use super::{Command, ViewState};

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);

/// How long a toast stays on screen.
const TOAST_SECONDS: f64 = 6.0;

pub const SHORTCUTS: [(&str, &str); 8] = [
    ("Ctrl+O", "打开文件 Open files"),
    ("Ctrl+S", "保存工作区 Save workspace"),
    ("Ctrl+F", "搜索 Search all reports"),
    (
        "n / F7 / Alt+↓",
        "下一处差异 Next difference (side by side)",
    ),
    ("p / Shift+F7 / Alt+↑", "上一处差异 Previous difference"),
    ("Esc", "关闭搜索 Close search"),
    ("Ctrl+Q", "退出 Quit"),
    (
        "拖放 Drop",
        "拖入文件或文件夹 Drop files or folders anywhere",
    ),
];

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
        ui.menu_button("文件 File", |ui| {
            let missing = has_missing();
            if ui
                .add(egui::Button::new("打开… Open…").shortcut_text("Ctrl+O"))
                .clicked()
            {
                out.push(Command::OpenDialog);
            }
            if ui.button("打开路径… Open path…").clicked() {
                view.focus_path_box = true;
            }
            if ui.button("打开网址… Open address…").clicked() {
                view.focus_address_box = true;
            }
            ui.menu_button("最近打开 Open recent", |ui| {
                if state.recent.is_empty() {
                    ui.weak("（无）(none)");
                }
                for path in &state.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        out.push(Command::Open(vec![path.clone()]));
                    }
                }
            });
            ui.separator();
            if ui.button("新建工作区 New workspace").clicked() {
                out.push(Command::NewWorkspace);
            }
            if ui.button("打开工作区… Open workspace…").clicked() {
                out.push(Command::OpenWorkspaceDialog);
            }
            ui.menu_button("最近的工作区 Recent workspaces", |ui| {
                if state.recent_workspaces.is_empty() {
                    ui.weak("（无）(none)");
                }
                for path in &state.recent_workspaces {
                    if ui.button(path.display().to_string()).clicked() {
                        out.push(Command::OpenWorkspace(path.clone()));
                    }
                }
            });
            if ui
                .add(egui::Button::new("保存工作区 Save workspace").shortcut_text("Ctrl+S"))
                .clicked()
            {
                out.push(Command::SaveWorkspace(state.workspace.clone()));
            }
            if ui.button("工作区另存为… Save workspace as…").clicked() {
                out.push(Command::SaveWorkspaceAs { copies: false });
            }
            if ui
                .button("另存为含报告副本的工作区… Save workspace with copies…")
                .on_hover_text("报告文件一并存入工作区，可单独发送 The report files go inside the workspace, so it can be mailed alone")
                .clicked()
            {
                out.push(Command::SaveWorkspaceAs { copies: true });
            }
            if ui
                .add_enabled(missing, egui::Button::new("查找缺失的报告… Locate missing reports…"))
                .on_hover_text("选择它们所在的文件夹，按文件名重新关联 Choose the folder they are in; they are relinked by name")
                .clicked()
            {
                out.push(Command::LocateMissingDialog);
            }
            ui.separator();
            if ui
                .add(egui::Button::new("退出 Quit").shortcut_text("Ctrl+Q"))
                .clicked()
            {
                out.push(Command::Quit);
            }
        });
        ui.menu_button("视图 View", |ui| {
            for tab in Tab::ALL {
                if ui.radio(state.tab == tab, tab.label()).clicked() {
                    out.push(Command::ShowTab(tab));
                }
            }
            ui.separator();
            if ui
                .add(egui::Button::new("搜索 Search").shortcut_text("Ctrl+F"))
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
                ("放大 Zoom in", "Ctrl+Plus", zoom + 0.1),
                ("缩小 Zoom out", "Ctrl+Minus", zoom - 0.1),
                ("实际大小 Actual size", "Ctrl+0", 1.0),
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
            for (theme, label) in [
                (Theme::System, "跟随系统 System theme"),
                (Theme::Light, "浅色 Light"),
                (Theme::Dark, "深色 Dark"),
            ] {
                if ui.radio(state.theme == theme, label).clicked() {
                    out.push(Command::SetTheme(theme));
                }
            }
        });
        ui.menu_button("导出 Export", |ui| {
            for format in ExportFormat::ALL {
                if ui
                    .add_enabled(can_export, egui::Button::new(format.label()))
                    .clicked()
                {
                    out.push(Command::ExportDialog(format));
                }
            }
            if !can_export {
                ui.weak("先勾选报告 Check reports first");
            }
        });
        ui.menu_button("帮助 Help", |ui| {
            if ui.button("关于 About duibi").clicked() {
                view.show_about = true;
            }
            if ui.button("快捷键 Shortcuts").clicked() {
                view.show_shortcuts = true;
            }
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let dark = ui.visuals().dark_mode;
            let (label, next) = if dark {
                ("浅色 Light", Theme::Light)
            } else {
                ("深色 Dark", Theme::Dark)
            };
            if ui
                .button(label)
                .on_hover_text("切换主题 Switch theme")
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
            format!("{} reports", s.reports),
            format!("{} compared", s.compared),
        ];
        if s.loading > 0 {
            parts.push(format!(
                "analyzing {} / {}",
                s.reports - s.loading,
                s.reports
            ));
        } else if let Some(t) = s.analyzed_in {
            parts.push(format!("analyzed in {:.2} s", t.as_secs_f64()));
        }
        if let Some(t) = s.compared_in {
            parts.push(format!("compared in {:.2} s", t.as_secs_f64()));
        }
        if let Some(ms) = s.frame_ms {
            parts.push(format!("frame {ms:.1} ms"));
        }
        if s.loading > 0 || s.comparing || s.exporting {
            ui.spinner();
        }
        ui.label(parts.join(" · "));
        if s.comparing {
            ui.weak("· comparing…");
        }
        if s.exporting {
            ui.weak("· exporting…");
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
    egui::Window::new("关于 About duibi")
        // Centred, like the other dialogs: the default position put it over the menu bar.
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .open(&mut view.show_about)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading("duibi 对比");
            ui.label("对比各地法治政府建设年度报告 — compare local-government rule-of-law reports side by side.");
            ui.label(format!("version {}", env!("CARGO_PKG_VERSION")));
            ui.weak("CJK font: WenQuanYi Micro Hei (Apache-2.0)");
        });
    egui::Window::new("快捷键 Shortcuts")
        // Centred, like the other dialogs: the default position put it over the menu bar.
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .open(&mut view.show_shortcuts)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for (keys, what) in SHORTCUTS {
                    ui.monospace(keys);
                    ui.label(what);
                    ui.end_row();
                }
            });
        });
}
