//! What one person in a family network is to another, worked out from
//! the recorded facts (who is whose parent, which adults are or were a
//! couple) and put in a social worker's words. It lives apart from the
//! facts themselves because it is the one part of the network with a
//! rule of precedence (the closest relationship wins) and a vocabulary
//! (sides, steps, greats) of its own.

use super::{Connected, Couple, Network, Partnership, PersonId, Sex};

/// Which side of the family a relative is on, seen from the person the
/// relationship is worked out for: through their mother, their father, or
/// through a parent whose sex is not recorded (then no side is said).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Maternal,
    Paternal,
    NotKnown,
}

impl Side {
    fn through(parent: Sex) -> Side {
        match parent {
            Sex::Female => Side::Maternal,
            Sex::Male => Side::Paternal,
            Sex::Unknown => Side::NotKnown,
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Side::Maternal => "maternal ",
            Side::Paternal => "paternal ",
            Side::NotKnown => "",
        }
    }
}

/// What one person is to another, worked out from the parent-of facts and
/// couples (never typed in), or, for people outside the family by birth
/// or partnership, what their [`Connection`] says. `Sex` fields are the
/// other person's, except `shared`, which is the shared parent's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    Parent(Sex),
    Child(Sex),
    Partner {
        sex: Sex,
        partnership: Partnership,
    },
    /// Both parents in common.
    FullSibling(Sex),
    /// One parent in common and a different other parent recorded for each.
    HalfSibling {
        sex: Sex,
        shared: Sex,
    },
    /// One parent in common, and the other parent of at least one of them
    /// is not recorded, so full and half cannot be told apart; saying
    /// "half" would be a guess the facts do not support.
    Sibling {
        sex: Sex,
        shared: Sex,
    },
    /// A partner of a parent who is not a parent. `former` when every such
    /// couple has separated or divorced.
    StepParent {
        sex: Sex,
        former: bool,
    },
    /// A child of a parent's partner, with no parent in common.
    StepSibling {
        sex: Sex,
        former: bool,
    },
    /// `greats` counts the generations beyond grandparents.
    Grandparent {
        sex: Sex,
        side: Side,
        greats: u8,
    },
    Grandchild {
        sex: Sex,
        greats: u8,
    },
    AuntOrUncle {
        sex: Sex,
        side: Side,
    },
    Cousin {
        side: Side,
    },
    NieceOrNephew(Sex),
    Connected(Connected),
}

/// The word for a person of `sex`: female, male, or not recorded.
fn by_sex(sex: Sex, female: &'static str, male: &'static str, unknown: &'static str) -> &'static str {
    match sex {
        Sex::Female => female,
        Sex::Male => male,
        Sex::Unknown => unknown,
    }
}

impl Relation {
    /// The words a social worker would write, in British English:
    /// "maternal grandmother", "half-sister (same father)", "step-father".
    pub fn label(&self) -> String {
        let former = |former: bool| if former { "former " } else { "" };
        match self {
            Relation::Parent(sex) => by_sex(*sex, "mother", "father", "parent").to_string(),
            Relation::Child(sex) => by_sex(*sex, "daughter", "son", "child").to_string(),
            Relation::Partner { sex, partnership } => match partnership {
                Partnership::Married => by_sex(*sex, "wife", "husband", "spouse").to_string(),
                Partnership::Partners => "partner".to_string(),
                Partnership::Separated => "partner (separated)".to_string(),
                Partnership::Divorced => by_sex(*sex, "ex-wife", "ex-husband", "ex-spouse").to_string(),
            },
            Relation::FullSibling(sex) => by_sex(*sex, "sister", "brother", "sibling").to_string(),
            Relation::HalfSibling { sex, shared } => format!(
                "{} (same {})",
                by_sex(*sex, "half-sister", "half-brother", "half-sibling"),
                by_sex(*shared, "mother", "father", "parent")
            ),
            Relation::Sibling { sex, shared } => format!(
                "{} (same {}; {} not recorded)",
                by_sex(*sex, "sister", "brother", "sibling"),
                by_sex(*shared, "mother", "father", "parent"),
                by_sex(*shared, "father", "mother", "other parent")
            ),
            Relation::StepParent { sex, former: f } => format!(
                "{}{}",
                former(*f),
                by_sex(*sex, "step-mother", "step-father", "step-parent")
            ),
            Relation::StepSibling { sex, former: f } => format!(
                "{}{}",
                former(*f),
                by_sex(*sex, "step-sister", "step-brother", "step-sibling")
            ),
            Relation::Grandparent { sex, side, greats } => format!(
                "{}{}{}",
                side.prefix(),
                "great-".repeat(usize::from(*greats)),
                by_sex(*sex, "grandmother", "grandfather", "grandparent")
            ),
            Relation::Grandchild { sex, greats } => format!(
                "{}{}",
                "great-".repeat(usize::from(*greats)),
                by_sex(*sex, "granddaughter", "grandson", "grandchild")
            ),
            Relation::AuntOrUncle { sex, side } => {
                format!(
                    "{}{}",
                    side.prefix(),
                    by_sex(*sex, "aunt", "uncle", "aunt or uncle")
                )
            }
            Relation::Cousin { side } => format!("{}cousin", side.prefix()),
            Relation::NieceOrNephew(sex) => by_sex(*sex, "niece", "nephew", "niece or nephew").to_string(),
            Relation::Connected(connected) => connected.label().to_string(),
        }
    }
}

impl Network {
    /// What `other` is to `focus` (usually a child on the caseload), worked
    /// out from the parent-of facts and couples; for anyone the facts do
    /// not join to `focus`, what their [`Connection`] to `focus` says.
    /// `None` for `focus` themselves, for someone not in the network, and
    /// for people the facts join only distantly (a step-parent's parents).
    /// The closest relationship wins: a parent is never also an uncle.
    pub fn relationship(&self, focus: PersonId, other: PersonId) -> Option<Relation> {
        if focus == other {
            return None;
        }
        self.person(focus)?;
        let sex = self.person(other)?.sex;
        let focus_parents = self.distinct_parents(focus);
        let other_parents = self.distinct_parents(other);
        if focus_parents.contains(&other) {
            return Some(Relation::Parent(sex));
        }
        if other_parents.contains(&focus) {
            return Some(Relation::Child(sex));
        }
        if let Some(couple) = self.couples_between(focus, other).next() {
            return Some(Relation::Partner {
                sex,
                partnership: couple.partnership,
            });
        }
        let shared: Vec<PersonId> = focus_parents
            .iter()
            .copied()
            .filter(|p| other_parents.contains(p))
            .collect();
        match shared.as_slice() {
            [] => {}
            [one] => {
                let shared = self.sex_of(*one);
                let both_others_recorded = focus_parents.len() > 1 && other_parents.len() > 1;
                return Some(if both_others_recorded {
                    Relation::HalfSibling { sex, shared }
                } else {
                    Relation::Sibling { sex, shared }
                });
            }
            _ => return Some(Relation::FullSibling(sex)),
        }
        let step_couples: Vec<&Couple> = focus_parents
            .iter()
            .flat_map(|p| self.couples_between(*p, other))
            .collect();
        if !step_couples.is_empty() {
            return Some(Relation::StepParent {
                sex,
                former: step_couples.iter().all(|c| ended(c.partnership)),
            });
        }
        if let Some((side, depth)) = self.ancestry(focus, other)
            && depth >= 2
        {
            return Some(Relation::Grandparent {
                sex,
                side,
                greats: greats(depth),
            });
        }
        if let Some((_, depth)) = self.ancestry(other, focus)
            && depth >= 2
        {
            return Some(Relation::Grandchild {
                sex,
                greats: greats(depth),
            });
        }
        // Aunts and uncles by birth: a parent's sibling, full or half.
        if let Some(parent) = focus_parents.iter().find(|p| self.share_a_parent(**p, other)) {
            return Some(Relation::AuntOrUncle {
                sex,
                side: Side::through(self.sex_of(*parent)),
            });
        }
        if other_parents.iter().any(|p| self.share_a_parent(*p, focus)) {
            return Some(Relation::NieceOrNephew(sex));
        }
        for parent in &focus_parents {
            if other_parents.iter().any(|p| self.share_a_parent(*p, *parent)) {
                return Some(Relation::Cousin {
                    side: Side::through(self.sex_of(*parent)),
                });
            }
        }
        let step_couples: Vec<&Couple> = focus_parents
            .iter()
            .flat_map(|p| other_parents.iter().flat_map(|q| self.couples_between(*p, *q)))
            .collect();
        if !step_couples.is_empty() {
            return Some(Relation::StepSibling {
                sex,
                former: step_couples.iter().all(|c| ended(c.partnership)),
            });
        }
        self.connection(focus, other)
            .and_then(|c| c.connected.clone())
            .map(Relation::Connected)
    }

    /// A person's parents, each once and never themselves (the facts may
    /// repeat a parent, or be wrong).
    fn distinct_parents(&self, id: PersonId) -> Vec<PersonId> {
        let mut parents = Vec::new();
        for parent in self.parents_of(id) {
            if parent != id && !parents.contains(&parent) {
                parents.push(parent);
            }
        }
        parents
    }

    fn couples_between(&self, a: PersonId, b: PersonId) -> impl Iterator<Item = &Couple> {
        self.couples
            .iter()
            .filter(move |c| a != b && ((c.a == a && c.b == b) || (c.a == b && c.b == a)))
    }

    fn sex_of(&self, id: PersonId) -> Sex {
        self.person(id).map_or(Sex::Unknown, |p| p.sex)
    }

    /// Whether two different people have a parent in common.
    fn share_a_parent(&self, a: PersonId, b: PersonId) -> bool {
        if a == b {
            return false;
        }
        let of_b = self.distinct_parents(b);
        self.distinct_parents(a).iter().any(|p| of_b.contains(p))
    }

    /// If `ancestor` is a parent, grandparent and so on of `id`: the side
    /// (through which of `id`'s parents) and how many generations up, by
    /// the shortest line.
    fn ancestry(&self, id: PersonId, ancestor: PersonId) -> Option<(Side, usize)> {
        let mut seen = vec![id];
        let mut level: Vec<(PersonId, Side)> = self
            .distinct_parents(id)
            .into_iter()
            .map(|p| (p, Side::through(self.sex_of(p))))
            .collect();
        let mut depth = 1;
        while !level.is_empty() {
            if let Some((_, side)) = level.iter().find(|(p, _)| *p == ancestor) {
                return Some((*side, depth));
            }
            let mut next = Vec::new();
            for (person, side) in level {
                if seen.contains(&person) {
                    continue;
                }
                seen.push(person);
                next.extend(self.distinct_parents(person).into_iter().map(|p| (p, side)));
            }
            level = next;
            depth += 1;
        }
        None
    }
}

/// Whether a couple has ended, for "former step-father".
fn ended(partnership: Partnership) -> bool {
    matches!(partnership, Partnership::Separated | Partnership::Divorced)
}

/// Generations above grandparents, for "great-grandmother".
fn greats(depth: usize) -> u8 {
    u8::try_from(depth.saturating_sub(2)).unwrap_or(u8::MAX)
}
