//! Dates as users type them and as the screens show them.
//!
//! Social workers write dates the British way (`31/01/2025`); files and
//! JSON use ISO 8601 (`2025-01-31`). Both are accepted on input, and a date
//! that does not exist (`31/02/2025`) is refused with the text the user typed.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A date the user typed that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("{0} is not a date")]
    NotADate(String),
    #[error("{0} is not a date (use DD/MM/YYYY or YYYY-MM-DD)")]
    BadFormat(String),
}

/// Reads `DD/MM/YYYY` (day and month may be one digit, as spreadsheets write
/// them) or ISO `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let text = text.trim();
    let bad_format = || DateError::BadFormat(text.to_string());
    let (day, month, year) = if let Some((d, rest)) = text.split_once('/') {
        let (m, y) = rest.split_once('/').ok_or_else(bad_format)?;
        (d, m, y)
    } else {
        let mut parts = text.splitn(3, '-');
        let y = parts.next().ok_or_else(bad_format)?;
        let m = parts.next().ok_or_else(bad_format)?;
        let d = parts.next().ok_or_else(bad_format)?;
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad_format());
        }
        (d, m, y)
    };
    let number = |s: &str, max_len: usize| -> Result<u32, DateError> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad_format());
        }
        s.parse().map_err(|_| bad_format())
    };
    if year.len() != 4 {
        return Err(bad_format());
    }
    let (d, m, y) = (number(day, 2)?, number(month, 2)?, number(year, 4)?);
    let y = i32::try_from(y).map_err(|_| bad_format())?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| DateError::NotADate(text.to_string()))
}

/// Like [`parse_date`], and also `today`, and days, weeks or months from
/// today (`+2w`, `-3d`, `+1m`), for dates typed at a prompt.
pub fn parse_day(text: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("today") {
        return Ok(today);
    }
    if let Some(sign) = text.chars().next().filter(|c| *c == '+' || *c == '-') {
        let body = &text[1..];
        let unit = body.chars().last().map(|c| c.to_ascii_lowercase());
        let number: Option<u32> = body
            .get(..body.len().saturating_sub(1))
            .and_then(|n| n.parse().ok());
        let moved = match (unit, number) {
            (Some('d'), Some(n)) => shift(today, sign, chrono::Days::new(u64::from(n))),
            (Some('w'), Some(n)) => shift(today, sign, chrono::Days::new(7 * u64::from(n))),
            (Some('m'), Some(n)) => {
                let months = chrono::Months::new(n);
                if sign == '+' {
                    today.checked_add_months(months)
                } else {
                    today.checked_sub_months(months)
                }
            }
            _ => None,
        };
        return moved.ok_or_else(|| {
            DateError::BadFormat(format!(
                "{text} (for a date from today write, say, +2w, -3d or +1m)"
            ))
        });
    }
    parse_date(text)
}

fn shift(day: NaiveDate, sign: char, by: chrono::Days) -> Option<NaiveDate> {
    if sign == '+' {
        day.checked_add_days(by)
    } else {
        day.checked_sub_days(by)
    }
}

/// The date as the screens show it: `DD/MM/YYYY`.
pub fn uk(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// The date as files and JSON carry it: `YYYY-MM-DD`.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A child's age on a given day, in the unit a practitioner would use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    /// Expected date of birth still to come: pre-birth planning.
    Unborn,
    /// Under one year: babies' ages are spoken of in months.
    Months(u32),
    Years(u32),
}

impl Age {
    pub fn on(date_of_birth: NaiveDate, today: NaiveDate) -> Age {
        if date_of_birth > today {
            return Age::Unborn;
        }
        let months = whole_months_between(date_of_birth, today);
        if months < 12 {
            Age::Months(months)
        } else {
            Age::Years(months / 12)
        }
    }

    /// Whole years, with unborn and babies counting as zero.
    pub fn years(self) -> u32 {
        match self {
            Age::Years(y) => y,
            Age::Unborn | Age::Months(_) => 0,
        }
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Age::Unborn => f.write_str("unborn"),
            Age::Months(m) => write!(f, "{m}m"),
            Age::Years(y) => write!(f, "{y}"),
        }
    }
}

/// Whole calendar months from `from` to `to` (`from <= to`). A birthday on
/// 29 February counts as reached on 28 February in other years, as the law
/// treats it for most purposes: the month is complete once its last day has
/// been reached.
pub fn whole_months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let mut months = (to.year() - from.year()) * 12 + (to.month() as i32 - from.month() as i32);
    let month_end_of_to = last_day_of_month(to.year(), to.month());
    let reached_day = to.day() >= from.day() || to.day() == month_end_of_to;
    if !reached_day {
        months -= 1;
    }
    u32::try_from(months.max(0)).unwrap_or(0)
}

fn last_day_of_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map_or(28, |d| d.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn reads_uk_and_iso_dates() {
        assert_eq!(parse_date("31/01/2025"), Ok(d(2025, 1, 31)));
        assert_eq!(parse_date("3/4/2025"), Ok(d(2025, 4, 3)));
        assert_eq!(parse_date(" 2025-01-31 "), Ok(d(2025, 1, 31)));
        assert_eq!(parse_date("29/02/2024"), Ok(d(2024, 2, 29)));
    }

    #[test]
    fn refuses_impossible_dates_in_the_users_words() {
        let err = parse_date("31/02/2025").unwrap_err();
        assert_eq!(err.to_string(), "31/02/2025 is not a date");
        assert_eq!(
            parse_date("29/02/2025").unwrap_err().to_string(),
            "29/02/2025 is not a date"
        );
        assert_eq!(
            parse_date("2025-13-01").unwrap_err().to_string(),
            "2025-13-01 is not a date"
        );
    }

    #[test]
    fn reads_today_and_dates_from_today() {
        let today = d(2026, 11, 23);
        assert_eq!(parse_day("today", today), Ok(today));
        assert_eq!(parse_day("+2w", today), Ok(d(2026, 12, 7)));
        assert_eq!(parse_day("-3d", today), Ok(d(2026, 11, 20)));
        assert_eq!(parse_day("+1m", today), Ok(d(2026, 12, 23)));
        assert_eq!(parse_day("+3M", today), Ok(d(2027, 2, 23)));
        assert!(parse_day("+2x", today).unwrap_err().to_string().contains("+2w"));
        assert!(parse_day("+w", today).is_err());
        assert_eq!(parse_day("24/11/2026", today), Ok(d(2026, 11, 24)));
    }

    #[test]
    fn refuses_other_shapes() {
        for bad in [
            "",
            "tomorrow",
            "31/01/25",
            "2025/01/31",
            "31-01-2025",
            "1/1/2025/1",
            "2025-1-31",
            "+1/01/2025",
        ] {
            assert!(
                matches!(parse_date(bad), Err(DateError::BadFormat(_))),
                "{bad:?} should be refused as a format"
            );
        }
    }

    #[test]
    fn ages_count_whole_months_and_years() {
        let today = d(2026, 11, 23);
        assert_eq!(Age::on(d(2027, 1, 10), today), Age::Unborn);
        assert_eq!(Age::on(today, today), Age::Months(0));
        assert_eq!(Age::on(d(2026, 3, 24), today), Age::Months(7));
        assert_eq!(Age::on(d(2026, 3, 23), today), Age::Months(8));
        assert_eq!(Age::on(d(2025, 11, 23), today), Age::Years(1));
        assert_eq!(Age::on(d(2025, 11, 24), today), Age::Months(11));
        assert_eq!(Age::on(d(2009, 11, 24), today), Age::Years(16));
        assert_eq!(Age::on(d(2009, 11, 23), today), Age::Years(17));
        assert_eq!(Age::Unborn.to_string(), "unborn");
        assert_eq!(Age::Months(7).to_string(), "7m");
        assert_eq!(Age::Years(17).to_string(), "17");
    }

    #[test]
    fn leap_day_birthdays_turn_on_the_last_day_of_february() {
        assert_eq!(Age::on(d(2020, 2, 29), d(2027, 2, 28)), Age::Years(7));
        assert_eq!(Age::on(d(2020, 2, 29), d(2027, 2, 27)), Age::Years(6));
        assert_eq!(Age::on(d(2020, 2, 29), d(2028, 2, 28)), Age::Years(7));
        assert_eq!(Age::on(d(2020, 2, 29), d(2028, 2, 29)), Age::Years(8));
    }

    proptest! {
        #[test]
        fn uk_and_iso_round_trip(days in 0i64..80_000) {
            let date = d(1900, 1, 1) + chrono::Days::new(days as u64);
            prop_assert_eq!(parse_date(&uk(date)), Ok(date));
            prop_assert_eq!(parse_date(&iso(date)), Ok(date));
        }

        #[test]
        fn age_never_decreases_as_days_pass(born in 0i64..40_000, gap in 0i64..10_000) {
            let dob = d(1950, 1, 1) + chrono::Days::new(born as u64);
            let today = dob + chrono::Days::new(gap as u64);
            let tomorrow = today + chrono::Days::new(1);
            let months_today = whole_months_between(dob, today);
            let months_tomorrow = whole_months_between(dob, tomorrow);
            prop_assert!(months_tomorrow >= months_today);
            prop_assert!(months_tomorrow - months_today <= 1);
            // Whole months track elapsed days at the calendar's mean month length,
            // give or take the month in progress.
            prop_assert!((f64::from(months_today) * 30.436875 - gap as f64).abs() <= 33.0);
        }
    }
}
