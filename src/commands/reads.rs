//! Reads on the record (issue 16): every command that shows a named
//! child's details leaves one "view" entry in the audit trail, and every
//! report or export one entry naming how many children it covered. The
//! one place the command line puts a read on the record.

use crate::store::{AuditAction, Store};

/// What a command is about to show.
pub enum Read<'a> {
    /// One child's details, by their reference.
    Child(&'a str),
    /// A report or export drawn from `children` children: `action` is
    /// `Report` or `Export`, `what` names it ("report overdue").
    Covering {
        action: AuditAction,
        what: &'a str,
        children: usize,
    },
}

/// Puts `read` on the record before it is shown. A read that cannot be
/// recorded (a read-only filesystem, a file this account cannot write, a
/// lock held too long) is still allowed, and stderr says so: refusing
/// would shut a reviewer out of a read-only copy, and the note tells them,
/// and whoever reads their screen, that this look is not on the trail
/// (docs/reliability.md, "Reads on the record").
pub fn on_record(store: &mut Store, read: Read<'_>) {
    let recorded = match read {
        Read::Child(reference) => match store.child_id(reference) {
            // No such child: nothing is shown, the command says why.
            Ok(None) => return,
            Ok(Some(_)) => store.record_read(AuditAction::View, "child", Some(reference), None),
            Err(e) => Err(e),
        },
        Read::Covering {
            action,
            what,
            children,
        } => store.record_read(
            action,
            "caseload",
            None,
            Some(serde_json::json!({ "children": children, "what": what })),
        ),
    };
    if let Err(e) = recorded {
        eprintln!("note: this read could not be recorded in the audit trail ({e}); it is shown all the same");
    }
}

/// How many children the whole caseload holds: what a report or export
/// over all of them covered.
pub fn caseload(store: &Store) -> usize {
    store
        .count_children()
        .ok()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0)
}
