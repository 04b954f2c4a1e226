//! Working days in England and Wales, Scotland or Northern Ireland.
//!
//! A working day is Monday to Friday and not a bank holiday. The regular
//! bank holidays are worked out by rule for the chosen region; one-off
//! changes (a jubilee, a state funeral, a moved early May holiday) come
//! from a data file that a local authority can extend, since no rule can
//! predict them.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// A one-off change to the regular bank holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayChange {
    pub date: NaiveDate,
    /// `true` for an extra holiday, `false` for a regular one that was moved away.
    pub added: bool,
    pub reason: String,
}

/// Whose bank holidays count. Each nation of the UK has its own: Scotland
/// has 2 January, the first Monday in August and St Andrew's Day but not
/// Easter Monday; Northern Ireland adds St Patrick's Day and the Battle of
/// the Boyne to those of England and Wales.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Region {
    #[default]
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

// `code`: The name the configuration file and the holiday files use.
crate::coded::coded! {
    Region, loose;
    EnglandAndWales => "england-and-wales", "England and Wales";
    Scotland => "scotland", "Scotland";
    NorthernIreland => "northern-ireland", "Northern Ireland";
}

/// The working-day calendar: the region's rules plus the one-off changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    region: Region,
    added: BTreeSet<NaiveDate>,
    removed: BTreeSet<NaiveDate>,
    /// The rules' holidays for the years in `cached_years`, worked out
    /// once: a timeline asks whether a day is a holiday thousands of times.
    regular: BTreeSet<NaiveDate>,
    cached_years: std::ops::Range<i32>,
}

/// The years whose regular holidays a calendar works out when it is made:
/// any date a child's plan or record is likely to hold. Others are worked
/// out when asked.
const CACHED_YEARS: std::ops::Range<i32> = 1990..2081;

impl Calendar {
    /// England and Wales, with these changes.
    pub fn new(changes: &[HolidayChange]) -> Calendar {
        Calendar::for_region(Region::EnglandAndWales, changes)
    }

    pub fn for_region(region: Region, changes: &[HolidayChange]) -> Calendar {
        let mut calendar = Calendar {
            region,
            ..Calendar::default()
        };
        for change in changes {
            if change.added {
                calendar.added.insert(change.date);
            } else {
                calendar.removed.insert(change.date);
            }
        }
        calendar.regular = CACHED_YEARS
            .flat_map(|year| regular_bank_holidays(region, year))
            .map(|(day, _)| day)
            .collect();
        calendar.cached_years = CACHED_YEARS;
        calendar
    }

    pub fn region(&self) -> Region {
        self.region
    }

    pub fn is_bank_holiday(&self, date: NaiveDate) -> bool {
        if self.added.contains(&date) {
            return true;
        }
        if self.removed.contains(&date) {
            return false;
        }
        if self.cached_years.contains(&date.year()) {
            return self.regular.contains(&date);
        }
        regular_bank_holidays(self.region, date.year())
            .iter()
            .any(|(d, _)| *d == date)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_bank_holiday(date)
    }

    /// The last working day on or before `date`: where a deadline that
    /// falls on a weekend or holiday lands, since it must be met before.
    pub fn on_or_before(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_working_day(day) {
            match day.pred_opt() {
                Some(previous) => day = previous,
                None => return day,
            }
        }
        day
    }

    /// The `k`-th working day after `from` (`from` itself is not counted):
    /// "within k working days of from". Zero gives `from`.
    pub fn add_working_days(&self, from: NaiveDate, k: u32) -> NaiveDate {
        self.step_working_days(from, k, true)
    }

    /// The `k`-th working day before `from`.
    pub fn subtract_working_days(&self, from: NaiveDate, k: u32) -> NaiveDate {
        self.step_working_days(from, k, false)
    }

    fn step_working_days(&self, from: NaiveDate, k: u32, forward: bool) -> NaiveDate {
        let mut day = from;
        let mut counted = 0;
        while counted < k {
            let next = if forward { day.succ_opt() } else { day.pred_opt() };
            match next {
                Some(next) => day = next,
                None => return day,
            }
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }

    /// Every bank holiday of a year, with its name, in date order.
    pub fn bank_holidays(&self, year: i32) -> Vec<(NaiveDate, &'static str)> {
        let mut days: Vec<(NaiveDate, &'static str)> = regular_bank_holidays(self.region, year)
            .into_iter()
            .filter(|(d, _)| !self.removed.contains(d))
            .collect();
        for added in self.added.iter().filter(|d| d.year() == year) {
            if !days.iter().any(|(d, _)| d == added) {
                days.push((*added, "Bank holiday (one-off)"));
            }
        }
        days.sort();
        days
    }
}

/// The bank holidays the rules give for a year in a region.
fn regular_bank_holidays(region: Region, year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut days = Vec::with_capacity(10);
    let date = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    if let (Region::Scotland, Some(first), Some(second)) = (region, date(1, 1), date(1, 2)) {
        days.extend(pair((first, "New Year's Day"), (second, "2nd January")));
    } else if let Some(new_year) = date(1, 1) {
        days.push((next_weekday(new_year), "New Year's Day"));
    }
    if let (Region::NorthernIreland, Some(patrick)) = (region, date(3, 17)) {
        days.push((next_weekday(patrick), "St Patrick's Day"));
    }
    if let Some(easter) = easter_sunday(year) {
        days.push((easter - Days::new(2), "Good Friday"));
        if region != Region::Scotland {
            days.push((easter + Days::new(1), "Easter Monday"));
        }
    }
    if let Some(may) = first_weekday(year, 5, Weekday::Mon) {
        days.push((may, "Early May bank holiday"));
    }
    if let Some(spring) = last_weekday(year, 5, Weekday::Mon) {
        days.push((spring, "Spring bank holiday"));
    }
    if let (Region::NorthernIreland, Some(boyne)) = (region, date(7, 12)) {
        days.push((next_weekday(boyne), "Battle of the Boyne (Orangemen's Day)"));
    }
    let summer = match region {
        Region::Scotland => first_weekday(year, 8, Weekday::Mon),
        Region::EnglandAndWales | Region::NorthernIreland => last_weekday(year, 8, Weekday::Mon),
    };
    if let Some(summer) = summer {
        days.push((summer, "Summer bank holiday"));
    }
    if let (Region::Scotland, Some(andrew)) = (region, date(11, 30)) {
        days.push((next_weekday(andrew), "St Andrew's Day"));
    }
    if let (Some(christmas), Some(boxing)) = (date(12, 25), date(12, 26)) {
        days.extend(pair((christmas, "Christmas Day"), (boxing, "Boxing Day")));
    }
    days.sort();
    days
}

/// Two holidays on consecutive days (Christmas and Boxing Day; in
/// Scotland also 1 and 2 January). Each that falls at a weekend moves to
/// the next weekday not already a holiday: Christmas on a Saturday gives
/// Monday 27th and Tuesday 28th; on a Sunday, Monday 26th and Tuesday 27th.
fn pair(
    first: (NaiveDate, &'static str),
    second: (NaiveDate, &'static str),
) -> [(NaiveDate, &'static str); 2] {
    let mut taken: Vec<NaiveDate> = [first.0, second.0]
        .into_iter()
        .filter(|d| !is_weekend(*d))
        .collect();
    [first, second].map(|(day, name)| {
        let mut observed = day;
        while is_weekend(observed) || (observed != day && taken.contains(&observed)) {
            observed = observed + Days::new(1);
        }
        if !taken.contains(&observed) {
            taken.push(observed);
        }
        (observed, name)
    })
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_weekday(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    while is_weekend(day) {
        day = day + Days::new(1);
    }
    day
}

fn first_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 1)
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    (1..=5)
        .rev()
        .find_map(|n| NaiveDate::from_weekday_of_month_opt(year, month, weekday, n))
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian
/// algorithm, also called Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The one-off changes the issue names, as the data file holds them.
    fn calendar() -> Calendar {
        let change = |date, added| HolidayChange {
            date,
            added,
            reason: String::new(),
        };
        Calendar::new(&[
            change(d(2020, 5, 4), false),
            change(d(2020, 5, 8), true),
            change(d(2022, 5, 30), false),
            change(d(2022, 6, 2), true),
            change(d(2022, 6, 3), true),
            change(d(2022, 9, 19), true),
            change(d(2023, 5, 8), true),
        ])
    }

    fn dates(cal: &Calendar, year: i32) -> Vec<NaiveDate> {
        cal.bank_holidays(year).into_iter().map(|(d, _)| d).collect()
    }

    /// The calendar's bank holidays in `year` are exactly gov.uk's
    /// published list, given as the days' "MM-DD" in order: one line a
    /// year, to read against the list.
    #[track_caller]
    fn published(cal: &Calendar, year: i32, days: &str) {
        let expected: Vec<NaiveDate> = days
            .split_whitespace()
            .map(|day| NaiveDate::parse_from_str(&format!("{year}-{day}"), "%Y-%m-%d").unwrap())
            .collect();
        assert_eq!(dates(cal, year), expected, "{year}");
    }

    #[test]
    fn easter_dates() {
        for (year, month, day) in [
            (2019, 4, 21),
            (2020, 4, 12),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
        ] {
            assert_eq!(easter_sunday(year), Some(d(year, month, day)), "{year}");
        }
    }

    #[test]
    fn bank_holidays_match_the_published_lists() {
        let cal = calendar();
        // gov.uk's published dates for England and Wales.
        published(&cal, 2020, "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28");
        published(&cal, 2021, "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28");
        published(
            &cal,
            2022,
            "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",
        );
        published(
            &cal,
            2023,
            "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",
        );
        published(&cal, 2026, "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28");
        published(&cal, 2027, "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28");
    }

    #[test]
    fn scotland_and_northern_ireland_match_the_published_lists() {
        let scotland = Calendar::for_region(Region::Scotland, &[]);
        // gov.uk's published dates for Scotland: 2 January, no Easter
        // Monday, the first Monday in August, St Andrew's Day (moved to
        // Monday when it falls at a weekend).
        published(
            &scotland,
            2022,
            "01-03 01-04 04-15 05-02 05-30 08-01 11-30 12-26 12-27",
        );
        published(
            &scotland,
            2023,
            "01-02 01-03 04-07 05-01 05-29 08-07 11-30 12-25 12-26",
        );
        published(
            &scotland,
            2025,
            "01-01 01-02 04-18 05-05 05-26 08-04 12-01 12-25 12-26",
        );
        published(
            &scotland,
            2026,
            "01-01 01-02 04-03 05-04 05-25 08-03 11-30 12-25 12-28",
        );
        let northern_ireland = Calendar::for_region(Region::NorthernIreland, &[]);
        // Northern Ireland: England and Wales's, plus St Patrick's Day and
        // the Battle of the Boyne, each moved to Monday from a weekend.
        published(
            &northern_ireland,
            2025,
            "01-01 03-17 04-18 04-21 05-05 05-26 07-14 08-25 12-25 12-26",
        );
        published(
            &northern_ireland,
            2026,
            "01-01 03-17 04-03 04-06 05-04 05-25 07-13 08-31 12-25 12-28",
        );
        // Easter Monday is a working day in Scotland and not elsewhere.
        assert!(scotland.is_working_day(d(2026, 4, 6)));
        assert!(!calendar().is_working_day(d(2026, 4, 6)));
        assert_eq!(scotland.add_working_days(d(2026, 4, 2), 1), d(2026, 4, 6));
        assert_eq!(scotland.region(), Region::Scotland);
    }

    #[test]
    fn regions_are_named_as_the_files_name_them() {
        for region in Region::ALL {
            assert_eq!(Region::parse(region.code()), Some(region));
        }
        assert_eq!(Region::parse(" Scotland "), Some(Region::Scotland));
        assert_eq!(Region::parse("wales"), None);
        assert_eq!(Region::default(), Region::EnglandAndWales);
    }

    #[test]
    fn counting_working_days_around_christmas_and_easter() {
        let cal = calendar();
        // Friday 18 December 2026: the 25th and 28th are holidays.
        assert_eq!(cal.add_working_days(d(2026, 12, 18), 1), d(2026, 12, 21));
        assert_eq!(cal.add_working_days(d(2026, 12, 18), 5), d(2026, 12, 29));
        assert_eq!(cal.add_working_days(d(2026, 12, 24), 1), d(2026, 12, 29));
        // Maundy Thursday 2 April 2026: Good Friday and Easter Monday are off.
        assert_eq!(cal.add_working_days(d(2026, 4, 2), 1), d(2026, 4, 7));
        // 20 working days from Thursday 19 December 2024, past Christmas,
        // Boxing Day and New Year's Day.
        assert_eq!(cal.add_working_days(d(2024, 12, 19), 20), d(2025, 1, 21));
        assert_eq!(cal.subtract_working_days(d(2026, 12, 29), 1), d(2026, 12, 24));
        assert_eq!(cal.on_or_before(d(2026, 12, 28)), d(2026, 12, 24));
        assert_eq!(cal.on_or_before(d(2026, 4, 6)), d(2026, 4, 2));
        assert_eq!(cal.on_or_before(d(2026, 11, 23)), d(2026, 11, 23));
        assert_eq!(cal.add_working_days(d(2026, 11, 21), 0), d(2026, 11, 21));
    }

    proptest! {
        #[test]
        fn adding_working_days_lands_on_a_working_day_in_order(start in 0u64..20_000, k in 1u32..300) {
            let cal = calendar();
            let from = d(2000, 1, 1) + Days::new(start);
            let to = cal.add_working_days(from, k);
            prop_assert!(cal.is_working_day(to));
            prop_assert!(to > from);
            // Exactly k working days lie in (from, to].
            let mut count = 0;
            let mut day = from;
            while day < to {
                day = day + Days::new(1);
                if cal.is_working_day(day) { count += 1; }
            }
            prop_assert_eq!(count, k);
            // One more working day is later still.
            prop_assert!(cal.add_working_days(from, k + 1) > to);
            // And counting back returns to the last working day on or before the start.
            prop_assert_eq!(cal.subtract_working_days(to, k), cal.on_or_before(from));
        }

        #[test]
        fn on_or_before_is_the_latest_working_day_not_after(start in 0u64..20_000) {
            let cal = calendar();
            let date = d(2000, 1, 1) + Days::new(start);
            let back = cal.on_or_before(date);
            prop_assert!(cal.is_working_day(back));
            prop_assert!(back <= date);
            prop_assert!((date - back).num_days() <= 5, "never more than a long weekend back");
            let mut day = back + Days::new(1);
            while day <= date {
                prop_assert!(!cal.is_working_day(day));
                day = day + Days::new(1);
            }
        }

        #[test]
        fn the_cached_years_agree_with_the_rules(day in 0u64..45_000, region in 0usize..3) {
            let region = Region::ALL[region];
            let date = d(1985, 1, 1) + Days::new(day);
            let cached = Calendar::for_region(region, &[]);
            let by_rule = regular_bank_holidays(region, date.year()).iter().any(|(d, _)| *d == date);
            prop_assert_eq!(cached.is_bank_holiday(date), by_rule, "{:?} {}", region, date);
            // A calendar made without the cache (Default) answers the same.
            let uncached = Calendar { region, ..Calendar::default() };
            prop_assert_eq!(uncached.is_bank_holiday(date), by_rule);
        }

        #[test]
        fn every_year_has_its_regions_regular_holidays_on_distinct_weekdays(year in 1980i32..2100) {
            for (region, count) in [
                (Region::EnglandAndWales, 8),
                (Region::Scotland, 9),
                (Region::NorthernIreland, 10),
            ] {
                let days = regular_bank_holidays(region, year);
                prop_assert_eq!(days.len(), count, "{:?}", region);
                prop_assert!(days.iter().all(|(d, _)| !is_weekend(*d)));
                let unique: BTreeSet<_> = days.iter().map(|(d, _)| *d).collect();
                prop_assert_eq!(unique.len(), count, "{:?} {}", region, year);
            }
        }
    }
}
