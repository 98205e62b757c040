# Часы: пакеты, записи времени, предупреждения о них и уведомления о порогах.

## Слова внутри других сообщений.
# Направление, как его называет код (бюджеты, предупреждения).
direction-name = { $direction ->
    [hardware] Оборудование
    [software] ПО
    [network] Сети
    [database] Базы данных
   *[other] { $direction }
}
# Направление, как его называет заголовок (уведомления, выписка).
direction-label = { $direction ->
    [hardware] Оборудование
    [software] ПО
    [network] Сеть
    [database] Базы данных
   *[other] { $direction }
}

## Пакеты.
ledger-no-package = пакета с номером { $id } нет
ledger-package-other-client = пакет остаётся у своего клиента; закройте его и создайте новый для другого клиента
ledger-package-closed = пакет «{ $package }» закрыт; продлите его
ledger-package-closed-already = пакет «{ $package }» уже закрыт
ledger-no-direction = направления «{ $direction }» нет
ledger-direction-twice = направление «{ $direction }» указано дважды
ledger-work-type-twice = вид работ «{ $work_type }» указан дважды
ledger-need-overage-minutes = укажите допустимое превышение в минутах
ledger-need-overage-rate = укажите ставку в час сверх пакета
ledger-need-rollover-minutes = укажите, сколько минут переносится
ledger-need-rollover-percent = укажите, какой процент переносится
ledger-rollover-percent = процент от 0 до 100
ledger-stack-order = небольшое целое число
ledger-budget-unreadable = сохранённый бюджет не читается: { $error }
ledger-terms-unreadable = условия пакета { $id } не читаются: { $error }
ledger-busy = часы клиента сейчас меняет кто-то другой; попробуйте ещё раз

## Записи времени.
ledger-no-entry = записи времени с номером { $id } нет
ledger-entry-stays = запись остаётся на своей заявке
ledger-draft-not-adjusted = черновик редактируют, а не исправляют; измените саму запись
ledger-adjust-note = напишите, почему запись исправляется
ledger-adjust-minutes = исправление — от 1 до 1440 минут, в большую (положительное) или меньшую (отрицательное) сторону
ledger-period-backwards = период заканчивается раньше, чем начинается
ledger-select-period = укажите номера записей или клиента с периодом (с и по)
ledger-select-none = выберите записи или клиента и период
ledger-timer-stopped = таймер тем временем остановлен
ledger-no-timer = на { $ticket } таймер не запущен
ledger-merged-ticket = { $ticket } объединена с { $into }; записывайте время туда
ledger-note-too-long = примечание должно быть короче 2000 символов
ledger-not-author = запись { $id } принадлежит пользователю { $author }: пока это черновик, менять или удалять её может только автор
ledger-not-draft = запись { $id } { $state ->
    [approved] уже утверждена
    [invoiced] уже выставлена в счёт
   *[other] в состоянии «{ $state }»
}: её больше не меняют; исправьте её корректировкой

## Предупреждения о времени записи.
ledger-warning-no-package = у клиента нет пакета по этому направлению: время не покрыто; аккаунт-менеджер может продать пакет
ledger-warning-expired = пакет «{ $package }» закончился { $day }: время за более поздний день не покрыто; аккаунт-менеджер может его продлить
ledger-warning-not-started = пакет «{ $package }» начинается { $day }: время за более ранний день не покрыто
ledger-warning-closed = пакет «{ $package }» закрыт: время не покрыто
ledger-warning-exhausts = эта запись расходует последние часы пакета «{ $package }»
ledger-warning-exhausts-direction = эта запись расходует последние часы направления «{ $direction }» пакета «{ $package }»
ledger-warning-exhausts-others-left = эта запись расходует последние часы направления «{ $direction }» пакета «{ $package }» (по другим направлениям осталось { $left }, но время этой заявки их не использует)
ledger-warning-overage = { $minutes } из этой записи — сверх часов пакета «{ $package }»

## Уведомления о порогах (уведомление на рабочем столе и всплывающее сообщение в окне).
ledger-notice-fast = { $package }: часы расходуются быстрее, чем идёт период; осталось { $left }
ledger-notice-used = { $package }: израсходовано { $percent }% ({ $whose }); осталось { $left }
ledger-notice-package-hours = часы пакета
ledger-notice-direction-hours = часы «{ $direction }»

## История пакета: что изменилось.
package-change-created = { $start } – { $end }, { $hours }
package-change-name = название: { $old } → { $new }
package-change-period = период: { $old_start } – { $old_end } → { $new_start } – { $new_end }
package-change-hours = часы: { $old } → { $new }
package-change-rounding = округление/минимум: { $old_rounding }/{ $old_minimum } мин → { $new_rounding }/{ $new_minimum } мин
package-change-multipliers = коэффициенты видов работ
package-change-overage = правило превышения
package-change-rollover = перенос часов
package-change-thresholds = пороги
package-change-order = порядок: { $old } → { $new }
package-change-none = без изменений
# Изменения одно за другим: «a; b; c».
package-changes-more = { $first }; { $rest }
