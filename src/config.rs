//! `DIR/mekong.toml`: the site, money rules and printer of this till. Created with comments on
//! first run; a broken file is an error naming the file and the problem, never silently replaced.

use crate::domain::menu::Station;
use crate::domain::money::{CashStep, Currency, VatSchedule};
use crate::print::status::DrawerPin;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "mekong.toml";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub site: Site,
    pub money: MoneyConfig,
    #[serde(default)]
    pub printer: PrinterConfig,
    #[serde(default)]
    pub tickets: TicketsConfig,
    #[serde(default)]
    pub staff: StaffConfig,
    #[serde(default)]
    pub sync: SyncConfig,
    #[serde(default)]
    pub backup: BackupConfig,
}

/// Encrypted backups: where the automatic one at each shift close goes, how many are kept,
/// and whose keys can open them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BackupConfig {
    /// A directory (a USB stick's); without it no backup is made at shift close.
    #[serde(default)]
    pub dir: Option<PathBuf>,
    /// How many of this till's backups to keep there; older ones are deleted.
    #[serde(default = "default_keep")]
    pub keep: u32,
    /// The age public keys (`age1…`) a backup is encrypted to: the café's recovery key
    /// (`mekong backup keygen`) and head office's.
    #[serde(default)]
    pub recipients: Vec<String>,
}

fn default_keep() -> u32 {
    30
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig {
            dir: None,
            keep: default_keep(),
            recipients: Vec::new(),
        }
    }
}

/// What goes to head office: summaries only (see `mekong sync --show`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SyncConfig {
    /// The site's name at head office; default the till id.
    #[serde(default)]
    pub site: Option<String>,
    /// A count of people below this is sent as "suppressed", never as a number.
    #[serde(default = "default_k")]
    pub k: u32,
    /// Head office's address (`https://hq.example.org`); without it nothing is sent.
    #[serde(default)]
    pub url: Option<String>,
    /// The file holding the site's token (from `mekong hq add-site`), relative to the data
    /// directory unless absolute.
    #[serde(default = "default_token_file")]
    pub token_file: PathBuf,
    /// Minutes between two looks for changes to send.
    #[serde(default = "default_every")]
    pub every_minutes: u32,
}

fn default_k() -> u32 {
    5
}

fn default_token_file() -> PathBuf {
    PathBuf::from("sync-token")
}

fn default_every() -> u32 {
    15
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            site: None,
            k: default_k(),
            url: None,
            token_file: default_token_file(),
            every_minutes: default_every(),
        }
    }
}

impl SyncConfig {
    /// The site's name: the one set, else `till_id`.
    pub fn site_or(&self, till_id: &str) -> String {
        self.site.clone().unwrap_or_else(|| till_id.to_owned())
    }
}

/// Signing in at the till.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StaffConfig {
    /// Minutes without a tap before the till locks and asks for a PIN again; 0 never.
    pub auto_lock_minutes: u32,
    /// A pay-out worth more than this (in the till's currency, minor units) needs a
    /// manager's approval; 0: every pay-out does.
    #[serde(default)]
    pub pay_out_limit: i64,
}

impl Default for StaffConfig {
    fn default() -> Self {
        StaffConfig {
            auto_lock_minutes: 5,
            pay_out_limit: 0,
        }
    }
}

/// Order tickets printed for the stations that make the items, on the receipt printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketsConfig {
    pub stations: Vec<Station>,
    /// A printer of their own (at the bar, say); without one they print on the receipt printer.
    #[serde(default)]
    pub printer: Option<PrinterConfig>,
}

impl Default for TicketsConfig {
    fn default() -> Self {
        TicketsConfig {
            stations: vec![Station::Bar],
            printer: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub name: String,
    pub address: String,
    /// Short id of this till, printed before the receipt number (`VTE1-000042`).
    pub till_id: String,
    /// A QR code at the foot of every receipt (the café's story, a feedback page), if set.
    #[serde(default)]
    pub receipt_qr: Option<String>,
    /// A line printed above that QR code.
    #[serde(default)]
    pub receipt_qr_caption: Option<String>,
    /// The till's time zone (IANA name): receipts, business days, reports and shifts are in it,
    /// whatever zone the computer is set to.
    #[serde(default = "default_zone", rename = "time-zone")]
    pub time_zone: String,
    /// The till's language when nobody is signed in, and for anyone who has not chosen one:
    /// `lo` (Lao) or `en` (English).
    #[serde(default = "default_language")]
    pub language: String,
}

fn default_zone() -> String {
    "Asia/Vientiane".into()
}

fn default_language() -> String {
    "lo".into()
}

impl Site {
    /// The till's zone, checked when the configuration is read.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Asia::Vientiane)
    }

    /// The site's language, checked when the configuration is read.
    pub fn lang(&self) -> crate::domain::menu::Lang {
        crate::domain::menu::Lang::from_code(&self.language)
            .unwrap_or(crate::domain::menu::Lang::Lo)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoneyConfig {
    pub currency: Currency,
    #[serde(default)]
    pub cash_step: CashStep,
    pub vat: VatSchedule,
    /// Other currencies the drawer takes (counted at opening and closing, accepted as cash).
    #[serde(default)]
    pub foreign: Vec<Currency>,
    /// Bounds for each foreign currency's rate, in minor units of `currency` for one whole
    /// unit; a till in kip has defaults (baht 300–1,500, dollar 10,000–50,000).
    #[serde(default, rename = "rate-bounds")]
    pub rate_bounds: std::collections::BTreeMap<Currency, [i64; 2]>,
}

impl MoneyConfig {
    /// The bounds a new rate for `foreign` must fall within, if any.
    pub fn rate_bounds_of(&self, foreign: Currency) -> Option<crate::domain::money::RateBounds> {
        match self.rate_bounds.get(&foreign) {
            Some([min, max]) => Some(crate::domain::money::RateBounds {
                min: *min,
                max: *max,
            }),
            None if self.currency == Currency::Lak => {
                crate::domain::money::RateBounds::lak_default(foreign)
            }
            None => None,
        }
    }

    /// The till's own currency first, then the foreign ones the drawer takes.
    pub fn drawer_currencies(&self) -> Vec<Currency> {
        let mut all = vec![self.currency];
        all.extend(self.foreign.iter().filter(|c| **c != self.currency));
        all
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrinterKind {
    /// PNG and ESC/POS files in `DIR/receipts/`.
    Virtual,
    /// Raw TCP to `address` (port 9100).
    Network,
    /// A device file at `path`, such as `/dev/usb/lp0`.
    Device,
    /// A USB printer found by `usb-vendor` and `usb-product`, driven without the kernel's
    /// printer driver.
    Usb,
    /// A serial printer on `path` (e.g. `/dev/ttyUSB0`) at `baud`.
    Serial,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PrinterConfig {
    pub kind: PrinterKind,
    /// `host:port` of a network printer.
    #[serde(default)]
    pub address: Option<String>,
    /// Device file of a USB or serial printer.
    #[serde(default)]
    pub path: Option<PathBuf>,
    /// USB vendor and product ids of a `usb` printer (`lsusb` shows them), e.g. 0x04b8, 0x0e28.
    #[serde(default)]
    pub usb_vendor: Option<u16>,
    #[serde(default)]
    pub usb_product: Option<u16>,
    /// Speed of a serial printer, bits per second (8 data bits, no parity, 1 stop bit).
    #[serde(default = "default_baud")]
    pub baud: u32,
    /// 576 dots for 80 mm paper, 384 for 58 mm.
    pub width_dots: u32,
    /// Pin of the cash drawer port (2 or 5); no drawer when absent.
    #[serde(default)]
    pub drawer_pin: Option<u8>,
    /// How long to wait for a network printer before giving up on a receipt.
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// Receipts older than this wait for a person before they print.
    #[serde(default = "default_hold_after")]
    pub hold_after_minutes: u32,
}

fn default_hold_after() -> u32 {
    10
}

fn default_baud() -> u32 {
    9600
}

fn default_timeout() -> u64 {
    5
}

impl PrinterConfig {
    pub fn drawer(&self) -> Option<DrawerPin> {
        match self.drawer_pin {
            Some(2) => Some(DrawerPin::Pin2),
            Some(5) => Some(DrawerPin::Pin5),
            _ => None,
        }
    }
}

impl Default for PrinterConfig {
    fn default() -> Self {
        PrinterConfig {
            kind: PrinterKind::Virtual,
            address: None,
            path: None,
            usb_vendor: None,
            usb_product: None,
            baud: default_baud(),
            width_dots: 576,
            drawer_pin: None,
            timeout_seconds: default_timeout(),
            hold_after_minutes: default_hold_after(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {problem}")]
    Invalid { path: PathBuf, problem: String },
}

pub const DEFAULT_TEXT: &str = r#"# Mekong Till configuration. Edit and restart the till.

[site]
# Printed at the top of every receipt.
name = "Made in Mekong"
address = "Sethathirath Road, Vientiane, Lao PDR"
# Short id of this till; receipt numbers count per till (VTE1-000001, VTE1-000002, ...).
till_id = "VTE1"
# The till's time zone (IANA): every time on receipts and reports is in it, whatever the
# computer's own zone. "Asia/Bangkok" for the Thai sites.
time-zone = "Asia/Vientiane"
# The till's language before anyone signs in, and for staff who have not chosen their own:
# "lo" (Lao) or "en" (English).
language = "lo"
# A QR code at the foot of every receipt, e.g. the café's story or a feedback page:
# receipt_qr = "https://example.org/made-in-mekong"
# receipt_qr_caption = "ເລື່ອງຂອງພວກເຮົາ · Our story"

[money]
# Currency of prices and of change: LAK, THB or USD.
currency = "LAK"
# Change in cash is rounded to this step (in kip): nearest step, exact ties in the customer's favour.
cash_step = 500
# VAT is included in prices. Each period applies from its date until the next one.
vat = [
  { from = "2020-01-01", rate = "7" },
  { from = "2024-05-01", rate = "10" },
]
# Other currencies the cash drawer takes, counted at opening and closing: "THB", "USD".
foreign = ["THB", "USD"]
# A manager's rate must fall within these bounds (kip for one baht or dollar); a rate more than
# 10 % from the last one is set only after a second confirmation.
rate-bounds = { THB = [300, 1500], USD = [10000, 50000] }

[printer]
# "virtual" writes receipts/<number>.png and .bin into the data directory;
# "network" sends receipts to a printer at `address` (raw TCP, usually port 9100);
# "device" writes them to a device file at `path` (a USB printer: /dev/usb/lp0);
# "usb" drives a USB printer directly, found by `usb-vendor` and `usb-product` (see lsusb);
# "serial" talks to a serial printer on `path` (e.g. /dev/ttyUSB0) at `baud` (9600).
kind = "virtual"
# address = "192.168.1.50:9100"
# path = "/dev/usb/lp0"
# usb-vendor = 0x04b8
# usb-product = 0x0e28
# 576 dots for 80 mm paper, 384 for 58 mm.
width-dots = 576
# The cash drawer plugged into the printer opens on cash sales: pin 2 or 5 (see the drawer's
# cable). Remove the line if there is no drawer.
drawer-pin = 2
# Seconds to wait for a network printer before giving up on a receipt (the sale is kept).
timeout-seconds = 5
# Receipts that could not print for this many minutes wait for a person to say "print" or
# "don't print", so a printer that comes back does not spill a morning of old receipts.
hold-after-minutes = 10

[tickets]
# When an order is paid, print an order ticket for each of these stations that has something
# to make (categories say their station in menu.toml): "bar", "kitchen". [] for none.
stations = ["bar"]
# Tickets print on the receipt printer unless they have a printer of their own:
# [tickets.printer]
# kind = "network"
# address = "192.168.1.51:9100"
# width-dots = 576

[staff]
# Minutes without a tap before the till locks and asks for a PIN again (0: never).
auto-lock-minutes = 5
# A pay-out worth more than this many kip needs a manager's approval (0: every pay-out does).
pay-out-limit = 0

[sync]
# Only summaries leave the till (see `mekong sync --show`). A count of people below k is sent
# as "suppressed", never as a number.
k = 5
# The site's name at head office (default: the till id).
# site = "Vientiane"
# Head office's address. Without it nothing is sent.
# url = "https://hq.example.org"
# The file holding the site's token from `mekong hq add-site` (relative to this directory).
token-file = "sync-token"
# Minutes between two looks for changes to send.
every-minutes = 15

[backup]
# Each backup is encrypted to these age public keys: the café's recovery key (make it with
# `mekong backup keygen --out FILE` and keep the secret file away from the till) and head
# office's. Without any, no backup can be made.
recipients = []
# Where a backup is written at each shift close, e.g. a USB stick (without it: none then).
# dir = "/media/usb/mekong-backups"
# How many of this till's backups to keep there (older ones are deleted).
keep = 30
"#;

/// What is wrong with a printer section, named by its `section` (`printer`, `tickets.printer`).
fn check_printer(section: &str, p: &PrinterConfig) -> Result<(), String> {
    if p.kind == PrinterKind::Network && p.address.as_deref().is_none_or(|a| !a.contains(':')) {
        return Err(format!(
            "{section}.address must be host:port (e.g. \"192.168.1.50:9100\") for a network printer"
        ));
    }
    if p.kind == PrinterKind::Usb && (p.usb_vendor.is_none() || p.usb_product.is_none()) {
        return Err(format!(
            "{section}.usb-vendor and {section}.usb-product must both be set for a USB printer (see lsusb, e.g. 0x04b8 and 0x0e28)"
        ));
    }
    if p.kind == PrinterKind::Serial && p.path.is_none() {
        return Err(format!(
            "{section}.path must name the serial port (e.g. \"/dev/ttyUSB0\") for a serial printer"
        ));
    }
    if p.kind == PrinterKind::Device && p.path.is_none() {
        return Err(format!(
            "{section}.path must name the device file (e.g. \"/dev/usb/lp0\") for a device printer"
        ));
    }
    if let Some(pin) = p.drawer_pin.filter(|pin| *pin != 2 && *pin != 5) {
        return Err(format!("{section}.drawer-pin {pin} must be 2 or 5"));
    }
    if !(1..=24 * 60).contains(&p.hold_after_minutes) {
        return Err(format!(
            "{section}.hold-after-minutes {} must be between 1 and 1440",
            p.hold_after_minutes
        ));
    }
    if !(1..=60).contains(&p.timeout_seconds) {
        return Err(format!(
            "{section}.timeout-seconds {} must be between 1 and 60",
            p.timeout_seconds
        ));
    }
    if !(200..=1024).contains(&p.width_dots) || !p.width_dots.is_multiple_of(8) {
        return Err(format!(
            "{section}.width-dots {} must be a multiple of 8 between 200 and 1024 (576 for 80 mm, 384 for 58 mm)",
            p.width_dots
        ));
    }
    Ok(())
}

impl Config {
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let invalid = |problem: String| ConfigError::Invalid {
            path: path.to_owned(),
            problem,
        };
        let cfg: Config = toml::from_str(text).map_err(|e| {
            invalid(match e.span() {
                Some(s) => format!(
                    "{}: {}",
                    crate::domain::line_and_column(text, s.start),
                    e.message()
                ),
                None => e.message().to_owned(),
            })
        })?;
        if cfg.site.till_id.is_empty()
            || !cfg.site.till_id.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(invalid(format!(
                "site.till_id {:?} must be letters and digits only",
                cfg.site.till_id
            )));
        }
        if let Some(url) = &cfg.site.receipt_qr
            && (url.trim().is_empty() || url.len() > 300)
        {
            return Err(invalid(format!(
                "site.receipt_qr must be 1 to 300 characters, it has {}",
                url.len()
            )));
        }
        check_printer("printer", &cfg.printer).map_err(invalid)?;
        if cfg.site.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(invalid(format!(
                "site.time-zone {:?} is not a time zone (an IANA name such as \"Asia/Vientiane\" or \"Asia/Bangkok\")",
                cfg.site.time_zone
            )));
        }
        if crate::domain::menu::Lang::from_code(&cfg.site.language).is_none() {
            return Err(invalid(format!(
                "site.language {:?} is not a language of the till: \"lo\" (Lao) or \"en\" (English)",
                cfg.site.language
            )));
        }
        if let Some((c, [min, max])) = cfg
            .money
            .rate_bounds
            .iter()
            .find(|(_, [min, max])| *min <= 0 || min > max)
        {
            return Err(invalid(format!(
                "money.rate-bounds.{} [{min}, {max}] must be two amounts above zero, the smaller first",
                c.code()
            )));
        }
        if cfg.staff.pay_out_limit < 0 {
            return Err(invalid(format!(
                "staff.pay-out-limit {} must be 0 or more",
                cfg.staff.pay_out_limit
            )));
        }
        if cfg.staff.auto_lock_minutes > 24 * 60 {
            return Err(invalid(format!(
                "staff.auto-lock-minutes {} must be between 0 (never) and 1440",
                cfg.staff.auto_lock_minutes
            )));
        }
        if let Some(p) = &cfg.tickets.printer {
            check_printer("tickets.printer", p).map_err(invalid)?;
        }
        if let Some(url) = &cfg.sync.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(invalid(format!(
                "sync.url {url:?} must start with https:// (or http:// on a local network)"
            )));
        }
        if !(1..=24 * 60).contains(&cfg.sync.every_minutes) {
            return Err(invalid(format!(
                "sync.every-minutes {} must be between 1 and 1440",
                cfg.sync.every_minutes
            )));
        }
        if !(2..=100).contains(&cfg.sync.k) {
            return Err(invalid(format!(
                "sync.k {} must be between 2 and 100: a count of people below it is never sent",
                cfg.sync.k
            )));
        }
        if cfg
            .sync
            .site
            .as_deref()
            .is_some_and(|s| !crate::sync::wire::site_name_ok(s))
        {
            return Err(invalid(
                "sync.site must be 1 to 40 plain ASCII letters, digits, spaces, dots, dashes or underscores (or left out: the till id)".into(),
            ));
        }
        if !(1..=1000).contains(&cfg.backup.keep) {
            return Err(invalid(format!(
                "backup.keep {} must be between 1 and 1000",
                cfg.backup.keep
            )));
        }
        for r in &cfg.backup.recipients {
            if r.trim().parse::<age::x25519::Recipient>().is_err() {
                return Err(invalid(format!(
                    "backup.recipients: {r:?} is not an age public key (age1…, as `mekong backup keygen` prints it)"
                )));
            }
        }
        Ok(cfg)
    }

    /// Reads `DIR/mekong.toml`, writing the commented default first if it does not exist.
    pub fn load_or_create(dir: &Path) -> Result<Config, ConfigError> {
        let path = dir.join(FILE_NAME);
        if !path.exists() {
            std::fs::write(&path, DEFAULT_TEXT).map_err(|source| ConfigError::Write {
                path: path.clone(),
                source,
            })?;
        }
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        Config::parse(&path, &text)
    }

    /// `DIR/mekong.toml` with the café's name and the till's id set, every other line and
    /// comment kept, checked: the text to write with [`Config::write_text`], and the
    /// configuration it holds. Nothing is written.
    pub fn with_site(
        dir: &Path,
        name: &str,
        till_id: &str,
    ) -> Result<(String, Config), ConfigError> {
        let path = dir.join(FILE_NAME);
        let text = if path.exists() {
            std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                path: path.clone(),
                source,
            })?
        } else {
            DEFAULT_TEXT.to_owned()
        };
        let invalid = |problem: String| ConfigError::Invalid {
            path: path.clone(),
            problem,
        };
        let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
            invalid(format!("not valid TOML: {}", e.message()))
        })?;
        let site = doc
            .get_mut("site")
            .and_then(|s| s.as_table_like_mut())
            .ok_or_else(|| invalid("there is no [site] section".into()))?;
        // Only the values change: the comments above the keys stay.
        for (key, value) in [("name", name), ("till_id", till_id)] {
            match site.get_mut(key) {
                Some(item) => *item = toml_edit::value(value),
                None => {
                    site.insert(key, toml_edit::value(value));
                }
            }
        }
        let new = doc.to_string();
        let config = Config::parse(&path, &new)?;
        Ok((new, config))
    }

    /// Replaces `DIR/mekong.toml` with `text` whole: written beside it, synced, then renamed
    /// over it, so it is never half-written.
    pub fn write_text(dir: &Path, text: &str) -> Result<(), ConfigError> {
        let path = dir.join(FILE_NAME);
        let scratch = dir.join(format!("{FILE_NAME}.new"));
        let write = |source| ConfigError::Write {
            path: path.clone(),
            source,
        };
        let mut file = std::fs::File::create(&scratch).map_err(write)?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(write)?;
        file.sync_all().map_err(write)?;
        std::fs::rename(&scratch, &path).map_err(write)?;
        Ok(())
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::parse(Path::new(FILE_NAME), DEFAULT_TEXT)
            .expect("the default configuration is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    #[test]
    fn default_config_has_laos_vat_and_500_kip_step() {
        let c = Config::default();
        assert_eq!(c.money.cash_step.get(), 500);
        assert_eq!(c.money.vat, VatSchedule::laos());
        let may = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        assert_eq!(c.money.vat.rate_on(may).percent(), dec!(10));
    }

    #[test]
    fn bad_values_name_the_file_and_the_problem() {
        let e = Config::parse(
            Path::new("x/mekong.toml"),
            &DEFAULT_TEXT.replace("cash_step = 500", "cash_step = 0"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("x/mekong.toml: ") && e.contains("cash rounding step 0"),
            "{e}"
        );
    }

    #[test]
    fn printer_settings_are_checked() {
        let path = Path::new("mekong.toml");
        let net = DEFAULT_TEXT.replace("kind = \"virtual\"", "kind = \"network\"");
        let e = Config::parse(path, &net).unwrap_err().to_string();
        assert!(e.contains("printer.address must be host:port"), "{e}");
        let ok = net.replacen("# address = ", "address = ", 1);
        let c = Config::parse(path, &ok).unwrap();
        assert_eq!(c.printer.address.as_deref(), Some("192.168.1.50:9100"));
        assert_eq!(c.printer.drawer(), Some(DrawerPin::Pin2));
        let e = Config::parse(path, &ok.replace("drawer-pin = 2", "drawer-pin = 3"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("drawer-pin 3 must be 2 or 5"), "{e}");

        let tickets = DEFAULT_TEXT
            .replace("# [tickets.printer]", "[tickets.printer]")
            .replace("# kind = \"network\"", "kind = \"network\"")
            .replace(
                "# address = \"192.168.1.51:9100\"",
                "address = \"192.168.1.51:9100\"",
            )
            .replace("# width-dots = 576", "width-dots = 576");
        let c = Config::parse(path, &tickets).unwrap();
        let p = c.tickets.printer.expect("a ticket printer");
        assert_eq!(p.address.as_deref(), Some("192.168.1.51:9100"));
        let e = Config::parse(
            path,
            &tickets.replace("address = \"192.168.1.51:9100\"", ""),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("tickets.printer.address must be host:port"),
            "{e}"
        );

        let usb = DEFAULT_TEXT
            .replace("kind = \"virtual\"", "kind = \"usb\"")
            .replace("# usb-vendor = 0x04b8", "usb-vendor = 0x04b8");
        let e = Config::parse(path, &usb).unwrap_err().to_string();
        assert!(e.contains("usb-product must both be set"), "{e}");
        let c = Config::parse(
            path,
            &usb.replace("# usb-product = 0x0e28", "usb-product = 0x0e28"),
        )
        .unwrap();
        assert_eq!(
            (c.printer.usb_vendor, c.printer.usb_product),
            (Some(0x04b8), Some(0x0e28))
        );
    }
}
