//! Finding a player across servers: where they are online, and how each server's lists
//! treat them.
//!
//! Whether a player is IP-banned cannot be known: MSMP never tells a player's address
//! (`players` holds only names and ids; `ip_bans/add` resolves an online player's address
//! on the server side without returning it). [`find_ip`] answers for an address instead.

use crate::catalog::{self, Group};
use crate::model::ServerModel;
use crate::types::{IpBan, Operator, Player, UserBan};

/// One answer of one server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact<T> {
    /// The server does not tell: it is not in sync yet, or does not offer the getter.
    Unknown,
    No,
    Yes(T),
}

impl<T> Fact<T> {
    pub fn is_yes(&self) -> bool {
        matches!(self, Fact::Yes(_))
    }
}

/// How one server stands towards the player; the entries are the server's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub server: u32,
    pub online: Fact<Player>,
    pub allowlisted: Fact<Player>,
    pub banned: Fact<UserBan>,
    pub operator: Fact<Operator>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The profiles (id and name) the servers know for the query: a name's UUID, a UUID's
    /// name. More than one when a name has changed hands between profiles.
    pub profiles: Vec<Player>,
    /// One per server, in the order given.
    pub servers: Vec<Standing>,
}

fn players_of(m: &ServerModel) -> impl Iterator<Item = &Player> {
    m.players
        .iter()
        .chain(&m.allowlist)
        .chain(m.bans.iter().map(|b| &b.player))
        .chain(m.operators.iter().map(|o| &o.player))
}

fn offers(m: &ServerModel, group: Group) -> bool {
    catalog::list(group).is_some_and(|l| m.has_method(l.get))
}

fn fact<T: Clone>(known: bool, hit: Option<&T>) -> Fact<T> {
    match (known, hit) {
        (false, _) => Fact::Unknown,
        (true, Some(x)) => Fact::Yes(x.clone()),
        (true, None) => Fact::No,
    }
}

/// Looks `who` (a name, an id, or both) up on each server. An entry that names the player
/// only by the other key still matches once any server has shown both together (an online
/// player always has both).
///
/// A server's lists are read as its model holds them: pass servers in sync (a lost link
/// keeps its last known lists; one still syncing may not have them yet).
pub fn find_player<'a>(
    who: &Player,
    servers: impl IntoIterator<Item = (u32, &'a ServerModel)>,
) -> Found {
    let servers: Vec<(u32, &ServerModel)> = servers.into_iter().collect();
    let mut profiles: Vec<Player> = Vec::new();
    for p in servers.iter().flat_map(|(_, m)| players_of(m)) {
        if p.id.is_some() && p.name.is_some() && who.same_as(p) && !profiles.contains(p) {
            profiles.push(p.clone());
        }
    }
    let is = |p: &Player| who.same_as(p) || profiles.iter().any(|q| q.same_as(p));
    let servers = servers
        .iter()
        .map(|&(server, m)| Standing {
            server,
            online: fact(
                m.has_method("minecraft:players") || m.has_method("minecraft:server/status"),
                m.players.iter().find(|p| is(p)),
            ),
            allowlisted: fact(
                offers(m, Group::Allowlist),
                m.allowlist.iter().find(|p| is(p)),
            ),
            banned: fact(
                offers(m, Group::Bans),
                m.bans.iter().find(|b| is(&b.player)),
            ),
            operator: fact(
                offers(m, Group::Operators),
                m.operators.iter().find(|o| is(&o.player)),
            ),
        })
        .collect();
    Found { profiles, servers }
}

/// Whether each server bans the address `ip` (as written by the server, compared ignoring
/// case: IPv6).
pub fn find_ip<'a>(
    ip: &str,
    servers: impl IntoIterator<Item = (u32, &'a ServerModel)>,
) -> Vec<(u32, Fact<IpBan>)> {
    servers
        .into_iter()
        .map(|(id, m)| {
            let hit = m.ip_bans.iter().find(|b| b.ip.eq_ignore_ascii_case(ip));
            (id, fact(offers(m, Group::IpBans), hit))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{discover_document, ProtocolVersion};

    const JEB: &str = "853c80ef-3c37-49fd-aa49-938b674adae6";

    fn server() -> ServerModel {
        let mut m = ServerModel::new();
        m.apply_result("rpc.discover", &discover_document(ProtocolVersion::V2_0_0))
            .unwrap();
        m
    }

    #[test]
    fn a_player_is_found_by_name_on_every_list_of_every_server() {
        let mut lobby = server();
        lobby.players = vec![Player::with_id(JEB, "jeb_")];
        lobby.allowlist = vec![Player::named("JEB_")];
        let mut survival = server();
        survival.bans = vec![UserBan {
            player: Player::with_id(JEB, "jeb_"),
            reason: Some("grief".into()),
            expires: Some("2030-01-01T00:00:00Z".into()),
            ..UserBan::default()
        }];
        // Listed by UUID only: matched through the profile the lobby shows.
        survival.operators = vec![Operator {
            player: Player {
                id: Some(JEB.to_uppercase()),
                name: None,
            },
            permission_level: Some(3),
            bypasses_player_limit: Some(true),
        }];
        let found = find_player(&Player::named("Jeb_"), [(1, &lobby), (2, &survival)]);
        assert_eq!(found.profiles, [Player::with_id(JEB, "jeb_")]);
        let [l, s] = &found.servers[..] else { panic!() };
        assert!(l.online.is_yes() && l.allowlisted.is_yes());
        assert_eq!((&l.banned, &l.operator), (&Fact::No, &Fact::No));
        assert_eq!(s.online, Fact::No);
        match &s.banned {
            Fact::Yes(b) => assert_eq!(b.reason.as_deref(), Some("grief")),
            other => panic!("{other:?}"),
        }
        match &s.operator {
            Fact::Yes(o) => assert_eq!(o.permission_level, Some(3)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_uuid_finds_entries_that_only_name_the_player() {
        let mut a = server();
        a.players = vec![Player::with_id(JEB, "jeb_")];
        let mut b = server();
        b.allowlist = vec![Player::named("jeb_")];
        let found = find_player(
            &Player {
                id: Some(JEB.into()),
                name: None,
            },
            [(1, &a), (2, &b)],
        );
        assert!(found.servers[1].allowlisted.is_yes());
        // Without a server showing both, a UUID cannot be matched to a bare name.
        let found = find_player(
            &Player {
                id: Some(JEB.into()),
                name: None,
            },
            [(2, &b)],
        );
        assert_eq!(found.servers[0].allowlisted, Fact::No);
    }

    #[test]
    fn servers_that_cannot_tell_say_unknown_not_no() {
        let offline = ServerModel::new();
        let found = find_player(&Player::named("jeb_"), [(9, &offline)]);
        let s = &found.servers[0];
        assert_eq!(s.server, 9);
        assert_eq!(
            (&s.online, &s.allowlisted, &s.banned, &s.operator),
            (
                &Fact::Unknown,
                &Fact::Unknown,
                &Fact::Unknown,
                &Fact::Unknown
            )
        );
        assert_eq!(
            find_ip("203.0.113.7", [(9, &offline)]),
            [(9, Fact::Unknown)]
        );
    }

    #[test]
    fn addresses_are_looked_up_in_the_ip_bans() {
        let mut a = server();
        a.ip_bans = vec![IpBan {
            ip: "2001:db8::1".into(),
            ..IpBan::default()
        }];
        let b = server();
        let got = find_ip("2001:DB8::1", [(1, &a), (2, &b)]);
        assert!(got[0].1.is_yes());
        assert_eq!(got[1], (2, Fact::No));
    }
}
