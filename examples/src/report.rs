//! The HTML report builder: a title, a few facts, and sections (each a title and an HTML body).
//! It lives in the core (`salesrules::report::markup`), shared with the `transparency_report`
//! operation; features of the month job add their own sections with [`Report::section`].
//! Everything user-supplied goes through [`escape`].

pub use salesrules::report::markup::{escape, Cell, Report, Section, Table};
