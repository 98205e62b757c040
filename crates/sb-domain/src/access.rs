//! Who may do what: the duties of each role, and the rules for a team member's sign-in name
//! and password.
//!
//! Architecture Invariant: this table is the one source of the desk's permissions. The app
//! layer checks it on every change (the only check on SQLite, and the clear message on
//! PostgreSQL); team mode's grants and row-level security (migration 0031's
//! `sb_team_grants()`) enforce the same table in the database, so a desktop that bypasses the
//! app with plain SQL is refused too.

use crate::ticket::Role;

crate::ticket::vocabulary!(
    /// Something not every role may do. Work on tickets (taking, commenting, logging one's own
    /// time, escalating) is everyone's and is not listed.
    Duty, "duty", {
        Packages => "packages",
        ApproveTime => "approve_time",
        RoutingRules => "routing_rules",
        Vendors => "vendors",
        Mailboxes => "mailboxes",
        AlertSources => "alert_sources",
        SlaPolicies => "sla_policies",
    }
);

impl Duty {
    /// What is refused, as the message's end: "only an account manager or an admin {does}".
    pub fn does(self) -> &'static str {
        match self {
            Duty::Packages => "keeps the support-hours packages",
            Duty::ApproveTime => "approves and invoices time",
            Duty::RoutingRules => "edits the routing rules and business hours",
            Duty::Vendors => "keeps the vendors and their credentials",
            Duty::Mailboxes => "keeps the mailboxes",
            Duty::AlertSources => "keeps the alert sources",
            Duty::SlaPolicies => "keeps the SLA policies and their calendars",
        }
    }

    /// The roles that have this duty, as a person reads them ("a lead, an account manager or
    /// an admin").
    pub fn who(self) -> String {
        let names: Vec<&str> = Role::ALL
            .iter()
            .filter(|r| r.may(self))
            .map(|r| match r {
                Role::Engineer => "an engineer",
                Role::Lead => "a lead",
                Role::AccountManager => "an account manager",
                Role::Admin => "an admin",
            })
            .collect();
        match names.split_last() {
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => "nobody".to_string(),
        }
    }
}

impl Role {
    /// Whether this role has `duty`.
    pub fn may(self, duty: Duty) -> bool {
        match self {
            Role::Engineer => false,
            // A lead runs the line: who gets which ticket, when the desk works and what it
            // promises (the SLA policies and their calendars).
            Role::Lead => matches!(duty, Duty::RoutingRules | Duty::SlaPolicies),
            Role::AccountManager | Role::Admin => true,
        }
    }

    /// Every duty of this role, for the window to show or hide actions.
    pub fn duties(self) -> Vec<Duty> {
        Duty::ALL.iter().copied().filter(|d| self.may(*d)).collect()
    }
}

/// Who is told that a package crossed a threshold, from the people who take part in the
/// workspace (`(id, role)`): those whose role keeps the packages; when nobody's does, everyone,
/// so that a desk of engineers alone is still told.
pub fn told_of_crossings(people: &[(i64, Role)]) -> Vec<i64> {
    let keepers: Vec<i64> = people
        .iter()
        .filter(|(_, role)| role.may(Duty::Packages))
        .map(|(id, _)| *id)
        .collect();
    if keepers.is_empty() {
        people.iter().map(|(id, _)| *id).collect()
    } else {
        keepers
    }
}

/// Whether `person` may change or delete a time entry of `author` in `state`: only its
/// author, and only while it is a draft (an approved entry is corrected by an adjustment).
pub fn may_change_entry(person: i64, author: i64, draft: bool) -> bool {
    person == author && draft
}

crate::ticket::vocabulary!(
    /// Where a team member stands: active, invited (the one-time password not yet replaced),
    /// or removed (can no longer sign in; their history stays).
    MemberState, "member state", {
        Active => "active",
        Invited => "invited",
        Removed => "removed",
    }
);

impl MemberState {
    /// A member's state from their record: a removal outranks an invitation not yet taken up.
    pub fn of(removed_at: Option<i64>, must_change_password: bool) -> MemberState {
        match (removed_at, must_change_password) {
            (Some(_), _) => MemberState::Removed,
            (None, true) => MemberState::Invited,
            (None, false) => MemberState::Active,
        }
    }
}

/// A team member's sign-in name: a PostgreSQL login role, so lower-case Latin letters, digits
/// and `_`, starting with a letter, at most 63 bytes, and not one of the server's own
/// (`pg_...`) or the team's group roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    #[error("{}", self.msg())]
    Length,
    #[error("{}", self.msg())]
    Characters,
    #[error("{}", self.msg())]
    Reserved(String),
}

impl LoginError {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> sb_i18n::Msg {
        use sb_i18n::msg;
        match self {
            LoginError::Length => msg!("login-length"),
            LoginError::Characters => msg!("login-characters"),
            LoginError::Reserved(name) => msg!("login-reserved", name = name),
        }
    }
}

impl Login {
    pub fn parse(value: &str) -> Result<Login, LoginError> {
        let v = value.trim();
        if v.is_empty() || v.len() > 63 {
            return Err(LoginError::Length);
        }
        let mut chars = v.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        if !first_ok
            || !v
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(LoginError::Characters);
        }
        if v.starts_with("pg_") || matches!(v, "postgres" | "public" | "none") {
            return Err(LoginError::Reserved(v.to_string()));
        }
        Ok(Login(v.to_string()))
    }

    /// A sign-in name made from a person's name: "Ivan Petrov" -> `ivan_petrov`; Cyrillic is
    /// transliterated. `None` when nothing usable is left.
    pub fn suggest(name: &str) -> Option<Login> {
        let mut out = String::new();
        for c in name.trim().to_lowercase().chars() {
            match c {
                'a'..='z' | '0'..='9' => out.push(c),
                c if c.is_whitespace() || c == '-' || c == '.' || c == '_' => {
                    if !out.is_empty() && !out.ends_with('_') {
                        out.push('_');
                    }
                }
                c => out.push_str(translit(c)),
            }
        }
        let trimmed: String = out.trim_end_matches('_').chars().take(63).collect();
        Login::parse(&trimmed).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn translit(c: char) -> &'static str {
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'ы' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ю' => "yu",
        'я' => "ya",
        _ => "",
    }
}

/// The shortest password a team member may choose.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Checks a password a person chose for their sign-in: long enough, and not their sign-in
/// name. Returns what to fix.
pub fn check_new_password(login: &str, password: &str) -> Result<(), sb_i18n::Msg> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(sb_i18n::msg!(
            "password-too-short",
            min = MIN_PASSWORD_CHARS
        ));
    }
    if password.trim().eq_ignore_ascii_case(login) {
        return Err(sb_i18n::msg!("password-is-login"));
    }
    if password.contains('\0') {
        return Err(sb_i18n::msg!("password-nul"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crossing_is_told_to_who_keeps_the_packages_or_else_to_everyone() {
        let team = [
            (1, Role::Engineer),
            (2, Role::AccountManager),
            (3, Role::Lead),
            (4, Role::Admin),
        ];
        assert_eq!(told_of_crossings(&team), [2, 4]);
        let engineers = [(1, Role::Engineer), (3, Role::Lead)];
        assert_eq!(told_of_crossings(&engineers), [1, 3]);
        assert!(told_of_crossings(&[]).is_empty());
    }

    #[test]
    fn the_duty_table() {
        assert!(Role::Engineer.duties().is_empty());
        assert_eq!(
            Role::Lead.duties(),
            vec![Duty::RoutingRules, Duty::SlaPolicies]
        );
        assert_eq!(Role::AccountManager.duties(), Duty::ALL.to_vec());
        assert_eq!(Role::Admin.duties(), Duty::ALL.to_vec());
        assert_eq!(Duty::Packages.who(), "an account manager or an admin");
        assert_eq!(
            Duty::RoutingRules.who(),
            "a lead, an account manager or an admin"
        );
    }

    #[test]
    fn only_the_author_changes_a_draft() {
        assert!(may_change_entry(7, 7, true));
        assert!(!may_change_entry(8, 7, true));
        assert!(!may_change_entry(7, 7, false));
    }

    #[test]
    fn a_members_state() {
        assert_eq!(MemberState::of(None, false), MemberState::Active);
        assert_eq!(MemberState::of(None, true), MemberState::Invited);
        assert_eq!(MemberState::of(Some(5), false), MemberState::Removed);
        // Removed before taking the invitation up: removed.
        assert_eq!(MemberState::of(Some(5), true), MemberState::Removed);
    }

    #[test]
    fn sign_in_names() {
        assert_eq!(
            Login::parse(" ivan_petrov ").unwrap().as_str(),
            "ivan_petrov"
        );
        assert_eq!(Login::parse("Ivan"), Err(LoginError::Characters));
        assert_eq!(Login::parse("1van"), Err(LoginError::Characters));
        assert_eq!(Login::parse("ivan; DROP"), Err(LoginError::Characters));
        assert_eq!(Login::parse(""), Err(LoginError::Length));
        assert_eq!(Login::parse(&"a".repeat(64)), Err(LoginError::Length));
        assert!(matches!(
            Login::parse("pg_monitor"),
            Err(LoginError::Reserved(_))
        ));
        assert!(matches!(
            Login::parse("postgres"),
            Err(LoginError::Reserved(_))
        ));
    }

    #[test]
    fn suggested_sign_in_names() {
        let s = |n: &str| Login::suggest(n).map(|l| l.to_string());
        assert_eq!(s("Ivan Petrov").as_deref(), Some("ivan_petrov"));
        assert_eq!(s("Мария Лебедева").as_deref(), Some("mariya_lebedeva"));
        assert_eq!(s("  O'Neil - Anna ").as_deref(), Some("oneil_anna"));
        assert_eq!(s("42"), None);
        assert_eq!(s("中文"), None);
    }

    #[test]
    fn new_passwords() {
        assert!(check_new_password("ivan", "short").is_err());
        assert!(check_new_password("ivan_petrov_1", "IVAN_PETROV_1").is_err());
        assert!(check_new_password("ivan", "a long pass phrase").is_ok());
        assert!(check_new_password("ivan", "пароль-из-кириллицы").is_ok());
    }
}
