# Sentences shared by several parts.
# A text from outside that has no words of ours (a server's own error), shown as it is.
as-written = { $text }
# Background work a desk cannot do without a secret its keychain lacks.
work-no-secret-here = this desk's keychain has no { $secret } for { $vendor } (Vendors -> { $vendor } -> Secret)
