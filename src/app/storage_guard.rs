//! eframe's storage file (`app.ron`), checked before eframe reads it: eframe sizes the window from
//! the stored zoom factor and geometry before the app exists, and winit panics on a zoom of 0 or
//! NaN, so a bad value there would stop duibi from ever opening again.
//!
//! Input: the key → RON string map eframe keeps. Output: the same map with bad values reset, and one
//! notice per repair for the user.

use crate::app::text;
use std::collections::HashMap;
use std::path::Path;

/// eframe's keys for egui's memory (which holds the zoom factor) and the window geometry.
const EGUI_KEY: &str = "egui";
const WINDOW_KEY: &str = "window";

/// The zoom factors the app accepts from storage; egui's own zoom keys stay well inside.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.5..=3.0;

/// Window coordinates beyond this many points are not a screen anyone has.
const MAX_COORDINATE: f64 = 100_000.0;

pub fn zoom_is_sane(zoom: f32) -> bool {
    zoom.is_finite() && ZOOM_RANGE.contains(&zoom)
}

/// Repairs the storage file in place (temp file, then rename); returns the notices.
pub fn repair_file(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(mut kv) = ron::from_str::<HashMap<String, String>>(&text) else {
        // eframe ignores a file it cannot parse and starts fresh; nothing of it reaches winit.
        return Vec::new();
    };
    let notices = repair(&mut kv);
    if !notices.is_empty() {
        let temp = path.with_extension("ron.tmp");
        let written = ron::to_string(&kv)
            .ok()
            .is_some_and(|ron| std::fs::write(&temp, ron).is_ok());
        if !written || std::fs::rename(&temp, path).is_err() {
            // Not repaired on disk: better no stored window state than a window that cannot open.
            let _ = std::fs::remove_file(path);
        }
    }
    notices
}

/// Resets a zoom factor outside [`ZOOM_RANGE`] to 1 and drops window geometry with a non-finite or
/// absurd number in it (eframe then opens the default window).
pub fn repair(kv: &mut HashMap<String, String>) -> Vec<String> {
    let mut notices = Vec::new();
    if let Some(memory) = kv.get(EGUI_KEY)
        && let Ok(mut memory) = ron::from_str::<egui::Memory>(memory)
        && !zoom_is_sane(memory.options.zoom_factor)
    {
        notices.push(zoom_notice(memory.options.zoom_factor));
        memory.options.zoom_factor = 1.0;
        match ron::to_string(&memory) {
            Ok(ron) => kv.insert(EGUI_KEY.to_owned(), ron),
            Err(_) => kv.remove(EGUI_KEY),
        };
    }
    if let Some(window) = kv.get(WINDOW_KEY)
        && ron::from_str::<ron::Value>(window).is_ok_and(|value| !numbers_are_sane(&value))
    {
        kv.remove(WINDOW_KEY);
        notices.push(text::WINDOW_POSITION_RESET.get().into());
    }
    notices
}

pub fn zoom_notice(zoom: f32) -> String {
    text::ZOOM_RESET.fill(&[&zoom])
}

fn numbers_are_sane(value: &ron::Value) -> bool {
    match value {
        ron::Value::Number(n) => {
            let n = n.into_f64();
            n.is_finite() && n.abs() <= MAX_COORDINATE
        }
        ron::Value::Map(map) => map
            .iter()
            .all(|(k, v)| numbers_are_sane(k) && numbers_are_sane(v)),
        ron::Value::Seq(items) => items.iter().all(numbers_are_sane),
        ron::Value::Option(Some(inner)) => numbers_are_sane(inner),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory_with_zoom(zoom: f32) -> String {
        let mut memory = egui::Memory::default();
        memory.options.zoom_factor = zoom;
        ron::to_string(&memory).expect("ron")
    }

    fn zoom_of(kv: &HashMap<String, String>) -> f32 {
        ron::from_str::<egui::Memory>(&kv[EGUI_KEY])
            .expect("memory")
            .options
            .zoom_factor
    }

    #[test]
    fn a_zoom_outside_the_range_is_reset_with_a_notice() {
        for (zoom, repaired) in [
            (f32::NAN, true),
            (0.0, true),
            (-1.0, true),
            (f32::INFINITY, true),
            (40.0, true),
            (0.5, false),
            (1.25, false),
            (3.0, false),
        ] {
            let mut kv = HashMap::from([(EGUI_KEY.to_owned(), memory_with_zoom(zoom))]);
            let notices = repair(&mut kv);
            assert_eq!(notices.len(), usize::from(repaired), "{zoom}");
            let want = if repaired { 1.0 } else { zoom };
            assert_eq!(zoom_of(&kv), want, "{zoom}");
        }
    }

    #[test]
    fn window_geometry_with_nan_is_dropped() {
        let good = "(normal_geometry:(outer_position:Some((10.0,20.0)),inner_size:Some((1440.0,900.0))),fullscreen:false,maximized:false)";
        let bad = good.replace("1440.0", "NaN");
        let huge = good.replace("10.0", "1e30");
        let mut kv = HashMap::from([(WINDOW_KEY.to_owned(), good.to_owned())]);
        assert!(repair(&mut kv).is_empty());
        assert!(kv.contains_key(WINDOW_KEY));
        for broken in [bad, huge] {
            let mut kv = HashMap::from([(WINDOW_KEY.to_owned(), broken.clone())]);
            assert_eq!(repair(&mut kv).len(), 1, "{broken}");
            assert!(!kv.contains_key(WINDOW_KEY), "{broken}");
        }
    }

    #[test]
    fn the_file_is_repaired_in_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("app.ron");
        let kv = HashMap::from([
            (EGUI_KEY.to_owned(), memory_with_zoom(0.0)),
            ("app".to_owned(), "(tab:Indicators)".to_owned()),
        ]);
        std::fs::write(&path, ron::to_string(&kv).expect("ron")).expect("write");
        assert_eq!(repair_file(&path).len(), 1);
        let back: HashMap<String, String> =
            ron::from_str(&std::fs::read_to_string(&path).expect("read")).expect("ron");
        assert_eq!(zoom_of(&back), 1.0);
        assert_eq!(back["app"], "(tab:Indicators)");
        assert!(
            repair_file(&path).is_empty(),
            "a repaired file needs no repair"
        );
    }
}
