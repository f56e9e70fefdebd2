//! Typed notifications. Known names with the wrong payload become [`Notification::Invalid`]
//! and names we do not know (other namespaces, newer servers) [`Notification::Unknown`]:
//! both are kept for the event log, neither touches the model.

use crate::catalog::{self, qualify, Schema, NOTIFICATION_PREFIX};
use crate::from_json::FromJson;
use crate::problem::{Kind, Problem};
use crate::types::{IpBan, Operator, Player, ServerState, TypedGameRule, UserBan};
use crate::validate;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Notification {
    Started,
    Stopping,
    Saving,
    Saved,
    Activity,
    Status(ServerState),
    PlayerJoined(Player),
    PlayerLeft(Player),
    OperatorAdded(Operator),
    OperatorRemoved(Operator),
    AllowlistAdded(Player),
    AllowlistRemoved(Player),
    BanAdded(UserBan),
    BanRemoved(Player),
    IpBanAdded(IpBan),
    IpBanRemoved(String),
    GameRuleUpdated(TypedGameRule),
    UpgradeStarted,
    UpgradeProgress(f64),
    UpgradeFinished,
    UpgradeFailed(String),
    /// A known notification whose payload does not have the schema's type.
    Invalid {
        method: String,
        params: Option<Value>,
        error: Problem,
    },
    /// A notification this build does not know, with its raw params.
    Unknown {
        method: String,
        params: Option<Value>,
    },
}

/// The single argument, whether sent as `[x]` or `{"name": x}`.
pub fn single_param(params: Option<&Value>) -> Option<&Value> {
    match params? {
        Value::Array(a) if a.len() == 1 => a.first(),
        Value::Object(o) if o.len() == 1 => o.values().next(),
        _ => None,
    }
}

impl Notification {
    /// Decodes a notification frame's method and params.
    pub fn decode(method: &str, params: Option<&Value>) -> Notification {
        let full = qualify(method);
        let Some(short) = full.strip_prefix(NOTIFICATION_PREFIX) else {
            return Notification::Unknown {
                method: method.to_string(),
                params: params.cloned(),
            };
        };
        let invalid = |error: Problem| Notification::Invalid {
            method: method.to_string(),
            params: params.cloned(),
            error,
        };
        // The catalog's schema first: its errors name the path and the expected type.
        let schema = catalog::find(&full).and_then(|m| m.param).map(|p| p.schema);
        let s = schema.as_ref();
        // Not generic: one copy for every argument type.
        fn checked_arg<'a>(
            params: Option<&'a Value>,
            schema: Option<&Schema>,
        ) -> Result<&'a Value, Problem> {
            let v = single_param(params).ok_or_else(|| Problem::from(Kind::NotOneParam))?;
            if let Some(schema) = schema {
                validate::check_any_version(schema, v)?;
            }
            Ok(v)
        }
        fn typed_arg<T: FromJson>(
            params: Option<&Value>,
            schema: Option<&Schema>,
        ) -> Result<T, Problem> {
            T::from_json(checked_arg(params, schema)?)
        }
        let typed = |r: Result<Notification, Problem>| r.unwrap_or_else(invalid);
        match short {
            "server/started" => Notification::Started,
            "server/stopping" => Notification::Stopping,
            "server/saving" => Notification::Saving,
            "server/saved" => Notification::Saved,
            "server/activity" => Notification::Activity,
            "server/status" => typed(typed_arg(params, s).map(Notification::Status)),
            "players/joined" => typed(typed_arg(params, s).map(Notification::PlayerJoined)),
            "players/left" => typed(typed_arg(params, s).map(Notification::PlayerLeft)),
            "operators/added" => typed(typed_arg(params, s).map(Notification::OperatorAdded)),
            "operators/removed" => typed(typed_arg(params, s).map(Notification::OperatorRemoved)),
            "allowlist/added" => typed(typed_arg(params, s).map(Notification::AllowlistAdded)),
            "allowlist/removed" => typed(typed_arg(params, s).map(Notification::AllowlistRemoved)),
            "bans/added" => typed(typed_arg(params, s).map(Notification::BanAdded)),
            "bans/removed" => typed(typed_arg(params, s).map(Notification::BanRemoved)),
            "ip_bans/added" => typed(typed_arg(params, s).map(Notification::IpBanAdded)),
            "ip_bans/removed" => typed(typed_arg(params, s).map(Notification::IpBanRemoved)),
            "gamerules/updated" => typed(typed_arg(params, s).map(Notification::GameRuleUpdated)),
            "world/upgrade_started" => Notification::UpgradeStarted,
            "world/upgrade_progress" => {
                typed(typed_arg(params, s).map(Notification::UpgradeProgress))
            }
            "world/upgrade_finished" => Notification::UpgradeFinished,
            "world/upgrade_failed" => typed(typed_arg(params, s).map(Notification::UpgradeFailed)),
            _ => Notification::Unknown {
                method: method.to_string(),
                params: params.cloned(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_known_notifications_from_array_or_named_params() {
        let p = json!([{"id": "853c80ef-3c37-49fd-aa49-938b674adae6", "name": "jeb_"}]);
        assert!(matches!(
            Notification::decode("minecraft:notification/players/joined", Some(&p)),
            Notification::PlayerJoined(pl) if pl.name.as_deref() == Some("jeb_")
        ));
        let p = json!({"player": "203.0.113.7"});
        assert_eq!(
            Notification::decode("minecraft:notification/ip_bans/removed", Some(&p)),
            Notification::IpBanRemoved("203.0.113.7".into())
        );
        assert_eq!(
            Notification::decode("notification/server/started", None),
            Notification::Started
        );
    }

    #[test]
    fn wrong_payloads_are_invalid_and_unknown_names_are_kept() {
        assert!(matches!(
            Notification::decode(
                "minecraft:notification/world/upgrade_progress",
                Some(&json!(["half"]))
            ),
            Notification::Invalid { .. }
        ));
        assert!(matches!(
            Notification::decode("minecraft:notification/players/joined", None),
            Notification::Invalid { error, .. } if error == Kind::NotOneParam.into()
        ));
        let bad = json!([{"player": {"name": 5}}]);
        match Notification::decode("minecraft:notification/bans/added", Some(&bad)) {
            Notification::Invalid { error, .. } => {
                assert_eq!(
                    error.to_string(),
                    "at player.name: expected a string, got an integer"
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            Notification::decode("nem:chat_message", Some(&json!([{"text": "hi"}]))),
            Notification::Unknown { method, params: Some(_) } if method == "nem:chat_message"
        ));
    }
}
