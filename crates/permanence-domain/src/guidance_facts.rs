//! The facts a best-option scenario is chosen from, as the record gives
//! them: the child's age today, whether connected people (relatives or
//! friends) have been identified, and whether return home has been ruled
//! out. The worker may correct each on the screen.

use crate::caseload::ChildDetail;
use crate::date::Age;
use crate::guidance::Facts;
use crate::plan::{Plan, PlanStatus};
use chrono::NaiveDate;

pub fn from_record(detail: &ChildDetail, plans: &[Plan], as_of: NaiveDate) -> Facts {
    let age = detail.fields.date_of_birth.map(|dob| match Age::on(dob, as_of) {
        Age::Years(y) => y,
        Age::Months(_) | Age::Unborn => 0,
    });
    let placement = detail
        .fields
        .placement_type
        .as_deref()
        .unwrap_or("")
        .to_lowercase();
    let connected_people = detail.carers.iter().any(|c| c.connected_person)
        || placement.contains("connected")
        || placement.contains("special guardian");
    // Return home is still open while any active plan is reunification.
    let return_home_ruled_out = !plans
        .iter()
        .any(|p| p.status == PlanStatus::Active && p.pathway == "reunification");
    Facts {
        age,
        connected_people,
        return_home_ruled_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::child::{ChildFields, ChildId};
    use crate::people::Carer;
    use crate::plan::{PlanId, PlanRole, Stage};

    fn detail(dob: NaiveDate, carers: Vec<Carer>) -> ChildDetail {
        ChildDetail {
            id: ChildId(1),
            fields: ChildFields {
                reference: "C1".into(),
                date_of_birth: Some(dob),
                ..ChildFields::default()
            },
            worker_name: None,
            iro_name: None,
            carers,
            siblings: vec![],
            legal_since: None,
        }
    }

    fn plan(pathway: &str, role: PlanRole) -> Plan {
        Plan {
            id: PlanId(1),
            pathway: pathway.into(),
            role,
            start: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            stage: Stage::Proceedings,
            status: PlanStatus::Active,
            basis: Default::default(),
        }
    }

    #[test]
    fn age_connected_people_and_return_home_come_from_the_record() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let tenth_birthday = NaiveDate::from_ymd_opt(2016, 11, 23).unwrap();
        let gran = Carer {
            name: "Pat".into(),
            relationship: "Maternal grandmother".into(),
            connected_person: true,
        };
        let facts = from_record(
            &detail(tenth_birthday, vec![gran]),
            &[plan("adoption", PlanRole::Primary)],
            today,
        );
        assert_eq!(facts.age, Some(10));
        assert!(facts.connected_people);
        assert!(facts.return_home_ruled_out);
        let day_before = today.pred_opt().unwrap();
        let facts = from_record(
            &detail(tenth_birthday, vec![]),
            &[plan("reunification", PlanRole::Contingency)],
            day_before,
        );
        assert_eq!(facts.age, Some(9));
        assert!(!facts.connected_people);
        assert!(
            !facts.return_home_ruled_out,
            "a reunification contingency keeps return home open"
        );
    }
}
