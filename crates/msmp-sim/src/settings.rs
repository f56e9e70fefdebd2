//! The 20 server settings with server.properties defaults, read and written through
//! `serversettings/<key>` and `/set`.

use msmp::catalog::{Component, Schema, Setting, SETTINGS};
use msmp::types::{Difficulty, GameType};
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Indexed like `catalog::SETTINGS`.
    values: Vec<Value>,
}

fn default_of(key: &str) -> Value {
    match key {
        "autosave" => json!(true),
        "difficulty" => json!("easy"),
        "enforce_allowlist" | "use_allowlist" => json!(false),
        "max_players" => json!(20),
        "pause_when_empty_seconds" => json!(60),
        "player_idle_timeout" => json!(0),
        "allow_flight" => json!(false),
        "motd" => json!("A Minecraft Server"),
        "spawn_protection_radius" => json!(16),
        "force_game_mode" => json!(false),
        "game_mode" => json!("survival"),
        "view_distance" | "simulation_distance" => json!(10),
        "accept_transfers" => json!(false),
        "status_heartbeat_interval" => json!(0),
        "operator_user_permission_level" => json!(4),
        "hide_online_players" => json!(false),
        "status_replies" => json!(true),
        "entity_broadcast_range" => json!(100),
        _ => Value::Null,
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            values: SETTINGS.iter().map(|s| default_of(s.key)).collect(),
        }
    }
}

fn index(key: &str) -> Option<usize> {
    SETTINGS.iter().position(|s| s.key == key)
}

/// Checks a value against the setting's schema, with the real codecs' wording.
pub fn validate(s: &Setting, v: &Value) -> Result<Value, String> {
    match s.schema {
        Schema::Bool => v
            .as_bool()
            .map(Value::Bool)
            .ok_or_else(|| format!("Not a boolean: {v}")),
        // The real server reads this one as a permission level (0-4), not any int.
        Schema::Int if s.key == "operator_user_permission_level" => match v.as_i64() {
            Some(n) if (0..=4).contains(&n) => Ok(json!(n)),
            _ => Err(format!("Not a valid permission level: {v}")),
        },
        Schema::Int => match v.as_i64() {
            Some(n) if i32::try_from(n).is_ok() => Ok(json!(n)),
            _ => Err(format!("Not a number: {v}")),
        },
        Schema::Str => v
            .as_str()
            .map(|t| json!(t))
            .ok_or_else(|| format!("Not a string: {v}")),
        Schema::Ref(Component::Difficulty) => enum_value(v, Difficulty::KNOWN),
        Schema::Ref(Component::GameType) => enum_value(v, GameType::KNOWN),
        _ => Ok(v.clone()),
    }
}

fn enum_value(v: &Value, known: &[&str]) -> Result<Value, String> {
    match v.as_str() {
        Some(t) if known.contains(&t) => Ok(json!(t)),
        Some(t) => Err(format!("Unknown element name:{t}")),
        None => Err(format!("Not a string: {v}")),
    }
}

impl Settings {
    pub fn get(&self, key: &str) -> Value {
        index(key).map_or(Value::Null, |i| self.values[i].clone())
    }

    pub fn bool(&self, key: &str) -> bool {
        self.get(key).as_bool().unwrap_or(false)
    }

    pub fn int(&self, key: &str) -> i64 {
        self.get(key).as_i64().unwrap_or(0)
    }

    /// Stores an already validated value; returns whether it changed.
    pub fn set(&mut self, key: &str, v: Value) -> bool {
        let Some(i) = index(key) else { return false };
        let changed = self.values[i] != v;
        self.values[i] = v;
        changed
    }

    pub fn to_json(&self) -> Map<String, Value> {
        SETTINGS
            .iter()
            .zip(&self.values)
            .map(|(s, v)| (s.key.to_string(), v.clone()))
            .collect()
    }

    /// Reads what [`to_json`](Self::to_json) wrote; invalid entries keep their default.
    pub fn load(&mut self, m: &Map<String, Value>) {
        for (i, s) in SETTINGS.iter().enumerate() {
            if let Some(v) = m.get(s.key).and_then(|v| validate(s, v).ok()) {
                self.values[i] = v;
            }
        }
    }
}
