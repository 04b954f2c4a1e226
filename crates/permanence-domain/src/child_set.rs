//! A set of children by id, for what asks "is this child in view?" of
//! every child of a national caseload as it is read (the dashboard, a
//! tracker meeting's cohort). A hash set's look-up was a tenth of the
//! dashboard's read at 100,000 children; the store gives children dense
//! ids from 1, so the set is a bit a possible id, with a sorted list for
//! ids too far apart for that to be small.

use crate::child::ChildId;

/// Children by id: [`ChildSet::contains`] in constant time where the ids
/// are dense, as the store's are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChildSet {
    /// Bit `id` of the words is set for each child (ids from 0).
    Bits(Vec<u64>),
    /// The ids in ascending order, none repeated: where a bit for each
    /// possible id would take more than [`SPARSE_FROM`] bits a child.
    Sorted(Vec<i64>),
}

/// From this many possible ids a child, the set keeps a sorted list: a
/// handful of children with ids in the millions would otherwise take
/// megabytes.
pub const SPARSE_FROM: i64 = 64;

impl ChildSet {
    /// The set of `children`, in any order, repeats allowed.
    pub fn of(children: impl IntoIterator<Item = ChildId>) -> ChildSet {
        let ids: Vec<i64> = children.into_iter().map(|c| c.0).collect();
        let (Some(&lowest), Some(&highest)) = (ids.iter().min(), ids.iter().max()) else {
            return ChildSet::Sorted(ids);
        };
        let count = i64::try_from(ids.len()).unwrap_or(i64::MAX);
        let dense = lowest >= 0 && highest / SPARSE_FROM <= count;
        match (dense, usize::try_from(highest / 64 + 1)) {
            // Set in the order given, without sorting first: a national
            // caseload is 100,000 children, and the screen waits on this.
            (true, Ok(words)) => {
                let mut bits = vec![0u64; words];
                for id in ids {
                    let (Ok(word), Ok(bit)) = (usize::try_from(id / 64), u32::try_from(id % 64)) else {
                        continue;
                    };
                    if let Some(w) = bits.get_mut(word) {
                        *w |= 1u64 << bit;
                    }
                }
                ChildSet::Bits(bits)
            }
            _ => {
                let mut ids = ids;
                ids.sort_unstable();
                ids.dedup();
                ChildSet::Sorted(ids)
            }
        }
    }

    pub fn contains(&self, child: ChildId) -> bool {
        match self {
            ChildSet::Bits(bits) => {
                let (Ok(word), Ok(bit)) = (usize::try_from(child.0 / 64), u32::try_from(child.0 % 64)) else {
                    return false;
                };
                bits.get(word).is_some_and(|w| w & (1u64 << bit) != 0)
            }
            ChildSet::Sorted(ids) => ids.binary_search(&child.0).is_ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    #[test]
    fn dense_ids_are_bits_and_far_apart_ones_a_sorted_list() {
        let dense = ChildSet::of((1..=1000).map(ChildId));
        assert!(matches!(dense, ChildSet::Bits(_)));
        let sparse = ChildSet::of([ChildId(3), ChildId(9_000_000_000)]);
        assert!(matches!(sparse, ChildSet::Sorted(_)));
        assert!(sparse.contains(ChildId(9_000_000_000)) && !sparse.contains(ChildId(4)));
        let empty = ChildSet::of([]);
        assert!(!empty.contains(ChildId(0)) && !empty.contains(ChildId(1)));
        let odd = ChildSet::of([ChildId(-5), ChildId(2)]);
        assert!(odd.contains(ChildId(-5)) && !odd.contains(ChildId(5)));
    }

    proptest! {
        #[test]
        fn holds_exactly_the_children_given(
            ids in proptest::collection::vec(prop_oneof![0i64..300, -10i64..10, 0i64..i64::MAX], 0..60),
            probes in proptest::collection::vec(prop_oneof![0i64..300, -10i64..10, 0i64..i64::MAX], 0..60),
        ) {
            let set = ChildSet::of(ids.iter().map(|&id| ChildId(id)));
            let expected: BTreeSet<i64> = ids.iter().copied().collect();
            for probe in probes.iter().chain(&ids) {
                prop_assert_eq!(set.contains(ChildId(*probe)), expected.contains(probe));
            }
        }
    }
}
