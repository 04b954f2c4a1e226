//! Form definitions, every field kind's input, and JSON in and out.

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

const SMALL: &str = r#"
kind = "small"
title = "Small form"
source = "Test"
provenance = "transcribed"

[[section]]
id = "details"
title = "Details"

[[section.field]]
id = "worker"
label = "Worker"
kind = "person"
required = true
prefill = "user"

[[section.field]]
id = "date"
label = "Date"
kind = "date"
required = true

[[section.field]]
id = "request_type"
label = "Type"
kind = "choice"
options = ["allowance", "grant", "loan"]

[[section.field]]
id = "needs"
label = "Needs"
kind = "multichoice"
options = ["Health", "Education"]

[[section.field]]
id = "contract"
label = "Contract?"
kind = "yesno"

[[section.field]]
id = "amount"
label = "Amount"
kind = "money"

[[section.field]]
id = "nights"
label = "Nights"
kind = "number"

[[section.field]]
id = "story"
label = "Story"
kind = "multiline"

[[section.field]]
id = "decisions"
label = "Decisions"
kind = "table"

[[section.field.column]]
id = "decision"
label = "Decision"
kind = "text"
required = true

[[section.field.column]]
id = "target_date"
label = "Target date"
kind = "date"
"#;

fn small() -> FormDef {
    parse_file("small.toml", SMALL).unwrap()
}

#[test]
fn a_form_file_reads_as_written() {
    let form = small();
    assert_eq!(form.fields().count(), 9);
    let worker = form.field("worker").unwrap();
    assert_eq!(
        (worker.kind, worker.required, worker.prefill),
        (FieldKind::Person, true, Some(Prefill::User))
    );
    assert_eq!(
        form.field("request_type").unwrap().options,
        ["allowance", "grant", "loan"]
    );
    assert_eq!(form.field("decisions").unwrap().columns.len(), 2);
}

#[test]
fn a_wrong_form_file_is_refused_with_lines() {
    let text = "kind = \"bad\"\ntitle = \"B\"\nsource = \"S\"\nprovenance = \"transcribed\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n\
                [[section.field]]\nid = \"Not Snake\"\nlabel = \"A\"\nkind = \"text\"\noptions = [\"x\"]\n\
                [[section.field]]\nid = \"c\"\nlabel = \"C\"\nkind = \"choice\"\n\
                [[section.field]]\nid = \"c\"\nlabel = \"D\"\nkind = \"colour\"\n";
    let errors: Vec<String> = parse_file("bad.toml", text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("bad.toml:9: id: \"Not Snake\" must be snake_case")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("bad.toml:12: options: only choice")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("field \"c\" is a choice but lists no options")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("bad.toml:20: kind: \"colour\" is not a field kind")),
        "{errors:#?}"
    );
    let unknown = parse_file(
        "x.toml",
        "kind = \"x\"\ntitle = \"X\"\nsource = \"S\"\ncolour = 1\n",
    )
    .unwrap_err();
    assert!(
        unknown[0]
            .to_string()
            .starts_with("x.toml:4: unknown field `colour`"),
        "{}",
        unknown[0]
    );
}

#[test]
fn every_field_kind_reads_what_people_type() {
    let form = small();
    let input = |id: &str, text: &str| parse_input(form.field(id).unwrap(), text, today());
    assert_eq!(
        input("date", "31/01/2026"),
        Ok(FieldValue::Date(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()))
    );
    assert_eq!(
        input("date", "+2w"),
        Ok(FieldValue::Date(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()))
    );
    assert_eq!(
        input("date", "31/02/2025"),
        Err("31/02/2025 is not a date".into())
    );
    assert_eq!(
        input("request_type", "Grant"),
        Ok(FieldValue::Choices(vec!["grant".into()]))
    );
    assert!(
        input("request_type", "gift")
            .unwrap_err()
            .contains("is not one of: allowance, grant, loan")
    );
    assert_eq!(
        input("needs", "education, health"),
        Ok(FieldValue::Choices(vec!["Education".into(), "Health".into()]))
    );
    assert_eq!(input("contract", "y"), Ok(FieldValue::YesNo(true)));
    assert!(input("contract", "maybe").is_err());
    assert_eq!(
        input("amount", "£10,000.50"),
        Ok(FieldValue::Money(Pence(1_000_050)))
    );
    assert!(input("amount", "10.001").is_err());
    assert_eq!(input("nights", "1,200"), Ok(FieldValue::Number(1200)));
    assert!(input("nights", "1.5").unwrap_err().contains("not a whole number"));
    assert_eq!(
        input("story", "line one\nline two\n\n"),
        Ok(FieldValue::Text("line one\nline two".into()))
    );
    assert_eq!(
        input("worker", "  Alice\u{1b}[31m Smith "),
        Ok(FieldValue::Text("Alice[31m Smith".into()))
    );
    assert_eq!(input("story", "   "), Ok(FieldValue::Empty));
}

#[test]
fn the_template_is_a_valid_form_and_json_round_trips() {
    let form = small();
    let template = template(&form, today());
    assert_eq!(template["amount"], "1250.00");
    assert_eq!(template["decisions"][0]["target_date"], "2026-11-23");
    let data = from_json(&form, &template, today()).unwrap();
    assert_eq!(to_json(&form, &data), template);
}

#[test]
fn json_problems_name_every_bad_field() {
    let form = small();
    let json = serde_json::json!({
        "worker": "Alice",
        "date": "31/02/2025",
        "request_type": "gift",
        "amount": 10000,
        "contract": "perhaps",
        "shoe_size": 9,
        "decisions": [{"decision": "", "target_date": "soon", "colour": "red"}]
    });
    let problems: Vec<String> = from_json(&form, &json, today())
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    for expected in [
        "shoe_size: is not a field of the small form",
        "date: 31/02/2025 is not a date",
        "request_type: gift is not one of: allowance, grant, loan",
        "amount: write money as a string of pounds and pence, such as \"10000.00\"",
        "contract: perhaps is not yes or no",
        "decisions[1].colour: is not a column of this table",
        "decisions[1].decision: is required",
    ] {
        assert!(
            problems.iter().any(|p| p == expected),
            "missing {expected:?} in {problems:#?}"
        );
    }
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("decisions[1].target_date: soon")),
        "{problems:#?}"
    );
    let empty = from_json(&form, &serde_json::json!({}), today()).unwrap_err();
    let fields: Vec<&str> = empty.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["worker", "date"], "the required fields, in order");
}

#[test]
fn every_shipped_form_loads_and_its_template_is_valid() {
    let shipped = [
        (
            "needs-assessment.toml",
            include_str!("../../../../data/forms/needs-assessment.toml"),
        ),
        (
            "sgo-support-plan.toml",
            include_str!("../../../../data/forms/sgo-support-plan.toml"),
        ),
        (
            "ppm-record.toml",
            include_str!("../../../../data/forms/ppm-record.toml"),
        ),
        (
            "financial-request.toml",
            include_str!("../../../../data/forms/financial-request.toml"),
        ),
        (
            "cpr-audit.toml",
            include_str!("../../../../data/forms/cpr-audit.toml"),
        ),
    ];
    for (file, text) in shipped {
        let form = parse_file(file, text).unwrap_or_else(|e| panic!("{file}: {e:#?}"));
        let mut template = template(&form, today());
        // The fields taken from the child's record are left for the
        // import to fill from it; filled, the template is a valid form.
        for field in form.fields() {
            if matches!(
                field.prefill,
                Some(Prefill::FullName | Prefill::Reference | Prefill::DateOfBirth)
            ) {
                assert_eq!(template[&field.id], Json::Null, "{file}: {}", field.id);
                template[&field.id] = match field.kind {
                    FieldKind::Date => json!("2019-03-04"),
                    _ => json!("Ada Example"),
                };
            }
        }
        assert!(
            from_json(&form, &template, today()).is_ok(),
            "{file}'s template is not valid"
        );
    }
    let financial = parse_file("financial-request.toml", shipped[3].1).unwrap();
    assert_eq!(
        financial.field("request_type").unwrap().options,
        ["allowance", "grant", "loan"]
    );
    assert_eq!(financial.field("amount").unwrap().kind, FieldKind::Money);
    let cpr = parse_file("cpr-audit.toml", shipped[4].1).unwrap();
    assert_eq!(
        cpr.fields()
            .filter(|f| f.options == ["Yes", "No", "Partial"])
            .count(),
        34
    );
    let ppm = parse_file("ppm-record.toml", shipped[2].1).unwrap();
    assert!(ppm.field("meeting_date").unwrap().required);
}

#[test]
fn multi_choice_options_may_hold_commas() {
    let field = FieldDef {
        id: "f".into(),
        label: "F".into(),
        kind: FieldKind::MultiChoice,
        required: false,
        help: None,
        options: vec!["Reliable, punctual".into(), "Reliable".into(), "Housing".into()],
        prefill: None,
        shared: false,
        columns: vec![],
        origin: Origin::Source,
        options_own: None,
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let parse = |t: &str| parse_input(&field, t, today);
    assert_eq!(
        parse("Reliable, punctual, housing"),
        Ok(FieldValue::Choices(vec![
            "Reliable, punctual".into(),
            "Housing".into()
        ]))
    );
    assert_eq!(
        parse("reliable"),
        Ok(FieldValue::Choices(vec!["Reliable".into()]))
    );
    assert_eq!(
        parse("Housing, Reliable"),
        Ok(FieldValue::Choices(vec!["Housing".into(), "Reliable".into()]))
    );
    assert!(
        parse("Housing, Garden")
            .unwrap_err()
            .starts_with("Garden is not one of")
    );
}

// ----- provenance -----

/// The errors of a form file, as the loader words them.
fn errors_of(file: &str, text: &str) -> Vec<String> {
    parse_file(file, text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

const ONE_FIELD: &str =
    "[[section]]\nid = \"s\"\ntitle = \"S\"\n[[section.field]]\nid = \"f\"\nlabel = \"F\"\nkind = \"text\"\n";

#[test]
fn a_form_that_does_not_say_where_it_comes_from_is_refused_at_its_source_line() {
    let text = format!("kind = \"x\"\ntitle = \"X\"\nsource = \"Somewhere\"\n{ONE_FIELD}");
    let errors = errors_of("x.toml", &text);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("x.toml:3: provenance: missing") && e.contains("\"described\"")),
        "{errors:#?}"
    );
    let text = format!("kind = \"x\"\ntitle = \"X\"\nsource = \"S\"\nprovenance = \"copied\"\n{ONE_FIELD}");
    let errors = errors_of("x.toml", &text);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("x.toml:4: provenance: \"copied\" is not known")),
        "{errors:#?}"
    );
}

#[test]
fn a_misspelt_provenance_key_is_refused_with_its_line() {
    let text = "kind = \"x\"\ntitle = \"X\"\nsource = \"S\"\nprovenance = \"transcribed\"\n\
                [[section]]\nid = \"s\"\ntitle = \"S\"\n[[section.field]]\nid = \"f\"\nlabel = \"F\"\n\
                kind = \"text\"\nown_desing = \"ours\"\n";
    let errors = errors_of("x.toml", text);
    assert!(
        errors[0].starts_with("x.toml:12: unknown field `own_desing`"),
        "{errors:#?}"
    );
}

#[test]
fn a_described_form_says_where_each_section_and_field_comes_from() {
    let text = "kind = \"x\"\ntitle = \"X\"\nsource = \"S\"\nprovenance = \"described\"\n\
                [[section]]\nid = \"s\"\ntitle = \"S\"\nown_design = \"no headings\"\n\
                [[section.field]]\nid = \"quoted\"\nlabel = \"Q\"\nkind = \"text\"\nsource = \"“the words”\"\n\
                [[section.field]]\nid = \"silent\"\nlabel = \"F\"\nkind = \"text\"\n\
                [[section.field]]\nid = \"both\"\nlabel = \"B\"\nkind = \"text\"\nsource = \"a\"\nown_design = \"b\"\n\
                [[section.field]]\nid = \"blank\"\nlabel = \"E\"\nkind = \"text\"\nown_design = \" \"\n";
    let errors = errors_of("x.toml", text);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0].starts_with("x.toml:15: field \"silent\": the form is described, not transcribed"),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with("x.toml:22: field \"both\": source and own_design cannot both be given"),
        "{errors:#?}"
    );
    assert!(
        errors[2].starts_with("x.toml:28: field \"blank\": own_design is empty"),
        "{errors:#?}"
    );
}

#[test]
fn options_of_the_products_own_belong_to_a_choice_of_the_sources() {
    let text = "kind = \"x\"\ntitle = \"X\"\nsource = \"S\"\nprovenance = \"transcribed\"\n\
                [[section]]\nid = \"s\"\ntitle = \"S\"\n\
                [[section.field]]\nid = \"t\"\nlabel = \"T\"\nkind = \"text\"\noptions_own_design = \"why\"\n\
                [[section.field]]\nid = \"c\"\nlabel = \"C\"\nkind = \"choice\"\noptions = [\"A\"]\n\
                own_design = \"ours\"\noptions_own_design = \"ours too\"\n";
    let errors = errors_of("x.toml", text);
    assert!(
        errors[0].starts_with("x.toml:12: options_own_design: only choice and multichoice"),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with("x.toml:19: options_own_design: the whole field is already"),
        "{errors:#?}"
    );
}

#[test]
fn the_products_own_parts_are_marked_and_say_why() {
    let text = "kind = \"x\"\ntitle = \"X\"\nsource = \"Appendix 9\"\nprovenance = \"transcribed\"\n\
                [[section]]\nid = \"s\"\ntitle = \"Details\"\nown_design = \"the form has no heading here\"\n\
                [[section.field]]\nid = \"seen\"\nlabel = \"Seen\"\nkind = \"text\"\n\
                [[section.field]]\nid = \"when\"\nlabel = \"When\"\nkind = \"date\"\nhelp = \"The day.\"\n\
                own_design = \"the form has no date box\"\n\
                [[section.field]]\nid = \"outcome\"\nlabel = \"Outcome\"\nkind = \"choice\"\noptions = [\"Good\"]\n\
                options_own_design = \"the form gives no options\"\n\
                [[section.field]]\nid = \"rows\"\nlabel = \"Rows\"\nkind = \"table\"\n\
                [[section.field.column]]\nid = \"name\"\nlabel = \"Name\"\nkind = \"text\"\n\
                [[section.field.column]]\nid = \"extra\"\nlabel = \"Extra\"\nkind = \"text\"\nown_design = \"added\"\n";
    let form = parse_file("x.toml", text).unwrap();
    assert_eq!(
        form.provenance_line(),
        "Transcribed from Appendix 9; parts marked † are this product's own design."
    );
    assert_eq!(form.sections[0].marked_title(), "Details †");
    let field = |id: &str| form.field(id).unwrap();
    assert_eq!(field("seen").marked_label(), "Seen");
    assert_eq!(field("seen").full_help(), None);
    assert_eq!(field("when").marked_label(), "When †");
    assert_eq!(
        field("when").full_help().as_deref(),
        Some("This product's own field (the form has no date box). The day.")
    );
    assert_eq!(
        field("outcome").full_help().as_deref(),
        Some("Its options are this product's own (the form gives no options).")
    );
    assert_eq!(field("rows").marked_label(), "Rows †");
    assert_eq!(
        field("rows").full_help().as_deref(),
        Some("Column Extra is this product's own.")
    );
    // A column says nothing of its own: it is as its table is.
    assert_eq!(field("rows").columns[0].origin, Origin::Source);
    // Nothing of the product's: the header says only where it is from.
    let plain = format!(
        "kind = \"x\"\ntitle = \"X\"\nsource = \"Appendix 4\"\nprovenance = \"transcribed\"\n{ONE_FIELD}"
    );
    assert_eq!(
        parse_file("x.toml", &plain).unwrap().provenance_line(),
        "Transcribed from Appendix 4."
    );
}

#[test]
fn the_shipped_forms_say_what_is_the_products_own() {
    let cpr = parse_file(
        "cpr-audit.toml",
        include_str!("../../../../data/forms/cpr-audit.toml"),
    )
    .unwrap();
    assert_eq!(cpr.basis, Basis::Transcribed);
    let outcome = cpr.field("overall_outcome").unwrap();
    assert!(outcome.options_own.is_some() && !outcome.origin.is_own());
    // The 34 questions are the checklist's own words, unmarked.
    assert_eq!(cpr.fields().filter(|f| f.has_own_design()).count(), 1);
    assert_eq!(
        cpr.field("q1_comment").unwrap().label,
        "Comments/actions required"
    );
    let plan = parse_file(
        "sgo-support-plan.toml",
        include_str!("../../../../data/forms/sgo-support-plan.toml"),
    )
    .unwrap();
    assert_eq!(plan.basis, Basis::Described);
    assert!(plan.provenance_line().starts_with(
        "Built from Calderdale Process Guidance: Special Guardianship Support Plans, which gives no template"
    ));
    let own = plan.fields().filter(|f| f.origin.is_own()).count();
    assert!(
        own * 2 > plan.fields().count(),
        "most of the plan's fields are the product's: {own}"
    );
    assert!(matches!(
        plan.field("needs_short_term").unwrap().origin,
        Origin::Cited(ref words) if words.contains("individual short and longer-term needs")
    ));
    let ppm = parse_file(
        "ppm-record.toml",
        include_str!("../../../../data/forms/ppm-record.toml"),
    )
    .unwrap();
    assert!(ppm.field("meeting_date").unwrap().origin.is_own());
}

#[test]
fn answers_are_held_to_a_name_or_a_note_length() {
    let field = |kind| FieldDef {
        id: "f".into(),
        label: "F".into(),
        kind,
        required: false,
        help: None,
        options: vec![],
        prefill: None,
        shared: false,
        columns: vec![],
        origin: Origin::Source,
        options_own: None,
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let person = field(FieldKind::Person);
    assert!(parse_input(&person, &"a".repeat(200), today).is_ok());
    let refused = parse_input(&person, &"a".repeat(201), today).unwrap_err();
    assert!(
        refused.starts_with("201 characters is more than the 200"),
        "{refused}"
    );
    let long = field(FieldKind::Multiline);
    assert!(parse_input(&long, &"a\n".repeat(50_000), today).is_ok());
    assert!(parse_input(&long, &"a".repeat(100_001), today).is_err());
    assert_eq!(
        parse_input(&long, "one\u{1b}[2J\ntwo\u{202E}", today),
        Ok(FieldValue::Text("one[2J\ntwo".into()))
    );
}
