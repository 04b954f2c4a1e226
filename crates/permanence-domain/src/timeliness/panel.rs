//! The dashboard's timeliness panel: the DfE's year's A1, A2 and A3
//! against their thresholds, and how many waiting children's clocks pass
//! a threshold within four weeks (or already have), the ones a manager
//! acts on before they push the average over. A separate input to the
//! dashboard, beside its fold over the children (`Dashboard::of`).

use super::{Journey, Measure, MeasureLine, Period, Thresholds, about_to_pass, clocks, measures};
use chrono::NaiveDate;

/// How far ahead the panel looks for clocks about to pass a threshold:
/// four weeks, the tracker meetings' usual interval, so that a child is
/// named at the meeting before their clock passes.
pub const SOON_DAYS: i64 = 28;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panel {
    pub period: Period,
    /// A1, A2 and A3, in that order.
    pub lines: Vec<MeasureLine>,
    /// Running clocks that pass their threshold within [`SOON_DAYS`].
    pub soon: usize,
    /// Running clocks already past their threshold.
    pub over: usize,
}

impl Panel {
    /// The panel for the last complete year to 31 March before `today`.
    pub fn of(journeys: &[Journey], today: NaiveDate, thresholds: &Thresholds) -> Panel {
        let period = Period::last_year_to_march(today);
        let lines = measures(journeys, period, thresholds)
            .into_iter()
            .filter(|l| matches!(l.measure, Measure::A1 | Measure::A2 | Measure::A3))
            .collect();
        let clocks = clocks(journeys, today, thresholds);
        let over = about_to_pass(&clocks, -1);
        Panel {
            period,
            lines,
            soon: about_to_pass(&clocks, SOON_DAYS) - over,
            over,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, RecordedEvent};
    use crate::timeliness::AdoptionPlan;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_panel_counts_the_clocks_soon_and_over_apart() {
        let thresholds = crate::timeliness::file::parse(
            "timeliness.toml",
            include_str!("../../../../data/timeliness.toml"),
        )
        .unwrap();
        let waiting = |reference: &str, looked_after: NaiveDate| {
            Journey::of(
                reference,
                reference,
                &[RecordedEvent {
                    event: Event::LookedAfter,
                    on: looked_after,
                }],
                None,
                &[AdoptionPlan {
                    start: looked_after,
                    active: true,
                    ended_with_order: None,
                }],
            )
            .unwrap()
        };
        let today = d(2026, 12, 6);
        // In care 417 days (9 left), 426 (0 left: passes tomorrow), 427
        // (over by one) and 300 (126 left, not soon).
        let journeys = [
            waiting("A", d(2025, 10, 15)),
            waiting("B", d(2025, 10, 6)),
            waiting("C", d(2025, 10, 5)),
            waiting("D", d(2026, 2, 9)),
        ];
        let panel = Panel::of(&journeys, today, &thresholds);
        assert_eq!((panel.soon, panel.over), (2, 1));
        assert_eq!(panel.period.to, d(2026, 3, 31));
        let codes: Vec<Measure> = panel.lines.iter().map(|l| l.measure).collect();
        assert_eq!(codes, [Measure::A1, Measure::A2, Measure::A3]);
        assert!(panel.lines.iter().all(|l| l.period.value.is_none()));
    }
}
