//! Beyond a dozen reports, pairing wants each sentence's nearest few partners, not every pair above
//! the threshold: `similarity::all_pairs` meets every pair, and sentences that many reports say in
//! nearly the same words make that grow with the square of the reports. [`nearest`] bounds the
//! work and the output per sentence, so both grow linearly:
//!
//! 1. identical vectors (a sentence copied word for word, numbers aside) form one *class*, searched
//!    once; its members pair with each other directly, at most `k` partners each;
//! 2. each class queries an inverted index of the classes' features, rarest feature first; a
//!    posting list keeps only its [`POSTINGS_PER_FEATURE`] heaviest entries (the classes where the
//!    feature weighs most) and a query stops after [`SCAN_BUDGET`] postings;
//! 3. the [`VERIFY`] candidates with the largest partial dot product get the exact cosine, and the
//!    best `k` at or above the threshold are kept.
//!
//! It is approximate: `duibi bench --recall` measures it against the exact search. The three
//! bounds were set on the reworded bench corpus, release build (pairs recall against the exact
//! search at 3,000 reports, search time): lists of 256 / budget 4,096 / 64 verified gave 0.999
//! but no time saved (12.6 s); 256 / 1,024 / 8 took 2.5 s but found 0.739; 64 / 2,048 / 8 finds
//! 0.974 in 3.3 s, and 1.000 at 300 reports. Short lists let the budget reach more of a
//! sentence's features; verifying more than 8 changed nothing at 300 reports.

use rayon::prelude::*;

use super::similarity::{FxMap, cosine};

/// Longer lists are stock phrases of the block; their lightest entries are the classes where the
/// phrase is a small part of a long sentence.
const POSTINGS_PER_FEATURE: usize = 64;
/// Postings one query may scan (rare features first, so the specific wording is always seen).
const SCAN_BUDGET: usize = 2048;
/// Candidates per query whose exact cosine is computed: enough for the partners pairing keeps.
const VERIFY: usize = 8;
const _: () = assert!(VERIFY >= super::pairs::PARTNERS_SEARCHED);

/// Up to `k` partners of each vector in another group at cosine ≥ `threshold`, as edges
/// `(x, y, cosine)` with `x < y`, sorted and without repeats. Vectors found from either side count.
pub fn nearest(
    vectors: &[&[(u32, f32)]],
    groups: &[usize],
    threshold: f32,
    k: usize,
) -> Vec<(usize, usize, f32)> {
    let classes = Classes::of(vectors, groups, k.max(1));
    let reps = classes.reps(vectors);
    let index = Index::build(&reps);
    let ids: Vec<usize> = (0..reps.len()).collect();
    let chunk = ids.len().div_ceil(4 * rayon::current_num_threads()).max(64);
    // Per class, its best partner classes: (class, cosine), in class order.
    let found: Vec<Vec<(u32, f32)>> = ids
        .par_chunks(chunk)
        .flat_map_iter(|cs| {
            SCRATCH.with_borrow_mut(|scratch| {
                scratch.fit(reps.len());
                cs.iter()
                    .map(|&c| index.query(&reps, &classes, c, threshold, k, scratch))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let self_sim: Vec<f32> = reps.iter().map(|v| cosine(v, v)).collect();
    let mut edges: Vec<(usize, usize, f32)> = Vec::new();
    for (x, &c) in classes.of.iter().enumerate() {
        let (c, gx) = (c as usize, groups[x]);
        let twins = classes.firsts[c].iter().filter(|&&(g, _)| g != gx).take(k);
        for &(_, y) in twins {
            edges.push(ordered(x, y as usize, self_sim[c]));
        }
        for &(d, sim) in &found[c] {
            if let Some(&(_, y)) = classes.firsts[d as usize].iter().find(|&&(g, _)| g != gx) {
                edges.push(ordered(x, y as usize, sim));
            }
        }
    }
    edges.sort_unstable_by_key(|e| (e.0, e.1));
    edges.dedup_by_key(|e| (e.0, e.1));
    edges
}

fn ordered(x: usize, y: usize, sim: f32) -> (usize, usize, f32) {
    (x.min(y), x.max(y), sim)
}

/// Vectors grouped by identity (bit for bit: equal features give equal weights in one space).
pub(super) struct Classes {
    /// Each vector's class.
    pub(super) of: Vec<u32>,
    /// Per class, the first member of each of its first `k + 1` groups, as (group, member):
    /// enough for `k` partners of any member, and a class of one group is recognisable.
    pub(super) firsts: Vec<Vec<(usize, u32)>>,
    /// Per class, its group when all its members are of one (else `usize::MAX`): read for every
    /// posting a query scans, so kept flat.
    pub(super) sole: Vec<usize>,
}

impl Classes {
    pub(super) fn of(vectors: &[&[(u32, f32)]], groups: &[usize], k: usize) -> Classes {
        let (of, first) = identical_classes(vectors);
        let mut firsts: Vec<Vec<(usize, u32)>> = vec![Vec::new(); first.len()];
        for (x, &class) in of.iter().enumerate() {
            let list = &mut firsts[class as usize];
            let g = groups[x];
            if list.len() <= k && list.iter().all(|&(h, _)| h != g) {
                list.push((g, x as u32));
            }
        }
        let sole = firsts
            .iter()
            .map(|f| match f.as_slice() {
                [(g, _)] => *g,
                _ => usize::MAX,
            })
            .collect();
        Classes { of, firsts, sole }
    }

    /// Each class's vector (its first member's).
    pub(super) fn reps<'a>(&self, vectors: &[&'a [(u32, f32)]]) -> Vec<&'a [(u32, f32)]> {
        self.firsts
            .iter()
            .map(|f| f.first().map_or(&[][..], |&(_, m)| vectors[m as usize]))
            .collect()
    }
}

/// Each vector's class of bit-identical vectors (equal features give equal weights in one
/// space), and each class's first member; classes are numbered in order of first member.
pub(super) fn identical_classes(vectors: &[&[(u32, f32)]]) -> (Vec<u32>, Vec<u32>) {
    use std::hash::{Hash, Hasher};
    let mut by_hash: FxMap<u64, Vec<u32>> = FxMap::default();
    let mut class_of = Vec::with_capacity(vectors.len());
    let mut firsts: Vec<u32> = Vec::new();
    for (x, v) in vectors.iter().enumerate() {
        let mut h = rustc_hash::FxHasher::default();
        for &(f, w) in v.iter() {
            (f, w.to_bits()).hash(&mut h);
        }
        let same = by_hash.entry(h.finish()).or_default();
        let class = match same
            .iter()
            .find(|&&c| bits_equal(vectors[firsts[c as usize] as usize], v))
        {
            Some(&c) => c,
            None => {
                firsts.push(x as u32);
                let c = (firsts.len() - 1) as u32;
                same.push(c);
                c
            }
        };
        class_of.push(class);
    }
    (class_of, firsts)
}

pub(super) fn bits_equal(a: &[(u32, f32)], b: &[(u32, f32)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(p, q)| p.0 == q.0 && p.1.to_bits() == q.1.to_bits())
}

/// Posting lists (class, weight) per feature, heaviest first and capped, in one flat array.
/// Features get ids of their own in the block: the space's ids run into the millions (reworded
/// text makes rare bigrams), and per-feature tables of that size per block cost more than the search.
struct Index {
    /// Space feature id → block feature id (`u32::MAX`: not in the block).
    local: Vec<u32>,
    /// Classes holding each feature (before the cap): rarity decides the scan order.
    df: Vec<u32>,
    starts: Vec<u32>,
    postings: Vec<(u32, f32)>,
}

impl Index {
    fn build(reps: &[&[(u32, f32)]]) -> Index {
        let dims = reps
            .iter()
            .flat_map(|v| v.iter().map(|&(f, _)| f as usize + 1))
            .max()
            .unwrap_or(0);
        let mut local = vec![u32::MAX; dims];
        let mut df: Vec<u32> = Vec::new();
        for v in reps {
            for &(f, _) in v.iter() {
                let id = &mut local[f as usize];
                if *id == u32::MAX {
                    *id = df.len() as u32;
                    df.push(0);
                }
                df[*id as usize] += 1;
            }
        }
        let mut starts: Vec<u32> = Vec::with_capacity(df.len() + 1);
        let mut total = 0u32;
        for &d in &df {
            starts.push(total);
            total += d;
        }
        starts.push(total);
        let mut fill = starts.clone();
        let mut all = vec![(0u32, 0f32); total as usize];
        for (c, v) in reps.iter().enumerate() {
            for &(f, w) in v.iter() {
                let slot = &mut fill[local[f as usize] as usize];
                all[*slot as usize] = (c as u32, w);
                *slot += 1;
            }
        }
        drop(fill);
        // Keep the heaviest entries of each list, compacted in place.
        let mut kept = 0usize;
        for f in 0..df.len() {
            let (a, b) = (starts[f] as usize, starts[f + 1] as usize);
            let list = &mut all[a..b];
            if list.len() > POSTINGS_PER_FEATURE {
                list.select_nth_unstable_by(POSTINGS_PER_FEATURE, |x, y| y.1.total_cmp(&x.1));
            }
            let n = list.len().min(POSTINGS_PER_FEATURE);
            all.copy_within(a..a + n, kept);
            starts[f] = kept as u32;
            kept += n;
        }
        if let Some(last) = starts.last_mut() {
            *last = kept as u32;
        }
        all.truncate(kept);
        all.shrink_to_fit();
        Index {
            local,
            df,
            starts,
            postings: all,
        }
    }

    fn list(&self, f: u32) -> &[(u32, f32)] {
        let f = f as usize;
        match (self.starts.get(f), self.starts.get(f + 1)) {
            (Some(&a), Some(&b)) => &self.postings[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The best `k` classes (other than `c`, and not both of one group) at cosine ≥ `threshold`.
    fn query(
        &self,
        reps: &[&[(u32, f32)]],
        classes: &Classes,
        c: usize,
        threshold: f32,
        k: usize,
        s: &mut Scratch,
    ) -> Vec<(u32, f32)> {
        let v = reps[c];
        let sole = classes.sole[c];
        s.rarest_first.clear();
        s.rarest_first.extend(v.iter().map(|&(f, w)| {
            let f = self.local[f as usize];
            (self.df[f as usize], f, w)
        }));
        s.rarest_first.sort_unstable_by_key(|&(df, f, _)| (df, f));
        // The scan is most of the search: the loop only accumulates (the buffers bound to locals
        // so their addresses stay in registers); the query's own class and classes wholly of its
        // own report are dropped once per candidate below, not once per posting.
        let Scratch {
            acc,
            touched,
            rarest_first,
            candidates,
        } = s;
        let mut scanned = 0;
        for &(df, f, w) in rarest_first.iter() {
            if scanned >= SCAN_BUDGET {
                break;
            }
            if df <= 1 {
                continue;
            }
            let list = self.list(f);
            scanned += list.len();
            for &(d, wd) in list {
                let slot = &mut acc[d as usize];
                if *slot == 0.0 {
                    touched.push(d);
                }
                *slot += w * wd;
            }
        }
        candidates.clear();
        for &d in touched.iter() {
            let sum = std::mem::take(&mut acc[d as usize]);
            let class = d as usize;
            if class != c && (sole == usize::MAX || classes.sole[class] != sole) {
                candidates.push((sum, d));
            }
        }
        touched.clear();
        if candidates.len() > VERIFY {
            candidates.select_nth_unstable_by(VERIFY, |a, b| b.0.total_cmp(&a.0));
            candidates.truncate(VERIFY);
        }
        let mut out: Vec<(u32, f32)> = candidates
            .iter()
            .filter_map(|&(_, d)| {
                // A merge of two sorted vectors reads memory in order; looking up the candidate's
                // features in a dense copy of the query jumped through the feature table.
                let sim = cosine(v, reps[d as usize]);
                (sim >= threshold).then_some((d, sim))
            })
            .collect();
        out.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(k);
        out
    }
}

/// Buffers of one thread's queries; `acc` is all zero between queries.
#[derive(Default)]
struct Scratch {
    acc: Vec<f32>,
    touched: Vec<u32>,
    rarest_first: Vec<(u32, u32, f32)>,
    /// (partial dot product, class) of the classes a query met.
    candidates: Vec<(f32, u32)>,
}

thread_local! {
    /// Reused across chunks and topic blocks, so its pages are cleared once, not per block.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl Scratch {
    fn fit(&mut self, classes: usize) {
        if self.acc.len() < classes {
            self.acc.resize(classes, 0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::similarity::{Space, all_pairs};

    fn space(texts: &[&str]) -> Space {
        Space::build(texts)
    }

    #[test]
    fn identical_copies_stay_bounded_and_pair_across_groups() {
        // 1,000 copies of one sentence in 1,000 groups: at most k partners each.
        let texts =
            vec!["全面推行行政执法公示制度、执法全过程记录制度"; 1000];
        let s = space(&texts);
        let refs: Vec<&[(u32, f32)]> = s.vectors.iter().map(|v| v.as_slice()).collect();
        let groups: Vec<usize> = (0..refs.len()).collect();
        let edges = nearest(&refs, &groups, 0.25, 3);
        assert!(edges.len() <= 3 * 1000, "{} edges", edges.len());
        let mut has = vec![false; 1000];
        for &(x, y, sim) in &edges {
            assert!(x < y && (sim - 1.0).abs() < 1e-4);
            has[x] = true;
            has[y] = true;
        }
        assert!(has.iter().all(|&h| h), "every copy has a partner");
        // One group only: nothing pairs.
        assert!(nearest(&refs, &vec![7; 1000], 0.25, 3).is_empty());
    }

    #[test]
    fn finds_each_sentences_best_partner_on_sample_sentences() {
        let mut sentences: Vec<String> = Vec::new();
        for name in ["changzhou-xinbei-2019.txt", "weihai-torch-2017.txt"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples")
                .join(name);
            let text = std::fs::read_to_string(&path).expect("sample readable");
            sentences.extend(
                crate::align::split_sentences(&text)
                    .into_iter()
                    .map(str::to_string),
            );
        }
        let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
        let s = space(&texts);
        let refs: Vec<&[(u32, f32)]> = s.vectors.iter().map(|v| v.as_slice()).collect();
        let groups: Vec<usize> = (0..refs.len()).map(|i| i % 4).collect();
        let best = |edges: &[(usize, usize, f32)]| {
            let mut best = vec![0f32; refs.len()];
            for &(x, y, sim) in edges {
                best[x] = best[x].max(sim);
                best[y] = best[y].max(sim);
            }
            best
        };
        let exact = best(&all_pairs(&refs, &groups, 0.25));
        let near = best(&nearest(&refs, &groups, 0.25, 3));
        let with_partner = exact.iter().filter(|&&b| b > 0.0).count();
        let found = exact
            .iter()
            .zip(&near)
            .filter(|&(&e, &n)| e > 0.0 && n >= e - 1e-4)
            .count();
        assert!(with_partner > 50, "{with_partner}");
        assert_eq!(found, with_partner);
    }
}
