//! The key that seals people's identity (full name, phone, emergency contact, note).
//!
//! It lives in `identity.key` in the data directory, 32 random bytes, readable by the till's
//! user only (0600), made on the first run. Each field is sealed on its own with
//! XChaCha20-Poly1305 under a fresh random nonce, bound to the person and the field, so a value
//! cannot be moved to another person or field without failing to open. A copy of
//! `mekong.sqlite` without the key shows nothing; a key file that is missing while sealed
//! values exist is never replaced by a new one (that would lose them).

use crate::domain::people::{Identity, IdentityField};
use crate::domain::staff::StaffId;
use crate::store::people::SealedIdentity;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const KEY_FILE: &str = "identity.key";
const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "the identity key file {0} is missing, but this till holds sealed identities: copy the key back from the backup it was saved with (a new key would not open them). Without it the till cannot start"
    )]
    Missing(PathBuf),
    #[error(
        "cannot read the identity key file {path}: {source}. Check its owner and permissions (it should be readable by the till's user only, mode 0600)"
    )]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the identity key file {path} is {len} bytes, not {KEY_LEN}: it is damaged or not a key. Restore it from the backup it was saved with"
    )]
    Damaged { path: PathBuf, len: usize },
    #[error("cannot make the identity key file {path}: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "a sealed {field} of person {person} does not open with this till's identity key (another till's key, or the value was changed)"
    )]
    WontOpen {
        person: StaffId,
        field: &'static str,
    },
}

/// The identity key. Never printed, never copied into the database.
pub struct IdentityKey {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for IdentityKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentityKey(..)")
    }
}

impl IdentityKey {
    /// Reads the key in `dir`, or makes one when there is none and nothing is sealed yet.
    pub fn load_or_create(dir: &Path, anything_sealed: bool) -> Result<IdentityKey, KeyError> {
        let path = dir.join(KEY_FILE);
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() == KEY_LEN => Ok(Self::from_bytes(&bytes)),
            Ok(bytes) => Err(KeyError::Damaged {
                path,
                len: bytes.len(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if anything_sealed {
                    return Err(KeyError::Missing(path));
                }
                Self::create(&path)
            }
            Err(source) => Err(KeyError::Unreadable { path, source }),
        }
    }

    fn create(path: &Path) -> Result<IdentityKey, KeyError> {
        let mut bytes = [0u8; KEY_LEN];
        rand::rng().fill_bytes(&mut bytes);
        let err = |source| KeyError::Create {
            path: path.to_owned(),
            source,
        };
        let mut file = create_owner_only(path).map_err(err)?;
        file.write_all(&bytes).map_err(err)?;
        file.sync_all().map_err(err)?;
        Ok(Self::from_bytes(&bytes))
    }

    fn from_bytes(bytes: &[u8]) -> IdentityKey {
        IdentityKey {
            cipher: XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(bytes)),
        }
    }

    fn aad(person: &StaffId, field: IdentityField) -> String {
        format!("mekong identity 1|{person}|{}", field.code())
    }

    /// Seals every non-empty field of `identity` for `person`.
    pub fn seal(&self, person: &StaffId, identity: &Identity) -> SealedIdentity {
        let fields = IdentityField::ALL
            .into_iter()
            .filter(|f| !identity.get(*f).is_empty())
            .map(|f| {
                let mut nonce = [0u8; NONCE_LEN];
                rand::rng().fill_bytes(&mut nonce);
                let aad = Self::aad(person, f);
                let sealed = self
                    .cipher
                    .encrypt(
                        XNonce::from_slice(&nonce),
                        Payload {
                            msg: identity.get(f).as_bytes(),
                            aad: aad.as_bytes(),
                        },
                    )
                    .expect("XChaCha20-Poly1305 seals any message shorter than 256 GiB");
                let mut value = nonce.to_vec();
                value.extend_from_slice(&sealed);
                (f, value)
            })
            .collect();
        SealedIdentity { fields }
    }

    /// Opens a sealed identity; a value that was moved, changed or sealed under another key
    /// is refused by name.
    pub fn open(&self, person: &StaffId, sealed: &SealedIdentity) -> Result<Identity, KeyError> {
        let mut identity = Identity::default();
        for (f, value) in &sealed.fields {
            let wont_open = || KeyError::WontOpen {
                person: person.clone(),
                field: f.code(),
            };
            if value.len() < NONCE_LEN {
                return Err(wont_open());
            }
            let (nonce, body) = value.split_at(NONCE_LEN);
            let aad = Self::aad(person, *f);
            let plain = self
                .cipher
                .decrypt(
                    XNonce::from_slice(nonce),
                    Payload {
                        msg: body,
                        aad: aad.as_bytes(),
                    },
                )
                .map_err(|_| wont_open())?;
            identity.set(*f, String::from_utf8(plain).map_err(|_| wont_open())?);
        }
        Ok(identity)
    }
}

/// Creates a file only its owner may read (0600), never over an existing one: for secrets
/// (the identity key, a backup's recovery key, what a restore unpacks).
pub(crate) fn create_owner_only(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Identity {
        Identity {
            full_name: "Khamla Vongsa".into(),
            phone: "+856 20 5555 1234".into(),
            emergency_contact: String::new(),
            note: "ມັກເຮັດກາເຟ".into(),
        }
    }

    #[test]
    fn a_sealed_identity_opens_with_its_key_for_its_person_only() {
        let dir = tempfile::tempdir().unwrap();
        let key = IdentityKey::load_or_create(dir.path(), false).unwrap();
        let person = StaffId::from("p1");
        let sealed = key.seal(&person, &sample());
        // Empty fields are not stored; none of the values shows in the sealed bytes.
        assert_eq!(sealed.fields.len(), 3);
        for (_, v) in &sealed.fields {
            let text = String::from_utf8_lossy(v);
            assert!(!text.contains("Khamla") && !text.contains("5555"));
        }
        assert_eq!(key.open(&person, &sealed).unwrap(), sample());
        // Moved to another person, or another field: refused.
        assert!(key.open(&StaffId::from("p2"), &sealed).is_err());
        let mut swapped = sealed.clone();
        swapped.fields[0].0 = IdentityField::Note;
        assert!(key.open(&person, &swapped).is_err());
        // The same key read back from its file opens it; a new key does not.
        let again = IdentityKey::load_or_create(dir.path(), true).unwrap();
        assert_eq!(again.open(&person, &sealed).unwrap(), sample());
        let other = tempfile::tempdir().unwrap();
        let stranger = IdentityKey::load_or_create(other.path(), false).unwrap();
        assert!(matches!(
            stranger.open(&person, &sealed),
            Err(KeyError::WontOpen { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_the_tills_users_only_and_never_remade_over_sealed_data() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        IdentityKey::load_or_create(dir.path(), false).unwrap();
        let path = dir.path().join(KEY_FILE);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(
            IdentityKey::load_or_create(dir.path(), true),
            Err(KeyError::Missing(_))
        ));
        assert!(!path.exists());
        std::fs::write(&path, b"short").unwrap();
        assert!(matches!(
            IdentityKey::load_or_create(dir.path(), true),
            Err(KeyError::Damaged { len: 5, .. })
        ));
    }
}
