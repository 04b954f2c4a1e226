//! The left-to-right order of people in each generation row.
//!
//! Couples are kept side by side (a person with two partners sits between
//! them), and rows are swept up and down, sorting each by where the people
//! it hangs from (or who hang from it) sit, the usual way of drawing
//! layered diagrams with few crossings. The order with the fewest
//! crossing lines wins; among equals, the one that keeps each couple's
//! children together and oldest first. Every step is deterministic.

use super::Seniority;
use crate::family::Sex;

/// What the ordering needs, in indices into the cleaned facts.
pub(super) struct Shape {
    pub people: usize,
    /// Members of each row, in no particular order.
    pub rows: Vec<Vec<usize>>,
    /// Couples to draw, both in the same row.
    pub couples: Vec<(usize, usize)>,
    /// (parents, children): parents in one row, children in the next.
    pub families: Vec<(Vec<usize>, Vec<usize>)>,
    pub seniority: Vec<Seniority>,
    pub sex: Vec<Sex>,
    pub focus: Option<usize>,
}

/// Sweeps up and down this many times; small families settle in one or
/// two, and the best order seen is kept anyway.
const ROUNDS: usize = 6;

/// Men to the left of their partners, as genograms are usually drawn.
fn sex_rank(sex: Sex) -> u8 {
    match sex {
        Sex::Male => 0,
        Sex::Unknown => 1,
        Sex::Female => 2,
    }
}

/// Each row's people, left to right.
pub(super) fn order(shape: &Shape) -> Vec<Vec<usize>> {
    let n = shape.people;
    let mut row_of = vec![usize::MAX; n];
    for (r, members) in shape.rows.iter().enumerate() {
        for &m in members {
            row_of[m] = r;
        }
    }
    let canon = |i: usize| (sex_rank(shape.sex[i]), shape.seniority[i]);
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &shape.couples {
        if a != b && !partners[a].contains(&b) {
            partners[a].push(b);
            partners[b].push(a);
        }
    }
    for list in &mut partners {
        list.sort_by_key(|&i| canon(i));
    }
    let mut family_of_child = vec![None; n];
    let mut families_of_parent = vec![Vec::new(); n];
    let mut families_by_row = vec![Vec::new(); shape.rows.len()];
    for (f, (parents, children)) in shape.families.iter().enumerate() {
        for &c in children {
            family_of_child[c] = Some(f);
        }
        for &p in parents {
            families_of_parent[p].push(f);
        }
        if let Some(&p) = parents.first()
            && let Some(list) = families_by_row.get_mut(row_of[p])
        {
            list.push(f);
        }
    }
    let seed = seed_numbers(shape, &partners, &family_of_child, &families_of_parent, &canon);
    let blocks = shape
        .rows
        .iter()
        .map(|members| {
            let mut blocks = chains(members, &partners, &canon);
            blocks.sort_by_key(|b| b.iter().map(|&m| seed[m]).min());
            blocks
        })
        .collect();
    let mut orderer = Orderer {
        shape,
        row_of,
        partners,
        family_of_child,
        families_of_parent,
        families_by_row,
        blocks,
        pos: vec![0; n],
    };
    orderer.search()
}

/// Numbers people in the order a walk from the focus child meets them,
/// fathers before mothers, so the first order tried has the paternal side
/// on the left and relatives near the people they hang from.
fn seed_numbers(
    shape: &Shape,
    partners: &[Vec<usize>],
    family_of_child: &[Option<usize>],
    families_of_parent: &[Vec<usize>],
    canon: &dyn Fn(usize) -> (u8, Seniority),
) -> Vec<usize> {
    let n = shape.people;
    let mut number = vec![usize::MAX; n];
    let mut next = 0;
    let mut stack: Vec<usize> = shape.focus.into_iter().collect();
    while let Some(i) = stack.pop() {
        if number[i] != usize::MAX {
            continue;
        }
        number[i] = next;
        next += 1;
        let mut parents: Vec<usize> = family_of_child[i]
            .map(|f| shape.families[f].0.clone())
            .unwrap_or_default();
        parents.sort_by_key(|&p| canon(p));
        let mut children: Vec<usize> = families_of_parent[i]
            .iter()
            .flat_map(|&f| shape.families[f].1.iter().copied())
            .collect();
        children.sort_by_key(|&c| shape.seniority[c]);
        let neighbours: Vec<usize> = parents
            .into_iter()
            .chain(partners[i].iter().copied())
            .chain(children)
            .filter(|&j| number[j] == usize::MAX)
            .collect();
        stack.extend(neighbours.into_iter().rev());
    }
    let mut rest: Vec<usize> = (0..n).filter(|&i| number[i] == usize::MAX).collect();
    rest.sort_by_key(|&i| shape.seniority[i]);
    for i in rest {
        number[i] = next;
        next += 1;
    }
    number
}

/// Splits a row into blocks of people joined by couples, each in the
/// order they must sit. A chain (a mother with two partners, one partner
/// each side) is walked end to end; anything else (three partners, or a
/// ring in bad facts) has its most-partnered person in the middle and
/// partners alternately right and left, and the couples that end up apart
/// are drawn with a line below.
fn chains(
    members: &[usize],
    partners: &[Vec<usize>],
    canon: &dyn Fn(usize) -> (u8, Seniority),
) -> Vec<Vec<usize>> {
    let mut sorted = members.to_vec();
    sorted.sort_by_key(|&i| canon(i));
    let in_row = |i: usize| members.contains(&i);
    let mut seen: Vec<usize> = Vec::new();
    let mut blocks = Vec::new();
    for &start in &sorted {
        if seen.contains(&start) {
            continue;
        }
        let mut component = vec![start];
        let mut k = 0;
        while k < component.len() {
            for &j in &partners[component[k]] {
                if in_row(j) && !component.contains(&j) {
                    component.push(j);
                }
            }
            k += 1;
        }
        seen.extend(&component);
        let degree = |i: usize| partners[i].iter().filter(|j| component.contains(j)).count();
        let edges: usize = component.iter().map(|&i| degree(i)).sum::<usize>() / 2;
        let is_path = component.iter().all(|&i| degree(i) <= 2) && edges + 1 == component.len();
        let block = if is_path {
            let first = component
                .iter()
                .copied()
                .filter(|&i| degree(i) <= 1)
                .min_by_key(|&i| canon(i))
                .unwrap_or(start);
            let mut walk = vec![first];
            while let Some(&next) = walk.last().and_then(|&last| {
                partners[last]
                    .iter()
                    .find(|j| component.contains(j) && !walk.contains(j))
            }) {
                walk.push(next);
            }
            walk
        } else {
            let centre = component
                .iter()
                .copied()
                .min_by_key(|&i| (std::cmp::Reverse(degree(i)), canon(i)))
                .unwrap_or(start);
            let mut visit = vec![centre];
            let mut k = 0;
            while k < visit.len() {
                for &j in &partners[visit[k]] {
                    if component.contains(&j) && !visit.contains(&j) {
                        visit.push(j);
                    }
                }
                k += 1;
            }
            let (mut left, mut right) = (Vec::new(), Vec::new());
            for (k, &i) in visit.iter().enumerate().skip(1) {
                if k % 2 == 1 {
                    right.push(i);
                } else {
                    left.push(i);
                }
            }
            left.reverse();
            left.push(centre);
            left.extend(right);
            left
        };
        blocks.push(block);
    }
    blocks
}

/// How much each kind of untidiness costs: crossings are worst, then a
/// couple drawn apart, then a family's children split up, then siblings
/// out of age order.
const CROSSING: usize = 12;
const APART: usize = 6;
const SPLIT: usize = 3;
const AGE_ORDER: usize = 1;

struct Orderer<'a> {
    shape: &'a Shape,
    row_of: Vec<usize>,
    partners: Vec<Vec<usize>>,
    family_of_child: Vec<Option<usize>>,
    families_of_parent: Vec<Vec<usize>>,
    families_by_row: Vec<Vec<usize>>,
    blocks: Vec<Vec<Vec<usize>>>,
    pos: Vec<usize>,
}

impl Orderer<'_> {
    fn flatten(&mut self, r: usize) {
        let mut k = 0;
        for block in &self.blocks[r] {
            for &m in block {
                self.pos[m] = k;
                k += 1;
            }
        }
    }

    fn rows(&self) -> usize {
        self.blocks.len()
    }

    /// Untidiness between row `r` and the row below.
    fn between(&self, r: usize) -> usize {
        let Some(families) = self.families_by_row.get(r) else {
            return 0;
        };
        let mut edges: Vec<(f64, usize)> = Vec::new();
        let mut cost = 0;
        for &f in families {
            let (parents, children) = &self.shape.families[f];
            let u = parents.iter().map(|&p| self.pos[p] as f64).sum::<f64>() / parents.len().max(1) as f64;
            let placed: Vec<usize> = children
                .iter()
                .copied()
                .filter(|&c| self.row_of[c] == r + 1)
                .collect();
            edges.extend(placed.iter().map(|&c| (u, self.pos[c])));
            if let (Some(lo), Some(hi)) = (
                placed.iter().map(|&c| self.pos[c]).min(),
                placed.iter().map(|&c| self.pos[c]).max(),
            ) {
                cost += SPLIT * (hi - lo + 1 - placed.len());
            }
            for (k, &a) in placed.iter().enumerate() {
                for &b in &placed[k + 1..] {
                    let older_first = self.shape.seniority[a] < self.shape.seniority[b];
                    if older_first != (self.pos[a] < self.pos[b]) {
                        cost += AGE_ORDER;
                    }
                }
            }
        }
        for (k, &(u1, c1)) in edges.iter().enumerate() {
            for &(u2, c2) in &edges[k + 1..] {
                if (u1 < u2 && c1 > c2) || (u1 > u2 && c1 < c2) {
                    cost += CROSSING;
                }
            }
        }
        cost
    }

    /// Couples in row `r` that do not sit side by side.
    fn within(&self, r: usize) -> usize {
        self.blocks[r]
            .iter()
            .flatten()
            .map(|&a| {
                self.partners[a]
                    .iter()
                    .filter(|&&b| a < b && self.row_of[b] == r)
                    .map(|&b| APART * (self.pos[a].abs_diff(self.pos[b]).saturating_sub(1)))
                    .sum::<usize>()
            })
            .sum()
    }

    fn cost(&self) -> usize {
        (0..self.rows()).map(|r| self.between(r) + self.within(r)).sum()
    }

    fn local_cost(&self, r: usize) -> usize {
        let above = if r > 0 { self.between(r - 1) } else { 0 };
        above + self.between(r) + self.within(r)
    }

    /// Sorts row `r` by where each block's relatives sit in the row above
    /// (`from_above`) or below, then turns each chain whichever way round
    /// is tidier.
    fn reorder(&mut self, r: usize, from_above: bool) {
        let reference = if from_above { r.checked_sub(1) } else { Some(r + 1) };
        let Some(reference) = reference.filter(|&q| q < self.rows()) else {
            return;
        };
        let reference_len = self.blocks[reference].iter().map(Vec::len).sum::<usize>();
        let row_len = self.blocks[r].iter().map(Vec::len).sum::<usize>();
        let scale = if row_len > 1 {
            reference_len.saturating_sub(1) as f64 / (row_len - 1) as f64
        } else {
            0.0
        };
        let mut keyed: Vec<(f64, Seniority, Vec<usize>)> = Vec::new();
        let mut offset = 0;
        for block in std::mem::take(&mut self.blocks[r]) {
            let mut values: Vec<f64> = Vec::new();
            for &m in &block {
                if from_above {
                    if let Some(f) = self.family_of_child[m] {
                        let parents = &self.shape.families[f].0;
                        values.push(
                            parents.iter().map(|&p| self.pos[p] as f64).sum::<f64>()
                                / parents.len().max(1) as f64,
                        );
                    }
                } else {
                    for &f in &self.families_of_parent[m] {
                        values.extend(
                            self.shape.families[f]
                                .1
                                .iter()
                                .filter(|&&c| self.row_of[c] == reference)
                                .map(|&c| self.pos[c] as f64),
                        );
                    }
                }
            }
            let here = offset as f64 + (block.len() as f64 - 1.0) / 2.0;
            let key = if values.is_empty() {
                here * scale
            } else {
                values.iter().sum::<f64>() / values.len() as f64
            };
            let tie = block.iter().map(|&m| self.shape.seniority[m]).min().unwrap_or((
                true,
                None,
                crate::family::PersonId(0),
            ));
            offset += block.len();
            keyed.push((key, tie, block));
        }
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        self.blocks[r] = keyed.into_iter().map(|(_, _, block)| block).collect();
        self.flatten(r);
        self.orient(r);
    }

    fn orient(&mut self, r: usize) {
        for b in 0..self.blocks[r].len() {
            if self.blocks[r][b].len() < 2 {
                continue;
            }
            let before = self.local_cost(r);
            self.blocks[r][b].reverse();
            self.flatten(r);
            if self.local_cost(r) >= before {
                self.blocks[r][b].reverse();
                self.flatten(r);
            }
        }
    }

    fn search(&mut self) -> Vec<Vec<usize>> {
        for r in 0..self.rows() {
            self.flatten(r);
        }
        for r in 0..self.rows() {
            self.orient(r);
        }
        let mut best = self.blocks.clone();
        let mut best_cost = self.cost();
        for _ in 0..ROUNDS {
            for down in [true, false] {
                if down {
                    for r in 1..self.rows() {
                        self.reorder(r, true);
                    }
                } else {
                    for r in (0..self.rows().saturating_sub(1)).rev() {
                        self.reorder(r, false);
                    }
                }
                let cost = self.cost();
                if cost < best_cost {
                    best_cost = cost;
                    best = self.blocks.clone();
                }
            }
            if best_cost == 0 {
                break;
            }
        }
        best.into_iter()
            .map(|blocks| blocks.into_iter().flatten().collect())
            .collect()
    }
}
