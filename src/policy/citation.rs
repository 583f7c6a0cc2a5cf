//! Citations of the regulation: `Art. N(I)` (article N, item I), `Art. N ¶P` (article N,
//! paragraph P), `Art. N ¶P(I)`, N, P and I being numbers. Parsed from policy files, checked
//! against the policy's list of articles, and rendered in English (`Art. N(I)`) or Chinese
//! (`第N条第（I）项`, the numbers in Chinese).
//!
//! A citation may name another policy's regulation first: `<policy id> Art. N(I)` — for a rule
//! carried over from that text when the policy's own text is not known.
//!
//! The Chinese form staff write is read too: `第N条第（I）项`, `第N条第P款`,
//! `第N条第P款第（I）项`, with the numbers in Chinese or in digits. `unknown` (or `未知`) says the
//! article number is not known; such an item is always listed as unverified.

use std::fmt;
use std::sync::Arc;

use crate::diag::Lang;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// A citation of an article: its document, article, paragraph (款) and item (项).
pub struct Citation {
    /// Another policy whose regulation this cites; `None` for the policy's own.
    pub document: Option<Arc<str>>,
    /// The article; 0 when it is not known (`cite = "unknown"`).
    pub article: u32,
    /// The paragraph (款), when cited.
    pub paragraph: Option<u32>,
    /// The item (项), when cited.
    pub item: Option<u32>,
}

impl Citation {
    /// Parses `Art. N`, `Art. N ¶P`, `Art. N(I)` or `Art. N ¶P(I)`, optionally preceded by
    /// another policy's id.
    pub fn parse(text: &str) -> Result<Citation, String> {
        let bad = || {
            format!("`{text}` is not a citation; write `Art. <article>(<item>)` or `第…条第（…）项` for an item, `Art. <article> ¶<paragraph>` or `第…条第…款` for a paragraph, `Art. <article>` for an article, or `unknown`")
        };
        let trimmed = text.trim();
        if UNKNOWN.contains(&trimmed) {
            return Ok(Citation::unknown());
        }
        if let Some(at) = trimmed.find('第') {
            let doc = trimmed[..at].trim();
            let document = if doc.is_empty() {
                None
            } else if doc
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            {
                Some(Arc::from(doc))
            } else {
                return Err(bad());
            };
            let mut c = chinese(&trimmed[at..]).ok_or_else(bad)?;
            c.document = document;
            return Ok(c);
        }
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

    /// A citation whose article number is not known.
    pub fn unknown() -> Citation {
        Citation {
            document: None,
            article: 0,
            paragraph: None,
            item: None,
        }
    }

    /// Whether the article number is not known.
    pub fn is_unknown(&self) -> bool {
        self.article == 0
    }

    /// The citation as a paper prints it: nothing where the article is not known (the paper's
    /// warning about unverified items says that once, rather than "条文未知" on every line).
    pub fn shown(&self, lang: Lang) -> String {
        if self.is_unknown() {
            String::new()
        } else {
            self.render(lang)
        }
    }

    /// The citation in parentheses after a sentence, in both languages: full-width
    /// parentheses in Chinese, a space and ASCII ones in English.
    pub fn parenthesised(&self) -> crate::diag::Text {
        crate::diag::Text::new(
            format!("（{}）", self.render(Lang::Zh)),
            format!(" ({})", self.render(Lang::En)),
        )
    }

    /// The citation in words, saying "条文未知" where the article is not known.
    pub fn render(&self, lang: Lang) -> String {
        if self.is_unknown() {
            return lang.pick("条文未知", "article not known").to_owned();
        }
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
        if self.is_unknown() {
            return f.write_str(UNKNOWN[0]);
        }
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

/// The ways to say that the article number is not known.
const UNKNOWN: [&str; 3] = ["unknown", "未知", "条文未知"];

/// `第N条第P款第（I）项` and its shorter forms (numbers in Chinese or in digits, brackets
/// full-width or not).
fn chinese(text: &str) -> Option<Citation> {
    let (article, rest) = text.strip_prefix('第')?.split_once('条')?;
    let article = chinese_to_number(article)?;
    let mut rest = rest.trim();
    let mut paragraph = None;
    if let Some(after) = rest.strip_prefix('第') {
        if let Some((n, tail)) = after.split_once('款') {
            if !n.contains(['（', '(']) {
                paragraph = Some(chinese_to_number(n)?);
                rest = tail.trim();
            }
        }
    }
    let item = if rest.is_empty() {
        None
    } else {
        let inner = rest.strip_prefix('第').unwrap_or(rest);
        let inner = inner.strip_suffix('项').unwrap_or(inner);
        let inner = inner.strip_prefix(['（', '('])?.strip_suffix(['）', ')'])?;
        Some(chinese_to_number(inner)?)
    };
    (article > 0 && paragraph != Some(0) && item != Some(0)).then_some(Citation {
        document: None,
        article,
        paragraph,
        item,
    })
}

/// 十七 → 17, 二十 → 20, 一百零五 → 105, `17` → 17 (up to 999).
fn chinese_to_number(text: &str) -> Option<u32> {
    let text = text.trim();
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    let (mut total, mut current, mut any) = (0u32, None::<u32>, false);
    for c in text.chars() {
        any = true;
        match c {
            '百' => {
                total += current.unwrap_or(1) * 100;
                current = None;
            }
            '十' => {
                total += current.unwrap_or(1) * 10;
                current = None;
            }
            '两' => current = Some(2),
            c => current = Some(u32::try_from(digit(c)?).ok()?),
        }
        if total > 999 {
            return None;
        }
    }
    any.then(|| total + current.unwrap_or(0))
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
    fn reads_the_chinese_form_and_unknown() {
        for (zh, en) in [
            ("第十条第（三）项", "Art. 10(3)"),
            ("第五条第三款", "Art. 5 ¶3"),
            ("第十条第一款第（二）项", "Art. 10 ¶1(2)"),
            ("第十七条", "Art. 17"),
            ("第17条", "Art. 17"),
            ("第二十一条(四)", "Art. 21(4)"),
            ("第一百零五条", "Art. 105"),
            ("other-2024 第十条第（二）项", "other-2024 Art. 10(2)"),
        ] {
            let c = Citation::parse(zh).unwrap_or_else(|e| panic!("{zh}: {e}"));
            assert_eq!(c.to_string(), en, "{zh}");
        }
        assert_eq!(
            Citation::parse("第十条第（三）项")
                .unwrap()
                .render(Lang::Zh),
            "第十条第（三）项"
        );
        let u = Citation::parse("unknown").unwrap();
        assert!(u.is_unknown());
        assert_eq!(u.to_string(), "unknown");
        assert_eq!(Citation::parse("未知").unwrap(), u);
        assert_eq!(u.render(Lang::Zh), "条文未知");
        for bad in ["第条", "第十条第（x）项", "第零条", "第十", "某某 第十条"] {
            assert!(Citation::parse(bad).is_err(), "{bad}");
        }
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
