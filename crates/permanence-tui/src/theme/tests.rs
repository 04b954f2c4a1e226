//! Tests of themes: every shipped theme loads and sets every role, broken
//! files fall back with a warning naming file and line, and colours come
//! down to what the terminal shows.

use super::*;
use crate::theme_file::{parse, parse_colour};

fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
}

#[test]
fn every_shipped_theme_loads_and_sets_every_role_itself() {
    let mut names = Vec::new();
    for (file, text) in BUILT_IN {
        let spec = parse(file, text).unwrap_or_else(|e| panic!("{file}: {e:?}"));
        assert_eq!(spec.inherits, None, "{file} stands alone");
        assert_eq!(spec.roles_set(), Role::ALL.len(), "{file} sets every role");
        assert!(spec.complete(&[]).is_ok());
        assert_eq!(format!("{}.toml", spec.name), file, "named as its file");
        names.push(spec.name);
    }
    for wanted in ["default", "light", "high-contrast", "monochrome", "colour-blind"] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} is built in");
        let chosen = choose(Some(wanted), &[], Depth::TrueColour);
        assert_eq!(chosen.warning, None);
        assert_eq!(chosen.theme.name, wanted);
    }
}

#[test]
fn the_themes_folder_holds_exactly_the_built_in_themes() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../themes");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".toml"))
        .collect();
    files.sort();
    let mut built_in: Vec<String> = BUILT_IN.iter().map(|(f, _)| f.to_string()).collect();
    built_in.sort();
    assert_eq!(files, built_in);
}

#[test]
fn the_selection_shows_without_colour_in_every_theme() {
    for (file, _) in BUILT_IN {
        let name = file.trim_end_matches(".toml");
        let theme = choose(Some(name), &[], Depth::Monochrome).theme;
        assert!(
            theme.selection.add_modifier.contains(Modifier::REVERSED),
            "{name}: selection in monochrome is reversed"
        );
        for style in [
            theme.text,
            theme.selection,
            theme.rag_red,
            theme.breached,
            theme.background,
        ] {
            assert_eq!((style.fg, style.bg), (None, None), "{name}: no colour at all");
        }
    }
}

#[test]
fn a_broken_theme_falls_back_to_the_default_with_file_line_and_reason() {
    let own = vec![(
        "/home/sw/.config/permanence/themes/mine.toml".to_string(),
        "name = \"mine\"\ninherits = \"default\"\n\n[roles]\ntext = { fg = \"bright-purple\" }\n".to_string(),
    )];
    let chosen = choose(Some("mine"), &own, Depth::Ansi16);
    assert_eq!(chosen.theme, choose(None, &[], Depth::Ansi16).theme);
    let warning = chosen.warning.expect("a warning");
    assert!(
        warning.starts_with("default theme used: mine.toml:5: text.fg: \"bright-purple\" is not a colour"),
        "{warning}"
    );
}

#[test]
fn unknown_keys_roles_and_names_are_refused_with_their_lines() {
    let cases = [
        ("name = \"x\"\ncolour = 1\n", "x.toml:2: unknown field `colour`"),
        (
            "name = \"x\"\n[roles]\ntext = {}\nrag-purple = {}\n",
            "x.toml:4: roles: \"rag-purple\" is not a role",
        ),
        (
            "name = \"x\"\n[roles]\ntext = { modifiers = [\"blink\"] }\n",
            "x.toml:3: text.modifiers: \"blink\" is not a modifier",
        ),
        (
            "name = \"x\"\n[roles]\ntext = { fg = \"red\", size = 3 }\n",
            "x.toml:3: unknown field `size`",
        ),
        ("name = \"my theme\"\n", "x.toml:1: name: \"my theme\" must be"),
    ];
    for (text, expected) in cases {
        let errors = parse("x.toml", text).expect_err(text);
        let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(said.iter().any(|s| s.starts_with(expected)), "{text:?}: {said:?}");
    }
}

#[test]
fn a_theme_missing_roles_says_which_and_an_inheriting_one_takes_them() {
    let own = vec![(
        "half.toml".to_string(),
        "name = \"half\"\n[roles]\ntext = { fg = \"white\" }\n".to_string(),
    )];
    let chosen = choose(Some("half"), &own, Depth::Ansi16);
    let warning = chosen.warning.unwrap();
    assert!(
        warning.contains("half.toml:1: roles not set: background, muted"),
        "{warning}"
    );
    let own = vec![(
        "soft.toml".to_string(),
        "name = \"soft\"\ninherits = \"default\"\n[roles]\nrag-red = { fg = \"#d55e00\" }\n".to_string(),
    )];
    let chosen = choose(Some("soft"), &own, Depth::TrueColour);
    assert_eq!(chosen.warning, None);
    assert_eq!(chosen.theme.rag_red.fg, Some(Color::Rgb(0xd5, 0x5e, 0x00)));
    assert_eq!(
        chosen.theme.key,
        choose(None, &[], Depth::TrueColour).theme.key,
        "the rest inherited"
    );
    let circle = vec![
        (
            "a.toml".to_string(),
            "name = \"a\"\ninherits = \"b\"\n".to_string(),
        ),
        (
            "b.toml".to_string(),
            "name = \"b\"\ninherits = \"a\"\n".to_string(),
        ),
    ];
    let warning = choose(Some("a"), &circle, Depth::Ansi16).warning.unwrap();
    assert!(warning.contains("a → b come back to \"a\""), "{warning}");
}

#[test]
fn a_users_theme_of_the_same_name_replaces_the_built_in_one() {
    let own = vec![(
        "default.toml".to_string(),
        BUILT_IN[3].1.replace("monochrome", "default"),
    )];
    let chosen = choose(None, &own, Depth::TrueColour);
    assert_eq!(chosen.warning, None);
    assert_eq!(chosen.theme.key.fg, None, "the user's default has no colour");
}

#[test]
fn an_unknown_theme_names_the_ones_there_are() {
    let chosen = choose(Some("solarised"), &[], Depth::Ansi16);
    let warning = chosen.warning.unwrap();
    assert!(
        warning.starts_with(
            "default theme used: there is no theme \"solarised\" (themes: default, light, high-contrast"
        ),
        "{warning}"
    );
    assert_eq!(chosen.theme.name, "default");
}

#[test]
fn the_default_theme_is_what_the_screens_always_had() {
    let theme = Theme::default();
    assert_eq!(theme.muted, Style::new().fg(Color::DarkGray));
    assert_eq!(
        theme.selection,
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    );
    assert_eq!(theme.rag_amber, Style::new().fg(Color::LightRed));
    assert_eq!(
        theme.key,
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    );
}

#[test]
fn the_terminal_says_how_many_colours() {
    assert_eq!(
        Depth::detect(env(&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")])),
        Depth::Monochrome
    );
    assert_eq!(
        Depth::detect(env(&[("NO_COLOR", ""), ("COLORTERM", "truecolor")])),
        Depth::TrueColour,
        "empty NO_COLOR is unset"
    );
    assert_eq!(
        Depth::detect(env(&[("TERM", "xterm-256color")])),
        Depth::Indexed256
    );
    assert_eq!(Depth::detect(env(&[("TERM", "linux")])), Depth::Ansi16);
    assert_eq!(Depth::detect(env(&[("TERM", "vt100")])), Depth::Monochrome);
    assert_eq!(
        Depth::detect(env(&[("TERM", "xterm"), ("COLORTERM", "24bit")])),
        Depth::TrueColour
    );
    assert_eq!(Depth::detect(env(&[])), Depth::Ansi16);
}

#[test]
fn colours_come_down_to_the_nearest_the_terminal_has() {
    let vermillion = parse_colour("#d55e00").unwrap();
    assert_eq!(Depth::TrueColour.colour(vermillion), Color::Rgb(0xd5, 0x5e, 0x00));
    assert_eq!(Depth::Ansi16.colour(vermillion), Color::Red);
    // Okabe-Ito's bluish green is nearer cyan than green: still far from red.
    assert_eq!(
        Depth::Ansi16.colour(parse_colour("#009e73").unwrap()),
        Color::Cyan
    );
    assert_eq!(
        Depth::Ansi16.colour(parse_colour("#ffffff").unwrap()),
        Color::White
    );
    assert_eq!(
        Depth::Indexed256.colour(parse_colour("#ff8700").unwrap()),
        Color::Indexed(208)
    );
    assert_eq!(
        Depth::Indexed256.colour(parse_colour("#000000").unwrap()),
        Color::Indexed(16)
    );
    assert_eq!(
        Depth::Ansi16.colour(parse_colour("208").unwrap()),
        Color::Yellow,
        "orange"
    );
    assert_eq!(
        Depth::Ansi16.colour(parse_colour("dark-grey").unwrap()),
        Color::DarkGray
    );
    assert_eq!(Depth::Ansi16.colour(parse_colour("Gray").unwrap()), Color::Gray);
    assert_eq!(parse_colour("default"), Ok(Colour::Reset));
    assert!(parse_colour("#12345").is_err());
}

proptest::proptest! {
    /// Every colour of the palette's cube and grey ramp comes back to
    /// itself as its own nearest.
    #[test]
    fn the_256_palette_is_its_own_nearest(n in 16u8..=255) {
        let (r, g, b) = rgb_of_256(n);
        proptest::prop_assert_eq!(rgb_of_256(nearest_256(r, g, b)), (r, g, b));
    }
}
