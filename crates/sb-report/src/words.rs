//! The fixed words of a statement in each language, from the Fluent files of `sb-i18n`
//! (`locales/*/statement.ftl`): worded once per language and kept.

use std::sync::OnceLock;

use sb_i18n::{msg, Lang, Msg};

use crate::{EntryState, Language};

/// Every fixed word the PDF and the CSV print.
#[derive(Debug)]
pub(crate) struct Words {
    pub title: &'static str,
    pub client: &'static str,
    pub period: &'static str,
    pub generated: &'static str,
    pub packages: &'static str,
    pub no_packages: &'static str,
    pub entries: &'static str,
    pub no_entries: &'static str,
    pub totals: &'static str,
    pub total: &'static str,
    pub package_total: &'static str,
    pub shared_pool: &'static str,
    // The packages table.
    pub package: &'static str,
    pub package_period: &'static str,
    pub direction: &'static str,
    pub budget: &'static str,
    pub used: &'static str,
    pub left: &'static str,
    pub overage_label: &'static str,
    pub overage_billed: &'static str,
    pub overage_not_billed: &'static str,
    // The entries table.
    pub date: &'static str,
    pub ticket: &'static str,
    pub subject: &'static str,
    pub engineer: &'static str,
    pub work_type: &'static str,
    pub billable: &'static str,
    pub covered: &'static str,
    pub overage: &'static str,
    // The totals block.
    pub entry_count: &'static str,
    pub actual_time: &'static str,
    pub billable_time: &'static str,
    pub covered_time: &'static str,
    pub overage_time: &'static str,
    pub overage_amount: &'static str,
    /// The language the words are in.
    pub lang: Lang,
    /// The entry states as printed: draft, approved, invoiced.
    pub states: [&'static str; 3],
    /// Under the entries when some are drafts.
    pub drafts_note: &'static str,
    /// Under the entries when drafts were left out.
    pub drafts_left_out: &'static str,
    /// The CSV's entry columns, in order.
    pub csv_entries: [&'static str; 13],
    /// The CSV's totals columns, in order.
    pub csv_totals: [&'static str; 8],
}

impl Words {
    pub(crate) fn of(language: Language) -> &'static Words {
        static EN: OnceLock<Words> = OnceLock::new();
        static RU: OnceLock<Words> = OnceLock::new();
        match language {
            Language::En => EN.get_or_init(|| Words::new(Lang::En)),
            Language::Ru => RU.get_or_init(|| Words::new(Lang::Ru)),
        }
    }

    pub(crate) fn page_of(&self, n: usize, m: usize) -> String {
        msg!("statement-page", page = n, pages = m).render(self.lang)
    }

    /// A draft's subject as the PDF marks it: "[draft] Printer jams".
    pub(crate) fn draft_subject(&self, subject: &str) -> String {
        msg!("statement-draft-subject", subject = subject).render(self.lang)
    }

    /// Under the packages: their balances are as of the period's last day.
    pub(crate) fn balances_as_of(&self, day: &str) -> String {
        msg!("statement-balances-as-of", day = day).render(self.lang)
    }

    /// A direction as printed: the shared pool's empty direction gets a name.
    pub(crate) fn direction_name<'a>(&self, direction: &'a str) -> &'a str {
        if direction.trim().is_empty() {
            self.shared_pool
        } else {
            direction
        }
    }

    /// An entry's state as printed in this language.
    pub(crate) fn state_name(&self, state: EntryState) -> &'static str {
        match state {
            EntryState::Draft => self.states[0],
            EntryState::Approved => self.states[1],
            EntryState::Invoiced => self.states[2],
        }
    }
}

impl Words {
    fn new(lang: Lang) -> Words {
        // Worded once per language and kept for the life of the process (a few hundred bytes).
        let w = |m: Msg| -> &'static str { Box::leak(m.render(lang).into_boxed_str()) };
        Words {
            lang,
            title: w(msg!("statement-title")),
            client: w(msg!("statement-client")),
            period: w(msg!("statement-period")),
            generated: w(msg!("statement-generated")),
            packages: w(msg!("statement-packages")),
            no_packages: w(msg!("statement-no-packages")),
            entries: w(msg!("statement-entries")),
            no_entries: w(msg!("statement-no-entries")),
            totals: w(msg!("statement-totals")),
            total: w(msg!("statement-total")),
            package_total: w(msg!("statement-package-total")),
            shared_pool: w(msg!("statement-shared-pool")),
            package: w(msg!("statement-package")),
            package_period: w(msg!("statement-package-period")),
            direction: w(msg!("statement-direction")),
            budget: w(msg!("statement-budget")),
            used: w(msg!("statement-used")),
            left: w(msg!("statement-left")),
            overage_label: w(msg!("statement-overage-label")),
            overage_billed: w(msg!("statement-overage-billed")),
            overage_not_billed: w(msg!("statement-overage-not-billed")),
            date: w(msg!("statement-date")),
            ticket: w(msg!("statement-ticket")),
            subject: w(msg!("statement-subject")),
            engineer: w(msg!("statement-engineer")),
            work_type: w(msg!("statement-work-type")),
            billable: w(msg!("statement-billable")),
            covered: w(msg!("statement-covered")),
            overage: w(msg!("statement-overage")),
            entry_count: w(msg!("statement-entry-count")),
            actual_time: w(msg!("statement-actual-time")),
            billable_time: w(msg!("statement-billable-time")),
            covered_time: w(msg!("statement-covered-time")),
            overage_time: w(msg!("statement-overage-time")),
            overage_amount: w(msg!("statement-overage-amount")),
            drafts_note: w(msg!("statement-drafts-note")),
            drafts_left_out: w(msg!("statement-drafts-left-out")),
            states: [
                w(msg!("statement-state-draft")),
                w(msg!("statement-state-approved")),
                w(msg!("statement-state-invoiced")),
            ],
            csv_entries: [
                w(msg!("statement-csv-entry-client")),
                w(msg!("statement-csv-entry-date")),
                w(msg!("statement-csv-entry-ticket")),
                w(msg!("statement-csv-entry-subject")),
                w(msg!("statement-csv-entry-engineer")),
                w(msg!("statement-csv-entry-direction")),
                w(msg!("statement-csv-entry-work-type")),
                w(msg!("statement-csv-entry-actual")),
                w(msg!("statement-csv-entry-billable")),
                w(msg!("statement-csv-entry-covered")),
                w(msg!("statement-csv-entry-overage")),
                w(msg!("statement-csv-entry-state")),
                w(msg!("statement-csv-entry-note")),
            ],
            csv_totals: [
                w(msg!("statement-csv-total-package")),
                w(msg!("statement-csv-total-term")),
                w(msg!("statement-csv-total-direction")),
                w(msg!("statement-csv-total-budget")),
                w(msg!("statement-csv-total-used")),
                w(msg!("statement-csv-total-left")),
                w(msg!("statement-csv-total-overage")),
                w(msg!("statement-csv-total-overage-amount")),
            ],
        }
    }
}
