//! The `qaward` command: everything happens in the library's command line.

fn main() -> std::process::ExitCode {
    qaward::run_command_line()
}
