//! Writing a command's output: to standard output, or atomically to a file (a temporary file
//! beside it, then a rename), never over an input the command read, never half-written.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diag::text;
use crate::diag::Diagnostic;

/// What a command read, that its `--out` must never replace: the cohort with its CSV sibling
/// files, and the whole policy directory (every policy, its amendments' bases, scripts and
/// calendars).
pub fn read_paths(
    cohort: Option<&Path>,
    store: Option<&crate::policy::store::Store>,
) -> Vec<PathBuf> {
    let mut read = Vec::new();
    if let Some(c) = cohort.filter(|c| c.as_os_str() != "-") {
        read.push(c.to_path_buf());
        if c.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
            read.extend(crate::cohort::sheet::grid::csv_siblings(c).map(|(_, p)| p));
        }
    }
    if let Some(dir) = store.and_then(|s| s.origin.dir()) {
        read.push(dir.to_path_buf());
    }
    read
}

/// The input `target` would replace, if any: an input file itself, or a file inside an input
/// directory (links resolved on both sides).
fn overwrites(target: &Path, inputs: &[&Path]) -> Option<PathBuf> {
    let resolved = std::fs::canonicalize(target).ok().or_else(|| {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(
            std::fs::canonicalize(parent)
                .ok()?
                .join(target.file_name()?),
        )
    })?;
    inputs.iter().find_map(|input| {
        let input_path = std::fs::canonicalize(input).ok()?;
        let hit = if input_path.is_dir() {
            resolved.starts_with(&input_path)
        } else {
            resolved == input_path
        };
        hit.then(|| input.to_path_buf())
    })
}

/// Writes `content` to `out` (or stdout). `inputs` are files (or directories) that must not
/// be overwritten.
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
    if let Some(read) = overwrites(path, inputs) {
        let (zh, en) = if read.is_dir() {
            (
                format!("它在本次读取的规则目录 {} 中", read.display()),
                format!(
                    "it is inside the directory of the policy files this command read ({})",
                    read.display()
                ),
            )
        } else {
            (
                format!("它是本次读取的输入文件 {}", read.display()),
                format!("it is an input this command read ({})", read.display()),
            )
        };
        return Err(Box::new(
            Diagnostic::error(
                "output::would-overwrite-input",
                text!(
                    format!("拒绝写入 {}：{zh}", path.display()),
                    format!("refusing to write {}: {en}", path.display())
                ),
            )
            .help(text!(
                "为 --out 另选一个文件名，写到规则目录和输入文件以外。",
                "choose another file name for --out, outside the policies' directory and the inputs"
            )),
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| {
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
    // The temporary file is made new (O_EXCL) under an unpredictable name, so a link planted
    // in the directory is never followed; it takes the replaced file's permissions (a 0600
    // file stays 0600), and a new file's are as the umask makes them.
    let existing = std::fs::metadata(path).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".qaward-").suffix(".tmp");
    #[cfg(unix)]
    if existing.is_none() {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir).map_err(fail)?;
    let guard = interrupt::Registered::new(tmp.path());
    if let Some(perms) = existing {
        std::fs::set_permissions(tmp.path(), perms).map_err(fail)?;
    }
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, tmp);
    produce(&mut buffered)
        .and_then(|()| buffered.flush())
        .map_err(fail)?;
    let tmp = buffered.into_inner().map_err(|e| fail(e.into_error()))?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    drop(guard);
    wrote(path);
    Ok(())
}

/// "已写入 FILE" on a terminal, unless `--quiet`: a clerk who wrote a paper to a file sees
/// where it went; a script piping stderr sees nothing extra.
fn wrote(path: &Path) {
    use std::io::IsTerminal as _;
    if super::settings::get().quiet || !std::io::stderr().is_terminal() {
        return;
    }
    let name = path.display().to_string();
    let shown = crate::safe_text::visible(&name);
    let line = match super::settings::lang() {
        crate::diag::Lang::En => format!("wrote {shown}"),
        _ => format!("已写入 {shown}"),
    };
    eprintln!("{line}");
}

/// Temporary output files removed when the command is interrupted (SIGINT, SIGTERM, SIGHUP):
/// an interrupted run leaves nothing behind, as a failed one does not.
pub mod interrupt {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, Once};

    static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static HANDLER: Once = Once::new();

    /// A temporary file that is removed if the process is interrupted while it lives.
    pub struct Registered(PathBuf);

    impl Registered {
        pub fn new(path: &Path) -> Registered {
            HANDLER.call_once(|| {
                // Without a handler (another already set) an interrupt ends the process as
                // usual; the file is then left, as it would have been before.
                let _ = ctrlc::set_handler(|| {
                    if let Ok(live) = LIVE.lock() {
                        for p in live.iter() {
                            let _ = std::fs::remove_file(p);
                        }
                    }
                    std::process::exit(130);
                });
            });
            if let Ok(mut live) = LIVE.lock() {
                live.push(path.to_owned());
            }
            Registered(path.to_owned())
        }
    }

    impl Drop for Registered {
        fn drop(&mut self) {
            if let Ok(mut live) = LIVE.lock() {
                live.retain(|p| p != &self.0);
            }
        }
    }
}
