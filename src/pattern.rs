//! Regular expressions written in the source. Each is compiled once, on first use, through
//! `static_regex!`, which also declares a unit test that compiles it: a pattern that does not
//! compile is a programming error that `cargo test` reports, never a user.

use regex::Regex;

/// Compiles a pattern written in the source; panics with the pattern if it is invalid (the
/// test that `static_regex!` declares catches that before a release).
pub fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("static regex {pattern:?}: {e}"))
}

/// `static_regex!(NAME = r"…");` declares `static NAME: LazyLock<Regex>` and, under `cfg(test)`,
/// a module of the same name with a test that compiles it (modules and statics live in
/// different namespaces, so the names do not clash).
macro_rules! static_regex {
    ($(#[$meta:meta])* $vis:vis $name:ident = $pattern:expr) => {
        $(#[$meta])*
        $vis static $name: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| $crate::pattern::compile($pattern));

        #[cfg(test)]
        #[allow(non_snake_case)]
        mod $name {
            #[test]
            fn compiles() {
                std::sync::LazyLock::force(&super::$name);
            }
        }
    };
}
pub(crate) use static_regex;

#[cfg(test)]
mod tests {
    use super::*;

    static_regex!(DIGITS = r"\d+");

    #[test]
    fn a_static_regex_matches_as_written() {
        assert_eq!(DIGITS.find("第12条").map(|m| m.as_str()), Some("12"));
    }

    #[test]
    #[should_panic(expected = "static regex")]
    fn an_invalid_pattern_names_itself() {
        compile(r"(unclosed");
    }
}
