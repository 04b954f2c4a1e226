//! The user's configuration file, `config.toml` in the configuration
//! folder (`~/.config/permanence/` on Linux, or `$PERMANENCE_CONFIG_DIR`):
//! the theme, the caseload's view on opening, how dates are shown, whose
//! bank holidays count, the folder the app saves exports to, and key
//! bindings.
//!
//! ```toml
//! theme = "high-contrast"
//! view = "mine"                 # mine, team or everyone
//! mouse = false                 # leave the mouse to the terminal (text selection)
//! date_format = "D MMM YYYY"    # DD/MM/YYYY (the default), YYYY-MM-DD or D MMM YYYY
//! bank_holidays = "scotland"    # england-and-wales (the default), scotland or northern-ireland
//! export_folder = "/srv/exports" # where the app's viewer saves minutes and exports
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
//!
//! `export_folder` is for a user who cannot reach a shell (a forced SSH
//! command): the administrator names a folder, and the app's viewer saves
//! minutes and exports there. It must be an absolute path, since the
//! folder the app happens to run in is no place anyone could find them.
//!
//! This module reads and checks the file. The `[keys]` tables are read
//! here as they are written; only the screens know their screens, actions
//! and keys, so `permanence_tui::keys_config` checks them and makes the
//! key map.

use crate::domain::calendar::Region;
use crate::domain::caseload_view::Scope;
use crate::domain::date::DateStyle;
use crate::domain::file_error::{FileError, from_toml, line_of};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The file's name in the configuration folder.
pub const FILE: &str = "config.toml";

/// The top-level keys the file knows.
const KNOWN: [&str; 7] = [
    "theme",
    "view",
    "mouse",
    "date_format",
    "bank_holidays",
    "export_folder",
    "keys",
];

#[derive(Debug, Deserialize)]
struct RawConfig {
    theme: Option<Spanned<String>>,
    view: Option<Spanned<String>>,
    mouse: Option<bool>,
    date_format: Option<Spanned<String>>,
    bank_holidays: Option<Spanned<String>>,
    export_folder: Option<Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<String, Spanned<BTreeMap<String, Spanned<RawKeys>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawKeys {
    One(String),
    Several(Vec<String>),
}

/// One `[keys.…]` table as the file writes it: a screen's name and its
/// actions' new keys, each with its line, to be checked by the screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyTable {
    pub screen: String,
    pub line: usize,
    pub bindings: Vec<KeyBinding>,
}

/// One action's new keys as the file writes them (`move_down = ["j"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    pub action: String,
    pub keys: Vec<String>,
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
    /// Where the app's viewer saves minutes and exports (an absolute path).
    pub export_folder: Option<std::path::PathBuf>,
    /// The `[keys]` tables, in the file's order of screens and actions.
    pub keys: Vec<KeyTable>,
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

/// An `export_folder` as written, checked: an absolute path, with nothing
/// in it a terminal or a shell could misread. Whether the folder exists is
/// found out when something is saved there (it may be mounted later).
fn export_folder(text: &str) -> Result<std::path::PathBuf, &'static str> {
    let path = std::path::Path::new(text);
    if text.trim().is_empty() {
        Err("is empty (an absolute path, such as /srv/exports)")
    } else if text.chars().any(char::is_control) {
        Err("has control characters in it")
    } else if !path.is_absolute() {
        Err("is not an absolute path (such as /srv/exports)")
    } else if path.components().any(|c| c == std::path::Component::ParentDir) {
        Err("goes up a folder (..); name the folder itself")
    } else {
        Ok(path.to_path_buf())
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
    if let Some(folder) = &raw.export_folder {
        match export_folder(folder.get_ref()) {
            Ok(path) => config.export_folder = Some(path),
            Err(why) => problems.refused.push(at(
                folder.span().start,
                format!("export_folder: {:?} {why}", folder.get_ref()),
            )),
        }
    }
    for (screen, actions) in &raw.keys {
        let bindings = actions
            .get_ref()
            .iter()
            .map(|(action, keys)| KeyBinding {
                action: action.clone(),
                keys: match keys.get_ref() {
                    RawKeys::One(k) => vec![k.clone()],
                    RawKeys::Several(ks) => ks.clone(),
                },
                line: line_of(text, keys.span().start),
            })
            .collect();
        config.keys.push(KeyTable {
            screen: screen.clone(),
            line: line_of(text, actions.span().start),
            bindings,
        });
    }
    (config, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

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
                "c.toml:2: \"colours\" is not a setting (settings: theme, view, mouse, date_format, bank_holidays, export_folder, keys) (ignored)"
            ]
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

    #[test]
    fn key_tables_are_read_as_written_with_their_lines() {
        let text = "[keys.caseload]\ndashboard = \"ctrl-b\"\nmove_down = [\"j\", \"down\"]\n";
        let (config, problems) = parse("c.toml", text);
        assert!(problems.is_empty(), "{problems:?}");
        let binding = |action: &str, keys: &[&str], line| KeyBinding {
            action: action.to_string(),
            keys: keys.iter().map(ToString::to_string).collect(),
            line,
        };
        assert_eq!(
            config.keys,
            [KeyTable {
                screen: "caseload".to_string(),
                line: 1,
                bindings: vec![
                    binding("dashboard", &["ctrl-b"], 2),
                    binding("move_down", &["j", "down"], 3)
                ],
            }]
        );
    }

    #[test]
    fn an_export_folder_is_read_and_a_bad_one_refused_with_its_line() {
        let (config, problems) = parse("c.toml", "export_folder = \"/srv/exports\"\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            config.export_folder,
            Some(std::path::PathBuf::from("/srv/exports"))
        );

        for (written, why) in [
            ("exports", "is not an absolute path (such as /srv/exports)"),
            ("", "is empty (an absolute path, such as /srv/exports)"),
            ("/srv/../etc", "goes up a folder (..); name the folder itself"),
        ] {
            let text = format!("theme = \"light\"\nexport_folder = {written:?}\n");
            let (config, problems) = parse("c.toml", &text);
            assert_eq!(config.export_folder, None, "{written:?} refused");
            assert_eq!(config.theme.as_deref(), Some("light"), "the rest applies");
            assert_eq!(
                problems.lines(),
                [format!("c.toml:2: export_folder: {written:?} {why}")]
            );
        }
    }
}
