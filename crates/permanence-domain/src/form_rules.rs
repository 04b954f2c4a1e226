//! What forms compute from their answers: a financial request's route to
//! sign-off, an SGO support plan's steps and QA Tuesday, a PPM record's
//! decisions. Kept apart from the generic engine: these are the policy.

use crate::approval;
use crate::form::{FieldValue, FinancialFields, FormData, FormDef, PpmFields};

use crate::sgo_plan::{self, Step};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Value, json};

/// The sign-off steps a financial request needs, by code, in order.
pub fn financial_steps(fields: &FinancialFields, data: &FormData) -> Vec<&'static str> {
    match financial_route(fields, data) {
        Some(route) => {
            let mut steps: Vec<&'static str> = route.levels.iter().map(|l| l.code()).collect();
            if route.dmt_required {
                steps.push(approval::DMT);
            }
            if route.duty_solicitor {
                steps.push(approval::DUTY_SOLICITOR);
            }
            steps
        }
        None => Vec::new(),
    }
}

/// The same route in words, for the form screen as the amount is typed;
/// none for a form that is not a financial approval.
pub fn financial_route_words(def: &FormDef, data: &FormData) -> Vec<&'static str> {
    def.financial()
        .and_then(|fields| financial_route(fields, data))
        .map(|r| r.steps())
        .unwrap_or_default()
}

/// The route needs both what is asked for (an allowance goes further than
/// a grant or loan of the same amount) and how much.
fn financial_route(fields: &FinancialFields, data: &FormData) -> Option<approval::Route> {
    let amount = match data.get(&fields.amount) {
        Some(FieldValue::Money(p)) => *p,
        _ => return None,
    };
    let request = match data.get(&fields.request_type) {
        Some(FieldValue::Choices(chosen)) => chosen.first().and_then(|c| approval::Request::parse(c))?,
        _ => return None,
    };
    let contract = matches!(data.get(&fields.contract), Some(FieldValue::YesNo(true)));
    Some(approval::route(request, amount, contract))
}

/// The `computed` object of an exported form, as of a draft.
pub fn computed(def: &FormDef, data: &FormData, steps_done: &[(String, NaiveDateTime)]) -> Value {
    computed_for(def, data, steps_done, false)
}

/// The `computed` object of an exported form, `submitted` or not: an SGO
/// support plan's Draft is done by submitting it.
pub fn computed_for(
    def: &FormDef,
    data: &FormData,
    steps_done: &[(String, NaiveDateTime)],
    submitted: bool,
) -> Value {
    if let Some(fields) = def.financial() {
        return match financial_route(fields, data) {
            Some(route) => json!({
                "approval_level": route.level().code(),
                "dmt_required": route.dmt_required,
                "duty_solicitor_required": route.duty_solicitor,
                "sign_offs_needed": financial_steps(fields, data),
                "sign_offs_recorded": steps_done.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>(),
            }),
            None => json!({}),
        };
    }
    if let Some(fields) = def.ppm() {
        let decisions = match data.get(&fields.decisions) {
            Some(FieldValue::Rows(rows)) => rows.len(),
            _ => 0,
        };
        return json!({ "decisions": decisions });
    }
    match def.kind.as_str() {
        "sgo-support-plan" => {
            let recorded: Vec<Step> = steps_done.iter().filter_map(|(s, _)| Step::parse(s)).collect();
            let done = Step::done(&recorded, submitted);
            let next = Step::ALL.into_iter().find(|s| !done.contains(s));
            let qa = steps_done
                .iter()
                .find(|(s, _)| s == Step::SentToSgoAccess.code())
                .map(|(_, at)| crate::date::iso(sgo_plan::qa_tuesday(*at)));
            json!({
                "steps_done": done.iter().map(|s| s.code()).collect::<Vec<_>>(),
                "next_step": next.map(|s| s.code()),
                "qa_tuesday": qa,
            })
        }
        _ => json!({}),
    }
}

/// A PPM record's decisions as timeline items: (decision, target, who),
/// read from the columns the form file names.
pub fn ppm_decisions(
    fields: &PpmFields,
    data: &FormData,
) -> Vec<(String, Option<NaiveDate>, Option<String>)> {
    let Some(FieldValue::Rows(rows)) = data.get(&fields.decisions) else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(|row| {
            let text = |i: usize| match row.get(i) {
                Some(FieldValue::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
                _ => None,
            };
            let decision = text(fields.decision)?;
            let target = match row.get(fields.target_date) {
                Some(FieldValue::Date(d)) => Some(*d),
                _ => None,
            };
            Some((decision, target, text(fields.responsible)))
        })
        .collect()
}

/// The route a form's steps belong to, as the permissions file names it
/// (`[[step]] route = ...`): a financial request's is its behaviour's,
/// whatever the authority calls the form; any other's is its kind.
pub fn route_name(def: &FormDef) -> &str {
    if def.financial().is_some() {
        approval::ROUTE
    } else {
        def.kind.as_str()
    }
}

/// The steps of a form's route that submitting it does: an SGO support
/// plan's Draft, the worker's own, which nobody records as a sign-off.
pub fn submitted_steps(def: &FormDef) -> Vec<&'static str> {
    match def.kind.as_str() {
        "sgo-support-plan" => Step::ALL
            .iter()
            .filter(|s| s.recorded_by_submitting())
            .map(|s| s.code())
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a step of a form's route may be recorded now, and if not why.
pub fn step_allowed(def: &FormDef, data: &FormData, step: &str, done: &[String]) -> Result<(), String> {
    if let Some(fields) = def.financial() {
        return financial_step_allowed(fields, data, step, done);
    }
    match def.kind.as_str() {
        "sgo-support-plan" => {
            let Some(step) = Step::parse(step) else {
                return Err(format!(
                    "{step} is not a step of an SGO support plan (steps: {})",
                    Step::ALL.map(Step::code).join(", ")
                ));
            };
            if step.recorded_by_submitting() {
                return Err(format!(
                    "{}: the {} is recorded by submitting the form, not by a sign-off",
                    step.code(),
                    step.label()
                ));
            }
            let done: Vec<Step> = done.iter().filter_map(|s| Step::parse(s)).collect();
            step.may_follow(&done)
                .map_err(|missing| format!("{} must be recorded first: {}", missing.code(), missing.label()))
        }
        other => Err(format!("a {other} has no sign-off route")),
    }
}

/// A financial request's step: on the route, and after the level that
/// signs before it.
fn financial_step_allowed(
    fields: &FinancialFields,
    data: &FormData,
    step: &str,
    done: &[String],
) -> Result<(), String> {
    let needed = financial_steps(fields, data);
    if !needed.contains(&step) {
        return Err(format!(
            "{step} is not on this request's route (it needs: {})",
            if needed.is_empty() {
                "the request type and amount first".to_string()
            } else {
                needed.join(", ")
            }
        ));
    }
    // An allowance goes "to the Head of Service and then Assistant
    // Director for a final decision" (Leicestershire SGO guidance).
    let Some(route) = financial_route(fields, data) else {
        return Ok(());
    };
    let Some(level) = route.levels.iter().find(|l| l.code() == step).copied() else {
        return Ok(());
    };
    match route.before(level) {
        Some(first) if !done.iter().any(|d| d == first.code()) => Err(format!(
            "{} must be recorded first: the {} signs off before the {} \
             (Leicestershire SGO guidance, Principles of Financial Support)",
            first.code(),
            first.label(),
            level.label(),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::parse_file;
    use crate::money::Pence;

    fn shipped(file: &str) -> FormDef {
        let text = match file {
            "financial-request.toml" => include_str!("../../../data/forms/financial-request.toml"),
            _ => include_str!("../../../data/forms/sgo-support-plan.toml"),
        };
        parse_file(file, text).unwrap()
    }

    fn request(amount: i64, contract: bool) -> FormData {
        let mut data = FormData::default();
        data.set("request_type", FieldValue::Choices(vec!["grant".into()]));
        data.set("amount", FieldValue::Money(Pence(amount)));
        data.set("contract", FieldValue::YesNo(contract));
        data
    }

    #[test]
    fn a_financial_request_computes_its_route() {
        let def = shipped("financial-request.toml");
        let c = computed(&def, &request(1_500_000, false), &[]);
        assert_eq!(c["approval_level"], "assistant-director");
        assert_eq!(c["dmt_required"], true);
        let fields = def.financial().unwrap();
        assert_eq!(
            financial_steps(fields, &request(999_999, true)),
            ["head-of-service", "duty-solicitor"]
        );
        assert!(step_allowed(&def, &request(999_999, false), "director", &[]).is_err());
        assert!(step_allowed(&def, &request(2_500_000, false), "director", &[]).is_ok());
    }

    #[test]
    fn an_sgo_plan_cannot_be_authorised_before_its_qa() {
        let def = shipped("sgo-support-plan.toml");
        let data = FormData::default();
        let done = vec!["draft".to_string(), "case-manager-qa".to_string()];
        let refused = step_allowed(&def, &data, "authorised-by-service-manager", &done).unwrap_err();
        assert!(
            refused.starts_with("sent-to-sgo-single-point-of-access must be recorded first"),
            "{refused}"
        );
        let at = NaiveDate::from_ymd_opt(2026, 11, 24)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        let c = computed(
            &def,
            &data,
            &[
                ("draft".into(), at),
                ("sent-to-sgo-single-point-of-access".into(), at),
            ],
        );
        assert_eq!(c["qa_tuesday"], "2026-12-01");
    }
}
