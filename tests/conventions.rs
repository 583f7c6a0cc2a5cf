//! Command-line conventions (issue 14): shared options before or after the command, one
//! language for messages (or both), --quiet, --color, one name for the human format, shell
//! completions and manual pages.

use crate::common::*;

#[test]
fn shared_options_may_come_before_the_command() {
    let p = Policies::shipped("global-options");
    let before = qaward(&[
        "--lang",
        "en",
        "--policies",
        p.arg(),
        "--as-of",
        "2024-09-01",
        "eval",
        SAMPLE,
        "--format",
        "json",
    ]);
    let after = qaward(&[
        "eval",
        SAMPLE,
        "--format",
        "json",
        "--lang",
        "en",
        "--policies",
        p.arg(),
        "--as-of",
        "2024-09-01",
    ]);
    assert_eq!(ok_stdout(&before), ok_stdout(&after));
    // One written after the command wins over one before it.
    let o = qaward(&["--as-of", "1999-01-01", "policies", "--as-of", "2024-09-01"]);
    ok_stdout(&o);
    // A command that takes no reference date refuses one.
    let o = qaward(&["--as-of", "2024-09-01", "fmt", "policies"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--as-of 不适用于此命令"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn messages_come_in_the_language_asked_for_or_both() {
    let bad = temp_dir("lang").join("c.json");
    std::fs::write(&bad, r#"{"cycle": {}, "applicants": []}"#).unwrap();
    let bad = bad.to_str().unwrap();
    let said = |lang: &str| stderr(&qaward(&["eval", bad, "--lang", lang]));
    let zh = said("zh");
    assert!(
        zh.contains("错误[cohort::invalid]") && zh.contains("提示"),
        "{zh}"
    );
    assert!(!zh.contains("error") && !zh.contains("help:"), "{zh}");
    let en = said("en");
    assert!(
        en.contains("error[cohort::invalid]") && en.contains("help:"),
        "{en}"
    );
    assert!(!en.contains("错误") && !en.contains("提示"), "{en}");
    let both = said("both");
    assert!(both.starts_with("错误[cohort::invalid]"), "{both}");
    assert!(
        both.contains("\nerror: ") && both.contains("help:"),
        "{both}"
    );
    // Without --lang, the default is Chinese; QAWARD_LANG sets another, --lang beats it.
    assert_eq!(stderr(&qaward(&["eval", bad])), zh);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(["--lang", "zh", "eval", bad])
        .current_dir(workdir())
        .env("QAWARD_LANG", "en")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(stderr(&o), zh);
}

#[test]
fn colour_follows_the_color_option() {
    let bad = temp_dir("colour").join("c.json");
    std::fs::write(&bad, "{").unwrap();
    let bad = bad.to_str().unwrap();
    let run = |when: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_qaward"))
            .args(["eval", bad, "--color", when])
            .current_dir(workdir())
            .env_remove("NO_COLOR")
            .output()
            .unwrap()
    };
    assert!(stderr(&run("always")).contains("\x1b[31m"));
    assert!(!stderr(&run("never")).contains('\x1b'));
    // Into a pipe, auto means none.
    assert!(!stderr(&run("auto")).contains('\x1b'));
}

#[test]
fn quiet_keeps_the_answer_and_drops_the_confirmations() {
    let p = Policies::shipped("quiet");
    let o = qaward(&[
        "new",
        "--from",
        "wuxi-2024",
        "--id",
        "wuxi-2024-q1",
        "--effective",
        "2025-01-01",
        "--policies",
        p.arg(),
        "--quiet",
    ]);
    assert_eq!(ok_stdout(&o), "");
    assert!(p.dir("wuxi-2024-q1").join("policy.toml").is_file());
    // The answer asked for is still written.
    assert!(ok_stdout(&qaward(&["-q", "eval", SAMPLE])).contains("WX2024-001"));
    // Errors are still said.
    let o = qaward(&["-q", "eval", "nowhere.json"]);
    assert!(stderr(&o).contains("cohort::unreadable"));
}

#[test]
fn the_human_format_is_text_everywhere_and_table_still_works() {
    for args in [
        &["eval", SAMPLE][..],
        &["policies"],
        &["check", "wuxi-2024"],
        &["explain", SAMPLE, "--applicant", "WX2024-001"],
        &["whatif", SAMPLE, "--set", "tiers.award.quota=6"],
        &["sweep", SAMPLE, "--vary", "tiers.award.quota=5..6:1"],
        &["stability", SAMPLE, "--noise", "5", "--trials", "10"],
        &["fields"],
        &["readings"],
        &["diff", "wuxi-2017", "wuxi-2024"],
    ] {
        let default = ok_stdout(&qaward(args));
        let text = ok_stdout(&qaward(&[args, &["--format", "text"]].concat()));
        assert_eq!(default, text, "{args:?}");
    }
    let old = ok_stdout(&qaward(&["eval", SAMPLE, "--format", "table"]));
    assert_eq!(old, ok_stdout(&qaward(&["eval", SAMPLE])));
}

#[test]
fn completions_and_manual_pages_come_from_the_arguments() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = ok_stdout(&qaward(&["completions", shell]));
        assert!(
            script.contains("eval") && script.contains("--as-of"),
            "{shell}"
        );
    }
    let page = ok_stdout(&qaward(&["man"]));
    assert!(page.contains(".TH qaward 1"), "{page}");
    assert!(page.contains("eval"), "{page}");
    let dir = temp_dir("man");
    let o = qaward(&["man", "--dir", dir.to_str().unwrap()]);
    ok_stdout(&o);
    for page in ["qaward.1", "qaward-eval.1", "qaward-whatif.1"] {
        assert!(dir.join(page).is_file(), "{page}");
    }
}

/// Every Rust file under src/.
fn rust_sources() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo().join("src"), &mut files);
    files
}

/// Issue 23: the award and its articles live in the policy files. No Rust file under src/
/// (outside its test module) names an article of a regulation or an award.
#[test]
fn no_rust_file_names_an_article_or_an_award() {
    let files = rust_sources();
    let numerals = "一二三四五六七八九十百";
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            let chars: Vec<char> = line.chars().collect();
            let chinese_article = chars.windows(3).any(|w| {
                w[0] == '第' && numerals.contains(w[1]) && (w[2] == '条' || numerals.contains(w[2]))
            });
            let english_article = line
                .match_indices("Art. ")
                .any(|(i, m)| line[i + m.len()..].starts_with(|c: char| c.is_ascii_digit()));
            if chinese_article || english_article || line.contains("无锡") || line.contains("市长")
            {
                found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Issue 25: every diagnostic code the program reports is in the catalogue
/// (`docs/diagnostics.toml`, printed by `qaward explain-error`), and the catalogue names no
/// code the program does not report.
#[test]
fn the_diagnostics_catalogue_and_the_codes_reported_agree() {
    let files = rust_sources();
    let mut used = std::collections::BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for piece in code.split('"').skip(1).step_by(2) {
            let Some((area, name)) = piece.split_once("::") else {
                continue;
            };
            let word = |s: &str, first_digit: bool| {
                !s.is_empty()
                    && s.chars().next().is_some_and(|c| {
                        c.is_ascii_lowercase() || (first_digit && c.is_ascii_digit())
                    })
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            };
            if word(area, false)
                && word(name, false)
                && name.contains(|c: char| c.is_ascii_lowercase())
            {
                used.insert(format!("{area}::{name}"));
            }
        }
    }
    let listed = ok_stdout(&qaward(&["explain-error", "--list", "--lang", "en"]));
    let catalogue: std::collections::BTreeSet<String> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    let missing: Vec<&String> = used.difference(&catalogue).collect();
    let stale: Vec<&String> = catalogue.difference(&used).collect();
    assert!(
        missing.is_empty(),
        "reported but not in docs/diagnostics.toml: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "in docs/diagnostics.toml but never reported: {stale:?}"
    );
}
