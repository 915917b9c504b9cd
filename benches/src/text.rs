//! Mixed Chinese/English business text for the `check_text` benchmarks, the profile bin and
//! the cost-growth curve: a dense corpus (almost every sentence holds a finding) and a
//! realistic one (one sentence in `every` comes from the dense mix, the rest are plain).

use salesrules::{Engine, Policy};

/// Sentences in the mix of the field: mostly plain text, some vague, some with deadlines.
pub const SENTENCES: [&str; 16] = [
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
pub const PLAIN: [&str; 6] = [
    "请将签好的合同寄给采购部，并抄送财务。",
    "客户反馈上一批货物包装完好，质量符合要求。",
    "Please send the signed contract to the procurement team. ",
    "The customer confirmed the order and the payment terms. ",
    "本季度重点客户回款正常，渠道库存保持稳定。",
    "The sample arrived and passed the incoming inspection. ",
];

/// Text of at least `bytes` bytes where one sentence in `every` comes from the dense mix.
pub fn realistic(bytes: usize, every: usize) -> String {
    let every = every.max(1);
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

/// Dense text of at least `bytes` bytes: every sentence from the mix, a line break every five.
pub fn dense(bytes: usize) -> String {
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

/// The default policy with `limits.max_text_bytes` raised to `max_text_bytes`, so the whole
/// `check_text` operation (limit check included) runs on texts above the default 1 MiB.
pub fn engine_for_text(max_text_bytes: usize) -> Engine {
    let mut policy = Policy::default();
    policy.limits.max_text_bytes = max_text_bytes;
    Engine::new(policy).unwrap_or_default()
}
