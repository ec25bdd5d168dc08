//! Sentence texts → sparse TF-IDF vectors of character bigrams (+ unigrams at half weight), and
//! the all-pairs search that finds every pair of sentences from different reports whose cosine
//! reaches a threshold without scoring all pairs.

use rayon::prelude::*;
pub use rustc_hash::{FxHashMap as FxMap, FxHashSet as FxSet};

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
    /// Number of distinct features: every feature id is below it.
    pub dims: usize,
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
            // ASCII only: a full Unicode lowercase lookup per Chinese character cost a tenth of
            // vectorizing, and Latin text in these reports is ASCII (full-width is folded earlier).
            _ => c.to_ascii_lowercase(),
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
        // Document frequency: each chunk of texts counts into a map of its own and the maps are
        // merged. The features are computed again below rather than kept, and no list of every
        // text's keys is sorted: at 10,000 reports those held 2 GB and their page faults were
        // most of this function's 7 s.
        let chunk = texts
            .len()
            .div_ceil(8 * rayon::current_num_threads())
            .max(1024);
        let df: FxMap<u64, u32> = texts
            .par_chunks(chunk)
            .map(|chunk| {
                let mut df: FxMap<u64, u32> = FxMap::default();
                for t in chunk {
                    for (k, _) in features(t) {
                        *df.entry(k).or_insert(0) += 1;
                    }
                }
                df
            })
            .reduce(FxMap::default, |a, b| {
                let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                for (k, d) in small {
                    *big.entry(k).or_insert(0) += d;
                }
                big
            });
        let mut by_df: Vec<(u64, u32)> = df.into_iter().collect();
        by_df.par_sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let n = texts.len() as f32;
        let dims = by_df.len();
        let mut ids: FxMap<u64, (u32, f32)> = FxMap::default();
        ids.reserve(by_df.len());
        for (id, (k, d)) in by_df.into_iter().enumerate() {
            let idf = ((n + 1.0) / (d as f32 + 1.0)).ln() + 1.0;
            ids.insert(k, (id as u32, idf));
        }
        let vectors = texts
            .par_iter()
            .map(|t| {
                let mut v: SparseVec = features(t)
                    .into_iter()
                    .filter_map(|(k, tf)| {
                        let (id, idf) = *ids.get(&k)?;
                        let unit = if k & UNIGRAM == UNIGRAM {
                            UNIGRAM_WEIGHT
                        } else {
                            1.0
                        };
                        // Most features occur once: skip the logarithm for them.
                        let tf = if tf == 1.0 { 1.0 } else { 1.0 + tf.ln() };
                        Some((id, tf * idf * unit))
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
        Space { vectors, dims }
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
/// All-pairs with prefix filtering (Bayardo et al. 2007, with the L2 bounds of Anastasiu and
/// Karypis 2014). Features are ranked by how many vectors of *this block* hold them; each vector
/// is indexed only past a prefix of its most common features, kept while either bound on what
/// the prefix can add to a dot product stays below the threshold: its norm, or Σ weight × the
/// feature's largest weight in the block. Querying with all of x's features accumulates
/// A = x·y_indexed for each candidate y; a candidate is verified only if A plus the bound on
/// x·y_prefix can reach the threshold (see `PrefixIndex::query`). The long posting lists of the
/// block's stock phrases (行政执法 in the 执法 block) are never built. The result is exact
/// (tests compare it with brute force on report sentences).
///
/// 300 reports (26 812 sentences): 42.8 M postings scanned and 13.0 M candidates verified with
/// the norm bound alone; 22.9 M and 0.57 M with both bounds and the tighter check.
pub fn all_pairs(
    vectors: &[&[(u32, f32)]],
    groups: &[usize],
    threshold: f32,
) -> Vec<(usize, usize, f32)> {
    let index = PrefixIndex::build(vectors, &[], threshold);
    // Each vector queries the index for partners before it; the queries are independent, so
    // they run in parallel, each thread with its own scratch buffers. Later vectors have more
    // partners before them: several chunks per thread balance the load.
    let chunk = vectors
        .len()
        .div_ceil(4 * rayon::current_num_threads())
        .max(256);
    let xs: Vec<usize> = (0..vectors.len()).collect();
    xs.par_chunks(chunk)
        .flat_map_iter(|xs| {
            let mut found = Vec::new();
            SCRATCH.with_borrow_mut(|scratch| {
                scratch.fit(vectors.len(), index.dims);
                for &x in xs {
                    let (v, gx) = (vectors[x], groups.get(x).copied());
                    let query = Query {
                        v,
                        group: gx,
                        before: x,
                    };
                    index.query(groups, threshold, query, scratch, &mut |y, sim| {
                        found.push((y, x, sim));
                    });
                }
            });
            found
        })
        .collect()
}

/// Every pair `(l, r, cosine)` of a vector of `left` and one of `right` whose cosine reaches
/// `threshold`, exactly (the same prefix-filtered search as [`all_pairs`], indexing `left` only).
/// Linear in `right` when `left` is small: what one report's sentences against thousands of
/// reports cost.
pub fn pairs_between(
    left: &[&[(u32, f32)]],
    right: &[&[(u32, f32)]],
    threshold: f32,
) -> Vec<(usize, usize, f32)> {
    let index = PrefixIndex::build(left, right, threshold);
    let no_groups = vec![0; left.len()];
    let chunk = right
        .len()
        .div_ceil(4 * rayon::current_num_threads())
        .max(256);
    let xs: Vec<usize> = (0..right.len()).collect();
    xs.par_chunks(chunk)
        .flat_map_iter(|xs| {
            let mut found = Vec::new();
            SCRATCH.with_borrow_mut(|scratch| {
                scratch.fit(left.len(), index.dims);
                for &x in xs {
                    let query = Query {
                        v: right[x],
                        group: None,
                        before: left.len(),
                    };
                    index.query(&no_groups, threshold, query, scratch, &mut |l, sim| {
                        found.push((l, x, sim));
                    });
                }
            });
            found
        })
        .collect()
}

/// One query of a [`PrefixIndex`]: its vector, its group (partners of the same group are
/// skipped; None: no group), and the indexed vectors it may meet (those before `before`).
struct Query<'v> {
    v: &'v [(u32, f32)],
    group: Option<usize>,
    before: usize,
}

/// Posting lists of the features each vector is indexed under (past its prefix), in vector order.
struct PrefixIndex {
    dims: usize,
    /// How many vectors of the block hold each feature.
    df: Vec<u32>,
    postings: Vec<Vec<(u32, f32)>>,
    /// The unindexed prefix of each vector (its features of highest df), to finish a dot product.
    prefixes: Vec<Vec<(u32, f32)>>,
    prefix_norm: Vec<f32>,
    /// Σ over the prefix of weight × the feature's largest weight in any vector: another bound
    /// on what the prefix can add to a dot product, tight for the block's stock phrases.
    prefix_max_dot: Vec<f32>,
    /// The lowest df among a vector's prefix features: the prefix holds only features this common.
    prefix_min_df: Vec<u32>,
}

/// Per-thread buffers of a query.
#[derive(Default)]
struct Scratch {
    /// Partial dot products with the candidates.
    acc: Vec<f32>,
    /// The query's weights by feature.
    dense: Vec<f32>,
    touched: Vec<usize>,
    /// The query's features by decreasing df with the running sum of squared weights.
    common_first: Vec<(u32, f32)>,
}

thread_local! {
    /// Reused across queries, chunks and topic blocks: zeroing fresh buffers for every chunk
    /// showed up as page clearing in profiles.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl Scratch {
    /// Room for `vectors` candidates and `dims` features; buffers stay all zero between queries.
    fn fit(&mut self, vectors: usize, dims: usize) {
        if self.acc.len() < vectors {
            self.acc.resize(vectors, 0.0);
        }
        if self.dense.len() < dims {
            self.dense.resize(dims, 0.0);
        }
    }
}

impl PrefixIndex {
    /// Indexes `vectors`, to be queried by themselves and by `also` (whose weights enter the
    /// per-feature maxima the prefix bound uses).
    fn build(vectors: &[&[(u32, f32)]], also: &[&[(u32, f32)]], threshold: f32) -> PrefixIndex {
        // Feature ids are dense (0..dims), so per-feature tables are plain vectors, not hash maps.
        let dims = vectors
            .iter()
            .chain(also)
            .flat_map(|v| v.iter().map(|&(f, _)| f as usize + 1))
            .max()
            .unwrap_or(0);
        let mut df = vec![0u32; dims];
        let mut max_weight = vec![0f32; dims];
        for v in vectors {
            for &(f, w) in v.iter() {
                if let (Some(d), Some(m)) = (df.get_mut(f as usize), max_weight.get_mut(f as usize))
                {
                    *d += 1;
                    *m = m.max(w);
                }
            }
        }
        for v in also {
            for &(f, w) in v.iter() {
                if let Some(m) = max_weight.get_mut(f as usize) {
                    *m = m.max(w);
                }
            }
        }
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); dims];
        let mut prefix_max_dot = Vec::with_capacity(vectors.len());
        let mut prefixes = Vec::with_capacity(vectors.len());
        let mut prefix_norm = Vec::with_capacity(vectors.len());
        let mut prefix_min_df = Vec::with_capacity(vectors.len());
        let t2 = threshold * threshold;
        let mut by_df: Vec<(u32, f32, u32)> = Vec::new();
        for (x, v) in vectors.iter().enumerate() {
            by_df.clear();
            by_df.extend(
                v.iter()
                    .map(|&(f, w)| (f, w, df.get(f as usize).copied().unwrap_or(0))),
            );
            by_df.sort_unstable_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
            let mut norm2 = 0.0;
            let mut max_dot = 0.0;
            let mut min_df = u32::MAX;
            let mut prefix = Vec::new();
            for &(f, w, d) in &by_df {
                let m = w * max_weight.get(f as usize).copied().unwrap_or(1.0);
                if norm2 + w * w < t2 || max_dot + m < threshold {
                    norm2 += w * w;
                    max_dot += m;
                    min_df = d;
                    prefix.push((f, w));
                } else if let Some(list) = postings.get_mut(f as usize) {
                    list.push((x as u32, w));
                }
            }
            prefixes.push(prefix);
            prefix_norm.push(norm2.sqrt());
            prefix_max_dot.push(max_dot);
            prefix_min_df.push(min_df);
        }
        PrefixIndex {
            dims,
            df,
            postings,
            prefixes,
            prefix_norm,
            prefix_max_dot,
            prefix_min_df,
        }
    }

    /// Partners `y < query.before` of the query vector in another group, given to `found` as
    /// `(y, cosine)`.
    ///
    /// x·y = (x · y's indexed part), accumulated from the postings, + (x · y's prefix). The
    /// prefix holds only features with df ≥ `prefix_min_df[y]`, so by Cauchy–Schwarz its share is
    /// at most ‖y_prefix‖ · ‖x's features that common‖: candidates below the threshold even then
    /// are dropped without touching their prefix.
    fn query(
        &self,
        groups: &[usize],
        threshold: f32,
        query: Query<'_>,
        scratch: &mut Scratch,
        found: &mut impl FnMut(usize, f32),
    ) {
        let Scratch {
            acc,
            dense,
            touched,
            common_first,
        } = scratch;
        let Query {
            v,
            group: gx,
            before,
        } = query;
        common_first.clear();
        for &(f, w) in v {
            if let Some(d) = dense.get_mut(f as usize) {
                *d = w;
            }
            common_first.push((self.df.get(f as usize).copied().unwrap_or(0), w * w));
            let Some(list) = self.postings.get(f as usize) else {
                continue;
            };
            // Postings are in vector order: the partners before x are a prefix of the list.
            for &(y, wy) in &list[..list.partition_point(|&(y, _)| (y as usize) < before)] {
                let y = y as usize;
                if gx.is_some() && groups.get(y).copied() == gx {
                    continue;
                }
                if acc[y] == 0.0 {
                    touched.push(y);
                }
                acc[y] += w * wy;
            }
        }
        common_first.sort_unstable_by_key(|&(df, _)| std::cmp::Reverse(df));
        let mut sum = 0.0;
        for e in common_first.iter_mut() {
            sum += e.1;
            e.1 = sum;
        }
        // ‖x restricted to features with df ≥ d‖.
        let common_norm = |d: u32| {
            let n = common_first.partition_point(|&(df, _)| df >= d);
            n.checked_sub(1)
                .and_then(|i| common_first.get(i))
                .map_or(0.0, |&(_, s)| s.sqrt())
        };
        for &y in touched.iter() {
            let partial = acc[y];
            acc[y] = 0.0;
            let prefix_bound = (self.prefix_norm[y] * common_norm(self.prefix_min_df[y]))
                .min(self.prefix_max_dot[y]);
            if partial + prefix_bound < threshold {
                continue;
            }
            let rest: f32 = self.prefixes[y]
                .iter()
                .map(|&(f, w)| w * dense.get(f as usize).copied().unwrap_or(0.0))
                .sum();
            let sim = partial + rest;
            if sim >= threshold {
                found(y, sim);
            }
        }
        touched.clear();
        for &(f, _) in v {
            if let Some(d) = dense.get_mut(f as usize) {
                *d = 0.0;
            }
        }
    }
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

    /// `all_pairs` against scoring every pair. The search sums in another order than `cosine`,
    /// so pairs within rounding of the threshold may fall either way.
    fn assert_same_as_brute_force(texts: &[&str], groups: usize, thresholds: &[f32]) {
        let s = Space::build(texts);
        let refs: Vec<&[(u32, f32)]> = s.vectors.iter().map(|v| v.as_slice()).collect();
        let groups: Vec<usize> = (0..texts.len()).map(|i| i % groups).collect();
        for &t in thresholds {
            let mut fast: Vec<(usize, usize)> = all_pairs(&refs, &groups, t)
                .into_iter()
                .map(|(a, b, _)| (a, b))
                .collect();
            fast.sort_unstable();
            let mut slow = Vec::new();
            for y in 0..refs.len() {
                for x in 0..y {
                    let c = cosine(refs[x], refs[y]);
                    if groups[x] != groups[y] && c >= t {
                        slow.push((x, y, c));
                    }
                }
            }
            let near = |c: f32| (c - t).abs() < 1e-5;
            let missing: Vec<_> = slow
                .iter()
                .filter(|&&(x, y, c)| !near(c) && fast.binary_search(&(x, y)).is_err())
                .collect();
            assert!(missing.is_empty(), "threshold {t}: missed {missing:?}");
            assert!(!slow.is_empty(), "threshold {t}: no pairs to check");
            assert!(fast.len() <= slow.len() + 5, "threshold {t}: extra pairs");
        }
    }

    #[test]
    fn pairs_between_equals_brute_force() {
        let mut sentences: Vec<String> = Vec::new();
        for name in ["changzhou-xinbei-2019.txt", "weihai-torch-2017.txt"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples")
                .join(name);
            let text = std::fs::read_to_string(&path).expect("sample readable");
            let split = crate::align::split_sentences(&text);
            sentences.extend(split.into_iter().map(str::to_string));
        }
        sentences.truncate(600);
        let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
        let s = Space::build(&texts);
        let refs: Vec<&[(u32, f32)]> = s.vectors.iter().map(|v| v.as_slice()).collect();
        // A few sentences against all the others, as the side-by-side base against every report.
        let (left, right) = refs.split_at(120);
        for t in [0.2, 0.3, 0.4] {
            let mut fast: Vec<(usize, usize)> = pairs_between(left, right, t)
                .into_iter()
                .map(|(l, r, _)| (l, r))
                .collect();
            fast.sort_unstable();
            let mut slow = Vec::new();
            for (l, a) in left.iter().enumerate() {
                for (r, b) in right.iter().enumerate() {
                    let c = cosine(a, b);
                    if c >= t && (c - t).abs() > 1e-5 {
                        slow.push((l, r));
                    }
                }
            }
            assert!(
                slow.len() >= 5,
                "threshold {t}: {} pairs to check",
                slow.len()
            );
            let missing: Vec<_> = slow
                .iter()
                .filter(|p| fast.binary_search(p).is_err())
                .collect();
            assert!(missing.is_empty(), "threshold {t}: missed {missing:?}");
            assert!(fast.len() <= slow.len() + 5, "threshold {t}: extra pairs");
        }
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
        assert_same_as_brute_force(&texts, 3, &[0.1, 0.3, 0.45]);
    }

    /// The pruning bounds must never lose a pair on real report sentences, where stock phrases
    /// make them work hardest.
    #[test]
    fn all_pairs_finds_every_pair_on_sample_sentences() {
        let mut sentences: Vec<String> = Vec::new();
        for name in ["changzhou-xinbei-2019.txt", "weihai-torch-2017.txt"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples")
                .join(name);
            let text = std::fs::read_to_string(&path).expect("sample readable");
            let split = crate::align::split_sentences(&text);
            sentences.extend(split.into_iter().map(str::to_string));
        }
        sentences.truncate(700);
        let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
        assert_same_as_brute_force(&texts, 4, &[0.25, 0.4, 0.55]);
    }
}
