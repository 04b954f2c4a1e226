//! A child's audit entries as lines a worker can read: who did what, and
//! the values that changed ("rag: amber → red"), newest first.

use crate::child_view::HistoryLine;
use crate::domain::date::DateStyle;
use crate::store::{AuditAction, AuditEntry, EventEntry, EventStatus};
use serde_json::Value;

/// `at` is UTC from the trail; `local` turns it into the user's time.
pub fn lines(entries: &[AuditEntry], local: impl Fn(&str) -> String) -> Vec<HistoryLine> {
    entries
        .iter()
        .rev()
        .map(|e| HistoryLine {
            at: local(&e.at),
            user: if e.user == e.os_user {
                e.user.clone()
            } else {
                format!("{} (via {})", e.user, e.os_user)
            },
            action: e.action.clone(),
            what: describe(e),
        })
        .collect()
}

/// A child's recorded events as lines: the day each happened, who
/// recorded it, whether it stands, and when it was recorded or put right.
pub fn event_lines(
    entries: &[EventEntry],
    dates: DateStyle,
    local: impl Fn(&str) -> String,
) -> Vec<HistoryLine> {
    entries
        .iter()
        .map(|e| {
            // What it was and why it no longer stands come first, so a
            // narrow window cuts off only when it was recorded.
            let mut what = capital(e.event.label());
            let by = e.changed_by.as_deref().unwrap_or("not known");
            let why = e
                .reason
                .as_deref()
                .map(crate::domain::sanitise::clean_line)
                .unwrap_or_default();
            match (e.status, e.corrected_to) {
                (EventStatus::Corrected, Some(to)) => {
                    what.push_str(&format!(": to {} ({why}; {by})", dates.show(to)))
                }
                (EventStatus::Withdrawn, _) => what.push_str(&format!(": {why} ({by})")),
                _ => {}
            }
            if let Some(note) = &e.note {
                what.push_str(&format!("; note: {}", crate::domain::sanitise::clean_line(note)));
            }
            if let Some(at) = &e.recorded_at {
                what.push_str(&format!("; recorded {}", local(at)));
            }
            HistoryLine {
                at: dates.show(e.on),
                user: e.recorded_by.clone().unwrap_or_else(|| "not known".to_string()),
                action: match e.status {
                    EventStatus::Current => "held",
                    EventStatus::Corrected => "corrected",
                    EventStatus::Withdrawn => "withdrawn",
                }
                .to_string(),
                what,
            }
        })
        .collect()
}

fn capital(text: &str) -> String {
    let text = text.strip_prefix("the ").unwrap_or(text);
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn value(v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn describe(e: &AuditEntry) -> String {
    let parse = |t: &Option<String>| t.as_deref().and_then(|t| serde_json::from_str::<Value>(t).ok());
    let (before, after) = (parse(&e.before), parse(&e.after));
    let subject = match (e.entity.as_str(), e.entity_id.as_deref()) {
        ("item", Some(id)) => id.split('/').nth(1).unwrap_or(id).to_string(),
        ("child", _) => "record".to_string(),
        (entity, _) => entity.to_string(),
    };
    match (e.known_action(), before, after) {
        (Some(AuditAction::View), _, _) => "opened the record".to_string(),
        // The legal status moved by an order recorded (or its undo).
        (_, Some(b), Some(a)) if e.entity == "legal-status" => {
            let status = |v: &Value| {
                v["legal_status"]
                    .as_str()
                    .and_then(crate::domain::child::LegalStatus::parse)
                    .map_or("—", |s| s.short())
            };
            format!(
                "legal status: {} → {}, following {}",
                status(&b),
                status(&a),
                a["follows"].as_str().unwrap_or("the orders recorded")
            )
        }
        (_, Some(Value::Object(b)), Some(Value::Object(a))) => {
            let changes: Vec<String> = a
                .iter()
                .map(|(k, v)| format!("{k}: {} → {}", b.get(k).map_or("—".to_string(), value), value(v)))
                .collect();
            format!("{subject}: {}", changes.join("; "))
        }
        (_, _, Some(Value::Object(a))) => {
            let fields: Vec<String> = a
                .iter()
                .filter(|(_, v)| !v.is_null())
                .take(4)
                .map(|(k, v)| format!("{k}: {}", value(v)))
                .collect();
            format!("{subject}: {}", fields.join("; "))
        }
        (_, Some(Value::Object(b)), None) => {
            let fields: Vec<String> = b
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k} was {}", value(v)))
                .collect();
            format!("{subject}: {}", fields.join("; "))
        }
        _ => subject,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        action: &str,
        entity: &str,
        id: Option<&str>,
        before: Option<&str>,
        after: Option<&str>,
    ) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: "2026-11-23T17:05:00Z".into(),
            user: "alice".into(),
            os_user: "alice".into(),
            action: action.into(),
            entity: entity.into(),
            reference: Some("1001".into()),
            entity_id: id.map(String::from),
            before: before.map(String::from),
            after: after.map(String::from),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn changes_read_as_before_and_after() {
        let entries = vec![
            entry(
                "create",
                "child",
                None,
                None,
                Some(r#"{"ref":"1001","given_name":"Amara","rag":null}"#),
            ),
            entry(
                "rag-change",
                "child",
                None,
                Some(r#"{"rag":"amber"}"#),
                Some(r#"{"rag":"red"}"#),
            ),
            entry(
                "done",
                "item",
                Some("7/cpr-started"),
                None,
                Some(r#"{"done_on":"2026-11-20","note":null}"#),
            ),
            entry(
                "undone",
                "item",
                Some("7/cpr-started"),
                Some(r#"{"done_on":"2026-11-20","note":null}"#),
                None,
            ),
            entry("view", "child", None, None, None),
            // A later version's action: shown as stored, described by its values.
            entry("archive", "child", None, None, Some(r#"{"archived":true}"#)),
        ];
        let lines = lines(&entries, |at| at.to_string());
        let what: Vec<&str> = lines.iter().map(|l| l.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "record: archived: true",
                "opened the record",
                "cpr-started: done_on was 2026-11-20",
                "cpr-started: done_on: 2026-11-20",
                "record: rag: amber → red",
                "record: ref: 1001; given_name: Amara",
            ]
        );
        assert_eq!(lines[0].user, "alice");
        assert_eq!(lines[0].action, "archive");
        assert_eq!(lines[1].action, "view");
    }

    #[test]
    fn an_order_moving_the_legal_status_reads_as_the_status_it_follows() {
        let moved = entry(
            "update",
            "legal-status",
            None,
            Some(r#"{"legal_status":"ico","own":false}"#),
            Some(r#"{"legal_status":"sgo","follows":"sgo on 2026-11-20"}"#),
        );
        let lines = lines(&[moved], |at| at.to_string());
        assert_eq!(
            lines[0].what,
            "legal status: ICO → SGO, following sgo on 2026-11-20"
        );
    }
}
