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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
