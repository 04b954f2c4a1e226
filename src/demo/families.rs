//! Family networks for the synthetic caseload: every sibling group and
//! many single children get parents (now and then a second father, for
//! half-siblings with another surname, or a step-parent), grandparents
//! (one sometimes deceased), an aunt or uncle with a partner being
//! assessed as carers, households, and each adult's part in the plan. Some
//! families have had a Family Group Conference or Family Network meeting;
//! every child has a few written chronology entries, some marked for the
//! Child Permanence Report; children in pre-proceedings or just past the
//! Legal Gateway decision have a panel date and papers ticked.
//!
//! Every name is drawn from the demo's own lists: none is real.
//!
//! They follow the caseload's own seed and day, so the same seed gives the
//! same families, and everything dated "before today" is.

use super::{DemoCaseload, MEN, Rng, SURNAMES, WOMEN};
use crate::domain::calendar::Calendar;
use crate::domain::child::{ChildFields, ChildId, LegalStatus};
use crate::domain::chronology::{Kind, written_key};
use crate::domain::family::{Connected, Connection, Couple, Partnership, Person, PersonId, Sex, Viability};
use crate::domain::family_meeting::{FamilyMeetingKind, NewFamilyMeeting, NewOutcome};
use crate::domain::gateway::{Paper, required};
use crate::domain::people::Carer;
use crate::domain::plan::{PlanRole, Stage as PlanStage};
use crate::store::{GatewayPanelRow, StoreError, Writer, WrittenEntryFields};
use chrono::{Days, NaiveDate};
use std::collections::HashMap;

/// Of the children with no sibling on the caseload, how many in a hundred
/// have a network recorded.
const SINGLE_CHILDREN_WITH_A_NETWORK: u64 = 35;

/// Writes the caseload's families, chronologies and Gateway papers, from
/// its own seed and day.
pub fn write(w: &mut Writer<'_>, caseload: &DemoCaseload) -> Result<(), StoreError> {
    write_with(w, caseload, caseload.seed, caseload.today)
}

/// Writes the families, chronologies and Gateway papers with the seed and
/// today given.
pub fn write_with(
    w: &mut Writer<'_>,
    caseload: &DemoCaseload,
    seed: u64,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let mut rng = Rng::new(seed ^ 0x0FA3_11E5);
    let carers: HashMap<&str, &Carer> = caseload
        .carers
        .iter()
        .flat_map(|(carer, refs)| refs.iter().map(move |r| (r.as_str(), carer)))
        .collect();
    let plans: HashMap<&str, (PlanStage, NaiveDate)> = caseload
        .plans
        .iter()
        .filter(|p| p.role == PlanRole::Primary)
        .map(|p| (p.reference.as_str(), (p.stage, p.start)))
        .collect();
    let calendar = Calendar::default();
    let children = &caseload.children;
    let mut at = 0;
    while at < children.len() {
        // A sibling group's children are generated one after another.
        let mut end = at + 1;
        if let Some(group) = &children[at].sibling_group {
            while end < children.len() && children[end].sibling_group.as_ref() == Some(group) {
                end += 1;
            }
        }
        let group = &children[at..end];
        at = end;
        let mut ids = Vec::with_capacity(group.len());
        for child in group {
            let id = w
                .child_id(&child.reference)?
                .ok_or_else(|| StoreError::NoSuchChild(child.reference.clone()))?;
            ids.push(id);
        }
        if group.len() > 1 || rng.chance(SINGLE_CHILDREN_WITH_A_NETWORK) {
            let carer = carers.get(group[0].reference.as_str()).copied();
            family(w, &mut rng, group, &ids, carer, today)?;
        }
        for (child, id) in group.iter().zip(&ids) {
            chronology(w, &mut rng, child, *id, today)?;
            if let Some((stage, start)) = plans.get(child.reference.as_str()) {
                gateway(w, &mut rng, &calendar, *id, *stage, *start, today)?;
            }
        }
    }
    Ok(())
}

fn years_before(date: NaiveDate, rng: &mut Rng, low: u64, high: u64) -> NaiveDate {
    date - Days::new(rng.range(low * 365, high * 365))
}

fn days_before(date: NaiveDate, rng: &mut Rng, low: u64, high: u64) -> NaiveDate {
    date - Days::new(rng.range(low, high))
}

/// Within `years` either side of `date`.
fn about(date: NaiveDate, rng: &mut Rng, years: u64) -> NaiveDate {
    date - Days::new(years * 365) + Days::new(rng.range(0, 2 * years * 365 + 1))
}

/// A mobile number from the range Ofcom keeps for drama, so it can never
/// be anyone's.
fn phone(rng: &mut Rng) -> String {
    format!("07700 900{:03}", rng.range(0, 1000))
}

/// A given name for someone of this sex.
fn given(rng: &mut Rng, sex: Sex) -> &'static str {
    match sex {
        Sex::Female => rng.pick::<&str>(WOMEN),
        Sex::Male => rng.pick::<&str>(MEN),
        Sex::Unknown => super::any_adult(rng),
    }
}

/// The language a family of this surname and ethnicity may speak at home,
/// where the demo's lists suggest one besides English.
fn home_language(surname: &str, ethnicity: &str) -> Option<&'static str> {
    Some(match surname {
        "Nowak" | "Kowalski" => "Polish",
        "Costa" | "Silva" => "Portuguese",
        "Adeyemi" => "Yoruba",
        "Okafor" => "Igbo",
        "Osei" | "Mensah" => "Twi",
        _ if ethnicity.ends_with("Pakistani") => "Urdu",
        _ if ethnicity.ends_with("Bangladeshi") => "Sylheti",
        _ if ethnicity.ends_with("Indian") => "Punjabi",
        _ if ethnicity.contains("Gypsy or Roma") => "Romani",
        _ => return None,
    })
}

const FAMILY_TIME_LOOKED_AFTER: &[&str] = &[
    "Twice weekly, supervised at the family time centre",
    "Fortnightly, supervised",
    "Weekly, supported by the family time team",
    "Monthly, indirect (letters and cards)",
    "Weekly video call, and monthly in person",
    "Suspended pending the parenting assessment",
];
const FAMILY_TIME_APART: &[&str] = &[
    "Alternate weekends, unsupervised",
    "Saturdays, in the community",
    "Fortnightly, supported by the paternal family",
    "Telephone calls on Sundays",
];
const FAMILY_TIME_RELATIVES: &[&str] = &[
    "Monthly, at the grandparents' home",
    "School holidays, a day at a time",
    "Monthly, alongside the parents' family time",
    "Birthdays and Christmas",
];

/// Who a connected-person carer is to the children, from the words the
/// demo gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CarerIs {
    Grandmother { maternal: bool },
    Grandparents { maternal: bool },
    AuntOrUncle { maternal: bool, sex: Sex },
    AdultSibling,
    Friend,
}

impl CarerIs {
    fn read(relationship: &str) -> Option<CarerIs> {
        let maternal = relationship.starts_with("Maternal");
        Some(match relationship {
            "Maternal grandmother" | "Paternal grandmother" => CarerIs::Grandmother { maternal },
            "Maternal grandparents" | "Paternal grandparents" => CarerIs::Grandparents { maternal },
            "Maternal aunt" | "Paternal aunt" => CarerIs::AuntOrUncle {
                maternal,
                sex: Sex::Female,
            },
            "Paternal uncle" => CarerIs::AuntOrUncle {
                maternal,
                sex: Sex::Male,
            },
            "Adult sibling" => CarerIs::AdultSibling,
            "Family friend" | "Former neighbour" => CarerIs::Friend,
            _ => return None,
        })
    }

    /// Whether the carer is a grandparent on this side.
    fn grandparent(self, side_maternal: bool) -> bool {
        matches!(self, CarerIs::Grandmother { maternal } | CarerIs::Grandparents { maternal } if maternal == side_maternal)
    }

    /// Whether the carer is on the father's side, so the father (through
    /// whom they are related) has to be recorded.
    fn paternal(self) -> bool {
        matches!(
            self,
            CarerIs::Grandmother { maternal: false }
                | CarerIs::Grandparents { maternal: false }
                | CarerIs::AuntOrUncle { maternal: false, .. }
        )
    }
}

/// An adult to add: the facts the family decides; the rest is drawn.
struct Adult<'h> {
    name: String,
    sex: Sex,
    born: NaiveDate,
    household: Option<&'h str>,
    deceased: bool,
    /// Related by birth (so sharing the family's culture and language),
    /// rather than by partnership or as a carer.
    by_birth: bool,
}

impl Adult<'_> {
    fn new(name: String, sex: Sex, born: NaiveDate, household: Option<&str>) -> Adult<'_> {
        Adult {
            name,
            sex,
            born,
            household,
            deceased: false,
            by_birth: true,
        }
    }

    fn partner(self) -> Self {
        Adult {
            by_birth: false,
            ..self
        }
    }
}

/// One family being written: who is in it so far, and what the rest of
/// it draws on.
struct Family<'a> {
    family: i64,
    /// The caseload children as people, in the group's order.
    children: Vec<PersonId>,
    today: NaiveDate,
    culture: Option<&'a str>,
    religion: Option<&'a str>,
    language: Option<&'static str>,
    /// Special guardians hold parental responsibility for the children
    /// they care for.
    guardians: bool,
}

impl Family<'_> {
    fn add(&self, w: &mut Writer<'_>, rng: &mut Rng, adult: Adult<'_>) -> Result<PersonId, StoreError> {
        let by_birth = adult.by_birth;
        let person = Person {
            id: PersonId(0),
            name: adult.name,
            sex: adult.sex,
            date_of_birth: rng.chance(85).then_some(adult.born),
            deceased: adult.deceased,
            culture: self
                .culture
                .filter(|_| by_birth && rng.chance(50))
                .map(String::from),
            language: self
                .language
                .filter(|_| by_birth && rng.chance(60))
                .map(String::from),
            religion: self
                .religion
                .filter(|_| rng.chance(if by_birth { 40 } else { 15 }))
                .map(String::from),
            contact: (!adult.deceased && rng.chance(35)).then(|| phone(rng)),
            household: adult.household.filter(|_| !adult.deceased).map(String::from),
            child: None,
        };
        w.add_person(self.family, &person)
    }

    /// A person's part in every child's plan.
    fn connect(&self, w: &mut Writer<'_>, person: PersonId, part: &Part) -> Result<(), StoreError> {
        for child in &self.children {
            self.connect_one(w, *child, person, part)?;
        }
        Ok(())
    }

    fn connect_one(
        &self,
        w: &mut Writer<'_>,
        child: PersonId,
        person: PersonId,
        part: &Part,
    ) -> Result<(), StoreError> {
        w.set_connection(&Connection {
            child,
            person,
            connected: part.connected.clone(),
            parental_responsibility: part.parental_responsibility,
            viability: part.viability,
            family_time: part.family_time.map(String::from),
            potential_carer: part.potential_carer,
        })
        .map(|_| ())
    }

    /// A viability assessment of a possible carer, dated before today:
    /// recently if only requested.
    fn viability(&self, rng: &mut Rng, viability: Viability) -> Option<(Viability, NaiveDate)> {
        let on = match viability {
            Viability::Requested => days_before(self.today, rng, 3, 45),
            _ => days_before(self.today, rng, 20, 300),
        };
        Some((viability, on))
    }

    /// Someone the children live with, assessed (positively) before they
    /// moved in.
    fn carer(
        &self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        person: PersonId,
        connected: Option<Connected>,
    ) -> Result<(), StoreError> {
        let part = Part {
            connected,
            parental_responsibility: self.guardians,
            viability: Some((Viability::Positive, days_before(self.today, rng, 60, 400))),
            family_time: None,
            potential_carer: true,
        };
        self.connect(w, person, &part)
    }
}

/// What a [`Connection`] says, for every child of the family.
#[derive(Default)]
struct Part {
    connected: Option<Connected>,
    parental_responsibility: bool,
    viability: Option<(Viability, NaiveDate)>,
    family_time: Option<&'static str>,
    potential_carer: bool,
}

/// Writes one family: the group's network and, for some, a meeting.
fn family(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    group: &[ChildFields],
    ids: &[ChildId],
    carer: Option<&Carer>,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let family = w.ensure_family(ids[0])?;
    let network = w.network(ids[0])?;
    let mut children = Vec::with_capacity(ids.len());
    for id in ids {
        let person = network
            .child_person(*id)
            .ok_or_else(|| StoreError::Corrupt("a demo child is missing from their family network".into()))?;
        children.push(person.clone());
    }
    let eldest = &group[0];
    let surname = eldest.family_name.as_str();
    let ethnicity = eldest.ethnicity.as_deref().unwrap_or("Not recorded");
    let religion = eldest.religion.as_deref().unwrap_or("Not recorded");
    let f = Family {
        family,
        children: children.iter().map(|p| p.id).collect(),
        today,
        culture: (ethnicity != "Not recorded").then_some(ethnicity),
        religion: (religion != "Not recorded").then_some(religion),
        language: home_language(surname, ethnicity),
        guardians: eldest.legal_status == LegalStatus::Sgo,
    };
    let carer_is = carer
        .filter(|c| c.connected_person)
        .and_then(|c| CarerIs::read(&c.relationship));
    let placement = eldest.placement_type.as_deref().unwrap_or("");
    let at_home = matches!(
        placement,
        "Living at home" | "Placed with parents" | "Pre-birth planning"
    );
    // Where the children live, once it is known.
    let mut home: Option<String> = None;

    // The parents.
    let born = eldest.date_of_birth.unwrap_or(today).min(today);
    let adult_sibling = carer_is == Some(CarerIs::AdultSibling);
    let first_born = if adult_sibling {
        years_before(today, rng, 19, 26)
    } else {
        born
    };
    let mother_born = years_before(first_born, rng, 17, 36);
    let together = *rng.weighted(&[
        (40, Partnership::Separated),
        (25, Partnership::Divorced),
        (20, Partnership::Partners),
        (15, Partnership::Married),
    ]);
    // Married when the children were born, so the father has parental
    // responsibility (divorce does not end it).
    let married = matches!(together, Partnership::Married | Partnership::Divorced);
    let apart = matches!(together, Partnership::Separated | Partnership::Divorced);
    let maiden = if rng.chance(70) {
        *rng.pick(SURNAMES)
    } else {
        surname
    };
    let mother_surname = if married && rng.chance(80) {
        surname
    } else {
        maiden
    };
    let (mother_home, father_home) = match placement {
        "Mother and baby placement" => ("mother and baby placement", "father's home"),
        _ if apart => ("mother's home", "father's home"),
        _ => ("parents' home", "parents' home"),
    };
    let mother_name = format!("{} {mother_surname}", given(rng, Sex::Female));
    let mother = f.add(
        w,
        rng,
        Adult::new(mother_name, Sex::Female, mother_born, Some(mother_home)),
    )?;
    let needs_father = carer_is.is_some_and(CarerIs::paternal) || adult_sibling;
    let father = if needs_father || rng.chance(92) {
        let name = format!("{} {surname}", given(rng, Sex::Male));
        let born = about(mother_born, rng, 4) - Days::new(2 * 365);
        let father = f.add(w, rng, Adult::new(name, Sex::Male, born, Some(father_home)))?;
        w.add_couple(Couple {
            a: mother,
            b: father,
            partnership: together,
        })?;
        Some(father)
    } else {
        // Not named: the network says "father not recorded".
        None
    };
    // Another father for each other surname among the children: the
    // demo's half-siblings.
    let mut fathers: Vec<(&str, Option<PersonId>)> = vec![(surname, father)];
    let mut father_of = Vec::with_capacity(group.len());
    for child in group {
        let name = child.family_name.as_str();
        let theirs = match fathers.iter().find(|(s, _)| *s == name) {
            Some((_, theirs)) => *theirs,
            None => {
                let full = format!("{} {name}", given(rng, Sex::Male));
                let born = about(mother_born, rng, 5);
                let other = f.add(w, rng, Adult::new(full, Sex::Male, born, Some("father's home")))?;
                w.add_couple(Couple {
                    a: mother,
                    b: other,
                    partnership: *rng.weighted(&[(60, Partnership::Separated), (40, Partnership::Partners)]),
                })?;
                fathers.push((name, Some(other)));
                Some(other)
            }
        };
        father_of.push(theirs);
    }
    for ((child, person), theirs) in group.iter().zip(&f.children).zip(&father_of) {
        w.add_parent(mother, *person)?;
        let looked_after = child.looked_after_since.is_some();
        let mother_part = Part {
            parental_responsibility: true,
            family_time: (!at_home || looked_after).then(|| *rng.pick(FAMILY_TIME_LOOKED_AFTER)),
            ..Part::default()
        };
        f.connect_one(w, *person, mother, &mother_part)?;
        if let Some(theirs) = theirs {
            w.add_parent(*theirs, *person)?;
            let lives_with_them = at_home && !apart && Some(*theirs) == father;
            let part = Part {
                parental_responsibility: married && Some(*theirs) == father,
                family_time: if lives_with_them {
                    None
                } else if at_home {
                    Some(*rng.pick(FAMILY_TIME_APART))
                } else {
                    Some(*rng.pick(FAMILY_TIME_LOOKED_AFTER))
                },
                ..Part::default()
            };
            f.connect_one(w, *person, *theirs, &part)?;
        }
    }
    // A step-parent: the mother's new partner, or the father's.
    if apart && fathers.len() == 1 && rng.chance(35) {
        let first = given(rng, Sex::Male);
        let name = format!("{first} {}", rng.pick(SURNAMES));
        let adult = Adult::new(name, Sex::Male, about(mother_born, rng, 6), Some(mother_home)).partner();
        let partner = f.add(w, rng, adult)?;
        w.add_couple(Couple {
            a: mother,
            b: partner,
            partnership: Partnership::Partners,
        })?;
        if rng.chance(40) {
            let part = Part {
                family_time: Some("Sees the children during the mother's family time"),
                ..Part::default()
            };
            f.connect(w, partner, &part)?;
        }
    } else if let Some(father) = father.filter(|_| apart && rng.chance(20)) {
        let name = format!("{} {surname}", given(rng, Sex::Female));
        let adult = Adult::new(name, Sex::Female, about(mother_born, rng, 5), Some(father_home)).partner();
        let partner = f.add(w, rng, adult)?;
        w.add_couple(Couple {
            a: father,
            b: partner,
            partnership: *rng.weighted(&[(50, Partnership::Married), (50, Partnership::Partners)]),
        })?;
    }
    if let (true, Some(carer)) = (adult_sibling, carer) {
        let sex = if rng.chance(60) { Sex::Female } else { Sex::Male };
        let sibling = f.add(
            w,
            rng,
            Adult::new(carer.name.clone(), sex, first_born, Some("adult sibling's home")),
        )?;
        w.add_parent(mother, sibling)?;
        if let Some(father) = father {
            w.add_parent(father, sibling)?;
        }
        f.carer(w, rng, sibling, None)?;
        home = Some("adult sibling's home".into());
    }

    // Grandparents, on both sides for some. A carer who is a grandparent,
    // or an aunt or uncle, makes sure of that side's.
    let mut sides: Vec<(bool, PersonId, PersonId)> = Vec::new();
    for (maternal, parent, parent_born) in [(true, Some(mother), mother_born), (false, father, mother_born)] {
        let Some(parent) = parent else {
            continue;
        };
        let carer_here = carer_is.is_some_and(|c| {
            c.grandparent(maternal) || matches!(c, CarerIs::AuntOrUncle { maternal: m, .. } if m == maternal)
        });
        if !(carer_here || rng.chance(if maternal { 55 } else { 40 })) {
            continue;
        }
        let side = if maternal { "maternal" } else { "paternal" };
        let family_name = if maternal { maiden } else { surname };
        let gp_home = format!("{side} grandparents' home");
        let caring = carer_is.is_some_and(|c| c.grandparent(maternal));
        // One of them sometimes deceased, never one who cares.
        let deceased =
            (!caring && rng.chance(25)).then(|| if rng.chance(65) { Sex::Male } else { Sex::Female });
        let grandmother_born = years_before(parent_born, rng, 18, 34);
        let name = match carer.filter(|_| caring) {
            Some(carer) => carer.name.clone(),
            None => format!("{} {family_name}", given(rng, Sex::Female)),
        };
        let grandmother = f.add(
            w,
            rng,
            Adult {
                deceased: deceased == Some(Sex::Female),
                ..Adult::new(name, Sex::Female, grandmother_born, Some(gp_home.as_str()))
            },
        )?;
        let name = format!("{} {family_name}", given(rng, Sex::Male));
        let grandfather_born = about(grandmother_born, rng, 4);
        let grandfather = f.add(
            w,
            rng,
            Adult {
                deceased: deceased == Some(Sex::Male),
                ..Adult::new(name, Sex::Male, grandfather_born, Some(gp_home.as_str()))
            },
        )?;
        w.add_couple(Couple {
            a: grandmother,
            b: grandfather,
            partnership: *rng.weighted(&[(75, Partnership::Married), (25, Partnership::Divorced)]),
        })?;
        w.add_parent(grandmother, parent)?;
        w.add_parent(grandfather, parent)?;
        let living = if deceased == Some(Sex::Female) {
            grandfather
        } else {
            grandmother
        };
        if caring {
            f.carer(w, rng, grandmother, None)?;
            if matches!(carer_is, Some(CarerIs::Grandparents { .. })) {
                f.carer(w, rng, grandfather, None)?;
            }
            home = Some(gp_home);
        } else if rng.chance(40) {
            let part = Part {
                family_time: Some(*rng.pick(FAMILY_TIME_RELATIVES)),
                ..Part::default()
            };
            f.connect(w, living, &part)?;
        }
        sides.push((maternal, grandmother, grandfather));
    }

    // An aunt or uncle and their partner, on a side whose grandparents
    // are recorded (without them the network could not say "aunt").
    let caring_aunt = match carer_is {
        Some(CarerIs::AuntOrUncle { maternal, sex }) => Some((maternal, sex)),
        _ => None,
    };
    let aunt_side = match caring_aunt {
        Some((maternal, _)) => sides.iter().find(|s| s.0 == maternal).copied(),
        None if !sides.is_empty() && rng.chance(55) => Some(*rng.pick(&sides)),
        None => None,
    };
    if let Some((maternal, grandmother, grandfather)) = aunt_side {
        let sex = match caring_aunt {
            Some((_, sex)) => sex,
            None if rng.chance(60) => Sex::Female,
            None => Sex::Male,
        };
        let side = if maternal { "maternal" } else { "paternal" };
        let word = if sex == Sex::Female { "aunt" } else { "uncle" };
        let aunt_home = format!("{side} {word}'s home");
        let name = match (caring_aunt, carer) {
            (Some(_), Some(carer)) => carer.name.clone(),
            _ => format!("{} {}", given(rng, sex), if maternal { maiden } else { surname }),
        };
        let aunt_born = about(mother_born, rng, 8);
        let aunt = f.add(w, rng, Adult::new(name, sex, aunt_born, Some(aunt_home.as_str())))?;
        w.add_parent(grandmother, aunt)?;
        w.add_parent(grandfather, aunt)?;
        let partner_sex = match (sex, rng.chance(90)) {
            (Sex::Female, true) | (Sex::Male, false) => Sex::Male,
            _ => Sex::Female,
        };
        let first = given(rng, partner_sex);
        let name = format!("{first} {}", rng.pick(SURNAMES));
        let adult = Adult::new(
            name,
            partner_sex,
            about(mother_born, rng, 9),
            Some(aunt_home.as_str()),
        )
        .partner();
        let partner = f.add(w, rng, adult)?;
        w.add_couple(Couple {
            a: aunt,
            b: partner,
            partnership: *rng.weighted(&[(60, Partnership::Married), (40, Partnership::Partners)]),
        })?;
        let partner_is = Some(Connected::Other(format!("{word}'s partner")));
        if caring_aunt.is_some() {
            f.carer(w, rng, aunt, None)?;
            f.carer(w, rng, partner, partner_is)?;
            home = Some(aunt_home);
        } else {
            // Assessed together, so one outcome and one date for both.
            let viability = *rng.weighted(&[
                (35, Viability::Requested),
                (40, Viability::Positive),
                (25, Viability::Negative),
            ]);
            let part = Part {
                viability: f.viability(rng, viability),
                family_time: rng.chance(50).then(|| *rng.pick(FAMILY_TIME_RELATIVES)),
                potential_carer: true,
                ..Part::default()
            };
            f.connect(w, aunt, &part)?;
            f.connect(
                w,
                partner,
                &Part {
                    connected: partner_is,
                    ..part
                },
            )?;
        }
    }

    // Whoever else the children live with.
    match (carer, carer_is) {
        (Some(carer), Some(CarerIs::Friend)) => {
            let sex = if rng.chance(70) { Sex::Female } else { Sex::Male };
            let adult = Adult::new(
                carer.name.clone(),
                sex,
                about(mother_born, rng, 12),
                Some("connected carer's home"),
            )
            .partner();
            let friend = f.add(w, rng, adult)?;
            f.carer(w, rng, friend, Some(Connected::ConnectedPerson))?;
            home = Some("connected carer's home".into());
        }
        (Some(carer), None) if !carer.connected_person => {
            let adopters = carer.relationship.contains("dopter");
            let (their_home, is) = if adopters {
                ("adopters' home", Connected::Other("prospective adopter".into()))
            } else {
                ("foster placement", Connected::Carer)
            };
            // "Sarah and David Smith": two people, one household.
            let (firsts, family_name) = carer.name.rsplit_once(' ').unwrap_or((carer.name.as_str(), ""));
            let mut made = Vec::new();
            for first in firsts.split(" and ") {
                let sex = if WOMEN.contains(&first) {
                    Sex::Female
                } else {
                    Sex::Male
                };
                let name = format!("{first} {family_name}").trim().to_string();
                let adult =
                    Adult::new(name, sex, years_before(today, rng, 30, 62), Some(their_home)).partner();
                let person = f.add(w, rng, adult)?;
                let part = Part {
                    connected: Some(is.clone()),
                    ..Part::default()
                };
                f.connect(w, person, &part)?;
                made.push(person);
            }
            if let [a, b] = made[..] {
                w.add_couple(Couple {
                    a,
                    b,
                    partnership: *rng.weighted(&[(70, Partnership::Married), (30, Partnership::Partners)]),
                })?;
            }
            home = Some(their_home.into());
        }
        _ => {}
    }
    if at_home || placement == "Mother and baby placement" {
        home = Some(mother_home.into());
    } else if placement == "Residential children's home" {
        home = Some("residential children's home".into());
    }
    for mut person in children {
        person.household = home.clone();
        if person.language.is_none() {
            person.language = f.language.filter(|_| rng.chance(50)).map(String::from);
        }
        w.update_person(&person)?;
    }
    if rng.chance(35) {
        meeting(w, rng, ids, today, father.is_some(), &sides, aunt_side.is_some())?;
    }
    Ok(())
}

const OUTCOMES: &[&str] = &[
    "Viability assessment of the aunt and her partner",
    "Grandparents to offer respite one weekend a month",
    "Family time with father to increase to weekly if attended consistently",
    "Mother to attend the parenting programme",
    "Safety plan agreed with the family; social worker to share it with school",
    "Paternal family to be contacted about support",
    "Life story work to begin with the children",
    "Review the family plan at a second meeting",
];

/// A Family Group Conference or Family Network meeting, held before
/// today, with two or three outcomes.
fn meeting(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    ids: &[ChildId],
    today: NaiveDate,
    father: bool,
    grandparents: &[(bool, PersonId, PersonId)],
    aunt: bool,
) -> Result<(), StoreError> {
    let kind = if rng.chance(60) {
        FamilyMeetingKind::FamilyGroupConference
    } else {
        FamilyMeetingKind::FamilyNetworkMeeting
    };
    let mut attended = vec!["Mother".to_string()];
    if father && rng.chance(60) {
        attended.push("Father".into());
    }
    for (maternal, _, _) in grandparents {
        if rng.chance(70) {
            attended.push(format!(
                "{} grandmother",
                if *maternal { "Maternal" } else { "Paternal" }
            ));
        }
    }
    if aunt {
        attended.push("Aunt or uncle, with their partner".into());
    }
    attended.push(match kind {
        FamilyMeetingKind::FamilyGroupConference => "FGC coordinator".into(),
        FamilyMeetingKind::FamilyNetworkMeeting => "Social worker".into(),
    });
    let held_on = days_before(today, rng, 10, 240);
    let notes = rng
        .chance(50)
        .then(|| "Family plan agreed; to be reviewed in three months.".to_string());
    let id = w.add_family_meeting(
        ids[0],
        &NewFamilyMeeting {
            kind,
            held_on,
            attended,
            notes,
        },
    )?;
    let first = rng.range(0, OUTCOMES.len() as u64) as usize;
    for n in 0..rng.range(2, 4) as usize {
        let outcome = NewOutcome {
            text: OUTCOMES[(first + n * 3) % OUTCOMES.len()].to_string(),
            due: rng.chance(80).then(|| held_on + Days::new(rng.range(14, 120))),
            child: rng.chance(40).then(|| *rng.pick(ids)),
        };
        w.add_outcome(id, &outcome)?;
    }
    Ok(())
}

/// (kind, what, source, verified).
const ENTRIES: &[(Kind, &str, Option<&str>, bool)] = &[
    (
        Kind::Concern,
        "Police called to the family home after a reported argument between the parents",
        Some("police report"),
        false,
    ),
    (
        Kind::Concern,
        "Anonymous referral about the condition of the home",
        Some("anonymous referral"),
        false,
    ),
    (
        Kind::Health,
        "Missed two health visitor appointments",
        Some("health visitor"),
        true,
    ),
    (
        Kind::Health,
        "Seen at A&E with a bruise; explanation consistent with a fall",
        Some("hospital discharge summary"),
        false,
    ),
    (
        Kind::Education,
        "School raised concerns about attendance and late collection",
        Some("school"),
        false,
    ),
    (
        Kind::Education,
        "Attendance improved to 96% this term",
        Some("school"),
        true,
    ),
    (
        Kind::Family,
        "Parents separated; father moved out of the family home",
        Some("mother"),
        false,
    ),
    (
        Kind::Family,
        "Maternal grandmother began regular weekend care",
        Some("maternal grandmother"),
        false,
    ),
    (
        Kind::Assessment,
        "Parenting assessment of the mother started",
        Some("social worker"),
        true,
    ),
    (
        Kind::Meeting,
        "Strategy discussion held with police and health",
        Some("MASH"),
        true,
    ),
    (
        Kind::Legal,
        "Letter before proceedings sent to the parents",
        Some("legal services"),
        true,
    ),
    (
        Kind::Placement,
        "Short break with foster carers while the mother was in hospital",
        None,
        true,
    ),
    (
        Kind::Other,
        "Moved house to a new tenancy across the borough",
        Some("housing officer"),
        false,
    ),
];

/// Two or three entries a worker wrote, dated before today (in pregnancy,
/// for an unborn child), a third of them marked for the CPR.
fn chronology(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    child: &ChildFields,
    id: ChildId,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let born = child.date_of_birth.unwrap_or(today);
    let from = if born > today {
        today - Days::new(200)
    } else {
        born.max(today - Days::new(6 * 365))
    };
    let span = (today - from).num_days().max(2) as u64;
    let first = rng.range(0, ENTRIES.len() as u64) as usize;
    let count = rng.range(2, 4) as usize;
    for n in 0..count {
        let (kind, what, source, verified) = ENTRIES[(first + n * 5) % ENTRIES.len()];
        let on = (from + Days::new(rng.range(0, span))).min(today - Days::new(1));
        let entry = WrittenEntryFields {
            on_date: on,
            what: what.to_string(),
            kind: kind.code().to_string(),
            source: source.map(String::from),
            verified,
        };
        let written = w.add_chronology_entry(id, &entry)?;
        if rng.chance(33) {
            w.set_chronology_mark(id, &written_key(written))?;
        }
    }
    Ok(())
}

/// A Legal Gateway panel a little after today, and some papers ticked,
/// for a child in pre-proceedings or whose Gateway decision was recent.
fn gateway(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    calendar: &Calendar,
    child: ChildId,
    stage: PlanStage,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let pre_proceedings = stage == PlanStage::PreProceedings;
    let recent = start + Days::new(42) >= today;
    if !(pre_proceedings || recent) {
        return Ok(());
    }
    let mut panel = today + Days::new(rng.range(3, 22));
    while !calendar.is_working_day(panel) {
        panel = panel + Days::new(1);
    }
    w.set_gateway_panel(
        child,
        GatewayPanelRow {
            panel_date: panel,
            pre_proceedings,
        },
    )?;
    for paper in required(pre_proceedings) {
        if !rng.chance(60) {
            continue;
        }
        // Ticked with no date: no expert assessment was made.
        let dated = (paper != Paper::ExpertAssessments || rng.chance(50))
            .then(|| days_before(today, rng, 1, 60).max(start.min(today)));
        w.set_gateway_paper(child, paper.code(), dated)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::family::{Network, Relation};
    use crate::service::library::Library;
    use crate::store::Store;
    use std::collections::BTreeMap;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn demo(count: usize, seed: u64) -> (tempfile::TempDir, Store, DemoCaseload) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
        let library = Library::load(None).unwrap();
        let mut caseload = super::super::generate(count, seed, today());
        let pathways: Vec<_> = library.pathways.iter().map(|p| &p.pathway).collect();
        super::super::plans::add_plans(&mut caseload, &pathways, &library.calendar, seed, today());
        caseload.write_to(&mut store).unwrap();
        (dir, store, caseload)
    }

    fn ids(store: &Store, caseload: &DemoCaseload) -> Vec<(ChildFields, ChildId)> {
        caseload
            .children
            .iter()
            .map(|c| (c.clone(), store.child_id(&c.reference).unwrap().unwrap()))
            .collect()
    }

    #[test]
    fn sibling_groups_share_one_network_and_every_child_is_in_theirs() {
        let (_dir, store, caseload) = demo(200, 20261123);
        let children = ids(&store, &caseload);
        let mut groups: BTreeMap<&str, Vec<ChildId>> = BTreeMap::new();
        for (child, id) in &children {
            if let Some(group) = &child.sibling_group {
                groups.entry(group).or_default().push(*id);
            }
        }
        assert!(groups.len() >= 5);
        let mut shared_parents = 0;
        for members in groups.values() {
            let network = store.network(members[0]).unwrap();
            let family = store.family_id(members[0]).unwrap();
            assert!(family.is_some(), "every sibling group has a network");
            let mut parents = Vec::new();
            for id in members {
                assert_eq!(store.family_id(*id).unwrap(), family);
                assert_eq!(store.network(*id).unwrap(), network, "one network, seen alike");
                let person = network.child_person(*id).expect("each child is a person in it");
                let mut theirs = network.parents_of(person.id);
                theirs.sort();
                assert!(!theirs.is_empty(), "every child has at least a mother");
                parents.push(theirs);
            }
            if parents.windows(2).all(|pair| pair[0] == pair[1]) {
                shared_parents += 1;
            }
        }
        assert!(shared_parents >= 1, "some siblings share both parents' ids");
        // Single children with a network, and without.
        let singles: Vec<ChildId> = children
            .iter()
            .filter(|(c, _)| c.sibling_group.is_none())
            .map(|(_, id)| *id)
            .collect();
        let with = singles
            .iter()
            .filter(|id| store.family_id(**id).unwrap().is_some())
            .count();
        assert!(
            with > singles.len() / 5 && with < singles.len(),
            "{with} of {}",
            singles.len()
        );
        // Every caseload child in a network is its person, and nobody else
        // stands for a child.
        for (_, id) in &children {
            let network = store.network(*id).unwrap();
            if network.people.is_empty() {
                continue;
            }
            let person = network.child_person(*id).unwrap();
            assert_eq!(person.child, Some(*id));
            for other in network.people.iter().filter(|p| p.child.is_some()) {
                let child = other.child.unwrap();
                assert!(children.iter().any(|(_, c)| *c == child));
                assert_eq!(store.family_id(child).unwrap(), store.family_id(*id).unwrap());
            }
        }
    }

    #[test]
    fn families_are_plausible_and_dated_before_today() {
        let (_dir, store, caseload) = demo(200, 20261123);
        let children = ids(&store, &caseload);
        let mut labels: BTreeMap<String, usize> = BTreeMap::new();
        let mut deceased_grandparents = 0;
        let mut viability = BTreeMap::new();
        let mut responsibility = (0, 0);
        let mut households = 0;
        let mut cultures = 0;
        for (_, id) in &children {
            let network = store.network(*id).unwrap();
            let Some(me) = network.child_person(*id) else {
                continue;
            };
            households += usize::from(me.household.is_some());
            for person in &network.people {
                cultures += usize::from(person.culture.is_some() || person.language.is_some());
                let Some(relation) = network.relationship(me.id, person.id) else {
                    continue;
                };
                *labels.entry(relation.label()).or_default() += 1;
                if let Relation::Grandparent { .. } = relation
                    && person.deceased
                {
                    deceased_grandparents += 1;
                    assert_eq!(person.household, None, "the deceased have no household");
                }
                if let Some(part) = network.connection(me.id, person.id) {
                    if let Some((v, on)) = part.viability {
                        assert!(on < today(), "assessed before today: {on}");
                        assert!(part.potential_carer);
                        *viability.entry(v.code()).or_insert(0) += 1;
                    }
                    if let Relation::Parent(sex) = relation {
                        if sex == Sex::Female {
                            assert!(part.parental_responsibility, "mothers have PR");
                        }
                        responsibility.0 += usize::from(part.parental_responsibility);
                        responsibility.1 += 1;
                    }
                }
            }
        }
        assert!(deceased_grandparents >= 1, "a deceased grandparent somewhere");
        for label in [
            "mother",
            "father",
            "maternal grandmother",
            "paternal grandfather",
            "step-father",
            "carer",
        ] {
            assert!(labels.contains_key(label), "no {label}: {labels:?}");
        }
        assert!(
            labels.keys().any(|l| l.ends_with("aunt") || l.ends_with("uncle")),
            "{labels:?}"
        );
        assert!(labels.keys().any(|l| l.starts_with("half-")), "{labels:?}");
        assert_eq!(
            viability.len(),
            3,
            "requested, positive and negative: {viability:?}"
        );
        assert!(
            responsibility.0 > 0 && responsibility.0 < responsibility.1,
            "{responsibility:?}"
        );
        assert!(households > 0 && cultures > 0);

        // Meetings with two or three outcomes, held before today.
        let mut meetings = 0;
        let mut seen = std::collections::HashSet::new();
        for (_, id) in &children {
            let Some(family) = store.family_id(*id).unwrap() else {
                continue;
            };
            if !seen.insert(family) {
                continue;
            }
            for meeting in store.family_meetings(*id).unwrap() {
                meetings += 1;
                assert!(meeting.held_on < today());
                assert!((2..=3).contains(&meeting.outcomes.len()), "{meeting:?}");
                assert!(meeting.attended.iter().any(|a| a == "Mother"));
            }
        }
        assert!(meetings >= 3, "{meetings}");

        // Written chronology entries, some unverified with a source, some
        // marked for the CPR; and Gateway panels a little after today.
        let (mut entries, mut unverified, mut marked, mut panels) = (0, 0, 0, 0);
        for (_, id) in &children {
            let written = store.chronology_entries(*id).unwrap();
            assert!((2..=3).contains(&written.len()));
            let marks = store.chronology_marks(*id).unwrap();
            for entry in &written {
                entries += 1;
                assert!(entry.on_date < today());
                assert!(Kind::parse(&entry.kind).is_some(), "{}", entry.kind);
                if !entry.verified {
                    unverified += 1;
                    assert!(entry.source.is_some());
                }
                marked += usize::from(marks.contains(&written_key(entry.id)));
            }
            if let Some(panel) = store.gateway_panel(*id).unwrap() {
                panels += 1;
                assert!(panel.panel_date > today() && panel.panel_date <= today() + Days::new(30));
                let papers = store.gateway_papers(*id).unwrap();
                let required: Vec<&str> = required(panel.pre_proceedings).iter().map(|p| p.code()).collect();
                assert!(
                    papers.keys().all(|p| required.contains(&p.as_str())),
                    "{papers:?}"
                );
                assert!(papers.values().flatten().all(|on| *on < today()));
            }
        }
        assert!(unverified > 0 && unverified < entries);
        assert!(marked > 0 && marked < entries);
        assert!(panels >= 3, "{panels}");
    }

    #[test]
    fn the_same_seed_gives_the_same_families() {
        let networks = |seed: u64| -> Vec<Network> {
            let (_dir, store, caseload) = demo(60, seed);
            ids(&store, &caseload)
                .iter()
                .map(|(_, id)| store.network(*id).unwrap())
                .collect()
        };
        let first = networks(42);
        assert!(first.iter().any(|n| !n.people.is_empty()));
        assert_eq!(first, networks(42));
        assert_ne!(first, networks(43));
    }
}
