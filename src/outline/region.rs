//! Region: who issued a report — the place as the report writes it, the province above it and
//! the level (province, city, county, township, department, zone) — from the title, the first
//! lines and how the text names itself (我区/我市/我局).
//! Input: the title and the normalized lines; output: `Place`.
//!
//! The issuer is the name that opens a title or a first sentence ("厦门市海沧区政府2015年…",
//! "2016年,内蒙古自治区法治政府建设工作…", "…领导下,三张镇坚持…"); it is resolved against the
//! national division list (`gazetteer`). Zones (开发区, 高新区), townships (街道, 镇, 乡) and
//! departments (司法局, 人民政府办公室, 环境保护部) are recognised by their suffix. When no
//! sentence names the issuer, the level the text calls itself by (我省, 全区 …) picks the most
//! named place of that level.

use crate::pattern::static_regex;
use std::collections::{BTreeMap, BTreeSet};

use super::gazetteer::{Gazetteer, Mention, Tier, gazetteer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    #[default]
    Unknown,
    Province,
    City,
    County,
    Township,
    Department,
    Zone,
}

impl Level {
    /// Lowercase, as `analyze --json` writes it; empty when unknown.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Unknown => "",
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Township => "township",
            Level::Department => "department",
            Level::Zone => "zone",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    /// As written, fullest form found ("厦门市海沧区"); a department's place ("四平市"); a
    /// ministry's own name; empty when the issuer names no place.
    pub region: String,
    /// Full name of the province ("福建省"); empty when unknown or ambiguous.
    pub province: String,
    pub level: Level,
}

/// How far into a report its issuer is looked for, and where places are counted.
const ISSUER_LINES: usize = 12;
const OPENING_LINES: usize = 40;
const OPENING_BYTES: usize = 12_000;

static_regex!(
    /// What a title or a sentence puts before its issuer: labels of web pages (标题, 名称:, 来源:),
    /// a bracketed tag ([权威发布]), a document number (宁政发〔2019〕35号), the party committee of a
    /// joint title (中共某县委 某县人民政府), the national organ a local branch belongs to
    /// (国家税务总局某市税务局: the place is the branch's), 关于, a year, the 是 of "2015年,是某区…的一年".
    LEAD = r"^(?:(?:19|20)\d{2}\s*年(?:度|以来)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[\[【][^\]】]{0,12}[\]】]|(?:标\s*题|名\s*称|文章来源|信息来源|来\s*源|发布机构)\s*[:：]?|\p{Han}{1,4}[〔\[(（]\d{4}[〕\])）]\d+号|中共\p{Han}{1,20}?[省市区县州旗盟镇乡]委(?:员会)?[、\s]*|国家\p{Han}{1,10}?(?:总局|局)|关于|是|[^\p{Han}]+)"
);

static_regex!(
    /// What follows an issuer's name: its government (人民政府, 管委会), a year, the subject of the
    /// report (法治政府, 依法行政), or the verb of a first sentence (坚持, 深入, 在…领导下).
    AFTER_ISSUER = r"人民政府|政府|管委会|管理委员会|党工委|工委|办事处|关于|法治|依法|\d|[(（]|坚持|深入|紧紧|认真|全面|始终|积极|扎实|持续|高度|推进|在|党委|委[、和]|年度|的|以|为|把|聚焦|围绕|按照|主要负责"
);

static_regex!(
    /// The opening of a first sentence: "2019年,", "2020年以来,", "2022年度,".
    YEAR_OPENING = r"^(?:19|20)\d{2}\s*年(?:度|以来)?\s*[,，、]");

static_regex!(
    /// "我区", "全县", "本局": how a report names its own level.
    SELF_NAME = r"([我全本])(省|市|区|县|州|旗|街道|镇|乡|局)");

static_regex!(
    /// A township written in the text: two to five characters before 街道/镇/乡.
    TOWNSHIP = r"(\p{Han}{2,5}?)(街道|镇|乡)");

/// Chars that never begin a place name: "全区", "各市", "本县", "现将县政府…", "对于县政府…".
const NOT_NAME_START: &str = "全各本我该辖城园社市区县省州镇乡街这那其每两多一二三四五六七八九十分在对于与和及等的了是为将由向从到经入出收至共现根按据如请当";

const ZONE_ENDS: [&str; 14] = [
    "新区",
    "开发区",
    "高新区",
    "经开区",
    "综合实验区",
    "实验区",
    "试验区",
    "示范区",
    "片区",
    "园区",
    "管理区",
    "合作区",
    "保税区",
    "自贸区",
];
const TOWNSHIP_ENDS: [&str; 3] = ["街道", "镇", "乡"];
const DEPARTMENT_ENDS: [&str; 11] = [
    "局",
    "厅",
    "委员会",
    "委",
    "办公室",
    "办公厅",
    "办",
    "部",
    "署",
    "中心",
    "院",
];
/// Words ending like a department that are none: 领导干部 (cadres), 全部, 西部, 党支部, and
/// verbs (研究部署, 督办, 承办).
const NOT_DEPARTMENT_ENDS: [&str; 19] = [
    "干部", "全部", "内部", "局部", "外部", "东部", "西部", "南部", "北部", "中部", "支部", "总部",
    "部署", "督办", "承办", "主办", "协办", "交办", "领办",
];
/// Departments of the State Council name no place: the name is the region.
const MINISTRY_ENDS: [&str; 4] = ["部", "总局", "署", "委员会"];
/// Administrative suffixes, longest first, with the level they give a name not in the list.
const PLACE_ENDS: [(&str, Level); 8] = [
    ("自治区", Level::Province),
    ("省", Level::Province),
    ("市", Level::City),
    ("州", Level::City),
    ("盟", Level::City),
    ("区", Level::County),
    ("县", Level::County),
    ("旗", Level::County),
];

/// The level word a name ends with (自治区 counts as 省: both are provinces).
fn level_word(name: &str) -> Option<&'static str> {
    if name.ends_with("自治区") {
        return Some("省");
    }
    ["省", "市", "区", "县", "州", "旗", "街道", "镇", "乡"]
        .into_iter()
        .find(|w| name.ends_with(w))
}

pub fn resolve(title: Option<&str>, lines: &[String]) -> Place {
    let g = gazetteer();
    let mut opening = String::new();
    for line in title
        .into_iter()
        .chain(lines.iter().take(OPENING_LINES).map(String::as_str))
    {
        if opening.len() + line.len() > OPENING_BYTES {
            break;
        }
        opening.push_str(line);
        opening.push('\n');
    }
    let mentions = g.mentions(&opening);

    // A bare level ("省人民政府关于…", "区司法局…") says what to look for; a name of another
    // level read after it (the 江苏省 of "报江苏省人民政府") is not the issuer.
    let mut hint: Option<(&'static str, bool)> = None;
    for (text, titled) in candidates(title, lines) {
        match issuer_in(g, &text, titled) {
            Issuer::Named(place, word) => {
                let fits = hint.is_none_or(|(h, _)| word.is_none_or(|w| w == h));
                if fits {
                    return finish(g, place, &opening, &mentions);
                }
            }
            Issuer::Bare(word, department) => {
                if hint.is_none() {
                    hint = Some((word, department));
                }
            }
            Issuer::None => {}
        }
    }
    let (word, department) = hint.unwrap_or_else(|| (self_level(&opening), false));
    from_body(g, word, department, &opening, &mentions)
}

/// Where an issuer may be named, in order: the title and title-like lines, then each of the
/// first lines, whole and then its first clauses. A line counts when it reads as a title, is one
/// of the first three, or opens with a year ("2019年,…"): a report's first sentence names its
/// issuer, while a body line further down may name any place ("常州高新区(新北区)共设置…").
/// `true` marks title-like text, where a name missing from the list ("某县") is still taken as
/// written.
fn candidates(title: Option<&str>, lines: &[String]) -> Vec<(String, bool)> {
    let mut titles: Vec<(String, bool)> = Vec::new();
    let mut out: Vec<(String, bool)> = Vec::new();
    if let Some(t) = title {
        titles.push((t.to_string(), true));
    }
    for (n, line) in lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(ISSUER_LINES)
        .enumerate()
    {
        // "江苏省人民政府:" names whom the report is sent to, not who sends it.
        if line.ends_with([':', '：']) && line.chars().count() < 50 {
            continue;
        }
        let titled = line.chars().count() < 60
            && ["报告", "总结", "情况", "要点"]
                .iter()
                .any(|w| line.contains(w));
        let first_sentence = n < 3 || YEAR_OPENING.is_match(line);
        if !(titled || first_sentence) {
            continue;
        }
        // Title lines first: a site's header ("某市人民政府门户网站") may come before them.
        if titled {
            titles.push((line.to_string(), true));
        } else {
            out.push((line.to_string(), false));
        }
        for clause in line.split([',', '，', '。', ';', '；']).skip(1).take(4) {
            out.push((clause.to_string(), false));
        }
    }
    titles.extend(out);
    titles
}

/// A place named at the head of a text, resolved as far as the name itself allows.
struct Named {
    /// As written, without a department's tail.
    written: String,
    level: Level,
    /// Candidate divisions of the last gazetteer name in `written` (several when shared).
    divisions: Vec<usize>,
    /// The name wrote its parent ("厦门市海沧区"), so there is no fuller form to look for.
    with_parent: bool,
    /// A ministry: no place, no province.
    ministry: bool,
}

enum Issuer {
    Named(Named, Option<&'static str>),
    /// A level without a name ("省人民政府", "区司法局"); true for a department.
    Bare(&'static str, bool),
    None,
}

fn strip_lead(text: &str) -> &str {
    let mut t = text.trim();
    while let Some(m) = LEAD.find(t) {
        if m.end() == 0 {
            break;
        }
        t = t[m.end()..].trim_start();
    }
    t
}

fn issuer_in(g: &Gazetteer, text: &str, titled: bool) -> Issuer {
    // "《湖北省法治政府建设实施方案》" in a sentence cites a document; only a title line in
    // brackets is the report's own name.
    if !titled && text.trim_start().starts_with('《') {
        return Issuer::None;
    }
    let t = strip_lead(text);
    // The words that end an issuer may be inside a listed name (无为市, 犍为县): look after it.
    let (_, listed) = chain(g, t);
    let Some(cut) = AFTER_ISSUER.find_at(t, listed) else {
        return Issuer::None;
    };
    let mut name = &t[..cut.start()];
    if !name.chars().all(crate::chars::is_han) {
        return Issuer::None;
    }
    let after = &t[cut.start()..];
    // "原环境保护部": the former name of a ministry.
    if name.starts_with('原') && g.at(name, 0).is_none() {
        name = &name['原'.len_utf8()..];
    }
    let gov_office = [
        "人民政府办公室",
        "政府办公室",
        "人民政府办公厅",
        "政府办公厅",
    ]
    .iter()
    .any(|w| after.starts_with(w));
    if let Some((word, department)) = bare_word(name) {
        return Issuer::Bare(word, department || gov_office);
    }
    match classify(g, name, titled) {
        Some(mut named) => {
            if gov_office && named.level != Level::Department {
                named.level = Level::Department;
            }
            let word = level_word(&named.written);
            Issuer::Named(named, word)
        }
        None => Issuer::None,
    }
}

/// "省", "区司法局": a level with no name before it, and whether a department follows. "我区",
/// "全市" are left to `self_level`, which weighs them all: a district's report may say 我市 once.
fn bare_word(name: &str) -> Option<(&'static str, bool)> {
    if name.starts_with(['我', '全', '本']) {
        return None;
    }
    let rest = name;
    let word = [
        "自治区",
        "省",
        "市",
        "区",
        "县",
        "州",
        "旗",
        "街道",
        "镇",
        "乡",
    ]
    .into_iter()
    .find(|w| rest.starts_with(w))?;
    let tail = &rest[word.len()..];
    let word = if word == "自治区" { "省" } else { word };
    if tail.is_empty() {
        Some((word, false))
    } else if DEPARTMENT_ENDS.iter().any(|e| tail.ends_with(e)) {
        Some((word, true))
    } else {
        None
    }
}

/// Reads a name as: gazetteer names (each inside the one before), then a tail that is a zone, a
/// township, a department, or an administrative suffix.
fn classify(g: &Gazetteer, name: &str, titled: bool) -> Option<Named> {
    if name.chars().count() < 2 {
        return None;
    }
    let (links, covered) = chain(g, name);
    let tail = &name[covered..];
    let last = links.last().cloned().unwrap_or_default();
    let with_parent = links.len() > 1;
    let named = |written: &str, level: Level| Named {
        written: written.to_string(),
        level,
        divisions: last.clone(),
        with_parent,
        ministry: false,
    };
    if tail.is_empty() && !last.is_empty() {
        let tier = last
            .iter()
            .filter_map(|&d| g.get(d))
            .map(|d| d.tier)
            .min()?;
        // The list carries zones for statistics with county codes 71–79 (威海火炬高技术产业开发区);
        // 浦东新区 and 清新区 are districts.
        let zone = last
            .iter()
            .filter_map(|&d| g.get(d))
            .all(|d| d.tier == Tier::County && d.code.get(4..5) == Some("7"));
        let level = if zone {
            Level::Zone
        } else {
            match tier {
                Tier::Province => Level::Province,
                Tier::Prefecture => Level::City,
                Tier::County => Level::County,
            }
        };
        return Some(named(name, level));
    }
    let first = tail.chars().next();
    let starts_badly = |allowed: &str| {
        covered == 0 && first.is_some_and(|c| NOT_NAME_START.contains(c) && !allowed.contains(c))
    };
    // Numerals and a few place words open zone and township names (三张镇, 四季青街道,
    // 经济技术开发区, 城关镇) though they never open a county's.
    let named_by_suffix =
        tail.chars().count() >= 3 && !starts_badly("一二三四五六七八九十城经园社");
    if named_by_suffix && ZONE_ENDS.iter().any(|e| tail.ends_with(e)) {
        return Some(named(name, Level::Zone));
    }
    if named_by_suffix && TOWNSHIP_ENDS.iter().any(|e| tail.ends_with(e)) {
        return Some(named(name, Level::Township));
    }
    if starts_badly("") {
        return None;
    }
    if DEPARTMENT_ENDS.iter().any(|e| tail.ends_with(e))
        && !NOT_DEPARTMENT_ENDS.iter().any(|e| tail.ends_with(e))
    {
        if covered > 0 {
            return Some(named(&name[..covered], Level::Department));
        }
        // "某市司法局": the shortest head ending in an administrative suffix is the place.
        let place = name
            .char_indices()
            .skip(1)
            .find(|(_, c)| "省市区县州旗盟".contains(*c))
            .map(|(i, c)| &name[..i + c.len_utf8()]);
        if let Some(place) = place.filter(|p| p.chars().count() >= 2) {
            return Some(named(place, Level::Department));
        }
        let ministry = MINISTRY_ENDS.iter().any(|e| name.ends_with(e));
        let mut n = named(if ministry { name } else { "" }, Level::Department);
        n.ministry = ministry;
        return Some(n);
    }
    if titled
        && tail.chars().count() >= 2
        && let Some((_, level)) = PLACE_ENDS.iter().find(|(e, _)| tail.ends_with(e))
    {
        return Some(named(name, *level));
    }
    None
}

/// The gazetteer names that open `name`, each inside the one before ("厦门市" "海沧区"); a short
/// form of a province or prefecture only where it is the whole name ("景德镇", not a township),
/// or a zone or a name inside it follows ("北京经济技术开发区", "杭州上城区").
fn chain(g: &Gazetteer, name: &str) -> (Vec<Vec<usize>>, usize) {
    let mut links: Vec<Vec<usize>> = Vec::new();
    let mut pos = 0;
    while let Some(m) = g.at(name, pos) {
        let mut here: Vec<usize> = m.divisions.to_vec();
        if let Some(prev) = links.last() {
            here.retain(|&d| prev.iter().any(|&p| p != d && g.contains(p, d)));
            if here.is_empty() {
                break;
            }
        }
        if m.short {
            let rest = &name[m.end..];
            let zone_follows =
                ZONE_ENDS.iter().any(|e| rest.ends_with(e)) && g.at(name, m.end).is_none();
            let inside_follows = g.at(name, m.end).is_some_and(|next| {
                !next.short
                    && next
                        .divisions
                        .iter()
                        .any(|&d| here.iter().any(|&p| p != d && g.contains(p, d)))
            });
            let upper = here
                .iter()
                .filter_map(|&d| g.get(d))
                .any(|d| d.tier != Tier::County);
            if !(upper && (rest.is_empty() || zone_follows || inside_follows)) {
                break;
            }
        }
        if let Some(prev) = links.last_mut() {
            prev.retain(|&p| here.iter().any(|&d| g.contains(p, d)));
        }
        links.push(here);
        pos = m.end;
    }
    (links, pos)
}

/// Region as written in its fullest form, province and level of a named issuer.
fn finish(g: &Gazetteer, named: Named, opening: &str, mentions: &[Mention]) -> Place {
    if named.ministry || named.written.is_empty() {
        return Place {
            region: named.written,
            province: String::new(),
            level: named.level,
        };
    }
    let mut region = named.written.clone();
    if !named.with_parent {
        region = fullest(g, &region, &named.divisions, opening, mentions);
    }
    let (written_links, _) = chain(g, &region);
    let mut divisions = written_links.last().cloned().unwrap_or_default();
    if divisions.is_empty() {
        divisions = named.divisions.clone();
    }
    let divisions = narrowed(g, &divisions, mentions);
    let province = one_province(g, &divisions).or_else(|| {
        // A township, zone or department whose name holds no listed place: the province that
        // every place named in the opening agrees on.
        if written_links.is_empty() && named.divisions.is_empty() {
            let named_here: Vec<usize> = mentions
                .iter()
                .filter(|m| counts(g, m))
                .flat_map(|m| m.divisions.iter().copied())
                .collect();
            one_province(g, &named_here)
        } else {
            None
        }
    });
    Place {
        region,
        province: province.unwrap_or_default(),
        level: named.level,
    }
}

/// A shared name (西湖区: 杭州, 南昌) keeps the divisions whose parents the opening names most.
fn narrowed(g: &Gazetteer, divisions: &[usize], mentions: &[Mention]) -> Vec<usize> {
    if divisions.len() < 2 {
        return divisions.to_vec();
    }
    let score = |d: usize| {
        mentions
            .iter()
            .filter(|m| m.divisions.iter().any(|&a| a != d && g.contains(a, d)))
            .count()
    };
    let best = divisions.iter().map(|&d| score(d)).max().unwrap_or(0);
    if best == 0 {
        return divisions.to_vec();
    }
    divisions
        .iter()
        .copied()
        .filter(|&d| score(d) == best)
        .collect()
}

/// The province all of `divisions` lie in, if they agree.
fn one_province(g: &Gazetteer, divisions: &[usize]) -> Option<String> {
    let names: BTreeSet<&str> = divisions.iter().map(|&d| g.province_name(d)).collect();
    match names.len() {
        1 => names.into_iter().next().map(str::to_string),
        _ => None,
    }
}

/// Short forms of counties are too often ordinary words (和平, 城关, 新华) to count as places,
/// and so are two-character county names ("领导和县委" holds 和县); short forms of provinces and
/// prefectures (安徽, 杭州) are not.
fn counts(g: &Gazetteer, m: &Mention) -> bool {
    let county = |d: &super::gazetteer::Division| d.tier == Tier::County;
    let divisions = || m.divisions.iter().filter_map(|&d| g.get(d));
    if m.short {
        return !divisions().any(county);
    }
    !divisions().all(|d| county(d) && d.name.chars().count() <= 2)
}

/// "闵行区" written once as "上海市闵行区": the longest written form with its parents before it.
fn fullest(
    g: &Gazetteer,
    region: &str,
    divisions: &[usize],
    opening: &str,
    mentions: &[Mention],
) -> String {
    let by_end: BTreeMap<usize, &Mention> = mentions.iter().map(|m| (m.end, m)).collect();
    let mut best = region.to_string();
    for (at, _) in opening.match_indices(region) {
        let mut start = at;
        let mut inner: Vec<usize> = divisions.to_vec();
        while let Some(m) = by_end.get(&start) {
            let fits = counts(g, m)
                && m.divisions.iter().any(|&a| {
                    g.get(a)
                        .is_some_and(|d| d.tier != Tier::County || inner.is_empty())
                        && (inner.is_empty() || inner.iter().any(|&d| a != d && g.contains(a, d)))
                });
            if !fits {
                break;
            }
            start = m.start;
            inner = m.divisions.to_vec();
        }
        if let Some(form) = opening.get(start..at + region.len())
            && form.len() > best.len()
        {
            best = form.to_string();
        }
    }
    best
}

/// How the text names itself most: 我区 counts three times 全区.
fn self_level(opening: &str) -> &'static str {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for c in SELF_NAME.captures_iter(opening) {
        let word = match &c[2] {
            "省" => "省",
            "市" => "市",
            "区" => "区",
            "县" => "县",
            "州" => "州",
            "旗" => "旗",
            "街道" => "街道",
            "镇" => "镇",
            "乡" => "乡",
            _ => "局",
        };
        // 全局 is "the whole picture", not a bureau.
        if word == "局" && &c[1] == "全" {
            continue;
        }
        *counts.entry(word).or_default() += if &c[1] == "全" { 1 } else { 3 };
    }
    counts
        .into_iter()
        .max_by_key(|&(w, n)| (n, std::cmp::Reverse(w)))
        .map_or("", |(w, _)| w)
}

/// No sentence names the issuer: the place of `word`'s level that the opening names most.
fn from_body(
    g: &Gazetteer,
    word: &str,
    department: bool,
    opening: &str,
    mentions: &[Mention],
) -> Place {
    let level_if = |level: Level| if department { Level::Department } else { level };
    match word {
        "" => Place::default(),
        "街道" | "镇" | "乡" => match most_named_township(opening) {
            Some(region) => Place {
                region,
                province: String::new(),
                level: level_if(Level::Township),
            },
            None => Place {
                level: level_if(Level::Township),
                ..Place::default()
            },
        },
        _ => {
            // A bureau (我局) reports for its place, of whatever level.
            // 全区 is also how an autonomous region (自治区) names itself.
            let wanted = |name: &str| {
                word == "局"
                    || level_word(name) == Some(word)
                    || (word == "区" && name.ends_with("自治区"))
            };
            let mut tally: BTreeMap<usize, (usize, bool)> = BTreeMap::new();
            for m in mentions.iter().filter(|m| counts(g, m)) {
                for &d in m.divisions {
                    if g.get(d).is_some_and(|x| wanted(&x.name)) {
                        let e = tally.entry(d).or_insert((0, false));
                        e.0 += 1;
                        e.1 |= !m.short;
                    }
                }
            }
            let best = tally
                .iter()
                .max_by_key(|(d, (n, _))| {
                    let tier = g.get(**d).map(|x| x.tier);
                    (*n, tier, std::cmp::Reverse(**d))
                })
                .map(|(d, (_, full))| (*d, *full));
            let level = level_if(match word {
                "省" => Level::Province,
                "市" | "州" => Level::City,
                "局" => Level::Department,
                _ => Level::County,
            });
            match best {
                Some((d, full)) => {
                    let Some(div) = g.get(d) else {
                        return Place::default();
                    };
                    let written = if full { &div.name } else { &div.short };
                    let region = fullest(g, written, &[d], opening, mentions);
                    let level = match (word, div.tier) {
                        ("局", _) => Level::Department,
                        (_, Tier::Province) => level_if(Level::Province),
                        (_, Tier::Prefecture) => level_if(Level::City),
                        (_, Tier::County) => level_if(Level::County),
                    };
                    Place {
                        region,
                        province: g.province_name(d).to_string(),
                        level,
                    }
                }
                None if word == "省" => {
                    // A province report that never writes its own name still names its
                    // prefectures (黔东南, 黔南): their common province.
                    let inside: Vec<usize> = mentions
                        .iter()
                        .filter(|m| counts(g, m))
                        .flat_map(|m| m.divisions.iter().copied())
                        .collect();
                    let province = one_province(g, &inside).unwrap_or_default();
                    Place {
                        region: province.clone(),
                        province,
                        level,
                    }
                }
                None => Place {
                    level,
                    ..Place::default()
                },
            }
        }
    }
}

/// The township the opening names most (at least twice): "…在下太镇落地…列入下太镇…".
fn most_named_township(opening: &str) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in TOWNSHIP.captures_iter(opening) {
        let name: Vec<char> = c[1].chars().collect();
        // The match may start inside the word before; every tail of two or more chars is a
        // possible name, and the true one recurs.
        // "依法治乡", "法治镇建设": 治 before the suffix makes a slogan, not a name.
        if name.last() == Some(&'治') {
            continue;
        }
        for from in 0..name.len().saturating_sub(1) {
            let form = &name[from..];
            if form.first().is_some_and(|ch| NOT_NAME_START.contains(*ch)) {
                continue;
            }
            let form: String = form.iter().collect();
            *counts.entry(format!("{form}{}", &c[2])).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(k, n)| (*n, std::cmp::Reverse(k.clone())))
        .map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    fn place(title: Option<&str>, body: &str) -> (String, String, &'static str) {
        let p = resolve(title, &lines(body));
        (p.region, p.province, p.level.as_str())
    }

    /// Invented titles: (title, region, province, level).
    #[test]
    fn issuers_in_titles() {
        let cases = [
            // Three-character cities, with and without the suffix.
            (
                "景德镇市人民政府关于2030年法治政府建设情况的报告",
                "景德镇市",
                "江西省",
                "city",
            ),
            (
                "石家庄市2031年依法行政工作报告",
                "石家庄市",
                "河北省",
                "city",
            ),
            (
                "乌鲁木齐市人民政府2032年度法治政府建设报告",
                "乌鲁木齐市",
                "新疆维吾尔自治区",
                "city",
            ),
            // Autonomous region and prefecture.
            (
                "内蒙古自治区人民政府关于2030年法治政府建设的报告",
                "内蒙古自治区",
                "内蒙古自治区",
                "province",
            ),
            (
                "巴音郭楞蒙古自治州2030年法治政府建设情况",
                "巴音郭楞蒙古自治州",
                "新疆维吾尔自治区",
                "city",
            ),
            // A municipality and its district.
            (
                "上海市闵行区人民政府2030年法治政府建设报告",
                "上海市闵行区",
                "上海市",
                "county",
            ),
            (
                "天津市人民政府关于2030年度法治政府建设情况的报告",
                "天津市",
                "天津市",
                "province",
            ),
            // Provinces, with a tag or a page label before them.
            (
                "[重要发布]甘肃省2030年法治政府建设情况报告",
                "甘肃省",
                "甘肃省",
                "province",
            ),
            (
                "标  题 西藏自治区人民政府关于2030年度法治政府建设情况的报告",
                "西藏自治区",
                "西藏自治区",
                "province",
            ),
            // A county under its city, written with and without it.
            (
                "关于三明市沙县区2030年度法治政府建设情况的报告",
                "三明市沙县区",
                "福建省",
                "county",
            ),
            (
                "汉源县2030年法治政府建设年度报告",
                "汉源县",
                "四川省",
                "county",
            ),
            // Zones.
            (
                "2030年北京经济技术开发区法治政府建设情况报告",
                "北京经济技术开发区",
                "北京市",
                "zone",
            ),
            (
                "珠海高新区2030年法治政府建设工作情况报告",
                "珠海高新区",
                "广东省",
                "zone",
            ),
            (
                "威海火炬高技术产业开发区2030年法治政府建设工作报告",
                "威海火炬高技术产业开发区",
                "山东省",
                "zone",
            ),
            // Townships, a nationality township among them.
            (
                "桐木漯瑶族乡人民政府关于2030年度法治政府建设工作的报告",
                "桐木漯瑶族乡",
                "",
                "township",
            ),
            (
                "东湖街道2030年度法治政府建设情况报告",
                "东湖街道",
                "",
                "township",
            ),
            (
                "某县某镇2030年法治政府建设情况报告",
                "某县某镇",
                "",
                "township",
            ),
            // Departments report for their place; a ministry is its own region.
            (
                "四平市生态环境局2030年度法治政府建设工作报告",
                "四平市",
                "吉林省",
                "department",
            ),
            (
                "杭州市上城区市场监督管理局2030年法治政府建设报告",
                "杭州市上城区",
                "浙江省",
                "department",
            ),
            (
                "区司法局关于2030年法治政府建设情况的报告",
                "",
                "",
                "department",
            ),
            (
                "环境保护部2030年法治政府建设情况报告",
                "环境保护部",
                "",
                "department",
            ),
            // Short forms of provinces and cities stand alone in a title.
            (
                "景德镇2030年法治政府建设工作报告",
                "景德镇",
                "江西省",
                "city",
            ),
            (
                "关于2030年度湖北法治政府建设情况的报告",
                "湖北",
                "湖北省",
                "province",
            ),
            // Autonomous counties; subdistrict offices; commissions and procuratorates.
            (
                "长阳土家族自治县人民政府关于2030年法治政府建设的报告",
                "长阳土家族自治县",
                "湖北省",
                "county",
            ),
            (
                "延边朝鲜族自治州2030年法治政府建设情况报告",
                "延边朝鲜族自治州",
                "吉林省",
                "city",
            ),
            (
                "乐山市市中区某某街道办事处关于2030年法治政府建设的报告",
                "乐山市市中区某某街道",
                "四川省",
                "township",
            ),
            (
                "绵阳市发展和改革委员会2030年法治政府建设年度报告",
                "绵阳市",
                "四川省",
                "department",
            ),
            (
                "湖北省司法厅关于2030年度法治政府建设情况的报告",
                "湖北省",
                "湖北省",
                "department",
            ),
            // A national organ's local branch: the place is the branch's.
            (
                "国家税务总局某某市税务局2030年法治政府建设情况报告",
                "某某市",
                "",
                "department",
            ),
            (
                "宜昌高新区管委会2030年法治政府建设情况报告",
                "宜昌高新区",
                "湖北省",
                "zone",
            ),
            // A shared district name with no parent in the text: no province is guessed.
            (
                "鼓楼区人民政府关于2030年度法治政府建设情况的报告",
                "鼓楼区",
                "",
                "county",
            ),
            // Names holding a word that elsewhere ends an issuer's name (为).
            (
                "无为市人民政府关于2030年法治政府建设情况的报告",
                "无为市",
                "安徽省",
                "county",
            ),
            (
                "犍为县2030年法治政府建设年度报告",
                "犍为县",
                "四川省",
                "county",
            ),
            // A district called 新区 is a district, not a zone.
            (
                "浦东新区2030年法治政府建设情况报告",
                "浦东新区",
                "上海市",
                "county",
            ),
            // A joint title of the party committee and the government.
            (
                "中共汉源县委 汉源县人民政府关于2030年度法治建设情况的报告",
                "汉源县",
                "四川省",
                "county",
            ),
            // A name not in the list, taken as written from a title.
            (
                "某县2011-2015年法治政府建设工作总结报告",
                "某县",
                "",
                "county",
            ),
        ];
        for (title, region, province, level) in cases {
            assert_eq!(
                place(Some(title), ""),
                (region.to_string(), province.to_string(), level),
                "{title}"
            );
        }
    }

    /// Invented openings without a usable title: (first lines, region, province, level).
    #[test]
    fn issuers_in_first_lines() {
        let cases = [
            // Web clutter, then the title line.
            (
                "首页 > 政务公开\n当前位置:\n乐山市人民政府2030年法治政府建设工作报告\n发布时间:2031-03-01",
                "乐山市",
                "四川省",
                "city",
            ),
            // The issuer is the subject of the first sentence, after 在…领导下.
            (
                "2030年,在区委、区政府的坚强领导下,三张镇坚持依法行政,各项工作有序推进。",
                "三张镇",
                "",
                "township",
            ),
            (
                "2030年,宁夏回族自治区党委和政府深入推进法治政府建设。",
                "宁夏回族自治区",
                "宁夏回族自治区",
                "province",
            ),
            (
                "2030年,原环境保护部深入推进生态环境领域法治建设。",
                "环境保护部",
                "",
                "department",
            ),
            // The addressee (江苏省人民政府:) is not the issuer; a document number opens the title.
            (
                "宁政发〔2031〕9号《无锡市人民政府关于2030年度法治政府建设工作的报告》\n江苏省人民政府:\n2030年,全市推进改革。",
                "无锡市",
                "江苏省",
                "city",
            ),
            (
                "中共武定县委、县人民政府:\n2030年,武定县人民政府办公室坚持依法行政。",
                "武定县",
                "云南省",
                "department",
            ),
            // A shared name: the parent named nearby decides, else no province is guessed.
            (
                "2030年,西湖区人民政府坚持依法行政,南昌市委部署的任务全部完成。",
                "西湖区",
                "江西省",
                "county",
            ),
            (
                "2030年,西湖区人民政府坚持依法行政。",
                "西湖区",
                "",
                "county",
            ),
            (
                "2030年,朝阳区人民政府坚持依法行政,全力服务北京发展。",
                "朝阳区",
                "北京市",
                "county",
            ),
            // A site's header before the title line names the site, not the issuer.
            (
                "武汉市人民政府门户网站\n江岸区2030年法治政府建设情况报告\n2030年,全区推进依法行政。",
                "江岸区",
                "湖北省",
                "county",
            ),
            // The fullest written form: the district named once with its municipality.
            (
                "闵行区2030年法治政府建设年度报告\n来源:上海市闵行区人民政府",
                "上海市闵行区",
                "上海市",
                "county",
            ),
        ];
        for (body, region, province, level) in cases {
            assert_eq!(
                place(None, body),
                (region.to_string(), province.to_string(), level),
                "{body}"
            );
        }
    }

    /// No sentence names the issuer: its level (我省, 全县, 我镇, 我局) and the places named.
    #[test]
    fn issuers_by_self_reference() {
        let cases = [
            (
                "现将我省2030年法治政府建设情况报告如下。\n全面清理黔东南、黔南3个自治州的审批事项。",
                "贵州省",
                "贵州省",
                "province",
            ),
            (
                "2030年,全省各级行政机关认真落实习近平总书记考察安徽重要讲话精神。我省推进改革。",
                "安徽",
                "安徽省",
                "province",
            ),
            (
                "现将县人民政府2030年工作报告如下。\n制定了《岳阳县法治政府建设实施方案》,全县推进。",
                "岳阳县",
                "湖南省",
                "county",
            ),
            (
                "2030年,我镇坚持依法治镇。\n让法治精神在下太镇落地,列入下太镇党校课程,依法治镇。",
                "下太镇",
                "",
                "township",
            ),
            (
                "2030年,我局坚持依法行政。\n对照《四平市法治政府建设规划》推进,我局完成任务。",
                "四平市",
                "吉林省",
                "department",
            ),
            // The issuer names no place and the text names none either: empty, never a fragment.
            ("2030年,我县推进依法治县,提升全县水平。", "", "", "county"),
            (
                "2030年,我县推进依法治县,研究部署重点工作。",
                "",
                "",
                "county",
            ),
            // 我区 outweighs a single 我市; "2030年是某区…的一年" names the district.
            (
                "2030年,是海沧区深化改革的一年,我区推进法治建设,全区同步。\n一、主要工作: 一年来,我市依法行政工作成效明显。",
                "海沧区",
                "福建省",
                "county",
            ),
            (
                "2030年,我县推进依法治县。\n一、主要工作: 一年来,领导干部法治思维不断强化。",
                "",
                "",
                "county",
            ),
            (
                "2030年,我局法治建设工作坚持依法行政。",
                "",
                "",
                "department",
            ),
        ];
        for (body, region, province, level) in cases {
            assert_eq!(
                place(None, body),
                (region.to_string(), province.to_string(), level),
                "{body}"
            );
        }
    }
}
