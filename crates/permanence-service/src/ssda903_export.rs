//! `export ssda903`'s use case: what the product holds that the return
//! has a place for (the rows kept from the authority's files, the child's
//! record, the events as they stand now), read from the store in one go
//! and handed to the domain's rules (`domain::ssda903::export`), which
//! decide what a collection year's tables hold and what cannot be written.

use crate::domain::ssda903::codes::CodeLists;
use crate::domain::ssda903::export::{Export, Holding, build};
use crate::store::{ChildEvents, Store, StoreError};

/// The tables for collection year `year` (ending 31 March `year`), and
/// the notes of what is held but not written as it stands.
pub fn export(store: &Store, year: i32, lists: &CodeLists) -> Result<Export, StoreError> {
    let children = store.all_children()?;
    let kept = store.ssda903_rows()?;
    let events = store.ssda903_events()?;
    let none = ChildEvents::default();
    let holdings: Vec<Holding<'_>> = children
        .iter()
        .map(|record| {
            let events = events.get(&record.reference).unwrap_or(&none);
            Holding {
                record,
                kept: kept.get(&record.reference).map_or(&[], Vec::as_slice),
                sources: &events.sources,
                app_events: &events.app,
            }
        })
        .collect();
    Ok(build(year, lists, &holdings))
}
