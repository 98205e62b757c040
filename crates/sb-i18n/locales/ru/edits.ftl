# Без потерянных правок: изменение отклонено, потому что заявка изменилась, и «Взять себе» для занятой заявки.
edit-stale = { $ticket } изменилась после того, как вы её открыли (версия { $seen }, сейчас { $current }). Ничего не изменено: обновите заявку и внесите изменение снова
edit-stale-changes = { $ticket } изменилась после того, как вы её открыли (версия { $seen }, сейчас { $current }): { $changes }. Ничего не изменено: обновите заявку и внесите изменение снова
edit-taken = { $ticket } уже в работе у сотрудника { $holder }; спросите его или явно назначьте заявку себе (assign)
edit-taken-at = { $ticket } уже в работе у сотрудника { $holder } (с { $at }); спросите его или явно назначьте заявку себе (assign)
# Изменения одно за другим: «a; b; c».
edit-changes-more = { $first }; { $rest }

## Одно изменение с тех пор: кто, что, когда.
edit-nobody = никто
edit-no-value = (пусто)
edit-assignee-given = { $actor }, { $at }: исполнитель — { $to } (был: { $was })
edit-assignee-taken-off = { $actor }, { $at }: снят исполнитель { $was }
edit-comment = { $actor }, { $at }: добавлен { $visibility ->
    [internal] внутренний
    [public] публичный
   *[other] { $visibility }
} комментарий
edit-note = { $actor }, { $at }: { $field ->
    [resolution_note] примечание о решении
   *[other] примечание
} — { $text }
edit-linked = { $actor }, { $at }: добавлена связь с { $to }
edit-unlinked = { $actor }, { $at }: убрана связь с { $from }
edit-links-changed = { $actor }, { $at }: изменены связи
edit-merged-into = { $actor }, { $at }: объединена с { $to }
edit-merged = { $actor }, { $at }: сюда объединена { $from }
edit-set-field = { $actor }, { $at }: { $field ->
    [status] статус
    [priority] приоритет
    [line] линия
    [subject] тема
    [description] описание
    [direction] направление
    [impact] влияние
    [urgency] срочность
    [client] клиент
    [queue] очередь
    [tag] метка
    [tags] метки
   *[other] { $field }
} — было { $old }, стало { $new }
