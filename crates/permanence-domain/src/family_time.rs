//! The family-time assessment (Warrington, Appendix 5): each factor
//! associated with beneficial or detrimental family time, ticked with a
//! short note, for the child and for each adult birth relative. It is a
//! form like any other (drafts, versions, who and when), generated from
//! the guidance's factor lists so an authority's own factors carry
//! through; the summary counts the factors side by side.

use crate::form::{Basis, FieldDef, FieldKind, FieldValue, FormData, FormDef, Origin, Prefill, SectionDef};
use crate::guidance::FamilyTimeFactors;
use serde_json::{Value, json};

pub const KIND: &str = "family-time";

fn field(id: String, label: String, kind: FieldKind, help: Option<String>) -> FieldDef {
    FieldDef {
        id,
        label,
        kind,
        required: false,
        help,
        options: Vec::new(),
        prefill: None,
        shared: false,
        columns: Vec::new(),
        origin: Origin::Source,
        options_own: None,
    }
}

/// The guidance lists the factors but prints no form: the rest of it
/// (who assessed, notes, the table of relatives, the conclusion) is the
/// product's, and says so on the screen and in the exports.
fn own(mut field: FieldDef, why: &str) -> FieldDef {
    field.origin = Origin::OwnDesign(why.into());
    field
}

const NO_SUCH_FIELD: &str = "the guidance lists the factors but names no such field";

/// The summary in a line, for the form screen as factors are ticked.
pub fn summary_line(data: &FormData) -> String {
    let s = summary(data);
    let mut parts = vec![format!(
        "The child: {} beneficial, {} detrimental",
        s["child"]["beneficial"], s["child"]["detrimental"]
    )];
    for adult in s["adults"].as_array().into_iter().flatten() {
        parts.push(format!(
            "{}: {} beneficial, {} detrimental",
            adult["name"].as_str().unwrap_or("?"),
            adult["beneficial"],
            adult["detrimental"]
        ));
    }
    parts.join(" · ")
}

/// Field ids for a child factor: `child_beneficial_3` and its note.
fn child_ids(group: &str, index: usize) -> (String, String) {
    (
        format!("child_{group}_{}", index + 1),
        format!("child_{group}_{}_note", index + 1),
    )
}

/// The form, built from the guidance's factors.
pub fn form(factors: &FamilyTimeFactors, source: &str) -> FormDef {
    let mut sections = vec![assessment_section()];
    sections.extend(child_factor_sections(factors));
    sections.push(relatives_section(factors));
    sections.push(summary_section());
    FormDef {
        kind: KIND.into(),
        title: "Family time assessment".into(),
        source: source.into(),
        basis: Basis::Described,
        sections,
        behaviour: None,
    }
}

/// A required field of the product's own, filled in for the worker.
fn prefilled(id: &str, label: &str, kind: FieldKind, prefill: Prefill) -> FieldDef {
    let mut f = field(id.into(), label.into(), kind, None);
    f.prefill = Some(prefill);
    f.required = true;
    own(f, NO_SUCH_FIELD)
}

/// Who was assessed, when and by whom.
fn assessment_section() -> SectionDef {
    SectionDef {
        id: "assessment".into(),
        title: "Assessment".into(),
        help: None,
        origin: Origin::OwnDesign("the guidance prints no form, so no such heading".into()),
        fields: vec![
            prefilled("child_name", "Child's name", FieldKind::Text, Prefill::FullName),
            prefilled(
                "assessed_on",
                "Date of assessment",
                FieldKind::Date,
                Prefill::Today,
            ),
            prefilled("assessed_by", "Assessed by", FieldKind::Person, Prefill::User),
        ],
    }
}

/// The child's beneficial factors, then their detrimental ones: each a
/// yes or no with a note.
fn child_factor_sections(factors: &FamilyTimeFactors) -> Vec<SectionDef> {
    let mut sections = Vec::new();
    for (group, title, items) in [
        (
            "beneficial",
            "Factors for the child associated with beneficial family time",
            &factors.beneficial_child,
        ),
        (
            "detrimental",
            "Factors for the child associated with detrimental family time",
            &factors.detrimental_child,
        ),
    ] {
        let mut fields = Vec::new();
        for (i, factor) in items.iter().enumerate() {
            let (id, note) = child_ids(group, i);
            fields.push(field(id, factor.clone(), FieldKind::YesNo, None));
            fields.push(own(
                field(note, format!("Note: {factor}"), FieldKind::Text, None),
                "the guidance lists the factor but asks for no note",
            ));
        }
        sections.push(SectionDef {
            id: format!("child_{group}"),
            title: title.into(),
            help: None,
            fields,
            origin: Origin::Cited(format!(
                "the guidance's “Factors for Children” in “Factors Associated with {} Family time in Permanent Placements”",
                if group == "beneficial" { "Beneficial" } else { "Detrimental" }
            )),
        });
    }
    sections
}

/// A table with a row for each adult birth relative, ticking the
/// guidance's adult factors that apply to them.
fn relatives_section(factors: &FamilyTimeFactors) -> SectionDef {
    let relatives = field(
        "relatives".into(),
        "Adult birth relatives".into(),
        FieldKind::Table,
        Some(
            "One row for each adult birth relative: tick the factors that apply to them, with a short note."
                .into(),
        ),
    );
    let mut name = field("name".into(), "Name".into(), FieldKind::Person, None);
    name.required = true;
    let mut beneficial = field(
        "beneficial".into(),
        "Beneficial factors".into(),
        FieldKind::MultiChoice,
        None,
    );
    beneficial.options = factors.beneficial_adult.clone();
    beneficial.origin = Origin::Cited("the guidance's “Factors for Adult Birth Relative”".into());
    let mut detrimental = field(
        "detrimental".into(),
        "Detrimental factors".into(),
        FieldKind::MultiChoice,
        None,
    );
    detrimental.options = factors.detrimental_adult.clone();
    detrimental.origin = Origin::Cited("the guidance's “Factors for Adult Birth Relative”".into());
    let mut relatives = own(relatives, "the guidance lists the factors but prints no table");
    relatives.columns = vec![
        own(name, NO_SUCH_FIELD),
        own(
            field(
                "relationship".into(),
                "Relationship".into(),
                FieldKind::Text,
                None,
            ),
            NO_SUCH_FIELD,
        ),
        beneficial,
        detrimental,
        own(
            field("note".into(), "Note".into(), FieldKind::Text, None),
            NO_SUCH_FIELD,
        ),
    ];
    SectionDef {
        id: "relatives".into(),
        title: "Factors for adult birth relatives".into(),
        help: None,
        origin: Origin::Cited("the guidance's “Factors for Adult Birth Relative”".into()),
        fields: vec![relatives],
    }
}

/// What the worker concludes from it all.
fn summary_section() -> SectionDef {
    SectionDef {
        id: "summary".into(),
        title: "Summary".into(),
        help: None,
        origin: Origin::OwnDesign("the guidance prints no form, so no such heading".into()),
        fields: vec![own(
            field(
                "conclusion".into(),
                "What this means for family time".into(),
                FieldKind::Multiline,
                None,
            ),
            NO_SUCH_FIELD,
        )],
    }
}

/// The factors counted side by side: the child's, then each relative's.
pub fn summary(data: &FormData) -> Value {
    let ticked = |group: &str| {
        let prefix = format!("child_{group}_");
        data.values
            .iter()
            .filter(|(id, v)| {
                id.starts_with(&prefix) && !id.ends_with("_note") && *v == FieldValue::YesNo(true)
            })
            .count()
    };
    let child = json!({
        "beneficial": ticked("beneficial"),
        "detrimental": ticked("detrimental"),
    });
    let adults: Vec<Value> = match data.get("relatives") {
        Some(FieldValue::Rows(rows)) => rows
            .iter()
            .map(|row| {
                let count = |i: usize| match row.get(i) {
                    Some(FieldValue::Choices(c)) => c.len(),
                    _ => 0,
                };
                json!({
                    "name": row.first().map(FieldValue::display).unwrap_or_default(),
                    "beneficial": count(2),
                    "detrimental": count(3),
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    json!({ "child": child, "adults": adults })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form;
    use chrono::NaiveDate;

    fn factors() -> FamilyTimeFactors {
        FamilyTimeFactors {
            beneficial_child: vec!["Placed in infancy".into(), "Child has positive memories".into()],
            beneficial_adult: vec![
                "Reliable, punctual".into(),
                "Accepts and supports the placement".into(),
            ],
            detrimental_child: vec!["Child does not want family time".into()],
            detrimental_adult: vec!["Unreliable, repeatedly late".into()],
        }
    }

    #[test]
    fn the_summary_counts_each_side_for_the_child_and_each_relative() {
        let def = form(&factors(), "test");
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let json = json!({
            "child_name": "Ada", "assessed_on": "2026-11-23", "assessed_by": "Sam",
            "child_beneficial_1": true, "child_beneficial_1_note": "placed at 3 months",
            "child_beneficial_2": true,
            "child_detrimental_1": false,
            "relatives": [
                {"name": "Mum", "relationship": "Mother", "beneficial": ["Reliable, punctual"], "detrimental": ["Unreliable, repeatedly late"], "note": null},
                {"name": "Dad", "relationship": "Father", "beneficial": ["Reliable, punctual", "Accepts and supports the placement"], "detrimental": [], "note": "supportive"}
            ]
        });
        let data = form::from_json(&def, &json, today).unwrap();
        let s = summary(&data);
        assert_eq!(s["child"], json!({"beneficial": 2, "detrimental": 0}));
        assert_eq!(
            s["adults"][0],
            json!({"name": "Mum", "beneficial": 1, "detrimental": 1})
        );
        assert_eq!(
            s["adults"][1],
            json!({"name": "Dad", "beneficial": 2, "detrimental": 0})
        );
    }

    #[test]
    fn every_factor_is_a_question_with_a_note() {
        let def = form(&factors(), "test");
        let labels: Vec<&str> = def.fields().map(|f| f.label.as_str()).collect();
        assert!(labels.contains(&"Placed in infancy"));
        assert!(labels.contains(&"Note: Placed in infancy"));
        assert!(labels.contains(&"Child does not want family time"));
        let relatives = def.field("relatives").unwrap();
        assert_eq!(relatives.columns[3].options, ["Unreliable, repeatedly late"]);
    }
}
