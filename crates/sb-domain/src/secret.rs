//! A secret value (a password, a token) that never shows in Debug output, logs or errors.

use std::fmt;

/// Wraps a secret so that `{:?}` prints `Sensitive(***)`. Read it with [`Sensitive::expose`],
/// at the one place that hands it to the server or the keychain.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Sensitive<T> {
        Sensitive(value)
    }

    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sensitive(***)")
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Sensitive(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret() {
        let s = Sensitive::new("hunter2".to_string());
        assert_eq!(format!("{s:?}"), "Sensitive(***)");
        assert_eq!(format!("{:?}", Some(&s)), "Some(Sensitive(***))");
        assert_eq!(s.expose(), "hunter2");
    }
}
