//! The genogram: a child's family network drawn the conventional way,
//! generations in rows, couples side by side and joined, children hanging
//! from the couple they share, and the people who are not family by birth
//! or partnership listed apart with what they are to the child.
//!
//! [`layout`] works out who goes where from the [`Network`] facts alone;
//! [`text`] and [`canvas`] draw it in plain ASCII for the terminal (a cell
//! grid marks each cell's role so the screen can style it), and [`svg`]
//! draws it for printing. Nothing here depends on colour: shape says sex,
//! a doubled outline says which child the genogram is for, a cross says
//! deceased, and a legend says so in words.

mod order;
mod place;
mod svg;
mod text;

pub use svg::svg;
pub use text::{Canvas, Cell, Mark, canvas, text};

use crate::family::{Network, Partnership, Person, PersonId, Sex};
use chrono::Datelike;
use std::collections::{HashMap, HashSet, VecDeque};

/// What is drawn for one person, wherever they sit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub id: PersonId,
    pub name: String,
    pub sex: Sex,
    /// Year of birth: the domain has no clock, so ages are left to the
    /// caller; a year also stays true on a printed copy.
    pub born: Option<i32>,
    pub deceased: bool,
    /// The child the genogram is for.
    pub focus: bool,
    /// Index into [`Layout::households`].
    pub household: Option<usize>,
}

/// A person in the family tree, placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub figure: Figure,
    /// What they are to the focus child ("maternal grandmother"), if the
    /// facts name it.
    pub relation: Option<String>,
    /// Left edge and width in layout units: a person is [`UNIT_NODE`]
    /// wide, the focus child a little wider for the doubled outline.
    pub x: i64,
    pub width: i64,
}

impl Node {
    /// The middle of the node, in layout units.
    pub fn centre(&self) -> i64 {
        self.x + self.width / 2
    }
}

/// One generation, oldest generation first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Relative to the focus child: 0 is the child's own generation, -1
    /// their parents', -2 grandparents', 1 their children's.
    pub generation: i32,
    /// Left to right.
    pub people: Vec<Node>,
}

/// Two people drawn joined in a row: a recorded couple, or two parents of
/// the same child with no couple recorded (`partnership` is `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoupleLine {
    pub row: usize,
    /// `a` is to the left of `b`.
    pub a: PersonId,
    pub b: PersonId,
    pub partnership: Option<Partnership>,
    /// Side by side; otherwise the line runs below the people between.
    pub adjacent: bool,
}

/// Children hanging from one couple, or from one parent where only one is
/// recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    /// The parents' row; the children are in the next one.
    pub row: usize,
    /// One or two, left to right.
    pub parents: Vec<PersonId>,
    /// Index into [`Layout::couples`] when there are two parents.
    pub couple: Option<usize>,
    /// Left to right.
    pub children: Vec<PersonId>,
}

/// People who live together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Household {
    /// Short tag drawn on each member: "A", "B", ... "Z", "AA".
    pub tag: String,
    /// As recorded on [`Person::household`].
    pub label: String,
    pub members: Vec<PersonId>,
    /// Where a boundary can be drawn around members without taking in
    /// anyone else: each region is a block of members, left to right in
    /// each of its rows. A household the layout splits (a mother beside a
    /// father who lives elsewhere) has several regions; members in the
    /// side list have none.
    pub regions: Vec<Region>,
}

/// Members of a household that can be boxed together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub first_row: usize,
    pub last_row: usize,
    pub people: Vec<PersonId>,
}

/// Someone not joined to the family by birth or partnership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Other {
    pub figure: Figure,
    /// What they are to the child ("friend", "carer (to half-brother)").
    pub label: String,
}

/// A genogram worked out, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub focus: PersonId,
    pub rows: Vec<Row>,
    pub couples: Vec<CoupleLine>,
    pub families: Vec<Family>,
    pub households: Vec<Household>,
    /// Friends, carers and anyone else outside the family tree, oldest
    /// first.
    pub others: Vec<Other>,
}

impl Layout {
    /// The placed node for a person in the tree, with its row.
    pub fn node(&self, id: PersonId) -> Option<(usize, &Node)> {
        self.rows
            .iter()
            .enumerate()
            .find_map(|(r, row)| row.people.iter().find(|n| n.figure.id == id).map(|n| (r, n)))
    }

    /// Everyone, tree and side list, each once.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.rows
            .iter()
            .flat_map(|r| r.people.iter().map(|n| &n.figure))
            .chain(self.others.iter().map(|o| &o.figure))
    }
}

/// Width of a person in layout units. The units are those the SVG scales
/// and the terminal would use with ten-character names.
pub const UNIT_NODE: i64 = 12;

/// Spacing in layout units, shared with the drawings that reflow.
fn unit_metrics() -> place::Metrics {
    place::Metrics {
        node: UNIT_NODE,
        focus_extra: 2,
        // Even, so that the middle of a couple's line falls on a whole unit.
        couple_gap: 6,
        gap: 2,
        group_gap: 3,
        partner_pull: 0.5,
    }
}

/// Older first by date of birth, people with no date after, then by id.
type Seniority = (bool, Option<chrono::NaiveDate>, PersonId);

fn seniority(person: &Person) -> Seniority {
    (person.date_of_birth.is_none(), person.date_of_birth, person.id)
}

/// The facts, cleaned: each person once, no one their own parent or
/// partner, each fact once.
struct Facts<'a> {
    people: Vec<&'a Person>,
    index: HashMap<PersonId, usize>,
    parents_of: Vec<Vec<usize>>,
    children_of: Vec<Vec<usize>>,
    /// (partner, partnership), in the order recorded.
    partners_of: Vec<Vec<(usize, Partnership)>>,
}

impl<'a> Facts<'a> {
    fn new(network: &'a Network) -> Facts<'a> {
        let mut people: Vec<&Person> = Vec::new();
        let mut index = HashMap::new();
        for person in &network.people {
            if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(person.id) {
                slot.insert(people.len());
                people.push(person);
            }
        }
        let n = people.len();
        let mut facts = Facts {
            people,
            index,
            parents_of: vec![Vec::new(); n],
            children_of: vec![Vec::new(); n],
            partners_of: vec![Vec::new(); n],
        };
        for fact in &network.parents {
            if let (Some(&p), Some(&c)) = (facts.index.get(&fact.parent), facts.index.get(&fact.child))
                && p != c
                && !facts.parents_of[c].contains(&p)
            {
                facts.parents_of[c].push(p);
                facts.children_of[p].push(c);
            }
        }
        for couple in &network.couples {
            if let (Some(&a), Some(&b)) = (facts.index.get(&couple.a), facts.index.get(&couple.b))
                && a != b
                && !facts.partners_of[a].iter().any(|(q, _)| *q == b)
            {
                facts.partners_of[a].push((b, couple.partnership));
                facts.partners_of[b].push((a, couple.partnership));
            }
        }
        for list in facts.parents_of.iter_mut().chain(facts.children_of.iter_mut()) {
            list.sort_by_key(|&i| seniority(facts.people[i]));
        }
        facts
    }

    fn key(&self, i: usize) -> Seniority {
        seniority(self.people[i])
    }

    /// Generations relative to `focus` for everyone joined to them by
    /// birth or partnership, found outward from the child so that the
    /// nearest facts decide where someone sits when bad facts disagree.
    fn generations(&self, focus: Option<usize>) -> Vec<Option<i32>> {
        let mut generation = vec![None; self.people.len()];
        let Some(focus) = focus else {
            return generation;
        };
        generation[focus] = Some(0);
        let mut queue = VecDeque::from([focus]);
        while let Some(i) = queue.pop_front() {
            let Some(g) = generation[i] else { continue };
            let steps = self.parents_of[i]
                .iter()
                .map(|&p| (p, g - 1))
                .chain(self.children_of[i].iter().map(|&c| (c, g + 1)))
                .chain(self.partners_of[i].iter().map(|&(q, _)| (q, g)));
            for (j, gj) in steps {
                if generation[j].is_none() {
                    generation[j] = Some(gj);
                    queue.push_back(j);
                }
            }
        }
        generation
    }
}

/// Two people to draw joined, in facts indices; `None` when they are
/// parents of a child with no couple recorded.
type CoupleFact = (usize, usize, Option<Partnership>);

/// A family in facts indices, before placing.
struct FamilyFacts {
    parents: Vec<usize>,
    children: Vec<usize>,
}

/// Works out the genogram for `focus`: everyone joined to the child by
/// birth or partnership in generation rows, everyone else in
/// [`Layout::others`]. Every person in the network appears exactly once.
/// Bad facts (cycles, someone their own parent, a partner a generation
/// away) never panic; they just draw less tidily.
pub fn layout(network: &Network, focus: PersonId) -> Layout {
    let facts = Facts::new(network);
    let focus_index = facts.index.get(&focus).copied();
    let generation = facts.generations(focus_index);
    let in_tree: Vec<usize> = (0..facts.people.len())
        .filter(|&i| generation[i].is_some())
        .collect();
    let lowest = in_tree.iter().filter_map(|&i| generation[i]).min().unwrap_or(0);
    let highest = in_tree.iter().filter_map(|&i| generation[i]).max().unwrap_or(-1);
    let row_count = usize::try_from(highest - lowest + 1).unwrap_or(0);
    let row_of = |i: usize| generation[i].and_then(|g| usize::try_from(g - lowest).ok());

    let (families, couple_facts) = families_and_couples(&facts, &in_tree, &generation);

    // Order each row, then build the public layout in that order.
    let mut rows_members = vec![Vec::new(); row_count];
    for &i in &in_tree {
        if let Some(r) = row_of(i) {
            rows_members[r].push(i);
        }
    }
    let ordered = order::order(&order::Shape {
        people: facts.people.len(),
        rows: rows_members,
        couples: couple_facts.iter().map(|(a, b, _)| (*a, *b)).collect(),
        families: families
            .iter()
            .map(|f| (f.parents.clone(), f.children.clone()))
            .collect(),
        seniority: (0..facts.people.len()).map(|i| facts.key(i)).collect(),
        sex: facts.people.iter().map(|p| p.sex).collect(),
        focus: focus_index,
    });

    let mut households = HouseholdTags::default();
    let mut position = Positions::new();
    let rows: Vec<Row> = ordered
        .iter()
        .enumerate()
        .map(|(r, members)| Row {
            generation: lowest + i32::try_from(r).unwrap_or(i32::MAX),
            people: members
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    position.insert(i, (r, k));
                    let person = facts.people[i];
                    Node {
                        figure: figure(person, focus, &mut households),
                        relation: network.relationship(focus, person.id).map(|rel| rel.label()),
                        x: 0,
                        width: 0,
                    }
                })
                .collect(),
        })
        .collect();

    let (couples, couple_of_pair) = couple_lines(&facts, &couple_facts, &position);
    let families = family_lines(&facts, &families, &couple_of_pair, &position);

    let others = others(network, &facts, focus, &generation, &mut households);
    let mut layout = Layout {
        focus,
        rows,
        couples,
        families,
        households: Vec::new(),
        others,
    };
    let metrics = unit_metrics();
    let placed = place::place(
        &place::Frame::new(&layout, |n| metrics.width(n.figure.focus)),
        &metrics,
    );
    for (row, lefts) in layout.rows.iter_mut().zip(placed) {
        for (node, x) in row.people.iter_mut().zip(lefts) {
            node.x = x;
            node.width = metrics.width(node.figure.focus);
        }
    }
    layout.households = households.finish(&layout);
    layout
}

/// Where each person of the tree stands: (row, place in the row).
type Positions = HashMap<usize, (usize, usize)>;

/// The couples as drawn, left partner first, and which couple each pair
/// of partners is (by index, lower first), for the families to find.
fn couple_lines(
    facts: &Facts,
    couple_facts: &[CoupleFact],
    position: &Positions,
) -> (Vec<CoupleLine>, HashMap<(usize, usize), usize>) {
    let mut couples = Vec::new();
    let mut couple_of_pair: HashMap<(usize, usize), usize> = HashMap::new();
    for &(a, b, partnership) in couple_facts {
        let (Some(&(r, ka)), Some(&(_, kb))) = (position.get(&a), position.get(&b)) else {
            continue;
        };
        let (left, right) = if ka < kb { (a, b) } else { (b, a) };
        couple_of_pair.insert((a.min(b), a.max(b)), couples.len());
        couples.push(CoupleLine {
            row: r,
            a: facts.people[left].id,
            b: facts.people[right].id,
            partnership,
            adjacent: ka.abs_diff(kb) == 1,
        });
    }
    (couples, couple_of_pair)
}

/// The families as drawn: parents and children left to right, by row and
/// then by where the first child stands.
fn family_lines(
    facts: &Facts,
    families: &[FamilyFacts],
    couple_of_pair: &HashMap<(usize, usize), usize>,
    position: &Positions,
) -> Vec<Family> {
    let ids = |list: &[usize]| -> Vec<PersonId> { list.iter().map(|&i| facts.people[i].id).collect() };
    let by_position = |list: &[usize]| -> Vec<usize> {
        let mut list = list.to_vec();
        list.sort_by_key(|i| position.get(i).copied());
        list
    };
    let mut families: Vec<Family> = families
        .iter()
        .filter_map(|f| {
            let (row, _) = *position.get(f.parents.first()?)?;
            let couple = match f.parents.as_slice() {
                [a, b] => couple_of_pair.get(&((*a).min(*b), (*a).max(*b))).copied(),
                _ => None,
            };
            Some(Family {
                row,
                parents: ids(&by_position(&f.parents)),
                couple,
                children: ids(&by_position(&f.children)),
            })
        })
        .collect();
    families.sort_by_key(|f| {
        let first = f
            .children
            .first()
            .and_then(|c| facts.index.get(c))
            .and_then(|i| position.get(i));
        (f.row, first.copied())
    });
    families
}

/// The families (children grouped by the parents they share in the row
/// above) and the couples to draw in each row, including two parents of a
/// child who have no couple recorded.
fn families_and_couples(
    facts: &Facts,
    in_tree: &[usize],
    generation: &[Option<i32>],
) -> (Vec<FamilyFacts>, Vec<CoupleFact>) {
    let same_row = |a: usize, b: usize| generation[a].is_some() && generation[a] == generation[b];
    let mut couples: Vec<CoupleFact> = Vec::new();
    let mut paired: HashSet<(usize, usize)> = HashSet::new();
    for &a in in_tree {
        for &(b, partnership) in &facts.partners_of[a] {
            if a < b && same_row(a, b) && paired.insert((a, b)) {
                couples.push((a, b, Some(partnership)));
            }
        }
    }
    let mut children_in_tree: Vec<usize> = in_tree.to_vec();
    children_in_tree.sort_by_key(|&i| facts.key(i));
    let mut families: Vec<FamilyFacts> = Vec::new();
    let mut family_of: HashMap<Vec<usize>, usize> = HashMap::new();
    for c in children_in_tree {
        let Some(g) = generation[c] else { continue };
        let parents: Vec<usize> = facts.parents_of[c]
            .iter()
            .copied()
            .filter(|&p| generation[p] == Some(g - 1))
            .collect();
        // More than two parents in the row above (birth and adoptive, say):
        // hang the child from a recorded couple among them if there is one.
        let pair = parents
            .iter()
            .enumerate()
            .find_map(|(k, &p)| {
                parents[k + 1..]
                    .iter()
                    .find(|&&q| paired.contains(&(p.min(q), p.max(q))))
                    .map(|&q| vec![p, q])
            })
            .unwrap_or_else(|| parents.iter().take(2).copied().collect());
        if pair.is_empty() {
            continue;
        }
        let mut key = pair.clone();
        key.sort_unstable();
        if let [a, b] = key[..]
            && paired.insert((a, b))
        {
            couples.push((a, b, None));
        }
        let at = *family_of.entry(key).or_insert_with(|| {
            families.push(FamilyFacts {
                parents: pair,
                children: Vec::new(),
            });
            families.len() - 1
        });
        families[at].children.push(c);
    }
    (families, couples)
}

fn figure(person: &Person, focus: PersonId, households: &mut HouseholdTags) -> Figure {
    Figure {
        id: person.id,
        name: person.name.clone(),
        sex: person.sex,
        born: person.date_of_birth.map(|d| d.year()),
        deceased: person.deceased,
        focus: person.id == focus,
        household: households.member(person),
    }
}

/// The side list: everyone not in the tree, oldest first, each with what
/// they are to the child, or failing that to another child in the network.
fn others(
    network: &Network,
    facts: &Facts,
    focus: PersonId,
    generation: &[Option<i32>],
    households: &mut HouseholdTags,
) -> Vec<Other> {
    let mut outside: Vec<usize> = (0..facts.people.len())
        .filter(|&i| generation[i].is_none())
        .collect();
    outside.sort_by_key(|&i| facts.key(i));
    outside
        .into_iter()
        .map(|i| {
            let person = facts.people[i];
            let label = network
                .relationship(focus, person.id)
                .map(|r| r.label())
                .or_else(|| {
                    network.connections.iter().find_map(|c| {
                        let connected = c.connected.as_ref().filter(|_| c.person == person.id)?;
                        let to = if c.child == focus {
                            "this child".to_string()
                        } else {
                            network
                                .relationship(focus, c.child)
                                .map_or_else(|| "another child".to_string(), |r| r.label())
                        };
                        Some(format!("{} (to {to})", connected.label()))
                    })
                })
                .unwrap_or_else(|| "no recorded link to this child".to_string());
            Other {
                figure: figure(person, focus, households),
                label,
            }
        })
        .collect()
}

/// Households in the order their first member is drawn.
#[derive(Default)]
struct HouseholdTags {
    labels: Vec<String>,
    members: Vec<Vec<PersonId>>,
}

impl HouseholdTags {
    fn member(&mut self, person: &Person) -> Option<usize> {
        let label = person
            .household
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())?;
        let at = match self.labels.iter().position(|l| l == label) {
            Some(at) => at,
            None => {
                self.labels.push(label.to_string());
                self.members.push(Vec::new());
                self.labels.len() - 1
            }
        };
        self.members[at].push(person.id);
        Some(at)
    }

    fn finish(self, layout: &Layout) -> Vec<Household> {
        self.labels
            .into_iter()
            .zip(self.members)
            .enumerate()
            .map(|(h, (label, members))| Household {
                tag: tag(h),
                label,
                members,
                regions: regions(layout, h),
            })
            .collect()
    }
}

/// "A" to "Z", then "AA", "AB" and so on, as spreadsheet columns go.
fn tag(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Blocks of a household's members that a boundary can go round: runs of
/// members side by side in a row, joined with the run in the row below
/// when the box round both takes in nobody else.
fn regions(layout: &Layout, household: usize) -> Vec<Region> {
    struct Open {
        region: Region,
        left: i64,
        right: i64,
    }
    let member = |n: &Node| n.figure.household == Some(household);
    let mut done: Vec<Region> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    for (r, row) in layout.rows.iter().enumerate() {
        let mut runs: Vec<(i64, i64, Vec<PersonId>)> = Vec::new();
        let mut current: Option<(i64, i64, Vec<PersonId>)> = None;
        for node in &row.people {
            if member(node) {
                let run = current.get_or_insert_with(|| (node.x, node.x, Vec::new()));
                run.1 = node.x + node.width;
                run.2.push(node.figure.id);
            } else if let Some(run) = current.take() {
                runs.push(run);
            }
        }
        runs.extend(current);
        let mut still_open = Vec::new();
        for mut o in std::mem::take(&mut open) {
            let joins = runs.iter().position(|(left, right, _)| {
                let (l, rt) = (o.left.min(*left), o.right.max(*right));
                let clean = |rows: &[Row]| {
                    rows.iter()
                        .flat_map(|row| &row.people)
                        .all(|n| member(n) || n.x + n.width <= l || n.x >= rt)
                };
                clean(&layout.rows[o.region.first_row..=r])
            });
            match joins {
                Some(k) if o.region.last_row + 1 == r => {
                    let (left, right, people) = runs.remove(k);
                    o.left = o.left.min(left);
                    o.right = o.right.max(right);
                    o.region.last_row = r;
                    o.region.people.extend(people);
                    still_open.push(o);
                }
                _ => done.push(o.region),
            }
        }
        for (left, right, people) in runs {
            still_open.push(Open {
                region: Region {
                    first_row: r,
                    last_row: r,
                    people,
                },
                left,
                right,
            });
        }
        open = still_open;
    }
    done.extend(open.into_iter().map(|o| o.region));
    done.sort_by_key(|region| {
        (
            region.first_row,
            region
                .people
                .first()
                .and_then(|p| layout.node(*p))
                .map(|(_, n)| n.x),
        )
    });
    done
}

#[cfg(test)]
mod tests;
