//! An entry a worker types, checked before it is stored: a real date
//! not in the future, something said about what happened, and one line
//! of clean text per field.

use super::{ChronologyError, Kind, WrittenEntry};
use crate::date::{parse_date, uk};
use crate::sanitise::{Size, line_field};
use chrono::NaiveDate;

/// What a worker typed for a new or amended entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// `DD/MM/YYYY` or ISO.
    pub on: String,
    pub what: String,
    /// A [`Kind`] code; blank is `other`.
    pub kind: String,
    /// Where the information came from; blank if not said.
    pub source: String,
    pub verified: bool,
}

/// A written entry that has passed [`written`], ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub on: NaiveDate,
    pub what: String,
    pub kind: Kind,
    pub source: Option<String>,
    pub verified: bool,
}

impl NewEntry {
    /// The entry as stored, once the store has numbered it.
    pub fn stored(self, id: i64, recorded_by: &str) -> WrittenEntry {
        WrittenEntry {
            id,
            on: self.on,
            what: self.what,
            kind: self.kind,
            source: self.source,
            recorded_by: Some(recorded_by.to_string()),
            verified: self.verified,
        }
    }
}

/// Checks an entry a worker typed: a real date not after `today`, and
/// something said about what happened. Text is cleaned of control
/// characters and line breaks, since an entry is one line of a table.
pub fn written(draft: &Draft, today: NaiveDate) -> Result<NewEntry, ChronologyError> {
    let on = parse_date(&draft.on).map_err(ChronologyError::Date)?;
    if on > today {
        return Err(ChronologyError::Future {
            on: uk(on),
            today: uk(today),
        });
    }
    let long = |field| move |problem| ChronologyError::TooLong { field, problem };
    let what = line_field(&draft.what, Size::Text).map_err(long("what"))?;
    if what.is_empty() {
        return Err(ChronologyError::EmptyWhat);
    }
    let kind = match draft.kind.trim() {
        "" => Kind::Other,
        text => Kind::parse(text).ok_or_else(|| ChronologyError::UnknownKind(text.to_string()))?,
    };
    let source = line_field(&draft.source, Size::Name).map_err(long("source"))?;
    Ok(NewEntry {
        on,
        what,
        kind,
        source: (!source.is_empty()).then_some(source),
        verified: draft.verified,
    })
}
