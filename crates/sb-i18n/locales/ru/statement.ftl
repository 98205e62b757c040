# Отчёт о часах поддержки (PDF и CSV): его постоянные слова. Данные печатаются как есть.
statement-title = Отчёт об использовании часов поддержки
statement-client = Клиент
statement-period = Период
statement-generated = Составлен
statement-packages = Пакеты часов поддержки
statement-no-packages = На этот период нет пакетов часов поддержки.
statement-entries = Выполненные работы
statement-no-entries = За этот период работы не учитывались.
statement-totals = Итого за период
statement-total = Итого
statement-package-total = Итого по пакету
statement-shared-pool = общий пул
statement-package = Пакет
statement-package-period = Срок действия
statement-direction = Направление
statement-budget = Объём
statement-used = Израсх.
statement-left = Остаток
statement-overage-label = Сверх пакета
statement-overage-billed = к оплате
statement-overage-not-billed = не оплачивается
statement-date = Дата
statement-ticket = Заявка
statement-subject = Тема
statement-engineer = Инженер
statement-work-type = Вид работ
statement-billable = Учтено
statement-covered = Из пакета
statement-overage = Сверх
statement-entry-count = Записей о работе
statement-actual-time = Затрачено времени
statement-billable-time = Учтено времени
statement-covered-time = Из пакетов
statement-overage-time = Сверх пакетов
statement-overage-amount = К оплате сверх пакетов
statement-drafts-note = Записи с пометкой [черновик] ещё не утверждены и могут измениться.
statement-drafts-left-out = Черновики (ещё не утверждённые записи) в отчёт не включены.
statement-page = Стр. { $page } из { $pages }
statement-draft-subject = [черновик] { $subject }
statement-balances-as-of = Остатки на конец периода, { $day }
statement-state-draft = черновик
statement-state-approved = утверждено
statement-state-invoiced = выставлено в счёт

## Столбцы CSV.
statement-csv-entry-client = клиент
statement-csv-entry-date = дата
statement-csv-entry-ticket = заявка
statement-csv-entry-subject = тема
statement-csv-entry-engineer = инженер
statement-csv-entry-direction = направление
statement-csv-entry-work-type = вид работ
statement-csv-entry-actual = затрачено (мин)
statement-csv-entry-billable = учтено (мин)
statement-csv-entry-covered = из пакета (мин)
statement-csv-entry-overage = сверх пакета (мин)
statement-csv-entry-state = состояние
statement-csv-entry-note = примечание
statement-csv-total-package = пакет
statement-csv-total-term = срок действия
statement-csv-total-direction = направление
statement-csv-total-budget = объём (мин)
statement-csv-total-used = израсходовано (мин)
statement-csv-total-left = остаток (мин)
statement-csv-total-overage = сверх пакета (мин)
statement-csv-total-overage-amount = сумма сверх пакета

## Слова данных, которые печатает отчёт.
# Вид работ.
statement-work-type-name = { $work_type ->
    [remote] удалённо
    [on_site] на месте
    [after_hours] в нерабочее время
   *[other] { $shown }
}

## Отказы.
statement-terms-unreadable = условия не читаются: { $error }
statement-overage-too-large = превышение пакета «{ $package }» слишком велико, чтобы рассчитать его стоимость
statement-pdf-failed = отчёт не удалось составить: { $error }
