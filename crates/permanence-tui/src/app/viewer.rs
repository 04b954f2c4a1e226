//! The app's side of the viewer (a text to read, scroll, find in and
//! save, over the screen) and of the past meetings whose minutes it
//! shows; and each team's short form, for columns too narrow for its
//! name. Kept apart from `app.rs` so that file stays readable.

use super::{App, Effect};
use crate::action::Action;
use crate::domain::caseload::CaseloadRow;
use crate::modal::{Modal, Picker, PickerPurpose};

/// What `s` in the viewer says when there is nowhere to save: what to
/// ask for, in the words of the settings file.
pub const NO_EXPORT_FOLDER: &str = "Nowhere to save: ask your administrator to set export_folder = \"/a/folder\" in config.toml (permanence config check checks it)";

impl App {
    /// The viewer's keys: it scrolls, saves, closes, and consumes every
    /// other action, since it covers the screen they would act on. Help
    /// opens over it, listing its keys.
    pub(super) fn apply_to_viewer(&mut self, action: Action) -> Option<Effect> {
        use crate::viewer::ViewerOutcome;
        if action == Action::ToggleHelp {
            self.layers.show_help(true);
            return None;
        }
        let size = self.size;
        let viewer = self.layers.viewer_mut()?;
        match viewer.apply(action, size) {
            ViewerOutcome::Stay => None,
            ViewerOutcome::NotFound => {
                let query = viewer.query.clone();
                self.message = Some(format!("{query:?} is not found further on; g goes to the top"));
                None
            }
            ViewerOutcome::Quit => Some(Effect::Quit),
            ViewerOutcome::Close => {
                self.layers.set_viewer(None);
                None
            }
            ViewerOutcome::Save => match &self.export_folder {
                Some(folder) => Some(Effect::SaveText {
                    folder: folder.clone(),
                    file_name: viewer.file_name.clone(),
                    text: viewer.text.clone(),
                    source: viewer.source.clone(),
                }),
                None => {
                    self.message = Some(NO_EXPORT_FOLDER.to_string());
                    None
                }
            },
        }
    }

    /// `!`: the status message just shown, whole, in the viewer, where
    /// the lines above the status line had room for only part of it.
    pub(super) fn read_message(&mut self, shown: Option<String>) {
        let Some(text) = shown.filter(|m| !m.trim().is_empty()) else {
            self.message = Some("There is no message to read".to_string());
            return;
        };
        let source = crate::viewer::Source {
            what: "message".to_string(),
            reference: None,
            children: 0,
        };
        let day = self.session.today.format("%Y-%m-%d");
        self.layers.set_viewer(Some(crate::viewer::Viewer::new(
            "The whole message",
            text,
            format!("message-{day}.txt"),
            source,
        )));
    }

    /// The meetings held, (what the list shows, the meeting's number),
    /// newest first, to pick one's minutes from.
    pub fn pick_minutes(&mut self, meetings: Vec<(String, String)>) {
        self.layers.set_dialog(Some(Modal::Picker(Picker {
            title: "Read the minutes of".into(),
            options: meetings,
            selected: 0,
            purpose: PickerPurpose::Minutes,
        })));
    }

    /// Opens a text to read and save over the screen.
    pub fn show_viewer(&mut self, viewer: crate::viewer::Viewer) {
        self.layers.set_viewer(Some(viewer));
    }

    /// The text open in the viewer, if any.
    pub fn viewer(&self) -> Option<&crate::viewer::Viewer> {
        self.layers.viewer()
    }

    /// The administrator's team short names (`teams.toml`, team name to
    /// short name), used in place of the computed ones from now on.
    pub fn set_team_shorts(&mut self, given: std::collections::BTreeMap<String, String>) {
        self.given_team_names = given;
        let teams: Vec<&str> = self.team_names.keys().map(String::as_str).collect();
        self.team_names = crate::domain::fit::short_team_names_given(teams, &self.given_team_names);
    }

    /// The administrator's team short names, for pictures that work out
    /// their own (the dashboard's teams).
    pub fn given_team_names(&self) -> &std::collections::BTreeMap<String, String> {
        &self.given_team_names
    }

    /// A team's name in `columns`, told apart from the other teams on the
    /// caseload (`domain::fit::team_in`).
    pub fn team_in(&self, team: &str, columns: usize) -> String {
        let teams: Vec<&str> = self.team_names.keys().map(String::as_str).collect();
        crate::domain::fit::team_in(team, &teams, &self.team_names, columns)
    }
}

/// The short form of every team on the caseload, the administrator's
/// (`given`) where there is one.
pub(super) fn short_team_names(
    rows: &[CaseloadRow],
    given: &std::collections::BTreeMap<String, String>,
) -> std::collections::BTreeMap<String, String> {
    crate::domain::fit::short_team_names_given(rows.iter().filter_map(|r| r.team.as_deref()), given)
}
