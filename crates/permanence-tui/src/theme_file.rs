//! The theme file format: a name, optionally a theme it starts from, and a
//! style for each role (colours and emphasis), read strictly (an unknown
//! key is refused) and checked with file and line:
//!
//! ```toml
//! name = "my-theme"
//! description = "Dark, with softer reds"
//! inherits = "default"          # every role not set here comes from it
//!
//! [roles]
//! rag-red = { fg = "#d55e00", modifiers = ["bold"] }
//! muted = { fg = "dark-grey", no-colour = ["dim"] }
//! ```
//!
//! Colours: `default` (the terminal's own), the 16 ANSI names (`black`,
//! `red`, `green`, `yellow`, `blue`, `magenta`, `cyan`, `grey`, `dark-grey`,
//! `light-red`, `light-green`, `light-yellow`, `light-blue`,
//! `light-magenta`, `light-cyan`, `white`), a 256-palette number (`"208"`)
//! or `#rrggbb`. Modifiers: `bold`, `dim`, `italic`, `underlined`,
//! `reversed`. `no-colour` adds emphasis only where no colour can be shown
//! (`NO_COLOR`, old terminals), for a role whose colour was its mark.

use crate::domain::file_error::{FileError, from_toml, line_of};
use crate::theme::Role;
use ratatui::style::Modifier;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: Spanned<String>,
    description: Option<String>,
    inherits: Option<Spanned<String>>,
    #[serde(default)]
    roles: BTreeMap<String, Spanned<RawRole>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
    #[serde(default, rename = "no-colour")]
    no_colour: Vec<String>,
}

/// A colour as a theme names it, before the terminal's depth is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// The terminal's own foreground or background.
    Reset,
    /// One of the 16 ANSI colours.
    Ansi(u8),
    /// One of the 256-colour palette.
    Indexed(u8),
    Rgb(u8, u8, u8),
}

/// One role's look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleStyle {
    pub fg: Option<Colour>,
    pub bg: Option<Colour>,
    pub modifiers: Modifier,
    /// Added where no colour is shown.
    pub without_colour: Modifier,
}

/// A theme as read from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeSpec {
    pub name: String,
    pub description: Option<String>,
    pub inherits: Option<String>,
    roles: HashMap<Role, RoleStyle>,
    file: String,
    /// Where `name` is, for problems with the theme as a whole.
    line: usize,
}

const ANSI_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "grey",
    "dark-grey",
    "light-red",
    "light-green",
    "light-yellow",
    "light-blue",
    "light-magenta",
    "light-cyan",
    "white",
];

pub fn parse_colour(text: &str) -> Result<Colour, String> {
    let lower = text.trim().to_ascii_lowercase().replace("gray", "grey");
    if lower == "default" {
        return Ok(Colour::Reset);
    }
    if let Some(n) = ANSI_NAMES.iter().position(|c| *c == lower) {
        return Ok(Colour::Ansi(n as u8));
    }
    if let Some(hex) = lower.strip_prefix('#')
        && hex.len() == 6
        && hex.chars().all(|c| c.is_ascii_hexdigit())
    {
        let part = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
        return Ok(Colour::Rgb(part(0), part(2), part(4)));
    }
    if let Ok(n) = lower.parse::<u8>() {
        return Ok(Colour::Indexed(n));
    }
    Err(format!(
        "{text:?} is not a colour (write a name such as \"red\" or \"dark-grey\", a number 0 to 255, or #rrggbb)"
    ))
}

fn parse_modifier(text: &str) -> Result<Modifier, String> {
    match text {
        "bold" => Ok(Modifier::BOLD),
        "dim" => Ok(Modifier::DIM),
        "italic" => Ok(Modifier::ITALIC),
        "underlined" => Ok(Modifier::UNDERLINED),
        "reversed" => Ok(Modifier::REVERSED),
        other => Err(format!(
            "{other:?} is not a modifier (bold, dim, italic, underlined or reversed)"
        )),
    }
}

/// Reads a theme file; every problem in it, located.
pub fn parse(file: &str, text: &str) -> Result<ThemeSpec, Vec<FileError>> {
    let raw: RawTheme = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let at = |offset: usize, message: String| FileError {
        file: file.to_string(),
        line: line_of(text, offset),
        message,
    };
    let mut problems = Vec::new();
    let name = raw.name.get_ref().trim().to_string();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        problems.push(at(
            raw.name.span().start,
            format!("name: {name:?} must be letters, digits and hyphens, as `--theme` takes it"),
        ));
    }
    let mut roles = HashMap::new();
    for (role_name, style) in &raw.roles {
        let offset = style.span().start;
        let Some(role) = Role::parse(role_name) else {
            let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
            problems.push(at(
                offset,
                format!("roles: {role_name:?} is not a role (roles: {})", names.join(", ")),
            ));
            continue;
        };
        let style = style.get_ref();
        let mut colour = |value: &Option<String>, key: &str| match value.as_deref().map(parse_colour) {
            None => None,
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                problems.push(at(offset, format!("{role_name}.{key}: {e}")));
                None
            }
        };
        let fg = colour(&style.fg, "fg");
        let bg = colour(&style.bg, "bg");
        let mut modifiers = |list: &[String], key: &str| {
            list.iter()
                .fold(Modifier::empty(), |all, m| match parse_modifier(m) {
                    Ok(m) => all | m,
                    Err(e) => {
                        problems.push(at(offset, format!("{role_name}.{key}: {e}")));
                        all
                    }
                })
        };
        let with = modifiers(&style.modifiers, "modifiers");
        let without_colour = modifiers(&style.no_colour, "no-colour");
        roles.insert(
            role,
            RoleStyle {
                fg,
                bg,
                modifiers: with,
                without_colour,
            },
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ThemeSpec {
        name,
        description: raw.description,
        inherits: raw.inherits.map(|i| i.into_inner()),
        roles,
        file: file.to_string(),
        line: line_of(text, raw.name.span().start),
    })
}

impl ThemeSpec {
    pub fn role(&self, role: Role) -> Option<&RoleStyle> {
        self.roles.get(&role)
    }

    /// The roles set in the file itself.
    pub fn roles_set(&self) -> usize {
        self.roles.len()
    }

    /// The theme with every role set: its own, then those of the themes
    /// it inherits from, in turn. Refused if a role is still unset, or a
    /// theme inherits from one that is not there or from itself.
    pub fn complete(&self, all: &[ThemeSpec]) -> Result<ThemeSpec, Vec<FileError>> {
        let mut complete = self.clone();
        let mut seen = vec![self.name.clone()];
        let mut next = self.inherits.clone();
        let problem = |message: String| FileError {
            file: self.file.clone(),
            line: self.line,
            message,
        };
        while let Some(parent) = next {
            if seen.contains(&parent) {
                return Err(vec![problem(format!(
                    "inherits: {} come back to {parent:?}",
                    seen.join(" → ")
                ))]);
            }
            let Some(spec) = all.iter().find(|s| s.name == parent) else {
                return Err(vec![problem(format!("inherits: there is no theme {parent:?}"))]);
            };
            for (role, style) in &spec.roles {
                complete.roles.entry(*role).or_insert(*style);
            }
            seen.push(parent);
            next = spec.inherits.clone();
        }
        let missing: Vec<&str> = Role::ALL
            .iter()
            .filter(|r| !complete.roles.contains_key(r))
            .map(|r| r.name())
            .collect();
        if !missing.is_empty() {
            return Err(vec![problem(format!(
                "roles not set: {} (set them under [roles], or add `inherits = \"default\"`)",
                missing.join(", ")
            ))]);
        }
        Ok(complete)
    }
}
