//! The bad-input catalogue (issue 14): every case in `tests/bad-input/*.toml` runs the real
//! binary on bad or hostile input and must end as the case says — its exit code, its
//! diagnostic code and words — with no panic, no hang and no output file left behind.
//!
//! Each case runs in a fresh directory holding `policies/` (copies of the shipped policies)
//! and `cohort.json` (the sample cohort), edited as the case says:
//!
//! ```toml
//! [[case]]
//! name = "what is wrong, in a few words"
//! args = ["eval", "cohort.json"]          # run in the case's directory, in English
//! exit = 2
//! code = "cohort::invalid"                # the diagnostic code; "usage" for an argument error
//! says = ["must be a year"]               # words the message must hold (optional)
//! files = { "x.json" = "…" }              # files written before the run (optional)
//! bytes = { "x.json" = "…\u00ff" }        # the same, one byte per character U+0000..U+00FF
//! repeat = [{ file = "x.json", text = "[", times = 10000 }]   # a file of one text repeated
//! edit = [{ file = "…", from = "…", to = "…" }]          # first `from` replaced; must be there
//! json = [{ file = "cohort.json", at = "/applicants/0/id", value = 5 }]  # or remove = true
//! script = "…"                            # wuxi-2024 gains a script clause with this source
//! stdin = "…"                             # given on standard input (optional)
//! absent = ["out.json"]                   # files that must not exist afterwards (optional)
//! lacks = ["\u001b["]                      # words the output must not hold (optional)
//! xlsx = [{ file = "c.xlsx", edit = [{ part = "xl/workbook.xml", from = "…", to = "…" }] }]
//!                                         # the sample as a workbook (`qaward template --from`),
//!                                         # its XML parts edited (`times` repeats `to`), replaced
//!                                         # (`parts`) or removed (`remove`)
//! links = { "out.json" = "victim" }       # symbolic links made before the run
//! modes = { "out.json" = 0o600 }          # permissions set before the run and kept after it
//! unchanged = ["victim"]                  # files whose bytes the run must not change
//! file_has = { "out.csv" = ["'=HYP"] }    # words an output file must hold
//! file_lacks = { "out.csv" = [",=HYP"] }  # words an output file must not hold
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

/// The longest a case may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(30);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    args: Vec<String>,
    exit: i32,
    code: Option<String>,
    #[serde(default)]
    says: Vec<String>,
    #[serde(default)]
    files: std::collections::BTreeMap<String, String>,
    /// Files written byte for byte: each character (U+0000..U+00FF) is one byte.
    #[serde(default)]
    bytes: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    repeat: Vec<Repeat>,
    #[serde(default)]
    edit: Vec<Edit>,
    #[serde(default)]
    json: Vec<JsonEdit>,
    script: Option<String>,
    stdin: Option<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    lacks: Vec<String>,
    #[serde(default)]
    xlsx: Vec<Workbook>,
    #[serde(default)]
    links: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    modes: std::collections::BTreeMap<String, u32>,
    #[serde(default)]
    unchanged: Vec<String>,
    #[serde(default)]
    file_has: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    file_lacks: std::collections::BTreeMap<String, Vec<String>>,
}

/// A workbook made from the sample cohort, then changed part by part.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Workbook {
    file: String,
    #[serde(default)]
    edit: Vec<PartEdit>,
    #[serde(default)]
    parts: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    remove: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartEdit {
    part: String,
    from: String,
    to: String,
    /// `to` repeated this many times (a huge part from a short case).
    times: Option<usize>,
}

/// Writes the workbook `w` in `dir`: the sample through `qaward template`, then edited.
fn workbook(w: &Workbook, dir: &Path) -> Result<(), String> {
    use std::io::Read as _;
    let path = dir.join(&w.file);
    let made = Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args([
            "template",
            "--from",
            "cohort.json",
            "--format",
            "xlsx",
            "--out",
        ])
        .arg(&path)
        .current_dir(dir)
        .env_remove("QAWARD_POLICIES")
        .output()
        .map_err(|e| e.to_string())?;
    if !made.status.success() {
        return Err(String::from_utf8_lossy(&made.stderr).into_owned());
    }
    let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| e.to_string())?;
        let mut body = Vec::new();
        f.read_to_end(&mut body).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.into_owned();
        parts.push((name, body));
    }
    for e in &w.edit {
        let (_, body) = parts
            .iter_mut()
            .find(|(n, _)| *n == e.part)
            .ok_or_else(|| format!("no part {}", e.part))?;
        let text = String::from_utf8(std::mem::take(body)).map_err(|e| e.to_string())?;
        if !text.contains(&e.from) {
            return Err(format!("`{}` is not in {}", e.from, e.part));
        }
        let to = e.to.repeat(e.times.unwrap_or(1));
        *body = text.replacen(&e.from, &to, 1).into_bytes();
    }
    parts.retain(|(n, _)| !w.remove.contains(n));
    for (name, text) in &w.parts {
        match parts.iter_mut().find(|(n, _)| n == name) {
            Some((_, body)) => *body = text.clone().into_bytes(),
            None => parts.push((name.clone(), text.clone().into_bytes())),
        }
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .map_err(|e| e.to_string())?;
        out.write_all(&body).map_err(|e| e.to_string())?;
    }
    let bytes = out.finish().map_err(|e| e.to_string())?.into_inner();
    std::fs::write(&path, bytes).map_err(|e| e.to_string())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Repeat {
    file: String,
    text: String,
    times: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    from: String,
    to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonEdit {
    file: String,
    at: String,
    value: Option<toml::Value>,
    #[serde(default)]
    remove: bool,
}

fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    serde_json::to_value(v).expect("a TOML value is JSON")
}

/// Lays out the case's directory; a mistake in the case itself is an `Err`.
fn prepare(case: &Case, dir: &Path) -> Result<(), String> {
    for id in crate::common::SHIPPED.iter().chain(&["calendars"]) {
        crate::common::copy_dir(
            &crate::common::workdir().join("policies").join(id),
            &dir.join("policies").join(id),
        );
    }
    std::fs::copy(
        crate::common::workdir().join(crate::common::SAMPLE),
        dir.join("cohort.json"),
    )
    .map_err(|e| e.to_string())?;
    if let Some(src) = &case.script {
        let file = dir.join("policies/wuxi-2024/policy.toml");
        let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        let at = text
            .find("\n[[conditions]]\nid = \"art11.1\"")
            .ok_or("no Art. 11(1) condition to insert before")?;
        let text = format!(
            "{}{}{}",
            &text[..at],
            crate::common::SCRIPT_CONDITION,
            &text[at..]
        );
        std::fs::write(&file, text).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("policies/wuxi-2024/s.rhai"), src).map_err(|e| e.to_string())?;
    }
    for (name, text) in &case.files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
    }
    for (name, text) in &case.bytes {
        let bytes: Vec<u8> = text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).map_err(|_| format!("{c:?} is not a byte")))
            .collect::<Result<_, _>>()?;
        std::fs::write(dir.join(name), bytes).map_err(|e| e.to_string())?;
    }
    for w in &case.xlsx {
        workbook(w, dir)?;
    }
    #[cfg(unix)]
    for (link, target) in &case.links {
        std::os::unix::fs::symlink(target, dir.join(link)).map_err(|e| e.to_string())?;
    }
    #[cfg(unix)]
    for (name, mode) in &case.modes {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(*mode))
            .map_err(|e| format!("{name}: {e}"))?;
    }
    for r in &case.repeat {
        std::fs::write(dir.join(&r.file), r.text.repeat(r.times)).map_err(|e| e.to_string())?;
    }
    for e in &case.edit {
        let path = dir.join(&e.file);
        let text = std::fs::read_to_string(&path).map_err(|err| format!("{}: {err}", e.file))?;
        if !text.contains(&e.from) {
            return Err(format!("`{}` is not in {}", e.from, e.file));
        }
        std::fs::write(&path, text.replacen(&e.from, &e.to, 1)).map_err(|e| e.to_string())?;
    }
    for e in &case.json {
        let path = dir.join(&e.file);
        let text = std::fs::read_to_string(&path).map_err(|err| format!("{}: {err}", e.file))?;
        let mut doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let (parent, key) = e.at.rsplit_once('/').ok_or("`at` is a JSON pointer")?;
        let target = doc
            .pointer_mut(parent)
            .ok_or_else(|| format!("{parent} is not in {}", e.file))?;
        match (target, &e.value, e.remove) {
            (serde_json::Value::Object(map), _, true) => {
                map.remove(key)
                    .ok_or_else(|| format!("{} is not there", e.at))?;
            }
            (serde_json::Value::Object(map), Some(v), false) => {
                map.insert(key.to_owned(), toml_to_json(v));
            }
            (serde_json::Value::Array(items), Some(v), false) => {
                let i: usize = key.parse().map_err(|_| "an array index")?;
                *items.get_mut(i).ok_or("index out of range")? = toml_to_json(v);
            }
            _ => return Err(format!("{}: give `value` or `remove = true`", e.at)),
        }
        std::fs::write(&path, doc.to_string()).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Runs one case; what went wrong, if anything.
fn run(case: &Case, dir: &Path) -> Result<(), String> {
    prepare(case, dir).map_err(|e| format!("the case is wrong: {e}"))?;
    let before: Vec<Vec<u8>> = case
        .unchanged
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap_or_default())
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(&case.args)
        .current_dir(dir)
        .env_remove("QAWARD_POLICIES")
        .env("QAWARD_LANG", "en")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let input = case.stdin.clone().unwrap_or_default();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let drain = |mut from: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = from.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("no answer within {HANG:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = feeder.join();
    let out = std::process::Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    let err = String::from_utf8_lossy(&out.stderr);
    let said = format!("{err}{}", String::from_utf8_lossy(&out.stdout));
    let mut wrong = Vec::new();
    if out.status.code() != Some(case.exit) {
        wrong.push(format!("exit {:?}, not {}", out.status.code(), case.exit));
    }
    if said.contains("panicked") || said.contains("RUST_BACKTRACE") {
        wrong.push("it panicked".to_owned());
    }
    match case.code.as_deref() {
        Some("usage")
            if !err.contains("For more information, try '--help'") && !err.contains("Usage:") =>
        {
            wrong.push("no usage error".to_owned())
        }
        Some("usage") | None => {}
        Some(code) if !said.contains(&format!("[{code}]")) => wrong.push(format!("no [{code}]")),
        Some(_) => {}
    }
    for words in &case.says {
        if !said.contains(words.as_str()) {
            wrong.push(format!("does not say `{words}`"));
        }
    }
    for name in &case.absent {
        if dir.join(name).exists() {
            wrong.push(format!("{name} was left behind"));
        }
    }
    for words in &case.lacks {
        if said.contains(words.as_str()) {
            wrong.push(format!("says `{}`", words.escape_debug()));
        }
    }
    for (name, old) in case.unchanged.iter().zip(&before) {
        if std::fs::read(dir.join(name)).unwrap_or_default() != *old {
            wrong.push(format!("{name} was changed"));
        }
    }
    #[cfg(unix)]
    for (name, mode) in &case.modes {
        use std::os::unix::fs::PermissionsExt as _;
        let now = std::fs::metadata(dir.join(name)).map(|m| m.permissions().mode() & 0o777);
        match now {
            Ok(m) if m == *mode => {}
            Ok(m) => wrong.push(format!("{name} has mode {m:o}, not {mode:o}")),
            Err(e) => wrong.push(format!("{name}: {e}")),
        }
    }
    for (name, list) in &case.file_has {
        let text = String::from_utf8_lossy(&std::fs::read(dir.join(name)).unwrap_or_default())
            .into_owned();
        for words in list.iter().filter(|w| !text.contains(w.as_str())) {
            wrong.push(format!("{name} does not hold `{}`", words.escape_debug()));
        }
    }
    for (name, list) in &case.file_lacks {
        let text = String::from_utf8_lossy(&std::fs::read(dir.join(name)).unwrap_or_default())
            .into_owned();
        for words in list.iter().filter(|w| text.contains(w.as_str())) {
            wrong.push(format!("{name} holds `{}`", words.escape_debug()));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n{said}", wrong.join("; ")))
    }
}

fn catalogue() -> Vec<(String, Case)> {
    let folder = crate::common::repo().join("tests/bad-input");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let part: Catalogue =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        cases.extend(part.case.into_iter().map(|c| (stem.clone(), c)));
    }
    cases
}

#[test]
fn every_bad_input_in_the_catalogue_is_refused_as_it_says() {
    let cases = catalogue();
    assert!(
        cases.len() >= 80,
        "the catalogue holds {} cases",
        cases.len()
    );
    let mut names = std::collections::BTreeSet::new();
    for (part, c) in &cases {
        assert!(
            names.insert((part, &c.name)),
            "two cases named {part}: {}",
            c.name
        );
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some((part, case)) = cases.get(i) else {
                    break;
                };
                let dir = crate::common::temp_dir("bad-input");
                if let Err(e) = run(case, &dir) {
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("{part}: {}: {e}", case.name));
                }
                let _ = std::fs::remove_dir_all(&dir);
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
