//! A part's XML read event by event into one reused buffer, without copying the events: the
//! text of a value or a string (capped at a cell's length), entities, Excel's own escapes
//! (`_x000D_`) and attributes.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{Wrong, MAX_CELL_CHARS};

/// A part's XML, read event by event into one reused buffer.
pub(super) struct Xml<B> {
    reader: Reader<B>,
    buf: Vec<u8>,
}

impl<B: std::io::BufRead> Xml<B> {
    pub(super) fn new(reader: Reader<B>) -> Xml<B> {
        Xml {
            reader,
            buf: Vec::new(),
        }
    }

    /// The next event, borrowed from the buffer until the next call.
    pub(super) fn next(&mut self) -> Result<Event<'_>, Wrong> {
        self.buf.clear();
        Ok(self.reader.read_event_into(&mut self.buf)?)
    }

    /// The next opening (or empty) element, `None` at the end. Only the element returned is
    /// copied out of the buffer (for the small parts: workbook, relationships, strings).
    pub(super) fn next_start(&mut self) -> Result<Option<BytesStart<'static>>, Wrong> {
        loop {
            match self.next()? {
                Event::Start(e) | Event::Empty(e) => return Ok(Some(e.into_owned())),
                Event::Eof => return Ok(None),
                _ => {}
            }
        }
    }

    /// The text up to the closing `end`: with `runs`, only the text of its `<t>` runs, leaving
    /// out phonetic runs (`<rPh>`), as a shared or inline string holds it; without, all of it
    /// (a value or a formula). `Err(length)` when longer than a cell may be.
    pub(super) fn text_until(
        &mut self,
        end: &str,
        runs: bool,
    ) -> Result<Result<String, usize>, Wrong> {
        let mut out = String::new();
        let mut chars = 0usize;
        let mut in_t = !runs;
        let mut in_phonetic = false;
        loop {
            let ev = self.next()?;
            let piece: Cow<'_, str> = match &ev {
                Event::Eof => {
                    return Err(Wrong::Unreadable(
                        "XML 在文本中途结束 · the XML ends inside a text".to_owned(),
                    ))
                }
                Event::End(e) if e.local_name().as_ref() == end => break,
                Event::Empty(e) if e.local_name().as_ref() == end => break,
                Event::Start(e) if runs => {
                    match e.local_name().as_ref() {
                        "t" => in_t = true,
                        "rPh" => in_phonetic = true,
                        _ => {}
                    }
                    continue;
                }
                Event::End(e) if runs => {
                    match e.local_name().as_ref() {
                        "t" => in_t = false,
                        "rPh" => in_phonetic = false,
                        _ => {}
                    }
                    continue;
                }
                _ if !in_t || in_phonetic => continue,
                Event::Text(t) => t.xml10_content(),
                Event::CData(t) => t.xml10_content(),
                Event::GeneralRef(r) => entity(r)?.into(),
                _ => continue,
            };
            chars += piece.chars().count();
            if chars <= MAX_CELL_CHARS {
                out.push_str(&piece);
            }
        }
        Ok(if chars > MAX_CELL_CHARS {
            Err(chars)
        } else if runs {
            Ok(unescape_excel(&out))
        } else {
            Ok(out)
        })
    }
}

/// The text an entity reference stands for (`&amp;`, `&#x4E2D;`).
fn entity(r: &quick_xml::events::BytesRef<'_>) -> Result<String, Wrong> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Ok(c.to_string());
    }
    let name = r.xml10_content();
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(s) => Ok(s.to_owned()),
        None => Err(Wrong::Unreadable(format!(
            "XML 中有未定义的实体 &{name}; · the XML uses an undefined entity &{name};"
        ))),
    }
}

/// Excel writes characters XML cannot hold as `_x000D_`; read them back.
pub(super) fn unescape_excel(s: &str) -> String {
    if !s.contains("_x") {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let code = tail
            .get(2..6)
            .filter(|_| tail.as_bytes().get(6) == Some(&b'_'))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An attribute's value as written (no entity resolved, nothing copied): for the references,
/// types and styles of cells, which hold none.
pub(super) fn raw_attr<'e>(
    e: &'e BytesStart<'_>,
    name: &str,
) -> Result<Option<Cow<'e, str>>, Wrong> {
    for a in e.attributes() {
        let a = a?;
        if a.key.local_name().as_ref() == name {
            return Ok(Some(a.value));
        }
    }
    Ok(None)
}

/// An attribute's value by its local name, entities resolved.
pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, Wrong> {
    for a in e.attributes() {
        let a = a?;
        if a.key.local_name().as_ref() == name {
            let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0)?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_escapes_are_read_back() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x4E2D_"), "中");
        assert_eq!(unescape_excel("_xZZ_"), "_xZZ_");
    }
}
