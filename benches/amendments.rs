//! Loading a policy directory with a long chain of amendments (each extends the one before,
//! down to wuxi-2024): every policy of the directory, as `check` and the choice of the policy
//! in force do, and the last link alone. Run with `cargo bench --bench amendments`.

use std::path::Path;

use qaward::{Origin, Store};

mod common;
use common::best_of;

/// Copies the shipped policies into `dir` and adds a chain of `n` amendments.
fn chain(dir: &Path, n: usize) {
    for entry in walk(Path::new("policies")) {
        let to = dir.join(entry.strip_prefix("policies").expect("under policies"));
        std::fs::create_dir_all(to.parent().expect("a parent")).expect("mkdir");
        std::fs::copy(&entry, &to).expect("copy");
    }
    for i in 1..=n {
        let base = if i == 1 {
            "wuxi-2024".to_owned()
        } else {
            format!("a{}", i - 1)
        };
        let text = format!(
            "format = \"qaward.amendment.v1\"\n[amendment]\nid = \"a{i}\"\nextends = \"{base}\"\ntitle = {{ zh = \"修正{i}\", en = \"Amendment {i}\" }}\neffective = 2025-01-01\ndecision = {{ number = \"{i}号\", date = 2024-12-20, body = \"评委会\" }}\n\n[params.industry_rank_limit]\nvalue = {}\n",
            3 + i % 3
        );
        std::fs::create_dir_all(dir.join(format!("a{i}"))).expect("mkdir");
        std::fs::write(dir.join(format!("a{i}/policy.toml")), text).expect("write");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn main() {
    println!("qaward amendment-chain benchmark: best of 3");
    for n in [100, 200, 400] {
        let dir = tempfile::tempdir().expect("a temporary directory");
        chain(dir.path(), n);
        let open = || Store::from_dir(dir.path(), Origin::Flag(dir.path().into())).expect("store");
        let (all, count) = best_of(3, || open().load_all().map_or(0, |c| c.policies.len()));
        let last = format!("a{n}");
        let (one, _) = best_of(3, || usize::from(open().load(&last).is_ok()));
        println!(
            "  chain of {n:>3}: every policy ({count}) {:>8.1} ms   the last link alone {:>6.1} ms",
            all.as_secs_f64() * 1e3,
            one.as_secs_f64() * 1e3
        );
    }
}
