//! The desktop app (egui/eframe): a thin shell over the engine. It owns the persisted `State`,
//! the loaded reports and the cached comparison; workers (`loader`) run the engine off the UI
//! thread, `logic()` collects their results, and the `*_ui` functions only draw and return
//! `Command`s, which `run_cmd` applies once per frame.
//!
//! | module          | job                                                             |
//! |-----------------|-----------------------------------------------------------------|
//! | `state`         | what is persisted (open files, selection, tab, theme, edits)    |
//! | `loader`        | worker threads and their messages; folder expansion; samples    |
//! | `engine`        | the only calls into the engine                                  |
//! | `fonts`, `style`| the bundled CJK font; palettes and diff text formats            |
//! | `menu`          | menu bar, status bar, keyboard shortcuts, toasts                |
//! | `reports_panel` | the left list of files, open/path box, metadata edits           |
//! | `overview` … `report_view` | one module per tab                                   |
//! | `search`        | Ctrl+F across all loaded reports (Traditional or Simplified)    |
//! | `export_menu`   | export formats, the save dialog and its path-box fallback       |
//! | `reading_log`   | files being read, on disk, so a crash mid-read is not repeated  |
//! | `storage_guard` | eframe's stored zoom and window checked before eframe uses them |

mod checklist;
mod commitments;
mod copied;
mod engine;
mod export_menu;
mod fonts;
mod indicators;
mod loader;
mod menu;
mod notes;
mod overview;
mod reading_log;
mod report_view;
mod reports_panel;
mod search;
mod side_by_side;
pub mod state;
mod storage_guard;
mod style;
pub mod text;
mod timeline;

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::model::{Comparison, CopiedSentence, Report};

pub use export_menu::ExportFormat;
use loader::{Msg, Pick, Workers};
pub use side_by_side::{MAP_LABEL, Mark, Row, Span};
pub use state::{MetaOverride, State, Tab, Theme};

/// eframe's name for the app, which also names its storage folder.
const APP_ID: &str = "duibi";
/// The app icon (256×256 PNG drawn by scripts/make-icon.sh).
pub const APP_ICON: &[u8] = include_bytes!("../../assets/icon/duibi.png");

/// Opens the window. With no `paths` it reopens the last session, or the bundled samples.
/// Analyses go through `cache` when given (see [`crate::cache`]).
pub fn run(paths: Vec<PathBuf>, cache: Option<crate::cache::Cache>) -> anyhow::Result<()> {
    let storage_dir = eframe::storage_dir(APP_ID);
    // Before eframe reads its storage: it sizes the window from it before the app exists.
    let notices = storage_dir
        .as_ref()
        .map(|dir| storage_guard::repair_file(&dir.join("app.ron")))
        .unwrap_or_default();
    let startup = Startup {
        reading_log: storage_dir.map(|dir| dir.join(reading_log::FILE_NAME)),
        notices,
        cache,
    };
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("duibi 对比")
        .with_app_id(APP_ID)
        .with_inner_size([1440.0, 900.0])
        .with_min_inner_size([720.0, 480.0])
        .with_drag_and_drop(true);
    // The icon the .deb installs for the desktop entry, also on the window (scripts/make-icon.sh).
    if let Ok(icon) = eframe::icon_data::from_png_bytes(APP_ICON) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| Ok(Box::new(DuibiApp::new(cc, paths, startup)))),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}

/// Everything a view or menu can ask the app to do; applied once, after drawing.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Files or folders (a folder opens every report file in it).
    Open(Vec<PathBuf>),
    OpenDialog,
    OpenBytes {
        name: PathBuf,
        bytes: Arc<[u8]>,
    },
    Remove(PathBuf),
    SetCompared(PathBuf, bool),
    /// Replace the compared set (select all / none / invert / by year).
    SetComparedSet(Vec<PathBuf>),
    SetSort(state::SortBy),
    /// Close every report and forget the workspace file.
    NewWorkspace,
    OpenWorkspaceDialog,
    OpenWorkspace(PathBuf),
    /// Save to this workspace file; None asks where (Save as).
    SaveWorkspace(Option<PathBuf>),
    /// Save as, with copies of the report files inside (`true`) or without (`false`).
    SaveWorkspaceAs {
        copies: bool,
    },
    /// Ask for the folder that holds the files not found, and relink them by name.
    LocateMissingDialog,
    /// Relink the files not found to the same names in this folder.
    LocateMissing(PathBuf),
    /// Ask for that folder in the path box (no folder dialog on this desktop).
    LocateMissingInPathBox,
    /// Set (or, with empty text, remove) the note kept under this key.
    SetNote(String, String),
    SetOverride(PathBuf, MetaOverride),
    ShowTab(Tab),
    /// Side by side: this file's column becomes the base.
    PinBase(PathBuf),
    /// Side by side: the columns in this order (the base first); empty: by year, then region.
    SetColumnOrder(Vec<PathBuf>),
    /// Side by side, at this topic.
    ShowTopic(String),
    /// Full-text view of this file, scrolled to this passage.
    ShowPassage {
        path: PathBuf,
        passage: usize,
    },
    ExportDialog(ExportFormat),
    /// Export the current comparison; the format follows the extension.
    Export(PathBuf),
    SetTheme(Theme),
    SetLanguage(text::Language),
    /// Ask where to save a copy of what this web address gave.
    SaveCopyDialog(PathBuf),
    /// Save a copy of what the web address `of` gave as the file `to`.
    SaveCopy {
        of: PathBuf,
        to: PathBuf,
    },
    /// Open the search panel with this query.
    Search(String),
    Quit,
}

/// What the app learns before it starts, besides the stored `State`.
#[derive(Debug, Default)]
pub struct Startup {
    /// Where files being read are logged (see `reading_log`); `None` keeps no log.
    pub reading_log: Option<PathBuf>,
    /// Repairs already made to stored values, to tell the user.
    pub notices: Vec<String>,
    /// The cache of analyses on disk; `None` analyzes every file it opens (tests, `--no-cache`).
    pub cache: Option<crate::cache::Cache>,
}

/// One open file: its report once analysis finished.
pub struct Loaded {
    pub path: PathBuf,
    pub report: Option<Arc<Report>>,
    /// Changes whenever the report is (re)analyzed; part of the comparison cache key.
    generation: u64,
    /// What a web address gave (the page, or the attachment it led to), for "save a copy".
    copy: Option<Arc<crate::ingest::web::Fetched>>,
}

impl Loaded {
    pub fn is_loading(&self) -> bool {
        self.report.is_none()
    }

    pub fn error(&self) -> Option<&str> {
        self.report.as_ref().and_then(|r| r.error.as_deref())
    }

    /// Whether this report came from a web address rather than a file.
    pub fn is_address(&self) -> bool {
        crate::ingest::web::is_address_path(&self.path)
    }

    /// Whether a copy of what its web address gave can be saved.
    pub fn has_copy(&self) -> bool {
        self.copy.is_some()
    }
}

/// The comparison of the checked reports, with the reports as compared (metadata edits applied).
pub struct Compared {
    key: u64,
    /// The key of the reports alone (the comparison's key less the base column's choice): what
    /// the copied sentences depend on.
    pub reports_key: u64,
    pub comparison: Arc<Comparison>,
    pub reports: Vec<Arc<Report>>,
    /// Column i of the comparison is this file.
    pub paths: Vec<PathBuf>,
    pub elapsed: Duration,
    /// Only the part of the comparison without sentence pairing (`align::preview`), shown while
    /// the pairing of many reports runs: pairs, commitments and follow-through are still empty.
    pub preview: bool,
    /// The required-content check as the 体检 tab shows it, built once per comparison.
    pub checklist: Vec<crate::check::Row>,
    /// Regions compared over several years, as the 历年 tab shows them.
    pub timelines: Vec<crate::align::timeline::Timeline>,
}

/// The copied sentences (模板句) of one set of compared reports (`Compared::reports_key`),
/// found when the 模板句 tab or an export first needs them.
pub struct CopiedFound {
    key: u64,
    pub sentences: Arc<Vec<CopiedSentence>>,
}

impl CopiedFound {
    /// The sentences, if they are those of `compared`'s reports.
    fn of(&self, compared: &Compared) -> Option<&Arc<Vec<CopiedSentence>>> {
        (self.key == compared.reports_key).then_some(&self.sentences)
    }
}

/// UI state that is not worth persisting (cursor positions, open dialogs, messages).
#[derive(Default)]
pub struct ViewState {
    pub path_box: String,
    pub focus_path_box: bool,
    /// The path box asks for the folder of missing reports (no folder dialog on this desktop).
    pub path_box_locates: bool,
    /// The 打开网址 Open address box.
    pub address_box: String,
    pub focus_address_box: bool,
    pub search: search::SearchState,
    pub diff_cursor: side_by_side::Cursor,
    /// Passage the full-text view should scroll to (and flash) on its next frame.
    pub report_scroll: Option<usize>,
    pub report_jobs: report_view::PassageJobs,
    pub meta_edit: Option<reports_panel::MetaEdit>,
    pub export_box: Option<export_menu::ExportBox>,
    pub toasts: Vec<menu::Toast>,
    pub show_about: bool,
    pub show_shortcuts: bool,
    pub timeline: timeline::TimelineView,
    pub copied: copied::CopiedView,
    pub overview: overview::OverviewState,
    /// The first report column of the Indicators and Checklist tables' page (many reports).
    pub indicators_first: usize,
    pub checklist_first: usize,
    /// The note being written in the note window, if open.
    pub note_edit: Option<notes::NoteEdit>,
}

pub struct DuibiApp {
    state: State,
    loaded: Vec<Loaded>,
    workers: Workers,
    compared: Option<Compared>,
    compare_pending: Option<u64>,
    copied: Option<CopiedFound>,
    /// The reports key of the copied sentences being looked for.
    copied_pending: Option<u64>,
    exporting: Option<PathBuf>,
    last_export: Option<Result<PathBuf, String>>,
    view: ViewState,
    ctx: egui::Context,
    next_generation: u64,
    load_started: Option<Instant>,
    analyzed_in: Option<Duration>,
    /// Time spent building the last frame's UI (CPU side), smoothed.
    frame_ms: f32,
    /// Whether the status bar shows durations (off for screenshots that must not vary).
    show_timings: bool,
    reading: reading_log::ReadingLog,
    /// What was repaired or left out at start, as told to the user.
    notices: Vec<String>,
}

impl DuibiApp {
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        paths: Vec<PathBuf>,
        mut startup: Startup,
    ) -> Self {
        let saved = cc.storage.and_then(|s| s.get_string(eframe::APP_KEY));
        let stored: Option<State> = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY));
        let first_start = stored.is_none();
        let mut state = stored.unwrap_or_default();
        if first_start {
            state.language = text::Language::from_environment();
        }
        text::set_language(state.language);
        if saved.is_some() && first_start {
            startup.notices.push(text::SETTINGS_UNREADABLE.get().into());
        }
        Self::with_startup(&cc.egui_ctx, state, paths, startup)
    }

    /// Builds the app from a given state (tests pass `State::default()`). `paths` replace the
    /// stored file list; with neither, the bundled samples open.
    pub fn with_state(ctx: &egui::Context, state: State, paths: Vec<PathBuf>) -> Self {
        Self::with_startup(ctx, state, paths, Startup::default())
    }

    /// The same, with a reading log and notices (`new` passes the real ones, tests their own).
    pub fn with_startup(
        ctx: &egui::Context,
        mut state: State,
        paths: Vec<PathBuf>,
        startup: Startup,
    ) -> Self {
        fonts::install(ctx);
        text::set_language(state.language);
        let mut notices = startup.notices;
        // Stored egui memory (or anything else) may carry a zoom winit cannot draw at.
        let zoom = ctx.zoom_factor();
        if !storage_guard::zoom_is_sane(zoom) {
            // Into the options at once: `set_zoom_factor` waits for the next pass, and this pass
            // would lay out at NaN points per pixel.
            ctx.options_mut(|o| o.zoom_factor = 1.0);
            notices.push(storage_guard::zoom_notice(zoom));
        }
        let mut reading = reading_log::ReadingLog::at(startup.reading_log);
        let interrupted = reading.take_interrupted();
        let files = if !paths.is_empty() {
            state.compared.clear();
            paths
        } else if !state.files.is_empty() {
            std::mem::take(&mut state.files)
        } else {
            state.compared.clear();
            loader::samples_dir().into_iter().collect()
        };
        // A file the last run was reading when it ended may be what ended it: not again.
        let (left_out, files): (Vec<PathBuf>, Vec<PathBuf>) = loader::expand(&files)
            .into_iter()
            .partition(|f| interrupted.contains(f));
        for path in &left_out {
            notices.push(text::CLOSED_WHILE_READING.fill(&[&path.display()]));
        }
        notices.extend(state.repair(&files));
        let mut app = DuibiApp {
            state,
            loaded: Vec::new(),
            workers: Workers::new(ctx.clone(), startup.cache),
            compared: None,
            compare_pending: None,
            copied: None,
            copied_pending: None,
            exporting: None,
            last_export: None,
            view: ViewState::default(),
            ctx: ctx.clone(),
            next_generation: 0,
            load_started: None,
            analyzed_in: None,
            frame_ms: 0.0,
            show_timings: true,
            reading,
            notices: Vec::new(),
        };
        for notice in notices {
            app.view.toasts.push(menu::Toast::new(notice.clone(), true));
            app.notices.push(notice);
        }
        menu::apply_theme(ctx, app.state.theme);
        app.open(&files, false);
        app
    }

    /// What was repaired in the stored state or left out at start, as the user was told.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// Leaves durations (analysis, comparison, frame time) out of the status bar, so that
    /// screenshots of the same data are identical from run to run.
    pub fn hide_timings(&mut self) {
        self.show_timings = false;
    }

    /// The persisted state, for tests that set what a dialog would (the dialog itself is native).
    pub fn state_mut(&mut self) -> &mut State {
        &mut self.state
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn loaded(&self) -> &[Loaded] {
        &self.loaded
    }

    pub fn compared(&self) -> Option<&Compared> {
        self.compared.as_ref()
    }

    pub fn last_export(&self) -> Option<&Result<PathBuf, String>> {
        self.last_export.as_ref()
    }

    /// Rows of the side-by-side view as last drawn.
    pub fn diff_rows(&self) -> &[side_by_side::Row] {
        self.view.diff_cursor.rows()
    }

    /// The side-by-side row of the current difference (an index into `diff_rows`).
    pub fn diff_current_row(&self) -> Option<usize> {
        self.view.diff_cursor.current_row()
    }

    /// Reports whose side-by-side columns are on screen, the base first.
    pub fn diff_columns(&self) -> &[usize] {
        self.view.diff_cursor.visible()
    }

    /// The side-by-side counter: (current difference, 1-based; how many).
    pub fn diff_position(&self) -> (usize, usize) {
        self.view.diff_cursor.position()
    }

    /// Search hits as last computed (the search panel refreshes them while open).
    pub fn search_hits(&self) -> usize {
        self.view.search.hits().len()
    }

    /// Whether any worker is still running (loading, comparing or exporting), or a comparison
    /// is due for the current selection.
    pub fn is_busy(&self) -> bool {
        self.loaded.iter().any(Loaded::is_loading)
            || self.compare_pending.is_some()
            || self.copied_pending.is_some()
            || self.copied_due()
            || self.exporting.is_some()
            || self
                .wanted_comparison_key()
                .is_some_and(|k| self.compared.as_ref().map(|c| c.key) != Some(k))
    }

    /// Applies one command. Public so tests can drive the app without native dialogs.
    pub fn run_cmd(&mut self, cmd: Command) {
        match cmd {
            Command::Open(paths) => self.open(&paths, true),
            Command::OpenDialog => self.workers.pick(Pick::Open, String::new()),
            Command::OpenBytes { name, bytes } => {
                if self.add_file(&name) {
                    self.workers.analyze_bytes(name, bytes);
                }
            }
            Command::Remove(path) => {
                self.loaded.retain(|l| l.path != path);
                self.state.compared.retain(|p| *p != path);
                if self.state.report.as_ref() == Some(&path) {
                    self.state.report = None;
                }
            }
            Command::SetCompared(path, on) => {
                self.state.compared.retain(|p| *p != path);
                if on {
                    self.state.compared.push(path);
                    // Keep columns in list order, so checking a box never reshuffles the others.
                    let order: Vec<&PathBuf> = self.loaded.iter().map(|l| &l.path).collect();
                    self.state
                        .compared
                        .sort_by_key(|p| order.iter().position(|o| *o == p).unwrap_or(usize::MAX));
                }
            }
            Command::SetComparedSet(paths) => {
                // Columns follow the list order, whatever order the set was given in.
                self.state.compared = self
                    .loaded
                    .iter()
                    .filter(|l| paths.contains(&l.path))
                    .map(|l| l.path.clone())
                    .collect();
            }
            Command::SetSort(sort) => self.state.sort = sort,
            Command::NewWorkspace => {
                self.close_all();
                self.state.workspace = None;
            }
            Command::SetNote(key, text) => {
                if text.trim().is_empty() {
                    self.state.notes.remove(&key);
                } else {
                    self.state.notes.insert(key, text);
                }
            }
            Command::OpenWorkspaceDialog => self.workers.pick(Pick::OpenWorkspace, String::new()),
            Command::OpenWorkspace(path) => self.open_workspace(&path),
            Command::SaveWorkspace(Some(path)) => self.save_workspace(&path),
            Command::SaveWorkspaceAs { copies } => {
                self.state.workspace_copies = copies;
                self.run_cmd(Command::SaveWorkspace(None));
            }
            Command::LocateMissingDialog => self.workers.pick(Pick::MissingFolder, String::new()),
            Command::LocateMissing(folder) => self.locate_missing(&folder),
            Command::LocateMissingInPathBox => {
                self.view.path_box_locates = true;
                self.view.focus_path_box = true;
            }
            Command::SaveWorkspace(None) => {
                let name = self
                    .state
                    .workspace
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map_or_else(
                        || "对比.duibi".to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                self.workers.pick(Pick::SaveWorkspace, name);
            }
            Command::SetOverride(path, meta) => {
                if meta == MetaOverride::default() {
                    self.state.overrides.remove(&path);
                } else {
                    self.state.overrides.insert(path, meta);
                }
            }
            Command::ShowTab(tab) => self.state.tab = tab,
            Command::PinBase(path) => self.state.base = Some(path),
            Command::SetColumnOrder(paths) => self.state.column_order = paths,
            Command::ShowTopic(topic) => {
                self.state.topic = topic;
                self.state.tab = Tab::SideBySide;
                self.view.diff_cursor = side_by_side::Cursor::default();
            }
            Command::ShowPassage { path, passage } => {
                self.state.report = Some(path);
                self.state.tab = Tab::Report;
                self.view.report_scroll = Some(passage);
            }
            Command::ExportDialog(format) => {
                let names: Vec<String> = self.compared.as_ref().map_or_else(Vec::new, |c| {
                    c.comparison
                        .reports
                        .iter()
                        .map(|r| r.display_name())
                        .collect()
                });
                let box_ = export_menu::ExportBox::new(format, &self.state, &names);
                self.workers
                    .pick_in(Pick::SaveExport, box_.file_name(), box_.dir());
                self.view.export_box = Some(box_);
            }
            Command::Export(path) => self.export(path),
            Command::SetLanguage(language) => {
                self.state.language = language;
                text::set_language(language);
            }
            Command::SetTheme(theme) => {
                self.state.theme = theme;
                menu::apply_theme(&self.ctx, theme);
            }
            Command::SaveCopyDialog(path) => {
                let name = self
                    .fetched_copy(&path)
                    .map(|copy| crate::ingest::web::copy_name(&copy))
                    .unwrap_or_default();
                self.workers.pick(Pick::SaveCopy(path), name);
            }
            Command::SaveCopy { of, to } => self.save_copy(&of, &to),
            Command::Search(query) => {
                self.view.search.open = true;
                self.view.search.query = query;
            }
            Command::Quit => self.ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// What the web address `of` gave, when it was read from one.
    fn fetched_copy(&self, of: &Path) -> Option<Arc<crate::ingest::web::Fetched>> {
        self.loaded
            .iter()
            .find(|l| l.path == of)
            .and_then(|l| l.copy.clone())
    }

    /// Writes what the web address `of` gave to the file `to`, and says where (or why not).
    fn save_copy(&mut self, of: &Path, to: &Path) {
        let Some(copy) = self.fetched_copy(of) else {
            return;
        };
        let (text, failed) = match crate::export::write_atomic(to, &copy.bytes) {
            Ok(()) => (text::SAVED_COPY_AS.fill(&[&to.display()]), false),
            Err(e) => (text::CANNOT_SAVE_COPY.fill(&[&e]), true),
        };
        self.view.toasts.push(menu::Toast::new(text, failed));
    }

    /// Without a save dialog (no desktop portal), the copy goes to the export folder, else the
    /// Downloads or home folder, under its own name; the toast says where.
    fn save_copy_without_dialog(&mut self, of: &Path) {
        let Some(copy) = self.fetched_copy(of) else {
            return;
        };
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let dir = self
            .state
            .last_export_dir
            .clone()
            .into_iter()
            .chain(home.iter().map(|h| h.join("Downloads")))
            .chain(home.clone())
            .chain(std::iter::once(std::env::temp_dir()))
            .find(|d| d.is_dir())
            .unwrap_or_else(std::env::temp_dir);
        let (text, failed) = match crate::ingest::web::save_copy(&dir, &copy) {
            Ok(to) => (
                text::COPY_SAVED_WITHOUT_DIALOG.fill(&[&to.display()]),
                false,
            ),
            Err(e) => (text::CANNOT_SAVE_COPY.fill(&[&e]), true),
        };
        self.view.toasts.push(menu::Toast::new(text, failed));
    }

    fn close_all(&mut self) {
        self.loaded.clear();
        self.state.compared.clear();
        self.state.overrides.clear();
        self.state.notes.clear();
        self.state.report = None;
        self.compared = None;
    }

    /// The reports, corrections, compared set and view of a .duibi file replace the session's.
    fn open_workspace(&mut self, path: &Path) {
        let loaded = match crate::workspace::load(path) {
            Ok(l) => l,
            Err(e) => {
                self.view.toasts.push(menu::Toast::new(e.to_string(), true));
                return;
            }
        };
        self.close_all();
        let ws = loaded.workspace;
        self.state.overrides = ws.corrections;
        if let Some(tab) = ws.view.get("tab").and_then(|t| Tab::from_id(t)) {
            self.state.tab = tab;
        }
        if let Some(topic) = ws.view.get("topic") {
            self.state.topic = topic.clone();
        }
        self.state.metric = ws.view.get("metric").cloned();
        self.state.report = ws.view.get("report").map(PathBuf::from);
        self.state.notes = ws.notes;
        self.state.workspace = Some(path.to_path_buf());
        self.state.workspace_copies = !loaded.restored.is_empty();
        self.state.remember_workspace(path);
        self.open(&ws.files, false);
        self.state.compared = ws.compared;
        let mut notice = text::OPENED_WORKSPACE.fill(&[&path.display()]);
        if !loaded.relinked.is_empty() {
            notice.push_str(&text::FILES_RELINKED.fill(&[&loaded.relinked.len()]));
        }
        if !loaded.restored.is_empty() {
            notice.push_str(&text::FILES_RESTORED.fill(&[&loaded.restored.len()]));
        }
        if !loaded.missing.is_empty() {
            let names = loaded
                .missing
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            notice.push_str(&text::FILES_NOT_FOUND.fill(&[&loaded.missing.len(), &names]));
        }
        self.view
            .toasts
            .push(menu::Toast::new(notice, !loaded.missing.is_empty()));
        // Files that moved somewhere duibi cannot guess: ask for their folder once, as the
        // workspace opens (File > Locate missing reports asks again later).
        if !loaded.missing.is_empty() {
            self.workers.pick(Pick::MissingFolder, String::new());
        }
    }

    fn save_workspace(&mut self, path: &Path) {
        let mut view = std::collections::BTreeMap::new();
        view.insert("tab".to_string(), self.state.tab.id().to_string());
        view.insert("topic".to_string(), self.state.topic.clone());
        if let Some(m) = &self.state.metric {
            view.insert("metric".to_string(), m.clone());
        }
        if let Some(r) = &self.state.report {
            view.insert("report".to_string(), r.to_string_lossy().into_owned());
        }
        let ws = crate::workspace::Workspace {
            duibi_workspace: crate::workspace::VERSION,
            files: self.loaded.iter().map(|l| l.path.clone()).collect(),
            compared: self.state.compared.clone(),
            corrections: self.state.overrides.clone(),
            view,
            notes: self.state.notes.clone(),
            copies: Default::default(),
        };
        let ws = if self.state.workspace_copies {
            match crate::workspace::embed_copies(&ws) {
                Ok(ws) => ws,
                Err(e) => {
                    self.view.toasts.push(menu::Toast::new(e.to_string(), true));
                    return;
                }
            }
        } else {
            ws
        };
        match crate::workspace::save(path, &ws) {
            Ok(()) => {
                self.state.workspace = Some(path.to_path_buf());
                self.state.remember_workspace(path);
                self.view.toasts.push(menu::Toast::new(
                    text::SAVED_WORKSPACE.fill(&[&path.display()]),
                    false,
                ));
            }
            Err(e) => self.view.toasts.push(menu::Toast::new(e.to_string(), true)),
        }
    }

    /// The open files that are not on disk (moved since they were opened or saved).
    fn missing_files(&self) -> Vec<PathBuf> {
        self.loaded
            .iter()
            .map(|l| l.path.clone())
            .filter(|p| !p.exists() && !is_address(p))
            .collect()
    }

    /// Files not found, relinked by name to `folder`: each keeps its place in the list and in the
    /// compared columns, its corrections and its notes, and is read again from there.
    fn locate_missing(&mut self, folder: &Path) {
        let found = crate::workspace::relink(&self.missing_files(), folder);
        for (old, new) in &found {
            if let Some(l) = self.loaded.iter_mut().find(|l| l.path == *old) {
                l.path = new.clone();
            }
            for p in &mut self.state.compared {
                if p == old {
                    *p = new.clone();
                }
            }
            if let Some(meta) = self.state.overrides.remove(old) {
                self.state.overrides.insert(new.clone(), meta);
            }
            if self.state.report.as_ref() == Some(old) {
                self.state.report = Some(new.clone());
            }
            let notes = std::mem::take(&mut self.state.notes);
            self.state.notes = notes
                .into_iter()
                .map(|(k, v)| {
                    let key = crate::workspace::map_note_key(&k, &mut |p| {
                        if p == old { new.clone() } else { p.clone() }
                    });
                    (key, v)
                })
                .collect();
        }
        let paths: Vec<PathBuf> = found.iter().map(|(_, new)| new.clone()).collect();
        self.open(&paths, false);
        let still = self.missing_files().len();
        self.view.toasts.push(menu::Toast::new(
            text::FOUND_IN_FOLDER.fill(&[&folder.display(), &found.len(), &still]),
            still > 0,
        ));
    }

    fn open(&mut self, paths: &[PathBuf], remember: bool) {
        // A workspace among what was opened (dropped, typed, from the command line) opens as one.
        let (workspaces, paths): (Vec<&PathBuf>, Vec<&PathBuf>) = paths.iter().partition(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("duibi"))
        });
        if let Some(ws) = workspaces.first() {
            self.open_workspace(ws);
        }
        let paths: Vec<PathBuf> = paths.into_iter().cloned().collect();
        let mut started = Vec::new();
        // Remember what the user opened: a folder is one entry, not each file in it.
        if remember {
            for path in paths.iter().rev() {
                self.state.remember_recent(path);
            }
        }
        for path in loader::expand(&paths) {
            if self.add_file(&path) {
                self.reading.start(&path);
                started.push(path);
            }
        }
        // On disk before the first read begins, so a crash during any of them is known next time.
        self.reading.flush();
        for path in started {
            self.workers.analyze(path);
        }
    }

    /// Adds a list row for `path` (or resets the existing one); false if it is already loading.
    fn add_file(&mut self, path: &Path) -> bool {
        if self.load_started.is_none() {
            self.load_started = Some(Instant::now());
        }
        self.next_generation += 1;
        let generation = self.next_generation;
        if let Some(existing) = self.loaded.iter_mut().find(|l| l.path == path) {
            if existing.is_loading() {
                return false;
            }
            existing.report = None;
            existing.copy = None;
            existing.generation = generation;
        } else {
            self.loaded.push(Loaded {
                path: path.to_path_buf(),
                report: None,
                generation,
                copy: None,
            });
        }
        // The first two files opened are compared, so there is something to see at once.
        if self.state.compared.len() < 2 && !self.state.is_compared(path) {
            self.state.compared.push(path.to_path_buf());
        }
        true
    }

    fn export(&mut self, path: PathBuf) {
        let Some(compared) = &self.compared else {
            self.last_export = Some(Err("nothing to export: check at least one report".into()));
            return;
        };
        // Exports carry the reviewer's notes and the copied sentences along with the comparison.
        // The file is the same whichever tabs were looked at: the export finds the copied
        // sentences itself when the 模板句 tab has not (at three reports or more).
        let found = self.copied_found().cloned();
        let find = (found.is_none()
            && compared.reports.len() >= crate::align::copied::COPIED_MIN_REPORTS)
            .then_some(compared.reports_key);
        let comparison = if self.state.notes.is_empty() && found.is_none() {
            compared.comparison.clone()
        } else {
            let mut c = (*compared.comparison).clone();
            c.notes = self.state.notes.clone();
            if let Some(found) = found {
                c.copied = (*found).clone();
            }
            Arc::new(c)
        };
        let reports = compared.reports.clone();
        self.exporting = Some(path.clone());
        if find.is_some() && self.copied_pending.is_none() {
            self.copied_pending = find;
        }
        self.workers.export(comparison, reports, find, path);
    }

    /// The cache key of the comparison the current selection needs, if one can be made now
    /// (every checked file analyzed, at least one without error).
    fn wanted_comparison_key(&self) -> Option<u64> {
        self.comparison_inputs().map(|(keys, _)| keys.comparison)
    }

    fn comparison_inputs(&self) -> Option<(loader::CompareKeys, Vec<loader::CompareInput>)> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let mut inputs = Vec::new();
        // Asked every frame: a map, not a search of the list per compared file (thousands).
        let by_path: std::collections::HashMap<&Path, &Loaded> =
            self.loaded.iter().map(|l| (l.path.as_path(), l)).collect();
        for path in &self.state.compared {
            let Some(loaded) = by_path.get(path.as_path()) else {
                continue;
            };
            let report = loaded.report.as_ref()?;
            if report.error.is_some() {
                continue;
            }
            let meta = self.state.overrides.get(path).cloned().unwrap_or_default();
            (path, loaded.generation, &meta).hash(&mut hasher);
            inputs.push((path.clone(), report.clone(), meta));
        }
        let reports = hasher.finish();
        // Past the cap the engine pairs the base with every report, so its choice is an input.
        if inputs.len() > crate::align::ALL_REPORT_PAIRS_UP_TO {
            self.base_input(&inputs).hash(&mut hasher);
        }
        let keys = loader::CompareKeys {
            comparison: hasher.finish(),
            reports,
        };
        (!inputs.is_empty()).then_some((keys, inputs))
    }

    /// The side-by-side base among the comparison's inputs: the pinned file, else the first.
    fn base_input(&self, inputs: &[loader::CompareInput]) -> usize {
        self.state
            .base
            .as_ref()
            .and_then(|b| inputs.iter().position(|(p, _, _)| p == b))
            .unwrap_or(0)
    }

    /// Collects worker results and starts the comparison when its inputs changed.
    fn collect(&mut self) {
        for msg in self.workers.poll() {
            match msg {
                Msg::Analyzed { path, report, copy } => {
                    self.reading.finish(&path);
                    if let Some(loaded) = self.loaded.iter_mut().find(|l| l.path == path) {
                        loaded.report = Some(Arc::new(report));
                        loaded.copy = copy;
                    }
                    if !self.loaded.iter().any(Loaded::is_loading) {
                        self.analyzed_in = self.load_started.take().map(|t| t.elapsed());
                        self.workers.trim_cache();
                    }
                }
                Msg::Compared {
                    keys,
                    comparison,
                    reports,
                    paths,
                    elapsed,
                    preview,
                } => {
                    if self.compare_pending == Some(keys.comparison) && !preview {
                        self.compare_pending = None;
                    }
                    self.compared = Some(Compared {
                        key: keys.comparison,
                        reports_key: keys.reports,
                        checklist: crate::check::rows(&comparison.checks),
                        timelines: crate::align::timeline::timelines(&comparison),
                        comparison: Arc::new(comparison),
                        reports,
                        paths,
                        elapsed,
                        preview,
                    });
                }
                Msg::Copied { key, sentences } => {
                    if self.copied_pending == Some(key) {
                        self.copied_pending = None;
                    }
                    // A late answer for reports no longer compared would replace the current one.
                    if self.compared.as_ref().is_some_and(|c| c.reports_key == key) {
                        self.copied = Some(CopiedFound {
                            key,
                            sentences: Arc::new(sentences),
                        });
                    }
                }
                Msg::Exported { path, result } => {
                    self.exporting = None;
                    let text = match &result {
                        Ok(files) => {
                            let files: Vec<String> =
                                files.iter().map(|f| f.display().to_string()).collect();
                            text::EXPORTED_TO.fill(&[&files.join("\n")])
                        }
                        Err(err) => text::EXPORT_FAILED.fill(&[err]),
                    };
                    self.view
                        .toasts
                        .push(menu::Toast::new(text, result.is_err()));
                    if result.is_ok() {
                        self.state.last_export_dir = path.parent().map(PathBuf::from);
                    }
                    self.last_export = Some(result.map(|_| path));
                }
                Msg::Picked {
                    purpose,
                    paths,
                    failed_fast,
                } => match purpose {
                    Pick::Open if paths.is_empty() && failed_fast => {
                        self.view.focus_path_box = true;
                        self.view
                            .toasts
                            .push(menu::Toast::new(text::NO_FILE_DIALOG.get().into(), true));
                    }
                    Pick::Open => self.open(&paths, true),
                    Pick::OpenWorkspace => {
                        if let Some(path) = paths.into_iter().next() {
                            self.open_workspace(&path);
                        }
                    }
                    Pick::SaveWorkspace => {
                        if let Some(path) = paths.into_iter().next() {
                            self.save_workspace(&path);
                        }
                    }
                    Pick::MissingFolder => match paths.into_iter().next() {
                        Some(folder) => self.locate_missing(&folder),
                        None if failed_fast => self.run_cmd(Command::LocateMissingInPathBox),
                        None => {}
                    },
                    Pick::SaveCopy(of) => match paths.into_iter().next() {
                        Some(to) => self.save_copy(&of, &to),
                        None if failed_fast => self.save_copy_without_dialog(&of),
                        None => {}
                    },
                    Pick::SaveExport => match paths.into_iter().next() {
                        Some(path) => {
                            self.view.export_box = None;
                            self.export(path);
                        }
                        // A cancelled dialog closes the box; a missing one leaves it as the fallback.
                        None if !failed_fast => self.view.export_box = None,
                        None => {}
                    },
                },
            }
        }
        self.reading.flush();
        if let Some((keys, inputs)) = self.comparison_inputs() {
            let current = self.compared.as_ref().map(|c| c.key);
            if current != Some(keys.comparison) && self.compare_pending != Some(keys.comparison) {
                self.compare_pending = Some(keys.comparison);
                let base = self.base_input(&inputs);
                self.workers.compare(keys, inputs, base);
            }
        } else if self.state.compared.is_empty() {
            self.compared = None;
        }
        self.find_copied();
    }

    /// The copied sentences of the compared reports, if found already.
    fn copied_found(&self) -> Option<&Arc<Vec<CopiedSentence>>> {
        self.copied.as_ref()?.of(self.compared.as_ref()?)
    }

    /// Whether the 模板句 tab is shown and waits for copied sentences: enough reports are
    /// compared to share some, and they are not found yet.
    fn copied_due(&self) -> bool {
        self.state.tab == Tab::Copied
            && self
                .compared
                .as_ref()
                .is_some_and(|c| c.reports.len() >= crate::align::copied::COPIED_MIN_REPORTS)
            && self.copied_found().is_none()
    }

    /// Starts looking for the compared reports' copied sentences when the tab waits for them
    /// and no search for them runs.
    fn find_copied(&mut self) {
        let Some(compared) = self.compared.as_ref().filter(|_| self.copied_due()) else {
            return;
        };
        let key = compared.reports_key;
        if self.copied_pending == Some(key) {
            return;
        }
        let reports = compared.reports.clone();
        self.copied_pending = Some(key);
        self.workers.find_copied(key, reports);
    }
}

impl eframe::App for DuibiApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.collect();
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        for file in dropped {
            let path = file.path().to_path_buf();
            let cmd = if path.exists() {
                Command::Open(vec![path])
            } else {
                match file.bytes() {
                    Ok(bytes) => Command::OpenBytes {
                        name: path,
                        bytes: bytes.into(),
                    },
                    Err(err) => {
                        self.view.toasts.push(menu::Toast::new(
                            text::CANNOT_READ_DROPPED.fill(&[&err]),
                            true,
                        ));
                        continue;
                    }
                }
            };
            self.run_cmd(cmd);
        }
        if self.is_busy() {
            // Workers repaint when they finish; this keeps spinners turning meanwhile.
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let start = Instant::now();
        text::set_language(self.state.language);
        let mut commands = menu::shortcuts(ui.ctx(), &mut self.view, &self.state);
        let loaded = &self.loaded;
        let has_missing = || {
            loaded
                .iter()
                .any(|l| !l.path.exists() && !is_address(&l.path))
        };
        egui::Panel::top("menu_bar").show(ui, |ui| {
            commands.extend(menu::menu_bar_ui(
                ui,
                &mut self.state,
                &mut self.view,
                self.compared.is_some(),
                &has_missing,
            ));
        });
        let status = menu::Status {
            reports: self.loaded.len(),
            loading: self.loaded.iter().filter(|l| l.is_loading()).count(),
            compared: self.compared.as_ref().map_or(0, |c| c.reports.len()),
            analyzed_in: self.analyzed_in.filter(|_| self.show_timings),
            compared_in: self
                .compared
                .as_ref()
                .map(|c| c.elapsed)
                .filter(|_| self.show_timings),
            comparing: self.compare_pending.is_some(),
            exporting: self.exporting.is_some(),
            frame_ms: Some(self.frame_ms).filter(|_| self.show_timings),
        };
        egui::Panel::bottom("status_bar").show(ui, |ui| menu::status_bar_ui(ui, &status));
        egui::Panel::left("reports_panel")
            .resizable(true)
            .default_size(270.0)
            .min_size(180.0)
            .show(ui, |ui| {
                commands.extend(reports_panel::reports_panel_ui(
                    ui,
                    &self.loaded,
                    &self.state,
                    &mut self.view,
                ));
            });
        if self.view.search.open {
            egui::Panel::right("search_panel")
                .resizable(true)
                .default_size(320.0)
                .show(ui, |ui| {
                    commands.extend(search::search_panel_ui(
                        ui,
                        &self.loaded,
                        &mut self.view.search,
                    ));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            commands.extend(self.central_ui(ui));
        });
        commands.extend(reports_panel::meta_edit_window_ui(
            ui.ctx(),
            &mut self.view.meta_edit,
        ));
        commands.extend(export_menu::export_box_ui(
            ui.ctx(),
            &mut self.view.export_box,
        ));
        commands.extend(notes::note_window_ui(ui.ctx(), &mut self.view));
        menu::about_windows_ui(ui.ctx(), &mut self.view);
        menu::toasts_ui(ui.ctx(), &mut self.view.toasts);
        reports_panel::drop_overlay_ui(ui.ctx());
        for cmd in commands {
            self.run_cmd(cmd);
        }
        let ms = start.elapsed().as_secs_f32() * 1000.0;
        self.frame_ms = if self.frame_ms == 0.0 {
            ms
        } else {
            0.9 * self.frame_ms + 0.1 * ms
        };
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.reading.clear();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.state.files = self.loaded.iter().map(|l| l.path.clone()).collect();
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }
}

impl DuibiApp {
    fn central_ui(&mut self, ui: &mut egui::Ui) -> Option<Command> {
        let mut command = None;
        ui.horizontal_wrapped(|ui| {
            for tab in Tab::ALL {
                if ui
                    .selectable_label(self.state.tab == tab, tab.label())
                    .clicked()
                {
                    command = Some(Command::ShowTab(tab));
                }
            }
        });
        ui.separator();
        if self.state.tab == Tab::Report {
            return report_view::report_view_ui(ui, &self.loaded, &mut self.state, &mut self.view)
                .or(command);
        }
        let Some(compared) = &self.compared else {
            let text =
                if self.loaded.iter().any(Loaded::is_loading) || self.compare_pending.is_some() {
                    text::ANALYZING.get()
                } else {
                    text::CHECK_REPORTS_TO_COMPARE.get()
                };
            ui.centered_and_justified(|ui| ui.weak(text));
            return command;
        };
        let pairing = matches!(
            self.state.tab,
            Tab::SideBySide | Tab::Commitments | Tab::FollowThrough | Tab::Timeline
        );
        if compared.preview && pairing {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() / 3.0);
                ui.spinner();
                ui.weak(text::PAIRING_N_REPORTS.fill(&[&compared.reports.len()]));
                ui.weak(text::OVERVIEW_READY.get());
            });
            return command;
        }
        let view_command = match self.state.tab {
            Tab::Overview => overview::overview_ui(ui, compared, &mut self.view.overview),
            Tab::SideBySide => {
                side_by_side::side_by_side_ui(ui, compared, &mut self.state, &mut self.view)
            }
            Tab::Indicators => {
                indicators::indicators_ui(ui, compared, &mut self.state, &mut self.view)
            }
            Tab::Commitments => {
                commitments::commitments_ui(ui, compared, &self.state.notes, &mut self.view)
            }
            Tab::FollowThrough => commitments::follow_through_ui(ui, compared),
            Tab::Checklist => {
                checklist::checklist_ui(ui, compared, &self.state.notes, &mut self.view)
            }
            Tab::Timeline => {
                timeline::timeline_ui(ui, compared, &mut self.view);
                None
            }
            Tab::Copied => {
                let found = self
                    .copied
                    .as_ref()
                    .and_then(|f| f.of(compared))
                    .map(|s| s.as_slice());
                copied::copied_ui(ui, compared, found, &mut self.view.copied)
            }
            Tab::Report => None,
        };
        view_command.or(command)
    }
}

/// A report opened from a web address is never "missing" from disk.
fn is_address(path: &Path) -> bool {
    crate::ingest::web::is_address_path(path)
}

#[cfg(test)]
mod icon_tests {
    /// The icon decodes (a failed decode would only leave the window without one, silently).
    #[test]
    fn app_icon_decodes() {
        let icon = eframe::icon_data::from_png_bytes(super::APP_ICON).expect("icon decodes");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }
}
