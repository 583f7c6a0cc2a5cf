//! The catalogue of diagnostic codes (`docs/diagnostics.toml`): for each code, what it means
//! and what to do, in both languages — the long form `qaward explain-error CODE` prints, beside
//! the short message and help each diagnostic carries where it is found.

use crate::diag::Text;

const CATALOGUE: &str = include_str!("../docs/diagnostics.toml");

/// One code's entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The code, e.g. `policy::weights-sum`.
    pub code: String,
    /// What it means.
    pub meaning: Text,
    /// What to do about it.
    pub remedy: Text,
}

/// Every entry, by code.
pub fn entries() -> Vec<Entry> {
    let Ok(doc) = toml::from_str::<toml::Table>(CATALOGUE) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (section, codes) in &doc {
        for (name, texts) in codes.as_table().into_iter().flatten() {
            let t: Vec<&str> = texts
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(toml::Value::as_str)
                .collect();
            if let [zh_what, zh_fix, en_what, en_fix] = t.as_slice() {
                out.push(Entry {
                    code: format!("{section}::{name}"),
                    meaning: Text::new(*zh_what, *en_what),
                    remedy: Text::new(*zh_fix, *en_fix),
                });
            }
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

/// The entry for `code`.
pub fn entry(code: &str) -> Option<Entry> {
    entries().into_iter().find(|e| e.code == code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_entry_has_both_languages() {
        let all = super::entries();
        assert!(all.len() > 100, "{}", all.len());
        for e in all {
            assert!(
                !e.meaning.zh.is_empty() && !e.meaning.en.is_empty(),
                "{}",
                e.code
            );
            assert!(
                !e.remedy.zh.is_empty() && !e.remedy.en.is_empty(),
                "{}",
                e.code
            );
        }
    }
}
