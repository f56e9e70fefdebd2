//! Game rules sorted into groups a person looks for (players, mobs, world, drops, chat and
//! commands), from their keys: registry ids in 2.0.0+ (`minecraft:keep_inventory`),
//! camelCase in 1.x (`keepInventory`). A rule no word places is a world rule.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RuleGroup {
    Players,
    Mobs,
    World,
    Drops,
    Chat,
}

impl RuleGroup {
    pub const ALL: [RuleGroup; 5] = [
        RuleGroup::Players,
        RuleGroup::Mobs,
        RuleGroup::World,
        RuleGroup::Drops,
        RuleGroup::Chat,
    ];
}

/// The key without namespace, separators or case: `keepinventory` for both spellings.
fn plain(key: &str) -> String {
    let name = key.rsplit(':').next().unwrap_or(key);
    name.chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

pub fn group_of(key: &str) -> RuleGroup {
    let k = plain(key);
    let has = |words: &[&str]| words.iter().any(|w| k.contains(w));
    if has(&["drop", "loot"]) {
        RuleGroup::Drops
    } else if has(&[
        "command",
        "feedback",
        "message",
        "announce",
        "debug",
        "logadmin",
        "modification",
    ]) {
        RuleGroup::Chat
    } else if has(&[
        "respawn",
        "spawnradius",
        "player",
        "pvp",
        "damage",
        "inventory",
        "regeneration",
        "sleeping",
        "elytra",
        "pearl",
        "spectator",
        "locator",
        "crafting",
        "portal",
    ]) {
        RuleGroup::Players
    } else if has(&[
        "mob", "spawn", "raid", "patrol", "phantom", "insomnia", "trader", "warden", "anger",
        "forgive", "cramming", "monster",
    ]) {
        RuleGroup::Mobs
    } else {
        RuleGroup::World
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_land_in_the_same_group() {
        for (modern, legacy, group) in [
            (
                "minecraft:keep_inventory",
                "keepInventory",
                RuleGroup::Players,
            ),
            (
                "minecraft:respawn_radius",
                "spawnRadius",
                RuleGroup::Players,
            ),
            ("minecraft:spawn_monsters", "spawnMonsters", RuleGroup::Mobs),
            ("minecraft:raids", "disableRaids", RuleGroup::Mobs),
            ("minecraft:block_drops", "doTileDrops", RuleGroup::Drops),
            ("minecraft:mob_drops", "doMobLoot", RuleGroup::Drops),
            (
                "minecraft:send_command_feedback",
                "sendCommandFeedback",
                RuleGroup::Chat,
            ),
            (
                "minecraft:show_advancement_messages",
                "announceAdvancements",
                RuleGroup::Chat,
            ),
            (
                "minecraft:advance_time",
                "doDaylightCycle",
                RuleGroup::World,
            ),
            (
                "minecraft:random_tick_speed",
                "randomTickSpeed",
                RuleGroup::World,
            ),
        ] {
            assert_eq!((modern, group_of(modern)), (modern, group));
            assert_eq!((legacy, group_of(legacy)), (legacy, group));
        }
        assert_eq!(group_of("minecraft:pvp"), RuleGroup::Players);
        assert_eq!(
            group_of("minecraft:max_block_modifications"),
            RuleGroup::Chat
        );
        assert_eq!(group_of("someothermod:brand_new_rule"), RuleGroup::World);
    }
}
