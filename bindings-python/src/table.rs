//! The Arrow batch path: three tables (deals, contacts, touches) in, one long table of credits
//! out. Columns are read once into Rust and no Python code runs per row. The deals go through
//! the core's flat batch path (`table_batch`) when it can answer exactly; otherwise every deal
//! is attributed by the core's typed API with the explanation turned off.
//!
//! Errors name the table row: `touches[17].at`, `deals[3].amount`.

use arrow_array::builder::StringBuilder;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use salesrules::attribution::{Contact, Handover, Touch};
use salesrules::money::Amount;
use salesrules::time::Instant;
use salesrules::{AttributeRequest, AttributeResponse, Engine, Error, ErrorCode, Model};
use serde_json::json;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

/// A table as the Arrow import hands it over.
pub(crate) type Batches = (Vec<RecordBatch>, SchemaRef);

/// What a column may hold before it is read as text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Ids and names: strings, or integers (written in decimal).
    Text,
    /// Money: strings, decimals or integers; never floats.
    Money,
    /// Instants: RFC 3339 strings with offset, or time-zone-aware timestamps.
    Time,
    /// Calendar days: `YYYY-MM-DD` strings or date columns.
    Date,
}

pub(crate) fn accepts(kind: Kind, data_type: &DataType) -> bool {
    use DataType as T;
    let text = matches!(data_type, T::Utf8 | T::LargeUtf8 | T::Utf8View)
        || matches!(data_type, T::Dictionary(_, v) if matches!(**v, T::Utf8 | T::LargeUtf8 | T::Utf8View));
    let integer = data_type.is_integer();
    match kind {
        Kind::Text => text || integer,
        Kind::Money => {
            text || integer || matches!(data_type, T::Decimal128(..) | T::Decimal256(..))
        }
        Kind::Time => text || matches!(data_type, T::Timestamp(_, Some(_))),
        Kind::Date => text || matches!(data_type, T::Date32 | T::Date64),
    }
}

fn why_not(kind: Kind, data_type: &DataType) -> String {
    match kind {
        Kind::Text => format!("must be a string or integer column, not {data_type}"),
        Kind::Money => format!(
            "money must be a string, decimal or integer column, not {data_type} (floats are never exact)"
        ),
        Kind::Time => format!(
            "must be RFC 3339 strings with an offset or a time-zone-aware timestamp column, not {data_type}"
        ),
        Kind::Date => format!("must be YYYY-MM-DD strings or a date column, not {data_type}"),
    }
}

/// One column of a table read as text, nulls kept as `None`.
pub(crate) fn read_column(
    table: &Batches,
    table_name: &str,
    column: &str,
    kind: Kind,
    required: bool,
) -> Result<Option<Vec<Option<String>>>, Error> {
    let (batches, schema) = table;
    let Ok(index) = schema.index_of(column) else {
        if required {
            let have: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return Err(Error::invalid_request(
                format!("{table_name}.{column}"),
                format!(
                    "the {table_name} table needs a `{column}` column (it has: {})",
                    have.join(", ")
                ),
            ));
        }
        return Ok(None);
    };
    let data_type = schema.field(index).data_type();
    if !accepts(kind, data_type) {
        return Err(Error::invalid_request(
            format!("{table_name}.{column}"),
            why_not(kind, data_type),
        ));
    }
    let rows = batches.iter().map(RecordBatch::num_rows).sum();
    let mut values = Vec::with_capacity(rows);
    for batch in batches {
        let array = batch.columns().get(index).ok_or_else(|| {
            Error::invalid_request(
                format!("{table_name}.{column}"),
                "a record batch lacks this column",
            )
        })?;
        let text = arrow_cast::cast(array, &DataType::Utf8).map_err(|e| {
            Error::invalid_request(
                format!("{table_name}.{column}"),
                format!("cannot be read as text: {e}"),
            )
        })?;
        let strings = text.as_any().downcast_ref::<StringArray>().ok_or_else(|| {
            Error::invalid_request(format!("{table_name}.{column}"), "not a string column")
        })?;
        values.extend(strings.iter().map(|v| v.map(str::to_owned)));
    }
    Ok(Some(values))
}

pub(crate) fn required_column(
    table: &Batches,
    table_name: &str,
    column: &str,
    kind: Kind,
) -> Result<Vec<Option<String>>, Error> {
    read_column(table, table_name, column, kind, true)?
        .ok_or_else(|| Error::invalid_request(format!("{table_name}.{column}"), "missing column"))
}

/// The value of a required cell; a null is an error naming the row.
pub(crate) fn cell<'a>(
    column: &'a [Option<String>],
    table_name: &str,
    name: &str,
    row: usize,
) -> Result<&'a str, Error> {
    column
        .get(row)
        .and_then(Option::as_deref)
        .ok_or_else(|| Error::invalid_request(format!("{table_name}[{row}].{name}"), "is null"))
}

pub(crate) fn parse<T: FromStr>(text: &str, path: impl FnOnce() -> String) -> Result<T, Error>
where
    T::Err: std::fmt::Display,
{
    T::from_str(text).map_err(|e| Error::invalid_request(path(), e.to_string()))
}

/// A deal's request together with the table rows its contacts and touches came from.
struct Assembled {
    request: AttributeRequest,
    contact_rows: Vec<usize>,
    touch_rows: Vec<usize>,
    handover_rows: Vec<usize>,
}

/// Empty values of the core's request types. They are built through serde, so fields that the
/// core adds later (always with serde defaults) need no change here.
struct Templates {
    request: AttributeRequest,
    contact: Contact,
    touch: Touch,
    handover: Handover,
}

impl Templates {
    fn new() -> Result<Self, Error> {
        const T0: &str = "2000-01-01T00:00:00+00:00";
        let internal = |e: serde_json::Error| {
            Error::new(
                ErrorCode::Internal,
                "",
                format!("the request types of the core changed shape: {e}"),
            )
        };
        Ok(Templates {
            request: serde_json::from_value(json!({
                "deal": {"id": "-", "amount": "0", "currency": "XXX", "closed_at": T0},
                "explain": false,
            }))
            .map_err(internal)?,
            contact: serde_json::from_value(json!({"id": "-", "role": "-"})).map_err(internal)?,
            handover: serde_json::from_value(json!({"from": "-", "to": "-", "at": T0}))
                .map_err(internal)?,
            touch: serde_json::from_value(
                json!({"rep": "-", "contact": "-", "kind": "-", "at": T0}),
            )
            .map_err(internal)?,
        })
    }
}

/// Contacts keyed by deal, or one directory shared by every deal (no `deal_id` column).
enum Contacts {
    PerDeal,
    Directory(HashMap<String, (Contact, usize)>),
}

fn parse_model(model: Option<&str>) -> Result<Option<Model>, Error> {
    model
        .map(|m| {
            serde_json::from_value::<Model>(serde_json::Value::String(m.to_owned())).map_err(|_| {
                let known: Vec<&str> = Model::ALL.iter().map(|m| m.as_str()).collect();
                Error::invalid_request(
                    "model",
                    format!("unknown model {m:?}; the models are {}", known.join(", ")),
                )
            })
        })
        .transpose()
}

fn read_deals(
    deals: &Batches,
    model: Option<Model>,
    templates: &Templates,
) -> Result<Vec<Assembled>, Error> {
    let t = "deals";
    let ids = required_column(deals, t, "deal_id", Kind::Text)?;
    let amounts = required_column(deals, t, "amount", Kind::Money)?;
    let currencies = required_column(deals, t, "currency", Kind::Text)?;
    let closed = required_column(deals, t, "closed_at", Kind::Time)?;
    let customers = read_column(deals, t, "customer_id", Kind::Text, false)?;
    let mut out = Vec::with_capacity(ids.len());
    for row in 0..ids.len() {
        let mut request = templates.request.clone();
        request.model = model;
        let deal = &mut request.deal;
        deal.id = cell(&ids, t, "deal_id", row)?.to_owned();
        deal.customer_id = customers
            .as_ref()
            .and_then(|c| c.get(row).cloned().flatten());
        deal.amount = parse::<Amount>(cell(&amounts, t, "amount", row)?, || {
            format!("{t}[{row}].amount")
        })?;
        deal.currency = cell(&currencies, t, "currency", row)?.to_owned();
        deal.closed_at = parse::<Instant>(cell(&closed, t, "closed_at", row)?, || {
            format!("{t}[{row}].closed_at")
        })?;
        out.push(Assembled {
            request,
            contact_rows: Vec::new(),
            touch_rows: Vec::new(),
            handover_rows: Vec::new(),
        });
    }
    Ok(out)
}

fn index_deals(deals: &[Assembled]) -> Result<HashMap<String, usize>, Error> {
    let mut index = HashMap::with_capacity(deals.len());
    for (row, d) in deals.iter().enumerate() {
        if let Some(first) = index.insert(d.request.deal.id.clone(), row) {
            return Err(Error::invalid_request(
                format!("deals[{row}].deal_id"),
                format!(
                    "deal {:?} appears twice (rows {first} and {row})",
                    d.request.deal.id
                ),
            ));
        }
    }
    Ok(index)
}

fn deal_of(
    index: &HashMap<String, usize>,
    deal_ids: &[Option<String>],
    table_name: &str,
    row: usize,
) -> Result<usize, Error> {
    let id = cell(deal_ids, table_name, "deal_id", row)?;
    index.get(id).copied().ok_or_else(|| {
        Error::invalid_request(
            format!("{table_name}[{row}].deal_id"),
            format!("no deal {id:?} in the deals table"),
        )
    })
}

fn read_contacts(
    contacts: &Batches,
    templates: &Templates,
    index: &HashMap<String, usize>,
    deals: &mut [Assembled],
) -> Result<Contacts, Error> {
    let t = "contacts";
    let ids = required_column(contacts, t, "contact_id", Kind::Text)?;
    let roles = required_column(contacts, t, "role", Kind::Text)?;
    let deal_ids = read_column(contacts, t, "deal_id", Kind::Text, false)?;
    let contact = |row: usize| -> Result<Contact, Error> {
        let mut c = templates.contact.clone();
        c.id = cell(&ids, t, "contact_id", row)?.to_owned();
        c.role = cell(&roles, t, "role", row)?.to_owned();
        Ok(c)
    };
    match deal_ids {
        Some(deal_ids) => {
            for row in 0..ids.len() {
                let d = deal_of(index, &deal_ids, t, row)?;
                let c = contact(row)?;
                if let Some(a) = deals.get_mut(d) {
                    a.request.contacts.push(c);
                    a.contact_rows.push(row);
                }
            }
            Ok(Contacts::PerDeal)
        }
        None => {
            let mut directory = HashMap::with_capacity(ids.len());
            for row in 0..ids.len() {
                let c = contact(row)?;
                if let Some((_, first)) = directory.get(&c.id) {
                    return Err(Error::invalid_request(
                        format!("{t}[{row}].contact_id"),
                        format!(
                            "contact {:?} appears twice (rows {first} and {row}); add a deal_id column to give contacts per deal",
                            c.id
                        ),
                    ));
                }
                directory.insert(c.id.clone(), (c, row));
            }
            Ok(Contacts::Directory(directory))
        }
    }
}

fn read_touches(
    touches: &Batches,
    templates: &Templates,
    index: &HashMap<String, usize>,
    deals: &mut [Assembled],
) -> Result<(), Error> {
    let t = "touches";
    let deal_ids = required_column(touches, t, "deal_id", Kind::Text)?;
    let reps = required_column(touches, t, "rep", Kind::Text)?;
    let contacts = required_column(touches, t, "contact_id", Kind::Text)?;
    let kinds = required_column(touches, t, "kind", Kind::Text)?;
    let ats = required_column(touches, t, "at", Kind::Time)?;
    let stages = read_column(touches, t, "stage", Kind::Text, false)?;
    for row in 0..deal_ids.len() {
        let d = deal_of(index, &deal_ids, t, row)?;
        let mut touch = templates.touch.clone();
        touch.rep = cell(&reps, t, "rep", row)?.to_owned();
        touch.contact = cell(&contacts, t, "contact_id", row)?.to_owned();
        touch.kind = cell(&kinds, t, "kind", row)?.to_owned();
        touch.at = parse::<Instant>(cell(&ats, t, "at", row)?, || format!("{t}[{row}].at"))?;
        touch.stage = stages.as_ref().and_then(|s| s.get(row).cloned().flatten());
        if let Some(a) = deals.get_mut(d) {
            a.request.touches.push(touch);
            a.touch_rows.push(row);
        }
    }
    Ok(())
}

fn read_handovers(
    handovers: &Batches,
    templates: &Templates,
    index: &HashMap<String, usize>,
    deals: &mut [Assembled],
) -> Result<(), Error> {
    let t = "handovers";
    let deal_ids = required_column(handovers, t, "deal_id", Kind::Text)?;
    let froms = required_column(handovers, t, "from", Kind::Text)?;
    let tos = required_column(handovers, t, "to", Kind::Text)?;
    let ats = required_column(handovers, t, "at", Kind::Time)?;
    let evidence = read_column(handovers, t, "evidence", Kind::Text, false)?;
    for row in 0..deal_ids.len() {
        let d = deal_of(index, &deal_ids, t, row)?;
        let mut handover = templates.handover.clone();
        handover.from = cell(&froms, t, "from", row)?.to_owned();
        handover.to = cell(&tos, t, "to", row)?.to_owned();
        handover.at = parse::<Instant>(cell(&ats, t, "at", row)?, || format!("{t}[{row}].at"))?;
        handover.evidence = evidence
            .as_ref()
            .and_then(|e| e.get(row).cloned().flatten());
        if let Some(a) = deals.get_mut(d) {
            a.request.handovers.push(handover);
            a.handover_rows.push(row);
        }
    }
    Ok(())
}

/// Give each deal the directory contacts its touches name, once each, in touch order.
fn attach_directory(directory: &HashMap<String, (Contact, usize)>, deals: &mut [Assembled]) {
    for a in deals {
        for touch in &a.request.touches {
            if a.request.contacts.iter().any(|c| c.id == touch.contact) {
                continue;
            }
            if let Some((c, row)) = directory.get(&touch.contact) {
                a.request.contacts.push(c.clone());
                a.contact_rows.push(*row);
            }
        }
    }
}

/// Rewrite a request path (`touches[2].at`) as a table path (`touches[17].at`).
fn table_path(path: &str, deal_row: usize, a: &Assembled) -> String {
    let indexed = |rest: &str, rows: &[usize], table: &str| -> Option<String> {
        let (i, tail) = rest.split_once(']')?;
        let row = rows.get(i.parse::<usize>().ok()?)?;
        // Request field names → column names.
        let tail = match (table, tail) {
            ("touches", ".contact") | ("contacts", ".id") => ".contact_id",
            (_, other) => other,
        };
        Some(format!("{table}[{row}]{tail}"))
    };
    let mapped = if let Some(rest) = path.strip_prefix("touches[") {
        indexed(rest, &a.touch_rows, "touches")
    } else if let Some(rest) = path.strip_prefix("handovers[") {
        indexed(rest, &a.handover_rows, "handovers")
    } else if let Some(rest) = path.strip_prefix("contacts[") {
        indexed(rest, &a.contact_rows, "contacts")
    } else if let Some(field) = path.strip_prefix("deal.") {
        let field = if field == "id" { "deal_id" } else { field };
        Some(format!("deals[{deal_row}].{field}"))
    } else {
        None
    };
    mapped.unwrap_or_else(|| {
        if path.is_empty() {
            format!("deals[{deal_row}]")
        } else {
            format!("deals[{deal_row}].{path}")
        }
    })
}

/// The output columns, in order.
const COLUMNS: [(&str, bool); 6] = [
    ("deal_id", false),
    ("rep", true),
    ("kind", false),
    ("amount", false),
    ("share_exact", false),
    ("currency", false),
];

pub(crate) struct Output {
    columns: [StringBuilder; 6],
}

impl Output {
    pub(crate) fn new() -> Self {
        Output {
            columns: std::array::from_fn(|_| StringBuilder::new()),
        }
    }

    fn push(
        &mut self,
        r: &AttributeResponse,
        rep: Option<&str>,
        kind: &str,
        amount: &str,
        share: &str,
    ) {
        self.push_line(&r.deal_id, rep, kind, amount, share, &r.currency);
    }

    /// One output row.
    pub(crate) fn push_line(
        &mut self,
        deal: &str,
        rep: Option<&str>,
        kind: &str,
        amount: &str,
        share: &str,
        currency: &str,
    ) {
        let [deal_id, rep_col, kind_col, amount_col, share_col, currency_col] = &mut self.columns;
        deal_id.append_value(deal);
        rep_col.append_option(rep);
        kind_col.append_value(kind);
        amount_col.append_value(amount);
        share_col.append_value(share);
        currency_col.append_value(currency);
    }

    fn add(&mut self, r: &AttributeResponse) {
        for c in &r.credits {
            self.push(r, Some(&c.rep), "credit", &c.amount, &c.share_exact);
        }
        for l in &r.locked {
            self.push(r, Some(&l.rep), "locked", &l.amount, &l.share_exact);
        }
        let u = &r.unassigned;
        // A zero share is written "0/1"; only a real unassigned part gets a row.
        if u.share_exact.split('/').next() != Some("0") {
            self.push(r, None, "unassigned", &u.amount, &u.share_exact);
        }
    }

    /// The result table with its metadata (policy fingerprint and model).
    pub(crate) fn finish(
        self,
        engine: &Engine,
        model: Option<Model>,
    ) -> Result<(RecordBatch, SchemaRef), Error> {
        let fields: Vec<Field> = COLUMNS
            .iter()
            .map(|(name, nullable)| Field::new(*name, DataType::Utf8, *nullable))
            .collect();
        let model = model.unwrap_or(engine.policy().attribution.default_model);
        let metadata = HashMap::from([
            (
                "policy_fingerprint".to_owned(),
                engine.fingerprint().to_owned(),
            ),
            ("model".to_owned(), model.as_str().to_owned()),
        ]);
        let schema = Arc::new(Schema::new_with_metadata(fields, metadata));
        let arrays: Vec<ArrayRef> = self
            .columns
            .into_iter()
            .map(|mut b| Arc::new(b.finish()) as ArrayRef)
            .collect();
        let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(|e| {
            Error::invalid_request("", format!("cannot build the result table: {e}"))
        })?;
        Ok((batch, schema))
    }
}

/// Attribute every deal of the tables. The first bad row stops the batch with its path.
pub(crate) fn attribute_tables(
    engine: &Engine,
    deals: &Batches,
    contacts: &Batches,
    touches: &Batches,
    handovers: Option<&Batches>,
    model: Option<&str>,
) -> Result<(RecordBatch, SchemaRef), Error> {
    let model = parse_model(model)?;
    // The flat batch path answers whenever it can give exactly the per-deal answer; on any
    // problem it steps aside and the per-deal path below reports it with its table path.
    if let Some(out) =
        crate::table_batch::attribute_fast(engine, deals, contacts, touches, handovers, model)
    {
        return out.finish(engine, model);
    }
    attribute_per_deal(engine, deals, contacts, touches, handovers, model)
}

/// The per-deal path: a typed request per deal through [`Engine::attribute`]. It answers what
/// the batch path cannot, and words every error.
pub(crate) fn attribute_per_deal(
    engine: &Engine,
    deals: &Batches,
    contacts: &Batches,
    touches: &Batches,
    handovers: Option<&Batches>,
    model: Option<Model>,
) -> Result<(RecordBatch, SchemaRef), Error> {
    let templates = Templates::new()?;
    let mut assembled = read_deals(deals, model, &templates)?;
    let index = index_deals(&assembled)?;
    let directory = read_contacts(contacts, &templates, &index, &mut assembled)?;
    read_touches(touches, &templates, &index, &mut assembled)?;
    if let Some(handovers) = handovers {
        read_handovers(handovers, &templates, &index, &mut assembled)?;
    }
    if let Contacts::Directory(directory) = &directory {
        attach_directory(directory, &mut assembled);
    }
    let mut out = Output::new();
    for (row, a) in assembled.iter().enumerate() {
        let response = engine
            .attribute(&a.request)
            .map_err(|e| Error::new(e.kind(), table_path(e.path(), row, a), e.message()))?;
        out.add(&response);
    }
    out.finish(engine, model)
}
