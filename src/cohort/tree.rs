//! A cohort file as a light tree that borrows from the file's bytes: strings stay in the input
//! where they need no unescaping, numbers keep their exact text, objects keep their order in a
//! plain list. Reading a cohort walks this tree once against the policy's declarations; it
//! costs a fraction of `serde_json::Value` (no maps to hash, no number strings re-parsed).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// A JSON value borrowed from the input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    /// A number, as written.
    Number(Cow<'a, str>),
    Str(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The members of an object.
    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Node<'a>)]> {
        match self {
            Node::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    /// A whole number that fits in an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Node::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// The same tree borrowed from a `serde_json::Value` (a TOML cohort, converted).
    pub fn of_value(v: &'a Value) -> Node<'a> {
        match v {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(Cow::Owned(n.to_string())),
            Value::String(s) => Node::Str(Cow::Borrowed(s)),
            Value::Array(items) => Node::Array(items.iter().map(Node::of_value).collect()),
            Value::Object(m) => Node::Object(
                m.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Node::of_value(v)))
                    .collect(),
            ),
        }
    }
}

/// Shown in messages as compact JSON.
impl fmt::Display for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Null => f.write_str("null"),
            Node::Bool(b) => write!(f, "{b}"),
            Node::Number(n) => f.write_str(n),
            Node::Str(s) => write!(f, "{}", Value::String(s.to_string())),
            Node::Array(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Node::Object(m) => {
                f.write_str("{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{}:{v}", Value::String(k.to_string()))?;
                }
                f.write_str("}")
            }
        }
    }
}

/// The key serde_json uses to hand over a number's exact text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A key or string that borrows from the input when it can.
pub(super) struct Text<'a>(pub(super) Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(Cow::Owned(n.to_string())))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(Cow::Owned(n.to_string())))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node<'de>, E> {
        Err(E::custom(
            "numbers are read exactly, never as binary floats",
        ))
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Borrowed(s)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Owned(s.to_owned())))
    }
    fn visit_string<E>(self, s: String) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Owned(s)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Node::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut members = Vec::new();
        let mut seen = SeenKeys::default();
        while let Some(Text(key)) = map.next_key()? {
            if members.is_empty() && key == NUMBER_TOKEN {
                let Text(number) = map.next_value()?;
                return Ok(Node::Number(number));
            }
            if seen.again(&key) && members.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!(
                    "the key \"{key}\" is written twice (the later would silently replace the earlier)"
                )));
            }
            members.push((key, map.next_value()?));
        }
        Ok(Node::Object(members))
    }
}

/// The keys of one JSON object read so far, by hash: `again` says a key may have been written
/// before (a hash may collide: callers that must be sure compare the keys themselves).
#[derive(Default)]
pub(crate) struct SeenKeys {
    few: Vec<u64>,
    many: std::collections::HashSet<u64>,
}

impl SeenKeys {
    pub fn again(&mut self, key: &str) -> bool {
        use std::hash::{Hash as _, Hasher as _};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        let h = h.finish();
        if self.few.len() < 32 {
            if self.few.contains(&h) {
                return true;
            }
            self.few.push(h);
            return false;
        }
        !self.many.insert(h) || self.few.contains(&h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_text_and_strings_borrow() {
        let src = br#"{"a": 812.50, "b": "x", "c": [1, null, true], "d": {"e": -3}}"#;
        let n: Node<'_> = serde_json::from_slice(src).unwrap();
        assert_eq!(n.get("a"), Some(&Node::Number(Cow::Borrowed("812.50"))));
        assert!(matches!(n.get("b"), Some(Node::Str(Cow::Borrowed("x")))));
        assert_eq!(
            n.get("d").and_then(|d| d.get("e")).and_then(Node::as_i64),
            Some(-3)
        );
        assert_eq!(
            n.to_string(),
            r#"{"a":812.50,"b":"x","c":[1,null,true],"d":{"e":-3}}"#
        );
    }
}
