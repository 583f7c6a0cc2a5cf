//! The `qaward` command: parses arguments and hands over to `qaward::cli`.

fn main() -> std::process::ExitCode {
    qaward::cli::main()
}
