//! Family Group Conferences and Family Network meetings: who came, what
//! was said, and the outcomes agreed (each of which can go onto a child's
//! timeline as an item of their plan).
//!
//! The checks here are of what a worker types before it is saved: a
//! meeting is recorded after it has been held, so its date cannot lie in
//! the future, and an outcome has to say what was agreed. Each refusal
//! names the field, so the form can point at it.

use crate::child::ChildId;
use crate::date::parse_day;
use crate::sanitise::{Size, line_field, text_field};
use chrono::NaiveDate;

/// Which kind of family meeting was held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FamilyMeetingKind {
    /// Led by an independent coordinator, with private family time.
    FamilyGroupConference,
    /// Led by the local authority, with the family and their network.
    FamilyNetworkMeeting,
}

// `code`: The code the database and files use.
// `parse`: Reads a code, or the label, in any case.
crate::coded::coded! {
    FamilyMeetingKind, loose, aliases { "family group conference" => FamilyGroupConference, "family network meeting" => FamilyNetworkMeeting };
    FamilyGroupConference => "fgc", "Family Group Conference";
    FamilyNetworkMeeting => "family-network", "Family Network meeting";
}

/// One thing a family meeting agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingOutcome {
    pub id: i64,
    pub text: String,
    pub due: Option<NaiveDate>,
    /// The child it is about, where it is about one of them.
    pub child: Option<ChildId>,
    /// The key of the timeline item it became, once it became one.
    pub item_key: Option<String>,
}

/// A family meeting as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyMeeting {
    pub id: i64,
    pub kind: FamilyMeetingKind,
    pub held_on: NaiveDate,
    /// Names or roles, as the worker wrote them, one an entry.
    pub attended: Vec<String>,
    pub notes: Option<String>,
    pub outcomes: Vec<MeetingOutcome>,
}

/// A meeting checked and ready to save (it has no id until it is saved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFamilyMeeting {
    pub kind: FamilyMeetingKind,
    pub held_on: NaiveDate,
    pub attended: Vec<String>,
    pub notes: Option<String>,
}

/// An outcome checked and ready to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutcome {
    pub text: String,
    pub due: Option<NaiveDate>,
    pub child: Option<ChildId>,
}

/// The fields of the meeting and outcome forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeetingField {
    Kind,
    HeldOn,
    Attended,
    Notes,
    OutcomeText,
    OutcomeDue,
}

impl MeetingField {
    /// The field's name as the form shows it.
    pub fn label(self) -> &'static str {
        match self {
            MeetingField::Kind => "Kind of meeting",
            MeetingField::HeldOn => "Held on",
            MeetingField::Attended => "Attended",
            MeetingField::Notes => "Notes",
            MeetingField::OutcomeText => "Outcome",
            MeetingField::OutcomeDue => "Due",
        }
    }
}

/// Why what was typed cannot be saved, and in which field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {problem}", field.label())]
pub struct FieldError {
    pub field: MeetingField,
    pub problem: String,
}

fn refuse(field: MeetingField, problem: impl Into<String>) -> FieldError {
    FieldError {
        field,
        problem: problem.into(),
    }
}

/// Lines typed into a box, each cleaned of control characters and held
/// to a name's length, trimmed, blank ones left out.
fn lines(field: MeetingField, text: &str) -> Result<Vec<String>, FieldError> {
    let mut kept = Vec::new();
    for line in text.lines() {
        let line = line_field(line, Size::Name).map_err(|e| refuse(field, e.to_string()))?;
        if !line.is_empty() {
            kept.push(line);
        }
    }
    Ok(kept)
}

/// A note as typed, cleaned (line breaks kept) and held to a note's
/// length; blank is none.
fn optional_text(field: MeetingField, text: &str) -> Result<Option<String>, FieldError> {
    let text = text_field(text, Size::Text).map_err(|e| refuse(field, e.to_string()))?;
    Ok((!text.is_empty()).then_some(text))
}

/// Checks a meeting as typed: the kind (a code or label), the date it was
/// held (DD/MM/YYYY, ISO, `today` or `-3d`), who attended (one a line)
/// and any notes.
pub fn check_meeting(
    kind: &str,
    held_on: &str,
    attended: &str,
    notes: &str,
    today: NaiveDate,
) -> Result<NewFamilyMeeting, FieldError> {
    let kind = FamilyMeetingKind::parse(kind).ok_or_else(|| {
        refuse(
            MeetingField::Kind,
            "choose Family Group Conference or Family Network meeting",
        )
    })?;
    if held_on.trim().is_empty() {
        return Err(refuse(MeetingField::HeldOn, "give the date the meeting was held"));
    }
    let held = parse_day(held_on, today).map_err(|e| refuse(MeetingField::HeldOn, e.to_string()))?;
    crate::date::refuse_implausible(held, crate::date::DateStyle::DayMonthYear)
        .map_err(|e| refuse(MeetingField::HeldOn, e))?;
    if held > today {
        return Err(refuse(
            MeetingField::HeldOn,
            format!(
                "{} is in the future; record a meeting once it has been held",
                crate::date::uk(held)
            ),
        ));
    }
    Ok(NewFamilyMeeting {
        kind,
        held_on: held,
        attended: lines(MeetingField::Attended, attended)?,
        notes: optional_text(MeetingField::Notes, notes)?,
    })
}

/// Checks an outcome as typed, for a meeting held on `held_on`: what was
/// agreed, when by (optional; not before the meeting), and which child it
/// is about, if one.
pub fn check_outcome(
    text: &str,
    due: &str,
    child: Option<ChildId>,
    held_on: NaiveDate,
    today: NaiveDate,
) -> Result<NewOutcome, FieldError> {
    let text = line_field(text, Size::Text).map_err(|e| refuse(MeetingField::OutcomeText, e.to_string()))?;
    if text.is_empty() {
        return Err(refuse(MeetingField::OutcomeText, "write what was agreed"));
    }
    let due = if due.trim().is_empty() {
        None
    } else {
        let day = parse_day(due, today).map_err(|e| refuse(MeetingField::OutcomeDue, e.to_string()))?;
        if day < held_on {
            return Err(refuse(
                MeetingField::OutcomeDue,
                format!(
                    "{} is before the meeting was held ({})",
                    crate::date::uk(day),
                    crate::date::uk(held_on)
                ),
            ));
        }
        Some(day)
    };
    Ok(NewOutcome { text, due, child })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn typed_text_is_cleaned_and_held_to_its_limits() {
        let today = d(2026, 12, 1);
        let meeting = check_meeting(
            "fgc",
            "01/11/2026",
            "Nan\u{1b}]0;pwned\u{7}\nUncle \u{202E}Joe",
            "Agreed\u{9b}2J\nnext line",
            today,
        )
        .unwrap();
        assert_eq!(meeting.attended, vec!["Nan]0;pwned", "Uncle Joe"]);
        assert_eq!(meeting.notes.as_deref(), Some("Agreed2J\nnext line"));
        let long_name = "a".repeat(201);
        let refused = check_meeting("fgc", "01/11/2026", &long_name, "", today).unwrap_err();
        assert_eq!(refused.field, MeetingField::Attended);
        assert!(refused.to_string().contains("201 characters"), "{refused}");
        let long_note = "a".repeat(100_001);
        let refused = check_meeting("fgc", "01/11/2026", "", &long_note, today).unwrap_err();
        assert_eq!(refused.field, MeetingField::Notes);
        let outcome = check_outcome("Visit\u{1b}[2J", "", None, d(2026, 11, 1), today).unwrap();
        assert_eq!(outcome.text, "Visit[2J");
    }

    #[test]
    fn kinds_have_codes_and_labels_that_read_back() {
        for kind in FamilyMeetingKind::ALL {
            assert_eq!(FamilyMeetingKind::parse(kind.code()), Some(kind));
            assert_eq!(FamilyMeetingKind::parse(kind.label()), Some(kind));
            assert_eq!(
                FamilyMeetingKind::parse(&kind.code().to_ascii_uppercase()),
                Some(kind)
            );
        }
        assert_eq!(
            FamilyMeetingKind::FamilyGroupConference.label(),
            "Family Group Conference"
        );
        assert_eq!(
            FamilyMeetingKind::FamilyNetworkMeeting.label(),
            "Family Network meeting"
        );
        assert_eq!(FamilyMeetingKind::parse("tracker"), None);
    }

    #[test]
    fn a_meeting_as_typed_is_read_with_attendees_one_a_line() {
        let today = d(2026, 3, 10);
        let meeting = check_meeting(
            "fgc",
            "09/03/2026",
            "Mother\n\n  Maternal grandmother  \nFGC coordinator\n",
            "  Family plan agreed.  ",
            today,
        )
        .unwrap();
        assert_eq!(meeting.kind, FamilyMeetingKind::FamilyGroupConference);
        assert_eq!(meeting.held_on, d(2026, 3, 9));
        assert_eq!(
            meeting.attended,
            vec!["Mother", "Maternal grandmother", "FGC coordinator"]
        );
        assert_eq!(meeting.notes.as_deref(), Some("Family plan agreed."));
        let blank = check_meeting("family-network", "today", "", "   ", today).unwrap();
        assert_eq!(blank.held_on, today);
        assert!(blank.attended.is_empty());
        assert_eq!(blank.notes, None);
    }

    /// Issue 16: year 0001 was accepted for an event.
    #[test]
    fn a_meeting_held_before_1900_is_refused() {
        let today = d(2026, 3, 10);
        for held in ["0001-01-01", "31/12/1899"] {
            let refused = check_meeting("fgc", held, "", "", today).unwrap_err();
            assert_eq!(refused.field, MeetingField::HeldOn);
            assert!(refused.problem.contains("before 1900"), "{}", refused.problem);
        }
        assert!(check_meeting("fgc", "01/01/1900", "", "", today).is_ok());
    }

    #[test]
    fn a_meeting_in_the_future_is_refused_naming_the_date_field() {
        let today = d(2026, 3, 10);
        let error = check_meeting("fgc", "11/03/2026", "", "", today).unwrap_err();
        assert_eq!(error.field, MeetingField::HeldOn);
        assert!(
            error
                .to_string()
                .starts_with("Held on: 11/03/2026 is in the future"),
            "{error}"
        );
        let error = check_meeting("fgc", "31/02/2026", "", "", today).unwrap_err();
        assert_eq!(error.field, MeetingField::HeldOn);
        assert!(error.to_string().contains("31/02/2026"), "{error}");
        let error = check_meeting("fgc", "  ", "", "", today).unwrap_err();
        assert_eq!(error.field, MeetingField::HeldOn);
        let error = check_meeting("review", "today", "", "", today).unwrap_err();
        assert_eq!(error.field, MeetingField::Kind);
        assert!(error.to_string().starts_with("Kind of meeting: "), "{error}");
    }

    #[test]
    fn an_outcome_needs_words_and_a_due_date_not_before_the_meeting() {
        let held = d(2026, 3, 9);
        let today = d(2026, 3, 10);
        let error = check_outcome(" \n ", "", None, held, today).unwrap_err();
        assert_eq!(error.field, MeetingField::OutcomeText);
        assert_eq!(error.to_string(), "Outcome: write what was agreed");
        let error = check_outcome("Viability assessment", "08/03/2026", None, held, today).unwrap_err();
        assert_eq!(error.field, MeetingField::OutcomeDue);
        assert!(
            error.to_string().starts_with("Due: 08/03/2026 is before"),
            "{error}"
        );
        let error = check_outcome("Viability assessment", "soon", None, held, today).unwrap_err();
        assert_eq!(error.field, MeetingField::OutcomeDue);
        let child = Some(ChildId(7));
        let outcome = check_outcome("  Viability assessment  ", "+2w", child, held, today).unwrap();
        assert_eq!(outcome.text, "Viability assessment");
        assert_eq!(outcome.due, Some(d(2026, 3, 24)));
        assert_eq!(outcome.child, child);
        let undated = check_outcome("Keep in touch", "", None, held, today).unwrap();
        assert_eq!(undated.due, None);
        // Due on the day of the meeting itself is allowed.
        let same_day = check_outcome("Call", "09/03/2026", None, held, today).unwrap();
        assert_eq!(same_day.due, Some(held));
    }

    proptest! {
        #[test]
        fn a_meeting_is_accepted_exactly_when_held_on_or_before_today(
            start in 0u64..20_000,
            offset in -400i64..400,
        ) {
            let today = d(2000, 1, 1) + Days::new(start);
            let held = if offset >= 0 {
                today + Days::new(offset as u64)
            } else {
                today - Days::new(offset.unsigned_abs())
            };
            let typed = crate::date::uk(held);
            let result = check_meeting("family-network", &typed, "", "", today);
            if held <= today {
                prop_assert_eq!(result.map(|m| m.held_on), Ok(held));
            } else {
                prop_assert_eq!(result.map_err(|e| e.field), Err(MeetingField::HeldOn));
            }
        }
    }
}
