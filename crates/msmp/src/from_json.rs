//! Decoding the schema types from an already parsed JSON value, written out by hand.
//!
//! serde's derived decoders also accept arrays for structs and carry a visitor per type:
//! about three times the code, which the panel's WebAssembly bundle pays for (6.6 KB of
//! gzip, measured side by side). Everything that decodes frames (the model, notifications) goes through
//! [`FromJson`]; the `Deserialize` impls below route serde users (the simulator, tests)
//! through the same code, so there is one definition of what is accepted.
//!
//! Lenient like the rest of `types`: unknown fields are ignored and an explicit `null`
//! counts as absent; a field of the wrong type is an error naming the field.

use crate::types::{
    Difficulty, GameRuleType, GameRuleValue, GameType, IpBan, Operator, Player, ServerState,
    TypedGameRule, UserBan, Version,
};
use serde_json::{Map, Value};

pub trait FromJson: Sized {
    fn from_json(v: &Value) -> Result<Self, String>;
}

type Fields = Map<String, Value>;

fn object(v: &Value) -> Result<&Fields, String> {
    v.as_object()
        .ok_or_else(|| "expected an object".to_string())
}

/// The field, unless absent or `null`.
fn field<'a>(m: &'a Fields, key: &str) -> Option<&'a Value> {
    m.get(key).filter(|v| !v.is_null())
}

/// An optional field decoded with `read`, whose `None` means "wrong type".
fn opt<'a, T>(
    m: &'a Fields,
    key: &str,
    expected: &str,
    read: impl FnOnce(&'a Value) -> Option<T>,
) -> Result<Option<T>, String> {
    match field(m, key) {
        None => Ok(None),
        Some(v) => read(v)
            .map(Some)
            .ok_or_else(|| format!("`{key}`: expected {expected}")),
    }
}

fn opt_string(m: &Fields, key: &str) -> Result<Option<String>, String> {
    opt(m, key, "a string", |v| v.as_str().map(str::to_string))
}

fn opt_parsed<T: FromJson>(m: &Fields, key: &str) -> Result<Option<T>, String> {
    field(m, key)
        .map(|v| T::from_json(v).map_err(|e| format!("`{key}`: {e}")))
        .transpose()
}

fn required<T: FromJson>(m: &Fields, key: &str) -> Result<T, String> {
    opt_parsed(m, key)?.ok_or_else(|| format!("`{key}` is missing"))
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value) -> Result<Self, String> {
        let items = v.as_array().ok_or("expected an array")?;
        // A plain loop: `collect::<Result<_, _>>()` costs an adapter per item type.
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(T::from_json(item).map_err(|e| format!("[{i}]: {e}"))?);
        }
        Ok(out)
    }
}

impl FromJson for String {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| "expected a string".to_string())
    }
}

impl FromJson for f64 {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_f64().ok_or_else(|| "expected a number".to_string())
    }
}

impl FromJson for Player {
    fn from_json(v: &Value) -> Result<Self, String> {
        let m = object(v)?;
        Ok(Player {
            id: opt_string(m, "id")?,
            name: opt_string(m, "name")?,
        })
    }
}

impl FromJson for Operator {
    fn from_json(v: &Value) -> Result<Self, String> {
        let m = object(v)?;
        Ok(Operator {
            player: opt_parsed(m, "player")?.unwrap_or_default(),
            permission_level: opt(m, "permissionLevel", "an integer", Value::as_i64)?,
            bypasses_player_limit: opt(m, "bypassesPlayerLimit", "a boolean", Value::as_bool)?,
        })
    }
}

impl FromJson for UserBan {
    fn from_json(v: &Value) -> Result<Self, String> {
        let m = object(v)?;
        Ok(UserBan {
            player: opt_parsed(m, "player")?.unwrap_or_default(),
            reason: opt_string(m, "reason")?,
            source: opt_string(m, "source")?,
            expires: opt_string(m, "expires")?,
        })
    }
}

impl FromJson for IpBan {
    fn from_json(v: &Value) -> Result<Self, String> {
        let m = object(v)?;
        Ok(IpBan {
            ip: opt_string(m, "ip")?.unwrap_or_default(),
            reason: opt_string(m, "reason")?,
            source: opt_string(m, "source")?,
            expires: opt_string(m, "expires")?,
        })
    }
}

impl FromJson for Version {
    fn from_json(v: &Value) -> Result<Self, String> {
        let m = object(v)?;
        Ok(Version {
            name: opt_string(m, "name")?.unwrap_or_default(),
            protocol: opt(m, "protocol", "an integer", Value::as_i64)?.unwrap_or_default(),
        })
    }
}

impl FromJson for ServerState {
    fn from_json(v: &Value) -> Result<Self, String> {
        let m = object(v)?;
        Ok(ServerState {
            started: opt(m, "started", "a boolean", Value::as_bool)?.unwrap_or_default(),
            version: opt_parsed(m, "version")?,
            players: opt_parsed(m, "players")?.unwrap_or_default(),
        })
    }
}

impl FromJson for GameRuleValue {
    fn from_json(v: &Value) -> Result<Self, String> {
        Ok(match v {
            Value::Bool(b) => GameRuleValue::Bool(*b),
            Value::Number(n) if n.is_i64() => GameRuleValue::Int(n.as_i64().unwrap_or_default()),
            Value::String(t) => GameRuleValue::Text(t.clone()),
            other => GameRuleValue::Other(other.clone()),
        })
    }
}

impl FromJson for TypedGameRule {
    fn from_json(v: &Value) -> Result<Self, String> {
        let m = object(v)?;
        Ok(TypedGameRule {
            key: required(m, "key")?,
            kind: required(m, "type")?,
            // Required too, but an explicit null is kept rather than refused.
            value: m
                .get("value")
                .map(GameRuleValue::from_json)
                .ok_or("`value` is missing")??,
        })
    }
}

macro_rules! open_enum_from_json {
    ($($name:ident),+) => {$(
        impl FromJson for $name {
            fn from_json(v: &Value) -> Result<Self, String> {
                String::from_json(v).map(|s| $name::parse(&s))
            }
        }
    )+};
}

open_enum_from_json!(Difficulty, GameType, GameRuleType);

/// `Deserialize` through [`FromJson`], for serde users.
macro_rules! deserialize_via_from_json {
    ($($name:ty),+) => {$(
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = Value::deserialize(d)?;
                <$name>::from_json(&v).map_err(serde::de::Error::custom)
            }
        }
    )+};
}

deserialize_via_from_json!(
    Player,
    Operator,
    UserBan,
    IpBan,
    Version,
    ServerState,
    GameRuleValue,
    TypedGameRule
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nulls_count_as_absent_and_unknown_fields_are_ignored() {
        let op = Operator::from_json(&json!({
            "player": null, "permissionLevel": 4, "bypassesPlayerLimit": null, "extra": [1]
        }))
        .unwrap();
        assert_eq!(op.player, Player::default());
        assert_eq!(op.permission_level, Some(4));
        assert_eq!(op.bypasses_player_limit, None);
        let v = Version::from_json(&json!({"name": null})).unwrap();
        assert_eq!(v, Version::default());
    }

    #[test]
    fn wrong_types_are_refused_naming_the_field() {
        let e = UserBan::from_json(&json!({"player": {"name": 5}})).unwrap_err();
        assert_eq!(e, "`player`: `name`: expected a string");
        let e = Vec::<IpBan>::from_json(&json!([{"ip": "1.2.3.4"}, {"ip": true}])).unwrap_err();
        assert_eq!(e, "[1]: `ip`: expected a string");
        assert!(ServerState::from_json(&json!([true])).is_err());
        assert!(Operator::from_json(&json!({"permissionLevel": 1.5})).is_err());
    }

    #[test]
    fn game_rules_need_key_type_and_value() {
        let r = TypedGameRule::from_json(&json!({"key": "k", "type": "integer", "value": 3}));
        assert_eq!(r.unwrap().value, GameRuleValue::Int(3));
        for bad in [
            json!({"type": "integer", "value": 3}),
            json!({"key": "k", "value": 3}),
            json!({"key": "k", "type": "integer"}),
        ] {
            assert!(TypedGameRule::from_json(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn serde_goes_through_the_same_decoder() {
        let p: Player = serde_json::from_str(r#"{"name":"Alex","id":null}"#).unwrap();
        assert_eq!(p, Player::named("Alex"));
        assert!(serde_json::from_str::<Player>(r#"["id","name"]"#).is_err());
    }
}
