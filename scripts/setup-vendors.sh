#!/usr/bin/env bash
# Installs the vendor ticket systems that the connector tests run for real on 127.0.0.1
# (tests/util/rt.rs, tests/util/redmine.rs), on Debian 12, and prepares their databases:
#   - Request Tracker 5 with SQLite and its standalone server (rt-server): REST2 at WebPath "",
#     a global ticket custom field "Switchboard Correlation";
#   - Redmine 5 with SQLite and thin: REST API on, the default trackers/statuses/priorities
#     (English), a project "switchboard-tests", an issue custom field "Switchboard correlation",
#     API keys for admin and for "vendor-agent" (a member of the project, not admin), and a
#     public project "switchboard-public" where Anonymous may add issues and notes (what a
#     wrong API key silently becomes there).
# The tests copy each database per run and start the servers themselves on a free port.
# Safe to run again: it installs and changes only what is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root=()
as_www=(runuser -u www-data --)
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); as_www=(sudo -u www-data); fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
updated=
apt_install() {
  if [ -z "$updated" ]; then "${as_root[@]}" apt-get update -qq; updated=1; fi
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$@"
}
# Runs SQL on a SQLite file as the web server's user (the databases are www-data's).
sql() { "${as_www[@]}" sqlite3 -batch -noheader "$1" "$2"; }

# ---------------------------------------------------------------- Request Tracker 5
rt_packages=(request-tracker5 rt5-db-sqlite rt5-standalone sqlite3)
rt_missing=()
for p in "${rt_packages[@]}"; do installed "$p" || rt_missing+=("$p"); done
if [ ${#rt_missing[@]} -gt 0 ]; then
  echo "setup-vendors: installing ${rt_missing[*]}"
  # The tests log in with an auth token, never with this password; it only has to exist.
  "${as_root[@]}" debconf-set-selections <<'EOF'
request-tracker5 request-tracker5/dbconfig-install boolean true
request-tracker5 request-tracker5/database-type select sqlite3
request-tracker5 request-tracker5/initial-root-password password switchboard-tests
EOF
  apt_install "${rt_missing[@]}"
fi

rt_etc=/etc/request-tracker5
rt_lib=/usr/share/request-tracker5/lib
rt_db=/var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb
if ! "${as_root[@]}" test -f "$rt_db"; then
  echo "setup-vendors: $rt_db is missing: Request Tracker was installed without its SQLite database" \
       "(dbconfig-common); purge request-tracker5 and run this again" >&2
  exit 1
fi
# The site config readable by the web server's user, as the package's own files in .d are.
if [ "$("${as_root[@]}" stat -c %G:%a "$rt_etc/RT_SiteConfig.pm")" != www-data:640 ]; then
  "${as_root[@]}" chgrp www-data "$rt_etc/RT_SiteConfig.pm"
  "${as_root[@]}" chmod 640 "$rt_etc/RT_SiteConfig.pm"
fi
# REST2 breaks under the package's WebPath "/rt" with rt-server: serve RT at the root. The
# tests set the port, base URL and database per run (RT_SITE_CONFIG_DIR, see tests/util/rt.rs);
# this one serves `rt-server --host 127.0.0.1 --port 8080` started by hand.
rt_local="$rt_etc/RT_SiteConfig.d/99-switchboard-tests.pm"
rt_local_text='# Written by Switchboard'"'"'s scripts/setup-vendors.sh: REST2 needs WebPath "" under rt-server.
Set($WebPath, "");
Set($WebDomain, "127.0.0.1");
Set($WebPort, 8080);
Set($WebBaseURL, "http://127.0.0.1:8080");
1;'
if [ "$("${as_root[@]}" cat "$rt_local" 2>/dev/null)" != "$rt_local_text" ]; then
  echo "setup-vendors: writing $rt_local"
  printf '%s\n' "$rt_local_text" | "${as_root[@]}" tee "$rt_local" >/dev/null
  "${as_root[@]}" chgrp www-data "$rt_local"
  "${as_root[@]}" chmod 640 "$rt_local"
fi
# A ticket custom field for Switchboard's correlation id, applied to every queue, so a ticket
# can be found by it ('CF.{Switchboard Correlation}' = 'SB-000123').
rt_cf="Switchboard Correlation"
if [ "$(sql "$rt_db" "SELECT count(*) FROM CustomFields c JOIN ObjectCustomFields o
      ON o.CustomField = c.id AND o.ObjectId = 0
      WHERE c.Name = '$rt_cf' AND c.LookupType = 'RT::Queue-RT::Ticket' AND c.Disabled = 0")" = 0 ]; then
  echo "setup-vendors: creating the RT ticket custom field '$rt_cf'"
  "${as_www[@]}" env RT_CF="$rt_cf" perl -I"$rt_lib" -I"$rt_etc" - <<'EOF'
use strict;
use warnings;
use RT;
RT::LoadConfig();
RT->Config->Set(LogToSTDERR => "error");    # not its warning about the HTML converter
RT::Init();
my $name = $ENV{RT_CF};
my $cf = RT::CustomField->new(RT->SystemUser);
$cf->LoadByName(Name => $name, LookupType => RT::Ticket->CustomFieldLookupType, IncludeGlobal => 1);
unless ($cf->id) {
    my ($ok, $msg) = $cf->Create(
        Name        => $name,
        Type        => 'FreeformSingle',
        LookupType  => RT::Ticket->CustomFieldLookupType,
        Description => "Switchboard's correlation id of the case this ticket belongs to",
    );
    die "creating the custom field: $msg\n" unless $ok;
}
if ($cf->Disabled) {
    my ($ok, $msg) = $cf->SetDisabled(0);
    die "enabling the custom field: $msg\n" unless $ok;
}
unless ($cf->IsGlobal) {
    my ($ok, $msg) = $cf->AddToObject(RT::Queue->new(RT->SystemUser));
    die "applying the custom field to every queue: $msg\n" unless $ok;
}
EOF
fi

# ---------------------------------------------------------------- Redmine 5
# Debian 12's redmine can fail its own configure step with Bundler::GemNotFound: the newer
# Bundler wants a gems/<name> folder for every system gem. Making those folders, then
# finishing the configuration, works; it has to be redone after every install that brings
# Ruby gems (thin brings eventmachine), hence the loop after the install.
gem_folders() {
  local b s
  for b in /usr/share/rubygems-integration/* /usr/lib/*/rubygems-integration/*; do
    [ -d "$b/specifications" ] || continue
    for s in "$b"/specifications/*.gemspec; do
      [ -e "$s" ] || continue
      [ -d "$b/gems/$(basename "$s" .gemspec)" ] || "${as_root[@]}" mkdir -p "$b/gems/$(basename "$s" .gemspec)"
    done
  done
}
redmine_packages=(redmine redmine-sqlite thin)
redmine_missing=()
for p in "${redmine_packages[@]}"; do installed "$p" || redmine_missing+=("$p"); done
if [ ${#redmine_missing[@]} -gt 0 ]; then
  echo "setup-vendors: installing ${redmine_missing[*]}"
  "${as_root[@]}" debconf-set-selections <<'EOF'
redmine redmine/instances/default/dbconfig-install boolean true
redmine redmine/instances/default/database-type select sqlite3
EOF
  # May exit non-zero (the configure step above); finished below.
  apt_install "${redmine_missing[@]}" ||
    echo "setup-vendors: finishing Redmine's configuration (Bundler::GemNotFound work-around)"
  for _ in 1 2 3; do
    gem_folders
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" dpkg --configure -a && break
  done
  for p in "${redmine_packages[@]}"; do
    installed "$p" || { echo "setup-vendors: $p is still not configured" >&2; exit 1; }
  done
fi

redmine_db=/var/lib/dbconfig-common/sqlite3/redmine/instances/default/redmine_default
if ! "${as_root[@]}" test -f "$redmine_db"; then
  echo "setup-vendors: $redmine_db is missing: Redmine was installed without its SQLite database" \
       "(dbconfig-common); purge redmine and run this again" >&2
  exit 1
fi
# What the tests need, checked in the database (fast); the Rails runner below (seconds) only
# when something is absent.
redmine_ready=$(sql "$redmine_db" "SELECT
    (SELECT count(*) FROM settings WHERE name = 'rest_api_enabled' AND value = '1') > 0
    AND (SELECT count(*) FROM trackers) > 0
    AND (SELECT count(*) FROM issue_statuses) > 0
    AND (SELECT count(*) FROM enumerations WHERE type = 'IssuePriority' AND active) > 0
    AND (SELECT count(*) FROM projects p JOIN projects_trackers t ON t.project_id = p.id
         JOIN enabled_modules m ON m.project_id = p.id AND m.name = 'issue_tracking'
         WHERE p.identifier = 'switchboard-tests') > 0
    AND (SELECT count(*) FROM custom_fields WHERE type = 'IssueCustomField'
         AND name = 'Switchboard correlation' AND is_for_all AND is_filter) > 0
    AND (SELECT count(*) FROM tokens t JOIN users u ON u.id = t.user_id
         WHERE u.login = 'admin' AND t.action = 'api') > 0
    AND (SELECT count(*) FROM tokens t JOIN users u ON u.id = t.user_id
         JOIN members m ON m.user_id = u.id JOIN projects p ON p.id = m.project_id
         WHERE u.login = 'vendor-agent' AND u.status = 1 AND t.action = 'api'
         AND p.identifier = 'switchboard-tests') > 0
    AND (SELECT count(*) FROM projects p JOIN projects_trackers t ON t.project_id = p.id
         JOIN enabled_modules m ON m.project_id = p.id AND m.name = 'issue_tracking'
         WHERE p.identifier = 'switchboard-public' AND p.is_public) > 0
    AND (SELECT count(*) FROM roles WHERE builtin = 2
         AND permissions LIKE '%:add_issues%' AND permissions LIKE '%:add_issue_notes%') > 0")
if [ "$redmine_ready" != 1 ]; then
  echo "setup-vendors: preparing Redmine (REST API, default data, project switchboard-tests)"
  gem_folders
  (cd /usr/share/redmine && "${as_www[@]}" env RAILS_ENV=production REDMINE_INSTANCE=default REDMINE_LANG=en \
     bundle exec rails runner '
       Setting.rest_api_enabled = "1" unless Setting.rest_api_enabled?
       Redmine::DefaultData::Loader.load("en") if Redmine::DefaultData::Loader.no_data?
       IssuePriority.first.update!(is_default: true) unless IssuePriority.default
       cf = IssueCustomField.find_by(name: "Switchboard correlation") ||
         IssueCustomField.new(name: "Switchboard correlation", field_format: "string")
       cf.update!(is_for_all: true, is_filter: true, searchable: true, visible: true,
                  trackers: Tracker.all)
       project = Project.find_by(identifier: "switchboard-tests") ||
         Project.create!(name: "Switchboard tests", identifier: "switchboard-tests",
                         is_public: false, enabled_module_names: %w[issue_tracking],
                         trackers: Tracker.all)
       project.enable_module!(:issue_tracking)
       project.update!(trackers: Tracker.all) if project.trackers.empty?
       User.find_by(login: "admin").api_key # creates one when there is none
       # Someone on the vendor side who is not admin: a member who may see and write
       # private notes and change statuses (the first such role: Manager in the default data).
       agent = User.find_by(login: "vendor-agent") ||
         User.new(login: "vendor-agent", firstname: "Vendor", lastname: "Agent",
                  mail: "agent@vendor.example", language: "en").tap do |u|
           u.password = SecureRandom.hex(16)
           u.save!
         end
       agent.activate! unless agent.active?
       unless Member.where(user_id: agent.id, project_id: project.id).exists?
         role = Role.givable.sorted.detect do |r|
           %i[view_issues add_issue_notes edit_issues view_private_notes set_notes_private]
             .all? { |p| r.has_permission?(p) }
         end or raise "no role may write private notes"
         Member.create!(project: project, principal: agent, roles: [role])
       end
       agent.api_key
       # A public project where Anonymous may add issues and notes: a wrong API key silently
       # becomes Anonymous, and the tests show it never writes there as Anonymous.
       public = Project.find_by(identifier: "switchboard-public") ||
         Project.create!(name: "Switchboard public", identifier: "switchboard-public",
                         is_public: true, enabled_module_names: %w[issue_tracking],
                         trackers: Tracker.all)
       public.update!(is_public: true) unless public.is_public?
       public.enable_module!(:issue_tracking)
       public.update!(trackers: Tracker.all) if public.trackers.empty?
       anonymous = Role.anonymous
       %i[view_issues add_issues add_issue_notes].each do |p|
         anonymous.add_permission!(p) unless anonymous.has_permission?(p)
       end
       puts "setup-vendors: Redmine has REST #{Setting.rest_api_enabled?}, " \
            "#{Tracker.count} trackers, #{IssueStatus.count} statuses, " \
            "#{IssuePriority.count} priorities, project #{project.identifier}, user vendor-agent"
     ')
fi
