//! Synthetic workloads for the benchmarks: deals with a fixed number of touches, in flat
//! batch arrays and as JSON requests. Deterministic (splitmix64), so every run measures the
//! same data.
//!
//! [`ops`] builds a workload for every operation of the contract from the sample month.

pub mod leads;
pub mod ops;

pub mod text;

use salesrules::attribution::batch::{BatchDeal, BatchTouch};
use salesrules::Engine;
use serde_json::{json, Value};

/// A deterministic 64-bit generator (splitmix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// 2026-03-31T18:00:00+08:00.
pub const CLOSE: i64 = 1_774_951_200;

/// `deals` deals of `touches_per_deal` touches each, 120 reps, realistic role/kind mix.
pub fn batch(
    engine: &Engine,
    deals: usize,
    touches_per_deal: usize,
    seed: u64,
) -> (Vec<BatchDeal>, Vec<BatchTouch>) {
    let mut rng = Rng::new(seed);
    let role = |name: &str| engine.role_index(name).unwrap_or(0) as u16;
    let kind = |name: &str| engine.kind_index(name).unwrap_or(0) as u16;
    let pairs = [
        (role("technical_director"), kind("demo")),
        (role("procurement_director"), kind("email")),
        (role("cfo"), kind("signoff")),
        (role("user"), kind("call")),
        (role("technical_director"), kind("meeting")),
        (role("finance"), kind("email")),
    ];
    let mut ds = Vec::with_capacity(deals);
    let mut ts = Vec::with_capacity(deals * touches_per_deal);
    for _ in 0..deals {
        let start = ts.len() as u32;
        let team = rng.below(120 - 4) as u32;
        for _ in 0..touches_per_deal {
            let (r, k) = pairs[rng.below(pairs.len() as u64) as usize];
            ts.push(BatchTouch {
                rep: team + rng.below(4) as u32,
                contact: rng.below(5) as u32,
                role: r,
                kind: k,
                at: CLOSE - (rng.below(90 * 24) as i64) * 3_600,
                opportunity: rng.below(5) == 0,
            });
        }
        // CRM exports list a deal's touches in time order.
        if let Some(deal_touches) = ts.get_mut(start as usize..) {
            deal_touches.sort_by_key(|t| t.at);
        }
        ds.push(BatchDeal {
            amount_minor: u128::from(rng.below(500_000_000) + 100),
            closed_at: CLOSE,
            touch_start: start,
            touch_len: touches_per_deal as u32,
            handover_start: 0,
            handover_len: 0,
        });
    }
    (ds, ts)
}

/// One JSON `attribute` request with `touches` touches.
pub fn request(touches: usize, seed: u64) -> Value {
    let mut rng = Rng::new(seed);
    let contacts = [
        ("P1", "technical_director"),
        ("P2", "procurement_director"),
        ("P3", "cfo"),
        ("P4", "user"),
    ];
    let kinds = ["demo", "email", "signoff", "call"];
    let ts: Vec<Value> = (0..touches)
        .map(|_| {
            let c = rng.below(4) as usize;
            let day = 1 + rng.below(28);
            json!({"rep": format!("rep-{:03}", rng.below(4)), "contact": contacts[c].0, "kind": kinds[c],
                   "at": format!("2026-03-{day:02}T10:00:00+08:00")})
        })
        .collect();
    json!({
        "deal": {"id": "D-1", "customer_id": "C-1", "amount": "123456.78", "currency": "CNY",
                 "closed_at": "2026-03-31T18:00:00+08:00"},
        "contacts": contacts.iter().map(|(id, role)| json!({"id": id, "role": role})).collect::<Vec<_>>(),
        "touches": ts,
    })
}
