//! Writing the caseload for other tools. The columns are the import's, so
//! an export can be imported again and changes nothing.

use crate::domain::child::ChildFields;
use crate::domain::date::iso;
use crate::domain::import::Column;
use crate::domain::sanitise::csv_cell;
use serde_json::{Map, Value, json};
use std::io::Write;

fn cell(child: &ChildFields, column: Column) -> Option<String> {
    match column {
        Column::Ref => Some(child.reference.clone()),
        Column::GivenName => Some(child.given_name.clone()),
        Column::FamilyName => Some(child.family_name.clone()),
        Column::DateOfBirth => child.date_of_birth.map(iso),
        Column::Gender => child.gender.clone(),
        Column::Ethnicity => child.ethnicity.clone(),
        Column::Religion => child.religion.clone(),
        Column::LegalStatus => Some(child.legal_status.code().to_string()),
        Column::PlacementType => child.placement_type.clone(),
        Column::LookedAfterSince => child.looked_after_since.map(iso),
        Column::Worker => child.worker.clone(),
        Column::Team => child.team.clone(),
        Column::Iro => child.iro.clone(),
        Column::Rag => child.rag.map(|r| r.word().to_string()),
        Column::Disability => Some(if child.disability.disabled { "yes" } else { "no" }.to_string()),
        Column::DisabilityNote => child.disability.note.clone(),
        Column::SiblingGroup => child.sibling_group.clone(),
    }
}

pub fn write_csv(children: &[ChildFields], out: impl Write) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(Column::ALL.map(Column::name))?;
    for child in children {
        // Cells that a spreadsheet would run as formulas are neutralised.
        writer.write_record(Column::ALL.map(|c| csv_cell(&cell(child, c).unwrap_or_default())))?;
    }
    writer.flush()?;
    Ok(())
}

/// An array of objects keyed by the import's column names; empty fields
/// are `null`, dates ISO 8601, `disability` a boolean.
pub fn write_json(children: &[ChildFields], mut out: impl Write) -> std::io::Result<()> {
    let array: Vec<Value> = children
        .iter()
        .map(|child| {
            let mut object = Map::new();
            for column in Column::ALL {
                let value = match column {
                    Column::Disability => json!(child.disability.disabled),
                    _ => cell(child, column).map_or(Value::Null, Value::String),
                };
                object.insert(column.name().to_string(), value);
            }
            Value::Object(object)
        })
        .collect();
    // Strings cleaned, not only the bytes: JSON would carry a control
    // character as an escape that a reader turns back into a live one.
    let mut array = Value::Array(array);
    crate::domain::sanitise::clean_json(&mut array);
    serde_json::to_writer_pretty(&mut out, &array)?;
    writeln!(out)?;
    Ok(())
}
