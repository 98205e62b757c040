//! What a search box's text means: the words to look for, each matched as a word prefix
//! ("принтер" finds "принтера", "print" finds "printer"), all of them required.

/// Most words one search takes; more make it slower and rarely better.
pub const MAX_TERMS: usize = 8;

/// The words of a search, lowercased: runs of letters and digits in any script. Punctuation
/// and query syntax are ignored, so anything a person types is a valid search.
pub fn search_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        // Lowercasing can add a combining mark (İ -> i̇): keep letters and digits only.
        let w: String = word
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        if !w.is_empty() && !terms.contains(&w) {
            terms.push(w);
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    terms
}

/// The words that make two texts "about the same thing": the longest few of the text's words
/// of three letters or more (short words match everything). Any of them may match; the best
/// matches come first.
pub fn suggestion_terms(text: &str) -> Vec<String> {
    let mut words: Vec<String> = search_terms_unbounded(text)
        .into_iter()
        .filter(|w| {
            w.chars().count() >= 3
                && !w.chars().all(|c| c.is_ascii_digit())
                && !STOP_WORDS.contains(&w.as_str())
        })
        .collect();
    // Longest first, stable for equal lengths.
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.truncate(6);
    words
}

/// Words that say nothing about the problem, in English and Russian.
const STOP_WORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "from",
    "that",
    "this",
    "are",
    "was",
    "were",
    "not",
    "has",
    "have",
    "does",
    "did",
    "after",
    "into",
    "our",
    "you",
    "your",
    "all",
    "any",
    "can",
    "but",
    "when",
    "since",
    "there",
    "what",
    "who",
    "how",
    "its",
    "now",
    "again",
    "still",
    "every",
    "что",
    "как",
    "для",
    "при",
    "это",
    "или",
    "нет",
    "без",
    "под",
    "над",
    "все",
    "всё",
    "его",
    "она",
    "они",
    "так",
    "уже",
    "где",
    "когда",
    "после",
    "если",
    "тоже",
    "ещё",
    "еще",
    "снова",
];

/// Tags as people type them ("VPN, ipsec  firewall") -> ["firewall", "ipsec", "vpn"].
pub fn normalize_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|t| t.trim().trim_start_matches('#').to_lowercase())
        .filter(|t| !t.is_empty() && t.chars().count() <= 40)
        .collect();
    tags.sort();
    tags.dedup();
    tags.truncate(20);
    tags
}

fn search_terms_unbounded(text: &str) -> Vec<String> {
    // Lowercasing can add a combining mark (İ -> i̇): keep letters and digits only.
    let mut terms: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let w: String = word
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        if !w.is_empty() && !terms.contains(&w) {
            terms.push(w);
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn suggestions_use_the_telling_words() {
        assert_eq!(
            suggestion_terms("The printer in dispatch jams on every 5th label"),
            ["dispatch", "printer", "label", "jams", "5th"]
        );
        assert_eq!(
            suggestion_terms("Касса №14 не печатает чеки"),
            ["печатает", "касса", "чеки"]
        );
        assert!(suggestion_terms("a b 12 345").is_empty());
    }

    #[test]
    fn tags() {
        assert_eq!(
            normalize_tags(" VPN, ipsec  #Firewall;vpn "),
            ["firewall", "ipsec", "vpn"]
        );
        assert!(normalize_tags(" , ;").is_empty());
    }

    fn check(input: &str, expected: &[&str]) {
        assert_eq!(search_terms(input), expected, "{input:?}");
    }

    #[test]
    fn terms() {
        check("Printer jam", &["printer", "jam"]);
        check("  ПРИНТЕР  не печатает ", &["принтер", "не", "печатает"]);
        check("\"drop table\"; -- OR *", &["drop", "table", "or"]);
        check("SB-000123", &["sb", "000123"]);
        check("wi-fi Wi-Fi", &["wi", "fi"]);
        check("", &[]);
        check("?!", &[]);
        check("İstanbul", &["istanbul"]);
        check(
            "a b c d e f g h i j",
            &["a", "b", "c", "d", "e", "f", "g", "h"],
        );
    }

    proptest! {
        /// Whatever is typed, the terms are plain lowercase words: safe to put in any
        /// full-text query syntax.
        #[test]
        fn terms_are_plain_words(text in ".{0,80}") {
            let terms = search_terms(&text);
            prop_assert!(terms.len() <= MAX_TERMS);
            for t in terms {
                prop_assert!(!t.is_empty());
                prop_assert!(t.chars().all(char::is_alphanumeric), "{t:?}");
            }
        }
    }
}
