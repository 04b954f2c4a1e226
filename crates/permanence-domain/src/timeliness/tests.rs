//! The measures worked by hand on eight children, each child's sums in
//! the comments, then the period's and the three years' figures from them.

use super::*;
use crate::event::{Event, RecordedEvent};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ev(event: Event, on: NaiveDate) -> RecordedEvent {
    RecordedEvent { event, on }
}

fn thresholds() -> Thresholds {
    file::parse(
        "timeliness.toml",
        include_str!("../../../../data/timeliness.toml"),
    )
    .unwrap()
}

fn open(start: NaiveDate) -> AdoptionPlan {
    AdoptionPlan {
        start,
        active: true,
        ended_with_order: None,
    }
}

fn closed(start: NaiveDate) -> AdoptionPlan {
    AdoptionPlan {
        start,
        active: false,
        ended_with_order: None,
    }
}

fn journey(reference: &str, events: &[RecordedEvent], plan: AdoptionPlan) -> Journey {
    Journey::of(reference, reference, events, None, &[plan]).unwrap()
}

/// The period 01/04/2025 to 31/03/2026; its three years from 01/04/2023.
fn period() -> Period {
    Period {
        from: d(2025, 4, 1),
        to: d(2026, 3, 31),
    }
}

/// Ava: two periods of care. Looked after 01/02/2022, home under an SGO
/// 01/08/2022, looked after again 01/03/2023; adoption plan 01/04/2023,
/// Placement Order 01/10/2023, matched 01/03/2024, placed 15/03/2024,
/// adopted 01/06/2025.
/// A1 counts from the second period: 01/03/2023 to 01/03/2024 is 366
/// days (29/02/2024 in it), plus 14 = 380 (from the first period it
/// would be 773). A2: 01/10/2023 to 01/03/2024 = 31+30+31+31+29 = 152.
/// A3: 14 months from 01/03/2023 is 01/05/2024; placed before: under.
fn ava() -> Journey {
    journey(
        "AVA",
        &[
            ev(Event::LookedAfter, d(2022, 2, 1)),
            ev(Event::SpecialGuardianshipOrder, d(2022, 8, 1)),
            ev(Event::LookedAfter, d(2023, 3, 1)),
            ev(Event::PlacementOrder, d(2023, 10, 1)),
            ev(Event::MatchingPanel, d(2024, 3, 1)),
            ev(Event::Placement, d(2024, 3, 15)),
            ev(Event::OrderMade, d(2025, 6, 1)),
        ],
        closed(d(2023, 4, 1)),
    )
}

/// Ben: adopted by his foster carers. Looked after 10/01/2024, with the
/// carers from 15/01/2024; plan 01/02/2024, PO 01/09/2024, matched
/// 01/11/2024, placed (as adopters) 01/12/2024, adopted 01/10/2025.
/// A1: 10/01/2024 to 01/12/2024 = 31+29+31+30+31+30+31+31+30+31 (to
/// 10/11) + 21 = 326. A10 counts to the foster placement: 5.
/// A2: 01/09 to 01/11/2024 = 30+31 = 61. A3: by 10/03/2025: under.
fn ben() -> Journey {
    journey(
        "BEN",
        &[
            ev(Event::LookedAfter, d(2024, 1, 10)),
            ev(Event::FosterPlacement, d(2024, 1, 15)),
            ev(Event::PlacementOrder, d(2024, 9, 1)),
            ev(Event::MatchingPanel, d(2024, 11, 1)),
            ev(Event::Placement, d(2024, 12, 1)),
            ev(Event::OrderMade, d(2025, 10, 1)),
        ],
        closed(d(2024, 2, 1)),
    )
}

/// Cara: placed, not yet adopted. Looked after 01/01/2025, plan
/// 01/02/2025, PO 01/07/2025, matched 01/09/2025, placed 15/09/2025.
/// Not in any period's figures; her clocks have stopped: A1 01/01 to
/// 15/09/2025 = 31+28+31+30+31+30+31+31+14 = 257 (169 left of 426);
/// A2 01/07 to 01/09/2025 = 31+31 = 62 (59 left of 121).
fn cara() -> Journey {
    journey(
        "CARA",
        &[
            ev(Event::LookedAfter, d(2025, 1, 1)),
            ev(Event::PlacementOrder, d(2025, 7, 1)),
            ev(Event::MatchingPanel, d(2025, 9, 1)),
            ev(Event::Placement, d(2025, 9, 15)),
        ],
        open(d(2025, 2, 1)),
    )
}

/// Dan: no Placement Order recorded (placed with consent). Looked after
/// 01/06/2024, plan 01/07/2024, matched 01/02/2025, placed 01/03/2025,
/// adopted 01/02/2026. A1: 30+31+31+30+31+30+31+31+28 = 273. A2: left
/// out (no PO). A3: by 01/08/2025: under.
fn dan() -> Journey {
    journey(
        "DAN",
        &[
            ev(Event::LookedAfter, d(2024, 6, 1)),
            ev(Event::MatchingPanel, d(2025, 2, 1)),
            ev(Event::Placement, d(2025, 3, 1)),
            ev(Event::OrderMade, d(2026, 2, 1)),
        ],
        closed(d(2024, 7, 1)),
    )
}

/// Eve: placed exactly 14 months after entering care. Looked after
/// 15/01/2024, plan 01/02/2024, PO 01/08/2024, matched 01/03/2025,
/// placed 15/03/2025, adopted 15/12/2025. A1: 366 (to 15/01/2025, with
/// 29/02/2024) + 31 + 28 = 425. A3: placed on the day 14 months on, so
/// not *less* than 14 months: not under. A2: 01/08/2024 to 01/03/2025 =
/// 31+30+31+30+31+31+28 = 212.
fn eve() -> Journey {
    journey(
        "EVE",
        &[
            ev(Event::LookedAfter, d(2024, 1, 15)),
            ev(Event::PlacementOrder, d(2024, 8, 1)),
            ev(Event::MatchingPanel, d(2025, 3, 1)),
            ev(Event::Placement, d(2025, 3, 15)),
            ev(Event::OrderMade, d(2025, 12, 15)),
        ],
        closed(d(2024, 2, 1)),
    )
}

/// Finn: still waiting on 01/06/2026, not matched. Looked after
/// 01/05/2025, plan 01/06/2025, PO 01/01/2026. A1 so far: 365 (to
/// 01/05/2026) + 31 = 396, 30 left; passes 426 on 02/07/2026 (427 days).
/// A2 so far: 31+28+31+30+31 = 151: 30 days over 121 already.
fn finn() -> Journey {
    journey(
        "FINN",
        &[
            ev(Event::LookedAfter, d(2025, 5, 1)),
            ev(Event::PlacementOrder, d(2026, 1, 1)),
        ],
        open(d(2025, 6, 1)),
    )
}

/// Gus: adopted 01/06/2023, before the period but in its three years.
/// Looked after 01/01/2022, plan 01/02/2022, PO 01/06/2022, matched
/// 01/12/2022, placed 01/01/2023. A1: 365. A2: 30+31+31+30+31+30 =
/// 183. A3: by 01/03/2023: under.
fn gus() -> Journey {
    journey(
        "GUS",
        &[
            ev(Event::LookedAfter, d(2022, 1, 1)),
            ev(Event::PlacementOrder, d(2022, 6, 1)),
            ev(Event::MatchingPanel, d(2022, 12, 1)),
            ev(Event::Placement, d(2023, 1, 1)),
            ev(Event::OrderMade, d(2023, 6, 1)),
        ],
        closed(d(2022, 2, 1)),
    )
}

/// Hana: matched before the Placement Order, her adoption recorded only
/// by closing the plan with the order made on 01/03/2026. Looked after
/// 01/03/2024 (on an Interim Care Order, no `looked-after` event), plan
/// 01/04/2024, matched 01/09/2024, PO 01/10/2024, placed 01/11/2024.
/// A1: 31+30+31+30+31+31+30+31 = 245. A2: 0 (matched first). A3: under.
fn hana() -> Journey {
    Journey::of(
        "HANA",
        "HANA",
        &[
            ev(Event::InterimCareOrder, d(2024, 3, 1)),
            ev(Event::MatchingPanel, d(2024, 9, 1)),
            ev(Event::PlacementOrder, d(2024, 10, 1)),
            ev(Event::Placement, d(2024, 11, 1)),
        ],
        None,
        &[AdoptionPlan {
            start: d(2024, 4, 1),
            active: false,
            ended_with_order: Some(d(2026, 3, 1)),
        }],
    )
    .unwrap()
}

/// A child's reference, A1, A10, A2 and whether A3 counts them under.
type ChildDays = (String, Option<i64>, Option<i64>, Option<i64>, Option<bool>);

/// A measure, its period's figure and count, its three years' figure and count.
type Line = (Measure, Option<i64>, usize, Option<i64>, usize);

fn everyone() -> Vec<Journey> {
    vec![ava(), ben(), cara(), dan(), eve(), finn(), gus(), hana()]
}

#[test]
fn each_childs_days_are_the_hand_worked_ones() {
    let months = 14;
    let got: Vec<ChildDays> = everyone()
        .iter()
        .map(|j| (j.reference.clone(), j.a1(), j.a10(), j.a2(), j.a3(months)))
        .collect();
    let want = [
        ("AVA", Some(380), Some(380), Some(152), Some(true)),
        ("BEN", Some(326), Some(5), Some(61), Some(true)),
        ("CARA", Some(257), Some(257), Some(62), Some(true)),
        ("DAN", Some(273), Some(273), None, Some(true)),
        ("EVE", Some(425), Some(425), Some(212), Some(false)),
        ("FINN", None, None, None, None),
        ("GUS", Some(365), Some(365), Some(183), Some(true)),
        ("HANA", Some(245), Some(245), Some(0), Some(true)),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(r, a, b, c, e)| (r.to_string(), *a, *b, *c, *e))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn two_periods_of_care_count_from_the_one_the_child_moved_in_during() {
    let ava = ava();
    assert_eq!(ava.entered_care, Some(d(2023, 3, 1)));
    // Had the second period been a plain `looked-after` event with no
    // order between, it still starts a period of its own.
    let events = [
        ev(Event::LookedAfter, d(2022, 2, 1)),
        ev(Event::LookedAfter, d(2023, 3, 1)),
        ev(Event::Placement, d(2024, 3, 15)),
    ];
    let j = Journey::of("X", "X", &events, None, &[open(d(2023, 4, 1))]).unwrap();
    assert_eq!(j.a1(), Some(380));
    // Before the child is placed, the clock runs in the latest period.
    assert_eq!(period_start(&events[..2], None, None), Some(d(2023, 3, 1)));
}

#[test]
fn who_is_counted_in_the_period_and_in_its_three_years() {
    let all = everyone();
    let adopted: Vec<&str> = all
        .iter()
        .filter(|j| j.adopted_in(period().from, period().to))
        .map(|j| j.reference.as_str())
        .collect();
    assert_eq!(adopted, ["AVA", "BEN", "DAN", "EVE", "HANA"]);
    assert_eq!(
        period().three_years(),
        Period {
            from: d(2023, 4, 1),
            to: d(2026, 3, 31)
        }
    );
}

#[test]
fn the_periods_figures_are_the_hand_worked_ones() {
    let lines = measures(&everyone(), period(), &thresholds());
    let got: Vec<Line> = lines
        .iter()
        .map(|l| {
            (
                l.measure,
                l.period.value,
                l.period.children,
                l.three_years.value,
                l.three_years.children,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // A1: (380+326+273+425+245)/5 = 1649/5 = 329.8 → 330; with
            // Gus's 365 over three years: 2014/6 = 335.67 → 336.
            (Measure::A1, Some(330), 5, Some(336), 6),
            // A10: Ben's 5 for his 326: 1328/5 = 265.6 → 266; 1693/6 → 282.
            (Measure::A10, Some(266), 5, Some(282), 6),
            // A2: Dan left out: (152+61+212+0)/4 = 106.25 → 106; with Gus's
            // 183: 608/5 = 121.6 → 122.
            (Measure::A2, Some(106), 4, Some(122), 5),
            // A3: Eve not under: 4/5 = 80%; with Gus 5/6 = 83.3 → 83%.
            (Measure::A3, Some(80), 5, Some(83), 6),
        ]
    );
    let a2 = lines[2];
    assert_eq!(a2.threshold, Some(121));
    assert_eq!(a2.met(a2.period), Some(true));
    // 122 days over three years is a day over the threshold.
    assert_eq!(a2.met(a2.three_years), Some(false));
    assert_eq!(lines[3].met(lines[3].period), None, "A3 has no threshold");
}

#[test]
fn the_clocks_of_the_children_waiting_most_urgent_first() {
    let clocks = clocks(&everyone(), d(2026, 6, 1), &thresholds());
    let got: Vec<(&str, Measure, i64, i64, Option<NaiveDate>)> = clocks
        .iter()
        .map(|c| {
            (
                c.reference.as_str(),
                c.measure,
                c.days,
                c.days_left(),
                c.passes_on(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // Running clocks first: Finn's A2 is already 30 days over.
            ("FINN", Measure::A2, 151, -30, Some(d(2026, 5, 3))),
            ("FINN", Measure::A1, 396, 30, Some(d(2026, 7, 2))),
            // Cara's have stopped: final, and counted once she is adopted.
            ("CARA", Measure::A2, 62, 59, None),
            ("CARA", Measure::A1, 257, 169, None),
        ]
    );
    assert_eq!(about_to_pass(&clocks, 28), 1);
    assert_eq!(about_to_pass(&clocks, 30), 2);
}

#[test]
fn exactly_fourteen_months_is_not_less_than_fourteen_months() {
    let mut eve = eve();
    assert_eq!(eve.a3(14), Some(false));
    eve.placed = Some(d(2025, 3, 14));
    assert_eq!(eve.a3(14), Some(true));
    // Month ends: 31/12/2023 plus 14 months is the end of February 2025,
    // 28/02/2025; placed on 27/02 is under, on 28/02 is not.
    eve.entered_care = Some(d(2023, 12, 31));
    eve.placed = Some(d(2025, 2, 27));
    assert_eq!(eve.a3(14), Some(true));
    eve.placed = Some(d(2025, 2, 28));
    assert_eq!(eve.a3(14), Some(false));
}

#[test]
fn no_adoption_plan_no_journey_and_no_one_counted_gives_no_figure() {
    assert_eq!(
        Journey::of("X", "X", &[ev(Event::LookedAfter, d(2024, 1, 1))], None, &[]),
        None
    );
    let lines = measures(&[], period(), &thresholds());
    assert!(
        lines
            .iter()
            .all(|l| l.period.value.is_none() && l.period.children == 0)
    );
    assert!(lines.iter().all(|l| l.met(l.period).is_none()));
}

#[test]
fn the_default_period_is_the_last_complete_year_to_march() {
    let year = |from: NaiveDate, to: NaiveDate| Period { from, to };
    assert_eq!(
        Period::last_year_to_march(d(2026, 12, 6)),
        year(d(2025, 4, 1), d(2026, 3, 31))
    );
    // On 31 March itself the year is not yet complete.
    assert_eq!(
        Period::last_year_to_march(d(2026, 3, 31)),
        year(d(2024, 4, 1), d(2025, 3, 31))
    );
    assert_eq!(
        Period::last_year_to_march(d(2026, 4, 1)),
        year(d(2025, 4, 1), d(2026, 3, 31))
    );
}

#[test]
fn an_order_before_the_placement_is_not_the_adoption_order() {
    // An order made before the child moved in (a care order recorded as
    // `order-made`) does not make them adopted.
    let j = journey(
        "X",
        &[
            ev(Event::LookedAfter, d(2024, 1, 1)),
            ev(Event::OrderMade, d(2024, 3, 1)),
            ev(Event::Placement, d(2024, 6, 1)),
        ],
        open(d(2024, 2, 1)),
    );
    assert_eq!(j.adopted, None);
    assert!(j.waiting);
}

#[test]
fn the_notes_say_what_could_not_be_counted() {
    let mut finn = finn();
    finn.entered_care = None;
    let notes = notes(&[finn]);
    assert!(notes.iter().any(|n| n.contains("A10 equals A1")), "{notes:?}");
    assert!(
        notes.iter().any(|n| n.starts_with("1 child on an adoption plan")),
        "{notes:?}"
    );
    assert!(notes[0].contains("March 2019"));
}

proptest! {
    /// An average lies between the least and the most of what it averages.
    #[test]
    fn the_mean_lies_between_the_min_and_max(values in proptest::collection::vec(0i64..5000, 1..40)) {
        let mean = rounded_mean(&values).unwrap();
        prop_assert!(mean >= *values.iter().min().unwrap());
        prop_assert!(mean <= *values.iter().max().unwrap());
    }

    /// A share is a percentage from 0 to 100.
    #[test]
    fn the_share_is_a_percentage(whole in 1usize..500, part in 0usize..500) {
        let part = part.min(whole);
        let percent = rounded_percent(part, whole).unwrap();
        prop_assert!((0..=100).contains(&percent));
        prop_assert_eq!(percent == 100, part * 200 >= whole * 199);
    }

    /// A10 never counts more days than A1, and A3 says under exactly when
    /// the placement came before the day `months` months on.
    #[test]
    fn a10_is_at_most_a1(entered in 0i64..2000, to_placed in 0i64..1500, foster in -100i64..1600) {
        let base = d(2018, 1, 1);
        let entered = base + chrono::Days::new(entered as u64);
        let placed = entered + chrono::Days::new(to_placed as u64);
        let j = Journey {
            reference: "P".into(),
            name: "P".into(),
            entered_care: Some(entered),
            placement_order: None,
            matched: None,
            placed: Some(placed),
            adopted: None,
            foster_placement_start: entered.checked_add_signed(chrono::TimeDelta::days(foster)),
            waiting: false,
        };
        prop_assert!(j.a10().unwrap() <= j.a1().unwrap());
        prop_assert!(j.a10().unwrap() >= 0);
        let under = j.a3(14).unwrap();
        prop_assert_eq!(under, placed < entered.checked_add_months(Months::new(14)).unwrap());
    }
}

/// Hana, two periods of care, adopted by her foster carers in the second:
/// a foster-placement event from her first period (03/02/2021), and one
/// recorded after she moved in (by mistake, 01/06/2024), are not this
/// adoption's; the one in the period counts. Looked after again
/// 01/03/2023, with the carers from 20/04/2023, placed 01/03/2024.
/// A1: 01/03/2023 to 01/03/2024 = 366 (29/02/2024 in it). A10: 01/03 to
/// 20/04/2023 = 31 + 19 = 50.
#[test]
fn a10_counts_to_the_foster_placement_of_the_period_the_child_moved_in_in() {
    let hana = journey(
        "HANA",
        &[
            ev(Event::LookedAfter, d(2021, 1, 4)),
            ev(Event::FosterPlacement, d(2021, 2, 3)),
            ev(Event::SpecialGuardianshipOrder, d(2022, 8, 1)),
            ev(Event::LookedAfter, d(2023, 3, 1)),
            ev(Event::FosterPlacement, d(2023, 4, 20)),
            ev(Event::Placement, d(2024, 3, 1)),
            ev(Event::FosterPlacement, d(2024, 6, 1)),
            ev(Event::OrderMade, d(2024, 9, 1)),
        ],
        closed(d(2023, 3, 1)),
    );
    assert_eq!(hana.foster_placement_start, Some(d(2023, 4, 20)));
    assert_eq!((hana.a1(), hana.a10()), (Some(366), Some(50)));
    // With only the first period's, A10 is A1: she was not fostered by
    // her adopters in the period she moved in.
    let first_only = journey(
        "HANA",
        &[
            ev(Event::LookedAfter, d(2021, 1, 4)),
            ev(Event::FosterPlacement, d(2021, 2, 3)),
            ev(Event::SpecialGuardianshipOrder, d(2022, 8, 1)),
            ev(Event::LookedAfter, d(2023, 3, 1)),
            ev(Event::Placement, d(2024, 3, 1)),
            ev(Event::OrderMade, d(2024, 9, 1)),
        ],
        closed(d(2023, 3, 1)),
    );
    assert_eq!(first_only.foster_placement_start, None);
    assert_eq!(first_only.a10(), first_only.a1());
}
