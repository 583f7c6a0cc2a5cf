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

/// The bytes of a text input (a JSON or TOML cohort, which may come from a pipe): as
/// [`read`], and refused as soon as a NUL byte comes, which no JSON or TOML text holds, so
/// that `/dev/zero` or a binary file is refused at once instead of after `max` bytes.
pub fn read_text_input(input: impl std::io::Read, max: u64) -> std::io::Result<Vec<u8>> {
    let mut input = input.take(max + 1);
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk[..n].contains(&0) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "第 {} 字节是 NUL（0x00）：这不是 JSON 或 TOML 文本 · byte {} is NUL (0x00): this is not JSON or TOML text",
                    bytes.len() + chunk[..n].iter().position(|b| *b == 0).unwrap_or(0) + 1,
                    bytes.len() + chunk[..n].iter().position(|b| *b == 0).unwrap_or(0) + 1
                ),
            ));
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    if bytes.len() as u64 > max {
        return Err(std::io::Error::other(format!(
            "输入超过 {mib} MiB 的读取上限 · the input is larger than {mib} MiB, the most qaward reads",
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
