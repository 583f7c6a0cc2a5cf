//! `qaward fmt`: --check lists what would change and exits 1; formatting keeps every comment and
//! is idempotent; the shipped policies are formatted.

use crate::common::*;

#[test]
fn shipped_policies_are_formatted() {
    for path in ["policies", "examples/amendments"] {
        let o = qaward(&["fmt", "--check", path, "--lang", "en"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
}

#[test]
fn check_lists_then_fmt_fixes_keeping_comments() {
    let dir = temp_dir("fmt");
    std::fs::create_dir_all(dir.join("wuxi-2024")).unwrap();
    let original = shipped("wuxi-2024", "policy.toml");
    let messy = original
        .replacen("weight = 0.30", "weight   =  0.3   # thirty per cent", 1)
        .replacen("amount = 1000000", "amount = 1_000_000", 1)
        .replacen(
            "quota = 5\nthreshold = 0.60",
            "threshold = 0.600\nquota = 5",
            1,
        )
        .replacen(
            "  op = \"in\"\n  param = \"allowed_org_forms\"",
            "      param = \"allowed_org_forms\"\n  op = \"in\"",
            1,
        );
    let file = dir.join("wuxi-2024/policy.toml");
    std::fs::write(&file, &messy).unwrap();
    let o = qaward(&["fmt", "--check", dir.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("would reformat:"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        messy,
        "--check writes nothing"
    );
    assert_eq!(
        qaward(&["fmt", dir.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let formatted = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        formatted,
        original.replacen("weight = 0.30", "weight = 0.30 # thirty per cent", 1)
    );
    assert_eq!(
        qaward(&["fmt", "--check", dir.to_str().unwrap()])
            .status
            .code(),
        Some(0),
        "idempotent"
    );
    let o = qaward(&["fmt", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
}
