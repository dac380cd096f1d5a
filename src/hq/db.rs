//! Head office's storage: the same queries over SQLite (a file in the data directory) or
//! PostgreSQL, through sqlx's `Any` driver. Placeholders are `$1`, integers BIGINT, sums are
//! made in Rust (PostgreSQL's `sum(bigint)` is NUMERIC, which `Any` does not carry).

use crate::sync::wire::{Batch, Receipt};
use crate::sync::{Period, Value};
use sha2::{Digest, Sha256};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("head office's database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
}

/// Which database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

const SQLITE: &[&str] = &[include_str!("../../migrations/hq/sqlite/0001_hq.sql")];
const POSTGRES: &[&str] = &[include_str!("../../migrations/hq/postgres/0001_hq.sql")];

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    pub kind: Kind,
}

/// A registered site, as the dashboard lists it.
#[derive(Debug, Clone)]
pub struct Site {
    pub id: i64,
    pub name: String,
    pub added_at: i64,
    pub last_sync_at: Option<i64>,
    pub last_seq: i64,
}

/// A stored value with its key.
#[derive(Debug, Clone)]
pub struct Stored {
    pub site: String,
    pub period: String,
    pub indicator: String,
    pub breakdown: String,
    pub value: Value,
}

/// What head office keeps of the token's hash that a till presents: a hash of it again, so
/// its database alone does not let anyone present it.
fn stored_token(presented: &str) -> String {
    crate::sync::wire::hex(&Sha256::digest(presented.as_bytes()))
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

impl Db {
    /// Opens `url` (`postgres://…`), or `DIR/hq.db` when none, and brings its schema up to date.
    pub async fn open(data_dir: &std::path::Path, url: Option<&str>) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let (url, kind) = match url {
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                (u.to_owned(), Kind::Postgres)
            }
            Some(u) => {
                return Err(DbError::Invalid(format!(
                    "--database {u:?}: only postgres:// is supported (SQLite is the default, in --data-dir)"
                )));
            }
            None => {
                std::fs::create_dir_all(data_dir).map_err(|e| {
                    DbError::Invalid(format!("cannot make {}: {e}", data_dir.display()))
                })?;
                (
                    format!("sqlite://{}?mode=rwc", data_dir.join("hq.db").display()),
                    Kind::Sqlite,
                )
            }
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if kind == Kind::Sqlite { 4 } else { 16 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if kind == Kind::Sqlite {
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA busy_timeout = 10000")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA foreign_keys = ON")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let db = Db { pool, kind };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), DbError> {
        let steps = match self.kind {
            Kind::Sqlite => SQLITE,
            Kind::Postgres => POSTGRES,
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS hq_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        )
        .execute(&mut *tx)
        .await?;
        if self.kind == Kind::Postgres {
            // Two services starting at once migrate one after the other.
            sqlx::query("LOCK TABLE hq_migrations IN EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await?;
        }
        let done: i64 = sqlx::query("SELECT count(*) FROM hq_migrations")
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        if done as usize > steps.len() {
            return Err(DbError::Invalid(format!(
                "the database is at schema {done}, newer than this program ({}): use a newer mekong",
                steps.len()
            )));
        }
        for (i, sql) in steps.iter().enumerate().skip(done as usize) {
            sqlx::raw_sql(*sql).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO hq_migrations (version, applied_at) VALUES ($1, $2)")
                .bind(i as i64 + 1)
                .bind(now())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Registers a site and returns its token, which is shown once and never kept.
    pub async fn add_site(&self, name: &str) -> Result<String, DbError> {
        let name = name.trim();
        if !crate::sync::wire::site_name_ok(name) {
            return Err(DbError::Invalid(format!(
                "{name:?}: a site's name is 1 to 40 plain ASCII letters, digits, spaces, dots, dashes or underscores (the till's [sync] site)"
            )));
        }
        let token = crate::sync::wire::new_token();
        let added = sqlx::query(
            "INSERT INTO sites (name, token_hash, signing_key, added_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(stored_token(&crate::sync::wire::token_hash(&token)))
        .bind(crate::sync::wire::signing_key(&token))
        .bind(now())
        .execute(&self.pool)
        .await?;
        if added.rows_affected() == 0 {
            return Err(DbError::Conflict(format!(
                "site {name:?} is already registered"
            )));
        }
        Ok(token)
    }

    /// The site a token belongs to, by the token's hash: (id, name, signing key).
    pub async fn site_by_token_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<(i64, String, String)>, DbError> {
        let row = sqlx::query("SELECT id, name, signing_key FROM sites WHERE token_hash = $1")
            .bind(stored_token(token_hash))
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)),
            None => None,
        })
    }

    /// Stores a checked batch from `site_id` in one transaction: its id once, its values
    /// upserted (a later batch of the site wins over an earlier one, whatever order they
    /// arrive in). The same id again with the same body gets the same receipt; with another
    /// body, a conflict.
    pub async fn ingest(
        &self,
        site_id: i64,
        batch: &Batch,
        body: &[u8],
    ) -> Result<Receipt, DbError> {
        let body_hash = crate::sync::wire::hex(&Sha256::digest(body));
        let id = batch.id.to_string();
        let mut tx = self.pool.begin().await?;
        let fresh = sqlx::query(
            "INSERT INTO batches (id, site_id, seq, body_hash, stored, received_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&id)
        .bind(site_id)
        .bind(batch.seq)
        .bind(&body_hash)
        .bind(batch.summaries.len() as i64)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !fresh {
            let row = sqlx::query("SELECT site_id, body_hash, stored FROM batches WHERE id = $1")
                .bind(&id)
                .fetch_one(&mut *tx)
                .await?;
            let (was_site, was_hash, stored): (i64, String, i64) =
                (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            tx.rollback().await?;
            if was_site != site_id || was_hash != body_hash {
                return Err(DbError::Conflict(format!(
                    "batch {id} was already stored with another body: a batch is never changed, a change makes a new batch"
                )));
            }
            return Ok(Receipt {
                batch: batch.id,
                stored: stored as usize,
            });
        }
        // A day's final journal head (taken after the day was over) is kept as first
        // received: one offered again differently is recorded, never taken.
        let mut stored = 0u64;
        for s in &batch.summaries {
            let period = s.period.key();
            if s.indicator == "journal_head" {
                let kept = sqlx::query(
                    "SELECT kind, number, text FROM summary_values
                     WHERE site_id = $1 AND period = $2 AND indicator = 'journal_head' AND breakdown = ''",
                )
                .bind(site_id)
                .bind(&period)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(kept) = kept {
                    let (kind, number, text): (String, Option<i64>, Option<String>) =
                        (kept.try_get(0)?, kept.try_get(1)?, kept.try_get(2)?);
                    if kind == "anchor_closed" {
                        if number != s.value.number() || text.as_deref() != s.value.text() {
                            sqlx::query(
                                "INSERT INTO anchor_conflicts (site_id, period, kept, offered, batch_id, offered_at)
                                 VALUES ($1, $2, $3, $4, $5, $6)",
                            )
                            .bind(site_id)
                            .bind(&period)
                            .bind(format!("{}:{}", number.unwrap_or(0), text.unwrap_or_default()))
                            .bind(format!(
                                "{}:{}",
                                s.value.number().unwrap_or(0),
                                s.value.text().unwrap_or("")
                            ))
                            .bind(&id)
                            .bind(now())
                            .execute(&mut *tx)
                            .await?;
                        }
                        continue;
                    }
                }
            }
            stored += sqlx::query(
                "INSERT INTO summary_values (site_id, period, indicator, breakdown, kind, number, text, batch_seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (site_id, period, indicator, breakdown) DO UPDATE SET
                   kind = excluded.kind, number = excluded.number, text = excluded.text,
                   batch_seq = excluded.batch_seq
                 WHERE summary_values.batch_seq < excluded.batch_seq",
            )
            .bind(site_id)
            .bind(s.period.key())
            .bind(&s.indicator)
            .bind(&s.breakdown)
            .bind(s.value.stored_kind())
            .bind(s.value.number())
            .bind(s.value.text().map(str::to_owned))
            .bind(batch.seq)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        sqlx::query("UPDATE batches SET stored = $2 WHERE id = $1")
            .bind(&id)
            .bind(stored as i64)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE sites SET last_sync_at = $2,
                last_seq = CASE WHEN last_seq < $3 THEN $3 ELSE last_seq END
             WHERE id = $1",
        )
        .bind(site_id)
        .bind(now())
        .bind(batch.seq)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        // Values a later batch of the site had already set are not taken: `stored` says how
        // many were.
        Ok(Receipt {
            batch: batch.id,
            stored: stored as usize,
        })
    }

    /// Days whose journal head a site offered again differently, per site name.
    pub async fn anchor_conflicts(&self) -> Result<Vec<(String, i64)>, DbError> {
        let rows = sqlx::query(
            "SELECT s.name, count(*) FROM anchor_conflicts c JOIN sites s ON s.id = c.site_id
             GROUP BY s.name",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    pub async fn sites(&self) -> Result<Vec<Site>, DbError> {
        let rows = sqlx::query(
            "SELECT id, name, added_at, last_sync_at, last_seq FROM sites ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Site {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    added_at: r.try_get(2)?,
                    last_sync_at: r.try_get(3)?,
                    last_seq: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// The stored values of these indicators whose period starts with `prefix` ("2026",
    /// "2026-12", "" for all), every site.
    pub async fn values(&self, indicators: &[&str], prefix: &str) -> Result<Vec<Stored>, DbError> {
        let mut out = Vec::new();
        for indicator in indicators {
            let rows = sqlx::query(
                "SELECT s.name, v.period, v.indicator, v.breakdown, v.kind, v.number, v.text
                 FROM summary_values v JOIN sites s ON s.id = v.site_id
                 WHERE v.indicator = $1 AND v.period LIKE $2
                 ORDER BY s.name, v.period, v.breakdown",
            )
            .bind(*indicator)
            .bind(format!("{prefix}%"))
            .fetch_all(&self.pool)
            .await?;
            for r in &rows {
                out.push(stored(r)?);
            }
        }
        Ok(out)
    }

    /// Daily values of these indicators summed per site and month of `year`: the period is
    /// the month ("2026-12"). Suppressed values have no number and are left out.
    pub async fn month_sums(&self, indicators: &[&str], year: i32) -> Result<Vec<Stored>, DbError> {
        let mut out = Vec::new();
        for indicator in indicators {
            let rows = sqlx::query(
                "SELECT s.name, substr(v.period, 1, 7), v.indicator, v.breakdown, v.kind,
                        CAST(sum(v.number) AS BIGINT), v.text
                 FROM summary_values v JOIN sites s ON s.id = v.site_id
                 WHERE v.indicator = $1 AND v.period LIKE $2 AND v.number IS NOT NULL
                 GROUP BY s.name, substr(v.period, 1, 7), v.indicator, v.breakdown, v.kind, v.text
                 ORDER BY s.name, substr(v.period, 1, 7)",
            )
            .bind(*indicator)
            .bind(format!("{year}-%"))
            .fetch_all(&self.pool)
            .await?;
            for r in &rows {
                out.push(stored(r)?);
            }
        }
        Ok(out)
    }

    /// Each site's newest journal head.
    pub async fn latest_heads(&self) -> Result<Vec<Stored>, DbError> {
        let rows = sqlx::query(
            "SELECT s.name, v.period, v.indicator, v.breakdown, v.kind, v.number, v.text
             FROM sites s JOIN summary_values v ON v.site_id = s.id
             WHERE v.indicator = 'journal_head' AND v.breakdown = '' AND v.period =
               (SELECT max(w.period) FROM summary_values w
                WHERE w.site_id = s.id AND w.indicator = 'journal_head')",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(stored).collect()
    }

    /// Every value of one site (tests compare it with what the till holds).
    pub async fn site_values(&self, site: &str) -> Result<Vec<Stored>, DbError> {
        let rows = sqlx::query(
            "SELECT s.name, v.period, v.indicator, v.breakdown, v.kind, v.number, v.text
             FROM summary_values v JOIN sites s ON s.id = v.site_id
             WHERE s.name = $1 ORDER BY v.period, v.indicator, v.breakdown",
        )
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(stored).collect()
    }

    /// How many batches are stored.
    pub async fn batch_count(&self) -> Result<i64, DbError> {
        Ok(sqlx::query("SELECT count(*) FROM batches")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?)
    }

    // Users and sessions.

    pub async fn add_user(&self, name: &str, password_hash: &str) -> Result<(), DbError> {
        let added = sqlx::query(
            "INSERT INTO users (name, password_hash, added_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash",
        )
        .bind(name)
        .bind(password_hash)
        .bind(now())
        .execute(&self.pool)
        .await?;
        debug_assert_eq!(added.rows_affected(), 1);
        // A new password ends the user's sessions.
        sqlx::query("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE name = $1)")
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// (id, password hash) of a user.
    pub async fn user(&self, name: &str) -> Result<Option<(i64, String)>, DbError> {
        let row = sqlx::query("SELECT id, password_hash FROM users WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some((r.try_get(0)?, r.try_get(1)?)),
            None => None,
        })
    }

    pub async fn add_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        expires_at: i64,
    ) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now())
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A live session: (user name, CSRF token).
    pub async fn session(&self, token_hash: &str) -> Result<Option<(String, String)>, DbError> {
        let row = sqlx::query(
            "SELECT u.name, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(r) => Some((r.try_get(0)?, r.try_get(1)?)),
            None => None,
        })
    }

    pub async fn end_session(&self, token_hash: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn stored(r: &AnyRow) -> Result<Stored, DbError> {
    let kind: String = r.try_get(4)?;
    let number: Option<i64> = r.try_get(5)?;
    let text: Option<String> = r.try_get(6)?;
    let value = Value::from_parts(&kind, number, text).ok_or_else(|| {
        DbError::Invalid(format!("a stored value of kind {kind:?} is unreadable"))
    })?;
    Ok(Stored {
        site: r.try_get(0)?,
        period: r.try_get(1)?,
        indicator: r.try_get(2)?,
        breakdown: r.try_get(3)?,
        value,
    })
}

impl Stored {
    /// The period, parsed.
    pub fn period(&self) -> Option<Period> {
        serde_json::from_value(self.period.clone().into()).ok()
    }
}
