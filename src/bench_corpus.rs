/*!
A deterministic corpus of report variants for benchmarks (`duibi bench`, `benches/pipeline.rs`,
`scripts/bench-vs-peers`): the bundled samples are few, and comparing a sample with its own copy
is not what 300 reports of 300 counties cost, so variant *i* of a sample has its numbers changed,
the sentences of some paragraphs shuffled, and every fourth variant is converted to Traditional.

Those three leave a sentence's pairing vector unchanged (digits fold to 0, Traditional is converted
back), so every variant's sentence is a twin of every other variant's: the worst case for
`align::compare`, whose output (mutual-best pairs per report pair) then grows with the square of
the report count. [`Shape::Reworded`] (the default) also rewords each sentence — a third of its
Han characters replaced by others from the same sample, one sentence in eight kept verbatim as
shared boilerplate — so variants read like other counties' reports on the same topics:
shared vocabulary, little shared wording. [`Shape::NearCopies`] keeps the worst case.

The same `(samples, n, shape)` always gives the same bytes: a tiny LCG, no clock, no `rand`.
*/

use std::path::Path;
use std::sync::LazyLock;

/// One generated file: a name ending in `.txt` (so ingest reads it as text) and its UTF-8 bytes.
pub type CorpusFile = (String, Vec<u8>);

/// Knuth's MMIX LCG: enough to vary text reproducibly; the high bits are the good ones.
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407))
    }
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
    /// Uniform enough in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u32() as usize) % n.max(1)
    }
}

static S2T: LazyLock<Option<ferrous_opencc::OpenCC>> = LazyLock::new(|| {
    ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::S2t).ok()
});

/// The text files of `dir` (sorted by name), decoded as UTF-8 with replacement.
pub fn read_samples(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p)?;
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok((stem, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect()
}

/// How far variants are from their sample (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// Numbers, sentence order and script changed; wording kept (compare's worst case).
    NearCopies,
    /// As `NearCopies`, and most sentences reworded (like other counties' reports).
    #[default]
    Reworded,
}

/// `n` reports from `samples` (name, text): report *i* is a variant of sample `i % samples.len()`;
/// the first round is the samples unchanged.
pub fn generate(samples: &[(String, String)], n: usize, shape: Shape) -> Vec<CorpusFile> {
    generate_with_verbatim(samples, n, shape).0
}

/// As [`generate`], with each report's sentences that came out unchanged (kept verbatim, or with
/// nothing the rewording touched; numbers may differ): the truth for the copied-sentence finder.
/// Round 0 (the samples) has every sentence verbatim.
pub fn generate_with_verbatim(
    samples: &[(String, String)],
    n: usize,
    shape: Shape,
) -> (Vec<CorpusFile>, Vec<Vec<String>>) {
    if samples.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let pools: Vec<Vec<char>> = samples
        .iter()
        .map(|(_, t)| t.chars().filter(|&c| is_rewordable(c)).collect())
        .collect();
    (0..n)
        .map(|i| {
            let (stem, text) = &samples[i % samples.len()];
            let round = i / samples.len();
            let mut kept = Vec::new();
            let body = if round == 0 {
                for line in text.split_inclusive('\n') {
                    kept.extend(line.split_inclusive('。').map(str::to_string));
                }
                text.clone()
            } else {
                let pool = match shape {
                    Shape::NearCopies => &[][..],
                    Shape::Reworded => pools[i % samples.len()].as_slice(),
                };
                variant(text, i as u64, round % 4 == 3, pool, &mut kept)
            };
            ((format!("gen/{i:04}-{stem}.txt"), body.into_bytes()), kept)
        })
        .unzip()
}

fn variant(
    text: &str,
    seed: u64,
    traditional: bool,
    pool: &[char],
    kept: &mut Vec<String>,
) -> String {
    let mut rng = Lcg::new(seed);
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let mut line = change_numbers(line, &mut rng);
        if !pool.is_empty() {
            line = reword(&line, &mut rng, pool, kept);
        }
        // Paragraphs only: a heading or a one-sentence line stays as it is.
        if rng.below(2) == 0 {
            out.push_str(&shuffle_sentences(&line, &mut rng));
        } else {
            out.push_str(&line);
        }
    }
    if traditional && let Some(c) = S2T.as_ref() {
        return c.convert(&out);
    }
    out
}

/// Han characters that may be replaced: not numerals, so heading markers (三、) and Chinese
/// numbers keep their meaning.
fn is_rewordable(c: char) -> bool {
    crate::chars::is_han(c) && !"〇零一二三四五六七八九十百千万亿两".contains(c)
}

/// One sentence in eight verbatim; in the others each rewordable character after the line's
/// first two is replaced with probability 1/3 by a character of the same sample.
fn reword(line: &str, rng: &mut Lcg, pool: &[char], kept: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(line.len());
    let mut position = 0;
    for sentence in line.split_inclusive('。') {
        let verbatim = rng.below(8) == 0;
        let start = out.len();
        for c in sentence.chars() {
            let replace = !verbatim && position >= 2 && is_rewordable(c) && rng.below(3) == 0;
            out.push(if replace {
                pool[rng.below(pool.len())]
            } else {
                c
            });
            position += 1;
        }
        if out[start..] == *sentence {
            kept.push(sentence.to_string());
        }
    }
    out
}

/// Each run of ASCII digits gets new digits of the same length, except years and dates (a run
/// followed by 年/月/日, or of four digits starting 19/20), so meta detection still sees the year.
fn change_numbers(line: &str, rng: &mut Lcg) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(|c| !c.is_ascii_digit())
            .map_or(chars.len(), |p| i + p);
        let run = &chars[i..end];
        let dated = matches!(chars.get(end), Some('年' | '月' | '日' | '号'))
            || (run.len() == 4 && matches!(run, ['1', '9', ..] | ['2', '0', ..]));
        if dated {
            out.extend(run);
        } else {
            for k in 0..run.len() {
                let lowest = if k == 0 && run.len() > 1 { 1 } else { 0 };
                let d = lowest + rng.below(10 - lowest);
                out.push(char::from(b'0' + d as u8));
            }
        }
        i = end;
    }
    out
}

/// The line's complete sentences (ending in 。) in a shuffled order; an unfinished tail stays last.
fn shuffle_sentences(line: &str, rng: &mut Lcg) -> String {
    let mut sentences: Vec<&str> = line.split_inclusive('。').collect();
    let tail = match sentences.last() {
        Some(s) if !s.ends_with('。') => sentences.pop(),
        _ => None,
    };
    if sentences.len() >= 2 {
        // Fisher–Yates.
        for k in (1..sentences.len()).rev() {
            let j = rng.below(k + 1);
            sentences.swap(k, j);
        }
    }
    let mut out: String = sentences.concat();
    if let Some(t) = tail {
        out.push_str(t);
    }
    out
}

/// A sentence as the copied finder compares it: in Simplified, Han characters, letters and digits
/// only, every digit 0 (numbers are changed per variant; punctuation and spaces do not make a
/// wording).
pub fn fold(sentence: &str) -> String {
    crate::normalize::t2s::to_simplified(sentence)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

/// How well `found` (the copied sentences' texts) matches the sentences the generator kept
/// verbatim in `min_reports` reports or more: (precision, recall, found, truth). A found text and
/// a kept sentence match when one folded contains the other (the analysis may cut a sentence at
/// ；, the generator only at 。). Kept text not ending in 。 (headings, dates) or under 8 folded
/// characters is left out of the truth: the analysis does not pair headings.
pub fn copied_scores(
    verbatim: &[Vec<String>],
    found: &[String],
    min_reports: usize,
) -> (f64, f64, usize, usize) {
    let mut users: std::collections::HashMap<String, std::collections::BTreeSet<usize>> =
        Default::default();
    let mut sentences: std::collections::HashSet<String> = Default::default();
    for (r, kept) in verbatim.iter().enumerate() {
        for s in kept {
            users.entry(fold(s)).or_default().insert(r);
            if s.trim_end().ends_with('。') {
                sentences.insert(fold(s));
            }
        }
    }
    let all: Vec<&String> = users.keys().filter(|t| !t.is_empty()).collect();
    let truth: Vec<&String> = users
        .iter()
        .filter(|(t, r)| r.len() >= min_reports && t.chars().count() >= 8 && sentences.contains(*t))
        .map(|(t, _)| t)
        .collect();
    let found: Vec<String> = found
        .iter()
        .map(|t| fold(t))
        .filter(|t| !t.is_empty())
        .collect();
    let related = |a: &str, b: &str| a.contains(b) || b.contains(a);
    // Precision against every kept sentence (a short one shared by many is still verbatim).
    let right = found
        .iter()
        .filter(|f| all.iter().any(|t| related(f, t)))
        .count();
    let met = truth
        .iter()
        .filter(|t| found.iter().any(|f| related(f, t)))
        .count();
    if std::env::var_os("DUIBI_COPIED_DEBUG").is_some() {
        for f in found.iter().filter(|f| !all.iter().any(|t| related(f, t))) {
            eprintln!("WRONG {f}");
        }
        for t in truth
            .iter()
            .filter(|t| !found.iter().any(|f| related(f, t)))
        {
            eprintln!("MISSED {t} {:?}", users[*t]);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    (
        ratio(right, found.len()),
        ratio(met, truth.len()),
        found.len(),
        truth.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<(String, String)> {
        vec![
            (
                "a".into(),
                "2019年工作报告\n共办理复议案件24件。行政处罚5082件。出庭率100%。\n".into(),
            ),
            ("b".into(), "加强法治宣传教育。\n".into()),
        ]
    }

    #[test]
    fn deterministic_and_first_round_unchanged() {
        let a = generate(&samples(), 9, Shape::Reworded);
        let b = generate(&samples(), 9, Shape::Reworded);
        assert_eq!(a, b);
        assert_eq!(a.len(), 9);
        assert_eq!(a[0].1, samples()[0].1.as_bytes());
        assert_eq!(a[0].0, "gen/0000-a.txt");
    }

    #[test]
    fn variants_keep_years_and_sentences() {
        let out = generate(&samples(), 4, Shape::NearCopies);
        let v = String::from_utf8(out[2].1.clone()).unwrap_or_default();
        assert!(v.starts_with("2019年工作报告\n"), "{v}");
        // Sorted byte lengths of the sentences of a text's second line.
        let lengths = |text: &str| {
            let line = text.lines().nth(1).unwrap_or("");
            let mut l: Vec<usize> = line.split('。').map(str::len).collect();
            l.sort_unstable();
            l
        };
        // Numbers keep their length, so the sentence lengths are a permutation.
        assert_eq!(lengths(&v), lengths(&samples()[0].1));
    }

    /// The copied finder finds what the generator kept verbatim (debug build, 40 reports of the
    /// bundled samples).
    #[test]
    fn copied_finder_finds_the_verbatim_sentences() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let samples = read_samples(&dir).expect("samples");
        let (corpus, verbatim) = generate_with_verbatim(&samples, 40, Shape::Reworded);
        let reports: Vec<_> = corpus
            .iter()
            .map(|(n, b)| crate::pipeline::analyze_bytes(n, b))
            .collect();
        let opts = crate::align::CompareOptions {
            copied: true,
            ..Default::default()
        };
        let c = crate::align::compare(&reports, &opts);
        let texts: Vec<String> = c.copied.iter().map(|c| c.text.clone()).collect();
        let (precision, recall, found, truth) =
            copied_scores(&verbatim, &texts, crate::align::copied::COPIED_MIN_REPORTS);
        eprintln!("precision {precision:.3} recall {recall:.3} found {found} truth {truth}");
        assert!(truth > 10, "{truth}");
        assert!(precision >= 0.9 && recall >= 0.9, "{precision} {recall}");
    }
}
