# What is wrong with a field a person filled in; shown beside the field, so it starts in lower case.
field-required = is required
field-too-long = is { $length } characters long; shorten it to { $max } or fewer
field-working-days = write a number of working days from 1 to { $max }
field-not-mail-domain = '{ $value }' is not a mail domain such as gmail.com
field-not-email = '{ $value }' is not an email address; write it as name@example.com
field-not-phone = '{ $value }' is not a phone number; use digits, spaces and + - ( )
client-code-invalid = '{ $value }' is not a short code: use 2-16 Latin letters, digits or '-', such as ACME
template-unknown-placeholder = there is no placeholder { $name }; use { $known } (write {"{{"} for a brace)
template-unclosed-brace = the brace at character { $at } is not closed; write {"{"}name{"}"} for a placeholder or {"{{"} for a brace
limit-unknown = there is no limit '{ $name }'; the limits are { $known }
limit-out-of-range = { $name } must be from { $min } to { $max } { $unit } (the default is { $default }); { $value } was given
ticket-description-too-long = is too long; attach long logs instead
# A field's problem, with the field named (the CLI shows it; the window also shows it beside the field).
field-error = { $field }: { $problem }
