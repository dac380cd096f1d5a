//! Renders a receipt document to a 1-bit image with cosmic-text, so Lao (and any script the
//! embedded fonts cover) is shaped properly: printers have no Lao code page.
//! Only the fonts embedded in the binary are used; the system's fonts are never consulted.

use super::receipt::{Block, ReceiptDoc, Size};
use cosmic_text::{
    Align, Attrs, Buffer, Color, Family, FontSystem, Metrics, Shaping, SwashCache, Weight,
};

/// The till's own font family: Noto Sans and Noto Sans Lao merged (assets/fonts/make-mekong-sans.py).
pub const MEKONG_SANS: &[u8] = include_bytes!("../../assets/fonts/MekongSans-Regular.ttf");
pub const MEKONG_SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/MekongSans-Bold.ttf");

/// A 1-bit image, rows packed 8 dots per byte, most significant bit leftmost, 1 = black:
/// the layout ESC/POS raster commands use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    width: u32,
    height: u32,
    bits: Vec<u8>,
}

impl Bitmap {
    pub fn new(width: u32, height: u32) -> Bitmap {
        Bitmap {
            width,
            height,
            bits: vec![0; (width.div_ceil(8) * height) as usize],
        }
    }
    pub fn from_packed(width: u32, height: u32, bits: Vec<u8>) -> Option<Bitmap> {
        (bits.len() == (width.div_ceil(8) * height) as usize).then_some(Bitmap {
            width,
            height,
            bits,
        })
    }
    pub fn width(&self) -> u32 {
        self.width
    }
    pub fn height(&self) -> u32 {
        self.height
    }
    pub fn row_bytes(&self) -> u32 {
        self.width.div_ceil(8)
    }
    pub fn packed(&self) -> &[u8] {
        &self.bits
    }
    pub fn get(&self, x: u32, y: u32) -> bool {
        let i = (y * self.row_bytes() + x / 8) as usize;
        self.bits[i] & (0x80 >> (x % 8)) != 0
    }
    fn set(&mut self, x: u32, y: u32) {
        let i = (y * self.row_bytes() + x / 8) as usize;
        self.bits[i] |= 0x80 >> (x % 8);
    }
    /// Rows `from..to` as their own bitmap (for printing in bands).
    pub fn rows(&self, from: u32, to: u32) -> Bitmap {
        let rb = self.row_bytes() as usize;
        Bitmap {
            width: self.width,
            height: to - from,
            bits: self.bits[from as usize * rb..to as usize * rb].to_vec(),
        }
    }
    /// Does any black dot fall in this rectangle?
    pub fn any_black(&self, x0: u32, y0: u32, x1: u32, y1: u32) -> bool {
        (y0..y1.min(self.height)).any(|y| (x0..x1.min(self.width)).any(|x| self.get(x, y)))
    }
}

pub struct Rasterizer {
    fonts: FontSystem,
    cache: SwashCache,
    width: u32,
}

const MARGIN: u32 = 8;
/// Dots per QR module, and the quiet zone around a QR code in modules.
const QR_DOT: u32 = 5;
const QR_QUIET: u32 = 4;

fn metrics(size: Size) -> Metrics {
    match size {
        Size::Small => Metrics::new(22.0, 32.0),
        Size::Normal => Metrics::new(26.0, 38.0),
        Size::Large => Metrics::new(34.0, 48.0),
    }
}

impl Rasterizer {
    /// A renderer for paper `width` dots wide (576 for 80 mm, 384 for 58 mm).
    pub fn new(width: u32) -> Rasterizer {
        let mut db = cosmic_text::fontdb::Database::new();
        for font in [MEKONG_SANS, MEKONG_SANS_BOLD] {
            db.load_font_data(font.to_vec());
        }
        db.set_sans_serif_family("Mekong Sans");
        let fonts = FontSystem::new_with_locale_and_db("lo-LA".into(), db);
        Rasterizer {
            fonts,
            cache: SwashCache::new(),
            width,
        }
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn render(&mut self, doc: &ReceiptDoc) -> Bitmap {
        // Lay out first to learn the height, then paint into a bitmap of exactly that size.
        let mut ops: Vec<(Buffer, u32, u32)> = Vec::new();
        let mut y = MARGIN;
        let inner = self.width - 2 * MARGIN;
        let mut rules = Vec::new();
        let mut qrs = Vec::new();
        for block in &doc.blocks {
            match block {
                Block::Gap(h) => y += h,
                Block::Qr(data) => {
                    // A text that cannot be a QR code (too long) is left off rather than
                    // stopping the receipt.
                    if let Ok(code) =
                        qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M)
                    {
                        let side = (code.width() as u32 + 2 * QR_QUIET) * QR_DOT;
                        qrs.push((code, self.width.saturating_sub(side) / 2, y));
                        y += side;
                    }
                }
                Block::Rule => {
                    rules.push(y + 6);
                    y += 14;
                }
                Block::Centre { text, size, bold } => {
                    let buf = self.layout(text, *size, *bold, inner, Align::Center);
                    let h = buffer_height(&buf);
                    ops.push((buf, MARGIN, y));
                    y += h;
                }
                Block::Row {
                    left,
                    right,
                    size,
                    bold,
                    indent,
                } => {
                    let mut right_w = 0;
                    if !right.is_empty() {
                        let buf = self.layout(right, *size, *bold, inner - indent, Align::Right);
                        right_w = buf
                            .layout_runs()
                            .map(|r| r.line_w.ceil() as u32)
                            .max()
                            .unwrap_or(0);
                        ops.push((buf, MARGIN + indent, y));
                    }
                    let left_w = inner
                        .saturating_sub(indent + right_w + if right_w > 0 { 16 } else { 0 })
                        .max(64);
                    let buf = self.layout(left, *size, *bold, left_w, Align::Left);
                    let h = buffer_height(&buf);
                    ops.push((buf, MARGIN + indent, y));
                    y += h;
                }
            }
        }
        // Printers take raster bands in whole bytes of height: keep it a multiple of 8.
        let height = (y + MARGIN).next_multiple_of(8);
        let mut gray = vec![0u8; (self.width * height) as usize];
        let width = self.width;
        for (buf, ox, oy) in &ops {
            buf.draw(
                &mut self.fonts,
                &mut self.cache,
                Color::rgb(0, 0, 0),
                |x, y, w, h, c| {
                    let a = c.a();
                    if a == 0 {
                        return;
                    }
                    for dy in 0..h as i32 {
                        for dx in 0..w as i32 {
                            let px = *ox as i32 + x + dx;
                            let py = *oy as i32 + y + dy;
                            if px >= 0 && py >= 0 && (px as u32) < width && (py as u32) < height {
                                let p = &mut gray[(py as u32 * width + px as u32) as usize];
                                *p = (*p).max(a);
                            }
                        }
                    }
                },
            );
        }
        let mut bmp = Bitmap::new(self.width, height);
        for (i, a) in gray.iter().enumerate() {
            // Thermal paper has no grey: coverage of half or more prints a dot.
            if *a >= 128 {
                bmp.set(i as u32 % width, i as u32 / width);
            }
        }
        for (code, x0, y0) in qrs {
            let n = code.width() as u32;
            for (i, colour) in code.to_colors().into_iter().enumerate() {
                if colour == qrcode::Color::Dark {
                    let (mx, my) = (i as u32 % n + QR_QUIET, i as u32 / n + QR_QUIET);
                    for dy in 0..QR_DOT {
                        for dx in 0..QR_DOT {
                            bmp.set(x0 + mx * QR_DOT + dx, y0 + my * QR_DOT + dy);
                        }
                    }
                }
            }
        }
        for ry in rules {
            for x in MARGIN..self.width - MARGIN {
                bmp.set(x, ry);
                bmp.set(x, ry + 1);
            }
        }
        bmp
    }

    fn layout(&mut self, text: &str, size: Size, bold: bool, width: u32, align: Align) -> Buffer {
        let mut buf = Buffer::new(&mut self.fonts, metrics(size));
        buf.set_size(&mut self.fonts, Some(width as f32), None);
        let attrs = Attrs::new().family(Family::SansSerif).weight(if bold {
            Weight::BOLD
        } else {
            Weight::NORMAL
        });
        buf.set_text(
            &mut self.fonts,
            text,
            &attrs,
            Shaping::Advanced,
            Some(align),
        );
        buf.shape_until_scroll(&mut self.fonts, false);
        buf
    }
}

fn buffer_height(buf: &Buffer) -> u32 {
    let lines = buf.layout_runs().count().max(1) as f32;
    (lines * buf.metrics().line_height).ceil() as u32
}
