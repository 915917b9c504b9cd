//! Semantic-check benchmarks: `check_text` over several MB of mixed Chinese/English business
//! text, beside the pure lexicon scan (one Aho-Corasick pass, no boundary checks or parsing).
//! `check_text` runs on a dense corpus (most sentences hold a finding) and on a realistic one
//! (one sentence in ten comes from the dense mix).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use salesrules::semantic::CheckTextRequest;
use salesrules::Engine;
use std::hint::black_box;

/// Sentences in the mix of the field: mostly plain text, some vague, some with deadlines.
const SENTENCES: [&str; 16] = [
    "请将签好的合同寄给采购部，并抄送财务。",
    "客户反馈上一批货物包装完好，质量符合要求。",
    "Please send the signed contract to the procurement team. ",
    "The customer confirmed the order and the payment terms. ",
    "客户希望尽快交货。",
    "请在72小时内回复，尽快处理。",
    "售后响应要更快，三天内上门。",
    "周五下班前给答复，价格适当优惠。",
    "We need the quote ASAP, by March 5. ",
    "Delivery should be significantly faster. ",
    "本季度销售额同比增长，重点客户回款正常。",
    "骑马上山的客户司马上任后，合作顺利。",
    "The sample arrived on time and passed inspection. ",
    "这件事不急，下周再说。",
    "原则上三月五日前完成验收。",
    "Our engineers will visit the site next Wednesday. ",
];

/// Ordinary sentences with nothing to flag, as most of a day's mail and notes are.
const PLAIN: [&str; 6] = [
    "请将签好的合同寄给采购部，并抄送财务。",
    "客户反馈上一批货物包装完好，质量符合要求。",
    "Please send the signed contract to the procurement team. ",
    "The customer confirmed the order and the payment terms. ",
    "本季度重点客户回款正常，渠道库存保持稳定。",
    "The sample arrived and passed the incoming inspection. ",
];

/// Text where one sentence in `every` comes from the dense mix, the rest are plain.
fn realistic(bytes: usize, every: usize) -> String {
    let mut text = String::with_capacity(bytes + 256);
    let mut i = 0usize;
    while text.len() < bytes {
        let sentence = match i % every {
            0 => SENTENCES.get((i / every) % SENTENCES.len()),
            _ => PLAIN.get((i * 5 + i / 7) % PLAIN.len()),
        };
        text.push_str(sentence.copied().unwrap_or(""));
        i += 1;
    }
    text
}

fn corpus(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 256);
    let mut i = 0usize;
    while text.len() < bytes {
        // A fixed, non-periodic order so sentences do not line up with cache lines.
        let k = (i * 7 + i / 16) % SENTENCES.len();
        text.push_str(SENTENCES.get(k).copied().unwrap_or(""));
        if i % 5 == 4 {
            text.push('\n');
        }
        i += 1;
    }
    text
}

fn semantic(c: &mut Criterion) {
    let engine = Engine::default();
    let text = corpus(4 << 20);
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
