# Team workspaces: sign-in, the owner's work, roles and what they allow.
team-not-member = { $login } is not a member of this team; ask the team's admin to invite you (`sb team invite`), then sign in with the sign-in name and one-time password they give you
team-not-for-team = { $what } is not for a team workspace: there you are who you sign in as ({ $login }); the team's owner invites people and sets their roles with `sb team`
team-what-create-profile = creating a profile
team-what-act-as = acting as another person
team-needs-team = this is not a team workspace; { $does } needs one: run `sb team init URL` on an empty PostgreSQL database first
team-only-owner = only the team's owner ({ $owner }) { $does }; you are signed in as { $login }
team-does-list = listing the team
team-does-invite = invites people
team-does-roles = changes roles
team-does-lines = sets people's lines
team-does-remove = removes people
team-does-reset = resets passwords
team-init-needs-postgres = a team workspace lives on PostgreSQL; this one is a local file. Create an empty database on the team's server and run `sb team init postgres://OWNER@HOST/DATABASE`
person-no-id = there is no person with id { $id }
team-no-login-from-name = no sign-in name can be made from this name; give one with --login (for example ivan_petrov)
team-member-removed = { $login } was removed from the team; their line no longer matters
team-owner-cannot-remove-itself = the owner cannot remove itself
team-password-local = a password is changed in a team workspace; this one is local and has no sign-in
team-sign-out-local = signing out is for a team workspace; this one is local
team-upgrade-local = `sb team upgrade` is for a team workspace on PostgreSQL; a local workspace upgrades itself when it opens
team-upgrade-not-team = this database is not a team workspace yet; run `sb team init` first
team-upgrade-only-owner = only the team's owner upgrades the workspace; you are signed in as { $login }
team-upgrade-backup-file = name the file the backup taken before the upgrade goes to (--backup FILE)
team-owner-sets-line = in a team workspace the team's owner ({ $owner }) sets a person's line: `sb team line LOGIN L1|L2|L3|any`; you are signed in as { $login }
team-change-password-first = choose your own password first (the window asks for it, or `sb team password`): the one you were given works only once
team-owner-login-not-member = { $login } is the team's owner login, for `sb team ...`; to work tickets sign in as a member (the owner invites you with `sb team invite`)
profile-set-up-first = set up your profile first (in the window, or `sb profile create --name <name> --role engineer`)
# A refusal by role: "only a lead or an admin keeps the mailboxes".
duty-refused = only { $who } { $duty ->
    [packages] keeps the support-hours packages
    [approve_time] approves and invoices time
    [routing_rules] edits the routing rules and business hours
    [vendors] keeps the vendors and their credentials
    [mailboxes] keeps the mailboxes
    [alert_sources] keeps the alert sources
   *[sla_policies] keeps the SLA policies and their calendars
}
role-a = { $role ->
    [engineer] an engineer
    [lead] a lead
    [account_manager] an account manager
   *[admin] an admin
}
role-nobody = nobody
words-comma = { $first }, { $next }
words-or = { $first } or { $last }
