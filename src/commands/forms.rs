//! `permanence form ...`: kinds, templates, importing existing forms,
//! exporting them as they read on paper, and walking a form's route:
//! recording sign-offs, returning a form with comments, amending it (each
//! the same use case as the Forms tab's keys).

use crate::cli::FormFormat;
use crate::domain::date::uk;
use crate::domain::form::{self, FieldDef, FieldKind, FieldValue, FormData, FormDef, Origin};
use crate::domain::form_rules;
use crate::service::library::Library;
use crate::store::{FormRecord, Store, StoreError};
use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn definition<'a>(library: &'a Library, kind: &str) -> Result<&'a FormDef> {
    library.form(kind).ok_or_else(|| {
        let kinds: Vec<&str> = library.forms.iter().map(|f| f.kind.as_str()).collect();
        anyhow!("{kind:?} is not a kind of form (kinds: {})", kinds.join(", "))
    })
}

pub fn kinds(library: &Library) -> Result<ExitCode> {
    for f in &library.forms {
        println!("{:<20} {} · {}", f.kind, f.title, f.provenance_line());
    }
    Ok(ExitCode::SUCCESS)
}

/// A part's provenance as JSON: the source's (both null), cited, or own.
fn origin_json(origin: &Origin) -> (Value, Value) {
    match origin {
        Origin::Source => (Value::Null, Value::Null),
        Origin::Cited(place) => (json!(place), Value::Null),
        Origin::OwnDesign(why) => (Value::Null, json!(why)),
    }
}

fn field_json(field: &FieldDef) -> Value {
    let (source, own_design) = origin_json(&field.origin);
    let mut value = json!({
        "id": field.id,
        "label": field.label,
        "kind": field.kind.code(),
        "required": field.required,
        "help": field.help,
        "source": source,
        "own_design": own_design,
    });
    if !field.options.is_empty() {
        value["options"] = json!(field.options);
        value["options_own_design"] = json!(field.options_own);
    }
    if !field.columns.is_empty() {
        value["columns"] = Value::Array(field.columns.iter().map(field_json).collect());
    }
    value
}

/// The form's definition with where each part comes from.
pub fn definition_json(def: &FormDef) -> Value {
    let sections: Vec<Value> = def
        .sections
        .iter()
        .map(|section| {
            let (source, own_design) = origin_json(&section.origin);
            json!({
                "id": section.id,
                "title": section.title,
                "source": source,
                "own_design": own_design,
                "fields": section.fields.iter().map(field_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "kind": def.kind,
        "title": def.title,
        "source": def.source,
        "provenance": def.basis.code(),
        "header": def.provenance_line(),
        "sections": sections,
    })
}

/// `form show`: the form as a reader meets it, each part marked † where
/// it is this product's own and saying why, so a worker or an auditor can
/// see what is the source's before relying on it.
pub fn show(library: &Library, kind: &str, as_json: bool) -> Result<ExitCode> {
    let def = definition(library, kind)?;
    let mut out = std::io::BufWriter::new(crate::commands::output::stdout());
    if as_json {
        crate::commands::output::json(&mut out, &definition_json(def))?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{} ({})", def.title, def.kind)?;
    writeln!(out, "{}", def.provenance_line())?;
    for section in &def.sections {
        writeln!(out, "\n{}", section.marked_title())?;
        if let Some(note) = section.origin.note("heading") {
            writeln!(out, "  {note}")?;
        }
        for field in &section.fields {
            let required = if field.required { " *" } else { "" };
            let what = if field.options.is_empty() {
                field.kind.code().to_string()
            } else {
                format!("{}: {}", field.kind.code(), field.options.join(" / "))
            };
            writeln!(out, "  - {}{required} ({what})", field.marked_label())?;
            for column in &field.columns {
                let required = if column.required { " *" } else { "" };
                writeln!(out, "      · {}{required} ({})", column.label, column.kind.code())?;
            }
            if let Some(note) = field.provenance_note() {
                writeln!(out, "      {note}")?;
            }
        }
    }
    writeln!(out, "\n* required")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn template(library: &Library, kind: &str, today: NaiveDate) -> Result<ExitCode> {
    let def = definition(library, kind)?;
    let mut out = crate::commands::output::stdout();
    crate::commands::output::json(&mut out, &form::template(def, today))?;
    Ok(ExitCode::SUCCESS)
}

pub fn import(
    store: &mut Store,
    library: &Library,
    reference: &str,
    kind: &str,
    file: &Path,
    amends: Option<i64>,
    today: NaiveDate,
) -> Result<ExitCode> {
    let def = definition(library, kind)?;
    let child = store
        .child_id(reference)?
        .ok_or_else(|| anyhow!("no child has the reference {reference}"))?;
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut json: Value = match serde_json::from_str(&text) {
        Ok(json) => json,
        Err(e) => {
            eprintln!("{}: line {}: not valid JSON: {e}", file.display(), e.line());
            return Ok(ExitCode::FAILURE);
        }
    };
    // What the record holds need not be typed again; what is typed is
    // checked against it when the form is filed.
    if let Some(detail) = store.child_detail(child)? {
        crate::service::forms::fill_from_record(def, &mut json, &detail);
    }
    let data = match form::from_json(def, &json, today) {
        Ok(data) => data,
        Err(problems) => {
            let mut err = crate::commands::output::stderr();
            for p in &problems {
                writeln!(err, "{}: {p}", file.display())?;
            }
            writeln!(
                err,
                "nothing was stored: {} problem{}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            )?;
            return Ok(ExitCode::FAILURE);
        }
    };
    if let Some(previous) = amends {
        match store.form(previous)? {
            Some(old) if old.reference == reference && old.kind == kind && old.submitted => {}
            Some(_) => bail!(
                "form {previous} is not a submitted {kind} for {reference}, so it cannot be amended here"
            ),
            None => bail!("no form has the id {previous}"),
        }
    }
    let normalised = form::to_json(def, &data);
    let id = crate::service::filing::submit(
        store,
        def,
        child,
        crate::service::filing::Versions { draft: None, amends },
        &data,
        &normalised,
        (today, crate::domain::date::DateStyle::DayMonthYear),
    )?;
    println!("{id}");
    Ok(ExitCode::SUCCESS)
}

fn steps_at(record: &FormRecord) -> Vec<(String, chrono::NaiveDateTime)> {
    record
        .steps
        .iter()
        .filter_map(|(step, _, at, _)| {
            chrono::DateTime::parse_from_rfc3339(at)
                .ok()
                .map(|t| (step.clone(), t.with_timezone(&chrono::Local).naive_local()))
        })
        .collect()
}

pub fn export(
    store: &Store,
    library: &Library,
    id: i64,
    format: FormFormat,
    today: NaiveDate,
) -> Result<ExitCode> {
    let record = store
        .form(id)?
        .ok_or_else(|| anyhow!("no form has the id {id}"))?;
    let def = definition(library, &record.kind)?;
    let (data, _) = form::read_json(def, &record.data, today);
    let computed = if record.kind == crate::domain::family_time::KIND {
        crate::domain::family_time::summary(&data)
    } else {
        form_rules::computed_for(def, &data, &steps_at(&record), record.submitted)
    };
    let mut out = std::io::BufWriter::new(crate::commands::output::stdout());
    match format {
        FormFormat::Json => {
            let value = json!({
                "id": record.id,
                "ref": record.reference,
                "kind": record.kind,
                "source": def.source,
                "provenance": def.basis.code(),
                "version": record.version,
                "status": if record.submitted { "submitted" } else { "draft" },
                "fields": form::to_json(def, &data),
                "computed": computed,
                "sign_offs": record.steps.iter().map(|(step, by, at, note)| json!({"step": step, "by": by, "at": at, "note": note})).collect::<Vec<_>>(),
            });
            crate::commands::output::json(&mut out, &value)?;
        }
        FormFormat::Md => {
            write!(out, "{}", markdown(store, def, &record, &data)?)?;
            // A PPM record goes out with the latest family-time assessment.
            if def.ppm().is_some()
                && let Some(time) = latest_family_time(store, library, &record, today)?
            {
                write!(out, "{}", time.markdown())?;
            }
        }
        FormFormat::Html => {
            let mut page = html(store, def, &record, &data)?;
            // A PPM record goes out with the latest family-time assessment.
            if def.ppm().is_some()
                && let Some(time) = latest_family_time(store, library, &record, today)?
                && let Some(end) = page.rfind("</body>")
            {
                page.insert_str(end, &time.html());
            }
            write!(out, "{page}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn sign(
    store: &mut Store,
    library: &Library,
    id: i64,
    step: &str,
    note: Option<&str>,
    today: NaiveDate,
) -> Result<ExitCode> {
    // Every check of the route is the use case's, shared with the screen.
    crate::service::forms::sign(store, library, id, step, note, today)?;
    println!("{step} recorded for form {id}");
    Ok(ExitCode::SUCCESS)
}

/// `form return ID --comments TEXT`: the Forms tab's `r`.
pub fn send_back(
    store: &mut Store,
    library: &Library,
    id: i64,
    comments: &str,
    today: NaiveDate,
) -> Result<ExitCode> {
    crate::service::forms::send_back(store, library, id, comments, today)?;
    println!("form {id} returned to its author with your comments");
    Ok(ExitCode::SUCCESS)
}

/// `form amend ID --reason TEXT`: the Forms tab's `A`. Prints the new
/// version's id, as `form import` prints a form's, and says how to go on.
pub fn amend(store: &mut Store, library: &Library, id: i64, reason: &str) -> Result<ExitCode> {
    let draft = crate::service::forms::amend(store, library, id, reason)?;
    println!("{draft}");
    if let Some(new) = store.form(draft)? {
        eprintln!(
            "form {id} is kept as it is; version {} (form {draft}) is your draft with the same answers: \
             `permanence form edit {} {}` opens it",
            new.version, new.reference, new.kind
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn value_text(field: &crate::domain::form::FieldDef, value: Option<&FieldValue>) -> String {
    match value {
        None | Some(FieldValue::Empty) => "—".to_string(),
        Some(v) => {
            let text = v.display();
            if field.kind == FieldKind::Multiline {
                text
            } else {
                text.replace('\n', " ")
            }
        }
    }
}

fn header(store: &Store, record: &FormRecord) -> Result<(String, String), StoreError> {
    let detail = store.child_detail(record.child)?;
    let (name, dob) = match detail {
        Some(d) => (
            d.fields.full_name(),
            d.fields
                .date_of_birth
                .map(uk)
                .unwrap_or_else(|| "not recorded".into()),
        ),
        None => ("(removed)".into(), String::new()),
    };
    Ok((name, dob))
}

/// The child's latest submitted family-time assessment, as a PPM record's
/// exports show it.
struct FamilyTime {
    id: i64,
    data: FormData,
    summary: Value,
    when: String,
    who: String,
}

fn latest_family_time(
    store: &Store,
    library: &Library,
    ppm: &FormRecord,
    today: NaiveDate,
) -> Result<Option<FamilyTime>> {
    use crate::domain::family_time;
    let latest = store
        .forms_of(ppm.child, family_time::KIND)?
        .into_iter()
        .filter(|f| f.submitted)
        .max_by_key(|f| f.id);
    let Some(latest) = latest else { return Ok(None) };
    let def = definition(library, family_time::KIND)?;
    let (data, _) = form::read_json(def, &latest.data, today);
    let shown = |id: &str| data.get(id).map(FieldValue::display).unwrap_or_default();
    let (when, who) = (shown("assessed_on"), shown("assessed_by"));
    Ok(Some(FamilyTime {
        id: latest.id,
        summary: family_time::summary(&data),
        data,
        when,
        who,
    }))
}

impl FamilyTime {
    /// The assessment summarised at the end of a PPM record in Markdown.
    fn markdown(&self) -> String {
        let FamilyTime {
            id,
            summary: s,
            when,
            who,
            ..
        } = self;
        let mut text = format!(
            "\n## Family time assessment\n\nAssessed on {when} by {who} (form {}).\n\n| | Beneficial factors | Detrimental factors |\n|---|---|---|\n| The child | {} | {} |\n",
            id, s["child"]["beneficial"], s["child"]["detrimental"]
        );
        for adult in s["adults"].as_array().into_iter().flatten() {
            text.push_str(&format!(
                "| {} | {} | {} |\n",
                adult["name"].as_str().unwrap_or("").replace('|', "\\|"),
                adult["beneficial"],
                adult["detrimental"]
            ));
        }
        if let Some(FieldValue::Text(conclusion)) = self.data.get("conclusion") {
            text.push_str(&format!("\n{conclusion}\n"));
        }
        text
    }

    /// The same summary as an HTML section, for the printed PPM record.
    fn html(&self) -> String {
        let FamilyTime {
            id,
            summary: s,
            when,
            who,
            ..
        } = self;
        let mut h = format!(
            "<section><h2>Family time assessment</h2>\n<p>Assessed on {} by {} (form {}).</p>\n<table><tr><th></th><th>Beneficial factors</th><th>Detrimental factors</th></tr>\n<tr><td>The child</td><td>{}</td><td>{}</td></tr>\n",
            escape(when),
            escape(who),
            id,
            s["child"]["beneficial"],
            s["child"]["detrimental"]
        );
        for adult in s["adults"].as_array().into_iter().flatten() {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(adult["name"].as_str().unwrap_or("")),
                adult["beneficial"],
                adult["detrimental"]
            ));
        }
        h.push_str("</table>\n");
        if let Some(FieldValue::Text(conclusion)) = self.data.get("conclusion") {
            h.push_str(&format!("<p>{}</p>\n", escape(conclusion)));
        }
        h.push_str("</section>\n");
        h
    }
}

fn markdown(
    store: &Store,
    def: &FormDef,
    record: &FormRecord,
    data: &FormData,
) -> Result<String, StoreError> {
    let (name, dob) = header(store, record)?;
    // Typed text is shown as text: HTML in an answer would run in a
    // Markdown viewer, as it cannot in the HTML export, which escapes it.
    let clean = crate::domain::sanitise::markdown_text;
    let mut md = format!("# {}\n\n*{}*\n\n", def.title, def.provenance_line());
    md.push_str(&format!(
        "**Child:** {} · **Reference:** {} · **Date of birth:** {dob}  \n**Version** {} · {}\n\n",
        clean(&name),
        clean(&record.reference),
        record.version,
        if record.submitted { "submitted" } else { "draft" }
    ));
    for section in &def.sections {
        md.push_str(&format!("## {}\n\n", section.marked_title()));
        for field in &section.fields {
            match (field.kind, data.get(&field.id)) {
                (FieldKind::Table, Some(FieldValue::Rows(rows))) if !rows.is_empty() => {
                    md.push_str(&format!("**{}**\n\n", field.marked_label()));
                    md.push_str(&format!(
                        "| {} |\n",
                        field
                            .columns
                            .iter()
                            .map(|c| c.label.as_str())
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ));
                    md.push_str(&format!("|{}\n", "---|".repeat(field.columns.len())));
                    for row in rows {
                        let cells: Vec<String> = field
                            .columns
                            .iter()
                            .zip(row)
                            .map(|(c, v)| {
                                clean(&value_text(c, Some(v)))
                                    .replace('|', "\\|")
                                    .replace('\n', "<br>")
                            })
                            .collect();
                        md.push_str(&format!("| {} |\n", cells.join(" | ")));
                    }
                    md.push('\n');
                }
                _ => md.push_str(&format!(
                    "**{}**  \n{}\n\n",
                    field.marked_label(),
                    clean(&value_text(field, data.get(&field.id)))
                )),
            }
        }
    }
    let notes = provenance_notes(def);
    if !notes.is_empty() {
        md.push_str("## Where this form comes from\n\n");
        for (part, note) in &notes {
            md.push_str(&format!("- **{part}**: {note}\n"));
        }
        md.push('\n');
    }
    if !record.steps.is_empty() {
        md.push_str("## Sign-offs\n\n");
        for (step, by, at, note) in &record.steps {
            md.push_str(&format!(
                "- {step}: {}, {at}{}\n",
                clean(by),
                note.as_deref()
                    .map(|n| format!(" ({})", clean(n)))
                    .unwrap_or_default()
            ));
        }
    }
    Ok(md)
}

/// Each part that is not simply the source's, with what it is: printed at
/// the end of an exported form, since paper has no field help to say it.
fn provenance_notes(def: &FormDef) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    for section in &def.sections {
        if let Some(note) = section.origin.note("heading") {
            notes.push((section.marked_title(), note));
        }
        for field in &section.fields {
            if let Some(note) = field.provenance_note() {
                notes.push((field.marked_label(), note));
            }
        }
    }
    notes
}

fn escape(text: &str) -> String {
    crate::domain::sanitise::clean_text(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html(store: &Store, def: &FormDef, record: &FormRecord, data: &FormData) -> Result<String, StoreError> {
    let (name, dob) = header(store, record)?;
    let mut h = String::from("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(&format!("<title>{}</title>\n", escape(&def.title)));
    h.push_str(
        "<style>\n@page { size: A4; margin: 18mm; }\nbody { font-family: Arial, sans-serif; font-size: 11pt; line-height: 1.35; max-width: 180mm; }\n\
         h1 { font-size: 16pt; } h2 { font-size: 13pt; border-bottom: 1px solid #555; margin-top: 1.2em; }\n\
         dt { font-weight: bold; margin-top: .6em; } dd { margin: 0 0 0 0; white-space: pre-wrap; }\n\
         table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #555; padding: 3px 5px; text-align: left; vertical-align: top; }\n\
         section { break-inside: avoid-page; }\n</style>\n</head>\n<body>\n",
    );
    h.push_str(&format!(
        "<h1>{}</h1>\n<p><em>{}</em></p>\n",
        escape(&def.title),
        escape(&def.provenance_line())
    ));
    h.push_str(&format!(
        "<p><strong>Child:</strong> {} · <strong>Reference:</strong> {} · <strong>Date of birth:</strong> {} · version {} ({})</p>\n",
        escape(&name),
        escape(&record.reference),
        escape(&dob),
        record.version,
        if record.submitted { "submitted" } else { "draft" }
    ));
    for section in &def.sections {
        h.push_str(&format!(
            "<section>\n<h2>{}</h2>\n<dl>\n",
            escape(&section.marked_title())
        ));
        for field in &section.fields {
            match (field.kind, data.get(&field.id)) {
                (FieldKind::Table, Some(FieldValue::Rows(rows))) if !rows.is_empty() => {
                    h.push_str(&format!(
                        "<dt>{}</dt>\n<dd><table>\n<tr>",
                        escape(&field.marked_label())
                    ));
                    for c in &field.columns {
                        h.push_str(&format!("<th>{}</th>", escape(&c.label)));
                    }
                    h.push_str("</tr>\n");
                    for row in rows {
                        h.push_str("<tr>");
                        for (c, v) in field.columns.iter().zip(row) {
                            h.push_str(&format!("<td>{}</td>", escape(&value_text(c, Some(v)))));
                        }
                        h.push_str("</tr>\n");
                    }
                    h.push_str("</table></dd>\n");
                }
                _ => h.push_str(&format!(
                    "<dt>{}</dt>\n<dd>{}</dd>\n",
                    escape(&field.marked_label()),
                    escape(&value_text(field, data.get(&field.id)))
                )),
            }
        }
        h.push_str("</dl>\n</section>\n");
    }
    let notes = provenance_notes(def);
    if !notes.is_empty() {
        h.push_str("<section>\n<h2>Where this form comes from</h2>\n<ul>\n");
        for (part, note) in &notes {
            h.push_str(&format!(
                "<li><strong>{}</strong>: {}</li>\n",
                escape(part),
                escape(note)
            ));
        }
        h.push_str("</ul>\n</section>\n");
    }
    h.push_str("</body>\n</html>\n");
    Ok(h)
}
