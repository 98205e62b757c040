//! The two embedded faces (DejaVu Sans and DejaVu Sans Bold) and text measuring.
//!
//! No shaping: one glyph per character, advances from `hmtx`, no kerning. Good enough for
//! Latin and Cyrillic in a table; a character the font lacks prints as its `.notdef` box.

use crate::ReportError;
use ttf_parser::{Face, GlyphId};

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Which face a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Regular,
    Bold,
}

impl Style {
    pub(crate) const ALL: [Style; 2] = [Style::Regular, Style::Bold];

    pub(crate) fn index(self) -> usize {
        match self {
            Style::Regular => 0,
            Style::Bold => 1,
        }
    }
}

/// One parsed face.
pub(crate) struct Font {
    /// The PostScript name, which the PDF prints after the subset tag.
    pub name: &'static str,
    pub data: &'static [u8],
    pub face: Face<'static>,
    /// Font units to thousandths of an em (PDF glyph space).
    scale: f32,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Font").field("name", &self.name).finish()
    }
}

impl Font {
    fn load(name: &'static str, data: &'static [u8]) -> Result<Font, ReportError> {
        let face = Face::parse(data, 0).map_err(|_| ReportError::FontParse(name))?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        Ok(Font {
            name,
            data,
            face,
            scale,
        })
    }

    /// The glyph for a character; `0` (`.notdef`) when the font has none.
    pub fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(0, |g| g.0)
    }

    /// A glyph's advance in thousandths of an em.
    pub fn advance(&self, glyph: u16) -> f32 {
        self.to_pdf(self.face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0))
    }

    /// Font units to thousandths of an em.
    pub fn to_pdf(&self, units: impl Into<f32>) -> f32 {
        units.into() * self.scale
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// `text` cut to fit `max` points at `size`, with an ellipsis where it was cut.
    pub fn fit(&self, text: &str, size: f32, max: f32) -> String {
        if self.width(text, size) <= max {
            return text.to_string();
        }
        let room = max - self.width("…", size);
        let mut used = 0.0;
        let mut out = String::new();
        for c in text.chars() {
            let w = self.advance(self.glyph(c)) * size / 1000.0;
            if used + w > room {
                break;
            }
            used += w;
            out.push(c);
        }
        let mut out = out.trim_end().to_string();
        out.push('…');
        out
    }

    /// `text` broken at spaces into at most `lines` lines of `max` points; a word longer than
    /// a line, or what does not fit in the last line, is cut with an ellipsis.
    pub fn wrap(&self, text: &str, size: f32, max: f32, lines: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut words = text.split(' ').filter(|w| !w.is_empty()).peekable();
        while let Some(word) = words.next() {
            if out.len() == lines.max(1) - 1 {
                // The last line takes the rest.
                let rest: Vec<&str> = std::iter::once(word).chain(words).collect();
                out.push(self.fit(&rest.join(" "), size, max));
                return out;
            }
            let mut line = word.to_string();
            while let Some(next) = words.peek() {
                let longer = format!("{line} {next}");
                if self.width(&longer, size) > max {
                    break;
                }
                line = longer;
                words.next();
            }
            out.push(self.fit(&line, size, max));
        }
        if out.is_empty() {
            out.push(String::new());
        }
        out
    }
}

/// Both faces, parsed once per document.
#[derive(Debug)]
pub(crate) struct Fonts {
    faces: [Font; 2],
}

impl Fonts {
    pub fn load() -> Result<Fonts, ReportError> {
        Ok(Fonts {
            faces: [
                Font::load("DejaVuSans", REGULAR)?,
                Font::load("DejaVuSans-Bold", BOLD)?,
            ],
        })
    }

    pub fn get(&self, style: Style) -> &Font {
        &self.faces[style.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_cover_latin_and_cyrillic() {
        let fonts = Fonts::load().unwrap();
        for style in Style::ALL {
            let font = fonts.get(style);
            for c in "AZaz09ЁёАЯая«»–…".chars() {
                assert_ne!(font.glyph(c), 0, "{} lacks {c}", font.name);
            }
        }
    }

    #[test]
    fn text_is_cut_with_an_ellipsis_to_fit() {
        let fonts = Fonts::load().unwrap();
        let font = fonts.get(Style::Regular);
        let long = "Принтер в бухгалтерии печатает пустые листы после обновления драйвера";
        assert_eq!(font.fit("short", 8.0, 100.0), "short");
        let cut = font.fit(long, 8.0, 100.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(font.width(&cut, 8.0) <= 100.0, "{cut}");
        assert!(cut.chars().count() > 10, "{cut}");
        assert_eq!(font.fit(long, 8.0, 1.0), "…");
    }

    #[test]
    fn text_wraps_at_spaces_into_the_lines_allowed() {
        let fonts = Fonts::load().unwrap();
        let font = fonts.get(Style::Regular);
        let long = "Принтер в бухгалтерии печатает пустые листы после обновления драйвера";
        assert_eq!(font.wrap("Из пакета", 8.0, 100.0, 2), ["Из пакета"]);
        assert_eq!(font.wrap("Из пакета", 8.0, 30.0, 2), ["Из", "пакета"]);
        assert_eq!(font.wrap("", 8.0, 30.0, 2), [""]);
        let two = font.wrap(long, 8.0, 100.0, 2);
        assert_eq!(two.len(), 2);
        assert!(
            two[0].starts_with("Принтер в") && !two[0].ends_with('…'),
            "{two:?}"
        );
        assert!(two[1].ends_with('…'), "{two:?}");
        let all = font.wrap(long, 8.0, 100.0, 10);
        assert_eq!(all.join(" "), long);
        assert!(all.iter().all(|l| font.width(l, 8.0) <= 100.0));
    }
}
