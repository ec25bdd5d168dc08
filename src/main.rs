//! `duibi`: with no arguments (or `duibi gui FILE...`) the desktop app; `duibi analyze` and
//! `duibi compare` run the same engine headless.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
