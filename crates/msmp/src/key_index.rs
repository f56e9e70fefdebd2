//! Which keys a list may hold, so adding an entry that is new to it (a join, a new ban)
//! costs a lookup instead of comparing it with each of 10,000 entries.
//!
//! The set may hold keys of entries that are gone (false positives: the caller then scans
//! the list as before), never miss a key of an entry that is there: every entry that enters
//! a list has its keys recorded, and a list replaced wholesale clears the set.

use crate::types::{IpBan, Operator, Player, UserBan};
use std::collections::BTreeSet;

/// The keys under which an entry can match another one of its list (see `model::upsert`).
pub(crate) trait Keyed {
    fn keys(&self) -> [Option<String>; 2];
}

impl Keyed for Player {
    /// By id (a renamed player is the same profile), and by name-else-id, lower-cased as
    /// the comparisons are case-insensitive; prefixed so an id never meets a name.
    fn keys(&self) -> [Option<String>; 2] {
        let lower = |tag: &str, s: &str| {
            let mut key = String::with_capacity(tag.len() + s.len());
            key.push_str(tag);
            key.extend(s.chars().map(|c| c.to_ascii_lowercase()));
            key
        };
        [
            self.id.as_deref().map(|id| lower("i:", id)),
            Some(lower(
                "k:",
                self.name.as_deref().or(self.id.as_deref()).unwrap_or(""),
            )),
        ]
    }
}

impl Keyed for UserBan {
    fn keys(&self) -> [Option<String>; 2] {
        self.player.keys()
    }
}

impl Keyed for Operator {
    fn keys(&self) -> [Option<String>; 2] {
        self.player.keys()
    }
}

impl Keyed for IpBan {
    fn keys(&self) -> [Option<String>; 2] {
        [Some(self.ip.to_ascii_lowercase()), None]
    }
}

/// Built from its list on first use, then kept current by [`KeyIndex::admit`].
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyIndex(Option<BTreeSet<String>>);

/// Bookkeeping, not state: two models with the same data are equal whatever they indexed.
impl PartialEq for KeyIndex {
    fn eq(&self, _: &KeyIndex) -> bool {
        true
    }
}

impl KeyIndex {
    /// Forgets everything: the list was replaced.
    pub fn clear(&mut self) {
        self.0 = None;
    }

    /// Records `item`'s keys, which the caller is about to put into `list`; true when no
    /// entry of `list` can match it, so it can be appended without a scan.
    pub fn admit<T: Keyed>(&mut self, list: &[T], item: &T) -> bool {
        // Rebuilt when removals have left it mostly keys of entries that are gone.
        let stale = |set: &BTreeSet<String>| set.len() > 4 * list.len() + 64;
        let set = match &mut self.0 {
            Some(set) if !stale(set) => set,
            slot => {
                let set = slot.insert(BTreeSet::new());
                for x in list {
                    record(set, x.keys());
                }
                set
            }
        };
        record(set, item.keys())
    }
}

/// Adds `keys` to `set`; true when none was there.
fn record(set: &mut BTreeSet<String>, keys: [Option<String>; 2]) -> bool {
    let mut new = true;
    for key in keys.into_iter().flatten() {
        new &= set.insert(key);
    }
    new
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_admitted_once_and_known_keys_are_not() {
        let mut list = vec![Player::with_id("id-1", "Jeb_")];
        let mut index = KeyIndex::default();
        let steve = Player::named("Steve");
        assert!(index.admit(&list, &steve));
        list.push(steve.clone());
        assert!(!index.admit(&list, &steve));
        // Case-insensitive, by name and by id.
        assert!(!index.admit(&list, &Player::named("JEB_")));
        assert!(!index.admit(&list, &Player::with_id("ID-1", "renamed")));
        // An id-only entry meets a name-only one with that text (the list's key rule).
        let id_only = Player {
            id: Some("STEVE".into()),
            name: None,
        };
        assert!(!index.admit(&list, &id_only));
        assert!(index.admit(&list, &Player::with_id("id-2", "Alex")));
    }

    #[test]
    fn a_cleared_index_is_rebuilt_from_the_list() {
        let mut index = KeyIndex::default();
        assert!(index.admit(&[], &Player::named("Steve")));
        index.clear();
        assert!(index.admit(&[], &Player::named("Steve")));
        index.clear();
        assert!(!index.admit(&[Player::named("Alex")], &Player::named("alex")));
    }
}
