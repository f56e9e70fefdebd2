//! The schema components (`components.schemas` of the API document) as Rust types.
//!
//! Decoding is lenient on purpose: unknown fields are ignored, every property the schema
//! does not require is optional (an explicit `null` counts as absent), and enums keep
//! values they do not know instead of failing the whole frame.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// `player`: a profile reference; either field may be given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Player {
    pub id: Option<String>,
    pub name: Option<String>,
}

impl Player {
    pub fn named(name: impl Into<String>) -> Self {
        Player {
            id: None,
            name: Some(name.into()),
        }
    }

    pub fn with_id(id: impl Into<String>, name: impl Into<String>) -> Self {
        Player {
            id: Some(id.into()),
            name: Some(name.into()),
        }
    }

    /// Same profile: by id when both sides have one, else by name, case-insensitively
    /// (player names are ASCII: the server refuses anything outside `!`..`~`).
    pub fn same_as(&self, other: &Player) -> bool {
        match (&self.id, &other.id) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => match (&self.name, &other.name) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            },
        }
    }

    /// One entry per key in a list: the name (case-insensitive), else the id.
    pub fn key(&self) -> String {
        self.name
            .as_deref()
            .or(self.id.as_deref())
            .unwrap_or_default()
            .to_ascii_lowercase()
    }

    /// What to show a person: the name, else the id.
    pub fn label(&self) -> &str {
        self.name
            .as_deref()
            .or(self.id.as_deref())
            .unwrap_or("(unnamed)")
    }
}

/// `operator`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Operator {
    pub player: Player,
    pub permission_level: Option<i64>,
    pub bypasses_player_limit: Option<bool>,
}

/// `user_ban`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserBan {
    pub player: Player,
    pub reason: Option<String>,
    pub source: Option<String>,
    /// ISO-8601 instant; absent means forever.
    pub expires: Option<String>,
}

/// `ip_ban`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpBan {
    pub ip: String,
    pub reason: Option<String>,
    pub source: Option<String>,
    pub expires: Option<String>,
}

/// `incoming_ip_ban`: `ip` if valid, else the online `player`'s address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct IncomingIpBan {
    #[serde(default)]
    pub ip: Option<String>,
    #[serde(default)]
    pub player: Option<Player>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub expires: Option<String>,
}

/// `message`: a literal text or a translation key with parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    #[serde(default)]
    pub literal: Option<String>,
    #[serde(default)]
    pub translatable: Option<String>,
    #[serde(default)]
    pub translatable_params: Option<Vec<String>>,
}

impl Message {
    pub fn literal(text: impl Into<String>) -> Self {
        Message {
            literal: Some(text.into()),
            ..Message::default()
        }
    }
}

/// `kick_player`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct KickPlayer {
    #[serde(default)]
    pub player: Player,
    #[serde(default)]
    pub message: Option<Message>,
}

/// `system_message`. The server requires `message` and `overlay`; they are optional here
/// so a server can report what is missing instead of failing to decode.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemMessage {
    #[serde(default)]
    pub message: Option<Message>,
    #[serde(default)]
    pub overlay: Option<bool>,
    /// Absent means everyone.
    #[serde(default)]
    pub receiving_players: Option<Vec<Player>>,
}

/// `version`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Version {
    pub name: String,
    pub protocol: i64,
}

/// `server_state`: `players` is omitted by the server when nobody is online.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerState {
    pub started: bool,
    pub version: Option<Version>,
    pub players: Vec<Player>,
}

/// Defines a string enum that round-trips values it does not know.
macro_rules! open_string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this build does not know; kept verbatim.
            Other(String),
        }

        impl $name {
            /// The values the schema lists, in its order.
            pub const KNOWN: &'static [&'static str] = &[$($text),+];

            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(s) => s,
                }
            }

            pub fn parse(s: &str) -> Self {
                match s {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok($name::parse(&String::deserialize(d)?))
            }
        }
    };
}

open_string_enum!(
    /// `difficulty`.
    Difficulty { Peaceful = "peaceful", Easy = "easy", Normal = "normal", Hard = "hard" }
);

open_string_enum!(
    /// `game_type`.
    GameType { Survival = "survival", Creative = "creative", Adventure = "adventure", Spectator = "spectator" }
);

open_string_enum!(
    /// The `type` of a typed game rule.
    GameRuleType { Boolean = "boolean", Integer = "integer" }
);

/// A game rule value: a string in protocol 1.x, a boolean or integer from 2.0.0 on.
/// Encoded and decoded by hand (`to_json`, `from_json`): `#[serde(untagged)]` would buffer
/// every value first and pull serde's generic content machinery into the wasm bundle.
#[derive(Debug, Clone, PartialEq)]
pub enum GameRuleValue {
    Bool(bool),
    Int(i64),
    Text(String),
    /// Anything else a server might send; kept so nothing is lost.
    Other(Value),
}

impl GameRuleValue {
    /// The value as a boolean, reading 1.x strings too.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            GameRuleValue::Bool(b) => Some(*b),
            GameRuleValue::Text(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// The value as an integer, reading 1.x strings too.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            GameRuleValue::Int(i) => Some(*i),
            GameRuleValue::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// Display text, the same for `true` and `"true"`.
    pub fn display(&self) -> String {
        match self {
            GameRuleValue::Bool(b) => b.to_string(),
            GameRuleValue::Int(i) => i.to_string(),
            GameRuleValue::Text(s) => s.clone(),
            GameRuleValue::Other(v) => crate::jsonrpc::json_text(v),
        }
    }
}

/// `typed_game_rule`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedGameRule {
    pub key: String,
    pub kind: GameRuleType,
    pub value: GameRuleValue,
}

/// `untyped_game_rule`: what `gamerules/update` takes.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UntypedGameRule {
    pub key: String,
    pub value: GameRuleValue,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn server_state_omits_players_when_empty_and_reads_absent_or_null() {
        let s = ServerState {
            started: true,
            version: Some(Version {
                name: "1.21.9".into(),
                protocol: 773,
            }),
            players: vec![],
        };
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(
            v,
            json!({"started":true,"version":{"name":"1.21.9","protocol":773}})
        );
        let back: ServerState =
            serde_json::from_value(json!({"started":false,"players":null})).unwrap();
        assert!(back.players.is_empty());
    }

    #[test]
    fn unknown_fields_and_enum_values_do_not_break_decoding() {
        let op: Operator = serde_json::from_value(json!({
            "player":{"id":"853c80ef-3c37-49fd-aa49-938b674adae6","name":"jeb_","skin":"x"},
            "permissionLevel":4,"bypassesPlayerLimit":false,"extra":[1,2]
        }))
        .unwrap();
        assert_eq!(op.permission_level, Some(4));
        assert_eq!(op.player.name.as_deref(), Some("jeb_"));
        let d: Difficulty = serde_json::from_value(json!("nightmare")).unwrap();
        assert_eq!(d, Difficulty::Other("nightmare".into()));
        assert_eq!(serde_json::to_value(&d).unwrap(), json!("nightmare"));
    }

    #[test]
    fn explicit_nulls_in_optional_fields_are_absent() {
        let ban: UserBan = serde_json::from_value(
            json!({"player":{"name":"Notch"},"reason":null,"source":null,"expires":null}),
        )
        .unwrap();
        assert_eq!(ban.reason, None);
        assert_eq!(
            serde_json::to_value(&ban).unwrap(),
            json!({"player":{"name":"Notch"}})
        );
    }

    #[test]
    fn game_rule_values_in_both_protocol_generations() {
        let v1: TypedGameRule = serde_json::from_value(
            json!({"key":"doDaylightCycle","type":"boolean","value":"true"}),
        )
        .unwrap();
        assert_eq!(v1.value, GameRuleValue::Text("true".into()));
        assert_eq!(v1.value.as_bool(), Some(true));
        let v2: TypedGameRule = serde_json::from_value(
            json!({"key":"minecraft:spawn_radius","type":"integer","value":10}),
        )
        .unwrap();
        assert_eq!(v2.value, GameRuleValue::Int(10));
        assert_eq!(v2.kind, GameRuleType::Integer);
    }

    #[test]
    fn players_match_by_id_then_case_insensitive_name() {
        let a = Player::with_id("853C80EF-3c37-49fd-aa49-938b674adae6", "jeb_");
        let b = Player::with_id("853c80ef-3c37-49fd-aa49-938b674adae6", "renamed");
        assert!(a.same_as(&b));
        assert!(Player::named("JEB_").same_as(&a));
        assert!(!Player::with_id("00000000-0000-0000-0000-000000000000", "jeb_").same_as(&a));
    }
}
