//! Examples and tools around the salesrules engine: a deterministic sample month of a sales
//! organisation ([`sample`]), and the month job that attributes it and writes a transparency
//! report ([`report`], [`transparency`]).

pub mod analytics;
pub mod daily;
pub mod escalation;
pub mod governance;
pub mod report;
pub mod sample;
pub mod transparency;
pub mod work_orders;
