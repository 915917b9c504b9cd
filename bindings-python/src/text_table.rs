//! The Arrow batch path of text checks: a table of texts in, two tables out — one summary row
//! per text (verdict and counts) and the findings in long form. Each text goes through the
//! core's typed `Engine::check_text`; no Python code runs per row.
//!
//! Errors name the table row: `texts[4].reference_date`.

use crate::table::{cell, read_column, required_column, Batches, Kind};
use arrow_array::builder::{BooleanBuilder, StringBuilder, UInt32Builder, UInt64Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use salesrules::semantic::{CheckTextRequest, CheckTextResponse, Span, Verdict};
use salesrules::{Engine, Error};
use std::collections::HashMap;
use std::sync::Arc;

/// Both result tables.
pub(crate) type TextTables = ((RecordBatch, SchemaRef), (RecordBatch, SchemaRef));

fn verdict_str(v: Verdict) -> &'static str {
    match v {
        Verdict::Ok => "ok",
        Verdict::NeedsClarification => "needs_clarification",
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[derive(Default)]
struct Summary {
    text_id: StringBuilder,
    verdict: StringBuilder,
    vague: UInt32Builder,
    open: UInt32Builder,
    deadlines: UInt32Builder,
    quantities: UInt32Builder,
}

/// One row per finding; columns that do not apply to a finding's kind are null.
#[derive(Default)]
struct Findings {
    text_id: StringBuilder,
    finding: StringBuilder,
    text: StringBuilder,
    start: UInt64Builder,
    end: UInt64Builder,
    category: StringBuilder,
    smell: StringBuilder,
    negated: BooleanBuilder,
    satisfied: BooleanBuilder,
    needs_clarification: BooleanBuilder,
    suggestion: StringBuilder,
    date: StringBuilder,
    concrete: BooleanBuilder,
    value: StringBuilder,
    unit: StringBuilder,
    comparator: StringBuilder,
}

impl Findings {
    /// The columns every finding has.
    fn common(&mut self, id: &str, finding: &str, text: &str, span: &Span) {
        self.text_id.append_value(id);
        self.finding.append_value(finding);
        self.text.append_value(text);
        self.start.append_value(span.start as u64);
        self.end.append_value(span.end as u64);
    }

    fn add(&mut self, id: &str, r: &CheckTextResponse) {
        for v in &r.vague {
            self.common(id, "vague", &v.term, &v.span);
            self.category.append_value(&v.category);
            self.smell.append_value(&v.smell);
            self.negated.append_value(v.negated);
            self.satisfied.append_value(v.satisfied);
            self.needs_clarification.append_value(v.needs_clarification);
            self.suggestion.append_option(v.suggestion.as_deref());
            self.date.append_null();
            self.concrete.append_null();
            self.value.append_null();
            self.unit.append_null();
            self.comparator.append_null();
        }
        for d in &r.deadlines {
            self.common(id, "deadline", &d.text, &d.span);
            self.vague_nulls();
            self.date.append_option(d.date.as_deref());
            self.concrete.append_value(d.concrete);
            self.value.append_null();
            self.unit.append_null();
            self.comparator.append_null();
        }
        for q in &r.quantities {
            self.common(id, "quantity", &q.text, &q.span);
            self.vague_nulls();
            self.date.append_null();
            self.concrete.append_null();
            self.value.append_value(&q.value);
            self.unit.append_value(&q.unit);
            self.comparator.append_option(q.comparator.as_deref());
        }
    }

    fn vague_nulls(&mut self) {
        self.category.append_null();
        self.smell.append_null();
        self.negated.append_null();
        self.satisfied.append_null();
        self.needs_clarification.append_null();
        self.suggestion.append_null();
    }

    fn finish(
        mut self,
        metadata: HashMap<String, String>,
    ) -> Result<(RecordBatch, SchemaRef), Error> {
        let text = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
        let flag = |name: &str| Field::new(name, DataType::Boolean, true);
        let schema = Arc::new(Schema::new_with_metadata(
            vec![
                text("text_id", false),
                text("finding", false),
                text("text", false),
                Field::new("start", DataType::UInt64, false),
                Field::new("end", DataType::UInt64, false),
                text("category", true),
                text("smell", true),
                flag("negated"),
                flag("satisfied"),
                flag("needs_clarification"),
                text("suggestion", true),
                text("date", true),
                flag("concrete"),
                text("value", true),
                text("unit", true),
                text("comparator", true),
            ],
            metadata,
        ));
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.text_id.finish()),
            Arc::new(self.finding.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.category.finish()),
            Arc::new(self.smell.finish()),
            Arc::new(self.negated.finish()),
            Arc::new(self.satisfied.finish()),
            Arc::new(self.needs_clarification.finish()),
            Arc::new(self.suggestion.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.concrete.finish()),
            Arc::new(self.value.finish()),
            Arc::new(self.unit.finish()),
            Arc::new(self.comparator.finish()),
        ];
        build(schema, columns)
    }
}

impl Summary {
    fn add(&mut self, id: &str, r: &CheckTextResponse) {
        self.text_id.append_value(id);
        self.verdict.append_value(verdict_str(r.verdict));
        self.vague.append_value(count(r.vague.len()));
        self.open.append_value(count(
            r.vague.iter().filter(|v| v.needs_clarification).count(),
        ));
        self.deadlines.append_value(count(r.deadlines.len()));
        self.quantities.append_value(count(r.quantities.len()));
    }

    fn finish(
        mut self,
        metadata: HashMap<String, String>,
    ) -> Result<(RecordBatch, SchemaRef), Error> {
        let n = |name: &str| Field::new(name, DataType::UInt32, false);
        let schema = Arc::new(Schema::new_with_metadata(
            vec![
                Field::new("text_id", DataType::Utf8, false),
                Field::new("verdict", DataType::Utf8, false),
                n("vague"),
                n("open"),
                n("deadlines"),
                n("quantities"),
            ],
            metadata,
        ));
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.text_id.finish()),
            Arc::new(self.verdict.finish()),
            Arc::new(self.vague.finish()),
            Arc::new(self.open.finish()),
            Arc::new(self.deadlines.finish()),
            Arc::new(self.quantities.finish()),
        ];
        build(schema, columns)
    }
}

fn build(schema: SchemaRef, columns: Vec<ArrayRef>) -> Result<(RecordBatch, SchemaRef), Error> {
    let batch = RecordBatch::try_new(schema.clone(), columns)
        .map_err(|e| Error::invalid_request("", format!("cannot build the result table: {e}")))?;
    Ok((batch, schema))
}

/// Check every text of the table. The first bad row stops the batch with its path.
pub(crate) fn check_text_tables(
    engine: &Engine,
    texts: &Batches,
    reference_date: Option<&str>,
) -> Result<TextTables, Error> {
    let t = "texts";
    let ids = required_column(texts, t, "text_id", Kind::Text)?;
    let bodies = required_column(texts, t, "text", Kind::Text)?;
    let dates = read_column(texts, t, "reference_date", Kind::Date, false)?;
    let mut summary = Summary::default();
    let mut findings = Findings::default();
    let mut seen = HashMap::with_capacity(ids.len());
    for row in 0..ids.len() {
        let id = cell(&ids, t, "text_id", row)?;
        if let Some(first) = seen.insert(id, row) {
            return Err(Error::invalid_request(
                format!("{t}[{row}].text_id"),
                format!("text {id:?} appears twice (rows {first} and {row})"),
            ));
        }
        let own_date = dates.as_ref().and_then(|d| d.get(row).cloned().flatten());
        let from_row = own_date.is_some();
        let request = CheckTextRequest {
            text: cell(&bodies, t, "text", row)?.to_owned(),
            reference_date: own_date.or_else(|| reference_date.map(str::to_owned)),
        };
        let response = engine.check_text(&request).map_err(|e| {
            let path = match e.path() {
                "reference_date" if !from_row => "reference_date".to_owned(),
                "" => format!("{t}[{row}]"),
                other => format!("{t}[{row}].{other}"),
            };
            Error::new(e.kind(), path, e.message())
        })?;
        summary.add(id, &response);
        findings.add(id, &response);
    }
    let metadata = HashMap::from([(
        "policy_fingerprint".to_owned(),
        engine.fingerprint().to_owned(),
    )]);
    Ok((
        summary.finish(metadata.clone())?,
        findings.finish(metadata)?,
    ))
}
