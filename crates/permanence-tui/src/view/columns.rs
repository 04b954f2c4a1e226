//! Fitting table columns to the terminal's width: drop the least
//! important columns first, then share out what is left.

/// A column's needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub title: &'static str,
    /// Narrower than this, the column is not worth showing.
    pub min: u16,
    /// Wider than this, the column gains nothing.
    pub preferred: u16,
    /// Lower numbers are kept longer as the terminal narrows.
    pub priority: u8,
}

/// The width of each column, or `None` where it is dropped. `spacing` is
/// the gap between shown columns. Whatever width is left once every shown
/// column has its preferred width goes to the highest-priority column.
pub fn fit(specs: &[ColumnSpec], width: u16, spacing: u16) -> Vec<Option<u16>> {
    let mut by_priority: Vec<usize> = (0..specs.len()).collect();
    by_priority.sort_by_key(|&i| specs[i].priority);
    let mut shown: Vec<usize> = Vec::new();
    let mut used: u16 = 0;
    for &i in &by_priority {
        let gap = if shown.is_empty() { 0 } else { spacing };
        let need = used.saturating_add(gap).saturating_add(specs[i].min);
        if need > width {
            break;
        }
        used = need;
        shown.push(i);
    }
    let mut widths: Vec<Option<u16>> = vec![None; specs.len()];
    for &i in &shown {
        widths[i] = Some(specs[i].min);
    }
    let mut spare = width - used;
    for &i in &shown {
        let grow = (specs[i].preferred.saturating_sub(specs[i].min)).min(spare);
        widths[i] = widths[i].map(|w| w + grow);
        spare -= grow;
    }
    if let Some(&first) = shown.first() {
        widths[first] = widths[first].map(|w| w + spare);
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SPECS: [ColumnSpec; 3] = [
        ColumnSpec {
            title: "Name",
            min: 10,
            preferred: 20,
            priority: 0,
        },
        ColumnSpec {
            title: "Team",
            min: 8,
            preferred: 12,
            priority: 2,
        },
        ColumnSpec {
            title: "RAG",
            min: 3,
            preferred: 3,
            priority: 1,
        },
    ];

    #[test]
    fn drops_the_least_important_first() {
        assert_eq!(fit(&SPECS, 9, 1), vec![None, None, None]);
        assert_eq!(fit(&SPECS, 10, 1), vec![Some(10), None, None]);
        assert_eq!(fit(&SPECS, 14, 1), vec![Some(10), None, Some(3)]);
        assert_eq!(fit(&SPECS, 22, 1), vec![Some(18), None, Some(3)]);
        assert_eq!(fit(&SPECS, 23, 1), vec![Some(10), Some(8), Some(3)]);
    }

    #[test]
    fn shares_spare_width_up_to_preferred_then_to_the_first() {
        assert_eq!(fit(&SPECS, 30, 1), vec![Some(17), Some(8), Some(3)]);
        assert_eq!(fit(&SPECS, 40, 1), vec![Some(23), Some(12), Some(3)]);
    }

    proptest! {
        #[test]
        fn never_wider_than_the_screen(width in 0u16..300) {
            let widths = fit(&SPECS, width, 1);
            let shown: Vec<u16> = widths.iter().flatten().copied().collect();
            let total: u16 = shown.iter().sum::<u16>() + (shown.len() as u16).saturating_sub(1);
            prop_assert!(total <= width);
            if !shown.is_empty() {
                prop_assert_eq!(total, width, "the whole width is used");
            }
        }
    }
}
