//! An iCalendar (RFC 5545) file of open timeline items, for Outlook and
//! other calendar programs. Each item is an all-day entry on the day it is
//! due, with a UID that stays the same from one export to the next, so a
//! re-import updates entries instead of duplicating them.
//!
//! Calendars are often synced to phones and cloud services, so entries
//! name the child by reference only, never by name.

use crate::domain::date::{push_iso, push_uk};
use crate::domain::set_by::{SetBy, deadline_label};
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
    /// Who sets the deadline: only the law's is called statutory.
    pub deadline_by: Option<SetBy>,
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
#[cfg(test)]
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

/// As [`escape`], onto the end of `out`. A feed escapes a few fields of
/// every one of hundreds of thousands of entries, so the usual text (safe
/// and with nothing to escape) is copied whole.
fn escape_into(text: &str, out: &mut String) {
    use crate::domain::sanitise::{clean_text, has_unsafe};
    // Nearly every field is printable ASCII with nothing to escape: one
    // look at its bytes says so (three, for safety, tabs and escapes, made
    // this function 5% of the feed's time at 100,000 children).
    if plain_field(text.as_bytes()) {
        out.push_str(text);
        return;
    }
    let cleaned;
    // Tabs are safe to `has_unsafe` but made spaces by `clean_text`.
    let text = if has_unsafe(text) || text.contains('\t') {
        cleaned = clean_text(text);
        cleaned.as_str()
    } else {
        text
    };
    if !text
        .bytes()
        .any(|b| matches!(b, b'\\' | b';' | b',' | b'\n' | b'\r'))
    {
        out.push_str(text);
        return;
    }
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
}

/// Whether every byte is printable ASCII other than the three RFC 5545
/// escapes (`\`, `;`, `,`): text [`escape_into`] copies as it is. Without
/// early exits, so that the compiler checks many bytes an instruction.
fn plain_field(bytes: &[u8]) -> bool {
    let mut other = false;
    for &b in bytes {
        other |= !(0x20..0x7F).contains(&b) | (b == b'\\') | (b == b';') | (b == b',');
    }
    !other
}

/// A content line folded at 75 octets (section 3.1), never inside a
/// character, ending in CRLF: each piece copied whole, the longest that
/// ends on a character's boundary (75 octets, then 74 after the space
/// that starts each continuation), as most descriptions are folded.
fn fold(line: &str, out: &mut String) {
    let mut rest = line;
    let mut room = 75;
    while rest.len() > room {
        // A character is at most 4 octets, so a boundary is near.
        let mut end = room;
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (piece, after) = rest.split_at(end);
        out.push_str(piece);
        out.push_str("\r\n ");
        rest = after;
        room = 74;
    }
    out.push_str(rest);
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
    /// Who sets the deadline: only the law's is called statutory.
    pub deadline_by: Option<SetBy>,
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
            deadline_by: item.deadline_by,
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

/// How much of the feed is held before it is written out: writes of
/// 64 KiB, rather than one of a few hundred bytes an entry, copy each
/// byte once (not into a `BufWriter` of the caller's first) and make
/// an eighth as many calls on the writer below.
const WRITE_AT: usize = 64 * 1024;

/// A feed written a few hundred entries at a time to `out`, so a
/// calendar of any length is never held whole: the header as it starts,
/// the entries as they are handed over, the footer at [`Feed::finish`].
/// `out` needs no buffer of its own.
pub struct Feed<W: std::io::Write> {
    out: W,
    /// The whole DTSTAMP line.
    stamp: String,
    /// The text not yet written out: up to [`WRITE_AT`] and an entry.
    text: String,
    /// One line of it, before folding.
    line: String,
}

impl<W: std::io::Write> Feed<W> {
    /// Starts with the header (written out with the first entries);
    /// `stamp` is when the feed was made (DTSTAMP), as a UTC time.
    pub fn start(out: W, stamp: chrono::DateTime<chrono::Utc>) -> std::io::Result<Feed<W>> {
        let mut feed = Feed {
            out,
            stamp: format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")),
            text: String::with_capacity(WRITE_AT + 4096),
            line: String::new(),
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
        Ok(feed)
    }

    /// Adds one item's entry, writing out what is held once it is
    /// [`WRITE_AT`] or more; an item with neither target nor deadline has
    /// no day and is left out.
    pub fn event(&mut self, item: &Event<'_>) -> std::io::Result<()> {
        let Some(day) = item.day() else {
            return Ok(());
        };
        // Each line made in `line` and folded onto `text`, both kept from
        // one entry to the next: an entry allocates nothing.
        let (line, out) = (&mut self.line, &mut self.text);
        fold("BEGIN:VEVENT", out);
        // Keys are [a-z0-9-]; references are the authority's own IDs.
        line.clear();
        line.push_str("UID:");
        let from = line.len();
        escape_into(item.reference, line);
        if line[from..].contains(' ') {
            let spaced = line.split_off(from);
            line.push_str(&spaced.replace(' ', "_"));
        }
        let _ = write!(line, "-{}-{}@permanence", item.plan_id, item.key);
        fold(line, out);
        fold(&self.stamp, out);
        line.clear();
        line.push_str("DTSTART;VALUE=DATE:");
        compact_date(day, line);
        fold(line, out);
        line.clear();
        line.push_str("DTEND;VALUE=DATE:");
        compact_date(day + chrono::Days::new(1), line);
        fold(line, out);
        line.clear();
        line.push_str("SUMMARY:");
        escape_into(item.reference, line);
        line.push_str(": ");
        escape_into(item.title, line);
        fold(line, out);
        // The description's parts escaped one by one: escaping is char by
        // char, so this is the whole escaped, its line breaks as \n.
        line.clear();
        line.push_str("DESCRIPTION:Plan: ");
        escape_into(item.plan, line);
        if let Some(t) = item.target {
            line.push_str("\\nGood-practice target: ");
            push_uk(t, line);
        }
        if let Some(d) = item.deadline {
            line.push_str("\\n");
            line.push_str(deadline_label(item.deadline_by));
            line.push_str(": ");
            push_uk(d, line);
        }
        if let Some(r) = item.responsible {
            line.push_str("\\nResponsible: ");
            escape_into(r, line);
        }
        fold(line, out);
        fold("TRANSP:TRANSPARENT", out);
        line.clear();
        line.push_str("X-PERMANENCE-DUE:");
        push_iso(day, line);
        fold(line, out);
        fold("END:VEVENT", out);
        if self.text.len() >= WRITE_AT {
            self.flush_text()?;
        }
        Ok(())
    }

    /// Writes out what is held and the footer; the writer, for the caller
    /// to flush.
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

/// A day as `%Y%m%d` writes it, by hand: chrono's formatter parses its
/// pattern on every call, and a feed writes two days an entry.
fn compact_date(day: NaiveDate, out: &mut String) {
    use chrono::Datelike;
    if (0..=9999).contains(&day.year()) {
        digits(day.year().unsigned_abs(), 4, out);
        digits(day.month(), 2, out);
        digits(day.day(), 2, out);
    } else {
        let _ = write!(out, "{}", day.format("%Y%m%d"));
    }
}

/// `n` (below 10^`width`) in `width` digits, zeros first.
fn digits(n: u32, width: u32, out: &mut String) {
    for place in (0..width).rev() {
        let digit = (n / 10u32.pow(place)) % 10;
        out.push(char::from(b'0' + digit as u8));
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
    use crate::domain::date::{iso, uk};

    fn item(title: &str) -> CalendarItem {
        CalendarItem {
            reference: "C1001".into(),
            plan_id: 7,
            key: "second-ppm".into(),
            title: title.into(),
            plan: "Adoption (primary)".into(),
            target: NaiveDate::from_ymd_opt(2026, 12, 3),
            deadline: NaiveDate::from_ymd_opt(2026, 12, 1),
            deadline_by: Some(SetBy::Policy),
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
        // A PPM's deadline is Warrington's policy, not the law's.
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("\\nPolicy deadline: 01/12/2026\\n"), "{text}");
        assert!(!unfolded.contains("Statutory"), "{text}");
        let law = CalendarItem {
            deadline_by: Some(SetBy::Law),
            ..item("Second case review")
        };
        let unfolded = calendar(&[law], stamp).replace("\r\n ", "");
        assert!(
            unfolded.contains("\\nStatutory deadline: 01/12/2026\\n"),
            "{unfolded}"
        );
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }

    /// The feed as it was written before it streamed, every line made
    /// whole and escaped whole: what the streamed feed must equal.
    fn as_before(items: &[CalendarItem], stamp: chrono::DateTime<chrono::Utc>) -> String {
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
        let mut out = String::new();
        let mut line = |text: String| fold(&text, &mut out);
        line("BEGIN:VCALENDAR".into());
        line("VERSION:2.0".into());
        line("PRODID:-//permanence//permanence timeline items//EN".into());
        line("CALSCALE:GREGORIAN".into());
        line("METHOD:PUBLISH".into());
        line("X-WR-CALNAME:Permanence: open items".into());
        let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
        for item in items {
            let Some(day) = item.day() else { continue };
            let mut description = format!("Plan: {}", item.plan);
            if let Some(t) = item.target {
                let _ = write!(description, "\nGood-practice target: {}", uk(t));
            }
            if let Some(d) = item.deadline {
                let _ = write!(description, "\n{}: {}", deadline_label(item.deadline_by), uk(d));
            }
            if let Some(r) = &item.responsible {
                let _ = write!(description, "\nResponsible: {r}");
            }
            line("BEGIN:VEVENT".into());
            line(format!(
                "UID:{}-{}-{}@permanence",
                escape(&item.reference).replace(' ', "_"),
                item.plan_id,
                item.key
            ));
            line(format!("DTSTAMP:{stamp}"));
            line(format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")));
            line(format!(
                "DTEND;VALUE=DATE:{}",
                (day + chrono::Days::new(1)).format("%Y%m%d")
            ));
            line(format!(
                "SUMMARY:{}",
                escape(&format!("{}: {}", item.reference, item.title))
            ));
            line(format!("DESCRIPTION:{}", escape(&description)));
            line("TRANSP:TRANSPARENT".into());
            line(format!("X-PERMANENCE-DUE:{}", iso(day)));
            line("END:VEVENT".into());
        }
        line("END:VCALENDAR".into());
        out
    }

    /// Text of every awkward kind (escapes, line breaks, tabs, controls,
    /// bidi marks, long and multi-byte text, spaces in a reference) and
    /// dates of every shape give the same bytes as before.
    #[test]
    fn the_streamed_feed_is_byte_for_byte_the_feed_made_whole() {
        let stamp = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let texts = [
            "Second PPM",
            "a, b; c \\ d",
            "line one\nline two\r\nthree",
            "tab\there",
            "bell\u{7}and\u{202E}bidi",
            "Café review — naïve façade ✓ ",
            "",
        ];
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d);
        let mut items = Vec::new();
        for (n, text) in texts.iter().enumerate() {
            let long = text.repeat(9);
            for (target, deadline) in [(day(3), day(1)), (None, day(31)), (day(9), None), (None, None)] {
                items.push(CalendarItem {
                    reference: format!("C{n} {text}"),
                    plan_id: n as i64,
                    key: "second-ppm".into(),
                    title: long.clone(),
                    plan: format!("Adoption {text} (primary)"),
                    target,
                    deadline,
                    deadline_by: [Some(SetBy::Law), Some(SetBy::Policy), None][n % 3],
                    responsible: (n % 2 == 0).then(|| text.to_string()),
                });
            }
        }
        // Years of fewer and more than four digits, and before year 1.
        for year in [5, 999, 10_000, 12_345, 0, -3] {
            let day = |d: u32| NaiveDate::from_ymd_opt(year, 2, d);
            for (target, deadline) in [(day(3), day(1)), (None, day(28)), (day(9), None)] {
                items.push(CalendarItem {
                    target,
                    deadline,
                    ..item("Year")
                });
            }
        }
        assert_eq!(calendar(&items, stamp), as_before(&items, stamp));
        assert_eq!(calendar(&[], stamp), as_before(&[], stamp));
    }

    /// A writer that keeps each write apart.
    #[derive(Default)]
    struct Writes(Vec<Vec<u8>>);

    impl std::io::Write for Writes {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Held and written out 64 KiB at a time, a feed far longer than that
    /// (plain fields, fields to escape, multi-byte text folded at the
    /// 75-octet boundary) is the same bytes as the feed made whole, in
    /// writes of whole entries of at least 64 KiB each but the last.
    #[test]
    fn a_feed_written_in_64_kib_pieces_is_the_feed_made_whole() {
        let stamp = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        // 'é' (2 octets) and '—' (3) land across the fold.
        let long = "Café review — naïve façade ".repeat(6);
        let titles: [&str; 4] = [
            "Second PPM",
            "Adoption panel, agency decision; \\ review",
            &long,
            "Child in Need visits to the child should take place at a minimum of every four weeks",
        ];
        let items: Vec<CalendarItem> = (0..2_000)
            .map(|n| CalendarItem {
                reference: format!("C{n}"),
                plan_id: n,
                title: titles[n as usize % titles.len()].to_string(),
                responsible: (n % 3 != 0).then(|| ["SW", "Équipe, IRO"][n as usize % 2].to_string()),
                ..item("")
            })
            .collect();
        let mut feed = Feed::start(Writes::default(), stamp).unwrap();
        // Nothing written until there is 64 KiB of it.
        assert!(feed.out.0.is_empty());
        for item in &items {
            feed.event(&Event::of(item)).unwrap();
        }
        let writes = feed.finish().unwrap().0;
        assert!(writes.len() > 4, "{} writes", writes.len());
        let (last, whole) = writes.split_last().unwrap();
        for write in whole {
            assert!(write.len() >= WRITE_AT, "{} bytes", write.len());
            assert!(write.ends_with(b"END:VEVENT\r\n"));
        }
        assert!(last.ends_with(b"END:VCALENDAR\r\n"));
        assert_eq!(
            String::from_utf8(writes.concat()).unwrap(),
            as_before(&items, stamp)
        );
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
