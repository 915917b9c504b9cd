//! Dashboard analytics (SPEC 2G): threshold alerts with root-cause cards, period comparison,
//! lead matching and three-level drill-down, with money in after-tax gross margin by default;
//! and the `markov_attribution` operation, the data-driven removal-effect model of SPEC 2A.

pub mod anomalies;
pub mod compare;
pub mod drill;
pub mod leads;
pub mod markov;
pub mod money;
pub mod policy;

pub use policy::*;
