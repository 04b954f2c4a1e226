//! Who records each step of a form's route, as the permissions file
//! declares it: named permissions (`[[permission]]`: the roles that hold
//! one, over which children, in whose words, from which source) and the
//! steps each records (`[[step]]`). The SGO support plan's steps name
//! their people in Calderdale's guidance (the child's social worker, the
//! case's practice manager, the SGO practice manager, the Service
//! Manager), and the product's roles stand in for them here, in data, so
//! that an authority can say otherwise without a new build. A file that
//! declares no steps leaves every step to `sign-off-qa`, as before, but
//! for a financial request's, which keep the built-in file's people (see
//! [`super::Policy::step_or_built_in`]).
//!
//! A financial request's route (Leicestershire's: Head of Service,
//! Assistant Director, Director, DMT, the duty solicitor's contract) is
//! named here too; its order and amounts stay in `approval.rs`.

use super::{Refusal, Scope, role_phrase};
use crate::people::{Role, Worker};
use crate::sgo_plan::Step;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// A permission to record steps of a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepPermission {
    /// As refusals name it: "sgo-practice-manager".
    pub name: String,
    /// Who holds it, in words shown beside the step awaited: "a team
    /// manager, not the case manager".
    pub holder: String,
    pub roles: Vec<Role>,
    pub scope: Scope,
    /// Where the route names this person.
    pub source: String,
}

/// One step of a route and the permission that records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRule {
    /// The route: "sgo-support-plan" or "financial-approval".
    pub route: String,
    pub step: String,
    pub permission: StepPermission,
    /// Steps of the same form whose recorder may not record this one.
    pub apart_from: Vec<String>,
}

/// The routes whose steps the file may name.
pub const ROUTES: [&str; 2] = ["sgo-support-plan", crate::approval::ROUTE];

/// Every route whose steps the file may name, with the steps it must.
/// The SGO support plan's Draft is recorded by submitting the form, so no
/// permission names it; a financial request names every step it may have,
/// though one request needs only some, by its type and amount.
fn route_steps(route: &str) -> Option<Vec<&'static str>> {
    match route {
        crate::approval::ROUTE => Some(crate::approval::step_codes()),
        "sgo-support-plan" => Some(
            Step::ALL
                .iter()
                .filter(|s| !s.recorded_by_submitting())
                .map(|s| s.code())
                .collect(),
        ),
        _ => None,
    }
}

impl StepRule {
    /// Whether `worker` may record this step (labelled `label` as the
    /// route shows it) on a child whose people are `child`; `recorded`
    /// holds the steps already recorded and by whom, with their labels.
    pub fn allows(
        &self,
        worker: &Worker,
        label: &str,
        in_scope: impl Fn(Scope) -> bool,
        recorded: &[(String, String, String)],
    ) -> Result<(), Refusal> {
        let permission = &self.permission;
        if !permission.roles.contains(&worker.role) {
            return Err(Refusal(format!(
                "{label} needs the {} permission ({}); you are a {}",
                permission.name,
                permission.holder,
                role_phrase(worker.role)
            )));
        }
        if !in_scope(permission.scope) {
            return Err(Refusal(format!(
                "{label} needs the {} permission ({}), which a {} holds only for children {}",
                permission.name,
                permission.holder,
                role_phrase(worker.role),
                match permission.scope {
                    Scope::Own => "allocated to them",
                    Scope::Team => "of their team or allocated to them",
                    Scope::All => "anywhere",
                }
            )));
        }
        if let Some((_, _, other)) = recorded
            .iter()
            .find(|(step, by, _)| *by == worker.username && self.apart_from.contains(step))
        {
            return Err(Refusal(format!(
                "{label} must be recorded by someone other than who recorded {other} (you): \
                 the route asks two people for these"
            )));
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPermission {
    name: Spanned<String>,
    holder: String,
    roles: Spanned<Vec<String>>,
    scope: Spanned<String>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStep {
    route: Spanned<String>,
    step: Spanned<String>,
    permission: Spanned<String>,
    apart_from: Option<Spanned<Vec<String>>>,
}

/// Reads the `[[permission]]` and `[[step]]` tables into step rules,
/// noting every problem with its place.
pub(super) fn parse(
    permissions: &[Spanned<RawPermission>],
    steps: &[Spanned<RawStep>],
    problem: &mut dyn FnMut(Range<usize>, String),
) -> Vec<StepRule> {
    let mut named: Vec<StepPermission> = Vec::new();
    for raw in permissions {
        let p = raw.get_ref();
        if named.iter().any(|n| n.name == *p.name.get_ref()) {
            problem(
                p.name.span(),
                format!("permission: {:?} is declared twice", p.name.get_ref()),
            );
            continue;
        }
        let mut roles = Vec::new();
        for name in p.roles.get_ref() {
            match Role::parse(name) {
                Some(role) => roles.push(role),
                None => problem(
                    p.roles.span(),
                    format!(
                        "roles: {name:?} is not a role (known: {})",
                        Role::ALL.map(Role::code).join(", ")
                    ),
                ),
            }
        }
        let Some(scope) = super::scope(&p.scope, problem) else {
            continue;
        };
        if p.holder.trim().is_empty() || p.source.trim().is_empty() {
            problem(
                raw.span(),
                format!(
                    "permission {:?}: holder and source say who holds it and where the route names them",
                    p.name.get_ref()
                ),
            );
        }
        named.push(StepPermission {
            name: p.name.get_ref().clone(),
            holder: p.holder.trim().to_string(),
            roles,
            scope,
            source: p.source.trim().to_string(),
        });
    }
    let mut rules: Vec<StepRule> = Vec::new();
    for raw in steps {
        let s = raw.get_ref();
        let (route, step) = (s.route.get_ref(), s.step.get_ref());
        let Some(known) = route_steps(route) else {
            problem(
                s.route.span(),
                format!(
                    "route: {route:?} is not a route whose steps can be named (known: {})",
                    ROUTES.join(", ")
                ),
            );
            continue;
        };
        if !known.contains(&step.as_str()) {
            let why = if Step::parse(step).is_some_and(Step::recorded_by_submitting) {
                " (the draft is recorded by submitting the form)".to_string()
            } else {
                String::new()
            };
            problem(
                s.step.span(),
                format!(
                    "step: {step:?} is not a step of {route} to name{why} (steps: {})",
                    known.join(", ")
                ),
            );
            continue;
        }
        let apart_from = s
            .apart_from
            .as_ref()
            .map(|a| a.get_ref().clone())
            .unwrap_or_default();
        for other in &apart_from {
            if !known.contains(&other.as_str()) || other == step {
                problem(
                    s.apart_from.as_ref().map_or(s.step.span(), Spanned::span),
                    format!("apart_from: {other:?} is not another step of {route}"),
                );
            }
        }
        if rules.iter().any(|r| r.route == *route && r.step == *step) {
            problem(s.step.span(), format!("step: {step:?} of {route} is named twice"));
            continue;
        }
        let Some(permission) = named.iter().find(|p| p.name == *s.permission.get_ref()) else {
            problem(
                s.permission.span(),
                format!(
                    "permission: {:?} is not declared by a [[permission]] (declared: {})",
                    s.permission.get_ref(),
                    named
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            continue;
        };
        rules.push(StepRule {
            route: route.clone(),
            step: step.clone(),
            permission: permission.clone(),
            apart_from,
        });
    }
    // A route named at all is named whole: a step left out would fall to
    // whoever may sign off QA, which the file's reader would not expect.
    for raw in steps {
        let route = raw.get_ref().route.get_ref();
        let Some(known) = route_steps(route) else {
            continue;
        };
        let missing: Vec<&str> = known
            .into_iter()
            .filter(|k| !rules.iter().any(|r| r.route == *route && r.step == *k))
            .collect();
        if !missing.is_empty() {
            problem(
                raw.get_ref().route.span(),
                format!(
                    "route {route}: every step needs a [[step]]; missing: {}",
                    missing.join(", ")
                ),
            );
            break;
        }
    }
    rules
}
