//! A child's chronology written out: Markdown (to paste into a report or
//! an email), a printable A4 HTML page (for the Legal Gateway bundle and
//! the Child Permanence Report), CSV and JSON (for other tools), and the
//! Legal Gateway readiness check as JSON.
//!
//! Screens and print show dates as DD/MM/YYYY; CSV and JSON use ISO 8601.
//! Unverified entries are flagged in words, never by colour alone, since
//! Appendix 8 asks that unverified information be "clearly stated as such".

use crate::domain::chronology::Entry;
use crate::domain::date::{iso, uk};
use crate::domain::gateway::Readiness;
use crate::domain::sanitise::{clean_line, clean_text, csv_cell};
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// What heads a printed chronology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The document's title, such as "Chronology".
    pub title: String,
    /// Who it is about, as the edge chooses to name the child (the case
    /// reference, or a name for a document that is allowed one).
    pub child: String,
    pub produced_on: NaiveDate,
    /// What was left out, in words ([`crate::domain::chronology::Filter::describe`]).
    pub filter: Option<String>,
}

const CSV_HEADER: [&str; 9] = [
    "key",
    "date",
    "what",
    "kind",
    "origin",
    "source",
    "recorded_by",
    "for_cpr",
    "verified",
];

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn counts(entries: &[Entry]) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let unverified = entries.iter().filter(|e| !e.verified).count();
    let cpr = entries.iter().filter(|e| e.for_cpr).count();
    format!(
        "{} · {} unverified · {} for the CPR",
        plural(entries.len(), "entry", "entries"),
        unverified,
        cpr
    )
}

const UNVERIFIED_NOTE: &str =
    "Entries flagged unverified hold information that has not been confirmed; read them as such.";

/// A Markdown table cell: one line, with the table's own characters and
/// angle brackets (which a renderer would take for HTML) made literal.
fn md_cell(text: &str) -> String {
    clean_line(text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "\\<")
        .replace('>', "\\>")
}

pub fn markdown(heading: &Heading, entries: &[Entry]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}: {}\n",
        md_cell(&heading.title),
        md_cell(&heading.child)
    );
    let _ = writeln!(
        out,
        "**Produced:** {} · {}",
        uk(heading.produced_on),
        counts(entries)
    );
    if let Some(filter) = &heading.filter {
        let _ = writeln!(out, "\n**Showing:** {}", md_cell(filter));
    }
    out.push('\n');
    if entries.is_empty() {
        out.push_str("No entries.\n");
        return out;
    }
    out.push_str("| Date | What happened | Kind | Source | Recorded by | Flags |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for e in entries {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            uk(e.on),
            md_cell(&e.what),
            e.kind.label(),
            md_cell(e.source_label()),
            md_cell(e.recorded_by.as_deref().unwrap_or("")),
            e.flags().join(", ")
        );
    }
    if entries.iter().any(|e| !e.verified) {
        let _ = writeln!(out, "\n{UNVERIFIED_NOTE}");
    }
    out
}

fn escape(text: &str) -> String {
    clean_text(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A standalone page that prints on A4. It is also well-formed XML, so
/// that it can be checked (and read back) by a plain XML parser.
pub fn html(heading: &Heading, entries: &[Entry]) -> String {
    let mut out = String::new();
    let title = format!("{}: {}", heading.title, heading.child);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\" /><title>{}</title>\n\
         <style>@page {{ size: A4; margin: 15mm }} \
         body {{ font-family: sans-serif; font-size: 10pt; }} \
         table {{ border-collapse: collapse; width: 100%; }} \
         thead {{ display: table-header-group; }} \
         tr {{ break-inside: avoid; }} \
         td, th {{ border: 1px solid #444; padding: 3px 5px; text-align: left; vertical-align: top; }} \
         td.date {{ white-space: nowrap; }} \
         .unverified {{ font-weight: bold; }}</style></head><body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    let _ = writeln!(
        out,
        "<p>Produced <time datetime=\"{}\">{}</time> · {}</p>",
        iso(heading.produced_on),
        uk(heading.produced_on),
        escape(&counts(entries))
    );
    if let Some(filter) = &heading.filter {
        let _ = writeln!(out, "<p>Showing: {}</p>", escape(filter));
    }
    if entries.is_empty() {
        out.push_str("<p>No entries.</p>\n");
    } else {
        out.push_str(
            "<table>\n<thead><tr><th>Date</th><th>What happened</th><th>Kind</th><th>Source</th>\
             <th>Recorded by</th><th>Flags</th></tr></thead>\n<tbody>\n",
        );
        for e in entries {
            let flags = e.flags();
            let _ = writeln!(
                out,
                "<tr id=\"{}\"{}><td class=\"date\"><time datetime=\"{}\">{}</time></td>\
                 <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&e.key),
                if e.verified { "" } else { " class=\"unverified\"" },
                iso(e.on),
                uk(e.on),
                escape(&e.what),
                escape(e.kind.label()),
                escape(e.source_label()),
                escape(e.recorded_by.as_deref().unwrap_or("")),
                escape(&flags.join(", "))
            );
        }
        out.push_str("</tbody>\n</table>\n");
        if entries.iter().any(|e| !e.verified) {
            let _ = writeln!(out, "<p>{}</p>", escape(UNVERIFIED_NOTE));
        }
    }
    out.push_str("</body></html>\n");
    out
}

/// One row per entry under a header row; cells a spreadsheet would run as
/// formulas are neutralised ([`csv_cell`]).
pub fn csv(entries: &[Entry]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER)?;
    for e in entries {
        let row = [
            e.key.clone(),
            iso(e.on),
            e.what.clone(),
            e.kind.code().to_string(),
            e.origin.code().to_string(),
            e.source.clone().unwrap_or_default(),
            e.recorded_by.clone().unwrap_or_default(),
            yes_no(e.for_cpr).to_string(),
            yes_no(e.verified).to_string(),
        ];
        writer.write_record(row.iter().map(|c| csv_cell(c)))?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn entry_json(e: &Entry) -> Value {
    json!({
        "key": e.key,
        "date": iso(e.on),
        "what": e.what,
        "kind": e.kind.code(),
        "origin": e.origin.code(),
        "source": e.source,
        "recorded_by": e.recorded_by,
        "for_cpr": e.for_cpr,
        "verified": e.verified,
    })
}

/// An array of entries; absent fields are `null`, dates ISO 8601.
pub fn json(entries: &[Entry]) -> Value {
    Value::Array(entries.iter().map(entry_json).collect())
}

/// The readiness check: ISO dates, the deadline as `YYYY-MM-DDTHH:MM:SS`
/// local time, papers by code with their guidance label.
pub fn readiness_json(r: &Readiness) -> Value {
    let papers: Vec<Value> = r
        .papers
        .iter()
        .map(|p| {
            json!({
                "code": p.paper.code(),
                "label": p.paper.label(),
                "required": p.required,
                "ticked": p.ticked,
                "dated": p.dated.map(iso),
            })
        })
        .collect();
    json!({
        "child_reference": r.child_reference,
        "panel_date": iso(r.panel_date),
        "submission_deadline": r.submission_deadline.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "pre_proceedings": r.pre_proceedings,
        "papers": papers,
        "ready": r.ready,
        "missing": r.missing.iter().map(|p| p.code()).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::Calendar;
    use crate::domain::chronology::{Kind, Origin};
    use crate::domain::gateway::{Checklist, Paper};
    use crate::domain::sanitise::from_csv_cell;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The page as XML; its `<!DOCTYPE html>` is a DTD to roxmltree.
    fn parse(page: &str) -> roxmltree::Document<'_> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        roxmltree::Document::parse_with_options(page, options).unwrap()
    }

    fn heading() -> Heading {
        Heading {
            title: "Chronology".into(),
            child: "C-0001".into(),
            produced_on: d(2025, 11, 23),
            filter: None,
        }
    }

    fn entries() -> Vec<Entry> {
        vec![
            Entry {
                key: "entry:3".into(),
                on: d(2025, 1, 6),
                what: "Police called to the home; <neighbour> & \"friend\" | present".into(),
                kind: Kind::Concern,
                origin: Origin::Written,
                source: Some("police report".into()),
                recorded_by: Some("sworker".into()),
                for_cpr: true,
                verified: false,
            },
            Entry {
                key: "event:gateway:2025-01-09".into(),
                on: d(2025, 1, 9),
                what: "Legal Gateway decision".into(),
                kind: Kind::Legal,
                origin: Origin::Event,
                source: None,
                recorded_by: None,
                for_cpr: false,
                verified: true,
            },
            Entry {
                key: "entry:4".into(),
                on: d(2025, 2, 3),
                what: "=started at nursery".into(),
                kind: Kind::Education,
                origin: Origin::Written,
                source: None,
                recorded_by: Some("sworker".into()),
                for_cpr: false,
                verified: true,
            },
        ]
    }

    #[test]
    fn markdown_is_a_table_with_flags_in_words() {
        let mut h = heading();
        h.filter = Some("Legal, Risk or concern".into());
        let md = markdown(&h, &entries());
        insta::assert_snapshot!(md);
        assert!(md.contains(
            "| 06/01/2025 | Police called to the home; \\<neighbour\\> & \"friend\" \\| present |"
        ));
        assert!(md.contains("| unverified, for the CPR |"));
        assert!(md.contains("3 entries · 1 unverified · 1 for the CPR"));
        assert!(md.contains("**Showing:** Legal, Risk or concern"));
        assert_eq!(
            md.lines().filter(|l| l.starts_with("| ")).count(),
            4,
            "header and three rows"
        );
        let empty = markdown(&heading(), &[]);
        assert!(empty.contains("No entries.") && !empty.contains('|'));
        assert!(empty.contains("0 entries"));
    }

    #[test]
    fn html_parses_back_to_the_entries_given() {
        let given = entries();
        let page = html(&heading(), &given);
        insta::assert_snapshot!(page);
        assert!(page.contains("@page { size: A4; margin: 15mm }"));
        assert!(!page.contains("<neighbour>"), "escaped");
        let doc = parse(&page);
        let rows: Vec<roxmltree::Node> = doc
            .descendants()
            .filter(|n| n.has_tag_name("tbody"))
            .flat_map(|b| b.children().filter(|n| n.has_tag_name("tr")))
            .collect();
        assert_eq!(rows.len(), given.len());
        for (row, e) in rows.iter().zip(&given) {
            let cells: Vec<String> = row
                .children()
                .filter(|n| n.has_tag_name("td"))
                .map(|td| {
                    td.descendants()
                        .filter(|n| n.is_text())
                        .filter_map(|n| n.text())
                        .collect()
                })
                .collect();
            assert_eq!(row.attribute("id"), Some(e.key.as_str()));
            assert_eq!(cells[0], uk(e.on));
            assert_eq!(cells[1], e.what);
            assert_eq!(cells[2], e.kind.label());
            assert_eq!(cells[3], e.source_label());
            assert_eq!(cells[4], e.recorded_by.clone().unwrap_or_default());
            assert_eq!(cells[5], e.flags().join(", "));
            assert_eq!(cells[5].contains("unverified"), !e.verified, "in words");
            let time = row.descendants().find(|n| n.has_tag_name("time")).unwrap();
            assert_eq!(time.attribute("datetime"), Some(iso(e.on).as_str()));
        }
        assert!(html(&heading(), &[]).contains("<p>No entries.</p>"));
    }

    #[test]
    fn csv_reads_back_to_the_same_rows() {
        let given = entries();
        let text = csv(&given).unwrap();
        assert_eq!(
            text.lines().next(),
            Some("key,date,what,kind,origin,source,recorded_by,for_cpr,verified")
        );
        assert!(
            text.contains("'=started at nursery"),
            "a formula is neutralised: {text}"
        );
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, CSV_HEADER.map(String::from).to_vec());
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(|c| from_csv_cell(c).to_string()).collect())
            .collect();
        assert_eq!(
            rows,
            vec![
                vec![
                    "entry:3",
                    "2025-01-06",
                    "Police called to the home; <neighbour> & \"friend\" | present",
                    "concern",
                    "written",
                    "police report",
                    "sworker",
                    "yes",
                    "no"
                ],
                vec![
                    "event:gateway:2025-01-09",
                    "2025-01-09",
                    "Legal Gateway decision",
                    "legal",
                    "event",
                    "",
                    "",
                    "no",
                    "yes"
                ],
                vec![
                    "entry:4",
                    "2025-02-03",
                    "=started at nursery",
                    "education",
                    "written",
                    "",
                    "sworker",
                    "no",
                    "yes"
                ],
            ]
        );
    }

    #[test]
    fn json_has_snake_case_keys_and_iso_dates() {
        let value = json(&entries()[..2]);
        assert_eq!(
            value,
            serde_json::json!([
                {
                    "key": "entry:3",
                    "date": "2025-01-06",
                    "what": "Police called to the home; <neighbour> & \"friend\" | present",
                    "kind": "concern",
                    "origin": "written",
                    "source": "police report",
                    "recorded_by": "sworker",
                    "for_cpr": true,
                    "verified": false
                },
                {
                    "key": "event:gateway:2025-01-09",
                    "date": "2025-01-09",
                    "what": "Legal Gateway decision",
                    "kind": "legal",
                    "origin": "event",
                    "source": null,
                    "recorded_by": null,
                    "for_cpr": false,
                    "verified": true
                }
            ])
        );
        let keys: Vec<&String> = value[0].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "key",
                "date",
                "what",
                "kind",
                "origin",
                "source",
                "recorded_by",
                "for_cpr",
                "verified"
            ]
        );
    }

    #[test]
    fn readiness_as_json() {
        let checklist = Checklist::new(false, [(Paper::Chronology, Some(d(2024, 12, 2)))]);
        // New Year's Day 2025 was a Wednesday: papers due on the Tuesday.
        let r = Readiness::new("C-0001", d(2025, 1, 2), &checklist, &Calendar::default());
        let value = readiness_json(&r);
        assert_eq!(value["child_reference"], "C-0001");
        assert_eq!(value["panel_date"], "2025-01-02");
        assert_eq!(value["submission_deadline"], "2024-12-31T17:00:00");
        assert_eq!(value["ready"], false);
        assert_eq!(
            value["missing"],
            serde_json::json!(["genogram", "referral-form", "child-and-family-assessment"])
        );
        assert_eq!(
            value["papers"][1],
            serde_json::json!({
                "code": "chronology",
                "label": "Chronology",
                "required": true,
                "ticked": true,
                "dated": "2024-12-02"
            })
        );
        assert_eq!(value["papers"][0]["dated"], Value::Null);
        assert_eq!(value["papers"].as_array().unwrap().len(), 4);
    }

    proptest! {
        #[test]
        fn any_text_survives_every_format(
            what in "[a-zA-Z0-9 ,;:'\"<>&|=+@\\-]{1,30}",
            source in prop::option::of("[a-zA-Z0-9 ,'\"<>&|=-]{1,20}"),
            day in 0u64..3000,
        ) {
            let entry = Entry {
                key: "entry:1".into(),
                on: d(2020, 1, 1) + chrono::Days::new(day),
                what: what.clone(),
                kind: Kind::Other,
                origin: Origin::Written,
                source: source.clone(),
                recorded_by: Some("sworker".into()),
                for_cpr: false,
                verified: false,
            };
            let given = [entry];
            let text = csv(&given).unwrap();
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            prop_assert_eq!(rows.len(), 1);
            prop_assert_eq!(from_csv_cell(&rows[0][2]), what.as_str());
            let wanted_source = source.clone().unwrap_or_default();
            prop_assert_eq!(from_csv_cell(&rows[0][5]), wanted_source.as_str());
            let wanted_date = iso(given[0].on);
            prop_assert_eq!(&rows[0][1], wanted_date.as_str());

            let page = html(&heading(), &given);
            let doc = parse(&page);
            let cells: Vec<String> = doc
                .descendants()
                .filter(|n| n.has_tag_name("td"))
                .map(|td| td.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect())
                .collect();
            prop_assert_eq!(&cells[1], &what);
            prop_assert_eq!(&cells[5], "unverified");

            let value = json(&given);
            prop_assert_eq!(value[0]["what"].as_str(), Some(what.as_str()));
        }
    }
}
