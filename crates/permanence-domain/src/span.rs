//! Lengths of time as policies write them ("3 working days", "12 weeks",
//! "6 months"), and the date rules that turn "within K of E" into a date.

use crate::calendar::Calendar;
use chrono::{Days, Months, NaiveDate};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Span {
    WorkingDays(u32),
    Days(u32),
    Weeks(u32),
    Months(u32),
    /// "within 24 hours": counted as whole days, rounded up.
    Hours(u32),
}

impl Span {
    /// Reads `"N unit"` with unit one of working day(s), day(s), week(s),
    /// month(s), hour(s).
    pub fn parse(text: &str) -> Result<Span, String> {
        let text = text.trim();
        let (number, unit) = text.split_once(char::is_whitespace).ok_or_else(|| {
            format!("{text:?} is not a length of time (write, say, \"3 working days\" or \"12 weeks\")")
        })?;
        let n: u32 = number
            .parse()
            .map_err(|_| format!("{number:?} is not a whole number in {text:?}"))?;
        let unit = unit.trim().to_ascii_lowercase();
        let unit = unit.split_whitespace().collect::<Vec<_>>().join(" ");
        let span = match unit.trim_end_matches('s') {
            "working day" => Span::WorkingDays(n),
            "day" => Span::Days(n),
            "week" => Span::Weeks(n),
            "month" => Span::Months(n),
            "hour" => Span::Hours(n),
            _ => {
                return Err(format!(
                    "{unit:?} is not a unit of time (use working days, days, weeks, months or hours)"
                ));
            }
        };
        Ok(span)
    }

    /// The date this long after (or before) `from`, by the policy's rules:
    /// working days are counted one by one, `from` itself not counted;
    /// anything else is counted in calendar time and moved back to the
    /// last working day on or before, so a limit is never later than the
    /// words allow.
    pub fn from(self, calendar: &Calendar, from: NaiveDate, before: bool) -> NaiveDate {
        if let Span::WorkingDays(k) = self {
            return if before {
                calendar.subtract_working_days(from, k)
            } else {
                calendar.add_working_days(from, k)
            };
        }
        let date = match self {
            Span::WorkingDays(_) => from,
            Span::Days(n) => shift_days(from, u64::from(n), before),
            Span::Hours(h) => shift_days(from, u64::from(h.div_ceil(24)), before),
            Span::Weeks(n) => shift_days(from, 7 * u64::from(n), before),
            Span::Months(n) => {
                let shifted = if before {
                    from.checked_sub_months(Months::new(n))
                } else {
                    from.checked_add_months(Months::new(n))
                };
                shifted.unwrap_or(from)
            }
        };
        calendar.on_or_before(date)
    }
}

fn shift_days(from: NaiveDate, days: u64, before: bool) -> NaiveDate {
    let shifted = if before {
        from.checked_sub_days(Days::new(days))
    } else {
        from.checked_add_days(Days::new(days))
    };
    shifted.unwrap_or(from)
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, one, many) = match *self {
            Span::WorkingDays(n) => (n, "working day", "working days"),
            Span::Days(n) => (n, "day", "days"),
            Span::Weeks(n) => (n, "week", "weeks"),
            Span::Months(n) => (n, "month", "months"),
            Span::Hours(n) => (n, "hour", "hours"),
        };
        write!(f, "{n} {}", if n == 1 { one } else { many })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the span, the date lands on a working day, on the
        /// right side of the event, and never later than the words allow.
        #[test]
        fn spans_land_on_working_days_no_later_than_allowed(start in 0u64..15_000, n in 1u32..60, unit in 0usize..4) {
            let cal = Calendar::default();
            let from = d(2000, 1, 3) + Days::new(start);
            let span = [Span::WorkingDays(n), Span::Days(n), Span::Weeks(n), Span::Months(n)][unit];
            let after = span.from(&cal, from, false);
            prop_assert!(cal.is_working_day(after));
            let raw = match span {
                Span::Days(k) => from + Days::new(u64::from(k)),
                Span::Weeks(k) => from + Days::new(7 * u64::from(k)),
                Span::Months(k) => from.checked_add_months(Months::new(k)).unwrap(),
                _ => after,
            };
            prop_assert!(after <= raw, "never later than the words allow");
            prop_assert!((raw - after).num_days() <= 4, "moved back a long weekend at most");
            prop_assert!(after > from || (raw - from).num_days() <= 4);
            // A longer span never gives an earlier date.
            let longer = match span {
                Span::WorkingDays(k) => Span::WorkingDays(k + 1),
                Span::Days(k) => Span::Days(k + 1),
                Span::Weeks(k) => Span::Weeks(k + 1),
                Span::Months(k) => Span::Months(k + 1),
                Span::Hours(k) => Span::Hours(k + 24),
            };
            prop_assert!(longer.from(&cal, from, false) >= after);
            let before = span.from(&cal, from, true);
            prop_assert!(cal.is_working_day(before) && before < from);
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn reads_what_policies_write() {
        assert_eq!(Span::parse("3 working days"), Ok(Span::WorkingDays(3)));
        assert_eq!(Span::parse("1 working day"), Ok(Span::WorkingDays(1)));
        assert_eq!(Span::parse("12 weeks"), Ok(Span::Weeks(12)));
        assert_eq!(Span::parse("1 month"), Ok(Span::Months(1)));
        assert_eq!(Span::parse("0 days"), Ok(Span::Days(0)));
        assert_eq!(Span::parse("24 hours"), Ok(Span::Hours(24)));
        assert!(
            Span::parse("three weeks")
                .unwrap_err()
                .contains("not a whole number")
        );
        assert!(
            Span::parse("3 fortnights")
                .unwrap_err()
                .contains("not a unit of time")
        );
        assert!(Span::parse("soon").is_err());
        for text in ["3 working days", "1 week", "6 months", "0 days", "48 hours"] {
            assert_eq!(Span::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn the_date_rules_of_the_issue() {
        let cal = Calendar::default();
        let friday = d(2026, 11, 20);
        // Rule 3: the K-th working day after, the day itself not counted.
        assert_eq!(Span::WorkingDays(1).from(&cal, friday, false), d(2026, 11, 23));
        assert_eq!(Span::WorkingDays(5).from(&cal, friday, false), d(2026, 11, 27));
        // Rule 4: weeks are 7 days each, moved back off a weekend.
        assert_eq!(Span::Weeks(1).from(&cal, friday, false), d(2026, 11, 27));
        assert_eq!(Span::Weeks(1).from(&cal, d(2026, 11, 21), false), d(2026, 11, 27));
        // Months: the same day, or the month's last day, moved back.
        assert_eq!(Span::Months(1).from(&cal, d(2026, 1, 31), false), d(2026, 2, 27));
        assert_eq!(Span::Months(3).from(&cal, d(2026, 11, 23), false), d(2027, 2, 23));
        assert_eq!(
            Span::Hours(24).from(&cal, friday, false),
            friday,
            "Saturday moves back to Friday"
        );
        // Before an event.
        assert_eq!(Span::Months(3).from(&cal, d(2027, 6, 30), true), d(2027, 3, 30));
        assert_eq!(
            Span::WorkingDays(2).from(&cal, d(2026, 11, 23), true),
            d(2026, 11, 19)
        );
    }
}
