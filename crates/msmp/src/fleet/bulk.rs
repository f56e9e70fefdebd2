//! Bulk actions: one action, one call to each chosen server, and what each answer means.
//!
//! Every protocol version from 1.0.0 to 3.1.0 names these methods alike (none has been
//! renamed or removed), so the call is the same for every server; whether a server offers
//! it is read from its `rpc.discover` document, as everywhere else, not from its version.

use super::entry::Entry;
use crate::catalog::{self, Group};
use crate::client::CallError;
use crate::from_json::FromJson;
use crate::jsonrpc::RpcError;
use crate::link::Failure;
use crate::model::ServerModel;
use crate::to_json::ToJson;
use crate::types::{IpBan, KickPlayer, Message, Operator, Player, SystemMessage, UserBan};
use serde_json::Value;

pub const KICK: &str = "minecraft:players/kick";
pub const SYSTEM_MESSAGE: &str = "minecraft:server/system_message";
pub const SAVE: &str = "minecraft:server/save";

/// A method and its single parameter, for `Connection::call`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: &'static str,
    pub param: Option<Value>,
}

/// What a ban says besides whom it bans; `None` leaves a field out (no reason, the server
/// as the source, for ever).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BanTerms {
    pub reason: Option<String>,
    pub source: Option<String>,
    /// An ISO-8601 instant.
    pub expires: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Adds the entries to `group`'s list; an entry already there takes the new terms
    /// (reason, expiry, level, bypass).
    Add(Group, Vec<Entry>),
    /// Removes the entries from `group`'s list: only each one's player or address is used.
    Remove(Group, Vec<Entry>),
    Kick {
        players: Vec<Player>,
        message: Option<String>,
    },
    /// A literal text to everyone.
    SystemMessage {
        text: String,
        overlay: bool,
    },
    Save {
        flush: bool,
    },
}

fn each<T>(items: Vec<T>, f: impl Fn(T) -> Entry) -> Vec<Entry> {
    items.into_iter().map(f).collect()
}

impl Action {
    pub fn allowlist_add(players: Vec<Player>) -> Action {
        Action::Add(Group::Allowlist, each(players, Entry::Player))
    }

    pub fn allowlist_remove(players: Vec<Player>) -> Action {
        Action::Remove(Group::Allowlist, each(players, Entry::Player))
    }

    pub fn ban(players: Vec<Player>, terms: &BanTerms) -> Action {
        let ban = |player| {
            Entry::Ban(UserBan {
                player,
                reason: terms.reason.clone(),
                source: terms.source.clone(),
                expires: terms.expires.clone(),
            })
        };
        Action::Add(Group::Bans, each(players, ban))
    }

    pub fn unban(players: Vec<Player>) -> Action {
        Action::Remove(Group::Bans, each(players, Entry::Player))
    }

    pub fn ip_ban(ips: Vec<String>, terms: &BanTerms) -> Action {
        let ban = |ip| {
            Entry::IpBan(IpBan {
                ip,
                reason: terms.reason.clone(),
                source: terms.source.clone(),
                expires: terms.expires.clone(),
            })
        };
        Action::Add(Group::IpBans, each(ips, ban))
    }

    pub fn ip_unban(ips: Vec<String>) -> Action {
        let ip = |ip| {
            Entry::IpBan(IpBan {
                ip,
                ..IpBan::default()
            })
        };
        Action::Remove(Group::IpBans, each(ips, ip))
    }

    pub fn op(players: Vec<Player>, level: i64, bypass: bool) -> Action {
        let op = |player| {
            Entry::Op(Operator {
                player,
                permission_level: Some(level),
                bypasses_player_limit: Some(bypass),
            })
        };
        Action::Add(Group::Operators, each(players, op))
    }

    pub fn deop(players: Vec<Player>) -> Action {
        Action::Remove(Group::Operators, each(players, Entry::Player))
    }

    /// The call, the same for every server.
    pub fn call(&self) -> Call {
        let list = |g: Group, add: bool| {
            catalog::list(g).map_or("", |l| if add { l.add } else { l.remove })
        };
        let (method, param) = match self {
            Action::Add(g, entries) => (
                list(*g, true),
                Value::Array(entries.iter().map(Entry::add_item).collect()),
            ),
            Action::Remove(g, entries) => (
                list(*g, false),
                Value::Array(entries.iter().map(Entry::remove_item).collect()),
            ),
            Action::Kick { players, message } => {
                let kick = |p: &Player| {
                    KickPlayer {
                        player: p.clone(),
                        message: message.as_deref().map(Message::literal),
                    }
                    .to_json()
                };
                (KICK, Value::Array(players.iter().map(kick).collect()))
            }
            Action::SystemMessage { text, overlay } => (
                SYSTEM_MESSAGE,
                SystemMessage {
                    message: Some(Message::literal(text.as_str())),
                    overlay: Some(*overlay),
                    receiving_players: None,
                }
                .to_json(),
            ),
            Action::Save { flush } => (SAVE, Value::Bool(*flush)),
        };
        Call {
            method,
            param: Some(param),
        }
    }

    /// The call for this server, or the outcome without one: nothing is sent to a server
    /// that is not in sync (no discovery yet) or does not offer the method (a proxy's
    /// bridge may serve a subset).
    pub fn prepare(&self, m: &ServerModel) -> Result<Call, Outcome> {
        let call = self.call();
        match &m.discover {
            None => Err(Outcome::NotConnected),
            Some(d) if !d.has(call.method) => Err(Outcome::Unsupported),
            Some(_) => Ok(call),
        }
    }

    /// What a server's answer to [`Action::call`] means for the user.
    pub fn outcome(&self, result: &Result<Value, Failure>) -> Outcome {
        let v = match result {
            Ok(v) => v,
            Err(Failure::NotConnected) => return Outcome::NotConnected,
            Err(Failure::Call(CallError::Rpc(e))) => return Outcome::Refused(e.clone()),
            Err(other) => return Outcome::Unsure(other.clone()),
        };
        let skipped = match self {
            // `add` and `remove` answer with the whole list after the change, and skip
            // unknown player names silently: what is (still) missing is what they skipped.
            Action::Add(g, entries) => not_in(*g, entries, v, false),
            Action::Remove(g, entries) => not_in(*g, entries, v, true),
            // `kick` answers with the players it kicked: the others were not online.
            Action::Kick { players, .. } => missing_from(players, &players_in(Group::Allowlist, v)),
            // `false`: an empty message, or nothing saved.
            Action::SystemMessage { .. } | Action::Save { .. } if *v == Value::Bool(false) => {
                return Outcome::Declined
            }
            Action::SystemMessage { .. } | Action::Save { .. } => Vec::new(),
        };
        if skipped.is_empty() {
            Outcome::Done
        } else {
            Outcome::Skipped(skipped)
        }
    }
}

/// What became of the action on one server.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done,
    /// Done, except for these players or addresses: names the server does not know,
    /// players who were not online (kick), or entries a removal left in place.
    Skipped(Vec<String>),
    /// The server answered `false`: it did nothing (an empty message).
    Declined,
    /// The server refused the call with this error.
    Refused(RpcError),
    /// Nothing was sent: the server is not connected, or not yet in sync.
    NotConnected,
    /// Nothing was sent: the server does not offer this method.
    Unsupported,
    /// No usable answer (a timeout, a dropped link, a malformed result): the server may or
    /// may not have done it.
    Unsure(Failure),
}

/// The players a list result holds (`players` for allowlists and kicks, `player` inside
/// the other lists' entries).
pub fn players_in(group: Group, result: &Value) -> Vec<Player> {
    let items = result.as_array().map_or(&[][..], Vec::as_slice);
    items
        .iter()
        .filter_map(|item| match group {
            Group::Allowlist => Some(item),
            _ => item.get("player"),
        })
        .filter_map(|p| Player::from_json(p).ok())
        .collect()
}

/// What the user asked for that the server's returned list does not hold: the names it
/// skipped as unknown players.
pub fn missing_from(requested: &[Player], list: &[Player]) -> Vec<String> {
    requested
        .iter()
        .filter(|r| !list.iter().any(|p| p.same_as(r)))
        .map(|r| r.label().to_string())
        .collect()
}

/// The entries whose presence in the result list is not what was asked: missing after an
/// add, or still there after a `removal`.
fn not_in(group: Group, asked: &[Entry], result: &Value, removal: bool) -> Vec<String> {
    let items = result.as_array().map_or(&[][..], Vec::as_slice);
    let ips: Vec<&str> = items
        .iter()
        .filter_map(|b| b.get("ip").and_then(Value::as_str))
        .collect();
    let players = match group {
        Group::IpBans => Vec::new(),
        g => players_in(g, result),
    };
    let held = |e: &Entry| match e.player() {
        Some(p) => players.iter().any(|x| x.same_as(p)),
        None => ips.iter().any(|ip| ip.eq_ignore_ascii_case(e.label())),
    };
    asked
        .iter()
        .filter(|e| held(e) == removal)
        .map(|e| e.label().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ProtocolVersion;
    use crate::validate;
    use serde_json::json;

    fn all_actions() -> Vec<Action> {
        let ps = || {
            vec![
                Player::named("jeb_"),
                Player::with_id("853c80ef-3c37-49fd-aa49-938b674adae6", "Notch"),
            ]
        };
        let ips = || vec!["203.0.113.7".to_string(), "2001:db8::1".to_string()];
        vec![
            Action::allowlist_add(ps()),
            Action::allowlist_remove(ps()),
            Action::ban(
                ps(),
                &BanTerms {
                    reason: Some("grief".into()),
                    source: Some("Moderator".into()),
                    expires: Some("2030-01-01T00:00:00Z".into()),
                },
            ),
            Action::ban(ps(), &BanTerms::default()),
            Action::unban(ps()),
            Action::ip_ban(
                ips(),
                &BanTerms {
                    reason: Some("spam".into()),
                    ..BanTerms::default()
                },
            ),
            Action::ip_unban(ips()),
            Action::op(ps(), 4, true),
            Action::deop(ps()),
            Action::Kick {
                players: ps(),
                message: Some("bye".into()),
            },
            Action::Kick {
                players: ps(),
                message: None,
            },
            Action::SystemMessage {
                text: "restart in 5 min".into(),
                overlay: false,
            },
            Action::Save { flush: true },
        ]
    }

    fn discovered(v: ProtocolVersion) -> ServerModel {
        let mut m = ServerModel::new();
        m.apply_result("rpc.discover", &catalog::discover_document(v))
            .unwrap();
        m
    }

    #[test]
    fn every_action_is_a_valid_call_in_every_protocol_version() {
        for v in ProtocolVersion::ALL {
            let m = discovered(v);
            for a in all_actions() {
                let call = a
                    .prepare(&m)
                    .unwrap_or_else(|o| panic!("{v}: {a:?}: {o:?}"));
                let spec = catalog::find_method(call.method, v).expect("in the catalog");
                let schema = spec.param.expect("takes a parameter").schema;
                let param = call.param.as_ref().unwrap();
                validate::check(&schema, param, v).unwrap_or_else(|e| panic!("{v} {a:?}: {e}"));
            }
        }
    }

    #[test]
    fn calls_carry_what_each_action_asked() {
        let ban = Action::ban(
            vec![Player::named("jeb_")],
            &BanTerms {
                reason: Some("grief".into()),
                source: Some("Moderator".into()),
                ..BanTerms::default()
            },
        )
        .call();
        assert_eq!(ban.method, "minecraft:bans/add");
        assert_eq!(
            ban.param,
            Some(json!([{"player": {"name": "jeb_"}, "reason": "grief", "source": "Moderator"}]))
        );
        let unban = Action::ip_unban(vec!["203.0.113.7".into()]).call();
        assert_eq!(
            (unban.method, unban.param),
            ("minecraft:ip_bans/remove", Some(json!(["203.0.113.7"])))
        );
        let op = Action::op(vec![Player::named("a")], 2, false).call();
        assert_eq!(
            op.param,
            Some(
                json!([{"player": {"name": "a"}, "permissionLevel": 2, "bypassesPlayerLimit": false}])
            )
        );
        let kick = Action::Kick {
            players: vec![Player::named("a")],
            message: Some("bye".into()),
        };
        assert_eq!(
            kick.call().param,
            Some(json!([{"player": {"name": "a"}, "message": {"literal": "bye"}}]))
        );
    }

    #[test]
    fn nothing_is_sent_to_a_server_out_of_sync_or_without_the_method() {
        let a = Action::Save { flush: false };
        assert_eq!(a.prepare(&ServerModel::new()), Err(Outcome::NotConnected));
        // A proxy's bridge: players, kick, status, stop and system message only.
        let mut proxy = ServerModel::new();
        let doc = json!({"info": {"version": "2.0.0"}, "methods": [
            {"name": "minecraft:players/kick", "params": [], "result": {}},
        ]});
        proxy.apply_result("rpc.discover", &doc).unwrap();
        assert_eq!(a.prepare(&proxy), Err(Outcome::Unsupported));
        let kick = Action::Kick {
            players: vec![],
            message: None,
        };
        assert!(kick.prepare(&proxy).is_ok());
    }

    #[test]
    fn unknown_names_are_reported_as_skipped() {
        let asked = Action::allowlist_add(vec![Player::named("jeb_"), Player::named("nobody_x")]);
        let list = json!([{"id": "u1", "name": "JEB_"}, {"name": "other"}]);
        assert_eq!(
            asked.outcome(&Ok(list)),
            Outcome::Skipped(vec!["nobody_x".into()])
        );
        let all = json!([{"name": "jeb_"}, {"name": "nobody_x"}]);
        assert_eq!(asked.outcome(&Ok(all)), Outcome::Done);
        let ban = Action::ban(vec![Player::named("jeb_")], &BanTerms::default());
        assert_eq!(
            ban.outcome(&Ok(json!([]))),
            Outcome::Skipped(vec!["jeb_".into()])
        );
        assert_eq!(
            ban.outcome(&Ok(json!([{"player": {"name": "jeb_"}}]))),
            Outcome::Done
        );
        let ip = Action::ip_ban(vec!["2001:DB8::1".into()], &BanTerms::default());
        assert_eq!(
            ip.outcome(&Ok(json!([{"ip": "2001:db8::1"}]))),
            Outcome::Done
        );
    }

    #[test]
    fn a_removal_that_left_the_entry_is_skipped_and_absent_ones_are_fine() {
        let deop = Action::deop(vec![Player::named("jeb_"), Player::named("never_op")]);
        let left = json!([{"player": {"name": "jeb_"}, "permissionLevel": 4}]);
        assert_eq!(
            deop.outcome(&Ok(left)),
            Outcome::Skipped(vec!["jeb_".into()])
        );
        assert_eq!(deop.outcome(&Ok(json!([]))), Outcome::Done);
        let unban = Action::ip_unban(vec!["203.0.113.7".into()]);
        assert_eq!(
            unban.outcome(&Ok(json!([{"ip": "203.0.113.7"}]))),
            Outcome::Skipped(vec!["203.0.113.7".into()])
        );
    }

    #[test]
    fn kicks_report_who_was_not_online() {
        let kick = Action::Kick {
            players: vec![Player::named("a"), Player::named("b")],
            message: None,
        };
        assert_eq!(
            kick.outcome(&Ok(json!([{"name": "a"}]))),
            Outcome::Skipped(vec!["b".into()])
        );
    }

    #[test]
    fn errors_are_refusals_not_connected_or_unsure() {
        let a = Action::SystemMessage {
            text: String::new(),
            overlay: false,
        };
        assert_eq!(a.outcome(&Ok(json!(false))), Outcome::Declined);
        assert_eq!(a.outcome(&Ok(json!(true))), Outcome::Done);
        let e = RpcError::new(-32602, "Invalid params", Some(json!("bad")));
        assert_eq!(
            a.outcome(&Err(Failure::Call(CallError::Rpc(e.clone())))),
            Outcome::Refused(e)
        );
        assert_eq!(
            a.outcome(&Err(Failure::NotConnected)),
            Outcome::NotConnected
        );
        let timeout = Failure::Call(CallError::Timeout { after_ms: 15_000 });
        assert_eq!(a.outcome(&Err(timeout.clone())), Outcome::Unsure(timeout));
    }
}
