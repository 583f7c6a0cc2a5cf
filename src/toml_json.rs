//! TOML text → JSON value, keeping where every value came from; and a JSON value back to
//! TOML, exactly.
//!
//! Policy and cohort files are checked against JSON Schemas and then read into typed structs
//! through `serde_json`, so TOML is converted deliberately first: dates become `YYYY-MM-DD`
//! strings, integers and floats become JSON numbers carrying their literal text (a weight of
//! `0.30` never passes through `f64`), and `inf`/`nan` are refused. The span of every value and
//! key is recorded under its JSON pointer, so later checks can point at the source.

use std::collections::HashMap;
use std::ops::Range;
use std::str::FromStr;
use std::sync::OnceLock;

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};

/// Where a value or key is: the index of its file (0 for a single file) and its byte span.
pub type Place = (usize, Range<usize>);

/// Byte spans of values and keys, by JSON pointer. A document merged from several files (a
/// policy amendment over its base) keeps, for each pointer, the file it came from.
#[derive(Debug, Default, Clone)]
pub struct Spans {
    /// Every value's place, in the order found; a later entry for a pointer wins.
    values: Vec<(String, Place)>,
    /// Every key's place, likewise.
    keys: Vec<(String, Place)>,
    /// Where each pointer's place stands in the lists, made on the first lookup: most loads
    /// never look one up, and a list is several times cheaper to fill than a map.
    index: OnceLock<(HashMap<String, usize>, HashMap<String, usize>)>,
}

impl Spans {
    fn index(&self) -> &(HashMap<String, usize>, HashMap<String, usize>) {
        self.index.get_or_init(|| {
            let of = |list: &[(String, Place)]| {
                list.iter()
                    .enumerate()
                    .map(|(i, (p, _))| (p.clone(), i))
                    .collect::<HashMap<String, usize>>()
            };
            (of(&self.values), of(&self.keys))
        })
    }
    fn value_at(&self, pointer: &str) -> Option<&Place> {
        let i = *self.index().0.get(pointer)?;
        self.values.get(i).map(|(_, place)| place)
    }
    /// Records the place of the value at `pointer`.
    fn put_value(&mut self, pointer: String, place: Place) {
        self.index = OnceLock::new();
        self.values.push((pointer, place));
    }
    /// Records the place of the key naming the value at `pointer`.
    fn put_key(&mut self, pointer: String, place: Place) {
        self.index = OnceLock::new();
        self.keys.push((pointer, place));
    }
    /// The place of the value at `pointer`, or of its nearest ancestor that has one.
    pub fn locate(&self, pointer: &str) -> Option<Place> {
        let mut p = pointer;
        loop {
            if let Some(s) = self.value_at(p) {
                return Some(s.clone());
            }
            p = &p[..p.rfind('/')?];
        }
    }
    /// The place of the key naming the value at `pointer` (falls back to the value).
    pub fn locate_key(&self, pointer: &str) -> Option<Place> {
        self.index()
            .1
            .get(pointer)
            .and_then(|&i| self.keys.get(i))
            .map(|(_, place)| place.clone())
            .or_else(|| self.locate(pointer))
    }
    /// Whether the document has a value exactly at `pointer`.
    pub fn contains(&self, pointer: &str) -> bool {
        self.value_at(pointer).is_some()
    }
    /// The span of the value at `pointer` in a single-file document.
    pub fn value(&self, pointer: &str) -> Option<Range<usize>> {
        self.locate(pointer).map(|(_, span)| span)
    }
    /// The span of the key at `pointer` in a single-file document.
    pub fn key(&self, pointer: &str) -> Option<Range<usize>> {
        self.locate_key(pointer).map(|(_, span)| span)
    }
    /// Sets every place to file `file`.
    pub fn in_file(mut self, file: usize) -> Spans {
        for (_, place) in self.values.iter_mut().chain(self.keys.iter_mut()) {
            place.0 = file;
        }
        self
    }
    /// The places with file `from` and after moved to start at file `to` (for a document read
    /// once and reused in a longer list of files).
    pub fn rebased(&self, from: usize, to: usize) -> Spans {
        let moved = |places: &[(String, Place)]| {
            places
                .iter()
                .map(|(p, (file, span))| (p.clone(), (file - from.min(*file) + to, span.clone())))
                .collect()
        };
        Spans {
            values: moved(&self.values),
            keys: moved(&self.keys),
            index: OnceLock::new(),
        }
    }
    /// Forgets the places at and under `pointer`.
    pub fn remove_under(&mut self, pointer: &str) {
        let under = |p: &String| {
            p.strip_prefix(pointer)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        self.index = OnceLock::new();
        self.values.retain(|(p, _)| !under(p));
        self.keys.retain(|(p, _)| !under(p));
    }
    /// Copies `other`'s places at and under `from` to the same places under `to`.
    pub fn graft(&mut self, other: &Spans, from: &str, to: &str) {
        let moved = |p: &str| {
            p.strip_prefix(from)
                .filter(|rest| rest.is_empty() || rest.starts_with('/'))
                .map(|rest| format!("{to}{rest}"))
        };
        self.index = OnceLock::new();
        for (p, place) in &other.values {
            if let Some(q) = moved(p) {
                self.values.push((q, place.clone()));
            }
        }
        for (p, place) in &other.keys {
            if let Some(q) = moved(p) {
                self.keys.push((q, place.clone()));
            }
        }
    }
}

/// A TOML syntax or conversion error with its byte span.
#[derive(Debug, Clone)]
pub struct TomlError {
    pub message: String,
    pub span: Option<Range<usize>>,
}

/// A JSON value as TOML, every number exact: an integer stays an integer, any other number is
/// written as its literal text in a string (which every decimal field reads), since a TOML
/// float would pass through `f64`. TOML has no null: a key whose value is null is left out.
pub fn to_toml(v: &Value) -> Option<toml::Value> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => match n.as_str().parse::<i64>() {
            Ok(i) => toml::Value::Integer(i),
            Err(_) => toml::Value::String(n.as_str().to_owned()),
        },
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(items) => toml::Value::Array(items.iter().filter_map(to_toml).collect()),
        Value::Object(map) => toml::Value::Table(
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), to_toml(v)?)))
                .collect(),
        ),
    })
}

/// Parses TOML text into a JSON value and the place of every value and key.
pub fn parse(source: &str) -> Result<(Value, Spans), TomlError> {
    let mut spans = Spans::default();
    let value = convert(source, Some(&mut spans))?;
    Ok((value, spans))
}

/// TOML text as the JSON text it stands for, keeping no places: for a large file (a cohort),
/// whose places are found again with [`parse`] only when a problem must be shown at one. No
/// JSON value is built on the way, so the parsed document is the only copy held.
pub fn to_json_text(source: &str) -> Result<String, TomlError> {
    let doc = DeTable::parse(source).map_err(|e| TomlError {
        message: e.message().to_owned(),
        span: e.span(),
    })?;
    let mut out = String::with_capacity(source.len());
    write_table(doc.get_ref(), &mut out)?;
    Ok(out)
}

fn write_table(t: &DeTable<'_>, out: &mut String) -> Result<(), TomlError> {
    out.push('{');
    for (i, (k, v)) in t.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(k.get_ref(), out);
        out.push(':');
        write_value(v.get_ref(), v.span(), out)?;
    }
    out.push('}');
    Ok(())
}

fn write_value(v: &DeValue<'_>, span: Range<usize>, out: &mut String) -> Result<(), TomlError> {
    match v {
        DeValue::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item.get_ref(), item.span(), out)?;
            }
            out.push(']');
        }
        DeValue::Table(t) => write_table(t, out)?,
        DeValue::String(s) => write_str(s, out),
        // A scalar is converted as `parse` converts it, then written.
        scalar => out.push_str(&value(scalar, span, "", &mut None)?.to_string()),
    }
    Ok(())
}

/// `s` as a JSON string.
fn write_str(s: &str, out: &mut String) {
    out.push_str(&Value::String(s.to_owned()).to_string());
}

fn convert(source: &str, mut spans: Option<&mut Spans>) -> Result<Value, TomlError> {
    let doc = DeTable::parse(source).map_err(|e| TomlError {
        message: e.message().to_owned(),
        span: e.span(),
    })?;
    if let Some(spans) = spans.as_deref_mut() {
        spans.put_value(String::new(), (0, doc.span()));
    }
    table(doc.get_ref(), "", &mut spans)
}

fn table(
    t: &DeTable<'_>,
    pointer: &str,
    spans: &mut Option<&mut Spans>,
) -> Result<Value, TomlError> {
    let mut out = Map::new();
    for (k, v) in t.iter() {
        let p = match spans.as_deref_mut() {
            Some(spans) => {
                let p = format!("{pointer}/{}", crate::pointer::escape(k.get_ref()));
                spans.put_key(p.clone(), (0, k.span()));
                p
            }
            None => String::new(),
        };
        let converted = value(v.get_ref(), v.span(), &p, spans)?;
        out.insert(k.get_ref().to_string(), converted);
    }
    Ok(Value::Object(out))
}

fn value(
    v: &DeValue<'_>,
    span: Range<usize>,
    pointer: &str,
    spans: &mut Option<&mut Spans>,
) -> Result<Value, TomlError> {
    if let Some(spans) = spans.as_deref_mut() {
        spans.put_value(pointer.to_owned(), (0, span.clone()));
    }
    let number = |text: &str| {
        let clean = text.replace('_', "");
        let bad = || TomlError {
            message: format!("`{text}` cannot be used as an exact number"),
            span: Some(span.clone()),
        };
        if clean.starts_with("0x") || clean.starts_with("0o") || clean.starts_with("0b") {
            let radix = match &clean[..2] {
                "0x" => 16,
                "0o" => 8,
                _ => 2,
            };
            return i64::from_str_radix(&clean[2..], radix)
                .map(|n| Value::Number(n.into()))
                .map_err(|_| bad());
        }
        Number::from_str(clean.trim_start_matches('+'))
            .map(Value::Number)
            .map_err(|_| bad())
    };
    Ok(match v {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => number(i.as_str())?,
        DeValue::Float(f) => number(f.as_str())?,
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let p = match spans {
                    Some(_) => format!("{pointer}/{i}"),
                    None => String::new(),
                };
                out.push(value(item.get_ref(), item.span(), &p, spans)?);
            }
            Value::Array(out)
        }
        DeValue::Table(t) => table(t, pointer, spans)?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_numbers_go_to_toml_exactly() {
        let v: Value =
            serde_json::from_str(r#"{"n": 2024, "d": 0.30, "big": 79228162514264337593543950335, "none": null, "l": [1, null]}"#)
                .unwrap();
        let t = super::to_toml(&v).unwrap();
        let text = toml::to_string(&t).unwrap();
        assert!(text.contains("n = 2024"), "{text}");
        assert!(text.contains("d = \"0.30\""), "{text}");
        assert!(
            text.contains("big = \"79228162514264337593543950335\""),
            "{text}"
        );
        assert!(!text.contains("none"), "{text}");
        assert!(text.contains("l = [1]"), "{text}");
    }

    use super::*;

    #[test]
    fn keeps_literal_numbers_dates_and_spans() {
        let src = "w = 0.30\nn = 1_000_000\nd = 2024-04-01\n[t]\nx = [1, \"a\"]\n";
        let (v, spans) = parse(src).unwrap();
        assert_eq!(v["w"].to_string(), "0.30");
        assert_eq!(v["n"].to_string(), "1000000");
        assert_eq!(v["d"], "2024-04-01");
        assert_eq!(&src[spans.value("/t/x/1").unwrap()], "\"a\"");
        assert_eq!(&src[spans.key("/t/x").unwrap()], "x");
        assert_eq!(&src[spans.value("/t/x/9/deeper").unwrap()], "[1, \"a\"]");
    }

    #[test]
    fn refuses_non_finite_floats() {
        let err = parse("w = nan\n").unwrap_err();
        assert!(err.message.contains("nan"));
        assert_eq!(err.span, Some(4..7));
    }

    #[test]
    fn reports_syntax_errors_with_span() {
        let err = parse("a = \nb = 1\n").unwrap_err();
        assert!(err.span.is_some());
    }
}
