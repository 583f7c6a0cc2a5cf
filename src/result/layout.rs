//! The result document written piece by piece, byte for byte as serde_json writes a whole
//! value: pretty (two spaces a level, `": "` after a key) or compact. Pieces can then be made
//! apart — each applicant on either core — and joined in order.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// How the document is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Layout {
    /// serde_json's pretty layout.
    Pretty,
    /// One line.
    Compact,
}

impl Layout {
    /// Writes `value` as an item `depth` levels into the document.
    pub(super) fn value<W: Write, T: Serialize + ?Sized>(
        self,
        w: &mut W,
        depth: usize,
        value: &T,
    ) -> io::Result<()> {
        let written = match self {
            Layout::Pretty => value.serialize(&mut serde_json::Serializer::with_formatter(
                w,
                Pretty::at(depth),
            )),
            Layout::Compact => value.serialize(&mut serde_json::Serializer::new(w)),
        };
        written.map_err(io::Error::from)
    }

    /// What comes before an item `depth` levels in: a comma unless it is the `first`, then
    /// (pretty) a new line and the indent.
    pub(super) fn item<W: Write>(self, w: &mut W, first: bool, depth: usize) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self == Layout::Pretty {
            w.write_all(b"\n")?;
            indent(w, depth)?;
        }
        Ok(())
    }

    /// Closes an array or object whose items were `depth` levels in with `bracket`; `any`: it
    /// had items (an empty one closes on the same line).
    pub(super) fn close<W: Write>(
        self,
        w: &mut W,
        any: bool,
        depth: usize,
        bracket: &[u8],
    ) -> io::Result<()> {
        if any && self == Layout::Pretty {
            w.write_all(b"\n")?;
            indent(w, depth.saturating_sub(1))?;
        }
        w.write_all(bracket)
    }
}

/// An object written member by member, one level into the document.
pub(super) struct Object<'w, W: Write> {
    w: &'w mut W,
    layout: Layout,
    first: bool,
}

impl<'w, W: Write> Object<'w, W> {
    /// Opens the document's object.
    pub(super) fn open(w: &'w mut W, layout: Layout) -> io::Result<Object<'w, W>> {
        w.write_all(b"{")?;
        Ok(Object {
            w,
            layout,
            first: true,
        })
    }

    /// Writes `key` and its `value`.
    pub(super) fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> io::Result<()> {
        let layout = self.layout;
        layout.value(self.key(key)?, 1, value)
    }

    /// Writes `key`; its value is written next into what this returns.
    pub(super) fn key(&mut self, key: &str) -> io::Result<&mut W> {
        self.layout.item(self.w, self.first, 1)?;
        self.first = false;
        serde_json::to_writer(&mut *self.w, key)?;
        self.w.write_all(match self.layout {
            Layout::Pretty => b": ",
            Layout::Compact => b":",
        })?;
        Ok(self.w)
    }

    /// Closes the object.
    pub(super) fn close(self) -> io::Result<()> {
        self.layout.close(self.w, !self.first, 1, b"}")
    }
}

fn indent<W: Write + ?Sized>(w: &mut W, depth: usize) -> io::Result<()> {
    for _ in 0..depth {
        w.write_all(b"  ")?;
    }
    Ok(())
}

/// serde_json's pretty layout for a value written `depth` levels in.
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    fn at(depth: usize) -> Pretty {
        Pretty {
            depth,
            has_value: false,
        }
    }

    fn open<W: Write + ?Sized>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: Write + ?Sized>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.depth)?;
        }
        w.write_all(bracket)
    }

    fn item<W: Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.depth)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: Write + ?Sized>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: Write + ?Sized>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of awkward shapes written piece by piece, as serde_json writes it whole.
    #[test]
    fn pieces_join_into_what_serde_json_writes() {
        let awkward = serde_json::json!({
            "empty_array": [], "empty_object": {}, "nested": [[], [{}], [1, [2, {"a": []}]]],
            "text": "引号\"\n", "number": 1.50, "null": null,
            "items": [{"x": [1, 2]}, {"y": {}}, []]
        });
        let serde_json::Value::Object(members) = &awkward else {
            unreachable!("an object")
        };
        for layout in [Layout::Pretty, Layout::Compact] {
            let mut out = Vec::new();
            let mut doc = Object::open(&mut out, layout).unwrap();
            for (key, value) in members {
                if key == "items" {
                    // An array written item by item, as the applicants are.
                    let w = doc.key(key).unwrap();
                    w.write_all(b"[").unwrap();
                    let items = value.as_array().unwrap();
                    for (i, item) in items.iter().enumerate() {
                        layout.item(w, i == 0, 2).unwrap();
                        layout.value(w, 2, item).unwrap();
                    }
                    layout.close(w, !items.is_empty(), 2, b"]").unwrap();
                } else {
                    doc.field(key, value).unwrap();
                }
            }
            doc.close().unwrap();
            let whole = match layout {
                Layout::Pretty => serde_json::to_vec_pretty(&awkward),
                Layout::Compact => serde_json::to_vec(&awkward),
            };
            assert_eq!(
                String::from_utf8(out).unwrap(),
                String::from_utf8(whole.unwrap()).unwrap(),
                "{layout:?}"
            );
        }
        // An empty document closes on its line.
        let mut out = Vec::new();
        Object::open(&mut out, Layout::Pretty)
            .unwrap()
            .close()
            .unwrap();
        assert_eq!(out, b"{}");
    }
}
