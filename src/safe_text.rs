//! Text from input, shown so that it cannot act on its reader: control characters and the
//! invisible marks that reorder a line (right-to-left overrides) are shown as escapes, not
//! obeyed, on the terminal, in HTML and in CSV; and a CSV cell that a spreadsheet would run
//! as a formula (`=HYPERLINK(…)`, `+cmd|…`) is written so that it shows as text.

use std::borrow::Cow;

/// Whether `c` would act on the reader instead of being read: a control character other than
/// a line break or tab, or a mark that changes the direction of the text around it.
fn acts(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with its control characters and direction marks shown (`\u{1b}`, `\u{202e}`), not
/// obeyed: an escape sequence in an applicant's id would otherwise clear or recolour the
/// terminal, and a right-to-left override would show a name backwards. Line breaks and tabs
/// stay.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts) {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if acts(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// The characters that make a spreadsheet read a cell as a formula (OWASP's list).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell that no spreadsheet runs: one beginning with `= + - @`, a tab or a carriage
/// return gets a leading `'` (shown by Excel as the text itself), unless it is a plain number
/// such as `-5` or `+1.5`.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some(c) if FORMULA_START.contains(&c) && !is_number(text) => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A report's CSV cell: [`csv_cell`] of the [`visible`] text.
pub fn report_cell(text: &str) -> String {
    csv_cell(&visible(text)).into_owned()
}

/// A cell read back from a CSV file qaward wrote: the `'` that [`csv_cell`] put before a
/// formula's first character is taken off again.
pub fn csv_unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) && !is_number(rest) => rest,
        _ => text,
    }
}

fn is_number(text: &str) -> bool {
    let t = text.strip_prefix(['+', '-']).unwrap_or(text);
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|c| *c == '.').count() <= 1
        && t.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_read_back() {
        for f in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let guarded = csv_cell(f);
            assert!(guarded.starts_with('\''), "{f:?}");
            assert_eq!(csv_unguard(&guarded), f);
        }
        for plain in ["-5", "+1.5", "-0.25", "无锡", "", "'quoted"] {
            assert_eq!(csv_cell(plain), plain);
            assert_eq!(csv_unguard(plain), plain);
        }
    }

    #[test]
    fn controls_and_direction_marks_are_shown_not_obeyed() {
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(visible("line\nnext\tcol"), "line\nnext\tcol");
        assert!(matches!(visible("无锡"), Cow::Borrowed(_)));
    }
}
