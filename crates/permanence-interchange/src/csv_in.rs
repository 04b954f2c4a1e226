//! Reading a CSV file as a spreadsheet wrote it.

use crate::domain::import::{ImportProblem, RawRow};

/// The header and data rows of a CSV file, or every problem with its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    pub header: Vec<String>,
    pub rows: Vec<RawRow>,
}

/// Reads UTF-8 CSV (with or without the byte-order mark Excel adds).
///
/// Line numbers are those a spreadsheet shows: the header is line 1, and a
/// cell holding a line break does not push later rows down, as it would in
/// a text editor.
pub fn read_csv(bytes: &[u8]) -> Result<CsvTable, Vec<ImportProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(error) = std::str::from_utf8(bytes) {
        let offset = error.valid_up_to();
        let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
        return Err(vec![ImportProblem::whole_line(
            line,
            format!(
                "the file is not UTF-8 text (byte {} cannot be read); save it from your spreadsheet as \"CSV UTF-8\"",
                offset + 1
            ),
        )]);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![ImportProblem::whole_line(
            1,
            "the file is empty; it needs a header row",
        )]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut header = None;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut lines = LineCounter::new(bytes);
    for result in reader.records() {
        match result {
            Ok(record) => {
                let start = record.position().map_or(0, |p| p.byte() as usize);
                let line = lines.spreadsheet_line(start);
                lines.skip_breaks_inside(&record);
                let cells: Vec<String> = record.iter().map(String::from).collect();
                if header.is_none() {
                    header = Some(cells);
                } else if cells.iter().all(|c| c.trim().is_empty()) {
                    // A blank row, as spreadsheets leave at the end: nothing to import.
                } else {
                    rows.push(RawRow { line, cells });
                }
            }
            Err(error) => {
                let start = error.position().map_or(0, |p| p.byte() as usize);
                let line = lines.spreadsheet_line(start);
                problems.push(ImportProblem::whole_line(
                    line,
                    format!("cannot be read as CSV: {error}"),
                ));
                break;
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(CsvTable {
        header: header.unwrap_or_default(),
        rows,
    })
}

/// The header of a file [`read_csv`] would read without a problem, or
/// `None` for one it would refuse (which it then says why): checked with
/// no cell kept, for a file too large to hold as cells.
pub fn well_formed(bytes: &[u8]) -> Option<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() || bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut header = None;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) if header.is_none() => header = Some(record.iter().map(String::from).collect()),
            Ok(true) => {}
            Ok(false) => return Some(header.unwrap_or_default()),
            Err(_) => return None,
        }
    }
}

/// The data rows of a file [`well_formed`] accepts, as [`read_csv`] reads
/// them (blank rows left out, spreadsheet line numbers), handed to `each`
/// up to `chunk` at a time, so that only a chunk's cells are held.
pub fn each_chunk(bytes: &[u8], chunk: usize, mut each: impl FnMut(&[RawRow])) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut lines = LineCounter::new(bytes);
    let mut rows = Vec::with_capacity(chunk.max(1));
    let mut record = csv::StringRecord::new();
    let mut first = true;
    while let Ok(true) = reader.read_record(&mut record) {
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let line = lines.spreadsheet_line(start);
        lines.skip_breaks_inside(&record);
        if first {
            first = false;
        } else if !record.iter().all(|c| c.trim().is_empty()) {
            rows.push(RawRow {
                line,
                cells: record.iter().map(String::from).collect(),
            });
            if rows.len() >= chunk.max(1) {
                each(&rows);
                rows.clear();
            }
        }
    }
    if !rows.is_empty() {
        each(&rows);
    }
}

/// Turns byte offsets into the row numbers a spreadsheet shows: physical
/// lines, less the line breaks inside quoted cells seen so far. (The csv
/// crate's own line count is thrown by Windows line endings.)
struct LineCounter<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    breaks: usize,
    breaks_in_cells: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            counted_to: 0,
            breaks: 0,
            breaks_in_cells: 0,
        }
    }

    /// The line on which the record found at `offset` starts. The csv
    /// crate reports where it stopped after the previous record, which can
    /// be before blank lines or the `\n` of a `\r\n`, so those are skipped.
    /// Offsets must not go backwards between calls.
    fn spreadsheet_line(&mut self, offset: usize) -> usize {
        let mut offset = offset.min(self.bytes.len());
        while offset < self.bytes.len() && matches!(self.bytes[offset], b'\r' | b'\n') {
            offset += 1;
        }
        if offset > self.counted_to {
            self.breaks += self.bytes[self.counted_to..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.counted_to = offset;
        }
        self.breaks - self.breaks_in_cells + 1
    }

    fn skip_breaks_inside(&mut self, record: &csv::StringRecord) {
        self.breaks_in_cells += record
            .iter()
            .map(|cell| cell.matches('\n').count())
            .sum::<usize>();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_a_chunk_at_a_time_are_the_rows_read_whole() {
        let text = b"\xEF\xBB\xBFref,name\r\n1,\"Amara\nJoy\"\r\n\r\n2,Leo\r\n3,Sam\r\n,\r\n4,Ife\n";
        let whole = read_csv(text).unwrap();
        assert_eq!(well_formed(text), Some(whole.header.clone()));
        for chunk in [1, 2, 3, 10] {
            let mut parts = Vec::new();
            each_chunk(text, chunk, |rows| {
                assert!(rows.len() <= chunk);
                parts.extend_from_slice(rows);
            });
            assert_eq!(parts, whole.rows, "chunks of {chunk}");
        }
        // Refused by the one exactly where refused by the other.
        for text in [&b"a,b\n\"1,2\n"[..], b" \n", b"a\xFF\n", b"a,b\n1\n", b""] {
            assert_eq!(well_formed(text).is_none(), read_csv(text).is_err(), "{text:?}");
        }
        assert_eq!(well_formed(b"a\xFF\n"), None);
    }

    #[test]
    fn reads_header_and_rows_with_spreadsheet_line_numbers() {
        let table = read_csv(b"\xEF\xBB\xBFref,given_name\n1,\"Amara\nJoy\"\n\n2,Leo\n").unwrap();
        assert_eq!(table.header, vec!["ref", "given_name"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[0].cells[1], "Amara\nJoy");
        // A spreadsheet shows: 1 header, 2 Amara, 3 blank, 4 Leo.
        assert_eq!(table.rows[1].line, 4);
    }

    #[test]
    fn crlf_files_count_lines_the_same() {
        let table = read_csv(b"ref,given_name\r\n1,A\r\n2,B\r\n").unwrap();
        assert_eq!(table.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 3]);
    }

    #[test]
    fn names_the_line_of_a_bad_encoding() {
        let problems = read_csv(b"ref,given_name\n1,Zo\xEB\n").unwrap_err();
        assert_eq!(
            problems[0].to_string(),
            "line 2: the file is not UTF-8 text (byte 20 cannot be read); save it from your spreadsheet as \"CSV UTF-8\""
        );
    }

    #[test]
    fn a_broken_quote_is_reported_with_its_line() {
        // An unterminated quote swallows the rest of the file; the csv crate
        // accepts that, so the damage shows as a short row later on.
        let table = read_csv(b"ref,given_name\n1,A\n2,\"B\n3,C\n").unwrap();
        assert_eq!(table.rows[1].line, 3);
        assert_eq!(table.rows[1].cells[1], "B\n3,C\n");
    }

    #[test]
    fn an_empty_file_is_refused() {
        let problems = read_csv(b"\n \n").unwrap_err();
        assert_eq!(
            problems[0].to_string(),
            "line 1: the file is empty; it needs a header row"
        );
    }
}
