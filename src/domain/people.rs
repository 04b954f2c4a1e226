//! The adults around a child: the workers who hold and oversee the case,
//! and the carers the child lives with.

use std::fmt;

/// A worker's job, which later decides what they may see and do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    SocialWorker,
    SeniorPractitioner,
    TeamManager,
    ServiceManager,
    HeadOfService,
    AssistantDirector,
    Director,
    Iro,
    BusinessSupport,
    Reviewer,
    Admin,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::SocialWorker,
        Role::SeniorPractitioner,
        Role::TeamManager,
        Role::ServiceManager,
        Role::HeadOfService,
        Role::AssistantDirector,
        Role::Director,
        Role::Iro,
        Role::BusinessSupport,
        Role::Reviewer,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::SocialWorker => "social-worker",
            Role::SeniorPractitioner => "senior-practitioner",
            Role::TeamManager => "team-manager",
            Role::ServiceManager => "service-manager",
            Role::HeadOfService => "head-of-service",
            Role::AssistantDirector => "assistant-director",
            Role::Director => "director",
            Role::Iro => "iro",
            Role::BusinessSupport => "business-support",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::SocialWorker => "Social worker",
            Role::SeniorPractitioner => "Senior practitioner",
            Role::TeamManager => "Team manager",
            Role::ServiceManager => "Service manager",
            Role::HeadOfService => "Head of service",
            Role::AssistantDirector => "Assistant Director",
            Role::Director => "Director",
            Role::Iro => "Independent Reviewing Officer",
            Role::BusinessSupport => "Business support",
            Role::Reviewer => "Reviewer (read-only)",
            Role::Admin => "Administrator",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        let wanted = text.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        Role::ALL.into_iter().find(|r| r.code() == wanted)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A member of staff: social worker, manager, IRO or administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    /// Unique login name; on a shared server, the name the forced command passes.
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub team: Option<String>,
}

impl Worker {
    /// A worker met for the first time by name (in an import, say): the
    /// username is derived from the name so that it is stable across imports.
    pub fn from_name(name: &str, role: Role, team: Option<String>) -> Worker {
        let name = name.trim();
        Worker {
            username: username_for(name),
            display_name: name.to_string(),
            role,
            team,
        }
    }
}

/// `Alice O'Brien-Smith` becomes `alice.obrien-smith`: lower case, words
/// joined by dots, only letters, digits, dots and hyphens kept.
pub fn username_for(name: &str) -> String {
    name.split_whitespace()
        .map(|word| {
            word.chars()
                .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '.')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// Somebody a child lives with or may live with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carer {
    pub name: String,
    /// Their relationship to the child, in the worker's words
    /// ("Maternal grandmother", "Foster carer").
    pub relationship: String,
    /// A relative, friend or other connected person (kinship care), as
    /// opposed to an approved foster carer or adopter unknown to the child.
    pub connected_person: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_derived_from_names() {
        assert_eq!(username_for("Alice Smith"), "alice.smith");
        assert_eq!(username_for("  Alice   O'Brien-Smith "), "alice.obrien-smith");
        assert_eq!(username_for("asmith"), "asmith");
        assert_eq!(username_for("Zoë Ólafsdóttir"), "zoë.ólafsdóttir");
        assert_eq!(username_for("!!"), "");
    }

    #[test]
    fn roles_read_their_codes_and_loose_spellings() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        assert_eq!(Role::parse("Team Manager"), Some(Role::TeamManager));
        assert_eq!(Role::parse("IRO"), Some(Role::Iro));
        assert_eq!(Role::parse("chief executive"), None);
    }
}
