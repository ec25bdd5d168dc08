//! Side by side: for one topic, one column per compared report. Sentences the engine paired
//! share a row, with word-level diff marks (text only on this side tinted and struck through or
//! underlined; changed numbers boxed in a strong colour); sentences without a partner get a row
//! of their own. n / p (F7 / Shift+F7) walk the differences.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Key, Modifiers, Pos2, Rect, RichText, Sense, Vec2};

use crate::model::{DiffOp, Kind, Pair, Report, SentenceRef};

use super::overview::{ordered_topics, report_label};
use super::state::State;
use super::style::{self, Marks};
use super::{Command, Compared};

/// Below this width a column stops shrinking and the view scrolls sideways instead.
const MIN_COLUMN: f32 = 280.0;
const CELL_PAD: f32 = 6.0;
/// Vertical space between rows; a rule is drawn in its middle.
const ROW_GAP: f32 = 8.0;
const NO_MATCH: &str = "（无对应句 no matching sentence）";

/// Which difference is current, and the rows built for the current topic.
#[derive(Default)]
pub struct Cursor {
    index: usize,
    /// Scroll the current difference into view on the next frame.
    scroll: bool,
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

struct RowsCache {
    key: u64,
    rows: Arc<Vec<Row>>,
    /// Indices of rows that differ (changed pairs and unmatched sentences), in display order.
    diffs: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Plain,
    /// Text only in this column (the engine's `delete` on side a, `insert` on side b).
    Removed,
    Added,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub mark: Mark,
    pub text: String,
    pub number: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CellText {
    pub passage: usize,
    pub kind: Kind,
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Option<CellText>>,
    pub differs: bool,
    order: f64,
}

impl Row {
    pub fn has_changed_number(&self) -> bool {
        self.cells
            .iter()
            .flatten()
            .any(|c| c.spans.iter().any(|s| s.number && s.mark != Mark::Plain))
    }
}

fn side_spans(pair: &Pair, side_a: bool) -> Vec<Span> {
    pair.diff
        .iter()
        .filter_map(|d| {
            let mark = match (d.op, side_a) {
                (DiffOp::Equal, _) => Mark::Plain,
                (DiffOp::Delete, true) => Mark::Removed,
                (DiffOp::Insert, false) => Mark::Added,
                _ => return None,
            };
            Some(Span {
                mark,
                text: d.text.clone(),
                number: d.number,
            })
        })
        .collect()
}

fn plain(text: &str) -> Vec<Span> {
    vec![Span {
        mark: Mark::Plain,
        text: text.to_owned(),
        number: false,
    }]
}

/// (report, passage, text) of every sentence of `report` on `topic` whose kind is shown.
fn topic_sentences<'a>(
    report: &'a Report,
    topic: &'a str,
) -> impl Iterator<Item = (usize, Kind, &'a str)> + 'a {
    report
        .passages
        .iter()
        .enumerate()
        .flat_map(move |(p, passage)| {
            let from_sentences = passage
                .sentences
                .iter()
                .filter(move |s| s.topics.iter().any(|t| t == topic))
                .map(move |s| (p, s.kind, s.text.as_str()));
            let whole = (passage.sentences.is_empty() && passage.topics.iter().any(|t| t == topic))
                .then_some((p, passage.kind, passage.text.as_str()));
            from_sentences.chain(whole)
        })
}

/// Lays the pairs and unmatched sentences of one topic out as rows, in reading order.
pub fn build_rows(compared: &Compared, topic: &str, kinds: &super::state::KindFilter) -> Vec<Row> {
    let n = compared.reports.len();
    let cmp = &compared.comparison;
    let mut rows: Vec<Row> = Vec::new();
    let mut row_of: HashMap<(usize, usize, &str), usize> = HashMap::new();
    let mut pairs: Vec<&Pair> = cmp
        .pairs
        .iter()
        .filter(|p| p.topic == topic && (kinds.shows(p.a.kind) || kinds.shows(p.b.kind)))
        .filter(|p| p.a.report < n && p.b.report < n && p.a.report != p.b.report)
        .collect();
    pairs.sort_by(|x, y| y.similarity.total_cmp(&x.similarity));
    for pair in pairs {
        let cell = |s: &SentenceRef, a: bool| CellText {
            passage: s.passage,
            kind: s.kind,
            spans: side_spans(pair, a),
        };
        let changed = pair.diff.iter().any(|d| d.op != DiffOp::Equal);
        match (
            row_of.get(&id(&pair.a)).copied(),
            row_of.get(&id(&pair.b)).copied(),
        ) {
            (None, None) => {
                let mut cells = vec![None; n];
                cells[pair.a.report] = Some(cell(&pair.a, true));
                cells[pair.b.report] = Some(cell(&pair.b, false));
                row_of.insert(id(&pair.a), rows.len());
                row_of.insert(id(&pair.b), rows.len());
                rows.push(Row {
                    cells,
                    differs: changed,
                    order: 0.0,
                });
            }
            (Some(r), None) | (None, Some(r)) => {
                let (new, a) = if row_of.contains_key(&id(&pair.a)) {
                    (&pair.b, false)
                } else {
                    (&pair.a, true)
                };
                let Some(row) = rows.get_mut(r) else { continue };
                if row.cells.get(new.report).is_some_and(Option::is_none) {
                    row.cells[new.report] = Some(cell(new, a));
                    row.differs |= changed;
                    row_of.insert(id(new), r);
                }
            }
            (Some(_), Some(_)) => {}
        }
    }
    for (index, report) in compared.reports.iter().enumerate() {
        for (passage, kind, text) in topic_sentences(report, topic) {
            if !kinds.shows(kind) || row_of.contains_key(&(index, passage, text.trim())) {
                continue;
            }
            let mut cells = vec![None; n];
            cells[index] = Some(CellText {
                passage,
                kind,
                spans: plain(text),
            });
            row_of.insert((index, passage, text.trim()), rows.len());
            rows.push(Row {
                cells,
                differs: true,
                order: 0.0,
            });
        }
    }
    // Reading order: each row sits where its earliest sentence sits in its own report.
    for row in &mut rows {
        row.order = row
            .cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let c = c.as_ref()?;
                let len = compared
                    .reports
                    .get(i)
                    .map_or(1, |r| r.passages.len().max(1));
                Some(c.passage as f64 / len as f64)
            })
            .fold(f64::INFINITY, f64::min);
    }
    rows.sort_by(|a, b| a.order.total_cmp(&b.order));
    rows
}

fn id(s: &SentenceRef) -> (usize, usize, &str) {
    (s.report, s.passage, s.text.trim())
}

fn rows_key(compared: &Compared, topic: &str, kinds: &super::state::KindFilter) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (
        compared.key,
        topic,
        kinds.achievement,
        kinds.shortcoming,
        kinds.plan,
    )
        .hash(&mut h);
    h.finish()
}

pub fn side_by_side_ui(
    ui: &mut egui::Ui,
    compared: &Compared,
    state: &mut State,
    cursor: &mut Cursor,
) -> Option<Command> {
    let mut out = None;
    let cmp = &compared.comparison;
    let topics = ordered_topics(cmp);
    if !topics.iter().any(|t| t.id == state.topic) {
        state.topic = topics.first().map(|t| t.id.clone()).unwrap_or_default();
    }
    let key = rows_key(compared, &state.topic, &state.kinds);
    if cursor.rows.as_ref().is_none_or(|r| r.key != key) {
        let rows = build_rows(compared, &state.topic, &state.kinds);
        let diffs = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.differs)
            .map(|(i, _)| i)
            .collect();
        cursor.rows = Some(RowsCache {
            key,
            rows: Arc::new(rows),
            diffs,
        });
        cursor.index = 0;
    }
    topic_strip_ui(ui, &topics, state, cursor);
    toolbar_ui(ui, cmp, state, cursor);
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
    ui.separator();
    let Some(cache) = &cursor.rows else {
        return None;
    };
    let rows = cache.rows.clone();
    let current_row = cache.diffs.get(cursor.index).copied();
    let n = compared.reports.len().max(1);
    let gap = 8.0;
    let avail = ui.available_width() - 16.0;
    let width = if n <= 4 {
        ((avail - gap * (n as f32 - 1.0)) / n as f32).max(160.0)
    } else {
        ((avail - gap * 3.0) / 4.0).max(MIN_COLUMN)
    };
    let marks = Marks::new(ui.visuals(), egui::TextStyle::Body.resolve(ui.style()));
    let dark = ui.visuals().dark_mode;
    let grid = Grid {
        width,
        gap,
        columns: n,
    };
    let tops = row_tops(ui, cursor, &rows, &grid, &marks);
    egui::ScrollArea::horizontal().id_salt("sbs_h").auto_shrink([false, false]).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            for info in &cmp.reports {
                ui.allocate_ui(Vec2::new(width, 20.0), |ui| {
                    ui.set_width(width);
                    ui.add(egui::Label::new(RichText::new(report_label(info)).strong()).truncate())
                        .on_hover_text(&info.title);
                });
            }
        });
        ui.separator();
        if rows.is_empty() {
            ui.weak("这个主题下没有内容 Nothing on this topic in the compared reports (check the kind filter)");
            return;
        }
        egui::ScrollArea::vertical().id_salt("sbs_v").auto_shrink([false, false]).show_viewport(ui, |ui, viewport| {
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
            let first = tops.partition_point(|&t| t <= viewport.min.y).saturating_sub(1);
            for (r, row) in rows.iter().enumerate().skip(first) {
                if tops[r] > viewport.max.y {
                    break;
                }
                let rect = row_rect(r);
                if let Some((col, passage)) = row_ui(ui, r, row, rect.min, &grid, &marks, dark) {
                    out = compared.paths.get(col).cloned().map(|path| Command::ShowPassage { path, passage });
                }
                if current_row == Some(r) {
                    let stroke = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
                    ui.painter().rect_stroke(rect.expand(2.0), 4.0, stroke, egui::StrokeKind::Outside);
                }
                let rule = ui.visuals().widgets.noninteractive.bg_stroke;
                ui.painter().hline(rect.x_range(), rect.bottom() + ROW_GAP / 2.0, rule);
            }
            if cursor.scroll {
                cursor.scroll = false;
                if let Some(r) = current_row {
                    // Only the vertical range: the columns stay where the user scrolled them.
                    let target = Rect::from_x_y_ranges(ui.clip_rect().x_range(), row_rect(r).y_range());
                    ui.scroll_to_rect(target, Some(egui::Align::Center));
                }
            }
        });
    });
    out
}

/// Column geometry shared by measuring and drawing.
struct Grid {
    width: f32,
    gap: f32,
    columns: usize,
}

impl Grid {
    fn total_width(&self) -> f32 {
        self.columns as f32 * self.width + (self.columns as f32 - 1.0).max(0.0) * self.gap
    }

    fn column_x(&self, col: usize) -> f32 {
        col as f32 * (self.width + self.gap)
    }
}

/// Row tops for these rows at this width, measured once per rows/width/font change: every
/// cell is laid out then, and afterwards only the rows in view.
fn row_tops(
    ui: &egui::Ui,
    cursor: &mut Cursor,
    rows: &[Row],
    grid: &Grid,
    marks: &Marks,
) -> Arc<Vec<f32>> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (
        cursor.rows.as_ref().map(|c| c.key),
        grid.width.to_bits(),
        marks.plain.font_id.size.to_bits(),
        ui.ctx().pixels_per_point().to_bits(),
    )
        .hash(&mut h);
    let key = h.finish();
    if let Some(cached) = cursor.tops.as_ref().filter(|t| t.key == key) {
        return cached.tops.clone();
    }
    let dark = ui.visuals().dark_mode;
    let empty = empty_cell_height(ui, marks);
    let mut tops = Vec::with_capacity(rows.len() + 1);
    let mut top = 0.0;
    tops.push(top);
    for row in rows {
        let height = row
            .cells
            .iter()
            .map(|cell| match cell {
                Some(cell) => {
                    cell_galley(ui, cell, grid.width, marks, dark).size().y + 2.0 * CELL_PAD
                }
                None => empty,
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
    let galley =
        ui.fonts_mut(|f| f.layout_no_wrap(NO_MATCH.to_owned(), font, egui::Color32::PLACEHOLDER));
    galley.size().y + 2.0 * CELL_PAD
}

/// Draws one row with its top-left at `min`; returns (column, passage) of a clicked sentence.
fn row_ui(
    ui: &mut egui::Ui,
    r: usize,
    row: &Row,
    min: Pos2,
    grid: &Grid,
    marks: &Marks,
    dark: bool,
) -> Option<(usize, usize)> {
    let mut clicked = None;
    for (col, cell) in row.cells.iter().enumerate() {
        let at = min + Vec2::new(grid.column_x(col), 0.0);
        match cell {
            Some(cell) => {
                let id = ui.scope_id().with(("sbs_cell", r, col));
                if let Some(passage) = cell_ui(ui, id, at, cell, grid.width, marks, dark) {
                    clicked = Some((col, passage));
                }
            }
            None => {
                let rect =
                    Rect::from_min_size(at, Vec2::new(grid.width, empty_cell_height(ui, marks)));
                ui.put(
                    rect.shrink(CELL_PAD),
                    egui::Label::new(RichText::new(NO_MATCH).weak()).truncate(),
                );
            }
        }
    }
    clicked
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
            let short = style::short_topic_label(&topic.id).unwrap_or(&topic.label);
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
        ui.strong(format!("对照 Side by side · {label}"));
        ui.separator();
        ui.label("类型 kinds:");
        let dark = ui.visuals().dark_mode;
        for kind in Kind::ALL {
            let text = RichText::new(kind.label()).color(style::kind_colour(kind, dark));
            ui.checkbox(state.kinds.flag_mut(kind), text);
        }
        ui.separator();
        let (at, total) = cursor.position();
        if ui
            .add_enabled(total > 0, egui::Button::new("◀ 上一处 prev"))
            .on_hover_text("p / Shift+F7")
            .clicked()
        {
            cursor.step(false);
        }
        if ui
            .add_enabled(total > 0, egui::Button::new("下一处 next ▶"))
            .on_hover_text("n / F7")
            .clicked()
        {
            cursor.step(true);
        }
        ui.monospace(format!("{at}/{total}"));
    });
}

/// The laid-out sentence (job and galley come from caches on a steady frame).
fn cell_galley(
    ui: &egui::Ui,
    cell: &CellText,
    width: f32,
    marks: &Marks,
    dark: bool,
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
            })
            .clone()
    });
    ui.fonts_mut(|f| f.layout_job(job))
}

/// Draws one sentence with its top-left at `at`; returns its passage index when clicked.
fn cell_ui(
    ui: &mut egui::Ui,
    id: egui::Id,
    at: Pos2,
    cell: &CellText,
    width: f32,
    marks: &Marks,
    dark: bool,
) -> Option<usize> {
    let galley = cell_galley(ui, cell, width, marks, dark);
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
    paint_number_boxes(painter, &galley, &cell.spans, origin, marks.number_box);
    let text: String = cell.spans.iter().map(|s| s.text.as_str()).collect();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
    let response = response.on_hover_text(format!(
        "{} — 点击查看全文 click to read in context",
        cell.kind.label()
    ));
    response.clicked().then_some(cell.passage)
}

/// Boxes changed numbers. Glyphs map 1:1 to the characters of our single-line sentences; if a
/// layout ever breaks that, the boxes are skipped and the number keeps its colour and tint.
fn paint_number_boxes(
    painter: &egui::Painter,
    galley: &egui::Galley,
    spans: &[Span],
    origin: egui::Pos2,
    stroke: egui::Stroke,
) {
    let mut ranges = Vec::new();
    let mut at = 0usize;
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
