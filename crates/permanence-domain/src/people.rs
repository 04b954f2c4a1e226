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

crate::coded::coded! {
    Role, custom;
    SocialWorker => "social-worker", "Social worker";
    SeniorPractitioner => "senior-practitioner", "Senior practitioner";
    TeamManager => "team-manager", "Team manager";
    ServiceManager => "service-manager", "Service manager";
    HeadOfService => "head-of-service", "Head of service";
    AssistantDirector => "assistant-director", "Assistant Director";
    Director => "director", "Director";
    Iro => "iro", "Independent Reviewing Officer";
    BusinessSupport => "business-support", "Business support";
    Reviewer => "reviewer", "Reviewer (read-only)";
    Admin => "admin", "Administrator";
}

impl Role {
    /// Whether someone in this role manages the team they belong to, and
    /// so opens the app on that team when no child is allocated to them.
    pub fn manages_team(self) -> bool {
        matches!(
            self,
            Role::TeamManager
                | Role::ServiceManager
                | Role::HeadOfService
                | Role::AssistantDirector
                | Role::Director
        )
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
/// joined by dots, accents dropped (`Zoë` becomes `zoe`), and only the
/// characters a username may hold kept (see [`check_username`]).
pub fn username_for(name: &str) -> String {
    name.split_whitespace()
        .map(|word| {
            word.chars()
                .flat_map(char::to_lowercase)
                .map(unaccented)
                .filter(|c| username_char(*c))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// The longest username accepted: longer than any login name in use.
pub const USERNAME_LIMIT: usize = 64;

/// Whether `name` may be a username: 1 to 64 of `a-z`, `0-9`, `.`, `_`
/// and `-`. Usernames are printed, logged and passed in a shared server's
/// forced commands, so nothing in them can reach a terminal or a shell as
/// anything but a name.
pub fn check_username(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a username cannot be empty".to_string());
    }
    if name.chars().count() > USERNAME_LIMIT {
        return Err(format!(
            "a username can be at most {USERNAME_LIMIT} characters (this one has {})",
            name.chars().count()
        ));
    }
    if let Some(bad) = name.chars().find(|c| !username_char(*c)) {
        let shown = if bad.is_control() || !bad.is_ascii_graphic() {
            format!("U+{:04X}", bad as u32)
        } else {
            format!("{bad:?}")
        };
        return Err(format!(
            "a username may hold only lower-case letters a-z, digits, dots, hyphens and underscores (as alice.smith), not {shown}"
        ));
    }
    Ok(())
}

fn username_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
}

/// The plain letter under a lower-case accented Latin letter, so that a
/// name like `Zoë Ólafsdóttir` still gives a username; anything else is
/// returned as it is (and dropped if a username cannot hold it).
fn unaccented(c: char) -> char {
    const FOLDS: [(&str, char); 12] = [
        ("àáâãäåāăą", 'a'),
        ("çćĉċč", 'c'),
        ("ďđð", 'd'),
        ("èéêëēĕėęě", 'e'),
        ("ĝğġģ", 'g'),
        ("ìíîïĩīĭįı", 'i'),
        ("ñńņňŉ", 'n'),
        ("òóôõöøōŏő", 'o'),
        ("śŝşšŕŗř", 's'),
        ("ùúûüũūŭůűų", 'u'),
        ("ýÿŷ", 'y'),
        ("źżž", 'z'),
    ];
    FOLDS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map_or(c, |(_, to)| *to)
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
        assert_eq!(username_for("Zoë Ólafsdóttir"), "zoe.olafsdottir");
        assert_eq!(username_for("!!"), "");
        assert_eq!(username_for("Bob\u{1b}]0;pwned\u{7}"), "bob0pwned");
        assert_eq!(username_for("Анна Smith"), "smith");
    }

    #[test]
    fn usernames_hold_only_safe_characters() {
        for good in ["alice.smith", "a_b-c.9", "x"] {
            assert_eq!(check_username(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "Alice",
            "al ice",
            "zoë",
            "bob\u{1b}",
            "a/b",
            "a;b",
            &"a".repeat(65),
        ] {
            assert!(check_username(bad).is_err(), "{bad:?}");
        }
        assert!(check_username("bob\u{1b}").unwrap_err().ends_with("not U+001B"));
    }

    proptest::proptest! {
        #[test]
        fn a_derived_username_is_always_a_valid_one(name in ".{0,40}") {
            let username = username_for(&name);
            proptest::prop_assert!(username.is_empty() || check_username(&username).is_ok() || username.chars().count() > USERNAME_LIMIT, "{username:?}");
        }
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
