//! One list (allowlist, bans, IP bans, operators) compared across servers, and what it
//! takes to make one server's list equal to another's.
//!
//! Entries are the same one when the model would merge them (see `key_index`): by id, or
//! by name-else-id ignoring case; an IP ban by its address. Matching by both keys matters:
//! a target listing a player by UUID only must not see them removed because the source
//! lists them by name.

use super::bulk::Action;
use super::entry::{entries, Entry};
use crate::catalog::Group;
use crate::model::ServerModel;
use std::collections::BTreeMap;

/// One entry and the servers that hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    /// Each holder's own entry, in the order the servers were given.
    pub holders: Vec<(u32, Entry)>,
    /// The holders disagree on its terms (a ban's reason or expiry, an op's level or
    /// bypass).
    pub differs: bool,
}

impl Compared {
    pub fn label(&self) -> &str {
        self.holders.first().map_or("", |(_, e)| e.label())
    }

    pub fn held_by(&self, server: u32) -> Option<&Entry> {
        self.holders
            .iter()
            .find(|(s, _)| *s == server)
            .map(|(_, e)| e)
    }
}

/// Positions by entry key, so matching 10,000 entries costs lookups, not a scan each.
#[derive(Default)]
struct Index(BTreeMap<String, usize>);

impl Index {
    fn find(&self, e: &Entry) -> Option<usize> {
        e.keys()
            .iter()
            .flatten()
            .find_map(|k| self.0.get(k).copied())
    }

    fn record(&mut self, e: &Entry, at: usize) {
        for k in e.keys().into_iter().flatten() {
            self.0.entry(k).or_insert(at);
        }
    }
}

/// The union of `group`'s list over the servers, in order of first appearance.
pub fn compare<'a>(
    group: Group,
    servers: impl IntoIterator<Item = (u32, &'a ServerModel)>,
) -> Vec<Compared> {
    compare_lists(servers.into_iter().map(|(s, m)| (s, entries(group, m))))
}

/// [`compare`] over lists already taken out of their models (each server's model can only
/// be read on its own in the panel).
pub fn compare_lists(servers: impl IntoIterator<Item = (u32, Vec<Entry>)>) -> Vec<Compared> {
    let mut out: Vec<Compared> = Vec::new();
    let mut index = Index::default();
    for (server, list) in servers {
        for e in list {
            let at = index.find(&e).unwrap_or_else(|| {
                out.push(Compared {
                    holders: Vec::new(),
                    differs: false,
                });
                out.len() - 1
            });
            index.record(&e, at);
            let row = &mut out[at];
            // A server's list holds one entry per key; should it not, its first counts.
            if row.holders.iter().any(|(s, _)| *s == server) {
                continue;
            }
            if row.holders.first().is_some_and(|(_, f)| !f.same_terms(&e)) {
                row.differs = true;
            }
            row.holders.push((server, e));
        }
    }
    out
}

/// What makes the target's list equal to the source's.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub group: Group,
    /// The source's entries the target lacks.
    pub add: Vec<Entry>,
    /// The target's entries the source lacks.
    pub remove: Vec<Entry>,
    /// Held by both on other terms: (the target's, the source's).
    pub change: Vec<(Entry, Entry)>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty() && self.change.is_empty()
    }

    /// The calls, in the order to send them: the removal (with the entries whose terms
    /// change: the protocol does not say that `add` replaces a listed entry's terms, and
    /// the game's own /op and /ban leave a listed entry as it is), then one `add` carrying
    /// the new and the changed entries. At most two; none when the lists are already equal.
    pub fn actions(&self) -> Vec<Action> {
        let g = self.group;
        let mut out = Vec::new();
        if !self.remove.is_empty() || !self.change.is_empty() {
            let old = self.remove.iter().chain(self.change.iter().map(|(t, _)| t));
            out.push(Action::Remove(g, old.cloned().collect()));
        }
        if !self.add.is_empty() || !self.change.is_empty() {
            let add = self.add.iter().chain(self.change.iter().map(|(_, s)| s));
            out.push(Action::Add(g, add.cloned().collect()));
        }
        out
    }
}

/// What `group`'s list on `target` lacks, has in excess or holds on other terms, compared
/// with `source`'s.
pub fn equalize(group: Group, source: &ServerModel, target: &ServerModel) -> Diff {
    equalize_lists(group, entries(group, source), entries(group, target))
}

/// [`equalize`] over lists already taken out of their models.
pub fn equalize_lists(group: Group, source: Vec<Entry>, theirs: Vec<Entry>) -> Diff {
    let mut index = Index::default();
    for (i, e) in theirs.iter().enumerate() {
        index.record(e, i);
    }
    let mut matched = vec![false; theirs.len()];
    let mut diff = Diff {
        group,
        add: Vec::new(),
        remove: Vec::new(),
        change: Vec::new(),
    };
    for s in source {
        match index.find(&s) {
            Some(i) => {
                matched[i] = true;
                if !theirs[i].same_terms(&s) {
                    diff.change.push((theirs[i].clone(), s));
                }
            }
            None => diff.add.push(s),
        }
    }
    diff.remove = theirs
        .into_iter()
        .zip(matched)
        .filter(|(_, m)| !m)
        .map(|(e, _)| e)
        .collect();
    diff
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Operator, Player, UserBan};
    use serde_json::json;

    fn op(p: Player, level: i64) -> Operator {
        Operator {
            player: p,
            permission_level: Some(level),
            bypasses_player_limit: Some(false),
        }
    }

    const JEB: &str = "853c80ef-3c37-49fd-aa49-938b674adae6";

    #[test]
    fn the_union_says_who_holds_what_and_where_terms_differ() {
        let mut a = ServerModel::new();
        a.operators = vec![
            op(Player::with_id(JEB, "jeb_"), 4),
            op(Player::named("alex"), 2),
        ];
        let mut b = ServerModel::new();
        b.operators = vec![op(Player::named("JEB_"), 2)];
        let mut c = ServerModel::new();
        // By UUID only, and the same level as on `a`.
        c.operators = vec![op(
            Player {
                id: Some(JEB.into()),
                name: None,
            },
            4,
        )];
        let rows = compare(Group::Operators, [(1, &a), (2, &b), (3, &c)]);
        assert_eq!(rows.len(), 2, "{rows:#?}");
        assert_eq!(rows[0].label(), "jeb_");
        let holders: Vec<u32> = rows[0].holders.iter().map(|(s, _)| *s).collect();
        assert_eq!(holders, [1, 2, 3]);
        assert!(rows[0].differs, "level 4 on 1 and 3, 2 on 2");
        assert_eq!(rows[1].label(), "alex");
        assert!(rows[1].held_by(1).is_some() && rows[1].held_by(2).is_none());
        assert!(!rows[1].differs);
    }

    #[test]
    fn equalize_adds_removes_and_changes_exactly_what_differs() {
        let ban = |name: &str, reason: &str| UserBan {
            player: Player::named(name),
            reason: Some(reason.into()),
            ..UserBan::default()
        };
        let mut source = ServerModel::new();
        source.bans = vec![
            ban("griefer", "tnt"),
            ban("spammer", "chat"),
            ban("same", "x"),
        ];
        let mut target = ServerModel::new();
        target.bans = vec![
            ban("Spammer", "old"),
            ban("forgiven", "y"),
            ban("same", "x"),
        ];
        let d = equalize(Group::Bans, &source, &target);
        let labels = |es: &[Entry]| es.iter().map(|e| e.label().to_string()).collect::<Vec<_>>();
        assert_eq!(labels(&d.add), ["griefer"]);
        assert_eq!(labels(&d.remove), ["forgiven"]);
        assert_eq!(d.change.len(), 1);
        assert_eq!(d.change[0].1, Entry::Ban(ban("spammer", "chat")));
        let calls: Vec<_> = d.actions().iter().map(Action::call).collect();
        assert_eq!(calls[0].method, "minecraft:bans/remove");
        // The changed entry goes first, so its new terms are not left to `add`.
        assert_eq!(
            calls[0].param,
            Some(json!([{"name": "forgiven"}, {"name": "Spammer"}]))
        );
        assert_eq!(calls[1].method, "minecraft:bans/add");
        assert_eq!(
            calls[1].param,
            Some(json!([
                {"player": {"name": "griefer"}, "reason": "tnt"},
                {"player": {"name": "spammer"}, "reason": "chat"},
            ]))
        );
        // Applying the diff to the target's model gives the source's list.
        for a in d.actions() {
            let c = a.call();
            let mut after = target.bans.clone();
            let items = c.param.unwrap();
            for item in items.as_array().unwrap() {
                match &a {
                    Action::Remove(..) => {
                        after.retain(|b| b.player.name.as_deref() != item["name"].as_str())
                    }
                    _ => {
                        let name = item["player"]["name"].as_str().unwrap();
                        after.retain(|b| {
                            !b.player.name.as_deref().unwrap().eq_ignore_ascii_case(name)
                        });
                        after.push(ban(name, item["reason"].as_str().unwrap()));
                    }
                }
            }
            target.bans = after;
        }
        assert!(equalize(Group::Bans, &source, &target).is_empty());
    }

    #[test]
    fn a_player_listed_by_uuid_on_the_target_is_not_removed() {
        let mut source = ServerModel::new();
        source.allowlist = vec![Player::with_id(JEB, "jeb_")];
        let mut target = ServerModel::new();
        target.allowlist = vec![Player {
            id: Some(JEB.into()),
            name: None,
        }];
        let d = equalize(Group::Allowlist, &source, &target);
        assert!(d.is_empty(), "{d:?}");
        assert!(d.actions().is_empty());
    }

    #[test]
    fn ip_bans_match_by_address_ignoring_case() {
        let ipban = |ip: &str| crate::types::IpBan {
            ip: ip.into(),
            ..Default::default()
        };
        let mut source = ServerModel::new();
        source.ip_bans = vec![ipban("2001:DB8::1")];
        let mut target = ServerModel::new();
        target.ip_bans = vec![ipban("2001:db8::1"), ipban("203.0.113.7")];
        let d = equalize(Group::IpBans, &source, &target);
        assert!(d.add.is_empty() && d.change.is_empty());
        let calls: Vec<_> = d.actions().iter().map(Action::call).collect();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].param, Some(json!(["203.0.113.7"])));
    }
}
