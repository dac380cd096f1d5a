//! Encrypted backups and a checked restore.
//!
//! A backup is one file, `mekong-<till>-<YYYYMMDD-HHMMSS>-<journal seq>.age`: a tar of the database (a copy
//! made with SQLite's online backup API, consistent while the till sells), the identity key
//! file and a manifest, encrypted with age to the recipients in `[backup] recipients`. Without
//! one of their secret keys it shows nothing: not a name, not a sale.
//!
//! A restore decrypts into a scratch directory beside the data, checks the copy (integrity,
//! the journal's chain, and that it still holds the journal head of the last Z report), puts
//! the current files aside in `replaced-<time>/`, and only then moves the backup's in.

use super::{AppError, DB_FILE, TillLock, identity, verify};
use crate::config::Config;
use crate::store::{Store, StoreError, journal, print_jobs};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const MANIFEST: &str = "backup.json";
/// The files every backup holds.
const MEMBERS: [&str; 3] = [MANIFEST, DB_FILE, identity::KEY_FILE];
/// The till's own files, held when they are there: the settings (till id, printer, keys), the
/// menu and the skills framework, so a new till box sells as the old one did. Nothing else is
/// ever taken out of a backup.
const OPTIONAL: [&str; 3] = [crate::config::FILE_NAME, super::MENU_FILE, "skills.toml"];

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "no backup keys: put the café's recovery key (from `mekong backup keygen --out FILE`) and head office's key in [backup] recipients in mekong.toml"
    )]
    NoRecipients,
    #[error("no backup directory: give --to DIR, or set [backup] dir in mekong.toml")]
    NoDir,
    #[error("{what} {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} already exists: a key file is never overwritten; choose another --out")]
    KeyExists(PathBuf),
    #[error("{path} holds no age secret key (AGE-SECRET-KEY-1…): {why}")]
    BadKey { path: PathBuf, why: String },
    #[error(
        "{path} was not encrypted to this key: use the recovery key whose public key is in [backup] recipients"
    )]
    WrongKey { path: PathBuf },
    #[error(
        "{path} is not a whole Mekong backup (cut short, changed, or not a backup): {why}. Nothing was restored"
    )]
    Damaged { path: PathBuf, why: String },
    #[error("the backup's database does not check out, so it was not restored:\n{0}")]
    Fails(String),
    #[error(
        "the backup does not hold the journal head {head} (printed on the Z report): restoring it would lose sales already reported. Nothing was restored; use a newer backup, or --force if you are sure"
    )]
    OlderThanHead { head: String },
    #[error(
        "the backup is older than this till's database (its journal runs to record {here}, the backup's to {backup}): restoring it would lose the sales made since. Nothing was restored; use a newer backup, or --force if you are sure"
    )]
    OlderThanHere { here: i64, backup: u64 },
    #[error("the backup could not be written: {0}")]
    Write(String),
    #[error("the backup stopped on a fault in the program (written in the log)")]
    Fault,
    #[error("{0} is not there: is the USB stick in? (a backup is never written anywhere else)")]
    DirMissing(PathBuf),
    #[error(
        "{0} cannot be read, so the backup would not open the people's identities: nothing was written"
    )]
    KeyUnreadable(PathBuf),
    #[error(
        "the current database cannot be read ({0}), so the backup cannot be checked against the last Z report: give that report's journal head with --head SEQ:HEX (printed at its foot), or --force"
    )]
    NoHeadToCheck(String),
    #[error(
        "the backup is of till {backup}, and this data directory is till {here}'s: nothing was restored (--force to restore it anyway)"
    )]
    OtherTill { backup: String, here: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    App(#[from] Box<AppError>),
}

impl From<AppError> for BackupError {
    fn from(e: AppError) -> Self {
        BackupError::App(Box::new(e))
    }
}

fn io<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> BackupError + 'a {
    move |source| BackupError::Io {
        what,
        path: path.to_owned(),
        source,
    }
}

/// What a backup says about itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub till_id: String,
    pub taken_at: String,
    pub schema: i64,
    /// The journal's last record when the copy was taken (sequence number, hash).
    pub journal_seq: i64,
    pub journal_hash: String,
    pub program: String,
}

/// Progress of a backup or restore, for a progress bar: bytes done of the total.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// A backup made.
#[derive(Debug, Clone)]
pub struct Made {
    pub file: PathBuf,
    pub manifest: Manifest,
    pub bytes: u64,
    /// Older backups deleted to keep `[backup] keep`.
    pub deleted: Vec<PathBuf>,
}

fn recipients(config: &Config) -> Result<Vec<age::x25519::Recipient>, BackupError> {
    let keys: Vec<age::x25519::Recipient> = config
        .backup
        .recipients
        .iter()
        .filter_map(|r| r.trim().parse().ok())
        .collect();
    if keys.is_empty() {
        return Err(BackupError::NoRecipients);
    }
    Ok(keys)
}

/// Makes an encrypted backup of `data_dir` into `to` (default `[backup] dir`), then deletes
/// this till's oldest backups there beyond `[backup] keep`. Safe while the till runs.
pub fn backup(
    data_dir: &Path,
    config: &Config,
    to: Option<&Path>,
    now: chrono::DateTime<chrono::FixedOffset>,
    progress: Progress,
) -> Result<Made, BackupError> {
    let to = to
        .map(Path::to_owned)
        .or_else(|| config.backup.dir.clone())
        .ok_or(BackupError::NoDir)?;
    let keys = recipients(config)?;
    if !to.is_dir() {
        return Err(BackupError::DirMissing(to));
    }
    let till = &config.site.till_id;
    sweep(data_dir);

    // The copy, in the data directory (no less private than the database itself), removed
    // whatever happens.
    let copy = data_dir.join(format!(".backup-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&copy);
    struct Remove<'a>(&'a Path);
    impl Drop for Remove<'_> {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(self.0);
            // A read of the copy (it is in WAL mode, like the till's) leaves these.
            for end in ["-wal", "-shm", "-journal"] {
                let mut side = self.0.as_os_str().to_owned();
                side.push(end);
                let _ = std::fs::remove_file(side);
            }
        }
    }
    let _remove = Remove(&copy);
    let store = Store::open_read_only(&data_dir.join(DB_FILE))?;
    let size = store.snapshot_to(&copy)?;
    drop(store);
    let snapshot = Store::open_read_only(&copy)?;
    let (journal_seq, journal_hash) =
        journal::head(snapshot.conn(), till)?.unwrap_or((0, String::new()));
    let manifest = Manifest {
        format: 1,
        till_id: till.clone(),
        taken_at: now.to_rfc3339(),
        schema: snapshot.schema_version()?,
        journal_seq,
        journal_hash,
        program: env!("CARGO_PKG_VERSION").into(),
    };
    drop(snapshot);
    let key_path = data_dir.join(identity::KEY_FILE);
    let key = std::fs::read(&key_path).map_err(|_| BackupError::KeyUnreadable(key_path.clone()))?;
    let own_files: Vec<(&str, Vec<u8>)> = OPTIONAL
        .iter()
        .filter_map(|n| std::fs::read(data_dir.join(n)).ok().map(|b| (*n, b)))
        .collect();

    // The time, then the journal's length: names sort oldest first.
    let name = format!(
        "mekong-{till}-{}-{journal_seq:08}.age",
        now.format("%Y%m%d-%H%M%S")
    );
    let file = to.join(&name);
    // Written under another name, synced, then renamed: a backup cut short by a pulled stick
    // or a power cut never looks whole.
    let partial = to.join(format!("{name}.partial"));
    let written = (|| -> Result<u64, BackupError> {
        let out = std::fs::File::create(&partial).map_err(io("cannot write", &partial))?;
        let encryptor =
            age::Encryptor::with_recipients(keys.iter().map(|k| k as &dyn age::Recipient))
                .map_err(|e| BackupError::Write(e.to_string()))?;
        let sealed = encryptor
            .wrap_output(std::io::BufWriter::new(out))
            .map_err(io("cannot write", &partial))?;
        let mut tar = tar::Builder::new(Counting {
            inner: sealed,
            done: 0,
            total: size,
            progress,
        });
        let put = |tar: &mut tar::Builder<_>, member: &str, bytes: &mut dyn Read, len: u64| {
            let mut header = tar::Header::new_gnu();
            header.set_size(len);
            header.set_mode(0o600);
            header.set_mtime(now.timestamp().max(0) as u64);
            header.set_cksum();
            tar.append_data(&mut header, member, bytes)
                .map_err(io("cannot write", &partial))
        };
        let json =
            serde_json::to_vec_pretty(&manifest).map_err(|e| BackupError::Write(e.to_string()))?;
        put(&mut tar, MANIFEST, &mut json.as_slice(), json.len() as u64)?;
        let db = std::fs::File::open(&copy).map_err(io("cannot read", &copy))?;
        put(&mut tar, DB_FILE, &mut std::io::BufReader::new(db), size)?;
        put(
            &mut tar,
            identity::KEY_FILE,
            &mut key.as_slice(),
            key.len() as u64,
        )?;
        for (name, bytes) in &own_files {
            put(&mut tar, name, &mut bytes.as_slice(), bytes.len() as u64)?;
        }
        let counting = tar.into_inner().map_err(io("cannot write", &partial))?;
        let out = counting
            .inner
            .finish()
            .map_err(io("cannot write", &partial))?;
        let file = out.into_inner().map_err(|e| BackupError::Io {
            what: "cannot write",
            path: partial.clone(),
            source: e.into_error(),
        })?;
        file.sync_all().map_err(io("cannot write", &partial))?;
        Ok(file.metadata().map(|m| m.len()).unwrap_or(0))
    })();
    let bytes = match written {
        Ok(b) => b,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, &file).map_err(io("cannot write", &file))?;
    if let Ok(d) = std::fs::File::open(&to) {
        let _ = d.sync_all();
    }
    let deleted = prune(&to, till, config.backup.keep as usize, &file)?;
    Ok(Made {
        file,
        manifest,
        bytes,
        deleted,
    })
}

/// Deletes this till's oldest backups in `dir` beyond `keep`: oldest by how far their journal
/// goes (the last part of the name), not by the clock, which can be set back; never `newest`,
/// the one just written.
fn prune(dir: &Path, till: &str, keep: usize, newest: &Path) -> Result<Vec<PathBuf>, BackupError> {
    let prefix = format!("mekong-{till}-");
    let mut ours: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io("cannot read", dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".age"))
        })
        .collect();
    let seq = |p: &PathBuf| -> i64 {
        p.file_stem()
            .and_then(|n| n.to_str())
            .and_then(|n| n.rsplit('-').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    ours.sort_by_key(|p| (seq(p), p.clone()));
    ours.retain(|p| p != newest);
    let extra = (ours.len() + 1).saturating_sub(keep);
    let old: Vec<PathBuf> = ours.into_iter().take(extra).collect();
    for p in &old {
        std::fs::remove_file(p).map_err(io("cannot delete the old backup", p))?;
    }
    Ok(old)
}

/// Counts what goes through, for the progress bar.
struct Counting<'a, W: Write> {
    inner: W,
    done: u64,
    total: u64,
    progress: Progress<'a>,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.done += n as u64;
        (self.progress)(self.done.min(self.total), self.total);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A new recovery key: the secret is written to `out` (readable by its owner only, never
/// overwritten); returns the public key to put in `[backup] recipients`.
pub fn keygen(
    out: &Path,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<String, BackupError> {
    use age::secrecy::ExposeSecret;
    let secret = age::x25519::Identity::generate();
    let public = secret.to_public().to_string();
    let mut file = super::identity::create_owner_only(out).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            BackupError::KeyExists(out.to_owned())
        } else {
            BackupError::Io {
                what: "cannot write the key",
                path: out.to_owned(),
                source: e,
            }
        }
    })?;
    let text = format!(
        "# Mekong Till backup recovery key, made {}\n# public key: {public}\n{}\n",
        now.to_rfc3339(),
        secret.to_string().expose_secret()
    );
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io("cannot write the key", out))?;
    Ok(public)
}

/// A restore done.
#[derive(Debug, Clone)]
pub struct Restored {
    pub manifest: Manifest,
    /// Where the files it replaced were put, if there were any.
    pub kept_aside: Option<PathBuf>,
    pub sales: u64,
    /// Receipts the backup still had to print: held for a person, as copies.
    pub held: usize,
}

/// Removes what a backup or restore stopped by a power cut left beside the data: a plain
/// copy of the database, or a scratch directory with the decrypted files.
/// Only those of processes that are gone: another backup may be running now.
fn sweep(data_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return;
    };
    let gone = |rest: &str| {
        let pid: String = rest.chars().take_while(char::is_ascii_digit).collect();
        !pid.is_empty()
            && pid != std::process::id().to_string()
            && !Path::new("/proc").join(&pid).exists()
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(rest) = name.strip_prefix(".restore-")
            && gone(rest)
        {
            let _ = std::fs::remove_dir_all(e.path());
        } else if let Some(rest) = name.strip_prefix(".backup-")
            && gone(rest)
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Restores the backup `file` into `data_dir` with the secret key in `identity_file`.
///
/// The backup is decrypted into a scratch directory (readable by the owner only), brought to
/// this program's schema, and checked: integrity, the journal's chain, every sale, and a till
/// id that is the one its sales carry. Then, unless `force`:
/// - `head` (the journal head printed on a Z report), when given, must be in it;
/// - when the data directory has a database that can be read, the backup must be of the same
///   till and hold that database's whole journal: a restore never takes back sales the till
///   has made since the backup;
/// - when it has one that cannot be read, `head` is needed.
///
/// Receipts the backup had waiting are held, as copies (they may have printed after it was
/// taken). The current files go aside into a new `replaced-<time>/`; if moving the backup's in
/// fails, they are put back.
pub fn restore(
    file: &Path,
    identity_file: &Path,
    data_dir: &Path,
    head: Option<&verify::Head>,
    force: bool,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Restored, BackupError> {
    let key_text =
        std::fs::read_to_string(identity_file).map_err(io("cannot read", identity_file))?;
    let identities = age::IdentityFile::from_buffer(key_text.as_bytes())
        .map_err(|e| e.to_string())
        .and_then(|f| f.into_identities().map_err(|e| e.to_string()))
        .and_then(|ids| {
            if ids.is_empty() {
                Err("the file has no key in it".into())
            } else {
                Ok(ids)
            }
        })
        .map_err(|why| BackupError::BadKey {
            path: identity_file.to_owned(),
            why,
        })?;
    let _lock = TillLock::acquire(data_dir)?;
    sweep(data_dir);

    let scratch = data_dir.join(format!(".restore-{}", std::process::id()));
    private_dir(&scratch)?;
    struct RemoveDir<'a>(&'a Path);
    impl Drop for RemoveDir<'_> {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(self.0);
        }
    }
    let _remove = RemoveDir(&scratch);
    let (manifest, members) = unpack(file, &identities, &scratch)?;

    // Brought to this program's schema (a backup from an earlier version), and its waiting
    // receipts held as copies: they may have printed after the backup was taken.
    let (held, till) = {
        let mut copy = Store::open(&scratch.join(DB_FILE))?;
        let held = print_jobs::hold_all_as_copies(&mut copy)?;
        let till = crate::store::sales::till_of(copy.conn())?;
        copy.checkpoint_truncate()?;
        (held, till.unwrap_or_else(|| manifest.till_id.clone()))
    };
    let report = verify::verify(&scratch)?;
    if !report.is_ok() {
        return Err(BackupError::Fails(report.problems.join("\n")));
    }
    if !force {
        if let Some(h) = head {
            holds(&scratch, h, None)?;
        }
        let current = data_dir.join(DB_FILE);
        if current.exists() {
            // Whose till this is: its sales say, else its settings (a till that has not sold
            // yet has a journal all the same: its shifts, cash moves, staff).
            let configured = std::fs::read_to_string(data_dir.join(crate::config::FILE_NAME))
                .ok()
                .and_then(|t| Config::parse(&data_dir.join(crate::config::FILE_NAME), &t).ok())
                .map(|c| c.site.till_id);
            match Store::open_read_only(&current).and_then(|s| {
                let here = crate::store::sales::till_of(s.conn())?.or(configured);
                let last = journal::head(s.conn(), here.as_deref().unwrap_or(&till))?;
                Ok((here, last))
            }) {
                Ok((here, last)) => {
                    if let Some(here) = here.filter(|h| *h != till) {
                        return Err(BackupError::OtherTill {
                            backup: till.clone(),
                            here,
                        });
                    }
                    if let Some((seq, hash)) = last {
                        let h = verify::Head {
                            seq,
                            hash_prefix: hash,
                        };
                        holds(&scratch, &h, Some(report.records))?;
                    }
                }
                Err(e) if head.is_none() => {
                    return Err(BackupError::NoHeadToCheck(e.to_string()));
                }
                // Unreadable, but the Z report's head was given and the backup holds it.
                Err(_) => {}
            }
        }
    }

    // The current database and key go aside into a directory of their own (never over
    // another), then the backup's come in; a failure on the way puts the current ones back.
    // The settings, menu and skills files come in only where there are none: a till's own
    // (its keys may have been changed since) stay, and the backup's are left beside them as
    // `NAME.from-backup`.
    let movable = [
        DB_FILE.to_owned(),
        identity::KEY_FILE.to_owned(),
        format!("{DB_FILE}-wal"),
        format!("{DB_FILE}-shm"),
    ];
    let present: Vec<&String> = movable
        .iter()
        .filter(|n| data_dir.join(n).exists())
        .collect();
    let put_back = |aside: &Path, moved: &[&String]| {
        for n in moved {
            let _ = std::fs::rename(aside.join(n), data_dir.join(n));
        }
    };
    let kept_aside = if present.is_empty() {
        None
    } else {
        let aside = new_dir(
            data_dir,
            &format!("replaced-{}", now.format("%Y%m%d-%H%M%S")),
        )?;
        for (i, n) in present.iter().enumerate() {
            if let Err(e) = std::fs::rename(data_dir.join(n), aside.join(n)) {
                put_back(&aside, &present[..i]);
                return Err(io("cannot move aside", &data_dir.join(n))(e));
            }
        }
        Some(aside)
    };
    let mut moved_in: Vec<PathBuf> = Vec::new();
    for n in &members {
        let from = scratch.join(n);
        let essential = *n == DB_FILE || *n == identity::KEY_FILE;
        let to = if !essential && data_dir.join(n).exists() {
            data_dir.join(format!("{n}.from-backup"))
        } else {
            data_dir.join(n)
        };
        if let Err(e) = std::fs::rename(&from, &to) {
            for p in &moved_in {
                let _ = std::fs::remove_file(p);
            }
            if let Some(aside) = &kept_aside {
                put_back(aside, &present);
            }
            return Err(io("cannot move in", &from)(e));
        }
        moved_in.push(to);
    }
    if let Ok(d) = std::fs::File::open(data_dir) {
        let _ = d.sync_all();
    }
    Ok(Restored {
        manifest,
        kept_aside,
        sales: report.sales,
        held,
    })
}

/// The restored copy in `scratch` must hold `head`: its record at that sequence number, with
/// that hash. `records` is set when the head is the current database's own.
fn holds(scratch: &Path, head: &verify::Head, records: Option<u64>) -> Result<(), BackupError> {
    if verify::verify_against(scratch, Some(head))?.is_ok() {
        return Ok(());
    }
    let head_text = format!("{}:{}", head.seq, head.hash_prefix);
    Err(match records {
        Some(backup) => BackupError::OlderThanHere {
            here: head.seq,
            backup,
        },
        None => BackupError::OlderThanHead { head: head_text },
    })
}

/// A directory readable by its owner only.
fn private_dir(path: &Path) -> Result<(), BackupError> {
    let _ = std::fs::remove_dir_all(path);
    let mut b = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(path).map_err(io("cannot make", path))
}

/// A new directory `name` in `parent` (`name-2`, `name-3` … when it is taken).
fn new_dir(parent: &Path, name: &str) -> Result<PathBuf, BackupError> {
    for n in 1..1000 {
        let path = if n == 1 {
            parent.join(name)
        } else {
            parent.join(format!("{name}-{n}"))
        };
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io("cannot make", &path)(e)),
        }
    }
    Err(io("cannot make", &parent.join(name))(
        std::io::Error::other("a thousand directories of that name"),
    ))
}

/// Decrypts `file` and takes its members out into `into` (readable by the owner only): only
/// the files a backup holds, each once. Returns its manifest and the members it held, the
/// manifest aside.
fn unpack(
    file: &Path,
    identities: &[Box<dyn age::Identity>],
    into: &Path,
) -> Result<(Manifest, Vec<&'static str>), BackupError> {
    let damaged = |why: String| BackupError::Damaged {
        path: file.to_owned(),
        why,
    };
    let input = std::fs::File::open(file).map_err(io("cannot read", file))?;
    let decryptor = age::Decryptor::new_buffered(std::io::BufReader::new(input))
        .map_err(|e| damaged(e.to_string()))?;
    let plain = decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => BackupError::WrongKey {
                path: file.to_owned(),
            },
            other => damaged(other.to_string()),
        })?;
    let mut archive = tar::Archive::new(plain);
    let mut seen: Vec<&'static str> = Vec::new();
    for entry in archive.entries().map_err(|e| damaged(e.to_string()))? {
        let mut entry = entry.map_err(|e| damaged(e.to_string()))?;
        let name = entry
            .path()
            .map_err(|e| damaged(e.to_string()))?
            .to_string_lossy()
            .into_owned();
        let Some(member) = MEMBERS.iter().chain(&OPTIONAL).find(|m| **m == name) else {
            return Err(damaged(format!("it holds {name:?}, which no backup holds")));
        };
        if seen.contains(member) {
            return Err(damaged(format!("it holds {name} twice")));
        }
        seen.push(member);
        let to = into.join(member);
        let mut out = super::identity::create_owner_only(&to).map_err(io("cannot write", &to))?;
        // An age stream that was cut or changed fails here, at the chunk that is wrong.
        std::io::copy(&mut entry, &mut out).map_err(|e| damaged(e.to_string()))?;
        out.sync_all().map_err(io("cannot write", &to))?;
    }
    // Read to the end: the last chunk's tag is checked there, so a cut end shows.
    std::io::copy(&mut archive.into_inner(), &mut std::io::sink())
        .map_err(|e| damaged(e.to_string()))?;
    for needed in MEMBERS {
        if !seen.contains(&needed) {
            return Err(damaged(format!("it has no {needed}")));
        }
    }
    let text = std::fs::read(into.join(MANIFEST)).map_err(io("cannot read", into))?;
    let manifest =
        serde_json::from_slice(&text).map_err(|e| damaged(format!("its manifest: {e}")))?;
    let _ = std::fs::remove_file(into.join(MANIFEST));
    seen.retain(|m| *m != MANIFEST);
    Ok((manifest, seen))
}
