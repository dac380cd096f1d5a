//! The menus the till has accepted, so a broken menu file never leaves the till without one,
//! and the favourites a manager pinned on the till.

use super::StoreError;
use crate::domain::menu::{Favourite, GroupId, ItemId, OptionId, VariantId};
use rusqlite::{Connection, OptionalExtension, params};

/// Remembers `source` as the last good menu, unless it is already the latest one.
pub fn remember_good_menu(
    conn: &Connection,
    source: &str,
    loaded_at: &str,
) -> Result<(), StoreError> {
    if last_good_menu(conn)?.as_deref() == Some(source) {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO menu_versions (loaded_at, source) VALUES (?1, ?2)",
        params![loaded_at, source],
    )?;
    Ok(())
}

pub fn last_good_menu(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT source FROM menu_versions ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// A favourite as the till keeps it: what it adds, not what it is called (its name comes
/// from the menu when the till starts).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PinnedChoice {
    pub item: ItemId,
    pub variant: VariantId,
    #[serde(default)]
    pub options: Vec<(GroupId, OptionId)>,
}

impl From<&Favourite> for PinnedChoice {
    fn from(f: &Favourite) -> PinnedChoice {
        PinnedChoice {
            item: f.item.clone(),
            variant: f.variant.clone(),
            options: f.options.clone(),
        }
    }
}

/// The favourites a manager pinned on this till, in order; `None` until one first did (the
/// menu file's are used until then). A list that does not read is named as corrupt.
pub fn pinned_favourites(
    conn: &Connection,
    till_id: &str,
) -> Result<Option<Vec<PinnedChoice>>, StoreError> {
    let list: Option<String> = conn
        .prepare_cached("SELECT list FROM pinned_favourites WHERE till_id = ?1")?
        .query_row([till_id], |r| r.get(0))
        .optional()?;
    list.map(|l| {
        serde_json::from_str(&l)
            .map_err(|e| StoreError::Corrupt(format!("the pinned favourites do not read: {e}")))
    })
    .transpose()
}

/// Keeps `list` as this till's favourites, changed by `staff_id` at `at`.
pub fn pin_favourites(
    conn: &Connection,
    till_id: &str,
    list: &[PinnedChoice],
    staff_id: &str,
    at: &str,
) -> Result<(), StoreError> {
    let list = serde_json::to_string(list).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO pinned_favourites (till_id, list, changed_by, changed_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (till_id) DO UPDATE SET
             list = excluded.list, changed_by = excluded.changed_by, changed_at = excluded.changed_at",
    )?
    .execute(params![till_id, list, staff_id, at])?;
    Ok(())
}
