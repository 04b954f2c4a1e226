//! Each child's summary, stored with their stored timeline as the spans
//! of days it holds for ([`day_by_day`]): one short text a child, so that
//! the trackers, the dashboard and a tracker meeting read one row a child
//! (issue 19) rather than every stored item of the caseload (ten a child).
//!
//! Written by the same refresh that stores the items, in its transaction,
//! and deleted with them by the same triggers: exactly as current as they
//! are. Only the part of a summary that moves with the day is stored (the
//! counts and the soonest item); the pathway, week and stage come from the
//! child's plans on the day asked for ([`Tally::summary`]).
//!
//! The text is the spans in order, `;` between them, each
//! `FROM OVERDUE BREACHED [DUE TITLE]`: the day it begins (`-`, only for
//! the first, for any day before the second), the open items past
//! their target and those past their deadline, and the soonest item's date
//! and number in `stored_titles`. For example
//! `- 0 0 2026-12-20 4;2026-12-21 1 0 2026-12-20 4`.

use crate::StoreError;
use crate::by_id::ById;
use crate::split::{once, parts};
use crate::stored::TitleIds;
use chrono::NaiveDate;
use permanence_domain::date::iso;
use permanence_domain::plan::PlanStatus;
use permanence_domain::timeline::Timeline;
use permanence_domain::timeline::tally::{Tally, day_by_day};
use rusqlite::Connection;
use std::fmt::Write;

/// The spans of days from `first` that `timeline`'s summary holds for:
/// the work of [`encode_spans`] that needs no database, so that a bulk load
/// does it on the threads that work the timelines out
/// ([`crate::stored_load`]) rather than on the one that writes.
pub(crate) fn spans(timeline: &Timeline, first: NaiveDate) -> Spans {
    day_by_day(timeline, Some(first))
}

/// What [`spans`] gives: each span's first day and its tally.
pub(crate) type Spans = Vec<(Option<NaiveDate>, Tally)>;

/// The stored text of `timeline`'s summaries on every day from `first` it
/// holds for (its [`spans`] from `first`), each soonest item's key and
/// title numbered in `stored_titles`. Only from `first` (the day it is stored on): a
/// timeline that holds for any day before would otherwise keep a span for
/// every change in years of history, which no reader of today asks for.
pub(crate) fn encode_spans(
    conn: &Connection,
    titles: &mut TitleIds,
    timeline: &Timeline,
    spans: &Spans,
) -> Result<String, StoreError> {
    // The places `day_by_day` counts in: every active plan's items.
    let items: Vec<_> = timeline
        .plans
        .iter()
        .filter(|p| p.plan.status == PlanStatus::Active)
        .flat_map(|p| &p.items)
        .collect();
    let mut out = String::new();
    for (at, (from, tally)) in spans.iter().enumerate() {
        if at > 0 {
            out.push(';');
        }
        let from = from.map_or_else(|| "-".to_string(), iso);
        // Writing to a String cannot fail.
        let _ = write!(out, "{from} {} {}", tally.overdue(), tally.breached());
        if let Some((due, position)) = tally.next() {
            let item = items
                .get(position)
                .ok_or_else(|| StoreError::Corrupt(format!("summary: no item {position}")))?;
            let _ = write!(out, " {} {}", iso(due), titles.of(conn, &item.key, &item.title)?);
        }
    }
    Ok(out)
}

/// The tally stored in `text` for `day`, its soonest item titled from
/// `titles` (each stored title by its number); `None` where the text
/// cannot be read or names a title not there, for the summary to be
/// worked out afresh.
pub(crate) fn decode(text: &str, titles: &ById<String>, day: NaiveDate) -> Option<Tally> {
    // Only the span of the day has its counts and soonest item read, since
    // every child's summary is read this way when the caseload is read
    // whole; every span's first day is still read, so that a row whose
    // spans cannot be told apart is worked out afresh, never half-read.
    let mut of_day = None;
    for (at, span) in parts(text, b';').enumerate() {
        let (from, rest) = once(span, b' ')?;
        let begun = match (at, from) {
            (0, "-") => true,
            (_, from) => crate::day::iso_day(from)? <= day,
        };
        if begun {
            of_day = Some(rest);
        }
    }
    let mut parts = parts(of_day?, b' ');
    let overdue: usize = parts.next()?.parse().ok()?;
    let breached: usize = parts.next()?.parse().ok()?;
    let next = match (parts.next(), parts.next(), parts.next()) {
        (None, _, _) => None,
        (Some(due), Some(title), None) => {
            let due = crate::day::iso_day(due)?;
            let title = titles.get(title.parse::<i64>().ok()?)?;
            Some((title.clone(), due))
        }
        _ => return None,
    };
    Some(Tally::stored(overdue, breached, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_span_of_the_day_is_read_and_anything_else_is_refused() {
        let titles: ById<String> = [(4, "Adoption medical".to_string())].into_iter().collect();
        let text = "- 0 0 2026-12-20 4;2026-12-21 1 0 2026-12-20 4;2027-01-03 1 1";
        let on = |day: &str| decode(text, &titles, d(day));
        let medical = Some(("Adoption medical".to_string(), d("2026-12-20")));
        assert_eq!(on("2026-12-01"), Some(Tally::stored(0, 0, medical.clone())));
        assert_eq!(on("2026-12-20"), Some(Tally::stored(0, 0, medical.clone())));
        assert_eq!(on("2026-12-21"), Some(Tally::stored(1, 0, medical)));
        assert_eq!(on("2027-02-01"), Some(Tally::stored(1, 1, None)));
        let later = "2026-12-05 0 0;2026-12-21 1 0";
        assert_eq!(
            decode(later, &titles, d("2026-12-04")),
            None,
            "before the first span"
        );
        assert_eq!(
            decode(later, &titles, d("2026-12-05")),
            Some(Tally::stored(0, 0, None))
        );
        for broken in [
            "",
            "2026-12-01 0 0;- 1 1",
            "- 0",
            "- x 0",
            "- 0 0 2026-12-20",
            "- 0 0 2026-13-01 4",
            "- 0 0 2026-12-20 9",
        ] {
            assert_eq!(decode(broken, &titles, d("2026-12-01")), None, "{broken:?}");
        }
    }
}
