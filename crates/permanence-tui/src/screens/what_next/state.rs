//! The "what next" list's state, and what its keys do to it.

use crate::action::Action;
use crate::app::Effect;
use crate::component::Handled;
use crate::domain::child::ChildId;
use crate::domain::report::NextItem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatNextView {
    /// What the list covers, as the caseload's header said it.
    pub covers: String,
    pub items: Vec<(ChildId, NextItem)>,
    pub selected: usize,
    pub offset: usize,
}

impl WhatNextView {
    /// Moves through the list or opens the highlighted child, `page` rows
    /// at a time for Page Up and Page Down; anything else is left for the
    /// keys every screen shares (back, help, quit).
    pub fn apply(&mut self, action: Action, page: usize) -> Handled {
        let last = self.items.len().saturating_sub(1);
        let effect = match action {
            Action::MoveDown => {
                self.selected = (self.selected + 1).min(last);
                None
            }
            Action::MoveUp => {
                self.selected = self.selected.saturating_sub(1);
                None
            }
            Action::PageDown => {
                self.selected = (self.selected + page).min(last);
                None
            }
            Action::PageUp => {
                self.selected = self.selected.saturating_sub(page);
                None
            }
            Action::Open => self
                .items
                .get(self.selected)
                .map(|(child, _)| Effect::LoadChild(*child)),
            _ => return Handled::Ignored,
        };
        // Keep the selection on screen (the list starts below two lines).
        let rows = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        Handled::Consumed(effect)
    }
}
