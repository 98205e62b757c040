//! `sb --help` and clap's parse errors in the reader's language. The derive parses; before it
//! does, every about, argument help and heading of the command tree is set from `cli-help.ftl`,
//! by ids made from the command path: `cli-help-ticket-create` (a command; `cli-help-sb` is `sb`
//! itself), `cli-help-ticket-create--title` (an argument, its id with `-` for `_`), and
//! `cli-help-…-long` where a command has more to say under `--help` than in the list.
//!
//! The ids are made from data, so the scan of `msg!` literals cannot see them: the tests below
//! walk the whole tree and fail on a command or argument without words in either language.

use std::ffi::OsString;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use sb_app::sb_domain::UnknownValue;
use sb_i18n::{msg, Lang, Msg};

/// The language asked for on the command line (`--lang X`, `--lang=X`), else in SB_LANG: what
/// clap will parse into `Cli::lang`, read before it does so that help is worded in it.
pub fn asked_language(args: &[OsString]) -> Option<Lang> {
    lang_in_args(args).unwrap_or_else(|| {
        std::env::var("SB_LANG")
            .ok()
            .filter(|v| !v.is_empty())
            .and_then(|v| Lang::parse(&v))
    })
}

/// `--lang` on the command line (before any `--`): `None` when it is not there, `Some(None)`
/// when its value is no language Switchboard speaks.
fn lang_in_args(args: &[OsString]) -> Option<Option<Lang>> {
    let mut rest = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = rest.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return Some(rest.next().and_then(|v| Lang::parse(&v)));
        }
        if let Some(v) = arg.strip_prefix("--lang=") {
            return Some(Lang::parse(v));
        }
    }
    None
}

/// The id of a command's words: `cli-help-sb` for `sb`, else its path.
pub fn command_id(path: &[String]) -> String {
    if path.is_empty() {
        "cli-help-sb".to_string()
    } else {
        format!("cli-help-{}", path.join("-"))
    }
}

/// The id of an argument's words under its command's.
pub fn arg_id(path: &[String], arg: &str) -> String {
    format!("{}--{}", command_id(path), arg.replace('_', "-"))
}

fn say(lang: Lang, m: Msg) -> String {
    m.render(lang)
}

/// The command tree with every text in `lang`, built (so that clap's own `help` subcommands
/// exist and are worded too). Parse with it, then `Cli::from_arg_matches`.
pub fn command(cmd: Command, lang: Lang) -> Command {
    let mut cmd = localize(cmd, &mut Vec::new(), lang);
    cmd.build();
    name_help_subcommands(&mut cmd, lang);
    cmd
}

fn localize(mut cmd: Command, path: &mut Vec<String>, lang: Lang) -> Command {
    let id = command_id(path);
    cmd = cmd.about(say(lang, Msg::new(&id)));
    let long = format!("{id}-long");
    if sb_i18n::has(Lang::En, &long) {
        cmd = cmd.long_about(say(lang, Msg::new(long)));
    } else {
        cmd = cmd.long_about(None);
    }

    // Headings come in the order of the arguments that name them (the display order within
    // each stays): the positionals, the command's options, clap's help and version, and last
    // `sb`'s own options, which every command takes and which would otherwise mix with its own.
    let mut ids: Vec<(u8, String)> = cmd
        .get_arguments()
        .map(|a| {
            let rank = match (a.is_global_set(), a.is_positional()) {
                (true, _) => 2,
                (false, true) => 0,
                (false, false) => 1,
            };
            (rank, a.get_id().to_string())
        })
        .collect();
    ids.sort_by_key(|(rank, _)| *rank);
    let arguments = say(lang, msg!("cli-help-heading-arguments"));
    let options = say(lang, msg!("cli-help-heading-options"));
    let global = say(lang, msg!("cli-help-heading-global"));
    let mut flags_added = false;
    for (position, (rank, arg)) in ids.into_iter().enumerate() {
        if rank == 2 && !flags_added {
            cmd = help_and_version(cmd, path, &options, lang);
            flags_added = true;
        }
        let words = say(lang, Msg::new(arg_id(path, &arg)));
        let heading = [&arguments, &options, &global][usize::from(rank)].clone();
        cmd = cmd.mut_arg(&arg, |a| {
            // Under a heading of its own clap sorts by display order, then by name: a
            // positional keeps its place by its order.
            let a = if rank == 0 {
                a.display_order(position)
            } else {
                a
            };
            worded_arg(a.help_heading(heading), words, lang)
        });
    }
    if !flags_added {
        cmd = help_and_version(cmd, path, &options, lang);
    }

    cmd = with_headings(cmd, lang);

    cmd.mut_subcommands(|sub| {
        path.push(sub.get_name().to_string());
        let sub = localize(sub, path, lang);
        path.pop();
        sub
    })
}

/// The usage line's and the subcommands' headings in `lang` (the arguments' are theirs).
fn with_headings(cmd: Command, lang: Lang) -> Command {
    let style = *cmd.get_styles().get_usage();
    let usage = say(lang, msg!("cli-help-heading-usage"));
    cmd.subcommand_help_heading(say(lang, msg!("cli-help-heading-commands")))
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}{usage}:{} {{usage}}\n\n{{all-args}}{{after-help}}",
            style.render(),
            style.render_reset()
        ))
}

/// clap's `-h, --help` (and `sb`'s `-V, --version`), worded: clap's own would be English.
fn help_and_version(mut cmd: Command, path: &[String], heading: &str, lang: Lang) -> Command {
    let mut help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help_heading(heading.to_string());
    help = if cmd.get_long_about().is_some() {
        help.help(say(lang, msg!("cli-help-flag-summary")))
            .long_help(say(lang, msg!("cli-help-flag-more")))
    } else {
        help.help(say(lang, msg!("cli-help-flag")))
    };
    cmd = cmd.disable_help_flag(true).arg(help);
    if path.is_empty() && cmd.get_version().is_some() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(say(lang, msg!("cli-help-version")))
                .help_heading(heading.to_string()),
        );
    }
    cmd
}

/// The argument's help, with its default, its possible values and its environment variable
/// said in the same language instead of clap's English brackets.
fn worded_arg(mut a: Arg, words: String, lang: Lang) -> Arg {
    let mut notes = Vec::new();
    if a.get_action().takes_values() {
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .filter(|v| !v.is_empty())
            .collect();
        if !defaults.is_empty() {
            notes.push(say(
                lang,
                msg!("cli-help-default", value = defaults.join(", ")),
            ));
        }
        let values: Vec<String> = a
            .get_value_parser()
            .possible_values()
            .map(|pvs| {
                pvs.filter(|pv| !pv.is_hide_set())
                    .map(|pv| pv.get_name().to_string())
                    .collect()
            })
            .unwrap_or_default();
        if !values.is_empty() {
            notes.push(say(
                lang,
                msg!("cli-help-possible-values", values = values.join(", ")),
            ));
        }
    }
    if let Some(env) = a.get_env() {
        notes.push(say(
            lang,
            msg!("cli-help-env", name = env.to_string_lossy().into_owned()),
        ));
    }
    if a.get_action().takes_values() {
        a = a.hide_default_value(true).hide_possible_values(true);
    }
    if a.get_env().is_some() {
        a = a.hide_env(true);
    }
    let mut help = words;
    for note in notes {
        help.push_str(&format!(" [{note}]"));
    }
    a.help(help).long_help(None)
}

/// clap adds a `help` subcommand to each command with subcommands while it builds the tree;
/// its words are set here, after the build.
fn name_help_subcommands(cmd: &mut Command, lang: Lang) {
    for sub in cmd.get_subcommands_mut() {
        if sub.get_name() == "help" {
            let taken = std::mem::take(sub);
            *sub = with_headings(taken.about(say(lang, msg!("cli-help-help-command"))), lang);
        }
        name_help_subcommands(sub, lang);
    }
}

/// A parse error in `lang`: what is wrong, a similar name when clap found one, the usage and
/// where to read more. Help and version are printed as clap prints them (already worded).
pub fn exit(e: clap::Error, lang: Lang) -> ! {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        _ => {}
    }
    let Some(what) = what_is_wrong(&e) else {
        e.exit()
    };
    let mut text = say(lang, msg!("cli-error", text = what.render(lang)));
    for (kind, id) in [
        (
            ContextKind::SuggestedSubcommand,
            "cli-parse-similar-command",
        ),
        (ContextKind::SuggestedArg, "cli-parse-similar-argument"),
        (ContextKind::SuggestedValue, "cli-parse-similar-value"),
    ] {
        if let Some(v) = e.get(kind) {
            let count = match v {
                ContextValue::Strings(list) => list.len(),
                _ => 1,
            };
            let similar = Msg::new(id).with("names", listed(v)).with("count", count);
            text.push_str("\n\n  ");
            text.push_str(&say(lang, similar));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let plain = usage.to_string();
        let line = plain
            .split_once(':')
            .map(|(_, rest)| rest.trim())
            .unwrap_or(plain.trim());
        text.push_str("\n\n");
        text.push_str(&say(lang, msg!("cli-help-heading-usage")));
        text.push_str(": ");
        text.push_str(line);
    }
    text.push_str("\n\n");
    text.push_str(&say(lang, msg!("cli-parse-more")));
    eprintln!("{text}");
    std::process::exit(e.exit_code())
}

/// A context value as one text: a list joined with commas.
fn listed(v: &ContextValue) -> String {
    match v {
        ContextValue::Strings(list) => list.join(", "),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(StyledStr::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// The sentence for the error's kind, from its context; `None` leaves the error to clap.
fn what_is_wrong(e: &clap::Error) -> Option<Msg> {
    let text = |kind| e.get(kind).map(listed);
    let number = |kind| match e.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n as i64),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg);
    Some(match e.kind() {
        ErrorKind::UnknownArgument => msg!("cli-parse-unknown-argument", name = arg?),
        ErrorKind::InvalidSubcommand => msg!(
            "cli-parse-unknown-command",
            name = text(ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::InvalidValue => {
            let value = text(ContextKind::InvalidValue)?;
            match text(ContextKind::ValidValue) {
                Some(valid) if !value.is_empty() => msg!(
                    "cli-parse-invalid-value-of",
                    value = value,
                    name = arg?,
                    valid = valid
                ),
                _ if value.is_empty() => msg!("cli-parse-value-missing", name = arg?),
                _ => msg!("cli-parse-invalid-value", value = value, name = arg?),
            }
        }
        ErrorKind::ValueValidation => {
            let value = text(ContextKind::InvalidValue)?;
            match std::error::Error::source(e) {
                Some(why) => msg!(
                    "cli-parse-invalid-value-because",
                    value = value,
                    name = arg?,
                    // The domain's refusal of a word (a status, a level, a line) has words of
                    // its own; other parsers of `sb` already word theirs.
                    why = match why.downcast_ref::<UnknownValue>() {
                        Some(unknown) => sb_i18n::Arg::from(unknown.msg()),
                        None => sb_i18n::Arg::from(why.to_string()),
                    }
                ),
                None => msg!("cli-parse-invalid-value", value = value, name = arg?),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let count = match e.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(list)) => list.len(),
                _ => 1,
            };
            msg!("cli-parse-missing", names = arg?, count = count)
        }
        ErrorKind::MissingSubcommand => msg!(
            "cli-parse-missing-command",
            name = text(ContextKind::InvalidSubcommand)?,
            valid = text(ContextKind::ValidSubcommand)?
        ),
        ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg) {
            Some(prior) => msg!("cli-parse-conflict", name = arg?, prior = prior),
            None => msg!("cli-parse-conflict-others", name = arg?),
        },
        ErrorKind::NoEquals => msg!("cli-parse-no-equals", name = arg?),
        ErrorKind::TooManyValues => msg!(
            "cli-parse-too-many-values",
            value = text(ContextKind::InvalidValue)?,
            name = arg?
        ),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => msg!(
            "cli-parse-number-of-values",
            name = arg?,
            expected = number(ContextKind::ExpectedNumValues).or(number(ContextKind::MinValues))?,
            actual = number(ContextKind::ActualNumValues)?
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use clap::CommandFactory;

    /// Every id the tree asks for: each command's, and each of its arguments'.
    fn ids(cmd: &Command, path: &mut Vec<String>, out: &mut Vec<String>) {
        out.push(command_id(path));
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            out.push(arg_id(path, a.get_id().as_str()));
        }
        for sub in cmd.get_subcommands() {
            path.push(sub.get_name().to_string());
            ids(sub, path, out);
            path.pop();
        }
    }

    fn tree_ids() -> Vec<String> {
        let mut out = Vec::new();
        ids(&crate::Cli::command(), &mut Vec::new(), &mut out);
        out
    }

    fn has_cyrillic(text: &str) -> bool {
        text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
    }

    #[test]
    fn every_command_and_argument_has_words_in_english_and_russian() {
        let ids = tree_ids();
        assert!(ids.len() > 500, "the walk missed the tree: {}", ids.len());
        let mut missing = Vec::new();
        for id in &ids {
            for lang in Lang::ALL {
                if !sb_i18n::has(lang, id) {
                    missing.push(format!("{}: {id}", lang.code()));
                }
            }
            let ru = Msg::new(id.as_str()).render(Lang::Ru);
            let en = Msg::new(id.as_str()).render(Lang::En);
            if sb_i18n::has(Lang::Ru, id) && (!has_cyrillic(&ru) || ru == en) {
                missing.push(format!("ru: {id} is not Russian: {ru}"));
            }
            if en.trim().is_empty() {
                missing.push(format!("en: {id} is empty"));
            }
        }
        assert!(missing.is_empty(), "help without words: {missing:#?}");
    }

    /// A command renamed or removed takes its words along: no `cli-help-…` id is left that no
    /// command or argument asks for (the shared `cli-help-arg-…` words and clap's own aside).
    #[test]
    fn no_words_are_left_without_their_command() {
        let asked: BTreeSet<String> = tree_ids().into_iter().collect();
        let mut unused = Vec::new();
        for (lang, name, source) in sb_i18n::sources() {
            if *lang != "en" || *name != "cli-help.ftl" {
                continue;
            }
            for line in source.lines() {
                let Some((id, _)) = line.split_once(" =") else {
                    continue;
                };
                let ours = id.starts_with("cli-help-")
                    && !id.starts_with("cli-help-arg-")
                    && !id.starts_with("cli-help-heading-")
                    && !id.starts_with("cli-help-flag")
                    && ![
                        "cli-help-version",
                        "cli-help-help-command",
                        "cli-help-default",
                        "cli-help-possible-values",
                        "cli-help-env",
                    ]
                    .contains(&id);
                let long_of_asked = id.strip_suffix("-long").is_some_and(|c| asked.contains(c));
                if ours && !asked.contains(id) && !long_of_asked {
                    unused.push(id.to_string());
                }
            }
        }
        assert!(unused.is_empty(), "words no command asks for: {unused:#?}");
    }

    /// clap checks the tree as it builds it (a setting an argument cannot have panics): the
    /// worded tree builds in every language, and keeps every command and argument.
    #[test]
    fn the_worded_tree_builds_in_every_language() {
        for lang in Lang::ALL {
            let cmd = command(crate::Cli::command(), lang);
            cmd.clone().debug_assert();
            let ticket = cmd.find_subcommand("ticket").expect("sb ticket");
            let create = ticket.find_subcommand("create").expect("sb ticket create");
            let about = create.get_about().expect("an about").to_string();
            assert_eq!(about, Msg::new("cli-help-ticket-create").render(lang));
            let client = create
                .get_arguments()
                .find(|a| a.get_id() == "client")
                .expect("--client");
            assert_eq!(
                client.get_help().expect("help").to_string(),
                Msg::new("cli-help-arg-client").render(lang)
            );
        }
    }

    /// Help that sends the reader to another command (`sb users`, `sb ticket show`) names one
    /// that exists, in both languages.
    #[test]
    fn the_commands_help_names_exist() {
        let root = crate::Cli::command();
        let mut wrong = Vec::new();
        for id in tree_ids() {
            for lang in Lang::ALL {
                let text = Msg::new(id.as_str()).render(lang);
                for quoted in text.split('`').skip(1).step_by(2) {
                    let Some(rest) = quoted.strip_prefix("sb ") else {
                        continue;
                    };
                    let mut cmd = &root;
                    for word in rest.split(' ').filter(|w| !w.starts_with('-')) {
                        match cmd.find_subcommand(word) {
                            Some(sub) => cmd = sub,
                            // The command's own arguments follow.
                            None if !cmd.has_subcommands() => break,
                            None => {
                                wrong.push(format!("{}: {id}: `{quoted}`", lang.code()));
                                break;
                            }
                        }
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "help names commands that do not exist: {wrong:#?}"
        );
    }

    #[test]
    fn the_language_asked_for_is_read_before_clap_parses() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            asked_language(&args(&["sb", "--lang", "ru", "--help"])),
            Some(Lang::Ru)
        );
        assert_eq!(
            asked_language(&args(&["sb", "ticket", "--lang=en", "list"])),
            Some(Lang::En)
        );
        // After `--` it is a value, not the option (whatever SB_LANG says).
        assert_eq!(
            asked_language(&args(&["sb", "suggest", "--", "--lang", "ru"])).is_some(),
            std::env::var("SB_LANG").is_ok_and(|v| Lang::parse(&v).is_some())
        );
        assert_eq!(
            lang_in_args(&args(&["sb", "suggest", "--", "--lang", "ru"])),
            None
        );
        assert_eq!(
            lang_in_args(&args(&["sb", "ticket", "list", "--lang", "ru"])),
            Some(Some(Lang::Ru))
        );
        assert_eq!(lang_in_args(&args(&["sb", "--lang=xx"])), Some(None));
    }

    #[test]
    fn ids_are_made_from_the_command_path() {
        let path = vec!["ticket".to_string(), "edit".to_string()];
        assert_eq!(command_id(&[]), "cli-help-sb");
        assert_eq!(command_id(&path), "cli-help-ticket-edit");
        assert_eq!(
            arg_id(&path, "if_version"),
            "cli-help-ticket-edit--if-version"
        );
    }
}
