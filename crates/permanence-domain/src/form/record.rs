//! The `child-record` behaviour: a form that is the child's record itself
//! (adding a child, editing the record), not a form filed against them.
//! Its file names which field holds which column of the children import,
//! and the two dates a change of legal status or placement happened on,
//! so the screen's form is checked exactly as an import row is (the
//! import's own validation reads the row this builds) and an authority
//! that renames a field in its own copy says so once, in the file.

use super::{Behaviour, FieldDef, FieldKind, FieldValue, FormData};
use crate::child::{ChildFields, LegalStatus, Rag};
use crate::date::{DateStyle, iso};
use crate::import::{Column, RawRow};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// The key of `[behaviour.fields]` naming the date a new legal status
/// took effect.
pub const LEGAL_STATUS_SINCE: &str = "legal_status_since";
/// The key naming the day a new placement started.
pub const PLACEMENT_SINCE: &str = "placement_since";
/// The key naming the table of the child's carers: not a column of the
/// children import (which sets no carers), but the record's own.
pub const CARERS: &str = "carers";
/// The carers table's columns, by id, in order: the carer's name, their
/// relationship to the child, and whether they are a connected person.
pub const CARER_COLUMNS: [&str; 3] = ["carer", "relationship", "connected_person"];

/// Which field of the form holds each column of the record, checked
/// against the form when the file was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFields {
    /// Each column the form holds, with its field's id, in the import's
    /// column order. The import's required columns are always here.
    pub columns: Vec<(Column, String)>,
    /// The date field saying when the legal status changed.
    pub legal_status_since: Option<String>,
    /// The date field saying when the placement started.
    pub placement_since: Option<String>,
    /// The table field listing the child's carers, a row each.
    pub carers: Option<String>,
}

type Problem<'p> = &'p mut dyn FnMut(Range<usize>, String);

/// The kinds of field a column (or event date) may be held in.
fn kinds(column: Option<Column>) -> &'static [FieldKind] {
    match column {
        None | Some(Column::DateOfBirth | Column::LookedAfterSince) => &[FieldKind::Date],
        Some(Column::LegalStatus | Column::Rag) => &[FieldKind::Choice],
        Some(Column::Disability) => &[FieldKind::YesNo],
        Some(Column::DisabilityNote) => &[FieldKind::Text, FieldKind::Multiline],
        Some(Column::Worker | Column::Iro | Column::Team) => &[FieldKind::Person, FieldKind::Text],
        Some(_) => &[FieldKind::Text],
    }
}

/// Checks `[behaviour.fields]` of a child-record form: every key a column
/// of the children import or one of the two event dates, the import's
/// required columns all named, and each named field there and of a kind
/// the column can be read from (a legal status's or RAG's options each
/// one the import knows).
pub(super) fn check(
    named: Option<&BTreeMap<String, Spanned<String>>>,
    name_span: Range<usize>,
    fields: &[&FieldDef],
    problem: Problem<'_>,
) -> Option<Behaviour> {
    let Some(named) = named else {
        problem(
            name_span,
            "behaviour child-record needs a [behaviour.fields] table naming the field of each column"
                .to_string(),
        );
        return None;
    };
    let mut ok = true;
    let mut record = RecordFields {
        columns: Vec::new(),
        legal_status_since: None,
        placement_since: None,
        carers: None,
    };
    for (key, value) in named {
        let column = Column::parse(key);
        if key == CARERS {
            match carers_field(fields, value.get_ref()) {
                Ok(id) => record.carers = Some(id),
                Err(message) => {
                    problem(value.span(), format!("{CARERS}: {message}"));
                    ok = false;
                }
            }
            continue;
        }
        if column.is_none() && key != LEGAL_STATUS_SINCE && key != PLACEMENT_SINCE {
            problem(
                value.span(),
                format!(
                    "{key}: is not a column of the children import (columns: {}, {LEGAL_STATUS_SINCE}, {PLACEMENT_SINCE}, {CARERS})",
                    Column::ALL.map(Column::name).join(", ")
                ),
            );
            ok = false;
            continue;
        }
        let id = value.get_ref();
        let Some(field) = fields.iter().find(|f| &f.id == id) else {
            problem(value.span(), format!("{key}: {id:?} is not a field of this form"));
            ok = false;
            continue;
        };
        let allowed = kinds(column);
        if !allowed.contains(&field.kind) {
            problem(
                value.span(),
                format!(
                    "{key}: {id:?} is a {} field, but the child-record behaviour needs {}",
                    field.kind.code(),
                    allowed.iter().map(|k| k.code()).collect::<Vec<_>>().join(" or ")
                ),
            );
            ok = false;
            continue;
        }
        let unknown: Vec<&str> = field
            .options
            .iter()
            .filter(|o| match column {
                Some(Column::LegalStatus) => LegalStatus::parse(o).is_none(),
                Some(Column::Rag) => Rag::parse(o).is_none(),
                _ => false,
            })
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            problem(
                value.span(),
                format!(
                    "{key}: field {id:?} has options the children import does not know: {}",
                    unknown.join(", ")
                ),
            );
            ok = false;
        }
        match column {
            Some(c) => record.columns.push((c, id.clone())),
            None if key == LEGAL_STATUS_SINCE => record.legal_status_since = Some(id.clone()),
            None => record.placement_since = Some(id.clone()),
        }
    }
    for required in Column::REQUIRED {
        if !record.columns.iter().any(|(c, _)| *c == required) {
            problem(
                name_span.clone(),
                format!(
                    "behaviour child-record needs {} = \"<id>\" in [behaviour.fields]: the children import requires it",
                    required.name()
                ),
            );
            ok = false;
        }
    }
    record
        .columns
        .sort_by_key(|(c, _)| Column::ALL.iter().position(|a| a == c));
    ok.then_some(Behaviour::ChildRecord(record))
}

/// One row of the record form's carers table, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarerRow {
    pub name: String,
    /// Blank: the carer known by this name, as they are.
    pub relationship: String,
    /// `None`: not answered.
    pub connected_person: Option<bool>,
}

/// The carers field `id` names, checked: a table whose columns are
/// `carer` (person or text), `relationship` (text) and
/// `connected_person` (yes/no), in that order; labels are the form's own.
fn carers_field(fields: &[&FieldDef], id: &str) -> Result<String, String> {
    let field = fields
        .iter()
        .find(|f| f.id == id)
        .ok_or_else(|| format!("{id:?} is not a field of this form"))?;
    if field.kind != FieldKind::Table {
        return Err(format!(
            "{id:?} is a {} field, but the carers are a table",
            field.kind.code()
        ));
    }
    let ids: Vec<&str> = field.columns.iter().map(|c| c.id.as_str()).collect();
    let kinds_ok = field
        .columns
        .iter()
        .zip(CARER_COLUMNS)
        .all(|(c, want)| match want {
            "carer" => matches!(c.kind, FieldKind::Person | FieldKind::Text),
            "relationship" => c.kind == FieldKind::Text,
            _ => c.kind == FieldKind::YesNo,
        });
    if ids != CARER_COLUMNS || !kinds_ok {
        return Err(format!(
            "the table {id:?} needs the columns carer (person), relationship (text) and connected_person (yesno), in that order; it has {}",
            field
                .columns
                .iter()
                .map(|c| format!("{} ({})", c.id, c.kind.code()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(field.id.clone())
}

impl RecordFields {
    /// The carers the form lists, a row each (a row with no name is none),
    /// as typed: the relationship may be blank where the name is a carer
    /// already known. `None` where the form has no carers field.
    pub fn carers(&self, data: &FormData) -> Option<Vec<CarerRow>> {
        let id = self.carers.as_deref()?;
        let rows = match data.get(id) {
            Some(FieldValue::Rows(rows)) => rows.as_slice(),
            _ => &[],
        };
        let text = |v: Option<&FieldValue>| v.map(FieldValue::display).unwrap_or_default().trim().to_string();
        Some(
            rows.iter()
                .map(|row| CarerRow {
                    name: text(row.first()),
                    relationship: text(row.get(1)),
                    connected_person: match row.get(2) {
                        Some(FieldValue::YesNo(b)) => Some(*b),
                        _ => None,
                    },
                })
                .filter(|r| !r.name.is_empty())
                .collect(),
        )
    }

    /// The child's carers as the form's table texts, to prefill it.
    pub fn carer_rows(carers: &[crate::people::Carer]) -> Vec<Vec<String>> {
        carers
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.relationship.clone(),
                    if c.connected_person { "yes" } else { "no" }.to_string(),
                ]
            })
            .collect()
    }

    /// The field holding `column`, if the form has one.
    pub fn field_of(&self, column: Column) -> Option<&str> {
        self.columns
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, id)| id.as_str())
    }

    /// The column a field holds, if it holds one.
    pub fn column_of(&self, field: &str) -> Option<Column> {
        self.columns.iter().find(|(_, id)| id == field).map(|(c, _)| *c)
    }

    /// The answers as one row of the children import: its header and the
    /// row's cells as text, for the import's own checks to read. Dates go
    /// in as ISO, which the import reads whatever the user's style.
    pub fn row(&self, data: &FormData) -> (Vec<Column>, RawRow) {
        let cell = |id: &str| match data.get(id) {
            None | Some(FieldValue::Empty) => String::new(),
            Some(FieldValue::Date(d)) => iso(*d),
            Some(FieldValue::YesNo(b)) => if *b { "yes" } else { "no" }.to_string(),
            Some(FieldValue::Choices(c)) => c.first().cloned().unwrap_or_default(),
            Some(other) => other.display(),
        };
        let columns = self.columns.iter().map(|(c, _)| *c).collect();
        let cells = self.columns.iter().map(|(_, id)| cell(id)).collect();
        (columns, RawRow { line: 1, cells })
    }

    /// The day the form says the legal status changed and the day the
    /// placement started, where it says.
    pub fn since(&self, data: &FormData) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let day = |id: &Option<String>| match id.as_deref().and_then(|id| data.get(id)) {
            Some(FieldValue::Date(d)) => Some(*d),
            _ => None,
        };
        (day(&self.legal_status_since), day(&self.placement_since))
    }

    /// The record as the form's texts, to prefill it for editing: each
    /// column's field with what the record holds, dates in the user's
    /// style. The two event dates start empty: they are asked for only
    /// when something changes.
    pub fn texts(&self, child: &ChildFields, dates: DateStyle) -> Vec<(String, String)> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let day = |v: Option<NaiveDate>| v.map(|d| dates.show(d)).unwrap_or_default();
        self.columns
            .iter()
            .map(|(column, id)| {
                let value = match column {
                    Column::Ref => child.reference.clone(),
                    Column::GivenName => child.given_name.clone(),
                    Column::FamilyName => child.family_name.clone(),
                    Column::DateOfBirth => day(child.date_of_birth),
                    Column::Gender => text(&child.gender),
                    Column::Ethnicity => text(&child.ethnicity),
                    Column::Religion => text(&child.religion),
                    Column::LegalStatus => child.legal_status.code().to_string(),
                    Column::PlacementType => text(&child.placement_type),
                    Column::LookedAfterSince => day(child.looked_after_since),
                    Column::Worker => text(&child.worker),
                    Column::Team => text(&child.team),
                    Column::Iro => text(&child.iro),
                    Column::Rag => child.rag.map(|r| r.word().to_string()).unwrap_or_default(),
                    Column::Disability => if child.disability.disabled { "yes" } else { "no" }.to_string(),
                    Column::DisabilityNote => text(&child.disability.note),
                    Column::SiblingGroup => text(&child.sibling_group),
                };
                (id.clone(), value)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::parse_file;

    const RECORD: &str = include_str!("../../../../data/forms/child-record.toml");

    fn errors(text: &str) -> Vec<String> {
        parse_file("child-record.toml", text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn the_shipped_record_form_names_every_column_of_the_import() {
        let def = parse_file("child-record.toml", RECORD).unwrap();
        let Some(Behaviour::ChildRecord(fields)) = &def.behaviour else {
            panic!("child-record.toml declares the child-record behaviour");
        };
        let columns: Vec<Column> = fields.columns.iter().map(|(c, _)| *c).collect();
        assert_eq!(columns, Column::ALL);
        assert_eq!(fields.legal_status_since.as_deref(), Some("legal_status_since"));
        assert_eq!(fields.placement_since.as_deref(), Some("placement_since"));
        assert_eq!(fields.carers.as_deref(), Some("carers"));
    }

    #[test]
    fn a_record_form_is_refused_with_the_line_of_what_is_wrong() {
        let text = RECORD.replace("ref = \"ref\"\n", "");
        assert!(errors(&text)[0].ends_with(
            "behaviour child-record needs ref = \"<id>\" in [behaviour.fields]: the children import requires it"
        ));
        let text = RECORD.replace("worker = \"worker\"", "worker = \"rag\"");
        let line = text.lines().position(|l| l == "worker = \"rag\"").unwrap() + 1;
        assert_eq!(
            errors(&text),
            [format!(
                "child-record.toml:{line}: worker: \"rag\" is a choice field, but the child-record behaviour needs person or text"
            )]
        );
        let text = RECORD.replace("\"ico\", \"co\"", "\"ico\", \"care\"");
        assert!(errors(&text)[0].contains(
            "legal_status: field \"legal_status\" has options the children import does not know: care"
        ));
        let text = RECORD.replace("carers = \"carers\"", "carers = \"gender\"");
        let line = text.lines().position(|l| l == "carers = \"gender\"").unwrap() + 1;
        assert_eq!(
            errors(&text),
            [format!(
                "child-record.toml:{line}: carers: \"gender\" is a text field, but the carers are a table"
            )]
        );
        let text = RECORD.replace("id = \"relationship\"", "id = \"relation\"");
        assert!(errors(&text)[0].contains(
            "carers: the table \"carers\" needs the columns carer (person), relationship (text) and connected_person (yesno), in that order; it has carer (person), relation (text), connected_person (yesno)"
        ), "{:?}", errors(&text));
        let text = RECORD.replace("gender = \"gender\"", "sex = \"gender\"");
        assert!(errors(&text)[0].contains("sex: is not a column of the children import"));
    }

    #[test]
    fn the_answers_become_an_import_row_and_the_record_prefills_them() {
        let def = parse_file("child-record.toml", RECORD).unwrap();
        let Some(Behaviour::ChildRecord(fields)) = &def.behaviour else {
            panic!("a record form");
        };
        let child = ChildFields {
            reference: "C9".into(),
            given_name: "Ada".into(),
            family_name: "Example".into(),
            date_of_birth: NaiveDate::from_ymd_opt(2020, 5, 1),
            legal_status: LegalStatus::Ico,
            ..ChildFields::default()
        };
        let texts = fields.texts(&child, DateStyle::DayMonthYear);
        assert!(texts.contains(&("date_of_birth".into(), "01/05/2020".into())));
        assert!(texts.contains(&("legal_status".into(), "ico".into())));
        let mut data = FormData::default();
        for (id, text) in &texts {
            let field = def.field(id).unwrap();
            let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
            data.set(id, crate::form::parse_input(field, text, day).unwrap());
        }
        let (columns, row) = fields.row(&data);
        let at = |c: Column| row.cells[columns.iter().position(|x| *x == c).unwrap()].clone();
        assert_eq!(at(Column::DateOfBirth), "2020-05-01");
        assert_eq!(at(Column::LegalStatus), "ico");
        assert_eq!(at(Column::Disability), "no");
        assert_eq!(at(Column::Worker), "");
    }
}
