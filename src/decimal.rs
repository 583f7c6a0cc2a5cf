//! Exact decimals from text, JSON numbers and TOML floats — never through a binary float.
//!
//! serde_json is built with `arbitrary_precision`, so a JSON number reaches us as its literal
//! text (a one-entry map under serde_json's private key). When serde_json finds that the text is
//! already the shortest spelling of an `f64`, it hands us that `f64` instead; its shortest
//! spelling then *is* the original text, so printing it back is exact.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// serde_json's key for a number carried as text under `arbitrary_precision`.
const JSON_NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Parses a decimal literal exactly: `812.5`, `-35.20`, `1e3`. Too many digits is an error,
/// never a silent rounding.
pub fn parse(text: &str) -> Result<Decimal, String> {
    let parsed = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    };
    parsed.map_err(|e| format!("`{text}` is not an exact decimal number ({e})"))
}

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number (a JSON number or a string such as \"812.5\")")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0).map_err(|_| E::custom("number too large"))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        i128::try_from(v)
            .map_err(|_| E::custom("number too large"))
            .and_then(|v| self.visit_i128(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::custom("not a finite number"));
        }
        parse(&format!("{v}")).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse(v).map_err(E::custom)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        match map.next_key::<String>()? {
            Some(k) if k == JSON_NUMBER_TOKEN => {
                let text: String = map.next_value()?;
                parse(&text).map_err(de::Error::custom)
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

/// `#[serde(deserialize_with = "crate::decimal::exact")]`
pub fn exact<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecimalVisitor)
}

/// `#[serde(default, deserialize_with = "crate::decimal::exact_opt")]`
/// A JSON `null` is the same as a missing value.
pub fn exact_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    struct Exact(Decimal);
    impl<'de> serde::Deserialize<'de> for Exact {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Exact, D::Error> {
            exact(d).map(Exact)
        }
    }
    Ok(<Option<Exact> as serde::Deserialize>::deserialize(d)?.map(|e| e.0))
}

/// A decimal rendered for people and for JSON strings: no trailing zeros after the point.
pub fn show(d: Decimal) -> String {
    d.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "exact")]
        v: Decimal,
    }

    fn read(json: &str) -> Decimal {
        serde_json::from_str::<Holder>(json).unwrap().v
    }

    #[test]
    fn json_numbers_and_strings_are_exact() {
        assert_eq!(read(r#"{"v": 0.30}"#).to_string(), "0.30");
        assert_eq!(read(r#"{"v": 0.3}"#).to_string(), "0.3");
        assert_eq!(read(r#"{"v": "12850.40"}"#).to_string(), "12850.40");
        assert_eq!(read(r#"{"v": 15110.5}"#).to_string(), "15110.5");
        assert_eq!(read(r#"{"v": 790}"#).to_string(), "790");
        assert_eq!(read(r#"{"v": -35.2}"#).to_string(), "-35.2");
        assert_eq!(read(r#"{"v": 1e3}"#), Decimal::from(1000));
        // 17+ significant digits survive, where an f64 would not.
        assert_eq!(
            read(r#"{"v": 0.1000000000000000055}"#).to_string(),
            "0.1000000000000000055"
        );
        // Also through serde_json::Value, the path taken by schema checks.
        let v: serde_json::Value = serde_json::from_str(r#"{"v": 0.30}"#).unwrap();
        assert_eq!(
            serde_json::from_value::<Holder>(v).unwrap().v.to_string(),
            "0.30"
        );
    }

    #[test]
    fn rejects_non_numbers() {
        assert!(serde_json::from_str::<Holder>(r#"{"v": "abc"}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"v": true}"#).is_err());
        assert!(parse("1.00000000000000000000000000001").is_err());
    }

    #[test]
    fn shows_without_trailing_zeros() {
        assert_eq!(show(parse("799.750").unwrap()), "799.75");
        assert_eq!(show(parse("1000000").unwrap()), "1000000");
        assert_eq!(show(parse("0.00").unwrap()), "0");
    }
}
