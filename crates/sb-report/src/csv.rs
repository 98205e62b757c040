//! The statement as CSV: RFC 4180 (commas, CRLF, quotes where needed), UTF-8 without a BOM.

use crate::words::Words;
use crate::{plain_amount, PackageLine, Statement};

/// The statement as CSV text: the entries table (a header row, then one row per entry), a
/// blank line, then the totals table (a header row, then per package one row per direction
/// and one overage row). Times are integer minutes and amounts plain decimals (`1234.50`) so
/// a spreadsheet can sum them; the header words are in the statement's language.
///
/// A text field that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading `'`: subjects come from clients' emails.
pub fn statement_csv(s: &Statement) -> String {
    let w = Words::of(s.language);
    let mut out = String::new();

    row(&mut out, w.csv_entries.iter().map(|h| Field::Text(h)));
    for e in &s.entries {
        row(
            &mut out,
            [
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
                Field::Text(w.state_name(&e.state)),
                Field::Text(&e.note),
            ],
        );
    }

    out.push_str("\r\n");

    row(&mut out, w.csv_totals.iter().map(|h| Field::Text(h)));
    for p in &s.packages {
        if p.directions.is_empty() {
            let fields = budget_row(
                p,
                w.package_total,
                [p.total_minutes, p.used_minutes, p.left_minutes],
            );
            row(&mut out, fields);
        }
        for d in &p.directions {
            let fields = budget_row(
                p,
                w.direction_name(&d.direction),
                [d.budget_minutes, d.used_minutes, d.left_minutes],
            );
            row(&mut out, fields);
        }
        row(
            &mut out,
            [
                Field::Text(&p.name),
                Field::Text(&p.period),
                Field::Text(w.overage_label),
                Field::Empty,
                Field::Empty,
                Field::Empty,
                Field::Number(p.overage_minutes.to_string()),
                p.overage_amount
                    .map_or(Field::Empty, |a| Field::Number(plain_amount(a))),
            ],
        );
    }
    out
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

/// One CSV field.
enum Field<'a> {
    /// Text as given (guarded against formulas, quoted when needed).
    Text(&'a str),
    /// A number written as it is.
    Number(String),
    Empty,
}

fn row<'a>(out: &mut String, fields: impl IntoIterator<Item = Field<'a>>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match field {
            Field::Text(t) => text(out, t),
            Field::Number(n) => out.push_str(&n),
            Field::Empty => {}
        }
    }
    out.push_str("\r\n");
}

fn text(out: &mut String, t: &str) {
    let guard = t.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = t.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    for c in t.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(t: &str) -> String {
        let mut out = String::new();
        text(&mut out, t);
        out
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
