//! What an audit entry says was done, as one enum: every write names its
//! action by a variant, so a misspelt action cannot be written and the
//! screens match on variants, not on text.
//!
//! The text stored for each is fixed for ever: the audit chain hashes it,
//! so changing a code would break `check` on every existing database. An
//! entry is read back with its text as stored, whatever it is (an older
//! or newer version may have written an action this one does not know);
//! [`AuditEntry::known_action`](crate::AuditEntry::known_action) gives the
//! variant where there is one.

/// What was done, as the audit trail records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// Something new was saved (a child, a worker, a person, a plan, ...).
    Create,
    Update,
    Delete,
    /// Only a child's RAG rating changed.
    RagChange,
    /// A child's record was opened.
    View,
    /// A report was drawn from the caseload.
    Report,
    /// An export was drawn from the caseload.
    Export,
    Import,
    /// The permission rules were replaced.
    Replace,
    /// A plan was closed.
    Close,
    /// The demo caseload was written.
    Demo,
    /// A task was marked done, and the mark taken back.
    Done,
    Undone,
    /// A chronology entry marked for the Child Permanence Report, and unmarked.
    Mark,
    Unmark,
    RecordEvent,
    CorrectEvent,
    WithdrawEvent,
    CorrectDone,
    AddParent,
    RemoveParent,
    AddCouple,
    UpdateCouple,
    RemoveCouple,
    /// A family meeting's outcome was put on a plan's timeline.
    ToTimeline,
    /// A form was submitted, and a later version of it.
    Submit,
    Amend,
    SignOff,
    Restore,
    /// The trail was sealed with an anchor.
    Seal,
    /// An item was marked not needed, with a reason, and the mark taken back.
    NotNeeded,
    WithdrawNotNeeded,
}

impl AuditAction {
    /// Every action, in the order of the table in [`AuditAction::code`].
    pub const ALL: [AuditAction; 32] = [
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Delete,
        AuditAction::RagChange,
        AuditAction::View,
        AuditAction::Report,
        AuditAction::Export,
        AuditAction::Import,
        AuditAction::Replace,
        AuditAction::Close,
        AuditAction::Demo,
        AuditAction::Done,
        AuditAction::Undone,
        AuditAction::Mark,
        AuditAction::Unmark,
        AuditAction::RecordEvent,
        AuditAction::CorrectEvent,
        AuditAction::WithdrawEvent,
        AuditAction::CorrectDone,
        AuditAction::AddParent,
        AuditAction::RemoveParent,
        AuditAction::AddCouple,
        AuditAction::UpdateCouple,
        AuditAction::RemoveCouple,
        AuditAction::ToTimeline,
        AuditAction::Submit,
        AuditAction::Amend,
        AuditAction::SignOff,
        AuditAction::Restore,
        AuditAction::Seal,
        AuditAction::NotNeeded,
        AuditAction::WithdrawNotNeeded,
    ];

    /// The text stored in the trail, and hashed with the entry.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::RagChange => "rag-change",
            AuditAction::View => "view",
            AuditAction::Report => "report",
            AuditAction::Export => "export",
            AuditAction::Import => "import",
            AuditAction::Replace => "replace",
            AuditAction::Close => "close",
            AuditAction::Demo => "demo",
            AuditAction::Done => "done",
            AuditAction::Undone => "undone",
            AuditAction::Mark => "mark",
            AuditAction::Unmark => "unmark",
            AuditAction::RecordEvent => "record-event",
            AuditAction::CorrectEvent => "correct-event",
            AuditAction::WithdrawEvent => "withdraw-event",
            AuditAction::CorrectDone => "correct-done",
            AuditAction::AddParent => "add-parent",
            AuditAction::RemoveParent => "remove-parent",
            AuditAction::AddCouple => "add-couple",
            AuditAction::UpdateCouple => "update-couple",
            AuditAction::RemoveCouple => "remove-couple",
            AuditAction::ToTimeline => "to-timeline",
            AuditAction::Submit => "submit",
            AuditAction::Amend => "amend",
            AuditAction::SignOff => "sign-off",
            AuditAction::Restore => "restore",
            AuditAction::Seal => "seal",
            AuditAction::NotNeeded => "not-needed",
            AuditAction::WithdrawNotNeeded => "withdraw-not-needed",
        }
    }

    /// The action stored as `text`, exactly as written, if this version
    /// knows it.
    pub fn parse(text: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|action| action.code() == text)
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_action_has_one_code_of_its_own_that_reads_back() {
        let codes: HashSet<&str> = AuditAction::ALL.map(AuditAction::code).into_iter().collect();
        assert_eq!(codes.len(), AuditAction::ALL.len(), "codes are distinct");
        for action in AuditAction::ALL {
            assert!(!action.code().is_empty(), "{action:?}");
            assert_eq!(AuditAction::parse(action.code()), Some(action));
        }
        assert_eq!(AuditAction::parse("View"), None, "exactly as stored");
        assert_eq!(AuditAction::parse("archive"), None, "a later version's");
    }

    /// The stored words, pinned: changing one would break the chain of
    /// every database that holds it.
    #[test]
    fn the_stored_words_never_change() {
        let codes = AuditAction::ALL.map(AuditAction::code);
        assert_eq!(
            codes.join(" "),
            "create update delete rag-change view report export import replace close demo done undone mark unmark \
             record-event correct-event withdraw-event correct-done add-parent remove-parent add-couple \
             update-couple remove-couple to-timeline submit amend sign-off restore seal \
             not-needed withdraw-not-needed"
        );
    }
}
