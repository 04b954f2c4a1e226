//! One child's adoption timeliness, as the child's screen shows it: for a
//! child still waiting, the days so far on A1 and A2 with the threshold
//! (and A10's, stopped, for a child living with the foster carers who are
//! to adopt them),
//! the days left and the day the clock passes it (the same [`Clock`]s the
//! report lists, so the screen and the report cannot disagree), and the
//! day A3's 14 months run out; for a child adopted, their own figures.
//! The words are worked out here, once, and the screen only draws them.
//!
//! This product's own readings (beside those in [`super`]):
//! - A3 has no threshold in days: for a child waiting, the clock is the
//!   last day on which moving in still counts as under 14 calendar months
//!   ([`super::Journey::a3`]), and it passes the day after;
//! - a clock is "soon" within [`super::panel::SOON_DAYS`] of passing, as
//!   the dashboard counts it.

use super::panel::SOON_DAYS;
use super::{Clock, Journey, Measure, Thresholds, add_months, clocks};
use chrono::NaiveDate;

/// How pressing a line is, for the screen's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// Past the threshold, or will not count as under.
    Over,
    /// Passes within [`SOON_DAYS`].
    Soon,
    /// Stopped, met, or far off.
    Calm,
}

/// One line of the child's timeliness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildLine {
    pub measure: Measure,
    pub text: String,
    /// The same in fewer words, for a narrow screen: the days, the
    /// threshold and the day it passes.
    pub short: String,
    pub urgency: Urgency,
}

/// The child's timeliness lines as of `today`, dates written by `show`
/// (the screen's date style): nothing for a child who has no adoption
/// journey the measures can count (no date of entering care, or adopted
/// without having moved in first).
pub fn lines(
    journey: &Journey,
    today: NaiveDate,
    thresholds: &Thresholds,
    show: impl Fn(NaiveDate) -> String,
) -> Vec<ChildLine> {
    if journey.waiting {
        waiting(journey, today, thresholds, &show)
    } else if journey.adopted.is_some() {
        adopted(journey, thresholds).into_iter().collect()
    } else {
        Vec::new()
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// How a running clock stands: "114 days left, passes on 14/03/2027", or
/// "74 days over since 02/05/2026"; and in short, "passes on 14/03/2027"
/// or "over since 02/05/2026".
fn standing(clock: &Clock, show: &impl Fn(NaiveDate) -> String) -> (String, String, Urgency) {
    let left = clock.days_left();
    let passes = clock.passes_on().map(show).unwrap_or_default();
    if left < 0 {
        let over = -left;
        (
            format!("{over} day{} over since {passes}", plural(over)),
            format!("over since {passes}"),
            Urgency::Over,
        )
    } else {
        let urgency = if left <= SOON_DAYS {
            Urgency::Soon
        } else {
            Urgency::Calm
        };
        (
            format!("{left} day{} left, passes on {passes}", plural(left)),
            format!("passes on {passes}"),
            urgency,
        )
    }
}

fn waiting(
    journey: &Journey,
    today: NaiveDate,
    thresholds: &Thresholds,
    show: &impl Fn(NaiveDate) -> String,
) -> Vec<ChildLine> {
    let mut out = Vec::new();
    // The report's clocks for this one child: one source for both.
    for clock in clocks(std::slice::from_ref(journey), today, thresholds) {
        let days = clock.days;
        let threshold = clock.threshold;
        let met = if days > threshold {
            Urgency::Over
        } else {
            Urgency::Calm
        };
        let (text, short, urgency) = match (clock.measure, clock.stopped) {
            (Measure::A1, None) => {
                let (stands, short, urgency) = standing(&clock, show);
                (
                    format!(
                        "A1: {days} day{} since entering care (threshold {threshold}): {stands}",
                        plural(days)
                    ),
                    format!("A1 {days} days in care ({threshold}): {short}"),
                    urgency,
                )
            }
            (Measure::A1, Some(on)) => (
                format!(
                    "A1: {days} day{} from entering care to moving in on {} (threshold {threshold}): counts once adopted",
                    plural(days),
                    show(on)
                ),
                format!("A1 {days} days to moving in ({threshold})"),
                met,
            ),
            // Always stopped: the foster placement has begun.
            (Measure::A10, on) => (
                format!(
                    "A10: {days} day{} from entering care to the foster placement with the carers adopting, on {} (threshold {threshold}): counts once adopted",
                    plural(days),
                    on.map(show).unwrap_or_default()
                ),
                format!("A10 {days} days to the foster placement ({threshold})"),
                met,
            ),
            (_, None) => {
                let (stands, short, urgency) = standing(&clock, show);
                (
                    format!(
                        "A2: {days} day{} since the placement order, no match yet (threshold {threshold}): {stands}",
                        plural(days)
                    ),
                    format!("A2 {days} days since PO ({threshold}): {short}"),
                    urgency,
                )
            }
            (_, Some(on)) => (
                format!(
                    "A2: {days} day{} from the placement order to the match on {} (threshold {threshold})",
                    plural(days),
                    show(on)
                ),
                format!("A2 {days} days, PO to match ({threshold})"),
                met,
            ),
        };
        out.push(ChildLine {
            measure: clock.measure,
            text,
            short,
            urgency,
        });
    }
    out.extend(a3_waiting(journey, today, thresholds, show));
    // A1, A2, A3, as the report orders the measures.
    out.sort_by_key(|l| Measure::ALL.iter().position(|m| *m == l.measure));
    out
}

/// A3 for a child waiting: the last day moving in still counts as under
/// the months, or whether the move already did.
fn a3_waiting(
    journey: &Journey,
    today: NaiveDate,
    thresholds: &Thresholds,
    show: &impl Fn(NaiveDate) -> String,
) -> Option<ChildLine> {
    let months = thresholds.under_months();
    let entered = journey.entered_care.filter(|e| *e <= today)?;
    let passes = add_months(entered, months);
    let last_under = passes.pred_opt()?;
    let placed = journey.placed.filter(|p| *p <= today);
    let (text, short, urgency) = match (placed, journey.a3(months)) {
        (Some(on), Some(under)) => {
            let words = if under { "under" } else { "not under" };
            (
                format!(
                    "A3: moved in on {} {words} {months} months after entering care",
                    show(on)
                ),
                format!("A3 {words} {months} months"),
                if under { Urgency::Calm } else { Urgency::Over },
            )
        }
        _ if today > last_under => (
            format!(
                "A3: {months} months in care passed on {}: will not count as under {months} months",
                show(passes)
            ),
            format!("A3 {months} months passed on {}", show(passes)),
            Urgency::Over,
        ),
        _ => {
            let left = (last_under - today).num_days();
            (
                format!(
                    "A3: moving in by {} counts as under {months} months ({left} day{} left)",
                    show(last_under),
                    plural(left)
                ),
                format!("A3 under {months} months if in by {}", show(last_under)),
                if left <= SOON_DAYS {
                    Urgency::Soon
                } else {
                    Urgency::Calm
                },
            )
        }
    };
    Some(ChildLine {
        measure: Measure::A3,
        text,
        short,
        urgency,
    })
}

/// A child adopted: their figures on one line, as the scorecard will count
/// them, A10 only where it differs from A1 (adopted by their foster
/// carers).
fn adopted(journey: &Journey, thresholds: &Thresholds) -> Option<ChildLine> {
    let a1 = journey.a1()?;
    let mut parts = vec![with_threshold("A1", a1, thresholds.days(Measure::A1))];
    let mut over = thresholds.days(Measure::A1).is_some_and(|t| a1 > t);
    if let Some(a10) = journey.a10().filter(|a10| *a10 != a1) {
        parts.push(format!("A10 {a10} day{} (to the foster placement)", plural(a10)));
    }
    if let Some(a2) = journey.a2() {
        parts.push(with_threshold("A2", a2, thresholds.days(Measure::A2)));
        over |= thresholds.days(Measure::A2).is_some_and(|t| a2 > t);
    }
    let months = thresholds.under_months();
    if let Some(under) = journey.a3(months) {
        parts.push(format!(
            "A3 {} {months} months",
            if under { "under" } else { "not under" }
        ));
    }
    // In short, each figure without its threshold or explanation.
    let short: Vec<&str> = parts.iter().map(|p| p.split(" (").next().unwrap_or(p)).collect();
    Some(ChildLine {
        measure: Measure::A1,
        text: format!("Adopted: {}", parts.join(" · ")),
        short: format!("Adopted: {}", short.join(" · ")),
        urgency: if over { Urgency::Over } else { Urgency::Calm },
    })
}

fn with_threshold(code: &str, days: i64, threshold: Option<i64>) -> String {
    match threshold {
        Some(t) => format!("{code} {days} day{} (threshold {t})", plural(days)),
        None => format!("{code} {days} day{}", plural(days)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::uk;
    use crate::event::{Event, RecordedEvent};
    use crate::timeliness::AdoptionPlan;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ev(event: Event, on: NaiveDate) -> RecordedEvent {
        RecordedEvent { event, on }
    }

    fn thresholds() -> Thresholds {
        crate::timeliness::file::parse(
            "timeliness.toml",
            include_str!("../../../../data/timeliness.toml"),
        )
        .unwrap()
    }

    fn journey(events: &[RecordedEvent], start: NaiveDate, active: bool) -> Journey {
        let plan = AdoptionPlan {
            start,
            active,
            ended_with_order: None,
        };
        Journey::of("R", "R", events, None, &[plan]).unwrap()
    }

    fn texts(journey: &Journey, today: NaiveDate) -> Vec<(String, Urgency)> {
        lines(journey, today, &thresholds(), uk)
            .into_iter()
            .map(|l| (l.text, l.urgency))
            .collect()
    }

    /// Dan, waiting on 06/12/2026: looked after 01/02/2026, Placement Order
    /// 01/09/2026, no match. A1: Feb 28, Mar 31, Apr 30, May 31, Jun 30,
    /// Jul 31, Aug 31, Sep 30, Oct 31 and Nov 30 make 303 days to 01/12,
    /// and 5 more make 308; 426 less 308 is 118 left; the first day over is
    /// 427 days after 01/02/2026, 04/04/2027. A2: 30, 31, 30 and 5 make 96;
    /// 25 left (within four weeks: soon); 122 days after 01/09/2026 is
    /// 01/01/2027. A3: 14 months from 01/02/2026 is 01/04/2027, so moving
    /// in by 31/03/2027 counts: 25, 31, 28 and 31 make 115 days left.
    #[test]
    fn a_waiting_child_has_each_clock_with_its_days_left_and_the_day_it_passes() {
        let dan = journey(
            &[
                ev(Event::LookedAfter, d(2026, 2, 1)),
                ev(Event::PlacementOrder, d(2026, 9, 1)),
            ],
            d(2026, 3, 1),
            true,
        );
        assert_eq!(
            texts(&dan, d(2026, 12, 6)),
            [
                (
                    "A1: 308 days since entering care (threshold 426): 118 days left, passes on 04/04/2027".to_string(),
                    Urgency::Calm
                ),
                (
                    "A2: 96 days since the placement order, no match yet (threshold 121): 25 days left, passes on 01/01/2027".to_string(),
                    Urgency::Soon
                ),
                (
                    "A3: moving in by 31/03/2027 counts as under 14 months (115 days left)".to_string(),
                    Urgency::Calm
                ),
            ]
        );
    }

    /// Fay, waiting on 06/12/2026 as Dan is, but living since 01/03/2026
    /// with the foster carers who are to adopt her: A10 counts the 28 days
    /// of February 2026 to that foster placement, a clock already stopped,
    /// shown after A1; her other clocks are Dan's. A foster placement
    /// recorded for a day after today stops no clock yet: no A10 line.
    #[test]
    fn a_waiting_child_with_the_foster_carers_adopting_has_a10_to_that_placement() {
        let events = [
            ev(Event::LookedAfter, d(2026, 2, 1)),
            ev(Event::FosterPlacement, d(2026, 3, 1)),
            ev(Event::PlacementOrder, d(2026, 9, 1)),
        ];
        let fay = journey(&events, d(2026, 3, 1), true);
        let lines = texts(&fay, d(2026, 12, 6));
        let measures: Vec<&str> = lines
            .iter()
            .map(|(t, _)| t.split(':').next().unwrap_or(""))
            .collect();
        assert_eq!(measures, ["A1", "A10", "A2", "A3"]);
        assert_eq!(
            lines[1],
            (
                "A10: 28 days from entering care to the foster placement with the carers adopting, on 01/03/2026 (threshold 426): counts once adopted".to_string(),
                Urgency::Calm
            )
        );
        assert_eq!(
            lines[0].0,
            "A1: 308 days since entering care (threshold 426): 118 days left, passes on 04/04/2027"
        );
        let before = texts(&fay, d(2026, 2, 20));
        assert!(before.iter().all(|(t, _)| !t.starts_with("A10")), "{before:?}");
    }

    /// Eve, waiting on 06/12/2026 with no Placement Order: looked after
    /// 01/06/2025, so 365 + 183 + 5 = 553 days, 127 over 426; the first day
    /// over was 01/06/2025 + 427 = 02/08/2026; her 14 months ran out on
    /// 01/08/2026. No A2 line without a Placement Order.
    #[test]
    fn a_child_past_the_thresholds_says_by_how_much_and_since_when() {
        let eve = journey(&[ev(Event::LookedAfter, d(2025, 6, 1))], d(2025, 7, 1), true);
        assert_eq!(
            texts(&eve, d(2026, 12, 6)),
            [
                (
                    "A1: 553 days since entering care (threshold 426): 127 days over since 02/08/2026"
                        .to_string(),
                    Urgency::Over
                ),
                (
                    "A3: 14 months in care passed on 01/08/2026: will not count as under 14 months"
                        .to_string(),
                    Urgency::Over
                ),
            ]
        );
    }

    /// Fay moved in with her adopters on 15/09/2025 after entering care on
    /// 01/01/2025 (257 days: 31+28+31+30+31+30+31+31+14) and is waiting
    /// for the order: her clocks have stopped and count once she is
    /// adopted. Matched 01/09/2025, 62 days after the Placement Order of
    /// 01/07/2025.
    #[test]
    fn a_child_placed_and_not_yet_adopted_has_stopped_clocks() {
        let fay = journey(
            &[
                ev(Event::LookedAfter, d(2025, 1, 1)),
                ev(Event::PlacementOrder, d(2025, 7, 1)),
                ev(Event::MatchingPanel, d(2025, 9, 1)),
                ev(Event::Placement, d(2025, 9, 15)),
            ],
            d(2025, 2, 1),
            true,
        );
        let got = texts(&fay, d(2026, 12, 6));
        assert_eq!(
            got[0].0,
            "A1: 257 days from entering care to moving in on 15/09/2025 (threshold 426): counts once adopted"
        );
        assert_eq!(
            got[1].0,
            "A2: 62 days from the placement order to the match on 01/09/2025 (threshold 121)"
        );
        assert_eq!(
            got[2].0,
            "A3: moved in on 15/09/2025 under 14 months after entering care"
        );
        assert!(got.iter().all(|(_, u)| *u == Urgency::Calm), "{got:?}");
    }

    /// Ben, adopted by his foster carers (the hand-worked child of the
    /// report's tests): A1 326, A10 5 (looked after 10/01/2024, with the
    /// carers from 15/01/2024), A2 61, A3 under.
    #[test]
    fn an_adopted_child_has_their_figures_with_a10_where_it_differs() {
        let ben = journey(
            &[
                ev(Event::LookedAfter, d(2024, 1, 10)),
                ev(Event::FosterPlacement, d(2024, 1, 15)),
                ev(Event::PlacementOrder, d(2024, 9, 1)),
                ev(Event::MatchingPanel, d(2024, 11, 1)),
                ev(Event::Placement, d(2024, 12, 1)),
                ev(Event::OrderMade, d(2025, 10, 1)),
            ],
            d(2024, 2, 1),
            false,
        );
        assert_eq!(
            texts(&ben, d(2026, 12, 6)),
            [(
                "Adopted: A1 326 days (threshold 426) · A10 5 days (to the foster placement) · A2 61 days (threshold 121) · A3 under 14 months".to_string(),
                Urgency::Calm
            )]
        );
    }

    /// The short words keep the days, the threshold and the day it passes.
    #[test]
    fn the_short_words_keep_the_days_and_the_day_it_passes() {
        let dan = journey(
            &[
                ev(Event::LookedAfter, d(2026, 2, 1)),
                ev(Event::PlacementOrder, d(2026, 9, 1)),
            ],
            d(2026, 3, 1),
            true,
        );
        let short: Vec<String> = lines(&dan, d(2026, 12, 6), &thresholds(), uk)
            .into_iter()
            .map(|l| l.short)
            .collect();
        assert_eq!(
            short,
            [
                "A1 308 days in care (426): passes on 04/04/2027",
                "A2 96 days since PO (121): passes on 01/01/2027",
                "A3 under 14 months if in by 31/03/2027",
            ]
        );
    }

    #[test]
    fn a_child_whose_plan_closed_without_an_adoption_has_no_lines() {
        let gus = journey(&[ev(Event::LookedAfter, d(2024, 1, 10))], d(2024, 2, 1), false);
        assert!(texts(&gus, d(2026, 12, 6)).is_empty());
    }
}
