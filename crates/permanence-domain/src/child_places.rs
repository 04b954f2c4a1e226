//! Each child's place in a list of children, by id: for a read of a
//! national caseload that asks of every child read whether they are in
//! view (the dashboard, a tracker meeting's cohort, the timeliness panel),
//! and counts them in the order of the list it was opened from (the
//! dashboard's bars list their children in it). A hash set's look-up was
//! a tenth of the dashboard's read at 100,000 children; the store gives
//! children dense ids from 1, so the places are a slot a possible id,
//! with a sorted list for ids too far apart for that to be small.

use crate::child::ChildId;

/// From this many possible ids a child, the places are kept as a sorted
/// list: a handful of children with ids in the millions would otherwise
/// take megabytes.
pub const SPARSE_FROM: i64 = 64;

/// The places of the children of a list, looked up by id in constant time
/// where the ids are dense.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChildPlaces {
    /// The place of the child with id `from + i` at `i` ([`NOWHERE`] for
    /// an id not in the list).
    Slots { from: i64, places: Vec<u32> },
    /// (id, place), ascending by id: where a slot for each possible id
    /// would take more than [`SPARSE_FROM`] slots a child, or a list is
    /// too long for its places to fit the slots.
    Sorted(Vec<(i64, usize)>),
}

/// A slot of an id not in the list.
const NOWHERE: u32 = u32::MAX;

impl ChildPlaces {
    /// Each child's place in `list` (from 0); a child listed twice is at
    /// their first place.
    pub fn of(list: &[ChildId]) -> ChildPlaces {
        let ids = list.iter().map(|c| c.0);
        let (Some(lowest), Some(highest)) = (ids.clone().min(), ids.max()) else {
            return ChildPlaces::Sorted(Vec::new());
        };
        let count = i64::try_from(list.len()).unwrap_or(i64::MAX);
        let span = highest.checked_sub(lowest).and_then(|s| s.checked_add(1));
        let dense = span
            .filter(|span| span / SPARSE_FROM <= count)
            .and_then(|span| usize::try_from(span).ok())
            .filter(|_| u32::try_from(list.len()).is_ok_and(|n| n < NOWHERE));
        let Some(span) = dense else {
            return ChildPlaces::sorted(list);
        };
        // Filled in the list's order, without sorting it: a national
        // caseload is 100,000 children, and the dashboard waits on this.
        let mut places = vec![NOWHERE; span];
        for (at, child) in list.iter().enumerate() {
            let slot = usize::try_from(child.0 - lowest)
                .ok()
                .and_then(|s| places.get_mut(s));
            if let (Some(slot), Ok(at)) = (slot, u32::try_from(at))
                && *slot == NOWHERE
            {
                *slot = at;
            }
        }
        ChildPlaces::Slots { from: lowest, places }
    }

    /// The places of `list` as a sorted list, for ids far apart.
    fn sorted(list: &[ChildId]) -> ChildPlaces {
        let mut sorted: Vec<(i64, usize)> = list.iter().enumerate().map(|(at, c)| (c.0, at)).collect();
        // By id, then place: the first place of a repeated id comes first.
        sorted.sort_unstable();
        sorted.dedup_by_key(|(id, _)| *id);
        ChildPlaces::Sorted(sorted)
    }

    /// The child's place in the list, or `None` where they are not in it.
    pub fn place(&self, child: ChildId) -> Option<usize> {
        match self {
            ChildPlaces::Slots { from, places } => {
                let slot = usize::try_from(child.0.checked_sub(*from)?).ok()?;
                let at = *places.get(slot)?;
                (at != NOWHERE).then(|| usize::try_from(at).ok()).flatten()
            }
            ChildPlaces::Sorted(sorted) => sorted
                .binary_search_by_key(&child.0, |(id, _)| *id)
                .ok()
                .and_then(|at| sorted.get(at))
                .map(|(_, place)| *place),
        }
    }

    pub fn contains(&self, child: ChildId) -> bool {
        self.place(child).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dense_ids_take_slots_and_far_apart_ones_a_sorted_list() {
        let dense = ChildPlaces::of(&[ChildId(7), ChildId(5), ChildId(6), ChildId(5)]);
        assert!(matches!(dense, ChildPlaces::Slots { .. }));
        assert_eq!(dense.place(ChildId(5)), Some(1), "the first place of a repeat");
        assert_eq!(dense.place(ChildId(7)), Some(0));
        assert_eq!(dense.place(ChildId(4)), None);
        assert_eq!(dense.place(ChildId(8)), None);
        let negative = ChildPlaces::of(&[ChildId(-5), ChildId(2)]);
        assert!(matches!(negative, ChildPlaces::Slots { .. }));
        assert!(negative.contains(ChildId(-5)) && !negative.contains(ChildId(5)));
        let sparse = ChildPlaces::of(&[ChildId(9_000_000_000), ChildId(3)]);
        assert!(matches!(sparse, ChildPlaces::Sorted(_)));
        assert_eq!(sparse.place(ChildId(3)), Some(1));
        assert_eq!(sparse.place(ChildId(4)), None);
        let extremes = ChildPlaces::of(&[ChildId(i64::MIN), ChildId(i64::MAX)]);
        assert_eq!(extremes.place(ChildId(i64::MAX)), Some(1));
        assert!(!ChildPlaces::of(&[]).contains(ChildId(0)));
    }

    proptest! {
        /// Every child is found at the first place the list has them, and
        /// no one else is found, whatever the ids.
        #[test]
        fn each_child_is_at_their_first_place_in_the_list(
            ids in proptest::collection::vec(prop_oneof![0i64..300, -10i64..10, any::<i64>()], 0..60),
            probes in proptest::collection::vec(prop_oneof![0i64..300, -10i64..10, any::<i64>()], 0..60),
        ) {
            let list: Vec<ChildId> = ids.iter().map(|&id| ChildId(id)).collect();
            let places = ChildPlaces::of(&list);
            for probe in probes.iter().chain(&ids) {
                let first = ids.iter().position(|id| id == probe);
                prop_assert_eq!(places.place(ChildId(*probe)), first);
            }
        }
    }
}
