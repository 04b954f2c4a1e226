//! The child screen: the record, the timeline and the papers of one child,
//! tab by tab. Its state is in [`state`] (with the timeline's list in
//! [`timeline_list`] and the papers tabs' in [`papers`]), what its keys do
//! in [`keys`] (with the timeline's dialogs in [`events`], its plan and
//! catch-up dialogs in [`plan_dialogs`] and [`catch_up`], the papers
//! tabs' in [`forms`], the Family tab's changes to the network in
//! [`family_edit`]), its drawing in [`draw`]; its key bindings are the
//! key map's `child-…` contexts, one a tab.

pub mod catch_up;
pub mod draw;
pub mod events;
pub mod family_edit;
pub mod forms;
pub mod forms_tab;
pub(crate) mod keys;
pub mod papers;
pub mod plan_dialogs;
pub mod record;
pub mod state;
pub mod timeline_list;

pub use state::{ChildTab, ChildView, HistoryLine};

use crate::action::Action;
use crate::app::App;
use crate::component::{Component, Ctx, Handled};
use crate::keymap::Context;
use ratatui::Frame;
use ratatui::layout::Rect;

impl Component for ChildView {
    fn handle(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        self.apply(action, ctx)
    }

    fn draw(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        draw::draw(app, self, frame, area);
    }

    fn context(&self) -> Context {
        match self.tab {
            ChildTab::Timeline => Context::ChildTimeline,
            ChildTab::Record => Context::ChildRecord,
            ChildTab::Forms => Context::ChildForms,
            ChildTab::Family => Context::ChildFamily,
            ChildTab::Chronology => Context::ChildChronology,
            ChildTab::Gateway => Context::ChildGateway,
            ChildTab::History => Context::ChildHistory,
        }
    }
}

#[cfg(test)]
mod tests;
