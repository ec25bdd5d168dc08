//! Per-stage benchmarks on the bundled samples, and analyze/compare on generated corpora of 10,
//! 100 and 1000 reports (`duibi::bench_corpus`): `cargo bench --no-default-features`.
//! Throughput is reported in bytes of report text, so the figures read as MB/s.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use duibi::bench_corpus::{self, Shape};
use duibi::{align, classify, extract, normalize, outline, pipeline, tables};
use rayon::prelude::*;

#[path = "../tests/pdf_writer/mod.rs"]
mod pdf_writer;

// Only `deflate` is used here; the other encoders serve the PDF tests.
#[allow(dead_code)]
#[path = "../tests/encode/mod.rs"]
mod encode;

fn samples() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("samples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.to_string_lossy().into_owned(),
                std::fs::read(&p).expect("read sample"),
            )
        })
        .collect();
    out.sort();
    out
}

fn stages(c: &mut Criterion) {
    let samples = samples();
    let bytes: u64 = samples.iter().map(|(_, b)| b.len() as u64).sum();
    let texts: Vec<String> = samples
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    let t = tables::tables();

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("ingest", |b| {
        b.iter(|| {
            for (name, data) in &samples {
                black_box(duibi::ingest::read_bytes(Path::new(name), data).ok());
            }
        })
    });
    // The same text as PDFs (one page per sample, Flate, a CJK font with ToUnicode): throughput
    // still counts the report text, so the figure compares with `ingest` above.
    let pdfs: Vec<(String, Vec<u8>)> = texts
        .iter()
        .zip(&samples)
        .map(|(text, (name, _))| {
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            let pdf = pdf_writer::cjk_pdf(&lines, "/Filter /FlateDecode", encode::deflate);
            (name.replace(".txt", ".pdf"), pdf)
        })
        .collect();
    g.bench_function("ingest_pdf", |b| {
        b.iter(|| {
            for (name, data) in &pdfs {
                black_box(duibi::ingest::read_bytes(Path::new(name), data).expect("own pdf reads"));
            }
        })
    });
    g.bench_function("t2s", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|s| normalize::t2s::to_simplified_detect(s).0.len())
                .sum::<usize>()
        })
    });
    let normalized: Vec<_> = texts.iter().map(|s| normalize::normalize(s)).collect();
    g.bench_function("normalize", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|s| normalize::normalize(s).lines.len())
                .sum::<usize>()
        })
    });
    g.bench_function("outline", |b| {
        b.iter(|| {
            normalized
                .iter()
                .map(|n| outline::build(&n.lines).paragraphs.len())
                .sum::<usize>()
        })
    });
    let outlines: Vec<_> = normalized
        .iter()
        .map(|n| outline::build(&n.lines))
        .collect();
    g.bench_function("classify", |b| {
        b.iter(|| {
            outlines
                .iter()
                .map(|o| classify::tag(o, Some(2020), t).passages.len())
                .sum::<usize>()
        })
    });
    let tagged: Vec<_> = outlines
        .iter()
        .map(|o| classify::tag(o, Some(2020), t))
        .collect();
    g.bench_function("extract", |b| {
        b.iter(|| {
            let mut n = 0;
            for tg in &tagged {
                for (i, p) in tg.passages.iter().enumerate() {
                    for s in &p.sentences {
                        n += extract::facts_in_sentence(&s.text, i, None, t).len();
                    }
                }
            }
            n
        })
    });
    g.bench_function("analyze", |b| {
        b.iter(|| {
            samples
                .iter()
                .map(|(n, d)| pipeline::analyze_bytes(n, d).passages.len())
                .sum::<usize>()
        })
    });
    g.finish();

    let reports: Vec<_> = samples
        .iter()
        .map(|(n, d)| pipeline::analyze_bytes(n, d))
        .collect();
    let mut g = c.benchmark_group("compare");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("compare_5", |b| {
        b.iter(|| {
            align::compare(&reports, &align::CompareOptions::default())
                .pairs
                .len()
        })
    });
    let comparison = align::compare(&reports, &align::CompareOptions::default());
    // Pairing alone: every sentence of the five samples vectorized, and the all-pairs search
    // with all sentences in one block (harder than compare's per-topic blocks).
    let sentences: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.passages.iter())
        .flat_map(|p| align::split_sentences(&p.text))
        .collect();
    let groups: Vec<usize> = (0..sentences.len()).map(|i| i % reports.len()).collect();
    g.bench_function("pair", |b| {
        b.iter(|| {
            let space = align::similarity::Space::build(&sentences);
            let vectors: Vec<&[(u32, f32)]> = space.vectors.iter().map(|v| v.as_slice()).collect();
            align::similarity::all_pairs(&vectors, &groups, align::DEFAULT_MIN_SIMILARITY as f32)
                .len()
        })
    });
    // The word diff of every pair of the comparison (tokenizing included).
    g.bench_function("diff", |b| {
        b.iter(|| {
            comparison
                .pairs
                .iter()
                .map(|p| duibi::diff::diff(&p.a.text, &p.b.text).len())
                .sum::<usize>()
        })
    });
    g.bench_function("export_html", |b| {
        b.iter(|| duibi::export::to_html(&comparison).len())
    });
    g.bench_function("export_xlsx", |b| {
        b.iter(|| duibi::export::to_xlsx(&comparison).map(|v| v.len()).ok())
    });
    g.finish();
}

/// Analyze on 10, 100 and 1000 generated reports, compare on 10 and 100 (reworded variants of the samples):
/// analyze should scale linearly. Compare's output is bounded (beyond 12 reports one best pair
/// per sentence), but the search still meets every pair of sentences above the threshold, which
/// grows with the square of the reports saying the same thing. Few samples keep `cargo bench` short.
fn corpora(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let samples = bench_corpus::read_samples(&dir).expect("samples/");
    for n in [10usize, 100, 1000] {
        let corpus = bench_corpus::generate(&samples, n, Shape::Reworded);
        let bytes: u64 = corpus.iter().map(|(_, b)| b.len() as u64).sum();
        let mut g = c.benchmark_group(format!("corpus_{n}"));
        g.throughput(Throughput::Bytes(bytes));
        g.sample_size(10);
        g.warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(if n >= 1000 { 20 } else { 5 }));
        g.bench_function("analyze", |b| {
            b.iter(|| {
                corpus
                    .par_iter()
                    .map(|(name, data)| pipeline::analyze_bytes(name, data).passages.len())
                    .sum::<usize>()
            })
        });
        let reports: Vec<_> = corpus
            .par_iter()
            .map(|(name, data)| pipeline::analyze_bytes(name, data))
            .collect();
        // Compare at 1000 reports scores ≈ 2.5 M sentence pairs above the threshold (seconds an
        // iteration); `duibi bench --reports 1000` measures it once instead.
        if n >= 1000 {
            g.finish();
            continue;
        }
        g.bench_function("compare", |b| {
            b.iter(|| {
                align::compare(&reports, &align::CompareOptions::default())
                    .pairs
                    .len()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, stages, corpora);
criterion_main!(benches);
