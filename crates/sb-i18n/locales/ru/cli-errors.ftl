# Что `sb` считает неверным в том, что ему дали (аргументы, файлы, стандартный ввод).
cli-stdout-failed = стандартный вывод: { $error }
cli-cannot-write = не удалось записать { $path }: { $error }
cli-cannot-write-there = не удалось записать { $path }: { $error }; такой файл уже есть: укажите другой --out или добавьте --force, чтобы перезаписать его
cli-cannot-read = не удалось прочитать { $path }: { $error }
cli-cannot-read-stdin = не удалось прочитать стандартный ввод: { $error }
cli-cannot-read-stdin-long = не удалось прочитать стандартный ввод: { $error }
cli-cannot-ask = не удалось спросить: { $error }
cli-no-eml = там нет файлов .eml: укажите файлы писем или папки с ними
cli-statement-needs = для выписки нужны --client, --from и --to (нет --{ $flag }); метрики руководителя даёт `sb report metrics`
cli-hours-missing = укажите --shared-hours <часы> или --hours <направление>=<часы> для каждого направления
cli-hours-pair = «{ $text }»: пишите направление=часы, например network=40
cli-multiplier-pair = «{ $text }»: пишите вид=проценты, например on_site=150
cli-not-percent = «{ $text }» — не процент
cli-not-rate = «{ $text }» — не ставка (в копейках, центах и т. п. за час)
cli-overage-form = «{ $text }»: используйте block, allow:<часы> или bill:<ставка>
cli-rollover-form = «{ $text }»: используйте none, all, hours:<часы> или percent:<проценты>
cli-not-duration = «{ $text }» — не длительность: пишите часы как 1:30 или 1.5, а минуты как 90m
cli-stdin-empty-password = стандартный ввод пуст: передайте пароль первой строкой
cli-no-such-contact = у клиента { $client } нет контакта «{ $text }»; список контактов показывает `sb client show { $code }`
cli-sigterm = не удалось следить за SIGTERM: { $error }
cli-background-crashed = фоновая работа аварийно завершилась: { $error }
cli-unknown-state = неизвестное состояние «{ $text }»; используйте on или off
cli-unknown-language = неизвестный язык «{ $text }»; используйте en или ru
cli-not-language = «{ $text }» — здесь не язык: пишите en, ru или default
cli-bulk-what = укажите, что изменить: --assign, --status, --impact вместе с --urgency, --direction или --line
cli-unknown-sort = неизвестная сортировка «{ $text }»; используйте updated, priority или due
cli-no-profile = у вас ещё нет профиля: выполните `sb profile create`
cli-not-user-id = «{ $text }» — не id пользователя; укажите число из `sb users`, me или none
cli-contact-parts = в «{ $text }» слишком много частей; пишите контакт как "Имя;почта;телефон"
cli-cannot-read-alerts = не удалось прочитать список оповещений со стандартного ввода: { $error }
cli-direction-map = «{ $text }»: пишите значение=направление, например postgres=database
cli-severity-map = «{ $text }»: пишите значение=влияние/срочность, например critical=high/high
cli-not-working-days = «{ $text }» — не число рабочих дней; укажите, например, 3 или default
cli-not-rule-list = { $path } — не список правил в JSON: { $error }
cli-not-a-word = «{ $text }» — не { $kind ->
    [priority] приоритет (p1..p4)
    [line] линия (l1, l2, l3)
    [channel] канал
   *[other] { $kind }
}
cli-assign-form = пишите person:<кто>, round-robin:<кто>,<кто> или least-loaded:<кто>,<кто>
cli-assign-kind = «{ $text }»: используйте person, round-robin или least-loaded
cli-nobody-called = никого по имени «{ $text }» нет
cli-day-hours-or-off = укажите --off для выходного или --hours 09:00-17:00 для рабочих часов дня
cli-day-hours-form = «{ $text }»: пишите как sat=10:00-14:00
cli-workdays-backwards = «{ $text }» идёт в обратном порядке: пишите mon-fri
cli-not-weekday = «{ $text }» — не день недели: пишите mon, tue, wed, thu, fri, sat или sun
cli-on-breach = --on-breach: неизвестное действие при нарушении «{ $value }»; допустимы: { $expected }
cli-target-form = «{ $text }» { $why }: пишите цель как p1=30/4h, p3:database=4h/3d или p1=30/4h@2
cli-target-no-equals = — нет «=»
cli-target-no-priority = — начинается не с p1, p2, p3 или p4
cli-target-no-calendar = — после «@» нет id календаря
cli-target-no-slash = — нужно ПЕРВЫЙ_ОТВЕТ/РЕШЕНИЕ
cli-target-bad-time = — время не вида 30, 4h или 2d
cli-vendor-test-failed = проверка подключения к вендору не прошла (подробности выше)
cli-setting-form = «{ $text }»: пишите настройку как ключ=значение
cli-vendor-sla-form = «{ $text }»: пишите направление:минуты-до-подтверждения:минуты-до-решения, например *:60:480
cli-not-minutes = «{ $text }» — не число минут
cli-stdin-empty-secret = стандартный ввод пуст: передайте токен или пароль через канал
