//! Semantic-check benchmarks: `check_text` over several MB of mixed Chinese/English business
//! text, beside the pure lexicon scan (one Aho-Corasick pass, no boundary checks or parsing).
//! `check_text` runs on a dense corpus (most sentences hold a finding) and on a realistic one
//! (one sentence in ten comes from the dense mix). The 4 MiB texts are above the default
//! `limits.max_text_bytes` (1 MiB), so the engine's policy raises that limit (nothing else
//! differs from the default policy); with the default policy `check_text` would only measure
//! the refusal.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use salesrules::semantic::CheckTextRequest;
use salesrules_benches::text::{dense, engine_for_text, realistic};
use std::hint::black_box;

fn semantic(c: &mut Criterion) {
    let text = dense(4 << 20);
    let engine = engine_for_text(8 << 20);
    let mut group = c.benchmark_group("semantic_4mb");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("lexicon_scan", |b| {
        b.iter(|| engine.semantic().count_raw_hits(black_box(&text)))
    });
    let request = CheckTextRequest {
        text: text.clone(),
        reference_date: Some("2026-03-02".into()),
    };
    group.bench_function("check_text", |b| {
        b.iter(|| {
            engine
                .check_text(black_box(&request))
                .map(|r| r.vague.len())
        })
    });
    let mixed = CheckTextRequest {
        text: realistic(4 << 20, 10),
        reference_date: Some("2026-03-02".into()),
    };
    group.bench_function("check_text_one_in_ten_sentences_flagged", |b| {
        b.iter(|| engine.check_text(black_box(&mixed)).map(|r| r.vague.len()))
    });
    group.finish();
}

criterion_group!(benches, semantic);
criterion_main!(benches);
