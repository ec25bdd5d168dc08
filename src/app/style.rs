//! Colours and text formats shared by the views: one palette for topics, one for kinds, and the
//! diff marks. Every mark pairs colour with a second cue (strikethrough, underline, box, ▲▼) so
//! it survives printing and colour-blindness; each colour has a light and a dark variant.

use egui::{Color32, FontId, Stroke, TextFormat, Visuals};

use crate::app::text;
use crate::model::Kind;

/// The four topics users look for first; every view pins them to the top (one list, the engine's).
pub use crate::tables::KEY_TOPICS;

/// Short labels for the topic strip (SPEC labels are long).
pub fn short_topic_label(id: &str) -> Option<&'static str> {
    Some(match id {
        "enforcement" => "执法",
        "reconsideration" => "复议",
        "normative_docs" => "规范性文件",
        "business_env" => "营商环境",
        "leadership" => "党的领导",
        "functions" => "职能",
        "rulemaking" => "立法",
        "decision" => "决策",
        "emergency" => "应急",
        "litigation" => "应诉",
        "disputes" => "纠纷",
        "oversight" => "监督",
        "transparency" => "公开",
        "legal_education" => "普法",
        "legal_services" => "法律服务",
        "digital" => "数字",
        "other" => "其他",
        _ => return None,
    })
}

/// Sort key that puts the key four first (in the users' order), then the rest as given.
pub fn topic_rank(id: &str) -> usize {
    KEY_TOPICS
        .iter()
        .position(|k| *k == id)
        .unwrap_or(KEY_TOPICS.len())
}

pub fn topic_colour(id: &str, dark: bool) -> Color32 {
    // Tableau-like hues; stable per id so a topic keeps its colour in every view.
    const HUES: [(u8, u8, u8); 10] = [
        (78, 121, 167),
        (242, 142, 43),
        (225, 87, 89),
        (118, 183, 178),
        (89, 161, 79),
        (237, 201, 72),
        (176, 122, 161),
        (255, 157, 167),
        (156, 117, 95),
        (148, 148, 148),
    ];
    let index = id
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let (r, g, b) = HUES[(index as usize) % HUES.len()];
    let c = Color32::from_rgb(r, g, b);
    if dark { c.gamma_multiply(0.75) } else { c }
}

pub fn kind_colour(kind: Kind, dark: bool) -> Color32 {
    match (kind, dark) {
        (Kind::Achievement, false) => Color32::from_rgb(46, 125, 50),
        (Kind::Achievement, true) => Color32::from_rgb(129, 199, 132),
        (Kind::Shortcoming, false) => Color32::from_rgb(198, 40, 40),
        (Kind::Shortcoming, true) => Color32::from_rgb(239, 154, 154),
        (Kind::Plan, false) => Color32::from_rgb(21, 101, 192),
        (Kind::Plan, true) => Color32::from_rgb(144, 202, 249),
    }
}

/// Text formats for diff marks and search hits, derived from the current theme.
pub struct Marks {
    pub plain: TextFormat,
    pub deleted: TextFormat,
    pub inserted: TextFormat,
    pub number: TextFormat,
    pub hit: TextFormat,
    pub fact: TextFormat,
    /// Stroke of the box drawn around changed numbers.
    pub number_box: Stroke,
}

impl Marks {
    pub fn new(visuals: &Visuals, font: FontId) -> Self {
        let dark = visuals.dark_mode;
        let text = visuals.text_color();
        let plain = TextFormat {
            font_id: font,
            color: text,
            ..TextFormat::default()
        };
        let (del_bg, del_fg) = if dark {
            (
                Color32::from_rgb(90, 30, 30),
                Color32::from_rgb(255, 190, 190),
            )
        } else {
            (
                Color32::from_rgb(255, 220, 220),
                Color32::from_rgb(150, 0, 0),
            )
        };
        let (ins_bg, ins_fg) = if dark {
            (
                Color32::from_rgb(25, 75, 35),
                Color32::from_rgb(190, 255, 190),
            )
        } else {
            (
                Color32::from_rgb(210, 245, 210),
                Color32::from_rgb(0, 100, 0),
            )
        };
        let number_fg = if dark {
            Color32::from_rgb(255, 200, 80)
        } else {
            Color32::from_rgb(160, 70, 0)
        };
        let hit_bg = if dark {
            Color32::from_rgb(110, 90, 0)
        } else {
            Color32::from_rgb(255, 235, 110)
        };
        Marks {
            deleted: TextFormat {
                background: del_bg,
                color: del_fg,
                strikethrough: Stroke::new(1.0, del_fg),
                ..plain.clone()
            },
            inserted: TextFormat {
                background: ins_bg,
                color: ins_fg,
                underline: Stroke::new(1.0, ins_fg),
                ..plain.clone()
            },
            number: TextFormat {
                color: number_fg,
                ..plain.clone()
            },
            hit: TextFormat {
                background: hit_bg,
                ..plain.clone()
            },
            fact: TextFormat {
                underline: Stroke::new(1.0, text.gamma_multiply(0.6)),
                ..plain.clone()
            },
            number_box: Stroke::new(1.5, number_fg),
            plain,
        }
    }
}

/// A small rounded label in a topic or kind colour.
pub fn chip_ui(ui: &mut egui::Ui, text: &str, colour: Color32) -> egui::Response {
    // Dark text on light hues, white on dark ones, so every chip stays legible.
    let [r, g, b, _] = colour.to_array();
    let luma = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
    let ink = if luma > 150.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    };
    let text = egui::RichText::new(text).small().color(ink);
    egui::Frame::new()
        .fill(colour)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(4, 1))
        .show(ui, |ui| ui.label(text))
        .response
}

/// Report columns the wide tables (Indicators, Checklist) show at once; past it they page.
pub const REPORT_PAGE: usize = 24;

/// The reports of the current page of a wide table, with a pager above it when there are more
/// than [`REPORT_PAGE`] (nothing is drawn otherwise): the table lays out a page, not thousands
/// of columns. `first` is the page's first report, kept by the caller between frames.
pub fn report_pager_ui(ui: &mut egui::Ui, first: &mut usize, n: usize) -> std::ops::Range<usize> {
    if n <= REPORT_PAGE {
        *first = 0;
        return 0..n;
    }
    let last = n - REPORT_PAGE;
    *first = (*first).min(last);
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(*first > 0, egui::Button::new("◀"))
            .on_hover_text(text::PREVIOUS_PAGE.get())
            .clicked()
        {
            *first = first.saturating_sub(REPORT_PAGE);
        }
        ui.add(
            egui::Slider::new(first, 0..=last)
                .show_value(false)
                .step_by(1.0),
        );
        if ui
            .add_enabled(*first < last, egui::Button::new("▶"))
            .on_hover_text(text::NEXT_PAGE.get())
            .clicked()
        {
            *first = (*first + REPORT_PAGE).min(last);
        }
        ui.label(text::REPORTS_RANGE.fill(&[&(*first + 1), &(*first + REPORT_PAGE), &n]));
    });
    *first..*first + REPORT_PAGE
}
