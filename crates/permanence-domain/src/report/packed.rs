//! A report's rows kept packed, each row's cells one after another in one
//! buffer, for a report that must hold its rows before writing them (a
//! tracker read in the store's order, written in reference order): a
//! row's text costs its bytes and a few more, rather than an allocation
//! per cell, so that 100,000 children's rows stay within a report's
//! memory budget (issue 19).

use super::Cell;
use chrono::{Datelike, NaiveDate};

const TEXT: u8 = 0;
const NO_DATE: u8 = 1;
const DATE: u8 = 2;
const NO_NUMBER: u8 = 3;
const NUMBER: u8 = 4;
const NUMBERS: u8 = 5;
const NO: u8 = 6;
const YES: u8 = 7;

/// Rows of cells, packed; read back as they were pushed, in the order
/// they are put in.
#[derive(Debug, Clone, Default)]
pub struct PackedRows {
    bytes: Vec<u8>,
    /// Where each row starts and ends in `bytes`, in the rows' order.
    spans: Vec<(usize, usize)>,
}

fn put_len(bytes: &mut Vec<u8>, len: usize) {
    bytes.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes());
}

/// A little-endian number of `N` bytes at `at`, and where it ends.
fn take<const N: usize>(bytes: &[u8], at: usize) -> Option<([u8; N], usize)> {
    let end = at.checked_add(N)?;
    let taken: [u8; N] = bytes.get(at..end)?.try_into().ok()?;
    Some((taken, end))
}

fn take_len(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let (len, at) = take::<4>(bytes, at)?;
    Some((usize::try_from(u32::from_le_bytes(len)).ok()?, at))
}

/// The cell at `at` and where the next starts.
fn cell_at(bytes: &[u8], at: usize) -> Option<(Cell, usize)> {
    let tag = *bytes.get(at)?;
    let at = at + 1;
    Some(match tag {
        TEXT => {
            let (len, at) = take_len(bytes, at)?;
            let text = std::str::from_utf8(bytes.get(at..at.checked_add(len)?)?).ok()?;
            (Cell::Text(text.to_string()), at + len)
        }
        NO_DATE => (Cell::Date(None), at),
        DATE => {
            let (days, at) = take::<4>(bytes, at)?;
            let date = NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(days))?;
            (Cell::Date(Some(date)), at)
        }
        NO_NUMBER => (Cell::Number(None), at),
        NUMBER => {
            let (n, at) = take::<8>(bytes, at)?;
            (Cell::Number(Some(i64::from_le_bytes(n))), at)
        }
        NUMBERS => {
            let (count, mut at) = take_len(bytes, at)?;
            let mut numbers = Vec::with_capacity(count);
            for _ in 0..count {
                let (n, next) = take::<8>(bytes, at)?;
                numbers.push(i64::from_le_bytes(n));
                at = next;
            }
            (Cell::Numbers(numbers), at)
        }
        NO => (Cell::Flag(false), at),
        YES => (Cell::Flag(true), at),
        _ => return None,
    })
}

impl PackedRows {
    pub fn new() -> PackedRows {
        PackedRows::default()
    }

    pub fn push(&mut self, row: &[Cell]) {
        let start = self.bytes.len();
        let bytes = &mut self.bytes;
        for cell in row {
            match cell {
                Cell::Text(text) => {
                    bytes.push(TEXT);
                    put_len(bytes, text.len());
                    bytes.extend_from_slice(text.as_bytes());
                }
                Cell::Date(None) => bytes.push(NO_DATE),
                Cell::Date(Some(date)) => {
                    bytes.push(DATE);
                    bytes.extend_from_slice(&date.num_days_from_ce().to_le_bytes());
                }
                Cell::Number(None) => bytes.push(NO_NUMBER),
                Cell::Number(Some(n)) => {
                    bytes.push(NUMBER);
                    bytes.extend_from_slice(&n.to_le_bytes());
                }
                Cell::Numbers(numbers) => {
                    bytes.push(NUMBERS);
                    put_len(bytes, numbers.len());
                    for n in numbers {
                        bytes.extend_from_slice(&n.to_le_bytes());
                    }
                }
                Cell::Flag(flag) => bytes.push(if *flag { YES } else { NO }),
            }
        }
        self.spans.push((start, self.bytes.len()));
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The text of the first cell of the row `span`, or "" where it is
    /// not text (or the row is empty).
    fn first_text(bytes: &[u8], span: (usize, usize)) -> &str {
        let bytes = bytes.get(span.0..span.1).unwrap_or_default();
        if bytes.first() != Some(&TEXT) {
            return "";
        }
        take_len(bytes, 1)
            .and_then(|(len, at)| bytes.get(at..at.checked_add(len)?))
            .and_then(|text| std::str::from_utf8(text).ok())
            .unwrap_or("")
    }

    /// Puts the rows in the order of their first cells' text, keeping the
    /// order they were pushed in among equals (a stable sort).
    pub fn sort_by_first_text(&mut self) {
        let bytes = &self.bytes;
        self.spans
            .sort_by(|a, b| PackedRows::first_text(bytes, *a).cmp(PackedRows::first_text(bytes, *b)));
    }

    /// The rows' cells, in the rows' order.
    pub fn rows(&self) -> impl Iterator<Item = Vec<Cell>> + '_ {
        self.spans.iter().map(|&(start, end)| {
            let mut at = start;
            let mut cells = Vec::new();
            while at < end {
                let Some((cell, next)) = cell_at(&self.bytes, at) else {
                    break;
                };
                cells.push(cell);
                at = next;
            }
            cells
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_cell_comes_back_as_it_went_in_and_rows_sort_by_their_first() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let rows = vec![
            vec![
                Cell::text("W2"),
                Cell::text("Zoë Ñ \u{1F600}"),
                Cell::Date(Some(day)),
                Cell::Date(None),
                Cell::Number(Some(-3)),
                Cell::Number(None),
                Cell::Numbers(vec![16, 26, i64::MAX]),
                Cell::Numbers(vec![]),
                Cell::Flag(true),
                Cell::Flag(false),
                Cell::text(""),
            ],
            vec![Cell::text("A1"), Cell::Number(Some(1))],
            vec![],
            vec![Cell::text("W2"), Cell::text("second of two W2")],
            vec![Cell::Number(Some(7))],
        ];
        let mut packed = PackedRows::new();
        for row in &rows {
            packed.push(row);
        }
        assert_eq!(packed.len(), rows.len());
        assert_eq!(packed.rows().collect::<Vec<_>>(), rows);
        packed.sort_by_first_text();
        let mut expected = rows.clone();
        expected.sort_by(|a, b| {
            let first = |r: &Vec<Cell>| match r.first() {
                Some(Cell::Text(t)) => t.clone(),
                _ => String::new(),
            };
            first(a).cmp(&first(b))
        });
        assert_eq!(packed.rows().collect::<Vec<_>>(), expected);
    }
}
