//! What a form takes part in beyond being filled and filed, declared in its
//! own file: a financial request's approval route, a PPM record's meeting
//! and decisions. The file names the behaviour and the field ids it uses,
//! so an authority that renames a field in its own form says so once, and
//! a behaviour whose field is missing or of the wrong kind is refused when
//! the file loads (with its line) rather than silently never applying.
//! The code asks "the form whose behaviour is financial approval, its
//! amount field", never a literal field id.

use super::{FieldDef, FieldKind, FormDef, SectionDef};
use crate::approval;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// A behaviour, with the field ids (and, for tables, column positions)
/// it uses, each checked against the form when the file was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Behaviour {
    /// `financial-approval`: the answers decide who must sign off.
    FinancialApproval(FinancialFields),
    /// `ppm-record`: the meeting counts as the PPM and its decisions become
    /// items on the child's plan.
    PpmRecord(PpmFields),
    /// `child-record`: the form is the child's record itself (adding a
    /// child, editing the record), each field a column of the children
    /// import; never filed as a form.
    ChildRecord(super::record::RecordFields),
}

/// The fields a financial approval route is worked out from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinancialFields {
    /// A choice whose options are the route's request types.
    pub request_type: String,
    /// A money field.
    pub amount: String,
    /// A yes/no field: whether a contract is needed.
    pub contract: String,
}

/// The fields of a PPM record that set things in motion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PpmFields {
    /// A date field: when the meeting was held.
    pub meeting_date: String,
    /// A table field: the decisions taken.
    pub decisions: String,
    /// The position in a decisions row of the decision's text.
    pub decision: usize,
    /// The position in a decisions row of who is responsible.
    pub responsible: usize,
    /// The position in a decisions row of the target date.
    pub target_date: usize,
}

/// Which behaviour a form file names, by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    FinancialApproval,
    PpmRecord,
    ChildRecord,
}

crate::coded::coded! {
    Kind, exact;
    FinancialApproval => "financial-approval";
    PpmRecord => "ppm-record";
    ChildRecord => "child-record";
}

impl Behaviour {
    pub fn kind(&self) -> Kind {
        match self {
            Behaviour::FinancialApproval(_) => Kind::FinancialApproval,
            Behaviour::PpmRecord(_) => Kind::PpmRecord,
            Behaviour::ChildRecord(_) => Kind::ChildRecord,
        }
    }
}

/// The `[behaviour]` table of a form file, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBehaviour {
    name: Spanned<String>,
    request_type: Option<Spanned<String>>,
    amount: Option<Spanned<String>>,
    contract: Option<Spanned<String>>,
    meeting_date: Option<Spanned<String>>,
    decisions: Option<Spanned<String>>,
    decision: Option<Spanned<String>>,
    responsible: Option<Spanned<String>>,
    target_date: Option<Spanned<String>>,
    /// `child-record`: each column of the children import, and the two
    /// event dates, with the field that holds it.
    fields: Option<std::collections::BTreeMap<String, Spanned<String>>>,
}

/// One key of the `[behaviour]` table: its name, what it holds and the
/// kinds of field it may name.
struct Need<'a> {
    key: &'static str,
    value: &'a Option<Spanned<String>>,
    what: &'static str,
    kinds: &'static [FieldKind],
}

type Problem<'p> = &'p mut dyn FnMut(Range<usize>, String);

/// Checks a declared behaviour against the form's fields: every key the
/// behaviour needs present, no key of another behaviour, and each named
/// field (or column) there and of a kind the behaviour can read.
pub(super) fn check(raw: &RawBehaviour, sections: &[SectionDef], problem: Problem<'_>) -> Option<Behaviour> {
    let name = raw.name.get_ref().as_str();
    const TEXT: &[FieldKind] = &[FieldKind::Text, FieldKind::Multiline, FieldKind::Person];
    let need = |key, value, what, kinds| Need {
        key,
        value,
        what,
        kinds,
    };
    let financial = [
        need(
            "request_type",
            &raw.request_type,
            "a choice",
            &[FieldKind::Choice],
        ),
        need("amount", &raw.amount, "a money field", &[FieldKind::Money]),
        need("contract", &raw.contract, "a yes/no field", &[FieldKind::YesNo]),
    ];
    let ppm = [
        need(
            "meeting_date",
            &raw.meeting_date,
            "a date field",
            &[FieldKind::Date],
        ),
        need("decisions", &raw.decisions, "a table", &[FieldKind::Table]),
    ];
    let columns = [
        need("decision", &raw.decision, "a text column", TEXT),
        need("responsible", &raw.responsible, "a text column", TEXT),
        need(
            "target_date",
            &raw.target_date,
            "a date column",
            &[FieldKind::Date],
        ),
    ];
    let Some(kind) = Kind::parse(name) else {
        problem(
            raw.name.span(),
            format!(
                "behaviour: {name:?} is not a behaviour (behaviours: {})",
                Kind::ALL.map(Kind::code).join(", ")
            ),
        );
        return None;
    };
    let own: &[Need<'_>] = match kind {
        Kind::FinancialApproval => &financial,
        Kind::PpmRecord => &ppm,
        Kind::ChildRecord => &[],
    };
    let own_columns: &[Need<'_>] = match kind {
        Kind::FinancialApproval => &[],
        Kind::PpmRecord => &columns,
        Kind::ChildRecord => &[],
    };
    let mut ok = true;
    if kind != Kind::ChildRecord && raw.fields.is_some() {
        problem(
            raw.name.span(),
            format!("behaviour {name} takes no [behaviour.fields] table"),
        );
        ok = false;
    }
    for n in financial.iter().chain(&ppm).chain(&columns) {
        let mine = own.iter().chain(own_columns).any(|o| o.key == n.key);
        match (&n.value, mine) {
            (Some(value), false) => {
                problem(
                    value.span(),
                    format!("{}: is not a key of the {name} behaviour", n.key),
                );
                ok = false;
            }
            (None, true) => {
                problem(
                    raw.name.span(),
                    format!("behaviour {name} needs {} = \"<id>\", naming {}", n.key, n.what),
                );
                ok = false;
            }
            _ => {}
        }
    }
    if !ok {
        return None;
    }
    let fields: Vec<&FieldDef> = sections.iter().flat_map(|s| &s.fields).collect();
    match kind {
        Kind::FinancialApproval => financial_fields(&financial, &fields, raw, problem),
        Kind::PpmRecord => ppm_fields(&ppm, &columns, &fields, problem),
        Kind::ChildRecord => super::record::check(raw.fields.as_ref(), raw.name.span(), &fields, problem),
    }
}

/// An authority's own form that replaces a built-in one keeps the
/// built-in's behaviour, declared against its own fields: a replacement
/// without it would silently drop the approval route or the PPM, which is
/// what declaring behaviours in the file is meant to stop.
pub fn kept_by(built_in: &FormDef, own: &FormDef) -> Result<(), String> {
    let Some(wanted) = built_in.behaviour.as_ref().map(Behaviour::kind) else {
        return Ok(());
    };
    if own.behaviour.as_ref().map(Behaviour::kind) == Some(wanted) {
        return Ok(());
    }
    Err(format!(
        "this file replaces the built-in {} form, which takes part in the {} behaviour: \
         declare it in a [behaviour] table naming this form's fields (see data/forms/README.md)",
        built_in.kind,
        wanted.code()
    ))
}

/// A financial approval's fields, each there and of its kind.
fn financial_fields(
    needs: &[Need<'_>; 3],
    fields: &[&FieldDef],
    raw: &RawBehaviour,
    problem: Problem<'_>,
) -> Option<Behaviour> {
    let name = Kind::FinancialApproval.code();
    let [request_type, amount, contract] = needs;
    let request_type = named(request_type, fields, name, "field", problem);
    let amount = named(amount, fields, name, "field", problem);
    let contract = named(contract, fields, name, "field", problem);
    let request_type = request_type?;
    options_routed(&raw.request_type, request_type, problem)?;
    Some(Behaviour::FinancialApproval(FinancialFields {
        request_type: request_type.id.clone(),
        amount: amount?.id.clone(),
        contract: contract?.id.clone(),
    }))
}

/// A PPM record's fields, and where in a decisions row each column is.
fn ppm_fields(
    needs: &[Need<'_>; 2],
    columns: &[Need<'_>; 3],
    fields: &[&FieldDef],
    problem: Problem<'_>,
) -> Option<Behaviour> {
    let name = Kind::PpmRecord.code();
    let [meeting_date, decisions] = needs;
    let meeting_date = named(meeting_date, fields, name, "field", problem);
    let table = named(decisions, fields, name, "field", problem)?;
    let cells: Vec<&FieldDef> = table.columns.iter().collect();
    let place = format!("column of table {:?}", table.id);
    let mut position = |n: &Need<'_>| {
        let column = named(n, &cells, name, &place, &mut *problem)?;
        cells.iter().position(|c| c.id == column.id)
    };
    let [decision, responsible, target_date] = columns;
    let (decision, responsible, target_date) =
        (position(decision), position(responsible), position(target_date));
    Some(Behaviour::PpmRecord(PpmFields {
        meeting_date: meeting_date?.id.clone(),
        decisions: table.id.clone(),
        decision: decision?,
        responsible: responsible?,
        target_date: target_date?,
    }))
}

/// The field (or column) a key names, if it is there and of a kind the
/// behaviour can read; otherwise a problem at the key's line.
fn named<'f>(
    need: &Need<'_>,
    fields: &[&'f FieldDef],
    behaviour: &str,
    place: &str,
    problem: Problem<'_>,
) -> Option<&'f FieldDef> {
    let value = need.value.as_ref()?;
    let id = value.get_ref();
    let Some(field) = fields.iter().copied().find(|f| &f.id == id) else {
        problem(
            value.span(),
            format!(
                "{}: {id:?} is not a {place} of this form (the {behaviour} behaviour needs {})",
                need.key, need.what
            ),
        );
        return None;
    };
    if !need.kinds.contains(&field.kind) {
        problem(
            value.span(),
            format!(
                "{}: {id:?} is a {} {place}, but the {behaviour} behaviour needs {}",
                need.key,
                field.kind.code(),
                need.what
            ),
        );
        return None;
    }
    Some(field)
}

/// A request type's options must each be one the approval route knows,
/// or a request of that type would never find its route.
fn options_routed(raw: &Option<Spanned<String>>, field: &FieldDef, problem: Problem<'_>) -> Option<()> {
    let span = raw.as_ref().map_or(0..0, Spanned::span);
    let unknown: Vec<&str> = field
        .options
        .iter()
        .filter(|o| approval::Request::parse(o).is_none())
        .map(String::as_str)
        .collect();
    if unknown.is_empty() {
        return Some(());
    }
    problem(
        span,
        format!(
            "request_type: field {:?} has options the approval route does not know: {} (it knows: {})",
            field.id,
            unknown.join(", "),
            approval::Request::CODES.join(", ")
        ),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::{Behaviour, Kind};
    use crate::form::{FieldValue, FormData, parse_file};
    use crate::form_rules;
    use crate::money::Pence;

    const FINANCIAL: &str = include_str!("../../../../data/forms/financial-request.toml");
    const PPM: &str = include_str!("../../../../data/forms/ppm-record.toml");

    fn errors(file: &str, text: &str) -> Vec<String> {
        parse_file(file, text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines().position(|l| l == needle).unwrap() + 1
    }

    #[test]
    fn a_renamed_amount_declared_in_the_file_approves_the_same_way() {
        let shipped = parse_file("financial-request.toml", FINANCIAL).unwrap();
        let renamed_text = FINANCIAL
            .replace("id = \"amount\"", "id = \"sum\"")
            .replace("amount = \"amount\"", "amount = \"sum\"");
        let renamed = parse_file("financial-request.toml", &renamed_text).unwrap();
        assert!(renamed.field("amount").is_none());
        for (pence, request, contract) in [
            (999_999, "grant", false),
            (1_500_000, "loan", true),
            (2_500_000, "allowance", false),
        ] {
            let answers = |amount_id: &str| {
                let mut data = FormData::default();
                data.set("request_type", FieldValue::Choices(vec![request.into()]));
                data.set(amount_id, FieldValue::Money(Pence(pence)));
                data.set("contract", FieldValue::YesNo(contract));
                data
            };
            let (before, after) = (answers("amount"), answers("sum"));
            assert_eq!(
                form_rules::computed(&renamed, &after, &[]),
                form_rules::computed(&shipped, &before, &[]),
                "{pence}p {request}"
            );
            assert_eq!(
                form_rules::step_allowed(&renamed, &after, "director", &[]),
                form_rules::step_allowed(&shipped, &before, "director", &[]),
            );
            assert!(!form_rules::financial_route_words(&renamed, &after).is_empty());
        }
    }

    #[test]
    fn a_behaviour_whose_field_is_missing_is_refused_with_file_and_line() {
        let text = FINANCIAL.replace("amount = \"amount\"", "amount = \"sum\"");
        let line = line_of(&text, "amount = \"sum\"");
        assert_eq!(
            errors("financial-request.toml", &text),
            [format!(
                "financial-request.toml:{line}: amount: \"sum\" is not a field of this form \
                 (the financial-approval behaviour needs a money field)"
            )]
        );
    }

    #[test]
    fn a_behaviour_field_of_the_wrong_kind_is_refused_with_its_line() {
        let text = FINANCIAL.replace("amount = \"amount\"", "amount = \"background\"");
        let line = line_of(&text, "amount = \"background\"");
        assert_eq!(
            errors("financial-request.toml", &text),
            [format!(
                "financial-request.toml:{line}: amount: \"background\" is a multiline field, \
                 but the financial-approval behaviour needs a money field"
            )]
        );
        let text = PPM.replace("target_date = \"target_date\"", "target_date = \"reason\"");
        let line = line_of(&text, "target_date = \"reason\"");
        assert_eq!(
            errors("ppm-record.toml", &text),
            [format!(
                "ppm-record.toml:{line}: target_date: \"reason\" is a multiline column of table \
                 \"decisions\", but the ppm-record behaviour needs a date column"
            )]
        );
    }

    #[test]
    fn a_behaviour_takes_its_own_keys_and_all_of_them() {
        let name = "name = \"financial-approval\"";
        let missing = FINANCIAL.replace("contract = \"contract\"\n", "");
        assert_eq!(
            errors("financial-request.toml", &missing),
            [format!(
                "financial-request.toml:{}: behaviour financial-approval needs contract = \"<id>\", \
                 naming a yes/no field",
                line_of(&missing, name)
            )]
        );
        let foreign = FINANCIAL.replace(name, &format!("{name}\ndecisions = \"x\""));
        assert_eq!(
            errors("financial-request.toml", &foreign),
            [format!(
                "financial-request.toml:{}: decisions: is not a key of the financial-approval behaviour",
                line_of(&foreign, "decisions = \"x\"")
            )]
        );
        let unknown = FINANCIAL.replace(name, "name = \"approval\"");
        assert!(errors("financial-request.toml", &unknown)[0].ends_with(
            "behaviour: \"approval\" is not a behaviour (behaviours: financial-approval, ppm-record, child-record)"
        ),);
        let misspelt = FINANCIAL.replace("amount = \"amount\"", "amont = \"amount\"");
        assert!(errors("financial-request.toml", &misspelt)[0].contains("unknown field `amont`"));
        let options = FINANCIAL.replace(
            "[\"allowance\", \"grant\", \"loan\"]",
            "[\"allowance\", \"gift\"]",
        );
        assert!(errors("financial-request.toml", &options)[0].contains(
            "request_type: field \"request_type\" has options the approval route does not know: gift"
        ),);
    }

    #[test]
    fn a_ppm_record_names_its_decision_columns() {
        let ppm = parse_file("ppm-record.toml", PPM).unwrap();
        assert_eq!(ppm.behaviour.as_ref().map(Behaviour::kind), Some(Kind::PpmRecord));
        let fields = ppm.ppm().unwrap();
        assert_eq!(
            (fields.decision, fields.responsible, fields.target_date),
            (0, 2, 3)
        );
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut data = FormData::default();
        data.set(
            "decisions",
            FieldValue::Rows(vec![vec![
                FieldValue::Text("Apply for a placement order".into()),
                FieldValue::Text("Plan is adoption".into()),
                FieldValue::Text("Social worker".into()),
                FieldValue::Date(day),
            ]]),
        );
        assert_eq!(
            form_rules::ppm_decisions(fields, &data),
            [(
                "Apply for a placement order".to_string(),
                Some(day),
                Some("Social worker".to_string())
            )]
        );
    }
}
