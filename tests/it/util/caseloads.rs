//! The caseloads the screen snapshots are drawn from, read from the files
//! under `tests/it/fixtures/` (see the README there), so that changing the
//! demo generator cannot change a snapshot. Children and plans are in the
//! import's own CSV formats, read by the import's own rules; workers,
//! carers, recorded events and done items are one CSV each. They are
//! written to the store in one transaction, in the order the demo writes a
//! caseload, so every row gets the id it had when the snapshots were made.

use super::today;
use permanence::domain::child::ChildFields;
use permanence::domain::event::{Event, RecordedEvent};
use permanence::domain::import::{self, RawRow};
use permanence::domain::people::{Carer, Role, Worker};
use permanence::domain::plan_import::{self, PlanRow};
use permanence::interchange::csv_in::read_csv;
use permanence::service::library::Library;
use permanence::store::{Store, StoreError};
use std::collections::{HashMap, HashSet};

/// One caseload's files, as committed.
struct Files {
    workers: &'static str,
    children: &'static str,
    carers: &'static str,
    plans: &'static str,
    events: &'static str,
    done: &'static str,
}

/// Includes the six files of the fixture folder `tests/it/fixtures/$name`.
macro_rules! files {
    ($name:literal) => {
        Files {
            workers: include_str!(concat!("../fixtures/", $name, "/workers.csv")),
            children: include_str!(concat!("../fixtures/", $name, "/children.csv")),
            carers: include_str!(concat!("../fixtures/", $name, "/carers.csv")),
            plans: include_str!(concat!("../fixtures/", $name, "/plans.csv")),
            events: include_str!(concat!("../fixtures/", $name, "/events.csv")),
            done: include_str!(concat!("../fixtures/", $name, "/done.csv")),
        }
    };
}

/// An item of a child's plan marked done.
#[derive(Debug, Clone)]
pub struct Done {
    pub reference: String,
    pub pathway: String,
    pub item: String,
    pub on: chrono::NaiveDate,
}

/// A whole caseload, ready to be written to a store.
#[derive(Debug, Clone)]
pub struct Caseload {
    pub workers: Vec<Worker>,
    pub children: Vec<ChildFields>,
    /// Each carer with the references of the children they care for.
    pub carers: Vec<(Carer, Vec<String>)>,
    pub plans: Vec<PlanRow>,
    pub events: Vec<(String, RecordedEvent)>,
    pub done: Vec<Done>,
}

impl Caseload {
    /// Sixty children in three teams, with six social workers and two
    /// IROs: sibling groups, carers, every kind of plan, and records kept
    /// more and less diligently. Its first 0, 5, 24 and 30 children are the
    /// smaller caseloads the screens are drawn with.
    pub fn sixty() -> Caseload {
        Caseload::read(&files!("caseload-60"))
    }

    /// Two hundred children in five teams, for the dashboard at full size.
    pub fn two_hundred() -> Caseload {
        Caseload::read(&files!("caseload-200"))
    }

    fn read(files: &Files) -> Caseload {
        let workers = rows(files.workers)
            .into_iter()
            .map(|[username, name, role, team]| Worker {
                username,
                display_name: name,
                role: Role::parse(&role).unwrap_or_else(|| panic!("no role {role}")),
                team: (!team.is_empty()).then_some(team),
            })
            .collect();
        let carers = rows(files.carers)
            .into_iter()
            .map(|[name, relationship, connected, children]| {
                let carer = Carer {
                    name,
                    relationship,
                    connected_person: yes(&connected),
                };
                (carer, children.split(' ').map(String::from).collect())
            })
            .collect();
        let events = rows(files.events)
            .into_iter()
            .map(|[reference, event, on]| {
                let event = Event::parse(&event).unwrap_or_else(|| panic!("no event {event}"));
                (reference, RecordedEvent { event, on: date(&on) })
            })
            .collect();
        let done = rows(files.done)
            .into_iter()
            .map(|[reference, pathway, item, on]| Done {
                reference,
                pathway,
                item,
                on: date(&on),
            })
            .collect();
        Caseload {
            workers,
            children: children(files.children),
            carers,
            plans: plans(files.plans),
            events,
            done,
        }
    }

    /// Only the first `count` children, and the carers, plans, events and
    /// done items that are theirs.
    pub fn first(mut self, count: usize) -> Caseload {
        self.children.truncate(count);
        let kept: HashSet<String> = self.children.iter().map(|c| c.reference.clone()).collect();
        let ours = |reference: &String| kept.contains(reference);
        self.carers = self
            .carers
            .into_iter()
            .filter_map(|(carer, refs)| {
                let refs: Vec<String> = refs.into_iter().filter(ours).collect();
                (!refs.is_empty()).then_some((carer, refs))
            })
            .collect();
        self.plans.retain(|p| ours(&p.reference));
        self.events.retain(|(reference, _)| ours(reference));
        self.done.retain(|d| ours(&d.reference));
        self
    }

    /// The children, their workers and carers, and no plans.
    pub fn without_plans(mut self) -> Caseload {
        self.plans.clear();
        self.events.clear();
        self.done.clear();
        self
    }

    /// Writes it all in one transaction: workers, children, carers, plans,
    /// events, then done items, each in the files' order.
    pub fn write_to(&self, store: &mut Store) -> Result<(), StoreError> {
        store.write(|w| {
            w.bulk_load();
            for worker in &self.workers {
                w.put_worker(worker)?;
            }
            for child in &self.children {
                w.put_child(child)?;
            }
            for (carer, refs) in &self.carers {
                let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
                w.add_carer(carer, &refs)?;
            }
            let mut plan_ids = HashMap::new();
            for plan in &self.plans {
                let child = child_id(w, &plan.reference)?;
                let (_, id) = w.put_plan(child, plan)?;
                plan_ids.insert((plan.reference.as_str(), plan.pathway.as_str()), id);
            }
            for (reference, event) in &self.events {
                let child = child_id(w, reference)?;
                w.record_event(child, event.event, event.on)?;
            }
            for done in &self.done {
                let plan = plan_ids
                    .get(&(done.reference.as_str(), done.pathway.as_str()))
                    .unwrap_or_else(|| panic!("{} has no {} plan", done.reference, done.pathway));
                w.mark_done(*plan, &done.item, done.on, None)?;
            }
            w.end_bulk_load();
            Ok(())
        })
    }

    /// A new store in a temporary folder holding this caseload.
    pub fn store(&self) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("fixture.db")).unwrap();
        self.write_to(&mut store).unwrap();
        (dir, store)
    }
}

fn child_id(
    w: &permanence::store::Writer<'_>,
    reference: &str,
) -> Result<permanence::domain::child::ChildId, StoreError> {
    w.child_id(reference)?
        .ok_or_else(|| StoreError::NoSuchChild(reference.to_string()))
}

/// The data rows of a fixture CSV with `N` columns, as text.
fn rows<const N: usize>(text: &str) -> Vec<[String; N]> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            std::array::from_fn(|i| record.get(i).unwrap_or_default().to_string())
        })
        .collect()
}

fn yes(text: &str) -> bool {
    match text {
        "yes" => true,
        "no" => false,
        other => panic!("{other:?} is neither yes nor no"),
    }
}

fn date(text: &str) -> chrono::NaiveDate {
    permanence::domain::date::parse_date(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// The children, read as `permanence import children` reads its file.
fn children(text: &str) -> Vec<ChildFields> {
    let table = read_csv(text.as_bytes()).unwrap();
    let columns = import::validate_header(&table.header).unwrap();
    let patches = import::validate_rows(&columns, &table.rows, today()).unwrap();
    patches.iter().map(|patch| patch.apply(None)).collect()
}

/// The plans, read as `permanence import plans` reads its file.
fn plans(text: &str) -> Vec<PlanRow> {
    let table = read_csv(text.as_bytes()).unwrap();
    let positions = plan_import::validate_header(&table.header).unwrap();
    let library = Library::load(None).unwrap();
    let pathways: Vec<&str> = library.pathways.iter().map(|p| p.pathway.name.as_str()).collect();
    let rows: &[RawRow] = &table.rows;
    plan_import::validate_rows(positions, rows, &pathways, today()).unwrap()
}
