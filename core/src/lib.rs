//! # salesrules
//!
//! A pure, deterministic rules and attribution engine for sales management: the customer
//! decision graph and weighted, explainable deal attribution in exact decimal money, served
//! through one JSON contract (see [`Engine::call`]) that the Python, Node and C bindings share.
//!
//! The core reads no clock, file, network, environment or randomness: same input and same
//! policy give byte-identical output.
//!
//! ```
//! use salesrules::{Engine, Policy};
//! let engine = Engine::new(Policy::default()).unwrap();
//! let out = engine.call("attribute", r#"{
//!   "deal": {"id": "D-1", "amount": "100000.00", "currency": "CNY",
//!            "closed_at": "2026-03-31T18:00:00+08:00"},
//!   "contacts": [{"id": "P1", "role": "technical_director"}, {"id": "P3", "role": "cfo"}],
//!   "touches": [
//!     {"rep": "alice", "contact": "P1", "kind": "demo", "at": "2026-01-10T10:00:00+08:00"},
//!     {"rep": "alice", "contact": "P1", "kind": "demo", "at": "2026-01-20T10:00:00+08:00"},
//!     {"rep": "bob", "contact": "P3", "kind": "signoff", "at": "2026-03-30T10:00:00+08:00"}]
//! }"#).unwrap();
//! // 0.40 and 0.25 are met; 0.35 is redistributed: alice 0.40/0.65, bob 0.25/0.65.
//! assert!(out.contains(r#""rep":"alice","share":"0.6153846154","share_exact":"8/13","amount":"61538.46""#));
//! ```
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod analytics;
pub mod appeal;
pub mod attribution;
pub mod audit;
pub mod calendar;
pub mod churn;
pub mod contract;
pub mod daily_report;
pub mod engine;
pub mod error;
pub mod escalation;
pub mod fairness;
pub mod graph;
pub mod handover;
pub mod money;
pub mod policy;
pub mod privacy;
pub mod rebate;
pub mod report;
pub mod semantic;
pub mod service;
pub mod sync;
pub mod time;

pub use attribution::{AttributeRequest, AttributeResponse};
pub use engine::Engine;
pub use error::{Error, ErrorCode, Result};
pub use policy::{Model, Policy};
