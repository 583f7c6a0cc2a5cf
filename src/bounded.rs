//! Reading an input file with a bound on its size, so that `/dev/zero`, a runaway pipe or a
//! mistaken multi-gigabyte file is refused instead of filling the memory.

use std::io::Read as _;
use std::path::Path;

/// The largest cohort file read (a million applicants is about 0.9 GB of JSON).
pub const MAX_COHORT: u64 = 2 << 30;
/// The largest TOML cohort read: TOML is for cohorts typed by hand, and reading it takes about
/// 25 times its size (the TOML parser's document), where JSON is streamed.
pub const MAX_TOML_COHORT: u64 = 16 << 20;
/// The largest policy, script or calendar file read.
pub const MAX_POLICY_FILE: u64 = 16 << 20;

/// The bytes of `path`, or an error when it holds more than `max` bytes.
pub fn read(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::other(format!(
            "文件超过 {mib} MiB 的读取上限 · the file is larger than {mib} MiB, the most qaward reads",
            mib = max >> 20
        )));
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text, without a leading byte-order mark (Windows editors write one).
pub fn read_text(path: &Path, max: u64) -> std::io::Result<String> {
    let bytes = read(path, max)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}
