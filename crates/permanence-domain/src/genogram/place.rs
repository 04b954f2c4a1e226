//! Where each person sits across the page, once the order in each row is
//! settled: children centred under the couple they hang from, couples
//! centred over their children, partners kept close, and nobody closer to
//! a neighbour than the spacing allows.
//!
//! Each row in turn is placed as near as the spacing allows to where its
//! relatives above and below want it, by weighted least squares under the
//! spacing constraints (pool adjacent violators); sweeping rows down and up
//! a few dozen times settles the whole drawing. The same placing serves
//! the layout's own units, the terminal's characters and the SVG.

use super::{Layout, Node};
use crate::family::PersonId;
use std::collections::HashMap;

/// Sizes in whatever unit the drawing uses.
#[derive(Debug, Clone, Copy)]
pub(super) struct Metrics {
    pub node: i64,
    /// Added to the focus child's width for the doubled outline.
    pub focus_extra: i64,
    /// Between two partners drawn side by side (room for the slashes).
    pub couple_gap: i64,
    /// Between brothers and sisters.
    pub gap: i64,
    /// Between anyone else, so that one family's line of children does not
    /// run into the next one's.
    pub group_gap: i64,
    /// How strongly partners are held together against their children
    /// pulling them apart: higher draws narrower, children a little off
    /// centre under their parents.
    pub partner_pull: f64,
}

impl Metrics {
    pub fn width(&self, focus: bool) -> i64 {
        self.node + if focus { self.focus_extra } else { 0 }
    }
}

/// The layout's structure in row-major indices, with each node's width.
pub(super) struct Frame {
    rows: Vec<Vec<usize>>,
    width: Vec<i64>,
    /// The node and the one to its right are a couple side by side.
    couple_right: Vec<bool>,
    family_of_child: Vec<Option<usize>>,
    /// (parents, children) in row-major indices.
    families: Vec<(Vec<usize>, Vec<usize>)>,
    families_of_parent: Vec<Vec<usize>>,
}

impl Frame {
    pub fn new(layout: &Layout, width: impl Fn(&Node) -> i64) -> Frame {
        let mut index: HashMap<PersonId, usize> = HashMap::new();
        let mut rows = Vec::new();
        let mut widths = Vec::new();
        for row in &layout.rows {
            let mut members = Vec::new();
            for node in &row.people {
                index.insert(node.figure.id, widths.len());
                members.push(widths.len());
                widths.push(width(node).max(1));
            }
            rows.push(members);
        }
        let n = widths.len();
        let mut couple_right = vec![false; n];
        for couple in layout.couples.iter().filter(|c| c.adjacent) {
            if let (Some(&a), Some(&b)) = (index.get(&couple.a), index.get(&couple.b)) {
                couple_right[a.min(b)] = true;
            }
        }
        let mut family_of_child = vec![None; n];
        let mut families_of_parent = vec![Vec::new(); n];
        let mut families = Vec::new();
        for family in &layout.families {
            let parents: Vec<usize> = family
                .parents
                .iter()
                .filter_map(|p| index.get(p).copied())
                .collect();
            let children: Vec<usize> = family
                .children
                .iter()
                .filter_map(|c| index.get(c).copied())
                .collect();
            if parents.is_empty() || children.is_empty() {
                continue;
            }
            let f = families.len();
            for &c in &children {
                family_of_child[c] = Some(f);
            }
            for &p in &parents {
                families_of_parent[p].push(f);
            }
            families.push((parents, children));
        }
        Frame {
            rows,
            width: widths,
            couple_right,
            family_of_child,
            families,
            families_of_parent,
        }
    }

    fn gap(&self, left: usize, right: usize, metrics: &Metrics) -> i64 {
        if self.couple_right[left] {
            metrics.couple_gap
        } else if self.family_of_child[left].is_some()
            && self.family_of_child[left] == self.family_of_child[right]
        {
            metrics.gap
        } else {
            metrics.group_gap
        }
    }

    /// Least distance between the centres of two neighbours.
    fn separation(&self, left: usize, right: usize, metrics: &Metrics) -> f64 {
        (self.width[left] + self.width[right]) as f64 / 2.0 + self.gap(left, right, metrics) as f64
    }
}

const SWEEPS: usize = 60;
/// How strongly each wish pulls: relatives above and below fully (the
/// partner's pull is in [`Metrics`]), the current place barely (so someone
/// with no relatives stays put).
const RELATIVE: f64 = 1.0;
const STAY: f64 = 0.02;

/// Left edges, row by row, in the same order as the layout's rows; the
/// leftmost person is at 0.
pub(super) fn place(frame: &Frame, metrics: &Metrics) -> Vec<Vec<i64>> {
    let mut centre = vec![0.0; frame.width.len()];
    for row in &frame.rows {
        let mut at = 0.0;
        for (k, &i) in row.iter().enumerate() {
            if k > 0 {
                at += frame.separation(row[k - 1], i, metrics);
            }
            centre[i] = at;
        }
    }
    let rows = frame.rows.len();
    for _ in 0..SWEEPS {
        let mut moved: f64 = 0.0;
        for r in (0..rows).chain((0..rows).rev()) {
            moved = moved.max(settle_row(frame, metrics, r, &mut centre));
        }
        if moved < 0.01 {
            break;
        }
    }
    let leftmost = (0..centre.len())
        .map(|i| centre[i] - frame.width[i] as f64 / 2.0)
        .fold(f64::INFINITY, f64::min);
    let leftmost = if leftmost.is_finite() { leftmost } else { 0.0 };
    let mut lefts: Vec<Vec<i64>> = frame
        .rows
        .iter()
        .map(|row| {
            let mut lefts: Vec<i64> = Vec::with_capacity(row.len());
            for (k, &i) in row.iter().enumerate() {
                let wanted = (centre[i] - frame.width[i] as f64 / 2.0 - leftmost).round() as i64;
                let least = match k {
                    0 => 0,
                    _ => {
                        let before = row[k - 1];
                        lefts[k - 1] + frame.width[before] + frame.gap(before, i, metrics)
                    }
                };
                lefts.push(wanted.max(least));
            }
            lefts
        })
        .collect();
    straighten(frame, metrics, &mut lefts);
    let shift = lefts.iter().flatten().copied().min().unwrap_or(0);
    for x in lefts.iter_mut().flatten() {
        *x -= shift;
    }
    lefts
}

/// Rounding leaves an only child a column or two off the point their line
/// comes down from, which draws as a kink; moves the child (or failing
/// that the parents) the last step where the spacing allows. Works top
/// down, so a child moved is then the parent its own children line up on.
fn straighten(frame: &Frame, metrics: &Metrics, lefts: &mut [Vec<i64>]) {
    let mut slot = vec![(0usize, 0usize); frame.width.len()];
    for (r, row) in frame.rows.iter().enumerate() {
        for (k, &i) in row.iter().enumerate() {
            slot[i] = (r, k);
        }
    }
    let left = |lefts: &[Vec<i64>], i: usize| {
        let (r, k) = slot[i];
        lefts[r][k]
    };
    // Whether the neighbours `first..=last` of one row can all move by
    // `delta` without crowding the people either side.
    let fits = |lefts: &[Vec<i64>], first: usize, last: usize, delta: i64| {
        let (r, k) = slot[first];
        let (_, j) = slot[last];
        let row = &frame.rows[r];
        let left_ok = k == 0 || {
            let before = row[k - 1];
            lefts[r][k] + delta >= lefts[r][k - 1] + frame.width[before] + frame.gap(before, first, metrics)
        };
        let right_ok = j + 1 == row.len() || {
            let after = row[j + 1];
            lefts[r][j] + delta + frame.width[last] + frame.gap(last, after, metrics) <= lefts[r][j + 1]
        };
        left_ok && right_ok
    };
    let mut families: Vec<usize> = (0..frame.families.len()).collect();
    families.sort_by_key(|&f| frame.families[f].1.first().map(|&c| slot[c]));
    for f in families {
        let (parents, children) = &frame.families[f];
        let [child] = children.as_slice() else { continue };
        let (first, last, source) = match parents.as_slice() {
            [a, b] => {
                let (a, b) = if slot[*a] < slot[*b] { (*a, *b) } else { (*b, *a) };
                let adjacent = frame.couple_right[a] && slot[b].1 == slot[a].1 + 1;
                if !adjacent {
                    continue;
                }
                (a, b, gap_middle(left(lefts, a) + frame.width[a], left(lefts, b)))
            }
            [a] => (*a, *a, centre(left(lefts, *a), frame.width[*a])),
            _ => continue,
        };
        let delta = source - centre(left(lefts, *child), frame.width[*child]);
        if delta == 0 || delta.abs() > 2 {
            continue;
        }
        // The child alone, else the child with their partners, else the
        // parents with theirs.
        let (child_first, child_last) = chain(frame, &slot, *child);
        let (parents_first, _) = chain(frame, &slot, first);
        let (_, parents_last) = chain(frame, &slot, last);
        let tries = [
            (*child, *child, delta),
            (child_first, child_last, delta),
            (first, last, -delta),
            (parents_first, parents_last, -delta),
        ];
        if let Some(&(from, to, by)) = tries.iter().find(|(from, to, by)| fits(lefts, *from, *to, *by)) {
            let (r, k) = slot[from];
            let (_, j) = slot[to];
            for x in &mut lefts[r][k..=j] {
                *x += by;
            }
        }
    }
}

/// The first and last of the run of partners side by side that `i` is in.
fn chain(frame: &Frame, slot: &[(usize, usize)], i: usize) -> (usize, usize) {
    let (r, k) = slot[i];
    let row = &frame.rows[r];
    let mut first = k;
    while first > 0 && frame.couple_right[row[first - 1]] {
        first -= 1;
    }
    let mut last = k;
    while last + 1 < row.len() && frame.couple_right[row[last]] {
        last += 1;
    }
    (row[first], row[last])
}

/// The column a node of `width` starting at `left` is centred on; every
/// drawing uses this, so lines meet symbols where placing expects.
pub(super) fn centre(left: i64, width: i64) -> i64 {
    left + width / 2
}

/// The column in the middle of the gap between a node ending before
/// `right_edge` and the next starting at `next_left`.
pub(super) fn gap_middle(right_edge: i64, next_left: i64) -> i64 {
    (right_edge + next_left) / 2
}

/// Moves row `r` to where its relatives want it, as far as spacing
/// allows; returns how far anyone moved.
fn settle_row(frame: &Frame, metrics: &Metrics, r: usize, centre: &mut [f64]) -> f64 {
    let row = &frame.rows[r];
    let span_middle = |members: &[usize], centre: &[f64]| {
        let lo = members.iter().map(|&i| centre[i]).fold(f64::INFINITY, f64::min);
        let hi = members
            .iter()
            .map(|&i| centre[i])
            .fold(f64::NEG_INFINITY, f64::max);
        (lo + hi) / 2.0
    };
    let mean = |members: &[usize], centre: &[f64]| {
        members.iter().map(|&i| centre[i]).sum::<f64>() / members.len().max(1) as f64
    };
    let mut wanted = Vec::with_capacity(row.len());
    let mut weight = Vec::with_capacity(row.len());
    for (k, &i) in row.iter().enumerate() {
        let mut sum = centre[i] * STAY;
        let mut total = STAY;
        if let Some(f) = frame.family_of_child[i] {
            let (parents, children) = &frame.families[f];
            let shift = mean(parents, centre) - span_middle(children, centre);
            sum += (centre[i] + shift) * RELATIVE;
            total += RELATIVE;
        }
        for &f in &frame.families_of_parent[i] {
            let (parents, children) = &frame.families[f];
            let shift = span_middle(children, centre) - mean(parents, centre);
            sum += (centre[i] + shift) * RELATIVE;
            total += RELATIVE;
        }
        if k > 0 && frame.couple_right[row[k - 1]] {
            let left = row[k - 1];
            sum += (centre[left] + frame.separation(left, i, metrics)) * metrics.partner_pull;
            total += metrics.partner_pull;
        }
        if k + 1 < row.len() && frame.couple_right[i] {
            let right = row[k + 1];
            sum += (centre[right] - frame.separation(i, right, metrics)) * metrics.partner_pull;
            total += metrics.partner_pull;
        }
        wanted.push(sum / total);
        weight.push(total);
    }
    // In terms of y = centre - offset, the spacing rule is y non-decreasing.
    let mut offset = vec![0.0; row.len()];
    for k in 1..row.len() {
        offset[k] = offset[k - 1] + frame.separation(row[k - 1], row[k], metrics);
    }
    let targets: Vec<f64> = wanted.iter().zip(&offset).map(|(w, o)| w - o).collect();
    let settled = non_decreasing(&targets, &weight);
    let mut moved: f64 = 0.0;
    for (k, &i) in row.iter().enumerate() {
        let new = settled[k] + offset[k];
        moved = moved.max((new - centre[i]).abs());
        centre[i] = new;
    }
    moved
}

/// The non-decreasing sequence nearest `targets` by weighted least
/// squares: pool adjacent violators.
fn non_decreasing(targets: &[f64], weights: &[f64]) -> Vec<f64> {
    // (weighted sum, total weight, how many)
    let mut pools: Vec<(f64, f64, usize)> = Vec::new();
    for (&t, &w) in targets.iter().zip(weights) {
        pools.push((t * w, w, 1));
        while pools.len() >= 2 {
            let (s2, w2, n2) = pools[pools.len() - 1];
            let (s1, w1, n1) = pools[pools.len() - 2];
            if s1 / w1 <= s2 / w2 {
                break;
            }
            pools.pop();
            pools.pop();
            pools.push((s1 + s2, w1 + w2, n1 + n2));
        }
    }
    pools
        .into_iter()
        .flat_map(|(s, w, n)| std::iter::repeat_n(s / w, n))
        .collect()
}

/// Gives each span the first track where it keeps a clear column from
/// every other span on that track.
pub(super) fn tracks(spans: &[(usize, i64, i64)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&k| (spans[k].1, spans[k].2, spans[k].0));
    let mut ends: Vec<i64> = Vec::new();
    let mut track = vec![0; spans.len()];
    for k in order {
        let (_, lo, hi) = spans[k];
        let t = match ends.iter().position(|&end| end + 1 < lo) {
            Some(t) => t,
            None => {
                ends.push(i64::MIN);
                ends.len() - 1
            }
        };
        ends[t] = hi;
        track[k] = t;
    }
    track
}

/// The lines that run below each row (couples drawn apart, children's
/// bars), each given a track by [`tracks`]. Both drawings keep lines this
/// way, so the look-ups of a line's track live here once.
pub(super) struct Lanes {
    /// Per row: (line, leftmost, rightmost), the line numbered by the
    /// caller (a couple's or a family's index).
    pub spans: Vec<Vec<(usize, i64, i64)>>,
    /// Per row: the track of each span, in the order of `spans`.
    pub tracks: Vec<Vec<usize>>,
}

impl Lanes {
    pub fn new(spans: Vec<Vec<(usize, i64, i64)>>) -> Lanes {
        let tracks = spans.iter().map(|row| tracks(row)).collect();
        Lanes { spans, tracks }
    }

    /// The couples drawn apart (not side by side), each below the row of
    /// its first partner, from one partner's centre to the other's.
    /// `centre` says a person's row and centre, if they are drawn.
    pub fn remote_couples(
        layout: &Layout,
        rows: usize,
        centre: impl Fn(PersonId) -> Option<(usize, i64)>,
    ) -> Lanes {
        let mut spans: Vec<Vec<(usize, i64, i64)>> = vec![Vec::new(); rows];
        for (c, couple) in layout.couples.iter().enumerate().filter(|(_, c)| !c.adjacent) {
            if let (Some((r, a)), Some((_, b))) = (centre(couple.a), centre(couple.b)) {
                spans[r].push((c, a.min(b), a.max(b)));
            }
        }
        Lanes::new(spans)
    }

    /// The track line `line` runs along below row `row`, if it is there.
    pub fn track_of(&self, row: usize, line: usize) -> Option<usize> {
        self.spans[row]
            .iter()
            .position(|(k, _, _)| *k == line)
            .map(|k| self.tracks[row][k])
    }

    /// How many tracks the lines below row `row` take.
    pub fn count(&self, row: usize) -> usize {
        self.tracks[row].iter().max().map_or(0, |m| m + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pooling_keeps_order_and_is_nearest() {
        let settled = non_decreasing(&[3.0, 1.0, 2.0, 5.0], &[1.0, 1.0, 1.0, 1.0]);
        assert_eq!(settled, vec![2.0, 2.0, 2.0, 5.0]);
        let weighted = non_decreasing(&[4.0, 0.0], &[3.0, 1.0]);
        assert_eq!(weighted, vec![3.0, 3.0]);
    }
}
