//! The profile directory: every player name the simulated server can resolve, the way the
//! real server resolves names through its profile cache and lookup service. Names not in
//! it are "unknown" and skipped by list methods.

use crate::rng::fnv1a;
use msmp::types::Player;
use serde::{Deserialize, Serialize};

/// A resolved profile: both fields are always known.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub name: String,
}

impl Profile {
    /// A profile whose id is derived from the name, so it is the same on every run.
    pub fn from_name(name: &str) -> Profile {
        Profile {
            id: stable_uuid(name),
            name: name.to_string(),
        }
    }

    pub fn player(&self) -> Player {
        Player::with_id(self.id.clone(), self.name.clone())
    }
}

/// Real accounts first (their real UUIDs), then invented ones. The invented ones are the
/// pool `--players N` and the activity stream bring online.
const REAL: &[(&str, &str)] = &[
    ("jeb_", "853c80ef-3c37-49fd-aa49-938b674adae6"),
    ("Notch", "069a79f4-44e9-4726-a5be-fca90e38aaf5"),
    ("Dinnerbone", "61699b2e-d327-4a01-9f1e-0ea8c3f06bc6"),
    ("Grumm", "e6b5c088-0680-44df-9e1b-9bf11792291b"),
];

pub const POOL: &[&str] = &[
    "Steve",
    "Alex",
    "Kiara_Builds",
    "redstone_rae",
    "MossyCobble",
    "Pixel_Pete",
    "LavaLarry",
    "CreeperKeeper",
    "Sn0wGolem",
    "EnderElla",
    "BirchBark",
    "QuartzQueen",
    "NetherNate",
    "DiamondDana",
    "TorchBearer",
    "AxolotlAmy",
    "GlowSquidGus",
    "CopperCal",
    "SculkSam",
    "AmethystAva",
    "BambooBen",
    "CherryChloe",
    "DeepslateDan",
    "FrogFinn",
];

/// A version-4-shaped UUID from a name's hash.
pub fn stable_uuid(name: &str) -> String {
    let lower = name.to_lowercase();
    let a = fnv1a(lower.as_bytes(), 0xcbf2_9ce4_8422_2325);
    let b = fnv1a(lower.as_bytes(), 0x6c62_272e_07bb_0142);
    let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFFF,
        b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

/// `8-4-4-4-12` hex digits, the form the real server's codec reads.
pub fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[derive(Debug, Clone, Default)]
pub struct Directory {
    profiles: Vec<Profile>,
    /// How many of `profiles` are the built-in seed (the rest are persisted additions).
    seeded: usize,
}

impl Directory {
    pub fn seeded() -> Directory {
        let mut profiles: Vec<Profile> = REAL
            .iter()
            .map(|(n, id)| Profile {
                id: id.to_string(),
                name: n.to_string(),
            })
            .collect();
        profiles.extend(POOL.iter().map(|n| Profile::from_name(n)));
        let seeded = profiles.len();
        Directory { profiles, seeded }
    }

    pub fn all(&self) -> &[Profile] {
        &self.profiles
    }

    /// Profiles added at run time (persisted with the state file).
    pub fn added(&self) -> &[Profile] {
        &self.profiles[self.seeded..]
    }

    pub fn by_name(&self, name: &str) -> Option<&Profile> {
        self.profiles
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    pub fn by_id(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.id.eq_ignore_ascii_case(id))
    }

    /// Like the real lookup: by id when one is given (no fallback to the name), else by
    /// name, case-insensitively.
    pub fn resolve(&self, p: &Player) -> Option<&Profile> {
        match (&p.id, &p.name) {
            (Some(id), _) => self.by_id(id),
            (None, Some(name)) => self.by_name(name),
            (None, None) => None,
        }
    }

    /// Adds a profile unless its name or id is taken; returns the one now in the directory.
    pub fn add(&mut self, p: Profile) -> Profile {
        if let Some(found) = self.by_name(&p.name).or_else(|| self.by_id(&p.id)) {
            return found.clone();
        }
        self.profiles.push(p.clone());
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_uuids_are_uuids_and_case_insensitive() {
        let a = stable_uuid("Steve");
        assert!(is_uuid(&a), "{a}");
        assert_eq!(a, stable_uuid("STEVE"));
        assert_ne!(a, stable_uuid("Alex"));
        assert!(!is_uuid("nope"));
    }

    #[test]
    fn resolves_by_id_first_then_name() {
        let d = Directory::seeded();
        assert_eq!(d.resolve(&Player::named("JEB_")).unwrap().name, "jeb_");
        let by_id = Player {
            id: Some("853C80EF-3c37-49fd-aa49-938b674adae6".into()),
            name: Some("Notch".into()),
        };
        assert_eq!(d.resolve(&by_id).unwrap().name, "jeb_");
        assert!(d.resolve(&Player::named("nobody_here")).is_none());
    }
}
