//! The Family tab's dialogs that change the network: add a person, correct
//! one, link two, take a link back, and record a family meeting. Opening
//! one fills it from the network as the tab shows it; saving one checks
//! it by the domain's rules (`domain::family`, `domain::family_meeting`)
//! and turns it into the change it asks for, or names the field that is
//! wrong and why, as the chronology dialog does.

use crate::app::{Effect, date_hint};
use crate::domain::child::ChildId;
use crate::domain::date::DateStyle;
use crate::domain::family::{Link, PersonField, PersonId, Typed, TypedDetails, check_person};
use crate::domain::family_meeting::{MeetingField, check_meeting, check_outcome};
use crate::domain::plan::PlanId;
use crate::modal::{Field, Form, FormPurpose, Modal, Picker, PickerPurpose};
use crate::screens::child::papers::Family;
use chrono::NaiveDate;

/// The person fields every person dialog has, then those about the
/// person's part in the child's plan (not asked of the child).
const PERSON: [PersonField; 4] = [
    PersonField::Name,
    PersonField::Sex,
    PersonField::Born,
    PersonField::Household,
];
/// The rest of what the record holds of a person, asked when correcting.
const DETAILS: [PersonField; 5] = [
    PersonField::Deceased,
    PersonField::Culture,
    PersonField::Language,
    PersonField::Religion,
    PersonField::Contact,
];
const PART: [PersonField; 5] = [
    PersonField::ParentalResponsibility,
    PersonField::Viability,
    PersonField::ViabilityOn,
    PersonField::PotentialCarer,
    PersonField::FamilyTime,
];

fn hint(field: PersonField, dates: DateStyle) -> std::borrow::Cow<'static, str> {
    match field {
        PersonField::Name => "full name".into(),
        PersonField::Sex => "female, male or unknown".into(),
        PersonField::Born | PersonField::ViabilityOn => dates.code().to_string().into(),
        PersonField::Household => "where they live, to group a household".into(),
        PersonField::Relation => "mother, father, sibling, partner, friend, carer...".into(),
        PersonField::ParentalResponsibility | PersonField::PotentialCarer => "y or n".into(),
        PersonField::Viability => "requested, positive or negative".into(),
        PersonField::FamilyTime => "e.g. fortnightly, supervised".into(),
        PersonField::Deceased => "y or n".into(),
        PersonField::Culture | PersonField::Language | PersonField::Religion => "if known".into(),
        PersonField::Contact => "minimal: a phone number or a town".into(),
    }
}

/// The add-a-person dialog: who they are and what they are to the child.
pub fn add_dialog(dates: DateStyle) -> Modal {
    let fields = PERSON
        .iter()
        .chain(&[PersonField::Relation])
        .chain(&PART)
        .map(|&f| Field::new(f.label(), String::new(), hint(f, dates)))
        .collect();
    Modal::Form(
        Form::new("Add a person", fields, FormPurpose::AddPerson).with_intro(vec![
            "Relation: what they are to the child. c connects them to others later.".to_string(),
        ]),
    )
}

/// The dialog correcting `id`, filled from the network.
pub fn edit_dialog(family: &Family, id: PersonId, dates: DateStyle) -> Option<Modal> {
    let person = family.network.person(id)?;
    let part = family.network.connection(family.focus, id);
    let yes_no = |b: bool| if b { "y" } else { "n" }.to_string();
    let value = |field: PersonField| -> String {
        match field {
            PersonField::Name => person.name.clone(),
            PersonField::Sex => person.sex.code().to_string(),
            PersonField::Born => person.date_of_birth.map(|d| dates.show(d)).unwrap_or_default(),
            PersonField::Household => person.household.clone().unwrap_or_default(),
            PersonField::Relation => String::new(),
            PersonField::ParentalResponsibility => yes_no(part.is_some_and(|p| p.parental_responsibility)),
            PersonField::Viability => part
                .and_then(|p| p.viability)
                .map(|(v, _)| v.code().to_string())
                .unwrap_or_default(),
            PersonField::ViabilityOn => part
                .and_then(|p| p.viability)
                .map(|(_, on)| dates.show(on))
                .unwrap_or_default(),
            PersonField::PotentialCarer => yes_no(part.is_some_and(|p| p.potential_carer)),
            PersonField::FamilyTime => part.and_then(|p| p.family_time.clone()).unwrap_or_default(),
            PersonField::Deceased => yes_no(person.deceased),
            PersonField::Culture => person.culture.clone().unwrap_or_default(),
            PersonField::Language => person.language.clone().unwrap_or_default(),
            PersonField::Religion => person.religion.clone().unwrap_or_default(),
            PersonField::Contact => person.contact.clone().unwrap_or_default(),
        }
    };
    let asked: Vec<PersonField> = if id == family.focus {
        PERSON.iter().chain(&DETAILS).copied().collect()
    } else {
        PERSON.iter().chain(&DETAILS).chain(&PART).copied().collect()
    };
    let fields = asked
        .into_iter()
        .map(|f| Field::new(f.label(), value(f), hint(f, dates)))
        .collect();
    Some(Modal::Form(Form::new(
        format!("Edit: {}", person.name),
        fields,
        FormPurpose::EditPerson { person: id },
    )))
}

/// The dialog linking `id` to someone else in the network, named as the
/// user types.
pub fn link_dialog(family: &Family, id: PersonId) -> Option<Modal> {
    let person = family.network.person(id)?;
    let people: Vec<(PersonId, String)> = family
        .network
        .people
        .iter()
        .filter(|p| p.id != id)
        .map(|p| (p.id, p.name.clone()))
        .collect();
    let names = people.iter().map(|(_, n)| n.clone()).collect();
    let fields = vec![
        Field::new(
            "Is",
            String::new(),
            "parent of, child of, partner of, sibling of, friend...",
        ),
        Field::new("Of", String::new(), "type to narrow the names").with_choices(names),
    ];
    Some(Modal::Form(
        Form::new(
            format!("Link {}", person.name),
            fields,
            FormPurpose::LinkPerson { person: id, people },
        )
        .with_intro(vec![format!("{} is … of whom?", person.name)]),
    ))
}

/// The picker of `id`'s links, to take one back; `None` if they have none.
pub fn unlink_picker(family: &Family, id: PersonId) -> Option<Modal> {
    let person = family.network.person(id)?;
    let links = crate::service::family::links_of(&family.network, id);
    if links.is_empty() {
        return None;
    }
    Some(Modal::Picker(Picker {
        title: format!("Take back a link of {}", person.name),
        options: links
            .into_iter()
            .enumerate()
            .map(|(i, (words, _))| (words, i.to_string()))
            .collect(),
        selected: 0,
        purpose: PickerPurpose::Unlink { person: id },
    }))
}

/// The question before a link chosen in the picker is taken back.
pub fn unlink_question(family: &Family, id: PersonId, chosen: &str) -> Option<Modal> {
    let person = family.network.person(id)?;
    let links = crate::service::family::links_of(&family.network, id);
    let (words, link) = links.into_iter().nth(chosen.parse().ok()?)?;
    Some(Modal::Form(
        Form::new("Take back this link?", Vec::new(), FormPurpose::Unlink { link }).with_intro(vec![
            format!("{}: {words}.", person.name),
            "Nothing else about either of them changes; the change is audited.".to_string(),
        ]),
    ))
}

/// The dialog recording a family meeting, as `permanence family-meeting`;
/// with the child's primary `plan`, it asks whether the dated outcomes go
/// on it (`--timeline`).
pub fn meeting_dialog(family: &Family, plan: Option<PlanId>, dates: DateStyle) -> Modal {
    let names = family.network.people.iter().map(|p| p.name.clone()).collect();
    let mut fields = vec![
        Field::new(MeetingField::Kind.label(), String::new(), "fgc or family-network"),
        Field::new(
            MeetingField::HeldOn.label(),
            String::new(),
            date_hint(dates, "today"),
        ),
        Field::new(
            MeetingField::Attended.label(),
            String::new(),
            "names, with commas",
        )
        .with_choices(names),
        Field::new("Outcomes", String::new(), "[date: ]what was agreed; another"),
        Field::new(MeetingField::Notes.label(), String::new(), "anything else"),
    ];
    if plan.is_some() {
        fields.push(Field::new(
            TIMELINE,
            "n",
            "y puts dated outcomes on the primary plan",
        ));
    }
    Modal::Form(Form::new(
        "Record a family meeting",
        fields,
        FormPurpose::FamilyMeeting { plan },
    ))
}

/// Where the field labelled `label` is in `form`.
fn index_of(form: &Form, label: &str) -> usize {
    form.fields.iter().position(|f| f.label == label).unwrap_or(0)
}

fn value_of(form: &Form, field: PersonField) -> &str {
    form.fields
        .iter()
        .position(|f| f.label == field.label())
        .map_or("", |i| form.value(i))
}

/// Checks a Family tab dialog and turns it into the change it asks for,
/// or names the field that is wrong and why; `None` for other dialogs.
pub fn submit(form: &Form, child: ChildId, today: NaiveDate) -> Option<Result<Effect, (usize, String)>> {
    let person = |form: &Form| {
        let typed = Typed {
            name: value_of(form, PersonField::Name),
            sex: value_of(form, PersonField::Sex),
            born: value_of(form, PersonField::Born),
            household: value_of(form, PersonField::Household),
            relation: value_of(form, PersonField::Relation),
            parental_responsibility: value_of(form, PersonField::ParentalResponsibility),
            viability: value_of(form, PersonField::Viability),
            viability_on: value_of(form, PersonField::ViabilityOn),
            potential_carer: value_of(form, PersonField::PotentialCarer),
            family_time: value_of(form, PersonField::FamilyTime),
            // Asked when correcting someone; adding leaves them to later.
            details: form
                .fields
                .iter()
                .any(|f| f.label == PersonField::Culture.label())
                .then(|| TypedDetails {
                    deceased: value_of(form, PersonField::Deceased),
                    culture: value_of(form, PersonField::Culture),
                    language: value_of(form, PersonField::Language),
                    religion: value_of(form, PersonField::Religion),
                    contact: value_of(form, PersonField::Contact),
                }),
        };
        check_person(&typed, today)
            .map(Box::new)
            .map_err(|e| (index_of(form, e.field.label()), e.to_string()))
    };
    Some(match &form.purpose {
        FormPurpose::AddPerson => person(form).map(|entry| Effect::AddPerson { child, entry }),
        FormPurpose::EditPerson { person: id } => person(form).map(|entry| Effect::EditPerson {
            child,
            person: *id,
            entry,
        }),
        FormPurpose::LinkPerson { person, people } => link(form, child, *person, people),
        FormPurpose::Unlink { link } => Ok(Effect::UnlinkPeople { child, link: *link }),
        FormPurpose::FamilyMeeting { plan } => meeting(form, child, *plan, today),
        _ => return None,
    })
}

fn link(
    form: &Form,
    child: ChildId,
    first: PersonId,
    people: &[(PersonId, String)],
) -> Result<Effect, (usize, String)> {
    let link = Link::parse(form.value(0).trim_end_matches(" of").trim_end_matches(" to")).ok_or((
        0,
        "Is: parent, child, partner, sibling, or in your words".to_string(),
    ))?;
    let typed = form.value(1).to_lowercase();
    if typed.is_empty() {
        return Err((1, "Of: type the name of the other person".to_string()));
    }
    let exact: Vec<&(PersonId, String)> = people.iter().filter(|(_, n)| n.to_lowercase() == typed).collect();
    let matching: Vec<&(PersonId, String)> = if exact.len() == 1 {
        exact
    } else {
        people
            .iter()
            .filter(|(_, n)| n.to_lowercase().contains(&typed))
            .collect()
    };
    match matching.as_slice() {
        [(second, _)] => Ok(Effect::LinkPeople {
            child,
            first,
            second: *second,
            link,
        }),
        [] => Err((
            1,
            format!("Of: no one in the network is called {:?}", form.value(1)),
        )),
        many => Err((
            1,
            format!(
                "Of: {} people match ({}); type more of the name",
                many.len(),
                many.iter()
                    .map(|(_, n)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// The meeting dialog's last field, asked only when there is a plan.
const TIMELINE: &str = "On timeline";

fn meeting(
    form: &Form,
    child: ChildId,
    plan: Option<PlanId>,
    today: NaiveDate,
) -> Result<Effect, (usize, String)> {
    let field = |field: MeetingField| match field {
        MeetingField::Kind => 0,
        MeetingField::HeldOn => 1,
        MeetingField::Attended => 2,
        MeetingField::OutcomeText | MeetingField::OutcomeDue => 3,
        MeetingField::Notes => 4,
    };
    let attended = form.value(2).split(',').collect::<Vec<_>>().join("\n");
    let meeting = check_meeting(form.value(0), form.value(1), &attended, form.value(4), today)
        .map_err(|e| (field(e.field), e.to_string()))?;
    let mut outcomes = Vec::new();
    for text in form.value(3).split(';').filter(|t| !t.trim().is_empty()) {
        let (due, what) =
            crate::service::family::outcome_parts(text).map_err(|e| (3, format!("Outcomes: {e}")))?;
        outcomes.push(
            check_outcome(what, due, Some(child), meeting.held_on, today)
                .map_err(|e| (field(e.field), e.to_string()))?,
        );
    }
    let timeline = match form.value(5).to_ascii_lowercase().as_str() {
        "y" | "yes" => plan,
        "n" | "no" | "" => None,
        other => return Err((5, format!("{TIMELINE}: {other:?} should be y or n"))),
    };
    Ok(Effect::RecordFamilyMeeting {
        child,
        meeting,
        outcomes,
        timeline,
    })
}
