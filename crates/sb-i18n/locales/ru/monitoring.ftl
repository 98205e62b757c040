# Мониторинг: источники Alertmanager, их опрос и файлы с оповещениями.
alerts-bad-url = «{ $url }» — непригодный адрес Alertmanager: { $detail }; запишите его как http://host:9093
alerts-unreachable = не удаётся связаться с Alertmanager по адресу { $url }: { $detail }; проверьте адрес, а также что Alertmanager работает и доступен с этого компьютера
alerts-timeout = Alertmanager по адресу { $url } не ответил за { $seconds } с; возможно, он недоступен или перегружен
alerts-http-status = Alertmanager по адресу { $url } ответил HTTP { $status }: { $detail }{ $status ->
    [400] ; проверьте фильтр меток, он пишется как service=~"db.*"
    [422] ; проверьте фильтр меток, он пишется как service=~"db.*"
    [401] ; Alertmanager за прокси, требующим входа, пока не поддерживается
    [403] ; Alertmanager за прокси, требующим входа, пока не поддерживается
    [404] ; по этому адресу нет Alertmanager с API v2 (или путь неверен)
   *[other] {""}
}
alerts-not-alertmanager = ответ от { $url } — не список оповещений Alertmanager ({ $detail }); проверьте, что адрес ведёт на сам Alertmanager (API v2), а не на Prometheus или страницу прокси
alerts-file-not-list = { $origin } — не список оповещений Alertmanager ({ $detail }); сохраните его командой curl http://alertmanager:9093/api/v2/alerts > alerts.json
alerts-no-source = источника оповещений с id { $id } нет
ticket-no-number = заявки { $ticket } нет
alerts-poll-range = опрашивайте не чаще раза в { $min } с и не реже раза в { $max } с
alerts-direction-unknown = направления «{ $direction }» нет; выберите одно из: { $known }
alerts-row-needs-label-value = в каждой строке нужно значение метки
alerts-row-needs-severity = в каждой строке нужно значение важности
alerts-value-twice = значение «{ $value }» встречается в таблице дважды
alerts-name-taken = источник оповещений «{ $name }» уже есть
alerts-stored-unreadable = не удаётся прочитать сохранённый источник оповещений: { $error }
alerts-not-matcher = «{ $matcher }» — не условие на метку; пишите name="value", name!="value", name=~"regex" или name!~"regex"
alerts-not-label-name = «{ $name }» — не имя метки (буквы, цифры и _, не с цифры)

## Заметки, которые система оставляет в заявке (хранятся как сообщения, каждый читает на своём языке).
monitoring-resolved-note = Решена мониторингом: оповещение { $fingerprint } из источника { $source } больше не активно (Alertmanager перестал его показывать).
monitoring-refired-note = Открыта снова мониторингом: оповещение { $fingerprint } из источника { $source } снова активно.
