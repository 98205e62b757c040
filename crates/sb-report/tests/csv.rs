//! The CSV read back with an independent reader (the `csv` crate).

mod common;

use common::{statement, TRICKY_SUBJECT};
use sb_report::{statement_csv, Language};

/// The CSV's records, split into the entries table and the totals table at the blank line
/// (after the byte-order mark).
fn tables(text: &str) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let (entries, totals) = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark")
        .split_once("\r\n\r\n")
        .expect("a blank line between the two tables");
    (records(entries), records(totals))
}

fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| {
            r.expect("a valid record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

fn minutes(field: &str) -> i64 {
    field
        .parse()
        .unwrap_or_else(|_| panic!("minutes, not {field:?}"))
}

#[test]
fn entries_read_back_with_billable_split_into_covered_and_overage() {
    let s = statement(Language::En, 120);
    let text = statement_csv(&s);
    let (entries, _) = tables(&text);

    assert_eq!(
        entries[0],
        [
            "client",
            "date",
            "ticket",
            "subject",
            "engineer",
            "direction",
            "work type",
            "actual minutes",
            "billable minutes",
            "covered minutes",
            "overage minutes",
            "state",
            "note"
        ]
    );
    let (rows, total) = entries[1..].split_at(120);
    assert_eq!(total.len(), 1, "one totals row after the entries");

    let (mut billable, mut covered, mut overage) = (0, 0, 0);
    for row in rows {
        assert_eq!(
            row[0], "ACME · ООО «Север»",
            "the client's name on every row"
        );
        let (b, c, o) = (minutes(&row[8]), minutes(&row[9]), minutes(&row[10]));
        assert_eq!(b, c + o, "{row:?}");
        billable += b;
        covered += c;
        overage += o;
    }
    assert_eq!(billable, covered + overage);
    assert_eq!(
        billable,
        s.entries.iter().map(|e| e.billable_minutes).sum::<i64>()
    );
    assert!(overage > 0, "the fixture has some overage");
    // The totals row sums the columns.
    let total = &total[0];
    assert_eq!(total[1], "Total");
    assert_eq!(
        (minutes(&total[8]), minutes(&total[9]), minutes(&total[10])),
        (billable, covered, overage)
    );
    assert_eq!(
        minutes(&total[7]),
        s.entries.iter().map(|e| e.actual_minutes).sum::<i64>()
    );

    for (row, e) in rows.iter().zip(&s.entries) {
        assert_eq!(row[1], e.date);
        assert_eq!(row[2], e.ticket_number);
        assert_eq!(row[3], e.ticket_subject, "the subject round-trips");
        assert_eq!(row[4], e.engineer);
        assert_eq!(
            row[11],
            e.state.as_str(),
            "an English statement names the state as it is"
        );
        assert_eq!(row[12], e.note);
    }
    assert!(rows.iter().any(|r| r[3] == TRICKY_SUBJECT));
}

#[test]
fn a_subject_with_a_comma_a_quote_and_a_newline_round_trips() {
    let mut s = statement(Language::En, 1);
    s.entries[0].ticket_subject = TRICKY_SUBJECT.to_string();
    s.entries[0].note = "said \"now\", then\r\nleft".to_string();
    let text = statement_csv(&s);
    assert!(text.contains("\"Printer, \"\"HP 4250\"\" on floor 2\nprints blank pages\""));
    let (entries, _) = tables(&text);
    assert_eq!(entries[1][3], TRICKY_SUBJECT);
    assert_eq!(entries[1][12], "said \"now\", then\r\nleft");
}

#[test]
fn lines_end_in_crlf_after_a_byte_order_mark_for_spreadsheets() {
    let s = statement(Language::Ru, 12);
    let text = statement_csv(&s);
    // The mark tells a spreadsheet program the file is UTF-8, so Cyrillic reads right.
    assert!(text.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
    assert!(text.starts_with("\u{feff}клиент,дата,заявка,тема,"));
    assert!(text.ends_with("\r\n"));
    // A bare line feed only inside a quoted subject.
    let bare = text
        .match_indices('\n')
        .filter(|(i, _)| !text[..*i].ends_with('\r'))
        .count();
    let in_fields = s
        .entries
        .iter()
        .map(|e| e.ticket_subject.matches('\n').count())
        .sum::<usize>();
    assert_eq!(bare, in_fields);
}

#[test]
fn totals_have_a_row_per_direction_and_an_overage_row_per_package() {
    let s = statement(Language::Ru, 30);
    let text = statement_csv(&s);
    let (entries, totals) = tables(&text);

    assert_eq!(entries[0][3], "тема");
    assert_eq!(entries[1][11], "черновик", "states read in Russian");
    assert_eq!(entries.last().unwrap()[1], "Итого");
    assert_eq!(
        totals[0],
        [
            "пакет",
            "срок действия",
            "направление",
            "объём (мин)",
            "израсходовано (мин)",
            "остаток (мин)",
            "сверх пакета (мин)",
            "сумма сверх пакета"
        ]
    );
    let rows = &totals[1..];
    let expected: usize = s.packages.iter().map(|p| p.directions.len() + 1).sum();
    assert_eq!(rows.len(), expected);

    for p in &s.packages {
        let (directions, overage): (Vec<&Vec<String>>, Vec<&Vec<String>>) = rows
            .iter()
            .filter(|r| r[0] == p.name)
            .partition(|r| r[2] != "Сверх пакета");
        assert_eq!(directions.len(), p.directions.len());
        let used: i64 = directions.iter().map(|r| minutes(&r[4])).sum();
        let budget: i64 = directions.iter().map(|r| minutes(&r[3])).sum();
        assert_eq!(used, p.used_minutes, "{}", p.name);
        assert_eq!(budget, p.total_minutes, "{}", p.name);
        assert_eq!(overage.len(), 1);
        assert_eq!(minutes(&overage[0][6]), p.overage_minutes);
        assert_eq!(overage[0][1], p.period);
    }
    let pool = rows.iter().find(|r| r[0] == "Срочные выезды").unwrap();
    assert_eq!(pool[2], "общий пул", "the shared pool is named");
    let billed = rows
        .iter()
        .find(|r| r[0] == "Срочные выезды" && r[2] == "Сверх пакета")
        .unwrap();
    assert_eq!(billed[7], "1234.50");
    let unbilled = rows
        .iter()
        .find(|r| r[0] == "Пробный пакет" && r[2] == "Сверх пакета")
        .unwrap();
    assert_eq!(unbilled[7], "");
    assert_eq!(unbilled[5], "");
}

#[test]
fn a_formula_in_a_subject_is_not_run_by_a_spreadsheet() {
    let mut s = statement(Language::En, 1);
    s.entries[0].ticket_subject = "=HYPERLINK(\"http://x\",\"click\")".to_string();
    let (entries, _) = tables(&statement_csv(&s));
    assert_eq!(entries[1][3], "'=HYPERLINK(\"http://x\",\"click\")");
}
