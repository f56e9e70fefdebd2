//! One entry of any of the four lists, so bulk actions and comparisons across servers
//! handle allowlist, bans, IP bans and operators with one set of code.

use crate::catalog::Group;
use crate::key_index::Keyed;
use crate::model::ServerModel;
use crate::to_json::ToJson;
use crate::types::{IncomingIpBan, IpBan, Operator, Player, UserBan};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// An allowlist entry.
    Player(Player),
    Ban(UserBan),
    IpBan(IpBan),
    Op(Operator),
}

impl Entry {
    pub fn group(&self) -> Group {
        match self {
            Entry::Player(_) => Group::Allowlist,
            Entry::Ban(_) => Group::Bans,
            Entry::IpBan(_) => Group::IpBans,
            Entry::Op(_) => Group::Operators,
        }
    }

    pub fn player(&self) -> Option<&Player> {
        match self {
            Entry::Player(p) => Some(p),
            Entry::Ban(b) => Some(&b.player),
            Entry::Op(o) => Some(&o.player),
            Entry::IpBan(_) => None,
        }
    }

    /// What to show a person: the player's name (else id), or the address.
    pub fn label(&self) -> &str {
        match self {
            Entry::IpBan(b) => &b.ip,
            _ => self.player().map_or("", Player::label),
        }
    }

    /// The keys under which two entries are the same one (see `key_index`): by id, and
    /// by name-else-id, case-insensitively; an IP ban by its address.
    pub(crate) fn keys(&self) -> [Option<String>; 2] {
        match self {
            Entry::IpBan(b) => b.keys(),
            _ => self.player().map_or([None, None], Keyed::keys),
        }
    }

    /// Same terms: the fields that decide what the entry does (a ban's reason and
    /// expiry, an operator's level and bypass). A ban's `source` only records who made
    /// it, so it is not compared.
    pub fn same_terms(&self, other: &Entry) -> bool {
        match (self, other) {
            (Entry::Player(_), Entry::Player(_)) => true,
            (Entry::Ban(a), Entry::Ban(b)) => a.reason == b.reason && a.expires == b.expires,
            (Entry::IpBan(a), Entry::IpBan(b)) => a.reason == b.reason && a.expires == b.expires,
            (Entry::Op(a), Entry::Op(b)) => {
                a.permission_level == b.permission_level
                    && a.bypasses_player_limit == b.bypasses_player_limit
            }
            _ => false,
        }
    }

    /// The item its list's `add` takes (`ip_bans/add` takes an `incoming_ip_ban`).
    pub fn add_item(&self) -> Value {
        match self {
            Entry::Player(p) => p.to_json(),
            Entry::Ban(b) => b.to_json(),
            Entry::Op(o) => o.to_json(),
            Entry::IpBan(b) => IncomingIpBan {
                ip: Some(b.ip.clone()),
                player: None,
                reason: b.reason.clone(),
                source: b.source.clone(),
                expires: b.expires.clone(),
            }
            .to_json(),
        }
    }

    /// The item its list's `remove` takes: the player, or the bare address.
    pub fn remove_item(&self) -> Value {
        match self {
            Entry::IpBan(b) => Value::String(b.ip.clone()),
            _ => self.player().map_or(Value::Null, ToJson::to_json),
        }
    }
}

/// The entries of `group`'s list in `m`, in the server's order (empty for a group that
/// is not one of the four lists).
pub fn entries(group: Group, m: &ServerModel) -> Vec<Entry> {
    match group {
        Group::Allowlist => m.allowlist.iter().cloned().map(Entry::Player).collect(),
        Group::Bans => m.bans.iter().cloned().map(Entry::Ban).collect(),
        Group::IpBans => m.ip_bans.iter().cloned().map(Entry::IpBan).collect(),
        Group::Operators => m.operators.iter().cloned().map(Entry::Op).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn items_are_what_add_and_remove_take() {
        let ban = Entry::IpBan(IpBan {
            ip: "203.0.113.7".into(),
            reason: Some("spam".into()),
            ..IpBan::default()
        });
        assert_eq!(
            ban.add_item(),
            json!({"ip": "203.0.113.7", "reason": "spam"})
        );
        assert_eq!(ban.remove_item(), json!("203.0.113.7"));
        let op = Entry::Op(Operator {
            player: Player::named("jeb_"),
            permission_level: Some(4),
            bypasses_player_limit: Some(false),
        });
        assert_eq!(op.remove_item(), json!({"name": "jeb_"}));
        assert_eq!(op.label(), "jeb_");
    }

    #[test]
    fn terms_ignore_who_made_a_ban_but_not_its_reason() {
        let ban = |reason: &str, source: &str| {
            Entry::Ban(UserBan {
                player: Player::named("x"),
                reason: Some(reason.into()),
                source: Some(source.into()),
                expires: None,
            })
        };
        assert!(ban("grief", "Console").same_terms(&ban("grief", "Management server")));
        assert!(!ban("grief", "Console").same_terms(&ban("spam", "Console")));
        let mut until = ban("grief", "Console");
        if let Entry::Ban(b) = &mut until {
            b.expires = Some("2030-01-01T00:00:00Z".into());
        }
        assert!(
            !until.same_terms(&ban("grief", "Console")),
            "a temporary ban differs"
        );
    }
}
