//! Applying a validated import: all rows in one transaction, workers
//! created as they are first named.

use crate::AuditAction;
use crate::plans::timeline_facts;
use crate::{Outcome, Store, StoreError, TimelineFacts, Writer};
use permanence_domain::child::ChildFields;
use permanence_domain::import::ChildPatch;
use permanence_domain::people::{Role, Worker, username_for};

/// What an import did, or in a dry run would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Workers the file named who had no record, as "Name (username)".
    pub workers_created: Vec<String>,
    /// In a dry run, each child created or changed, in file order.
    pub changes: Vec<ChildChange>,
}

/// One child a dry run would create or change: the record before (none
/// for a new child) and after, and, where the child has plans, what their
/// timeline is worked out from before and after, so the dates the import
/// would move can be named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildChange {
    pub before: Option<ChildFields>,
    pub after: ChildFields,
    pub facts: Option<(TimelineFacts, TimelineFacts)>,
}

impl Writer<'_> {
    /// What the child's timeline is worked out from, as this transaction
    /// sees it: for naming the dates a change inside it moves.
    pub fn timeline_facts(
        &self,
        child: permanence_domain::child::ChildId,
    ) -> Result<TimelineFacts, StoreError> {
        timeline_facts(self.tx, child)
    }
}

/// Whether an import may add the workers it names that have no record:
/// only for someone who may add users (see `access::may_add_workers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewWorkers {
    Add,
    Refuse,
}

impl Store {
    /// Applies every row or, on any failure, none. With `dry_run` the work
    /// is done and then rolled back, so the summary is exact, and it lists
    /// every child it would change, field by field.
    pub fn import_children(
        &mut self,
        rows: &[ChildPatch],
        dry_run: bool,
        new_workers: NewWorkers,
    ) -> Result<ImportSummary, StoreError> {
        let apply = |writer: &mut Writer<'_>| writer.import_children(rows, dry_run, new_workers);
        if dry_run {
            self.rehearse(apply)
        } else {
            self.write(apply)
        }
    }
}

impl Writer<'_> {
    /// As [`Store::import_children`], inside the caller's write: an
    /// import that records the children's history and plans in the same
    /// transaction (`import ssda903`). With `dry_run` it lists every child
    /// it changes; the caller rolls back.
    pub fn import_children(
        &mut self,
        rows: &[ChildPatch],
        dry_run: bool,
        new_workers: NewWorkers,
    ) -> Result<ImportSummary, StoreError> {
        let mut summary = ImportSummary::default();
        for row in rows {
            self.import_child(row, dry_run, new_workers, &mut summary)?;
        }
        self.audit_children_import(rows.len(), &summary)?;
        Ok(summary)
    }

    /// One row of [`Writer::import_children`], counted into `summary`,
    /// with no entry for the import as a whole: for an import that writes
    /// a child at a time (`import ssda903`) and then calls
    /// [`Writer::audit_children_import`] once.
    pub fn import_child(
        &mut self,
        row: &ChildPatch,
        dry_run: bool,
        new_workers: NewWorkers,
        summary: &mut ImportSummary,
    ) -> Result<(), StoreError> {
        let writer = self;
        {
            let mut resolved = row.clone();
            let team = row.team.clone().flatten();
            let mut named = Named {
                summary,
                new_workers,
                line: row.line,
            };
            if let Some(Some(name)) = &row.worker {
                let username = resolve(writer, name, Role::SocialWorker, team.clone(), &mut named)?;
                resolved.worker = Some(Some(username));
            }
            if let Some(Some(name)) = &row.iro {
                let username = resolve(writer, name, Role::Iro, None, &mut named)?;
                resolved.iro = Some(Some(username));
            }
            let existing = writer.child_by_ref(&row.reference)?;
            let child = resolved.apply(existing.as_ref());
            let before = match (dry_run, existing.is_some()) {
                (true, true) => match writer.child_id(&row.reference)? {
                    Some(id) => Some((id, writer.timeline_facts(id)?)),
                    None => None,
                },
                _ => None,
            };
            let outcome = writer.put_child(&child)?;
            match outcome {
                Outcome::Created => summary.created += 1,
                Outcome::Updated => summary.updated += 1,
                Outcome::Unchanged => summary.unchanged += 1,
            }
            if dry_run && outcome != Outcome::Unchanged {
                let facts = match before.filter(|(_, f)| !f.plans.is_empty()) {
                    Some((id, facts)) => Some((facts, writer.timeline_facts(id)?)),
                    None => None,
                };
                summary.changes.push(ChildChange {
                    before: existing,
                    after: child,
                    facts,
                });
            }
        }
        Ok(())
    }

    /// The one audit entry for an import of `rows` children.
    pub fn audit_children_import(&mut self, rows: usize, summary: &ImportSummary) -> Result<(), StoreError> {
        self.audit(crate::Change {
            action: AuditAction::Import,
            entity: "children",
            reference: None,
            entity_id: None,
            before: None,
            after: Some(serde_json::json!({
                "rows": rows,
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "workers_created": summary.workers_created.len(),
            })),
        })
    }
}

/// Where a worker is named, and what may be done about one unknown.
struct Named<'a> {
    summary: &'a mut ImportSummary,
    new_workers: NewWorkers,
    line: usize,
}

/// The username of the worker `name` refers to, creating them if unknown
/// and allowed to.
fn resolve(
    writer: &mut Writer<'_>,
    name: &str,
    role: Role,
    team: Option<String>,
    named: &mut Named<'_>,
) -> Result<String, StoreError> {
    if let Some(worker) = writer.find_worker(name)? {
        return Ok(worker.username);
    }
    // The command names every such row first; this is the guarantee.
    if named.new_workers == NewWorkers::Refuse {
        return Err(crate::RecordRule::MayNotAddWorkers {
            line: named.line,
            name: permanence_domain::sanitise::clean_line(name),
        }
        .into());
    }
    let mut worker = Worker::from_name(name, role, team);
    if worker.username.is_empty() {
        worker.username = "worker".to_string();
    }
    // A different person may already hold the derived username.
    let base = username_for(&worker.username);
    let mut suffix = 1;
    while writer.find_worker(&worker.username)?.is_some() {
        suffix += 1;
        worker.username = format!("{base}.{suffix}");
    }
    writer.put_worker(&worker)?;
    named
        .summary
        .workers_created
        .push(format!("{} ({})", worker.display_name, worker.username));
    Ok(worker.username)
}
