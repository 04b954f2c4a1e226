//! What the Family, Chronology and Gateway tabs' dialogs hold, checked
//! when saved and turned into the change each asks for.

use crate::app::{Effect, capitalise};
use crate::domain::calendar::Calendar;
use crate::domain::chronology::{self, ChronologyError, Draft};
use crate::domain::date::{DateStyle, iso, parse_day};
use crate::domain::gateway;
use crate::modal::{Form, FormPurpose};
use chrono::NaiveDate;

/// Which field a chronology entry's refusal is about.
fn chronology_field(error: &ChronologyError) -> usize {
    match error {
        ChronologyError::Date(_)
        | ChronologyError::Future { .. }
        | ChronologyError::RangeBackwards { .. } => 0,
        ChronologyError::EmptyWhat => 1,
        ChronologyError::UnknownKind(_) => 2,
        ChronologyError::TooLong { field, .. } if *field == "source" => 3,
        ChronologyError::TooLong { .. } => 1,
    }
}

/// Checks what a Family, Chronology or Gateway dialog holds and turns it
/// into the change it asks for, or names the field that is wrong and why
/// (in the domain's words, with dates as the user reads them).
pub fn submit(
    form: &Form,
    child: crate::domain::child::ChildId,
    today: NaiveDate,
    dates: DateStyle,
    calendar: &Calendar,
) -> Result<Effect, (usize, String)> {
    let said = |text: String| capitalise(&dates.restyle(&text));
    // A date as the user may type it: their style, ISO, `today`, `-3d`.
    let day = |index: usize, name: &str| -> Result<Option<NaiveDate>, (usize, String)> {
        let text = form.value(index);
        if text.is_empty() {
            return Ok(None);
        }
        parse_day(text, today)
            .map(Some)
            .map_err(|e| (index, said(format!("{name}: {e}"))))
    };
    match &form.purpose {
        FormPurpose::ChronologyEntry => {
            let on = day(0, "date")?.ok_or((0, "Date is needed".to_string()))?;
            let verified = match form.value(4).to_lowercase().as_str() {
                "y" | "yes" => true,
                "n" | "no" | "" => false,
                other => return Err((4, format!("Verified: {other} should be y or n"))),
            };
            let draft = Draft {
                on: iso(on),
                what: form.value(1).to_string(),
                kind: form.value(2).to_string(),
                source: form.value(3).to_string(),
                verified,
            };
            chronology::written(&draft, today)
                .map(|entry| Effect::AddChronologyEntry { child, entry })
                .map_err(|e| (chronology_field(&e), said(e.to_string())))
        }
        FormPurpose::TickPaper { paper } => {
            let dated = day(0, "dated")?;
            let (paper, dated) = gateway::tick(paper.code(), &dated.map(iso).unwrap_or_default(), today)
                .map_err(|e| (0, said(e.to_string())))?;
            Ok(Effect::TickPaper { child, paper, dated })
        }
        FormPurpose::GatewayPanel { pre_proceedings } => {
            let on = day(0, "panel")?.ok_or((0, "Give the date the panel sits".to_string()))?;
            let on = gateway::panel_on(&iso(on), calendar).map_err(|e| (0, said(e.to_string())))?;
            Ok(Effect::SetGatewayPanel {
                child,
                on,
                pre_proceedings: *pre_proceedings,
            })
        }
        FormPurpose::OutcomeTarget { outcome, plan } => {
            let target = day(0, "due by")?.ok_or((0, "Due by is needed".to_string()))?;
            Ok(Effect::OutcomeToTimeline {
                child,
                outcome: *outcome,
                plan: *plan,
                target,
            })
        }
        // The other dialogs are checked in `app/dialogs.rs`.
        _ => Err((0, "This dialog cannot be saved from here".to_string())),
    }
}
