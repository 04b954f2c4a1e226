//! The configuration file's `[keys]` tables made into the key map: the
//! settings file is read and checked in `permanence_service::config`,
//! which knows no screen; only the screens know their screens, actions and
//! keys, so the tables are checked here, each binding standing or falling
//! alone with its line, and a key given two meanings on one screen is
//! refused. [`Settings`] is everything the configuration folder sets,
//! loaded once at start-up.

use crate::action::Action;
use crate::domain::file_error::FileError;
use crate::keymap::{Context, Key, KeyMap};
use crate::service::config::{Config, FILE, Problems, parse};

/// One screen's new keys for one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebinding {
    pub context: Context,
    pub action: Action,
    pub keys: Vec<Key>,
    /// Where it is in the file, for a conflict found when it is applied.
    pub line: usize,
}

/// The file's `[keys]` tables checked against the screens, actions and
/// keys there are: the rebindings that can be made, and what was refused.
pub fn rebindings(config: &Config, file: &str) -> (Vec<Rebinding>, Vec<FileError>) {
    let mut made = Vec::new();
    let mut refused = Vec::new();
    let at = |line: usize, message: String| FileError {
        file: file.to_string(),
        line,
        message,
    };
    for table in &config.keys {
        let screen = &table.screen;
        let Some(context) = Context::parse(screen) else {
            let names: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
            refused.push(at(
                table.line,
                format!(
                    "keys.{screen}: there is no such screen (screens: {})",
                    names.join(", ")
                ),
            ));
            continue;
        };
        for binding in &table.bindings {
            let (name, line) = (&binding.action, binding.line);
            let Some(action) = Action::ALL.into_iter().find(|a| a.name() == name) else {
                refused.push(at(
                    line,
                    format!("keys.{screen}: {name:?} is not an action (`permanence config show` lists them)"),
                ));
                continue;
            };
            let parsed: Result<Vec<Key>, String> = binding
                .keys
                .iter()
                .map(|t| Key::parse(t).ok_or_else(|| t.clone()))
                .collect();
            match parsed {
                Ok(keys) if keys.is_empty() => refused.push(at(
                    line,
                    format!("keys.{screen}.{name}: no key given (write one, such as \"ctrl-b\")"),
                )),
                Ok(keys) => made.push(Rebinding {
                    context,
                    action,
                    keys,
                    line,
                }),
                Err(bad) => refused.push(at(
                    line,
                    format!(
                        "keys.{screen}.{name}: {bad:?} is not a key (write, say, \"j\", \"G\", \"ctrl-b\", \"pgdn\", \"f1\")"
                    ),
                )),
            }
        }
    }
    (made, refused)
}

/// The key map with the file's rebindings made, each refused (and left
/// as it was) where it would give one key two meanings on one screen;
/// what [`rebindings`] refused comes first among the refusals.
pub fn keymap(config: &Config, file: &str) -> (KeyMap, Vec<FileError>) {
    let mut bindings: Vec<(Context, Key, Action)> = KeyMap::default().bindings().to_vec();
    let (rebindings, mut refused) = rebindings(config, file);
    // Ctrl-C quits from anywhere, whatever else a file binds: no setting
    // can trap anyone in the program.
    let ctrl_c = Key {
        code: crossterm::event::KeyCode::Char('c'),
        ctrl: true,
    };
    // Every rebound action gives up its old keys first, so a file can
    // move one action off a key and another onto it in either order.
    let defaults = bindings.clone();
    bindings.retain(|(c, _, a)| !rebindings.iter().any(|r| r.context == *c && r.action == *a));
    for change in &rebindings {
        let mut keys = change.keys.clone();
        if change.action == Action::ForceQuit && !keys.contains(&ctrl_c) {
            keys.push(ctrl_c);
        }
        if change.action != Action::ForceQuit && keys.contains(&ctrl_c) {
            refused.push(refusal(
                file,
                change,
                "Ctrl-c always quits, so that no setting can trap anyone; choose another key".into(),
            ));
            keys.retain(|k| *k != ctrl_c);
            if keys.is_empty() {
                restore(&mut bindings, &defaults, change);
                continue;
            }
        }
        let clash = keys.iter().find_map(|key| {
            bindings
                .iter()
                .find(|(c, k, a)| *c == change.context && k == key && *a != change.action)
                .map(|(_, _, other)| (*key, *other))
        });
        match clash {
            None => bindings.extend(keys.iter().map(|k| (change.context, *k, change.action))),
            Some((key, other)) => {
                let other = other.name();
                let why = format!(
                    "{} is already {other} on this screen; rebind {other} too, or choose another key",
                    key.label()
                );
                refused.push(refusal(file, change, why));
                restore(&mut bindings, &defaults, change);
            }
        }
    }
    (KeyMap::from_bindings(bindings), refused)
}

/// A rebinding refused, located at its line.
fn refusal(file: &str, change: &Rebinding, why: String) -> FileError {
    FileError {
        file: file.to_string(),
        line: change.line,
        message: format!("keys.{}.{}: {why}", change.context.name(), change.action.name()),
    }
}

/// A refused rebinding's action left as it was: its own keys back, where
/// they are still free.
fn restore(
    bindings: &mut Vec<(Context, Key, Action)>,
    defaults: &[(Context, Key, Action)],
    change: &Rebinding,
) {
    for (c, k, a) in defaults
        .iter()
        .filter(|(c, _, a)| *c == change.context && *a == change.action)
    {
        if !bindings.iter().any(|(c2, k2, _)| c2 == c && k2 == k) {
            bindings.push((*c, *k, *a));
        }
    }
}

/// Everything the configuration folder sets for the screens, loaded and
/// checked once at start-up.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub keymap: KeyMap,
    /// The file's path, or where it would be.
    pub path: Option<std::path::PathBuf>,
    pub exists: bool,
    pub problems: Problems,
}

impl Settings {
    /// Reads `config.toml` from the configuration folder (`dir`), if it is
    /// there: a missing file is no problem; an unreadable one is said.
    pub fn load(dir: Option<&std::path::Path>) -> Settings {
        let path = dir.map(|d| d.join(FILE));
        let text = path.as_ref().filter(|p| p.exists()).map(std::fs::read_to_string);
        let exists = text.is_some();
        let name = path
            .as_ref()
            .map_or_else(|| FILE.to_string(), |p| p.display().to_string());
        let (config, mut problems) = match text {
            None => (Config::default(), Problems::default()),
            Some(Ok(text)) => parse(&name, &text),
            Some(Err(e)) => {
                let problems = Problems {
                    refused: vec![FileError {
                        file: name.clone(),
                        line: 0,
                        message: format!("cannot be read: {e}"),
                    }],
                    ..Problems::default()
                };
                (Config::default(), problems)
            }
        };
        let (keymap, refused) = keymap(&config, &name);
        problems.refused.extend(refused);
        Settings {
            config,
            keymap,
            path,
            exists,
            problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::caseload_view::Scope;

    fn key(text: &str) -> Key {
        Key::parse(text).unwrap()
    }

    #[test]
    fn a_whole_file_reads_back() {
        let text = "theme = \"light\"\nview = \"team\"\nmouse = false\n\n[keys.caseload]\ndashboard = \"ctrl-b\"\nmove_down = [\"j\", \"down\", \"J\"]\n";
        let (config, problems) = parse("config.toml", text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.theme.as_deref(), Some("light"));
        assert_eq!(config.view, Some(Scope::MyTeam));
        assert_eq!(config.mouse, Some(false));
        let (map, refused) = keymap(&config, "config.toml");
        assert!(refused.is_empty(), "{refused:?}");
        assert_eq!(
            map.action(Context::Caseload, key("ctrl-b")),
            Some(Action::Dashboard)
        );
        assert_eq!(
            map.action(Context::Caseload, key("D")),
            None,
            "the old key is free"
        );
        assert_eq!(map.action(Context::Caseload, key("J")), Some(Action::MoveDown));
        assert_eq!(
            map.action(Context::ChildTimeline, key("D")),
            None,
            "other screens as they were"
        );
        assert_eq!(
            map.action(Context::ChildTimeline, key("j")),
            Some(Action::MoveDown)
        );
    }

    #[test]
    fn wrong_values_are_refused_with_their_lines_and_the_rest_applies() {
        let text = "view = \"all\"\n[keys.caseload]\nfly = \"f\"\nquit = \"ctrl-\"\n[keys.kitchen]\nquit = \"q\"\n[keys.timeline]\nmark_done = \"x\"\n";
        let (config, mut problems) = parse("c.toml", text);
        let (made, refused) = rebindings(&config, "c.toml");
        problems.refused.extend(refused);
        let said = problems.lines();
        assert!(
            said[0].starts_with("c.toml:1: view: \"all\" is not a view"),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|s| s.starts_with("c.toml:3: keys.caseload: \"fly\" is not an action")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|s| s.starts_with("c.toml:4: keys.caseload.quit: \"ctrl-\" is not a key")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|s| s.starts_with("c.toml:5: keys.kitchen: there is no such screen")),
            "{said:?}"
        );
        assert_eq!(made.len(), 1, "mark_done still applies");
        assert_eq!(config.view, None);
    }

    #[test]
    fn a_key_bound_twice_on_one_screen_is_refused_and_named() {
        let text = "[keys.caseload]\ndashboard = \"j\"\n[keys.timeline]\nmark_done = \"x\"\n";
        let (config, _) = parse("c.toml", text);
        let (map, refused) = keymap(&config, "c.toml");
        let said: Vec<String> = refused.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "c.toml:2: keys.caseload.dashboard: j is already move_down on this screen; rebind move_down too, or choose another key"
            ]
        );
        assert_eq!(map.action(Context::Caseload, key("j")), Some(Action::MoveDown));
        assert_eq!(
            map.action(Context::Caseload, key("D")),
            Some(Action::Dashboard),
            "left as it was"
        );
        assert_eq!(
            map.action(Context::ChildTimeline, key("x")),
            Some(Action::MarkDone),
            "the rest applies"
        );
        // Moving the other action off the key first makes room.
        let text = "[keys.caseload]\nmove_down = [\"down\"]\ndashboard = \"j\"\n";
        let (config, _) = parse("c.toml", text);
        let (map, refused) = keymap(&config, "c.toml");
        assert!(refused.is_empty(), "{refused:?}");
        assert_eq!(map.action(Context::Caseload, key("j")), Some(Action::Dashboard));
    }

    #[test]
    fn ctrl_c_cannot_be_taken_from_quitting() {
        let (config, _) = parse(
            "c.toml",
            "[keys.caseload]\nforce_quit = \"ctrl-q\"\ndashboard = \"ctrl-c\"\n",
        );
        let (map, refused) = keymap(&config, "c.toml");
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert!(
            refused[0]
                .to_string()
                .contains("keys.caseload.dashboard: Ctrl-c always quits"),
            "{}",
            refused[0]
        );
        assert_eq!(
            map.action(Context::Caseload, key("D")),
            Some(Action::Dashboard),
            "left as it was"
        );
        assert_eq!(
            map.action(Context::Caseload, key("ctrl-q")),
            Some(Action::ForceQuit)
        );
        assert_eq!(
            map.action(Context::Caseload, key("ctrl-c")),
            Some(Action::ForceQuit),
            "still quits"
        );
    }
}
