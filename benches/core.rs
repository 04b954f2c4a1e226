//! Micro-benchmarks of the parts the screens lean on: working-day
//! arithmetic, one child's timeline, the caseload query with its
//! summaries, and the search filter over 100,000 children.
//! Run: `cargo bench --bench core`.

// A test or benchmark that cannot go on says so by panicking where it
// stopped: the house rule against unwrap is for the program.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use permanence::domain::caseload::{CaseloadRow, SearchIndex};
use permanence::service::library::Library;
use permanence::store::Store;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")
}

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::load(None).expect("the built-in library loads"))
}

/// A store holding `n` demo children with plans (made before timing),
/// their timelines left to be worked out as they are asked for.
fn store(n: usize) -> (tempfile::TempDir, Store) {
    store_keeping(n, false)
}

/// The same, and with `keeps`, each child's timeline stored as it is
/// written (what the program does).
fn store_keeping(n: usize, keeps: bool) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a folder");
    let mut store = Store::open(&dir.path().join("bench.db")).expect("a database");
    if keeps {
        let engine = permanence::service::timelines::Engine::new(library());
        store.set_timeline_source(Box::new(engine), today());
    }
    let mut caseload = permanence::demo::generate(n, 7, today());
    let pathways: Vec<_> = library().pathways.iter().map(|p| &p.pathway).collect();
    permanence::demo::plans::add_plans(&mut caseload, &pathways, &library().calendar, 7, today());
    caseload.write_to(&mut store).expect("the demo is written");
    (dir, store)
}

#[divan::bench(args = [5, 20, 120])]
fn add_working_days(bencher: divan::Bencher<'_, '_>, days: u32) {
    let calendar = &library().calendar;
    bencher.bench(|| calendar.add_working_days(divan::black_box(today()), days));
}

#[divan::bench]
fn one_childs_timeline(bencher: divan::Bencher<'_, '_>) {
    let (_dir, store) = store(1_000);
    let store = &store;
    let child = store.children_with_plans().expect("children")[0];
    bencher.bench_local(|| {
        permanence::service::timelines::timeline_of(store, library(), child, today()).expect("a timeline")
    });
}

#[divan::bench(args = [1_000, 10_000])]
fn caseload_query(bencher: divan::Bencher<'_, '_>, n: usize) {
    let (_dir, store) = store(n);
    bencher.bench_local(|| store.caseload().expect("the caseload").len());
}

/// 36 children's caseload summaries, worked out (`false`: nothing stored
/// yet, or another user has just changed them) or read from the stored
/// timelines (`true`).
#[divan::bench(args = [false, true])]
fn a_screenful_of_summaries(bencher: divan::Bencher<'_, '_>, stored: bool) {
    let (_dir, store) = store_keeping(1_000, stored);
    let rows = store.caseload().expect("the caseload");
    let screen: Vec<_> = rows.iter().take(36).collect();
    bencher.bench_local(|| {
        permanence::service::timelines::summaries(&store, library(), &screen, today())
            .expect("summaries")
            .len()
    });
}

/// The caseload rows of 100,000 demo children, as the search sees them.
fn rows_100_000() -> &'static [CaseloadRow] {
    static ROWS: OnceLock<Vec<CaseloadRow>> = OnceLock::new();
    ROWS.get_or_init(|| {
        permanence::demo::generate(100_000, 7, today())
            .children
            .iter()
            .enumerate()
            .map(|(i, c)| CaseloadRow {
                id: permanence::domain::child::ChildId(i as i64),
                reference: c.reference.clone(),
                given_name: c.given_name.clone(),
                family_name: c.family_name.clone(),
                date_of_birth: c.date_of_birth,
                legal_status: c.legal_status,
                placement_type: None,
                worker: None,
                team: None,
                rag: None,
            })
            .collect()
    })
}

#[divan::bench(args = ["hug", "okafro", "ada smith"])]
fn search_100_000(bencher: divan::Bencher<'_, '_>, query: &str) {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    let index = INDEX.get_or_init(|| SearchIndex::new(rows_100_000()));
    bencher.bench(|| index.matches(divan::black_box(query)).len());
}

/// Building the index, which happens when the caseload is (re)loaded.
#[divan::bench]
fn search_index_of_100_000(bencher: divan::Bencher<'_, '_>) {
    let rows = rows_100_000();
    bencher.bench(|| SearchIndex::new(divan::black_box(rows)));
}
