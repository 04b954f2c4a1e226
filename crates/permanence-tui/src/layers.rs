//! What is drawn over a screen, as a stack: a form being filled in, a
//! dialog, the command palette and the help overlay. The top layer gets
//! each action first; the app's screen gets only what no layer is over.
//! Which layer is on top is where it was opened, not a rule written out
//! by hand, with one exception: the help overlay lists the keys of what
//! is beneath it, so it always stays on top.

use crate::action::Action;
use crate::app::Effect;
use crate::component::Handled;
use crate::form_editor::{EditorOutcome, FormEditor};
use crate::keymap::{Context, KeyMap};
use crate::modal::Modal;

/// What a key in the command palette asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaletteOutcome {
    /// The palette stays open (moved, or narrowed).
    Stay,
    /// Closed, nothing done.
    Close,
    /// Ctrl-c: quit from anywhere.
    Quit,
    /// Enter with nothing matching what was typed.
    NoMatch,
    /// Enter on an action: close the palette and carry it out on the
    /// screen it was opened from, if that is still the screen beneath.
    Choose { action: Action, from: Context },
}

/// One layer over the screen.
#[derive(Debug)]
pub enum Layer {
    /// A form being filled in: it covers the whole screen.
    Form(Box<FormEditor>),
    /// A dialog: a picker, a form of a few fields, or a message to read.
    Dialog(Modal),
    /// The command palette, over the screen it was opened from.
    Palette(Palette),
    /// The help overlay, scrolled this many lines.
    Help { scroll: u16 },
    /// A text to read and save (minutes, a chronology): it covers the
    /// whole screen.
    Viewer(Box<crate::viewer::Viewer>),
}

/// The layers over the screen, bottom first.
#[derive(Debug, Default)]
pub struct Layers {
    stack: Vec<Layer>,
    /// How far a box of details (`Modal::Info`) is scrolled: a stored
    /// form read on the Forms tab is longer than a window. Opening or
    /// closing a dialog puts it back to the top.
    info_scroll: usize,
}

impl Layers {
    /// The layer that gets the next action.
    pub fn top(&self) -> Option<&Layer> {
        self.stack.last()
    }

    /// Every layer, bottom first: the order they are drawn in.
    pub fn iter(&self) -> impl Iterator<Item = &Layer> {
        self.stack.iter()
    }

    /// The key-map context of the topmost form or dialog, if any: what
    /// the help overlay and the palette are over.
    pub fn context(&self) -> Option<Context> {
        self.stack.iter().rev().find_map(|layer| match layer {
            Layer::Form(editor) => Some(if editor.confirming {
                Context::FormSubmit
            } else if editor.leaving {
                Context::FormLeave
            } else if editor.chooser.is_some() || editor.record.as_ref().is_some_and(|r| r.conflict.is_some())
            {
                // The conflict's fields are chosen between as options are.
                Context::FormChoice
            } else {
                Context::FormEditor
            }),
            Layer::Dialog(Modal::Form(_)) => Some(Context::Form),
            Layer::Dialog(Modal::Picker(_)) => Some(Context::Picker),
            Layer::Dialog(Modal::Info { .. }) => Some(Context::Info),
            Layer::Viewer(viewer) => Some(if viewer.finding.is_some() {
                Context::ViewerFind
            } else {
                Context::Viewer
            }),
            Layer::Palette(_) | Layer::Help { .. } => None,
        })
    }

    /// Puts a layer on top (beneath the help overlay, if that is open).
    fn push(&mut self, layer: Layer) {
        let at = match self.stack.last() {
            Some(Layer::Help { .. }) => self.stack.len() - 1,
            _ => self.stack.len(),
        };
        self.stack.insert(at, layer);
    }

    fn position(&self, is: impl Fn(&Layer) -> bool) -> Option<usize> {
        self.stack.iter().rposition(is)
    }

    /// Replaces the layer `is` finds with `layer` where it stands, or
    /// opens it on top, or (given `None`) closes it.
    fn set(&mut self, is: impl Fn(&Layer) -> bool, layer: Option<Layer>) -> Option<Layer> {
        match (self.position(is), layer) {
            (Some(at), Some(layer)) => Some(std::mem::replace(&mut self.stack[at], layer)),
            (Some(at), None) => Some(self.stack.remove(at)),
            (None, Some(layer)) => {
                self.push(layer);
                None
            }
            (None, None) => None,
        }
    }

    pub fn dialog(&self) -> Option<&Modal> {
        self.stack.iter().rev().find_map(|layer| match layer {
            Layer::Dialog(modal) => Some(modal),
            _ => None,
        })
    }

    pub fn dialog_mut(&mut self) -> Option<&mut Modal> {
        self.stack.iter_mut().rev().find_map(|layer| match layer {
            Layer::Dialog(modal) => Some(modal),
            _ => None,
        })
    }

    /// Opens a dialog (in place of the one open, if any), or closes it.
    pub fn set_dialog(&mut self, dialog: Option<Modal>) {
        self.info_scroll = 0;
        self.set(|l| matches!(l, Layer::Dialog(_)), dialog.map(Layer::Dialog));
    }

    /// Closes the dialog, handing it back.
    pub fn take_dialog(&mut self) -> Option<Modal> {
        self.info_scroll = 0;
        match self.set(|l| matches!(l, Layer::Dialog(_)), None) {
            Some(Layer::Dialog(modal)) => Some(modal),
            _ => None,
        }
    }

    /// The first line of the box of details shown.
    pub fn info_scroll(&self) -> usize {
        self.info_scroll
    }

    /// Scrolls the box of details to line `to` (already kept in range).
    pub fn scroll_info(&mut self, to: usize) {
        self.info_scroll = to;
    }

    pub fn palette(&self) -> Option<&Palette> {
        self.stack.iter().rev().find_map(|layer| match layer {
            Layer::Palette(palette) => Some(palette),
            _ => None,
        })
    }

    pub fn palette_mut(&mut self) -> Option<&mut Palette> {
        self.stack.iter_mut().rev().find_map(|layer| match layer {
            Layer::Palette(palette) => Some(palette),
            _ => None,
        })
    }

    pub fn set_palette(&mut self, palette: Option<Palette>) {
        self.set(|l| matches!(l, Layer::Palette(_)), palette.map(Layer::Palette));
    }

    pub fn form(&self) -> Option<&FormEditor> {
        self.stack.iter().rev().find_map(|layer| match layer {
            Layer::Form(editor) => Some(editor.as_ref()),
            _ => None,
        })
    }

    pub fn form_mut(&mut self) -> Option<&mut FormEditor> {
        self.stack.iter_mut().rev().find_map(|layer| match layer {
            Layer::Form(editor) => Some(editor.as_mut()),
            _ => None,
        })
    }

    /// Opens a form in place of any dialog: the form covers the screen
    /// the dialog was over.
    pub fn open_form(&mut self, editor: FormEditor) {
        self.set_dialog(None);
        self.set(
            |l| matches!(l, Layer::Form(_)),
            Some(Layer::Form(Box::new(editor))),
        );
    }

    /// Closes the form, handing it back.
    pub fn take_form(&mut self) -> Option<FormEditor> {
        match self.set(|l| matches!(l, Layer::Form(_)), None) {
            Some(Layer::Form(editor)) => Some(*editor),
            _ => None,
        }
    }

    pub fn viewer(&self) -> Option<&crate::viewer::Viewer> {
        self.stack.iter().rev().find_map(|layer| match layer {
            Layer::Viewer(viewer) => Some(viewer.as_ref()),
            _ => None,
        })
    }

    pub fn viewer_mut(&mut self) -> Option<&mut crate::viewer::Viewer> {
        self.stack.iter_mut().rev().find_map(|layer| match layer {
            Layer::Viewer(viewer) => Some(viewer.as_mut()),
            _ => None,
        })
    }

    /// Opens a text to read (in place of one open), or closes it.
    pub fn set_viewer(&mut self, viewer: Option<crate::viewer::Viewer>) {
        self.set(
            |l| matches!(l, Layer::Viewer(_)),
            viewer.map(|v| Layer::Viewer(Box::new(v))),
        );
    }

    pub fn help_visible(&self) -> bool {
        self.position(|l| matches!(l, Layer::Help { .. })).is_some()
    }

    pub fn help_scroll(&self) -> u16 {
        self.stack
            .iter()
            .rev()
            .find_map(|layer| match layer {
                Layer::Help { scroll } => Some(*scroll),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// Opens or closes the help overlay; it opens at its top.
    pub fn show_help(&mut self, shown: bool) {
        if shown != self.help_visible() {
            let layer = shown.then_some(Layer::Help { scroll: 0 });
            self.set(|l| matches!(l, Layer::Help { .. }), layer);
        }
    }

    /// The help overlay's keys, when it is on top. It scrolls when a
    /// screen has more keys than fit, closes, or quits; it consumes every
    /// other action, since it covers the screen they would act on.
    pub fn apply_to_help(&mut self, action: Action) -> Handled {
        match action {
            Action::ScrollDown => self.scroll_help(1),
            Action::ScrollUp => self.scroll_help(-1),
            Action::ToggleHelp => self.show_help(false),
            Action::ForceQuit => return Handled::Consumed(Some(Effect::Quit)),
            _ => {}
        }
        Handled::Consumed(None)
    }

    /// The form editor's keys: help opens over it, Ctrl+C quits, and
    /// every other action is the editor's own (moving between fields,
    /// saving, leaving with or without the draft).
    pub fn apply_to_form(&mut self, action: Action) -> Handled {
        match action {
            Action::ToggleHelp => self.show_help(true),
            Action::ForceQuit => return Handled::Consumed(Some(Effect::Quit)),
            action => {
                let Some(editor) = self.form_mut() else {
                    return Handled::Consumed(None);
                };
                return Handled::Consumed(editor.apply(action).map(|outcome| match outcome {
                    EditorOutcome::Submit { data, json } => Effect::SubmitForm { data, json },
                    EditorOutcome::Keep => Effect::KeepForm,
                    EditorOutcome::Discard => Effect::DiscardForm,
                    EditorOutcome::Preview { data } => Effect::PreviewRecord { data },
                }));
            }
        }
        Handled::Consumed(None)
    }

    /// Scrolls the help overlay by `lines` (up if negative).
    pub fn scroll_help(&mut self, lines: i32) {
        if let Some(Layer::Help { scroll }) = self
            .stack
            .iter_mut()
            .rev()
            .find(|l| matches!(l, Layer::Help { .. }))
        {
            *scroll = if lines < 0 {
                scroll.saturating_sub(lines.unsigned_abs() as u16)
            } else {
                scroll.saturating_add(lines as u16)
            };
        }
    }
}

/// The command palette: the actions of the screen it was opened over,
/// narrowed by what has been typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    /// The screen beneath, whose actions are listed and where the chosen
    /// one is carried out.
    pub from: Context,
    pub query: String,
    /// Position in [`Palette::matches`] of the highlighted action.
    pub selected: usize,
    /// Each action with its keys, in the order the help overlay lists them.
    entries: Vec<(Vec<String>, Action)>,
    /// Each entry's description and name in lower case, worked out once
    /// so that filtering as the user types costs nothing.
    haystacks: Vec<String>,
}

impl Palette {
    pub(crate) fn new(from: Context, keymap: &KeyMap) -> Palette {
        // The palette itself, and the help and quit-from-anywhere keys
        // every screen has, would only crowd the list.
        let entries: Vec<(Vec<String>, Action)> = keymap
            .help(from)
            .into_iter()
            .filter(|(_, action)| !matches!(action, Action::Palette | Action::ToggleHelp | Action::ForceQuit))
            .collect();
        let haystacks = entries
            .iter()
            .map(|(_, action)| format!("{}\n{}", action.description(), action.name()).to_lowercase())
            .collect();
        Palette {
            from,
            query: String::new(),
            selected: 0,
            entries,
            haystacks,
        }
    }

    /// The entries every typed word is found in (in the description or
    /// the action's name, whatever the case), in the order listed; when
    /// none is, those where each word is found or is a slip of one of
    /// theirs ("dashbaord"), as the caseload's search forgives a slip.
    pub fn matches(&self) -> Vec<(&[String], Action)> {
        let query = self.query.to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        let found = |near: bool| -> Vec<(&[String], Action)> {
            self.entries
                .iter()
                .zip(&self.haystacks)
                .filter(|(_, haystack)| {
                    words.iter().all(|w| {
                        haystack.contains(w)
                            || (near
                                && haystack
                                    .split(|c: char| !c.is_alphanumeric())
                                    .any(|token| crate::domain::caseload::near_miss(w, token)))
                    })
                })
                .map(|((keys, action), _)| (keys.as_slice(), *action))
                .collect()
        };
        let exact = found(false);
        if exact.is_empty() { found(true) } else { exact }
    }

    /// What the palette's own keys do: move, narrow, close, or choose
    /// the highlighted action for the app to carry out on the screen
    /// beneath. It consumes every action, so nothing reaches a screen the
    /// user cannot see.
    pub fn apply(&mut self, action: Action) -> PaletteOutcome {
        match action {
            Action::MoveDown => self.move_by(1),
            Action::MoveUp => self.move_by(-1),
            Action::DeleteSearchChar => {
                self.query.pop();
                self.selected = 0;
            }
            Action::Cancel => return PaletteOutcome::Close,
            Action::ForceQuit => return PaletteOutcome::Quit,
            Action::Submit => {
                return match self.chosen() {
                    Some(action) => PaletteOutcome::Choose {
                        action,
                        from: self.from,
                    },
                    None => PaletteOutcome::NoMatch,
                };
            }
            _ => {}
        }
        PaletteOutcome::Stay
    }

    pub(crate) fn chosen(&self) -> Option<Action> {
        self.matches().get(self.selected).map(|(_, action)| *action)
    }

    pub(crate) fn type_char(&mut self, c: char) {
        if crate::domain::sanitise::may_type(c) {
            self.query.push(c);
            self.selected = 0;
        }
    }

    pub(crate) fn move_by(&mut self, delta: isize) {
        let last = self.matches().len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }
}
