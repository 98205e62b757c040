# What `sb` says is wrong with what it was given (arguments, files, standard input).
cli-stdout-failed = stdout: { $error }
cli-cannot-write = cannot write { $path }: { $error }
cli-cannot-write-there = cannot write { $path }: { $error }; it is there already: give another --out, or --force to overwrite it
cli-cannot-read = cannot read { $path }: { $error }
cli-cannot-read-stdin = cannot read stdin: { $error }
cli-cannot-read-stdin-long = cannot read standard input: { $error }
cli-cannot-ask = cannot ask: { $error }
cli-no-eml = no .eml files there: give message files or folders that hold them
cli-statement-needs = a statement needs --client, --from and --to (--{ $flag } is missing); `sb report metrics` gives the lead's metrics
cli-hours-missing = give --shared-hours <hours>, or --hours <direction>=<hours> per direction
cli-hours-pair = '{ $text }': write direction=hours, such as network=40
cli-multiplier-pair = '{ $text }': write type=percent, such as on_site=150
cli-not-percent = '{ $text }' is not a percent
cli-not-rate = '{ $text }' is not a rate (minor units per hour)
cli-overage-form = '{ $text }': use block, allow:<hours> or bill:<rate>
cli-rollover-form = '{ $text }': use none, all, hours:<hours> or percent:<percent>
cli-not-duration = '{ $text }' is not a duration: write hours as 1:30 or 1.5, or minutes as 90m
cli-stdin-empty-password = stdin was empty: give the password on its first line
cli-no-such-contact = { $client } has no contact '{ $text }'; `sb client show { $code }` lists them
cli-sigterm = cannot watch for SIGTERM: { $error }
cli-background-crashed = the background work crashed: { $error }
cli-unknown-state = unknown state '{ $text }'; use on or off
cli-unknown-language = unknown language '{ $text }'; use en or ru
cli-not-language = '{ $text }' is not a language here: write en, ru or default
cli-bulk-what = say what to change: --assign, --status, --impact with --urgency, --direction or --line
cli-unknown-sort = unknown sort '{ $text }'; use updated, priority or due
cli-no-profile = you have no profile yet: run `sb profile create`
cli-not-user-id = '{ $text }' is not a user id; use a number from `sb users`, me or none
cli-contact-parts = '{ $text }' has too many parts; write a contact as "Name;email;phone"
cli-cannot-read-alerts = cannot read the alert list from standard input: { $error }
cli-direction-map = '{ $text }': write value=direction, such as postgres=database
cli-severity-map = '{ $text }': write value=impact/urgency, such as critical=high/high
cli-not-working-days = '{ $text }' is not a number of working days; write one such as 3, or default
cli-not-rule-list = { $path } is not a JSON list of rules: { $error }
cli-not-a-word = '{ $text }' is not a { $kind ->
    [priority] priority (p1..p4)
    [line] line (l1, l2, l3)
    [channel] channel
   *[other] { $kind }
}
cli-assign-form = write person:<who>, round-robin:<who>,<who> or least-loaded:<who>,<who>
cli-assign-kind = '{ $text }': use person, round-robin or least-loaded
cli-nobody-called = there is nobody called '{ $text }'
cli-day-hours-or-off = say --off for a day off, or --hours 09:00-17:00 for the day's hours
cli-day-hours-form = '{ $text }': write it as sat=10:00-14:00
cli-workdays-backwards = '{ $text }' runs backwards: write mon-fri
cli-not-weekday = '{ $text }' is not a weekday: write mon, tue, wed, thu, fri, sat or sun
cli-on-breach = --on-breach: unknown breach action '{ $value }'; expected one of: { $expected }
cli-target-form = '{ $text }' { $why }: write a target as p1=30/4h, p3:database=4h/3d or p1=30/4h@2
cli-target-no-equals = has no '='
cli-target-no-priority = does not start with p1, p2, p3 or p4
cli-target-no-calendar = names no calendar id after '@'
cli-target-no-slash = needs FIRST_RESPONSE/RESOLUTION
cli-target-bad-time = has a time that is not 30, 4h or 2d
cli-vendor-test-failed = the vendor connection test failed (see above)
cli-setting-form = '{ $text }': write a setting as key=value
cli-vendor-sla-form = '{ $text }': write direction:acknowledge-minutes:resolve-minutes, e.g. *:60:480
cli-not-minutes = '{ $text }' is not a number of minutes
cli-stdin-empty-secret = standard input was empty: pipe the token or password in
