//! What every screen, and every layer drawn over one, is: something that
//! takes an action and either consumes it (perhaps asking the event loop
//! for an effect) or passes it on to what is beneath; that draws itself
//! from its own state without changing it; and that names the key-map
//! context its keys and its help come from. Helix's compositor and
//! gitui's components work the same way.

use crate::action::Action;
use crate::app::{App, Effect, Session};
use crate::domain::date::DateStyle;
use crate::domain::permissions::{Action as Permission, ChildScope, Policy, Refusal};
use crate::keymap::Context;
use crate::modal::Modal;
use crate::service::access::Access;
use ratatui::Frame;
use ratatui::layout::Rect;

/// What a screen or layer did with an action.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Handled {
    /// Taken: nothing beneath sees it. The effect, if any, is for the
    /// event loop to carry out with the store.
    Consumed(Option<Effect>),
    /// Not this one's: the layer beneath, or the keys every screen
    /// shares (back, help, quit), get it.
    Ignored,
}

/// What a screen may read and change beyond its own state while it
/// handles an action: the session, how dates are shown, the status
/// line's message and a dialog to open over itself.
pub struct Ctx<'a> {
    pub session: &'a Session,
    pub dates: DateStyle,
    /// Rows in a page of the list on screen, for Page Up and Page Down.
    pub page: usize,
    /// The window's size, (width, height).
    pub size: (u16, u16),
    /// Who is using the app, and the policy that says what they may do.
    pub access: &'a Access,
    pub policy: &'a Policy,
    /// The status line's message, which the screen may set.
    pub message: &'a mut Option<String>,
    /// A dialog the screen asks to open over itself; the app puts it on
    /// the layer stack once the screen has handled the action.
    pub dialog: Option<Modal>,
    /// The loaded pathways' names, which a plan dialog picks from.
    pub pathways: &'a [String],
}

impl Ctx<'_> {
    /// Whether the user may take `action` (on a child whose people are in `scope`).
    pub fn permits(&self, action: Permission, scope: Option<ChildScope<'_>>) -> Result<(), Refusal> {
        self.access.check(self.policy, action, scope)
    }
}

/// A screen or a layer over one.
pub trait Component {
    /// Takes the action, or leaves it for what is beneath.
    fn handle(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled;
    /// Draws from the component's own state (and the app's, read only).
    fn draw(&self, app: &App, frame: &mut Frame<'_>, area: Rect);
    /// The key-map context whose keys this component answers to, and
    /// whose keys the help overlay lists.
    fn context(&self) -> Context;
}
