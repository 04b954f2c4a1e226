//! A child's record version: a number every change to the record moves
//! (`put_child` adds one), so that a save made from what a user saw can
//! tell whether someone else changed the record since, and refuse to
//! overwrite it.

use crate::{Store, StoreError, Writer};
use permanence_domain::child::{ChildFields, ChildId};
use rusqlite::{Connection, OptionalExtension};

fn version(conn: &Connection, child: ChildId) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT version FROM children WHERE id = ?1")?
        .query_row([child.0], |r| r.get(0))
        .optional()?)
}

fn reference(conn: &Connection, child: ChildId) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT ref FROM children WHERE id = ?1")?
        .query_row([child.0], |r| r.get(0))
        .optional()?)
}

impl Store {
    /// The record's version as it is now (`None`: no such child).
    pub fn child_version(&self, child: ChildId) -> Result<Option<i64>, StoreError> {
        version(&self.conn, child)
    }
}

impl Writer<'_> {
    /// The record's version as this transaction sees it.
    pub fn child_version(&self, child: ChildId) -> Result<Option<i64>, StoreError> {
        version(self.tx, child)
    }

    /// The child's record as this transaction sees it.
    pub fn child_fields(&self, child: ChildId) -> Result<Option<ChildFields>, StoreError> {
        match reference(self.tx, child)? {
            Some(r) => self.child_by_ref(&r),
            None => Ok(None),
        }
    }
}
