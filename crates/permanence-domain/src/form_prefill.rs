//! A new form's first values, taken from what the record already knows
//! (the child's name, reference, worker, carers, today's date), so nobody
//! types again what the system holds. Fields name their source in the
//! form file (`prefill = "child.full_name"`).

use crate::caseload::ChildDetail;
use crate::date::uk;
use crate::form::{FieldKind, FormDef, Prefill};
use chrono::NaiveDate;

/// What prefilling may draw on: the child's record and who is filling in.
#[derive(Debug, Clone, Copy)]
pub struct PrefillSource<'a> {
    pub child: &'a ChildDetail,
    /// The display name of the user filling in the form.
    pub user: &'a str,
    pub today: NaiveDate,
}

/// The text a field starts with, as the user would have typed it.
pub fn prefill_text(prefill: Prefill, source: &PrefillSource<'_>) -> Option<String> {
    let fields = &source.child.fields;
    let text = match prefill {
        Prefill::Reference => fields.reference.clone(),
        Prefill::FullName => fields.full_name(),
        Prefill::DateOfBirth => uk(fields.date_of_birth?),
        Prefill::Gender => fields.gender.clone()?,
        Prefill::Ethnicity => fields.ethnicity.clone()?,
        Prefill::Religion => fields.religion.clone()?,
        Prefill::Disability => if fields.disability.disabled { "Yes" } else { "No" }.to_string(),
        Prefill::LegalStatus => fields.legal_status.short().to_string(),
        Prefill::PlacementType => fields.placement_type.clone()?,
        Prefill::Worker => source
            .child
            .worker_name
            .clone()
            .or_else(|| fields.worker.clone())?,
        Prefill::Team => fields.team.clone()?,
        Prefill::Iro => source.child.iro_name.clone().or_else(|| fields.iro.clone())?,
        Prefill::Carers => {
            let names: Vec<&str> = source.child.carers.iter().map(|c| c.name.as_str()).collect();
            if names.is_empty() {
                return None;
            }
            names.join(", ")
        }
        Prefill::Today => uk(source.today),
        Prefill::User => source.user.to_string(),
    };
    (!text.trim().is_empty()).then_some(text)
}

/// Every prefilled field of a form with its starting text, by field id.
/// Tables are never prefilled.
pub fn prefill_form(form: &FormDef, source: &PrefillSource<'_>) -> Vec<(String, String)> {
    form.fields()
        .filter(|f| f.kind != FieldKind::Table)
        .filter_map(|f| Some((f.id.clone(), prefill_text(f.prefill?, source)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::child::{ChildFields, ChildId, Disability, LegalStatus};
    use crate::people::Carer;

    fn detail() -> ChildDetail {
        ChildDetail {
            id: ChildId(1),
            fields: ChildFields {
                reference: "C1001".into(),
                given_name: "Ada".into(),
                family_name: "Example".into(),
                date_of_birth: NaiveDate::from_ymd_opt(2019, 3, 4),
                gender: None,
                ethnicity: None,
                religion: None,
                disability: Disability::default(),
                legal_status: LegalStatus::Ico,
                placement_type: None,
                looked_after_since: None,
                worker: Some("sw1".into()),
                team: Some("North".into()),
                iro: None,
                rag: None,
                sibling_group: None,
            },
            worker_name: Some("Sam Worker".into()),
            iro_name: None,
            carers: vec![
                Carer {
                    name: "Pat Gran".into(),
                    relationship: "Maternal grandmother".into(),
                    connected_person: true,
                },
                Carer {
                    name: "Lee Gran".into(),
                    relationship: "Step-grandfather".into(),
                    connected_person: true,
                },
            ],
            siblings: vec![],
            legal_since: None,
        }
    }

    #[test]
    fn fields_take_the_records_words() {
        let child = detail();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let source = PrefillSource {
            child: &child,
            user: "Sam Worker",
            today,
        };
        let text = |p| prefill_text(p, &source);
        assert_eq!(text(Prefill::FullName).as_deref(), Some("Ada Example"));
        assert_eq!(text(Prefill::Reference).as_deref(), Some("C1001"));
        assert_eq!(text(Prefill::DateOfBirth).as_deref(), Some("04/03/2019"));
        assert_eq!(text(Prefill::LegalStatus).as_deref(), Some("ICO"));
        assert_eq!(text(Prefill::Worker).as_deref(), Some("Sam Worker"));
        assert_eq!(text(Prefill::Carers).as_deref(), Some("Pat Gran, Lee Gran"));
        assert_eq!(text(Prefill::Today).as_deref(), Some("23/11/2026"));
        // Nothing known is left empty rather than filled with a placeholder.
        assert_eq!(text(Prefill::Iro), None);
        assert_eq!(text(Prefill::PlacementType), None);
    }
}
