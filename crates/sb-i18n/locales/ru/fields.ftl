# Что не так с полем, которое заполнил человек; показывается рядом с полем, поэтому со строчной буквы.
field-required = обязательное поле
field-too-long = { $length ->
    [one] { $length } символ
    [few] { $length } символа
   *[many] { $length } символов
}; сократите до { $max ->
    [one] { $max } символа
   *[other] { $max } символов
}
field-working-days = укажите число рабочих дней от 1 до { $max }
field-not-mail-domain = «{ $value }» — не почтовый домен вида gmail.com
field-not-email = «{ $value }» — не адрес почты; запишите его как name@example.com
field-not-phone = «{ $value }» — не номер телефона; используйте цифры, пробелы и + - ( )
client-code-invalid = «{ $value }» — не короткий код: 2–16 латинских букв, цифр или «-», например ACME
template-unknown-placeholder = подстановки { $name } нет; используйте { $known } (фигурная скобка пишется как {"{{"})
template-unclosed-brace = скобка на { $at }-м символе не закрыта; подстановка пишется как {"{"}name{"}"}, а фигурная скобка — как {"{{"}
limit-unknown = ограничения «{ $name }» нет; есть { $known }
limit-out-of-range = { $name } — от { $min } до { $max } { $unit } (по умолчанию { $default }); указано { $value }
ticket-description-too-long = слишком длинное; длинные журналы приложите файлом
# Ошибка поля с его названием (так её показывает CLI; окно показывает её и рядом с полем).
field-error = { $field ->
    [subject] Тема
    [description] Описание
    [name] Название
    [code] Код
    [email] Почта
    [notes] Заметки
    [domain] Домен
    [body] Текст
    [note] Примечание
    [password] Пароль
    [title] Заголовок
    [requester] Заявитель
    [contact] Контакт
    [contact-name] Имя контакта
    [contact-email] Почта контакта
    [contact-phone] Телефон контакта
    [keywords] Ключевые слова
    [template] Шаблон
   *[other] { $field }
}: { $problem }
