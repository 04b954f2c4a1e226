//! The people a demo family is made of before they are written: who a
//! connected-person carer is to the children, an adult to add, a
//! person's part in the children's plans, and the lists their names,
//! languages and family time are drawn from.

use super::super::{MEN, Rng, WOMEN};
use crate::domain::family::{Connected, Sex, Viability};
use chrono::NaiveDate;

/// A mobile number from the range Ofcom keeps for drama, so it can never
/// be anyone's.
pub(super) fn phone(rng: &mut Rng) -> String {
    format!("07700 900{:03}", rng.range(0, 1000))
}

/// A given name for someone of this sex.
pub(super) fn given(rng: &mut Rng, sex: Sex) -> &'static str {
    match sex {
        Sex::Female => rng.pick::<&str>(WOMEN),
        Sex::Male => rng.pick::<&str>(MEN),
        Sex::Unknown => super::super::any_adult(rng),
    }
}

/// The language a family of this surname and ethnicity may speak at home,
/// where the demo's lists suggest one besides English.
pub(super) fn home_language(surname: &str, ethnicity: &str) -> Option<&'static str> {
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

pub(super) const FAMILY_TIME_LOOKED_AFTER: &[&str] = &[
    "Twice weekly, supervised at the family time centre",
    "Fortnightly, supervised",
    "Weekly, supported by the family time team",
    "Monthly, indirect (letters and cards)",
    "Weekly video call, and monthly in person",
    "Suspended pending the parenting assessment",
];
pub(super) const FAMILY_TIME_APART: &[&str] = &[
    "Alternate weekends, unsupervised",
    "Saturdays, in the community",
    "Fortnightly, supported by the paternal family",
    "Telephone calls on Sundays",
];
pub(super) const FAMILY_TIME_RELATIVES: &[&str] = &[
    "Monthly, at the grandparents' home",
    "School holidays, a day at a time",
    "Monthly, alongside the parents' family time",
    "Birthdays and Christmas",
];

/// Who a connected-person carer is to the children, from the words the
/// demo gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CarerIs {
    Grandmother { maternal: bool },
    Grandparents { maternal: bool },
    AuntOrUncle { maternal: bool, sex: Sex },
    AdultSibling,
    Friend,
}

impl CarerIs {
    pub(super) fn read(relationship: &str) -> Option<CarerIs> {
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
    pub(super) fn grandparent(self, side_maternal: bool) -> bool {
        matches!(self, CarerIs::Grandmother { maternal } | CarerIs::Grandparents { maternal } if maternal == side_maternal)
    }

    /// Whether the carer is on the father's side, so the father (through
    /// whom they are related) has to be recorded.
    pub(super) fn paternal(self) -> bool {
        matches!(
            self,
            CarerIs::Grandmother { maternal: false }
                | CarerIs::Grandparents { maternal: false }
                | CarerIs::AuntOrUncle { maternal: false, .. }
        )
    }
}

/// An adult to add: the facts the family decides; the rest is drawn.
pub(super) struct Adult<'h> {
    pub(super) name: String,
    pub(super) sex: Sex,
    pub(super) born: NaiveDate,
    pub(super) household: Option<&'h str>,
    pub(super) deceased: bool,
    /// Related by birth (so sharing the family's culture and language),
    /// rather than by partnership or as a carer.
    pub(super) by_birth: bool,
}

impl Adult<'_> {
    pub(super) fn new(name: String, sex: Sex, born: NaiveDate, household: Option<&str>) -> Adult<'_> {
        Adult {
            name,
            sex,
            born,
            household,
            deceased: false,
            by_birth: true,
        }
    }

    pub(super) fn partner(self) -> Self {
        Adult {
            by_birth: false,
            ..self
        }
    }
}

/// What a [`Connection`] says, for every child of the family.
#[derive(Default)]
pub(super) struct Part {
    pub(super) connected: Option<Connected>,
    pub(super) parental_responsibility: bool,
    pub(super) viability: Option<(Viability, NaiveDate)>,
    pub(super) family_time: Option<&'static str>,
    pub(super) potential_carer: bool,
}
