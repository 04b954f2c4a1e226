//! The open child's adoption timeliness, read by the event loop after the
//! record (`load_child`), kept on the child's screen to draw. Its own
//! module so that the app's main file stays within its size.

use super::{App, Screen};
use crate::domain::timeliness::child::ChildLine;

impl App {
    /// The open child's adoption timeliness lines, loaded by the event loop.
    pub fn show_timeliness(&mut self, lines: Vec<ChildLine>) {
        let (width, height) = self.size;
        if let Screen::Child(view) = &mut self.screen {
            view.timeliness = lines;
            // The lines take rows from the list: keep the cursor in view.
            let rows = crate::layout::timeline::list_height(view, width, height);
            view.move_cursor(0, rows);
        }
    }
}
