//! The Calderdale SGO support plan's route to panel, and its Tuesday
//! quality-assurance slot: plans are QA'd on Tuesday mornings, and a
//! request received after 09:00 on a Tuesday waits for the next week.
//!
//! Who records each step is the permissions file's (`[[step]]`, see
//! `permissions::steps`), as Calderdale's process guidance names them:
//! the child's social worker writes the Draft (recorded by submitting
//! it), sends it to the SGO single point of access, makes the amendments
//! and presents it to panel; "the PMs responsible for the case management
//! oversight" QA it first, the SGO practice manager second, and the
//! "Service Manager responsible for SGO support" authorises it.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// The steps, in the order they must be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Draft,
    CaseManagerQa,
    SentToSgoAccess,
    SgoPracticeManagerQa,
    Amendments,
    Authorised,
    PresentedToPanel,
}

crate::coded::coded! {
    Step, exact;
    Draft => "draft", "Draft";
    CaseManagerQa => "case-manager-qa", "Quality assured by the case manager";
    SentToSgoAccess => "sent-to-sgo-single-point-of-access", "Sent to the SGO single point of access";
    SgoPracticeManagerQa => "sgo-practice-manager-qa", "Quality assured by the SGO practice manager";
    Amendments => "amendments", "Amendments made";
    Authorised => "authorised-by-service-manager", "Authorised by the Service Manager";
    PresentedToPanel => "presented-to-panel", "Presented to panel";
}

impl Step {
    /// The worker's own Draft is done by submitting the form: nobody
    /// records it as a step, and a submitted plan awaits the case
    /// manager's QA next.
    pub fn recorded_by_submitting(self) -> bool {
        self == Step::Draft
    }

    /// The steps done: those recorded, and the Draft once submitted.
    pub fn done(recorded: &[Step], submitted: bool) -> Vec<Step> {
        let mut done = recorded.to_vec();
        if submitted && !done.contains(&Step::Draft) {
            done.push(Step::Draft);
        }
        done
    }

    /// Whether this step may be recorded after `done` (every earlier step
    /// recorded), and if not, which is missing.
    pub fn may_follow(self, done: &[Step]) -> Result<(), Step> {
        match Step::ALL
            .iter()
            .take_while(|s| **s != self)
            .find(|s| !done.contains(s))
        {
            Some(missing) => Err(*missing),
            None => Ok(()),
        }
    }
}

/// The Tuesday whose morning slot will QA a plan sent at `received`.
pub fn qa_tuesday(received: NaiveDateTime) -> NaiveDate {
    let date = received.date();
    let cutoff = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
    let days_to_tuesday =
        (7 + Weekday::Tue.num_days_from_monday() - date.weekday().num_days_from_monday()) % 7;
    let tuesday = date + Days::new(u64::from(days_to_tuesday));
    if tuesday == date && received.time() > cutoff {
        date + Days::new(7)
    } else {
        tuesday
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_tuesday_slot() {
        // Tuesday 24 November 2026.
        assert_eq!(qa_tuesday(at(2026, 11, 24, 8, 59)), day(2026, 11, 24));
        assert_eq!(
            qa_tuesday(at(2026, 11, 24, 9, 0)),
            day(2026, 11, 24),
            "at 09:00 exactly it makes the slot"
        );
        assert_eq!(
            qa_tuesday(at(2026, 11, 24, 9, 1)),
            day(2026, 12, 1),
            "after 09:00 it waits a week"
        );
        assert_eq!(
            qa_tuesday(at(2026, 11, 23, 17, 0)),
            day(2026, 11, 24),
            "Monday: the next day"
        );
        assert_eq!(
            qa_tuesday(at(2026, 11, 25, 10, 0)),
            day(2026, 12, 1),
            "Wednesday: the next week"
        );
        assert_eq!(qa_tuesday(at(2026, 11, 29, 23, 0)), day(2026, 12, 1), "Sunday");
    }

    #[test]
    fn authorisation_waits_for_every_earlier_step() {
        let done = [Step::Draft, Step::CaseManagerQa, Step::SentToSgoAccess];
        assert_eq!(
            Step::Authorised.may_follow(&done),
            Err(Step::SgoPracticeManagerQa)
        );
        assert_eq!(Step::SgoPracticeManagerQa.may_follow(&done), Ok(()));
        assert_eq!(Step::CaseManagerQa.may_follow(&[]), Err(Step::Draft));
    }

    #[test]
    fn submitting_records_the_draft() {
        let done = Step::done(&[], true);
        assert_eq!(done, [Step::Draft]);
        assert_eq!(Step::CaseManagerQa.may_follow(&done), Ok(()));
        assert_eq!(Step::done(&[], false), []);
        assert_eq!(Step::done(&[Step::Draft], true), [Step::Draft], "once");
        assert!(Step::Draft.recorded_by_submitting());
        assert!(!Step::CaseManagerQa.recorded_by_submitting());
    }
}
