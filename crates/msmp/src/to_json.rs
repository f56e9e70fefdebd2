//! Encoding the schema types as JSON values, written out by hand: the mirror of
//! [`crate::from_json`]. serde's derived encoders into a `Value` go through its generic
//! serializer, about 1 KB of gzip in the panel's bundle for a handful of small objects. The
//! `Serialize` impls below route serde users (the simulator) through the same code.
//!
//! Absent optional fields are left out, as the real server does.

use crate::types::{
    Difficulty, GameRuleType, GameRuleValue, GameType, IncomingIpBan, IpBan, KickPlayer, Message,
    Operator, Player, ServerState, SystemMessage, TypedGameRule, UntypedGameRule, UserBan, Version,
};
use serde_json::{Map, Value};

pub trait ToJson {
    fn to_json(&self) -> Value;
}

/// An object under construction; optional fields that are `None` are skipped.
#[derive(Default)]
struct Object(Map<String, Value>);

impl Object {
    fn put(mut self, key: &str, value: Value) -> Self {
        self.0.insert(key.to_string(), value);
        self
    }

    fn opt<T: ToJson>(self, key: &str, value: &Option<T>) -> Self {
        match value {
            Some(v) => self.put(key, v.to_json()),
            None => self,
        }
    }

    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToJson for i64 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(T::to_json).collect())
    }
}

impl ToJson for Player {
    fn to_json(&self) -> Value {
        Object::default()
            .opt("id", &self.id)
            .opt("name", &self.name)
            .done()
    }
}

impl ToJson for Operator {
    fn to_json(&self) -> Value {
        Object::default()
            .put("player", self.player.to_json())
            .opt("permissionLevel", &self.permission_level)
            .opt("bypassesPlayerLimit", &self.bypasses_player_limit)
            .done()
    }
}

impl ToJson for UserBan {
    fn to_json(&self) -> Value {
        Object::default()
            .put("player", self.player.to_json())
            .opt("reason", &self.reason)
            .opt("source", &self.source)
            .opt("expires", &self.expires)
            .done()
    }
}

impl ToJson for IpBan {
    fn to_json(&self) -> Value {
        Object::default()
            .put("ip", self.ip.to_json())
            .opt("reason", &self.reason)
            .opt("source", &self.source)
            .opt("expires", &self.expires)
            .done()
    }
}

impl ToJson for IncomingIpBan {
    fn to_json(&self) -> Value {
        Object::default()
            .opt("ip", &self.ip)
            .opt("player", &self.player)
            .opt("reason", &self.reason)
            .opt("source", &self.source)
            .opt("expires", &self.expires)
            .done()
    }
}

impl ToJson for Message {
    fn to_json(&self) -> Value {
        Object::default()
            .opt("literal", &self.literal)
            .opt("translatable", &self.translatable)
            .opt("translatableParams", &self.translatable_params)
            .done()
    }
}

impl ToJson for KickPlayer {
    fn to_json(&self) -> Value {
        Object::default()
            .put("player", self.player.to_json())
            .opt("message", &self.message)
            .done()
    }
}

impl ToJson for SystemMessage {
    fn to_json(&self) -> Value {
        Object::default()
            .opt("message", &self.message)
            .opt("overlay", &self.overlay)
            .opt("receivingPlayers", &self.receiving_players)
            .done()
    }
}

impl ToJson for Version {
    fn to_json(&self) -> Value {
        Object::default()
            .put("name", self.name.to_json())
            .put("protocol", self.protocol.to_json())
            .done()
    }
}

impl ToJson for ServerState {
    fn to_json(&self) -> Value {
        let o = Object::default()
            .put("started", self.started.to_json())
            .opt("version", &self.version);
        if self.players.is_empty() {
            o.done()
        } else {
            o.put("players", self.players.to_json()).done()
        }
    }
}

impl ToJson for GameRuleValue {
    fn to_json(&self) -> Value {
        match self {
            GameRuleValue::Bool(b) => b.to_json(),
            GameRuleValue::Int(i) => i.to_json(),
            GameRuleValue::Text(t) => t.to_json(),
            GameRuleValue::Other(v) => v.clone(),
        }
    }
}

impl ToJson for TypedGameRule {
    fn to_json(&self) -> Value {
        Object::default()
            .put("key", self.key.to_json())
            .put("type", self.kind.to_json())
            .put("value", self.value.to_json())
            .done()
    }
}

impl ToJson for UntypedGameRule {
    fn to_json(&self) -> Value {
        Object::default()
            .put("key", self.key.to_json())
            .put("value", self.value.to_json())
            .done()
    }
}

macro_rules! open_enum_to_json {
    ($($name:ident),+) => {$(
        impl ToJson for $name {
            fn to_json(&self) -> Value {
                Value::String(self.as_str().to_string())
            }
        }
    )+};
}

open_enum_to_json!(Difficulty, GameType, GameRuleType);

/// `Serialize` through [`ToJson`], for serde users.
macro_rules! serialize_via_to_json {
    ($($name:ty),+) => {$(
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.to_json().serialize(s)
            }
        }
    )+};
}

serialize_via_to_json!(
    Player,
    Operator,
    UserBan,
    IpBan,
    IncomingIpBan,
    Message,
    KickPlayer,
    SystemMessage,
    Version,
    ServerState,
    GameRuleValue,
    TypedGameRule,
    UntypedGameRule,
    Difficulty,
    GameType,
    GameRuleType
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn alex() -> Player {
        Player::with_id("853c80ef-3c37-49fd-aa49-938b674adae6", "Alex")
    }

    /// The wire shapes, field names and all; each was first checked against the serde
    /// derives these impls replaced.
    #[test]
    fn shapes_match_the_schema() {
        let cases: Vec<(Value, Value)> = vec![
            (Player::named("Alex").to_json(), json!({"name": "Alex"})),
            (Player::default().to_json(), json!({})),
            (
                Operator {
                    player: alex(),
                    permission_level: Some(4),
                    bypasses_player_limit: Some(false),
                }
                .to_json(),
                json!({"player": {"id": "853c80ef-3c37-49fd-aa49-938b674adae6", "name": "Alex"},
                       "permissionLevel": 4, "bypassesPlayerLimit": false}),
            ),
            (Operator::default().to_json(), json!({"player": {}})),
            (
                UserBan {
                    player: Player::named("Alex"),
                    reason: Some("grief".into()),
                    source: None,
                    expires: Some("2030-01-01T00:00:00Z".into()),
                }
                .to_json(),
                json!({"player": {"name": "Alex"}, "reason": "grief",
                       "expires": "2030-01-01T00:00:00Z"}),
            ),
            (
                IpBan {
                    ip: "10.0.0.1".into(),
                    reason: None,
                    source: Some("panel".into()),
                    expires: None,
                }
                .to_json(),
                json!({"ip": "10.0.0.1", "source": "panel"}),
            ),
            (
                IncomingIpBan {
                    ip: None,
                    player: Some(Player::named("Alex")),
                    reason: Some("r".into()),
                    source: None,
                    expires: None,
                }
                .to_json(),
                json!({"player": {"name": "Alex"}, "reason": "r"}),
            ),
            (
                KickPlayer {
                    player: Player::named("Alex"),
                    message: Some(Message {
                        literal: None,
                        translatable: Some("multiplayer.disconnect.kicked".into()),
                        translatable_params: Some(vec!["a".into()]),
                    }),
                }
                .to_json(),
                json!({"player": {"name": "Alex"}, "message": {
                    "translatable": "multiplayer.disconnect.kicked", "translatableParams": ["a"]}}),
            ),
            (
                SystemMessage {
                    message: Some(Message {
                        literal: Some("hi".into()),
                        ..Message::default()
                    }),
                    overlay: Some(true),
                    receiving_players: Some(vec![Player::named("Alex")]),
                }
                .to_json(),
                json!({"message": {"literal": "hi"}, "overlay": true,
                       "receivingPlayers": [{"name": "Alex"}]}),
            ),
            (
                ServerState {
                    started: true,
                    version: Some(Version {
                        name: "1.21.9".into(),
                        protocol: 773,
                    }),
                    players: vec![Player::named("Alex")],
                }
                .to_json(),
                json!({"started": true, "version": {"name": "1.21.9", "protocol": 773},
                       "players": [{"name": "Alex"}]}),
            ),
            (
                TypedGameRule {
                    key: "minecraft:max_entity_cramming".into(),
                    kind: GameRuleType::Integer,
                    value: GameRuleValue::Int(24),
                }
                .to_json(),
                json!({"key": "minecraft:max_entity_cramming", "type": "integer", "value": 24}),
            ),
            (
                UntypedGameRule {
                    key: "doDaylightCycle".into(),
                    value: GameRuleValue::Text("false".into()),
                }
                .to_json(),
                json!({"key": "doDaylightCycle", "value": "false"}),
            ),
            (GameRuleValue::Other(json!([1])).to_json(), json!([1])),
            (
                Difficulty::Other("nightmare".into()).to_json(),
                json!("nightmare"),
            ),
            (GameType::Creative.to_json(), json!("creative")),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn serde_goes_through_to_json_and_round_trips_with_from_json() {
        use crate::from_json::FromJson;
        let op = Operator {
            player: alex(),
            permission_level: Some(2),
            bypasses_player_limit: None,
        };
        assert_eq!(serde_json::to_value(&op).unwrap(), op.to_json());
        assert_eq!(Operator::from_json(&op.to_json()).unwrap(), op);
    }
}
