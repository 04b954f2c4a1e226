//! Which children a report covers: everyone, one worker's allocation, or
//! one team's children (`report ... --worker USER --team NAME`). The names
//! given are checked against the known users and teams here, so that a
//! mistyped name is refused with the ones that exist rather than giving
//! an empty report that looks like a clear caseload.

use crate::child::ChildFields;

/// The children a report covers; both set narrows to both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// A worker's username: the children allocated to them.
    pub worker: Option<String>,
    /// A team's name as the record holds it: the children of that team.
    pub team: Option<String>,
}

/// A name given for a scope that is not known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("--worker: there is no user {given:?} (users: {})", known.join(", "))]
    UnknownWorker { given: String, known: Vec<String> },
    #[error("--team: there is no team {given:?} (teams: {})", known.join(", "))]
    UnknownTeam { given: String, known: Vec<String> },
}

impl Scope {
    /// The scope for the names given, each checked against those known: a
    /// username exactly (as logins are), a team ignoring case and the
    /// spaces around it, read as the record spells it.
    pub fn resolve(
        worker: Option<&str>,
        team: Option<&str>,
        users: &[String],
        teams: &[String],
    ) -> Result<Scope, ScopeError> {
        let worker = match worker {
            None => None,
            Some(w) if users.iter().any(|u| u == w) => Some(w.to_string()),
            Some(w) => {
                return Err(ScopeError::UnknownWorker {
                    given: w.to_string(),
                    known: users.to_vec(),
                });
            }
        };
        let team = match team {
            None => None,
            Some(t) => match teams.iter().find(|k| k.trim().eq_ignore_ascii_case(t.trim())) {
                Some(known) => Some(known.clone()),
                None => {
                    return Err(ScopeError::UnknownTeam {
                        given: t.to_string(),
                        known: teams.to_vec(),
                    });
                }
            },
        };
        Ok(Scope { worker, team })
    }

    /// Whether the report covers the child.
    pub fn covers(&self, fields: &ChildFields) -> bool {
        self.covers_allocation(fields.worker.as_deref(), fields.team.as_deref())
    }

    /// Whether it covers a child allocated to `worker` (a username) in
    /// `team`: what a stored report, which has no record to hand, asks.
    pub fn covers_allocation(&self, worker: Option<&str>, team: Option<&str>) -> bool {
        let worker_in = self.worker.as_deref().is_none_or(|w| worker == Some(w));
        let team_in = self.team.as_deref().is_none_or(|t| team == Some(t));
        worker_in && team_in
    }

    /// Whether it covers everyone.
    pub fn is_everyone(&self) -> bool {
        self.worker.is_none() && self.team.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn known_names_resolve_and_the_team_takes_the_records_spelling() {
        let scope =
            Scope::resolve(Some("sam"), Some(" north "), &names(&["sam"]), &names(&["North"])).unwrap();
        assert_eq!(scope.worker.as_deref(), Some("sam"));
        assert_eq!(scope.team.as_deref(), Some("North"));
        assert!(Scope::resolve(None, None, &[], &[]).unwrap().is_everyone());
    }

    #[test]
    fn unknown_names_are_refused_with_the_known_ones() {
        let e = Scope::resolve(Some("nobody"), None, &names(&["sam", "ali"]), &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--worker: there is no user \"nobody\" (users: sam, ali)"
        );
        let e = Scope::resolve(None, Some("West"), &[], &names(&["North", "South"])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--team: there is no team \"West\" (teams: North, South)"
        );
    }
}
