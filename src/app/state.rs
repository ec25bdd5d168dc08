//! What the user chose, persisted between runs through eframe storage: open files, which are
//! compared, the active tab, theme, filters and metadata corrections. Results are never stored;
//! they are recomputed from the files on start.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::app::text;
use crate::model::Kind;

/// How many entries File ▸ Open recent keeps.
pub const MAX_RECENT: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Tab {
    #[default]
    Overview,
    SideBySide,
    Indicators,
    Commitments,
    FollowThrough,
    Checklist,
    Timeline,
    Copied,
    Report,
}

impl Tab {
    pub const ALL: [Tab; 9] = [
        Tab::Overview,
        Tab::SideBySide,
        Tab::Indicators,
        Tab::Commitments,
        Tab::FollowThrough,
        Tab::Checklist,
        Tab::Timeline,
        Tab::Copied,
        Tab::Report,
    ];

    /// A stable name for files (workspaces); the label may change, this does not.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::SideBySide => "side_by_side",
            Tab::Indicators => "indicators",
            Tab::Commitments => "commitments",
            Tab::FollowThrough => "follow_through",
            Tab::Checklist => "checklist",
            Tab::Timeline => "timeline",
            Tab::Copied => "copied",
            Tab::Report => "report",
        }
    }

    pub fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Overview => text::TAB_OVERVIEW.get(),
            Tab::SideBySide => text::TAB_SIDE_BY_SIDE.get(),
            Tab::Indicators => text::TAB_INDICATORS.get(),
            Tab::Commitments => text::TAB_COMMITMENTS.get(),
            Tab::FollowThrough => text::TAB_FOLLOW_THROUGH.get(),
            Tab::Checklist => text::TAB_CHECKLIST.get(),
            Tab::Timeline => text::TAB_TIMELINE.get(),
            Tab::Copied => text::TAB_COPIED.get(),
            Tab::Report => text::TAB_REPORT.get(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Region/year typed by the user when the engine guessed wrong (e.g. to pair two years of one
/// region for follow-through): the correction a workspace keeps, under the app's name.
pub use crate::workspace::Correction as MetaOverride;

/// Which passage kinds the side-by-side view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KindFilter {
    pub achievement: bool,
    pub shortcoming: bool,
    pub plan: bool,
}

impl Default for KindFilter {
    fn default() -> Self {
        KindFilter {
            achievement: true,
            shortcoming: true,
            plan: true,
        }
    }
}

impl KindFilter {
    pub fn shows(&self, kind: Kind) -> bool {
        match kind {
            Kind::Achievement => self.achievement,
            Kind::Shortcoming => self.shortcoming,
            Kind::Plan => self.plan,
        }
    }

    pub fn flag_mut(&mut self, kind: Kind) -> &mut bool {
        match kind {
            Kind::Achievement => &mut self.achievement,
            Kind::Shortcoming => &mut self.shortcoming,
            Kind::Plan => &mut self.plan,
        }
    }
}

/// Everything `save()` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct State {
    /// Open files, in the order they are listed.
    pub files: Vec<PathBuf>,
    /// Files included in the comparison, in column order.
    pub compared: Vec<PathBuf>,
    pub tab: Tab,
    pub theme: Theme,
    /// Keyed by path, so a correction survives reloading the file.
    pub overrides: BTreeMap<PathBuf, MetaOverride>,
    pub recent: Vec<PathBuf>,
    pub kinds: KindFilter,
    /// Topic id shown in the side-by-side view.
    pub topic: String,
    /// The side-by-side base column: its sentences head the rows. `None`: the first compared.
    pub base: Option<PathBuf>,
    /// Side by side shows only rows with two sentences on screen; `None`: on when more than 4
    /// reports are compared.
    pub only_matched: Option<bool>,
    /// Side by side shows only rows that differ on screen.
    pub only_differences: bool,
    /// Side by side: the column order the user chose by moving columns (paths); empty: by
    /// year, then region.
    pub column_order: Vec<PathBuf>,
    /// Report shown in the full-text view.
    pub report: Option<PathBuf>,
    /// Metric id selected in the indicator table (drives the bar chart).
    pub metric: Option<String>,
    /// How the report list is ordered (display only: columns keep the order files were opened).
    pub sort: SortBy,
    /// The workspace file (.duibi) this session was opened from or last saved to.
    pub workspace: Option<PathBuf>,
    /// The reviewer's notes, keyed by what they annotate (`check::note_key`).
    pub notes: BTreeMap<String, String>,
    /// Workspace files opened or saved, newest first (File ▸ Recent workspaces).
    pub recent_workspaces: Vec<PathBuf>,
    /// Whether Save writes copies of the reports into the workspace (it was saved or opened so).
    pub workspace_copies: bool,
    /// The folder the last export went to (the next export starts there).
    pub last_export_dir: Option<PathBuf>,
    /// The interface language; a first start takes it from the system locale (settings saved
    /// before the choice existed keep the bilingual interface they had).
    pub language: super::text::Language,
}

/// Orders of the report list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SortBy {
    #[default]
    Opened,
    Province,
    Region,
    Year,
}

impl SortBy {
    pub const ALL: [SortBy; 4] = [
        SortBy::Opened,
        SortBy::Province,
        SortBy::Region,
        SortBy::Year,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortBy::Opened => text::SORT_AS_OPENED.get(),
            SortBy::Province => text::SORT_PROVINCE.get(),
            SortBy::Region => text::REGION.get(),
            SortBy::Year => text::YEAR.get(),
        }
    }
}

/// `path` first in a most-recent-first list, once, the list bounded.
fn remember(list: &mut Vec<PathBuf>, path: &std::path::Path) {
    list.retain(|p| p != path);
    list.insert(0, path.to_path_buf());
    list.truncate(MAX_RECENT);
}

impl State {
    pub fn remember_recent(&mut self, path: &std::path::Path) {
        remember(&mut self.recent, path);
    }

    pub fn remember_workspace(&mut self, path: &std::path::Path) {
        remember(&mut self.recent_workspaces, path);
    }

    pub fn is_compared(&self, path: &std::path::Path) -> bool {
        self.compared.iter().any(|p| p == path)
    }

    /// Makes a stored state consistent with the files about to open, and resets values no run of
    /// duibi writes (a hand edit, another version, a damaged file). Selections of files that are
    /// not open are dropped quietly (the file list was replaced); each reset value gets a notice.
    pub fn repair(&mut self, files: &[PathBuf]) -> Vec<String> {
        self.compared.retain(|p| files.contains(p));
        self.compared.dedup();
        if self.report.as_ref().is_some_and(|p| !files.contains(p)) {
            self.report = None;
        }
        if self.base.as_ref().is_some_and(|p| !files.contains(p)) {
            self.base = None;
        }
        let mut reset = Vec::new();
        for (list, name) in [
            (&mut self.recent, "recent files"),
            (&mut self.recent_workspaces, "recent workspaces"),
        ] {
            let before = list.len();
            let mut seen = std::collections::BTreeSet::new();
            list.retain(|p| seen.insert(p.clone()));
            list.truncate(MAX_RECENT);
            if list.len() != before {
                reset.push(name);
            }
        }
        let mut bad_years = false;
        for meta in self.overrides.values_mut() {
            if meta.year.is_some_and(|y| !YEARS.contains(&y)) {
                meta.year = None;
                bad_years = true;
            }
        }
        self.overrides
            .retain(|_, meta| *meta != MetaOverride::default());
        if bad_years {
            reset.push("corrected years");
        }
        if reset.is_empty() {
            return Vec::new();
        }
        vec![text::SETTINGS_RESET.fill(&[&reset.join(", ")])]
    }
}

/// Years a report can be about, for a corrected year typed by the user.
pub const YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_or_partial_state_still_loads() {
        let state: State =
            serde_json::from_str(r#"{"tab":"Indicators","unknown":1}"#).unwrap_or_default();
        assert_eq!(state.tab, Tab::Indicators);
        assert!(state.kinds.plan);
    }

    #[test]
    fn recent_list_is_deduplicated_and_bounded() {
        let mut state = State::default();
        for i in 0..20 {
            state.remember_recent(std::path::Path::new(&format!("/r/{}", i % 15)));
        }
        state.remember_recent(std::path::Path::new("/r/3"));
        assert_eq!(state.recent.len(), MAX_RECENT);
        assert_eq!(state.recent[0], PathBuf::from("/r/3"));
        assert_eq!(
            state
                .recent
                .iter()
                .filter(|p| p.as_path() == std::path::Path::new("/r/3"))
                .count(),
            1
        );
    }
}
