//! Silent-period locks of the month and the sample appeals: the largest lock is appealed and
//! accepted by the sales committee, the second largest has an appeal still open. The report's
//! locks-and-appeals section is the core's (`transparency_report`); this module supplies its
//! input and the terminal lines.

use super::MonthRun;
use rust_decimal::Decimal;
use salesrules::appeal::{
    AppealFiling, AppealRequest, AppealTarget, Decision, Evidence, EvidenceKind, Resolution,
    ResolveAppealRequest, ResolveAppealResponse,
};
use salesrules::report::transparency::ReportAppeal;
use salesrules::{Engine, Error};
use std::str::FromStr;

/// A locked share: deal index, deal id, rep, amount.
type LockedRow = (usize, String, String, Decimal);

/// Locked shares, largest locked amount first (ties: deal id). Amounts of different currencies
/// are compared as numbers only to pick the sample appeals.
fn locked_rows(run: &MonthRun<'_>) -> Vec<LockedRow> {
    let mut rows: Vec<LockedRow> = run
        .responses
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.locked.iter().map(move |l| {
                (
                    i,
                    r.deal_id.clone(),
                    l.rep.clone(),
                    Decimal::from_str(&l.amount).unwrap_or_default(),
                )
            })
        })
        .collect();
    rows.sort_by(|a, b| b.3.cmp(&a.3).then(a.1.cmp(&b.1)));
    rows
}

/// The appeal filed against the `k`-th largest lock (with the request of its deal).
fn filing(run: &MonthRun<'_>, k: usize) -> Option<(usize, AppealFiling)> {
    let (i, deal_id, rep, _) = locked_rows(run).into_iter().nth(k)?;
    let closed = run.requests.get(i)?.deal.closed_at;
    let filed_at = closed
        .plus_seconds((2 + k as i64) * 86_400)
        .unwrap_or(closed);
    Some((
        i,
        AppealFiling {
            deal_id,
            rep,
            against: AppealTarget::Lock,
            reason: "the previous rep introduced me at the quarterly review; the handover was never logged"
                .into(),
            evidence: vec![
                Evidence {
                    kind: EvidenceKind::MeetingMinutes,
                    reference: "quarterly review minutes, item 4".into(),
                },
                Evidence {
                    kind: EvidenceKind::SystemLog,
                    reference: "crm-audit-20260402-117".into(),
                },
            ],
            filed_at,
        },
    ))
}

fn committee(f: &AppealFiling) -> Resolution {
    Resolution {
        decision: Decision::Accepted,
        by: "sales committee".into(),
        at: f.filed_at.plus_seconds(3 * 86_400).unwrap_or(f.filed_at),
        note: "minutes confirm the introduction".into(),
        accepted_touches: Vec::new(),
    }
}

/// The month's appeals for the report: the largest lock appealed and accepted, the second
/// largest appealed and still open.
pub fn report_appeals(run: &MonthRun<'_>) -> Vec<ReportAppeal> {
    let mut out = Vec::new();
    if let Some((_, f)) = filing(run, 0) {
        out.push(ReportAppeal {
            resolution: Some(committee(&f)),
            appeal: f,
        });
    }
    if let Some((_, f)) = filing(run, 1) {
        out.push(ReportAppeal {
            appeal: f,
            resolution: None,
        });
    }
    out
}

/// File and accept the appeal against the largest lock, as the committee would (for the
/// terminal summary).
pub fn sample_appeal(
    engine: &Engine,
    run: &MonthRun<'_>,
) -> Result<Option<ResolveAppealResponse>, Error> {
    let Some((i, filing)) = filing(run, 0) else {
        return Ok(None);
    };
    let Some(request) = run.requests.get(i) else {
        return Ok(None);
    };
    engine.appeal(&AppealRequest {
        appeal: filing.clone(),
    })?;
    engine
        .resolve_appeal(&ResolveAppealRequest {
            resolution: committee(&filing),
            appeal: filing,
            attribution: request.clone(),
        })
        .map(Some)
}

/// One line for the terminal summary.
pub fn summary_line(run: &MonthRun<'_>) -> String {
    let rows = locked_rows(run);
    let deals: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    format!("silent-period locks: {} locked share(s) on {} deal(s), held back until a handover or an accepted appeal", rows.len(), deals.len())
}
