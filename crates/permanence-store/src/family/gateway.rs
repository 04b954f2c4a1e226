//! The Legal Gateway: which of its papers are done (and when), and the
//! panel a child is going to.

use super::GatewayPanelRow;
use crate::{AuditAction, Change, Outcome, RecordRule, StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use rusqlite::{OptionalExtension, params};
use serde_json::json;

/// `a-paper-code`: lower-case letters and digits in words joined by
/// single hyphens, as the gateway's list names its papers.
pub(super) fn is_kebab(code: &str) -> bool {
    !code.is_empty()
        && code.split('-').all(|word| {
            !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// What saving a value did, and its audit action: an update where there
/// was one before, else a creation.
fn saved(existed: bool) -> (Outcome, AuditAction) {
    match existed {
        true => (Outcome::Updated, AuditAction::Update),
        false => (Outcome::Created, AuditAction::Create),
    }
}

impl Writer<'_> {
    /// A gateway paper's date as stored: `None` where the paper is not on
    /// the child's record, `Some(None)` where it is, undated.
    fn gateway_paper_dated(&self, child: ChildId, paper: &str) -> Result<Option<Option<String>>, StoreError> {
        Ok(self
            .tx
            .prepare_cached("SELECT dated FROM gateway_papers WHERE child_id = ?1 AND paper = ?2")?
            .query_row(params![child.0, paper], |r| r.get(0))
            .optional()?)
    }

    /// The child's panel as stored (its date, and whether pre-proceedings).
    fn gateway_panel_row(&self, child: ChildId) -> Result<Option<(String, bool)>, StoreError> {
        Ok(self
            .tx
            .prepare_cached("SELECT panel_date, pre_proceedings FROM gateway_panels WHERE child_id = ?1")?
            .query_row([child.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Records the date of one of the child's Legal Gateway papers.
    pub fn set_gateway_paper(
        &mut self,
        child: ChildId,
        paper: &str,
        dated: Option<NaiveDate>,
    ) -> Result<Outcome, StoreError> {
        if !is_kebab(paper) {
            return Err(StoreError::Refused(RecordRule::BadPaperCode));
        }
        let reference = self.child_reference(child)?;
        let current = self.gateway_paper_dated(child, paper)?;
        let dated = dated.map(iso);
        if current.as_ref() == Some(&dated) {
            return Ok(Outcome::Unchanged);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO gateway_papers (child_id, paper, dated) VALUES (?1, ?2, ?3)
                 ON CONFLICT (child_id, paper) DO UPDATE SET dated = excluded.dated",
            )?
            .execute(params![child.0, paper, dated])?;
        let (outcome, action) = saved(current.is_some());
        self.audit_with(|| Change {
            action,
            entity: "gateway-paper",
            reference: Some(&reference),
            entity_id: Some(paper.to_string()),
            before: current.map(|d| json!({"dated": d})),
            after: Some(json!({"dated": dated})),
        })?;
        Ok(outcome)
    }

    /// Takes a gateway paper off the child's record; `false` if it was not
    /// on it.
    pub fn clear_gateway_paper(&mut self, child: ChildId, paper: &str) -> Result<bool, StoreError> {
        let current = self.gateway_paper_dated(child, paper)?;
        let Some(current) = current else {
            return Ok(false);
        };
        self.tx
            .prepare_cached("DELETE FROM gateway_papers WHERE child_id = ?1 AND paper = ?2")?
            .execute(params![child.0, paper])?;
        let reference = self.child_reference(child)?;
        self.audit_with(|| Change {
            action: AuditAction::Delete,
            entity: "gateway-paper",
            reference: Some(&reference),
            entity_id: Some(paper.to_string()),
            before: Some(json!({"dated": current})),
            after: None,
        })?;
        Ok(true)
    }

    /// Sets the Legal Gateway panel the child is going to.
    pub fn set_gateway_panel(
        &mut self,
        child: ChildId,
        panel: GatewayPanelRow,
    ) -> Result<Outcome, StoreError> {
        let reference = self.child_reference(child)?;
        let current = self.gateway_panel_row(child)?;
        let wanted = (iso(panel.panel_date), panel.pre_proceedings);
        if current.as_ref() == Some(&wanted) {
            return Ok(Outcome::Unchanged);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO gateway_panels (child_id, panel_date, pre_proceedings) VALUES (?1, ?2, ?3)
                 ON CONFLICT (child_id) DO UPDATE SET
                     panel_date = excluded.panel_date, pre_proceedings = excluded.pre_proceedings",
            )?
            .execute(params![child.0, wanted.0, wanted.1])?;
        let (outcome, action) = saved(current.is_some());
        self.audit_with(|| Change {
            action,
            entity: "gateway-panel",
            reference: Some(&reference),
            entity_id: None,
            before: current.map(|(d, p)| json!({"panel_date": d, "pre_proceedings": p})),
            after: Some(json!({"panel_date": wanted.0, "pre_proceedings": wanted.1})),
        })?;
        Ok(outcome)
    }

    /// Takes the child off the panel; `false` if no panel was set.
    pub fn clear_gateway_panel(&mut self, child: ChildId) -> Result<bool, StoreError> {
        let current = self.gateway_panel_row(child)?;
        let Some((date, pre)) = current else {
            return Ok(false);
        };
        self.tx
            .prepare_cached("DELETE FROM gateway_panels WHERE child_id = ?1")?
            .execute([child.0])?;
        let reference = self.child_reference(child)?;
        self.audit_with(|| Change {
            action: AuditAction::Delete,
            entity: "gateway-panel",
            reference: Some(&reference),
            entity_id: None,
            before: Some(json!({"panel_date": date, "pre_proceedings": pre})),
            after: None,
        })?;
        Ok(true)
    }
}
