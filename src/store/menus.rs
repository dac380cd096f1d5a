//! The menus the till has accepted, so a broken menu file never leaves the till without one.

use super::StoreError;
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
