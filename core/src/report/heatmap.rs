//! The trace heatmap (SPEC 2A): per rep × stage (or × week), how densely a rep touched a deal
//! or customer and what the content did (proposal downloads, video completion), as data and as
//! a standalone SVG.
//!
//! Rows are reps (by id); columns are stages in the order they were first reached (touches
//! without a stage last), or the weeks (Monday dates, in each touch's own UTC offset) from the
//! first to the last touch. The SVG uses system fonts only, escapes every label and is
//! byte-identical for the same input.

use super::markup::escape;
use super::RepInfo;
use crate::attribution::{Contact, Touch};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::money::Fraction;
use crate::time::Instant;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// What the columns of a heatmap are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeatmapAxis {
    /// Sales stages (`stage` of each touch), in the order first reached.
    #[default]
    Stage,
    /// Calendar weeks, labelled by their Monday (`YYYY-MM-DD`).
    Week,
}

/// Request of the `trace_heatmap` operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceHeatmapRequest {
    /// What the heatmap is about (a deal or customer id), shown as the SVG's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The contacts the touches refer to.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// The touches of the deal or customer, in any order.
    #[serde(default)]
    pub touches: Vec<Touch>,
    /// Columns: `stage` (default) or `week`.
    #[serde(default)]
    pub by: HeatmapAxis,
    /// Only touches at or before this moment count (e.g. the deal's close); all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Instant>,
    /// Display names of reps (optional); rows show `id name`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reps: Vec<RepInfo>,
    /// Render the SVG (default true); false returns the data only.
    #[serde(default = "yes")]
    pub svg: bool,
}

fn yes() -> bool {
    true
}

/// One non-empty cell: a rep's touches in one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeatmapCell {
    /// Rep id (the row).
    pub rep: String,
    /// Column label (stage name or week Monday).
    pub column: String,
    /// Touches in the cell.
    pub touches: u32,
    /// `touches / max_touches`, rounded to 2 decimals: how dark the cell is drawn.
    pub density: String,
    /// Touches per kind, sorted by kind.
    pub kinds: BTreeMap<String, u32>,
    /// Roles of the contacts touched, sorted.
    pub roles: Vec<String>,
    /// Touches after which the customer downloaded the proposal.
    pub proposal_downloads: u32,
    /// Touches with a video completion signal.
    pub videos: u32,
    /// Mean video completion of those touches (0 to 1, 2 decimals); absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_completion_mean: Option<String>,
}

/// Response of the `trace_heatmap` operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceHeatmapResponse {
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
    /// What the columns are.
    pub by: HeatmapAxis,
    /// Row labels: rep ids, sorted.
    pub reps: Vec<String>,
    /// Column labels, in display order.
    pub columns: Vec<String>,
    /// Non-empty cells, row by row, columns in display order.
    pub cells: Vec<HeatmapCell>,
    /// The largest cell count (the darkest cell).
    pub max_touches: u32,
    /// Touches counted.
    pub touches: usize,
    /// Touches after `as_of`, not counted.
    pub ignored_after_as_of: usize,
    /// The standalone SVG (when asked for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub svg: Option<String>,
}

/// The column label of touches without a stage.
pub const NO_STAGE: &str = "(no stage)";

const DAY: i64 = 86_400;

/// `YYYY-MM-DD` of the Monday of the week of `at`, in `at`'s own offset.
fn week_of(at: &Instant) -> String {
    let offset = i64::from(at.offset_seconds());
    let days = (at.unix_seconds() + offset).div_euclid(DAY);
    // 1970-01-01 was a Thursday: (days + 3) mod 7 is 0 on Mondays.
    monday_label(days - (days + 3).rem_euclid(7), at.offset_seconds())
}

fn monday_label(days: i64, offset: i32) -> String {
    Instant::from_unix(days * DAY - i64::from(offset), offset)
        .map(|i| i.to_string().chars().take(10).collect())
        .unwrap_or_default()
}

#[derive(Default)]
struct Acc {
    touches: u32,
    kinds: BTreeMap<String, u32>,
    roles: BTreeSet<String>,
    proposals: u32,
    videos: u32,
    video_sum: Decimal,
}

/// Check the touches against the contacts and the policy.
fn check(engine: &Engine, req: &TraceHeatmapRequest) -> Result<BTreeMap<String, String>> {
    let index = crate::graph::index_contacts(engine, &req.contacts)?;
    let mut roles = BTreeMap::new();
    for c in &req.contacts {
        roles.insert(c.id.clone(), c.role.clone());
    }
    let policy = engine.policy();
    if req.touches.len() > policy.limits.max_touches_per_deal {
        return Err(Error::new(
            crate::error::ErrorCode::LimitExceeded,
            "touches",
            format!(
                "{} touches exceed the policy limit of {} per deal (limits.max_touches_per_deal)",
                req.touches.len(),
                policy.limits.max_touches_per_deal
            ),
        ));
    }
    for (i, t) in req.touches.iter().enumerate() {
        let at = |f: &str| format!("touches[{i}].{f}");
        if t.rep.trim().is_empty() {
            return Err(Error::invalid_request(at("rep"), "must not be empty"));
        }
        if !index.contains_key(t.contact.as_str()) {
            return Err(Error::invalid_request(
                at("contact"),
                format!(
                    "unknown contact {:?}; every touch's contact must be listed in contacts",
                    t.contact
                ),
            ));
        }
        if engine.kind_index(&t.kind).is_none() {
            return Err(Error::invalid_request(
                at("kind"),
                format!(
                    "unknown touch kind {:?}; the policy's touch_kinds are {}",
                    t.kind,
                    policy.touch_kinds.join(", ")
                ),
            ));
        }
        if let Some(v) = t.signals.as_ref().and_then(|s| s.video_completion) {
            if v < Decimal::ZERO || v > Decimal::ONE {
                return Err(Error::invalid_request(
                    at("signals.video_completion"),
                    format!("must be between 0 and 1, got {v}"),
                ));
            }
        }
    }
    Ok(roles)
}

/// Serve `trace_heatmap`. Called by [`Engine::trace_heatmap`].
pub(crate) fn trace_heatmap(
    engine: &Engine,
    req: &TraceHeatmapRequest,
) -> Result<TraceHeatmapResponse> {
    let roles = check(engine, req)?;
    let mut data = build(
        engine,
        &req.touches,
        &roles,
        req.by,
        req.as_of,
        req.svg,
        &req.reps,
        req.subject.as_deref(),
    );
    data.policy_fingerprint = engine.fingerprint().to_string();
    Ok(data)
}

/// Build the heatmap of already validated touches (shared with the transparency report).
#[allow(clippy::too_many_arguments)]
pub(crate) fn build(
    engine: &Engine,
    touches: &[Touch],
    roles: &BTreeMap<String, String>,
    by: HeatmapAxis,
    as_of: Option<Instant>,
    svg: bool,
    reps: &[RepInfo],
    subject: Option<&str>,
) -> TraceHeatmapResponse {
    let mut counted: Vec<&Touch> = touches
        .iter()
        .filter(|t| as_of.is_none_or(|a| t.at <= a))
        .collect();
    let ignored = touches.len() - counted.len();
    counted.sort_by(|a, b| {
        (a.at, &a.rep, &a.contact, &a.kind, &a.stage)
            .cmp(&(b.at, &b.rep, &b.contact, &b.kind, &b.stage))
    });
    let column_of = |t: &Touch| match by {
        HeatmapAxis::Stage => t.stage.clone().unwrap_or_else(|| NO_STAGE.to_string()),
        HeatmapAxis::Week => week_of(&t.at),
    };
    // Columns: stages in order first reached (no stage last); weeks from first to last.
    let mut columns: Vec<String> = Vec::new();
    for t in &counted {
        let c = column_of(t);
        if !columns.contains(&c) {
            columns.push(c);
        }
    }
    match by {
        HeatmapAxis::Stage => {
            if let Some(pos) = columns.iter().position(|c| c == NO_STAGE) {
                let c = columns.remove(pos);
                columns.push(c);
            }
        }
        HeatmapAxis::Week => columns = week_span(&counted, columns),
    }
    let mut cells: BTreeMap<(String, usize), Acc> = BTreeMap::new();
    for t in &counted {
        let col = column_of(t);
        let k = columns.iter().position(|c| *c == col).unwrap_or(0);
        let acc = cells.entry((t.rep.clone(), k)).or_default();
        acc.touches += 1;
        *acc.kinds.entry(t.kind.clone()).or_default() += 1;
        if let Some(role) = roles.get(&t.contact) {
            acc.roles.insert(role.clone());
        }
        if let Some(s) = &t.signals {
            if s.proposal_downloaded == Some(true) {
                acc.proposals += 1;
            }
            if let Some(v) = s.video_completion {
                acc.videos += 1;
                acc.video_sum += v;
            }
        }
    }
    let max = cells.values().map(|a| a.touches).max().unwrap_or(0);
    let rep_ids: Vec<String> = counted
        .iter()
        .map(|t| t.rep.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let cells: Vec<HeatmapCell> = cells
        .into_iter()
        .map(|((rep, k), a)| HeatmapCell {
            rep,
            column: columns.get(k).cloned().unwrap_or_default(),
            touches: a.touches,
            density: Fraction::new(u128::from(a.touches), u128::from(max)).to_decimal_string(2),
            kinds: a.kinds,
            roles: a.roles.into_iter().collect(),
            proposal_downloads: a.proposals,
            videos: a.videos,
            video_completion_mean: (a.videos > 0).then(|| {
                (a.video_sum / Decimal::from(a.videos))
                    .round_dp(2)
                    .normalize()
                    .to_string()
            }),
        })
        .collect();
    let mut out = TraceHeatmapResponse {
        policy_fingerprint: engine.fingerprint().to_string(),
        by,
        reps: rep_ids,
        columns,
        cells,
        max_touches: max,
        touches: counted.len(),
        ignored_after_as_of: ignored,
        svg: None,
    };
    if svg {
        out.svg = Some(render_svg(&out, reps, subject));
    }
    out
}

/// The most weeks drawn as a continuous span; longer traces show only weeks with touches.
const MAX_WEEK_SPAN: i64 = 53;

fn week_span(counted: &[&Touch], seen: Vec<String>) -> Vec<String> {
    let (Some(first), Some(last)) = (counted.first(), counted.last()) else {
        return seen;
    };
    let offset = first.at.offset_seconds();
    let day = |t: &Instant| (t.unix_seconds() + i64::from(t.offset_seconds())).div_euclid(DAY);
    let monday = |d: i64| d - (d + 3).rem_euclid(7);
    let (a, b) = (monday(day(&first.at)), monday(day(&last.at)));
    if b < a || (b - a) / 7 >= MAX_WEEK_SPAN {
        let mut v = seen;
        v.sort();
        return v;
    }
    let mut all: BTreeSet<String> = seen.into_iter().collect();
    let mut d = a;
    while d <= b {
        all.insert(monday_label(d, offset));
        d += 7;
    }
    all.into_iter().collect()
}

/// Approximate rendered width of a label at 12 px: wide glyphs (CJK) count double.
pub(crate) fn text_width(s: &str) -> u32 {
    s.chars()
        .map(|c| if c.is_ascii() { 7 } else { 13 })
        .sum::<u32>()
}

/// Cut a label to at most `px` of width, with an ellipsis.
fn fit(s: &str, px: u32) -> String {
    if text_width(s) <= px {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 7;
    for c in s.chars() {
        w += if c.is_ascii() { 7 } else { 13 };
        if w > px {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The display label of a rep: `id name` when a name is known.
pub(crate) fn rep_label(reps: &[RepInfo], id: &str) -> String {
    match reps
        .iter()
        .find(|r| r.id == id)
        .and_then(|r| r.name.as_deref())
    {
        Some(name) if !name.is_empty() => format!("{id} {name}"),
        _ => id.to_string(),
    }
}

/// Render the heatmap as a standalone SVG document fragment (`<svg xmlns=…>`).
pub fn render_svg(h: &TraceHeatmapResponse, reps: &[RepInfo], subject: Option<&str>) -> String {
    const ROW: u32 = 34;
    const HEAD: u32 = 26;
    const PAD: u32 = 8;
    let labels: Vec<String> = h
        .reps
        .iter()
        .map(|r| fit(&rep_label(reps, r), 200))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l))
        .max()
        .unwrap_or(40)
        .max(40)
        + 14;
    let col_labels: Vec<String> = h
        .columns
        .iter()
        .map(|c| match h.by {
            HeatmapAxis::Week => c.get(5..).unwrap_or(c).to_string(),
            HeatmapAxis::Stage => fit(c, 112),
        })
        .collect();
    let col_w = col_labels
        .iter()
        .map(|c| text_width(c) + 14)
        .max()
        .unwrap_or(56)
        .clamp(56, 126);
    let title_h = if subject.is_some() { 22 } else { 0 };
    let cols = u32::try_from(h.columns.len()).unwrap_or(u32::MAX).min(400);
    let rows = u32::try_from(h.reps.len()).unwrap_or(u32::MAX).min(400);
    let width = (PAD * 2 + label_w + cols * col_w).max(440);
    let grid_top = PAD + title_h + HEAD;
    let height = grid_top + rows * ROW + 22 + PAD;
    let mut s = String::with_capacity(512 + h.cells.len() * 320);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"-apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif\" \
         font-size=\"12\" role=\"img\">"
    );
    let axis = match h.by {
        HeatmapAxis::Stage => "stage",
        HeatmapAxis::Week => "week",
    };
    let _ = write!(
        s,
        "<title>Touch heatmap{} by rep and {axis}</title>",
        subject.map_or_else(String::new, |x| format!(" of {}", escape(x)))
    );
    s.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    if let Some(x) = subject {
        let _ = write!(
            s,
            "<text x=\"{PAD}\" y=\"{}\" font-size=\"13\" font-weight=\"600\" fill=\"#1f2933\">Touches of {} by rep × {axis}</text>",
            PAD + 14,
            escape(&fit(x, width.saturating_sub(160)))
        );
    }
    for (k, label) in col_labels.iter().enumerate() {
        let x = PAD + label_w + (k as u32) * col_w + col_w / 2;
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" fill=\"#616e7c\">{}</text>",
            grid_top - 8,
            escape(label)
        );
    }
    for (r, label) in labels.iter().enumerate() {
        let y = grid_top + (r as u32) * ROW;
        let _ = write!(
            s,
            "<text x=\"{PAD}\" y=\"{}\" fill=\"#1f2933\">{}</text>",
            y + ROW / 2 + 4,
            escape(label)
        );
        for k in 0..cols {
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f5f7fa\"/>",
                PAD + label_w + k * col_w + 1,
                y + 1,
                col_w - 2,
                ROW - 2
            );
        }
    }
    for c in &h.cells {
        let (Some(r), Some(k)) = (
            h.reps.iter().position(|x| *x == c.rep),
            h.columns.iter().position(|x| *x == c.column),
        ) else {
            continue;
        };
        let (x, y) = (
            PAD + label_w + (k as u32) * col_w,
            grid_top + (r as u32) * ROW,
        );
        let density = Decimal::from_str_exact(&c.density).unwrap_or_default();
        let opacity = (Decimal::new(12, 2) + density * Decimal::new(83, 2)).round_dp(2);
        let ink = if density > Decimal::new(55, 2) {
            "#ffffff"
        } else {
            "#0f2942"
        };
        let kinds = c
            .kinds
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut tip = format!(
            "{} · {}: {} touch(es) ({kinds}) with {}",
            rep_label(reps, &c.rep),
            c.column,
            c.touches,
            c.roles.join(", ")
        );
        let mut quality = Vec::new();
        if c.proposal_downloads > 0 {
            let _ = write!(tip, "; {} proposal download(s)", c.proposal_downloads);
            quality.push(format!("P{}", c.proposal_downloads));
        }
        if let Some(v) = &c.video_completion_mean {
            let pct = super::markup::percent(v);
            let _ = write!(tip, "; video watched {pct} on average");
            quality.push(format!("V{pct}"));
        }
        let _ = write!(
            s,
            "<g><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#1d4ed8\" fill-opacity=\"{opacity}\"/>",
            escape(&tip),
            x + 1,
            y + 1,
            col_w - 2,
            ROW - 2
        );
        let cx = x + col_w / 2;
        if quality.is_empty() {
            let _ = write!(
                s,
                "<text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"600\" fill=\"{ink}\">{}</text></g>",
                y + ROW / 2 + 4,
                c.touches
            );
        } else {
            let _ = write!(
                s,
                "<text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"600\" fill=\"{ink}\">{}</text>\
                 <text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\" fill=\"{ink}\">{}</text></g>",
                y + 14,
                c.touches,
                y + 27,
                escape(&quality.join(" "))
            );
        }
    }
    let _ = write!(
        s,
        "<text x=\"{PAD}\" y=\"{}\" font-size=\"11\" fill=\"#616e7c\">number = touches, darker = more (max {}) · P proposal downloads · V video watched</text></svg>",
        height - PAD - 4,
        h.max_touches
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_in_the_touch_offset() {
        // 2026-03-01 is a Sunday; in +08:00 it belongs to the week of Monday 2026-02-23.
        let sunday: Instant = "2026-03-01T23:00:00+08:00".parse().unwrap();
        assert_eq!(week_of(&sunday), "2026-02-23");
        let monday: Instant = "2026-03-02T00:30:00+08:00".parse().unwrap();
        assert_eq!(week_of(&monday), "2026-03-02");
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(fit("abc", 100), "abc");
        assert!(fit(&"x".repeat(100), 70).ends_with('…'));
        assert!(text_width(&fit(&"销".repeat(50), 100)) <= 100 + 13);
    }
}
