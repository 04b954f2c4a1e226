//! Dates as users type them and as the screens show them.
//!
//! Social workers write dates the British way (`31/01/2025`); files and
//! JSON use ISO 8601 (`2025-01-31`). Both are accepted on input, and a date
//! that does not exist (`31/02/2025`) is refused with the text the user typed.

use chrono::{Datelike, NaiveDate};
use std::fmt::{self, Write as _};

/// A date the user typed that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("{0} is not a date")]
    NotADate(String),
    #[error("{0} is not a date (use DD/MM/YYYY or YYYY-MM-DD)")]
    BadFormat(String),
}

/// The earliest year a date of birth, a care date or an event is taken
/// as plausible: anything before is a typing slip (`1/1/1025`, `0001`),
/// not something that happened to a child. The product's own rule, not
/// the seeds'.
pub const EARLIEST_YEAR: i32 = 1900;

/// Refuses a date before [`EARLIEST_YEAR`], saying why in words the user
/// can act on.
pub fn refuse_implausible(on: NaiveDate, style: DateStyle) -> Result<(), String> {
    if on.year() < EARLIEST_YEAR {
        return Err(format!(
            "{} is before {EARLIEST_YEAR}, so it cannot be a date in a child's record (a typing slip?); permanence refuses dates before {EARLIEST_YEAR}",
            style.show(on)
        ));
    }
    Ok(())
}

/// The start of what the user typed, as an error quotes it: never the
/// whole of a cell that may be megabytes long.
fn typed(text: &str) -> String {
    const CHARS: usize = 40;
    match text.char_indices().nth(CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Reads `DD/MM/YYYY` (day and month may be one digit, as spreadsheets write
/// them) or ISO `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let text = text.trim();
    let bad_format = || DateError::BadFormat(typed(text));
    if let Some(date) = written_date(text) {
        return date.ok_or_else(|| DateError::NotADate(typed(text)));
    }
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
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| DateError::NotADate(typed(text)))
}

/// `2 Dec 2026` or `2 December 2026`: `None` if the text is not of that
/// shape, `Some(None)` if it is but names no real day.
fn written_date(text: &str) -> Option<Option<NaiveDate>> {
    let mut words = text.split_whitespace();
    let (day, month, year) = (words.next()?, words.next()?, words.next()?);
    if words.next().is_some()
        || day.len() > 2
        || year.len() != 4
        || !day.bytes().chain(year.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let number = (0..12)
        .find(|&i| month.eq_ignore_ascii_case(MONTHS[i]) || month.eq_ignore_ascii_case(FULL_MONTHS[i]))?;
    let day: u32 = day.parse().ok()?;
    let year: i32 = year.parse().ok()?;
    Some(NaiveDate::from_ymd_opt(year, number as u32 + 1, day))
}

const FULL_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

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
                "{} (for a date from today write, say, +2w, -3d or +1m)",
                typed(text)
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
    let mut out = String::with_capacity(10);
    push_uk(date, &mut out);
    out
}

/// [`uk`] written onto the end of `out`, without a text of its own: for
/// a feed or report that writes dates by the hundred thousand.
pub fn push_uk(date: NaiveDate, out: &mut String) {
    match four_digit_year(date) {
        Some(year) => {
            push_two_digits(date.day(), out);
            out.push('/');
            push_two_digits(date.month(), out);
            out.push('/');
            out.extend(year.map(char::from));
        }
        None => {
            let _ = write!(out, "{:02}/{:02}/{:04}", date.day(), date.month(), date.year());
        }
    }
}

/// The year's four digits, where it has four (0 to 9999): every date a
/// record holds. Dates are written by the million (the demo, the stored
/// timelines, reports), and `format!`'s padding machinery was a
/// twentieth of the demo's time; other years go through it still.
fn four_digit_year(date: NaiveDate) -> Option<[u8; 4]> {
    let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    let [high, low] = [year / 100, year % 100].map(two_digits);
    Some([high[0], high[1], low[0], low[1]])
}

/// A number under 100 as two ASCII digits.
fn two_digits(n: u32) -> [u8; 2] {
    // Both digits are under ten, so each fits a byte.
    [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8]
}

fn push_two_digits(n: u32, out: &mut String) {
    out.extend(two_digits(n).map(char::from));
}

/// How the screens show dates, as the user's configuration file chooses.
/// Text the domain writes (a rule's explanation, a report's line) carries
/// its dates as [`uk`] writes them, since it is stored and shared; the
/// screens rewrite those with [`DateStyle::restyle`] as they draw them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum DateStyle {
    /// `02/12/2026`, as English social care writes dates.
    #[default]
    DayMonthYear,
    /// `2026-12-02`, which sorts as text.
    Iso,
    /// `2 Dec 2026`, which no one can misread as American.
    Written,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

// `code`: The name the configuration file uses, which is also what the
// user types the date as.
crate::coded::coded! {
    DateStyle, loose;
    DayMonthYear => "DD/MM/YYYY";
    Iso => "YYYY-MM-DD";
    Written => "D MMM YYYY";
}

impl DateStyle {
    pub fn show(self, date: NaiveDate) -> String {
        match self {
            DateStyle::DayMonthYear => uk(date),
            DateStyle::Iso => iso(date),
            DateStyle::Written => format!("{} {} {:04}", date.day(), month_name(date), date.year()),
        }
    }

    /// Day and month alone, for a date this year in a narrow column.
    pub fn short(self, date: NaiveDate) -> String {
        match self {
            DateStyle::DayMonthYear => format!("{:02}/{:02}", date.day(), date.month()),
            DateStyle::Iso => format!("{:02}-{:02}", date.month(), date.day()),
            DateStyle::Written => format!("{} {}", date.day(), month_name(date)),
        }
    }

    /// The widest [`DateStyle::show`] gives, for sizing a column.
    pub fn width(self) -> usize {
        match self {
            DateStyle::DayMonthYear | DateStyle::Iso => 10,
            DateStyle::Written => 11,
        }
    }

    /// The text a domain rule or report wrote, with each date in it (as
    /// [`uk`] writes them) shown in this style. Anything else that looks
    /// like a date but is not one is left as it is.
    pub fn restyle(self, text: &str) -> std::borrow::Cow<'_, str> {
        if self == DateStyle::DayMonthYear || !text.contains('/') {
            return std::borrow::Cow::Borrowed(text);
        }
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len() + 8);
        let mut copied = 0;
        let mut at = 0;
        while at + 10 <= bytes.len() {
            let candidate = &bytes[at..at + 10];
            let shaped = candidate.iter().enumerate().all(|(i, b)| match i {
                2 | 5 => *b == b'/',
                _ => b.is_ascii_digit(),
            });
            // A date is a whole token: not part of a longer run of digits.
            let alone = (at == 0 || !bytes[at - 1].is_ascii_digit())
                && bytes
                    .get(at + 10)
                    .is_none_or(|b| !b.is_ascii_digit() && *b != b'/');
            let date = (shaped && alone)
                .then(|| std::str::from_utf8(candidate).ok())
                .flatten()
                .and_then(|t| parse_date(t).ok());
            match date {
                Some(date) => {
                    out.push_str(&text[copied..at]);
                    out.push_str(&self.show(date));
                    at += 10;
                    copied = at;
                }
                None => at += 1,
            }
        }
        if copied == 0 {
            return std::borrow::Cow::Borrowed(text);
        }
        out.push_str(&text[copied..]);
        std::borrow::Cow::Owned(out)
    }
}

fn month_name(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize % 12]
}

/// The date as files and JSON carry it: `YYYY-MM-DD`.
pub fn iso(date: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    push_iso(date, &mut out);
    out
}

/// [`iso`] written onto the end of `out`. Written out by hand: chrono's
/// formatter parses its pattern on every call, and the demo writes
/// millions of dates (see `four_digit_year`).
pub fn push_iso(date: NaiveDate, out: &mut String) {
    match four_digit_year(date) {
        Some(year) => {
            out.extend(year.map(char::from));
            out.push('-');
            push_two_digits(date.month(), out);
            out.push('-');
            push_two_digits(date.day(), out);
        }
        None => {
            let _ = write!(out, "{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
        }
    }
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
    fn reads_written_dates() {
        assert_eq!(parse_date("2 Dec 2026"), Ok(d(2026, 12, 2)));
        assert_eq!(parse_date("02 december 2026"), Ok(d(2026, 12, 2)));
        assert_eq!(parse_date("29 Feb 2024"), Ok(d(2024, 2, 29)));
        assert_eq!(
            parse_date("30 Feb 2026").unwrap_err().to_string(),
            "30 Feb 2026 is not a date"
        );
        assert!(matches!(
            parse_date("2 Smarch 2026"),
            Err(DateError::BadFormat(_))
        ));
        assert!(matches!(parse_date("2 Decem 2026"), Err(DateError::BadFormat(_))));
    }

    #[test]
    fn each_style_shows_a_date_its_way() {
        let day = d(2026, 12, 2);
        assert_eq!(DateStyle::DayMonthYear.show(day), "02/12/2026");
        assert_eq!(DateStyle::Iso.show(day), "2026-12-02");
        assert_eq!(DateStyle::Written.show(day), "2 Dec 2026");
        assert_eq!(DateStyle::Written.short(day), "2 Dec");
        assert_eq!(DateStyle::Iso.short(day), "12-02");
        assert_eq!(DateStyle::default(), DateStyle::DayMonthYear);
        for style in DateStyle::ALL {
            assert_eq!(DateStyle::parse(&style.code().to_lowercase()), Some(style));
        }
        assert_eq!(DateStyle::parse("MM/DD/YYYY"), None);
    }

    #[test]
    fn restyling_rewrites_whole_dates_only() {
        let text = "20 working days after became looked after on 19/12/2024 (due 21/01/2025)";
        assert_eq!(
            DateStyle::Iso.restyle(text),
            "20 working days after became looked after on 2024-12-19 (due 2025-01-21)"
        );
        assert_eq!(
            DateStyle::Written.restyle(text),
            "20 working days after became looked after on 19 Dec 2024 (due 21 Jan 2025)"
        );
        assert!(matches!(
            DateStyle::DayMonthYear.restyle(text),
            std::borrow::Cow::Borrowed(_)
        ));
        // Not dates: a fraction, a longer run of digits, a day that does not exist.
        for kept in [
            "ref 1/2",
            "123/12/20245",
            "31/02/2025 is not a date",
            "12/12/2026/1",
        ] {
            assert_eq!(DateStyle::Iso.restyle(kept), kept);
        }
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

    /// Issue 16: an error echoed a 10 MB cell whole.
    #[test]
    fn an_error_quotes_only_the_start_of_long_text() {
        let long = format!("31/02/{}", "9".repeat(1_000_000));
        let said = parse_date(&long).unwrap_err().to_string();
        assert!(said.len() < 200, "{} bytes", said.len());
        assert!(said.starts_with("31/02/9999"), "{said}");
        assert!(said.contains('…'));
        let said = parse_day(&format!("+{}", "x".repeat(100_000)), d(2026, 1, 1))
            .unwrap_err()
            .to_string();
        assert!(said.len() < 200, "{} bytes", said.len());
    }

    /// Issue 16: events in year 0001 were accepted.
    #[test]
    fn dates_before_1900_are_implausible() {
        let style = DateStyle::DayMonthYear;
        assert!(
            refuse_implausible(d(1, 1, 1), style)
                .unwrap_err()
                .contains("01/01/0001 is before 1900")
        );
        assert!(refuse_implausible(d(1899, 12, 31), style).is_err());
        assert_eq!(refuse_implausible(d(1900, 1, 1), style), Ok(()));
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
        fn every_style_reads_back_and_restyles_what_uk_wrote(days in 0u64..80_000) {
            let day = d(1900, 1, 1) + chrono::Days::new(days);
            for style in DateStyle::ALL {
                let shown = style.show(day);
                prop_assert!(shown.chars().count() <= style.width());
                prop_assert_eq!(parse_date(&shown), Ok(day));
                let sentence = format!("due {}, held {}.", uk(day), uk(day));
                prop_assert_eq!(style.restyle(&sentence), format!("due {shown}, held {shown}."));
            }
        }

        /// Written by hand, every date chrono can hold reads as the
        /// formatter wrote it: years of four digits, and those before the
        /// year 0 or after 9999, which go through the formatter still.
        #[test]
        fn uk_and_iso_write_every_date_as_the_formatter_did(
            day in NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce(),
            near in 0i32..(10_001 * 366),
        ) {
            for date in [NaiveDate::from_num_days_from_ce_opt(day), NaiveDate::from_num_days_from_ce_opt(near)] {
                let date = date.unwrap();
                prop_assert_eq!(iso(date), format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day()));
                prop_assert_eq!(uk(date), format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year()));
            }
        }

        #[test]
        fn uk_and_iso_round_trip(days in 0i64..80_000) {
            let date = d(1900, 1, 1) + chrono::Days::new(days as u64);
            prop_assert_eq!(parse_date(&uk(date)), Ok(date));
            prop_assert_eq!(parse_date(&iso(date)), Ok(date));
            prop_assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
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
