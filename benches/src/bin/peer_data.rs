//! Writes the data of the peer comparison (`benches/peers/run.sh`): the same files are read by
//! every peer, by the Python binding and by `peer_native`.
//!
//! ```sh
//! peer_data DIR [--deals N] [--journeys N] [--text-kb N] [--leads N]
//! ```
//!
//! Files (CSV without quoting: no field holds a comma; times are Unix seconds, shown in
//! UTC+08:00 by the readers):
//! - `deals.csv` `deal_id,amount,currency,closed_at` and `touches.csv`
//!   `deal_id,rep,contact_id,role,kind,at` (20 touches per deal, from the benchmarks'
//!   generator `salesrules_benches::batch`), `contacts.csv` `deal_id,contact_id,role`;
//! - `journeys.csv` `deal_id,converted,amount` and `journey_touches.csv` `deal_id,rep,at`
//!   (Markov: 20 touches per journey over 16 reps, about a third converted);
//! - `texts.jsonl` `{"text_id","text"}` (mixed Chinese/English business text);
//! - `leads.csv` `lead_id,owner,backup,supervisor,assigned_at` and `lead_events.csv`
//!   `lead_id,kind,at,rep` (3 events per lead), evaluated at `now` from `meta.json`.

use salesrules::Engine;
use salesrules_benches::{batch, Rng, CLOSE};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const TOUCHES_PER_DEAL: usize = 20;
/// Sentences of the text corpus: mostly plain, some vague, some with deadlines and quantities
/// (the mix of `benches/benches/semantic.rs`).
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
    "原则上三月五日前完成验收，数量约200件左右。",
    "Our engineers will visit the site next Wednesday, if possible with several spare parts. ",
];
const PLAIN: [&str; 6] = [
    "请将签好的合同寄给采购部，并抄送财务。",
    "客户反馈上一批货物包装完好，质量符合要求。",
    "Please send the signed contract to the procurement team. ",
    "The customer confirmed the order and the payment terms. ",
    "本季度重点客户回款正常，渠道库存保持稳定。",
    "The sample arrived and passed the incoming inspection. ",
];

struct Args {
    dir: PathBuf,
    deals: usize,
    journeys: usize,
    text_kb: usize,
    leads: usize,
}

fn args() -> Option<Args> {
    let mut it = std::env::args().skip(1);
    let mut a = Args {
        dir: PathBuf::from(it.next()?),
        deals: 100_000,
        journeys: 20_000,
        text_kb: 4096,
        leads: 100_000,
    };
    while let Some(flag) = it.next() {
        let value: usize = it.next()?.parse().ok()?;
        match flag.as_str() {
            "--deals" => a.deals = value,
            "--journeys" => a.journeys = value,
            "--text-kb" => a.text_kb = value,
            "--leads" => a.leads = value,
            _ => return None,
        }
    }
    Some(a)
}

fn name<'a>(names: &[&'a str], i: u16) -> &'a str {
    names.get(usize::from(i)).copied().unwrap_or("other")
}

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("peer_data: cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}

/// Deals, contacts and touches from the benchmarks' generator.
fn deals(engine: &Engine, dir: &Path, n: usize) {
    let (ds, ts) = batch(engine, n, TOUCHES_PER_DEAL, 42);
    let roles: Vec<&str> = engine.policy().roles.iter().map(String::as_str).collect();
    let kinds: Vec<&str> = engine
        .policy()
        .touch_kinds
        .iter()
        .map(String::as_str)
        .collect();
    let mut d = String::from("deal_id,amount,currency,closed_at\n");
    let mut c = String::from("deal_id,contact_id,role\n");
    let mut t = String::from("deal_id,rep,contact_id,role,kind,at\n");
    for (i, deal) in ds.iter().enumerate() {
        let id = format!("D{i:07}");
        let minor = deal.amount_minor;
        let _ = writeln!(
            d,
            "{id},{}.{:02},CNY,{}",
            minor / 100,
            minor % 100,
            deal.closed_at
        );
        let start = deal.touch_start as usize;
        let touches = ts
            .get(start..start + deal.touch_len as usize)
            .unwrap_or_default();
        // A contact keeps one role: the generator draws the role per touch, so the contact id
        // carries it.
        let mut contacts: Vec<(String, &str)> = Vec::new();
        // The generator draws touches on an hourly grid; a second per position (counted back
        // from the last touch, so none moves past the close) makes every time distinct, and
        // first/last touch do not depend on each tool's tie rule.
        let last = touches.len().saturating_sub(1);
        for (j, touch) in touches.iter().enumerate() {
            let role = name(&roles, touch.role);
            let contact = format!("P{}-{role}", touch.contact);
            let _ = writeln!(
                t,
                "{id},rep-{:03},{contact},{role},{},{}",
                touch.rep,
                name(&kinds, touch.kind),
                touch.at - (last - j) as i64
            );
            if !contacts.iter().any(|(c, _)| *c == contact) {
                contacts.push((contact, role));
            }
        }
        contacts.sort();
        for (contact, role) in contacts {
            let _ = writeln!(c, "{id},{contact},{role}");
        }
    }
    write(dir, "deals.csv", &d);
    write(dir, "contacts.csv", &c);
    write(dir, "touches.csv", &t);
}

/// Journeys of the Markov case: teams of 4 out of 16 reps, a third converted, and the
/// conversion odds depend on the reps so that removal effects differ.
fn journeys(dir: &Path, n: usize) {
    let mut rng = Rng::new(7);
    let mut j = String::from("deal_id,converted,amount\n");
    let mut t = String::from("deal_id,rep,at\n");
    for i in 0..n {
        let id = format!("J{i:07}");
        let team = rng.below(13);
        let mut touches: Vec<(i64, u64)> = (0..TOUCHES_PER_DEAL)
            .map(|_| {
                (
                    CLOSE - (rng.below(90 * 24) as i64) * 3_600,
                    team + rng.below(4),
                )
            })
            .collect();
        touches.sort_unstable();
        let last = touches.len().saturating_sub(1);
        for (j, t) in touches.iter_mut().enumerate() {
            t.0 -= (last - j) as i64;
        }
        let strong = touches.iter().filter(|(_, r)| r % 5 == 0).count() as u64;
        let converted = rng.below(100) < 15 + 4 * strong.min(10);
        let amount = if converted {
            let minor = rng.below(50_000_000) + 100;
            format!("{}.{:02}", minor / 100, minor % 100)
        } else {
            String::new()
        };
        let _ = writeln!(j, "{id},{converted},{amount}");
        for (at, rep) in touches {
            let _ = writeln!(t, "{id},rep-{rep:03},{at}");
        }
    }
    write(dir, "journeys.csv", &j);
    write(dir, "journey_touches.csv", &t);
}

/// Texts of 1–4 KB, one sentence in five from the dense mix.
fn texts(dir: &Path, kb: usize) -> usize {
    let mut rng = Rng::new(11);
    let mut out = String::new();
    let (mut total, mut n, mut i) = (0usize, 0usize, 0usize);
    while total < kb * 1024 {
        let target = 1024 + rng.below(3 * 1024) as usize;
        let mut text = String::new();
        while text.len() < target {
            let s = if i % 5 == 0 {
                SENTENCES.get(rng.below(SENTENCES.len() as u64) as usize)
            } else {
                PLAIN.get(rng.below(PLAIN.len() as u64) as usize)
            };
            text.push_str(s.copied().unwrap_or(""));
            i += 1;
        }
        total += text.len();
        let line = serde_json::json!({"text_id": format!("T{n:06}"), "text": text});
        let _ = writeln!(out, "{line}");
        n += 1;
    }
    write(dir, "texts.jsonl", &out);
    n
}

/// Leads with three events each, around the 4 h and 24 h deadlines of the default rules.
fn leads(dir: &Path, n: usize, now: i64) {
    let mut rng = Rng::new(13);
    let mut l = String::from("lead_id,owner,backup,supervisor,assigned_at\n");
    let mut e = String::from("lead_id,kind,at,rep\n");
    for i in 0..n {
        let id = format!("L{i:07}");
        let owner = rng.below(50);
        let backup = (owner + 1 + rng.below(49)) % 50;
        let supervisor = rng.below(5);
        // Assigned 0–60 h before now, on a 10-minute grid.
        let assigned = now - (rng.below(360) as i64) * 600;
        let _ = writeln!(
            l,
            "{id},rep-{owner:02},rep-{backup:02},sup-{supervisor},{assigned}"
        );
        let mut at = assigned;
        for k in 0..3 {
            // 0–30 h after the previous event, on a 30-minute grid: some before and some after
            // each deadline, some after `now`.
            at += (rng.below(61) as i64) * 1_800;
            let kind = if k == 0 || rng.below(3) == 0 {
                "first_contact"
            } else {
                "status_update"
            };
            let rep = match rng.below(6) {
                0 => format!("rep-{backup:02}"),
                1 => format!("sup-{supervisor}"),
                _ => format!("rep-{owner:02}"),
            };
            let _ = writeln!(e, "{id},{kind},{at},{rep}");
        }
    }
    write(dir, "leads.csv", &l);
    write(dir, "lead_events.csv", &e);
}

fn main() {
    let Some(a) = args() else {
        eprintln!("usage: peer_data DIR [--deals N] [--journeys N] [--text-kb N] [--leads N]");
        std::process::exit(2);
    };
    if let Err(e) = std::fs::create_dir_all(&a.dir) {
        eprintln!("peer_data: {}: {e}", a.dir.display());
        std::process::exit(1);
    }
    let engine = Engine::default();
    let now = CLOSE;
    deals(&engine, &a.dir, a.deals);
    journeys(&a.dir, a.journeys);
    let n_texts = texts(&a.dir, a.text_kb);
    leads(&a.dir, a.leads, now);
    let meta = serde_json::json!({
        "deals": a.deals, "touches_per_deal": TOUCHES_PER_DEAL, "journeys": a.journeys,
        "texts": n_texts, "text_kb": a.text_kb, "leads": a.leads, "events_per_lead": 3,
        "now": now, "offset_seconds": 8 * 3600, "reference_date": "2026-03-02",
    });
    write(&a.dir, "meta.json", &meta.to_string());
    println!("{meta}");
}
