use super::*;
use crate::domain::form::parse_file;

const FORM: &str = r#"
kind = "test"
title = "Test form"
source = "tests"
provenance = "transcribed"

[[section]]
id = "one"
title = "One"

[[section.field]]
id = "name"
label = "Name"
kind = "text"
required = true

[[section.field]]
id = "met"
label = "Met on"
kind = "date"

[[section.field]]
id = "outcome"
label = "Outcome"
kind = "choice"
options = ["agreed", "refused"]

[[section.field]]
id = "needs"
label = "Needs"
kind = "multichoice"
options = ["education", "health", "contact"]

[[section.field]]
id = "story"
label = "Story"
kind = "multiline"

[[section.field]]
id = "actions"
label = "Actions"
kind = "table"

[[section.field.column]]
id = "what"
label = "What"
kind = "text"
required = true

[[section.field.column]]
id = "by"
label = "By"
kind = "date"
"#;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn editor() -> FormEditor {
    let def = parse_file("test.toml", FORM).unwrap();
    FormEditor::new(def, ChildId(1), "A Child (C1)".into(), today(), &[])
}

fn typed(e: &mut FormEditor, text: &str) {
    for c in text.chars() {
        e.type_char(c);
    }
}

#[test]
fn prefilled_text_starts_the_field_with_the_cursor_at_its_end() {
    let def = parse_file("test.toml", FORM).unwrap();
    let e = FormEditor::new(
        def,
        ChildId(1),
        "x".into(),
        today(),
        &[("name".into(), "Ada".into())],
    );
    assert_eq!(e.slots[0], Slot::Text("Ada".into()));
    assert_eq!(e.cursor, 3);
}

#[test]
fn typing_goes_where_the_cursor_is() {
    let mut e = editor();
    typed(&mut e, "Ad");
    e.apply(Action::CursorLeft);
    typed(&mut e, "l");
    e.apply(Action::LineEnd);
    typed(&mut e, "a");
    assert_eq!(e.slots[0], Slot::Text("Alda".into()));
    e.apply(Action::LineStart);
    e.apply(Action::CursorRight);
    e.apply(Action::CursorRight);
    e.apply(Action::DeleteChar);
    assert_eq!(e.slots[0], Slot::Text("Ada".into()));
    assert!(e.unsaved);
}

#[test]
fn enter_starts_a_new_line_only_in_a_multiline_field() {
    let mut e = editor();
    e.apply(Action::Activate); // name: moves on
    assert_eq!(e.focus, 1);
    e.focus = 4;
    e.moved();
    typed(&mut e, "one");
    e.apply(Action::Activate);
    typed(&mut e, "two");
    assert_eq!(e.slots[4], Slot::Text("one\ntwo".into()));
}

#[test]
fn a_choice_is_picked_from_its_options_and_moves_on() {
    let mut e = editor();
    e.focus = 2;
    e.apply(Action::Activate);
    assert_eq!(e.chooser.as_ref().map(|c| c.options.len()), Some(2));
    e.apply(Action::MoveDown);
    e.apply(Action::Submit);
    assert_eq!(e.slots[2], Slot::Text("refused".into()));
    assert!(e.chooser.is_none());
    assert_eq!(e.focus, 3);
    // Several may be ticked in a multiple choice, and reopening shows them.
    e.apply(Action::Activate);
    e.apply(Action::ToggleChoice);
    e.apply(Action::MoveDown);
    e.apply(Action::MoveDown);
    e.apply(Action::ToggleChoice);
    e.apply(Action::Submit);
    assert_eq!(e.slots[3], Slot::Text("education, contact".into()));
    e.apply(Action::Activate);
    assert_eq!(e.chooser.as_ref().unwrap().ticked, vec![true, false, true]);
    e.apply(Action::Cancel);
    assert_eq!(e.slots[3], Slot::Text("education, contact".into()));
}

#[test]
fn table_rows_are_added_filled_and_deleted() {
    let mut e = editor();
    e.focus = 5;
    e.apply(Action::Activate); // an empty table gets its first row
    typed(&mut e, "Visit");
    e.apply(Action::NextField);
    typed(&mut e, "01/12/2026");
    e.apply(Action::AddRow);
    typed(&mut e, "Call");
    assert_eq!(
        e.slots[5],
        Slot::Rows(vec![
            vec!["Visit".into(), "01/12/2026".into()],
            vec!["Call".into(), String::new()]
        ])
    );
    e.apply(Action::DeleteRow);
    assert_eq!(
        e.slots[5],
        Slot::Rows(vec![vec!["Visit".into(), "01/12/2026".into()]])
    );
    // Esc leaves the table, not the form.
    e.apply(Action::Cancel);
    assert_eq!(e.cell, None);
    assert!(!e.leaving);
    e.apply(Action::Cancel);
    assert!(e.leaving);
}

#[test]
fn submitting_stops_at_the_first_problem_in_form_order() {
    let mut e = editor();
    e.focus = 1;
    e.moved();
    typed(&mut e, "31/02/2026");
    e.focus = 5;
    e.apply(Action::Activate);
    e.apply(Action::NextField);
    typed(&mut e, "+2w"); // a row with a date but no "what"
    assert_eq!(e.apply(Action::Submit), None);
    assert_eq!((e.focus, e.cell), (0, None), "name is required and comes first");
    let messages: Vec<&str> = e.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert_eq!(messages[0], "is required");
    assert!(messages[1].contains("31/02/2026"), "{messages:?}");
    assert_eq!(messages[2], "What: is required");
    // Fixing a field clears its problem at once.
    typed(&mut e, "Ada");
    assert!(e.problems.iter().all(|p| p.field != 0));
}

#[test]
fn a_valid_form_submits_as_checked_values() {
    let mut e = editor();
    typed(&mut e, "Ada");
    e.apply(Action::NextField);
    typed(&mut e, "today");
    e.focus = 5;
    e.apply(Action::Activate);
    typed(&mut e, "Visit");
    e.apply(Action::NextField);
    typed(&mut e, "+1w");
    e.apply(Action::AddRow); // an empty row is not a row
    // Ctrl-S asks first; Esc goes back to the form; asked again, Enter submits.
    assert_eq!(e.apply(Action::Submit), None, "{:?}", e.problems);
    assert!(e.confirming, "a complete form asks before it is submitted");
    e.apply(Action::Cancel);
    assert!(!e.confirming && !e.leaving, "Esc goes back to filling in");
    assert_eq!(e.apply(Action::Submit), None);
    e.type_char('x');
    assert!(e.confirming, "typing while asked changes nothing");
    let Some(EditorOutcome::Submit { data, json }) = e.apply(Action::Submit) else {
        panic!("should submit: {:?}", e.problems);
    };
    assert_eq!(data.get("met"), Some(&FieldValue::Date(today())));
    assert_eq!(json["name"], "Ada");
    assert_eq!(json["actions"][0]["by"], "2026-11-30");
    assert_eq!(json["actions"].as_array().unwrap().len(), 1);
}

#[test]
fn a_draft_keeps_every_character_as_typed() {
    let mut e = editor();
    typed(&mut e, "Ada ");
    e.apply(Action::NextField);
    typed(&mut e, "31/02/20"); // half-typed, not yet a date
    e.focus = 5;
    e.apply(Action::Activate);
    typed(&mut e, "Visit\u{e9}");
    let draft = e.draft_json();
    let mut back = editor();
    assert!(back.restore(&draft));
    assert_eq!(back.slots, e.slots);
    assert_eq!(back.focus, 5);
}

#[test]
fn a_draft_of_values_is_read_as_the_user_would_type_them() {
    let mut e = editor();
    let stored =
        serde_json::json!({"name": "Ada", "met": "2026-11-02", "actions": [{"what": "Visit", "by": null}]});
    assert!(e.restore(&stored));
    assert_eq!(e.slots[0], Slot::Text("Ada".into()));
    assert_eq!(e.slots[1], Slot::Text("02/11/2026".into()));
    assert_eq!(e.slots[5], Slot::Rows(vec![vec!["Visit".into(), String::new()]]));
}

#[test]
fn leaving_asks_first() {
    let mut e = editor();
    typed(&mut e, "A");
    assert_eq!(e.apply(Action::Cancel), None);
    assert!(e.leaving);
    // Typing while asked changes nothing.
    e.type_char('x');
    assert_eq!(e.slots[0], Slot::Text("A".into()));
    assert_eq!(e.apply(Action::KeepDraft), Some(EditorOutcome::Keep));
    e.leaving = true;
    assert_eq!(e.apply(Action::DiscardDraft), Some(EditorOutcome::Discard));
}

#[test]
fn a_paste_keeps_line_breaks_only_where_they_belong() {
    let mut e = editor();
    e.paste("Ada\r\nLovelace");
    assert_eq!(e.slots[0], Slot::Text("Ada Lovelace".into()));
    e.focus = 4;
    e.moved();
    let long = "word ".repeat(2000);
    e.paste(&format!("first\r\nsecond\n{long}"));
    let Slot::Text(story) = &e.slots[4] else { panic!() };
    assert!(story.starts_with("first\nsecond\nword word"));
    assert_eq!(story.chars().count(), 13 + 10_000, "no length limit");
}

#[test]
fn the_cursor_moves_by_word_and_by_line() {
    let mut e = editor();
    e.focus = 4;
    e.moved();
    typed(&mut e, "one two");
    e.apply(Action::Activate);
    typed(&mut e, "three four");
    e.apply(Action::WordLeft);
    assert_eq!(e.cursor, 14, "start of four");
    e.apply(Action::WordLeft);
    e.apply(Action::WordLeft);
    assert_eq!(e.cursor, 4, "start of two, across the line break");
    e.apply(Action::WordRight);
    assert_eq!(e.cursor, 8, "start of three");
    // Up and down move between the text's lines, keeping the column...
    e.apply(Action::MoveUp);
    assert_eq!(e.cursor, 0);
    e.apply(Action::CursorRight);
    e.apply(Action::MoveDown);
    assert_eq!(e.cursor, 9);
    // ...and leave the field from its last line.
    e.apply(Action::MoveDown);
    assert_eq!(e.focus, 5);
}

#[test]
fn esc_with_nothing_typed_leaves_without_asking() {
    let mut e = editor();
    assert_eq!(e.apply(Action::Cancel), Some(EditorOutcome::Discard));
    e.type_char('x');
    assert_eq!(e.apply(Action::Cancel), None);
    assert!(e.leaving);
}

#[test]
fn a_person_is_picked_from_the_childs_people() {
    let def = parse_file(
        "t.toml",
        "kind = \"t\"\ntitle = \"T\"\nsource = \"s\"\nprovenance = \"transcribed\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n[[section.field]]\nid = \"carer\"\nlabel = \"Carer\"\nkind = \"person\"\n",
    )
    .unwrap();
    let mut e = FormEditor::new(def, ChildId(1), "x".into(), today(), &[]);
    e.people = vec!["Pat Gran".into(), "Sam Worker".into()];
    e.apply(Action::Activate);
    e.apply(Action::MoveDown);
    e.apply(Action::Submit);
    assert_eq!(e.slots[0], Slot::Text("Sam Worker".into()));
}

#[test]
fn options_holding_commas_are_ticked_again_on_reopening() {
    let def = parse_file(
        "t.toml",
        "kind = \"t\"\ntitle = \"T\"\nsource = \"s\"\nprovenance = \"transcribed\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n[[section.field]]\nid = \"f\"\nlabel = \"F\"\nkind = \"multichoice\"\noptions = [\"Reliable, punctual\", \"Housing\"]\n",
    )
    .unwrap();
    let mut e = FormEditor::new(def, ChildId(1), "x".into(), today(), &[]);
    e.apply(Action::Activate);
    e.apply(Action::ToggleChoice);
    e.apply(Action::MoveDown);
    e.apply(Action::ToggleChoice);
    e.apply(Action::Submit);
    assert_eq!(e.slots[0], Slot::Text("Reliable, punctual, Housing".into()));
    e.apply(Action::Activate);
    assert_eq!(e.chooser.as_ref().unwrap().ticked, vec![true, true]);
    assert!(e.check().1.is_empty(), "{:?}", e.check().1);
}

fn person_editor() -> FormEditor {
    let def = parse_file(
        "t.toml",
        "kind = \"t\"\ntitle = \"T\"\nsource = \"s\"\nprovenance = \"transcribed\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n[[section.field]]\nid = \"worker\"\nlabel = \"Worker\"\nkind = \"person\"\n[[section.field]]\nid = \"note\"\nlabel = \"Note\"\nkind = \"text\"\n",
    )
    .unwrap();
    let mut e = FormEditor::new(def, ChildId(1), "x".into(), today(), &[]);
    e.people = vec!["Pat Gran".into(), "Sam Worker".into(), "Alex Samson".into()];
    e.usernames = vec![("Sam Worker".into(), "sworker".into())];
    e
}

#[test]
fn typing_into_a_person_field_narrows_its_list() {
    let mut e = person_editor();
    e.type_char('s');
    e.type_char('a');
    let list = e.picking.as_ref().expect("typing opens the list");
    let names: Vec<&str> = list.matching().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Sam Worker", "Alex Samson"]);
    assert_eq!(
        e.slots[0],
        Slot::Text("sa".into()),
        "the draft keeps what is typed"
    );
    e.apply(Action::MoveDown);
    e.apply(Action::Activate);
    assert_eq!(e.slots[0], Slot::Text("Alex Samson".into()));
    assert!(e.picking.is_none());
    assert_eq!(e.focus, 1, "Enter moves on");
}

#[test]
fn the_full_name_or_username_typed_then_enter_is_taken() {
    let mut e = person_editor();
    e.paste("sam worker");
    e.apply(Action::Activate);
    assert_eq!(e.slots[0], Slot::Text("Sam Worker".into()));
    let mut e = person_editor();
    e.paste("sworker");
    e.apply(Action::Activate);
    assert_eq!(e.slots[0], Slot::Text("Sam Worker".into()));
}

#[test]
fn an_unknown_person_is_refused_naming_the_field() {
    let mut e = person_editor();
    e.paste("Zed");
    e.apply(Action::Activate);
    assert_eq!(e.focus, 0, "stays on the field");
    let problem = e.problem_with(0, None).expect("refused");
    assert!(
        problem.starts_with("Worker: \"Zed\" is none of the 3 known"),
        "{problem}"
    );
    // Backspace widens the list again, and the refusal goes.
    e.apply(Action::ClearField);
    assert_eq!(e.picking.as_ref().unwrap().matching().len(), 3);
    assert!(e.problem_with(0, None).is_none());
}

#[test]
fn esc_closes_the_list_and_keeps_what_was_typed() {
    let mut e = person_editor();
    e.type_char('p');
    e.apply(Action::Cancel);
    assert!(e.picking.is_none());
    assert!(!e.leaving, "the first Esc only closes the list");
    assert_eq!(e.slots[0], Slot::Text("p".into()));
}

#[test]
fn enter_on_a_name_already_there_keeps_it_or_refuses_one_unknown() {
    let mut e = person_editor();
    e.slots[0] = Slot::Text("sworker".into());
    e.apply(Action::Activate);
    assert_eq!(e.picking.as_ref().unwrap().chosen(), Some("Sam Worker"));
    assert_eq!(e.picking.as_ref().unwrap().matching().len(), 3, "the whole list");
    e.apply(Action::Activate);
    assert_eq!(e.slots[0], Slot::Text("Sam Worker".into()));
    let mut e = person_editor();
    e.slots[0] = Slot::Text("Someone Else".into());
    e.apply(Action::Activate);
    e.apply(Action::Activate);
    assert_eq!(
        e.slots[0],
        Slot::Text("Someone Else".into()),
        "not swapped for the first"
    );
    assert!(e.problem_with(0, None).is_some());
}

/// A form that is not the record: its person field was let go unchecked
/// on Tab (issue 18); leaving and submitting now check it as Enter does.
#[test]
fn any_forms_person_field_is_checked_on_leaving_and_on_submitting() {
    let mut e = person_editor();
    assert!(e.record.is_none(), "not the record form");
    e.paste("Zed");
    e.apply(Action::NextField);
    assert_eq!(e.focus, 0, "Tab keeps the cursor on the field");
    let problem = e.problem_with(0, None).expect("refused");
    assert!(problem.starts_with("Worker: \"Zed\" is none of"), "{problem}");
    // Part of the one name it matches is taken as that name.
    let mut e = person_editor();
    e.paste("pat");
    e.apply(Action::NextField);
    assert_eq!(e.focus, 1);
    assert_eq!(e.slots[0], Slot::Text("Pat Gran".into()));
    // Submitting checks it too, where the list was closed with Esc.
    let mut e = person_editor();
    e.paste("Zed");
    e.apply(Action::Cancel);
    e.apply(Action::Submit);
    assert!(!e.confirming, "not asked to submit");
    assert!(e.problem_with(0, None).is_some());
    // A person field with no list at all takes what is typed.
    let mut e = person_editor();
    e.people.clear();
    e.paste("Zed");
    e.apply(Action::NextField);
    assert_eq!(e.focus, 1);
}
