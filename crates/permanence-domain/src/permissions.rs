//! What each role may do, as data (`data/permissions.toml`, kept in the
//! database, which an administrator can replace), and the one function
//! that decides. A refusal says who may, in words:
//! "Only a team manager, service manager or head of service can sign off
//! QA steps".

use crate::file_error::{FileError, from_toml};
use crate::people::{Role, Worker};
use serde::Deserialize;
use std::fmt;
use toml::Spanned;

mod steps;
pub use steps::{StepPermission, StepRule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    ViewChild,
    EditTimeline,
    SignOffQa,
    Import,
    Export,
    ViewAudit,
    ViewUsers,
    ManageUsers,
    Administer,
}

/// The rules a new database starts with, as this build ships them; the
/// file's name as it is shown in messages and `permissions show`.
pub const BUILT_IN: (&str, &str) = (
    "permissions.toml (built in)",
    include_str!("../../../data/permissions.toml"),
);

crate::coded::coded! {
    Action, exact;
    ViewChild => "view-child";
    EditTimeline => "edit-timeline";
    SignOffQa => "sign-off-qa";
    Import => "import";
    Export => "export";
    ViewAudit => "view-audit";
    ViewUsers => "view-users";
    ManageUsers => "manage-users";
    Administer => "administer";
}

impl Action {
    /// As it completes "Only … can ___".
    pub fn described(self) -> &'static str {
        match self {
            Action::ViewChild => "open this child's record",
            Action::EditTimeline => "change this child's timeline",
            Action::SignOffQa => "sign off QA steps",
            Action::Import => "import records",
            Action::Export => "export the caseload",
            Action::ViewAudit => "read the audit trail",
            Action::ViewUsers => "list the users and their roles",
            Action::ManageUsers => "add users or change their roles",
            Action::Administer => "back up, restore or administer the database",
        }
    }
}

/// Over which children a rule grants its action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Own,
    Team,
    All,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub action: Action,
    pub roles: Vec<Role>,
    pub scope: Scope,
}

/// Who is responsible for a child, for scoped rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChildScope<'a> {
    pub worker: Option<&'a str>,
    pub iro: Option<&'a str>,
    pub team: Option<&'a str>,
}

/// Why an action was refused, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    pub rules: Vec<Rule>,
    /// Who records each step of a form's route (`[[step]]`); a route the
    /// file names no step of is left to `sign-off-qa`.
    pub steps: Vec<StepRule>,
}

/// The built-in rules, read once: a financial request's people where a
/// stored file names none of its steps.
static BUILT_IN_POLICY: std::sync::LazyLock<Policy> =
    std::sync::LazyLock::new(|| parse(BUILT_IN.0, BUILT_IN.1).unwrap_or_default());

impl Policy {
    /// The rule for recording `step` of `route`, where the file names one.
    pub fn step(&self, route: &str, step: &str) -> Option<&StepRule> {
        self.steps.iter().find(|r| r.route == route && r.step == step)
    }

    /// The rule for recording `step` of `route`: the file's, or, for a
    /// financial request's route that the file names no step of (rules
    /// stored before the route's people were data), the built-in file's.
    /// The levels were always signed by their own roles, and an upgrade
    /// must not let any manager sign a Director's decision; the SGO
    /// support plan's steps were not, and stay with `sign-off-qa` until
    /// the administrator imports rules that name them.
    pub fn step_or_built_in(&self, route: &str, step: &str) -> Option<&StepRule> {
        if let Some(rule) = self.step(route, step) {
            return Some(rule);
        }
        if route == crate::approval::ROUTE && !self.steps.iter().any(|r| r.route == route) {
            return BUILT_IN_POLICY.step(route, step);
        }
        None
    }

    /// Whether these rules were written before routes' steps were named
    /// (no `[[step]]` at all): every step then falls to `sign-off-qa`, and
    /// no step need be recorded by someone other than another's recorder.
    pub fn predates_steps(&self) -> bool {
        self.steps.is_empty()
    }

    /// Whether `worker` may record `step` of `route` (shown as `label`) on
    /// `child`, where the file names who does; `recorded` holds the steps
    /// already recorded as (step, by, label). `None` where the file names
    /// no one, and the caller falls back to `sign-off-qa`.
    pub fn allows_step(
        &self,
        worker: &Worker,
        route: &str,
        (step, label): (&str, &str),
        child: ChildScope<'_>,
        recorded: &[(String, String, String)],
    ) -> Option<Result<(), Refusal>> {
        let rule = self.step_or_built_in(route, step)?;
        Some(rule.allows(
            worker,
            label,
            |scope| in_scope(worker, scope, Some(child)),
            recorded,
        ))
    }

    /// Whether `worker` may take `action` (on `child`, for actions about
    /// one child).
    pub fn allows(
        &self,
        worker: &Worker,
        action: Action,
        child: Option<ChildScope<'_>>,
    ) -> Result<(), Refusal> {
        let in_scope = |scope: Scope| in_scope(worker, scope, child);
        let rules: Vec<&Rule> = self.rules.iter().filter(|r| r.action == action).collect();
        if rules
            .iter()
            .any(|r| r.roles.contains(&worker.role) && in_scope(r.scope))
        {
            return Ok(());
        }
        // Say who may: those with the role everywhere, then the narrower grants.
        let anywhere: Vec<&str> = rules
            .iter()
            .filter(|r| r.scope == Scope::All)
            .flat_map(|r| r.roles.iter().map(|role| role_phrase(*role)))
            .collect();
        let mine = rules.iter().find(|r| r.roles.contains(&worker.role));
        let message = match mine {
            Some(rule) => format!(
                "As a {}, you can {} only for children {}",
                role_phrase(worker.role),
                action
                    .described()
                    .replace("this child's", "a child's")
                    .replace("this child", "a child"),
                match rule.scope {
                    Scope::Own => "allocated to you",
                    Scope::Team => "of your team or allocated to you",
                    Scope::All => "anywhere",
                }
            ),
            None if anywhere.is_empty() => format!("Nobody can {}", action.described()),
            None => format!("Only {} can {}", list(&anywhere), action.described()),
        };
        Err(Refusal(message))
    }
}

impl Policy {
    /// Refuses rules under which administrators could no longer manage
    /// users or replace the rules: nobody could ever put that right, since
    /// changing the rules is itself an administrator's action.
    pub fn keeps_administration(&self) -> Result<(), String> {
        let missing: Vec<&str> = [Action::Administer, Action::ManageUsers]
            .into_iter()
            .filter(|action| {
                !self
                    .rules
                    .iter()
                    .any(|r| r.action == *action && r.scope == Scope::All && r.roles.contains(&Role::Admin))
            })
            .map(Action::code)
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "these rules do not give the admin role {} over all children; without {}, nobody could change the rules or the users again",
                missing.join(" and "),
                if missing.len() == 1 { "it" } else { "them" }
            ))
        }
    }
}

/// Whether `child` is within `scope` for `worker`.
fn in_scope(worker: &Worker, scope: Scope, child: Option<ChildScope<'_>>) -> bool {
    match (scope, child) {
        (Scope::All, _) | (_, None) => true,
        (Scope::Own, Some(c)) => {
            c.worker == Some(worker.username.as_str()) || c.iro == Some(worker.username.as_str())
        }
        (Scope::Team, Some(c)) => {
            c.worker == Some(worker.username.as_str())
                || c.iro == Some(worker.username.as_str())
                || (worker.team.is_some() && c.team == worker.team.as_deref())
        }
    }
}

/// "a team manager", "an IRO".
fn role_phrase(role: Role) -> &'static str {
    match role {
        Role::SocialWorker => "social worker",
        Role::SeniorPractitioner => "senior practitioner",
        Role::TeamManager => "team manager",
        Role::ServiceManager => "service manager",
        Role::HeadOfService => "head of service",
        Role::AssistantDirector => "Assistant Director",
        Role::Director => "Director",
        Role::Iro => "IRO",
        Role::BusinessSupport => "business support officer",
        Role::Reviewer => "reviewer",
        Role::Admin => "administrator",
    }
}

fn list(items: &[&str]) -> String {
    let article = |s: &str| {
        if s.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
            format!("an {s}")
        } else {
            format!("a {s}")
        }
    };
    let words: Vec<String> = items.iter().map(|s| article(s)).collect();
    match words.len() {
        0 => String::new(),
        1 => words[0].clone(),
        n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

/// A rule's or a permission's scope: own, team or all.
fn scope(text: &Spanned<String>, problem: &mut dyn FnMut(std::ops::Range<usize>, String)) -> Option<Scope> {
    match text.get_ref().as_str() {
        "own" => Some(Scope::Own),
        "team" => Some(Scope::Team),
        "all" => Some(Scope::All),
        other => {
            problem(text.span(), format!("scope: {other:?} is not own, team or all"));
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    permission: Vec<Spanned<steps::RawPermission>>,
    #[serde(default)]
    step: Vec<Spanned<steps::RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    action: Spanned<String>,
    roles: Spanned<Vec<String>>,
    scope: Spanned<String>,
}

/// Reads a permissions file, with every problem located.
pub fn parse(file: &str, text: &str) -> Result<Policy, Vec<FileError>> {
    let raw: RawPolicy = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let mut problems = Vec::new();
    let mut rules = Vec::new();
    let mut problem = |span, message| problems.push(FileError::at_span(file, text, span, message));
    for raw_rule in &raw.rule {
        let r = raw_rule.get_ref();
        let action = Action::parse(r.action.get_ref());
        if action.is_none() {
            problem(
                r.action.span(),
                format!(
                    "action: {:?} is not an action (known: {})",
                    r.action.get_ref(),
                    Action::ALL.map(Action::code).join(", ")
                ),
            );
        }
        let mut roles = Vec::new();
        for name in r.roles.get_ref() {
            match Role::parse(name) {
                Some(role) => roles.push(role),
                None => problem(
                    r.roles.span(),
                    format!(
                        "roles: {name:?} is not a role (known: {})",
                        Role::ALL.map(Role::code).join(", ")
                    ),
                ),
            }
        }
        let scope = scope(&r.scope, &mut problem);
        if let (Some(action), Some(scope)) = (action, scope) {
            rules.push(Rule { action, roles, scope });
        }
    }
    let steps = steps::parse(&raw.permission, &raw.step, &mut problem);
    if problems.is_empty() {
        Ok(Policy { rules, steps })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        parse(BUILT_IN.0, BUILT_IN.1).unwrap()
    }

    fn worker(username: &str, role: Role, team: &str) -> Worker {
        Worker {
            username: username.into(),
            display_name: username.into(),
            role,
            team: Some(team.into()),
        }
    }

    fn child<'a>(worker: &'a str, team: &'a str) -> ChildScope<'a> {
        ChildScope {
            worker: Some(worker),
            iro: Some("ian"),
            team: Some(team),
        }
    }

    #[test]
    fn social_workers_edit_their_own_and_their_teams_children() {
        let p = policy();
        let sw = worker("sam", Role::SocialWorker, "CiC 1");
        assert!(
            p.allows(&sw, Action::EditTimeline, Some(child("sam", "CiC 2")))
                .is_ok()
        );
        assert!(
            p.allows(&sw, Action::EditTimeline, Some(child("pat", "CiC 1")))
                .is_ok()
        );
        let refused = p
            .allows(&sw, Action::EditTimeline, Some(child("pat", "CiC 2")))
            .unwrap_err();
        assert_eq!(
            refused.to_string(),
            "As a social worker, you can change a child's timeline only for children of your team or allocated to you"
        );
        assert!(
            p.allows(&sw, Action::ViewChild, Some(child("pat", "CiC 2")))
                .is_ok()
        );
    }

    #[test]
    fn refusals_say_who_may() {
        let p = policy();
        let sw = worker("sam", Role::SocialWorker, "CiC 1");
        assert_eq!(
            p.allows(&sw, Action::SignOffQa, None).unwrap_err().to_string(),
            "Only a team manager, a service manager, a head of service, an Assistant Director, a Director or an administrator can sign off QA steps"
        );
        let tm = worker("tina", Role::TeamManager, "CiC 1");
        assert!(p.allows(&tm, Action::SignOffQa, None).is_ok());
        let reviewer = worker("rev", Role::Reviewer, "Audit");
        assert!(
            p.allows(&reviewer, Action::ViewChild, Some(child("pat", "CiC 2")))
                .is_ok()
        );
        for action in [
            Action::EditTimeline,
            Action::Import,
            Action::Export,
            Action::ManageUsers,
        ] {
            assert!(
                p.allows(&reviewer, action, Some(child("rev", "Audit"))).is_err(),
                "{action:?}"
            );
        }
        let iro = worker("ian", Role::Iro, "IRS");
        assert!(
            p.allows(&iro, Action::EditTimeline, Some(child("pat", "CiC 2")))
                .is_ok(),
            "the child's IRO"
        );
        let other = ChildScope {
            iro: Some("ivy"),
            ..child("pat", "CiC 2")
        };
        assert!(p.allows(&iro, Action::EditTimeline, Some(other)).is_err());
    }

    #[test]
    fn rules_that_lock_administrators_out_are_refused() {
        assert_eq!(policy().keeps_administration(), Ok(()));
        let text = "[[rule]]\naction = \"administer\"\nroles = [\"admin\"]\nscope = \"all\"\n";
        let refused = parse("p.toml", text).unwrap().keeps_administration().unwrap_err();
        assert!(
            refused.contains("do not give the admin role manage-users"),
            "{refused}"
        );
        let listing = worker("tina", Role::TeamManager, "CiC 1");
        assert!(policy().allows(&listing, Action::ViewUsers, None).is_ok());
        let sw = worker("sam", Role::SocialWorker, "CiC 1");
        assert!(policy().allows(&sw, Action::ViewUsers, None).is_err());
    }

    #[test]
    fn a_wrong_file_is_refused_with_lines() {
        let text = "[[rule]]\naction = \"fly\"\nroles = [\"pilot\"]\nscope = \"sky\"\n";
        let errors: Vec<String> = parse("p.toml", text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            errors[0].starts_with("p.toml:2: action: \"fly\" is not an action"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("p.toml:3: roles: \"pilot\" is not a role"),
            "{errors:?}"
        );
        assert_eq!(errors[2], "p.toml:4: scope: \"sky\" is not own, team or all");
    }

    /// Records `step` of the SGO support plan as `who`, with `recorded`
    /// (step, by, label) already done, on a child of team CiC 1.
    fn sgo_step(who: &Worker, step: &str, recorded: &[(&str, &str)]) -> Result<(), String> {
        let recorded: Vec<(String, String, String)> = recorded
            .iter()
            .map(|(s, by)| (s.to_string(), by.to_string(), format!("the {s} step")))
            .collect();
        let label = crate::sgo_plan::Step::parse(step).unwrap().label();
        policy()
            .allows_step(
                who,
                "sgo-support-plan",
                (step, label),
                child("sam", "CiC 1"),
                &recorded,
            )
            .expect("the built-in file names every step")
            .map_err(|r| r.to_string())
    }

    #[test]
    fn each_step_of_the_sgo_support_plan_names_who_records_it() {
        let sam = worker("sam", Role::SocialWorker, "CiC 1");
        let tina = worker("tina", Role::TeamManager, "CiC 1");
        let tom = worker("tom", Role::TeamManager, "SGO Support");
        let steve = worker("steve", Role::ServiceManager, "SGO Support");
        // The worker's steps.
        for step in [
            "sent-to-sgo-single-point-of-access",
            "amendments",
            "presented-to-panel",
        ] {
            assert_eq!(sgo_step(&sam, step, &[]), Ok(()), "{step}");
            assert!(sgo_step(&tina, step, &[]).is_err(), "{step}");
        }
        // The case manager is the child's team's.
        assert_eq!(sgo_step(&tina, "case-manager-qa", &[]), Ok(()));
        assert_eq!(
            sgo_step(&tom, "case-manager-qa", &[]).unwrap_err(),
            "Quality assured by the case manager needs the case-manager permission (the child's team manager), \
             which a team manager holds only for children of their team or allocated to them"
        );
        assert_eq!(
            sgo_step(&sam, "case-manager-qa", &[]).unwrap_err(),
            "Quality assured by the case manager needs the case-manager permission (the child's team manager); \
             you are a social worker"
        );
        // The SGO practice manager's QA is another team manager's.
        assert_eq!(
            sgo_step(&tom, "sgo-practice-manager-qa", &[("case-manager-qa", "tina")]),
            Ok(())
        );
        assert_eq!(
            sgo_step(&tina, "sgo-practice-manager-qa", &[("case-manager-qa", "tina")]).unwrap_err(),
            "Quality assured by the SGO practice manager must be recorded by someone other than who \
             recorded the case-manager-qa step (you): the route asks two people for these"
        );
        // Only a service manager authorises.
        assert_eq!(sgo_step(&steve, "authorised-by-service-manager", &[]), Ok(()));
        assert_eq!(
            sgo_step(&tina, "authorised-by-service-manager", &[]).unwrap_err(),
            "Authorised by the Service Manager needs the service-manager permission (a service manager); \
             you are a team manager"
        );
        // No one team manager records every step.
        let admin = worker("ada", Role::Admin, "IT");
        assert!(sgo_step(&admin, "case-manager-qa", &[]).is_err());
        assert!(
            policy().step("sgo-support-plan", "draft").is_none(),
            "submitting records it"
        );
    }

    /// Records `step` of a financial request as `who`, under `policy`.
    fn financial_step(policy: &Policy, who: &Worker, step: &str) -> Option<Result<(), String>> {
        policy
            .allows_step(
                who,
                "financial-approval",
                (step, step),
                child("sam", "CiC 1"),
                &[],
            )
            .map(|verdict| verdict.map_err(|r| r.to_string()))
    }

    #[test]
    fn each_step_of_a_financial_request_names_who_records_it_in_data() {
        let hos = worker("hana", Role::HeadOfService, "CiC");
        let ad = worker("adam", Role::AssistantDirector, "CiC");
        let director = worker("dee", Role::Director, "CiC");
        let tina = worker("tina", Role::TeamManager, "CiC 1");
        let admin = worker("ada", Role::Admin, "IT");
        let policy = policy();
        for (step, who) in [
            ("head-of-service", &hos),
            ("assistant-director", &ad),
            ("director", &director),
            ("dmt", &hos),
            ("dmt", &ad),
            ("dmt", &director),
            ("duty-solicitor", &admin),
        ] {
            assert_eq!(financial_step(&policy, who, step), Some(Ok(())), "{step}");
        }
        for (step, who) in [
            ("head-of-service", &ad),
            ("assistant-director", &hos),
            ("director", &ad),
            ("dmt", &tina),
            ("duty-solicitor", &hos),
        ] {
            assert!(
                matches!(financial_step(&policy, who, step), Some(Err(_))),
                "{step}"
            );
        }
        assert_eq!(
            financial_step(&policy, &tina, "director"),
            Some(Err(
                "director needs the director permission (the Director); you are a team manager".to_string()
            ))
        );
        let rule = policy.step("financial-approval", "head-of-service").unwrap();
        assert_eq!(rule.permission.holder, "the Head of Service");
        assert!(rule.permission.source.contains("Head of Service"));
    }

    #[test]
    fn rules_stored_before_steps_keep_the_built_in_financial_people_but_not_the_sgo_plans() {
        let old = parse(
            "old.toml",
            "[[rule]]\naction = \"administer\"\nroles = [\"admin\"]\nscope = \"all\"\n",
        )
        .unwrap();
        assert!(old.predates_steps());
        assert!(!policy().predates_steps());
        // A Director's decision never falls to any manager on upgrade...
        let tina = worker("tina", Role::TeamManager, "CiC 1");
        assert!(matches!(financial_step(&old, &tina, "director"), Some(Err(_))));
        // ...while the SGO support plan's steps fall to sign-off-qa.
        assert!(
            old.step_or_built_in("sgo-support-plan", "case-manager-qa")
                .is_none()
        );
        assert!(
            old.allows_step(
                &tina,
                "sgo-support-plan",
                ("case-manager-qa", "QA"),
                child("sam", "CiC 1"),
                &[]
            )
            .is_none()
        );
    }

    #[test]
    fn a_file_naming_part_of_the_financial_route_is_refused() {
        let text = "[[permission]]\nname = \"hos\"\nholder = \"the Head of Service\"\n\
                    roles = [\"head-of-service\"]\nscope = \"all\"\nsource = \"guidance\"\n\n\
                    [[step]]\nroute = \"financial-approval\"\nstep = \"head-of-service\"\npermission = \"hos\"\n\n\
                    [[step]]\nroute = \"financial-approval\"\nstep = \"panel\"\npermission = \"hos\"\n";
        let errors: Vec<String> = parse("p.toml", text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            errors[0].starts_with("p.toml:15: step: \"panel\" is not a step of financial-approval to name"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with(
                "p.toml:9: route financial-approval: every step needs a [[step]]; missing: assistant-director, director, dmt, duty-solicitor"
            ),
            "{errors:?}"
        );
    }

    #[test]
    fn a_file_naming_steps_wrongly_is_refused_with_lines() {
        let text = "[[permission]]\nname = \"pm\"\nholder = \"a manager\"\nroles = [\"team-manager\"]\n\
                    scope = \"all\"\nsource = \"guidance\"\n\n\
                    [[step]]\nroute = \"sgo-support-plan\"\nstep = \"draft\"\npermission = \"pm\"\n\n\
                    [[step]]\nroute = \"sgo-support-plan\"\nstep = \"case-manager-qa\"\npermission = \"boss\"\n\n\
                    [[step]]\nroute = \"adoption\"\nstep = \"x\"\npermission = \"pm\"\n";
        let errors: Vec<String> = parse("p.toml", text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            errors[0].starts_with("p.toml:10: step: \"draft\" is not a step of sgo-support-plan to name (the draft is recorded by submitting the form)"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("p.toml:16: permission: \"boss\" is not declared"),
            "{errors:?}"
        );
        assert!(
            errors[2].starts_with("p.toml:19: route: \"adoption\" is not a route"),
            "{errors:?}"
        );
        assert!(
            errors[3].starts_with(
                "p.toml:9: route sgo-support-plan: every step needs a [[step]]; missing: case-manager-qa,"
            ),
            "{errors:?}"
        );
        // A file with no steps leaves them to sign-off-qa, as before.
        let rules = "[[rule]]\naction = \"administer\"\nroles = [\"admin\"]\nscope = \"all\"\n";
        assert!(parse("p.toml", rules).unwrap().steps.is_empty());
    }
}
