//! Colours and emphasis by meaning (selection, muted text, RAG, overdue),
//! never by widget, so a theme restyles every screen at once. Themes are
//! files (`themes/*.toml`, built in, and the user's own in the config
//! folder's `themes/`), read by [`crate::theme_file`]; this module
//! holds what the screens use, how a theme is chosen, and how its colours
//! come down to what the terminal can show (24-bit, 256, 16 or none at
//! all, for `NO_COLOR` and the oldest terminals).
//!
//! Colour is never the only signal: RAG cells carry their letter, timeline
//! items their status symbol, and the selection is reversed video, which
//! every theme keeps, so each screen reads in monochrome too.

use crate::domain::child::Rag;
use crate::theme_file::{self, Colour, RoleStyle, ThemeSpec};
use ratatui::style::{Color, Modifier, Style};

/// Every role a theme names, by its name in theme files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Background,
    Text,
    Muted,
    Title,
    Header,
    Selection,
    Border,
    Key,
    Warning,
    RagRed,
    RagAmber,
    RagYellow,
    RagGreen,
    Overdue,
    Breached,
    Done,
}

impl Role {
    pub const ALL: [Role; 16] = [
        Role::Background,
        Role::Text,
        Role::Muted,
        Role::Title,
        Role::Header,
        Role::Selection,
        Role::Border,
        Role::Key,
        Role::Warning,
        Role::RagRed,
        Role::RagAmber,
        Role::RagYellow,
        Role::RagGreen,
        Role::Overdue,
        Role::Breached,
        Role::Done,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Background => "background",
            Role::Text => "text",
            Role::Muted => "muted",
            Role::Title => "title",
            Role::Header => "header",
            Role::Selection => "selection",
            Role::Border => "border",
            Role::Key => "key",
            Role::Warning => "warning",
            Role::RagRed => "rag-red",
            Role::RagAmber => "rag-amber",
            Role::RagYellow => "rag-yellow",
            Role::RagGreen => "rag-green",
            Role::Overdue => "overdue",
            Role::Breached => "breached",
            Role::Done => "done",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// What the screens draw with: one style per role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Which theme this is, for the help screen and `config show`.
    pub name: String,
    pub background: Style,
    pub text: Style,
    pub muted: Style,
    pub title: Style,
    pub header: Style,
    pub selection: Style,
    pub border: Style,
    pub key: Style,
    pub warning: Style,
    pub rag_red: Style,
    pub rag_amber: Style,
    pub rag_yellow: Style,
    pub rag_green: Style,
    /// A timeline item past its good-practice target.
    pub overdue: Style,
    /// A timeline item past its deadline (set by law or by policy).
    pub breached: Style,
    pub done: Style,
}

impl Default for Theme {
    /// The built-in `default` theme at 16 colours: what the screens look
    /// like wherever no theme is chosen (tests, snapshots). Read from its
    /// file once; the record's scrolling asks for it on every key.
    fn default() -> Theme {
        static DEFAULT: std::sync::OnceLock<Theme> = std::sync::OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                let spec = theme_file::parse(BUILT_IN[0].0, BUILT_IN[0].1)
                    .ok()
                    .and_then(|spec| spec.complete(&[]).ok());
                match spec {
                    Some(spec) => Theme::from_spec(&spec, Depth::Ansi16),
                    None => Theme::plain("default"),
                }
            })
            .clone()
    }
}

impl Theme {
    /// Emphasis only, no colour: the last resort, and `NO_COLOR`'s look
    /// if every file failed.
    fn plain(name: &str) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            name: name.to_string(),
            background: Style::new(),
            text: Style::new(),
            muted: Style::new().add_modifier(Modifier::DIM),
            title: bold,
            header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selection: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            border: Style::new(),
            key: bold,
            warning: bold,
            rag_red: bold,
            rag_amber: Style::new(),
            rag_yellow: Style::new(),
            rag_green: Style::new(),
            overdue: Style::new().add_modifier(Modifier::UNDERLINED),
            breached: bold,
            done: Style::new().add_modifier(Modifier::DIM),
        }
    }

    /// The theme a complete spec describes, brought down to `depth`.
    pub fn from_spec(spec: &ThemeSpec, depth: Depth) -> Theme {
        let style = |role: Role| spec.role(role).map_or(Style::new(), |s| depth.style(s));
        Theme {
            name: spec.name.clone(),
            background: style(Role::Background),
            text: style(Role::Text),
            muted: style(Role::Muted),
            title: style(Role::Title),
            header: style(Role::Header),
            selection: style(Role::Selection),
            border: style(Role::Border),
            key: style(Role::Key),
            warning: style(Role::Warning),
            rag_red: style(Role::RagRed),
            rag_amber: style(Role::RagAmber),
            rag_yellow: style(Role::RagYellow),
            rag_green: style(Role::RagGreen),
            overdue: style(Role::Overdue),
            breached: style(Role::Breached),
            done: style(Role::Done),
        }
    }

    pub fn rag(&self, rag: Rag) -> Style {
        match rag {
            Rag::Red => self.rag_red,
            Rag::Amber => self.rag_amber,
            Rag::Yellow => self.rag_yellow,
            Rag::Green => self.rag_green,
        }
    }
}

/// The themes built into the program, the first the default.
pub const BUILT_IN: [(&str, &str); 5] = [
    ("default.toml", include_str!("../../../themes/default.toml")),
    ("light.toml", include_str!("../../../themes/light.toml")),
    (
        "high-contrast.toml",
        include_str!("../../../themes/high-contrast.toml"),
    ),
    ("monochrome.toml", include_str!("../../../themes/monochrome.toml")),
    (
        "colour-blind.toml",
        include_str!("../../../themes/colour-blind.toml"),
    ),
];

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
    /// None: bold, reverse, underline and dim only (`NO_COLOR`, `TERM=dumb`
    /// or `vt100`).
    Monochrome,
    /// The 16 ANSI colours (the Linux console, PuTTY's default).
    Ansi16,
    /// The xterm 256-colour palette.
    Indexed256,
    /// 24-bit colour (`COLORTERM=truecolor`).
    TrueColour,
}

impl Depth {
    /// What the environment says the terminal shows; `var` reads a
    /// variable (the environment itself, or a test's).
    pub fn detect(var: impl Fn(&str) -> Option<String>) -> Depth {
        let set = |name: &str| var(name).filter(|v| !v.is_empty());
        // no-color.org: present and not empty means no colour.
        if set("NO_COLOR").is_some() {
            return Depth::Monochrome;
        }
        let term = set("TERM").unwrap_or_default();
        if matches!(term.as_str(), "dumb" | "vt100" | "vt102" | "vt220") {
            return Depth::Monochrome;
        }
        if set("COLORTERM").is_some_and(|c| c == "truecolor" || c == "24bit") {
            return Depth::TrueColour;
        }
        if term.contains("256color") {
            return Depth::Indexed256;
        }
        Depth::Ansi16
    }

    pub fn name(self) -> &'static str {
        match self {
            Depth::Monochrome => "no colour",
            Depth::Ansi16 => "16 colours",
            Depth::Indexed256 => "256 colours",
            Depth::TrueColour => "24-bit colour",
        }
    }

    fn style(self, role: &RoleStyle) -> Style {
        let mut style = Style::new().add_modifier(role.modifiers);
        if self == Depth::Monochrome {
            // What colour did, emphasis must do: a role whose only mark
            // was a colour keeps the file's own emphasis for no colour.
            return style.add_modifier(role.without_colour);
        }
        if let Some(fg) = role.fg {
            style = style.fg(self.colour(fg));
        }
        if let Some(bg) = role.bg {
            style = style.bg(self.colour(bg));
        }
        style
    }

    /// A colour as near as this depth can show it.
    pub fn colour(self, colour: Colour) -> Color {
        match (self, colour) {
            (_, Colour::Reset) => Color::Reset,
            (_, Colour::Ansi(n)) => ansi(n),
            (Depth::TrueColour, Colour::Indexed(n)) => Color::Indexed(n),
            (Depth::TrueColour, Colour::Rgb(r, g, b)) => Color::Rgb(r, g, b),
            (Depth::Indexed256, Colour::Indexed(n)) => Color::Indexed(n),
            (Depth::Indexed256, Colour::Rgb(r, g, b)) => Color::Indexed(nearest_256(r, g, b)),
            (_, Colour::Indexed(n)) => {
                let (r, g, b) = rgb_of_256(n);
                ansi(nearest_16(r, g, b))
            }
            (_, Colour::Rgb(r, g, b)) => ansi(nearest_16(r, g, b)),
        }
    }
}

/// ANSI colour `n` (0 to 15) as ratatui names it.
fn ansi(n: u8) -> Color {
    const NAMED: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    NAMED[usize::from(n % 16)]
}

/// The 16 ANSI colours as xterm draws them, for finding the nearest.
const ANSI_RGB: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

fn distance((r1, g1, b1): (u8, u8, u8), (r2, g2, b2): (u8, u8, u8)) -> u32 {
    // Weighted as the eye sees (green most, blue least): "redmean" would
    // be closer still, but this is enough to keep reds red.
    let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2) as u32;
    2 * d(r1, r2) + 4 * d(g1, g2) + 3 * d(b1, b2)
}

/// The nearest of the 16 ANSI colours.
pub fn nearest_16(r: u8, g: u8, b: u8) -> u8 {
    (0..16u8)
        .min_by_key(|&n| distance(ANSI_RGB[usize::from(n)], (r, g, b)))
        .unwrap_or(7)
}

/// The xterm palette's colour `n`.
pub fn rgb_of_256(n: u8) -> (u8, u8, u8) {
    match n {
        0..=15 => ANSI_RGB[usize::from(n)],
        16..=231 => {
            let n = n - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            (level(n / 36), level((n / 6) % 6), level(n % 6))
        }
        _ => {
            let grey = 8 + 10 * (n - 232);
            (grey, grey, grey)
        }
    }
}

/// The nearest colour of the xterm palette's 6×6×6 cube and grey ramp
/// (its first 16 vary between terminals, so they are left out).
pub fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    (16..=255u8)
        .min_by_key(|&n| distance(rgb_of_256(n), (r, g, b)))
        .unwrap_or(16)
}

/// The theme to draw with, and what went wrong choosing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub theme: Theme,
    /// Said once, on the status line and standard error: a broken theme
    /// file, or a name that is no theme. The program still starts.
    pub warning: Option<String>,
}

/// Chooses the theme `name` (the default when `None`) from the built-in
/// themes and the user's own files (`own`: file name and text), at the
/// terminal's colour depth. A broken or unknown theme falls back to the
/// default, with a warning naming the file, line and reason.
pub fn choose(name: Option<&str>, own: &[(String, String)], depth: Depth) -> Chosen {
    let mut specs: Vec<ThemeSpec> = Vec::new();
    // Problems by the file's name alone: the status line is narrow, and
    // `permanence config path` says where the folder is.
    let mut problems: Vec<(String, String)> = Vec::new();
    for (file, text) in BUILT_IN
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .chain(own.iter().cloned())
    {
        let short = std::path::Path::new(&file)
            .file_name()
            .map_or(file.clone(), |f| f.to_string_lossy().into_owned());
        match theme_file::parse(&short, &text) {
            Ok(spec) => {
                specs.retain(|s| s.name != spec.name);
                specs.push(spec);
            }
            Err(errors) => {
                let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
                problems.push((short, errors.join("; ")));
            }
        }
    }
    let wanted = name.unwrap_or("default");
    let fallback = |why: String| {
        let theme = specs
            .iter()
            .find(|s| s.name == "default")
            .and_then(|s| s.complete(&specs).ok())
            .map_or_else(|| Theme::plain("default"), |s| Theme::from_spec(&s, depth));
        Chosen {
            theme,
            warning: Some(format!("default theme used: {why}")),
        }
    };
    let problems_said =
        |problems: &[(String, String)]| -> Vec<String> { problems.iter().map(|(_, p)| p.clone()).collect() };
    match specs.iter().find(|s| s.name == wanted) {
        Some(spec) => match spec.complete(&specs) {
            Ok(complete) => Chosen {
                theme: Theme::from_spec(&complete, depth),
                warning: (!problems.is_empty()).then(|| problems_said(&problems).join("; ")),
            },
            Err(errors) => {
                let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
                fallback(format!("theme {wanted:?}: {}", errors.join("; ")))
            }
        },
        None => {
            // Its own file is broken: say that, first.
            let own_file = format!("{wanted}.toml");
            if let Some((_, problem)) = problems.iter().find(|(file, _)| *file == own_file) {
                return fallback(problem.clone());
            }
            let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
            let mut why = format!("there is no theme {wanted:?} (themes: {})", names.join(", "));
            if !problems.is_empty() {
                why = format!("{why}; {}", problems_said(&problems).join("; "));
            }
            fallback(why)
        }
    }
}

/// The names of every theme to be had, built in and the user's.
pub fn names(own: &[(String, String)]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (file, text) in BUILT_IN
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .chain(own.iter().cloned())
    {
        if let Ok(spec) = theme_file::parse(&file, &text)
            && !names.contains(&spec.name)
        {
            names.push(spec.name);
        }
    }
    names
}

#[cfg(test)]
mod tests;
