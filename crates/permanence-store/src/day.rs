//! Days as the store keeps them (ISO 8601, `2026-12-02`), read back in
//! one place. A value that is not a day is an error naming the column and
//! the value, so a damaged row is reported, never shown as a missing or
//! different date: a wrong date shown confidently is the worst fault this
//! product can have.

use chrono::NaiveDate;

/// A stored day. Read without chrono's general parser when it has the
/// stored shape: the overdue report reads two a row.
pub(crate) fn day(text: &str, column: &str) -> rusqlite::Result<NaiveDate> {
    iso_day(text).ok_or_else(|| not_a_day(text, column))
}

/// A stored day that may be missing (NULL).
pub(crate) fn optional_day(text: Option<&str>, column: &str) -> rusqlite::Result<Option<NaiveDate>> {
    text.map(|t| day(t, column)).transpose()
}

/// The day of a stored timestamp (`2026-11-23T17:56:12Z` counts as
/// 23/11/2026).
pub(crate) fn day_of(timestamp: &str, column: &str) -> rusqlite::Result<NaiveDate> {
    let day_part = timestamp.get(..10).unwrap_or(timestamp);
    iso_day(day_part).ok_or_else(|| not_a_day(timestamp, column))
}

fn not_a_day(text: &str, column: &str) -> rusqlite::Error {
    // Only the first 40 characters: the value may be anything at all.
    let shown: String = text.chars().take(40).collect();
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{column}: {shown:?} is not a date").into(),
    )
}

/// `YYYY-MM-DD` exactly, or `None`.
pub(crate) fn iso_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(number(0..4)?).ok()?, number(5..7)?, number(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_stored_day_is_read_and_anything_else_is_named() {
        assert_eq!(day("2026-12-02", "on").ok(), NaiveDate::from_ymd_opt(2026, 12, 2));
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "02/12/2026",
            "2026-1-01",
            "",
            "2026-12-02x",
        ] {
            let error = day(bad, "on_date").unwrap_err().to_string();
            assert!(
                error.contains("on_date") && error.contains("is not a date"),
                "{bad}: {error}"
            );
        }
        assert_eq!(optional_day(None, "due").ok(), Some(None));
        assert_eq!(
            day_of("2026-11-23T17:56:12Z", "at").ok(),
            NaiveDate::from_ymd_opt(2026, 11, 23)
        );
        assert!(day_of("yesterday", "at").is_err());
    }

    proptest! {
        #[test]
        fn reads_what_chrono_reads_in_the_stored_shape(y in 0i32..10000, m in 0u32..14, d in 0u32..33) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            prop_assert_eq!(iso_day(&text), NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
        }
    }
}
