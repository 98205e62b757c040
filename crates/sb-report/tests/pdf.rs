//! The PDF read back with poppler's tools: its text (pdftotext), its fonts (pdffonts), its
//! page count (pdfinfo) and a rendered page (pdftoppm). `make test` installs poppler-utils
//! (scripts/setup.sh test); without them these tests fail rather than pass unchecked.
//!
//! `SB_REPORT_OUT=/some/dir cargo test -p sb-report --test pdf` also leaves the PDFs there to
//! look at.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::statement;
use sb_report::{hours, statement_pdf, Language, Statement};

/// Runs a poppler tool, failing the test with what to do when it is not installed.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{tool} could not run ({e}): it comes with poppler-utils; run `make test` \
             (or `scripts/setup.sh test`) to install the test setup"
        )
    });
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 from poppler")
}

struct Rendered {
    _dir: tempfile::TempDir,
    pdf: PathBuf,
    bytes: usize,
    text: String,
    pages: usize,
}

fn render(s: &Statement, name: &str) -> Rendered {
    let bytes = statement_pdf(s).expect("a PDF");
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&pdf, &bytes).unwrap();
    if let Some(out) = std::env::var_os("SB_REPORT_OUT") {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(Path::new(&out).join(format!("{name}.pdf")), &bytes).unwrap();
    }
    let path = pdf.to_str().unwrap();
    let text = poppler("pdftotext", &["-enc", "UTF-8", path, "-"]);
    let info = poppler("pdfinfo", &[path]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count from pdfinfo");
    eprintln!("{name}: {} bytes, {pages} pages", bytes.len());
    Rendered {
        _dir: dir,
        pdf,
        bytes: bytes.len(),
        text,
        pages,
    }
}

/// Renders the first page at 50 dpi and returns the PNG's size.
fn first_page_png(pdf: &Path) -> usize {
    let prefix = pdf.with_extension("");
    let args = ["-png", "-r", "50", "-f", "1", "-l", "1"];
    let mut all: Vec<&str> = args.to_vec();
    all.push(pdf.to_str().unwrap());
    all.push(prefix.to_str().unwrap());
    poppler("pdftoppm", &all);
    let dir = pdf.parent().unwrap();
    let stem = prefix.file_name().unwrap().to_str().unwrap().to_string();
    let png = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            name.starts_with(&stem) && name.ends_with(".png")
        })
        .expect("pdftoppm wrote a PNG");
    let data = std::fs::read(png).unwrap();
    assert!(data.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    data.len()
}

/// How often `needle` occurs in `text`.
fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

#[test]
fn a_russian_statement_of_120_entries_reads_back() {
    let s = statement(Language::Ru, 120);
    let r = render(&s, "statement-ru");
    let t = &r.text;

    assert!(t.contains("Отчёт об использовании часов поддержки"), "{t}");
    assert!(t.contains("Switchboard service desk"));
    assert!(t.contains("ООО «Север»"), "the Cyrillic client name");
    assert!(t.contains("ACME"));
    assert!(t.contains("2026-11-01 – 2026-11-30"), "the period");
    assert!(t.contains("Годовой пакет 2026"), "a package");
    assert!(t.contains("общий пул"));
    assert!(t.contains("к оплате 1\u{a0}234,50") || t.contains("к оплате 1 234,50"));
    assert!(t.contains("Иванов И."));
    // Every entry's date and ticket in full.
    for e in &s.entries {
        assert!(t.contains(&e.date), "{}", e.date);
        assert!(t.contains(&e.ticket_number), "{}", e.ticket_number);
    }

    assert!(
        r.pages >= 3,
        "120 entries take several pages, got {}",
        r.pages
    );
    for n in 1..=r.pages {
        assert!(t.contains(&format!("Стр. {n} из {}", r.pages)), "page {n}");
    }
    // The entries table's header on every page it runs over.
    assert_eq!(count(t, "Вид работ"), r.pages, "the header repeats");

    let billable: i64 = s.entries.iter().map(|e| e.billable_minutes).sum();
    let actual: i64 = s.entries.iter().map(|e| e.actual_minutes).sum();
    assert!(t.contains("Итого за период"));
    assert!(
        t.contains(&hours(billable)),
        "the billable total {}",
        hours(billable)
    );
    assert!(
        t.contains(&hours(actual)),
        "the time spent {}",
        hours(actual)
    );

    assert!(r.bytes < 150_000, "fonts are subset: {} bytes", r.bytes);
    assert!(
        first_page_png(&r.pdf) > 10_000,
        "page 1 has something on it"
    );
}

#[test]
fn an_english_statement_reads_back() {
    let s = statement(Language::En, 120);
    let r = render(&s, "statement-en");
    let t = &r.text;

    assert!(t.contains("Support hours statement"));
    assert!(t.contains("ООО «Север»"), "the Cyrillic client name");
    assert!(t.contains("2026-11-01 – 2026-11-30"));
    assert!(t.contains("Annual support 2026"));
    assert!(t.contains("Overage: 2:15 — billed 1,234.50"));
    assert!(t.contains("Overage: 1:00 — not billed"));
    assert!(t.contains(&format!("Page 1 of {}", r.pages)));
    assert!(t.contains(&format!("Page {0} of {0}", r.pages)));
    assert_eq!(count(t, "Work type"), r.pages, "the header repeats");
    let billable: i64 = s.entries.iter().map(|e| e.billable_minutes).sum();
    assert!(t.contains("Totals for the period"));
    assert!(t.contains(&hours(billable)));
    // A subject too long for its column is cut, not run into the next one.
    assert!(t.contains('…'));
    assert!(!t.contains("после обновления драйвера"));

    assert!(first_page_png(&r.pdf) > 10_000);
}

#[test]
fn fonts_are_embedded_subsets() {
    let r = render(&statement(Language::Ru, 5), "fonts");
    let fonts = poppler("pdffonts", &[r.pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{fonts}");
    for row in rows {
        assert!(row.contains("DejaVuSans"), "{row}");
        assert!(row.contains("CID TrueType"), "{row}");
        // The emb, sub and uni columns.
        assert!(row.contains("yes yes yes"), "{row}");
    }
    assert_eq!(r.pages, 1);
    assert!(r.text.contains("Стр. 1 из 1"));
}

#[test]
fn an_empty_statement_still_makes_a_page() {
    let mut s = statement(Language::En, 0);
    s.packages.clear();
    let r = render(&s, "empty");
    assert_eq!(r.pages, 1);
    assert!(r.text.contains("No time was logged in this period."));
    assert!(r.text.contains("No support package covers this period."));
    assert!(r.text.contains("Page 1 of 1"));
}

#[test]
fn the_same_statement_gives_the_same_bytes() {
    let s = statement(Language::Ru, 40);
    assert_eq!(statement_pdf(&s).unwrap(), statement_pdf(&s).unwrap());
}

#[test]
fn odd_text_and_many_packages_still_render() {
    let mut s = statement(Language::En, 3);
    s.client_name = "ООО «Очень длинное название клиента, которое никак не помещается \
                     в одну строку заголовка отчёта» "
        .repeat(2);
    s.entries[0].ticket_subject = "Сервер 🔥 не отвечает — 服务器 ".repeat(5);
    s.entries[1].engineer = String::new();
    s.entries[2].note = "\u{0}\u{7}control".to_string();
    let package = s.packages[0].clone();
    s.packages = (0..40)
        .map(|i| {
            let mut p = package.clone();
            p.name = format!("Package {i}");
            p
        })
        .collect();
    let r = render(&s, "odd");
    assert!(
        r.pages >= 3,
        "40 packages of 4 rows and more run over pages"
    );
    assert!(r.text.contains("Package 39"));
    assert_eq!(
        count(&r.text, "Budget"),
        r.pages,
        "the packages header repeats"
    );
    // A package cut by a page break is named again on the next page.
    // (Which one depends on the layout above it.)
    assert!(
        (0..40).any(|i| count(&r.text, &format!("Package {i}\n")) == 2),
        "{}",
        r.text
    );
    assert!(r.text.contains(&format!("Page {0} of {0}", r.pages)));
}

#[test]
fn hole_statements_draft_entries_are_marked_or_left_out() {
    // A third of the fixture's entries are drafts: each is marked, and the mark explained.
    let s = statement(Language::En, 6);
    let drafts = s.entries.iter().filter(|e| e.is_draft()).count();
    assert_eq!(drafts, 2);
    let r = render(&s, "drafts-marked");
    assert_eq!(count(&r.text, "[draft]"), drafts + 1, "{}", r.text);
    assert!(r
        .text
        .contains("Entries marked [draft] are not approved yet"));
    assert!(r
        .text
        .contains("Balances as of the end of the period, 2026-11-30"));
    // Left out when exporting: the statement says so and marks nothing.
    let mut out = statement(Language::Ru, 6);
    out.entries.retain(|e| !e.is_draft());
    out.drafts_left_out = true;
    let r = render(&out, "drafts-left-out");
    assert!(!r.text.contains("[черновик]"));
    assert!(r
        .text
        .contains("Черновики (ещё не утверждённые записи) в отчёт не включены."));
    assert!(r.text.contains("Остатки на конец периода, 2026-11-30"));
}
