//! The user's configuration file, `config.toml` in the configuration
//! folder (`~/.config/permanence/` on Linux, or `$PERMANENCE_CONFIG_DIR`):
//! the theme, the caseload's view on opening, how dates are shown, whose
//! bank holidays count, and key bindings.
//!
//! ```toml
//! theme = "high-contrast"
//! view = "mine"                 # mine, team or everyone
//! mouse = false                 # leave the mouse to the terminal (text selection)
//! date_format = "D MMM YYYY"    # DD/MM/YYYY (the default), YYYY-MM-DD or D MMM YYYY
//! bank_holidays = "scotland"    # england-and-wales (the default), scotland or northern-ireland
//!
//! [keys.caseload]               # a screen, as `permanence config show` lists them
//! dashboard = "ctrl-b"          # an action and its key, or several:
//! move_down = ["j", "down", "n"]
//! ```
//!
//! A binding replaces the keys the action had on that screen. Nothing in
//! the file keeps anyone out: a key the file does not know is warned
//! about, and a wrong value or a key bound twice on one screen is refused
//! with its line (that setting is left as it was) while the rest applies.
//! `permanence config check` says all of it and exits non-zero. The one
//! exception is a `bank_holidays` that names no region: every deadline
//! would be counted on the wrong holidays, so, like a broken holiday file,
//! it stops the program until it is put right.

use crate::domain::calendar::Region;
use crate::domain::caseload_view::Scope;
use crate::domain::date::DateStyle;
use crate::domain::file_error::{FileError, from_toml, line_of};
use crate::ui::action::Action;
use crate::ui::keymap::{Context, Key, KeyMap};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The file's name in the configuration folder.
pub const FILE: &str = "config.toml";

/// The top-level keys the file knows.
const KNOWN: [&str; 6] = ["theme", "view", "mouse", "date_format", "bank_holidays", "keys"];

#[derive(Debug, Deserialize)]
struct RawConfig {
    theme: Option<Spanned<String>>,
    view: Option<Spanned<String>>,
    mouse: Option<bool>,
    date_format: Option<Spanned<String>>,
    bank_holidays: Option<Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<String, Spanned<BTreeMap<String, Spanned<RawKeys>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawKeys {
    One(String),
    Several(Vec<String>),
}

/// One screen's new keys for one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebinding {
    pub context: Context,
    pub action: Action,
    pub keys: Vec<Key>,
    /// Where it is in the file, for a conflict found when it is applied.
    pub line: usize,
}

/// What the file says, checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    pub theme: Option<String>,
    pub view: Option<Scope>,
    /// Clicks and the wheel reported to the program (on unless `false`).
    pub mouse: Option<bool>,
    pub date_format: Option<DateStyle>,
    pub bank_holidays: Option<Region>,
    pub rebindings: Vec<Rebinding>,
}

/// What reading and applying the file found wrong; `refused` parts were
/// left out, `warnings` changed nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Problems {
    pub refused: Vec<FileError>,
    pub warnings: Vec<FileError>,
    /// A `bank_holidays` naming no region (also among `refused`), which
    /// stops the program: see the module's header.
    pub holidays: Option<FileError>,
}

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.refused.is_empty() && self.warnings.is_empty()
    }

    /// Every problem, refusals first, one a line.
    pub fn lines(&self) -> Vec<String> {
        let refused = self.refused.iter().map(|e| e.to_string());
        let warned = self.warnings.iter().map(|e| format!("{e} (ignored)"));
        refused.chain(warned).collect()
    }
}

fn scope(text: &str) -> Option<Scope> {
    match text {
        "mine" => Some(Scope::Mine),
        "team" => Some(Scope::MyTeam),
        "everyone" => Some(Scope::Everyone),
        _ => None,
    }
}

/// Reads the configuration file's text. A file that is not TOML at all
/// is refused whole; otherwise each setting stands or falls alone.
pub fn parse(file: &str, text: &str) -> (Config, Problems) {
    let mut problems = Problems::default();
    // Read twice: once for the settings, once for every top-level key,
    // so that one the program does not know is warned about, not
    // silently ignored (serde's own refusal would refuse the whole file).
    let read = toml::from_str::<RawConfig>(text)
        .and_then(|raw| toml::from_str::<BTreeMap<String, Spanned<toml::Value>>>(text).map(|all| (raw, all)));
    let (raw, all) = match read {
        Ok(both) => both,
        Err(e) => {
            problems.refused.push(from_toml(file, text, &e));
            return (Config::default(), problems);
        }
    };
    let at = |offset: usize, message: String| FileError {
        file: file.to_string(),
        line: line_of(text, offset),
        message,
    };
    for (key, value) in all.iter().filter(|(key, _)| !KNOWN.contains(&key.as_str())) {
        problems.warnings.push(at(
            value.span().start,
            format!("{key:?} is not a setting (settings: {})", KNOWN.join(", ")),
        ));
    }
    let mut config = Config {
        theme: raw.theme.map(|t| t.into_inner()),
        mouse: raw.mouse,
        ..Config::default()
    };
    if let Some(view) = &raw.view {
        match scope(view.get_ref()) {
            Some(s) => config.view = Some(s),
            None => problems.refused.push(at(
                view.span().start,
                format!(
                    "view: {:?} is not a view (mine, team or everyone)",
                    view.get_ref()
                ),
            )),
        }
    }
    if let Some(format) = &raw.date_format {
        match DateStyle::parse(format.get_ref()) {
            Some(style) => config.date_format = Some(style),
            None => {
                let styles: Vec<&str> = DateStyle::ALL.iter().map(|s| s.code()).collect();
                problems.refused.push(at(
                    format.span().start,
                    format!(
                        "date_format: {:?} is not a date format ({})",
                        format.get_ref(),
                        styles.join(", ")
                    ),
                ));
            }
        }
    }
    if let Some(region) = &raw.bank_holidays {
        match Region::parse(region.get_ref()) {
            Some(r) => config.bank_holidays = Some(r),
            None => {
                let regions: Vec<&str> = Region::ALL.iter().map(|r| r.code()).collect();
                let refusal = at(
                    region.span().start,
                    format!(
                        "bank_holidays: {:?} is not a region ({})",
                        region.get_ref(),
                        regions.join(", ")
                    ),
                );
                problems.holidays = Some(refusal.clone());
                problems.refused.push(refusal);
            }
        }
    }
    for (screen, actions) in &raw.keys {
        let Some(context) = Context::parse(screen) else {
            let names: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
            problems.refused.push(at(
                actions.span().start,
                format!(
                    "keys.{screen}: there is no such screen (screens: {})",
                    names.join(", ")
                ),
            ));
            continue;
        };
        for (name, keys) in actions.get_ref() {
            let offset = keys.span().start;
            let Some(action) = Action::ALL.into_iter().find(|a| a.name() == name) else {
                problems.refused.push(at(
                    offset,
                    format!("keys.{screen}: {name:?} is not an action (`permanence config show` lists them)"),
                ));
                continue;
            };
            let texts = match keys.get_ref() {
                RawKeys::One(k) => vec![k.clone()],
                RawKeys::Several(ks) => ks.clone(),
            };
            let parsed: Result<Vec<Key>, String> = texts
                .iter()
                .map(|t| Key::parse(t).ok_or_else(|| t.clone()))
                .collect();
            match parsed {
                Ok(keys) if keys.is_empty() => problems.refused.push(at(
                    offset,
                    format!("keys.{screen}.{name}: no key given (write one, such as \"ctrl-b\")"),
                )),
                Ok(keys) => config.rebindings.push(Rebinding {
                    context,
                    action,
                    keys,
                    line: line_of(text, offset),
                }),
                Err(bad) => problems.refused.push(at(
                    offset,
                    format!(
                        "keys.{screen}.{name}: {bad:?} is not a key (write, say, \"j\", \"G\", \"ctrl-b\", \"pgdn\", \"f1\")"
                    ),
                )),
            }
        }
    }
    (config, problems)
}

/// The key map with the file's rebindings made, each refused (and left
/// as it was) where it would give one key two meanings on one screen.
pub fn keymap(config: &Config, file: &str) -> (KeyMap, Vec<FileError>) {
    let mut bindings: Vec<(Context, Key, Action)> = KeyMap::default().bindings().to_vec();
    let mut refused = Vec::new();
    // Ctrl-C quits from anywhere, whatever else a file binds: no setting
    // can trap anyone in the program.
    let ctrl_c = Key {
        code: crossterm::event::KeyCode::Char('c'),
        ctrl: true,
    };
    // Every rebound action gives up its old keys first, so a file can
    // move one action off a key and another onto it in either order.
    let defaults = bindings.clone();
    bindings.retain(|(c, _, a)| {
        !config
            .rebindings
            .iter()
            .any(|r| r.context == *c && r.action == *a)
    });
    for change in &config.rebindings {
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
    fn dates_and_bank_holidays_are_read_and_wrong_ones_refused_with_their_lines() {
        let (config, problems) = parse(
            "config.toml",
            "date_format = \"yyyy-mm-dd\"\nbank_holidays = \"scotland\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.date_format, Some(DateStyle::Iso));
        assert_eq!(config.bank_holidays, Some(Region::Scotland));

        let (config, problems) = parse(
            "config.toml",
            "theme = \"light\"\ndate_format = \"MM/DD/YYYY\"\nbank_holidays = \"wales\"\n",
        );
        assert_eq!(config.theme.as_deref(), Some("light"), "the rest still applies");
        assert_eq!((config.date_format, config.bank_holidays), (None, None));
        let lines: Vec<String> = problems.refused.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "config.toml:2: date_format: \"MM/DD/YYYY\" is not a date format (DD/MM/YYYY, YYYY-MM-DD, D MMM YYYY)",
                "config.toml:3: bank_holidays: \"wales\" is not a region (england-and-wales, scotland, northern-ireland)",
            ]
        );
        assert_eq!(
            problems.holidays.as_ref().map(|e| e.line),
            Some(3),
            "a wrong region stops the program"
        );
    }

    #[test]
    fn unknown_settings_are_warned_about_with_their_lines() {
        let (config, problems) = parse("c.toml", "theme = \"light\"\ncolours = \"loud\"\n");
        assert_eq!(config.theme.as_deref(), Some("light"), "the rest applies");
        assert!(problems.refused.is_empty());
        assert_eq!(
            problems.lines(),
            [
                "c.toml:2: \"colours\" is not a setting (settings: theme, view, mouse, date_format, bank_holidays, keys) (ignored)"
            ]
        );
    }

    #[test]
    fn wrong_values_are_refused_with_their_lines_and_the_rest_applies() {
        let text = "view = \"all\"\n[keys.caseload]\nfly = \"f\"\nquit = \"ctrl-\"\n[keys.kitchen]\nquit = \"q\"\n[keys.timeline]\nmark_done = \"x\"\n";
        let (config, problems) = parse("c.toml", text);
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
        assert_eq!(config.rebindings.len(), 1, "mark_done still applies");
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

    #[test]
    fn a_file_that_is_not_toml_is_refused_whole() {
        let (config, problems) = parse("c.toml", "theme = \n");
        assert_eq!(config, Config::default());
        assert_eq!(problems.refused.len(), 1);
        assert!(
            problems.refused[0].to_string().starts_with("c.toml:1:"),
            "{:?}",
            problems.refused
        );
    }
}
