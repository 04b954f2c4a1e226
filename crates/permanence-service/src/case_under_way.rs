//! For the use-case tests: a child whose adoption plan started in March,
//! a case under way with overdue tasks never recorded, in a store of its
//! own. Catching up and "not needed" both start from it.

use crate::domain::child::{ChildFields, ChildId};
use crate::domain::date::DateStyle;
use crate::domain::plan::{PlanRole, Stage};
use crate::library::Library;
use crate::plans::{PlanChange, save};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;

pub const DATES: DateStyle = DateStyle::DayMonthYear;

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn today() -> NaiveDate {
    day(2026, 12, 6)
}

/// Cara Dee (C3), born 01/05/2023, on an adoption plan from 02/03/2026.
pub fn under_way() -> (tempfile::TempDir, Store, Library, ChildId) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("under-way.db")).unwrap();
    let library = Library::load(None).unwrap();
    let child = ChildFields {
        reference: "C3".into(),
        given_name: "Cara".into(),
        family_name: "Dee".into(),
        date_of_birth: Some(day(2023, 5, 1)),
        ..ChildFields::default()
    };
    let id = store
        .write(|w| {
            w.put_child(&child)?;
            Ok::<_, StoreError>(w.child_id("C3")?.unwrap())
        })
        .unwrap();
    let start = PlanChange::Start {
        pathway: "adoption".into(),
        role: PlanRole::Primary,
        start: Some(day(2026, 3, 2)),
        stage: Some(Stage::PreProceedings),
    };
    save(&mut store, &library, id, &start, today(), DATES).unwrap();
    (dir, store, library, id)
}
