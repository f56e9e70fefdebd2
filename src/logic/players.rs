//! The Players page as data: how each player stands on the server (online since,
//! operator, allowlisted, banned), what each action on players sends, and the events that
//! involve a player.

use crate::logic::lists::{ip_ban_items, player_items, Details};
use msmp::catalog::Group;
use msmp::model::{Event, ServerModel};
use msmp::to_json::ToJson;
use msmp::types::{KickPlayer, Message, Operator, Player, UserBan};
use serde_json::Value;

/// Where one player stands on one server.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Standing {
    pub player: Player,
    pub online: bool,
    /// When the panel saw them arrive (ms); `None` if they were online when it looked.
    pub since: Option<u64>,
    pub operator: Option<Operator>,
    pub allowlisted: bool,
    pub ban: Option<UserBan>,
}

/// The profile the server knows `who` by (a name typed alone gains its id), from any list.
pub fn known_as(m: &ServerModel, who: &Player) -> Player {
    m.players
        .iter()
        .chain(&m.allowlist)
        .chain(m.bans.iter().map(|b| &b.player))
        .chain(m.operators.iter().map(|o| &o.player))
        .find(|p| p.same_as(who))
        .cloned()
        .unwrap_or_else(|| who.clone())
}

pub fn standing(m: &ServerModel, who: &Player) -> Standing {
    let player = known_as(m, who);
    let online = m.players.iter().any(|p| p.same_as(&player));
    Standing {
        since: m.online_since(&player),
        operator: m
            .operators
            .iter()
            .find(|o| o.player.same_as(&player))
            .cloned(),
        allowlisted: m.allowlist.iter().any(|p| p.same_as(&player)),
        ban: m.bans.iter().find(|b| b.player.same_as(&player)).cloned(),
        online,
        player,
    }
}

/// What can be done to players from their rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Kick,
    Ban,
    BanIp,
    Allow,
    Unallow,
    Op,
    Deop,
}

impl Act {
    pub fn method(self) -> &'static str {
        match self {
            Act::Kick => "minecraft:players/kick",
            Act::Ban => "minecraft:bans/add",
            Act::BanIp => "minecraft:ip_bans/add",
            Act::Allow => "minecraft:allowlist/add",
            Act::Unallow => "minecraft:allowlist/remove",
            Act::Op => "minecraft:operators/add",
            Act::Deop => "minecraft:operators/remove",
        }
    }

    /// Whether it is asked about first: everything that takes something away.
    pub fn destructive(self) -> bool {
        !matches!(self, Act::Allow | Act::Op)
    }

    /// The form it needs besides the players: a kick message, ban details, a level.
    pub fn form(self) -> Option<Group> {
        match self {
            Act::Ban | Act::BanIp => Some(Group::Bans),
            Act::Op => Some(Group::Operators),
            _ => None,
        }
    }

    /// The call's parameter for `players`.
    pub fn param(self, players: &[Player], d: &Details, message: &str) -> Value {
        let list = |items: Vec<Value>| Value::Array(items);
        match self {
            Act::Kick => {
                let message = message.trim();
                let message = (!message.is_empty()).then(|| Message::literal(message));
                let kicks: Vec<KickPlayer> = players
                    .iter()
                    .map(|player| KickPlayer {
                        player: player.clone(),
                        message: message.clone(),
                    })
                    .collect();
                kicks.to_json()
            }
            Act::Ban => list(player_items(Group::Bans, players, d)),
            Act::BanIp => list(ip_ban_items(&[], players, d)),
            Act::Op => list(player_items(Group::Operators, players, d)),
            Act::Allow | Act::Unallow | Act::Deop => {
                list(players.iter().map(ToJson::to_json).collect())
            }
        }
    }

    /// Which of `players` the server's result shows the act took effect on: a kick returns
    /// those who were online; the lists return themselves after the change.
    pub fn took(self, players: &[Player], result: &Value, m: &ServerModel) -> Vec<String> {
        let names = |pred: &dyn Fn(&Player) -> bool| -> Vec<String> {
            players
                .iter()
                .filter(|p| pred(p))
                .map(|p| p.label().to_string())
                .collect()
        };
        match self {
            Act::Kick => result
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|p| p.get("name").and_then(Value::as_str).map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
            // Nothing says which address was banned (MSMP never tells a player's address).
            Act::BanIp => names(&|_| true),
            _ => names(&|p| {
                let s = standing(m, p);
                match self {
                    Act::Ban => s.ban.is_some(),
                    Act::Allow => s.allowlisted,
                    Act::Unallow => !s.allowlisted,
                    Act::Op => s.operator.is_some(),
                    _ => s.operator.is_none(),
                }
            }),
        }
    }
}

/// Whether `v` holds `who`'s name or id anywhere (a string equal to it, any case).
fn mentions(v: &Value, who: &Player) -> bool {
    match v {
        Value::String(s) => [&who.name, &who.id]
            .into_iter()
            .flatten()
            .any(|k| k.eq_ignore_ascii_case(s)),
        Value::Array(a) => a.iter().any(|x| mentions(x, who)),
        Value::Object(o) => o.values().any(|x| mentions(x, who)),
        _ => false,
    }
}

/// The logged events that involve `who`, newest first, at most `max`.
pub fn events_about<'a>(m: &'a ServerModel, who: &Player, max: usize) -> Vec<&'a Event> {
    m.events
        .iter()
        .rev()
        .filter(|e| e.params.as_ref().is_some_and(|p| mentions(p, who)))
        .take(max)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const STEVE_ID: &str = "8667ba71-b85a-4004-af54-457a9734eed7";

    fn model() -> ServerModel {
        let mut m = ServerModel::new();
        let steve = json!({"id": STEVE_ID, "name": "Steve"});
        m.apply_result("players", &json!([steve])).unwrap();
        m.apply_result(
            "operators",
            &json!([{"player": steve, "permissionLevel": 3}]),
        )
        .unwrap();
        m.apply_result(
            "bans",
            &json!([{"player": {"name": "Griefer"}, "reason": "tnt"}]),
        )
        .unwrap();
        m.receive_notification(
            "minecraft:notification/players/joined",
            Some(&json!([{"name": "Alex"}])),
            9_000,
        );
        m
    }

    fn named(n: &str) -> Player {
        Player {
            id: None,
            name: Some(n.into()),
        }
    }

    #[test]
    fn standing_reads_every_list_and_finds_the_full_profile() {
        let m = model();
        let s = standing(&m, &named("steve"));
        assert_eq!(s.player.id.as_deref(), Some(STEVE_ID));
        assert!(s.online && !s.allowlisted && s.ban.is_none());
        assert_eq!(s.since, None, "online when the panel looked");
        assert_eq!(s.operator.and_then(|o| o.permission_level), Some(3));
        assert_eq!(standing(&m, &named("Alex")).since, Some(9_000));
        let g = standing(&m, &named("Griefer"));
        assert!(!g.online);
        assert_eq!(g.ban.and_then(|b| b.reason).as_deref(), Some("tnt"));
    }

    #[test]
    fn each_act_sends_what_its_method_takes() {
        let players = [named("Steve"), named("Alex")];
        let d = Details {
            reason: " spam ".into(),
            expires: Some("2030-01-02T03:04:00.000Z".into()),
            level: 2,
            ..Details::default()
        };
        let kick = Act::Kick.param(&players, &d, " Restart ");
        assert_eq!(
            kick,
            json!([{"player": {"name": "Steve"}, "message": {"literal": "Restart"}},
                   {"player": {"name": "Alex"}, "message": {"literal": "Restart"}}])
        );
        assert_eq!(
            Act::Kick.param(&players[..1], &d, "  "),
            json!([{"player": {"name": "Steve"}}])
        );
        let ban = Act::Ban.param(&players[..1], &d, "");
        assert_eq!(
            ban,
            json!([{"player": {"name": "Steve"}, "reason": "spam", "expires": "2030-01-02T03:04:00.000Z"}])
        );
        let ip = Act::BanIp.param(&players[..1], &d, "");
        assert_eq!(ip[0]["player"], json!({"name": "Steve"}));
        assert!(ip[0].get("ip").is_none());
        assert_eq!(
            Act::Op.param(&players[..1], &d, "")[0]["permissionLevel"],
            json!(2)
        );
        for act in [Act::Allow, Act::Unallow, Act::Deop] {
            assert_eq!(
                act.param(&players, &d, ""),
                json!([{"name": "Steve"}, {"name": "Alex"}])
            );
        }
        assert!(Act::Kick.destructive() && Act::Deop.destructive() && !Act::Allow.destructive());
    }

    #[test]
    fn took_reads_the_result_and_the_lists_after_it() {
        let mut m = model();
        let players = [named("Steve"), named("Nobody")];
        let kicked = Act::Kick.took(&players, &json!([{"name": "Steve"}]), &m);
        assert_eq!(kicked, vec!["Steve"]);
        let list = json!([{"name": "Steve"}]);
        m.apply_result("allowlist/add", &list).unwrap();
        assert_eq!(Act::Allow.took(&players, &list, &m), vec!["Steve"]);
        assert_eq!(Act::Deop.took(&players, &json!([]), &m), vec!["Nobody"]);
    }

    #[test]
    fn events_about_a_player_match_their_name_or_id_anywhere() {
        let m = model();
        let alex = events_about(&m, &named("alex"), 10);
        assert_eq!(alex.len(), 1);
        assert!(alex[0].method.ends_with("players/joined"));
        assert!(events_about(&m, &named("Steve"), 10).is_empty());
    }
}
