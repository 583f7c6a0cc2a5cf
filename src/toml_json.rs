//! TOML text → JSON value, keeping where every value came from.
//!
//! Policy and cohort files are checked against JSON Schemas and then read into typed structs
//! through `serde_json`, so TOML is converted deliberately first: dates become `YYYY-MM-DD`
//! strings, integers and floats become JSON numbers carrying their literal text (a weight of
//! `0.30` never passes through `f64`), and `inf`/`nan` are refused. The span of every value and
//! key is recorded under its JSON pointer, so later checks can point at the source.

use std::collections::HashMap;
use std::ops::Range;
use std::str::FromStr;

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};

/// Where a value or key is: the index of its file (0 for a single file) and its byte span.
pub type Place = (usize, Range<usize>);

/// Byte spans of values and keys, by JSON pointer. A document merged from several files (a
/// policy amendment over its base) keeps, for each pointer, the file it came from.
#[derive(Debug, Default, Clone)]
pub struct Spans {
    values: HashMap<String, Place>,
    keys: HashMap<String, Place>,
}

impl Spans {
    /// The place of the value at `pointer`, or of its nearest ancestor that has one.
    pub fn locate(&self, pointer: &str) -> Option<Place> {
        let mut p = pointer;
        loop {
            if let Some(s) = self.values.get(p) {
                return Some(s.clone());
            }
            p = &p[..p.rfind('/')?];
        }
    }
    /// The place of the key naming the value at `pointer` (falls back to the value).
    pub fn locate_key(&self, pointer: &str) -> Option<Place> {
        self.keys
            .get(pointer)
            .cloned()
            .or_else(|| self.locate(pointer))
    }
    /// Whether the document has a value exactly at `pointer`.
    pub fn contains(&self, pointer: &str) -> bool {
        self.values.contains_key(pointer)
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
        for place in self.values.values_mut().chain(self.keys.values_mut()) {
            place.0 = file;
        }
        self
    }
    /// Forgets the places at and under `pointer`.
    pub fn remove_under(&mut self, pointer: &str) {
        let under = |p: &String| p == pointer || p.starts_with(&format!("{pointer}/"));
        self.values.retain(|p, _| !under(p));
        self.keys.retain(|p, _| !under(p));
    }
    /// Copies `other`'s places at and under `from` to the same places under `to`.
    pub fn graft(&mut self, other: &Spans, from: &str, to: &str) {
        let moved = |p: &str| {
            (p == from || p.starts_with(&format!("{from}/")))
                .then(|| format!("{to}{}", &p[from.len()..]))
        };
        for (p, place) in &other.values {
            if let Some(q) = moved(p) {
                self.values.insert(q, place.clone());
            }
        }
        for (p, place) in &other.keys {
            if let Some(q) = moved(p) {
                self.keys.insert(q, place.clone());
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

pub fn parse(source: &str) -> Result<(Value, Spans), TomlError> {
    let doc = DeTable::parse(source).map_err(|e| TomlError {
        message: e.message().to_owned(),
        span: e.span(),
    })?;
    let mut spans = Spans::default();
    let span = doc.span();
    spans.values.insert(String::new(), (0, span));
    let value = table(doc.get_ref(), "", &mut spans)?;
    Ok((value, spans))
}

fn table(t: &DeTable<'_>, pointer: &str, spans: &mut Spans) -> Result<Value, TomlError> {
    let mut out = Map::new();
    for (k, v) in t.iter() {
        let p = format!("{pointer}/{}", crate::pointer::escape(k.get_ref()));
        spans.keys.insert(p.clone(), (0, k.span()));
        let converted = value(v.get_ref(), v.span(), &p, spans)?;
        out.insert(k.get_ref().to_string(), converted);
    }
    Ok(Value::Object(out))
}

fn value(
    v: &DeValue<'_>,
    span: Range<usize>,
    pointer: &str,
    spans: &mut Spans,
) -> Result<Value, TomlError> {
    spans.values.insert(pointer.to_owned(), (0, span.clone()));
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
                out.push(value(
                    item.get_ref(),
                    item.span(),
                    &format!("{pointer}/{i}"),
                    spans,
                )?);
            }
            Value::Array(out)
        }
        DeValue::Table(t) => table(t, pointer, spans)?,
    })
}

#[cfg(test)]
mod tests {
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
