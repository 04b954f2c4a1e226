use super::*;

const FILE: &str = r#"
source = "test"

[[outcome]]
id = "adoption"
title = "Adoption"
pathways = ["adoption"]

[[outcome]]
id = "sgo"
title = "Special Guardianship Order"
pathways = ["special-guardianship"]

[[outcome]]
id = "permanent-fostering"
title = "Permanent Fostering"
pathways = ["permanent-fostering"]

[family_time]
beneficial_child = ["Placed in infancy"]
beneficial_adult = ["Reliable, punctual"]
detrimental_child = ["Child does not want family time"]
detrimental_adult = ["Unreliable, repeatedly late"]

[comparison]
intro = "x"
columns = ["A", "B"]

[[comparison.row]]
need = "Support"
cells = ["a", "b"]

[[scenario]]
id = "under-10-no-connected"
number = 1
title = "Children under 10 - no connected persons identified"
min_age = 0
max_age = 9
connected_people = false
meeting = "PPM"
outcomes = ["adoption", "sgo", "permanent-fostering"]
outcome_labels = ["Adoption", "SGO with current short-term carers", "Contingency Permanent Fostering"]

[[scenario]]
id = "11-to-16-no-connected"
number = 3
title = "Children and young people 11 to 16 - no connected persons identified"
min_age = 11
max_age = 16
connected_people = false
meeting = "PPM"
outcomes = ["sgo", "permanent-fostering"]
outcome_labels = ["SGO", "Permanent Fostering with Care Order"]

[[scenario]]
id = "under-10-connected"
number = 2
title = "Children under 10 - connected people available"
min_age = 0
max_age = 9
connected_people = true
meeting = "PPM"
outcomes = ["sgo"]
outcome_labels = ["Special Guardianship."]
"#;

fn guidance() -> Guidance {
    parse_file("g.toml", FILE).unwrap()
}

fn facts(age: u32, connected: bool) -> Facts {
    Facts {
        age: Some(age),
        connected_people: connected,
        return_home_ruled_out: true,
    }
}

#[test]
fn scenarios_at_the_age_edges() {
    let g = guidance();
    let chosen = |age| {
        let c = choose(&g, facts(age, false)).unwrap();
        (c.scenario.id.clone(), c.fit == Fit::Exact)
    };
    assert_eq!(chosen(9), ("under-10-no-connected".into(), true));
    // Ten is in neither band; the older band is chosen and said to be nearest.
    assert_eq!(chosen(10), ("11-to-16-no-connected".into(), false));
    assert_eq!(chosen(11), ("11-to-16-no-connected".into(), true));
    assert_eq!(chosen(16), ("11-to-16-no-connected".into(), true));
    assert_eq!(chosen(17), ("11-to-16-no-connected".into(), false));
    let Fit::Nearest(why) = choose(&g, facts(17, false)).unwrap().fit else {
        panic!()
    };
    assert!(why.contains("no scenario for a child of 17"), "{why}");
}

#[test]
fn connected_people_choose_the_connected_scenario() {
    let g = guidance();
    assert_eq!(
        choose(&g, facts(4, true)).unwrap().scenario.id,
        "under-10-connected"
    );
    assert_eq!(
        choose(&g, facts(4, false)).unwrap().scenario.id,
        "under-10-no-connected"
    );
    // With connected people at 13 only the under-10 connected scenario exists here: nearest.
    assert!(matches!(
        choose(&g, facts(13, true)).unwrap().fit,
        Fit::Nearest(_)
    ));
}

#[test]
fn no_scenario_while_return_home_is_possible() {
    let g = guidance();
    let mut f = facts(4, false);
    f.return_home_ruled_out = false;
    assert!(choose(&g, f).unwrap_err().contains("reunification comes first"));
}

#[test]
fn plans_are_placed_in_the_order_and_a_lower_primary_is_questioned() {
    let g = guidance();
    let s = choose(&g, facts(4, false)).unwrap().scenario;
    let plans = vec![
        ("permanent-fostering".to_string(), "primary".to_string()),
        ("special-guardianship".to_string(), "contingency".to_string()),
        ("reunification".to_string(), "contingency".to_string()),
    ];
    let placed = placed(&g, s, &plans);
    assert_eq!(placed[0], ("permanent-fostering", "primary", Some(2)));
    assert_eq!(placed[1], ("special-guardianship", "contingency", Some(1)));
    assert_eq!(placed[2], ("reunification", "contingency", None));
    let q = question(s, placed[0].2).unwrap();
    assert!(
        q.contains("Adoption and SGO with current short-term carers"),
        "{q}"
    );
    assert!(q.ends_with("ruled out?"));
    assert_eq!(question(s, Some(0)), None);
}

#[test]
fn a_broken_file_is_refused_with_its_lines() {
    let broken = FILE.replacen(
        "outcome_labels = [\"SGO\", \"Permanent Fostering with Care Order\"]",
        "outcome_labels = [\"SGO\"]",
        1,
    );
    let problems = parse_file("g.toml", &broken).unwrap_err();
    assert!(problems[0].to_string().starts_with("g.toml:"), "{}", problems[0]);
    assert!(problems[0].message.contains("2 outcomes but 1 outcome_labels"));
    let unknown = FILE.replacen("outcomes = [\"sgo\"]", "outcomes = [\"kinship\"]", 1);
    let problems = parse_file("g.toml", &unknown).unwrap_err();
    assert!(
        problems[0]
            .message
            .contains("\"kinship\" is not one of the [[outcome]] ids")
    );
    let overlapping = FILE.replacen("min_age = 11", "min_age = 9", 1);
    assert!(
        parse_file("g.toml", &overlapping).unwrap_err()[0]
            .message
            .contains("covers the same ages")
    );
    let extra = FILE.replacen("source = \"test\"", "source = \"test\"\nauthor = \"me\"", 1);
    assert!(
        parse_file("g.toml", &extra).unwrap_err()[0]
            .message
            .contains("unknown field")
    );
}
