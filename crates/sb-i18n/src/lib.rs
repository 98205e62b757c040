//! Sentences for people travel as a [`Msg`]: a message id and its arguments, never as words.
//! Each reader words it in their own language from the same Fluent files (`locales/<lang>/*.ftl`):
//! the window through `@fluent/bundle`, the CLI, the desktop notifications and the statement
//! PDF through this crate. Fluent's plural selectors give Russian its three forms.
//!
//! English is the fallback: a message missing in Russian is shown in English, and a message
//! missing everywhere shows its id (the tests fail on both).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

mod files {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// A language people read Switchboard in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// `en`, `ru`, or a locale such as `ru_RU.UTF-8` (what `LANG` holds).
    pub fn parse(s: &str) -> Option<Lang> {
        let head = s
            .trim()
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match head.as_str() {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }
}

/// One argument of a message: a count or an amount (plural forms choose by it), a text, or
/// another message worded in the same language (a reason inside a refusal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum Arg {
    Int(i64),
    Num(f64),
    Text(String),
    Msg(Box<Msg>),
}

macro_rules! arg_from {
    ($($t:ty => $v:ident as $c:ty),* $(,)?) => {
        $(impl From<$t> for Arg {
            fn from(v: $t) -> Arg {
                Arg::$v(v as $c)
            }
        })*
    };
}
arg_from!(i64 => Int as i64, i32 => Int as i64, u32 => Int as i64, u16 => Int as i64,
    u8 => Int as i64, usize => Int as i64, u64 => Int as i64, f64 => Num as f64);

/// Amounts compare by value; a NaN never reaches a message (hours and rates are checked first).
impl Eq for Arg {}

impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(v)
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(v.to_string())
    }
}

impl From<&String> for Arg {
    fn from(v: &String) -> Arg {
        Arg::Text(v.clone())
    }
}

impl From<&Msg> for Arg {
    fn from(v: &Msg) -> Arg {
        Arg::Msg(Box::new(v.clone()))
    }
}

impl From<Msg> for Arg {
    fn from(v: Msg) -> Arg {
        Arg::Msg(Box::new(v))
    }
}

/// A sentence for people: the id of a message in `locales/*/*.ftl` and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Msg {
    pub id: String,
    #[serde(default)]
    pub args: BTreeMap<String, Arg>,
}

impl Msg {
    pub fn new(id: impl Into<String>) -> Msg {
        Msg {
            id: id.into(),
            args: BTreeMap::new(),
        }
    }

    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Msg {
        self.args.insert(name.to_string(), value.into());
        self
    }

    /// The sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        render(lang, self)
    }

    /// The sentence in English: logs, and the `message` beside the code for older readers.
    pub fn english(&self) -> String {
        render(Lang::En, self)
    }
}

/// In English, for logs and errors' `Display`.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

/// `msg!("i18n-sample-tickets", count = 3)`: a [`Msg`] with named arguments.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::Msg::new($id)$(.with(stringify!($name), $value))*
    };
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [(Lang, Bundle)] {
    static BUNDLES: OnceLock<Vec<(Lang, Bundle)>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|&lang| {
                let locale = lang.code().parse().expect("a valid language identifier");
                let mut bundle = FluentBundle::new_concurrent(vec![locale]);
                // Plain text: no Unicode isolation marks around arguments.
                bundle.set_use_isolating(false);
                for (code, _name, source) in files::FILES {
                    if *code != lang.code() {
                        continue;
                    }
                    // A broken entry is skipped, the rest of its file kept (the tests fail on it).
                    let resource = match FluentResource::try_new(source.to_string()) {
                        Ok(r) => r,
                        Err((r, _)) => r,
                    };
                    bundle.add_resource_overriding(resource);
                }
                (lang, bundle)
            })
            .collect()
    })
}

fn bundle(lang: Lang) -> &'static Bundle {
    &bundles()
        .iter()
        .find(|(l, _)| *l == lang)
        .expect("every language has a bundle")
        .1
}

/// Whether `id` has words in `lang`.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// The sentence in `lang` (English when `lang` lacks it; the id itself when nothing has it).
pub fn render(lang: Lang, msg: &Msg) -> String {
    let (lang, b) = if has(lang, &msg.id) {
        (lang, bundle(lang))
    } else if has(Lang::En, &msg.id) {
        (Lang::En, bundle(Lang::En))
    } else {
        return unknown(msg);
    };
    let Some(pattern) = b.get_message(&msg.id).and_then(|m| m.value()) else {
        return unknown(msg);
    };
    let mut args = FluentArgs::new();
    for (name, value) in &msg.args {
        let v: FluentValue = match value {
            Arg::Int(i) => (*i).into(),
            Arg::Num(n) => (*n).into(),
            Arg::Text(t) => t.clone().into(),
            Arg::Msg(m) => render(lang, m).into(),
        };
        args.set(name.clone(), v);
    }
    let mut errors = Vec::new();
    b.format_pattern(pattern, Some(&args), &mut errors)
        .into_owned()
}

/// A message nobody has words for: its id and arguments, so the report still says something.
fn unknown(msg: &Msg) -> String {
    let mut s = msg.id.clone();
    for (k, v) in &msg.args {
        let v = match v {
            Arg::Int(i) => i.to_string(),
            Arg::Num(n) => n.to_string(),
            Arg::Text(t) => t.clone(),
            Arg::Msg(m) => unknown(m),
        };
        s.push_str(&format!(" {k}={v}"));
    }
    s
}

/// Every (language, file name, source) compiled in: for the tests that keep the files whole.
pub fn sources() -> &'static [(&'static str, &'static str, &'static str)] {
    files::FILES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_has_three_plural_forms_and_english_two() {
        let m = |n: i64| msg!("i18n-sample-tickets", count = n);
        assert_eq!(m(1).render(Lang::En), "1 ticket");
        assert_eq!(m(5).render(Lang::En), "5 tickets");
        assert_eq!(m(1).render(Lang::Ru), "1 заявка");
        assert_eq!(m(3).render(Lang::Ru), "3 заявки");
        assert_eq!(m(5).render(Lang::Ru), "5 заявок");
        assert_eq!(m(21).render(Lang::Ru), "21 заявка");
        assert_eq!(m(11).render(Lang::Ru), "11 заявок");
    }

    #[test]
    fn a_message_inside_a_message_is_worded_in_the_same_language() {
        let inner = msg!("i18n-sample-tickets", count = 2);
        let outer = msg!("i18n-sample-nested", what = inner);
        assert_eq!(outer.render(Lang::Ru), "Осталось: 2 заявки");
        assert_eq!(outer.english(), "Left: 2 tickets");
    }

    #[test]
    fn an_unknown_id_shows_itself_and_its_arguments() {
        assert_eq!(
            msg!("no-such-message", n = 3).render(Lang::Ru),
            "no-such-message n=3"
        );
    }

    #[test]
    fn travels_as_id_and_arguments() {
        let m = msg!(
            "i18n-sample-nested",
            what = msg!("i18n-sample-tickets", count = 2)
        );
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            r#"{"id":"i18n-sample-nested","args":{"what":{"id":"i18n-sample-tickets","args":{"count":2}}}}"#
        );
        assert_eq!(serde_json::from_str::<Msg>(&json).unwrap(), m);
    }

    #[test]
    fn languages_parse_from_codes_and_locales() {
        assert_eq!(Lang::parse("ru_RU.UTF-8"), Some(Lang::Ru));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("C.UTF-8"), None);
    }
}
