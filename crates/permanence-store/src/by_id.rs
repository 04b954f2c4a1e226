//! Values looked up by a table's row id, for the readers that look a
//! child, plan or title up for every one of hundreds of thousands of
//! items: ids are numbered from 1 and mostly dense, so a vector indexed
//! by the id answers with no hashing (a hash map's look-ups were a sixth
//! of the overdue report's time at 20,000 children). An id far past the
//! count (a table with gaps, or negative ids) goes to a map instead, so
//! any ids at all take room in proportion to how many there are.

use std::collections::HashMap;

/// Values by id; the last one inserted for an id is the one kept.
#[derive(Debug, Clone)]
pub(crate) struct ById<T> {
    dense: Vec<Option<T>>,
    sparse: HashMap<i64, T>,
    count: usize,
}

impl<T> Default for ById<T> {
    fn default() -> ById<T> {
        ById {
            dense: Vec::new(),
            sparse: HashMap::new(),
            count: 0,
        }
    }
}

/// How far past the count an id may be and still be held in the vector.
const SLACK: usize = 4096;

impl<T> ById<T> {
    pub(crate) fn insert(&mut self, id: i64, value: T) {
        self.count += 1;
        // Room grows with the count, so an id held in the vector once is
        // held there every time after.
        let reach = self.count.saturating_mul(4).saturating_add(SLACK);
        match usize::try_from(id) {
            Ok(at) if at < reach => {
                if at >= self.dense.len() {
                    self.dense.resize_with(at + 1, || None);
                }
                // An earlier value in the map is passed by: the vector
                // is asked first.
                self.dense[at] = Some(value);
            }
            _ => {
                self.sparse.insert(id, value);
            }
        }
    }

    pub(crate) fn get(&self, id: i64) -> Option<&T> {
        let held = usize::try_from(id).ok().and_then(|at| self.dense.get(at));
        match held {
            Some(Some(value)) => Some(value),
            _ => self.sparse.get(&id),
        }
    }
}

impl<T> FromIterator<(i64, T)> for ById<T> {
    fn from_iter<I: IntoIterator<Item = (i64, T)>>(pairs: I) -> ById<T> {
        let mut out = ById::default();
        for (id, value) in pairs {
            out.insert(id, value);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the ids (dense, far apart, negative, repeated), it
        /// answers as a map does.
        #[test]
        fn it_answers_as_a_map_does(
            pairs in proptest::collection::vec((prop_oneof![0i64..200, any::<i64>(), -5i64..5], any::<u8>()), 0..300),
            asked in proptest::collection::vec(prop_oneof![0i64..200, any::<i64>()], 0..50),
        ) {
            let by_id: ById<u8> = pairs.iter().copied().collect();
            let map: HashMap<i64, u8> = pairs.iter().copied().collect();
            for id in pairs.iter().map(|p| p.0).chain(asked) {
                prop_assert_eq!(by_id.get(id), map.get(&id));
            }
        }
    }
}
