//! A receipt printer on the network (raw TCP, port 9100 on Epson, Xprinter and Rongta).
//! Each job opens a connection, asks the printer how it is, and sends only if it can print:
//! bytes sent to a printer without paper would come out later, unasked.

use super::status::{DrawerPin, PrinterStatus, drawer_kick, status_request};
use super::{PrintError, PrintedReceipt, Printer};
use escpos::driver::{Driver, NetworkDriver};
use std::net::ToSocketAddrs;
use std::time::Duration;

pub struct NetworkPrinter {
    address: String,
    timeout: Duration,
    /// A connection to a printer that has just said it can print.
    ready: Option<NetworkDriver>,
}

impl NetworkPrinter {
    /// `address` is `host:port`, e.g. `192.168.1.50:9100`.
    pub fn new(address: &str, timeout: Duration) -> NetworkPrinter {
        NetworkPrinter {
            address: address.to_owned(),
            timeout,
            ready: None,
        }
    }

    fn connect(&self) -> Result<NetworkDriver, PrintError> {
        let unreachable = |why: String| PrintError::Unreachable {
            printer: self.name(),
            why,
        };
        let addr = self
            .address
            .to_socket_addrs()
            .map_err(|e| unreachable(e.to_string()))?
            .next()
            .ok_or_else(|| unreachable("the address does not resolve".into()))?;
        NetworkDriver::open(&addr.ip().to_string(), addr.port(), Some(self.timeout))
            .map_err(|e| unreachable(e.to_string()))
    }

    fn ask(&self, driver: &NetworkDriver, n: u8) -> Result<u8, PrintError> {
        let unreachable = |why: String| PrintError::Unreachable {
            printer: self.name(),
            why,
        };
        driver
            .write(&status_request(n))
            .map_err(|e| unreachable(e.to_string()))?;
        let mut answer = [0u8; 1];
        match driver.read(&mut answer) {
            Ok(1) => Ok(answer[0]),
            Ok(_) => Err(unreachable("the printer closed the connection".into())),
            Err(e) => Err(unreachable(format!("no status answer: {e}"))),
        }
    }

    fn ready_connection(&self) -> Result<NetworkDriver, PrintError> {
        let driver = self.connect()?;
        let status = PrinterStatus::from_answers(
            self.ask(&driver, 1)?,
            self.ask(&driver, 2)?,
            self.ask(&driver, 4)?,
        );
        match status.not_ready() {
            Some(why) => Err(PrintError::NotReady {
                printer: self.name(),
                why,
            }),
            None => Ok(driver),
        }
    }

    fn send(&mut self, bytes: &[u8]) -> Result<(), PrintError> {
        let driver = match self.ready.take() {
            Some(d) => d,
            None => self.ready_connection()?,
        };
        driver
            .write(bytes)
            .and_then(|_| driver.flush())
            .map_err(|e| PrintError::Unreachable {
                printer: self.name(),
                why: e.to_string(),
            })
    }
}

impl Printer for NetworkPrinter {
    fn name(&self) -> String {
        format!("network printer {}", self.address)
    }
    fn prepare(&mut self) -> Result<(), PrintError> {
        self.ready = Some(self.ready_connection()?);
        Ok(())
    }
    fn print(&mut self, receipt: &PrintedReceipt) -> Result<(), PrintError> {
        self.send(&receipt.escpos)
    }
    /// The drawer opens whatever the paper: the cash has to go somewhere. Only a printer that
    /// cannot be reached keeps it shut.
    fn open_drawer(&mut self, pin: DrawerPin) -> Result<(), PrintError> {
        let driver = self.connect()?;
        driver
            .write(&drawer_kick(pin))
            .and_then(|_| driver.flush())
            .map_err(|e| PrintError::Unreachable {
                printer: self.name(),
                why: e.to_string(),
            })
    }
}
