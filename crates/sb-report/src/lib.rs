//! A client's support-hours statement for a period, as a PDF ready to send and as a CSV for a
//! spreadsheet.
//!
//! Pure: no IO, no database, no clock. The app layer fills a [`Statement`] with text that is
//! already formatted (dates as `YYYY-MM-DD`, directions and work types as they should read) and
//! calls [`statement_pdf`] or [`statement_csv`]; the caller writes the bytes wherever it wants.
//!
//! The PDF is A4 with DejaVu Sans embedded (subset to the glyphs the statement uses), so
//! Cyrillic renders in any viewer; the fonts and their licence are in this crate's `fonts/`.
//! Times read as `h:mm` ([`hours`]); the CSV keeps integer minutes so a spreadsheet can sum them.

mod csv;
mod font;
mod pdf;
mod words;

pub use csv::{sections_csv, statement_csv, CsvSection};
pub use pdf::statement_pdf;
pub use sb_domain::ledger::EntryState;

/// The language of every fixed word in a statement (headings, column names, page numbers).
/// The data (names, subjects, notes) is printed as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    En,
    Ru,
}

/// Everything a statement shows. Text fields are printed as given; control characters (a
/// newline in a subject) become spaces in the PDF and are kept, quoted, in the CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub language: Language,
    /// The provider's name printed at the top, e.g. "Switchboard service desk".
    pub provider: String,
    /// "ACME".
    pub client_code: String,
    /// May be Cyrillic: "ООО «Север»".
    pub client_name: String,
    /// The first day of the period, already formatted `YYYY-MM-DD`.
    pub period_start: String,
    /// The last day of the period, `YYYY-MM-DD`.
    pub period_end: String,
    /// The day the statement was made, `YYYY-MM-DD`. Also the PDF's creation date.
    pub generated_on: String,
    /// Balances as of `period_end` (the caller computes them so).
    pub packages: Vec<PackageLine>,
    pub entries: Vec<EntryLine>,
    /// Draft entries were left out when exporting (else they are in `entries`, marked).
    pub drafts_left_out: bool,
}

/// One support-hours package and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageLine {
    pub name: String,
    /// The package's own term, e.g. "2026-01-01 – 2026-12-31".
    pub period: String,
    /// One line per direction; a single line with direction `""` for a shared pool.
    pub directions: Vec<DirectionLine>,
    pub total_minutes: i64,
    pub used_minutes: i64,
    pub left_minutes: i64,
    pub overage_minutes: i64,
    /// Minor currency units (cents, kopecks); `None` when overage is not billed. Printed with
    /// two decimals and no currency sign.
    pub overage_amount: Option<i64>,
}

/// A package's budget for one direction (`""`: the shared pool).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectionLine {
    pub direction: String,
    pub budget_minutes: i64,
    pub used_minutes: i64,
    pub left_minutes: i64,
}

/// One time entry in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryLine {
    pub date: String,
    pub ticket_number: String,
    pub ticket_subject: String,
    pub engineer: String,
    pub direction: String,
    pub work_type: String,
    pub actual_minutes: i64,
    pub billable_minutes: i64,
    pub covered_minutes: i64,
    pub overage_minutes: i64,
    /// Printed in the statement's language; a draft is marked in the PDF.
    pub state: EntryState,
    pub note: String,
}

/// Why a PDF could not be made. Only the embedded fonts can fail, so in practice this means
/// a broken build rather than bad input.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("the embedded font {0} cannot be read")]
    FontParse(&'static str),
    #[error("the embedded font {font} cannot be subset: {reason}")]
    FontSubset { font: &'static str, reason: String },
}

impl EntryLine {
    pub fn is_draft(&self) -> bool {
        self.state == EntryState::Draft
    }
}

/// Minutes as `h:mm`: `750` is `"12:30"`, `-15` is `"-0:15"`, `0` is `"0:00"`.
pub fn hours(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.unsigned_abs();
    format!("{sign}{}:{:02}", m / 60, m % 60)
}

/// Minor units as a decimal amount with two places, grouped in thousands the language's way:
/// `123456` is `"1,234.56"` in English and `"1 234,56"` (no-break space) in Russian.
pub(crate) fn amount(minor: i64, language: Language) -> String {
    let (group, point) = match language {
        Language::En => (',', '.'),
        Language::Ru => ('\u{a0}', ','),
    };
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    let whole = (m / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}{point}{:02}", m % 100)
}

/// Minor units as a plain decimal for the CSV, whatever the language: `123456` is `"1234.56"`.
pub(crate) fn plain_amount(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    format!("{sign}{}.{:02}", m / 100, m % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_as_h_mm() {
        assert_eq!(hours(0), "0:00");
        assert_eq!(hours(5), "0:05");
        assert_eq!(hours(60), "1:00");
        assert_eq!(hours(750), "12:30");
        assert_eq!(hours(6000), "100:00");
        assert_eq!(hours(-15), "-0:15");
        assert_eq!(hours(-135), "-2:15");
        assert_eq!(hours(i64::MIN), "-153722867280912930:08");
    }

    #[test]
    fn amounts_group_thousands_by_language() {
        assert_eq!(amount(0, Language::En), "0.00");
        assert_eq!(amount(5, Language::En), "0.05");
        assert_eq!(amount(123_456, Language::En), "1,234.56");
        assert_eq!(amount(100_000_000, Language::En), "1,000,000.00");
        assert_eq!(amount(123_456, Language::Ru), "1\u{a0}234,56");
        assert_eq!(amount(-99_999, Language::Ru), "-999,99");
        assert_eq!(plain_amount(123_456), "1234.56");
        assert_eq!(plain_amount(-7), "-0.07");
    }
}
