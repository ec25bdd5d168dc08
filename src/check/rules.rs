//! `assets/checklist.toml`, parsed once and checked against the topic ids the analysis uses.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::model::Kind;

const CHECKLIST_TOML: &str = include_str!("../../assets/checklist.toml");

#[derive(Debug)]
pub struct Rules {
    pub source: String,
    pub deadline_month: u32,
    pub deadline_day: u32,
    pub parts: Vec<PartRule>,
    pub topics: Vec<TopicRule>,
}

#[derive(Debug, Deserialize)]
pub struct PartRule {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub kind: Option<Kind>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub headings: Vec<String>,
    pub min_passages: usize,
    #[serde(default)]
    pub needs: Vec<String>,
    #[serde(default)]
    pub narrow: bool,
    /// A heading holding one of `needs` meets the need too (not for 原因: a heading "存在的不足和
    /// 原因" promises causes, it does not give them).
    #[serde(default)]
    pub needs_in_headings: bool,
    pub thin_why: String,
}

#[derive(Debug, Deserialize)]
pub struct TopicRule {
    pub id: String,
    pub chapter: String,
}

#[derive(Deserialize)]
struct File {
    source: String,
    publication: Publication,
    part: Vec<PartRule>,
    topic: Vec<TopicRule>,
}

#[derive(Deserialize)]
struct Publication {
    month: u32,
    day: u32,
}

fn load() -> Result<Rules, String> {
    let file: File = toml::from_str(CHECKLIST_TOML).map_err(|e| e.to_string())?;
    let tables = crate::tables::tables();
    let known = |id: &str| tables.topic_index(id).is_some();
    for t in &file.topic {
        if !known(&t.id) {
            return Err(format!("unknown topic {}", t.id));
        }
    }
    for p in &file.part {
        if let Some(t) = &p.topic
            && !known(t)
        {
            return Err(format!("part {}: unknown topic {t}", p.id));
        }
    }
    Ok(Rules {
        source: file.source,
        deadline_month: file.publication.month,
        deadline_day: file.publication.day,
        parts: file.part,
        topics: file.topic,
    })
}

static RULES: LazyLock<Rules> = LazyLock::new(|| match load() {
    Ok(r) => r,
    // Compiled in and checked by `cargo test`: a failure here is a build defect.
    Err(e) => panic!("assets/checklist.toml is invalid: {e}"),
});

pub fn rules() -> &'static Rules {
    &RULES
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_checklist_parses_with_the_five_parts_of_spec() {
        let r = super::load().expect("checklist parses");
        let ids: Vec<&str> = r.parts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "achievements",
                "shortcomings",
                "leadership_duty",
                "plans",
                "other"
            ]
        );
        assert!(r.source.contains("督察工作规定"));
    }
}
