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
    if samples.is_empty() {
        return Vec::new();
    }
    let pools: Vec<Vec<char>> = samples
        .iter()
        .map(|(_, t)| t.chars().filter(|&c| is_rewordable(c)).collect())
        .collect();
    (0..n)
        .map(|i| {
            let (stem, text) = &samples[i % samples.len()];
            let round = i / samples.len();
            let body = if round == 0 {
                text.clone()
            } else {
                let pool = match shape {
                    Shape::NearCopies => &[][..],
                    Shape::Reworded => pools[i % samples.len()].as_slice(),
                };
                variant(text, i as u64, round % 4 == 3, pool)
            };
            (format!("gen/{i:04}-{stem}.txt"), body.into_bytes())
        })
        .collect()
}

fn variant(text: &str, seed: u64, traditional: bool, pool: &[char]) -> String {
    let mut rng = Lcg::new(seed);
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let mut line = change_numbers(line, &mut rng);
        if !pool.is_empty() {
            line = reword(&line, &mut rng, pool);
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
fn reword(line: &str, rng: &mut Lcg, pool: &[char]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut position = 0;
    for sentence in line.split_inclusive('。') {
        let verbatim = rng.below(8) == 0;
        for c in sentence.chars() {
            let replace = !verbatim && position >= 2 && is_rewordable(c) && rng.below(3) == 0;
            out.push(if replace {
                pool[rng.below(pool.len())]
            } else {
                c
            });
            position += 1;
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
}
