//! Reading a request's single parameter the way the real server does (one-element array
//! or by name), and decoding it with checks that mirror the real codecs. Every failure
//! is a `String` that becomes the `data` of a -32602 error.

use crate::profiles::is_uuid;
use msmp::types::Player;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The argument of a method declaring parameter `name` (`None`: parameterless).
pub fn extract<'a>(
    name: Option<&str>,
    params: Option<&'a Value>,
) -> Result<Option<&'a Value>, String> {
    let Some(name) = name else {
        return match params {
            None => Ok(None),
            Some(Value::Array(a)) if a.is_empty() => Ok(None),
            Some(_) => Err("Expected no params, or an empty array".into()),
        };
    };
    match params {
        Some(Value::Object(o)) => o.get(name).map(Some).ok_or_else(|| {
            format!("Params passed by-name, but expected param [{name}] does not exist")
        }),
        Some(Value::Array(a)) if a.len() == 1 => Ok(a.first()),
        Some(Value::Array(_)) => Err("Expected exactly one element in the params array".into()),
        _ => Err("Expected params as array or named".into()),
    }
}

/// Drops `null` members recursively: an explicit null in an optional field is absent.
pub fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), strip_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_nulls).collect()),
        other => other.clone(),
    }
}

pub fn list(v: &Value) -> Result<&Vec<Value>, String> {
    v.as_array().ok_or_else(|| format!("Not a list: {v}"))
}

fn object(v: &Value) -> Result<&serde_json::Map<String, Value>, String> {
    v.as_object().ok_or_else(|| format!("Not a map: {v}"))
}

/// Fails like the real codec when a required field is missing.
pub fn require(v: &Value, fields: &[&str]) -> Result<(), String> {
    let o = object(v)?;
    for f in fields {
        if o.get(*f).is_none_or(Value::is_null) {
            return Err(format!("No key {f} in MapLike[{v}]"));
        }
    }
    Ok(())
}

pub fn typed<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    serde_json::from_value(strip_nulls(v)).map_err(|e| e.to_string())
}

/// A `player`, with its id checked (the real codec parses it as a UUID).
pub fn player(v: &Value) -> Result<Player, String> {
    object(v)?;
    let mut p: Player = typed(v)?;
    if let Some(id) = &p.id {
        if !is_uuid(id) {
            return Err(format!("Invalid UUID {id}: Not a valid UUID string"));
        }
        p.id = Some(id.to_lowercase());
    }
    Ok(p)
}

pub fn players(v: &Value) -> Result<Vec<Player>, String> {
    list(v)?.iter().map(player).collect()
}

/// Each element through `f`, which sees the element with nulls removed.
pub fn each<T>(v: &Value, f: impl Fn(&Value) -> Result<T, String>) -> Result<Vec<T>, String> {
    list(v)?.iter().map(|e| f(&strip_nulls(e))).collect()
}

pub fn boolean(v: &Value) -> Result<bool, String> {
    v.as_bool().ok_or_else(|| format!("Not a boolean: {v}"))
}

pub fn string(v: &Value) -> Result<String, String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("Not a string: {v}"))
}

/// The optional `expires` field of a ban, validated.
pub fn expires(v: &Value) -> Result<Option<String>, String> {
    match v.get("expires") {
        None | Some(Value::Null) => Ok(None),
        // Stored and echoed in the real server's one spelling (UTC, `Z`).
        Some(Value::String(s)) => crate::instant::normalize(s).map(Some),
        Some(other) => Err(format!("Not a string: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn params_by_position_or_name() {
        let a = json!([[1]]);
        assert_eq!(extract(Some("add"), Some(&a)).unwrap(), Some(&json!([1])));
        let n = json!({"add": [2]});
        assert_eq!(extract(Some("add"), Some(&n)).unwrap(), Some(&json!([2])));
        assert_eq!(
            extract(Some("add"), Some(&json!({}))).unwrap_err(),
            "Params passed by-name, but expected param [add] does not exist"
        );
        assert_eq!(
            extract(Some("add"), Some(&json!([1, 2]))).unwrap_err(),
            "Expected exactly one element in the params array"
        );
        assert!(extract(None, None).unwrap().is_none());
        assert!(extract(None, Some(&json!([]))).unwrap().is_none());
        assert!(extract(None, Some(&json!([1]))).is_err());
        assert!(extract(Some("x"), None).is_err());
    }
}
