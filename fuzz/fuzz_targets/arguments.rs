//! A command line (arguments separated by NUL bytes) parsed as `qaward` parses it: every
//! value parser (dates, --set, --vary, percentages) and the options before the command.
//! The command is not run: it could write files.

#![no_main]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let args = std::iter::once(OsString::from("qaward"))
        .chain(data.split(|&b| b == 0).map(|a| OsString::from_vec(a.to_vec())));
    let _ = qaward::parse_command_line(args);
});
