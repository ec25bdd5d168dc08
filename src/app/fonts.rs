//! The bundled CJK font (a subset of WenQuanYi Micro Hei, Apache-2.0; regenerate with
//! `scripts/make-font-subset.sh`). egui's default fonts have no hanzi, so without it every
//! Chinese character would draw as a box.

use std::sync::Arc;

const WQY: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei-subset.ttf");
const NAME: &str = "wqy-microhei";

/// Adds the CJK font right after each family's primary font: Latin keeps egui's look, and
/// everything the primary lacks (hanzi, CJK punctuation, full-width forms) falls to it.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts
        .font_data
        .insert(NAME.to_owned(), Arc::new(egui::FontData::from_static(WQY)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        let at = usize::from(!list.is_empty());
        list.insert(at, NAME.to_owned());
    }
    ctx.set_fonts(fonts);
}
