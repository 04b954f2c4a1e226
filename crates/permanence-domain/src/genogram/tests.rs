use super::*;
use crate::family::{Connected, Connection, Couple, ParentOf};
use chrono::NaiveDate;
use proptest::prelude::*;

/// A network built by hand: people as (id, name, sex, year of birth),
/// then facts added.
struct Build {
    network: Network,
}

impl Build {
    fn new(people: &[(i64, &str, Sex, i32)]) -> Build {
        Build {
            network: Network {
                people: people
                    .iter()
                    .map(|&(id, name, sex, year)| Person {
                        date_of_birth: NaiveDate::from_ymd_opt(year, 6, 1),
                        ..Person::new(PersonId(id), name, sex)
                    })
                    .collect(),
                ..Network::default()
            },
        }
    }

    fn children(mut self, parents: &[i64], children: &[i64]) -> Build {
        for &p in parents {
            for &c in children {
                self.network.parents.push(ParentOf {
                    parent: PersonId(p),
                    child: PersonId(c),
                });
            }
        }
        self
    }

    fn couple(mut self, a: i64, b: i64, partnership: Partnership) -> Build {
        self.network.couples.push(Couple {
            a: PersonId(a),
            b: PersonId(b),
            partnership,
        });
        self
    }

    fn deceased(mut self, id: i64) -> Build {
        self.person(id).deceased = true;
        self
    }

    fn household(mut self, label: &str, members: &[i64]) -> Build {
        for &id in members {
            self.person(id).household = Some(label.to_string());
        }
        self
    }

    fn connected(mut self, child: i64, person: i64, connected: Connected) -> Build {
        self.network.connections.push(Connection {
            child: PersonId(child),
            person: PersonId(person),
            connected: Some(connected),
            parental_responsibility: false,
            viability: None,
            family_time: None,
            potential_carer: false,
        });
        self
    }

    fn person(&mut self, id: i64) -> &mut Person {
        let at = self.network.people.iter().position(|p| p.id == PersonId(id));
        &mut self.network.people[at.unwrap_or_else(|| panic!("no person {id}"))]
    }
}

fn two_generations() -> Network {
    Build::new(&[
        (1, "Mark Dale", Sex::Male, 1984),
        (2, "Rose Dale", Sex::Female, 1986),
        (3, "Finn Dale", Sex::Male, 2012),
        (4, "Lily Dale", Sex::Female, 2015),
    ])
    .couple(1, 2, Partnership::Married)
    .children(&[1, 2], &[3, 4])
    .household("Home", &[1, 2, 3, 4])
    .network
}

/// A mother with two partners: two children by the first (divorced), one
/// by the second (partners), and the focus child is the younger of the
/// first two.
fn half_siblings() -> Network {
    Build::new(&[
        (1, "Gary Nash", Sex::Male, 1980),
        (2, "Tina Nash", Sex::Female, 1985),
        (3, "Omar Reid", Sex::Male, 1983),
        (4, "Kai Nash", Sex::Male, 2006),
        (5, "Ella Nash", Sex::Female, 2009),
        (6, "Noah Reid", Sex::Male, 2018),
    ])
    .couple(1, 2, Partnership::Divorced)
    .couple(2, 3, Partnership::Partners)
    .children(&[1, 2], &[4, 5])
    .children(&[2, 3], &[6])
    .household("Flat", &[2, 3, 6])
    .network
}

fn deceased_grandparent() -> Network {
    Build::new(&[
        (1, "Alf Moss", Sex::Male, 1948),
        (2, "Iris Moss", Sex::Female, 1950),
        (3, "Jane Moss", Sex::Female, 1979),
        (4, "Ruby Moss", Sex::Female, 2014),
    ])
    .couple(1, 2, Partnership::Married)
    .children(&[1, 2], &[3])
    .children(&[3], &[4])
    .deceased(1)
    .network
}

/// Fifteen people over three generations: both sets of grandparents (the
/// paternal grandfather deceased, the maternal grandparents divorced),
/// separated parents, the mother's new partner and their two children,
/// the mother's married sister and her daughter, and a family friend.
/// The focus child and her brother live with their maternal grandmother.
fn fifteen() -> Network {
    Build::new(&[
        (1, "Ray Hart", Sex::Male, 1950),
        (2, "Pat Hart", Sex::Female, 1953),
        (3, "Len Cole", Sex::Male, 1955),
        (4, "Sue Cole", Sex::Female, 1958),
        (5, "Dan Hart", Sex::Male, 1982),
        (6, "Kim Cole", Sex::Female, 1984),
        (7, "Lee Ward", Sex::Male, 1981),
        (8, "Jo Bell", Sex::Female, 1987),
        (9, "Sam Bell", Sex::Male, 1985),
        (10, "Ben Hart", Sex::Male, 2008),
        (11, "Amy Hart", Sex::Female, 2011),
        (12, "Zoe Ward", Sex::Female, 2016),
        (13, "Ivy Ward", Sex::Female, 2019),
        (14, "Mia Bell", Sex::Female, 2013),
        (15, "Eva Dunn", Sex::Female, 1975),
    ])
    .couple(1, 2, Partnership::Married)
    .couple(3, 4, Partnership::Divorced)
    .couple(5, 6, Partnership::Separated)
    .couple(6, 7, Partnership::Partners)
    .couple(8, 9, Partnership::Married)
    .children(&[1, 2], &[5])
    .children(&[3, 4], &[6, 8])
    .children(&[5, 6], &[10, 11])
    .children(&[6, 7], &[12, 13])
    .children(&[8, 9], &[14])
    .deceased(1)
    .household("Riverside flat", &[6, 7, 12, 13])
    .household("Oak Road", &[4, 10, 11])
    .household("Mill Lane", &[8, 9, 14])
    .connected(11, 15, Connected::Other("family friend".into()))
    .network
}

const FOCUS_15: PersonId = PersonId(11);

fn row_ids(layout: &Layout, row: usize) -> Vec<i64> {
    layout.rows[row].people.iter().map(|n| n.figure.id.0).collect()
}

fn centre(layout: &Layout, id: i64) -> i64 {
    layout
        .node(PersonId(id))
        .map(|(_, n)| n.centre())
        .unwrap_or(i64::MIN)
}

/// Each person in the network exactly once, tree and side list together.
fn assert_everyone_once(network: &Network, layout: &Layout) {
    let mut seen: Vec<PersonId> = layout.figures().map(|f| f.id).collect();
    seen.sort();
    let mut people: Vec<PersonId> = network.people.iter().map(|p| p.id).collect();
    people.sort();
    people.dedup();
    assert_eq!(seen, people);
}

fn occurrences(lines: &[String], word: &str) -> usize {
    lines.iter().map(|l| l.matches(word).count()).sum()
}

#[test]
fn two_generations_sit_in_two_rows_children_under_their_parents() {
    let network = two_generations();
    let layout = layout(&network, PersonId(4));
    assert_eq!(layout.rows.len(), 2);
    assert_eq!(
        layout.rows.iter().map(|r| r.generation).collect::<Vec<_>>(),
        vec![-1, 0]
    );
    assert_eq!(row_ids(&layout, 0), vec![1, 2], "father on the left");
    assert_eq!(row_ids(&layout, 1), vec![3, 4], "older child first");
    let midpoint = (centre(&layout, 1) + centre(&layout, 2)) / 2;
    let children = (centre(&layout, 3) + centre(&layout, 4)) / 2;
    assert!(
        (midpoint - children).abs() <= 1,
        "children centred under the couple"
    );
    assert_eq!(layout.families.len(), 1);
    assert_eq!(layout.families[0].children, vec![PersonId(3), PersonId(4)]);
    assert_eq!(layout.households.len(), 1);
    assert_eq!(
        layout.households[0].regions.len(),
        1,
        "one box round the whole household"
    );
    assert_everyone_once(&network, &layout);
    let lines = text(&layout, 80);
    insta::assert_snapshot!("two_generations", lines.join("\n"));
}

#[test]
fn half_siblings_by_two_fathers_hang_from_their_own_couple() {
    let network = half_siblings();
    let layout = layout(&network, PersonId(5));
    assert_eq!(
        row_ids(&layout, 0),
        vec![1, 2, 3],
        "the mother between her partners"
    );
    assert_eq!(row_ids(&layout, 1), vec![4, 5, 6]);
    let first = layout
        .families
        .iter()
        .find(|f| f.parents == vec![PersonId(1), PersonId(2)]);
    let second = layout
        .families
        .iter()
        .find(|f| f.parents == vec![PersonId(2), PersonId(3)]);
    assert_eq!(
        first.map(|f| f.children.clone()),
        Some(vec![PersonId(4), PersonId(5)])
    );
    assert_eq!(second.map(|f| f.children.clone()), Some(vec![PersonId(6)]));
    // The younger half-brother sits under his own parents' couple, to the
    // right of the mother, the older two to her left.
    assert!(centre(&layout, 6) > centre(&layout, 2));
    assert!(centre(&layout, 5) < centre(&layout, 2) + 2);
    let couples: Vec<Option<Partnership>> = layout.couples.iter().map(|c| c.partnership).collect();
    assert_eq!(
        couples,
        vec![Some(Partnership::Divorced), Some(Partnership::Partners)]
    );
    let relation = |id: i64| layout.node(PersonId(id)).and_then(|(_, n)| n.relation.clone());
    assert_eq!(relation(6).as_deref(), Some("half-brother (same mother)"));
    assert_eq!(relation(3).as_deref(), Some("step-father"));
    assert_everyone_once(&network, &layout);
    let lines = text(&layout, 80);
    assert!(
        lines.iter().any(|l| l.contains("-//--")),
        "the divorce is struck twice"
    );
    assert!(lines.iter().any(|l| l.contains("- - -")), "partners are dashed");
    insta::assert_snapshot!("half_siblings", lines.join("\n"));
}

#[test]
fn a_deceased_grandparent_is_marked() {
    let network = deceased_grandparent();
    let layout = layout(&network, PersonId(4));
    assert_eq!(
        layout.rows.iter().map(|r| r.generation).collect::<Vec<_>>(),
        vec![-2, -1, 0]
    );
    let (row, grandad) = layout
        .node(PersonId(1))
        .unwrap_or_else(|| panic!("grandfather placed"));
    assert_eq!(row, 0);
    assert!(grandad.figure.deceased);
    assert_eq!(grandad.relation.as_deref(), Some("maternal grandfather"));
    let canvas = canvas(&layout, 80);
    let marked: Vec<Mark> = canvas
        .cells
        .iter()
        .filter(|c| c.person == Some(PersonId(1)))
        .map(|c| c.mark)
        .collect();
    assert!(!marked.is_empty() && marked.iter().all(|m| *m == Mark::Deceased));
    let lines = canvas.lines();
    assert!(lines.iter().any(|l| l.contains("X 1948")));
    insta::assert_snapshot!("deceased_grandparent", lines.join("\n"));
}

#[test]
fn fifteen_people_over_three_generations_fit_in_80_columns() {
    let network = fifteen();
    let layout = layout(&network, FOCUS_15);
    assert_eq!(layout.rows.len(), 3);
    assert_eq!(layout.others.len(), 1);
    assert_eq!(layout.others[0].label, "family friend");
    assert_everyone_once(&network, &layout);
    let lines = text(&layout, 80);
    let widest = lines.iter().map(|l| l.len()).max().unwrap_or(0);
    assert!(widest <= 80, "{widest} columns:\n{}", lines.join("\n"));
    assert!(lines.iter().all(|l| l.is_ascii()));
    for person in &network.people {
        assert_eq!(occurrences(&lines, &person.name), 1, "{} once", person.name);
    }
    insta::assert_snapshot!("fifteen", lines.join("\n"));
}

#[test]
fn the_fifteen_person_family_is_drawn_the_conventional_way_round() {
    let layout = layout(&fifteen(), FOCUS_15);
    // Paternal side on the left; the mother between her two partners;
    // her sister beyond, with her husband.
    assert_eq!(row_ids(&layout, 0), vec![1, 2, 3, 4]);
    assert_eq!(row_ids(&layout, 1), vec![5, 6, 7, 8, 9]);
    // Children grouped under their own couple, older first.
    assert_eq!(row_ids(&layout, 2), vec![10, 11, 12, 13, 14]);
    for row in &layout.rows {
        for pair in row.people.windows(2) {
            assert!(pair[0].x + pair[0].width < pair[1].x, "nobody overlaps");
        }
    }
    let households: Vec<(&str, usize)> = layout
        .households
        .iter()
        .map(|h| (h.label.as_str(), h.members.len()))
        .collect();
    assert_eq!(
        households,
        vec![("Oak Road", 3), ("Riverside flat", 4), ("Mill Lane", 3)]
    );
    let mill_lane = &layout.households[2];
    assert_eq!(mill_lane.regions.len(), 1, "the aunt's household boxes as one");
    let (first, last) = (mill_lane.regions[0].first_row, mill_lane.regions[0].last_row);
    assert_eq!((first, last), (1, 2));
}

#[test]
fn the_focus_child_is_doubled_and_marked_in_the_grid() {
    let layout = layout(&fifteen(), FOCUS_15);
    let canvas = canvas(&layout, 80);
    let lines = canvas.lines();
    assert_eq!(occurrences(&lines, "((Amy Hart))"), 1);
    let focus_cells = canvas.cells.iter().filter(|c| c.mark == Mark::Focus).count();
    assert!(focus_cells >= "((Amy Hart))".len());
    assert!(
        canvas
            .cells
            .iter()
            .filter(|c| c.mark == Mark::Focus)
            .all(|c| c.person == Some(FOCUS_15))
    );
    let tag_cells = canvas
        .cells
        .iter()
        .filter(|c| c.mark == Mark::Household && c.person.is_some());
    assert!(tag_cells.clone().count() >= 2 * 10, "each member's tag is marked");
    assert!(
        tag_cells
            .clone()
            .all(|c| c.ch == '@' || c.ch.is_ascii_uppercase())
    );
    assert!(canvas.cells.iter().any(|c| c.mark == Mark::Line && c.ch == '|'));
    assert_eq!(canvas.cells.len(), canvas.width * canvas.height);
}

#[test]
fn a_wide_family_comes_out_wider_with_names_shortened_first() {
    let mut network = fifteen();
    for person in &mut network.people {
        person.name = format!("{} Longername-Smith", person.name.split(' ').next().unwrap_or(""));
    }
    let layout = layout(&network, FOCUS_15);
    let roomy = text(&layout, 200);
    assert_eq!(
        occurrences(&roomy, "Amy Longername-Smith"),
        1,
        "{}",
        roomy.join("\n")
    );
    let narrow = text(&layout, 80);
    assert!(
        narrow.iter().map(|l| l.len()).max().unwrap_or(0) <= 80,
        "{}",
        narrow.join("\n")
    );
    assert_eq!(occurrences(&narrow, "Amy L."), 1, "{}", narrow.join("\n"));
    // Far too many children for 80 columns: the drawing widens instead.
    let mut big = two_generations();
    for k in 0..12 {
        let id = 100 + k;
        big.people.push(Person {
            id: PersonId(id),
            name: format!("Child {k}"),
            ..big.people[2].clone()
        });
        big.parents.push(ParentOf {
            parent: PersonId(2),
            child: PersonId(id),
        });
    }
    let wide = text(&super::layout(&big, PersonId(3)), 80);
    assert!(wide.iter().map(|l| l.len()).max().unwrap_or(0) > 80);
}

#[test]
fn names_are_shortened_sensibly_and_kept_ascii() {
    assert_eq!(
        text::short_name_for_tests("Kimberley Coleman-Jones", 12),
        "Kimberley C."
    );
    assert_eq!(
        text::short_name_for_tests("Kimberley Coleman-Jones", 9),
        "Kimberley"
    );
    assert_eq!(text::short_name_for_tests("Maximiliana Coleman", 8), "Maximil.");
    assert_eq!(
        text::short_name_for_tests("Siân  Zoë Łukasz", 20),
        "Sian Zoe Lukasz"
    );
    assert_eq!(text::short_name_for_tests("李小龍", 10), "???");
}

#[test]
fn people_outside_the_tree_are_listed_with_their_label() {
    let network = Build::new(&[
        (1, "Rose Dale", Sex::Female, 1986),
        (2, "Lily Dale", Sex::Female, 2015),
        (3, "Finn Dale", Sex::Male, 2012),
        (4, "Vera Shaw", Sex::Female, 1960),
        (5, "Nobody Known", Sex::Unknown, 1990),
    ])
    .children(&[1], &[2, 3])
    .connected(3, 4, Connected::Carer)
    .network;
    let layout = layout(&network, PersonId(2));
    let labels: Vec<(i64, &str)> = layout
        .others
        .iter()
        .map(|o| (o.figure.id.0, o.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        vec![
            (4, "carer (to brother (same mother; father not recorded))"),
            (5, "no recorded link to this child")
        ]
    );
    assert_eq!(layout.families[0].couple, None, "one parent recorded");
    let lines = text(&layout, 80);
    assert_eq!(occurrences(&lines, "<Nobody Known>"), 1);
    assert_everyone_once(&network, &layout);
}

#[test]
fn two_parents_with_no_couple_recorded_are_still_joined() {
    let network = Build::new(&[
        (1, "Carl Ames", Sex::Male, 1980),
        (2, "Dina Ames", Sex::Female, 1982),
        (3, "Evie Ames", Sex::Female, 2010),
    ])
    .children(&[1, 2], &[3])
    .network;
    let layout = layout(&network, PersonId(3));
    assert_eq!(layout.couples.len(), 1);
    assert_eq!(layout.couples[0].partnership, None);
    assert!(layout.couples[0].adjacent);
    let lines = text(&layout, 80);
    assert!(lines.iter().any(|l| l.contains("--?--")), "{}", lines.join("\n"));
    assert!(lines.iter().any(|l| l.contains("no couple recorded")));
}

#[test]
fn a_focus_not_in_the_network_puts_everyone_in_the_side_list() {
    let network = two_generations();
    let layout = layout(&network, PersonId(99));
    assert!(layout.rows.is_empty());
    assert_eq!(layout.others.len(), 4);
    assert_everyone_once(&network, &layout);
    assert!(!text(&layout, 80).is_empty());
    assert!(roxmltree::Document::parse(&svg(&layout)).is_ok());
}

/// Shapes standing for people: the elements with `data-person`.
fn shapes<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.attribute("data-person").is_some())
        .collect()
}

#[test]
fn the_svg_has_one_shape_per_person_and_the_focus_child_stands_out() {
    let network = fifteen();
    let svg = svg(&layout(&network, FOCUS_15));
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let title = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text());
    assert_eq!(title, Some("Genogram for Amy Hart"));
    let shapes = shapes(&doc);
    assert_eq!(shapes.len(), network.people.len());
    for person in &network.people {
        let mine: Vec<_> = shapes
            .iter()
            .filter(|n| n.attribute("data-person") == Some(person.id.0.to_string().as_str()))
            .collect();
        assert_eq!(mine.len(), 1);
        let expected = match person.sex {
            Sex::Male => "rect",
            Sex::Female => "circle",
            Sex::Unknown => "polygon",
        };
        assert_eq!(mine[0].tag_name().name(), expected);
    }
    let focus: Vec<_> = shapes
        .iter()
        .filter(|n| n.attribute("data-focus") == Some("true"))
        .collect();
    assert_eq!(focus.len(), 1);
    assert_eq!(focus[0].attribute("data-person"), Some("11"));
    assert_eq!(focus[0].attribute("stroke-width"), Some("3"));
    assert!(
        shapes
            .iter()
            .filter(|n| n.attribute("data-focus") == Some("false"))
            .all(|n| n.attribute("stroke-width") == Some("1.5"))
    );
    let outlines = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("focus-outline"))
        .count();
    assert_eq!(outlines, 1);
    let crosses = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("deceased-cross"))
        .count();
    assert_eq!(crosses, 1);
    let boxes = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("household"))
        .count();
    assert!(boxes >= 3, "a box for each household at least");
    let strikes = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("strike"))
        .count();
    assert_eq!(strikes, 3, "one for the separated couple, two for the divorced");
    // Black on white: nothing is coloured.
    for node in doc.descendants() {
        for attr in ["fill", "stroke"] {
            if let Some(value) = node.attribute(attr) {
                assert!(["black", "white", "none"].contains(&value), "{attr}={value}");
            }
        }
    }
}

#[test]
fn the_svg_escapes_names() {
    let mut network = two_generations();
    network.people[3].name = "Lily \"Lil\" O'Dale & <Co>".into();
    network.people[0].name = "Mark\u{0} Dale".into();
    let svg = svg(&layout(&network, PersonId(4)));
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}"));
    let title = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text());
    assert_eq!(title, Some("Genogram for Lily \"Lil\" O'Dale & <Co>"));
    assert!(
        doc.descendants()
            .any(|n| n.text() == Some("Lily \"Lil\" O'Dale & <Co>"))
    );
}

#[test]
fn the_svg_is_a4_landscape_in_shape() {
    let svg = svg(&layout(&fifteen(), FOCUS_15));
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}"));
    let view: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .unwrap_or("")
        .split(' ')
        .filter_map(|v| v.parse().ok())
        .collect();
    assert_eq!(view.len(), 4);
    assert!((view[2] / view[3] - 297.0 / 210.0).abs() < 0.01);
}

#[test]
fn layout_is_deterministic_whatever_order_the_facts_come_in() {
    let network = fifteen();
    let mut shuffled = network.clone();
    shuffled.people.reverse();
    shuffled.parents.reverse();
    shuffled.couples.reverse();
    let a = layout(&network, FOCUS_15);
    let b = layout(&shuffled, FOCUS_15);
    let rows = |l: &Layout| -> Vec<Vec<(i64, i64)>> {
        l.rows
            .iter()
            .map(|r| r.people.iter().map(|n| (n.figure.id.0, n.x)).collect())
            .collect()
    };
    assert_eq!(rows(&a), rows(&b));
    assert_eq!(text(&a, 80), text(&b, 80));
}

#[test]
fn household_tags_run_past_z() {
    assert_eq!(super::tag(0), "A");
    assert_eq!(super::tag(25), "Z");
    assert_eq!(super::tag(26), "AA");
    assert_eq!(super::tag(27), "AB");
}

fn arbitrary_network() -> impl Strategy<Value = (Network, i64)> {
    (1usize..10).prop_flat_map(|n| {
        let n64 = i64::try_from(n).unwrap_or(1);
        let person = (
            "[A-Za-z&<>\"' é]{0,14}",
            0u8..3,
            proptest::option::of(1930i32..2024),
            any::<bool>(),
            proptest::option::of(0u8..3),
        );
        (
            proptest::collection::vec(person, n),
            proptest::collection::vec((1..=n64, 1..=n64), 0..14),
            proptest::collection::vec((1..=n64, 1..=n64, 0usize..4), 0..7),
            proptest::collection::vec((1..=n64, 1..=n64, 0u8..4), 0..4),
            1..=n64 + 1,
        )
            .prop_map(|(people, parents, couples, connections, focus)| {
                let network = Network {
                    people: people
                        .into_iter()
                        .enumerate()
                        .map(|(k, (name, sex, year, deceased, household))| Person {
                            id: PersonId(i64::try_from(k).unwrap_or(0) + 1),
                            name,
                            sex: [Sex::Female, Sex::Male, Sex::Unknown][usize::from(sex)],
                            date_of_birth: year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)),
                            deceased,
                            culture: None,
                            language: None,
                            religion: None,
                            contact: None,
                            household: household.map(|h| format!("Home {h}")),
                            child: None,
                        })
                        .collect(),
                    parents: parents
                        .into_iter()
                        .map(|(p, c)| ParentOf {
                            parent: PersonId(p),
                            child: PersonId(c),
                        })
                        .collect(),
                    couples: couples
                        .into_iter()
                        .map(|(a, b, k)| Couple {
                            a: PersonId(a),
                            b: PersonId(b),
                            partnership: Partnership::ALL[k],
                        })
                        .collect(),
                    connections: connections
                        .into_iter()
                        .map(|(child, person, kind)| Connection {
                            child: PersonId(child),
                            person: PersonId(person),
                            connected: match kind {
                                0 => None,
                                1 => Some(Connected::Friend),
                                2 => Some(Connected::Carer),
                                _ => Some(Connected::Other("neighbour & <friend>".into())),
                            },
                            parental_responsibility: false,
                            viability: None,
                            family_time: None,
                            potential_carer: false,
                        })
                        .collect(),
                };
                (network, focus)
            })
    })
}

proptest! {
    /// Whatever the facts, even nonsense (cycles, people their own
    /// partner), the genogram is drawn, everyone appears exactly once, the
    /// text is ASCII, and the SVG is well-formed with a shape each.
    #[test]
    fn random_networks_draw_everyone_once((network, focus) in arbitrary_network(), width in 20usize..120) {
        let layout = layout(&network, PersonId(focus));
        let mut seen: Vec<PersonId> = layout.figures().map(|f| f.id).collect();
        seen.sort();
        let people: Vec<PersonId> = network.people.iter().map(|p| p.id).collect();
        prop_assert_eq!(&seen, &people);
        for row in &layout.rows {
            for pair in row.people.windows(2) {
                prop_assert!(pair[0].x + pair[0].width <= pair[1].x);
            }
        }
        let canvas = canvas(&layout, width);
        prop_assert!(canvas.cells.iter().all(|c| c.ch.is_ascii()));
        for id in &people {
            let in_tree = layout.node(*id).is_some();
            let drawn = canvas.cells.iter().any(|c| c.person == Some(*id));
            prop_assert!(!in_tree || drawn, "{:?} in the tree but not drawn", id);
        }
        let svg = svg(&layout);
        let doc = roxmltree::Document::parse(&svg);
        prop_assert!(doc.is_ok(), "{:?}", doc.err());
        if let Ok(doc) = doc {
            prop_assert_eq!(shapes(&doc).len(), people.len());
        }
    }
}
