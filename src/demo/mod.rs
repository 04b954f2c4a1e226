//! A synthetic caseload that looks like a real local authority's: several
//! teams, workers and IROs; children from unborn to 17 under every legal
//! status; sibling groups placed together; connected-person carers; plans
//! at every stage. Every name is drawn at random from lists of common
//! first names and surnames: none is, or may ever be, real case data.
//!
//! Pure: the caller passes the seed and today. Dates are generated as
//! offsets from today, so one seed gives the same children with the same
//! ages whenever it is run.

use crate::domain::child::{ChildFields, ChildId, Disability, LegalStatus, Rag};
use crate::domain::event::RecordedEvent;
use crate::domain::people::{Carer, Role, Worker, username_for};
use crate::domain::plan_import::PlanRow;
use crate::store::{Store, StoreError, Writer};
use chrono::{Days, NaiveDate};
use std::collections::{HashMap, HashSet};
use std::sync::mpsc::sync_channel;

pub mod families;
pub mod phases;
pub mod plans;

pub use phases::Phases;

/// A small, fast, well-mixed generator (SplitMix64). Kept here rather than
/// taken from a crate so that a seed's caseload never changes when a
/// dependency is upgraded.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `low..high` (`low < high`).
    pub fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low).max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.range(0, 100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as u64) as usize]
    }

    /// Picks by weight: `(weight, item)` pairs.
    pub fn weighted<'a, T>(&mut self, items: &'a [(u64, T)]) -> &'a T {
        let total: u64 = items.iter().map(|(w, _)| w).sum();
        let mut roll = self.range(0, total);
        for (weight, item) in items {
            if roll < *weight {
                return item;
            }
            roll -= weight;
        }
        &items[items.len() - 1].1
    }
}

const GIRLS: &[&str] = &[
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Willow",
    "Freya",
    "Florence",
    "Emily",
    "Ella",
    "Poppy",
    "Evie",
    "Elsie",
    "Charlotte",
    "Evelyn",
    "Sienna",
    "Daisy",
    "Phoebe",
    "Harper",
    "Millie",
    "Ruby",
    "Maya",
    "Aisha",
    "Zara",
    "Amara",
    "Hana",
    "Leah",
    "Chloe",
    "Jessica",
    "Kayla",
    "Megan",
    "Tia",
    "Skye",
    "Summer",
    "Nevaeh",
    "Imani",
    "Fatima",
    "Maryam",
    "Zainab",
    "Priya",
    "Anaya",
    "Lacey",
    "Paige",
    "Courtney",
    "Jade",
    "Demi",
    "Keira",
    "Lexi",
    "Nia",
    "Esme",
    "Orla",
    "Niamh",
    "Aoife",
    "Bethany",
];
const BOYS: &[&str] = &[
    "Noah", "Oliver", "George", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Archie", "Henry", "Theodore",
    "Freddie", "Jack", "Charlie", "Finley", "Alfie", "Thomas", "Jacob", "Isaac", "Reggie", "Tommy", "Teddy",
    "Albie", "Ronnie", "Mason", "Riley", "Kai", "Tyler", "Jayden", "Callum", "Kyle", "Connor", "Reece",
    "Liam", "Dylan", "Lewis", "Ethan", "Ibrahim", "Yusuf", "Omar", "Ayaan", "Arjun", "Kofi", "Tariq",
    "Jamal", "Ellis", "Jenson", "Brody", "Harley", "Kian", "Declan", "Cian", "Jordan", "Aaron", "Owen",
    "Rhys", "Max", "Sonny", "Louie", "Frankie",
];
const SURNAMES: &[&str] = &[
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Thomas",
    "Clarke",
    "Jackson",
    "Wood",
    "Harris",
    "Edwards",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Hughes",
    "Moore",
    "Clark",
    "King",
    "Harrison",
    "Lewis",
    "Baker",
    "Lee",
    "Allen",
    "Morris",
    "Khan",
    "Scott",
    "Watson",
    "Davis",
    "Parker",
    "James",
    "Bennett",
    "Young",
    "Phillips",
    "Richardson",
    "Mitchell",
    "Bailey",
    "Carter",
    "Cook",
    "Singh",
    "Shaw",
    "Bell",
    "Collins",
    "Morgan",
    "Kelly",
    "Begum",
    "Miller",
    "Cox",
    "Hussain",
    "Marshall",
    "Simpson",
    "Price",
    "Anderson",
    "Adams",
    "Wilkinson",
    "Ali",
    "Ahmed",
    "Foster",
    "Ellis",
    "Murphy",
    "Chapman",
    "Mason",
    "Gray",
    "Richards",
    "Webb",
    "Griffiths",
    "Hunt",
    "Palmer",
    "Campbell",
    "Holmes",
    "Mills",
    "Rogers",
    "Barnes",
    "Knight",
    "Matthews",
    "Barker",
    "Powell",
    "Stevens",
    "Kaur",
    "Fisher",
    "Butler",
    "Dixon",
    "Russell",
    "Harvey",
    "Pearson",
    "Graham",
    "Okafor",
    "Mensah",
    "Nowak",
    "Kowalski",
    "O'Brien",
    "McDonald",
    "Byrne",
    "Lynch",
    "Osei",
    "Adeyemi",
    "Hassan",
    "Rahman",
    "Costa",
    "Silva",
    "Murray",
    "Kennedy",
    "Doherty",
    "Quinn",
    "Lowe",
    "Booth",
    "Hopkins",
    "Rees",
];
const WOMEN: &[&str] = &[
    "Sarah", "Claire", "Emma", "Rachel", "Helen", "Joanne", "Nicola", "Lisa", "Michelle", "Samantha",
    "Kelly", "Donna", "Angela", "Julie", "Karen", "Tracy", "Amanda", "Louise", "Gemma", "Hayley", "Nadia",
    "Shabana", "Grace", "Funmi",
];
const MEN: &[&str] = &[
    "David", "Paul", "Mark", "Andrew", "Richard", "Steven", "Darren", "Lee", "Craig", "Wayne", "Gary",
    "Neil", "Martin", "Simon", "Imran", "Tariq", "Kwame", "Patrick", "Sean", "Dominic",
];

const TEAMS: &[&str] = &[
    "Children in Care 1",
    "Children in Care 2",
    "Safeguarding and Family Support North",
    "Safeguarding and Family Support South",
    "Permanence and Kinship",
    "Children in Care 3",
    "Safeguarding and Family Support East",
    "Care Leavers and 16+",
];
const IRO_TEAM: &str = "Independent Reviewing Service";

const ETHNICITIES: &[(u64, &str)] = &[
    (62, "White British"),
    (5, "White – any other White background"),
    (1, "White – Gypsy or Roma"),
    (4, "Mixed – White and Black Caribbean"),
    (2, "Mixed – White and Black African"),
    (2, "Mixed – White and Asian"),
    (3, "Mixed – any other mixed background"),
    (3, "Asian or Asian British – Pakistani"),
    (2, "Asian or Asian British – Bangladeshi"),
    (2, "Asian or Asian British – Indian"),
    (4, "Black or Black British – African"),
    (2, "Black or Black British – Caribbean"),
    (2, "Any other ethnic group"),
    (6, "Not recorded"),
];
const RELIGIONS: &[(u64, &str)] = &[
    (45, "No religion"),
    (25, "Christian"),
    (8, "Muslim"),
    (1, "Sikh"),
    (1, "Hindu"),
    (20, "Not recorded"),
];
const DISABILITY_NOTES: &[&str] = &[
    "Autism; EHCP in place",
    "Global developmental delay",
    "ADHD, awaiting CAMHS review",
    "Hearing impairment; uses hearing aids",
    "Cerebral palsy; wheelchair user",
    "Foetal alcohol spectrum disorder",
    "Learning disability; attends special school",
    "Epilepsy, managed with medication",
];

/// Where the child's plan has reached, which decides their legal status,
/// placement and how long they have been looked after.
#[derive(Debug, Clone, Copy)]
enum Stage {
    PreBirth,
    Section20,
    InterimCare,
    CareOrder,
    PlacementOrder,
    Supervision,
    InterimSupervision,
    SpecialGuardianship,
    ChildArrangements,
    AtHome,
}

const STAGES: &[(u64, Stage)] = &[
    (5, Stage::PreBirth),
    (10, Stage::Section20),
    (17, Stage::InterimCare),
    (30, Stage::CareOrder),
    (8, Stage::PlacementOrder),
    (4, Stage::Supervision),
    (3, Stage::InterimSupervision),
    (12, Stage::SpecialGuardianship),
    (4, Stage::ChildArrangements),
    (7, Stage::AtHome),
];

const RELATIVES: &[&str] = &[
    "Maternal grandmother",
    "Maternal grandparents",
    "Paternal grandmother",
    "Paternal grandparents",
    "Maternal aunt",
    "Paternal aunt",
    "Paternal uncle",
    "Adult sibling",
    "Family friend",
    "Former neighbour",
];

/// A done item as drawn: (child's reference, pathway, item key, done on).
pub type DoneRow = (String, String, String, NaiveDate);

/// The whole synthetic caseload, ready to be written in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCaseload {
    pub workers: Vec<Worker>,
    pub children: Vec<ChildFields>,
    /// Each carer with the references of the children they care for.
    pub carers: Vec<(Carer, Vec<String>)>,
    /// Plans, recorded events and done items: see [`plans::add_plans`].
    pub plans: Vec<PlanRow>,
    pub events: Vec<(String, RecordedEvent)>,
    pub done: Vec<DoneRow>,
    /// What it was made from, so the families written with it follow the
    /// same seed and the same day.
    pub seed: u64,
    pub today: NaiveDate,
}

impl DemoCaseload {
    /// Writes the whole caseload in one transaction.
    pub fn write_to(&self, store: &mut Store) -> Result<(), StoreError> {
        self.write_timed(store, &mut Phases::off())
    }

    /// As [`DemoCaseload::write_to`], saying how long each part took.
    pub fn write_timed(&self, store: &mut Store, phases: &mut Phases) -> Result<(), StoreError> {
        store.write(|w| {
            w.bulk_load();
            // Every child the load writes a row for marked stale once, at
            // the end, not row by row by the triggers.
            let ids = w.load_unmarked(|w| {
                let ids = self.write_people(w)?;
                phases.done("workers, children and carers written");
                self.write_plans(w, &ids, (&self.plans, &self.events, &self.done))?;
                phases.done("plans, events and done items written");
                Ok(ids)
            })?;
            self.write_rest(w, &ids, phases)
        })
    }

    /// As [`DemoCaseload::write_timed`] for a caseload with no plans yet:
    /// `draw` draws its plans, events and done items on a second thread,
    /// handing them over a chunk of children at a time, while this one
    /// writes the workers, children and carers, which do not need them,
    /// and then each chunk as it comes. (The drawing is one random
    /// stream, so one thread's work: at 100,000 children it was a fifth
    /// of the demo, and this thread waited five seconds for all of it
    /// before writing the first plan.) The same rows in the same order
    /// as [`plans::add_plans`] and then [`DemoCaseload::write_timed`]
    /// write.
    pub fn write_planning(
        &mut self,
        store: &mut Store,
        phases: &mut Phases,
        draw: impl FnOnce(&[ChildFields], &mut dyn FnMut(plans::Planned) -> bool) + Send,
    ) -> Result<(), StoreError> {
        store.write(|w| {
            w.bulk_load();
            let ids = w.load_unmarked(|w| {
                let (ids, planned) = std::thread::scope(|scope| {
                    // A few chunks ahead at most: the drawing is faster
                    // than the writing, and need not be held in memory.
                    let (hand_over, drawn) = sync_channel::<plans::Planned>(4);
                    let children = &self.children;
                    let drawing =
                        scope.spawn(move || draw(children, &mut |chunk| hand_over.send(chunk).is_ok()));
                    // On an error the receiver goes with this closure, so
                    // the drawing stops at its next chunk.
                    let ids = self.write_people(w)?;
                    phases.done("workers, children and carers written (plans drawn alongside)");
                    let mut planned = plans::Planned::default();
                    for chunk in drawn {
                        self.write_plans(w, &ids, (&chunk.plans, &chunk.events, &chunk.done))?;
                        planned.extend(chunk);
                    }
                    drawing
                        .join()
                        .map_err(|_| StoreError::Corrupt("the demo's plans could not be drawn".into()))?;
                    phases.done("plans, events and done items written (drawn alongside)");
                    Ok::<_, StoreError>((ids, planned))
                })?;
                self.take_plans(planned);
                Ok(ids)
            })?;
            self.write_rest(w, &ids, phases)
        })
    }

    /// Takes drawn plans, events and done items into the caseload.
    pub fn take_plans(&mut self, planned: plans::Planned) {
        self.plans.extend(planned.plans);
        self.events.extend(planned.events);
        self.done.extend(planned.done);
    }

    /// The families, chronologies and papers, and the load's one audit
    /// entry, once the record is written.
    fn write_rest(
        &self,
        w: &mut Writer<'_>,
        child_ids: &HashMap<String, ChildId>,
        phases: &mut Phases,
    ) -> Result<(), StoreError> {
        families::write(w, self, child_ids)?;
        phases.done("families, chronologies and papers written");
        w.end_bulk_load();
        // Synthetic data, made in one command: one audit entry says so,
        // rather than a million saying each row was made.
        w.audit(crate::store::Change {
            action: crate::store::AuditAction::Demo,
            entity: "caseload",
            reference: None,
            entity_id: None,
            before: None,
            after: Some(serde_json::json!({
                "children": self.children.len(),
                "workers": self.workers.len(),
                "plans": self.plans.len(),
                "synthetic": true,
            })),
        })
    }
}

impl DemoCaseload {
    /// Writes the workers, children and carers, inside the bulk load:
    /// each child's id by reference, looked up once rather than once for
    /// each of their plans and events.
    fn write_people(&self, w: &mut Writer<'_>) -> Result<HashMap<String, ChildId>, StoreError> {
        for worker in &self.workers {
            w.put_worker(worker)?;
        }
        let mut child_ids = HashMap::with_capacity(self.children.len());
        for child in &self.children {
            w.put_child(child)?;
            let id = w
                .child_id(&child.reference)?
                .ok_or_else(|| StoreError::NoSuchChild(child.reference.clone()))?;
            child_ids.insert(child.reference.clone(), id);
        }
        for (carer, refs) in &self.carers {
            let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
            w.add_carer(carer, &refs)?;
        }
        Ok(child_ids)
    }

    /// Writes plans, events and done items (all the caseload's, or a
    /// chunk's as drawn), inside the bulk load: each child's done items
    /// are on the plans written with them.
    fn write_plans(
        &self,
        w: &mut Writer<'_>,
        child_ids: &HashMap<String, ChildId>,
        (plans, events, done): (&[PlanRow], &[(String, RecordedEvent)], &[DoneRow]),
    ) -> Result<(), StoreError> {
        let id_of = |reference: &str| {
            child_ids
                .get(reference)
                .copied()
                .ok_or_else(|| StoreError::NoSuchChild(reference.to_string()))
        };
        let mut plan_ids = HashMap::new();
        for plan in plans {
            let (_, id) = w.put_plan(id_of(&plan.reference)?, plan)?;
            plan_ids.insert((plan.reference.as_str(), plan.pathway.as_str()), id);
        }
        for (reference, event) in events {
            w.load_event(id_of(reference)?, event.event, event.on)?;
        }
        for (reference, pathway, key, on) in done {
            if let Some(plan) = plan_ids.get(&(reference.as_str(), pathway.as_str())) {
                w.load_done(*plan, key, *on)?;
            }
        }
        Ok(())
    }
}

/// Builds `count` children (exactly) with their workers and carers.
pub fn generate(count: usize, seed: u64, today: NaiveDate) -> DemoCaseload {
    let mut rng = Rng::new(seed);
    let team_count = (count / 40).clamp(3, TEAMS.len());
    let teams = &TEAMS[..team_count];
    let mut taken = HashSet::new();
    let mut workers = Vec::new();
    let mut person = |rng: &mut Rng, role: Role, team: &str, workers: &mut Vec<Worker>| {
        let given = if rng.chance(50) {
            any_adult(rng)
        } else {
            rng.pick(GIRLS)
        };
        let name = format!("{given} {}", rng.pick(SURNAMES));
        let mut username = username_for(&name);
        let mut n = 1;
        while !taken.insert(username.clone()) {
            n += 1;
            username = format!("{}.{n}", username_for(&name));
        }
        workers.push(Worker {
            username,
            display_name: name,
            role,
            team: Some(team.to_string()),
        });
    };
    for team in teams {
        person(&mut rng, Role::TeamManager, team, &mut workers);
        person(&mut rng, Role::SeniorPractitioner, team, &mut workers);
    }
    // Caseloads of around 16 children a worker, as in a real authority.
    let social_workers = (count / 16).max(team_count * 2);
    for i in 0..social_workers {
        person(&mut rng, Role::SocialWorker, teams[i % team_count], &mut workers);
    }
    let iro_count = (count / 70).max(2);
    for _ in 0..iro_count {
        person(&mut rng, Role::Iro, IRO_TEAM, &mut workers);
    }
    let caseworkers: Vec<&Worker> = workers.iter().filter(|w| w.role == Role::SocialWorker).collect();
    let iros: Vec<&Worker> = workers.iter().filter(|w| w.role == Role::Iro).collect();

    let mut children = Vec::with_capacity(count);
    let mut carers = Vec::new();
    let mut next_ref = 1_040_000u64;
    let mut group_number = 0;
    while children.len() < count {
        let remaining = count - children.len();
        let size = (*rng.weighted(&[(62, 1usize), (22, 2), (11, 3), (5, 4)])).min(remaining);
        let stage = *rng.weighted(STAGES);
        let family_name = *rng.pick(SURNAMES);
        let worker = *rng.pick(&caseworkers);
        let iro = *rng.pick(&iros);
        let sibling_group = (size > 1).then(|| {
            group_number += 1;
            format!("SG{group_number:05}")
        });
        let rag = *rng.weighted(&[
            (15, Some(Rag::Red)),
            (30, Some(Rag::Amber)),
            (15, Some(Rag::Yellow)),
            (30, Some(Rag::Green)),
            (10, None),
        ]);
        // The eldest first; siblings born one to four years apart.
        let mut age_days = eldest_age_days(&mut rng, stage, size);
        let placement = placement_for(&mut rng, stage, age_days / 365);
        let carer = carer_for(&mut rng, placement.kind, family_name);
        let mut refs = Vec::new();
        for position in 0..size {
            let youngest = position + 1 == size;
            let unborn = matches!(stage, Stage::PreBirth) && youngest;
            let date_of_birth = if unborn {
                today + Days::new(rng.range(14, 240))
            } else {
                today - Days::new(age_days)
            };
            // Now and then a half-sibling with another surname.
            let surname = if position > 0 && rng.chance(20) {
                *rng.pick(SURNAMES)
            } else {
                family_name
            };
            let child = child(
                &mut rng,
                ChildContext {
                    reference: next_ref.to_string(),
                    family_name: surname,
                    date_of_birth,
                    unborn,
                    placement,
                    today,
                    worker,
                    iro,
                    sibling_group: sibling_group.clone(),
                    rag,
                },
            );
            refs.push(child.reference.clone());
            children.push(child);
            next_ref += rng.range(1, 40);
            age_days = age_days
                .saturating_sub(rng.range(365, 4 * 365))
                .max(rng.range(30, 300));
        }
        if let Some(carer) = carer {
            carers.push((carer, refs));
        }
    }
    DemoCaseload {
        workers,
        children,
        carers,
        plans: Vec::new(),
        events: Vec::new(),
        done: Vec::new(),
        seed,
        today,
    }
}

fn eldest_age_days(rng: &mut Rng, stage: Stage, size: usize) -> u64 {
    let extra = (size as u64 - 1) * 700;
    let years = match stage {
        Stage::PreBirth => rng.range(1, 9),
        Stage::PlacementOrder => rng.range(0, 5),
        Stage::Section20 => rng.range(6, 18),
        Stage::SpecialGuardianship | Stage::ChildArrangements => rng.range(2, 16),
        _ => rng.range(0, 17),
    };
    (years * 365 + rng.range(20, 360) + extra).min(17 * 365 + 300)
}

struct ChildContext<'a> {
    reference: String,
    family_name: &'a str,
    date_of_birth: NaiveDate,
    unborn: bool,
    placement: Placement,
    today: NaiveDate,
    worker: &'a Worker,
    iro: &'a Worker,
    sibling_group: Option<String>,
    rag: Option<Rag>,
}

fn child(rng: &mut Rng, c: ChildContext<'_>) -> ChildFields {
    let girl = rng.chance(50);
    let given_name = if c.unborn {
        "Unborn".to_string()
    } else if girl {
        (*rng.pick(GIRLS)).to_string()
    } else {
        (*rng.pick(BOYS)).to_string()
    };
    let gender = if c.unborn {
        "Unknown"
    } else if rng.chance(1) {
        "Not recorded"
    } else if girl {
        "Female"
    } else {
        "Male"
    };
    let age_days = (c.today - c.date_of_birth).num_days().max(0) as u64;
    let (legal_status, placement, looked_after) = if c.unborn {
        (LegalStatus::None, "Pre-birth planning", None)
    } else {
        (
            c.placement.legal_status,
            c.placement.kind,
            c.placement.looked_after_days,
        )
    };
    // Care cannot have started before birth.
    let looked_after_since = looked_after.map(|days: u64| c.today - Days::new(days.min(age_days)));
    let disabled = !c.unborn && rng.chance(12);
    ChildFields {
        reference: c.reference,
        given_name,
        family_name: c.family_name.to_string(),
        date_of_birth: Some(c.date_of_birth),
        gender: Some(gender.to_string()),
        ethnicity: Some((*rng.weighted(ETHNICITIES)).to_string()),
        religion: Some((*rng.weighted(RELIGIONS)).to_string()),
        disability: Disability {
            disabled,
            note: disabled.then(|| (*rng.pick(DISABILITY_NOTES)).to_string()),
        },
        legal_status,
        placement_type: Some(placement.to_string()),
        looked_after_since,
        worker: Some(c.worker.username.clone()),
        team: c.worker.team.clone(),
        iro: (legal_status != LegalStatus::None && looked_after.is_some()).then(|| c.iro.username.clone()),
        rag: c.rag,
        sibling_group: c.sibling_group,
    }
}

/// A sibling group's legal status and where they live: siblings are
/// placed together, so the whole group shares it.
#[derive(Debug, Clone, Copy)]
struct Placement {
    legal_status: LegalStatus,
    kind: &'static str,
    /// How long ago care began, before capping at each child's age.
    looked_after_days: Option<u64>,
}

fn placement_for(rng: &mut Rng, stage: Stage, eldest_years: u64) -> Placement {
    let (legal_status, kind, looked_after_days) = match stage {
        Stage::PreBirth => (LegalStatus::Co, "Foster care", Some(rng.range(90, 1500))),
        Stage::Section20 => (
            LegalStatus::S20,
            *rng.pick(&[
                "Foster care",
                "Foster care",
                "Connected person foster care",
                "Residential children's home",
            ]),
            Some(rng.range(20, 700)),
        ),
        Stage::InterimCare => (
            LegalStatus::Ico,
            *rng.pick(&[
                "Foster care",
                "Connected person foster care",
                "Placed with parents",
                if eldest_years < 2 {
                    "Mother and baby placement"
                } else {
                    "Foster care"
                },
            ]),
            Some(rng.range(10, 330)),
        ),
        Stage::CareOrder => (
            LegalStatus::Co,
            if eldest_years >= 12 && rng.chance(25) {
                "Residential children's home"
            } else {
                rng.pick(&[
                    "Long-term foster care",
                    "Foster care",
                    "Connected person foster care",
                    "Placed with parents",
                ])
            },
            Some(rng.range(200, 3000)),
        ),
        Stage::PlacementOrder => (
            LegalStatus::Po,
            *rng.pick(&["Placed for adoption", "Fostering for Adoption", "Foster care"]),
            Some(rng.range(120, 800)),
        ),
        Stage::Supervision => (LegalStatus::So, "Living at home", None),
        Stage::InterimSupervision => (LegalStatus::Iso, "Living at home", None),
        Stage::SpecialGuardianship => (LegalStatus::Sgo, "Special guardian (connected person)", None),
        Stage::ChildArrangements => (
            LegalStatus::Cao,
            "Living with relative (Child Arrangements Order)",
            None,
        ),
        Stage::AtHome => (LegalStatus::None, "Living at home", None),
    };
    Placement {
        legal_status,
        kind,
        looked_after_days,
    }
}

/// Who the group lives with, if anyone besides their parents: relatives
/// and friends for connected-person placements, otherwise foster carers
/// or prospective adopters.
fn carer_for(rng: &mut Rng, placement: &str, family_name: &str) -> Option<Carer> {
    let connected = if placement.starts_with("Connected person")
        || placement.starts_with("Special guardian")
        || placement.starts_with("Living with relative")
    {
        true
    } else if placement.contains("oster") || placement == "Placed for adoption" {
        false
    } else {
        return None;
    };
    Some(if connected {
        let relationship = *rng.pick(RELATIVES);
        let surname = if relationship.starts_with("Paternal") || relationship.starts_with("Adult") {
            family_name
        } else {
            rng.pick(SURNAMES)
        };
        Carer {
            name: format!("{} {surname}", adult_for(rng, relationship)),
            relationship: relationship.to_string(),
            connected_person: true,
        }
    } else {
        let surname = rng.pick(SURNAMES);
        let relationship = if placement.contains("doption") {
            "Prospective adopters"
        } else {
            "Foster carers"
        };
        Carer {
            name: format!("{} and {} {surname}", rng.pick(WOMEN), any_adult(rng)),
            relationship: relationship.to_string(),
            connected_person: false,
        }
    })
}

/// A first name that fits the relationship: grandmothers and aunts are
/// women, uncles men; anyone else either.
fn adult_for(rng: &mut Rng, relationship: &str) -> &'static str {
    let women = ["grandmother", "aunt", "grandparents"];
    if women.iter().any(|w| relationship.ends_with(w)) {
        rng.pick::<&str>(WOMEN)
    } else if relationship.ends_with("uncle") {
        rng.pick::<&str>(MEN)
    } else {
        any_adult(rng)
    }
}

fn any_adult(rng: &mut Rng) -> &'static str {
    let names = if rng.chance(50) { WOMEN } else { MEN };
    rng.pick::<&str>(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Age;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_caseload() {
        assert_eq!(generate(200, 7, today()), generate(200, 7, today()));
        assert_ne!(
            generate(200, 7, today()).children,
            generate(200, 8, today()).children
        );
    }

    #[test]
    fn looks_like_a_real_authority() {
        let demo = generate(600, 1, today());
        assert_eq!(demo.children.len(), 600);
        let refs: HashSet<_> = demo.children.iter().map(|c| &c.reference).collect();
        assert_eq!(refs.len(), 600, "references are unique");
        let statuses: HashSet<_> = demo.children.iter().map(|c| c.legal_status).collect();
        assert_eq!(
            statuses.len(),
            LegalStatus::ALL.len(),
            "every legal status appears"
        );
        let ages: Vec<Age> = demo
            .children
            .iter()
            .map(|c| Age::on(c.date_of_birth.unwrap(), today()))
            .collect();
        assert!(ages.contains(&Age::Unborn));
        assert!(ages.iter().any(|a| matches!(a, Age::Months(_))));
        assert!(ages.iter().any(|a| a.years() == 17));
        assert!(ages.iter().all(|a| a.years() <= 17));
        let teams: HashSet<_> = demo.children.iter().filter_map(|c| c.team.as_ref()).collect();
        assert!(teams.len() >= 3);
        let mut groups: HashMap<&str, usize> = HashMap::new();
        for c in &demo.children {
            if let Some(g) = &c.sibling_group {
                *groups.entry(g).or_default() += 1;
            }
        }
        assert!(
            groups.values().any(|n| *n >= 3),
            "some sibling groups of three or more"
        );
        assert!(
            groups.values().all(|n| *n >= 2),
            "a sibling group has at least two children"
        );
        assert!(demo.carers.iter().any(|(c, _)| c.connected_person));
        for child in &demo.children {
            if let (Some(dob), Some(since)) = (child.date_of_birth, child.looked_after_since) {
                assert!(since >= dob && since <= today(), "{child:?}");
            }
        }
        let usernames: HashSet<_> = demo.workers.iter().map(|w| &w.username).collect();
        assert_eq!(usernames.len(), demo.workers.len());
    }

    #[test]
    fn a_handful_of_children_still_works() {
        for count in [0, 1, 2, 5] {
            assert_eq!(generate(count, 3, today()).children.len(), count);
        }
    }
}
