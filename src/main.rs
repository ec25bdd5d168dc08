//! `duibi`: with no arguments (or `duibi gui FILE...`) the desktop app; `duibi analyze` and
//! `duibi compare` run the same engine headless.

mod cli;

/// Analysis and comparison allocate many small strings from several threads at once, where
/// glibc's allocator spent a tenth of the time (malloc, free, consolidation) in profiles.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
