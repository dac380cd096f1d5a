//! The command line (the contract scripts and tests use): parsing and dispatch.

use crate::app::{Till, demo};
use crate::domain::menu::Lang;
use crate::print::png_bytes;
use crate::ui::{self, Controller, Screen};
use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "mekong",
    version,
    about = "Touchscreen till of the Made in Mekong café"
)]
pub struct Cli {
    /// Data directory: database, mekong.toml, menu.toml, receipts/.
    /// Default: the platform data directory (~/.local/share/mekong on Linux).
    #[arg(long, global = true, env = "MEKONG_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Lo,
}

#[derive(Debug, Subcommand)]
pub enum HqCommand {
    /// Serve the upload endpoint and the dashboard.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// PostgreSQL instead of the SQLite file in --data-dir: postgres://user@host/db
        #[arg(long, env = "MEKONG_HQ_DATABASE")]
        database: Option<String>,
    },
    /// Register a site; its token is printed once (put it in the till's token file).
    AddSite {
        name: String,
        #[arg(long, env = "MEKONG_HQ_DATABASE")]
        database: Option<String>,
    },
    /// Add a dashboard user, or set a new password; the password is read from standard input.
    AddUser {
        name: String,
        #[arg(long, env = "MEKONG_HQ_DATABASE")]
        database: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the touchscreen till (the default).
    Till,
    /// Render a screen to a PNG with the software renderer (no display needed).
    Screenshot {
        #[arg(long, value_enum)]
        screen: Screen,
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
        #[arg(long, value_name = "F.png")]
        out: PathBuf,
        /// Window size in pixels, WxH.
        #[arg(long, default_value = "1280x800", value_parser = parse_size)]
        size: (u32, u32),
    },
    /// Fill the data directory with realistic synthetic sales history.
    Demo {
        #[arg(long)]
        days: u32,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Write made-up history even into a till with real staff or sales.
        #[arg(long)]
        force: bool,
    },
    /// Render a stored receipt as a PNG image or ESC/POS bytes (.bin).
    Receipt {
        /// Order UUID, receipt label (VTE1-000042) or receipt number.
        #[arg(long)]
        order: String,
        #[arg(long, value_name = "F.png|F.bin")]
        out: PathBuf,
        /// The order ticket for this station instead of the receipt.
        #[arg(long, value_enum)]
        ticket: Option<StationArg>,
    },
    /// Reports: the X report of the open till, a stored Z report.
    Report {
        #[command(subcommand)]
        report: ReportCommand,
        /// Text (the default) or CSV.
        #[arg(long, value_enum, default_value = "text", global = true)]
        format: FormatArg,
        /// Also print it on the receipt printer.
        #[arg(long, global = true)]
        print: bool,
    },
    /// Staff who sign in at the till.
    Staff {
        #[command(subcommand)]
        action: StaffCommand,
    },
    /// Hours worked (shifts that started on the days), one person a line: nicknames only,
    /// unless --identity (a manager's PIN with --by; logged). The export is logged either way.
    Hours {
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        from: chrono::NaiveDate,
        /// Last day included; default the first.
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value = "text")]
        format: FormatArg,
        /// Add each person's full name (needs --by and a manager's PIN on standard input).
        #[arg(long)]
        identity: bool,
        #[arg(long, value_name = "NICKNAME")]
        by: Option<String>,
    },
    /// Job placements with employer partners: `export` writes every placement and its
    /// follow-ups as CSV (nicknames unless --identity; the export is logged either way).
    Placements {
        #[command(subcommand)]
        action: PlacementsCommand,
    },
    /// The programme's outcome indicators over a period, each with its definition: placement
    /// rate, retention at 3, 6 and 12 months with coverage, median wages per currency,
    /// placements by sector and by partner, women trained per year. Counts only: no names.
    Indicators {
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        from: chrono::NaiveDate,
        /// Last day included; default today.
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value = "text")]
        format: IndicatorsFormat,
    },
    /// Head office: `--show` prints what would be sent, exactly, one summary a line (JSON):
    /// sales per day, the journal's head, the programme per month; counts, sums and medians
    /// only, a count of people below `[sync] k` "suppressed". `--now` freezes what changed
    /// and sends everything waiting at once, with a progress bar (needs `[sync] url`).
    Sync {
        #[arg(long, conflicts_with = "now", required_unless_present = "now")]
        show: bool,
        #[arg(long)]
        now: bool,
        /// First day shown (YYYY-MM-DD); default 30 days ago.
        #[arg(long, requires = "show")]
        from: Option<chrono::NaiveDate>,
        /// Last day shown; default today.
        #[arg(long, requires = "show")]
        to: Option<chrono::NaiveDate>,
    },
    /// The head-office service, and its sites and users. `--data-dir` is head office's own
    /// (default: the platform data directory's `hq`).
    Hq {
        #[command(subcommand)]
        command: HqCommand,
    },
    /// People's programme records; identity only with a manager's PIN (logged); erasure.
    People {
        #[command(subcommand)]
        action: PeopleCommand,
    },
    /// A trainee's skills certificate as PDF, in Lao and English: her track, dates, hours and
    /// every competency signed off, with the name she chose to print. A manager's (her PIN on
    /// standard input); logged, and journalled without the name. `--check CODE` says what the
    /// certificate with that verification code certifies.
    Certificate {
        /// The trainee (her nickname).
        #[arg(long, value_name = "NICKNAME", required_unless_present = "check")]
        person: Option<String>,
        /// The name printed on it, written as she wants it.
        #[arg(long, required_unless_present = "check")]
        name: Option<String>,
        #[arg(long, value_name = "F.pdf", required_unless_present = "check")]
        out: Option<PathBuf>,
        /// The manager issuing it (her PIN on standard input).
        #[arg(long, value_name = "NICKNAME", required_unless_present = "check")]
        by: Option<String>,
        /// Look up the certificate with this verification code instead.
        #[arg(long, value_name = "CODE", conflicts_with_all = ["person", "name", "out", "by"])]
        check: Option<String>,
    },
    /// Check the database file, the journal's hash chain, every sale whole, and every row of the
    /// money tables against the journal (read-only). Exits with status 1 and names what is
    /// wrong.
    Verify {
        /// The journal head printed on a Z report (SEQ:HEX): the chain must still hold it.
        #[arg(long, value_name = "SEQ:HEX")]
        head: Option<crate::app::verify::Head>,
    },
    /// Make an encrypted backup (age) of the database and the identity key, safe while the
    /// till runs; or `backup keygen` to make a recovery key.
    #[command(args_conflicts_with_subcommands = true)]
    Backup {
        #[command(subcommand)]
        command: Option<BackupCommand>,
        /// The directory to write it to (default: [backup] dir in mekong.toml).
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
    },
    /// Restore a backup: decrypt, check it, keep the current files aside, put it in place.
    Restore {
        /// The backup file (mekong-<till>-<time>-<journal seq>.age).
        file: PathBuf,
        /// The secret key file from `mekong backup keygen`.
        #[arg(long, value_name = "KEY")]
        identity: PathBuf,
        /// The journal head printed on the last Z report (SEQ:HEX): the backup must hold it.
        /// Needed when the current database cannot be read.
        #[arg(long, value_name = "SEQ:HEX")]
        head: Option<crate::app::verify::Head>,
        /// Restore even a backup that lacks sales the till has made, or another till's.
        #[arg(long)]
        force: bool,
    },
    /// Make live sales without the window, for crash and soak tests: prints `sale LABEL` once
    /// each sale is committed. Only on an empty data directory, or one it filled before.
    #[command(hide = true)]
    Drive {
        /// Stop after this many sales (without it, sell until stopped).
        #[arg(long)]
        sales: Option<u64>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Wait this long between sales, in milliseconds (a café's pace).
        #[arg(long, default_value_t = 0)]
        pause_ms: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Make a recovery key pair: the secret goes to FILE (readable by you only), the public
    /// key is printed for [backup] recipients.
    Keygen {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// What the open till session has taken so far (changes nothing).
    X,
    /// A closed session's Z report: the latest, or number `--no`.
    Z {
        #[arg(long)]
        no: Option<i64>,
    },
    /// Sales by hour, category, item, staff and tender, for a day or a range of days.
    Sales {
        /// First day (YYYY-MM-DD); default today.
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Last day included; default the first day.
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlacementsCommand {
    /// Every placement with its follow-ups at 1, 3, 6 and 12 months, one line each (no notes).
    Export {
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Add each woman's full name (needs --by and a manager's PIN on standard input).
        #[arg(long)]
        identity: bool,
        #[arg(long, value_name = "NICKNAME")]
        by: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IndicatorsFormat {
    Text,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add someone: their chosen nickname (the only name a receipt shows) and role. PINs are
    /// read from standard input, so they stay out of the shell history: on a new till, the
    /// first admin's PIN; once the till has staff, the PIN of the manager or admin named by
    /// `--by` on the first line, then the new person's PIN.
    Add {
        #[arg(long)]
        nickname: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The manager or admin adding them (needed once the till has staff).
        #[arg(long, value_name = "NICKNAME")]
        by: Option<String>,
        #[command(flatten)]
        programme: ProgrammeArgs,
    },
    /// List who can sign in, with their programme.
    List,
    /// Unlock a PIN locked by wrong tries (for when every manager is locked out; journalled).
    Unlock {
        #[arg(long)]
        nickname: String,
    },
}

/// A trainee's programme, as `staff add` takes it.
#[derive(Debug, Default, clap::Args)]
pub struct ProgrammeArgs {
    #[arg(long, value_enum)]
    pub track: Option<TrackArg>,
    /// The cohort's name (made with `mekong people cohort`).
    #[arg(long, value_name = "NAME")]
    pub cohort: Option<String>,
    /// First day on the programme (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub start: Option<chrono::NaiveDate>,
    /// Planned last day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub planned_end: Option<chrono::NaiveDate>,
    /// Her mentor's nickname.
    #[arg(long, value_name = "NICKNAME")]
    pub mentor: Option<String>,
    /// The language the till switches to when she signs in (default: `[site] language`).
    #[arg(long, value_enum)]
    pub language: Option<LangArg>,
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Everyone who ever worked at the till, one a line, nickname first: role, status, track,
    /// cohort, dates (no identity).
    List,
    /// A person's record. Needs a manager's PIN (`--by`, PIN on standard input); opening it
    /// is written to the access log, and so is `--identity`.
    Show {
        nickname: String,
        #[arg(long, value_name = "NICKNAME")]
        by: String,
        /// Also show her identity (full name, phone, emergency contact, note).
        #[arg(long)]
        identity: bool,
    },
    /// Erase a person on request: identity deleted, nickname "Former trainee N", PIN off. Her
    /// sales and hours stay as counts. Needs an admin's PIN (`--by`, PIN on standard input),
    /// and the till closed.
    Erase {
        nickname: String,
        #[arg(long, value_name = "NICKNAME")]
        by: String,
    },
    /// Add a cohort: trainees who start together. Needs a manager's PIN.
    Cohort {
        name: String,
        #[arg(long, value_name = "DATE")]
        start: chrono::NaiveDate,
        #[arg(long, value_name = "DATE")]
        planned_end: chrono::NaiveDate,
        #[arg(long, value_name = "NICKNAME")]
        by: String,
    },
    /// The access log: who opened, showed, changed or exported whose record, newest first.
    /// Needs a manager's PIN.
    Log {
        #[arg(long, value_name = "NICKNAME")]
        by: String,
        #[arg(long, default_value_t = 50)]
        last: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrackArg {
    Barista,
    Kitchen,
    Service,
}

impl From<TrackArg> for crate::domain::people::Track {
    fn from(t: TrackArg) -> Self {
        use crate::domain::people::Track;
        match t {
            TrackArg::Barista => Track::Barista,
            TrackArg::Kitchen => Track::Kitchen,
            TrackArg::Service => Track::Service,
        }
    }
}

impl From<LangArg> for crate::domain::menu::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Lo => crate::domain::menu::Lang::Lo,
            LangArg::En => crate::domain::menu::Lang::En,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Trainee,
    Barista,
    Manager,
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StationArg {
    Bar,
    Kitchen,
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("{s:?} is not WxH, e.g. 1280x800"))?;
    let w: u32 = w
        .trim()
        .parse()
        .map_err(|_| format!("width {w:?} is not a number"))?;
    let h: u32 = h
        .trim()
        .parse()
        .map_err(|_| format!("height {h:?} is not a number"))?;
    if !(320..=7680).contains(&w) || !(240..=4320).contains(&h) {
        return Err(format!("size {w}x{h} is outside 320x240 … 7680x4320"));
    }
    Ok((w, h))
}

pub fn default_data_dir() -> anyhow::Result<PathBuf> {
    directories::ProjectDirs::from("", "", "mekong")
        .map(|d| d.data_dir().to_owned())
        .context("cannot find a home directory for the data; pass --data-dir DIR")
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let cli_dir = cli.data_dir.clone();
    let dir = match cli.data_dir {
        Some(d) => d,
        None => default_data_dir()?,
    };
    match cli.command.unwrap_or(Command::Till) {
        Command::Till => {
            let _lock = crate::app::TillLock::acquire(&dir)?;
            let till = Till::open(&dir)?;
            tracing::info!(
                "till open on {} with {}",
                dir.display(),
                till.printer_name()
            );
            // Summaries go to head office on a thread of their own ([sync] url).
            let _sync = crate::sync::client::Worker::spawn(&dir);
            ui::run(Controller::new(till))?;
        }
        Command::Screenshot {
            screen,
            lang,
            out,
            size,
        } => {
            let lang = Lang::from(lang);
            // The screen is staged in a scratch directory with the demo team signed in, its
            // sales made on a printer that is not there or on a virtual one: the data
            // directory never gets made-up staff, sales or pages. Its menu is shown, though.
            let scratch =
                std::env::temp_dir().join(format!("mekong-screenshot-{}", std::process::id()));
            std::fs::create_dir_all(&scratch)?;
            let menu = dir.join(crate::app::MENU_FILE);
            if menu.exists() {
                std::fs::copy(&menu, scratch.join(crate::app::MENU_FILE))
                    .with_context(|| format!("cannot copy {}", menu.display()))?;
            }
            let result = (|| -> anyhow::Result<()> {
                if screen == Screen::Sync {
                    // Head office set up, but out of reach.
                    std::fs::write(
                        scratch.join("mekong.toml"),
                        crate::config::DEFAULT_TEXT.replace(
                            "# url = \"https://hq.example.org\"",
                            "url = \"http://127.0.0.1:9\"",
                        ),
                    )?;
                }
                let till = if screen == Screen::Printer {
                    unplugged_printer_till(&scratch)?
                } else {
                    Till::open(&scratch)?
                };
                Ok(ui::render_screenshot(
                    Controller::new(till),
                    screen,
                    lang,
                    size,
                    &out,
                )?)
            })();
            let _ = std::fs::remove_dir_all(&scratch);
            result?;
            println!("{}", out.display());
        }
        Command::Demo { days, seed, force } => {
            let mut till = Till::open(&dir)?;
            if !force && !demo::is_demo_till(&till)? {
                anyhow::bail!(
                    "{} holds real staff or sales: a demo would mix made-up sales into its books. Use another --data-dir, or --force if you are sure",
                    dir.display()
                );
            }
            if demo::add_demo_staff(&mut till)? {
                println!("demo staff added (nickname, role, PIN):");
                for (nickname, role, pin) in demo::DEMO_STAFF {
                    println!("  {nickname:<6} {:<8} {pin}", role.code());
                }
            }
            let today = chrono::Local::now().date_naive();
            let n = demo::fill_history(&mut till, days, seed, today)?;
            println!(
                "{n} sales over {days} days written to {}",
                dir.join(crate::app::DB_FILE).display()
            );
            let pieces = demo::fill_skills(&mut till, today)?;
            if pieces > 0 {
                println!(
                    "{pieces} pieces of skills evidence over five months for Mai and Dao (two cohorts, barista track; some signed off, two ready for sign-off), and their practice drills of the last three weeks"
                );
            }
            let placed = demo::fill_placements(&mut till, today)?;
            if placed > 0 {
                println!(
                    "{placed} job placements with 7 employer partners for two graduated cohorts (2025 A and B), with their follow-ups: one not hired, some not reached, one who declined contact, jobs that ended, follow-ups due now"
                );
            }
            let shifts = demo::fill_roster(&mut till, days.min(35), seed, today)?;
            if shifts > 0 {
                println!(
                    "{shifts} roster shifts planned, the team clocked in and out up to now (a late arrival, a forgotten clock-out to check, an extra day)"
                );
            }
        }
        Command::Receipt { order, out, ticket } => {
            let station = ticket.map(|t| match t {
                StationArg::Bar => crate::domain::menu::Station::Bar,
                StationArg::Kitchen => crate::domain::menu::Station::Kitchen,
            });
            write_receipt(&dir, &order, &out, station)?
        }
        Command::Staff { action } => staff(&dir, action)?,
        Command::People { action } => people(&dir, action)?,
        Command::Placements {
            action:
                PlacementsCommand::Export {
                    format: ExportFormat::Csv,
                    identity,
                    by,
                },
        } => placements_export(&dir, identity, by)?,
        Command::Indicators { from, to, format } => indicators(&dir, from, to, format)?,
        Command::Sync {
            show: true,
            from,
            to,
            ..
        } => {
            let till = Till::open(&dir)?;
            let to = to.unwrap_or_else(|| till.today());
            let from = from.unwrap_or(to - chrono::TimeDelta::days(30));
            if to < from {
                bail!("--to {to} is before --from {from}");
            }
            for s in crate::sync::summaries(&till, from, to)? {
                println!("{}", serde_json::to_string(&s)?);
            }
        }
        Command::Sync { .. } => sync_now(&dir)?,
        Command::Hq { command } => {
            let hq_dir = match &cli_dir {
                Some(d) => d.clone(),
                None => default_data_dir()?.join("hq"),
            };
            hq(&hq_dir, command)?;
        }
        Command::Hours {
            from,
            to,
            format,
            identity,
            by,
        } => hours(&dir, from, to.unwrap_or(from), format, identity, by)?,
        Command::Report {
            report,
            format,
            print,
        } => {
            let mut till = Till::open(&dir)?;
            if let ReportCommand::Sales { from, to } = report {
                let from = from.unwrap_or_else(|| chrono::Local::now().date_naive());
                let to = to.unwrap_or(from);
                if to < from {
                    bail!("--to {to} is before --from {from}");
                }
                let r = till.sales_report(from, to)?;
                print!("{}", render_rows(&r.rows(), format));
                if print {
                    bail!("printing is for X and Z reports; the sales report is text or CSV");
                }
                return Ok(());
            }
            let r = match report {
                ReportCommand::Sales { .. } => unreachable!("handled above"),
                ReportCommand::X => till.x_report()?,
                ReportCommand::Z { no } => till.z_report(no)?.with_context(|| match no {
                    Some(n) => format!("there is no Z report {n}"),
                    None => "there is no Z report yet: no till session has been closed".into(),
                })?,
            };
            let rows = r.rows()?;
            print!("{}", render_rows(&rows, format));
            if print && let Some(e) = till.print_report(&r) {
                bail!("the report did not print: {e}");
            }
        }
        Command::Certificate {
            person,
            name,
            out,
            by,
            check,
        } => certificate(&dir, person, name, out, by, check)?,
        Command::Backup {
            command: Some(BackupCommand::Keygen { out }),
            ..
        } => {
            let public = crate::app::backup::keygen(&out, chrono::Local::now().fixed_offset())?;
            println!("{public}");
            eprintln!(
                "The secret key is in {} (readable by you only). Put the public key above in [backup] recipients in mekong.toml. Keep the secret away from the till and its backups: print it or copy it to a stick kept in the office safe. Without it no backup can be restored; with it, anyone can read them.",
                out.display()
            );
        }
        Command::Backup { command: None, to } => {
            let config = crate::config::Config::load_or_create(&dir)?;
            let bar = indicatif::ProgressBar::new(0).with_style(
                indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes}")?
                    .progress_chars("=> "),
            );
            bar.set_message("backup");
            let made = crate::app::backup::backup(
                &dir,
                &config,
                to.as_deref(),
                chrono::Utc::now()
                    .with_timezone(&config.site.zone())
                    .fixed_offset(),
                &mut |done, total| {
                    bar.set_length(total);
                    bar.set_position(done);
                },
            )?;
            bar.finish_and_clear();
            println!(
                "{} ({} bytes): journal to record {}, encrypted to {} key(s)",
                made.file.display(),
                made.bytes,
                made.manifest.journal_seq,
                config.backup.recipients.len()
            );
            for d in made.deleted {
                println!("deleted the older {}", d.display());
            }
        }
        Command::Restore {
            file,
            identity,
            head,
            force,
        } => {
            // A restore may go into a new data directory (a new till box): its settings come
            // from the backup, so none are made here.
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot make the data directory {}", dir.display()))?;
            let done = crate::app::backup::restore(
                &file,
                &identity,
                &dir,
                head.as_ref(),
                force,
                chrono::Local::now().fixed_offset(),
            )?;
            println!(
                "restored the backup of till {} taken {} ({} sales, journal to record {}) into {}",
                done.manifest.till_id,
                done.manifest.taken_at,
                done.sales,
                done.manifest.journal_seq,
                dir.display()
            );
            if let Some(aside) = done.kept_aside {
                println!("the files it replaced are kept in {}", aside.display());
            }
            if done.held > 0 {
                println!(
                    "{} receipt(s) it had waiting are held: they may have printed after the backup; the till asks whether to print them (as copies)",
                    done.held
                );
            }
        }
        Command::Drive {
            sales,
            seed,
            pause_ms,
        } => {
            let _lock = crate::app::TillLock::acquire(&dir)?;
            let pause = std::time::Duration::from_millis(pause_ms);
            let done =
                crate::app::drive::drive(&dir, sales, seed, pause, &mut std::io::stdout().lock())?;
            eprintln!(
                "{} sales, {} refunds, {} held tickets",
                done.sales, done.returns, done.tickets
            );
        }
        Command::Verify { head } => {
            let report = crate::app::verify::verify_against(&dir, head.as_ref())?;
            if report.is_ok() {
                println!(
                    "ok: database intact; journal of {} records chained; {} sales match it",
                    report.records, report.sales
                );
            } else {
                for p in &report.problems {
                    println!("BROKEN: {p}");
                }
                bail!(
                    "{} problem(s) in {}",
                    report.problems.len(),
                    dir.join(crate::app::DB_FILE).display()
                );
            }
        }
    }
    Ok(())
}

/// Report rows as aligned text, or as CSV (section, label, value).
fn render_rows(rows: &[crate::domain::session::ReportRow], format: FormatArg) -> String {
    use crate::domain::session::ReportRow;
    let mut out = String::new();
    let mut section = String::new();
    for row in rows {
        match (row, format) {
            (ReportRow::Heading(h), FormatArg::Text) => out.push_str(&format!("\n{h}\n")),
            (ReportRow::Heading(h), FormatArg::Csv) => section = h.clone(),
            (ReportRow::Line(l, v), FormatArg::Text) => {
                // Lao vowel and tone marks take no column of their own.
                let width = l
                    .chars()
                    .filter(|c| !matches!(c, '\u{0EB1}' | '\u{0EB4}'..='\u{0EBC}' | '\u{0EC8}'..='\u{0ECD}'))
                    .count();
                let pad = 34usize.saturating_sub(width);
                out.push_str(&format!("  {l}{}{v:>18}\n", " ".repeat(pad)));
            }
            (ReportRow::Line(l, v), FormatArg::Csv) => {
                if out.is_empty() {
                    out.push_str("section,label,value\n");
                }
                let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
                out.push_str(&format!("{},{},{}\n", q(&section), q(l), q(v)));
            }
        }
    }
    out
}

fn staff(dir: &Path, action: StaffCommand) -> anyhow::Result<()> {
    use crate::domain::staff::{Action, Role};
    let mut till = Till::open(dir)?;
    match action {
        StaffCommand::Add {
            nickname,
            role,
            by,
            programme,
        } => {
            let role = match role {
                RoleArg::Trainee => Role::Trainee,
                RoleArg::Barista => Role::Barista,
                RoleArg::Manager => Role::Manager,
                RoleArg::Admin => Role::Admin,
            };
            let added = if !till.has_staff()? {
                if role != Role::Admin {
                    anyhow::bail!(
                        "the first person on a new till is its admin: add them with --role admin"
                    );
                }
                let ProgrammeArgs {
                    track,
                    cohort,
                    start,
                    planned_end,
                    mentor,
                    language: _,
                } = &programme;
                if track.is_some()
                    || cohort.is_some()
                    || start.is_some()
                    || planned_end.is_some()
                    || mentor.is_some()
                {
                    bail!(
                        "the first admin has no programme: add her, then add trainees with theirs"
                    );
                }
                let pin = read_pin(&nickname)?;
                let admin = till.add_first_admin(&nickname, &pin)?;
                // Her language is her own to set once she is signed in.
                if let Some(lang) = programme.language {
                    till.sign_in(&admin.id, &pin)?;
                    till.set_language(&admin.id, Some(lang.into()), None)?;
                }
                admin
            } else {
                let Some(by) = by else {
                    anyhow::bail!(
                        "this till already has staff: name the manager or admin adding {nickname} with --by NICKNAME (their PIN first on standard input)"
                    );
                };
                let authority = manager_at_console(&mut till, &by, Action::ManageStaff)?;
                // Cohort and mentor are looked up first: a typo adds nobody.
                let resolved = resolve_programme(&till, &programme)?;
                let added = till.add_staff(&nickname, role, &read_pin(&nickname)?, &authority)?;
                if resolved != Default::default() {
                    till.set_programme(&added.id, resolved, &authority)?;
                }
                if let Some(lang) = programme.language {
                    till.set_language(&added.id, Some(lang.into()), Some(&authority))?;
                }
                added
            };
            println!("added {} ({})", added.nickname, added.role.code());
        }
        StaffCommand::Unlock { nickname } => {
            let who = till
                .staff()?
                .into_iter()
                .find(|e| e.staff.nickname.eq_ignore_ascii_case(&nickname))
                .with_context(|| format!("nobody called {nickname:?} can sign in on this till"))?;
            till.unlock_at_console(&who.staff.id)?;
            println!("unlocked {}", who.staff.nickname);
        }
        StaffCommand::List => {
            let everyone = crate::store::people::list(till.store().conn())?;
            let cohorts = till.cohorts()?;
            for e in till.staff()? {
                let lock = e
                    .locked_until
                    .map(|t| format!("  locked until {}", t.format("%H:%M")))
                    .unwrap_or_default();
                let programme = everyone
                    .iter()
                    .find(|p| p.id == e.staff.id)
                    .map(|p| programme_text(p, &everyone, &cohorts))
                    .unwrap_or_default();
                println!(
                    "{:<24} {:<8}{programme}{lock}",
                    e.staff.nickname,
                    e.staff.role.code()
                );
            }
        }
    }
    Ok(())
}

/// `mekong sync --now`: freezes what changed and sends what waits, with a progress bar.
fn sync_now(dir: &Path) -> anyhow::Result<()> {
    let mut till = Till::open(dir)?;
    let Some(mut client) = crate::sync::client::Client::from_config(&till)? else {
        bail!(
            "nothing is sent without [sync] url in {}: set head office's address there",
            dir.join("mekong.toml").display()
        );
    };
    let frozen = crate::sync::outbox::freeze(&mut till)?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} batches")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message("sending");
    let pass = crate::sync::client::send_pending(&till, &mut client, &mut |done, of| {
        bar.set_length(of as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    println!(
        "{} new batch(es) frozen; {} sent, {} refused",
        frozen.len(),
        pass.sent,
        pass.refused
    );
    let state = crate::store::outbox::state(till.store().conn())?;
    if let Some(why) = &state.refused_why {
        println!(
            "{} batch(es) refused by head office for good; the last: {why}\nWhat to do: head office's answer says what it found wrong (a value it does not know: update head office's mekong; a date in the future: set the till's date). The values of a refused batch are sent again when they next change.",
            state.refused
        );
        // Said: the top bar lets go of it.
        crate::store::outbox::refusals_seen(till.store().conn(), &till.now().to_rfc3339())?;
    }
    if let Some(retry) = pass.retry {
        bail!(
            "{} batch(es) still waiting: {} (the till tries again by itself)",
            state.pending,
            retry.error
        );
    }
    Ok(())
}

/// `mekong hq …`.
fn hq(dir: &Path, command: crate::cli::HqCommand) -> anyhow::Result<()> {
    use crate::hq::{Db, runtime};
    match command {
        HqCommand::Serve { listen, database } => crate::hq::run(&listen, dir, database.as_deref()),
        HqCommand::AddSite { name, database } => runtime()?.block_on(async {
            let db = Db::open(dir, database.as_deref()).await?;
            let token = db.add_site(&name).await?;
            db.close().await;
            eprintln!(
                "Site {name:?} is registered. Its token is shown this once: put it in the till's token file ([sync] token-file, default DATA_DIR/sync-token) and set [sync] site = {name:?}."
            );
            println!("{token}");
            anyhow::Ok(())
        }),
        HqCommand::AddUser { name, database } => {
            let name = name.trim().to_owned();
            if name.is_empty() || name.chars().count() > 60 {
                bail!("a user's name must be 1 to 60 characters");
            }
            eprintln!("Password for {name} (10 characters or more), then Enter:");
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .context("cannot read the password from standard input")?;
            let hash = crate::hq::hash_password(password.trim_end_matches(['\r', '\n']))?;
            runtime()?.block_on(async {
                let db = Db::open(dir, database.as_deref()).await?;
                db.add_user(&name, &hash).await?;
                db.close().await;
                eprintln!("{name} can sign in to the dashboard.");
                anyhow::Ok(())
            })
        }
    }
}

/// Reads a PIN from standard input, so it stays out of the shell history.
fn read_pin(whose: &str) -> anyhow::Result<String> {
    eprintln!("PIN of {whose} (4 to 8 digits), then Enter:");
    let mut pin = String::new();
    std::io::stdin()
        .read_line(&mut pin)
        .context("cannot read the PIN from standard input")?;
    Ok(pin.trim().to_owned())
}

/// The authority of the manager named `by`, whose PIN is read from standard input.
fn manager_at_console(
    till: &mut Till,
    by: &str,
    action: crate::domain::staff::Action,
) -> anyhow::Result<crate::app::staff::Authority> {
    let manager = till
        .staff()?
        .into_iter()
        .find(|e| e.staff.nickname.eq_ignore_ascii_case(by))
        .with_context(|| format!("nobody called {by:?} can sign in on this till"))?;
    let pin = read_pin(by)?;
    Ok(till.approve(action, &manager.staff.id, &pin)?)
}

/// The full names for an export with `--identity` (a manager's PIN with `--by`; one line in
/// the access log naming the export), else none; the export is logged either way.
fn export_names(
    till: &mut Till,
    ids: &[crate::domain::staff::StaffId],
    detail: &str,
    identity: bool,
    by: Option<String>,
) -> anyhow::Result<Vec<Option<String>>> {
    if !identity {
        till.log_console_export(detail)?;
        return Ok(vec![None; ids.len()]);
    }
    let Some(by) = by else {
        bail!("--identity needs a manager: --by NICKNAME, her PIN on standard input");
    };
    let authority = manager_at_console(till, &by, crate::domain::staff::Action::ManageStaff)?;
    Ok(till
        .export_identities(ids, detail, &authority)?
        .into_iter()
        .map(|i| Some(i.full_name))
        .collect())
}

/// A CSV field, quoted.
fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// `mekong placements export`: every placement and its follow-ups, as CSV.
fn placements_export(dir: &Path, identity: bool, by: Option<String>) -> anyhow::Result<()> {
    use crate::domain::placements::{FOLLOW_UP_MONTHS, Outcome};
    if by.is_some() && !identity {
        bail!("--by is for --identity: an export with nicknames only needs no PIN");
    }
    let mut till = Till::open(dir)?;
    let today = till.today();
    let rows = till.placements_export()?;
    let employers: std::collections::BTreeMap<_, _> =
        crate::store::placements::employers(till.store().conn())?
            .into_iter()
            .map(|e| (e.id.clone(), e))
            .collect();
    let detail = format!("placements export ({} placements)", rows.len());
    let ids: Vec<_> = rows
        .iter()
        .map(|(p, _)| p.placement.person.clone())
        .collect();
    let names = export_names(&mut till, &ids, &detail, identity, by)?;
    let q = csv_field;
    print!(
        "placement,nickname,employer,sector,city,country,job_title,contract,hours_a_week,wage,currency,referred_on,stage,started_on,ended_on,end_reason,consent,consent_on"
    );
    for m in FOLLOW_UP_MONTHS {
        print!(",m{m}_on,m{m}_outcome,m{m}_same_employer,m{m}_wage,m{m}_currency");
    }
    println!("{}", if identity { ",full_name" } else { "" });
    for ((row, ups), name) in rows.iter().zip(names) {
        let p = &row.placement;
        let e = employers.get(&row.employer_id);
        let wage = p.job.wage.money();
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        print!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            row.id,
            q(&row.nickname),
            q(&p.employer),
            p.sector.code(),
            q(e.map_or("", |e| e.employer.city())),
            q(e.map_or("", |e| e.employer.country())),
            q(p.job.title()),
            p.job.contract.code(),
            p.job.hours(),
            wage.plain_text(),
            wage.currency().code(),
            p.referred_on,
            p.stage().code(),
            day(p.started_on()),
            day(p.ended().map(|(d, _)| d)),
            p.ended().map_or("", |(_, r)| r.code()),
            p.consent().map_or("", |c| if c.yes { "yes" } else { "no" }),
            day(p.consent().map(|c| c.on)),
        );
        for m in FOLLOW_UP_MONTHS {
            // The latest attempt that reached her, else the latest attempt.
            let at: Vec<_> = ups.iter().filter(|u| u.follow_up.month() == m).collect();
            let pick = at
                .iter()
                .rev()
                .find(|u| matches!(u.follow_up.outcome(), Outcome::Reached { .. }))
                .or(at.last());
            match pick.map(|u| (u.follow_up.on(), u.follow_up.outcome())) {
                None if !p.may_contact() && p.due(m).is_some_and(|d| d <= today) => {
                    print!(",,declined,,,")
                }
                None => print!(",,,,,"),
                Some((on, Outcome::NotReached)) => print!(",{on},not-reached,,,"),
                Some((
                    on,
                    Outcome::Reached {
                        employed,
                        same_employer,
                        wage,
                    },
                )) => print!(
                    ",{on},{},{},{},{}",
                    if employed { "employed" } else { "not-employed" },
                    if same_employer { "yes" } else { "no" },
                    wage.map(|w| w.money().plain_text()).unwrap_or_default(),
                    wage.map_or("", |w| w.money().currency().code()),
                ),
            }
        }
        println!(
            "{}",
            name.map(|n| format!(",{}", q(&n))).unwrap_or_default()
        );
    }
    Ok(())
}

/// `mekong indicators`: the outcome indicators over a period, with their definitions.
fn indicators(
    dir: &Path,
    from: chrono::NaiveDate,
    to: Option<chrono::NaiveDate>,
    format: IndicatorsFormat,
) -> anyhow::Result<()> {
    use crate::domain::placements::{MEDIAN_WAGE, PLACEMENT_RATE, RETENTION, Ratio, TRAINED};
    let till = Till::open(dir)?;
    let to = to.unwrap_or_else(|| till.today());
    if to < from {
        bail!("--to {to} is before --from {from}");
    }
    let i = till.indicators(from, to)?;
    let pct = |r: Ratio| r.percent().map(|p| format!("{p}%")).unwrap_or_default();
    // (indicator, breakdown, value, count, of, definition)
    let mut lines: Vec<(String, String, String, String, String, &str)> = Vec::new();
    lines.push((
        "placement_rate".into(),
        String::new(),
        pct(i.placement_rate),
        i.placement_rate.count.to_string(),
        i.placement_rate.of.to_string(),
        PLACEMENT_RATE.en,
    ));
    for r in &i.retention {
        let m = r.month;
        lines.push((
            format!("retention_{m}m"),
            String::new(),
            pct(r.rate()),
            r.employed.to_string(),
            r.due.to_string(),
            RETENTION.en,
        ));
        lines.push((
            format!("coverage_{m}m"),
            String::new(),
            pct(r.coverage()),
            r.reached.to_string(),
            r.due.to_string(),
            "",
        ));
        lines.push((
            format!("declined_contact_{m}m"),
            String::new(),
            String::new(),
            r.declined.to_string(),
            r.due.to_string(),
            "",
        ));
    }
    for (c, m) in &i.wages.starting {
        lines.push((
            "median_starting_wage".into(),
            (*c).into(),
            m.plain_text(),
            String::new(),
            String::new(),
            MEDIAN_WAGE.en,
        ));
    }
    for (c, m) in &i.wages.at_six_months {
        lines.push((
            "median_wage_6m".into(),
            (*c).into(),
            m.plain_text(),
            String::new(),
            String::new(),
            MEDIAN_WAGE.en,
        ));
    }
    for (s, n) in &i.by_sector {
        lines.push((
            "started_by_sector".into(),
            s.code().into(),
            String::new(),
            n.to_string(),
            String::new(),
            "",
        ));
    }
    for (e, n, r) in &i.by_employer {
        lines.push((
            "started_by_partner".into(),
            e.clone(),
            String::new(),
            n.to_string(),
            String::new(),
            "",
        ));
        lines.push((
            "partner_retention_6m".into(),
            e.clone(),
            pct(r.rate()),
            r.employed.to_string(),
            r.due.to_string(),
            "",
        ));
    }
    for (q, n) in &i.by_quarter {
        use chrono::Datelike;
        lines.push((
            "started_by_quarter".into(),
            format!("{}-Q{}", q.year(), q.month0() / 3 + 1),
            String::new(),
            n.to_string(),
            String::new(),
            "",
        ));
    }
    for (y, n) in &i.trained {
        lines.push((
            "women_trained".into(),
            y.to_string(),
            String::new(),
            n.to_string(),
            String::new(),
            TRAINED.en,
        ));
    }
    match format {
        IndicatorsFormat::Csv => {
            println!("indicator,breakdown,value,count,of,definition");
            for (k, b, v, n, of, d) in &lines {
                println!("{k},{},{v},{n},{of},{}", csv_field(b), csv_field(d));
            }
        }
        IndicatorsFormat::Json => {
            let rows: Vec<_> = lines
                .iter()
                .map(|(k, b, v, n, of, d)| {
                    let num = |s: &str| s.parse::<u64>().ok();
                    serde_json::json!({
                        "indicator": k, "breakdown": (!b.is_empty()).then_some(b),
                        "value": (!v.is_empty()).then_some(v),
                        "count": num(n), "of": num(of),
                        "definition": (!d.is_empty()).then_some(d),
                    })
                })
                .collect();
            let out = serde_json::json!({
                "from": from.to_string(), "to": to.to_string(),
                "as_of": i.today.to_string(), "indicators": rows,
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        IndicatorsFormat::Text => {
            println!("Indicators from {from} to {to}, as of {}", i.today);
            let mut said = std::collections::BTreeSet::new();
            for (k, b, v, n, of, d) in &lines {
                let figure = match (v.is_empty(), of.is_empty()) {
                    (false, false) => format!("{v} ({n} of {of})"),
                    (false, true) => v.clone(),
                    (true, false) => format!("{n} of {of}"),
                    (true, true) => n.clone(),
                };
                let b = if b.is_empty() {
                    String::new()
                } else {
                    format!(" {b}")
                };
                println!("{k}{b}: {figure}");
                if !d.is_empty() && said.insert(*d) {
                    println!("    {d}");
                }
            }
        }
    }
    Ok(())
}

/// `mekong certificate`: issue one to a file, or say what a code certifies.
fn certificate(
    dir: &Path,
    person: Option<String>,
    name: Option<String>,
    out: Option<PathBuf>,
    by: Option<String>,
    check: Option<String>,
) -> anyhow::Result<()> {
    let mut till = Till::open(dir)?;
    if let Some(code) = check {
        let Some((c, nickname)) = till.certificate_issued(&code)? else {
            bail!("no certificate with the code {code:?} was issued by this till");
        };
        till.log_console_export(&format!("certificate check {code}"))?;
        println!(
            "issued on {} to {} ({} track): {} to {}, {} hours, {} competencies signed off",
            c.issued,
            nickname,
            c.track,
            c.from,
            c.issued,
            c.hours,
            c.competencies.len()
        );
        for (id, on) in &c.competencies {
            println!("  {id}  signed off {on}");
        }
        return Ok(());
    }
    let (Some(person), Some(name), Some(out), Some(by)) = (person, name, out, by) else {
        bail!("--person, --name, --out and --by are needed to issue a certificate");
    };
    let who = person_called(&till, &person)?;
    let authority = manager_at_console(&mut till, &by, crate::domain::staff::Action::ManageStaff)?;
    let (c, _) = till.certificate(&who.id, &name, &authority, Some(&out))?;
    println!(
        "{}: skills certificate for {} with {} competencies, verification code {}",
        out.display(),
        who.nickname,
        c.competencies.len(),
        c.code
    );
    Ok(())
}

/// Anyone on the till (active or not) by nickname, any case.
fn person_called(till: &Till, nickname: &str) -> anyhow::Result<crate::store::people::PersonRow> {
    crate::store::people::list(till.store().conn())?
        .into_iter()
        .find(|p| p.nickname.eq_ignore_ascii_case(nickname.trim()))
        .with_context(|| format!("nobody called {nickname:?} on this till"))
}

/// The programme `staff add` was given, its cohort and mentor found by name.
fn resolve_programme(
    till: &Till,
    args: &ProgrammeArgs,
) -> anyhow::Result<crate::domain::people::Programme> {
    let mentor = match &args.mentor {
        Some(m) => Some(person_called(till, m)?.id),
        None => None,
    };
    let cohort = match &args.cohort {
        Some(name) => Some(
            till.cohorts()?
                .into_iter()
                .find(|c| c.name.eq_ignore_ascii_case(name.trim()))
                .with_context(|| {
                    format!("no cohort called {name:?}: add it with mekong people cohort")
                })?
                .id,
        ),
        None => None,
    };
    Ok(crate::domain::people::Programme {
        track: args.track.map(Into::into),
        cohort,
        started_on: args.start,
        planned_end: args.planned_end,
        mentor,
    })
}

/// Status, track, cohort, dates and mentor of a person, for one line of a list.
fn programme_text(
    p: &crate::store::people::PersonRow,
    everyone: &[crate::store::people::PersonRow],
    cohorts: &[crate::domain::people::Cohort],
) -> String {
    let mut parts = vec![p.status.code().to_owned()];
    if let Some(t) = p.programme.track {
        parts.push(t.code().to_owned());
    }
    if let Some(c) = &p.programme.cohort
        && let Some(c) = cohorts.iter().find(|k| k.id == *c)
    {
        parts.push(format!("cohort {}", c.name));
    }
    match (p.programme.started_on, p.programme.planned_end) {
        (Some(a), Some(b)) => parts.push(format!("{a} to {b}")),
        (Some(a), None) => parts.push(format!("from {a}")),
        (None, Some(b)) => parts.push(format!("until {b}")),
        (None, None) => {}
    }
    if let Some(m) = &p.programme.mentor
        && let Some(m) = everyone.iter().find(|q| q.id == *m)
    {
        parts.push(format!("mentor {}", m.nickname));
    }
    if let Some(l) = p.language {
        parts.push(format!("language {}", l.code()));
    }
    parts.join(", ")
}

fn hours(
    dir: &Path,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    format: FormatArg,
    identity: bool,
    by: Option<String>,
) -> anyhow::Result<()> {
    if to < from {
        bail!("--to {to} is before --from {from}");
    }
    if by.is_some() && !identity {
        bail!("--by is for --identity: hours with nicknames only need no PIN");
    }
    let mut till = Till::open(dir)?;
    till.close_forgotten_clock_outs()?;
    let hours = till.hours(from, to)?;
    let detail = format!("hours {from} to {to}");
    let ids: Vec<_> = hours.iter().map(|h| h.id.clone()).collect();
    let names = export_names(&mut till, &ids, &detail, identity, by)?;
    let q = csv_field;
    if format == FormatArg::Csv {
        print!("nickname,role,shifts,minutes,hours,to_review");
        println!("{}", if identity { ",full_name" } else { "" });
    }
    for (h, name) in hours.iter().zip(names) {
        let minutes = h.worked.num_minutes();
        match format {
            FormatArg::Csv => println!(
                "{},{},{},{},{:.2},{}{}",
                q(&h.nickname),
                h.role.code(),
                h.shifts,
                minutes,
                minutes as f64 / 60.0,
                h.to_review,
                name.map(|n| format!(",{}", q(&n))).unwrap_or_default()
            ),
            FormatArg::Text => println!(
                "{:<24} {:<8} {:>3} shifts {:>10}{}{}",
                h.nickname,
                h.role.code(),
                h.shifts,
                crate::domain::clock::hours_text(h.worked),
                if h.to_review > 0 {
                    format!("  {} to review", h.to_review)
                } else {
                    String::new()
                },
                name.map(|n| format!("  {n}")).unwrap_or_default()
            ),
        }
    }
    Ok(())
}

fn people(dir: &Path, action: PeopleCommand) -> anyhow::Result<()> {
    use crate::domain::staff::Action;
    match action {
        PeopleCommand::List => {
            let till = Till::open(dir)?;
            let everyone = crate::store::people::list(till.store().conn())?;
            let cohorts = till.cohorts()?;
            for p in &everyone {
                println!(
                    "{:<24} {:<8} {}",
                    p.nickname,
                    p.role.code(),
                    programme_text(p, &everyone, &cohorts)
                );
            }
        }
        PeopleCommand::Show {
            nickname,
            by,
            identity,
        } => {
            let mut till = Till::open(dir)?;
            let who = person_called(&till, &nickname)?;
            let authority = manager_at_console(&mut till, &by, Action::ManageStaff)?;
            let p = till.person(&who.id, &authority)?;
            let everyone = crate::store::people::list(till.store().conn())?;
            println!("{} ({})", p.nickname, p.role.code());
            println!("  {}", programme_text(&p, &everyone, &till.cohorts()?));
            if p.erased {
                println!("  erased on request: nothing else is kept");
            } else if identity {
                let id = till.identity(&p.id, &authority)?;
                for f in crate::domain::people::IdentityField::ALL {
                    println!("  {:<18} {}", f.code(), id.get(f));
                }
            } else if p.has_identity {
                println!("  identity kept (sealed): --identity shows it, and is logged");
            }
        }
        PeopleCommand::Erase { nickname, by } => {
            // The write-ahead log is emptied afterwards: no running till may hold it.
            let _lock = crate::app::TillLock::acquire(dir)?;
            let mut till = Till::open(dir)?;
            let who = person_called(&till, &nickname)?;
            let authority = manager_at_console(&mut till, &by, Action::ManageStaff)?;
            let new = till.erase_person(&who.id, &authority)?;
            println!(
                "{} erased: identity deleted, PIN off; her records stay as {new}",
                who.nickname
            );
        }
        PeopleCommand::Cohort {
            name,
            start,
            planned_end,
            by,
        } => {
            let mut till = Till::open(dir)?;
            let authority = manager_at_console(&mut till, &by, Action::ManageStaff)?;
            let c = till.add_cohort(&name, start, planned_end, &authority)?;
            println!("cohort {} ({} to {})", c.name, c.starts_on, c.planned_end);
        }
        PeopleCommand::Log { by, last } => {
            let mut till = Till::open(dir)?;
            let authority = manager_at_console(&mut till, &by, Action::ManageStaff)?;
            for a in till.access_log(last, &authority)? {
                println!(
                    "{}  {:<16} {:<16} {} {}",
                    a.at,
                    a.by.as_deref().unwrap_or("(console)"),
                    a.what.code(),
                    a.subject.as_deref().unwrap_or("(many)"),
                    a.detail
                );
            }
        }
    }
    Ok(())
}

/// A till whose network printer does not answer (nothing listens on the discard port).
fn unplugged_printer_till(dir: &Path) -> anyhow::Result<Till> {
    let mut config = crate::config::Config::default();
    config.printer.kind = crate::config::PrinterKind::Network;
    config.printer.address = Some("127.0.0.1:9".into());
    config.printer.timeout_seconds = 1;
    let printer = crate::app::printer_for(&config, dir);
    Ok(Till::open_with(
        dir,
        config,
        printer,
        Box::new(crate::app::SystemClock::default()),
    )?)
}

fn write_receipt(
    dir: &Path,
    order: &str,
    out: &Path,
    ticket: Option<crate::domain::menu::Station>,
) -> anyhow::Result<()> {
    let kind = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(kind.as_deref(), Some("png" | "bin")) {
        bail!(
            "--out {} must end in .png (image) or .bin (ESC/POS bytes)",
            out.display()
        );
    }
    let mut till = Till::open(dir)?;
    let sale = till.find_sale(order)?;
    let receipt = match ticket {
        None => till.render_receipt(&sale)?,
        Some(station) => till.render_ticket(&sale, station)?,
    };
    let bytes = if kind.as_deref() == Some("png") {
        png_bytes(&receipt.raster)?
    } else {
        receipt.escpos
    };
    std::fs::write(out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
    println!("{}", out.display());
    Ok(())
}
