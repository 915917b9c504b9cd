//! Reports a manager reads (SPEC 2A): the trace heatmap of a deal or customer
//! ([`heatmap`]) and the month's transparency report ([`transparency`]), rendered as JSON data,
//! Markdown ([`markdown`]) and self-contained HTML with inline SVG ([`html`]).
//!
//! The core builds strings only; writing them to a file is the caller's business. All markup
//! goes through the one helper module [`markup`] (escaping, tables, the document shell).

pub mod heatmap;
pub mod html;
pub mod markdown;
pub mod markup;
pub mod transparency;

pub use heatmap::{HeatmapAxis, HeatmapCell, TraceHeatmapRequest, TraceHeatmapResponse};
pub use transparency::{TransparencyReportRequest, TransparencyReportResponse};

use serde::{Deserialize, Serialize};

/// A rep's display details for reports (all optional but the id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepInfo {
    /// Rep id, as in touches.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// A customer's display name for reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerInfo {
    /// Customer id, as in `deal.customer_id`.
    pub id: String,
    /// Display name.
    pub name: String,
}
