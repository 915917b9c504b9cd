//! The fast path of `attribute_table`: the Arrow columns are read as borrowed text straight
//! into the core's flat [`DealBatch`] arrays and run by one [`BatchRunner`], with no request
//! per deal and no `String` per cell.
//!
//! This path only answers when it is sure to give exactly what the per-deal path gives. It
//! checks every rule the per-deal path checks, but it does not word errors: on anything it
//! would reject, or cannot express (sub-second times, an error of the core), it returns `None`
//! and the caller runs the per-deal path, which reports the error with its table path.

use super::table::{accepts, Batches, Kind, Output};
use arrow_array::{Array, ArrayRef, StringArray};
use arrow_schema::DataType;
use salesrules::attribution::batch::{
    BatchCredit, BatchDeal, BatchHandover, BatchRunner, BatchTouch,
};
use salesrules::money::{format_minor, Amount};
use salesrules::time::Instant;
use salesrules::{Engine, Model};
use std::collections::HashMap;
use std::str::FromStr;

/// A column cast to UTF-8, one array per record batch; `None` when the column is absent.
fn column(table: &Batches, name: &str, kind: Kind) -> Option<Option<Vec<ArrayRef>>> {
    let (batches, schema) = table;
    let Ok(index) = schema.index_of(name) else {
        return Some(None);
    };
    if !accepts(kind, schema.field(index).data_type()) {
        return None;
    }
    let mut arrays = Vec::with_capacity(batches.len());
    for batch in batches {
        let array = batch.columns().get(index)?;
        let text = if array.data_type() == &DataType::Utf8 {
            array.clone()
        } else {
            arrow_cast::cast(array, &DataType::Utf8).ok()?
        };
        arrays.push(text);
    }
    Some(Some(arrays))
}

fn required(table: &Batches, name: &str, kind: Kind) -> Option<Vec<ArrayRef>> {
    column(table, name, kind)?
}

/// The cells of a column, borrowed.
fn cells(arrays: &[ArrayRef]) -> Option<Vec<Option<&str>>> {
    let mut out = Vec::with_capacity(arrays.iter().map(|a| a.len()).sum());
    for a in arrays {
        let s = a.as_any().downcast_ref::<StringArray>()?;
        out.extend(s.iter());
    }
    Some(out)
}

/// Cells of a column that may not hold nulls.
fn full<'a>(cells: &[Option<&'a str>]) -> Option<Vec<&'a str>> {
    cells.iter().copied().collect()
}

/// An instant in whole Unix seconds; sub-second times go to the per-deal path (it orders and
/// compares them by the nanosecond, the batch by the second).
fn seconds(text: &str) -> Option<i64> {
    let at = Instant::from_str(text).ok()?;
    (at.unix_nanos() % 1_000_000_000 == 0).then(|| at.unix_seconds())
}

/// Group rows by deal, keeping table order within a deal: (start per deal, rows in order).
fn group(deal_of_row: &[u32], deals: usize) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; deals + 1];
    for d in deal_of_row {
        if let Some(s) = start.get_mut(*d as usize + 1) {
            *s += 1;
        }
    }
    for i in 1..start.len() {
        let prev = start.get(i - 1).copied().unwrap_or(0);
        if let Some(s) = start.get_mut(i) {
            *s += prev;
        }
    }
    let mut next = start.clone();
    let mut rows = vec![0u32; deal_of_row.len()];
    for (row, d) in deal_of_row.iter().enumerate() {
        if let Some(n) = next.get_mut(*d as usize) {
            if let Some(r) = rows.get_mut(*n as usize) {
                *r = row as u32;
            }
            *n += 1;
        }
    }
    (start, rows)
}

/// Attribute the tables through the flat batch path, or `None` to use the per-deal path.
pub(crate) fn attribute_fast(
    engine: &Engine,
    deals: &Batches,
    contacts: &Batches,
    touches: &Batches,
    handovers: Option<&Batches>,
    model: Option<Model>,
) -> Option<Output> {
    let policy = engine.policy();
    let limits = &policy.limits;
    // Deals.
    let d_ids = required(deals, "deal_id", Kind::Text)?;
    let d_amounts = required(deals, "amount", Kind::Money)?;
    let d_currencies = required(deals, "currency", Kind::Text)?;
    let d_closed = required(deals, "closed_at", Kind::Time)?;
    column(deals, "customer_id", Kind::Text)?;
    let d_ids = full(&cells(&d_ids)?)?;
    let d_amounts = full(&cells(&d_amounts)?)?;
    let d_currencies = full(&cells(&d_currencies)?)?;
    let d_closed = full(&cells(&d_closed)?)?;
    let n = d_ids.len();
    if d_amounts.len() != n || d_currencies.len() != n || d_closed.len() != n {
        return None;
    }
    let mut deal_index: HashMap<&str, u32> = HashMap::with_capacity(n);
    let mut minor_units = Vec::with_capacity(n);
    let mut batch_deals = Vec::with_capacity(n);
    for row in 0..n {
        let (id, amount, currency, closed) = (
            *d_ids.get(row)?,
            *d_amounts.get(row)?,
            *d_currencies.get(row)?,
            *d_closed.get(row)?,
        );
        if id.trim().is_empty() || deal_index.insert(id, row as u32).is_some() {
            return None;
        }
        let mu = policy.minor_units(currency)?;
        let amount_minor = Amount::from_str(amount).ok()?.to_minor(currency, mu).ok()?;
        minor_units.push(mu);
        batch_deals.push(BatchDeal {
            amount_minor,
            closed_at: seconds(closed)?,
            touch_start: 0,
            touch_len: 0,
            handover_start: 0,
            handover_len: 0,
        });
    }
    let deal_of = |id: Option<&str>| deal_index.get(id?).copied();

    // Contacts: ids numbered in name order (they order time ties).
    let c_ids = required(contacts, "contact_id", Kind::Text)?;
    let c_ids = full(&cells(&c_ids)?)?;
    let c_roles = required(contacts, "role", Kind::Text)?;
    let c_roles = full(&cells(&c_roles)?)?;
    let c_deals = column(contacts, "deal_id", Kind::Text)?;
    if c_roles.len() != c_ids.len() {
        return None;
    }
    let mut contact_names: Vec<&str> = c_ids.clone();
    contact_names.sort_unstable();
    contact_names.dedup();
    let contact_id: HashMap<&str, u32> = contact_names
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i as u32))
        .collect();
    // A contact's role index, checked; `None` for an empty id or an unknown role.
    let role_of = |row: usize| -> Option<u16> {
        let id = c_ids.get(row)?;
        if id.trim().is_empty() {
            return None;
        }
        Some(engine.role_index(c_roles.get(row)?)? as u16)
    };
    // Per deal: (deal, contact) -> role. Directory: contact -> role row.
    let mut per_deal: HashMap<(u32, u32), u16> = HashMap::new();
    let mut directory: Vec<Option<usize>> = Vec::new();
    let directory_mode = c_deals.is_none();
    match &c_deals {
        Some(c_deals) => {
            let c_deals = cells(c_deals)?;
            if c_deals.len() != c_ids.len() {
                return None;
            }
            let mut counts = vec![0usize; n];
            per_deal.reserve(c_ids.len());
            for (row, d) in c_deals.iter().enumerate() {
                let d = deal_of(*d)?;
                let c = *contact_id.get(c_ids.get(row)?)?;
                // Every contact of a deal is checked, touched or not; ids unique per deal.
                if per_deal.insert((d, c), role_of(row)?).is_some() {
                    return None;
                }
                let count = counts.get_mut(d as usize)?;
                *count += 1;
                if *count > limits.max_contacts {
                    return None;
                }
            }
        }
        None => {
            // Only the contacts a deal's touches name are given to it, so only they are checked.
            directory = vec![None; contact_names.len()];
            for (row, id) in c_ids.iter().enumerate() {
                let slot = directory.get_mut(*contact_id.get(id)? as usize)?;
                if slot.replace(row).is_some() {
                    return None; // listed twice
                }
            }
        }
    }

    // Touches, grouped by deal in table order.
    let t_deals = required(touches, "deal_id", Kind::Text)?;
    let t_deals = cells(&t_deals)?;
    let t_reps = required(touches, "rep", Kind::Text)?;
    let t_reps = full(&cells(&t_reps)?)?;
    let t_contacts = required(touches, "contact_id", Kind::Text)?;
    let t_contacts = full(&cells(&t_contacts)?)?;
    let t_kinds = required(touches, "kind", Kind::Text)?;
    let t_kinds = full(&cells(&t_kinds)?)?;
    let t_ats = required(touches, "at", Kind::Time)?;
    let t_ats = full(&cells(&t_ats)?)?;
    let t_stages = column(touches, "stage", Kind::Text)?;
    let t_stages = match &t_stages {
        Some(s) => Some(cells(s)?),
        None => None,
    };
    let m = t_deals.len();
    if [t_reps.len(), t_contacts.len(), t_kinds.len(), t_ats.len()]
        .iter()
        .any(|l| *l != m)
        || t_stages.as_ref().is_some_and(|s| s.len() != m)
    {
        return None;
    }
    let t_deal: Vec<u32> = t_deals.iter().map(|d| deal_of(*d)).collect::<Option<_>>()?;
    let mut rep_names: Vec<&str> = t_reps.clone();
    rep_names.sort_unstable();
    rep_names.dedup();
    if rep_names.iter().any(|r| r.trim().is_empty()) {
        return None;
    }
    let rep_id: HashMap<&str, u32> = rep_names
        .iter()
        .enumerate()
        .map(|(i, r)| (*r, i as u32))
        .collect();
    let opportunity = policy.attribution.w_shaped.opportunity_stage.as_str();
    let (t_start, t_rows) = group(&t_deal, n);
    let mut batch_touches = Vec::with_capacity(m);
    let mut seen_contacts: Vec<u32> = Vec::new();
    let mut kind_cache: HashMap<&str, u16> = HashMap::new();
    for (d, deal) in batch_deals.iter_mut().enumerate() {
        let (lo, hi) = (*t_start.get(d)? as usize, *t_start.get(d + 1)? as usize);
        if hi - lo > limits.max_touches_per_deal {
            return None;
        }
        deal.touch_start = batch_touches.len() as u32;
        deal.touch_len = (hi - lo) as u32;
        seen_contacts.clear();
        for row in t_rows.get(lo..hi)? {
            let row = *row as usize;
            let contact = *contact_id.get(t_contacts.get(row)?)?;
            let role = if directory_mode {
                seen_contacts.push(contact);
                role_of((*directory.get(contact as usize)?)?)?
            } else {
                *per_deal.get(&(d as u32, contact))?
            };
            let kind_name = *t_kinds.get(row)?;
            let kind = match kind_cache.get(kind_name) {
                Some(k) => *k,
                None => {
                    let k = engine.kind_index(kind_name)? as u16;
                    kind_cache.insert(kind_name, k);
                    k
                }
            };
            batch_touches.push(BatchTouch {
                rep: *rep_id.get(t_reps.get(row)?)?,
                contact,
                role,
                kind,
                at: seconds(t_ats.get(row)?)?,
                opportunity: t_stages
                    .as_ref()
                    .and_then(|s| s.get(row).copied().flatten())
                    == Some(opportunity),
            });
        }
        if directory_mode && seen_contacts.len() > limits.max_contacts {
            seen_contacts.sort_unstable();
            seen_contacts.dedup();
            if seen_contacts.len() > limits.max_contacts {
                return None;
            }
        }
    }

    // Handovers.
    let mut batch_handovers = Vec::new();
    if let Some(h) = handovers {
        let h_deals = required(h, "deal_id", Kind::Text)?;
        let h_deals = cells(&h_deals)?;
        let h_from = required(h, "from", Kind::Text)?;
        let h_from = full(&cells(&h_from)?)?;
        let h_to = required(h, "to", Kind::Text)?;
        let h_to = full(&cells(&h_to)?)?;
        let h_ats = required(h, "at", Kind::Time)?;
        let h_ats = full(&cells(&h_ats)?)?;
        column(h, "evidence", Kind::Text)?;
        let k = h_deals.len();
        if h_from.len() != k || h_to.len() != k || h_ats.len() != k {
            return None;
        }
        let h_deal: Vec<u32> = h_deals.iter().map(|d| deal_of(*d)).collect::<Option<_>>()?;
        let (h_start, h_rows) = group(&h_deal, n);
        batch_handovers.reserve(k);
        // A rep who never touched a deal can never be released: any id that matches no rep.
        let id = |name: &str| rep_id.get(name).copied().unwrap_or(u32::MAX);
        for (d, deal) in batch_deals.iter_mut().enumerate() {
            let (lo, hi) = (*h_start.get(d)? as usize, *h_start.get(d + 1)? as usize);
            deal.handover_start = batch_handovers.len() as u32;
            deal.handover_len = (hi - lo) as u32;
            for row in h_rows.get(lo..hi)? {
                let row = *row as usize;
                let (from, to) = (*h_from.get(row)?, *h_to.get(row)?);
                if from.trim().is_empty() || to.trim().is_empty() || from == to {
                    return None;
                }
                batch_handovers.push(BatchHandover {
                    from: id(from),
                    to: id(to),
                    at: seconds(h_ats.get(row)?)?,
                });
            }
        }
    }

    let model = model.unwrap_or(policy.attribution.default_model);
    let mut lines: Vec<BatchCredit> = Vec::with_capacity(batch_touches.len());
    BatchRunner::new()
        .run(
            engine,
            model,
            &batch_deals,
            &batch_touches,
            &batch_handovers,
            &mut lines,
        )
        .ok()?;

    // Lines as the per-deal path lists them: paid credits by rep name, then locked shares in
    // the order the reps first appeared after a silent period, then the unassigned part.
    let mut out = Output::new();
    let mut amount_text = String::new();
    let mut share_text = String::new();
    let mut locked: Vec<(i64, u32, usize)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let d = lines.get(i)?.deal as usize;
        let mut j = i;
        while lines.get(j).is_some_and(|l| l.deal as usize == d) {
            j += 1;
        }
        let deal_lines = lines.get(i..j)?;
        let (deal_id, currency, mu) = (*d_ids.get(d)?, *d_currencies.get(d)?, *minor_units.get(d)?);
        let deal = batch_deals.get(d)?;
        let mut write = |l: &BatchCredit, kind: &str| -> Option<()> {
            use std::fmt::Write;
            amount_text.clear();
            amount_text.push_str(&format_minor(l.amount_minor, mu));
            share_text.clear();
            write!(share_text, "{}/{}", l.share_num, l.share_den).ok()?;
            let rep = match l.rep {
                Some(r) => Some(*rep_names.get(r as usize)?),
                None => None,
            };
            out.push_line(deal_id, rep, kind, &amount_text, &share_text, currency);
            Some(())
        };
        for l in deal_lines.iter().filter(|l| l.rep.is_some() && !l.locked) {
            write(l, "credit")?;
        }
        locked.clear();
        for (k, l) in deal_lines.iter().enumerate().filter(|(_, l)| l.locked) {
            let rep = l.rep?;
            let start = deal.touch_start as usize;
            let first = batch_touches
                .get(start..start + deal.touch_len as usize)?
                .iter()
                .filter(|t| t.rep == rep && t.at <= deal.closed_at)
                .map(|t| t.at)
                .min()?;
            locked.push((first, rep, k));
        }
        locked.sort_unstable();
        for (_, _, k) in &locked {
            write(deal_lines.get(*k)?, "locked")?;
        }
        for l in deal_lines.iter().filter(|l| l.rep.is_none()) {
            write(l, "unassigned")?;
        }
        i = j;
    }
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::table::attribute_per_deal;
    use arrow_array::RecordBatch;
    use arrow_schema::SchemaRef;
    use std::sync::Arc;

    fn table(columns: &[(&str, Vec<Option<&str>>)]) -> Batches {
        let batch = RecordBatch::try_from_iter(
            columns
                .iter()
                .map(|(n, v)| (*n, Arc::new(StringArray::from(v.clone())) as ArrayRef)),
        )
        .unwrap();
        let schema: SchemaRef = batch.schema();
        (vec![batch], schema)
    }

    fn s(v: &[&'static str]) -> Vec<Option<&'static str>> {
        v.iter().map(|x| Some(*x)).collect()
    }

    fn tables(at: &'static str) -> (Batches, Batches, Batches, Batches) {
        let deals = table(&[
            ("deal_id", s(&["D1", "D2", "D3"])),
            ("amount", s(&["100.00", "1000", "1.001"])),
            ("currency", s(&["CNY", "JPY", "KWD"])),
            ("closed_at", s(&["2026-06-30T00:00:00+00:00"; 3])),
        ]);
        let contacts = table(&[
            ("deal_id", s(&["D1", "D1", "D2", "D3"])),
            ("contact_id", s(&["p1", "p2", "p1", "p1"])),
            ("role", s(&["cfo", "technical_director", "user", "ceo"])),
        ]);
        let touches = table(&[
            ("deal_id", s(&["D1", "D2", "D1", "D2", "D2", "D3", "D3"])),
            ("rep", s(&["zed", "bob", "amy", "cat", "amy", "bob", "cat"])),
            ("contact_id", s(&["p1", "p1", "p2", "p1", "p1", "p1", "p1"])),
            (
                "kind",
                s(&[
                    "demo", "demo", "signoff", "call", "email", "demo", "signoff",
                ]),
            ),
            (
                "at",
                s(&[
                    "2026-01-01T00:00:00+00:00",
                    "2026-01-01T00:00:00+00:00",
                    at,
                    "2026-03-01T00:00:00+00:00",
                    "2026-05-01T00:00:00+00:00",
                    "2026-01-01T00:00:00+00:00",
                    "2026-03-01T00:00:00+00:00",
                ]),
            ),
        ]);
        let handovers = table(&[
            ("deal_id", s(&["D3"])),
            ("from", s(&["bob"])),
            ("to", s(&["cat"])),
            ("at", s(&["2026-02-01T00:00:00+00:00"])),
        ]);
        (deals, contacts, touches, handovers)
    }

    #[test]
    fn the_batch_path_answers_and_equals_the_per_deal_path() {
        let engine = Engine::default();
        let (d, c, t, h) = tables("2026-01-02T00:00:00+00:00");
        for model in Model::ALL {
            let fast = attribute_fast(&engine, &d, &c, &t, Some(&h), Some(model))
                .expect("the batch path answers")
                .finish(&engine, Some(model))
                .unwrap();
            let slow = attribute_per_deal(&engine, &d, &c, &t, Some(&h), Some(model)).unwrap();
            assert_eq!(fast.0, slow.0, "{model:?}");
            if model == Model::Linear {
                // Deal D2 has two reps locked after silent periods: listed in time order
                // (cat, then amy), not in rep order.
                let col = |i: usize| {
                    let a = fast.0.column(i).as_any().downcast_ref::<StringArray>();
                    a.unwrap()
                        .iter()
                        .map(|v| v.unwrap_or("-").to_owned())
                        .collect::<Vec<_>>()
                };
                let locked: Vec<String> = col(1)
                    .into_iter()
                    .zip(col(2))
                    .filter(|(_, k)| k == "locked")
                    .map(|(r, _)| r)
                    .collect();
                assert_eq!(locked, ["cat", "amy"]);
            }
        }
    }

    #[test]
    fn sub_second_times_and_bad_cells_go_to_the_per_deal_path() {
        let engine = Engine::default();
        let (d, c, t, h) = tables("2026-01-02T00:00:00.5+00:00");
        assert!(attribute_fast(&engine, &d, &c, &t, Some(&h), None).is_none());
        let (d, c, t, h) = tables("2026-01-02T00:00:00");
        assert!(attribute_fast(&engine, &d, &c, &t, Some(&h), None).is_none());
    }
}
