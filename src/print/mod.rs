//! Printing: a receipt document → 1-bit raster (cosmic-text) → PNG and ESC/POS bytes (escpos).
//! Printers sit behind the [`Printer`] trait; the default is the virtual printer that writes
//! files. Printing happens only after a sale is committed, and a failure never undoes a sale.

pub mod certificate;
pub mod device;
pub mod network;
pub mod raster;
pub mod receipt;
pub mod status;

use escpos::driver::Driver;
use escpos::printer::Printer as EscPrinter;
use escpos::utils::{BitImageOption, BitImageSize, Protocol};
use raster::{Bitmap, Rasterizer};
use receipt::ReceiptDoc;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("printer {printer}: cannot write {path}: {source}")]
    Io {
        printer: String,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot encode the receipt as ESC/POS: {0}")]
    Encode(String),
    #[error("cannot encode the receipt image: {0}")]
    Png(String),
    #[error("{printer} cannot be reached: {why}")]
    Unreachable { printer: String, why: String },
    #[error("{printer} is {why}")]
    NotReady {
        printer: String,
        why: status::NotReady,
    },
    #[error(
        "printing failed inside the till (a fault in the program, written in the log); the page is held until a manager decides"
    )]
    Fault,
    /// The printer took the start of the page, then stopped answering: it may have printed
    /// it, so it is not sent again unasked.
    #[error(
        "{printer} stopped answering while the page was going out ({why}): it may have printed"
    )]
    Interrupted { printer: String, why: String },
}

/// A receipt ready for any printer: the raster and its ESC/POS encoding.
#[derive(Debug, Clone)]
pub struct PrintedReceipt {
    pub number: String,
    pub raster: Bitmap,
    pub escpos: Vec<u8>,
}

impl PrintedReceipt {
    pub fn render(
        rasterizer: &mut Rasterizer,
        doc: &ReceiptDoc,
    ) -> Result<PrintedReceipt, PrintError> {
        let raster = rasterizer.render(doc);
        let escpos = escpos_bytes(&raster)?;
        Ok(PrintedReceipt {
            number: doc.number.clone(),
            raster,
            escpos,
        })
    }
}

pub trait Printer: Send {
    fn name(&self) -> String;
    /// Makes sure the printer can take a job now (for printers that can say so), before the
    /// job is marked as being sent. Printers that cannot tell answer yes.
    fn prepare(&mut self) -> Result<(), PrintError> {
        Ok(())
    }
    fn print(&mut self, receipt: &PrintedReceipt) -> Result<(), PrintError>;
    /// Fires the cash drawer wired to this printer. Printers without one do nothing.
    fn open_drawer(&mut self, pin: status::DrawerPin) -> Result<(), PrintError> {
        let _ = pin;
        Ok(())
    }
}

/// Writes `receipts/<number>.png` and `receipts/<number>.bin` under a directory, and adds the
/// number to `receipts/printed.log`: a later print of the same page overwrites its files, the
/// log keeps one line for each time it was printed.
pub const PRINTED_LOG: &str = "printed.log";

pub struct VirtualPrinter {
    dir: PathBuf,
}

impl VirtualPrinter {
    pub fn new(data_dir: &Path) -> VirtualPrinter {
        VirtualPrinter {
            dir: data_dir.join("receipts"),
        }
    }
}

impl Printer for VirtualPrinter {
    fn name(&self) -> String {
        format!("virtual printer ({})", self.dir.display())
    }
    fn print(&mut self, receipt: &PrintedReceipt) -> Result<(), PrintError> {
        let io = |path: &Path, source| PrintError::Io {
            printer: self.name(),
            path: path.to_owned(),
            source,
        };
        std::fs::create_dir_all(&self.dir).map_err(|e| io(&self.dir, e))?;
        let png = self.dir.join(format!("{}.png", receipt.number));
        std::fs::write(&png, png_bytes(&receipt.raster)?).map_err(|e| io(&png, e))?;
        let bin = self.dir.join(format!("{}.bin", receipt.number));
        std::fs::write(&bin, &receipt.escpos).map_err(|e| io(&bin, e))?;
        let log = self.dir.join(PRINTED_LOG);
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .and_then(|mut f| {
                std::io::Write::write_all(&mut f, format!("{}\n", receipt.number).as_bytes())
            })
            .map_err(|e| io(&log, e))?;
        Ok(())
    }
}

/// Keeps the ESC/POS bytes of everything printed, for tests and diagnostics.
#[derive(Clone, Default)]
pub struct RecordingPrinter {
    pub jobs: Arc<Mutex<Vec<PrintedReceipt>>>,
    pub drawer_kicks: Arc<Mutex<Vec<status::DrawerPin>>>,
}

impl Printer for RecordingPrinter {
    fn name(&self) -> String {
        "recording printer".into()
    }
    fn print(&mut self, receipt: &PrintedReceipt) -> Result<(), PrintError> {
        self.jobs
            .lock()
            .map_err(|_| PrintError::Encode("recorder poisoned".into()))?
            .push(receipt.clone());
        Ok(())
    }
    fn open_drawer(&mut self, pin: status::DrawerPin) -> Result<(), PrintError> {
        self.drawer_kicks
            .lock()
            .map_err(|_| PrintError::Encode("recorder poisoned".into()))?
            .push(pin);
        Ok(())
    }
}

/// A 1-bit greyscale PNG of the raster (black dots are 0, as PNG greyscale counts white up).
pub fn png_bytes(bmp: &Bitmap) -> Result<Vec<u8>, PrintError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, bmp.width(), bmp.height());
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::One);
        // 1-bit receipts compress well even with the fast setting, and this runs per print.
        enc.set_compression(png::Compression::Fast);
        let mut w = enc
            .write_header()
            .map_err(|e| PrintError::Png(e.to_string()))?;
        let inverted: Vec<u8> = bmp.packed().iter().map(|b| !b).collect();
        w.write_image_data(&inverted)
            .map_err(|e| PrintError::Png(e.to_string()))?;
    }
    Ok(out)
}

/// Reads back a PNG written by [`png_bytes`] (or any greyscale PNG: dark dots are black).
pub fn bitmap_from_png(bytes: &[u8]) -> Result<Bitmap, PrintError> {
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND);
    let mut reader = dec
        .read_info()
        .map_err(|e| PrintError::Png(e.to_string()))?;
    let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| PrintError::Png(e.to_string()))?;
    let channels = info.color_type.samples();
    let (w, h) = (info.width, info.height);
    let mut bits = vec![0u8; (w.div_ceil(8) * h) as usize];
    for y in 0..h {
        for x in 0..w {
            let v = buf[((y * w + x) as usize) * channels];
            if v < 128 {
                bits[(y * w.div_ceil(8) + x / 8) as usize] |= 0x80 >> (x % 8);
            }
        }
    }
    Bitmap::from_packed(w, h, bits).ok_or_else(|| PrintError::Png("size mismatch".into()))
}

/// Rows per raster command: small enough for printers with little buffer memory.
pub const BAND_ROWS: u32 = 256;

#[derive(Clone, Default)]
struct MemoryDriver(Rc<RefCell<Vec<u8>>>);

impl Driver for MemoryDriver {
    fn name(&self) -> String {
        "memory".into()
    }
    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(())
    }
    fn read(&self, _buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok(0)
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        Ok(())
    }
}

/// ESC/POS for a raster receipt: initialise, the image in `GS v 0` bands, feed, full cut.
pub fn escpos_bytes(bmp: &Bitmap) -> Result<Vec<u8>, PrintError> {
    let enc = |e: escpos::errors::PrinterError| PrintError::Encode(e.to_string());
    let driver = MemoryDriver::default();
    let mut p = EscPrinter::new(driver.clone(), Protocol::default(), None);
    p.init().map_err(enc)?;
    let mut y = 0;
    while y < bmp.height() {
        let end = (y + BAND_ROWS).min(bmp.height());
        let band = bmp.rows(y, end);
        // The crate fits images into max width × max height; the band's own size keeps 1:1.
        let fit = BitImageOption::new(
            Some(band.width()),
            Some(band.height()),
            BitImageSize::Normal,
        )
        .map_err(enc)?;
        p.bit_image_from_bytes_option(&png_bytes(&band)?, fit)
            .map_err(enc)?;
        y = end;
    }
    p.feeds(4).map_err(enc)?.print_cut().map_err(enc)?;
    let bytes = driver.0.borrow().clone();
    Ok(bytes)
}
