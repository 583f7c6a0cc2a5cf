//! `.xlsx` bytes read as a cohort workbook's sheets: the reader may refuse them, naming what
//! is wrong, but never panics, never hangs, and never allocates past what the bytes hold
//! (libFuzzer's -rss_limit_mb catches a reader that would).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = qaward::read_workbook_bytes(data);
});
