# Используются тестами механизма сообщений (Rust и окно), нигде не показываются.
i18n-sample-tickets = { $count ->
    [one] { $count } заявка
    [few] { $count } заявки
   *[many] { $count } заявок
}
i18n-sample-nested = Осталось: { $what }
