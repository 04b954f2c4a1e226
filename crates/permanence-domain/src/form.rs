//! Forms as data: a form kind's sections and fields (from
//! `data/forms/*.toml`), the values a filled form holds, and the rules that
//! check them. The same checks serve the screen (as the user types) and
//! `permanence form import` (a whole JSON document at once).

use crate::date::{iso, parse_day, uk};
use crate::file_error::{FileError, from_toml, stem};
use crate::money::Pence;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Map, Value as Json, json};
use std::collections::HashSet;
use std::fmt;
use toml::Spanned;

pub mod behaviour;
pub mod provenance;
pub mod record;
pub use behaviour::{Behaviour, FinancialFields, PpmFields};
pub use provenance::{Basis, OWN_MARK, Origin};

/// What a field holds and how it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    Text,
    Multiline,
    Date,
    Choice,
    MultiChoice,
    YesNo,
    Money,
    Number,
    /// A worker, carer or family member, by name.
    Person,
    /// Rows of columns, added and removed by the user.
    Table,
}

crate::coded::coded! {
    FieldKind, exact;
    Text => "text";
    Multiline => "multiline";
    Date => "date";
    Choice => "choice";
    MultiChoice => "multichoice";
    YesNo => "yesno";
    Money => "money";
    Number => "number";
    Person => "person";
    Table => "table";
}

impl FieldKind {
    fn has_options(self) -> bool {
        matches!(self, FieldKind::Choice | FieldKind::MultiChoice)
    }
}

/// Where a field takes its first value from the child's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prefill {
    Reference,
    FullName,
    DateOfBirth,
    Gender,
    Ethnicity,
    Religion,
    Disability,
    LegalStatus,
    PlacementType,
    Worker,
    Team,
    Iro,
    Carers,
    Today,
    User,
}

impl Prefill {
    const ALL: [(&'static str, Prefill); 15] = [
        ("child.reference", Prefill::Reference),
        ("child.full_name", Prefill::FullName),
        ("child.date_of_birth", Prefill::DateOfBirth),
        ("child.gender", Prefill::Gender),
        ("child.ethnicity", Prefill::Ethnicity),
        ("child.religion", Prefill::Religion),
        ("child.disability", Prefill::Disability),
        ("child.legal_status", Prefill::LegalStatus),
        ("child.placement_type", Prefill::PlacementType),
        ("child.worker", Prefill::Worker),
        ("child.team", Prefill::Team),
        ("child.iro", Prefill::Iro),
        ("child.carers", Prefill::Carers),
        ("today", Prefill::Today),
        ("user", Prefill::User),
    ];

    fn parse(text: &str) -> Option<Prefill> {
        Prefill::ALL
            .iter()
            .find(|(code, _)| *code == text)
            .map(|(_, p)| *p)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    pub id: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub help: Option<String>,
    pub options: Vec<String>,
    pub prefill: Option<Prefill>,
    /// The same for every child of a sibling group (the carers, the
    /// household), and so copied between their forms; the rest is each
    /// child's own.
    pub shared: bool,
    /// A table's columns (their own kinds are never tables).
    pub columns: Vec<FieldDef>,
    /// Where the field comes from: the source's, cited, or this product's.
    pub origin: Origin,
    /// Why the options are this product's own, where the source names the
    /// field but gives no options.
    pub options_own: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionDef {
    pub id: String,
    pub title: String,
    pub help: Option<String>,
    pub fields: Vec<FieldDef>,
    /// Where the heading comes from.
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormDef {
    pub kind: String,
    pub title: String,
    pub source: String,
    /// Whether the source prints the form or only describes it.
    pub basis: Basis,
    pub sections: Vec<SectionDef>,
    /// What the form takes part in beyond being filed, if anything.
    pub behaviour: Option<Behaviour>,
}

impl FormDef {
    pub fn fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.sections.iter().flat_map(|s| &s.fields)
    }

    pub fn field(&self, id: &str) -> Option<&FieldDef> {
        self.fields().find(|f| f.id == id)
    }

    /// The fields of a form whose behaviour is a financial approval.
    pub fn financial(&self) -> Option<&FinancialFields> {
        match &self.behaviour {
            Some(Behaviour::FinancialApproval(fields)) => Some(fields),
            _ => None,
        }
    }

    /// The fields of a form that is the child's record itself.
    pub fn record(&self) -> Option<&record::RecordFields> {
        match &self.behaviour {
            Some(Behaviour::ChildRecord(fields)) => Some(fields),
            _ => None,
        }
    }

    /// The fields of a form whose behaviour is a PPM record.
    pub fn ppm(&self) -> Option<&PpmFields> {
        match &self.behaviour {
            Some(Behaviour::PpmRecord(fields)) => Some(fields),
            _ => None,
        }
    }
}

// ----- reading a form file -----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    kind: Spanned<String>,
    title: String,
    source: Spanned<String>,
    provenance: Option<Spanned<String>>,
    behaviour: Option<behaviour::RawBehaviour>,
    #[serde(default)]
    section: Vec<Spanned<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: Spanned<String>,
    title: String,
    help: Option<String>,
    source: Option<Spanned<String>>,
    own_design: Option<Spanned<String>>,
    #[serde(default)]
    field: Vec<Spanned<RawField>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    id: Spanned<String>,
    label: String,
    kind: Spanned<String>,
    #[serde(default)]
    required: bool,
    help: Option<String>,
    options: Option<Spanned<Vec<String>>>,
    prefill: Option<Spanned<String>>,
    #[serde(default)]
    shared: bool,
    source: Option<Spanned<String>>,
    own_design: Option<Spanned<String>>,
    options_own_design: Option<Spanned<String>>,
    #[serde(default)]
    column: Vec<Spanned<RawField>>,
}

fn is_snake(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Reads a form file; its stem must be the form's `kind`.
pub fn parse_file(file: &str, text: &str) -> Result<FormDef, Vec<FileError>> {
    let raw: RawForm = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let mut problems = Vec::new();
    let mut problem = |span, message| problems.push(FileError::at_span(file, text, span, message));
    let stem = stem(file);
    if raw.kind.get_ref() != &stem && !stem.is_empty() {
        problem(
            raw.kind.span(),
            format!(
                "kind: {:?} differs from the file's name {stem:?}",
                raw.kind.get_ref()
            ),
        );
    }
    if raw.section.is_empty() {
        problem(0..0, "the form has no [[section]]s".to_string());
    }
    let basis = provenance::basis(raw.provenance.as_ref(), raw.source.span(), &mut problem);
    let described = basis == Basis::Described;
    let mut ids: HashSet<String> = HashSet::new();
    let mut sections = Vec::new();
    for s in &raw.section {
        let raw_section = s.get_ref();
        if !is_snake(raw_section.id.get_ref()) {
            problem(
                raw_section.id.span(),
                format!("id: {:?} must be snake_case", raw_section.id.get_ref()),
            );
        }
        if raw_section.field.is_empty() {
            problem(
                s.span(),
                format!("section {:?} has no fields", raw_section.id.get_ref()),
            );
        }
        let section_origin = provenance::origin(
            provenance::RawOrigin {
                source: &raw_section.source,
                own_design: &raw_section.own_design,
            },
            &format!("section {:?}", raw_section.id.get_ref()),
            raw_section.id.span(),
            described,
            &mut problem,
        );
        let mut fields = Vec::new();
        for f in &raw_section.field {
            if let Some(field) = field(f.get_ref(), Place::Field { described }, &mut ids, &mut problem) {
                fields.push(field);
            }
        }
        sections.push(SectionDef {
            id: raw_section.id.get_ref().clone(),
            title: raw_section.title.trim().to_string(),
            help: raw_section.help.clone(),
            fields,
            origin: section_origin,
        });
    }
    let behaviour = raw
        .behaviour
        .as_ref()
        .and_then(|b| behaviour::check(b, &sections, &mut problem));
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(problems);
    }
    Ok(FormDef {
        kind: raw.kind.into_inner(),
        title: raw.title.trim().to_string(),
        source: raw.source.get_ref().trim().to_string(),
        basis,
        sections,
        behaviour,
    })
}

/// Where a field sits, for what it must say about where it comes from.
#[derive(Clone, Copy)]
enum Place<'a> {
    /// A field of a section; a described form's fields must each say.
    Field { described: bool },
    /// A column, which is as its table is unless it says otherwise.
    Column { table: &'a Origin },
}

fn field(
    raw: &RawField,
    place: Place<'_>,
    ids: &mut HashSet<String>,
    problem: &mut dyn FnMut(std::ops::Range<usize>, String),
) -> Option<FieldDef> {
    let in_table = matches!(place, Place::Column { .. });
    let id = raw.id.get_ref().clone();
    if !is_snake(&id) {
        problem(
            raw.id.span(),
            format!("id: {id:?} must be snake_case (a-z, 0-9, _)"),
        );
    }
    if !in_table && !ids.insert(id.clone()) {
        problem(raw.id.span(), format!("id: {id:?} is already used in this form"));
    }
    let kind = FieldKind::parse(raw.kind.get_ref());
    let Some(kind) = kind else {
        problem(
            raw.kind.span(),
            format!(
                "kind: {:?} is not a field kind (kinds: {})",
                raw.kind.get_ref(),
                FieldKind::ALL.map(FieldKind::code).join(", ")
            ),
        );
        return None;
    };
    if in_table && kind == FieldKind::Table {
        problem(
            raw.kind.span(),
            "kind: a table's column cannot itself be a table".to_string(),
        );
    }
    let options = options(raw, &id, kind, problem);
    let prefill = prefill(raw, problem);
    let what = if in_table { "column" } else { "field" };
    let declared = provenance::origin(
        provenance::RawOrigin {
            source: &raw.source,
            own_design: &raw.own_design,
        },
        &format!("{what} {id:?}"),
        raw.id.span(),
        matches!(place, Place::Field { described: true }),
        problem,
    );
    let origin = match (place, raw.source.is_none() && raw.own_design.is_none()) {
        (Place::Column { table }, true) => table.clone(),
        _ => declared,
    };
    let options_own =
        provenance::options_own(raw.options_own_design.as_ref(), kind, origin.is_own(), problem);
    let columns = columns(raw, &id, kind, &origin, problem);
    Some(FieldDef {
        id,
        label: raw.label.trim().to_string(),
        kind,
        required: raw.required,
        help: raw.help.clone(),
        options,
        prefill,
        shared: raw.shared,
        columns,
        origin,
        options_own,
    })
}

/// A choice's options: a choice must list some, and nothing else may.
fn options(
    raw: &RawField,
    id: &str,
    kind: FieldKind,
    problem: &mut dyn FnMut(std::ops::Range<usize>, String),
) -> Vec<String> {
    match (&raw.options, kind.has_options()) {
        (Some(o), true) if o.get_ref().is_empty() => {
            problem(
                o.span(),
                "options: a choice needs at least one option".to_string(),
            );
            Vec::new()
        }
        (Some(o), true) => o.get_ref().clone(),
        (None, true) => {
            problem(
                raw.kind.span(),
                format!("field {id:?} is a {} but lists no options", kind.code()),
            );
            Vec::new()
        }
        (Some(o), false) => {
            problem(
                o.span(),
                format!(
                    "options: only choice and multichoice fields have options, not {}",
                    kind.code()
                ),
            );
            Vec::new()
        }
        (None, false) => Vec::new(),
    }
}

/// What the record fills the field in with, if it names something the
/// record holds.
fn prefill(raw: &RawField, problem: &mut dyn FnMut(std::ops::Range<usize>, String)) -> Option<Prefill> {
    raw.prefill.as_ref().and_then(|p| {
        let found = Prefill::parse(p.get_ref());
        if found.is_none() {
            problem(
                p.span(),
                format!(
                    "prefill: {:?} is not something the record holds (known: {})",
                    p.get_ref(),
                    Prefill::ALL.map(|(c, _)| c).join(", ")
                ),
            );
        }
        found
    })
}

/// A table's columns, each read as a field of its own (ids unique within
/// the table); a field that is not a table may have none.
fn columns(
    raw: &RawField,
    id: &str,
    kind: FieldKind,
    origin: &Origin,
    problem: &mut dyn FnMut(std::ops::Range<usize>, String),
) -> Vec<FieldDef> {
    let mut columns = Vec::new();
    if kind == FieldKind::Table {
        if raw.column.is_empty() {
            problem(raw.id.span(), format!("table {id:?} has no columns"));
        }
        let mut column_ids = HashSet::new();
        for c in &raw.column {
            let place = Place::Column { table: origin };
            if let Some(column) = field(c.get_ref(), place, &mut column_ids, problem) {
                columns.push(column);
            }
        }
    } else if !raw.column.is_empty() {
        problem(
            raw.id.span(),
            format!("field {id:?} has columns but is not a table"),
        );
    }
    columns
}

// ----- values -----

/// What one field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Empty,
    Text(String),
    Date(NaiveDate),
    Choices(Vec<String>),
    YesNo(bool),
    Money(Pence),
    Number(i64),
    Rows(Vec<Vec<FieldValue>>),
}

impl FieldValue {
    pub fn is_empty(&self) -> bool {
        match self {
            FieldValue::Empty => true,
            FieldValue::Text(t) => t.trim().is_empty(),
            FieldValue::Choices(c) => c.is_empty(),
            FieldValue::Rows(r) => r.is_empty(),
            _ => false,
        }
    }

    /// As the screens and exports show it.
    pub fn display(&self) -> String {
        match self {
            FieldValue::Empty => String::new(),
            FieldValue::Text(t) => t.clone(),
            FieldValue::Date(d) => uk(*d),
            FieldValue::Choices(c) => c.join(", "),
            FieldValue::YesNo(b) => if *b { "Yes" } else { "No" }.to_string(),
            FieldValue::Money(p) => p.to_string(),
            FieldValue::Number(n) => n.to_string(),
            FieldValue::Rows(r) => format!("{} row{}", r.len(), if r.len() == 1 { "" } else { "s" }),
        }
    }
}

/// A problem with one field, named as the JSON names it
/// (`decisions[2].target_date`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Reads what a user typed into a field of this kind.
pub fn parse_input(field: &FieldDef, text: &str, today: NaiveDate) -> Result<FieldValue, String> {
    use crate::sanitise::{Size, within};
    let text = crate::sanitise::clean_text(text);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(FieldValue::Empty);
    }
    // A person is a name; any other typed answer may be as long as a note.
    let size = match field.kind {
        FieldKind::Person => Size::Name,
        _ => Size::Text,
    };
    within(trimmed, size).map_err(|e| e.to_string())?;
    match field.kind {
        FieldKind::Text | FieldKind::Person => Ok(FieldValue::Text(trimmed.replace('\n', " "))),
        FieldKind::Multiline => Ok(FieldValue::Text(text.trim_end().to_string())),
        FieldKind::Date => parse_day(trimmed, today)
            .map(FieldValue::Date)
            .map_err(|e| e.to_string()),
        FieldKind::Choice => field
            .options
            .iter()
            .find(|o| o.eq_ignore_ascii_case(trimmed))
            .map(|o| FieldValue::Choices(vec![o.clone()]))
            .ok_or_else(|| format!("{trimmed} is not one of: {}", field.options.join(", "))),
        FieldKind::MultiChoice => multi_choice(&field.options, trimmed).map(FieldValue::Choices),
        FieldKind::YesNo => match trimmed.to_ascii_lowercase().as_str() {
            "y" | "yes" | "true" => Ok(FieldValue::YesNo(true)),
            "n" | "no" | "false" => Ok(FieldValue::YesNo(false)),
            _ => Err(format!("{trimmed} is not yes or no")),
        },
        FieldKind::Money => Pence::parse(trimmed).map(FieldValue::Money),
        FieldKind::Number => trimmed
            .replace(',', "")
            .parse::<i64>()
            .map(FieldValue::Number)
            .map_err(|_| format!("{trimmed} is not a whole number")),
        FieldKind::Table => Err("a table is filled row by row".to_string()),
    }
}

/// Options typed one after another, separated by commas. An option may
/// itself hold a comma ("Reliable, punctual"), so the longest option that
/// the text starts with is taken each time, not the text up to a comma.
fn multi_choice(options: &[String], text: &str) -> Result<Vec<String>, String> {
    let mut chosen: Vec<String> = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let found = options
            .iter()
            .filter(|o| {
                rest.get(..o.len()).is_some_and(|p| p.eq_ignore_ascii_case(o))
                    && rest[o.len()..]
                        .trim_start()
                        .chars()
                        .next()
                        .is_none_or(|c| c == ',')
            })
            .max_by_key(|o| o.len());
        match found {
            Some(option) => {
                if !chosen.contains(option) {
                    chosen.push(option.clone());
                }
                rest = rest[option.len()..]
                    .trim_start()
                    .trim_start_matches(',')
                    .trim_start();
            }
            None => {
                let part = rest.split(',').next().unwrap_or(rest).trim();
                return Err(format!("{part} is not one of: {}", options.join(", ")));
            }
        }
    }
    Ok(chosen)
}

/// A whole form's values, in the form's field order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormData {
    pub values: Vec<(String, FieldValue)>,
}

impl FormData {
    pub fn get(&self, id: &str) -> Option<&FieldValue> {
        self.values.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }

    pub fn set(&mut self, id: &str, value: FieldValue) {
        match self.values.iter_mut().find(|(k, _)| k == id) {
            Some((_, v)) => *v = value,
            None => self.values.push((id.to_string(), value)),
        }
    }
}

fn value_json(field: &FieldDef, value: &FieldValue) -> Json {
    match value {
        FieldValue::Empty => Json::Null,
        FieldValue::Text(t) => json!(t),
        FieldValue::Date(d) => json!(iso(*d)),
        FieldValue::Choices(c) if field.kind == FieldKind::MultiChoice => json!(c),
        FieldValue::Choices(c) => c.first().map_or(Json::Null, |c| json!(c)),
        FieldValue::YesNo(b) => json!(b),
        FieldValue::Money(p) => json!(p.decimal()),
        FieldValue::Number(n) => json!(n),
        FieldValue::Rows(rows) => Json::Array(
            rows.iter()
                .map(|row| {
                    let mut object = Map::new();
                    for (column, cell) in field.columns.iter().zip(row) {
                        object.insert(column.id.clone(), value_json(column, cell));
                    }
                    Json::Object(object)
                })
                .collect(),
        ),
    }
}

/// The form's values as a JSON object keyed by field id.
pub fn to_json(form: &FormDef, data: &FormData) -> Json {
    let mut object = Map::new();
    for field in form.fields() {
        let value = data.get(&field.id).unwrap_or(&FieldValue::Empty);
        object.insert(field.id.clone(), value_json(field, value));
    }
    Json::Object(object)
}

fn value_from_json(
    field: &FieldDef,
    json: &Json,
    path: &str,
    today: NaiveDate,
    problems: &mut Vec<FieldProblem>,
) -> FieldValue {
    let mut bad = |message: String| {
        problems.push(FieldProblem {
            field: path.to_string(),
            message,
        });
        FieldValue::Empty
    };
    match (field.kind, json) {
        (_, Json::Null) => FieldValue::Empty,
        (FieldKind::Table, Json::Array(rows)) => {
            let mut out = Vec::new();
            for (n, row) in rows.iter().enumerate() {
                let row_path = format!("{path}[{}]", n + 1);
                let Json::Object(cells) = row else {
                    problems.push(FieldProblem {
                        field: row_path,
                        message: "each row is an object of columns".into(),
                    });
                    continue;
                };
                for key in cells.keys() {
                    if !field.columns.iter().any(|c| &c.id == key) {
                        problems.push(FieldProblem {
                            field: format!("{row_path}.{key}"),
                            message: "is not a column of this table".into(),
                        });
                    }
                }
                let values = field
                    .columns
                    .iter()
                    .map(|c| {
                        let cell_path = format!("{row_path}.{}", c.id);
                        let v = value_from_json(
                            c,
                            cells.get(&c.id).unwrap_or(&Json::Null),
                            &cell_path,
                            today,
                            problems,
                        );
                        if c.required && v.is_empty() {
                            problems.push(FieldProblem {
                                field: cell_path,
                                message: "is required".into(),
                            });
                        }
                        v
                    })
                    .collect();
                out.push(values);
            }
            FieldValue::Rows(out)
        }
        (FieldKind::Table, _) => bad("should be a list of rows".into()),
        (FieldKind::YesNo, Json::Bool(b)) => FieldValue::YesNo(*b),
        (FieldKind::Number, Json::Number(n)) => match n.as_i64() {
            Some(n) => FieldValue::Number(n),
            None => bad(format!("{n} is not a whole number")),
        },
        (FieldKind::MultiChoice, Json::Array(items)) => {
            let texts: Vec<String> = items
                .iter()
                .filter_map(|i| i.as_str().map(String::from))
                .collect();
            if texts.len() != items.len() {
                return bad("should be a list of options".into());
            }
            // Each item whole: an option may itself hold a comma.
            let mut chosen: Vec<String> = Vec::new();
            for text in &texts {
                match field.options.iter().find(|o| o.eq_ignore_ascii_case(text.trim())) {
                    Some(o) if !chosen.contains(o) => chosen.push(o.clone()),
                    Some(_) => {}
                    None => return bad(format!("{text} is not one of: {}", field.options.join(", "))),
                }
            }
            FieldValue::Choices(chosen)
        }
        (FieldKind::Money, Json::Number(_)) => {
            bad("write money as a string of pounds and pence, such as \"10000.00\"".into())
        }
        (_, Json::String(s)) if !matches!(field.kind, FieldKind::Table | FieldKind::MultiChoice) => {
            match parse_input(field, s, today) {
                Ok(v) => v,
                Err(m) => bad(m),
            }
        }
        (kind, other) => bad(format!("{other} is not a valid {}", kind.code())),
    }
}

/// Checks a JSON document against the form: every problem named by its
/// field, unknown fields refused, required ones insisted on.
pub fn from_json(form: &FormDef, json: &Json, today: NaiveDate) -> Result<FormData, Vec<FieldProblem>> {
    let (data, mut problems) = read_json(form, json, today);
    // A field already named as wrong is not named again as missing.
    let named: Vec<String> = problems.iter().map(|p| p.field.clone()).collect();
    problems.extend(
        missing(form, &data)
            .into_iter()
            .filter(|p| !named.contains(&p.field)),
    );
    if problems.is_empty() {
        Ok(data)
    } else {
        Err(problems)
    }
}

/// Reads what it can of a JSON document (a draft, say), with the problems
/// found but without insisting on required fields.
pub fn read_json(form: &FormDef, json: &Json, today: NaiveDate) -> (FormData, Vec<FieldProblem>) {
    let mut problems = Vec::new();
    let Json::Object(object) = json else {
        problems.push(FieldProblem {
            field: "(form)".into(),
            message: "should be a JSON object keyed by field id".into(),
        });
        return (FormData::default(), problems);
    };
    for key in object.keys() {
        if form.field(key).is_none() {
            problems.push(FieldProblem {
                field: key.clone(),
                message: format!("is not a field of the {} form", form.kind),
            });
        }
    }
    let mut data = FormData::default();
    for field in form.fields() {
        let value = value_from_json(
            field,
            object.get(&field.id).unwrap_or(&Json::Null),
            &field.id,
            today,
            &mut problems,
        );
        data.set(&field.id, value);
    }
    (data, problems)
}

/// The required fields left empty, in form order: where submitting stops.
pub fn missing(form: &FormDef, data: &FormData) -> Vec<FieldProblem> {
    form.fields()
        .filter(|f| f.required && data.get(&f.id).is_none_or(FieldValue::is_empty))
        .map(|f| FieldProblem {
            field: f.id.clone(),
            message: "is required".into(),
        })
        .collect()
}

/// A complete, valid example of the form, for documentation and as a
/// starting point for `permanence form import`; the fields taken from the
/// child's record (name, reference, date of birth) are left empty, for
/// the import fills them from the record of the child it is filed for,
/// and refuses a form that says otherwise.
pub fn template(form: &FormDef, today: NaiveDate) -> Json {
    fn example(field: &FieldDef, today: NaiveDate) -> FieldValue {
        match field.kind {
            FieldKind::Text | FieldKind::Person => FieldValue::Text(format!("{} (example)", field.label)),
            FieldKind::Multiline => FieldValue::Text(format!("{}: example text.", field.label)),
            FieldKind::Date => FieldValue::Date(today),
            FieldKind::Choice | FieldKind::MultiChoice => {
                FieldValue::Choices(field.options.first().cloned().into_iter().collect())
            }
            FieldKind::YesNo => FieldValue::YesNo(false),
            FieldKind::Money => FieldValue::Money(Pence::pounds(1250)),
            FieldKind::Number => FieldValue::Number(1),
            FieldKind::Table => {
                FieldValue::Rows(vec![field.columns.iter().map(|c| example(c, today)).collect()])
            }
        }
    }
    let mut data = FormData::default();
    for field in form.fields() {
        let from_record = matches!(
            field.prefill,
            Some(Prefill::FullName | Prefill::Reference | Prefill::DateOfBirth)
        );
        let value = if from_record {
            FieldValue::Empty
        } else {
            example(field, today)
        };
        data.set(&field.id, value);
    }
    to_json(form, &data)
}

#[cfg(test)]
mod tests;
