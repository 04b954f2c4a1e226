//! One demo family written as a network, step by step: the parents (and a
//! father for each other surname among the children), a step-parent, an
//! adult sibling who cares, grandparents, an aunt or uncle with a
//! partner, and whoever else the children live with; then where the
//! children live, and for some a family meeting. Each step draws from
//! the one generator in a fixed order, so a seed gives the same family
//! whenever it is run: a step moved, or a draw added, changes every
//! family after it.

use super::super::{Rng, SURNAMES, WOMEN};
use super::people::{
    Adult, CarerIs, FAMILY_TIME_APART, FAMILY_TIME_LOOKED_AFTER, FAMILY_TIME_RELATIVES, Part, given,
    home_language, phone,
};
use super::records::meeting;
use super::{about, days_before, years_before};
use crate::domain::child::{ChildFields, ChildId, LegalStatus};
use crate::domain::family::{Connected, Connection, Couple, Partnership, Person, PersonId, Sex, Viability};
use crate::domain::people::Carer;
use crate::store::{StoreError, Writer};
use chrono::{Days, NaiveDate};

/// Writes one family: the group's network and, for some, a meeting.
pub(super) fn family(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    group: &[ChildFields],
    ids: &[ChildId],
    carer: Option<&Carer>,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let (mut f, children) = Family::start(w, group, ids, carer, today)?;
    let parents = f.parents(w, rng)?;
    f.step_parent(w, rng, &parents)?;
    f.adult_sibling(w, rng, &parents)?;
    let sides = f.grandparents(w, rng, &parents)?;
    let aunt = f.aunt_or_uncle(w, rng, &parents, &sides)?;
    f.other_carers(w, rng, &parents)?;
    f.settle(w, rng, children, parents.mother_home)?;
    if rng.chance(35) {
        meeting(w, rng, ids, today, parents.father.is_some(), &sides, aunt)?;
    }
    Ok(())
}

/// What drawing the parents settles, that the later steps draw on.
struct Parents<'a> {
    mother: PersonId,
    mother_born: NaiveDate,
    /// `None`: not named (the network says "father not recorded").
    father: Option<PersonId>,
    /// The eldest child's birth, or the adult sibling's who cares.
    first_born: NaiveDate,
    /// The mother's family's surname.
    maiden: &'a str,
    /// Married when the children were born, so the father has parental
    /// responsibility (divorce does not end it).
    married: bool,
    apart: bool,
    mother_home: &'static str,
    father_home: &'static str,
    /// Some children have another surname, so another father.
    half_siblings: bool,
}

/// A grandmother and grandfather on one side (`true`: maternal).
type Side = (bool, PersonId, PersonId);

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
    group: &'a [ChildFields],
    carer: Option<&'a Carer>,
    /// Who the carer is to the children, if they are a connected person.
    carer_is: Option<CarerIs>,
    /// The eldest child's surname, the family's.
    surname: &'a str,
    /// The eldest child's placement type.
    placement: &'a str,
    at_home: bool,
    /// Where the children live, once it is known.
    home: Option<String>,
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
        w.load_person(self.family, &person)
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
        w.load_connection(&Connection {
            child,
            person,
            connected: part.connected.clone(),
            parental_responsibility: part.parental_responsibility,
            viability: part.viability,
            family_time: part.family_time.map(String::from),
            potential_carer: part.potential_carer,
        })
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

impl<'a> Family<'a> {
    /// The family as the eldest child's record and the carer describe it,
    /// and the caseload children as the people the store made them.
    fn start(
        w: &mut Writer<'_>,
        group: &'a [ChildFields],
        ids: &[ChildId],
        carer: Option<&'a Carer>,
        today: NaiveDate,
    ) -> Result<(Family<'a>, Vec<Person>), StoreError> {
        let family = w.ensure_family(ids[0])?;
        let mut children = Vec::with_capacity(ids.len());
        for id in ids {
            // Each child's own person, not the whole network read back.
            let person = w.network_child(family, *id)?.ok_or_else(|| {
                StoreError::Corrupt("a demo child is missing from their family network".into())
            })?;
            children.push(person);
        }
        let eldest = &group[0];
        let surname = eldest.family_name.as_str();
        let ethnicity = eldest.ethnicity.as_deref().unwrap_or("Not recorded");
        let religion = eldest.religion.as_deref().unwrap_or("Not recorded");
        let placement = eldest.placement_type.as_deref().unwrap_or("");
        let f = Family {
            family,
            children: children.iter().map(|p| p.id).collect(),
            today,
            culture: (ethnicity != "Not recorded").then_some(ethnicity),
            religion: (religion != "Not recorded").then_some(religion),
            language: home_language(surname, ethnicity),
            guardians: eldest.legal_status == LegalStatus::Sgo,
            group,
            carer,
            carer_is: carer
                .filter(|c| c.connected_person)
                .and_then(|c| CarerIs::read(&c.relationship)),
            surname,
            placement,
            at_home: matches!(
                placement,
                "Living at home" | "Placed with parents" | "Pre-birth planning"
            ),
            home: None,
        };
        Ok((f, children))
    }

    fn adult_sibling_cares(&self) -> bool {
        self.carer_is == Some(CarerIs::AdultSibling)
    }

    /// The parents, each child's, and their part in each child's plan.
    fn parents(&self, w: &mut Writer<'_>, rng: &mut Rng) -> Result<Parents<'a>, StoreError> {
        let mut parents = self.mother_and_father(w, rng)?;
        let father_of = self.other_fathers(w, rng, &mut parents)?;
        self.link_children(w, rng, &parents, &father_of)?;
        Ok(parents)
    }

    /// The mother and, unless not named, the father, as a couple.
    fn mother_and_father(&self, w: &mut Writer<'_>, rng: &mut Rng) -> Result<Parents<'a>, StoreError> {
        let today = self.today;
        let surname = self.surname;
        let born = self.group[0].date_of_birth.unwrap_or(today).min(today);
        let adult_sibling = self.adult_sibling_cares();
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
        let (mother_home, father_home) = match self.placement {
            "Mother and baby placement" => ("mother and baby placement", "father's home"),
            _ if apart => ("mother's home", "father's home"),
            _ => ("parents' home", "parents' home"),
        };
        let mother_name = format!("{} {mother_surname}", given(rng, Sex::Female));
        let mother = self.add(
            w,
            rng,
            Adult::new(mother_name, Sex::Female, mother_born, Some(mother_home)),
        )?;
        let needs_father = self.carer_is.is_some_and(CarerIs::paternal) || adult_sibling;
        let father = if needs_father || rng.chance(92) {
            let name = format!("{} {surname}", given(rng, Sex::Male));
            let born = about(mother_born, rng, 4) - Days::new(2 * 365);
            let father = self.add(w, rng, Adult::new(name, Sex::Male, born, Some(father_home)))?;
            w.load_couple(Couple {
                a: mother,
                b: father,
                partnership: together,
            })?;
            Some(father)
        } else {
            None
        };
        Ok(Parents {
            mother,
            mother_born,
            father,
            first_born,
            maiden,
            married,
            apart,
            mother_home,
            father_home,
            half_siblings: false,
        })
    }

    /// Another father for each other surname among the children: the
    /// demo's half-siblings. Each child's father, in the group's order.
    fn other_fathers(
        &self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        parents: &mut Parents<'_>,
    ) -> Result<Vec<Option<PersonId>>, StoreError> {
        let mut fathers: Vec<(&str, Option<PersonId>)> = vec![(self.surname, parents.father)];
        let mut father_of = Vec::with_capacity(self.group.len());
        for child in self.group {
            let name = child.family_name.as_str();
            let theirs = match fathers.iter().find(|(s, _)| *s == name) {
                Some((_, theirs)) => *theirs,
                None => {
                    let full = format!("{} {name}", given(rng, Sex::Male));
                    let born = about(parents.mother_born, rng, 5);
                    let other = self.add(w, rng, Adult::new(full, Sex::Male, born, Some("father's home")))?;
                    w.load_couple(Couple {
                        a: parents.mother,
                        b: other,
                        partnership: *rng
                            .weighted(&[(60, Partnership::Separated), (40, Partnership::Partners)]),
                    })?;
                    fathers.push((name, Some(other)));
                    Some(other)
                }
            };
            father_of.push(theirs);
        }
        parents.half_siblings = fathers.len() > 1;
        Ok(father_of)
    }

    /// Each child's mother and father as their parents, with their parts
    /// in the child's plan.
    fn link_children(
        &self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        parents: &Parents<'_>,
        father_of: &[Option<PersonId>],
    ) -> Result<(), StoreError> {
        let mother = parents.mother;
        for ((child, person), theirs) in self.group.iter().zip(&self.children).zip(father_of) {
            w.load_parent(mother, *person)?;
            let looked_after = child.looked_after_since.is_some();
            let mother_part = Part {
                parental_responsibility: true,
                family_time: (!self.at_home || looked_after).then(|| *rng.pick(FAMILY_TIME_LOOKED_AFTER)),
                ..Part::default()
            };
            self.connect_one(w, *person, mother, &mother_part)?;
            if let Some(theirs) = theirs {
                w.load_parent(*theirs, *person)?;
                let lives_with_them = self.at_home && !parents.apart && Some(*theirs) == parents.father;
                let part = Part {
                    parental_responsibility: parents.married && Some(*theirs) == parents.father,
                    family_time: if lives_with_them {
                        None
                    } else if self.at_home {
                        Some(*rng.pick(FAMILY_TIME_APART))
                    } else {
                        Some(*rng.pick(FAMILY_TIME_LOOKED_AFTER))
                    },
                    ..Part::default()
                };
                self.connect_one(w, *person, *theirs, &part)?;
            }
        }
        Ok(())
    }

    /// A step-parent: the mother's new partner, or the father's.
    fn step_parent(
        &self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        parents: &Parents<'_>,
    ) -> Result<(), StoreError> {
        let (mother, apart) = (parents.mother, parents.apart);
        if apart && !parents.half_siblings && rng.chance(35) {
            let first = given(rng, Sex::Male);
            let name = format!("{first} {}", rng.pick(SURNAMES));
            let adult = Adult::new(
                name,
                Sex::Male,
                about(parents.mother_born, rng, 6),
                Some(parents.mother_home),
            )
            .partner();
            let partner = self.add(w, rng, adult)?;
            w.load_couple(Couple {
                a: mother,
                b: partner,
                partnership: Partnership::Partners,
            })?;
            if rng.chance(40) {
                let part = Part {
                    family_time: Some("Sees the children during the mother's family time"),
                    ..Part::default()
                };
                self.connect(w, partner, &part)?;
            }
        } else if let Some(father) = parents.father.filter(|_| apart && rng.chance(20)) {
            let name = format!("{} {}", given(rng, Sex::Female), self.surname);
            let adult = Adult::new(
                name,
                Sex::Female,
                about(parents.mother_born, rng, 5),
                Some(parents.father_home),
            )
            .partner();
            let partner = self.add(w, rng, adult)?;
            w.load_couple(Couple {
                a: father,
                b: partner,
                partnership: *rng.weighted(&[(50, Partnership::Married), (50, Partnership::Partners)]),
            })?;
        }
        Ok(())
    }

    /// An adult sibling who cares for the children, the parents' child
    /// too.
    fn adult_sibling(
        &mut self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        parents: &Parents<'_>,
    ) -> Result<(), StoreError> {
        let Some(carer) = self.carer.filter(|_| self.adult_sibling_cares()) else {
            return Ok(());
        };
        let sex = if rng.chance(60) { Sex::Female } else { Sex::Male };
        let sibling = self.add(
            w,
            rng,
            Adult::new(
                carer.name.clone(),
                sex,
                parents.first_born,
                Some("adult sibling's home"),
            ),
        )?;
        w.load_parent(parents.mother, sibling)?;
        if let Some(father) = parents.father {
            w.load_parent(father, sibling)?;
        }
        self.carer(w, rng, sibling, None)?;
        self.home = Some("adult sibling's home".into());
        Ok(())
    }

    /// Grandparents, on both sides for some. A carer who is a grandparent,
    /// or an aunt or uncle, makes sure of that side's.
    fn grandparents(
        &mut self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        parents: &Parents<'_>,
    ) -> Result<Vec<Side>, StoreError> {
        let mut sides: Vec<Side> = Vec::new();
        for (maternal, parent) in [(true, Some(parents.mother)), (false, parents.father)] {
            let Some(parent) = parent else {
                continue;
            };
            let carer_here = self.carer_is.is_some_and(|c| {
                c.grandparent(maternal)
                    || matches!(c, CarerIs::AuntOrUncle { maternal: m, .. } if m == maternal)
            });
            if !(carer_here || rng.chance(if maternal { 55 } else { 40 })) {
                continue;
            }
            let (grandmother, grandfather) = self.grandparents_of(w, rng, parents, maternal, parent)?;
            sides.push((maternal, grandmother, grandfather));
        }
        Ok(sides)
    }

    /// One parent's parents, a couple; one of them sometimes deceased,
    /// never one who cares. Both parents' are drawn as born about when
    /// the mother's were.
    fn grandparents_of(
        &mut self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        parents: &Parents<'_>,
        maternal: bool,
        parent: PersonId,
    ) -> Result<(PersonId, PersonId), StoreError> {
        let side = if maternal { "maternal" } else { "paternal" };
        let family_name = if maternal { parents.maiden } else { self.surname };
        let gp_home = format!("{side} grandparents' home");
        let caring = self.carer_is.is_some_and(|c| c.grandparent(maternal));
        let deceased =
            (!caring && rng.chance(25)).then(|| if rng.chance(65) { Sex::Male } else { Sex::Female });
        let grandmother_born = years_before(parents.mother_born, rng, 18, 34);
        let name = match self.carer.filter(|_| caring) {
            Some(carer) => carer.name.clone(),
            None => format!("{} {family_name}", given(rng, Sex::Female)),
        };
        let grandmother = self.add(
            w,
            rng,
            Adult {
                deceased: deceased == Some(Sex::Female),
                ..Adult::new(name, Sex::Female, grandmother_born, Some(gp_home.as_str()))
            },
        )?;
        let name = format!("{} {family_name}", given(rng, Sex::Male));
        let grandfather_born = about(grandmother_born, rng, 4);
        let grandfather = self.add(
            w,
            rng,
            Adult {
                deceased: deceased == Some(Sex::Male),
                ..Adult::new(name, Sex::Male, grandfather_born, Some(gp_home.as_str()))
            },
        )?;
        w.load_couple(Couple {
            a: grandmother,
            b: grandfather,
            partnership: *rng.weighted(&[(75, Partnership::Married), (25, Partnership::Divorced)]),
        })?;
        w.load_parent(grandmother, parent)?;
        w.load_parent(grandfather, parent)?;
        let living = if deceased == Some(Sex::Female) {
            grandfather
        } else {
            grandmother
        };
        if caring {
            self.carer(w, rng, grandmother, None)?;
            if matches!(self.carer_is, Some(CarerIs::Grandparents { .. })) {
                self.carer(w, rng, grandfather, None)?;
            }
            self.home = Some(gp_home);
        } else if rng.chance(40) {
            let part = Part {
                family_time: Some(*rng.pick(FAMILY_TIME_RELATIVES)),
                ..Part::default()
            };
            self.connect(w, living, &part)?;
        }
        Ok((grandmother, grandfather))
    }

    /// An aunt or uncle and their partner, on a side whose grandparents
    /// are recorded (without them the network could not say "aunt").
    /// Whether there is one.
    fn aunt_or_uncle(
        &mut self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        parents: &Parents<'_>,
        sides: &[Side],
    ) -> Result<bool, StoreError> {
        let caring_aunt = match self.carer_is {
            Some(CarerIs::AuntOrUncle { maternal, sex }) => Some((maternal, sex)),
            _ => None,
        };
        let aunt_side = match caring_aunt {
            Some((maternal, _)) => sides.iter().find(|s| s.0 == maternal).copied(),
            None if !sides.is_empty() && rng.chance(55) => Some(*rng.pick(sides)),
            None => None,
        };
        let Some(side) = aunt_side else {
            return Ok(false);
        };
        let sex = match caring_aunt {
            Some((_, sex)) => sex,
            None if rng.chance(60) => Sex::Female,
            None => Sex::Male,
        };
        self.aunt_and_partner(w, rng, parents, side, sex, caring_aunt.is_some())?;
        Ok(true)
    }

    /// The aunt (or uncle, by `sex`) on `side` and their partner: the
    /// children's carers, or assessed together as possible ones.
    fn aunt_and_partner(
        &mut self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        parents: &Parents<'_>,
        (maternal, grandmother, grandfather): Side,
        sex: Sex,
        caring: bool,
    ) -> Result<(), StoreError> {
        let side = if maternal { "maternal" } else { "paternal" };
        let word = if sex == Sex::Female { "aunt" } else { "uncle" };
        let aunt_home = format!("{side} {word}'s home");
        let name = match (caring, self.carer) {
            (true, Some(carer)) => carer.name.clone(),
            _ => format!(
                "{} {}",
                given(rng, sex),
                if maternal { parents.maiden } else { self.surname }
            ),
        };
        let aunt_born = about(parents.mother_born, rng, 8);
        let aunt = self.add(w, rng, Adult::new(name, sex, aunt_born, Some(aunt_home.as_str())))?;
        w.load_parent(grandmother, aunt)?;
        w.load_parent(grandfather, aunt)?;
        let partner_sex = match (sex, rng.chance(90)) {
            (Sex::Female, true) | (Sex::Male, false) => Sex::Male,
            _ => Sex::Female,
        };
        let first = given(rng, partner_sex);
        let name = format!("{first} {}", rng.pick(SURNAMES));
        let adult = Adult::new(
            name,
            partner_sex,
            about(parents.mother_born, rng, 9),
            Some(aunt_home.as_str()),
        )
        .partner();
        let partner = self.add(w, rng, adult)?;
        w.load_couple(Couple {
            a: aunt,
            b: partner,
            partnership: *rng.weighted(&[(60, Partnership::Married), (40, Partnership::Partners)]),
        })?;
        let partner_is = Some(Connected::Other(format!("{word}'s partner")));
        if caring {
            self.carer(w, rng, aunt, None)?;
            self.carer(w, rng, partner, partner_is)?;
            self.home = Some(aunt_home);
            return Ok(());
        }
        // Assessed together, so one outcome and one date for both.
        let viability = *rng.weighted(&[
            (35, Viability::Requested),
            (40, Viability::Positive),
            (25, Viability::Negative),
        ]);
        let part = Part {
            viability: self.viability(rng, viability),
            family_time: rng.chance(50).then(|| *rng.pick(FAMILY_TIME_RELATIVES)),
            potential_carer: true,
            ..Part::default()
        };
        self.connect(w, aunt, &part)?;
        self.connect(
            w,
            partner,
            &Part {
                connected: partner_is,
                ..part
            },
        )
    }

    /// Whoever else the children live with: a family friend, or foster
    /// carers or prospective adopters.
    fn other_carers(
        &mut self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        parents: &Parents<'_>,
    ) -> Result<(), StoreError> {
        match (self.carer, self.carer_is) {
            (Some(carer), Some(CarerIs::Friend)) => {
                let sex = if rng.chance(70) { Sex::Female } else { Sex::Male };
                let adult = Adult::new(
                    carer.name.clone(),
                    sex,
                    about(parents.mother_born, rng, 12),
                    Some("connected carer's home"),
                )
                .partner();
                let friend = self.add(w, rng, adult)?;
                self.carer(w, rng, friend, Some(Connected::ConnectedPerson))?;
                self.home = Some("connected carer's home".into());
            }
            (Some(carer), None) if !carer.connected_person => self.unrelated_carers(w, rng, carer)?,
            _ => {}
        }
        Ok(())
    }

    /// Foster carers or prospective adopters: "Sarah and David Smith" is
    /// two people, one household, a couple.
    fn unrelated_carers(
        &mut self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        carer: &Carer,
    ) -> Result<(), StoreError> {
        let adopters = carer.relationship.contains("dopter");
        let (their_home, is) = if adopters {
            ("adopters' home", Connected::Other("prospective adopter".into()))
        } else {
            ("foster placement", Connected::Carer)
        };
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
                Adult::new(name, sex, years_before(self.today, rng, 30, 62), Some(their_home)).partner();
            let person = self.add(w, rng, adult)?;
            let part = Part {
                connected: Some(is.clone()),
                ..Part::default()
            };
            self.connect(w, person, &part)?;
            made.push(person);
        }
        if let [a, b] = made[..] {
            w.load_couple(Couple {
                a,
                b,
                partnership: *rng.weighted(&[(70, Partnership::Married), (30, Partnership::Partners)]),
            })?;
        }
        self.home = Some(their_home.into());
        Ok(())
    }

    /// Where the children live, and a home language for some, on their
    /// own people in the network.
    fn settle(
        &self,
        w: &mut Writer<'_>,
        rng: &mut Rng,
        children: Vec<Person>,
        mother_home: &str,
    ) -> Result<(), StoreError> {
        let home = if self.at_home || self.placement == "Mother and baby placement" {
            Some(mother_home.to_string())
        } else if self.placement == "Residential children's home" {
            Some("residential children's home".to_string())
        } else {
            self.home.clone()
        };
        for mut person in children {
            person.household = home.clone();
            if person.language.is_none() {
                person.language = self.language.filter(|_| rng.chance(50)).map(String::from);
            }
            w.load_person_update(&person)?;
        }
        Ok(())
    }
}
