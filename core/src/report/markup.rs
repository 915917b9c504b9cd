//! The one place where report markup is built: escaping, number formatting, tables, sections
//! and a self-contained document shell (inline CSS, no scripts, no external resources).
//!
//! Output is XHTML-compatible HTML: every element is closed, every attribute quoted, void
//! elements self-closed, and only the five XML entities (plus numeric ones) are used, so any
//! XML parser reads it. Everything that comes from a request goes through [`escape`].

use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::str::FromStr;

/// Escape text for element content and attribute values (HTML, XML and SVG alike).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0; they carry no meaning in a report.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Escape text for Markdown table cells and inline text: pipes, backticks, asterisks,
/// underscores, brackets and angle brackets are backslash-escaped; line breaks become spaces.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// An id safe for an HTML `id` attribute and a URL fragment: `[a-z0-9-]`, never empty.
pub fn anchor(s: &str) -> String {
    let id: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if id.is_empty() {
        "x".into()
    } else {
        id
    }
}

/// A decimal with thousands separators, keeping its decimals: `1,234,567.80`.
pub fn grouped(d: &Decimal) -> String {
    let s = d.to_string();
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    let len = int.chars().count();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (len - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// An amount string with thousands separators (unchanged when it is not a decimal).
pub fn grouped_str(amount: &str) -> String {
    Decimal::from_str(amount).map_or_else(|_| amount.to_string(), |d| grouped(&d))
}

/// A share such as `"0.4123456789"` as a percentage with at most one decimal: `"41.2%"`,
/// `"40%"`.
pub fn percent(share: &str) -> String {
    Decimal::from_str(share)
        .map(|d| format!("{}%", (d * Decimal::ONE_HUNDRED).round_dp(1).normalize()))
        .unwrap_or_else(|_| share.to_string())
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text, escaped.
    Text(String),
    /// A number or amount: escaped, right-aligned, tabular figures.
    Num(String),
    /// Trusted markup (built from escaped parts).
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

    /// The cell as Markdown (markup cells lose their tags).
    fn markdown(&self) -> String {
        match self {
            Cell::Text(t) | Cell::Num(t) => escape_markdown(t),
            Cell::Html(h) => escape_markdown(&strip_tags(h)),
        }
    }
}

/// The text of a markup fragment: tags dropped, the five entities decoded.
fn strip_tags(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut in_tag = false;
    for c in h.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A table with a header row, body rows and optional footer rows, rendered as HTML or
/// Markdown from the same data.
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
            html_row(&mut h, r);
        }
        h.push_str("</tbody>\n");
        if !self.foot.is_empty() {
            h.push_str("<tfoot>\n");
            for r in &self.foot {
                html_row(&mut h, r);
            }
            h.push_str("</tfoot>\n");
        }
        h.push_str("</table>");
        h
    }

    /// The table as a GitHub-flavoured Markdown table (footer rows in bold after the body).
    pub fn markdown(&self) -> String {
        let mut m = String::new();
        m.push('|');
        for (name, _) in &self.headers {
            let _ = write!(m, " {} |", escape_markdown(name));
        }
        m.push_str("\n|");
        for (_, right) in &self.headers {
            m.push_str(if *right { " ---: |" } else { " --- |" });
        }
        m.push('\n');
        for r in &self.rows {
            m.push('|');
            for c in r {
                let _ = write!(m, " {} |", c.markdown());
            }
            m.push('\n');
        }
        for r in &self.foot {
            m.push('|');
            for c in r {
                let text = c.markdown();
                if text.is_empty() {
                    m.push_str("  |");
                } else {
                    let _ = write!(m, " **{text}** |");
                }
            }
            m.push('\n');
        }
        m
    }
}

fn html_row(h: &mut String, cells: &[Cell]) {
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

/// One section of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Anchor id (`[a-z0-9-]`), used by the table of contents.
    pub id: String,
    /// Title, plain text.
    pub title: String,
    /// Body, markup (already escaped by whoever built it).
    pub body: String,
}

impl Section {
    /// A section; `id` is reduced to `[a-z0-9-]`.
    pub fn new(id: &str, title: impl Into<String>, body: impl Into<String>) -> Section {
        Section {
            id: anchor(id),
            title: title.into(),
            body: body.into(),
        }
    }
}

/// A self-contained report document: a title, a line of facts under it, and sections in
/// order. One file, inline CSS, no scripts, no external resources.
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

    /// The whole document.
    pub fn render(&self) -> String {
        let size: usize = self.sections.iter().map(|s| s.body.len() + 128).sum();
        let mut html = String::with_capacity(size + CSS.len() + 2048);
        let title = escape(&self.title);
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
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
                anchor(&s.id),
                escape(&s.title)
            );
        }
        html.push_str("</ol>\n</nav>\n<main>\n");
        for s in &self.sections {
            let _ = write!(
                html,
                "<section id=\"{}\">\n<h2>{}</h2>\n{}\n</section>\n",
                anchor(&s.id),
                escape(&s.title),
                s.body
            );
        }
        html.push_str("</main>\n</body>\n</html>\n");
        html
    }
}

/// The report's style sheet (system fonts only, nothing fetched).
pub const CSS: &str = r#"
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
.facts dd { margin: 0; font-size: 16px; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
nav { padding: 12px 40px; border-bottom: 1px solid var(--line); background: var(--band); }
nav ol { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 6px 22px; }
nav a { color: var(--accent); text-decoration: none; }
main { padding: 8px 40px 48px; max-width: 1240px; }
section { margin-top: 28px; }
h2 { font-size: 20px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 6px; }
p.note { color: var(--muted); margin: 4px 0 12px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
h4 { font-size: 13px; margin: 12px 0 2px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
div.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
tfoot td { font-weight: 600; border-top: 2px solid var(--ink); }
.scroll { max-height: 560px; overflow: auto; border: 1px solid var(--line); }
.scroll table { margin: 0; width: 100%; }
.scroll th { position: sticky; top: 0; }
.scroll tfoot td { position: sticky; bottom: 0; background: #fff; }
.wide { overflow-x: auto; }
.deal { border: 1px solid var(--line); border-radius: 6px; padding: 14px 18px; margin: 16px 0; }
.deal .meta { color: var(--muted); margin: 0 0 8px; }
.deal h3 .amount { float: right; font-variant-numeric: tabular-nums; }
.deal ol.chain { margin: 4px 0 12px; padding-left: 22px; }
.deal ol.chain li { margin: 2px 0; }
.split { margin: 6px 0 4px; }
.split svg { display: block; width: 100%; max-width: 760px; height: auto; }
ul.who { list-style: none; margin: 6px 0 8px; padding: 0; }
ul.who li { margin: 3px 0; }
ul.who .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
ul.who .pct { display: inline-block; min-width: 52px; text-align: right; font-weight: 600; font-variant-numeric: tabular-nums; margin-right: 6px; }
ul.who .amt { display: inline-block; min-width: 120px; text-align: right; font-variant-numeric: tabular-nums; margin-right: 10px; color: var(--muted); }
details { margin: 6px 0 0; }
details summary { cursor: pointer; color: var(--accent); font-size: 14px; }
.cols { display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: flex-start; }
.badge { display: inline-block; white-space: nowrap; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; margin-left: 4px; }
.yes { background: #d1fae5; color: var(--ok); }
.no { background: #fee2e2; color: var(--bad); }
.lock { background: #fef3c7; color: var(--warn); }
.open { background: #e0e7ff; color: var(--accent); }
.check { font-size: 16px; font-weight: 600; color: var(--ok); }
.check.fail { color: var(--bad); }
.sub { color: var(--muted); font-size: 12px; }
table.reps td:nth-child(-n+3), table.locks td:nth-child(-n+2), table.influencers td:nth-child(-n+3), table.locks td:nth-child(5) { white-space: nowrap; }
.heatmap svg { max-width: 100%; height: auto; }
@media print { nav { display: none; } .scroll { max-height: none; overflow: visible; } details { display: block; } }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_and_controls() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\"\u{7}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;\u{fffd}"
        );
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(escape_markdown("a|b\n*c*"), "a\\|b \\*c\\*");
    }

    #[test]
    fn grouped_and_percent_read_like_a_manager_expects() {
        assert_eq!(grouped_str("1234567.80"), "1,234,567.80");
        assert_eq!(grouped_str("-999"), "-999");
        assert_eq!(percent("0.4"), "40%");
        assert_eq!(percent("0.6153846154"), "61.5%");
        assert_eq!(anchor("D-1 <x>"), "d-1--x-");
        assert_eq!(anchor(""), "x");
    }

    #[test]
    fn table_renders_the_same_rows_as_html_and_markdown() {
        let mut t = Table::new(&["Rep", "Amount#"]);
        t.row(vec![Cell::text("a|<b>"), Cell::num("1,000.00")]);
        t.foot(vec![Cell::text("total"), Cell::num("1,000.00")]);
        assert!(t
            .html()
            .contains("<td>a|&lt;b&gt;</td><td class=\"num\">1,000.00</td>"));
        assert_eq!(
            t.markdown(),
            "| Rep | Amount |\n| --- | ---: |\n| a\\|\\<b\\> | 1,000.00 |\n| **total** | **1,000.00** |\n"
        );
    }
}
