//! What a signed-in member of the legal team may do: one ordered role per user, so every route
//! asks the same question ("may this role edit cases?") in one place.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

/// A user's role. The order matters: each role can do everything the roles before it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads cases; changes nothing.
    Viewer,
    /// Works cases: records process, targets, notes and documents.
    Analyst,
    /// Makes legal decisions: approves, rejects and closes cases.
    Counsel,
    /// Counsel's powers plus user management.
    Admin,
}

/// The text given is not the name of a role.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown role \"{given}\": expected one of {}", Role::names())]
pub struct UnknownRole {
    pub given: String,
}

impl Role {
    /// Every role, least powerful first.
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Analyst, Role::Counsel, Role::Admin];

    /// Parses a role name ("counsel"); surrounding spaces and letter case are ignored.
    pub fn parse(value: &str) -> Result<Role, UnknownRole> {
        let wanted = value.trim();
        Role::ALL
            .into_iter()
            .find(|role| role.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownRole { given: value.to_owned() })
    }

    /// The stable snake_case name used in the API, the CLI and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Counsel => "counsel",
            Role::Admin => "admin",
        }
    }

    /// Every role may read cases.
    pub fn can_read(self) -> bool {
        self >= Role::Viewer
    }

    /// Analysts and above may change a case's contents.
    pub fn can_edit_cases(self) -> bool {
        self >= Role::Analyst
    }

    /// Counsel and above may make legal decisions (approve, reject, close).
    pub fn can_approve(self) -> bool {
        self >= Role::Counsel
    }

    /// Only admins may add, change or disable users.
    pub fn can_manage_users(self) -> bool {
        self >= Role::Admin
    }

    fn names() -> String {
        let names: Vec<&str> = Role::ALL.iter().map(|role| role.as_str()).collect();
        names.join(", ")
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{Role, UnknownRole};

    #[test]
    fn every_role_parses_from_its_own_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
    }

    #[test]
    fn parsing_ignores_case_and_surrounding_spaces() {
        assert_eq!(Role::parse(" Counsel "), Ok(Role::Counsel));
    }

    #[test]
    fn unknown_role_error_names_the_input_and_the_valid_roles() {
        let error = Role::parse("owner").unwrap_err();

        assert_eq!(error, UnknownRole { given: "owner".to_owned() });
        assert_eq!(
            error.to_string(),
            "unknown role \"owner\": expected one of viewer, analyst, counsel, admin"
        );
    }

    #[test]
    fn roles_are_ordered_from_viewer_to_admin() {
        assert!(Role::Viewer < Role::Analyst);
        assert!(Role::Analyst < Role::Counsel);
        assert!(Role::Counsel < Role::Admin);
    }

    #[test]
    fn permissions_grow_with_the_role() {
        let table = [
            // role, read, edit, approve, manage users
            (Role::Viewer, true, false, false, false),
            (Role::Analyst, true, true, false, false),
            (Role::Counsel, true, true, true, false),
            (Role::Admin, true, true, true, true),
        ];
        for (role, read, edit, approve, manage) in table {
            assert_eq!(role.can_read(), read, "{role} read");
            assert_eq!(role.can_edit_cases(), edit, "{role} edit");
            assert_eq!(role.can_approve(), approve, "{role} approve");
            assert_eq!(role.can_manage_users(), manage, "{role} manage users");
        }
    }

    #[test]
    fn serde_uses_the_snake_case_name() {
        for role in Role::ALL {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(serde_json::from_str::<Role>(&json).unwrap(), role);
        }
    }
}
