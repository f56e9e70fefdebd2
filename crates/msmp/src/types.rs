//! The schema components (`components.schemas` of the API document) as Rust types.
//!
//! Decoding is lenient on purpose: unknown fields are ignored, every property the schema
//! does not require is optional (an explicit `null` counts as absent), and enums keep
//! values they do not know instead of failing the whole frame.
//!
//! Each object type is declared once, in the `schema_types!` table below: its fields, their
//! JSON names, how absent values are read and written, and their schema. The struct, its
//! JSON encoding and decoding and its schema in the catalog are generated from that (see
//! `schema_macro.rs`).

use crate::catalog::{Component, ProtocolVersion, Schema};
use crate::schema_macro::schema_types;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

const PLAYER: Schema = Schema::Ref(Component::Player);
const PLAYERS: Schema = Schema::Array(&PLAYER);
const STRINGS: Schema = Schema::Array(&Schema::Str);

/// Game rule values: strings in 1.x, booleans or integers from 2.0.0 on.
fn rule_value(v: ProtocolVersion) -> Schema {
    if v.typed_game_rules() {
        Schema::BoolOrInt
    } else {
        Schema::Str
    }
}

schema_types! {
    version v;

    /// `player`: a profile reference; either field may be given.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
    Player {
        id: Option<String> = optional("id", Str),
        name: Option<String> = optional("name", Str),
    }

    /// `operator`.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    Operator {
        player: Player = or_default("player", PLAYER),
        permission_level: Option<i64> = optional("permissionLevel", Int),
        bypasses_player_limit: Option<bool> = optional("bypassesPlayerLimit", Bool),
    }

    /// `user_ban`.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    UserBan {
        player: Player = or_default("player", PLAYER),
        reason: Option<String> = optional("reason", Str),
        source: Option<String> = optional("source", Str),
        /// ISO-8601 instant; absent means forever.
        expires: Option<String> = optional("expires", Str),
    }

    /// `ip_ban`.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    IpBan {
        ip: String = or_default("ip", Str),
        reason: Option<String> = optional("reason", Str),
        source: Option<String> = optional("source", Str),
        expires: Option<String> = optional("expires", Str),
    }

    /// `incoming_ip_ban`: `ip` if valid, else the online `player`'s address.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    IncomingIpBan {
        ip: Option<String> = optional("ip", Str),
        player: Option<Player> = optional("player", PLAYER),
        reason: Option<String> = optional("reason", Str),
        source: Option<String> = optional("source", Str),
        expires: Option<String> = optional("expires", Str),
    }

    /// `message`: a literal text or a translation key with parameters.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    Message {
        literal: Option<String> = optional("literal", Str),
        translatable: Option<String> = optional("translatable", Str),
        translatable_params: Option<Vec<String>> = optional("translatableParams", STRINGS),
    }

    /// `kick_player`.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    KickPlayer {
        player: Player = or_default("player", PLAYER),
        message: Option<Message> = optional("message", Ref(Component::Message)),
    }

    /// `system_message`. The server requires `message` and `overlay`; they are optional
    /// here so a server can report what is missing instead of failing to decode.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    SystemMessage {
        message: Option<Message> = optional("message", Ref(Component::Message)),
        overlay: Option<bool> = optional("overlay", Bool),
        /// Absent means everyone.
        receiving_players: Option<Vec<Player>> = optional("receivingPlayers", PLAYERS),
    }

    /// `version`.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    Version {
        name: String = or_default("name", Str),
        protocol: i64 = or_default("protocol", Int),
    }

    /// `server_state`: `players` is omitted by the server when nobody is online.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    ServerState {
        started: bool = or_default("started", Bool),
        version: Option<Version> = optional("version", Ref(Component::Version)),
        players: Vec<Player> = or_empty("players", PLAYERS),
    }

    /// `typed_game_rule`.
    #[derive(Debug, Clone, PartialEq)]
    TypedGameRule {
        key: String = required("key", Str),
        // The schema lists these values in this order, unlike `GameRuleType::KNOWN`.
        kind: GameRuleType = required("type", StrEnum(&["integer", "boolean"])),
        // An explicit null is kept rather than refused.
        value: GameRuleValue = required_or_null("value", rule_value(v)),
    }

    /// `untyped_game_rule`: what `gamerules/update` takes.
    #[derive(Debug, Clone, PartialEq)]
    UntypedGameRule {
        key: String = required("key", Str),
        value: GameRuleValue = required_or_null("value", rule_value(v)),
    }
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
        self.key_text().to_ascii_lowercase()
    }

    /// Whether both have the same [`Player::key`], without building either.
    pub fn same_key(&self, other: &Player) -> bool {
        self.key_text().eq_ignore_ascii_case(other.key_text())
    }

    fn key_text(&self) -> &str {
        self.name
            .as_deref()
            .or(self.id.as_deref())
            .unwrap_or_default()
    }

    /// What to show a person: the name, else the id.
    pub fn label(&self) -> &str {
        self.name
            .as_deref()
            .or(self.id.as_deref())
            .unwrap_or("(unnamed)")
    }
}

impl Message {
    pub fn literal(text: impl Into<String>) -> Self {
        Message {
            literal: Some(text.into()),
            ..Message::default()
        }
    }
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
