//! The genogram as a standalone SVG for printing: black on white, A4
//! landscape in shape, with the same conventions as the terminal drawing
//! (square male, circle female, diamond sex not recorded, a cross over the
//! deceased, a doubled heavy outline for the focus child, dashed rounded
//! boxes round households, one slash on a separated couple's line and two
//! on a divorced one's) and a key, so nothing depends on colour.

use super::place::{Lanes, gap_middle};
use super::{CoupleLine, Figure, Layout};
use crate::family::{Partnership, PersonId, Sex};
use std::collections::HashMap;

/// Pixels per layout unit.
const SCALE: f64 = 10.0;
const MARGIN: f64 = 40.0;
const TREE_TOP: f64 = 80.0;
const SYMBOL: f64 = 36.0;
/// Below a row's top: where the labels under the symbols end.
const LABELS: f64 = 84.0;
const TRACK: f64 = 12.0;
const A4_LANDSCAPE: f64 = 297.0 / 210.0;
/// Longest name drawn before it is cut with an ellipsis.
const NAME_CHARS: usize = 22;

/// The genogram as an SVG document.
pub fn svg(layout: &Layout) -> String {
    let mut body = String::new();
    let focus_name = layout
        .figures()
        .find(|f| f.focus)
        .map(|f| f.name.clone())
        .unwrap_or_default();
    let heading = if focus_name.trim().is_empty() {
        "Genogram".to_string()
    } else {
        format!("Genogram for {}", focus_name.trim())
    };
    body.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"44\" font-size=\"20\" font-weight=\"bold\">{}</text>\n",
        escape(&heading)
    ));
    let (tree_width, tree_bottom) = draw_tree(&mut body, layout);
    let content_width = (tree_width + 2.0 * MARGIN).max(1000.0);
    let mut y = tree_bottom + 30.0;
    if !layout.others.is_empty() {
        y = draw_others(&mut body, layout, y, content_width);
    }
    y = draw_key(&mut body, layout, y + 10.0, content_width);
    let content_height = y + MARGIN;
    let (width, height) = if content_width / content_height < A4_LANDSCAPE {
        (content_height * A4_LANDSCAPE, content_height)
    } else {
        (content_width, content_width / A4_LANDSCAPE)
    };
    let shift = (width - content_width) / 2.0;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"297mm\" height=\"210mm\" \
         viewBox=\"0 0 {} {}\" font-family=\"Helvetica, Arial, sans-serif\" fill=\"black\">\n",
        num(width),
        num(height)
    ));
    out.push_str(&format!("<title>{}</title>\n", escape(&heading)));
    out.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"white\"/>\n",
        num(width),
        num(height)
    ));
    out.push_str(&format!("<g transform=\"translate({} 0)\">\n", num(shift)));
    out.push_str(&body);
    out.push_str("</g>\n</svg>\n");
    out
}

/// Numbers as SVG wants them: no more decimals than needed.
fn num(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// Text safe inside XML, attribute or element: the five special
/// characters escaped, and characters XML cannot carry replaced.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

fn short(name: &str, most: usize) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() <= most {
        name
    } else {
        let mut cut: String = name.chars().take(most.saturating_sub(1)).collect();
        cut.push('\u{2026}');
        cut
    }
}

#[derive(Debug, Clone, Copy)]
struct At {
    row: usize,
    /// Left and right edges in layout units, where placing lines up
    /// children with the middle of their parents' line.
    units: (i64, i64),
    left: f64,
    right: f64,
    cx: f64,
    top: f64,
}

/// Draws the tree; returns its width and the y below it.
fn draw_tree(out: &mut String, layout: &Layout) -> (f64, f64) {
    let geometry = Geometry::of(layout);
    draw_households(out, layout, &geometry);
    out.push_str("<g class=\"lines\" fill=\"none\" stroke=\"black\" stroke-width=\"1.5\">\n");
    draw_couples(out, layout, &geometry);
    draw_children(out, layout, &geometry);
    out.push_str("</g>\n");
    draw_people(out, layout, &geometry);
    let bottom = geometry.top.last().map_or(TREE_TOP, |t| t + LABELS + 8.0);
    (geometry.width, bottom)
}

/// Where the tree's parts go, worked out before anything is drawn, since
/// households and lines need everyone's place: the tracks below each row
/// (couples drawn apart first, then children's bars), the top of each
/// row, and each person's box.
struct Geometry {
    remote: Lanes,
    bars: Lanes,
    top: Vec<f64>,
    at: HashMap<PersonId, At>,
    width: f64,
}

impl Geometry {
    fn of(layout: &Layout) -> Geometry {
        let rows = layout.rows.len();
        let units = centre_units(layout);
        // Tracks below each row, in doubled layout units so centres are whole.
        let remote = Lanes::remote_couples(layout, rows, |p| units.get(&p).copied());
        let bars = family_bars(layout, &units, rows);
        let top = row_tops(&remote, &bars, rows);
        let (at, width) = places(layout, &top);
        Geometry {
            remote,
            bars,
            top,
            at,
            width,
        }
    }

    /// The y of track `k` below row `r`.
    fn track_y(&self, r: usize, k: usize) -> f64 {
        self.top[r] + LABELS + 8.0 + TRACK * k as f64
    }

    /// The y of the track the couple numbered `couple`, drawn apart below
    /// row `r`, runs along.
    fn couple_y(&self, r: usize, couple: usize) -> f64 {
        self.track_y(r, self.remote.track_of(r, couple).unwrap_or(0))
    }
}

/// Each person's row and centre, in doubled layout units so that every
/// centre is a whole number.
fn centre_units(layout: &Layout) -> HashMap<PersonId, (usize, i64)> {
    let mut units = HashMap::new();
    for (r, row) in layout.rows.iter().enumerate() {
        for node in &row.people {
            units.insert(node.figure.id, (r, node.x * 2 + node.width));
        }
    }
    units
}

/// Each family's bar below its parents' row, from the leftmost of the
/// family (parent or child) to the rightmost.
fn family_bars(layout: &Layout, units: &HashMap<PersonId, (usize, i64)>, rows: usize) -> Lanes {
    let mut bars: Vec<Vec<(usize, i64, i64)>> = vec![Vec::new(); rows];
    for (f, family) in layout.families.iter().enumerate() {
        let points: Vec<i64> = family
            .parents
            .iter()
            .chain(&family.children)
            .filter_map(|p| units.get(p).map(|(_, u)| *u))
            .collect();
        if let (Some(lo), Some(hi), Some(list)) =
            (points.iter().min(), points.iter().max(), bars.get_mut(family.row))
        {
            list.push((f, *lo, *hi));
        }
    }
    Lanes::new(bars)
}

/// The top of each row: the row above's labels, then room for as many
/// tracks as the lines below it take.
fn row_tops(remote: &Lanes, bars: &Lanes, rows: usize) -> Vec<f64> {
    let mut top = vec![TREE_TOP; rows];
    for r in 1..rows {
        let lines = remote.count(r - 1) + bars.count(r - 1);
        top[r] = top[r - 1] + LABELS + 8.0 + TRACK * lines as f64 + 24.0;
    }
    top
}

/// Each person's box on the page, and the width of the widest row.
fn places(layout: &Layout, top: &[f64]) -> (HashMap<PersonId, At>, f64) {
    let mut at: HashMap<PersonId, At> = HashMap::new();
    let mut width: f64 = 0.0;
    for (r, row) in layout.rows.iter().enumerate() {
        for node in &row.people {
            let left = MARGIN + node.x as f64 * SCALE;
            let right = left + node.width as f64 * SCALE;
            width = width.max(right - MARGIN);
            at.insert(
                node.figure.id,
                At {
                    row: r,
                    units: (node.x, node.x + node.width),
                    left,
                    right,
                    cx: (left + right) / 2.0,
                    top: top[r],
                },
            );
        }
    }
    (at, width)
}

/// A dashed rounded box round each stretch of a household, with its tag.
fn draw_households(out: &mut String, layout: &Layout, geometry: &Geometry) {
    let (at, top) = (&geometry.at, &geometry.top);
    out.push_str("<g class=\"households\" fill=\"none\" stroke=\"black\" stroke-width=\"1\" stroke-dasharray=\"7 4\">\n");
    for household in &layout.households {
        for region in &household.regions {
            let members: Vec<&At> = region.people.iter().filter_map(|p| at.get(p)).collect();
            let left = members.iter().map(|a| a.left).fold(f64::INFINITY, f64::min);
            let right = members.iter().map(|a| a.right).fold(f64::NEG_INFINITY, f64::max);
            let (Some(first), Some(last)) = (top.get(region.first_row), top.get(region.last_row)) else {
                continue;
            };
            if !left.is_finite() || !right.is_finite() {
                continue;
            }
            out.push_str(&format!(
                "<rect class=\"household\" data-household=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"12\"/>\n",
                escape(&household.tag),
                num(left + 2.0),
                num(first - 12.0),
                num(right - left - 4.0),
                num(last - first + LABELS + 16.0)
            ));
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"10\" stroke=\"none\" fill=\"black\">{}</text>\n",
                num(left + 8.0),
                num(*first),
                escape(&household.tag)
            ));
        }
    }
    out.push_str("</g>\n");
}

/// Each couple's line: across between partners side by side, or down to
/// its track and across for partners drawn apart; slashes if it ended.
fn draw_couples(out: &mut String, layout: &Layout, geometry: &Geometry) {
    for (c, couple) in layout.couples.iter().enumerate() {
        let (Some(a), Some(b)) = (geometry.at.get(&couple.a), geometry.at.get(&couple.b)) else {
            continue;
        };
        let dash = dash(couple.partnership);
        if couple.adjacent {
            let y = a.top + SYMBOL / 2.0;
            let (x1, x2) = (a.cx + SYMBOL / 2.0, b.cx - SYMBOL / 2.0);
            out.push_str(&format!(
                "<line class=\"couple\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{dash}/>\n",
                num(x1),
                num(y),
                num(x2),
                num(y)
            ));
            strikes(out, couple, x1 + (x2 - x1) * 0.3, y);
        } else {
            let y = geometry.couple_y(a.row, c);
            let bottom = a.top + SYMBOL;
            out.push_str(&format!(
                "<path class=\"couple\" d=\"M {} {} V {} H {} V {}\"{dash}/>\n",
                num(a.cx),
                num(bottom),
                num(y),
                num(b.cx),
                num(bottom)
            ));
            strikes(out, couple, a.cx + (b.cx - a.cx) * 0.3, y);
        }
    }
}

/// Each family's line to its children: down from the parents' line (or
/// the one parent) to the family's bar, along it, and down to each child.
fn draw_children(out: &mut String, layout: &Layout, geometry: &Geometry) {
    for (f, family) in layout.families.iter().enumerate() {
        let parents: Vec<&At> = family.parents.iter().filter_map(|p| geometry.at.get(p)).collect();
        let children: Vec<&At> = family
            .children
            .iter()
            .filter_map(|p| geometry.at.get(p))
            .filter(|c| c.row == family.row + 1)
            .collect();
        if children.is_empty() {
            continue;
        }
        let couple: Option<&CoupleLine> = family.couple.and_then(|c| layout.couples.get(c));
        let (sx, sy) = match (parents.as_slice(), couple) {
            ([a, b], Some(line)) if line.adjacent => (
                MARGIN + gap_middle(a.units.1, b.units.0) as f64 * SCALE,
                a.top + SYMBOL / 2.0,
            ),
            ([a, b], Some(_)) => (
                (a.cx + b.cx) / 2.0,
                geometry.couple_y(a.row, family.couple.unwrap_or(0)),
            ),
            ([a, ..], _) => (a.cx, a.top + LABELS),
            _ => continue,
        };
        let k = geometry.bars.track_of(family.row, f).unwrap_or(0);
        let bar = geometry.track_y(family.row, geometry.remote.count(family.row) + k);
        let lo = children.iter().map(|c| c.cx).fold(sx, f64::min);
        let hi = children.iter().map(|c| c.cx).fold(sx, f64::max);
        let mut d = format!(
            "M {} {} V {} M {} {} H {}",
            num(sx),
            num(sy),
            num(bar),
            num(lo),
            num(bar),
            num(hi)
        );
        for child in &children {
            d.push_str(&format!(" M {} {} V {}", num(child.cx), num(bar), num(child.top)));
        }
        out.push_str(&format!("<path class=\"children\" d=\"{d}\"/>\n"));
    }
}

/// Each person's symbol with their name, what is known of them, and
/// their relation to the focus child under it.
fn draw_people(out: &mut String, layout: &Layout, geometry: &Geometry) {
    for row in &layout.rows {
        for node in &row.people {
            if let Some(a) = geometry.at.get(&node.figure.id) {
                draw_figure(out, &node.figure, a.cx, a.top);
                let mut y = a.top + SYMBOL + 16.0;
                out.push_str(&format!(
                    "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>\n",
                    num(a.cx),
                    num(y),
                    escape(&short(&node.figure.name, NAME_CHARS))
                ));
                let info = info(&node.figure, layout);
                if !info.is_empty() {
                    y += 13.0;
                    out.push_str(&format!(
                        "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>\n",
                        num(a.cx),
                        num(y),
                        escape(&info)
                    ));
                }
                if let Some(relation) = &node.relation {
                    y += 12.0;
                    out.push_str(&format!(
                        "<text x=\"{}\" y=\"{}\" font-size=\"10\" font-style=\"italic\" text-anchor=\"middle\">{}</text>\n",
                        num(a.cx),
                        num(y),
                        escape(&short(relation, 28))
                    ));
                }
            }
        }
    }
}

fn dash(partnership: Option<Partnership>) -> &'static str {
    match partnership {
        Some(Partnership::Partners) => " stroke-dasharray=\"6 4\"",
        None => " stroke-dasharray=\"2 3\"",
        _ => "",
    }
}

/// The slashes across a separated (one) or divorced (two) couple's line,
/// or a question mark where no couple is recorded.
fn strikes(out: &mut String, couple: &CoupleLine, x: f64, y: f64) {
    let offsets: &[f64] = match couple.partnership {
        Some(Partnership::Separated) => &[0.0],
        Some(Partnership::Divorced) => &[-3.5, 3.5],
        None => {
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" stroke=\"none\" fill=\"black\">?</text>\n",
                num(x),
                num(y - 4.0)
            ));
            &[]
        }
        _ => &[],
    };
    for dx in offsets {
        out.push_str(&format!(
            "<line class=\"strike\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
            num(x + dx - 4.0),
            num(y + 7.0),
            num(x + dx + 4.0),
            num(y - 7.0)
        ));
    }
}

fn info(figure: &Figure, layout: &Layout) -> String {
    let mut parts = Vec::new();
    if let Some(year) = figure.born {
        parts.push(format!("b. {year}"));
    }
    if figure.deceased {
        parts.push("deceased".to_string());
    }
    if let Some(h) = figure.household.and_then(|h| layout.households.get(h)) {
        parts.push(format!("household {}", h.tag));
    }
    parts.join(", ")
}

/// One person's symbol with its top at `top`: the shape carries
/// `data-person`, and the focus child's has a heavier stroke and a second
/// outline round it.
fn draw_figure(out: &mut String, figure: &Figure, cx: f64, top: f64) {
    let half = SYMBOL / 2.0;
    let cy = top + half;
    let sex = match figure.sex {
        Sex::Male => "male",
        Sex::Female => "female",
        Sex::Unknown => "unknown",
    };
    let mut class = format!("person {sex}");
    if figure.focus {
        class.push_str(" focus");
    }
    if figure.deceased {
        class.push_str(" deceased");
    }
    let stroke = if figure.focus { "3" } else { "1.5" };
    let attrs = format!(
        "class=\"{class}\" data-person=\"{}\" data-focus=\"{}\" fill=\"white\" stroke=\"black\" stroke-width=\"{stroke}\"",
        figure.id.0, figure.focus
    );
    out.push_str(&format!("<g><title>{}</title>\n", escape(&figure.name)));
    out.push_str(&shape(figure.sex, cx, cy, half, &attrs));
    out.push('\n');
    if figure.focus {
        let outline = "class=\"focus-outline\" fill=\"none\" stroke=\"black\" stroke-width=\"1.5\"";
        out.push_str(&shape(figure.sex, cx, cy, half + 5.0, outline));
        out.push('\n');
    }
    if figure.deceased {
        let r = half + 3.0;
        out.push_str(&format!(
            "<path class=\"deceased-cross\" d=\"M {} {} L {} {} M {} {} L {} {}\" stroke=\"black\" stroke-width=\"1.5\"/>\n",
            num(cx - r),
            num(cy - r),
            num(cx + r),
            num(cy + r),
            num(cx + r),
            num(cy - r),
            num(cx - r),
            num(cy + r)
        ));
    }
    out.push_str("</g>\n");
}

fn shape(sex: Sex, cx: f64, cy: f64, half: f64, attrs: &str) -> String {
    match sex {
        Sex::Male => format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {attrs}/>",
            num(cx - half),
            num(cy - half),
            num(2.0 * half),
            num(2.0 * half)
        ),
        Sex::Female => format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {attrs}/>",
            num(cx),
            num(cy),
            num(half)
        ),
        Sex::Unknown => {
            let h = half * 1.15;
            format!(
                "<polygon points=\"{},{} {},{} {},{} {},{}\" {attrs}/>",
                num(cx),
                num(cy - h),
                num(cx + h),
                num(cy),
                num(cx),
                num(cy + h),
                num(cx - h),
                num(cy)
            )
        }
    }
}

/// The side list, in slots across the page; returns the y below it.
fn draw_others(out: &mut String, layout: &Layout, y: f64, content_width: f64) -> f64 {
    out.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\">Also in the network, not family by birth or partnership</text>\n",
        num(y)
    ));
    let slot = 230.0;
    let per_line = (((content_width - 2.0 * MARGIN) / slot).floor() as usize).max(1);
    let mut top = y + 14.0;
    for (k, other) in layout.others.iter().enumerate() {
        if k > 0 && k % per_line == 0 {
            top += SYMBOL + 24.0;
        }
        let left = MARGIN + (k % per_line) as f64 * slot;
        draw_figure(out, &other.figure, left + SYMBOL / 2.0 + 6.0, top);
        let x = left + SYMBOL + 16.0;
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\n",
            num(x),
            num(top + 12.0),
            escape(&short(&other.figure.name, NAME_CHARS))
        ));
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" font-style=\"italic\">{}</text>\n",
            num(x),
            num(top + 25.0),
            escape(&short(&other.label, 30))
        ));
        let info = info(&other.figure, layout);
        if !info.is_empty() {
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>\n",
                num(x),
                num(top + 37.0),
                escape(&info)
            ));
        }
    }
    top + SYMBOL + 30.0
}

/// The key: each symbol and line drawn small beside its meaning, then the
/// households; returns the y below it.
fn draw_key(out: &mut String, layout: &Layout, y: f64, content_width: f64) -> f64 {
    out.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\">Key</text>\n",
        num(y)
    ));
    let items = key_items(layout);
    let slot = 190.0;
    let per_line = (((content_width - 2.0 * MARGIN) / slot).floor() as usize).max(1);
    let mut row_y = y + 26.0;
    for (k, (sample, words)) in items.iter().enumerate() {
        if k > 0 && k % per_line == 0 {
            row_y += 34.0;
        }
        let x = MARGIN + 20.0 + (k % per_line) as f64 * slot;
        out.push_str(&format!(
            "<g class=\"key\" transform=\"translate({} {})\">{sample}</g>\n",
            num(x),
            num(row_y)
        ));
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\n",
            num(x + 26.0),
            num(row_y + 4.0),
            escape(words)
        ));
    }
    let mut y = row_y + 30.0;
    for household in &layout.households {
        out.push_str(&format!(
            "<text x=\"{MARGIN}\" y=\"{}\" font-size=\"11\">Household {}: {}</text>\n",
            num(y),
            escape(&household.tag),
            escape(&household.label)
        ));
        y += 15.0;
    }
    y
}

/// Each sample the key shows, drawn round (0, 0), with its words: the
/// symbols, the kinds of couple line (and the line for parents with no
/// couple recorded, when the tree has one) and a household's box.
fn key_items(layout: &Layout) -> Vec<(String, String)> {
    let s = 9.0;
    let style = "fill=\"white\" stroke=\"black\" stroke-width=\"1.5\"";
    type Sample = fn(f64, f64, f64, &str) -> String;
    let line = |dash: &str, strikes: &[f64]| {
        let mut d = format!(" stroke-dasharray=\"{dash}\"");
        if dash.is_empty() {
            d.clear();
        }
        (d, strikes.to_vec())
    };
    let mut items: Vec<(String, String)> = Vec::new();
    let sym: [(Sample, &str); 3] = [
        (|x, y, s, st| shape(Sex::Male, x, y, s, st), "male"),
        (|x, y, s, st| shape(Sex::Female, x, y, s, st), "female"),
        (|x, y, s, st| shape(Sex::Unknown, x, y, s, st), "sex not recorded"),
    ];
    for (draw, words) in sym {
        items.push((draw(0.0, 0.0, s, style), words.to_string()));
    }
    items.push((
        format!(
            "{}{}",
            shape(
                Sex::Male,
                0.0,
                0.0,
                s,
                "fill=\"white\" stroke=\"black\" stroke-width=\"3\""
            ),
            shape(
                Sex::Male,
                0.0,
                0.0,
                s + 4.0,
                "fill=\"none\" stroke=\"black\" stroke-width=\"1.5\""
            )
        ),
        "this child".to_string(),
    ));
    items.push((
        format!(
            "{}<path d=\"M -11 -11 L 11 11 M 11 -11 L -11 11\" stroke=\"black\" stroke-width=\"1.5\"/>",
            shape(Sex::Male, 0.0, 0.0, s, style)
        ),
        "deceased".to_string(),
    ));
    let kinds = [
        ("married", line("", &[])),
        ("partners", line("6 4", &[])),
        ("separated", line("", &[0.0])),
        ("divorced", line("", &[-3.5, 3.5])),
    ];
    for (words, (dash, strikes)) in kinds {
        let mut sample = format!(
            "<line x1=\"-16\" y1=\"0\" x2=\"16\" y2=\"0\" stroke=\"black\" stroke-width=\"1.5\"{dash}/>"
        );
        for dx in strikes {
            sample.push_str(&format!(
                "<line x1=\"{}\" y1=\"7\" x2=\"{}\" y2=\"-7\" stroke=\"black\" stroke-width=\"1.5\"/>",
                num(dx - 4.0),
                num(dx + 4.0)
            ));
        }
        items.push((sample, words.to_string()));
    }
    if layout.couples.iter().any(|c| c.partnership.is_none()) {
        items.push((
            "<line x1=\"-16\" y1=\"0\" x2=\"16\" y2=\"0\" stroke=\"black\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/><text x=\"0\" y=\"-4\" font-size=\"11\" text-anchor=\"middle\">?</text>".to_string(),
            "parents, no couple recorded".to_string(),
        ));
    }
    items.push((
        "<rect x=\"-16\" y=\"-11\" width=\"32\" height=\"22\" rx=\"6\" fill=\"none\" stroke=\"black\" stroke-width=\"1\" stroke-dasharray=\"7 4\"/>".to_string(),
        "household (lives together)".to_string(),
    ));
    items
}
