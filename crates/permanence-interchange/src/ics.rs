//! An iCalendar (RFC 5545) file of open timeline items, for Outlook and
//! other calendar programs. Each item is an all-day entry on the day it is
//! due, with a UID that stays the same from one export to the next, so a
//! re-import updates entries instead of duplicating them.
//!
//! Calendars are often synced to phones and cloud services, so entries
//! name the child by reference only, never by name.

use crate::domain::date::{iso, uk};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// One open item, as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarItem {
    pub reference: String,
    pub plan_id: i64,
    pub key: String,
    pub title: String,
    pub plan: String,
    pub target: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub responsible: Option<String>,
}

impl CalendarItem {
    /// The day it is due: the earlier of its target and deadline.
    pub fn day(&self) -> Option<NaiveDate> {
        match (self.target, self.deadline) {
            (Some(t), Some(d)) => Some(t.min(d)),
            (t, d) => t.or(d),
        }
    }
}

/// Text as RFC 5545 wants it: backslash, semicolon, comma and line breaks
/// escaped (section 3.3.11).
fn escape(text: &str) -> String {
    let text = crate::domain::sanitise::clean_text(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (section 3.1), never inside a
/// character, ending in CRLF.
fn fold(line: &str, out: &mut String) {
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

/// One open item as the feed writes it, its text borrowed: what
/// [`Feed::event`] takes, so a feed read row by row from the store copies
/// nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event<'a> {
    pub reference: &'a str,
    pub plan_id: i64,
    pub key: &'a str,
    pub title: &'a str,
    pub plan: &'a str,
    pub target: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub responsible: Option<&'a str>,
}

impl<'a> Event<'a> {
    fn of(item: &'a CalendarItem) -> Event<'a> {
        Event {
            reference: &item.reference,
            plan_id: item.plan_id,
            key: &item.key,
            title: &item.title,
            plan: &item.plan,
            target: item.target,
            deadline: item.deadline,
            responsible: item.responsible.as_deref(),
        }
    }

    /// The day it is due: the earlier of its target and deadline.
    pub fn day(&self) -> Option<NaiveDate> {
        match (self.target, self.deadline) {
            (Some(t), Some(d)) => Some(t.min(d)),
            (t, d) => t.or(d),
        }
    }
}

/// A feed written one event at a time to `out`, so a calendar of any
/// length is never held whole: the header as it starts, each event as it
/// is handed over, the footer at [`Feed::finish`].
pub struct Feed<W: std::io::Write> {
    out: W,
    stamp: String,
    /// One event's text, refilled for every event.
    text: String,
}

impl<W: std::io::Write> Feed<W> {
    /// Writes the header; `stamp` is when the feed was made (DTSTAMP), as
    /// a UTC time.
    pub fn start(out: W, stamp: chrono::DateTime<chrono::Utc>) -> std::io::Result<Feed<W>> {
        let mut feed = Feed {
            out,
            stamp: stamp.format("%Y%m%dT%H%M%SZ").to_string(),
            text: String::new(),
        };
        for line in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//permanence//permanence timeline items//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Permanence: open items",
        ] {
            fold(line, &mut feed.text);
        }
        feed.flush_text()?;
        Ok(feed)
    }

    /// Writes one item's entry; an item with neither target nor deadline
    /// has no day and is left out.
    pub fn event(&mut self, item: &Event<'_>) -> std::io::Result<()> {
        let Some(day) = item.day() else {
            return Ok(());
        };
        let mut description = format!("Plan: {}", item.plan);
        if let Some(t) = item.target {
            let _ = write!(description, "\nGood-practice target: {}", uk(t));
        }
        if let Some(d) = item.deadline {
            let _ = write!(description, "\nStatutory deadline: {}", uk(d));
        }
        if let Some(r) = item.responsible {
            let _ = write!(description, "\nResponsible: {r}");
        }
        let out = &mut self.text;
        let mut line = |text: &str| fold(text, out);
        line("BEGIN:VEVENT");
        // Keys are [a-z0-9-]; references are the authority's own IDs.
        line(&format!(
            "UID:{}-{}-{}@permanence",
            escape(item.reference).replace(' ', "_"),
            item.plan_id,
            item.key
        ));
        line(&format!("DTSTAMP:{}", self.stamp));
        line(&format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")));
        line(&format!(
            "DTEND;VALUE=DATE:{}",
            (day + chrono::Days::new(1)).format("%Y%m%d")
        ));
        line(&format!(
            "SUMMARY:{}",
            escape(&format!("{}: {}", item.reference, item.title))
        ));
        line(&format!("DESCRIPTION:{}", escape(&description)));
        line("TRANSP:TRANSPARENT");
        line(&format!("X-PERMANENCE-DUE:{}", iso(day)));
        line("END:VEVENT");
        self.flush_text()
    }

    /// Writes the footer; the writer, for the caller to flush.
    pub fn finish(mut self) -> std::io::Result<W> {
        fold("END:VCALENDAR", &mut self.text);
        self.flush_text()?;
        Ok(self.out)
    }

    fn flush_text(&mut self) -> std::io::Result<()> {
        self.out.write_all(self.text.as_bytes())?;
        self.text.clear();
        Ok(())
    }
}

/// The feed: `stamp` is when it was made (DTSTAMP), as a UTC time.
pub fn calendar(items: &[CalendarItem], stamp: chrono::DateTime<chrono::Utc>) -> String {
    let written = (|| {
        let mut feed = Feed::start(Vec::new(), stamp)?;
        for item in items {
            feed.event(&Event::of(item))?;
        }
        feed.finish()
    })();
    // Writing to memory cannot fail, and every line written is UTF-8.
    String::from_utf8(written.unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str) -> CalendarItem {
        CalendarItem {
            reference: "C1001".into(),
            plan_id: 7,
            key: "second-ppm".into(),
            title: title.into(),
            plan: "Adoption (primary)".into(),
            target: NaiveDate::from_ymd_opt(2026, 12, 3),
            deadline: NaiveDate::from_ymd_opt(2026, 12, 1),
            responsible: Some("SW; TM".into()),
        }
    }

    #[test]
    fn an_item_is_an_all_day_entry_on_its_earlier_date() {
        let stamp = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let text = calendar(&[item("Second PPM")], stamp);
        assert!(text.contains("DTSTART;VALUE=DATE:20261201\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20261202\r\n"));
        assert!(text.contains("UID:C1001-7-second-ppm@permanence\r\n"));
        assert!(text.contains("SUMMARY:C1001: Second PPM\r\n"));
        assert!(text.contains("Responsible: SW\\; TM"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let stamp = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let title = "Café review — ".repeat(20);
        let text = calendar(&[item(&title)], stamp);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&escape(&format!("C1001: {title}"))));
    }
}
