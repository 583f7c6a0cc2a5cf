//! Embeds a copy of `policies/` in the binary, so an installed `qaward` works anywhere.
//! Generates `$OUT_DIR/embedded_policies.rs`: `(policy id, file name, contents)` triples.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new("policies");
    println!("cargo:rerun-if-changed=policies");
    let mut entries = Vec::new();
    if let Ok(dirs) = std::fs::read_dir(root) {
        for dir in dirs.flatten() {
            let path = dir.path();
            if !path.join("policy.toml").is_file() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", path.display());
            let id = dir.file_name().to_string_lossy().into_owned();
            if let Ok(files) = std::fs::read_dir(&path) {
                for f in files.flatten() {
                    let name = f.file_name().to_string_lossy().into_owned();
                    if f.path().is_file() && (name == "policy.toml" || name.ends_with(".rhai")) {
                        println!("cargo:rerun-if-changed={}", f.path().display());
                        let abs = std::fs::canonicalize(f.path()).unwrap_or_else(|_| f.path());
                        entries.push((id.clone(), name, abs));
                    }
                }
            }
        }
    }
    // The working-day calendars every policy of the directory may count by.
    println!("cargo:rerun-if-changed=policies/calendars");
    if let Ok(files) = std::fs::read_dir(root.join("calendars")) {
        for f in files.flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if f.path().is_file() && name.ends_with(".toml") {
                println!("cargo:rerun-if-changed={}", f.path().display());
                let abs = std::fs::canonicalize(f.path()).unwrap_or_else(|_| f.path());
                entries.push(("calendars".to_owned(), name, abs));
            }
        }
    }
    entries.sort();
    let mut out = String::from("pub static EMBEDDED: &[(&str, &str, &str)] = &[\n");
    for (id, name, abs) in entries {
        let _ = writeln!(
            out,
            "    ({id:?}, {name:?}, include_str!({:?})),",
            abs.display().to_string()
        );
    }
    out.push_str("];\n");
    // The commit the binary is built from, for `qaward --version`.
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=QAWARD_COMMIT={commit}");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("embedded_policies.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}
