# Used by the tests of the message machinery (Rust and the window), not shown anywhere.
i18n-sample-tickets = { $count ->
    [one] { $count } ticket
   *[other] { $count } tickets
}
i18n-sample-nested = Left: { $what }
