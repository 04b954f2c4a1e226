//! The one clock the record is stamped with: audit entries, drafts,
//! meeting times, form saves and the names of replaced databases.
//!
//! Nothing below the binary reads the wall clock (clippy's
//! `disallowed-methods`, in `clippy.toml`, refuses it): the binary makes
//! one `Clock` and hands it to the store when it opens it, so a test can
//! fix every time the program writes, as `PERMANENCE_TODAY` fixes the day.

use chrono::{DateTime, TimeZone, Utc};

/// Where the time comes from: a fixed instant, or a function that reads a
/// clock (the binary's wall clock; nothing here can name it).
#[derive(Clone, Copy, Debug)]
pub struct Clock(Source);

#[derive(Clone, Copy, Debug)]
enum Source {
    Fixed(DateTime<Utc>),
    Reading(fn() -> DateTime<Utc>),
}

impl Clock {
    /// A clock stopped at `at`: every reading is `at`.
    pub const fn fixed(at: DateTime<Utc>) -> Clock {
        Clock(Source::Fixed(at))
    }

    /// A clock that asks `read` each time it is read.
    pub const fn reading(read: fn() -> DateTime<Utc>) -> Clock {
        Clock(Source::Reading(read))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self.0 {
            Source::Fixed(at) => at,
            Source::Reading(read) => read(),
        }
    }

    /// Now as the record stores a moment: UTC, ISO 8601 to the second
    /// (`2026-12-06T09:30:00Z`).
    pub fn stamp(&self) -> String {
        self.now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

impl Default for Clock {
    /// Stopped at midnight UTC on 1 January 2000: what a store opened
    /// without a clock (a test's) stamps. Never the wall clock, which only
    /// the binary reads; every way the program opens a store takes its
    /// clock.
    fn default() -> Clock {
        Clock::fixed(
            Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_always_reads_its_instant_stamped_to_the_second() {
        let at = Utc.with_ymd_and_hms(2026, 12, 6, 9, 30, 5).unwrap();
        let clock = Clock::fixed(at);
        assert_eq!(clock.now(), at);
        assert_eq!(clock.stamp(), "2026-12-06T09:30:05Z");
        assert_eq!(clock.stamp(), "2026-12-06T09:30:05Z");
    }

    #[test]
    fn a_reading_clock_asks_its_function_each_time() {
        fn read() -> DateTime<Utc> {
            Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap()
        }
        assert_eq!(Clock::reading(read).stamp(), "2025-01-02T03:04:05Z");
    }

    #[test]
    fn the_default_is_stopped_not_the_wall_clock() {
        assert_eq!(Clock::default().stamp(), "2000-01-01T00:00:00Z");
    }

    /// Every time a store writes comes from the clock it was opened with:
    /// audit entries, drafts, a read-only session's record of what it
    /// read, and the name a replaced database is kept under.
    #[test]
    fn a_store_stamps_what_it_writes_with_the_clock_it_was_given() {
        use crate::{Actor, Store};
        use permanence_domain::child::ChildFields;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clock.db");
        let clock = Clock::fixed(Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap());
        let mut store = Store::create(&path, Actor::system(), None, clock).unwrap();
        let child = ChildFields {
            reference: "1001".into(),
            given_name: "Amara".into(),
            family_name: "Okafor".into(),
            ..ChildFields::default()
        };
        store.write(|w| w.put_child(&child)).unwrap();
        store.save_draft("note", &["typed".to_string()]).unwrap();
        assert_eq!(store.drafts().unwrap()[0].saved_at, "2026-03-04T05:06:07Z");
        let backup = dir.path().join("backup.db");
        store.backup_to(&backup).unwrap();
        let kept = store.restore_from(&backup).unwrap().kept.unwrap();
        assert_eq!(
            kept.file_name().unwrap().to_string_lossy(),
            "clock.replaced-2026-03-04T050607Z.db"
        );
        drop(store);
        let later = Clock::fixed(Utc.with_ymd_and_hms(2026, 3, 5, 0, 0, 0).unwrap());
        let mut reader = Store::open_read_only_keyed(&path, Actor::system(), None, later).unwrap();
        reader
            .record_read(crate::AuditAction::View, "child", Some("1001"), None)
            .unwrap();
        let entries = reader.audit_entries(None).unwrap();
        let times: Vec<&str> = entries.iter().map(|e| e.at.as_str()).collect();
        let (read, written) = times.split_last().unwrap();
        assert_eq!(*read, "2026-03-05T00:00:00Z");
        assert!(!written.is_empty());
        assert!(
            written.iter().all(|at| *at == "2026-03-04T05:06:07Z"),
            "{times:?}"
        );
    }
}
