//! Getting a child's case ready for the Legal Gateway Panel: the papers it
//! needs and the time they are due (Warrington, section 7 and Appendix 1,
//! the Pre-proceedings Protocol).
//!
//! Section 7.1 lists the documentation every presentation needs; Appendix 1
//! adds the papers for a referral into pre-proceedings. Papers go to the
//! Practice Co-ordinator "by 5pm on Wednesday" and are "circulated to panel
//! members on Thursday morning"; a new referral "will not be able to be
//! considered unless paperwork is submitted on time". The guidance does not
//! say which day the panel sits or how often, so the panel's date is always
//! given, never worked out.

use crate::calendar::Calendar;
use crate::date::{DateError, parse_date, uk};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use std::fmt;

/// A paper the Legal Gateway Panel considers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Paper {
    Genogram,
    Chronology,
    ReferralForm,
    ChildAndFamilyAssessment,
    DraftPreProceedingsPlan,
    ChildProtectionRecommendations,
    FamilyGroupConferencePlan,
    ExpertAssessments,
}

// `code`: The name files and the command line use; stable, since ticks are
// stored against it.
// `label`: The paper in the guidance's words (section 7.1, or Appendix 1 for
// the papers only a pre-proceedings referral needs).
// `parse`: Reads a code in any case.
crate::coded::coded! {
    Paper, loose;
    Genogram => "genogram", "Genogram";
    Chronology => "chronology", "Chronology";
    ReferralForm => "referral-form", "Referral Form (to include initial Permanence Plan)";
    ChildAndFamilyAssessment => "child-and-family-assessment", "Most recent Child & Family Assessment";
    DraftPreProceedingsPlan => "draft-pre-proceedings-plan", "Draft Pre-Proceedings Plan";
    ChildProtectionRecommendations => "child-protection-recommendations", "Child Protection recommendations";
    FamilyGroupConferencePlan => "family-group-conference-plan", "Family Group Conference plan";
    ExpertAssessments => "expert-assessments", "Any expert assessments already completed (parenting assessment, drug testing etc.)";
}

impl Paper {
    /// What a pre-proceedings referral asks of the paper beyond its label,
    /// in Appendix 1's words, where it says more than section 7.1.
    pub fn pre_proceedings_note(self) -> Option<&'static str> {
        match self {
            Paper::Genogram => Some("Systemic Genogram of Family"),
            Paper::ReferralForm => Some("Referral Form with initial analysis completed"),
            _ => None,
        }
    }

    /// The codes, for messages and help.
    pub fn codes() -> String {
        Paper::ALL.map(Paper::code).join(", ")
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The papers a presentation needs, in the order the guidance lists them.
///
/// Every presentation needs section 7.1's four. A referral into
/// pre-proceedings also needs Appendix 1's "Draft Pre-Proceedings Plan",
/// "Child Protection recommendations", "Family Group Conference plan" and
/// "Any expert assessments already completed"; its other three items
/// (referral form, chronology, systemic genogram) are section 7.1's.
pub fn required(pre_proceedings: bool) -> Vec<Paper> {
    Paper::ALL
        .into_iter()
        .filter(|p| pre_proceedings || !only_for_pre_proceedings(*p))
        .collect()
}

fn only_for_pre_proceedings(paper: Paper) -> bool {
    matches!(
        paper,
        Paper::DraftPreProceedingsPlan
            | Paper::ChildProtectionRecommendations
            | Paper::FamilyGroupConferencePlan
            | Paper::ExpertAssessments
    )
}

/// The papers ticked as ready for one presentation, each with the date of
/// the document if the worker gave it.
///
/// "Any expert assessments already completed" is ticked when every
/// completed one is attached, which may be none; that is why a tick need
/// not carry a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    pub pre_proceedings: bool,
    /// One per paper, in [`Paper::ALL`] order.
    pub items: Vec<(Paper, Option<NaiveDate>)>,
}

impl Checklist {
    /// A paper ticked twice keeps its latest date: the guidance wants the
    /// "Most recent" assessment.
    pub fn new(
        pre_proceedings: bool,
        ticked: impl IntoIterator<Item = (Paper, Option<NaiveDate>)>,
    ) -> Checklist {
        let mut items: Vec<(Paper, Option<NaiveDate>)> = Vec::new();
        for (paper, dated) in ticked {
            match items.iter_mut().find(|(p, _)| *p == paper) {
                Some((_, kept)) => *kept = (*kept).max(dated),
                None => items.push((paper, dated)),
            }
        }
        items.sort_by_key(|(p, _)| *p);
        Checklist {
            pre_proceedings,
            items,
        }
    }

    pub fn required(&self) -> Vec<Paper> {
        required(self.pre_proceedings)
    }

    pub fn ticked(&self, paper: Paper) -> bool {
        self.items.iter().any(|(p, _)| *p == paper)
    }

    pub fn dated(&self, paper: Paper) -> Option<NaiveDate> {
        self.items.iter().find(|(p, _)| *p == paper).and_then(|(_, d)| *d)
    }

    /// Required papers not yet ticked, in the guidance's order.
    pub fn missing(&self) -> Vec<Paper> {
        self.required().into_iter().filter(|p| !self.ticked(*p)).collect()
    }

    pub fn ready(&self) -> bool {
        self.missing().is_empty()
    }
}

/// Why a typed tick or panel date was refused; each message starts with
/// the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    #[error("paper: {0} is not a Gateway paper (use {codes})", codes = Paper::codes())]
    UnknownPaper(String),
    #[error("dated: {0}")]
    Dated(DateError),
    #[error("dated: {on} is in the future (today is {today})")]
    DatedInFuture { on: String, today: String },
    #[error("panel: {0}")]
    Panel(DateError),
    #[error("panel: {on} is not a working day")]
    PanelNotWorkingDay { on: String },
}

/// Reads a tick as typed: a paper's code and the document's date (blank
/// if not known), which cannot be after `today`.
pub fn tick(paper: &str, dated: &str, today: NaiveDate) -> Result<(Paper, Option<NaiveDate>), GatewayError> {
    let found = Paper::parse(paper).ok_or_else(|| GatewayError::UnknownPaper(paper.trim().to_string()))?;
    let dated = match dated.trim() {
        "" => None,
        text => {
            let on = parse_date(text).map_err(GatewayError::Dated)?;
            if on > today {
                return Err(GatewayError::DatedInFuture {
                    on: uk(on),
                    today: uk(today),
                });
            }
            Some(on)
        }
    };
    Ok((found, dated))
}

/// Reads a panel date as typed; a panel does not sit at a weekend or on a
/// bank holiday, so such a date is a slip.
pub fn panel_on(text: &str, calendar: &Calendar) -> Result<NaiveDate, GatewayError> {
    let on = parse_date(text).map_err(GatewayError::Panel)?;
    if !calendar.is_working_day(on) {
        return Err(GatewayError::PanelNotWorkingDay { on: uk(on) });
    }
    Ok(on)
}

/// "by 5pm" (Appendix 1).
pub const SUBMISSION_TIME: NaiveTime = match NaiveTime::from_hms_opt(17, 0, 0) {
    Some(time) => time,
    None => panic!("17:00:00 is a time"),
};

/// When the papers for a panel are due with the Practice Co-ordinator:
/// 17:00 on the last Wednesday before the panel (a panel on a Wednesday
/// counts from the week before, since papers are circulated on the
/// Thursday morning after the deadline).
///
/// When that Wednesday is not a working day (Christmas Day, New Year's
/// Day, a one-off bank holiday), the deadline is 17:00 on the working day
/// before it. Moving it later would take the time the Practice
/// Co-ordinator needs to circulate the papers "on Thursday morning", and
/// the guidance is strict that late papers are not considered, so the
/// safe reading is the one that keeps every day of notice; it is also how
/// the calendar treats every deadline that lands on a holiday
/// ([`Calendar::on_or_before`]).
pub fn submission_deadline(panel: NaiveDate, calendar: &Calendar) -> NaiveDateTime {
    let back = (panel.weekday().num_days_from_monday() + 7 - Weekday::Wed.num_days_from_monday()) % 7;
    let back = if back == 0 { 7 } else { back };
    let wednesday = panel
        .checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(panel);
    calendar.on_or_before(wednesday).and_time(SUBMISSION_TIME)
}

/// The first of the panels given whose papers can still be in on time at
/// `now`: "the first available Legal Gateway Panel" (section 7.1). The
/// panels need not be in order.
pub fn next_panel(now: NaiveDateTime, panels: &[NaiveDate], calendar: &Calendar) -> Option<NaiveDate> {
    panels
        .iter()
        .copied()
        .filter(|panel| now <= submission_deadline(*panel, calendar))
        .min()
}

/// One paper's line on the readiness check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperStatus {
    pub paper: Paper,
    pub required: bool,
    pub ticked: bool,
    /// The document's date, if ticked with one.
    pub dated: Option<NaiveDate>,
}

/// Where a child's case stands for a panel, for a screen or JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    /// The local authority's case ID, never the child's name.
    pub child_reference: String,
    pub panel_date: NaiveDate,
    pub submission_deadline: NaiveDateTime,
    pub pre_proceedings: bool,
    /// The required papers and any others ticked, in the guidance's order.
    pub papers: Vec<PaperStatus>,
    pub ready: bool,
    pub missing: Vec<Paper>,
}

impl Readiness {
    pub fn new(
        child_reference: &str,
        panel: NaiveDate,
        checklist: &Checklist,
        calendar: &Calendar,
    ) -> Readiness {
        let required = checklist.required();
        let papers = Paper::ALL
            .into_iter()
            .filter(|p| required.contains(p) || checklist.ticked(*p))
            .map(|paper| PaperStatus {
                paper,
                required: required.contains(&paper),
                ticked: checklist.ticked(paper),
                dated: checklist.dated(paper),
            })
            .collect();
        Readiness {
            child_reference: child_reference.to_string(),
            panel_date: panel,
            submission_deadline: submission_deadline(panel, calendar),
            pre_proceedings: checklist.pre_proceedings,
            papers,
            ready: checklist.ready(),
            missing: checklist.missing(),
        }
    }

    /// Whether papers sent at `now` are on time.
    pub fn on_time(&self, now: NaiveDateTime) -> bool {
        now <= self.submission_deadline
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::HolidayChange;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn five_pm(date: NaiveDate) -> NaiveDateTime {
        date.and_hms_opt(17, 0, 0).unwrap()
    }

    #[test]
    fn the_papers_are_the_guidances() {
        assert_eq!(
            required(false),
            vec![
                Paper::Genogram,
                Paper::Chronology,
                Paper::ReferralForm,
                Paper::ChildAndFamilyAssessment
            ]
        );
        let pre = required(true);
        assert_eq!(pre.len(), 8);
        assert!(required(false).iter().all(|p| pre.contains(p)));
        for paper in Paper::ALL {
            assert_eq!(Paper::parse(paper.code()), Some(paper));
            assert_eq!(Paper::parse(&paper.code().to_uppercase()), Some(paper));
        }
        assert_eq!(Paper::parse("care-plan"), None);
        assert_eq!(
            Paper::FamilyGroupConferencePlan.label(),
            "Family Group Conference plan"
        );
        assert_eq!(
            Paper::Genogram.pre_proceedings_note(),
            Some("Systemic Genogram of Family")
        );
    }

    #[test]
    fn a_checklist_is_ready_when_every_required_paper_is_ticked() {
        let ticks = [
            (Paper::Chronology, Some(d(2026, 11, 2))),
            (Paper::Genogram, None),
            (Paper::ReferralForm, Some(d(2026, 11, 3))),
        ];
        let care = Checklist::new(false, ticks);
        assert_eq!(care.missing(), vec![Paper::ChildAndFamilyAssessment]);
        assert!(!care.ready());

        let assessments = [
            (Paper::ChildAndFamilyAssessment, Some(d(2026, 6, 1))),
            (Paper::ChildAndFamilyAssessment, Some(d(2026, 10, 1))),
            (Paper::ChildAndFamilyAssessment, None),
        ];
        let care = Checklist::new(false, ticks.into_iter().chain(assessments));
        assert!(care.ready());
        assert_eq!(care.dated(Paper::ChildAndFamilyAssessment), Some(d(2026, 10, 1)));
        assert_eq!(care.items.len(), 4, "one line per paper");

        let pre = Checklist::new(true, care.items.clone());
        assert_eq!(
            pre.missing(),
            vec![
                Paper::DraftPreProceedingsPlan,
                Paper::ChildProtectionRecommendations,
                Paper::FamilyGroupConferencePlan,
                Paper::ExpertAssessments
            ]
        );
    }

    #[test]
    fn ticks_are_read_field_by_field() {
        let today = d(2026, 11, 23);
        assert_eq!(
            tick("Genogram", "02/11/2026", today),
            Ok((Paper::Genogram, Some(d(2026, 11, 2))))
        );
        assert_eq!(
            tick("expert-assessments", " ", today),
            Ok((Paper::ExpertAssessments, None))
        );
        assert!(
            tick("care-plan", "", today)
                .unwrap_err()
                .to_string()
                .starts_with("paper: care-plan is not a Gateway paper (use genogram, chronology,")
        );
        assert_eq!(
            tick("chronology", "31/02/2026", today).unwrap_err().to_string(),
            "dated: 31/02/2026 is not a date"
        );
        assert_eq!(
            tick("chronology", "24/11/2026", today).unwrap_err().to_string(),
            "dated: 24/11/2026 is in the future (today is 23/11/2026)"
        );
        let cal = Calendar::default();
        assert_eq!(panel_on("03/12/2026", &cal), Ok(d(2026, 12, 3)));
        assert_eq!(
            panel_on("25/12/2026", &cal).unwrap_err().to_string(),
            "panel: 25/12/2026 is not a working day"
        );
        assert_eq!(
            panel_on("2026-02-30", &cal).unwrap_err().to_string(),
            "panel: 2026-02-30 is not a date"
        );
    }

    #[test]
    fn papers_are_due_at_five_on_the_wednesday_before() {
        let cal = Calendar::default();
        // Thursday 3 December 2026: the day before.
        assert_eq!(submission_deadline(d(2026, 12, 3), &cal), five_pm(d(2026, 12, 2)));
        // Tuesday 8 December 2026: the Wednesday of the week before.
        assert_eq!(submission_deadline(d(2026, 12, 8), &cal), five_pm(d(2026, 12, 2)));
        // A panel on a Wednesday counts from the Wednesday before.
        assert_eq!(submission_deadline(d(2026, 12, 9), &cal), five_pm(d(2026, 12, 2)));
        assert_eq!(
            submission_deadline(d(2026, 12, 3), &cal)
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string(),
            "2026-12-02T17:00:00"
        );
    }

    #[test]
    fn a_bank_holiday_wednesday_brings_the_deadline_forward() {
        let cal = Calendar::default();
        // Christmas Day 2024 was a Wednesday: a panel on Friday 27th.
        assert_eq!(
            submission_deadline(d(2024, 12, 27), &cal),
            five_pm(d(2024, 12, 24))
        );
        // The week after: New Year's Day 2025 was a Wednesday too.
        assert_eq!(submission_deadline(d(2025, 1, 2), &cal), five_pm(d(2024, 12, 31)));
        // Christmas 2029 on a Tuesday, Boxing Day on the Wednesday: back to Monday 24th.
        assert_eq!(
            submission_deadline(d(2029, 12, 27), &cal),
            five_pm(d(2029, 12, 24))
        );
        // A one-off holiday on a Wednesday.
        let one_off = Calendar::new(&[HolidayChange {
            date: d(2026, 6, 10),
            added: true,
            reason: String::new(),
        }]);
        assert_eq!(
            submission_deadline(d(2026, 6, 11), &one_off),
            five_pm(d(2026, 6, 9))
        );
        assert_eq!(submission_deadline(d(2026, 6, 11), &cal), five_pm(d(2026, 6, 10)));
    }

    #[test]
    fn easter_leaves_the_wednesday_alone() {
        let cal = Calendar::default();
        // Easter 2026: Good Friday 3 April, Easter Monday 6 April. A panel
        // on Tuesday 7th is due on Wednesday 1st; one on Thursday 9th on
        // Wednesday 8th.
        assert_eq!(submission_deadline(d(2026, 4, 7), &cal), five_pm(d(2026, 4, 1)));
        assert_eq!(submission_deadline(d(2026, 4, 9), &cal), five_pm(d(2026, 4, 8)));
        // Thursday 2 April 2026, the day before Good Friday.
        assert_eq!(submission_deadline(d(2026, 4, 2), &cal), five_pm(d(2026, 4, 1)));
    }

    #[test]
    fn the_next_panel_is_the_first_still_open() {
        let cal = Calendar::default();
        let panels = [d(2026, 12, 17), d(2026, 12, 3), d(2026, 12, 10)];
        let at = |day: NaiveDate, h: u32, m: u32| day.and_hms_opt(h, m, 0).unwrap();
        assert_eq!(
            next_panel(at(d(2026, 12, 2), 17, 0), &panels, &cal),
            Some(d(2026, 12, 3))
        );
        assert_eq!(
            next_panel(at(d(2026, 12, 2), 17, 1), &panels, &cal),
            Some(d(2026, 12, 10))
        );
        assert_eq!(next_panel(at(d(2026, 12, 17), 9, 0), &panels, &cal), None);
    }

    #[test]
    fn readiness_lists_each_paper_once() {
        let cal = Calendar::default();
        let checklist = Checklist::new(
            false,
            [
                (Paper::Chronology, Some(d(2026, 11, 2))),
                (Paper::FamilyGroupConferencePlan, None),
            ],
        );
        let r = Readiness::new("C-0001", d(2025, 1, 2), &checklist, &cal);
        assert_eq!(r.submission_deadline, five_pm(d(2024, 12, 31)));
        assert!(!r.ready);
        assert_eq!(
            r.missing,
            vec![
                Paper::Genogram,
                Paper::ReferralForm,
                Paper::ChildAndFamilyAssessment
            ]
        );
        let codes: Vec<&str> = r.papers.iter().map(|p| p.paper.code()).collect();
        assert_eq!(
            codes,
            vec![
                "genogram",
                "chronology",
                "referral-form",
                "child-and-family-assessment",
                "family-group-conference-plan"
            ]
        );
        let fgc = &r.papers[4];
        assert!(!fgc.required && fgc.ticked && fgc.dated.is_none());
        assert_eq!(r.papers[1].dated, Some(d(2026, 11, 2)));
        assert!(r.on_time(five_pm(d(2024, 12, 31))));
        assert!(!r.on_time(five_pm(d(2024, 12, 31)) + chrono::Duration::seconds(1)));
    }

    proptest! {
        #[test]
        fn the_deadline_is_the_last_working_day_up_to_the_wednesday_before(
            day in 0u64..20_000,
            one_off in 0u64..20_000,
        ) {
            let panel = d(2000, 1, 3) + Days::new(day);
            let cal = Calendar::new(&[HolidayChange {
                date: d(2000, 1, 3) + Days::new(one_off),
                added: true,
                reason: String::new(),
            }]);
            let deadline = submission_deadline(panel, &cal);
            prop_assert_eq!(deadline.time(), SUBMISSION_TIME);
            let due = deadline.date();
            prop_assert!(cal.is_working_day(due));
            prop_assert!(due < panel);
            // The Wednesday before lies within the week before the panel.
            let wednesday = (1..=7)
                .map(|n| panel - Days::new(n))
                .find(|d| d.weekday() == Weekday::Wed)
                .unwrap();
            prop_assert!(due <= wednesday);
            // No working day between the deadline and that Wednesday.
            let mut between = due + Days::new(1);
            while between <= wednesday {
                prop_assert!(!cal.is_working_day(between));
                between = between + Days::new(1);
            }
            prop_assert_eq!(due == wednesday, cal.is_working_day(wednesday));
        }
    }
}
