//! A small builder for self-contained HTML reports: a title, a few facts, and sections (each a
//! title and an HTML body). Later features add their own sections; nothing here knows about
//! sales. Everything user-supplied goes through [`escape`].

use std::fmt::Write as _;

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One section of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Anchor id (letters, digits and `-`), used by the table of contents.
    pub id: String,
    /// Title, plain text.
    pub title: String,
    /// Body, HTML (already escaped by whoever built it).
    pub body: String,
}

impl Section {
    /// A section; `id` is reduced to `[a-z0-9-]`.
    pub fn new(id: &str, title: impl Into<String>, body: impl Into<String>) -> Section {
        let id = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        Section {
            id,
            title: title.into(),
            body: body.into(),
        }
    }
}

/// A report: title, a line of facts under it, and sections in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    title: String,
    facts: Vec<(String, String)>,
    sections: Vec<Section>,
}

impl Report {
    /// An empty report.
    pub fn new(title: impl Into<String>) -> Report {
        Report {
            title: title.into(),
            ..Report::default()
        }
    }

    /// A fact shown under the title (label, value), plain text.
    pub fn fact(&mut self, label: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.facts.push((label.into(), value.into()));
        self
    }

    /// Append a section.
    pub fn section(&mut self, section: Section) -> &mut Self {
        self.sections.push(section);
        self
    }

    /// The sections so far.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The whole document: one file, inline CSS, no scripts, no external resources.
    pub fn render(&self) -> String {
        let mut html = String::with_capacity(1 << 20);
        let title = escape(&self.title);
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n"
        );
        if !self.facts.is_empty() {
            html.push_str("<dl class=\"facts\">\n");
            for (label, value) in &self.facts {
                let _ = writeln!(
                    html,
                    "<div><dt>{}</dt><dd>{}</dd></div>",
                    escape(label),
                    escape(value)
                );
            }
            html.push_str("</dl>\n");
        }
        html.push_str("</header>\n<nav>\n<ol>\n");
        for s in &self.sections {
            let _ = writeln!(
                html,
                "<li><a href=\"#{}\">{}</a></li>",
                s.id,
                escape(&s.title)
            );
        }
        html.push_str("</ol>\n</nav>\n<main>\n");
        for s in &self.sections {
            let _ = write!(
                html,
                "<section id=\"{}\">\n<h2>{}</h2>\n{}\n</section>\n",
                s.id,
                escape(&s.title),
                s.body
            );
        }
        html.push_str("</main>\n</body>\n</html>\n");
        html
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text, escaped.
    Text(String),
    /// A number or amount: escaped, right-aligned, tabular figures.
    Num(String),
    /// Trusted HTML (built from escaped parts).
    Html(String),
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A number cell.
    pub fn num(s: impl Into<String>) -> Cell {
        Cell::Num(s.into())
    }
}

/// An HTML table with a header row, body rows and optional footer rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    class: String,
    headers: Vec<(String, bool)>,
    rows: Vec<Vec<Cell>>,
    foot: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these column headers (a header ending in `#` is right-aligned: the `#` is
    /// dropped).
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers
                .iter()
                .map(|h| match h.strip_suffix('#') {
                    Some(x) => (x.to_string(), true),
                    None => (h.to_string(), false),
                })
                .collect(),
            ..Table::default()
        }
    }

    /// Headers from owned strings (same `#` rule).
    pub fn with_headers(headers: Vec<String>) -> Table {
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        Table::new(&refs)
    }

    /// Add a CSS class to the table.
    pub fn class(mut self, class: &str) -> Table {
        self.class = class.to_string();
        self
    }

    /// Append a body row.
    pub fn row(&mut self, cells: Vec<Cell>) -> &mut Self {
        self.rows.push(cells);
        self
    }

    /// Append a footer row (totals).
    pub fn foot(&mut self, cells: Vec<Cell>) -> &mut Self {
        self.foot.push(cells);
        self
    }

    /// Number of body rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// No body rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table's HTML.
    pub fn html(&self) -> String {
        let mut h = String::new();
        if self.class.is_empty() {
            h.push_str("<table>\n<thead><tr>");
        } else {
            let _ = write!(h, "<table class=\"{}\">\n<thead><tr>", escape(&self.class));
        }
        for (name, right) in &self.headers {
            let class = if *right { " class=\"num\"" } else { "" };
            let _ = write!(h, "<th{class}>{}</th>", escape(name));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for r in &self.rows {
            row(&mut h, r);
        }
        h.push_str("</tbody>\n");
        if !self.foot.is_empty() {
            h.push_str("<tfoot>\n");
            for r in &self.foot {
                row(&mut h, r);
            }
            h.push_str("</tfoot>\n");
        }
        h.push_str("</table>");
        h
    }
}

fn row(h: &mut String, cells: &[Cell]) {
    h.push_str("<tr>");
    for c in cells {
        match c {
            Cell::Text(t) => {
                let _ = write!(h, "<td>{}</td>", escape(t));
            }
            Cell::Num(t) => {
                let _ = write!(h, "<td class=\"num\">{}</td>", escape(t));
            }
            Cell::Html(t) => {
                let _ = write!(h, "<td>{t}</td>");
            }
        }
    }
    h.push_str("</tr>\n");
}

const CSS: &str = r#"
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --band: #f5f7fa; --accent: #1d4ed8;
  --ok: #047857; --warn: #b45309; --bad: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 -apple-system, "Segoe UI",
  Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
header { background: #0f2942; color: #fff; padding: 28px 40px 20px; }
header h1 { margin: 0 0 14px; font-size: 26px; font-weight: 600; }
.facts { display: flex; flex-wrap: wrap; gap: 10px 28px; margin: 0; }
.facts div { min-width: 120px; }
.facts dt { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: #9fb3c8; }
.facts dd { margin: 0; font-size: 16px; font-variant-numeric: tabular-nums; }
nav { padding: 12px 40px; border-bottom: 1px solid var(--line); background: var(--band); }
nav ol { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 6px 22px; }
nav a { color: var(--accent); text-decoration: none; }
main { padding: 8px 40px 48px; max-width: 1200px; }
section { margin-top: 28px; }
h2 { font-size: 20px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 6px; }
p.note { color: var(--muted); margin: 4px 0 12px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
h4 { font-size: 14px; margin: 12px 0 2px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
div.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
tfoot td { font-weight: 600; border-top: 2px solid var(--ink); }
.scroll { max-height: 560px; overflow: auto; border: 1px solid var(--line); }
.scroll table { margin: 0; width: 100%; }
.scroll th { position: sticky; top: 0; }
.deal { border: 1px solid var(--line); border-radius: 6px; padding: 14px 18px; margin: 16px 0; }
.deal .meta { color: var(--muted); margin: 0 0 10px; }
.deal ol.chain { margin: 4px 0 12px; padding-left: 22px; }
.deal ol.chain li { margin: 2px 0; }
.cols { display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: flex-start; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.yes { background: #d1fae5; color: var(--ok); }
.no { background: #fee2e2; color: var(--bad); }
.check { font-size: 16px; font-weight: 600; color: var(--ok); }
.check.fail { color: var(--bad); }
.sub { color: var(--muted); font-size: 12px; }
@media print { nav { display: none; } .scroll { max-height: none; overflow: visible; } }
"#;
