//! The Arrow batch path of lead evaluation: a table of leads and a table of their events in,
//! one row per lead out (state, breach, due actions, next deadline). Each lead goes through the
//! core's typed `Engine::lead_escalation`; no Python code runs per row.
//!
//! Errors name the table row: `events[17].at`, `leads[3].assigned_at`.

use crate::table::{cell, parse, required_column, Batches, Kind};
use arrow_array::builder::{BooleanBuilder, StringBuilder, UInt32Builder};
use arrow_array::{ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use salesrules::escalation::lead::{Lead, LeadEscalationResponse, LeadEvent};
use salesrules::escalation::policy::LeadEventKind;
use salesrules::escalation::LeadEscalationRequest;
use salesrules::time::Instant;
use salesrules::{Engine, Error};
use std::collections::HashMap;
use std::sync::Arc;

/// A lead's request together with the table rows its events came from.
struct Assembled {
    request: LeadEscalationRequest,
    event_rows: Vec<usize>,
}

fn read_leads(leads: &Batches, now: Instant) -> Result<Vec<Assembled>, Error> {
    let t = "leads";
    let ids = required_column(leads, t, "lead_id", Kind::Text)?;
    let owners = required_column(leads, t, "owner", Kind::Text)?;
    let backups = required_column(leads, t, "backup", Kind::Text)?;
    let supervisors = required_column(leads, t, "supervisor", Kind::Text)?;
    let assigned = required_column(leads, t, "assigned_at", Kind::Time)?;
    let mut out = Vec::with_capacity(ids.len());
    for row in 0..ids.len() {
        let lead = Lead {
            id: cell(&ids, t, "lead_id", row)?.to_owned(),
            owner: cell(&owners, t, "owner", row)?.to_owned(),
            backup: cell(&backups, t, "backup", row)?.to_owned(),
            supervisor: cell(&supervisors, t, "supervisor", row)?.to_owned(),
            assigned_at: parse::<Instant>(cell(&assigned, t, "assigned_at", row)?, || {
                format!("{t}[{row}].assigned_at")
            })?,
            events: Vec::new(),
            profile: None,
        };
        out.push(Assembled {
            request: LeadEscalationRequest { lead, now },
            event_rows: Vec::new(),
        });
    }
    Ok(out)
}

fn index_leads(leads: &[Assembled]) -> Result<HashMap<String, usize>, Error> {
    let mut index = HashMap::with_capacity(leads.len());
    for (row, a) in leads.iter().enumerate() {
        let id = &a.request.lead.id;
        if let Some(first) = index.insert(id.clone(), row) {
            return Err(Error::invalid_request(
                format!("leads[{row}].lead_id"),
                format!("lead {id:?} appears twice (rows {first} and {row})"),
            ));
        }
    }
    Ok(index)
}

fn event_kind(text: &str, row: usize) -> Result<LeadEventKind, Error> {
    serde_json::from_value::<LeadEventKind>(serde_json::Value::String(text.to_owned())).map_err(
        |_| {
            let known =
                [LeadEventKind::FirstContact, LeadEventKind::StatusUpdate].map(|k| k.as_str());
            Error::invalid_request(
                format!("events[{row}].kind"),
                format!(
                    "unknown event kind {text:?}; the kinds are {}",
                    known.join(", ")
                ),
            )
        },
    )
}

fn read_events(
    events: &Batches,
    index: &HashMap<String, usize>,
    leads: &mut [Assembled],
) -> Result<(), Error> {
    let t = "events";
    let lead_ids = required_column(events, t, "lead_id", Kind::Text)?;
    let kinds = required_column(events, t, "kind", Kind::Text)?;
    let ats = required_column(events, t, "at", Kind::Time)?;
    let reps = required_column(events, t, "rep", Kind::Text)?;
    for row in 0..lead_ids.len() {
        let id = cell(&lead_ids, t, "lead_id", row)?;
        let lead = index.get(id).copied().ok_or_else(|| {
            Error::invalid_request(
                format!("{t}[{row}].lead_id"),
                format!("no lead {id:?} in the leads table"),
            )
        })?;
        let event = LeadEvent {
            kind: event_kind(cell(&kinds, t, "kind", row)?, row)?,
            at: parse::<Instant>(cell(&ats, t, "at", row)?, || format!("{t}[{row}].at"))?,
            rep: cell(&reps, t, "rep", row)?.to_owned(),
        };
        if let Some(a) = leads.get_mut(lead) {
            a.request.lead.events.push(event);
            a.event_rows.push(row);
        }
    }
    Ok(())
}

/// Rewrite a request path (`lead.events[2].at`) as a table path (`events[17].at`).
fn table_path(path: &str, lead_row: usize, a: &Assembled) -> String {
    let event = path.strip_prefix("lead.events[").and_then(|rest| {
        let (i, tail) = rest.split_once(']')?;
        let row = a.event_rows.get(i.parse::<usize>().ok()?)?;
        Some(format!("events[{row}]{tail}"))
    });
    event.unwrap_or_else(|| match path.strip_prefix("lead.") {
        Some("id") => format!("leads[{lead_row}].lead_id"),
        Some(field) => format!("leads[{lead_row}].{field}"),
        None if path == "now" => "now".to_owned(),
        None if path.is_empty() => format!("leads[{lead_row}]"),
        None => format!("leads[{lead_row}].{path}"),
    })
}

/// The fields of one action in the `actions` list column.
fn action_fields() -> Fields {
    Fields::from(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("kind", DataType::Utf8, false),
        Field::new("due_at", DataType::Utf8, false),
        Field::new("from", DataType::Utf8, false),
        Field::new("to", DataType::Utf8, false),
        Field::new("reason", DataType::Utf8, true),
    ])
}

#[derive(Default)]
struct Output {
    lead_id: StringBuilder,
    state: StringBuilder,
    breached: BooleanBuilder,
    owner: StringBuilder,
    cycle: UInt32Builder,
    next_deadline: StringBuilder,
    action_lengths: Vec<usize>,
    action_columns: [StringBuilder; 6],
}

impl Output {
    fn add(&mut self, r: &LeadEscalationResponse) {
        self.lead_id.append_value(&r.lead_id);
        self.state.append_value(clock_state(r));
        self.breached.append_value(r.breached);
        self.owner.append_value(&r.owner);
        self.cycle.append_value(r.cycle);
        self.next_deadline
            .append_option(r.next_deadline.map(|d| d.to_string()));
        self.action_lengths.push(r.actions.len());
        let [id, kind, due_at, from, to, reason] = &mut self.action_columns;
        for a in &r.actions {
            id.append_value(&a.id);
            kind.append_value(a.kind.as_str());
            due_at.append_value(a.due_at.to_string());
            from.append_value(&a.from);
            to.append_value(&a.to);
            reason.append_option(a.brief.as_ref().map(|b| b.reason.as_str()));
        }
    }

    fn finish(mut self, engine: &Engine, now: Instant) -> Result<(RecordBatch, SchemaRef), Error> {
        let bad = |e: arrow_schema::ArrowError| {
            Error::invalid_request("", format!("cannot build the result table: {e}"))
        };
        let fields = action_fields();
        let children: Vec<ArrayRef> = self
            .action_columns
            .iter_mut()
            .map(|b| Arc::new(b.finish()) as ArrayRef)
            .collect();
        let items = StructArray::try_new(fields.clone(), children, None).map_err(bad)?;
        let item = Arc::new(Field::new("item", DataType::Struct(fields), false));
        let actions = ListArray::try_new(
            item.clone(),
            OffsetBuffer::from_lengths(self.action_lengths),
            Arc::new(items),
            None,
        )
        .map_err(bad)?;
        let schema = Arc::new(Schema::new_with_metadata(
            vec![
                Field::new("lead_id", DataType::Utf8, false),
                Field::new("state", DataType::Utf8, false),
                Field::new("breached", DataType::Boolean, false),
                Field::new("owner", DataType::Utf8, false),
                Field::new("cycle", DataType::UInt32, false),
                Field::new("next_deadline", DataType::Utf8, true),
                Field::new("actions", DataType::List(item), false),
            ],
            HashMap::from([
                (
                    "policy_fingerprint".to_owned(),
                    engine.fingerprint().to_owned(),
                ),
                ("now".to_owned(), now.to_string()),
            ]),
        ));
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.lead_id.finish()),
            Arc::new(self.state.finish()),
            Arc::new(self.breached.finish()),
            Arc::new(self.owner.finish()),
            Arc::new(self.cycle.finish()),
            Arc::new(self.next_deadline.finish()),
            Arc::new(actions),
        ];
        let batch = RecordBatch::try_new(schema.clone(), columns).map_err(bad)?;
        Ok((batch, schema))
    }
}

/// The state as the JSON contract spells it (`not_started`, `running`, `met`).
fn clock_state(r: &LeadEscalationResponse) -> String {
    match serde_json::to_value(r.state) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{:?}", r.state),
    }
}

/// Evaluate every lead of the tables at `now`. The first bad row stops the batch with its path.
pub(crate) fn lead_escalation_tables(
    engine: &Engine,
    leads: &Batches,
    events: Option<&Batches>,
    now: &str,
) -> Result<(RecordBatch, SchemaRef), Error> {
    let now = parse::<Instant>(now, || "now".to_owned())?;
    let mut assembled = read_leads(leads, now)?;
    let index = index_leads(&assembled)?;
    if let Some(events) = events {
        read_events(events, &index, &mut assembled)?;
    }
    let mut out = Output::default();
    for (row, a) in assembled.iter().enumerate() {
        let response = engine
            .lead_escalation(&a.request)
            .map_err(|e| Error::new(e.kind(), table_path(e.path(), row, a), e.message()))?;
        out.add(&response);
    }
    out.finish(engine, now)
}
