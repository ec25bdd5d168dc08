//! Sentence texts → sparse TF-IDF vectors of character bigrams (+ unigrams at half weight), and
//! the all-pairs search that finds every pair of sentences from different reports whose cosine
//! reaches a threshold without scoring all pairs.

use std::collections::HashMap;

use rayon::prelude::*;

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
        let feats: Vec<Vec<(u64, f32)>> = texts.par_iter().map(|t| features(t)).collect();
        let mut df: FxMap<u64, u32> = FxMap::default();
        for f in &feats {
            for (k, _) in f {
                *df.entry(*k).or_insert(0) += 1;
            }
        }
        let mut by_df: Vec<(u64, u32)> = df.into_iter().collect();
        by_df.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let n = texts.len() as f32;
        let mut ids: FxMap<u64, (u32, f32)> = FxMap::default();
        ids.reserve(by_df.len());
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

/// A fast hasher for integer keys (the Fx hash of rustc); keys here are not attacker-chosen in
/// a way that matters, and SipHash dominated vectorizing.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes a step: string keys (sentence texts in pairing) are hashed whole.
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(word));
        }
        for b in chunks.remainder() {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

pub type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
pub type FxSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FxHasher>>;

/// Every pair `(x, y, cosine)` with `x < y`, `groups[x] != groups[y]` and cosine ≥ `threshold`.
///
/// All-pairs with prefix filtering (Bayardo et al. 2007). Features are ranked by how many
/// vectors of *this block* hold them; each vector is indexed only past a prefix of its most
/// common features whose norm stays below the threshold. Querying with all of x's features
/// accumulates A = x·y_indexed for each candidate y; since x·y ≤ A + ‖y_prefix‖, a pair that
/// reaches the threshold is always found, and candidates with A + ‖y_prefix‖ below it are
/// dropped without computing their cosine. The long posting lists of the block's stock phrases
/// (行政执法 in the 执法 block) are never built. The result is exact.
pub fn all_pairs(
    vectors: &[&[(u32, f32)]],
    groups: &[usize],
    threshold: f32,
) -> Vec<(usize, usize, f32)> {
    // Feature ids are dense (0..dims), so per-feature tables are plain vectors, not hash maps:
    // these lookups ran once per feature of every vector and dominated the search.
    let dims = vectors
        .iter()
        .flat_map(|v| v.iter().map(|&(f, _)| f as usize + 1))
        .max()
        .unwrap_or(0);
    let mut df = vec![0u32; dims];
    for v in vectors {
        for &(f, _) in v.iter() {
            if let Some(d) = df.get_mut(f as usize) {
                *d += 1;
            }
        }
    }
    let mut index: Vec<Vec<(u32, f32)>> = vec![Vec::new(); dims];
    // The unindexed prefix of each vector, to finish its dot product with a query.
    let mut prefixes: Vec<Vec<(u32, f32)>> = Vec::with_capacity(vectors.len());
    let mut prefix_norm: Vec<f32> = Vec::with_capacity(vectors.len());
    let mut acc = vec![0f32; vectors.len()];
    // The query's weights, dense, so a prefix is finished by lookups instead of a merge.
    let mut dense = vec![0f32; dims];
    let mut touched: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let t2 = threshold * threshold;
    let mut by_df: Vec<(u32, f32, u32)> = Vec::new();
    for (x, v) in vectors.iter().enumerate() {
        let gx = groups.get(x).copied().unwrap_or(usize::MAX);
        for &(f, w) in v.iter() {
            if let Some(d) = dense.get_mut(f as usize) {
                *d = w;
            }
            if let Some(list) = index.get(f as usize) {
                for &(y, wy) in list {
                    let y = y as usize;
                    if groups.get(y).copied() == Some(gx) {
                        continue;
                    }
                    if acc[y] == 0.0 {
                        touched.push(y);
                    }
                    acc[y] += w * wy;
                }
            }
        }
        for &y in &touched {
            let partial = acc[y];
            acc[y] = 0.0;
            if partial + prefix_norm[y] < threshold {
                continue;
            }
            let rest: f32 = prefixes[y]
                .iter()
                .map(|&(f, w)| w * dense.get(f as usize).copied().unwrap_or(0.0))
                .sum();
            let sim = partial + rest;
            if sim >= threshold {
                out.push((y, x, sim));
            }
        }
        touched.clear();
        for &(f, _) in v.iter() {
            if let Some(d) = dense.get_mut(f as usize) {
                *d = 0.0;
            }
        }
        // Index x past its prefix of the block's most common features.
        by_df.clear();
        by_df.extend(
            v.iter()
                .map(|&(f, w)| (f, w, df.get(f as usize).copied().unwrap_or(0))),
        );
        by_df.sort_unstable_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        let mut norm2 = 0.0;
        let mut prefix = Vec::new();
        for &(f, w, _) in &by_df {
            if norm2 + w * w < t2 {
                norm2 += w * w;
                prefix.push((f, w));
            } else {
                if let Some(list) = index.get_mut(f as usize) {
                    list.push((x as u32, w));
                }
            }
        }
        prefixes.push(prefix);
        prefix_norm.push(norm2.sqrt());
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
