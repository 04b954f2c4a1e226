//! What `permanence export ssda903 --year YYYY` writes for what the
//! product holds: the rows kept from the authority's own files for the
//! children looked after in that collection year, with what was put right
//! or recorded in the app since where the return has a place for it, and
//! a note, child by child, of what it holds but cannot write honestly.
//!
//! The year (`year_rows`): the Department's return for a year holds every
//! child looked after at any time in it (1 April to 31 March) and their
//! episodes open in it; the reviews held in it; the decisions that the
//! child should be placed for adoption in force at some time in it; and
//! AD1 for the children adopted in it; each as it stood at 31 March (an
//! episode or a decision that ended after it is written open).
//!
//! Pure: the service reads the kept rows, the record and the events, and
//! hands them in; the interchange writes the files.

use super::Table;
use super::codes::{CodeLists, Outcome};
use super::kept::{KEPT, KeptRow, collection_year, day};
use crate::child::ChildFields;
use crate::date::{iso, uk};
use crate::event::Event;
use chrono::NaiveDate;
use std::collections::HashMap;

/// What an imported event (by its source) stands for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceNow {
    /// Still current, on `on`; `in_app`: corrected to that day in the app.
    Current {
        event: Event,
        on: NaiveDate,
        in_app: bool,
    },
    /// Withdrawn; `in_app`: by a person, not by a later import.
    Withdrawn { event: Event, in_app: bool },
}

/// Everything the product holds about one child that the return has a
/// place for.
#[derive(Debug, Clone, Copy)]
pub struct Holding<'a> {
    pub record: &'a ChildFields,
    /// The rows kept from the files (empty for a child created in the app).
    pub kept: &'a [KeptRow],
    /// Each `ssda903:` source of the child's events, as it stands.
    pub sources: &'a HashMap<String, SourceNow>,
    /// The current events recorded in the app (no source), in any order.
    pub app_events: &'a [(Event, NaiveDate)],
}

/// Something the product holds that the export did not write as it
/// stands, with why: listed on stderr, child by child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub reference: String,
    pub message: String,
}

/// The tables to write, in [`KEPT`] order, each row's cells by column
/// (`CHILD` and `DOB` filled in), and the notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Export {
    pub tables: Vec<(Table, Vec<KeptRow>)>,
    pub notes: Vec<Note>,
}

impl Export {
    /// The children in the Header table written.
    pub fn children(&self) -> usize {
        self.tables
            .iter()
            .find(|(t, _)| *t == Table::Header)
            .map_or(0, |(_, rows)| rows.len())
    }
}

/// The events the return records as an episode beginning or ending: one
/// recorded only in the app cannot be written, as a new episode needs
/// its placement and legal status, which the product does not hold.
const EPISODE_EVENTS: [Event; 8] = [
    Event::LookedAfter,
    Event::InterimCareOrder,
    Event::CareOrder,
    Event::PlacementOrder,
    Event::Placement,
    Event::OrderMade,
    Event::SpecialGuardianshipOrder,
    Event::ChildArrangementsOrder,
];

/// The rows for collection year `year` (ending 31 March `year`) and the
/// notes, from each child's holding, in the order given.
pub fn build(year: i32, lists: &CodeLists, holdings: &[Holding<'_>]) -> Export {
    let mut tables: Vec<(Table, Vec<KeptRow>)> = KEPT.iter().map(|t| (*t, Vec::new())).collect();
    let mut notes = Vec::new();
    let Some(span) = collection_year(year) else {
        return Export { tables, notes };
    };
    for holding in holdings {
        let mut child = Child {
            span,
            lists,
            h: holding,
            rows: Vec::new(),
            notes: Vec::new(),
        };
        if holding.kept.is_empty() {
            child.app_only();
        } else {
            child.imported();
        }
        for row in child.rows {
            if let Some((_, rows)) = tables.iter_mut().find(|(t, _)| *t == row.table) {
                rows.push(row);
            }
        }
        notes.extend(child.notes.into_iter().map(|message| Note {
            reference: holding.record.reference.clone(),
            message,
        }));
    }
    Export { tables, notes }
}

/// Whether an episode (its `DECOM` and `DEC`) was open at some time
/// within the span: the child was looked after then.
pub fn open_in(decom: NaiveDate, dec: Option<NaiveDate>, span: (NaiveDate, NaiveDate)) -> bool {
    decom <= span.1 && dec.is_none_or(|d| d >= span.0)
}

/// A decision that the child should be placed for adoption, in force at
/// some time within the span.
pub fn in_force(placed: NaiveDate, ceased: Option<NaiveDate>, span: (NaiveDate, NaiveDate)) -> bool {
    placed <= span.1 && ceased.is_none_or(|c| c >= span.0)
}

/// The `SEX` code of a gender as the record holds it: the code whose
/// label it is (the import writes the label), in any case.
pub fn sex_code(lists: &CodeLists, gender: &str) -> Option<String> {
    lists
        .list(Table::Header, "SEX")?
        .codes
        .iter()
        .find(|c| {
            c.label
                .as_deref()
                .is_some_and(|l| l.eq_ignore_ascii_case(gender.trim()))
        })
        .map(|c| c.code.clone())
}

/// Whether an ethnicity as the record holds it is written as the
/// return's codes are (`WBRI`, `MWBC`): the import keeps the code, and a
/// description typed in the app is not one.
fn code_shaped(text: &str) -> bool {
    (1..=4).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

struct Child<'a> {
    span: (NaiveDate, NaiveDate),
    lists: &'a CodeLists,
    h: &'a Holding<'a>,
    rows: Vec<KeptRow>,
    notes: Vec<String>,
}

impl Child<'_> {
    fn in_year(&self, on: NaiveDate) -> bool {
        self.span.0 <= on && on <= self.span.1
    }

    fn kept(&self, table: Table) -> impl Iterator<Item = &KeptRow> {
        self.h.kept.iter().filter(move |r| r.table == table)
    }

    fn row(&self, table: Table, from: Option<&KeptRow>) -> KeptRow {
        let mut row = from.cloned().unwrap_or(KeptRow {
            table,
            key: None,
            cells: Vec::new(),
        });
        row.set("CHILD", Some(self.h.record.reference.clone()));
        row
    }

    /// A child created in the app: a Header row where the record holds
    /// what it needs, never an episode.
    fn app_only(&mut self) {
        let record = self.h.record;
        if record.looked_after_since.is_none_or(|d| d > self.span.1) {
            return;
        }
        let sex = record.gender.as_deref().and_then(|g| sex_code(self.lists, g));
        let (Some(dob), Some(sex)) = (record.date_of_birth, sex) else {
            self.notes.push(
                "recorded only in the app and looked after: not written, as the return's Header needs a date of birth and a sex (1 Male, 2 Female) the record does not hold".to_string(),
            );
            return;
        };
        let mut header = self.row(Table::Header, None);
        header.set("SEX", Some(sex));
        header.set("DOB", Some(day(dob)));
        header.set("ETHNIC", record.ethnicity.clone().filter(|e| code_shaped(e)));
        self.rows.push(header);
        self.notes.push(
            "recorded only in the app: its Header row is written, but no Episodes row, as an episode needs the legal status and placement (LS, PLACE) by date, which the product does not hold; nor its reviews, which would be outside every episode".to_string(),
        );
    }

    /// A child imported from the files: their kept rows for the year.
    fn imported(&mut self) {
        let mut episodes: Vec<KeptRow> = self
            .kept(Table::Episodes)
            .filter(|e| {
                e.date("DECOM")
                    .is_some_and(|decom| open_in(decom, e.date("DEC"), self.span))
            })
            .cloned()
            .collect();
        episodes.sort_by_key(|e| e.key);
        if episodes.is_empty() {
            return;
        }
        let header = self.header();
        let dob = header.cell("DOB").map(str::to_string);
        self.rows.push(header);
        for episode in &episodes {
            self.episode_notes(episode);
            let mut row = self.row(Table::Episodes, Some(episode));
            // As the return stands at 31 March: an episode that ended
            // after it was open then.
            if row.date("DEC").is_some_and(|dec| dec > self.span.1) {
                row.set("DEC", None);
                row.set("REC", None);
            }
            self.rows.push(row);
        }
        self.reviews(&episodes, dob.clone());
        self.placed_adoption(dob.clone());
        self.ad1(&episodes, dob);
        self.not_written(&episodes);
    }

    /// The kept Header row, with the record's date of birth, sex and
    /// ethnicity where they map back one to one.
    fn header(&mut self) -> KeptRow {
        let record = self.h.record;
        let kept = self.kept(Table::Header).next().cloned();
        let mut row = self.row(Table::Header, kept.as_ref());
        if let Some(dob) = record.date_of_birth {
            row.set("DOB", Some(day(dob)));
        }
        if let Some(gender) = record.gender.as_deref() {
            match sex_code(self.lists, gender) {
                Some(code) => row.set("SEX", Some(code)),
                None => self.notes.push(
                    "Header: the gender in the record is not a sex the return codes (1 Male, 2 Female): SEX is written as the files had it".to_string(),
                ),
            }
        }
        match record.ethnicity.as_deref() {
            Some(e) if code_shaped(e) => row.set("ETHNIC", Some(e.to_string())),
            Some(_) => self.notes.push(
                "Header: the ethnicity in the record is not one of the return's codes: ETHNIC is written as the files had it".to_string(),
            ),
            None => row.set("ETHNIC", None),
        }
        row
    }

    /// An episode's events put right in the app since: the episode is
    /// written as the files had it (its start is also the end of the one
    /// before, so a day moved is not one cell), and the change listed.
    fn episode_notes(&mut self, episode: &KeptRow) {
        let mut sources = Vec::new();
        if let Some(decom) = episode.date("DECOM") {
            for column in ["RNE", "LS", "PLACE"] {
                sources.push((format!("ssda903:episodes:{}:{column}", iso(decom)), decom));
            }
        }
        if let Some(dec) = episode.date("DEC") {
            sources.push((format!("ssda903:episodes:{}:REC", iso(dec)), dec));
        }
        for (source, was) in sources {
            let change = match self.h.sources.get(&source) {
                Some(SourceNow::Current {
                    event,
                    on,
                    in_app: true,
                }) => format!(
                    "{} on {} was corrected in the app to {}",
                    event.code(),
                    uk(was),
                    uk(*on)
                ),
                Some(SourceNow::Withdrawn { event, in_app: true }) => {
                    format!("{} on {} was withdrawn in the app", event.code(), uk(was))
                }
                _ => continue,
            };
            self.notes.push(format!(
                "Episodes: {change}; the episode from {} is written as the files had it",
                episode.cell("DECOM").unwrap_or_default()
            ));
        }
    }

    /// Where an imported event stands now: its day (corrected in the app
    /// or not), or `None` if withdrawn in the app, with the note.
    fn now(&mut self, what: &str, source: &str, was: NaiveDate) -> Option<NaiveDate> {
        match self.h.sources.get(source) {
            Some(SourceNow::Current { on, in_app: true, .. }) if *on != was => {
                let moved = if self.in_year(*on) {
                    format!("written on {}", uk(*on))
                } else {
                    "outside the year, so not written in it".to_string()
                };
                self.notes.push(format!(
                    "{what} of {} was corrected in the app to {}: {moved}",
                    uk(was),
                    uk(*on)
                ));
                Some(*on)
            }
            Some(SourceNow::Withdrawn { in_app: true, .. }) => {
                self.notes.push(format!(
                    "{what} of {} was withdrawn in the app: not written",
                    uk(was)
                ));
                None
            }
            _ => Some(was),
        }
    }

    /// The reviews held in the year: the kept ones as they stand now, and
    /// each recorded in the app within an episode the return holds.
    fn reviews(&mut self, episodes: &[KeptRow], dob: Option<String>) {
        let mut written: Vec<(NaiveDate, KeptRow)> = Vec::new();
        let kept: Vec<KeptRow> = self.kept(Table::Reviews).cloned().collect();
        for review in &kept {
            let Some(held) = review.date("REVIEW") else {
                continue;
            };
            let source = format!("ssda903:reviews:{}", iso(held));
            let Some(on) = self.now("Reviews: the review", &source, held) else {
                continue;
            };
            if self.in_year(on) {
                let mut row = self.row(Table::Reviews, Some(review));
                row.set("DOB", dob.clone());
                row.set("REVIEW", Some(day(on)));
                written.push((on, row));
            }
        }
        let mut app: Vec<NaiveDate> = self
            .h
            .app_events
            .iter()
            .filter(|(e, on)| *e == Event::CaseReview && self.in_year(*on))
            .map(|(_, on)| *on)
            .collect();
        app.sort();
        for on in app {
            if written.iter().any(|(d, _)| *d == on) {
                continue;
            }
            let within = episodes.iter().any(|e| {
                e.date("DECOM")
                    .is_some_and(|decom| decom <= on && e.date("DEC").is_none_or(|dec| on <= dec))
            });
            if !within {
                self.notes.push(format!(
                    "Reviews: the case review recorded in the app on {} is outside every episode the return holds: not written",
                    uk(on)
                ));
                continue;
            }
            let mut row = self.row(Table::Reviews, None);
            row.set("DOB", dob.clone());
            row.set("REVIEW", Some(day(on)));
            written.push((on, row));
        }
        written.sort_by_key(|(on, _)| *on);
        self.rows.extend(written.into_iter().map(|(_, row)| row));
    }

    /// The decisions that the child should be placed for adoption in
    /// force in the year, as they stand now.
    fn placed_adoption(&mut self, dob: Option<String>) {
        let kept: Vec<KeptRow> = self.kept(Table::PlacedAdoption).cloned().collect();
        let mut written = Vec::new();
        for decision in &kept {
            let Some(placed) = decision.date("DATE_PLACED") else {
                continue;
            };
            let source = format!("ssda903:placedadoption:{}", iso(placed));
            let what = "PlacedAdoption: the decision that the child should be placed for adoption";
            let Some(on) = self.now(what, &source, placed) else {
                continue;
            };
            if in_force(on, decision.date("DATE_PLACED_CEASED"), self.span) {
                let mut row = self.row(Table::PlacedAdoption, Some(decision));
                // In force at 31 March if reversed only after it.
                if row.date("DATE_PLACED_CEASED").is_some_and(|c| c > self.span.1) {
                    row.set("DATE_PLACED_CEASED", None);
                    row.set("REASON_PLACED_CEASED", None);
                }
                row.set("DOB", dob.clone());
                row.set("DATE_PLACED", Some(day(on)));
                written.push((on, row));
            }
        }
        written.sort_by_key(|(on, _)| *on);
        self.rows.extend(written.into_iter().map(|(_, row)| row));
    }

    /// AD1, for a child adopted in the year (an episode ending in it with
    /// an adoption), as it stands now.
    fn ad1(&mut self, episodes: &[KeptRow], dob: Option<String>) {
        let adopted = episodes.iter().any(|e| {
            e.date("DEC").is_some_and(|dec| self.in_year(dec))
                && e.cell("REC")
                    .and_then(|rec| self.lists.code(Table::Episodes, "REC", rec))
                    .is_some_and(|c| c.outcome == Some(Outcome::Adopted))
        });
        if !adopted {
            return;
        }
        let Some(kept) = self.kept(Table::Ad1).next().cloned() else {
            self.notes.push(
                "AD1: adopted in the year, but the files held no AD1 row for the child: none written"
                    .to_string(),
            );
            return;
        };
        let mut row = self.row(Table::Ad1, Some(&kept));
        row.set("DOB", dob);
        if let Some(matched) = kept.date("DATE_MATCH") {
            let source = format!("ssda903:ad1:{}:DATE_MATCH", iso(matched));
            match self.now("AD1: the match", &source, matched) {
                Some(on) => row.set("DATE_MATCH", Some(day(on))),
                None => return,
            }
        }
        if let Some(decided) = kept.date("DATE_INT") {
            let source = format!("ssda903:ad1:{}:DATE_INT", iso(decided));
            let what = "AD1: the decision that the child should be placed for adoption";
            match self.now(what, &source, decided) {
                Some(on) => row.set("DATE_INT", Some(day(on))),
                None => return,
            }
        }
        self.rows.push(row);
    }

    /// The events recorded in the app in the year that the return would
    /// hold as an episode, a decision or a match, but that the export
    /// cannot make a row of: listed, not invented.
    fn not_written(&mut self, episodes: &[KeptRow]) {
        let mut events: Vec<(Event, NaiveDate)> = self
            .h
            .app_events
            .iter()
            .copied()
            .filter(|(_, on)| self.in_year(*on))
            .collect();
        events.sort_by_key(|(e, on)| (*on, e.code()));
        let kept = self.h.kept;
        let dated = |table: Table, columns: &[&str], on: NaiveDate| {
            let mut rows: Box<dyn Iterator<Item = &KeptRow>> = if table == Table::Episodes {
                Box::new(episodes.iter())
            } else {
                Box::new(kept.iter().filter(move |r| r.table == table))
            };
            rows.any(|r| columns.iter().any(|c| r.date(c) == Some(on)))
        };
        let mut notes = Vec::new();
        for (event, on) in events {
            let why = if EPISODE_EVENTS.contains(&event) {
                if dated(Table::Episodes, &["DECOM", "DEC"], on) {
                    continue;
                }
                "the return holds it as an episode beginning or ending, which needs the legal status and placement (LS, PLACE) the product does not hold"
            } else if event == Event::Shobpa {
                if dated(Table::PlacedAdoption, &["DATE_PLACED"], on) || dated(Table::Ad1, &["DATE_INT"], on)
                {
                    continue;
                }
                "a PlacedAdoption row is written only as the authority's files gave it"
            } else if event == Event::MatchingPanel {
                if dated(Table::Ad1, &["DATE_MATCH"], on) {
                    continue;
                }
                "an AD1 row is written only as the authority's files gave it"
            } else {
                continue;
            };
            notes.push(format!(
                "{} on {} recorded in the app: not written: {why}",
                event.code(),
                uk(on)
            ));
        }
        self.notes.extend(notes);
    }
}
