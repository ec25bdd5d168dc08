//! Sentence texts → sparse TF-IDF vectors of character bigrams (+ unigrams at half weight), and
//! the all-pairs search that finds every pair of sentences from different reports whose cosine
//! reaches a threshold without scoring all pairs.

use std::collections::HashMap;

use crate::diff::is_punct;

/// A unit-length sparse vector, sorted by feature id. Feature ids are given in order of
/// decreasing document frequency, so a vector starts with its most common features.
pub type SparseVec = Vec<(u32, f32)>;

/// Unigrams let reordered wording ("执法责任制落实" / "落实执法责任制") still meet, but a shared
/// character says less than a shared bigram, so they count half.
const UNIGRAM_WEIGHT: f32 = 0.5;

/// The vectors of a set of sentences, with IDF taken over that same set.
#[derive(Debug, Default)]
pub struct Space {
    pub vectors: Vec<SparseVec>,
}

/// Unigram keys carry this in the low half (no char has this value), bigrams the second char.
const UNIGRAM: u64 = u32::MAX as u64;

/// Features of one text with their counts, sorted by key. Digits all read as `0`, so "26件" and
/// "31件" are the same feature; punctuation and spaces break bigrams and are not features.
fn features(text: &str) -> Vec<(u64, f32)> {
    let mut keys: Vec<u64> = Vec::with_capacity(text.len() / 2);
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if is_punct(c) || c.is_whitespace() {
            prev = None;
            continue;
        }
        let c = match c {
            '0'..='9' | '０'..='９' => '0',
            _ => c.to_lowercase().next().unwrap_or(c),
        };
        keys.push(((c as u64) << 32) | UNIGRAM);
        if let Some(p) = prev {
            keys.push(((p as u64) << 32) | c as u64);
        }
        prev = Some(c);
    }
    keys.sort_unstable();
    let mut out: Vec<(u64, f32)> = Vec::with_capacity(keys.len());
    for k in keys {
        match out.last_mut() {
            Some((last, n)) if *last == k => *n += 1.0,
            _ => out.push((k, 1.0)),
        }
    }
    out
}

impl Space {
    /// Vectorize `texts`; IDF = ln((N + 1) / (df + 1)) + 1 over these texts, TF = 1 + ln(tf).
    pub fn build(texts: &[&str]) -> Space {
        let feats: Vec<Vec<(u64, f32)>> = texts.iter().map(|t| features(t)).collect();
        let mut df: HashMap<u64, u32> = HashMap::new();
        for f in &feats {
            for (k, _) in f {
                *df.entry(*k).or_insert(0) += 1;
            }
        }
        let mut by_df: Vec<(u64, u32)> = df.into_iter().collect();
        by_df.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let n = texts.len() as f32;
        let mut ids: HashMap<u64, (u32, f32)> = HashMap::with_capacity(by_df.len());
        for (id, (k, d)) in by_df.into_iter().enumerate() {
            let idf = ((n + 1.0) / (d as f32 + 1.0)).ln() + 1.0;
            ids.insert(k, (id as u32, idf));
        }
        let vectors = feats
            .into_iter()
            .map(|f| {
                let mut v: SparseVec = f
                    .into_iter()
                    .filter_map(|(k, tf)| {
                        let (id, idf) = *ids.get(&k)?;
                        let unit = if k & UNIGRAM == UNIGRAM {
                            UNIGRAM_WEIGHT
                        } else {
                            1.0
                        };
                        Some((id, (1.0 + tf.ln()) * idf * unit))
                    })
                    .collect();
                v.sort_unstable_by_key(|(id, _)| *id);
                let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                if norm > 0.0 {
                    v.iter_mut().for_each(|(_, w)| *w /= norm);
                }
                v
            })
            .collect();
        Space { vectors }
    }
}

/// Cosine of two unit vectors (a sorted merge).
pub fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while let (Some(&(fa, wa)), Some(&(fb, wb))) = (a.get(i), b.get(j)) {
        match fa.cmp(&fb) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += wa * wb;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Every pair `(x, y, cosine)` with `x < y`, `groups[x] != groups[y]` and cosine ≥ `threshold`.
///
/// All-pairs with prefix filtering (Bayardo et al. 2007): each vector is indexed only from the
/// point where the norm of its skipped prefix (its most common features) stays below the
/// threshold. If cos(x, y) ≥ t then, by Cauchy–Schwarz, y shares a feature with x outside that
/// prefix, so querying the index with all of x's features finds every such pair, while the long
/// posting lists of common bigrams (行政, 执法, 依法) are never walked. The result is exact.
pub fn all_pairs(
    vectors: &[&[(u32, f32)]],
    groups: &[usize],
    threshold: f32,
) -> Vec<(usize, usize, f32)> {
    let mut index: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut seen = vec![false; vectors.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let t2 = threshold * threshold;
    for (x, v) in vectors.iter().enumerate() {
        let gx = groups.get(x).copied().unwrap_or(usize::MAX);
        for (f, _) in v.iter() {
            if let Some(list) = index.get(f) {
                for &y in list {
                    let y = y as usize;
                    if !seen[y] && groups.get(y).copied() != Some(gx) {
                        seen[y] = true;
                        touched.push(y);
                    }
                }
            }
        }
        for &y in &touched {
            seen[y] = false;
            let sim = cosine(v, vectors[y]);
            if sim >= threshold {
                out.push((y, x, sim));
            }
        }
        touched.clear();
        let mut prefix = 0.0;
        for (f, w) in v.iter() {
            if prefix + w * w < t2 {
                prefix += w * w;
                continue;
            }
            index.entry(*f).or_default().push(x as u32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_do_not_change_the_vector() {
        let s = Space::build(&[
            "区政府共收到复议申请26件",
            "区政府共收到复议申请31件",
            "加强法治宣传教育",
        ]);
        assert!((cosine(&s.vectors[0], &s.vectors[1]) - 1.0).abs() < 1e-5);
        assert!(cosine(&s.vectors[0], &s.vectors[2]) < 0.1);
        assert!((cosine(&s.vectors[2], &s.vectors[2]) - 1.0).abs() < 1e-5);
    }

    #[test]
    fn all_pairs_equals_brute_force() {
        let texts = [
            "全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度",
            "全面推行行政执法三项制度",
            "深入推进行政执法三项制度",
            "全面落实行政执法责任制",
            "严格落实行政执法责任制和责任追究制度",
            "推进综合行政执法体制改革",
            "深化综合行政执法改革",
            "加强行政执法人员培训",
            "组织执法人员参加培训考试",
            "开展行政执法案卷评查",
        ];
        let s = Space::build(&texts);
        let refs: Vec<&[(u32, f32)]> = s.vectors.iter().map(|v| v.as_slice()).collect();
        let groups: Vec<usize> = (0..texts.len()).map(|i| i % 3).collect();
        for t in [0.1f32, 0.3, 0.45, 0.6] {
            let mut fast: Vec<(usize, usize)> = all_pairs(&refs, &groups, t)
                .into_iter()
                .map(|(a, b, _)| (a, b))
                .collect();
            fast.sort_unstable();
            let mut slow = Vec::new();
            for y in 0..texts.len() {
                for x in 0..y {
                    if groups[x] != groups[y] && cosine(refs[x], refs[y]) >= t {
                        slow.push((x, y));
                    }
                }
            }
            slow.sort_unstable();
            assert_eq!(fast, slow, "threshold {t}");
        }
    }
}
