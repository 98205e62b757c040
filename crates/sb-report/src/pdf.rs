//! The statement as an A4 PDF.
//!
//! Two passes: [`Layout`] places every piece of text and every rule on pages (so the page
//! count is known before the footers say "Page N of M"), then [`write`] turns the pages into
//! PDF objects, subsetting each font to the glyphs the pages use.

use std::collections::BTreeMap;

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use crate::font::{Fonts, Style};
use crate::words::Words;
use crate::{amount, hours, EntryLine, ReportError, Statement};

// A4 in points, and the frame the content keeps to. `y` in the layout runs down from the top.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 36.0;
const RIGHT: f32 = PAGE_W - 36.0;
const TOP: f32 = 48.0;
/// The content stops here; the footer sits below.
const BOTTOM: f32 = PAGE_H - 64.0;
const FOOTER: f32 = PAGE_H - 40.0;

// Tables. A header cell too wide for its column takes two lines.
const CELL_SIZE: f32 = 8.0;
const HEADER_SIZE: f32 = 7.5;
const HEADER_H: f32 = 16.0;
const HEADER_LINE: f32 = 9.0;
const ROW_H: f32 = 13.0;
const PAD: f32 = 4.0;

// Grays: 0 black, 1 white.
const INK: f32 = 0.0;
const MUTED: f32 = 0.38;
const HEADER_FILL: f32 = 0.88;
const STRIPE_FILL: f32 = 0.955;
const HAIRLINE: f32 = 0.72;

/// The statement as a PDF document.
pub fn statement_pdf(s: &Statement) -> Result<Vec<u8>, ReportError> {
    let fonts = Fonts::load()?;
    let mut layout = Layout::new(&fonts, s);
    layout.statement();
    let pages = layout.finish();
    write(&fonts, s, pages)
}

/// One thing drawn on a page.
#[derive(Debug)]
enum Op {
    /// Text with its baseline at `y`.
    Text {
        style: Style,
        size: f32,
        x: f32,
        y: f32,
        gray: f32,
        text: String,
    },
    /// A horizontal rule.
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        gray: f32,
    },
    /// A filled rectangle whose top edge is at `y`.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// A table column.
#[derive(Debug)]
struct Col {
    title: &'static str,
    width: f32,
    align: Align,
}

/// A table row.
#[derive(Debug, Default, Clone)]
struct Row {
    cells: Vec<String>,
    bold: bool,
    stripe: bool,
    /// A dark rule above: a total.
    rule_above: bool,
    /// A light rule below: the end of a group.
    rule_below: bool,
    /// The cell at this column runs to the table's right edge; later cells are not drawn.
    span_from: Option<usize>,
    /// This row starts a group named by its first `group_keys` cells, which the group's
    /// rows repeat when the group runs onto a new page.
    group_keys: usize,
}

#[derive(Debug)]
struct Layout<'a> {
    fonts: &'a Fonts,
    s: &'a Statement,
    w: &'static Words,
    pages: Vec<Vec<Op>>,
    /// The page being drawn on.
    current: usize,
    y: f32,
}

impl<'a> Layout<'a> {
    fn new(fonts: &'a Fonts, s: &'a Statement) -> Layout<'a> {
        Layout {
            fonts,
            s,
            w: Words::of(s.language),
            pages: Vec::new(),
            current: 0,
            y: TOP,
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.get_mut(self.current) {
            page.push(op);
        }
    }

    fn text(&mut self, style: Style, size: f32, x: f32, y: f32, gray: f32, text: &str) {
        let text = clean(text);
        if !text.is_empty() {
            self.push(Op::Text {
                style,
                size,
                x,
                y,
                gray,
                text,
            });
        }
    }

    /// Text that ends at `right`.
    fn text_right(&mut self, style: Style, size: f32, right: f32, y: f32, gray: f32, text: &str) {
        let text = clean(text);
        let x = right - self.fonts.get(style).width(&text, size);
        self.text(style, size, x, y, gray, &text);
    }

    fn width(&self, style: Style, size: f32, text: &str) -> f32 {
        self.fonts.get(style).width(text, size)
    }

    fn rule(&mut self, y: f32, width: f32, gray: f32) {
        self.push(Op::Rule {
            x1: LEFT,
            x2: RIGHT,
            y,
            width,
            gray,
        });
    }

    /// A new page; past the first, a running head says whose statement it is.
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.current = self.pages.len() - 1;
        self.y = TOP;
        if self.pages.len() > 1 {
            let s = self.s;
            let head = format!("{} · {} · {}", self.w.title, s.client_code, s.client_name);
            let period = period(s);
            let room = RIGHT - LEFT - self.width(Style::Regular, 8.0, &period) - 16.0;
            let head = self.fonts.get(Style::Regular).fit(&clean(&head), 8.0, room);
            self.text(Style::Regular, 8.0, LEFT, self.y, MUTED, &head);
            self.text_right(Style::Regular, 8.0, RIGHT, self.y, MUTED, &period);
            self.rule(self.y + 6.0, 0.5, HAIRLINE);
            self.y += 22.0;
        }
    }

    /// Starts a new page unless `height` more fits on this one; true when it did.
    fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM {
            self.new_page();
            true
        } else {
            false
        }
    }

    fn statement(&mut self) {
        self.new_page();
        self.heading_block();
        self.packages();
        self.entries();
        self.totals();
    }

    /// The provider, the title, and who and when the statement is for.
    fn heading_block(&mut self) {
        let s = self.s;
        let w = self.w;
        let provider = self
            .fonts
            .get(Style::Bold)
            .fit(&clean(&s.provider), 11.0, RIGHT - LEFT);
        self.text(Style::Bold, 11.0, LEFT, self.y, MUTED, &provider);
        self.rule(self.y + 8.0, 0.8, INK);
        self.y += 34.0;
        self.text(Style::Bold, 17.0, LEFT, self.y, INK, w.title);
        self.y += 26.0;

        let client = if s.client_name.trim().is_empty() {
            s.client_code.clone()
        } else {
            format!("{} — {}", s.client_code, s.client_name)
        };
        let facts = [
            (w.client, client),
            (w.period, period(s)),
            (w.generated, s.generated_on.clone()),
        ];
        let label_w = facts
            .iter()
            .map(|(label, _)| self.width(Style::Bold, 10.0, label))
            .fold(0.0, f32::max)
            + 14.0;
        for (label, value) in facts {
            self.text(Style::Bold, 10.0, LEFT, self.y, MUTED, label);
            let room = RIGHT - LEFT - label_w;
            let lines = self
                .fonts
                .get(Style::Regular)
                .wrap(&clean(&value), 10.0, room, 3);
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    self.y += 13.0;
                }
                self.text(Style::Regular, 10.0, LEFT + label_w, self.y, INK, line);
            }
            self.y += 16.0;
        }
    }

    /// A section heading, kept on the same page as at least `keep` of what follows.
    fn section(&mut self, title: &str, keep: f32) {
        self.ensure(36.0 + keep);
        self.y += 26.0;
        self.text(Style::Bold, 12.0, LEFT, self.y, INK, title);
        self.y += 9.0;
    }

    fn packages(&mut self) {
        let s = self.s;
        let w = self.w;
        self.section(w.packages, HEADER_H + HEADER_LINE + ROW_H);
        if !s.packages.is_empty() {
            self.y += 10.0;
            let as_of = w.balances_as_of(&s.period_end);
            self.text(Style::Regular, 8.5, LEFT, self.y, MUTED, &as_of);
            self.y += 2.0;
        }
        if s.packages.is_empty() {
            self.y += 12.0;
            self.text(Style::Regular, 9.0, LEFT, self.y, MUTED, w.no_packages);
            self.y += 10.0;
            return;
        }
        let number = 52.0;
        let cols = [
            Col {
                title: w.package,
                width: 130.0,
                align: Align::Left,
            },
            Col {
                title: w.package_period,
                width: 116.0,
                align: Align::Left,
            },
            Col {
                title: w.direction,
                width: RIGHT - LEFT - 130.0 - 116.0 - 3.0 * number,
                align: Align::Left,
            },
            Col {
                title: w.budget,
                width: number,
                align: Align::Right,
            },
            Col {
                title: w.used,
                width: number,
                align: Align::Right,
            },
            Col {
                title: w.left,
                width: number,
                align: Align::Right,
            },
        ];
        let mut rows = Vec::new();
        for p in &s.packages {
            let first = rows.len();
            if p.directions.is_empty() {
                rows.push(Row {
                    cells: vec![
                        String::new(),
                        String::new(),
                        w.package_total.to_string(),
                        hours(p.total_minutes),
                        hours(p.used_minutes),
                        hours(p.left_minutes),
                    ],
                    ..Row::default()
                });
            }
            for d in &p.directions {
                rows.push(Row {
                    cells: vec![
                        String::new(),
                        String::new(),
                        w.direction_name(&d.direction).to_string(),
                        hours(d.budget_minutes),
                        hours(d.used_minutes),
                        hours(d.left_minutes),
                    ],
                    ..Row::default()
                });
            }
            if p.directions.len() > 1 {
                rows.push(Row {
                    cells: vec![
                        String::new(),
                        String::new(),
                        w.package_total.to_string(),
                        hours(p.total_minutes),
                        hours(p.used_minutes),
                        hours(p.left_minutes),
                    ],
                    bold: true,
                    ..Row::default()
                });
            }
            if p.overage_minutes != 0 || p.overage_amount.is_some_and(|a| a != 0) {
                let money = match p.overage_amount {
                    Some(a) => format!("{} {}", w.overage_billed, amount(a, s.language)),
                    None => w.overage_not_billed.to_string(),
                };
                rows.push(Row {
                    cells: vec![
                        String::new(),
                        String::new(),
                        format!(
                            "{}: {} — {money}",
                            w.overage_label,
                            hours(p.overage_minutes)
                        ),
                    ],
                    bold: true,
                    span_from: Some(2),
                    ..Row::default()
                });
            }
            rows[first].cells[0] = p.name.clone();
            rows[first].cells[1] = p.period.clone();
            rows[first].group_keys = 2;
            if let Some(last) = rows.last_mut() {
                last.rule_below = true;
            }
        }
        self.table(&cols, &rows);
    }

    fn entries(&mut self) {
        let s = self.s;
        let w = self.w;
        self.section(w.entries, HEADER_H + HEADER_LINE + 3.0 * ROW_H);
        if s.entries.is_empty() {
            self.y += 12.0;
            self.text(Style::Regular, 9.0, LEFT, self.y, MUTED, w.no_entries);
            self.y += 10.0;
            self.drafts_note();
            return;
        }
        let number = 46.0;
        let fixed = [57.0, 54.0, 80.0, 68.0];
        let subject = RIGHT - LEFT - fixed.iter().sum::<f32>() - 3.0 * number;
        let col = |title, width, align| Col {
            title,
            width,
            align,
        };
        let cols = [
            col(w.date, fixed[0], Align::Left),
            col(w.ticket, fixed[1], Align::Left),
            col(w.subject, subject, Align::Left),
            col(w.engineer, fixed[2], Align::Left),
            col(w.work_type, fixed[3], Align::Left),
            col(w.billable, number, Align::Right),
            col(w.covered, number, Align::Right),
            col(w.overage, number, Align::Right),
        ];
        let mut rows: Vec<Row> = s
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| Row {
                cells: vec![
                    e.date.clone(),
                    e.ticket_number.clone(),
                    if e.is_draft() {
                        w.draft_subject(&e.ticket_subject)
                    } else {
                        e.ticket_subject.clone()
                    },
                    e.engineer.clone(),
                    e.work_type.clone(),
                    hours(e.billable_minutes),
                    hours(e.covered_minutes),
                    hours(e.overage_minutes),
                ],
                stripe: i % 2 == 1,
                ..Row::default()
            })
            .collect();
        let t = Sums::of(s);
        rows.push(Row {
            cells: vec![
                String::new(),
                String::new(),
                w.total.to_string(),
                String::new(),
                String::new(),
                hours(t.billable),
                hours(t.covered),
                hours(t.overage),
            ],
            bold: true,
            rule_above: true,
            ..Row::default()
        });
        self.table(&cols, &rows);
        self.drafts_note();
    }

    /// Under the entries: what a draft mark means, or that drafts were left out.
    fn drafts_note(&mut self) {
        let note = if self.s.drafts_left_out {
            self.w.drafts_left_out
        } else if self.s.entries.iter().any(EntryLine::is_draft) {
            self.w.drafts_note
        } else {
            return;
        };
        self.ensure(16.0);
        self.y += 12.0;
        self.text(Style::Regular, 8.5, LEFT, self.y, MUTED, note);
        self.y += 4.0;
    }

    /// The period's sums, after the tables.
    fn totals(&mut self) {
        let s = self.s;
        let w = self.w;
        let t = Sums::of(s);
        let mut facts = vec![
            (w.entry_count, s.entries.len().to_string()),
            (w.actual_time, hours(t.actual)),
            (w.billable_time, hours(t.billable)),
            (w.covered_time, hours(t.covered)),
            (w.overage_time, hours(t.overage)),
        ];
        let billed = s.packages.iter().filter_map(|p| p.overage_amount);
        if s.packages.iter().any(|p| p.overage_amount.is_some()) {
            let sum = billed.fold(0i64, i64::saturating_add);
            facts.push((w.overage_amount, amount(sum, s.language)));
        }
        let line = 15.0;
        self.section(w.totals, 8.0 + line * facts.len() as f32);
        self.y += 18.0;
        let value_right = LEFT + 300.0;
        for (label, value) in facts {
            self.text(Style::Regular, 10.0, LEFT, self.y, INK, label);
            self.text_right(Style::Bold, 10.0, value_right, self.y, INK, &value);
            self.push(Op::Rule {
                x1: LEFT,
                x2: value_right,
                y: self.y + 4.5,
                width: 0.4,
                gray: HAIRLINE,
            });
            self.y += line;
        }
    }

    /// A table at the current position, breaking pages between rows with the header again.
    fn table(&mut self, cols: &[Col], rows: &[Row]) {
        let titles: Vec<Vec<String>> = cols
            .iter()
            .map(|c| {
                let room = c.width - 2.0 * PAD;
                self.fonts
                    .get(Style::Bold)
                    .wrap(c.title, HEADER_SIZE, room, 2)
            })
            .collect();
        let lines = titles.iter().map(Vec::len).max().unwrap_or(1);
        let height = HEADER_H + (lines - 1) as f32 * HEADER_LINE;
        self.ensure(height + ROW_H);
        self.table_header(cols, &titles, height);
        let mut group: Option<&Row> = None;
        for row in rows {
            if row.group_keys > 0 {
                group = Some(row);
            }
            if !self.ensure(ROW_H) {
                self.table_row(cols, row);
                continue;
            }
            self.table_header(cols, &titles, height);
            match group {
                Some(head) if row.group_keys == 0 => {
                    let mut row = row.clone();
                    for (cell, key) in row.cells.iter_mut().zip(&head.cells).take(head.group_keys) {
                        cell.clone_from(key);
                    }
                    self.table_row(cols, &row);
                }
                _ => self.table_row(cols, row),
            }
        }
    }

    /// The column titles, bottom-aligned in a shaded band `height` tall.
    fn table_header(&mut self, cols: &[Col], titles: &[Vec<String>], height: f32) {
        let width: f32 = cols.iter().map(|c| c.width).sum();
        self.push(Op::Fill {
            x: LEFT,
            y: self.y,
            w: width,
            h: height,
            gray: HEADER_FILL,
        });
        let last = self.y + height - HEADER_H + baseline_in(HEADER_H, HEADER_SIZE);
        let mut x = LEFT;
        for (c, lines) in cols.iter().zip(titles) {
            let mut baseline = last - (lines.len() - 1) as f32 * HEADER_LINE;
            for line in lines {
                let (style, size) = (Style::Bold, HEADER_SIZE);
                match c.align {
                    Align::Left => self.text(style, size, x + PAD, baseline, INK, line),
                    Align::Right => {
                        self.text_right(style, size, x + c.width - PAD, baseline, INK, line)
                    }
                }
                baseline += HEADER_LINE;
            }
            x += c.width;
        }
        self.y += height;
    }

    fn table_row(&mut self, cols: &[Col], row: &Row) {
        let width: f32 = cols.iter().map(|c| c.width).sum();
        if row.stripe {
            self.push(Op::Fill {
                x: LEFT,
                y: self.y,
                w: width,
                h: ROW_H,
                gray: STRIPE_FILL,
            });
        }
        if row.rule_above {
            self.push(Op::Rule {
                x1: LEFT,
                x2: LEFT + width,
                y: self.y,
                width: 0.8,
                gray: INK,
            });
        }
        let style = if row.bold {
            Style::Bold
        } else {
            Style::Regular
        };
        let baseline = self.y + baseline_in(ROW_H, CELL_SIZE);
        let mut x = LEFT;
        for (i, (c, text)) in cols.iter().zip(&row.cells).enumerate() {
            if row.span_from == Some(i) {
                let rest = LEFT + width - x;
                self.cell(style, x, rest, Align::Left, baseline, INK, text);
                break;
            }
            self.cell(style, x, c.width, c.align, baseline, INK, text);
            x += c.width;
        }
        self.y += ROW_H;
        if row.rule_below {
            self.push(Op::Rule {
                x1: LEFT,
                x2: LEFT + width,
                y: self.y,
                width: 0.5,
                gray: HAIRLINE,
            });
        }
    }

    /// One cell's text, cut to the cell's width.
    #[allow(clippy::too_many_arguments)]
    fn cell(
        &mut self,
        style: Style,
        x: f32,
        width: f32,
        align: Align,
        baseline: f32,
        gray: f32,
        text: &str,
    ) {
        let text = self
            .fonts
            .get(style)
            .fit(&clean(text), CELL_SIZE, width - 2.0 * PAD);
        match align {
            Align::Left => self.text(style, CELL_SIZE, x + PAD, baseline, gray, &text),
            Align::Right => {
                self.text_right(style, CELL_SIZE, x + width - PAD, baseline, gray, &text)
            }
        }
    }

    /// The pages with their footers, now that their count is known.
    fn finish(mut self) -> Vec<Vec<Op>> {
        let count = self.pages.len();
        let s = self.s;
        let left = format!("{} · {} · {}", s.provider, s.client_code, period(s));
        for n in 1..=count {
            let page = self.w.page_of(n, count);
            let room = RIGHT - LEFT - self.width(Style::Regular, 8.0, &page) - 16.0;
            let left = self.fonts.get(Style::Regular).fit(&clean(&left), 8.0, room);
            self.current = n - 1;
            self.rule(FOOTER - 12.0, 0.5, HAIRLINE);
            self.text(Style::Regular, 8.0, LEFT, FOOTER, MUTED, &left);
            self.text_right(Style::Regular, 8.0, RIGHT, FOOTER, MUTED, &page);
        }
        self.pages
    }
}

/// The sums over the entries.
#[derive(Debug, Default)]
struct Sums {
    actual: i64,
    billable: i64,
    covered: i64,
    overage: i64,
}

impl Sums {
    fn of(s: &Statement) -> Sums {
        s.entries.iter().fold(Sums::default(), |t, e| Sums {
            actual: t.actual.saturating_add(e.actual_minutes),
            billable: t.billable.saturating_add(e.billable_minutes),
            covered: t.covered.saturating_add(e.covered_minutes),
            overage: t.overage.saturating_add(e.overage_minutes),
        })
    }
}

fn period(s: &Statement) -> String {
    format!("{} – {}", s.period_start, s.period_end)
}

/// Text for one line: control characters (newlines, tabs) become spaces, runs of spaces one.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_control() { ' ' } else { c };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out
}

/// The baseline, from a box's top, that centres capitals of `size` in a box `height` tall.
fn baseline_in(height: f32, size: f32) -> f32 {
    height / 2.0 + 0.36 * size
}

/// The glyphs one font uses, numbered for the subset, and the text each stands for.
#[derive(Debug)]
struct Used {
    remapper: GlyphRemapper,
    unicode: BTreeMap<u16, char>,
}

fn write(fonts: &Fonts, s: &Statement, pages: Vec<Vec<Op>>) -> Result<Vec<u8>, ReportError> {
    let mut used: Vec<Used> = Style::ALL
        .iter()
        .map(|_| Used {
            remapper: GlyphRemapper::new(),
            unicode: BTreeMap::new(),
        })
        .collect();
    let font_names = [Name(b"F1"), Name(b"F2")];

    // The page contents, with text as two-byte glyph numbers of the subsets.
    let mut contents = Vec::with_capacity(pages.len());
    for page in &pages {
        let mut c = Content::new();
        for op in page {
            match op {
                Op::Text {
                    style,
                    size,
                    x,
                    y,
                    gray,
                    text,
                } => {
                    let font = fonts.get(*style);
                    let u = &mut used[style.index()];
                    let mut bytes = Vec::with_capacity(text.len() * 2);
                    for ch in text.chars() {
                        let glyph = u.remapper.remap(font.glyph(ch));
                        u.unicode.entry(glyph).or_insert(ch);
                        bytes.extend_from_slice(&glyph.to_be_bytes());
                    }
                    c.set_fill_gray(*gray);
                    c.begin_text();
                    c.set_font(font_names[style.index()], *size);
                    c.next_line(*x, PAGE_H - *y);
                    c.show(Str(&bytes));
                    c.end_text();
                }
                Op::Rule {
                    x1,
                    x2,
                    y,
                    width,
                    gray,
                } => {
                    c.set_stroke_gray(*gray);
                    c.set_line_width(*width);
                    c.move_to(*x1, PAGE_H - *y);
                    c.line_to(*x2, PAGE_H - *y);
                    c.stroke();
                }
                Op::Fill { x, y, w, h, gray } => {
                    c.set_fill_gray(*gray);
                    c.rect(*x, PAGE_H - *y - *h, *w, *h);
                    c.fill_nonzero();
                }
            }
        }
        contents.push(c.finish());
    }

    let mut next = 0;
    let mut alloc = || {
        next += 1;
        Ref::new(next)
    };
    let catalog_id = alloc();
    let tree_id = alloc();
    let info_id = alloc();
    let font_ids: Vec<[Ref; 5]> = Style::ALL
        .iter()
        .map(|_| [alloc(), alloc(), alloc(), alloc(), alloc()])
        .collect();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();

    let mut pdf = Pdf::new();
    let lang = match s.language {
        crate::Language::En => "en",
        crate::Language::Ru => "ru",
    };
    pdf.catalog(catalog_id).pages(tree_id).lang(TextStr(lang));
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|(page, _)| *page))
        .count(page_ids.len() as i32);

    for ((page_id, content_id), content) in page_ids.iter().zip(&contents) {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        page.parent(tree_id);
        page.contents(*content_id);
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        for (style, name) in Style::ALL.iter().zip(font_names) {
            font_dict.pair(name, font_ids[style.index()][0]);
        }
        font_dict.finish();
        resources.finish();
        page.finish();
        pdf.stream(*content_id, &deflate(content))
            .filter(Filter::FlateDecode);
    }

    for style in Style::ALL {
        let font = fonts.get(style);
        let u = &used[style.index()];
        let [type0_id, cid_id, descriptor_id, file_id, cmap_id] = font_ids[style.index()];
        let subset =
            subsetter::subset(font.data, 0, &u.remapper).map_err(|e| ReportError::FontSubset {
                font: font.name,
                reason: e.to_string(),
            })?;
        let base = format!("{}+{}", subset_tag(&u.remapper), font.name);
        let base = Name(base.as_bytes());
        let system = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };

        pdf.type0_font(type0_id)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_id)
            .to_unicode(cmap_id);

        let mut cid = pdf.cid_font(cid_id);
        cid.subtype(CidFontType::Type2)
            .base_font(base)
            .system_info(system)
            .font_descriptor(descriptor_id)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        let widths: Vec<f32> = u
            .remapper
            .remapped_gids()
            .map(|old| font.advance(old).round())
            .collect();
        cid.widths().consecutive(0, widths);
        cid.finish();

        let face = &font.face;
        let bbox = face.global_bounding_box();
        let mut flags = FontFlags::SYMBOLIC;
        if style == Style::Bold {
            flags |= FontFlags::FORCE_BOLD;
        }
        pdf.font_descriptor(descriptor_id)
            .name(base)
            .flags(flags)
            .bbox(Rect::new(
                font.to_pdf(bbox.x_min),
                font.to_pdf(bbox.y_min),
                font.to_pdf(bbox.x_max),
                font.to_pdf(bbox.y_max),
            ))
            .italic_angle(face.italic_angle())
            .ascent(font.to_pdf(face.ascender()))
            .descent(font.to_pdf(face.descender()))
            .cap_height(font.to_pdf(face.capital_height().unwrap_or(face.ascender())))
            .stem_v(if style == Style::Bold { 140.0 } else { 80.0 })
            .font_file2(file_id);

        pdf.stream(file_id, &deflate(&subset))
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), subset.len() as i32);

        let mut cmap = UnicodeCmap::new(Name(b"Custom"), system);
        for (glyph, ch) in &u.unicode {
            cmap.pair(*glyph, *ch);
        }
        pdf.stream(cmap_id, &deflate(&cmap.finish()))
            .filter(Filter::FlateDecode);
    }

    let title = format!(
        "{} — {} {}",
        Words::of(s.language).title,
        s.client_code,
        period(s)
    );
    let mut info = pdf.document_info(info_id);
    info.title(TextStr(&title))
        .author(TextStr(&s.provider))
        .creator(TextStr("Switchboard"))
        .producer(TextStr("Switchboard sb-report"));
    if let Some(date) = pdf_date(&s.generated_on) {
        info.creation_date(date);
    }
    info.finish();

    Ok(pdf.finish())
}

fn deflate(data: &[u8]) -> Vec<u8> {
    compress_to_vec_zlib(data, 6)
}

/// The six capital letters before a subset font's name, from the glyphs it holds.
fn subset_tag(remapper: &GlyphRemapper) -> String {
    // FNV-1a over the glyph numbers: the same glyphs give the same tag.
    let mut hash: u32 = 0x811c_9dc5;
    for glyph in remapper.remapped_gids() {
        for byte in glyph.to_be_bytes() {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (hash % 26) as u8);
            hash /= 26;
            letter
        })
        .collect()
}

/// `YYYY-MM-DD` as a PDF date; `None` for anything else.
fn pdf_date(day: &str) -> Option<Date> {
    let mut parts = day.trim().splitn(3, '-');
    let year: u16 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| Date::new(year).month(month).day(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_one_line() {
        assert_eq!(clean("Printer\nbroken\t again  "), "Printer broken again");
        assert_eq!(clean("\r\n"), "");
    }

    #[test]
    fn only_real_days_become_pdf_dates() {
        assert!(pdf_date("2026-12-01").is_some());
        assert!(pdf_date("2026-13-01").is_none());
        assert!(pdf_date("1 December").is_none());
    }

    #[test]
    fn subset_tags_are_six_capitals() {
        let tag = subset_tag(&GlyphRemapper::new_from_glyphs(&[3, 40, 41]));
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()));
    }
}
