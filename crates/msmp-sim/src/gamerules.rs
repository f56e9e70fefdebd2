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

/// `(1.x key, 2.0.0+ registry id, default)`.
pub const RULES: &[(&str, &str, RuleValue)] = {
    use RuleValue::{Bool as B, Int as I};
    &[
        (
            "announceAdvancements",
            "minecraft:show_advancement_messages",
            B(true),
        ),
        (
            "commandBlockOutput",
            "minecraft:command_block_output",
            B(true),
        ),
        (
            "disableElytraMovementCheck",
            "minecraft:elytra_movement_check",
            B(true),
        ),
        ("doDaylightCycle", "minecraft:advance_time", B(true)),
        ("doEntityDrops", "minecraft:entity_drops", B(true)),
        (
            "doImmediateRespawn",
            "minecraft:immediate_respawn",
            B(false),
        ),
        ("doInsomnia", "minecraft:spawn_phantoms", B(true)),
        ("doLimitedCrafting", "minecraft:limited_crafting", B(false)),
        ("doMobLoot", "minecraft:mob_drops", B(true)),
        ("doMobSpawning", "minecraft:spawn_mobs", B(true)),
        ("doPatrolSpawning", "minecraft:spawn_patrols", B(true)),
        ("doTileDrops", "minecraft:block_drops", B(true)),
        (
            "doTraderSpawning",
            "minecraft:spawn_wandering_traders",
            B(true),
        ),
        ("doWardenSpawning", "minecraft:spawn_wardens", B(true)),
        ("doWeatherCycle", "minecraft:advance_weather", B(true)),
        ("drowningDamage", "minecraft:drowning_damage", B(true)),
        ("fallDamage", "minecraft:fall_damage", B(true)),
        ("fireDamage", "minecraft:fire_damage", B(true)),
        (
            "forgiveDeadPlayers",
            "minecraft:forgive_dead_players",
            B(true),
        ),
        ("freezeDamage", "minecraft:freeze_damage", B(true)),
        ("keepInventory", "minecraft:keep_inventory", B(false)),
        ("logAdminCommands", "minecraft:log_admin_commands", B(true)),
        (
            "maxCommandChainLength",
            "minecraft:max_command_sequence_length",
            I(65536),
        ),
        ("maxEntityCramming", "minecraft:max_entity_cramming", I(24)),
        ("mobGriefing", "minecraft:mob_griefing", B(true)),
        (
            "naturalRegeneration",
            "minecraft:natural_health_regeneration",
            B(true),
        ),
        (
            "playersSleepingPercentage",
            "minecraft:players_sleeping_percentage",
            I(100),
        ),
        ("pvp", "minecraft:pvp", B(true)),
        ("randomTickSpeed", "minecraft:random_tick_speed", I(3)),
        ("reducedDebugInfo", "minecraft:reduced_debug_info", B(false)),
        (
            "sendCommandFeedback",
            "minecraft:send_command_feedback",
            B(true),
        ),
        (
            "showDeathMessages",
            "minecraft:show_death_messages",
            B(true),
        ),
        (
            "snowAccumulationHeight",
            "minecraft:max_snow_accumulation_height",
            I(1),
        ),
        ("spawnRadius", "minecraft:respawn_radius", I(10)),
        (
            "spectatorsGenerateChunks",
            "minecraft:spectators_generate_chunks",
            B(true),
        ),
        ("universalAnger", "minecraft:universal_anger", B(false)),
    ]
};

/// The inclusive range the real server allows for integer rule `i` in protocol `v`: the
/// limits of 1.21.11 on ([`msmp::catalog::game_rule_bounds`]); 1.x rules take any 32-bit
/// value (the decompiled 1.21.10 `GameRules`: `IntegerValue.create(default)`, unbounded).
pub fn bounds(v: ProtocolVersion, i: usize) -> (i64, i64) {
    if v.typed_game_rules() {
        msmp::catalog::game_rule_bounds(RULES[i].1)
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

/// The current values, indexed like [`RULES`].
#[derive(Debug, Clone, PartialEq)]
pub struct GameRules {
    values: Vec<RuleValue>,
}

impl Default for GameRules {
    fn default() -> Self {
        GameRules {
            values: RULES.iter().map(|r| r.2).collect(),
        }
    }
}

impl GameRules {
    /// The rule's index for a key in `v`'s naming; 2.0.0+ ids may omit `minecraft:`.
    pub fn index(v: ProtocolVersion, key: &str) -> Option<usize> {
        if v.typed_game_rules() {
            let key = msmp::catalog::qualify(key);
            RULES.iter().position(|r| r.1 == key)
        } else {
            RULES.iter().position(|r| r.0 == key)
        }
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
        let (key, value_json) = if v.typed_game_rules() {
            let val = match value {
                RuleValue::Bool(b) => GameRuleValue::Bool(b),
                RuleValue::Int(n) => GameRuleValue::Int(n),
            };
            (RULES[i].1, val)
        } else {
            let text = match value {
                RuleValue::Bool(b) => b.to_string(),
                RuleValue::Int(n) => n.to_string(),
            };
            (RULES[i].0, GameRuleValue::Text(text))
        };
        TypedGameRule {
            key: key.to_string(),
            kind: value.kind(),
            value: value_json,
        }
    }

    pub fn all_typed(&self, v: ProtocolVersion) -> Vec<TypedGameRule> {
        (0..RULES.len()).map(|i| self.typed(v, i)).collect()
    }

    /// Registry id -> value, for the state file (the same in every protocol version).
    pub fn to_json(&self) -> serde_json::Map<String, Value> {
        RULES
            .iter()
            .zip(&self.values)
            .map(|(r, v)| (r.1.to_string(), v.to_json()))
            .collect()
    }

    /// Reads what [`to_json`](Self::to_json) wrote; unknown keys and wrong types are skipped.
    pub fn load(&mut self, m: &serde_json::Map<String, Value>) {
        for (i, r) in RULES.iter().enumerate() {
            if let Some(v) = m.get(r.1).and_then(RuleValue::from_json) {
                let fits = match v {
                    // Stored values are checked as the newest rules would be.
                    RuleValue::Int(n) => in_bounds(ProtocolVersion::V3_0_0, i, n).is_ok(),
                    RuleValue::Bool(_) => true,
                };
                if v.kind() == r.2.kind() && fits {
                    self.values[i] = v;
                }
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
        let (key, actual) = if v.typed_game_rules() {
            (RULES[i].1, RULES[i].2.kind())
        } else {
            (RULES[i].0, RULES[i].2.kind())
        };
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
        let r = GameRules::default();
        let i = GameRules::index(ProtocolVersion::V1_0_0, "doDaylightCycle").unwrap();
        let old = serde_json::to_value(r.typed(ProtocolVersion::V1_0_0, i)).unwrap();
        assert_eq!(
            old,
            json!({"key":"doDaylightCycle","type":"boolean","value":"true"})
        );
        let new = serde_json::to_value(r.typed(ProtocolVersion::V2_0_0, i)).unwrap();
        assert_eq!(
            new,
            json!({"key":"minecraft:advance_time","type":"boolean","value":true})
        );
        assert_eq!(
            GameRules::index(ProtocolVersion::V2_0_0, "advance_time"),
            Some(i)
        );
        assert_eq!(
            GameRules::index(ProtocolVersion::V2_0_0, "doDaylightCycle"),
            None
        );
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
