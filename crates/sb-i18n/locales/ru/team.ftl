# Рабочие пространства команды: вход, работа владельца, роли и что они позволяют.
team-not-member = { $login } не состоит в этой команде; попросите администратора команды пригласить вас (`sb team invite`), затем войдите с именем для входа и одноразовым паролем, которые он даст
team-not-for-team = { $what } — не для рабочего пространства команды: там вы — тот, под кем вошли ({ $login }); владелец команды приглашает людей и задаёт им роли командой `sb team`
team-what-create-profile = Создание профиля
team-what-act-as = Работа от имени другого человека
team-needs-team = это не рабочее пространство команды, а { $does } нужно именно оно: сначала выполните `sb team init URL` на пустой базе данных PostgreSQL
team-only-owner = только владелец команды ({ $owner }) { $does }; вы вошли как { $login }
team-does-list = просматривает состав команды
team-does-invite = приглашает людей
team-does-roles = меняет роли
team-does-lines = задаёт людям линии
team-does-remove = удаляет людей
team-does-reset = сбрасывает пароли
team-init-needs-postgres = рабочее пространство команды живёт в PostgreSQL, а это — локальный файл. Создайте пустую базу данных на сервере команды и выполните `sb team init postgres://OWNER@HOST/DATABASE`
person-no-id = человека с id { $id } нет
team-no-login-from-name = из этого имени не получается имя для входа; задайте его через --login (например, ivan_petrov)
team-member-removed = { $login } удалён(а) из команды; его (её) линия больше не важна
team-owner-cannot-remove-itself = владелец не может удалить сам себя
team-password-local = пароль меняется в рабочем пространстве команды; это пространство локальное, входа в нём нет
team-sign-out-local = выход бывает только в рабочем пространстве команды; это пространство локальное
team-upgrade-local = `sb team upgrade` — для рабочего пространства команды в PostgreSQL; локальное пространство обновляется само при открытии
team-upgrade-not-team = эта база данных ещё не рабочее пространство команды; сначала выполните `sb team init`
team-upgrade-only-owner = обновляет рабочее пространство только владелец команды; вы вошли как { $login }
team-upgrade-backup-file = укажите файл для резервной копии, которая делается перед обновлением (--backup FILE)
team-owner-sets-line = в рабочем пространстве команды линию человека задаёт владелец команды ({ $owner }): `sb team line LOGIN L1|L2|L3|any`; вы вошли как { $login }
team-change-password-first = сначала выберите свой пароль (окно его спросит, или `sb team password`): выданный вам пароль действует только один раз
team-owner-login-not-member = { $login } — имя владельца команды, для `sb team ...`; чтобы работать с заявками, войдите как участник (владелец приглашает командой `sb team invite`)
profile-set-up-first = сначала создайте свой профиль (в окне или `sb profile create --name <name> --role engineer`)
# Отказ по роли: «только руководитель группы или администратор ведёт почтовые ящики».
duty-refused = только { $who } { $duty ->
    [packages] ведёт пакеты часов поддержки
    [approve_time] утверждает время и выставляет счета
    [routing_rules] правит правила маршрутизации и рабочие часы
    [vendors] ведёт вендоров и их учётные данные
    [mailboxes] ведёт почтовые ящики
    [alert_sources] ведёт источники оповещений
   *[sla_policies] ведёт политики SLA и их календари
}
role-a = { $role ->
    [engineer] инженер
    [lead] руководитель группы
    [account_manager] менеджер по работе с клиентами
   *[admin] администратор
}
role-nobody = никто
words-comma = { $first }, { $next }
words-or = { $first } или { $last }
