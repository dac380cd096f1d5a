//! A printer seen as a device file: `/dev/usb/lp0` (Linux usblp) or a serial port set up by
//! the system. Bytes are written and flushed; such devices rarely answer status requests, so
//! none are asked and a printer without paper is only noticed by the person at the till.

use super::status::{DrawerPin, drawer_kick};
use super::{PrintError, PrintedReceipt, Printer};
use std::io::Write;
use std::path::PathBuf;

pub struct DevicePrinter {
    path: PathBuf,
}

impl DevicePrinter {
    pub fn new(path: impl Into<PathBuf>) -> DevicePrinter {
        DevicePrinter { path: path.into() }
    }

    fn send(&self, bytes: &[u8]) -> Result<(), PrintError> {
        let unreachable = |e: std::io::Error| PrintError::Unreachable {
            printer: self.name(),
            why: e.to_string(),
        };
        // Never create the file: a missing device means an unplugged printer, not a new file.
        // Append, so that a plain file standing in for the device keeps every job.
        let mut device = std::fs::OpenOptions::new()
            .append(true)
            .open(&self.path)
            .map_err(unreachable)?;
        device
            .write_all(bytes)
            .and_then(|_| device.flush())
            .map_err(unreachable)
    }
}

impl Printer for DevicePrinter {
    fn name(&self) -> String {
        format!("printer {}", self.path.display())
    }
    fn print(&mut self, receipt: &PrintedReceipt) -> Result<(), PrintError> {
        self.send(&receipt.escpos)
    }
    fn open_drawer(&mut self, pin: DrawerPin) -> Result<(), PrintError> {
        self.send(&drawer_kick(pin))
    }
}
