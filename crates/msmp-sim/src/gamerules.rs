//! A realistic set of real Minecraft game rules. Protocol 1.x names them with the old
//! camelCase keys and string values; 2.0.0+ with registry ids and typed values. The complete
//! lists of 1.21.10 and 1.21.11, with their sources, are in `GAMERULES.md` beside this crate.

use msmp::catalog::ProtocolVersion;
use msmp::types::{GameRuleType, GameRuleValue, TypedGameRule};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleValue {
    Bool(bool),
    Int(i64),
}

impl RuleValue {
    fn kind(self) -> GameRuleType {
        match self {
            RuleValue::Bool(_) => GameRuleType::Boolean,
            RuleValue::Int(_) => GameRuleType::Integer,
        }
    }

    pub fn to_json(self) -> Value {
        match self {
            RuleValue::Bool(b) => Value::Bool(b),
            RuleValue::Int(i) => Value::from(i),
        }
    }

    pub fn from_json(v: &Value) -> Option<RuleValue> {
        match v {
            Value::Bool(b) => Some(RuleValue::Bool(*b)),
            Value::Number(n) => n.as_i64().map(RuleValue::Int),
            _ => None,
        }
    }
}

/// 1.21.9 and 1.21.10 (protocol 1.x): every rule of a normal world (`minecartMaxSpeed` needs
/// an experiment), camelCase keys, defaults from the decompiled 1.21.10 `GameRules`
/// (GAMERULES.md, section 1). Integer rules are unbounded.
const RULES_1X: &[(&str, RuleValue)] = {
    use RuleValue::{Bool as B, Int as I};
    &[
        ("allowEnteringNetherUsingPortals", B(true)),
        ("allowFireTicksAwayFromPlayer", B(false)),
        ("announceAdvancements", B(true)),
        ("blockExplosionDropDecay", B(true)),
        ("commandBlockOutput", B(true)),
        ("commandBlocksEnabled", B(true)),
        ("commandModificationBlockLimit", I(32768)),
        ("disableElytraMovementCheck", B(false)),
        ("disablePlayerMovementCheck", B(false)),
        ("disableRaids", B(false)),
        ("doDaylightCycle", B(true)),
        ("doEntityDrops", B(true)),
        ("doFireTick", B(true)),
        ("doImmediateRespawn", B(false)),
        ("doInsomnia", B(true)),
        ("doLimitedCrafting", B(false)),
        ("doMobLoot", B(true)),
        ("doMobSpawning", B(true)),
        ("doPatrolSpawning", B(true)),
        ("doTileDrops", B(true)),
        ("doTraderSpawning", B(true)),
        ("doVinesSpread", B(true)),
        ("doWardenSpawning", B(true)),
        ("doWeatherCycle", B(true)),
        ("drowningDamage", B(true)),
        ("enderPearlsVanishOnDeath", B(true)),
        ("fallDamage", B(true)),
        ("fireDamage", B(true)),
        ("forgiveDeadPlayers", B(true)),
        ("freezeDamage", B(true)),
        ("globalSoundEvents", B(true)),
        ("keepInventory", B(false)),
        ("lavaSourceConversion", B(false)),
        ("locatorBar", B(true)),
        ("logAdminCommands", B(true)),
        ("maxCommandChainLength", I(65536)),
        ("maxCommandForkCount", I(65536)),
        ("maxEntityCramming", I(24)),
        ("mobExplosionDropDecay", B(true)),
        ("mobGriefing", B(true)),
        ("naturalRegeneration", B(true)),
        ("playersNetherPortalCreativeDelay", I(0)),
        ("playersNetherPortalDefaultDelay", I(80)),
        ("playersSleepingPercentage", I(100)),
        ("projectilesCanBreakBlocks", B(true)),
        ("pvp", B(true)),
        ("randomTickSpeed", I(3)),
        ("reducedDebugInfo", B(false)),
        ("sendCommandFeedback", B(true)),
        ("showDeathMessages", B(true)),
        ("snowAccumulationHeight", I(1)),
        ("spawnMonsters", B(true)),
        ("spawnRadius", I(10)),
        ("spawnerBlocksEnabled", B(true)),
        ("spectatorsGenerateChunks", B(true)),
        ("tntExplodes", B(true)),
        ("tntExplosionDropDecay", B(false)),
        ("universalAnger", B(false)),
        ("waterSourceConversion", B(true)),
    ]
};

/// 1.21.11 on (protocol 2.0.0+): the `minecraft:game_rule` registry (59 ids; `max_minecart_speed`
/// needs an experiment), defaults from the decompiled 1.21.11 `GameRules`, the id list checked
/// against mcmeta's registry (GAMERULES.md, section 2); limits in
/// `msmp::catalog::game_rule_bounds`.
const RULES_2X: &[(&str, RuleValue)] = {
    use RuleValue::{Bool as B, Int as I};
    &[
        ("minecraft:advance_time", B(true)),
        ("minecraft:advance_weather", B(true)),
        ("minecraft:allow_entering_nether_using_portals", B(true)),
        ("minecraft:block_drops", B(true)),
        ("minecraft:block_explosion_drop_decay", B(true)),
        ("minecraft:command_block_output", B(true)),
        ("minecraft:command_blocks_work", B(true)),
        ("minecraft:drowning_damage", B(true)),
        ("minecraft:elytra_movement_check", B(true)),
        ("minecraft:ender_pearls_vanish_on_death", B(true)),
        ("minecraft:entity_drops", B(true)),
        ("minecraft:fall_damage", B(true)),
        ("minecraft:fire_damage", B(true)),
        ("minecraft:fire_spread_radius_around_player", I(128)),
        ("minecraft:forgive_dead_players", B(true)),
        ("minecraft:freeze_damage", B(true)),
        ("minecraft:global_sound_events", B(true)),
        ("minecraft:immediate_respawn", B(false)),
        ("minecraft:keep_inventory", B(false)),
        ("minecraft:lava_source_conversion", B(false)),
        ("minecraft:limited_crafting", B(false)),
        ("minecraft:locator_bar", B(true)),
        ("minecraft:log_admin_commands", B(true)),
        ("minecraft:max_block_modifications", I(32768)),
        ("minecraft:max_command_forks", I(65536)),
        ("minecraft:max_command_sequence_length", I(65536)),
        ("minecraft:max_entity_cramming", I(24)),
        ("minecraft:max_snow_accumulation_height", I(1)),
        ("minecraft:mob_drops", B(true)),
        ("minecraft:mob_explosion_drop_decay", B(true)),
        ("minecraft:mob_griefing", B(true)),
        ("minecraft:natural_health_regeneration", B(true)),
        ("minecraft:player_movement_check", B(true)),
        ("minecraft:players_nether_portal_creative_delay", I(0)),
        ("minecraft:players_nether_portal_default_delay", I(80)),
        ("minecraft:players_sleeping_percentage", I(100)),
        ("minecraft:projectiles_can_break_blocks", B(true)),
        ("minecraft:pvp", B(true)),
        ("minecraft:raids", B(true)),
        ("minecraft:random_tick_speed", I(3)),
        ("minecraft:reduced_debug_info", B(false)),
        ("minecraft:respawn_radius", I(10)),
        ("minecraft:send_command_feedback", B(true)),
        ("minecraft:show_advancement_messages", B(true)),
        ("minecraft:show_death_messages", B(true)),
        ("minecraft:spawn_mobs", B(true)),
        ("minecraft:spawn_monsters", B(true)),
        ("minecraft:spawn_patrols", B(true)),
        ("minecraft:spawn_phantoms", B(true)),
        ("minecraft:spawn_wandering_traders", B(true)),
        ("minecraft:spawn_wardens", B(true)),
        ("minecraft:spawner_blocks_work", B(true)),
        ("minecraft:spectators_generate_chunks", B(true)),
        ("minecraft:spread_vines", B(true)),
        ("minecraft:tnt_explodes", B(true)),
        ("minecraft:tnt_explosion_drop_decay", B(false)),
        ("minecraft:universal_anger", B(false)),
        ("minecraft:water_source_conversion", B(true)),
    ]
};

/// 1.21.10 key → 1.21.11 id, and whether the value flips (`disableRaids` → `raids`): the
/// game's own `GameRuleRegistryFix` (GAMERULES.md, section 3). A state file written under
/// one generation is read under the other through it; `doFireTick` and
/// `allowFireTicksAwayFromPlayer`, which merged into `fire_spread_radius_around_player`, are not.
const RENAMED: &[(&str, &str, bool)] = &[
    (
        "allowEnteringNetherUsingPortals",
        "minecraft:allow_entering_nether_using_portals",
        false,
    ),
    (
        "announceAdvancements",
        "minecraft:show_advancement_messages",
        false,
    ),
    (
        "blockExplosionDropDecay",
        "minecraft:block_explosion_drop_decay",
        false,
    ),
    (
        "commandBlockOutput",
        "minecraft:command_block_output",
        false,
    ),
    (
        "commandBlocksEnabled",
        "minecraft:command_blocks_work",
        false,
    ),
    (
        "commandModificationBlockLimit",
        "minecraft:max_block_modifications",
        false,
    ),
    (
        "disableElytraMovementCheck",
        "minecraft:elytra_movement_check",
        true,
    ),
    (
        "disablePlayerMovementCheck",
        "minecraft:player_movement_check",
        true,
    ),
    ("disableRaids", "minecraft:raids", true),
    ("doDaylightCycle", "minecraft:advance_time", false),
    ("doEntityDrops", "minecraft:entity_drops", false),
    ("doImmediateRespawn", "minecraft:immediate_respawn", false),
    ("doInsomnia", "minecraft:spawn_phantoms", false),
    ("doLimitedCrafting", "minecraft:limited_crafting", false),
    ("doMobLoot", "minecraft:mob_drops", false),
    ("doMobSpawning", "minecraft:spawn_mobs", false),
    ("doPatrolSpawning", "minecraft:spawn_patrols", false),
    ("doTileDrops", "minecraft:block_drops", false),
    (
        "doTraderSpawning",
        "minecraft:spawn_wandering_traders",
        false,
    ),
    ("doVinesSpread", "minecraft:spread_vines", false),
    ("doWardenSpawning", "minecraft:spawn_wardens", false),
    ("doWeatherCycle", "minecraft:advance_weather", false),
    ("drowningDamage", "minecraft:drowning_damage", false),
    (
        "enderPearlsVanishOnDeath",
        "minecraft:ender_pearls_vanish_on_death",
        false,
    ),
    ("fallDamage", "minecraft:fall_damage", false),
    ("fireDamage", "minecraft:fire_damage", false),
    (
        "forgiveDeadPlayers",
        "minecraft:forgive_dead_players",
        false,
    ),
    ("freezeDamage", "minecraft:freeze_damage", false),
    ("globalSoundEvents", "minecraft:global_sound_events", false),
    ("keepInventory", "minecraft:keep_inventory", false),
    (
        "lavaSourceConversion",
        "minecraft:lava_source_conversion",
        false,
    ),
    ("locatorBar", "minecraft:locator_bar", false),
    ("logAdminCommands", "minecraft:log_admin_commands", false),
    (
        "maxCommandChainLength",
        "minecraft:max_command_sequence_length",
        false,
    ),
    ("maxCommandForkCount", "minecraft:max_command_forks", false),
    ("maxEntityCramming", "minecraft:max_entity_cramming", false),
    (
        "mobExplosionDropDecay",
        "minecraft:mob_explosion_drop_decay",
        false,
    ),
    ("mobGriefing", "minecraft:mob_griefing", false),
    (
        "naturalRegeneration",
        "minecraft:natural_health_regeneration",
        false,
    ),
    (
        "playersNetherPortalCreativeDelay",
        "minecraft:players_nether_portal_creative_delay",
        false,
    ),
    (
        "playersNetherPortalDefaultDelay",
        "minecraft:players_nether_portal_default_delay",
        false,
    ),
    (
        "playersSleepingPercentage",
        "minecraft:players_sleeping_percentage",
        false,
    ),
    (
        "projectilesCanBreakBlocks",
        "minecraft:projectiles_can_break_blocks",
        false,
    ),
    ("pvp", "minecraft:pvp", false),
    ("randomTickSpeed", "minecraft:random_tick_speed", false),
    ("reducedDebugInfo", "minecraft:reduced_debug_info", false),
    (
        "sendCommandFeedback",
        "minecraft:send_command_feedback",
        false,
    ),
    ("showDeathMessages", "minecraft:show_death_messages", false),
    (
        "snowAccumulationHeight",
        "minecraft:max_snow_accumulation_height",
        false,
    ),
    ("spawnMonsters", "minecraft:spawn_monsters", false),
    ("spawnRadius", "minecraft:respawn_radius", false),
    (
        "spawnerBlocksEnabled",
        "minecraft:spawner_blocks_work",
        false,
    ),
    (
        "spectatorsGenerateChunks",
        "minecraft:spectators_generate_chunks",
        false,
    ),
    ("tntExplodes", "minecraft:tnt_explodes", false),
    (
        "tntExplosionDropDecay",
        "minecraft:tnt_explosion_drop_decay",
        false,
    ),
    ("universalAnger", "minecraft:universal_anger", false),
    (
        "waterSourceConversion",
        "minecraft:water_source_conversion",
        false,
    ),
];

/// The rules of `v`'s generation: keys and defaults.
pub fn table(v: ProtocolVersion) -> &'static [(&'static str, RuleValue)] {
    if v.typed_game_rules() {
        RULES_2X
    } else {
        RULES_1X
    }
}

/// The same rule under the other generation's name, and whether its value flips.
fn counterpart(key: &str) -> Option<(&'static str, bool)> {
    RENAMED.iter().find_map(|&(old, new, flip)| {
        if old == key {
            Some((new, flip))
        } else if new == key {
            Some((old, flip))
        } else {
            None
        }
    })
}

/// The inclusive range the real server allows for integer rule `i` in protocol `v`: the
/// limits of 1.21.11 on ([`msmp::catalog::game_rule_bounds`]); 1.x rules take any 32-bit
/// value (the decompiled 1.21.10 `GameRules`: `IntegerValue.create(default)`, unbounded).
pub fn bounds(v: ProtocolVersion, i: usize) -> (i64, i64) {
    if v.typed_game_rules() {
        msmp::catalog::game_rule_bounds(table(v)[i].0)
    } else {
        (i32::MIN.into(), i32::MAX.into())
    }
}

/// An integer value for rule `i`, refused outside [`bounds`] with the real codec's
/// (DataFixerUpper `intRange`) wording.
fn in_bounds(v: ProtocolVersion, i: usize, n: i64) -> Result<RuleValue, String> {
    let (min, max) = bounds(v, i);
    if (min..=max).contains(&n) {
        Ok(RuleValue::Int(n))
    } else {
        Err(format!("Value {n} outside of range [{min}:{max}]"))
    }
}

/// The current values, indexed like [`table`] of the server's protocol.
#[derive(Debug, Clone, PartialEq)]
pub struct GameRules {
    values: Vec<RuleValue>,
}

impl GameRules {
    /// Every rule of `v`'s generation at its default.
    pub fn new(v: ProtocolVersion) -> GameRules {
        GameRules {
            values: table(v).iter().map(|r| r.1).collect(),
        }
    }

    /// The rule's index for a key in `v`'s naming; 2.0.0+ ids may omit `minecraft:`.
    pub fn index(v: ProtocolVersion, key: &str) -> Option<usize> {
        let key = if v.typed_game_rules() {
            msmp::catalog::qualify(key)
        } else {
            key.into()
        };
        table(v).iter().position(|r| r.0 == key)
    }

    pub fn get(&self, i: usize) -> RuleValue {
        self.values[i]
    }

    /// Sets a value of the rule's own type; returns whether it changed.
    pub fn set(&mut self, i: usize, value: RuleValue) -> bool {
        let changed = self.values[i] != value;
        self.values[i] = value;
        changed
    }

    /// The rule as protocol `v` shows it.
    pub fn typed(&self, v: ProtocolVersion, i: usize) -> TypedGameRule {
        let value = self.values[i];
        let value_json = if v.typed_game_rules() {
            match value {
                RuleValue::Bool(b) => GameRuleValue::Bool(b),
                RuleValue::Int(n) => GameRuleValue::Int(n),
            }
        } else {
            GameRuleValue::Text(match value {
                RuleValue::Bool(b) => b.to_string(),
                RuleValue::Int(n) => n.to_string(),
            })
        };
        TypedGameRule {
            key: table(v)[i].0.to_string(),
            kind: value.kind(),
            value: value_json,
        }
    }

    pub fn all_typed(&self, v: ProtocolVersion) -> Vec<TypedGameRule> {
        (0..self.values.len()).map(|i| self.typed(v, i)).collect()
    }

    /// Key -> value in `v`'s naming, for the state file.
    pub fn to_json(&self, v: ProtocolVersion) -> serde_json::Map<String, Value> {
        let mut out = serde_json::Map::new();
        for (r, value) in table(v).iter().zip(&self.values) {
            out.insert(r.0.to_string(), value.to_json());
        }
        out
    }

    /// Reads what [`to_json`](Self::to_json) wrote under either generation (the other's
    /// names through [`RENAMED`]); unknown keys, wrong types and values out of bounds are
    /// skipped.
    pub fn load(&mut self, v: ProtocolVersion, m: &serde_json::Map<String, Value>) {
        for (i, r) in table(v).iter().enumerate() {
            let found = m.get(r.0).and_then(RuleValue::from_json).or_else(|| {
                let (other, flip) = counterpart(r.0)?;
                match RuleValue::from_json(m.get(other)?)? {
                    RuleValue::Bool(b) => Some(RuleValue::Bool(b != flip)),
                    n => Some(n),
                }
            });
            let Some(value) = found else { continue };
            let fits = match value {
                RuleValue::Int(n) => in_bounds(v, i, n).is_ok(),
                RuleValue::Bool(_) => true,
            };
            if value.kind() == r.1.kind() && fits {
                self.values[i] = value;
            }
        }
    }

    /// Parses the `value` of `gamerules/update` for rule `i` in protocol `v`.
    pub fn parse_update(
        v: ProtocolVersion,
        i: usize,
        value: &Value,
        stated: Option<&str>,
    ) -> Result<RuleValue, String> {
        let (key, default) = table(v)[i];
        let actual = default.kind();
        let mismatch = |stated: &str| {
            format!(
                "Stated type \"{stated}\" mismatches with actual type \"{}\" of gamerule \"{key}\"",
                actual.as_str()
            )
        };
        if let Some(s) = stated {
            if s != actual.as_str() {
                return Err(mismatch(s));
            }
        }
        if !v.typed_game_rules() {
            // 1.x: the value is a string, read by the rule's own parser.
            let Value::String(text) = value else {
                return Err(format!("Not a string: {value}"));
            };
            return match &actual {
                GameRuleType::Integer => text
                    .trim()
                    .parse::<i32>()
                    .map_err(|_| format!("Not a valid integer for gamerule \"{key}\": {text}"))
                    .and_then(|n| in_bounds(v, i, n.into())),
                _ => Ok(RuleValue::Bool(text.eq_ignore_ascii_case("true"))),
            };
        }
        match (&actual, value) {
            (GameRuleType::Boolean, Value::Bool(b)) => Ok(RuleValue::Bool(*b)),
            (GameRuleType::Integer, Value::Number(n)) => match n.as_i64() {
                Some(n) if i32::try_from(n).is_ok() => in_bounds(v, i, n),
                _ => Err(format!("Not a valid integer for gamerule \"{key}\": {n}")),
            },
            (_, Value::Bool(_)) => Err(mismatch("boolean")),
            (_, Value::Number(_)) => Err(mismatch("integer")),
            (_, other) => Err(format!(
                "Value of gamerule \"{key}\" must be a {}, got {other}",
                actual.as_str()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_and_values_follow_the_protocol_generation() {
        let (v1, v2) = (ProtocolVersion::V1_0_0, ProtocolVersion::V2_0_0);
        let old = GameRules::new(v1);
        let i = GameRules::index(v1, "doDaylightCycle").unwrap();
        assert_eq!(
            serde_json::to_value(old.typed(v1, i)).unwrap(),
            json!({"key":"doDaylightCycle","type":"boolean","value":"true"})
        );
        let new = GameRules::new(v2);
        let j = GameRules::index(v2, "advance_time").unwrap();
        assert_eq!(
            serde_json::to_value(new.typed(v2, j)).unwrap(),
            json!({"key":"minecraft:advance_time","type":"boolean","value":true})
        );
        assert_eq!(GameRules::index(v2, "doDaylightCycle"), None);
    }

    #[test]
    fn every_rule_of_each_generation_is_served() {
        // GAMERULES.md: 59 rules of 1.21.10 and 58 registry ids of 1.21.11 in a normal world
        // (the minecart speed rule of each needs an experiment).
        assert_eq!(
            GameRules::new(ProtocolVersion::V1_1_0)
                .all_typed(ProtocolVersion::V1_1_0)
                .len(),
            59
        );
        assert_eq!(
            GameRules::new(ProtocolVersion::V3_0_0)
                .all_typed(ProtocolVersion::V3_0_0)
                .len(),
            58
        );
        // Renamed rules keep their meaning, inverted ones flipped.
        for &(old, new, flip) in RENAMED {
            let a = table(ProtocolVersion::V1_1_0).iter().find(|r| r.0 == old);
            let b = table(ProtocolVersion::V3_0_0).iter().find(|r| r.0 == new);
            let (Some(a), Some(b)) = (a, b) else {
                panic!("{old} / {new} missing");
            };
            match (a.1, b.1) {
                (RuleValue::Bool(x), RuleValue::Bool(y)) => assert_eq!(x != flip, y, "{old}"),
                (RuleValue::Int(x), RuleValue::Int(y)) => assert_eq!(x, y, "{old}"),
                _ => panic!("{old} changes type"),
            }
        }
        // The 1.21.11 additions and the merge.
        assert!(
            GameRules::index(ProtocolVersion::V3_0_0, "fire_spread_radius_around_player").is_some()
        );
        assert!(GameRules::index(ProtocolVersion::V1_1_0, "doFireTick").is_some());
    }

    #[test]
    fn a_state_file_of_one_generation_is_read_by_the_other() {
        let (v1, v3) = (ProtocolVersion::V1_1_0, ProtocolVersion::V3_0_0);
        let mut old = GameRules::new(v1);
        old.set(
            GameRules::index(v1, "keepInventory").unwrap(),
            RuleValue::Bool(true),
        );
        old.set(
            GameRules::index(v1, "disableRaids").unwrap(),
            RuleValue::Bool(true),
        );
        let mut new = GameRules::new(v3);
        new.load(v3, &old.to_json(v1));
        let get = |key| new.get(GameRules::index(v3, key).unwrap());
        assert_eq!(get("keep_inventory"), RuleValue::Bool(true));
        assert_eq!(get("raids"), RuleValue::Bool(false), "inverted");
        assert_eq!(get("advance_time"), RuleValue::Bool(true));
    }

    #[test]
    fn integer_rules_keep_the_limits_of_their_version() {
        use serde_json::json;
        let v3 = ProtocolVersion::V3_0_0;
        let snow = GameRules::index(v3, "max_snow_accumulation_height").unwrap();
        assert_eq!(
            GameRules::parse_update(v3, snow, &json!(9), None),
            Err("Value 9 outside of range [0:8]".into())
        );
        assert_eq!(
            GameRules::parse_update(v3, snow, &json!(8), None),
            Ok(RuleValue::Int(8))
        );
        let tick = GameRules::index(v3, "minecraft:random_tick_speed").unwrap();
        assert!(GameRules::parse_update(v3, tick, &json!(-1), None).is_err());
        // 1.21.10 (1.x) rules take any 32-bit value.
        let v1 = ProtocolVersion::V1_1_0;
        let tick = GameRules::index(v1, "randomTickSpeed").unwrap();
        assert_eq!(
            GameRules::parse_update(v1, tick, &json!("-1"), None),
            Ok(RuleValue::Int(-1))
        );
    }

    #[test]
    fn type_mismatch_is_explained() {
        let i = GameRules::index(ProtocolVersion::V3_0_0, "minecraft:advance_time").unwrap();
        let e = GameRules::parse_update(ProtocolVersion::V3_0_0, i, &json!(5), None).unwrap_err();
        assert!(e.contains("mismatches with actual type \"boolean\""), "{e}");
        let j = GameRules::index(ProtocolVersion::V1_0_0, "randomTickSpeed").unwrap();
        assert_eq!(
            GameRules::parse_update(ProtocolVersion::V1_0_0, j, &json!("7"), None),
            Ok(RuleValue::Int(7))
        );
    }
}
