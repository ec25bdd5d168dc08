//! Every string the interface shows, in one table, and the language it is shown in.
//!
//! Users choose 中文, English or 双语 (both, the default where the system locale says neither) in
//! 视图 View ▸ 界面语言 Language; the choice is kept with the app's state. Each entry has its Chinese
//! and English wording; the bilingual form is the two side by side unless the entry spells it out
//! (where the English half carries a detail, or numbers would otherwise be repeated).
//!
//! Entries with arguments use `{0}`, `{1}`…, filled by [`Text::fill`]; the same numbered
//! arguments must appear in all three forms (a unit test checks it).
//!
//! The language is per thread: the UI thread sets it at the start of each frame, so test harnesses
//! running side by side on their own threads never see each other's choice.

use std::cell::Cell;
use std::fmt::Display;

use serde::{Deserialize, Serialize};

/// The interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    Chinese,
    English,
    /// 中文 and English side by side (what the app showed before the choice existed).
    #[default]
    Both,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Chinese, Language::English, Language::Both];

    /// What the system locale suggests on a first start: Chinese for `zh*`, English for another
    /// named language, both where none is named (`C`, `POSIX`, unset).
    pub fn from_locale(locale: Option<&str>) -> Language {
        let locale = locale.unwrap_or("").trim().to_ascii_lowercase();
        if locale.starts_with("zh") {
            Language::Chinese
        } else if locale.is_empty()
            || locale == "c"
            || locale.starts_with("c.")
            || locale == "posix"
        {
            Language::Both
        } else {
            Language::English
        }
    }

    /// The system locale, as the C library reads it (LC_ALL, then LC_MESSAGES, then LANG).
    pub fn from_environment() -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        Language::from_locale(locale.as_deref())
    }

    /// The language's own name, as its menu entry shows it whatever the current language.
    pub fn name(self) -> &'static str {
        match self {
            Language::Chinese => "中文",
            Language::English => "English",
            Language::Both => "双语 Bilingual",
        }
    }
}

thread_local! {
    static CURRENT: Cell<Language> = const { Cell::new(Language::Both) };
}

/// Sets the language strings are given in on this thread (the UI thread, each frame).
pub fn set_language(language: Language) {
    CURRENT.with(|c| c.set(language));
}

pub fn language() -> Language {
    CURRENT.with(Cell::get)
}

/// One string of the interface in its three forms.
#[derive(Clone, Copy, Debug)]
pub struct Text {
    pub zh: &'static str,
    pub en: &'static str,
    pub both: &'static str,
}

impl Text {
    /// The form for the current language.
    pub fn get(self) -> &'static str {
        self.in_language(language())
    }

    pub fn in_language(self, language: Language) -> &'static str {
        match language {
            Language::Chinese => self.zh,
            Language::English => self.en,
            Language::Both => self.both,
        }
    }

    /// The current form with `{0}`, `{1}`… replaced by `args`.
    pub fn fill(self, args: &[&dyn Display]) -> String {
        fill(self.get(), args)
    }
}

fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let index = after
            .find('}')
            .and_then(|close| after[..close].parse::<usize>().ok().map(|i| (i, close)));
        match index.and_then(|(i, close)| args.get(i).map(|a| (a, close))) {
            Some((arg, close)) => {
                out.push_str(&arg.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A passage kind's name in the current language (the engine's labels are Chinese).
pub fn kind(kind: crate::model::Kind) -> &'static str {
    match kind {
        crate::model::Kind::Achievement => KIND_ACHIEVEMENT.get(),
        crate::model::Kind::Shortcoming => KIND_SHORTCOMING.get(),
        crate::model::Kind::Plan => KIND_PLAN.get(),
    }
}

/// An export format's menu entry ("…": it asks where to save).
pub fn export_format(format: crate::export::Format) -> &'static str {
    use crate::export::Format;
    match format {
        Format::Html => EXPORT_HTML.get(),
        Format::Xlsx => EXPORT_XLSX.get(),
        Format::Docx => EXPORT_DOCX.get(),
        Format::Csv => EXPORT_CSV.get(),
        Format::Json => EXPORT_JSON.get(),
        Format::Markdown => EXPORT_MARKDOWN.get(),
    }
}

/// English names of the SPEC topics, full and short (the Chinese ones are the tables'); the
/// bilingual interface keeps the Chinese, as reports write them.
const TOPICS_EN: [(&str, &str, &str); 17] = [
    ("enforcement", "Law enforcement", "Enforcement"),
    (
        "reconsideration",
        "Administrative reconsideration",
        "Reconsideration",
    ),
    ("normative_docs", "Normative documents", "Normative docs"),
    ("business_env", "Business environment", "Business env."),
    (
        "leadership",
        "Party leadership and responsibility",
        "Leadership",
    ),
    (
        "functions",
        "Transforming government functions",
        "Functions",
    ),
    ("rulemaking", "Legislation and rules", "Rulemaking"),
    ("decision", "Major administrative decisions", "Decisions"),
    ("emergency", "Emergency response", "Emergency"),
    ("litigation", "Administrative litigation", "Litigation"),
    ("disputes", "Dispute resolution", "Disputes"),
    ("oversight", "Checks on power", "Oversight"),
    ("transparency", "Open government", "Transparency"),
    (
        "legal_education",
        "Legal education and study",
        "Legal education",
    ),
    ("legal_services", "Public legal services", "Legal services"),
    ("digital", "Digital rule-of-law government", "Digital"),
    ("other", "Other", "Other"),
];

fn topic_en(id: &str) -> Option<(&'static str, &'static str)> {
    TOPICS_EN
        .iter()
        .find(|(known, _, _)| *known == id)
        .map(|&(_, full, short)| (full, short))
}

/// A topic's name in the current language; `zh` is the tables' (or the strip's short) name.
pub fn topic<'a>(id: &str, zh: &'a str, short: bool) -> &'a str {
    match (language(), topic_en(id)) {
        (Language::English, Some((full, brief))) => {
            if short {
                brief
            } else {
                full
            }
        }
        _ => zh,
    }
}

macro_rules! texts {
    ($($id:ident = $zh:literal, $en:literal $(, both $both:literal)?;)*) => {
        $(pub const $id: Text = Text { zh: $zh, en: $en, both: texts!(@both $zh, $en $(, $both)?) };)*
        /// Every entry with its name, for the table's own tests.
        #[cfg(test)]
        pub const ALL: &[(&str, Text)] = &[$((stringify!($id), $id)),*];
    };
    (@both $zh:literal, $en:literal) => { concat!($zh, " ", $en) };
    (@both $zh:literal, $en:literal, $both:literal) => { $both };
}

texts! {
    NO_PLANS_FOUND = "没有找到下一年度安排", "No plan sentences found in these reports";
    SHARED_COMMITMENTS = "共同承诺", "Shared";
    ONLY_ONE_REPORT = "仅一方", "Only one report";
    EXPORT = "导出", "Export";
    FORMAT = "格式", "Format";
    SAVE_TO = "保存到：", "Save to:", both "保存到 Save to:";
    CANCEL = "取消", "Cancel";
    NO_COMPARABLE_INDICATORS = "这些报告中没有找到可比的指标", "No comparable indicators found in these reports";
    INDICATOR = "指标", "Indicator";
    SAVE_A_COPY = "保存副本", "Save a copy";
    OPEN_FILES = "打开文件", "Open files";
    SAVE_WORKSPACE = "保存工作区", "Save workspace";
    SEARCH_ALL_REPORTS = "搜索全部报告", "Search all reports", both "搜索 Search all reports";
    NEXT_DIFFERENCE = "下一处差异", "Next difference (side by side)";
    PREVIOUS_DIFFERENCE = "上一处差异", "Previous difference";
    CLOSE_SEARCH = "关闭搜索", "Close search";
    QUIT = "退出", "Quit";
    DROP = "拖放", "Drop";
    DROP_HINT = "拖入文件或文件夹", "Drop files or folders anywhere";
    FILE = "文件", "File";
    OPEN_DIALOG = "打开…", "Open…";
    OPEN_PATH = "打开路径…", "Open path…";
    OPEN_ADDRESS = "打开网址…", "Open address…";
    OPEN_RECENT = "最近打开", "Open recent";
    NONE_YET = "（无）", "(none)", both "（无）(none)";
    NEW_WORKSPACE = "新建工作区", "New workspace";
    OPEN_WORKSPACE = "打开工作区…", "Open workspace…";
    RECENT_WORKSPACES = "最近的工作区", "Recent workspaces";
    SAVE_WORKSPACE_AS = "工作区另存为…", "Save workspace as…";
    SAVE_WORKSPACE_WITH_COPIES = "另存为含报告副本的工作区…", "Save workspace with copies…";
    COPIES_GO_INSIDE_HINT = "报告文件一并存入工作区，可单独发送", "The report files go inside the workspace, so it can be mailed alone";
    LOCATE_MISSING_REPORTS = "查找缺失的报告…", "Locate missing reports…";
    LOCATE_MISSING_HINT = "选择它们所在的文件夹，按文件名重新关联", "Choose the folder they are in; they are relinked by name";
    VIEW = "视图", "View";
    SEARCH = "搜索", "Search";
    ZOOM_IN = "放大", "Zoom in";
    ZOOM_OUT = "缩小", "Zoom out";
    ACTUAL_SIZE = "实际大小", "Actual size";
    SYSTEM_THEME = "跟随系统", "System theme";
    LIGHT = "浅色", "Light";
    DARK = "深色", "Dark";
    CHECK_REPORTS_FIRST = "先勾选报告", "Check reports first";
    HELP = "帮助", "Help";
    ABOUT_DUIBI = "关于 duibi", "About duibi", both "关于 About duibi";
    SHORTCUTS = "快捷键", "Shortcuts";
    SWITCH_THEME = "切换主题", "Switch theme";
    SETTINGS_UNREADABLE = "保存的设置无法读取，已使用默认设置", "The saved settings could not be read; starting with defaults";
    NO_FILE_DIALOG = "没有文件对话框，请在路径框中输入路径", "No file dialog here: type a path in the box", both "没有文件对话框 No file dialog here: type a path in the box";
    ANALYZING = "正在分析…", "Analyzing…";
    CHECK_REPORTS_TO_COMPARE = "勾选左侧的报告以进行比较", "Check reports on the left to compare them";
    OVERVIEW_READY = "总览和指标已可查看", "Overview and Indicators are ready";
    EDIT_NOTE = "修改批注…", "Edit note…";
    NOTE_MENU = "批注…", "Note…";
    NOTE_TITLE = "批注", "Note";
    SAVE = "保存", "Save";
    DELETE = "删除", "Delete";
    OTHER_PROVINCES = "其他", "Other";
    COVERAGE = "覆盖", "Coverage";
    ANALYZING_CHOSEN = "正在分析所选报告…", "Analyzing the chosen report…", both "正在分析所选报告 Analyzing the chosen report…";
    NO_REPORT_TO_SHOW = "没有可显示的报告", "No analyzed report to show yet";
    OUTLINE = "目录", "Outline";
    REPORTS = "报告", "Reports";
    NO_REPORTS_OPEN_YET = "还没有打开报告", "No reports open yet";
    SELECT = "选择", "Select";
    SELECT_ALL = "全选", "All";
    SELECT_NONE = "全不选", "None";
    SELECT_INVERT = "反选", "Invert";
    INCLUDE_HINT = "勾选以比较", "Include in the comparison";
    SIMPLIFIED_BADGE = "简体", "Simplified";
    TRADITIONAL_BADGE = "繁体，已转为简体", "Traditional, shown in Simplified";
    FILE_FORMAT = "文件格式", "file format";
    CLOSE_ESC = "关闭", "Close (Esc)";
    TRADITIONAL_OR_SIMPLIFIED = "繁体或简体", "Traditional or Simplified";
    SEARCH_HINT = "在所有已打开的报告中搜索", "Searches every open report";
    OPEN_IN_FULL_TEXT = "打开全文", "Open in the full text";
    WHERE_THE_DIFFERENCES_ARE = "差异位置", "Where the differences are";
    NO_ROWS_IN_COLUMNS = "这些列里没有要显示的行", "No rows to show in these columns (see the filters above)";
    NOTHING_ON_TOPIC = "这个主题下没有内容", "Nothing on this topic in the compared reports (check the kind filter)";
    LOCATION_BAR_HINT = "差异位置：点击跳到最近的差异", "Where the differences are — click to go to the nearest";
    PIN_BASE_HINT = "右键点击列标题可更换基准", "Right-click a column header to pin another base";
    ONLY_MATCHED_ROWS = "只看有匹配的行", "only rows with a match in the visible columns";
    SHOW_ONLY_DIFFERENCES = "只看差异", "show only differences";
    PREVIOUS_COLUMN = "前一列", "previous column";
    NEXT_COLUMN = "后一列", "next column";
    PIN_AS_BASE = "设为基准", "Pin as base";
    MOVE_LEFT = "◀ 左移", "◀ Move left", both "◀ 左移 Move left";
    MOVE_RIGHT = "右移 ▶", "Move right ▶", both "右移 Move right ▶";
    ORDER_BY_YEAR_REGION = "按年份、地区排列", "Order by year, region";
    KINDS_LABEL = "类型：", "kinds:", both "类型 kinds:";
    PREVIOUS_HIT = "◀ 上一处", "◀ prev", both "◀ 上一处 prev";
    NEXT_HIT = "下一处 ▶", "next ▶", both "下一处 next ▶";
    TAB_OVERVIEW = "总览", "Overview";
    TAB_SIDE_BY_SIDE = "对照", "Side by side";
    TAB_INDICATORS = "指标", "Indicators";
    TAB_COMMITMENTS = "承诺", "Commitments";
    TAB_FOLLOW_THROUGH = "落实", "Follow-through";
    TAB_CHECKLIST = "体检", "Checklist";
    TAB_TIMELINE = "历年", "Timeline";
    TAB_COPIED = "模板句", "Copied";
    TAB_REPORT = "全文", "Report";
    SORT_AS_OPENED = "打开顺序", "As opened";
    SORT_PROVINCE = "省份", "Province";
    REGION = "地区", "Region";
    YEAR = "年份", "Year";
    WINDOW_POSITION_RESET = "保存的窗口位置无效，已恢复默认", "The saved window position was invalid and was reset";
    PREVIOUS_PAGE = "前一页", "previous page";
    NEXT_PAGE = "后一页", "next page";
    PLAN_YEAR = "安排", "Plan (Y)";
    DELIVERED_NEXT_YEAR = "落实", "Delivered (Y+1)";
    NOT_FOUND = "× 未找到", "× not found", both "× 未找到 not found";
    BIGGEST_DIFFERENCES = "主要差异", "Biggest differences";
    NO_INDICATOR_DIFFERS = "共有的指标数值相同", "No shared indicator differs";
    COMMITMENTS_ONLY_ONE_REPORT = "仅一方的承诺", "Commitments only one report made";
    PAIRING_SENTENCES = "正在比较句子…", "pairing sentences…";
    TOPICS_A_REPORT_LACKS = "未涉及的主题", "Topics a report lacks";
    EVERY_TOPIC_COVERED = "每个主题都有涉及", "Every report covers every topic it shares";
    DUPLICATE_HINT = "另一份报告的地区和年份相同", "Another report has the same region and year";
    EDIT_REGION_YEAR_MENU = "编辑地区/年份", "Edit region/year…";
    READ_FULL_TEXT = "查看全文", "Read full text";
    SAVE_A_COPY_MENU = "保存副本…", "Save a copy…";
    SAVE_A_COPY_HINT = "保存从网址读取的文件（网页或其附件）", "Save the file read from the address (the page or its attachment)";
    OPEN_IN_BROWSER = "在浏览器中打开", "Open in browser";
    SHOW_IN_FOLDER = "在文件夹中显示", "Show in folder";
    REMOVE = "移除", "Remove";
    OPEN_BUTTON = "＋ 打开…", "＋ Open…", both "＋ 打开… Open…";
    THEIR_FOLDER = "缺失报告的文件夹 ↵", "their folder ↵", both "缺失报告的文件夹 their folder ↵";
    PATH_FILE_OR_FOLDER = "路径（文件或文件夹）↵", "path (file or folder) ↵", both "路径 path (file or folder) ↵";
    OPEN_ADDRESS_LABEL = "打开网址", "Open address";
    DROP_FILES_HINT = "可将文件拖放到窗口", "Drop files anywhere";
    DROP_TO_OPEN = "松开以打开", "Drop to open";
    EDIT_REGION_YEAR = "编辑地区/年份", "Edit region/year";
    YEAR_FORMAT_HINT = "年份应为四位数字", "Year must be like 2019";
    RESET_TO_DETECTED = "恢复识别结果", "Reset";
    PLANS_YEAR_TO_YEAR = "承诺落实", "Plans, year to year";
    NO_INDICATOR_IN_TWO_YEARS = "没有两年都有的指标。", "No indicator has values in two years.", both "没有两年都有的指标 No indicator has values in two years.";
    YEARS_NOT_CONSECUTIVE = "年份不相邻。", "The years are not consecutive.", both "年份不相邻 The years are not consecutive.";
    NO_MATCH = "（无对应句）", "(no matching sentence)", both "（无对应句 no matching sentence）";
    NO_HEADINGS = "（无标题）", "(no headings)", both "（无标题 no headings）";
    APPROXIMATE = "\n（约数）", "\n(approximate)", both "\n（约数 approximate）";
    ALSO_SEE = "\n另见：{0}", "\nalso: {0}", both "\n另见 also: {0}";
    CHECKLIST_RULES = "依据 {0} · 点击单元格查看原文", "Rules: {0} · click a cell to read its passages", both "依据 {0} · 点击单元格查看原文 click a cell to read its passages";
    COMMITMENT_COUNTS = "{0} 条承诺 · {1} 条与其他报告相近 · {2} 条仅此一方", "{0} commitments · {1} shared · {2} only one report", both "{0} 条承诺 commitments · {1} 条与其他报告相近 shared · {2} 条仅此一方 only one report";
    FOLLOW_THROUGH_NEEDS = "落实情况需要同一地区相邻两年的报告。", "Follow-through needs two compared reports of the same region in consecutive years (Y and Y+1).", both "落实情况需要同一地区相邻两年的报告。 Follow-through needs two compared reports of the same region in consecutive years (Y and Y+1).";
    FOLLOW_THROUGH_FIX_HINT = "如果地区或年份识别有误，请在左侧右键点击该报告进行修改。", "If the region or year was read wrongly, right-click the report on the left and edit it.";
    FOLLOW_THROUGH_COUNTS = "{0} 条安排 · {1} 已落实 · {2} 未找到", "{0} plans · {1} delivered · {2} not found", both "{0} 条安排 plans · {1} 已落实 delivered · {2} 未找到 not found";
    DELIVERED_IN = "√ 已落实 {0} · ≈{1}%", "√ delivered {0} · ≈{1}%", both "√ 已落实 delivered {0} · ≈{1}%";
    MISSING_FOLDER_TITLE = "缺失的报告在哪个文件夹？", "Where are the missing reports?";
    STATUS_REPORTS = "{0} 份报告", "{0} reports", both "{0} 份报告 reports";
    STATUS_COMPARED = "比较 {0} 份", "{0} compared", both "比较 {0} 份 compared";
    STATUS_ANALYZING = "正在分析 {0} / {1}", "analyzing {0} / {1}", both "分析中 analyzing {0} / {1}";
    STATUS_ANALYZED_IN = "分析用时 {0} 秒", "analyzed in {0} s", both "分析 analyzed in {0} s";
    STATUS_COMPARED_IN = "比较用时 {0} 秒", "compared in {0} s", both "比较 compared in {0} s";
    STATUS_FRAME = "每帧 {0} 毫秒", "frame {0} ms", both "每帧 frame {0} ms";
    STATUS_COMPARING = "· 正在比较…", "· comparing…", both "· 正在比较 comparing…";
    STATUS_EXPORTING = "· 正在导出…", "· exporting…", both "· 正在导出 exporting…";
    ABOUT_LINE = "对比各地法治政府建设年度报告。", "Compare local-government rule-of-law reports side by side.", both "对比各地法治政府建设年度报告 — compare local-government rule-of-law reports side by side.";
    VERSION = "版本 {0}", "version {0}", both "版本 version {0}";
    FONT_CREDIT = "中文字体：文泉驿微米黑（Apache-2.0）", "CJK font: WenQuanYi Micro Hei (Apache-2.0)", both "中文字体 CJK font: WenQuanYi Micro Hei (Apache-2.0)";
    CLOSED_WHILE_READING = "duibi 上次在读取 {0} 时关闭，已略去该文件", "duibi closed while reading {0}; it was left out", both "duibi 上次在读取 {0} 时关闭，已略去该文件 duibi closed while reading {0}; it was left out";
    SAVED_COPY_AS = "已保存副本 {0}", "Saved a copy as {0}", both "已保存副本 Saved a copy as {0}";
    CANNOT_SAVE_COPY = "无法保存副本：{0}", "Cannot save the copy: {0}", both "无法保存副本 Cannot save the copy: {0}";
    COPY_SAVED_WITHOUT_DIALOG = "没有文件对话框，副本已保存到 {0}", "No file dialog here; the copy was saved as {0}", both "没有文件对话框，副本已保存到 No file dialog here; the copy was saved as {0}";
    OPENED_WORKSPACE = "已打开工作区 {0}", "Opened workspace {0}", both "已打开工作区 Opened workspace {0}";
    FILES_RELINKED = "\n{0} 个文件已移动，已在工作区所在文件夹找到", "\n{0} moved file(s) found beside the workspace", both "\n{0} 个文件已移动，已在工作区所在文件夹找到 {0} moved file(s) found beside the workspace";
    FILES_RESTORED = "\n{0} 个文件已从工作区内的副本恢复", "\n{0} file(s) restored from the workspace's copies", both "\n{0} 个文件已从工作区内的副本恢复 {0} file(s) restored from the workspace's copies";
    FILES_NOT_FOUND = "\n（文件 > 查找缺失的报告…）\n{0} 个文件找不到：{1}", "\n(File > Locate missing reports…)\n{0} file(s) not found: {1}", both "\n（文件 > 查找缺失的报告… File > Locate missing reports…）\n{0} 个文件找不到 {0} file(s) not found: {1}";
    SAVED_WORKSPACE = "已保存工作区 {0}", "Saved workspace {0}", both "已保存工作区 Saved workspace {0}";
    FOUND_IN_FOLDER = "在 {0} 找到 {1} 个文件，仍缺 {2} 个", "Found {1} file(s) in {0}; {2} still missing", both "在 {0} 找到 {1} 个文件，仍缺 {2} 个 Found {1} file(s) in {0}; {2} still missing";
    EXPORTED_TO = "已导出到 {0}", "Exported to {0}", both "已导出 Exported to {0}";
    EXPORT_FAILED = "导出失败：{0}", "Export failed: {0}", both "导出失败 Export failed: {0}";
    CANNOT_READ_DROPPED = "无法读取拖入的文件：{0}", "Cannot read dropped file: {0}", both "无法读取 Cannot read dropped file: {0}";
    PAIRING_N_REPORTS = "正在比较 {0} 份报告的句子…", "Pairing the sentences of {0} reports…", both "正在比较 {0} 份报告的句子… Pairing the sentences of {0} reports…";
    NOTE_ON_HOVER = "\n批注：{0}", "\nnote: {0}", both "\n批注 note: {0}";
    NOTE_HINT = "\n右键写批注", "\nright-click to add a note", both "\n右键写批注 right-click to add a note";
    BY_PROVINCE_HINT = "{0} 份报告按省份汇总，点击省份展开", "{0} reports by province: click a province to open it; a cell shows how many of its reports cover the topic", both "{0} 份报告按省份汇总，点击省份展开 · {0} reports by province: click a province to open it; a cell shows how many of its reports cover the topic";
    CELL_HINT = "每格：段落数 / 数据数 · 点击比较该主题", "cell: passages / facts — click to compare the topic", both "每格：段落数 / 数据数 · cell: passages / facts — click to compare the topic";
    PROVINCE_OPEN_HINT = "{0}：{1} 份报告，点击展开", "{0}: {1} reports: click to open", both "{0}：{1} 份报告，点击展开 · {1} reports: click to open";
    PROVINCE_CLOSE_HINT = "{0}：{1} 份报告，点击收起", "{0}: {1} reports: click to close", both "{0}：{1} 份报告，点击收起 · {1} reports: click to close";
    REPORTS_COVER_IT = "{0} / {1} 份报告涉及", "{0} / {1} reports cover it", both "{0} / {1} 份报告涉及 reports cover it";
    CELL_COUNTS = "段落 {0} · 数据 {1}\n成效 {2} · 不足 {3} · 安排 {4}", "passages {0} · facts {1}\nachievements {2} · shortcomings {3} · plans {4}", both "段落 passages {0} · 数据 facts {1}\n成效 {2} · 不足 {3} · 安排 {4}";
    N_REPORTS_IN_ALL = "共 {0} 份", "{0} reports", both "共 {0} 份 {0} reports";
    N_COMMITMENTS = "{0}：{1} 条", "{0}: {1}", both "{0}：{1} 条";
    N_IN_ALL = "… 共 {0} 份", "… {0} in all", both "… 共 {0} 份 {0} in all";
    MISSING_IN = "缺：{0}", "missing in {0}", both "缺 missing in {0}";
    REPORT_SUMMARY = "{0} · {1} 段 · {2} 数据", "{0} · {1} passages · {2} facts", both "{0} · {1} 段 passages · {2} 数据 facts";
    ANALYZING_PROGRESS = "分析中 {0}/{1}", "analyzing {0}/{1}", both "分析中 analyzing {0}/{1}";
    REMOVE_FAILED = "移除无法读取的 {0} 份", "Remove {0} failed", both "移除无法读取的 {0} 份 Remove failed";
    ONLY_YEAR = "仅 {0} 年", "Only {0}", both "仅 {0} 年 Only {0}";
    ONLY_PROVINCE = "仅 {0}", "Only {0}", both "仅 {0} Only {0}";
    SORT_BY = "排序：{0}", "Sort: {0}", both "排序 Sort: {0}";
    ANALYZING_ROW = "分析中…", "analyzing…", both "分析中…";
    DOUBLE_CLICK_TO_READ = "\n双击查看全文", "\ndouble-click to read", both "\n双击查看全文 double-click to read";
    SIMPLIFIED_SHORT = "简", "S", both "简";
    TRADITIONAL_SHORT = "繁→简", "T→S", both "繁→简";
    OCR_HINT = "扫描件，文字由 OCR 识别（{0} 页，置信度 {1}%），可能有错字", "Scanned: text recognised by OCR ({0} pages, confidence {1} %), may hold misread characters", both "扫描件，文字由 OCR 识别（{0} 页，置信度 {1}%），可能有错字 Scanned: text recognised by OCR ({0} pages, confidence {1} %), may hold misread characters";
    DUPLICATE_BADGE = "重复?", "duplicate?", both "重复?";
    ADDRESS_HINT = "网页或附件的网址；通知页面会自动打开其报告附件", "The address of a page or an attachment; a notice page leads to its report attachment";
    SEARCHING_AS = "按简体搜索：{0}", "searching as: {0}", both "按简体搜索 searching as: {0}";
    N_HITS = "{0} 处", "{0} hits", both "{0} 处 hits";
    FIRST_N_LISTED = "只列出前 {0} 处", "first {0} listed", both "只列出前 {0} 处 first {0} listed";
    BASE_IS = "基准：{0}", "base: {0}", both "基准 base: {0}";
    COLUMNS_RANGE = "列 {0}–{1} / {2}", "columns {0}–{1} / {2}", both "列 columns {0}–{1} / {2}";
    BASE_COLUMN = "{0} · 基准", "{0} · base", both "{0} · 基准 base";
    COLUMN_HEADER_HINT = "{0}\n右键设为基准或移动列", "{0}\nright-click to pin as base or move the column", both "{0}\n右键设为基准或移动列 right-click to pin as base or move the column";
    SIDE_BY_SIDE_TOPIC = "对照 · {0}", "Side by side · {0}", both "对照 Side by side · {0}";
    CLICK_TO_READ_IN_CONTEXT = "{0} — 点击查看全文", "{0} — click to read in context", both "{0} — 点击查看全文 click to read in context";
    SETTINGS_RESET = "部分保存的设置无效，已重置：{0}", "Some saved settings were invalid and were reset: {0}", both "部分保存的设置无效，已重置 Some saved settings were invalid and were reset: {0}";
    ZOOM_RESET = "保存的缩放比例无效 ({0})，已恢复为 100%", "The saved zoom factor {0} was invalid and was reset to 100%", both "保存的缩放比例无效 ({0})，已恢复为 100% The saved zoom factor {0} was invalid and was reset to 100%";
    NO_TIMELINE = "没有同一地区多个年份的报告。勾选同一地区不同年份的报告即可查看历年变化。", "No region has reports of two or more years among those compared: tick reports of one place from different years.", both "没有同一地区多个年份的报告。勾选同一地区不同年份的报告即可查看历年变化。\nNo region has reports of two or more years among those compared: tick reports of one place from different years.";
    YEAR_VALUE = "{0}年：{1}", "{0}: {1}", both "{0}年: {1}";
    TOPIC = "主题", "Topic", both "主题";
    INDICATOR_HEADER = "指标", "Indicator", both "指标";
    TOPIC_COVERAGE = "主题覆盖（段落）", "Topics (passages)", both "主题覆盖 Topics (段落 passages)";
    YEAR_TO_YEAR = "{0} → {1}：{2} 条安排 · {3} 条次年报告已落实 · {4} 条原样重复", "{0} → {1}: {2} plans · {3} reported done · {4} repeated word for word", both "{0} → {1}: {2} 条安排 plans · {3} 条次年报告已落实 reported done · {4} 条原样重复 repeated word for word";
    REPEATED_BADGE = "重复", "repeated", both "重复";
    KIND_ACHIEVEMENT = "成效", "achievement", both "成效";
    KIND_SHORTCOMING = "不足", "shortcoming", both "不足";
    KIND_PLAN = "安排", "plan", both "安排";
    EXPORT_HTML = "HTML 网页…", "HTML page…", both "HTML 网页…";
    EXPORT_XLSX = "XLSX 表格…", "XLSX workbook…", both "XLSX 表格…";
    EXPORT_DOCX = "Word 文档…", "Word document…", both "Word 文档…";
    EXPORT_CSV = "CSV 指标表…", "CSV indicator table…", both "CSV 指标表…";
    EXPORT_JSON = "JSON 数据…", "JSON data…", both "JSON 数据…";
    EXPORT_MARKDOWN = "Markdown 文本…", "Markdown text…", both "Markdown 文本…";
    NOTE_EXAMPLE = "已核实 / 问一下县司法局 …", "checked / ask the county justice bureau …", both "已核实 / 问一下县司法局 …";
    LANGUAGE = "界面语言", "Language";
    BASE_HAS_NOTHING = "基准报告 {0} 没有这个主题的内容。", "The base report, {0}, says nothing on this topic.", both "基准报告 {0} 没有这个主题的内容 The base report, {0}, says nothing on this topic.";
    PIN_FULLEST_BASE = "以 {0} 为基准（该主题 {1} 段）", "Pin {0} as the base ({1} passages on this topic)", both "以 {0} 为基准（{1} 段） Pin {0} as the base ({1} passages)";
    NEXT_COLUMN_WITH_TOPIC = "转到下一份谈到此主题的报告：{0} ▶", "Go to the next report on this topic: {0} ▶", both "转到下一份谈到此主题的报告 Go to the next report on this topic: {0} ▶";
    INDICATORS_NOT_ON_PAGE = "另有 {0} 项指标在这些报告中没有数值（见其他页）", "{0} more indicators have no value in these reports (see the other pages)", both "另有 {0} 项指标在这些报告中没有数值 {0} more indicators have no value in these reports (see the other pages)";
    REPORTS_RANGE = "报告 {0}–{1} / {2}", "reports {0}–{1} / {2}", both "报告 reports {0}–{1} / {2}";
    COPIED_NEEDS_MORE = "模板句是 {0} 份以上报告共用的句子，现在只比较了 {1} 份。请在左侧再勾选几份报告。", "Copied sentences are the ones {0} or more reports share; only {1} compared now. Check more reports on the left.", both "模板句是 {0} 份以上报告共用的句子，现在只比较了 {1} 份。请在左侧再勾选几份报告。\nCopied sentences are the ones {0} or more reports share; only {1} compared now. Check more reports on the left.";
    FINDING_COPIED = "正在查找 {0} 份报告共用的句子…", "Finding the sentences {0} reports share…", both "正在查找 {0} 份报告共用的句子… Finding the sentences {0} reports share…";
    NO_COPIED = "这 {0} 份报告中没有 {1} 份以上共用的句子。", "No sentence is shared by {1} or more of these {0} reports.", both "这 {0} 份报告中没有 {1} 份以上共用的句子。 No sentence is shared by {1} or more of these {0} reports.";
    COPIED_SUMMARY = "{0} 句为 {1} 份以上报告共用（逐字或几乎逐字）· 点击句子查看使用它的报告", "{0} sentences shared by {1} or more reports, word for word or nearly · click one to see the reports", both "{0} 句为 {1} 份以上报告共用 shared by {1}+ reports · 点击句子查看使用它的报告 click one to see them";
    COPIED_REPORTS_HEADER = "报告数", "Reports";
    SENTENCE = "句子", "Sentence";
    EARLIEST = "最早", "Earliest";
    COPIED_ROW_HINT = "{0}\n{1} 份报告 · {2} 种写法 · 点击展开或收起", "{0}\n{1} reports · {2} wordings · click to show or hide them", both "{0}\n{1} 份报告 reports · {2} 种写法 wordings · 点击展开或收起 click to show or hide them";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_han(s: &str) -> bool {
        s.chars().any(|c| ('\u{3400}'..='\u{9fff}').contains(&c))
    }

    fn placeholders(s: &str) -> Vec<usize> {
        let mut found: Vec<usize> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split('}').next()?.parse().ok())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn every_entry_has_both_languages_and_the_same_arguments() {
        for (name, text) in ALL {
            assert!(has_han(text.zh), "{name}: the Chinese form has no Chinese");
            // English forms may name the app (对比) but say nothing else in Chinese.
            assert!(
                !has_han(&text.en.replace("对比", "")),
                "{name}: the English form has Chinese: {}",
                text.en
            );
            assert!(
                has_han(text.both),
                "{name}: the bilingual form has no Chinese"
            );
            let args = placeholders(text.zh);
            assert_eq!(placeholders(text.en), args, "{name}: arguments differ");
            assert_eq!(placeholders(text.both), args, "{name}: arguments differ");
        }
    }

    #[test]
    fn no_wording_is_entered_twice() {
        let mut seen = std::collections::HashMap::new();
        for (name, text) in ALL {
            if let Some(other) = seen.insert(text.both, name) {
                panic!("{name} and {other} are the same text: {}", text.both);
            }
        }
    }

    /// An entry no code uses is a string a translator would fix for nothing.
    #[test]
    fn every_entry_is_used() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
        let mut sources = String::new();
        let mut stack = vec![dir];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src/app").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let source = std::fs::read_to_string(&path).expect("read");
                    // In this file only its helpers (kind, export_format) count, not the table.
                    let code = source.split("\ntexts! {").next().unwrap_or_default();
                    sources.push_str(code);
                    sources.push('\n');
                }
            }
        }
        let words: std::collections::HashSet<&str> = sources
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .collect();
        for (name, _) in ALL {
            assert!(words.contains(name), "{name} is not used");
        }
    }

    #[test]
    fn the_language_picks_the_form() {
        set_language(Language::Chinese);
        assert_eq!(TAB_OVERVIEW.get(), "总览");
        set_language(Language::English);
        assert_eq!(TAB_OVERVIEW.get(), "Overview");
        set_language(Language::Both);
        assert_eq!(TAB_OVERVIEW.get(), "总览 Overview");
    }

    #[test]
    fn arguments_fill_their_numbered_places() {
        let n = 3;
        assert_eq!(
            fill("{0} 份 {0} reports, {1}", &[&n, &"x"]),
            "3 份 3 reports, x"
        );
        // Unknown or unnumbered braces stay as written.
        assert_eq!(fill("{a} {} {9}", &[&n]), "{a} {} {9}");
    }

    #[test]
    fn every_topic_has_an_english_name() {
        for t in &crate::tables::tables().topics {
            assert!(topic_en(&t.id).is_some(), "{} has no English name", t.id);
        }
        set_language(Language::English);
        assert_eq!(topic("enforcement", "行政执法", false), "Law enforcement");
        assert_eq!(topic("enforcement", "执法", true), "Enforcement");
        assert_eq!(topic("nosuch", "某", false), "某");
        set_language(Language::Both);
        assert_eq!(topic("enforcement", "行政执法", false), "行政执法");
    }

    #[test]
    fn the_locale_decides_the_first_language() {
        assert_eq!(
            Language::from_locale(Some("zh_CN.UTF-8")),
            Language::Chinese
        );
        assert_eq!(Language::from_locale(Some("zh_TW")), Language::Chinese);
        assert_eq!(
            Language::from_locale(Some("en_US.UTF-8")),
            Language::English
        );
        assert_eq!(Language::from_locale(Some("de_DE")), Language::English);
        assert_eq!(Language::from_locale(Some("C.UTF-8")), Language::Both);
        assert_eq!(Language::from_locale(Some("POSIX")), Language::Both);
        assert_eq!(Language::from_locale(None), Language::Both);
    }
}
