//! Side by side: for one topic, one column per compared report, the base (pinned by the user,
//! frozen at the left) first and the others by year then region, paged a column at a time when
//! they do not fit. Rows come from `rows` (built once per change); this module only draws them,
//! with word-level diff marks (text only on this side tinted and struck through or underlined;
//! changed numbers boxed in a strong colour). n / p (F7 / Shift+F7) walk the differences.

mod rows;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Key, Modifiers, Pos2, Rect, RichText, Sense, Vec2};

use crate::app::text;
use crate::model::{Comparison, Kind, Report};

pub use rows::{CellText, Mark, Row, Span};

use super::notes::{MARK, hover_with_note, note_button};
use super::overview::{ordered_topics, report_label};
use super::state::State;
use super::style::{self, Marks};
use super::{Command, Compared, ViewState};

/// Below this width a column stops shrinking and the columns page sideways instead.
const MIN_COLUMN: f32 = 280.0;
/// Up to 4 reports, columns may shrink to this before paging.
const MIN_FEW_COLUMN: f32 = 160.0;
const CELL_PAD: f32 = 6.0;
/// Vertical space between rows; a rule is drawn in its middle.
const ROW_GAP: f32 = 8.0;
const GAP: f32 = 8.0;
/// The location bar beside the rows' scrollbar (WinMerge's location pane, Beyond Compare's
/// thumbnail): a tick for each differing row — strong where paired sentences differ, faint
/// where a sentence has no partner on screen — the current one in the selection colour, the
/// part in view outlined.
const MAP_WIDTH: f32 = 12.0;
/// Tells the location bar to kittest and screen readers.
pub const MAP_LABEL: text::Text = text::WHERE_THE_DIFFERENCES_ARE;

/// Which difference is current, which columns are on screen, and the rows built for them.
#[derive(Default)]
pub struct Cursor {
    index: usize,
    /// Scroll the current difference into view on the next frame.
    scroll: bool,
    /// The first non-base column on screen (in display order).
    first_column: usize,
    all: Option<AllRows>,
    rows: Option<RowsCache>,
    tops: Option<RowTops>,
}

impl Cursor {
    /// "3/41": the current difference (1-based) and how many there are.
    pub fn position(&self) -> (usize, usize) {
        let total = self.rows.as_ref().map_or(0, |r| r.diffs.len());
        (if total == 0 { 0 } else { self.index + 1 }, total)
    }

    /// The rows currently shown (for tests and the counter).
    pub fn rows(&self) -> &[Row] {
        self.rows.as_ref().map_or(&[], |r| r.rows.as_slice())
    }

    /// The row of the current difference, an index into [`Cursor::rows`].
    pub fn current_row(&self) -> Option<usize> {
        self.rows.as_ref()?.diffs.get(self.index).copied()
    }

    /// Reports whose columns are on screen, in display order (the base first).
    pub fn visible(&self) -> &[usize] {
        self.rows.as_ref().map_or(&[], |r| r.visible.as_slice())
    }

    fn step(&mut self, forward: bool) {
        let total = self.rows.as_ref().map_or(0, |r| r.diffs.len());
        if total == 0 {
            return;
        }
        self.index = if forward {
            (self.index + 1) % total
        } else {
            (self.index + total - 1) % total
        };
        self.scroll = true;
    }
}

/// Where each row starts (and, last, where the rows end) at the current column width, so that
/// only the rows in view are laid out and a difference can be scrolled to before it is drawn.
struct RowTops {
    key: u64,
    tops: Arc<Vec<f32>>,
}

/// Every row of the topic for this base, before narrowing to the columns on screen.
struct AllRows {
    key: u64,
    rows: Arc<Vec<Row>>,
}

/// The rows shown for the columns on screen and the filters.
struct RowsCache {
    key: u64,
    visible: Vec<usize>,
    rows: Arc<Vec<Row>>,
    /// Indices of rows that differ on screen, in display order.
    diffs: Vec<usize>,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The base's index among the compared reports: the pinned file, else the first.
fn base_index(compared: &Compared, state: &State) -> usize {
    state
        .base
        .as_ref()
        .and_then(|b| compared.paths.iter().position(|p| p == b))
        .unwrap_or(0)
}

/// The reports the user placed by moving columns, in their order (files no longer compared drop out).
fn placed(compared: &Compared, state: &State) -> Vec<usize> {
    state
        .column_order
        .iter()
        .filter_map(|p| compared.paths.iter().position(|q| q == p))
        .collect()
}

/// Builds (when an input changed) every row of the topic, then the rows for the columns on screen.
fn refresh_rows(
    compared: &Compared,
    state: &State,
    cursor: &mut Cursor,
    columns: &[usize],
    visible: Vec<usize>,
) {
    let kinds = &state.kinds;
    let all_key = hash_of((
        compared.key,
        &state.topic,
        kinds.achievement,
        kinds.shortcoming,
        kinds.plan,
        columns,
    ));
    if cursor.all.as_ref().is_none_or(|a| a.key != all_key) {
        let reports: Vec<&Report> = compared.reports.iter().map(|r| r.as_ref()).collect();
        let rows = rows::build_rows(&compared.comparison, &reports, &state.topic, kinds, columns);
        cursor.all = Some(AllRows {
            key: all_key,
            rows: Arc::new(rows),
        });
        cursor.index = 0;
    }
    let only_matched = only_matched(state, compared.reports.len());
    let key = hash_of((all_key, &visible, only_matched, state.only_differences));
    if cursor.rows.as_ref().is_some_and(|r| r.key == key) {
        return;
    }
    let all = cursor.all.as_ref().map_or(&[][..], |a| a.rows.as_slice());
    let rows = rows::shown(all, &visible, only_matched, state.only_differences);
    let diffs: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.differs)
        .map(|(i, _)| i)
        .collect();
    cursor.index = cursor.index.min(diffs.len().saturating_sub(1));
    cursor.rows = Some(RowsCache {
        key,
        visible,
        rows: Arc::new(rows),
        diffs,
    });
}

/// Whether only rows with two sentences on screen are shown (on by default past 4 reports).
fn only_matched(state: &State, reports: usize) -> bool {
    state.only_matched.unwrap_or(reports > 4)
}

/// How many columns fit in `width`, at least two (base and one other) when there are two.
fn columns_that_fit(width: f32, reports: usize) -> usize {
    let min = if reports <= 4 {
        MIN_FEW_COLUMN
    } else {
        MIN_COLUMN
    };
    let fit = ((width + GAP) / (min + GAP)).floor() as usize;
    fit.max(2).min(reports.max(1))
}

/// Why there are no rows, and the way out: a base with nothing on the topic offers the report
/// that says most on it (with dozens of reports the first ticked is often a short one).
fn empty_rows_ui(
    ui: &mut egui::Ui,
    compared: &Compared,
    state: &State,
    cursor: &mut Cursor,
    order: &[usize],
    visible: &[usize],
) -> Option<Command> {
    let cmp = &compared.comparison;
    let base = order.first().copied().unwrap_or(0);
    // Each report's passages on the topic, looked up once: this runs every frame, and with
    // thousands of reports a search per report would be quadratic.
    let mut on_topic = vec![0usize; cmp.reports.len()];
    if let Some(row) = cmp.topics.iter().find(|t| t.id == state.topic) {
        for c in &row.cells {
            if let Some(n) = on_topic.get_mut(c.report) {
                *n = c.passages;
            }
        }
    }
    let passages = |report: usize| on_topic.get(report).copied().unwrap_or(0);
    let fullest = (0..cmp.reports.len())
        .filter(|&r| r != base)
        .max_by_key(|&r| (passages(r), std::cmp::Reverse(r)))
        .filter(|&r| passages(r) > 0);
    if let (0, Some(best)) = (passages(base), fullest) {
        let name = |r: usize| cmp.reports.get(r).map(report_label).unwrap_or_default();
        ui.weak(text::BASE_HAS_NOTHING.fill(&[&name(base)]));
        let pin = ui.button(text::PIN_FULLEST_BASE.fill(&[&name(best), &passages(best)]));
        return pin
            .clicked()
            .then(|| compared.paths.get(best).cloned().map(Command::PinBase))
            .flatten();
    }
    ui.weak(
        if only_matched(state, cmp.reports.len()) || state.only_differences {
            text::NO_ROWS_IN_COLUMNS.get()
        } else {
            text::NOTHING_ON_TOPIC.get()
        },
    );
    // The pager shows a few columns of dozens: offer the next one (after those on screen, then
    // from the start) whose report says something on the topic.
    let others = order.get(1..).unwrap_or_default();
    let on_topic = |r: usize| passages(r) > 0;
    if let Some(k) = next_column_on(others, visible, cursor.first_column, on_topic) {
        let name = cmp
            .reports
            .get(others[k])
            .map(report_label)
            .unwrap_or_default();
        if ui
            .button(text::NEXT_COLUMN_WITH_TOPIC.fill(&[&name]))
            .clicked()
        {
            cursor.first_column = k;
        }
    }
    None
}

/// The pager position (index into `others`, the columns after the base) of the next report not on
/// screen for which `on_topic` holds: after `first`, then wrapping round to the start.
fn next_column_on(
    others: &[usize],
    visible: &[usize],
    first: usize,
    on_topic: impl Fn(usize) -> bool,
) -> Option<usize> {
    (first + 1..others.len())
        .chain(0..first.min(others.len()))
        .find(|&k| !visible.contains(&others[k]) && on_topic(others[k]))
}

pub fn side_by_side_ui(
    ui: &mut egui::Ui,
    compared: &Compared,
    state: &mut State,
    view: &mut ViewState,
) -> Option<Command> {
    let topics = ordered_topics(&compared.comparison);
    let cmp = &compared.comparison;
    if !topics.iter().any(|t| t.id == state.topic) {
        state.topic = topics.first().map(|t| t.id.clone()).unwrap_or_default();
    }
    topic_strip_ui(ui, &topics, state, &mut view.diff_cursor);
    toolbar_ui(ui, cmp, state, &mut view.diff_cursor);
    let n = compared.reports.len();
    let avail = ui.available_width() - 16.0 - MAP_WIDTH - GAP;
    let fit = columns_that_fit(avail, n);
    let base = base_index(compared, state);
    let order = rows::column_order(&cmp.reports, base, &placed(compared, state));
    columns_bar_ui(ui, cmp, state, &mut view.diff_cursor, &order, fit);
    let cursor = &mut view.diff_cursor;
    cursor.first_column = cursor.first_column.min(n.saturating_sub(fit));
    let visible: Vec<usize> = order
        .iter()
        .take(1)
        .chain(order.iter().skip(1 + cursor.first_column).take(fit - 1))
        .copied()
        .collect();
    refresh_rows(compared, state, cursor, &order, visible.clone());
    if !ui.ctx().egui_wants_keyboard_input() {
        let (next, prev) = ui.input_mut(|i| {
            // consume_key matches logically: a bare F7 also matches Shift+F7, so the shifted
            // (previous) keys are taken first. Alt+↑/↓ as in Beyond Compare and WinMerge.
            let prev = i.consume_key(Modifiers::SHIFT, Key::F7)
                || i.consume_key(Modifiers::ALT, Key::ArrowUp)
                || i.consume_key(Modifiers::NONE, Key::P);
            let next = i.consume_key(Modifiers::NONE, Key::F7)
                || i.consume_key(Modifiers::ALT, Key::ArrowDown)
                || i.consume_key(Modifiers::NONE, Key::N);
            (next, prev)
        });
        if next {
            cursor.step(true);
        }
        if prev {
            cursor.step(false);
        }
    }
    let Some(cache) = &cursor.rows else {
        return None;
    };
    let rows = cache.rows.clone();
    let diffs = cache.diffs.clone();
    let paired: Vec<bool> = diffs
        .iter()
        .map(|&r| {
            let row = &cache.rows[r];
            cache
                .visible
                .iter()
                .filter(|&&c| row.cells.get(c).is_some_and(Option::is_some))
                .count()
                >= 2
        })
        .collect();
    let current_row = cache.diffs.get(cursor.index).copied();
    let width = ((avail - GAP * (fit as f32 - 1.0)) / fit as f32).max(120.0);
    let marks = Marks::new(ui.visuals(), egui::TextStyle::Body.resolve(ui.style()));
    let grid = Grid {
        width,
        visible: visible.clone(),
    };
    let notes = Notes {
        cmp,
        notes: &state.notes,
    };
    let mut out = header_ui(ui, compared, &grid, &order, !state.column_order.is_empty());
    ui.separator();
    if rows.is_empty() {
        return empty_rows_ui(ui, compared, state, cursor, &order, &visible).or(out);
    }
    let tops = row_tops(ui, cursor, &rows, &grid, &marks, &notes);
    let scroll = std::mem::take(&mut cursor.scroll);
    let dark = ui.visuals().dark_mode;
    let full = ui.available_rect_before_wrap();
    let map_rect = Rect::from_min_max(Pos2::new(full.max.x - MAP_WIDTH, full.min.y), full.max);
    let rows_rect = full.with_max_x(map_rect.min.x - GAP / 2.0);
    let mut seen = Rect::NOTHING;
    ui.scope_builder(egui::UiBuilder::new().max_rect(rows_rect), |ui| {
        egui::ScrollArea::vertical()
            .id_salt("sbs_v")
            .auto_shrink([false, false])
            .show_viewport(ui, |ui, viewport| {
                seen = viewport;
                let origin = ui.max_rect().min;
                ui.set_min_width(grid.total_width());
                ui.set_height(tops.last().copied().unwrap_or(0.0));
                let row_rect = |r: usize| {
                    Rect::from_min_max(
                        origin + Vec2::new(0.0, tops[r]),
                        origin + Vec2::new(grid.total_width(), tops[r + 1] - ROW_GAP),
                    )
                };
                // Rows are sorted by top: start at the one holding the viewport's top edge.
                let first = tops
                    .partition_point(|&t| t <= viewport.min.y)
                    .saturating_sub(1);
                for (r, row) in rows.iter().enumerate().skip(first) {
                    if tops[r] > viewport.max.y {
                        break;
                    }
                    let rect = row_rect(r);
                    let draw = RowDraw {
                        grid: &grid,
                        marks: &marks,
                        notes: &notes,
                        dark,
                    };
                    if let Some((col, passage)) = row_ui(ui, view, r, row, rect.min, &draw) {
                        out = compared
                            .paths
                            .get(col)
                            .cloned()
                            .map(|path| Command::ShowPassage { path, passage });
                    }
                    if current_row == Some(r) {
                        let stroke = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
                        ui.painter().rect_stroke(
                            rect.expand(2.0),
                            4.0,
                            stroke,
                            egui::StrokeKind::Outside,
                        );
                    }
                    let rule = ui.visuals().widgets.noninteractive.bg_stroke;
                    ui.painter()
                        .hline(rect.x_range(), rect.bottom() + ROW_GAP / 2.0, rule);
                }
                if scroll && let Some(r) = current_row {
                    // Only the vertical range: the columns stay as they are.
                    let target =
                        Rect::from_x_y_ranges(ui.clip_rect().x_range(), row_rect(r).y_range());
                    ui.scroll_to_rect(target, Some(egui::Align::Center));
                }
            });
    });
    let cursor = &mut view.diff_cursor;
    let map = LocationMap {
        tops: &tops,
        diffs: &diffs,
        paired: &paired,
        current: cursor.index,
        viewport: seen,
    };
    if let Some(index) = location_bar_ui(ui, map_rect, &map) {
        cursor.index = index;
        cursor.scroll = true;
    }
    out
}

/// What the location bar shows: rows' tops (the last entry is the end), the differing rows in
/// display order, the current difference and the part of the rows in view.
struct LocationMap<'a> {
    tops: &'a [f32],
    diffs: &'a [usize],
    /// Per difference: sentences on screen are paired (else one stands alone).
    paired: &'a [bool],
    current: usize,
    viewport: Rect,
}

impl LocationMap<'_> {
    /// Content height, or the view's when the rows are shorter than it: a
    /// few rows then sit at the bar's top at screen scale instead of filling it.
    fn total(&self) -> f32 {
        let content = self.tops.last().copied().unwrap_or(0.0);
        content.max(self.viewport.height()).max(1.0)
    }

    /// The difference nearest to `fraction` (0 = top, 1 = bottom) of all rows.
    fn nearest(&self, fraction: f32) -> Option<usize> {
        let y = fraction.clamp(0.0, 1.0) * self.total();
        let middle = |d: usize| {
            let r = self.diffs[d];
            (self.tops[r] + self.tops.get(r + 1).copied().unwrap_or(self.tops[r])) / 2.0
        };
        let after = (0..self.diffs.len()).find(|&d| middle(d) >= y);
        match after {
            Some(0) => Some(0),
            Some(d) if middle(d) - y <= y - middle(d - 1) => Some(d),
            Some(d) => Some(d - 1),
            None => self.diffs.len().checked_sub(1),
        }
    }
}

/// Draws the location bar in `rect`; a click or drag returns the difference to go to.
fn location_bar_ui(ui: &mut egui::Ui, rect: Rect, map: &LocationMap<'_>) -> Option<usize> {
    let response = ui
        .interact(
            rect,
            ui.scope_id().with("location_bar"),
            Sense::click_and_drag(),
        )
        .on_hover_text(text::LOCATION_BAR_HINT.get());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::ScrollBar, ui.is_enabled(), MAP_LABEL.get())
    });
    let visuals = ui.visuals();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, visuals.faint_bg_color);
    let scale = rect.height() / map.total();
    let y = |content: f32| rect.top() + content * scale;
    let changed = visuals.warn_fg_color;
    let alone = visuals.weak_text_color().gamma_multiply(0.5);
    // Lone rows first, so that paired differences and the current one stay on top.
    let mut order: Vec<usize> = (0..map.diffs.len()).collect();
    order.sort_by_key(|&d| {
        (
            d == map.current,
            map.paired.get(d).copied().unwrap_or(false),
        )
    });
    for d in order {
        let r = map.diffs[d];
        let (top, bottom) = (
            map.tops[r],
            map.tops.get(r + 1).copied().unwrap_or(map.tops[r]),
        );
        let height = ((bottom - top) * scale).max(2.0);
        let colour = if d == map.current {
            visuals.selection.stroke.color
        } else if map.paired.get(d).copied().unwrap_or(false) {
            changed
        } else {
            alone
        };
        let band = Rect::from_x_y_ranges(rect.x_range(), y(top)..=y(top) + height);
        painter.rect_filled(band, 0.0, colour);
    }
    if map.viewport.is_positive() {
        let view = Rect::from_x_y_ranges(
            rect.x_range(),
            y(map.viewport.top())..=y(map.viewport.bottom()).min(rect.bottom()),
        );
        painter.rect_stroke(
            view,
            2.0,
            visuals.widgets.active.fg_stroke,
            egui::StrokeKind::Inside,
        );
    }
    let pointer = response.interact_pointer_pos()?;
    if !(response.clicked() || response.dragged()) {
        return None;
    }
    map.nearest((pointer.y - rect.top()) / rect.height())
}

/// The pinned base and the columns' pager, when not every column fits.
fn columns_bar_ui(
    ui: &mut egui::Ui,
    cmp: &Comparison,
    state: &mut State,
    cursor: &mut Cursor,
    order: &[usize],
    fit: usize,
) {
    let n = order.len();
    // Wrapped: at 1024 px the pager went past the pane's edge.
    ui.horizontal_wrapped(|ui| {
        if let Some(info) = order.first().and_then(|&b| cmp.reports.get(b)) {
            ui.label(text::BASE_IS.fill(&[&report_label(info)]))
                .on_hover_text(text::PIN_BASE_HINT.get());
            ui.separator();
        }
        let mut matched = only_matched(state, n);
        if ui
            .checkbox(&mut matched, text::ONLY_MATCHED_ROWS.get())
            .changed()
        {
            state.only_matched = Some(matched);
        }
        ui.checkbox(
            &mut state.only_differences,
            text::SHOW_ONLY_DIFFERENCES.get(),
        );
        if fit >= n {
            return;
        }
        ui.separator();
        let last = n - fit;
        if ui
            .add_enabled(cursor.first_column > 0, egui::Button::new("◀"))
            .on_hover_text(text::PREVIOUS_COLUMN.get())
            .clicked()
        {
            cursor.first_column -= 1;
        }
        ui.add(
            egui::Slider::new(&mut cursor.first_column, 0..=last)
                .show_value(false)
                .step_by(1.0),
        );
        if ui
            .add_enabled(cursor.first_column < last, egui::Button::new("▶"))
            .on_hover_text(text::NEXT_COLUMN.get())
            .clicked()
        {
            cursor.first_column += 1;
        }
        let from = cursor.first_column + 2;
        ui.label(text::COLUMNS_RANGE.fill(&[&from, &(from + fit - 2), &n]));
    });
}

/// Column headers: the report's name; its context menu pins it as the base or moves it.
fn header_ui(
    ui: &mut egui::Ui,
    compared: &Compared,
    grid: &Grid,
    order: &[usize],
    placed_by_user: bool,
) -> Option<Command> {
    let mut out = None;
    let base = order.first().copied().unwrap_or(0);
    // The new order as paths: what the state keeps, so it survives reloading.
    let paths = |order: Vec<usize>| {
        let paths = order.iter().filter_map(|&i| compared.paths.get(i).cloned());
        Command::SetColumnOrder(paths.collect())
    };
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = GAP;
        for &col in &grid.visible {
            let Some(info) = compared.comparison.reports.get(col) else {
                continue;
            };
            let position = order.iter().position(|&c| c == col).unwrap_or(0);
            ui.allocate_ui(Vec2::new(grid.width, 20.0), |ui| {
                ui.set_width(grid.width);
                let mut text = RichText::new(report_label(info)).strong();
                if col == base {
                    text = RichText::new(text::BASE_COLUMN.fill(&[&report_label(info)]))
                        .strong()
                        .underline();
                }
                let response = ui
                    .add(egui::Label::new(text).truncate().sense(Sense::click()))
                    .on_hover_text(text::COLUMN_HEADER_HINT.fill(&[&info.title]));
                response.context_menu(|ui| {
                    let pin =
                        ui.add_enabled(col != base, egui::Button::new(text::PIN_AS_BASE.get()));
                    if pin.clicked() {
                        out = compared.paths.get(col).cloned().map(Command::PinBase);
                        ui.close();
                    }
                    ui.separator();
                    for (left, label) in [
                        (true, text::MOVE_LEFT.get()),
                        (false, text::MOVE_RIGHT.get()),
                    ] {
                        let moved = rows::moved(order, position, left);
                        let button = ui.add_enabled(moved.is_some(), egui::Button::new(label));
                        if let Some(moved) = moved.filter(|_| button.clicked()) {
                            out = Some(paths(moved));
                            ui.close();
                        }
                    }
                    let reset = ui.add_enabled(
                        placed_by_user,
                        egui::Button::new(text::ORDER_BY_YEAR_REGION.get()),
                    );
                    if reset.clicked() {
                        out = Some(Command::SetColumnOrder(Vec::new()));
                        ui.close();
                    }
                });
            });
        }
    });
    out
}

/// Column geometry shared by measuring and drawing: the reports on screen, in display order.
struct Grid {
    width: f32,
    visible: Vec<usize>,
}

impl Grid {
    fn total_width(&self) -> f32 {
        let n = self.visible.len() as f32;
        n * self.width + (n - 1.0).max(0.0) * GAP
    }

    /// (report, x of its column) for each column on screen.
    fn columns(&self) -> impl Iterator<Item = (usize, f32)> + '_ {
        self.visible
            .iter()
            .enumerate()
            .map(|(slot, &col)| (col, slot as f32 * (self.width + GAP)))
    }
}

/// The notes of paired rows: a cell beside its row's anchor is a pair of two reports.
struct Notes<'a> {
    cmp: &'a Comparison,
    notes: &'a BTreeMap<String, String>,
}

impl Notes<'_> {
    /// The key of the pair (anchor, `col`) in `row`; none for the anchor itself.
    fn key(&self, row: &Row, col: usize) -> Option<String> {
        if col == row.anchor {
            return None;
        }
        let source = |i: usize| self.cmp.reports.get(i).map(|r| r.source.clone());
        let target = crate::notes::Target::Pair {
            left: source(row.anchor)?,
            right: source(col)?,
            text: row.anchor_text(),
        };
        Some(target.key())
    }

    fn get(&self, key: Option<&String>) -> Option<&String> {
        key.and_then(|k| self.notes.get(k))
    }

    /// Changes whenever a note is added, edited or removed (row heights depend on the marks).
    fn version(&self) -> u64 {
        hash_of(self.notes)
    }
}

/// Row tops for these rows at this width, measured once per rows/width/font/notes change: every
/// cell on screen is laid out then, and afterwards only the rows in view.
fn row_tops(
    ui: &egui::Ui,
    cursor: &mut Cursor,
    rows: &[Row],
    grid: &Grid,
    marks: &Marks,
    notes: &Notes<'_>,
) -> Arc<Vec<f32>> {
    let key = hash_of((
        cursor.rows.as_ref().map(|c| c.key),
        grid.width.to_bits(),
        marks.plain.font_id.size.to_bits(),
        ui.ctx().pixels_per_point().to_bits(),
        notes.version(),
    ));
    if let Some(cached) = cursor.tops.as_ref().filter(|t| t.key == key) {
        return cached.tops.clone();
    }
    let dark = ui.visuals().dark_mode;
    let empty = empty_cell_height(ui, marks);
    let mut tops = Vec::with_capacity(rows.len() + 1);
    let mut top = 0.0;
    tops.push(top);
    for row in rows {
        let height = grid
            .visible
            .iter()
            .filter_map(|&col| {
                let cell = row.cells.get(col)?.as_ref()?;
                let noted = notes.get(notes.key(row, col).as_ref()).is_some();
                Some(
                    cell_galley(ui, cell, grid.width, marks, dark, noted)
                        .size()
                        .y
                        + 2.0 * CELL_PAD,
                )
            })
            .fold(empty, f32::max);
        top += height + ROW_GAP;
        tops.push(top);
    }
    let tops = Arc::new(tops);
    cursor.tops = Some(RowTops {
        key,
        tops: tops.clone(),
    });
    tops
}

fn empty_cell_height(ui: &egui::Ui, marks: &Marks) -> f32 {
    let font = marks.plain.font_id.clone();
    let galley = ui.fonts_mut(|f| {
        f.layout_no_wrap(
            text::NO_MATCH.get().to_owned(),
            font,
            egui::Color32::PLACEHOLDER,
        )
    });
    galley.size().y + 2.0 * CELL_PAD
}

/// What every row is drawn with.
struct RowDraw<'a> {
    grid: &'a Grid,
    marks: &'a Marks,
    notes: &'a Notes<'a>,
    dark: bool,
}

/// Draws one row with its top-left at `min`; returns (column, passage) of a clicked sentence.
fn row_ui(
    ui: &mut egui::Ui,
    view: &mut ViewState,
    r: usize,
    row: &Row,
    min: Pos2,
    draw: &RowDraw<'_>,
) -> Option<(usize, usize)> {
    let mut clicked = None;
    for (col, x) in draw.grid.columns() {
        let at = min + Vec2::new(x, 0.0);
        match row.cells.get(col).and_then(Option::as_ref) {
            Some(cell) => {
                let id = ui.scope_id().with(("sbs_cell", r, col));
                let key = draw.notes.key(row, col);
                let note = draw.notes.get(key.as_ref());
                let response = cell_ui(ui, id, at, cell, draw, note);
                if response.clicked() {
                    clicked = Some((col, cell.passage));
                }
                if let Some(key) = key {
                    response.context_menu(|ui| {
                        let title = format!(
                            "{} ↔ {} · {}",
                            report_name(draw.notes.cmp, row.anchor),
                            report_name(draw.notes.cmp, col),
                            row.anchor_text()
                        );
                        note_button(ui, view, &key, title, note);
                    });
                }
            }
            None => {
                let rect = Rect::from_min_size(
                    at,
                    Vec2::new(draw.grid.width, empty_cell_height(ui, draw.marks)),
                );
                ui.put(
                    rect.shrink(CELL_PAD),
                    egui::Label::new(RichText::new(text::NO_MATCH.get()).weak()).truncate(),
                );
            }
        }
    }
    clicked
}

fn report_name(cmp: &Comparison, i: usize) -> String {
    cmp.reports.get(i).map(report_label).unwrap_or_default()
}

fn topic_strip_ui(
    ui: &mut egui::Ui,
    topics: &[&crate::model::TopicRow],
    state: &mut State,
    cursor: &mut Cursor,
) {
    // Wrapped, not scrolled: a horizontal scroll bar floated over the chips and left only their
    // top few pixels clickable, and chips past the edge were out of reach.
    ui.horizontal_wrapped(|ui| {
        for (i, topic) in topics.iter().enumerate() {
            if i == style::KEY_TOPICS.len() {
                ui.separator();
            }
            let short = text::topic(
                &topic.id,
                style::short_topic_label(&topic.id).unwrap_or(&topic.label),
                true,
            );
            let total: usize = topic.cells.iter().map(|c| c.passages).sum();
            let mut text = RichText::new(format!("{short} {total}"));
            if topic.key {
                text = text.strong();
            }
            if ui
                .selectable_label(state.topic == topic.id, text)
                .on_hover_text(&topic.label)
                .clicked()
            {
                state.topic = topic.id.clone();
                cursor.index = 0;
            }
        }
    });
}

fn toolbar_ui(
    ui: &mut egui::Ui,
    cmp: &crate::model::Comparison,
    state: &mut State,
    cursor: &mut Cursor,
) {
    ui.horizontal(|ui| {
        let label = cmp
            .topics
            .iter()
            .find(|t| t.id == state.topic)
            .map_or("", |t| t.label.as_str());
        ui.strong(text::SIDE_BY_SIDE_TOPIC.fill(&[&label]));
        ui.separator();
        ui.label(text::KINDS_LABEL.get());
        let dark = ui.visuals().dark_mode;
        for kind in Kind::ALL {
            let text = RichText::new(text::kind(kind)).color(style::kind_colour(kind, dark));
            ui.checkbox(state.kinds.flag_mut(kind), text);
        }
        ui.separator();
        let (at, total) = cursor.position();
        if ui
            .add_enabled(total > 0, egui::Button::new(text::PREVIOUS_HIT.get()))
            .on_hover_text("p / Shift+F7")
            .clicked()
        {
            cursor.step(false);
        }
        if ui
            .add_enabled(total > 0, egui::Button::new(text::NEXT_HIT.get()))
            .on_hover_text("n / F7")
            .clicked()
        {
            cursor.step(true);
        }
        ui.monospace(format!("{at}/{total}"));
    });
}

/// The laid-out sentence, after the note mark when noted (job and galley come from caches on a
/// steady frame).
fn cell_galley(
    ui: &egui::Ui,
    cell: &CellText,
    width: f32,
    marks: &Marks,
    dark: bool,
    noted: bool,
) -> Arc<egui::Galley> {
    let wrap = width - 2.0 * CELL_PAD;
    let font_size = marks.plain.font_id.size;
    let job = ui.memory_mut(|m| {
        m.caches
            .cache::<JobCache>()
            .get(JobKey {
                spans: &cell.spans,
                wrap: wrap.to_bits(),
                dark,
                font_size: font_size.to_bits(),
                noted,
            })
            .clone()
    });
    ui.fonts_mut(|f| f.layout_job(job))
}

/// Draws one sentence with its top-left at `at`; a click reads it in context, a secondary click
/// on a paired cell opens its note menu (added by the caller).
fn cell_ui(
    ui: &mut egui::Ui,
    id: egui::Id,
    at: Pos2,
    cell: &CellText,
    draw: &RowDraw<'_>,
    note: Option<&String>,
) -> egui::Response {
    let (width, marks, dark) = (draw.grid.width, draw.marks, draw.dark);
    let galley = cell_galley(ui, cell, width, marks, dark, note.is_some());
    let rect = Rect::from_min_size(at, Vec2::new(width, galley.size().y + 2.0 * CELL_PAD));
    let response = ui.interact(rect, id, Sense::click());
    let origin = rect.min + Vec2::splat(CELL_PAD);
    let painter = ui.painter();
    if response.hovered() {
        painter.rect_filled(rect, 3.0, ui.visuals().faint_bg_color);
    }
    // A thin kind-coloured bar on the left: the kind without reading a chip.
    painter.line_segment(
        [
            rect.left_top() + Vec2::new(1.0, 3.0),
            rect.left_bottom() + Vec2::new(1.0, -3.0),
        ],
        egui::Stroke::new(2.0, style::kind_colour(cell.kind, dark)),
    );
    painter.galley(origin, galley.clone(), ui.visuals().text_color());
    let skip = if note.is_some() {
        MARK.chars().count()
    } else {
        0
    };
    paint_number_boxes(
        painter,
        &galley,
        &cell.spans,
        origin,
        marks.number_box,
        skip,
    );
    let mut text = cell.text();
    if note.is_some() {
        text.insert_str(0, MARK);
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
    response.on_hover_text(hover_with_note(
        text::CLICK_TO_READ_IN_CONTEXT.fill(&[&text::kind(cell.kind)]),
        note,
    ))
}

/// Boxes changed numbers. Glyphs map 1:1 to the characters of our single-line sentences; if a
/// layout ever breaks that, the boxes are skipped and the number keeps its colour and tint.
fn paint_number_boxes(
    painter: &egui::Painter,
    galley: &egui::Galley,
    spans: &[Span],
    origin: egui::Pos2,
    stroke: egui::Stroke,
    skip: usize,
) {
    let mut ranges = Vec::new();
    let mut at = skip;
    for span in spans {
        let len = span.text.chars().count();
        if span.number && span.mark != Mark::Plain {
            ranges.push(at..at + len);
        }
        at += len;
    }
    let glyphs: usize = galley.rows.iter().map(|r| r.row.glyphs.len()).sum();
    if ranges.is_empty() || glyphs != at {
        return;
    }
    let mut index = 0usize;
    for placed in &galley.rows {
        for range in &ranges {
            let mut rect = egui::Rect::NOTHING;
            for (i, glyph) in placed.row.glyphs.iter().enumerate() {
                if range.contains(&(index + i)) {
                    rect = rect.union(glyph.logical_rect().translate(placed.pos.to_vec2()));
                }
            }
            if rect.is_positive() {
                painter.rect_stroke(
                    rect.translate(origin.to_vec2()).expand(1.0),
                    2.0,
                    stroke,
                    egui::StrokeKind::Outside,
                );
            }
        }
        index += placed.row.glyphs.len();
    }
}

#[derive(Clone, Copy, Hash)]
struct JobKey<'a> {
    spans: &'a [Span],
    wrap: u32,
    dark: bool,
    font_size: u32,
    /// The note mark goes first.
    noted: bool,
}

#[derive(Default)]
struct JobBuilder;

impl<'a> egui::cache::ComputerMut<JobKey<'a>, LayoutJob> for JobBuilder {
    fn compute(&mut self, key: JobKey<'a>) -> LayoutJob {
        let visuals = if key.dark {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        };
        let marks = Marks::new(
            &visuals,
            egui::FontId::proportional(f32::from_bits(key.font_size)),
        );
        let mut job = LayoutJob::default();
        job.wrap.max_width = f32::from_bits(key.wrap);
        if key.noted {
            let format = egui::TextFormat {
                color: visuals.warn_fg_color,
                ..marks.plain.clone()
            };
            job.append(MARK, 0.0, format);
        }
        for span in key.spans {
            let format = match (span.mark, span.number) {
                (Mark::Plain, _) => marks.plain.clone(),
                (Mark::Removed, false) => marks.deleted.clone(),
                (Mark::Added, false) => marks.inserted.clone(),
                (Mark::Removed, true) => egui::TextFormat {
                    color: marks.number.color,
                    ..marks.deleted.clone()
                },
                (Mark::Added, true) => egui::TextFormat {
                    color: marks.number.color,
                    ..marks.inserted.clone()
                },
            };
            job.append(&span.text, 0.0, format);
        }
        job
    }
}

/// Diff `LayoutJob`s, rebuilt only when a sentence, the column width or the theme changes.
type JobCache = egui::cache::FrameCache<LayoutJob, JobBuilder>;

#[cfg(test)]
mod pager_tests {
    use super::next_column_on;

    #[test]
    fn the_next_column_on_the_topic_skips_those_on_screen_and_wraps() {
        // Reports 1..=6 after the base 0; 2 and 5 write on the topic; 1 and 2 are on screen.
        let others = [1, 2, 3, 4, 5, 6];
        let on = |r: usize| r == 2 || r == 5;
        assert_eq!(next_column_on(&others, &[0, 1, 2], 0, on), Some(4));
        // From the last page it wraps round, past what is on screen.
        assert_eq!(next_column_on(&others, &[0, 5, 6], 4, on), Some(1));
        assert_eq!(next_column_on(&others, &[0, 2, 5], 1, on), None);
        assert_eq!(next_column_on(&[], &[0], 0, on), None);
    }
}
