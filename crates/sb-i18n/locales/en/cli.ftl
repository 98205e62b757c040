# What the `sb` command prints for people (its --json output has no words).
cli-error = error: { $text }
