//! The skills certificate: one or more A4 pages in Lao and English, as a PDF with its font
//! embedded (Mekong Sans: Noto Sans and Noto Sans Lao in one family). krilla writes the PDF
//! and shapes each run of text with rustybuzz, so Lao vowels and tone marks stack as they
//! should, and keeps the text extractable (an employer can copy it, a test can read it back).
//! Lines are laid out here: each is split into runs of one script, measured, and shrunk to
//! fit its width when it is too long (Lao has no spaces to break at).

use crate::domain::menu::Name;
use chrono::NaiveDate;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/MekongSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/MekongSans-Bold.ttf");

/// A4 in points, and the margin.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// What a certificate says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub cafe: String,
    pub address: String,
    /// The name she chose to have printed.
    pub name: String,
    pub track: Name,
    /// From the start of her programme (or her first evidence) to the day it was issued.
    pub from: NaiveDate,
    pub issued: NaiveDate,
    /// Hours she worked at the café by the time clock, whole hours.
    pub hours: i64,
    /// Each signed-off competency: its level's name, its title, the day it was signed off.
    pub competencies: Vec<Certified>,
    /// The code the café can look up to confirm the certificate (`mekong certificate
    /// --check CODE`).
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certified {
    pub level: Name,
    pub title: Name,
    pub signed_on: NaiveDate,
}

#[derive(Debug, thiserror::Error)]
pub enum CertificateError {
    #[error("the certificate could not be written as PDF: {0}")]
    Pdf(String),
}

/// Renders the certificate as PDF bytes.
pub fn certificate_pdf(c: &Certificate) -> Result<Vec<u8>, CertificateError> {
    let fonts = Fonts::get()?;
    let mut document = Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(format!("Skills certificate: {}", c.name))
            .creator("Mekong Till".into())
            .language("lo".into()),
    );
    let mut pages = Pages::new(&mut document, fonts);
    pages.heading(c);
    let mut level: Option<&Name> = None;
    for k in &c.competencies {
        if level != Some(&k.level) {
            pages.need(60.0);
            pages.gap(8.0);
            pages.line(&fonts.bold, 12.5, &pair(&k.level), DARK);
            pages.rule();
            level = Some(&k.level);
        }
        pages.need(34.0);
        pages.competency(k);
    }
    if c.competencies.is_empty() {
        pages.gap(10.0);
        pages.line(
            &fonts.regular,
            11.0,
            "No competency signed off yet · ຍັງບໍ່ມີທັກສະທີ່ໄດ້ຮັບການຢັ້ງຢືນ",
            DARK,
        );
    }
    pages.footer(c);
    pages.finish();
    document
        .finish()
        .map_err(|e| CertificateError::Pdf(format!("{e:?}")))
}

/// Colours as red, green, blue.
type Rgb = (u8, u8, u8);
const DARK: Rgb = (30, 30, 30);
const GREY: Rgb = (100, 100, 100);
const ACCENT: Rgb = (0, 96, 100);

fn rgb_of((r, g, b): Rgb) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

/// "English · ລາວ", or the one of them when both say the same.
fn pair(n: &Name) -> String {
    if n.en == n.lo || n.lo.is_empty() {
        n.en.clone()
    } else {
        format!("{} · {}", n.en, n.lo)
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The two weights, for krilla to draw and for rustybuzz to measure.
struct Fonts {
    regular: Face,
    bold: Face,
}

struct Face {
    font: Font,
    shaper: rustybuzz::Face<'static>,
}

impl Fonts {
    /// The embedded fonts, read once for the till's run (checking a name and laying out
    /// pages both measure with them).
    fn get() -> Result<&'static Fonts, CertificateError> {
        static FONTS: std::sync::OnceLock<Option<Fonts>> = std::sync::OnceLock::new();
        FONTS
            .get_or_init(|| Fonts::new().ok())
            .as_ref()
            .ok_or_else(|| CertificateError::Pdf("the embedded font does not read".into()))
    }

    fn new() -> Result<Fonts, CertificateError> {
        let face = |data: &'static [u8]| {
            let font = Font::new(data.into(), 0);
            let shaper = rustybuzz::Face::from_slice(data, 0);
            font.zip(shaper)
                .map(|(font, shaper)| Face { font, shaper })
                .ok_or_else(|| CertificateError::Pdf("the embedded font does not read".into()))
        };
        Ok(Fonts {
            regular: face(REGULAR)?,
            bold: face(BOLD)?,
        })
    }
}

/// Whether a character is Lao (a run of text keeps to one script).
fn is_lao(c: char) -> bool {
    ('\u{0E80}'..='\u{0EFF}').contains(&c)
}

/// Splits a line into runs of one script; spaces, digits and punctuation stay with the run
/// they are in.
fn runs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut script: Option<bool> = None;
    for (i, c) in text.char_indices() {
        if !c.is_alphabetic() && !is_lao(c) {
            continue;
        }
        let lao = is_lao(c);
        match script {
            Some(s) if s != lao => {
                out.push(&text[start..i]);
                start = i;
                script = Some(lao);
            }
            None => script = Some(lao),
            _ => {}
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The width of a run in points at `size`, as rustybuzz shapes it.
fn width(face: &Face, size: f32, run: &str) -> f32 {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(run);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
    let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    units as f32 * size / (face.shaper.units_per_em().max(1)) as f32
}

/// The name's size, and how far it may shrink to fit the line.
const NAME_SIZE: f32 = 22.0;
const NAME_FLOOR: f32 = 0.35;

/// Whether `name` fits its line on the certificate, shrunk as far as it may be.
pub fn name_fits(name: &str) -> bool {
    let Ok(fonts) = Fonts::get() else {
        return false;
    };
    let w: f32 = runs(name)
        .iter()
        .map(|r| width(&fonts.bold, NAME_SIZE * NAME_FLOOR, r))
        .sum();
    w <= WIDTH - 2.0 * MARGIN
}

/// The first character of `text` a certificate cannot print: a control or format character
/// (bidi overrides, zero-width marks, line separators), or a letter the embedded font does
/// not have (Mekong Sans has Latin, Greek, Cyrillic, Vietnamese and Lao; not Thai, Chinese
/// or emoji).
pub fn unprintable(text: &str) -> Option<char> {
    let fonts = Fonts::get().ok()?;
    text.chars().find(|&c| {
        c.is_control()
            || matches!(c,
                '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
            || (!matches!(c, ' ' | '\u{00A0}')
                && (fonts.regular.shaper.glyph_index(c).is_none()
                    || fonts.bold.shaper.glyph_index(c).is_none()))
    })
}

/// Pages as they fill, top to bottom.
struct Pages<'a> {
    document: &'a mut Document,
    fonts: &'a Fonts,
    /// The page being written: its drawing commands, kept until it is full.
    page: Vec<Draw>,
    y: f32,
}

/// What is drawn on a page.
enum Draw {
    Text {
        x: f32,
        y: f32,
        bold: bool,
        size: f32,
        text: String,
        color: Rgb,
    },
    Rule {
        y: f32,
        color: Rgb,
        width: f32,
    },
}

impl<'a> Pages<'a> {
    fn new(document: &'a mut Document, fonts: &'a Fonts) -> Pages<'a> {
        Pages {
            document,
            fonts,
            page: Vec::new(),
            y: MARGIN,
        }
    }

    fn heading(&mut self, c: &Certificate) {
        let f = self.fonts;
        self.centred(&f.bold, 15.0, &c.cafe, ACCENT);
        if !c.address.is_empty() {
            self.centred(&f.regular, 9.5, &c.address, GREY);
        }
        self.gap(26.0);
        self.centred(&f.bold, 24.0, "Skills certificate", DARK);
        self.centred(&f.bold, 20.0, "ໃບຢັ້ງຢືນທັກສະ", DARK);
        self.gap(16.0);
        self.centred(
            &f.regular,
            11.0,
            "This certifies that · ໃບຢັ້ງຢືນນີ້ຮັບຮອງວ່າ",
            GREY,
        );
        self.gap(4.0);
        self.centred_down_to(&f.bold, NAME_SIZE, &c.name, DARK, NAME_FLOOR);
        self.gap(6.0);
        self.centred(
            &f.regular,
            11.0,
            &format!(
                "trained as {} · ໄດ້ຝຶກເປັນ {}",
                c.track.en.to_lowercase(),
                c.track.lo
            ),
            DARK,
        );
        self.centred(
            &f.regular,
            11.0,
            &format!("from {} to {}", date(c.from), date(c.issued)),
            DARK,
        );
        self.centred(
            &f.regular,
            11.0,
            &format!("{} hours at the café · {} ຊົ່ວໂມງທີ່ຮ້ານ", c.hours, c.hours),
            DARK,
        );
        self.gap(10.0);
        self.centred(
            &f.regular,
            11.0,
            "and was signed off on these competencies · ແລະ ໄດ້ຮັບການຢັ້ງຢືນທັກສະເຫຼົ່ານີ້",
            GREY,
        );
    }

    fn competency(&mut self, k: &Certified) {
        let f = self.fonts;
        let on = date(k.signed_on);
        let on_width = width(&f.regular, 10.0, &on);
        let title_width = WIDTH - 2.0 * MARGIN - on_width - 16.0;
        self.y += 15.0;
        let y = self.y;
        let (size, _) = fit(&f.bold, 11.0, &k.title.en, title_width, FLOOR);
        self.text_at(&f.bold, size, &k.title.en, MARGIN, y, DARK);
        self.text_at(&f.regular, 10.0, &on, WIDTH - MARGIN - on_width, y, GREY);
        if !k.title.lo.is_empty() && k.title.lo != k.title.en {
            self.y += 15.0;
            let y = self.y;
            let (size, _) = fit(&f.regular, 11.0, &k.title.lo, title_width, FLOOR);
            self.text_at(&f.regular, size, &k.title.lo, MARGIN, y, DARK);
        }
        self.y += 4.0;
    }

    fn footer(&mut self, c: &Certificate) {
        let f = self.fonts;
        self.need(70.0);
        self.gap(28.0);
        self.rule();
        self.line(
            &f.regular,
            9.5,
            &format!(
                "Verification code · ລະຫັດກວດສອບ: {}    Issued · ອອກໃຫ້ວັນທີ: {}",
                c.code,
                date(c.issued)
            ),
            GREY,
        );
        self.line(
            &f.regular,
            9.5,
            &format!(
                "{} can confirm this certificate from its code. · ຮ້ານສາມາດຢືນຢັນໃບຢັ້ງຢືນນີ້ດ້ວຍລະຫັດ.",
                c.cafe
            ),
            GREY,
        );
    }

    /// Starts a new page when fewer than `room` points are left on this one.
    fn need(&mut self, room: f32) {
        if self.y + room > HEIGHT - MARGIN {
            self.flush();
            self.y = MARGIN;
        }
    }

    fn gap(&mut self, by: f32) {
        self.y += by;
    }

    fn rule(&mut self) {
        self.y += 5.0;
        self.page.push(Draw::Rule {
            y: self.y,
            color: ACCENT,
            width: 0.8,
        });
        self.y += 2.0;
    }

    /// A line from the left margin, shrunk to fit if it must be.
    fn line(&mut self, face: &Face, size: f32, text: &str, color: Rgb) {
        self.need(size * 1.5);
        self.y += size * 1.45;
        let y = self.y;
        let (size, _) = fit(face, size, text, WIDTH - 2.0 * MARGIN, FLOOR);
        self.text_at(face, size, text, MARGIN, y, color);
    }

    /// A line centred between the margins, shrunk to fit if it must be.
    fn centred(&mut self, face: &Face, size: f32, text: &str, color: Rgb) {
        self.centred_down_to(face, size, text, color, FLOOR);
    }

    /// [`Pages::centred`], shrinking down to `floor` of `size`.
    fn centred_down_to(&mut self, face: &Face, size: f32, text: &str, color: Rgb, floor: f32) {
        self.need(size * 1.5);
        self.y += size * 1.45;
        let (size, w) = fit(face, size, text, WIDTH - 2.0 * MARGIN, floor);
        let y = self.y;
        self.text_at(
            face,
            size,
            text,
            ((WIDTH - w) / 2.0).max(MARGIN / 2.0),
            y,
            color,
        );
    }

    /// `text` at `size` with its baseline at (`x`, `y`), each run in its script after the one
    /// before.
    fn text_at(&mut self, face: &Face, size: f32, text: &str, x: f32, y: f32, color: Rgb) {
        let bold = std::ptr::eq(face, &self.fonts.bold);
        let mut x = x;
        for run in runs(text) {
            self.page.push(Draw::Text {
                x,
                y,
                bold,
                size,
                text: run.to_owned(),
                color,
            });
            x += width(face, size, run);
        }
    }

    /// Writes the page drawn so far.
    fn flush(&mut self) {
        let mut page = self
            .document
            .start_page_with(PageSettings::from_wh(WIDTH, HEIGHT).expect("A4 is a page size"));
        let mut surface = page.surface();
        frame(&mut surface);
        for d in self.page.drain(..) {
            match d {
                Draw::Text {
                    x,
                    y,
                    bold,
                    size,
                    text,
                    color,
                } => {
                    let face = if bold {
                        &self.fonts.bold
                    } else {
                        &self.fonts.regular
                    };
                    surface.set_fill(Some(fill(color)));
                    surface.draw_text(
                        Point::from_xy(x, y),
                        face.font.clone(),
                        size,
                        &text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Draw::Rule { y, color, width } => {
                    let mut path = PathBuilder::new();
                    path.move_to(MARGIN, y);
                    path.line_to(WIDTH - MARGIN, y);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: rgb_of(color).into(),
                            width,
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }

    fn finish(mut self) {
        self.flush();
    }
}

/// How far a line may shrink to fit: half its size.
const FLOOR: f32 = 0.5;

/// The size at which `text` fits `room` (never below `floor` of `size`), and its width then.
fn fit(face: &Face, size: f32, text: &str, room: f32, floor: f32) -> (f32, f32) {
    let w: f32 = runs(text).iter().map(|r| width(face, size, r)).sum();
    if w <= room || w == 0.0 {
        return (size, w);
    }
    let smaller = (size * room / w).max(size * floor);
    (smaller, w * smaller / size)
}

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: rgb_of(color).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// A thin frame inside the page's edge.
fn frame(surface: &mut Surface<'_>) {
    let inset = 24.0;
    let mut path = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(inset, inset, WIDTH - 2.0 * inset, HEIGHT - 2.0 * inset) {
        path.push_rect(rect);
    }
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb_of(ACCENT).into(),
            width: 1.5,
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_splits_into_runs_of_one_script() {
        assert_eq!(
            runs("Latte art · ລາເຕ້ ອາດ 3"),
            vec!["Latte art · ", "ລາເຕ້ ອາດ 3"]
        );
        assert_eq!(runs("12 ຊົ່ວໂມງ"), vec!["12 ຊົ່ວໂມງ"]);
        assert_eq!(runs(""), Vec::<&str>::new());
    }
}
