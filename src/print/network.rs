//! Printers that answer: on the network (raw TCP, port 9100 on Epson, Xprinter and Rongta), on
//! USB (the escpos crate's pure-Rust `nusb` driver, so no system libusb) and on a serial port
//! (the `serialport` crate, without libudev). Each job opens a
//! connection, asks the printer how it is, and sends only if it can print: bytes sent to a
//! printer without paper would come out later, unasked.

use super::status::{DrawerPin, PrinterStatus, drawer_kick, status_request};
use super::{PrintError, PrintedReceipt, Printer};
use escpos::driver::{Driver, NativeUsbDriver, NetworkDriver};
use std::net::ToSocketAddrs;
use std::time::Duration;

type Connect = Box<dyn Fn() -> Result<Box<dyn Driver + Send>, String> + Send>;

/// A printer reached through an escpos driver that can also read its answers.
pub struct AnsweringPrinter {
    name: String,
    connect: Connect,
    /// A connection to a printer that has just said it can print.
    ready: Option<Box<dyn Driver + Send>>,
}

/// A network printer at `address` (`host:port`, e.g. `192.168.1.50:9100`).
pub fn network_printer(address: &str, timeout: Duration) -> AnsweringPrinter {
    let address = address.to_owned();
    let target = address.clone();
    AnsweringPrinter {
        name: format!("network printer {address}"),
        connect: Box::new(move || {
            let addr = target
                .to_socket_addrs()
                .map_err(|e| e.to_string())?
                .next()
                .ok_or_else(|| "the address does not resolve".to_string())?;
            let driver = NetworkDriver::open(&addr.ip().to_string(), addr.port(), Some(timeout))
                .map_err(|e| e.to_string())?;
            Ok(Box::new(driver) as Box<dyn Driver + Send>)
        }),
        ready: None,
    }
}

/// A USB printer, found by its vendor and product ids.
pub fn usb_printer(vendor: u16, product: u16) -> AnsweringPrinter {
    AnsweringPrinter {
        name: format!("USB printer {vendor:04x}:{product:04x}"),
        connect: Box::new(move || {
            let driver = NativeUsbDriver::open(vendor, product).map_err(|e| e.to_string())?;
            Ok(Box::new(driver) as Box<dyn Driver + Send>)
        }),
        ready: None,
    }
}

/// A serial printer on `path` (e.g. `/dev/ttyUSB0`) at `baud` bits per second, 8N1.
pub fn serial_printer(path: &str, baud: u32, timeout: Duration) -> AnsweringPrinter {
    let path = path.to_owned();
    let name = format!("serial printer {path}");
    AnsweringPrinter {
        name: name.clone(),
        connect: Box::new(move || {
            let port = serialport::new(&path, baud)
                .timeout(timeout)
                .open()
                .map_err(|e| e.to_string())?;
            Ok(Box::new(SerialDriver {
                name: name.clone(),
                port: std::sync::Mutex::new(port),
            }) as Box<dyn Driver + Send>)
        }),
        ready: None,
    }
}

/// The escpos `Driver` for a serial port (the crate's own needs libudev to build).
struct SerialDriver {
    name: String,
    port: std::sync::Mutex<Box<dyn serialport::SerialPort>>,
}

impl Driver for SerialDriver {
    fn name(&self) -> String {
        self.name.clone()
    }
    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        use std::io::Write;
        let mut port = self
            .port
            .lock()
            .map_err(|_| escpos::errors::PrinterError::Io("port lock".into()))?;
        port.write_all(data)
            .map_err(|e| escpos::errors::PrinterError::Io(e.to_string()))
    }
    fn read(&self, buf: &mut [u8]) -> escpos::errors::Result<usize> {
        use std::io::Read;
        let mut port = self
            .port
            .lock()
            .map_err(|_| escpos::errors::PrinterError::Io("port lock".into()))?;
        port.read(buf)
            .map_err(|e| escpos::errors::PrinterError::Io(e.to_string()))
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        use std::io::Write;
        let mut port = self
            .port
            .lock()
            .map_err(|_| escpos::errors::PrinterError::Io("port lock".into()))?;
        port.flush()
            .map_err(|e| escpos::errors::PrinterError::Io(e.to_string()))
    }
}

impl AnsweringPrinter {
    fn unreachable(&self, why: impl Into<String>) -> PrintError {
        PrintError::Unreachable {
            printer: self.name.clone(),
            why: why.into(),
        }
    }

    fn connect(&self) -> Result<Box<dyn Driver + Send>, PrintError> {
        (self.connect)().map_err(|e| self.unreachable(e))
    }

    fn ask(&self, driver: &dyn Driver, n: u8) -> Result<u8, PrintError> {
        driver
            .write(&status_request(n))
            .map_err(|e| self.unreachable(e.to_string()))?;
        let mut answer = [0u8; 1];
        match driver.read(&mut answer) {
            Ok(1) => Ok(answer[0]),
            Ok(_) => Err(self.unreachable("the printer closed the connection")),
            Err(e) => Err(self.unreachable(format!("no status answer: {e}"))),
        }
    }

    fn ready_connection(&self) -> Result<Box<dyn Driver + Send>, PrintError> {
        let driver = self.connect()?;
        let status = PrinterStatus::from_answers(
            self.ask(driver.as_ref(), 1)?,
            self.ask(driver.as_ref(), 2)?,
            self.ask(driver.as_ref(), 4)?,
        );
        match status.not_ready() {
            Some(why) => Err(PrintError::NotReady {
                printer: self.name.clone(),
                why,
            }),
            None => Ok(driver),
        }
    }

    fn write(&self, driver: &dyn Driver, bytes: &[u8]) -> Result<(), PrintError> {
        driver
            .write(bytes)
            .and_then(|_| driver.flush())
            .map_err(|e| self.unreachable(e.to_string()))
    }
}

impl Printer for AnsweringPrinter {
    fn name(&self) -> String {
        self.name.clone()
    }
    fn prepare(&mut self) -> Result<(), PrintError> {
        self.ready = Some(self.ready_connection()?);
        Ok(())
    }
    /// Sends the page, then asks the printer's status once more: its answer comes after the
    /// whole page reached it. A failure after the first byte went is [`PrintError::Interrupted`]:
    /// the page may have printed.
    fn print(&mut self, receipt: &PrintedReceipt) -> Result<(), PrintError> {
        let driver = match self.ready.take() {
            Some(d) => d,
            None => self.ready_connection()?,
        };
        let interrupted = |e: PrintError| PrintError::Interrupted {
            printer: self.name.clone(),
            why: match e {
                PrintError::Unreachable { why, .. } => why,
                other => other.to_string(),
            },
        };
        self.write(driver.as_ref(), &receipt.escpos)
            .and_then(|()| self.ask(driver.as_ref(), 1).map(|_| ()))
            .map_err(interrupted)
    }
    /// The drawer opens whatever the paper: the cash has to go somewhere. Only a printer that
    /// cannot be reached keeps it shut.
    fn open_drawer(&mut self, pin: DrawerPin) -> Result<(), PrintError> {
        let driver = self.connect()?;
        self.write(driver.as_ref(), &drawer_kick(pin))
    }
}
