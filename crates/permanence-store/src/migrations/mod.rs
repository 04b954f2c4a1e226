//! The schema, as numbered migrations applied in order.
//!
//! Append-only: a migration that has shipped is never edited, because
//! databases in the field have already run it. `PRAGMA user_version` holds
//! the number of migrations applied.

use crate::StoreError;
use rusqlite::{Connection, TransactionBehavior};

mod sql;

use sql::MIGRATIONS;

/// The migration that made the `permission_rules` table, after which the
/// rules this build ships are put into it.
const PERMISSION_RULES: usize = 13;

/// The migration that gave each audit entry its keyed hash (`mac`).
const KEYED_HASHES: usize = super::audit_key::KEYED_SCHEMA as usize;

/// The migration that gave each event its source (issue 20's imports;
/// renumbered with it at merge).
const EVENT_SOURCES: usize = 22;

/// The migration that gave each plan its basis (where its start came from,
/// and from when the record holds its tasks).
const PLAN_BASIS: usize = 23;

/// What a migration needs before its SQL: a column added only where it is
/// not there already (SQLite has no ADD COLUMN IF NOT EXISTS), so that a
/// file taken back to an older schema number runs it again over itself,
/// as the others do.
fn columns(tx: &Connection, number: usize) -> rusqlite::Result<()> {
    if number == PLAN_BASIS {
        let has = |column: &str| -> rusqlite::Result<bool> {
            tx.query_row(
                "SELECT count(*) FROM pragma_table_info('plans') WHERE name = ?1",
                [column],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
        };
        if !has("start_from")? {
            tx.execute_batch(
                "ALTER TABLE plans ADD COLUMN start_from TEXT NOT NULL DEFAULT 'gateway' \
                 CHECK (start_from IN ('gateway', 'period-of-care'));",
            )?;
        }
        if !has("record_from")? {
            tx.execute_batch(
                "ALTER TABLE plans ADD COLUMN record_from TEXT \
                 CHECK (record_from IS NULL OR record_from IS date(record_from));",
            )?;
        }
    }
    if number == EVENT_SOURCES {
        let has_source: i64 = tx.query_row(
            "SELECT count(*) FROM pragma_table_info('events') WHERE name = 'source'",
            [],
            |r| r.get(0),
        )?;
        if has_source == 0 {
            tx.execute_batch(
                "ALTER TABLE events ADD COLUMN source TEXT CHECK (source IS NULL OR source <> '');",
            )?;
        }
    }
    Ok(())
}

/// What a migration needs beyond its SQL: the built-in permission rules,
/// which are data (`data/permissions.toml`) and so cannot be written into
/// an append-only SQL string.
fn seed(tx: &Connection, number: usize) -> rusqlite::Result<()> {
    if number == KEYED_HASHES {
        let has_mac: i64 = tx.query_row(
            "SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'mac'",
            [],
            |r| r.get(0),
        )?;
        if has_mac == 0 {
            tx.execute_batch("ALTER TABLE audit ADD COLUMN mac TEXT;")?;
        }
    }
    if number == PERMISSION_RULES {
        let (file, rules) = permanence_domain::permissions::BUILT_IN;
        tx.execute(
            "INSERT OR IGNORE INTO permission_rules (id, file, rules) VALUES (1, ?1, ?2)",
            [file, rules],
        )?;
    }
    Ok(())
}

/// The schema version this build writes.
pub fn latest() -> u32 {
    MIGRATIONS.len() as u32
}

fn applied(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Whether no version of permanence has ever set this database up: its
/// schema version is 0 (SQLite's own, for any file it did not write).
pub fn never_made(conn: &Connection) -> Result<bool, StoreError> {
    Ok(applied(conn)? == 0)
}

/// Fails if the database was written by a newer version of the program.
pub fn refuse_newer(conn: &Connection) -> Result<(), StoreError> {
    let found = applied(conn)?;
    if found > latest() {
        return Err(StoreError::TooNew {
            found,
            supported: latest(),
        });
    }
    Ok(())
}

/// Brings the database up to [`latest`]. A database from a newer version
/// of the program is refused before anything is written to it.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found = applied(conn)?;
    if found > latest() {
        return Err(StoreError::TooNew {
            found,
            supported: latest(),
        });
    }
    if found == latest() {
        return Ok(());
    }
    // IMMEDIATE takes the write lock first, so two programs opening a new
    // database at once cannot both run the same migration.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = applied(&tx)?;
    if found > latest() {
        return Err(StoreError::TooNew {
            found,
            supported: latest(),
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        columns(&tx, index + 1)
            .and_then(|()| tx.execute_batch(sql))
            .and_then(|()| seed(&tx, index + 1))
            .map_err(|source| StoreError::Migration {
                number: index as u32 + 1,
                source,
            })?;
    }
    tx.pragma_update(None, "user_version", latest())?;
    tx.commit()?;
    Ok(())
}

/// Applies the migrations up to `number` only, as an older version of the
/// program left a database: for tests of the migrations after it.
#[cfg(test)]
pub(crate) fn migrate_to(conn: &mut Connection, number: u32) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = applied(&tx)?;
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(number as usize)
        .skip(found as usize)
    {
        columns(&tx, index + 1)
            .and_then(|()| tx.execute_batch(sql))
            .and_then(|()| seed(&tx, index + 1))
            .map_err(|source| StoreError::Migration {
                number: index as u32 + 1,
                source,
            })?;
    }
    tx.pragma_update(None, "user_version", number)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;
    use sha2::{Digest, Sha256};

    /// Each shipped migration's SQL, by its SHA-256. Databases out in the
    /// world have run these exact statements; editing one would leave them
    /// different from a database made new. A new migration adds its line
    /// (the failure message prints it); an old line never changes.
    const SHIPPED: &[&str] = &[
        "4a9dbc9c741f2303fe86a949df59c68092825c3a19978b8995714ae47ac07ad8", // 1
        "c8ce7f47447fd25cb6dba3e5c14049c9d6dafe515ca434aa8bbb2807d0051fc3", // 2
        "10c958f0d80d563d4f1addec8bd5e0db16998794b863796f0abfee080d095740", // 3
        "27fa607a12843bdb1e39a3575997b473a289acbd2d5aa1efc75c856544d1d71c", // 4
        "d4bd1f93d960406b020874bb2e963d6542b91ee573db7dcc63c40c8a22f50109", // 5
        "145a7fb57fabeaa7043fbc41ab5640660a8853cc0f92193c363b89bff0e4d7c2", // 6
        "285381009fbe7f59676f146f560d368fd52a992d83479bd5839aabac65676820", // 7
        "284d5387be24cd49084f114e29a81c03d988350fc4cb4e42d5648bb737ee647c", // 8
        "53eab2793b5199064fc8b14f2c322302f8bcc083ca0d559213bb3c8dbb4d5664", // 9
        "9a7480d9a2ee5c66025c81918b37d1ea12e3cc88ee6fbd4242f2f3575a858e22", // 10
        "9c97af955230de28f9194ec12a121094a95e0f4d80e063c9b838822dc76941c8", // 11
        "892f79191ec2c35de23ac5c798144adae89b87ae936133606e22a8ec6a8d450e", // 12
        "950e4bbb9a06822bc87fd40ab9ce317c015101be7023801aec611cb50c64ad07", // 13
        "9f18fe5fd7528e9a00183338777890e2150faa710c0153f2ac0d2161361ae395", // 14
        "41086727aa90592d9624877836a8d63d5436bdeaaf5190891aaa469261155575", // 15
        "c6e6ac97111a31de9d4a9a2206be8708bfed0a10633ec9ddf2f009b500581456", // 16
        "edcd00baf8d59248302877b3efaa2c0b0b2bb60cbbc94c140d3e77f00b18a4a3", // 17
        "61145cd345e3463c37baf4edad1303eea150236e8ce4021368e8630c649c80d1", // 18
        "d145ee94940271973a9260c5f71b15a6a08c98a388681ecf03bca26edd943c75", // 19
        "0a0c419af97d648218f1169c1cec9c0e98b02fb5857bc6435353d77a8824452f", // 20
        "5a6687a599aecb43128b51a5b48c2316ec50966c35d572700ad8ef898653ad92", // 21
        "e61caab13a8c077ee86d15ca6b338cfa979b9bf3bdc71a4fdc3fd7a404c58530", // 24 (the 22nd on i20-imports: events.source)
        "c31888f0a1e640522365403c343289563f6cdf7e8387da728aac6621deab14ab", // 23: plans.start_from, record_from
        "4638706c223f2f24bf45ebb606b92897562a556f745d9e2a17b9570cac58c2fa", // 24: stored_cohort (the 23rd on i29-dashboard)
        "4504ac434c32f4696a9facca5027d80ae0105ed2f8f38d4512de4aca6e2c8894", // 25: ssda903_rows
        "dea54f6fd58de218472a48cb86b8f392767bb84262c480d6482f5cc3987c6914", // 26: tracker_cohorts
        "c6f78f98e61bd1d8e63eb627ccbbef86079d86d54790e8281b2d7bae38e72b46", // 27: events_not_current (the 26th on i34-demo)
        "55f5eed4da9559f8d0cd268d834c598bbde23e122a574705db7dd659bf7fbc9d", // 28: stored_items_by_deadline only where there is one
    ];

    #[test]
    fn shipped_migrations_are_never_edited() {
        let hashes: Vec<String> = MIGRATIONS
            .iter()
            .map(|sql| {
                Sha256::digest(sql.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            })
            .collect();
        let listing = hashes
            .iter()
            .enumerate()
            .map(|(i, h)| format!("        \"{h}\", // {}", i + 1))
            .collect::<Vec<_>>()
            .join("\n");
        for (number, pinned) in SHIPPED.iter().enumerate() {
            assert_eq!(
                hashes.get(number).map(String::as_str),
                Some(*pinned),
                "migration {} has been edited or removed: migrations are append-only; \
                 add a new one instead. Today's hashes:\n{listing}",
                number + 1
            );
        }
        assert_eq!(
            hashes.len(),
            SHIPPED.len(),
            "a new migration: add its line to SHIPPED:\n{listing}"
        );
    }
}
