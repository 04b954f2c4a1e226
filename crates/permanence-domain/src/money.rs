//! Money in pounds and pence, held as a whole number of pence so that no
//! sum is ever rounded by floating point.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pence(pub i64);

impl Pence {
    pub fn pounds(pounds: i64) -> Pence {
        Pence(pounds * 100)
    }

    /// Reads `10000`, `10000.5`, `10,000.50`, `£10,000.50`. Refuses
    /// negative sums, fractions of a penny, and anything that is not one
    /// amount: commas only between groups of three digits (`1,2,3` is
    /// three numbers, not £123) and no spaces inside.
    pub fn parse(text: &str) -> Result<Pence, String> {
        let original = text.trim();
        let bad = || format!("{original} is not an amount of money (write, say, 1250.00)");
        let unsigned = original.trim_start_matches('£').trim_start();
        if unsigned.chars().any(char::is_whitespace) {
            return Err(bad());
        }
        let cleaned = ungrouped(unsigned).ok_or_else(|| {
            format!("{original} is not an amount of money: commas go between groups of three digits (write, say, 1,250.00 or 1250.00)")
        })?;
        if cleaned.is_empty() {
            return Err(bad());
        }
        if cleaned.starts_with('-') {
            return Err(format!(
                "{original} is negative; amounts are in pounds and pence, 0 or more"
            ));
        }
        let (whole, fraction) = match cleaned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (cleaned.as_str(), ""),
        };
        if whole.is_empty() && fraction.is_empty() {
            return Err(bad());
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if fraction.len() > 2 {
            return Err(format!("{original} has fractions of a penny"));
        }
        // Only digits are left, so a number that will not parse is too big.
        let pounds: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| format!("{original} is too large"))?
        };
        let pence: i64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().map_err(|_| bad())? * 10,
            _ => fraction.parse().map_err(|_| bad())?,
        };
        pounds
            .checked_mul(100)
            .and_then(|p| p.checked_add(pence))
            .map(Pence)
            .ok_or_else(|| format!("{original} is too large"))
    }

    /// `10000.00`: how files and JSON carry it.
    pub fn decimal(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// The amount with its thousands separators taken out, or `None` if a
/// comma is anywhere but between groups of three digits in the pounds
/// (`1,234` and `12,345,678.90`, not `1,2,3`, `1234,567` or `1,234.5,0`).
fn ungrouped(text: &str) -> Option<String> {
    let (whole, rest) = match text.find('.') {
        Some(at) => text.split_at(at),
        None => (text, ""),
    };
    if rest.contains(',') {
        return None;
    }
    if whole.contains(',') {
        let digits = whole.trim_start_matches('-');
        let mut groups = digits.split(',');
        let first = groups.next()?;
        let first_ok = (1..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit());
        if !first_ok || !groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
    }
    Some(format!("{}{rest}", whole.replace(',', "")))
}

impl fmt::Display for Pence {
    /// `£10,000.00`: how the screens show it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pounds = (self.0 / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in pounds.chars().enumerate() {
            if i > 0 && (pounds.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "£{grouped}.{:02}", self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_what_people_type() {
        assert_eq!(Pence::parse("10000"), Ok(Pence(1_000_000)));
        assert_eq!(Pence::parse("10000.00"), Ok(Pence(1_000_000)));
        assert_eq!(Pence::parse("£10,000.5"), Ok(Pence(1_000_050)));
        assert_eq!(Pence::parse(".99"), Ok(Pence(99)));
        assert!(
            Pence::parse("10.001")
                .unwrap_err()
                .contains("fractions of a penny")
        );
        assert!(Pence::parse("-5").unwrap_err().contains("negative"));
        assert!(Pence::parse("ten pounds").is_err());
        assert_eq!(Pence::parse("1,234.50"), Ok(Pence(123_450)));
        assert_eq!(Pence::parse("£ 12,345,678"), Ok(Pence(1_234_567_800)));
        assert!(Pence::parse("").is_err());
        assert!(
            Pence::parse("99999999999999999999")
                .unwrap_err()
                .contains("too large")
        );
    }

    /// Issue 16: `1,2,3` was read as £123. Only one well-formed amount is
    /// an amount.
    #[test]
    fn refuses_what_is_not_one_amount() {
        for text in [
            "1,2,3",
            "1,23",
            "1234,567",
            ",123",
            "123,",
            "1,,234",
            "1,234.5,0",
            "1 2 3",
            "12 34.00",
            "1.2.3",
            "£",
            "£,",
        ] {
            assert!(
                Pence::parse(text).is_err(),
                "{text} was read as {:?}",
                Pence::parse(text)
            );
        }
        assert!(Pence::parse("1,2,3").unwrap_err().contains("groups of three"));
    }

    #[test]
    fn shows_pounds_and_pence() {
        assert_eq!(Pence(1_000_050).to_string(), "£10,000.50");
        assert_eq!(Pence(5).to_string(), "£0.05");
        assert_eq!(Pence(1_000_050).decimal(), "10000.50");
    }

    proptest! {
        /// A comma anywhere but between groups of three digits counted
        /// from the pence is refused, whatever the number.
        #[test]
        fn a_comma_out_of_place_is_refused(pounds in 10u64..10_000_000_000, at in 1usize..11) {
            let digits = pounds.to_string();
            prop_assume!(at < digits.len() && !(digits.len() - at).is_multiple_of(3));
            let text = format!("{},{}.00", &digits[..at], &digits[at..]);
            prop_assert!(Pence::parse(&text).is_err(), "{} was read", text);
        }

        #[test]
        fn decimal_round_trips(pence in 0i64..10_000_000_000) {
            prop_assert_eq!(Pence::parse(&Pence(pence).decimal()), Ok(Pence(pence)));
            prop_assert_eq!(Pence::parse(&Pence(pence).to_string()), Ok(Pence(pence)));
        }
    }
}
