//! A tracker meeting's minutes: every child discussed, with the RAG, the
//! note, the next review and every action, as Markdown (to paste into an
//! email), HTML (to print) and CSV (one row per action, for a tracker
//! spreadsheet).

use crate::domain::date::{iso, uk};
use crate::domain::meeting::Meeting;
use crate::domain::sanitise::csv_cell;
use std::fmt::Write as _;

fn rag(r: Option<crate::domain::child::Rag>) -> String {
    r.map_or("—".to_string(), |r| format!("{} ({})", r.word(), r.letter()))
}

pub fn markdown(meeting: &Meeting) -> String {
    // Typed text is shown as text: HTML in it would run in a viewer.
    let t = crate::domain::sanitise::markdown_text;
    let mut out = String::new();
    let discussed: Vec<_> = meeting.discussions.iter().filter(|d| d.discussed()).collect();
    let _ = writeln!(out, "# {}: minutes", meeting.tracker.title());
    let _ = writeln!(
        out,
        "\n**Held:** {} · **Chair:** {} · **Children discussed:** {} · **Actions:** {}\n",
        uk(meeting.held_on),
        t(&meeting.chair),
        discussed.len(),
        meeting.actions().count()
    );
    // Who the meeting was for, in its seed's words, so the minutes say
    // which children were and were not the meeting's to discuss.
    if !meeting.attendees.is_empty() {
        let _ = writeln!(out, "**Attended:** {}\n", t(&meeting.attendees.join(", ")));
    }
    let _ = writeln!(out, "**Cohort:** {}\n", meeting.tracker.rule());
    for d in &discussed {
        let _ = writeln!(out, "## {} ({})\n", t(&d.name), t(&d.reference));
        let _ = writeln!(out, "- **RAG:** {}", rag(d.rag));
        if let Some(stage) = &d.stage {
            let _ = writeln!(out, "- **Decision:** {}", t(stage));
        }
        if !d.barriers.is_empty() {
            let _ = writeln!(
                out,
                "- **Barriers the carers name:** {}",
                t(&d.barriers.join("; "))
            );
        }
        if let Some(note) = &d.note {
            let _ = writeln!(out, "- **Discussion:** {}", t(note).replace('\n', " "));
        }
        if let Some(next) = d.next_review {
            let _ = writeln!(out, "- **Next review:** {}", uk(next));
        }
        for a in &d.actions {
            let _ = writeln!(
                out,
                "- **Action:** {} — {} by {}{}",
                t(&a.what),
                t(a.owner.as_deref().unwrap_or("owner not named")),
                uk(a.due),
                if a.on_timeline {
                    ""
                } else {
                    " (not on a timeline: no plan)"
                }
            );
        }
        out.push('\n');
    }
    out
}

fn escape(text: &str) -> String {
    crate::domain::sanitise::clean_text(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn html(meeting: &Meeting) -> String {
    let mut out = String::new();
    let title = format!("{}: minutes, {}", meeting.tracker.title(), uk(meeting.held_on));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>@page {{ size: A4; margin: 18mm; }} body {{ font-family: sans-serif; font-size: 11pt; }} \
         table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 1px solid #444; padding: 3px 6px; text-align: left; vertical-align: top; }} \
         section {{ break-inside: avoid; }}</style></head><body>\n<h1>{}</h1>\n<p>Chair: {}</p>\n<p>Attended: {}</p>\n<p>Cohort: {}</p>\n",
        escape(&title),
        escape(&title),
        escape(&meeting.chair),
        escape(&meeting.attendees.join(", ")),
        escape(meeting.tracker.rule())
    );
    for d in meeting.discussions.iter().filter(|d| d.discussed()) {
        let _ = write!(
            out,
            "<section><h2>{} ({})</h2>\n<p>RAG: {}</p>\n",
            escape(&d.name),
            escape(&d.reference),
            escape(&rag(d.rag))
        );
        if let Some(stage) = &d.stage {
            let _ = writeln!(out, "<p>Decision: {}</p>", escape(stage));
        }
        if !d.barriers.is_empty() {
            let _ = writeln!(
                out,
                "<p>Barriers the carers name: {}</p>",
                escape(&d.barriers.join("; "))
            );
        }
        if let Some(note) = &d.note {
            let _ = writeln!(out, "<p>{}</p>", escape(note));
        }
        if let Some(next) = d.next_review {
            let _ = writeln!(out, "<p>Next review: {}</p>", uk(next));
        }
        if !d.actions.is_empty() {
            out.push_str("<table><tr><th>Action</th><th>Owner</th><th>By</th></tr>\n");
            for a in &d.actions {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&a.what),
                    escape(a.owner.as_deref().unwrap_or("")),
                    uk(a.due)
                );
            }
            out.push_str("</table>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// One row per child discussed and action (a child with no actions has
/// one row with the action columns empty).
pub fn csv(meeting: &Meeting) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "meeting",
        "held_on",
        "tracker",
        "ref",
        "child",
        "rag",
        "decision",
        "barriers",
        "note",
        "next_review",
        "action",
        "owner",
        "due",
    ])?;
    for d in meeting.discussions.iter().filter(|d| d.discussed()) {
        let base = [
            meeting.id.to_string(),
            iso(meeting.held_on),
            meeting.tracker.code().to_string(),
            d.reference.clone(),
            d.name.clone(),
            d.rag.map_or(String::new(), |r| r.word().to_string()),
            d.stage.clone().unwrap_or_default(),
            d.barriers.join("; "),
            d.note.clone().unwrap_or_default(),
            d.next_review.map(iso).unwrap_or_default(),
        ];
        let actions: Vec<[String; 3]> = if d.actions.is_empty() {
            vec![Default::default()]
        } else {
            d.actions
                .iter()
                .map(|a| [a.what.clone(), a.owner.clone().unwrap_or_default(), iso(a.due)])
                .collect()
        };
        for action in actions {
            writer.write_record(base.iter().chain(action.iter()).map(|c| csv_cell(c)))?;
        }
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::child::{ChildId, Rag};
    use crate::domain::cohort::Tracker;
    use crate::domain::meeting::{Discussion, MeetingAction};
    use chrono::NaiveDate;

    fn meeting() -> Meeting {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        Meeting {
            id: 3,
            tracker: Tracker::PreProceedings,
            held_on: day(23),
            chair: "Amara Hall".into(),
            attendees: vec!["Amara Hall".into(), "Sam Worker".into()],
            cohort: 2,
            discussions: vec![
                Discussion {
                    child: ChildId(1),
                    reference: "C1".into(),
                    name: "Ada Example".into(),
                    rag: Some(Rag::Amber),
                    note: Some("Parenting assessment late; <expert> chased".into()),
                    next_review: Some(day(30)),
                    stage: Some("Needs further work with carers".into()),
                    barriers: vec!["Housing".into(), "Financial parity".into()],
                    actions: vec![
                        MeetingAction {
                            what: "Chase the expert report".into(),
                            owner: Some("Sam Worker".into()),
                            due: day(27),
                            on_timeline: true,
                        },
                        MeetingAction {
                            what: "Book the 16-week review".into(),
                            owner: None,
                            due: day(28),
                            on_timeline: false,
                        },
                    ],
                },
                Discussion {
                    child: ChildId(2),
                    reference: "C2".into(),
                    name: "Bo Example".into(),
                    rag: None,
                    note: None,
                    next_review: None,
                    stage: None,
                    barriers: vec![],
                    actions: vec![],
                },
            ],
        }
    }

    #[test]
    fn every_discussed_child_and_every_action_is_in_each_format() {
        let m = meeting();
        let md = markdown(&m);
        let html = html(&m);
        let csv = csv(&m).unwrap();
        for text in [&md, &html, &csv] {
            assert!(text.contains("Chase the expert report"), "{text}");
            assert!(text.contains("Book the 16-week review"), "{text}");
            assert!(text.contains("C1"));
            assert!(!text.contains("Bo Example"), "C2 was not discussed: {text}");
        }
        assert!(md.contains("**Children discussed:** 1 · **Actions:** 2"));
        let cohort = "Every child in pre-proceedings, weeks counted from the Legal Gateway decision";
        assert!(md.contains(&format!("**Cohort:** {cohort}")), "{md}");
        assert!(html.contains(&format!("<p>Cohort: {cohort}")), "{html}");
        assert!(md.contains("Sam Worker by 27/11/2026"));
        assert!(md.contains("**Decision:** Needs further work with carers"));
        assert!(md.contains("Housing; Financial parity"));
        assert!(csv.contains("Housing; Financial parity"));
        assert!(html.contains("&lt;expert&gt;"), "escaped: {html}");
        assert_eq!(csv.lines().count(), 3, "a header and one row per action: {csv}");
        assert!(csv.contains("2026-11-27"));
    }
}
