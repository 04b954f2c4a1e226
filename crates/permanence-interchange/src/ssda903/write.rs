//! Writes the Header, Episodes, Reviews, PlacedAdoption, AD1 and
//! SocialWorker tables from typed rows, in the return's own format
//! (standard column names, dates DD/MM/YYYY), so that what is read can be
//! written back and read again unchanged: the ground `export ssda903`
//! stands on. Columns the product does not hold (UPN, postcodes, the
//! adopters' details) are written empty. [`export_tables`] writes what
//! `export ssda903` selected, every standard column filled from the rows
//! kept at import.

use crate::domain::ssda903::export::Export;
use crate::domain::ssda903::kept;
use crate::domain::ssda903::{Return, Shared, Table};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

fn day(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn maybe_day(date: Option<NaiveDate>) -> String {
    date.map(day).unwrap_or_default()
}

fn text(value: &Option<Shared>) -> String {
    value.as_deref().unwrap_or_default().to_string()
}

/// One table as CSV text, its cells quoted where they need it.
fn table(columns: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<String, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    out.write_record(columns)?;
    for row in rows {
        out.write_record(&row)?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The tables' files: (file name, text).
/// A column the product keeps but does not model, as the row was read.
fn kept(other: &permanence_domain::ssda903::kept::Other, column: &str) -> String {
    other
        .pairs()
        .find(|(c, _)| *c == column)
        .map(|(_, v)| v.to_string())
        .unwrap_or_default()
}

pub fn tables(ret: &Return) -> Result<Vec<(String, String)>, csv::Error> {
    let dob: HashMap<&str, String> = ret
        .header
        .iter()
        .map(|h| (h.child.as_str(), day(h.dob)))
        .collect();
    let dob_of = |child: &str| dob.get(child).cloned().unwrap_or_default();
    let header = table(
        kept::columns(Table::Header),
        ret.header.iter().map(|h| {
            vec![
                h.child.to_string(),
                h.sex.to_string(),
                day(h.dob),
                text(&h.ethnic),
                kept(&h.other, "UPN"),
                kept(&h.other, "MOTHER"),
                kept(&h.other, "MC_DOB"),
            ]
        }),
    )?;
    let episodes = table(
        kept::columns(Table::Episodes),
        ret.episodes.iter().map(|e| {
            vec![
                e.child.to_string(),
                day(e.decom),
                e.rne.to_string(),
                e.ls.to_string(),
                text(&e.cin),
                e.place.to_string(),
                text(&e.place_provider),
                maybe_day(e.dec),
                text(&e.rec),
                text(&e.reason_place_change),
                kept(&e.other, "HOME_POST"),
                kept(&e.other, "PL_POST"),
                kept(&e.other, "URN"),
            ]
        }),
    )?;
    let reviews = table(
        kept::columns(Table::Reviews),
        ret.reviews.iter().map(|r| {
            vec![
                r.child.to_string(),
                dob_of(&r.child),
                day(r.review),
                text(&r.review_code),
            ]
        }),
    )?;
    let placed = table(
        kept::columns(Table::PlacedAdoption),
        ret.placed_adoption.iter().map(|p| {
            vec![
                p.child.to_string(),
                dob_of(&p.child),
                day(p.date_placed),
                maybe_day(p.date_placed_ceased),
                text(&p.reason_placed_ceased),
            ]
        }),
    )?;
    let ad1 = table(
        kept::columns(Table::Ad1),
        ret.ad1.iter().map(|a| {
            let foster = a
                .foster_care
                .map(|f| if f { "1" } else { "0" })
                .unwrap_or_default()
                .to_string();
            vec![
                a.child.to_string(),
                dob_of(&a.child),
                day(a.date_int),
                day(a.date_match),
                foster,
                kept(&a.other, "NB_ADOPTR"),
                kept(&a.other, "SEX_ADOPTR"),
                kept(&a.other, "LS_ADOPTR"),
            ]
        }),
    )?;
    let workers = table(
        &["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
        ret.social_worker.iter().map(|w| {
            vec![
                w.child.to_string(),
                dob_of(&w.child),
                w.sw_id.to_string(),
                day(w.sw_decom),
                maybe_day(w.sw_dec),
                String::new(),
            ]
        }),
    )?;
    Ok(vec![
        ("Header.csv".to_string(), header),
        ("Episodes.csv".to_string(), episodes),
        ("Reviews.csv".to_string(), reviews),
        ("PlacedAdoption.csv".to_string(), placed),
        ("AD1.csv".to_string(), ad1),
        ("SocialWorker.csv".to_string(), workers),
    ])
}

/// Writes the tables into `folder`, each file whole or not at all: a
/// table is written to a temporary name and moved into place.
pub fn write_folder(folder: &Path, ret: &Return) -> std::io::Result<()> {
    let files = tables(ret).map_err(std::io::Error::other)?;
    std::fs::create_dir_all(folder)?;
    for (name, text) in files {
        let partial = folder.join(format!(".{name}.partial"));
        std::fs::write(&partial, text)?;
        std::fs::rename(&partial, folder.join(&name))?;
    }
    Ok(())
}

/// An export's tables (`export ssda903`) as files: (file name, text),
/// each with its standard header row and every row's cells by column,
/// named as `import ssda903` finds them.
pub fn export_tables(export: &Export) -> Result<Vec<(String, String)>, csv::Error> {
    export
        .tables
        .iter()
        .map(|(kind, rows)| {
            let columns = kept::columns(*kind);
            let text = table(
                columns,
                rows.iter().map(|row| {
                    columns
                        .iter()
                        .map(|c| row.cell(c).unwrap_or_default().to_string())
                        .collect()
                }),
            )?;
            Ok((format!("{}.csv", kind.name()), text))
        })
        .collect()
}
