//! The statement as CSV: RFC 4180 (commas, CRLF, quotes where needed) written by the `csv`
//! crate, UTF-8 with a byte-order mark so that spreadsheet programs read Cyrillic.

use crate::words::Words;
use crate::{plain_amount, PackageLine, Statement};

/// UTF-8's byte-order mark: without it a spreadsheet program opening the file guesses the
/// system's 8-bit code page and shows Cyrillic as mojibake.
pub const BOM: &str = "\u{feff}";

/// The statement as CSV text: a byte-order mark, the entries table (a header row, one row per
/// entry with the client's name first, then a totals row), a blank line, then the package
/// table (a header row, then per package one row per direction and one overage row), balances
/// as of the period's last day. Times are integer minutes and amounts plain decimals
/// (`1234.50`) so a spreadsheet can sum them; the header words are in the statement's
/// language, and every entry has its state (a draft reads "draft").
///
/// A text field that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading `'`: subjects come from clients' emails.
pub fn statement_csv(s: &Statement) -> String {
    let w = Words::of(s.language);
    let client = format!("{} · {}", s.client_code, s.client_name);
    let mut entries = Table::new();
    entries.row(w.csv_entries.iter().map(|h| Field::Text(h)));
    for e in &s.entries {
        entries.row([
            Field::Text(&client),
            Field::Text(&e.date),
            Field::Text(&e.ticket_number),
            Field::Text(&e.ticket_subject),
            Field::Text(&e.engineer),
            Field::Text(&e.direction),
            Field::Text(&e.work_type),
            Field::Number(e.actual_minutes.to_string()),
            Field::Number(e.billable_minutes.to_string()),
            Field::Number(e.covered_minutes.to_string()),
            Field::Number(e.overage_minutes.to_string()),
            Field::Text(w.state_name(e.state)),
            Field::Text(&e.note),
        ]);
    }
    let sum = |f: fn(&crate::EntryLine) -> i64| s.entries.iter().map(f).sum::<i64>().to_string();
    entries.row([
        Field::Text(&client),
        Field::Text(w.total),
        Field::Empty,
        Field::Empty,
        Field::Empty,
        Field::Empty,
        Field::Empty,
        Field::Number(sum(|e| e.actual_minutes)),
        Field::Number(sum(|e| e.billable_minutes)),
        Field::Number(sum(|e| e.covered_minutes)),
        Field::Number(sum(|e| e.overage_minutes)),
        Field::Empty,
        Field::Empty,
    ]);

    let mut totals = Table::new();
    totals.row(w.csv_totals.iter().map(|h| Field::Text(h)));
    for p in &s.packages {
        if p.directions.is_empty() {
            totals.row(budget_row(
                p,
                w.package_total,
                [p.total_minutes, p.used_minutes, p.left_minutes],
            ));
        }
        for d in &p.directions {
            totals.row(budget_row(
                p,
                w.direction_name(&d.direction),
                [d.budget_minutes, d.used_minutes, d.left_minutes],
            ));
        }
        totals.row([
            Field::Text(&p.name),
            Field::Text(&p.period),
            Field::Text(w.overage_label),
            Field::Empty,
            Field::Empty,
            Field::Empty,
            Field::Number(p.overage_minutes.to_string()),
            p.overage_amount
                .map_or(Field::Empty, |a| Field::Number(plain_amount(a))),
        ]);
    }
    format!("{BOM}{}\r\n{}", entries.text(), totals.text())
}

/// A totals row of budget, used and left minutes.
fn budget_row<'a>(p: &'a PackageLine, direction: &'a str, minutes: [i64; 3]) -> [Field<'a>; 8] {
    let [budget, used, left] = minutes;
    [
        Field::Text(&p.name),
        Field::Text(&p.period),
        Field::Text(direction),
        Field::Number(budget.to_string()),
        Field::Number(used.to_string()),
        Field::Number(left.to_string()),
        Field::Empty,
        Field::Empty,
    ]
}

/// One table of a CSV made of several: a title line, a header and rows of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvSection {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Sections one after another, a blank line between them (what a spreadsheet opens as one
/// sheet); text that looks like a number is written as a number, the rest guarded against
/// formulas.
pub fn sections_csv(sections: &[CsvSection]) -> String {
    let mut out = String::new();
    for (i, s) in sections.iter().enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        let mut t = Table::new();
        t.row([Field::Text(&s.title)]);
        t.row(s.header.iter().map(|h| Field::Text(h)));
        for r in &s.rows {
            t.row(r.iter().map(|v| {
                if !v.is_empty() && v.parse::<f64>().is_ok() {
                    Field::Number(v.clone())
                } else if v.is_empty() {
                    Field::Empty
                } else {
                    Field::Text(v)
                }
            }));
        }
        out.push_str(&t.text());
    }
    out
}

/// One CSV field.
enum Field<'a> {
    /// Text as given (guarded against formulas; the writer quotes it when needed).
    Text(&'a str),
    /// A number written as it is.
    Number(String),
    Empty,
}

/// One table of the CSV, written into memory (which cannot fail).
struct Table(csv::Writer<Vec<u8>>);

impl Table {
    fn new() -> Table {
        Table(
            csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .flexible(true)
                .quote_style(csv::QuoteStyle::Necessary)
                .from_writer(Vec::new()),
        )
    }

    fn row<'a>(&mut self, fields: impl IntoIterator<Item = Field<'a>>) {
        let record: Vec<String> = fields
            .into_iter()
            .map(|f| match f {
                Field::Text(t) => guard(t),
                Field::Number(n) => n,
                Field::Empty => String::new(),
            })
            .collect();
        self.0
            .write_record(&record)
            .expect("writing CSV into memory cannot fail");
    }

    fn text(self) -> String {
        let bytes = self
            .0
            .into_inner()
            .expect("flushing CSV into memory cannot fail");
        String::from_utf8(bytes).expect("CSV written from UTF-8 text is UTF-8")
    }
}

/// A leading `'` on text a spreadsheet would run as a formula.
fn guard(t: &str) -> String {
    if t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{t}")
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(t: &str) -> String {
        let mut table = Table::new();
        table.row([Field::Text(t), Field::Empty]);
        let line = table.text();
        line.strip_suffix(",\r\n").expect("one record").to_string()
    }

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field(""), "");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(field("ООО «Север»"), "ООО «Север»");
    }

    #[test]
    fn sections_follow_one_another() {
        let text = sections_csv(&[
            CsvSection {
                title: "Summary".into(),
                header: vec!["measure".into(), "value".into()],
                rows: vec![vec!["opened".into(), "12".into()]],
            },
            CsvSection {
                title: "Engineers".into(),
                header: vec!["engineer".into()],
                rows: vec![vec!["=cmd".into()], vec!["-3".into()]],
            },
        ]);
        assert_eq!(
            text,
            "Summary\r\nmeasure,value\r\nopened,12\r\n\r\nEngineers\r\nengineer\r\n'=cmd\r\n-3\r\n"
        );
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(field("=1+2"), "'=1+2");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("-3"), "'-3");
        assert_eq!(
            field("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(field("a=b"), "a=b");
    }
}
