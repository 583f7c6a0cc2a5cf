//! Citations of the regulation: `Art. 10(3)` (article 10, item 3), `Art. 5 ¶3` (article 5,
//! paragraph 3), `Art. 10 ¶1(2)`. Parsed from policy files, checked against the policy's list
//! of articles, and rendered in English (`Art. 10(3)`) or Chinese (`第十条第（三）项`).
//!
//! A citation may name another policy's regulation first: `wuxi-2024 Art. 10(2)` — for a rule
//! carried over from that text when the policy's own text is not known (the 2017 measures).

use std::fmt;
use std::sync::Arc;

use crate::diag::Lang;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Citation {
    /// Another policy whose regulation this cites; `None` for the policy's own.
    pub document: Option<Arc<str>>,
    pub article: u32,
    pub paragraph: Option<u32>,
    pub item: Option<u32>,
}

impl Citation {
    /// Parses `Art. N`, `Art. N ¶P`, `Art. N(I)` or `Art. N ¶P(I)`, optionally preceded by
    /// another policy's id.
    pub fn parse(text: &str) -> Result<Citation, String> {
        let bad = || {
            format!("`{text}` is not a citation; write `Art. 10(3)` for an item, `Art. 5 ¶3` for a paragraph, `Art. 17` for an article")
        };
        let trimmed = text.trim();
        let (document, rest) = match trimmed.find("Art.") {
            Some(0) => (None, trimmed),
            Some(i) => {
                let doc = trimmed[..i].trim();
                let valid = !doc.is_empty()
                    && doc
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
                if !valid {
                    return Err(bad());
                }
                (Some(Arc::from(doc)), &trimmed[i..])
            }
            None => return Err(bad()),
        };
        let rest = rest.strip_prefix("Art.").ok_or_else(bad)?.trim_start();
        let (head, item) = match rest.find('(') {
            Some(i) => {
                let inner = rest[i + 1..].strip_suffix(')').ok_or_else(bad)?;
                (&rest[..i], Some(inner.parse::<u32>().map_err(|_| bad())?))
            }
            None => (rest, None),
        };
        let (article, paragraph) = match head.find('¶') {
            Some(i) => (
                head[..i].trim(),
                Some(
                    head[i + '¶'.len_utf8()..]
                        .trim()
                        .parse::<u32>()
                        .map_err(|_| bad())?,
                ),
            ),
            None => (head.trim(), None),
        };
        let article = article.parse::<u32>().map_err(|_| bad())?;
        if article == 0 || paragraph == Some(0) || item == Some(0) {
            return Err(bad());
        }
        Ok(Citation {
            document,
            article,
            paragraph,
            item,
        })
    }

    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => {
                let mut s = self
                    .document
                    .as_ref()
                    .map_or_else(String::new, |d| format!("{d} "));
                s.push_str(&format!("第{}条", chinese_number(self.article)));
                if let Some(p) = self.paragraph {
                    s.push_str(&format!("第{}款", chinese_number(p)));
                }
                if let Some(i) = self.item {
                    s.push_str(&format!("第（{}）项", chinese_number(i)));
                }
                s
            }
        }
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(d) = &self.document {
            write!(f, "{d} ")?;
        }
        write!(f, "Art. {}", self.article)?;
        if let Some(p) = self.paragraph {
            write!(f, " ¶{p}")?;
        }
        if let Some(i) = self.item {
            write!(f, "({i})")?;
        }
        Ok(())
    }
}

/// 1 → 一, 10 → 十, 17 → 十七, 20 → 二十, 35 → 三十五 (enough for article numbers).
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_owned(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n % 10 == 0 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_renders() {
        let c = Citation::parse("Art. 10(3)").unwrap();
        assert_eq!((c.article, c.paragraph, c.item), (10, None, Some(3)));
        assert_eq!(c.to_string(), "Art. 10(3)");
        assert_eq!(c.render(Lang::Zh), "第十条第（三）项");
        let p = Citation::parse("Art. 5 ¶3").unwrap();
        assert_eq!(p.render(Lang::Zh), "第五条第三款");
        assert_eq!(
            Citation::parse("Art. 10 ¶1(2)").unwrap().to_string(),
            "Art. 10 ¶1(2)"
        );
        assert_eq!(
            Citation::parse("Art. 17").unwrap().render(Lang::Zh),
            "第十七条"
        );
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "10(3)",
            "Art. ten",
            "Art. 10(",
            "Art. 0",
            "Art. 10(x)",
            "Art. 3 ¶",
        ] {
            assert!(Citation::parse(bad).is_err(), "{bad}");
        }
    }
}
