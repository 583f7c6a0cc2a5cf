//! Writing a command's output: to standard output, or atomically to a file (a temporary file
//! beside it, then a rename), never over an input the command read, never half-written.

use std::io::Write as _;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::text;

/// Writes `content` to `out` (or stdout). `inputs` are files that must not be overwritten.
pub fn write(out: Option<&Path>, content: &str, inputs: &[&Path]) -> Result<(), Box<Diagnostic>> {
    write_bytes(out, content.as_bytes(), inputs)
}

/// [`write`] for any bytes (a workbook, say).
pub fn write_bytes(
    out: Option<&Path>,
    content: &[u8],
    inputs: &[&Path],
) -> Result<(), Box<Diagnostic>> {
    write_with(out, inputs, |w| w.write_all(content))
}

/// Streams what `produce` writes to `out` (or stdout), through a buffer: nothing is held whole
/// in memory. To a file, through a temporary file renamed when complete, so a failure leaves
/// no partial output.
pub fn write_with(
    out: Option<&Path>,
    inputs: &[&Path],
    produce: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), Box<Diagnostic>> {
    let Some(path) = out else {
        let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        return match produce(&mut stdout).and_then(|()| stdout.flush()) {
            // A closed pipe (`qaward eval … | head`) is the reader's choice, not an error.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Box::new(
                Diagnostic::error(
                    "output::write-failed",
                    text!(
                        format!("无法写入标准输出：{e}"),
                        format!("cannot write to standard output: {e}")
                    ),
                )
                .help(text!(
                    "检查磁盘空间或重定向的目标；也可用 --out 写入文件。",
                    "check the disk space or where the output is redirected; --out writes to a file"
                )),
            )),
            _ => Ok(()),
        };
    };
    // Only a regular file is replaced: a device, a directory or a link is refused (renaming over
    // /dev/full or /dev/stdout would replace the node itself).
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_file() {
            return Err(Box::new(
                Diagnostic::error(
                    "output::not-a-file",
                    text!(
                        format!("拒绝写入 {}：它不是普通文件", path.display()),
                        format!("refusing to write {}: it is not a regular file", path.display())
                    ),
                )
                .help(text!(
                    "--out 须是新文件名或已有的普通文件；写到终端或管道请省略 --out。",
                    "--out takes a new file name or an existing regular file; leave --out out to write to the terminal or a pipe"
                )),
            ));
        }
    }
    let target = std::fs::canonicalize(path).ok();
    for input in inputs {
        if target.is_some() && std::fs::canonicalize(input).ok() == target {
            return Err(Box::new(
                Diagnostic::error(
                    "output::would-overwrite-input",
                    text!(
                        format!("拒绝写入 {}：它是本次读取的输入文件", path.display()),
                        format!(
                            "refusing to write {}: it is an input this command read",
                            path.display()
                        )
                    ),
                )
                .help(text!(
                    "为 --out 另选一个文件名。",
                    "choose another file name for --out"
                )),
            ));
        }
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // A short temporary name: the target's own name may already be as long as the system allows.
    let tmp = dir.join(format!(".qaward-{}.tmp", std::process::id()));
    let fail = |e: std::io::Error| {
        let _ = std::fs::remove_file(&tmp);
        Box::new(
            Diagnostic::error(
                "output::write-failed",
                text!(
                    format!("无法写入 {}：{e}", path.display()),
                    format!("cannot write {}: {e}", path.display())
                ),
            )
            .help(text!(
                "检查目录是否存在、是否可写。",
                "check that the directory exists and is writable"
            )),
        )
    };
    let file = std::fs::File::create(&tmp).map_err(fail)?;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, file);
    produce(&mut buffered)
        .and_then(|()| buffered.into_inner().map_err(|e| e.into_error()))
        .and_then(|file| file.sync_all())
        .map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}
