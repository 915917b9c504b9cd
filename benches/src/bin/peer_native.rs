//! The native side of the peer comparison (`benches/peers/run.sh`): reads the files written by
//! `peer_data`, times each case through the Rust API (the flat batch path for attribution,
//! typed requests for the rest), writes the answers for `peers.py` to check, and prints the
//! timings as one JSON object.
//!
//! ```sh
//! peer_native DATA_DIR OUT_DIR [REPEATS]
//! ```
//!
//! Only the computation is timed: reading the CSV files and building the batch or the typed
//! requests happens before the clock starts. Each case runs `REPEATS` times (default 3); the
//! fastest run is reported.

use salesrules::analytics::markov::MarkovRequest;
use salesrules::attribution::batch::{
    intern_sorted, BatchCredit, BatchDeal, BatchRunner, BatchTouch,
};
use salesrules::escalation::batch::{LeadBatch, LeadBatchRunner};
use salesrules::escalation::lead::LeadEscalationRequest;
use salesrules::semantic::CheckTextRequest;
use salesrules::{Engine, Model};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

fn fail(message: String) -> ! {
    eprintln!("peer_native: {message}");
    std::process::exit(1);
}

fn read(dir: &Path, file: &str) -> String {
    let path = dir.join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| fail(format!("{}: {e}", path.display())))
}

/// Rows of a headed CSV file without quoting.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().skip(1).map(|l| l.split(',').collect())
}

fn field<'a>(row: &[&'a str], i: usize) -> &'a str {
    row.get(i).copied().unwrap_or("")
}

fn int(row: &[&str], i: usize) -> i64 {
    field(row, i)
        .parse()
        .unwrap_or_else(|_| fail(format!("not an integer in {row:?}")))
}

fn minor(amount: &str) -> u128 {
    let (units, cents) = amount.split_once('.').unwrap_or((amount, "00"));
    let u: u128 = units
        .parse()
        .unwrap_or_else(|_| fail(format!("amount {amount}")));
    let c: u128 = cents
        .parse()
        .unwrap_or_else(|_| fail(format!("amount {amount}")));
    u * 100 + c
}

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
}

/// The fastest of `repeats` runs, in seconds, and the last run's result.
fn best<T>(repeats: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..repeats.max(1) {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed().as_secs_f64());
        last = Some(out);
    }
    match last {
        Some(out) => (best, out),
        None => fail("no run".into()),
    }
}

struct Batch {
    ids: Vec<String>,
    deals: Vec<BatchDeal>,
    touches: Vec<BatchTouch>,
    reps: Vec<String>,
}

fn load_batch(engine: &Engine, dir: &Path) -> Batch {
    let deals_csv = read(dir, "deals.csv");
    let touches_csv = read(dir, "touches.csv");
    let reps = intern_sorted(rows(&touches_csv).map(|r| field(&r, 1)));
    let contacts = intern_sorted(rows(&touches_csv).map(|r| field(&r, 2)));
    let index = |names: &[String], name: &str| {
        names
            .binary_search_by(|n| n.as_str().cmp(name))
            .map_or(u32::MAX, |i| i as u32)
    };
    let mut ids = Vec::new();
    let mut deals = Vec::new();
    let mut position = std::collections::HashMap::new();
    for row in rows(&deals_csv) {
        position.insert(field(&row, 0).to_string(), deals.len());
        ids.push(field(&row, 0).to_string());
        deals.push(BatchDeal {
            amount_minor: minor(field(&row, 1)),
            closed_at: int(&row, 3),
            touch_start: 0,
            touch_len: 0,
            handover_start: 0,
            handover_len: 0,
        });
    }
    let mut touches = Vec::new();
    let mut current = usize::MAX;
    for row in rows(&touches_csv) {
        let d = position
            .get(field(&row, 0))
            .copied()
            .unwrap_or_else(|| fail(format!("touch of unknown deal {row:?}")));
        if d != current {
            current = d;
            if let Some(deal) = deals.get_mut(d) {
                deal.touch_start = touches.len() as u32;
            }
        }
        if let Some(deal) = deals.get_mut(d) {
            deal.touch_len += 1;
        }
        touches.push(BatchTouch {
            rep: index(&reps, field(&row, 1)),
            contact: index(&contacts, field(&row, 2)),
            role: engine
                .role_index(field(&row, 3))
                .unwrap_or_else(|| fail(format!("role {row:?}"))) as u16,
            kind: engine
                .kind_index(field(&row, 4))
                .unwrap_or_else(|| fail(format!("kind {row:?}"))) as u16,
            at: int(&row, 5),
            opportunity: false,
        });
    }
    Batch {
        ids,
        deals,
        touches,
        reps,
    }
}

/// `deal_id,rep,amount` per line, a rep's locked and paid parts added up (the amount a rep's
/// touches earned, as the peers compute it), the unassigned part with an empty rep.
fn credits_csv(batch: &Batch, out: &[BatchCredit]) -> String {
    let mut text = String::from("deal_id,rep,amount\n");
    for c in out {
        let deal = batch.ids.get(c.deal as usize).map_or("", String::as_str);
        let rep = c
            .rep
            .and_then(|r| batch.reps.get(r as usize))
            .map_or("", String::as_str);
        let _ = writeln!(
            text,
            "{deal},{rep},{}.{:02}",
            c.amount_minor / 100,
            c.amount_minor % 100
        );
    }
    text
}

fn attribution(engine: &Engine, data: &Path, out_dir: &Path, repeats: usize) -> Value {
    let batch = load_batch(engine, data);
    let mut results = serde_json::Map::new();
    let models = [
        Model::RoleWeighted,
        Model::Linear,
        Model::FirstTouch,
        Model::LastTouch,
        Model::TimeDecay,
        Model::UShaped,
    ];
    let mut runner = BatchRunner::new();
    let mut out: Vec<BatchCredit> = Vec::with_capacity(batch.deals.len() * 5);
    for model in models {
        let name = serde_json::to_value(model)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let (secs, ok) = best(repeats, || {
            out.clear();
            runner.run(engine, model, &batch.deals, &batch.touches, &[], &mut out)
        });
        if let Err(e) = ok {
            fail(format!("{name}: {e}"));
        }
        write(
            out_dir,
            &format!("native_{name}.csv"),
            &credits_csv(&batch, &out),
        );
        results.insert(name, json!({"seconds": secs, "lines": out.len()}));
    }
    Value::Object(results)
}

fn markov(engine: &Engine, data: &Path, out_dir: &Path, repeats: usize) -> Value {
    let journeys_csv = read(data, "journeys.csv");
    let touches_csv = read(data, "journey_touches.csv");
    let mut by_deal: std::collections::HashMap<&str, Vec<Value>> = Default::default();
    for row in rows(&touches_csv) {
        let at = salesrules::time::Instant::from_unix(int(&row, 2), 8 * 3600)
            .unwrap_or_else(|| fail(format!("time {row:?}")));
        by_deal
            .entry(field(&row, 0))
            .or_default()
            .push(json!({"rep": field(&row, 1), "at": at}));
    }
    let journeys: Vec<Value> = rows(&journeys_csv)
        .map(|row| {
            let converted = field(&row, 1) == "true";
            let mut j = json!({"deal_id": field(&row, 0), "converted": converted,
                               "touches": by_deal.remove(field(&row, 0)).unwrap_or_default()});
            if converted {
                j["amount"] = json!(field(&row, 2));
            }
            j
        })
        .collect();
    let request: MarkovRequest =
        serde_json::from_value(json!({"currency": "CNY", "journeys": journeys}))
            .unwrap_or_else(|e| fail(format!("markov request: {e}")));
    let (secs, response) = best(repeats, || engine.markov_attribution(&request));
    let response = response.unwrap_or_else(|e| fail(format!("markov: {e}")));
    let effects: serde_json::Map<String, Value> = response
        .reps
        .iter()
        .map(|r| (r.rep.clone(), json!(r.removal_effect)))
        .collect();
    let answer = json!({"conversion_probability": response.conversion_probability,
                        "removal_effects": effects});
    write(out_dir, "native_markov.json", &answer.to_string());
    json!({"seconds": secs, "journeys": request.journeys.len()})
}

fn texts(engine: &Engine, data: &Path, out_dir: &Path, repeats: usize, reference: &str) -> Value {
    let lines = read(data, "texts.jsonl");
    let texts: Vec<(String, String)> = lines
        .lines()
        .map(|l| {
            let v: Value =
                serde_json::from_str(l).unwrap_or_else(|e| fail(format!("texts.jsonl: {e}")));
            (
                v["text_id"].as_str().unwrap_or_default().to_string(),
                v["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let semantic = engine.semantic();
    let (scan_secs, counts) = best(repeats, || {
        texts
            .iter()
            .map(|(_, t)| semantic.count_raw_hits(t))
            .collect::<Vec<_>>()
    });
    let requests: Vec<CheckTextRequest> = texts
        .iter()
        .map(|(_, t)| CheckTextRequest {
            text: t.clone(),
            reference_date: Some(reference.to_string()),
        })
        .collect();
    let (check_secs, responses) = best(repeats, || {
        requests
            .iter()
            .map(|r| engine.check_text(r))
            .collect::<Vec<_>>()
    });
    let mut text = String::from("text_id,raw_hits,vague,deadlines,quantities\n");
    for ((id, _), (raw, response)) in texts.iter().zip(counts.iter().zip(&responses)) {
        let r = response
            .as_ref()
            .unwrap_or_else(|e| fail(format!("check_text {id}: {e}")));
        let _ = writeln!(
            text,
            "{id},{raw},{},{},{}",
            r.vague.len(),
            r.deadlines.len(),
            r.quantities.len()
        );
    }
    write(out_dir, "native_texts.csv", &text);
    json!({"lexicon_scan": {"seconds": scan_secs}, "check_text": {"seconds": check_secs},
           "bytes": bytes, "texts": texts.len()})
}

fn leads(engine: &Engine, data: &Path, out_dir: &Path, repeats: usize, now: i64) -> Value {
    let leads_csv = read(data, "leads.csv");
    let events_csv = read(data, "lead_events.csv");
    let t = |s: i64| {
        salesrules::time::Instant::from_unix(s, 8 * 3600)
            .unwrap_or_else(|| fail(format!("time {s}")))
    };
    let mut by_lead: std::collections::HashMap<&str, Vec<Value>> = Default::default();
    for row in rows(&events_csv) {
        by_lead
            .entry(field(&row, 0))
            .or_default()
            .push(json!({"kind": field(&row, 1), "at": t(int(&row, 2)), "rep": field(&row, 3)}));
    }
    let requests: Vec<LeadEscalationRequest> = rows(&leads_csv)
        .map(|row| {
            let v = json!({"lead": {"id": field(&row, 0), "owner": field(&row, 1),
                "backup": field(&row, 2), "supervisor": field(&row, 3),
                "assigned_at": t(int(&row, 4)),
                "events": by_lead.remove(field(&row, 0)).unwrap_or_default()},
                "now": t(now)});
            serde_json::from_value(v).unwrap_or_else(|e| fail(format!("lead request: {e}")))
        })
        .collect();
    let (secs, responses) = best(repeats, || {
        requests
            .iter()
            .map(|r| engine.lead_escalation(r))
            .collect::<Vec<_>>()
    });
    let mut text = String::from("lead_id,kind,due_at,from,to\n");
    for r in &responses {
        let r = r
            .as_ref()
            .unwrap_or_else(|e| fail(format!("lead_escalation: {e}")));
        for a in &r.actions {
            let kind = serde_json::to_value(a.kind).unwrap_or_default();
            let _ = writeln!(
                text,
                "{},{},{},{},{}",
                r.lead_id,
                kind.as_str().unwrap_or_default(),
                a.due_at.unix_seconds(),
                a.from,
                a.to
            );
        }
    }
    // The batch path (flat columns, rules compiled once): the fastest native form. It must
    // give exactly the typed path's actions.
    let lead_list: Vec<_> = requests.iter().map(|r| r.lead.clone()).collect();
    let batch =
        LeadBatch::from_leads(&lead_list).unwrap_or_else(|e| fail(format!("lead batch: {e}")));
    let mut runner =
        LeadBatchRunner::new(engine).unwrap_or_else(|e| fail(format!("lead batch runner: {e}")));
    let (mut results, mut actions) = (Vec::new(), Vec::new());
    let (batch_secs, ()) = best(repeats, || {
        runner
            .run(&batch.leads, &batch.events, now, &mut results, &mut actions)
            .unwrap_or_else(|e| fail(format!("lead batch run: {e}")));
    });
    let mut batch_text = String::from("lead_id,kind,due_at,from,to\n");
    for a in &actions {
        let name = |id: u32| batch.reps.get(id as usize).map_or("?", String::as_str);
        let kind = serde_json::to_value(a.kind).unwrap_or_default();
        let _ = writeln!(
            batch_text,
            "{},{},{},{},{}",
            batch
                .lead_ids
                .get(a.lead as usize)
                .map_or("?", String::as_str),
            kind.as_str().unwrap_or_default(),
            a.due_at,
            name(a.from),
            name(a.to)
        );
    }
    if batch_text != text {
        fail("lead batch path: actions differ from the typed lead_escalation".to_string());
    }
    write(out_dir, "native_leads.csv", &text);
    json!({"seconds": batch_secs, "typed_seconds": secs, "leads": requests.len()})
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(data), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: peer_native DATA_DIR OUT_DIR [REPEATS]");
        std::process::exit(2);
    };
    let repeats: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let (data, out) = (Path::new(&data), Path::new(&out));
    let meta: Value = serde_json::from_str(&read(data, "meta.json"))
        .unwrap_or_else(|e| fail(format!("meta.json: {e}")));
    let engine = Engine::default();
    let reference = meta["reference_date"].as_str().unwrap_or("2026-03-02");
    let now = meta["now"].as_i64().unwrap_or(0);
    let report = json!({
        "attribution": attribution(&engine, data, out, repeats),
        "markov": markov(&engine, data, out, repeats),
        "texts": texts(&engine, data, out, repeats, reference),
        "leads": leads(&engine, data, out, repeats, now),
    });
    println!("{report}");
}
