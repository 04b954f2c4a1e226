//! The genogram in plain ASCII for the terminal, and as a grid of cells
//! that says what each character is for, so the screen can style people
//! and lines without the drawing depending on colour.
//!
//! Symbols: `[Name]` male, `(Name)` female, `<Name>` sex not recorded, the
//! focus child doubled (`[[Name]]`); under each name `X` if deceased, the
//! year of birth, and `@A` for the household they live in. Couples are
//! joined on the name line (`-----` married, `- - -` partners, `--/--`
//! separated, `-//--` divorced); children hang from the middle of the
//! couple's line. A key at the foot says all of this in words.

use super::place::{self, Frame, Lanes, Metrics};
use super::{CoupleLine, Figure, Layout};
use crate::family::{Partnership, PersonId, Sex};
use std::collections::HashMap;

/// What a cell of the drawing is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Blank,
    /// A person's symbol and name.
    Plain,
    /// The focus child's symbol and name.
    Focus,
    /// A deceased person's symbol and name.
    Deceased,
    /// A household tag (`@A`) and the households key.
    Household,
    /// Couple and child lines.
    Line,
    /// The key and the side list's words.
    Legend,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub ch: char,
    pub mark: Mark,
    /// Whose symbol, name or tag this cell is part of.
    pub person: Option<PersonId>,
}

const BLANK: Cell = Cell {
    ch: ' ',
    mark: Mark::Blank,
    person: None,
};

/// The drawing as a grid, `width` by `height`, row after row. Every `ch`
/// is ASCII.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pub cells: Vec<Cell>,
}

impl Canvas {
    pub fn cell(&self, x: usize, y: usize) -> Option<&Cell> {
        if x < self.width {
            self.cells.get(y * self.width + x)
        } else {
            None
        }
    }

    /// The text, one string a line, without trailing spaces.
    pub fn lines(&self) -> Vec<String> {
        self.cells
            .chunks(self.width.max(1))
            .take(self.height)
            .map(|row| {
                row.iter()
                    .map(|c| c.ch)
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }
}

/// The genogram as lines of ASCII, fitted into `width` columns where the
/// family allows by shortening names; a wider family comes out wider.
pub fn text(layout: &Layout, width: usize) -> Vec<String> {
    canvas(layout, width).lines()
}

/// Longest name shown before shortening, and the shortest it is cut to.
const MAX_NAME: usize = 20;
const MIN_NAME: usize = 6;

/// The genogram as a grid of marked cells; see [`text`].
pub fn canvas(layout: &Layout, width: usize) -> Canvas {
    let tags: Vec<&str> = layout.households.iter().map(|h| h.tag.as_str()).collect();
    let info_len = layout
        .rows
        .iter()
        .flat_map(|r| &r.people)
        .map(|n| info(&n.figure, &tags).len())
        .max()
        .unwrap_or(0);
    let names: Vec<&str> = layout
        .rows
        .iter()
        .flat_map(|r| &r.people)
        .map(|n| n.figure.name.as_str())
        .collect();
    // The widest each name can be shortened to, narrowest last; the
    // drawing is as wide as its widest shortened name needs.
    let mut widths: Vec<usize> = (MIN_NAME..=MAX_NAME)
        .rev()
        .map(|room| {
            names
                .iter()
                .map(|n| short_name(n, room).len())
                .max()
                .unwrap_or(0)
                .max(info_len)
                .max(MIN_NAME)
        })
        .collect();
    widths.dedup();
    let mut fitted = None;
    'search: for (k, &inner) in widths.iter().enumerate() {
        for tight in [false, true] {
            let metrics = metrics(inner, tight);
            let lefts = place::place(&Frame::new(layout, |n| metrics.width(n.figure.focus)), &metrics);
            let fits = extent(layout, &lefts, &metrics) <= width;
            if fits || (k + 1 == widths.len() && tight) {
                fitted = Some((inner, metrics, lefts));
                break 'search;
            }
        }
    }
    let mut grid = Grid::default();
    let y = match fitted {
        Some((inner, metrics, lefts)) => draw_tree(&mut grid, layout, inner, &metrics, &lefts, &tags),
        None => 0,
    };
    draw_key(&mut grid, layout, y, width.max(40), &tags);
    grid.finish()
}

/// Character sizes for names `inner` wide; `tight` holds partners close
/// and lets children sit a little off centre, which is narrower.
fn metrics(inner: usize, tight: bool) -> Metrics {
    Metrics {
        node: i64::try_from(inner).unwrap_or(i64::MAX) + 2,
        focus_extra: 2,
        couple_gap: 5,
        gap: 2,
        group_gap: 3,
        partner_pull: if tight { 4.0 } else { 0.5 },
    }
}

fn extent(layout: &Layout, lefts: &[Vec<i64>], metrics: &Metrics) -> usize {
    layout
        .rows
        .iter()
        .zip(lefts)
        .flat_map(|(row, lefts)| {
            row.people
                .iter()
                .zip(lefts)
                .map(|(n, x)| x + metrics.width(n.figure.focus))
        })
        .max()
        .and_then(|w| usize::try_from(w).ok())
        .unwrap_or(0)
}

/// Where a node is drawn, in columns.
#[derive(Debug, Clone, Copy)]
struct Placed {
    left: i64,
    width: i64,
}

impl Placed {
    fn centre(self) -> i64 {
        place::centre(self.left, self.width)
    }

    fn right(self) -> i64 {
        self.left + self.width
    }
}

/// Each person's row and where they are drawn.
type Placements = HashMap<PersonId, (usize, Placed)>;

/// Draws the rows, lines and symbols; returns the first free line.
fn draw_tree(
    grid: &mut Grid,
    layout: &Layout,
    inner: usize,
    metrics: &Metrics,
    lefts: &[Vec<i64>],
    tags: &[&str],
) -> usize {
    let at = placements(layout, metrics, lefts);
    let rows = layout.rows.len();
    // Lines below each row: couples drawn apart first, then children's
    // lines, each on the first track it fits without touching another.
    let remote = Lanes::remote_couples(layout, rows, |p| {
        at.get(&p).map(|(r, placed)| (*r, placed.centre()))
    });
    let drops = family_drops(layout, &at, &remote, rows);
    let bars = Lanes::new(
        drops
            .iter()
            .map(|list| list.iter().map(Drop::span).collect())
            .collect(),
    );
    let top = row_tops(&remote, &bars, rows);
    for (r, row) in layout.rows.iter().enumerate() {
        for node in &row.people {
            if let Some((_, placed)) = at.get(&node.figure.id) {
                draw_figure(grid, &node.figure, placed.left, top[r], inner, tags);
            }
        }
    }
    draw_couples(grid, layout, &at, &top, &remote);
    draw_drops(grid, &drops, &top, &remote, &bars);
    top.last().map_or(0, |t| t + 2)
}

/// Where each person is drawn, from the lefts placing chose.
fn placements(layout: &Layout, metrics: &Metrics, lefts: &[Vec<i64>]) -> Placements {
    let mut at = Placements::new();
    for (r, (row, lefts)) in layout.rows.iter().zip(lefts).enumerate() {
        for (node, &left) in row.people.iter().zip(lefts) {
            let width = metrics.width(node.figure.focus);
            at.insert(node.figure.id, (r, Placed { left, width }));
        }
    }
    at
}

/// A family's line down to its children: from a column under its
/// parents, to its bar, and down to each child on the row below.
struct Drop {
    family: usize,
    source: i64,
    /// First line of the drop below the row's top, by kind of parent.
    start: Start,
    children: Vec<i64>,
}

/// Where a drop begins: in the gap between partners side by side, on the
/// track of partners drawn apart, or below a lone parent.
enum Start {
    Gap,
    Remote(usize),
    Below,
}

impl Drop {
    /// The leftmost and rightmost columns of the drop's bar.
    fn reach(&self) -> (i64, i64) {
        let columns = || self.children.iter().copied().chain([self.source]);
        (
            columns().min().unwrap_or(self.source),
            columns().max().unwrap_or(self.source),
        )
    }

    /// The bar as a span for [`Lanes`].
    fn span(&self) -> (usize, i64, i64) {
        let (lo, hi) = self.reach();
        (self.family, lo, hi)
    }
}

/// Each family with children on the row below its parents, as a drop
/// below the parents' row.
fn family_drops(layout: &Layout, at: &Placements, remote: &Lanes, rows: usize) -> Vec<Vec<Drop>> {
    let mut drops: Vec<Vec<Drop>> = (0..rows).map(|_| Vec::new()).collect();
    for (f, family) in layout.families.iter().enumerate() {
        let children: Vec<i64> = family
            .children
            .iter()
            .filter_map(|c| at.get(c))
            .filter(|(r, _)| *r == family.row + 1)
            .map(|(_, p)| p.centre())
            .collect();
        let parents: Vec<Placed> = family
            .parents
            .iter()
            .filter_map(|p| at.get(p))
            .map(|(_, p)| *p)
            .collect();
        let couple = family
            .couple
            .and_then(|c| layout.couples.get(c).map(|line| (c, line)));
        let (source, start) = match (parents.as_slice(), couple) {
            ([a, b], Some((_, CoupleLine { adjacent: true, .. }))) => {
                (place::gap_middle(a.right(), b.left), Start::Gap)
            }
            ([a, b], Some((c, _))) => {
                let track = remote.track_of(family.row, c).unwrap_or(0);
                ((a.centre() + b.centre()) / 2, Start::Remote(track))
            }
            ([a, ..], _) => (a.centre(), Start::Below),
            _ => continue,
        };
        if children.is_empty() || family.row >= rows {
            continue;
        }
        drops[family.row].push(Drop {
            family: f,
            source,
            start,
            children,
        });
    }
    drops
}

/// The line each row starts on: two lines for the names, then a zone for
/// the tracks below the row above (one blank line when it has none).
fn row_tops(remote: &Lanes, bars: &Lanes, rows: usize) -> Vec<usize> {
    let mut top = vec![0usize; rows];
    for r in 1..rows {
        let (remotes, bars) = (remote.count(r - 1), bars.count(r - 1));
        let zone = if remotes + bars == 0 {
            1
        } else {
            remotes + bars + 1
        };
        top[r] = top[r - 1] + 2 + zone;
    }
    top
}

/// Each couple's line: on the name line between partners side by side,
/// or down to its track and across for partners drawn apart.
fn draw_couples(grid: &mut Grid, layout: &Layout, at: &Placements, top: &[usize], remote: &Lanes) {
    for (c, couple) in layout.couples.iter().enumerate() {
        let (Some((r, a)), Some((_, b))) = (at.get(&couple.a), at.get(&couple.b)) else {
            continue;
        };
        if couple.adjacent {
            let pattern = couple_pattern(
                couple.partnership,
                usize::try_from(b.left - a.right()).unwrap_or(0),
            );
            for (k, ch) in pattern.chars().enumerate() {
                grid.line(a.right() + i64::try_from(k).unwrap_or(0), top[*r], ch);
            }
        } else if let Some(track) = remote.track_of(*r, c) {
            let y = top[*r] + 2 + track;
            let (lo, hi) = (a.centre().min(b.centre()), a.centre().max(b.centre()));
            for yy in top[*r] + 2..y {
                grid.line(lo, yy, '|');
                grid.line(hi, yy, '|');
            }
            let pattern = couple_pattern(couple.partnership, usize::try_from(hi - lo - 1).unwrap_or(0));
            grid.line(lo, y, '+');
            for (k, ch) in pattern.chars().enumerate() {
                grid.line(lo + 1 + i64::try_from(k).unwrap_or(0), y, ch);
            }
            grid.line(hi, y, '+');
        }
    }
}

/// Each family's drop: down from its start to its bar, the bar with a
/// joint wherever a line meets it, and down from the bar to each child.
fn draw_drops(grid: &mut Grid, drops: &[Vec<Drop>], top: &[usize], remote: &Lanes, bars: &Lanes) {
    for (r, list) in drops.iter().enumerate() {
        let remotes = remote.count(r);
        for (k, drop) in list.iter().enumerate() {
            let bar = top[r] + 2 + remotes + bars.tracks[r][k];
            let from = match drop.start {
                Start::Gap => top[r] + 1,
                Start::Remote(track) => top[r] + 3 + track,
                Start::Below => top[r] + 2,
            };
            for y in from..bar {
                grid.line(drop.source, y, '|');
            }
            let (lo, hi) = drop.reach();
            if lo == hi {
                grid.line(lo, bar, '|');
            } else {
                for x in lo..=hi {
                    let joint = x == lo || x == hi || x == drop.source || drop.children.contains(&x);
                    grid.line(x, bar, if joint { '+' } else { '-' });
                }
            }
            if let Some(&below) = top.get(r + 1) {
                for &x in &drop.children {
                    for y in bar + 1..below {
                        grid.line(x, y, '|');
                    }
                }
            }
        }
    }
}

/// The line between two partners, `len` characters long.
fn couple_pattern(partnership: Option<Partnership>, len: usize) -> String {
    let mut chars: Vec<char> = match partnership {
        Some(Partnership::Partners) => (0..len)
            .map(|k| if k % 2 == 0 || k + 1 == len { '-' } else { ' ' })
            .collect(),
        _ => vec!['-'; len],
    };
    let mid = len.saturating_sub(1) / 2;
    match partnership {
        Some(Partnership::Separated) if len > 0 => chars[mid] = '/',
        Some(Partnership::Divorced) if len > 1 => {
            chars[mid.max(1) - 1] = '/';
            chars[mid.max(1)] = '/';
        }
        None if len > 0 => chars[mid] = '?',
        _ => {}
    }
    chars.into_iter().collect()
}

fn brackets(sex: Sex, focus: bool) -> (&'static str, &'static str) {
    match (sex, focus) {
        (Sex::Male, false) => ("[", "]"),
        (Sex::Male, true) => ("[[", "]]"),
        (Sex::Female, false) => ("(", ")"),
        (Sex::Female, true) => ("((", "))"),
        (Sex::Unknown, false) => ("<", ">"),
        (Sex::Unknown, true) => ("<<", ">>"),
    }
}

/// The line under a name: `X` if deceased, year of birth, `@A` household.
fn info(figure: &Figure, tags: &[&str]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if figure.deceased {
        parts.push("X".into());
    }
    if let Some(year) = figure.born {
        parts.push(year.to_string());
    }
    if let Some(tag) = figure.household.and_then(|h| tags.get(h)) {
        parts.push(format!("@{tag}"));
    }
    parts.join(" ")
}

fn figure_mark(figure: &Figure) -> Mark {
    if figure.focus {
        Mark::Focus
    } else if figure.deceased {
        Mark::Deceased
    } else {
        Mark::Plain
    }
}

fn draw_figure(grid: &mut Grid, figure: &Figure, left: i64, y: usize, inner: usize, tags: &[&str]) {
    let (open, close) = brackets(figure.sex, figure.focus);
    let mark = figure_mark(figure);
    let who = Some(figure.id);
    let name = short_name(&figure.name, inner);
    let info = info(figure, tags);
    for (line, words) in [(y, name), (y + 1, info)] {
        let pad = inner.saturating_sub(words.len());
        let text = format!(
            "{open}{}{words}{}{close}",
            " ".repeat(pad / 2),
            " ".repeat(pad - pad / 2)
        );
        let tag_from = words.find('@').map(|k| open.len() + pad / 2 + k);
        for (k, ch) in text.chars().enumerate() {
            let mark = if line == y + 1
                && tag_from.is_some_and(|t| k >= t && k < open.len() + pad / 2 + words.len())
            {
                Mark::Household
            } else {
                mark
            };
            grid.put(
                left + i64::try_from(k).unwrap_or(0),
                line,
                Cell {
                    ch,
                    mark,
                    person: who,
                },
            );
        }
    }
}

/// A name in at most `room` characters: whole if it fits, else first name
/// and initial ("Kimberley C."), else the first name, else the first name
/// cut short with a full stop.
fn short_name(name: &str, room: usize) -> String {
    let name = tidy(name);
    if name.len() <= room {
        return name;
    }
    let words: Vec<&str> = name.split(' ').collect();
    let first = words.first().copied().unwrap_or("");
    if let Some(last) = words.last().filter(|_| words.len() > 1)
        && let Some(initial) = last.chars().next()
    {
        let short = format!("{first} {initial}.");
        if short.len() <= room {
            return short;
        }
    }
    if first.len() <= room {
        return first.to_string();
    }
    let cut: String = first.chars().take(room.saturating_sub(1)).collect();
    format!("{cut}.")
}

/// A name or label in ASCII on one line: accents dropped (Siân, Zoë,
/// Łukasz), anything else that has no ASCII form shown as `?`, and runs
/// of space closed up.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        match ch {
            c if c.is_ascii_graphic() => out.push(c),
            c if c.is_whitespace() || c.is_control() => out.push(' '),
            c => out.push_str(fold(c)),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fold(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'ă' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ą' | 'Ă' => "A",
        'æ' => "ae",
        'Æ' => "AE",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => "E",
        'ğ' => "g",
        'Ğ' => "G",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "I",
        'ł' => "l",
        'Ł' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ř' => "r",
        'Ř' => "R",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'Ť' | 'Ţ' | 'Ț' => "T",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => "U",
        'ŵ' => "w",
        'Ŵ' => "W",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        '\u{2018}' | '\u{2019}' => "'",
        '\u{201C}' | '\u{201D}' => "\"",
        '\u{2013}' | '\u{2014}' => "-",
        _ => "?",
    }
}

/// The key, the households and the side list, from line `y`.
fn draw_key(grid: &mut Grid, layout: &Layout, y: usize, width: usize, tags: &[&str]) {
    let mut y = if y > 0 { y + 1 } else { 0 };
    let focus_sex = layout.figures().find(|f| f.focus).map_or(Sex::Male, |f| f.sex);
    let (open, close) = brackets(focus_sex, true);
    let mut items: Vec<String> = vec![
        "[ ] male".into(),
        "( ) female".into(),
        "< > sex not recorded".into(),
        format!("{open} {close} this child"),
        "X deceased".into(),
        "1990 year of birth".into(),
    ];
    if !layout.households.is_empty() {
        items.push("@A household".into());
    }
    items.extend([
        "----- married".into(),
        "- - - partners".into(),
        "--/-- separated".into(),
        "-//-- divorced".into(),
    ]);
    if layout.couples.iter().any(|c| c.partnership.is_none()) {
        items.push("--?-- parents, no couple recorded".into());
    }
    y = grid.wrapped(y, width, "Key: ", &items, Mark::Legend);
    if !layout.households.is_empty() {
        let items: Vec<String> = layout
            .households
            .iter()
            .map(|h| format!("@{} {}", h.tag, tidy(&h.label)))
            .collect();
        y = grid.wrapped(y, width, "Households: ", &items, Mark::Household);
    }
    if !layout.others.is_empty() {
        y += 1;
        grid.text(
            0,
            y,
            "Also in the network, not family by birth or partnership:",
            Mark::Legend,
            None,
        );
        y += 1;
        for other in &layout.others {
            let figure = &other.figure;
            let (open, close) = brackets(figure.sex, figure.focus);
            let symbol = format!("  {open}{}{close}", short_name(&figure.name, 30));
            grid.text(0, y, &symbol, figure_mark(figure), Some(figure.id));
            let mut x = symbol.len() + 2;
            let label = tidy(&other.label);
            grid.text(x, y, &label, Mark::Legend, None);
            x += label.len() + 2;
            let info = info(figure, tags);
            let (year, tag) = info.split_at(info.find('@').unwrap_or(info.len()));
            grid.text(x, y, year, Mark::Legend, Some(figure.id));
            grid.text(x + year.len(), y, tag, Mark::Household, Some(figure.id));
            y += 1;
        }
    }
}

/// A grid that grows as it is drawn on.
#[derive(Default)]
struct Grid {
    rows: Vec<Vec<Cell>>,
}

impl Grid {
    fn put(&mut self, x: i64, y: usize, cell: Cell) {
        let Ok(x) = usize::try_from(x) else { return };
        if self.rows.len() <= y {
            self.rows.resize(y + 1, Vec::new());
        }
        let row = &mut self.rows[y];
        if row.len() <= x {
            row.resize(x + 1, BLANK);
        }
        row[x] = cell;
    }

    fn get(&self, x: i64, y: usize) -> Cell {
        usize::try_from(x)
            .ok()
            .and_then(|x| self.rows.get(y).and_then(|row| row.get(x)))
            .copied()
            .unwrap_or(BLANK)
    }

    /// A line character, which never overwrites a person and turns into a
    /// joint where it crosses another line.
    fn line(&mut self, x: i64, y: usize, ch: char) {
        let here = self.get(x, y);
        let ch = match (here.mark, here.ch, ch) {
            (Mark::Blank, _, _) => ch,
            (Mark::Line, '-', '|') | (Mark::Line, '|', '-') => '+',
            (Mark::Line, '+', _) => '+',
            (Mark::Line, _, _) => ch,
            _ => return,
        };
        self.put(
            x,
            y,
            Cell {
                ch,
                mark: Mark::Line,
                person: None,
            },
        );
    }

    fn text(&mut self, x: usize, y: usize, text: &str, mark: Mark, person: Option<PersonId>) {
        for (k, ch) in text.chars().enumerate() {
            let ch = if ch.is_ascii() { ch } else { '?' };
            self.put(
                i64::try_from(x + k).unwrap_or(i64::MAX),
                y,
                Cell { ch, mark, person },
            );
        }
    }

    /// Items after `lead`, as many to a line as fit in `width`, later lines
    /// indented under the first item; returns the next free line.
    fn wrapped(&mut self, mut y: usize, width: usize, lead: &str, items: &[String], mark: Mark) -> usize {
        let indent = lead.len();
        let mut line = lead.to_string();
        for item in items {
            let fresh = line.len() == indent;
            if !fresh && line.len() + 3 + item.len() > width {
                self.text(0, y, &line, mark, None);
                y += 1;
                line = " ".repeat(indent);
            }
            if line.len() > indent {
                line.push_str("   ");
            }
            line.push_str(item);
        }
        self.text(0, y, &line, mark, None);
        y + 1
    }

    fn finish(self) -> Canvas {
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let height = self.rows.len();
        let mut cells = Vec::with_capacity(width * height);
        for mut row in self.rows {
            row.resize(width, BLANK);
            cells.extend(row);
        }
        Canvas { width, height, cells }
    }
}

#[cfg(test)]
pub(super) fn short_name_for_tests(name: &str, room: usize) -> String {
    short_name(name, room)
}
