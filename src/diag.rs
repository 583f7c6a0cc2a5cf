//! Diagnostics: what is wrong, where (file, line, column, the source line underlined), and how
//! to fix it — in Chinese and English. Every loader reports through these; rendering to a
//! terminal lives here too, so all commands show problems the same way.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

/// Output language. Chinese is the default for the secretariat's staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The one way rendering chooses between the two languages' words.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

pub use crate::safe_text::visible;

/// A message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Text {
    /// The Chinese text.
    pub zh: String,
    /// The English text.
    pub en: String,
}

impl Text {
    /// A text in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// `Text::new(format!(..), format!(..))` in one breath.
macro_rules! text {
    ($zh:expr, $en:expr $(,)?) => {
        $crate::diag::Text::new($zh, $en)
    };
}
pub(crate) use text;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input can be used, but something deserves a look.
    Warning,
}

/// A place in a source file: 1-based line and column (columns count characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
    /// The byte range within the line's text.
    pub span: Range<usize>,
    /// The line's text, for showing it.
    pub line_text: String,
}

impl Location {
    /// Locates a byte span in `source`.
    pub fn in_source(source: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line = source[..start].matches('\n').count() + 1;
        let column = source[line_start..start].chars().count() + 1;
        Location {
            line,
            column,
            span: start..end,
            line_text: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_owned(),
        }
    }

    /// Locates a 1-based line and character column (as rhai reports them).
    pub fn at_line_column(source: &str, line: usize, column: usize) -> Location {
        let mut offset = 0;
        for (i, l) in source.split_inclusive('\n').enumerate() {
            if i + 1 == line {
                let col_bytes: usize = l
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(char::len_utf8)
                    .sum();
                let start = offset + col_bytes;
                let word = l[col_bytes..]
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                    .unwrap_or(l.len() - col_bytes)
                    .max(1);
                return Location::in_source(source, start..(start + word).min(source.len()));
            }
            offset += l.len();
        }
        Location::in_source(source, source.len()..source.len())
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable identifier, e.g. `policy::unknown-param`.
    pub code: &'static str,
    /// The file the problem is in.
    pub file: Option<PathBuf>,
    /// The line and column in that file, with the line's text.
    pub location: Option<Location>,
    /// JSON pointer into the document, when the problem is in a value.
    pub pointer: Option<String>,
    /// What is wrong.
    pub message: Text,
    /// How to fix it.
    pub help: Option<Text>,
}

impl Diagnostic {
    /// An error with a stable code such as `policy::unknown-param`.
    pub fn error(code: &'static str, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            location: None,
            pointer: None,
            message,
            help: None,
        }
    }
    /// A warning with a stable code.
    pub fn warning(code: &'static str, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }
    /// Adds how to fix it.
    pub fn help(mut self, help: Text) -> Diagnostic {
        self.help = Some(help);
        self
    }
    /// Says which file the problem is in.
    pub fn in_file(mut self, file: &Path) -> Diagnostic {
        self.file = Some(file.to_path_buf());
        self
    }
    /// Says where in the file.
    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }
    /// Says which value (JSON pointer into the document).
    pub fn pointer(mut self, pointer: impl Into<String>) -> Diagnostic {
        self.pointer = Some(pointer.into());
        self
    }

    /// `file:line:column`, or as much of it as is known.
    pub fn place(&self) -> String {
        let file = self.file.as_ref().map(|f| f.display().to_string());
        match (file, &self.location, &self.pointer) {
            (Some(f), Some(l), _) => format!("{f}:{}:{}", l.line, l.column),
            (Some(f), None, Some(p)) => format!("{f} {p}"),
            (Some(f), None, None) => f,
            (None, Some(l), _) => format!("{}:{}", l.line, l.column),
            (None, None, Some(p)) => p.clone(),
            (None, None, None) => String::new(),
        }
    }

    /// Renders the diagnostic for a terminal: the primary language first, then the other.
    /// The diagnostic for a terminal, in `langs` (one language, or both, the first first).
    pub fn render(&self, langs: &[Lang], style: &Style) -> String {
        let mut out = String::new();
        let (head_zh, head_en, color) = match self.severity {
            Severity::Error => ("错误", "error", style.red),
            Severity::Warning => ("警告", "warning", style.yellow),
        };
        for (i, l) in langs.iter().enumerate() {
            let head = if *l == Lang::Zh { head_zh } else { head_en };
            if i == 0 {
                let _ = writeln!(
                    out,
                    "{color}{}{head}[{}]{}: {}{}",
                    style.bold,
                    self.code,
                    style.reset,
                    visible(self.message.get(*l)),
                    style.reset
                );
            } else {
                let _ = writeln!(
                    out,
                    "{}{head}: {}{}",
                    style.dim,
                    visible(self.message.get(*l)),
                    style.reset
                );
            }
        }
        let place = self.place();
        if !place.is_empty() {
            let _ = writeln!(
                out,
                "  {}-->{} {}",
                style.blue,
                style.reset,
                visible(&place)
            );
        }
        if let Some(loc) = &self.location {
            let gutter = loc.line.to_string();
            let pad = " ".repeat(gutter.len());
            let line_start_col = loc
                .line_text
                .chars()
                .take(loc.column - 1)
                .collect::<String>();
            let start_width = line_start_col.width();
            let rest: String = loc.line_text.chars().skip(loc.column - 1).collect();
            let span_len = loc.span.end - loc.span.start;
            let mut taken = 0;
            let underlined: String = rest
                .chars()
                .take_while(|c| {
                    let keep = taken < span_len;
                    taken += c.len_utf8();
                    keep
                })
                .collect();
            let marks = underlined.width().max(1);
            let _ = writeln!(out, " {pad} {}|{}", style.blue, style.reset);
            let _ = writeln!(
                out,
                " {}{gutter} |{} {}",
                style.blue,
                style.reset,
                visible(&loc.line_text)
            );
            let _ = writeln!(
                out,
                " {pad} {}|{} {}{color}{}{}",
                style.blue,
                style.reset,
                " ".repeat(start_width),
                "^".repeat(marks),
                style.reset
            );
        }
        if let Some(help) = &self.help {
            for &l in langs {
                let label = if l == Lang::Zh { "提示" } else { "help" };
                let _ = writeln!(
                    out,
                    "  {}= {label}:{} {}",
                    style.cyan,
                    style.reset,
                    visible(help.get(l))
                );
            }
        }
        out
    }
}

/// ANSI styles, all empty when colour is off.
#[derive(Clone, Debug, Default)]
pub struct Style {
    /// Bold, for headings.
    pub bold: &'static str,
    /// Dim, for what matters less.
    pub dim: &'static str,
    /// Red, for errors and failures.
    pub red: &'static str,
    /// Green, for passes.
    pub green: &'static str,
    /// Yellow, for warnings and what is undetermined.
    pub yellow: &'static str,
    /// Blue, for places.
    pub blue: &'static str,
    /// Cyan, for help.
    pub cyan: &'static str,
    /// Back to plain.
    pub reset: &'static str,
}

impl Style {
    /// No colour.
    pub fn plain() -> Style {
        Style::default()
    }
    /// ANSI colours.
    pub fn ansi() -> Style {
        Style {
            bold: "\x1b[1m",
            dim: "\x1b[2m",
            red: "\x1b[31m",
            green: "\x1b[32m",
            yellow: "\x1b[33m",
            blue: "\x1b[34m",
            cyan: "\x1b[36m",
            reset: "\x1b[0m",
        }
    }
    /// Colour on a terminal unless `NO_COLOR` is set (<https://no-color.org>).
    pub fn for_stream(is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if is_terminal && !no_color {
            Style::ansi()
        } else {
            Style::plain()
        }
    }
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(wrong, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// The number of characters to insert, delete or replace to turn `a` into `b`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The "did you mean" help for a misspelt name, when one candidate is close.
pub fn suggestion<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<Text> {
    did_you_mean(wrong, candidates)
        .map(|m| text!(format!("是否想写 `{m}`？"), format!("did you mean `{m}`?")))
}

/// A message from the JSON or TOML reader (serde) said in Chinese, for the kinds a person
/// makes: an unknown or missing key, a key given twice, a value of the wrong type, a number
/// that is not an exact decimal; otherwise the message as it is.
pub fn serde_in_chinese(message: &str) -> String {
    // The code spans serde writes (`name`), as a Chinese sentence quotes them.
    let ticks = |s: &str| -> String {
        let mut out = String::new();
        for (i, part) in s.split('`').enumerate() {
            if i % 2 == 1 {
                out.push('“');
                out.push_str(part);
                out.push('”');
            } else {
                out.push_str(part);
            }
        }
        out
    };
    let (head, at) = match message.rfind(" at line ") {
        Some(i) => (&message[..i], &message[i..]),
        None => (message, ""),
    };
    let at = at
        .strip_prefix(" at line ")
        .and_then(|rest| rest.split_once(" column "))
        .map(|(l, c)| format!("（第 {l} 行第 {c} 列）"))
        .unwrap_or_default();
    let said = if let Some(rest) = head.strip_prefix("unknown field ") {
        match rest.split_once(", expected one of ") {
            Some((field, known)) => format!(
                "不认识的键 {}（可用：{}）",
                ticks(field),
                ticks(known).replace(", ", "、")
            ),
            None => match rest.split_once(", expected ") {
                Some((field, known)) => {
                    format!("不认识的键 {}（应为 {}）", ticks(field), ticks(known))
                }
                None => format!("不认识的键 {}", ticks(rest)),
            },
        }
    } else if let Some(rest) = head.strip_prefix("missing field ") {
        format!("缺少必填的键 {}", ticks(rest))
    } else if let Some(rest) = head.strip_prefix("duplicate field ") {
        format!("键 {} 写了两次", ticks(rest))
    } else if let Some(rest) = head.strip_prefix("invalid type: ") {
        match rest.split_once(", expected ") {
            Some((got, want)) => format!("类型不对：实为 {}，应为 {}", ticks(got), ticks(want)),
            None => format!("类型不对：{}", ticks(rest)),
        }
    } else if let Some((value, _)) = head.split_once(" is not an exact decimal number") {
        format!("{} 不是精确的十进制数字", ticks(value))
    } else {
        return message.to_owned();
    };
    format!("{said}{at}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_character_columns() {
        let src = "a = 1\ntitle = \"市长质量奖\" # x\n";
        let at = src.find('#').unwrap();
        let loc = Location::in_source(src, at..at + 1);
        assert_eq!((loc.line, loc.column), (2, 17));
        assert_eq!(loc.line_text, "title = \"市长质量奖\" # x");
        let again = Location::at_line_column(src, 2, 17);
        assert_eq!(again.span.start, at);
    }

    #[test]
    fn underline_aligns_under_wide_characters() {
        let src = "title = \"市长\" = oops\n";
        let at = src.find("oops").unwrap();
        let d = Diagnostic::error("t", text!("坏", "bad")).at(Location::in_source(src, at..at + 4));
        let out = d.render(&[Lang::En, Lang::Zh], &Style::plain());
        let lines: Vec<&str> = out.lines().collect();
        let source_line = lines.iter().find(|l| l.contains("oops")).unwrap();
        let marks = lines.iter().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            UnicodeWidthStr::width(&source_line[..source_line.find("oops").unwrap()]),
            UnicodeWidthStr::width(&marks[..marks.find('^').unwrap()])
        );
        assert!(marks.ends_with("^^^^"));
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["industry_rank_limit", "loss_free_years"];
        assert_eq!(
            did_you_mean("industry_rank_limt", names),
            Some("industry_rank_limit")
        );
        assert_eq!(did_you_mean("completely_other", names), None);
    }
}

#[cfg(test)]
mod serde_words {
    use super::serde_in_chinese;

    #[test]
    fn the_readers_messages_a_person_causes_are_said_in_chinese() {
        assert_eq!(
            serde_in_chinese(
                "unknown field `reviewr`, expected one of `reviewer`, `stage` at line 1 column 47"
            ),
            "不认识的键 “reviewr”（可用：“reviewer”、“stage”）（第 1 行第 47 列）"
        );
        assert_eq!(serde_in_chinese("missing field `id`"), "缺少必填的键 “id”");
        assert_eq!(
            serde_in_chinese("invalid type: integer `5`, expected a string"),
            "类型不对：实为 integer “5”，应为 a string"
        );
        assert_eq!(
            serde_in_chinese("`八十` is not an exact decimal number (invalid digit)"),
            "“八十” 不是精确的十进制数字"
        );
        // Anything else is left as it is.
        assert_eq!(serde_in_chinese("EOF while parsing"), "EOF while parsing");
    }
}
