//! The desktop app (egui/eframe). Being built on the `gui` branch.

/// Opens the window. Placeholder until the app lands.
pub fn run(_paths: Vec<std::path::PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("the desktop app is not built yet")
}
