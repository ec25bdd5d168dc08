//! 模板句 Copied: the sentences three or more compared reports share word for word or nearly,
//! most shared first, with how many reports use each and the earliest year it appears. A click
//! on a sentence opens the reports that use it; a click on a report opens its 全文 at the passage.
//! The engine finds the sentences on a worker (`align::find_copied`) the first time the tab is
//! shown for a set of compared reports; this view only paints them, a screenful of rows at a time.

mod rows;

use std::collections::BTreeSet;

use egui::{Align2, FontId, Rect, RichText, Sense, TextStyle, Vec2};

use crate::align::copied::COPIED_MIN_REPORTS;
use crate::app::text;
use crate::model::CopiedSentence;

use super::{Command, Compared};
use rows::{Row, build_rows};

/// The widths of the columns beside the sentence: the open mark, the number of reports, the year.
const MARK_WIDTH: f32 = 22.0;
const COUNT_WIDTH: f32 = 96.0;
const YEAR_WIDTH: f32 = 104.0;
/// A report's line is indented under its sentence by this much.
const INDENT: f32 = MARK_WIDTH + COUNT_WIDTH;

/// Which sentences are open, and the lines built from them (rebuilt on a click or a new list).
#[derive(Default)]
pub struct CopiedView {
    /// `Compared::reports_key` of the list the lines were built for; another list closes all.
    key: Option<u64>,
    open: BTreeSet<usize>,
    rows: Vec<Row>,
}

/// `found`: the copied sentences of these reports, `None` while the engine looks for them.
pub fn copied_ui(
    ui: &mut egui::Ui,
    compared: &Compared,
    found: Option<&[CopiedSentence]>,
    view: &mut CopiedView,
) -> Option<Command> {
    let n = compared.reports.len();
    if n < COPIED_MIN_REPORTS {
        empty_ui(
            ui,
            &text::COPIED_NEEDS_MORE.fill(&[&COPIED_MIN_REPORTS, &n]),
        );
        return None;
    }
    let Some(sentences) = found else {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() / 3.0);
            ui.spinner();
            ui.weak(text::FINDING_COPIED.fill(&[&n]));
        });
        return None;
    };
    if sentences.is_empty() {
        empty_ui(ui, &text::NO_COPIED.fill(&[&n, &COPIED_MIN_REPORTS]));
        return None;
    }
    if view.key != Some(compared.reports_key) {
        view.open.clear();
        view.key = None;
    }
    let year = |r: usize| compared.comparison.reports.get(r).and_then(|i| i.year);
    if view.key.is_none() {
        view.rows = build_rows(sentences, &view.open, &year);
        view.key = Some(compared.reports_key);
    }
    ui.weak(text::COPIED_SUMMARY.fill(&[&sentences.len(), &COPIED_MIN_REPORTS]));
    ui.separator();
    header_ui(ui);
    let line = ui.text_style_height(&TextStyle::Body);
    // Two lines of a sentence, and room around them; report lines take the same height, so
    // only the rows on screen are laid out (show_rows needs one height).
    let row_height = 2.0 * line + 10.0;
    let mut out = None;
    let mut toggled = None;
    egui::ScrollArea::vertical()
        .id_salt("copied_rows")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, view.rows.len(), |ui, range| {
            let size = Vec2::new(ui.available_width(), row_height);
            for row in view.rows.get(range).unwrap_or_default() {
                match *row {
                    Row::Sentence(i) => {
                        let Some(s) = sentences.get(i) else { continue };
                        if sentence_row_ui(ui, s, view.open.contains(&i), size).clicked() {
                            toggled = Some(i);
                        }
                    }
                    Row::Use {
                        sentence,
                        report,
                        passage,
                    } => {
                        let earliest = sentences.get(sentence).and_then(|s| s.earliest_year);
                        if use_row_ui(ui, compared, report, earliest, size).clicked()
                            && let Some(path) = compared.paths.get(report)
                        {
                            out = Some(Command::ShowPassage {
                                path: path.clone(),
                                passage,
                            });
                        }
                    }
                }
            }
        });
    if let Some(i) = toggled {
        if !view.open.remove(&i) {
            view.open.insert(i);
        }
        view.rows = build_rows(sentences, &view.open, &year);
    }
    out
}

/// Why there is nothing to list, in the middle of the view.
fn empty_ui(ui: &mut egui::Ui, why: &str) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 3.0);
        ui.set_max_width(560.0);
        ui.label(RichText::new(text::TAB_COPIED.get()).strong().size(18.0));
        ui.add_space(6.0);
        ui.label(why);
    });
}

fn header_ui(ui: &mut egui::Ui) {
    let height = ui.text_style_height(&TextStyle::Body) + 4.0;
    let (rect, _) = ui.allocate_exact_size(Vec2::new(ui.available_width(), height), Sense::hover());
    let font = TextStyle::Body.resolve(ui.style());
    let colour = ui.visuals().strong_text_color();
    let painter = ui.painter();
    painter.text(
        rect.left_center() + Vec2::new(INDENT - 8.0, 0.0),
        Align2::RIGHT_CENTER,
        text::COPIED_REPORTS_HEADER.get(),
        font.clone(),
        colour,
    );
    painter.text(
        rect.left_center() + Vec2::new(INDENT + 8.0, 0.0),
        Align2::LEFT_CENTER,
        text::SENTENCE.get(),
        font.clone(),
        colour,
    );
    painter.text(
        rect.right_center() - Vec2::new(8.0, 0.0),
        Align2::RIGHT_CENTER,
        text::EARLIEST.get(),
        font,
        colour,
    );
    ui.separator();
}

/// A copied sentence: ▶ (▼ when open), how many reports use it, its text on two lines at most
/// (all of it on hover), the earliest year. Painted, so only visible rows cost anything.
fn sentence_row_ui(
    ui: &mut egui::Ui,
    s: &CopiedSentence,
    open: bool,
    size: Vec2,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    let enabled = ui.is_enabled();
    // Painted, not a Label: tell accessibility (and tests) what the row says.
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &s.text));
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        if response.hovered() || open {
            ui.painter()
                .rect_filled(rect, 3.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let font = TextStyle::Body.resolve(ui.style());
        let colour = visuals.text_color();
        let strong = visuals.strong_text_color();
        let painter = ui.painter();
        painter.text(
            rect.left_center() + Vec2::new(4.0, 0.0),
            Align2::LEFT_CENTER,
            if open { "▼" } else { "▶" },
            FontId::proportional(font.size * 0.9),
            colour,
        );
        painter.text(
            rect.left_center() + Vec2::new(INDENT - 8.0, 0.0),
            Align2::RIGHT_CENTER,
            s.reports.len().to_string(),
            font.clone(),
            strong,
        );
        if let Some(year) = s.earliest_year {
            painter.text(
                rect.right_center() - Vec2::new(8.0, 0.0),
                Align2::RIGHT_CENTER,
                year.to_string(),
                font.clone(),
                colour,
            );
        }
        let text_rect = Rect::from_min_max(
            rect.left_top() + Vec2::new(INDENT + 8.0, 0.0),
            rect.right_bottom() - Vec2::new(YEAR_WIDTH, 0.0),
        );
        two_lines(ui, &s.text, font, colour, text_rect);
    }
    response.on_hover_text(text::COPIED_ROW_HINT.fill(&[&s.text, &s.reports.len(), &s.wordings]))
}

/// `text` in `rect`, vertically centred, wrapped anywhere (Chinese has no spaces) and cut with
/// "…" after two lines.
fn two_lines(ui: &egui::Ui, text: &str, font: FontId, colour: egui::Color32, rect: Rect) {
    let mut job = egui::text::LayoutJob::simple(text.to_owned(), font, colour, rect.width());
    job.wrap.max_rows = 2;
    job.wrap.break_anywhere = true;
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let top = rect.center().y - galley.size().y / 2.0;
    ui.painter()
        .with_clip_rect(rect)
        .galley(egui::pos2(rect.left(), top), galley, colour);
}

/// A report using an open sentence, indented under it: its name (region and year) and title,
/// 最早 beside the ones of the earliest year. A click opens its full text at the passage.
fn use_row_ui(
    ui: &mut egui::Ui,
    compared: &Compared,
    report: usize,
    earliest: Option<i32>,
    size: Vec2,
) -> egui::Response {
    let info = compared.comparison.reports.get(report);
    let name = info.map(|i| i.display_name()).unwrap_or_default();
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    let enabled = ui.is_enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &name));
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        if response.hovered() {
            ui.painter()
                .rect_filled(rect, 3.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let font = TextStyle::Body.resolve(ui.style());
        let small = TextStyle::Small.resolve(ui.style());
        let left = rect.left() + INDENT + 8.0;
        let painter = ui.painter().with_clip_rect(rect);
        let name_rect = painter.text(
            egui::pos2(left, rect.center().y),
            Align2::LEFT_BOTTOM,
            &name,
            font,
            visuals.hyperlink_color,
        );
        painter.line_segment(
            [name_rect.left_bottom(), name_rect.right_bottom()],
            egui::Stroke::new(1.0, visuals.hyperlink_color),
        );
        if earliest.is_some() && info.and_then(|i| i.year) == earliest {
            painter.text(
                name_rect.right_center() + Vec2::new(10.0, 0.0),
                Align2::LEFT_CENTER,
                text::EARLIEST.get(),
                small.clone(),
                visuals.strong_text_color(),
            );
        }
        if let Some(title) = info.map(|i| i.title.as_str()).filter(|t| !t.is_empty()) {
            painter.text(
                egui::pos2(left, rect.center().y + 2.0),
                Align2::LEFT_TOP,
                title,
                small,
                visuals.weak_text_color(),
            );
        }
    }
    response.on_hover_text(text::CLICK_TO_READ_IN_CONTEXT.fill(&[&name]))
}
