//! Picking one of a known list by typing part of it: the one component
//! behind the form editor's person fields (worker, IRO, team, a form's
//! named people) and the dialogs' lists (a plan's pathway, role, stage
//! and outcome, the family network's names). Typing narrows the list to
//! the names with a word starting with what is typed (or whose username
//! does), in any case; Up and Down choose among them; Enter takes the
//! one chosen, or refuses a value that is none of them, naming the field.
//! It holds no store and draws nothing: `view::picker` draws it.

/// One name that may be picked, and the username it may also be typed as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub name: String,
    pub username: Option<String>,
}

impl Choice {
    pub fn named(name: impl Into<String>) -> Choice {
        Choice {
            name: name.into(),
            username: None,
        }
    }

    /// Whether `typed` (already lower case and trimmed) starts a word of
    /// the name, or starts the username: "wor" finds "Sam Worker", and so
    /// do "sam w" and "sworker".
    pub fn matches(&self, typed: &str) -> bool {
        if typed.is_empty() {
            return true;
        }
        let name = fold(&self.name);
        let starts_word = name.char_indices().any(|(at, _)| {
            let after_break = name[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            after_break && name[at..].starts_with(typed)
        });
        starts_word
            || self
                .username
                .as_ref()
                .is_some_and(|u| u.to_lowercase().starts_with(typed))
    }

    /// Whether `typed` is this choice exactly, by name or username.
    fn is(&self, typed: &str) -> bool {
        fold(&self.name) == typed || self.username.as_ref().is_some_and(|u| u.to_lowercase() == typed)
    }
}

/// Lower case, with a hyphen or underscore read as a space: "order made"
/// is typed for "order-made", as the command line's words allow.
fn fold(text: &str) -> String {
    text.trim().to_lowercase().replace(['-', '_'], " ")
}

/// The list while the user types into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickList {
    pub choices: Vec<Choice>,
    /// What has been typed to narrow the list.
    pub typed: String,
    /// Which of the matching choices is chosen (a place in `matching()`).
    pub selected: usize,
}

impl PickList {
    pub fn new(choices: Vec<Choice>) -> PickList {
        PickList {
            choices,
            typed: String::new(),
            selected: 0,
        }
    }

    /// A list of plain names, with no usernames.
    pub fn of_names(names: &[String]) -> PickList {
        PickList::new(names.iter().map(Choice::named).collect())
    }

    /// With `typed` as what narrows it, the choice exactly typed chosen
    /// (or else the first that matches).
    pub fn narrowed(mut self, typed: &str) -> PickList {
        self.set_typed(typed);
        self
    }

    fn key(&self) -> String {
        fold(&self.typed)
    }

    /// The choices that match what is typed, in the list's order.
    pub fn matching(&self) -> Vec<&Choice> {
        let key = self.key();
        self.choices.iter().filter(|c| c.matches(&key)).collect()
    }

    pub fn set_typed(&mut self, typed: &str) {
        self.typed = typed.to_string();
        let key = self.key();
        self.selected = self.matching().iter().position(|c| c.is(&key)).unwrap_or(0);
    }

    pub fn type_char(&mut self, c: char) {
        let typed = format!("{}{c}", self.typed);
        self.set_typed(&typed);
    }

    pub fn delete_char(&mut self) {
        let mut typed = self.typed.clone();
        typed.pop();
        self.set_typed(&typed);
    }

    /// With nothing typed, chooses the one `text` names (by name or
    /// username); `false` where it names none.
    pub fn select(&mut self, text: &str) -> bool {
        self.set_typed("");
        let key = fold(text);
        match self.choices.iter().position(|c| c.is(&key)) {
            Some(at) => {
                self.selected = at;
                true
            }
            None => false,
        }
    }

    /// Moves the choice; `false` when it is already at that end of the
    /// list (so that a dialog's arrow may move to the next field instead).
    pub fn move_by(&mut self, delta: isize) -> bool {
        let count = self.matching().len();
        let to = self.selected as isize + delta;
        if count == 0 || to < 0 || to >= count as isize {
            return false;
        }
        self.selected = to as usize;
        true
    }

    /// The name chosen now, if any matches.
    pub fn chosen(&self) -> Option<&str> {
        self.matching().get(self.selected).map(|c| c.name.as_str())
    }

    /// What Enter takes: the choice typed exactly, else the one chosen
    /// (with nothing typed, the one chosen with the arrows). Refuses,
    /// naming `field`, what matches no choice.
    pub fn take(&self, field: &str) -> Result<String, String> {
        let key = self.key();
        if let Some(exact) = self.choices.iter().find(|c| c.is(&key)) {
            return Ok(exact.name.clone());
        }
        self.chosen().map(str::to_string).ok_or_else(|| {
            format!(
                "{field}: \"{}\" is none of the {} known; type part of one and pick it",
                self.typed.trim(),
                self.choices.len()
            )
        })
    }

    /// Whether `typed` is one of the choices exactly, by name or username.
    pub fn knows(&self, typed: &str) -> bool {
        let key = fold(typed);
        self.choices.iter().any(|c| c.is(&key))
    }

    /// What leaving the field with `typed` in it takes, where no one was
    /// chosen from the list: the choice typed exactly, else the only one
    /// it matches. None, or several, is refused naming `field`: moving on
    /// must not keep a name no one has, nor guess between two.
    pub fn resolve(&self, field: &str, typed: &str) -> Result<String, String> {
        let list = self.clone().narrowed(typed);
        let key = fold(typed);
        if let Some(exact) = list.choices.iter().find(|c| c.is(&key)) {
            return Ok(exact.name.clone());
        }
        match list.matching().as_slice() {
            [one] => Ok(one.name.clone()),
            [] => list.take(field),
            several => Err(format!(
                "{field}: \"{}\" could be any of {}; type more of the name, or Enter to pick one",
                typed.trim(),
                several.len()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workers() -> PickList {
        PickList::new(vec![
            Choice {
                name: "Sam Worker".to_string(),
                username: Some("sworker".to_string()),
            },
            Choice {
                name: "Priya Shah".to_string(),
                username: Some("pshah".to_string()),
            },
            Choice {
                name: "Alex Samson".to_string(),
                username: Some("asamson".to_string()),
            },
        ])
    }

    fn names(list: &PickList) -> Vec<&str> {
        list.matching().iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn typing_narrows_to_word_starts_in_any_case() {
        let list = workers().narrowed("SAM");
        assert_eq!(names(&list), ["Sam Worker", "Alex Samson"]);
        assert_eq!(names(&workers().narrowed("wor")), ["Sam Worker"]);
        assert_eq!(names(&workers().narrowed("sam w")), ["Sam Worker"]);
        // Not the middle of a word.
        assert!(names(&workers().narrowed("orker")).is_empty());
        assert_eq!(names(&workers().narrowed("")).len(), 3);
    }

    #[test]
    fn the_username_is_matched_too() {
        assert_eq!(names(&workers().narrowed("psh")), ["Priya Shah"]);
        assert_eq!(
            workers().narrowed("pshah").take("Worker"),
            Ok("Priya Shah".to_string())
        );
    }

    #[test]
    fn up_and_down_choose_and_enter_takes_the_chosen() {
        let mut list = workers().narrowed("sam");
        assert_eq!(list.chosen(), Some("Sam Worker"));
        assert!(list.move_by(1));
        assert_eq!(list.chosen(), Some("Alex Samson"));
        assert!(!list.move_by(1), "already at the end");
        assert_eq!(list.take("Worker"), Ok("Alex Samson".to_string()));
        assert!(list.move_by(-1));
        assert!(!list.move_by(-1));
        assert_eq!(list.take("Worker"), Ok("Sam Worker".to_string()));
    }

    #[test]
    fn the_full_value_typed_is_taken_even_where_others_match() {
        let mut list = PickList::of_names(&[
            "Adoption".to_string(),
            "Adoption (fostering to adopt)".to_string(),
        ]);
        list.set_typed("adoption");
        assert_eq!(list.take("Pathway"), Ok("Adoption".to_string()));
        list.type_char(' ');
        list.type_char('(');
        assert_eq!(
            list.take("Pathway"),
            Ok("Adoption (fostering to adopt)".to_string())
        );
    }

    #[test]
    fn an_unknown_value_is_refused_naming_the_field() {
        let refusal = workers().narrowed("Zed").take("IRO").unwrap_err();
        assert!(
            refusal.starts_with("IRO: \"Zed\" is none of the 3 known"),
            "{refusal}"
        );
        assert_eq!(workers().narrowed("").take("IRO"), Ok("Sam Worker".to_string()));
    }

    #[test]
    fn a_hyphen_may_be_typed_as_a_space() {
        let list = PickList::of_names(&["order-made".to_string(), "plan-changed".to_string()]);
        assert_eq!(
            list.clone().narrowed("Order made").take("Outcome"),
            Ok("order-made".to_string())
        );
        assert_eq!(
            list.narrowed("changed").take("Outcome"),
            Ok("plan-changed".to_string())
        );
    }

    #[test]
    fn leaving_a_field_takes_the_exact_or_only_match_and_refuses_the_rest() {
        assert_eq!(workers().resolve("Worker", "priya"), Ok("Priya Shah".to_string()));
        assert_eq!(
            workers().resolve("Worker", "sworker"),
            Ok("Sam Worker".to_string())
        );
        let none = workers().resolve("Worker", "Zed").unwrap_err();
        assert!(
            none.starts_with("Worker: \"Zed\" is none of the 3 known"),
            "{none}"
        );
        let several = workers().resolve("Worker", "sam").unwrap_err();
        assert!(several.contains("could be any of 2"), "{several}");
    }

    #[test]
    fn deleting_widens_the_list_again() {
        let mut list = workers().narrowed("pr");
        assert_eq!(names(&list), ["Priya Shah"]);
        list.delete_char();
        list.delete_char();
        assert_eq!(list.matching().len(), 3);
    }
}
