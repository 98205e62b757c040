//! The fixed words of a statement in each language.

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
    /// "Page {n} of {m}" as (the words before n, the words between n and m).
    pub page: (&'static str, &'static str),
    /// The entry states as printed: draft, approved, invoiced.
    pub states: [&'static str; 3],
    /// Marks a draft entry in the PDF: "[draft] " before its subject.
    pub draft_mark: &'static str,
    /// Under the entries when some are drafts.
    pub drafts_note: &'static str,
    /// Under the entries when drafts were left out.
    pub drafts_left_out: &'static str,
    /// Under the packages: their balances are as of the period's last day, "as of " + day.
    pub balances_as_of: &'static str,
    /// The CSV's entry columns, in order.
    pub csv_entries: [&'static str; 13],
    /// The CSV's totals columns, in order.
    pub csv_totals: [&'static str; 8],
}

impl Words {
    pub(crate) fn of(language: Language) -> &'static Words {
        match language {
            Language::En => &EN,
            Language::Ru => &RU,
        }
    }

    pub(crate) fn page_of(&self, n: usize, m: usize) -> String {
        format!("{}{n}{}{m}", self.page.0, self.page.1)
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

static EN: Words = Words {
    title: "Support hours statement",
    client: "Client",
    period: "Period",
    generated: "Generated",
    packages: "Support packages",
    no_packages: "No support package covers this period.",
    entries: "Time entries",
    no_entries: "No time was logged in this period.",
    totals: "Totals for the period",
    total: "Total",
    package_total: "Package total",
    shared_pool: "shared pool",
    package: "Package",
    package_period: "Term",
    direction: "Direction",
    budget: "Budget",
    used: "Used",
    left: "Left",
    overage_label: "Overage",
    overage_billed: "billed",
    overage_not_billed: "not billed",
    date: "Date",
    ticket: "Ticket",
    subject: "Subject",
    engineer: "Engineer",
    work_type: "Work type",
    billable: "Billable",
    covered: "Covered",
    overage: "Overage",
    entry_count: "Time entries",
    actual_time: "Time spent",
    billable_time: "Billable time",
    covered_time: "Covered by packages",
    overage_time: "Beyond the packages",
    overage_amount: "Overage billed",
    page: ("Page ", " of "),
    states: ["draft", "approved", "invoiced"],
    draft_mark: "[draft] ",
    drafts_note: "Entries marked [draft] are not approved yet and may still change.",
    drafts_left_out: "Draft entries (not approved yet) are left out of this statement.",
    balances_as_of: "Balances as of the end of the period, ",
    csv_entries: [
        "client",
        "date",
        "ticket",
        "subject",
        "engineer",
        "direction",
        "work type",
        "actual minutes",
        "billable minutes",
        "covered minutes",
        "overage minutes",
        "state",
        "note",
    ],
    csv_totals: [
        "package",
        "term",
        "direction",
        "budget minutes",
        "used minutes",
        "left minutes",
        "overage minutes",
        "overage amount",
    ],
};

static RU: Words = Words {
    title: "Отчёт об использовании часов поддержки",
    client: "Клиент",
    period: "Период",
    generated: "Составлен",
    packages: "Пакеты часов поддержки",
    no_packages: "На этот период нет пакетов часов поддержки.",
    entries: "Выполненные работы",
    no_entries: "За этот период работы не учитывались.",
    totals: "Итого за период",
    total: "Итого",
    package_total: "Итого по пакету",
    shared_pool: "общий пул",
    package: "Пакет",
    package_period: "Срок действия",
    direction: "Направление",
    budget: "Объём",
    used: "Израсх.",
    left: "Остаток",
    overage_label: "Сверх пакета",
    overage_billed: "к оплате",
    overage_not_billed: "не оплачивается",
    date: "Дата",
    ticket: "Заявка",
    subject: "Тема",
    engineer: "Инженер",
    work_type: "Вид работ",
    billable: "Учтено",
    covered: "Из пакета",
    overage: "Сверх",
    entry_count: "Записей о работе",
    actual_time: "Затрачено времени",
    billable_time: "Учтено времени",
    covered_time: "Из пакетов",
    overage_time: "Сверх пакетов",
    overage_amount: "К оплате сверх пакетов",
    page: ("Стр. ", " из "),
    states: ["черновик", "утверждено", "выставлено в счёт"],
    draft_mark: "[черновик] ",
    drafts_note: "Записи с пометкой [черновик] ещё не утверждены и могут измениться.",
    drafts_left_out: "Черновики (ещё не утверждённые записи) в отчёт не включены.",
    balances_as_of: "Остатки на конец периода, ",
    csv_entries: [
        "клиент",
        "дата",
        "заявка",
        "тема",
        "инженер",
        "направление",
        "вид работ",
        "затрачено (мин)",
        "учтено (мин)",
        "из пакета (мин)",
        "сверх пакета (мин)",
        "состояние",
        "примечание",
    ],
    csv_totals: [
        "пакет",
        "срок действия",
        "направление",
        "объём (мин)",
        "израсходовано (мин)",
        "остаток (мин)",
        "сверх пакета (мин)",
        "сумма сверх пакета",
    ],
};
