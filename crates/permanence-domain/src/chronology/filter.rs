//! Which entries of a chronology a worker sees or prints: by kind, by
//! date and by the CPR mark, and the same choice said in words for a
//! printed chronology's heading.

use super::{ChronologyError, Entry, Kind};
use crate::date::uk;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Which entries a worker wants to see or print. Dates are inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `None` keeps every kind.
    pub kinds: Option<BTreeSet<Kind>>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub for_cpr_only: bool,
}

impl Filter {
    /// A filter, refusing a range that ends before it starts.
    pub fn new(
        kinds: Option<BTreeSet<Kind>>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        for_cpr_only: bool,
    ) -> Result<Filter, ChronologyError> {
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            return Err(ChronologyError::RangeBackwards {
                from: uk(from),
                to: uk(to),
            });
        }
        Ok(Filter {
            kinds,
            from,
            to,
            for_cpr_only,
        })
    }

    pub fn keeps(&self, entry: &Entry) -> bool {
        self.kinds
            .as_ref()
            .is_none_or(|kinds| kinds.contains(&entry.kind))
            && self.from.is_none_or(|from| entry.on >= from)
            && self.to.is_none_or(|to| entry.on <= to)
            && (!self.for_cpr_only || entry.for_cpr)
    }

    /// The entries the filter keeps, in their order.
    pub fn apply(&self, entries: Vec<Entry>) -> Vec<Entry> {
        entries.into_iter().filter(|e| self.keeps(e)).collect()
    }

    /// What the filter keeps, in words, for a printed chronology's heading;
    /// `None` when it keeps everything.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(kinds) = &self.kinds {
            let labels: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
            parts.push(if labels.is_empty() {
                "no kinds".to_string()
            } else {
                labels.join(", ")
            });
        }
        match (self.from, self.to) {
            (Some(from), Some(to)) => parts.push(format!("{} to {}", uk(from), uk(to))),
            (Some(from), None) => parts.push(format!("from {}", uk(from))),
            (None, Some(to)) => parts.push(format!("up to {}", uk(to))),
            (None, None) => {}
        }
        if self.for_cpr_only {
            parts.push("marked for the CPR".to_string());
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}
