//! Panics inside third-party readers (lopdf and its nom parser, cfb) are caught per file and
//! reported as that file's error. Printed by the default hook they would make a handled failure
//! look like a crash (scripts treat "panicked" on stderr as one), so the binaries install
//! `quiet_reader_panics`; the library never touches the process's hook itself.

use std::sync::Once;

/// Installs a process-wide panic hook that says nothing for panics raised inside a reader that
/// duibi catches, and hands every other panic to the hook that was there before. For binaries
/// (duibi, the fuzz targets): the process's hook belongs to them. Installing twice is harmless.
pub fn quiet_reader_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| in_reader(l.file())) {
                previous(info);
            }
        }));
    });
}

/// Whether a source file belongs to a reader crate whose panics `ingest` catches: a folder of
/// its path is the crate's (`lopdf-0.47.0`), wherever the registry sits.
fn in_reader(file: &str) -> bool {
    file.split(['/', '\\']).any(|folder| {
        ["lopdf-", "nom-", "cfb-"]
            .iter()
            .any(|name| folder.starts_with(name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_readers_sources_are_quiet() {
        assert!(in_reader(
            "/home/u/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/lopdf-0.36.0/src/parser.rs"
        ));
        assert!(in_reader("/r/src/x/nom-7.1.3/src/bytes/complete.rs"));
        assert!(in_reader("/r/src/x/cfb-0.10.0/src/internal/alloc.rs"));
        assert!(
            !in_reader("src/ingest/pdf.rs"),
            "our own panics are bugs: printed"
        );
        assert!(in_reader(
            r"C:\cargo\registry\src\x\lopdf-0.36.0\src\reader.rs"
        ));
        assert!(!in_reader("/r/src/x/rayon-core-1.12.1/src/registry.rs"));
        assert!(
            !in_reader("/r/src/x/phenom-1.0.0/src/lib.rs"),
            "a name that ends like one"
        );
    }
}
