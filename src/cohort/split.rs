//! A JSON cohort cut into its values without parsing them: where each top-level member and
//! each applicant starts and ends. The pieces are then parsed one by one (an applicant on
//! either core), and a large file is read a window at a time instead of whole. Only the
//! structure is followed here — strings, escapes, brackets; every piece is parsed by serde_json
//! afterwards, so a malformed file is still found malformed (and read again the slow way, which
//! says where).

use std::io::Read;

/// How much of a file is read at a time.
const WINDOW: usize = 16 << 20;

/// The bytes being cut: a slice held whole, or a file read a window at a time. `at` is the
/// place reached in `data()`; what is before it may be dropped when more is read.
pub(super) struct Source<'s> {
    slice: &'s [u8],
    file: Option<std::io::Take<std::fs::File>>,
    buf: Vec<u8>,
    /// How much is read at a time.
    window: usize,
    /// The file has no more bytes (always, for a slice).
    pub(super) ended: bool,
    pub(super) at: usize,
}

impl<'s> Source<'s> {
    /// The bytes of a slice, all there.
    pub(super) fn slice(bytes: &'s [u8]) -> Source<'s> {
        Source {
            slice: bytes,
            file: None,
            buf: Vec::new(),
            window: WINDOW,
            ended: true,
            at: 0,
        }
    }

    /// A file of at most `max` bytes, read as needed; a byte-order mark is skipped.
    pub(super) fn file(file: std::fs::File, max: u64) -> Source<'static> {
        Source::windowed(file, max, WINDOW)
    }

    /// A file read `window` bytes at a time.
    pub(super) fn windowed(file: std::fs::File, max: u64, window: usize) -> Source<'static> {
        let mut source = Source {
            slice: &[],
            file: Some(file.take(max)),
            buf: Vec::new(),
            window: window.max(1),
            ended: false,
            at: 0,
        };
        while source.data().len() < 3 && source.more() {}
        if source.data().starts_with(b"\xEF\xBB\xBF") {
            source.at = 3;
        }
        source
    }

    /// The bytes at hand.
    pub(super) fn data(&self) -> &[u8] {
        if self.file.is_some() {
            &self.buf
        } else {
            self.slice
        }
    }

    /// Reads the next window, dropping what is before `at` (`at` becomes 0): false when
    /// nothing more came (the end, or a read error — the slow path then says which).
    pub(super) fn more(&mut self) -> bool {
        let Some(file) = &mut self.file else {
            return false;
        };
        if self.ended {
            return false;
        }
        self.buf.drain(..self.at.min(self.buf.len()));
        self.at = 0;
        let had = self.buf.len();
        self.buf.reserve(self.window);
        match file
            .by_ref()
            .take(self.window as u64)
            .read_to_end(&mut self.buf)
        {
            Ok(0) | Err(_) => {
                self.ended = true;
                false
            }
            Ok(_) => self.buf.len() > had,
        }
    }

    /// Skips white space, reading more as needed: the next byte, if any.
    pub(super) fn peek(&mut self) -> Option<u8> {
        loop {
            let data = self.data();
            match data[self.at.min(data.len())..]
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            {
                Some(n) => {
                    self.at += n;
                    return Some(self.data()[self.at]);
                }
                None => {
                    self.at = data.len();
                    if !self.more() {
                        return None;
                    }
                }
            }
        }
    }

    /// The value starting at `at` (after white space): its span in `data()`, reading more as
    /// needed. `None` when the input ends inside it.
    pub(super) fn value(&mut self) -> Option<(usize, usize)> {
        self.peek()?;
        loop {
            if let Some(end) = value_end(self.data(), self.at) {
                return Some((self.at, end));
            }
            if !self.more() {
                // A number or word at the very end has no delimiter after it.
                let data = self.data();
                let scalar = !matches!(data.get(self.at), Some(b'{' | b'[' | b'"'));
                return (scalar && self.at < data.len()).then_some((self.at, data.len()));
            }
        }
    }
}

/// The end of the value starting at `start` in `b` (one past its last byte), or `None` when
/// `b` ends first. Strings, escapes and brackets are followed; the contents are not checked.
pub(super) fn value_end(b: &[u8], start: usize) -> Option<usize> {
    match *b.get(start)? {
        b'"' => string_end(b, start + 1),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = start;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        i = string_end(b, i + 1)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        // A number or a word ends at the first delimiter.
        _ => b[start..]
            .iter()
            .position(|c| matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'))
            .map(|n| start + n),
    }
}

/// One past the quote closing the string whose contents start at `from`.
fn string_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        i += quote_or_backslash(b.get(i..)?)?;
        if b[i] == b'"' {
            return Some(i + 1);
        }
        // An escape: the byte after the backslash is never the end.
        i += 2;
    }
}

/// The first `"` or `\\` in `b`, eight bytes at a time.
fn quote_or_backslash(b: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    // The high bit of each byte of `w` equal to `c` (the lowest one set is always right).
    let equal = |w: u64, c: u8| {
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut words = b.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let w = u64::from_le_bytes([
            word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
        ]);
        let found = equal(w, b'"') | equal(w, b'\\');
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|c| matches!(c, b'"' | b'\\'))
        .map(|n| at + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_end_where_json_says() {
        let cases: &[(&str, Option<&str>)] = &[
            (r#""a\"b\\" ,"#, Some(r#""a\"b\\""#)),
            (
                r#"{"x": "}]", "y": [1, {"z": "\\"}]} rest"#,
                Some(r#"{"x": "}]", "y": [1, {"z": "\\"}]}"#),
            ),
            ("[[], {}] ,", Some("[[], {}]")),
            ("12.5e3,", Some("12.5e3")),
            ("true}", Some("true")),
            (r#"{"unfinished": "#, None),
            (r#""open \""#, None),
            ("12", None),
        ];
        for (text, want) in cases {
            let got = value_end(text.as_bytes(), 0).map(|end| &text[..end]);
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn quotes_and_backslashes_are_found_wherever_they_are() {
        for len in 0..40 {
            for at in 0..len {
                for c in [b'"', b'\\'] {
                    // Bytes that differ from the two by one bit, and non-ASCII text.
                    let mut b: Vec<u8> = (0..len)
                        .map(|i| [b'#', b'\xE4', b']', 0x22 ^ 0x80][i % 4])
                        .collect();
                    b[at] = c;
                    if at + 1 < len {
                        b[at + 1] = b'"';
                    }
                    assert_eq!(quote_or_backslash(&b), Some(at), "{len} {at}");
                }
            }
            let none: Vec<u8> = (0..len).map(|i| [b'a', 0xA2, 0x5D, 0x5B][i % 4]).collect();
            assert_eq!(quote_or_backslash(&none), None);
        }
    }

    #[test]
    fn a_file_is_read_window_by_window_from_where_it_is() {
        let path = std::env::temp_dir().join(format!("qaward-split-{}.json", std::process::id()));
        let mut text = b"\xEF\xBB\xBF  [".to_vec();
        let item = br#"{"id": "a \"quoted\" \\ name", "n": [1, 2, {"deep": "]"}]}"#;
        let count = 3 * WINDOW / item.len();
        for i in 0..count {
            if i > 0 {
                text.push(b',');
            }
            text.extend_from_slice(item);
        }
        text.extend_from_slice(b"] 7");
        std::fs::write(&path, &text).unwrap();
        let mut s = Source::file(std::fs::File::open(&path).unwrap(), 1 << 30);
        assert_eq!(s.peek(), Some(b'['));
        s.at += 1;
        let mut seen = 0;
        loop {
            let (start, end) = s.value().expect("an item");
            assert_eq!(&s.data()[start..end], item);
            seen += 1;
            s.at = end;
            match s.peek() {
                Some(b',') => s.at += 1,
                Some(b']') => break,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(seen, count);
        s.at += 1;
        let (start, end) = s.value().expect("the number at the end");
        assert_eq!(&s.data()[start..end], b"7");
        s.at = end;
        assert_eq!(s.peek(), None);
        std::fs::remove_file(&path).unwrap();
    }
}
