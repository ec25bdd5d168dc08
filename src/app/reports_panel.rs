//! The left panel: one row per open file (checkbox = compared, region, year, script, errors,
//! progress), the Open button, a path box (for systems without a file-dialog portal) and the
//! drop-anywhere overlay; plus the small window that edits a report's region/year.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use egui::{Color32, RichText};

use crate::model::Script;

use super::state::{MetaOverride, SortBy, State};
use super::{Command, Loaded, ViewState};
use crate::app::text;

/// The region/year being edited for one file (text as typed, validated on save).
pub struct MetaEdit {
    pub path: PathBuf,
    pub region: String,
    pub year: String,
}

pub fn reports_panel_ui(
    ui: &mut egui::Ui,
    loaded: &[Loaded],
    state: &State,
    view: &mut ViewState,
) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.heading(text::REPORTS.get());
        ui.weak(format!("{}", loaded.len()));
    });
    let loading = loaded.iter().filter(|l| l.is_loading()).count();
    if loading > 0 {
        let done = loaded.len() - loading;
        ui.add(
            egui::ProgressBar::new(done as f32 / loaded.len().max(1) as f32)
                .text(text::ANALYZING_PROGRESS.fill(&[&done, &loaded.len()]))
                .animate(true),
        );
    }
    if loaded.len() > 1 {
        ui.horizontal(|ui| {
            out.extend(select_menu_ui(ui, loaded, state));
            out.extend(sort_menu_ui(ui, state));
        });
    }
    let failed: Vec<&Loaded> = loaded.iter().filter(|l| l.error().is_some()).collect();
    if !failed.is_empty()
        && ui
            .small_button(text::REMOVE_FAILED.fill(&[&failed.len()]))
            .clicked()
    {
        out.extend(failed.iter().map(|l| Command::Remove(l.path.clone())));
    }
    ui.separator();
    let footer_height = 124.0;
    // One line per item, so only the lines on screen are laid out (thousands of reports).
    let lines: Vec<Line> = sorted(loaded, state)
        .into_iter()
        .flat_map(|entry| {
            let error = entry.error().is_some().then_some(Line::Error(entry));
            std::iter::once(Line::Report(entry)).chain(error)
        })
        .collect();
    let duplicates = duplicate_names(loaded, state);
    let line_height = line_height(ui);
    egui::ScrollArea::vertical()
        .max_height((ui.available_height() - footer_height).max(60.0))
        .auto_shrink([false, true])
        .show_rows(ui, line_height, lines.len(), |ui, range| {
            for line in lines.get(range).unwrap_or_default() {
                match line {
                    Line::Report(entry) => {
                        let duplicate = duplicates.contains(&entry.path);
                        out.extend(report_row_ui(
                            ui,
                            entry,
                            state,
                            view,
                            duplicate,
                            line_height,
                        ));
                    }
                    Line::Error(entry) => error_line_ui(ui, entry, line_height),
                }
            }
        });
    if loaded.is_empty() {
        ui.weak(text::NO_REPORTS_OPEN_YET.get());
    }
    ui.separator();
    out.extend(open_controls_ui(ui, view));
    out
}

/// A line of the list: a report's row, or the error under a failed one.
enum Line<'a> {
    Report(&'a Loaded),
    Error(&'a Loaded),
}

/// Every line of the list is this tall (a checkbox, or a line of CJK text, with a little air).
fn line_height(ui: &egui::Ui) -> f32 {
    ui.spacing()
        .interact_size
        .y
        .max(ui.text_style_height(&egui::TextStyle::Body))
        + 2.0
}

/// The error of a failed file, on one line (the whole text on hover).
fn error_line_ui(ui: &mut egui::Ui, entry: &Loaded, height: f32) {
    let Some(err) = entry.error() else { return };
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::hover(),
    );
    let indent = ui.spacing().indent;
    let mut line = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.with_min_x(rect.min.x + indent))
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
    );
    line.add(egui::Label::new(RichText::new(err).color(line.visuals().error_fg_color)).truncate())
        .on_hover_text(err);
}

/// The name a row shows: the corrected region and year when the user edited them.
fn shown_name(entry: &Loaded, state: &State) -> Option<(String, Option<i32>)> {
    let report = entry.report.as_ref().filter(|r| r.error.is_none())?;
    let meta = state.overrides.get(&entry.path);
    let region = meta
        .and_then(|m| m.region.clone())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| report.region.clone());
    Some((region, meta.and_then(|m| m.year).or(report.year)))
}

/// Readable reports that share their region and year with another one ("duplicate?").
fn duplicate_names<'a>(loaded: &'a [Loaded], state: &State) -> HashSet<&'a PathBuf> {
    // Drawn every frame: one pass to count each name, one to pick the shared ones (linear, so a
    // list of thousands stays cheap).
    let names: Vec<(&PathBuf, (String, Option<i32>))> = loaded
        .iter()
        .filter_map(|l| shown_name(l, state).map(|n| (&l.path, n)))
        .filter(|(_, (region, _))| !region.is_empty())
        .collect();
    let mut counts: HashMap<&(String, Option<i32>), usize> = HashMap::new();
    for (_, n) in &names {
        *counts.entry(n).or_default() += 1;
    }
    names
        .iter()
        .filter(|(_, n)| counts.get(n).is_some_and(|&c| c > 1))
        .map(|(p, _)| *p)
        .collect()
}

/// The province of a readable report, when the analysis knows it.
fn province(entry: &Loaded) -> Option<&str> {
    entry
        .report
        .as_ref()
        .filter(|r| r.error.is_none())
        .map(|r| r.province.as_str())
        .filter(|p| !p.is_empty())
}

/// The list in the chosen order; ties (and unreadable files) keep the order they were opened in.
fn sorted<'a>(loaded: &'a [Loaded], state: &State) -> Vec<&'a Loaded> {
    let mut rows: Vec<&Loaded> = loaded.iter().collect();
    match state.sort {
        SortBy::Opened => {}
        SortBy::Region => rows.sort_by_cached_key(|l| {
            shown_name(l, state).map_or((1, String::new(), 0), |(r, y)| (0, r, y.unwrap_or(0)))
        }),
        SortBy::Province => rows.sort_by_cached_key(|l| {
            let (region, year) = shown_name(l, state).unwrap_or_default();
            (
                province(l).is_none(),
                province(l).unwrap_or_default().to_string(),
                region,
                year,
            )
        }),
        SortBy::Year => rows.sort_by_cached_key(|l| {
            shown_name(l, state).map_or((1, 0, String::new()), |(r, y)| (0, y.unwrap_or(0), r))
        }),
    }
    rows
}

fn select_menu_ui(ui: &mut egui::Ui, loaded: &[Loaded], state: &State) -> Option<Command> {
    let mut out = None;
    let readable: Vec<&Loaded> = loaded
        .iter()
        .filter(|l| l.report.as_ref().is_some_and(|r| r.error.is_none()))
        .collect();
    ui.menu_button(text::SELECT.get(), |ui| {
        let mut pick = |ui: &mut egui::Ui, label: &str, keep: &dyn Fn(&Loaded) -> bool| {
            if ui.button(label).clicked() {
                let set = readable
                    .iter()
                    .filter(|l| keep(l))
                    .map(|l| l.path.clone())
                    .collect();
                out = Some(Command::SetComparedSet(set));
                ui.close();
            }
        };
        pick(ui, text::SELECT_ALL.get(), &|_| true);
        pick(ui, text::SELECT_NONE.get(), &|_| false);
        pick(ui, text::SELECT_INVERT.get(), &|l| {
            !state.is_compared(&l.path)
        });
        let mut years: Vec<i32> = readable
            .iter()
            .filter_map(|l| shown_name(l, state).and_then(|(_, y)| y))
            .collect();
        years.sort_unstable();
        years.dedup();
        let mut provinces: Vec<&str> = readable.iter().filter_map(|l| province(l)).collect();
        provinces.sort_unstable();
        provinces.dedup();
        // Ten years and thirty provinces are taller than a laptop screen: the lists scroll
        // inside the menu, which stays on screen.
        let room = (ui.ctx().content_rect().height() - ui.cursor().min.y - 24.0).max(120.0);
        egui::ScrollArea::vertical()
            .id_salt("select_lists")
            .max_height(room)
            .show(ui, |ui| {
                if years.len() > 1 {
                    ui.separator();
                    for &year in &years {
                        pick(ui, &text::ONLY_YEAR.fill(&[&year]), &|l| {
                            shown_name(l, state).and_then(|(_, y)| y) == Some(year)
                        });
                    }
                }
                if provinces.len() > 1 {
                    ui.separator();
                    for &p in &provinces {
                        pick(ui, &text::ONLY_PROVINCE.fill(&[&p]), &|l| {
                            province(l) == Some(p)
                        });
                    }
                }
            });
    });
    out
}

fn sort_menu_ui(ui: &mut egui::Ui, state: &State) -> Option<Command> {
    let mut out = None;
    ui.menu_button(text::SORT_BY.fill(&[&state.sort.label()]), |ui| {
        for sort in SortBy::ALL {
            if ui.radio(state.sort == sort, sort.label()).clicked() {
                out = Some(Command::SetSort(sort));
                ui.close();
            }
        }
    });
    out
}

fn report_row_ui(
    ui: &mut egui::Ui,
    entry: &Loaded,
    state: &State,
    view: &mut ViewState,
    duplicate: bool,
    height: f32,
) -> Option<Command> {
    let mut out = None;
    // A file's name, or a web address's host and last part.
    let file_name = crate::display::source_name(&entry.path.to_string_lossy());
    let meta = state.overrides.get(&entry.path);
    // The row senses clicks (registered before its children, so the checkbox and label keep
    // theirs): a secondary click anywhere on it opens the row's menu. Its height is fixed, so the
    // list can lay out only the rows on screen.
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::click(),
    );
    let mut row = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect)
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
    );
    let ui = &mut row;
    let mut checked = state.is_compared(&entry.path);
    let enabled = entry.report.as_ref().is_some_and(|r| r.error.is_none());
    if ui
        .add_enabled(enabled, egui::Checkbox::without_text(&mut checked))
        .on_hover_text(text::INCLUDE_HINT.get())
        .changed()
    {
        out = Some(Command::SetCompared(entry.path.clone(), checked));
    }
    match &entry.report {
        None => {
            ui.spinner();
            // Not selectable: a secondary click reaches the row's menu.
            ui.add(egui::Label::new(&file_name).selectable(false));
            ui.weak(text::ANALYZING_ROW.get());
        }
        Some(report) if report.error.is_some() => {
            ui.label(
                RichText::new("！")
                    .strong()
                    .color(ui.visuals().error_fg_color),
            );
            // Not selectable: a secondary click reaches the row's menu.
            ui.add(egui::Label::new(&file_name).selectable(false));
        }
        Some(report) => {
            let region = meta
                .and_then(|m| m.region.as_deref())
                .filter(|r| !r.is_empty())
                .unwrap_or(&report.region);
            let year = meta.and_then(|m| m.year).or(report.year);
            let edited = meta.is_some();
            let name = crate::display::report_name(region, year, &file_name);
            let mut text = RichText::new(name);
            if edited {
                text = text.italics();
            }
            let label = ui
                .add(
                    egui::Label::new(text)
                        .sense(egui::Sense::click())
                        .truncate(),
                )
                .on_hover_text(format!(
                    "{}{}\n{}{}",
                    place_line(report),
                    report.title,
                    entry.path.display(),
                    text::DOUBLE_CLICK_TO_READ.get()
                ));
            if label.double_clicked() {
                out = Some(Command::ShowPassage {
                    path: entry.path.clone(),
                    passage: 0,
                });
            }
            // The label takes its own clicks, the secondary one included.
            label.context_menu(|ui| {
                if let Some(c) = row_menu_ui(ui, entry, meta, view) {
                    out = Some(c);
                }
            });
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let (script, hover) = match report.script {
                    Script::Simplified => {
                        (text::SIMPLIFIED_SHORT.get(), text::SIMPLIFIED_BADGE.get())
                    }
                    Script::Traditional => {
                        (text::TRADITIONAL_SHORT.get(), text::TRADITIONAL_BADGE.get())
                    }
                };
                ui.weak(script).on_hover_text(hover);
                if !report.format.is_empty() {
                    ui.weak(report.format.to_uppercase())
                        .on_hover_text(text::FILE_FORMAT.get());
                }
                if let Some(ocr) = report.ocr {
                    ui.label(
                        RichText::new("OCR")
                            .small()
                            .color(Color32::from_rgb(200, 140, 0)),
                    )
                    .on_hover_text(
                        text::OCR_HINT
                            .fill(&[&ocr.pages, &format!("{:.0}", ocr.confidence * 100.0)]),
                    );
                }
                if duplicate {
                    ui.label(
                        RichText::new(text::DUPLICATE_BADGE.get())
                            .small()
                            .color(Color32::from_rgb(200, 140, 0)),
                    )
                    .on_hover_text(text::DUPLICATE_HINT.get());
                }
                if !report.warnings.is_empty() {
                    ui.label(RichText::new("△").color(Color32::from_rgb(200, 140, 0)))
                        .on_hover_text(report.warnings.join("\n"));
                }
            });
        }
    }
    response.context_menu(|ui| {
        if let Some(c) = row_menu_ui(ui, entry, meta, view) {
            out = Some(c);
        }
    });
    out
}

/// The menu of one report row: edit its metadata, show it, read it, remove it.
fn row_menu_ui(
    ui: &mut egui::Ui,
    entry: &Loaded,
    meta: Option<&MetaOverride>,
    view: &mut ViewState,
) -> Option<Command> {
    let mut out = None;
    if entry.report.as_ref().is_some_and(|r| r.error.is_none()) {
        if ui.button(text::EDIT_REGION_YEAR_MENU.get()).clicked() {
            let report = entry.report.as_deref();
            view.meta_edit = Some(MetaEdit {
                path: entry.path.clone(),
                region: meta
                    .and_then(|m| m.region.clone())
                    .or_else(|| report.map(|r| r.region.clone()))
                    .unwrap_or_default(),
                year: meta
                    .and_then(|m| m.year)
                    .or_else(|| report.and_then(|r| r.year))
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
            });
            ui.close();
        }
        if ui.button(text::READ_FULL_TEXT.get()).clicked() {
            out = Some(Command::ShowPassage {
                path: entry.path.clone(),
                passage: 0,
            });
            ui.close();
        }
    }
    if entry.has_copy()
        && ui
            .button(text::SAVE_A_COPY_MENU.get())
            .on_hover_text(text::SAVE_A_COPY_HINT.get())
            .clicked()
    {
        out = Some(Command::SaveCopyDialog(entry.path.clone()));
        ui.close();
    }
    if entry.is_address() {
        if ui.button(text::OPEN_IN_BROWSER.get()).clicked() {
            open_with_desktop(entry.path.as_os_str());
            ui.close();
        }
    } else if ui.button(text::SHOW_IN_FOLDER.get()).clicked() {
        if let Some(dir) = entry.path.parent() {
            open_with_desktop(dir.as_os_str());
        }
        ui.close();
    }
    ui.separator();
    if ui.button(text::REMOVE.get()).clicked() {
        out = Some(Command::Remove(entry.path.clone()));
        ui.close();
    }
    out
}

/// A folder in the file manager, an address in the browser: what the desktop opens it with.
fn open_with_desktop(target: &std::ffi::OsStr) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    // Best effort: a desktop without a file manager simply does nothing.
    let _ = std::process::Command::new(opener).arg(target).spawn();
}

fn open_controls_ui(ui: &mut egui::Ui, view: &mut ViewState) -> Option<Command> {
    let mut out = None;
    if ui
        .add(egui::Button::new(text::OPEN_BUTTON.get()).shortcut_text("Ctrl+O"))
        .clicked()
    {
        out = Some(Command::OpenDialog);
    }
    // Without a folder dialog, the box asks for the folder of a workspace's missing reports.
    let hint = if view.path_box_locates {
        text::THEIR_FOLDER.get()
    } else {
        text::PATH_FILE_OR_FOLDER.get()
    };
    let edit = ui.add(
        egui::TextEdit::singleline(&mut view.path_box)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    );
    if view.focus_path_box {
        edit.request_focus();
        view.focus_path_box = false;
    }
    if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        let typed = view.path_box.trim();
        if !typed.is_empty() {
            let path = PathBuf::from(expand_home(typed));
            out = Some(if std::mem::take(&mut view.path_box_locates) {
                Command::LocateMissing(path)
            } else {
                Command::Open(vec![path])
            });
            view.path_box.clear();
        }
    }
    // Reports published as web pages: an address, fetched (a notice page leads to its attachment).
    let label = ui.label(text::OPEN_ADDRESS_LABEL.get());
    let address = ui
        .add(
            egui::TextEdit::singleline(&mut view.address_box)
                .hint_text("https://… ↵")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id)
        .on_hover_text(text::ADDRESS_HINT.get());
    if view.focus_address_box {
        address.request_focus();
        view.focus_address_box = false;
    }
    if address.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        let typed = view.address_box.trim();
        if !typed.is_empty() {
            out = Some(Command::Open(vec![PathBuf::from(address_of(typed))]));
            view.address_box.clear();
        }
    }
    ui.weak(text::DROP_FILES_HINT.get());
    out
}

/// What was typed in the address box as an address: `www.x.gov.cn/…` without a scheme is http
/// (a site that has https redirects there; many county sites have only http).
fn address_of(typed: &str) -> String {
    if crate::ingest::web::is_address(typed) {
        typed.to_owned()
    } else {
        format!("http://{typed}")
    }
}

/// `~/x` → `$HOME/x`, since people type paths the way their shell accepts them.
fn expand_home(typed: &str) -> String {
    match (typed.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => typed.to_owned(),
    }
}

pub fn drop_overlay_ui(ctx: &egui::Context) {
    let hovering = ctx.input(|i| !i.raw.hovered_files.is_empty());
    if !hovering {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text::DROP_TO_OPEN.get(),
        egui::FontId::proportional(28.0),
        Color32::WHITE,
    );
}

pub fn meta_edit_window_ui(ctx: &egui::Context, edit: &mut Option<MetaEdit>) -> Option<Command> {
    let mut out = None;
    let mut close = false;
    if let Some(e) = edit.as_mut() {
        egui::Window::new(text::EDIT_REGION_YEAR.get())
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.weak(e.path.display().to_string());
                egui::Grid::new("meta_grid").num_columns(2).show(ui, |ui| {
                    ui.label(text::REGION.get());
                    ui.text_edit_singleline(&mut e.region);
                    ui.end_row();
                    ui.label(text::YEAR.get());
                    ui.text_edit_singleline(&mut e.year);
                    ui.end_row();
                });
                let year = e.year.trim();
                let parsed = year
                    .parse::<i32>()
                    .ok()
                    .filter(|y| super::state::YEARS.contains(y));
                let year_ok = year.is_empty() || parsed.is_some();
                if !year_ok {
                    ui.colored_label(ui.visuals().error_fg_color, text::YEAR_FORMAT_HINT.get());
                }
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(year_ok, egui::Button::new(text::SAVE.get()))
                        .clicked()
                    {
                        let region = e.region.trim();
                        let meta = MetaOverride {
                            region: (!region.is_empty()).then(|| region.to_owned()),
                            year: parsed,
                        };
                        out = Some(Command::SetOverride(e.path.clone(), meta));
                        close = true;
                    }
                    if ui.button(text::RESET_TO_DETECTED.get()).clicked() {
                        out = Some(Command::SetOverride(
                            e.path.clone(),
                            MetaOverride::default(),
                        ));
                        close = true;
                    }
                    if ui.button(text::CANCEL.get()).clicked() {
                        close = true;
                    }
                });
            });
    }
    if close {
        *edit = None;
    }
    out
}

/// "福建省 · county\n" above the title in a report's tooltip; empty when neither is known.
fn place_line(report: &crate::model::Report) -> String {
    let parts: Vec<&str> = [report.province.as_str(), report.level.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}\n", parts.join(" · "))
    }
}
